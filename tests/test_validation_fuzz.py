"""Fuzzed input: arbitrary values either become valid records or are refused with a message.

Hypothesis feeds the record constructors, the db.add_* functions and the CSV importer values of
every type, text of every kind and broken files. The only acceptable outcomes are a record that
reads back exactly as given, or ValidationError / ImportRefused listing problems; and in both
cases nothing already stored changes.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import tempfile
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlite_utils import Database

from hamtrack import db as store
from hamtrack import exchange as ex
from hamtrack.catalogue import EXERCISES
from hamtrack.models import (
    EARLIEST_DAY,
    CheckIn,
    ExerciseDone,
    Pause,
    PauseReason,
    ProgrammeExercise,
    QuestionnaireResponse,
    Region,
    Session,
    Side,
    ValidationError,
)
from hamtrack.safety import RED_FLAGS

TODAY = dt.date(2025, 6, 1)
FUZZ = settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Any scalar a caller might pass: the right type in and out of range, and the wrong types.
anything = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=-3, max_value=700),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.dates(),
    st.datetimes(),
    st.times(),
    st.binary(max_size=8),
)
any_text = st.one_of(
    st.text(max_size=40),
    st.text(st.characters(codec=None), max_size=40),  # lone surrogates and NULs too
    st.builds(lambda c, n: c * n, st.characters(), st.integers(1990, 2010)),
    st.sampled_from(["<img src=x onerror=alert(1)>", "=cmd|' /C calc'!A0", "'; DROP TABLE x;--"]),
    anything,
)
score = st.one_of(st.integers(0, 10), anything)
maybe_whole = st.one_of(st.none(), st.integers(-2, 700), anything)
any_day = st.one_of(st.dates(), st.dates(max_value=TODAY), anything)
exercise_slug = st.one_of(st.sampled_from(sorted(EXERCISES)), any_text)
flag_key = st.one_of(st.sampled_from([f.key for f in RED_FLAGS]), st.text(max_size=12))


def pain_maps():
    regions = st.one_of(st.sampled_from(list(Region)), st.text(max_size=15), st.integers())
    return st.one_of(
        st.fixed_dictionaries(dict.fromkeys(Region, score)),
        st.dictionaries(regions, score, max_size=4),
    )


check_ins = st.builds(
    CheckIn,
    day=any_day,
    time=st.one_of(st.times(), anything),
    pain=pain_maps(),
    stiffness=score,
    note=any_text,
    red_flags=st.frozensets(flag_key, max_size=3),
)
exercises_done = st.builds(
    ExerciseDone,
    exercise=exercise_slug,
    pain_during=score,
    side=st.one_of(st.sampled_from(list(Side)), anything),
    sets=maybe_whole,
    reps=maybe_whole,
    hold_s=maybe_whole,
    band_level=st.one_of(st.integers(0, 5), anything),
    note=any_text,
)


def attempt(make):
    """What `make()` returns, or the refusal it raises; any other error fails the test."""
    try:
        return make()
    except (ValidationError, ex.ImportRefused) as refused:
        return refused


def refused_properly(outcome: object) -> bool:
    """True for a refusal that says, in words, what was wrong."""
    if not isinstance(outcome, ValidationError | ex.ImportRefused):
        return False
    assert outcome.problems
    assert all(str(p).strip() for p in outcome.problems)
    return True


def _valid_or_refused(strategy):
    """Draw a constructed record, or None when the constructor refused it properly."""

    @st.composite
    def draw(draw_from):
        outcome = attempt(lambda: draw_from(strategy))
        return None if refused_properly(outcome) else outcome

    return draw()


def _rows(db: Database) -> dict[str, list]:
    return {t: db.execute(f"SELECT * FROM [{t}]").fetchall() for t in store._CHANGE_TRACKED_TABLES}


@pytest.fixture(scope="module")
def shared_db(tmp_path_factory: pytest.TempPathFactory) -> Database:
    """One database for every example, holding a few records that must never change."""
    db = store.open_database(tmp_path_factory.mktemp("fuzz") / "hamtrack.db")
    store.add_check_in(
        db,
        CheckIn(
            day=dt.date(2025, 1, 1), time=dt.time(8), pain=dict.fromkeys(Region, 4), stiffness=3
        ),
        today=TODAY,
    )
    store.add_session(
        db,
        Session(dt.date(2025, 1, 1), (ExerciseDone("bridge", pain_during=2, reps=10),)),
        today=TODAY,
    )
    yield db
    db.conn.close()


# ---------------------------------------------------------------------------------------------
# Constructors: a record is built only from values inside the rules; anything else is refused.


def _whole(value: object, low: int, high: int) -> bool:
    return type(value) is int and low <= value <= high


@FUZZ
@given(
    day=any_day,
    time=st.one_of(st.times(), anything),
    pain=pain_maps(),
    stiffness=score,
    note=any_text,
    red_flags=st.frozensets(flag_key, max_size=3),
)
def test_a_check_in_is_built_only_from_valid_values(day, time, pain, stiffness, note, red_flags):
    outcome = attempt(
        lambda: CheckIn(
            day=day, time=time, pain=pain, stiffness=stiffness, note=note, red_flags=red_flags
        )
    )
    if refused_properly(outcome):
        return
    assert type(outcome.day) is dt.date
    assert isinstance(outcome.time, dt.time)
    assert (outcome.time.second, outcome.time.microsecond) == (0, 0)
    assert set(outcome.pain) == set(Region)
    assert all(_whole(v, 0, 10) for v in [*outcome.pain.values(), outcome.stiffness])
    assert isinstance(outcome.note, str)
    assert len(outcome.note) <= 2000
    assert outcome.red_flags <= {f.key for f in RED_FLAGS}


@FUZZ
@given(
    exercise=exercise_slug,
    pain=score,
    side=st.one_of(st.sampled_from(list(Side)), anything),
    sets=maybe_whole,
    reps=maybe_whole,
    hold_s=maybe_whole,
    band=st.one_of(st.integers(0, 5), anything),
    note=any_text,
)
def test_an_exercise_is_built_only_from_valid_values(
    exercise, pain, side, sets, reps, hold_s, band, note
):
    outcome = attempt(
        lambda: ExerciseDone(
            exercise=exercise,
            pain_during=pain,
            side=side,
            sets=sets,
            reps=reps,
            hold_s=hold_s,
            band_level=band,
            note=note,
        )
    )
    if refused_properly(outcome):
        return
    assert outcome.exercise in EXERCISES
    assert Side(outcome.side) in set(Side)
    assert _whole(outcome.pain_during, 0, 10)
    assert _whole(outcome.band_level, 0, 5)
    assert outcome.reps is not None or outcome.hold_s is not None
    for value, high in [(outcome.sets, 20), (outcome.reps, 100), (outcome.hold_s, 600)]:
        assert value is None or _whole(value, 1, high)


@FUZZ
@given(
    day=any_day,
    questionnaire_id=any_text,
    version=any_text,
    sections=st.lists(any_text, max_size=4),
    answers=st.lists(st.one_of(st.none(), st.integers(-1, 6), anything), max_size=4),
    note=any_text,
)
def test_a_questionnaire_response_is_built_only_from_valid_values(
    day, questionnaire_id, version, sections, answers, note
):
    outcome = attempt(
        lambda: QuestionnaireResponse(
            day=day,
            questionnaire_id=questionnaire_id,
            questionnaire_version=version,
            section_ids=tuple(sections),
            answers=tuple(answers),
            note=note,
        )
    )
    if refused_properly(outcome):
        return
    assert type(outcome.day) is dt.date
    assert len(outcome.section_ids) == len(outcome.answers)
    assert all(a is None or _whole(a, 0, 5) for a in outcome.answers)


@FUZZ
@given(
    start=any_day,
    end=any_day,
    reason=st.one_of(st.sampled_from(list(PauseReason)), anything),
    note=any_text,
)
def test_a_pause_is_built_only_from_valid_values(start, end, reason, note):
    outcome = attempt(lambda: Pause(start=start, end=end, reason=reason, note=note))
    if refused_properly(outcome):
        return
    assert type(outcome.start) is dt.date
    assert outcome.start <= outcome.end
    assert PauseReason(outcome.reason) in set(PauseReason)


# ---------------------------------------------------------------------------------------------
# Saving: what a constructor accepted is stored and reads back exactly, or is refused whole.
# These draw mostly valid values (every edge of every range, every kind of text) so that most
# examples reach the database.

edge_score = st.integers(0, 10)
storable = st.characters(codec="utf-8", exclude_characters="\x00")
edge_text = st.one_of(
    st.text(storable, max_size=60),
    st.builds(
        lambda c, n: c * n, st.text(storable, min_size=1, max_size=2), st.integers(995, 1000)
    ),
    st.sampled_from(["<img src=x onerror=alert(1)>", "=1+1", "'quoted'", "line\r\nbreak", " "]),
)
edge_day = st.dates(min_value=EARLIEST_DAY, max_value=TODAY + dt.timedelta(days=3))
valid_check_ins = st.builds(
    CheckIn,
    day=edge_day,
    time=st.times().map(lambda t: t.replace(second=0, microsecond=0)),
    pain=st.fixed_dictionaries(dict.fromkeys(Region, edge_score)),
    stiffness=edge_score,
    note=edge_text,
    red_flags=st.frozensets(st.sampled_from([f.key for f in RED_FLAGS]), max_size=4),
)


def _dose(slug: str):
    hold = EXERCISES[slug].is_hold
    return st.fixed_dictionaries(
        {
            "sets": st.one_of(st.none(), st.integers(1, 20)),
            "reps": st.none() if hold else st.integers(1, 100),
            "hold_s": st.integers(1, 600) if hold else st.one_of(st.none(), st.integers(1, 600)),
        }
    )


@st.composite
def valid_exercises(draw):
    slug = draw(st.sampled_from(sorted(EXERCISES)))
    return ExerciseDone(
        exercise=slug,
        pain_during=draw(edge_score),
        side=draw(st.sampled_from(list(Side))),
        band_level=draw(st.integers(0, 5)),
        note=draw(edge_text),
        **draw(_dose(slug)),
    )


@FUZZ
@given(ci=valid_check_ins, token=st.one_of(st.none(), st.text(min_size=1, max_size=20)))
def test_a_check_in_is_saved_exactly_or_refused_and_nothing_else_changes(
    shared_db: Database, ci: CheckIn, token
):
    before = _rows(shared_db)
    outcome = attempt(lambda: store.add_check_in(shared_db, ci, token=token, today=TODAY))
    if refused_properly(outcome):
        assert ci.day > TODAY
        assert _rows(shared_db) == before
        return
    assert store.get_check_in(shared_db, outcome) == ci
    store.delete_check_in(shared_db, outcome)
    assert _rows(shared_db) == before


@FUZZ
@given(
    day=edge_day,
    exercises=st.lists(valid_exercises(), min_size=1, max_size=5),
    note=edge_text,
)
def test_a_session_is_saved_exactly_or_refused_and_nothing_else_changes(
    shared_db: Database, day, exercises, note
):
    session = Session(day=day, exercises=tuple(exercises), note=note)
    before = _rows(shared_db)
    outcome = attempt(lambda: store.add_session(shared_db, session, today=TODAY))
    if refused_properly(outcome):
        assert session.day > TODAY
        assert _rows(shared_db) == before
        return
    assert store.get_session(shared_db, outcome) == session
    store.delete_session(shared_db, outcome)
    assert _rows(shared_db) == before


@FUZZ
@given(
    day=edge_day,
    questionnaire_id=st.one_of(edge_text, any_text),
    version=st.one_of(edge_text, any_text),
    sections=st.lists(st.one_of(edge_text, any_text), max_size=5, unique_by=repr),
    answers=st.lists(st.one_of(st.none(), st.integers(0, 5)), max_size=5),
    note=edge_text,
)
def test_a_questionnaire_response_is_saved_exactly_or_refused(
    shared_db: Database, day, questionnaire_id, version, sections, answers, note
):
    answers = (answers + [None] * len(sections))[: len(sections)]
    response = attempt(
        lambda: QuestionnaireResponse(
            day=day,
            questionnaire_id=questionnaire_id,
            questionnaire_version=version,
            section_ids=tuple(sections),
            answers=tuple(answers),
            note=note,
        )
    )
    if refused_properly(response):
        return
    before = _rows(shared_db)
    outcome = attempt(lambda: store.add_questionnaire_response(shared_db, response, today=TODAY))
    if refused_properly(outcome):
        assert response.day > TODAY
        assert _rows(shared_db) == before
        return
    assert store.get_questionnaire_response(shared_db, outcome) == response
    store.delete_questionnaire_response(shared_db, outcome)
    assert _rows(shared_db) == before


programme_items = st.builds(
    ProgrammeExercise,
    exercise=exercise_slug,
    sets=maybe_whole,
    reps=maybe_whole,
    hold_s=maybe_whole,
    side=st.one_of(st.sampled_from(list(Side)), anything),
    band_level=st.one_of(st.integers(0, 5), anything),
    added_on=any_day,
)


@FUZZ
@given(items=st.lists(_valid_or_refused(programme_items), max_size=5))
def test_a_programme_is_saved_exactly_or_refused(shared_db: Database, items):
    items = [item for item in items if item is not None]
    before = store.programme(shared_db)
    outcome = attempt(lambda: store.save_programme(shared_db, items))
    if refused_properly(outcome):
        assert store.programme(shared_db) == before
        return
    assert store.programme(shared_db) == items


@FUZZ
@given(target=st.one_of(st.integers(-5, 12), anything))
def test_a_weekly_target_is_saved_or_refused(shared_db: Database, target):
    before = store.get_profile(shared_db).weekly_target
    outcome = attempt(lambda: store.set_weekly_target(shared_db, target))
    if refused_properly(outcome):
        assert store.get_profile(shared_db).weekly_target == before
        return
    assert store.get_profile(shared_db).weekly_target == target


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf, 5.0, "5", True])
def test_a_score_that_is_not_a_whole_number_is_refused(value: object):
    with pytest.raises(ValidationError, match="whole number"):
        ExerciseDone("bridge", pain_during=value, reps=10)


def _response(**change) -> QuestionnaireResponse:
    values = {
        "day": dt.date(2025, 1, 6),
        "questionnaire_id": "hamtrack-oswestry-style",
        "questionnaire_version": "1",
        "section_ids": ("pain_intensity",),
        "answers": (2,),
    }
    return QuestionnaireResponse(**{**values, **change})


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (
            lambda: CheckIn(
                day=dt.date(2025, 1, 6),
                time=dt.time(8, 0, 30),
                pain=dict.fromkeys(Region, 1),
                stiffness=1,
            ),
            "kept to the minute",
        ),
        (
            lambda: CheckIn(
                day=dt.date(2025, 1, 6),
                time=dt.time(8),
                pain=dict.fromkeys(Region, 1),
                stiffness=1,
                note="half a pair \ud83d",
            ),
            "cannot be stored",
        ),
        (lambda: _response(questionnaire_id=""), "questionnaire id"),
        (lambda: _response(questionnaire_id="q" * 81), "questionnaire id"),
        (lambda: _response(questionnaire_version=None), "questionnaire version"),
        (lambda: _response(section_ids=(7,)), "section id"),
        (lambda: Session(dt.date(2025, 1, 6), exercises=("bridge",)), "exercise done"),
        (lambda: ProgrammeExercise("bridge", reps=10, side="middle"), "Side"),
        (lambda: ProgrammeExercise("bridge", reps=10, added_on="2025-01-06"), "added"),
    ],
)
def test_values_the_database_could_not_keep_as_given_are_refused_by_the_record(make, message):
    """Each of these once reached SQLite and failed there, or was cut, instead of being refused."""
    with pytest.raises(ValidationError, match=message):
        make()


# ---------------------------------------------------------------------------------------------
# The CSV importer: a real export, damaged cell by cell and byte by byte, is imported in full or
# refused in full, and what the database held before is never changed.

IMPORT_TODAY = dt.date(2025, 6, 30)


def _export_of_a_real_log() -> dict[str, bytes]:
    from fixtures.make_schema_v1 import fill

    with tempfile.TemporaryDirectory() as folder:
        db = store.open_database(Path(folder) / "source.db")
        fill(db)
        files = ex.render(ex.read_records(db))
        db.conn.close()
    return {name: data for name, data in files.items() if name in RECORD_FILE_NAMES}


RECORD_FILE_NAMES = frozenset(f.name for f in ex.RECORD_FILES)
EXPORT = _export_of_a_real_log()

cell_values = st.one_of(
    st.text(max_size=20),
    st.text(st.characters(codec="utf-8"), max_size=20),
    st.integers(-1000, 1000).map(str),
    st.floats(allow_nan=True).map(str),
    st.dates().map(dt.date.isoformat),
    st.times().map(lambda t: t.isoformat(timespec="minutes")),
    st.sampled_from(
        ["", " ", "true", "FALSE", "both", "left", "fever", "bridge", "'=1+1", "=1+1", "8:00"]
    ),
    st.sampled_from(["2025-02-30", "2099-01-01", "24:00", "1e3", "0x10", "١٢", "NaN", "None"]),
    st.builds(lambda c, n: c * n, st.characters(), st.integers(2001, 2100)),
    # Longer than Python reads as a number without being told to (4,300 digits).
    st.builds(lambda sign, n: sign + "7" * n, st.sampled_from(["", "-"]), st.integers(16, 5000)),
)


def _table(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))


def _csv(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode("utf-8")


@st.composite
def damaged_exports(draw) -> dict[str, bytes]:
    """The export with a few cells, rows, columns or bytes changed.

    Every change is made on the parsed tables and the byte damage comes last, so the generator
    never has to read back a file it has itself made undecodable.
    """
    tables = {name: _table(data) for name, data in EXPORT.items()}
    changed: set[str] = set()
    byte_damage: list[tuple[str, int, bytes]] = []
    for _ in range(draw(st.integers(1, 3))):
        if not tables:
            break
        name = draw(st.sampled_from(sorted(tables)))
        changed.add(name)
        rows = tables[name]
        how = draw(
            st.sampled_from(
                ["cell", "cell", "swap", "swap", "note", "row", "column", "bytes", "drop"]
            )
        )
        if how == "swap" and len(rows) > 2:
            # A value from another row of the same column: plausible, so often imported.
            row, other = draw(st.lists(st.integers(1, len(rows) - 1), min_size=2, max_size=2))
            column = draw(st.integers(0, len(rows[0]) - 1))
            rows[row][column] = rows[other][column]
        elif how == "note" and "note" in rows[0] and len(rows) > 1:
            row = draw(st.integers(1, len(rows) - 1))
            rows[row][rows[0].index("note")] = draw(cell_values)
        elif how == "cell" and rows:
            row = draw(st.integers(0, len(rows) - 1))
            if rows[row]:
                column = draw(st.integers(0, len(rows[row]) - 1))
                rows[row][column] = draw(cell_values)
        elif how == "row" and len(rows) > 1:
            row = draw(st.integers(1, len(rows) - 1))
            if draw(st.booleans()):
                rows.insert(row, list(rows[row]))  # the same record twice
            else:
                del rows[row]
        elif how == "column" and rows and rows[0]:
            column = draw(st.integers(0, len(rows[0]) - 1))
            tables[name] = [r[:column] + r[column + 1 :] for r in rows]
        elif how == "bytes":
            at = draw(st.integers(0, 100_000))
            byte_damage.append((name, at, draw(st.binary(min_size=0, max_size=3))))
        elif how == "drop":
            del tables[name]
    files = {name: _csv(rows) if name in changed else EXPORT[name] for name, rows in tables.items()}
    for name, at, replacement in byte_damage:
        if name in files:
            data = bytearray(files[name])
            at %= max(1, len(data))
            data[at : at + 1] = replacement
            files[name] = bytes(data)
    return files


def _check_ins_with_a_cell_changed_then_a_byte_broken() -> dict[str, bytes]:
    """The damage that once made the generator fail: a cell edit and invalid UTF-8 in one file."""
    rows = _table(EXPORT["check_ins.csv"])
    rows[1][-1] = "changed"
    data = bytearray(_csv(rows))
    data[len(data) // 2 : len(data) // 2 + 1] = b"\xff\xfe"
    return {**EXPORT, "check_ins.csv": bytes(data)}


def _check_ins_with_a_pain_of_5000_digits() -> dict[str, bytes]:
    """A number Python refuses to read once stopped the import with no file or row named."""
    rows = _table(EXPORT["check_ins.csv"])
    rows[1][rows[0].index("pain_low_back")] = "7" * 5000
    return {**EXPORT, "check_ins.csv": _csv(rows)}


def _stored(db: Database) -> dict[str, list]:
    return {
        "check_ins": db.execute("SELECT * FROM check_ins ORDER BY id").fetchall(),
        "sessions": db.execute("SELECT * FROM sessions ORDER BY id").fetchall(),
        "exercises": db.execute("SELECT * FROM session_exercises ORDER BY id").fetchall(),
        "responses": db.execute("SELECT * FROM questionnaire_responses ORDER BY id").fetchall(),
        "answers": db.execute("SELECT * FROM questionnaire_answers ORDER BY 1, 2").fetchall(),
        "phases": db.execute("SELECT * FROM phase_changes ORDER BY id").fetchall(),
        "pauses": db.execute("SELECT * FROM pauses ORDER BY id").fetchall(),
    }


def _kept(before: dict[str, list], after: dict[str, list]) -> bool:
    return all(set(rows) <= set(after[table]) for table, rows in before.items())


def test_the_undamaged_export_imports_cleanly():
    """The baseline the damage is applied to is itself a good export."""
    with tempfile.TemporaryDirectory() as folder:
        db = store.open_database(Path(folder) / "target.db")
        summary = ex.import_files(db, EXPORT, today=IMPORT_TODAY)
        assert summary.added["check_ins"] > 40
        assert store.integrity_problems(db) == []
        db.conn.close()


@settings(FUZZ, max_examples=40)
@given(files=damaged_exports())
# Found with --hypothesis-seed 3, when the generator itself read back bytes it had broken.
@example(files=_check_ins_with_a_cell_changed_then_a_byte_broken())
@example(files=_check_ins_with_a_pain_of_5000_digits())
def test_a_damaged_export_is_imported_whole_or_refused_whole(files: dict[str, bytes]):
    with tempfile.TemporaryDirectory() as folder:
        db = store.open_database(Path(folder) / "target.db")
        store.add_check_in(
            db,
            CheckIn(
                day=dt.date(2025, 6, 1),
                time=dt.time(7, 45),
                pain=dict.fromkeys(Region, 2),
                stiffness=2,
                note="my own entry",
            ),
            today=IMPORT_TODAY,
        )
        before, dump = _stored(db), "\n".join(db.conn.iterdump())
        summary = attempt(lambda: ex.import_files(db, files, today=IMPORT_TODAY))
        assert store.integrity_problems(db) == []
        if refused_properly(summary):
            assert "\n".join(db.conn.iterdump()) == dump
            db.conn.close()
            return
        after = _stored(db)
        assert _kept(before, after)
        # What went in is valid: every reader builds its records without a complaint.
        store.recent_check_ins(db, limit=10_000)
        store.recent_sessions(db, limit=10_000)
        store.questionnaire_responses(db)
        store.programme(db)
        store.pauses(db)
        # And importing the same files again adds nothing.
        again = ex.import_files(db, files, today=IMPORT_TODAY)
        assert not any(again.added.values()), summary
        assert _stored(db) == after
        db.conn.close()


@settings(FUZZ, max_examples=60)
@given(data=st.binary(max_size=600))
def test_any_bytes_offered_as_a_zip_are_read_or_refused(data: bytes):
    files = attempt(lambda: ex.read_zip(data, name="upload.zip"))
    if not refused_properly(files):
        assert all(isinstance(v, bytes) for v in files.values())


def test_a_zip_of_the_export_with_junk_beside_it_imports():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in EXPORT.items():
            archive.writestr(f"hamtrack-export/{name}", data)
        archive.writestr("__MACOSX/._check_ins.csv", b"\x00\x05\x16\x07")
        archive.writestr("notes.txt", b"from the physio")
    files = ex.read_zip(buffer.getvalue())
    assert set(files) == set(EXPORT)
