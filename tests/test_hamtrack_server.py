"""`hamtrack app`: nothing leaves the machine from the server's first moment, and listening
beyond this computer is said out loud, on the console and on every page."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from browser_support import NETWORK_WATCH, network_log, streamlit_server

import hamtrack_server as server
from hamtrack import cli


@pytest.mark.parametrize(
    ("address", "reachable"),
    [
        ("127.0.0.1", False),
        ("127.0.0.2", False),
        ("localhost", False),
        ("::1", False),
        ("[::1]", False),
        ("unix:///tmp/hamtrack.sock", False),
        (None, True),  # unset: Streamlit listens on every interface
        ("", True),
        ("0.0.0.0", True),
        ("::", True),
        ("192.168.1.20", True),
        ("my-laptop.local", True),
    ],
)
def test_which_addresses_other_devices_can_reach(address, reachable):
    assert server.reachable_from_other_devices(address) is reachable


def test_the_warning_names_the_address_and_the_missing_password():
    assert "every network interface" in server.exposure_warning("0.0.0.0")
    warning = server.exposure_warning("192.168.1.20")
    assert "192.168.1.20" in warning
    assert "no password" in warning


@pytest.mark.parametrize(
    ("options", "own_welcome"),
    [
        ((), False),
        (("--server.port", "8502"), False),
        (("--server.address", "127.0.0.1"), False),
        (("--server.address", "0.0.0.0"), True),
        (("--server.address=192.168.1.20",), True),
        # The person said which address to show: Streamlit's welcome shows it.
        (("--server.address", "0.0.0.0", "--browser.serverAddress", "192.168.1.20"), False),
    ],
)
def test_streamlits_welcome_is_replaced_only_where_it_would_claim_loopback(options, own_welcome):
    arguments = server.streamlit_arguments(options)
    assert arguments[:2] == ["run", str(server.MAIN_SCRIPT)]
    assert arguments[2 : 2 + len(options)] == list(options)
    assert ("--logger.hideWelcomeMessage" in arguments) is own_welcome


def test_the_app_command_passes_streamlits_options_through(monkeypatch, tmp_path):
    seen = {}

    def serve(options) -> int:
        seen["options"] = options
        return 0

    monkeypatch.setattr(server, "serve", serve)
    monkeypatch.delenv("HAMTRACK_DB", raising=False)
    cli.main(["app", "--db", str(tmp_path / "mine.db"), "--server.port", "8502"])
    assert seen["options"] == ["--server.port", "8502"]
    assert os.environ["HAMTRACK_DB"] == str((tmp_path / "mine.db").resolve())


def test_other_commands_still_refuse_unknown_options(capsys):
    with pytest.raises(SystemExit):
        cli.main(["check", "--server.port", "8502"])
    assert "unrecognized arguments: --server.port" in capsys.readouterr().err


def test_the_network_watch_notes_and_refuses_a_lookup_and_a_connection(tmp_path):
    """The watch the server tests rely on: it sees what would leave the machine, and stops it."""
    log = tmp_path / "network.log"
    probe = (
        "import socket\n"
        "for reach in (lambda: socket.getaddrinfo('checkip.example', 80),\n"
        "              lambda: socket.create_connection(('192.0.2.1', 80), timeout=2)):\n"
        "    try:\n"
        "        reach()\n"
        "    except OSError:\n"
        "        pass\n"
        "socket.getaddrinfo('localhost', 80)\n"
    )
    subprocess.run(
        [sys.executable, "-c", probe],
        env={**os.environ, "PYTHONPATH": str(NETWORK_WATCH), "HAMTRACK_NETWORK_LOG": str(log)},
        check=True,
        timeout=60,
    )
    assert log.read_text().splitlines() == ["lookup checkip.example", "connect 192.0.2.1:80"]


def knock_from_another_origin(url: str) -> bytes:
    """Open the app's WebSocket as a page on another site would; return the status line."""
    parts = urllib.parse.urlsplit(url)
    with socket.create_connection((parts.hostname, parts.port), timeout=30) as knock:
        knock.sendall(
            (
                f"GET /_stcore/stream HTTP/1.1\r\nHost: {parts.netloc}\r\n"
                "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                "Origin: http://evil.example\r\n\r\n"
            ).encode()
        )
        return knock.recv(200).split(b"\r\n")[0]


def test_a_fresh_server_asks_nobody_when_another_site_knocks(db_path: Path):
    """Before any page has run, a WebSocket from a foreign origin is turned away, and the
    server looks nothing up (Streamlit would ask an outside service for its public address)."""
    with streamlit_server(db_path) as url:
        assert knock_from_another_origin(url) == b"HTTP/1.1 403 Forbidden"
        with urllib.request.urlopen(f"{url}/share") as response:
            assert response.status == 200
    # streamlit_server fails the test if anything was noted; say it here too.
    assert not network_log(db_path).exists() or not network_log(db_path).read_text().strip()


def test_listening_on_every_interface_is_said_on_the_console_and_looks_nothing_up(db_path):
    log = db_path.with_suffix(".server.log")
    with streamlit_server(db_path, options=("--server.address", "0.0.0.0")) as url:
        assert knock_from_another_origin(url) == b"HTTP/1.1 403 Forbidden"
    console = " ".join(log.read_text().split())
    assert "WARNING: HamTrack is open to other devices on your network" in console
    assert "every network interface" in console
    assert "no password" in console
    assert "On this computer: http://localhost:" in console
    assert "URL: http://127.0.0.1" not in console  # Streamlit's welcome, from config.toml


def test_a_starting_server_loads_the_pages_modules_but_no_summary_renderer():
    """`hamtrack app` imports what the pages need while the browser connects, then leaves what
    lives as long as the server out of later garbage collections; it never loads the summary's
    renderers, nor a module that makes Streamlit caches before the runtime exists; Arrow's
    arrays are allocated where freed memory goes back to the system."""
    code = (
        "import gc, sys, hamtrack_server as server\n"
        "server.load_the_pages_in_background().join(120)\n"
        "print(all(m in sys.modules for m in server.LOADED_WHILE_THE_BROWSER_CONNECTS))\n"
        "print(sorted(m for m in ('fontTools', 'fpdf', 'icalendar', 'hamtrack_ui') "
        "if m in sys.modules))\n"
        "print(gc.get_freeze_count() > 0)\n"
        "import pyarrow\n"
        "print(pyarrow.default_memory_pool().backend_name)\n"
    )
    found = subprocess.run(
        [sys.executable, "-c", code],
        cwd=Path(server.__file__).parent,
        capture_output=True,
        text=True,
        timeout=180,
        check=True,
    )
    assert found.stdout.split() == ["True", "[]", "True", "system"]
