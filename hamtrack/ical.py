"""Planned sessions as an iCalendar file (RFC 5545) that calendar apps import as reminders.

Written by hand, without a library: CRLF line ends, lines folded at 75 octets without splitting
a UTF-8 character, TEXT values escaped. Times are floating local times (no time zone), so a
session planned for 18:00 rings at 18:00 wherever the person's calendar is set. Each session's
UID is derived from its day, so importing a newer plan updates those days instead of doubling
them in apps that honour UIDs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from hamtrack.exercise_guide import WARM_UP
from hamtrack.plan import PlannedSession

PRODUCT_ID = "-//HamTrack//Exercise programme//EN"
MAX_OCTETS = 75
EVENT_TITLE = "Hamstring exercises"
CALENDAR_NAME = "HamTrack exercises"


def escape_text(value: str) -> str:
    r"""A TEXT value escaped per RFC 5545 §3.3.11: backslash, semicolon, comma and newlines."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """One content line folded into pieces of at most 75 octets, joined by CRLF and a space.

    A continuation's leading space counts towards its 75 octets; a UTF-8 character is never cut.
    """
    pieces: list[str] = []
    current, size, limit = [], 0, MAX_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            pieces.append("".join(current))
            current, size, limit = [], 0, MAX_OCTETS - 1
        current.append(char)
        size += width
    pieces.append("".join(current))
    return "\r\n ".join(pieces)


def _utc_stamp(moment: dt.datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("The stamp must be an aware datetime (it is written in UTC).")
    return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def _local(moment: dt.datetime) -> str:
    return moment.strftime("%Y%m%dT%H%M%S")


def session_description(session: PlannedSession) -> str:
    """What the reminder says: warm up, then each exercise with its dose, then the pain rule."""
    lines = [WARM_UP, ""]
    lines += [f"- {e.name}: {e.dose}" for e in session.exercises]
    lines += [
        "",
        "Pain during an exercise may reach 5 out of 10. At 7 or more, stop that exercise and "
        "talk to a physiotherapist or doctor.",
        "Log the session in HamTrack afterwards.",
    ]
    return "\n".join(lines)


def _event(
    session: PlannedSession,
    *,
    start_time: dt.time,
    minutes: int,
    stamp: str,
    reminder_minutes: int | None,
) -> list[str]:
    start = dt.datetime.combine(session.day, start_time)
    end = start + dt.timedelta(minutes=minutes)
    names = ", ".join(e.name for e in session.exercises)
    lines = [
        "BEGIN:VEVENT",
        f"UID:{session.day:%Y%m%d}-exercise-session@hamtrack",
        f"DTSTAMP:{stamp}",
        f"DTSTART:{_local(start)}",
        f"DTEND:{_local(end)}",
        f"SUMMARY:{escape_text(EVENT_TITLE)}",
        f"DESCRIPTION:{escape_text(session_description(session))}",
        "CATEGORIES:Health",
        "TRANSP:OPAQUE",
    ]
    if reminder_minutes is not None:
        lines += [
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            f"TRIGGER:-PT{int(reminder_minutes)}M",
            f"DESCRIPTION:{escape_text(f'{EVENT_TITLE}: {names}')}",
            "END:VALARM",
        ]
    lines.append("END:VEVENT")
    return lines


def calendar_text(
    sessions: Sequence[PlannedSession],
    *,
    start_time: dt.time,
    stamp: dt.datetime,
    minutes: int = 30,
    reminder_minutes: int | None = 15,
) -> str:
    """The planned sessions as one VCALENDAR, every line folded and ended with CRLF.

    `stamp` (aware) is when the file was made; `reminder_minutes` before each session an alarm
    rings (None: no alarm).
    """
    if minutes < 1:
        raise ValueError("A session lasts at least a minute.")
    utc = _utc_stamp(stamp)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODUCT_ID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(CALENDAR_NAME)}",
    ]
    for session in sessions:
        lines += _event(
            session,
            start_time=start_time,
            minutes=minutes,
            stamp=utc,
            reminder_minutes=reminder_minutes,
        )
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)


def file_name(first: dt.date) -> str:
    """A download name that says what the file is and from when: hamtrack-plan-2025-03-10.ics."""
    return f"hamtrack-plan-{first.isoformat()}.ics"
