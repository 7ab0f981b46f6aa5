"""HamTrack's performance benchmark: is every page as quick after ten years of logging as after one?

    .venv/bin/python benchmarks/run.py

Generates demo databases of 1, 5 and 10 years (kept under benchmarks/out/), then measures, per
size: each page's server-side rerun time through AppTest (with an empty script as the floor),
the chart data each page sends, saving a check-in and a session, exporting every CSV, building
the summary, the app server's peak memory with every page opened in headless Chromium, and the
time from a click in the navigation to the trends page's charts being drawn. Prints the tables,
checks the 10-year targets and writes them all to benchmarks/results.md.

`--profile pages/x.py` instead profiles reruns of one page on the largest database
(needs the `bench` extra: pip install -e '.[bench]').
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import sqlite3
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
if str(PROJECT) not in sys.path:  # run as a script: the project's modules come from its folder
    sys.path.insert(0, str(PROJECT))

from benchmarks import browser, measure  # noqa: E402
from benchmarks.measure import PageRef, median_ms, p90_ms  # noqa: E402

DEFAULT_WEEKS = (52, 260, 520)
RESULTS = PROJECT / "benchmarks" / "results.md"
TARGET_RERUN_MS = 60
TARGET_RATIO = 1.5
TARGET_CHART_KB = 100
TARGET_SAVE_MS = 20
TARGET_EXPORT_S = 2
TARGET_PEAK_MB = 400

PAGE_COLUMNS = (
    "page",
    "first open (ms)",
    "rerun median, AppTest path (ms)",
    "rerun p90, AppTest path (ms)",
    "rerun median, warm server (ms)",
    "rerun p90, warm server (ms)",
    "rerun CPU median, warm server (ms)",
    "rerun after a save, median (ms)",
    "charts",
    "chart data (KB)",
    "chart specs (KB)",
)
OPERATION_COLUMNS = ("operation", "median", "p90", "runs", "output", "note")


# ---------------------------------------------------------------------------------------------
# Formatting.


def _ms(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


def _kb(value: int | None) -> str:
    return "–" if value is None else f"{value / 1024:.1f}"


def _years(weeks: int) -> str:
    if weeks % 52:
        return f"{weeks} week" + ("" if weeks == 1 else "s")
    years = weeks // 52
    return f"{years} year" + ("" if years == 1 else "s")


def markdown_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines += ["| " + " | ".join(str(c).replace("|", "/") for c in row) + " |" for row in rows]
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# The machine.


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _memory_total() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                return f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    return "unknown"


def _load() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


def machine_lines(with_browser: bool) -> list[str]:
    import altair
    import pandas
    import streamlit

    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    lines = [
        f"- CPU: {_cpu_model()}, {os.cpu_count()} cores ({usable} usable by this process)",
        f"- Memory: {_memory_total()}",
        f"- System: {platform.platform()}",
        f"- Python {platform.python_version()}, streamlit {streamlit.__version__}, "
        f"pandas {pandas.__version__}, altair {altair.__version__}, "
        f"SQLite {sqlite3.sqlite_version}",
    ]
    if with_browser:
        lines.append(f"- Browser: {browser.chromium_version()} (headless)")
    return lines


# ---------------------------------------------------------------------------------------------
# Running everything.


@dataclass(slots=True)
class SizeResults:
    database: measure.DemoDatabase
    operations: dict[str, measure.Operation]
    browser: browser.BrowserResult | None
    browser_note: str = ""


def _page_row(page: PageRef, timing: measure.PageTiming) -> list[str]:
    if timing.error is not None:
        return [f"{page.title} (`{page.path}`)", f"error: {timing.error}", *["–"] * 9]
    return [
        f"{page.title} (`{page.path}`)",
        _ms(None if timing.first_s is None else timing.first_s * 1000),
        _ms(median_ms(timing.reruns_s)),
        _ms(p90_ms(timing.reruns_s)),
        _ms(median_ms(timing.warm_reruns_s)),
        _ms(p90_ms(timing.warm_reruns_s)),
        _ms(median_ms(timing.warm_cpu_s)),
        _ms(median_ms(timing.after_save_s)),
        str(timing.charts),
        _kb(timing.chart_data_bytes),
        _kb(timing.chart_spec_bytes),
    ]


def _floor_row(floor: measure.PageTiming) -> list[str]:
    return [
        "*floor: an empty script*",
        "–",
        _ms(median_ms(floor.reruns_s)),
        _ms(p90_ms(floor.reruns_s)),
        _ms(median_ms(floor.warm_reruns_s)),
        _ms(p90_ms(floor.warm_reruns_s)),
        _ms(median_ms(floor.warm_cpu_s)),
        "–",
        "0",
        "0.0",
        "0.0",
    ]


def _operation_row(name: str, op: measure.Operation) -> list[str]:
    if not op.available:
        return [name, "–", "–", "0", "–", op.note]
    median = median_ms(op.runs_s)
    shown = f"{median / 1000:.2f} s" if median and median >= 1000 else f"{_ms(median)} ms"
    return [
        name,
        shown,
        f"{_ms(p90_ms(op.runs_s))} ms",
        str(len(op.runs_s)),
        "–" if op.output_bytes is None else f"{_kb(op.output_bytes)} KB",
        op.note,
    ]


def _browser_rows(result: SizeResults) -> list[list[str]]:
    found = result.browser
    if found is None:
        return [
            ["app server's peak memory", "–", "–", "0", "–", result.browser_note],
            ["click → trends charts drawn", "–", "–", "0", "–", result.browser_note],
        ]
    opened = f"{len(found.pages_opened)} pages opened"
    if found.heavy_steps:
        opened += ", then " + ", ".join(found.heavy_steps)
    if found.page_errors:
        opened += "; errors on " + ", ".join(found.page_errors)
    rows = [
        [
            "app server's peak memory (VmHWM)",
            "–" if found.peak_rss_kb is None else f"{found.peak_rss_kb / 1024:.0f} MB",
            "–",
            "1",
            "–",
            f"{opened}; resident at the end "
            + ("–" if found.rss_after_kb is None else f"{found.rss_after_kb / 1024:.0f} MB")
            + (f"; {found.note}" if found.note else ""),
        ]
    ]
    if found.first_click_s is None:
        rows.append(["click → trends charts drawn", "–", "–", "0", "–", found.note])
    else:
        rows.append(
            [
                "click → trends charts drawn",
                f"{_ms(median_ms(found.clicks_s))} ms",
                f"{_ms(p90_ms(found.clicks_s))} ms",
                str(len(found.clicks_s)),
                "–",
                f"first click on a fresh server {found.first_click_s * 1000:.0f} ms "
                "(imports the page's modules); median of the clicks after it",
            ]
        )
    return rows


@dataclass(frozen=True, slots=True)
class TargetCheck:
    target: str
    measured: str
    met: bool | None  # None: could not be measured


def check_targets(
    pages: Sequence[PageRef],
    reruns: measure.RerunResults,
    sizes: dict[int, SizeResults],
) -> list[TargetCheck]:
    """The issue's 10-year targets against the largest and smallest sizes measured."""
    largest, smallest = max(sizes), min(sizes)
    checks: list[TargetCheck] = []
    for page in pages:
        timing = reruns.pages[largest][page.path]
        if timing.error is not None:
            checks.append(TargetCheck(f"{page.title}: runs", f"error: {timing.error}", False))
            continue
        small_timing = reruns.pages[smallest][page.path]
        cpu, small_cpu = median_ms(timing.warm_cpu_s), median_ms(small_timing.warm_cpu_s)
        for label, runs, small_runs, cpu_note in (
            (
                "warm server",
                timing.warm_reruns_s,
                small_timing.warm_reruns_s,
                f"; CPU {_ms(cpu)} ms",
            ),
            ("AppTest path", timing.reruns_s, small_timing.reruns_s, ""),
        ):
            median = median_ms(runs)
            checks.append(
                TargetCheck(
                    f"{page.title}: rerun median < {TARGET_RERUN_MS} ms ({label})",
                    f"{_ms(median)} ms" + cpu_note,
                    median is not None and median < TARGET_RERUN_MS,
                )
            )
            small = median_ms(small_runs)
            if largest != smallest and small and median is not None:
                ratio = median / small
                cpu_ratio = f"; CPU {cpu / small_cpu:.2f}" if cpu_note and cpu and small_cpu else ""
                checks.append(
                    TargetCheck(
                        f"{page.title}: {_years(largest)} / {_years(smallest)} rerun < "
                        f"{TARGET_RATIO} ({label})",
                        f"{ratio:.2f} ({_ms(median)} / {_ms(small)} ms{cpu_ratio})",
                        ratio < TARGET_RATIO,
                    )
                )
        checks.append(
            TargetCheck(
                f"{page.title}: chart data < {TARGET_CHART_KB} KB",
                f"{_kb(timing.chart_data_bytes)} KB",
                timing.chart_data_bytes < TARGET_CHART_KB * 1024,
            )
        )
    ops = sizes[largest].operations
    for name in ("save a check-in", "save a session"):
        op = ops.get(name, measure.Operation(note="not measured"))
        checks.append(
            TargetCheck(
                f"{name} < {TARGET_SAVE_MS} ms (median)",
                f"{_ms(median_ms(op.runs_s))} ms" if op.available else op.note,
                median_ms(op.runs_s) < TARGET_SAVE_MS if op.available else None,
            )
        )
    export = ops.get("export every CSV", measure.Operation(note="not measured"))
    checks.append(
        TargetCheck(
            f"export every CSV < {TARGET_EXPORT_S} s",
            f"{median_ms(export.runs_s) / 1000:.2f} s" if export.available else export.note,
            median_ms(export.runs_s) < TARGET_EXPORT_S * 1000 if export.available else None,
        )
    )
    found = sizes[largest].browser
    peak = None if found is None else found.peak_rss_kb
    checks.append(
        TargetCheck(
            f"app server's peak memory < {TARGET_PEAK_MB} MB",
            "–" if peak is None else f"{peak / 1024:.0f} MB",
            None if peak is None else peak / 1024 < TARGET_PEAK_MB,
        )
    )
    return checks


def summary_table(
    pages: Sequence[PageRef], reruns: measure.RerunResults, sizes: dict[int, SizeResults]
) -> str:
    """The targets in a few lines: each one's worst case at the largest size."""
    largest, smallest = max(sizes), min(sizes)
    rows = []
    for label, pick in (
        ("AppTest path", lambda t: t.reruns_s),
        ("warm server", lambda t: t.warm_reruns_s),
    ):
        timed = [
            (median_ms(pick(reruns.pages[largest][p.path])), p)
            for p in pages
            if reruns.pages[largest][p.path].error is None
        ]
        timed = [(m, p) for m, p in timed if m is not None]
        if timed:
            worst, page = max(timed, key=lambda pair: pair[0])
            rows.append(
                [
                    f"slowest page rerun, median ({label})",
                    f"< {TARGET_RERUN_MS} ms",
                    f"{worst:.1f} ms ({page.title})",
                ]
            )
        if largest != smallest:
            ratios = []
            for m, p in timed:
                small = median_ms(pick(reruns.pages[smallest][p.path]))
                if small:
                    ratios.append((m / small, p))
            if ratios:
                worst_ratio, page = max(ratios, key=lambda pair: pair[0])
                rows.append(
                    [
                        f"largest {_years(largest)} / {_years(smallest)} rerun ratio ({label})",
                        f"< {TARGET_RATIO}",
                        f"{worst_ratio:.2f} ({page.title})",
                    ]
                )
    charts = [(reruns.pages[largest][p.path].chart_data_bytes, p) for p in pages]
    most, page = max(charts, key=lambda pair: pair[0])
    rows.append(
        [
            "most chart data a page sends",
            f"< {TARGET_CHART_KB} KB",
            f"{_kb(most)} KB ({page.title})",
        ]
    )
    ops = sizes[largest].operations
    saves = [ops.get(n) for n in ("save a check-in", "save a session")]
    if all(op is not None and op.available for op in saves):
        rows.append(
            [
                "save a check-in / a session, median",
                f"< {TARGET_SAVE_MS} ms",
                " / ".join(f"{median_ms(op.runs_s):.1f} ms" for op in saves),
            ]
        )
    export = ops.get("export every CSV")
    if export is not None:
        rows.append(
            [
                "export every CSV (whole history, zipped)",
                f"< {TARGET_EXPORT_S} s",
                f"{median_ms(export.runs_s) / 1000:.2f} s" if export.available else export.note,
            ]
        )
    found = sizes[largest].browser
    rows.append(
        [
            "app server's peak memory",
            f"< {TARGET_PEAK_MB} MB",
            "not measured"
            if found is None or found.peak_rss_kb is None
            else f"{found.peak_rss_kb / 1024:.0f} MB",
        ]
    )
    for name in sizes[largest].operations:
        if name.startswith("build the summary"):
            op = sizes[largest].operations[name]
            rows.append(
                [
                    name,
                    "no target",
                    f"{median_ms(op.runs_s) / 1000:.2f} s" if op.available else op.note,
                ]
            )
    clicks = [
        f"{median_ms(r.browser.clicks_s):.0f} ms ({_years(w)})"
        for w, r in sizes.items()
        if r.browser is not None and r.browser.clicks_s
    ]
    rows.append(
        ["click in the menu → Trends charts drawn, median", "no target", ", ".join(clicks) or "–"]
    )
    return markdown_table((f"at {_years(largest)}", "target", "measured"), rows)


def _verdict(met: bool | None) -> str:
    return {True: "met", False: "**MISSED**", None: "not measured"}[met]


def render_results(
    *,
    machine: Sequence[str],
    started: dt.datetime,
    seconds: float,
    load: tuple[str, str],
    command: str,
    pages: Sequence[PageRef],
    unlisted: Sequence[str],
    reruns: measure.RerunResults,
    rerun_count: int,
    sizes: dict[int, SizeResults],
) -> str:
    """The whole report as Markdown (printed, and written to results.md)."""
    out = [
        "# HamTrack benchmark results",
        "",
        f"Run {started:%Y-%m-%d %H:%M} UTC with `{command}` in {seconds:.0f} s.",
        "",
        "## Summary",
        "",
        summary_table(pages, reruns, sizes),
        "",
        "## Machine",
        "",
        *machine,
        f"- Load average (1, 5, 15 min) at the start: {load[0]}; at the end: {load[1]}. The "
        "machine is shared, so reruns are interleaved across every size and page in rounds: a "
        "busy moment slows all of them alike.",
        "",
        "## How it is measured",
        "",
        "- Pages are those in `streamlit_app.py`'s navigation"
        + (
            f"; in pages/ but not in the navigation (not measured): {', '.join(unlisted)}"
            if unlisted
            else ""
        )
        + ".",
        "- **first open**: `AppTest.from_file(streamlit_app.py)`, one run, `switch_page`, then the "
        "timed first run of the page (caches empty for this database; on the first size "
        "measured it also pays the page's one-time imports).",
        f"- **rerun**: after one untimed rerun, the median (and 90th percentile) of {rerun_count} "
        "timed `at.run()` calls. *AppTest path*: as AppTest runs it, which is what a fresh "
        "server does for the first URL it serves, every time: AppTest resets Streamlit's legacy "
        "pages/ flag before every run, so the page starts on its own, "
        "`hamtrack_ui._ensure_router` runs the entry script inline and that runs the page; and "
        "AppTest compiles the scripts afresh on each run. *Warm server*: the flag kept cleared "
        "and compiled scripts kept, as on a server that has served a page (the entry script and "
        "the page, once). The floor is an empty script, rerun the "
        "same way in the same rounds. *CPU*: the script thread's own CPU time in the warm-server "
        "rerun (`time.thread_time`), which waiting for a busy core does not inflate.",
        "- **after a save**: the warm-server rerun right after a save (alternately a check-in "
        "and a session, dated today), on the page's own copy of the database: every cache keyed "
        "on the database's revision is out of date, as when a person opens a page after logging. "
        "No target; shown because a daily user meets it every day.",
        "- **chart data**: bytes of the Arrow datasets in every `vega_lite_chart` the page sends "
        "(AppTest's protos); **chart specs**: their Vega-Lite JSON.",
        "- **saves**: `db.add_check_in` / `db.add_session` on a copy of the database, commit "
        "included (WAL, `synchronous=FULL`).",
        "- **export**: `exchange.export_files` for the whole history, zipped as the download is; "
        "**summary**: `report.summary_html`, the printable page, for the whole history and for "
        "the last 12 weeks (the page's default).",
        "- **peak memory**: `streamlit run` on the database, the clicks below, every page "
        "opened in headless Chromium, then the heaviest things a person may do (trends over the "
        "whole history; the summary and every file downloaded for the whole history); the server "
        "process's VmHWM (peak resident memory) from /proc.",
        "- **click → trends charts drawn**: from the click on the navigation link (coming from "
        "Home) until the script has finished and every visible chart has drawn its marks.",
    ]
    for weeks, result in sizes.items():
        db = result.database
        counts = db.counts
        out += [
            "",
            f"## {_years(weeks)}" + (f" ({weeks} weeks)" if weeks % 52 == 0 else ""),
            "",
            f"{counts.get('check_ins', 0)} check-ins, {counts.get('sessions', 0)} sessions "
            f"({counts.get('session_exercises', 0)} exercises), "
            f"{counts.get('questionnaire_responses', 0)} questionnaires; database "
            f"{db.size_bytes / 1024 / 1024:.1f} MB. Demo data generated in {db.generate_s:.2f} s "
            f"and stored in {db.store_s:.2f} s"
            + (" (when first made; cached since)." if db.cached else "."),
            "",
            markdown_table(
                PAGE_COLUMNS,
                [_floor_row(reruns.floor)]
                + [_page_row(page, reruns.pages[weeks][page.path]) for page in pages],
            ),
            "",
            markdown_table(
                OPERATION_COLUMNS,
                [_operation_row(name, op) for name, op in result.operations.items()]
                + _browser_rows(result),
            ),
        ]
    checks = check_targets(pages, reruns, sizes)
    missed = [c for c in checks if c.met is False]
    out += [
        "",
        f"## Targets at {_years(max(sizes))}",
        "",
        (
            "Every measured target is met."
            if not missed
            else f"{len(missed)} target(s) missed: " + "; ".join(c.target for c in missed) + "."
        ),
        "",
        markdown_table(
            ("target", "measured", "verdict"),
            [[c.target, c.measured, _verdict(c.met)] for c in checks],
        ),
        "",
        "## Growth with the years",
        "",
        "Warm-server rerun medians (ms) by size, and the same right after a save, with the "
        "ratio of the largest size to the smallest.",
        "",
        growth_table(pages, reruns),
        "",
    ]
    return "\n".join(out)


def growth_table(pages: Sequence[PageRef], reruns: measure.RerunResults) -> str:
    sizes = sorted(reruns.pages)
    headers = ["page"]
    for kind in ("rerun", "after a save"):
        headers += [f"{kind}, {_years(w)}" for w in sizes]
        if len(sizes) > 1:
            headers.append(f"{kind}, ratio")
    rows = []
    for page in pages:
        row = [page.title]
        for pick in (lambda t: t.warm_reruns_s, lambda t: t.after_save_s):
            medians = [median_ms(pick(reruns.pages[w][page.path])) for w in sizes]
            row += [_ms(m) for m in medians]
            if len(sizes) > 1:
                first, last = medians[0], medians[-1]
                row.append(f"{last / first:.2f}" if first and last is not None else "–")
        rows.append(row)
    return markdown_table(headers, rows)


def run(
    *,
    weeks: Sequence[int],
    reruns: int,
    saves: int,
    exports: int,
    clicks: int,
    with_browser: bool,
    out: Path | None,
    regenerate: bool = False,
    workdir: Path = measure.OUT,
    command: str = "python benchmarks/run.py",
    say: Callable[[str], None] = print,
) -> str:
    """Measure everything and return the Markdown report (also written to `out` if given)."""
    started, clock = dt.datetime.now(dt.UTC), time.perf_counter()
    load_start = _load()
    pages = measure.discover_pages()
    unlisted = measure.unlisted_pages(pages)
    say(f"Pages: {', '.join(p.path for p in pages)}")
    databases = {}
    for size in weeks:
        databases[size] = measure.demo_database(size, regenerate=regenerate, out=workdir)
        db = databases[size]
        say(
            f"Demo database, {size} weeks: generate {db.generate_s:.2f} s, store {db.store_s:.2f} s"
            + (" (cached)" if db.cached else "")
        )
    say("Page reruns (AppTest)…")
    timings = measure.measure_reruns(
        {size: db.path for size, db in databases.items()},
        pages,
        reruns=reruns,
        scratch=workdir,
        progress=say,
    )
    can_browse = with_browser and browser.chromium_available()
    trends = browser.find_trends(pages)
    sizes: dict[int, SizeResults] = {}
    for size, db in databases.items():
        say(f"Saves, export and summary on {size} weeks…")
        operations = measure.measure_saves(db.path, repeats=saves, out=workdir)
        operations.update(measure.measure_exports(db.path, repeats=exports))
        result = SizeResults(db, operations, None)
        if can_browse:
            say(f"Browser on {size} weeks…")
            result.browser = browser.measure_in_browser(
                measure.scratch_copy(db.path, f"browser-{size}w.db", out=workdir),
                pages,
                trends=trends,
                clicks=clicks,
            )
        else:
            result.browser_note = (
                "skipped (--no-browser)" if not with_browser else "skipped: Chromium not found"
            )
        sizes[size] = result
    measure.clean_scratch(workdir)
    report = render_results(
        machine=machine_lines(can_browse),
        started=started,
        seconds=time.perf_counter() - clock,
        load=(load_start, _load()),
        command=command,
        pages=pages,
        unlisted=unlisted,
        reruns=timings,
        rerun_count=reruns,
        sizes=sizes,
    )
    if out is not None:
        out.write_text(report, encoding="utf-8")
    return report


# ---------------------------------------------------------------------------------------------
# Profiling one page.


def profile_page(page_path: str, weeks: int, reruns: int, *, after_save: bool = False) -> None:
    """Print a pyinstrument profile of `reruns` warm reruns of one page on a demo database
    (with `after_save`, each rerun follows a save, on a copy of the database)."""
    try:
        from pyinstrument import Profiler
    except ImportError:
        sys.exit("Profiling needs pyinstrument: .venv/bin/pip install -e '.[bench]'")
    from streamlit.runtime.scriptrunner.script_runner import ScriptRunner
    from streamlit.testing.v1 import AppTest

    db = measure.demo_database(weeks)
    path = measure.scratch_copy(db.path, "profile.db") if after_save else db.path
    saver = measure.Saver(path) if after_save else None
    os.environ["HAMTRACK_DB"] = str(path)
    at = AppTest.from_file(str(measure.APP), default_timeout=120)
    at.run()
    at.switch_page(str(PROJECT / page_path)).run()
    profiler = Profiler(interval=0.0005)
    original = ScriptRunner._run_script

    def profiled(self: ScriptRunner, rerun_data: object) -> None:
        # AppTest runs the script in its own thread; pyinstrument follows one thread.
        profiler.start()
        try:
            original(self, rerun_data)
        finally:
            profiler.stop()

    with measure.warm_server_runs():
        at.run()
        ScriptRunner._run_script = profiled
        try:
            for _ in range(reruns):
                if saver is not None:
                    saver.write()
                at.run()
        finally:
            ScriptRunner._run_script = original
            if saver is not None:
                saver.close()
    print(profiler.output_text(unicode=True, color=False, show_all=False))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--weeks",
        default=",".join(str(w) for w in DEFAULT_WEEKS),
        help="comma-separated database sizes in weeks (default 52,260,520)",
    )
    parser.add_argument("--reruns", type=int, default=15, help="timed reruns per page (15)")
    parser.add_argument("--saves", type=int, default=30, help="timed saves of each kind (30)")
    parser.add_argument("--exports", type=int, default=3, help="timed exports and summaries (3)")
    parser.add_argument("--clicks", type=int, default=5, help="timed clicks to trends (5)")
    parser.add_argument("--no-browser", action="store_true", help="skip Chromium and memory")
    parser.add_argument("--regenerate", action="store_true", help="remake the demo databases")
    parser.add_argument("--out", type=Path, default=RESULTS, help="where to write the results")
    parser.add_argument("--profile", metavar="PAGE", help="profile one page, e.g. pages/home.py")
    parser.add_argument(
        "--after-save", action="store_true", help="with --profile: a save before each rerun"
    )
    args = parser.parse_args(argv)
    weeks = [int(w) for w in args.weeks.split(",") if w.strip()]
    if args.profile:
        profile_page(args.profile, max(weeks), args.reruns, after_save=args.after_save)
        return 0
    report = run(
        weeks=weeks,
        reruns=args.reruns,
        saves=args.saves,
        exports=args.exports,
        clicks=args.clicks,
        with_browser=not args.no_browser,
        out=args.out,
        regenerate=args.regenerate,
        command=" ".join(["python benchmarks/run.py", *(sys.argv[1:] if argv is None else argv)]),
    )
    print()
    print(report)
    print(f"\nWritten to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
