"""Return to sport (docs/rules.md §9): measures, symmetry, running, re-tests, checklist and PSFS."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from hamtrack import return_to_sport as rts
from hamtrack.models import Phase, Side, ValidationError
from hamtrack.return_to_sport import (
    RUNNING_STEPS,
    Criterion,
    ExercisePain,
    HamstringPain,
    Leg,
    Measure,
    MeasureKind,
    PsfsResponse,
    RunningEntry,
    Status,
    StrengthUnit,
)

TODAY = dt.date(2026, 11, 30)  # a Monday: the window is Mon 16 Nov to Sun 29 Nov 2026
FIRST, LAST = dt.date(2026, 11, 16), dt.date(2026, 11, 29)
TESTED = dt.date(2026, 11, 25)

AKE = MeasureKind.KNEE_EXTENSION
ASLR = MeasureKind.STRAIGHT_LEG_RAISE
BRIDGE = MeasureKind.BRIDGE
STRENGTH = MeasureKind.STRENGTH


def m(leg: str, kind: MeasureKind, value: float, pain: int | None = 0, day: dt.date = TESTED):
    """A measure; strength in kg unless a unit is part of the test's own table."""
    unit = StrengthUnit.KG if kind is STRENGTH else None
    return Measure(day, Leg(leg), kind, value, pain=pain, unit=unit)


def pair(
    kind: MeasureKind, right: float, left: float, pain: int | None = 0, day: dt.date = TESTED
) -> list[Measure]:
    """Right (the injured leg in most tables, with the pain given) and left on the same day."""
    return [m("right", kind, right, pain=pain, day=day), m("left", kind, left, day=day)]


def fortnight(pain: int = 0) -> list[HamstringPain]:
    """A check-in every day of the window, both hamstrings at `pain`."""
    return [HamstringPain(FIRST + dt.timedelta(days=n), pain, pain) for n in range(14)]


SESSIONS = [
    ExercisePain(FIRST + dt.timedelta(days=n), "Bridge", Side.BOTH, 0) for n in (0, 3, 7, 10)
]


# ---------------------------------------------------------------------------------------------
# Measures


@pytest.mark.parametrize(
    ("kind", "value", "unit"),
    [
        (AKE, 0, None),
        (AKE, 90, None),
        (ASLR, 0, None),
        (ASLR, 120, None),
        (BRIDGE, 0, None),
        (BRIDGE, 200, None),
        (STRENGTH, 0.1, "kg"),
        (STRENGTH, 150, "kg"),
        (STRENGTH, 23.5, "kg"),
        (STRENGTH, 1500, "N"),
    ],
)
def test_a_measure_inside_its_range_is_accepted(kind, value, unit):
    """Each test's own range (AKE 0–90°, ASLR 0–120°, bridge 0–200, strength above 0) is kept."""
    measure = Measure(TESTED, Leg.LEFT, kind, value, pain=0, unit=unit)
    assert measure.value == value


@pytest.mark.parametrize(
    ("kwargs", "problem"),
    [
        ({"kind": AKE, "value": 91}, "knee-extension deficit in degrees must be from 0 to 90"),
        ({"kind": AKE, "value": -1}, "must be from 0 to 90 (got -1)"),
        ({"kind": AKE, "value": 12.5}, "must be a whole number from 0 to 90"),
        ({"kind": ASLR, "value": 121}, "straight-leg raise angle in degrees must be from 0 to 120"),
        ({"kind": BRIDGE, "value": 201}, "Bridge repetitions must be from 0 to 200"),
        ({"kind": BRIDGE, "value": True}, "Bridge repetitions must be a whole number"),
        ({"kind": STRENGTH, "value": 0, "unit": "kg"}, "above 0 and up to 150 kg"),
        ({"kind": STRENGTH, "value": 151, "unit": "kg"}, "above 0 and up to 150 kg"),
        ({"kind": STRENGTH, "value": 1501, "unit": "N"}, "above 0 and up to 1500 N"),
        ({"kind": STRENGTH, "value": float("nan"), "unit": "N"}, "above 0 and up to 1500 N"),
        ({"kind": STRENGTH, "value": "20", "unit": "kg"}, "above 0 and up to 150 kg"),
        ({"kind": STRENGTH, "value": 20}, "kg or N"),
        ({"kind": STRENGTH, "value": 20, "unit": "lb"}, "kg or N"),
        ({"kind": BRIDGE, "value": 20, "unit": "kg"}, "Only strength has a unit"),
        ({"kind": BRIDGE, "value": 20, "pain": 11}, "Pain during the test must be from 0 to 10"),
        ({"kind": BRIDGE, "value": 20, "leg": "both"}, "Pick the left or the right leg"),
        ({"kind": "sprint", "value": 20}, "Unknown test 'sprint'"),
        ({"kind": BRIDGE, "value": 20, "day": dt.datetime(2026, 11, 25, 9)}, "calendar date"),
    ],
)
def test_a_measure_outside_its_range_is_refused_in_words(kwargs, problem):
    """A refused measure says which value and what would be accepted."""
    fields = {"day": TESTED, "leg": Leg.LEFT, "pain": 0, "unit": None} | kwargs
    with pytest.raises(ValidationError) as refused:
        Measure(**fields)
    assert any(problem in p for p in refused.value.problems), refused.value.problems


def test_a_measure_lists_every_problem_at_once():
    """All problems of one entry come back together, so the person fixes them in one go."""
    with pytest.raises(ValidationError) as refused:
        Measure("yesterday", "middle", BRIDGE, 500, pain=-1)
    assert len(refused.value.problems) == 4


def test_a_measure_from_plain_strings_gets_the_rules_enums():
    """A form or a file gives strings; the measure keeps the enums the rules compare."""
    measure = Measure(TESTED, "right", "strength", 20, unit="N")
    assert (measure.leg, measure.kind, measure.unit) == (Leg.RIGHT, STRENGTH, StrengthUnit.NEWTON)
    assert measure.amount == "20 N"


# ---------------------------------------------------------------------------------------------
# Symmetry


@pytest.mark.parametrize(
    ("injured", "uninjured", "expected"),
    [
        (17, 22, Fraction(1700, 22)),
        (22, 22, Fraction(100)),
        (18, 20, Fraction(90)),
        (22.5, 25, Fraction(90)),
        (27.9, 31, Fraction(90)),  # exact on the decimals typed: a float would miss the line
        (0, 22, Fraction(0)),
        (25, 20, Fraction(125)),
        (22, 0, None),
    ],
)
def test_limb_symmetry_index_is_injured_over_uninjured_times_100(injured, uninjured, expected):
    """LSI = injured ÷ uninjured × 100; the other leg at 0 gives no ratio instead of a crash."""
    assert rts.limb_symmetry_index(injured, uninjured) == expected


@pytest.mark.parametrize(
    ("injured", "uninjured", "expected"),
    [(22, 12, 10), (12, 22, -10), (15, 15, 0), (0, 30, -30)],
)
def test_knee_extension_difference_is_the_injured_legs_extra_deficit(injured, uninjured, expected):
    """AKE: injured deficit minus the other's, in degrees; positive means the injured is tighter."""
    assert rts.knee_extension_difference(injured, uninjured) == expected


@pytest.mark.parametrize(
    ("injured", "uninjured", "expected"),
    [(72, 80, Fraction(10)), (80, 80, Fraction(0)), (88, 80, Fraction(-10)), (70, 0, None)],
)
def test_straight_leg_raise_shortfall_is_relative_to_the_other_leg(injured, uninjured, expected):
    """ASLR: (other − injured) ÷ other × 100 %; the other leg at 0° gives no figure."""
    assert rts.straight_leg_raise_shortfall(injured, uninjured) == expected


@pytest.mark.parametrize(
    ("measures", "text", "meets"),
    [
        (pair(BRIDGE, 17, 22), "bridge: 17 right vs 22 left, 77 %", False),
        (pair(BRIDGE, 18, 20), "bridge: 18 right vs 20 left, 90 %", True),
        (pair(STRENGTH, 22.4, 25), "strength: 22.4 kg right vs 25 kg left, 89.6 %", False),
        (pair(STRENGTH, 44.98, 50), "strength: 44.98 kg right vs 50 kg left, 89.9 %", False),
        (pair(STRENGTH, 45.1, 50), "strength: 45.1 kg right vs 50 kg left, 90 %", True),
        (
            pair(AKE, 22, 8),
            "knee extension: 22° right vs 8° left, 14° tighter than the left",
            False,
        ),
        (pair(AKE, 18, 8), "knee extension: 18° right vs 8° left, 10° tighter than the left", True),
        (pair(AKE, 5, 8), "knee extension: 5° right vs 8° left, 3° looser than the left", True),
        (pair(AKE, 8, 8), "knee extension: 8° right vs 8° left, no difference", True),
        (pair(ASLR, 87, 97), "straight-leg raise: 87° right vs 97° left, 10.4 % lower", False),
        (pair(ASLR, 80, 88), "straight-leg raise: 80° right vs 88° left, 9 % lower", True),
        (pair(ASLR, 90, 80), "straight-leg raise: 90° right vs 80° left, 13 % higher", True),
    ],
)
def test_symmetry_text_never_rounds_across_its_threshold(measures, text, meets):
    """Shown as '77 %' or '14° tighter'; a value just short of the line shows tenths (89.6 %)."""
    symmetry = rts.compare(measures[0], measures[1])
    assert symmetry.text.startswith(text)
    assert symmetry.meets_target is meets


@pytest.mark.parametrize(
    ("injured", "uninjured", "reason"),
    [
        (m("right", BRIDGE, 17), m("left", BRIDGE, 0), "the left leg scored 0 (0), so there is"),
        (
            m("right", STRENGTH, 20),
            Measure(TESTED, Leg.LEFT, STRENGTH, 200, unit=StrengthUnit.NEWTON),
            "the right leg is in kg and the left in N; log both legs in one unit",
        ),
        (m("right", BRIDGE, 17), m("right", BRIDGE, 18), "both results are for the right leg"),
        (m("right", BRIDGE, 17), m("left", STRENGTH, 18), "same test on the same day"),
        (
            m("right", BRIDGE, 17),
            m("left", BRIDGE, 18, day=FIRST),
            "same test on the same day",
        ),
    ],
)
def test_a_pair_that_cannot_be_compared_gives_a_reason_not_a_crash(injured, uninjured, reason):
    """Division by zero, two units, one leg twice or two days: no value, and why."""
    symmetry = rts.compare(injured, uninjured)
    assert symmetry.value is None
    assert not symmetry.meets_target
    assert reason in symmetry.text


@pytest.mark.parametrize(
    ("side", "values", "reasons"),
    [
        (Side.RIGHT, [Fraction(1700, 22), Fraction(95)], ["", ""]),
        (Side.LEFT, [Fraction(2200, 17), Fraction(2000, 19)], ["", ""]),
        (Side.BOTH, [None, None], ["no uninjured leg", "no uninjured leg"]),
        (None, [None, None], ["injury profile", "injury profile"]),
    ],
)
def test_symmetry_by_day_follows_the_injured_side_of_the_profile(side, values, reasons):
    """The profile's injured side decides the numerator; 'both' and no profile give reasons."""
    later = dt.date(2026, 11, 27)
    measures = [*pair(BRIDGE, 17, 22), m("right", BRIDGE, 19, day=later)]
    measures += [m("left", BRIDGE, 20, day=later), m("left", BRIDGE, 18, day=later)]
    days = rts.symmetry_by_day(measures, side, BRIDGE)
    assert [s.day for s in days] == [TESTED, later]
    assert [s.value for s in days] == values
    assert all(reason in s.reason for s, reason in zip(days, reasons, strict=True))


@pytest.mark.parametrize(
    ("side", "legs"),
    [
        (Side.LEFT, (Leg.LEFT,)),
        (Side.RIGHT, (Leg.RIGHT,)),
        (Side.BOTH, (Leg.LEFT, Leg.RIGHT)),
        ("right", (Leg.RIGHT,)),
    ],
)
def test_the_injury_profiles_side_names_the_injured_legs(side, legs):
    """The profile's left, right or both (its own Side, or the same word as text)."""
    assert rts.injured_legs(side) == legs
    ratio = rts.symmetry_by_day(pair(BRIDGE, 17, 22), side, BRIDGE)[0].value
    assert ratio == (None if len(legs) == 2 else rts.limb_symmetry_index(*_values(legs[0])))


def _values(injured: Leg) -> tuple[int, int]:
    """pair(BRIDGE, 17, 22): right 17, left 22."""
    return (17, 22) if injured is Leg.RIGHT else (22, 17)


def test_symmetry_by_day_names_the_leg_left_untested():
    """A day with one leg tested stays on the chart with the reason, not a made-up ratio."""
    (only,) = rts.symmetry_by_day([m("left", STRENGTH, 25)], Side.RIGHT, STRENGTH)
    assert only.value is None
    assert only.text == "strength: only the left leg was tested (25 kg); test the right too"


# ---------------------------------------------------------------------------------------------
# Symmetry properties

positive = st.integers(min_value=1, max_value=200)
amount = st.integers(min_value=0, max_value=200)


@given(value=positive)
def test_lsi_of_equal_legs_is_100(value):
    """Two equal legs are perfectly symmetrical."""
    assert rts.limb_symmetry_index(value, value) == 100


@given(a=positive, b=positive)
@example(a=17, b=22)
def test_swapping_the_injured_leg_inverts_the_lsi(a, b):
    """LSI(a, b) × LSI(b, a) = 100 × 100: the index is a ratio of the two legs."""
    assert rts.limb_symmetry_index(a, b) * rts.limb_symmetry_index(b, a) == 100 * 100


@given(a=amount, b=amount)
def test_swapping_the_injured_leg_negates_the_knee_extension_difference(a, b):
    """The AKE difference is antisymmetric, and zero for equal legs."""
    assert rts.knee_extension_difference(a, b) == -rts.knee_extension_difference(b, a)
    assert rts.knee_extension_difference(a, a) == 0


@given(a=st.integers(min_value=0, max_value=120), b=st.integers(min_value=1, max_value=120))
def test_straight_leg_raise_shortfall_is_zero_for_equal_legs_and_at_most_100(a, b):
    """The injured leg cannot rise less than not at all: the shortfall is at most 100 %."""
    assert rts.straight_leg_raise_shortfall(b, b) == 0
    assert rts.straight_leg_raise_shortfall(a, b) <= 100


@given(
    kind=st.sampled_from(list(MeasureKind)),
    leg=st.sampled_from(list(Leg)),
    fraction=st.fractions(min_value=0, max_value=1),
    pain=st.one_of(st.none(), st.integers(min_value=0, max_value=10)),
)
def test_any_value_inside_the_ranges_is_accepted(kind, leg, fraction, pain):
    """The generator stays inside each test's range, so a refusal here would be a wrong rule."""
    top = {AKE: 90, ASLR: 120, BRIDGE: 200, STRENGTH: 150}[kind]
    if kind is STRENGTH:
        value: float = max(0.1, round(float(fraction * top), 1))
        measure = Measure(TESTED, leg, kind, value, pain=pain, unit=StrengthUnit.KG)
    else:
        value = int(fraction * top)
        measure = Measure(TESTED, leg, kind, value, pain=pain)
    assert measure.value == value


anything = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=5),
    st.lists(st.integers(), max_size=2),
)


@given(
    kind=st.one_of(st.sampled_from(list(MeasureKind)), anything),
    leg=st.one_of(st.sampled_from(list(Leg)), anything),
    value=anything,
    unit=st.one_of(st.sampled_from([*StrengthUnit, None]), anything),
    pain=st.one_of(st.integers(min_value=0, max_value=10), anything),
)
@example(kind=STRENGTH, leg=Leg.LEFT, value=10**400, unit="kg", pain=0)
@example(kind=STRENGTH, leg=Leg.LEFT, value=float("inf"), unit="N", pain=0)
@example(kind=[1], leg={}, value=[], unit=[], pain=[])
def test_any_input_is_kept_in_range_or_refused_in_words(kind, leg, value, unit, pain):
    """Hostile input gives a ValidationError with problems, never another exception, and what
    is kept lies inside the ranges."""
    problems: tuple[str, ...] = ()
    try:
        measure = Measure(TESTED, leg, kind, value, pain=pain, unit=unit)
    except ValidationError as refused:
        problems = refused.problems
        measure = None
    if measure is None:
        assert problems
        return
    top = {AKE: 90, ASLR: 120, BRIDGE: 200, STRENGTH: STRENGTH_MAX_OF[measure.unit]}
    assert 0 <= measure.value <= top[measure.kind]
    assert measure.pain is None or 0 <= measure.pain <= 10


STRENGTH_MAX_OF = {StrengthUnit.KG: 150, StrengthUnit.NEWTON: 1500, None: None}


# ---------------------------------------------------------------------------------------------
# The running progression


def run(step: str, effort: int, pain: int = 0, day: dt.date = TESTED) -> RunningEntry:
    return RunningEntry(day, step, effort, pain)


def test_the_running_progression_goes_from_jog_walk_to_full_speed():
    """Our own steps: jog–walk, then build-ups over 30–60 m at 50, 70, 90 and 100 % effort."""
    steps = list(RUNNING_STEPS.values())
    assert steps[0].slug == "jog-walk"
    assert [s.effort for s in steps[1:]] == [50, 70, 90, 100]
    assert all("30–60 m" in s.setup for s in steps[1:])
    assert all(s.setup and s.movement and s.feel and s.stop and s.dose_text for s in steps)


@pytest.mark.parametrize(
    ("kwargs", "problem"),
    [
        ({"step": "sprint"}, "Unknown running step 'sprint'"),
        ({"effort": 0}, "effort reached in % must be from 1 to 100"),
        ({"effort": 101}, "effort reached in % must be from 1 to 100"),
        ({"pain": 11}, "pain during the run must be from 0 to 10"),
        ({"day": "today"}, "The date of a run must be a calendar date"),
    ],
)
def test_a_running_entry_out_of_range_is_refused(kwargs, problem):
    """A run keeps the step, an effort of 1–100 % and a pain of 0–10."""
    fields = {"day": TESTED, "step": "build-up-70", "effort": 70, "pain": 0} | kwargs
    with pytest.raises(ValidationError) as refused:
        RunningEntry(**fields)
    assert any(problem in p for p in refused.value.problems), refused.value.problems


@given(
    step=st.one_of(st.sampled_from(list(RUNNING_STEPS)), anything),
    effort=st.one_of(st.integers(min_value=1, max_value=100), anything),
    pain=st.one_of(st.integers(min_value=0, max_value=10), anything),
)
@example(step=["jog-walk"], effort=50, pain=0)
def test_any_running_input_is_kept_in_range_or_refused_in_words(step, effort, pain):
    """Hostile running entries give a ValidationError with problems, never a crash."""
    problems: tuple[str, ...] = ()
    try:
        entry = RunningEntry(TESTED, step, effort, pain)
    except ValidationError as refused:
        problems = refused.problems
        entry = None
    if entry is None:
        assert problems
        return
    assert entry.step in RUNNING_STEPS
    assert 1 <= entry.effort <= 100
    assert 0 <= entry.pain <= 10


EARLIER = dt.date(2026, 11, 20)


@pytest.mark.parametrize(
    ("entry", "history", "warns", "says"),
    [
        (run("build-up-70", 70), [], False, ""),
        (run("build-up-90", 90), [], True, "and none is logged before this run"),
        (run("build-up-90", 90), [run("jog-walk", 40, 0, EARLIER)], False, ""),
        (run("build-up-90", 90), [run("jog-walk", 40, 1, EARLIER)], False, ""),
        (run("build-up-90", 90), [run("build-up-70", 70, 0, EARLIER)], False, ""),
        (run("build-up-90", 90), [run("jog-walk", 40, 0, TESTED)], False, ""),
        (
            run("build-up-90", 90),
            [run("jog-walk", 40, 3, EARLIER)],
            True,
            "Running at 90 % effort comes only after jogging without pain, but your last easy run "
            "(Jog–walk intervals, 20 Nov 2026) hurt 3/10.",
        ),
        (
            run("build-up-100", 100),
            [run("jog-walk", 40, 0, FIRST), run("build-up-50", 50, 2, EARLIER)],
            True,
            "Build-ups at 50 % effort, 20 Nov 2026) hurt 2/10",
        ),
        (
            run("build-up-90", 90),
            [run("jog-walk", 40, 0, dt.date(2026, 11, 26))],
            True,
            "and none is logged before this run",
        ),
        (
            run("build-up-90", 80),
            [run("jog-walk", 40, 0, EARLIER), run("build-up-70", 70, 3)],
            True,
            "hurt 3/10",
        ),
    ],
)
def test_running_above_70_percent_needs_pain_free_jogging_first(entry, history, warns, says):
    """Above 70 % effort, the latest easy running (≤ 70 %) up to that day must be 0–1/10."""
    warning = rts.running_warning(entry, history)
    assert (warning is not None) is warns
    if warns:
        assert says in warning
        assert "jog–walk intervals" in warning
        assert "physiotherapist" in warning


@pytest.mark.parametrize(
    ("entries", "expected"),
    [
        ([], None),
        ([run("build-up-90", 90, 0)], None),
        ([run("build-up-100", 100, 2)], None),
        ([run("build-up-100", 100, 1)], 0),
        ([run("build-up-100", 100, 0, EARLIER), run("build-up-90", 90, 0)], 0),
        ([run("build-up-100", 100, 0, EARLIER), run("jog-walk", 40, 3)], None),
        ([run("build-up-100", 100, 0, EARLIER), run("build-up-100", 100, 3)], None),
        ([run("build-up-100", 100, 4, EARLIER), run("build-up-100", 100, 0)], 1),
        ([run("build-up-90", 100, 0)], 0),
    ],
)
def test_full_speed_without_pain_is_a_pain_free_100_percent_run_not_undone_since(entries, expected):
    """Completed = the latest 100 % run at 0–1/10 with no painful run on or after its day."""
    found = rts.full_speed_without_pain(entries)
    assert found is (None if expected is None else entries[expected])


# ---------------------------------------------------------------------------------------------
# Re-testing


@pytest.mark.parametrize(
    ("phase", "last", "due", "is_due"),
    [
        (Phase.ACUTE, TESTED, None, None),
        (Phase.EARLY_REHAB, None, None, None),
        (Phase.FUNCTIONAL, None, TODAY, True),
        (Phase.FUNCTIONAL, TESTED, dt.date(2026, 12, 9), False),
        (Phase.RETURN_TO_SPORT, dt.date(2026, 11, 16), TODAY, True),
        (Phase.RETURN_TO_SPORT, dt.date(2026, 11, 1), dt.date(2026, 11, 15), True),
        (Phase.RETURN_TO_SPORT, dt.date(2026, 11, 17), dt.date(2026, 12, 1), False),
    ],
)
def test_a_retest_is_due_every_two_weeks_in_the_late_phases(phase, last, due, is_due):
    """Functional and return-to-sport phases: first test at once, then every 14 days."""
    measures = [] if last is None else [m("left", BRIDGE, 20, day=last)]
    retest = rts.retest_due(phase, measures, TODAY)
    if due is None:
        assert retest is None
        return
    assert (retest.due, retest.is_due) == (due, is_due)


@pytest.mark.parametrize(
    ("last", "text"),
    [
        (None, "Time for your first tests on both legs"),
        (dt.date(2026, 11, 10), "the last tests were on 10 Nov 2026, 20 days ago"),
        (TESTED, "Next re-test of both legs on 9 Dec 2026."),
    ],
)
def test_the_retest_message_says_when(last, text):
    """Home's line says the first test, an overdue re-test with its age, or the next date."""
    measures = [] if last is None else [m("left", BRIDGE, 20, day=last)]
    retest = rts.retest_due(Phase.RETURN_TO_SPORT, measures, TODAY)
    assert text in retest.text


# ---------------------------------------------------------------------------------------------
# The checklist, one criterion at a time


@pytest.mark.parametrize(
    ("side", "check_ins", "exercises", "status", "text"),
    [
        (
            Side.RIGHT,
            fortnight(),
            SESSIONS,
            Status.MET,
            "pain: right hamstring at 0–1/10 on all 14 check-ins and 4 sessions from "
            "16 to 29 Nov 2026",
        ),
        (Side.RIGHT, fortnight(1), SESSIONS, Status.MET, "at 0–1/10 on all 14"),
        (
            Side.RIGHT,
            [*fortnight(), HamstringPain(dt.date(2026, 11, 24), 0, 3)],
            SESSIONS,
            Status.NOT_MET,
            "pain: right hamstring 3/10 at the check-in of 24 Nov 2026; needs 0–1/10 on every "
            "check-in and session from 16 to 29 Nov 2026",
        ),
        (
            Side.RIGHT,
            [*fortnight(), HamstringPain(dt.date(2026, 11, 24), 5, 0)],
            SESSIONS,
            Status.MET,
            "",
        ),
        (
            Side.RIGHT,
            fortnight(),
            [*SESSIONS, ExercisePain(EARLIER, "Bridge", Side.LEFT, 4)],
            Status.MET,
            "",
        ),
        (
            Side.RIGHT,
            fortnight(),
            [*SESSIONS, ExercisePain(EARLIER, "Nordic hamstring", Side.RIGHT, 2)],
            Status.NOT_MET,
            "pain: Nordic hamstring 2/10 in the session of 20 Nov 2026;",
        ),
        (
            Side.RIGHT,
            [*fortnight(), HamstringPain(FIRST, 0, 2), HamstringPain(EARLIER, 0, 4)],
            [*SESSIONS, ExercisePain(EARLIER, "Bridge", Side.BOTH, 2)],
            Status.NOT_MET,
            "right hamstring 4/10 at the check-in of 20 Nov 2026, and 2 more above 1/10;",
        ),
        (
            Side.BOTH,
            [*fortnight(), HamstringPain(EARLIER, 2, 0)],
            SESSIONS,
            Status.NOT_MET,
            "pain: left hamstring 2/10 at the check-in of 20 Nov 2026;",
        ),
        (
            Side.BOTH,
            fortnight(),
            SESSIONS,
            Status.MET,
            "pain: both hamstrings at 0–1/10",
        ),
        (
            Side.RIGHT,
            [
                *fortnight(),
                HamstringPain(TODAY, 0, 6),
                HamstringPain(FIRST - dt.timedelta(1), 0, 6),
            ],
            SESSIONS,
            Status.MET,
            "on all 14 check-ins",
        ),
        (
            Side.RIGHT,
            fortnight()[:9],
            SESSIONS,
            Status.MISSING,
            "pain: the week of 23 Nov 2026 has check-ins on 2 days; each of the two weeks needs 3",
        ),
        (
            Side.RIGHT,
            fortnight(),
            [ExercisePain(EARLIER, "Bridge", Side.LEFT, 0)],
            Status.MISSING,
            "pain: no session with the injured leg logged from 16 to 29 Nov 2026",
        ),
        (
            None,
            fortnight(),
            SESSIONS,
            Status.MISSING,
            "set the injured side in your injury profile",
        ),
    ],
)
def test_no_pain_criterion(side, check_ins, exercises, status, text):
    """No pain above 1/10 in the injured hamstring on the last two complete weeks' check-ins and
    sessions (uninjured-leg exercises aside); thin weeks or no sessions decide nothing."""
    result = rts.no_pain_criterion(side, check_ins, exercises, TODAY)
    assert result.status is status
    assert text in result.text
    assert result.criterion is Criterion.NO_PAIN


@pytest.mark.parametrize(
    ("criterion", "measures", "status", "text"),
    [
        (
            Criterion.BRIDGE,
            pair(BRIDGE, 17, 22),
            Status.NOT_MET,
            "bridge: 17 right vs 22 left, 77 %; needs 90 % (tested 25 Nov 2026)",
        ),
        (
            Criterion.BRIDGE,
            pair(BRIDGE, 18, 20),
            Status.MET,
            "bridge: 18 right vs 20 left, 90 %; needs 90 % (tested 25 Nov 2026)",
        ),
        (
            Criterion.BRIDGE,
            [*pair(BRIDGE, 15, 20), m("right", BRIDGE, 19), m("left", BRIDGE, 18)],
            Status.MET,
            "bridge: 19 right vs 20 left, 95 %",
        ),
        (
            Criterion.BRIDGE,
            [*pair(BRIDGE, 21, 22, day=FIRST - dt.timedelta(days=1))],
            Status.MISSING,
            "(tested 15 Nov 2026, more than 2 weeks ago); re-test both legs",
        ),
        (
            Criterion.BRIDGE,
            [*pair(BRIDGE, 21, 22, day=dt.date(2026, 11, 16))],
            Status.MET,
            "tested 16 Nov 2026",
        ),
        (
            Criterion.BRIDGE,
            [m("right", BRIDGE, 21)],
            Status.MISSING,
            "bridge: 21 right on 25 Nov 2026, but the left leg was not tested that day",
        ),
        (Criterion.BRIDGE, pair(STRENGTH, 25, 25), Status.MISSING, "bridge: no test logged yet"),
        (Criterion.RANGE, pair(BRIDGE, 20, 20), Status.MISSING, "range: no test logged yet"),
        (
            Criterion.BRIDGE,
            pair(BRIDGE, 21, 22, pain=3),
            Status.NOT_MET,
            "bridge: 21 right vs 22 left, 95 % (tested 25 Nov 2026), but the test hurt 3/10 "
            "on the right leg; needs 0–1/10 during the test",
        ),
        (
            Criterion.BRIDGE,
            pair(BRIDGE, 21, 22, pain=None),
            Status.MISSING,
            "but the pain during the test on the right leg was not noted",
        ),
        (
            Criterion.BRIDGE,
            pair(BRIDGE, 21, 0),
            Status.MISSING,
            "the left leg scored 0 (0), so there is no ratio",
        ),
        (
            Criterion.BRIDGE,
            [*pair(BRIDGE, 21, 22), m("right", BRIDGE, 30, day=dt.date(2026, 12, 2))],
            Status.MET,
            "21 right vs 22 left",
        ),
        (
            Criterion.STRENGTH,
            pair(STRENGTH, 21.5, 25),
            Status.NOT_MET,
            "strength: 21.5 kg right vs 25 kg left, 86 %; needs 90 %",
        ),
        (
            Criterion.STRENGTH,
            pair(STRENGTH, 22.5, 25),
            Status.MET,
            "strength: 22.5 kg right vs 25 kg left, 90 %; needs 90 %",
        ),
        (
            Criterion.RANGE,
            pair(AKE, 22, 12),
            Status.MET,
            "knee extension: 22° right vs 12° left, 10° tighter than the left; needs 10° or less",
        ),
        (Criterion.RANGE, pair(AKE, 23, 12), Status.NOT_MET, "11° tighter than the left"),
        (Criterion.RANGE, pair(AKE, 5, 12), Status.MET, "7° looser than the left"),
        (
            Criterion.RANGE,
            pair(ASLR, 70, 85),
            Status.NOT_MET,
            "straight-leg raise: 70° right vs 85° left, 18 % lower than the left; "
            "needs 10 % or less",
        ),
        (Criterion.RANGE, pair(ASLR, 80, 88), Status.MET, "9 % lower than the left"),
        (
            Criterion.RANGE,
            [*pair(ASLR, 70, 85), *pair(AKE, 14, 12)],
            Status.MET,
            "knee extension: 14° right vs 12° left",
        ),
        (
            Criterion.RANGE,
            [*pair(AKE, 14, 12, day=EARLIER), *pair(ASLR, 70, 85)],
            Status.NOT_MET,
            "straight-leg raise",
        ),
    ],
)
def test_symmetry_criteria(criterion, measures, status, text):
    """Bridge and strength LSI ≥ 90 %, AKE within 10° (ASLR 10 %), on the latest day both legs
    were tested (best trial each), no older than 14 days, and pain-free (0–1) during the test."""
    result = rts.symmetry_criterion(criterion, Side.RIGHT, measures, TODAY)
    assert result.status is status
    assert text in result.text, result.text
    if status is not Status.MISSING or "ratio" in text:
        assert {e.leg for e in result.evidence} == {Leg.LEFT, Leg.RIGHT}


@pytest.mark.parametrize(
    ("criterion", "says"),
    [
        (
            Criterion.BRIDGE,
            "Latest (25 Nov 2026): bridge 18 left, 21 right. For the bridge, 20 or more",
        ),
        (Criterion.STRENGTH, "Latest (25 Nov 2026): strength 24 kg left, 22 kg right."),
        (
            Criterion.RANGE,
            "Latest (25 Nov 2026): knee extension 12° left, 14° right; "
            "straight-leg raise 80° left, 70° right.",
        ),
    ],
)
def test_with_both_hamstrings_injured_symmetry_is_left_to_the_physiotherapist(criterion, says):
    """No uninjured leg means no LSI: the criterion is for the physiotherapist, with the values."""
    measures = [*pair(BRIDGE, 21, 18), *pair(STRENGTH, 22, 24), *pair(AKE, 14, 12)]
    measures += [*pair(ASLR, 70, 80), *pair(BRIDGE, 5, 5, day=FIRST), *pair(AKE, 30, 30, day=FIRST)]
    result = rts.symmetry_criterion(criterion, Side.BOTH, measures, TODAY)
    assert result.status is Status.FOR_PHYSIOTHERAPIST
    assert "no uninjured leg to compare with" in result.text
    assert "earlier tests" in result.text
    assert says in result.text
    assert {m.day for m in result.evidence} == {TESTED}
    assert not result.met


@pytest.mark.parametrize(
    ("entries", "status", "text"),
    [
        ([], Status.MISSING, "running: no running logged yet; start with jog–walk intervals"),
        (
            [run("jog-walk", 40, 0, EARLIER), run("build-up-90", 90, 0)],
            Status.NOT_MET,
            "running: fastest without pain so far 90 % (Build-ups at 90 % effort, 25 Nov 2026); "
            "needs 100 % without pain",
        ),
        (
            [run("build-up-100", 100, 3)],
            Status.NOT_MET,
            "running: Build-ups at full speed at 100 % on 25 Nov 2026 hurt 3/10; needs full "
            "speed at 0–1/10",
        ),
        (
            [run("build-up-90", 90, 0, EARLIER), run("build-up-100", 100, 0)],
            Status.MET,
            "running: Build-ups at full speed at 100 % on 25 Nov 2026, pain 0/10",
        ),
    ],
)
def test_running_criterion(entries, status, text):
    """Met by a full-speed run at 0–1/10; otherwise the fastest pain-free run or the painful one."""
    result = rts.running_criterion(entries)
    assert (result.status, result.text) == (status, text)


@pytest.mark.parametrize(
    ("flags", "check_ins", "status", "text"),
    [
        ([], fortnight(), Status.MET, "flags: no pain-monitoring flag from 16 to 29 Nov"),
        (
            ["Right hamstring morning pain up 2 points on Tue 24 Nov 2026"],
            fortnight(),
            Status.NOT_MET,
            "flags: 1 pain-monitoring flag from 16 to 29 Nov 2026, the first: Right "
            "hamstring morning pain up 2 points on Tue 24 Nov 2026; needs none",
        ),
        (["a", "b"], fortnight(), Status.NOT_MET, "flags: 2 pain-monitoring flags"),
        (1, fortnight(), Status.NOT_MET, "flags: 1 pain-monitoring flag from 16 to"),
        (0, fortnight(), Status.MET, "flags: no pain-monitoring flag"),
        ([], fortnight()[7:], Status.MISSING, "the week of 16 Nov 2026 has check-ins on 0 days"),
    ],
)
def test_no_flag_criterion(flags, check_ins, status, text):
    """No pain-monitoring flag in the last two complete weeks, each week with 3 check-in days."""
    result = rts.no_flag_criterion(flags, check_ins, TODAY)
    assert result.status is status
    assert text in result.text


@pytest.mark.parametrize(
    ("today", "window"),
    [
        (TODAY, "from 16 to 29 Nov 2026"),
        (dt.date(2026, 12, 6), "from 16 to 29 Nov 2026"),
        (dt.date(2026, 12, 7), "from 23 Nov to 6 Dec 2026"),
        (dt.date(2027, 1, 4), "from 21 Dec 2026 to 3 Jan 2027"),
    ],
)
def test_the_window_is_the_two_complete_weeks_before_todays(today, window):
    """Monday two weeks before today's week to last Sunday; the week in progress never counts."""
    first, last = rts.two_week_window(today)
    assert (first.weekday(), last.weekday(), (last - first).days) == (0, 6, 13)
    assert last < today
    check_ins = [HamstringPain(first + dt.timedelta(days=n), 0, 0) for n in range(14)]
    assert rts.no_flag_criterion(0, check_ins, today).text.endswith(window)


# ---------------------------------------------------------------------------------------------
# The whole checklist


def _ready(**changes):
    logs = {
        "injured_side": Side.RIGHT,
        "measures": [*pair(BRIDGE, 21, 22), *pair(STRENGTH, 23, 25), *pair(AKE, 14, 10)],
        "check_ins": fortnight(),
        "exercises": SESSIONS,
        "running": [run("jog-walk", 40, 0, EARLIER), run("build-up-100", 100, 0)],
        "flags": [],
        "today": TODAY,
    }
    return rts.checklist(**(logs | changes))


@pytest.mark.parametrize(
    ("changes", "met"),
    [
        ({}, 6),
        ({"flags": ["a flag"]}, 5),
        ({"running": [run("build-up-90", 90, 0)]}, 5),
        ({"measures": [*pair(BRIDGE, 17, 22), *pair(STRENGTH, 23, 25), *pair(AKE, 14, 10)]}, 5),
        ({"check_ins": fortnight(2)}, 5),
        ({"injured_side": None}, 2),
        ({"injured_side": Side.BOTH}, 3),
    ],
)
def test_the_checklist_is_met_only_when_every_criterion_is(changes, met):
    """Six criteria in a fixed order; all met only from the logs, any gap leaves it unmet."""
    results = _ready(**changes)
    assert [r.criterion for r in results] == list(Criterion)
    assert sum(r.met for r in results) == met
    assert rts.all_criteria_met(results) is (met == 6)
    summary = rts.checklist_summary(results)
    assert "clear" not in summary.lower()
    if met == 6:
        assert "criteria a physiotherapist uses" in summary
        assert "agree with them when to go back" in summary
    else:
        assert summary.startswith(f"{met} of 6 criteria are met in your logs")


def test_with_both_hamstrings_injured_the_summary_says_who_judges_symmetry():
    """'Both' never counts as met: three criteria are named as the physiotherapist's to judge."""
    summary = rts.checklist_summary(_ready(injured_side=Side.BOTH))
    assert "3 can only be judged by your physiotherapist" in summary


def test_an_empty_checklist_is_not_met():
    """No criteria is no evidence."""
    assert not rts.all_criteria_met(())


def test_no_criterion_text_ever_speaks_of_clearance():
    """Every sentence of every criterion, in every state, stays clear of 'cleared to play'."""
    states = [_ready(), _ready(injured_side=None), _ready(injured_side=Side.BOTH)]
    states.append(_ready(running=[], check_ins=[], measures=[]))
    for results in states:
        for result in results:
            assert "clear" not in result.text.lower()
            assert result.text.split(":")[0] in {
                "range",
                "pain",
                "bridge",
                "strength",
                "knee extension",
                "straight-leg raise",
                "running",
                "flags",
            }


# ---------------------------------------------------------------------------------------------
# PSFS


@pytest.mark.parametrize(
    ("ratings", "score"),
    [
        ((3, 5, 7), Fraction(5)),
        ((3, 5, 6), Fraction(14, 3)),
        ((0, 0, 0), Fraction(0)),
        ((10, 10, 10, 10, 10), Fraction(10)),
        ((4, None, 8), Fraction(6)),
        ((None, None, None), None),
    ],
)
def test_psfs_score_is_the_mean_of_the_rated_activities(ratings, score):
    """PSFS = mean of the activities rated; an unrated activity leaves the mean."""
    assert rts.psfs_score(ratings) == score


@pytest.mark.parametrize(
    ("earlier", "later", "activities", "meaningful"),
    [
        (4, 6, 3, True),
        (6, 4, 3, True),
        (4, Fraction(17, 3), 3, False),
        (4, 5.9, 3, False),
        (4, 6, 2, True),
        (4, 6, 1, False),
        (4, 7, 1, True),
        (7, 4, 1, True),
    ],
)
def test_psfs_meaningful_change_is_2_points_for_the_mean_3_for_one_activity(
    earlier, later, activities, meaningful
):
    """A change of 2 points in the mean, or 3 in a single activity, either way, is meaningful."""
    assert rts.psfs_meaningful(earlier, later, activities=activities) is meaningful


def psfs(day: dt.date, **ratings: int | None) -> PsfsResponse:
    names = tuple(name.replace("_", " ") for name in ratings)
    return PsfsResponse(day, names, tuple(ratings.values()))


def test_psfs_change_compares_only_the_activities_rated_both_times():
    """A new activity starts its own baseline: it is left out of the comparison of the mean."""
    baseline = psfs(FIRST, running=2, stairs=4, kicking=3)
    latest = psfs(TESTED, Running=5, stairs=6, kicking=None, sprinting=0)
    change = rts.psfs_change(baseline, latest)
    assert change.activities == ("Running", "stairs")
    assert (change.earlier, change.later, change.points) == (3, Fraction(11, 2), Fraction(5, 2))
    assert change.meaningful


def test_psfs_change_with_one_shared_activity_needs_3_points():
    """Compared over one activity, the single-activity threshold applies."""
    baseline = psfs(FIRST, running=2, stairs=4, kicking=3)
    latest = psfs(TESTED, running=4, sprinting=1, cycling=9)
    change = rts.psfs_change(baseline, latest)
    assert (change.activities, change.points, change.meaningful) == (("running",), 2, False)


def test_psfs_change_with_no_shared_activity_is_none():
    """New activities only: a new baseline, nothing to compare."""
    baseline = psfs(FIRST, running=2, stairs=4, kicking=3)
    assert rts.psfs_change(baseline, psfs(TESTED, sprinting=1, cycling=9, rowing=5)) is None


def test_each_activity_is_compared_with_its_own_first_rating():
    """An activity's baseline is the first rating of it, so one added later starts afresh."""
    responses = [
        psfs(TESTED, running=7, stairs=8, sprinting=4),
        psfs(FIRST, running=2, stairs=6, kicking=3),
        psfs(EARLIER, running=4, stairs=7, sprinting=2),
    ]
    changes = {c.activity: c for c in rts.activity_changes(responses)}
    assert set(changes) == {"running", "stairs", "sprinting"}
    assert (changes["running"].baseline_day, changes["running"].points) == (FIRST, 5)
    assert changes["running"].meaningful
    assert (changes["stairs"].points, changes["stairs"].meaningful) == (2, False)
    assert (changes["sprinting"].baseline_day, changes["sprinting"].points) == (EARLIER, 2)
    assert rts.activity_changes([]) == ()


@pytest.mark.parametrize(
    ("activities", "ratings", "problem"),
    [
        (("running", "stairs"), (1, 2), "Name 3 to 5 activities you find hard (got 2)"),
        (tuple(f"a{n}" for n in range(6)), (1,) * 6, "Name 3 to 5 activities"),
        (("running", "Running ", "stairs"), (1, 2, 3), "Each activity can be named only once"),
        (("running", "  ", "stairs"), (1, 2, 3), "Name each activity in 1 to 80 characters"),
        (("running", "x" * 81, "stairs"), (1, 2, 3), "Name each activity in 1 to 80 characters"),
        (("running", "kicking", "stairs"), (1, 2), "one rating (or leave it empty) for each"),
        (("running", "kicking", "stairs"), (1, 11, 3), "rating of 'kicking' must be from 0 to 10"),
        (("running", "kicking", "stairs"), (1, 2.5, 3), "rating of 'kicking' must be a whole"),
        (("running", "kick\x00", "stairs"), (1, 2, 3), "Name each activity in 1 to 80"),
        (("running", "\ud800", "stairs"), (1, 2, 3), "Name each activity in 1 to 80"),
        (None, (1, 2, 3), "Give the activities and their ratings as lists"),
        (("running", "kicking", "stairs"), 5, "Give the activities and their ratings as lists"),
    ],
)
def test_a_psfs_rating_out_of_range_is_refused(activities, ratings, problem):
    """3–5 named activities, each rated 0–10 in whole numbers or left unrated."""
    with pytest.raises(ValidationError) as refused:
        PsfsResponse(TESTED, activities, ratings)
    assert any(problem in p for p in refused.value.problems), refused.value.problems


ratings_lists = st.lists(
    st.one_of(st.none(), st.integers(min_value=0, max_value=10)), min_size=3, max_size=5
)


@given(ratings=ratings_lists)
@example(ratings=[None, None, None])
def test_the_psfs_mean_stays_between_the_lowest_and_highest_rating(ratings):
    """The score lies within 0–10 and within the ratings given; None only when none is rated."""
    score = rts.psfs_score(ratings)
    rated = [r for r in ratings if r is not None]
    if not rated:
        assert score is None
        return
    assert 0 <= min(rated) <= score <= max(rated) <= 10
    assert rts.psfs_score(reversed(ratings)) == score


@given(
    activities=st.one_of(
        st.none(), st.lists(st.one_of(st.text(max_size=90), anything), max_size=7)
    ),
    ratings=st.one_of(st.none(), st.lists(anything, max_size=7), ratings_lists),
)
def test_any_psfs_input_is_kept_whole_or_refused_in_words(activities, ratings):
    """Hostile activities or ratings give a ValidationError with problems, never a crash."""
    problems: tuple[str, ...] = ()
    try:
        response = PsfsResponse(TESTED, activities, ratings)
    except ValidationError as refused:
        problems = refused.problems
        response = None
    if response is None:
        assert problems
        return
    assert 3 <= len(response.activities) == len(response.ratings) <= 5
    assert response.score is None or 0 <= response.score <= 10


@given(ratings=ratings_lists)
def test_a_psfs_response_with_valid_ratings_is_accepted_and_scored(ratings):
    """Any 3–5 distinct activities with ratings of 0–10 or none are kept as given."""
    names = tuple(f"activity {n}" for n in range(len(ratings)))
    response = PsfsResponse(TESTED, names, tuple(ratings))
    assert response.score == rts.psfs_score(ratings)
    change = rts.psfs_change(response, response)
    assert change is None or (change.points == 0 and not change.meaningful)


@pytest.mark.parametrize(
    ("note", "ok"),
    [
        ("", True),
        ("windy, <b>not</b> bold", True),
        ("x" * 300, True),
        ("x" * 301, False),
        ("a\x00b", False),
        ("\ud800", False),
        (None, False),
    ],
)
def test_a_runs_note_is_plain_text_up_to_300_characters(note, ok):
    """docs/rules.md §9: each run is logged with its own note, stored as typed."""
    if ok:
        assert RunningEntry(dt.date(2025, 6, 2), "jog-walk", 40, 0, note=note).note == note
    else:
        with pytest.raises(ValidationError, match="300 characters"):
            RunningEntry(dt.date(2025, 6, 2), "jog-walk", 40, 0, note=note)
