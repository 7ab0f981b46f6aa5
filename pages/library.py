"""The exercise library: what each exercise is for, when it fits, and how to do it safely."""

import pandas as pd
import streamlit as st

import hamtrack_ui as ui
from hamtrack import db as store
from hamtrack import exercise_guide as prog
from hamtrack import nordic
from hamtrack.catalogue import EXERCISES
from hamtrack.models import Phase

db = ui.database()
my_phase = store.current_phase(db)

st.title("Exercise library")
st.caption(
    "Every exercise of the programme, with what it is for and how to do it. Go gently: these "
    "should never hurt more than a moderate ache."
)
# The whole library is many screens long on a phone: one choice shows just the exercise wanted.
picked = st.selectbox(
    "Go to an exercise",
    options=list(EXERCISES),
    index=None,
    format_func=lambda slug: EXERCISES[slug].name,
    placeholder="Choose an exercise, or scroll through them all",
    key="library_exercise",
)

ALL = "All"
shown = ALL
if picked is None:
    with st.container(border=True):
        st.subheader("Before every session: warm up")
        st.write(prog.WARM_UP)
        st.markdown("\n".join(f"- {rule}" for rule in prog.GOLDEN_RULES))

    st.subheader("At a glance")
    # No index column: Streamlit draws an index faint, and the names are what a reader looks for.
    st.table(
        pd.DataFrame(
            [(row.exercise, row.purpose, row.phases) for row in prog.summary_table()],
            columns=["Exercise", "What it is for", "When"],
        ),
        hide_index=True,
    )

    choices = [ALL, *Phase]
    shown = st.segmented_control(
        "Show the exercises of",
        options=choices,
        default=my_phase if my_phase is not None else ALL,
        format_func=lambda choice: "All phases" if choice == ALL else Phase(choice).label,
        key="library_phase",
        width="stretch",
    )
    if shown is None:
        shown = ALL
    if my_phase is not None:
        st.caption(f"Your phase is {my_phase.label.lower()}; you can look at the others too.")

for exercise in EXERCISES.values():
    if picked is not None and exercise.slug != picked:
        continue
    if picked is None and shown != ALL and Phase(shown) not in exercise.phases:
        continue
    with st.container(border=True):
        st.subheader(exercise.name, anchor=exercise.slug)
        drawing = prog.illustration_svg(exercise.slug)
        ui.drawing(drawing, width=prog.ILLUSTRATION_WIDTH)
        st.markdown(f"**What it is for:** {exercise.purpose}")
        st.markdown(f"**When:** {prog.phases_text(exercise)}")
        st.markdown(f"**How much:** {exercise.dose_text}")
        note = prog.dose_note(exercise)
        if note:
            st.caption(note)
        if exercise.slug == nordic.NORDIC:
            st.table(
                pd.DataFrame(
                    nordic.nordic_progression(),
                    columns=["Week", "Sessions a week", "Each session"],
                ).set_index("Week")
            )
            st.caption(
                "The published 10-week build-up (27 sessions). HamTrack counts the weeks from the "
                "day you add the exercise to your programme."
            )
        for label, cue in prog.how_to(exercise):
            st.markdown(f"**{label}:** {cue}")
        st.warning(f"**{prog.STOP_LABEL}:** {exercise.stop}", icon=":material/front_hand:")

st.page_link(
    "pages/programme.py",
    label="Choose your phase and set up your programme",
    icon=":material/event_note:",
    width="stretch",
)
ui.standing_note()
