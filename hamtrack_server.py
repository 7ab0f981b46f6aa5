"""`hamtrack app`: start HamTrack's Streamlit server, private from its first moment.

Streamlit's own `streamlit run streamlit_app.py` still works, but HamTrack's code first runs
when a page does; `hamtrack app` prepares the server before it accepts a connection (see
streamlit_workarounds.py), then hands over to Streamlit's command line with the same options.
It also says so, loudly, when the server listens beyond this computer.
"""

from __future__ import annotations

import gc
import importlib
import ipaddress
import os
import sys
import textwrap
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from streamlit import config, runtime
from streamlit.runtime.runtime import RuntimeState
from streamlit.web import cli as streamlit_cli

import streamlit_workarounds as workarounds

APP_ROOT = Path(__file__).resolve().parent
MAIN_SCRIPT = APP_ROOT / "streamlit_app.py"
EVERY_INTERFACE = {"", "0.0.0.0", "::"}
# Set in the server's environment by `hamtrack app`, so the pages do not announce it again.
ANNOUNCED = "HAMTRACK_EXPOSURE_ANNOUNCED"


def reachable_from_other_devices(address: str | None) -> bool:
    """True when a server bound to `address` (Streamlit's server.address) listens beyond this
    computer. Unset or empty means every interface; a host name counts as beyond."""
    address = (address or "").strip()
    if address.startswith("unix://"):
        return False
    address = address.strip("[]")
    if address in EVERY_INTERFACE:
        return True
    if address.lower() == "localhost":
        return False
    try:
        return not ipaddress.ip_address(address).is_loopback
    except ValueError:
        return True


def exposure_warning(address: str | None) -> str:
    """What HamTrack says, on the console and on every page, when others can reach it."""
    address = (address or "").strip()
    where = (
        "every network interface"
        if address.strip("[]") in EVERY_INTERFACE
        else f"the address {address}"
    )
    return (
        f"HamTrack is open to other devices on your network (it listens on {where}) and has no "
        "password: anyone who can reach it can read and change your health records. Do this "
        "only on a home network you trust (see the README)."
    )


def console_warning(address: str | None) -> str:
    lines = textwrap.wrap(f"WARNING: {exposure_warning(address)}", width=88)
    return "\n" + "\n".join(f"  {line}" for line in lines) + "\n"


def _option(options: Sequence[str], name: str) -> str | None:
    """The value of `--name value` or `--name=value` among Streamlit's options, if given."""
    flag = f"--{name}"
    found = None
    for position, option in enumerate(options):
        if option == flag and position + 1 < len(options):
            found = options[position + 1]
        elif option.startswith(flag + "="):
            found = option.split("=", 1)[1]
    return found


def _announce_exposure() -> None:
    address = config.get_option("server.address")
    if reachable_from_other_devices(address) and not os.environ.get(ANNOUNCED):
        os.environ[ANNOUNCED] = "1"
        print(console_warning(address), file=sys.stderr, flush=True)


def streamlit_arguments(options: Sequence[str]) -> list[str]:
    """`streamlit run` arguments for HamTrack with the person's own Streamlit options.

    Listening beyond this computer by a flag, Streamlit's welcome lines would still show the
    loopback URL set in .streamlit/config.toml; they are left out then, and the warning plus
    the addresses that really work are printed instead.
    """
    options = list(options)
    address = _option(options, "server.address") or os.environ.get("STREAMLIT_SERVER_ADDRESS")
    if (
        address is not None
        and reachable_from_other_devices(address)
        and _option(options, "browser.serverAddress") is None
    ):
        options += ["--logger.hideWelcomeMessage", "true"]
    return ["run", str(MAIN_SCRIPT), *options]


def _print_addresses() -> None:
    address = (config.get_option("server.address") or "").strip()
    port = config.get_option("server.port")
    other = "<this computer's network address>" if address in EVERY_INTERFACE else address
    print(
        f"  HamTrack is running. On this computer: http://localhost:{port}\n"
        f"  On another device on your network: http://{other}:{port}\n",
        file=sys.stderr,
        flush=True,
    )


# What the pages' first runs would otherwise import, in the order the pages need it: the first
# page's own modules, then the charts' (altair) and the other pages'. Never the summary's
# renderers (fpdf2, fontTools) nor the calendar file's (icalendar, 11 MB), which cost memory a
# person who never downloads one should not pay; never a module that makes Streamlit caches
# (hamtrack_ui, the pages): those belong to the runtime, which is not there yet.
LOADED_WHILE_THE_BROWSER_CONNECTS = (
    "pyarrow",
    "streamlit.emojis",
    "streamlit.material_icon_names",
    "hamtrack.trends_view",
    "hamtrack.oswestry",
    "hamtrack.return_to_sport_view",
    "altair",
    "hamtrack.charts",
    "hamtrack.progression",
    "hamtrack.plan",
    "hamtrack.psfs_view",
    "hamtrack.exercise_guide",
    "PIL.Image",  # Streamlit draws the tests' and exercises' drawings through it
)


SERVER_START_WAIT = 30.0
"""Seconds the loading waits for the server to accept connections before it starts anyway."""


def load_the_pages_in_background(*, after: Callable[[], bool] = lambda: True) -> threading.Thread:
    """Import what the pages need in a thread of its own, once `after()` is true (polled):
    `hamtrack app` waits until the server accepts connections, so its start is not slowed,
    then loads while the browser loads the app. A fresh server's first page and its first
    chart page then find it all loaded, instead of waiting for it (or for the warm-up after
    the first page, which shares the interpreter with a quick first click)."""
    thread = threading.Thread(
        target=_load_the_pages, args=(after,), name="hamtrack-start-up", daemon=True
    )
    thread.start()
    return thread


def _server_started() -> bool:
    return runtime.exists() and runtime.get_instance().state is not RuntimeState.INITIAL


def _load_the_pages(after: Callable[[], bool]) -> None:
    waited = 0.0
    while not after() and waited < SERVER_START_WAIT:
        time.sleep(0.05)
        waited += 0.05
    _arrow_gives_memory_back()
    for name in LOADED_WHILE_THE_BROWSER_CONNECTS:
        importlib.import_module(name)
    if runtime.exists():
        # The runtime is up, so the pages' glue (which makes its caches) may load now, and its
        # warm-up (a first chart) runs here rather than after the first page.
        importlib.import_module("hamtrack_ui").warm_up()
    # Streamlit collects every generation of garbage after each script run, which walks every
    # object alive (a full collection here holds the interpreter for 40-100 ms after every
    # click). What the imports made lives as long as the server: collected once now, then
    # left out of every later collection (the warm-up above has done so already).
    if not gc.get_freeze_count():
        gc.collect()
        gc.freeze()


def _arrow_gives_memory_back() -> None:
    # pandas keeps text columns in Arrow arrays, and pyarrow's own allocator (mimalloc) keeps
    # what they freed for its next arrays: after a summary of ten years the server stayed
    # ~7 MB larger for good. The C library's allocator returns it; the frames a page holds are
    # small, so the speed mimalloc brings does not show.
    import pyarrow as pa

    pa.set_memory_pool(pa.system_memory_pool())


def serve(options: Sequence[str] = ()) -> int:
    """Run the app until stopped (Ctrl+C); Streamlit's options pass through unchanged."""
    workarounds.prepare_server()
    load_the_pages_in_background(after=_server_started)
    os.environ.pop(ANNOUNCED, None)  # a new server announces itself, whatever started it
    arguments = streamlit_arguments(options)
    own_welcome = len(arguments) > 2 + len(options)
    announced = False

    def announce() -> None:
        nonlocal announced
        if not announced:
            announced = True
            _announce_exposure()
            if own_welcome:
                _print_addresses()

    # Streamlit parses its config files and flags just before it starts the server (and again
    # when a config file changes: announced once).
    config.on_config_parsed(announce, force_connect=True)
    try:
        streamlit_cli.main(args=arguments, prog_name="hamtrack app")
    except SystemExit as stop:
        return stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
    return 0
