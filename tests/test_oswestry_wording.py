"""The shipped questionnaire's wording is our own (docs/rules.md §6): no statement copies the
published form or differs from one of its sentences by a single word, and no two of our own
statements are the same or one word apart."""

from __future__ import annotations

import hashlib
import itertools
import re
from pathlib import Path

import pytest

from hamtrack import oswestry

DIGESTS = Path(__file__).resolve().parent / "fixtures" / "published_odi_sentence_digests.txt"


def words(sentence: str) -> list[str]:
    """Lower-case words and numbers (1.5 and 1/2 stay whole); punctuation is not a word."""
    return re.findall(r"[a-z0-9]+(?:[./][0-9]+)?", sentence.lower())


def near(sentence: str) -> set[str]:
    """The sentence and every version of it with one word left out.

    Two sentences one word apart (a word swapped, added or left out) share one of these.
    """
    ws = words(sentence)
    return {" ".join(ws)} | {" ".join(ws[:i] + ws[i + 1 :]) for i in range(len(ws))}


def digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def published() -> set[str]:
    lines = DIGESTS.read_text("utf-8").splitlines()
    return {line for line in lines if line and not line.startswith("#")}


STATEMENTS = [
    (section.id, level, text)
    for section in oswestry.packaged_definition().sections
    for level, text in enumerate(section.statements)
]


@pytest.mark.parametrize(
    ("a", "b", "one_apart"),
    [
        ("Pain wakes me now and then.", "Pain wakes me now and again.", True),
        ("Pain wakes me now and then.", "Pain wakes me, now and then!", True),
        ("Pain wakes me now and then.", "Pain often wakes me now and then.", True),
        ("Pain wakes me now and then.", "Pain wakes now and then.", True),
        ("Pain wakes me now and then.", "Pain rarely wakes me now.", False),
        ("Walking about 1.5 km is my limit.", "Walking about 800 m is my limit.", False),
    ],
)
def test_one_word_apart_means_one_word_swapped_added_or_left_out(a, b, one_apart):
    assert bool(near(a) & near(b)) is one_apart


def test_the_digests_are_there():
    assert len(published()) > 500


@pytest.mark.parametrize(("section", "level", "text"), STATEMENTS)
def test_no_statement_copies_or_nearly_copies_the_published_form(section, level, text):
    assert not {digest(v) for v in near(text)} & published(), (
        f"{section} statement {level} is a published sentence or one word from one: rewrite it"
    )


def test_no_two_of_our_statements_are_the_same_or_one_word_apart():
    close = [
        (a[:2], b[:2]) for a, b in itertools.combinations(STATEMENTS, 2) if near(a[2]) & near(b[2])
    ]
    assert close == []


def test_the_wording_is_version_2_of_our_own_definition():
    definition = oswestry.packaged_definition()
    assert (definition.id, definition.version) == ("hamtrack-oswestry-style", "2")
