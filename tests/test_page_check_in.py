"""The check-in page saves, refuses, edits, and never stores a double click twice."""

import datetime as dt

from hamtrack import db as store
from hamtrack.models import CheckIn, Region

PAGE = "pages/check_in.py"


def save_button(at):
    return next(b for b in at.button if b.key and b.key.startswith("save_"))


def test_a_new_check_in_is_saved_with_every_region(open_app, fresh_db):
    at = open_app(PAGE)
    sliders = {s.label: s for s in at.slider}
    sliders["Left hamstring pain"].set_value(6)
    sliders["Low back pain"].set_value(3)
    sliders["Stiffness"].set_value(4)
    at.text_area[0].input("Stiff after the drive")
    save_button(at).click().run()
    assert not at.exception
    assert "worst pain 6/10" in at.success[0].value
    saved = store.recent_check_ins(fresh_db)
    assert len(saved) == 1
    ci = saved[0].value
    assert ci.pain == {Region.LEFT_HAMSTRING: 6, Region.RIGHT_HAMSTRING: 0, Region.LOW_BACK: 3}
    assert (ci.stiffness, ci.note) == (4, "Stiff after the drive")


def test_saving_twice_with_the_same_form_stores_one_check_in(open_app, fresh_db):
    """A double click can rerun the page with the first click's form: one check-in results."""
    at = open_app(PAGE)
    at.slider[0].set_value(4)
    first_token = at.session_state["_token_check_in"]
    save_button(at).click().run()
    # The second click arrives before the first rerun renewed the form.
    at.session_state["_token_check_in"] = first_token
    at.run()
    at.slider[0].set_value(4)
    save_button(at).click().run()
    assert not at.exception
    assert len(store.recent_check_ins(fresh_db)) == 1


def test_after_a_save_the_form_starts_empty(open_app, fresh_db):
    at = open_app(PAGE)
    at.slider[0].set_value(5)
    first = save_button(at).key
    save_button(at).click().run()
    at.run()
    assert save_button(at).key != first
    assert at.slider[0].value == 0


def test_a_ticked_warning_sign_shows_urgent_advice_before_saving(open_app, fresh_db):
    at = open_app(PAGE)
    next(c for c in at.checkbox if c.key.startswith("flag_bladder_bowel")).check().run()
    assert any("emergency" in e.value for e in at.error)
    save_button(at).click().run()
    assert store.recent_check_ins(fresh_db)[0].value.red_flags == {"bladder_bowel"}


def test_a_see_a_doctor_sign_shows_a_warning_not_an_emergency(open_app, fresh_db):
    at = open_app(PAGE)
    next(c for c in at.checkbox if c.key.startswith("flag_fever")).check().run()
    assert not at.error
    assert any("doctor or physiotherapist" in w.value for w in at.warning)


def test_a_check_in_later_than_now_is_refused_and_nothing_is_saved(open_app, fresh_db, monkeypatch):
    monkeypatch.setenv("HAMTRACK_TODAY", "2026-03-04T10:00")  # the pages' clock (hamtrack_ui.now)
    at = open_app(PAGE)
    later = dt.time(12, 0)
    at.time_input[0].set_value(later)
    save_button(at).click().run()
    assert "Nothing was saved" in at.error[0].value
    assert store.recent_check_ins(fresh_db) == []
    assert at.time_input[0].value == later  # the input stays on screen to correct


def test_editing_changes_the_stored_check_in(open_app, fresh_db):
    day = dt.date.today() - dt.timedelta(days=2)
    check_in_id = store.add_check_in(
        fresh_db,
        CheckIn(day=day, time=dt.time(7, 0), pain=dict.fromkeys(Region, 1), stiffness=1),
    )
    at = open_app()
    at.session_state["edit_check_in"] = check_in_id
    at.switch_page(str(__import__("conftest").PROJECT / PAGE)).run()
    assert at.title[0].value == "Edit check-in"
    assert at.slider[0].value == 1
    at.slider[0].set_value(7)
    save_button(at).click().run()
    assert not at.exception
    stored = store.get_check_in(fresh_db, check_in_id)
    assert stored.pain[Region.LEFT_HAMSTRING] == 7
    assert stored.day == day
    assert len(store.recent_check_ins(fresh_db)) == 1


def _demo_file(path, seed: int):
    from hamtrack import demo

    db = store.open_database(path)
    store.store_bundle(db, demo.generate(weeks=52, seed=seed, today=dt.date.today()))
    db.conn.close()
    return path


def test_an_edit_opened_before_a_restore_is_refused_and_keeps_what_was_typed(
    open_app, db_path, tmp_path
):
    """Restore from the command line while check-in 25 is open here; Save must not write
    over the restored database's own check-in 25."""
    _demo_file(db_path, seed=1)
    at = open_app()
    at.session_state["edit_check_in"] = 25
    at.switch_page(str(__import__("conftest").PROJECT / PAGE)).run()
    assert at.title[0].value == "Edit check-in"
    at.text_area[0].set_value("typed in the tab").run()
    cli_connection = store.connect(db_path)
    store.restore_from(cli_connection, _demo_file(tmp_path / "other.db", seed=2))
    restored = store.get_check_in(cli_connection, 25)
    save_button(at).click().run()
    assert not at.exception
    assert "changed since you opened it" in at.error[0].value
    assert not at.success
    assert at.text_area[0].value == "typed in the tab"
    assert store.get_check_in(cli_connection, 25) == restored
    cli_connection.conn.close()


def test_an_edit_of_a_check_in_a_restore_removed_keeps_what_was_typed(open_app, db_path, tmp_path):
    _demo_file(db_path, seed=1)
    reader = store.connect(db_path)
    newest = next(  # the newest check-in before today, so its time of day is never ahead
        saved.id
        for saved in store.recent_check_ins(reader, limit=20)
        if saved.value.day < dt.date.today()
    )
    reader.conn.close()
    at = open_app()
    at.session_state["edit_check_in"] = newest
    at.switch_page(str(__import__("conftest").PROJECT / PAGE)).run()
    at.text_area[0].set_value("typed in the tab").run()
    cli_connection = store.connect(db_path)
    small = tmp_path / "small.db"
    db = store.open_database(small)
    store.add_check_in(
        db,
        CheckIn(
            day=dt.date.today(), time=dt.time(7, 0), pain=dict.fromkeys(Region, 1), stiffness=1
        ),
    )
    db.conn.close()
    store.restore_from(cli_connection, small)
    at.run()
    assert not at.exception
    assert at.text_area[0].value == "typed in the tab"
    save_button(at).click().run()
    assert "no longer exists" in at.error[0].value
    assert at.text_area[0].value == "typed in the tab"
    assert store.record_counts(cli_connection)["check_ins"] == 1
    cli_connection.conn.close()
