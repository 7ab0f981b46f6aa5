"""Importing: check every file, then store only what the database does not hold yet, in one
transaction; demo data and a person's own records are never mixed."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from sqlite_utils import Database

from hamtrack import db as store
from hamtrack.exchange.collect import read_records
from hamtrack.exchange.dedupe import split_new
from hamtrack.exchange.parse import parse_files
from hamtrack.exchange.problems import ImportRefused, Problem
from hamtrack.exchange.spec import SETTINGS
from hamtrack.naming import plural
from hamtrack.records import Records

_KINDS = {
    "check_ins": ("check-in", "check-ins"),
    "sessions": ("session", "sessions"),
    "responses": ("questionnaire", "questionnaires"),
    "phase_changes": ("phase change", "phase changes"),
    "pauses": ("pause", "pauses"),
    "injury_profile": ("injury profile version", "injury profile versions"),
    "measures": ("test on one leg", "tests on one leg"),
    "running": ("run", "runs"),
    "psfs": ("rating of activities", "ratings of activities"),
}


def _counted(counts: Mapping[str, int]) -> str:
    return ", ".join(f"{n} {_KINDS[kind][n != 1]}" for kind, n in counts.items() if n)


@dataclass(frozen=True, slots=True)
class ImportSummary:
    """What an import added, what it skipped as already present, and what settings it changed.

    `added` and `skipped` count records by kind: check_ins, sessions, responses, phase_changes,
    pauses, injury_profile, measures, running, psfs.
    """

    added: Mapping[str, int]
    skipped: Mapping[str, int]
    programme_replaced: bool = False
    weekly_target: int | None = None

    @property
    def changed_anything(self) -> bool:
        return any(self.added.values()) or self.programme_replaced or self.weekly_target is not None

    def lines(self) -> list[str]:
        """Plain sentences for the person who imported."""
        added, skipped = _counted(self.added), _counted(self.skipped)
        lines = [f"Added {added}." if added else "Nothing new to add."]
        if skipped:
            lines.append(f"Already in your records, so skipped: {skipped}.")
        if self.programme_replaced:
            lines.append("Your programme is now the one from the import.")
        if self.weekly_target is not None:
            target = plural(self.weekly_target, "session")
            lines.append(f"Your weekly target is now {target} a week.")
        return lines


def _refuse_mixing(present: Records, incoming: Records) -> None:
    """Refuse demo data into a person's own records, and the other way round."""
    if (
        present.holds_records
        and incoming.holds_records
        and incoming.is_demo is not None
        and bool(present.is_demo) != incoming.is_demo
    ):
        which = "demo data" if incoming.is_demo else "a person's own records"
        holds = "demo data" if present.is_demo else "your own records"
        raise ImportRefused(
            [
                Problem(
                    SETTINGS.name,
                    2,
                    f"These files hold {which} and this database holds {holds}; the two are never "
                    "mixed. Import them into a new, empty database instead.",
                )
            ]
        )


def _counts(records: Records) -> dict[str, int]:
    return {
        "check_ins": len(records.check_ins),
        "sessions": len(records.sessions),
        "responses": len(records.responses),
        "phase_changes": len(records.phase_changes),
        "pauses": len(records.pauses),
        "injury_profile": len(records.injury_profile),
        "measures": len(records.measures),
        "running": len(records.running),
        "psfs": len(records.psfs),
    }


def import_records(
    db: Database, records: Records, *, today: dt.date | None = None
) -> ImportSummary:
    """Add the records the database does not hold yet, all in one transaction.

    The programme and weekly target of the import replace the database's when they differ (an
    empty programme in the import leaves the database's alone). Demo data and a person's own
    records are never mixed: that is refused, and nothing is changed.

    What the database holds is read under the same write lock the import stores with, so two
    imports at once queue: the second finds the first one's records and skips (or refuses) them.
    """
    with store.write(db):
        present = read_records(db)
        _refuse_mixing(present, records)
        new, skipped = split_new(records, present)
        replace_programme = bool(records.programme) and records.programme != present.programme
        new_target = (
            records.weekly_target if records.weekly_target != present.weekly_target else None
        )
        summary = ImportSummary(
            added=_counts(new),
            skipped=skipped,
            programme_replaced=replace_programme,
            weekly_target=new_target,
        )
        mark_demo = records.is_demo if not present.holds_records else None
        if summary.changed_anything or mark_demo not in (None, present.is_demo):
            store.insert_bundle(
                db,
                dataclasses.replace(
                    new,
                    programme=records.programme if replace_programme else None,
                    weekly_target=new_target,
                    is_demo=mark_demo,
                ),
                today=today,
            )
    return summary


def import_files(
    db: Database, files: Mapping[str, bytes], *, today: dt.date | None = None
) -> ImportSummary:
    """Check every file, then store what is new in one transaction (ImportRefused: nothing)."""
    return import_records(db, parse_files(files, today=today), today=today)
