"""Return to sport: the tests on both legs, their symmetry, the running and the checklist."""

import streamlit as st

import hamtrack_ui as ui
from hamtrack import charts
from hamtrack import db as store
from hamtrack import return_to_sport_view as view
from hamtrack.injury import INJURED_LABELS
from hamtrack.models import EARLIEST_DAY, Side, ValidationError
from hamtrack.return_to_sport import (
    BOTH_INJURED_REASON,
    JOGGING_EFFORT_MAX,
    MEASURE_GUIDES,
    RUNNING_NOTE_MAX_CHARS,
    RUNNING_STEPS,
    Leg,
    Measure,
    MeasureKind,
    RunningEntry,
    Status,
    StrengthUnit,
    checklist_summary,
    running_warning,
)

RANGE_KINDS = (MeasureKind.KNEE_EXTENSION, MeasureKind.STRAIGHT_LEG_RAISE)
RANGE_LABELS = {
    MeasureKind.KNEE_EXTENSION: "Knee extension",
    MeasureKind.STRAIGHT_LEG_RAISE: "Straight-leg raise",
}
RESULT_WORDS = {
    MeasureKind.KNEE_EXTENSION: "degrees short of straight",
    MeasureKind.STRAIGHT_LEG_RAISE: "degrees from the floor",
    MeasureKind.BRIDGE: "repetitions",
}
STATUS_ICONS = {
    Status.MET: ":material/check_circle:",
    Status.NOT_MET: ":material/pending:",
    Status.MISSING: ":material/help:",
    Status.FOR_PHYSIOTHERAPIST: ":material/medical_information:",
}
RUNS_SHOWN = 10
CORRECTABLE = 30
"""The latest results and runs offered for deletion (a typing slip is found soon after)."""
DRAWING_WIDTH = 200
"""Pixels: small beside the boxes, still readable on a phone."""

SYMMETRY_ORDER = view.SYMMETRY_KINDS


db = ui.database()
today = ui.today()
current = store.injury_profile(db)
injured_side = None if current is None else Side(current.profile.injured_side)
# Built once per content of each table: a rerun, or one after a check-in, reads the rows only.
tests = store.stored_measures(db)
stored_tests = list(tests.records)
stored_runs = list(store.stored_running_entries(db).records)
saved = [s.value for s in stored_tests]
runs = [s.value for s in stored_runs]

st.title("Return to sport")
st.caption(
    "The tests and the checklist a physiotherapist uses before a return to sport. HamTrack "
    "shows which criteria your logs meet; your physiotherapist decides when you go back."
)

if injured_side is None:
    st.info(
        "Tell HamTrack which hamstring is injured: the tests compare the injured leg with the "
        "other one, and the checklist needs to know which is which. You can log tests and runs "
        "here meanwhile.",
        icon=":material/healing:",
    )
    st.page_link(
        "pages/injury.py", label="Set up My injury", icon=":material/healing:", width="stretch"
    )
else:
    st.markdown(f"Injured: **{INJURED_LABELS[injured_side]}** (from My injury).")

retest = ui.cached_read(view.read_retest, db, today=today)
if retest is not None:
    if retest.is_due:
        st.info(retest.text, icon=":material/event_repeat:")
    else:
        st.caption(retest.text)

# ----- Tests on both legs --------------------------------------------------------------------

st.subheader("Tests on both legs")
ui.show_flash("measures")
logged_range = [m.kind for m in saved if m.kind in RANGE_KINDS]
range_kind = st.segmented_control(
    "Range test",
    RANGE_KINDS,
    format_func=RANGE_LABELS.__getitem__,
    default=logged_range[-1] if logged_range else MeasureKind.KNEE_EXTENSION,
    required=True,
    key="range_kind",
    help="Use the test your physiotherapist uses, and keep to it so the weeks compare.",
)
unit = store.strength_unit(db)
# Outside the form, so the strength boxes name the unit as soon as it is chosen.
if unit is None:
    strength_unit = st.radio(
        "Your dynamometer reads in",
        list(StrengthUnit),
        format_func=lambda u: "kilograms (kg)" if u is StrengthUnit.KG else "newtons (N)",
        horizontal=True,
        help="Chosen once, with your first strength test; every later test uses it.",
        key="strength_unit",
    )
else:
    strength_unit = unit
token = ui.form_token("measures")

with st.form(f"measures_{token}", border=False):
    day = st.date_input(
        "Date of the tests",
        value=today,
        max_value=today,
        min_value=EARLIEST_DAY,
        format="DD/MM/YYYY",
    )
    st.caption(
        "Leave a box empty for a test you did not do. Pain during: 0 for none, 10 for the worst "
        "imaginable."
    )
    entries: list[tuple[MeasureKind, Leg, object, object]] = []
    for kind in (range_kind, MeasureKind.BRIDGE, MeasureKind.STRENGTH):
        guide = MEASURE_GUIDES[kind]
        with st.container(border=True):
            st.markdown(f"**{kind.label}**")
            drawing, how = st.columns([2, 3], vertical_alignment="center")
            ui.drawing(guide.drawing_svg, width=DRAWING_WIDTH, into=drawing)
            how.markdown(guide.how)
            words = f"{strength_unit}" if kind is MeasureKind.STRENGTH else RESULT_WORDS[kind]
            for leg, column in zip(Leg, st.columns(2), strict=True):
                value = column.number_input(
                    f"{kind.short.capitalize()}, {leg} leg ({words})",
                    value=None,
                    step=0.5 if kind is MeasureKind.STRENGTH else 1,
                    format="%.1f" if kind is MeasureKind.STRENGTH else "%d",
                    key=f"{kind}_{leg}_{token}",
                )
                pain = column.number_input(
                    f"{kind.short.capitalize()}, {leg} leg: pain during (0–10)",
                    value=None,
                    step=1,
                    key=f"{kind}_{leg}_pain_{token}",
                )
                entries.append((kind, leg, value, pain))
    submitted = st.form_submit_button(
        "Save the tests", type="primary", icon=":material/check:", width="stretch"
    )
    if submitted:
        with ui.saving() as outcome:
            problems: list[str] = []
            measures: list[Measure] = []
            for kind, leg, value, pain in entries:
                if value is None:
                    if pain is not None:
                        problems.append(
                            f"{kind.short.capitalize()}, {leg} leg: give the result too, or "
                            "clear its pain."
                        )
                    continue
                try:
                    measures.append(
                        Measure(
                            day,
                            leg,
                            kind,
                            value,
                            pain=pain,
                            unit=strength_unit if kind is MeasureKind.STRENGTH else None,
                        )
                    )
                except ValidationError as refused:
                    problems += [f"{leg.capitalize()} leg: {p}" for p in refused.problems]
            if not measures and not problems:
                problems.append("Enter at least one result, on either leg.")
            if problems:
                raise ValidationError(problems)
            store.add_measures(db, measures, today=today)
        if outcome.ok:
            ui.renew_form_token("measures")
            ui.flash(
                "measures",
                f"Saved {len(measures)} result{'s' if len(measures) != 1 else ''} of "
                f"{day:%d %b %Y}.",
            )
            st.rerun()

if stored_tests:
    with st.expander("Correct a mistyped result"):
        latest_tests = list(reversed(stored_tests[-CORRECTABLE:]))
        wrong = st.selectbox(
            "Result to delete",
            latest_tests,
            format_func=lambda s: (
                f"{s.value.day:%d %b %Y} · {s.value.kind.short} · {s.value.leg} leg · "
                f"{s.value.amount}" + ("" if s.value.pain is None else f" · pain {s.value.pain}")
            ),
            key="delete_test",
        )
        if st.button("Delete this result", icon=":material/delete:", key="delete_test_button"):
            with ui.saving() as outcome:
                store.delete_measure(db, wrong.id)
            if outcome.ok:
                ui.flash("measures", "Deleted. Enter the right result above.")
                st.rerun()

# ----- Symmetry ------------------------------------------------------------------------------

st.subheader("Symmetry between the legs")
if not saved:
    st.caption(
        "Log a test on both legs on the same day to see how the injured leg compares with the "
        "other."
    )
elif injured_side is None:
    st.caption("Set the injured side in My injury to compare the legs.")
elif injured_side is Side.BOTH:
    st.info(
        f"{BOTH_INJURED_REASON[0].upper()}{BOTH_INJURED_REASON[1:]}: HamTrack shows no index. "
        "A physiotherapist compares each leg with its own earlier tests, your level before the "
        "injury or reference values for your sport.",
        icon=":material/medical_information:",
    )
else:
    # Worked out once per content of the tests and the injured side (not per revision), so
    # a check-in or a session saved leaves it, and its charts, as they were.
    compared = view.read_symmetry(db, tests)
    for kind in SYMMETRY_ORDER:
        by_day = compared.by_kind[kind]
        if not by_day:
            continue
        latest = by_day[-1]
        st.markdown(f"**{kind.label}**")
        verdict = f"; {latest.target}" if latest.value is not None else ""
        st.markdown(ui.plain(f"{latest.day:%d %b %Y}: {latest.text}{verdict}"))
        if (compared.frame["test"] == kind.short).any():
            ui.altair_chart(
                (*compared.key, kind.value),
                charts.symmetry_chart,
                compared.frame,
                test=kind.short,
                alt=compared.in_words[kind],
            )
        if len(by_day) > 1:
            with st.expander(f"Each date ({len(by_day)})"):
                st.table(compared.days[kind])
    st.caption("Dashed line: what the checklist asks for.")

# ----- Running progression -------------------------------------------------------------------

st.subheader("Running progression")
if ui.show_flash("running"):
    kept = st.session_state.get("_running_warning")
    if kept:
        st.warning(kept, icon=":material/warning:")
steps = list(RUNNING_STEPS)
slug = st.selectbox(
    "Step",
    steps,
    index=steps.index(runs[-1].step) if runs else 0,
    format_func=lambda s: RUNNING_STEPS[s].name,
    key="running_step",
)
step = RUNNING_STEPS[slug]
st.caption(f"{step.dose_text}. Aim: about {step.effort} % of your full speed.")
with st.expander("How to do it"):
    st.markdown(f"**Set up.** {step.setup}")
    st.markdown(f"**Do.** {step.movement}")
    st.markdown(f"**Should feel.** {step.feel}")
    st.markdown(f"**Stop if.** {step.stop}")
if step.effort > JOGGING_EFFORT_MAX:
    before = running_warning(RunningEntry(today, slug, step.effort, 0), runs)
    if before is not None:
        st.warning(before, icon=":material/warning:")

running_token = ui.form_token("running")
with st.form(f"running_{running_token}", border=False):
    run_day = st.date_input(
        "Date of the run",
        value=today,
        max_value=today,
        min_value=EARLIEST_DAY,
        format="DD/MM/YYYY",
        key=f"run_day_{running_token}",
    )
    left, right = st.columns(2)
    effort = left.number_input(
        "Effort reached (% of full speed)",
        value=step.effort,
        step=5,
        key=f"effort_{slug}_{running_token}",
    )
    run_pain = right.number_input(
        "Pain during the run (0–10)", value=None, step=1, key=f"run_pain_{running_token}"
    )
    note = st.text_input(
        "Note (optional)",
        max_chars=RUNNING_NOTE_MAX_CHARS,
        placeholder="e.g. windy, felt tight at the start",
        key=f"run_note_{running_token}",
    )
    if st.form_submit_button(
        "Save the run", type="primary", icon=":material/check:", width="stretch"
    ):
        with ui.saving() as outcome:
            if run_pain is None:
                raise ValidationError(["Give the pain during the run: 0 if it did not hurt."])
            entry = RunningEntry(run_day, slug, effort, run_pain, note=note.strip())
            warning = running_warning(entry, runs)
            store.add_running_entry(db, entry, today=today)
        if outcome.ok:
            ui.renew_form_token("running")
            st.session_state["_running_warning"] = warning
            ui.flash("running", f"Saved: {entry.name}, {entry.effort} %, pain {entry.pain}/10.")
            st.rerun()

if runs:
    st.dataframe(
        [
            {
                "Date": f"{r.day:%d %b %Y}",
                "Step": r.name,
                "Effort %": r.effort,
                "Pain": r.pain,
                "Note": r.note,
            }
            for r in reversed(runs[-RUNS_SHOWN:])
        ],
        hide_index=True,
        width="stretch",
    )

    with st.expander("Correct a mistyped run"):
        wrong_run = st.selectbox(
            "Run to delete",
            list(reversed(stored_runs[-CORRECTABLE:])),
            format_func=lambda s: (
                f"{s.value.day:%d %b %Y} · {s.value.name} · {s.value.effort} % · "
                f"pain {s.value.pain}"
            ),
            key="delete_run",
        )
        if st.button("Delete this run", icon=":material/delete:", key="delete_run_button"):
            with ui.saving() as outcome:
                store.delete_running_entry(db, wrong_run.id)
            if outcome.ok:
                st.session_state["_running_warning"] = None
                ui.flash("running", "Deleted. Log the run again as it was.")
                st.rerun()

# ----- Checklist -----------------------------------------------------------------------------

st.subheader("Return-to-sport checklist")
# Read once per revision and day: the checklist walks every test, run and check-in.
results = ui.cached_read(view.read_checklist, db, today=today)
summary = checklist_summary(results)
if all(r.met for r in results):
    st.success(summary, icon=":material/sports:")
else:
    st.info(summary, icon=":material/checklist:")
for result in results:
    with st.container(border=True):
        st.markdown(
            f"{STATUS_ICONS[result.status]} **{result.criterion.title}** · {result.status.label}"
        )
        st.markdown(ui.plain(result.text[0].upper() + result.text[1:]))
st.caption(
    "Each criterion is read from your logs, never ticked by hand. A physiotherapist decides "
    "with you when to go back to full training and matches."
)

ui.standing_note()
