"""Home: what to do today, and on a first run the three steps that set HamTrack up."""

import streamlit as st

import hamtrack_ui as ui
from hamtrack import db as store
from hamtrack import trends_view
from hamtrack.adherence import WeekStatus
from hamtrack.oswestry import questionnaire_due
from hamtrack.return_to_sport_view import read_retest

db = ui.database()
today = ui.today()

st.title("HamTrack")

checked_in_today = store.check_ins_frame(db, since=today, until=today)
sessions_today = store.sessions_frame(db, since=today, until=today)
has_injury = store.injury_profile(db) is not None
# The phase and the exercises make the programme: both are chosen on My programme.
has_programme = store.current_phase(db) is not None and bool(store.programme(db))
logged_today = not (checked_in_today.empty and sessions_today.empty)


def _step(number: int, title: str, what: str, done: bool, page: str, label: str, icon: str):
    """One step of the start: done says so in words; a step to do links to its page."""
    with st.container(border=True):
        status = "done" if done else "to do"
        st.markdown(f"**Step {number} of 3 · {title}** ({status})")
        if done:
            st.caption(":material/check_circle: Done.")
        else:
            st.write(what)
            st.page_link(page, label=label, icon=icon, width="stretch")


# The weekly target and the exercises ticked on "Log exercises" come from My programme, and the
# injured side from My injury, so a first run sets both up before the first log.
if not (has_injury and has_programme):
    st.subheader("Welcome: three steps to start")
    st.write(
        "HamTrack helps you keep up your hamstring and back exercises and see how your pain "
        "changes week by week. Everything stays on this computer."
    )
    _step(
        1,
        "Your injury",
        "Which side, when and how it happened: asked once, and used by every page after.",
        has_injury,
        "pages/injury.py",
        "Set up My injury",
        ":material/healing:",
    )
    _step(
        2,
        "Your programme",
        "Your phase of recovery, your exercises and how many sessions a week you aim for.",
        has_programme,
        "pages/programme.py",
        "Set up My programme",
        ":material/event_note:",
    )
    _step(
        3,
        "Today's log",
        "Score your pain now (a few seconds), and log your exercises after you do them.",
        logged_today,
        "pages/check_in.py",
        "Start with a check-in",
        ":material/mood:",
    )
    if store.is_empty(db):
        ui.standing_note()
        st.stop()

# The tests on both legs fall due every two weeks in the late phases (docs/rules.md §9).
retest = read_retest(db, today=today)
if retest is not None and retest.is_due:
    st.info(retest.text, icon=":material/event_repeat:")
    st.page_link("pages/return_to_sport.py", label="Log the tests", icon=":material/sprint:")

st.subheader(f"Today, {today:%A %d %B}")
# Sessions are counted as Trends counts them: days with a session against the weekly target.
week = ui.cached_read(
    trends_view.read_this_week, db, tables=trends_view.THIS_WEEK_TABLES, today=today
)
left, right = st.columns(2)
with left.container(border=True):
    if checked_in_today.empty:
        st.markdown("**Check-in:** not yet today")
    else:
        latest = checked_in_today.iloc[-1]
        st.markdown(f"**Check-in:** done, pain {latest['pain']}/10 at {latest['time']}")
    st.page_link("pages/check_in.py", label="Check in now", icon=":material/mood:")
with right.container(border=True):
    today_text = "logged today" if not sessions_today.empty else "none logged today yet"
    if week is None:
        st.markdown(f"**Sessions:** {today_text}")
    elif week.status == WeekStatus.PAUSED:
        st.markdown(f"**Sessions this week:** paused · {today_text}")
    else:
        st.markdown(
            f"**Sessions this week:** {week.session_days} of {week.sessions_needed} · {today_text}"
        )
    st.page_link("pages/session.py", label="Log exercises", icon=":material/fitness_center:")

due = questionnaire_due(store.last_questionnaire_day(db), today)
if due is not None:
    with st.container(border=True):
        st.markdown(f"**Back questionnaire:** {due.message}")
        st.page_link("pages/questionnaire.py", label="Answer it now", icon=":material/assignment:")

ui.standing_note()
