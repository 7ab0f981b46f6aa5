"""A set of records stored or exported together: the one shape the demo generator, the
importer, the exporter and storage hand each other.

`Records` read from a database has every field set. Given to `db.store_bundle`, a field left as
None (programme, weekly target, demo mark) leaves the database's own alone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from hamtrack.injury import ProfileChange
from hamtrack.models import (
    NOTE_MAX_CHARS,
    CheckIn,
    Pause,
    Phase,
    ProgrammeExercise,
    QuestionnaireResponse,
    Session,
    ValidationError,
    check_not_too_early,
)
from hamtrack.return_to_sport import Measure, PsfsResponse, RunningEntry


@dataclass(frozen=True, slots=True)
class PhaseChange:
    """A move to a phase on a day, with its note."""

    day: dt.date
    phase: Phase
    note: str = ""

    def __post_init__(self) -> None:
        problems = check_not_too_early(self.day, what="The phase change")
        if self.phase not in set(Phase):
            problems.append(f"Unknown phase {self.phase!r}.")
        if not isinstance(self.note, str) or len(self.note) > NOTE_MAX_CHARS:
            problems.append(f"The note must be text under {NOTE_MAX_CHARS} characters.")
        elif "\x00" in self.note:
            problems.append("The note holds a NUL character, which cannot be stored.")
        if problems:
            raise ValidationError(problems)


@dataclass(frozen=True, slots=True, kw_only=True)
class Records:
    """Everything a person logged (or the part inside a date range), plus their settings."""

    check_ins: tuple[CheckIn, ...] = ()
    sessions: tuple[Session, ...] = ()
    responses: tuple[QuestionnaireResponse, ...] = ()
    phase_changes: tuple[PhaseChange, ...] = ()
    pauses: tuple[Pause, ...] = ()
    injury_profile: tuple[ProfileChange, ...] = ()
    """Every saved version of the injury profile, oldest first (docs/rules.md §9)."""
    measures: tuple[Measure, ...] = ()
    """The tests on both legs (docs/rules.md §9), oldest first."""
    running: tuple[RunningEntry, ...] = ()
    """The logged runs of the running progression (docs/rules.md §9), oldest first."""
    psfs: tuple[PsfsResponse, ...] = ()
    """The ratings of the activities the person finds hard (PSFS, docs/rules.md §9), oldest
    first."""
    programme: tuple[ProgrammeExercise, ...] | None = None
    weekly_target: int | None = None
    is_demo: bool | None = None

    @property
    def holds_records(self) -> bool:
        """True when anything was logged or a programme was set."""
        return bool(
            self.check_ins
            or self.sessions
            or self.responses
            or self.phase_changes
            or self.pauses
            or self.injury_profile
            or self.measures
            or self.running
            or self.psfs
            or self.programme
        )
