"""Suggestions to move on a phase, step back, or get a review, from the logged weeks.

The phase a person is in is their choice; the suggestions here only explain what the logged
weeks show, with the numbers they used, and are applied by the person, never by HamTrack itself
(docs/rules.md §7).
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

import pandas as pd
from sqlite_utils import Database

from hamtrack import db as store
from hamtrack import flags, trends
from hamtrack.adherence import WeekStatus, sessions_against_target
from hamtrack.enums import Phase
from hamtrack.flags import Flag, breach_days, day_text
from hamtrack.return_to_sport import (
    NO_PROFILE_REASON,
    CriterionResult,
    Status,
    all_criteria_met,
)
from hamtrack.return_to_sport_view import read_checklist
from hamtrack.weeks import monday_of, week_starts

EXERCISE_PAIN_GOAL = 2.0
"""Mean pain during exercise at or below this, with the other criteria, suggests moving on (§7)."""

STEP_BACK_DAYS = 2
"""Breaches on this many different days of one week suggest stepping back a phase (§7)."""

REVIEW_WEEKS = 8
"""Weeks read back for the suggestions: two complete weeks for moving on, and the persistent-pain
rule's six weeks before the last complete one, with a week to spare."""


@dataclass(frozen=True, slots=True)
class WeekSummary:
    """What one week (Monday to Sunday) shows, as the progression rules need it.

    `session_days` of `sessions_needed` decide `target_met` (docs/rules.md §5); `breaches` are
    the pain-monitoring flags of the week (§3) since the current phase began;
    `exercise_pain_mean` is the mean pain during exercises over `exercises_logged` exercises.
    """

    start: dt.date
    target_met: bool
    session_days: int = 0
    sessions_needed: int = 0
    breaches: tuple[Flag, ...] = ()
    exercises_logged: int = 0
    exercise_pain_mean: float | None = None

    @property
    def breach_days(self) -> dict[dt.date, list[Flag]]:
        """The week's breaches by the day they happened on (one bad session is one day)."""
        return breach_days(self.breaches)


class SuggestionKind(enum.StrEnum):
    NEXT_PHASE = "next_phase"
    STEP_BACK = "step_back"
    SEE_PROFESSIONAL = "see_professional"


@dataclass(frozen=True, slots=True)
class Suggestion:
    """Something the logged weeks suggest, with the reasons; `phase` is where it would move to."""

    kind: SuggestionKind
    title: str
    reasons: tuple[str, ...]
    phase: Phase | None = None


def _week_name(start: dt.date) -> str:
    return f"the week of {start.day} {start:%B}"


def _next(phase: Phase) -> Phase | None:
    order = list(Phase)
    return order[phase.order + 1] if phase.order + 1 < len(order) else None


def _previous(phase: Phase) -> Phase | None:
    return list(Phase)[phase.order - 1] if phase.order > 0 else None


def suggest_next_phase(
    weeks: Iterable[WeekSummary],
    *,
    phase: Phase | None,
    phase_since: dt.date | None,
    today: dt.date,
) -> Suggestion | None:
    """Suggest the next phase when the last two complete weeks, both in this phase, met §7.

    Criteria: weekly target met in both, no pain-monitoring flag, and mean pain during
    exercise of 2 or less over the two weeks. The reasons give the numbers used.
    """
    if phase is None or phase_since is None or _next(phase) is None:
        return None
    this_week = monday_of(today)
    starts = [this_week - dt.timedelta(days=14), this_week - dt.timedelta(days=7)]
    if phase_since > starts[0]:
        return None
    found = {w.start: w for w in weeks}
    if any(s not in found for s in starts):
        return None
    pair = [found[s] for s in starts]
    logged = sum(w.exercises_logged for w in pair)
    if not all(w.target_met for w in pair) or any(w.breaches for w in pair) or logged == 0:
        return None
    mean = sum((w.exercise_pain_mean or 0.0) * w.exercises_logged for w in pair) / logged
    if mean > EXERCISE_PAIN_GOAL:
        return None
    target = _next(phase)
    assert target is not None
    days = "; ".join(
        f"{_week_name(w.start)}: {w.session_days} of {w.sessions_needed} days" for w in pair
    )
    return Suggestion(
        SuggestionKind.NEXT_PHASE,
        f"You may be ready for the {target.label.lower()} phase",
        (
            f"You met your weekly session target in both of the last two weeks ({days}).",
            "There were no pain-monitoring flags in those two weeks.",
            f"Pain during your exercises averaged {mean:.1f} out of 10 over {logged} exercises "
            f"(the aim is {EXERCISE_PAIN_GOAL:.0f} or less).",
        ),
        target,
    )


def gate_return_to_sport(
    suggestion: Suggestion | None, checklist: Sequence[CriterionResult]
) -> Suggestion | None:
    """Moving into the return-to-sport phase needs the checklist met (docs/rules.md §9).

    A suggestion to move into that phase keeps its reasons and adds each criterion with the
    entry that meets it. When a criterion is not met (or there is no checklist) it becomes a
    note without a move: the weeks went well, and here is what the checklist still needs.
    """
    if suggestion is None or suggestion.phase is not Phase.RETURN_TO_SPORT:
        return suggestion
    # Before a profile exists several criteria give the one reason: it is said once.
    no_side = [r for r in checklist if r.text.endswith(NO_PROFILE_REASON)]
    named = ", ".join(r.criterion.short for r in no_side)
    criteria = tuple(
        f"{result.status.label}: {result.text[0].upper()}{result.text[1:]}."
        for result in checklist
        if result not in no_side
    ) + (
        (f"{Status.MISSING.label}: {named.capitalize()}: {NO_PROFILE_REASON}.",) if no_side else ()
    )
    if all_criteria_met(checklist):
        return replace(
            suggestion,
            reasons=(
                *suggestion.reasons,
                *criteria,
                "Your logs meet the criteria a physiotherapist uses before a return to sport; "
                "agree the move with them.",
            ),
        )
    return Suggestion(
        SuggestionKind.NEXT_PHASE,
        "Your weeks went well; the return-to-sport checklist comes next",
        (
            *suggestion.reasons,
            "Moving into the return-to-sport phase also needs every criterion of the "
            "checklist met (see Return to sport):",
            *criteria,
        )
        if criteria
        else (*suggestion.reasons, "The return-to-sport checklist has not been read yet."),
    )


def _breach_words(day: dt.date, flags: list[Flag]) -> str:
    facts = []
    for flag in flags:
        if flag.exercise is not None:
            facts.append(flag.detail.split(": ", 1)[-1].rstrip("."))
        else:
            facts.append(flag.detail.rstrip("."))
    return f"{day_text(day)} ({'; '.join(dict.fromkeys(facts))})"


def suggest_step_back(
    weeks: Iterable[WeekSummary],
    *,
    phase: Phase | None,
    phase_since: dt.date | None,
    today: dt.date,
) -> Suggestion | None:
    """Suggest the phase before after breaches on two different days of one week (this week or
    last): one bad session with two painful exercises is one day (docs/rules.md §7).

    Only breaches in the current phase count (WeekSummary holds only those): once a person
    changes phase, earlier warnings no longer argue for a change. In the acute phase there is
    nothing gentler, so the suggestion is to get advice instead.
    """
    if phase is None:
        return None
    this_week = monday_of(today)
    recent = [
        w
        for w in weeks
        if w.start in (this_week, this_week - dt.timedelta(days=7))
        and len(w.breach_days) >= STEP_BACK_DAYS
    ]
    if not recent:
        return None
    worst = max(recent, key=lambda w: (len(w.breach_days), w.start))
    days = worst.breach_days
    reason = (
        f"Pain warnings on {len(days)} different days in {_week_name(worst.start)}: "
        + ", ".join(_breach_words(day, flags) for day, flags in days.items())
        + "."
    )
    before = _previous(phase)
    if before is None:
        return Suggestion(
            SuggestionKind.SEE_PROFESSIONAL,
            "Your exercises are causing too much pain: please get advice",
            (
                reason,
                "You are already in the gentlest phase, so a physiotherapist or doctor "
                "should look at what you are doing.",
            ),
        )
    return Suggestion(
        SuggestionKind.STEP_BACK,
        f"Consider stepping back to the {before.label.lower()} phase for now",
        (
            reason,
            "Gentler exercises for a while let the hamstring settle before you build up again.",
        ),
        before,
    )


def suggest_review(persistent: Flag | None) -> Suggestion | None:
    """Suggest a professional review when the persistent-pain rule (docs/rules.md §4) fires,
    in the rule's own words and numbers (hamtrack.flags.persistent_pain)."""
    if persistent is None:
        return None
    return Suggestion(
        SuggestionKind.SEE_PROFESSIONAL,
        "Your pain is not easing: a professional review would help",
        (
            persistent.detail,
            "A physiotherapist or doctor can check what is going on and adjust your plan.",
        ),
    )


def suggestions(
    weeks: Sequence[WeekSummary],
    *,
    phase: Phase | None,
    phase_since: dt.date | None,
    today: dt.date,
    persistent: Flag | None = None,
    checklist: Sequence[CriterionResult] = (),
) -> tuple[Suggestion, ...]:
    """Every suggestion the weeks support: stepping back outranks moving on; a review adds.

    Moving on into the return-to-sport phase also needs `checklist` met (`gate_return_to_sport`).
    """
    found = []
    back = suggest_step_back(weeks, phase=phase, phase_since=phase_since, today=today)
    if back is not None:
        found.append(back)
    else:
        forward = gate_return_to_sport(
            suggest_next_phase(weeks, phase=phase, phase_since=phase_since, today=today),
            checklist,
        )
        if forward is not None:
            found.append(forward)
    review = suggest_review(persistent)
    if review is not None:
        found.append(review)
    return tuple(found)


# ---------------------------------------------------------------------------------------------
# Reading the weeks from the logs, through the adherence, trends and flags modules.


def phase_since(changes: Iterable[tuple[dt.date, Phase]]) -> dt.date | None:
    """The first day of the current phase: repeated changes to the same phase do not restart it.

    `changes` are (day, phase) pairs oldest first, as the phase history holds them.
    """
    since, current = None, None
    for day, phase in changes:
        if Phase(phase) != current:
            since, current = day, Phase(phase)
    return since


@dataclass(frozen=True, slots=True)
class LoggedWeeks:
    """The weeks the suggestions judge, and the persistent-pain verdict over them."""

    weeks: tuple[WeekSummary, ...]
    persistent: Flag | None


def logged_weeks(db: Database, *, today: dt.date, since: dt.date | None = None) -> LoggedWeeks:
    """The weeks the progression rules look at: the last REVIEW_WEEKS complete ones and this one.

    Reads only those weeks (and one before, for the flags that compare with it) and hands them
    to hamtrack.adherence, hamtrack.trends and hamtrack.flags, so the suggestions judge targets,
    pain and breaches exactly as the Trends page shows them. Breaches are counted only from
    `since` on (the first day of the current phase).
    """
    logged_from = store.first_logged_day(db)
    if logged_from is None or logged_from > today:
        return LoggedWeeks((), None)
    first = max(monday_of(today) - dt.timedelta(weeks=REVIEW_WEEKS), logged_from)
    read_from = monday_of(first) - dt.timedelta(weeks=1)
    daily = store.daily_pain_frame(db, since=read_from, until=today)
    exercises = store.session_exercises_frame(db, since=read_from, until=today)
    adherence = sessions_against_target(
        store.session_days_frame(db, until=today),
        tuple(saved.value for saved in store.pauses(db)),
        target=store.get_profile(db).weekly_target,
        first_day=logged_from,
        today=today,
    )
    adherence = adherence[adherence["week_start"] >= pd.Timestamp(monday_of(first))]
    pain = trends.weekly_pain(daily, first=read_from, last=today)
    counted_from = max(first, since) if since is not None else first
    breaches: dict[dt.date, list[Flag]] = {}
    for flag in flags.pain_flags(exercises, daily, since=counted_from, until=today, today=today):
        if flag.kind.breach:
            breaches.setdefault(monday_of(flag.when), []).append(flag)
    pains: dict[dt.date, list[int]] = {}
    if len(exercises):
        mondays = week_starts(exercises["day"])
        for monday, pain_during in zip(mondays, exercises["pain_during"], strict=True):
            pains.setdefault(monday.date(), []).append(int(pain_during))
    weeks = []
    for row in adherence.itertuples():
        start = row.week_start.date()
        logged = pains.get(start, [])
        weeks.append(
            WeekSummary(
                start=start,
                target_met=row.status == WeekStatus.MET,
                session_days=int(row.session_days),
                sessions_needed=int(row.sessions_needed),
                breaches=tuple(breaches.get(start, ())),
                exercises_logged=len(logged),
                exercise_pain_mean=sum(logged) / len(logged) if logged else None,
            )
        )
    return LoggedWeeks(tuple(weeks), flags.persistent_pain(pain, today=today))


@dataclass(frozen=True, slots=True)
class Standing:
    """Where the person stands: their phase, since when, and what the logged weeks suggest."""

    phase: Phase | None
    since: dt.date | None
    suggestions: tuple[Suggestion, ...]


def read_standing(db: Database, *, today: dt.date) -> Standing:
    """The current phase, its first day and the suggestions of the logged weeks."""
    history = store.phase_changes_frame(db)
    changes = [
        (day.date(), Phase(phase))
        for day, phase in zip(history["day"], history["phase"], strict=True)
        if day.date() <= today
    ]
    since = phase_since(changes)
    phase = changes[-1][1] if changes else None
    logged = logged_weeks(db, today=today, since=since)
    return Standing(
        phase,
        since,
        suggestions(
            logged.weeks,
            phase=phase,
            phase_since=since,
            today=today,
            persistent=logged.persistent,
            # Read only where it can matter: the step into the return-to-sport phase.
            checklist=read_checklist(db, today=today) if phase is Phase.FUNCTIONAL else (),
        ),
    )
