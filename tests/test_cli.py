"""The command line: `check` reports what it finds and never changes the file; `demo` is careful."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest

from hamtrack import cli
from hamtrack import db as store
from hamtrack.models import CheckIn, Region

FIXTURE_V1 = Path(__file__).resolve().parent / "fixtures" / "schema_v1.db"


def _fingerprint(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = cli.main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def _logged(path: Path, count: int = 3) -> Path:
    db = store.open_database(path)
    for i in range(count):
        store.add_check_in(
            db,
            CheckIn(
                day=dt.date(2025, 1, 1) + dt.timedelta(days=i),
                time=dt.time(8, 0),
                pain=dict.fromkeys(Region, 2),
                stiffness=1,
            ),
        )
    db.conn.close()
    return path


def test_check_reports_a_healthy_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    path = _logged(tmp_path / "mine.db")
    status, out, err = _run(capsys, "check", "--db", str(path))
    assert status == cli.EXIT_OK
    assert err == ""
    assert f"Database: {path}" in out
    assert f"Schema version: {store.SCHEMA_VERSION} (this HamTrack: {store.SCHEMA_VERSION})" in out
    assert "check_ins 3" in out
    assert out.rstrip().endswith("Integrity: ok")


def test_check_uses_hamtrack_db_when_no_path_is_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    path = _logged(tmp_path / "from-env.db")
    monkeypatch.setenv("HAMTRACK_DB", str(path))
    status, out, _ = _run(capsys, "check")
    assert status == cli.EXIT_OK
    assert str(path) in out


def test_check_never_changes_the_file_it_checks(tmp_path: Path, capsys: pytest.CaptureFixture):
    """A backup in rollback-journal mode stays in that mode, byte for byte (no WAL switch)."""
    path = tmp_path / "backup.db"
    shutil.copyfile(FIXTURE_V1, path)
    before = _fingerprint(path)
    status, out, _ = _run(capsys, "check", "--db", str(path))
    assert status == cli.EXIT_OK
    assert "Integrity: ok" in out
    assert _fingerprint(path) == before
    assert not Path(f"{path}-wal").exists()


def test_check_does_not_adopt_an_empty_sqlite_file(tmp_path: Path, capsys: pytest.CaptureFixture):
    """An empty SQLite file is one HamTrack would set up; checking it does not do so."""
    path = tmp_path / "empty.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.execute("DROP TABLE t")
    conn.commit()
    conn.close()
    before = _fingerprint(path)
    status, out, _ = _run(capsys, "check", "--db", str(path))
    assert status == cli.EXIT_OK
    assert "empty SQLite file" in out
    assert _fingerprint(path) == before


def test_check_lists_records_that_point_at_nothing(tmp_path: Path, capsys: pytest.CaptureFixture):
    """The foreign-key check is part of `check`: an orphan row is a problem, exit 1."""
    path = _logged(tmp_path / "orphan.db")
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("INSERT INTO check_in_red_flags (check_in_id, flag) VALUES (404, 'fever')")
    conn.commit()
    conn.close()
    before = _fingerprint(path)
    status, out, err = _run(capsys, "check", "--db", str(path))
    assert status == cli.EXIT_PROBLEM
    assert "Integrity: PROBLEMS FOUND" in out
    assert "check_in_red_flags row" in out
    assert "points at a missing check_ins row" in out
    assert err.count("\n") == 1
    assert str(path) in err
    assert _fingerprint(path) == before


def test_check_reports_damage_as_a_problem_found(tmp_path: Path, capsys: pytest.CaptureFixture):
    path = _logged(tmp_path / "damaged.db", count=300)
    conn = sqlite3.connect(path)
    root = conn.execute("SELECT rootpage FROM sqlite_schema WHERE name = 'check_ins'").fetchone()[0]
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    data = bytearray(path.read_bytes())
    data[(root - 1) * page_size : (root - 1) * page_size + 100] = b"\xff" * 100
    path.write_bytes(bytes(data))
    status, out, err = _run(capsys, "check", "--db", str(path))
    assert status == cli.EXIT_PROBLEM
    assert "PROBLEMS FOUND" in out
    assert "Restore it from a backup" in err
    assert "Traceback" not in out + err


def test_check_reads_while_the_app_is_writing(tmp_path: Path, capsys: pytest.CaptureFixture):
    """A check does not wait for, or disturb, a write in progress in another connection."""
    path = _logged(tmp_path / "busy.db")
    writer = store.connect(path)
    writer.conn.execute("BEGIN IMMEDIATE")
    writer.execute("DELETE FROM check_ins")
    try:
        status, out, _ = _run(capsys, "check", "--db", str(path))
    finally:
        writer.conn.execute("ROLLBACK")
        writer.conn.close()
    assert status == cli.EXIT_OK
    assert "check_ins 3" in out


def test_demo_fills_a_new_database_marked_as_demo(tmp_path: Path, capsys: pytest.CaptureFixture):
    path = tmp_path / "demo.db"
    status, out, _ = _run(
        capsys, "demo", "--db", str(path), "--weeks", "3", "--today", "2025-06-01"
    )
    assert status == cli.EXIT_OK
    assert str(path) in out
    db = store.open_database(path, create=False)
    assert store.get_profile(db).is_demo
    assert not store.is_empty(db)
    assert store.integrity_problems(db) == []


def test_demo_never_writes_into_a_database_with_own_records(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    path = _logged(tmp_path / "mine.db")
    db = store.open_database(path)
    before = store.record_counts(db)
    db.conn.close()
    status, _, err = _run(capsys, "demo", "--db", str(path), "--weeks", "2")
    assert status == cli.EXIT_REFUSED
    assert "your own records" in err
    assert err.count("\n") == 1
    db = store.open_database(path)
    assert store.record_counts(db) == before
    assert not store.get_profile(db).is_demo


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["check", "--no-such-option"],
        ["demo", "--weeks", "zero"],
        ["demo", "--weeks", "0"],
        ["demo", "--today", "31/12/2025"],
    ],
)
def test_a_wrong_command_line_exits_2_with_usage_and_no_traceback(
    argv: list[str], capsys: pytest.CaptureFixture[str]
):
    with pytest.raises(SystemExit) as exited:
        cli.main(argv)
    err = capsys.readouterr().err
    assert exited.value.code == 2
    assert "usage: hamtrack" in err
    assert "Traceback" not in err


def test_version(capsys: pytest.CaptureFixture[str]):
    with pytest.raises(SystemExit) as exited:
        cli.main(["--version"])
    assert exited.value.code == 0
    assert capsys.readouterr().out.startswith("hamtrack ")


def test_import_refuses_a_check_in_before_2000_naming_file_and_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    """The earliest-day rule of the records (hamtrack.models) reaches the import's report."""
    source = _logged(tmp_path / "source.db")
    folder = tmp_path / "export"
    assert cli.main(["export", "--db", str(source), "--out", str(folder)]) == cli.EXIT_OK
    csv = folder / "check_ins.csv"
    csv.write_bytes(csv.read_bytes().replace(b"2025-01-02", b"1900-01-02"))
    target = tmp_path / "target.db"
    capsys.readouterr()
    status, _, err = _run(capsys, "import", "--db", str(target), str(folder))
    assert status == cli.EXIT_REFUSED
    assert "check_ins.csv" in err
    assert "row 3" in err
    assert "1900-01-02 is before 01 January 2000" in err
    db = store.open_database(target)
    assert store.is_empty(db)
    db.conn.close()


def test_fhir_writes_one_bundle_of_the_period(tmp_path: Path, capsys: pytest.CaptureFixture):
    import json

    path = _logged(tmp_path / "h.db")
    out = tmp_path / "out" / "records.json"
    status, printed, _ = _run(
        capsys,
        "fhir",
        "--db",
        str(path),
        "--out",
        str(out),
        "--since",
        "2025-01-02",
        "--name",
        "PT-0042",
    )
    assert status == cli.EXIT_OK
    assert str(out) in printed
    bundle = json.loads(out.read_text("utf-8"))
    assert (bundle["resourceType"], bundle["type"]) == ("Bundle", "collection")
    kinds = [e["resource"]["resourceType"] for e in bundle["entry"]]
    assert kinds.count("Observation") == 2 * 3  # two check-ins in the period, three regions each
    assert bundle["entry"][0]["resource"]["name"] == [{"text": "PT-0042"}]


def test_fhir_refuses_a_period_the_wrong_way_round(tmp_path: Path, capsys: pytest.CaptureFixture):
    path = _logged(tmp_path / "h.db")
    out = tmp_path / "records.json"
    status, _, err = _run(
        capsys,
        "fhir",
        "--db",
        str(path),
        "--out",
        str(out),
        "--since",
        "2025-01-03",
        "--until",
        "2025-01-01",
    )
    assert status == cli.EXIT_REFUSED
    assert "before it starts" in err
    assert not out.exists()


def test_fhir_never_creates_a_missing_database(tmp_path: Path, capsys: pytest.CaptureFixture):
    status, _, err = _run(
        capsys, "fhir", "--db", str(tmp_path / "none.db"), "--out", str(tmp_path / "r.json")
    )
    assert status == cli.EXIT_REFUSED
    assert not (tmp_path / "none.db").exists()
    assert err.startswith("hamtrack: ")
