"""Pain-monitoring flags: each rule of domain.md §4 against hand-worked logs."""

import datetime as dt

import pandas as pd
import pytest

from hamtrack.flags import (
    Flag,
    FlagKind,
    exercise_flags,
    morning_rise_flags,
    next_morning_flags,
    pain_flags,
    persistent_pain,
)
from hamtrack.trends import weekly_pain
from tests.frames import daily, done

D = dt.date


def days(*isos: str) -> pd.Series:
    return pd.Series(pd.to_datetime(list(isos), format="%Y-%m-%d"))


# ---------------------------------------------------------------------------------------------
# Pain during exercise.

EXERCISE_TABLE = [
    ("5 is allowed", [5], []),
    ("6 is a breach", [6], [FlagKind.EXERCISE_PAIN]),
    ("7 is severe, not also a breach", [7], [FlagKind.SEVERE_EXERCISE_PAIN]),
    ("10 is severe", [10], [FlagKind.SEVERE_EXERCISE_PAIN]),
    ("the worst of two logs that day decides", [3, 8], [FlagKind.SEVERE_EXERCISE_PAIN]),
]


@pytest.mark.parametrize(
    ("pains", "kinds"),
    [case[1:] for case in EXERCISE_TABLE],
    ids=[case[0] for case in EXERCISE_TABLE],
)
def test_exercise_pain_above_5_is_a_breach_and_7_or_more_is_severe(pains, kinds):
    frame = done(*[("2025-03-04", "bridge", 2, 10, None, 0, p) for p in pains])
    flags = exercise_flags(frame)
    assert [f.kind for f in flags] == kinds
    for flag in flags:
        assert (flag.day, flag.exercise, flag.week) == (D(2025, 3, 4), "bridge", None)
        assert "Tue 4 Mar 2025" in flag.message
        assert "Glute bridge" in flag.message
        assert f"{max(pains)}/10" in flag.message


def test_a_severe_flag_says_stop_and_see_a_professional():
    (flag,) = exercise_flags(done(("2025-03-04", "bridge", 2, 10, None, 0, 7)))
    assert "stop" in flag.message
    assert "physiotherapist or doctor" in flag.message
    assert flag.kind.urgent


def test_each_exercise_and_day_is_flagged_once():
    frame = done(
        ("2025-03-04", "bridge", 2, 10, None, 0, 6),
        ("2025-03-04", "wall-stretch", 2, None, 30, 0, 6),
        ("2025-03-05", "bridge", 2, 10, None, 0, 6),
    )
    flags = exercise_flags(frame)
    assert [(f.day, f.exercise) for f in flags] == [
        (D(2025, 3, 4), "bridge"),
        (D(2025, 3, 4), "wall-stretch"),
        (D(2025, 3, 5), "bridge"),
    ]


# ---------------------------------------------------------------------------------------------
# Pain should settle by the next morning.

NEXT_MORNING_TABLE = [
    # (case, session days, (day, morning pain) rows, flagged days)
    (
        "higher the next morning",
        ["2025-03-04"],
        [("2025-03-04", 2), ("2025-03-05", 3)],
        ["2025-03-05"],
    ),
    ("the same the next morning", ["2025-03-04"], [("2025-03-04", 2), ("2025-03-05", 2)], []),
    ("lower the next morning", ["2025-03-04"], [("2025-03-04", 4), ("2025-03-05", 1)], []),
    ("no session that day", [], [("2025-03-04", 2), ("2025-03-05", 5)], []),
    (
        "no morning on the session's day",
        ["2025-03-04"],
        [("2025-03-04", None), ("2025-03-05", 5)],
        [],
    ),
    ("no check-in the next day", ["2025-03-04"], [("2025-03-04", 2), ("2025-03-06", 5)], []),
    (
        "across a year end",
        ["2024-12-31"],
        [("2024-12-31", 1), ("2025-01-01", 4)],
        ["2025-01-01"],
    ),
    (
        "two sessions in a row, each judged on its own next morning",
        ["2025-03-04", "2025-03-05"],
        [("2025-03-04", 1), ("2025-03-05", 2), ("2025-03-06", 2)],
        ["2025-03-05"],
    ),
]


@pytest.mark.parametrize(
    ("sessions", "mornings", "flagged"),
    [case[1:] for case in NEXT_MORNING_TABLE],
    ids=[case[0] for case in NEXT_MORNING_TABLE],
)
def test_morning_pain_the_day_after_a_session_should_not_be_higher(sessions, mornings, flagged):
    pain = daily(*[(day, m, 3.0, 1, 5) for day, m in mornings])
    flags = next_morning_flags(days(*sessions), pain)
    assert [f.day for f in flags] == [D.fromisoformat(d) for d in flagged]
    assert all(f.kind is FlagKind.NEXT_MORNING_WORSE for f in flags)


def test_the_next_morning_flag_names_both_mornings():
    pain = daily(("2025-03-04", 2, 3.0, 2, 4), ("2025-03-05", 4, 4.0, 4, 4))
    (flag,) = next_morning_flags(days("2025-03-04"), pain)
    assert "Wed 5 Mar 2025" in flag.message
    assert "4/10" in flag.message
    assert "2/10" in flag.message
    assert "the day before" in flag.message
    assert "settle by the next morning" in flag.message


# ---------------------------------------------------------------------------------------------
# A week's morning pain against the week before.

MORNING_RISE_TABLE = [
    # (case, morning pains by week (Monday, values), flagged Mondays)
    ("up exactly 1 point", [("2025-03-03", [2, 2]), ("2025-03-10", [3, 3])], ["2025-03-10"]),
    ("up 0.9", [("2025-03-03", [2.0]), ("2025-03-10", [2.9])], []),
    ("down", [("2025-03-03", [5]), ("2025-03-10", [2])], []),
    ("a gap week between: not compared", [("2025-03-03", [1]), ("2025-03-17", [5])], []),
    (
        "across the year end",
        [("2024-12-23", [1, 2]), ("2024-12-30", [3, 2])],
        ["2024-12-30"],
    ),
    (
        "shown values decide: 2.96 and 3.95 show as 3.0 and 4.0",
        [("2025-03-03", [2.96]), ("2025-03-10", [3.95])],
        ["2025-03-10"],
    ),
]


@pytest.mark.parametrize(
    ("weeks", "flagged"),
    [case[1:] for case in MORNING_RISE_TABLE],
    ids=[case[0] for case in MORNING_RISE_TABLE],
)
def test_a_weeks_morning_pain_1_point_above_the_week_before_is_flagged(weeks, flagged):
    rows = []
    for monday, values in weeks:
        start = D.fromisoformat(monday)
        for n, value in enumerate(values):
            rows.append((str(start + dt.timedelta(days=n)), value, 3.0, 1, 5))
    flags = morning_rise_flags(daily(*rows))
    assert [f.week for f in flags] == [D.fromisoformat(d) for d in flagged]
    assert all(f.day is None and f.kind is FlagKind.MORNING_PAIN_ROSE for f in flags)


def test_the_morning_rise_flag_names_the_week_and_both_averages():
    pain = daily(("2025-03-03", 2, 3.0, 1, 5), ("2025-03-10", 4, 3.0, 1, 5))
    (flag,) = morning_rise_flags(pain)
    assert "week of 10 Mar 2025 (2025-W11)" in flag.message
    assert "4/10" in flag.message
    assert "2/10" in flag.message


# ---------------------------------------------------------------------------------------------
# All flags together, within a range.


def test_pain_flags_are_oldest_first_and_kept_within_the_range():
    exercises = done(
        ("2025-02-25", "bridge", 2, 10, None, 0, 6),  # before the range
        ("2025-03-04", "bridge", 2, 10, None, 0, 8),
        ("2025-03-11", "bridge", 2, 10, None, 0, 6),
    )
    pain = daily(
        ("2025-03-04", 1, 3.0, 1, 5),
        ("2025-03-05", 3, 3.0, 1, 5),  # the morning after the session of the 4th
        ("2025-03-11", 5, 3.0, 1, 5),  # this week's mornings average 5: 3 above last week's 2
    )
    flags = pain_flags(exercises, pain, since=D(2025, 3, 4), until=D(2025, 3, 11))
    assert [(f.kind, f.when) for f in flags] == [
        (FlagKind.SEVERE_EXERCISE_PAIN, D(2025, 3, 4)),
        (FlagKind.NEXT_MORNING_WORSE, D(2025, 3, 5)),
        (FlagKind.MORNING_PAIN_ROSE, D(2025, 3, 10)),
        (FlagKind.EXERCISE_PAIN, D(2025, 3, 11)),
    ]
    # A week that overlaps the range is kept even though its Monday is before `since`.
    later = pain_flags(exercises, pain, since=D(2025, 3, 12))
    assert [f.kind for f in later] == [FlagKind.MORNING_PAIN_ROSE]


def test_no_logs_raise_no_flags():
    assert pain_flags(done(), daily()) == []


def test_every_rule_has_plain_words():
    for kind in FlagKind:
        assert kind.rule.endswith(".")
        assert kind.advice.endswith(".")
    flag = Flag(kind=FlagKind.MORNING_PAIN_ROSE, detail="Fact.", week=D(2025, 3, 10))
    assert flag.when == D(2025, 3, 10)
    assert flag.message == f"Fact. {flag.kind.rule} {flag.kind.advice}"


# ---------------------------------------------------------------------------------------------
# Persistent pain: a professional review.

PERSISTENT_TABLE = [
    # (case, weekly mean pain for the 6 finished weeks, oldest first (None: nothing logged),
    #  raised?, words expected in the message)
    ("eased by 2 points", [6, 5.5, 5, 4.5, 4.2, 4], False, None),
    ("eased by only 1.5", [6, 5.8, 5.6, 5.2, 4.8, 4.5], True, "not eased by 2 points"),
    ("worse than 6 weeks ago", [3, 3, 3, 3.5, 3.5, 3.5], True, "not eased"),
    ("rose two weeks running", [8, 7, 5, 3.0, 3.5, 4.0], True, "risen two weeks running"),
    ("rose once then fell", [8, 7, 5, 3.0, 3.5, 3.2], False, None),
    ("both reasons", [4, 4, 4, 4.1, 4.2, 4.3], True, "not eased by 2 points in 6 weeks (4/10"),
    ("below the floor of 2", [1.5, 1.5, 1.5, 1.5, 1.6, 1.9], False, None),
    ("6 weeks ago unknown and no rise", [None, 4, 4, 4, 3.9, 3.9], False, None),
    ("last finished week unknown", [6, 6, 6, 6, 6, None], False, None),
    ("flat to one decimal is not a rise", [8, 7, 5, 3.01, 3.04, 3.02], False, None),
]


@pytest.mark.parametrize(
    ("means", "raised", "words"),
    [case[1:] for case in PERSISTENT_TABLE],
    ids=[case[0] for case in PERSISTENT_TABLE],
)
def test_persistent_pain_suggests_a_review(means, raised, words):
    today = D(2025, 3, 19)  # Wednesday of 2025-W12; the last finished week is 2025-W11
    first = D(2025, 2, 3)  # Monday of 2025-W06, six weeks before 2025-W11's end
    rows = [
        (str(first + dt.timedelta(weeks=n)), None, mean, mean, mean)
        for n, mean in enumerate(means)
        if mean is not None
    ]
    # This week's unfinished data must not count.
    rows.append(("2025-03-17", None, 0.0, 0, 0))
    weekly = weekly_pain(daily(*rows), first=first, last=today)
    flag = persistent_pain(weekly, today=today)
    if not raised:
        assert flag is None
    else:
        assert flag.kind is FlagKind.PERSISTENT_PAIN
        assert flag.week == D(2025, 3, 10)
        assert words in flag.message
        assert "physiotherapist or doctor" in flag.message


def test_both_persistent_reasons_are_named_in_one_flag():
    today = D(2025, 3, 19)
    first = D(2025, 2, 3)
    rows = [
        (str(first + dt.timedelta(weeks=n)), None, m, m, m)
        for n, m in enumerate([4, 4, 4, 4.1, 4.2, 4.3])
    ]
    flag = persistent_pain(weekly_pain(daily(*rows), first=first, last=today), today=today)
    assert "not eased" in flag.message
    assert "risen two weeks running" in flag.message
