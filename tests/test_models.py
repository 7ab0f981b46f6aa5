"""Record values refuse out-of-range input with a message, whatever the widgets allowed."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hamtrack.models import (
    EARLIEST_DAY,
    CheckIn,
    ExerciseDone,
    Pause,
    PauseReason,
    Phase,
    ProgrammeExercise,
    QuestionnaireResponse,
    Region,
    Session,
    ValidationError,
    check_not_future,
    check_not_too_early,
    check_weekly_target,
    pain_band,
)
from hamtrack.records import PhaseChange

DAY = dt.date(2026, 3, 2)


def check_in(**changes) -> CheckIn:
    fields = {
        "day": DAY,
        "time": dt.time(8, 30),
        "pain": dict.fromkeys(Region, 2),
        "stiffness": 3,
    }
    return CheckIn(**{**fields, **changes})


@pytest.mark.parametrize(
    ("pain", "band"),
    [
        (0, "none"),
        (1, "mild"),
        (3, "mild"),
        (4, "moderate"),
        (6, "moderate"),
        (7, "severe"),
        (10, "severe"),
        (3.9, "mild"),
        (6.5, "moderate"),
    ],
)
def test_pain_bands_follow_nrs11(pain, band):
    assert pain_band(pain) == band


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"pain": {Region.LEFT_HAMSTRING: 11, Region.RIGHT_HAMSTRING: 0, Region.LOW_BACK: 0}},
            "Left hamstring pain must be from 0 to 10 (got 11).",
        ),
        (
            {"pain": {Region.LEFT_HAMSTRING: -1, Region.RIGHT_HAMSTRING: 0, Region.LOW_BACK: 0}},
            "Left hamstring pain must be from 0 to 10 (got -1).",
        ),
        (
            {"pain": {Region.LEFT_HAMSTRING: 2.5, Region.RIGHT_HAMSTRING: 0, Region.LOW_BACK: 0}},
            "Left hamstring pain must be a whole number from 0 to 10 (got 2.5).",
        ),
        ({"pain": {Region.LEFT_HAMSTRING: 1}}, "Pain needs a score for each region"),
        ({"stiffness": True}, "Stiffness must be a whole number"),
        ({"stiffness": 12}, "Stiffness must be from 0 to 10 (got 12)."),
        ({"note": "x" * 2001}, "keep it under 2000"),
        ({"note": "a\x00b"}, "NUL"),
        ({"red_flags": frozenset({"made_up"})}, "Unknown warning sign(s): made_up."),
        ({"day": "2026-03-02"}, "The date must be a calendar date"),
    ],
)
def test_check_in_refuses_each_bad_value_with_a_message(changes, message):
    with pytest.raises(ValidationError) as refused:
        check_in(**changes)
    assert any(message in problem for problem in refused.value.problems)


def test_check_in_pain_is_the_highest_region():
    ci = check_in(pain={Region.LEFT_HAMSTRING: 2, Region.RIGHT_HAMSTRING: 6, Region.LOW_BACK: 4})
    assert ci.worst_pain == 6


def test_every_problem_is_reported_at_once():
    with pytest.raises(ValidationError) as refused:
        check_in(stiffness=20, note="x" * 3000)
    assert len(refused.value.problems) == 2


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"exercise": "bridge", "pain_during": 3}, "give the reps or the hold"),
        ({"exercise": "cartwheel", "pain_during": 3, "reps": 5}, "Unknown exercise"),
        ({"exercise": "bridge", "pain_during": 3, "reps": 0}, "reps must be from 1 to 100"),
        ({"exercise": "bridge", "pain_during": 3, "reps": 10, "sets": 21}, "sets must be from 1"),
        ({"exercise": "bridge", "pain_during": 3, "reps": 10, "band_level": 6}, "band level"),
        ({"exercise": "wall-stretch", "pain_during": 3, "hold_s": 601}, "hold seconds"),
        ({"exercise": "bridge", "pain_during": 11, "reps": 10}, "pain during must be from 0"),
        ({"exercise": "bridge", "pain_during": 1, "reps": 10, "side": "middle"}, "side must be"),
    ],
)
def test_exercise_done_refuses_bad_doses(fields, message):
    with pytest.raises(ValidationError) as refused:
        ExerciseDone(**fields)
    assert any(message in p for p in refused.value.problems)


def test_a_session_needs_at_least_one_exercise():
    with pytest.raises(ValidationError, match="at least one exercise"):
        Session(day=DAY, exercises=())


def test_questionnaire_answers_must_be_0_to_5_or_skipped():
    with pytest.raises(ValidationError, match="Answer to s2"):
        QuestionnaireResponse(
            day=DAY,
            questionnaire_id="q",
            questionnaire_version="1",
            section_ids=("s1", "s2"),
            answers=(0, 6),
        )


@pytest.mark.parametrize(
    ("start", "end", "ok"),
    [
        (DAY, DAY, True),
        (DAY, DAY + dt.timedelta(days=3), True),
        (DAY, DAY - dt.timedelta(1), False),
    ],
)
def test_a_pause_cannot_end_before_it_starts(start, end, ok):
    if ok:
        assert Pause(start=start, end=end, reason=PauseReason.HOLIDAY).covers(start)
    else:
        with pytest.raises(ValidationError, match="cannot end before"):
            Pause(start=start, end=end, reason=PauseReason.HOLIDAY)


@pytest.mark.parametrize(
    ("target", "ok"), [(1, True), (7, True), (0, False), (8, False), ("3", False)]
)
def test_weekly_target_is_1_to_7(target, ok):
    if ok:
        assert check_weekly_target(target) == target
    else:
        with pytest.raises(ValidationError):
            check_weekly_target(target)


def test_a_future_day_is_refused_and_today_is_fine():
    assert check_not_future(DAY, today=DAY) == []
    assert "in the future" in check_not_future(DAY + dt.timedelta(1), today=DAY)[0]


@given(
    pain=st.dictionaries(st.sampled_from(list(Region)), st.integers(-5, 15), min_size=3),
    stiffness=st.one_of(st.integers(-5, 15), st.floats(allow_nan=True), st.text(max_size=3)),
)
def test_check_in_either_holds_valid_values_or_refuses(pain, stiffness):
    """Property: a CheckIn that constructs has every value in range; a refusal says why."""
    problems: tuple[str, ...] = ()
    try:
        ci = check_in(pain=pain, stiffness=stiffness)
    except ValidationError as refused:
        problems = refused.problems
        ci = None
    if ci is None:
        assert problems
    else:
        assert all(0 <= v <= 10 for v in ci.pain.values())
        assert isinstance(ci.stiffness, int)
        assert 0 <= ci.stiffness <= 10


# ---------------------------------------------------------------------------------------------
# The earliest day: a date before 2000-01-01 is a mistyped year, refused by every record.


def _session(day: dt.date) -> Session:
    return Session(day=day, exercises=(ExerciseDone("bridge", pain_during=1, reps=10),))


def _response(day: dt.date) -> QuestionnaireResponse:
    return QuestionnaireResponse(
        day=day, questionnaire_id="q", questionnaire_version="1", section_ids=("a",), answers=(1,)
    )


def _pause(day: dt.date) -> Pause:
    return Pause(start=day, end=day + dt.timedelta(days=2), reason=PauseReason.HOLIDAY)


def _programme(day: dt.date) -> ProgrammeExercise:
    return ProgrammeExercise("bridge", sets=3, reps=10, added_on=day)


RECORDS = [
    pytest.param(lambda day: check_in(day=day), id="check-in"),
    pytest.param(_session, id="session"),
    pytest.param(_response, id="questionnaire"),
    pytest.param(_pause, id="pause"),
    pytest.param(_programme, id="programme exercise"),
    pytest.param(lambda day: PhaseChange(day, Phase.EARLY_REHAB), id="phase change"),
]


@pytest.mark.parametrize("make", RECORDS)
@pytest.mark.parametrize(
    "day", [dt.date(1999, 12, 31), dt.date(1900, 1, 1), dt.date(1, 1, 1)], ids=str
)
def test_a_record_dated_before_the_earliest_day_is_refused_in_words(make, day: dt.date):
    with pytest.raises(ValidationError) as refused:
        make(day)
    assert any(
        day.isoformat() in p and "earliest day HamTrack keeps" in p for p in refused.value.problems
    )


@pytest.mark.parametrize("make", RECORDS)
def test_a_record_on_the_earliest_day_is_kept(make):
    assert make(dt.date(2000, 1, 1)) is not None
    assert make(EARLIEST_DAY) is not None


def test_check_not_too_early_names_what_it_checks():
    assert check_not_too_early(dt.date(1900, 1, 1), what="The phase change") == [
        "The phase change 1900-01-01 is before 01 January 2000, the earliest day HamTrack "
        "keeps; check the year."
    ]
    assert check_not_too_early(dt.date(2000, 1, 1)) == []
