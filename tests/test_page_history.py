"""History is one table of check-ins and sessions, newest first, filtered by kind and dates, a
page at a time; an entry chosen from it opens for edit, or is deleted after a second yes."""

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


def add_session(db, days_ago: int, pain: int = 0) -> int:
    return store.add_session(
        db,
        Session(
            day=TODAY - dt.timedelta(days=days_ago),
            exercises=(ExerciseDone("bridge", pain_during=pain, reps=5),),
        ),
    )


def table(at):
    return at.dataframe[0].value


def test_an_empty_history_says_what_to_do(open_app, fresh_db):
    at = open_app(PAGE)
    assert "Nothing logged yet" in at.info[0].value
    assert not at.dataframe


def test_check_ins_and_sessions_share_one_table_newest_first(open_app, fresh_db):
    add_check_in(fresh_db, 3, pain=1)
    add_session(fresh_db, 2, pain=4)
    add_check_in(fresh_db, 1, pain=5)
    at = open_app(PAGE)
    rows = table(at)
    assert list(rows["Type"]) == ["Check-in", "Session", "Check-in"]
    assert list(rows["Pain"]) == [5, 4, 1]
    assert rows["Exercises or stiffness"].iloc[1] == "Glute bridge"
    assert rows["When"].iloc[0] == f"{TODAY - dt.timedelta(days=1):%a %d %b %Y} 08:00"
    assert rows["Exercises or stiffness"].iloc[0] == "stiffness 1"


def test_the_table_filters_by_kind_and_date_range(open_app, fresh_db):
    add_check_in(fresh_db, 10, pain=1)
    add_session(fresh_db, 5)
    add_check_in(fresh_db, 1, pain=2)
    at = open_app(PAGE)
    at.segmented_control(key="history_kind").set_value("Sessions").run()
    assert list(table(at)["Type"]) == ["Session"]
    at.segmented_control(key="history_kind").set_value("All").run()
    at.date_input(key="history_since").set_value(TODAY - dt.timedelta(days=6)).run()
    assert list(table(at)["Pain"]) == [2, 0]
    at.date_input(key="history_to").set_value(TODAY - dt.timedelta(days=20)).run()
    assert list(table(at)["Pain"]) == [1]  # the two dates are taken either way round


def test_nothing_in_the_range_says_so(open_app, fresh_db):
    add_check_in(fresh_db, 1, pain=2)
    at = open_app(PAGE)
    at.date_input(key="history_to").set_value(TODAY - dt.timedelta(days=30)).run()
    assert "Nothing logged between these dates" in at.info[0].value


def test_long_histories_show_a_page_at_a_time(open_app, fresh_db):
    for days_ago in range(60):
        add_check_in(fresh_db, days_ago, pain=1)
    at = open_app(PAGE)
    assert len(table(at)) == 50
    assert "1–50 of 60" in [c.value for c in at.caption]
    older = next(b for b in at.button if b.label == "Older")
    older.click().run()
    assert len(table(at)) == 10
    assert "51–60 of 60" in [c.value for c in at.caption]


def test_notes_are_shown_as_plain_text(open_app, fresh_db):
    check_in_id = add_check_in(fresh_db, 0, pain=2, note="**not bold** <b>nor this</b>")
    at = open_app(PAGE)
    at.selectbox(key="history_entry").set_value(f"check_in:{check_in_id}").run()
    assert "**not bold** <b>nor this</b>" in [t.value for t in at.text]


def test_delete_asks_first_and_keep_changes_nothing(open_app, fresh_db):
    check_in_id = add_check_in(fresh_db, 0, pain=2)
    at = open_app(PAGE)
    at.selectbox(key="history_entry").set_value(f"check_in:{check_in_id}").run()
    at.button(key="delete_entry").click().run()
    assert "cannot be undone" in at.warning[0].value
    at.button(key="delete_no").click().run()
    assert len(store.recent_check_ins(fresh_db)) == 1


def test_delete_after_confirming_removes_the_entry(open_app, fresh_db):
    check_in_id = add_check_in(fresh_db, 0, pain=2)
    session_id = add_session(fresh_db, 0)
    at = open_app(PAGE)
    for entry in (f"check_in:{check_in_id}", f"session:{session_id}"):
        at.selectbox(key="history_entry").set_value(entry).run()
        at.button(key="delete_entry").click().run()
        at.button(key="delete_yes").click().run()
    assert not at.exception
    assert store.recent_check_ins(fresh_db) == []
    assert store.recent_sessions(fresh_db) == []


def test_edit_opens_the_check_in_page_with_that_entry(open_app, fresh_db):
    check_in_id = add_check_in(fresh_db, 2, pain=3)
    at = open_app(PAGE)
    at.selectbox(key="history_entry").set_value(f"check_in:{check_in_id}").run()
    at.button(key="edit_entry").click().run()
    assert at.session_state["edit_check_in"] == check_in_id
    assert at.title[0].value == "Edit check-in"


def test_edit_opens_the_session_page_with_that_session(open_app, fresh_db):
    session_id = add_session(fresh_db, 2, pain=3)
    at = open_app(PAGE)
    at.selectbox(key="history_entry").set_value(f"session:{session_id}").run()
    assert "Glute bridge: 1 × 5 reps, pain 3" in [t.value for t in at.text]
    at.button(key="edit_entry").click().run()
    assert at.title[0].value == "Edit session"


def test_the_date_filter_reaches_back_past_ten_years(open_app, fresh_db):
    """A long history can be narrowed to its first years too."""
    from hamtrack.models import EARLIEST_DAY

    add_check_in(fresh_db, 1, pain=2)
    at = open_app(PAGE)
    assert at.date_input(key="history_since").min == EARLIEST_DAY
