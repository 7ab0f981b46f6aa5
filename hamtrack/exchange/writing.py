"""Writing CSV: one file per kind of record, UTF-8 without a byte-order mark, CRLF line ends
(RFC 4180), one header row, ISO dates, formula-like text defused."""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
from collections.abc import Iterable, Sequence
from decimal import Decimal

import pandas as pd
from sqlite_utils import Database

from hamtrack import oswestry
from hamtrack.catalogue import exercise_name
from hamtrack.exchange.collect import read_records, weekly_summary
from hamtrack.exchange.defuse import defuse
from hamtrack.exchange.spec import (
    CHECK_INS,
    EXPORT_FORMAT,
    FILES,
    INJURY_PROFILE,
    MEASURES,
    PAUSES,
    PHASE_CHANGES,
    PROGRAMME,
    PSFS,
    PSFS_SLOTS,
    QUESTIONNAIRE_RESPONSES,
    RUNNING,
    SESSION_EXERCISES,
    SETTINGS,
    WEEKLY_SOURCE,
    WEEKLY_SUMMARY,
    Column,
    ExportFile,
    Kind,
)
from hamtrack.injury import ProfileChange
from hamtrack.models import (
    CheckIn,
    ExerciseDone,
    PauseReason,
    ProgrammeExercise,
    QuestionnaireResponse,
    Region,
    Session,
    Side,
    ValidationError,
)
from hamtrack.numbers import rounded_text
from hamtrack.oswestry import SECTION_IDS
from hamtrack.records import Records
from hamtrack.return_to_sport import Leg, Measure, MeasureKind, PsfsResponse, RunningEntry


def cell(column: Column, value: object) -> str:
    """One value as its column's kind writes it into a cell (None and NaN: empty)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    match column.kind:
        case Kind.TEXT:
            return defuse(str(value))
        case Kind.WHOLE | Kind.OPTIONAL_WHOLE:
            return str(int(value))  # type: ignore[call-overload]
        case Kind.DECIMAL:
            # Half up, as the screens round (2.25 shows as 2.3), not Python's half to even.
            return rounded_text(float(value), column.places)  # type: ignore[arg-type]
        case Kind.DATE:
            return value.isoformat()  # type: ignore[attr-defined]
        case Kind.TIME:
            return value.strftime("%H:%M")  # type: ignore[attr-defined]
        case Kind.BOOLEAN:
            return "true" if value else "false"
        case Kind.KEYS:
            return ";".join(sorted(value))  # type: ignore[call-overload]
        case Kind.NUMBER:
            # As entered: 17 stays 17, 23.5 stays 23.5 (the shortest text that reads back exact).
            number = float(value)  # type: ignore[arg-type]
            if number.is_integer():
                return str(int(number))
            # Plain digits, never an exponent (1e-05), so every reader takes it as a number.
            return format(Decimal(repr(number)), "f")
    raise AssertionError(column.kind)


def cells(file: ExportFile, values: Sequence[object]) -> tuple[str, ...]:
    """One row's cells, the values given in the file's column order."""
    return tuple(cell(c, v) for c, v in zip(file.columns, values, strict=True))


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[str]]) -> bytes:
    """UTF-8 CSV with CRLF line ends: a cell holding a comma, quote, CR or LF is quoted."""
    buffer = io.StringIO(newline="")
    # Both CR and LF are in the line terminator, so the csv module quotes a lone CR too.
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def check_in_values(ci: CheckIn) -> list[object]:
    """A check-in's values in the order of check_ins.csv."""
    return [
        ci.day,
        ci.time,
        ci.pain[Region.LEFT_HAMSTRING],
        ci.pain[Region.RIGHT_HAMSTRING],
        ci.pain[Region.LOW_BACK],
        ci.worst_pain,
        ci.stiffness,
        ci.red_flags,
        ci.note,
    ]


def exercise_values(number: int, session: Session, position: int, e: ExerciseDone) -> list:
    """An exercise's values (with its session's) in the order of session_exercises.csv."""
    return [
        number,
        session.day,
        session.note,
        position,
        e.exercise,
        exercise_name(e.exercise),
        Side(e.side).value,
        e.sets,
        e.reps,
        e.hold_s,
        e.band_level,
        e.pain_during,
        e.note,
    ]


def response_score(response: QuestionnaireResponse) -> oswestry.Score:
    """The response's score, as the questionnaire module computes it."""
    return oswestry.score(response.answers)


def _response_values(response: QuestionnaireResponse) -> list[object]:
    if response.section_ids != SECTION_IDS:
        raise ValidationError(
            [
                f"The questionnaire of {response.day.isoformat()} has sections HamTrack does not "
                "know; it cannot be written to questionnaire_responses.csv."
            ]
        )
    result = response_score(response)
    return [
        response.day,
        response.questionnaire_id,
        response.questionnaire_version,
        *response.answers,
        result.total,
        result.answered,
        oswestry.round_percent(result.percent, 1),
        response.note,
    ]


def _programme_values(position: int, item: ProgrammeExercise) -> list[object]:
    return [
        position,
        item.exercise,
        exercise_name(item.exercise),
        Side(item.side).value,
        item.sets,
        item.reps,
        item.hold_s,
        item.band_level,
        item.added_on,
    ]


def profile_values(change: ProfileChange) -> list[object]:
    """A saved version of the injury profile in the order of injury_profile.csv."""
    profile = change.profile
    return [
        change.changed_at.date(),
        change.changed_at.time(),
        Side(profile.injured_side).value,
        profile.injury_day,
        profile.how.value,
        profile.diagnosis,
        profile.return_activity,
        profile.history,
    ]


def measure_values(measure: Measure) -> list[object]:
    """A test on one leg in the order of measures.csv."""
    return [
        measure.day,
        Leg(measure.leg).value,
        MeasureKind(measure.kind).value,
        measure.value,
        "" if measure.unit is None else measure.unit.value,
        measure.pain,
    ]


def running_values(entry: RunningEntry) -> list[object]:
    """A logged run in the order of running.csv."""
    return [entry.day, entry.step, entry.name, entry.effort, entry.pain, entry.note]


def psfs_values(response: PsfsResponse) -> list[object]:
    """A PSFS rating in the order of psfs.csv: its date, its score (derived), then each activity
    and its rating from activity_1 on, the unused ones empty."""
    slots: list[object] = []
    for n in range(PSFS_SLOTS):
        if n < len(response.activities):
            slots += [response.activities[n], response.ratings[n]]
        else:
            slots += ["", None]
    score = response.score
    return [response.day, None if score is None else float(score), *slots]


def render(records: Records, weekly: pd.DataFrame | None = None) -> dict[str, bytes]:
    """The export files of `records` (and of a weekly summary frame), named as in FILES."""
    files = {
        CHECK_INS.name: csv_bytes(
            CHECK_INS.header, (cells(CHECK_INS, check_in_values(c)) for c in records.check_ins)
        ),
        SESSION_EXERCISES.name: csv_bytes(
            SESSION_EXERCISES.header,
            (
                cells(SESSION_EXERCISES, exercise_values(number, session, position, e))
                for number, session in enumerate(records.sessions, start=1)
                for position, e in enumerate(session.exercises, start=1)
            ),
        ),
        QUESTIONNAIRE_RESPONSES.name: csv_bytes(
            QUESTIONNAIRE_RESPONSES.header,
            (cells(QUESTIONNAIRE_RESPONSES, _response_values(r)) for r in records.responses),
        ),
        PHASE_CHANGES.name: csv_bytes(
            PHASE_CHANGES.header,
            (cells(PHASE_CHANGES, [p.day, p.phase.value, p.note]) for p in records.phase_changes),
        ),
        PAUSES.name: csv_bytes(
            PAUSES.header,
            (
                cells(PAUSES, [p.start, p.end, PauseReason(p.reason).value, p.note])
                for p in records.pauses
            ),
        ),
        PROGRAMME.name: csv_bytes(
            PROGRAMME.header,
            (
                cells(PROGRAMME, _programme_values(position, item))
                for position, item in enumerate(records.programme or (), start=1)
            ),
        ),
        INJURY_PROFILE.name: csv_bytes(
            INJURY_PROFILE.header,
            (cells(INJURY_PROFILE, profile_values(c)) for c in records.injury_profile),
        ),
        MEASURES.name: csv_bytes(
            MEASURES.header, (cells(MEASURES, measure_values(m)) for m in records.measures)
        ),
        RUNNING.name: csv_bytes(
            RUNNING.header, (cells(RUNNING, running_values(r)) for r in records.running)
        ),
        PSFS.name: csv_bytes(PSFS.header, (cells(PSFS, psfs_values(r)) for r in records.psfs)),
        SETTINGS.name: csv_bytes(
            SETTINGS.header,
            [cells(SETTINGS, [EXPORT_FORMAT, records.weekly_target, records.is_demo])],
        ),
    }
    if weekly is not None:
        columns = [WEEKLY_SOURCE.get(name, name) for name in WEEKLY_SUMMARY.header]
        files[WEEKLY_SUMMARY.name] = csv_bytes(
            WEEKLY_SUMMARY.header,
            (
                cells(WEEKLY_SUMMARY, [_none_if_missing(v) for v in row])
                for row in weekly[columns].itertuples(index=False)
            ),
        )
    return {f.name: files[f.name] for f in FILES if f.name in files}


def _none_if_missing(value: object) -> object:
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    return value


def export_files(
    db: Database,
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
    today: dt.date | None = None,
) -> dict[str, bytes]:
    """Every export file for the days from `since` to `until` (both optional), by file name."""
    records = read_records(db, since=since, until=until)
    return render(records, weekly_summary(db, since=since, until=until, today=today))
