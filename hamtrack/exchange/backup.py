"""Backup and restore of the whole database file, with refusals in the person's words.

Storage (`hamtrack.db`) does the copying and the checks; this module turns a file's bytes into
a backup and back, and says what is wrong with a file that is not one.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from sqlite_utils import Database

from hamtrack import db as store

MAX_BACKUP_BYTES = 512 * 1024 * 1024


class BackupRefused(store.StorageError):
    """A file offered as a backup is not one; the database was not changed."""


def backup_bytes(db: Database) -> bytes:
    """A consistent copy of the whole database (SQLite's backup API), as a file's bytes."""
    with tempfile.TemporaryDirectory(prefix="hamtrack-backup-") as folder:
        return store.backup_to(db, Path(folder) / "backup.db").read_bytes()


def backup_name(today: dt.date) -> str:
    return f"hamtrack-backup-{today.isoformat()}.db"


def restore_backup(db: Database, data: bytes, *, name: str = "The file") -> None:
    """Replace everything in the database with a HamTrack backup's contents.

    Anything that is not a HamTrack backup raises BackupRefused and changes nothing.
    """
    if len(data) > MAX_BACKUP_BYTES:
        raise BackupRefused(f"{name} is larger than {MAX_BACKUP_BYTES // 2**20} MB.")
    with tempfile.TemporaryDirectory(prefix="hamtrack-restore-") as folder:
        path = Path(folder) / "upload.db"
        path.write_bytes(data)
        try:
            store.restore_from(db, path)
        except store.NewerSchema:
            raise BackupRefused(
                f"{name} was made by a newer HamTrack. Update HamTrack, then restore it."
            ) from None
        except store.DamagedDatabase:
            raise BackupRefused(
                f"{name} is a damaged database. Try another backup; nothing was changed."
            ) from None
        except store.StorageError:
            raise BackupRefused(
                f"{name} is not a HamTrack backup. Choose a file saved with “Download a "
                "backup”; nothing was changed."
            ) from None
