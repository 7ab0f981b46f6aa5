"""Core storage: what the schema refuses, how saves stay single, and how edits and reads behave."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlite_utils import Database

from hamtrack import db as store
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
    ValidationError,
)
from hamtrack.records import PhaseChange
from hamtrack.return_to_sport import (
    Leg,
    Measure,
    MeasureKind,
    PsfsResponse,
    RunningEntry,
    StrengthUnit,
)

DAY = dt.date(2025, 3, 10)
TODAY = dt.date(2025, 6, 1)


def check_in(
    day: dt.date = DAY,
    time: str = "08:00",
    *,
    left: int = 3,
    right: int = 1,
    back: int = 2,
    stiffness: int = 4,
    note: str = "",
    red_flags: frozenset[str] = frozenset(),
) -> CheckIn:
    return CheckIn(
        day=day,
        time=dt.time.fromisoformat(time),
        pain={Region.LEFT_HAMSTRING: left, Region.RIGHT_HAMSTRING: right, Region.LOW_BACK: back},
        stiffness=stiffness,
        note=note,
        red_flags=red_flags,
    )


def session(day: dt.date = DAY, *, pain: int = 2, note: str = "") -> Session:
    return Session(
        day=day,
        note=note,
        exercises=(
            ExerciseDone(exercise="bridge", pain_during=pain, sets=3, reps=10, band_level=1),
            ExerciseDone(exercise="wall-stretch", pain_during=1, sets=2, hold_s=45),
        ),
    )


def response(
    day: dt.date = DAY, answers: tuple[int | None, ...] = (1, 2, None)
) -> QuestionnaireResponse:
    return QuestionnaireResponse(
        day=day,
        questionnaire_id="oswestry",
        questionnaire_version="2.1a",
        section_ids=("pain", "sitting", "sex_life")[: len(answers)],
        answers=answers,
    )


def all_rows(db: Database) -> dict[str, list[tuple]]:
    """Every row of every table, to prove that something did not change."""
    tables = [r[0] for r in db.execute("SELECT name FROM sqlite_schema WHERE type = 'table'")]
    return {t: db.execute(f"SELECT * FROM [{t}] ORDER BY 1, 2").fetchall() for t in sorted(tables)}


# ---------------------------------------------------------------------------------------------
# Connection settings.


def test_every_connection_is_durable_and_checks_foreign_keys(fresh_db: Database, db_path: Path):
    """WAL, synchronous=FULL (2), foreign keys on and a busy timeout, on first and later opens."""
    for db in (fresh_db, store.connect(db_path), store.open_database(db_path)):
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("PRAGMA synchronous").fetchone()[0] == 2
        assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert db.execute("PRAGMA busy_timeout").fetchone()[0] == store.BUSY_TIMEOUT_MS


def test_a_new_database_is_stamped_as_hamtrack_with_the_current_schema(fresh_db: Database):
    assert fresh_db.execute("PRAGMA application_id").fetchone()[0] == store.APPLICATION_ID
    assert store.schema_version(fresh_db) == store.SCHEMA_VERSION
    assert store.applied_migrations(fresh_db) == [
        "0001_initial",
        "0002_injury_profile",
        "0003_return_to_sport",
        "0004_psfs",
        "0005_table_revisions",
    ]


def test_opening_without_create_refuses_a_missing_file_and_creates_nothing(tmp_path: Path):
    path = tmp_path / "nowhere" / "hamtrack.db"
    with pytest.raises(store.MissingDatabase, match=str(path)):
        store.open_database(path, create=False)
    assert not path.parent.exists()


def test_write_takes_the_write_lock_up_front(fresh_db: Database):
    """A write transaction is BEGIN IMMEDIATE: it holds the lock before its first statement."""
    other = sqlite3.connect(fresh_db.conn.execute("PRAGMA database_list").fetchone()[2], timeout=0)
    try:
        with store.write(fresh_db), pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
    finally:
        other.close()


# ---------------------------------------------------------------------------------------------
# CHECK constraints, tried with raw SQL so they hold even if the code above them has a bug.

_GOOD_CHECK_IN = {
    "day": "2025-03-10",
    "time": "08:00",
    "pain_left_hamstring": 3,
    "pain_right_hamstring": 0,
    "pain_low_back": 2,
    "stiffness": 4,
    "note": "",
    "created_at": "2025-03-10T08:00:00",
}


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("pain_left_hamstring", 11),
        ("pain_right_hamstring", -1),
        ("pain_low_back", 2.5),
        ("pain_low_back", "three"),
        ("pain_low_back", None),
        ("stiffness", 99),
        ("day", "2025-02-30"),
        ("day", "10/03/2025"),
        ("day", "2025-3-1"),
        ("day", 20250310),
        ("time", "8:00"),
        ("time", "25:00"),
        ("time", "08:00:00"),
        ("note", "x" * 2001),
    ],
)
def test_schema_refuses_an_impossible_check_in(fresh_db: Database, column: str, value: object):
    row = {**_GOOD_CHECK_IN, column: value}
    with pytest.raises(sqlite3.IntegrityError):
        fresh_db.execute(
            f"INSERT INTO check_ins ({', '.join(row)}) VALUES ({', '.join('?' for _ in row)})",
            list(row.values()),
        )
    assert fresh_db.execute("SELECT count(*) FROM check_ins").fetchone()[0] == 0


def test_schema_accepts_the_good_check_in_row(fresh_db: Database):
    """The refusals above are about the one bad value: the same row with good values is stored."""
    row = _GOOD_CHECK_IN
    fresh_db.execute(
        f"INSERT INTO check_ins ({', '.join(row)}) VALUES ({', '.join('?' for _ in row)})",
        list(row.values()),
    )
    assert fresh_db.execute("SELECT count(*) FROM check_ins").fetchone()[0] == 1


def _session_id(db: Database) -> int:
    return db.execute(
        "INSERT INTO sessions (day, created_at) VALUES ('2025-03-10', '2025-03-10T09:00')"
    ).lastrowid


_GOOD_EXERCISE = {
    "position": 0,
    "exercise": "bridge",
    "side": "both",
    "sets": 3,
    "reps": 10,
    "hold_s": None,
    "band_level": 1,
    "pain_during": 2,
}


@pytest.mark.parametrize(
    "change",
    [
        {"sets": 0},
        {"sets": 21},
        {"reps": 101},
        {"reps": None, "hold_s": None},
        {"hold_s": 601},
        {"band_level": 6},
        {"band_level": None},
        {"pain_during": 11},
        {"pain_during": 1.5},
        {"side": "middle"},
        {"exercise": ""},
        {"position": -1},
    ],
    ids=repr,
)
def test_schema_refuses_an_impossible_exercise(fresh_db: Database, change: dict):
    row = {**_GOOD_EXERCISE, **change, "session_id": _session_id(fresh_db)}
    with pytest.raises(sqlite3.IntegrityError):
        fresh_db.execute(
            f"INSERT INTO session_exercises ({', '.join(row)}) "
            f"VALUES ({', '.join('?' for _ in row)})",
            list(row.values()),
        )
    good = {**_GOOD_EXERCISE, "session_id": row["session_id"]}
    fresh_db.execute(
        f"INSERT INTO session_exercises ({', '.join(good)}) "
        f"VALUES ({', '.join('?' for _ in good)})",
        list(good.values()),
    )


@pytest.mark.parametrize(
    ("sql", "params"),
    [
        ("UPDATE profile SET weekly_target = 0", []),
        ("UPDATE profile SET weekly_target = 8", []),
        ("UPDATE profile SET is_demo = 2", []),
        ("INSERT INTO profile (id, created_at) VALUES (2, 'now')", []),
        (
            "INSERT INTO phase_changes (day, phase, created_at) "
            "VALUES ('2025-01-01', 'healed', 'x')",
            [],
        ),
        (
            "INSERT INTO pauses (start_day, end_day, reason) VALUES ('2025-02-02', '2025-02-01', "
            "'holiday')",
            [],
        ),
        (
            "INSERT INTO pauses (start_day, end_day, reason) VALUES ('2025-02-01', '2025-02-02', "
            "'bored')",
            [],
        ),
        (
            "INSERT INTO questionnaire_responses (day, questionnaire_id, questionnaire_version, "
            "created_at) VALUES ('2025-02-01', '', 'v', 'x')",
            [],
        ),
        (
            "INSERT INTO programme_exercises (exercise, position, sets, added_on) "
            "VALUES ('bridge', 0, 50, '2025-01-01')",
            [],
        ),
        # Rows that point at nothing are refused because foreign keys are on.
        ("INSERT INTO check_in_red_flags (check_in_id, flag) VALUES (999, 'fever')", []),
        (
            "INSERT INTO session_exercises (session_id, position, exercise, reps, pain_during) "
            "VALUES (999, 0, 'bridge', 10, 1)",
            [],
        ),
        (
            "INSERT INTO questionnaire_answers (response_id, section_index, section_id, answer) "
            "VALUES (999, 0, 'pain', 1)",
            [],
        ),
    ],
)
def test_schema_refuses_impossible_rows_elsewhere(fresh_db: Database, sql: str, params: list):
    before = all_rows(fresh_db)
    with pytest.raises(sqlite3.IntegrityError):
        fresh_db.execute(sql, params)
    assert all_rows(fresh_db) == before


def test_questionnaire_answer_outside_0_to_5_is_refused_by_the_schema(fresh_db: Database):
    response_id = store.add_questionnaire_response(fresh_db, response(), today=TODAY)
    with pytest.raises(sqlite3.IntegrityError):
        fresh_db.execute(
            "INSERT INTO questionnaire_answers (response_id, section_index, section_id, answer) "
            "VALUES (?, 9, 'walking', 6)",
            [response_id],
        )


# ---------------------------------------------------------------------------------------------
# Refusals from the core: reported, never silently replaced.


def test_a_future_day_is_refused_with_a_message_and_nothing_is_saved(fresh_db: Database):
    with pytest.raises(ValidationError, match="in the future") as refused:
        store.add_check_in(fresh_db, check_in(TODAY + dt.timedelta(days=1)), today=TODAY)
    assert refused.value.problems
    with pytest.raises(ValidationError):
        store.add_session(fresh_db, session(TODAY + dt.timedelta(days=1)), today=TODAY)
    with pytest.raises(ValidationError):
        store.set_phase(fresh_db, Phase.FUNCTIONAL, day=TODAY + dt.timedelta(1), today=TODAY)
    assert store.is_empty(fresh_db)
    assert store.current_phase(fresh_db) is None


@pytest.mark.parametrize("target", [0, 8, -3, 2.5, "3", True, None])
def test_a_weekly_target_outside_1_to_7_is_refused_and_the_old_one_kept(
    fresh_db: Database, target: object
):
    store.set_weekly_target(fresh_db, 4)
    with pytest.raises(ValidationError, match="weekly target"):
        store.set_weekly_target(fresh_db, target)  # type: ignore[arg-type]
    assert store.get_profile(fresh_db).weekly_target == 4


def test_a_bundle_with_a_future_record_stores_nothing(fresh_db: Database):
    bundle = store.Bundle(
        check_ins=(check_in(), check_in(TODAY + dt.timedelta(days=3))), sessions=(session(),)
    )
    with pytest.raises(ValidationError, match="future"):
        store.store_bundle(fresh_db, bundle, today=TODAY)
    assert store.is_empty(fresh_db)


# ---------------------------------------------------------------------------------------------
# Saving, reading back, editing and deleting.


def test_a_check_in_reads_back_as_it_was_saved(fresh_db: Database):
    saved = check_in(
        note="Stairs hurt; <b>not</b> bold", red_flags=frozenset({"fever", "night_pain"})
    )
    check_in_id = store.add_check_in(fresh_db, saved, today=TODAY)
    assert store.get_check_in(fresh_db, check_in_id) == saved
    assert store.recent_check_ins(fresh_db) == [store.Saved(check_in_id, saved)]


def test_a_session_and_a_questionnaire_read_back_as_saved(fresh_db: Database):
    session_id = store.add_session(fresh_db, session(note="Felt fine"), today=TODAY)
    response_id = store.add_questionnaire_response(fresh_db, response(), today=TODAY)
    assert store.get_session(fresh_db, session_id) == session(note="Felt fine")
    assert store.get_questionnaire_response(fresh_db, response_id) == response()


@pytest.mark.parametrize(
    ("add", "table", "record"),
    [
        (store.add_check_in, "check_ins", check_in()),
        (store.add_session, "sessions", session()),
        (store.add_questionnaire_response, "questionnaire_responses", response()),
    ],
)
def test_saving_twice_with_the_same_token_stores_once(
    fresh_db: Database, add, table: str, record: object
):
    """A double tap, or a retry after an unclear failure, does not make a second record."""
    first = add(fresh_db, record, token="form-1", today=TODAY)
    again = add(fresh_db, record, token="form-1", today=TODAY)
    other = add(fresh_db, record, token="form-2", today=TODAY)
    assert first == again != other
    assert fresh_db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 2


def test_saving_without_a_token_stores_each_time(fresh_db: Database):
    store.add_check_in(fresh_db, check_in(), today=TODAY)
    store.add_check_in(fresh_db, check_in(), today=TODAY)
    assert len(store.recent_check_ins(fresh_db)) == 2


def test_updating_a_check_in_replaces_its_values_and_warning_signs(fresh_db: Database):
    check_in_id = store.add_check_in(
        fresh_db, check_in(red_flags=frozenset({"fever"})), today=TODAY
    )
    changed = check_in(left=7, note="worse", red_flags=frozenset({"night_pain"}))
    store.update_check_in(
        fresh_db,
        check_in_id,
        changed,
        opened=check_in(red_flags=frozenset({"fever"})),
        today=TODAY,
    )
    assert store.get_check_in(fresh_db, check_in_id) == changed
    assert fresh_db.execute("SELECT count(*) FROM check_in_red_flags").fetchone()[0] == 1
    updated_at = fresh_db.execute(
        "SELECT updated_at FROM check_ins WHERE id = ?", [check_in_id]
    ).fetchone()[0]
    assert updated_at is not None


def test_updating_a_session_replaces_its_exercises(fresh_db: Database):
    session_id = store.add_session(fresh_db, session(), today=TODAY)
    shorter = Session(day=DAY, exercises=(ExerciseDone(exercise="bridge", pain_during=4, reps=12),))
    store.update_session(fresh_db, session_id, shorter, opened=session(), today=TODAY)
    assert store.get_session(fresh_db, session_id) == shorter
    assert fresh_db.execute("SELECT count(*) FROM session_exercises").fetchone()[0] == 1


def test_deleting_removes_the_record_and_everything_that_belongs_to_it(fresh_db: Database):
    check_in_id = store.add_check_in(
        fresh_db, check_in(red_flags=frozenset({"fever"})), today=TODAY
    )
    session_id = store.add_session(fresh_db, session(), today=TODAY)
    response_id = store.add_questionnaire_response(fresh_db, response(), today=TODAY)
    store.delete_check_in(fresh_db, check_in_id)
    store.delete_session(fresh_db, session_id)
    store.delete_questionnaire_response(fresh_db, response_id)
    assert all(n == 0 for n in store.record_counts(fresh_db).values())
    assert store.integrity_problems(fresh_db) == []


@pytest.mark.parametrize(
    "change",
    [
        lambda db, i: store.update_check_in(db, i, check_in(), opened=check_in(), today=TODAY),
        lambda db, i: store.delete_check_in(db, i),
        lambda db, i: store.update_session(db, i, session(), opened=session(), today=TODAY),
        lambda db, i: store.delete_session(db, i),
        lambda db, i: store.update_questionnaire_response(db, i, response(), today=TODAY),
        lambda db, i: store.delete_questionnaire_response(db, i),
        lambda db, i: store.delete_pause(db, i),
        lambda db, i: store.get_check_in(db, i),
        lambda db, i: store.get_session(db, i),
        lambda db, i: store.get_questionnaire_response(db, i),
    ],
)
def test_changing_a_record_deleted_elsewhere_says_so_and_changes_nothing(
    fresh_db: Database, change
):
    """Another tab deleted it first: RecordMissing, with a message, and no row appears."""
    store.add_check_in(fresh_db, check_in(), today=TODAY)
    before = all_rows(fresh_db)
    with pytest.raises(store.RecordMissing) as missing:
        change(fresh_db, 12345)
    assert "no longer exists" in str(missing.value)
    assert all_rows(fresh_db) == before


def test_programme_is_replaced_whole_and_kept_in_order(fresh_db: Database):
    first = [
        ProgrammeExercise(exercise="bridge", sets=3, reps=10, added_on=DAY),
        ProgrammeExercise(exercise="wall-stretch", sets=2, hold_s=45, added_on=DAY),
    ]
    store.save_programme(fresh_db, first)
    assert store.programme(fresh_db) == first
    second = [
        ProgrammeExercise(exercise="nordic-hamstring", sets=2, reps=5, added_on=DAY),
        first[0],
    ]
    store.save_programme(fresh_db, second)
    assert store.programme(fresh_db) == second


def test_pauses_and_phases_read_back(fresh_db: Database):
    pause = Pause(
        start=DAY, end=DAY + dt.timedelta(days=6), reason=PauseReason.HOLIDAY, note="Away"
    )
    pause_id = store.add_pause(fresh_db, pause)
    store.set_phase(fresh_db, Phase.ACUTE, day=DAY - dt.timedelta(days=20), today=TODAY)
    store.set_phase(fresh_db, Phase.EARLY_REHAB, day=DAY, today=TODAY)
    assert store.pauses(fresh_db) == [store.Saved(pause_id, pause)]
    assert store.current_phase(fresh_db) is Phase.EARLY_REHAB
    assert list(store.phase_changes_frame(fresh_db)["phase"]) == ["acute", "early_rehab"]


# ---------------------------------------------------------------------------------------------
# The revision counter: any change to a logged record moves it, so caches never go stale.


@pytest.mark.parametrize(
    "change",
    [
        lambda db, ids: store.add_check_in(db, check_in(), today=TODAY),
        lambda db, ids: store.update_check_in(
            db,
            ids["check_in"],
            check_in(left=9),
            opened=store.get_check_in(db, ids["check_in"]),
            today=TODAY,
        ),
        lambda db, ids: store.delete_check_in(db, ids["check_in"]),
        lambda db, ids: store.add_session(db, session(), today=TODAY),
        lambda db, ids: store.update_session(
            db,
            ids["session"],
            session(pain=5),
            opened=store.get_session(db, ids["session"]),
            today=TODAY,
        ),
        lambda db, ids: store.delete_session(db, ids["session"]),
        lambda db, ids: store.add_questionnaire_response(db, response(), today=TODAY),
        lambda db, ids: store.delete_questionnaire_response(db, ids["response"]),
        lambda db, ids: store.set_phase(db, Phase.FUNCTIONAL, day=DAY, today=TODAY),
        lambda db, ids: store.save_programme(
            db, [ProgrammeExercise(exercise="bridge", reps=10, added_on=DAY)]
        ),
        lambda db, ids: store.add_pause(db, Pause(start=DAY, end=DAY, reason=PauseReason.OTHER)),
        lambda db, ids: store.store_bundle(db, store.Bundle(check_ins=(check_in(),)), today=TODAY),
        lambda db, ids: store.set_weekly_target(db, 5),
    ],
)
def test_every_write_moves_the_revision(fresh_db: Database, change):
    ids = {
        "check_in": store.add_check_in(fresh_db, check_in(), today=TODAY),
        "session": store.add_session(fresh_db, session(), today=TODAY),
        "response": store.add_questionnaire_response(fresh_db, response(), today=TODAY),
    }
    before = store.revision(fresh_db)
    change(fresh_db, ids)
    assert store.revision(fresh_db) != before


def test_a_refused_write_leaves_the_revision_alone(fresh_db: Database):
    store.add_check_in(fresh_db, check_in(), token="t", today=TODAY)
    before = store.revision(fresh_db)
    store.add_check_in(fresh_db, check_in(), token="t", today=TODAY)  # repeated: a no-op
    with pytest.raises(ValidationError):
        store.add_check_in(fresh_db, check_in(TODAY + dt.timedelta(days=1)), today=TODAY)
    assert store.revision(fresh_db) == before


def test_the_revision_is_seen_by_another_connection(fresh_db: Database, db_path: Path):
    other = store.connect(db_path)
    before = store.revision(other)
    store.add_check_in(fresh_db, check_in(), today=TODAY)
    assert store.revision(other) != before


# Each table's own revision: a cache keyed on the tables it reads outlives a save of others.

REVISED = store._REVISED_TABLES


@pytest.mark.parametrize(
    ("change", "moved"),
    [
        (lambda db: store.add_check_in(db, check_in(), today=TODAY), {"check_ins"}),
        (
            lambda db: store.add_session(db, session(), today=TODAY),
            {"sessions", "session_exercises"},
        ),
        (
            lambda db: store.add_questionnaire_response(db, response(), today=TODAY),
            {"questionnaire_responses", "questionnaire_answers"},
        ),
        (lambda db: store.set_weekly_target(db, 5), {"profile"}),
        (
            lambda db: store.add_pause(db, Pause(start=DAY, end=DAY, reason=PauseReason.OTHER)),
            {"pauses"},
        ),
    ],
)
def test_a_save_moves_the_revision_of_its_own_tables_only(fresh_db: Database, change, moved):
    before = dict(zip(REVISED, store.table_revisions(fresh_db, REVISED), strict=True))
    change(fresh_db)
    after = dict(zip(REVISED, store.table_revisions(fresh_db, REVISED), strict=True))
    assert {name for name in REVISED if after[name] != before[name]} == moved


def _table_contents(db: Database) -> dict[str, list]:
    contents = {
        table: sorted(db.execute(f"SELECT * FROM [{table}]").fetchall(), key=repr)
        for table in REVISED
        if table != "profile"
    }
    contents["profile"] = db.execute("SELECT weekly_target FROM profile").fetchall()
    return contents


_STEPS = {
    "add check-in": lambda db, n: store.add_check_in(db, check_in(left=n % 11), today=TODAY),
    "edit check-in": lambda db, n: [
        store.update_check_in(db, c.id, check_in(left=n % 11), opened=c.value, today=TODAY)
        for c in store.recent_check_ins(db, limit=1)
    ],
    "delete check-in": lambda db, n: [
        store.delete_check_in(db, c.id) for c in store.recent_check_ins(db, limit=1)
    ],
    "add session": lambda db, n: store.add_session(db, session(pain=n % 11), today=TODAY),
    "delete session": lambda db, n: [
        store.delete_session(db, s.id) for s in store.recent_sessions(db, limit=1)
    ],
    "add questionnaire": lambda db, n: store.add_questionnaire_response(
        db, response(), today=TODAY
    ),
    "weekly target": lambda db, n: store.set_weekly_target(db, 1 + n % 7),
    "add pause": lambda db, n: store.add_pause(
        db, Pause(start=DAY, end=DAY, reason=PauseReason.OTHER)
    ),
}


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=st.lists(st.tuples(st.sampled_from(sorted(_STEPS)), st.integers(0, 20)), max_size=12))
def test_a_table_whose_revision_stayed_put_holds_what_it_held(fresh_db: Database, steps):
    """What a cache keyed on a table's revision relies on, after any adds, edits and deletes."""
    for step, n in steps:
        before = (store.table_revisions(fresh_db, REVISED), _table_contents(fresh_db))
        _STEPS[step](fresh_db, n)
        after = (store.table_revisions(fresh_db, REVISED), _table_contents(fresh_db))
        for i, table in enumerate(REVISED):
            if after[0][i] == before[0][i]:
                assert after[1][table] == before[1][table], f"{step} changed {table} unseen"


def test_table_revisions_come_in_the_order_asked_and_unknown_tables_are_refused(fresh_db):
    store.add_check_in(fresh_db, check_in(), today=TODAY)
    assert store.table_revisions(fresh_db, ["check_ins", "measures"]) == (1, 0)
    assert store.table_revisions(fresh_db, ["measures", "check_ins"]) == (0, 1)
    with pytest.raises(ValueError, match="no revision"):
        store.table_revisions(fresh_db, ["table_revisions"])


def test_a_restore_moves_every_tables_revision_past_any_before(fresh_db, tmp_path):
    """The backup brings its own revisions, which may equal ones a page cached under."""
    copy = store.backup_to(fresh_db, tmp_path / "copy.db")
    for _ in range(3):
        store.add_check_in(fresh_db, check_in(), today=TODAY)
    seen = store.table_revisions(fresh_db, REVISED)
    store.restore_from(fresh_db, copy)
    assert min(store.table_revisions(fresh_db, REVISED)) > max(seen)


# ---------------------------------------------------------------------------------------------
# Daily pain: the morning value is the first check-in before noon, else missing.


def test_morning_pain_is_the_first_check_in_before_noon(fresh_db: Database):
    for ci in [
        check_in(DAY, "09:30", left=5, stiffness=6),
        check_in(DAY, "07:15", left=3, stiffness=2),
        check_in(DAY, "18:00", left=8, stiffness=1),
    ]:
        store.add_check_in(fresh_db, ci, today=TODAY)
    day = store.daily_pain_frame(fresh_db).iloc[0]
    assert (day["morning_pain"], day["morning_stiffness"]) == (3, 2)
    assert (day["check_ins"], day["min_pain"], day["max_pain"]) == (3, 3, 8)
    assert day["mean_pain"] == pytest.approx((3 + 5 + 8) / 3)


@pytest.mark.parametrize(
    ("times", "morning"),
    [
        (["11:59"], 4),
        (["12:00"], None),
        (["13:00", "20:00"], None),
        (["12:00", "11:59"], 4),
    ],
)
def test_a_day_without_a_check_in_before_noon_has_no_morning_pain(
    fresh_db: Database, times: list[str], morning: int | None
):
    for time in times:
        store.add_check_in(fresh_db, check_in(DAY, time, left=4, right=0, back=0), today=TODAY)
    value = store.daily_pain_frame(fresh_db).iloc[0]["morning_pain"]
    assert pd.isna(value) if morning is None else value == morning


def test_two_morning_check_ins_at_the_same_minute_keep_the_first_saved(fresh_db: Database):
    store.add_check_in(fresh_db, check_in(DAY, "08:00", left=2), today=TODAY)
    store.add_check_in(fresh_db, check_in(DAY, "08:00", left=6), today=TODAY)
    assert store.daily_pain_frame(fresh_db).iloc[0]["morning_pain"] == 2


def test_daily_pain_is_one_row_per_day_in_range_using_the_worst_region(fresh_db: Database):
    for day, back in [(DAY, 9), (DAY + dt.timedelta(days=1), 1), (DAY + dt.timedelta(days=5), 2)]:
        store.add_check_in(fresh_db, check_in(day, "08:00", left=1, back=back), today=TODAY)
    frame = store.daily_pain_frame(fresh_db, since=DAY, until=DAY + dt.timedelta(days=1))
    assert list(frame["day"]) == [pd.Timestamp(DAY), pd.Timestamp(DAY + dt.timedelta(days=1))]
    assert list(frame["morning_pain"]) == [9, 1]


def test_an_empty_database_gives_empty_frames_with_their_columns(fresh_db: Database):
    frame = store.daily_pain_frame(fresh_db)
    assert frame.empty
    assert "morning_pain" in frame.columns
    assert store.check_ins_frame(fresh_db).empty


# ---------------------------------------------------------------------------------------------
# A write that cannot complete.


def test_a_write_blocked_past_the_busy_timeout_fails_clearly_and_changes_nothing(
    fresh_db: Database, db_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """Another program holds the write lock: the save raises OperationalError, nothing changes."""
    monkeypatch.setattr(store, "BUSY_TIMEOUT_MS", 50)
    store.add_check_in(fresh_db, check_in(), today=TODAY)
    blocked = store.connect(db_path)
    before = all_rows(fresh_db)
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            store.add_session(blocked, session(), token="retry-me", today=TODAY)
        assert not blocked.conn.in_transaction
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert all_rows(fresh_db) == before
    # The same input, retried with the same token once the lock is gone, is stored once.
    store.add_session(blocked, session(), token="retry-me", today=TODAY)
    store.add_session(blocked, session(), token="retry-me", today=TODAY)
    assert len(store.recent_sessions(fresh_db)) == 1


def test_a_failure_half_way_through_a_write_rolls_the_whole_write_back(fresh_db: Database):
    store.add_check_in(fresh_db, check_in(), today=TODAY)
    before = all_rows(fresh_db)

    def change_then_fail() -> None:
        with store.write(fresh_db):
            fresh_db.execute("DELETE FROM check_ins")
            fresh_db.execute("UPDATE profile SET weekly_target = 6")
            raise RuntimeError("power cut, as far as this transaction knows")

    with pytest.raises(RuntimeError):
        change_then_fail()
    assert all_rows(fresh_db) == before
    assert not fresh_db.conn.in_transaction


def test_a_commit_that_fails_is_rolled_back_and_the_connection_stays_usable(fresh_db: Database):
    """A failed COMMIT (here a deferred foreign key) must not leave the transaction open."""
    before = all_rows(fresh_db)

    def orphan_found_at_commit() -> None:
        with store.write(fresh_db):
            fresh_db.execute("PRAGMA defer_foreign_keys = ON")
            fresh_db.execute(
                "INSERT INTO check_in_red_flags (check_in_id, flag) VALUES (77, 'fever')"
            )

    with pytest.raises(sqlite3.IntegrityError):
        orphan_found_at_commit()
    assert not fresh_db.conn.in_transaction
    assert all_rows(fresh_db) == before
    store.add_check_in(fresh_db, check_in(), today=TODAY)
    assert len(store.recent_check_ins(fresh_db)) == 1


def test_a_bundle_is_stored_all_or_nothing_programme_included(fresh_db: Database):
    """A failure before commit stores none of the bundle: records, profile or programme."""
    old_programme = [ProgrammeExercise(exercise="bridge", sets=3, reps=10, added_on=DAY)]
    store.save_programme(fresh_db, old_programme)
    before = all_rows(fresh_db)
    bundle = store.Bundle(
        check_ins=tuple(check_in(DAY - dt.timedelta(days=i)) for i in range(50)),
        sessions=(session(),),
        responses=(response(),),
        phase_changes=(PhaseChange(DAY, Phase.FUNCTIONAL),),
        programme=(ProgrammeExercise(exercise="nordic-hamstring", sets=2, reps=5, added_on=DAY),),
        pauses=(Pause(start=DAY, end=DAY, reason=PauseReason.ILLNESS),),
        weekly_target=6,
        is_demo=True,
    )

    def fail(db: Database) -> None:
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        store.store_bundle(fresh_db, bundle, today=TODAY, before_commit=fail)
    assert all_rows(fresh_db) == before
    assert store.programme(fresh_db) == old_programme

    store.store_bundle(fresh_db, bundle, today=TODAY)
    assert store.programme(fresh_db) == list(bundle.programme)
    assert store.record_counts(fresh_db)["check_ins"] == 50
    assert store.get_profile(fresh_db).weekly_target == 6


def test_a_bundle_whose_programme_is_refused_stores_none_of_its_records(fresh_db: Database):
    """The programme is part of the same transaction: a bad programme keeps the records out too."""
    before = all_rows(fresh_db)
    twice = ProgrammeExercise(exercise="bridge", sets=3, reps=10, added_on=DAY)
    bundle = store.Bundle(check_ins=(check_in(),), programme=(twice, twice), weekly_target=5)
    with pytest.raises(ValidationError, match="twice"):
        store.store_bundle(fresh_db, bundle, today=TODAY)
    assert all_rows(fresh_db) == before


def test_a_restore_always_moves_the_revision_so_no_cached_view_survives(fresh_db, tmp_path):
    copy = store.backup_to(fresh_db, tmp_path / "copy.db")
    before = store.revision(fresh_db)
    store.restore_from(fresh_db, copy)
    assert store.revision(fresh_db) > before


# ---------------------------------------------------------------------------------------------
# An edit saves only over the record it was opened on.


def test_an_edit_is_refused_when_another_save_changed_the_check_in(fresh_db: Database):
    check_in_id = store.add_check_in(fresh_db, check_in(note="first"), today=TODAY)
    opened = store.get_check_in(fresh_db, check_in_id)
    store.update_check_in(
        fresh_db, check_in_id, check_in(note="other tab"), opened=opened, today=TODAY
    )
    with pytest.raises(store.RecordChanged, match="changed since you opened it"):
        store.update_check_in(
            fresh_db, check_in_id, check_in(note="this tab"), opened=opened, today=TODAY
        )
    assert store.get_check_in(fresh_db, check_in_id).note == "other tab"


def test_an_edit_is_refused_when_another_save_changed_the_session(fresh_db: Database):
    session_id = store.add_session(fresh_db, session(note="first"), today=TODAY)
    opened = store.get_session(fresh_db, session_id)
    store.update_session(fresh_db, session_id, session(note="other"), opened=opened, today=TODAY)
    with pytest.raises(store.RecordChanged):
        store.update_session(fresh_db, session_id, session(note="mine"), opened=opened, today=TODAY)
    assert store.get_session(fresh_db, session_id).note == "other"


def _demo_backup(path: Path, seed: int) -> Path:
    from hamtrack import demo

    db = store.open_database(path)
    store.store_bundle(db, demo.generate(weeks=52, seed=seed, today=TODAY), today=TODAY)
    db.conn.close()
    return path


def test_an_edit_opened_before_a_restore_does_not_overwrite_the_restored_record(tmp_path):
    """Check-in 25 and session 25 of the restored database are other records than the ones
    the edits were opened on; saving the edits must leave them alone."""
    db = store.open_database(_demo_backup(tmp_path / "live.db", seed=1))
    opened_check_in = store.get_check_in(db, 25)
    opened_session = store.get_session(db, 25)
    restored = store.connect(tmp_path / "live.db")  # the CLI, in another process
    store.restore_from(restored, _demo_backup(tmp_path / "other.db", seed=2))
    check_in_25, session_25 = store.get_check_in(db, 25), store.get_session(db, 25)
    assert check_in_25 != opened_check_in
    with pytest.raises(store.RecordChanged):
        store.update_check_in(
            db, 25, check_in(note="typed in the tab"), opened=opened_check_in, today=TODAY
        )
    with pytest.raises(store.RecordChanged):
        store.update_session(db, 25, session(note="typed"), opened=opened_session, today=TODAY)
    assert store.get_check_in(db, 25) == check_in_25
    assert store.get_session(db, 25) == session_25


def test_the_full_check_runs_once_per_version_of_the_file_not_per_connection(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """Each rerun connects; the integrity check runs again only when the file changed."""
    path = tmp_path / "checked.db"
    store.open_database(path).conn.close()
    calls: list[Path] = []
    real = store.inspect_file

    def counting(file: Path) -> int:
        calls.append(file)
        return real(file)

    monkeypatch.setattr(store, "inspect_file", counting)
    for _ in range(3):
        store.connect(path).conn.close()
    assert len(calls) <= 1
    seen = len(calls)
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    store.connect(path).conn.close()
    store.connect(path).conn.close()
    assert len(calls) == seen + 1


def test_a_save_of_our_own_does_not_make_the_next_rerun_check_the_whole_file_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """A file checked before HamTrack wrote to it stays checked after the write; a change made
    anywhere else afterwards is checked again, and a file never checked gains nothing."""
    path = tmp_path / "checked.db"
    store.open_database(path).conn.close()
    calls: list[Path] = []
    real = store.inspect_file

    def counting(file: Path) -> int:
        calls.append(file)
        return real(file)

    monkeypatch.setattr(store, "inspect_file", counting)
    db = store.connect(path)
    seen = len(calls)
    for days in range(3):
        store.add_check_in(db, check_in(day=DAY + dt.timedelta(days=days)), today=TODAY)
        store.connect(path).conn.close()
    assert len(calls) == seen
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    store.connect(path).conn.close()
    assert len(calls) == seen + 1
    db.conn.close()

    unchecked = tmp_path / "unchecked.db"
    store.open_database(unchecked).conn.close()
    store._checked_files.clear()
    other = store._raw_connect(unchecked)
    store._configure(other)
    store.add_check_in(Database(other), check_in(), today=TODAY)
    other.close()
    store.connect(unchecked).conn.close()
    assert calls[-1] == unchecked


def test_a_questionnaire_edit_given_what_it_opened_on_is_refused_after_a_change(
    fresh_db: Database,
):
    response_id = store.add_questionnaire_response(fresh_db, response(), today=TODAY)
    opened = store.get_questionnaire_response(fresh_db, response_id)
    changed = store.get_questionnaire_response(fresh_db, response_id)
    store.update_questionnaire_response(
        fresh_db,
        response_id,
        QuestionnaireResponse(
            day=changed.day,
            questionnaire_id=changed.questionnaire_id,
            questionnaire_version=changed.questionnaire_version,
            section_ids=changed.section_ids,
            answers=changed.answers,
            note="other tab",
        ),
        opened=opened,
        today=TODAY,
    )
    with pytest.raises(store.RecordChanged):
        store.update_questionnaire_response(
            fresh_db, response_id, response(), opened=opened, today=TODAY
        )
    assert store.get_questionnaire_response(fresh_db, response_id).note == "other tab"


def test_an_edit_of_a_deleted_check_in_says_it_no_longer_exists(fresh_db: Database):
    check_in_id = store.add_check_in(fresh_db, check_in(), today=TODAY)
    opened = store.get_check_in(fresh_db, check_in_id)
    store.delete_check_in(fresh_db, check_in_id)
    with pytest.raises(store.RecordChanged, match="no longer exists"):
        store.update_check_in(fresh_db, check_in_id, check_in(), opened=opened, today=TODAY)
    assert store.recent_check_ins(fresh_db) == []


def test_records_stored_before_the_earliest_day_rule_still_read(fresh_db: Database):
    """A record dated before 2000 could be stored before HamTrack refused such dates; it must stay
    readable everywhere records are read (History, edits, export), never lost to view
    (docs/rules.md §2)."""
    from hamtrack import demo, exchange

    store.store_bundle(fresh_db, demo.generate(weeks=4, seed=2, today=TODAY), today=TODAY)
    with store.write(fresh_db):
        fresh_db.execute("UPDATE check_ins SET day = '1900-01-01' WHERE id = 1")
        fresh_db.execute("UPDATE sessions SET day = '1999-12-31' WHERE id = 1")
        fresh_db.execute("UPDATE pauses SET start_day = '1950-06-01' WHERE id = 1")
        fresh_db.execute("UPDATE phase_changes SET day = '1980-01-01' WHERE id = 1")
    assert store.get_check_in(fresh_db, 1).day == dt.date(1900, 1, 1)
    assert store.get_session(fresh_db, 1).day == dt.date(1999, 12, 31)
    assert dt.date(1900, 1, 1) in {s.value.day for s in store.recent_check_ins(fresh_db)}
    records = exchange.read_records(fresh_db)
    assert min(c.day for c in records.check_ins) == dt.date(1900, 1, 1)
    assert dt.date(1980, 1, 1) in {p.day for p in records.phase_changes}
    # A new record with such a date is still refused.
    with pytest.raises(ValidationError, match="earliest day"):
        store.add_check_in(
            fresh_db,
            CheckIn(dt.date(1900, 1, 2), dt.time(8), dict.fromkeys(Region, 1), 1),
            today=TODAY,
        )


def _history_fixture(db: Database) -> None:
    for days, pain in ((0, 2), (2, 5)):
        store.add_check_in(
            db,
            CheckIn(
                day=DAY + dt.timedelta(days=days),
                time=dt.time(8, 0),
                pain={Region.LEFT_HAMSTRING: pain, Region.RIGHT_HAMSTRING: 0, Region.LOW_BACK: 1},
                stiffness=3,
                red_flags=frozenset({"fever"}) if days == 2 else frozenset(),
            ),
        )
    store.add_session(
        db,
        Session(
            day=DAY + dt.timedelta(days=1),
            exercises=(
                ExerciseDone("wall-stretch", pain_during=1, hold_s=30),
                ExerciseDone("bridge", pain_during=4, reps=10),
            ),
        ),
    )


def test_history_page_mixes_check_ins_and_sessions_newest_first(fresh_db):
    _history_fixture(fresh_db)
    page = store.history_page(fresh_db)
    assert list(page.columns) == list(store.HISTORY_COLUMNS)
    assert list(page["kind"]) == ["check_in", "session", "check_in"]
    assert list(page["pain"]) == [5, 4, 2]
    assert page["exercises"].iloc[1] == "wall-stretch,bridge"  # in the order done
    assert list(page["warning_signs"]) == [1, 0, 0]


def test_history_page_filters_by_kind_and_dates_and_pages(fresh_db):
    _history_fixture(fresh_db)
    sessions = store.history_page(fresh_db, kinds=["session"])
    assert list(sessions["kind"]) == ["session"]
    assert list(sessions.columns) == list(store.HISTORY_COLUMNS)
    first_two_days = store.history_page(fresh_db, since=DAY, until=DAY + dt.timedelta(days=1))
    assert [d.date() for d in first_two_days["day"]] == [DAY + dt.timedelta(days=1), DAY]
    assert store.history_count(fresh_db, since=DAY + dt.timedelta(days=1)) == 2
    second = store.history_page(fresh_db, limit=1, offset=1)
    assert list(second["kind"]) == ["session"]
    assert store.history_page(fresh_db, kinds=[]).empty
    assert store.history_count(fresh_db, kinds=[]) == 0


# ---------------------------------------------------------------------------------------------
# Return to sport (docs/rules.md §9): the tests on both legs and the running progression.


def test_a_days_tests_on_both_legs_read_back_as_they_were_entered(fresh_db: Database):
    tests = [
        Measure(DAY, Leg.RIGHT, MeasureKind.BRIDGE, 17, pain=1),
        Measure(DAY, Leg.LEFT, MeasureKind.BRIDGE, 22, pain=0),
        Measure(DAY, Leg.RIGHT, MeasureKind.STRENGTH, 23.5, pain=None, unit="kg"),
        Measure(DAY, Leg.LEFT, MeasureKind.STRENGTH, 26, pain=0, unit="kg"),
    ]
    ids = store.add_measures(fresh_db, tests, today=TODAY)
    saved = store.measures(fresh_db)
    assert [s.id for s in saved] == ids
    assert [s.value for s in saved] == tests
    # Whole numbers stay whole, so the core's whole-number checks hold on the way back.
    assert type(saved[0].value.value) is int
    assert store.strength_unit(fresh_db) is StrengthUnit.KG


def test_strength_in_a_second_unit_is_refused_and_nothing_of_that_day_is_stored(
    fresh_db: Database,
):
    """docs/rules.md §9: strength is logged in one unit per person."""
    store.add_measures(
        fresh_db, [Measure(DAY, Leg.LEFT, MeasureKind.STRENGTH, 20, unit="kg")], today=TODAY
    )
    later = DAY + dt.timedelta(days=14)
    with pytest.raises(ValidationError, match="one unit"):
        store.add_measures(
            fresh_db,
            [
                Measure(later, Leg.LEFT, MeasureKind.BRIDGE, 20),
                Measure(later, Leg.RIGHT, MeasureKind.STRENGTH, 200, unit="N"),
            ],
            today=TODAY,
        )
    assert len(store.measures(fresh_db)) == 1


def test_a_test_or_a_run_dated_after_today_is_refused(fresh_db: Database):
    tomorrow = TODAY + dt.timedelta(days=1)
    with pytest.raises(ValidationError, match="future"):
        store.add_measures(
            fresh_db, [Measure(tomorrow, Leg.LEFT, MeasureKind.BRIDGE, 20)], today=TODAY
        )
    with pytest.raises(ValidationError, match="future"):
        store.add_running_entry(fresh_db, RunningEntry(tomorrow, "jog-walk", 40, 0), today=TODAY)
    assert store.measures(fresh_db) == []
    assert store.running_entries(fresh_db) == []


def test_runs_read_back_with_their_notes_and_one_can_be_deleted(fresh_db: Database):
    runs = [
        RunningEntry(DAY, "jog-walk", 40, 0, note="<b>windy</b>"),
        RunningEntry(DAY + dt.timedelta(days=2), "build-up-70", 70, 1),
    ]
    ids = [store.add_running_entry(fresh_db, run, today=TODAY) for run in runs]
    assert [s.value for s in store.running_entries(fresh_db)] == runs
    store.delete_running_entry(fresh_db, ids[0])
    assert [s.value for s in store.running_entries(fresh_db)] == runs[1:]
    with pytest.raises(store.RecordMissing):
        store.delete_running_entry(fresh_db, ids[0])


def test_tests_read_back_unchanged_are_not_built_again_and_share_a_digest(fresh_db: Database):
    """A save of anything else leaves the tests' rows, so reading them again gives back the
    records already built; adding or deleting a test gives a new digest and new records."""
    store.add_measures(fresh_db, [Measure(DAY, Leg.LEFT, MeasureKind.BRIDGE, 20)], today=TODAY)
    first = store.stored_measures(fresh_db)
    store.add_check_in(fresh_db, check_in(), today=TODAY)
    again = store.stored_measures(fresh_db)
    assert again.digest == first.digest
    assert again.records[0] is first.records[0]
    (test_id,) = store.add_measures(
        fresh_db, [Measure(DAY, Leg.RIGHT, MeasureKind.BRIDGE, 22)], today=TODAY
    )
    more = store.stored_measures(fresh_db)
    assert more.digest != first.digest
    assert [s.value.leg for s in more.records] == [Leg.LEFT, Leg.RIGHT]
    store.delete_measure(fresh_db, test_id)
    assert store.stored_measures(fresh_db).digest == first.digest
    assert store.measures(fresh_db) == list(first.records)


def test_the_last_test_day_is_read_up_to_a_day(fresh_db: Database):
    assert store.last_measure_day(fresh_db, until=TODAY) is None
    store.add_measures(fresh_db, [Measure(DAY, Leg.LEFT, MeasureKind.BRIDGE, 20)], today=TODAY)
    later = DAY + dt.timedelta(days=5)
    store.add_measures(fresh_db, [Measure(later, Leg.LEFT, MeasureKind.BRIDGE, 20)], today=TODAY)
    assert store.last_measure_day(fresh_db, until=TODAY) == later
    assert store.last_measure_day(fresh_db, until=later - dt.timedelta(days=1)) == DAY
    assert store.last_measure_day(fresh_db, until=DAY - dt.timedelta(days=1)) is None


@pytest.mark.parametrize(
    ("table", "row"),
    [
        ("measures", {"leg": "both"}),
        ("measures", {"kind": "hop"}),
        ("measures", {"value": -1}),
        ("measures", {"value": "lots"}),
        ("measures", {"unit": "lb"}),
        ("measures", {"pain": 11}),
        ("measures", {"day": "2025-02-30"}),
        ("running_entries", {"effort": 0}),
        ("running_entries", {"effort": 101}),
        ("running_entries", {"pain": -1}),
        ("running_entries", {"note": "x" * 301}),
    ],
)
def test_the_schema_refuses_return_to_sport_rows_no_version_could_write(
    fresh_db: Database, table: str, row: dict
):
    good = {
        "measures": {
            "day": "2025-03-10",
            "leg": "left",
            "kind": "bridge",
            "value": 20,
            "unit": None,
            "pain": 0,
            "created_at": "2025-03-10T08:00:00",
        },
        "running_entries": {
            "day": "2025-03-10",
            "step": "jog-walk",
            "effort": 40,
            "pain": 0,
            "note": "",
            "created_at": "2025-03-10T08:00:00",
        },
    }[table]
    values = {**good, **row}
    with pytest.raises(sqlite3.IntegrityError):
        fresh_db.execute(
            f"INSERT INTO {table} ({', '.join(values)}) VALUES ({', '.join('?' * len(values))})",
            list(values.values()),
        )


# ---------------------------------------------------------------------------------------------
# PSFS (docs/rules.md §9): activities and their ratings, as the person named them.

PSFS_DAY = dt.date(2025, 5, 2)


def test_a_psfs_rating_reads_back_with_its_activities_in_order(fresh_db: Database):
    first = PsfsResponse(PSFS_DAY, ("Sprinting", "Stairs", "<i>Kicking</i>"), (3, None, 7))
    later = PsfsResponse(
        PSFS_DAY + dt.timedelta(days=14), ("Sprinting", "Stairs", "Golf"), (5, 6, 2)
    )
    later_id = store.add_psfs_response(fresh_db, later, today=PSFS_DAY + dt.timedelta(days=14))
    first_id = store.add_psfs_response(fresh_db, first, today=PSFS_DAY)
    assert store.psfs_responses(fresh_db) == [
        store.Saved(first_id, first),
        store.Saved(later_id, later),
    ]
    assert store.get_psfs_response(fresh_db, first_id) == first


def test_deleting_a_psfs_rating_takes_its_activities_with_it(fresh_db: Database):
    response = PsfsResponse(PSFS_DAY, ("Sprinting", "Stairs", "Kicking"), (3, 4, 7))
    response_id = store.add_psfs_response(fresh_db, response, today=PSFS_DAY)
    store.delete_psfs_response(fresh_db, response_id)
    assert store.psfs_responses(fresh_db) == []
    assert store.record_counts(fresh_db)["psfs_ratings"] == 0
    with pytest.raises(store.RecordMissing):
        store.delete_psfs_response(fresh_db, response_id)
    with pytest.raises(store.RecordMissing):
        store.get_psfs_response(fresh_db, response_id)


@pytest.mark.parametrize(
    ("day", "problem"),
    [(PSFS_DAY + dt.timedelta(days=1), "future"), (dt.date(1999, 12, 31), "earliest day")],
)
def test_a_psfs_rating_dated_outside_the_kept_days_is_refused(fresh_db, day, problem):
    response = PsfsResponse(day, ("Sprinting", "Stairs", "Kicking"), (3, 4, 7))
    with pytest.raises(ValidationError, match=problem):
        store.add_psfs_response(fresh_db, response, today=PSFS_DAY)
    assert store.psfs_responses(fresh_db) == []


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("rating", 11),
        ("rating", -1),
        ("rating", "seven"),
        ("rating", 2.5),
        ("activity", ""),
        ("position", 5),
    ],
)
def test_schema_refuses_an_impossible_psfs_rating(fresh_db: Database, column: str, value: object):
    fresh_db.execute("INSERT INTO psfs_responses (day, created_at) VALUES ('2025-05-02', 'x')")
    row = {"response_id": 1, "position": 0, "activity": "Stairs", "rating": 5, column: value}
    with pytest.raises(sqlite3.IntegrityError):
        fresh_db.execute(
            "INSERT INTO psfs_ratings (response_id, position, activity, rating) "
            "VALUES (:response_id, :position, :activity, :rating)",
            row,
        )


def test_history_pages_joined_are_the_whole_history_in_order(fresh_db):
    """Paging reads each table only up to the page shown, yet the pages joined are every entry,
    newest first (day, time, then the order saved), each with its own pain and exercises."""
    for days in range(9):
        day = DAY + dt.timedelta(days=days // 2)
        if days % 3:
            store.add_check_in(
                fresh_db,
                CheckIn(
                    day=day,
                    time=dt.time(7 + days % 2, 0),
                    pain={
                        Region.LEFT_HAMSTRING: days,
                        Region.RIGHT_HAMSTRING: 0,
                        Region.LOW_BACK: 1,
                    },
                    stiffness=days % 4,
                    red_flags=frozenset({"fever"}) if days == 4 else frozenset(),
                ),
            )
        else:
            store.add_session(
                fresh_db,
                Session(day=day, exercises=(ExerciseDone("bridge", pain_during=days, reps=8),)),
            )
    whole = store.history_page(fresh_db, limit=100)
    assert store.history_count(fresh_db) == len(whole) == 9
    keys = [(d, t, i) for d, t, i in zip(whole["day"], whole["time"], whole["id"], strict=True)]
    assert keys == sorted(keys, reverse=True)
    pages = [store.history_page(fresh_db, limit=2, offset=start) for start in range(0, 10, 2)]
    joined = pd.concat(pages, ignore_index=True)
    assert joined[["kind", "id", "pain", "exercises", "warning_signs"]].equals(
        whole[["kind", "id", "pain", "exercises", "warning_signs"]]
    )
    since = DAY + dt.timedelta(days=1)
    until = DAY + dt.timedelta(days=3)
    ranged = store.history_page(fresh_db, since=since, until=until, limit=3)
    expected = whole[whole["day"].between(pd.Timestamp(since), pd.Timestamp(until))].head(3)
    assert list(ranged["id"]) == list(expected["id"])
    assert store.history_count(fresh_db, kinds=["session"], since=since) == 2
