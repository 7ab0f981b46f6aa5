"""Reading export files back into records: every file is checked whole (encoding, CSV syntax,
header, field counts, every value as its column's kind says, every record's own rules) and every
problem is collected with its file and row, then reported at once."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import enum
import io
import re
from collections.abc import Callable, Mapping
from typing import Any

from hamtrack.exchange import spec
from hamtrack.exchange.defuse import restore
from hamtrack.exchange.problems import Problems
from hamtrack.exchange.spec import (
    ANSWER_PREFIX,
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
    RECORD_FILES,
    RUNNING,
    SESSION_EXERCISES,
    SETTINGS,
    Column,
    ExportFile,
    Kind,
)
from hamtrack.injury import InjuryCause, InjuryProfile, ProfileChange
from hamtrack.models import (
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
    check_not_too_early,
    check_weekly_target,
)
from hamtrack.oswestry import SECTION_IDS
from hamtrack.records import PhaseChange, Records
from hamtrack.return_to_sport import (
    Leg,
    Measure,
    MeasureKind,
    PsfsResponse,
    RunningEntry,
    StrengthUnit,
)

_WHOLE = re.compile(r"-?[0-9]+")
_DECIMAL = re.compile(r"-?[0-9]+(\.[0-9]+)?")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_TIME = re.compile(r"[0-9]{2}:[0-9]{2}")

MAX_DIGITS = 15
"""No whole number in an export comes near this; a longer one is refused before Python reads it
(it refuses strings of more than 4,300 digits with an error that names no file or row)."""

MAX_NUMBER_CHARS = 40
"""A measured value is never longer than this (a float's shortest decimal is at most 17
significant digits); a longer cell is refused before it is read."""

MAX_SHOWN = 40
"""A cell quoted in a problem is cut to this many characters."""


def _shown(cell: str) -> str:
    """The cell as a problem quotes it: in quotes, cut short when long."""
    return repr(cell if len(cell) <= MAX_SHOWN else cell[:MAX_SHOWN] + "…")


class _Row:
    """One data row of a file: each cell read as its column's kind in the spec says, a problem
    noted (not raised) for a cell that cannot be read."""

    def __init__(
        self,
        file: ExportFile,
        number: int,
        cells: dict[str, str],
        problems: Problems,
        today: dt.date,
    ) -> None:
        self.file, self.number, self.cells = file.name, number, cells
        self.columns = _COLUMNS[file.name]
        self.problems, self.today = problems, today
        self.ok = True

    def problem(self, message: str) -> None:
        self.ok = False
        self.problems.add(self.file, self.number, message)

    def __getitem__(self, name: str) -> Any:
        """The cell of column `name` as a value of its kind, or None (and a problem noted)."""
        column = self.columns[name]
        return _READERS[column.kind](self, column, self.cells[name])

    def choice(self, name: str, choices: type[enum.StrEnum]) -> enum.StrEnum | None:
        """A text cell that must be one of `choices`."""
        cell = self[name]
        try:
            return choices(cell)
        except ValueError:
            allowed = ", ".join(c.value for c in choices)
            self.problem(f"{name} must be one of {allowed} (got {_shown(cell)}).")
            return None

    def build(self, make: Callable[..., Any], **values: object) -> Any:
        """Make a record from the values read, or note the record's own refusals."""
        if not self.ok:
            return None
        try:
            return make(**values)
        except ValidationError as refused:
            for message in refused.problems:
                self.problem(message)
            return None


_COLUMNS: dict[str, dict[str, Column]] = {
    file.name: {column.name: column for column in file.columns} for file in FILES
}


def _text(row: _Row, column: Column, cell: str) -> str:
    return restore(cell)


def _whole(row: _Row, column: Column, cell: str) -> int | None:
    optional = column.kind is Kind.OPTIONAL_WHOLE
    if cell == "" and optional:
        return None
    if not _WHOLE.fullmatch(cell):
        wanted = "a whole number or empty" if optional else "a whole number"
        row.problem(f"{column.name} must be {wanted} (got {_shown(cell)}).")
        return None
    digits = len(cell.lstrip("-"))
    if digits > MAX_DIGITS:
        row.problem(
            f"{column.name} has far too many digits ({digits}) to be a number HamTrack keeps."
        )
        return None
    return int(cell)


def _decimal(row: _Row, column: Column, cell: str) -> float | None:
    if cell == "":
        return None
    if not _DECIMAL.fullmatch(cell):
        row.problem(f"{column.name} must be a number or empty (got {_shown(cell)}).")
        return None
    return float(cell)


def _number(row: _Row, column: Column, cell: str) -> int | float | None:
    if len(cell) > MAX_NUMBER_CHARS or not _DECIMAL.fullmatch(cell):
        row.problem(f"{column.name} must be a number (got {_shown(cell)}).")
        return None
    # A whole number reads back whole, so a count such as bridge repetitions stays a count.
    return float(cell) if "." in cell else int(cell)


def _date(row: _Row, column: Column, cell: str) -> dt.date | None:
    try:
        if not _DATE.fullmatch(cell):
            raise ValueError(cell)
        day = dt.date.fromisoformat(cell)
    except ValueError:
        row.problem(f"{column.name} must be a date like 2026-01-31 (got {_shown(cell)}).")
        return None
    if not column.may_be_future and day > row.today:
        row.problem(f"{column.name} {cell} is in the future.")
    return day


def _time(row: _Row, column: Column, cell: str) -> dt.time | None:
    try:
        if not _TIME.fullmatch(cell):
            raise ValueError(cell)
        return dt.time.fromisoformat(cell)
    except ValueError:
        row.problem(f"{column.name} must be a time like 07:30 (got {_shown(cell)}).")
        return None


def _boolean(row: _Row, column: Column, cell: str) -> bool | None:
    if cell not in ("true", "false"):
        row.problem(f"{column.name} must be true or false (got {_shown(cell)}).")
        return None
    return cell == "true"


def _keys(row: _Row, column: Column, cell: str) -> frozenset[str]:
    return frozenset(cell.split(";")) if cell else frozenset()


_READERS: dict[Kind, Callable[[_Row, Column, str], Any]] = {
    Kind.TEXT: _text,
    Kind.WHOLE: _whole,
    Kind.OPTIONAL_WHOLE: _whole,
    Kind.DECIMAL: _decimal,
    Kind.DATE: _date,
    Kind.TIME: _time,
    Kind.BOOLEAN: _boolean,
    Kind.KEYS: _keys,
    Kind.NUMBER: _number,
}


def _decode(name: str, data: bytes, problems: Problems) -> str | None:
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


def _table(
    file: ExportFile, files: Mapping[str, bytes], problems: Problems, today: dt.date
) -> list[_Row] | None:
    """The rows of one file after checking its encoding, CSV syntax, header and field counts."""
    name = file.name
    if name not in files:
        if file.required:
            problems.add(name, None, "is missing; an import needs every file of an export.")
            return None
        return []  # an export made before this file existed
    data = files[name]
    if len(data) > spec.MAX_FILE_BYTES:
        problems.add(name, None, f"is larger than {spec.MAX_FILE_BYTES // (1024 * 1024)} MB.")
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
        problem_count = len(problems)
        expected = set(file.header)
        if len(set(header)) != len(header):
            repeated = sorted({c for c in header if header.count(c) > 1})
            problems.add(name, 1, f"repeats the column(s) {', '.join(repeated)}.")
        missing = [c for c in file.header if c not in header]
        extra = [c for c in header if c not in expected]
        if missing:
            problems.add(name, 1, f"lacks the column(s) {', '.join(missing)}.")
        if extra:
            problems.add(name, 1, f"has unexpected column(s) {', '.join(map(repr, extra))}.")
        if len(problems) > problem_count:
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
            rows.append(_Row(file, number, dict(zip(header, cells, strict=True)), problems, today))
        return rows
    except csv.Error as broken:
        # The row being read when the error came is the one after the last good one; the line
        # differs from it when a quoted cell spans several lines.
        problems.add(name, number + 1, f"is not valid CSV at line {reader.line_num} ({broken}).")
        return None


def _check_ins(rows: list[_Row]) -> list[CheckIn]:
    found = []
    for row in rows:
        check_in = row.build(
            CheckIn,
            day=row["date"],
            time=row["time"],
            pain={
                Region.LEFT_HAMSTRING: row["pain_left_hamstring"],
                Region.RIGHT_HAMSTRING: row["pain_right_hamstring"],
                Region.LOW_BACK: row["pain_low_back"],
            },
            stiffness=row["stiffness"],
            note=row["note"],
            red_flags=row["red_flags"],
        )
        if check_in is not None:
            found.append(check_in)
    return found


def _sessions(rows: list[_Row]) -> list[Session]:
    """Group exercise rows into sessions by session_id, in the order the sessions first appear."""
    groups: dict[int, list[tuple[_Row, dt.date | None, str, int | None, ExerciseDone | None]]]
    groups = {}
    for row in rows:
        number = row["session_id"]
        if number is not None and number < 1:
            row.problem(f"session_id must be 1 or more (got {number}).")
        day = row["date"]
        session_note = row["session_note"]
        position = row["position"]
        if position is not None and position < 1:
            row.problem(f"position must be 1 or more (got {position}).")
        side = row.choice("side", Side)
        exercise = row.build(
            ExerciseDone,
            exercise=row["exercise"],
            side=side,
            sets=row["sets"],
            reps=row["reps"],
            hold_s=row["hold_s"],
            band_level=row["band_level"],
            pain_during=row["pain_during"],
            note=row["note"],
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
            # The session's own rules (its date among them) are reported on its first row.
            session = first_row.build(
                Session, day=day, note=note, exercises=tuple(m[4] for m in ordered)
            )
            if session is not None:
                sessions.append(session)
    return sessions


def _responses(rows: list[_Row]) -> list[QuestionnaireResponse]:
    found = []
    for row in rows:
        response = row.build(
            QuestionnaireResponse,
            day=row["date"],
            questionnaire_id=row["questionnaire_id"],
            questionnaire_version=row["questionnaire_version"],
            section_ids=SECTION_IDS,
            answers=tuple(row[ANSWER_PREFIX + s] for s in SECTION_IDS),
            note=row["note"],
        )
        for name, limit in (("questionnaire_id", 80), ("questionnaire_version", 40)):
            if response is not None and not 1 <= len(row[name]) <= limit:
                row.problem(f"{name} must be 1 to {limit} characters long.")
                response = None
        if response is not None:
            found.append(response)
    return found


def _phase_changes(rows: list[_Row]) -> list[PhaseChange]:
    found = []
    for row in rows:
        change = row.build(
            PhaseChange,
            day=row["date"],
            phase=row.choice("phase", Phase),
            note=row["note"],
        )
        if change is not None:
            found.append(change)
    return found


def _pauses(rows: list[_Row]) -> list[Pause]:
    found = []
    for row in rows:
        pause = row.build(
            Pause,
            start=row["start_date"],
            end=row["end_date"],
            reason=row.choice("reason", PauseReason),
            note=row["note"],
        )
        if pause is not None:
            found.append(pause)
    return found


def _programme(rows: list[_Row]) -> list[ProgrammeExercise]:
    placed: list[tuple[int, ProgrammeExercise]] = []
    seen_positions: set[int] = set()
    seen_exercises: set[str] = set()
    for row in rows:
        position = row["position"]
        if position in seen_positions:
            row.problem(f"position {position} appears twice.")
        exercise = row["exercise"]
        if exercise in seen_exercises:
            row.problem(f"{exercise} appears twice; a programme lists each exercise once.")
        seen_exercises.add(exercise)
        item = row.build(
            ProgrammeExercise,
            exercise=exercise,
            side=row.choice("side", Side),
            sets=row["sets"],
            reps=row["reps"],
            hold_s=row["hold_s"],
            band_level=row["band_level"],
            added_on=row["added_on"],
        )
        if position is not None:
            seen_positions.add(position)
            if item is not None:
                placed.append((position, item))
    return [item for _, item in sorted(placed, key=lambda p: p[0])]


def _injury_profile(rows: list[_Row]) -> list[ProfileChange]:
    found = []
    for row in rows:
        day, time = row["saved_date"], row["saved_time"]
        profile = row.build(
            InjuryProfile,
            injured_side=row.choice("injured_side", Side),
            injury_day=row["injury_date"],
            how=row.choice("how", InjuryCause),
            diagnosis=row["diagnosis"],
            return_activity=row["return_activity"],
            history=row["history"],
        )
        if profile is not None and day is not None and time is not None:
            found.append(ProfileChange(dt.datetime.combine(day, time), profile))
    return found


def _measures(rows: list[_Row]) -> list[Measure]:
    found = []
    for row in rows:
        unit = None if row["unit"] == "" else row.choice("unit", StrengthUnit)
        measure = row.build(
            Measure,
            day=row["date"],
            leg=row.choice("leg", Leg),
            kind=row.choice("test", MeasureKind),
            value=row["value"],
            pain=row["pain_during"],
            unit=unit,
        )
        if measure is not None:
            found.append(measure)
    return found


def _running(rows: list[_Row]) -> list[RunningEntry]:
    found = []
    for row in rows:
        entry = row.build(
            RunningEntry,
            day=row["date"],
            step=row["step"],
            effort=row["effort_percent"],
            pain=row["pain"],
            note=row["note"],
        )
        if entry is not None:
            found.append(entry)
    return found


def _psfs(rows: list[_Row]) -> list[PsfsResponse]:
    """Each row one rating: the activities from activity_1 on, without gaps, each with its
    rating (empty when left unrated)."""
    found = []
    for row in rows:
        activities: list[str] = []
        ratings: list[int | None] = []
        gap = None
        for n in range(1, PSFS_SLOTS + 1):
            name, rating = row[f"activity_{n}"], row[f"rating_{n}"]
            if name == "":
                if rating is not None:
                    row.problem(f"rating_{n} is given but activity_{n} is empty.")
                gap = gap or n
                continue
            if gap is not None:
                row.problem(
                    f"activity_{n} follows the empty activity_{gap}; name the activities from "
                    "activity_1 on, without gaps."
                )
            activities.append(name)
            ratings.append(rating)
        for problem in check_not_too_early(row["date"], what="The rating on"):
            row.problem(problem)
        response = row.build(
            PsfsResponse, day=row["date"], activities=tuple(activities), ratings=tuple(ratings)
        )
        if response is not None:
            found.append(response)
    return found


def _settings(rows: list[_Row] | None, problems: Problems) -> tuple[int, bool] | None:
    if rows is None:
        return None
    if len(rows) != 1:
        problems.add(SETTINGS.name, None, f"must hold exactly one row (it holds {len(rows)}).")
        return None
    row = rows[0]
    version = row["export_format"]
    if version is not None and version != EXPORT_FORMAT:
        row.problem(
            f"export_format {version} is not one this HamTrack reads ({EXPORT_FORMAT}); "
            "update HamTrack, or export again."
        )
    target = row["weekly_target"]
    if target is not None:
        try:
            check_weekly_target(target)
        except ValidationError as refused:
            for message in refused.problems:
                row.problem(message)
    is_demo = row["is_demo"]
    return (target, is_demo) if row.ok else None  # type: ignore[return-value]


def parse_files(files: Mapping[str, bytes], *, today: dt.date | None = None) -> Records:
    """The records held by a set of export files, or ImportRefused listing every problem."""
    today = today or dt.date.today()
    problems = Problems()
    known = {f.name for f in FILES}
    for name in files:
        if name not in known:
            problems.add(name, None, "is not a HamTrack export file (its name is not known).")
    tables = {file.name: _table(file, files, problems, today) for file in RECORD_FILES}

    def rows(file: ExportFile) -> list[_Row]:
        return tables[file.name] or []

    records = Records(
        check_ins=tuple(_check_ins(rows(CHECK_INS))),
        sessions=tuple(_sessions(rows(SESSION_EXERCISES))),
        responses=tuple(_responses(rows(QUESTIONNAIRE_RESPONSES))),
        phase_changes=tuple(_phase_changes(rows(PHASE_CHANGES))),
        pauses=tuple(_pauses(rows(PAUSES))),
        programme=tuple(_programme(rows(PROGRAMME))),
        injury_profile=tuple(_injury_profile(rows(INJURY_PROFILE))),
        measures=tuple(_measures(rows(MEASURES))),
        running=tuple(_running(rows(RUNNING))),
        psfs=tuple(_psfs(rows(PSFS))),
    )
    settings = _settings(tables[SETTINGS.name], problems)
    if problems or settings is None:
        raise problems.refuse()
    target, is_demo = settings
    return dataclasses.replace(records, weekly_target=target, is_demo=is_demo)
