"""The records a person logs, as frozen values that cannot hold an out-of-range number.

Every constructor validates its fields and raises `ValidationError` listing every problem in
plain words, so the same rule guards the screens, the CLI and the CSV import. The schema repeats
the ranges as CHECK constraints; this module is where a refusal gets its message.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from hamtrack.catalogue import EXERCISES

# The enums live in hamtrack.enums; they are named here too so older imports keep working.
from hamtrack.enums import PauseReason as PauseReason
from hamtrack.enums import Phase as Phase
from hamtrack.enums import Region as Region
from hamtrack.enums import Side as Side
from hamtrack.safety import RED_FLAGS_BY_KEY

PAIN_MIN, PAIN_MAX = 0, 10
NOTE_MAX_CHARS = 2000
SETS_MAX = 20
REPS_MAX = 100
HOLD_S_MAX = 600
BAND_MAX = 5
WEEKLY_TARGET_MIN, WEEKLY_TARGET_MAX = 1, 7
EARLIEST_DAY = dt.date(2000, 1, 1)
"""No record is dated before this: HamTrack logs a rehabilitation that is going on now, so an
older date is a mistyped year (or a spreadsheet's 1900), and refusing it keeps every view's span
bounded (see hamtrack/data/data-dictionary.md)."""


class ValidationError(ValueError):
    """One or more values were refused; `problems` says which, in the user's words."""

    def __init__(self, problems: Iterable[str]) -> None:
        self.problems: tuple[str, ...] = tuple(problems)
        super().__init__("; ".join(self.problems))


BAND_LEVELS: tuple[str, ...] = (
    "No band",
    "Extra light",
    "Light",
    "Medium",
    "Heavy",
    "Extra heavy",
)


def pain_band(pain: float) -> str:
    """The NRS-11 band of a pain score: none, mild, moderate or severe."""
    if pain <= 0:
        return "none"
    if pain < 4:
        return "mild"
    if pain < 7:
        return "moderate"
    return "severe"


def _whole_in_range(problems: list[str], what: str, value: object, low: int, high: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        problems.append(f"{what} must be a whole number from {low} to {high} (got {value!r}).")
    elif not low <= value <= high:
        problems.append(f"{what} must be from {low} to {high} (got {value}).")


def _optional_whole(problems: list[str], what: str, value: object, low: int, high: int) -> None:
    if value is not None:
        _whole_in_range(problems, what, value, low, high)


def _encodes(text: str) -> bool:
    # Lone surrogates cannot be written as UTF-8, and a NUL would cut the text short.
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return "\x00" not in text


def _note_ok(problems: list[str], note: object) -> None:
    if not isinstance(note, str):
        problems.append("The note must be text.")
    elif len(note) > NOTE_MAX_CHARS:
        problems.append(f"The note is {len(note)} characters long; keep it under {NOTE_MAX_CHARS}.")
    elif "\x00" in note:
        problems.append("The note holds a NUL character, which cannot be stored.")
    elif not _encodes(note):
        problems.append("The note holds characters that cannot be stored; retype it.")


def _name_ok(problems: list[str], what: str, value: object, longest: int) -> None:
    if not isinstance(value, str) or not value or len(value) > longest or not _encodes(value):
        problems.append(f"{what} must be text of 1 to {longest} characters (got {value!r}).")


def _is_date(value: object) -> bool:
    return isinstance(value, dt.date) and not isinstance(value, dt.datetime)


def check_not_future(day: dt.date, *, today: dt.date, what: str = "The date") -> list[str]:
    """A log is about what happened, so a date after today is refused."""
    if day > today:
        return [f"{what} {day.isoformat()} is in the future; pick today or an earlier day."]
    return []


# True while records already in the database are read back; None outside any reading. Records
# dated before EARLIEST_DAY could be stored before the rule existed, and they must stay readable
# (History, export, an edit that fixes the year): nothing saved may become unreachable.
_READING_STORED: contextvars.ContextVar[bool | None] = contextvars.ContextVar(
    "reading_stored_records", default=None
)


@contextlib.contextmanager
def reading_stored_records() -> Iterator[None]:
    """Build records from what the database already holds: their age is not held against them.

    Inside `checking_new_records` (a restore checking a backup) the earliest day still applies.
    """
    token = _READING_STORED.set(True) if _READING_STORED.get() is None else None
    try:
        yield
    finally:
        if token is not None:
            _READING_STORED.reset(token)


def reading_as_stored() -> bool:
    """True inside `reading_stored_records` (and not inside `checking_new_records`): records
    built now are built as stored ones, whose age is not held against them."""
    return bool(_READING_STORED.get())


@contextlib.contextmanager
def checking_new_records() -> Iterator[None]:
    """Build records that are about to be taken in (a backup): every rule applies, the age too."""
    token = _READING_STORED.set(False)
    try:
        yield
    finally:
        _READING_STORED.reset(token)


def check_not_too_early(day: object, *, what: str = "The date") -> list[str]:
    """A date before `EARLIEST_DAY` is a mistyped year; say so in the person's words.

    Records already stored are read back whatever their date (`reading_stored_records`).
    """
    if _READING_STORED.get():
        return []
    if _is_date(day) and day < EARLIEST_DAY:
        return [
            f"{what} {day.isoformat()} is before {EARLIEST_DAY:%d %B %Y}, the earliest day "
            "HamTrack keeps; check the year."
        ]
    return []


@dataclass(frozen=True, slots=True)
class CheckIn:
    """How much each region hurts right now, plus stiffness and a note."""

    day: dt.date
    time: dt.time
    pain: dict[Region, int]
    stiffness: int
    note: str = ""
    red_flags: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        problems: list[str] = []
        if not _is_date(self.day):
            problems.append(f"The date must be a calendar date (got {self.day!r}).")
        problems += check_not_too_early(self.day)
        if not isinstance(self.time, dt.time):
            problems.append(f"The time must be a time of day (got {self.time!r}).")
        elif self.time.second or self.time.microsecond or self.time.tzinfo is not None:
            # Stored as HH:MM: anything finer would be dropped without a word.
            problems.append(f"The time is kept to the minute (got {self.time.isoformat()}).")
        if set(self.pain) != set(Region):
            problems.append("Pain needs a score for each region (0 where it does not hurt).")
        for region, value in self.pain.items():
            label = Region(region).label if region in set(Region) else str(region)
            _whole_in_range(problems, f"{label} pain", value, PAIN_MIN, PAIN_MAX)
        _whole_in_range(problems, "Stiffness", self.stiffness, PAIN_MIN, PAIN_MAX)
        _note_ok(problems, self.note)
        # Retired signs stay valid, so old check-ins still read and import (docs/rules.md §8).
        unknown = set(self.red_flags) - set(RED_FLAGS_BY_KEY)
        if unknown:
            problems.append(f"Unknown warning sign(s): {', '.join(sorted(unknown))}.")
        if problems:
            raise ValidationError(problems)

    @property
    def worst_pain(self) -> int:
        """The check-in's pain: the highest of its regions (docs/rules.md §2)."""
        return max(self.pain.values())


@dataclass(frozen=True, slots=True)
class ExerciseDone:
    """One exercise of a session with its dose and how much it hurt."""

    exercise: str
    pain_during: int
    side: Side = Side.BOTH
    sets: int | None = None
    reps: int | None = None
    hold_s: int | None = None
    band_level: int = 0
    note: str = ""

    def __post_init__(self) -> None:
        problems: list[str] = []
        known = self.exercise in EXERCISES
        name = EXERCISES[self.exercise].name if known else str(self.exercise)
        if not known:
            problems.append(f"Unknown exercise {self.exercise!r}.")
        _whole_in_range(problems, f"{name}: pain during", self.pain_during, PAIN_MIN, PAIN_MAX)
        if self.side not in set(Side):
            problems.append(f"{name}: side must be both, left or right (got {self.side!r}).")
        _optional_whole(problems, f"{name}: sets", self.sets, 1, SETS_MAX)
        _optional_whole(problems, f"{name}: reps", self.reps, 1, REPS_MAX)
        _optional_whole(problems, f"{name}: hold seconds", self.hold_s, 1, HOLD_S_MAX)
        _whole_in_range(problems, f"{name}: band level", self.band_level, 0, BAND_MAX)
        if self.reps is None and self.hold_s is None:
            problems.append(f"{name}: give the reps or the hold in seconds.")
        _note_ok(problems, self.note)
        if problems:
            raise ValidationError(problems)


@dataclass(frozen=True, slots=True)
class Session:
    """An exercise session on one day: the exercises done, in order."""

    day: dt.date
    exercises: tuple[ExerciseDone, ...]
    note: str = ""

    def __post_init__(self) -> None:
        problems: list[str] = []
        if not _is_date(self.day):
            problems.append(f"The date must be a calendar date (got {self.day!r}).")
        problems += check_not_too_early(self.day)
        if not self.exercises:
            problems.append("Pick at least one exercise you did.")
        elif not all(isinstance(e, ExerciseDone) for e in self.exercises):
            problems.append("Each exercise of a session must be an exercise done.")
        _note_ok(problems, self.note)
        if problems:
            raise ValidationError(problems)

    @property
    def worst_pain(self) -> int:
        return max(e.pain_during for e in self.exercises)


@dataclass(frozen=True, slots=True)
class QuestionnaireResponse:
    """One filled-in questionnaire: an answer (0–5) or None (skipped) for each section."""

    day: dt.date
    questionnaire_id: str
    questionnaire_version: str
    section_ids: tuple[str, ...]
    answers: tuple[int | None, ...]
    note: str = ""

    def __post_init__(self) -> None:
        problems: list[str] = []
        if not _is_date(self.day):
            problems.append(f"The date must be a calendar date (got {self.day!r}).")
        problems += check_not_too_early(self.day)
        _name_ok(problems, "The questionnaire id", self.questionnaire_id, 80)
        _name_ok(problems, "The questionnaire version", self.questionnaire_version, 40)
        for section in self.section_ids:
            _name_ok(problems, "A section id", section, 80)
        if len(self.section_ids) != len(self.answers):
            problems.append("There must be one answer (or a skip) for every section.")
        if len(set(self.section_ids)) != len(self.section_ids):
            problems.append("Section ids must be unique.")
        for section, answer in zip(self.section_ids, self.answers, strict=False):
            _optional_whole(problems, f"Answer to {section}", answer, 0, 5)
        _note_ok(problems, self.note)
        if problems:
            raise ValidationError(problems)


@dataclass(frozen=True, slots=True)
class Pause:
    """Days that adherence and streaks do not count against the person."""

    start: dt.date
    end: dt.date
    reason: PauseReason
    note: str = ""

    def __post_init__(self) -> None:
        problems: list[str] = []
        if not (_is_date(self.start) and _is_date(self.end)):
            problems.append("A pause needs a first and a last day.")
        elif self.end < self.start:
            problems.append("A pause cannot end before it starts.")
        else:
            problems += check_not_too_early(self.start, what="The pause's first day")
        if self.reason not in set(PauseReason):
            problems.append(f"Unknown reason for a pause: {self.reason!r}.")
        _note_ok(problems, self.note)
        if problems:
            raise ValidationError(problems)

    def covers(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True, slots=True)
class ProgrammeExercise:
    """An exercise in the person's programme, with the dose they aim for."""

    exercise: str
    sets: int | None = None
    reps: int | None = None
    hold_s: int | None = None
    side: Side = Side.BOTH
    band_level: int = 0
    added_on: dt.date = field(default_factory=dt.date.today)

    def __post_init__(self) -> None:
        problems: list[str] = []
        if self.exercise not in EXERCISES:
            problems.append(f"Unknown exercise {self.exercise!r}.")
        _optional_whole(problems, "Sets", self.sets, 1, SETS_MAX)
        _optional_whole(problems, "Reps", self.reps, 1, REPS_MAX)
        _optional_whole(problems, "Hold seconds", self.hold_s, 1, HOLD_S_MAX)
        _whole_in_range(problems, "Band level", self.band_level, 0, BAND_MAX)
        if self.side not in set(Side):
            problems.append(f"Side must be both, left or right (got {self.side!r}).")
        if not _is_date(self.added_on):
            problems.append(f"The day it was added must be a date (got {self.added_on!r}).")
        problems += check_not_too_early(self.added_on, what="The day it was added")
        if problems:
            raise ValidationError(problems)


def check_weekly_target(target: object) -> int:
    """The weekly session target, refused outside 1–7."""
    problems: list[str] = []
    _whole_in_range(problems, "The weekly target", target, WEEKLY_TARGET_MIN, WEEKLY_TARGET_MAX)
    if problems:
        raise ValidationError(problems)
    assert isinstance(target, int)
    return target
