"""CSV export and import: files a clinician's spreadsheet or pandas opens as they are, and that
read back into HamTrack exactly.

One CSV per kind of record. Every file is UTF-8 without a byte-order mark, comma-separated, with
CRLF line ends (RFC 4180), one header row and ISO dates. Free text that a spreadsheet would run as
a formula gets one leading apostrophe; import removes exactly that apostrophe, so every note reads
back unchanged. `docs/data-dictionary.md` is generated from the column lists in this module
(`data_dictionary()`), so the two cannot drift apart.

Import is all or nothing: every file is checked first and every problem is reported with its file
and row; only a clean set of files is stored, in one transaction. A record already in the database
with the same content is skipped, so importing the same export twice adds nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import enum
import io
import itertools
import math
import re
import tempfile
import zipfile
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from operator import attrgetter
from pathlib import Path
from typing import TypeVar

import pandas as pd
from sqlite_utils import Database

from hamtrack import db as store
from hamtrack import oswestry
from hamtrack.catalogue import exercise_name
from hamtrack.models import (
    NOTE_MAX_CHARS,
    CheckIn,
    ExerciseDone,
    Pause,
    PauseReason,
    Phase,
    ProgrammeExercise,
    QuestionnaireResponse,
    Region,
    Session,
    Side,
    ValidationError,
    check_weekly_target,
)
from hamtrack.oswestry import SECTION_IDS

EXPORT_FORMAT = 1
"""Written to settings.csv; an import refuses files of a format it does not know."""

MAX_FILE_BYTES = 16 * 1024 * 1024
"""One CSV larger than this is refused: ten years of daily logging is a few megabytes."""

MAX_ZIP_BYTES = 64 * 1024 * 1024
"""All files of an uploaded zip together, uncompressed (a zip bomb stops here)."""

T = TypeVar("T")

MAX_ZIP_ENTRIES = 64
MAX_PROBLEMS = 200
"""A garbage file could yield a problem per row; the report keeps the first ones and counts."""

# The zip's entries get a fixed timestamp so the same records always give the same bytes.
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)

# ---------------------------------------------------------------------------------------------
# Formula injection (OWASP "CSV injection").

FORMULA_STARTS = frozenset("=+-@\t\r\n\x00＝＋－＠")
"""A cell starting with one of these (after spaces) may be run as a formula by a spreadsheet."""


def needs_apostrophe(text: str) -> bool:
    """True when `text` is written with a leading apostrophe.

    That is when a spreadsheet could take it for a formula, and also when it already starts with
    apostrophes in front of such a text: otherwise import could not tell the person's own
    apostrophe from the added one.
    """
    rest = text.lstrip(" ")
    while rest.startswith("'"):
        rest = rest[1:].lstrip(" ")
    return rest[:1] in FORMULA_STARTS and rest != ""


def defuse(text: str) -> str:
    """The text as written to a CSV cell: with one leading apostrophe when it needs one."""
    return "'" + text if needs_apostrophe(text) else text


def restore(cell: str) -> str:
    """The text a CSV cell holds, with the apostrophe `defuse` added (and only that) removed."""
    if cell.startswith("'") and needs_apostrophe(cell[1:]):
        return cell[1:]
    return cell


# ---------------------------------------------------------------------------------------------
# The files and their columns. The data dictionary is generated from these.


class Kind(enum.StrEnum):
    """How a column's cells are written, as the data dictionary names it."""

    TEXT = "text"
    WHOLE = "whole number"
    OPTIONAL_WHOLE = "whole number or empty"
    DECIMAL = "number or empty"
    DATE = "date (YYYY-MM-DD)"
    TIME = "time (HH:MM, 24 h)"
    BOOLEAN = "true or false"
    KEYS = "keys separated by ;"


@dataclass(frozen=True, slots=True)
class Column:
    """One column of an export file."""

    name: str
    kind: Kind
    meaning: str
    derived: bool = False
    places: int = 1


@dataclass(frozen=True, slots=True)
class ExportFile:
    """One CSV file of an export: what a row is, and its columns in order."""

    name: str
    row_is: str
    columns: tuple[Column, ...]
    derived: bool = False

    @property
    def header(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


_NOTE_MEANING = "The person's own note, as typed (may be empty)."

CHECK_INS = ExportFile(
    "check_ins.csv",
    "one check-in (how much each place hurt at that moment), oldest first",
    (
        Column("date", Kind.DATE, "The day of the check-in."),
        Column("time", Kind.TIME, "The time of the check-in."),
        Column(
            "pain_left_hamstring",
            Kind.WHOLE,
            "Pain in the left hamstring, 0 (none) to 10 (worst imaginable).",
        ),
        Column("pain_right_hamstring", Kind.WHOLE, "Pain in the right hamstring, 0 to 10."),
        Column("pain_low_back", Kind.WHOLE, "Pain in the low back, 0 to 10."),
        Column(
            "pain_worst",
            Kind.WHOLE,
            "The check-in's pain: the highest of the three places, 0 to 10.",
            derived=True,
        ),
        Column("stiffness", Kind.WHOLE, "Stiffness, 0 (none) to 10 (worst imaginable)."),
        Column(
            "red_flags",
            Kind.KEYS,
            "Warning signs ticked at this check-in, sorted (empty: none). The keys are listed "
            "below the tables.",
        ),
        Column("note", Kind.TEXT, _NOTE_MEANING),
    ),
)

SESSION_EXERCISES = ExportFile(
    "session_exercises.csv",
    "one exercise done in a session, with its session's date and note; oldest session first",
    (
        Column(
            "session_id",
            Kind.WHOLE,
            "Numbers the sessions of this export from 1; every exercise of a session has the "
            "same number. It is not a database id: import gives each session a new one.",
        ),
        Column("date", Kind.DATE, "The day of the session."),
        Column("session_note", Kind.TEXT, "The session's note (repeated on each of its rows)."),
        Column("position", Kind.WHOLE, "The exercise's place in the session, from 1."),
        Column("exercise", Kind.TEXT, "The exercise's key in the catalogue (listed below)."),
        Column("exercise_name", Kind.TEXT, "The exercise's name.", derived=True),
        Column("side", Kind.TEXT, "Which leg: both, left or right."),
        Column("sets", Kind.OPTIONAL_WHOLE, "Sets done, 1 to 20 (empty: not given)."),
        Column("reps", Kind.OPTIONAL_WHOLE, "Repetitions per set, 1 to 100 (empty: a hold)."),
        Column("hold_s", Kind.OPTIONAL_WHOLE, "Seconds each hold lasted, 1 to 600 (empty: reps)."),
        Column(
            "band_level",
            Kind.WHOLE,
            "Resistance band, 0 no band, 1 extra light, 2 light, 3 medium, 4 heavy, 5 extra heavy.",
        ),
        Column(
            "pain_during",
            Kind.WHOLE,
            "Pain during the exercise, 0 to 10 (above 5 breaches the pain-monitoring limit).",
        ),
        Column("note", Kind.TEXT, "The note on this exercise (may be empty)."),
    ),
)

ANSWER_PREFIX = "answer_"
QUESTIONNAIRE_RESPONSES = ExportFile(
    "questionnaire_responses.csv",
    "one answered Oswestry-style questionnaire, with every section's answer; oldest first",
    (
        Column("date", Kind.DATE, "The day the questionnaire was answered."),
        Column("questionnaire_id", Kind.TEXT, "Which questionnaire definition was used."),
        Column("questionnaire_version", Kind.TEXT, "The version of that definition's wording."),
        *(
            Column(
                ANSWER_PREFIX + section,
                Kind.OPTIONAL_WHOLE,
                f"Section {number} ({section.replace('_', ' ')}): the statement chosen, "
                "0 (no difficulty) to 5 (the hardest); empty: skipped.",
            )
            for number, section in enumerate(SECTION_IDS, start=1)
        ),
        Column("total_score", Kind.WHOLE, "Sum of the answered sections.", derived=True),
        Column("sections_answered", Kind.WHOLE, "How many sections were answered.", derived=True),
        Column(
            "score_percent",
            Kind.DECIMAL,
            "Disability score: total ÷ (5 × sections answered) × 100, rounded half up to one "
            "decimal. Empty when fewer than 8 sections were answered (too few to score).",
            derived=True,
        ),
        Column("note", Kind.TEXT, _NOTE_MEANING),
    ),
)

PHASE_CHANGES = ExportFile(
    "phase_changes.csv",
    "one move to a rehabilitation phase, oldest first (the last one is the current phase)",
    (
        Column("date", Kind.DATE, "The day the person moved to the phase."),
        Column(
            "phase",
            Kind.TEXT,
            "acute, early_rehab, functional (functional retraining) or return_to_sport.",
        ),
        Column("note", Kind.TEXT, _NOTE_MEANING),
    ),
)

PAUSES = ExportFile(
    "pauses.csv",
    "one pause: days that adherence does not count against the person; by first day",
    (
        Column("start_date", Kind.DATE, "The first day of the pause."),
        Column("end_date", Kind.DATE, "The last day of the pause (may be in the future)."),
        Column("reason", Kind.TEXT, "illness, holiday, flare_up, advised_rest or other."),
        Column("note", Kind.TEXT, _NOTE_MEANING),
    ),
)

PROGRAMME = ExportFile(
    "programme.csv",
    "one exercise of the person's current programme, with the dose they aim for, in their order",
    (
        Column("position", Kind.WHOLE, "The exercise's place in the programme, from 1."),
        Column("exercise", Kind.TEXT, "The exercise's key in the catalogue."),
        Column("exercise_name", Kind.TEXT, "The exercise's name.", derived=True),
        Column("side", Kind.TEXT, "Which leg: both, left or right."),
        Column("sets", Kind.OPTIONAL_WHOLE, "Sets aimed for, 1 to 20."),
        Column("reps", Kind.OPTIONAL_WHOLE, "Repetitions per set aimed for, 1 to 100."),
        Column("hold_s", Kind.OPTIONAL_WHOLE, "Seconds per hold aimed for, 1 to 600."),
        Column("band_level", Kind.WHOLE, "Resistance band, 0 (none) to 5 (extra heavy)."),
        Column("added_on", Kind.DATE, "The day the exercise was added to the programme."),
    ),
)

SETTINGS = ExportFile(
    "settings.csv",
    "the person's settings; the file holds exactly one row",
    (
        Column("export_format", Kind.WHOLE, f"The version of this file layout ({EXPORT_FORMAT})."),
        Column("weekly_target", Kind.WHOLE, "Sessions a week the person aims for, 1 to 7."),
        Column(
            "is_demo",
            Kind.BOOLEAN,
            "true when the records are generated demo data, not a real person's.",
        ),
    ),
)

WEEKLY_SUMMARY = ExportFile(
    "weekly_summary.csv",
    "one week (Monday to Sunday) from the first week of the period to its last, oldest first: "
    "adherence, pain and the questionnaire side by side",
    (
        Column("week", Kind.TEXT, "The ISO week, like 2025-W09."),
        Column("week_start", Kind.DATE, "The Monday of the week."),
        Column("week_end", Kind.DATE, "The Sunday of the week."),
        Column("complete", Kind.BOOLEAN, "false for the week still in progress."),
        Column("weekly_target", Kind.WHOLE, "Sessions a week the person aims for (1 to 7)."),
        Column(
            "target_sessions",
            Kind.DECIMAL,
            "That week's target: the weekly target less paused days and days before the "
            "first record, pro rata (may be fractional).",
            places=2,
        ),
        Column("sessions_needed", Kind.WHOLE, "target_sessions rounded up: days needed."),
        Column(
            "session_days",
            Kind.WHOLE,
            "Days with at least one session (what adherence counts; two sessions on one day "
            "count once).",
        ),
        Column("sessions", Kind.WHOLE, "Sessions logged that week."),
        Column("paused_days", Kind.WHOLE, "Days of the week inside a pause."),
        Column(
            "adherence_percent",
            Kind.DECIMAL,
            "session_days ÷ target_sessions × 100, capped at 100 (empty: the whole week was "
            "paused).",
        ),
        Column("status", Kind.TEXT, "met, missed, paused or in progress."),
        Column(
            "habit_score",
            Kind.DECIMAL,
            "Habit strength at the week's end, 0 to 100 (Loop Habit Tracker's formula: a missed "
            "session dents it, nothing resets it).",
        ),
        Column("days_logged", Kind.WHOLE, "Days with at least one check-in."),
        Column(
            "pain_mean",
            Kind.DECIMAL,
            "Mean of the days' mean pain (a check-in's pain is its highest place), 0 to 10; "
            "empty when nothing was logged.",
        ),
        Column("pain_min", Kind.OPTIONAL_WHOLE, "The lowest check-in pain of the week."),
        Column("pain_max", Kind.OPTIONAL_WHOLE, "The highest check-in pain of the week."),
        Column(
            "morning_pain_mean",
            Kind.DECIMAL,
            "Mean morning pain (each day's first check-in before noon), 0 to 10.",
        ),
        Column("morning_pain_min", Kind.OPTIONAL_WHOLE, "The lowest morning pain."),
        Column("morning_pain_max", Kind.OPTIONAL_WHOLE, "The highest morning pain."),
        Column("stiffness_mean", Kind.DECIMAL, "Mean morning stiffness, 0 to 10."),
        Column("stiffness_min", Kind.OPTIONAL_WHOLE, "The lowest morning stiffness."),
        Column("stiffness_max", Kind.OPTIONAL_WHOLE, "The highest morning stiffness."),
        Column(
            "questionnaire_score_percent",
            Kind.DECIMAL,
            "The week's last scored questionnaire, 0 to 100 (empty: none that week).",
        ),
        Column(
            "questionnaire_band",
            Kind.TEXT,
            "Its band: "
            + ", ".join(
                f"{band.key} (up to {band.upper})" if band.upper else f"{band.key} (above)"
                for band in oswestry.BANDS
            )
            + ".",
        ),
    ),
    derived=True,
)
_WEEKLY_SOURCE = {"target_sessions": "target", "questionnaire_score_percent": "questionnaire_score"}
"""Columns of trends.weekly_summary that the CSV names with their unit."""

FILES: tuple[ExportFile, ...] = (
    CHECK_INS,
    SESSION_EXERCISES,
    QUESTIONNAIRE_RESPONSES,
    PHASE_CHANGES,
    PAUSES,
    PROGRAMME,
    SETTINGS,
    WEEKLY_SUMMARY,
)
FILES_BY_NAME = {f.name: f for f in FILES}
RECORD_FILES = tuple(f for f in FILES if not f.derived)
"""The files an import reads (and requires); derived files are recomputed, never imported."""


# ---------------------------------------------------------------------------------------------
# The records of an export, read from the database or from files.


@dataclass(frozen=True, slots=True)
class PhaseChange:
    """A move to a phase on a day, with its note."""

    day: dt.date
    phase: Phase
    note: str = ""

    def __post_init__(self) -> None:
        problems = []
        if self.phase not in set(Phase):
            problems.append(f"Unknown phase {self.phase!r}.")
        if not isinstance(self.note, str) or len(self.note) > NOTE_MAX_CHARS:
            problems.append(f"The note must be text under {NOTE_MAX_CHARS} characters.")
        elif "\x00" in self.note:
            problems.append("The note holds a NUL character, which cannot be stored.")
        if problems:
            raise ValidationError(problems)


@dataclass(frozen=True, slots=True)
class Records:
    """Everything a person logged (or the part inside a date range), plus their settings."""

    check_ins: tuple[CheckIn, ...] = ()
    sessions: tuple[Session, ...] = ()
    responses: tuple[QuestionnaireResponse, ...] = ()
    phase_changes: tuple[PhaseChange, ...] = ()
    pauses: tuple[Pause, ...] = ()
    programme: tuple[ProgrammeExercise, ...] = ()
    weekly_target: int = 3
    is_demo: bool = False

    @property
    def holds_records(self) -> bool:
        return bool(
            self.check_ins
            or self.sessions
            or self.responses
            or self.phase_changes
            or self.pauses
            or self.programme
        )


def _optional(value: object) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


def _day(value: object) -> dt.date:
    return pd.Timestamp(value).date()


def check_range(since: dt.date | None, until: dt.date | None) -> None:
    """Refuse a date range that ends before it starts."""
    if since is not None and until is not None and until < since:
        raise ValidationError(
            [f"The period ends ({until.isoformat()}) before it starts ({since.isoformat()})."]
        )


def read_records(
    db: Database, *, since: dt.date | None = None, until: dt.date | None = None
) -> Records:
    """The person's records from the database, limited to days from `since` to `until`.

    Pauses are kept when they overlap the range; the programme and settings are always whole.
    """
    check_range(since, until)
    check_ins = tuple(
        CheckIn(
            day=_day(r.day),
            time=dt.time.fromisoformat(r.time),
            pain={
                Region.LEFT_HAMSTRING: int(r.pain_left_hamstring),
                Region.RIGHT_HAMSTRING: int(r.pain_right_hamstring),
                Region.LOW_BACK: int(r.pain_low_back),
            },
            stiffness=int(r.stiffness),
            note=r.note,
            red_flags=frozenset(r.red_flags.split(",")) if r.red_flags else frozenset(),
        )
        for r in store.check_ins_frame(db, since=since, until=until).itertuples()
    )
    sessions: list[Session] = []
    frame = store.session_exercises_frame(db, since=since, until=until)
    # One pass over rows ordered by session: a pandas group per session cost seconds at 10 years.
    for _, group in itertools.groupby(frame.itertuples(), key=attrgetter("session_id")):
        rows = list(group)
        first = rows[0]
        exercises = tuple(
            ExerciseDone(
                exercise=r.exercise,
                side=Side(r.side),
                sets=_optional(r.sets),
                reps=_optional(r.reps),
                hold_s=_optional(r.hold_s),
                band_level=int(r.band_level),
                pain_during=int(r.pain_during),
                note=r.note,
            )
            for r in rows
        )
        sessions.append(Session(day=_day(first.day), note=first.session_note, exercises=exercises))
    phases = store.phase_changes_frame(db)
    if since is not None:
        phases = phases[phases["day"] >= pd.Timestamp(since)]
    if until is not None:
        phases = phases[phases["day"] <= pd.Timestamp(until)]
    pauses = tuple(
        saved.value
        for saved in store.pauses(db)
        if (since is None or saved.value.end >= since)
        and (until is None or saved.value.start <= until)
    )
    profile = store.get_profile(db)
    return Records(
        check_ins=check_ins,
        sessions=tuple(sessions),
        responses=tuple(
            saved.value for saved in store.questionnaire_responses(db, since=since, until=until)
        ),
        phase_changes=tuple(
            PhaseChange(day=_day(r.day), phase=Phase(r.phase), note=r.note)
            for r in phases.itertuples()
        ),
        pauses=pauses,
        programme=tuple(store.programme(db)),
        weekly_target=profile.weekly_target,
        is_demo=profile.is_demo,
    )


# ---------------------------------------------------------------------------------------------
# Writing CSV.


def _cell(column: Column, value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    match column.kind:
        case Kind.TEXT:
            return defuse(str(value))
        case Kind.WHOLE | Kind.OPTIONAL_WHOLE:
            return str(int(value))  # type: ignore[call-overload]
        case Kind.DECIMAL:
            # Half up, as the screens round (2.25 shows as 2.3), not Python's half to even.
            step = Decimal(1).scaleb(-column.places)
            exact = Decimal(repr(float(value)))  # type: ignore[arg-type]
            return f"{exact.quantize(step, rounding=ROUND_HALF_UP):f}"
        case Kind.DATE:
            return value.isoformat()  # type: ignore[attr-defined]
        case Kind.TIME:
            return value.strftime("%H:%M")  # type: ignore[attr-defined]
        case Kind.BOOLEAN:
            return "true" if value else "false"
        case Kind.KEYS:
            return ";".join(sorted(value))  # type: ignore[call-overload]
    raise AssertionError(column.kind)


def _cells(file: ExportFile, values: Sequence[object]) -> tuple[str, ...]:
    return tuple(_cell(c, v) for c, v in zip(file.columns, values, strict=True))


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[str]]) -> bytes:
    """UTF-8 CSV with CRLF line ends: a cell holding a comma, quote, CR or LF is quoted."""
    buffer = io.StringIO(newline="")
    # Both CR and LF are in the line terminator, so the csv module quotes a lone CR too.
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def _check_in_values(ci: CheckIn) -> list[object]:
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


def _exercise_values(number: int, session: Session, position: int, e: ExerciseDone) -> list:
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


def render(records: Records, weekly: pd.DataFrame | None = None) -> dict[str, bytes]:
    """The export files of `records` (and of a weekly summary frame), named as in FILES."""
    files = {
        CHECK_INS.name: csv_bytes(
            CHECK_INS.header, (_cells(CHECK_INS, _check_in_values(c)) for c in records.check_ins)
        ),
        SESSION_EXERCISES.name: csv_bytes(
            SESSION_EXERCISES.header,
            (
                _cells(SESSION_EXERCISES, _exercise_values(number, session, position, e))
                for number, session in enumerate(records.sessions, start=1)
                for position, e in enumerate(session.exercises, start=1)
            ),
        ),
        QUESTIONNAIRE_RESPONSES.name: csv_bytes(
            QUESTIONNAIRE_RESPONSES.header,
            (_cells(QUESTIONNAIRE_RESPONSES, _response_values(r)) for r in records.responses),
        ),
        PHASE_CHANGES.name: csv_bytes(
            PHASE_CHANGES.header,
            (_cells(PHASE_CHANGES, [p.day, p.phase.value, p.note]) for p in records.phase_changes),
        ),
        PAUSES.name: csv_bytes(
            PAUSES.header,
            (
                _cells(PAUSES, [p.start, p.end, PauseReason(p.reason).value, p.note])
                for p in records.pauses
            ),
        ),
        PROGRAMME.name: csv_bytes(
            PROGRAMME.header,
            (
                _cells(PROGRAMME, _programme_values(position, item))
                for position, item in enumerate(records.programme, start=1)
            ),
        ),
        SETTINGS.name: csv_bytes(
            SETTINGS.header,
            [_cells(SETTINGS, [EXPORT_FORMAT, records.weekly_target, records.is_demo])],
        ),
    }
    if weekly is not None:
        columns = [_WEEKLY_SOURCE.get(name, name) for name in WEEKLY_SUMMARY.header]
        files[WEEKLY_SUMMARY.name] = csv_bytes(
            WEEKLY_SUMMARY.header,
            (
                _cells(WEEKLY_SUMMARY, [_none_if_missing(v) for v in row])
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


def weekly_summary(
    db: Database,
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
    today: dt.date | None = None,
) -> pd.DataFrame:
    """The weeks of the period, as hamtrack.trends summarises them, up to `until` or today.

    With `until` before today the summary is the one HamTrack showed on `until`: nothing
    logged later counts, and that week is the last.
    """
    from hamtrack.trends import weekly_summary_of

    check_range(since, until)
    today = today or dt.date.today()
    as_of = min(until, today) if until is not None else today
    return weekly_summary_of(db, today=as_of, since=since)


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


def zip_bytes(files: Mapping[str, bytes]) -> bytes:
    """The files in one zip, in FILES order; the same files always give the same bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()


def export_name(since: dt.date | None, until: dt.date | None, *, suffix: str = ".zip") -> str:
    """A file name that says which period an export covers."""
    period = ""
    if since is not None or until is not None:
        first = since.isoformat() if since else "start"
        last = until.isoformat() if until else "now"
        period = f"-{first}-to-{last}"
    return f"hamtrack-export{period}{suffix}"


def write_files(files: Mapping[str, bytes], out: Path) -> list[Path]:
    """Write the files into the folder `out` (made if missing), or into one zip if it ends .zip."""
    out = Path(out)
    if out.suffix.lower() == ".zip":
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(zip_bytes(files))
        return [out]
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in files.items():
        path = out / name
        path.write_bytes(data)
        written.append(path)
    return written


# ---------------------------------------------------------------------------------------------
# Reading files back: every problem is collected with its file and row, then reported at once.


@dataclass(frozen=True, slots=True)
class Problem:
    """Why an import was refused: a file, a row (the header is row 1) and what is wrong."""

    file: str
    row: int | None
    message: str

    def __str__(self) -> str:
        where = self.file if self.row is None else f"{self.file}, row {self.row}"
        return f"{where}: {self.message}"


class ImportRefused(Exception):
    """The files were not imported; `problems` lists what to fix. The database is unchanged."""

    def __init__(self, problems: Sequence[Problem], *, more: int = 0) -> None:
        self.problems = tuple(problems)
        self.more = more
        super().__init__("\n".join(self.lines()))

    def lines(self) -> list[str]:
        lines = [str(p) for p in self.problems]
        if self.more:
            lines.append(f"… and {self.more} more problems.")
        return lines


class _Problems:
    """Collects problems, keeping the first MAX_PROBLEMS and counting the rest."""

    def __init__(self) -> None:
        self.found: list[Problem] = []
        self.more = 0

    def add(self, file: str, row: int | None, message: str) -> None:
        if len(self.found) < MAX_PROBLEMS:
            self.found.append(Problem(file, row, message))
        else:
            self.more += 1

    def __bool__(self) -> bool:
        return bool(self.found)

    def refuse(self) -> ImportRefused:
        return ImportRefused(self.found, more=self.more)


_WHOLE = re.compile(r"-?[0-9]+")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_TIME = re.compile(r"[0-9]{2}:[0-9]{2}")


class _Row:
    """One data row of a file: typed readers that note a problem instead of raising."""

    def __init__(self, file: str, number: int, cells: dict[str, str], problems: _Problems):
        self.file, self.number, self.cells, self.problems = file, number, cells, problems
        self.ok = True

    def problem(self, message: str) -> None:
        self.ok = False
        self.problems.add(self.file, self.number, message)

    def text(self, name: str) -> str:
        return restore(self.cells[name])

    def whole(self, name: str, *, optional: bool = False) -> int | None:
        cell = self.cells[name]
        if cell == "" and optional:
            return None
        if not _WHOLE.fullmatch(cell):
            wanted = "a whole number or empty" if optional else "a whole number"
            self.problem(f"{name} must be {wanted} (got {cell!r}).")
            return None
        return int(cell)

    def date(self, name: str, *, today: dt.date | None = None) -> dt.date | None:
        cell = self.cells[name]
        try:
            if not _DATE.fullmatch(cell):
                raise ValueError(cell)
            day = dt.date.fromisoformat(cell)
        except ValueError:
            self.problem(f"{name} must be a date like 2026-01-31 (got {cell!r}).")
            return None
        if today is not None and day > today:
            self.problem(f"{name} {cell} is in the future.")
        return day

    def time(self, name: str) -> dt.time | None:
        cell = self.cells[name]
        try:
            if not _TIME.fullmatch(cell):
                raise ValueError(cell)
            return dt.time.fromisoformat(cell)
        except ValueError:
            self.problem(f"{name} must be a time like 07:30 (got {cell!r}).")
            return None

    def boolean(self, name: str) -> bool | None:
        cell = self.cells[name]
        if cell not in ("true", "false"):
            self.problem(f"{name} must be true or false (got {cell!r}).")
            return None
        return cell == "true"

    def choice(self, name: str, choices: type[enum.StrEnum]) -> enum.StrEnum | None:
        cell = self.text(name)
        try:
            return choices(cell)
        except ValueError:
            allowed = ", ".join(c.value for c in choices)
            self.problem(f"{name} must be one of {allowed} (got {cell!r}).")
            return None

    def build(self, make: object, **values: object) -> object | None:
        """Make a record from the values read, or note the record's own refusals."""
        if not self.ok:
            return None
        try:
            return make(**values)  # type: ignore[operator]
        except ValidationError as refused:
            for message in refused.problems:
                self.problem(message)
            return None


def _decode(name: str, data: bytes, problems: _Problems) -> str | None:
    if data.startswith(b"\xef\xbb\xbf"):
        problems.add(
            name,
            None,
            "starts with a byte-order mark (BOM). Save it as UTF-8 without a BOM, or use the "
            "file exactly as HamTrack exported it.",
        )
        return None
    if b"\x00" in data:
        # UTF-16 text of plain letters is valid UTF-8 with a NUL after every letter.
        at = data.index(b"\x00")
        problems.add(
            name,
            data[:at].count(b"\n") + 1,
            "holds NUL bytes, so it is not UTF-8 text (perhaps UTF-16). Save it as UTF-8, or "
            "use the file exactly as HamTrack exported it.",
        )
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as bad:
        row = data[: bad.start].count(b"\n") + 1
        problems.add(
            name,
            row,
            f"is not UTF-8 text (byte {data[bad.start]:#04x} at offset {bad.start}). Save it as "
            "UTF-8, or use the file exactly as HamTrack exported it.",
        )
        return None


def _table(spec: ExportFile, files: Mapping[str, bytes], problems: _Problems) -> list[_Row] | None:
    """The rows of one file after checking its encoding, CSV syntax, header and field counts."""
    name = spec.name
    if name not in files:
        problems.add(name, None, "is missing; an import needs every file of an export.")
        return None
    data = files[name]
    if len(data) > MAX_FILE_BYTES:
        problems.add(name, None, f"is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB.")
        return None
    text = _decode(name, data, problems)
    if text is None:
        return None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    number = 0  # the row before the one being read; 0 while the header is read
    try:
        header = next(reader, None)
        if header is None:
            problems.add(name, None, "is empty; it needs at least its header row.")
            return None
        problem_count = len(problems.found) + problems.more
        expected = set(spec.header)
        if len(set(header)) != len(header):
            repeated = sorted({c for c in header if header.count(c) > 1})
            problems.add(name, 1, f"repeats the column(s) {', '.join(repeated)}.")
        missing = [c for c in spec.header if c not in header]
        extra = [c for c in header if c not in expected]
        if missing:
            problems.add(name, 1, f"lacks the column(s) {', '.join(missing)}.")
        if extra:
            problems.add(name, 1, f"has unexpected column(s) {', '.join(map(repr, extra))}.")
        if len(problems.found) + problems.more > problem_count:
            return None
        rows = []
        number = 1
        for number, cells in enumerate(reader, start=2):
            if not cells:
                continue  # a blank line holds no record
            if len(cells) != len(header):
                problems.add(
                    name,
                    number,
                    f"has {len(cells)} fields where the header has {len(header)}; a field may "
                    "have been added, lost or split (check for an unquoted comma).",
                )
                continue
            rows.append(_Row(name, number, dict(zip(header, cells, strict=True)), problems))
        return rows
    except csv.Error as broken:
        # The row being read when the error came is the one after the last good one; the line
        # differs from it when a quoted cell spans several lines.
        problems.add(name, number + 1, f"is not valid CSV at line {reader.line_num} ({broken}).")
        return None


def _check_ins(rows: list[_Row], today: dt.date) -> list[CheckIn]:
    found = []
    for row in rows:
        flags = row.cells["red_flags"]
        check_in = row.build(
            CheckIn,
            day=row.date("date", today=today),
            time=row.time("time"),
            pain={
                Region.LEFT_HAMSTRING: row.whole("pain_left_hamstring"),
                Region.RIGHT_HAMSTRING: row.whole("pain_right_hamstring"),
                Region.LOW_BACK: row.whole("pain_low_back"),
            },
            stiffness=row.whole("stiffness"),
            note=row.text("note"),
            red_flags=frozenset(flags.split(";")) if flags else frozenset(),
        )
        if check_in is not None:
            found.append(check_in)
    return found


def _sessions(rows: list[_Row], today: dt.date) -> list[Session]:
    """Group exercise rows into sessions by session_id, in the order the sessions first appear."""
    groups: dict[int, list[tuple[_Row, dt.date | None, str, int | None, ExerciseDone | None]]]
    groups = {}
    for row in rows:
        number = row.whole("session_id")
        if number is not None and number < 1:
            row.problem(f"session_id must be 1 or more (got {number}).")
        day = row.date("date", today=today)
        session_note = row.text("session_note")
        position = row.whole("position")
        if position is not None and position < 1:
            row.problem(f"position must be 1 or more (got {position}).")
        side = row.choice("side", Side)
        exercise = row.build(
            ExerciseDone,
            exercise=row.text("exercise"),
            side=side,
            sets=row.whole("sets", optional=True),
            reps=row.whole("reps", optional=True),
            hold_s=row.whole("hold_s", optional=True),
            band_level=row.whole("band_level"),
            pain_during=row.whole("pain_during"),
            note=row.text("note"),
        )
        if number is not None:
            groups.setdefault(number, []).append((row, day, session_note, position, exercise))
    sessions = []
    for number, members in groups.items():
        first_row, day, note, _, _ = members[0]
        positions: set[int] = set()
        for row, other_day, other_note, position, _ in members:
            if other_day != day and None not in (day, other_day):
                row.problem(
                    f"session {number} is dated {day} on row {first_row.number} but {other_day} "
                    "here; every row of a session has the same date."
                )
            if other_note != note:
                row.problem(
                    f"session {number} has another session_note on row {first_row.number}; every "
                    "row of a session repeats the same note."
                )
            if position in positions:
                row.problem(f"session {number} has position {position} twice.")
            if position is not None:
                positions.add(position)
        if all(row.ok for row, *_ in members) and day is not None:
            ordered = sorted(members, key=lambda m: m[3])
            sessions.append(Session(day=day, note=note, exercises=tuple(m[4] for m in ordered)))
    return sessions


def _responses(rows: list[_Row], today: dt.date) -> list[QuestionnaireResponse]:
    found = []
    for row in rows:
        response = row.build(
            QuestionnaireResponse,
            day=row.date("date", today=today),
            questionnaire_id=row.text("questionnaire_id"),
            questionnaire_version=row.text("questionnaire_version"),
            section_ids=SECTION_IDS,
            answers=tuple(row.whole(ANSWER_PREFIX + s, optional=True) for s in SECTION_IDS),
            note=row.text("note"),
        )
        for name, limit in (("questionnaire_id", 80), ("questionnaire_version", 40)):
            if response is not None and not 1 <= len(row.text(name)) <= limit:
                row.problem(f"{name} must be 1 to {limit} characters long.")
                response = None
        if response is not None:
            found.append(response)
    return found


def _phase_changes(rows: list[_Row], today: dt.date) -> list[PhaseChange]:
    found = []
    for row in rows:
        change = row.build(
            PhaseChange,
            day=row.date("date", today=today),
            phase=row.choice("phase", Phase),
            note=row.text("note"),
        )
        if change is not None:
            found.append(change)
    return found


def _pauses(rows: list[_Row]) -> list[Pause]:
    found = []
    for row in rows:
        pause = row.build(
            Pause,
            start=row.date("start_date"),
            end=row.date("end_date"),
            reason=row.choice("reason", PauseReason),
            note=row.text("note"),
        )
        if pause is not None:
            found.append(pause)
    return found


def _programme(rows: list[_Row], today: dt.date) -> list[ProgrammeExercise]:
    placed: list[tuple[int, ProgrammeExercise]] = []
    seen_positions: set[int] = set()
    seen_exercises: set[str] = set()
    for row in rows:
        position = row.whole("position")
        if position in seen_positions:
            row.problem(f"position {position} appears twice.")
        exercise = row.text("exercise")
        if exercise in seen_exercises:
            row.problem(f"{exercise} appears twice; a programme lists each exercise once.")
        seen_exercises.add(exercise)
        item = row.build(
            ProgrammeExercise,
            exercise=exercise,
            side=row.choice("side", Side),
            sets=row.whole("sets", optional=True),
            reps=row.whole("reps", optional=True),
            hold_s=row.whole("hold_s", optional=True),
            band_level=row.whole("band_level"),
            added_on=row.date("added_on", today=today),
        )
        if position is not None:
            seen_positions.add(position)
            if item is not None:
                placed.append((position, item))
    return [item for _, item in sorted(placed, key=lambda p: p[0])]


def _settings(rows: list[_Row] | None, problems: _Problems) -> tuple[int, bool] | None:
    if rows is None:
        return None
    if len(rows) != 1:
        problems.add(SETTINGS.name, None, f"must hold exactly one row (it holds {len(rows)}).")
        return None
    row = rows[0]
    version = row.whole("export_format")
    if version is not None and version != EXPORT_FORMAT:
        row.problem(
            f"export_format {version} is not one this HamTrack reads ({EXPORT_FORMAT}); "
            "update HamTrack, or export again."
        )
    target = row.whole("weekly_target")
    if target is not None:
        try:
            check_weekly_target(target)
        except ValidationError as refused:
            for message in refused.problems:
                row.problem(message)
    is_demo = row.boolean("is_demo")
    return (target, is_demo) if row.ok else None  # type: ignore[return-value]


def parse_files(files: Mapping[str, bytes], *, today: dt.date | None = None) -> Records:
    """The records held by a set of export files, or ImportRefused listing every problem."""
    today = today or dt.date.today()
    problems = _Problems()
    known = {f.name for f in FILES}
    for name in files:
        if name not in known:
            problems.add(name, None, "is not a HamTrack export file (its name is not known).")
    tables = {spec.name: _table(spec, files, problems) for spec in RECORD_FILES}

    def rows(spec: ExportFile) -> list[_Row]:
        return tables[spec.name] or []

    records = Records(
        check_ins=tuple(_check_ins(rows(CHECK_INS), today)),
        sessions=tuple(_sessions(rows(SESSION_EXERCISES), today)),
        responses=tuple(_responses(rows(QUESTIONNAIRE_RESPONSES), today)),
        phase_changes=tuple(_phase_changes(rows(PHASE_CHANGES), today)),
        pauses=tuple(_pauses(rows(PAUSES))),
        programme=tuple(_programme(rows(PROGRAMME), today)),
    )
    settings = _settings(tables[SETTINGS.name], problems)
    if problems or settings is None:
        raise problems.refuse()
    target, is_demo = settings
    return Records(
        check_ins=records.check_ins,
        sessions=records.sessions,
        responses=records.responses,
        phase_changes=records.phase_changes,
        pauses=records.pauses,
        programme=records.programme,
        weekly_target=target,
        is_demo=is_demo,
    )


# ---------------------------------------------------------------------------------------------
# Storing an import: only what the database does not hold yet, in one transaction.


def _check_in_key(ci: CheckIn) -> tuple[str, ...]:
    return _cells(CHECK_INS, _check_in_values(ci))


def _session_key(session: Session) -> tuple:
    return tuple(
        _cells(SESSION_EXERCISES, _exercise_values(0, session, position, e))
        for position, e in enumerate(session.exercises, start=1)
    )


def _response_key(response: QuestionnaireResponse) -> tuple:
    return (
        response.day,
        response.questionnaire_id,
        response.questionnaire_version,
        response.section_ids,
        response.answers,
        response.note,
    )


def _phase_key(change: PhaseChange) -> tuple:
    return (change.day, change.phase.value, change.note)


def _pause_key(pause: Pause) -> tuple:
    return (pause.start, pause.end, PauseReason(pause.reason).value, pause.note)


def _new_only(
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


_KINDS = {
    "check_ins": ("check-in", "check-ins"),
    "sessions": ("session", "sessions"),
    "responses": ("questionnaire", "questionnaires"),
    "phase_changes": ("phase change", "phase changes"),
    "pauses": ("pause", "pauses"),
}


def _counted(counts: Mapping[str, int]) -> str:
    return ", ".join(f"{n} {_KINDS[kind][n != 1]}" for kind, n in counts.items() if n)


@dataclass(frozen=True, slots=True)
class ImportSummary:
    """What an import added, what it skipped as already present, and what settings it changed.

    `added` and `skipped` count records by kind: check_ins, sessions, responses, phase_changes,
    pauses.
    """

    added: Mapping[str, int]
    skipped: Mapping[str, int]
    programme_replaced: bool = False
    weekly_target: int | None = None

    @property
    def changed_anything(self) -> bool:
        return any(self.added.values()) or self.programme_replaced or self.weekly_target is not None

    def lines(self) -> list[str]:
        """Plain sentences for the person who imported."""
        added, skipped = _counted(self.added), _counted(self.skipped)
        lines = [f"Added {added}." if added else "Nothing new to add."]
        if skipped:
            lines.append(f"Already in your records, so skipped: {skipped}.")
        if self.programme_replaced:
            lines.append("Your programme is now the one from the import.")
        if self.weekly_target is not None:
            lines.append(f"Your weekly target is now {self.weekly_target} sessions a week.")
        return lines


def import_records(
    db: Database, records: Records, *, today: dt.date | None = None
) -> ImportSummary:
    """Add the records the database does not hold yet, all in one transaction.

    The programme and weekly target of the import replace the database's when they differ (an
    empty programme in the import leaves the database's alone). Demo data and a person's own
    records are never mixed: that is refused, and nothing is changed.
    """
    present = read_records(db)
    if present.holds_records and records.holds_records and present.is_demo != records.is_demo:
        which = "demo data" if records.is_demo else "a person's own records"
        holds = "demo data" if present.is_demo else "your own records"
        raise ImportRefused(
            [
                Problem(
                    SETTINGS.name,
                    2,
                    f"These files hold {which} and this database holds {holds}; the two are never "
                    "mixed. Import them into a new, empty database instead.",
                )
            ]
        )
    check_ins, skipped_check_ins = _new_only(records.check_ins, present.check_ins, _check_in_key)
    sessions, skipped_sessions = _new_only(records.sessions, present.sessions, _session_key)
    responses, skipped_responses = _new_only(records.responses, present.responses, _response_key)
    phases, skipped_phases = _new_only(records.phase_changes, present.phase_changes, _phase_key)
    pauses, skipped_pauses = _new_only(records.pauses, present.pauses, _pause_key)
    replace_programme = bool(records.programme) and records.programme != present.programme
    new_target = records.weekly_target if records.weekly_target != present.weekly_target else None
    summary = ImportSummary(
        added={
            "check_ins": len(check_ins),
            "sessions": len(sessions),
            "responses": len(responses),
            "phase_changes": len(phases),
            "pauses": len(pauses),
        },
        skipped={
            "check_ins": skipped_check_ins,
            "sessions": skipped_sessions,
            "responses": skipped_responses,
            "phase_changes": skipped_phases,
            "pauses": skipped_pauses,
        },
        programme_replaced=replace_programme,
        weekly_target=new_target,
    )
    mark_demo = records.is_demo if not present.holds_records else None
    if not summary.changed_anything and mark_demo in (None, present.is_demo):
        return summary
    store.store_imported(
        db,
        store.Bundle(
            check_ins=tuple(check_ins),
            sessions=tuple(sessions),
            responses=tuple(responses),
            pauses=tuple(pauses),
            programme=records.programme if replace_programme else None,
            weekly_target=new_target,
            is_demo=mark_demo,
        ),
        noted_phase_changes=[(p.day, p.phase, p.note) for p in phases],
        today=today,
    )
    return summary


def import_files(
    db: Database, files: Mapping[str, bytes], *, today: dt.date | None = None
) -> ImportSummary:
    """Check every file, then store what is new in one transaction (ImportRefused: nothing)."""
    return import_records(db, parse_files(files, today=today), today=today)


def _ignored(name: str) -> bool:
    # Folders, hidden files and the resource forks macOS adds to zips hold no records.
    base = name.rsplit("/", 1)[-1]
    return name.endswith("/") or name.startswith("__MACOSX/") or base.startswith(".") or not base


def read_zip(data: bytes, *, name: str = "the zip file") -> dict[str, bytes]:
    """The CSV files of an export zip, by file name (files in one folder inside are fine too)."""
    problems = _Problems()
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError):
        raise ImportRefused([Problem(name, None, "is not a zip file.")]) from None
    with archive:
        entries = [info for info in archive.infolist() if not _ignored(info.filename)]
        if len(entries) > MAX_ZIP_ENTRIES:
            raise ImportRefused([Problem(name, None, f"holds {len(entries)} files; too many.")])
        if sum(info.file_size for info in entries) > MAX_ZIP_BYTES:
            raise ImportRefused(
                [Problem(name, None, f"unpacks to more than {MAX_ZIP_BYTES // 2**20} MB.")]
            )
        files: dict[str, bytes] = {}
        for info in entries:
            base = info.filename.rsplit("/", 1)[-1]
            if not base.lower().endswith(".csv"):
                continue
            if base in files:
                problems.add(base, None, "appears twice in the zip.")
                continue
            try:
                with archive.open(info) as entry:
                    content = entry.read(MAX_FILE_BYTES + 1)
            except (zipfile.BadZipFile, RuntimeError, NotImplementedError, OSError) as bad:
                problems.add(base, None, f"cannot be unpacked ({bad}).")
                continue
            files[base] = content
    if problems:
        raise problems.refuse()
    return files


def read_folder(path: Path) -> dict[str, bytes]:
    """The CSV files in a folder (or in an export zip), by file name."""
    path = Path(path)
    if path.is_file():
        return read_zip(path.read_bytes(), name=path.name)
    if not path.is_dir():
        raise ImportRefused([Problem(str(path), None, "is neither a folder nor a zip file.")])
    files = {}
    for entry in sorted(path.iterdir()):
        if entry.is_file() and entry.suffix.lower() == ".csv" and not entry.name.startswith("."):
            with entry.open("rb") as handle:
                # One byte past the limit is enough for the size check to refuse it.
                files[entry.name] = handle.read(MAX_FILE_BYTES + 1)
    return files


# ---------------------------------------------------------------------------------------------
# Backup and restore of the whole database file.

MAX_BACKUP_BYTES = 512 * 1024 * 1024


class BackupRefused(store.StorageError):
    """A file offered as a backup is not one; the database was not changed."""


def backup_bytes(db: Database) -> bytes:
    """A consistent copy of the whole database (SQLite's backup API), as a file's bytes."""
    with tempfile.TemporaryDirectory(prefix="hamtrack-backup-") as folder:
        return store.backup_to(db, Path(folder) / "backup.db").read_bytes()


def backup_name(today: dt.date) -> str:
    return f"hamtrack-backup-{today.isoformat()}.db"


def restore_backup(db: Database, data: bytes, *, name: str = "The file") -> None:
    """Replace everything in the database with a HamTrack backup's contents.

    Anything that is not a HamTrack backup raises BackupRefused and changes nothing.
    """
    if len(data) > MAX_BACKUP_BYTES:
        raise BackupRefused(f"{name} is larger than {MAX_BACKUP_BYTES // 2**20} MB.")
    with tempfile.TemporaryDirectory(prefix="hamtrack-restore-") as folder:
        path = Path(folder) / "upload.db"
        path.write_bytes(data)
        try:
            store.restore_from(db, path)
        except store.NewerSchema:
            raise BackupRefused(
                f"{name} was made by a newer HamTrack. Update HamTrack, then restore it."
            ) from None
        except store.DamagedDatabase:
            raise BackupRefused(
                f"{name} is a damaged database. Try another backup; nothing was changed."
            ) from None
        except store.StorageError:
            raise BackupRefused(
                f"{name} is not a HamTrack backup. Choose a file saved with “Download a "
                "backup”; nothing was changed."
            ) from None


# ---------------------------------------------------------------------------------------------
# The data dictionary (docs/data-dictionary.md is this function's output).


def _column_rows(file: ExportFile) -> list[str]:
    rows = ["| column | type | meaning |", "|---|---|---|"]
    for column in file.columns:
        meaning = column.meaning + (" *Derived; ignored on import.*" if column.derived else "")
        rows.append(f"| `{column.name}` | {column.kind.value} | {meaning} |")
    return rows


def data_dictionary() -> str:
    """The data dictionary of an export, as Markdown: every file and every column."""
    from hamtrack.catalogue import EXERCISES
    from hamtrack.safety import RED_FLAGS

    lines = [
        "# HamTrack export: data dictionary",
        "",
        "<!-- Generated by hamtrack.exchange.data_dictionary(); a test keeps the two equal. -->",
        "",
        "An export is a set of CSV files, one per kind of record, as a folder or one zip. "
        "Spreadsheets and pandas open them as they are (`pd.read_csv(path)`, no options); "
        "HamTrack reads them back with `hamtrack import` or the Share & backup page.",
        "",
        "## Conventions",
        "",
        "- UTF-8 without a byte-order mark; comma-separated; CRLF line ends (RFC 4180); one "
        "header row; one row per record. A cell holding a comma, a double quote, a carriage "
        'return or a line feed is quoted with `"` (a quote inside is doubled).',
        "- Column names are stable snake_case; a unit is part of the name where there is one "
        "(`hold_s` is seconds, `_percent` is 0–100). Pain and stiffness are 0 (none) to 10 "
        "(worst imaginable).",
        "- Dates are ISO `YYYY-MM-DD`, times `HH:MM` (24 hours, the person's local time).",
        "- An empty cell means no value (a skipped answer, a dose not given, no note). pandas "
        "reads an empty cell as NaN, as it does a note that reads `NA` or `null`; pass "
        "`keep_default_na=False` to keep such notes as text.",
        "- **Formula defusing.** A text cell whose first character after any leading spaces is "
        "`=` `+` `-` `@`, a tab, a carriage return, a line feed, NUL, or a full-width `＝` `＋` "
        "`－` `＠` is written with one leading apostrophe `'`, so a spreadsheet shows it as "
        "text instead of running it (OWASP CSV injection). So is text that already starts "
        "with apostrophes in front of such a character (`'=x` is written `''=x`), so import "
        "can always tell the added apostrophe from the person's own. Import removes exactly "
        "that one apostrophe: every note reads back as typed. Number columns are never "
        "changed.",
        "- Rows are numbered as a spreadsheet numbers them: the header is row 1.",
        "- A date range limits the records to those dated inside it; pauses overlapping it "
        "are kept; the programme and settings are always whole.",
        "",
        "## Importing",
        "",
        "- All or nothing: every file is checked first, and any problem (a missing, extra or "
        "repeated column; a row with too many or too few fields; a value out of range; a date "
        "in the future; a byte-order mark or text that is not UTF-8; a missing file or one "
        "with an unknown name) refuses the whole import with a list naming file, row and "
        "problem. The database is then left exactly as it was.",
        "- Every file except weekly_summary.csv is needed, with exactly its header (any "
        "column order). Derived columns and weekly_summary.csv are recomputed by HamTrack; "
        "what they hold is ignored.",
        "- **Duplicates.** A record whose content (every column that is not derived, except "
        "`session_id`) equals one already in the database is skipped, counted: if the file "
        "holds the same check-in twice and the database once, one is added. So importing the "
        "same export twice adds nothing, and an export can be brought back into the database "
        "it came from.",
        "- `session_id` only groups the rows of one session; sessions get new ids on import, "
        "in the order they first appear. Exercises are stored in `position` order.",
        "- The programme and weekly target of the import replace the database's when they "
        "differ (an empty programme.csv leaves the programme alone). Demo data and a "
        "person's own records are never mixed: importing one into a database holding the "
        "other is refused.",
        "- Export, import into an empty database, and export again gives byte-identical files.",
        "",
        "## Files",
        "",
    ]
    for file in FILES:
        lines.append(f"### {file.name}")
        lines.append("")
        what = f"Each row is {file.row_is}."
        if file.derived:
            what += " *Derived from the other files for reading; never imported.*"
        lines.append(what)
        lines.append("")
        lines.extend(_column_rows(file))
        lines.append("")
    lines += ["## Keys", "", "### Warning signs (`red_flags`)", ""]
    lines += ["| key | the check-in asked | urgency |", "|---|---|---|"]
    lines += [f"| `{f.key}` | {f.question} | {f.urgency.value} |" for f in RED_FLAGS]
    lines += ["", "### Exercises (`exercise`)", "", "| key | name |", "|---|---|"]
    lines += [f"| `{e.slug}` | {e.name} |" for e in EXERCISES.values()]
    lines.append("")
    from hamtrack.fhir import data_dictionary_section  # the FHIR export's section comes last

    lines.append(data_dictionary_section())
    return "\n".join(lines)
