"""The export's files and columns: names, kinds, which are derived, and the limits an import holds
every file to. Writing and reading take them from here.

What each column means is written once, for people, in hamtrack/data/data-dictionary.md; a
test checks that it names every file and column below with its kind, so the two cannot drift
apart.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from hamtrack.oswestry import SECTION_IDS

EXPORT_FORMAT = 1
"""Written to settings.csv; an import refuses files of a format it does not know."""

MAX_FILE_BYTES = 16 * 1024 * 1024
"""One CSV larger than this is refused: ten years of daily logging is a few megabytes."""

MAX_ZIP_BYTES = 64 * 1024 * 1024
"""All files of an uploaded zip together, uncompressed (a zip bomb stops here)."""

MAX_ZIP_ENTRIES = 64


class Kind(enum.StrEnum):
    """How a column's cells are written, as the data dictionary names it."""

    TEXT = "text"
    WHOLE = "whole number"
    OPTIONAL_WHOLE = "whole number or empty"
    DECIMAL = "number or empty"
    DATE = "date (YYYY-MM-DD)"
    TIME = "time (HH:MM, 24 h)"
    BOOLEAN = "true or false"
    KEYS = "keys separated by ;"
    NUMBER = "number (whole or with decimals)"


@dataclass(frozen=True, slots=True)
class Column:
    """One column of an export file.

    `derived` columns are recomputed by HamTrack and ignored on import; `places` is how many
    decimals a DECIMAL column keeps; `may_be_future` marks a date an import accepts after today
    (a pause can be planned).
    """

    name: str
    kind: Kind
    derived: bool = False
    places: int = 1
    may_be_future: bool = False


@dataclass(frozen=True, slots=True)
class ExportFile:
    """One CSV file of an export: what a row is, and its columns in order."""

    name: str
    row_is: str
    columns: tuple[Column, ...]
    derived: bool = False
    required: bool = True
    """An import needs the file; one added to exports later is optional, so older exports
    still import."""

    @property
    def header(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


CHECK_INS = ExportFile(
    "check_ins.csv",
    "one check-in (how much each place hurt at that moment), oldest first",
    (
        Column("date", Kind.DATE),
        Column("time", Kind.TIME),
        Column("pain_left_hamstring", Kind.WHOLE),
        Column("pain_right_hamstring", Kind.WHOLE),
        Column("pain_low_back", Kind.WHOLE),
        Column("pain_worst", Kind.WHOLE, derived=True),
        Column("stiffness", Kind.WHOLE),
        Column("red_flags", Kind.KEYS),
        Column("note", Kind.TEXT),
    ),
)

SESSION_EXERCISES = ExportFile(
    "session_exercises.csv",
    "one exercise done in a session, with its session's date and note; oldest session first",
    (
        Column("session_id", Kind.WHOLE),
        Column("date", Kind.DATE),
        Column("session_note", Kind.TEXT),
        Column("position", Kind.WHOLE),
        Column("exercise", Kind.TEXT),
        Column("exercise_name", Kind.TEXT, derived=True),
        Column("side", Kind.TEXT),
        Column("sets", Kind.OPTIONAL_WHOLE),
        Column("reps", Kind.OPTIONAL_WHOLE),
        Column("hold_s", Kind.OPTIONAL_WHOLE),
        Column("band_level", Kind.WHOLE),
        Column("pain_during", Kind.WHOLE),
        Column("note", Kind.TEXT),
    ),
)

ANSWER_PREFIX = "answer_"
QUESTIONNAIRE_RESPONSES = ExportFile(
    "questionnaire_responses.csv",
    "one answered Oswestry-style questionnaire, with every section's answer; oldest first",
    (
        Column("date", Kind.DATE),
        Column("questionnaire_id", Kind.TEXT),
        Column("questionnaire_version", Kind.TEXT),
        *(Column(ANSWER_PREFIX + section, Kind.OPTIONAL_WHOLE) for section in SECTION_IDS),
        Column("total_score", Kind.WHOLE, derived=True),
        Column("sections_answered", Kind.WHOLE, derived=True),
        Column("score_percent", Kind.DECIMAL, derived=True),
        Column("note", Kind.TEXT),
    ),
)

PHASE_CHANGES = ExportFile(
    "phase_changes.csv",
    "one move to a rehabilitation phase, oldest first (the last one is the current phase)",
    (
        Column("date", Kind.DATE),
        Column("phase", Kind.TEXT),
        Column("note", Kind.TEXT),
    ),
)

PAUSES = ExportFile(
    "pauses.csv",
    "one pause: days that adherence does not count against the person; by first day",
    (
        Column("start_date", Kind.DATE, may_be_future=True),
        Column("end_date", Kind.DATE, may_be_future=True),
        Column("reason", Kind.TEXT),
        Column("note", Kind.TEXT),
    ),
)

PROGRAMME = ExportFile(
    "programme.csv",
    "one exercise of the person's current programme, with the dose they aim for, in their order",
    (
        Column("position", Kind.WHOLE),
        Column("exercise", Kind.TEXT),
        Column("exercise_name", Kind.TEXT, derived=True),
        Column("side", Kind.TEXT),
        Column("sets", Kind.OPTIONAL_WHOLE),
        Column("reps", Kind.OPTIONAL_WHOLE),
        Column("hold_s", Kind.OPTIONAL_WHOLE),
        Column("band_level", Kind.WHOLE),
        Column("added_on", Kind.DATE),
    ),
)

INJURY_PROFILE = ExportFile(
    "injury_profile.csv",
    "one saved version of the injury profile, oldest first (the last row is the current profile)",
    (
        Column("saved_date", Kind.DATE),
        Column("saved_time", Kind.TIME),
        Column("injured_side", Kind.TEXT),
        Column("injury_date", Kind.DATE),
        Column("how", Kind.TEXT),
        Column("diagnosis", Kind.TEXT),
        Column("return_activity", Kind.TEXT),
        Column("history", Kind.KEYS),
    ),
    required=False,
)

MEASURES = ExportFile(
    "measures.csv",
    "one test on one leg on one day, oldest first (docs/rules.md §9)",
    (
        Column("date", Kind.DATE),
        Column("leg", Kind.TEXT),
        Column("test", Kind.TEXT),
        Column("value", Kind.NUMBER),
        Column("unit", Kind.TEXT),
        Column("pain_during", Kind.OPTIONAL_WHOLE),
    ),
    required=False,
)

RUNNING = ExportFile(
    "running.csv",
    "one logged run of the running progression, oldest first (docs/rules.md §9)",
    (
        Column("date", Kind.DATE),
        Column("step", Kind.TEXT),
        Column("step_name", Kind.TEXT, derived=True),
        Column("effort_percent", Kind.WHOLE),
        Column("pain", Kind.WHOLE),
        Column("note", Kind.TEXT),
    ),
    required=False,
)

PSFS_SLOTS = 5
"""A PSFS rating names at most five activities (docs/rules.md §9): activity_1 … activity_5."""

PSFS = ExportFile(
    "psfs.csv",
    "one rating of the activities the person finds hard (PSFS), oldest first (docs/rules.md §9)",
    (
        Column("date", Kind.DATE),
        Column("score", Kind.DECIMAL, derived=True, places=2),
        *(
            column
            for n in range(1, PSFS_SLOTS + 1)
            for column in (
                Column(f"activity_{n}", Kind.TEXT),
                Column(f"rating_{n}", Kind.OPTIONAL_WHOLE),
            )
        ),
    ),
    required=False,
)

SETTINGS = ExportFile(
    "settings.csv",
    "the person's settings; the file holds exactly one row",
    (
        Column("export_format", Kind.WHOLE),
        Column("weekly_target", Kind.WHOLE),
        Column("is_demo", Kind.BOOLEAN),
    ),
)

WEEKLY_SUMMARY = ExportFile(
    "weekly_summary.csv",
    "one week (Monday to Sunday) from the first week of the period to its last, oldest first: "
    "adherence, pain and the questionnaire side by side",
    (
        Column("week", Kind.TEXT),
        Column("week_start", Kind.DATE),
        Column("week_end", Kind.DATE),
        Column("complete", Kind.BOOLEAN),
        Column("weekly_target", Kind.WHOLE),
        Column("target_sessions", Kind.DECIMAL, places=2),
        Column("sessions_needed", Kind.WHOLE),
        Column("session_days", Kind.WHOLE),
        Column("sessions", Kind.WHOLE),
        Column("paused_days", Kind.WHOLE),
        Column("adherence_percent", Kind.DECIMAL),
        Column("status", Kind.TEXT),
        Column("habit_score", Kind.DECIMAL),
        Column("days_logged", Kind.WHOLE),
        Column("pain_mean", Kind.DECIMAL),
        Column("pain_min", Kind.OPTIONAL_WHOLE),
        Column("pain_max", Kind.OPTIONAL_WHOLE),
        Column("morning_pain_mean", Kind.DECIMAL),
        Column("morning_pain_min", Kind.OPTIONAL_WHOLE),
        Column("morning_pain_max", Kind.OPTIONAL_WHOLE),
        Column("stiffness_mean", Kind.DECIMAL),
        Column("stiffness_min", Kind.OPTIONAL_WHOLE),
        Column("stiffness_max", Kind.OPTIONAL_WHOLE),
        Column("questionnaire_score_percent", Kind.DECIMAL),
        Column("questionnaire_band", Kind.TEXT),
    ),
    derived=True,
)
WEEKLY_SOURCE = {"target_sessions": "target", "questionnaire_score_percent": "questionnaire_score"}
"""Columns of trends.weekly_summary that the CSV names with their unit."""

FILES: tuple[ExportFile, ...] = (
    CHECK_INS,
    SESSION_EXERCISES,
    QUESTIONNAIRE_RESPONSES,
    PHASE_CHANGES,
    PAUSES,
    PROGRAMME,
    INJURY_PROFILE,
    MEASURES,
    RUNNING,
    PSFS,
    SETTINGS,
    WEEKLY_SUMMARY,
)
FILES_BY_NAME = {f.name: f for f in FILES}
RECORD_FILES = tuple(f for f in FILES if not f.derived)
"""The files an import reads (and requires); derived files are recomputed, never imported."""
