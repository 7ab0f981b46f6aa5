"""Home welcomes a first-time user and shows today's status afterwards."""

import datetime as dt

from conftest import shown

from hamtrack import db as store
from hamtrack.models import CheckIn, Region


def test_a_first_time_user_sees_a_welcome_with_a_first_step(open_app, fresh_db):
    at = open_app()
    assert not at.exception
    assert "Welcome" in [h.value for h in at.subheader]
    assert any("Check in" in m.value for m in at.markdown)


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
