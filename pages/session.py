"""Log an exercise session: which exercises, the dose done, and how much each hurt."""

import datetime as dt

import streamlit as st

import hamtrack_ui as ui
from hamtrack import db as store
from hamtrack.catalogue import EXERCISES, exercise_name
from hamtrack.models import BAND_LEVELS, ExerciseDone, Session, Side
from hamtrack.nordic import NORDIC, nordic_too_early, read_nordic_days
from hamtrack.plan import todays_programme
from hamtrack.safety import SEVERE_PAIN, exercise_pain_advice

db = ui.database()
today = ui.today()
editing = st.session_state.get("edit_session")

if editing is not None:
    # What the edit opened on, kept for its whole life: saving is refused if the stored
    # session is no longer this one (another tab, a restore or an import changed it).
    opened_key = f"_opened_session_{editing}"
    try:
        current = store.get_session(db, editing)
    except store.RecordMissing as missing:
        if opened_key not in st.session_state:
            ui.show_refusal(missing)
            del st.session_state["edit_session"]
            st.stop()
        # Gone since the edit opened: keep the form and what was typed; Save says why not.
        current = st.session_state[opened_key]
    opened = st.session_state.setdefault(opened_key, current)
    st.title("Edit session")
    st.caption(f"You are changing the session of {current.day:%A %d %B %Y}.")
else:
    current = None
    st.title("Log exercises")
    st.caption("Tick what you did, adjust the numbers if they differ, and say how much it hurt.")

# Widget keys carry the token: after a save the next session starts from a clean screen.
token = ui.form_token("session") if editing is None else f"edit-{editing}"
nordic_done = ui.cached_read(read_nordic_days, db, until=today - dt.timedelta(days=1))
planned = {
    item.exercise: item
    for item in todays_programme(store.programme(db), today=today, nordic_done=nordic_done)
}
done_before = {e.exercise: e for e in current.exercises} if current else {}

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

    with st.container(border=True):
        st.markdown(f"#### {exercise.name}")
        if slug == NORDIC and (too_early := nordic_too_early(store.current_phase(db))):
            st.warning(too_early, icon=":material/front_hand:")
        dose = st.columns(2)
        sets = dose[0].number_input(
            "Sets",
            min_value=1,
            max_value=20,
            value=_default("sets", exercise.dose_sets) or 1,
            key=f"sets_{slug}_{token}",
        )
        if exercise.is_hold:
            hold_s = dose[1].number_input(
                "Hold (seconds)",
                min_value=1,
                max_value=600,
                step=5,
                value=_default("hold_s", exercise.dose_hold_s) or 30,
                key=f"hold_{slug}_{token}",
            )
            reps = None
        else:
            reps = dose[1].number_input(
                "Reps per set",
                min_value=1,
                max_value=100,
                value=_default("reps", exercise.dose_reps) or 10,
                key=f"reps_{slug}_{token}",
            )
            hold_s = None
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
        if not exercise.is_hold:
            band = st.selectbox(
                "Resistance band",
                options=range(len(BAND_LEVELS)),
                index=_default("band_level", 0) or 0,
                format_func=lambda level: BAND_LEVELS[level],
                key=f"band_{slug}_{token}",
            )
        pain_during = st.slider(
            "Pain during this exercise",
            min_value=0,
            max_value=10,
            value=getattr(done_before.get(slug), "pain_during", 0),
            key=f"pain_{slug}_{token}",
            help="Up to 5 out of 10 is acceptable while exercising; above 5 is too much.",
        )
        advice = exercise_pain_advice(exercise.name, pain_during)
        if advice is not None:
            (st.error if pain_during >= SEVERE_PAIN else st.warning)(
                advice, icon=":material/front_hand:"
            )
        exercise_note = st.text_input(
            "Note for this exercise (optional)",
            value=getattr(done_before.get(slug), "note", ""),
            max_chars=2000,
            key=f"note_{slug}_{token}",
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
)
if editing is not None and st.button("Cancel editing", width="stretch"):
    del st.session_state["edit_session"]
    st.session_state.pop(opened_key, None)
    st.switch_page("pages/history.py")

if saved:
    with ui.saving() as outcome:
        session = Session(
            day=day, note=note, exercises=tuple(ExerciseDone(**fields) for fields in exercises)
        )
        if editing is None:
            store.add_session(db, session, token=token, today=today)
            ui.renew_form_token("session")
        else:
            store.update_session(db, editing, session, opened=opened, today=today)
            del st.session_state["edit_session"]
            st.session_state.pop(opened_key, None)
    if outcome.ok:
        # Rerun at once, so what the person does next goes into the new, empty form.
        ui.flash(
            "session",
            f"Saved: {len(session.exercises)} exercise(s) on {session.day:%d %B}. Well done.",
        )
        st.rerun()

ui.show_flash("session")

ui.standing_note()
