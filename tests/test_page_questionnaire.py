"""The back questionnaire page, driven through AppTest on a real database file."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import shown

from hamtrack import db as store
from hamtrack import oswestry
from hamtrack.models import QuestionnaireResponse

PAGE = "pages/questionnaire.py"
WORKED_EXAMPLE = [2, 2, 2, 2, 2, 2, 1, 1, 1, 1]  # 16 over 10 answered: 32


def _button(at, label: str):
    matches = [b for b in at.button if b.label == label]
    assert matches, f"no button {label!r}; buttons: {[b.label for b in at.button]}"
    return matches[0]


def _texts(at) -> str:
    parts = []
    for kind in ("markdown", "caption", "info", "warning", "success", "error", "subheader"):
        parts += [str(e.value) for e in at.get(kind)]
    parts += [str(m.value) for m in at.metric]
    return "\n".join(parts)


def _one_at_a_time(at, answers) -> None:
    """Answer topic by topic; each answer moves on to the next topic by itself."""
    for value in answers:
        assert len(at.radio) == 1
        at.radio[0].set_value(value).run()
        assert not at.exception


def _all_on_one(at, answers) -> None:
    at.toggle[0].set_value(True).run()
    assert len(at.radio) == 10
    for radio, value in zip(at.radio, answers, strict=True):
        if value is not None:
            radio.set_value(value)
    at.run()
    assert not at.exception


def _stored(db_path) -> list:
    db = store.open_database(db_path)
    try:
        return store.questionnaire_responses(db)
    finally:
        db.conn.close()


def _add(db, day: dt.date, answers) -> int:
    definition = oswestry.packaged_definition()
    return store.add_questionnaire_response(
        db,
        QuestionnaireResponse(
            day=day,
            questionnaire_id=definition.id,
            questionnaire_version=definition.version,
            section_ids=definition.section_ids,
            answers=tuple(answers),
        ),
    )


def test_a_first_visit_says_none_is_taken_yet_and_shows_the_first_topic(open_app, monkeypatch):
    monkeypatch.setenv("HAMTRACK_TODAY", "2026-03-04")  # the pages' clock (hamtrack_ui.today)
    at = open_app(PAGE)
    assert not at.exception
    assert at.title[0].value == "Back questionnaire"
    assert "has not been filled in yet" in _texts(at)
    assert [r.label for r in at.radio] == ["1. Pain right now"]
    assert at.radio[0].value is None
    assert at.radio[0].options[-1] == "I'd rather not answer this one"
    assert at.date_input[0].value == dt.date(2026, 3, 4)


def test_one_topic_at_a_time_saves_every_answer_and_shows_the_score(open_app, db_path, today):
    at = open_app(PAGE)
    _one_at_a_time(at, WORKED_EXAMPLE)
    assert "10 of 10 answered" in _texts(at)
    _button(at, "Save questionnaire").click().run()
    assert not at.exception
    [saved] = _stored(db_path)
    assert saved.value.answers == tuple(WORKED_EXAMPLE)
    assert saved.value.day == today
    assert saved.value.questionnaire_id == "hamtrack-oswestry-style"
    assert saved.value.questionnaire_version == "2"
    assert saved.value.section_ids == oswestry.SECTION_IDS
    assert at.metric[0].value == "32 of 100"
    assert "Some effect on daily life" in _texts(at)
    assert "This is your first score" in "\n".join(str(m.value) for m in at.markdown)


def test_back_returns_to_the_previous_topic_with_its_answer(open_app):
    at = open_app(PAGE)
    _one_at_a_time(at, [3, 4])
    assert at.radio[0].label.startswith("3.")
    _button(at, "Back").click().run()
    assert at.radio[0].label.startswith("2.")
    assert at.radio[0].value == 4


def test_all_ten_on_one_screen_with_a_skipped_topic_scores_35_point_5_shown_as_36(
    open_app, db_path
):
    at = open_app(PAGE)
    answers = [2, 2, 2, 2, 2, 2, 2, "skip", 1, 1]
    _all_on_one(at, answers)
    assert "9 of 10 answered" in _texts(at)
    assert "1 skipped on purpose" in _texts(at)
    _button(at, "Save questionnaire").click().run()
    [saved] = _stored(db_path)
    assert saved.value.answers == (2, 2, 2, 2, 2, 2, 2, None, 1, 1)
    assert at.metric[0].value == "36 of 100"


def test_a_partial_form_is_not_lost_and_can_be_saved_as_it_is_unscored(open_app, db_path):
    at = open_app(PAGE)
    _all_on_one(at, [1, 1, 1, 1, 1, None, None, None, None, None])
    _button(at, "Save questionnaire").click().run()
    assert _stored(db_path) == []
    warning = "\n".join(str(w.value) for w in at.warning)
    assert "5 topics are not answered yet" in warning
    assert "kept, but without a score" in warning
    assert sum(w.value == "Not answered yet." for w in at.warning) == 5
    assert [r.value for r in at.radio][:5] == [1, 1, 1, 1, 1]
    _button(at, "Save it as it is").click().run()
    [saved] = _stored(db_path)
    assert saved.value.answers == (1, 1, 1, 1, 1, None, None, None, None, None)
    assert "kept without a score" in _texts(at)
    assert not at.metric


def test_a_few_unanswered_topics_are_named(open_app, db_path):
    at = open_app(PAGE)
    _all_on_one(at, [1, 1, 1, 1, 1, 1, 1, None, 1, None])
    _button(at, "Save questionnaire").click().run()
    warning = shown("\n".join(str(w.value) for w in at.warning))
    assert "Not answered yet: Sex life (skip this if it does not apply), Travelling." in warning
    assert "without a score" not in warning
    _button(at, "Save it as it is").click().run()
    assert _stored(db_path)[0].value.answers[7:] == (None, 1, None)
    assert at.metric[0].value == "20 of 100"


def test_an_empty_form_is_not_saved(open_app, db_path):
    at = open_app(PAGE)
    _all_on_one(at, [None] * 10)
    _button(at, "Save questionnaire").click().run()
    assert "at least one topic" in at.info[-1].value
    assert not [b for b in at.button if b.label == "Save it as it is"]
    assert _stored(db_path) == []


def test_finish_it_goes_to_the_first_unanswered_topic_then_back_to_saving(open_app, db_path):
    at = open_app(PAGE)
    at.radio[0].set_value(0).run()
    for _ in range(9):  # leave topics 2–10 for now
        _button(at, "Next, leave this one for now").click().run()
    _button(at, "Save questionnaire").click().run()
    assert "9 topics are not answered yet" in "\n".join(str(w.value) for w in at.warning)
    _button(at, "Finish it").click().run()
    assert at.radio[0].label.startswith("2.")
    _one_at_a_time(at, [1, 1, 1, 1, 1, 1, "skip", 1, 1])
    assert "9 of 10 answered" in _texts(at)
    _button(at, "Save questionnaire").click().run()
    [saved] = _stored(db_path)
    assert saved.value.answers == (0, 1, 1, 1, 1, 1, 1, None, 1, 1)


def test_answers_so_far_survive_leaving_the_page(open_app):
    at = open_app(PAGE)
    _one_at_a_time(at, [4, 3, 2])
    at.switch_page("pages/home.py").run()
    at.switch_page(PAGE).run()
    assert at.radio[0].label.startswith("4.")
    _button(at, "Back").click().run()
    assert at.radio[0].value == 2


def test_the_change_since_the_previous_and_the_first_are_shown(open_app, fresh_db, today):
    _add(fresh_db, today - dt.timedelta(days=14), [3] * 10)  # 60, the baseline
    _add(fresh_db, today - dt.timedelta(days=7), [2] * 9 + [None])  # 40
    at = open_app(PAGE)
    _all_on_one(at, WORKED_EXAMPLE)  # 32
    _button(at, "Save questionnaire").click().run()
    changes = "\n".join(str(m.value) for m in at.markdown)
    assert "Down 8 points since your previous one" in changes
    assert "a small change" in changes
    assert "Down 28 points since your first one" in changes
    assert "a clear improvement" in changes


def test_the_first_meaningful_change_says_so(open_app, fresh_db, today):
    _add(fresh_db, today - dt.timedelta(days=7), [1] * 10)  # 20
    at = open_app(PAGE)
    _all_on_one(at, [3] * 10)  # 60
    _button(at, "Save questionnaire").click().run()
    changes = "\n".join(str(m.value) for m in at.markdown)
    assert "Up 40 points since your previous one" in changes
    assert "That one was your first" in changes
    assert "physiotherapist or doctor" in changes


def test_done_returns_to_an_empty_form(open_app):
    at = open_app(PAGE)
    _all_on_one(at, WORKED_EXAMPLE)
    _button(at, "Save questionnaire").click().run()
    _button(at, "Done").click().run()
    assert all(r.value is None for r in at.radio)
    assert "the next is due on" in _texts(at)


def test_not_due_yet_says_when_the_next_one_is(open_app, fresh_db, today):
    _add(fresh_db, today - dt.timedelta(days=2), [1] * 10)
    at = open_app(PAGE)
    due = oswestry.next_due_day(today - dt.timedelta(days=2))
    assert f"the next is due on {due:%A} {due.day} {due:%B}" in _texts(at)
    assert not at.info


def test_due_after_a_week(open_app, fresh_db, today):
    _add(fresh_db, today - dt.timedelta(days=9), [1] * 10)
    at = open_app(PAGE)
    assert "the last one was 9 days ago" in at.info[0].value


def test_past_questionnaires_list_scores_and_unscored_ones(open_app, fresh_db, today):
    _add(fresh_db, today - dt.timedelta(days=14), [3] * 10)
    _add(fresh_db, today - dt.timedelta(days=7), [1] * 5 + [None] * 5)
    at = open_app(PAGE)
    rows = [m.value for m in at.markdown if str(m.value).startswith("**")]
    assert "no score (5 of 10 answered)" in rows[0]
    assert "score 60 of 100 · A large effect on daily life" in rows[1]


def test_edit_a_past_questionnaire(open_app, fresh_db, db_path, today):
    response_id = _add(fresh_db, today - dt.timedelta(days=7), [3] * 10)
    at = open_app(PAGE)
    _button(at, "Edit").click().run()
    assert at.title[0].value == "Change a past questionnaire"
    at.toggle[0].set_value(True).run()
    assert [r.value for r in at.radio] == [3] * 10
    at.radio[0].set_value(1).run()
    at.radio[7].set_value("skip").run()
    _button(at, "Save changes").click().run()
    assert not at.exception
    [saved] = _stored(db_path)
    assert saved.id == response_id
    assert saved.value.answers == (1, 3, 3, 3, 3, 3, 3, None, 3, 3)
    assert saved.value.day == today - dt.timedelta(days=7)
    assert at.metric[0].value == "56 of 100"


def test_cancel_editing_changes_nothing(open_app, fresh_db, db_path, today):
    _add(fresh_db, today - dt.timedelta(days=7), [3] * 10)
    at = open_app(PAGE)
    _button(at, "Edit").click().run()
    at.radio[0].set_value(0).run()
    _button(at, "Cancel editing").click().run()
    assert at.title[0].value == "Back questionnaire"
    assert _stored(db_path)[0].value.answers == (3,) * 10


def test_delete_asks_first_and_keep_it_keeps_it(open_app, fresh_db, db_path, today):
    _add(fresh_db, today - dt.timedelta(days=7), [3] * 10)
    at = open_app(PAGE)
    _button(at, "Delete").click().run()
    assert "Delete this questionnaire for good?" in "\n".join(str(w.value) for w in at.warning)
    assert len(_stored(db_path)) == 1
    _button(at, "Keep it").click().run()
    assert len(_stored(db_path)) == 1
    _button(at, "Delete").click().run()
    _button(at, "Yes, delete it").click().run()
    assert _stored(db_path) == []
    assert "Questionnaires you fill in will be listed here." in _texts(at)


def test_a_clinic_definition_is_used_when_named(open_app, tmp_path, monkeypatch, db_path):
    text = oswestry.resources.files("hamtrack").joinpath(oswestry.PACKAGED_FILE).read_text()
    text = text.replace('id = "hamtrack-oswestry-style"', 'id = "clinic-form"')
    text = text.replace('title = "Back questionnaire"', 'title = "Clinic back form"')
    path = tmp_path / "clinic.toml"
    path.write_text(text, encoding="utf-8")
    monkeypatch.setenv("HAMTRACK_QUESTIONNAIRE", str(path))
    at = open_app(PAGE)
    assert at.title[0].value == "Clinic back form"
    _all_on_one(at, WORKED_EXAMPLE)
    _button(at, "Save questionnaire").click().run()
    assert _stored(db_path)[0].value.questionnaire_id == "clinic-form"


@pytest.mark.parametrize("content", ["id = [", 'id = "x"\nversion = "1"\ntitle = "t"\n'])
def test_a_broken_definition_file_gives_a_clear_message_not_a_crash(
    open_app, tmp_path, monkeypatch, content
):
    path = tmp_path / "broken.toml"
    path.write_text(content, encoding="utf-8")
    monkeypatch.setenv("HAMTRACK_QUESTIONNAIRE", str(path))
    at = open_app(PAGE)
    assert not at.exception
    assert str(path) in shown(at.error[0].value)
    assert "HAMTRACK_QUESTIONNAIRE" in at.error[0].value
    assert not at.radio


def test_past_questionnaires_are_shown_five_at_a_time(open_app, fresh_db, today):
    for weeks_ago in range(1, 8):
        _add(fresh_db, today - dt.timedelta(weeks=weeks_ago), [2] * 10)
    at = open_app(PAGE)
    assert sum(e.label == "Answers" for e in at.expander) == 5
    at.button(key="q_more").click().run()
    assert sum(e.label == "Answers" for e in at.expander) == 7


def test_the_form_says_it_is_oswestry_style_and_not_the_licensed_text(open_app):
    """docs/rules.md §6: our own wording is named as such on the form."""
    at = open_app(PAGE)
    assert "Oswestry-style (not the licensed ODI text), version 2" in _texts(at)


def test_a_version_1_response_keeps_its_score_and_shows_which_form_it_used(open_app, fresh_db):
    """docs/rules.md §6: the scale did not change with the wording, so version 1 still scores."""
    store.add_questionnaire_response(
        fresh_db,
        QuestionnaireResponse(
            day=dt.date.today() - dt.timedelta(days=3),
            questionnaire_id="hamtrack-oswestry-style",
            questionnaire_version="1",
            section_ids=oswestry.SECTION_IDS,
            answers=tuple(WORKED_EXAMPLE),
        ),
    )
    _add(fresh_db, dt.date.today() - dt.timedelta(days=1), [1] * 10)
    at = open_app(PAGE)
    texts = shown(_texts(at))
    assert "score 32 of 100" in texts
    assert "Form: hamtrack-oswestry-style version 1 · Oswestry-style" in texts
    assert "Form: hamtrack-oswestry-style version 2 · Oswestry-style" in texts
    answers = [t.value for t in at.text]
    assert any("Shown in the wording of the form now in use" in a for a in answers)
