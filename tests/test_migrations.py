"""Migrations keep every row: each released schema's fixture is migrated forward and compared.

tests/fixtures/schema_vN.db is a database written by the release that introduced schema N (made
by make_schema_vN.py and committed). A copy is opened with today's code; every row of every table
must still be there with the same values, and the result must be a healthy, current database.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from collections import Counter
from fractions import Fraction
from pathlib import Path

import pytest
from sqlite_utils import Database, Migrations

from hamtrack import db as store
from hamtrack.models import CheckIn, Region

FIXTURES = Path(__file__).resolve().parent / "fixtures"
RELEASED = sorted(FIXTURES.glob("schema_v*.db"), key=lambda p: int(p.stem.removeprefix("schema_v")))


def every_row(path: Path) -> dict[str, tuple[list[str], Counter]]:
    """Each table's columns and rows, read without writing anything."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        found = {}
        for table in tables:
            cursor = conn.execute(f"SELECT * FROM [{table}]")
            columns = [d[0] for d in cursor.description]
            found[table] = (columns, Counter(cursor.fetchall()))
        return found
    finally:
        conn.close()


# A cache counter, not the person's data: a migration that rewrites rows may move it.
NOT_DATA = {("profile", "revision"), ("table_revisions", "revision")}


def assert_every_row_kept(before: dict, after: dict) -> None:
    """Every table is still there, and every old row still has its old values."""
    for table, (all_columns, all_rows) in before.items():
        assert table in after, f"table {table} disappeared"
        new_columns, new_rows = after[table]
        assert set(all_columns) <= set(new_columns), f"{table} lost columns"
        columns = [c for c in all_columns if (table, c) not in NOT_DATA]
        old = [all_columns.index(c) for c in columns]
        rows = Counter()
        for row, n in all_rows.items():
            rows[tuple(row[i] for i in old)] += n
        picks = [new_columns.index(c) for c in columns]
        kept = Counter()
        for row, n in new_rows.items():
            kept[tuple(row[i] for i in picks)] += n
        missing = rows - kept
        assert not missing, f"{table} lost {sum(missing.values())} rows, e.g. {next(iter(missing))}"
        if table != "_sqlite_migrations":
            assert kept.total() == rows.total(), f"{table} gained rows during the migration"


def _copy(fixture: Path, tmp_path: Path) -> Path:
    path = tmp_path / fixture.name
    shutil.copyfile(fixture, path)
    return path


def test_there_is_a_fixture_for_every_released_schema_version():
    """A new schema version ships with its own fixture (see fixtures/make_schema_v1.py)."""
    versions = [int(p.stem.removeprefix("schema_v")) for p in RELEASED]
    assert versions == list(range(1, store.SCHEMA_VERSION + 1))
    for path in RELEASED:
        version = int(path.stem.removeprefix("schema_v"))
        assert (FIXTURES / f"make_schema_v{version}.py").exists()
        assert store.inspect_file(path) == version


@pytest.mark.parametrize("fixture", RELEASED, ids=lambda p: p.stem)
def test_a_released_database_opens_with_every_row_kept(fixture: Path, tmp_path: Path):
    path = _copy(fixture, tmp_path)
    before = every_row(path)
    assert sum(rows.total() for _, rows in before.values()) > 200, "the fixture looks empty"

    db = store.open_database(path, create=False)
    assert store.schema_version(db) == store.SCHEMA_VERSION
    assert db.execute("PRAGMA application_id").fetchone()[0] == store.APPLICATION_ID
    assert store.applied_migrations(db) == [m.name for m in store.migrations._migrations]
    assert store.integrity_problems(db) == []
    db.conn.close()
    assert_every_row_kept(before, every_row(path))

    # The readers the screens use work on the migrated data.
    db = store.open_database(path)
    assert store.recent_check_ins(db, limit=500)
    assert store.recent_sessions(db, limit=500)
    assert store.questionnaire_responses(db)
    assert store.programme(db)
    assert not store.daily_pain_frame(db).empty
    versions = store.injury_profile_versions(db)
    assert store.injury_profile(db) == (versions[0] if versions else None)
    db.conn.close()


def test_schema_2_adds_an_empty_injury_profile_to_a_version_1_database(tmp_path: Path):
    """docs/rules.md §9: a database from before the profile opens with none set."""
    db = store.open_database(_copy(FIXTURES / "schema_v1.db", tmp_path))
    assert store.injury_profile(db) is None
    assert store.record_counts(db)["injury_profiles"] == 0
    db.conn.close()


def test_version_2_keeps_retired_warning_signs_and_every_profile_version(tmp_path: Path):
    """docs/rules.md §8, §9: old ticks of retired signs still read; each profile change is kept."""
    db = store.open_database(_copy(FIXTURES / "schema_v2.db", tmp_path))
    ticked = [s.value for s in store.recent_check_ins(db, limit=500) if s.value.red_flags]
    assert any("major_fall" in ci.red_flags for ci in ticked)
    assert "major_fall" in store.retired_signs_first_ticked(db)
    versions = store.injury_profile_versions(db)
    assert len(versions) == 3
    assert store.injury_profile(db).id == versions[0].id
    assert [v.changed_at.date().isoformat() for v in versions] == [
        "2025-05-01",
        "2025-03-20",
        "2025-03-04",
    ]
    db.conn.close()


def test_schema_3_adds_no_tests_or_runs_to_a_version_2_database(tmp_path: Path):
    """docs/rules.md §9: a database from before the return-to-sport logs opens with none."""
    db = store.open_database(_copy(FIXTURES / "schema_v2.db", tmp_path))
    assert store.measures(db) == []
    assert store.running_entries(db) == []
    assert store.strength_unit(db) is None
    db.conn.close()


def test_version_3_keeps_every_test_and_run_as_the_core_reads_them(tmp_path: Path):
    """docs/rules.md §9: each stored test and run reads back through the core's checks."""
    db = store.open_database(_copy(FIXTURES / "schema_v3.db", tmp_path))
    tests = [s.value for s in store.measures(db)]
    assert len(tests) == 20
    assert {m.leg.value for m in tests} == {"left", "right"}
    assert any(m.pain is None for m in tests)
    assert store.strength_unit(db).value == "kg"
    runs = [s.value for s in store.running_entries(db)]
    assert [r.effort for r in runs][-1] == 100
    assert any("<b>" in r.note for r in runs)
    db.conn.close()


def test_schema_4_adds_no_psfs_ratings_to_a_version_3_database(tmp_path: Path):
    """docs/rules.md §9: a database from before the PSFS opens with no ratings of activities."""
    db = store.open_database(_copy(FIXTURES / "schema_v3.db", tmp_path))
    assert store.psfs_responses(db) == []
    assert store.record_counts(db)["psfs_ratings"] == 0
    db.conn.close()


def test_version_4_keeps_every_psfs_rating_as_the_core_reads_it(tmp_path: Path):
    """docs/rules.md §9: activities keep their names and order, an unrated one stays unrated."""
    db = store.open_database(_copy(FIXTURES / "schema_v4.db", tmp_path))
    ratings = [s.value for s in store.psfs_responses(db)]
    assert len(ratings) == 4
    assert ratings[0].activities[2] == "Kicking a <b>ball</b>"
    assert ratings[1].ratings == (4, 5, None)
    assert ratings[-1].activities[-1] == "🦵 Sprinting"
    assert ratings[-1].score == Fraction(27, 4)
    db.conn.close()


@pytest.mark.parametrize("fixture", RELEASED, ids=lambda p: p.stem)
def test_opening_again_changes_nothing(fixture: Path, tmp_path: Path):
    path = _copy(fixture, tmp_path)
    store.open_database(path).conn.close()
    once = every_row(path)
    store.open_database(path).conn.close()
    assert every_row(path) == once


def _with_next_migration(monkeypatch: pytest.MonkeyPatch, step) -> None:
    """Pretend the next release adds one migration (`step`) after today's ones."""
    upcoming = Migrations(store.MIGRATION_SET)
    for migration in store.migrations._migrations:
        upcoming(name=migration.name)(migration.fn)
    upcoming(name="9999_rehearsal")(step)
    monkeypatch.setattr(store, "migrations", upcoming)
    monkeypatch.setattr(store, "SCHEMA_VERSION", store.SCHEMA_VERSION + 1)


@pytest.mark.parametrize("fixture", RELEASED, ids=lambda p: p.stem)
def test_a_forward_migration_that_adds_a_column_keeps_every_row(
    fixture: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """A rehearsal of the next schema: the comparison above holds across a real change."""

    def add_mood(db: Database) -> None:
        db.execute("ALTER TABLE check_ins ADD COLUMN mood INTEGER")
        db.execute("CREATE TABLE reminders (id INTEGER PRIMARY KEY, at TEXT NOT NULL)")

    path = _copy(fixture, tmp_path)
    before = every_row(path)
    _with_next_migration(monkeypatch, add_mood)
    db = store.open_database(path)
    assert store.schema_version(db) == store.SCHEMA_VERSION
    assert "mood" in db["check_ins"].columns_dict
    db.conn.close()
    assert_every_row_kept(before, every_row(path))


@pytest.mark.parametrize("fixture", RELEASED, ids=lambda p: p.stem)
def test_a_migration_that_fails_half_way_leaves_the_database_as_it_was(
    fixture: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    def break_half_way(db: Database) -> None:
        db.execute("DELETE FROM check_ins")
        db.execute("ALTER TABLE sessions ADD COLUMN place TEXT")
        raise RuntimeError("the new release has a bug")

    path = _copy(fixture, tmp_path)
    store.open_database(path).conn.close()
    before = every_row(path)
    version = store.SCHEMA_VERSION
    _with_next_migration(monkeypatch, break_half_way)
    with pytest.raises(RuntimeError, match="bug"):
        store.open_database(path)
    assert every_row(path) == before
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == version
    conn.close()


def test_schema_5_starts_every_tables_revision_at_the_overall_one(tmp_path: Path):
    """A cache keyed before the upgrade on the overall revision is never mistaken for current."""
    path = _copy(FIXTURES / "schema_v4.db", tmp_path)
    db = store.open_database(path)
    revisions = store.table_revisions(db, store._REVISED_TABLES)
    assert set(revisions) == {store.revision(db)}
    store.add_check_in(
        db,
        CheckIn(
            day=dt.date(2025, 6, 1), time=dt.time(9), pain=dict.fromkeys(Region, 2), stiffness=1
        ),
    )
    assert store.table_revisions(db, ["check_ins", "measures"]) == (
        revisions[0] + 1,
        revisions[0],
    )
    db.conn.close()
