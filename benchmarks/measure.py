"""The benchmark's server-side pieces: demo databases, page reruns through AppTest, chart bytes,
saves, exports and the summary.

Each piece measures and returns numbers; `run.py` puts them in tables. Functions that other
parts of HamTrack are still growing (export, the printable summary) are imported only when
measured, and their absence is reported as such instead of a number.
"""

from __future__ import annotations

import ast
import contextlib
import dataclasses
import datetime as dt
import functools
import hashlib
import importlib
import inspect
import json
import os
import shutil
import statistics
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
APP = PROJECT / "streamlit_app.py"
OUT = PROJECT / "benchmarks" / "out"
NOT_AVAILABLE = "not available yet"


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


def discover_pages(app: Path = APP) -> list[PageRef]:
    """The pages `st.navigation` serves, read from the `st.Page(...)` calls in the entry script.

    Falls back to the files in pages/ when the entry script names none.
    """
    tree = ast.parse(app.read_text(encoding="utf-8"))
    found: list[PageRef] = []
    for node in ast.walk(tree):
        if not (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "Page"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            continue
        path = node.args[0].value
        options = {
            k.arg: k.value.value
            for k in node.keywords
            if k.arg and isinstance(k.value, ast.Constant)
        }
        stem = Path(path).stem
        url_path = "" if options.get("default") else options.get("url_path", stem)
        title = options.get("title", stem.replace("_", " ").title())
        found.append(PageRef(path=path, title=title, url_path=url_path))
    # ast.walk is breadth first; the source order is the menu's order.
    found.sort(key=lambda p: _source_position(tree, p.path))
    if found:
        return found
    folder = app.parent / "pages"
    return [
        PageRef(path=f"pages/{f.name}", title=f.stem.replace("_", " ").title(), url_path=f.stem)
        for f in sorted(folder.glob("*.py"))
        if not f.name.startswith("_")
    ]


def _source_position(tree: ast.AST, path: str) -> tuple[int, int]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and node.value == path:
            return (node.lineno, node.col_offset)
    return (0, 0)


def unlisted_pages(pages: Sequence[PageRef], app: Path = APP) -> list[str]:
    """Files in pages/ that the navigation does not list (yet)."""
    listed = {p.path for p in pages}
    return [
        f"pages/{f.name}"
        for f in sorted((app.parent / "pages").glob("*.py"))
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


@functools.cache
def _server_script_cache() -> object:
    """One script cache for every warm run, as a server keeps one."""
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache

    return ScriptCache()


@contextlib.contextmanager
def warm_server_runs() -> Iterator[None]:
    """Make AppTest run the entry script the way a server does once it has served one page.

    AppTest resets Streamlit's legacy pages/ flag before every run, so a switched page is first
    run on its own and then, through `hamtrack_ui._ensure_router`, a second time inside the router
    (what a fresh server does for the first URL it is asked). A running server has long cleared
    that flag; this keeps it cleared so the rerun is the entry script and the page, once.
    AppTest also compiles the scripts afresh on every run, where a server keeps their bytecode:
    this keeps one script cache across runs, as a server does.
    """
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.testing.v1 import app_test, local_script_runner

    class ClearedFlagPagesManager(PagesManager):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)
            PagesManager.uses_pages_directory = False

    original_cache = app_test.ScriptCache
    app_test.PagesManager = ClearedFlagPagesManager
    app_test.ScriptCache = local_script_runner.ScriptCache = _server_script_cache
    try:
        yield
    finally:
        app_test.PagesManager = PagesManager
        app_test.ScriptCache = local_script_runner.ScriptCache = original_cache


class ScriptCpu:
    """CPU time of each script run, read in the script's own thread (AppTest runs it in one).

    Wall time on a shared machine includes waiting for a core; the script thread's CPU time does
    not, so it shows what the page itself costs when other work competes for the cores.
    """

    def __init__(self) -> None:
        self.last_s: float | None = None

    @contextlib.contextmanager
    def installed(self) -> Iterator[ScriptCpu]:
        from streamlit.runtime.scriptrunner.script_runner import ScriptRunner

        original = ScriptRunner._run_script
        meter = self

        def measured(runner: ScriptRunner, rerun_data: object) -> None:
            started = time.thread_time()
            try:
                original(runner, rerun_data)
            finally:
                meter.last_s = time.thread_time() - started

        ScriptRunner._run_script = measured
        try:
            yield self
        finally:
            ScriptRunner._run_script = original

    def take(self) -> float | None:
        value, self.last_s = self.last_s, None
        return value


@dataclass(slots=True)
class PageTiming:
    """One page on one database: first open, timed reruns (two ways) and what its charts send."""

    first_s: float | None = None
    reruns_s: list[float] = field(default_factory=list)
    warm_reruns_s: list[float] = field(default_factory=list)
    warm_cpu_s: list[float] = field(default_factory=list)
    after_save_s: list[float] = field(default_factory=list)
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
        self._env()
        self.at.run()
        if self.page is not None:
            self.at.switch_page(str(PROJECT / self.page.path))
            started = time.perf_counter()
            self.at.run()
            self.timing.first_s = time.perf_counter() - started
        self.timing.error = _exception_of(self.at)

    def rerun(self, *, warm: bool, cpu: ScriptCpu) -> None:
        if self.timing.error is not None:
            return
        self._env()
        cpu.take()
        with warm_server_runs() if warm else contextlib.nullcontext():
            started = time.perf_counter()
            self.at.run()
            elapsed = time.perf_counter() - started
        self.timing.error = _exception_of(self.at)
        (self.timing.warm_reruns_s if warm else self.timing.reruns_s).append(elapsed)
        if warm:
            used = cpu.take()
            if used is not None:
                self.timing.warm_cpu_s.append(used)
            # A warm rerun draws what a browser receives on any rerun of the page.
            (
                self.timing.charts,
                self.timing.chart_data_bytes,
                self.timing.chart_spec_bytes,
            ) = chart_payload(self.at)


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
    """Median-ready rerun times of every page on every database, and of an empty script.

    Each page is opened once (switch_page and a first run, timed as "first open"), then rerun
    `reruns` times both ways (see `warm_server_runs`). Rounds go across every size and page in
    turn, so a busy moment on a shared machine lands on all of them alike, not on one size.
    Each page is also rerun right after a save (a check-in or a session added, see `Saver`), on
    its own copy of the database so that no other page's caches are disturbed: what a person
    sees when they open a page after logging.
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
            after_save.append((saving, Saver(copy), runner.timing))
    everyone = [floor] + [r for by_page in runners.values() for r in by_page.values()]
    try:
        with ScriptCpu().installed() as cpu:
            for runner in everyone:  # one untimed rerun each way: the first runs fill caches
                runner.rerun(warm=False, cpu=cpu)
                runner.rerun(warm=True, cpu=cpu)
                runner.timing.reruns_s.clear()
                runner.timing.warm_reruns_s.clear()
                runner.timing.warm_cpu_s.clear()
            for round_ in range(reruns):
                progress(f"  rerun round {round_ + 1} of {reruns}")
                for runner in everyone:
                    runner.rerun(warm=False, cpu=cpu)
                    runner.rerun(warm=True, cpu=cpu)
                for saving, saver, timing in after_save:
                    if timing.error is not None or saving.timing.error is not None:
                        continue
                    saver.write()
                    saving.rerun(warm=True, cpu=cpu)
                    timing.after_save_s.append(saving.timing.warm_reruns_s[-1])
                    if saving.timing.error is not None:
                        timing.error = f"after a save: {saving.timing.error}"
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
    """A timed operation: its runs, what it produced (bytes), or why it was not measured."""

    runs_s: tuple[float, ...] = ()
    output_bytes: int | None = None
    note: str = ""

    @property
    def available(self) -> bool:
        return bool(self.runs_s)


def _timed(action: Callable[[], object], repeats: int) -> tuple[list[float], object]:
    runs, result = [], None
    for _ in range(repeats):
        started = time.perf_counter()
        result = action()
        runs.append(time.perf_counter() - started)
    return runs, result


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
        latest = store.recent_sessions(db, limit=1)
        check_in_runs, _ = _timed(lambda: store.add_check_in(db, check_in), repeats)
        saves = {"save a check-in": Operation(tuple(check_in_runs))}
        if latest:
            session = dataclasses.replace(latest[0].value, day=today)
            session_runs, _ = _timed(lambda: store.add_session(db, session), repeats)
            saves["save a session"] = Operation(
                tuple(session_runs), note=f"{len(session.exercises)} exercises"
            )
        else:
            saves["save a session"] = Operation(note="no session in this database to copy")
        sync = db.execute("PRAGMA synchronous").fetchone()[0]
        mode = {0: "OFF", 1: "NORMAL", 2: "FULL", 3: "EXTRA"}.get(sync, str(sync))
        for name, op in saves.items():
            if op.available:
                saves[name] = dataclasses.replace(
                    op, note=", ".join(n for n in (op.note, f"synchronous={mode}") if n)
                )
        return saves
    finally:
        db.conn.close()


def _resolve(module: str, names: Sequence[str]) -> tuple[Callable | None, str]:
    """The first of `names` in `module`, imported only now; or None and why not."""
    try:
        found = importlib.import_module(module)
    except ModuleNotFoundError:
        return None, f"{NOT_AVAILABLE} ({module} does not exist)"
    for name in names:
        if callable(getattr(found, name, None)):
            return getattr(found, name), f"{module}.{name}"
    return None, f"{NOT_AVAILABLE} ({module} has none of {', '.join(names)})"


def _call(function: Callable, db: object, today: dt.date, since: dt.date | None = None) -> object:
    accepts = inspect.signature(function).parameters
    options: dict[str, object] = {"today": today} if "today" in accepts else {}
    if since is not None and "since" in accepts:
        options["since"] = since
    return function(db, **options)


def _size(result: object) -> int | None:
    if isinstance(result, bytes | bytearray):
        return len(result)
    if isinstance(result, str):
        return len(result.encode("utf-8"))
    if isinstance(result, dict):
        sizes = [_size(v) for v in result.values()]
        return sum(s for s in sizes if s is not None)
    for attribute in ("html", "markdown", "text", "data"):
        if hasattr(result, attribute):
            return _size(getattr(result, attribute))
    return None


SUMMARY_RECENT_WEEKS = 12
"""The Share & backup page's default period."""

EXPORT = ("hamtrack.exchange", ("export_files",))
ZIP = ("hamtrack.exchange", ("zip_bytes",))
SUMMARY = (
    "hamtrack.report",
    ("summary_html", "render_summary", "build_summary", "summary", "report_html", "build_report"),
)


def measure_exports(db_path: Path, *, repeats: int) -> dict[str, Operation]:
    """Exporting every CSV (zipped, as the download is) and building the printable summary."""
    from hamtrack import db as store

    db = store.connect(db_path)
    today = dt.date.today()
    found: dict[str, Operation] = {}
    try:
        export, where = _resolve(*EXPORT)
        zipper, _ = _resolve(*ZIP)
        if export is None:
            found["export every CSV"] = Operation(note=where)
        else:

            def export_all() -> object:
                files = _call(export, db, today)
                return zipper(files) if zipper is not None else files

            found["export every CSV"] = _attempt(export_all, repeats, where)
        summary, where = _resolve(*SUMMARY)
        recent = today - dt.timedelta(weeks=SUMMARY_RECENT_WEEKS)
        for name, since in (
            ("build the summary, whole history", None),
            (f"build the summary, last {SUMMARY_RECENT_WEEKS} weeks", recent),
        ):
            found[name] = (
                Operation(note=where)
                if summary is None
                else _attempt(lambda since=since: _call(summary, db, today, since), repeats, where)
            )
        return found
    finally:
        db.conn.close()


def _attempt(action: Callable[[], object], repeats: int, where: str) -> Operation:
    try:
        runs, result = _timed(action, repeats)
    except NotImplementedError:
        return Operation(note=f"{NOT_AVAILABLE} ({where} is not written yet)")
    except Exception as exc:  # a half-built module must not stop the other measurements
        return Operation(note=f"failed: {type(exc).__name__}: {str(exc).splitlines()[0][:100]}")
    return Operation(tuple(runs), _size(result), where)


def clean_scratch(out: Path = OUT) -> None:
    shutil.rmtree(out / "scratch", ignore_errors=True)
