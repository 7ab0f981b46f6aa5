"""Streamlit glue the pages share: opening the database, save tokens and showing refusals.

Kept outside `hamtrack/` so the core never imports streamlit. Every page opens the database
through `database()`, so each page also works when it is the first script a fresh server runs.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import gc
import html
import importlib
import json
import os
import re
import runpy
import sqlite3
import sys
import threading
import time
import uuid
from collections.abc import Callable, Hashable, Iterable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, NoReturn, TypeVar

import pandas as pd
import pyarrow as pa
import streamlit as st
from sqlite_utils import Database
from streamlit.errors import StreamlitAPIException

import hamtrack_server as server
import streamlit_workarounds as workarounds
from hamtrack import db as store
from hamtrack import memo
from hamtrack.models import ValidationError
from hamtrack.safety import STANDING_NOTE

if TYPE_CHECKING:
    import altair as alt

    from hamtrack import charts

T = TypeVar("T")

# Under a plain `streamlit run`, this first script run is the earliest moment HamTrack's code
# runs; `hamtrack app` has done it before the server accepted a connection.
workarounds.keep_address_lookup_on_this_machine()


@st.cache_resource(show_spinner=False)
def _checked_path(path: str) -> str:
    # Checking, creating and migrating the file is done once per server, not on every rerun;
    # a refusal raises and is therefore not cached, so a fixed file is picked up on reload.
    store.open_database(path).conn.close()
    return path


CLOCK_VARIABLE = "HAMTRACK_TODAY"


def now() -> dt.datetime:
    """The local date and time every page takes as "now", to the minute.

    The machine's clock, unless the environment variable HAMTRACK_TODAY fixes it: an ISO date
    (`2026-03-04`, taken at 12:00) or date and time (`2026-03-04T08:30`). Tests and screenshots
    set it, so what a page shows does not depend on the day they run.
    """
    fixed = os.environ.get(CLOCK_VARIABLE, "").strip()
    if not fixed:
        return dt.datetime.now().replace(second=0, microsecond=0)
    try:
        moment = dt.datetime.fromisoformat(fixed)
    except ValueError:
        raise ValueError(
            f"{CLOCK_VARIABLE}={fixed!r} is neither a date (2026-03-04) nor a date and time "
            "(2026-03-04T08:30)."
        ) from None
    if len(fixed) == len("2026-03-04"):
        moment = moment.replace(hour=12)
    return moment.replace(tzinfo=None, second=0, microsecond=0)


def today() -> dt.date:
    """The day every page takes as today (see `now`)."""
    return now().date()


def database_path() -> Path:
    return store.default_db_path()


MAIN_SCRIPT = Path(__file__).resolve().parent / "streamlit_app.py"


def _ensure_router() -> None:
    # Streamlit's legacy pages/ discovery ran this page alone (a fresh server under a plain
    # `streamlit run`, or AppTest): no frame, the wrong menu. Running the router here, in the
    # same script run, draws the frame and this page through st.navigation without a rerun, so
    # a click that started this run is not lost. `hamtrack app` never gets here.
    if workarounds.legacy_discovery_ran_this_page():
        workarounds.turn_off_legacy_pages_discovery()
        runpy.run_path(str(MAIN_SCRIPT), run_name="__main__")
        st.stop()


def ensure_frame() -> None:
    """Draw this page inside the frame, even when Streamlit ran its file alone.

    `database()` does this too. A page whose content is one fragment calls this first instead,
    and opens the database inside the fragment, on each of the fragment's runs: a connection
    opened at the page's top would serve only the page's first draw.
    """
    _ensure_router()


def database() -> Database:
    """A connection for this rerun, or a one-line message and a stop if the file is unusable."""
    _ensure_router()
    path = database_path()
    try:
        _checked_path(str(path))
        # connect() checks the file again when it changed since, so damage is caught here too.
        return store.connect(path)
    except store.StorageError as exc:
        st.error(plain(exc), icon=":material/error:")
        st.stop()


def form_token(form: str) -> str:
    """The idempotency token of the form now on screen: saving twice with it stores once."""
    key = f"_token_{form}"
    if key not in st.session_state:
        st.session_state[key] = uuid.uuid4().hex
    return st.session_state[key]


def renew_form_token(form: str) -> None:
    """After a save, the next entry gets a new token (and so a new, empty form)."""
    st.session_state[f"_token_{form}"] = uuid.uuid4().hex


def rerun_form() -> NoReturn:
    """Draw the form this runs in again, and nothing else, when Streamlit allows it.

    A form page keeps its whole content in one `st.fragment`: a click in it, a save too, reruns
    that part alone, and the frame and menu around it, which a save does not change, are left
    as they are. Streamlit allows a fragment-scoped rerun only while the fragment is rerunning
    alone; when the whole page is running (its first draw, or under AppTest, which always runs
    the whole script), the whole page reruns instead, which draws the same.
    """
    try:
        st.rerun(scope="fragment")
    except StreamlitAPIException:
        # Documented for `scope="fragment"` during a full run; raised before any rerun is asked.
        st.rerun()


FLASH_SECONDS = 20


def flash(form: str, message: str) -> None:
    """Keep a confirmation for the reruns that follow, which draw a fresh, empty form."""
    st.session_state[f"_flash_{form}"] = (message, time.monotonic() + FLASH_SECONDS)


def show_flash(form: str) -> bool:
    """Show the confirmation kept by `flash` for a short while; True when it was shown.

    A time limit rather than "once": the second click of a double click reruns the page too,
    and must not wipe the confirmation of the first.
    """
    kept = st.session_state.get(f"_flash_{form}")
    if kept is None or time.monotonic() > kept[1]:
        st.session_state.pop(f"_flash_{form}", None)
        return False
    st.success(kept[0], icon=":material/check_circle:")
    return True


@dataclass
class Outcome:
    """Whether the block inside `saving()` finished; set when it leaves without a refusal."""

    ok: bool = False


@contextlib.contextmanager
def saving() -> Iterator[Outcome]:
    """Run a save; a refusal or a storage failure is shown right here and nothing is changed.

    The block's own transaction has already rolled back when its error reaches here, and the
    widgets keep their values, so the person can correct or retry.
    """
    outcome = Outcome()
    try:
        yield outcome
    except (ValidationError, store.RecordMissing) as refused:
        show_refusal(refused)
    except sqlite3.Error as failure:
        show_storage_failure(failure)
    else:
        outcome.ok = True


@dataclass(frozen=True, slots=True)
class OpenedEdit(Generic[T]):
    """An edit of a stored record in progress: the record as stored now, and as it was when
    the edit opened (kept for the edit's whole life, so a save is refused when another tab, a
    restore or an import has changed it since)."""

    edit_key: str
    opened_key: str
    current: T
    opened: T

    def close(self) -> None:
        """End the edit: the next run shows a new form."""
        del st.session_state[self.edit_key]
        st.session_state.pop(self.opened_key, None)


def open_edit(
    db: Database, record_id: int, *, read: Callable[[Database, int], T], kind: str
) -> OpenedEdit[T] | None:
    """The edit of record `record_id` that `st.session_state["edit_<kind>"]` asks for; None,
    with the refusal shown and the edit ended, when the record was gone before it opened.

    A record gone since the edit opened keeps the form and what was typed: Save says why not.
    """
    edit_key, opened_key = f"edit_{kind}", f"_opened_{kind}_{record_id}"
    try:
        current = read(db, record_id)
    except store.RecordMissing as missing:
        if opened_key not in st.session_state:
            show_refusal(missing)
            del st.session_state[edit_key]
            return None
        current = st.session_state[opened_key]
    opened = st.session_state.setdefault(opened_key, current)
    return OpenedEdit(edit_key, opened_key, current, opened)


def show_refusal(error: ValidationError | store.RecordMissing) -> None:
    """Say what was refused, where the user is; nothing was saved or changed."""
    if isinstance(error, ValidationError):
        lines = "\n".join(f"- {plain(p)}" for p in error.problems)
        st.error(f"Nothing was saved. Please fix this:\n{lines}", icon=":material/error:")
    else:
        st.error(plain(error), icon=":material/error:")


def ask_before_deleting(
    what: str,
    *,
    asked: str,
    buttons: str,
    delete: Callable[[], object],
    forget: tuple[str, ...] = (),
) -> None:
    """Delete was clicked (session state `asked` is set): ask once more, then delete or keep.

    `buttons` names the two answers' keys; `forget` lists more session state a deletion ends.
    """
    st.warning(f"Delete this {what} for good? This cannot be undone.")
    yes, no = st.columns(2)
    if yes.button("Yes, delete it", key=f"{buttons}_yes", type="primary", width="stretch"):
        try:
            delete()
        except store.RecordMissing as missing:
            show_refusal(missing)
        for name in (asked, *forget):
            st.session_state.pop(name, None)
        st.rerun()
    if no.button("Keep it", key=f"{buttons}_no", width="stretch"):
        st.session_state.pop(asked, None)
        st.rerun()


def show_storage_failure(error: Exception) -> None:
    """A write that could not finish: nothing changed, and the input stays on screen to retry."""
    st.error(
        f"Your entry could not be saved ({plain(error)}). Nothing was changed; your input is "
        "still here, so you can try again in a moment.",
        icon=":material/error:",
    )


def listening_address() -> str | None:
    """Streamlit's server.address: where this server accepts connections (unset: everywhere)."""
    return st.get_option("server.address")


def exposure_notice() -> None:
    """While other devices on the network can open HamTrack, say so on the page (every page: the
    frame calls this) and once on the console, where `hamtrack app` has not said it already."""
    address = listening_address()
    if not server.reachable_from_other_devices(address):
        return
    warning = server.exposure_warning(address)
    if not os.environ.get(server.ANNOUNCED):
        os.environ[server.ANNOUNCED] = "1"
        print(server.console_warning(address), file=sys.stderr, flush=True)
    st.warning(plain(warning), icon=":material/wifi:")


def upload_limit_mb() -> int:
    """The largest file the server takes, in megabytes (server.maxUploadSize in
    .streamlit/config.toml). Every upload box is capped at it and says it, so a bigger file is
    refused in the box itself, before it is sent, instead of failing on the way."""
    return int(st.get_option("server.maxUploadSize"))


def upload_content(upload: Any) -> bytes | None:
    """The bytes of an uploaded file, or None after saying where the user is that it is too big
    (only a file that got past its box can be: the box refuses bigger ones first)."""
    limit = upload_limit_mb()
    if upload.size > limit * 1024 * 1024:
        st.error(
            f"“{plain(upload.name)}” is {upload.size / (1024 * 1024):.1f} MB; HamTrack takes "
            f"files of up to {limit} MB. Nothing was changed.",
            icon=":material/error:",
        )
        return None
    return upload.getvalue()


# Every ASCII punctuation character, each of which CommonMark lets a backslash make literal.
_MARKDOWN_SIGNS = re.compile(r"([!-/:-@\[-`{-~])")
# Where GitHub-flavoured Markdown turns bare text into a link (`http://`, `www.`, `a@b.c`), found
# in the text itself after escapes are read: an invisible word joiner there keeps it text.
_LINK_STARTS = re.compile(r"(?<=:)(?=//)|(?<=www)(?=\.)|(?<=@)", re.IGNORECASE)
WORD_JOINER = "\u2060"


def plain(text: object) -> str:
    """`text` made safe for the places Streamlit reads as Markdown (titles, alerts, captions,
    widget labels and radio options): shown as typed, never as an image, a link, HTML, colour
    or formatting.

    For any text from a person or a file that must sit in such a place; where a whole block
    is theirs, `st.text` shows it as it is.
    """
    return _MARKDOWN_SIGNS.sub(r"\\\1", _LINK_STARTS.sub(WORD_JOINER, str(text)))


def standing_note() -> None:
    st.caption(STANDING_NOTE)


def data_key(db: Database, tables: Iterable[str] | None = None) -> tuple:
    """What a cache of anything derived from the database is keyed on: the file and its revision
    (every write changes it), so a rerun after no change reads and builds nothing again.

    With `tables`, the revisions of those tables only: for what is worked out from them alone,
    which a save of other records (a check-in, for the tests on both legs) leaves as it was.
    """
    if tables is None:
        return (str(database_path()), store.revision(db))
    return (str(database_path()), store.table_revisions(db, tables))


_READS = memo.Kept(64)
"""What `cached_read` keeps: the newest result of each reader and options, with the revision(s)
it was read at. Kept as it is, not pickled as `st.cache_data` keeps a result: pickling and
unpickling a small frame cost more than reading it again."""


def cached_read(
    read: Callable[..., T], db: Database, *, tables: Iterable[str] | None = None, **options: Any
) -> T:
    """`read(db, **options)`, computed once per database revision and options.

    For anything derived from the whole history (weekly summaries, suggestions): a rerun that
    changed nothing in the database returns the stored result, a copy the page may change.
    Options must be plain values (dates, numbers, text, None); `today` belongs among them.
    `tables`, when given, must name every table `read` reads: the result is then kept until one
    of those changes (see `data_key`).
    """
    name = f"{read.__module__}.{read.__qualname__}"
    # The revision is read before the data, so a write in between only makes the kept result
    # newer than its key, never older.
    key = data_key(db, tables)
    return _READS.get_current(
        (key[0], name, tuple(sorted(options.items()))), key, lambda: read(db, **options)
    )


def kept_reads(db: Database) -> Callable[..., Any]:
    """`cached_read` as the reader caller `trends.Read` asks for: each frame kept until one of
    the tables its reader names changes."""

    def read(reader: Callable[..., Any], tables: Iterable[str], **options: Any) -> Any:
        return cached_read(reader, db, tables=tables, **options)

    return read


# altair's theme and data-transformer switches are process-wide; chart pages run in one thread
# per browser session.
_ALTAIR_SWITCHES = threading.Lock()


def _frames_by_name(data: Any, frames: dict[str, Any]) -> dict[str, str]:
    """An altair data transformer: keep each chart frame whole under a content-derived name."""
    name = f"data-{memo.content_key(data)}"
    frames[name] = _as_arrow(data)
    return {"name": name}


def _as_arrow(frame: Any) -> Any:
    """A frame as the Arrow stream `st.vega_lite_chart` sends, so a cached chart costs no
    conversion on rerun; one pyarrow cannot take as it is stays a frame, for Streamlit to fix."""
    if not isinstance(frame, pd.DataFrame):
        return frame
    try:
        table = pa.Table.from_pandas(frame)
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError, OverflowError):
        return frame
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


@functools.cache
def _altair() -> Any:
    """altair, loaded on the first chart rather than with the first page (Home draws none),
    with HamTrack's data transformer registered."""
    import altair as alt

    alt.data_transformers.register("hamtrack_frames", _frames_by_name)
    return alt


def vega_lite_spec(chart: alt.TopLevelMixin) -> dict:
    """The Vega-Lite spec `st.altair_chart` would draw for `chart`, its frames under `datasets`.

    Like `st.altair_chart`: no altair default theme (its fixed 300 px view fights the page
    width) and the data as Arrow, typed (dates stay dates), not as altair's JSON rows;
    `st.vega_lite_chart` sends Arrow datasets as they are.
    """
    alt = _altair()
    frames: dict[str, Any] = {}
    with _ALTAIR_SWITCHES:
        theme = alt.theme.enable("none") if alt.theme.active == "default" else nullcontext()
        with theme, alt.data_transformers.enable("hamtrack_frames", frames=frames):
            # Not validated again on every build: tests/test_charts.py validates every chart
            # function's output against the Vega-Lite schema, and validating took a third of
            # turning a built chart into its spec.
            spec = chart.to_dict(validate=False)
    spec["datasets"] = {**spec.get("datasets", {}), **frames}
    return spec


@st.cache_data(show_spinner=False, max_entries=128)
def _chart_spec(
    name: str, key: Hashable, _build: Callable[..., Any], _args: tuple, _kwargs: dict
) -> dict:
    # Keyed on the builder's name and the caller's key only, so a rerun after no change costs
    # one lookup. After a save the key changes for every chart, but most charts' data did not:
    # those are found by their data's fingerprint instead of being built again (building an
    # altair chart and validating it is most of a chart page's rerun).
    fingerprint = memo.content_key((_args, sorted(_kwargs.items())))
    return _chart_spec_of_data(name, fingerprint, _build, _args, _kwargs)


@st.cache_data(show_spinner=False, max_entries=128)
def _chart_spec_of_data(
    name: str, fingerprint: str, _build: Callable[..., Any], _args: tuple, _kwargs: dict
) -> dict:
    from hamtrack.charts import ChartParts

    built = _build(*_args, **_kwargs)
    return parts_spec(built) if isinstance(built, ChartParts) else vega_lite_spec(built)


_LAYOUTS = memo.Kept(64)
"""Layouts' specs by shape: after a save a chart's shape is almost always the one before."""

_STAND_IN = "hamtrack-frame-"


def _layout_spec(parts: charts.ChartParts) -> tuple[str, dict[str, Any]]:
    """The spec of `parts`' layout with named stand-ins for its frames, as JSON text, and the
    datasets the layout brings itself (a constant zone)."""
    alt = _altair()
    stand_ins = {role: alt.NamedData(name=_STAND_IN + role) for role in parts.frames}
    spec = vega_lite_spec(parts.layout(parts.shape, stand_ins))
    constants = spec.pop("datasets")
    return json.dumps(spec), constants


def parts_spec(parts: charts.ChartParts) -> dict:
    """`vega_lite_spec(parts.chart())`, with the layout's spec kept per shape: a chart whose
    rows changed and whose shape did not turns only its frames into data again (laying out
    and converting an altair chart is most of what drawing it costs)."""
    layout = (parts.layout.__module__, parts.layout.__qualname__, parts.shape, *parts.frames)
    text, constants = _LAYOUTS.get(layout, lambda: _layout_spec(parts))
    datasets = dict(constants)
    for role, frame in parts.frames.items():
        # Named as _frames_by_name names a frame the chart carries itself.
        name = f"data-{memo.content_key(frame)}"
        text = text.replace(json.dumps(_STAND_IN + role), json.dumps(name))
        datasets[name] = _as_arrow(frame)
    spec = json.loads(text)
    spec["datasets"] = datasets
    return spec


def altair_chart(
    key: Hashable,
    build: Callable[..., Any],
    *args: Any,
    width: str | int = "stretch",
    alt: str | None = None,
    **kwargs: Any,
) -> None:
    """Draw the altair chart `build(*args, **kwargs)`, built again only when `key` changes.
    `build` may return the chart's `charts.ChartParts` instead: its layout is then kept per
    shape and a change of rows costs only the rows (`parts_spec`).

    `alt` is the chart in words (what it shows and its latest values): the accessible name
    screen readers announce, whichever way the chart is drawn.

    `key` must name everything the chart's inputs depend on, such as
    `(*ui.data_key(db), weeks_shown, today)`. Draws what `st.altair_chart` would: the same
    Vega-Lite spec and Arrow data, through Streamlit's public `st.vega_lite_chart`.
    """
    name = f"{build.__module__}.{build.__qualname__}"
    spec = _chart_spec(name, key, build, args, kwargs)
    if alt is not None:
        # alt replaces the chart's own description as its accessible name; leaving both makes
        # Streamlit log a warning with a stack trace on every draw.
        spec = {k: v for k, v in spec.items() if k != "description"}
    st.vega_lite_chart(spec=spec, width=width, alt=alt)


LOADED_AFTER_THE_FIRST_PAGE = (
    "hamtrack.charts",
    "hamtrack.trends_view",
    "hamtrack.progression",
    "hamtrack.plan",
)
"""What the other pages need and the first one does not: loaded in the background once the
first page has drawn, so neither that page nor the first click to Trends waits for it. The
summary's renderers (fpdf2, and fontTools, which measures the charts' words) are left until a
summary is asked for: they cost memory a person who never downloads one should not pay."""

_warm_up_started = threading.Event()
_warm_up_claim = threading.Lock()


def _claim_the_warm_up() -> bool:
    """True for the one caller per server that is to warm up."""
    with _warm_up_claim:
        if _warm_up_started.is_set():
            return False
        _warm_up_started.set()
        return True


def load_the_other_pages_in_background() -> None:
    """Once per server, after the first page has drawn: load what the other pages need, and
    draw one tiny chart so altair's schema is read, in a thread of its own (unless `hamtrack
    app` has done it while the browser connected: see `warm_up`)."""
    if _claim_the_warm_up():
        threading.Thread(target=_warm_up, name="hamtrack-warm-up", daemon=True).start()


def warm_up() -> None:
    """What `load_the_other_pages_in_background` does, now, in the caller's thread: `hamtrack
    app` calls it as soon as the server accepts connections, so nothing of it is left to share
    the interpreter with the first page or the first click."""
    if _claim_the_warm_up():
        _warm_up()


def _warm_up() -> None:
    for name in LOADED_AFTER_THE_FIRST_PAGE:
        importlib.import_module(name)
    alt = _altair()
    with _ALTAIR_SWITCHES:
        alt.Chart(pd.DataFrame({"x": [0]})).mark_point().encode(x="x:Q").to_dict()
    if not gc.get_freeze_count():
        # Under a plain `streamlit run` (`hamtrack app` has done it at start): what the imports
        # made is left out of the full collection Streamlit runs after every script run.
        gc.collect()
        gc.freeze()


def drawing(svg: str, *, width: int, into: Any = None) -> None:
    """Draw one of our SVG drawings with its own <title> as the text a screen reader says."""
    found = re.search(r"<title[^>]*>(.*?)</title>", svg, re.DOTALL)
    alt = html.unescape(found.group(1)).strip() if found else ""
    (into or st).image(svg, width=width, alt=alt)
