"""Restore takes only a backup HamTrack made, checked whole before the live file is touched,
and keeps the records it replaces so the person can put them back.

Every hostile file is made from a 52-week demo database; every refusal is one line naming the
file, and leaves the live database's records, and its file, as they were.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from hamtrack import cli, demo
from hamtrack import db as store
from hamtrack.models import CheckIn, Region

TODAY = dt.date(2026, 3, 1)


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 52-week demo database, written once; tests copy it."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    db = store.open_database(path)
    store.store_bundle(db, demo.generate(weeks=52, seed=1, today=TODAY), today=TODAY)
    store.mark_demo(db, False)
    db.conn.close()
    return path


def _copy(demo_file: Path, path: Path) -> Path:
    shutil.copyfile(demo_file, path)
    return path


def _live(tmp_path: Path) -> store.Database:
    """The person's own database: three check-ins, one session."""
    db = store.open_database(tmp_path / "live" / "hamtrack.db")
    for i in range(3):
        store.add_check_in(
            db,
            CheckIn(
                day=dt.date(2026, 2, 1) + dt.timedelta(days=i),
                time=dt.time(8, 0),
                pain=dict.fromkeys(Region, i + 1),
                stiffness=2,
                note=f"mine {i}",
            ),
            today=TODAY,
        )
    return db


def _counts(db: store.Database) -> dict[str, int]:
    return store.record_counts(db)


def _run_sql(path: Path, *statements: str) -> Path:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = OFF")
    for statement in statements:
        conn.execute(statement)
    conn.close()
    return path


def evil_trigger(path: Path) -> Path:
    return _run_sql(
        path,
        "CREATE TRIGGER evil AFTER INSERT ON check_ins BEGIN "
        "DELETE FROM check_ins WHERE id <> NEW.id; DELETE FROM sessions; END",
    )


def view_in_place_of_a_table(path: Path) -> Path:
    return _run_sql(
        path,
        "ALTER TABLE check_ins RENAME TO kept_check_ins",
        "CREATE VIEW check_ins AS SELECT * FROM kept_check_ins",
        "CREATE TRIGGER swallow INSTEAD OF INSERT ON check_ins BEGIN SELECT 1; END",
    )


def no_profile_table(path: Path) -> Path:
    return _run_sql(path, "DROP TABLE profile")


def extra_table(path: Path) -> Path:
    return _run_sql(path, "CREATE TABLE notes_of_someone_else (x)")


def changed_check(path: Path) -> Path:
    """Same names, but a table whose rules are not HamTrack's (pain up to 100)."""
    return _run_sql(
        path,
        "PRAGMA writable_schema = ON",
        "UPDATE sqlite_schema SET sql = replace(sql, 'BETWEEN 0 AND 10', 'BETWEEN 0 AND 100') "
        "WHERE name = 'check_ins'",
    )


def a_day_in_1900(path: Path) -> Path:
    return _run_sql(path, "UPDATE check_ins SET day = '1900-01-01' WHERE id = 25")


def pain_out_of_range(path: Path) -> Path:
    return _run_sql(
        path,
        "PRAGMA ignore_check_constraints = ON",
        "UPDATE check_ins SET pain_low_back = 11 WHERE id = 25",
    )


def no_profile_row(path: Path) -> Path:
    return _run_sql(path, "DELETE FROM profile")


def unknown_warning_sign(path: Path) -> Path:
    return _run_sql(path, "INSERT INTO check_in_red_flags VALUES (25, 'made_up_sign')")


def orphan_exercise(path: Path) -> Path:
    return _run_sql(path, "DELETE FROM sessions WHERE id = 3")


def foreign_migration_list(path: Path) -> Path:
    return _run_sql(
        path,
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('hamtrack', '0099_later', '2026-01-01')",
    )


def no_stamp(path: Path) -> Path:
    return _run_sql(path, "PRAGMA application_id = 0")


def newer_version(path: Path) -> Path:
    return _run_sql(path, f"PRAGMA user_version = {store.SCHEMA_VERSION + 1}")


def text_file(path: Path) -> Path:
    path.write_text("day,pain\n2026-01-01,3\n" * 50)
    return path


def cut_in_half(path: Path) -> Path:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


HOSTILE: list[tuple[Callable[[Path], Path], str]] = [
    (evil_trigger, "trigger evil HamTrack does not make"),
    (view_in_place_of_a_table, "the table check_ins is missing"),
    (no_profile_table, "the table profile is missing"),
    (extra_table, "table notes_of_someone_else"),
    (changed_check, "the table check_ins is not defined as HamTrack defines it"),
    (a_day_in_1900, "check-in 25: The date 1900-01-01 is before"),
    (pain_out_of_range, "check_ins"),
    (no_profile_row, "profile"),
    (unknown_warning_sign, "check-in 25: Unknown warning sign"),
    (orphan_exercise, "points at a missing sessions row"),
    (foreign_migration_list, "list of schema changes"),
    (no_stamp, "is not a HamTrack backup"),
    (newer_version, "newer HamTrack"),
    (text_file, "is not a HamTrack backup"),
    (cut_in_half, "damaged"),
]


@pytest.mark.parametrize(("make", "said"), HOSTILE, ids=[m.__name__ for m, _ in HOSTILE])
def test_a_backup_that_is_not_exactly_hamtracks_is_refused_before_anything_changes(
    demo_file: Path, tmp_path: Path, make: Callable[[Path], Path], said: str
):
    db = _live(tmp_path)
    live = store.database_file(db)
    before = _counts(db)
    backup = make(_copy(demo_file, tmp_path / "backup #1.db"))
    with pytest.raises(store.RestoreRefused) as refused:
        store.restore_from(db, backup)
    message = str(refused.value)
    assert "\n" not in message
    assert message.startswith(str(backup))
    assert said in message
    assert _counts(db) == before
    assert not store.pre_restore_path(live).exists()
    db.conn.close()
    reopened = store.open_database(live)
    assert _counts(reopened) == before
    reopened.conn.close()


def test_after_a_refused_evil_backup_a_check_in_keeps_every_record(demo_file, tmp_path):
    """The reproduction: the trigger never reaches the live file, so a save deletes nothing."""
    db = _live(tmp_path)
    with pytest.raises(store.RestoreRefused):
        store.restore_from(db, evil_trigger(_copy(demo_file, tmp_path / "evil.db")))
    store.add_check_in(
        db,
        CheckIn(day=TODAY, time=dt.time(9, 0), pain=dict.fromkeys(Region, 1), stiffness=1),
        today=TODAY,
    )
    assert _counts(db)["check_ins"] == 4


def test_a_good_backup_replaces_everything_and_keeps_the_records_before(demo_file, tmp_path):
    db = _live(tmp_path)
    mine = _counts(db)
    other = store.connect(store.database_file(db))  # another tab's connection, open throughout
    kept = store.restore_from(db, _copy(demo_file, tmp_path / "good.db"))
    restored = _counts(db)
    assert restored["check_ins"] > 400
    assert restored["sessions"] > 100
    assert _counts(other) == restored
    assert kept == store.pre_restore_path(store.database_file(db))
    assert store.pre_restore_saved_at(store.database_file(db)) is not None
    kept_db = store.open_database(kept)
    assert _counts(kept_db) == mine
    kept_db.conn.close()
    other.conn.close()


def test_undo_puts_back_the_records_before_the_restore_and_again_swaps_back(demo_file, tmp_path):
    db = _live(tmp_path)
    mine = _counts(db)
    store.restore_from(db, _copy(demo_file, tmp_path / "good.db"))
    restored = _counts(db)
    store.undo_restore(db)
    assert _counts(db) == mine
    assert [c.value.note for c in store.recent_check_ins(db)] == ["mine 2", "mine 1", "mine 0"]
    store.undo_restore(db)
    assert _counts(db) == restored


def test_undo_without_a_restore_is_refused_in_one_line(tmp_path):
    db = _live(tmp_path)
    with pytest.raises(store.RestoreRefused, match="no restore to undo"):
        store.undo_restore(db)


def test_a_backup_with_another_page_size_is_restored(demo_file, tmp_path):
    """`PRAGMA page_size=65536; VACUUM` gives a good backup, only laid out differently."""
    backup = _copy(demo_file, tmp_path / "big pages.db")
    _run_sql(backup, "PRAGMA journal_mode = DELETE", "PRAGMA page_size = 65536", "VACUUM")
    assert sqlite3.connect(backup).execute("PRAGMA page_size").fetchone()[0] == 65536
    db = _live(tmp_path)
    store.restore_from(db, backup)
    assert _counts(db)["check_ins"] > 400
    assert not store.integrity_problems(db)


def test_a_restore_moves_the_revision_past_both_databases(demo_file, tmp_path):
    db = _live(tmp_path)
    backup_db = store.open_database(_copy(demo_file, tmp_path / "good.db"))
    backup_revision = store.revision(backup_db)
    backup_db.conn.close()
    before = store.revision(db)
    store.restore_from(db, tmp_path / "good.db")
    assert store.revision(db) > max(before, backup_revision)


def test_restoring_from_bytes_names_the_uploaded_file(demo_file, tmp_path):
    db = _live(tmp_path)
    data = evil_trigger(_copy(demo_file, tmp_path / "evil.db")).read_bytes()
    with pytest.raises(store.RestoreRefused, match=r"^my backup\.db is not a HamTrack backup"):
        store.restore_bytes(db, data, name="my backup.db")


# ---------------------------------------------------------------------------------------------
# The command line.


def _cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = cli.main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.mark.parametrize(("make", "said"), HOSTILE[:4], ids=[m.__name__ for m, _ in HOSTILE[:4]])
def test_the_cli_refuses_a_hostile_backup_in_one_line(
    demo_file, tmp_path, capsys, make: Callable[[Path], Path], said: str
):
    db = _live(tmp_path)
    live = store.database_file(db)
    before = _counts(db)
    db.conn.close()
    backup = make(_copy(demo_file, tmp_path / "evil.db"))
    status, out, err = _cli(capsys, "restore", "--db", str(live), "--yes", str(backup))
    assert status == cli.EXIT_REFUSED
    assert out == ""
    assert err.count("\n") == 1
    assert str(backup) in err
    assert said in err
    assert "Traceback" not in err
    reopened = store.open_database(live)
    assert _counts(reopened) == before
    reopened.conn.close()


def test_the_cli_restores_then_undoes(demo_file, tmp_path, capsys):
    db = _live(tmp_path)
    live = store.database_file(db)
    mine = _counts(db)
    db.conn.close()
    backup = _copy(demo_file, tmp_path / "good.db")
    status, out, err = _cli(capsys, "restore", "--db", str(live), "--yes", str(backup))
    assert status == cli.EXIT_OK, err
    assert str(store.pre_restore_path(live)) in out
    assert "hamtrack restore --undo" in out
    status, out, err = _cli(capsys, "restore", "--db", str(live), "--undo")
    assert status == cli.EXIT_OK, err
    reopened = store.open_database(live)
    assert _counts(reopened) == mine
    reopened.conn.close()


def test_the_cli_names_a_hostile_backup_before_asking_for_yes(demo_file, tmp_path, capsys):
    db = _live(tmp_path)
    live = store.database_file(db)
    db.conn.close()
    backup = evil_trigger(_copy(demo_file, tmp_path / "evil.db"))
    status, _, err = _cli(capsys, "restore", "--db", str(live), str(backup))
    assert status == cli.EXIT_REFUSED
    assert "--yes" not in err
    assert "trigger evil" in err


def test_the_cli_undo_needs_no_backup_and_refuses_both(tmp_path, capsys):
    db = _live(tmp_path)
    live = store.database_file(db)
    db.conn.close()
    status, _, err = _cli(capsys, "restore", "--db", str(live), "--undo", str(live))
    assert status == cli.EXIT_REFUSED
    assert err.count("\n") == 1
    status, _, err = _cli(capsys, "restore", "--db", str(live), "--undo")
    assert status == cli.EXIT_REFUSED
    assert "no restore to undo" in err


# ---------------------------------------------------------------------------------------------
# A damaged database is what a restore is for: the way out every "is damaged" message names.


def _damaged_live(demo_file: Path, tmp_path: Path) -> Path:
    live = tmp_path / "live" / "hamtrack.db"
    live.parent.mkdir()
    data = demo_file.read_bytes()
    live.write_bytes(data[: len(data) // 2])
    return live


def test_the_cli_restores_over_a_damaged_database_and_keeps_it(demo_file, tmp_path, capsys):
    live = _damaged_live(demo_file, tmp_path)
    damaged = live.read_bytes()
    backup = _copy(demo_file, tmp_path / "good.db")
    status, _, err = _cli(capsys, "restore", "--db", str(live), str(backup))
    assert status == cli.EXIT_REFUSED
    assert "--yes" in err
    assert live.read_bytes() == damaged
    status, out, err = _cli(capsys, "restore", "--db", str(live), "--yes", str(backup))
    assert status == cli.EXIT_OK, err
    assert str(store.pre_restore_path(live)) in out
    assert store.pre_restore_path(live).read_bytes() == damaged
    db = store.open_database(live)
    assert _counts(db)["check_ins"] > 400
    db.conn.close()


def test_a_hostile_backup_is_refused_over_a_damaged_database_too(demo_file, tmp_path, capsys):
    live = _damaged_live(demo_file, tmp_path)
    damaged = live.read_bytes()
    backup = evil_trigger(_copy(demo_file, tmp_path / "evil.db"))
    status, _, err = _cli(capsys, "restore", "--db", str(live), "--yes", str(backup))
    assert status == cli.EXIT_REFUSED
    assert "trigger evil" in err
    assert live.read_bytes() == damaged
    assert not store.pre_restore_path(live).exists()


def test_restoring_over_a_file_that_is_not_damaged_that_way_is_refused(demo_file, tmp_path):
    db = _live(tmp_path)
    live = store.database_file(db)
    db.conn.close()
    with pytest.raises(store.StorageError, match="is not damaged"):
        store.restore_over_damaged(live, _copy(demo_file, tmp_path / "good.db"))
    foreign = tmp_path / "recipes.db"
    _run_sql(foreign, "CREATE TABLE recipes (name TEXT)")
    with pytest.raises(store.ForeignDatabase):
        store.restore_over_damaged(foreign, _copy(demo_file, tmp_path / "good.db"))


# ---------------------------------------------------------------------------------------------
# One step: a restore killed at any moment leaves the old records or the new, never a mix.

RESTORER = r"""
import sys
from hamtrack import db as store

live, first, second = sys.argv[1:4]
db = store.open_database(live)
print("ready", flush=True)
for n in range(1000):
    store.restore_from(db, first if n % 2 == 0 else second)
    print("restored", n, flush=True)
"""


def test_a_restore_killed_at_random_moments_leaves_one_whole_database(demo_file, tmp_path):
    seed = random.randrange(2**32)
    rng = random.Random(seed)
    small = tmp_path / "small.db"
    db = store.open_database(small)
    store.store_bundle(db, demo.generate(weeks=6, seed=5, today=TODAY), today=TODAY)
    db.conn.close()
    wholes = []
    for path in (demo_file, small):
        db = store.open_database(path)
        wholes.append(_counts(db))
        db.conn.close()
    live = tmp_path / "live.db"
    store.open_database(live).conn.close()
    for _ in range(4):
        child = subprocess.Popen(
            [sys.executable, "-c", RESTORER, str(live), str(demo_file), str(small)],
            cwd=Path(__file__).resolve().parent.parent,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert child.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.0, 0.6))
        os.kill(child.pid, signal.SIGKILL)
        child.communicate()
        db = store.open_database(live)
        assert store.integrity_problems(db) == [], f"seed {seed}"
        counts = _counts(db)
        assert counts in wholes or store.is_empty(db), f"seed {seed}: {counts}"
        db.conn.close()


# ---------------------------------------------------------------------------------------------
# Every released schema restores: its fixture is a file HamTrack made.

FIXTURES = sorted((Path(__file__).resolve().parent / "fixtures").glob("schema_v*.db"))


@pytest.mark.parametrize("fixture", FIXTURES, ids=[f.name for f in FIXTURES])
def test_a_backup_of_every_released_schema_is_accepted_and_brought_up_to_date(
    fixture: Path, tmp_path: Path
):
    backup = _copy(fixture, tmp_path / fixture.name)
    with sqlite3.connect(backup) as conn:
        check_ins = conn.execute("SELECT count(*) FROM check_ins").fetchone()[0]
    conn.close()
    db = _live(tmp_path)
    store.restore_from(db, backup)
    assert store.schema_version(db) == store.SCHEMA_VERSION
    assert store.integrity_problems(db) == []
    assert _counts(db)["check_ins"] == check_ins > 0


def test_a_restore_that_cannot_keep_the_records_before_changes_nothing(demo_file, tmp_path):
    db = _live(tmp_path)
    before = _counts(db)
    live = store.database_file(db)
    store.pre_restore_path(live).mkdir()  # a folder where the copy would go: it cannot be written
    with pytest.raises(store.RestoreRefused, match="cannot be written") as refused:
        store.restore_from(db, _copy(demo_file, tmp_path / "good.db"))
    assert "\n" not in str(refused.value)
    assert _counts(db) == before


def test_a_phase_change_before_2000_in_a_backup_is_refused(demo_file, tmp_path):
    db = _live(tmp_path)
    backup = _run_sql(
        _copy(demo_file, tmp_path / "old phase.db"),
        "UPDATE phase_changes SET day = '1999-05-01' WHERE id = 1",
    )
    with pytest.raises(store.RestoreRefused, match="phase change 1: The phase change 1999-05-01"):
        store.restore_from(db, backup)


def test_a_database_given_a_foreign_trigger_is_refused_then_restored_over(
    demo_file, tmp_path, capsys
):
    """A file that an unchecked restore once filled with a trigger is found when opened, and a
    good backup takes its place."""
    live = evil_trigger(_copy(demo_file, tmp_path / "live.db"))
    with pytest.raises(store.DamagedDatabase, match="trigger evil"):
        store.open_database(live)
    backup = _copy(demo_file, tmp_path / "good.db")
    status, _, err = _cli(capsys, "restore", "--db", str(live), "--yes", str(backup))
    assert status == cli.EXIT_OK, err
    db = store.open_database(live)
    assert store.schema_problems(db) == []
    assert _counts(db)["check_ins"] > 400
    db.conn.close()
