"""Return to sport in a real browser on a phone: set the injured side on My injury, log a test on
both legs, and see the limb symmetry index on Return to sport and on Trends (docs/rules.md §9)."""

import datetime as dt

import pytest
from browser_support import chromium_page, require_chromium, streamlit_server, wait_idle

from hamtrack import db as store
from hamtrack.models import CheckIn, Region
from hamtrack.return_to_sport import Leg, MeasureKind

pytestmark = pytest.mark.browser

LSI = "bridge: 17 right vs 22 left, 77 %"


def fill(page, label: str, value: str) -> None:
    box = page.get_by_label(label, exact=True)
    box.fill(value)
    box.press("Tab")


def test_a_person_sets_their_side_logs_both_legs_and_sees_the_index(tmp_path):
    require_chromium()
    db_path = tmp_path / "rts.db"
    db = store.open_database(db_path)
    # Someone already logging: Trends has something to show besides the symmetry.
    store.add_check_in(
        db,
        CheckIn(dt.date.today(), dt.time(7, 0), pain=dict.fromkeys(Region, 1), stiffness=1),
    )
    db.conn.close()
    with streamlit_server(db_path) as url, chromium_page(width=390, height=900) as page:
        page.goto(f"{url}/return-to-sport")
        page.get_by_role("button", name="Save the tests").wait_for()
        wait_idle(page)
        # No profile yet: the page invites one, and the link leads to My injury.
        page.get_by_role("link", name="Set up My injury").click()
        page.get_by_role("button", name="Save my injury").wait_for()
        wait_idle(page)
        page.get_by_text("Right", exact=True).click()
        wait_idle(page)
        page.get_by_text("Sprinting or running fast").click()
        wait_idle(page)
        page.get_by_role("button", name="Save my injury").click()
        page.get_by_role("button", name="Edit my injury").wait_for()
        wait_idle(page)

        page.goto(f"{url}/return-to-sport")
        page.get_by_role("button", name="Save the tests").wait_for()
        wait_idle(page)
        fill(page, "Bridge, left leg (repetitions)", "22")
        fill(page, "Bridge, left leg: pain during (0–10)", "0")
        fill(page, "Bridge, right leg (repetitions)", "17")
        fill(page, "Bridge, right leg: pain during (0–10)", "1")
        page.get_by_role("button", name="Save the tests").click()
        page.get_by_text("Saved 2 results").wait_for()
        wait_idle(page)
        main = page.get_by_test_id("stMain").inner_text()
        assert "Injured: Right hamstring" in main
        assert LSI in main
        assert "needs 90 %" in main
        assert "cleared" not in main.lower()
        page.get_by_test_id("stVegaLiteChart").first.wait_for()
        assert not page.get_by_test_id("stException").count()
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.screenshot(path=str(tmp_path / "return-to-sport-390.png"), full_page=True)

        page.goto(f"{url}/trends")
        page.get_by_text("Symmetry between the legs").wait_for()
        wait_idle(page)
        assert LSI in page.get_by_test_id("stMain").inner_text()
        assert not page.get_by_test_id("stException").count()

    db = store.open_database(db_path)
    saved = [s.value for s in store.measures(db)]
    assert sorted((m.leg, m.kind, m.value, m.pain) for m in saved) == [
        (Leg.LEFT, MeasureKind.BRIDGE, 22, 0),
        (Leg.RIGHT, MeasureKind.BRIDGE, 17, 1),
    ]
