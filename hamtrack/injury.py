"""The injury profile: which side, when and how it happened, and the history questions.

Set once and editable; every change is kept with its date, and the latest is the current one
(docs/rules.md §9). The history questions and their standing notes are in hamtrack.safety.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field

from hamtrack.models import Side, ValidationError, check_not_too_early
from hamtrack.safety import HISTORY_BY_KEY, HISTORY_QUESTIONS, clinician_notes

DIAGNOSIS_MAX_CHARS = 300
ACTIVITY_MAX_CHARS = 100


class InjuryCause(enum.StrEnum):
    """How the injury happened."""

    SPRINTING = "sprinting"
    STRETCHING = "stretching"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            InjuryCause.SPRINTING: "Sprinting or running fast",
            InjuryCause.STRETCHING: "A stretch too far (kicking, splits, dance, a slip)",
            InjuryCause.OTHER: "Something else, or it came on slowly",
        }[self]

    @property
    def summary(self) -> str:
        """How it happened, as a clinician reads it: "while sprinting"."""
        return {
            InjuryCause.SPRINTING: "while sprinting",
            InjuryCause.STRETCHING: "in a stretch too far",
            InjuryCause.OTHER: "in another way, or it came on slowly",
        }[self]


SIDE_LABELS = {Side.LEFT: "Left", Side.RIGHT: "Right", Side.BOTH: "Both"}
INJURED_LABELS = {
    Side.LEFT: "Left hamstring",
    Side.RIGHT: "Right hamstring",
    Side.BOTH: "Both hamstrings",
}


def _text_ok(problems: list[str], what: str, value: object, longest: int) -> None:
    if not isinstance(value, str):
        problems.append(f"{what} must be text.")
    elif len(value) > longest:
        problems.append(f"{what} is {len(value)} characters long; please keep it to {longest}.")
    elif "\x00" in value or not _encodes(value):
        problems.append(f"{what} holds a character that cannot be stored.")


def _encodes(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate, as broken text from a file may hold
        return False
    return True


@dataclass(frozen=True, slots=True)
class InjuryProfile:
    """The person's account of their injury, as they would tell it to a physiotherapist."""

    injured_side: Side
    injury_day: dt.date
    how: InjuryCause
    diagnosis: str = ""
    """As the person was told it, e.g. "grade 2 strain, biceps femoris"; may be empty."""
    return_activity: str = ""
    """The activity the person wants to get back to, e.g. "Sunday league football"."""
    history: frozenset[str] = field(default_factory=frozenset)
    """Keys of the history questions answered yes (hamtrack.safety.HISTORY_QUESTIONS)."""

    def __post_init__(self) -> None:
        problems: list[str] = []
        if self.injured_side not in set(Side):
            problems.append("Choose the injured side: left, right or both.")
        if not isinstance(self.injury_day, dt.date) or isinstance(self.injury_day, dt.datetime):
            problems.append(
                f"The date of injury must be a calendar date (got {self.injury_day!r})."
            )
        else:
            problems += check_not_too_early(self.injury_day, what="The date of injury")
        if self.how not in set(InjuryCause):
            problems.append("Choose how it happened: sprinting, stretching or something else.")
        _text_ok(problems, "The diagnosis", self.diagnosis, DIAGNOSIS_MAX_CHARS)
        _text_ok(problems, "The activity to return to", self.return_activity, ACTIVITY_MAX_CHARS)
        unknown = set(self.history) - set(HISTORY_BY_KEY)
        if unknown:
            problems.append(f"Unknown history question(s): {', '.join(sorted(unknown))}.")
        if problems:
            raise ValidationError(problems)

    @property
    def notes(self) -> tuple[str, ...]:
        """The standing "tell your clinician" notes of the ticked history questions."""
        return clinician_notes(self.history)

    def changes_from(self, earlier: InjuryProfile) -> tuple[str, ...]:
        """What changed since an earlier version, one short phrase each, for the change list."""
        changed = []
        if self.injured_side != earlier.injured_side:
            changed.append(f"side: {SIDE_LABELS[Side(self.injured_side)].lower()}")
        if self.injury_day != earlier.injury_day:
            changed.append(f"date of injury: {self.injury_day:%d %b %Y}")
        if self.how != earlier.how:
            changed.append(f"how: {InjuryCause(self.how).value}")
        if self.diagnosis != earlier.diagnosis:
            changed.append("diagnosis")
        if self.return_activity != earlier.return_activity:
            changed.append("activity to return to")
        for q in HISTORY_QUESTIONS:
            if (q.key in self.history) != (q.key in earlier.history):
                changed.append(f"{'ticked' if q.key in self.history else 'unticked'}: {q.question}")
        return tuple(changed)


@dataclass(frozen=True, slots=True)
class ProfileChange:
    """A version of the injury profile with the minute it was saved: what an export carries."""

    changed_at: dt.datetime
    profile: InjuryProfile

    def __post_init__(self) -> None:
        at = self.changed_at
        if not isinstance(at, dt.datetime) or at.tzinfo is not None:
            raise ValidationError(
                [f"When the profile was saved must be a date and time (got {at!r})."]
            )
        if at.second or at.microsecond:
            raise ValidationError(["When the profile was saved is kept to the minute."])


@dataclass(frozen=True, slots=True)
class ProfileVersion:
    """One saved version of the injury profile, with when it was saved."""

    id: int
    changed_at: dt.datetime
    profile: InjuryProfile


def change_log(versions: list[ProfileVersion]) -> list[tuple[dt.datetime, tuple[str, ...]]]:
    """Each version's date and what it changed, newest first; the oldest one set the profile up."""
    log = []
    for newer, older in zip(versions, [*versions[1:], None], strict=True):
        if older is None:
            log.append((newer.changed_at, ("profile set up",)))
        else:
            log.append((newer.changed_at, newer.profile.changes_from(older.profile)))
    return log
