"""AppTest run the way a warm server runs a page: the one place the benchmark touches Streamlit's
internals.

A server that has served a page keeps two things AppTest throws away before every run:

- Streamlit's legacy `pages/` flag stays off (HamTrack turns it off at start, see
  streamlit_workarounds.py). AppTest decides it anew on every run, finds a `pages/` folder and so
  runs a switched-to page file alone, which then runs the router itself: the entry script and the
  page, compiled afresh.
- The compiled scripts. AppTest makes a new `ScriptCache` for each run; a server keeps one.

`warm_server_runs()` keeps both for the runs inside it, so a timed rerun is what a person meets:
the entry script and the page, once, from bytecode. `profiled_script_runs()` lets
`run.py --profile` follow the script's own thread. `problems()` lists what the installed
Streamlit no longer does the way this relies on; tests/test_benchmark_smoke.py fails with it.
"""

from __future__ import annotations

import contextlib
import functools
import inspect
from collections.abc import Iterator

from streamlit.runtime.pages_manager import PagesManager
from streamlit.runtime.scriptrunner.script_cache import ScriptCache
from streamlit.testing.v1 import app_test, local_script_runner


@functools.cache
def _one_script_cache() -> ScriptCache:
    return ScriptCache()


class _FlagOffPagesManager(PagesManager):
    """A pages manager that finds the legacy `pages/` flag off, as a running server has it."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        PagesManager.uses_pages_directory = False


@contextlib.contextmanager
def warm_server_runs() -> Iterator[None]:
    """Inside this block AppTest keeps the legacy flag off and one script cache across runs."""
    saved = (app_test.PagesManager, app_test.ScriptCache, local_script_runner.ScriptCache)
    app_test.PagesManager = _FlagOffPagesManager
    app_test.ScriptCache = local_script_runner.ScriptCache = _one_script_cache
    try:
        yield
    finally:
        app_test.PagesManager, app_test.ScriptCache, local_script_runner.ScriptCache = saved


def problems() -> list[str]:
    """What the installed Streamlit no longer does the way `warm_server_runs` relies on."""
    found = []
    run_source = inspect.getsource(app_test.AppTest._run)
    for name, why in (
        ("PagesManager(", "AppTest no longer makes its PagesManager by the module-level name"),
        ("ScriptCache()", "AppTest no longer makes its ScriptCache by the module-level name"),
        (
            "PagesManager.uses_pages_directory = None",
            "AppTest no longer resets the legacy pages/ flag before PagesManager decides it",
        ),
    ):
        if name not in run_source:
            found.append(why)
    if not hasattr(PagesManager, "uses_pages_directory"):
        found.append("PagesManager no longer has the `uses_pages_directory` flag")
    if not hasattr(local_script_runner, "ScriptCache"):
        found.append("LocalScriptRunner no longer takes ScriptCache from its module")
    from streamlit.runtime.scriptrunner.script_runner import ScriptRunner

    if not callable(getattr(ScriptRunner, "_run_script", None)):
        found.append("ScriptRunner no longer runs a script in `_run_script` (for --profile)")
    return found


@contextlib.contextmanager
def profiled_script_runs(profiler: object) -> Iterator[None]:
    """Profile every script run inside this block with `profiler` (pyinstrument's).

    AppTest runs the script in a thread of its own, and pyinstrument follows only the thread it
    was started in, so the profiler is started inside each run.
    """
    from streamlit.runtime.scriptrunner.script_runner import ScriptRunner

    original = ScriptRunner._run_script

    def profiled(runner: ScriptRunner, rerun_data: object) -> None:
        profiler.start()  # type: ignore[attr-defined]
        try:
            original(runner, rerun_data)
        finally:
            profiler.stop()  # type: ignore[attr-defined]

    ScriptRunner._run_script = profiled
    try:
        yield
    finally:
        ScriptRunner._run_script = original
