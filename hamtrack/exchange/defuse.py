"""Formula defusing (OWASP "CSV injection"): text a spreadsheet would run gets one leading
apostrophe on export, and import removes exactly that apostrophe."""

from __future__ import annotations

FORMULA_STARTS = frozenset("=+-@\t\r\n\x00＝＋－＠")
"""A cell starting with one of these (after spaces) may be run as a formula by a spreadsheet."""


def needs_apostrophe(text: str) -> bool:
    """True when `text` is written with a leading apostrophe.

    That is when a spreadsheet could take it for a formula, and also when it already starts with
    apostrophes in front of such a text: otherwise import could not tell the person's own
    apostrophe from the added one.
    """
    rest = text.lstrip(" ")
    while rest.startswith("'"):
        rest = rest[1:].lstrip(" ")
    return rest[:1] in FORMULA_STARTS and rest != ""


def defuse(text: str) -> str:
    """The text as written to a CSV cell: with one leading apostrophe when it needs one."""
    return "'" + text if needs_apostrophe(text) else text


def restore(cell: str) -> str:
    """The text a CSV cell holds, with the apostrophe `defuse` added (and only that) removed."""
    if cell.startswith("'") and needs_apostrophe(cell[1:]):
        return cell[1:]
    return cell
