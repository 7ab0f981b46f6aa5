"""The shared Streamlit glue: charts drawn from a cached spec are the charts altair would draw."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

CHARTS = """
import altair as alt
import pandas as pd
import streamlit as st

import hamtrack_ui as ui

built = st.session_state.setdefault("built", [])


def line(frame: pd.DataFrame, *, colour: str) -> alt.Chart:
    built.append(colour)
    return alt.Chart(frame).mark_line(color=colour).encode(x="week:T", y="pain:Q")


frame = pd.DataFrame(
    {"week": pd.date_range("2026-01-05", periods=8, freq="W-MON"), "pain": range(8)}
)
key = st.session_state.get("key", 1)
st.altair_chart(line(frame, colour="#0072B2"), width="stretch")
ui.altair_chart(key, line, frame, colour="#0072B2")
"""


def test_cached_chart_sends_what_altair_chart_sends() -> None:
    at = AppTest.from_string(CHARTS).run()
    plain, cached = (chart.proto for chart in at.get("vega_lite_chart"))
    assert cached.spec == plain.spec
    assert [d.data.data for d in cached.datasets] == [d.data.data for d in plain.datasets]
    assert cached == plain


def test_cached_chart_is_built_again_only_when_its_key_changes() -> None:
    at = AppTest.from_string(CHARTS).run()
    at.run()
    # Each run builds the plain chart once; the cached one is built on the first run only.
    assert len(at.session_state["built"]) == 3
    at.session_state["key"] = 2
    at.run()
    assert len(at.session_state["built"]) == 5
