"""The `hamtrack` command line: a thin shell over the same functions the app uses.

Every command takes `--db PATH` (default: HAMTRACK_DB or data/hamtrack.db). A file HamTrack cannot
use gets a one-line message and exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from hamtrack import __version__
from hamtrack import db as store
from hamtrack.models import ValidationError

EXIT_OK, EXIT_PROBLEM, EXIT_REFUSED = 0, 1, 2


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-01-31") from exc


def _weeks(text: str) -> int:
    from hamtrack.demo import MAX_WEEKS, MIN_WEEKS

    try:
        weeks = int(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of weeks") from exc
    if not MIN_WEEKS <= weeks <= MAX_WEEKS:
        raise argparse.ArgumentTypeError(
            f"Demo weeks must be from {MIN_WEEKS} to {MAX_WEEKS} (got {weeks})."
        )
    return weeks


def _db_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        type=Path,
        default=None,
        help="the database file (default: $HAMTRACK_DB or data/hamtrack.db)",
    )


def cmd_demo(args: argparse.Namespace) -> int:
    """Write generated demo data into a new or empty database."""
    from hamtrack import demo

    path = args.db or store.default_db_path()
    db = store.open_database(path)
    if not store.is_empty(db) and not store.get_profile(db).is_demo:
        print(
            f"{path} already holds your own records; demo data is only written into a new or "
            "empty database. Use --db to name another file.",
            file=sys.stderr,
        )
        return EXIT_REFUSED
    if not store.is_empty(db):
        print(f"{path} already holds demo data; use a new file for another demo.", file=sys.stderr)
        return EXIT_REFUSED
    bundle = demo.generate(weeks=args.weeks, seed=args.seed, today=args.today)
    store.store_bundle(db, bundle, today=args.today or dt.date.today())
    print(
        f"Wrote {args.weeks} weeks of demo data to {path}: {len(bundle.check_ins)} check-ins, "
        f"{len(bundle.sessions)} sessions, {len(bundle.responses)} questionnaires."
    )
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    """Run SQLite's integrity check and the schema-version check, and say what was found.

    Reads only: checking a backup or a damaged file never changes it (no migration, no WAL).
    """
    path = Path(args.db or store.default_db_path())
    if not path.is_file():
        print(f"{path} does not exist. Check the path.", file=sys.stderr)
        return EXIT_REFUSED
    try:
        version = store.inspect_file(path)
    except store.DamagedDatabase as damaged:
        print(f"Database: {path}")
        print("Integrity: PROBLEMS FOUND")
        print(str(damaged), file=sys.stderr)
        return EXIT_PROBLEM
    print(f"Database: {path}")
    db = store.open_read_only(path)
    try:
        problems = store.integrity_problems(db)
        print(f"Schema version: {version} (this HamTrack: {store.SCHEMA_VERSION})")
        if version == 0:
            print("An empty SQLite file: HamTrack will set it up the first time it opens it.")
        elif version < store.SCHEMA_VERSION:
            print("HamTrack will bring it up to date, keeping every record, when it next opens it.")
        else:
            counts = store.record_counts(db)
            print("Records: " + ", ".join(f"{table} {n}" for table, n in counts.items()))
    finally:
        db.conn.close()
    if problems:
        print("Integrity: PROBLEMS FOUND")
        for problem in problems:
            print(f"  - {problem}")
        print(
            f"{path} has problems. Restore it from a backup; HamTrack has not changed it.",
            file=sys.stderr,
        )
        return EXIT_PROBLEM
    print("Integrity: ok")
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="hamtrack", description="HamTrack: your rehabilitation log, on your own machine."
    )
    parser.add_argument("--version", action="version", version=f"hamtrack {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    demo = commands.add_parser("demo", help="write demo data into a new or empty database")
    _db_argument(demo)
    demo.add_argument(
        "--weeks", type=_weeks, default=16, help="how many weeks of data (default 16)"
    )
    demo.add_argument("--seed", type=int, default=1, help="random seed (same seed, same data)")
    demo.add_argument(
        "--today", type=_day, default=None, help="the last day of the demo (default: today)"
    )
    demo.set_defaults(handler=cmd_demo)

    check = commands.add_parser("check", help="check a database's integrity and schema version")
    _db_argument(check)
    check.set_defaults(handler=cmd_check)

    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; problems a person can fix are one line on stderr, never a traceback."""
    args = build_parser().parse_args(argv)
    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        return handler(args)
    except (store.StorageError, ValidationError, ValueError) as exc:
        print(f"hamtrack: {exc}", file=sys.stderr)
        return EXIT_REFUSED
