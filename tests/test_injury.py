"""The injury profile: validated in the person's words, each change kept with its date
(docs/rules.md §9), and any history tick leaves a standing note (docs/rules.md §8)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlite_utils import Database

from hamtrack import db as store
from hamtrack.injury import ACTIVITY_MAX_CHARS, DIAGNOSIS_MAX_CHARS, InjuryCause, InjuryProfile
from hamtrack.models import CheckIn, Region, Side, ValidationError
from hamtrack.safety import HISTORY_QUESTIONS

TODAY = dt.date(2025, 6, 1)


def profile(**changes) -> InjuryProfile:
    fields = {
        "injured_side": Side.RIGHT,
        "injury_day": dt.date(2025, 5, 2),
        "how": InjuryCause.SPRINTING,
        "diagnosis": "Grade 1 strain",
        "return_activity": "Parkrun",
        "history": frozenset(),
    } | changes
    return InjuryProfile(**fields)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"injured_side": "middle"}, "Choose the injured side: left, right or both."),
        ({"injury_day": "2025-05-02"}, "The date of injury must be a calendar date"),
        ({"injury_day": dt.datetime(2025, 5, 2, 9)}, "must be a calendar date"),
        ({"injury_day": dt.date(1995, 1, 1)}, "the earliest day HamTrack keeps; check the year"),
        ({"how": "tripping"}, "Choose how it happened"),
        ({"diagnosis": "x" * 301}, "The diagnosis is 301 characters long; please keep it to 300"),
        ({"return_activity": "x" * 101}, "please keep it to 100"),
        ({"diagnosis": "a\x00b"}, "cannot be stored"),
        ({"history": frozenset({"major_fall"})}, "Unknown history question(s): major_fall."),
    ],
)
def test_a_profile_refuses_each_bad_value_with_a_message(changes, message):
    with pytest.raises(ValidationError) as refused:
        profile(**changes)
    assert any(message in problem for problem in refused.value.problems)


@pytest.mark.parametrize(
    ("history", "notes"),
    [
        (frozenset(), 0),
        (frozenset({"past_cancer"}), 1),
        (frozenset({"fall_or_accident", "pop_with_bruising"}), 2),
    ],
)
def test_any_history_tick_gives_the_profile_a_standing_note(history, notes):
    assert len(profile(history=history).notes) == notes


def test_the_change_list_names_what_changed():
    before = profile()
    after = profile(injured_side=Side.BOTH, history=frozenset({"past_cancer"}))
    assert after.changes_from(before) == (
        "side: both",
        "ticked: You have had cancer at any time",
    )
    assert before.changes_from(before) == ()


def test_there_is_no_profile_until_one_is_saved(fresh_db: Database):
    assert store.injury_profile(fresh_db) is None
    assert store.injury_profile_versions(fresh_db) == []


def test_a_profile_reads_back_as_saved(fresh_db: Database):
    saved = profile(
        diagnosis="Grade 2 — «biceps femoris» <b>not bold</b>",
        history=frozenset({"past_cancer", "injected_drugs"}),
    )
    store.save_injury_profile(fresh_db, saved, today=TODAY)
    assert store.injury_profile(fresh_db).profile == saved


def test_each_change_is_kept_with_its_date_and_the_latest_is_current(fresh_db: Database):
    first = profile()
    second = profile(injured_side=Side.LEFT)
    store.save_injury_profile(fresh_db, first, today=TODAY, at=dt.datetime(2025, 5, 3, 9, 0))
    store.save_injury_profile(fresh_db, second, today=TODAY, at=dt.datetime(2025, 5, 20, 18, 0))
    versions = store.injury_profile_versions(fresh_db)
    assert [v.profile for v in versions] == [second, first]
    assert [v.changed_at for v in versions] == [
        dt.datetime(2025, 5, 20, 18, 0),
        dt.datetime(2025, 5, 3, 9, 0),
    ]
    assert store.injury_profile(fresh_db).profile == second


def test_saving_the_same_profile_again_adds_no_version(fresh_db: Database):
    first_id = store.save_injury_profile(fresh_db, profile(), today=TODAY)
    assert store.save_injury_profile(fresh_db, profile(), today=TODAY) == first_id
    assert len(store.injury_profile_versions(fresh_db)) == 1


def test_a_future_injury_date_is_refused_and_nothing_is_saved(fresh_db: Database):
    with pytest.raises(ValidationError, match="date of injury 2025-06-02 is in the future"):
        store.save_injury_profile(fresh_db, profile(injury_day=dt.date(2025, 6, 2)), today=TODAY)
    assert store.injury_profile(fresh_db) is None


def test_saving_a_profile_moves_the_revision(fresh_db: Database):
    before = store.revision(fresh_db)
    store.save_injury_profile(fresh_db, profile(), today=TODAY)
    assert store.revision(fresh_db) > before


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("injured_side", "middle"),
        ("injury_day", "2025-02-30"),
        ("how", "tripping"),
        ("diagnosis", "x" * 301),
        ("changed_at", "yesterday"),
    ],
)
def test_the_schema_refuses_an_impossible_profile_row(fresh_db: Database, column, value):
    row = {
        "changed_at": "2025-05-03T09:00:00",
        "injured_side": "left",
        "injury_day": "2025-05-02",
        "how": "other",
        "diagnosis": "",
    } | {column: value}
    with pytest.raises(sqlite3.IntegrityError):
        fresh_db.execute(
            f"INSERT INTO injury_profiles ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
            list(row.values()),
        )


def test_a_retired_daily_sign_ticked_earlier_is_found_for_the_profile(fresh_db: Database):
    """docs/rules.md §8: a fall ticked on an old check-in is offered as a history answer."""
    for day, flags in [
        (dt.date(2025, 3, 4), {"night_pain"}),
        (dt.date(2025, 3, 2), {"major_fall"}),
    ]:
        store.add_check_in(
            fresh_db,
            CheckIn(
                day=day,
                time=dt.time(8, 0),
                pain=dict.fromkeys(Region, 2),
                stiffness=1,
                red_flags=frozenset(flags),
            ),
            today=TODAY,
        )
    assert store.retired_signs_first_ticked(fresh_db) == {"major_fall": dt.date(2025, 3, 2)}
    old = store.recent_check_ins(fresh_db)[-1].value
    assert old.red_flags == {"major_fall"}


def test_a_profile_is_a_frozen_value():
    with pytest.raises(dataclasses.FrozenInstanceError):
        profile().diagnosis = "changed"  # type: ignore[misc]


def test_the_clinician_summary_prints_the_profile_and_its_history_notes(fresh_db: Database):
    """docs/rules.md §8, §9: the profile, and a history tick as a standing note, on the summary."""
    from hamtrack import report

    assert "My injury" not in report.summary_html(fresh_db, today=TODAY)
    store.save_injury_profile(fresh_db, profile(diagnosis="<b>grade 1</b>"), today=TODAY)
    page = report.summary_html(fresh_db, today=TODAY)
    assert "Injury (from My injury)" in page
    assert "Right hamstring, injured on" in page
    assert "&lt;b&gt;grade 1&lt;/b&gt;" in page
    assert "history to tell the clinician" not in page
    store.save_injury_profile(
        fresh_db, profile(history=frozenset({"steroids_or_low_immunity"})), today=TODAY
    )
    page = report.summary_html(fresh_db, today=TODAY)
    assert "Injury, and history to tell the clinician about" in page
    assert "Long-term steroid tablets, or a weakened immune system." in page


# ---------------------------------------------------------------------------------------------
# Property tests: a profile is built only from valid values, and what is built is stored whole.

anything = st.one_of(st.none(), st.integers(), st.floats(), st.text(max_size=5), st.binary())
any_text = st.one_of(
    st.text(max_size=DIAGNOSIS_MAX_CHARS + 5),
    st.text(st.characters(codec=None), max_size=20),  # lone surrogates and NULs too
    anything,
)
history_key = st.one_of(st.sampled_from([q.key for q in HISTORY_QUESTIONS]), st.text(max_size=8))


@settings(max_examples=150, deadline=None)
@given(
    side=st.one_of(st.sampled_from(list(Side)), anything),
    day=st.one_of(st.dates(), anything),
    how=st.one_of(st.sampled_from(list(InjuryCause)), anything),
    diagnosis=any_text,
    activity=any_text,
    history=st.frozensets(history_key, max_size=4),
)
def test_a_profile_is_built_only_from_valid_values(side, day, how, diagnosis, activity, history):
    problems: tuple[str, ...] = ()
    try:
        built = InjuryProfile(side, day, how, diagnosis, activity, history)
    except ValidationError as refused:
        problems = refused.problems
        built = None
    if built is None:
        assert problems
        return
    assert built.injured_side in set(Side)
    assert built.how in set(InjuryCause)
    assert len(built.diagnosis) <= DIAGNOSIS_MAX_CHARS
    assert len(built.return_activity) <= ACTIVITY_MAX_CHARS
    assert built.history <= {q.key for q in HISTORY_QUESTIONS}


valid_text = st.text(
    st.characters(codec="utf-8", exclude_characters="\x00"), max_size=ACTIVITY_MAX_CHARS
)
valid_profiles = st.builds(
    InjuryProfile,
    injured_side=st.sampled_from(list(Side)),
    injury_day=st.dates(dt.date(2000, 1, 1), TODAY),
    how=st.sampled_from(list(InjuryCause)),
    diagnosis=valid_text,
    return_activity=valid_text,
    history=st.frozensets(st.sampled_from([q.key for q in HISTORY_QUESTIONS])),
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(saved=valid_profiles)
def test_a_valid_profile_is_stored_and_read_back_whole(fresh_db, saved):
    store.save_injury_profile(fresh_db, saved, today=TODAY)
    assert store.injury_profile(fresh_db).profile == saved
