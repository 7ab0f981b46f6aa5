"""CSV export and import: clinician-readable files that read back exactly, refusals that change
nothing, formula defusing both ways, the zip, backups, and the command line."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import multiprocessing
import re
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlite_utils import Database

from hamtrack import cli, demo, oswestry
from hamtrack import db as store
from hamtrack import exchange as ex
from hamtrack.catalogue import EXERCISES
from hamtrack.models import (
    EARLIEST_DAY,
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
)
from hamtrack.oswestry import SECTION_IDS, default_definition
from hamtrack.safety import RED_FLAGS

PROJECT = Path(__file__).resolve().parent.parent
TODAY = dt.date(2025, 6, 30)
D = dt.date


# ---------------------------------------------------------------------------------------------
# Helpers: a database holding every kind of record and every field.


def check_in(day: dt.date, time: str = "07:30", *, note: str = "", flags=(), pain=(3, 1, 5)):
    left, right, back = pain
    return CheckIn(
        day=day,
        time=dt.time.fromisoformat(time),
        pain={Region.LEFT_HAMSTRING: left, Region.RIGHT_HAMSTRING: right, Region.LOW_BACK: back},
        stiffness=4,
        note=note,
        red_flags=frozenset(flags),
    )


def session(day: dt.date, *, note: str = "", exercise_note: str = "") -> Session:
    return Session(
        day=day,
        note=note,
        exercises=(
            ExerciseDone(exercise="wall-stretch", pain_during=2, sets=2, hold_s=45),
            ExerciseDone(
                exercise="bridge",
                pain_during=6,
                side=Side.LEFT,
                sets=3,
                reps=10,
                band_level=2,
                note=exercise_note,
            ),
            ExerciseDone(exercise="straight-leg-raise", pain_during=0, reps=12),
        ),
    )


def response(day: dt.date, answers=(2, 1, 3, 2, 2, 1, 2, None, 1, 2), note: str = ""):
    definition = default_definition()
    return QuestionnaireResponse(
        day=day,
        questionnaire_id=definition.id,
        questionnaire_version=definition.version,
        section_ids=SECTION_IDS,
        answers=tuple(answers),
        note=note,
    )


def fill(db: Database, note: str = "") -> None:
    """Every kind of record, every optional field used, notes on everything."""
    store.add_check_in(
        db, check_in(D(2025, 3, 3), "06:05", note=note or "Stiff morning"), today=TODAY
    )
    store.add_check_in(
        db,
        check_in(D(2025, 3, 3), "21:40", flags=("fever", "night_pain"), pain=(0, 7, 2)),
        today=TODAY,
    )
    # Two identical check-ins (a double tap) are two records and must stay two.
    store.add_check_in(db, check_in(D(2025, 3, 4)), today=TODAY)
    store.add_check_in(db, check_in(D(2025, 3, 4)), today=TODAY)
    store.add_session(
        db, session(D(2025, 3, 3), note=note or "Felt good", exercise_note="=1+1"), today=TODAY
    )
    store.add_session(db, session(D(2025, 3, 3)), today=TODAY)
    store.add_session(db, session(D(2025, 3, 5), note="second day"), today=TODAY)
    store.add_questionnaire_response(db, response(D(2025, 3, 2), note=note), today=TODAY)
    store.add_questionnaire_response(
        db, response(D(2025, 3, 9), answers=(None,) * 3 + (1,) * 7), today=TODAY
    )
    store.set_phase(db, Phase.ACUTE, day=D(2025, 3, 1), note="Started rehab", today=TODAY)
    store.set_phase(db, Phase.EARLY_REHAB, day=D(2025, 3, 8), note=note, today=TODAY)
    store.add_pause(db, Pause(D(2025, 3, 10), D(2025, 3, 14), PauseReason.ILLNESS, "flu"))
    store.add_pause(db, Pause(D(2025, 7, 20), D(2025, 7, 27), PauseReason.HOLIDAY, note))
    store.save_programme(
        db,
        [
            ProgrammeExercise("bridge", sets=3, reps=10, band_level=1, added_on=D(2025, 3, 8)),
            ProgrammeExercise(
                "lying-hamstring-stretch",
                sets=3,
                hold_s=30,
                side=Side.RIGHT,
                added_on=D(2025, 3, 1),
            ),
        ],
    )
    store.set_weekly_target(db, 4)


def new_db(folder: Path, name: str) -> Database:
    return store.open_database(folder / name)


def record_files(db: Database) -> dict[str, bytes]:
    """The files an export writes for the records (the weekly summary is tested apart)."""
    return ex.render(ex.read_records(db))


def dump(db: Database) -> str:
    """Every row of every table, to show that a refused import changed nothing at all."""
    return "\n".join(db.conn.iterdump())


def rows_of(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))


def rows_to_bytes(rows: list[list[str]]) -> bytes:
    return ex.csv_bytes(rows[0], rows[1:])


@pytest.fixture
def source(tmp_path: Path) -> Database:
    db = new_db(tmp_path, "source.db")
    fill(db)
    yield db
    db.conn.close()


@pytest.fixture
def target(tmp_path: Path) -> Database:
    db = new_db(tmp_path, "target.db")
    yield db
    db.conn.close()


# ---------------------------------------------------------------------------------------------
# Round trip.


def test_round_trip_into_an_empty_database_gives_byte_identical_files(source, target):
    first = record_files(source)
    ex.import_files(target, first, today=TODAY)
    assert record_files(target) == first


def test_round_trip_keeps_every_record_and_setting(source, target):
    ex.import_files(target, record_files(source), today=TODAY)
    assert ex.read_records(target) == ex.read_records(source)
    assert store.current_phase(target) is Phase.EARLY_REHAB
    assert store.get_profile(target).weekly_target == 4
    sessions = store.session_exercises_frame(target)
    assert sessions["session_id"].nunique() == 3
    assert list(sessions["exercise"][:3]) == ["wall-stretch", "bridge", "straight-leg-raise"]
    assert store.check_ins_frame(target)["red_flags"].str.contains("fever").sum() == 1


def test_round_trip_of_demo_data_keeps_it_marked_as_demo(tmp_path, target):
    demo_db = new_db(tmp_path, "demo.db")
    store.store_bundle(demo_db, demo.generate(weeks=20, seed=4, today=TODAY), today=TODAY)
    files = record_files(demo_db)
    ex.import_files(target, files, today=TODAY)
    assert store.get_profile(target).is_demo
    assert record_files(target) == files


def test_importing_the_same_export_twice_adds_nothing(source, target):
    files = record_files(source)
    first = ex.import_files(target, files, today=TODAY)
    before, revision = dump(target), store.revision(target)
    second = ex.import_files(target, files, today=TODAY)
    assert first.added["check_ins"] == 4
    assert second.added == dict.fromkeys(second.added, 0)
    assert second.skipped["check_ins"] == 4
    assert second.skipped["sessions"] == 3
    assert not second.changed_anything
    assert dump(target) == before
    assert store.revision(target) == revision
    assert second.lines()[0] == "Nothing new to add."


def test_importing_an_export_into_its_own_database_adds_nothing(source):
    before = dump(source)
    summary = ex.import_files(source, record_files(source), today=TODAY)
    assert not summary.changed_anything
    assert dump(source) == before


def test_duplicates_are_counted_so_a_second_identical_record_is_still_added(source, target):
    """The file holds the same check-in twice, the database once: one is added."""
    store.add_check_in(target, check_in(D(2025, 3, 4)), today=TODAY)
    summary = ex.import_files(target, record_files(source), today=TODAY)
    assert summary.added["check_ins"] == 3
    assert summary.skipped["check_ins"] == 1
    assert len(store.check_ins_frame(target)) == 4


def test_import_adds_new_records_next_to_existing_ones(source, target):
    store.add_check_in(target, check_in(D(2025, 2, 1), note="mine"), today=TODAY)
    summary = ex.import_files(target, record_files(source), today=TODAY)
    assert summary.added["check_ins"] == 4
    assert len(store.check_ins_frame(target)) == 5
    assert summary.weekly_target == 4
    assert summary.programme_replaced
    assert "Your weekly target is now 4 sessions a week." in summary.lines()


def test_an_empty_programme_in_the_import_leaves_the_programme_alone(source, target):
    store.save_programme(target, [ProgrammeExercise("bridge", reps=8, added_on=D(2025, 1, 1))])
    files = record_files(source)
    files["programme.csv"] = rows_to_bytes(rows_of(files["programme.csv"])[:1])
    summary = ex.import_files(target, files, today=TODAY)
    assert not summary.programme_replaced
    assert [p.reps for p in store.programme(target)] == [8]


def test_a_date_range_keeps_only_records_inside_it_and_overlapping_pauses(source):
    records = ex.read_records(source, since=D(2025, 3, 3), until=D(2025, 3, 11))
    assert {c.day for c in records.check_ins} == {D(2025, 3, 3), D(2025, 3, 4)}
    assert [s.day for s in records.sessions] == [D(2025, 3, 3), D(2025, 3, 3), D(2025, 3, 5)]
    assert [r.day for r in records.responses] == [D(2025, 3, 9)]
    assert [p.day for p in records.phase_changes] == [D(2025, 3, 8)]
    assert [p.reason for p in records.pauses] == [PauseReason.ILLNESS]
    assert len(records.programme) == 2


def test_a_range_that_ends_before_it_starts_is_refused(source):
    with pytest.raises(ex.ValidationError, match="ends"):
        ex.read_records(source, since=D(2025, 3, 5), until=D(2025, 3, 1))


# ---------------------------------------------------------------------------------------------
# What the clinician's tools see.


def test_pandas_reads_every_file_without_options(source):
    files = record_files(source)
    expected_rows = {
        "check_ins.csv": 4,
        "session_exercises.csv": 9,
        "questionnaire_responses.csv": 2,
        "phase_changes.csv": 2,
        "pauses.csv": 2,
        "programme.csv": 2,
        "injury_profile.csv": 0,
        "measures.csv": 0,
        "running.csv": 0,
        "psfs.csv": 0,
        "settings.csv": 1,
    }
    for name, data in files.items():
        frame = pd.read_csv(io.BytesIO(data))
        assert list(frame.columns) == list(ex.FILES_BY_NAME[name].header), name
        assert len(frame) == expected_rows[name], name
    check_ins = pd.read_csv(io.BytesIO(files["check_ins.csv"]))
    assert check_ins["pain_low_back"].dtype.kind == "i"
    assert list(check_ins["date"][:2]) == ["2025-03-03", "2025-03-03"]
    exercises = pd.read_csv(io.BytesIO(files["session_exercises.csv"]))
    assert exercises["hold_s"].dtype.kind == "f"  # numbers, with NaN where reps were done
    assert exercises.loc[1, "note"] == "'=1+1"
    responses = pd.read_csv(io.BytesIO(files["questionnaire_responses.csv"]))
    assert responses["answer_sex_life"].isna().tolist() == [True, False]


def test_files_are_utf8_without_bom_with_crlf_line_ends(source):
    for name, data in record_files(source).items():
        assert not data.startswith(b"\xef\xbb\xbf"), name
        data.decode("utf-8")
        assert data.endswith(b"\r\n"), name
        assert data.split(b"\r\n", 1)[0].decode("ascii").islower(), name


def test_questionnaire_rows_hold_every_answer_and_the_derived_score(source):
    rows = rows_of(record_files(source)["questionnaire_responses.csv"])
    header, first, second = rows
    cells = dict(zip(header, first, strict=True))
    assert [cells[f"answer_{s}"] for s in SECTION_IDS] == [
        "2",
        "1",
        "3",
        "2",
        "2",
        "1",
        "2",
        "",
        "1",
        "2",
    ]
    assert (cells["total_score"], cells["sections_answered"]) == ("16", "9")
    assert cells["score_percent"] == "35.6"  # 16 / 45 × 100, one decimal, half up
    too_few = dict(zip(header, second, strict=True))
    assert too_few["sections_answered"] == "7"
    assert too_few["score_percent"] == ""


def test_session_rows_share_their_session_id_date_and_note(source):
    frame = pd.read_csv(io.BytesIO(record_files(source)["session_exercises.csv"]))
    assert frame["session_id"].tolist() == [1, 1, 1, 2, 2, 2, 3, 3, 3]
    assert frame["position"].tolist() == [1, 2, 3] * 3
    assert frame.groupby("session_id")["date"].nunique().eq(1).all()
    assert frame.loc[0, "session_note"] == "Felt good"
    assert frame.loc[3:5, "session_note"].isna().all()


# ---------------------------------------------------------------------------------------------
# Formula defusing, both ways.

DEFUSED = [
    ("=SUM(A1:A9)", "'=SUM(A1:A9)"),
    ("+44 7700 900000", "'+44 7700 900000"),
    ("-2 today", "'-2 today"),
    ("@here", "'@here"),
    ("\tindented", "'\tindented"),
    ("\rcarriage", "'\rcarriage"),
    ("\nnew line first", "'\nnew line first"),
    ("   =after spaces", "'   =after spaces"),
    ("＝full width", "'＝full width"),
    ("＋full width", "'＋full width"),
    ("－full width", "'－full width"),
    ("＠full width", "'＠full width"),
    ("'=already quoted", "''=already quoted"),
    ("''=twice quoted", "'''=twice quoted"),
    ("' =quote then space", "'' =quote then space"),
    ("'plain quote", "'plain quote"),
    ("'", "'"),
    ("plain = text", "plain = text"),
    ("", ""),
    ("   ", "   "),
]


@pytest.mark.parametrize(("text", "cell"), DEFUSED)
def test_text_that_could_run_as_a_formula_gets_one_leading_apostrophe(text, cell):
    assert ex.defuse(text) == cell
    assert ex.restore(cell) == text


@pytest.mark.parametrize(("text", "cell"), DEFUSED)
def test_defused_notes_survive_a_real_export_and_import(tmp_path, text, cell):
    source = new_db(tmp_path, "a.db")
    store.add_check_in(source, check_in(D(2025, 3, 3), note=text), today=TODAY)
    files = record_files(source)
    written = rows_of(files["check_ins.csv"])[1]
    assert written[-1] == cell
    target = new_db(tmp_path, "b.db")
    ex.import_files(target, files, today=TODAY)
    assert store.check_ins_frame(target)["note"].tolist() == [text]


def test_number_columns_are_never_defused():
    negative = ex.Column("x", ex.Kind.WHOLE)
    assert ex.cell(negative, -3) == "-3"
    assert ex.cell(ex.Column("y", ex.Kind.DECIMAL), -1.25) == "-1.3"


@pytest.mark.parametrize(
    ("value", "places", "cell"),
    [(2.25, 1, "2.3"), (2.35, 1, "2.4"), (66.666, 1, "66.7"), (3.0, 2, "3.00"), (0.005, 2, "0.01")],
)
def test_decimals_are_rounded_half_up_as_the_screens_show_them(value, places, cell):
    assert ex.cell(ex.Column("x", ex.Kind.DECIMAL, places=places), value) == cell


def test_a_lone_carriage_return_or_newline_in_a_note_is_quoted_and_keeps_its_row(tmp_path):
    db = new_db(tmp_path, "a.db")
    notes = ["one\rtwo", "three\nfour", "five\r\nsix", 'say "hi", then go']
    for hour, note in enumerate(notes, start=6):
        store.add_check_in(db, check_in(D(2025, 3, 3), f"{hour:02d}:00", note=note), today=TODAY)
    data = record_files(db)["check_ins.csv"]
    assert b'"one\rtwo"' in data
    assert b'"three\nfour"' in data
    frame = pd.read_csv(io.BytesIO(data))
    assert frame["note"].tolist() == notes
    assert frame["time"].tolist() == ["06:00", "07:00", "08:00", "09:00"]


_NOTE_TEXT = st.text(
    alphabet=st.characters(exclude_characters="\x00", exclude_categories=("Cs",)), max_size=60
)
_TRICKY_START = st.sampled_from(
    ["", "'", "''", " '", "=", "'=", "' =", "-", "'－", "\r", "'\n", " ", "\t'", '"', ","]
)
NOTES = st.builds(lambda start, rest: (start + rest)[:2000], _TRICKY_START, _NOTE_TEXT)


@given(text=st.text(max_size=40) | NOTES)
def test_restore_undoes_defuse_for_any_text(text):
    cell = ex.defuse(text)
    assert ex.restore(cell) == text
    assert cell.lstrip(" ")[:1] not in ex.FORMULA_STARTS or cell.lstrip(" ") == ""


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(note=NOTES)
def test_any_note_survives_export_and_import_unchanged_everywhere(note):
    with tempfile.TemporaryDirectory() as folder:
        source = new_db(Path(folder), "a.db")
        store.add_check_in(source, check_in(D(2025, 3, 3), note=note), today=TODAY)
        store.add_session(
            source, session(D(2025, 3, 3), note=note, exercise_note=note), today=TODAY
        )
        store.add_questionnaire_response(source, response(D(2025, 3, 3), note=note), today=TODAY)
        store.set_phase(source, Phase.ACUTE, day=D(2025, 3, 1), note=note, today=TODAY)
        store.add_pause(source, Pause(D(2025, 3, 5), D(2025, 3, 6), PauseReason.OTHER, note))
        files = record_files(source)
        target = new_db(Path(folder), "b.db")
        ex.import_files(target, files, today=TODAY)
        assert ex.read_records(target) == ex.read_records(source)
        assert record_files(target) == files
        for name, data in files.items():
            assert len(pd.read_csv(io.BytesIO(data), keep_default_na=False, dtype=str)) == len(
                rows_of(data)[1:]
            ), name
        source.conn.close()
        target.conn.close()


# ---------------------------------------------------------------------------------------------
# Refusals: each leaves the database exactly as it was.


def _edit(name: str, change: Callable[[list[list[str]]], None]):
    def edit(files: dict[str, bytes]) -> None:
        rows = rows_of(files[name])
        change(rows)
        files[name] = rows_to_bytes(rows)

    return edit


def _cell(name: str, row: int, column: str, value: str):
    def change(rows: list[list[str]]) -> None:
        rows[row - 1][rows[0].index(column)] = value

    return _edit(name, change)


def _raw(name: str, change: Callable[[bytes], bytes]):
    def edit(files: dict[str, bytes]) -> None:
        files[name] = change(files[name])

    return edit


def _date_session_one(day: str):
    """Every row of session 1 dated `day` (a mistyped year for a whole session)."""

    def change(rows: list[list[str]]) -> None:
        for row in rows[1:]:
            if row[rows[0].index("session_id")] == "1":
                row[rows[0].index("date")] = day

    return change


def _add_column(rows):
    rows[0].append("comment")
    for row in rows[1:]:
        row.append("x")


def _drop_column(rows):
    index = rows[0].index("stiffness")
    for row in rows:
        del row[index]


def _second_settings_row(rows):
    rows.append(list(rows[1]))


def _repeat_column(rows):
    rows[0][rows[0].index("note")] = "time"


def _move_session_row(rows):
    rows[2][1] = "2025-03-04"


def _repeat_position(rows):
    rows[2][3] = "1"


def _delete(name):
    def edit(files):
        del files[name]

    return edit


def _add_file(files):
    files["notes.csv"] = b"a,b\r\n1,2\r\n"


REFUSALS = [
    ("an extra column", _edit("check_ins.csv", _add_column), "check_ins.csv", 1, "unexpected"),
    ("a missing column", _edit("check_ins.csv", _drop_column), "check_ins.csv", 1, "lacks"),
    ("a repeated column", _edit("check_ins.csv", _repeat_column), "check_ins.csv", 1, "repeats"),
    (
        "a row with one field too many",
        _raw("check_ins.csv", lambda b: b.replace(b"Stiff morning", b"Stiff morning,extra")),
        "check_ins.csv",
        2,
        "10 fields where the header has 9",
    ),
    (
        "a row with one field too few",
        _raw("pauses.csv", lambda b: b.replace(b"illness,flu", b"illness")),
        "pauses.csv",
        2,
        "3 fields where the header has 4",
    ),
    (
        "a pain of 11",
        _cell("check_ins.csv", 2, "pain_low_back", "11"),
        "check_ins.csv",
        2,
        "0 to 10",
    ),
    (
        "a pain in words",
        _cell("check_ins.csv", 3, "stiffness", "high"),
        "check_ins.csv",
        3,
        "whole",
    ),
    ("a decimal pain", _cell("check_ins.csv", 3, "stiffness", "4.0"), "check_ins.csv", 3, "whole"),
    (
        "check ins date 1900-01-01",
        _cell("check_ins.csv", 2, "date", "1900-01-01"),
        "check_ins.csv",
        2,
        "1900-01-01 is before",
    ),
    (
        "session exercises date 1900-01-01",
        _edit("session_exercises.csv", _date_session_one("1900-01-01")),
        "session_exercises.csv",
        2,
        "1900-01-01 is before",
    ),
    (
        "questionnaire responses date 1900-01-01",
        _cell("questionnaire_responses.csv", 3, "date", "1900-01-01"),
        "questionnaire_responses.csv",
        3,
        "1900-01-01 is before",
    ),
    (
        "phase changes date 1900-01-01",
        _cell("phase_changes.csv", 2, "date", "1900-01-01"),
        "phase_changes.csv",
        2,
        "1900-01-01 is before",
    ),
    (
        "pauses start_date 1900-01-01",
        _cell("pauses.csv", 2, "start_date", "1900-01-01"),
        "pauses.csv",
        2,
        "1900-01-01 is before",
    ),
    (
        "programme added_on 1900-01-01",
        _cell("programme.csv", 3, "added_on", "1900-01-01"),
        "programme.csv",
        3,
        "1900-01-01 is before",
    ),
    (
        "check ins date 0001-01-01",
        _cell("check_ins.csv", 2, "date", "0001-01-01"),
        "check_ins.csv",
        2,
        "0001-01-01 is before",
    ),
    (
        "session exercises date 0001-01-01",
        _edit("session_exercises.csv", _date_session_one("0001-01-01")),
        "session_exercises.csv",
        2,
        "0001-01-01 is before",
    ),
    (
        "questionnaire responses date 0001-01-01",
        _cell("questionnaire_responses.csv", 3, "date", "0001-01-01"),
        "questionnaire_responses.csv",
        3,
        "0001-01-01 is before",
    ),
    (
        "phase changes date 0001-01-01",
        _cell("phase_changes.csv", 2, "date", "0001-01-01"),
        "phase_changes.csv",
        2,
        "0001-01-01 is before",
    ),
    (
        "pauses start_date 0001-01-01",
        _cell("pauses.csv", 2, "start_date", "0001-01-01"),
        "pauses.csv",
        2,
        "0001-01-01 is before",
    ),
    (
        "programme added_on 0001-01-01",
        _cell("programme.csv", 3, "added_on", "0001-01-01"),
        "programme.csv",
        3,
        "0001-01-01 is before",
    ),
    (
        "a pain of 5,000 digits",
        _cell("check_ins.csv", 3, "pain_left_hamstring", "9" * 5000),
        "check_ins.csv",
        3,
        "pain_left_hamstring has far too many digits (5000)",
    ),
    (
        "a negative optional number of 4,301 digits",
        _cell("session_exercises.csv", 4, "sets", "-" + "1" * 4301),
        "session_exercises.csv",
        4,
        "sets has far too many digits (4301)",
    ),
    (
        "a session number of 5,000 digits",
        _cell("session_exercises.csv", 2, "session_id", "7" * 5000),
        "session_exercises.csv",
        2,
        "session_id has far too many digits",
    ),
    (
        "a questionnaire answer of 5,000 digits",
        _cell("questionnaire_responses.csv", 2, "answer_pain_intensity", "1" * 5000),
        "questionnaire_responses.csv",
        2,
        "answer_pain_intensity has far too many digits",
    ),
    (
        "a weekly target of 5,000 digits",
        _cell("settings.csv", 2, "weekly_target", "3" * 5000),
        "settings.csv",
        2,
        "weekly_target has far too many digits",
    ),
    (
        "an impossible date",
        _cell("check_ins.csv", 2, "date", "2025-02-30"),
        "check_ins.csv",
        2,
        "date like",
    ),
    (
        "a date in another format",
        _cell("check_ins.csv", 2, "date", "03/03/2025"),
        "check_ins.csv",
        2,
        "date like",
    ),
    (
        "a future date",
        _cell("check_ins.csv", 2, "date", "2025-07-01"),
        "check_ins.csv",
        2,
        "future",
    ),
    (
        "a future session",
        _cell("session_exercises.csv", 2, "date", "2026-01-01"),
        "session_exercises.csv",
        2,
        "future",
    ),
    (
        "a future phase change",
        _cell("phase_changes.csv", 3, "date", "2025-12-31"),
        "phase_changes.csv",
        3,
        "future",
    ),
    ("a bad time", _cell("check_ins.csv", 2, "time", "25:00"), "check_ins.csv", 2, "time like"),
    (
        "an unknown warning sign",
        _cell("check_ins.csv", 3, "red_flags", "fever;gout"),
        "check_ins.csv",
        3,
        "warning sign",
    ),
    (
        "an unknown exercise",
        _cell("session_exercises.csv", 2, "exercise", "jumping"),
        "session_exercises.csv",
        2,
        "Unknown exercise",
    ),
    (
        "an unknown side",
        _cell("session_exercises.csv", 2, "side", "middle"),
        "session_exercises.csv",
        2,
        "side must be",
    ),
    (
        "no reps and no hold",
        _cell("session_exercises.csv", 2, "hold_s", ""),
        "session_exercises.csv",
        2,
        "reps or the hold",
    ),
    (
        "a session split over two dates",
        _edit("session_exercises.csv", _move_session_row),
        "session_exercises.csv",
        3,
        "same date",
    ),
    (
        "a position used twice",
        _edit("session_exercises.csv", _repeat_position),
        "session_exercises.csv",
        3,
        "twice",
    ),
    (
        "an answer of 6",
        _cell("questionnaire_responses.csv", 2, "answer_lifting", "6"),
        "questionnaire_responses.csv",
        2,
        "from 0 to 5",
    ),
    (
        "an unknown phase",
        _cell("phase_changes.csv", 2, "phase", "sprint"),
        "phase_changes.csv",
        2,
        "phase must be",
    ),
    (
        "a pause ending before it starts",
        _cell("pauses.csv", 2, "end_date", "2025-03-01"),
        "pauses.csv",
        2,
        "end before",
    ),
    (
        "a programme naming an exercise twice",
        _cell("programme.csv", 3, "exercise", "bridge"),
        "programme.csv",
        3,
        "twice",
    ),
    (
        "a weekly target of 9",
        _cell("settings.csv", 2, "weekly_target", "9"),
        "settings.csv",
        2,
        "1 to 7",
    ),
    (
        "an unknown export format",
        _cell("settings.csv", 2, "export_format", "2"),
        "settings.csv",
        2,
        "export_format 2",
    ),
    (
        "is_demo as yes",
        _cell("settings.csv", 2, "is_demo", "yes"),
        "settings.csv",
        2,
        "true or false",
    ),
    (
        "two settings rows",
        _edit("settings.csv", _second_settings_row),
        "settings.csv",
        None,
        "exactly one row",
    ),
    (
        "a byte-order mark",
        _raw("pauses.csv", lambda b: b"\xef\xbb\xbf" + b),
        "pauses.csv",
        None,
        "byte-order mark",
    ),
    (
        "Latin-1 text",
        _raw("check_ins.csv", lambda b: b.replace(b"Stiff", "Stéif".encode("latin-1"))),
        "check_ins.csv",
        2,
        "not UTF-8",
    ),
    (
        "UTF-16 text",
        _raw("pauses.csv", lambda b: b.decode().encode("utf-16-le")),
        "pauses.csv",
        1,
        "not UTF-8",
    ),
    (
        "broken quoting",
        _raw("pauses.csv", lambda b: b.replace(b"flu", b'"fl"u')),
        "pauses.csv",
        2,
        "not valid CSV at line 2",
    ),
    ("an empty file", _raw("pauses.csv", lambda b: b""), "pauses.csv", None, "empty"),
    ("a missing file", _delete("settings.csv"), "settings.csv", None, "missing"),
    ("an unknown file", _add_file, "notes.csv", None, "not a HamTrack export file"),
]


@pytest.mark.parametrize(
    ("change", "file", "row", "message"),
    [pytest.param(*case[1:], id=case[0]) for case in REFUSALS],
)
def test_a_bad_file_is_refused_with_file_row_and_problem_and_nothing_changes(
    source, target, change, file, row, message
):
    store.add_check_in(target, check_in(D(2025, 1, 5), note="already here"), today=TODAY)
    before = dump(target)
    files = record_files(source)
    change(files)
    with pytest.raises(ex.ImportRefused) as refused:
        ex.import_files(target, files, today=TODAY)
    matching = [p for p in refused.value.problems if message in p.message]
    assert matching, refused.value.lines()
    assert (matching[0].file, matching[0].row) == (file, row)
    assert dump(target) == before


def test_every_problem_of_every_file_is_reported_at_once(source, target):
    files = record_files(source)
    _cell("check_ins.csv", 2, "pain_low_back", "11")(files)
    _cell("check_ins.csv", 4, "time", "7am")(files)
    _cell("pauses.csv", 3, "reason", "bored")(files)
    with pytest.raises(ex.ImportRefused) as refused:
        ex.import_files(target, files, today=TODAY)
    assert [(p.file, p.row) for p in refused.value.problems] == [
        ("check_ins.csv", 2),
        ("check_ins.csv", 4),
        ("pauses.csv", 3),
    ]
    assert str(refused.value.problems[0]).startswith("check_ins.csv, row 2: ")


def test_a_flood_of_problems_is_cut_short_and_counted(source, target):
    files = record_files(source)
    header = rows_of(files["check_ins.csv"])[0]
    files["check_ins.csv"] = ex.csv_bytes(header, [["x"] * len(header)] * 300)
    with pytest.raises(ex.ImportRefused) as refused:
        ex.import_files(target, files, today=TODAY)
    assert len(refused.value.problems) == ex.MAX_PROBLEMS
    assert refused.value.more > 0
    assert refused.value.lines()[-1].startswith("… and")


def test_demo_data_is_never_mixed_into_a_persons_own_records(tmp_path, target):
    demo_db = new_db(tmp_path, "demo.db")
    store.store_bundle(demo_db, demo.generate(weeks=4, seed=1, today=TODAY), today=TODAY)
    store.add_check_in(target, check_in(D(2025, 1, 5)), today=TODAY)
    before = dump(target)
    with pytest.raises(ex.ImportRefused, match="never") as refused:
        ex.import_files(target, record_files(demo_db), today=TODAY)
    assert refused.value.problems[0].file == "settings.csv"
    assert dump(target) == before


def test_a_failure_while_storing_rolls_back_everything(source, target):
    """The database refuses a questionnaire id over 80 characters after the check-ins went in.

    The model refuses such an id too, so the record is built past its own checks here.
    """
    records = ex.read_records(source)
    too_long = object.__new__(QuestionnaireResponse)
    for name, value in {
        "day": D(2025, 3, 2),
        "questionnaire_id": "q" * 81,
        "questionnaire_version": "1",
        "section_ids": SECTION_IDS,
        "answers": (1,) * 10,
        "note": "",
    }.items():
        object.__setattr__(too_long, name, value)
    before = dump(target)
    broken = ex.Records(
        check_ins=records.check_ins,
        responses=(too_long,),
        phase_changes=records.phase_changes,
        weekly_target=5,
    )
    with pytest.raises(Exception, match="CHECK"):
        ex.import_records(target, broken, today=TODAY)
    assert dump(target) == before


@settings(max_examples=60, deadline=None)
@given(garbage=st.binary(max_size=400), name=st.sampled_from([f.name for f in ex.RECORD_FILES]))
def test_garbage_in_place_of_any_file_is_refused_and_changes_nothing(garbage, name):
    with tempfile.TemporaryDirectory() as folder:
        source = new_db(Path(folder), "a.db")
        store.add_check_in(source, check_in(D(2025, 3, 3)), today=TODAY)
        files = record_files(source)
        files[name] = garbage
        target = new_db(Path(folder), "b.db")
        before = dump(target)
        with pytest.raises(ex.ImportRefused) as refused:
            ex.import_files(target, files, today=TODAY)
        assert refused.value.problems
        assert dump(target) == before
        source.conn.close()
        target.conn.close()


@settings(max_examples=60, deadline=None)
@given(garbage=st.binary(max_size=600))
def test_garbage_offered_as_a_zip_is_refused(garbage):
    with pytest.raises(ex.ImportRefused):
        ex.parse_files(ex.read_zip(garbage), today=TODAY)


# ---------------------------------------------------------------------------------------------
# The zip.


def test_the_zip_holds_every_file_and_reads_back_the_same(source):
    files = ex.export_files(source, today=TODAY)
    assert list(files) == [f.name for f in ex.FILES]
    data = ex.zip_bytes(files)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.namelist() == [f.name for f in ex.FILES]
        for name in archive.namelist():
            assert archive.read(name) == files[name]
    assert ex.read_zip(data) == files
    assert ex.zip_bytes(files) == data  # the same files always make the same zip


def test_a_zip_made_from_a_folder_with_mac_extras_reads_the_same(source, target):
    files = record_files(source)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("export/", b"")
        for name, data in files.items():
            archive.writestr(f"export/{name}", data)
            archive.writestr(f"__MACOSX/export/._{name}", b"\x00\x05")
        archive.writestr("export/.DS_Store", b"\x00")
        archive.writestr("export/README.txt", b"notes")
    assert ex.read_zip(buffer.getvalue()) == files
    ex.import_files(target, ex.read_zip(buffer.getvalue()), today=TODAY)
    assert record_files(target) == files


def test_a_zip_that_unpacks_too_large_is_refused_before_unpacking(monkeypatch):
    monkeypatch.setattr(ex.spec, "MAX_ZIP_BYTES", 1000)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("check_ins.csv", b"0" * 5000)
    with pytest.raises(ex.ImportRefused, match="unpacks to more than"):
        ex.read_zip(buffer.getvalue())


def test_a_file_over_the_size_limit_is_refused(source, target, monkeypatch):
    files = record_files(source)
    monkeypatch.setattr(ex.spec, "MAX_FILE_BYTES", 100)
    with pytest.raises(ex.ImportRefused, match="larger than"):
        ex.import_files(target, files, today=TODAY)


def test_export_names_say_the_period_as_the_summary_does():
    """The zip names its days as the summary and the FHIR file do (hamtrack.naming): never
    "now" or "start", always dates."""
    today = D(2026, 11, 30)
    assert ex.export_name(None, None, today=today) == "hamtrack-export-to-2026-11-30.zip"
    assert (
        ex.export_name(D(2026, 9, 14), None, today=today)
        == "hamtrack-export-2026-09-14-to-2026-11-30.zip"
    )
    assert ex.export_name(None, D(2025, 3, 9), today=today, first_logged=D(2025, 1, 6)) == (
        "hamtrack-export-2025-01-06-to-2025-03-09.zip"
    )
    assert ex.export_name(D(2026, 9, 14), None, today=today, suffix="") == (
        "hamtrack-export-2026-09-14-to-2026-11-30"
    )


# ---------------------------------------------------------------------------------------------
# Backup and restore.


def test_a_backup_restores_every_record(source, target):
    data = ex.backup_bytes(source)
    assert data.startswith(b"SQLite format 3\x00")
    store.add_check_in(target, check_in(D(2025, 1, 1), note="will be replaced"), today=TODAY)
    ex.restore_backup(target, data)
    assert ex.read_records(target) == ex.read_records(source)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "not a HamTrack backup"),
        (b"hello, this is text", "not a HamTrack backup"),
        (b"SQLite format 3\x00" + b"\x00" * 200, "damaged"),
    ],
    ids=["empty", "text", "cut-short header"],
)
def test_a_file_that_is_not_a_backup_is_refused_and_changes_nothing(source, data, message):
    before = dump(source)
    with pytest.raises(ex.BackupRefused, match=message):
        ex.restore_backup(source, data, name="upload.db")
    assert dump(source) == before


def test_another_programs_sqlite_file_is_refused_as_a_backup(source, tmp_path):
    other = tmp_path / "other.db"
    conn = __import__("sqlite3").connect(other)
    conn.execute("CREATE TABLE songs (title TEXT)")
    conn.commit()
    conn.close()
    before = dump(source)
    with pytest.raises(ex.BackupRefused, match="not a HamTrack backup"):
        ex.restore_backup(source, other.read_bytes())
    assert dump(source) == before


# ---------------------------------------------------------------------------------------------
# The data dictionary.


COLUMN_ROW = re.compile(r"\| `([a-z0-9_]+)` \| ([^|]+) \| (.*) \|")


def documented_files(text: str) -> dict[str, list[tuple[str, str, bool]]]:
    """Each `### name.csv` section's table rows: column, type and whether marked derived."""
    found: dict[str, list[tuple[str, str, bool]]] = {}
    rows = None
    for line in text.splitlines():
        if line.startswith(("## ", "### ")):
            name = line.split(" ", 1)[1].strip()
            rows = found.setdefault(name, []) if name.endswith(".csv") else None
        elif rows is not None and (match := COLUMN_ROW.fullmatch(line)):
            rows.append((match[1], match[2].strip(), "*Derived" in match[3]))
    return found


def test_the_data_dictionary_names_every_file_and_column_with_its_type():
    """hamtrack/data/data-dictionary.md is written by hand; it lists exactly the spec's columns,
    in order."""
    documented = documented_files(ex.data_dictionary())
    expected = {
        file.name: [(c.name, c.kind.value, c.derived) for c in file.columns] for file in ex.FILES
    }
    assert documented == expected


def test_the_data_dictionary_says_what_a_row_of_each_file_is():
    text = ex.data_dictionary()
    for file in ex.FILES:
        assert f"Each row is {file.row_is}." in text, file.name


def test_the_data_dictionary_lists_every_key_a_column_may_hold():
    text = ex.data_dictionary()
    keys = [f.key for f in RED_FLAGS] + list(EXERCISES) + [band.key for band in oswestry.BANDS]
    for key in keys:
        assert f"`{key}`" in text or f" {key} (" in text, key


def test_the_data_dictionary_states_the_earliest_date_the_records_allow():
    assert f"The earliest date is {EARLIEST_DAY.isoformat()}." in ex.data_dictionary()


def test_a_file_or_column_missing_from_the_data_dictionary_is_found():
    """The check above can fail: a column dropped from the document is noticed."""
    text = ex.data_dictionary().replace("| `stiffness` |", "| `stiff` |", 1)
    assert (
        documented_files(text)["check_ins.csv"]
        != documented_files(ex.data_dictionary())["check_ins.csv"]
    )


# ---------------------------------------------------------------------------------------------
# The command line.


def test_cli_export_then_import_round_trips_exactly(source, tmp_path):
    source_path = Path(source.conn.execute("PRAGMA database_list").fetchone()[2])
    first, second = tmp_path / "first", tmp_path / "second"
    assert cli.main(["export", "--db", str(source_path), "--out", str(first)]) == 0
    copy = tmp_path / "copy.db"
    assert cli.main(["import", "--db", str(copy), str(first)]) == 0
    assert cli.main(["export", "--db", str(copy), "--out", str(second)]) == 0
    names = sorted(p.name for p in first.iterdir())
    assert names == sorted(f.name for f in ex.FILES)
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_cli_export_with_a_range_and_into_a_zip(source, tmp_path, capsys):
    source_path = Path(source.conn.execute("PRAGMA database_list").fetchone()[2])
    out = tmp_path / "shared.zip"
    code = cli.main(
        [
            "export",
            "--db",
            str(source_path),
            "--out",
            str(out),
            "--since",
            "2025-03-04",
            "--until",
            "2025-03-04",
        ]
    )
    assert code == 0
    files = ex.read_zip(out.read_bytes())
    assert pd.read_csv(io.BytesIO(files["check_ins.csv"]))["date"].tolist() == ["2025-03-04"] * 2
    assert "shared.zip" in capsys.readouterr().out


def test_cli_import_refusal_lists_problems_and_exits_2(source, tmp_path, capsys):
    source_path = Path(source.conn.execute("PRAGMA database_list").fetchone()[2])
    folder = tmp_path / "export"
    cli.main(["export", "--db", str(source_path), "--out", str(folder)])
    (folder / "pauses.csv").write_bytes(b"\xef\xbb\xbf" + (folder / "pauses.csv").read_bytes())
    target = tmp_path / "target.db"
    assert cli.main(["import", "--db", str(target), str(folder)]) == 2
    err = capsys.readouterr().err
    assert "pauses.csv: starts with a byte-order mark" in err
    assert "Nothing was imported" in err
    assert store.is_empty(store.open_database(target))


def test_cli_import_of_a_5000_digit_number_names_file_row_and_column(source, tmp_path, capsys):
    source_path = Path(source.conn.execute("PRAGMA database_list").fetchone()[2])
    folder = tmp_path / "export"
    cli.main(["export", "--db", str(source_path), "--out", str(folder)])
    rows = rows_of((folder / "check_ins.csv").read_bytes())
    rows[1][rows[0].index("stiffness")] = "8" * 5000
    (folder / "check_ins.csv").write_bytes(rows_to_bytes(rows))
    target = tmp_path / "target.db"
    assert cli.main(["import", "--db", str(target), str(folder)]) == 2
    err = capsys.readouterr().err
    assert "check_ins.csv, row 2: stiffness has far too many digits (5000)" in err
    assert "8" * 100 not in err
    assert store.is_empty(store.open_database(target))


def test_cli_backup_and_restore(source, tmp_path, capsys):
    source_path = Path(source.conn.execute("PRAGMA database_list").fetchone()[2])
    backup = tmp_path / "backup.db"
    assert cli.main(["backup", "--db", str(source_path), "--out", str(backup)]) == 0
    restored = tmp_path / "restored.db"
    assert cli.main(["restore", "--db", str(restored), str(backup)]) == 0
    assert ex.read_records(store.open_database(restored)) == ex.read_records(source)
    text = tmp_path / "notes.txt"
    text.write_text("not a database")
    assert cli.main(["restore", "--db", str(restored), str(text)]) == 2
    assert "not a HamTrack backup" in capsys.readouterr().err


def test_python_dash_m_hamtrack_runs_the_export(source, tmp_path):
    source_path = Path(source.conn.execute("PRAGMA database_list").fetchone()[2])
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-m", "hamtrack", "export", "--db", str(source_path), "--out", str(out)],
        capture_output=True,
        text=True,
        cwd=PROJECT,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert (out / "check_ins.csv").exists()


# ---------------------------------------------------------------------------------------------
# The weekly summary: the trends module's numbers, as the screens round them.


@pytest.fixture
def demo_db(tmp_path: Path) -> Database:
    db = new_db(tmp_path, "demo.db")
    store.store_bundle(db, demo.generate(weeks=12, seed=7, today=TODAY), today=TODAY)
    yield db
    db.conn.close()


def _one_decimal(values) -> list[float]:
    from hamtrack.numbers import one_decimal

    return [float("nan") if one_decimal(v) is None else one_decimal(v) for v in values]


def test_weekly_summary_rows_are_the_trends_weekly_summary(demo_db):
    from hamtrack.trends import weekly_summary_of

    frame = pd.read_csv(io.BytesIO(ex.export_files(demo_db, today=TODAY)["weekly_summary.csv"]))
    expected = weekly_summary_of(demo_db, today=TODAY)
    assert len(frame) == len(expected) == 12
    assert frame["week_start"].tolist() == [d.date().isoformat() for d in expected["week_start"]]
    for column in ("sessions", "session_days", "paused_days", "days_logged"):
        assert frame[column].tolist() == expected[column].tolist(), column
    assert frame["status"].tolist() == expected["status"].tolist()
    pairs = [
        ("adherence_percent", "adherence_percent"),
        ("habit_score", "habit_score"),
        ("pain_mean", "pain_mean"),
        ("morning_pain_mean", "morning_pain_mean"),
        ("questionnaire_score_percent", "questionnaire_score"),
    ]
    for csv_column, source_column in pairs:
        assert frame[csv_column].tolist() == pytest.approx(
            _one_decimal(expected[source_column]), nan_ok=True
        ), csv_column


def test_weekly_summary_of_a_period_ends_with_its_last_week_and_ignores_later_logs(demo_db):
    until = TODAY - dt.timedelta(weeks=3)
    since = TODAY - dt.timedelta(weeks=6)
    files = ex.export_files(demo_db, since=since, until=until, today=TODAY)
    weekly = pd.read_csv(io.BytesIO(files["weekly_summary.csv"]))
    monday = lambda day: (day - dt.timedelta(days=day.weekday())).isoformat()  # noqa: E731
    assert weekly["week_start"].iloc[0] == monday(since)
    assert weekly["week_start"].iloc[-1] == monday(until)
    sessions = pd.read_csv(io.BytesIO(files["session_exercises.csv"]))
    assert sessions["date"].max() <= until.isoformat()
    assert sessions["date"].min() >= since.isoformat()


def test_a_file_whose_header_is_broken_csv_is_refused_with_its_name(tmp_path):
    """A lone quote breaks CSV while the header is read: refused, naming the file, not a crash."""
    source = new_db(tmp_path, "a.db")
    store.add_check_in(source, check_in(D(2025, 3, 3)), today=TODAY)
    files = record_files(source)
    files["check_ins.csv"] = b'"'
    target = new_db(tmp_path, "b.db")
    before = dump(target)
    with pytest.raises(ex.ImportRefused) as refused:
        ex.import_files(target, files, today=TODAY)
    assert any("check_ins.csv" in str(p) for p in refused.value.problems)
    assert dump(target) == before


# ---------------------------------------------------------------------------------------------
# The committed golden export: what a fixed database exports, byte for byte.

GOLDEN = PROJECT / "tests" / "fixtures" / "export_golden"
GOLDEN_NOTE = '=HYPERLINK("x")\r\n\'quoted, "twice"\' — ½ ok'


def golden_database(folder: Path) -> Database:
    """Every kind of record with a hostile note, plus twelve weeks of varied logging.

    Built from explicit records (not the demo story), so only a change to the export's own
    format or to a derived column changes these files.
    """
    db = new_db(folder, "golden.db")
    first = D(2024, 12, 2)
    days = [first + dt.timedelta(days=i) for i in range(84)]
    store.store_bundle(
        db,
        ex.Records(
            check_ins=tuple(
                check_in(
                    day,
                    f"{6 + i % 15:02d}:{i * 7 % 60:02d}",
                    pain=(i % 11, i * 3 % 11, i * 7 % 11),
                    flags=("night_pain", "fever")[: i % 3] if i % 5 == 0 else (),
                    note=("", "sore, then fine", "-2 today", '"quoted"')[i % 4],
                )
                for i, day in enumerate(days)
            ),
            sessions=tuple(
                session(day, note=("", "gym")[i % 2], exercise_note=("", "+ band")[i % 3 == 0])
                for i, day in enumerate(days[::2])
            ),
            responses=tuple(
                response(
                    day, answers=tuple((i + k) % 6 if (i + k) % 7 else None for k in range(10))
                )
                for i, day in enumerate(days[::7])
            ),
            phase_changes=(ex.PhaseChange(first, Phase.ACUTE, "start"),),
        ),
        today=TODAY,
    )
    fill(db, note=GOLDEN_NOTE)
    return db


def golden_files() -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(GOLDEN.glob("*.csv"))}


def test_a_fixed_database_exports_exactly_the_committed_files(tmp_path):
    """The export format does not drift: regenerate the fixture only on purpose.

    The weekly summary's numbers are the trends rules' (tested there); its header is pinned.
    """
    exported = ex.export_files(golden_database(tmp_path), today=TODAY)
    assert sorted(exported) == sorted([*golden_files(), ex.WEEKLY_SUMMARY.name])
    for name, data in golden_files().items():
        assert exported[name] == data, f"{name} differs from tests/fixtures/export_golden"
    header = exported[ex.WEEKLY_SUMMARY.name].split(b"\r\n", 1)[0]
    assert header.decode() == ",".join(ex.WEEKLY_SUMMARY.header)


def test_the_committed_export_imports_and_exports_again_byte_for_byte(target):
    files = golden_files()
    ex.import_files(target, files, today=TODAY)
    again = ex.export_files(target, today=TODAY)
    for name in ex.RECORD_FILES:
        assert again[name.name] == files[name.name], name.name


# ---------------------------------------------------------------------------------------------
# Two imports at once: the second sees what the first stored.


def _import_when_both_are_ready(db_path: Path, files, barrier, today: dt.date) -> None:
    """A process that checks its files, waits for the other one, then imports (exit 2: refused)."""
    db = store.open_database(db_path)
    records = ex.parse_files(files, today=today)
    barrier.wait(timeout=60)
    try:
        ex.import_records(db, records, today=today)
    except ex.ImportRefused:
        sys.exit(2)
    finally:
        db.conn.close()


def import_at_once(db_path: Path, *exports: dict[str, bytes]) -> list[int]:
    """Import every export into one database from its own process, all at the same moment."""
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(len(exports))
    workers = [
        context.Process(target=_import_when_both_are_ready, args=(db_path, files, barrier, TODAY))
        for files in exports
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    return [worker.exitcode for worker in workers]


@pytest.fixture(scope="module")
def year_of_logs(tmp_path_factory) -> dict[str, bytes]:
    """A year of someone's own records, exported."""
    folder = tmp_path_factory.mktemp("year")
    db = store.open_database(folder / "own.db")
    store.store_bundle(
        db, dataclasses.replace(demo.generate(weeks=52, seed=5, today=TODAY), is_demo=False)
    )
    files = ex.export_files(db, today=TODAY)
    db.conn.close()
    return files


@pytest.mark.parametrize("attempt", range(3))
def test_the_same_export_imported_twice_at_once_is_stored_once(tmp_path, year_of_logs, attempt):
    db_path = tmp_path / f"dup{attempt}.db"
    store.open_database(db_path).conn.close()
    assert import_at_once(db_path, year_of_logs, year_of_logs) == [0, 0]
    db = store.open_database(db_path)
    expected = ex.parse_files(year_of_logs, today=TODAY)
    counts = store.record_counts(db)
    assert counts["check_ins"] == len(expected.check_ins)
    assert counts["sessions"] == len(expected.sessions)
    assert ex.read_records(db) == dataclasses.replace(expected, weekly_target=3)


@pytest.mark.parametrize("attempt", range(3))
def test_demo_data_and_own_records_imported_at_once_are_never_mixed(
    tmp_path, year_of_logs, attempt
):
    """The first import to get the database wins; the other is refused and adds nothing."""
    demo_db = store.open_database(tmp_path / "demo.db")
    store.store_bundle(demo_db, demo.generate(weeks=52, seed=6, today=TODAY), today=TODAY)
    demo_files = ex.export_files(demo_db, today=TODAY)
    db_path = tmp_path / f"mixed{attempt}.db"
    store.open_database(db_path).conn.close()
    assert sorted(import_at_once(db_path, year_of_logs, demo_files)) == [0, 2]
    db = store.open_database(db_path)
    stored = ex.render(ex.read_records(db))
    winner = demo_files if store.get_profile(db).is_demo else year_of_logs
    for spec in ex.RECORD_FILES:
        assert stored[spec.name] == winner[spec.name], spec.name


def test_two_hamtrack_import_commands_at_once_store_the_export_once(tmp_path, year_of_logs):
    """The command line as a person would run it: `hamtrack import … & hamtrack import …`."""
    export = tmp_path / "export.zip"
    export.write_bytes(ex.zip_bytes(year_of_logs))
    db_path = tmp_path / "dup.db"
    store.open_database(db_path).conn.close()
    command = [sys.executable, "-m", "hamtrack", "import", "--db", str(db_path), str(export)]
    runs = [subprocess.Popen(command, cwd=PROJECT, stdout=subprocess.PIPE) for _ in range(2)]
    outputs = [run.communicate(timeout=120)[0].decode() for run in runs]
    assert [run.returncode for run in runs] == [0, 0]
    assert sum("Nothing new to add." in out for out in outputs) == 1
    counts = store.record_counts(store.open_database(db_path))
    assert counts["check_ins"] == len(ex.parse_files(year_of_logs, today=TODAY).check_ins)
