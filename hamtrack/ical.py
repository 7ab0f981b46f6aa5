"""Planned sessions as an iCalendar file (RFC 5545) that calendar apps import as reminders.

The file is built with the `icalendar` library, which escapes TEXT values, folds lines at 75
octets without cutting a UTF-8 character and ends them with CRLF. Times are floating local times
(no time zone), so a session planned for 18:00 rings at 18:00 wherever the person's calendar is
set. Each session's UID is derived from its day, so importing a newer plan updates those days
instead of doubling them in apps that honour UIDs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import icalendar

from hamtrack.exercise_guide import WARM_UP
from hamtrack.plan import PlannedSession

PRODUCT_ID = "-//HamTrack//Exercise programme//EN"
EVENT_TITLE = "Hamstring exercises"
CALENDAR_NAME = "HamTrack exercises"


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
    stamp: dt.datetime,
    reminder_minutes: int | None,
) -> icalendar.Event:
    start = dt.datetime.combine(session.day, start_time)
    event = icalendar.Event()
    event.add("uid", f"{session.day:%Y%m%d}-exercise-session@hamtrack")
    event.add("dtstamp", stamp)
    event.add("dtstart", start)
    event.add("dtend", start + dt.timedelta(minutes=minutes))
    event.add("summary", EVENT_TITLE)
    event.add("description", session_description(session))
    event.add("categories", ["Health"])
    event.add("transp", "OPAQUE")
    if reminder_minutes is not None:
        names = ", ".join(e.name for e in session.exercises)
        alarm = icalendar.Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("trigger", -dt.timedelta(minutes=int(reminder_minutes)))
        alarm.add("description", f"{EVENT_TITLE}: {names}")
        event.add_component(alarm)
    return event


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
    if stamp.tzinfo is None:
        raise ValueError("The stamp must be an aware datetime (it is written in UTC).")
    calendar = icalendar.Calendar()
    calendar.add("version", "2.0")
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", CALENDAR_NAME)
    utc = stamp.astimezone(dt.UTC)
    for session in sessions:
        calendar.add_component(
            _event(
                session,
                start_time=start_time,
                minutes=minutes,
                stamp=utc,
                reminder_minutes=reminder_minutes,
            )
        )
    return calendar.to_ical(sorted=False).decode("utf-8")


def file_name(first: dt.date) -> str:
    """A download name that says what the file is and from when: hamtrack-plan-2025-03-10.ics."""
    return f"hamtrack-plan-{first.isoformat()}.ics"
