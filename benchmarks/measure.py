"""The benchmark's server-side pieces: demo databases, page reruns through AppTest, chart bytes,
saves, exports and the summary.

Each piece measures and returns numbers; `run.py` puts them in tables. Every timing is taken
twice: wall-clock time, and the process's CPU time (`time.process_time`), which waiting for a
busy core on a shared machine does not inflate.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import os
import shutil
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.warm_apptest import warm_server_runs

PROJECT = Path(__file__).resolve().parent.parent
APP = PROJECT / "streamlit_app.py"
OUT = PROJECT / "benchmarks" / "out"


# ---------------------------------------------------------------------------------------------
# Small statistics.


def median_ms(seconds: Sequence[float]) -> float | None:
    return statistics.median(seconds) * 1000 if seconds else None


def p90_ms(seconds: Sequence[float]) -> float | None:
    if not seconds:
        return None
    ordered = sorted(seconds)
    return ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))] * 1000


# ---------------------------------------------------------------------------------------------
# Pages, as the app's navigation lists them.


@dataclass(frozen=True, slots=True)
class PageRef:
    """A page of the app: its file (relative to the project), its title and its URL path."""

    path: str
    title: str
    url_path: str

    @property
    def name(self) -> str:
        return Path(self.path).stem


def discover_pages() -> list[PageRef]:
    """The pages of the app's menu (hamtrack_menu.py, which streamlit_app.py routes), in order."""
    from hamtrack_menu import menu_pages

    return [PageRef(p.path, p.title, p.address) for p in menu_pages()]


def unlisted_pages(pages: Sequence[PageRef], folder: Path = PROJECT / "pages") -> list[str]:
    """Files in pages/ that the menu does not list (yet)."""
    listed = {p.path for p in pages}
    return [
        f"pages/{f.name}"
        for f in sorted(folder.glob("*.py"))
        if f"pages/{f.name}" not in listed and not f.name.startswith("_")
    ]


# ---------------------------------------------------------------------------------------------
# Demo databases, made once per size and day and kept under benchmarks/out/.


@dataclass(frozen=True, slots=True)
class DemoDatabase:
    weeks: int
    path: Path
    generate_s: float
    store_s: float
    counts: dict[str, int]
    cached: bool

    @property
    def size_bytes(self) -> int:
        return self.path.stat().st_size


def _demo_key(weeks: int, seed: int, today: dt.date) -> str:
    from hamtrack import db as store

    source = (PROJECT / "hamtrack" / "demo.py").read_bytes()
    digest = hashlib.sha256(source + str(store.SCHEMA_VERSION).encode()).hexdigest()[:10]
    return f"demo-{weeks}w-seed{seed}-{today.isoformat()}-{digest}"


def demo_database(
    weeks: int,
    *,
    seed: int = 1,
    today: dt.date | None = None,
    out: Path = OUT,
    regenerate: bool = False,
) -> DemoDatabase:
    """A demo database of `weeks` weeks ending `today`, generated and stored (timed) if needed.

    The pages read `date.today()`, so a database is made for each day; a cached one keeps the
    generation times measured when it was made.
    """
    from hamtrack import db as store
    from hamtrack import demo

    today = today or dt.date.today()
    out.mkdir(parents=True, exist_ok=True)
    key = _demo_key(weeks, seed, today)
    path, facts = out / f"{key}.db", out / f"{key}.json"
    if path.exists() and facts.exists() and not regenerate:
        known = json.loads(facts.read_text())
        return DemoDatabase(
            weeks, path, known["generate_s"], known["store_s"], known["counts"], cached=True
        )
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    started = time.perf_counter()
    bundle = demo.generate(weeks=weeks, seed=seed, today=today)
    generated = time.perf_counter()
    db = store.open_database(path)
    try:
        store.store_bundle(db, bundle, today=today)
        stored = time.perf_counter()
        counts = store.record_counts(db)
        # One self-contained file: later readers never replay a write-ahead log.
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        db.conn.close()
    result = DemoDatabase(
        weeks, path, generated - started, stored - generated, counts, cached=False
    )
    facts.write_text(
        json.dumps({"generate_s": result.generate_s, "store_s": result.store_s, "counts": counts})
    )
    return result


def scratch_copy(source: Path, name: str, out: Path = OUT) -> Path:
    """A fresh copy of `source` to write into, so the cached demo database never changes."""
    from hamtrack import db as store

    target = out / "scratch" / name
    target.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    db = store.open_database(source, create=False)
    try:
        store.backup_to(db, target)
    finally:
        db.conn.close()
    return target


# ---------------------------------------------------------------------------------------------
# Page reruns through AppTest.


def _cpu_and_wall(action: Callable[[], object]) -> tuple[float, float, object]:
    """Run `action`; its wall time and the process's CPU time, in seconds, and its result."""
    cpu, wall = time.process_time(), time.perf_counter()
    result = action()
    return time.perf_counter() - wall, time.process_time() - cpu, result


@dataclass(slots=True)
class PageTiming:
    """One page on one database: first open, timed reruns and what its charts send."""

    first_s: float | None = None
    reruns_s: list[float] = field(default_factory=list)
    reruns_cpu_s: list[float] = field(default_factory=list)
    after_save_s: list[float] = field(default_factory=list)
    after_save_cpu_s: list[float] = field(default_factory=list)
    charts: int = 0
    chart_data_bytes: int = 0
    chart_spec_bytes: int = 0
    error: str | None = None


def chart_payload(at: object) -> tuple[int, int, int]:
    """(charts, data bytes, spec bytes) of every Vega-Lite chart the last run drew."""
    charts = data = spec = 0
    for chart in at.get("vega_lite_chart"):  # type: ignore[attr-defined]
        proto = chart.proto
        charts += 1
        spec += len(proto.spec.encode("utf-8"))
        data += len(proto.data.data) if proto.HasField("data") else 0
        data += sum(len(d.data.data) for d in proto.datasets)
    return charts, data, spec


def _exception_of(at: object) -> str | None:
    problems = list(at.exception)  # type: ignore[attr-defined]
    if not problems:
        return None
    first = problems[0]
    return str(getattr(first, "message", first)).splitlines()[0][:120]


class _Runner:
    """One AppTest on one page of one database, and how to time a rerun of it."""

    def __init__(self, db_path: Path | None, page: PageRef | None, script: Path, timeout: float):
        from streamlit.testing.v1 import AppTest

        self.db_path, self.page = db_path, page
        self.at = AppTest.from_file(str(script), default_timeout=timeout)
        self.timing = PageTiming()

    def _env(self) -> None:
        if self.db_path is not None:
            os.environ["HAMTRACK_DB"] = str(self.db_path)

    def open(self) -> None:
        """The first run of the entry script, then the timed first run of the page."""
        self._env()
        with warm_server_runs():
            self.at.run()
            if self.page is not None:
                self.at.switch_page(str(PROJECT / self.page.path))
                self.timing.first_s, _, _ = _cpu_and_wall(self.at.run)
        self.timing.error = _exception_of(self.at)

    def rerun(self) -> tuple[float, float] | None:
        """One warm rerun: (wall, CPU) seconds, or None once the page has failed."""
        if self.timing.error is not None:
            return None
        self._env()
        with warm_server_runs():
            wall, cpu, _ = _cpu_and_wall(self.at.run)
        self.timing.error = _exception_of(self.at)
        return wall, cpu


class Saver:
    """Saves to a database between reruns, so the next rerun finds every cache out of date.

    Alternately adds a check-in (its pain changing each time) and a session (a copy of the last
    one), dated today, as a person logging does: each save leaves data the charts have not seen.
    Used on scratch copies only.
    """

    def __init__(self, path: Path) -> None:
        from hamtrack import db as store

        self.db = store.connect(path)
        self.saves = 0
        latest = store.recent_sessions(self.db, limit=1)
        self.session = latest[0].value if latest else None

    def write(self) -> None:
        from hamtrack import db as store
        from hamtrack.models import CheckIn, Region

        self.saves += 1
        today = dt.date.today()
        if self.saves % 2 and self.session is not None:
            store.add_session(self.db, dataclasses.replace(self.session, day=today))
            return
        pain = self.saves % 11
        store.add_check_in(
            self.db,
            CheckIn(
                day=today,
                time=dt.time(0, 0),
                pain={Region.LEFT_HAMSTRING: pain, Region.RIGHT_HAMSTRING: 0, Region.LOW_BACK: 1},
                stiffness=1,
                note="Benchmark entry.",
            ),
        )

    def close(self) -> None:
        self.db.conn.close()


@dataclass(slots=True)
class RerunResults:
    floor: PageTiming
    pages: dict[int, dict[str, PageTiming]]


def measure_reruns(
    databases: dict[int, Path],
    pages: Sequence[PageRef],
    *,
    reruns: int,
    timeout: float = 120,
    scratch: Path = OUT,
    progress: Callable[[str], None] = lambda _: None,
) -> RerunResults:
    """Rerun times (wall and CPU) of every page on every database, and of an empty script.

    Each page is opened once (switch_page and a first run, timed as "first open"), then rerun
    `reruns` times as a warm server reruns it (see benchmarks/warm_apptest.py). Rounds go across
    every size and page in turn, so a busy moment on a shared machine lands on all of them
    alike. Each page is also rerun right after a save (a check-in or a session added, see
    `Saver`), on its own copy of the database so that no other page's caches are disturbed: what
    a person sees when they open a page after logging.
    """
    named = os.environ.get("HAMTRACK_DB")
    try:
        return _measure_reruns(databases, pages, reruns, timeout, scratch, progress)
    finally:
        if named is None:
            os.environ.pop("HAMTRACK_DB", None)
        else:
            os.environ["HAMTRACK_DB"] = named


def _measure_reruns(
    databases: dict[int, Path],
    pages: Sequence[PageRef],
    reruns: int,
    timeout: float,
    scratch: Path,
    progress: Callable[[str], None],
) -> RerunResults:
    empty = scratch / "empty_script.py"
    empty.parent.mkdir(parents=True, exist_ok=True)
    empty.write_text("")
    floor = _Runner(None, None, empty, timeout)
    floor.open()
    runners: dict[int, dict[str, _Runner]] = {}
    after_save: list[tuple[_Runner, Saver, PageTiming]] = []
    for weeks, path in databases.items():
        runners[weeks] = {}
        for page in pages:
            progress(f"  opening {page.path} on {weeks} weeks")
            runner = _Runner(path, page, APP, timeout)
            runner.open()
            runners[weeks][page.path] = runner
            copy = scratch_copy(path, f"after-save-{weeks}w-{page.name}.db", scratch)
            saving = _Runner(copy, page, APP, timeout)
            saving.open()
            saving.rerun()  # fills the caches a save then puts out of date
            after_save.append((saving, Saver(copy), runner.timing))
    everyone = [floor] + [r for by_page in runners.values() for r in by_page.values()]
    try:
        for runner in everyone:  # one untimed rerun each: the first runs fill caches
            runner.rerun()
        for round_ in range(reruns):
            progress(f"  rerun round {round_ + 1} of {reruns}")
            for runner in everyone:
                timed = runner.rerun()
                if timed is not None:
                    runner.timing.reruns_s.append(timed[0])
                    runner.timing.reruns_cpu_s.append(timed[1])
                    # What a browser receives on any rerun of the page.
                    (
                        runner.timing.charts,
                        runner.timing.chart_data_bytes,
                        runner.timing.chart_spec_bytes,
                    ) = chart_payload(runner.at)
            for saving, saver, timing in after_save:
                if timing.error is not None:
                    continue
                saver.write()
                timed = saving.rerun()
                if saving.timing.error is not None:
                    timing.error = f"after a save: {saving.timing.error}"
                elif timed is not None:
                    timing.after_save_s.append(timed[0])
                    timing.after_save_cpu_s.append(timed[1])
    finally:
        for _, saver, _ in after_save:
            saver.close()
    return RerunResults(
        floor=floor.timing,
        pages={
            weeks: {path: r.timing for path, r in by_page.items()}
            for weeks, by_page in runners.items()
        },
    )


# ---------------------------------------------------------------------------------------------
# Saves, export and summary on a copy of a demo database.


@dataclass(frozen=True, slots=True)
class Operation:
    """A timed operation: its runs (wall and CPU), what it produced (bytes), or its error."""

    runs_s: tuple[float, ...] = ()
    cpu_s: tuple[float, ...] = ()
    output_bytes: int | None = None
    note: str = ""
    error: str | None = None

    @property
    def available(self) -> bool:
        return bool(self.runs_s)


def timed(action: Callable[[], object], repeats: int, note: str = "") -> Operation:
    """`action` run `repeats` times; an exception is kept as the operation's error."""
    walls, cpus, result = [], [], None
    try:
        for _ in range(repeats):
            wall, cpu, result = _cpu_and_wall(action)
            walls.append(wall)
            cpus.append(cpu)
    except Exception as exc:  # reported as an error row, which the smoke test refuses
        return Operation(error=f"{type(exc).__name__}: {str(exc).splitlines()[0][:100]}")
    size = len(result) if isinstance(result, bytes | str) else None
    return Operation(tuple(walls), tuple(cpus), size, note)


def measure_saves(db_path: Path, *, repeats: int, out: Path = OUT) -> dict[str, Operation]:
    """Saving a check-in and a session (commit included), on a copy of `db_path`."""
    from hamtrack import db as store
    from hamtrack.models import CheckIn, Region

    copy = scratch_copy(db_path, f"saves-{db_path.stem}.db", out)
    db = store.connect(copy)
    try:
        today = dt.date.today()
        check_in = CheckIn(
            day=today,
            time=dt.time(0, 0),
            pain={Region.LEFT_HAMSTRING: 3, Region.RIGHT_HAMSTRING: 0, Region.LOW_BACK: 2},
            stiffness=2,
            note="Benchmark entry.",
        )
        sync = db.execute("PRAGMA synchronous").fetchone()[0]
        mode = "synchronous=" + {0: "OFF", 1: "NORMAL", 2: "FULL", 3: "EXTRA"}.get(sync, str(sync))
        session = dataclasses.replace(store.recent_sessions(db, limit=1)[0].value, day=today)
        return {
            "save a check-in": timed(lambda: store.add_check_in(db, check_in), repeats, mode),
            "save a session": timed(
                lambda: store.add_session(db, session),
                repeats,
                f"{len(session.exercises)} exercises, {mode}",
            ),
        }
    finally:
        db.conn.close()


SUMMARY_RECENT_WEEKS = 12
"""The Share & backup page's default period."""


def measure_exports(db_path: Path, *, repeats: int) -> dict[str, Operation]:
    """Exporting every CSV (zipped, as the download is) and building the clinician summary, as
    HTML and as PDF, for the whole history and the page's default 12 weeks."""
    from hamtrack import db as store
    from hamtrack import exchange, report, summary_pdf

    db = store.connect(db_path)
    today = dt.date.today()
    recent = today - dt.timedelta(weeks=SUMMARY_RECENT_WEEKS)
    try:
        found = {
            "export every CSV": timed(
                lambda: exchange.zip_bytes(exchange.export_files(db, today=today)),
                repeats,
                "exchange.export_files, zipped",
            )
        }
        for period, since in (
            ("whole history", None),
            (f"last {SUMMARY_RECENT_WEEKS} weeks", recent),
        ):
            found[f"summary as HTML, {period}"] = timed(
                lambda since=since: report.summary_html(db, since=since, today=today),
                repeats,
                "report.summary_html",
            )
            found[f"summary as PDF, {period}"] = timed(
                lambda since=since: summary_pdf.summary_pdf(db, since=since, today=today),
                repeats,
                "summary_pdf.summary_pdf",
            )
        return found
    finally:
        db.conn.close()


def clean_scratch(out: Path = OUT) -> None:
    shutil.rmtree(out / "scratch", ignore_errors=True)
