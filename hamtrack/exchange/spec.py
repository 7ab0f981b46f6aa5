"""The export's files and columns: names, kinds, meanings, which are derived, and the limits an
import holds every file to. Writing, reading and the data dictionary all take them from here."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from hamtrack import oswestry
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


@dataclass(frozen=True, slots=True)
class Column:
    """One column of an export file.

    `may_be_future` marks a date an import accepts after today (a pause can be planned).
    """

    name: str
    kind: Kind
    meaning: str
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

    @property
    def header(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def column(self, name: str) -> Column:
        """The column called `name` (KeyError when the file has none)."""
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(f"{self.name} has no column {name!r}")


_NOTE_MEANING = "The person's own note, as typed (may be empty)."

CHECK_INS = ExportFile(
    "check_ins.csv",
    "one check-in (how much each place hurt at that moment), oldest first",
    (
        Column("date", Kind.DATE, "The day of the check-in."),
        Column("time", Kind.TIME, "The time of the check-in."),
        Column(
            "pain_left_hamstring",
            Kind.WHOLE,
            "Pain in the left hamstring, 0 (none) to 10 (worst imaginable).",
        ),
        Column("pain_right_hamstring", Kind.WHOLE, "Pain in the right hamstring, 0 to 10."),
        Column("pain_low_back", Kind.WHOLE, "Pain in the low back, 0 to 10."),
        Column(
            "pain_worst",
            Kind.WHOLE,
            "The check-in's pain: the highest of the three places, 0 to 10.",
            derived=True,
        ),
        Column("stiffness", Kind.WHOLE, "Stiffness, 0 (none) to 10 (worst imaginable)."),
        Column(
            "red_flags",
            Kind.KEYS,
            "Warning signs ticked at this check-in, sorted (empty: none). The keys are listed "
            "below the tables.",
        ),
        Column("note", Kind.TEXT, _NOTE_MEANING),
    ),
)

SESSION_EXERCISES = ExportFile(
    "session_exercises.csv",
    "one exercise done in a session, with its session's date and note; oldest session first",
    (
        Column(
            "session_id",
            Kind.WHOLE,
            "Numbers the sessions of this export from 1; every exercise of a session has the "
            "same number. It is not a database id: import gives each session a new one.",
        ),
        Column("date", Kind.DATE, "The day of the session."),
        Column("session_note", Kind.TEXT, "The session's note (repeated on each of its rows)."),
        Column("position", Kind.WHOLE, "The exercise's place in the session, from 1."),
        Column("exercise", Kind.TEXT, "The exercise's key in the catalogue (listed below)."),
        Column("exercise_name", Kind.TEXT, "The exercise's name.", derived=True),
        Column("side", Kind.TEXT, "Which leg: both, left or right."),
        Column("sets", Kind.OPTIONAL_WHOLE, "Sets done, 1 to 20 (empty: not given)."),
        Column("reps", Kind.OPTIONAL_WHOLE, "Repetitions per set, 1 to 100 (empty: a hold)."),
        Column("hold_s", Kind.OPTIONAL_WHOLE, "Seconds each hold lasted, 1 to 600 (empty: reps)."),
        Column(
            "band_level",
            Kind.WHOLE,
            "Resistance band, 0 no band, 1 extra light, 2 light, 3 medium, 4 heavy, 5 extra heavy.",
        ),
        Column(
            "pain_during",
            Kind.WHOLE,
            "Pain during the exercise, 0 to 10 (above 5 breaches the pain-monitoring limit).",
        ),
        Column("note", Kind.TEXT, "The note on this exercise (may be empty)."),
    ),
)

ANSWER_PREFIX = "answer_"
QUESTIONNAIRE_RESPONSES = ExportFile(
    "questionnaire_responses.csv",
    "one answered Oswestry-style questionnaire, with every section's answer; oldest first",
    (
        Column("date", Kind.DATE, "The day the questionnaire was answered."),
        Column("questionnaire_id", Kind.TEXT, "Which questionnaire definition was used."),
        Column("questionnaire_version", Kind.TEXT, "The version of that definition's wording."),
        *(
            Column(
                ANSWER_PREFIX + section,
                Kind.OPTIONAL_WHOLE,
                f"Section {number} ({section.replace('_', ' ')}): the statement chosen, "
                "0 (no difficulty) to 5 (the hardest); empty: skipped.",
            )
            for number, section in enumerate(SECTION_IDS, start=1)
        ),
        Column("total_score", Kind.WHOLE, "Sum of the answered sections.", derived=True),
        Column("sections_answered", Kind.WHOLE, "How many sections were answered.", derived=True),
        Column(
            "score_percent",
            Kind.DECIMAL,
            "Disability score: total ÷ (5 × sections answered) × 100, rounded half up to one "
            "decimal. Empty when fewer than 8 sections were answered (too few to score).",
            derived=True,
        ),
        Column("note", Kind.TEXT, _NOTE_MEANING),
    ),
)

PHASE_CHANGES = ExportFile(
    "phase_changes.csv",
    "one move to a rehabilitation phase, oldest first (the last one is the current phase)",
    (
        Column("date", Kind.DATE, "The day the person moved to the phase."),
        Column(
            "phase",
            Kind.TEXT,
            "acute, early_rehab, functional (functional retraining) or return_to_sport.",
        ),
        Column("note", Kind.TEXT, _NOTE_MEANING),
    ),
)

PAUSES = ExportFile(
    "pauses.csv",
    "one pause: days that adherence does not count against the person; by first day",
    (
        Column("start_date", Kind.DATE, "The first day of the pause.", may_be_future=True),
        Column(
            "end_date",
            Kind.DATE,
            "The last day of the pause (may be in the future).",
            may_be_future=True,
        ),
        Column("reason", Kind.TEXT, "illness, holiday, flare_up, advised_rest or other."),
        Column("note", Kind.TEXT, _NOTE_MEANING),
    ),
)

PROGRAMME = ExportFile(
    "programme.csv",
    "one exercise of the person's current programme, with the dose they aim for, in their order",
    (
        Column("position", Kind.WHOLE, "The exercise's place in the programme, from 1."),
        Column("exercise", Kind.TEXT, "The exercise's key in the catalogue."),
        Column("exercise_name", Kind.TEXT, "The exercise's name.", derived=True),
        Column("side", Kind.TEXT, "Which leg: both, left or right."),
        Column("sets", Kind.OPTIONAL_WHOLE, "Sets aimed for, 1 to 20."),
        Column("reps", Kind.OPTIONAL_WHOLE, "Repetitions per set aimed for, 1 to 100."),
        Column("hold_s", Kind.OPTIONAL_WHOLE, "Seconds per hold aimed for, 1 to 600."),
        Column("band_level", Kind.WHOLE, "Resistance band, 0 (none) to 5 (extra heavy)."),
        Column("added_on", Kind.DATE, "The day the exercise was added to the programme."),
    ),
)

SETTINGS = ExportFile(
    "settings.csv",
    "the person's settings; the file holds exactly one row",
    (
        Column("export_format", Kind.WHOLE, f"The version of this file layout ({EXPORT_FORMAT})."),
        Column("weekly_target", Kind.WHOLE, "Sessions a week the person aims for, 1 to 7."),
        Column(
            "is_demo",
            Kind.BOOLEAN,
            "true when the records are generated demo data, not a real person's.",
        ),
    ),
)

WEEKLY_SUMMARY = ExportFile(
    "weekly_summary.csv",
    "one week (Monday to Sunday) from the first week of the period to its last, oldest first: "
    "adherence, pain and the questionnaire side by side",
    (
        Column("week", Kind.TEXT, "The ISO week, like 2025-W09."),
        Column("week_start", Kind.DATE, "The Monday of the week."),
        Column("week_end", Kind.DATE, "The Sunday of the week."),
        Column("complete", Kind.BOOLEAN, "false for the week still in progress."),
        Column("weekly_target", Kind.WHOLE, "Sessions a week the person aims for (1 to 7)."),
        Column(
            "target_sessions",
            Kind.DECIMAL,
            "That week's target: the weekly target less paused days and days before the "
            "first record, pro rata (may be fractional).",
            places=2,
        ),
        Column("sessions_needed", Kind.WHOLE, "target_sessions rounded up: days needed."),
        Column(
            "session_days",
            Kind.WHOLE,
            "Days with at least one session (what adherence counts; two sessions on one day "
            "count once).",
        ),
        Column("sessions", Kind.WHOLE, "Sessions logged that week."),
        Column("paused_days", Kind.WHOLE, "Days of the week inside a pause."),
        Column(
            "adherence_percent",
            Kind.DECIMAL,
            "session_days ÷ target_sessions × 100, capped at 100 (empty: the whole week was "
            "paused).",
        ),
        Column("status", Kind.TEXT, "met, missed, paused or in progress."),
        Column(
            "habit_score",
            Kind.DECIMAL,
            "Habit strength at the week's end, 0 to 100 (Loop Habit Tracker's formula: a missed "
            "session dents it, nothing resets it).",
        ),
        Column("days_logged", Kind.WHOLE, "Days with at least one check-in."),
        Column(
            "pain_mean",
            Kind.DECIMAL,
            "Mean of the days' mean pain (a check-in's pain is its highest place), 0 to 10; "
            "empty when nothing was logged.",
        ),
        Column("pain_min", Kind.OPTIONAL_WHOLE, "The lowest check-in pain of the week."),
        Column("pain_max", Kind.OPTIONAL_WHOLE, "The highest check-in pain of the week."),
        Column(
            "morning_pain_mean",
            Kind.DECIMAL,
            "Mean morning pain (each day's first check-in before noon), 0 to 10.",
        ),
        Column("morning_pain_min", Kind.OPTIONAL_WHOLE, "The lowest morning pain."),
        Column("morning_pain_max", Kind.OPTIONAL_WHOLE, "The highest morning pain."),
        Column("stiffness_mean", Kind.DECIMAL, "Mean morning stiffness, 0 to 10."),
        Column("stiffness_min", Kind.OPTIONAL_WHOLE, "The lowest morning stiffness."),
        Column("stiffness_max", Kind.OPTIONAL_WHOLE, "The highest morning stiffness."),
        Column(
            "questionnaire_score_percent",
            Kind.DECIMAL,
            "The week's last scored questionnaire, 0 to 100 (empty: none that week).",
        ),
        Column(
            "questionnaire_band",
            Kind.TEXT,
            "Its band: "
            + ", ".join(
                f"{band.key} (up to {band.upper})" if band.upper else f"{band.key} (above)"
                for band in oswestry.BANDS
            )
            + ".",
        ),
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
    SETTINGS,
    WEEKLY_SUMMARY,
)
FILES_BY_NAME = {f.name: f for f in FILES}
RECORD_FILES = tuple(f for f in FILES if not f.derived)
"""The files an import reads (and requires); derived files are recomputed, never imported."""
