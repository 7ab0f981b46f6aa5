"""HamTrack's entry point: the frame around every page, and the router between them."""

import streamlit as st

import hamtrack_ui as ui
from hamtrack import db as store
from hamtrack_menu import MENU

st.set_page_config(
    page_title="HamTrack",
    # An emoji becomes an inline image; a :material/…: icon here is fetched from Google's servers.
    page_icon="🦵",
    layout="centered",
    initial_sidebar_state="auto",
)

# The menu lives in hamtrack_menu.py, which the benchmark reads too.
pages = {
    section: [
        st.Page(
            page.path,
            title=page.title,
            icon=page.icon,
            url_path=page.url_path,
            default=page.default,
        )
        for page in entries
    ]
    for section, entries in MENU.items()
}

navigation = st.navigation(pages)
ui.exposure_notice()

if store.get_profile(ui.database()).is_demo:
    st.warning(
        "Demo data: everything shown here was generated to try HamTrack out; it is nobody's real "
        "record.",
        icon=":material/science:",
    )

try:
    navigation.run()
finally:
    # Once the first page has drawn, what the others need loads in the background.
    ui.load_the_other_pages_in_background()
