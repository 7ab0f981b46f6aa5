"""What the "Activities I find hard" screen shows: the PSFS score, its change and each activity's.

The rules live in one place each: the score and the meaningful change through the PSFS
definition's scoring rule (`oswestry.score_answers`, `oswestry.is_meaningful`), the comparison
over the activities rated both times and each activity's own baseline in `return_to_sport`
(docs/rules.md §9). This module only puts them in the person's words.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from hamtrack import oswestry
from hamtrack import return_to_sport as rts
from hamtrack.numbers import rounded_text
from hamtrack.weeks import date_text


def score_text(score: Fraction | float | None) -> str:
    """A PSFS score as the screens show it: one decimal when not whole ('6.5', '7'); '–' if none."""
    if score is None:
        return "–"
    return rounded_text(Fraction(score), 1).removesuffix(".0")


def starting_activities(
    responses: Sequence[rts.PsfsResponse], return_activity: str = ""
) -> tuple[str, ...]:
    """The activities to rate next: the same as last time, so the ratings compare; before a
    first rating, the injury profile's activity to return to as the first suggestion."""
    if responses:
        return max(responses, key=lambda r: r.day).activities
    suggestion = " ".join(return_activity.split())[: rts.PSFS_ACTIVITY_MAX_CHARS]
    return (suggestion,) if suggestion else ()


def named_activities(typed: Sequence[str]) -> tuple[str, ...]:
    """The activities as typed, each trimmed, the empty boxes left out."""
    return tuple(" ".join(name.split()) for name in typed if name.strip())


@dataclass(frozen=True, slots=True)
class PsfsSummary:
    """The latest rating beside the first (the baseline) and each activity beside its own."""

    day: dt.date
    score: Fraction | None
    rated: int
    baseline_day: dt.date | None
    change: rts.PsfsChange | None
    activities: tuple[rts.ActivityChange, ...]

    @property
    def is_first(self) -> bool:
        return self.baseline_day is None


def summary(responses: Sequence[rts.PsfsResponse]) -> PsfsSummary | None:
    """How the latest rating compares with the first; None before any rating."""
    if not responses:
        return None
    definition = oswestry.psfs_definition()
    ordered = sorted(responses, key=lambda r: r.day)
    baseline, latest = ordered[0], ordered[-1]
    score = oswestry.score_answers(definition, latest.ratings)
    change = rts.psfs_change(baseline, latest) if len(ordered) > 1 else None
    return PsfsSummary(
        day=latest.day,
        score=None if score is None else Fraction(score),
        rated=sum(r is not None for r in latest.ratings),
        baseline_day=baseline.day if len(ordered) > 1 else None,
        change=change,
        activities=rts.activity_changes(ordered),
    )


def change_sentence(change: rts.PsfsChange, baseline_day: dt.date, *, today: dt.date) -> str:
    """The change of the mean since the first rating, with whether it is big enough to matter
    (the first rating's date carries its year when it was not this year)."""
    meaningful = change.meaningful
    points = change.points
    amount = score_text(abs(points))
    unit = "point" if amount == "1" else "points"
    over = (
        f"over the {len(change.activities)} activities you rated both times"
        if len(change.activities) > 1
        else "on the one activity you rated both times"
    )
    first = date_text(baseline_day, today=today)
    since = f"since your first rating on {first}, {over}"
    if points == 0:
        return f"The same score as your first rating on {first}, {over}."
    if points > 0:
        verdict = (
            "a clear improvement, big enough to matter."
            if meaningful
            else "a small change, within the usual ups and downs."
        )
        return f"Up {amount} {unit} {since}: {verdict}"
    verdict = (
        "a clear change for the worse. If things keep getting harder, talk it over with your "
        "physiotherapist."
        if meaningful
        else "a small change, within the usual ups and downs."
    )
    return f"Down {amount} {unit} {since}: {verdict}"


def activity_line(change: rts.ActivityChange, *, today: dt.date) -> str:
    """One activity against its own first rating, e.g. '4 → 7 (up 3 since 2 May, a clear change)'.

    The activity's name is the person's own: the caller shows it as text.
    """
    if change.baseline_day == change.latest_day:
        return f"{change.latest} of 10 (first rating: your starting point for this one)"
    points = change.points
    if points == 0:
        moved = f"the same as on {date_text(change.baseline_day, today=today)}"
    else:
        direction = "up" if points > 0 else "down"
        moved = f"{direction} {abs(points)} since {date_text(change.baseline_day, today=today)}"
        moved += ", a clear change" if change.meaningful else ", a small change"
    return f"{change.baseline} → {change.latest} of 10 ({moved})"
