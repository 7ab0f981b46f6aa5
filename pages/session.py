"""Log an exercise session: which exercises, the dose done, and how much each hurt."""

import datetime as dt

import streamlit as st

import hamtrack_ui as ui
from hamtrack import db as store
from hamtrack.catalogue import EXERCISES, exercise_name
from hamtrack.models import BAND_LEVELS, ExerciseDone, Session, Side
from hamtrack.nordic import NORDIC, nordic_too_early, read_nordic_days
from hamtrack.plan import dose_text, todays_programme
from hamtrack.safety import SEVERE_PAIN, exercise_pain_advice

ui.ensure_frame()
# Pain is asked on 0-10 with no answer chosen: a question not answered is not "no pain".
PAIN_CHOICES = range(11)


def _pain_label(value: int) -> str:
    return "0 none" if value == 0 else str(value)


def _dose_words(done: ExerciseDone) -> str:
    amount = f"{done.reps} reps" if done.reps is not None else f"{done.hold_s} s hold"
    side = "" if done.side == Side.BOTH else f", {done.side} leg"
    band = f", {BAND_LEVELS[done.band_level].lower()} band" if done.band_level else ""
    return f"{done.sets or 1} × {amount}{side}{band}"


def _edit(session_id: int) -> None:
    st.session_state["edit_session"] = session_id
    st.session_state.pop("session_saved", None)


def _log_another() -> None:
    st.session_state.pop("session_saved", None)


def read_back(session_id: int, kept: Session) -> None:
    """What was just saved, read back from the file, with the two things to do next."""
    st.title("Log exercises")
    count = len(kept.exercises)
    st.success(
        f"Saved: {count} exercise{'s' if count != 1 else ''} on {kept.day:%A %d %B}. Well done.",
        icon=":material/check_circle:",
    )
    with st.container(border=True):
        for done in kept.exercises:
            st.text(f"{exercise_name(done.exercise)}: {_dose_words(done)}, pain {done.pain_during}")
        if kept.note:
            st.text(kept.note)
    # The buttons act in their callbacks, before the log is drawn again: one run per click.
    left, right = st.columns(2)
    left.button(
        "Edit",
        icon=":material/edit:",
        width="stretch",
        on_click=_edit,
        args=(session_id,),
    )
    right.button(
        "Log another",
        icon=":material/add:",
        type="primary",
        width="stretch",
        on_click=_log_another,
    )
    st.page_link(
        "pages/history.py", label="See every session in History", icon=":material/history:"
    )


# The whole log is one fragment: a choice in it, and a save, rerun this part alone; the frame
# and menu around it show nothing a session changes.
@st.fragment
def session_form() -> None:
    db = ui.database()
    today = ui.today()
    editing = st.session_state.get("edit_session")

    if editing is None and (just_saved := st.session_state.get("session_saved")) is not None:
        try:
            kept = store.get_session(db, just_saved)
        except store.RecordMissing:  # gone since (a restore or an import): ask again
            del st.session_state["session_saved"]
        else:
            read_back(just_saved, kept)
            return

    if editing is not None:
        edit = ui.open_edit(db, editing, read=store.get_session, kind="session")
        if edit is None:
            return
        current = edit.current
        st.title("Edit session")
        st.caption(f"You are changing the session of {current.day:%A %d %B %Y}.")
    else:
        current = None
        st.title("Log exercises")
        st.caption(
            "Tick what you did, adjust the numbers if they differ, and say how much it hurt."
        )

    # Widget keys carry the token: after a save the next session starts from a clean screen.
    token = ui.form_token("session") if editing is None else f"edit-{editing}"
    nordic_done = ui.cached_read(read_nordic_days, db, until=today - dt.timedelta(days=1))
    planned = {
        item.exercise: item
        for item in todays_programme(store.programme(db), today=today, nordic_done=nordic_done)
    }
    done_before = {e.exercise: e for e in current.exercises} if current else {}
    target = store.get_profile(db).weekly_target
    # Set by the save button before this run: from then on, an exercise without its pain says so.
    tried_key = f"tried_{token}"

    day = st.date_input(
        "Date",
        value=current.day if current else today,
        max_value=today,
        format="DD/MM/YYYY",
        key=f"day_{token}",
    )
    chosen = st.multiselect(
        "Exercises you did",
        options=list(EXERCISES),
        default=list(done_before) if current else list(planned),
        format_func=exercise_name,
        key=f"chosen_{token}",
        placeholder="Choose the exercises you did",
    )
    if not chosen:
        st.info(
            "Pick the exercises you did today. Once you set up **My programme**, its exercises are "
            "ticked here for you.",
            icon=":material/touch_app:",
        )

    exercises: list[dict] = []
    for slug in chosen:
        exercise = EXERCISES[slug]
        before = done_before.get(slug) or planned.get(slug)

        def _default(field: str, catalogue_value: int | None, before=before) -> int | None:
            value = getattr(before, field, None) if before is not None else None
            return value if value is not None else catalogue_value

        # Compact: about one thumb-scroll per exercise on a phone.
        with st.container(border=True, gap="small"):
            st.markdown(f"**{exercise.name}**")
            if slug in planned:
                # The same words as My programme, from the same rule.
                words = dose_text(
                    planned[slug], today=today, nordic_done=nordic_done, target=target
                )
                st.caption(f"My programme: {words}")
            if slug == NORDIC and (too_early := nordic_too_early(store.current_phase(db))):
                st.warning(too_early, icon=":material/front_hand:")
            with st.container(horizontal=True, gap="small"):
                sets = st.number_input(
                    "Sets",
                    min_value=1,
                    max_value=20,
                    value=_default("sets", exercise.dose_sets) or 1,
                    key=f"sets_{slug}_{token}",
                )
                if exercise.is_hold:
                    hold_s = st.number_input(
                        "Hold (seconds)",
                        min_value=1,
                        max_value=600,
                        step=5,
                        value=_default("hold_s", exercise.dose_hold_s) or 30,
                        key=f"hold_{slug}_{token}",
                    )
                    reps = None
                else:
                    reps = st.number_input(
                        # The Nordic's sets differ (12, 10 and 8, say): the log keeps their average.
                        "Reps per set (average)" if slug == NORDIC else "Reps per set",
                        min_value=1,
                        max_value=100,
                        value=_default("reps", exercise.dose_reps) or 10,
                        key=f"reps_{slug}_{token}",
                    )
                    hold_s = None
            with st.container(horizontal=True, gap="small", vertical_alignment="bottom"):
                sides = list(Side)
                side = st.radio(
                    "Side",
                    options=sides,
                    index=sides.index(Side(_default("side", None) or Side.BOTH)),
                    format_func=lambda s: s.value.capitalize(),
                    horizontal=True,
                    key=f"side_{slug}_{token}",
                )
                band = 0
                # The Nordic is done with body weight: a band is offered only for the others.
                if not exercise.is_hold and slug != NORDIC:
                    band = st.selectbox(
                        "Band",
                        options=range(len(BAND_LEVELS)),
                        index=_default("band_level", 0) or 0,
                        format_func=lambda level: BAND_LEVELS[level],
                        key=f"band_{slug}_{token}",
                    )
            before_pain = done_before.get(slug)
            pain_during = st.pills(
                "How much did it hurt? (0 to 10)",
                options=PAIN_CHOICES,
                default=before_pain.pain_during if before_pain is not None else None,
                format_func=_pain_label,
                key=f"pain_{slug}_{token}",
                help="Up to 5 out of 10 is acceptable while exercising; above 5 is too much.",
            )
            if pain_during is None:
                if st.session_state.get(tried_key):
                    st.error(
                        "Choose how much it hurt, or 0 if it did not hurt.", icon=":material/error:"
                    )
            elif advice := exercise_pain_advice(exercise.name, pain_during):
                (st.error if pain_during >= SEVERE_PAIN else st.warning)(
                    advice, icon=":material/front_hand:"
                )
            exercise_note = st.text_input(
                f"Note for {exercise.name} (optional)",
                value=getattr(done_before.get(slug), "note", ""),
                max_chars=2000,
                key=f"note_{slug}_{token}",
                placeholder="Note (optional)",
                label_visibility="collapsed",
            )
        exercises.append(
            {
                "exercise": slug,
                "sets": sets,
                "reps": reps,
                "hold_s": hold_s,
                "side": side,
                "band_level": band,
                "pain_during": pain_during,
                "note": exercise_note,
            }
        )

    note = st.text_area(
        "Note about the session (optional)",
        value=current.note if current else "",
        max_chars=2000,
        key=f"note_{token}",
    )
    saved = st.button(
        "Save changes" if editing is not None else "Save session",
        type="primary",
        width="stretch",
        icon=":material/check:",
        key=f"save_{token}",
        on_click=lambda: st.session_state.update({tried_key: True}),
    )
    if editing is not None and st.button("Cancel editing", width="stretch"):
        edit.close()
        st.switch_page("pages/history.py")

    unanswered = [EXERCISES[e["exercise"]].name for e in exercises if e["pain_during"] is None]
    if saved and unanswered:
        st.error(
            "Nothing was saved yet. Say how much each exercise hurt (0 if it did not): "
            + ", ".join(unanswered)
            + ".",
            icon=":material/error:",
        )
    elif saved:
        with ui.saving() as outcome:
            session = Session(
                day=day, note=note, exercises=tuple(ExerciseDone(**fields) for fields in exercises)
            )
            if editing is None:
                saved_id = store.add_session(db, session, token=token, today=today)
                ui.renew_form_token("session")
            else:
                store.update_session(db, editing, session, opened=edit.opened, today=today)
                edit.close()
        if outcome.ok:
            # Rerun at once: the read-back shows at the top, and the next entry starts clean.
            st.session_state["session_saved"] = saved_id if editing is None else editing
            ui.rerun_form()


session_form()
ui.standing_note()
