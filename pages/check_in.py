"""Daily check-in: how much each place hurts now, stiffness, warning signs and a note."""

import streamlit as st

import hamtrack_ui as ui
from hamtrack import db as store
from hamtrack.models import CheckIn, Region
from hamtrack.safety import RED_FLAGS, Urgency, red_flag_advice

db = ui.database()
now = ui.now()
editing = st.session_state.get("edit_check_in")

if editing is not None:
    # What the edit opened on, kept for its whole life: saving is refused if the stored
    # check-in is no longer this one (another tab, a restore or an import changed it).
    opened_key = f"_opened_check_in_{editing}"
    try:
        current = store.get_check_in(db, editing)
    except store.RecordMissing as missing:
        if opened_key not in st.session_state:
            ui.show_refusal(missing)
            del st.session_state["edit_check_in"]
            st.stop()
        # Gone since the edit opened: keep the form and what was typed; Save says why not.
        current = st.session_state[opened_key]
    opened = st.session_state.setdefault(opened_key, current)
    st.title("Edit check-in")
    st.caption(
        f"You are changing the check-in of {current.day:%A %d %B %Y} at {current.time:%H:%M}."
    )
else:
    current = None
    st.title("How are you right now?")
    st.caption("Score each place from 0 (no pain) to 10 (the worst you can imagine).")

# Widget keys carry the token, so a saved entry leaves an empty form and an edit starts from
# the stored values.
token = ui.form_token("check_in") if editing is None else f"edit-{editing}"
with st.container():
    when = st.columns(2)
    day = when[0].date_input(
        "Date",
        value=current.day if current else now.date(),
        max_value=now.date(),
        format="DD/MM/YYYY",
        key=f"day_{token}",
    )
    time = when[1].time_input(
        "Time", value=current.time if current else now.time(), step=900, key=f"time_{token}"
    )
    pain = {
        region: st.slider(
            f"{region.label} pain",
            min_value=0,
            max_value=10,
            value=current.pain[region] if current else 0,
            key=f"pain_{region.value}_{token}",
        )
        for region in Region
    }
    stiffness = st.slider(
        "Stiffness",
        min_value=0,
        max_value=10,
        value=current.stiffness if current else 0,
        help="0 is moving freely; 10 is as stiff as you can imagine.",
        key=f"stiffness_{token}",
    )
    note = st.text_area(
        "Note (optional)",
        value=current.note if current else "",
        max_chars=2000,
        placeholder="Anything that may explain today: sleep, work, a long walk…",
        key=f"note_{token}",
    )
    with st.expander(
        "Warning signs: tick only what is true today",
        icon=":material/warning:",
        expanded=bool(current and current.red_flags),
    ):
        ticked = {
            flag.key
            for flag in RED_FLAGS
            if st.checkbox(
                flag.question,
                value=bool(current and flag.key in current.red_flags),
                key=f"flag_{flag.key}_{token}",
            )
        }
        # Shown as soon as a box is ticked, before saving: this must not wait.
        advice = red_flag_advice(ticked)
        if advice is not None:
            urgency, message = advice
            (st.error if urgency is Urgency.EMERGENCY else st.warning)(
                message, icon=":material/emergency:"
            )
    saved = st.button(
        "Save changes" if editing is not None else "Save check-in",
        type="primary",
        width="stretch",
        icon=":material/check:",
        key=f"save_{token}",
    )

if editing is not None and st.button("Cancel editing", width="stretch"):
    del st.session_state["edit_check_in"]
    st.session_state.pop(opened_key, None)
    st.switch_page("pages/history.py")

if saved:
    with ui.saving() as outcome:
        check_in = CheckIn(
            day=day, time=time, pain=pain, stiffness=stiffness, note=note, red_flags=ticked
        )
        if editing is None:
            store.add_check_in(db, check_in, token=token, now=now)
            ui.renew_form_token("check_in")
        else:
            store.update_check_in(db, editing, check_in, opened=opened, now=now)
            del st.session_state["edit_check_in"]
            st.session_state.pop(opened_key, None)
    if outcome.ok:
        # Rerun at once, so what the person types next goes into the new, empty form.
        ui.flash("check_in", f"Saved: worst pain {check_in.worst_pain}/10 on {check_in.day:%d %B}.")
        st.rerun()

if ui.show_flash("check_in"):
    st.page_link("pages/session.py", label="Log today's exercises", icon=":material/arrow_forward:")

ui.standing_note()
