"""My programme: your phase, its exercises and doses, your weekly target, breaks and reminders."""

import datetime as dt
from collections.abc import Callable
from functools import partial

import pandas as pd
import streamlit as st
from sqlite_utils import Database

import hamtrack_ui as ui
from hamtrack import db as store
from hamtrack import exercise_guide as guide
from hamtrack import ical, nordic, progression
from hamtrack import plan as prog
from hamtrack.catalogue import EXERCISES, exercise_name
from hamtrack.models import (
    BAND_LEVELS,
    WEEKLY_TARGET_MAX,
    WEEKLY_TARGET_MIN,
    Pause,
    PauseReason,
    Phase,
    ProgrammeExercise,
    Side,
)
from hamtrack.progression import SuggestionKind

FLASH = "programme_flash"


@st.cache_data(show_spinner=False, max_entries=8)
def read_standing(_db: Database, path: str, revision: int, today: dt.date) -> progression.Standing:
    """The phase and suggestions, worked out again only when something is saved (the revision
    counts every saved change, the weekly target included)."""
    return progression.read_standing(_db, today=today)


db = ui.database()
today = ui.today()
items = list(store.programme(db))
target = store.get_profile(db).weekly_target
# Widget keys carry the revision: after any save the widgets show what is now stored.
rev = store.revision(db)
# Read once per saved change: the Nordic dose follows every Nordic session ever logged.
nordic_done = ui.cached_read(nordic.read_nordic_days, db, until=today)
standing = read_standing(db, str(ui.database_path()), rev, today)
phase = standing.phase


def attempt(change: Callable[[], None], message: str) -> None:
    """Make a change; on success say so on the redrawn page, on refusal say why right here."""
    with ui.saving() as outcome:
        change()
    if outcome.ok:
        st.session_state[FLASH] = message
        st.rerun()


def move_to(new_phase: Phase, *, day: dt.date, note: str = "", update_exercises: bool) -> None:
    store.set_phase(db, new_phase, day=day, note=note, today=today)
    if update_exercises:
        store.save_programme(db, prog.programme_for_phase(items, new_phase, today=today))


st.title("My programme")
flash = st.session_state.pop(FLASH, None)
if flash:
    st.success(flash, icon=":material/check_circle:")

# --- Phase -------------------------------------------------------------------------------------

if phase is None:
    st.write(
        "Start by choosing the phase you are in. HamTrack sets up that phase's exercises at "
        "gentle starting doses, and you can change any of them. If you are unsure, ask your "
        "physiotherapist, or start with the gentler phase."
    )
else:
    since = f" since {standing.since.day} {standing.since:%B %Y}" if standing.since else ""
    st.markdown(f"**Your phase:** {phase.label}{since}")
    st.caption(guide.PHASE_DESCRIPTIONS[phase])

for suggestion in standing.suggestions:
    with st.container(border=True):
        if suggestion.kind is SuggestionKind.NEXT_PHASE:
            st.success(f"**{suggestion.title}**", icon=":material/trending_up:")
        else:
            st.warning(f"**{suggestion.title}**", icon=":material/front_hand:")
        st.markdown("\n".join(f"- {reason}" for reason in suggestion.reasons))
        if suggestion.kind is SuggestionKind.NEXT_PHASE:
            with st.expander("Published criteria, for orientation"):
                st.markdown("\n".join(f"- {line}" for line in guide.STAGE_CRITERIA))
                st.caption(
                    "From sports medicine research; your physiotherapist can check them with you."
                )
        if suggestion.phase is not None:
            st.caption(
                "HamTrack never changes your phase by itself. Exercises that stay keep your "
                "doses; the new phase's exercises are added."
            )
            verb = "Move on" if suggestion.kind is SuggestionKind.NEXT_PHASE else "Step back"
            if st.button(
                f"{verb} to the {suggestion.phase.label.lower()} phase",
                type="primary",
                icon=":material/check:",
                width="stretch",
                key=f"accept_{suggestion.kind}_{rev}",
            ):
                attempt(
                    partial(
                        move_to,
                        suggestion.phase,
                        day=today,
                        note=f"Suggested by HamTrack: {suggestion.title}",
                        update_exercises=True,
                    ),
                    f"You are now in the {suggestion.phase.label.lower()} phase, and your "
                    "exercises have been updated.",
                )

with st.container() if phase is None else st.expander("Change your phase"):
    with st.form(f"phase_{rev}", border=False):
        options = list(Phase)
        chosen = st.radio(
            "Your phase",
            options,
            index=options.index(phase) if phase else None,
            format_func=lambda p: p.label,
            captions=[guide.PHASE_DESCRIPTIONS[p] for p in options],
        )
        from_day = st.date_input("In it since", value=today, max_value=today, format="DD/MM/YYYY")
        update = True
        if phase is not None:
            update = st.checkbox("Also set my exercises to this phase's programme", value=True)
        picked = st.form_submit_button(
            "Start my programme" if phase is None else "Save my phase",
            type="primary",
            width="stretch",
        )
    if picked:
        if chosen is None:
            st.error("Pick the phase you are in first.", icon=":material/error:")
        elif chosen == phase:
            st.info(f"You are already in the {phase.label.lower()} phase; nothing changed.")
        else:
            attempt(
                partial(move_to, chosen, day=from_day, update_exercises=update),
                f"Your phase is now {chosen.label.lower()}."
                + (" Your exercises are set to match it." if update else ""),
            )

history = ui.cached_read(store.phase_changes_frame, db)
if len(history) > 1:
    # The table is drawn only while open (opening it reruns the page): reading and sending it
    # was a sixth of this page's rerun.
    past_phases = st.expander("Your phase history", key="phase_history", on_change="rerun")
    with past_phases:
        if past_phases.open:
            st.dataframe(
                pd.DataFrame(
                    {
                        "From": history["day"].dt.date,
                        "Phase": [Phase(p).label for p in history["phase"]],
                        "Note": history["note"],
                    }
                ),
                hide_index=True,
                width="stretch",
            )

if phase is None and not items:
    ui.standing_note()
    st.stop()

# --- Exercises ---------------------------------------------------------------------------------

st.subheader("Your exercises")
st.write(guide.WARM_UP)
if not items:
    st.info(
        "Your programme is empty. Add an exercise below, or start again from your phase's "
        "programme.",
        icon=":material/playlist_add:",
    )


def save_edit(index: int, slug: str, fields: dict) -> None:
    edited = ProgrammeExercise(slug, **fields)
    store.save_programme(db, [edited if n == index else other for n, other in enumerate(items)])


def remove(index: int) -> None:
    store.save_programme(db, [other for n, other in enumerate(items) if n != index])


for index, item in enumerate(items):
    exercise = EXERCISES[item.exercise]
    with st.container(border=True):
        st.markdown(f"**{exercise.name}**")
        st.write(prog.dose_text(item, today=today, nordic_done=nordic_done, target=target))
        if prog.outside_phase(item, phase):
            st.caption(f"Not usually part of the {phase.label.lower()} phase.")
        if item.exercise == nordic.NORDIC:
            warning = nordic.nordic_too_early(phase)
            if warning:
                st.warning(warning, icon=":material/front_hand:")
        # Drawn only while open (opening it reruns the page), as the change form below.
        how = st.expander("How to do it", key=f"how_{item.exercise}", on_change="rerun")
        with how:
            if how.open:
                ui.drawing(guide.illustration_svg(item.exercise), width=guide.ILLUSTRATION_WIDTH)
                for label, cue in guide.how_to(exercise):
                    st.markdown(f"**{label}:** {cue}")
                st.warning(f"**{guide.STOP_LABEL}:** {exercise.stop}", icon=":material/front_hand:")
        # The form is drawn only while its section is open (opening it reruns the page): the
        # forms of every exercise were a third of this page's rerun.
        changing = st.expander(
            "Change or remove", key=f"change_{item.exercise}_{rev}", on_change="rerun"
        )
        save_clicked = remove_clicked = False
        with changing:
            if changing.open:
                with st.form(f"edit_{item.exercise}_{rev}", border=False):
                    if item.exercise == nordic.NORDIC:
                        st.caption(
                            "The dose follows the published 10-week build-up, counted in the "
                            "Nordic sessions you log, not in calendar weeks: a break or a missed "
                            "week never raises it, and after two weeks without one it steps "
                            "back two weeks."
                        )
                        started = st.date_input(
                            "Started on",
                            value=item.added_on,
                            max_value=today,
                            format="DD/MM/YYYY",
                            key=f"started_{item.exercise}_{rev}",
                        )
                        fields = {"sets": item.sets, "reps": item.reps, "added_on": started}
                    else:
                        dose = st.columns(2)
                        sets = dose[0].number_input(
                            "Times" if exercise.is_hold else "Sets",
                            min_value=1,
                            max_value=20,
                            value=item.sets or exercise.dose_sets or 1,
                            key=f"sets_{item.exercise}_{rev}",
                        )
                        hold_s = reps = None
                        if exercise.is_hold:
                            hold_s = dose[1].number_input(
                                "Hold (seconds)",
                                min_value=1,
                                max_value=600,
                                step=5,
                                value=item.hold_s or exercise.dose_hold_s or 30,
                                key=f"hold_{item.exercise}_{rev}",
                            )
                        else:
                            reps = dose[1].number_input(
                                "Reps per set",
                                min_value=1,
                                max_value=100,
                                value=item.reps or exercise.dose_reps or 10,
                                key=f"reps_{item.exercise}_{rev}",
                            )
                        sides = list(Side)
                        side = st.radio(
                            "Side",
                            sides,
                            index=sides.index(Side(item.side)),
                            format_func=lambda s: s.value.capitalize(),
                            horizontal=True,
                            key=f"side_{item.exercise}_{rev}",
                        )
                        band = 0
                        if not exercise.is_hold:
                            band = st.selectbox(
                                "Resistance band",
                                options=range(len(BAND_LEVELS)),
                                index=item.band_level,
                                format_func=lambda level: BAND_LEVELS[level],
                                key=f"band_{item.exercise}_{rev}",
                            )
                        fields = {
                            "sets": sets,
                            "reps": reps,
                            "hold_s": hold_s,
                            "side": side,
                            "band_level": band,
                            "added_on": item.added_on,
                        }
                    save_clicked = st.form_submit_button(
                        "Save changes",
                        type="primary",
                        width="stretch",
                        key=f"save_{item.exercise}_{rev}",
                    )
                    remove_clicked = st.form_submit_button(
                        "Remove from my programme",
                        width="stretch",
                        key=f"remove_{item.exercise}_{rev}",
                    )
        if save_clicked:
            attempt(partial(save_edit, index, item.exercise, fields), f"Saved: {exercise.name}.")
        if remove_clicked:
            attempt(partial(remove, index), f"{exercise.name} is no longer in your programme.")

missing = [slug for slug in EXERCISES if slug not in {i.exercise for i in items}]
if missing:
    with st.form(f"add_{rev}", border=False):

        def _choice(slug: str) -> str:
            fits = phase is None or phase in EXERCISES[slug].phases
            return exercise_name(slug) + ("" if fits else " (not usually in your phase)")

        adding = st.selectbox(
            "Add an exercise",
            missing,
            index=None,
            format_func=_choice,
            placeholder="Choose an exercise",
        )
        add_clicked = st.form_submit_button(
            "Add to my programme", icon=":material/add:", width="stretch"
        )
    if add_clicked:
        if adding is None:
            st.error("Choose the exercise to add first.", icon=":material/error:")
        else:
            attempt(
                lambda: store.save_programme(db, [*items, prog.default_item(adding, today=today)]),
                f"Added: {exercise_name(adding)}, at its starting dose.",
            )

st.page_link(
    "pages/library.py",
    label="How to do each exercise",
    icon=":material/menu_book:",
    width="stretch",
)
if phase is not None:
    with st.expander(f"Start again from the {phase.label.lower()} programme"):
        st.caption("Replaces your exercises and doses with the standard ones for your phase.")
        if st.button("Start again", key=f"reset_{rev}", width="stretch"):
            attempt(
                lambda: store.save_programme(db, prog.default_programme(phase, today=today)),
                f"Your programme is back to the standard {phase.label.lower()} programme.",
            )

# --- Weekly target -----------------------------------------------------------------------------

st.subheader("Sessions a week")
with st.form(f"target_{rev}", border=False):
    wanted = st.number_input(
        "How many sessions a week you aim for",
        min_value=WEEKLY_TARGET_MIN,
        max_value=WEEKLY_TARGET_MAX,
        value=target,
    )
    st.caption(
        "Three or four sessions a week with rest days in between is the usual advice; 3 is "
        "HamTrack's starting point, not a rule. Your physiotherapist may suggest otherwise."
    )
    target_clicked = st.form_submit_button("Save my target", width="stretch")
if target_clicked:
    attempt(
        lambda: store.set_weekly_target(db, int(wanted)),
        f"Your target is now {int(wanted)} session{'s' if wanted > 1 else ''} a week.",
    )

# --- Breaks ------------------------------------------------------------------------------------

st.subheader("Breaks")
st.caption(
    "Ill, on holiday, in a flare-up or resting on advice? Days in a break do not count against "
    "your weekly target, and the calendar below skips them."
)
breaks = store.pauses(db)


def show_break(saved: store.Saved[Pause]) -> None:
    pause = saved.value
    with st.container(border=True):
        st.markdown(f"**{pause.reason.label}:** {pause.start:%d %b %Y} to {pause.end:%d %b %Y}")
        if pause.note:
            st.text(pause.note)
        if st.button("Delete this break", key=f"delete_pause_{saved.id}", width="stretch"):
            attempt(partial(store.delete_pause, db, saved.id), "Break deleted.")


for saved in breaks:
    if saved.value.end >= today:
        show_break(saved)
past = [saved for saved in breaks if saved.value.end < today]
if past:
    with st.expander(f"Past breaks ({len(past)})"):
        for saved in reversed(past):
            show_break(saved)

with st.expander("Add a break"):
    with st.form(f"pause_{rev}", border=False):
        days = st.columns(2)
        first = days[0].date_input("First day", value=today, format="DD/MM/YYYY")
        last = days[1].date_input(
            "Last day", value=today + dt.timedelta(days=6), format="DD/MM/YYYY"
        )
        reason = st.selectbox("Why", list(PauseReason), format_func=lambda r: r.label)
        pause_note = st.text_input("Note (optional)", max_chars=2000)
        pause_clicked = st.form_submit_button("Add this break", type="primary", width="stretch")
    if pause_clicked:
        attempt(
            lambda: store.add_pause(db, Pause(first, last, reason, pause_note)),
            f"Break added: {first:%d %b} to {last:%d %b}.",
        )

# --- Calendar ----------------------------------------------------------------------------------

st.subheader("Reminders in your calendar")
st.caption(
    "Download your planned sessions and open the file with your calendar app. Each session "
    "lists its exercises and doses and can ring a reminder."
)
weekdays = st.multiselect(
    "Session days",
    options=range(7),
    default=prog.default_weekdays(target),
    format_func=lambda d: prog.WEEKDAY_NAMES[d],
    placeholder="Choose the days you exercise",
)
when = st.columns(2)
start_time = when[0].time_input("Time", value=dt.time(18, 0), step=dt.timedelta(minutes=15))
weeks = when[1].number_input("Weeks ahead", min_value=1, max_value=12, value=4)
remind = st.checkbox("Remind me 15 minutes before", value=True)
if weekdays and len(weekdays) != target:
    st.caption(f"You picked {len(weekdays)} days a week; your target is {target}.")
plan = prog.plan_sessions(
    items,
    start=today,
    weeks=int(weeks),
    weekdays=weekdays,
    pauses=[saved.value for saved in breaks],
    nordic_done=nordic_done,
)


def calendar_bytes(plan: list, *, start_time: dt.time, reminder_minutes: int | None) -> bytes:
    return ical.calendar_text(
        plan,
        start_time=start_time,
        stamp=dt.datetime.now(dt.UTC),
        reminder_minutes=reminder_minutes,
    ).encode("utf-8")


if not items:
    st.info("Add exercises to your programme first.", icon=":material/playlist_add:")
elif not plan:
    st.info("Pick at least one day outside your breaks.", icon=":material/event_busy:")
else:
    st.caption(
        f"{len(plan)} session{'s' if len(plan) > 1 else ''}, from {plan[0].day:%a %d %b} to "
        f"{plan[-1].day:%a %d %b}."
    )
    st.download_button(
        "Download my sessions (.ics)",
        # Written when the button is clicked, not on every rerun of this page.
        data=partial(
            calendar_bytes, plan, start_time=start_time, reminder_minutes=15 if remind else None
        ),
        file_name=ical.file_name(today),
        mime="text/calendar",
        icon=":material/calendar_add_on:",
        type="primary",
        width="stretch",
    )

ui.standing_note()
