"""Every page, in a real browser, at desktop and phone width, in the light and the dark theme.

A page fails on an exception box, on scrolling sideways at phone width, or on an axe-core
violation of WCAG 2.2 AA whose impact is serious or critical. One server on a demo database and
one browser serve every case; each page is one test, so a failure names its page.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_support import (
    CHROMIUM,
    CHROMIUM_ARGS,
    menu_hrefs,
    require_chromium,
    streamlit_server,
    wait_idle,
)

from hamtrack import db as store
from hamtrack import demo
from hamtrack_menu import menu_pages

pytestmark = pytest.mark.browser

PROJECT = Path(__file__).resolve().parent.parent
DESKTOP, PHONE = 1280, 390
SCHEMES = ("light", "dark")
# The rules axe-core checks for WCAG 2.2 level A and AA.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
BLOCKING = {"serious", "critical"}

# Every page's address, as the menu links to it ("" is Home).
# Every page of the menu, by its address ("" is Home).
PAGES = [page.address for page in menu_pages()]
KNOWN: dict[str, pytest.MarkDecorator] = {}
"""Pages with a violation still to fix, each marked with what is left (none now)."""


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app on a 16-week demo database: every page has something to show."""
    require_chromium()
    path = tmp_path_factory.mktemp("pages") / "demo.db"
    today = dt.date.today()
    db = store.open_database(path)
    store.store_bundle(db, demo.generate(weeks=16, seed=1, today=today), today=today)
    db.conn.close()
    with streamlit_server(path) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="module")
def browser_page(app: str, browser):
    return browser.new_context(viewport={"width": DESKTOP, "height": 900}).new_page()


def _open(page, url: str, *, width: int, scheme: str) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    page.emulate_media(color_scheme=scheme)
    page.goto(url)
    wait_idle(page)
    page.wait_for_timeout(400)  # charts and images draw after the script has finished


def _problems(page, *, width: int) -> list[str]:
    """What is wrong on the page now on screen, one line each."""
    from axe_playwright_python.sync_playwright import Axe

    problems = []
    if page.get_by_test_id("stException").count():
        problems.append("an exception box")
    scroll, client = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    if width == PHONE and scroll > client:
        problems.append(f"scrolls sideways ({scroll} px of content in {client} px)")
    results = Axe().run(
        page,
        options={"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]},
    )
    for violation in results.response["violations"]:
        if violation["impact"] in BLOCKING:
            where = "; ".join(node["html"][:120] for node in violation["nodes"][:3])
            problems.append(f"axe {violation['id']} ({violation['impact']}): {where}")
    return problems


@pytest.mark.parametrize(
    "path", [pytest.param(p, marks=KNOWN.get(p, ()), id=p or "home") for p in PAGES]
)
def test_page_has_no_error_no_sideways_scroll_and_no_serious_axe_violation(
    app: str, browser_page, path: str
):
    """WCAG 2.2 AA as axe-core checks it, at 1280 and 390 px, light and dark."""
    found = []
    for scheme in SCHEMES:
        for width in (DESKTOP, PHONE):
            _open(browser_page, f"{app}/{path}", width=width, scheme=scheme)
            found += [f"{scheme} {width}px: {p}" for p in _problems(browser_page, width=width)]
    assert found == []


def test_the_menu_links_to_every_page_tested_here(app: str, browser_page):
    """A new page cannot be left out of the checks above."""
    _open(browser_page, app, width=DESKTOP, scheme="light")
    hrefs = set(menu_hrefs(browser_page))
    assert {re.sub(r"^(https?://[^/]+)?/", "", h) for h in hrefs} == set(PAGES)


def test_on_a_phone_the_menu_is_a_big_button_that_closes_after_choosing(app: str, browser_page):
    _open(browser_page, app, width=PHONE, scheme="light")
    assert not browser_page.get_by_role("button", name="Expand sidebar").is_visible()
    menu = browser_page.get_by_role("button", name="Menu", exact=True)
    box = menu.bounding_box()
    assert box["height"] >= 40
    assert box["width"] >= 44
    menu.click()
    browser_page.get_by_test_id("stPopoverBody").get_by_role("link", name="History").click()
    wait_idle(browser_page)
    assert browser_page.url.endswith("/history")
    assert browser_page.get_by_test_id("stPopoverBody").count() == 0
    assert browser_page.get_by_role("heading", name="History").first.is_visible()


def test_the_menu_button_is_hidden_where_the_sidebar_shows_the_menu(app: str, browser_page):
    _open(browser_page, app, width=DESKTOP, scheme="light")
    assert not browser_page.get_by_role("button", name="Menu", exact=True).is_visible()
    assert browser_page.get_by_test_id("stSidebar").get_by_role("link", name="Trends").is_visible()


def test_dark_mode_follows_the_device(app: str, browser_page):
    _open(browser_page, app, width=DESKTOP, scheme="dark")
    dark = browser_page.evaluate(
        "getComputedStyle(document.querySelector('[data-testid=stApp]')).backgroundColor"
    )
    _open(browser_page, app, width=DESKTOP, scheme="light")
    light = browser_page.evaluate(
        "getComputedStyle(document.querySelector('[data-testid=stApp]')).backgroundColor"
    )
    assert (dark, light) == ("rgb(14, 17, 23)", "rgb(255, 255, 255)")


def _tab_to(page, role: str, name: str, *, presses: int = 80) -> None:
    """Press Tab until the focus is on the element of this role and name (the keyboard's way)."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        found = page.evaluate(
            "([role, name]) => { const e = document.activeElement;"
            " const r = e.getAttribute('role') || e.tagName.toLowerCase();"
            " return r === role && (e.getAttribute('aria-label') || e.innerText || '')"
            ".trim().endsWith(name); }",
            [role, name],
        )
        if found:
            return
    raise AssertionError(f"Tab never reached the {role} {name!r}")


def test_a_session_can_be_logged_with_the_keyboard_alone(app: str, browser_page):
    """Runs last: it adds a session to the demo the other checks read."""
    _open(browser_page, f"{app}/session", width=PHONE, scheme="light")
    for _ in range(browser_page.get_by_test_id("stButtonGroup").count()):
        _tab_to(browser_page, "radio", "0 none")  # the first choice of the next pain question
        browser_page.keyboard.press("ArrowRight")
        browser_page.keyboard.press("Space")
        wait_idle(browser_page)
    _tab_to(browser_page, "button", "Save session")
    browser_page.keyboard.press("Enter")
    wait_idle(browser_page)
    saved = browser_page.get_by_test_id("stAlertContentSuccess").first.inner_text()
    assert "Well done" in saved


def test_the_first_run_home_passes_too(browser, tmp_path):
    """An empty database shows the three steps: checked like every other page."""
    page = browser.new_context().new_page()
    found = []
    with streamlit_server(tmp_path / "new.db") as url:
        for scheme in SCHEMES:
            for width in (DESKTOP, PHONE):
                _open(page, url, width=width, scheme=scheme)
                assert page.get_by_text("three steps to start").is_visible()
                found += [f"{scheme} {width}px: {p}" for p in _problems(page, width=width)]
    assert found == []


def test_light_or_dark_can_be_chosen_in_the_menu(app: str, browser):
    """The device's setting is the default; the top-right menu offers Light and Dark."""
    page = browser.new_context().new_page()  # its own storage: the choice is remembered there
    _open(page, app, width=PHONE, scheme="light")
    page.get_by_role("button", name="Main menu").click()
    page.get_by_test_id("stMainMenuItem-theme-Dark").click()
    page.wait_for_timeout(300)
    background = page.evaluate(
        "getComputedStyle(document.querySelector('[data-testid=stApp]')).backgroundColor"
    )
    assert background == "rgb(14, 17, 23)"
    assert not page.get_by_text("Deploy").count()
    assert not page.get_by_text("Clear cache").count()
    page.context.close()
