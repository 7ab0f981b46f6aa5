"""Shared fixtures: real SQLite files in tmp_path, and AppTest runs against them."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import streamlit as st
from sqlite_utils import Database

from hamtrack import db as store

PROJECT = Path(__file__).resolve().parent.parent


def shown(markdown: str) -> str:
    """What a person sees of a Markdown value drawn by Streamlit: text that came from a person
    or a file is escaped (`hamtrack_ui.plain`): each escape shows as its character, and the
    invisible word joiners that keep addresses from becoming links show as nothing."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown).replace("\u2060", "")


@pytest.fixture
def db_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A path for a new database, also named by HAMTRACK_DB so the app uses it."""
    path = tmp_path / "hamtrack.db"
    monkeypatch.setenv("HAMTRACK_DB", str(path))
    return path


@pytest.fixture
def fresh_db(db_path: Path) -> Database:
    """A new, empty HamTrack database on disk."""
    db = store.open_database(db_path)
    yield db
    db.conn.close()


@pytest.fixture(autouse=True)
def _the_machines_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    # The pages' clock is the machine's unless a test fixes it (hamtrack_ui.now); a
    # HAMTRACK_TODAY left in the shell must not move every page test's day.
    monkeypatch.delenv("HAMTRACK_TODAY", raising=False)


@pytest.fixture(autouse=True)
def _clear_streamlit_caches() -> None:
    # Streamlit's caches outlive one AppTest in the same process.
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture
def today() -> dt.date:
    return dt.date.today()


@pytest.fixture
def open_app(db_path: Path):
    """Run the whole app in AppTest on `db_path`, then switch to a page such as 'pages/x.py'."""
    from streamlit.testing.v1 import AppTest

    def _open(page: str | None = None) -> AppTest:
        at = AppTest.from_file(str(PROJECT / "streamlit_app.py"), default_timeout=30)
        at.run()
        if page is not None:
            at.switch_page(str(PROJECT / page)).run()
        return at

    return _open
