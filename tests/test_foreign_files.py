"""Files HamTrack must refuse: one line naming the file and what to do, and the file untouched.

Each kind is refused by the core, by the CLI (non-zero exit, no traceback) and by the app (one
error message, no exception box). After every refusal the file's bytes are exactly what they were.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import shown

from hamtrack import cli
from hamtrack import db as store
from hamtrack.models import CheckIn, Region

PROJECT = Path(__file__).resolve().parent.parent


def _hamtrack_db(path: Path, rows: int = 400) -> Path:
    db = store.open_database(path)
    store.store_bundle(
        db,
        store.Bundle(
            check_ins=tuple(
                CheckIn(
                    day=dt.date(2024, 1, 1) + dt.timedelta(days=i),
                    time=dt.time(8, 0),
                    pain=dict.fromkeys(Region, i % 11),
                    stiffness=i % 11,
                    note=f"Day {i}: walked to work, a little sore after the stairs.",
                )
                for i in range(rows)
            )
        ),
    )
    db.conn.close()  # the last connection closing folds the WAL back into the file
    return path


def text_file(path: Path) -> Path:
    path.write_text("date,pain\n2025-01-01,3\n2025-01-02,4\n" * 40)
    return path


def random_bytes(path: Path) -> Path:
    path.write_bytes(bytes(random_byte for random_byte in range(256)) * 64)
    return path


def image_file(path: Path) -> Path:
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 2000)
    return path


def cut_in_half(path: Path) -> Path:
    data = _hamtrack_db(path.with_suffix(".whole")).read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def cut_to_the_header(path: Path) -> Path:
    data = _hamtrack_db(path.with_suffix(".whole")).read_bytes()
    path.write_bytes(data[:60])
    return path


def damaged_page(path: Path) -> Path:
    _hamtrack_db(path)
    with sqlite3.connect(path) as conn:
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        root = conn.execute(
            "SELECT rootpage FROM sqlite_schema WHERE name = 'check_ins'"
        ).fetchone()[0]
    conn.close()
    data = bytearray(path.read_bytes())
    start = (root - 1) * page_size
    data[start : start + 64] = b"\xa5" * 64
    path.write_bytes(bytes(data))
    return path


def other_programs_database(path: Path) -> Path:
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE recipes (name TEXT, minutes INTEGER)")
        conn.execute("INSERT INTO recipes VALUES ('soup', 40)")
    conn.close()
    return path


def other_stamped_database(path: Path) -> Path:
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA application_id = 1234")
        conn.execute("CREATE TABLE t (x)")
    conn.close()
    return path


def newer_hamtrack(path: Path) -> Path:
    _hamtrack_db(path, rows=5)
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {store.SCHEMA_VERSION + 1}")
    conn.close()
    return path


def trigger_that_deletes(path: Path) -> Path:
    """A HamTrack file given a trigger that empties the log on the next save."""
    _hamtrack_db(path, rows=40)
    conn = sqlite3.connect(path)
    conn.execute(
        "CREATE TRIGGER evil AFTER INSERT ON check_ins BEGIN "
        "DELETE FROM check_ins WHERE id <> NEW.id; DELETE FROM sessions; END"
    )
    conn.close()
    return path


def view_in_place_of_a_table(path: Path) -> Path:
    """A HamTrack file whose check_ins is a view that swallows every save."""
    _hamtrack_db(path, rows=40)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("ALTER TABLE check_ins RENAME TO kept_check_ins")
    conn.execute("CREATE VIEW check_ins AS SELECT * FROM kept_check_ins")
    conn.execute("CREATE TRIGGER swallow INSTEAD OF INSERT ON check_ins BEGIN SELECT 1; END")
    conn.close()
    return path


KINDS: list[tuple[Callable[[Path], Path], type[store.StorageError], str]] = [
    (text_file, store.NotADatabaseFile, "not a database file"),
    (random_bytes, store.NotADatabaseFile, "not a database file"),
    (image_file, store.NotADatabaseFile, "not a database file"),
    (cut_in_half, store.DamagedDatabase, "Restore it from a backup"),
    (cut_to_the_header, store.DamagedDatabase, "Restore it from a backup"),
    (damaged_page, store.DamagedDatabase, "Restore it from a backup"),
    (other_programs_database, store.ForeignDatabase, "another program"),
    (other_stamped_database, store.ForeignDatabase, "another program"),
    (newer_hamtrack, store.NewerSchema, "Update HamTrack"),
    (trigger_that_deletes, store.DamagedDatabase, "changed outside HamTrack"),
    (view_in_place_of_a_table, store.DamagedDatabase, "changed outside HamTrack"),
]
KIND_IDS = [make.__name__ for make, _, _ in KINDS]


def _fingerprint(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _untouched(path: Path, before: str) -> None:
    """The file is byte-for-byte as it was; SQLite may only have left an empty WAL beside it."""
    assert _fingerprint(path) == before
    wal = Path(f"{path}-wal")
    assert not wal.exists() or wal.stat().st_size == 0


@pytest.fixture(params=KINDS, ids=KIND_IDS)
def refused_file(request: pytest.FixtureRequest, tmp_path: Path):
    make, error, advice = request.param
    path = make(tmp_path / "records.db")
    return path, _fingerprint(path), error, advice


def test_the_core_refuses_it_in_one_line_naming_the_file(refused_file):
    path, before, error, advice = refused_file
    for create in (True, False):
        with pytest.raises(error) as refused:
            store.open_database(path, create=create)
        message = str(refused.value)
        assert str(path) in message
        assert advice in message
        assert "\n" not in message
    with pytest.raises(error):
        store.inspect_file(path)
    _untouched(path, before)


@pytest.mark.parametrize("command", [["check"], ["demo", "--weeks", "2"]])
def test_the_cli_refuses_it_with_one_line_and_a_non_zero_exit(
    refused_file, command: list[str], capsys: pytest.CaptureFixture[str]
):
    path, before, _, advice = refused_file
    status = cli.main([*command, "--db", str(path)])
    out, err = capsys.readouterr()
    assert status != 0
    assert err.count("\n") == 1
    assert str(path) in err
    assert advice in err
    assert "Traceback" not in out + err
    _untouched(path, before)


def test_the_installed_command_prints_no_traceback(tmp_path: Path):
    """The real `python -m hamtrack check`, in its own process, for a file that is not SQLite."""
    path = text_file(tmp_path / "notes.db")
    before = _fingerprint(path)
    done = subprocess.run(
        [sys.executable, "-m", "hamtrack", "check", "--db", str(path)],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == cli.EXIT_REFUSED
    assert done.stdout == ""
    assert done.stderr.strip().count("\n") == 0
    assert str(path) in done.stderr
    assert "Traceback" not in done.stderr
    _untouched(path, before)


@pytest.mark.parametrize(
    ("make", "advice"),
    [
        (text_file, "not a database file"),
        (damaged_page, "Restore it from a backup"),
        (other_programs_database, "another program"),
        (newer_hamtrack, "Update HamTrack"),
        (trigger_that_deletes, "changed outside HamTrack"),
    ],
    ids=lambda v: getattr(v, "__name__", ""),
)
def test_the_app_shows_one_message_and_no_error_box(
    open_app, db_path: Path, make: Callable[[Path], Path], advice: str
):
    make(db_path)
    before = _fingerprint(db_path)
    at = open_app()
    assert not at.exception
    assert len(at.error) == 1
    assert str(db_path) in shown(at.error[0].value)
    assert advice in shown(at.error[0].value)
    _untouched(db_path, before)


def test_every_page_refuses_it_when_opened_first(open_app, db_path: Path):
    """A fresh server may run a page before the entry script: the page refuses the file too."""
    from streamlit.testing.v1 import AppTest

    other_programs_database(db_path)
    before = _fingerprint(db_path)
    for page in sorted((PROJECT / "pages").glob("*.py")):
        at = AppTest.from_file(str(page), default_timeout=30).run()
        assert not at.exception, page.name
        assert at.error, page.name
        assert str(db_path) in shown(at.error[0].value), page.name
    _untouched(db_path, before)


def test_a_missing_file_is_not_created_by_check(tmp_path: Path, capsys: pytest.CaptureFixture):
    path = tmp_path / "typo.db"
    assert cli.main(["check", "--db", str(path)]) == cli.EXIT_REFUSED
    assert str(path) in capsys.readouterr().err
    assert not path.exists()


# ---------------------------------------------------------------------------------------------
# Damage the quick check would miss: what `check` calls damaged is refused for writing too.


def index_out_of_step(path: Path) -> Path:
    """A 52-week demo whose index definition no longer matches what the index holds."""
    from hamtrack import demo

    db = store.open_database(path)
    today = dt.date(2026, 3, 1)
    store.store_bundle(db, demo.generate(weeks=52, seed=1, today=today), today=today)
    db.conn.close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute(
        "UPDATE sqlite_schema SET sql = 'CREATE INDEX check_ins_by_day ON check_ins (time, day)' "
        "WHERE name = 'check_ins_by_day'"
    )
    conn.commit()
    conn.close()
    return path


def test_an_index_out_of_step_is_damage_for_check(tmp_path: Path, capsys: pytest.CaptureFixture):
    path = index_out_of_step(tmp_path / "demo.db")
    assert cli.main(["check", "--db", str(path)]) == cli.EXIT_PROBLEM
    out, err = capsys.readouterr()
    assert str(path) in err
    assert "PROBLEMS FOUND" in out
    assert "check_ins_by_day" in out


def test_an_index_out_of_step_is_refused_for_opening_and_import(
    tmp_path: Path, capsys: pytest.CaptureFixture
):
    """Whatever `check` calls damaged, import and the core refuse to write into."""
    from hamtrack import demo, exchange

    path = index_out_of_step(tmp_path / "demo.db")
    before = _fingerprint(path)
    with pytest.raises(store.DamagedDatabase, match="Restore it from a backup"):
        store.open_database(path)
    with pytest.raises(store.DamagedDatabase):
        store.connect(path)
    source = store.open_database(tmp_path / "source.db")
    store.store_bundle(source, demo.generate(weeks=4, seed=2, today=dt.date(2026, 3, 1)))
    exchange.write_files(exchange.export_files(source), tmp_path / "exp.zip")
    source.conn.close()
    status = cli.main(["import", "--db", str(path), str(tmp_path / "exp.zip")])
    err = capsys.readouterr().err
    assert status == cli.EXIT_REFUSED
    assert err.count("\n") == 1
    assert str(path) in err
    _untouched(path, before)


def test_damage_after_the_first_open_is_found_on_the_next_connection(tmp_path: Path):
    """The full check runs again whenever the file's size or time moved, not on every rerun."""
    path = tmp_path / "later.db"
    store.open_database(path).conn.close()
    store.connect(path).conn.close()
    index_out_of_step(path)
    with pytest.raises(store.DamagedDatabase):
        store.connect(path)


def test_the_app_refuses_an_index_out_of_step_with_one_message(open_app, db_path: Path):
    index_out_of_step(db_path)
    before = _fingerprint(db_path)
    at = open_app("pages/check_in.py")
    assert not at.exception
    assert len(at.error) == 1
    assert "damaged" in shown(at.error[0].value)
    assert not at.button
    _untouched(db_path, before)


def test_the_app_refuses_a_file_damaged_while_it_runs(open_app, db_path: Path):
    store.open_database(db_path).conn.close()
    at = open_app("pages/check_in.py")
    assert not at.error
    # The first reruns' connections close when the garbage collector reaches them. While one
    # is open, writes from elsewhere stay in the WAL and the main file's size and time do not
    # move, so the cached check is not run again: a known gap, not what this test is about.
    gc.collect()
    index_out_of_step(db_path)
    at.run()
    assert not at.exception
    assert len(at.error) == 1
    assert "damaged" in shown(at.error[0].value)


def test_check_lists_a_trigger_hamtrack_does_not_make(tmp_path: Path, capsys):
    path = trigger_that_deletes(tmp_path / "evil.db")
    assert cli.main(["check", "--db", str(path)]) == cli.EXIT_PROBLEM
    out, err = capsys.readouterr()
    assert "  - it has a trigger evil HamTrack does not make" in out
    assert str(path) in err
