"""History: every check-in and session in one table, to look back at, correct or delete."""

import pandas as pd
import streamlit as st

import hamtrack_ui as ui
from hamtrack import db as store
from hamtrack.catalogue import exercise_name
from hamtrack.models import EARLIEST_DAY, Region
from hamtrack.safety import RED_FLAGS_BY_KEY

# Rows a page: a screen and a half on a desktop, and 50 rows read from the file stay quick
# however long the history is.
PAGE_ROWS = 50
KINDS = {"All": store.HISTORY_KINDS, "Check-ins": ("check_in",), "Sessions": ("session",)}
KIND_NAMES = {"check_in": "Check-in", "session": "Session"}
EDIT_PAGES = {"check_in": "pages/check_in.py", "session": "pages/session.py"}

db = ui.database()
today = ui.today()
st.title("History")

if store.history_count(db) == 0:
    st.info("Nothing logged yet. Your check-ins and sessions will be listed here.")
    st.page_link("pages/check_in.py", label="Do your first check-in", icon=":material/mood:")
    ui.standing_note()
    st.stop()

with st.container(horizontal=True, gap="small", vertical_alignment="bottom"):
    kind = st.segmented_control(
        "Show", options=list(KINDS), default="All", key="history_kind", width="content"
    )
    # From the earliest day a record may have: Streamlit's own limit is ten years back.
    since = st.date_input(
        "From",
        value=None,
        min_value=EARLIEST_DAY,
        max_value=today,
        format="DD/MM/YYYY",
        key="history_since",
    )
    until = st.date_input(
        "To",
        value=None,
        min_value=EARLIEST_DAY,
        max_value=today,
        format="DD/MM/YYYY",
        key="history_to",
    )
kinds = KINDS[kind or "All"]
if since is not None and until is not None and since > until:
    since, until = until, since

total = store.history_count(db, kinds=kinds, since=since, until=until)
pages = max(1, -(-total // PAGE_ROWS))
# A new filter starts again at the newest entries.
filters = (kind, since, until)
if st.session_state.get("history_filters") != filters:
    st.session_state["history_filters"] = filters
    st.session_state["history_page"] = 0
page = min(st.session_state.get("history_page", 0), pages - 1)

rows = store.history_page(
    db, kinds=kinds, since=since, until=until, limit=PAGE_ROWS, offset=page * PAGE_ROWS
)
if rows.empty:
    st.info("Nothing logged between these dates.", icon=":material/search_off:")
    ui.standing_note()
    st.stop()


def _entry(row) -> str:
    return f"{row.kind}:{row.id}"


def _entry_label(row) -> str:
    when = f"{row.day:%a %d %b %Y}" + (f", {row.time}" if row.time else "")
    return f"{when} · {KIND_NAMES[row.kind]} · pain {row.pain}/10"


def _what(row) -> str:
    if row.kind == "session":
        return ", ".join(exercise_name(slug) for slug in (row.exercises or "").split(",") if slug)
    return f"stiffness {int(row.stiffness)}"


entries = {_entry(row): _entry_label(row) for row in rows.itertuples()}
table = pd.DataFrame(
    {
        "When": [f"{row.day:%a %d %b %Y} {row.time}".strip() for row in rows.itertuples()],
        "Type": [KIND_NAMES[k] for k in rows["kind"]],
        "Pain": rows["pain"],
        "Exercises or stiffness": [_what(row) for row in rows.itertuples()],
        # Words, not a colour: a warning sign reads the same to everyone.
        "Warning signs": [str(n) if n else "" for n in rows["warning_signs"]],
        "Note": rows["note"],
    }
)
table_key = f"history_table_{page}_{kind}_{since}_{until}"


def _pick_from_table() -> None:
    # A row chosen in the table is chosen in the box below too, where keyboards and tests reach.
    chosen_rows = st.session_state[table_key].selection.rows
    if chosen_rows:
        st.session_state["history_entry"] = list(entries)[chosen_rows[0]]


st.dataframe(
    table,
    hide_index=True,
    width="stretch",
    on_select=_pick_from_table,
    selection_mode="single-row",
    key=table_key,
    column_config={
        "Pain": st.column_config.NumberColumn("Pain", help="The worst pain, 0 to 10", width=60),
        "Note": st.column_config.TextColumn("Note", width="large"),
    },
)

first, last = page * PAGE_ROWS + 1, page * PAGE_ROWS + len(rows)
with st.container(horizontal=True, gap="small", vertical_alignment="center"):
    if st.button("Newer", icon=":material/chevron_left:", disabled=page == 0, key="newer"):
        st.session_state["history_page"] = page - 1
        st.rerun()
    st.caption(f"{first}–{last} of {total}")
    if st.button("Older", icon=":material/chevron_right:", disabled=page >= pages - 1, key="older"):
        st.session_state["history_page"] = page + 1
        st.rerun()

if st.session_state.get("history_entry") not in entries:
    st.session_state.pop("history_entry", None)  # an entry of another page or filter
chosen = st.selectbox(
    "Entry to see, edit or delete",
    options=list(entries),
    format_func=entries.get,
    index=None,
    placeholder="Pick a row in the table, or choose it here",
    key="history_entry",
)
if chosen is None:
    ui.standing_note()
    st.stop()

kind_of, record_id = chosen.split(":")[0], int(chosen.split(":")[1])
try:
    if kind_of == "check_in":
        ci = store.get_check_in(db, record_id)
        lines = [f"{r.label}: {ci.pain[r]}/10" for r in Region] + [f"Stiffness: {ci.stiffness}/10"]
        lines += [f"Warning sign: {RED_FLAGS_BY_KEY[k].question}" for k in sorted(ci.red_flags)]
        note = ci.note
    else:
        session = store.get_session(db, record_id)
        lines = [
            f"{exercise_name(e.exercise)}: {e.sets or 1} × "
            + (f"{e.reps} reps" if e.reps is not None else f"{e.hold_s} s hold")
            + ("" if e.side == "both" else f", {e.side} leg")
            + f", pain {e.pain_during}"
            for e in session.exercises
        ]
        note = session.note
except store.RecordMissing as missing:
    ui.show_refusal(missing)
    st.stop()

with st.container(border=True):
    st.markdown(f"**{entries[chosen]}**")
    st.text("\n".join(lines))
    if note:
        st.text(note)
    left, right = st.columns(2)
    if left.button("Edit", key="edit_entry", icon=":material/edit:", width="stretch"):
        st.session_state[f"edit_{kind_of}"] = record_id
        st.switch_page(EDIT_PAGES[kind_of])
    if right.button("Delete", key="delete_entry", icon=":material/delete:", width="stretch"):
        st.session_state["history_confirm"] = chosen
    if st.session_state.get("history_confirm") == chosen:
        ui.ask_before_deleting(
            "entry",
            asked="history_confirm",
            buttons="delete",
            delete=lambda: getattr(store, f"delete_{kind_of}")(db, record_id),
            forget=("history_entry",),
        )

ui.standing_note()
