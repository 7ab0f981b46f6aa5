"""The fixed choices of HamTrack's records: regions, sides, phases and reasons for a pause.

They live apart from the records (hamtrack.models) so the catalogue, the rules and the records
can all name them without importing each other.
"""

from __future__ import annotations

import enum


class Region(enum.StrEnum):
    """A place that can hurt, scored on its own (people ask to score them separately)."""

    LEFT_HAMSTRING = "left_hamstring"
    RIGHT_HAMSTRING = "right_hamstring"
    LOW_BACK = "low_back"

    @property
    def label(self) -> str:
        return {
            Region.LEFT_HAMSTRING: "Left hamstring",
            Region.RIGHT_HAMSTRING: "Right hamstring",
            Region.LOW_BACK: "Low back",
        }[self]


class Side(enum.StrEnum):
    """Which leg an exercise was done with."""

    BOTH = "both"
    LEFT = "left"
    RIGHT = "right"


class Phase(enum.StrEnum):
    """Rehabilitation phases, in the order a person moves through them."""

    ACUTE = "acute"
    EARLY_REHAB = "early_rehab"
    FUNCTIONAL = "functional"
    RETURN_TO_SPORT = "return_to_sport"

    @property
    def label(self) -> str:
        return {
            Phase.ACUTE: "Acute",
            Phase.EARLY_REHAB: "Early rehab",
            Phase.FUNCTIONAL: "Functional retraining",
            Phase.RETURN_TO_SPORT: "Return to sport",
        }[self]

    @property
    def order(self) -> int:
        return list(Phase).index(self)


class PauseReason(enum.StrEnum):
    """Why a stretch of days should not count against adherence."""

    ILLNESS = "illness"
    HOLIDAY = "holiday"
    FLARE_UP = "flare_up"
    ADVISED_REST = "advised_rest"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            PauseReason.ILLNESS: "Illness",
            PauseReason.HOLIDAY: "Holiday",
            PauseReason.FLARE_UP: "Flare-up",
            PauseReason.ADVISED_REST: "Rest advised by a clinician",
            PauseReason.OTHER: "Other",
        }[self]
