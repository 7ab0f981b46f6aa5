"""The exercise library as a person reads it: what each exercise is for, when it fits, how to
do it, and the few rules every session follows (docs/rules.md §1)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

from hamtrack.catalogue import EXERCISES, Exercise
from hamtrack.enums import Phase

WARM_UP = (
    "Warm up for five minutes before you start: walk briskly or march on the spot, circle your "
    "hips, and swing each leg gently forwards and back. Your muscles should feel warm, not tired."
)

GOLDEN_RULES = (
    "Move slowly and breathe normally; never bounce into a stretch.",
    "Pain during an exercise may reach 5 out of 10. Above that, make it easier next time.",
    "Pain of 7 or more: stop that exercise and talk to a physiotherapist or doctor.",
    "Pain from a session should have settled by the next morning.",
    "Progress a little at a time: a few more reps, a slightly longer hold or the next band.",
)

STRETCH_HOLD_NOTE = (
    "Holding a stretch for 30 seconds works as well as 60 and better than 15. Aim for about a "
    "minute in total for each stretch."
)

STAGE_CRITERIA = (
    "Before loading the leg harder: a single-leg squat and easy cycling without pain.",
    "Before sprinting: jogging without pain at more than about 70 % of your top speed.",
    "Before going back to your sport: running at full speed and a change-of-direction drill, "
    "both without pain.",
)
"""Published stage criteria (BJSM 2022;56:792), shown for orientation only, never as rules."""

PHASE_DESCRIPTIONS = {
    Phase.ACUTE: (
        "The first days after the injury or a flare-up: walking briskly or stretching hurts. "
        "Gentle stretches and switching the muscle on, nothing more."
    ),
    Phase.EARLY_REHAB: (
        "The worst has settled and walking is comfortable. Start building strength with light "
        "exercises."
    ),
    Phase.FUNCTIONAL: (
        "Everyday movement is easy. Train the buttocks and hamstrings together and steady your "
        "balance."
    ),
    Phase.RETURN_TO_SPORT: (
        "Jogging feels fine and you are getting ready for running, sport or heavy work. This is "
        "where the Nordic exercise comes in."
    ),
}
"""What each phase feels like, to help a person pick theirs (their physiotherapist knows best)."""


def phases_text(exercise: Exercise) -> str:
    """When an exercise fits, in words: 'All phases (gently in acute)' or 'Early rehab'."""
    if set(exercise.phases) == set(Phase):
        text = "All phases"
    else:
        text = ", ".join(p.label for p in exercise.phases)
        text = text[0] + text[1:].lower()
    if exercise.gentle_in:
        gentle = ", ".join(p.label.lower() for p in exercise.gentle_in)
        text += f" (gently in the {gentle} phase)"
    return text


def dose_note(exercise: Exercise) -> str | None:
    """A line of evidence on the dose of this kind of exercise, where there is one."""
    return STRETCH_HOLD_NOTE if exercise.kind == "stretch" else None


def how_to(exercise: Exercise) -> tuple[tuple[str, str], ...]:
    """The cues of an exercise in the order a person reads them: set-up, movement, feel."""
    return (
        ("Getting set", exercise.setup),
        ("The movement", exercise.movement),
        ("What you should feel", exercise.feel),
    )


STOP_LABEL = "Stop if you notice"


@dataclass(frozen=True, slots=True)
class SummaryRow:
    """One line of the summary table: an exercise, what it is for and when it fits."""

    slug: str
    exercise: str
    purpose: str
    phases: str


def summary_table() -> tuple[SummaryRow, ...]:
    """Every exercise of the catalogue with its purpose and phases, in catalogue order."""
    return tuple(SummaryRow(e.slug, e.name, e.purpose, phases_text(e)) for e in EXERCISES.values())


ILLUSTRATION_WIDTH = 360
"""Pixels to show a drawing at: they are drawn for about 300 px; wider only adds empty space."""


@cache
def illustration_svg(slug: str) -> str:
    """The drawing of an exercise as SVG markup (drawn for HamTrack, shipped in the package)."""
    if slug not in EXERCISES:
        raise KeyError(f"No exercise {slug!r} in the catalogue.")
    path = resources.files("hamtrack").joinpath(f"data/illustrations/{slug}.svg")
    return path.read_text("utf-8")
