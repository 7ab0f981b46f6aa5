"""Adherence: sessions against the weekly target, streaks and the forgiving habit score."""

import datetime as dt
import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hamtrack.adherence import (
    ADHERENCE_COLUMNS,
    WeekStatus,
    best_streak,
    habit_change_text,
    habit_multiplier,
    habit_scores,
    paused_days,
    sessions_needed,
    streak,
    this_week,
    week_percent,
    weekly_adherence,
)
from hamtrack.models import Pause, PauseReason
from hamtrack.weeks import monday_of, mondays, range_start, week_frame, week_label

D = dt.date


def sessions(*days: str) -> pd.DataFrame:
    """One row per logged session, as db.sessions_frame gives them."""
    return pd.DataFrame({"day": pd.to_datetime(list(days), format="%Y-%m-%d")})


def pause(start: str, end: str) -> Pause:
    return Pause(D.fromisoformat(start), D.fromisoformat(end), PauseReason.ILLNESS)


# ---------------------------------------------------------------------------------------------
# ISO weeks.


@pytest.mark.parametrize(
    ("day", "monday", "label"),
    [
        (D(2025, 3, 5), D(2025, 3, 3), "2025-W10"),  # a Wednesday
        (D(2025, 3, 3), D(2025, 3, 3), "2025-W10"),  # a Monday is its own week's start
        (D(2025, 3, 9), D(2025, 3, 3), "2025-W10"),  # a Sunday ends the week
        (D(2025, 1, 1), D(2024, 12, 30), "2025-W01"),  # the week spans the year end
        (D(2024, 12, 31), D(2024, 12, 30), "2025-W01"),
        (D(2021, 1, 3), D(2020, 12, 28), "2020-W53"),  # a 53-week year
        (D(2024, 2, 29), D(2024, 2, 26), "2024-W09"),
    ],
)
def test_a_day_belongs_to_the_iso_week_that_starts_on_its_monday(day, monday, label):
    assert monday_of(day) == monday
    assert week_label(monday_of(day)) == label


def test_week_frame_lists_every_week_across_a_year_end():
    weeks = week_frame(D(2024, 12, 20), D(2025, 1, 8))
    assert weeks["week"].tolist() == ["2024-W51", "2024-W52", "2025-W01", "2025-W02"]
    assert weeks["week_end"].iloc[2] == pd.Timestamp("2025-01-05")
    assert mondays(D(2025, 1, 6), D(2025, 1, 12)) == [D(2025, 1, 6)]


@pytest.mark.parametrize(
    ("weeks", "start"),
    [(1, D(2025, 3, 3)), (4, D(2025, 2, 10)), (None, None)],
)
def test_a_range_of_n_weeks_starts_n_minus_one_mondays_before_this_week(weeks, start):
    assert range_start(D(2025, 3, 5), weeks) == start


# ---------------------------------------------------------------------------------------------
# Weekly adherence.


def test_paused_days_are_clipped_to_the_range():
    found = paused_days(
        [pause("2025-03-01", "2025-03-04"), pause("2025-03-10", "2025-03-10")],
        first=D(2025, 3, 3),
        last=D(2025, 3, 9),
    )
    assert found == {D(2025, 3, 3), D(2025, 3, 4)}


ADHERENCE_TABLE = [
    # (case, session days, pauses, target, first day, today,
    #  expected per week: (week, session_days, sessions_needed, percent, status))
    (
        "three sessions in a week meet a target of 3",
        ["2025-03-03", "2025-03-05", "2025-03-07"],
        [],
        3,
        "2025-03-03",
        "2025-03-12",
        [("2025-W10", 3, 3, 100.0, "met"), ("2025-W11", 0, 3, 0.0, "in progress")],
    ),
    (
        "a fourth session does not lift the percentage past 100",
        ["2025-03-03", "2025-03-04", "2025-03-05", "2025-03-07"],
        [],
        3,
        "2025-03-03",
        "2025-03-10",
        [("2025-W10", 4, 3, 100.0, "met"), ("2025-W11", 0, 3, 0.0, "in progress")],
    ),
    (
        "two sessions on one day count as one day",
        ["2025-03-03", "2025-03-03", "2025-03-05"],
        [],
        3,
        "2025-03-03",
        "2025-03-10",
        [("2025-W10", 2, 3, 200 / 3, "missed"), ("2025-W11", 0, 3, 0.0, "in progress")],
    ),
    (
        "a week with nothing logged is a missed week, not a gap",
        ["2025-03-03", "2025-03-19"],
        [],
        2,
        "2025-03-03",
        "2025-03-19",
        [
            ("2025-W10", 1, 2, 50.0, "missed"),
            ("2025-W11", 0, 2, 0.0, "missed"),
            ("2025-W12", 1, 2, 50.0, "in progress"),
        ],
    ),
    (
        "three paused days leave 3 × 4/7 of the target: 2 sessions",
        ["2025-03-03", "2025-03-07"],
        [pause("2025-03-04", "2025-03-06")],
        3,
        "2025-03-03",
        "2025-03-10",
        [("2025-W10", 2, 2, 100.0, "met"), ("2025-W11", 0, 3, 0.0, "in progress")],
    ),
    (
        "one session in a week with three paused days is 1 of the 2 needed: 50 %",
        ["2025-03-03"],
        [pause("2025-03-04", "2025-03-06")],
        3,
        "2025-03-03",
        "2025-03-10",
        [("2025-W10", 1, 2, 50.0, "missed"), ("2025-W11", 0, 3, 0.0, "in progress")],
    ),
    (
        "a first week starting on Wednesday needs ceil(3 × 5/7) = 3; 2 sessions are 67 %, missed",
        ["2025-03-05", "2025-03-07"],
        [],
        3,
        "2025-03-05",
        "2025-03-10",
        [("2025-W10", 2, 3, 200 / 3, "missed"), ("2025-W11", 0, 3, 0.0, "in progress")],
    ),
    (
        "one unpaused day still needs one session",
        [],
        [pause("2025-03-03", "2025-03-08")],
        3,
        "2025-03-03",
        "2025-03-10",
        [("2025-W10", 0, 1, 0.0, "missed"), ("2025-W11", 0, 3, 0.0, "in progress")],
    ),
    (
        "a fully paused week is neither met nor missed",
        ["2025-03-03"],
        [pause("2025-03-10", "2025-03-16")],
        3,
        "2025-03-03",
        "2025-03-18",
        [
            ("2025-W10", 1, 3, 100 / 3, "missed"),
            ("2025-W11", 0, 0, None, "paused"),
            ("2025-W12", 0, 3, 0.0, "in progress"),
        ],
    ),
    (
        "days before the first log leave the first week's target pro rata",
        ["2025-03-06", "2025-03-08"],
        [],
        3,
        "2025-03-06",
        "2025-03-10",
        [("2025-W10", 2, 2, 100.0, "met"), ("2025-W11", 0, 3, 0.0, "in progress")],
    ),
    (
        "the week of 30 December 2024 is 2025-W01 and holds both years' days",
        ["2024-12-30", "2024-12-31", "2025-01-02"],
        [],
        3,
        "2024-12-23",
        "2025-01-06",
        [
            ("2024-W52", 0, 3, 0.0, "missed"),
            ("2025-W01", 3, 3, 100.0, "met"),
            ("2025-W02", 0, 3, 0.0, "in progress"),
        ],
    ),
    (
        "a target of 7 needs every day",
        [f"2025-03-0{d}" for d in range(3, 9)],
        [],
        7,
        "2025-03-03",
        "2025-03-10",
        [("2025-W10", 6, 7, 600 / 7, "missed"), ("2025-W11", 0, 7, 0.0, "in progress")],
    ),
    (
        "a target met early in the current week already counts as met",
        ["2025-03-10"],
        [],
        1,
        "2025-03-10",
        "2025-03-11",
        [("2025-W11", 1, 1, 100.0, "met")],
    ),
    (
        "a target of 1 with six paused days still asks for one session",
        [],
        [pause("2025-03-04", "2025-03-09")],
        1,
        "2025-03-03",
        "2025-03-10",
        [("2025-W10", 0, 1, 0.0, "missed"), ("2025-W11", 0, 1, 0.0, "in progress")],
    ),
]


@pytest.mark.parametrize(
    ("days", "pauses", "target", "first", "today", "expected"),
    [case[1:] for case in ADHERENCE_TABLE],
    ids=[case[0] for case in ADHERENCE_TABLE],
)
def test_weekly_adherence_counts_session_days_against_the_pro_rata_target(
    days, pauses, target, first, today, expected
):
    weekly = weekly_adherence(
        sessions(*days),
        pauses,
        target=target,
        first_day=D.fromisoformat(first),
        today=D.fromisoformat(today),
    )
    got = list(
        zip(
            weekly["week"],
            weekly["session_days"],
            weekly["sessions_needed"],
            weekly["percent"],
            weekly["status"],
            strict=True,
        )
    )
    assert len(got) == len(expected)
    for (week, done, needed, percent, status), want in zip(got, expected, strict=True):
        assert (week, done, needed, status) == (want[0], want[1], want[2], want[4])
        if want[3] is None:
            assert math.isnan(percent)
        else:
            assert percent == pytest.approx(want[3])


def test_weekly_adherence_keeps_the_exact_pro_rata_target_and_session_count():
    weekly = weekly_adherence(
        sessions("2025-03-03", "2025-03-03"),
        [pause("2025-03-04", "2025-03-06")],
        target=3,
        first_day=D(2025, 3, 3),
        today=D(2025, 3, 9),
    )
    row = weekly.iloc[0]
    assert tuple(weekly.columns) == ADHERENCE_COLUMNS
    assert row["target"] == pytest.approx(12 / 7)
    assert (row["sessions"], row["session_days"], row["paused_days"], row["counted_days"]) == (
        2,
        1,
        3,
        4,
    )
    assert bool(row["complete"]) is False  # Sunday 9 March is today: the week has not ended


def test_sessions_after_today_are_not_counted():
    weekly = weekly_adherence(
        sessions("2025-03-03", "2025-03-06"),
        [],
        target=3,
        first_day=D(2025, 3, 3),
        today=D(2025, 3, 4),
    )
    assert weekly["session_days"].tolist() == [1]


def test_nothing_logged_gives_an_empty_frame_with_the_columns():
    weekly = weekly_adherence(sessions(), [], target=3, first_day=None, today=D(2025, 3, 3))
    assert weekly.empty
    assert tuple(weekly.columns) == ADHERENCE_COLUMNS
    assert this_week(weekly) is None


# ---------------------------------------------------------------------------------------------
# Streaks.

STREAK_TABLE = [
    ("no weeks", [], 0, 0),
    ("all met", ["met", "met", "met"], 3, 3),
    ("a miss breaks the run", ["met", "met", "missed", "met"], 1, 2),
    ("the week in progress does not break it", ["met", "met", "in progress"], 2, 2),
    ("the week in progress counts once met", ["met", "met", "met"], 3, 3),
    ("a paused week is stepped over", ["met", "paused", "met", "in progress"], 2, 2),
    ("a miss last week ends it", ["met", "met", "missed", "in progress"], 0, 2),
    ("paused then missed", ["met", "missed", "paused"], 0, 1),
]


@pytest.mark.parametrize(
    ("statuses", "current", "best"),
    [case[1:] for case in STREAK_TABLE],
    ids=[case[0] for case in STREAK_TABLE],
)
def test_streak_counts_weeks_at_target_back_from_this_week(statuses, current, best):
    weekly = pd.DataFrame({"status": statuses})
    assert streak(weekly) == current
    assert best_streak(weekly) == best


# ---------------------------------------------------------------------------------------------
# The habit score (docs/rules.md §5).

M3 = 0.5 ** (math.sqrt(3 / 7) / 13)


JAN_1, JAN_10 = D(2025, 1, 1), D(2025, 1, 10)


def scores_for(days, paused=(), *, target=3, first=JAN_1, last=JAN_10):
    return habit_scores(
        [D.fromisoformat(d) for d in days],
        [D.fromisoformat(d) for d in paused],
        target=target,
        first_day=first,
        today=last,
    ).tolist()


@pytest.mark.parametrize(
    ("target", "expected"),
    [(3, 0.965697), (1, 0.980049), (7, 0.948078)],
)
def test_the_daily_multiplier_is_half_to_the_power_sqrt_frequency_over_13(target, expected):
    assert habit_multiplier(target) == pytest.approx(expected, abs=1e-6)


def test_habit_score_worked_by_hand_for_a_target_of_three():
    """Day 1 a session: done = 1/6 (1 of 2 × 3 in 14 days); day 2 the same window still holds it."""
    got = scores_for(["2025-01-01"], last=D(2025, 1, 2))
    day1 = 100 * (1 / 6) * (1 - M3)
    day2 = day1 * M3 + 100 * (1 / 6) * (1 - M3)
    assert got == pytest.approx([day1, day2])


def test_habit_score_drops_a_session_once_it_leaves_the_two_week_window():
    got = scores_for(["2025-01-01"], last=D(2025, 1, 15))
    # 1 January is in the window of 1–14 January, and out of it on the 15th.
    assert got[13] == pytest.approx(got[12] * M3 + 100 * (1 / 6) * (1 - M3))
    assert got[14] == pytest.approx(got[13] * M3)


def test_paused_days_leave_the_habit_score_unchanged():
    got = scores_for(["2025-01-01", "2025-01-02"], ["2025-01-03", "2025-01-04"])
    assert got[2] == got[1]
    assert got[3] == got[1]
    assert got[4] > got[3]


def test_paused_days_leave_the_timeline():
    """After a 14-day pause and perfect training, the score goes on as if the pause never was
    (the issue's 82.7 → 72.7 drop): the window counts back over unpaused days."""
    first = D(2025, 1, 6)
    before = [first + dt.timedelta(days=n) for n in range(0, 56) if n % 7 in (0, 2, 4)]
    pause_days = [first + dt.timedelta(days=56 + n) for n in range(14)]
    after = [first + dt.timedelta(days=70 + n) for n in range(0, 14) if n % 7 in (0, 2, 4)]
    with_pause = habit_scores(
        before + after, pause_days, target=3, first_day=first, today=first + dt.timedelta(days=83)
    )
    straight = habit_scores(
        before + [d - dt.timedelta(days=14) for d in after],
        [],
        target=3,
        first_day=first,
        today=first + dt.timedelta(days=69),
    )
    assert with_pause.iloc[-1] == pytest.approx(straight.iloc[-1])
    assert with_pause.iloc[55 + 7] == pytest.approx(with_pause.iloc[55])  # a week into the pause
    assert with_pause.iloc[-1] > with_pause.iloc[55]


@pytest.mark.parametrize(
    ("change", "text"),
    [
        (None, None),
        (0.4, "no change since last week"),
        (-0.4, "no change since last week"),  # never "−0"
        (0.5, "+1 since last week"),
        (-2.6, "-3 since last week"),
    ],
)
def test_a_habit_change_that_rounds_to_0_is_no_change(change, text):
    assert habit_change_text(change) == text


@pytest.mark.parametrize(
    ("target", "unpaused", "needed"),
    [(3, 7, 3), (3, 5, 3), (3, 4, 2), (3, 1, 1), (3, 0, 0), (7, 6, 6), (1, 1, 1), (2, 7, 2)],
)
def test_a_week_needs_ceil_of_target_times_unpaused_days_over_7(target, unpaused, needed):
    assert sessions_needed(target, unpaused) == needed


@pytest.mark.parametrize(
    ("days", "needed", "percent"),
    [(2, 3, 200 / 3), (3, 3, 100.0), (4, 3, 100.0), (0, 1, 0.0), (0, 0, None)],
)
def test_the_percentage_is_of_the_same_whole_need_as_met_or_missed(days, needed, percent):
    got = week_percent(days, needed)
    assert got == (None if percent is None else pytest.approx(percent))
    if got is not None:
        assert (got == 100.0) is (days >= needed)


def test_a_daily_target_looks_back_one_week_without_doubling():
    m7 = habit_multiplier(7)
    got = scores_for([f"2025-01-0{d}" for d in range(1, 8)], target=7, last=D(2025, 1, 7))
    # On 7 January all 7 of the last 7 days had a session: done = 1.
    assert got[6] == pytest.approx(got[5] * m7 + 100 * (1 - m7))


def test_a_missed_week_dents_a_strong_habit_but_does_not_reset_it():
    first = D(2025, 1, 6)
    days = [first + dt.timedelta(days=n) for n in range(0, 84) if n % 7 in (0, 2, 4)]
    strong = habit_scores(days, [], target=3, first_day=first, today=D(2025, 3, 30))
    missed = habit_scores(
        [d for d in days if not D(2025, 3, 17) <= d <= D(2025, 3, 23)],
        [],
        target=3,
        first_day=first,
        today=D(2025, 3, 30),
    )
    assert strong.iloc[-1] > 90
    assert 60 < missed.iloc[-1] < strong.iloc[-1]


def test_weekly_adherence_reports_the_habit_score_at_each_weeks_end():
    weekly = weekly_adherence(
        sessions("2025-03-03", "2025-03-11"),
        [],
        target=3,
        first_day=D(2025, 3, 3),
        today=D(2025, 3, 12),
    )
    scores = habit_scores(
        [D(2025, 3, 3), D(2025, 3, 11)], [], target=3, first_day=D(2025, 3, 3), today=D(2025, 3, 12)
    )
    assert weekly["habit_score"].tolist() == pytest.approx([scores.iloc[6], scores.iloc[-1]])
    summary = this_week(weekly)
    assert summary.habit_score == pytest.approx(scores.iloc[-1])
    assert summary.habit_score_change == pytest.approx(scores.iloc[-1] - scores.iloc[6])
    assert (summary.session_days, summary.sessions_needed, summary.status) == (
        1,
        3,
        WeekStatus.IN_PROGRESS,
    )


@settings(max_examples=60, deadline=None)
@given(
    offsets=st.sets(st.integers(0, 59), max_size=40),
    paused=st.sets(st.integers(0, 59), max_size=20),
    extra=st.integers(0, 59),
    target=st.integers(1, 7),
)
def test_habit_score_stays_in_range_and_another_session_never_lowers_it(
    offsets, paused, extra, target
):
    first = D(2025, 1, 1)
    last = first + dt.timedelta(days=59)
    as_days = lambda ns: [first + dt.timedelta(days=n) for n in ns]  # noqa: E731
    before = habit_scores(
        as_days(offsets), as_days(paused), target=target, first_day=first, today=last
    )
    after = habit_scores(
        as_days(offsets | {extra}), as_days(paused), target=target, first_day=first, today=last
    )
    assert ((before >= 0) & (before <= 100)).all()
    assert (after >= before - 1e-9).all()


@settings(max_examples=60, deadline=None)
@given(
    offsets=st.sets(st.integers(0, 34), max_size=30),
    paused=st.sets(st.integers(0, 34), max_size=20),
    start=st.integers(0, 6),
    target=st.integers(1, 7),
)
def test_the_percentage_and_met_or_missed_never_disagree(offsets, paused, start, target):
    """Whatever the logs and pauses, a week at 100 % is met and a week met is at 100 % (§5)."""
    monday = D(2025, 3, 3)
    first = monday + dt.timedelta(days=start)
    days = [monday + dt.timedelta(days=n) for n in sorted(offsets) if n >= start]
    pauses = [
        Pause(monday + dt.timedelta(days=n), monday + dt.timedelta(days=n), PauseReason.ILLNESS)
        for n in paused
    ]
    weekly = weekly_adherence(
        sessions(*[d.isoformat() for d in days]) if days else sessions(),
        pauses,
        target=target,
        first_day=first,
        today=monday + dt.timedelta(days=35),
    )
    for row in weekly.itertuples():
        if row.status == WeekStatus.PAUSED:
            assert math.isnan(row.percent)
            continue
        assert row.sessions_needed >= 1
        assert (row.percent == 100.0) is (row.status == WeekStatus.MET)
