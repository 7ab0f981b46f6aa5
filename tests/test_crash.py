"""Crash safety: a process killed with SIGKILL mid-write loses nothing it had committed.

A child process writes and prints each change right after its commit; the test kills it at a
random moment, reopens the file and checks that SQLite finds it intact, that every printed change
is there, and that no multi-row change is there in part. The seed is in every failure message.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from hamtrack import db as store
from hamtrack.models import CheckIn, ExerciseDone, Region, Session

PROJECT = Path(__file__).resolve().parent.parent
SEED = random.randrange(2**32)

# The writer the test kills. It prints one line per committed change, flushed at once.
WRITER = r"""
import datetime as dt
import sys

from hamtrack import db as store
from hamtrack.models import CheckIn, ExerciseDone, Region, Session

path, label = sys.argv[1], sys.argv[2]
db = store.open_database(path)
day = dt.date(2025, 1, 6)


def session(count):
    kinds = [("bridge", 10, None), ("wall-stretch", None, 45), ("prone-hamstring-curl", 8, None)]
    return Session(
        day=day,
        note=label,
        exercises=tuple(
            ExerciseDone(exercise=slug, pain_during=2, sets=2, reps=reps, hold_s=hold)
            for slug, reps, hold in kinds[:count]
        ),
    )


print("ready", flush=True)
last_session = None
i = 0
while True:
    i += 1
    token = f"{label}-{i}"
    if i % 3 == 1:
        check_in = CheckIn(
            day=day,
            time=dt.time(8, i % 60),
            pain={region: i % 11 for region in Region},
            stiffness=i % 11,
            note=label,
        )
        store.add_check_in(db, check_in, token=token)
        print("check_in", token, flush=True)
    elif i % 3 == 2:
        last_session = store.add_session(db, session(2), token=token)
        print("session", token, flush=True)
    else:
        store.update_session(
            db, last_session, session(3), opened=store.get_session(db, last_session)
        )
        print("updated", last_session, flush=True)
"""

# The importer the test kills: one large bundle in one transaction.
IMPORTER = r"""
import datetime as dt
import sys
import time

from hamtrack import db as store
from hamtrack.models import CheckIn, ExerciseDone, Region, Session

path, label, pause = sys.argv[1], sys.argv[2], sys.argv[3] == "pause"
first = dt.date(2001, 1, 1)
check_ins = tuple(
    CheckIn(
        day=first + dt.timedelta(days=i // 2),
        time=dt.time(8 + 10 * (i % 2), 0),
        pain={region: i % 11 for region in Region},
        stiffness=i % 7,
        note=label,
    )
    for i in range(int(sys.argv[4]))
)
sessions = tuple(
    Session(
        day=first + dt.timedelta(days=i),
        note=label,
        exercises=(
            ExerciseDone(exercise="bridge", pain_during=2, sets=3, reps=10),
            ExerciseDone(exercise="wall-stretch", pain_during=1, sets=2, hold_s=45),
        ),
    )
    for i in range(int(sys.argv[4]) // 8)
)
db = store.open_database(path)


def hold_before_commit(db):
    # Every row is written but not committed: the worst moment to die.
    print("written", flush=True)
    if pause:
        time.sleep(60)


print("begin", flush=True)
store.store_bundle(
    db,
    store.Bundle(check_ins=check_ins, sessions=sessions, weekly_target=5),
    before_commit=hold_before_commit,
)
print("committed", flush=True)
"""


def _start(script: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", script, *args],
        cwd=PROJECT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_for(child: subprocess.Popen[str], line: str) -> None:
    seen = child.stdout.readline().strip()
    if seen != line:
        child.kill()
        raise AssertionError(f"child said {seen!r} instead of {line!r}: {child.stderr.read()}")


def _kill(child: subprocess.Popen[str]) -> list[str]:
    """SIGKILL the child; return the complete lines it printed (each one a committed change)."""
    os.kill(child.pid, signal.SIGKILL)
    rest = child.stdout.read()
    child.wait()
    child.stderr.close()
    child.stdout.close()
    return [line for line in rest.splitlines(keepends=True) if line.endswith("\n")]


def _reopened_and_intact(path: Path):
    """The killed file opens through HamTrack's own checks and SQLite finds nothing wrong."""
    store.inspect_file(path)
    db = store.open_database(path, create=False)
    assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)], f"seed {SEED}"
    assert store.integrity_problems(db) == [], f"seed {SEED}"
    return db


def test_a_writer_killed_at_random_moments_keeps_every_committed_change(tmp_path: Path):
    rng = random.Random(SEED)
    path = tmp_path / "hamtrack.db"
    store.open_database(path).conn.close()
    committed_check_ins: set[str] = set()
    committed_sessions: set[str] = set()
    updated_sessions: set[int] = set()
    for round_ in range(4):
        child = _start(WRITER, str(path), f"round{round_}")
        _wait_for(child, "ready")
        time.sleep(rng.uniform(0.02, 0.6))
        for line in _kill(child):
            kind, value = line.split()
            if kind == "check_in":
                committed_check_ins.add(value)
            elif kind == "session":
                committed_sessions.add(value)
            else:
                updated_sessions.add(int(value))

        db = _reopened_and_intact(path)
        tokens = {r[0] for r in db.execute("SELECT client_token FROM check_ins")}
        assert committed_check_ins <= tokens, f"lost check-ins, seed {SEED}"
        tokens = {r[0] for r in db.execute("SELECT client_token FROM sessions")}
        assert committed_sessions <= tokens, f"lost sessions, seed {SEED}"
        # A session is written with its exercises in one transaction, and an edit replaces them
        # in one: a session never shows up with none, or with an edit half applied.
        exercises = dict(
            db.execute(
                "SELECT s.id, count(e.id) FROM sessions s "
                "LEFT JOIN session_exercises e ON e.session_id = s.id GROUP BY s.id"
            ).fetchall()
        )
        assert set(exercises.values()) <= {2, 3}, f"partial session, seed {SEED}"
        assert all(exercises[s] == 3 for s in updated_sessions), f"lost edit, seed {SEED}"
        # No stale lock survives the kill: the next writer gets in without waiting at all.
        db.conn.execute("PRAGMA busy_timeout = 0")
        store.set_weekly_target(db, round_ + 1)
        assert store.get_profile(db).weekly_target == round_ + 1
        db.conn.close()
    assert committed_check_ins, "the writer never committed anything before it was killed"


def _imported(db, label: str) -> tuple[int, int, int]:
    return (
        db.execute("SELECT count(*) FROM check_ins WHERE note = ?", [label]).fetchone()[0],
        db.execute("SELECT count(*) FROM sessions WHERE note = ?", [label]).fetchone()[0],
        db.execute(
            "SELECT count(*) FROM session_exercises e JOIN sessions s ON s.id = e.session_id "
            "WHERE s.note = ?",
            [label],
        ).fetchone()[0],
    )


IMPORT_SIZE = 6000
ALL_OF_IT = (IMPORT_SIZE, IMPORT_SIZE // 8, 2 * (IMPORT_SIZE // 8))


def test_an_import_killed_with_every_row_written_but_not_committed_leaves_none(tmp_path: Path):
    path = tmp_path / "hamtrack.db"
    store.open_database(path).conn.close()
    child = _start(IMPORTER, str(path), "import", "pause", str(IMPORT_SIZE))
    _wait_for(child, "begin")
    _wait_for(child, "written")
    assert _kill(child) == []
    db = _reopened_and_intact(path)
    assert _imported(db, "import") == (0, 0, 0)
    assert store.get_profile(db).weekly_target == 3
    assert store.is_empty(db)


def test_an_import_killed_at_random_moments_is_all_there_or_not_at_all(tmp_path: Path):
    rng = random.Random(SEED + 1)
    path = tmp_path / "hamtrack.db"
    store.open_database(path).conn.close()
    for round_ in range(3):
        label = f"import{round_}"
        child = _start(IMPORTER, str(path), label, "go", str(IMPORT_SIZE))
        _wait_for(child, "begin")
        time.sleep(rng.uniform(0.0, 0.5))
        said = [line.strip() for line in _kill(child)]
        db = _reopened_and_intact(path)
        found = _imported(db, label)
        if "committed" in said:
            assert found == ALL_OF_IT, f"seed {SEED}"
        else:
            assert found in {(0, 0, 0), ALL_OF_IT}, f"half an import, seed {SEED}"
        db.conn.close()


def _large_export(folder: Path) -> Path:
    """A person's export of a few years, written as the CSV files `hamtrack export` makes."""
    from hamtrack import exchange

    source = store.open_database(folder / "source.db")
    first = dt.date(2019, 1, 7)
    store.store_bundle(
        source,
        store.Bundle(
            check_ins=tuple(
                CheckIn(
                    day=first + dt.timedelta(days=i // 2),
                    time=dt.time(7 + 12 * (i % 2), 30),
                    pain=dict.fromkeys(Region, i % 9),
                    stiffness=i % 6,
                    note="from the export" if i % 5 == 0 else "",
                )
                for i in range(3000)
            ),
            sessions=tuple(
                Session(
                    day=first + dt.timedelta(days=2 * i),
                    exercises=(
                        ExerciseDone(exercise="bridge", pain_during=2, sets=3, reps=10),
                        ExerciseDone(exercise="wall-stretch", pain_during=1, sets=2, hold_s=45),
                    ),
                )
                for i in range(700)
            ),
        ),
        today=dt.date(2025, 1, 1),
    )
    exchange.write_files(exchange.export_files(source), folder / "export")
    source.conn.close()
    return folder / "export"


def test_the_csv_import_command_killed_at_random_moments_is_all_or_nothing(tmp_path: Path):
    """`hamtrack import` killed mid-way: own records stay; the import is whole or absent."""
    rng = random.Random(SEED + 2)
    export = _large_export(tmp_path)
    for round_ in range(2):
        path = tmp_path / f"target{round_}.db"
        db = store.open_database(path)
        store.add_check_in(
            db,
            CheckIn(
                day=dt.date(2025, 1, 2), time=dt.time(9), pain=dict.fromkeys(Region, 5), stiffness=4
            ),
            token="my own",
        )
        db.conn.close()
        child = subprocess.Popen(
            [sys.executable, "-m", "hamtrack", "import", "--db", str(path), str(export)],
            cwd=PROJECT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        time.sleep(rng.uniform(0.8, 3.0))
        said = "".join(_kill(child))
        db = _reopened_and_intact(path)
        counts = (
            db.execute("SELECT count(*) FROM check_ins WHERE client_token IS NULL").fetchone()[0],
            db.execute("SELECT count(*) FROM sessions").fetchone()[0],
            db.execute("SELECT count(*) FROM session_exercises").fetchone()[0],
        )
        assert (
            db.execute("SELECT count(*) FROM check_ins WHERE client_token = 'my own'").fetchone()[0]
            == 1
        )
        if said.startswith("Added"):
            assert counts == (3000, 700, 1400), f"seed {SEED}"
        else:
            assert counts in {(0, 0, 0), (3000, 700, 1400)}, f"half an import, seed {SEED}"
        db.conn.close()
