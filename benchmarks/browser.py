"""The benchmark's browser side: the real server's peak memory with every page opened, and the
time from a click in the navigation to the trends page's charts being drawn, in headless Chromium.
"""

from __future__ import annotations

import contextlib
import statistics
import subprocess
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.measure import PageRef
from tests.browser_support import (
    CHROMIUM,
    CHROMIUM_ARGS,
    launch_streamlit,
    stop_streamlit,
    wait_idle,
)

# True once the page has finished its script run and every visible chart has drawn its marks.
_CHARTS_DRAWN = """(urlPath) => {
  const app = document.querySelector("[data-testid='stApp']");
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (app.getAttribute('data-test-connection-state') !== 'CONNECTED') return false;
  if (!window.location.pathname.replace(/\\/$/, '').endsWith('/' + urlPath)) return false;
  const charts = [...document.querySelectorAll("[data-testid='stVegaLiteChart']")]
    .filter((c) => c.offsetParent !== null);
  return charts.length > 0 && charts.every((c) => c.querySelector('canvas, svg.marks'));
}"""


def chromium_available() -> bool:
    if not Path(CHROMIUM).exists():
        return False
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return False
    return True


def chromium_version() -> str:
    try:
        out = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"
    return out.stdout.strip().split(" built on")[0] or "unknown"


@dataclass(frozen=True, slots=True)
class Server:
    url: str
    pid: int
    log: Path


@contextlib.contextmanager
def streamlit_server(db_path: Path) -> Iterator[Server]:
    """The app served as the browser tests serve it, with its process id for memory readings."""
    log_path = db_path.with_suffix(".server.log")
    with log_path.open("w") as log:
        process, url = launch_streamlit(db_path, log, timeout=90)
        try:
            yield Server(url, process.pid, log_path)
        finally:
            stop_streamlit(process)


def memory_kb(pid: int) -> dict[str, int]:
    """VmHWM (peak resident memory) and VmRSS (now) of a process, in kB (Linux)."""
    found = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmHWM", "VmRSS"):
            found[key] = int(value.split()[0])
    return found


@dataclass(slots=True)
class BrowserResult:
    peak_rss_kb: int | None = None
    rss_after_kb: int | None = None
    pages_opened: list[str] = field(default_factory=list)
    page_errors: dict[str, str] = field(default_factory=dict)
    heavy_steps: list[str] = field(default_factory=list)
    first_click_s: float | None = None
    clicks_s: list[float] = field(default_factory=list)
    error: str | None = None
    """A browser step that failed: the run stops there and the report shows it as an error."""

    @property
    def click_median_s(self) -> float | None:
        return statistics.median(self.clicks_s) if self.clicks_s else None


def _click_to_charts(page: object, target: PageRef, timeout: float) -> float:
    link = page.get_by_test_id("stSidebar").get_by_role("link").filter(has_text=target.title)  # type: ignore[attr-defined]
    started = time.perf_counter()
    link.first.click()
    page.wait_for_function(_CHARTS_DRAWN, arg=target.url_path, timeout=timeout, polling="raf")  # type: ignore[attr-defined]
    return time.perf_counter() - started


TRENDS = "pages/trends.py"


def measure_in_browser(
    db_path: Path,
    pages: Sequence[PageRef],
    *,
    clicks: int,
    timeout: float = 60_000,
) -> BrowserResult:
    """Start the app on `db_path`, time clicks to the Trends page, then open every page and do
    the heaviest things a person may; read the server's peak memory at the end."""
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    result = BrowserResult()
    home = next(p for p in pages if p.url_path == "")
    trends = next(p for p in pages if p.path == TRENDS)
    with streamlit_server(db_path) as server, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
            page.goto(f"{server.url}/{home.url_path}")
            wait_idle(page, timeout)
            # As a person clicks: on a page that has finished loading, the chart code it loads
            # while idle included (no request for half a second).
            page.wait_for_load_state("networkidle", timeout=timeout)
            # The first click on a fresh server also imports what Trends needs and Home did not.
            result.first_click_s = _click_to_charts(page, trends, timeout)
            for _ in range(clicks):
                page.get_by_test_id("stSidebar").get_by_role("link").filter(
                    has_text=home.title
                ).first.click()
                wait_idle(page, timeout)
                result.clicks_s.append(_click_to_charts(page, trends, timeout))
            for target in pages:
                page.goto(f"{server.url}/{target.url_path}")
                wait_idle(page, timeout)
                errors = page.get_by_test_id("stException")
                if errors.count():
                    result.page_errors[target.path] = errors.first.inner_text()[:120]
                result.pages_opened.append(target.path)
            result.heavy_steps = _heaviest_uses(page, server.url, pages, timeout)
        except (PlaywrightError, ValueError) as exc:
            result.error = f"browser step failed: {str(exc).splitlines()[0][:160]}"
        finally:
            with contextlib.suppress(OSError):
                memory = memory_kb(server.pid)
                result.peak_rss_kb, result.rss_after_kb = memory.get("VmHWM"), memory.get("VmRSS")
            browser.close()
    return result


# What a person may do that costs the server most memory: the trends over the whole history, and
# downloading the summary (its charts are drawn to SVG), its PDF and every file, for the whole
# history.
HEAVY_USES = (
    ("pages/trends.py", "All", ()),
    (
        "pages/export.py",
        "Everything",
        # The start of each button's label (Playwright matches text within it).
        ("Summary to print", "Summary as a PDF", "All files for a spreadsheet"),
    ),
)


def _heaviest_uses(page: object, url: str, pages: Sequence[PageRef], timeout: float) -> list[str]:
    """Do each of HEAVY_USES; return what was done. A control or download that is not there
    fails the run: the benchmark must change with the page."""
    done = []
    for path, period, downloads in HEAVY_USES:
        target = next(p for p in pages if p.path == path)
        page.goto(f"{url}/{target.url_path}")  # type: ignore[attr-defined]
        wait_idle(page, timeout)
        # A segmented control's options are radio buttons; so are a radio group's, whose input
        # lies under its label: the click lands on the label, which intercepts it and selects
        # the option (Playwright's own check would wait for the input to take the click).
        option = page.get_by_role("radio", name=period, exact=True)  # type: ignore[attr-defined]
        option.first.click(timeout=10_000, force=True)
        wait_idle(page, timeout)
        if not option.first.is_checked():
            raise ValueError(f"{target.title}: “{period}” could not be chosen")
        done.append(f"{target.title}: {period}")
        for label in downloads:
            button = page.get_by_test_id("stDownloadButton").filter(has_text=label)  # type: ignore[attr-defined]
            with page.expect_download(timeout=timeout):  # type: ignore[attr-defined]
                button.first.click(timeout=10_000)
            done.append(f"download “{label}”")
    return done
