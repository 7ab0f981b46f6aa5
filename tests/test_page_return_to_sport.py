"""Return to sport: tests on both legs entered in one form, refused in words when wrong, their
symmetry, the running warning and the checklist (docs/rules.md §9)."""

import datetime as dt

from hamtrack import db as store
from hamtrack.injury import InjuryCause, InjuryProfile
from hamtrack.models import Phase, Side
from hamtrack.return_to_sport import Leg, Measure, MeasureKind, RunningEntry, StrengthUnit

PAGE = "pages/return_to_sport.py"
TODAY = dt.date.today()


def number(at, label):
    return next(n for n in at.number_input if n.label == label)


def submit(at, label):
    return next(b for b in at.button if b.label == label)


def set_profile(db, side=Side.RIGHT):
    store.save_injury_profile(
        db, InjuryProfile(side, TODAY - dt.timedelta(days=40), InjuryCause.SPRINTING), today=TODAY
    )


def page_text(at) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [e.value for e in (*at.info, *at.warning, *at.error, *at.success)]
    return "\n".join(parts)


def test_without_a_profile_the_page_invites_one_and_still_takes_tests(open_app, fresh_db):
    at = open_app(PAGE)
    assert not at.exception
    assert at.title[0].value == "Return to sport"
    assert any("which hamstring is injured" in i.value for i in at.info)
    number(at, "Bridge, left leg (repetitions)").set_value(20)
    submit(at, "Save the tests").click().run()
    assert not at.exception
    assert [s.value for s in store.measures(fresh_db)] == [
        Measure(TODAY, Leg.LEFT, MeasureKind.BRIDGE, 20)
    ]
    assert any("Saved 1 result" in s.value for s in at.success)


def test_tests_on_both_legs_are_saved_and_the_symmetry_shown(open_app, fresh_db):
    set_profile(fresh_db)
    at = open_app(PAGE)
    number(at, "Bridge, left leg (repetitions)").set_value(22)
    number(at, "Bridge, left leg: pain during (0–10)").set_value(0)
    number(at, "Bridge, right leg (repetitions)").set_value(17)
    number(at, "Bridge, right leg: pain during (0–10)").set_value(1)
    number(at, "Strength, left leg (kg)").set_value(24.0)
    number(at, "Strength, right leg (kg)").set_value(23.5)
    submit(at, "Save the tests").click().run()
    assert not at.exception
    kept = [s.value for s in store.measures(fresh_db)]
    assert len(kept) == 4
    assert store.strength_unit(fresh_db).value == "kg"
    text = page_text(at)
    assert "bridge: 17 right vs 22 left, 77 %; needs 90 %" in text.replace("\\", "")
    assert "strength: 23.5 kg right vs 24 kg left, 98 %" in text.replace("\\", "")
    # One chart per test with both legs measured: strength and bridge.
    assert len(at.get("vega_lite_chart")) == 2
    # The checklist says what the bridge still needs, and never clears anyone.
    assert "Single-leg bridge at least 90 % of the other leg" in text
    assert "cleared" not in text.lower()


def test_a_result_out_of_range_is_refused_in_words_and_nothing_is_saved(open_app, fresh_db):
    set_profile(fresh_db)
    at = open_app(PAGE)
    number(at, "Bridge, left leg (repetitions)").set_value(250)
    number(at, "Bridge, right leg (repetitions)").set_value(20)
    number(at, "Knee extension, right leg: pain during (0–10)").set_value(3)
    submit(at, "Save the tests").click().run()
    assert not at.exception
    error = at.error[0].value
    assert "Nothing was saved" in error
    assert "Bridge repetitions must be from 0 to 200 (got 250)" in error.replace("\\", "")
    assert "give the result too" in error
    assert store.measures(fresh_db) == []
    # The entry stays on screen to correct.
    assert number(at, "Bridge, left leg (repetitions)").value == 250


def test_an_empty_form_is_refused_with_a_message(open_app, fresh_db):
    at = open_app(PAGE)
    submit(at, "Save the tests").click().run()
    assert "Enter at least one result" in at.error[0].value
    assert store.measures(fresh_db) == []


def test_a_fast_run_before_pain_free_jogging_is_saved_with_the_warning(open_app, fresh_db):
    """docs/rules.md §9: running above 70 % comes after pain-free jogging; a warning otherwise."""
    set_profile(fresh_db)
    store.add_running_entry(
        fresh_db, RunningEntry(TODAY - dt.timedelta(days=2), "jog-walk", 40, 3), today=TODAY
    )
    at = open_app(PAGE)
    at.selectbox(key="running_step").set_value("build-up-90").run()
    # Shown before the run, where the step is chosen.
    assert any("comes only after jogging without pain" in w.value for w in at.warning)
    number(at, "Pain during the run (0–10)").set_value(1)
    submit(at, "Save the run").click().run()
    assert not at.exception
    runs = [s.value for s in store.running_entries(fresh_db)]
    assert runs[-1] == RunningEntry(TODAY, "build-up-90", 90, 1)
    assert any("Saved: Build-ups at 90 % effort" in s.value for s in at.success)
    assert any("hurt 3/10" in w.value for w in at.warning)


def test_a_run_without_its_pain_is_refused(open_app, fresh_db):
    at = open_app(PAGE)
    submit(at, "Save the run").click().run()
    assert "Give the pain during the run" in at.error[0].value
    assert store.running_entries(fresh_db) == []


def test_the_checklist_shows_every_criterion_with_what_is_missing(open_app, fresh_db):
    set_profile(fresh_db)
    store.set_phase(fresh_db, Phase.FUNCTIONAL, day=TODAY - dt.timedelta(days=3), today=TODAY)
    at = open_app(PAGE)
    text = page_text(at)
    assert "0 of 6 criteria are met in your logs" in text
    assert "Running: no running logged yet" in text.replace("\\", "")
    # Functional retraining with no tests yet: the first tests are due now.
    assert any("Time for your first tests on both legs" in i.value for i in at.info)


def test_both_hamstrings_injured_gives_no_index_and_says_why(open_app, fresh_db):
    set_profile(fresh_db, Side.BOTH)
    store.add_measures(
        fresh_db,
        [
            Measure(TODAY, Leg.LEFT, MeasureKind.BRIDGE, 20, pain=0),
            Measure(TODAY, Leg.RIGHT, MeasureKind.BRIDGE, 15, pain=0),
        ],
        today=TODAY,
    )
    at = open_app(PAGE)
    assert not at.exception
    assert any("no uninjured leg" in i.value for i in at.info)
    assert not at.get("vega_lite_chart")


def test_a_mistyped_result_or_run_can_be_deleted_and_the_others_stay(open_app, fresh_db):
    set_profile(fresh_db)
    store.add_measures(
        fresh_db,
        [
            Measure(TODAY, Leg.LEFT, MeasureKind.BRIDGE, 22, pain=0),
            Measure(TODAY, Leg.RIGHT, MeasureKind.BRIDGE, 170, pain=0),
        ],
        today=TODAY,
    )
    store.add_running_entry(fresh_db, RunningEntry(TODAY, "jog-walk", 40, 0), today=TODAY)
    at = open_app(PAGE)
    choice = at.selectbox(key="delete_test")
    assert choice.value.value.value == 170  # the latest entry is offered first
    at.button(key="delete_test_button").click().run()
    assert not at.exception
    assert [s.value.value for s in store.measures(fresh_db)] == [22]
    assert any("Deleted" in s.value for s in at.success)
    at.button(key="delete_run_button").click().run()
    assert store.running_entries(fresh_db) == []


def test_the_dynamometer_unit_is_chosen_once_with_the_first_strength_test(open_app, fresh_db):
    """docs/rules.md §9: strength in one unit per person, the unit of the first strength test."""
    at = open_app(PAGE)
    at.radio(key="strength_unit").set_value(StrengthUnit.NEWTON).run()
    number(at, "Strength, left leg (N)").set_value(250.0)
    submit(at, "Save the tests").click().run()
    assert not at.exception
    assert store.strength_unit(fresh_db).value == "N"
    at = open_app(PAGE)
    assert not at.radio  # no choice any more
    assert number(at, "Strength, left leg (N)")
