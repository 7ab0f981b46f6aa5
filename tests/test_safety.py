"""Warning signs and exercise pain get advice of the right urgency (docs/rules.md §3, §8)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hamtrack.safety import (
    HISTORY_BY_KEY,
    HISTORY_QUESTIONS,
    RED_FLAGS,
    RED_FLAGS_BY_KEY,
    RETIRED_RED_FLAGS,
    Urgency,
    checklist,
    clinician_notes,
    exercise_pain_advice,
    red_flag_advice,
)


@pytest.mark.parametrize(
    ("urgency", "keys"),
    [
        (
            Urgency.EMERGENCY,
            (
                "both_legs_numb_weak",
                "saddle_numbness",
                "bladder_bowel",
                "sexual_function",
                "calf_and_breathless",
            ),
        ),
        (
            Urgency.SAME_DAY,
            ("calf_swelling", "one_leg_weakening", "fever", "cannot_bear_weight"),
        ),
        (Urgency.SOON, ("weight_loss", "night_pain", "night_sweats", "upper_back_pain")),
    ],
)
def test_the_daily_checklist_holds_these_signs_at_each_level(urgency, keys):
    """docs/rules.md §8: the daily signs and their three levels of urgency."""
    assert tuple(f.key for f in checklist(urgency)) == keys


def test_the_checklist_keys_are_unique_and_fit_the_stored_column():
    keys = [f.key for f in RED_FLAGS + RETIRED_RED_FLAGS] + [q.key for q in HISTORY_QUESTIONS]
    assert len(set(keys)) == len(keys)
    assert all(1 <= len(k) <= 40 for k in keys)


@pytest.mark.parametrize(
    ("retired", "became"),
    [("major_fall", "fall_or_accident"), ("pop_bruising", "pop_with_bruising")],
)
def test_history_signs_leave_the_daily_list_but_old_ticks_still_read(retired, became):
    """docs/rules.md §8: a retired sign keeps its label and points at its history question."""
    assert retired not in {f.key for f in RED_FLAGS}
    flag = RED_FLAGS_BY_KEY[retired]
    assert flag.retired
    assert flag.urgency is None
    assert "My injury" in flag.question
    assert flag.became == became
    assert became in HISTORY_BY_KEY


@pytest.mark.parametrize(
    ("ticked", "urgency", "levels"),
    [
        ((), None, ()),
        (("not_a_flag",), None, ()),
        (("major_fall",), None, ()),
        (("weight_loss",), Urgency.SOON, (Urgency.SOON,)),
        (("fever",), Urgency.SAME_DAY, (Urgency.SAME_DAY,)),
        (("calf_swelling",), Urgency.SAME_DAY, (Urgency.SAME_DAY,)),
        (("calf_and_breathless",), Urgency.EMERGENCY, (Urgency.EMERGENCY,)),
        (("saddle_numbness",), Urgency.EMERGENCY, (Urgency.EMERGENCY,)),
        (("fever", "bladder_bowel"), Urgency.EMERGENCY, (Urgency.EMERGENCY, Urgency.SAME_DAY)),
        (
            ("night_sweats", "cannot_bear_weight"),
            Urgency.SAME_DAY,
            (Urgency.SAME_DAY, Urgency.SOON),
        ),
        (
            ("upper_back_pain", "one_leg_weakening", "sexual_function", "major_fall"),
            Urgency.EMERGENCY,
            (Urgency.EMERGENCY, Urgency.SAME_DAY, Urgency.SOON),
        ),
    ],
)
def test_the_most_urgent_level_leads_and_every_ticked_level_is_named(ticked, urgency, levels):
    advice = red_flag_advice(ticked)
    if urgency is None:
        assert advice is None
        return
    assert advice.urgency is urgency
    assert advice.levels == levels
    assert advice.message.startswith(urgency.message)
    for level in levels[1:]:
        assert level.where in advice.message


@pytest.mark.parametrize(
    ("urgency", "where"),
    [
        (Urgency.EMERGENCY, "emergency department"),
        (Urgency.SAME_DAY, "urgent care"),
        (Urgency.SOON, "within the next few days"),
    ],
)
def test_each_level_says_stop_get_help_and_where(urgency, where):
    assert urgency.message.startswith("Stop your exercises")
    assert "professional help" in urgency.message
    assert where in urgency.message


@pytest.mark.parametrize(
    ("ticked", "lines"),
    [
        ((), 0),
        (("past_cancer",), 1),
        (("pop_with_bruising", "fall_or_accident", "unknown"), 2),
        (tuple(q.key for q in HISTORY_QUESTIONS), len(HISTORY_QUESTIONS)),
    ],
)
def test_any_history_tick_gives_a_standing_note(ticked, lines):
    notes = clinician_notes(ticked)
    assert len(notes) == lines
    assert all("physiotherapist or doctor" in n for n in notes)


def test_a_pop_with_bruising_says_this_week():
    (note,) = clinician_notes(["pop_with_bruising"])
    assert "this week" in note


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


@pytest.mark.parametrize(
    ("urgency", "where"),
    [
        (Urgency.EMERGENCY, "emergency department"),
        (Urgency.SAME_DAY, "urgent care"),
        (Urgency.SOON, "doctor within the next few days"),
    ],
)
def test_each_checklist_group_heading_names_where_to_go(urgency, where):
    assert where in urgency.heading


@pytest.mark.parametrize(
    ("ticked", "lines"),
    [
        ((), ()),
        (("past_cancer",), ("Past history of cancer.",)),
        (
            ("new_back_pain_age", "pop_with_bruising"),
            (
                "A pop at the time of injury with heavy bruising or a palpable gap: possible "
                "tendon avulsion; the person was advised to be examined this week.",
                "New back pain, and under 20 or over 50 years old.",
            ),
        ),
    ],
)
def test_the_summary_names_each_ticked_history_fact_for_the_clinician_in_order(ticked, lines):
    """docs/rules.md §8: the clinician reads the history in their own terms, in a fixed order."""
    from hamtrack.safety import clinician_summary_lines

    assert clinician_summary_lines(ticked) == lines


@settings(max_examples=200, deadline=None)
@given(
    st.frozensets(
        st.sampled_from([f.key for f in RED_FLAGS + RETIRED_RED_FLAGS] + ["unknown"]), max_size=8
    )
)
def test_any_set_of_ticks_gets_one_advice_naming_every_ticked_level(ticked):
    """docs/rules.md §8: the most urgent level leads; no ticked level goes unmentioned."""
    levels = sorted(
        {RED_FLAGS_BY_KEY[k].urgency for k in ticked if k in RED_FLAGS_BY_KEY} - {None},
        key=lambda level: level.rank,
    )
    advice = red_flag_advice(ticked)
    if not levels:
        assert advice is None
        return
    assert advice.levels == tuple(levels)
    assert advice.urgency is levels[0]
    assert advice.message.startswith(levels[0].message)
    assert all(level.where in advice.message for level in levels[1:])
