"""Home: what to do today, and a first-time welcome that says where to start."""

import streamlit as st

import hamtrack_ui as ui
from hamtrack import db as store
from hamtrack.oswestry import questionnaire_due
from hamtrack.return_to_sport_view import read_retest

db = ui.database()
today = ui.today()

st.title("HamTrack")

if store.is_empty(db):
    st.subheader("Welcome")
    st.write(
        "HamTrack helps you keep up your hamstring and back exercises and see how your pain "
        "changes week by week. Everything stays on this computer."
    )
    st.markdown(
        "1. **Check in**: score your pain right now. It takes a few seconds.\n"
        "2. **Log exercises** after you do them, with how much each one hurt.\n"
        "3. Come back each day. After a week or two your trends appear."
    )
    st.page_link(
        "pages/check_in.py", label="Start with a check-in", icon=":material/mood:", width="stretch"
    )
    ui.standing_note()
    st.stop()

# The tests on both legs fall due every two weeks in the late phases (docs/rules.md §9).
retest = read_retest(db, today=today)
if retest is not None and retest.is_due:
    st.info(retest.text, icon=":material/event_repeat:")
    st.page_link("pages/return_to_sport.py", label="Log the tests", icon=":material/sprint:")

checked_in_today = store.check_ins_frame(db, since=today, until=today)
sessions_today = store.sessions_frame(db, since=today, until=today)

st.subheader(f"Today, {today:%A %d %B}")
left, right = st.columns(2)
with left.container(border=True):
    if checked_in_today.empty:
        st.markdown("**Check-in:** not yet today")
    else:
        latest = checked_in_today.iloc[-1]
        st.markdown(f"**Check-in:** done, pain {latest['pain']}/10 at {latest['time']}")
    st.page_link("pages/check_in.py", label="Check in now", icon=":material/mood:")
with right.container(border=True):
    if sessions_today.empty:
        st.markdown("**Exercises:** none logged today")
    else:
        st.markdown(f"**Exercises:** {int(sessions_today['exercises'].sum())} done today")
    st.page_link("pages/session.py", label="Log exercises", icon=":material/fitness_center:")

due = questionnaire_due(store.last_questionnaire_day(db), today)
if due is not None:
    with st.container(border=True):
        st.markdown(f"**Back questionnaire:** {due.message}")
        st.page_link("pages/questionnaire.py", label="Answer it now", icon=":material/assignment:")

ui.standing_note()
