"""Back questionnaire: the weekly Oswestry-style form, its score and change, and past answers."""

import datetime as dt
from functools import partial

import streamlit as st

import hamtrack_ui as ui
from hamtrack import db as store
from hamtrack import oswestry
from hamtrack.models import QuestionnaireResponse

SKIP = "skip"
OPTIONS: list[int | str] = [*range(oswestry.STATEMENT_COUNT), SKIP]
# Past questionnaires shown a screen at a time: each has its buttons, and ten of them made this
# page take longer to draw than the 60 ms a rerun may (see benchmarks/results.md).
PAGE_SIZE = 5
EDIT_KEY = "edit_questionnaire_response"
SAVED_KEY = "questionnaire_saved"
# Each statement becomes a whole-width, finger-sized target (people answer this on a phone, in
# pain). Fixed CSS, scoped to this page's answer widgets (keys starting "qa_"); no user text.
BIG_CHOICES = """<style>
div[class*="st-key-qa_"] [data-testid="stRadioGroup"] > div { width: 100%; }
div[class*="st-key-qa_"] label[data-testid="stRadioOption"] {
  width: 100%; min-height: 3rem; box-sizing: border-box; align-items: center;
  padding: 0.5rem 0.75rem; margin: 0 0 0.4rem 0;
  border: 1px solid rgba(49, 51, 63, 0.2); border-radius: 0.5rem; cursor: pointer;
}
div[class*="st-key-qa_"] label[data-testid="stRadioOption"]:has(input:checked) {
  border-color: #0f6e8c; background-color: rgba(15, 110, 140, 0.08);
}
</style>"""

db = ui.database()
today = ui.today()
try:
    definition = oswestry.default_definition()
except oswestry.DefinitionError as problem:
    st.error(
        f"{ui.plain(problem)} Fix the file, or unset HAMTRACK_QUESTIONNAIRE to use HamTrack's own "
        "questionnaire.",
        icon=":material/error:",
    )
    st.stop()
sections = definition.sections
editing = st.session_state.get(EDIT_KEY)
# HamTrack's own wording says so on every screen of the form (docs/rules.md §6).
OWN_FORM = "Oswestry-style (not the licensed ODI text)"
form_name = (
    f"{OWN_FORM}, version {ui.plain(definition.version)}"
    if definition.id == oswestry.packaged_definition().id
    else f"{ui.plain(definition.id)}, version {ui.plain(definition.version)}"
)


def _form_of(response_id: str, version: str) -> str:
    """Which definition a stored response was answered on, as its id and version."""
    own = f" · {OWN_FORM}" if response_id == oswestry.packaged_definition().id else ""
    return f"Form: {ui.plain(response_id)} version {ui.plain(version)}{own}"


def _remember(token: str, section_ids: tuple[str, ...], index: int, widget_key: str) -> None:
    """Keep the answer outside the widget (it survives paging), then move on.

    The next topic is the first unanswered one after this; when finishing a partly filled form
    and none is left, straight back to saving.
    """
    draft = st.session_state[f"q_draft_{token}"]
    draft[section_ids[index]] = st.session_state[widget_key]
    step_key = f"q_step_{token}"
    if st.session_state.get(step_key) != index:
        return
    later = [i for i in range(index + 1, len(section_ids)) if section_ids[i] not in draft]
    if later:
        st.session_state[step_key] = later[0]
    elif st.session_state.get(f"q_check_{token}"):
        st.session_state[step_key] = len(section_ids)
    else:
        st.session_state[step_key] = index + 1


def _go_to(step_key: str, step: int) -> None:
    st.session_state[step_key] = step


def _forget_draft(token: str) -> None:
    for key in (f"q_draft_{token}", f"q_step_{token}", f"q_check_{token}"):
        st.session_state.pop(key, None)


def _statement(section: oswestry.Section):
    def label(option: int | str) -> str:
        return (
            "I'd rather not answer this one"
            if option == SKIP
            else ui.plain(section.statements[option])
        )

    return label


def _day(day: dt.date, *, weekday: bool = False) -> str:
    """'3 December', or 'Thursday 3 December'."""
    return (f"{day:%A} " if weekday else "") + f"{day.day} {day:%B}"


def _score_line(result: oswestry.Score) -> str:
    if not result.scored:
        return f"no score ({result.answered} of {oswestry.SECTION_COUNT} answered)"
    band = oswestry.BANDS_BY_KEY[result.band]
    return f"score {oswestry.format_percent(result.percent)} of 100 · {band.label}"


# ---------------------------------------------------------------------------------------------
# Just saved: the score, what it means, and how it has changed.

just_saved = st.session_state.get(SAVED_KEY)
if just_saved is not None and editing is None:
    frame = oswestry.scores_frame(store.questionnaire_responses(db))
    row = frame[frame["response_id"] == just_saved]
    if row.empty:
        st.session_state.pop(SAVED_KEY, None)
        st.rerun()
    st.title(ui.plain(definition.title))
    st.caption(form_name)
    progress = oswestry.progress_of(frame, just_saved)
    # The page keeps its scroll position, so the score is also told where the eye already is.
    if st.session_state.pop("questionnaire_toast", False):
        st.toast(
            f"Saved: score {oswestry.format_percent(progress.percent)} of 100."
            if progress is not None
            else "Saved, without a score.",
            icon=":material/check_circle:",
        )
    with st.container(border=True):
        if progress is not None:
            band = oswestry.BANDS_BY_KEY[progress.band]
            st.success("Saved. Thank you for filling it in.", icon=":material/check_circle:")
            st.metric(
                "Your score (0 is no difficulty, 100 the most)",
                f"{oswestry.format_percent(progress.percent)} of 100",
            )
            st.subheader(band.label)
            st.write(band.words)
            changes = []
            if progress.since_previous is not None:
                changes.append(
                    oswestry.change_sentence(
                        progress.since_previous,
                        f"your previous one ({_day(progress.previous_day)})",
                    )
                )
            if progress.since_baseline is not None and not progress.previous_is_baseline:
                changes.append(
                    oswestry.change_sentence(
                        progress.since_baseline,
                        f"your first one ({_day(progress.baseline_day)})",
                    )
                )
            elif progress.since_baseline is not None:
                changes[-1] += " That one was your first, your starting point."
            if changes:
                st.markdown("\n".join(f"- {line}" for line in changes))
                st.caption(
                    "A change of 10 points or more is the size that clinicians treat as a real "
                    "change rather than everyday ups and downs."
                )
            else:
                st.write(
                    "This is your first score: it is your starting point. Next time you will "
                    "see how things have changed since today."
                )
        else:
            answered = int(row["answered"].iloc[0])
            st.success("Saved.", icon=":material/check_circle:")
            st.info(
                f"You answered {answered} of {oswestry.SECTION_COUNT} sections. A score needs "
                f"at least {oswestry.MIN_ANSWERED}, so this one is kept without a score. You can "
                "add answers to it under Past questionnaires below.",
                icon=":material/info:",
            )
    if st.button("Done", type="primary", width="stretch", icon=":material/check:"):
        st.session_state.pop(SAVED_KEY, None)
        st.rerun()
    st.page_link("pages/home.py", label="Back to Home", icon=":material/home:")


# ---------------------------------------------------------------------------------------------
# The form: a new questionnaire, or changes to a past one.

else:
    st.session_state.pop(SAVED_KEY, None)
    current = None
    if editing is not None:
        try:
            current = store.get_questionnaire_response(db, editing)
        except store.RecordMissing as missing:
            ui.show_refusal(missing)
            st.session_state.pop(EDIT_KEY, None)
            st.stop()
        st.title("Change a past questionnaire")
        changing = (
            f"You are changing the questionnaire of {_day(current.day, weekday=True)} "
            f"{current.day.year}."
        )
        st.caption(changing)
        st.caption(_form_of(current.questionnaire_id, current.questionnaire_version))
        if current.section_ids != definition.section_ids:
            st.warning(
                "This questionnaire was answered on a form with other sections, so it cannot be "
                "changed here. You can still delete it.",
                icon=":material/block:",
            )
            if st.button("Back to the questionnaire", width="stretch"):
                st.session_state.pop(EDIT_KEY, None)
                st.rerun()
            st.stop()
        if (current.questionnaire_id, current.questionnaire_version) != (
            definition.id,
            definition.version,
        ):
            st.caption(
                f"It was answered with {ui.plain(current.questionnaire_id)} version "
                f"{ui.plain(current.questionnaire_version)}; saving records the form now in use "
                f"({ui.plain(definition.id)} version {ui.plain(definition.version)})."
            )
    else:
        st.title(ui.plain(definition.title))
        st.caption(form_name)
        st.caption(
            "Once a week: ten short topics about how your back affects daily life. It takes "
            "about three minutes."
        )
        last_day = store.last_questionnaire_day(db)
        due = oswestry.questionnaire_due(last_day, today)
        if due is not None:
            st.info(due.message, icon=":material/assignment:")
        else:
            st.caption(
                f"Your last one was on {_day(last_day, weekday=True)}; the next is due on "
                f"{_day(oswestry.next_due_day(last_day), weekday=True)}. You can fill one in at "
                "any time."
            )

    # Keys carry the token: after a save the next questionnaire starts empty, and an edit starts
    # from the stored answers.
    token = ui.form_token("questionnaire") if editing is None else f"edit-{editing}"
    draft_key, step_key, check_key = f"q_draft_{token}", f"q_step_{token}", f"q_check_{token}"
    if draft_key not in st.session_state:
        st.session_state[draft_key] = (
            {
                section_id: SKIP if answer is None else answer
                for section_id, answer in zip(current.section_ids, current.answers, strict=True)
            }
            if current is not None
            else {}
        )
    draft: dict[str, int | str] = st.session_state[draft_key]
    st.session_state.setdefault(step_key, 0)

    if definition.instructions:
        st.markdown(ui.plain(definition.instructions))
    day = st.date_input(
        "Date",
        value=current.day if current else today,
        max_value=today,
        format="DD/MM/YYYY",
        key=f"q_day_{token}",
    )
    all_on_one = st.toggle(
        "Show all ten topics on one screen",
        key="questionnaire_all_on_one",
        persist_state="session",
    )
    flag_missing = st.session_state.get(check_key, False)

    def ask(index: int) -> None:
        """One topic: its six statements and the choice to skip it."""
        section = sections[index]
        widget_key = f"qa_{section.id}_{token}"
        stored = draft.get(section.id)
        choice = st.radio(
            f"{index + 1}. {ui.plain(section.title)}",
            options=OPTIONS,
            index=None if stored is None else OPTIONS.index(stored),
            format_func=_statement(section),
            key=widget_key,
            on_change=_remember,
            args=(token, definition.section_ids, index, widget_key),
            width="stretch",
        )
        if choice is not None:
            draft[section.id] = choice
        elif flag_missing:
            st.warning("Not answered yet.", icon=":material/radio_button_unchecked:")

    st.html(BIG_CHOICES)
    step = st.session_state[step_key]
    if all_on_one:
        for index in range(len(sections)):
            with st.container(border=True):
                ask(index)
    elif step < len(sections):
        st.progress(step / len(sections), text=f"Topic {step + 1} of {len(sections)}")
        with st.container(border=True):
            ask(step)
        back, forward = st.columns(2)
        back.button(
            "Back",
            icon=":material/arrow_back:",
            disabled=step == 0,
            on_click=_go_to,
            args=(step_key, step - 1),
            width="stretch",
            key=f"q_back_{token}",
        )
        forward.button(
            "Next" if sections[step].id in draft else "Next, leave this one for now",
            icon=":material/arrow_forward:",
            on_click=_go_to,
            args=(step_key, step + 1),
            width="stretch",
            key=f"q_next_{token}",
        )
    else:
        st.progress(1.0, text="All topics seen")
        st.button(
            "Back to the last topic",
            icon=":material/arrow_back:",
            on_click=_go_to,
            args=(step_key, len(sections) - 1),
            width="stretch",
            key=f"q_back_{token}",
        )

    # The finishing part: shown with the whole form, or once the last topic is behind.
    if all_on_one or step >= len(sections):
        answered = [s for s in sections if isinstance(draft.get(s.id), int)]
        skipped = [s for s in sections if draft.get(s.id) == SKIP]
        missing = [s for s in sections if s.id not in draft]
        summary = f"**{len(answered)} of {len(sections)} answered**"
        if skipped:
            summary += f", {len(skipped)} skipped on purpose"
        if missing and (answered or skipped):
            summary += f", {len(missing)} not answered yet"
        st.markdown(summary + ".")
        if current is not None:
            st.caption(changing)
        if len(answered) < oswestry.MIN_ANSWERED and not missing:
            st.info(
                f"With fewer than {oswestry.MIN_ANSWERED} answers it will be kept, but without "
                "a score.",
                icon=":material/info:",
            )
        note = st.text_area(
            "Note (optional)",
            value=current.note if current else "",
            max_chars=2000,
            key=f"q_note_{token}",
        )
        save = st.button(
            "Save changes" if editing is not None else "Save questionnaire",
            type="primary",
            icon=":material/check:",
            width="stretch",
            key=f"q_save_{token}",
        )
        save_anyway = False
        if save and not answered:
            st.info(
                "Choose an answer in at least one topic, then save.", icon=":material/touch_app:"
            )
            save = False
        elif save and missing:
            # Again from the top, so each unanswered topic is marked where it is.
            st.session_state[check_key] = True
            st.rerun()
        if flag_missing and missing and answered:
            gaps = (
                "Not answered yet: " + ", ".join(ui.plain(s.title) for s in missing)
                if len(missing) <= 3
                else f"{len(missing)} topics are not answered yet"
            )
            unscored = len(answered) < oswestry.MIN_ANSWERED
            st.warning(
                f"{gaps}. You can finish "
                + ("them (they are marked above)" if all_on_one else "them")
                + ", or save it as it is: topics left unanswered count as skipped."
                + (
                    f" With fewer than {oswestry.MIN_ANSWERED} answers it will be kept, but "
                    "without a score."
                    if unscored
                    else ""
                ),
                icon=":material/edit_note:",
            )
            if all_on_one:
                where_to_save = st.container()
            else:
                finish, where_to_save = st.columns(2)
                finish.button(
                    "Finish it",
                    icon=":material/edit:",
                    on_click=_go_to,
                    args=(step_key, sections.index(missing[0])),
                    width="stretch",
                    key=f"q_finish_{token}",
                )
            save_anyway = where_to_save.button(
                "Save it as it is", icon=":material/save:", width="stretch", key=f"q_as_is_{token}"
            )
        if (save and not missing) or save_anyway:
            answers = tuple(
                draft[s.id] if isinstance(draft.get(s.id), int) else None for s in sections
            )
            with ui.saving() as outcome:
                response = QuestionnaireResponse(
                    day=day,
                    questionnaire_id=definition.id,
                    questionnaire_version=definition.version,
                    section_ids=definition.section_ids,
                    answers=answers,
                    note=note,
                )
                if editing is None:
                    saved_id = store.add_questionnaire_response(
                        db, response, token=token, today=today
                    )
                else:
                    store.update_questionnaire_response(db, editing, response, today=today)
                    saved_id = editing
            if outcome.ok:
                _forget_draft(token)
                if editing is None:
                    ui.renew_form_token("questionnaire")
                st.session_state.pop(EDIT_KEY, None)
                st.session_state[SAVED_KEY] = saved_id
                st.session_state["questionnaire_toast"] = True
                st.rerun()

    if editing is not None and st.button(
        "Cancel editing", icon=":material/close:", width="stretch", key="q_cancel_edit"
    ):
        _forget_draft(token)
        st.session_state.pop(EDIT_KEY, None)
        st.rerun()


# ---------------------------------------------------------------------------------------------
# Past questionnaires: look back, correct or delete.

# While a fresh result is on screen the list waits, so the result fits on a phone's screen.
if editing is None and SAVED_KEY not in st.session_state:
    st.divider()
    st.header("Past questionnaires")
    shown = st.session_state.setdefault("questionnaire_past_shown", PAGE_SIZE)
    past = store.questionnaire_responses(db, newest_first=True, limit=shown + 1)
    if not past:
        st.caption("Questionnaires you fill in will be listed here.")
    for saved in past[:shown]:
        response = saved.value
        try:
            result = oswestry.score(response.answers)
        except ValueError:
            result = None
        with st.container(border=True):
            st.markdown(
                f"**{response.day:%a %d %b %Y}** · "
                + (_score_line(result) if result is not None else "another form, no score")
            )
            st.caption(_form_of(response.questionnaire_id, response.questionnaire_version))
            with st.expander("Answers"):
                lines = []
                if response.section_ids == definition.section_ids and (
                    response.questionnaire_id,
                    response.questionnaire_version,
                ) != (definition.id, definition.version):
                    # Same sections and scale, other words: the answer's level is what counts.
                    lines.append(
                        f"Shown in the wording of the form now in use ({definition.id} version "
                        f"{definition.version}); each answer keeps its place on the same scale."
                    )
                for index, (section_id, answer) in enumerate(
                    zip(response.section_ids, response.answers, strict=True)
                ):
                    if response.section_ids == definition.section_ids:
                        title = sections[index].title
                        text = oswestry.statement_for(definition, index, answer)
                    else:
                        title, text = section_id, "Skipped" if answer is None else str(answer)
                    lines.append(f"{title}: {text}")
                st.text("\n".join(lines))
            if response.note:
                st.text(response.note)
            confirm_key = f"q_confirm_delete_{saved.id}"
            left, right = st.columns(2)
            if left.button(
                "Edit", key=f"q_edit_{saved.id}", icon=":material/edit:", width="stretch"
            ):
                st.session_state[EDIT_KEY] = saved.id
                st.rerun()
            if right.button(
                "Delete", key=f"q_delete_{saved.id}", icon=":material/delete:", width="stretch"
            ):
                st.session_state[confirm_key] = True
            if st.session_state.get(confirm_key):
                ui.ask_before_deleting(
                    "questionnaire",
                    asked=confirm_key,
                    buttons=f"q_delete_{saved.id}",
                    delete=partial(store.delete_questionnaire_response, db, saved.id),
                )
    if len(past) > shown and st.button("Show older questionnaires", key="q_more"):
        st.session_state["questionnaire_past_shown"] = shown + PAGE_SIZE
        st.rerun()

ui.standing_note()
