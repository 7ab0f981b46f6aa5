"""The daily journey in a real browser: a new user checks in, logs a session, finds both."""

import os

import pytest
from browser_support import chromium_page, require_chromium, streamlit_server, wait_idle

from hamtrack import db as store

pytestmark = pytest.mark.browser

# "share" is the page whose URL is not its file's name (pages/export.py).
PAGES = ["", "check_in", "session", "history", "share"]


@pytest.fixture(scope="module")
def chromium():
    if os.environ.get("CI"):
        assert os.path.exists("/usr/bin/chromium"), ".ci/run must install Debian's chromium"
    require_chromium()


def test_a_new_user_logs_a_check_in_and_a_session_and_finds_both(chromium, tmp_path):
    db_path = tmp_path / "journey.db"
    with streamlit_server(db_path) as url, chromium_page(width=390, height=900) as page:
        page.goto(url)
        wait_idle(page)
        assert page.get_by_text("Welcome").is_visible()
        page.get_by_role("link", name="Start with a check-in").click()
        wait_idle(page)

        slider = page.get_by_test_id("stSlider").first.get_by_role("slider")
        slider.focus()
        for _ in range(4):
            page.keyboard.press("ArrowRight")
        wait_idle(page)
        page.get_by_test_id("stTextArea").locator("textarea").fill("Tight after the drive")
        page.get_by_test_id("stTextArea").locator("textarea").press("Tab")
        wait_idle(page)
        # A double click is the classic way to save twice; it must store one check-in.
        page.get_by_role("button", name="Save check-in").dblclick()
        # The save reruns into the read-back; a double click makes two reruns, so wait for it.
        page.get_by_test_id("stAlertContentSuccess").first.wait_for()
        wait_idle(page)
        # Waited for, not asked at once: on a busy machine the alert comes a moment after the
        # script has finished.
        page.get_by_test_id("stAlertContentSuccess").first.wait_for()

        page.goto(f"{url}/session")
        wait_idle(page)
        page.get_by_test_id("stMultiSelect").click()
        page.get_by_role("option", name="Glute bridge").click()
        page.keyboard.press("Escape")
        wait_idle(page)
        # A pain not chosen is not "no pain": the session waits for it, and says so.
        page.get_by_role("button", name="Save session").click()
        wait_idle(page)
        page.get_by_test_id("stAlertContentError").last.wait_for()
        assert "Glute bridge" in page.get_by_test_id("stAlertContentError").last.inner_text()
        page.get_by_test_id("stButtonGroup").get_by_role("radio", name="2", exact=True).click()
        wait_idle(page)
        page.get_by_role("button", name="Save session").click()
        wait_idle(page)
        page.get_by_role("button", name="Log another").wait_for()
        assert "Well done" in page.get_by_test_id("stAlertContentSuccess").first.inner_text()

        page.reload()
        wait_idle(page)
        page.goto(f"{url}/history")
        wait_idle(page)
        # The table is drawn on a canvas; the box under it names the same entries.
        page.get_by_test_id("stDataFrame").wait_for()  # drawn once its script has loaded
        entry = page.get_by_test_id("stSelectbox")
        entry.click()
        page.get_by_role("option", name="Check-in · pain 4/10").click()
        wait_idle(page)
        assert "Tight after the drive" in page.get_by_test_id("stMain").inner_text()
        entry.click()
        page.get_by_role("option", name="Session · pain 2/10").click()
        wait_idle(page)
        assert "Glute bridge: 3 × 10 reps, pain 2" in page.get_by_test_id("stMain").inner_text()
        assert not page.get_by_test_id("stException").count()

    db = store.open_database(db_path)
    assert store.record_counts(db)["check_ins"] == 1
    assert store.record_counts(db)["sessions"] == 1


@pytest.mark.parametrize("path", PAGES)
def test_each_page_opened_first_on_a_fresh_server_shows_the_frame(chromium, tmp_path, path):
    """Streamlit's legacy pages/ discovery would run a page file alone on a fresh server, or say
    "Page not found" for /share: the frame and the page must be there, and no such dialog."""
    db_path = tmp_path / "fresh.db"
    store.mark_demo(store.open_database(db_path))
    with streamlit_server(db_path) as url, chromium_page() as page:
        page.goto(f"{url}/{path}")
        wait_idle(page)
        assert page.get_by_text("Demo data:").is_visible()
        assert page.title() == "HamTrack" or "HamTrack" in page.title()
        assert not page.get_by_test_id("stException").count()
        # The menu's links are drawn with the frame; wait for them rather than read too early.
        page.get_by_test_id("stSidebar").get_by_role("link", name="Log exercises").wait_for(
            timeout=15_000
        )
        assert not page.get_by_text("Page not found").count()
        assert page.get_by_test_id("stMain").get_by_role("heading").count()
