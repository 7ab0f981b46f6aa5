"""My injury: which side, when and how it happened, and the history questions, set once."""

import streamlit as st

import hamtrack_ui as ui
from hamtrack import db as store
from hamtrack.injury import (
    ACTIVITY_MAX_CHARS,
    DIAGNOSIS_MAX_CHARS,
    INJURED_LABELS,
    SIDE_LABELS,
    InjuryCause,
    InjuryProfile,
    change_log,
)
from hamtrack.models import EARLIEST_DAY, Side, ValidationError
from hamtrack.safety import HISTORY_QUESTIONS, RED_FLAGS_BY_KEY

db = ui.database()
today = ui.today()
versions = store.injury_profile_versions(db)
current = versions[0].profile if versions else None
editing = current is None or st.session_state.get("edit_profile", False)
# Widget keys carry the saved version, so after a save the form shows what is now stored.
key = f"{versions[0].id if versions else 0}"

st.title("My injury")
ui.show_flash("profile")

if current is not None and not editing:
    st.markdown(
        f"**{INJURED_LABELS[current.injured_side]}**, injured on "
        f"{current.injury_day:%d %B %Y} · {InjuryCause(current.how).label}"
    )
    if current.diagnosis:
        st.caption("Diagnosis as you were told it")
        st.text(current.diagnosis)
    if current.return_activity:
        st.caption("The activity you want to get back to")
        st.text(current.return_activity)
    for note in current.notes:
        st.warning(note, icon=":material/medical_information:")
    if not current.history:
        st.caption("History questions: none ticked.")
    if st.button("Edit my injury", icon=":material/edit:", width="stretch"):
        st.session_state["edit_profile"] = True
        st.rerun()
else:
    st.caption(
        "Tell HamTrack once about your injury; you can change it later and every change is kept "
        "with its date. Your physiotherapist sees it on the summary."
    )
    sides = [Side.LEFT, Side.RIGHT, Side.BOTH]
    side = st.radio(
        "Which hamstring is injured?",
        sides,
        index=sides.index(current.injured_side) if current else None,
        format_func=SIDE_LABELS.__getitem__,
        horizontal=True,
        key=f"side_{key}",
    )
    injury_day = st.date_input(
        "When did it happen? (roughly is fine)",
        value=current.injury_day if current else today,
        max_value=today,
        min_value=EARLIEST_DAY,
        format="DD/MM/YYYY",
        key=f"day_{key}",
    )
    how = st.radio(
        "How did it happen?",
        list(InjuryCause),
        index=list(InjuryCause).index(current.how) if current else None,
        format_func=lambda cause: cause.label,
        key=f"how_{key}",
    )
    diagnosis = st.text_input(
        "Diagnosis, if you were given one (optional)",
        value=current.diagnosis if current else "",
        max_chars=DIAGNOSIS_MAX_CHARS,
        placeholder="e.g. grade 2 strain of the biceps femoris",
        key=f"diagnosis_{key}",
    )
    activity = st.text_input(
        "The activity you want to get back to (optional)",
        value=current.return_activity if current else "",
        max_chars=ACTIVITY_MAX_CHARS,
        placeholder="e.g. Sunday football, running 5 km, gardening",
        key=f"activity_{key}",
    )

    st.subheader("Your history")
    st.caption("Tick what is true for you. These are asked once, here, not every day.")
    # A fall or a pop ticked on an old check-in (when these were daily) starts ticked here.
    earlier = {
        RED_FLAGS_BY_KEY[flag].became: day
        for flag, day in store.retired_signs_first_ticked(db).items()
    }
    history = set()
    for question in HISTORY_QUESTIONS:
        if st.checkbox(
            question.question,
            value=(question.key in current.history) if current else question.key in earlier,
            key=f"history_{question.key}_{key}",
        ):
            history.add(question.key)
            st.warning(question.note, icon=":material/medical_information:")
        if current is None and question.key in earlier:
            st.caption(f"Ticked on your check-in of {earlier[question.key]:%d %B %Y}.")

    columns = st.columns(2 if current else 1)
    save = columns[0].button(
        "Save my injury", type="primary", icon=":material/check:", width="stretch"
    )
    if current is not None and columns[1].button("Cancel", width="stretch"):
        st.session_state["edit_profile"] = False
        st.rerun()
    if save:
        with ui.saving() as outcome:
            if side is None or how is None:
                raise ValidationError(
                    [
                        f"Choose {what}."
                        for what, value in (("the injured side", side), ("how it happened", how))
                        if value is None
                    ]
                )
            store.save_injury_profile(
                db,
                InjuryProfile(
                    injured_side=side,
                    injury_day=injury_day,
                    how=how,
                    diagnosis=diagnosis.strip(),
                    return_activity=activity.strip(),
                    history=frozenset(history),
                ),
                today=today,
                at=ui.now(),
            )
        if outcome.ok:
            st.session_state["edit_profile"] = False
            ui.flash("profile", "Saved. Your injury profile is up to date.")
            st.rerun()

if versions:
    st.subheader("Changes")
    st.table(
        [
            {"Saved": f"{when:%d %b %Y %H:%M}", "What changed": "; ".join(what)}
            for when, what in change_log(versions)
        ]
    )

ui.standing_note()
