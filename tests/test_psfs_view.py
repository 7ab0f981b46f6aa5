"""The words of the "Activities I find hard" screen: the PSFS score, its change and each
activity's, from the rules of docs/rules.md §9."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest

from hamtrack import psfs_view
from hamtrack.return_to_sport import PsfsResponse

FIRST = dt.date(2025, 5, 2)
LATER = dt.date(2025, 5, 16)
NAMES = ("Running", "Stairs", "Kicking")


@pytest.mark.parametrize(
    ("score", "text"),
    [
        (None, "–"),
        (Fraction(7), "7"),
        (Fraction(13, 2), "6.5"),
        (Fraction(27, 4), "6.8"),
        (Fraction(20, 3), "6.7"),
        (Fraction(0), "0"),
    ],
)
def test_a_score_is_shown_to_one_decimal_rounded_half_up(score, text):
    assert psfs_view.score_text(score) == text


@pytest.mark.parametrize(
    ("responses", "return_activity", "expected"),
    [
        ((), "", ()),
        ((), "  Sunday   league football ", ("Sunday league football",)),
        ((), "x" * 100, ("x" * 80,)),
        ((PsfsResponse(FIRST, NAMES, (1, 2, 3)),), "Golf", NAMES),
        (
            (
                PsfsResponse(LATER, (*NAMES, "Golf"), (1, 2, 3, 4)),
                PsfsResponse(FIRST, NAMES, (1, 2, 3)),
            ),
            "",
            (*NAMES, "Golf"),
        ),
    ],
)
def test_the_activities_to_rate_are_last_times_or_the_profiles_activity(
    responses, return_activity, expected
):
    """The activities stay the same from one rating to the next (docs/rules.md §9)."""
    assert psfs_view.starting_activities(responses, return_activity) == expected


def test_empty_boxes_are_left_out_and_names_trimmed():
    assert psfs_view.named_activities(["  Stairs ", "", "  ", "Kick  a ball"]) == (
        "Stairs",
        "Kick a ball",
    )


@pytest.mark.parametrize(
    ("first", "later", "words"),
    [
        (
            (2, 4, 3),
            (4, 6, 5),
            "Up 2 points since your first rating on 2 May, over the 3 "
            "activities you rated both times: a clear improvement, big enough to matter.",
        ),
        (
            (2, 4, 3),
            (3, 5, 4),
            "Up 1 point since your first rating on 2 May, over the 3 "
            "activities you rated both times: a small change, within the usual ups and downs.",
        ),
        (
            (6, 6, 6),
            (4, 4, 4),
            "Down 2 points since your first rating on 2 May, over the 3 "
            "activities you rated both times: a clear change for the worse.",
        ),
        ((2, 4, 3), (2, 4, 3), "The same score as your first rating on 2 May"),
        (
            (2, None, None),
            (4, 9, 9),
            "Up 2 points since your first rating on 2 May, on the one "
            "activity you rated both times: a small change",
        ),
    ],
)
def test_the_change_since_the_first_rating_carries_its_verdict(first, later, words):
    """docs/rules.md §9: 2 points in the mean is meaningful, 3 for one activity."""
    result = psfs_view.summary(
        [PsfsResponse(FIRST, NAMES, first), PsfsResponse(LATER, NAMES, later)]
    )
    sentence = psfs_view.change_sentence(result.change, result.baseline_day, today=LATER)
    assert sentence.startswith(words)


def test_a_first_rating_is_the_baseline_and_each_activity_its_own():
    first = psfs_view.summary([PsfsResponse(FIRST, NAMES, (2, None, 5))])
    assert first.is_first
    assert first.score == Fraction(7, 2)
    assert first.rated == 2
    assert first.change is None
    result = psfs_view.summary(
        [
            PsfsResponse(FIRST, NAMES, (2, None, 5)),
            PsfsResponse(LATER, (*NAMES, "Golf"), (5, 4, 5, 1)),
        ]
    )
    lines = [psfs_view.activity_line(change, today=LATER) for change in result.activities]
    assert lines == [
        "2 → 5 of 10 (up 3 since 2 May, a clear change)",
        "4 of 10 (first rating: your starting point for this one)",
        "5 → 5 of 10 (the same as on 2 May)",
        "1 of 10 (first rating: your starting point for this one)",
    ]
    assert result.change.activities == ("Running", "Kicking")


def test_no_rating_has_no_summary():
    assert psfs_view.summary([]) is None


def test_a_first_rating_of_another_year_is_named_with_its_year():
    """A date of last year never reads like one of this year."""
    result = psfs_view.summary(
        [PsfsResponse(FIRST, NAMES, (2, 4, 3)), PsfsResponse(LATER, NAMES, (6, 8, 7))]
    )
    next_year = dt.date(2026, 1, 5)
    assert "first rating on 2 May 2025," in psfs_view.change_sentence(
        result.change, result.baseline_day, today=next_year
    )
    assert "since 2 May 2025" in psfs_view.activity_line(result.activities[0], today=next_year)
