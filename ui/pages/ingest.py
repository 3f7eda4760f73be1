"""Ingest: upload documents (every kind `threadline ingest` reads), paste a text or give page and feed addresses;
then a per-file summary."""

from __future__ import annotations

import streamlit as st

from graph.counts import change_lines
from graph.errors import InvalidData
from loaders.ingest import IngestReport, ingest_documents
from loaders.readers import supported_kinds
from ui.components.ingest_input import (
    document_from_text,
    documents_from_addresses,
    documents_from_uploads,
    upload_types,
)
from ui.state import current_spec, get_store, refresh

store = get_store()
st.title("Ingest")
st.caption("Documents are read (a PDF page by page, an e-mail with its PDF and Word attachments; web pages are "
           "fetched by address and archived in the store folder), their entities "
           "and connections extracted with the sentence behind each, and written one transaction per article. "
           "The same text twice is one article: re-ingesting changes nothing. Every file is listed below with what "
           "happened to it; one that cannot be read never stops the others.")

upload_tab, paste_tab, web_tab = st.tabs(["Upload files", "Paste text", "Web pages"])
with upload_tab:
    uploads = st.file_uploader(f"Documents: {supported_kinds()}", type=upload_types(),
                               accept_multiple_files=True, key="in_files")
with paste_tab:
    pasted = st.text_area("Article text (the first line is the title unless you give one)", key="in_text",
                          height=220)
    title_col, outlet_col, date_col = st.columns(3)
    title = title_col.text_input("Title", key="in_title")
    outlet = outlet_col.text_input("Outlet", key="in_outlet")
    published = date_col.text_input("Published (YYYY-MM-DD)", key="in_date")
    url = st.text_input("Link (optional)", key="in_url")
with web_tab:
    addresses = st.text_area("Page addresses, one a line (http:// or https://)", key="in_urls", height=120,
                             help="Each page is fetched (20 s and 5 MB at most), its main text read, and its HTML "
                                  "archived in the store folder; an address already in the store is not fetched again.")
    feeds = st.text_area("Feed addresses (RSS or Atom), one a line: their new items' pages", key="in_feeds", height=68)

if st.button("Ingest", type="primary", key="in_go"):
    report = IngestReport()
    documents = documents_from_uploads(uploads or [], report)
    if (pasted or "").strip():
        try:
            documents.append(document_from_text(pasted, title, outlet, published, url))
        except InvalidData as exc:
            report.failed.append(("pasted text", str(exc)))
    notes: list[tuple[str, str]] = []
    if (addresses or "").strip() or (feeds or "").strip():
        with st.spinner("Fetching pages…"):
            fetched, notes = documents_from_addresses(store, current_spec(), addresses or "", feeds or "", report)
        documents += fetched
    st.session_state["in_notes"] = notes
    if not documents and report.ok and not report.unchanged:
        st.warning("Nothing to ingest: upload files or paste a text first.")
    else:
        bar = st.progress(0.0, text="Loading the extractor…")
        status: dict[str, str] = {}

        def progress(name: str, outcome: str) -> None:
            """Advance the bar as each document is written (or found already there)."""
            status[name] = outcome
            bar.progress(len(status) / max(1, len(documents)), text=f"{len(status)} of {len(documents)}: {outcome}")

        with st.spinner("Extracting entities and connections…"):
            before = store.stats()
            ingest_documents(store, documents, progress=progress, report=report)
            after = store.stats()
        bar.progress(1.0, text="Done")
        refresh()
        st.session_state["in_report"] = report
        st.session_state["in_counts"] = change_lines(before, after)

report: IngestReport | None = st.session_state.get("in_report")
if report is not None:
    (st.success if report.ok else st.warning)(". ".join([report.summary(), *st.session_state.get("in_counts", [])]))
    for name, note in st.session_state.get("in_notes", []):
        st.info(f"{name}: {note}")
    rows = [{"file": n, "result": result, "reason": r} for n, result, r in report.rows()]
    st.dataframe(rows, hide_index=True, width="stretch")
