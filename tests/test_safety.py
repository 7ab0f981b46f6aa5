"""Warning signs and exercise pain get advice of the right urgency."""

import pytest

from hamtrack.safety import (
    RED_FLAGS,
    Urgency,
    exercise_pain_advice,
    red_flag_advice,
)


def test_the_checklist_covers_both_urgencies_of_domain_section_7():
    assert sum(f.urgency is Urgency.EMERGENCY for f in RED_FLAGS) == 4
    assert sum(f.urgency is Urgency.SOON for f in RED_FLAGS) == 6
    assert len({f.key for f in RED_FLAGS}) == len(RED_FLAGS)


@pytest.mark.parametrize(
    ("ticked", "urgency"),
    [
        ((), None),
        (("fever",), Urgency.SOON),
        (("saddle_numbness",), Urgency.EMERGENCY),
        (("fever", "bladder_bowel"), Urgency.EMERGENCY),
        (("not_a_flag",), None),
    ],
)
def test_the_most_urgent_ticked_sign_decides_the_advice(ticked, urgency):
    advice = red_flag_advice(ticked)
    assert (advice[0] if advice else None) is urgency


@pytest.mark.parametrize(
    ("pain", "says"),
    [
        (0, None),
        (5, None),
        (6, "above the safe limit"),
        (7, "Stop doing this exercise"),
        (10, "Stop doing this exercise"),
    ],
)
def test_exercise_pain_up_to_5_is_fine_above_warns_and_7_says_stop(pain, says):
    advice = exercise_pain_advice("Glute bridge", pain)
    if says is None:
        assert advice is None
    else:
        assert says in advice
        assert "Glute bridge" in advice
