"""History lists newest first, and deletes only after a second, explicit yes."""

import datetime as dt

from hamtrack import db as store
from hamtrack.models import CheckIn, ExerciseDone, Region, Session

PAGE = "pages/history.py"
TODAY = dt.date.today()


def add_check_in(db, days_ago: int, pain: int, note: str = "") -> int:
    return store.add_check_in(
        db,
        CheckIn(
            day=TODAY - dt.timedelta(days=days_ago),
            time=dt.time(8, 0),
            pain=dict.fromkeys(Region, pain),
            stiffness=1,
            note=note,
        ),
    )


def test_an_empty_history_says_what_to_do(open_app, fresh_db):
    at = open_app(PAGE)
    assert "No check-ins yet" in at.info[0].value
    at.session_state["history_tab"] = "Sessions"  # only the open tab is drawn
    at.run()
    assert "No sessions yet" in at.info[0].value


def test_check_ins_are_listed_newest_first(open_app, fresh_db):
    add_check_in(fresh_db, 3, pain=1)
    add_check_in(fresh_db, 1, pain=5)
    at = open_app(PAGE)
    headings = [m.value for m in at.markdown if "worst pain" in m.value]
    assert "worst pain 5/10" in headings[0]
    assert "worst pain 1/10" in headings[1]


def test_notes_are_shown_as_plain_text(open_app, fresh_db):
    add_check_in(fresh_db, 0, pain=2, note="**not bold** <b>nor this</b>")
    at = open_app(PAGE)
    assert "**not bold** <b>nor this</b>" in [t.value for t in at.text]


def test_delete_asks_first_and_keep_changes_nothing(open_app, fresh_db):
    check_in_id = add_check_in(fresh_db, 0, pain=2)
    at = open_app(PAGE)
    at.button(key=f"delete_check_in_{check_in_id}").click().run()
    assert "cannot be undone" in at.warning[0].value
    at.button(key=f"no_check_in_{check_in_id}").click().run()
    assert len(store.recent_check_ins(fresh_db)) == 1


def test_delete_after_confirming_removes_the_entry(open_app, fresh_db):
    check_in_id = add_check_in(fresh_db, 0, pain=2)
    session_id = store.add_session(
        fresh_db, Session(day=TODAY, exercises=(ExerciseDone("bridge", pain_during=0, reps=5),))
    )
    at = open_app(PAGE)
    at.button(key=f"delete_check_in_{check_in_id}").click().run()
    at.button(key=f"yes_check_in_{check_in_id}").click().run()
    at.session_state["history_tab"] = "Sessions"
    at.run()
    at.button(key=f"delete_session_{session_id}").click().run()
    at.button(key=f"yes_session_{session_id}").click().run()
    assert not at.exception
    assert store.recent_check_ins(fresh_db) == []
    assert store.recent_sessions(fresh_db) == []


def test_only_the_open_tab_is_drawn(open_app, fresh_db):
    add_check_in(fresh_db, 0, pain=2)
    store.add_session(
        fresh_db, Session(day=TODAY, exercises=(ExerciseDone("bridge", pain_during=0, reps=5),))
    )
    at = open_app(PAGE)
    assert any("worst pain 2/10" in m.value for m in at.markdown)
    assert not any("exercise(s)" in m.value for m in at.markdown)
    at.session_state["history_tab"] = "Sessions"
    at.run()
    assert any("1 exercise(s)" in m.value for m in at.markdown)
    assert not any("worst pain 2/10" in m.value for m in at.markdown)


def test_long_histories_show_a_page_at_a_time(open_app, fresh_db):
    for days_ago in range(15):
        add_check_in(fresh_db, days_ago, pain=1)
    at = open_app(PAGE)
    assert sum("worst pain" in m.value for m in at.markdown) == 10
    at.button(key="more_check_ins").click().run()
    assert sum("worst pain" in m.value for m in at.markdown) == 15


def test_edit_opens_the_check_in_page_with_that_entry(open_app, fresh_db):
    check_in_id = add_check_in(fresh_db, 2, pain=3)
    at = open_app(PAGE)
    at.button(key=f"edit_check_in_{check_in_id}").click().run()
    assert at.session_state["edit_check_in"] == check_in_id
    assert at.title[0].value == "Edit check-in"
