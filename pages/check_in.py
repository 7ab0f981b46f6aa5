"""Daily check-in: how much each place hurts now, stiffness, warning signs and a note."""

import time as clock

import streamlit as st
from sqlite_utils import Database

import hamtrack_ui as ui
from hamtrack import db as store
from hamtrack.models import CheckIn, Region
from hamtrack.safety import RED_FLAGS_BY_KEY, Urgency, checklist, red_flag_advice

SAVED = "check_in_saved"
"""The id of the check-in just saved, while its read-back is on screen."""
SAVED_AT = "check_in_saved_at"
FROM_READ_BACK = "check_in_edit_from_read_back"
DOUBLE_CLICK_S = 1.0
"""A click this soon after saving is the second half of a double click on Save, which lands on
whatever button the read-back put under the pointer: it is ignored."""
READ_BACK_S = 10 * 60
"""The read-back is about the save just made: coming back later starts a new check-in."""

ui.ensure_frame()


def show_advice(level: Urgency, message: str) -> None:
    (st.warning if level is Urgency.SOON else st.error)(message, icon=":material/emergency:")


def _just_saved() -> bool:
    return clock.monotonic() - st.session_state.get(SAVED_AT, 0.0) < DOUBLE_CLICK_S


def _edit(check_in_id: int) -> None:
    if not _just_saved():
        st.session_state["edit_check_in"] = check_in_id
        st.session_state[FROM_READ_BACK] = True


def _log_another() -> None:
    if not _just_saved():
        st.session_state.pop(SAVED, None)


def read_back(check_in_id: int, kept: CheckIn) -> None:
    """After a save: what was kept, at the top where the eye is, and the way on."""
    st.title("Check-in saved")
    st.success(
        f"Saved: {kept.day:%a %d %B}, {kept.time:%H:%M}. Worst pain {kept.worst_pain}/10.",
        icon=":material/check_circle:",
    )
    st.text(
        " · ".join(f"{r.label} {kept.pain[r]}" for r in Region) + f" · stiffness {kept.stiffness}"
    )
    if kept.red_flags:
        st.text(
            "Warning signs: "
            + "; ".join(RED_FLAGS_BY_KEY[k].question for k in sorted(kept.red_flags))
        )
        advice = red_flag_advice(kept.red_flags)
        if advice is not None:
            show_advice(advice.urgency, advice.message)
    if kept.note:
        st.text(kept.note)
    # The buttons act in their callbacks, before the check-in is drawn again: one run per click.
    left, right = st.columns(2)
    left.button(
        "Edit", icon=":material/edit:", width="stretch", on_click=_edit, args=(check_in_id,)
    )
    right.button("Log another", icon=":material/add:", width="stretch", on_click=_log_another)
    st.page_link("pages/session.py", label="Log today's exercises", icon=":material/arrow_forward:")


# The whole check-in is one fragment: a click in it, and a save, rerun this part alone; the
# frame and menu around it show nothing a check-in changes.
@st.fragment
def check_in() -> None:
    db = ui.database()
    editing = st.session_state.get("edit_check_in")
    if clock.monotonic() - st.session_state.get(SAVED_AT, 0.0) > READ_BACK_S:
        st.session_state.pop(SAVED, None)

    if editing is None and SAVED in st.session_state:
        try:
            kept = store.get_check_in(db, st.session_state[SAVED])
        except store.RecordMissing:  # gone since (a restore or an import): ask again
            del st.session_state[SAVED]
        else:
            read_back(st.session_state[SAVED], kept)
            return

    check_in_form(db, editing)


def check_in_form(db: Database, editing: int | None) -> None:
    """The form, new or editing a stored check-in; a save draws the check-in again, read back."""
    now = ui.now()
    if editing is not None:
        edit = ui.open_edit(db, editing, read=store.get_check_in, kind="check_in")
        if edit is None:
            return
        current = edit.current
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
    # The scale's ends are in the label: a slider shows its 0 and 10 only while hovered.
    pain = {
        region: st.slider(
            f"{region.label} pain (0 none, 10 worst)",
            min_value=0,
            max_value=10,
            value=current.pain[region] if current else 0,
            key=f"pain_{region.value}_{token}",
        )
        for region in Region
    }
    stiffness = st.slider(
        "Stiffness (0 moving freely, 10 very stiff)",
        min_value=0,
        max_value=10,
        value=current.stiffness if current else 0,
        key=f"stiffness_{token}",
    )

    # The warning signs are on the page itself, never folded away (docs/rules.md §8).
    st.subheader("Warning signs today")
    st.caption("Tick only what is true today. Most days nothing here is ticked.")
    ticked: set[str] = set()
    advice_spot = {}
    for level in Urgency:
        with st.container(border=True):
            st.markdown(f"**{level.heading}**")
            for flag in checklist(level):
                if st.checkbox(
                    flag.question,
                    value=bool(current and flag.key in current.red_flags),
                    key=f"flag_{flag.key}_{token}",
                ):
                    ticked.add(flag.key)
            advice_spot[level] = st.empty()
    # One verdict for every tick, shown at once in the most urgent ticked group (it names the
    # others): this must not wait for saving.
    advice = red_flag_advice(ticked)
    if advice is not None:
        with advice_spot[advice.urgency]:
            show_advice(advice.urgency, advice.message)
    if store.injury_profile(db) is None:
        st.page_link(
            "pages/injury.py",
            label="Questions about how it started and your health are asked once, in My injury",
            icon=":material/healing:",
        )
    # Signs no longer asked daily stay on the entries that have them (docs/rules.md §8).
    retired = {k for k in (current.red_flags if current else ()) if RED_FLAGS_BY_KEY[k].retired}
    for key in sorted(retired):
        st.caption(f"Also on this entry: {RED_FLAGS_BY_KEY[key].question}.")

    note = st.text_area(
        "Note (optional)",
        value=current.note if current else "",
        max_chars=2000,
        placeholder="Anything that may explain today: sleep, work, a long walk…",
        key=f"note_{token}",
    )
    saved = st.button(
        "Save changes" if editing is not None else "Save check-in",
        type="primary",
        width="stretch",
        icon=":material/check:",
        key=f"save_{token}",
    )

    if editing is not None and st.button("Cancel editing", width="stretch"):
        edit.close()
        if not st.session_state.pop(FROM_READ_BACK, False):
            st.switch_page("pages/history.py")
        ui.rerun_form()

    if saved:
        with ui.saving() as outcome:
            check_in = CheckIn(
                day=day,
                time=time,
                pain=pain,
                stiffness=stiffness,
                note=note,
                red_flags=frozenset(ticked | retired),
            )
            if editing is None:
                st.session_state[SAVED] = store.add_check_in(db, check_in, token=token, now=now)
                ui.renew_form_token("check_in")
            else:
                store.update_check_in(db, editing, check_in, opened=edit.opened, now=now)
                edit.close()
                st.session_state.pop(FROM_READ_BACK, None)
                st.session_state[SAVED] = editing
        if outcome.ok:
            st.session_state[SAVED_AT] = clock.monotonic()
            ui.rerun_form()


check_in()
ui.standing_note()
