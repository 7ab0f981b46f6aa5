"""The data dictionary (hamtrack/data/data-dictionary.md), the document people read, offered as
it is.

The document is written by hand for people; tests/test_exchange.py checks that it names every
file and column of `hamtrack.exchange.spec` with its kind, and every key a column may hold.
"""

from __future__ import annotations

from pathlib import Path

DOCUMENT = Path(__file__).resolve().parents[1] / "data" / "data-dictionary.md"
"""Package data: installed with HamTrack however it is installed, as the download offers it."""


def data_dictionary() -> str:
    """The data dictionary of an export, as Markdown: every file and every column."""
    return DOCUMENT.read_text("utf-8")
