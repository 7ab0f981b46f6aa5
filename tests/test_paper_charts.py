"""The clinician summary's charts laid out for paper: every mark where its value puts it, inside
the plot, axes labelled in order within the period, and SVG that parses and says what it shows."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from itertools import pairwise

import pandas as pd
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from hamtrack import charts, paper_charts
from hamtrack.adherence import WeekStatus
from hamtrack.paper_charts import Anchor, Area, Circle, Figure, Line, Rect, Text
from hamtrack.report import HALF_SIZE, PAIN_SIZE

D = dt.date
MONDAY = D(2025, 3, 3)
EPS = 0.01
SVG = "{http://www.w3.org/2000/svg}"


def span_of(weeks: int, first: dt.date = MONDAY) -> charts.Span:
    return first, first + dt.timedelta(weeks=weeks)


def adherence_frame(days: list[int], *, target: int = 3, first: dt.date = MONDAY) -> pd.DataFrame:
    """A week a value: its days with a session, the target, and how the week stands (the last
    week in progress, a week with no target paused)."""
    statuses = []
    for index, done in enumerate(days):
        if index == len(days) - 1:
            statuses.append(WeekStatus.IN_PROGRESS)
        else:
            statuses.append(WeekStatus.MET if done >= target else WeekStatus.MISSED)
    return pd.DataFrame(
        {
            "week_start": pd.to_datetime([first + dt.timedelta(weeks=n) for n in range(len(days))]),
            "session_days": days,
            "sessions_needed": [target] * len(days),
            "status": statuses,
        }
    )


def pain_frames(
    means: list[float | None], *, first: dt.date = MONDAY, daily: bool = True
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Weekly pain (None: a week without a check-in) and, when `daily`, a day each logged week
    at its mean."""
    weeks = pd.to_datetime([first + dt.timedelta(weeks=n) for n in range(len(means))])
    logged = [m is not None for m in means]
    values = [m if m is not None else float("nan") for m in means]
    weekly = pd.DataFrame(
        {
            "week_start": weeks,
            "days_logged": [3 if ok else 0 for ok in logged],
            "pain_mean": values,
            "pain_min": [max(0.0, v - 1) for v in values],
            "pain_max": [min(10.0, v + 1) for v in values],
        }
    )
    days = pd.DataFrame(
        {
            "day": [w + pd.Timedelta(days=2) for w, ok in zip(weeks, logged, strict=True) if ok],
            "pain": [m for m in means if m is not None],
        }
    )
    return weekly, days if daily else days.iloc[0:0]


def scores_frame(values: list[float], *, first: dt.date = MONDAY) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "day": pd.to_datetime(
                [first + dt.timedelta(weeks=n, days=6) for n in range(len(values))]
            ),
            "percent": values,
        }
    )


NO_PAUSES = pd.DataFrame({"start": pd.to_datetime([]), "end": pd.to_datetime([])})


def pauses(first: dt.date, last: dt.date) -> pd.DataFrame:
    return pd.DataFrame({"start": pd.to_datetime([first]), "end": pd.to_datetime([last])})


def marks(figure: Figure) -> list:
    """The shapes that draw data: bars, the target and score lines, points and bands (not the
    paper, the gridlines, the axes or the legend)."""
    plot = figure.plot
    found = []
    for shape in figure.shapes[1:]:
        data = isinstance(shape, Circle | Area)
        data |= isinstance(shape, Line) and shape.stroke in (
            charts.BLUE,
            charts.BLACK,
            charts.GREEN,
        )
        data |= isinstance(shape, Rect) and shape.x < plot.right - EPS
        if data:
            found.append(shape)
    return found


def text_box(text: Text) -> tuple[float, float, float, float]:
    """A text's extent (left, top, right, bottom), from the font's own widths."""
    width = paper_charts.text_width(text.text, text.size, bold=text.bold)
    before = {Anchor.START: 0.0, Anchor.MIDDLE: width / 2, Anchor.END: width}[text.anchor]
    if text.upright:
        return (
            text.x - text.size * 0.8,
            text.y - width + before,
            text.x + 0.25 * text.size,
            (text.y + before),
        )
    return (
        text.x - before,
        text.y - text.size * 0.8,
        text.x - before + width,
        text.y + 0.25 * text.size,
    )


def assert_inside(figure: Figure) -> None:
    """Every shape within the figure's box, every mark within the plot."""
    for shape in figure.shapes:
        if isinstance(shape, Rect):
            box = (shape.x, shape.y, shape.x + shape.width, shape.y + shape.height)
            assert min(shape.width, shape.height) >= 0, shape
        elif isinstance(shape, Circle):
            box = (shape.x - shape.r, shape.y - shape.r, shape.x + shape.r, shape.y + shape.r)
        elif isinstance(shape, Text):
            box = text_box(shape)
        else:
            xs = [x for x, _ in shape.points]
            ys = [y for _, y in shape.points]
            box = (min(xs), min(ys), max(xs), max(ys))
        left, top, right, bottom = box
        assert min(left, top) >= -EPS, shape
        assert right <= figure.width + EPS, shape
        assert bottom <= figure.height + EPS, shape
    plot = figure.plot
    for shape in marks(figure):
        if isinstance(shape, Rect):
            points = [(shape.x, shape.y), (shape.x + shape.width, shape.y + shape.height)]
        elif isinstance(shape, Circle):
            points = [(shape.x, shape.y)]
        else:
            points = list(shape.points)
        for x, y in points:
            assert plot.left - EPS <= x <= plot.right + EPS, shape
            assert plot.top - EPS <= y <= plot.bottom + EPS, shape


def y_unit(figure: Figure) -> tuple[float, float]:
    """Where 0 sits on the value axis and how many pixels one unit takes, read from the labels
    the reader sees (each label's baseline is the same distance below its tick)."""
    labels = {
        float(t.text): t.y
        for t in figure.shapes
        if isinstance(t, Text) and t.anchor is Anchor.END and t.x < figure.plot.left
    }
    top = max(labels)
    return labels[0.0], (labels[0.0] - labels[top]) / top


def texts(figure: Figure) -> list[str]:
    return [s.text for s in figure.shapes if isinstance(s, Text)]


# ---------------------------------------------------------------------------------------------
# Geometry.


@pytest.mark.parametrize(
    ("days", "target"),
    [([3, 1, 0, 4], 3), ([0], 3), ([7, 7, 7], 7), ([2] * 52, 2), ([5, 0, 1, 2, 3, 4, 5, 6], 5)],
)
def test_a_bars_height_is_its_days_on_the_axis(days, target):
    figure = paper_charts.adherence_figure(
        adherence_frame(days, target=target),
        pauses=NO_PAUSES,
        span=span_of(len(days)),
        size=HALF_SIZE,
    )
    zero, unit = y_unit(figure)
    coloured = [
        s for s in marks(figure) if isinstance(s, Rect) and s.fill in charts.STATUS_COLOURS.values()
    ]
    floor = [b for b in coloured if b.height == paper_charts.NO_SESSION_MARK]
    bars = [b for b in coloured if b not in floor]
    assert [round(b.height / unit, 3) for b in bars] == [d for d in days if d > 0]
    # A week without a session is a mark on the floor in its status's colour.
    assert len(floor) == days.count(0)
    assert all(b.y + b.height == pytest.approx(zero - paper_charts.FONT_SIZE * 0.35) for b in floor)
    baseline = zero - paper_charts.FONT_SIZE * 0.35
    assert all(b.y + b.height == pytest.approx(baseline) for b in bars)
    # Bars follow the weeks, left to right, without touching.
    assert all(a.x + a.width < b.x for a, b in pairwise(bars))
    # The target is one dashed line at its value across the run of weeks.
    (target_line,) = [s for s in marks(figure) if isinstance(s, Line)]
    assert target_line.dash is not None
    assert [y for _, y in target_line.points] == pytest.approx([baseline - target * unit] * 2)


def test_a_long_history_draws_a_bar_a_quarter_at_its_weeks_mean():
    days = [3, 1] * 260
    figure = paper_charts.adherence_figure(
        adherence_frame(days, target=3), pauses=NO_PAUSES, span=span_of(520), size=HALF_SIZE
    )
    _, unit = y_unit(figure)
    bars = [s for s in marks(figure) if isinstance(s, Rect)]
    assert 38 <= len(bars) <= 42
    assert all(b.fill == charts.BLUE for b in bars)
    assert all(round(b.height / unit, 1) in (1.9, 2.0, 2.1) for b in bars[1:-1])
    assert "Days a week (quarterly mean)" in texts(figure)
    assert "Target met" not in texts(figure)  # no status legend for a mean


@pytest.mark.parametrize(
    ("weeks", "block"),
    [(1, "week"), (12, "week"), (85, "week"), (86, "month"), (364, "month"), (520, "quarter")],
)
def test_a_bar_stands_for_a_week_while_weeks_fit_the_half_chart(weeks, block):
    assert paper_charts.summary_block(weeks, HALF_SIZE[0]) == block


def _cases() -> dict[str, Figure]:
    one_weekly, one_daily = pain_frames([6.0])
    twelve_weekly, twelve_daily = pain_frames([5, 4, None, None, 3, 3, 2.5, 2, 2, 1.5, 1, 1])
    decade_weekly, decade_daily = pain_frames([5 - n / 130 for n in range(520)], daily=False)
    twelve = span_of(12)
    return {
        "adherence, 1 week": paper_charts.adherence_figure(
            adherence_frame([1]), pauses=NO_PAUSES, span=span_of(1), size=HALF_SIZE
        ),
        "adherence, 12 weeks, a pause": paper_charts.adherence_figure(
            adherence_frame([3, 3, 0, 0, 2, 4, 3, 3, 1, 3, 3, 2]),
            pauses=pauses(MONDAY + dt.timedelta(weeks=2), MONDAY + dt.timedelta(weeks=4)),
            span=twelve,
            size=HALF_SIZE,
        ),
        "adherence, 10 years": paper_charts.adherence_figure(
            adherence_frame([3] * 520), pauses=NO_PAUSES, span=span_of(520), size=HALF_SIZE
        ),
        "pain, 1 week": paper_charts.pain_figure(
            one_weekly, one_daily, pauses=NO_PAUSES, span=span_of(1), size=PAIN_SIZE
        ),
        "pain, 12 weeks with a gap and a pause": paper_charts.pain_figure(
            twelve_weekly,
            twelve_daily,
            pauses=pauses(MONDAY + dt.timedelta(weeks=2), MONDAY + dt.timedelta(weeks=4)),
            span=twelve,
            size=PAIN_SIZE,
        ),
        "pain, 12 weeks, weekly range only": paper_charts.pain_figure(
            twelve_weekly, None, pauses=None, span=twelve, size=PAIN_SIZE
        ),
        "pain, 10 years": paper_charts.pain_figure(
            decade_weekly, decade_daily, pauses=NO_PAUSES, span=span_of(520), size=PAIN_SIZE
        ),
        "pain, no pain day in a week": paper_charts.pain_figure(
            *pain_frames([None, 0.0, None]), pauses=NO_PAUSES, span=span_of(3), size=PAIN_SIZE
        ),
        "questionnaire, 1 score": paper_charts.questionnaire_figure(
            scores_frame([40.0]), band=(30.0, 50.0), baseline=40.0, span=span_of(1), size=HALF_SIZE
        ),
        "questionnaire, 12 weeks": paper_charts.questionnaire_figure(
            scores_frame([40, 38, 30, 0, 100, 20]),
            band=(30.0, 50.0),
            baseline=40.0,
            span=twelve,
            size=HALF_SIZE,
        ),
        "questionnaire, 10 years": paper_charts.questionnaire_figure(
            scores_frame([30.0 + (n % 7) for n in range(520)]),
            band=(26.0, 46.0),
            baseline=36.0,
            span=span_of(520),
            size=HALF_SIZE,
        ),
    }


CASES = _cases()


@pytest.mark.parametrize("name", sorted(CASES))
def test_every_shape_is_inside_the_chart_and_every_mark_inside_the_plot(name):
    assert_inside(CASES[name])


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_time_labels_read_left_to_right_without_touching(name):
    figure = CASES[name]
    below = [
        t for t in figure.shapes if isinstance(t, Text) and t.y > figure.plot.bottom and not t.bold
    ]
    assert below
    boxes = [text_box(t) for t in below]
    assert all(a[2] < b[0] for a, b in pairwise(boxes))


@pytest.mark.parametrize(
    ("weeks", "labels"),
    [
        (1, ["3 Mar"]),
        (3, ["3 Mar", "10 Mar", "17 Mar"]),
        (12, None),
        (104, None),
        (520, None),
    ],
)
def test_time_ticks_are_in_order_inside_the_span(weeks, labels):
    span = span_of(weeks)
    ticks = paper_charts.time_ticks(span, 280)
    positions = [days for days, _ in ticks]
    assert ticks
    assert positions == sorted(positions)
    assert positions[0] >= 0
    assert positions[-1] <= (span[1] - span[0]).days
    if labels is not None:
        assert [label for _, label in ticks] == labels


def test_within_a_year_a_tick_sits_mid_week_and_names_its_monday_as_the_app_does():
    span = (D(2024, 12, 2), D(2025, 3, 3))
    for days, label in paper_charts.time_ticks(span, 600):
        monday = span[0] + dt.timedelta(days=days - 3.5)
        assert monday.weekday() == 0
        assert label == charts.week_label(monday, span)
    assert "2 Dec 2024" in [label for _, label in paper_charts.time_ticks(span, 600)]


def test_ten_years_are_labelled_in_years_and_two_in_months():
    decade = [label for _, label in paper_charts.time_ticks(span_of(520, D(2016, 1, 4)), 280)]
    assert all(len(label) == 4 and label.isdigit() for label in decade)
    assert len(decade) == len(set(decade)) >= 5
    # Within two years every third month, beyond every sixth; 1 Jan 2023 falls before the span.
    two = [label for _, label in paper_charts.time_ticks(span_of(104, D(2023, 1, 2)), 600)]
    assert two[:3] == ["Apr 2023", "Jul 2023", "Oct 2023"]
    more = [label for _, label in paper_charts.time_ticks(span_of(130, D(2023, 1, 2)), 600)]
    assert more[:2] == ["Jul 2023", "Jan 2024"]


@pytest.mark.parametrize(
    ("top", "room", "expected"),
    [
        (10, 88, [0, 5, 10]),
        (100, 138, [0, 20, 40, 60, 80, 100]),
        (4.5, 138, [0, 1, 2, 3, 4]),
        (8, 138, [0, 2, 4, 6, 8]),
    ],
)
def test_value_ticks_are_round_and_stand_apart(top, room, expected):
    assert paper_charts.value_ticks(top, room) == expected


def test_the_severe_zone_and_a_pause_are_shaded_under_the_pain():
    figure = CASES["pain, 12 weeks with a gap and a pause"]
    zero, unit = y_unit(figure)
    baseline = zero - paper_charts.FONT_SIZE * 0.35
    (severe,) = [s for s in figure.shapes if isinstance(s, Rect) and s.fill == charts.VERMILLION]
    assert severe.y + severe.height == pytest.approx(baseline - 7 * unit)
    assert severe.y == pytest.approx(figure.plot.top)
    (pause,) = [s for s in figure.shapes if isinstance(s, Rect) and s.fill == charts.GREY]
    assert pause.height == pytest.approx(figure.plot.height)
    assert pause.width == pytest.approx(figure.plot.width * 2 / 12)
    # The faint days and the mean line: the mean line skips the weeks with no check-in.
    (line,) = [s for s in figure.shapes if isinstance(s, Line) and s.stroke == charts.BLUE]
    assert len(line.points) == 10
    days = [s for s in figure.shapes if isinstance(s, Circle) and s.opacity < 1]
    assert len(days) == 10


# ---------------------------------------------------------------------------------------------
# SVG.


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_svg_parses_and_says_what_it_shows(name):
    figure = CASES[name]
    root = ET.fromstring(paper_charts.svg(figure))
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("aria-label") == figure.description
    assert root.find(f"{SVG}title").text == figure.description
    drawn = [element.text for element in root.iter(f"{SVG}text")]
    assert drawn == texts(figure)


def test_svg_text_is_escaped():
    plot = paper_charts.Box(0, 0, 10, 10)
    words = "<b>Tom & \"Jerry\"</b> 'x' ]]>"
    figure = Figure(100, 50, 'A <chart> & "more"', plot, (Text(5, 20, words),))
    root = ET.fromstring(paper_charts.svg(figure))
    assert root.get("aria-label") == 'A <chart> & "more"'
    assert [t.text for t in root.iter(f"{SVG}text")] == [words]
    assert list(root.iter("b")) == []


# ---------------------------------------------------------------------------------------------
# Any weeks.

week_days = st.lists(st.integers(0, 7), min_size=1, max_size=600)


@settings(max_examples=40, deadline=None)
@given(days=week_days, target=st.integers(0, 7), pause_from=st.integers(0, 600))
@example(days=[0], target=0, pause_from=0)
@example(days=[7] * 86, target=7, pause_from=3)
def test_any_weeks_of_sessions_stay_inside_the_chart(days, target, pause_from):
    weeks = len(days)
    paused = pauses(
        MONDAY + dt.timedelta(weeks=pause_from % weeks),
        MONDAY + dt.timedelta(weeks=pause_from % weeks + 2),
    )
    figure = paper_charts.adherence_figure(
        adherence_frame(days, target=target), pauses=paused, span=span_of(weeks), size=HALF_SIZE
    )
    assert_inside(figure)


week_pain = st.lists(
    st.one_of(st.none(), st.floats(0, 10, allow_nan=False)), min_size=1, max_size=600
).filter(lambda means: any(m is not None for m in means))


@settings(max_examples=40, deadline=None)
@given(means=week_pain, daily=st.booleans())
@example(means=[10.0], daily=False)
def test_any_weeks_of_pain_stay_inside_the_chart(means, daily):
    weekly, days = pain_frames(means, daily=daily)
    figure = paper_charts.pain_figure(
        weekly, days, pauses=NO_PAUSES, span=span_of(len(means)), size=PAIN_SIZE
    )
    assert_inside(figure)


@settings(max_examples=40, deadline=None)
@given(
    values=st.lists(st.floats(0, 100, allow_nan=False), min_size=1, max_size=600),
    baseline=st.floats(0, 100, allow_nan=False),
)
def test_any_scores_stay_inside_the_chart(values, baseline):
    band = (max(0.0, baseline - 10), min(100.0, baseline + 10))
    figure = paper_charts.questionnaire_figure(
        scores_frame(values),
        band=band,
        baseline=baseline,
        span=span_of(len(values)),
        size=HALF_SIZE,
    )
    assert_inside(figure)
