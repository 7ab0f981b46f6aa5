"""Run the real app with `hamtrack app` on 127.0.0.1 and drive it in headless Chromium.

Every server started here runs under the network watch (tests/network_watch/sitecustomize.py):
a name lookup or connection beyond this machine is refused and noted, and `streamlit_server`
fails the test that started it when anything was noted.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import pytest

PROJECT = Path(__file__).resolve().parent.parent
NETWORK_WATCH = Path(__file__).resolve().parent / "network_watch"
CHROMIUM = os.environ.get("HAMTRACK_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def require_chromium() -> None:
    if not Path(CHROMIUM).exists() and shutil.which("chromium") is None:
        pytest.skip("Chromium is not installed; .ci/run installs Debian's chromium")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def network_log(db_path: Path) -> Path:
    """Where the network watch of the server for `db_path` notes what it refused."""
    return db_path.with_suffix(".network.log")


def launch_streamlit(
    db_path: Path,
    log: IO[str],
    *,
    extra_env: dict[str, str] | None = None,
    timeout: float = 60,
    options: tuple[str, ...] = ("--server.address", "127.0.0.1"),
) -> tuple[subprocess.Popen, str]:
    """Start `hamtrack app` on a free port (127.0.0.1 unless `options` say otherwise), under
    the network watch; wait until healthy.

    Returns the process and its base URL; stop it with `stop_streamlit`.
    """
    port = free_port()
    env = {
        **os.environ,
        "HAMTRACK_DB": str(db_path),
        "HAMTRACK_NETWORK_LOG": str(network_log(db_path)),
        "PYTHONPATH": os.pathsep.join(
            [str(NETWORK_WATCH), *filter(None, [os.environ.get("PYTHONPATH")])]
        ),
        **(extra_env or {}),
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "hamtrack",
            "app",
            "--server.headless",
            "true",
            *options,
            "--server.port",
            str(port),
            "--browser.gatherUsageStats",
            "false",
            "--server.fileWatcherType",
            "none",
        ],
        cwd=PROJECT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.read() == b"ok":
                    return process, url
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            stop_streamlit(process)
            raise RuntimeError(f"streamlit did not start: see {log.name}")
        time.sleep(0.3)


def stop_streamlit(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextlib.contextmanager
def streamlit_server(
    db_path: Path,
    *,
    extra_env: dict[str, str] | None = None,
    options: tuple[str, ...] = ("--server.address", "127.0.0.1"),
) -> Iterator[str]:
    """Start `hamtrack app` on a free port; yield its base URL. Fails the test if the server
    tried to reach beyond this machine meanwhile."""
    with db_path.with_suffix(".server.log").open("w") as log:
        process, url = launch_streamlit(db_path, log, extra_env=extra_env, options=options)
        try:
            yield url
        finally:
            stop_streamlit(process)
    noted = network_log(db_path)
    if noted.exists() and noted.read_text().strip():
        pytest.fail(f"The app server tried to reach beyond this machine:\n{noted.read_text()}")


@contextlib.contextmanager
def chromium_page(*, width: int = 1280, height: int = 900) -> Iterator[object]:
    """A Playwright page in Debian's Chromium (no browser download)."""
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": width, "height": height})
            yield context.new_page()
        finally:
            browser.close()


_IDLE = """() => {
  const app = document.querySelector("[data-testid='stApp']");
  return !!app
    && app.getAttribute('data-test-connection-state') === 'CONNECTED'
    && app.getAttribute('data-test-script-state') === 'notRunning'
    && !!document.querySelector("[data-testid='stMain'] h1");
}"""
"""Connected, no script running, and a page drawn: every page opens with its title, and a page
just loaded reads 'not running' before its first run has begun."""


def wait_idle(page, timeout: float = 20_000) -> None:
    """Wait until Streamlit is connected, the script has finished its rerun and a page (its
    title) is drawn."""
    page.wait_for_timeout(250)
    page.wait_for_function(_IDLE, timeout=timeout, polling=100)


def menu_hrefs(page, timeout: float = 20_000) -> list[str]:
    """The sidebar menu's links, once every page of the menu is drawn.

    A page load can look idle before its first run has begun (the state starts at 'not
    running'), so the links are awaited themselves rather than read straight after wait_idle.
    """
    from hamtrack_menu import menu_pages

    links = page.get_by_test_id("stSidebar").get_by_role("link")
    links.nth(len(menu_pages()) - 1).wait_for(state="attached", timeout=timeout)
    return [links.nth(i).get_attribute("href") for i in range(links.count())]
