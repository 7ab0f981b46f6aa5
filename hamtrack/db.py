"""HamTrack's storage: the schema, its migrations and every SQL statement the product runs.

One SQLite file holds everything. Each connection turns on WAL, full sync and foreign keys; every
write runs inside `BEGIN IMMEDIATE` so two writers queue on the busy timeout instead of failing.
An existing file is checked before anything is written to it, and a file that is not a HamTrack
database is refused, never changed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import itertools
import os
import shutil
import sqlite3
import tempfile
import threading
import urllib.parse
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, NoReturn, TypeVar

import pandas as pd
from sqlite_utils import Database, Migrations

from hamtrack import memo
from hamtrack.catalogue import exercise_name
from hamtrack.injury import InjuryCause, InjuryProfile, ProfileChange, ProfileVersion
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
    ValidationError,
    check_not_future,
    check_not_too_early,
    check_weekly_target,
    checking_new_records,
    reading_as_stored,
    reading_stored_records,
)
from hamtrack.records import PhaseChange, Records
from hamtrack.return_to_sport import (
    PSFS_ACTIVITY_MAX_CHARS,
    PSFS_MAX_ACTIVITIES,
    PSFS_RATING_MAX,
    PSFS_RATING_MIN,
    Leg,
    Measure,
    MeasureKind,
    PsfsResponse,
    RunningEntry,
    StrengthUnit,
)
from hamtrack.safety import RETIRED_RED_FLAGS

APPLICATION_ID = 0x48616D54
"""Stamped into every HamTrack database ("HamT"), so a foreign SQLite file is recognised."""

BUSY_TIMEOUT_MS = 5000
MIGRATION_SET = "hamtrack"

T = TypeVar("T")


# ---------------------------------------------------------------------------------------------
# Errors: each carries one line that names the file and says what to do.


class StorageError(Exception):
    """The database file cannot be used; the message says which file and what to do."""


class NotADatabaseFile(StorageError):
    pass


class DamagedDatabase(StorageError):
    pass


class ForeignDatabase(StorageError):
    pass


class NewerSchema(StorageError):
    pass


class AlteredDatabase(DamagedDatabase):
    """A HamTrack file whose tables, triggers or views were changed outside HamTrack: a trigger
    or view it does not make would run on every save, a missing table loses them."""


class MissingDatabase(StorageError):
    pass


class RecordMissing(LookupError):
    """The record was deleted (perhaps in another tab) before this change reached it."""


class RecordChanged(RecordMissing):
    """The record an edit was opened on is no longer stored as it was (another tab saved it, or
    a restore or an import replaced it), so the edit would overwrite something unseen."""


@dataclass(frozen=True, slots=True)
class Saved(Generic[T]):
    """A stored record with its row id."""

    id: int
    value: T


@dataclass(frozen=True, slots=True)
class Stored(Generic[T]):
    """Every stored record of one kind, oldest first, with a digest of their rows as stored.

    Equal digests mean equal records, ids included: what is worked out from the records can be
    kept by their digest, and a save of any other kind of record leaves it as it was.
    """

    digest: str
    records: tuple[Saved[T], ...]
    values: tuple[T, ...]


BUILT_KEPT = 4
"""Contents of each table kept built (a server may hold a few database files)."""
_built: dict[str, memo.Kept] = {}
_built_lock = threading.Lock()


def _built_once(table: str, rows: list[tuple], build: Callable[[tuple], Saved[T]]) -> Stored[T]:
    """`rows` of `table` built into records, once per content of the rows.

    Building a record checks it whole, which over ten years of tests cost more than reading
    them; rows read back unchanged (a save of something else) give back the records already
    built. Records built under other rules (a backup being checked) are never kept.
    """
    digest = memo.content_key(rows)

    def built() -> Stored[T]:
        records = tuple(build(row) for row in rows)
        return Stored(digest, records, tuple(saved.value for saved in records))

    if not reading_as_stored():
        return built()
    with _built_lock:
        kept = _built.setdefault(table, memo.Kept(BUILT_KEPT))
    return kept.get(digest, built)


def forget_built() -> None:
    """Drop every record kept built (tests compare what is kept with a full reading)."""
    with _built_lock:
        _built.clear()


# ---------------------------------------------------------------------------------------------
# Schema, as forward-only migrations. Released migrations are never edited: add a new one.

migrations = Migrations(MIGRATION_SET)

_CHANGE_TRACKED_TABLES = (
    "check_ins",
    "check_in_red_flags",
    "sessions",
    "session_exercises",
    "questionnaire_responses",
    "questionnaire_answers",
    "phase_changes",
    "programme_exercises",
    "pauses",
)


def _pain_column(name: str) -> str:
    return f"{name} INTEGER NOT NULL CHECK (typeof({name}) = 'integer' AND {name} BETWEEN 0 AND 10)"


def _optional_int(name: str, low: int, high: int) -> str:
    return (
        f"{name} INTEGER CHECK ({name} IS NULL OR "
        f"(typeof({name}) = 'integer' AND {name} BETWEEN {low} AND {high}))"
    )


# `IS` because date() of a malformed text is NULL, and a NULL check passes; '+0 days' turns
# an impossible day such as 2025-02-30 into another one, so it no longer compares equal.
_DAY_CHECK = "CHECK (typeof({0}) = 'text' AND {0} IS date({0}, '+0 days'))"
_NOTE = "note TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 2000)"
_PHASES = ", ".join(f"'{p.value}'" for p in Phase)
_SIDES = ", ".join(f"'{s.value}'" for s in Side)
_REASONS = ", ".join(f"'{r.value}'" for r in PauseReason)

_SCHEMA_V1 = [
    """CREATE TABLE profile (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        weekly_target INTEGER NOT NULL DEFAULT 3
            CHECK (typeof(weekly_target) = 'integer' AND weekly_target BETWEEN 1 AND 7),
        is_demo INTEGER NOT NULL DEFAULT 0 CHECK (is_demo IN (0, 1)),
        revision INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL
    )""",
    f"""CREATE TABLE check_ins (
        id INTEGER PRIMARY KEY,
        day TEXT NOT NULL {_DAY_CHECK.format("day")},
        time TEXT NOT NULL
            CHECK (typeof(time) = 'text' AND time IS strftime('%H:%M', time, '+0 seconds')),
        {_pain_column("pain_left_hamstring")},
        {_pain_column("pain_right_hamstring")},
        {_pain_column("pain_low_back")},
        {_pain_column("stiffness")},
        {_NOTE},
        client_token TEXT UNIQUE,
        created_at TEXT NOT NULL,
        updated_at TEXT
    )""",
    "CREATE INDEX check_ins_by_day ON check_ins (day, time)",
    """CREATE TABLE check_in_red_flags (
        check_in_id INTEGER NOT NULL REFERENCES check_ins (id) ON DELETE CASCADE,
        flag TEXT NOT NULL CHECK (length(flag) BETWEEN 1 AND 40),
        PRIMARY KEY (check_in_id, flag)
    ) WITHOUT ROWID""",
    f"""CREATE TABLE sessions (
        id INTEGER PRIMARY KEY,
        day TEXT NOT NULL {_DAY_CHECK.format("day")},
        {_NOTE},
        client_token TEXT UNIQUE,
        created_at TEXT NOT NULL,
        updated_at TEXT
    )""",
    "CREATE INDEX sessions_by_day ON sessions (day)",
    f"""CREATE TABLE session_exercises (
        id INTEGER PRIMARY KEY,
        session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        position INTEGER NOT NULL CHECK (position >= 0),
        exercise TEXT NOT NULL CHECK (length(exercise) BETWEEN 1 AND 60),
        side TEXT NOT NULL DEFAULT 'both' CHECK (side IN ({_SIDES})),
        {_optional_int("sets", 1, 20)},
        {_optional_int("reps", 1, 100)},
        {_optional_int("hold_s", 1, 600)},
        band_level INTEGER NOT NULL DEFAULT 0
            CHECK (typeof(band_level) = 'integer' AND band_level BETWEEN 0 AND 5),
        {_pain_column("pain_during")},
        {_NOTE},
        CHECK (reps IS NOT NULL OR hold_s IS NOT NULL),
        UNIQUE (session_id, position)
    )""",
    "CREATE INDEX session_exercises_by_exercise ON session_exercises (exercise)",
    f"""CREATE TABLE questionnaire_responses (
        id INTEGER PRIMARY KEY,
        day TEXT NOT NULL {_DAY_CHECK.format("day")},
        questionnaire_id TEXT NOT NULL CHECK (length(questionnaire_id) BETWEEN 1 AND 80),
        questionnaire_version TEXT NOT NULL CHECK (length(questionnaire_version) BETWEEN 1 AND 40),
        {_NOTE},
        client_token TEXT UNIQUE,
        created_at TEXT NOT NULL,
        updated_at TEXT
    )""",
    "CREATE INDEX questionnaire_responses_by_day ON questionnaire_responses (day)",
    f"""CREATE TABLE questionnaire_answers (
        response_id INTEGER NOT NULL REFERENCES questionnaire_responses (id) ON DELETE CASCADE,
        section_index INTEGER NOT NULL CHECK (section_index >= 0),
        section_id TEXT NOT NULL CHECK (length(section_id) BETWEEN 1 AND 80),
        {_optional_int("answer", 0, 5)},
        PRIMARY KEY (response_id, section_index),
        UNIQUE (response_id, section_id)
    ) WITHOUT ROWID""",
    f"""CREATE TABLE phase_changes (
        id INTEGER PRIMARY KEY,
        day TEXT NOT NULL {_DAY_CHECK.format("day")},
        phase TEXT NOT NULL CHECK (phase IN ({_PHASES})),
        {_NOTE},
        created_at TEXT NOT NULL
    )""",
    f"""CREATE TABLE programme_exercises (
        exercise TEXT PRIMARY KEY CHECK (length(exercise) BETWEEN 1 AND 60),
        position INTEGER NOT NULL,
        side TEXT NOT NULL DEFAULT 'both' CHECK (side IN ({_SIDES})),
        {_optional_int("sets", 1, 20)},
        {_optional_int("reps", 1, 100)},
        {_optional_int("hold_s", 1, 600)},
        band_level INTEGER NOT NULL DEFAULT 0
            CHECK (typeof(band_level) = 'integer' AND band_level BETWEEN 0 AND 5),
        added_on TEXT NOT NULL {_DAY_CHECK.format("added_on")}
    )""",
    f"""CREATE TABLE pauses (
        id INTEGER PRIMARY KEY,
        start_day TEXT NOT NULL {_DAY_CHECK.format("start_day")},
        end_day TEXT NOT NULL {_DAY_CHECK.format("end_day")},
        reason TEXT NOT NULL CHECK (reason IN ({_REASONS})),
        {_NOTE},
        CHECK (end_day >= start_day)
    )""",
]


def _revision_triggers(tables: Iterable[str] = _CHANGE_TRACKED_TABLES) -> list[str]:
    # The revision counter lets readers cache derived frames until anything changes, across
    # connections and processes (PRAGMA data_version is per connection).
    statements = []
    for table in tables:
        for event in ("INSERT", "UPDATE", "DELETE"):
            statements.append(
                f"CREATE TRIGGER {table}_{event.lower()}_revision AFTER {event} ON {table} "
                "BEGIN UPDATE profile SET revision = revision + 1 WHERE id = 1; END"
            )
    return statements


@migrations(name="0001_initial")
def _m0001_initial(db: Database) -> None:
    for statement in _SCHEMA_V1 + _revision_triggers():
        db.execute(statement)
    db.execute(
        "INSERT INTO profile (id, weekly_target, is_demo, revision, created_at) "
        "VALUES (1, 3, 0, 0, ?)",
        [_now()],
    )


_INJURY_TABLES = ("injury_profiles", "injury_profile_history")


@migrations(name="0002_injury_profile")
def _m0002_injury_profile(db: Database) -> None:
    # The injury profile (docs/rules.md §9): every save is a new dated row, so its history is
    # kept and the latest row is the current profile. Keys of history questions, like warning
    # sign keys, are checked in the core, so a new question needs no table rebuild.
    for statement in [
        f"""CREATE TABLE injury_profiles (
            id INTEGER PRIMARY KEY,
            changed_at TEXT NOT NULL
                CHECK (typeof(changed_at) = 'text'
                    AND changed_at IS strftime('%Y-%m-%dT%H:%M:%S', changed_at)),
            injured_side TEXT NOT NULL CHECK (injured_side IN ({_SIDES})),
            injury_day TEXT NOT NULL {_DAY_CHECK.format("injury_day")},
            how TEXT NOT NULL CHECK (how IN ('sprinting', 'stretching', 'other')),
            diagnosis TEXT NOT NULL DEFAULT '' CHECK (length(diagnosis) <= 300),
            return_activity TEXT NOT NULL DEFAULT '' CHECK (length(return_activity) <= 100)
        )""",
        """CREATE TABLE injury_profile_history (
            profile_id INTEGER NOT NULL REFERENCES injury_profiles (id) ON DELETE CASCADE,
            item TEXT NOT NULL CHECK (length(item) BETWEEN 1 AND 40),
            PRIMARY KEY (profile_id, item)
        ) WITHOUT ROWID""",
        *_revision_triggers(_INJURY_TABLES),
    ]:
        db.execute(statement)


_RETURN_TO_SPORT_TABLES = ("measures", "running_entries")
_LEGS = ", ".join(f"'{leg.value}'" for leg in Leg)
_MEASURE_KINDS = ", ".join(f"'{kind.value}'" for kind in MeasureKind)
_UNITS = ", ".join(f"'{unit.value}'" for unit in StrengthUnit)


@migrations(name="0003_return_to_sport")
def _m0003_return_to_sport(db: Database) -> None:
    # The tests on both legs and the running progression (docs/rules.md §9). A test's range
    # and a step's name are checked in the core; the table holds only what any version allows.
    # NUMERIC keeps whole numbers whole (17 repetitions read back as 17, not 17.0).
    for statement in [
        f"""CREATE TABLE measures (
            id INTEGER PRIMARY KEY,
            day TEXT NOT NULL {_DAY_CHECK.format("day")},
            leg TEXT NOT NULL CHECK (leg IN ({_LEGS})),
            kind TEXT NOT NULL CHECK (kind IN ({_MEASURE_KINDS})),
            value NUMERIC NOT NULL
                CHECK (typeof(value) IN ('integer', 'real') AND value >= 0 AND value <= 1500),
            unit TEXT CHECK (unit IS NULL OR unit IN ({_UNITS})),
            {_optional_int("pain", 0, 10)},
            created_at TEXT NOT NULL
        )""",
        "CREATE INDEX measures_by_day ON measures (day)",
        f"""CREATE TABLE running_entries (
            id INTEGER PRIMARY KEY,
            day TEXT NOT NULL {_DAY_CHECK.format("day")},
            step TEXT NOT NULL CHECK (length(step) BETWEEN 1 AND 40),
            effort INTEGER NOT NULL
                CHECK (typeof(effort) = 'integer' AND effort BETWEEN 1 AND 100),
            {_pain_column("pain")},
            note TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 300),
            created_at TEXT NOT NULL
        )""",
        "CREATE INDEX running_entries_by_day ON running_entries (day)",
        *_revision_triggers(_RETURN_TO_SPORT_TABLES),
    ]:
        db.execute(statement)


_PSFS_TABLES = ("psfs_responses", "psfs_ratings")


@migrations(name="0004_psfs")
def _m0004_psfs(db: Database) -> None:
    # The Patient-Specific Functional Scale (docs/rules.md §9): each rating day's activities, in
    # the person's own words and order, and the rating of each (empty when left unrated). The
    # count of activities (3–5) and their names being distinct are checked in the core.
    for statement in [
        f"""CREATE TABLE psfs_responses (
            id INTEGER PRIMARY KEY,
            day TEXT NOT NULL {_DAY_CHECK.format("day")},
            created_at TEXT NOT NULL
        )""",
        "CREATE INDEX psfs_responses_by_day ON psfs_responses (day)",
        f"""CREATE TABLE psfs_ratings (
            response_id INTEGER NOT NULL REFERENCES psfs_responses (id) ON DELETE CASCADE,
            position INTEGER NOT NULL
                CHECK (typeof(position) = 'integer'
                    AND position BETWEEN 0 AND {PSFS_MAX_ACTIVITIES - 1}),
            activity TEXT NOT NULL
                CHECK (length(activity) BETWEEN 1 AND {PSFS_ACTIVITY_MAX_CHARS}),
            {_optional_int("rating", PSFS_RATING_MIN, PSFS_RATING_MAX)},
            PRIMARY KEY (response_id, position)
        ) WITHOUT ROWID""",
        *_revision_triggers(_PSFS_TABLES),
    ]:
        db.execute(statement)


_REVISED_TABLES = (
    _CHANGE_TRACKED_TABLES + _INJURY_TABLES + _RETURN_TO_SPORT_TABLES + _PSFS_TABLES + ("profile",)
)
"""Every table with a revision of its own ("profile": its weekly target)."""


@migrations(name="0005_table_revisions")
def _m0005_table_revisions(db: Database) -> None:
    # A revision per table beside the one for everything: a page keyed on the tables it reads
    # keeps its cached result when only other records change (the tests on both legs stay
    # worked out when a check-in is saved). Each starts at the overall revision, which every
    # table's stays at or under, so a restore can move them all past any value cached before.
    db.execute(
        """CREATE TABLE table_revisions (
            name TEXT PRIMARY KEY CHECK (length(name) BETWEEN 1 AND 60),
            revision INTEGER NOT NULL
        ) WITHOUT ROWID"""
    )
    for table in _REVISED_TABLES:
        db.execute(
            "INSERT INTO table_revisions (name, revision) "
            "SELECT ?, revision FROM profile WHERE id = 1",
            [table],
        )
        events = (
            ("UPDATE OF weekly_target",) if table == "profile" else ("INSERT", "UPDATE", "DELETE")
        )
        for event in events:
            db.execute(
                f"CREATE TRIGGER {table}_{event.split()[0].lower()}_table_revision "
                f"AFTER {event} ON {table} BEGIN UPDATE table_revisions "
                f"SET revision = revision + 1 WHERE name = '{table}'; END"
            )


SCHEMA_VERSION = len(migrations._migrations)
"""The schema version this code writes; stored in PRAGMA user_version."""


# ---------------------------------------------------------------------------------------------
# Opening a database.


def default_db_path() -> Path:
    """`HAMTRACK_DB` if set, else `data/hamtrack.db` in the project folder."""
    named = os.environ.get("HAMTRACK_DB", "").strip()
    if named:
        return Path(named).expanduser()
    project = Path(__file__).resolve().parent.parent
    if not (project / "streamlit_app.py").exists():
        project = Path.cwd()
    return project / "data" / "hamtrack.db"


def _raw_connect(path: Path) -> sqlite3.Connection:
    # Autocommit mode: transactions are begun explicitly (BEGIN IMMEDIATE) so that the write
    # lock is taken up front; sqlite3's implicit BEGIN would deadlock two read-then-write tabs.
    conn = sqlite3.connect(
        path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False
    )
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    return conn


def _configure(conn: sqlite3.Connection) -> None:
    conn.execute("PRAGMA journal_mode = WAL")
    # FULL: a session logged just before a power cut is still there afterwards; the cost is one
    # extra fsync per commit, which the benchmark shows is well inside the save budget.
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")


def _has_sqlite_header(path: Path) -> bool:
    try:
        with path.open("rb") as file:
            return file.read(16) == b"SQLite format 3\x00"
    except OSError:
        return False


def _read_only_uri(path: Path | str) -> str:
    """A read-only SQLite URI that names exactly `path`.

    In a URI, `#` starts a fragment, `?` the options and `%` an escape: unquoted, `notes #2.db`
    would open `notes `. Every character of the path is quoted except the separators.
    """
    absolute = Path(path).absolute().as_posix()
    return f"file:{urllib.parse.quote(absolute, safe='/')}?mode=ro"


def _connect_read_only(path: Path | str) -> sqlite3.Connection:
    return sqlite3.connect(
        _read_only_uri(path), uri=True, isolation_level=None, check_same_thread=False
    )


def inspect_file(path: Path) -> int:
    """Check that an existing file is a usable HamTrack database; returns its schema version.

    Runs the same checks as `hamtrack check` (SQLite's full integrity check and the
    foreign-key check), so a file `check` calls damaged is never written to. Reads only: a
    refused file stays byte-for-byte as it was.
    """
    name = str(path)
    try:
        conn = _connect_read_only(path)
    except sqlite3.Error as exc:
        raise NotADatabaseFile(f"{name} cannot be opened ({exc}). Check the path.") from exc
    try:
        try:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            tables = conn.execute("SELECT count(*) FROM sqlite_schema").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            if _has_sqlite_header(Path(path)):
                raise DamagedDatabase(
                    f"{name} is damaged or cut short ({exc}). Restore it from a backup; HamTrack "
                    "has not changed it."
                ) from exc
            raise NotADatabaseFile(
                f"{name} is not a database file. Point HAMTRACK_DB (or --db) at your HamTrack "
                "database, or restore one from a backup."
            ) from exc
        try:
            problems = _integrity_rows(conn)
        except sqlite3.DatabaseError as exc:
            problems = [str(exc)]
        if problems:
            raise DamagedDatabase(
                f"{name} is damaged ({problems[0]}). Restore it from a backup; HamTrack has not "
                "changed it."
            )
        if app_id != APPLICATION_ID:
            if app_id == 0 and tables == 0:
                return 0
            raise ForeignDatabase(
                f"{name} is a SQLite database of another program, not HamTrack's. Choose another "
                "file; HamTrack has not changed this one."
            )
        if version > SCHEMA_VERSION:
            raise NewerSchema(
                f"{name} was written by a newer HamTrack (schema {version}, this one knows up to "
                f"{SCHEMA_VERSION}). Update HamTrack to open it."
            )
        altered = _altered_schema(conn, version)
        if altered:
            raise AlteredDatabase(
                f"{name} was changed outside HamTrack ({altered[0]}). Restore it from a backup; "
                "HamTrack has not changed it."
            )
        return version
    finally:
        conn.close()


def _altered_schema(conn: sqlite3.Connection, version: int) -> list[str]:
    """Tables, triggers or views missing, and triggers or views HamTrack does not make.

    Names only, so a file is never refused for how SQLite wrote a statement down; `restore`
    compares every statement in full.
    """
    if version < 1:
        return []
    found = _schema_of(conn).keys()
    expected = expected_schema(version).keys()
    problems = [
        f"the {kind} {name} is missing"
        for kind, name in sorted(expected - found)
        if kind in ("table", "trigger", "view")
    ]
    problems += [
        f"it has a {kind} {name} HamTrack does not make"
        for kind, name in sorted(found - expected)
        if kind in ("trigger", "view")
    ]
    return problems


def schema_problems(db: Database) -> list[str]:
    """What `inspect_file` finds changed outside HamTrack in the tables, triggers and views."""
    return _altered_schema(db.conn, schema_version(db))


_checked_files: dict[tuple, int] = {}
_checked_lock = threading.Lock()


def _file_identity(path: Path) -> tuple | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    # In WAL mode a write lands in the -wal file and reaches the database file only at a
    # checkpoint, which another open connection can hold off: both files make the identity.
    try:
        wal = path.with_name(path.name + "-wal").stat()
        # An empty one (a connection opened it, nothing written yet) holds nothing to check.
        journal = (wal.st_size, wal.st_mtime_ns) if wal.st_size else None
    except OSError:
        journal = None
    return (
        str(path.absolute()),
        stat.st_dev,
        stat.st_ino,
        stat.st_size,
        stat.st_mtime_ns,
        journal,
    )


def _checked(path: Path) -> int:
    """`inspect_file`, run again only when the file is another one or its size or time moved.

    The full integrity check reads the whole file; this keeps it to once per version of the
    file instead of once per rerun. A damaged file is never remembered, so it stays refused.
    """
    identity = _file_identity(path)
    with _checked_lock:
        if identity is not None and identity in _checked_files:
            return _checked_files[identity]
    version = inspect_file(path)
    if identity is not None:
        with _checked_lock:
            _checked_files[identity] = version
    return version


_migrate_lock = threading.Lock()


def open_database(path: Path | str | None = None, *, create: bool = True) -> Database:
    """Open (and if needed create or migrate) a HamTrack database after checking it.

    With `create=False` a missing file is an error instead of a new database.
    """
    path = Path(path) if path is not None else default_db_path()
    exists = path.exists() and path.stat().st_size > 0
    if not exists and not create:
        raise MissingDatabase(f"{path} does not exist. Check the path, or create it first.")
    version = _checked(path) if exists else 0
    if not exists:
        path.parent.mkdir(parents=True, exist_ok=True)
    conn = _raw_connect(path)
    try:
        _configure(conn)
        if version < SCHEMA_VERSION:
            with _migrate_lock:
                _migrate(conn)
    except BaseException:
        conn.close()
        raise
    return Database(conn)


def connect(path: Path | str) -> Database:
    """A new connection to a database `open_database` has already checked (cheap, per rerun).

    When the file changed since it was last checked (another process wrote or replaced it),
    it is checked again first, so a file damaged meanwhile is refused before anything is written.
    """
    path = Path(path)
    if path.exists() and path.stat().st_size > 0:
        _checked(path)
    conn = _raw_connect(path)
    _configure(conn)
    return Database(conn)


def open_read_only(path: Path | str) -> Database:
    """A connection that cannot change the file, for checks: no migration, no journal switch.

    Call `inspect_file` first; this opens whatever is there.
    """
    conn = _connect_read_only(path)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    return Database(conn)


def _migrate(conn: sqlite3.Connection) -> None:
    db = Database(conn)
    conn.execute("BEGIN IMMEDIATE")
    try:
        # Another process may have migrated while this one waited for the lock.
        if conn.execute("PRAGMA user_version").fetchone()[0] < SCHEMA_VERSION:
            migrations.apply(db)
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def schema_version(db: Database) -> int:
    return db.execute("PRAGMA user_version").fetchone()[0]


def applied_migrations(db: Database) -> list[str]:
    return [m.name for m in migrations.applied(db)]


@contextlib.contextmanager
def write(db: Database) -> Iterator[Database]:
    """One write transaction, taking the write lock first; rolled back whole on any error."""
    conn = db.conn
    conn.execute("BEGIN IMMEDIATE")
    # Taken under the write lock: the file as this write finds it, checked or not.
    path, before = _checked_before_write(db)
    try:
        yield db
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    else:
        try:
            conn.execute("COMMIT")
        except BaseException:
            # A COMMIT refused (a deferred constraint, a full disk) leaves the transaction open.
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        _checked_after_write(path, before)


def _checked_before_write(db: Database) -> tuple[Path | None, tuple | None]:
    try:
        path = database_file(db)
    except StorageError:  # pragma: no cover - an in-memory database
        return None, None
    if not path.name:
        return None, None
    identity = _file_identity(path)
    with _checked_lock:
        return path, identity if identity in _checked_files else None


def _checked_after_write(path: Path | None, before: tuple | None) -> None:
    """A file checked before this process wrote to it stays checked: the change is our own.

    Without this the next rerun after every save would run the full integrity check again
    over the whole file; a change from anywhere else still moves the identity unrecorded.
    """
    if path is None or before is None:
        return
    after = _file_identity(path)
    if after is None:
        return
    with _checked_lock:
        version = _checked_files.pop(before, None)
        if version is not None:
            _checked_files[after] = version


def integrity_problems(db: Database) -> list[str]:
    """Everything `PRAGMA integrity_check` and the foreign-key check report; empty when healthy."""
    return _integrity_rows(db.conn)


def _integrity_rows(conn: sqlite3.Connection) -> list[str]:
    rows = [r[0] for r in conn.execute("PRAGMA integrity_check")]
    problems = [] if rows == ["ok"] else rows
    for table, rowid, parent, _ in conn.execute("PRAGMA foreign_key_check"):
        problems.append(f"{table} row {rowid} points at a missing {parent} row")
    return problems


def revision(db: Database) -> int:
    """A number that changes whenever any logged record changes (for cache keys)."""
    return db.execute("SELECT revision FROM profile WHERE id = 1").fetchone()[0]


def table_revisions(db: Database, tables: Iterable[str]) -> tuple[int, ...]:
    """For cache keys: a number per table, in the order given, that changes whenever that
    table's records change (and with every restore)."""
    names = tuple(tables)
    unknown = set(names) - set(_REVISED_TABLES)
    if unknown:
        raise ValueError(f"no revision is kept for {sorted(unknown)}")
    found = dict(db.execute("SELECT name, revision FROM table_revisions").fetchall())
    return tuple(found[name] for name in names)


def _stored(read: Callable[..., T]) -> Callable[..., T]:
    """Mark a reader of stored records: a record dated before the earliest day still reads."""

    @functools.wraps(read)
    def reading(*args: object, **kwargs: object) -> T:
        with reading_stored_records():
            return read(*args, **kwargs)

    return reading


def _now() -> str:
    return dt.datetime.now().isoformat(timespec="seconds")


def _iso(day: dt.date) -> str:
    return day.isoformat()


def _refuse_future(day: dt.date, today: dt.date | None, what: str = "The date") -> None:
    problems = check_not_future(day, today=today or dt.date.today(), what=what)
    problems += check_not_too_early(day, what=what)
    if problems:
        raise ValidationError(problems)


def _existing(db: Database, table: str, token: str | None) -> int | None:
    if token is None:
        return None
    row = db.execute(f"SELECT id FROM {table} WHERE client_token = ?", [token]).fetchone()
    return row[0] if row else None


def _require(db: Database, table: str, record_id: int) -> None:
    if db.execute(f"SELECT 1 FROM {table} WHERE id = ?", [record_id]).fetchone() is None:
        raise RecordMissing("That entry no longer exists (it may have been deleted elsewhere).")


# ---------------------------------------------------------------------------------------------
# Profile and settings.


@dataclass(frozen=True, slots=True)
class Profile:
    weekly_target: int
    is_demo: bool
    created_at: str


def get_profile(db: Database) -> Profile:
    row = db.execute(
        "SELECT weekly_target, is_demo, created_at FROM profile WHERE id = 1"
    ).fetchone()
    return Profile(weekly_target=row[0], is_demo=bool(row[1]), created_at=row[2])


def set_weekly_target(db: Database, target: int) -> None:
    target = check_weekly_target(target)
    with write(db):
        # Adherence depends on the target, so cached adherence must see the change.
        db.execute(
            "UPDATE profile SET weekly_target = ?, revision = revision + 1 WHERE id = 1", [target]
        )


def mark_demo(db: Database, is_demo: bool = True) -> None:
    with write(db):
        db.execute("UPDATE profile SET is_demo = ? WHERE id = 1", [int(is_demo)])


def is_empty(db: Database) -> bool:
    """True when nothing has been logged yet (a first-time user)."""
    row = db.execute(
        "SELECT NOT EXISTS (SELECT 1 FROM check_ins) AND NOT EXISTS (SELECT 1 FROM sessions) "
        "AND NOT EXISTS (SELECT 1 FROM questionnaire_responses)"
    ).fetchone()
    return bool(row[0])


def record_counts(db: Database) -> dict[str, int]:
    """How many rows each logged table holds (for checks and reports)."""
    return {
        table: db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        for table in (
            _CHANGE_TRACKED_TABLES + _INJURY_TABLES + _RETURN_TO_SPORT_TABLES + _PSFS_TABLES
        )
    }


# ---------------------------------------------------------------------------------------------
# Check-ins.

_CHECK_IN_COLUMNS = (
    "day, time, pain_left_hamstring, pain_right_hamstring, pain_low_back, stiffness, note"
)


def _check_in_params(ci: CheckIn) -> list[object]:
    return [
        _iso(ci.day),
        ci.time.strftime("%H:%M"),
        ci.pain[Region.LEFT_HAMSTRING],
        ci.pain[Region.RIGHT_HAMSTRING],
        ci.pain[Region.LOW_BACK],
        ci.stiffness,
        ci.note,
    ]


def _write_red_flags(db: Database, check_in_id: int, flags: Iterable[str]) -> None:
    db.execute("DELETE FROM check_in_red_flags WHERE check_in_id = ?", [check_in_id])
    for flag in sorted(flags):
        db.execute(
            "INSERT INTO check_in_red_flags (check_in_id, flag) VALUES (?, ?)", [check_in_id, flag]
        )


def _insert_check_in(db: Database, ci: CheckIn, token: str | None) -> int:
    cursor = db.execute(
        f"INSERT INTO check_ins ({_CHECK_IN_COLUMNS}, client_token, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [*_check_in_params(ci), token, _now()],
    )
    check_in_id = cursor.lastrowid
    _write_red_flags(db, check_in_id, ci.red_flags)
    return check_in_id


def _refuse_future_moment(ci: CheckIn, today: dt.date | None, now: dt.datetime | None) -> None:
    if now is not None and dt.datetime.combine(ci.day, ci.time) > now:
        raise ValidationError(
            [
                f"{ci.day.isoformat()} {ci.time:%H:%M} is still to come; a check-in is about now "
                "or earlier."
            ]
        )
    _refuse_future(ci.day, today or (now.date() if now else None))


def add_check_in(
    db: Database,
    ci: CheckIn,
    *,
    token: str | None = None,
    today: dt.date | None = None,
    now: dt.datetime | None = None,
) -> int:
    """Store a check-in and return its id; a repeated `token` returns the first one's id.

    A day after `today` is refused; with `now`, so is a later time of day.
    """
    _refuse_future_moment(ci, today, now)
    with write(db):
        existing = _existing(db, "check_ins", token)
        if existing is not None:
            return existing
        return _insert_check_in(db, ci, token)


def _stored_or_none(read: Callable[[Database, int], T], db: Database, record_id: int) -> T | None:
    try:
        return read(db, record_id)
    except RecordMissing:
        return None


def _refuse_if_changed(stored: object, opened: object, what: str) -> None:
    if stored is None:
        raise RecordChanged(
            f"This {what} no longer exists (it was deleted in another tab, or replaced by a "
            "restore or an import), so your edit was not saved and nothing was changed. Your "
            "entries are still here: note them, then choose “Cancel editing”."
        )
    if stored != opened:
        raise RecordChanged(
            f"This {what} changed since you opened it (in another tab, or by a restore or an "
            "import), so your edit was not saved and nothing was changed. Your entries are still "
            f"here: note them, choose “Cancel editing”, then open the {what} again."
        )


def update_check_in(
    db: Database,
    check_in_id: int,
    ci: CheckIn,
    *,
    opened: CheckIn,
    today: dt.date | None = None,
    now: dt.datetime | None = None,
) -> None:
    """Replace check-in `check_in_id` with `ci`, if it is still stored as `opened` (what the
    edit started from); otherwise RecordChanged (or RecordMissing) and nothing is written."""
    _refuse_future_moment(ci, today, now)
    with write(db):
        # Compared inside the write transaction, so nothing can change it in between.
        _refuse_if_changed(_stored_or_none(get_check_in, db, check_in_id), opened, "check-in")
        db.execute(
            "UPDATE check_ins SET day = ?, time = ?, pain_left_hamstring = ?, "
            "pain_right_hamstring = ?, pain_low_back = ?, stiffness = ?, note = ?, "
            "updated_at = ? WHERE id = ?",
            [*_check_in_params(ci), _now(), check_in_id],
        )
        _write_red_flags(db, check_in_id, ci.red_flags)


def delete_check_in(db: Database, check_in_id: int) -> None:
    with write(db):
        _require(db, "check_ins", check_in_id)
        db.execute("DELETE FROM check_ins WHERE id = ?", [check_in_id])


def _row_to_check_in(row: sqlite3.Row | tuple, flags: str | None) -> CheckIn:
    day, time, left, right, back, stiffness, note = row
    return CheckIn(
        day=dt.date.fromisoformat(day),
        time=dt.time.fromisoformat(time),
        pain={Region.LEFT_HAMSTRING: left, Region.RIGHT_HAMSTRING: right, Region.LOW_BACK: back},
        stiffness=stiffness,
        note=note,
        red_flags=frozenset(flags.split(",")) if flags else frozenset(),
    )


_CHECK_IN_SELECT = (
    f"SELECT id, {_CHECK_IN_COLUMNS}, "
    "(SELECT group_concat(flag, ',') FROM check_in_red_flags f WHERE f.check_in_id = c.id) "
    "FROM check_ins c"
)


@_stored
def get_check_in(db: Database, check_in_id: int) -> CheckIn:
    row = db.execute(f"{_CHECK_IN_SELECT} WHERE id = ?", [check_in_id]).fetchone()
    if row is None:
        raise RecordMissing("That check-in no longer exists.")
    return _row_to_check_in(row[1:8], row[8])


@_stored
def recent_check_ins(db: Database, *, limit: int = 50, offset: int = 0) -> list[Saved[CheckIn]]:
    """Check-ins newest first, for the history screen."""
    rows = db.execute(
        f"{_CHECK_IN_SELECT} ORDER BY day DESC, time DESC, id DESC LIMIT ? OFFSET ?",
        [limit, offset],
    ).fetchall()
    return [Saved(row[0], _row_to_check_in(row[1:8], row[8])) for row in rows]


@_stored
def check_ins(
    db: Database, *, since: dt.date | None = None, until: dt.date | None = None
) -> list[CheckIn]:
    """Every check-in in the range, oldest first (by day, time, then the order saved)."""
    where, params = _day_range("day", since, until)
    rows = db.execute(f"{_CHECK_IN_SELECT}{where} ORDER BY day, time, id", params)
    return [_row_to_check_in(row[1:8], row[8]) for row in rows]


def _day_range(column: str, since: dt.date | None, until: dt.date | None) -> tuple[str, list]:
    clauses, params = [], []
    if since is not None:
        clauses.append(f"{column} >= ?")
        params.append(_iso(since))
    if until is not None:
        clauses.append(f"{column} <= ?")
        params.append(_iso(until))
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


def _frame(db: Database, sql: str, params: list, dates: Iterable[str] = ("day",)) -> pd.DataFrame:
    cursor = db.execute(sql, params)
    columns = [d[0] for d in cursor.description]
    frame = pd.DataFrame.from_records(cursor.fetchall(), columns=columns)
    for column in dates:
        frame[column] = pd.to_datetime(frame[column], format="%Y-%m-%d")
    return frame


def check_ins_frame(
    db: Database, *, since: dt.date | None = None, until: dt.date | None = None
) -> pd.DataFrame:
    """Every check-in in the range, oldest first, one row each.

    Columns: id, day (datetime64), time ('HH:MM'), pain_left_hamstring, pain_right_hamstring,
    pain_low_back, pain (the highest region), stiffness, note, red_flags (comma-joined keys),
    created_at, updated_at.
    """
    where, params = _day_range("day", since, until)
    return _frame(
        db,
        "SELECT id, day, time, pain_left_hamstring, pain_right_hamstring, pain_low_back, "
        "max(pain_left_hamstring, pain_right_hamstring, pain_low_back) AS pain, stiffness, note, "
        "coalesce((SELECT group_concat(flag, ',') FROM check_in_red_flags f "
        "WHERE f.check_in_id = c.id), '') AS red_flags, created_at, updated_at "
        f"FROM check_ins c{where} ORDER BY day, time, id",
        params,
    )


def daily_pain_frame(
    db: Database, *, since: dt.date | None = None, until: dt.date | None = None
) -> pd.DataFrame:
    """One row per day with check-ins: the day's morning pain and its mean, min and max.

    Morning pain and stiffness are those of the day's first check-in before noon, or missing
    (docs/rules.md §2). Columns: day, check_ins, morning_pain, morning_stiffness, mean_pain,
    min_pain, max_pain, mean_stiffness, and each region's morning pain: morning_left_hamstring,
    morning_right_hamstring, morning_low_back (the flags judge each region on its own, §3).
    """
    where, params = _day_range("day", since, until)
    return _frame(
        db,
        "WITH c AS (SELECT id, day, time, stiffness, pain_left_hamstring, "
        "pain_right_hamstring, pain_low_back, "
        "max(pain_left_hamstring, pain_right_hamstring, pain_low_back) AS pain FROM check_ins"
        f"{where}), "
        "first_morning AS (SELECT day, pain, stiffness, pain_left_hamstring, "
        "pain_right_hamstring, pain_low_back, row_number() OVER "
        "(PARTITION BY day ORDER BY time, id) AS n FROM c WHERE time < '12:00') "
        "SELECT c.day, count(*) AS check_ins, m.pain AS morning_pain, "
        "m.stiffness AS morning_stiffness, avg(c.pain) AS mean_pain, min(c.pain) AS min_pain, "
        "max(c.pain) AS max_pain, avg(c.stiffness) AS mean_stiffness, "
        "m.pain_left_hamstring AS morning_left_hamstring, "
        "m.pain_right_hamstring AS morning_right_hamstring, m.pain_low_back AS morning_low_back "
        "FROM c LEFT JOIN first_morning m ON m.day = c.day AND m.n = 1 "
        "GROUP BY c.day ORDER BY c.day",
        params,
    )


# ---------------------------------------------------------------------------------------------
# Sessions.

_EXERCISE_COLUMNS = "exercise, side, sets, reps, hold_s, band_level, pain_during, note"


def _insert_exercises(db: Database, session_id: int, exercises: Iterable[ExerciseDone]) -> None:
    for position, e in enumerate(exercises):
        db.execute(
            f"INSERT INTO session_exercises (session_id, position, {_EXERCISE_COLUMNS}) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                session_id,
                position,
                e.exercise,
                Side(e.side).value,
                e.sets,
                e.reps,
                e.hold_s,
                e.band_level,
                e.pain_during,
                e.note,
            ],
        )


def _insert_session(db: Database, session: Session, token: str | None) -> int:
    cursor = db.execute(
        "INSERT INTO sessions (day, note, client_token, created_at) VALUES (?, ?, ?, ?)",
        [_iso(session.day), session.note, token, _now()],
    )
    _insert_exercises(db, cursor.lastrowid, session.exercises)
    return cursor.lastrowid


def add_session(
    db: Database, session: Session, *, token: str | None = None, today: dt.date | None = None
) -> int:
    """Store a session with its exercises in one transaction; a repeated `token` is a no-op."""
    _refuse_future(session.day, today)
    with write(db):
        existing = _existing(db, "sessions", token)
        if existing is not None:
            return existing
        return _insert_session(db, session, token)


def update_session(
    db: Database,
    session_id: int,
    session: Session,
    *,
    opened: Session,
    today: dt.date | None = None,
) -> None:
    """Replace session `session_id` with `session`, if it is still stored as `opened` (what the
    edit started from); otherwise RecordChanged (or RecordMissing) and nothing is written."""
    _refuse_future(session.day, today)
    with write(db):
        _refuse_if_changed(_stored_or_none(get_session, db, session_id), opened, "session")
        db.execute(
            "UPDATE sessions SET day = ?, note = ?, updated_at = ? WHERE id = ?",
            [_iso(session.day), session.note, _now(), session_id],
        )
        db.execute("DELETE FROM session_exercises WHERE session_id = ?", [session_id])
        _insert_exercises(db, session_id, session.exercises)


def delete_session(db: Database, session_id: int) -> None:
    with write(db):
        _require(db, "sessions", session_id)
        db.execute("DELETE FROM sessions WHERE id = ?", [session_id])


def _exercises_of(db: Database, session_ids: list[int]) -> dict[int, list[ExerciseDone]]:
    found: dict[int, list[ExerciseDone]] = {i: [] for i in session_ids}
    if not session_ids:
        return found
    marks = ", ".join("?" for _ in session_ids)
    rows = db.execute(
        f"SELECT session_id, {_EXERCISE_COLUMNS} FROM session_exercises "
        f"WHERE session_id IN ({marks}) ORDER BY session_id, position",
        session_ids,
    )
    for row in rows:
        found[row[0]].append(_row_to_exercise(row[1:]))
    return found


def _row_to_exercise(row: sqlite3.Row | tuple) -> ExerciseDone:
    exercise, side, sets, reps, hold_s, band, pain, note = row
    return ExerciseDone(
        exercise=exercise,
        side=Side(side),
        sets=sets,
        reps=reps,
        hold_s=hold_s,
        band_level=band,
        pain_during=pain,
        note=note,
    )


@_stored
def sessions(
    db: Database, *, since: dt.date | None = None, until: dt.date | None = None
) -> list[Session]:
    """Every session in the range with its exercises in order, oldest first."""
    where, params = _day_range("s.day", since, until)
    rows = db.execute(
        "SELECT s.id, s.day, s.note, e.exercise, e.side, e.sets, e.reps, e.hold_s, e.band_level, "
        "e.pain_during, e.note "
        f"FROM sessions s JOIN session_exercises e ON e.session_id = s.id{where} "
        "ORDER BY s.day, s.id, e.position",
        params,
    )
    found: list[Session] = []
    # One pass over rows ordered by session (a query per session costs seconds at ten years).
    for _, group in itertools.groupby(rows, key=lambda row: row[0]):
        members = list(group)
        found.append(
            Session(
                day=dt.date.fromisoformat(members[0][1]),
                note=members[0][2],
                exercises=tuple(_row_to_exercise(row[3:]) for row in members),
            )
        )
    return found


@_stored
def get_session(db: Database, session_id: int) -> Session:
    row = db.execute("SELECT day, note FROM sessions WHERE id = ?", [session_id]).fetchone()
    if row is None:
        raise RecordMissing("That session no longer exists.")
    exercises = _exercises_of(db, [session_id])[session_id]
    return Session(day=dt.date.fromisoformat(row[0]), note=row[1], exercises=tuple(exercises))


@_stored
def recent_sessions(db: Database, *, limit: int = 50, offset: int = 0) -> list[Saved[Session]]:
    """Sessions newest first, each with its exercises, for the history screen."""
    rows = db.execute(
        "SELECT id, day, note FROM sessions ORDER BY day DESC, id DESC LIMIT ? OFFSET ?",
        [limit, offset],
    ).fetchall()
    exercises = _exercises_of(db, [r[0] for r in rows])
    return [
        Saved(
            r[0],
            Session(day=dt.date.fromisoformat(r[1]), note=r[2], exercises=tuple(exercises[r[0]])),
        )
        for r in rows
    ]


HISTORY_KINDS = ("check_in", "session")
HISTORY_COLUMNS = (
    "kind",
    "id",
    "day",
    "time",
    "pain",
    "stiffness",
    "exercises",
    "warning_signs",
    "note",
)


def _history_newest(
    kinds: Iterable[str], since: dt.date | None, until: dt.date | None, rows: int
) -> tuple[str, list]:
    # Each table gives at most its newest `rows` entries, read backwards along its day index,
    # so a page costs the rows before it, not the whole history.
    parts, params = [], []
    if "check_in" in kinds:
        where, found = _day_range("day", since, until)
        parts.append(
            "SELECT * FROM (SELECT 'check_in' AS kind, id, day, time, "
            "max(pain_left_hamstring, pain_right_hamstring, pain_low_back) AS pain, stiffness, "
            f"note FROM check_ins{where} ORDER BY day DESC, time DESC, id DESC LIMIT ?)"
        )
        params += [*found, rows]
    if "session" in kinds:
        where, found = _day_range("day", since, until)
        parts.append(
            "SELECT * FROM (SELECT 'session' AS kind, id, day, '' AS time, NULL AS pain, "
            f"NULL AS stiffness, note FROM sessions{where} ORDER BY day DESC, id DESC LIMIT ?)"
        )
        params += [*found, rows]
    return " UNION ALL ".join(parts), params


def history_page(
    db: Database,
    *,
    kinds: Iterable[str] = HISTORY_KINDS,
    since: dt.date | None = None,
    until: dt.date | None = None,
    limit: int = 50,
    offset: int = 0,
) -> pd.DataFrame:
    """One page of check-ins and sessions together, newest first, for the History table.

    Columns: kind ('check_in' or 'session'), id, day (datetime64), time ('HH:MM', '' for a
    session), pain (the worst region, or the worst exercise), stiffness (check-ins), exercises
    (the session's exercise slugs in order, comma-joined), warning_signs (how many were
    ticked), note.
    """
    union, params = _history_newest(tuple(kinds), since, until, offset + limit)
    if not union:
        return _frame(
            db, f"SELECT {', '.join(f'NULL AS {c}' for c in HISTORY_COLUMNS)} LIMIT 0", []
        )
    # The exercises and warning signs are looked up for the rows shown only.
    return _frame(
        db,
        "SELECT kind, id, day, time, CASE kind WHEN 'session' THEN (SELECT max(pain_during) "
        "FROM session_exercises e WHERE e.session_id = p.id) ELSE pain END AS pain, stiffness, "
        "CASE kind WHEN 'session' THEN (SELECT group_concat(exercise, ',') FROM (SELECT exercise "
        "FROM session_exercises e WHERE e.session_id = p.id ORDER BY position)) ELSE '' END "
        "AS exercises, CASE kind WHEN 'check_in' THEN (SELECT count(*) FROM check_in_red_flags f "
        "WHERE f.check_in_id = p.id) ELSE 0 END AS warning_signs, note "
        f"FROM ({union}) p ORDER BY day DESC, time DESC, id DESC LIMIT ? OFFSET ?",
        [*params, limit, offset],
    )


def history_count(
    db: Database,
    *,
    kinds: Iterable[str] = HISTORY_KINDS,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> int:
    """How many check-ins and sessions `history_page` pages through with the same filters."""
    kinds = tuple(kinds)
    total = 0
    # Counted along each table's day index, without reading a row.
    for kind, table in (("check_in", "check_ins"), ("session", "sessions")):
        if kind in kinds:
            where, params = _day_range("day", since, until)
            total += db.execute(f"SELECT count(*) FROM {table}{where}", params).fetchone()[0]
    return total


def sessions_frame(
    db: Database, *, since: dt.date | None = None, until: dt.date | None = None
) -> pd.DataFrame:
    """One row per session, oldest first: id, day, note, exercises (count), max_pain, mean_pain."""
    where, params = _day_range("s.day", since, until)
    return _frame(
        db,
        "SELECT s.id, s.day, s.note, count(e.id) AS exercises, max(e.pain_during) AS max_pain, "
        "avg(e.pain_during) AS mean_pain FROM sessions s "
        f"LEFT JOIN session_exercises e ON e.session_id = s.id{where} "
        "GROUP BY s.id ORDER BY s.day, s.id",
        params,
    )


def session_days_frame(db: Database, *, until: dt.date | None = None) -> pd.DataFrame:
    """One row per session, oldest first, with only its id and day: what adherence counts,
    read without joining every exercise ever logged (`sessions_frame` has the rest)."""
    where, params = _day_range("day", None, until)
    return _frame(db, f"SELECT id, day FROM sessions{where} ORDER BY day, id", params)


def session_exercises_frame(
    db: Database, *, since: dt.date | None = None, until: dt.date | None = None
) -> pd.DataFrame:
    """Every exercise done, one row each, oldest first.

    Columns: session_id, day, session_note, position, exercise, side, sets, reps, hold_s,
    band_level, pain_during, note.
    """
    where, params = _day_range("s.day", since, until)
    return _frame(
        db,
        "SELECT s.id AS session_id, s.day, s.note AS session_note, e.position, e.exercise, "
        "e.side, e.sets, e.reps, e.hold_s, e.band_level, e.pain_during, e.note "
        f"FROM session_exercises e JOIN sessions s ON s.id = e.session_id{where} "
        "ORDER BY s.day, s.id, e.position",
        params,
    )


def days_with_exercise(db: Database, exercise: str, *, until: dt.date) -> tuple[dt.date, ...]:
    """The days up to `until` with `exercise` in a session, oldest first, each once."""
    rows = db.execute(
        "SELECT DISTINCT s.day FROM session_exercises e JOIN sessions s ON s.id = e.session_id "
        "WHERE e.exercise = ? AND s.day <= ? ORDER BY s.day",
        [exercise, _iso(until)],
    )
    return tuple(dt.date.fromisoformat(day) for (day,) in rows)


# ---------------------------------------------------------------------------------------------
# Questionnaire responses. Every section's answer is stored; scores are always derived.


def _insert_answers(db: Database, response_id: int, response: QuestionnaireResponse) -> None:
    for index, (section, answer) in enumerate(
        zip(response.section_ids, response.answers, strict=True)
    ):
        db.execute(
            "INSERT INTO questionnaire_answers (response_id, section_index, section_id, answer) "
            "VALUES (?, ?, ?, ?)",
            [response_id, index, section, answer],
        )


def _insert_response(db: Database, response: QuestionnaireResponse, token: str | None) -> int:
    cursor = db.execute(
        "INSERT INTO questionnaire_responses (day, questionnaire_id, questionnaire_version, note, "
        "client_token, created_at) VALUES (?, ?, ?, ?, ?, ?)",
        [
            _iso(response.day),
            response.questionnaire_id,
            response.questionnaire_version,
            response.note,
            token,
            _now(),
        ],
    )
    _insert_answers(db, cursor.lastrowid, response)
    return cursor.lastrowid


def add_questionnaire_response(
    db: Database,
    response: QuestionnaireResponse,
    *,
    token: str | None = None,
    today: dt.date | None = None,
) -> int:
    _refuse_future(response.day, today)
    with write(db):
        existing = _existing(db, "questionnaire_responses", token)
        if existing is not None:
            return existing
        return _insert_response(db, response, token)


def update_questionnaire_response(
    db: Database,
    response_id: int,
    response: QuestionnaireResponse,
    *,
    opened: QuestionnaireResponse | None = None,
    today: dt.date | None = None,
) -> None:
    """Replace questionnaire `response_id` with `response`; given what the edit `opened` on, only
    if it is still stored as that (otherwise RecordChanged, and nothing is written)."""
    _refuse_future(response.day, today)
    with write(db):
        _require(db, "questionnaire_responses", response_id)
        if opened is not None:
            _refuse_if_changed(
                _stored_or_none(get_questionnaire_response, db, response_id),
                opened,
                "questionnaire",
            )
        db.execute(
            "UPDATE questionnaire_responses SET day = ?, questionnaire_id = ?, "
            "questionnaire_version = ?, note = ?, updated_at = ? WHERE id = ?",
            [
                _iso(response.day),
                response.questionnaire_id,
                response.questionnaire_version,
                response.note,
                _now(),
                response_id,
            ],
        )
        db.execute("DELETE FROM questionnaire_answers WHERE response_id = ?", [response_id])
        _insert_answers(db, response_id, response)


def delete_questionnaire_response(db: Database, response_id: int) -> None:
    with write(db):
        _require(db, "questionnaire_responses", response_id)
        db.execute("DELETE FROM questionnaire_responses WHERE id = ?", [response_id])


ResponseRows = tuple[tuple[tuple, ...], tuple[tuple, ...]]
"""Questionnaire responses as stored: (id, day, questionnaire_id, questionnaire_version, note)
rows, and (response_id, section_id, answer) rows in section order."""


def _response_rows(db: Database, where: str, params: list) -> ResponseRows:
    # sqlite3 gives each row as a tuple already: fetchall keeps the ten years of answers out
    # of a Python loop.
    heads = tuple(
        db.execute(
            "SELECT id, day, questionnaire_id, questionnaire_version, note "
            f"FROM questionnaire_responses {where}",
            params,
        ).fetchall()
    )
    if not heads:
        return (), ()
    ids = [h[0] for h in heads]
    marks = ", ".join("?" for _ in ids)
    answers = tuple(
        db.execute(
            "SELECT response_id, section_id, answer FROM questionnaire_answers "
            f"WHERE response_id IN ({marks}) ORDER BY response_id, section_index",
            ids,
        ).fetchall()
    )
    return heads, answers


@_stored
def responses_from_rows(rows: ResponseRows) -> list[Saved[QuestionnaireResponse]]:
    """The responses `questionnaire_rows` read, as checked values."""
    heads, rows_of_answers = rows
    answers: dict[int, list[tuple[str, int | None]]] = {h[0]: [] for h in heads}
    for response_id, section, answer in rows_of_answers:
        answers[response_id].append((section, answer))
    return [
        Saved(
            h[0],
            QuestionnaireResponse(
                day=dt.date.fromisoformat(h[1]),
                questionnaire_id=h[2],
                questionnaire_version=h[3],
                note=h[4],
                section_ids=tuple(s for s, _ in answers[h[0]]),
                answers=tuple(a for _, a in answers[h[0]]),
            ),
        )
        for h in heads
    ]


def _responses(db: Database, where: str, params: list) -> list[Saved[QuestionnaireResponse]]:
    return responses_from_rows(_response_rows(db, where, params))


def questionnaire_rows(db: Database, *, until: dt.date | None = None) -> ResponseRows:
    """Every questionnaire response up to `until`, oldest first, as stored (see ResponseRows):
    for readers that work out something from them only when they changed."""
    where, params = _day_range("day", None, until)
    return _response_rows(db, f"{where} ORDER BY day ASC, id ASC", params)


@_stored
def get_questionnaire_response(db: Database, response_id: int) -> QuestionnaireResponse:
    found = _responses(db, "WHERE id = ?", [response_id])
    if not found:
        raise RecordMissing("That questionnaire no longer exists.")
    return found[0].value


@_stored
def questionnaire_responses(
    db: Database,
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
    newest_first: bool = False,
    limit: int | None = None,
) -> list[Saved[QuestionnaireResponse]]:
    """Questionnaire responses with every section's answer, oldest first unless asked."""
    where, params = _day_range("day", since, until)
    order = "DESC" if newest_first else "ASC"
    where += f" ORDER BY day {order}, id {order}"
    if limit is not None:
        where += " LIMIT ?"
        params.append(limit)
    return _responses(db, where, params)


def last_questionnaire_day(db: Database) -> dt.date | None:
    row = db.execute("SELECT max(day) FROM questionnaire_responses").fetchone()
    return dt.date.fromisoformat(row[0]) if row and row[0] else None


# ---------------------------------------------------------------------------------------------
# Phase, programme and pauses.


def set_phase(
    db: Database, phase: Phase, *, day: dt.date, note: str = "", today: dt.date | None = None
) -> int:
    """Record that the person moved to `phase` on `day` (phase history is kept, never edited)."""
    phase = Phase(phase)
    _refuse_future(day, today)
    with write(db):
        cursor = db.execute(
            "INSERT INTO phase_changes (day, phase, note, created_at) VALUES (?, ?, ?, ?)",
            [_iso(day), phase.value, note, _now()],
        )
        return cursor.lastrowid


def current_phase(db: Database) -> Phase | None:
    row = db.execute(
        "SELECT phase FROM phase_changes ORDER BY day DESC, id DESC LIMIT 1"
    ).fetchone()
    return Phase(row[0]) if row else None


def phase_changes_frame(db: Database) -> pd.DataFrame:
    """Every phase change, oldest first: id, day, phase, note."""
    return _frame(db, "SELECT id, day, phase, note FROM phase_changes ORDER BY day, id", [])


@_stored
def phase_changes(
    db: Database, *, since: dt.date | None = None, until: dt.date | None = None
) -> list[PhaseChange]:
    """Every move to a phase in the range, with its note, oldest first."""
    where, params = _day_range("day", since, until)
    rows = db.execute(f"SELECT day, phase, note FROM phase_changes{where} ORDER BY day, id", params)
    return [PhaseChange(dt.date.fromisoformat(r[0]), Phase(r[1]), r[2]) for r in rows]


@_stored
def programme(db: Database) -> list[ProgrammeExercise]:
    """The person's programme, in their order."""
    rows = db.execute(
        "SELECT exercise, sets, reps, hold_s, side, band_level, added_on "
        "FROM programme_exercises ORDER BY position, exercise"
    )
    return [
        ProgrammeExercise(
            exercise=r[0],
            sets=r[1],
            reps=r[2],
            hold_s=r[3],
            side=Side(r[4]),
            band_level=r[5],
            added_on=dt.date.fromisoformat(r[6]),
        )
        for r in rows
    ]


def save_programme(db: Database, items: Iterable[ProgrammeExercise]) -> None:
    """Replace the programme with `items` in one transaction."""
    items = list(items)
    _refuse_repeated_exercises(items)
    with write(db):
        _replace_programme(db, items)


def _refuse_repeated_exercises(items: list[ProgrammeExercise]) -> None:
    names = [item.exercise for item in items]
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise ValidationError(
            [f"{exercise_name(n)} is in the programme twice; keep it once." for n in repeated]
        )


def _replace_programme(db: Database, items: list[ProgrammeExercise]) -> None:
    db.execute("DELETE FROM programme_exercises")
    for position, item in enumerate(items):
        db.execute(
            "INSERT INTO programme_exercises "
            "(exercise, position, side, sets, reps, hold_s, band_level, added_on) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                item.exercise,
                position,
                Side(item.side).value,
                item.sets,
                item.reps,
                item.hold_s,
                item.band_level,
                _iso(item.added_on),
            ],
        )


def add_pause(db: Database, pause: Pause) -> int:
    with write(db):
        cursor = db.execute(
            "INSERT INTO pauses (start_day, end_day, reason, note) VALUES (?, ?, ?, ?)",
            [_iso(pause.start), _iso(pause.end), PauseReason(pause.reason).value, pause.note],
        )
        return cursor.lastrowid


def delete_pause(db: Database, pause_id: int) -> None:
    with write(db):
        _require(db, "pauses", pause_id)
        db.execute("DELETE FROM pauses WHERE id = ?", [pause_id])


@_stored
def pauses(db: Database) -> list[Saved[Pause]]:
    rows = db.execute(
        "SELECT id, start_day, end_day, reason, note FROM pauses ORDER BY start_day, id"
    )
    return [
        Saved(
            r[0],
            Pause(
                start=dt.date.fromisoformat(r[1]),
                end=dt.date.fromisoformat(r[2]),
                reason=PauseReason(r[3]),
                note=r[4],
            ),
        )
        for r in rows
    ]


# ---------------------------------------------------------------------------------------------
# Bulk writes (demo data, import): many records in one transaction, all or nothing.


Bundle = Records
"""The older name of `hamtrack.records.Records`, kept for the tests and benchmarks that use it."""


def store_bundle(
    db: Database,
    bundle: Records,
    *,
    today: dt.date | None = None,
    before_commit: Callable[[Database], None] | None = None,
) -> None:
    """Store every record of `bundle` in a single transaction: all of it or none of it.

    A programme, weekly target or demo mark left as None leaves the database's own alone.
    `before_commit` runs inside the transaction, last (the crash tests hold it open there).
    """
    _check_bundle(bundle, today)
    with write(db):
        insert_bundle(db, bundle, today=today)
        if before_commit is not None:
            before_commit(db)


def insert_bundle(db: Database, bundle: Records, *, today: dt.date | None = None) -> None:
    """Store `bundle` inside the write transaction the caller holds (`with write(db)`).

    For a caller that must read and decide under the same lock it writes with, as the importer
    does to find what the database already holds.
    """
    if not db.conn.in_transaction:
        raise RuntimeError("insert_bundle runs inside `with write(db)`.")
    programme = _check_bundle(bundle, today)
    for ci in bundle.check_ins:
        _insert_check_in(db, ci, None)
    for session in bundle.sessions:
        _insert_session(db, session, None)
    for response in bundle.responses:
        _insert_response(db, response, None)
    for change in bundle.phase_changes:
        db.execute(
            "INSERT INTO phase_changes (day, phase, note, created_at) VALUES (?, ?, ?, ?)",
            [_iso(change.day), Phase(change.phase).value, change.note, _now()],
        )
    for pause in bundle.pauses:
        db.execute(
            "INSERT INTO pauses (start_day, end_day, reason, note) VALUES (?, ?, ?, ?)",
            [_iso(pause.start), _iso(pause.end), PauseReason(pause.reason).value, pause.note],
        )
    for profile_change in bundle.injury_profile:
        _insert_profile_change(db, profile_change)
    _refuse_mixed_units(db, bundle.measures)
    for measure in bundle.measures:
        _insert_measure(db, measure)
    for entry in bundle.running:
        _insert_running(db, entry)
    for psfs in bundle.psfs:
        _insert_psfs(db, psfs)
    if bundle.weekly_target is not None:
        db.execute(
            "UPDATE profile SET weekly_target = ?, revision = revision + 1 WHERE id = 1",
            [check_weekly_target(bundle.weekly_target)],
        )
    if bundle.is_demo is not None:
        db.execute("UPDATE profile SET is_demo = ? WHERE id = 1", [int(bundle.is_demo)])
    if programme is not None:
        _replace_programme(db, programme)


def _check_bundle(bundle: Records, today: dt.date | None) -> list[ProgrammeExercise] | None:
    """Refuse records dated after today and a programme listing an exercise twice."""
    today = today or dt.date.today()
    problems: list[str] = []
    for kind, days in (
        ("check-in", [c.day for c in bundle.check_ins]),
        ("session", [s.day for s in bundle.sessions]),
        ("questionnaire", [r.day for r in bundle.responses]),
        ("phase change", [p.day for p in bundle.phase_changes]),
        ("saved injury profile", [c.changed_at.date() for c in bundle.injury_profile]),
        ("date of injury", [c.profile.injury_day for c in bundle.injury_profile]),
        ("test on one leg", [m.day for m in bundle.measures]),
        ("run", [r.day for r in bundle.running]),
        ("rating of activities", [r.day for r in bundle.psfs]),
    ):
        problems += [f"A {kind} on {d.isoformat()} is in the future." for d in days if d > today]
        for d in days:
            problems += check_not_too_early(d, what=f"A {kind} on")
    if problems:
        raise ValidationError(problems)
    programme = None if bundle.programme is None else list(bundle.programme)
    if programme is not None:
        _refuse_repeated_exercises(programme)
    return programme


# ---------------------------------------------------------------------------------------------
# Backup and restore, through SQLite's online backup API (a consistent copy even mid-write).


def backup_to(db: Database, destination: Path | str) -> Path:
    """Write a consistent copy of the database to `destination` (a new file)."""
    destination = Path(destination)
    target = sqlite3.connect(destination)
    try:
        db.conn.backup(target)
        target.execute("PRAGMA journal_mode = DELETE")
    finally:
        target.close()
    return destination


class RestoreRefused(StorageError):
    """A file offered as a backup was refused whole; the database was not changed."""


class DamagedBackup(RestoreRefused, DamagedDatabase):
    """A backup that is damaged, cut short or fails the foreign-key check."""


class NewerBackup(RestoreRefused, NewerSchema):
    """A backup written by a newer HamTrack."""


MAX_BACKUP_BYTES = 512 * 1024 * 1024
"""Far above ten years of daily logging (a few megabytes); a bigger file is not a backup."""


def database_file(db: Database) -> Path:
    """The file a connection has open."""
    for _, schema, file in db.execute("PRAGMA database_list"):
        if schema == "main":
            return Path(file)
    raise StorageError("This connection has no database file.")  # pragma: no cover


def pre_restore_path(live: Path | str) -> Path:
    """Where a restore keeps the records the database held just before it."""
    live = Path(live)
    return live.with_name(f"{live.stem}.before-restore{live.suffix or '.db'}")


def pre_restore_saved_at(live: Path | str) -> dt.datetime | None:
    """When the copy kept by the last restore was made, or None when there is none."""
    copy = pre_restore_path(live)
    try:
        return dt.datetime.fromtimestamp(copy.stat().st_mtime)
    except OSError:
        return None


def _normalised_sql(sql: str | None) -> str | None:
    """The statement with runs of blank space outside quotes made one space (layout only)."""
    if sql is None:
        return None
    out: list[str] = []
    quote: str | None = None
    space = False
    for char in sql.strip():
        if quote is not None:
            out.append(char)
            if char == quote:
                quote = None
            continue
        if char.isspace():
            space = True
            continue
        if space:
            out.append(" ")
            space = False
        out.append(char)
        if char in "'\"`[":
            quote = "]" if char == "[" else char
    return "".join(out)


# SQLite's own statistics tables (ANALYZE, PRAGMA optimize) only guide the query planner.
_SCHEMA_SQL = (
    "SELECT type, name, tbl_name, sql FROM sqlite_schema WHERE substr(name, 1, 11) <> 'sqlite_stat'"
)


def _schema_of(conn: sqlite3.Connection) -> dict[tuple[str, str], tuple[str, str | None]]:
    return {
        (kind, name): (table, _normalised_sql(sql))
        for kind, name, table, sql in conn.execute(_SCHEMA_SQL)
    }


@functools.lru_cache(maxsize=8)
def expected_schema(version: int) -> dict[tuple[str, str], tuple[str, str | None]]:
    """Every table, index, trigger and view that HamTrack's migrations up to `version` create."""
    names = [m.name for m in migrations._migrations]
    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        later = names[version:]
        migrations.apply(Database(conn), stop_before=later[0] if later else None)
        return _schema_of(conn)
    finally:
        conn.close()


_KIND_ORDER = {"table": 0, "view": 1, "trigger": 2, "index": 3}


def _schema_differences(found: dict, expected: dict) -> list[str]:
    """Each difference in words; tables first, so the line names what matters most."""
    problems: list[tuple[int, int, str, str]] = []
    for kind, name in expected.keys() - found.keys():
        problems.append((_KIND_ORDER.get(kind, 4), 0, name, f"the {kind} {name} is missing"))
    for kind, name in found.keys() - expected.keys():
        problems.append(
            (_KIND_ORDER.get(kind, 4), 1, name, f"it has a {kind} {name} HamTrack does not make")
        )
    for kind, name in found.keys() & expected.keys():
        if found[kind, name] != expected[kind, name]:
            problems.append(
                (
                    _KIND_ORDER.get(kind, 4),
                    2,
                    name,
                    f"the {kind} {name} is not defined as HamTrack defines it",
                )
            )
    return [text for *_, text in sorted(problems)]


def _one_line(name: str, what: str, problems: list[str]) -> str:
    more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
    return f"{name} {what}: {problems[0].rstrip('.')}{more}. Nothing was changed."


def _each_row(
    problems: list[str], label: str, rows: Iterable[tuple], build: Callable[..., object]
) -> None:
    for row in rows:
        try:
            build(*row)
        except (ValidationError, ValueError, TypeError, KeyError) as exc:
            detail = "; ".join(exc.problems) if isinstance(exc, ValidationError) else str(exc)
            problems.append(f"{label} {row[0]}: {detail}")


def _row_problems(db: Database) -> list[str]:
    """What an import would refuse among the stored rows: every record through its constructor."""
    with checking_new_records():
        return _row_problems_of(db)


def _row_problems_of(db: Database) -> list[str]:
    problems: list[str] = []
    profile = db.execute("SELECT id, weekly_target, is_demo FROM profile").fetchall()
    if len(profile) != 1:
        problems.append(f"the profile has {len(profile)} rows instead of one")
    _each_row(
        problems, "the profile", profile, lambda _id, target, _demo: check_weekly_target(target)
    )
    _each_row(
        problems,
        "check-in",
        db.execute(_CHECK_IN_SELECT),
        lambda _id, *row: _row_to_check_in(row[:7], row[7]),
    )

    def session(session_id: int) -> None:
        get_session(db, session_id)

    _each_row(problems, "session", db.execute("SELECT id FROM sessions"), session)
    _each_row(
        problems,
        "questionnaire",
        db.execute("SELECT id FROM questionnaire_responses"),
        lambda response_id: get_questionnaire_response(db, response_id),
    )

    _each_row(
        problems,
        "phase change",
        db.execute("SELECT id, day, phase, note FROM phase_changes"),
        lambda _id, day, phase, note: PhaseChange(dt.date.fromisoformat(day), Phase(phase), note),
    )
    _each_row(
        problems,
        "programme exercise",
        db.execute(
            "SELECT exercise, sets, reps, hold_s, side, band_level, added_on "
            "FROM programme_exercises"
        ),
        lambda exercise, sets, reps, hold_s, side, band, added: ProgrammeExercise(
            exercise=exercise,
            sets=sets,
            reps=reps,
            hold_s=hold_s,
            side=Side(side),
            band_level=band,
            added_on=dt.date.fromisoformat(added),
        ),
    )
    _each_row(
        problems,
        "pause",
        db.execute("SELECT id, start_day, end_day, reason, note FROM pauses"),
        lambda _id, start, end, reason, note: Pause(
            start=dt.date.fromisoformat(start),
            end=dt.date.fromisoformat(end),
            reason=PauseReason(reason),
            note=note,
        ),
    )
    _each_row(
        problems,
        "test on one leg",
        db.execute(f"SELECT id, {_MEASURE_COLUMNS} FROM measures"),
        lambda _id, *row: _row_to_measure(*row),
    )
    _each_row(
        problems,
        "run",
        db.execute(f"SELECT id, {_RUNNING_COLUMNS} FROM running_entries"),
        lambda _id, *row: _row_to_running(*row),
    )
    _each_row(
        problems,
        "rating of activities",
        ((response_id,) for response_id in _psfs_ids(db)),
        lambda response_id: get_psfs_response(db, response_id),
    )
    return problems


def _refuse(message: str, kind: type[RestoreRefused] = RestoreRefused) -> NoReturn:
    raise kind(message)


def _check_and_bring_up_to_date(work: Path, name: str) -> sqlite3.Connection:
    """Check a working copy of a backup whole, then migrate it; its open connection returned.

    Refuses (RestoreRefused, one line naming `name`) anything HamTrack did not make: no stamp,
    a schema not exactly the one its version's migrations create, damage, orphan rows, or
    a record an import would refuse.
    """
    if not _has_sqlite_header(work):
        _refuse(
            f"{name} is not a HamTrack backup (it is not a SQLite database). Nothing was changed."
        )
    conn = sqlite3.connect(work, isolation_level=None)
    # A file from outside is hostile until checked: its schema may not call functions with
    # side effects while it is read.
    conn.execute("PRAGMA trusted_schema = OFF")
    try:
        try:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            encoding = conn.execute("PRAGMA encoding").fetchone()[0]
            conn.execute("PRAGMA journal_mode = DELETE")
            damage = _integrity_rows(conn)
            found = _schema_of(conn)
        except sqlite3.DatabaseError as exc:
            _refuse(f"{name} is damaged or cut short ({exc}). Nothing was changed.", DamagedBackup)
        if damage:
            _refuse(_one_line(name, "is damaged", damage), DamagedBackup)
        if app_id != APPLICATION_ID or version < 1:
            _refuse(
                f"{name} is not a HamTrack backup (it lacks HamTrack's stamp). Choose a file "
                "made by HamTrack's backup; nothing was changed."
            )
        if version > SCHEMA_VERSION:
            _refuse(
                f"{name} was made by a newer HamTrack (schema {version}, this one knows up to "
                f"{SCHEMA_VERSION}). Update HamTrack, then restore it; nothing was changed.",
                NewerBackup,
            )
        if encoding != "UTF-8":
            _refuse(f"{name} stores text as {encoding}, not as HamTrack does. Nothing was changed.")
        differences = _schema_differences(found, expected_schema(version))
        if differences:
            _refuse(_one_line(name, f"is not a HamTrack backup of schema {version}", differences))
        applied = conn.execute(
            f"SELECT migration_set, name FROM {Migrations.migrations_table} ORDER BY rowid"
        ).fetchall()
        known = [(MIGRATION_SET, m.name) for m in migrations._migrations[:version]]
        if applied != known:
            _refuse(
                f"{name} is not a HamTrack backup of schema {version}: its list of schema "
                "changes is not HamTrack's. Nothing was changed."
            )
        conn.execute("PRAGMA foreign_keys = ON")
        if version < SCHEMA_VERSION:
            _migrate(conn)
        rows = _row_problems(Database(conn))
        if rows:
            _refuse(_one_line(name, "holds records HamTrack would not accept", rows))
    except BaseException:
        conn.close()
        raise
    return conn


def check_backup(source: Path | str, *, name: str | None = None) -> None:
    """Check a backup whole on a temporary copy, as a restore would; the file is only read."""
    source = Path(source)
    with tempfile.TemporaryDirectory(prefix="hamtrack-check-") as folder:
        work = Path(folder) / "backup.db"
        _copy_for_checking(source, work, name or str(source))
        _check_and_bring_up_to_date(work, name or str(source)).close()


def _copy_for_checking(source: Path, work: Path, name: str) -> None:
    try:
        size = source.stat().st_size
        if size > MAX_BACKUP_BYTES:
            _refuse(f"{name} is larger than {MAX_BACKUP_BYTES // 2**20} MB; it is not a backup.")
        shutil.copyfile(source, work)
    except OSError as exc:
        _refuse(f"{name} cannot be read ({exc.strerror or exc}). Nothing was changed.")


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _keep_pre_restore_copy(db: Database, live: Path) -> Path:
    """Save the database as it is now beside it, whole or not at all (temp file, then rename)."""
    target = pre_restore_path(live)
    fd, name = tempfile.mkstemp(prefix=f".{live.name}.", suffix=".tmp", dir=live.parent)
    os.close(fd)
    temporary = Path(name)
    try:
        copy = sqlite3.connect(temporary)
        try:
            db.conn.backup(copy)
            copy.execute("PRAGMA journal_mode = DELETE")
        finally:
            copy.close()
        _fsync(temporary)
        os.replace(temporary, target)
        with contextlib.suppress(OSError):  # not every system can sync a folder
            _fsync(live.parent)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return target


def restore_from(db: Database, source: Path | str, *, name: str | None = None) -> Path:
    """Replace everything in the database with a checked HamTrack backup at `source`.

    The backup is checked whole on a temporary copy first (see `_check_and_bring_up_to_date`);
    only then is the database as it was kept beside it (`pre_restore_path`), and the checked
    copy written over it in one SQLite transaction, so open connections see either all of the
    old records or all of the new. Returns where the previous records were kept.
    """
    source = Path(source)
    name = name or str(source)
    live = database_file(db)
    with tempfile.TemporaryDirectory(prefix="hamtrack-restore-") as folder:
        work = Path(folder) / "restore.db"
        _copy_for_checking(source, work, name)
        conn = _check_and_bring_up_to_date(work, name)
        try:
            page_size = db.execute("PRAGMA page_size").fetchone()[0]
            if conn.execute("PRAGMA page_size").fetchone()[0] != page_size:
                # A WAL database cannot take pages of another size; rebuild the copy in ours.
                conn.execute(f"PRAGMA page_size = {int(page_size)}")
                conn.execute("VACUUM")
            # The backup brings its own revision, which may equal one readers cached under.
            conn.execute(
                "UPDATE profile SET revision = max(revision, ?) + 1 WHERE id = 1", [revision(db)]
            )
            try:
                kept = _keep_pre_restore_copy(db, live)
            except OSError as exc:
                _refuse(
                    f"{live}: the copy of your records before the restore cannot be written "
                    f"beside it ({exc.strerror or exc}), so nothing was restored or changed."
                )
            conn.backup(db.conn)
        finally:
            conn.close()
    before = revision(db)
    with write(db):
        db.execute("UPDATE profile SET revision = max(revision, ?) + 1 WHERE id = 1", [before])
        # Every table's revision stays at or under the overall one, so this is past them all.
        db.execute("UPDATE table_revisions SET revision = (SELECT revision FROM profile)")
    with contextlib.suppress(sqlite3.Error):  # readers may hold the log; it folds in later
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return kept


def restore_over_damaged(live: Path | str, source: Path | str, *, name: str | None = None) -> Path:
    """Put a checked backup in place of a database too damaged to open (the way out that every
    "is damaged" message points to). The damaged file is kept, with its log, where
    `pre_restore_path` says; anything that is not a damaged file is refused untouched.
    """
    live, source = Path(live), Path(source)
    name = name or str(source)
    try:
        inspect_file(live)
    except DamagedDatabase:
        pass
    else:
        raise StorageError(f"{live} is not damaged; restore into it the usual way.")
    with tempfile.TemporaryDirectory(prefix="hamtrack-restore-") as folder:
        work = Path(folder) / "restore.db"
        _copy_for_checking(source, work, name)
        _check_and_bring_up_to_date(work, name).close()
        kept = pre_restore_path(live)
        try:
            for suffix in ("", "-wal"):
                damaged = Path(f"{live}{suffix}")
                if damaged.exists():
                    _replace_with_copy(damaged, Path(f"{kept}{suffix}"))
                else:
                    Path(f"{kept}{suffix}").unlink(missing_ok=True)
        except OSError as exc:
            _refuse(
                f"{live}: the damaged file cannot be kept beside it ({exc.strerror or exc}), so "
                "nothing was restored or changed."
            )
        try:
            # The damaged file's log must not be read as the new file's.
            for suffix in ("-wal", "-shm"):
                Path(f"{live}{suffix}").unlink(missing_ok=True)
            _replace_with_copy(work, live)
        except OSError as exc:
            _refuse(
                f"{live} could not be replaced ({exc.strerror or exc}); the damaged file is kept "
                f"as {kept}."
            )
    return kept


def _replace_with_copy(source: Path, target: Path) -> None:
    """Make `target` a copy of `source` in one step: a synced temporary file, then a rename."""
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    temporary = Path(name)
    try:
        shutil.copyfile(source, temporary)
        _fsync(temporary)
        os.replace(temporary, target)
        with contextlib.suppress(OSError):  # not every system can sync a folder
            _fsync(target.parent)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def restore_bytes(db: Database, data: bytes, *, name: str) -> Path:
    """`restore_from` for an uploaded file's bytes; `name` is the file's name for messages."""
    if len(data) > MAX_BACKUP_BYTES:
        _refuse(f"{name} is larger than {MAX_BACKUP_BYTES // 2**20} MB; it is not a backup.")
    with tempfile.TemporaryDirectory(prefix="hamtrack-upload-") as folder:
        upload = Path(folder) / "upload.db"
        upload.write_bytes(data)
        return restore_from(db, upload, name=name)


def undo_restore(db: Database) -> Path:
    """Put back the records the database held before the last restore.

    The records it holds now are kept in their place, so undoing again swaps them back.
    """
    copy = pre_restore_path(database_file(db))
    if not copy.is_file():
        _refuse(f"{copy} does not exist: there is no restore to undo. Nothing was changed.")
    return restore_from(db, copy, name=str(copy))


# ---------------------------------------------------------------------------------------------
# Trends and adherence.


def first_logged_day(db: Database) -> dt.date | None:
    """The earliest day with a check-in, a session or a questionnaire; None when nothing is
    logged (adherence and the habit score start counting here).

    Never before `EARLIEST_DAY`: a record stored with an older date (before HamTrack refused
    them) must not stretch every week-by-week view back over a century.
    """
    row = db.execute(
        "SELECT min(day) FROM (SELECT min(day) AS day FROM check_ins WHERE day >= :earliest "
        "UNION ALL SELECT min(day) FROM sessions WHERE day >= :earliest "
        "UNION ALL SELECT min(day) FROM questionnaire_responses WHERE day >= :earliest)",
        {"earliest": _iso(EARLIEST_DAY)},
    ).fetchone()
    return dt.date.fromisoformat(row[0]) if row and row[0] else None


# ---------------------------------------------------------------------------------------------
# The injury profile (docs/rules.md §9): each save a dated version, the latest one current.

_PROFILE_COLUMNS = "injured_side, injury_day, how, diagnosis, return_activity"


def _profile_versions(db: Database, where: str = "", params: Iterable = ()) -> list[ProfileVersion]:
    rows = db.execute(
        f"SELECT id, changed_at, {_PROFILE_COLUMNS}, "
        "(SELECT group_concat(item, ',') FROM injury_profile_history h WHERE h.profile_id = p.id) "
        f"FROM injury_profiles p{where} ORDER BY changed_at DESC, id DESC",
        list(params),
    ).fetchall()
    return [
        ProfileVersion(
            id=row[0],
            changed_at=dt.datetime.fromisoformat(row[1]),
            profile=InjuryProfile(
                injured_side=Side(row[2]),
                injury_day=dt.date.fromisoformat(row[3]),
                how=InjuryCause(row[4]),
                diagnosis=row[5],
                return_activity=row[6],
                history=frozenset(row[7].split(",")) if row[7] else frozenset(),
            ),
        )
        for row in rows
    ]


def injury_profile_versions(db: Database) -> list[ProfileVersion]:
    """Every saved version of the injury profile, newest first."""
    return _profile_versions(db)


def injury_profile(db: Database) -> ProfileVersion | None:
    """The current injury profile (the latest version), or None before one is set."""
    versions = _profile_versions(
        db, " WHERE id = (SELECT id FROM injury_profiles ORDER BY changed_at DESC, id DESC LIMIT 1)"
    )
    return versions[0] if versions else None


def save_injury_profile(
    db: Database,
    profile: InjuryProfile,
    *,
    today: dt.date | None = None,
    at: dt.datetime | None = None,
) -> int:
    """Keep `profile` as the current version and return its id; earlier versions stay.

    Saving a profile equal to the current one adds no version. A date of injury after today is
    refused.
    """
    _refuse_future(profile.injury_day, today, what="The date of injury")
    # Kept to the minute, as an export writes it, so a round trip changes nothing.
    change = ProfileChange((at or dt.datetime.now()).replace(second=0, microsecond=0), profile)
    with write(db):
        current = injury_profile(db)
        if current is not None and current.profile == profile:
            return current.id
        return _insert_profile_change(db, change)


def _insert_profile_change(db: Database, change: ProfileChange) -> int:
    profile = change.profile
    cursor = db.execute(
        f"INSERT INTO injury_profiles (changed_at, {_PROFILE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)",
        [
            change.changed_at.isoformat(timespec="seconds"),
            Side(profile.injured_side).value,
            _iso(profile.injury_day),
            InjuryCause(profile.how).value,
            profile.diagnosis,
            profile.return_activity,
        ],
    )
    for item in sorted(profile.history):
        db.execute(
            "INSERT INTO injury_profile_history (profile_id, item) VALUES (?, ?)",
            [cursor.lastrowid, item],
        )
    return cursor.lastrowid


def injury_profile_changes(db: Database) -> list[ProfileChange]:
    """Every saved version of the injury profile, oldest first, as an export carries them."""
    return [ProfileChange(v.changed_at, v.profile) for v in reversed(injury_profile_versions(db))]


def retired_signs_first_ticked(db: Database) -> dict[str, dt.date]:
    """For each retired daily warning sign ever ticked, the first day it was (oldest first).

    The profile page offers these as answers to the history questions that replaced them.
    """
    keys = [f.key for f in RETIRED_RED_FLAGS]
    rows = db.execute(
        "SELECT f.flag, min(c.day) FROM check_in_red_flags f JOIN check_ins c "
        f"ON c.id = f.check_in_id WHERE f.flag IN ({', '.join('?' for _ in keys)}) "
        "GROUP BY f.flag ORDER BY min(c.day)",
        keys,
    ).fetchall()
    return {flag: dt.date.fromisoformat(day) for flag, day in rows}


# ---------------------------------------------------------------------------------------------
# Return to sport (docs/rules.md §9): the tests on both legs and the running progression.

_MEASURE_COLUMNS = "day, leg, kind, value, unit, pain"
_RUNNING_COLUMNS = "day, step, effort, pain, note"


def _row_to_measure(
    day: str, leg: str, kind: str, value: float, unit: str | None, pain: int | None
) -> Measure:
    return Measure(
        day=dt.date.fromisoformat(day),
        leg=Leg(leg),
        kind=MeasureKind(kind),
        value=value,
        pain=pain,
        unit=None if unit is None else StrengthUnit(unit),
    )


def _row_to_running(day: str, step: str, effort: int, pain: int, note: str) -> RunningEntry:
    return RunningEntry(
        day=dt.date.fromisoformat(day), step=step, effort=effort, pain=pain, note=note
    )


def _insert_measure(db: Database, measure: Measure) -> int:
    return db.execute(
        f"INSERT INTO measures ({_MEASURE_COLUMNS}, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            _iso(measure.day),
            Leg(measure.leg).value,
            MeasureKind(measure.kind).value,
            measure.value,
            None if measure.unit is None else StrengthUnit(measure.unit).value,
            measure.pain,
            _now(),
        ],
    ).lastrowid


def _insert_running(db: Database, entry: RunningEntry) -> int:
    return db.execute(
        f"INSERT INTO running_entries ({_RUNNING_COLUMNS}, created_at) VALUES (?, ?, ?, ?, ?, ?)",
        [_iso(entry.day), entry.step, entry.effort, entry.pain, entry.note, _now()],
    ).lastrowid


def _refuse_mixed_units(db: Database, measures: Iterable[Measure]) -> None:
    """Strength is logged in one unit per person: the unit of the first strength test."""
    unit = strength_unit(db)
    units = {StrengthUnit(m.unit) for m in measures if m.unit is not None}
    if unit is not None:
        units.add(unit)
    if len(units) > 1:
        first = f" (your first strength test was in {unit})" if unit is not None else ""
        raise ValidationError(
            [f"Log strength in one unit{first}, so the legs and the weeks compare."]
        )


def add_measures(
    db: Database, measures: Iterable[Measure], *, today: dt.date | None = None
) -> list[int]:
    """Store one day's tests (both legs, any tests) in one transaction; their ids in order.

    A test dated after today, or strength in a unit other than the person's, is refused and
    nothing is stored.
    """
    measures = list(measures)
    problems: list[str] = []
    for measure in measures:
        try:
            _refuse_future(measure.day, today, what="The date of the test")
        except ValidationError as exc:
            problems += [p for p in exc.problems if p not in problems]
    if problems:
        raise ValidationError(problems)
    with write(db):
        _refuse_mixed_units(db, measures)
        return [_insert_measure(db, measure) for measure in measures]


@_stored
def stored_measures(db: Database) -> Stored[Measure]:
    """Every test on either leg, oldest first (by day, then as entered), with their digest."""
    rows = db.execute(f"SELECT id, {_MEASURE_COLUMNS} FROM measures ORDER BY day, id").fetchall()
    return _built_once("measures", rows, lambda row: Saved(row[0], _row_to_measure(*row[1:])))


def measures(db: Database) -> list[Saved[Measure]]:
    """Every test on either leg, oldest first (by day, then as entered)."""
    return list(stored_measures(db).records)


def last_measure_day(db: Database, *, until: dt.date) -> dt.date | None:
    """The latest day with a test on either leg, up to `until`; None before the first."""
    row = db.execute("SELECT max(day) FROM measures WHERE day <= ?", [_iso(until)]).fetchone()
    return None if row[0] is None else dt.date.fromisoformat(row[0])


def delete_measure(db: Database, measure_id: int) -> None:
    """Delete one test result (a typing slip); the others of that day stay."""
    with write(db):
        _require(db, "measures", measure_id)
        db.execute("DELETE FROM measures WHERE id = ?", [measure_id])


def strength_unit(db: Database) -> StrengthUnit | None:
    """The person's dynamometer unit: that of their first strength test, None before one."""
    row = db.execute(
        "SELECT unit FROM measures WHERE kind = ? AND unit IS NOT NULL ORDER BY day, id LIMIT 1",
        [MeasureKind.STRENGTH.value],
    ).fetchone()
    return None if row is None else StrengthUnit(row[0])


def add_running_entry(db: Database, entry: RunningEntry, *, today: dt.date | None = None) -> int:
    """Store one logged run of the running progression; a run dated after today is refused."""
    _refuse_future(entry.day, today, what="The date of the run")
    with write(db):
        return _insert_running(db, entry)


@_stored
def stored_running_entries(db: Database) -> Stored[RunningEntry]:
    """Every logged run, oldest first (by day, then as entered), with their digest."""
    rows = db.execute(
        f"SELECT id, {_RUNNING_COLUMNS} FROM running_entries ORDER BY day, id"
    ).fetchall()
    return _built_once(
        "running_entries", rows, lambda row: Saved(row[0], _row_to_running(*row[1:]))
    )


def running_entries(db: Database) -> list[Saved[RunningEntry]]:
    """Every logged run, oldest first (by day, then as entered)."""
    return list(stored_running_entries(db).records)


def delete_running_entry(db: Database, entry_id: int) -> None:
    """Delete one logged run."""
    with write(db):
        _require(db, "running_entries", entry_id)
        db.execute("DELETE FROM running_entries WHERE id = ?", [entry_id])


# ---------------------------------------------------------------------------------------------
# PSFS (docs/rules.md §9): the activities the person finds hard and their ratings.


def _insert_psfs(db: Database, response: PsfsResponse) -> int:
    response_id = db.execute(
        "INSERT INTO psfs_responses (day, created_at) VALUES (?, ?)", [_iso(response.day), _now()]
    ).lastrowid
    for position, (activity, rating) in enumerate(
        zip(response.activities, response.ratings, strict=True)
    ):
        db.execute(
            "INSERT INTO psfs_ratings (response_id, position, activity, rating) "
            "VALUES (?, ?, ?, ?)",
            [response_id, position, activity, rating],
        )
    return response_id


def _psfs_ids(db: Database) -> list[int]:
    return [row[0] for row in db.execute("SELECT id FROM psfs_responses ORDER BY day, id")]


def _psfs_read(db: Database, where: str = "", params: Iterable = ()) -> list[Saved[PsfsResponse]]:
    heads = db.execute(
        f"SELECT id, day FROM psfs_responses {where} ORDER BY day, id", list(params)
    ).fetchall()
    items: dict[int, list[tuple[str, int | None]]] = {head[0]: [] for head in heads}
    rows = db.execute(
        "SELECT response_id, activity, rating FROM psfs_ratings "
        f"WHERE response_id IN (SELECT id FROM psfs_responses {where}) "
        "ORDER BY response_id, position",
        list(params),
    ).fetchall()
    for response_id, activity, rating in rows:
        items[response_id].append((activity, rating))
    return [
        Saved(
            head[0],
            PsfsResponse(
                day=dt.date.fromisoformat(head[1]),
                activities=tuple(a for a, _ in items[head[0]]),
                ratings=tuple(r for _, r in items[head[0]]),
            ),
        )
        for head in heads
    ]


def add_psfs_response(db: Database, response: PsfsResponse, *, today: dt.date | None = None) -> int:
    """Store one rating of the activities the person finds hard; its id.

    A rating dated after today, or before the earliest day HamTrack keeps, is refused.
    """
    _refuse_future(response.day, today, what="The date of the rating")
    problems = check_not_too_early(response.day, what="The rating on")
    if problems:
        raise ValidationError(problems)
    with write(db):
        return _insert_psfs(db, response)


@_stored
def psfs_responses(db: Database) -> list[Saved[PsfsResponse]]:
    """Every rating of the activities, oldest first (by day, then as entered)."""
    return _psfs_read(db)


@_stored
def get_psfs_response(db: Database, response_id: int) -> PsfsResponse:
    """One stored rating of the activities; RecordMissing when it no longer exists."""
    found = _psfs_read(db, "WHERE id = ?", [response_id])
    if not found:
        raise RecordMissing("That rating of your activities no longer exists.")
    return found[0].value


def delete_psfs_response(db: Database, response_id: int) -> None:
    """Delete one rating of the activities (its activities' ratings go with it)."""
    with write(db):
        _require(db, "psfs_responses", response_id)
        db.execute("DELETE FROM psfs_responses WHERE id = ?", [response_id])
