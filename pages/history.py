"""History: every check-in and session, newest first, to look back at, correct or delete."""

import streamlit as st

import hamtrack_ui as ui
from hamtrack import db as store
from hamtrack.catalogue import exercise_name
from hamtrack.models import Region
from hamtrack.safety import RED_FLAGS_BY_KEY

# Ten cards a screen: each card has two buttons, and a list of twenty took longer to draw than
# the 60 ms a rerun may take (see benchmarks/results.md). "Show older" brings the next ten.
PAGE_SIZE = 10

db = ui.database()
st.title("History")


def _dose(e) -> str:
    amount = f"{e.reps} reps" if e.reps is not None else f"{e.hold_s} s hold"
    side = "" if e.side == "both" else f", {e.side} leg"
    return f"{e.sets or 1} × {amount}{side}"


def _actions(kind: str, record_id: int, edit_page: str) -> None:
    """Edit opens the entry's own page; delete asks once more before removing it."""
    confirm_key = f"confirm_delete_{kind}_{record_id}"
    left, right = st.columns(2)
    if left.button("Edit", key=f"edit_{kind}_{record_id}", icon=":material/edit:", width="stretch"):
        st.session_state[f"edit_{kind}"] = record_id
        st.switch_page(edit_page)
    if right.button(
        "Delete", key=f"delete_{kind}_{record_id}", icon=":material/delete:", width="stretch"
    ):
        st.session_state[confirm_key] = True
    if st.session_state.get(confirm_key):
        st.warning("Delete this entry for good? This cannot be undone.")
        yes, no = st.columns(2)
        if yes.button("Yes, delete it", key=f"yes_{kind}_{record_id}", type="primary"):
            try:
                getattr(store, f"delete_{kind}")(db, record_id)
            except store.RecordMissing as missing:
                ui.show_refusal(missing)
            st.session_state.pop(confirm_key, None)
            st.rerun()
        if no.button("Keep it", key=f"no_{kind}_{record_id}"):
            st.session_state.pop(confirm_key, None)
            st.rerun()


# Only the open tab is drawn (switching reruns): each entry's cards and buttons are most of this
# page's rerun, and drawing both lists doubled it.
check_ins_tab, sessions_tab = st.tabs(
    ["Check-ins", "Sessions"], key="history_tab", on_change="rerun"
)

with check_ins_tab:
    if check_ins_tab.open:
        shown = st.session_state.setdefault("history_check_ins", PAGE_SIZE)
        entries = store.recent_check_ins(db, limit=shown + 1)
        if not entries:
            st.info("No check-ins yet. Your check-ins will be listed here.")
            st.page_link(
                "pages/check_in.py", label="Do your first check-in", icon=":material/mood:"
            )
        for saved in entries[:shown]:
            ci = saved.value
            with st.container(border=True):
                st.markdown(
                    f"**{ci.day:%a %d %b %Y}, {ci.time:%H:%M}** · worst pain {ci.worst_pain}/10"
                )
                st.text(
                    " · ".join(f"{r.label} {ci.pain[r]}" for r in Region)
                    + f" · stiffness {ci.stiffness}"
                )
                if ci.red_flags:
                    st.warning(
                        "Warning signs: "
                        + "; ".join(RED_FLAGS_BY_KEY[k].question for k in sorted(ci.red_flags)),
                        icon=":material/warning:",
                    )
                if ci.note:
                    st.text(ci.note)
                _actions("check_in", saved.id, "pages/check_in.py")
        if len(entries) > shown and st.button("Show older check-ins", key="more_check_ins"):
            st.session_state["history_check_ins"] = shown + PAGE_SIZE
            st.rerun()

with sessions_tab:
    if sessions_tab.open:
        shown = st.session_state.setdefault("history_sessions", PAGE_SIZE)
        entries = store.recent_sessions(db, limit=shown + 1)
        if not entries:
            st.info("No sessions yet. Sessions you log will be listed here.")
            st.page_link(
                "pages/session.py", label="Log your first session", icon=":material/fitness_center:"
            )
        for saved in entries[:shown]:
            session = saved.value
            with st.container(border=True):
                st.markdown(
                    f"**{session.day:%a %d %b %Y}** · {len(session.exercises)} exercise(s) · "
                    f"most pain {session.worst_pain}/10"
                )
                st.text(
                    "\n".join(
                        f"{exercise_name(e.exercise)}: {_dose(e)}, pain {e.pain_during}"
                        for e in session.exercises
                    )
                )
                if session.note:
                    st.text(session.note)
                _actions("session", saved.id, "pages/session.py")
        if len(entries) > shown and st.button("Show older sessions", key="more_sessions"):
            st.session_state["history_sessions"] = shown + PAGE_SIZE
            st.rerun()
