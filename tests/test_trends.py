"""Trends: weekly pain, exercise volume, questionnaire scores and the weekly summary."""

import datetime as dt
import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hamtrack import db as store
from hamtrack.models import (
    CheckIn,
    ExerciseDone,
    Pause,
    PauseReason,
    ProgrammeExercise,
    QuestionnaireResponse,
    Region,
    Session,
)
from hamtrack.trends import (
    SUMMARY_COLUMNS,
    WEEKLY_PAIN_COLUMNS,
    daily_points,
    exercise_pain,
    exercise_summary,
    exercise_volume,
    latest_score,
    meaningful_pain_change,
    pain_so_far,
    pain_trend,
    pauses_in,
    questionnaire_band,
    questionnaire_series,
    read_trend_data,
    volume_unit,
    weekly_pain,
    weekly_summary,
    weekly_summary_of,
)
from tests.frames import daily, done, scores

D = dt.date


# ---------------------------------------------------------------------------------------------
# What counts as a meaningful change in pain (docs/rules.md §2).


@pytest.mark.parametrize(
    ("earlier", "later", "meaningful"),
    [
        (8.0, 6.0, True),  # 2 points
        (8.0, 6.1, False),  # 1.9 points
        (5.0, 3.5, False),  # 30 %, but 1.5 points
        (1.0, 0.7, False),  # 30 % of a small value is noise
        (0.5, 0.3, False),  # the "40 %" at the floor
        (3.0, 5.0, True),  # worse counts too
        (0.0, 1.9, False),
        (0.0, 2.0, True),
        (4.96, 2.96, True),  # shown as 5.0 and 3.0: 2 points on screen
        (4.0, 4.0, False),
    ],
)
def test_a_pain_change_is_meaningful_at_2_points_whatever_the_percentage(
    earlier, later, meaningful
):
    assert meaningful_pain_change(earlier, later) is meaningful


# ---------------------------------------------------------------------------------------------
# Weekly pain.


def test_weekly_pain_worked_by_hand_with_an_empty_week_and_a_year_end():
    days = daily(
        ("2024-12-23", 4, 5.0, 4, 6, 3),
        ("2024-12-25", None, 3.0, 3, 3),  # no morning check-in that day
        # 2024-12-30 to 2025-01-05 (2025-W01) has nothing logged
        ("2025-01-06", 2, 2.5, 2, 3, 1),
        ("2025-01-12", 1, 1.0, 1, 1, 1),
    )
    weekly = weekly_pain(days, first=D(2024, 12, 23), last=D(2025, 1, 12))
    assert tuple(weekly.columns) == WEEKLY_PAIN_COLUMNS
    assert weekly["week"].tolist() == ["2024-W52", "2025-W01", "2025-W02"]
    assert weekly["days_logged"].tolist() == [2, 0, 2]
    assert weekly["morning_days"].tolist() == [1, 0, 2]
    first, empty, last = weekly.iloc[0], weekly.iloc[1], weekly.iloc[2]
    assert (first["pain_mean"], first["pain_min"], first["pain_max"]) == (4.0, 3, 6)
    assert (first["morning_pain_mean"], first["stiffness_mean"]) == (4.0, 3.0)
    assert math.isnan(empty["pain_mean"])
    assert math.isnan(empty["morning_pain_mean"])
    assert (last["pain_mean"], last["morning_pain_mean"], last["morning_pain_max"]) == (
        1.75,
        1.5,
        2,
    )
    assert (last["stiffness_min"], last["stiffness_max"]) == (1, 1)


def test_weekly_pain_with_no_check_ins_has_one_empty_row_per_week():
    weekly = weekly_pain(daily(), first=D(2025, 3, 3), last=D(2025, 3, 20))
    assert weekly["days_logged"].tolist() == [0, 0, 0]
    assert weekly["pain_mean"].isna().all()


PAIN_TREND_TABLE = [
    # (case, weekly means of the 4 complete weeks before this one and this week (days with a
    #  check-in in brackets), expected (earlier, later, meaningful))
    ("eases meaningfully", [(6.0, 3), (5.0, 3), (4.5, 3), (4.0, 3), (1.0, 2)], (6.0, 4.0, True)),
    ("barely moves", [(4.0, 3), (4.2, 3), (3.9, 3), (3.6, 3), (1.0, 2)], (4.0, 3.6, False)),
    ("skips thin weeks at both ends", [(9, 2), (5.0, 3), (3.0, 4), (1, 2), None], (5.0, 3.0, True)),
    ("rises meaningfully", [(2.0, 3), (2.5, 3), (3.0, 3), (4.0, 7), None], (2.0, 4.0, True)),
    (
        "the week in progress is never the end point",
        [(4.0, 3), (4.0, 3), (4.0, 3), (4.0, 3), (1.0, 3)],
        (4.0, 4.0, False),
    ),
    ("one complete week is not a trend", [None, None, (4.0, 3), (1.0, 2), (1.0, 3)], None),
    ("no pain logged", [None, None, None, None, None], None),
]


@pytest.mark.parametrize(
    ("means", "expected"),
    [case[1:] for case in PAIN_TREND_TABLE],
    ids=[case[0] for case in PAIN_TREND_TABLE],
)
def test_the_pain_trend_compares_complete_weeks_with_3_days_in_the_last_four(means, expected):
    today = D(2025, 3, 26)  # a Wednesday in the week of 24 March
    rows = []
    for n, week in enumerate(means):
        if week is not None:
            mean, days = week
            monday = D(2025, 2, 24) + dt.timedelta(weeks=n)
            rows += [
                (f"{monday + dt.timedelta(days=d)}", mean, mean, mean, mean) for d in range(days)
            ]
    # An old week outside the window must not be the "earlier" one.
    old = [(f"{D(2025, 2, 17) + dt.timedelta(days=d)}", 9, 9.0, 9, 9) for d in range(3)]
    weekly = weekly_pain(daily(*old, *rows), first=D(2025, 2, 17), last=today)
    trend = pain_trend(weekly, today=today)
    if expected is None:
        assert trend is None
    else:
        assert (trend.earlier, trend.later, trend.meaningful) == expected
        assert trend.change == pytest.approx(expected[1] - expected[0])
        assert trend.later_week < D(2025, 3, 24)


def test_this_weeks_pain_is_shown_so_far_with_its_days():
    weekly = weekly_pain(
        daily(("2025-03-24", 3, 3.0, 3, 3), ("2025-03-25", 2, 2.0, 2, 2)),
        first=D(2025, 3, 17),
        last=D(2025, 3, 26),
    )
    so_far = pain_so_far(weekly, today=D(2025, 3, 26))
    assert (so_far.week, so_far.mean, so_far.days) == (D(2025, 3, 24), 2.5, 2)
    assert pain_so_far(weekly, today=D(2025, 3, 31)) is None


def test_daily_points_keep_one_mean_per_day_from_the_start_of_the_range():
    points = daily_points(
        daily(("2025-03-01", 1, 1.0, 1, 1), ("2025-03-03", 2, 2.5, 2, 3)), since=D(2025, 3, 3)
    )
    assert points.to_dict("list") == {"day": [pd.Timestamp("2025-03-03")], "pain": [2.5]}


# ---------------------------------------------------------------------------------------------
# Exercises.


def test_exercise_volume_sums_reps_and_holds_per_week_and_exercise():
    frame = done(
        ("2025-03-03", "bridge", 3, 10, None, 1, 2),
        ("2025-03-05", "bridge", 2, 12, None, 2, 4),
        ("2025-03-05", "wall-stretch", 2, None, 45, 0, 1),
        ("2025-03-05", "wall-stretch", None, None, 30, 0, 3),  # no sets given: one set
        ("2025-03-10", "bridge", 3, 10, None, 2, 1),
    )
    volume = exercise_volume(frame)
    rows = {
        (r.week, r.exercise): (r.times, r.sets, r.volume, r.band_min, r.band_max, r.pain_max)
        for r in volume.itertuples()
    }
    assert rows == {
        ("2025-W10", "bridge"): (2, 5, 54.0, 1, 2, 4),
        ("2025-W10", "wall-stretch"): (1, 3, 120.0, 0, 0, 3),
        ("2025-W11", "bridge"): (1, 3, 30.0, 2, 2, 1),
    }
    units = dict(zip(volume["exercise"], volume["unit"], strict=False))
    assert units == {"bridge": "reps", "wall-stretch": "seconds"}
    assert volume.loc[volume["exercise"] == "bridge", "pain_mean"].tolist() == [3.0, 1.0]


def test_exercise_volume_from_a_date_leaves_earlier_weeks_out():
    frame = done(
        ("2025-03-03", "bridge", 1, 5, None, 0, 0), ("2025-03-10", "bridge", 1, 5, None, 0, 0)
    )
    assert exercise_volume(frame, since=D(2025, 3, 10))["week"].tolist() == ["2025-W11"]
    assert exercise_volume(done(), since=None).empty


def test_exercise_summary_measures_each_programme_exercise_against_the_sessions_since_added():
    frame = done(
        ("2025-03-03", "bridge", 3, 10, None, 1, 2),
        ("2025-03-05", "bridge", 2, 10, None, 2, 4),
        ("2025-03-05", "wall-stretch", 2, None, 45, 0, 1),
        ("2025-03-07", "wall-stretch", 2, None, 45, 0, 1),
        ("2025-03-07", "straight-leg-raise", 2, 10, None, 0, 0),
    )
    programme = [
        ProgrammeExercise("bridge", sets=3, reps=10, band_level=1, added_on=D(2025, 3, 1)),
        ProgrammeExercise("wall-stretch", sets=2, hold_s=45, added_on=D(2025, 3, 5)),
        ProgrammeExercise("sitting-heel-dig", sets=8, hold_s=7, added_on=D(2025, 3, 1)),
    ]
    summary = exercise_summary(frame, programme).set_index("exercise")
    assert summary.index.tolist() == [
        "bridge",
        "wall-stretch",
        "sitting-heel-dig",
        "straight-leg-raise",
    ]
    bridge = summary.loc["bridge"]
    # Done on 2 of the 3 session days; per day 30 and 20 reps: median 25 of 30 prescribed.
    assert (bridge["times_done"], bridge["session_days"]) == (2, 3)
    assert bridge["percent_of_sessions"] == pytest.approx(200 / 3)
    assert (bridge["prescribed"], bridge["typical"], bridge["dose_percent"]) == (30, 25, 2500 / 30)
    assert (bridge["band_prescribed"], bridge["band_latest"]) == (1, 2)
    assert (bridge["pain_mean"], bridge["pain_max"]) == (3.0, 4)
    stretch = summary.loc["wall-stretch"]
    # Added on 5 March: only the sessions of the 5th and the 7th count.
    assert (stretch["times_done"], stretch["session_days"], stretch["percent_of_sessions"]) == (
        2,
        2,
        100.0,
    )
    assert (stretch["unit"], stretch["prescribed"], stretch["typical"]) == ("seconds", 90, 90)
    never = summary.loc["sitting-heel-dig"]
    assert (never["times_done"], never["percent_of_sessions"]) == (0, 0.0)
    assert math.isnan(never["typical"])
    extra = summary.loc["straight-leg-raise"]
    assert not extra["in_programme"]
    assert math.isnan(extra["percent_of_sessions"])


def test_exercise_pain_is_the_mean_and_highest_pain_during_each_exercise():
    frame = done(
        ("2025-03-03", "bridge", 3, 10, None, 1, 2),
        ("2025-03-05", "bridge", 2, 10, None, 2, 5),
        ("2025-03-05", "wall-stretch", 2, None, 45, 0, 1),
    )
    result = exercise_pain(frame).set_index("exercise")
    assert result.loc["bridge", ["times", "pain_mean", "pain_max"]].tolist() == [2, 3.5, 5]
    assert result.loc["wall-stretch", "name"] == "Wall hamstring stretch"


# ---------------------------------------------------------------------------------------------
# Questionnaire scores.


def test_questionnaire_series_compares_every_score_with_the_first():
    series = questionnaire_series(
        scores(
            ("2025-03-02", 40.0), ("2025-03-09", None), ("2025-03-16", 32.0), ("2025-03-23", 28.0)
        )
    )
    assert series["percent"].tolist() == [40.0, 32.0, 28.0]  # the unscored one is left out
    assert series["change"].tolist() == [0.0, -8.0, -12.0]
    assert series["meaningful"].tolist() == [False, False, True]  # 10 points or more
    assert series["band"].tolist() == ["moderate", "moderate", "moderate"]
    assert series["week"].tolist() == ["2025-W09", "2025-W11", "2025-W12"]


@pytest.mark.parametrize(
    ("baseline", "latest", "shown"),
    [(35.5, 23.0, -13), (37.5, 25.0, -13), (22.5, 35.0, 12), (40.0, 40.0, 0)],
)
def test_the_score_change_shown_is_between_the_whole_numbers_shown(baseline, latest, shown):
    """35.5 shows as 36 and 23 as 23: the change shown is -13, never a rounding of -12.5."""
    result = latest_score(scores(("2025-03-02", baseline), ("2025-03-16", latest)))
    assert result.points_shown == shown


def test_questionnaire_series_from_a_date_keeps_the_very_first_as_baseline():
    series = questionnaire_series(
        scores(("2025-03-02", 40.0), ("2025-03-16", 32.0), ("2025-03-23", 28.0)),
        since=D(2025, 3, 10),
    )
    assert series["percent"].tolist() == [32.0, 28.0]
    assert series["change"].tolist() == [-8.0, -12.0]


@pytest.mark.parametrize(
    ("baseline", "band"),
    [(50, (40, 60)), (20, (10, 30)), (0, (0, 10)), (95, (85, 100)), (4, (0, 14))],
)
def test_the_questionnaire_band_is_within_10_points_of_the_first_score(baseline, band):
    assert questionnaire_band(baseline) == pytest.approx(band)


def definitions(*rows):
    """scores() rows with their definition: (day, percent, id, version)."""
    frame = scores(*[(day, percent) for day, percent, _, _ in rows])
    frame["questionnaire_id"] = [row[2] for row in rows]
    frame["questionnaire_version"] = [row[3] for row in rows]
    return frame


def test_a_baseline_never_spans_two_definitions():
    """A clinic's `odi` at 40 is never compared with our Oswestry-style 60 (docs/rules.md §6)."""
    frame = definitions(
        ("2025-03-02", 60.0, "hamtrack-oswestry-style", "1"),
        ("2025-03-09", 40.0, "odi", "2.1a"),
        ("2025-03-16", 36.0, "odi", "2.1a"),
    )
    latest = latest_score(frame)
    assert (latest.baseline, latest.baseline_day) == (40.0, D(2025, 3, 9))
    assert latest.points_shown == -4
    assert not latest.change.meaningful
    assert latest.definition == "odi version 2.1a"
    series = questionnaire_series(frame)
    assert series["change"].tolist() == [0.0, 0.0, -4.0]
    assert series["meaningful"].tolist() == [False, False, False]
    alone = latest_score(frame.iloc[:2])
    assert alone.change is None  # the first of its definition is its own baseline


def test_latest_score_reports_the_change_since_the_first():
    latest = latest_score(scores(("2025-03-02", 40.0), ("2025-03-16", 28.0)))
    assert (latest.day, latest.percent, latest.baseline_day, latest.baseline) == (
        D(2025, 3, 16),
        28.0,
        D(2025, 3, 2),
        40.0,
    )
    assert latest.change.meaningful
    assert latest.change.direction == "better"
    assert latest.points_shown == -12
    only = latest_score(scores(("2025-03-02", 40.0)))
    assert only.change is None
    assert only.points_shown is None
    assert latest_score(scores(("2025-03-02", None))) is None


# ---------------------------------------------------------------------------------------------
# Reading from the database, and the weekly summary.

TODAY = D(2025, 3, 19)  # a Wednesday


def check_in(day: dt.date, pain: int, time=dt.time(8, 0)) -> CheckIn:
    return CheckIn(
        day=day,
        time=time,
        pain={Region.LEFT_HAMSTRING: pain, Region.RIGHT_HAMSTRING: 0, Region.LOW_BACK: 0},
        stiffness=pain,
    )


def session(day: dt.date, pain: int = 1) -> Session:
    return Session(day=day, exercises=(ExerciseDone("bridge", pain_during=pain, sets=2, reps=10),))


def test_a_check_in_backfilled_into_a_past_week_counts_in_that_week(fresh_db):
    store.store_bundle(
        fresh_db,
        store.Bundle(
            check_ins=(check_in(D(2025, 3, 3), 6), check_in(D(2025, 3, 17), 2)),
            sessions=(session(D(2025, 3, 17)),),
        ),
        today=TODAY,
    )
    before = weekly_summary_of(fresh_db, today=TODAY)
    assert before["days_logged"].tolist() == [1, 0, 1]
    store.add_check_in(fresh_db, check_in(D(2025, 3, 12), 4), today=TODAY)
    store.add_session(fresh_db, session(D(2025, 3, 11)), today=TODAY)
    after = weekly_summary_of(fresh_db, today=TODAY)
    assert after["week"].tolist() == ["2025-W10", "2025-W11", "2025-W12"]
    assert after["days_logged"].tolist() == [1, 1, 1]
    assert after["pain_mean"].tolist() == [6.0, 4.0, 2.0]
    assert after["session_days"].tolist() == [0, 1, 1]


def test_read_trend_data_reads_pain_from_before_the_range_and_nothing_after_today(fresh_db):
    store.store_bundle(
        fresh_db,
        store.Bundle(
            check_ins=(
                check_in(D(2024, 6, 3), 5),
                check_in(D(2025, 1, 6), 4),
                check_in(D(2025, 3, 18), 3),
                check_in(D(2025, 3, 25), 1),
            ),
            sessions=(session(D(2024, 6, 4)), session(D(2025, 3, 25))),
            weekly_target=2,
        ),
        today=D(2025, 3, 25),
    )
    data = read_trend_data(fresh_db, today=TODAY, since=D(2025, 3, 3))
    # Eight weeks before the range's first Monday, for the rules that look back.
    assert data.read_from == D(2025, 1, 6)
    assert data.first_day == D(2024, 6, 3)
    assert data.target == 2
    assert [ts.date() for ts in data.daily_pain["day"]] == [D(2025, 1, 6), D(2025, 3, 18)]
    assert [ts.date() for ts in data.sessions["day"]] == [D(2024, 6, 4)]  # whole history
    assert not data.is_empty


def test_each_frame_the_trends_read_comes_only_from_the_tables_its_reader_names(fresh_db):
    """A caller keeps each frame until one of the tables named with its reader changes
    (trends.Read): every reader must read those tables and no other, and the frames read
    through the hook are the ones read straight."""
    from hamtrack import demo
    from tests.sqlite_reads import tables_read

    store.store_bundle(fresh_db, demo.generate(weeks=12, seed=2, today=TODAY), today=TODAY)
    calls = []

    def read(reader, tables, **options):
        seen = tables_read(fresh_db, lambda db: reader(db, **options))
        calls.append((reader.__name__, seen, set(tables)))
        return reader(fresh_db, **options)

    through_hook = read_trend_data(fresh_db, today=TODAY, since=D(2025, 3, 3), read=read)
    straight = read_trend_data(fresh_db, today=TODAY, since=D(2025, 3, 3))
    assert {name for name, _, _ in calls} == {
        "session_days_frame",
        "daily_pain_frame",
        "session_exercises_frame",
        "read_scores",
    }
    for name, seen, named in calls:
        assert seen == named, name
    for field in ("sessions", "daily_pain", "exercises", "scores"):
        pd.testing.assert_frame_equal(getattr(through_hook, field), getattr(straight, field))
    assert not through_hook.scores.empty
    assert not through_hook.exercises.empty


def test_weekly_summary_puts_adherence_pain_and_the_weeks_last_score_side_by_side(fresh_db):
    from hamtrack.oswestry import SECTION_IDS

    def response(day, answers):
        return QuestionnaireResponse(
            day=day,
            questionnaire_id="oswestry-style",
            questionnaire_version="1",
            section_ids=SECTION_IDS,
            answers=answers,
        )

    store.store_bundle(
        fresh_db,
        store.Bundle(
            check_ins=(check_in(D(2025, 3, 4), 5), check_in(D(2025, 3, 5), 3)),
            sessions=(session(D(2025, 3, 4)), session(D(2025, 3, 6)), session(D(2025, 3, 8))),
            responses=(response(D(2025, 3, 4), (2,) * 10), response(D(2025, 3, 7), (1,) * 10)),
            pauses=(Pause(D(2025, 3, 10), D(2025, 3, 16), PauseReason.HOLIDAY),),
        ),
        today=TODAY,
    )
    summary = weekly_summary_of(fresh_db, today=TODAY)
    assert tuple(summary.columns) == SUMMARY_COLUMNS
    assert summary["week"].tolist() == ["2025-W10", "2025-W11", "2025-W12"]
    first = summary.iloc[0]
    # First logged on Tuesday 4 March: 6 days count, 3 × 6/7 → 3 sessions needed.
    assert (first["session_days"], first["sessions_needed"], first["status"]) == (3, 3, "met")
    assert (first["pain_mean"], first["pain_min"], first["pain_max"]) == (4.0, 3, 5)
    assert (first["questionnaire_score"], first["questionnaire_band"]) == (20.0, "minimal")
    assert first["weekly_target"] == 3
    assert summary["status"].tolist() == ["met", "paused", "in progress"]
    assert summary["paused_days"].tolist() == [0, 7, 0]
    assert math.isnan(summary.iloc[1]["questionnaire_score"])
    assert math.isnan(summary.iloc[2]["pain_mean"])
    later = weekly_summary_of(fresh_db, today=TODAY, since=D(2025, 3, 12))
    assert later["week"].tolist() == ["2025-W11", "2025-W12"]


def test_an_empty_database_has_an_empty_summary(fresh_db):
    summary = weekly_summary(read_trend_data(fresh_db, today=TODAY))
    assert summary.empty
    assert tuple(summary.columns) == SUMMARY_COLUMNS
    assert store.first_logged_day(fresh_db) is None


def test_pauses_are_clipped_to_the_range_and_end_the_day_after_their_last_day():
    frame = pauses_in(
        [
            Pause(D(2025, 2, 20), D(2025, 3, 4), PauseReason.ILLNESS),
            Pause(D(2025, 3, 10), D(2025, 3, 10), PauseReason.ADVISED_REST),
            Pause(D(2025, 1, 1), D(2025, 1, 5), PauseReason.HOLIDAY),
        ],
        first=D(2025, 3, 3),
        last=TODAY,
    )
    assert frame["start"].dt.date.tolist() == [D(2025, 3, 3), D(2025, 3, 10)]
    assert frame["end"].dt.date.tolist() == [D(2025, 3, 5), D(2025, 3, 11)]
    assert frame["label"].tolist() == ["Paused: Illness", "Paused: Rest advised by a clinician"]


_LOGGED = st.tuples(
    st.integers(0, 90).map(lambda n: str(D(2025, 1, 1) + dt.timedelta(days=n))),
    st.sampled_from(["bridge", "wall-stretch", "nordic-curl", "not-in-the-catalogue"]),
    st.one_of(st.none(), st.integers(1, 20)),
    st.one_of(st.none(), st.integers(1, 100)),
    st.one_of(st.none(), st.integers(1, 600)),
    st.integers(0, 5),
    st.integers(0, 10),
).filter(lambda row: row[3] is not None or row[4] is not None)
"""A logged exercise as the database may hold one: reps, a hold or both, sets maybe missing."""


@given(rows=st.lists(_LOGGED, max_size=40), since_day=st.one_of(st.none(), st.integers(0, 90)))
@settings(max_examples=60, deadline=None)
def test_the_weekly_volume_and_the_exercise_summary_count_the_same_exercises(rows, since_day):
    """Every exercise done since `since` counts once in its week's volume, by its unit (sets ×
    reps, or sets × seconds held; 1 set when none is given), and the summary counts the same
    days: the two views of the log never disagree."""
    since = None if since_day is None else D(2025, 1, 1) + dt.timedelta(days=since_day)
    logged = done(*rows)
    kept = [r for r in rows if since is None or dt.date.fromisoformat(r[0]) >= since]
    volume = exercise_volume(logged, since=since)
    summary = exercise_summary(logged, (), since=since)
    for slug in {r[1] for r in kept}:
        mine = [r for r in kept if r[1] == slug]
        held = volume_unit(slug) == "seconds"
        amounts = [
            (sets or 1) * ((hold if hold is not None else reps) if held else (reps or hold))
            for _, _, sets, reps, hold, _, _ in mine
        ]
        weeks = volume[volume["exercise"] == slug]
        assert weeks["volume"].sum() == sum(amounts)
        assert weeks["sets"].sum() == sum(r[2] or 1 for r in mine)
        assert weeks["pain_max"].max() == max(r[6] for r in mine)
        assert (weeks["band_min"] <= weeks["band_max"]).all()
        days = {r[0] for r in mine}
        row = summary[summary["exercise"] == slug].iloc[0]
        assert weeks["times"].sum() == row["times_done"] == len(days)
        assert row["session_days"] == len({r[0] for r in kept})
        assert row["pain_mean"] == pytest.approx(sum(r[6] for r in mine) / len(mine))
    assert set(volume["exercise"]) == set(summary["exercise"]) == {r[1] for r in kept}
