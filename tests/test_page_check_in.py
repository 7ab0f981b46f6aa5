"""The check-in page saves, reads back, refuses, edits, never stores a double click twice, and
shows the warning-sign checklist open (docs/rules.md §8)."""

import datetime as dt
import time

import pytest
from fragment_runs import fragments_alone, problems

from hamtrack import db as store
from hamtrack.injury import InjuryCause, InjuryProfile
from hamtrack.models import CheckIn, Region, Side
from hamtrack.safety import RED_FLAGS, STANDING_NOTE, Urgency

PAGE = "pages/check_in.py"


def save_button(at):
    return next(b for b in at.button if b.key and b.key.startswith("save_"))


def button(at, label):
    """A read-back button, clicked as a person would: not within a double click of saving."""
    at.session_state["check_in_saved_at"] = time.monotonic() - 5
    return next(b for b in at.button if b.label == label)


def flag_box(at, key):
    return next(c for c in at.checkbox if c.key.startswith(f"flag_{key}_"))


def test_a_new_check_in_is_saved_with_every_region(open_app, fresh_db):
    """Each slider's label names both ends of its scale: a slider shows them only on hover."""
    at = open_app(PAGE)
    sliders = {s.label: s for s in at.slider}
    sliders["Left hamstring pain (0 none, 10 worst)"].set_value(6)
    sliders["Low back pain (0 none, 10 worst)"].set_value(3)
    sliders["Stiffness (0 moving freely, 10 very stiff)"].set_value(4)
    at.text_area[0].input("Stiff after the drive")
    save_button(at).click().run()
    assert not at.exception
    saved = store.recent_check_ins(fresh_db)
    assert len(saved) == 1
    ci = saved[0].value
    assert ci.pain == {Region.LEFT_HAMSTRING: 6, Region.RIGHT_HAMSTRING: 0, Region.LOW_BACK: 3}
    assert (ci.stiffness, ci.note) == (4, "Stiff after the drive")


def test_after_a_save_the_page_reads_back_what_was_kept_at_the_top(open_app, fresh_db):
    at = open_app(PAGE)
    at.slider[0].set_value(5)
    flag_box(at, "night_sweats").check()
    at.text_area[0].input("<b>not bold</b>")
    save_button(at).click().run()
    assert not at.exception
    assert at.title[0].value == "Check-in saved"
    assert "Worst pain 5/10" in at.success[0].value
    texts = [t.value for t in at.text]
    assert "Left hamstring 5 · Right hamstring 0 · Low back 0 · stiffness 0" in texts
    assert "<b>not bold</b>" in texts
    assert any("Waking up drenched in sweat" in t for t in texts)
    assert any("within the next few days" in w.value for w in at.warning)
    assert not at.slider  # the read-back, not a form of zeros


def test_log_another_starts_a_clean_form_with_a_new_token(open_app, fresh_db):
    at = open_app(PAGE)
    at.slider[0].set_value(5)
    flag_box(at, "fever").check()
    first = save_button(at).key
    save_button(at).click().run()
    button(at, "Log another").click().run()
    assert save_button(at).key != first
    assert at.slider[0].value == 0
    assert not any(c.value for c in at.checkbox)


def test_edit_from_the_read_back_changes_the_saved_check_in(open_app, fresh_db):
    at = open_app(PAGE)
    at.slider[0].set_value(5)
    save_button(at).click().run()
    button(at, "Edit").click().run()
    assert at.title[0].value == "Edit check-in"
    assert at.slider[0].value == 5
    at.slider[0].set_value(2)
    save_button(at).click().run()
    assert not at.exception
    assert "Worst pain 2/10" in at.success[0].value
    (only,) = store.recent_check_ins(fresh_db)
    assert only.value.pain[Region.LEFT_HAMSTRING] == 2


def test_the_second_click_of_a_double_click_on_save_changes_nothing(open_app, fresh_db):
    """It lands on the read-back's buttons, which ignore a click right after the save."""
    at = open_app(PAGE)
    save_button(at).click().run()
    next(b for b in at.button if b.label == "Log another").click().run()
    assert at.title[0].value == "Check-in saved"


def test_saving_twice_with_the_same_form_stores_one_check_in(open_app, fresh_db):
    """A double click can rerun the page with the first click's form: one check-in results."""
    at = open_app(PAGE)
    at.slider[0].set_value(4)
    first_token = at.session_state["_token_check_in"]
    save_button(at).click().run()
    # The second click arrives before the first rerun renewed the form.
    at.session_state["_token_check_in"] = first_token
    button(at, "Log another").click().run()
    at.slider[0].set_value(4)
    save_button(at).click().run()
    assert not at.exception
    assert len(store.recent_check_ins(fresh_db)) == 1


def test_the_checklist_is_open_grouped_by_urgency_and_unticked(open_app, fresh_db):
    at = open_app(PAGE)
    assert not at.expander
    boxes = [c for c in at.checkbox if c.key.startswith("flag_")]
    assert [c.label for c in boxes] == [f.question for f in RED_FLAGS]
    assert not any(c.value for c in boxes)
    headings = [m.value for m in at.markdown]
    for level in Urgency:
        assert f"**{level.heading}**" in headings


@pytest.mark.parametrize(
    ("key", "kind", "says"),
    [
        ("bladder_bowel", "error", "emergency department"),
        ("calf_and_breathless", "error", "emergency department"),
        ("calf_swelling", "error", "urgent care"),
        ("one_leg_weakening", "error", "urgent care"),
        ("upper_back_pain", "warning", "within the next few days"),
    ],
)
def test_a_ticked_sign_shows_its_level_message_before_saving(open_app, fresh_db, key, kind, says):
    at = open_app(PAGE)
    flag_box(at, key).check().run()
    shown = at.error if kind == "error" else at.warning
    assert any(says in m.value and "Stop your exercises" in m.value for m in shown)
    if kind == "warning":
        assert not at.error
    save_button(at).click().run()
    assert store.recent_check_ins(fresh_db)[0].value.red_flags == {key}


def test_ticks_of_several_levels_give_one_message_led_by_the_most_urgent(open_app, fresh_db):
    at = open_app(PAGE)
    flag_box(at, "weight_loss").check()
    flag_box(at, "saddle_numbness").check().run()
    (message,) = [m.value for m in [*at.error, *at.warning]]
    assert message.startswith(Urgency.EMERGENCY.message)
    assert Urgency.SOON.where in message


def test_a_retired_sign_on_an_old_entry_is_shown_and_kept_through_an_edit(open_app, fresh_db):
    """docs/rules.md §8: the fall is no longer asked daily, but an entry that has it keeps it."""
    check_in_id = store.add_check_in(
        fresh_db,
        CheckIn(
            day=dt.date.today() - dt.timedelta(days=30),
            time=dt.time(8, 0),
            pain=dict.fromkeys(Region, 4),
            stiffness=2,
            red_flags=frozenset({"major_fall", "night_pain"}),
        ),
    )
    at = open_app()
    at.session_state["edit_check_in"] = check_in_id
    at.switch_page(str(__import__("conftest").PROJECT / PAGE)).run()
    assert "flag_major_fall" not in " ".join(c.key for c in at.checkbox)
    assert any("bad fall" in c.value for c in at.caption)
    flag_box(at, "night_pain").uncheck()
    save_button(at).click().run()
    assert not at.exception
    assert store.get_check_in(fresh_db, check_in_id).red_flags == {"major_fall"}


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


def test_before_a_profile_exists_the_check_in_points_to_my_injury(open_app, fresh_db):
    """docs/rules.md §8: the history questions are asked once, in the injury profile."""
    at = open_app(PAGE)
    assert "injury" in [link.proto.page for link in at.main.get("page_link")]
    store.save_injury_profile(
        fresh_db, InjuryProfile(Side.LEFT, dt.date.today(), InjuryCause.SPRINTING)
    )
    at.run()
    assert "injury" not in [link.proto.page for link in at.main.get("page_link")]


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


def test_coming_back_long_after_a_save_starts_a_new_check_in(open_app, fresh_db):
    """The read-back is about the save just made; later the page asks again."""
    at = open_app(PAGE)
    save_button(at).click().run()
    assert at.title[0].value == "Check-in saved"
    at.session_state["check_in_saved_at"] = -1e9  # saved long ago
    at.run()
    assert at.title[0].value == "How are you right now?"


def test_cancelling_an_edit_opened_from_the_read_back_returns_to_it(open_app, fresh_db):
    at = open_app(PAGE)
    at.slider[0].set_value(3)
    save_button(at).click().run()
    button(at, "Edit").click().run()
    next(b for b in at.button if b.label == "Cancel editing").click().run()
    assert at.title[0].value == "Check-in saved"
    assert "Worst pain 3/10" in at.success[0].value


# The check-in is one fragment: in a browser a click in it reruns it alone (fragment_runs.py).


def test_the_installed_streamlit_still_runs_fragments_the_way_these_tests_assume():
    found = problems()
    assert not found, "Streamlit changed under tests/fragment_runs.py: " + "; ".join(found)


def only_the_check_in_was_drawn(at) -> bool:
    """The frame's menu and the standing note below the fragment were left as they were."""
    return not at.sidebar.get("page_link") and STANDING_NOTE not in [c.value for c in at.caption]


def test_a_save_reruns_the_check_in_alone_into_its_read_back_then_an_empty_form(open_app, fresh_db):
    at = open_app(PAGE)
    first = save_button(at).key
    at.slider[0].set_value(5)
    flag_box(at, "upper_back_pain").check()
    at.text_area[0].input("Stiff after the drive")
    with fragments_alone(at):
        save_button(at).click().run()
    assert not at.exception
    assert only_the_check_in_was_drawn(at)
    assert at.title[0].value == "Check-in saved"
    assert "Worst pain 5/10" in at.success[0].value
    assert any("within the next few days" in w.value for w in at.warning)
    (saved,) = store.recent_check_ins(fresh_db)
    assert saved.value.red_flags == {"upper_back_pain"}

    with fragments_alone(at):
        button(at, "Log another").click().run()
    assert only_the_check_in_was_drawn(at)
    assert at.title[0].value == "How are you right now?"
    assert save_button(at).key != first
    assert [s.value for s in at.slider] == [0, 0, 0, 0]
    assert not any(c.value for c in at.checkbox)
    assert at.text_area[0].value == ""
    assert len(store.recent_check_ins(fresh_db)) == 1


def test_a_ticked_sign_shows_its_advice_at_once_when_the_check_in_reruns_alone(open_app, fresh_db):
    at = open_app(PAGE)
    with fragments_alone(at):
        flag_box(at, "bladder_bowel").check().run()
    assert only_the_check_in_was_drawn(at)
    assert any("emergency department" in e.value for e in at.error)


def test_the_second_click_of_a_double_click_changes_nothing_when_the_check_in_reruns_alone(
    open_app, fresh_db
):
    at = open_app(PAGE)
    with fragments_alone(at):
        save_button(at).click().run()
        next(b for b in at.button if b.label == "Log another").click().run()
    assert at.title[0].value == "Check-in saved"
    assert len(store.recent_check_ins(fresh_db)) == 1


def test_a_refused_check_in_keeps_what_was_typed_when_the_check_in_reruns_alone(
    open_app, fresh_db, monkeypatch
):
    monkeypatch.setenv("HAMTRACK_TODAY", "2026-03-04T10:00")
    at = open_app(PAGE)
    at.time_input[0].set_value(dt.time(12, 0))
    with fragments_alone(at):
        save_button(at).click().run()
    assert "Nothing was saved" in at.error[0].value
    assert at.time_input[0].value == dt.time(12, 0)
    assert store.recent_check_ins(fresh_db) == []


def test_after_a_save_the_whole_page_and_home_show_the_new_check_in(open_app, fresh_db):
    """What the fragment left alone is still right, and the next page read is current."""
    at = open_app(PAGE)
    at.slider[2].set_value(6)
    with fragments_alone(at):
        save_button(at).click().run()
    at.run()  # the whole page, as the next visit draws it
    assert at.title[0].value == "Check-in saved"
    assert at.sidebar.get("page_link")
    assert STANDING_NOTE in [c.value for c in at.caption]
    at.switch_page(str(__import__("conftest").PROJECT / "pages/home.py")).run()
    assert any(m.value.startswith("**Check-in:** done, pain 6/10") for m in at.markdown)


def test_an_edit_saved_while_the_check_in_reruns_alone_reads_back_the_change(open_app, fresh_db):
    check_in_id = store.add_check_in(
        fresh_db,
        CheckIn(
            day=dt.date.today() - dt.timedelta(days=1),
            time=dt.time(7, 0),
            pain=dict.fromkeys(Region, 1),
            stiffness=1,
        ),
    )
    at = open_app()
    at.session_state["edit_check_in"] = check_in_id
    at.switch_page(str(__import__("conftest").PROJECT / PAGE)).run()
    at.slider[0].set_value(7)
    with fragments_alone(at):
        save_button(at).click().run()
    assert not at.exception
    assert "Worst pain 7/10" in at.success[0].value
    assert store.get_check_in(fresh_db, check_in_id).pain[Region.LEFT_HAMSTRING] == 7
