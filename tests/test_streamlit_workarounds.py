"""The Streamlit internals HamTrack relies on are still there, and doing what it relies on."""

from __future__ import annotations

from streamlit import net_util
from streamlit.runtime.pages_manager import PagesManager

import streamlit_workarounds as workarounds
from hamtrack import db as store


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
