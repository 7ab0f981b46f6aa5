"""The trends page: what to log when nothing is logged yet, and the truth of the data after."""

import datetime as dt
import math

import pyarrow as pa
import pytest

from hamtrack import db as store
from hamtrack import demo
from hamtrack.models import CheckIn, ExerciseDone, ProgrammeExercise, Region, Session
from hamtrack.trends_view import read_trends_view
from hamtrack.weeks import date_text

PAGE = "pages/trends.py"
TODAY = dt.date.today()
PAIN_HEADLINE = "Pain, last 4 complete weeks"


def chart_rows(chart) -> list[int]:
    """Rows of each dataset a chart sends to the browser."""
    return [pa.ipc.open_stream(d.data.data).read_all().num_rows for d in chart.proto.datasets]


def metric(at, label: str):
    (found,) = [m for m in at.metric if m.label == label]
    return found


def check_in(day: dt.date, pain: int) -> CheckIn:
    return CheckIn(day=day, time=dt.time(8, 0), pain=dict.fromkeys(Region, pain), stiffness=1)


@pytest.fixture
def demo_db(fresh_db):
    store.store_bundle(fresh_db, demo.generate(weeks=30, seed=3, today=TODAY), today=TODAY)
    return fresh_db


def test_an_empty_database_says_what_to_log_and_draws_no_chart(open_app, fresh_db):
    at = open_app(PAGE)
    assert not at.exception
    assert at.title[0].value == "Trends"
    assert "once you start logging" in at.info[0].value
    assert at.get("vega_lite_chart") == []
    assert at.metric == []
    assert at.segmented_control == []  # no range to choose with nothing logged
    assert len(at.main.get("page_link")) == 3  # the menu is in the sidebar


def test_one_check_in_is_not_yet_a_trend(open_app, fresh_db):
    store.add_check_in(fresh_db, check_in(TODAY, 4), today=TODAY)
    at = open_app(PAGE)
    assert not at.exception
    infos = " ".join(i.value for i in at.info)
    assert "Log your exercises after each session" in infos
    assert "Check in on 1 more day" in infos
    assert "No questionnaire answered" in infos
    assert at.get("vega_lite_chart") == []
    assert metric(at, PAIN_HEADLINE).value == "Not enough yet"
    # No sessions: nothing is claimed about how sessions went, and no one-point sparkline.
    assert at.success == []
    assert any("Nothing to point out yet" in c.value for c in at.caption)
    assert not metric(at, "Habit score").proto.chart_data
    # Days before the first log leave this first week's target pro rata.
    needed = math.ceil(3 * (7 - TODAY.weekday()) / 7)
    assert metric(at, "Sessions this week").value == f"0 of {needed}"


def test_a_populated_database_shows_headlines_charts_and_flags(open_app, demo_db):
    at = open_app(PAGE)
    assert not at.exception
    view = read_trends_view(demo_db, today=TODAY, weeks=12)
    week = view.this_week
    assert metric(at, "Sessions this week").value == (
        "Paused" if week.status == "paused" else f"{week.session_days} of {week.sessions_needed}"
    )
    assert metric(at, "Habit score").value == f"{week.habit_score:.0f} of 100"
    if view.pain_trend is not None:
        assert metric(at, PAIN_HEADLINE).value == f"{view.pain_trend.later:.1f}/10"
    assert metric(at, "Back questionnaire, latest").value.endswith("of 100")
    charts = at.get("vega_lite_chart")
    # The four above, then the demo's symmetry charts: strength, bridge and knee extension.
    assert len(charts) == 4 + 3
    # Adherence: one row per week of the default 12-week range, not one per session.
    assert max(chart_rows(charts[0])) == 12
    # Pain: at most one faint point per day, and weekly rows.
    assert max(chart_rows(charts[1])) <= 12 * 7
    assert [s.value for s in at.subheader] == [
        "Over the weeks",
        "Sessions each week",
        "Pain",
        "Back questionnaire",
        "Exercises",
        "Worth a look",
        "Symmetry between the legs",
    ]
    # Chart words in each theme's own text colour (hamtrack/charts.py CHART_TEXT_CSS).
    assert any("light-dark(" in h.proto.body for h in at.get("html"))
    # Every chart carries its text alternative: what it shows and its latest values.
    assert all(chart.proto.alt and "Latest" in chart.proto.alt for chart in charts[:2])
    assert "Your first" in charts[2].proto.alt
    assert "Latest" in charts[3].proto.alt
    listed = "\n".join(m.value for m in at.markdown)
    for flag in view.flags[-3:]:
        assert f"- {flag.detail}" in listed
        assert flag.kind.rule in listed or any(flag.kind.rule in e.value for e in at.error)


def test_choosing_a_range_redraws_with_that_many_weeks(open_app, demo_db):
    at = open_app(PAGE)
    at.segmented_control(key="trends_range").set_value(4).run()
    assert not at.exception
    assert max(chart_rows(at.get("vega_lite_chart")[0])) == 4
    at.segmented_control(key="trends_range").set_value(None).run()
    assert max(chart_rows(at.get("vega_lite_chart")[0])) == 30


def test_a_new_session_shows_at_once(open_app, fresh_db):
    store.add_check_in(fresh_db, check_in(TODAY, 2), today=TODAY)
    at = open_app(PAGE)
    assert metric(at, "Sessions this week").value.startswith("0 of")
    store.add_session(
        fresh_db,
        Session(day=TODAY, exercises=(ExerciseDone("bridge", pain_during=8, sets=2, reps=10),)),
        today=TODAY,
    )
    at.run()
    assert metric(at, "Sessions this week").value.startswith("1 of")
    # Pain of 8 during an exercise: a prominent message to stop and ask a professional.
    assert any("means stop that exercise" in e.value for e in at.error)
    assert any("Glute bridge hurt 8/10." in m.value for m in at.markdown)


def test_a_new_check_in_shows_at_once(open_app, fresh_db):
    """Trends keeps each frame it read until its own tables change: a check-in is read again."""
    store.add_session(
        fresh_db,
        Session(day=TODAY, exercises=(ExerciseDone("bridge", pain_during=1, reps=10),)),
        today=TODAY,
    )
    store.add_check_in(fresh_db, check_in(TODAY, 2), today=TODAY)
    at = open_app(PAGE)
    assert "This week so far: 2.0/10 over 1 day" in captions(at)
    later = CheckIn(day=TODAY, time=dt.time(18, 0), pain=dict.fromkeys(Region, 6), stiffness=1)
    store.add_check_in(fresh_db, later, today=TODAY)
    at.run()
    assert "This week so far: 4.0/10 over 1 day" in captions(at)


def captions(at) -> str:
    return "\n".join(c.value for c in at.caption)


@pytest.mark.parametrize("weeks", [4, 26, None])
def test_the_range_governs_what_follows_it_and_the_pain_headline_names_its_own_window(
    open_app, demo_db, weeks
):
    """The pain verdict compares complete weeks of the 4 before this one (docs/rules.md §2):
    its label says so whatever range is chosen, and the range's own dates are stated."""
    at = open_app(PAGE)
    at.segmented_control(key="trends_range").set_value(weeks).run()
    assert not at.exception
    view = read_trends_view(demo_db, today=TODAY, weeks=weeks)
    assert f"From {date_text(view.since, today=TODAY)} to today: {len(view.adherence)} weeks" in (
        captions(at)
    )
    assert [m.label for m in at.metric if m.label.startswith("Pain")] == [PAIN_HEADLINE]
    assert "last 4 weeks" not in captions(at)
    if view.pain_trend is not None:
        assert f"in the week of {date_text(view.pain_trend.later_week, today=TODAY)}" in (
            captions(at)
        )


def test_dates_of_another_year_carry_their_year(open_app, fresh_db, monkeypatch):
    """In mid-January, a baseline of last November reads '… Nov 2025', never a date to come."""
    today = dt.date(2026, 1, 14)
    monkeypatch.setenv("HAMTRACK_TODAY", today.isoformat())
    store.store_bundle(fresh_db, demo.generate(weeks=10, seed=5, today=today), today=today)
    at = open_app(PAGE)
    assert not at.exception
    view = read_trends_view(fresh_db, today=today, weeks=12)
    latest = view.latest_score
    assert latest.baseline_day.year == 2025
    questionnaire = metric(at, "Back questionnaire, latest")
    assert questionnaire.proto.delta.endswith(
        f"since {date_text(latest.baseline_day, today=today)}"
    )
    assert questionnaire.proto.delta.endswith("2025")
    # This year's dates stay short.
    assert f"Answered {latest.day.day} {latest.day:%b}:" in captions(at)


def test_exercise_lines_compare_a_set_with_a_set(open_app, fresh_db):
    """Logged 3 × 10 against a programme of 3 × 12: never '30 reps (programme: 12)'."""
    store.save_programme(fresh_db, [ProgrammeExercise("bridge", sets=3, reps=12, added_on=TODAY)])
    store.add_session(
        fresh_db,
        Session(day=TODAY, exercises=(ExerciseDone("bridge", pain_during=2, sets=3, reps=10),)),
        today=TODAY,
    )
    at = open_app(PAGE)
    assert not at.exception
    listed = "\n".join(m.value for m in at.markdown)
    assert "usually 3 sets of 10 reps (programme: 3 sets of 12 reps)" in listed
    assert "30 reps" not in listed


def test_symmetry_between_the_legs_closes_the_page_once_both_legs_are_tested(open_app, fresh_db):
    """docs/rules.md §9: the index per date, drawn with its 90 % line, after everything else."""
    from hamtrack.injury import InjuryCause, InjuryProfile
    from hamtrack.models import Side
    from hamtrack.return_to_sport import Leg, Measure, MeasureKind

    store.add_check_in(fresh_db, check_in(TODAY, 2))
    at = open_app(PAGE)
    assert "Symmetry between the legs" not in [s.value for s in at.subheader]
    store.save_injury_profile(
        fresh_db, InjuryProfile(Side.LEFT, TODAY - dt.timedelta(days=30), InjuryCause.STRETCHING)
    )
    store.add_measures(
        fresh_db,
        [
            Measure(TODAY, Leg.LEFT, MeasureKind.BRIDGE, 18, pain=0),
            Measure(TODAY, Leg.RIGHT, MeasureKind.BRIDGE, 24, pain=0),
        ],
        today=TODAY,
    )
    at = open_app(PAGE)
    assert not at.exception
    assert at.subheader[-1].value == "Symmetry between the legs"
    assert any(
        "bridge: 18 left vs 24 right, 75 %" in m.value.replace("\\", "") for m in at.markdown
    )
    chart = at.get("vega_lite_chart")[-1].proto
    assert '"strokeDash"' in chart.spec
    # Told in words with its line and latest figure (the chart's accessible name).
    assert "line at 90 %" in chart.alt
    assert "75 %" in chart.alt


def test_the_symmetry_charts_follow_the_range_chosen(open_app, fresh_db):
    """Everything below the range picker shows its weeks: a test before them is not drawn,
    while each test's latest figure still stands above where its chart would be."""
    from hamtrack.injury import InjuryCause, InjuryProfile
    from hamtrack.models import Side
    from hamtrack.return_to_sport import Leg, Measure, MeasureKind

    store.add_check_in(fresh_db, check_in(TODAY, 2))
    store.save_injury_profile(
        fresh_db, InjuryProfile(Side.LEFT, TODAY - dt.timedelta(days=200), InjuryCause.STRETCHING)
    )
    long_ago = TODAY - dt.timedelta(weeks=20)
    store.add_check_in(fresh_db, check_in(long_ago, 2))
    store.add_measures(
        fresh_db,
        [
            Measure(long_ago, Leg.LEFT, MeasureKind.BRIDGE, 18, pain=0),
            Measure(long_ago, Leg.RIGHT, MeasureKind.BRIDGE, 24, pain=0),
        ],
        today=TODAY,
    )
    at = open_app(PAGE)
    assert not at.exception
    assert "No bridge test in these weeks." in [c.value for c in at.caption]
    assert not any("bridge symmetry" in (c.proto.alt or "") for c in at.get("vega_lite_chart"))
    at.segmented_control(key="trends_range").set_value(None).run()
    assert any("bridge symmetry" in (c.proto.alt or "") for c in at.get("vega_lite_chart"))
