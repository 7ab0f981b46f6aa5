"""The check-in in a real browser: the warning-sign checklist is on the page without a click, and
a tick of each level shows that level's message at once (docs/rules.md §8)."""

import os

import pytest
from browser_support import chromium_page, require_chromium, streamlit_server, wait_idle

from hamtrack import db as store
from hamtrack.safety import Urgency, checklist

pytestmark = pytest.mark.browser

SHOTS = os.environ.get("HAMTRACK_SCREENSHOTS")
"""A folder to keep screenshots in, for looking at the page; unset, none are kept."""


@pytest.fixture(scope="module")
def chromium():
    require_chromium()


@pytest.mark.parametrize("width", [1280, 390])
def test_the_checklist_is_seen_without_a_click_and_each_level_shows_its_message(
    chromium, tmp_path, width
):
    db_path = tmp_path / "check_in.db"
    store.open_database(db_path).conn.close()
    with streamlit_server(db_path) as url, chromium_page(width=width, height=900) as page:
        page.goto(f"{url}/check_in")
        page.get_by_test_id("stCheckbox").last.wait_for()
        wait_idle(page)
        main = page.get_by_test_id("stMain")
        assert "0 none, 10 worst" in main.inner_text()
        assert not page.get_by_test_id("stExpander").count()
        boxes = page.get_by_test_id("stCheckbox")
        assert boxes.count() == sum(len(checklist(level)) for level in Urgency)
        for i in range(boxes.count()):
            assert boxes.nth(i).is_visible()
            assert not boxes.nth(i).get_by_role("checkbox").is_checked()
        for level in Urgency:
            assert main.get_by_text(level.heading).is_visible()
        if SHOTS:
            page.screenshot(path=f"{SHOTS}/check_in_{width}.png", full_page=True)

        for level in Urgency:
            sign = checklist(level)[0]
            box = page.get_by_test_id("stCheckbox").filter(has_text=sign.question)
            box.get_by_text(sign.question).click()
            wait_idle(page)
            kind = "stAlertContentWarning" if level is Urgency.SOON else "stAlertContentError"
            alert = page.get_by_test_id(kind).filter(has_text=level.where.split(" or ")[0][-12:])
            alert.first.scroll_into_view_if_needed()
            assert alert.first.is_visible()
            assert level.message[:40] in alert.first.inner_text()
            if SHOTS:
                page.screenshot(path=f"{SHOTS}/check_in_{width}_{level.value}.png")
            box.get_by_text(sign.question).click()
            wait_idle(page)
            assert not page.get_by_test_id(kind).count()
        assert not page.get_by_test_id("stException").count()


def test_a_save_redraws_the_check_in_alone_and_the_menu_still_leads_on(chromium, tmp_path):
    """The check-in is one fragment: saving shows the read-back with a ticked sign's advice,
    Log another gives an empty form, and the phone menu, drawn before and not again, still
    opens Home, which shows the check-in just saved."""
    db_path = tmp_path / "check_in.db"
    store.open_database(db_path).conn.close()
    sign = checklist(Urgency.SOON)[0]
    with streamlit_server(db_path) as url, chromium_page(width=390, height=900) as page:
        page.goto(f"{url}/check_in")
        page.get_by_test_id("stCheckbox").last.wait_for()
        wait_idle(page)
        slider = page.get_by_test_id("stSlider").first.get_by_role("slider")
        slider.focus()
        for _ in range(3):
            page.keyboard.press("ArrowRight")
        wait_idle(page)
        page.get_by_test_id("stCheckbox").filter(has_text=sign.question).get_by_text(
            sign.question
        ).click()
        wait_idle(page)
        page.get_by_role("button", name="Save check-in").click()
        page.get_by_role("button", name="Log another").wait_for()
        wait_idle(page)
        main = page.get_by_test_id("stMain")
        assert "Worst pain 3/10" in page.get_by_test_id("stAlertContentSuccess").inner_text()
        assert (
            Urgency.SOON.message[:40] in page.get_by_test_id("stAlertContentWarning").inner_text()
        )
        if SHOTS:
            page.screenshot(path=f"{SHOTS}/check_in_saved_390.png")

        page.wait_for_timeout(1100)  # past the double-click guard
        page.get_by_role("button", name="Log another").click()
        page.get_by_role("button", name="Save check-in").wait_for()
        wait_idle(page)
        values = page.get_by_test_id("stSliderThumbValue")
        assert [values.nth(i).inner_text() for i in range(values.count())] == ["0"] * 4
        assert not any(box.is_checked() for box in page.get_by_role("checkbox").all())

        page.get_by_test_id("stPopoverButton").click()
        page.get_by_test_id("stPopoverBody").get_by_role("link", name="Home").click()
        main.get_by_text("Check-in:").wait_for()
        wait_idle(page)
        assert "done, pain 3/10" in main.inner_text()
        assert not page.get_by_test_id("stException").count()
    db = store.open_database(db_path)
    assert store.record_counts(db)["check_ins"] == 1
    db.conn.close()
