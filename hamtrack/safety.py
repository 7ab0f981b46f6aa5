"""Warning signs and pain limits: when HamTrack tells a person to stop and get help.

HamTrack informs; it never diagnoses. Every message here says what to do next and who to see.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass

EXERCISE_PAIN_LIMIT = 5
"""Pain during an exercise may reach 5 of 10; above that is a breach (domain §4)."""

SEVERE_PAIN = 7
"""Pain of 7 or more during an exercise: stop it and get advice (domain §4)."""

STANDING_NOTE = (
    "HamTrack helps you keep track. It does not diagnose and does not replace advice from your "
    "physiotherapist or doctor."
)


class Urgency(enum.StrEnum):
    """How soon to get help for a warning sign."""

    EMERGENCY = "emergency"
    SOON = "soon"


@dataclass(frozen=True, slots=True)
class RedFlag:
    """A warning sign asked about in the daily check-in."""

    key: str
    question: str
    urgency: Urgency


RED_FLAGS: tuple[RedFlag, ...] = (
    RedFlag(
        "both_legs_numb_weak", "Numbness, tingling or weakness in both legs", Urgency.EMERGENCY
    ),
    RedFlag("saddle_numbness", "Numbness around your genitals or buttocks", Urgency.EMERGENCY),
    RedFlag(
        "bladder_bowel",
        "New trouble passing urine, or you cannot control your bladder or bowel",
        Urgency.EMERGENCY,
    ),
    RedFlag("major_fall", "The pain started after a bad fall or an accident", Urgency.EMERGENCY),
    RedFlag("fever", "A fever or feeling hot and shivery along with back pain", Urgency.SOON),
    RedFlag("weight_loss", "Losing weight without trying", Urgency.SOON),
    RedFlag("night_pain", "Pain that is worse at night and does not ease with rest", Urgency.SOON),
    RedFlag("calf_swelling", "A calf that is swollen, warm or red", Urgency.SOON),
    RedFlag("cannot_bear_weight", "You cannot put weight on the leg", Urgency.SOON),
    RedFlag(
        "pop_bruising",
        "You felt a pop when it happened and now have heavy bruising or a dip in the muscle",
        Urgency.SOON,
    ),
)

RED_FLAGS_BY_KEY = {flag.key: flag for flag in RED_FLAGS}

EMERGENCY_MESSAGE = (
    "Stop your exercises and get medical help now: call your local emergency number or go to an "
    "emergency department. These signs need to be checked urgently."
)
SOON_MESSAGE = (
    "Please pause your exercises and contact your doctor or physiotherapist within the next day "
    "or two to get this checked."
)


def red_flag_advice(keys: Iterable[str]) -> tuple[Urgency, str] | None:
    """The most urgent advice for the ticked warning signs, or None when none is ticked."""
    flags = [RED_FLAGS_BY_KEY[k] for k in keys if k in RED_FLAGS_BY_KEY]
    if not flags:
        return None
    if any(f.urgency is Urgency.EMERGENCY for f in flags):
        return Urgency.EMERGENCY, EMERGENCY_MESSAGE
    return Urgency.SOON, SOON_MESSAGE


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
