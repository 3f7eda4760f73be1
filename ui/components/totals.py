"""The store's headline counts as metrics, in the same words and order as `threadline stats`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import streamlit as st

from graph.counts import TOTALS


def show_totals(numbers: Mapping[str, Any]) -> None:
    """One metric per headline count: articles, entities, facts, mentions."""
    for column, name in zip(st.columns(len(TOTALS)), TOTALS, strict=True):
        column.metric(name.capitalize(), f"{numbers[name]:,}")
