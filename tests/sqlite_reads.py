"""Which tables a reader reads, as SQLite itself reports them: for readers whose results are kept
until the tables they name change (hamtrack_ui.cached_read with `tables`)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any

from sqlite_utils import Database


def tables_read(db: Database, read: Callable[[Database], Any]) -> set[str]:
    """The tables `read(db)` reads, seen through an SQLite authorizer."""
    seen: set[str] = set()

    def note(action, table, column, database, trigger):
        if action == sqlite3.SQLITE_READ and table and not table.startswith("sqlite_"):
            seen.add(table)
        return sqlite3.SQLITE_OK

    db.conn.set_authorizer(note)
    try:
        read(db)
    finally:
        db.conn.set_authorizer(None)
    return seen
