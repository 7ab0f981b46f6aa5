"""Home welcomes a first-time user and shows today's status afterwards."""

import datetime as dt

from conftest import shown

from hamtrack import db as store
from hamtrack.models import CheckIn, ExerciseDone, Phase, ProgrammeExercise, Region, Session


def _set_up(db, *, injury: bool = True, programme: bool = True) -> None:
    from hamtrack.injury import InjuryCause, InjuryProfile
    from hamtrack.models import Side

    today = dt.date.today()
    if injury:
        store.save_injury_profile(
            db,
            InjuryProfile(Side.LEFT, today - dt.timedelta(days=20), InjuryCause.SPRINTING),
            today=today,
        )
    if programme:
        store.set_phase(db, Phase.ACUTE, day=today)
        store.save_programme(db, [ProgrammeExercise("bridge")])


def test_a_first_time_user_is_led_through_three_steps(open_app, fresh_db):
    """My injury, then My programme, then today's log: what the log ticks comes from them."""
    at = open_app()
    assert not at.exception
    assert "Welcome: three steps to start" in [h.value for h in at.subheader]
    steps = [m.value for m in at.markdown if m.value.startswith("**Step")]
    assert steps == [
        "**Step 1 of 3 · Your injury** (to do)",
        "**Step 2 of 3 · Your programme** (to do)",
        "**Step 3 of 3 · Today's log** (to do)",
    ]
    assert [p.proto.label for p in at.main.get("page_link")] == [
        "Set up My injury",
        "Set up My programme",
        "Start with a check-in",
    ]

    _set_up(fresh_db, programme=False)
    at = open_app()
    steps = [m.value for m in at.markdown if m.value.startswith("**Step")]
    assert steps[0] == "**Step 1 of 3 · Your injury** (done)"
    assert steps[1].endswith("(to do)")


def test_with_an_injury_and_a_programme_home_shows_today(open_app, fresh_db):
    _set_up(fresh_db)
    at = open_app()
    assert "Welcome: three steps to start" not in [h.value for h in at.subheader]
    assert any(h.value.startswith("Today, ") for h in at.subheader)


def test_home_counts_sessions_this_week_as_trends_does(open_app, fresh_db):
    """Days with a session against the weekly target, not exercises (docs/rules.md §5)."""
    from hamtrack import trends_view

    _set_up(fresh_db)
    store.add_session(
        fresh_db,
        Session(
            day=dt.date.today(),
            exercises=tuple(
                ExerciseDone(slug, pain_during=1, reps=5)
                for slug in ("bridge", "prone-hamstring-curl", "straight-leg-raise")
            ),
        ),
    )
    week = trends_view.read_trends_view(fresh_db, today=dt.date.today(), weeks=4).this_week
    at = open_app()
    line = next(m.value for m in at.markdown if m.value.startswith("**Sessions this week:**"))
    assert f"{week.session_days} of {week.sessions_needed}" in line
    assert week.session_days == 1
    assert "logged today" in line
    assert not any("3 done" in m.value for m in at.markdown)


def test_an_unusable_database_file_gets_one_line_and_is_left_alone(open_app, db_path):
    db_path.write_bytes(b"this is a shopping list, not a database" * 50)
    before = db_path.read_bytes()
    at = open_app()
    assert not at.exception
    assert f"{db_path} is not a database file" in shown(at.error[0].value)
    assert db_path.read_bytes() == before


def test_after_a_check_in_today_home_shows_it(open_app, fresh_db):
    store.add_check_in(
        fresh_db,
        CheckIn(
            day=dt.date.today(), time=dt.time(0, 0), pain=dict.fromkeys(Region, 3), stiffness=2
        ),
    )
    at = open_app()
    assert any("pain 3/10" in m.value for m in at.markdown)


def test_demo_data_is_announced_on_every_page(open_app, fresh_db):
    store.mark_demo(fresh_db)
    for page in (None, "pages/check_in.py", "pages/history.py"):
        at = open_app(page)
        assert any("Demo data" in w.value for w in at.warning), page


def test_the_questionnaire_is_due_when_never_taken_and_after_seven_days(open_app, fresh_db):
    from hamtrack.models import QuestionnaireResponse
    from hamtrack.oswestry import default_definition

    store.add_check_in(
        fresh_db,
        CheckIn(
            day=dt.date.today(), time=dt.time(0, 0), pain=dict.fromkeys(Region, 1), stiffness=1
        ),
    )
    at = open_app()
    assert any("not been filled in yet" in m.value for m in at.markdown)

    definition = default_definition()
    response = QuestionnaireResponse(
        day=dt.date.today() - dt.timedelta(days=3),
        questionnaire_id=definition.id,
        questionnaire_version=definition.version,
        section_ids=tuple(s.id for s in definition.sections),
        answers=(1,) * len(definition.sections),
    )
    store.add_questionnaire_response(fresh_db, response)
    at = open_app()
    assert not any("Back questionnaire" in m.value for m in at.markdown)


def test_home_says_when_the_tests_on_both_legs_are_due_in_the_late_phases(open_app, fresh_db):
    """docs/rules.md §9: every 14 days in functional retraining and return to sport."""
    from hamtrack.models import Phase
    from hamtrack.return_to_sport import Leg, Measure, MeasureKind

    today = dt.date.today()
    store.add_check_in(
        fresh_db,
        CheckIn(day=today, time=dt.time(0, 0), pain=dict.fromkeys(Region, 1), stiffness=1),
    )
    store.set_phase(fresh_db, Phase.EARLY_REHAB, day=today - dt.timedelta(days=30))
    at = open_app()
    assert not any("both legs" in i.value for i in at.info)
    store.set_phase(fresh_db, Phase.FUNCTIONAL, day=today - dt.timedelta(days=20))
    at = open_app()
    assert any("Time for your first tests on both legs" in i.value for i in at.info)
    tested = today - dt.timedelta(days=14)
    store.add_measures(
        fresh_db, [Measure(tested, leg, MeasureKind.BRIDGE, 20) for leg in Leg], today=today
    )
    at = open_app()
    assert any("14 days ago" in i.value for i in at.info)
    store.add_measures(
        fresh_db, [Measure(today, leg, MeasureKind.BRIDGE, 21) for leg in Leg], today=today
    )
    at = open_app()
    assert not any("both legs" in i.value for i in at.info)
