"""The `hamtrack` command line: a thin shell over the same functions the app uses.

Every command takes `--db PATH` (default: HAMTRACK_DB or data/hamtrack.db). A file HamTrack cannot
use gets a one-line message and exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import os
import sqlite3
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
    The same checks guard every open, so a file reported damaged here is refused for writing.
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
        for problem in _listed_problems(path):
            print(f"  - {problem}")
        print(str(damaged), file=sys.stderr)
        return EXIT_PROBLEM
    print(f"Database: {path}")
    db = store.open_read_only(path)
    try:
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
    print("Integrity: ok")
    return EXIT_OK


def _listed_problems(path: Path) -> list[str]:
    """Every problem the checks find, or nothing when the file is too broken to list them."""
    try:
        db = store.open_read_only(path)
    except sqlite3.Error:  # the one-line refusal already says what is wrong
        return []
    try:
        return store.integrity_problems(db) + store.schema_problems(db)
    except sqlite3.Error:  # a file too damaged to list its problems
        return []
    finally:
        db.conn.close()


def cmd_export(args: argparse.Namespace) -> int:
    """Write the CSV files for a clinician into a folder, or into one zip."""
    from hamtrack import exchange

    path = args.db or store.default_db_path()
    db = store.open_database(path, create=False)
    files = exchange.export_files(db, since=args.since, until=args.until)
    exchange.write_files(files, args.out)
    print(f"Wrote {len(files)} files from {path} to {args.out}.")
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    """Read an export (a folder of CSV files, or its zip) in: all of it or none of it."""
    from hamtrack import exchange

    path = args.db or store.default_db_path()
    db = store.open_database(path)
    try:
        summary = exchange.import_files(db, exchange.read_folder(args.source))
    except exchange.ImportRefused as refused:
        for line in refused.lines():
            print(line, file=sys.stderr)
        print("Nothing was imported; fix the files above and try again.", file=sys.stderr)
        return EXIT_REFUSED
    for line in summary.lines():
        print(line)
    return EXIT_OK


def cmd_backup(args: argparse.Namespace) -> int:
    """Copy the whole database to a new file."""
    path = args.db or store.default_db_path()
    if args.out.exists():
        print(f"{args.out} already exists; name a new file for the backup.", file=sys.stderr)
        return EXIT_REFUSED
    db = store.open_database(path, create=False)
    store.backup_to(db, args.out)
    print(f"Backed up {path} to {args.out}.")
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    """Replace the database with a HamTrack backup (asks for --yes over existing records), or
    with --undo put back the records it held before the last restore."""
    path = Path(args.db or store.default_db_path())
    if args.undo:
        if args.backup is not None:
            print("Give either a backup file or --undo, not both.", file=sys.stderr)
            return EXIT_REFUSED
        db = store.open_database(path, create=False)
        kept = store.undo_restore(db)
        print(
            f"Put back the records {path} held before the last restore. The records it held "
            f"until now are kept in {kept}; `hamtrack restore --undo` again swaps them back."
        )
        return EXIT_OK
    if args.backup is None:
        print("Name the backup file to restore, or use --undo.", file=sys.stderr)
        return EXIT_REFUSED
    if not args.backup.is_file():
        print(f"{args.backup} does not exist. Check the path.", file=sys.stderr)
        return EXIT_REFUSED
    # The backup is checked whole first, so a wrong file is named as the problem.
    store.check_backup(args.backup)
    try:
        db = store.open_database(path)
    except store.DamagedDatabase:
        return _restore_over_damaged(path, args)
    if not store.is_empty(db) and not args.yes:
        print(
            f"{path} already holds records, and restoring replaces all of them (they are kept "
            "for `hamtrack restore --undo`). Run the same command with --yes.",
            file=sys.stderr,
        )
        return EXIT_REFUSED
    kept = store.restore_from(db, args.backup)
    print(
        f"Restored {path} from {args.backup}. The records it held before are kept in {kept}; "
        "`hamtrack restore --undo` puts them back."
    )
    return EXIT_OK


def _restore_over_damaged(path: Path, args: argparse.Namespace) -> int:
    kept = store.pre_restore_path(path)
    if not args.yes:
        print(
            f"{path} is damaged; restoring puts the backup in its place and keeps the damaged "
            f"file as {kept}. Run the same command with --yes.",
            file=sys.stderr,
        )
        return EXIT_REFUSED
    store.restore_over_damaged(path, args.backup)
    print(f"Restored {path} from {args.backup}. The damaged file is kept as {kept}.")
    return EXIT_OK


def cmd_report(args: argparse.Namespace) -> int:
    """Write the clinician summary: a PDF for a .pdf file, a page to print for a .html file."""
    from hamtrack import report, summary_pdf

    kind = args.out.suffix.lower()
    if kind not in (".pdf", ".html"):
        print(
            f"{args.out} should end in .pdf (a PDF) or .html (a page to print); nothing was "
            "written.",
            file=sys.stderr,
        )
        return EXIT_REFUSED
    if kind == ".html" and args.reference:
        print(
            "--reference is shown in the PDF only; write a .pdf file or leave it out.",
            file=sys.stderr,
        )
        return EXIT_REFUSED
    path = args.db or store.default_db_path()
    db = store.open_database(path, create=False)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    if kind == ".pdf":
        paper = summary_pdf.Paper(args.paper)
        args.out.write_bytes(
            summary_pdf.summary_pdf(
                db, since=args.since, until=args.until, paper=paper, reference=args.reference
            )
        )
        print(f"Wrote the clinician summary to {args.out} ({paper.label} PDF).")
    else:
        args.out.write_text(
            report.summary_html(db, since=args.since, until=args.until), encoding="utf-8"
        )
        print(
            f"Wrote the clinician summary to {args.out}; open it in a browser to read or print it."
        )
    return EXIT_OK


def cmd_fhir(args: argparse.Namespace) -> int:
    """Write the period's records as one FHIR R4 Bundle (JSON) for a clinic's system."""
    from hamtrack import fhir

    path = args.db or store.default_db_path()
    db = store.open_database(path, create=False)
    data = fhir.bundle_bytes(db, since=args.since, until=args.until, name=args.name)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(data)
    print(f"Wrote the FHIR R4 Bundle from {path} to {args.out}.")
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

    export = commands.add_parser("export", help="write the CSV files for a clinician")
    _db_argument(export)
    export.add_argument(
        "--out", type=Path, required=True, help="a folder for the files, or a file ending .zip"
    )
    export.add_argument("--since", type=_day, default=None, help="first day to include")
    export.add_argument("--until", type=_day, default=None, help="last day to include")
    export.set_defaults(handler=cmd_export)

    imports = commands.add_parser("import", help="read an export (folder or zip) back in")
    _db_argument(imports)
    imports.add_argument("source", type=Path, help="the export's folder or zip file")
    imports.set_defaults(handler=cmd_import)

    backup = commands.add_parser("backup", help="copy the whole database to a new file")
    _db_argument(backup)
    backup.add_argument("--out", type=Path, required=True, help="the new backup file")
    backup.set_defaults(handler=cmd_backup)

    restore = commands.add_parser("restore", help="replace the database with a backup")
    _db_argument(restore)
    restore.add_argument(
        "backup", type=Path, nargs="?", default=None, help="a backup file made by HamTrack"
    )
    restore.add_argument(
        "--yes", action="store_true", help="replace a database that already holds records"
    )
    restore.add_argument(
        "--undo",
        action="store_true",
        help="put back the records the database held before the last restore",
    )
    restore.set_defaults(handler=cmd_restore)

    summary = commands.add_parser(
        "report", help="write the clinician summary (PDF, or HTML to print)"
    )
    _db_argument(summary)
    summary.add_argument(
        "--out", type=Path, required=True, help="the file to write, ending .pdf or .html"
    )
    summary.add_argument("--since", type=_day, default=None, help="first day of the period")
    summary.add_argument("--until", type=_day, default=None, help="last day of the period")
    summary.add_argument(
        "--paper",
        choices=["a4", "letter"],
        default="a4",
        help="paper size of the PDF: a4 (default) or letter (US Letter)",
    )
    summary.add_argument(
        "--reference", default="", help="a name or clinic reference to show on the PDF (optional)"
    )
    summary.set_defaults(handler=cmd_report)

    records = commands.add_parser("fhir", help="write the records as a FHIR R4 Bundle (JSON)")
    _db_argument(records)
    records.add_argument("--out", type=Path, required=True, help="the JSON file to write")
    records.add_argument("--since", type=_day, default=None, help="first day to include")
    records.add_argument("--until", type=_day, default=None, help="last day to include")
    records.add_argument(
        "--name", default=None, help="your name or the clinic's reference for you (optional)"
    )
    records.set_defaults(handler=cmd_fhir)

    app = commands.add_parser(
        "app",
        help="open HamTrack in your browser (Streamlit options such as --server.port 8502 "
        "pass through)",
        epilog="Any other option goes to Streamlit unchanged, for example --server.port 8502.",
    )
    _db_argument(app)
    app.set_defaults(handler=cmd_app)

    return parser


def cmd_app(args: argparse.Namespace) -> int:
    """Start the app's server. Streamlit lives beside the core, never inside it."""
    project = Path(__file__).resolve().parent.parent
    if not (project / "hamtrack_server.py").exists():
        raise ValueError(f"the app's files are not beside the hamtrack package in {project}")
    if args.db is not None:
        os.environ["HAMTRACK_DB"] = str(args.db.expanduser().resolve())
    sys.path.insert(0, str(project))
    server = importlib.import_module("hamtrack_server")
    return server.serve(args.streamlit_options)


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; problems a person can fix are one line on stderr, never a traceback."""
    parser = build_parser()
    args, passed_on = parser.parse_known_args(argv)
    if args.command == "app":
        args.streamlit_options = [option for option in passed_on if option != "--"]
    elif passed_on:
        parser.error(f"unrecognized arguments: {' '.join(passed_on)}")
    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        return handler(args)
    except (store.StorageError, ValidationError, ValueError) as exc:
        print(f"hamtrack: {exc}", file=sys.stderr)
        return EXIT_REFUSED
