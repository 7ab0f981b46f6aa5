"""Pain-monitoring flags: each rule of docs/rules.md §3 and §4 against hand-worked logs."""

import datetime as dt

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hamtrack.enums import Region
from hamtrack.flags import (
    MORNING_COLUMNS,
    MORNINGS_FOR_A_WEEK,
    Flag,
    FlagKind,
    breach_days,
    exercise_flags,
    morning_rise_flags,
    next_morning_flags,
    pain_flags,
    persistent_pain,
    weekly_morning_means,
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
        "2 points higher the next morning",
        ["2025-03-04"],
        [("2025-03-04", 2), ("2025-03-05", 4)],
        ["2025-03-05"],
    ),
    (
        "1 point higher is within the scale's error",
        ["2025-03-04"],
        [("2025-03-04", 2), ("2025-03-05", 3)],
        [],
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
        [("2025-03-04", 1), ("2025-03-05", 3), ("2025-03-06", 3)],
        ["2025-03-05"],
    ),
]


@pytest.mark.parametrize(
    ("sessions", "mornings", "flagged"),
    [case[1:] for case in NEXT_MORNING_TABLE],
    ids=[case[0] for case in NEXT_MORNING_TABLE],
)
def test_morning_pain_the_day_after_a_session_should_not_be_2_points_higher(
    sessions, mornings, flagged
):
    pain = daily(*[(day, m, 3.0, 1, 5) for day, m in mornings])
    flags = next_morning_flags(days(*sessions), pain)
    assert [f.day for f in flags] == [D.fromisoformat(d) for d in flagged]
    assert all(f.kind is FlagKind.NEXT_MORNING_WORSE for f in flags)


def by_region(*rows) -> pd.DataFrame:
    """db.daily_pain_frame rows with each region's morning: (day, left, right, back)."""
    frame = daily(*[(day, max(m), 3.0, 1, 5) for day, *m in rows])
    for n, column in enumerate(MORNING_COLUMNS.values()):
        frame[column] = [row[n + 1] for row in rows]
    return frame


REGION_TABLE = [
    # (case, (day, left, right, back) mornings, session day, flagged regions)
    (
        "a worse left hamstring is not hidden by a steady painful back",
        [("2025-03-04", 2, 0, 6), ("2025-03-05", 5, 0, 6)],
        [Region.LEFT_HAMSTRING],
    ),
    (
        "two regions worse: one flag each",
        [("2025-03-04", 2, 1, 3), ("2025-03-05", 4, 1, 5)],
        [Region.LEFT_HAMSTRING, Region.LOW_BACK],
    ),
    (
        "a region 1 point worse is not a flag even when the headline rises 2",
        [("2025-03-04", 3, 0, 2), ("2025-03-05", 4, 0, 2)],
        [],
    ),
]


@pytest.mark.parametrize(
    ("mornings", "regions"),
    [case[1:] for case in REGION_TABLE],
    ids=[case[0] for case in REGION_TABLE],
)
def test_each_region_is_judged_on_its_own_the_morning_after(mornings, regions):
    flags = next_morning_flags(days("2025-03-04"), by_region(*mornings))
    assert [f.region for f in flags] == regions
    for flag in flags:
        assert flag.region.label.lower() in flag.detail


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
    (
        "up exactly 1 point",
        [("2025-03-03", [2, 2, 2]), ("2025-03-10", [3, 3, 3])],
        ["2025-03-10"],
    ),
    ("up 0.9", [("2025-03-03", [2, 2, 2]), ("2025-03-10", [3, 3, 2.7])], []),
    (
        "exact means decide: 2.71 → 3.67 is 0.95, though shown 2.7 → 3.7",
        [("2025-03-03", [2.71, 2.71, 2.71]), ("2025-03-10", [3.67, 3.67, 3.67])],
        [],
    ),
    ("down", [("2025-03-03", [5, 5, 5]), ("2025-03-10", [2, 2, 2])], []),
    ("fewer than 3 mornings in a week", [("2025-03-03", [1, 1]), ("2025-03-10", [5, 5, 5])], []),
    ("a gap week between: not compared", [("2025-03-03", [1] * 3), ("2025-03-17", [5] * 3)], []),
    (
        "across the year end",
        [("2024-12-23", [1, 2, 1]), ("2024-12-30", [3, 2, 3])],
        ["2024-12-30"],
    ),
    (
        "the week in progress is not judged",
        [("2025-03-10", [1, 1, 1]), ("2025-03-17", [5, 5, 5])],
        [],
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
    flags = morning_rise_flags(daily(*rows), today=D(2025, 3, 19))
    assert [f.week for f in flags] == [D.fromisoformat(d) for d in flagged]
    assert all(f.day is None and f.kind is FlagKind.MORNING_PAIN_ROSE for f in flags)


def test_the_weekly_rise_is_judged_per_region():
    rows = []
    for week, left in ((D(2025, 3, 3), 1), (D(2025, 3, 10), 3)):
        rows += [(str(week + dt.timedelta(days=n)), left, 0, 6) for n in range(3)]
    (flag,) = morning_rise_flags(by_region(*rows), today=D(2025, 3, 19))
    assert flag.region is Region.LEFT_HAMSTRING
    assert "left hamstring" in flag.detail


def test_the_morning_rise_flag_names_the_week_and_both_averages():
    rows = [(f"2025-03-0{n}", 2, 3.0, 1, 5) for n in (3, 4, 5)]
    rows += [(f"2025-03-1{n}", 4, 3.0, 1, 5) for n in (0, 1, 2)]
    (flag,) = morning_rise_flags(daily(*rows), today=D(2025, 3, 19))
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
        ("2025-03-05", 3, 3.0, 1, 5),  # the morning after the session of the 4th: 2 up
        ("2025-03-06", 2, 3.0, 1, 5),
        ("2025-03-11", 5, 3.0, 1, 5),  # the week of the 10th averages 5: 3 above 2
        ("2025-03-12", 5, 3.0, 1, 5),
        ("2025-03-13", 5, 3.0, 1, 5),
    )
    flags = pain_flags(exercises, pain, since=D(2025, 3, 4), until=D(2025, 3, 17))
    assert [(f.kind, f.when) for f in flags] == [
        (FlagKind.SEVERE_EXERCISE_PAIN, D(2025, 3, 4)),
        (FlagKind.NEXT_MORNING_WORSE, D(2025, 3, 5)),
        (FlagKind.MORNING_PAIN_ROSE, D(2025, 3, 10)),
        (FlagKind.EXERCISE_PAIN, D(2025, 3, 11)),
    ]
    # A week that overlaps the range is kept even though its Monday is before `since`.
    later = pain_flags(exercises, pain, since=D(2025, 3, 12), until=D(2025, 3, 17))
    assert [f.kind for f in later] == [FlagKind.MORNING_PAIN_ROSE]
    # Until the week is over, its rise is not judged.
    early = pain_flags(exercises, pain, since=D(2025, 3, 4), until=D(2025, 3, 13))
    assert FlagKind.MORNING_PAIN_ROSE not in [f.kind for f in early]


BREACH_DAYS_TABLE = [
    # (case, flags as (kind, day or None, week or None), breach days counted)
    (
        "one bad session with two painful exercises is one day",
        [
            (FlagKind.EXERCISE_PAIN, "2025-03-04", None),
            (FlagKind.EXERCISE_PAIN, "2025-03-04", None),
        ],
        1,
    ),
    (
        "two different days",
        [
            (FlagKind.EXERCISE_PAIN, "2025-03-04", None),
            (FlagKind.NEXT_MORNING_WORSE, "2025-03-06", None),
        ],
        2,
    ),
    (
        "a weekly rise is a day of its own",
        [
            (FlagKind.EXERCISE_PAIN, "2025-03-10", None),
            (FlagKind.MORNING_PAIN_ROSE, None, "2025-03-10"),
        ],
        2,
    ),
    ("persistent pain is not a breach", [(FlagKind.PERSISTENT_PAIN, None, "2025-03-10")], 0),
]


@pytest.mark.parametrize(
    ("raised", "count"),
    [case[1:] for case in BREACH_DAYS_TABLE],
    ids=[case[0] for case in BREACH_DAYS_TABLE],
)
def test_breaches_are_counted_by_the_days_they_happened_on(raised, count):
    flags = [
        Flag(
            kind=kind,
            detail="Fact.",
            day=None if day is None else D.fromisoformat(day),
            week=None if week is None else D.fromisoformat(week),
            exercise="bridge" if day else None,
        )
        for kind, day, week in raised
    ]
    assert len(breach_days(flags)) == count


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
    # (case, weekly mean pain of the 7 complete weeks (W05–W11), oldest first (None: fewer than
    #  3 days logged), raised?, words expected in the message)
    ("eased by 2 points", [6, 6, 5.5, 5, 4.5, 4.2, 4], False, None),
    (
        "eased by only 1.5",
        [6, 6, 5.8, 5.6, 5.2, 4.8, 4.5],
        True,
        "not eased by 2 points in 6 weeks (6/10 in the week of 3 Feb, "
        "4.5/10 in the week of 17 Mar)",
    ),
    ("at 2/10 never fires: mild pain", [2, 2, 2, 2, 2, 2, 2], False, None),
    ("at 3.9 never fires", [3.9, 3.9, 3.9, 3.9, 3.9, 3.9, 3.9], False, None),
    ("at 4.0 fires", [4, 4, 4, 4, 4, 4, 4], True, "4/10 in the week of 3 Feb, 4/10"),
    (
        "rose by 2 over two weeks",
        [8, 8, 7, 6, 3.0, 4.0, 5.0],
        True,
        "risen by 2 points or more in 2 weeks (3/10 in the week of 3 Mar, "
        "5/10 in the week of 17 Mar)",
    ),
    ("rose by 1.9 over two weeks", [8, 8, 7, 6, 3.0, 4.0, 4.9], False, None),
    ("6 weeks earlier too thin to judge and no rise", [None, 5, 5, 5, 5, 5, 5], False, None),
    ("last complete week too thin", [6, 6, 6, 6, 6, 6, None], False, None),
]


@pytest.mark.parametrize(
    ("means", "raised", "words"),
    [case[1:] for case in PERSISTENT_TABLE],
    ids=[case[0] for case in PERSISTENT_TABLE],
)
def test_persistent_pain_suggests_a_review_at_4_or_more(means, raised, words):
    today = D(2025, 3, 26)  # Wednesday of 2025-W13; the last complete week is 2025-W12
    first = D(2025, 2, 3)  # Monday of 2025-W06, six weeks before 2025-W12
    rows = []
    for n, mean in enumerate(means):
        monday = first + dt.timedelta(weeks=n)
        for d in range(3 if mean is not None else 2):
            value = mean if mean is not None else 9.0
            rows.append((str(monday + dt.timedelta(days=d)), None, value, value, value))
    # This week's unfinished data must not count.
    rows.append(("2025-03-24", None, 0.0, 0, 0))
    weekly = weekly_pain(daily(*rows), first=first, last=today)
    flag = persistent_pain(weekly, today=today)
    if not raised:
        assert flag is None
    else:
        assert flag.kind is FlagKind.PERSISTENT_PAIN
        assert flag.week == D(2025, 3, 17)
        assert words in flag.message
        assert "physiotherapist or doctor" in flag.message


@given(
    mornings=st.lists(st.tuples(st.integers(0, 120), st.integers(0, 10)), max_size=80),
    today_day=st.one_of(st.none(), st.integers(0, 130)),
)
@settings(max_examples=80, deadline=None)
def test_a_weeks_morning_mean_is_the_mean_of_its_mornings_once_it_has_three(mornings, today_day):
    """Each week over before `today` with 3 or more mornings (a day logged twice counts twice)
    has the plain mean of its mornings, under its Monday; no other week is there."""
    first = D(2025, 3, 3)  # a Monday
    days = [first + dt.timedelta(days=n) for n, _ in mornings]
    series = pd.Series(
        [float(v) for _, v in mornings],
        index=pd.DatetimeIndex(pd.to_datetime(days)).astype("datetime64[us]"),
    )
    today = None if today_day is None else first + dt.timedelta(days=today_day)
    found = weekly_morning_means(series, today=today)
    weeks: dict[dt.date, list[int]] = {}
    for (_, value), day in zip(mornings, days, strict=True):
        weeks.setdefault(day - dt.timedelta(days=day.weekday()), []).append(value)
    expected = {
        monday: sum(values) / len(values)
        for monday, values in weeks.items()
        if len(values) >= MORNINGS_FOR_A_WEEK
        and (today is None or monday + dt.timedelta(days=6) < today)
    }
    assert {ts.date(): mean for ts, mean in found.items()} == expected
    assert list(found.index) == sorted(found.index)


@given(
    rows=st.lists(
        st.tuples(
            st.integers(0, 20), st.sampled_from(["bridge", "wall-stretch"]), st.integers(0, 10)
        ),
        max_size=40,
    )
)
@settings(max_examples=80, deadline=None)
def test_each_exercise_over_the_limit_on_a_day_is_one_flag_at_its_worst_pain(rows):
    """One flag per exercise and day whose worst pain during it was over 5, severe from 7
    (docs/rules.md §3), oldest day first; nothing for a day it stayed at 5 or below."""
    logged = done(
        *[
            (str(D(2025, 3, 3) + dt.timedelta(days=n)), slug, 1, 10, None, 0, p)
            for n, slug, p in rows
        ]
    )
    worst: dict[tuple[dt.date, str], int] = {}
    for n, slug, pain in rows:
        key = (D(2025, 3, 3) + dt.timedelta(days=n), slug)
        worst[key] = max(worst.get(key, 0), pain)
    expected = [
        (day, slug, FlagKind.SEVERE_EXERCISE_PAIN if pain >= 7 else FlagKind.EXERCISE_PAIN)
        for (day, slug), pain in sorted(worst.items())
        if pain > 5
    ]
    found = exercise_flags(logged)
    assert [(f.day, f.exercise, f.kind) for f in found] == expected
    assert all(f"hurt {worst[f.day, f.exercise]}/10" in f.detail for f in found)
