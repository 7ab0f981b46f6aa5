"""AppTest runs of a page's fragments alone, the way a browser asks for them after a click in one:
the one place the page tests touch Streamlit's internals.

AppTest always runs the whole script, so a page built around `st.fragment` is tested there only
as on its first draw. A server, after a click in a fragment, runs that fragment alone: the
page's top and the frame around it are not run again, the pages `st.navigation` registered stay
known for the session, and Streamlit's legacy `pages/` flag stays off (HamTrack turns it off at
start). `fragments_alone(at)` makes `at.run()` do that. `problems()` lists what the installed
Streamlit no longer does the way this relies on; tests/test_page_check_in.py fails with it.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import inspect
from collections.abc import Iterator

from streamlit.runtime.pages_manager import PagesManager
from streamlit.runtime.scriptrunner_utils.script_requests import RerunData
from streamlit.testing.v1 import app_test, local_script_runner


@contextlib.contextmanager
def fragments_alone(at: app_test.AppTest) -> Iterator[None]:
    """Inside this block, `at.run()` reruns only the fragments the last run drew.

    The element tree after such a run holds what the fragments drew and nothing else.
    """
    fragment_ids = list(at._fragment_storage._fragments)
    assert fragment_ids, "the last run drew no fragment"
    registered = dict(at._registered_pages)
    saved = (local_script_runner.RerunData, app_test.PagesManager)

    class SessionPagesManager(app_test.PagesManager):
        """The pages manager a server keeps for a session: the pages `st.navigation` registered
        are still known, and the legacy flag is off."""

        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)
            PagesManager.uses_pages_directory = False
            self._pages = dict(registered)

    local_script_runner.RerunData = functools.partial(
        RerunData, fragment_id_queue=fragment_ids, is_fragment_scoped_rerun=True
    )
    app_test.PagesManager = SessionPagesManager
    try:
        yield
    finally:
        local_script_runner.RerunData, app_test.PagesManager = saved


def problems() -> list[str]:
    """What the installed Streamlit no longer does the way `fragments_alone` relies on."""
    found = []
    fields = {f.name for f in dataclasses.fields(RerunData)}
    if not {"fragment_id_queue", "is_fragment_scoped_rerun"} <= fields:
        found.append("RerunData no longer carries the fragments to rerun")
    if "RerunData(" not in inspect.getsource(local_script_runner.LocalScriptRunner.run):
        found.append("LocalScriptRunner.run no longer makes its RerunData by the module's name")
    if "PagesManager(" not in inspect.getsource(app_test.AppTest._run):
        found.append("AppTest no longer makes its PagesManager by the module-level name")
    probe = app_test.AppTest.from_string("")
    for name in ("_fragment_storage", "_registered_pages"):
        if not hasattr(probe, name):
            found.append(f"AppTest no longer keeps `{name}` between runs")
    storage = getattr(probe, "_fragment_storage", None)
    if storage is not None and not isinstance(getattr(storage, "_fragments", None), dict):
        found.append("the fragment storage no longer keeps its fragments in `_fragments`")
    if "self._pages" not in inspect.getsource(PagesManager.get_pages):
        found.append("PagesManager no longer keeps the registered pages in `_pages`")
    if not hasattr(PagesManager, "uses_pages_directory"):
        found.append("PagesManager no longer has the `uses_pages_directory` flag")
    return found
