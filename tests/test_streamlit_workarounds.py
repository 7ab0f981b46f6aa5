"""The Streamlit internals HamTrack relies on are still there, and doing what it relies on."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from browser_support import chromium_page, menu_hrefs, require_chromium, streamlit_server, wait_idle
from streamlit import net_util
from streamlit.runtime.pages_manager import PagesManager

import streamlit_workarounds as workarounds
from hamtrack import db as store
from hamtrack import demo


def test_the_installed_streamlit_still_works_the_way_the_workarounds_assume():
    found = workarounds.problems()
    assert not found, (
        "Streamlit changed under streamlit_workarounds.py; fix it before upgrading: "
        + "; ".join(found)
    )


def test_preparing_the_server_pins_the_lookup_and_turns_legacy_pages_off(monkeypatch):
    monkeypatch.setattr(net_util, "_external_ip", None)
    monkeypatch.setattr(PagesManager, "uses_pages_directory", True)
    workarounds.prepare_server()
    # The lookup answers from its cache, so it asks nobody.
    assert net_util.get_external_ip() == workarounds.LOOPBACK
    assert not workarounds.legacy_discovery_ran_this_page()


def test_an_address_already_known_is_kept(monkeypatch):
    monkeypatch.setattr(net_util, "_external_ip", "192.0.2.7")
    workarounds.keep_address_lookup_on_this_machine()
    assert net_util.get_external_ip() == "192.0.2.7"


def test_a_deep_link_served_by_legacy_discovery_still_gets_the_frame(open_app, fresh_db):
    """AppTest decides legacy discovery anew on every run and runs a switched-to page file
    alone, as a fresh server's first request under a plain `streamlit run` would: the page runs
    the router, which draws the frame around it."""
    store.mark_demo(fresh_db)
    at = open_app("pages/library.py")
    assert not at.exception
    assert any("Demo data" in w.value for w in at.warning)  # drawn by streamlit_app.py only
    assert not workarounds.legacy_discovery_ran_this_page()


def test_the_chart_code_preload_names_only_streamlits_own_chunks():
    script = workarounds.chart_code_preload()
    assert script is not None
    names = re.findall(r'"([^"]+\.js)"', script)
    assert [name.split(".")[0] for name in names] == list(workarounds.PRELOADED_CHUNKS)
    assert all((workarounds.STATIC_SCRIPTS / name).is_file() for name in names)


def test_every_page_carries_the_chart_code_preload_out_of_sight(open_app, fresh_db):
    """The frame sends the script on every page, in a container the frame's style hides."""
    today = dt.date.today()
    store.store_bundle(fresh_db, demo.generate(weeks=3, seed=7, today=today), today=today)
    at = open_app()
    scripts = [h for h in at.get("html") if h.proto.unsafe_allow_javascript]
    assert [h.proto.body for h in scripts] == [workarounds.chart_code_preload()]
    styles = " ".join(h.proto.body for h in at.get("html") if "<style>" in h.proto.body)
    assert ":has(> .st-key-chart_code), .st-key-chart_code { display: none; }" in styles


@pytest.mark.browser
def test_the_first_chart_page_finds_the_chart_code_loaded(tmp_path):
    """On a fresh server, Home (which draws no chart) has the browser load the chart code (and
    Trends' widgets') once idle; the first click to Trends then loads none of it, and Home
    shows nothing of it."""
    require_chromium()
    db_path = tmp_path / "hamtrack.db"
    db = store.open_database(db_path)
    today = dt.date.today()
    store.store_bundle(db, demo.generate(weeks=3, seed=7, today=today), today=today)
    db.close()
    requested: list[str] = []
    with streamlit_server(db_path) as url, chromium_page() as page:
        page.on("request", lambda request: requested.append(request.url.rsplit("/", 1)[-1]))
        page.goto(url)
        wait_idle(page)
        menu_hrefs(page)
        page.wait_for_function(
            "(names) => names.every((name) => performance.getEntriesByType('resource')"
            ".some((entry) => entry.name.endsWith('/' + name)))",
            arg=list(workarounds.preloaded_files()),
            timeout=20_000,
        )
        assert not page.get_by_test_id("stVegaLiteChart").count()
        assert not page.locator(".st-key-chart_code").is_visible()
        before = len(requested)
        page.get_by_test_id("stSidebar").get_by_role("link").filter(has_text="Trends").click()
        page.get_by_test_id("stVegaLiteChart").first.locator("canvas, svg.marks").wait_for()
    chart_code = set(workarounds.preloaded_files())
    assert chart_code <= set(requested[:before])
    assert not chart_code & set(requested[before:])
