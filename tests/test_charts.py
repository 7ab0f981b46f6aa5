"""Chart builders: what each chart encodes, and that it gets aggregated data, not raw rows."""

import datetime as dt
from types import SimpleNamespace

import pandas as pd
import pyarrow as pa
import pytest

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
}


def spec(chart) -> dict:
    return chart.to_dict()


def layers(chart_spec: dict, data: dict | None = None) -> list[dict]:
    """Every drawn layer, nested ones flattened, each with the dataset it draws from."""
    data = chart_spec.get("data", data)
    if "layer" not in chart_spec:
        return [{**chart_spec, "data": data}]
    found = []
    for layer in chart_spec["layer"]:
        found += layers(layer, data)
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
    chart = spec(charts.adherence_chart(weekly, pauses=pauses))
    bars = the_layer(chart, "bar")
    enc = bars["encoding"]
    assert (enc["x"]["field"], enc["x"]["type"], enc["x"]["title"]) == (
        "week_start",
        "temporal",
        "Week",
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
    assert x["scale"]["domain"] == ["2025-03-03", "2025-03-24"]
    bars = spec(charts.adherence_chart(adherence_frame(), span=span))
    assert the_layer(bars, "bar")["encoding"]["x"]["scale"]["domain"] == [
        "2025-03-03",
        "2025-03-24",
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
