"""HamTrack's entry point: the frame around every page, and the router between them."""

import streamlit as st

import hamtrack_ui as ui
from hamtrack import db as store

st.set_page_config(
    page_title="HamTrack",
    # An emoji becomes an inline image; a :material/…: icon here is fetched from Google's servers.
    page_icon="🦵",
    layout="centered",
    initial_sidebar_state="auto",
)

pages = {
    "Today": [
        st.Page("pages/home.py", title="Home", icon=":material/home:", default=True),
        st.Page("pages/check_in.py", title="Check-in", icon=":material/mood:"),
        st.Page("pages/session.py", title="Log exercises", icon=":material/fitness_center:"),
        st.Page(
            "pages/questionnaire.py",
            title="Back questionnaire",
            icon=":material/assignment:",
            url_path="questionnaire",
        ),
    ],
    "Programme": [
        st.Page(
            "pages/programme.py",
            title="My programme",
            icon=":material/event_note:",
            url_path="programme",
        ),
        st.Page("pages/injury.py", title="My injury", icon=":material/healing:", url_path="injury"),
        st.Page(
            "pages/return_to_sport.py",
            title="Return to sport",
            icon=":material/sprint:",
            url_path="return-to-sport",
        ),
        st.Page(
            "pages/library.py",
            title="Exercise library",
            icon=":material/menu_book:",
            url_path="library",
        ),
    ],
    "Progress": [
        st.Page("pages/trends.py", title="Trends", icon=":material/monitoring:", url_path="trends"),
        st.Page("pages/history.py", title="History", icon=":material/history:"),
    ],
    "Share": [
        st.Page(
            "pages/export.py", title="Share & backup", icon=":material/ios_share:", url_path="share"
        ),
    ],
}

navigation = st.navigation(pages)
ui.exposure_notice()

if store.get_profile(ui.database()).is_demo:
    st.warning(
        "Demo data: everything shown here was generated to try HamTrack out; it is nobody's real "
        "record.",
        icon=":material/science:",
    )

navigation.run()
