"""Duplicates: a record whose content equals one already in the database is skipped, counted,
so importing an export into the database it came from adds nothing."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Iterable
from typing import TypeVar

from hamtrack.exchange.spec import CHECK_INS, SESSION_EXERCISES
from hamtrack.exchange.writing import cells, check_in_values, exercise_values
from hamtrack.models import CheckIn, Pause, PauseReason, QuestionnaireResponse, Session
from hamtrack.records import PhaseChange, Records

T = TypeVar("T")


def check_in_key(ci: CheckIn) -> tuple[str, ...]:
    """A check-in's content as its CSV row holds it."""
    return cells(CHECK_INS, check_in_values(ci))


def session_key(session: Session) -> tuple:
    """A session's content as its CSV rows hold it, without the session number."""
    return tuple(
        cells(SESSION_EXERCISES, exercise_values(0, session, position, e))
        for position, e in enumerate(session.exercises, start=1)
    )


def response_key(response: QuestionnaireResponse) -> tuple:
    return (
        response.day,
        response.questionnaire_id,
        response.questionnaire_version,
        response.section_ids,
        response.answers,
        response.note,
    )


def phase_key(change: PhaseChange) -> tuple:
    return (change.day, change.phase.value, change.note)


def pause_key(pause: Pause) -> tuple:
    return (pause.start, pause.end, PauseReason(pause.reason).value, pause.note)


def new_only(
    incoming: Iterable[T], present: Iterable[T], key: Callable[[T], Hashable]
) -> tuple[list[T], int]:
    """The incoming records the database does not hold yet, and how many it already holds.

    Counted, not just matched: two identical check-ins in the file and one in the database
    means one is added, so importing an export into the database it came from adds nothing.
    """
    remaining = Counter(key(r) for r in present)
    new, skipped = [], 0
    for record in incoming:
        k = key(record)
        if remaining[k] > 0:
            remaining[k] -= 1
            skipped += 1
        else:
            new.append(record)
    return new, skipped


def split_new(incoming: Records, present: Records) -> tuple[Records, dict[str, int]]:
    """The logged records of `incoming` that `present` does not hold, and the skipped counts.

    Settings and the programme are left out of the result: the importer decides those.
    """
    check_ins, skipped_check_ins = new_only(incoming.check_ins, present.check_ins, check_in_key)
    sessions, skipped_sessions = new_only(incoming.sessions, present.sessions, session_key)
    responses, skipped_responses = new_only(incoming.responses, present.responses, response_key)
    phases, skipped_phases = new_only(incoming.phase_changes, present.phase_changes, phase_key)
    pauses, skipped_pauses = new_only(incoming.pauses, present.pauses, pause_key)
    # A version of the injury profile is its content and the minute it was saved.
    profile, skipped_profile = new_only(
        incoming.injury_profile, present.injury_profile, lambda change: change
    )
    # A test or a run is its whole content: the same values on the same day are the same entry.
    measures, skipped_measures = new_only(incoming.measures, present.measures, lambda m: m)
    running, skipped_running = new_only(incoming.running, present.running, lambda r: r)
    psfs, skipped_psfs = new_only(incoming.psfs, present.psfs, lambda r: r)
    new = Records(
        check_ins=tuple(check_ins),
        sessions=tuple(sessions),
        responses=tuple(responses),
        phase_changes=tuple(phases),
        pauses=tuple(pauses),
        injury_profile=tuple(profile),
        measures=tuple(measures),
        running=tuple(running),
        psfs=tuple(psfs),
    )
    skipped = {
        "check_ins": skipped_check_ins,
        "sessions": skipped_sessions,
        "responses": skipped_responses,
        "phase_changes": skipped_phases,
        "pauses": skipped_pauses,
        "injury_profile": skipped_profile,
        "measures": skipped_measures,
        "running": skipped_running,
        "psfs": skipped_psfs,
    }
    return new, skipped
