"""Articles: every ingested article with its counts, and a reader for one of them."""

from __future__ import annotations

import streamlit as st

from ui.components.reader import show_reader
from ui.state import articles_index, current_spec, get_store
from ui.urlstate import incoming, publish_page

store = get_store()
spec = current_spec()
articles = articles_index(spec)
page_params = incoming("articles", ("read",))
if page_params and page_params["read"][0] in articles:
    st.session_state["ar_read"] = page_params["read"][0]

st.title("Articles")
if not articles:
    st.info("No article yet: add some on the Ingest page, or run `threadline ingest data/articles`.")
    st.stop()

rows = sorted(articles.values(), key=lambda a: (a.title or "").lower())
rows.sort(key=lambda a: a.published or "", reverse=True)  # newest first, then by title
total_entities = sum(a.entities for a in rows)
st.caption(f"{len(rows)} articles · {total_entities:,} entity mentions · {len({a.outlet for a in rows if a.outlet})} "
           "outlets")
st.dataframe(
    [{"title": a.title, "author": a.author or "", "outlet": a.outlet or "", "published": (a.published or "")[:10],
      "entities": a.entities,
      "source": a.source, "ingested": (a.ingested_at or "")[:19]} for a in rows],
    hide_index=True, width="stretch",
)
ids = [a.id for a in rows]
if st.session_state.get("ar_read") not in articles:
    st.session_state["ar_read"] = ids[0]
article_id = st.selectbox("Read", ids, key="ar_read", format_func=lambda i: articles[i].title or i)
show_reader(store, article_id, key="ar")
publish_page("articles", {"read": article_id})
