"""Privacy and web safety: nothing leaves the machine, and no user text is run as HTML.

The app runs with its own .streamlit/config.toml and every outside connection routed to a local
recorder standing in for the internet; a browser visits every page of the navigation, recording
each request the pages make. Notes full of HTML and markdown are shown on those pages, and a log
imported from a hostile export, read with a hostile questionnaire file, fetches nothing.
"""

from __future__ import annotations

import datetime as dt
import re
import socket
import threading
import tomllib
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest
from browser_support import chromium_page, menu_hrefs, streamlit_server, wait_idle
from packaging.requirements import Requirement
from packaging.version import Version

import streamlit_workarounds as workarounds
from hamtrack import db as store
from hamtrack import demo
from hamtrack.models import (
    CheckIn,
    ExerciseDone,
    Pause,
    PauseReason,
    Phase,
    QuestionnaireResponse,
    Region,
    Session,
)
from hamtrack.oswestry import default_definition
from hamtrack_menu import menu_pages

PROJECT = Path(__file__).resolve().parent.parent
TODAY = dt.date.today()

# Text a person might paste into a note: it must appear as these very characters, never as an
# element, a link or an image fetched from elsewhere.
HOSTILE_NOTE = "<img src=x onerror=alert(1)> ![t](http://198.51.100.7/t.png) <b>bold?</b>"
TYPED_NOTE = "<img src=x onerror=alert(1)> typed in the box"


class OutboundRecorder:
    """A stand-in for the internet: a local proxy that notes every connection made to it."""

    def __init__(self) -> None:
        self.seen: list[str] = []
        self._socket = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self._socket.getsockname()[1]}"
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self._socket.accept()
            except OSError:
                return
            with conn:
                conn.settimeout(2)
                try:
                    self.seen.append(conn.recv(1024).split(b"\r\n", 1)[0].decode("latin-1"))
                    conn.sendall(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")
                except OSError:
                    self.seen.append("(a connection)")

    def close(self) -> None:
        self._socket.close()


def _seed(path: Path) -> None:
    """A few weeks of a log, with hostile text in every kind of note."""
    db = store.open_database(path)
    store.store_bundle(db, demo.generate(weeks=6, seed=3, today=TODAY), today=TODAY)
    store.add_check_in(
        db,
        CheckIn(
            day=TODAY,
            time=dt.time(0, 1),
            pain=dict.fromkeys(Region, 3),
            stiffness=2,
            note=HOSTILE_NOTE,
        ),
        today=TODAY,
    )
    store.add_session(
        db,
        Session(
            day=TODAY,
            note=HOSTILE_NOTE,
            exercises=(ExerciseDone("bridge", pain_during=2, sets=3, reps=10, note=HOSTILE_NOTE),),
        ),
        today=TODAY,
    )
    definition = default_definition()
    ids = tuple(section.id for section in definition.sections)
    store.add_questionnaire_response(
        db,
        QuestionnaireResponse(
            day=TODAY,
            questionnaire_id=definition.id,
            questionnaire_version=definition.version,
            section_ids=ids,
            answers=(1,) * len(ids),
            note=HOSTILE_NOTE,
        ),
        today=TODAY,
    )
    store.set_phase(db, Phase.FUNCTIONAL, day=TODAY, note=HOSTILE_NOTE, today=TODAY)
    db.conn.close()


@pytest.fixture(scope="module")
def outside() -> Iterator[OutboundRecorder]:
    recorder = OutboundRecorder()
    yield recorder
    recorder.close()


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory, outside: OutboundRecorder) -> Iterator[str]:
    path = tmp_path_factory.mktemp("privacy") / "hamtrack.db"
    _seed(path)
    proxy = dict.fromkeys(("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"), outside.url)
    with streamlit_server(path, extra_env={**proxy, "NO_PROXY": "", "no_proxy": ""}) as url:
        yield url


@pytest.fixture(scope="module")
def browser_page(app: str):
    with chromium_page(width=1280, height=1000) as page:
        yield page


def _open(page, url: str) -> None:
    page.goto(url)
    wait_idle(page)


@pytest.mark.browser
def test_no_page_asks_anything_of_another_host(app: str, browser_page, outside: OutboundRecorder):
    """Every page in the navigation, every tab on it: requests go to the app's own address only."""
    page = browser_page
    own = urlparse(app).netloc
    requests: list[str] = []
    dialogs: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("websocket", lambda ws: requests.append(ws.url))
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    _open(page, app)
    hrefs = menu_hrefs(page)
    assert len(hrefs) == len(menu_pages()), hrefs
    for href in hrefs:
        _open(page, href if "://" in href else f"{app}/{href.lstrip('/')}")
        assert page.get_by_test_id("stException").count() == 0, href
        tabs = page.get_by_role("tab")
        for i in range(tabs.count()):
            tabs.nth(i).click()
            wait_idle(page)
        page.wait_for_timeout(300)  # charts draw after the script has finished

    visited = {urlparse(u).path for u in requests if urlparse(u).netloc == own}
    assert len(visited) > 1
    foreign = sorted(
        {u for u in requests if urlparse(u).scheme not in {"data", "blob"}}
        - {u for u in requests if urlparse(u).netloc == own}
    )
    assert foreign == []
    assert dialogs == []
    assert outside.seen == [], "the server tried to reach another host"


@pytest.mark.browser
def test_hostile_text_in_notes_shows_as_text(app: str, browser_page):
    """HTML and markdown in notes are shown as typed: no image, no link, no script."""
    page = browser_page
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    # Typed into the check-in form and saved, like a person would.
    _open(page, f"{app}/check_in")
    note = page.get_by_test_id("stTextArea").locator("textarea")
    note.fill(TYPED_NOTE)
    note.press("Tab")
    wait_idle(page)
    page.get_by_role("button", name="Save check-in").click()
    # The read-back comes with the rerun the click starts, which may begin after a first idle.
    page.get_by_test_id("stAlertContentSuccess").first.wait_for(timeout=15_000)
    wait_idle(page)
    assert page.get_by_test_id("stAlertContentSuccess").count() == 1

    # History draws its table on a canvas; each of today's entries opens below it as text.
    _open(page, f"{app}/history")
    entry = page.get_by_test_id("stSelectbox")
    entry.click()
    todays = page.get_by_role("option").filter(has_text=f"{TODAY:%a %d %b %Y}")
    todays.first.wait_for()  # the list opens a moment after the click
    labels = [todays.nth(i).inner_text() for i in range(todays.count())]
    page.keyboard.press("Escape")
    shown = []
    for label in labels:
        entry.click()
        page.get_by_role("option", name=label, exact=True).click()
        wait_idle(page)
        assert page.locator("img[src='x']").count() == 0
        assert page.locator("img[src*='198.51.100.7']").count() == 0
        assert page.locator("a[href*='198.51.100.7']").count() == 0
        assert page.locator("[data-testid='stMain'] b:text('bold?')").count() == 0
        shown.append(page.get_by_test_id("stMain").inner_text())
    assert any(TYPED_NOTE in text for text in shown)
    assert sum(HOSTILE_NOTE in text for text in shown) >= 2  # the check-in and the session
    assert dialogs == []


def _websocket_status(app: str, *, host: str, origin: str) -> str:
    """The first line of the server's answer to a WebSocket handshake with these headers."""
    address = urlparse(app)
    with socket.create_connection((address.hostname, address.port), timeout=10) as conn:
        conn.sendall(
            (
                f"GET /_stcore/stream HTTP/1.1\r\nHost: {host}\r\nUpgrade: websocket\r\n"
                "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                f"Sec-WebSocket-Version: 13\r\nOrigin: {origin}\r\n\r\n"
            ).encode()
        )
        return conn.recv(200).split(b"\r\n", 1)[0].decode()


@pytest.mark.browser
def test_a_page_from_elsewhere_cannot_connect_and_causes_no_outside_request(
    app: str, browser_page, outside: OutboundRecorder
):
    """DNS rebinding and cross-site pages are turned away, without the server phoning out.

    (Streamlit looks up the machine's public address when an unknown origin knocks;
    `hamtrack app` pins that answer before the server starts, so the check stays on the
    machine: see tests/test_hamtrack_server.py for a fresh server.)
    """
    _open(browser_page, app)
    port = urlparse(app).port
    assert "101" in _websocket_status(app, host=f"127.0.0.1:{port}", origin=app)
    rebound = _websocket_status(
        app, host=f"evil.example:{port}", origin=f"http://evil.example:{port}"
    )
    assert "403" in rebound
    cross_site = _websocket_status(app, host=f"127.0.0.1:{port}", origin="http://evil.example")
    assert "403" in cross_site
    assert outside.seen == []


# ---------------------------------------------------------------------------------------------
# Text from files: every text column brought in by import, and a clinic's questionnaire file.

EVIL = "evil.example"


def hostile(where: str) -> str:
    """Markdown and HTML that would fetch from another host if it were drawn, not shown."""
    return (
        f"![q](http://{EVIL}/{where}.png) <img src=http://{EVIL}/{where}-tag.png> "
        f"[link](http://{EVIL}/{where}) :red[{where}] **{where}**"
    )


def _hostile_export(files: dict[str, bytes]) -> dict[str, bytes]:
    """An export with a hostile string in every text column a person or a file can fill."""
    import csv
    import io

    columns = {
        "check_ins.csv": ["note"],
        "session_exercises.csv": ["session_note", "note"],
        "questionnaire_responses.csv": ["questionnaire_id", "note"],
        "phase_changes.csv": ["note"],
        "pauses.csv": ["note"],
    }
    changed = dict(files)
    for name, texts in columns.items():
        rows = list(csv.DictReader(io.StringIO(files[name].decode("utf-8"))))
        for row in rows:
            for column in texts:
                # An id holds at most 80 characters: the image alone, as in the report.
                row[column] = (
                    f"![q](http://{EVIL}/qid.png)"
                    if column == "questionnaire_id"
                    else hostile(f"{name.split('.')[0]}-{column}")
                )
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(rows)
        changed[name] = out.getvalue().encode("utf-8")
    return changed


def _hostile_questionnaire(folder: Path) -> Path:
    """A clinic's definition file with Markdown images in its title, topics and statements."""
    import json

    shipped = PROJECT / "hamtrack" / "data" / "oswestry_style.toml"
    definition = tomllib.loads(shipped.read_text(encoding="utf-8"))
    definition["title"] = hostile("title")
    definition["instructions"] = hostile("instructions")
    for number, section in enumerate(definition["section"]):
        section["title"] = hostile(f"section-{number}")
        section["statements"] = [
            hostile(f"statement-{number}-{score}") for score in range(len(section["statements"]))
        ]
    path = folder / "clinic-questionnaire.json"
    path.write_text(json.dumps(definition), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def hostile_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app on a log imported from a hostile export, with a hostile questionnaire file."""
    from hamtrack import exchange

    folder = tmp_path_factory.mktemp("hostile")
    source = store.open_database(folder / "source.db")
    store.store_bundle(source, demo.generate(weeks=6, seed=3, today=TODAY), today=TODAY)
    store.add_pause(
        source,
        Pause(
            TODAY - dt.timedelta(days=40), TODAY - dt.timedelta(days=38), PauseReason.ILLNESS, "x"
        ),
    )
    files = _hostile_export(exchange.export_files(source))
    source.conn.close()
    path = folder / "hamtrack.db"
    db = store.open_database(path)
    exchange.import_files(db, exchange.read_zip(exchange.zip_bytes(files)), today=TODAY)
    db.conn.close()
    questionnaire = _hostile_questionnaire(folder)
    with streamlit_server(path, extra_env={"HAMTRACK_QUESTIONNAIRE": str(questionnaire)}) as url:
        yield url


def _open_everything(page) -> None:
    """Open every tab and expander, so everything a page can show is drawn."""
    for kind in ("tab", "expander"):
        opened = 0
        while True:
            # Opening one can rerun the page and redraw the others: find them again each time.
            found = (
                page.get_by_role("tab")
                if kind == "tab"
                else page.get_by_test_id("stExpander").locator("summary")
            )
            if opened >= found.count():
                break
            target = found.nth(opened)
            if target.is_visible():
                target.click()
                wait_idle(page)
            opened += 1


@pytest.mark.browser
def test_hostile_text_from_files_fetches_nothing_on_any_page(hostile_app: str, browser_page):
    """Imported notes and questionnaire ids, and a clinic's questionnaire file, are shown as
    text on every page: no image, link or styling of theirs, and no request to another host."""
    own = urlparse(hostile_app).netloc
    foreign: list[str] = []
    problems: list[str] = []

    def guard(route) -> None:
        # Nothing may leave the machine even while this test fails: note it, refuse it.
        if urlparse(route.request.url).netloc == own or route.request.url.startswith("data:"):
            route.continue_()
        else:
            foreign.append(route.request.url)
            route.abort()

    page = browser_page
    page.route("**/*", guard)
    try:
        _open(page, hostile_app)
        hrefs = menu_hrefs(page)
        assert len(hrefs) == len(menu_pages()), "the walk visits every page of the menu"
        for href in hrefs:
            _open(page, href if "://" in href else f"{hostile_app}/{href.lstrip('/')}")
            _open_everything(page)
            if "questionnaire" in href:  # and "Change a past questionnaire", with its id
                edits = page.get_by_role("button", name="Edit")
                assert edits.count(), "the imported questionnaires are listed"
                edits.first.click()
                wait_idle(page)
                _open_everything(page)
            page.wait_for_timeout(300)
            main = page.get_by_test_id("stMain")
            drawn = {
                "error boxes": page.get_by_test_id("stException").count(),
                "their images": main.locator(f"img[src*='{EVIL}']").count(),
                "their links": main.locator(f"a[href*='{EVIL}']").count(),
                "their bold": main.locator("strong")
                .filter(has_text=re.compile("^[a-z_0-9-]+$"))
                .count(),
            }
            problems += [f"{href}: {what}" for what, count in drawn.items() if count]
            for tag in ("img", "a"):
                for element in main.locator(f"{tag}[src*='{EVIL}'], {tag}[href*='{EVIL}']").all():
                    problems.append(f"  in: {element.evaluate('e => e.parentElement.outerHTML')}")
            seen_foreign = sorted(set(foreign))
            if seen_foreign:
                problems.append(f"{href}: asked {seen_foreign}")
                foreign.clear()
    finally:
        page.unroute("**/*", guard)
    assert problems == [], "\n".join(problems)


# ---------------------------------------------------------------------------------------------
# The settings the above depends on, as Streamlit itself reads them.


def test_the_server_listens_on_this_machine_only_and_keeps_its_guards():
    config = tomllib.loads((PROJECT / ".streamlit" / "config.toml").read_text())
    server = config["server"]
    assert server["address"] == "127.0.0.1"
    assert server["allowedHosts"]
    assert set(server["allowedHosts"]) <= {"127.0.0.1", "localhost"}
    assert server.get("enableXsrfProtection", True) is True
    assert server.get("enableCORS", True) is True
    assert config["browser"]["gatherUsageStats"] is False


def test_streamlit_is_pinned_to_a_version_with_the_security_fixes():
    import streamlit

    project = tomllib.loads((PROJECT / "pyproject.toml").read_text())["project"]
    pins = [Requirement(r) for r in project["dependencies"] if r.startswith("streamlit")]
    assert len(pins) == 1
    assert not pins[0].specifier.contains("1.53.9")
    assert pins[0].specifier.contains("1.54.0")
    assert Version(streamlit.__version__) >= Version("1.54")


def test_no_page_hands_text_to_the_browser_as_html():
    """unsafe_allow_html is never used, and st.html only ever gets one of our own constants;
    only the frame's chart code preload runs a script, which names Streamlit's own files."""
    offenders = []
    sources = [
        PROJECT / "streamlit_app.py",
        PROJECT / "hamtrack_ui.py",
        *PROJECT.glob("pages/*.py"),
    ]
    for path in sources:
        for number, line in enumerate(path.read_text().splitlines(), 1):
            html_call = re.search(r"\bst\.html\((.*)", line)
            our_script = "st.html(CHART_CODE_PRELOAD, unsafe_allow_javascript=True)"
            if "unsafe_allow_html" in line or (
                html_call
                and not re.match(r"[A-Z][A-Z0-9_]*\)", html_call.group(1))
                and not (path.name == "streamlit_app.py" and line.strip() == our_script)
            ):
                offenders.append(f"{path.name}:{number}: {line.strip()}")
    assert offenders == []
    script = workarounds.chart_code_preload()
    assert script is not None
    # Nothing in it but our own code and the chunks' names, each a file Streamlit serves.
    names = re.findall(r'"([^"]+\.js)"', script)
    assert sorted(names) == sorted(workarounds.preloaded_files())
    assert all((workarounds.STATIC_SCRIPTS / name).is_file() for name in names)
    assert "http" not in script
