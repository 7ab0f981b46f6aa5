"""The shared Streamlit glue: cached reads follow the database's revision, and cached charts
are the charts altair would draw."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys

import pandas as pd
import pyarrow as pa
import pytest
from conftest import PROJECT, shown
from hypothesis import example, given
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from hamtrack import db as store
from hamtrack.models import CheckIn, Region
from hamtrack.return_to_sport import Leg, Measure, MeasureKind

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
    {
        "week": pd.date_range("2026-01-05", periods=8, freq="W-MON"),
        "pain": [st.session_state.get("first_pain", 0) + i for i in range(8)],
    }
)
key = st.session_state.get("key", 1)
st.altair_chart(line(frame, colour="#0072B2"), width="stretch")
ui.altair_chart(key, line, frame, colour="#0072B2")
"""


def drawn(proto) -> tuple[str, list[pd.DataFrame]]:
    """A chart as the browser gets it: its spec with datasets named by order, and their rows."""
    spec = proto.spec
    for number, dataset in enumerate(proto.datasets):
        spec = spec.replace(f'"{dataset.name}"', f'"dataset {number}"')
    frames = [pa.ipc.open_stream(d.data.data).read_all().to_pandas() for d in proto.datasets]
    return spec, frames


def same_chart(one, other) -> bool:
    (spec, frames), (other_spec, other_frames) = drawn(one), drawn(other)
    return (
        spec == other_spec
        and len(frames) == len(other_frames)
        and all(
            a.equals(b) and (a.dtypes == b.dtypes).all()
            for a, b in zip(frames, other_frames, strict=True)
        )
        and one.theme == other.theme
    )


def test_cached_chart_sends_what_altair_chart_sends() -> None:
    at = AppTest.from_string(CHARTS).run()
    plain, cached = (chart.proto for chart in at.get("vega_lite_chart"))
    spec, frames = drawn(cached)
    assert json.loads(spec)["data"] == {"name": "dataset 0"}
    assert str(frames[0]["week"].dtype).startswith("datetime64")  # dates stay dates
    assert same_chart(cached, plain)


def test_a_layered_chart_with_several_frames_is_drawn_the_same() -> None:
    at = AppTest.from_string(LAYERED).run()
    plain, cached = (chart.proto for chart in at.get("vega_lite_chart"))
    assert len(cached.datasets) == 2
    assert same_chart(cached, plain)


def test_cached_chart_is_built_again_only_when_its_data_changes() -> None:
    at = AppTest.from_string(CHARTS).run()
    at.run()
    # Each run builds the plain chart once; the cached one is built on the first run only.
    assert len(at.session_state["built"]) == 3
    at.session_state["key"] = 2  # a save elsewhere: new key, same data
    at.run()
    assert len(at.session_state["built"]) == 4
    at.session_state["key"] = 3
    at.session_state["first_pain"] = 1  # new key, new data
    at.run()
    assert len(at.session_state["built"]) == 6
    plain, cached = (chart.proto for chart in at.get("vega_lite_chart"))
    assert same_chart(cached, plain)


LAYERED = """
import altair as alt
import pandas as pd
import streamlit as st

import hamtrack_ui as ui


def layered(weeks: pd.DataFrame, zone: pd.DataFrame) -> alt.LayerChart:
    band = alt.Chart(zone).mark_rect(opacity=0.2).encode(y="low:Q", y2="high:Q")
    line = alt.Chart(weeks).mark_line().encode(x="week:T", y="pain:Q", tooltip=["note:N"])
    return alt.layer(band, line).properties(height=240)


weeks = pd.DataFrame(
    {
        "week": pd.date_range("2026-01-05", periods=4, freq="W-MON"),
        "pain": [3.5, None, 2.0, 1.0],
        "note": ["a", "b", None, "d"],
    }
)
zone = pd.DataFrame({"low": [7], "high": [10]})
st.altair_chart(layered(weeks, zone), width="stretch")
ui.altair_chart(1, layered, weeks, zone)
"""


MIXED = """
import altair as alt
import pandas as pd
import streamlit as st

import hamtrack_ui as ui


def bars(frame: pd.DataFrame) -> alt.Chart:
    return alt.Chart(frame).mark_bar().encode(x="label:N", y="count:Q")


# A column pyarrow cannot take as it is: Streamlit's own conversion fixes it, both ways.
frame = pd.DataFrame({"label": pd.Series([1, "two", 3.5], dtype=object), "count": [1, 2, 3]})
st.altair_chart(bars(frame), width="stretch")
ui.altair_chart(1, bars, frame)
"""


def test_a_frame_arrow_cannot_take_as_it_is_is_drawn_the_same() -> None:
    at = AppTest.from_string(MIXED).run()
    assert not at.exception
    plain, cached = (chart.proto for chart in at.get("vega_lite_chart"))
    assert same_chart(cached, plain)


READS = """
import datetime as dt

import streamlit as st

import hamtrack_ui as ui
from hamtrack import db as store

calls = st.session_state.setdefault("calls", [])


def busy_weeks(db, *, today):
    calls.append(today)
    return store.record_counts(db)["check_ins"]


db = ui.database()
st.session_state["seen"] = ui.cached_read(busy_weeks, db, today=dt.date(2026, 3, 2))
"""


def test_cached_read_reads_again_only_after_a_write(fresh_db) -> None:
    at = AppTest.from_string(READS).run()
    at.run()
    assert at.session_state["seen"] == 0
    assert len(at.session_state["calls"]) == 1
    store.add_check_in(
        fresh_db,
        CheckIn(
            day=dt.date(2026, 3, 1),
            time=dt.time(8, 0),
            pain={Region.LEFT_HAMSTRING: 2, Region.RIGHT_HAMSTRING: 0, Region.LOW_BACK: 1},
            stiffness=1,
        ),
    )
    at.run()
    assert at.session_state["seen"] == 1
    assert len(at.session_state["calls"]) == 2


READS_TABLES = """
import datetime as dt

import streamlit as st

import hamtrack_ui as ui
from hamtrack import db as store

calls = st.session_state.setdefault("calls", [])


def tests_saved(db):
    calls.append(1)
    return len(store.measures(db))


db = ui.database()
st.session_state["seen"] = ui.cached_read(tests_saved, db, tables=["measures"])
"""


def test_cached_read_of_named_tables_outlives_a_save_of_other_records(fresh_db) -> None:
    """A check-in does not make the tests on both legs be read again; a test saved does."""
    at = AppTest.from_string(READS_TABLES).run()
    store.add_check_in(
        fresh_db,
        CheckIn(
            day=dt.date(2026, 3, 1),
            time=dt.time(8, 0),
            pain={Region.LEFT_HAMSTRING: 2, Region.RIGHT_HAMSTRING: 0, Region.LOW_BACK: 1},
            stiffness=1,
        ),
    )
    at.run()
    assert (at.session_state["seen"], len(at.session_state["calls"])) == (0, 1)
    store.add_measures(
        fresh_db,
        [Measure(dt.date(2026, 3, 1), Leg.LEFT, MeasureKind.BRIDGE, 20, pain=0)],
        today=dt.date(2026, 3, 2),
    )
    at.run()
    assert (at.session_state["seen"], len(at.session_state["calls"])) == (1, 2)


def test_a_chart_laid_out_once_per_shape_is_the_chart_built_whole(fresh_db) -> None:
    """parts_spec keeps a layout's spec per shape and puts each call's rows into it: what it
    gives is exactly the spec of the chart built whole, for every Trends chart and range, and
    again for new rows in a shape already kept."""
    import hamtrack_ui as ui
    from hamtrack import charts, demo, trends_view

    today = dt.date(2026, 3, 4)
    store.store_bundle(fresh_db, demo.generate(weeks=60, seed=4, today=today), today=today)
    for weeks in trends_view.RANGES:
        view = trends_view.read_trends_view(fresh_db, today=today, weeks=weeks)
        cases = [
            charts.adherence_parts(view.adherence, pauses=view.pauses, span=view.span),
            charts.pain_parts(
                view.pain_weekly, view.pain_daily, pauses=view.pauses, span=view.span
            ),
            *(
                charts.volume_parts(view.volume, exercise=slug, span=view.span)
                for slug in dict.fromkeys(view.volume["exercise"])
            ),
        ]
        for parts in cases:
            assert ui.parts_spec(parts) == ui.vega_lite_spec(parts.chart())
    # The same shape with other rows: one week's count lowered (the axis's top stays).
    view = trends_view.read_trends_view(fresh_db, today=today, weeks=12)
    first = charts.adherence_parts(view.adherence, pauses=view.pauses, span=view.span)
    changed = view.adherence.copy()
    week = int(changed["session_days"].idxmax())
    changed.loc[week, "session_days"] -= 1
    changed.loc[week + 1 :, "habit_score"] += 1
    second = charts.adherence_parts(changed, pauses=view.pauses, span=view.span)
    assert second.shape == first.shape
    assert ui.parts_spec(second) == ui.vega_lite_spec(second.chart())
    assert ui.parts_spec(second) != ui.parts_spec(first)


def test_chart_fingerprint_follows_content_not_identity() -> None:
    import pandas as pd

    from hamtrack import memo

    def frame(**columns) -> pd.DataFrame:
        return pd.DataFrame(columns)

    same = memo.content_key((frame(a=[1, 2]), {"span": (dt.date(2026, 1, 5), None)}))
    assert same == memo.content_key((frame(a=[1, 2]), {"span": (dt.date(2026, 1, 5), None)}))
    assert same != memo.content_key((frame(a=[1, 3]), {"span": (dt.date(2026, 1, 5), None)}))
    assert same != memo.content_key((frame(b=[1, 2]), {"span": (dt.date(2026, 1, 5), None)}))
    assert same != memo.content_key((frame(a=[1.0, 2.0]), {"span": (dt.date(2026, 1, 5), None)}))
    assert same != memo.content_key((frame(a=[1, 2]), {"span": (dt.date(2026, 1, 6), None)}))


@pytest.mark.parametrize(
    ("fixed", "now"),
    [
        ("2026-03-04", dt.datetime(2026, 3, 4, 12, 0)),
        ("2026-03-04T08:30", dt.datetime(2026, 3, 4, 8, 30)),
        (" 2026-03-04T08:30:59 ", dt.datetime(2026, 3, 4, 8, 30)),
    ],
)
def test_the_pages_clock_is_fixed_by_hamtrack_today(monkeypatch, fixed, now) -> None:
    import hamtrack_ui as ui

    monkeypatch.setenv("HAMTRACK_TODAY", fixed)
    assert ui.now() == now
    assert ui.today() == now.date()


def test_without_hamtrack_today_the_pages_clock_is_the_machines(monkeypatch) -> None:
    import hamtrack_ui as ui

    monkeypatch.delenv("HAMTRACK_TODAY", raising=False)
    before = dt.datetime.now().replace(second=0, microsecond=0)
    assert before <= ui.now() <= dt.datetime.now()


def test_a_malformed_hamtrack_today_names_the_variable(monkeypatch) -> None:
    import hamtrack_ui as ui

    monkeypatch.setenv("HAMTRACK_TODAY", "next Tuesday")
    with pytest.raises(ValueError, match="HAMTRACK_TODAY='next Tuesday'"):
        ui.now()


def test_every_page_reads_today_from_the_one_clock() -> None:
    """No page asks the machine's clock itself, so a fixed HAMTRACK_TODAY reaches them all."""
    for page in sorted((PROJECT / "pages").glob("*.py")):
        text = page.read_text()
        assert "date.today()" not in text, page.name
        assert "datetime.now()" not in text, page.name


PAGES = sorted(str(page.relative_to(PROJECT)) for page in (PROJECT / "pages").glob("*.py"))


def test_listening_beyond_this_computer_is_said_on_every_page(open_app, fresh_db, monkeypatch):
    import hamtrack_ui as ui

    monkeypatch.setattr(ui, "listening_address", lambda: "0.0.0.0")
    monkeypatch.setenv("HAMTRACK_EXPOSURE_ANNOUNCED", "")  # restored after the test
    for page in [None, *PAGES]:
        at = open_app(page)
        assert not at.exception, page
        assert any("no password" in w.value for w in at.warning), page


def test_listening_on_this_computer_only_is_not_announced(open_app, fresh_db, monkeypatch):
    import hamtrack_ui as ui

    monkeypatch.setattr(ui, "listening_address", lambda: "127.0.0.1")
    at = open_app()
    assert not any("no password" in w.value for w in at.warning)


@given(st.text().filter(lambda text: "\u2060" not in text))
@example("![q](http://evil.example/qid.png) www.evil.example me@evil.example")
@example("<img src=x onerror=alert(1)> :red[x] $x$ **b** \\")
def test_plain_text_shows_every_character_as_typed(text: str) -> None:
    """`ui.plain` escapes every character Markdown could read as a sign, and only those."""
    import hamtrack_ui as ui

    escaped = ui.plain(text)
    assert shown(escaped) == text
    # No punctuation is left unescaped, so nothing can open an image, a link or a tag.
    literal = re.sub(r"\\[!-/:-@\[-`{-~]", "", escaped)
    assert not re.search(r"[!-/:-@\[-`{-~]", literal)
    # Nor does any address stay whole for GitHub-flavoured Markdown to turn into a link.
    assert not re.search(r"(?i)://|www\.|@(?!\u2060)", escaped.replace("\\", ""))


def _in_a_fresh_process(code: str) -> str:
    found = subprocess.run(
        [sys.executable, "-c", code],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return found.stdout.strip()


def test_the_first_page_loads_no_chart_library():
    """altair waits for the first chart: Home, the first page, draws none (pandas brings
    pyarrow with it, so that one loads anyway)."""
    loaded = _in_a_fresh_process(
        "import sys, hamtrack_ui\n"
        "print(sorted(m for m in ('altair', 'fontTools', 'fpdf') if m in sys.modules))"
    )
    assert loaded == "[]"


def test_what_the_other_pages_need_loads_once_in_the_background():
    loaded = _in_a_fresh_process(
        "import sys, threading, hamtrack_ui as ui\n"
        "ui.load_the_other_pages_in_background()\n"
        "ui.load_the_other_pages_in_background()\n"
        "warm = [t for t in threading.enumerate() if t.name == 'hamtrack-warm-up']\n"
        "print(len(warm))\n"
        "warm[0].join(60)\n"
        "print(all(m in sys.modules for m in ('altair', *ui.LOADED_AFTER_THE_FIRST_PAGE)))\n"
        "import gc\n"
        "print(gc.get_freeze_count() > 0)\n"
    )
    # What the imports made is then left out of the collection after every script run.
    assert loaded.splitlines() == ["1", "True", "True"]


def test_a_warm_up_done_at_start_is_not_done_again_after_the_first_page():
    """`hamtrack app` warms up as soon as the server accepts connections (`ui.warm_up`); the
    first page then starts no warm-up of its own to share the interpreter with a click."""
    loaded = _in_a_fresh_process(
        "import sys, threading, hamtrack_ui as ui\n"
        "ui.warm_up()\n"
        "print(all(m in sys.modules for m in ('altair', *ui.LOADED_AFTER_THE_FIRST_PAGE)))\n"
        "ui.load_the_other_pages_in_background()\n"
        "print([t.name for t in threading.enumerate() if t.name == 'hamtrack-warm-up'])\n"
    )
    assert loaded.splitlines() == ["True", "[]"]
