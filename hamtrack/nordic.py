"""The Nordic hamstring exercise's own progression (Petersen et al. 2011; docs/rules.md §1)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd
from sqlite_utils import Database

from hamtrack import db as store
from hamtrack.enums import Phase
from hamtrack.weeks import monday_of

NORDIC = "nordic-hamstring"
"""The late-phase exercise whose dose follows its own published progression."""


PROTOCOL_WEEKS = 10
LAYOFF_DAYS = 14
"""After this many days from the last Nordic session, the sequence resumes earlier (§1)."""
RESUME_WEEKS_BACK = 2
"""How many protocol weeks the sequence steps back after a lay-off (§1)."""

# Protocol week: (sessions in it, sets, reps as written, reps for a log form).
_PROTOCOL = {
    1: (1, 2, "5", 5),
    2: (2, 2, "6", 6),
    3: (3, 3, "6–8", 6),
    4: (3, 3, "8–10", 8),
    **dict.fromkeys(range(5, PROTOCOL_WEEKS + 1), (3, 3, "12, 10, 8", 10)),
}
_KEEP_UP = (1, 3, "12, 10, 8", 10)
_FIRST_OF_WEEK = {
    week: 1 + sum(_PROTOCOL[w][0] for w in range(1, week)) for week in range(1, PROTOCOL_WEEKS + 2)
}
SESSIONS_IN_PROTOCOL = _FIRST_OF_WEEK[PROTOCOL_WEEKS + 1] - 1
"""The protocol is a sequence of 27 sessions over 10 weeks, then one a week to keep it up."""


@dataclass(frozen=True, slots=True)
class NordicDose:
    """The Nordic exercise's dose at one place of its sequence of sessions."""

    week: int
    """The protocol week of that place (11 once the ten weeks are done)."""
    sessions_per_week: int
    sets: int
    reps_text: str
    reps_per_set: int
    """One number for a log form: the lower end of a range, or the mean of 12/10/8."""
    session: int = 1
    """The place in the sequence, from 1 (the 27th ends the ten weeks)."""

    @property
    def sets_text(self) -> str:
        """The sets of one session: '2 sets of 5', or '3 sets of 12, 10 and 8 reps'."""
        if "," in self.reps_text:
            first, *rest = self.reps_text.split(", ")
            return f"{self.sets} sets of {', '.join([first, *rest[:-1]])} and {rest[-1]} reps"
        return f"{self.sets} sets of {self.reps_text}"

    @property
    def stage(self) -> str:
        """Where in the progression this place is: 'week 3 of 10' or 'after the 10 weeks'."""
        if self.week > PROTOCOL_WEEKS:
            return f"after the {PROTOCOL_WEEKS} weeks, keeping it up"
        return f"week {self.week} of {PROTOCOL_WEEKS}"

    def sessions_held(self, target: int | None = None) -> int:
        """Nordic sessions a week the plan really holds: the protocol's, or fewer at a lower
        weekly target."""
        return self.sessions_per_week if target is None else min(self.sessions_per_week, target)

    def text(self, target: int | None = None) -> str:
        """The dose in words: 'Week 3 of 10: 3 sessions a week, 3 sets of 6–8'. Under a weekly
        target below the protocol's count it says how many sessions the plan holds and that the
        build-up then takes longer."""
        held = self.sessions_held(target)
        sessions = f"{held} session" + ("s" if held > 1 else "") + " a week"
        if held < self.sessions_per_week:
            sessions += (
                f" (your weekly target is {held}; the protocol has {self.sessions_per_week}, "
                "so the build-up takes longer)"
            )
        return f"{self.stage.capitalize()}: {sessions}, {self.sets_text}"

    @property
    def session_text(self) -> str:
        """One session's dose: '2 sets of 5 (week 1 of 10)'."""
        return f"{self.sets_text} ({self.stage})"


def protocol_week(session: int) -> int:
    """The protocol week of a place in the sequence (11 after the 27th)."""
    for week in range(PROTOCOL_WEEKS, 0, -1):
        if session >= _FIRST_OF_WEEK[week]:
            return week if session <= SESSIONS_IN_PROTOCOL else PROTOCOL_WEEKS + 1
    return 1


def dose_at(session: int) -> NordicDose:
    """The dose of a place in the sequence: 1×(2×5), 2×(2×6), 3×(3×6–8), 3×(3×8–10), then
    3×(12/10/8) to the 27th session, then one session a week of 12/10/8 (Petersen et al. 2011)."""
    session = max(1, session)
    week = protocol_week(session)
    sessions, sets, reps_text, reps = _PROTOCOL.get(week, _KEEP_UP)
    return NordicDose(week, sessions, sets, reps_text, reps, session)


def _resumed(session: int) -> int:
    """The place to resume at after a lay-off: the start of the protocol week two earlier."""
    week = min(protocol_week(session), PROTOCOL_WEEKS + 1)
    return _FIRST_OF_WEEK[max(1, week - RESUME_WEEKS_BACK)]


def next_session(done: Iterable[dt.date], *, on: dt.date) -> int:
    """The place in the sequence of a Nordic session on `on`, from the days with a Nordic
    session logged before it (docs/rules.md §1).

    The sequence follows sessions logged, never the calendar: a pause, a missed week or a week
    under target never raises the dose. In one calendar week at most the protocol's weekly count
    of sessions (that of the week's first place) moves it on; after 14 or more days without a
    Nordic session it resumes at the start of the protocol week two earlier. A session beyond
    the week's count repeats the last dose.
    """
    place, last, week_start, moved, cap = 1, None, None, 0, 0
    for day in sorted({d for d in done if d < on}):
        if last is not None and (day - last).days >= LAYOFF_DAYS:
            place = _resumed(place)
        if monday_of(day) != week_start:
            week_start, moved, cap = monday_of(day), 0, dose_at(place).sessions_per_week
        if moved < cap:
            place, moved = place + 1, moved + 1
        last = day
    if last is not None and (on - last).days >= LAYOFF_DAYS:
        return _resumed(place)
    if monday_of(on) == week_start and moved >= cap:
        return place - 1  # this week's count is done: an extra session repeats the last dose
    return place


def nordic_dose(done: Iterable[dt.date], *, on: dt.date) -> NordicDose:
    """The dose of a Nordic session on `on`, from the days a Nordic session was logged."""
    return dose_at(next_session(done, on=on))


def moves_on_this_week(done: Iterable[dt.date], *, on: dt.date) -> bool:
    """Whether a Nordic session on `on` would still move the sequence on this calendar week
    (the plan holds no more Nordic sessions in a week than that)."""
    days = sorted({d for d in done if d < on})
    week = [d for d in days if monday_of(d) == monday_of(on)]
    if not week:
        return True
    return len(week) < dose_at(next_session(days, on=week[0])).sessions_per_week


def nordic_days(exercises: pd.DataFrame) -> tuple[dt.date, ...]:
    """The days with a Nordic session, from `db.session_exercises_frame` rows, oldest first."""
    if exercises.empty:
        return ()
    days = exercises.loc[exercises["exercise"] == NORDIC, "day"]
    return tuple(sorted({ts.date() for ts in pd.to_datetime(days)}))


def read_nordic_days(db: Database, *, until: dt.date) -> tuple[dt.date, ...]:
    """The days with a Nordic session logged up to `until`, oldest first, from the database."""
    return nordic_days(store.session_exercises_frame(db, until=until))


def nordic_progression() -> tuple[tuple[str, str, str], ...]:
    """The published progression as rows of (weeks, sessions a week, sets and reps)."""
    rows = []
    for label, week in (("1", 1), ("2", 2), ("3", 3), ("4", 4), ("5–10", 5), ("After 10", 11)):
        dose = dose_at(_FIRST_OF_WEEK[week])
        rows.append((label, str(dose.sessions_per_week), dose.sets_text))
    return tuple(rows)


def nordic_too_early(phase: Phase | None) -> str | None:
    """A warning when the Nordic exercise is logged or planned before the late phase."""
    if phase is Phase.RETURN_TO_SPORT:
        return None
    if phase is None:
        return (
            "The Nordic exercise is hard on the hamstrings and belongs to the return-to-sport "
            "phase. Choose your phase in My programme; if you are not yet that far, leave it out "
            "for now."
        )
    return (
        f"The Nordic exercise belongs to the return-to-sport phase and you are in the "
        f"{phase.label.lower()} phase. It loads the hamstring hard: leave it out until you reach "
        "the late phase, or your physiotherapist says it is time."
    )
