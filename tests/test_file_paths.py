"""Every path a person can type reaches the file it names: `#`, `?`, `%`, spaces and letters
beyond ASCII mean nothing special to HamTrack, whether it opens, checks, backs up, restores or
imports."""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
from pathlib import Path

import pytest

from hamtrack import cli, demo
from hamtrack import db as store

TODAY = dt.date(2026, 3, 1)

NAMES = [
    "notes #2.db",
    "what?.db",
    "a?mode=rw.db",
    "100% sure.db",
    "a%20b.db",
    "my records.db",
    "Zoë’s rehab ✓.db",
    "#.db",
]


def _demo(path: Path, weeks: int = 4) -> Path:
    db = store.open_database(path)
    store.store_bundle(db, demo.generate(weeks=weeks, seed=3, today=TODAY), today=TODAY)
    db.conn.close()
    return path


def _foreign(path: Path) -> Path:
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.close()
    return path


def _fingerprint(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = cli.main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.mark.parametrize("name", NAMES)
def test_a_foreign_file_under_any_name_is_refused_and_nothing_else_appears(
    tmp_path: Path, name: str
):
    """The check reads the named file, not whatever the name means as a URI."""
    path = _foreign(tmp_path / name)
    before = _fingerprint(path)
    with pytest.raises(store.ForeignDatabase, match="another program"):
        store.open_database(path)
    assert _fingerprint(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]


@pytest.mark.parametrize("name", NAMES)
def test_a_hamtrack_file_under_any_name_opens_checks_and_backs_up(
    tmp_path: Path, name: str, capsys: pytest.CaptureFixture[str]
):
    path = _demo(tmp_path / name)
    assert store.inspect_file(path) == store.SCHEMA_VERSION
    status, out, _ = _run(capsys, "check", "--db", str(path))
    assert status == cli.EXIT_OK
    assert "Integrity: ok" in out
    copy = tmp_path / f"backup of {name}"
    status, _, err = _run(capsys, "backup", "--db", str(path), "--out", str(copy))
    assert status == cli.EXIT_OK, err
    assert store.inspect_file(copy) == store.SCHEMA_VERSION


@pytest.mark.parametrize("name", NAMES)
def test_a_cut_file_under_any_name_is_found_damaged(
    tmp_path: Path, name: str, capsys: pytest.CaptureFixture[str]
):
    whole = _demo(tmp_path / "whole.db", weeks=12).read_bytes()
    path = tmp_path / name
    path.write_bytes(whole[: len(whole) // 2])
    status, out, _ = _run(capsys, "check", "--db", str(path))
    assert status != cli.EXIT_OK
    assert "Integrity: ok" not in out


@pytest.mark.parametrize("name", NAMES)
def test_a_backup_under_any_name_is_restored(
    tmp_path: Path, name: str, capsys: pytest.CaptureFixture[str]
):
    backup = _demo(tmp_path / name)
    live = tmp_path / "live folder #1" / "hamtrack.db"
    status, _, err = _run(capsys, "restore", "--db", str(live), "--yes", str(backup))
    assert status == cli.EXIT_OK, err
    db = store.open_database(live)
    assert store.record_counts(db)["check_ins"] > 0
    db.conn.close()


@pytest.mark.parametrize("name", NAMES)
def test_an_import_into_any_name_reaches_that_file(
    tmp_path: Path, name: str, capsys: pytest.CaptureFixture[str]
):
    source = _demo(tmp_path / "source.db")
    export = tmp_path / f"export {name}.zip"
    assert _run(capsys, "export", "--db", str(source), "--out", str(export))[0] == cli.EXIT_OK
    target = tmp_path / name
    status, _, err = _run(capsys, "import", "--db", str(target), str(export))
    assert status == cli.EXIT_OK, err
    db = store.open_database(target)
    assert store.record_counts(db)["check_ins"] > 0
    db.conn.close()


@pytest.mark.parametrize("name", NAMES)
def test_a_foreign_file_under_any_name_takes_no_import(
    tmp_path: Path, name: str, capsys: pytest.CaptureFixture[str]
):
    source = _demo(tmp_path / "source.db")
    export = tmp_path / "export.zip"
    assert _run(capsys, "export", "--db", str(source), "--out", str(export))[0] == cli.EXIT_OK
    target = _foreign(tmp_path / name)
    before = _fingerprint(target)
    status, _, err = _run(capsys, "import", "--db", str(target), str(export))
    assert status == cli.EXIT_REFUSED
    assert str(target) in err
    assert _fingerprint(target) == before
