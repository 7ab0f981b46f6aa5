"""The calendar file follows RFC 5545 and a real parser reads back every planned session."""

import datetime as dt

import icalendar
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from hamtrack import ical
from hamtrack import plan as prog
from hamtrack.models import Phase, ProgrammeExercise

MONDAY = dt.date(2025, 3, 3)
STAMP = dt.datetime(2025, 3, 2, 21, 30, tzinfo=dt.UTC)


def plan(weeks=2, weekdays=(0, 2, 4)):
    items = prog.default_programme(Phase.RETURN_TO_SPORT, today=MONDAY)
    return prog.plan_sessions(items, start=MONDAY, weeks=weeks, weekdays=weekdays)


def test_every_planned_session_is_read_back_with_its_time_and_exercises():
    sessions = plan()
    text = ical.calendar_text(sessions, start_time=dt.time(18, 0), stamp=STAMP, minutes=40)
    calendar = icalendar.Calendar.from_ical(text)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == len(sessions) == 6
    first = events[0]
    assert first["DTSTART"].dt == dt.datetime(2025, 3, 3, 18, 0)
    assert first["DTEND"].dt == dt.datetime(2025, 3, 3, 18, 40)
    assert first["DTSTAMP"].dt == STAMP
    assert str(first["SUMMARY"]) == "Hamstring exercises"
    description = str(first["DESCRIPTION"])
    assert "- Lying hamstring stretch: Hold 30 s, 3 times, each leg" in description
    assert "- Nordic hamstring exercise: 2 sets of 5 (week 1 of 10)" in description
    assert description.startswith("Warm up")
    assert len({str(e["UID"]) for e in events}) == 6


def test_each_session_carries_a_reminder_before_it_unless_turned_off():
    text = ical.calendar_text(plan(), start_time=dt.time(7, 30), stamp=STAMP, reminder_minutes=20)
    event = icalendar.Calendar.from_ical(text).walk("VEVENT")[0]
    [alarm] = event.walk("VALARM")
    assert alarm["ACTION"] == "DISPLAY"
    assert alarm["TRIGGER"].dt == -dt.timedelta(minutes=20)
    quiet = ical.calendar_text(
        plan(), start_time=dt.time(7, 30), stamp=STAMP, reminder_minutes=None
    )
    assert "VALARM" not in quiet


def test_the_file_has_the_required_calendar_properties_and_crlf_line_ends():
    text = ical.calendar_text(plan(), start_time=dt.time(18), stamp=STAMP)
    calendar = icalendar.Calendar.from_ical(text)
    assert calendar["VERSION"] == "2.0"
    assert str(calendar["PRODID"]) == ical.PRODUCT_ID
    assert text.startswith("BEGIN:VCALENDAR\r\n")
    assert text.endswith("END:VCALENDAR\r\n")
    assert "\n" not in text.replace("\r\n", "")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))


def test_a_uid_names_the_day_so_a_newer_plan_replaces_the_same_days():
    a = ical.calendar_text(plan(), start_time=dt.time(18), stamp=STAMP)
    b = ical.calendar_text(plan(), start_time=dt.time(9), stamp=STAMP + dt.timedelta(days=3))
    uids = [[str(e["UID"]) for e in icalendar.Calendar.from_ical(t).walk("VEVENT")] for t in (a, b)]
    assert uids[0] == uids[1]
    assert uids[0][0] == "20250303-exercise-session@hamtrack"


def test_no_sessions_still_makes_a_valid_empty_calendar():
    text = ical.calendar_text((), start_time=dt.time(18), stamp=STAMP)
    assert list(icalendar.Calendar.from_ical(text).walk("VEVENT")) == []


def test_a_naive_stamp_is_refused():
    with pytest.raises(ValueError, match="aware"):
        ical.calendar_text(plan(), start_time=dt.time(18), stamp=dt.datetime(2025, 3, 2))


def one_session(name: str) -> prog.PlannedSession:
    return prog.PlannedSession(MONDAY, (prog.PlannedExercise("bridge", name, "3 sets of 10"),))


@pytest.mark.parametrize(
    ("value", "escaped"),
    [
        ("a,b", "a\\,b"),
        ("a;b", "a\\;b"),
        ("back\\slash", "back\\\\slash"),
        ("two\nlines", "two\\nlines"),
        ("dos\r\nline", "dos\\nline"),
        ("colon: stays", "colon: stays"),
    ],
)
def test_text_values_are_escaped(value, escaped):
    """RFC 5545 §3.3.11: backslash, semicolon, comma and line breaks are escaped in TEXT."""
    text = ical.calendar_text([one_session(value)], start_time=dt.time(18), stamp=STAMP)
    unfolded = text.replace("\r\n ", "")
    assert f"- {escaped}: 3 sets of 10" in unfolded


@given(st.text(max_size=400))
def test_folded_lines_stay_within_75_octets_and_unfold_to_one_line_each(value):
    text = ical.calendar_text([one_session(value)], start_time=dt.time(18), stamp=STAMP)
    lines = text.split("\r\n")
    assert all(len(line.encode("utf-8")) <= 75 for line in lines)
    unfolded = text.replace("\r\n ", "").split("\r\n")
    assert sum(line.startswith("DESCRIPTION:") for line in unfolded) == 2


@given(st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=300))
@example("a\\Nb\rc\\\\N;,")
def test_any_text_in_a_description_survives_a_round_trip_through_a_parser(note):
    # The CR of a lone "\r" is written as a line break, as calendar apps show it, and so is a
    # backslash before N (RFC 5545's escaped line break; HamTrack's names and doses hold none).
    text = ical.calendar_text([one_session(note)], start_time=dt.time(18), stamp=STAMP)
    event = icalendar.Calendar.from_ical(text).walk("VEVENT")[0]
    expected = note.replace("\\N", "\n").replace("\r\n", "\n").replace("\r", "\n")
    assert f"- {expected}: 3 sets of 10" in str(event["DESCRIPTION"])


def test_the_download_name_says_what_and_from_when():
    assert ical.file_name(MONDAY) == "hamtrack-plan-2025-03-03.ics"


def test_the_programme_dose_of_a_plain_exercise_reaches_the_calendar():
    items = (ProgrammeExercise("bridge", sets=2, reps=15, band_level=1, added_on=MONDAY),)
    sessions = prog.plan_sessions(items, start=MONDAY, weeks=1, weekdays=(1,))
    text = ical.calendar_text(sessions, start_time=dt.time(18), stamp=STAMP)
    event = icalendar.Calendar.from_ical(text).walk("VEVENT")[0]
    assert "- Glute bridge: 2 sets of 15 · Extra light band" in str(event["DESCRIPTION"])
    assert event["DTSTART"].dt == dt.datetime(2025, 3, 4, 18, 0)
