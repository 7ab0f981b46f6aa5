"""Writers at the same time: browser sessions, the CLI and other processes lose nothing.

Every write starts with BEGIN IMMEDIATE, so writers queue on the busy timeout instead of failing.
A write that cannot get the lock in time fails with a clear error, changes nothing, and leaves
the person's input on screen to try again.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from browser_support import wait_idle
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from sqlite_utils import Database

from hamtrack import db as store
from hamtrack.models import CheckIn, ExerciseDone, Region, Session

PROJECT = Path(__file__).resolve().parent.parent
DAY = dt.date(2025, 2, 3)


def _check_in(note: str, minute: int = 0) -> CheckIn:
    return CheckIn(
        day=DAY,
        time=dt.time(8, minute % 60),
        pain=dict.fromkeys(Region, 3),
        stiffness=2,
        note=note,
    )


def _session(note: str) -> Session:
    return Session(
        day=DAY,
        note=note,
        exercises=(
            ExerciseDone(exercise="bridge", pain_during=2, sets=3, reps=10),
            ExerciseDone(exercise="wall-stretch", pain_during=1, sets=2, hold_s=45),
        ),
    )


def _count(db: Database, table: str, note_like: str) -> int:
    return db.execute(f"SELECT count(*) FROM {table} WHERE note LIKE ?", [note_like]).fetchone()[0]


# A separate program writing: each change is read-then-write, the pattern that deadlocks with a
# plain BEGIN.
OTHER_PROCESS = r"""
import datetime as dt, sys
from hamtrack import db as store
from hamtrack.models import CheckIn, ExerciseDone, Region, Session

db = store.connect(sys.argv[1])
name, count = sys.argv[2], int(sys.argv[3])
for i in range(count):
    store.add_check_in(
        db,
        CheckIn(day=dt.date(2025, 2, 3), time=dt.time(9, i % 60),
                pain=dict.fromkeys(Region, 1), stiffness=1, note=f"{name} {i}"),
        token=f"{name}-{i}",
    )
    session_id = store.add_session(
        db,
        Session(day=dt.date(2025, 2, 3), note=f"{name} {i}",
                exercises=(ExerciseDone(exercise="bridge", pain_during=1, reps=10),)),
    )
    store.update_session(
        db, session_id,
        Session(day=dt.date(2025, 2, 3), note=f"{name} {i}",
                exercises=(ExerciseDone(exercise="bridge", pain_during=2, reps=12),
                           ExerciseDone(exercise="wall-stretch", pain_during=1, hold_s=30))),
        opened=store.get_session(db, session_id),
    )
print("done", flush=True)
"""


def test_processes_and_threads_writing_at_once_lose_nothing(fresh_db: Database, db_path: Path):
    """Three programs and three app sessions write together: every change is there, none fails."""
    per_writer = 40
    children = [
        subprocess.Popen(
            [sys.executable, "-c", OTHER_PROCESS, str(db_path), f"process{n}", str(per_writer)],
            cwd=PROJECT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(3)
    ]
    failures: list[BaseException] = []

    def app_session(n: int) -> None:
        # Each Streamlit rerun opens its own connection, in its own thread.
        try:
            for i in range(per_writer):
                db = store.connect(db_path)
                store.add_check_in(db, _check_in(f"tab{n} {i}", i), token=f"tab{n}-{i}")
                store.add_session(db, _session(f"tab{n} {i}"), token=f"tab-s{n}-{i}")
                db.conn.close()
        except BaseException as failure:
            failures.append(failure)

    threads = [threading.Thread(target=app_session, args=(n,)) for n in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    for child in children:
        out, err = child.communicate(timeout=120)
        assert child.returncode == 0, err
        assert out == "done\n"
    assert failures == []

    for n in range(3):
        assert _count(fresh_db, "check_ins", f"process{n} %") == per_writer
        assert _count(fresh_db, "sessions", f"process{n} %") == per_writer
        assert _count(fresh_db, "check_ins", f"tab{n} %") == per_writer
        assert _count(fresh_db, "sessions", f"tab{n} %") == per_writer
    # Every process's edit replaced its session's exercises whole.
    exercises = fresh_db.execute(
        "SELECT s.note, count(e.id) FROM sessions s JOIN session_exercises e "
        "ON e.session_id = s.id GROUP BY s.id"
    ).fetchall()
    assert {n for _, n in exercises} == {2}
    assert store.integrity_problems(fresh_db) == []


def test_the_same_form_saved_from_two_sessions_at_once_is_stored_once(
    fresh_db: Database, db_path: Path
):
    """Two reruns carrying one form token (a double tap) race: one record, both get its id."""

    def save(token: str, ids: list[int], start: threading.Barrier) -> None:
        db = store.connect(db_path)
        start.wait()
        ids.append(store.add_session(db, _session("double tap"), token=token))
        db.conn.close()

    for attempt in range(20):
        ids: list[int] = []
        start = threading.Barrier(4)
        threads = [
            threading.Thread(target=save, args=(f"race-{attempt}", ids, start)) for _ in range(4)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert len(ids) == 4
        assert len(set(ids)) == 1
    assert _count(fresh_db, "sessions", "double tap") == 20


def test_read_then_write_needs_the_lock_up_front(db_path: Path, fresh_db: Database):
    """Why write() uses BEGIN IMMEDIATE: two plain-BEGIN writers that read first deadlock."""
    first = sqlite3.connect(db_path, isolation_level=None, timeout=0.2)
    second = sqlite3.connect(db_path, isolation_level=None, timeout=0.2)
    try:
        for conn in (first, second):
            conn.execute("BEGIN")
            conn.execute("SELECT count(*) FROM check_ins").fetchone()
        first.execute("UPDATE profile SET weekly_target = 4")
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            second.execute("UPDATE profile SET weekly_target = 5")
    finally:
        for conn in (first, second):
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            conn.close()
    # The same two writers through write() simply queue.
    a, b = store.connect(db_path), store.connect(db_path)
    with store.write(a):
        a.execute("SELECT count(*) FROM check_ins").fetchone()
        a.execute("UPDATE profile SET weekly_target = 4")
    with store.write(b):
        b.execute("SELECT count(*) FROM check_ins").fetchone()
        b.execute("UPDATE profile SET weekly_target = 5")
    assert store.get_profile(fresh_db).weekly_target == 5


# ---------------------------------------------------------------------------------------------
# The screen when a write cannot complete.


def _save_button(at):
    return next(b for b in at.button if b.key and b.key.startswith("save_"))


def test_a_check_in_that_cannot_be_saved_says_so_and_keeps_the_input(
    open_app, fresh_db: Database, db_path: Path, monkeypatch: pytest.MonkeyPatch
):
    at = open_app("pages/check_in.py")
    # Labels carry their scale's ends: "Left hamstring pain (0 none, 10 worst)".
    sliders = {s.label.split(" (")[0]: s for s in at.slider}
    sliders["Left hamstring pain"].set_value(7)
    sliders["Stiffness"].set_value(5)
    at.text_area[0].input("Long drive, then the stairs")
    at.run()

    monkeypatch.setattr(store, "BUSY_TIMEOUT_MS", 50)
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # a backup or another program holding the write lock
    try:
        _save_button(at).click().run()
    finally:
        holder.execute("ROLLBACK")
        holder.close()

    assert not at.exception
    assert not at.success
    assert len(at.error) == 1
    assert "could not be saved" in at.error[0].value
    assert "Nothing was changed" in at.error[0].value
    assert store.recent_check_ins(fresh_db) == []
    # The input is still on screen, and the same button saves it once the lock is gone.
    assert at.text_area[0].value == "Long drive, then the stairs"
    assert {s.label.split(" (")[0]: s.value for s in at.slider}["Left hamstring pain"] == 7
    _save_button(at).click().run()
    assert not at.exception
    assert at.success
    saved = store.recent_check_ins(fresh_db)
    assert len(saved) == 1
    assert saved[0].value.note == "Long drive, then the stairs"
    assert saved[0].value.stiffness == 5


# ---------------------------------------------------------------------------------------------
# Two browser tabs and the command line, at once.


def _export_to_import(folder: Path, count: int = 1500) -> Path:
    """An export of someone's log, for `hamtrack import` to write while the tabs save."""
    from hamtrack import exchange

    source = store.open_database(folder / "source.db")
    first = dt.date(2020, 1, 6)
    store.store_bundle(
        source,
        store.Bundle(
            check_ins=tuple(
                CheckIn(
                    day=first + dt.timedelta(days=i // 2),
                    time=dt.time(8 + 12 * (i % 2)),
                    pain=dict.fromkeys(Region, i % 8),
                    stiffness=i % 5,
                    note="imported",
                )
                for i in range(count)
            )
        ),
        today=DAY,
    )
    exchange.write_files(exchange.export_files(source), folder / "export")
    source.conn.close()
    return folder / "export"


def _log_another(page) -> None:
    """After a save the page reads back what was kept; "Log another" opens a new form. A click
    within a second of saving is taken for a double click and ignored, so it is tried again."""
    for _ in range(10):
        if page.get_by_test_id("stTextArea").count():
            return
        another = page.get_by_role("button", name="Log another")
        if another.count():
            page.wait_for_timeout(600)
            # A rerun may take the button away meanwhile (the form is back): look again.
            with contextlib.suppress(PlaywrightTimeout):
                another.click(timeout=5_000)
        wait_idle(page)


def _save_check_in(page, note: str) -> None:
    _log_another(page)
    for _ in range(2):
        # After a save the page still shows the saved form until the next rerun, which brings
        # an empty one: the first entry after a save can land in the old form, so type again.
        box = page.get_by_test_id("stTextArea").locator("textarea")
        box.fill(note)
        box.press("Tab")
        wait_idle(page)
        if page.get_by_test_id("stTextArea").locator("textarea").input_value() == note:
            break
    page.get_by_role("button", name="Save check-in").click()


@pytest.mark.browser
def test_two_tabs_and_the_command_line_writing_at_once_lose_nothing(tmp_path: Path):
    """Both tabs keep saving while `hamtrack import` writes: every save succeeds, all is kept."""
    from browser_support import chromium_page, streamlit_server

    export = _export_to_import(tmp_path)
    db_path = tmp_path / "hamtrack.db"
    store.open_database(db_path).conn.close()
    saved: dict[str, list[str]] = {"A": [], "B": []}
    with streamlit_server(db_path) as url, chromium_page(width=1000) as first:
        second = first.context.new_page()
        tabs = {"A": first, "B": second}
        for page in tabs.values():
            page.goto(f"{url}/check_in")
            wait_idle(page)
        cli = subprocess.Popen(
            [sys.executable, "-m", "hamtrack", "import", "--db", str(db_path), str(export)],
            cwd=PROJECT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        rounds = 0
        while rounds < 3 or (cli.poll() is None and rounds < 20):
            rounds += 1
            for name, page in tabs.items():
                _save_check_in(page, f"tab {name} {rounds}")
            for name, page in tabs.items():
                # The read-back comes with the rerun the click starts: wait for it, not only idle.
                page.get_by_test_id("stAlertContentSuccess").first.wait_for(timeout=15_000)
                wait_idle(page)
                assert page.get_by_test_id("stException").count() == 0
                assert page.get_by_test_id("stAlertContentError").count() == 0, name
                assert page.get_by_test_id("stAlertContentSuccess").count() == 1, name
                saved[name].append(f"tab {name} {rounds}")
        out, err = cli.communicate(timeout=120)
    assert cli.returncode == 0, err
    assert out.startswith("Added 1500 check-ins")

    db = store.open_database(db_path)
    for name, notes in saved.items():
        stored = [
            r[0]
            for r in db.execute("SELECT note FROM check_ins WHERE note LIKE ?", [f"tab {name} %"])
        ]
        assert sorted(stored) == sorted(notes)
    assert _count(db, "check_ins", "imported") == 1500
    assert store.integrity_problems(db) == []
    db.conn.close()
