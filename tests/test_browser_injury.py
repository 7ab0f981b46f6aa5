"""My injury in a real browser on a phone: set the profile once and see it, with its standing
note (docs/rules.md §8, §9)."""

import pytest
from browser_support import chromium_page, require_chromium, streamlit_server, wait_idle

from hamtrack import db as store
from hamtrack.models import Side

pytestmark = pytest.mark.browser


def test_a_person_sets_their_injury_once_and_sees_it_with_its_note(tmp_path):
    require_chromium()
    db_path = tmp_path / "injury.db"
    store.open_database(db_path).conn.close()
    with streamlit_server(db_path) as url, chromium_page(width=390, height=900) as page:
        page.goto(f"{url}/injury")
        page.get_by_role("button", name="Save my injury").wait_for()
        wait_idle(page)
        page.get_by_text("Right", exact=True).click()
        wait_idle(page)
        page.get_by_text("Sprinting or running fast").click()
        wait_idle(page)
        page.get_by_text("You have had cancer at any time").click()
        wait_idle(page)
        page.get_by_role("button", name="Save my injury").click()
        page.get_by_role("button", name="Edit my injury").wait_for()
        wait_idle(page)
        main = page.get_by_test_id("stMain").inner_text()
        assert "Right hamstring, injured on" in main
        assert "Tell your physiotherapist or doctor" in main
        assert "profile set up" in main
        assert not page.get_by_test_id("stException").count()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390
    db = store.open_database(db_path)
    current = store.injury_profile(db).profile
    assert current.injured_side is Side.RIGHT
    assert current.history == {"past_cancer"}
