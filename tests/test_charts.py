"""Chart builders: what each chart encodes, and that it gets aggregated data, not raw rows."""

import datetime as dt
import json
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hamtrack import charts
from hamtrack.adherence import weekly_adherence
from hamtrack.models import Pause, PauseReason
from hamtrack.trends import (
    daily_points,
    exercise_volume,
    pauses_in,
    questionnaire_band,
    questionnaire_series,
    weekly_pain,
)
from tests.frames import daily, done, scores

D = dt.date
TODAY = D(2025, 3, 19)
PALETTE = {
    charts.BLUE,
    charts.SKY,
    charts.ORANGE,
    charts.VERMILLION,
    charts.GREEN,
    charts.GREY,
    charts.BLACK,
    charts.TARGET,
}


def spec(chart) -> dict:
    return chart.to_dict()


def layers(chart_spec: dict, data: dict | None = None, encoding: dict | None = None) -> list[dict]:
    """Every drawn layer, nested ones flattened, each with the dataset it draws from and the
    encodings it inherits from the layers around it (its own win, as in Vega-Lite)."""
    data = chart_spec.get("data", data)
    encoding = {**(encoding or {}), **chart_spec.get("encoding", {})}
    if "layer" not in chart_spec:
        return [{**chart_spec, "data": data, "encoding": encoding}]
    found = []
    for layer in chart_spec["layer"]:
        found += layers(layer, data, encoding)
    return found


def mark(layer: dict) -> str:
    m = layer["mark"]
    return m if isinstance(m, str) else m["type"]


def rows(chart_spec: dict, layer: dict) -> list[dict]:
    """The rows a layer draws: its dataset, through its filters."""
    found = chart_spec["datasets"][layer["data"]["name"]]
    for transform in layer.get("transform", []):
        test = transform["filter"]
        found = [r for r in found if eval(test, {}, {"datum": SimpleNamespace(**r)})]
    return found


def days_of(found: list[dict], field: str = "week_start") -> list[str]:
    return [r[field][:10] for r in found]


def the_layer(chart_spec: dict, kind: str, *, field: str | None = None) -> dict:
    found = [
        layer
        for layer in layers(chart_spec)
        if mark(layer) == kind
        and (field is None or layer["encoding"].get("y", {}).get("field") == field)
    ]
    assert len(found) == 1, f"expected one {kind} layer on {field}, found {len(found)}"
    return found[0]


def colours_of(chart_spec: dict) -> set[str]:
    found = set()
    for layer in layers(chart_spec):
        m = layer["mark"]
        if isinstance(m, dict) and "color" in m:
            found.add(m["color"])
        scale = layer["encoding"].get("color", {}).get("scale", {})
        found.update(scale.get("range", []))
    return found


LONG_END = D(2025, 4, 21)
"""The end of a seven-week span from 3 March."""


def adherence_frame() -> pd.DataFrame:
    sessions = pd.DataFrame(
        {"day": pd.to_datetime(["2025-03-03", "2025-03-05", "2025-03-07", "2025-03-18"])}
    )
    pauses = [Pause(D(2025, 3, 10), D(2025, 3, 16), PauseReason.ILLNESS)]
    return weekly_adherence(sessions, pauses, target=3, first_day=D(2025, 3, 3), today=TODAY)


def test_every_chart_stretches_to_its_container_with_legible_axes():
    chart = spec(charts.adherence_chart(adherence_frame()))
    assert chart["width"] == "container"
    assert chart["height"] == charts.HEIGHT
    assert chart["config"]["axis"]["labelFontSize"] >= 12
    assert chart["config"]["legend"]["orient"] == "bottom"
    assert chart["description"]


def test_the_adherence_chart_draws_one_bar_per_week_coloured_by_status_with_the_target():
    weekly = adherence_frame()
    pauses = pauses_in(
        [Pause(D(2025, 3, 10), D(2025, 3, 16), PauseReason.ILLNESS)],
        first=D(2025, 3, 3),
        last=TODAY,
    )
    # Seven weeks shown: past the short-history drawing.
    chart = spec(charts.adherence_chart(weekly, pauses=pauses, span=(D(2025, 3, 3), LONG_END)))
    bars = the_layer(chart, "bar")
    enc = bars["encoding"]
    assert (enc["x"]["field"], enc["x"]["type"], enc["x"]["title"]) == (
        "week_start",
        "temporal",
        "Week starting",
    )
    assert enc["x2"]["field"] == "week_end"
    assert (enc["y"]["field"], enc["y"]["title"]) == ("session_days", "Days with a session")
    assert enc["color"]["scale"]["domain"] == ["Target met", "This week so far", "Paused"]
    assert enc["color"]["scale"]["range"] == [charts.BLUE, charts.SKY, charts.GREY]
    assert {t["field"] for t in enc["tooltip"]} >= {"week_start", "session_days", "sessions_needed"}
    data = rows(chart, bars)
    assert [(r["week_start"][:10], r["session_days"], r["sessions_needed"]) for r in data] == [
        ("2025-03-03", 3, 3),
        ("2025-03-10", 0, 0),
        ("2025-03-17", 1, 3),
    ]
    # The ISO week is shown by formatting each week's Monday, not sent as a column.
    assert {"format": "%G-W%V", "field": "week_start"}.items() <= enc["tooltip"][0].items()
    target = the_layer(chart, "rule", field="sessions_needed")
    assert target["mark"]["strokeDash"]
    # A fully paused week has no target to draw.
    assert days_of(rows(chart, target)) == ["2025-03-03", "2025-03-17"]
    # The three layers of weeks share one dataset, sent once.
    assert len({layer["data"]["name"] for layer in layers(chart) if mark(layer) != "rect"}) == 1
    # A week without a session is marked on the floor, so it can be seen and pointed at.
    (floor,) = [
        layer
        for layer in layers(chart)
        if mark(layer) == "rule" and layer["encoding"]["y"] == {"datum": 0}
    ]
    assert days_of(rows(chart, floor)) == ["2025-03-10"]
    assert bars["encoding"]["y2"] == {"datum": 0}
    pause = the_layer(chart, "rect")
    assert rows(chart, pause)[0]["label"] == "Paused: Illness"
    assert colours_of(chart) <= PALETTE


def pain_frames():
    days = daily(
        ("2025-03-03", 4, 4.25, 3, 6),
        ("2025-03-05", 5, 5.0, 5, 5),
        ("2025-03-18", 2, 2.0, 1, 3),
    )
    return weekly_pain(days, first=D(2025, 3, 3), last=TODAY), daily_points(days)


def test_the_pain_chart_draws_weekly_means_bold_daily_points_faint_and_the_severe_zone():
    weekly, points = pain_frames()
    chart = spec(charts.pain_chart(weekly, points))
    line = the_layer(chart, "line")
    assert line["mark"]["strokeWidth"] >= 3
    assert line["encoding"]["y"]["title"] == "Pain (0–10)"
    assert line["encoding"]["y"]["scale"]["domain"] == [0, 10]
    assert line["encoding"]["x"]["field"] == "mid_week"
    means = [(r["week_start"][:10], r["pain_mean"]) for r in rows(chart, line)]
    # Rounded as shown; the empty week stays as a gap (no value), not a zero.
    assert means == [("2025-03-03", 4.6), ("2025-03-10", None), ("2025-03-17", 2.0)]
    dots = the_layer(chart, "circle")
    assert dots["mark"]["opacity"] < 0.6
    assert len(rows(chart, dots)) == 3
    severe = the_layer(chart, "rect")
    assert rows(chart, severe) == [{"low": 7, "high": 10, "zone": "Severe pain"}]
    assert severe["encoding"]["y2"]["field"] == "high"
    assert colours_of(chart) <= PALETTE


def test_a_span_sets_the_time_axis_to_the_weeks_shown():
    weekly, points = pain_frames()
    span = (D(2025, 3, 3), D(2025, 3, 24))
    chart = spec(charts.pain_chart(weekly, points, span=span))
    x = the_layer(chart, "line")["encoding"]["x"]
    assert x["scale"]["domain"] == ["2025-03-03T00:00:00", "2025-03-24T00:00:00"]
    bars = spec(charts.adherence_chart(adherence_frame(), span=(span[0], LONG_END)))
    assert the_layer(bars, "bar")["encoding"]["x"]["scale"]["domain"] == [
        "2025-03-03T00:00:00",
        f"{LONG_END.isoformat()}T00:00:00",
    ]


def test_without_daily_points_the_pain_chart_shows_each_weeks_range():
    weekly, _ = pain_frames()
    chart = spec(charts.pain_chart(weekly, None))
    band = the_layer(chart, "area")
    assert band["encoding"]["y"]["field"] == "pain_min"
    assert band["encoding"]["y2"]["field"] == "pain_max"
    assert len(rows(chart, band)) == 2  # only the weeks with pain logged
    assert not [layer for layer in layers(chart) if mark(layer) == "circle"]


def test_the_questionnaire_chart_shades_the_band_of_no_meaningful_change():
    series = questionnaire_series(scores(("2025-03-02", 40.0), ("2025-03-16", 28.0)))
    chart = spec(charts.questionnaire_chart(series, band=questionnaire_band(40.0), baseline=40.0))
    zone = the_layer(chart, "rect")
    assert rows(chart, zone)[0]["low"] == 30
    assert rows(chart, zone)[0]["high"] == 50
    assert the_layer(chart, "rule")["encoding"]["y"]["field"] == "baseline"
    line = the_layer(chart, "line")
    assert line["encoding"]["y"]["title"] == "Score (0–100, lower is better)"
    assert [(r["percent"], r["meaningful"]) for r in rows(chart, line)] == [
        (40.0, "Not yet"),
        (28.0, "Yes"),
    ]
    assert colours_of(chart) <= PALETTE


@pytest.mark.parametrize(
    ("exercise", "title"),
    [("bridge", "Reps in the week"), ("wall-stretch", "Seconds held in the week")],
)
def test_the_volume_chart_shows_one_exercises_weekly_amount_shaded_by_band(exercise, title):
    volume = exercise_volume(
        done(
            ("2025-03-03", "bridge", 3, 10, None, 1, 2),
            ("2025-03-10", "bridge", 3, 12, None, 2, 2),
            ("2025-03-05", "wall-stretch", 2, None, 45, 0, 1),
        )
    )
    chart = spec(charts.volume_chart(volume, exercise=exercise))
    bars = the_layer(chart, "bar")
    assert bars["encoding"]["y"]["title"] == title
    assert bars["encoding"]["y"]["field"] == "volume"
    data = rows(chart, bars)
    assert len(data) == len(volume[volume["exercise"] == exercise])
    if exercise == "bridge":
        assert [(r["volume"], r["band"]) for r in data] == [(30.0, "Extra light"), (36.0, "Light")]
        assert bars["encoding"]["color"]["scale"]["domain"] == ["Extra light", "Light"]
    else:
        # Never done with a band: no legend saying only "No band".
        assert bars["encoding"]["color"]["legend"] is None


def arrow_bytes(chart) -> int:
    """What Streamlit sends for a chart's data: each frame once, as Arrow."""
    frames = []

    def walk(node) -> None:
        if isinstance(getattr(node, "data", None), pd.DataFrame):
            frames.append(node.data)
        for child in getattr(node, "layer", None) or []:
            walk(child)

    walk(chart)
    return sum(_arrow_size(frame) for frame in frames)


def _arrow_size(frame: pd.DataFrame) -> int:
    table = pa.Table.from_pandas(frame)
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue().size


def test_ten_years_of_logs_send_weekly_rows_in_a_few_kilobytes():
    first = D(2015, 3, 2)
    days = [first + dt.timedelta(days=n) for n in range(0, 3650)]
    sessions = pd.DataFrame({"day": pd.to_datetime([d for d in days if d.weekday() in (0, 2, 4)])})
    weekly = weekly_adherence(sessions, [], target=3, first_day=first, today=days[-1])
    pain = daily(*[(str(d), 3, 3.0, 2, 4) for d in days])
    pain_weeks = weekly_pain(pain, first=first, last=days[-1])
    pain_chart = charts.pain_chart(pain_weeks, None)
    assert max(len(r) for r in spec(pain_chart)["datasets"].values()) <= 522
    bars = charts.adherence_chart(weekly)
    assert max(len(r) for r in spec(bars)["datasets"].values()) <= 522
    # Weekly rows, packed: tens of kilobytes for ten years, not the half megabyte of daily rows.
    assert arrow_bytes(bars) + arrow_bytes(pain_chart) < 60_000


# ---------------------------------------------------------------------------------------------
# Reading the charts: labels under their bars, legible text, short histories drawn as such.

DAY_MS = 24 * 3600 * 1000


def ms(value: str) -> float:
    return pd.Timestamp(value).timestamp() * 1000


def test_axis_text_is_large_and_its_colour_follows_the_theme():
    """Axis and legend text at 14 px; no colour in the spec (one colour cannot reach 4.5:1 on
    both themes): the page's style gives each theme its own, at AA contrast or better."""
    chart = spec(charts.adherence_chart(adherence_frame()))
    axis, legend = chart["config"]["axis"], chart["config"]["legend"]
    assert axis["labelFontSize"] >= 14
    assert axis["titleFontSize"] >= 14
    assert legend["labelFontSize"] >= 14
    assert "labelColor" not in axis
    assert "titleColor" not in axis
    assert "labelColor" not in legend
    assert f"light-dark({charts.LIGHT_TEXT}, {charts.DARK_TEXT})" in charts.CHART_TEXT_CSS
    assert contrast(charts.LIGHT_TEXT, WHITE) >= 4.5
    assert contrast(charts.DARK_TEXT, DARK) >= 4.5


def test_each_week_bar_is_centred_on_its_label():
    span = (D(2025, 3, 3), LONG_END)
    chart = spec(charts.adherence_chart(adherence_frame(), span=span))
    bars = the_layer(chart, "bar")
    axis = bars["encoding"]["x"]["axis"]
    ticks = [ms(v) for v in axis["values"]]
    centres = [(ms(r["week_start"]) + ms(r["week_end"])) / 2 for r in rows(chart, bars)]
    assert centres == ticks[: len(centres)]
    # Each tick sits at Thursday noon and is labelled with its Monday.
    assert ticks[0] == ms("2025-03-06T12:00")
    assert "datum.value - 302400000" in axis["labelExpr"]
    assert axis["labelFlush"] is False
    # Bars keep whole days apart: Monday noon to Sunday noon.
    first = rows(chart, bars)[0]
    assert (ms(first["week_end"]) - ms(first["week_start"])) / DAY_MS == 6


def test_the_axis_is_written_in_local_date_times_as_the_browser_reads_the_data():
    """A bare '2025-03-03' is read as UTC, the data as local time: west or east of Greenwich the
    bars would slide off their labels by the browser's offset."""
    chart = spec(charts.adherence_chart(adherence_frame(), span=(D(2025, 3, 3), LONG_END)))
    x = the_layer(chart, "bar")["encoding"]["x"]
    assert x["scale"]["domain"] == ["2025-03-03T00:00:00", f"{LONG_END.isoformat()}T00:00:00"]
    assert all("T" in value and not value.endswith("Z") for value in x["axis"]["values"])
    assert "utc" not in x["axis"]["labelExpr"]


def test_week_labels_carry_the_year_only_for_another_year():
    chart = spec(charts.adherence_chart(adherence_frame(), span=(D(2024, 12, 2), LONG_END)))
    expr = the_layer(chart, "bar")["encoding"]["x"]["axis"]["labelExpr"]
    assert "== 2025 ?" in expr
    assert "'%-d %b'" in expr
    assert "'%-d %b %Y'" in expr


def test_a_long_span_carries_at_most_a_readable_number_of_week_labels():
    values = charts.week_ticks((D(2015, 1, 5), D(2025, 1, 6)))
    assert len(values) <= charts.AXIS_LABELS_MAX + 1
    assert values[0] == "2015-01-08T12:00:00"


@pytest.mark.parametrize("weeks", [1, 3])
def test_a_short_history_draws_narrow_bars_with_their_numbers_in_words(weeks):
    """One week is not a wall-to-wall bar: a narrow bar with '1 of 3' and its status."""
    first = D(2025, 3, 17) - dt.timedelta(weeks=weeks - 1)
    sessions = pd.DataFrame({"day": pd.to_datetime(["2025-03-18"])})
    weekly = weekly_adherence(sessions, [], target=3, first_day=first, today=TODAY)
    span = (first, D(2025, 3, 24))
    chart = spec(charts.adherence_chart(weekly, span=span))
    bars = the_layer(chart, "bar")
    assert bars["mark"]["size"] == charts.SHORT_BAR_WIDTH
    assert bars["encoding"]["x"]["field"] == "mid_week"
    assert "x2" not in bars["encoding"]
    words = the_layer(chart, "text")
    labels = [r["label"] for r in rows(chart, words)]
    assert labels[-1] == "1 of 3\nso far"
    if weeks == 3:
        assert labels[0] == "0 of 3\nbelow"
        # A week without a session is still marked on the floor, as narrow as a bar.
        (floor,) = [layer for layer in layers(chart) if mark(layer) == "tick"]
        assert days_of(rows(chart, floor)) == ["2025-03-03", "2025-03-10"]
    # The bar stands on the tick of its week.
    ticks = bars["encoding"]["x"]["axis"]["values"]
    assert [r["mid_week"] for r in rows(chart, bars)] == [t[:19] for t in ticks]


def test_a_short_pain_chart_writes_each_weeks_average():
    weekly, points = pain_frames()
    chart = spec(charts.pain_chart(weekly, points, span=(D(2025, 3, 3), D(2025, 3, 24))))
    words = the_layer(chart, "text")
    assert words["encoding"]["text"]["field"] == "pain_mean"
    assert [r["pain_mean"] for r in rows(chart, words)] == [4.6, 2.0]
    long = spec(charts.pain_chart(weekly, points, span=(D(2025, 3, 3), LONG_END)))
    assert not [layer for layer in layers(long) if mark(layer) == "text"]


def test_a_short_volume_chart_draws_narrow_bars_with_their_amount():
    volume = exercise_volume(done(("2025-03-18", "bridge", 3, 10, None, 1, 2)))
    chart = spec(
        charts.volume_chart(volume, exercise="bridge", span=(D(2025, 3, 17), D(2025, 3, 24)))
    )
    assert the_layer(chart, "bar")["mark"]["size"] == charts.SHORT_BAR_WIDTH
    words = the_layer(chart, "text")
    assert [r["volume"] for r in rows(chart, words)] == [30.0]


@pytest.mark.parametrize("builder", ["adherence", "volume"])
def test_bars_have_an_outline_that_stands_out_on_light_and_dark(builder):
    if builder == "adherence":
        chart = spec(charts.adherence_chart(adherence_frame(), span=(D(2025, 3, 3), LONG_END)))
    else:
        volume = exercise_volume(done(("2025-03-18", "bridge", 3, 10, None, 1, 2)))
        chart = spec(charts.volume_chart(volume, exercise="bridge"))
    assert the_layer(chart, "bar")["mark"]["stroke"] == charts.OUTLINE
    for background in (WHITE, DARK):
        assert contrast(charts.OUTLINE, background) >= 3
        assert contrast(charts.TARGET, background) >= 3


WHITE, DARK = "#FFFFFF", "#0E1117"
"""The light and the dark theme's backgrounds."""


def contrast(one: str, other: str) -> float:
    """The WCAG contrast ratio of two colours."""

    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    high, low = sorted((luminance(one), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_a_short_questionnaire_chart_writes_each_score():
    series = questionnaire_series(scores(("2025-03-04", 40.0), ("2025-03-18", 28.0)))
    chart = spec(
        charts.questionnaire_chart(
            series,
            band=questionnaire_band(40.0),
            baseline=40.0,
            span=(D(2025, 3, 3), D(2025, 3, 24)),
        )
    )
    words = the_layer(chart, "text")
    assert [r["percent"] for r in rows(chart, words)] == [40, 28]
    assert the_layer(chart, "line")["encoding"]["x"]["title"] == "Week starting"


# ---------------------------------------------------------------------------------------------
# Every chart function's whole Vega-Lite spec, pinned: how a chart is built may change (to build
# it faster), what it draws may not without its fixture being written again on purpose.
# Rewrite the fixtures with: .venv/bin/python -m tests.test_charts --write-specs

SPECS = Path(__file__).parent / "fixtures" / "chart_specs"


def _long_adherence() -> pd.DataFrame:
    first = D(2023, 1, 2)
    days = [first + dt.timedelta(days=n) for n in range(0, 800, 2)]
    sessions = pd.DataFrame({"day": pd.to_datetime(days)})
    pauses = [Pause(D(2023, 6, 5), D(2023, 7, 2), PauseReason.ILLNESS)]
    return weekly_adherence(sessions, pauses, target=3, first_day=first, today=D(2025, 3, 12))


def _long_pain() -> tuple[pd.DataFrame, pd.DataFrame]:
    first = D(2023, 1, 2)
    rows = [
        (str(first + dt.timedelta(days=n)), n % 5, 2.0 + (n % 7) / 2, n % 3, 4 + n % 5)
        for n in range(0, 800, 3)
    ]
    days = daily(*rows)
    return weekly_pain(days, first=first, last=D(2025, 3, 12)), daily_points(days)


def _volume() -> pd.DataFrame:
    return exercise_volume(
        done(
            ("2025-03-03", "bridge", 3, 10, None, 1, 2),
            ("2025-03-10", "bridge", 3, 12, None, 2, 2),
            ("2025-03-12", "bridge", 3, 12, None, 3, 1),
            ("2025-03-05", "wall-stretch", 2, None, 45, 0, 1),
            ("2025-03-19", "wall-stretch", 2, None, 60, 0, 0),
        )
    )


def _symmetry() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "day": pd.to_datetime(["2025-02-03", "2025-02-03", "2025-03-03", "2025-03-03"]),
            "test": ["strength", "range", "strength", "range"],
            "value": [78.0, 14.0, 92.5, 8.0],
            "shown": ["78 %", "14°", "92.5 %", "8°"],
            "unit": ["%", "°", "%", "°"],
            "line": [90, 10, 90, 10],
            "meets": [False, False, True, True],
            "text": ["Injured 78, other 100", "14° more", "Injured 92.5, other 100", "8° more"],
        }
    )


def _series() -> pd.DataFrame:
    return questionnaire_series(
        scores(("2025-03-02", 40.0), ("2025-03-16", 28.0), ("2025-04-06", 24.0))
    )


def _pauses(first: dt.date, last: dt.date) -> pd.DataFrame:
    return pauses_in(
        [Pause(D(2025, 3, 10), D(2025, 3, 16), PauseReason.ILLNESS)], first=first, last=last
    )


SHORT, SEVEN = (D(2025, 3, 3), D(2025, 3, 24)), (D(2025, 3, 3), LONG_END)
WIDE = (D(2023, 1, 2), D(2025, 3, 17))

SPEC_CASES = {
    "adherence_plain": lambda: charts.adherence_chart(adherence_frame()),
    "adherence_seven_weeks": lambda: charts.adherence_chart(
        adherence_frame(), pauses=_pauses(D(2025, 3, 3), TODAY), span=SEVEN
    ),
    "adherence_short": lambda: charts.adherence_chart(adherence_frame(), span=SHORT),
    "adherence_long": lambda: charts.adherence_chart(_long_adherence(), span=WIDE),
    "pain_daily": lambda: charts.pain_chart(*pain_frames()),
    "pain_weekly_only": lambda: charts.pain_chart(pain_frames()[0], None, span=SEVEN),
    "pain_short": lambda: charts.pain_chart(
        *pain_frames(), pauses=_pauses(D(2025, 3, 3), TODAY), span=SHORT
    ),
    "pain_long": lambda: charts.pain_chart(*_long_pain(), span=WIDE),
    "questionnaire_plain": lambda: charts.questionnaire_chart(
        _series(), band=questionnaire_band(40.0), baseline=40.0
    ),
    "questionnaire_short": lambda: charts.questionnaire_chart(
        _series(), band=questionnaire_band(40.0), baseline=40.0, span=SHORT
    ),
    "questionnaire_seven_weeks": lambda: charts.questionnaire_chart(
        _series(), band=questionnaire_band(40.0), baseline=40.0, span=SEVEN
    ),
    "volume_bridge": lambda: charts.volume_chart(_volume(), exercise="bridge", span=SEVEN),
    "volume_bridge_short": lambda: charts.volume_chart(_volume(), exercise="bridge", span=SHORT),
    "volume_hold_plain": lambda: charts.volume_chart(_volume(), exercise="wall-stretch"),
    "symmetry_strength": lambda: charts.symmetry_chart(_symmetry(), test="strength"),
    "symmetry_range": lambda: charts.symmetry_chart(_symmetry(), test="range"),
}


def _spec_json(name: str) -> str:
    return json.dumps(SPEC_CASES[name]().to_dict(), indent=1, sort_keys=True, ensure_ascii=False)


@pytest.mark.parametrize("name", sorted(SPEC_CASES))
def test_each_chart_draws_exactly_its_pinned_spec(name):
    assert json.loads(_spec_json(name)) == json.loads(
        (SPECS / f"{name}.json").read_text(encoding="utf-8")
    )


if __name__ == "__main__":
    import sys

    if sys.argv[1:] != ["--write-specs"]:
        sys.exit("usage: python -m tests.test_charts --write-specs")
    SPECS.mkdir(parents=True, exist_ok=True)
    for case in SPEC_CASES:
        (SPECS / f"{case}.json").write_text(_spec_json(case) + "\n", encoding="utf-8")


@given(
    whole=st.lists(st.integers(-(2**40), 2**40), min_size=0, max_size=12),
    small=st.integers(-200, 200),
)
@settings(max_examples=60, deadline=None)
def test_a_frame_made_from_columns_is_compacted_as_a_frame_is(whole, small):
    """charts._chart_frame (columns worked out as arrays) and charts._compact (a frame) give
    the same frame: whole numbers in the fewest bytes, text as categories, the rest as it is."""
    rows = len(whole)
    columns = {
        "day": np.array([np.datetime64("2025-03-03T12:00", "us")] * rows),
        "whole": np.array(whole, dtype="int64"),
        "small": np.full(rows, small, dtype="int64"),
        "mean": np.linspace(0, 10, rows),
        "met": np.array([n % 2 == 0 for n in range(rows)], dtype=bool),
        "status": [["Target met", "Below target"][n % 2] for n in range(rows)],
    }
    from_columns = charts._chart_frame(columns)
    frame = pd.DataFrame({k: v for k, v in columns.items() if k != "status"})
    frame["status"] = pd.Series(columns["status"], dtype=object)
    from_frame = charts._compact(frame)
    pd.testing.assert_frame_equal(from_columns, from_frame, check_exact=True)
