"""Charts of the trends, built from frames already aggregated by week: DataFrame → altair.Chart.

No streamlit here. Every chart keeps only the columns it draws, has titled axes and tooltips,
stretches to the width of its container (a 390 px phone included) and uses the Okabe–Ito
palette, which stays distinguishable with the common colour-vision deficiencies. Colour is never
the only cue: the target is a dashed line, and the status of each week is in its tooltip.
"""

from __future__ import annotations

import datetime as dt

import altair as alt
import pandas as pd

from hamtrack.adherence import WeekStatus
from hamtrack.models import BAND_LEVELS
from hamtrack.safety import SEVERE_PAIN

# Okabe & Ito (2008), "Color Universal Design".
BLUE = "#0072B2"
SKY = "#56B4E9"
ORANGE = "#E69F00"
VERMILLION = "#D55E00"
GREEN = "#009E73"
GREY = "#999999"
BLACK = "#000000"

HEIGHT = 240
DATE_FORMAT = "%d %b %Y"
AXIS_DATE_FORMAT = "%d %b"

STATUS_LABELS = {
    WeekStatus.MET: "Target met",
    WeekStatus.MISSED: "Below target",
    WeekStatus.IN_PROGRESS: "This week so far",
    WeekStatus.PAUSED: "Paused",
}
STATUS_COLOURS = {
    WeekStatus.MET: BLUE,
    WeekStatus.MISSED: ORANGE,
    WeekStatus.IN_PROGRESS: SKY,
    WeekStatus.PAUSED: GREY,
}


Span = tuple[dt.date, dt.date]
"""The first day and the day after the last of the weeks shown: every chart's time axis."""


def _x_time(field: str, title: str = "Week", span: Span | None = None) -> alt.X:
    scale = (
        alt.Scale()
        if span is None
        else alt.Scale(domain=[span[0].isoformat(), span[1].isoformat()])
    )
    return alt.X(
        f"{field}:T",
        title=title,
        scale=scale,
        axis=alt.Axis(format=AXIS_DATE_FORMAT, labelOverlap=True, labelAngle=0, grid=False),
    )


def _finish(chart: alt.TopLevelMixin, *, description: str) -> alt.TopLevelMixin:
    # One .properties() call: each .properties() or .configure_*() copies a layered chart whole,
    # and three copies were most of the time it took to build one.
    return chart.properties(
        width="container",
        height=HEIGHT,
        description=description,
        # Fit the width only: the height stays the plot's own, and a legend adds to it
        # rather than squeezing the plot (what "fit" does on a narrow phone).
        autosize=alt.AutoSizeParams(type="fit-x", contains="padding"),
        config=alt.Config(
            axis=alt.AxisConfig(labelFontSize=12, titleFontSize=13, labelLimit=120),
            legend=alt.LegendConfig(
                orient="bottom",
                labelFontSize=12,
                titleFontSize=12,
                direction="horizontal",
                columns=2,
            ),
        ),
    )


WEEK_FORMAT = "%G-W%V"
"""The ISO week of a week's Monday, as tooltips name it ('2025-W01'): no label column sent."""


def _compact(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame as small as Arrow can carry it: whole numbers in the fewest bytes, repeated text
    as a dictionary. What the browser receives grows with the weeks shown, so every byte a row
    saves counts ten-year-fold."""
    frame = frame.reset_index(drop=True)
    for column in frame.columns:
        values = frame[column]
        if pd.api.types.is_bool_dtype(values):
            continue
        if pd.api.types.is_integer_dtype(values):
            frame[column] = pd.to_numeric(values, downcast="integer")
        elif values.dtype == object or pd.api.types.is_string_dtype(values):
            frame[column] = values.astype("category")
    return frame


def _pause_layer(pauses: pd.DataFrame | None) -> list[alt.Chart]:
    """Paused periods as grey bands across the chart's height, named in their tooltip."""
    if pauses is None or pauses.empty:
        return []
    data = pauses[["start", "end", "label"]].copy()
    data["last_day"] = data["end"] - pd.Timedelta(days=1)
    return [
        alt.Chart(data)
        .mark_rect(color=GREY, opacity=0.18)
        .encode(
            x="start:T",
            x2="end:T",
            tooltip=[
                alt.Tooltip("label:N", title="Pause"),
                alt.Tooltip("start:T", title="From", format=DATE_FORMAT),
                alt.Tooltip("last_day:T", title="To", format=DATE_FORMAT),
            ],
        )
    ]


def adherence_chart(
    weekly: pd.DataFrame, *, pauses: pd.DataFrame | None = None, span: Span | None = None
) -> alt.Chart:
    """Days with a session per week as bars (Monday to Saturday wide, so weeks stand apart),
    coloured by how the week stands, with the week's target as a dashed line.

    `weekly` is `adherence.weekly_adherence` output (the weeks to show).
    """
    data = weekly[
        [
            "week_start",
            "week_end",
            "session_days",
            "sessions_needed",
            "percent",
            "status",
            "paused_days",
            "habit_score",
        ]
    ].copy()
    statuses = [s for s in STATUS_LABELS if s in set(data["status"])] or list(STATUS_LABELS)
    data["status"] = data["status"].map(STATUS_LABELS)
    data["percent"] = data["percent"].astype("float64").round(0)
    data["habit_score"] = data["habit_score"].astype("float64").round(0).astype("int64")
    data = _compact(data)
    colour = alt.Color(
        "status:N",
        title=None,
        scale=alt.Scale(
            domain=[STATUS_LABELS[s] for s in statuses],
            range=[STATUS_COLOURS[s] for s in statuses],
        ),
    )
    tooltip = [
        alt.Tooltip("week_start:T", title="Week", format=WEEK_FORMAT),
        alt.Tooltip("week_start:T", title="Starting", format=DATE_FORMAT),
        alt.Tooltip("session_days:Q", title="Days with a session"),
        alt.Tooltip("sessions_needed:Q", title="Target"),
        alt.Tooltip("percent:Q", title="Done (%)"),
        alt.Tooltip("status:N", title="Status"),
        alt.Tooltip("paused_days:Q", title="Paused days"),
        alt.Tooltip("habit_score:Q", title="Habit score"),
    ]
    top = max(int(data["sessions_needed"].max()), int(data["session_days"].max()), 1)
    y_scale = alt.Scale(domain=[0, top + 1], nice=False)
    # The layers share one dataset (sent once) and pick their rows with filters.
    base = alt.Chart().encode(x=_x_time("week_start", span=span), x2="week_end:T")
    bars = base.mark_bar().encode(
        y=alt.Y(
            "session_days:Q",
            title="Days with a session",
            scale=y_scale,
            axis=alt.Axis(tickMinStep=1, format="d"),
        ),
        # From zero: a bar with both x ends given would otherwise lie flat at its value.
        y2=alt.datum(0),
        color=colour,
        tooltip=tooltip,
    )
    # A week with no session has no bar to see or point at: a thick line on the floor marks it.
    nothing = (
        base.mark_rule(strokeWidth=5)
        .encode(y=alt.datum(0), color=colour, tooltip=tooltip)
        .transform_filter("datum.session_days == 0")
    )
    target = (
        base.mark_rule(color=BLACK, strokeDash=[5, 3], strokeWidth=2)
        .encode(y="sessions_needed:Q", tooltip=tooltip)
        .transform_filter("datum.sessions_needed > 0")
    )
    return _finish(
        alt.layer(*_pause_layer(pauses), alt.layer(bars, nothing, target, data=data)),
        description="Days with an exercise session each week, against the weekly target.",
    )


def pain_chart(
    weekly: pd.DataFrame,
    daily: pd.DataFrame | None = None,
    *,
    pauses: pd.DataFrame | None = None,
    span: Span | None = None,
) -> alt.Chart:
    """Pain over the weeks: each week's mean as a bold line, each day's mean as a faint point
    (or, without days, each week's lowest-to-highest range as a faint band), the severe zone
    (7–10) shaded.

    `weekly` is `trends.weekly_pain` output; `daily` is `trends.daily_points` output.
    """
    data = weekly[
        [
            "week_start",
            "days_logged",
            "pain_mean",
            "pain_min",
            "pain_max",
            "morning_pain_mean",
        ]
    ].copy()
    # The week's point sits mid-week (Thursday noon), among that week's daily points.
    data["mid_week"] = data["week_start"] + pd.Timedelta(days=3, hours=12)
    for column in ("pain_mean", "morning_pain_mean"):
        data[column] = data[column].astype("float64").round(1)
    data = _compact(data)
    y = alt.Y("pain_mean:Q", title="Pain (0–10)", scale=alt.Scale(domain=[0, 10], nice=False))
    severe = (
        alt.Chart(pd.DataFrame({"low": [SEVERE_PAIN], "high": [10], "zone": ["Severe pain"]}))
        .mark_rect(color=VERMILLION, opacity=0.12)
        .encode(
            y=alt.Y("low:Q", scale=alt.Scale(domain=[0, 10], nice=False)),
            y2="high:Q",
            tooltip=[alt.Tooltip("zone:N", title="Zone")],
        )
    )
    layers: list[alt.Chart] = [severe, *_pause_layer(pauses)]
    if daily is not None and not daily.empty:
        days = daily[["day", "pain"]].copy()
        days["pain"] = days["pain"].astype("float64").round(1)
        days = _compact(days)
        layers.append(
            alt.Chart(days)
            .mark_circle(size=22, color=SKY, opacity=0.45)
            .encode(
                x="day:T",
                y=alt.Y("pain:Q", scale=alt.Scale(domain=[0, 10], nice=False)),
                tooltip=[
                    alt.Tooltip("day:T", title="Day", format=DATE_FORMAT),
                    alt.Tooltip("pain:Q", title="Pain that day (mean)"),
                ],
            )
        )
    weekly_layers = []
    if daily is None or daily.empty:
        weekly_layers.append(
            alt.Chart()
            .mark_area(color=SKY, opacity=0.3)
            .encode(
                x="mid_week:T",
                y=alt.Y("pain_min:Q", scale=alt.Scale(domain=[0, 10], nice=False)),
                y2="pain_max:Q",
            )
            .transform_filter("datum.days_logged > 0")
        )
    tooltip = [
        alt.Tooltip("week_start:T", title="Week", format=WEEK_FORMAT),
        alt.Tooltip("week_start:T", title="Starting", format=DATE_FORMAT),
        alt.Tooltip("pain_mean:Q", title="Mean pain"),
        alt.Tooltip("pain_min:Q", title="Lowest"),
        alt.Tooltip("pain_max:Q", title="Highest"),
        alt.Tooltip("morning_pain_mean:Q", title="Mean morning pain"),
        alt.Tooltip("days_logged:Q", title="Days logged"),
    ]
    weekly_layers.append(
        alt.Chart()
        .mark_line(
            color=BLUE,
            strokeWidth=3,
            point=alt.OverlayMarkDef(color=BLUE, size=50, filled=True),
            invalid="break-paths-show-path-domains",
        )
        .encode(x=_x_time("mid_week", span=span), y=y, tooltip=tooltip)
    )
    layers.append(alt.layer(*weekly_layers, data=data))
    return _finish(
        alt.layer(*layers),
        description="Weekly mean pain as a line, daily pain as faint points, severe zone shaded.",
    )


def questionnaire_chart(
    scores: pd.DataFrame,
    *,
    band: tuple[float, float],
    baseline: float,
    span: Span | None = None,
) -> alt.Chart:
    """Questionnaire scores over time (0–100, lower is better), with the band around the first
    score inside which a change is not yet meaningful (10 points, docs/rules.md §6).

    `scores` is `trends.questionnaire_series` output.
    """
    data = scores[["day", "percent", "band_label", "change", "meaningful"]].copy()
    data["percent"] = data["percent"].astype("float64").round(0).astype("int64")
    data["change"] = data["change"].astype("float64").round(0).astype("int64")
    data["meaningful"] = data["meaningful"].map({True: "Yes", False: "Not yet"})
    data = _compact(data)
    scale = alt.Scale(domain=[0, 100], nice=False)
    band_data = pd.DataFrame(
        {
            "low": [band[0]],
            "high": [band[1]],
            "baseline": [round(baseline)],
            "zone": ["No meaningful change from your first score"],
        }
    )
    zone = (
        alt.Chart(band_data)
        .mark_rect(color=GREEN, opacity=0.15)
        .encode(
            y=alt.Y("low:Q", scale=scale),
            y2="high:Q",
            tooltip=[
                alt.Tooltip("zone:N", title="Band"),
                alt.Tooltip("baseline:Q", title="First score"),
            ],
        )
    )
    baseline_rule = (
        alt.Chart(band_data)
        .mark_rule(color=GREEN, strokeDash=[5, 3], strokeWidth=2)
        .encode(y=alt.Y("baseline:Q", scale=scale))
    )
    line = (
        alt.Chart(data)
        .mark_line(color=BLUE, strokeWidth=3, point=alt.OverlayMarkDef(color=BLUE, size=60))
        .encode(
            x=_x_time("day", title="Date", span=span),
            y=alt.Y("percent:Q", title="Score (0–100, lower is better)", scale=scale),
            tooltip=[
                alt.Tooltip("day:T", title="Date", format=DATE_FORMAT),
                alt.Tooltip("percent:Q", title="Score"),
                alt.Tooltip("band_label:N", title="Meaning"),
                alt.Tooltip("change:Q", title="Change since first"),
                alt.Tooltip("meaningful:N", title="Meaningful change"),
            ],
        )
    )
    return _finish(
        alt.layer(zone, baseline_rule, line),
        description="Back questionnaire score over time with the band of no meaningful change.",
    )


def volume_chart(volume: pd.DataFrame, *, exercise: str, span: Span | None = None) -> alt.Chart:
    """One exercise's weekly volume (total reps, or seconds held) as bars, shaded by the
    heaviest band used that week.

    `volume` is `trends.exercise_volume` output; only `exercise`'s rows are drawn.
    """
    rows = volume[volume["exercise"] == exercise]
    unit = rows["unit"].iloc[0] if len(rows) else "reps"
    data = rows[["week_start", "times", "sets", "volume", "band_max", "pain_mean"]].copy()
    data["week_end"] = data["week_start"] + pd.Timedelta(days=6)
    data["band"] = data.pop("band_max").map(lambda level: BAND_LEVELS[int(level)])
    data["pain_mean"] = data["pain_mean"].astype("float64").round(1)
    data = _compact(data)
    title = "Seconds held in the week" if unit == "seconds" else "Reps in the week"
    used = [b for b in BAND_LEVELS if b in set(data["band"].astype(str))]
    # A light-to-dark blue ramp: heavier bands read as darker, in any colour vision.
    ramp = ["#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c", "#08306b"]
    chart = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=_x_time("week_start", span=span),
            x2="week_end:T",
            y=alt.Y("volume:Q", title=title),
            y2=alt.datum(0),
            color=alt.Color(
                "band:N",
                title="Band used",
                sort=used,
                scale=alt.Scale(domain=used, range=[ramp[BAND_LEVELS.index(b)] for b in used]),
            ),
            tooltip=[
                alt.Tooltip("week_start:T", title="Week", format=WEEK_FORMAT),
                alt.Tooltip("week_start:T", title="Starting", format=DATE_FORMAT),
                alt.Tooltip("times:Q", title="Days done"),
                alt.Tooltip("sets:Q", title="Sets"),
                alt.Tooltip("volume:Q", title=title),
                alt.Tooltip("band:N", title="Band"),
                alt.Tooltip("pain_mean:Q", title="Mean pain during"),
            ],
        )
    )
    return _finish(chart, description=f"Weekly volume of {exercise}.")


# =============================================================================================
# Return to sport (docs/rules.md §9): symmetry between the legs over the weeks.


def symmetry_chart(symmetry: pd.DataFrame, *, test: str) -> alt.Chart:
    """One test's symmetry over the weeks, with the line it must reach (90 %, or 10°/10 %).

    `symmetry` is `return_to_sport_view.symmetry_frame` output; only `test`'s rows are drawn.
    For strength and the bridge the index must reach the dashed line from below; for range the
    difference must stay at or under it, so the y axis title says which way is better. Each
    point's tooltip holds the sentence the checklist uses.
    """
    rows = symmetry[symmetry["test"] == test]
    unit = rows["unit"].iloc[0] if len(rows) else "%"
    line = int(rows["line"].iloc[0]) if len(rows) else 90
    index = test in ("strength", "bridge")
    data = rows[["day", "value", "shown", "meets", "text"]].copy()
    data["verdict"] = data.pop("meets").map({True: "Reaches the line", False: "Not yet"})
    data = _compact(data)
    if index:
        title = "Injured ÷ other leg (%), higher is better"
    elif unit == "°":
        title = "Extra deficit of the injured leg (°), lower is better"
    else:
        title = "How much lower the injured leg rises (%), lower is better"
    points = (
        alt.Chart(data)
        .mark_line(point=alt.OverlayMarkDef(size=70, filled=True), color=BLUE)
        .encode(
            x=_x_time("day", title="Date tested"),
            y=alt.Y("value:Q", title=title, scale=alt.Scale(zero=index)),
            tooltip=[
                alt.Tooltip("day:T", title="Tested", format=DATE_FORMAT),
                alt.Tooltip("shown:N", title="Figure"),
                alt.Tooltip("verdict:N", title="Against the line"),
                alt.Tooltip("text:N", title="Both legs"),
            ],
        )
    )
    target = (
        alt.Chart(pd.DataFrame({"line": [line]}))
        .mark_rule(color=VERMILLION, strokeDash=[6, 4], size=2)
        .encode(y="line:Q", tooltip=[alt.Tooltip("line:Q", title=f"Line ({unit})")])
    )
    return _finish(
        alt.layer(target, points),
        description=f"The {test} symmetry by date tested, with the line at {line}{unit.strip()}.",
    )
