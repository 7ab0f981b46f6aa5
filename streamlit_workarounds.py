"""The two places HamTrack relies on Streamlit internals, kept here and nowhere else.

1. The public-address lookup. When a page from another origin knocks on the WebSocket, Streamlit
   asks an outside service (checkip.amazonaws.com) for this machine's public address before it
   turns the page away; it also asks at start when listening on every interface. HamTrack makes
   no request to anyone, so the cached answer is pinned to the loopback address before the server
   accepts a connection.
2. Legacy `pages/` discovery. A folder named `pages/` beside the entry script makes Streamlit
   serve each of its files as a page of its own until `st.navigation` first runs: on a fresh
   server a deep link runs the page without the frame, and `/share` (a page whose URL is not its
   file name) shows "Page not found" first. HamTrack routes with `st.navigation`, so the legacy
   discovery is turned off before the server accepts a connection.

`hamtrack app` applies both before Streamlit starts (`prepare_server`). Under a plain
`streamlit run streamlit_app.py` the first script run applies them (`hamtrack_ui` does), and a
page that legacy discovery ran alone runs the router instead (`legacy_discovery_ran_this_page`).
`problems()` lists every assumption made here that the installed Streamlit no longer meets;
tests/test_streamlit_workarounds.py fails with that list after an upgrade.
"""

from __future__ import annotations

import inspect

from streamlit import net_util
from streamlit.runtime.pages_manager import PagesManager
from streamlit.runtime.scriptrunner import script_runner
from streamlit.web.server import server_util

LOOPBACK = "127.0.0.1"


def keep_address_lookup_on_this_machine() -> None:
    """Answer Streamlit's public-address lookup with the loopback address, before it asks."""
    if net_util._external_ip is None:
        net_util._external_ip = LOOPBACK


def turn_off_legacy_pages_discovery() -> None:
    """Route only through `st.navigation`, from the first request of a fresh server on."""
    PagesManager.uses_pages_directory = False


def legacy_discovery_ran_this_page() -> bool:
    """True when Streamlit ran a `pages/` file alone, before `st.navigation` ever ran.

    Happens under `streamlit run` on a fresh server and in every AppTest run (AppTest decides
    the legacy discovery anew for each run).
    """
    return bool(PagesManager.uses_pages_directory)


def prepare_server() -> None:
    """Everything to do before the server accepts its first connection."""
    keep_address_lookup_on_this_machine()
    turn_off_legacy_pages_discovery()


def problems() -> list[str]:
    """What the installed Streamlit no longer does the way this module relies on (empty if all)."""
    found = []
    if not hasattr(net_util, "_external_ip"):
        found.append("streamlit.net_util no longer caches the public address in `_external_ip`")
    else:
        saved = net_util._external_ip
        try:
            net_util._external_ip = LOOPBACK
            if net_util.get_external_ip() != LOOPBACK:
                found.append("streamlit.net_util.get_external_ip() ignores its cached answer")
        finally:
            net_util._external_ip = saved
    if "net_util.get_external_ip" not in inspect.getsource(server_util):
        found.append("the WebSocket origin check no longer asks net_util.get_external_ip()")
    if not hasattr(PagesManager, "uses_pages_directory"):
        found.append("PagesManager no longer has the `uses_pages_directory` flag")
    elif "PagesManager.uses_pages_directory" not in inspect.getsource(script_runner):
        found.append("the script runner no longer reads `PagesManager.uses_pages_directory`")
    return found
