"""Return to sport: measures per side, symmetry, running, the criteria checklist (docs/rules.md §9).

A physiotherapist decides when a person with a hamstring injury goes back to sport from tests on
both legs, a running progression and a checklist. This module holds those rules as plain functions
over plain values, so the screens, the clinician summary and the CSV export all give one answer:

- the measures of one leg on one day (`Measure`), checked in the person's words;
- symmetry: the limb symmetry index (injured ÷ uninjured × 100) for strength and bridge
  repetitions, the side-to-side difference for range (degrees for the active knee extension,
  % for the active straight-leg raise);
- the running progression (`RUNNING_STEPS`, from `data/running.toml`) with its one warning rule and
  what "full speed without pain" means;
- when a re-test of the measures is due;
- the return-to-sport checklist, each criterion decided from the logs only, never ticked by hand;
- the Patient-Specific Functional Scale (PSFS) score and its meaningful change.

HamTrack informs and never clears anyone to play: when every criterion is met it says the
criteria a physiotherapist uses are met and to confirm with them.

Every comparison with a threshold (90 %, 10°, 10 %, 2 points) is made on exact fractions, so a
value on the line falls on the side the rule says, never where a float rounding error puts it.
"""

from __future__ import annotations

import datetime as dt
import enum
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal
from fractions import Fraction
from importlib import resources
from types import MappingProxyType

from hamtrack.models import Phase, Side, ValidationError

PAIN_MIN, PAIN_MAX = 0, 10
PAIN_FREE_MAX = 1
"""0 or 1 out of 10 counts as "no pain": within the scale's error (docs/rules.md §2)."""

KNEE_EXTENSION_MAX = 90
STRAIGHT_LEG_RAISE_MAX = 120
BRIDGE_MAX = 200
STRENGTH_MAX = MappingProxyType({"kg": 150, "N": 1500})
"""Common hand-held dynamometers read up to about 135 kg (1300 N): more is a typing slip."""

LSI_NEEDED = 90
"""Bridge repetitions and strength: the injured leg reaches at least 90 % of the other."""
KNEE_EXTENSION_DIFFERENCE_MAX = 10
"""Active knee extension: the injured leg's deficit is at most 10° more than the other's."""
STRAIGHT_LEG_RAISE_SHORTFALL_MAX = 10
"""Active straight-leg raise: the injured leg rises at most 10 % less than the other."""

RETEST_DAYS = 14
"""In the late phases the measures are re-tested every two weeks, and a measure older than this
no longer speaks for today in the checklist."""
RETEST_PHASES = (Phase.FUNCTIONAL, Phase.RETURN_TO_SPORT)

WEEK_MIN_CHECK_IN_DAYS = 3
"""A week is complete enough for a verdict with check-ins on at least 3 days (docs/rules.md §2)."""

FULL_EFFORT = 100
JOGGING_EFFORT_MAX = 70
"""Running above 70 % effort comes only after running at up to 70 % is pain-free."""

BRIDGE_REFERENCE_REPS = 20
"""Fewer than 20 single-leg bridge repetitions went with later hamstring injury in footballers."""

PSFS_MIN_ACTIVITIES, PSFS_MAX_ACTIVITIES = 3, 5
PSFS_RATING_MIN, PSFS_RATING_MAX = 0, 10
PSFS_MEANINGFUL_MEAN = 2
PSFS_MEANINGFUL_SINGLE = 3
"""The PSFS changes meaningfully by 2 points for the mean, 3 for a single activity."""
PSFS_ACTIVITY_MAX_CHARS = 80


# ---------------------------------------------------------------------------------------------
# Sides and measures


class Leg(enum.StrEnum):
    """One leg: each measure is taken on one of them."""

    LEFT = "left"
    RIGHT = "right"

    @property
    def other(self) -> Leg:
        """The opposite leg."""
        return Leg.RIGHT if self is Leg.LEFT else Leg.LEFT


def injured_legs(injured_side: Side) -> tuple[Leg, ...]:
    """The injured legs of the injury profile's side: left, right, or both legs."""
    side = Side(injured_side)
    return (Leg.LEFT, Leg.RIGHT) if side is Side.BOTH else (Leg(side.value),)


def _hamstrings(injured_side: Side) -> str:
    """How messages name the injured hamstring(s): 'right hamstring', 'both hamstrings'."""
    side = Side(injured_side)
    return "both hamstrings" if side is Side.BOTH else f"{side.value} hamstring"


def _profile_side(injured_side: Side | str | None) -> Side | None:
    # The profile hands over its Side; a plain string from a file or a form works the same.
    return None if injured_side is None else Side(injured_side)


class MeasureKind(enum.StrEnum):
    """A test a physiotherapist repeats on both legs to follow recovery."""

    KNEE_EXTENSION = "knee_extension"
    STRAIGHT_LEG_RAISE = "straight_leg_raise"
    BRIDGE = "bridge"
    STRENGTH = "strength"

    @property
    def label(self) -> str:
        """The test's name on screen."""
        return {
            MeasureKind.KNEE_EXTENSION: "Active knee extension (deficit in degrees)",
            MeasureKind.STRAIGHT_LEG_RAISE: "Active straight-leg raise (angle in degrees)",
            MeasureKind.BRIDGE: "Single-leg bridge (repetitions until tired)",
            MeasureKind.STRENGTH: "Knee-flexion strength (hand-held dynamometer)",
        }[self]

    @property
    def short(self) -> str:
        """The test's name inside a sentence: 'bridge', 'knee extension'."""
        return {
            MeasureKind.KNEE_EXTENSION: "knee extension",
            MeasureKind.STRAIGHT_LEG_RAISE: "straight-leg raise",
            MeasureKind.BRIDGE: "bridge",
            MeasureKind.STRENGTH: "strength",
        }[self]

    @property
    def higher_is_better(self) -> bool:
        """False only for the knee-extension deficit: less deficit is more range."""
        return self is not MeasureKind.KNEE_EXTENSION


class StrengthUnit(enum.StrEnum):
    """The one unit a person's dynamometer reads in."""

    KG = "kg"
    NEWTON = "N"


def _is_date(value: object) -> bool:
    return isinstance(value, dt.date) and not isinstance(value, dt.datetime)


def _is_member(kind: type[enum.StrEnum], value: object) -> bool:
    # A list or a dict from a hostile file is unhashable; it is refused, not a crash.
    try:
        return value in set(kind)
    except TypeError:
        return False


def _whole_in_range(problems: list[str], what: str, value: object, low: int, high: int) -> None:
    if not isinstance(value, int) or isinstance(value, bool):
        problems.append(f"{what} must be a whole number from {low} to {high} (got {value!r}).")
    elif not low <= value <= high:
        problems.append(f"{what} must be from {low} to {high} (got {value}).")


@dataclass(frozen=True, slots=True)
class Measure:
    """One test on one leg on one day: its result and the pain felt during it.

    `value` is in the test's own terms: degrees of knee-extension deficit (0–90, lower is better),
    degrees of straight-leg raise (0–120, higher is better), bridge repetitions until tired
    (0–200), or knee-flexion strength in `unit` (kg or N, more than 0). Every test is optional: a
    day's testing is as many `Measure`s as tests done. `pain` is the pain during the test, 0–10,
    or None when it was not noted.
    """

    day: dt.date
    leg: Leg
    kind: MeasureKind
    value: float
    pain: int | None = None
    unit: StrengthUnit | None = None

    def __post_init__(self) -> None:
        problems: list[str] = []
        if not _is_date(self.day):
            problems.append(f"The date of a test must be a calendar date (got {self.day!r}).")
        if not _is_member(Leg, self.leg):
            problems.append(f"Pick the left or the right leg (got {self.leg!r}).")
        if not _is_member(MeasureKind, self.kind):
            problems.append(f"Unknown test {self.kind!r}.")
        else:
            self._check_value(problems, MeasureKind(self.kind))
        if self.pain is not None:
            _whole_in_range(problems, "Pain during the test", self.pain, PAIN_MIN, PAIN_MAX)
        if problems:
            raise ValidationError(problems)
        # Plain strings from a form or a file become the enums the rules use.
        object.__setattr__(self, "leg", Leg(self.leg))
        object.__setattr__(self, "kind", MeasureKind(self.kind))
        if self.unit is not None:
            object.__setattr__(self, "unit", StrengthUnit(self.unit))

    def _check_value(self, problems: list[str], kind: MeasureKind) -> None:
        if kind is MeasureKind.KNEE_EXTENSION:
            what = "The knee-extension deficit in degrees"
            _whole_in_range(problems, what, self.value, 0, KNEE_EXTENSION_MAX)
        elif kind is MeasureKind.STRAIGHT_LEG_RAISE:
            what = "The straight-leg raise angle in degrees"
            _whole_in_range(problems, what, self.value, 0, STRAIGHT_LEG_RAISE_MAX)
        elif kind is MeasureKind.BRIDGE:
            _whole_in_range(problems, "Bridge repetitions", self.value, 0, BRIDGE_MAX)
        if kind is not MeasureKind.STRENGTH:
            if self.unit is not None:
                problems.append(f"Only strength has a unit; leave it empty for the {kind.short}.")
            return
        if not _is_member(StrengthUnit, self.unit):
            problems.append(f"Give the unit your dynamometer shows: kg or N (got {self.unit!r}).")
            return
        most = STRENGTH_MAX[StrengthUnit(self.unit).value]
        value = self.value
        number = isinstance(value, int | float) and not isinstance(value, bool)
        # NaN and infinity fail the comparison too, so no float is let through by accident.
        if not number or not 0 < value <= most:
            problems.append(
                f"Strength must be a number above 0 and up to {most} {self.unit} "
                f"(got {self.value!r})."
            )

    @property
    def amount(self) -> str:
        """The result as a person reads it: '17', '22°', '23.5 kg'."""
        if self.kind is MeasureKind.STRENGTH:
            return f"{_number(self.value)} {self.unit}"
        if self.kind is MeasureKind.BRIDGE:
            return _number(self.value)
        return f"{_number(self.value)}°"


def _number(value: float | Fraction) -> str:
    exact = _exact(value)
    if exact.denominator == 1:
        return str(exact.numerator)
    return f"{float(exact):g}"


def _exact(value: float | Fraction) -> Fraction:
    # Through the decimal a person typed (23.1, not the binary float nearest to it).
    if isinstance(value, Fraction | int):
        return Fraction(value)
    return Fraction(Decimal(repr(value)))


def _day_text(day: dt.date) -> str:
    """A day inside a sentence: '25 Nov 2026'."""
    return f"{day.day} {day:%b %Y}"


@dataclass(frozen=True, slots=True)
class MeasureGuide:
    """How to do one test, in a few lines beside its entry, and its drawing."""

    kind: MeasureKind
    how: str

    @property
    def drawing_svg(self) -> str:
        """The test's drawing as SVG markup (drawn for HamTrack, shipped in the package)."""
        path = resources.files("hamtrack").joinpath(f"data/measures/{self.kind.value}.svg")
        return path.read_text("utf-8")


def _load_guides() -> MappingProxyType[MeasureKind, MeasureGuide]:
    text = resources.files("hamtrack").joinpath("data/measures.toml").read_text("utf-8")
    guides = [
        MeasureGuide(MeasureKind(raw["kind"]), raw["how"]) for raw in tomllib.loads(text)["test"]
    ]
    return MappingProxyType({guide.kind: guide for guide in guides})


MEASURE_GUIDES: MappingProxyType[MeasureKind, MeasureGuide] = _load_guides()
"""How to do each test on both legs, by test."""


# ---------------------------------------------------------------------------------------------
# Symmetry


def limb_symmetry_index(injured: float, uninjured: float) -> Fraction | None:
    """The limb symmetry index: injured ÷ uninjured × 100, exact; None when the other leg is 0.

    Used for strength and bridge repetitions (higher is better). With the other leg at 0 there
    is no ratio; the caller says why rather than showing a number.
    """
    other = _exact(uninjured)
    if other <= 0:
        return None
    return _exact(injured) / other * 100


def knee_extension_difference(injured: float, uninjured: float) -> Fraction:
    """Degrees of knee-extension deficit the injured leg has beyond the other (negative: less).

    The deficit is how far from straight the knee stays, so a positive difference means the
    injured hamstring is the tighter one.
    """
    return _exact(injured) - _exact(uninjured)


def straight_leg_raise_shortfall(injured: float, uninjured: float) -> Fraction | None:
    """How much lower the injured leg rises, in % of the other leg's angle; None when that is 0.

    Negative when the injured leg rises higher than the other.
    """
    other = _exact(uninjured)
    if other <= 0:
        return None
    return (other - _exact(injured)) / other * 100


@dataclass(frozen=True, slots=True)
class Symmetry:
    """How the injured leg compares with the other on one test and day.

    `value` is the limb symmetry index in % (bridge, strength), the extra knee-extension deficit
    in degrees, or the straight-leg raise shortfall in %; None with `reason` when there is none.
    """

    kind: MeasureKind
    day: dt.date
    injured: Measure | None
    uninjured: Measure | None
    value: Fraction | None
    reason: str = ""

    @property
    def meets_target(self) -> bool:
        """True when the value reaches the return-to-sport threshold of its test."""
        if self.value is None:
            return False
        if self.kind is MeasureKind.KNEE_EXTENSION:
            return self.value <= KNEE_EXTENSION_DIFFERENCE_MAX
        if self.kind is MeasureKind.STRAIGHT_LEG_RAISE:
            return self.value <= STRAIGHT_LEG_RAISE_SHORTFALL_MAX
        return self.value >= LSI_NEEDED

    @property
    def target(self) -> str:
        """The threshold in words: 'needs 90 %'."""
        if self.kind is MeasureKind.KNEE_EXTENSION:
            return f"needs {KNEE_EXTENSION_DIFFERENCE_MAX}° or less"
        if self.kind is MeasureKind.STRAIGHT_LEG_RAISE:
            return f"needs {STRAIGHT_LEG_RAISE_SHORTFALL_MAX} % or less"
        return f"needs {LSI_NEEDED} %"

    @property
    def shown_value(self) -> str:
        """The value as screens show it, rounded without crossing its threshold: '77 %'."""
        if self.value is None:
            return ""
        if self.kind is MeasureKind.KNEE_EXTENSION:
            limit, at_least, unit = KNEE_EXTENSION_DIFFERENCE_MAX, False, "°"
        elif self.kind is MeasureKind.STRAIGHT_LEG_RAISE:
            limit, at_least, unit = STRAIGHT_LEG_RAISE_SHORTFALL_MAX, False, " %"
        else:
            limit, at_least, unit = LSI_NEEDED, True, " %"
        return f"{_shown(self.value, limit, at_least=at_least)}{unit}"

    @property
    def text(self) -> str:
        """One line: 'bridge: 17 right vs 22 left, 77 %' (or why there is no figure)."""
        kind = self.kind.short
        if self.injured is None or self.uninjured is None or self.value is None:
            return f"{kind}: {self.reason}"
        sides = (
            f"{self.injured.amount} {self.injured.leg} vs "
            f"{self.uninjured.amount} {self.uninjured.leg}"
        )
        if self.kind is MeasureKind.KNEE_EXTENSION:
            other = self.uninjured.leg
            if self.value > 0:
                return f"{kind}: {sides}, {self.shown_value} tighter than the {other}"
            if self.value < 0:
                return f"{kind}: {sides}, {_number(-self.value)}° looser than the {other}"
            return f"{kind}: {sides}, no difference"
        if self.kind is MeasureKind.STRAIGHT_LEG_RAISE:
            other = self.uninjured.leg
            if self.value > 0:
                return f"{kind}: {sides}, {self.shown_value} lower than the {other}"
            if self.value < 0:
                higher = _shown(-self.value, 0, at_least=True)
                return f"{kind}: {sides}, {higher} % higher than the {other}"
            return f"{kind}: {sides}, no difference"
        return f"{kind}: {sides}, {self.shown_value}"


def _shown(value: Fraction, limit: int, *, at_least: bool) -> str:
    """A whole number, or tenths when whole-number rounding would land on the other side of
    `limit` (89.6 % must not read "90 %" beside "needs 90 %")."""
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    whole = exact.quantize(Decimal(1), rounding=ROUND_HALF_UP)
    passes = value >= limit if at_least else value <= limit
    shown_passes = whole >= limit if at_least else whole <= limit
    if passes == shown_passes:
        return str(whole)
    tenths = exact.quantize(Decimal("0.1"), rounding=ROUND_FLOOR if at_least else ROUND_CEILING)
    return str(tenths)


BOTH_INJURED_REASON = "both hamstrings were injured, so there is no uninjured leg to compare with"
NO_PROFILE_REASON = "set the injured side in your injury profile to compare the legs"


def compare(injured: Measure, uninjured: Measure) -> Symmetry:
    """The symmetry of one test between the injured leg and the other (docs/rules.md §9).

    Never raises for measures that passed their own checks: a pair that cannot be compared
    (different tests or days, the same leg twice, strength in two units, the other leg at 0)
    gives a Symmetry without a value and a reason in words.
    """
    kind, day = injured.kind, injured.day

    def without(reason: str) -> Symmetry:
        return Symmetry(kind, day, injured, uninjured, None, reason)

    if uninjured.kind is not kind or uninjured.day != day:
        return without("the two legs must be the same test on the same day")
    if uninjured.leg is injured.leg:
        return without(f"both results are for the {injured.leg} leg; test the other leg too")
    if kind is MeasureKind.STRENGTH and injured.unit is not uninjured.unit:
        return without(
            f"the {injured.leg} leg is in {injured.unit} and the {uninjured.leg} in "
            f"{uninjured.unit}; log both legs in one unit"
        )
    if kind is MeasureKind.KNEE_EXTENSION:
        value: Fraction | None = knee_extension_difference(injured.value, uninjured.value)
    elif kind is MeasureKind.STRAIGHT_LEG_RAISE:
        value = straight_leg_raise_shortfall(injured.value, uninjured.value)
    else:
        value = limb_symmetry_index(injured.value, uninjured.value)
    if value is None:
        return without(
            f"the {uninjured.leg} leg scored 0 ({uninjured.amount}), so there is no ratio; "
            "re-test both legs"
        )
    return Symmetry(kind, day, injured, uninjured, value)


def _best(trials: Iterable[Measure]) -> Measure | None:
    """The best of one leg's trials of a test on one day: a physiotherapist records the best."""
    trials = list(trials)
    if not trials:
        return None
    if trials[0].kind.higher_is_better:
        return max(trials, key=lambda m: _exact(m.value))
    return min(trials, key=lambda m: _exact(m.value))


def _on(measures: Iterable[Measure], kind: MeasureKind, day: dt.date, leg: Leg) -> list[Measure]:
    return [m for m in measures if m.kind is kind and m.day == day and m.leg is leg]


def _by_day_and_leg(
    measures: Iterable[Measure], kind: MeasureKind
) -> dict[tuple[dt.date, Leg], list[Measure]]:
    """`kind`'s trials by day and leg, each group in the order given (what `_on` finds), in one
    pass: asking `_on` for every day made ten years of tests quadratic."""
    groups: dict[tuple[dt.date, Leg], list[Measure]] = {}
    for m in measures:
        if m.kind is kind:
            groups.setdefault((m.day, m.leg), []).append(m)
    return groups


def symmetry_by_day(
    measures: Sequence[Measure], injured_side: Side | None, kind: MeasureKind
) -> tuple[Symmetry, ...]:
    """One Symmetry per day the test was done, oldest first, for Trends and the summary.

    A day with only one leg tested, a profile without an injured side, or both hamstrings
    injured gives a Symmetry without a value and the reason in words.
    """
    injured_side = _profile_side(injured_side)
    trials = _by_day_and_leg(measures, kind)
    days = sorted({day for day, _ in trials})
    result = []
    for day in days:
        left = _best(trials.get((day, Leg.LEFT), ()))
        right = _best(trials.get((day, Leg.RIGHT), ()))
        if injured_side is None or injured_side is Side.BOTH:
            reason = NO_PROFILE_REASON if injured_side is None else BOTH_INJURED_REASON
            result.append(Symmetry(kind, day, None, None, None, reason))
            continue
        injured_leg = Leg(injured_side.value)
        injured = left if injured_leg is Leg.LEFT else right
        uninjured = right if injured_leg is Leg.LEFT else left
        if injured is None or uninjured is None:
            done = injured or uninjured
            assert done is not None  # the day is listed because one leg was tested
            missing = done.leg.other
            reason = f"only the {done.leg} leg was tested ({done.amount}); test the {missing} too"
            result.append(Symmetry(kind, day, injured, uninjured, None, reason))
            continue
        result.append(compare(injured, uninjured))
    return tuple(result)


# ---------------------------------------------------------------------------------------------
# The running progression


@dataclass(frozen=True, slots=True)
class RunningStep:
    """One step of the running progression, with its dose and cues like the exercise library's."""

    slug: str
    name: str
    effort: int
    dose_text: str
    setup: str
    movement: str
    feel: str
    stop: str


def _load_running() -> MappingProxyType[str, RunningStep]:
    text = resources.files("hamtrack").joinpath("data/running.toml").read_text("utf-8")
    steps = [RunningStep(**raw) for raw in tomllib.loads(text)["step"]]
    return MappingProxyType({step.slug: step for step in steps})


RUNNING_STEPS: MappingProxyType[str, RunningStep] = _load_running()
"""The running progression in the order a person works through it."""


RUNNING_NOTE_MAX_CHARS = 300


@dataclass(frozen=True, slots=True)
class RunningEntry:
    """One running drill as logged: the step, the effort reached (% of full speed) and the pain.

    `note` is the person's own word on the run (how it felt, where), up to 300 characters.
    """

    day: dt.date
    step: str
    effort: int
    pain: int
    note: str = ""

    def __post_init__(self) -> None:
        problems: list[str] = []
        if not _is_date(self.day):
            problems.append(f"The date of a run must be a calendar date (got {self.day!r}).")
        known = isinstance(self.step, str) and self.step in RUNNING_STEPS
        name = RUNNING_STEPS[self.step].name if known else str(self.step)
        if not known:
            problems.append(f"Unknown running step {self.step!r}.")
        _whole_in_range(problems, f"{name}: effort reached in %", self.effort, 1, FULL_EFFORT)
        _whole_in_range(problems, f"{name}: pain during the run", self.pain, PAIN_MIN, PAIN_MAX)
        if (
            not isinstance(self.note, str)
            or len(self.note) > RUNNING_NOTE_MAX_CHARS
            or not _storable(self.note)
        ):
            problems.append(
                f"{name}: keep the note to {RUNNING_NOTE_MAX_CHARS} characters of plain text."
            )
        if problems:
            raise ValidationError(problems)

    @property
    def name(self) -> str:
        """The step's name."""
        return RUNNING_STEPS[self.step].name


def running_warning(entry: RunningEntry, history: Sequence[RunningEntry]) -> str | None:
    """The warning for running above 70 % effort before running up to 70 % is pain-free.

    "Pain-free jogging" is read as: on the latest day, up to and including the entry's, with
    running at 70 % effort or less (jog–walk or slower build-ups), every such run hurt 0–1/10.
    Returns None when the entry is at 70 % or less, or the jogging before it was pain-free.
    """
    if entry.effort <= JOGGING_EFFORT_MAX:
        return None
    easy = [r for r in history if r.effort <= JOGGING_EFFORT_MAX and r.day <= entry.day]
    if easy:
        latest = max(r.day for r in easy)
        worst = max((r for r in easy if r.day == latest), key=lambda r: r.pain)
        if worst.pain <= PAIN_FREE_MAX:
            return None
        before = (
            f"but your last easy run ({worst.name}, {_day_text(worst.day)}) hurt {worst.pain}/10"
        )
        start = "Go back to jog–walk intervals until they are pain-free (0–1/10), then build up"
    else:
        before = "and none is logged before this run"
        start = "Start with jog–walk intervals and build up once they are pain-free (0–1/10)"
    return (
        f"Running at {entry.effort} % effort comes only after jogging without pain, {before}. "
        f"{start}; stop and see your physiotherapist if the pain stays."
    )


def full_speed_without_pain(entries: Sequence[RunningEntry]) -> RunningEntry | None:
    """The run that shows the progression completed at full speed without pain, or None.

    That is the latest run at 100 % effort with pain 0–1/10, provided no run since then (at any
    effort) hurt more than 1/10: a painful run afterwards means the running is not settled yet.
    """
    full = [r for r in entries if r.effort >= FULL_EFFORT and r.pain <= PAIN_FREE_MAX]
    if not full:
        return None
    latest = max(full, key=lambda r: r.day)
    if any(r.day >= latest.day and r.pain > PAIN_FREE_MAX for r in entries):
        return None
    return latest


# ---------------------------------------------------------------------------------------------
# Re-testing


@dataclass(frozen=True, slots=True)
class Retest:
    """When the measures should next be taken, in a late phase."""

    due: dt.date
    last: dt.date | None
    today: dt.date

    @property
    def is_due(self) -> bool:
        """True on and after the due day."""
        return self.due <= self.today

    @property
    def text(self) -> str:
        """What Home says: due now, or when."""
        if self.last is None:
            return (
                "Time for your first tests on both legs: they give the starting point the "
                "return-to-sport checklist compares with."
            )
        if self.is_due:
            return (
                f"A re-test of both legs is due: the last tests were on {_day_text(self.last)}, "
                f"{(self.today - self.last).days} days ago."
            )
        return f"Next re-test of both legs on {_day_text(self.due)}."


def retest_due(phase: Phase, measures: Sequence[Measure], today: dt.date) -> Retest | None:
    """When the measures are next due: every 14 days in the late phases, None before them.

    In the acute and early phases a maximal strength or bridge test risks the healing muscle, so
    nothing is scheduled; on reaching functional retraining the first test is due at once.
    """
    done = [m.day for m in measures if m.day <= today]
    return retest_after(phase, max(done) if done else None, today)


def retest_after(phase: Phase, last: dt.date | None, today: dt.date) -> Retest | None:
    """`retest_due` from the day of the last tests up to today alone (None: no test yet)."""
    if phase not in RETEST_PHASES:
        return None
    if last is None:
        return Retest(due=today, last=None, today=today)
    return Retest(due=last + dt.timedelta(days=RETEST_DAYS), last=last, today=today)


# ---------------------------------------------------------------------------------------------
# The checklist


class Status(enum.StrEnum):
    """Where a criterion stands, decided from the logs only."""

    MET = "met"
    NOT_MET = "not_met"
    MISSING = "missing"
    FOR_PHYSIOTHERAPIST = "for_physiotherapist"

    @property
    def label(self) -> str:
        """The status on screen."""
        return {
            Status.MET: "Met",
            Status.NOT_MET: "Not yet",
            Status.MISSING: "Not enough in your logs",
            Status.FOR_PHYSIOTHERAPIST: "For your physiotherapist to judge",
        }[self]


class Criterion(enum.StrEnum):
    """The return-to-sport criteria, in the order the checklist shows them."""

    NO_PAIN = "no_pain"
    BRIDGE = "bridge"
    STRENGTH = "strength"
    RANGE = "range"
    RUNNING = "running"
    NO_FLAGS = "no_flags"

    @property
    def title(self) -> str:
        """The criterion as a heading."""
        return {
            Criterion.NO_PAIN: "No pain in the injured hamstring for two weeks",
            Criterion.BRIDGE: f"Single-leg bridge at least {LSI_NEEDED} % of the other leg",
            Criterion.STRENGTH: f"Knee-flexion strength at least {LSI_NEEDED} % of the other leg",
            Criterion.RANGE: (
                f"Range within {KNEE_EXTENSION_DIFFERENCE_MAX}° of the other leg "
                f"(straight-leg raise: within {STRAIGHT_LEG_RAISE_SHORTFALL_MAX} %)"
            ),
            Criterion.RUNNING: "Running progression done at full speed without pain",
            Criterion.NO_FLAGS: "No pain-monitoring flag for two weeks",
        }[self]

    @property
    def short(self) -> str:
        """How the criterion's sentence starts: 'pain', 'bridge', 'range'."""
        return {
            Criterion.NO_PAIN: "pain",
            Criterion.BRIDGE: "bridge",
            Criterion.STRENGTH: "strength",
            Criterion.RANGE: "range",
            Criterion.RUNNING: "running",
            Criterion.NO_FLAGS: "flags",
        }[self]


@dataclass(frozen=True, slots=True)
class CriterionResult:
    """One criterion's verdict with the entries behind it, or what is missing, in one sentence."""

    criterion: Criterion
    status: Status
    text: str
    evidence: tuple[object, ...] = ()

    @property
    def met(self) -> bool:
        """True only when the logs show the criterion met."""
        return self.status is Status.MET


@dataclass(frozen=True, slots=True)
class HamstringPain:
    """The hamstring pain of one check-in, left and right, 0–10."""

    day: dt.date
    left: int
    right: int

    def of(self, leg: Leg) -> int:
        """The pain of one leg's hamstring."""
        return self.left if leg is Leg.LEFT else self.right


@dataclass(frozen=True, slots=True)
class ExercisePain:
    """The pain during one exercise of a session and the leg it worked (both, left or right)."""

    day: dt.date
    exercise: str
    side: Side
    pain: int


def two_week_window(today: dt.date) -> tuple[dt.date, dt.date]:
    """The last two complete weeks before today's: Monday two weeks back to last Sunday."""
    monday = today - dt.timedelta(days=today.weekday())
    return monday - dt.timedelta(days=14), monday - dt.timedelta(days=1)


def _window_text(first: dt.date, last: dt.date) -> str:
    """'from 16 to 29 Nov 2026', 'from 30 Nov to 13 Dec 2026' or with both years."""
    if first.year != last.year:
        return f"from {_day_text(first)} to {_day_text(last)}"
    start = f"{first.day}" if first.month == last.month else f"{first.day} {first:%b}"
    return f"from {start} to {_day_text(last)}"


def _thin_week(check_ins: Sequence[HamstringPain], first: dt.date) -> str | None:
    """Why the window is too thin for a verdict, or None when both weeks are complete."""
    for monday in (first, first + dt.timedelta(days=7)):
        sunday = monday + dt.timedelta(days=6)
        days = {c.day for c in check_ins if monday <= c.day <= sunday}
        if len(days) < WEEK_MIN_CHECK_IN_DAYS:
            return (
                f"the week of {_day_text(monday)} has check-ins on {len(days)} "
                f"day{'' if len(days) == 1 else 's'}; each of the two weeks needs "
                f"{WEEK_MIN_CHECK_IN_DAYS}"
            )
    return None


def no_pain_criterion(
    injured_side: Side | None,
    check_ins: Sequence[HamstringPain],
    exercises: Sequence[ExercisePain],
    today: dt.date,
) -> CriterionResult:
    """No pain (0–1/10) in the injured hamstring on the last two complete weeks' check-ins and
    sessions.

    Exercises done with the uninjured leg alone do not count; those done with the injured leg or
    both legs do. Both weeks need check-ins on 3 days and the fortnight at least one session:
    silence in the logs is not evidence of no pain.
    """
    criterion = Criterion.NO_PAIN
    injured_side = _profile_side(injured_side)
    if injured_side is None:
        return CriterionResult(criterion, Status.MISSING, f"pain: {NO_PROFILE_REASON}")
    first, last = two_week_window(today)
    window = _window_text(first, last)
    thin = _thin_week(check_ins, first)
    if thin:
        return CriterionResult(criterion, Status.MISSING, f"pain: {thin}")
    legs = injured_legs(injured_side)
    in_window = [c for c in check_ins if first <= c.day <= last]
    done = [
        e
        for e in exercises
        if first <= e.day <= last and (e.side == Side.BOTH or e.side in {leg.value for leg in legs})
    ]
    if not done:
        return CriterionResult(
            criterion,
            Status.MISSING,
            f"pain: no session with the injured leg logged {window}; the criterion needs "
            "the pain during sessions too",
        )
    painful: list[tuple[int, dt.date, str, object]] = []
    for check_in in in_window:
        for leg in legs:
            if check_in.of(leg) > PAIN_FREE_MAX:
                where = f"{leg} hamstring {check_in.of(leg)}/10 at the check-in of"
                painful.append((check_in.of(leg), check_in.day, where, check_in))
    for exercise in done:
        if exercise.pain > PAIN_FREE_MAX:
            where = f"{exercise.exercise} {exercise.pain}/10 in the session of"
            painful.append((exercise.pain, exercise.day, where, exercise))
    if painful:
        _, day, where, _ = max(painful, key=lambda p: (p[0], p[1]))
        more = len(painful) - 1
        others = f", and {more} more above {PAIN_FREE_MAX}/10" if more else ""
        return CriterionResult(
            criterion,
            Status.NOT_MET,
            f"pain: {where} {_day_text(day)}{others}; needs 0–{PAIN_FREE_MAX}/10 on every "
            f"check-in and session {window}",
            tuple(p[3] for p in sorted(painful, key=lambda p: p[1])),
        )
    sessions = len({e.day for e in done})
    return CriterionResult(
        criterion,
        Status.MET,
        f"pain: {_hamstrings(injured_side)} at 0–{PAIN_FREE_MAX}/10 on all {len(in_window)} "
        f"check-ins and {sessions} session{'' if sessions == 1 else 's'} {window}",
        (*in_window, *done),
    )


def no_flag_criterion(
    flags: Sequence[str] | int, check_ins: Sequence[HamstringPain], today: dt.date
) -> CriterionResult:
    """No pain-monitoring flag (docs/rules.md §3) in the last two complete weeks.

    `flags` are the messages of the flags raised in that window, or just their number, computed
    elsewhere; rises only "noticed" are not flags and must not be passed. Both weeks need
    check-ins on 3 days.
    """
    criterion = Criterion.NO_FLAGS
    first, last = two_week_window(today)
    window = _window_text(first, last)
    thin = _thin_week(check_ins, first)
    if thin:
        return CriterionResult(criterion, Status.MISSING, f"flags: {thin}")
    number = flags if isinstance(flags, int) else len(flags)
    if number:
        count = f"{number} pain-monitoring flag{'' if number == 1 else 's'}"
        first_flag = "" if isinstance(flags, int) else f", the first: {flags[0]}"
        return CriterionResult(
            criterion,
            Status.NOT_MET,
            f"flags: {count} {window}{first_flag}; needs none",
            () if isinstance(flags, int) else tuple(flags),
        )
    return CriterionResult(criterion, Status.MET, f"flags: no pain-monitoring flag {window}")


def _latest_pair(
    measures: Sequence[Measure], kinds: Sequence[MeasureKind]
) -> tuple[MeasureKind, dt.date] | None:
    """The latest day one of `kinds` was tested on both legs (the first kind wins a tie)."""
    best: tuple[dt.date, int, MeasureKind] | None = None
    for rank, kind in enumerate(kinds):
        trials = _by_day_and_leg(measures, kind)
        for day in {day for day, _ in trials}:
            if (day, Leg.LEFT) in trials and (day, Leg.RIGHT) in trials:
                candidate = (day, -rank, kind)
                if best is None or candidate[:2] > best[:2]:
                    best = candidate
    return None if best is None else (best[2], best[0])


def _criterion_kinds(criterion: Criterion) -> tuple[MeasureKind, ...]:
    if criterion is Criterion.BRIDGE:
        return (MeasureKind.BRIDGE,)
    if criterion is Criterion.STRENGTH:
        return (MeasureKind.STRENGTH,)
    if criterion is Criterion.RANGE:
        return (MeasureKind.KNEE_EXTENSION, MeasureKind.STRAIGHT_LEG_RAISE)
    raise ValueError(f"{criterion} is not decided by a measure.")


def _both_injured(criterion: Criterion, measures: Sequence[Measure]) -> CriterionResult:
    kinds = _criterion_kinds(criterion)
    name = criterion.short
    logged = [m for m in measures if m.kind in kinds]
    on_day: list[Measure] = []
    shown = ""
    if logged:
        day = max(m.day for m in logged)
        on_day = [m for m in logged if m.day == day]
        parts = []
        for kind in kinds:
            legs = [b for leg in Leg if (b := _best(_on(on_day, kind, day, leg))) is not None]
            if legs:
                parts.append(f"{kind.short} " + ", ".join(f"{b.amount} {b.leg}" for b in legs))
        shown = f" Latest ({_day_text(day)}): {'; '.join(parts)}."
    reference = (
        f" For the bridge, {BRIDGE_REFERENCE_REPS} or more repetitions on each leg is a "
        "reference point from research in footballers."
        if criterion is Criterion.BRIDGE
        else ""
    )
    return CriterionResult(
        criterion,
        Status.FOR_PHYSIOTHERAPIST,
        f"{name}: {BOTH_INJURED_REASON}. A physiotherapist judges each leg against its own "
        f"earlier tests, your level before the injury or reference values for your sport."
        f"{shown}{reference}",
        tuple(on_day),
    )


def symmetry_criterion(
    criterion: Criterion,
    injured_side: Side | None,
    measures: Sequence[Measure],
    today: dt.date,
) -> CriterionResult:
    """Bridge or strength LSI ≥ 90 %, or range within 10° (straight-leg raise: 10 %).

    Decided on the latest day the test was done on both legs (the best trial of each leg), no
    older than the re-test interval, with pain during the test on the injured leg noted and
    0–1/10: a test that hurts does not show a recovered muscle. For range, the knee extension is
    used when both range tests were done that day.
    """
    kinds = _criterion_kinds(criterion)
    name = criterion.short
    injured_side = _profile_side(injured_side)
    if injured_side is None:
        return CriterionResult(criterion, Status.MISSING, f"{name}: {NO_PROFILE_REASON}")
    measures = [m for m in measures if m.day <= today]
    if injured_side is Side.BOTH:
        return _both_injured(criterion, measures)
    logged = [m for m in measures if m.kind in kinds]
    if not logged:
        return CriterionResult(
            criterion, Status.MISSING, f"{name}: no test logged yet; test both legs on one day"
        )
    pair = _latest_pair(measures, kinds)
    if pair is None:
        one = max(logged, key=lambda m: m.day)
        return CriterionResult(
            criterion,
            Status.MISSING,
            f"{one.kind.short}: {one.amount} {one.leg} on {_day_text(one.day)}, but the "
            f"{one.leg.other} leg was not tested that day; test both legs on the same day",
            (one,),
        )
    kind, day = pair
    injured_leg = Leg(injured_side.value)
    injured = _best(_on(measures, kind, day, injured_leg))
    uninjured = _best(_on(measures, kind, day, injured_leg.other))
    # The day was picked because both legs were tested on it.
    assert injured is not None
    assert uninjured is not None
    symmetry = compare(injured, uninjured)
    evidence = tuple(m for m in (symmetry.injured, symmetry.uninjured) if m is not None)
    when = f"tested {_day_text(day)}"
    if (today - day).days > RETEST_DAYS:
        return CriterionResult(
            criterion,
            Status.MISSING,
            f"{symmetry.text} ({when}, more than {RETEST_DAYS // 7} weeks ago); re-test both legs",
            evidence,
        )
    if symmetry.value is None:
        return CriterionResult(criterion, Status.MISSING, f"{symmetry.text} ({when})", evidence)
    pains = [m.pain for m in _on(measures, kind, day, injured_leg)]
    if not symmetry.meets_target:
        return CriterionResult(
            criterion, Status.NOT_MET, f"{symmetry.text}; {symmetry.target} ({when})", evidence
        )
    if any(p is None for p in pains):
        return CriterionResult(
            criterion,
            Status.MISSING,
            f"{symmetry.text} ({when}), but the pain during the test on the {injured_leg} leg "
            "was not noted; note it at the next test",
            evidence,
        )
    worst = max(p for p in pains if p is not None)
    if worst > PAIN_FREE_MAX:
        return CriterionResult(
            criterion,
            Status.NOT_MET,
            f"{symmetry.text} ({when}), but the test hurt {worst}/10 on the {injured_leg} "
            f"leg; needs 0–{PAIN_FREE_MAX}/10 during the test",
            evidence,
        )
    return CriterionResult(
        criterion, Status.MET, f"{symmetry.text}; {symmetry.target} ({when})", evidence
    )


def running_criterion(entries: Sequence[RunningEntry]) -> CriterionResult:
    """The running progression completed at full speed without pain (`full_speed_without_pain`)."""
    criterion = Criterion.RUNNING
    done = full_speed_without_pain(entries)
    if done is not None:
        return CriterionResult(
            criterion,
            Status.MET,
            f"running: {done.name} at {done.effort} % on {_day_text(done.day)}, "
            f"pain {done.pain}/10",
            (done,),
        )
    if not entries:
        return CriterionResult(
            criterion,
            Status.MISSING,
            "running: no running logged yet; start with jog–walk intervals",
        )
    latest_day = max(r.day for r in entries)
    latest = max((r for r in entries if r.day == latest_day), key=lambda r: (r.pain, r.effort))
    if latest.pain > PAIN_FREE_MAX:
        return CriterionResult(
            criterion,
            Status.NOT_MET,
            f"running: {latest.name} at {latest.effort} % on {_day_text(latest.day)} hurt "
            f"{latest.pain}/10; needs full speed at 0–{PAIN_FREE_MAX}/10",
            (latest,),
        )
    easy = [r for r in entries if r.pain <= PAIN_FREE_MAX]
    fastest = max(easy, key=lambda r: (r.effort, r.day))
    return CriterionResult(
        criterion,
        Status.NOT_MET,
        f"running: fastest without pain so far {fastest.effort} % ({fastest.name}, "
        f"{_day_text(fastest.day)}); needs {FULL_EFFORT} % without pain",
        (fastest,),
    )


def checklist(
    *,
    injured_side: Side | None,
    measures: Sequence[Measure],
    check_ins: Sequence[HamstringPain],
    exercises: Sequence[ExercisePain],
    running: Sequence[RunningEntry],
    flags: Sequence[str] | int,
    today: dt.date,
) -> tuple[CriterionResult, ...]:
    """The return-to-sport checklist (docs/rules.md §9), each criterion decided from the logs.

    `flags` are the pain-monitoring flags of the last two complete weeks (`two_week_window`), as
    messages or as their number.
    """
    return (
        no_pain_criterion(injured_side, check_ins, exercises, today),
        symmetry_criterion(Criterion.BRIDGE, injured_side, measures, today),
        symmetry_criterion(Criterion.STRENGTH, injured_side, measures, today),
        symmetry_criterion(Criterion.RANGE, injured_side, measures, today),
        running_criterion(running),
        no_flag_criterion(flags, check_ins, today),
    )


def all_criteria_met(results: Sequence[CriterionResult]) -> bool:
    """True when every criterion of the checklist is met in the logs (and there is one)."""
    return bool(results) and all(r.met for r in results)


def checklist_summary(results: Sequence[CriterionResult]) -> str:
    """The checklist's one-paragraph verdict; it never clears anyone, it points to the physio."""
    if all_criteria_met(results):
        return (
            "Your logs meet all the criteria a physiotherapist uses before a return to sport. "
            "Show them this checklist and agree with them when to go back to full training "
            "and matches."
        )
    met = sum(r.met for r in results)
    text = f"{met} of {len(results)} criteria are met in your logs; the others say what is needed."
    judged = sum(r.status is Status.FOR_PHYSIOTHERAPIST for r in results)
    if judged:
        text += (
            f" {judged} can only be judged by your physiotherapist, because both hamstrings "
            "were injured."
        )
    return text


# ---------------------------------------------------------------------------------------------
# PSFS: Patient-Specific Functional Scale


def _storable(text: str) -> bool:
    # A NUL would cut the text short and a lone surrogate cannot be written as UTF-8.
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def activity_key(name: str) -> str:
    """How activities are matched between ratings: case and spacing do not make a new one."""
    return " ".join(name.split()).casefold()


@dataclass(frozen=True, slots=True)
class PsfsResponse:
    """One PSFS rating: 3–5 activities the person named, each rated 0–10 or left unrated (None).

    0 means unable to do the activity, 10 able to do it as before the problem.
    """

    day: dt.date
    activities: tuple[str, ...]
    ratings: tuple[int | None, ...]

    def __post_init__(self) -> None:
        problems: list[str] = []
        if not _is_date(self.day):
            problems.append(f"The date must be a calendar date (got {self.day!r}).")
        if not isinstance(self.activities, tuple | list) or not isinstance(
            self.ratings, tuple | list
        ):
            problems.append("Give the activities and their ratings as lists.")
            raise ValidationError(problems)
        count = len(self.activities)
        if not PSFS_MIN_ACTIVITIES <= count <= PSFS_MAX_ACTIVITIES:
            problems.append(
                f"Name {PSFS_MIN_ACTIVITIES} to {PSFS_MAX_ACTIVITIES} activities you find hard "
                f"(got {count})."
            )
        for activity in self.activities:
            if (
                not isinstance(activity, str)
                or not activity.strip()
                or len(activity) > PSFS_ACTIVITY_MAX_CHARS
                or not _storable(activity)
            ):
                problems.append(
                    f"Name each activity in 1 to {PSFS_ACTIVITY_MAX_CHARS} characters "
                    f"(got {activity!r})."
                )
        names = [activity_key(a) for a in self.activities if isinstance(a, str)]
        if len(set(names)) != len(names):
            problems.append("Each activity can be named only once.")
        if len(self.ratings) != count:
            problems.append("Give one rating (or leave it empty) for each activity.")
        for activity, rating in zip(self.activities, self.ratings, strict=False):
            if rating is not None:
                _whole_in_range(
                    problems,
                    f"The rating of {activity!r}",
                    rating,
                    PSFS_RATING_MIN,
                    PSFS_RATING_MAX,
                )
        if problems:
            raise ValidationError(problems)
        object.__setattr__(self, "activities", tuple(self.activities))
        object.__setattr__(self, "ratings", tuple(self.ratings))

    @property
    def score(self) -> Fraction | None:
        """The PSFS score of this rating (`psfs_score`)."""
        return psfs_score(self.ratings)

    def rating_of(self, activity: str) -> int | None:
        """The rating given to an activity, None when it was not named or not rated."""
        key = activity_key(activity)
        for name, rating in zip(self.activities, self.ratings, strict=True):
            if activity_key(name) == key:
                return rating
        return None


def psfs_score(ratings: Iterable[int | None]) -> Fraction | None:
    """The PSFS score: the mean of the rated activities (0–10, exact); None when none is rated."""
    rated = [r for r in ratings if r is not None]
    if not rated:
        return None
    return Fraction(sum(rated), len(rated))


def psfs_meaningful(earlier: Fraction | float, later: Fraction | float, *, activities: int) -> bool:
    """True when a PSFS change is meaningful: 2 points for a mean, 3 for a single activity.

    Either direction counts; `activities` is how many activities the two scores share.
    """
    needed = PSFS_MEANINGFUL_SINGLE if activities == 1 else PSFS_MEANINGFUL_MEAN
    return abs(_exact(later) - _exact(earlier)) >= needed


@dataclass(frozen=True, slots=True)
class PsfsChange:
    """How the PSFS moved between two ratings, over the activities both rated."""

    earlier: Fraction
    later: Fraction
    activities: tuple[str, ...]
    meaningful: bool

    @property
    def points(self) -> Fraction:
        """Later minus earlier: positive is better."""
        return self.later - self.earlier


def psfs_change(baseline: PsfsResponse, latest: PsfsResponse) -> PsfsChange | None:
    """The change of the mean over the activities rated in both, or None when they share none.

    An activity named for the first time starts its own baseline, so it is left out of the
    comparison with an earlier rating rather than pulling the mean up or down.
    """
    shared = tuple(
        name
        for name, rating in zip(latest.activities, latest.ratings, strict=True)
        if rating is not None and baseline.rating_of(name) is not None
    )
    if not shared:
        return None
    earlier = psfs_score(baseline.rating_of(name) for name in shared)
    later = psfs_score(latest.rating_of(name) for name in shared)
    # Every shared activity is rated in both.
    assert earlier is not None
    assert later is not None
    meaningful = psfs_meaningful(earlier, later, activities=len(shared))
    return PsfsChange(earlier, later, shared, meaningful)


@dataclass(frozen=True, slots=True)
class ActivityChange:
    """One activity's rating now against its own baseline: its first rating."""

    activity: str
    baseline_day: dt.date
    baseline: int
    latest_day: dt.date
    latest: int

    @property
    def points(self) -> int:
        """Latest minus baseline: positive is better."""
        return self.latest - self.baseline

    @property
    def meaningful(self) -> bool:
        """A single activity changes meaningfully by 3 points."""
        return psfs_meaningful(self.baseline, self.latest, activities=1)


def activity_changes(responses: Sequence[PsfsResponse]) -> tuple[ActivityChange, ...]:
    """Each activity of the latest rating against its own first rating, in the latest's order.

    An activity's baseline is the first rating that rated it, so an activity added later starts
    a new baseline on the day it is first rated.
    """
    if not responses:
        return ()
    ordered = sorted(responses, key=lambda r: r.day)
    latest = ordered[-1]
    changes = []
    for name, rating in zip(latest.activities, latest.ratings, strict=True):
        if rating is None:
            continue
        first = next(r for r in ordered if r.rating_of(name) is not None)
        baseline = first.rating_of(name)
        assert baseline is not None  # found by that very test
        changes.append(ActivityChange(name, first.day, baseline, latest.day, rating))
    return tuple(changes)
