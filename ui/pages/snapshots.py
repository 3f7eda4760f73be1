"""Snapshots of the whole store: take one, compare one with the live store or with another, import one."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import streamlit as st

from graph.counts import change_lines
from graph.errors import ThreadlineError
from graph.snapshot import diff_snapshots, diff_text, import_snapshot, render_zip, snapshot_of_store
from graph.snapshot.export import render_snapshot
from ui.components.snapshot_upload import SNAPSHOT_TYPES, read_upload
from ui.state import get_store, refresh

store = get_store()
st.title("Snapshots")
st.caption("A snapshot is the graph as it stands, with its sources: hand it to an editor or a partner, compare it "
           "with last week's, or merge one in. The command line does the same: `threadline export`, "
           "`threadline diff`, `threadline import`.")

st.subheader("Take a snapshot")
stamp = f"{datetime.now(UTC):%Y%m%d-%H%M}"
left, right = st.columns(2)
left.download_button("Bundle (JSON, HTML view, fact-check sheet, manifest) as .zip",
                     data=lambda: render_zip(snapshot_of_store(store), "bundle"),
                     file_name=f"threadline-{stamp}.zip", on_click="ignore", key="snap_bundle", width="stretch")
right.download_button("Lossless JSON", data=lambda: render_snapshot(snapshot_of_store(store), "json"),
                      file_name=f"threadline-{stamp}.json", on_click="ignore", key="snap_json", width="stretch")

st.subheader("What changed?")
before_upload = st.file_uploader("Earlier snapshot", type=SNAPSHOT_TYPES, key="snap_before")
after_upload = st.file_uploader("Later snapshot (leave empty to compare with the live store)", type=SNAPSHOT_TYPES,
                                key="snap_after")
if before_upload is not None:
    try:
        before = read_upload(before_upload)
        if after_upload is not None:
            after, after_name = read_upload(after_upload), after_upload.name
        else:
            after, after_name = snapshot_of_store(store), f"the live store ({store.kind})"
    except ThreadlineError as exc:
        st.error(str(exc))
    else:
        diff = diff_snapshots(before, after, before_upload.name, after_name)
        counts = diff.to_json()["counts"]
        columns = st.columns(3)
        for column, part in zip(columns, ("entities", "connections", "articles"), strict=True):
            column.metric(part.capitalize(), " · ".join(f"{kind} {n}" for kind, n in counts[part].items()) or "same")
        if diff.empty:
            st.success("Nothing differs.")
        st.code(diff_text(diff), language=None)
        st.download_button("Diff as JSON", data=json.dumps(diff.to_json(), indent=2, ensure_ascii=False),
                           file_name="threadline-diff.json", on_click="ignore", key="snap_diff_json")

st.subheader("Import")
upload = st.file_uploader("Snapshot to merge into this store (same ids become the same nodes; evidence is "
                          "unioned)", type=SNAPSHOT_TYPES, key="snap_import")
if upload is not None and st.button("Import", key="snap_import_go", type="primary"):
    try:
        before = store.stats()
        report = import_snapshot(store, read_upload(upload))
        after = store.stats()
    except ThreadlineError as exc:
        st.error(str(exc))
    else:
        refresh()
        st.success(". ".join([f"Imported {upload.name}: {report.summary()}", *change_lines(before, after)]) + ".")
