"""HamTrack's performance benchmark: is every page as quick after ten years of logging as after one?

    .venv/bin/python benchmarks/run.py

Generates demo databases of 1, 5 and 10 years (kept under benchmarks/out/), then measures, per
size: each page's rerun as a warm server reruns it (with an empty script as the floor), the
same right after a save, the chart data each page sends, saving a check-in and a session,
exporting every CSV, the clinician summary as HTML and PDF, and in headless Chromium the app
server's peak memory and the time from a click in the menu to the Trends charts being drawn.
Prints the tables, checks every target at each size and writes it all to benchmarks/results.md.

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

from benchmarks import browser, measure, warm_apptest  # noqa: E402
from benchmarks.measure import PageRef, median_ms, p90_ms  # noqa: E402

DEFAULT_WEEKS = (52, 260, 520)
RESULTS = PROJECT / "benchmarks" / "results.md"

PAGE_COLUMNS = (
    "page",
    "first open (ms)",
    "rerun CPU, median (ms)",
    "rerun wall, median (ms)",
    "rerun wall, p90 (ms)",
    "after a save CPU, median (ms)",
    "after a save wall, median (ms)",
    "charts",
    "chart data (KB)",
    "chart specs (KB)",
)
OPERATION_COLUMNS = ("operation", "wall, median", "CPU, median", "runs", "output", "note")
TARGET_COLUMNS_END = ("target", "verdict")


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
    pages: dict[str, measure.PageTiming]
    operations: dict[str, measure.Operation]
    browser: browser.BrowserResult | None
    browser_note: str = ""


def _page_row(page: PageRef, timing: measure.PageTiming) -> list[str]:
    if timing.error is not None:
        return [f"{page.title} (`{page.path}`)", f"error: {timing.error}", *["–"] * 8]
    return [
        f"{page.title} (`{page.path}`)",
        _ms(None if timing.first_s is None else timing.first_s * 1000),
        _ms(median_ms(timing.reruns_cpu_s)),
        _ms(median_ms(timing.reruns_s)),
        _ms(p90_ms(timing.reruns_s)),
        _ms(median_ms(timing.after_save_cpu_s)),
        _ms(median_ms(timing.after_save_s)),
        str(timing.charts),
        _kb(timing.chart_data_bytes),
        _kb(timing.chart_spec_bytes),
    ]


def _floor_row(floor: measure.PageTiming) -> list[str]:
    return [
        "*floor: an empty script*",
        "–",
        _ms(median_ms(floor.reruns_cpu_s)),
        _ms(median_ms(floor.reruns_s)),
        _ms(p90_ms(floor.reruns_s)),
        "–",
        "–",
        "0",
        "0.0",
        "0.0",
    ]


def _duration(ms: float | None) -> str:
    if ms is None:
        return "–"
    return f"{ms / 1000:.2f} s" if ms >= 1000 else f"{ms:.1f} ms"


def _operation_row(name: str, op: measure.Operation) -> list[str]:
    if op.error is not None:
        return [name, f"error: {op.error}", "–", "0", "–", op.note]
    return [
        name,
        _duration(median_ms(op.runs_s)),
        _duration(median_ms(op.cpu_s)),
        str(len(op.runs_s)),
        "–" if op.output_bytes is None else f"{_kb(op.output_bytes)} KB",
        op.note,
    ]


def _browser_rows(result: SizeResults) -> list[list[str]]:
    found = result.browser
    if found is None:
        return [
            ["app server's peak memory", "–", "–", "0", "–", result.browser_note],
            ["click → Trends charts drawn", "–", "–", "0", "–", result.browser_note],
        ]
    if found.error is not None:
        return [["browser", f"error: {found.error}", "–", "0", "–", ""]]
    opened = f"{len(found.pages_opened)} pages opened"
    if found.heavy_steps:
        opened += ", then " + ", ".join(found.heavy_steps)
    rows = [
        [
            "app server's peak memory (VmHWM)",
            "–" if found.peak_rss_kb is None else f"{found.peak_rss_kb / 1024:.0f} MB",
            "–",
            "1",
            "–",
            f"{opened}; resident at the end "
            + ("–" if found.rss_after_kb is None else f"{found.rss_after_kb / 1024:.0f} MB"),
        ],
        [
            "first click → Trends charts drawn, fresh server",
            _duration(None if found.first_click_s is None else found.first_click_s * 1000),
            "–",
            "1",
            "–",
            "the click after Home, the server's first page, has drawn and finished loading",
        ],
        [
            "click → Trends charts drawn, warm",
            _duration(median_ms(found.clicks_s)),
            "–",
            str(len(found.clicks_s)),
            "–",
            f"p90 {_duration(p90_ms(found.clicks_s))}; coming from Home each time",
        ],
    ]
    for path, error in found.page_errors.items():
        rows.append([f"open {path}", f"error: {error}", "–", "1", "–", ""])
    return rows


# ---------------------------------------------------------------------------------------------
# Targets, each at every size.


@dataclass(frozen=True, slots=True)
class Target:
    """A target and how to read its figure (a number in the target's unit) at one size."""

    what: str
    limit: float
    unit: str
    figure: Callable[[SizeResults], tuple[float | None, str]]
    """The figure the verdict is on, and how it is shown."""
    issue: int


def _page_of(result: SizeResults, path: str) -> measure.PageTiming | None:
    return result.pages.get(path)


def _after_save(path: str) -> Callable[[SizeResults], tuple[float | None, str]]:
    def figure(result: SizeResults) -> tuple[float | None, str]:
        timing = _page_of(result, path)
        if timing is None or timing.error is not None:
            return None, "error" if timing is not None else "–"
        cpu, wall = median_ms(timing.after_save_cpu_s), median_ms(timing.after_save_s)
        return cpu, f"{_ms(cpu)} ms (wall {_ms(wall)})"

    return figure


def _slowest_rerun(result: SizeResults) -> tuple[float | None, str]:
    timed = [
        (median_ms(t.reruns_cpu_s), median_ms(t.reruns_s), path)
        for path, t in result.pages.items()
        if t.error is None and t.reruns_cpu_s
    ]
    if not timed:
        return None, "–"
    cpu, wall, path = max(timed)
    return cpu, f"{_ms(cpu)} ms (wall {_ms(wall)}; {Path(path).stem})"


def _most_chart_data(result: SizeResults) -> tuple[float | None, str]:
    most, path = max((t.chart_data_bytes, p) for p, t in result.pages.items())
    return most / 1024, f"{_kb(most)} KB ({Path(path).stem})"


def _operation(
    name: str, *, size: bool = False
) -> Callable[[SizeResults], tuple[float | None, str]]:
    def figure(result: SizeResults) -> tuple[float | None, str]:
        op = result.operations.get(name)
        if op is None or not op.available:
            return None, "error" if op is not None and op.error else "–"
        if size:
            return (op.output_bytes or 0) / 1024, f"{_kb(op.output_bytes)} KB"
        cpu, wall = median_ms(op.cpu_s), median_ms(op.runs_s)
        return cpu, f"{_duration(cpu)} (wall {_duration(wall)})"

    return figure


def _peak_memory(result: SizeResults) -> tuple[float | None, str]:
    found = result.browser
    if found is None or found.peak_rss_kb is None:
        return None, "–"
    return found.peak_rss_kb / 1024, f"{found.peak_rss_kb / 1024:.0f} MB"


def _clicks(result: SizeResults) -> tuple[float | None, str]:
    found = result.browser
    median = None if found is None else median_ms(found.clicks_s)
    return median, _duration(median)


def _first_click(result: SizeResults) -> tuple[float | None, str]:
    found = result.browser
    if found is None or found.first_click_s is None:
        return None, "–"
    return found.first_click_s, f"{found.first_click_s:.2f} s"


TRENDS, PROGRAMME = "pages/trends.py", "pages/programme.py"
TARGETS = (
    Target("Trends rerun right after a save", 60, "ms", _after_save(TRENDS), 17),
    Target("My programme rerun right after a save", 40, "ms", _after_save(PROGRAMME), 17),
    Target("click in the menu → Trends charts drawn, warm", 250, "ms", _clicks, 17),
    Target("first click on a fresh server → Trends charts drawn", 0.8, "s", _first_click, 17),
    Target(
        "summary as HTML, whole history: time",
        500,
        "ms",
        _operation("summary as HTML, whole history"),
        17,
    ),
    Target(
        "summary as HTML, whole history: size",
        300,
        "KB",
        _operation("summary as HTML, whole history", size=True),
        17,
    ),
    Target(
        "summary as PDF, whole history: time",
        500,
        "ms",
        _operation("summary as PDF, whole history"),
        17,
    ),
    Target(
        "summary as PDF, whole history: size",
        300,
        "KB",
        _operation("summary as PDF, whole history", size=True),
        17,
    ),
    Target("app server's peak memory, heaviest use", 250, "MB", _peak_memory, 17),
    Target("slowest page rerun", 60, "ms", _slowest_rerun, 1),
    Target("most chart data a page sends", 100, "KB", _most_chart_data, 1),
    Target("save a check-in", 20, "ms", _operation("save a check-in"), 1),
    Target("save a session", 20, "ms", _operation("save a session"), 1),
    Target("export every CSV, whole history", 2000, "ms", _operation("export every CSV"), 1),
)
AFTER_SAVE_RATIO = 1.3
RERUN_RATIO = 1.5


def _verdict(value: float | None, limit: float) -> str:
    return "not measured" if value is None else "met" if value < limit else "**MISSED**"


def targets_table(sizes: dict[int, SizeResults]) -> tuple[str, list[str]]:
    """Every target at every size, judged at the largest; and the targets missed there."""
    order = sorted(sizes)
    largest, smallest = order[-1], order[0]
    rows, missed = [], []
    for target in TARGETS:
        figures = [target.figure(sizes[w]) for w in order]
        verdict = _verdict(figures[-1][0], target.limit)
        if verdict != "met":
            missed.append(target.what)
        rows.append(
            [
                target.what,
                *(shown for _, shown in figures),
                f"< {target.limit:g} {target.unit}",
                verdict,
            ]
        )
    if largest != smallest:
        for label, limit, pick in (
            ("rerun after a save", AFTER_SAVE_RATIO, lambda t: t.after_save_cpu_s),
            ("rerun", RERUN_RATIO, lambda t: t.reruns_cpu_s),
        ):
            worst, worst_page = None, ""
            for path, timing in sizes[largest].pages.items():
                small = median_ms(pick(sizes[smallest].pages[path]))
                large = median_ms(pick(timing))
                if small and large is not None and (worst is None or large / small > worst):
                    worst, worst_page = large / small, Path(path).stem
            shown = "–" if worst is None else f"{worst:.2f} ({worst_page})"
            verdict = _verdict(worst, limit)
            if verdict != "met":
                missed.append(f"every page's {label}, ratio")
            rows.append(
                [
                    f"every page's {label}, {_years(largest)} / {_years(smallest)}, worst",
                    *(["–"] * (len(order) - 1)),
                    shown,
                    f"< {limit:g}",
                    verdict,
                ]
            )
    headers = ("measure", *(_years(w) for w in order), *TARGET_COLUMNS_END)
    return markdown_table(headers, rows), missed


def growth_table(pages: Sequence[PageRef], sizes: dict[int, SizeResults]) -> str:
    """Each page's rerun and rerun after a save (CPU medians, ms) by size, with the ratio of the
    largest size to the smallest."""
    order = sorted(sizes)
    headers = ["page"]
    for kind in ("rerun", "after a save"):
        headers += [f"{kind}, {_years(w)}" for w in order]
        if len(order) > 1:
            headers.append(f"{kind}, ratio")
    rows = []
    for page in pages:
        row = [page.title]
        for pick in (lambda t: t.reruns_cpu_s, lambda t: t.after_save_cpu_s):
            medians = [median_ms(pick(sizes[w].pages[page.path])) for w in order]
            row += [_ms(m) for m in medians]
            if len(order) > 1:
                first, last = medians[0], medians[-1]
                row.append(f"{last / first:.2f}" if first and last is not None else "–")
        rows.append(row)
    return markdown_table(headers, rows)


def render_results(
    *,
    machine: Sequence[str],
    started: dt.datetime,
    seconds: float,
    load: tuple[str, str],
    command: str,
    pages: Sequence[PageRef],
    unlisted: Sequence[str],
    floor: measure.PageTiming,
    rerun_count: int,
    sizes: dict[int, SizeResults],
) -> str:
    """The whole report as Markdown (printed, and written to results.md)."""
    table, missed = targets_table(sizes)
    out = [
        "# HamTrack benchmark results",
        "",
        f"Run {started:%Y-%m-%d %H:%M} UTC with `{command}` in {seconds:.0f} s.",
        "",
        "## Targets",
        "",
        (
            "Every measured target is met at the largest size."
            if not missed
            else f"Missed at the largest size: {'; '.join(missed)}."
        ),
        "",
        "Times measured inside the process are judged on CPU time (the process's own, "
        "`time.process_time`), with the wall-clock time beside it: the machine is shared, and "
        "wall time there includes waiting for a busy core. Browser times are wall-clock only.",
        "",
        table,
        "",
        "## Machine",
        "",
        *machine,
        f"- Load average (1, 5, 15 min) at the start: {load[0]}; at the end: {load[1]}. Reruns "
        "are interleaved across every size and page in rounds, so a busy moment slows all of "
        "them alike.",
        "",
        "## How it is measured",
        "",
        "- Pages are those of the app's menu (`hamtrack_menu.py`, which `streamlit_app.py` "
        "routes)"
        + (
            f"; in pages/ but not in the menu (not measured): {', '.join(unlisted)}"
            if unlisted
            else ""
        )
        + ".",
        "- **first open**: `AppTest.from_file(streamlit_app.py)`, one run, `switch_page`, then "
        "the timed first run of the page (caches empty for this database; on the first size "
        "measured it also pays the page's one-time imports).",
        f"- **rerun**: after one untimed rerun, the median of {rerun_count} timed `at.run()` "
        "calls, run as a warm server reruns a page: the entry script and the page, once, from "
        "compiled bytecode (benchmarks/warm_apptest.py). The floor is an empty script, rerun the "
        "same way in the same rounds.",
        "- **after a save**: the rerun right after a save (alternately a check-in and a session, "
        "dated today), on the page's own copy of the database: every cache keyed on the "
        "database's revision is out of date, as when a person opens a page after logging.",
        "- **chart data**: bytes of the Arrow datasets in every `vega_lite_chart` the page sends "
        "(AppTest's protos); **chart specs**: their Vega-Lite JSON.",
        "- **saves**: `db.add_check_in` / `db.add_session` on a copy of the database, commit "
        "included.",
        "- **export**: `exchange.export_files` for the whole history, zipped as the download is; "
        "**summary**: `report.summary_html` and `summary_pdf.summary_pdf`, for the whole history "
        "and for the last 12 weeks (the Share page's default).",
        "- **peak memory**: `hamtrack app` on a copy of the database (tests/browser_support.py's "
        "launcher), the clicks below, every page opened in headless Chromium, then the heaviest "
        "things a person may do (Trends over the whole history; the summary as HTML and PDF and "
        "every file downloaded for the whole history); the server process's VmHWM (peak resident "
        "memory) from /proc.",
        "- **click → Trends charts drawn**: from the click on the menu link (coming from Home, "
        "once it is drawn) until the script has finished and every visible chart has drawn its "
        "marks. The first click on a fresh server also imports what Trends needs and Home did "
        "not; it is made once Home has finished loading (Playwright's network idle: the chart "
        "code Home loads while idle included), as a person clicks on a page they have seen.",
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
                [_floor_row(floor)] + [_page_row(page, result.pages[page.path]) for page in pages],
            ),
            "",
            markdown_table(
                OPERATION_COLUMNS,
                [_operation_row(name, op) for name, op in result.operations.items()]
                + _browser_rows(result),
            ),
        ]
    out += [
        "",
        "## Growth with the years",
        "",
        "CPU medians (ms) of each page's rerun and of its rerun right after a save, by size, "
        "with the ratio of the largest size to the smallest.",
        "",
        growth_table(pages, sizes),
        "",
    ]
    return "\n".join(out)


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
    sizes: dict[int, SizeResults] = {}
    for size, db in databases.items():
        say(f"Saves, export and summary on {size} weeks…")
        operations = measure.measure_saves(db.path, repeats=saves, out=workdir)
        operations.update(measure.measure_exports(db.path, repeats=exports))
        result = SizeResults(db, timings.pages[size], operations, None)
        if can_browse:
            say(f"Browser on {size} weeks…")
            result.browser = browser.measure_in_browser(
                measure.scratch_copy(db.path, f"browser-{size}w.db", out=workdir),
                pages,
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
        unlisted=measure.unlisted_pages(pages),
        floor=timings.floor,
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
    from streamlit.testing.v1 import AppTest

    db = measure.demo_database(weeks)
    path = measure.scratch_copy(db.path, "profile.db") if after_save else db.path
    saver = measure.Saver(path) if after_save else None
    os.environ["HAMTRACK_DB"] = str(path)
    at = AppTest.from_file(str(measure.APP), default_timeout=120)
    profiler = Profiler(interval=0.0005)
    with warm_apptest.warm_server_runs():
        at.run()
        at.switch_page(str(PROJECT / page_path)).run()
        at.run()
        try:
            with warm_apptest.profiled_script_runs(profiler):
                for _ in range(reruns):
                    if saver is not None:
                        saver.write()
                    at.run()
        finally:
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
    parser.add_argument("--clicks", type=int, default=9, help="timed clicks to trends (9)")
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
