"""HamTrack's entry point: the frame around every page, and the router between them."""

import streamlit as st

import hamtrack_ui as ui
import streamlit_workarounds as workarounds
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

# Our own menu instead of Streamlit's sidebar list: that list marks its section headings up
# inside the list (screen readers announce a broken list), and on a phone its only way in is a
# small "»" in the corner. Here the same links sit in the sidebar on a wide screen and behind a
# big "Menu" button at the top on a phone; each heading is a plain line above its links.
navigation = st.navigation(pages, position="hidden")


def menu() -> None:
    for section, section_pages in pages.items():
        st.caption(f"**{section}**")
        for page in section_pages:
            st.page_link(page, width="stretch")


with st.sidebar:
    menu()
# One popover per page: choosing a page draws a new, closed one, so the menu does not stay open
# over the page just chosen. Its links are drawn only while it is open: a closed menu adds one
# button to the page, not nine links.
with st.container(key="phone_menu"):
    phone_menu = st.popover(
        "Menu",
        icon=":material/menu:",
        key=f"menu_{navigation.url_path or 'home'}",
        on_change="rerun",
    )
    if phone_menu.open:
        with phone_menu:
            menu()
# The sidebar is open from 768 px up (Streamlit's own breakpoint); there the button is hidden.
# Below it the sidebar would open over the page and stay open after a choice, so the Menu
# button is the only way in there.
# A slider's thumb and a time's hour and minute are drawn 19 px wide; 24 px is the smallest
# target WCAG 2.2 AA allows. A chosen segment's text is drawn in the theme's colour, which on the
# dark background is too faint (3:1): it keeps the text colour and is bold instead, as does the
# number over a slider. A closed sidebar is only moved off screen, so the keyboard still
# stepped through its ten links unseen; hidden, it is skipped until opened.
FRAME_STYLE = (
    "<style>"
    "[data-testid='stSidebar'][data-collapsed='true'] { visibility: hidden; }"
    "[data-testid='stSliderThumbValue'] { color: inherit; font-weight: 600; }"
    "@media (min-width: 768px) { .st-key-phone_menu { display: none; } }"
    "@media (max-width: 767.98px) { [data-testid='stExpandSidebarButton'] { display: none; } }"
    "[data-testid='stButtonGroup'] button[aria-checked='true'] { color: inherit !important; }"
    "[data-testid='stButtonGroup'] button[aria-checked='true'] p { font-weight: 600; }"
    "[data-testid='stSlider'] div:has(> div > input[type='range'])"
    " { min-width: 24px; min-height: 24px; }"
    "[data-testid='stTimeInput'] [role='spinbutton']"
    " { display: inline-block; min-width: 24px; min-height: 24px; text-align: center; }"
    "[data-testid='stLayoutWrapper']:has(> .st-key-chart_code), .st-key-chart_code"
    " { display: none; }"
    "</style>"
)
st.html(FRAME_STYLE)
# The browser loads the code that draws charts in its first idle moment (while it waits for the
# page), so the first chart page (Trends, from Home) does not wait for it
# (streamlit_workarounds.py, 3). Nothing of it shows: its container is hidden.
CHART_CODE_PRELOAD = workarounds.chart_code_preload()
if CHART_CODE_PRELOAD is not None:
    with st.container(key="chart_code"):
        st.html(CHART_CODE_PRELOAD, unsafe_allow_javascript=True)

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
