"""The exercise library shows every exercise with its drawing, cues and when to stop."""

from hamtrack import db as store
from hamtrack.catalogue import EXERCISES, exercises_for_phase
from hamtrack.exercise_guide import WARM_UP
from hamtrack.models import Phase

PAGE = "pages/library.py"


def shown_exercises(at):
    return [h.value for h in at.subheader if h.value in {e.name for e in EXERCISES.values()}]


def test_every_exercise_is_shown_with_drawing_cues_and_a_stop_warning(open_app, fresh_db):
    at = open_app(PAGE)
    assert not at.exception
    assert shown_exercises(at) == [e.name for e in EXERCISES.values()]
    images = at.get("image")
    assert len(images) == len(EXERCISES)
    assert all(img.value[0].startswith("data:image/svg+xml") for img in images)
    stops = [w.value for w in at.warning if w.value.startswith("**Stop if you notice:**")]
    assert len(stops) == len(EXERCISES)
    text = " ".join(m.value for m in at.markdown)
    for exercise in EXERCISES.values():
        assert exercise.setup in text
        assert exercise.movement in text
        assert exercise.feel in text
        assert exercise.purpose in text


def test_the_warm_up_and_the_summary_table_come_first(open_app, fresh_db):
    at = open_app(PAGE)
    assert WARM_UP in [m.value for m in at.markdown]
    summary = at.table[0].value
    assert list(summary["Exercise"]) == [e.name for e in EXERCISES.values()]
    assert list(summary.columns) == ["Exercise", "What it is for", "When"]
    nordic = summary.set_index("Exercise").loc["Nordic hamstring exercise"]
    assert nordic["When"] == "Return to sport"
    # The names are a column of their own, not the faint index.
    assert at.table[0].proto.hide_index


def test_the_nordic_exercise_shows_its_ten_week_progression(open_app, fresh_db):
    at = open_app(PAGE)
    progression = at.table[1].value
    assert list(progression.index) == ["1", "2", "3", "4", "5–10", "After 10"]
    assert progression["Sessions a week"].tolist() == ["1", "2", "3", "3", "3", "1"]


def test_choosing_a_phase_shows_only_its_exercises(open_app, fresh_db):
    at = open_app(PAGE)
    at.button_group[0].set_value(Phase.ACUTE).run()
    assert shown_exercises(at) == [e.name for e in exercises_for_phase(Phase.ACUTE)]


def test_the_library_opens_on_the_persons_own_phase(open_app, fresh_db, today):
    store.set_phase(fresh_db, Phase.FUNCTIONAL, day=today)
    at = open_app(PAGE)
    assert shown_exercises(at) == [e.name for e in exercises_for_phase(Phase.FUNCTIONAL)]
    assert any("functional retraining" in c.value for c in at.caption)


def test_the_standing_note_is_shown(open_app, fresh_db):
    at = open_app(PAGE)
    assert any("does not replace advice" in c.value for c in at.caption)


def test_choosing_an_exercise_shows_just_that_one_first(open_app, fresh_db):
    """A jump on a long page: the chosen exercise comes right under the picker, alone."""
    at = open_app(PAGE)
    at.selectbox(key="library_exercise").set_value("bridge").run()
    assert shown_exercises(at) == ["Glute bridge"]
    assert not at.table  # the overview waits until the choice is cleared
    at.selectbox(key="library_exercise").set_value(None).run()
    assert len(shown_exercises(at)) == len(EXERCISES)
