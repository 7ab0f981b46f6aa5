"""The session log saves what was done, warns on pain, pre-fills the programme, and edits."""

import datetime as dt

from conftest import PROJECT

from hamtrack import db as store
from hamtrack.models import ExerciseDone, ProgrammeExercise, Session

PAGE = "pages/session.py"


def save_button(at):
    return next(b for b in at.button if b.key and b.key.startswith("save_"))


def test_a_session_is_saved_with_each_exercise_and_its_dose(open_app, fresh_db):
    at = open_app(PAGE)
    at.multiselect[0].set_value(["bridge", "wall-stretch"]).run()
    inputs = {(n.key.split("_")[0], n.key.split("_")[1]): n for n in at.number_input}
    inputs[("reps", "bridge")].set_value(12)
    inputs[("hold", "wall-stretch")].set_value(40)
    at.slider[0].set_value(2)
    save_button(at).click().run()
    assert not at.exception
    assert "2 exercise(s)" in at.success[0].value
    [saved] = store.recent_sessions(fresh_db)
    bridge, wall = saved.value.exercises
    assert (bridge.exercise, bridge.reps, bridge.sets, bridge.pain_during) == ("bridge", 12, 3, 2)
    assert (wall.exercise, wall.hold_s, wall.reps) == ("wall-stretch", 40, None)


def test_nothing_picked_is_refused_with_a_message(open_app, fresh_db):
    at = open_app(PAGE)
    save_button(at).click().run()
    assert "Pick at least one exercise" in at.error[0].value
    assert store.recent_sessions(fresh_db) == []


def test_pain_above_five_warns_and_seven_or_more_says_stop(open_app, fresh_db):
    at = open_app(PAGE)
    at.multiselect[0].set_value(["bridge"]).run()
    at.slider[0].set_value(6).run()
    assert "above the safe limit" in at.warning[0].value
    at.slider[0].set_value(7).run()
    assert "Stop doing this exercise" in at.error[0].value


def test_the_programme_is_ticked_in_advance(open_app, fresh_db):
    store.save_programme(
        fresh_db,
        [ProgrammeExercise("prone-hamstring-curl", sets=2, reps=8, band_level=2)],
    )
    at = open_app(PAGE)
    assert at.multiselect[0].value == ["prone-hamstring-curl"]
    reps = next(n for n in at.number_input if n.key.startswith("reps_"))
    assert reps.value == 8
    assert at.selectbox[0].value == 2


def test_saving_twice_with_the_same_form_stores_one_session(open_app, fresh_db):
    at = open_app(PAGE)
    at.multiselect[0].set_value(["bridge"]).run()
    first_token = at.session_state["_token_session"]
    save_button(at).click().run()
    at.session_state["_token_session"] = first_token
    at.run()
    save_button(at).click().run()
    assert len(store.recent_sessions(fresh_db)) == 1


def test_editing_replaces_the_exercises_of_that_session(open_app, fresh_db):
    day = dt.date.today() - dt.timedelta(days=1)
    session_id = store.add_session(
        fresh_db,
        Session(day=day, exercises=(ExerciseDone("bridge", pain_during=1, reps=10, sets=2),)),
    )
    at = open_app()
    at.session_state["edit_session"] = session_id
    at.switch_page(str(PROJECT / PAGE)).run()
    assert at.title[0].value == "Edit session"
    assert at.multiselect[0].value == ["bridge"]
    at.multiselect[0].set_value(["bridge", "straight-leg-raise"]).run()
    save_button(at).click().run()
    assert not at.exception
    edited = store.get_session(fresh_db, session_id)
    assert [e.exercise for e in edited.exercises] == ["bridge", "straight-leg-raise"]
    assert edited.day == day


def test_the_nordic_before_the_late_phase_warns(open_app, fresh_db):
    from hamtrack.models import Phase

    store.set_phase(fresh_db, Phase.EARLY_REHAB, day=dt.date.today())
    at = open_app(PAGE)
    at.multiselect[0].set_value(["nordic-hamstring"]).run()
    assert any("return-to-sport phase" in w.value for w in at.warning)
    store.set_phase(fresh_db, Phase.RETURN_TO_SPORT, day=dt.date.today())
    at.run()
    assert not any("return-to-sport phase" in w.value for w in at.warning)


def test_the_nordic_is_pre_filled_at_the_dose_of_its_next_session(open_app, fresh_db):
    """The Nordic dose follows the Nordic sessions logged (docs/rules.md §1): six sessions over
    three weeks (1, 2, 3) put the next one at week 4's three sets of 8–10."""
    from hamtrack.nordic import nordic_dose

    monday = dt.date.today() - dt.timedelta(days=dt.date.today().weekday())
    done = [
        monday - dt.timedelta(weeks=3),
        *(monday - dt.timedelta(weeks=2, days=-d) for d in (0, 2)),
        *(monday - dt.timedelta(weeks=1, days=-d) for d in (0, 2, 4)),
    ]
    for day in done:
        store.add_session(
            fresh_db,
            Session(day, (ExerciseDone("nordic-hamstring", pain_during=2, sets=2, reps=5),)),
        )
    store.save_programme(
        fresh_db, [ProgrammeExercise("nordic-hamstring", added_on=done[0], reps=5)]
    )
    at = open_app(PAGE)
    dose = nordic_dose(done, on=dt.date.today())
    numbers = {n.key.split("_")[0]: n.value for n in at.number_input}
    assert numbers == {"sets": dose.sets, "reps": dose.reps_per_set}
    assert (dose.week, dose.sets, dose.reps_per_set) == (4, 3, 8)


def _demo_file(path, seed: int):
    from hamtrack import demo

    db = store.open_database(path)
    store.store_bundle(db, demo.generate(weeks=52, seed=seed, today=dt.date.today()))
    db.conn.close()
    return path


def test_an_edit_opened_before_a_restore_is_refused_and_keeps_what_was_typed(
    open_app, db_path, tmp_path
):
    """Restore from the command line while session 25 is open here; Save must not write over
    the restored database's own session 25."""
    _demo_file(db_path, seed=1)
    at = open_app()
    at.session_state["edit_session"] = 25
    at.switch_page(str(PROJECT / PAGE)).run()
    assert at.title[0].value == "Edit session"
    note = next(t for t in at.text_area if t.label.startswith("Note about the session"))
    note.set_value("typed in the tab").run()
    cli_connection = store.connect(db_path)
    store.restore_from(cli_connection, _demo_file(tmp_path / "other.db", seed=2))
    restored = store.get_session(cli_connection, 25)
    save_button(at).click().run()
    assert not at.exception
    assert "changed since you opened it" in at.error[0].value
    assert not at.success
    note = next(t for t in at.text_area if t.label.startswith("Note about the session"))
    assert note.value == "typed in the tab"
    assert store.get_session(cli_connection, 25) == restored
    cli_connection.conn.close()
