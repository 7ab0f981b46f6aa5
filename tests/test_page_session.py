"""The session log saves what was done, asks each exercise's pain, pre-fills the programme,
reads back what it saved, and edits."""

import datetime as dt

from conftest import PROJECT
from fragment_runs import fragments_alone

from hamtrack import db as store
from hamtrack.models import ExerciseDone, ProgrammeExercise, Session
from hamtrack.safety import STANDING_NOTE

PAGE = "pages/session.py"


def save_button(at):
    return next(b for b in at.button if b.key and b.key.startswith("save_"))


def button(at, label: str):
    return next(b for b in at.button if b.label == label)


def pain(at, slug: str):
    return next(p for p in at.pills if p.key.startswith(f"pain_{slug}_"))


def test_a_session_is_saved_with_each_exercise_and_its_dose(open_app, fresh_db):
    at = open_app(PAGE)
    at.multiselect[0].set_value(["bridge", "wall-stretch"]).run()
    inputs = {(n.key.split("_")[0], n.key.split("_")[1]): n for n in at.number_input}
    inputs[("reps", "bridge")].set_value(12)
    inputs[("hold", "wall-stretch")].set_value(40)
    pain(at, "bridge").set_value(2)
    pain(at, "wall-stretch").set_value(0)
    save_button(at).click().run()
    assert not at.exception
    assert "Saved: 2 exercises" in at.success[0].value
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
    pain(at, "bridge").set_value(6).run()
    assert "above the safe limit" in at.warning[0].value
    pain(at, "bridge").set_value(7).run()
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
    pain(at, "bridge").set_value(1)
    first_token = at.session_state["_token_session"]
    save_button(at).click().run()
    button(at, "Log another").click().run()
    at.session_state["_token_session"] = first_token  # a second click from the same form
    at.run()
    at.multiselect[0].set_value(["bridge"]).run()
    pain(at, "bridge").set_value(1)
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
    assert pain(at, "bridge").value == 1
    at.multiselect[0].set_value(["bridge", "straight-leg-raise"]).run()
    pain(at, "straight-leg-raise").set_value(3)
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


def test_a_pain_left_unanswered_is_not_saved_as_no_pain(open_app, fresh_db):
    """Unset is not zero: the session waits until each exercise's pain is chosen."""
    at = open_app(PAGE)
    at.multiselect[0].set_value(["bridge", "wall-stretch"]).run()
    assert pain(at, "bridge").value is None
    pain(at, "bridge").set_value(2)
    save_button(at).click().run()
    assert store.recent_sessions(fresh_db) == []
    assert "Wall hamstring stretch" in at.error[-1].value
    assert "Glute bridge" not in at.error[-1].value
    assert any("or 0 if it did not hurt" in e.value for e in at.error)
    pain(at, "wall-stretch").set_value(0)
    save_button(at).click().run()
    [saved] = store.recent_sessions(fresh_db)
    assert [e.pain_during for e in saved.value.exercises] == [2, 0]


def test_after_saving_a_read_back_offers_edit_and_log_another(open_app, fresh_db):
    store.save_programme(fresh_db, [ProgrammeExercise("bridge", sets=2, reps=8)])
    at = open_app(PAGE)
    pain(at, "bridge").set_value(3)
    save_button(at).click().run()
    [saved] = store.recent_sessions(fresh_db)
    assert at.success[0].value.startswith("Saved: 1 exercise on")
    assert "Glute bridge: 2 × 8 reps, pain 3" in [t.value for t in at.text]
    assert not at.multiselect  # the form waits for "Log another"

    button(at, "Log another").click().run()
    assert at.multiselect[0].value == ["bridge"]
    assert pain(at, "bridge").value is None  # the next entry starts clean

    pain(at, "bridge").set_value(1)
    save_button(at).click().run()
    button(at, "Edit").click().run()
    assert at.title[0].value == "Edit session"
    assert pain(at, "bridge").value == 1
    assert len(store.recent_sessions(fresh_db)) == 2
    assert saved.id in {s.id for s in store.recent_sessions(fresh_db)}


def test_the_nordic_is_not_offered_a_band(open_app, fresh_db):
    at = open_app(PAGE)
    at.multiselect[0].set_value(["nordic-hamstring", "prone-hamstring-curl"]).run()
    assert [s.key.split("_")[1] for s in at.selectbox] == ["prone-hamstring-curl"]
    pain(at, "nordic-hamstring").set_value(2)
    pain(at, "prone-hamstring-curl").set_value(2)
    save_button(at).click().run()
    [saved] = store.recent_sessions(fresh_db)
    assert saved.value.exercises[0].band_level == 0


def test_a_planned_exercise_shows_my_programmes_dose_in_its_words(open_app, fresh_db):
    """The Nordic's line is My programme's own (docs/rules.md §1): one rule, every screen."""
    from hamtrack.nordic import read_nordic_days
    from hamtrack.plan import dose_text, todays_programme

    today = dt.date.today()
    done = [today - dt.timedelta(days=d) for d in (20, 17, 13, 10, 6, 3)]
    for day in done:
        store.add_session(
            fresh_db,
            Session(day, (ExerciseDone("nordic-hamstring", pain_during=2, sets=2, reps=5),)),
        )
    store.save_programme(fresh_db, [ProgrammeExercise("nordic-hamstring", added_on=done[0])])
    at = open_app(PAGE)
    nordic_done = read_nordic_days(fresh_db, until=today - dt.timedelta(days=1))
    [item] = todays_programme(store.programme(fresh_db), today=today, nordic_done=nordic_done)
    target = store.get_profile(fresh_db).weekly_target
    words = dose_text(item, today=today, nordic_done=nordic_done, target=target)
    assert f"My programme: {words}" in [c.value for c in at.caption]
    numbers = {n.key.split("_")[0]: n.value for n in at.number_input}
    assert numbers == {"sets": item.sets, "reps": item.reps}


# The log is one fragment: in a browser a click in it reruns it alone (fragment_runs.py).


def only_the_log_was_drawn(at) -> bool:
    """The frame's menu and the standing note below the fragment were left as they were."""
    return not at.sidebar.get("page_link") and STANDING_NOTE not in [c.value for c in at.caption]


def test_a_save_reruns_the_log_alone_into_its_read_back_then_a_clean_form(open_app, fresh_db):
    store.save_programme(fresh_db, [ProgrammeExercise("bridge", sets=2, reps=8)])
    at = open_app(PAGE)
    first = save_button(at).key
    with fragments_alone(at):
        pain(at, "bridge").set_value(3).run()
        assert only_the_log_was_drawn(at)
        save_button(at).click().run()
    assert not at.exception
    assert only_the_log_was_drawn(at)
    assert at.success[0].value.startswith("Saved: 1 exercise on")
    assert "Glute bridge: 2 × 8 reps, pain 3" in [t.value for t in at.text]

    with fragments_alone(at):
        button(at, "Log another").click().run()
    assert only_the_log_was_drawn(at)
    assert save_button(at).key != first
    assert at.multiselect[0].value == ["bridge"]
    assert pain(at, "bridge").value is None
    assert len(store.recent_sessions(fresh_db)) == 1

    at.switch_page(str(PROJECT / "pages/home.py")).run()
    assert any("· logged today" in m.value for m in at.markdown)


def test_a_nordic_logged_while_the_log_reruns_alone_moves_the_next_dose_on(open_app, fresh_db):
    """What the log shows from the saved history (docs/rules.md §1: the Nordic dose follows the
    Nordic sessions logged) is read again inside it, so the form after a save is current."""
    from hamtrack.nordic import nordic_dose

    monday = dt.date.today() - dt.timedelta(days=dt.date.today().weekday())
    done = [
        monday - dt.timedelta(weeks=3),
        *(monday - dt.timedelta(weeks=2, days=-d) for d in (0, 2)),
        *(monday - dt.timedelta(weeks=1, days=-d) for d in (0, 2, 4)),
    ]
    for day in done[:-1]:
        store.add_session(
            fresh_db,
            Session(day, (ExerciseDone("nordic-hamstring", pain_during=2, sets=2, reps=5),)),
        )
    store.save_programme(
        fresh_db, [ProgrammeExercise("nordic-hamstring", added_on=done[0], reps=5)]
    )
    before, after = (
        nordic_dose(done[:-1], on=dt.date.today()),
        nordic_dose(done, on=dt.date.today()),
    )
    assert (before.sets, before.reps_per_set) != (after.sets, after.reps_per_set)
    at = open_app(PAGE)
    assert {n.key.split("_")[0]: n.value for n in at.number_input} == {
        "sets": before.sets,
        "reps": before.reps_per_set,
    }
    at.date_input[0].set_value(done[-1])
    pain(at, "nordic-hamstring").set_value(2)
    with fragments_alone(at):
        save_button(at).click().run()
        button(at, "Log another").click().run()
    assert not at.exception
    assert only_the_log_was_drawn(at)
    assert {n.key.split("_")[0]: n.value for n in at.number_input} == {
        "sets": after.sets,
        "reps": after.reps_per_set,
    }
