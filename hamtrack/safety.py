"""Warning signs and pain limits: when HamTrack tells a person to stop and get help.

HamTrack informs; it never diagnoses. Every message here says what to do next and where to go.
The daily checklist, its three levels of urgency, the history questions asked once and what
happens to signs retired from the daily list are described in docs/rules.md §8.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass

EXERCISE_PAIN_LIMIT = 5
"""Pain during an exercise may reach 5 of 10; above that is a breach (docs/rules.md §3)."""

SEVERE_PAIN = 7
"""Pain of 7 or more during an exercise: stop it and get advice (docs/rules.md §3)."""

STANDING_NOTE = (
    "HamTrack helps you keep track. It does not diagnose and does not replace advice from your "
    "physiotherapist or doctor."
)


class Urgency(enum.StrEnum):
    """How soon to get help for a warning sign, most urgent first."""

    EMERGENCY = "emergency"
    SAME_DAY = "same_day"
    SOON = "soon"

    @property
    def rank(self) -> int:
        """0 for the most urgent level."""
        return list(Urgency).index(self)

    @property
    def heading(self) -> str:
        """The checklist group's heading: the level and where to go."""
        return _HEADINGS[self]

    @property
    def where(self) -> str:
        """Where to go, in a few words."""
        return _WHERE[self]

    @property
    def message(self) -> str:
        """What to do when a sign of this level is ticked: stop, and where to get help."""
        return _MESSAGES[self]


_HEADINGS = {
    Urgency.EMERGENCY: (
        "Emergency: call your emergency number or go to an emergency department now if any of "
        "these is true"
    ),
    Urgency.SAME_DAY: ("Same day: go to urgent care or see a doctor today if any of these is true"),
    Urgency.SOON: "Soon: see a doctor within the next few days if any of these is true",
}
_WHERE = {
    Urgency.EMERGENCY: "your emergency number or an emergency department",
    Urgency.SAME_DAY: "an urgent care centre or a doctor today",
    Urgency.SOON: "a doctor within the next few days",
}
_MESSAGES = {
    Urgency.EMERGENCY: (
        "Stop your exercises and get professional help now: call your emergency number "
        "(999 in the UK, 112 in most of Europe, 911 in North America) or go to an emergency "
        "department. Do not wait to see whether it settles."
    ),
    Urgency.SAME_DAY: (
        "Stop your exercises and get professional help today: go to an urgent care centre or "
        "see a doctor today (in the UK, NHS 111 can tell you where). If it gets much worse "
        "before then, call your emergency number."
    ),
    Urgency.SOON: (
        "Stop your exercises for now and get professional help: book a doctor's appointment "
        "within the next few days to get this checked. If it gets worse, go sooner."
    ),
}


@dataclass(frozen=True, slots=True)
class RedFlag:
    """A warning sign: on the daily checklist (with its urgency) or retired from it.

    A retired sign was asked daily before it moved to the injury profile's history questions
    (docs/rules.md §8). Check-ins that ticked it keep it, and it is still shown and exported;
    it is no longer offered, and it raises no daily advice.
    """

    key: str
    question: str
    urgency: Urgency | None
    became: str | None = None
    """For a retired sign: the key of the history question that took its place."""

    @property
    def retired(self) -> bool:
        return self.urgency is None


RED_FLAGS: tuple[RedFlag, ...] = (
    # Emergency now
    RedFlag(
        "both_legs_numb_weak",
        "Numbness, tingling or weakness in both legs, or sciatica down both legs",
        Urgency.EMERGENCY,
    ),
    RedFlag(
        "saddle_numbness",
        "Numbness around your genitals, buttocks or inner thighs",
        Urgency.EMERGENCY,
    ),
    RedFlag(
        "bladder_bowel",
        "New trouble passing urine, or you cannot control your bladder or bowel",
        Urgency.EMERGENCY,
    ),
    RedFlag(
        "sexual_function",
        "New trouble getting or keeping an erection, or new numbness during sex",
        Urgency.EMERGENCY,
    ),
    RedFlag(
        "calf_and_breathless",
        "A swollen or painful calf and also breathlessness or chest pain",
        Urgency.EMERGENCY,
    ),
    # Same day
    RedFlag(
        "calf_swelling",
        "A calf that is swollen, warm, red or tender to touch",
        Urgency.SAME_DAY,
    ),
    RedFlag(
        "one_leg_weakening",
        "One leg getting weaker, or your foot slapping down or catching as you walk",
        Urgency.SAME_DAY,
    ),
    RedFlag(
        "fever",
        "A fever, shivering or feeling generally unwell along with the pain",
        Urgency.SAME_DAY,
    ),
    RedFlag("cannot_bear_weight", "You cannot put weight on the leg", Urgency.SAME_DAY),
    # Soon
    RedFlag("weight_loss", "Losing weight without trying", Urgency.SOON),
    RedFlag(
        "night_pain",
        "Pain at night that resting and lying down do not ease",
        Urgency.SOON,
    ),
    RedFlag("night_sweats", "Waking up drenched in sweat", Urgency.SOON),
    RedFlag(
        "upper_back_pain",
        "Pain in your upper back, between the shoulder blades",
        Urgency.SOON,
    ),
)
"""The daily checklist, in the order the check-in shows it (docs/rules.md §8)."""

RETIRED_RED_FLAGS: tuple[RedFlag, ...] = (
    RedFlag(
        "major_fall",
        "The pain started after a bad fall or an accident (asked daily until it became a "
        "history question in My injury)",
        None,
        became="fall_or_accident",
    ),
    RedFlag(
        "pop_bruising",
        "A pop when it happened, with heavy bruising or a dip in the muscle (asked daily until "
        "it became a history question in My injury)",
        None,
        became="pop_with_bruising",
    ),
)
"""Signs older check-ins may hold; kept readable, never offered again (docs/rules.md §8)."""

RED_FLAGS_BY_KEY: dict[str, RedFlag] = {f.key: f for f in RED_FLAGS + RETIRED_RED_FLAGS}
"""Every warning sign a stored check-in may hold, daily and retired."""


def checklist(urgency: Urgency) -> tuple[RedFlag, ...]:
    """The daily signs of one level of urgency, in checklist order."""
    return tuple(f for f in RED_FLAGS if f.urgency is urgency)


@dataclass(frozen=True, slots=True)
class Advice:
    """What to do about a set of ticked warning signs."""

    urgency: Urgency
    """The most urgent level ticked: its message leads."""
    ticked: tuple[tuple[Urgency, tuple[RedFlag, ...]], ...]
    """Every ticked level, most urgent first, with its signs."""

    @property
    def levels(self) -> tuple[Urgency, ...]:
        return tuple(level for level, _ in self.ticked)

    @property
    def message(self) -> str:
        """The lead message, then one line naming each less urgent level also ticked."""
        lines = [self.urgency.message]
        for level, signs in self.ticked[1:]:
            lines.append(
                f"You also ticked {_count(len(signs))} that on its own would need "
                f"{level.where}: tell whoever sees you about "
                + ("it." if len(signs) == 1 else "them.")
            )
        return " ".join(lines)


def _count(n: int) -> str:
    return "a sign" if n == 1 else f"{n} signs"


def red_flag_advice(keys: Iterable[str]) -> Advice | None:
    """The advice for the ticked daily warning signs, or None when none is ticked.

    The most urgent level leads and every ticked level is named (docs/rules.md §8). Retired and
    unknown keys raise no advice: they are history, not today's signs.
    """
    ticked = set(keys)
    levels = []
    for level in Urgency:
        signs = tuple(f for f in checklist(level) if f.key in ticked)
        if signs:
            levels.append((level, signs))
    if not levels:
        return None
    return Advice(urgency=levels[0][0], ticked=tuple(levels))


# ---------------------------------------------------------------------------------------------
# History questions: asked once, in the injury profile (docs/rules.md §8 and §9).


@dataclass(frozen=True, slots=True)
class HistoryQuestion:
    """A fact about how the pain began or about the person's health, asked once."""

    key: str
    question: str
    note: str
    """What to tell the person when it is ticked."""
    for_clinician: str
    """The same fact as a clinician reads it on the summary."""


TELL_YOUR_CLINICIAN = "Tell your physiotherapist or doctor about this"

HISTORY_QUESTIONS: tuple[HistoryQuestion, ...] = (
    HistoryQuestion(
        "fall_or_accident",
        "The pain started with a fall, an accident or a high-speed injury",
        f"{TELL_YOUR_CLINICIAN}: an injury with that much force is worth checking for damage "
        "beyond the muscle.",
        "Pain began with a fall, an accident or a high-speed injury.",
    ),
    HistoryQuestion(
        "pop_with_bruising",
        "You felt a pop when it happened, then had heavy bruising or could feel a gap in the "
        "muscle",
        "See a physiotherapist or doctor this week if nobody has examined it yet: a tendon may "
        "have come away from the bone, and if it needs repair that is best done early.",
        "A pop at the time of injury with heavy bruising or a palpable gap: possible tendon "
        "avulsion; the person was advised to be examined this week.",
    ),
    HistoryQuestion(
        "past_cancer",
        "You have had cancer at any time",
        f"{TELL_YOUR_CLINICIAN}, so they can take it into account when they assess your pain.",
        "Past history of cancer.",
    ),
    HistoryQuestion(
        "steroids_or_low_immunity",
        "You have taken steroid tablets for a long time, or your immune system is weakened",
        f"{TELL_YOUR_CLINICIAN}, so they can take it into account when they assess your pain.",
        "Long-term steroid tablets, or a weakened immune system.",
    ),
    HistoryQuestion(
        "injected_drugs",
        "You have ever injected drugs",
        f"{TELL_YOUR_CLINICIAN}, so they can take it into account when they assess your pain.",
        "Has injected drugs.",
    ),
    HistoryQuestion(
        "new_back_pain_age",
        "Your back pain is new and you are under 20 or over 50",
        f"{TELL_YOUR_CLINICIAN}: new back pain at these ages is checked a little more closely.",
        "New back pain, and under 20 or over 50 years old.",
    ),
)

HISTORY_BY_KEY: dict[str, HistoryQuestion] = {q.key: q for q in HISTORY_QUESTIONS}


def clinician_notes(history: Iterable[str]) -> tuple[str, ...]:
    """The standing "tell your clinician" lines for the ticked history questions, in order.

    Empty when nothing is ticked. The profile page and the clinician summary both show these
    (docs/rules.md §8).
    """
    ticked = set(history)
    return tuple(f"{q.question}. {q.note}" for q in HISTORY_QUESTIONS if q.key in ticked)


def clinician_summary_lines(history: Iterable[str]) -> tuple[str, ...]:
    """The ticked history questions as a clinician reads them on the summary, in order."""
    ticked = set(history)
    return tuple(q.for_clinician for q in HISTORY_QUESTIONS if q.key in ticked)


def exercise_pain_advice(exercise_name: str, pain_during: int) -> str | None:
    """What to tell a person about the pain they felt during one exercise, if anything."""
    if pain_during >= SEVERE_PAIN:
        return (
            f"{exercise_name} hurt at {pain_during}/10. Stop doing this exercise for now and talk "
            "to a physiotherapist or doctor before you start it again."
        )
    if pain_during > EXERCISE_PAIN_LIMIT:
        return (
            f"{exercise_name} hurt at {pain_during}/10, above the safe limit of "
            f"{EXERCISE_PAIN_LIMIT}. Next time make it easier: fewer reps, a shorter hold or a "
            "lighter band."
        )
    return None
