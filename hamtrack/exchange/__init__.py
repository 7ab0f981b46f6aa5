"""CSV export and import: files a clinician's spreadsheet or pandas opens as they are, and that
read back into HamTrack exactly.

One CSV per kind of record. Every file is UTF-8 without a byte-order mark, comma-separated, with
CRLF line ends (RFC 4180), one header row and ISO dates. Free text that a spreadsheet would run as
a formula gets one leading apostrophe; import removes exactly that apostrophe, so every note reads
back unchanged.

Import is all or nothing: every file is checked first and every problem is reported with its file
and row; only a clean set of files is stored, in one transaction. A record already in the database
with the same content is skipped, so importing the same export twice adds nothing.

The modules, one job each:

- `spec`: the files and their columns (names, kinds, meanings) and the size limits;
- `defuse`: formula defusing, both ways;
- `collect`: the records of an export, read out of the database;
- `writing`: CSV cells, rows and files;
- `folders`: an export as a folder or one zip, both ways;
- `parse`: files back into records, every problem with its file and row (`problems`);
- `dedupe`: what the database already holds;
- `importing`: storing what is new, in one transaction;
- `backup`: the whole database file as a backup, and restoring one;
- `dictionary`: the data dictionary.

This package's namespace keeps the names the screens, the CLI and the tests use.
"""

from hamtrack.exchange import spec
from hamtrack.exchange.backup import (
    MAX_BACKUP_BYTES,
    BackupRefused,
    backup_bytes,
    backup_name,
    restore_backup,
)
from hamtrack.exchange.collect import check_range, read_records, weekly_summary
from hamtrack.exchange.defuse import FORMULA_STARTS, defuse, needs_apostrophe, restore
from hamtrack.exchange.dictionary import data_dictionary
from hamtrack.exchange.folders import export_name, read_folder, read_zip, write_files, zip_bytes
from hamtrack.exchange.importing import ImportSummary, import_files, import_records
from hamtrack.exchange.parse import parse_files
from hamtrack.exchange.problems import MAX_PROBLEMS, ImportRefused, Problem
from hamtrack.exchange.spec import (
    ANSWER_PREFIX,
    CHECK_INS,
    EXPORT_FORMAT,
    FILES,
    FILES_BY_NAME,
    PAUSES,
    PHASE_CHANGES,
    PROGRAMME,
    QUESTIONNAIRE_RESPONSES,
    RECORD_FILES,
    SESSION_EXERCISES,
    SETTINGS,
    WEEKLY_SUMMARY,
    Column,
    ExportFile,
    Kind,
)
from hamtrack.exchange.writing import (
    cell,
    cells,
    csv_bytes,
    export_files,
    render,
    response_score,
)
from hamtrack.models import ValidationError
from hamtrack.records import PhaseChange, Records

__all__ = [
    "ANSWER_PREFIX",
    "CHECK_INS",
    "EXPORT_FORMAT",
    "FILES",
    "FILES_BY_NAME",
    "FORMULA_STARTS",
    "MAX_BACKUP_BYTES",
    "MAX_PROBLEMS",
    "PAUSES",
    "PHASE_CHANGES",
    "PROGRAMME",
    "QUESTIONNAIRE_RESPONSES",
    "RECORD_FILES",
    "SESSION_EXERCISES",
    "SETTINGS",
    "WEEKLY_SUMMARY",
    "BackupRefused",
    "Column",
    "ExportFile",
    "ImportRefused",
    "ImportSummary",
    "Kind",
    "PhaseChange",
    "Problem",
    "Records",
    "ValidationError",
    "backup_bytes",
    "backup_name",
    "cell",
    "cells",
    "check_range",
    "csv_bytes",
    "data_dictionary",
    "defuse",
    "export_files",
    "export_name",
    "import_files",
    "import_records",
    "needs_apostrophe",
    "parse_files",
    "read_folder",
    "read_records",
    "read_zip",
    "render",
    "response_score",
    "restore",
    "restore_backup",
    "spec",
    "weekly_summary",
    "write_files",
    "zip_bytes",
]
