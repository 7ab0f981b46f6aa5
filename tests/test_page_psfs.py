"""The "Activities I find hard" (PSFS) page, driven through AppTest on a real database file."""

from __future__ import annotations

import datetime as dt

from conftest import shown

from hamtrack import db as store
from hamtrack.injury import InjuryCause, InjuryProfile
from hamtrack.models import Side
from hamtrack.return_to_sport import PsfsResponse

PAGE = "pages/psfs.py"
TODAY = dt.date.today()


def _button(at, label: str):
    matches = [b for b in at.button if b.label == label]
    assert matches, f"no button {label!r}; buttons: {[b.label for b in at.button]}"
    return matches[0]


def _texts(at) -> str:
    parts = []
    for kind in ("markdown", "caption", "info", "warning", "success", "error", "subheader", "text"):
        parts += [str(e.value) for e in at.get(kind)]
    parts += [f"{m.label} {m.value}" for m in at.metric]
    return shown("\n".join(parts))


def _name(at, names: list[str]) -> None:
    for box, name in zip(at.text_input, names, strict=False):
        box.set_value(name)
    at.run()
    assert not at.exception


def _rate(at, ratings: list[int | None]) -> None:
    for group, rating in zip(at.button_group, ratings, strict=True):
        if rating is not None:
            group.set_value(rating)
    at.run()
    assert not at.exception


def _stored(db_path) -> list[PsfsResponse]:
    db = store.open_database(db_path)
    try:
        return [saved.value for saved in store.psfs_responses(db)]
    finally:
        db.conn.close()


def test_the_page_is_in_the_menu_and_suggests_the_activity_to_return_to(open_app, fresh_db):
    """docs/rules.md §9: the injury profile's activity to return to is the first suggestion."""
    store.save_injury_profile(
        fresh_db,
        InjuryProfile(
            Side.RIGHT,
            TODAY - dt.timedelta(days=30),
            InjuryCause.SPRINTING,
            return_activity="Sunday league football",
        ),
        today=TODAY,
    )
    at = open_app(PAGE)
    assert not at.exception
    assert at.title[0].value == "Activities I find hard"
    assert at.text_input[0].value == "Sunday league football"
    assert len(at.text_input) == 5
    # Fewer than three named: nothing to rate yet.
    assert len(at.button_group) == 0
    assert "Name at least 3 activities" in _texts(at)


def test_a_first_rating_is_named_rated_saved_and_becomes_the_baseline(open_app, db_path):
    at = open_app(PAGE)
    _name(at, ["Running for a bus", "  Stairs  ", "Kicking *a* ball", ""])
    assert len(at.button_group) == 3
    _rate(at, [2, None, 5])
    assert "Score: 3.5 of 10" in _texts(at)
    _button(at, "Save ratings").click().run()
    assert not at.exception
    assert _stored(db_path) == [
        PsfsResponse(TODAY, ("Running for a bus", "Stairs", "Kicking *a* ball"), (2, None, 5))
    ]
    assert [t.value for t in at.toast] == ["Saved: score 3.5 of 10."]
    text = _texts(at)
    assert "Saved" in text
    assert "3.5 of 10" in text
    assert "first rating: it is your starting point" in text
    # The person's own words are shown as typed, never as formatting.
    assert "Kicking *a* ball: 5 of 10" in text


def test_the_next_rating_keeps_the_activities_and_says_the_meaningful_change(
    open_app, fresh_db, db_path
):
    """docs/rules.md §9: 2 points in the mean over the shared activities is meaningful."""
    activities = ("Running for a bus", "Stairs", "Kicking a ball")
    store.add_psfs_response(
        fresh_db, PsfsResponse(TODAY - dt.timedelta(days=14), activities, (2, 4, 3)), today=TODAY
    )
    at = open_app(PAGE)
    assert len(at.text_input) == 0  # named once: the same activities come back
    assert [g.label for g in at.button_group] == list(activities)
    _rate(at, [5, 6, 4])
    _button(at, "Save ratings").click().run()
    assert _stored(db_path)[-1] == PsfsResponse(TODAY, activities, (5, 6, 4))
    text = _texts(at)
    assert "5 of 10" in text
    assert "Up 2 points since your first rating" in text
    assert "a clear improvement, big enough to matter" in text
    assert "Running for a bus: 2 → 5 of 10 (up 3 since" in text
    assert "Kicking a ball: 3 → 4 of 10 (up 1 since" in text


def test_a_small_change_is_called_small(open_app, fresh_db):
    activities = ("Running", "Stairs", "Kicking")
    store.add_psfs_response(
        fresh_db, PsfsResponse(TODAY - dt.timedelta(days=14), activities, (2, 4, 3)), today=TODAY
    )
    store.add_psfs_response(fresh_db, PsfsResponse(TODAY, activities, (3, 5, 4)), today=TODAY)
    at = open_app(PAGE)
    assert "Up 1 point since your first rating" in _texts(at)
    assert "within the usual ups and downs" in _texts(at)


def test_a_new_activity_starts_its_own_baseline(open_app, fresh_db, db_path):
    """docs/rules.md §9: a newly named activity is left out of the mean's comparison."""
    store.add_psfs_response(
        fresh_db,
        PsfsResponse(TODAY - dt.timedelta(days=14), ("Running", "Stairs", "Kicking"), (2, 4, 3)),
        today=TODAY,
    )
    at = open_app(PAGE)
    _button(at, "Change my activities").click().run()
    assert [box.value for box in at.text_input[:3]] == ["Running", "Stairs", "Kicking"]
    at.text_input[3].set_value("Sprinting")
    at.run()
    _rate(at, [4, 6, 3, 1])
    _button(at, "Save ratings").click().run()
    assert _stored(db_path)[-1].activities == ("Running", "Stairs", "Kicking", "Sprinting")
    text = _texts(at)
    assert "over the 3 activities you rated both times" in text
    assert "Sprinting: 1 of 10 (first rating" in text


def test_saving_without_a_rating_asks_for_one_and_saves_nothing(open_app, db_path):
    at = open_app(PAGE)
    _name(at, ["Running", "Stairs", "Kicking"])
    _button(at, "Save ratings").click().run()
    assert "Tap a number for at least one activity" in _texts(at)
    assert _stored(db_path) == []


def test_the_same_activity_named_twice_is_refused_where_the_person_is(open_app, db_path):
    at = open_app(PAGE)
    _name(at, ["Running", "running", "Stairs"])
    _rate(at, [3, 4, 5])
    _button(at, "Save ratings").click().run()
    assert "Each activity can be named only once" in _texts(at)
    assert _stored(db_path) == []


def test_a_past_rating_can_be_deleted_after_a_confirmation(open_app, fresh_db, db_path):
    store.add_psfs_response(
        fresh_db, PsfsResponse(TODAY, ("Running", "Stairs", "Kicking"), (2, 4, 3)), today=TODAY
    )
    at = open_app(PAGE)
    _button(at, "Delete").click().run()
    assert _stored(db_path) != []
    _button(at, "Yes, delete it").click().run()
    assert _stored(db_path) == []
