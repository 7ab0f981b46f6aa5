"""The three places HamTrack relies on Streamlit internals, kept here and nowhere else.

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
3. The chart code's first load. Streamlit's page loads the code that draws a chart (Vega-Lite and
   its embedding, close to 1 MB), and that of a few widgets, only when a page first shows one,
   so the first click to Trends waited for it while the server, busy with the page, served it
   slowly. The browser now loads that code in its first idle moment (`chart_code_preload`),
   typically while it waits for the first page, from Streamlit's own files on this server:
   the first chart page then finds it loaded.

`hamtrack app` applies the first two before Streamlit starts (`prepare_server`). Under a plain
`streamlit run streamlit_app.py` the first script run applies them (`hamtrack_ui` does), and a
page that legacy discovery ran alone runs the router instead (`legacy_discovery_ran_this_page`).
`problems()` lists every assumption made here that the installed Streamlit no longer meets;
tests/test_streamlit_workarounds.py fails with that list after an upgrade.
"""

from __future__ import annotations

import functools
import inspect
import json
import re
from pathlib import Path

import streamlit
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


STATIC_SCRIPTS = Path(streamlit.__file__).parent / "static" / "static" / "js"
# The elements Streamlit's page loads only when a page first shows one (lazily loaded
# components): the chart, and the widgets Trends shows that Home does not.
PRELOADED_ELEMENTS = ("ArrowVegaLiteChart", "ButtonGroup", "Metric", "Selectbox")
# What the chart loads in turn to draw (Vega-Lite and its embedding).
PRELOADED_DRAWING = ("loadVegaEmbed", "embed", "vega-interpreter")
PRELOADED_CHUNKS = PRELOADED_ELEMENTS + PRELOADED_DRAWING


@functools.cache
def preloaded_files() -> tuple[str, ...]:
    """The installed Streamlit's files of PRELOADED_CHUNKS (named `<chunk>.<hash>.js`)."""
    found = []
    for chunk in PRELOADED_CHUNKS:
        files = sorted(path.name for path in STATIC_SCRIPTS.glob(f"{chunk}.*.js"))
        found += files[:1] if len(files) == 1 else []
    return tuple(found)


def chart_code_preload() -> str | None:
    """A script (for `st.html(..., unsafe_allow_javascript=True)`) that has the browser load
    the chart code in its first idle moment; None when the chunks are not found as expected.

    Imported beside the page's own script, each chunk is the very module the page would import
    on its first chart or widget of the kind, so that import finds it loaded. The names come
    from Streamlit's own files, never from a person or a file.
    """
    files = preloaded_files()
    if len(files) != len(PRELOADED_CHUNKS):
        return None
    return (
        "<script>(() => {"
        "const page = document.querySelector(\"script[type='module'][src*='static/js/index.']\");"
        "if (!page) return;"
        f"const load = () => {json.dumps(files)}.forEach("
        "(name) => import(new URL(name, page.src).href).catch(() => {}));"
        "if (window.requestIdleCallback) window.requestIdleCallback(load, {timeout: 100});"
        "else window.setTimeout(load, 50);"
        "})();</script>"
    )


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
    if len(preloaded_files()) != len(PRELOADED_CHUNKS):
        found.append(
            f"Streamlit's page has no single file for each of {', '.join(PRELOADED_CHUNKS)}"
        )
    elif not _chunks_load_as_the_page_does():
        found.append("Streamlit's page no longer loads the preloaded chunks by their file names")
    return found


def _chunks_load_as_the_page_does() -> bool:
    """The page's own script imports each preloaded element by its file name, relative to
    itself, and lists the drawing code's loader among the chart's; the loader imports the
    drawing code by its file names: the names the preload imports."""
    files = dict(zip(PRELOADED_CHUNKS, preloaded_files(), strict=True))
    page = (STATIC_SCRIPTS.parent.parent / "index.html").read_text()
    found = re.search(r'<script type="module"[^>]*src="\./static/js/(index\.[^"/]+\.js)"', page)
    if found is None:
        return False
    index = (STATIC_SCRIPTS / found.group(1)).read_text()
    loader = (STATIC_SCRIPTS / files["loadVegaEmbed"]).read_text()
    return (
        all(f"import(`./{files[name]}`)" in index for name in PRELOADED_ELEMENTS)
        and f'"./{files["loadVegaEmbed"]}"' in index
        and all(f"import(`./{files[name]}`)" in loader for name in ("embed", "vega-interpreter"))
    )
