"""The clinician summary: what a physiotherapist asks in the first minute, for one period.

`clinician_summary` gathers it: the period, phase history and programme, adherence, pain per
region and stiffness, each exercise with the dose actually done and its pain, the Nordic
sessions against the protocol's 27, the back questionnaire section by section, pauses, warning
signs and flags counted against how often they could have happened, the return-to-sport logs
when there is anything to say (the latest tests on both legs with their symmetry, the checklist,
the running step reached, the re-test due day), and, only when the person asks, their notes.
Every number and verdict comes from the one function of its rule (hamtrack.trends_view, trends,
adherence, flags, nordic, oswestry, return_to_sport and return_to_sport_view; docs/rules.md):
this module only gathers them and puts them into sentences and table rows.

The HTML page (`render_html`, from the template data/summary.html.j2) and the PDF
(hamtrack.summary_pdf) draw the same rows, so they always say the same thing. The page is
self-contained (charts are inline SVG images laid out by hamtrack.paper_charts, no browser or
network needed); the template escapes everything it is given, so text from the person stays text.
"""

from __future__ import annotations

import base64
import datetime as dt
from collections import Counter
from dataclasses import dataclass
from fractions import Fraction
from functools import cache

import jinja2
import pandas as pd
from sqlite_utils import Database

from hamtrack import (
    adherence,
    nordic,
    oswestry,
    paper_charts,
    psfs_view,
    return_to_sport_view,
    trends,
    trends_view,
)
from hamtrack import db as store
from hamtrack import return_to_sport as rts
from hamtrack.catalogue import exercise_name
from hamtrack.enums import Region
from hamtrack.flags import Flag, FlagKind
from hamtrack.injury import INJURED_LABELS, InjuryCause, InjuryProfile
from hamtrack.models import BAND_LEVELS, Pause, Phase, ProgrammeExercise, Side
from hamtrack.naming import Period, period_of, plural
from hamtrack.naming import day_text as _day
from hamtrack.numbers import one_decimal
from hamtrack.plan import dose_text
from hamtrack.records import PhaseChange
from hamtrack.return_to_sport import (
    CriterionResult,
    Leg,
    Measure,
    MeasureKind,
    Retest,
    RunningEntry,
    Status,
    all_criteria_met,
    checklist_summary,
)
from hamtrack.safety import (
    RED_FLAGS_BY_KEY,
    STANDING_NOTE,
    Urgency,
    clinician_summary_lines,
)
from hamtrack.weeks import monday_of, range_start

PAIN_SIZE = (700, 125)
HALF_SIZE = (340, 175)
"""Whole chart sizes in CSS pixels, axes and legend included: the pain chart spans the page
(186 mm is about 703 px), the adherence and questionnaire charts share a row."""
FLAGS_LISTED = 3
"""Days of a flag (and check-ins with warning signs) listed, newest first; the rest are
counted, so the first page keeps its verdicts."""
NOTES_LISTED = 60
"""Notes shown when the person includes them, newest first; older ones are counted (they are
all in the CSV files)."""
NOTE_CHARS = 400
"""Characters of one note shown; a longer note is cut with an ellipsis."""


@dataclass(frozen=True, slots=True)
class WarningSign:
    """A check-in at which the person ticked warning signs."""

    day: dt.date
    time: str
    keys: tuple[str, ...]

    @property
    def urgent(self) -> bool:
        return any(
            RED_FLAGS_BY_KEY[k].urgency is Urgency.EMERGENCY
            for k in self.keys
            if k in RED_FLAGS_BY_KEY
        )


@dataclass(frozen=True, slots=True)
class AdherenceFacts:
    """Adherence over the complete weeks of the period (the week in progress is left out)."""

    weeks_counted: int
    """Complete weeks that had a target (fully paused weeks are not counted)."""
    weeks_met: int
    mean_percent: float | None
    sessions: int
    streak: int
    habit_score: float | None


@dataclass(frozen=True, slots=True)
class Stiffness:
    """Weekly mean morning stiffness (0–10) in the weeks the period's pain verdict compares."""

    earlier_week: dt.date
    later_week: dt.date
    earlier: float | None
    later: float | None


@dataclass(frozen=True, slots=True)
class ExerciseFacts:
    """How one exercise was done over the period."""

    exercise: str
    in_programme: bool
    times_done: int
    """Days it was done."""
    session_days: int
    """Days with any session since it joined the programme (in the period)."""
    usual_dose: str
    """The dose logged most often, e.g. '3 × 10' or '2 × 30 s'; '' when not done."""
    latest_dose: str
    bands: str
    """The bands used, e.g. 'light to medium'; '' without a band."""
    pain_mean: float | None
    pain_max: int | None

    @property
    def name(self) -> str:
        return exercise_name(self.exercise)


@dataclass(frozen=True, slots=True)
class NordicFacts:
    """The Nordic sessions logged against the protocol's sequence of 27 (docs/rules.md §1)."""

    logged: int
    """Days with a Nordic session up to the period's end."""
    in_period: int
    next_dose: nordic.NordicDose
    """The dose of the next session: its place in the sequence follows the sessions logged."""


@dataclass(frozen=True, slots=True)
class QuestionnaireAnswers:
    """The back questionnaire section by section, at the baseline and at the latest response
    of one definition (a baseline never spans two definitions, docs/rules.md §6)."""

    definition: str
    """Which definition, as the reader should know it."""
    baseline_day: dt.date
    latest_day: dt.date | None
    """None when the only scored response is the baseline itself."""
    sections: tuple[tuple[str, int | None, int | None], ...]
    """(section title, answer at baseline, answer at the latest): 0–5, None when skipped."""


@dataclass(frozen=True, slots=True)
class Note:
    """A note the person wrote, shown only when they include their notes."""

    day: dt.date
    where: str
    text: str


@dataclass(frozen=True, slots=True)
class TestPair:
    """One test's latest day: the best trial of each leg and the symmetry figure between them."""

    kind: MeasureKind
    day: dt.date
    left: Measure | None
    right: Measure | None
    shown: str
    """The index or difference as return_to_sport_view.symmetry_frame shows it ('77 %',
    '12°'), never rounded across its line; '' when there is none (one leg only, no profile,
    both legs injured)."""
    value: float | None
    """The exact figure behind `shown` (its sign says which way range differs)."""
    meets: bool


@dataclass(frozen=True, slots=True)
class ReturnToSportFacts:
    """The return-to-sport logs as of the period's end (docs/rules.md §9)."""

    injured_side: Side | None
    tests: tuple[TestPair, ...]
    """Each test's latest day up to the period's end, in the checklist's order."""
    checklist: tuple[CriterionResult, ...]
    runs_in_period: int
    latest_run: RunningEntry | None
    fastest_run: RunningEntry | None
    """The run at the highest effort up to the period's end (the latest of equals)."""
    retest: Retest | None
    """When both legs are next due a test; None before the late phases."""


@dataclass(frozen=True, slots=True)
class PsfsFacts:
    """The activities the person finds hard (PSFS) as of the period's end (docs/rules.md §9)."""

    latest: rts.PsfsResponse
    """The latest rating up to the period's end: the activities as the person named them."""
    scores: psfs_view.PsfsSummary
    """Its score, the change of the mean since the first rating and each activity's own."""
    in_period: int
    """How many ratings fall in the period."""


@dataclass(frozen=True, slots=True)
class ClinicianSummary:
    """Everything the summary shows, for one period."""

    generated_on: dt.date
    first_week: dt.date | None
    """The Monday of the first week shown; None when nothing is logged."""
    last_day: dt.date
    is_demo: bool
    phase: Phase | None
    phase_since: dt.date | None
    weekly_target: int
    programme: tuple[ProgrammeExercise, ...]
    view: trends_view.TrendsView
    period_pain: trends.PainTrend | None
    """Weekly mean pain, the first complete week of the period against the last complete one."""
    adherence: AdherenceFacts
    warning_signs: tuple[WarningSign, ...]
    nordic_done: tuple[dt.date, ...] = ()
    """Days with a Nordic session up to the period's end (its dose follows them)."""
    injury: InjuryProfile | None = None
    """The current injury profile, when one is set (docs/rules.md §9); its history questions
    give standing notes for the clinician (docs/rules.md §8)."""
    period: Period | None = None
    """The days the summary covers, named as every file name names them."""
    region_pain: tuple[tuple[Region, trends.PainTrend | None], ...] = ()
    """Each region's weekly mean pain over the same complete weeks as `period_pain`."""
    stiffness: Stiffness | None = None
    exercises: tuple[ExerciseFacts, ...] = ()
    nordic: NordicFacts | None = None
    questionnaire: QuestionnaireAnswers | None = None
    phase_history: tuple[PhaseChange, ...] = ()
    """Every move to a phase up to the period's end, oldest first."""
    pauses: tuple[Pause, ...] = ()
    """The pauses overlapping the period."""
    check_ins: int = 0
    exercises_done: int = 0
    """Exercises done in the period, one per exercise and day (the chances of an exercise flag)."""
    session_days: int = 0
    weeks_over: int = 0
    """Weeks of the period that are over (the chances of a weekly flag)."""
    include_notes: bool = False
    notes: tuple[Note, ...] = ()
    """The person's notes in the period, newest first (only when they include them)."""
    return_to_sport: ReturnToSportFacts | None = None
    """None when there is nothing to say: no test or run logged and not in a late phase."""
    psfs: PsfsFacts | None = None
    """None when no activity was rated in or before the period."""

    @property
    def weeks(self) -> int:
        if self.first_week is None:
            return 0
        return (monday_of(self.last_day) - self.first_week).days // 7 + 1

    @property
    def flags(self) -> tuple[Flag, ...]:
        found = tuple(self.view.flags)
        return found + ((self.view.persistent,) if self.view.persistent else ())


# ---------------------------------------------------------------------------------------------
# Gathering.


def _weeks_back(as_of: dt.date, since: dt.date | None) -> int | None:
    if since is None:
        return None
    return max(1, (monday_of(as_of) - monday_of(since)).days // 7 + 1)


def _adherence_facts(view: trends_view.TrendsView) -> AdherenceFacts:
    weekly = view.adherence
    if weekly.empty:
        return AdherenceFacts(0, 0, None, view.sessions_logged, 0, None)
    complete = weekly[weekly["complete"].astype(bool)]
    counted = complete[complete["status"] != adherence.WeekStatus.PAUSED]
    percent = counted["percent"].astype("float64")
    return AdherenceFacts(
        weeks_counted=len(counted),
        weeks_met=int((counted["status"] == adherence.WeekStatus.MET).sum()),
        mean_percent=float(percent.mean()) if len(counted) else None,
        sessions=view.sessions_logged,
        streak=adherence.streak(weekly),
        habit_score=float(weekly["habit_score"].iloc[-1]),
    )


def _phase_on(history: tuple[PhaseChange, ...]) -> tuple[Phase | None, dt.date | None]:
    if not history:
        return None, None
    return history[-1].phase, history[-1].day


def _warning_signs(check_ins: pd.DataFrame) -> tuple[WarningSign, ...]:
    frame = check_ins[check_ins["red_flags"] != ""]
    return tuple(
        WarningSign(day=r.day.date(), time=r.time, keys=tuple(sorted(r.red_flags.split(","))))
        for r in frame.itertuples()
    )


REGION_COLUMNS = {
    Region.LEFT_HAMSTRING: "pain_left_hamstring",
    Region.RIGHT_HAMSTRING: "pain_right_hamstring",
    Region.LOW_BACK: "pain_low_back",
}


def _region_pain(
    check_ins: pd.DataFrame, *, first: dt.date, last: dt.date, weeks: int
) -> tuple[tuple[Region, trends.PainTrend | None], ...]:
    """Each region's pain verdict over the period, by the same rules as the headline pain:
    a day's mean of its check-ins, a week's mean of its days, complete weeks only (§2)."""
    found = []
    for region, column in REGION_COLUMNS.items():
        values = pd.to_numeric(check_ins[column]).astype("float64")
        days = values.groupby(check_ins["day"]).agg(["mean", "min", "max"])
        daily = pd.DataFrame(
            {
                "day": days.index,
                "mean_pain": days["mean"].to_numpy(),
                "min_pain": days["min"].to_numpy(),
                "max_pain": days["max"].to_numpy(),
                "morning_pain": float("nan"),
                "morning_stiffness": float("nan"),
            }
        )
        weekly = trends.weekly_pain(daily, first=first, last=last)
        found.append((region, trends.pain_trend(weekly, today=last, weeks=weeks)))
    return tuple(found)


def _stiffness(view: trends_view.TrendsView, trend: trends.PainTrend | None) -> Stiffness | None:
    if trend is None or view.pain_weekly.empty:
        return None
    by_week = view.pain_weekly.set_index("week_start")["stiffness_mean"]

    def at(week: dt.date) -> float | None:
        value = by_week.get(pd.Timestamp(week))
        return None if value is None or pd.isna(value) else float(value)

    return Stiffness(
        trend.earlier_week, trend.later_week, at(trend.earlier_week), at(trend.later_week)
    )


def dose_done(sets: object, reps: object, hold_s: object) -> str:
    """One logged dose in short form: '3 × 10', '2 × 30 s', '10', '30 s'."""

    def whole(value: object) -> int | None:
        return None if value is None or pd.isna(value) else int(value)

    count, per_set = whole(sets), whole(reps)
    held = whole(hold_s)
    amount = f"{held} s" if held is not None else ("" if per_set is None else str(per_set))
    if not amount:
        return f"{count} sets" if count else ""
    return f"{count} × {amount}" if count else amount


def _bands(levels: pd.Series) -> str:
    used = sorted({int(level) for level in levels.dropna() if int(level) > 0})
    if not used:
        return ""
    low, high = BAND_LEVELS[used[0]].lower(), BAND_LEVELS[used[-1]].lower()
    return low if low == high else f"{low} to {high}"


def _exercise_facts(view: trends_view.TrendsView, done: pd.DataFrame) -> tuple[ExerciseFacts, ...]:
    """Each exercise of `trends.exercise_summary` (times done, pain) with the doses logged."""
    # Each exercise's doses in the order logged, each distinct dose worded once: ten years
    # hold thousands of rows but a handful of doses.
    logged: dict[str, list[str]] = {}
    if len(done):
        worded: dict[tuple[object, ...], str] = {}
        columns = [
            done[name].astype(object).where(done[name].notna(), None).tolist()
            for name in ("sets", "reps", "hold_s")
        ]
        for exercise, dose in zip(
            done["exercise"].tolist(), zip(*columns, strict=True), strict=True
        ):
            if dose not in worded:
                worded[dose] = dose_done(*dose)
            if worded[dose]:
                logged.setdefault(exercise, []).append(worded[dose])
    facts = []
    for row in view.exercises.itertuples():
        rows = done[done["exercise"] == row.exercise] if len(done) else done
        doses = logged.get(row.exercise, [])
        usual = ""
        if doses:
            counts = Counter(doses)
            top = max(counts.values())
            # A tie goes to the dose done most recently.
            usual = next(d for d in reversed(doses) if counts[d] == top)
        facts.append(
            ExerciseFacts(
                exercise=row.exercise,
                in_programme=bool(row.in_programme),
                times_done=int(row.times_done),
                session_days=int(row.session_days),
                usual_dose=usual,
                latest_dose=doses[-1] if doses else "",
                bands=_bands(rows["band_level"]) if len(rows) else "",
                pain_mean=None if pd.isna(row.pain_mean) else float(row.pain_mean),
                pain_max=None if pd.isna(row.pain_max) else int(row.pain_max),
            )
        )
    return tuple(facts)


def _nordic_facts(
    done: tuple[dt.date, ...], *, first: dt.date | None, last: dt.date, planned: bool
) -> NordicFacts | None:
    if not done and not planned:
        return None
    in_period = sum(1 for day in done if first is None or day >= first)
    after = last + dt.timedelta(days=1)
    return NordicFacts(len(done), in_period, nordic.nordic_dose(done, on=after))


OURS_CALLED = "Oswestry-style (HamTrack's own wording), not the licensed ODI text"


def _definition_for(questionnaire_id: str, version: str) -> tuple[str, oswestry.Definition | None]:
    """How to name a definition, and its text when HamTrack has it."""
    ours = oswestry.packaged_definition()
    if questionnaire_id == ours.id:
        # Every version of ours is our own wording; only the current one's text is at hand.
        label = f"{OURS_CALLED}; {oswestry.definition_label(questionnaire_id, version)}"
        return label, ours if version == ours.version else None
    try:
        in_use = oswestry.default_definition()
    except oswestry.DefinitionError:
        in_use = None
    label = oswestry.definition_label(questionnaire_id, version)
    if in_use is not None and (questionnaire_id, version) == (in_use.id, in_use.version):
        return f"{in_use.title} ({label})", in_use
    return label, None


def _questionnaire(db: Database, frame: pd.DataFrame) -> QuestionnaireAnswers | None:
    """The baseline and latest responses of the latest score's definition, section by section.

    `frame` is `oswestry.scores_frame` of every response up to the period's end (the trends
    have it): only the two responses shown are read again, answer by answer.
    """
    scored = frame[frame["percent"].notna()]
    if scored.empty:
        return None
    latest_id = int(scored["response_id"].iloc[-1])
    progress = oswestry.progress_of(frame, latest_id)
    if progress is None:
        return None
    try:
        latest = store.get_questionnaire_response(db, latest_id)
        baseline = latest
        if progress.baseline_day is not None:
            same = scored[
                (scored["questionnaire_id"] == latest.questionnaire_id)
                & (scored["questionnaire_version"] == latest.questionnaire_version)
            ]
            baseline_id = int(same["response_id"].iloc[0])
            if baseline_id != latest_id:
                baseline = store.get_questionnaire_response(db, baseline_id)
    except store.RecordMissing:
        # Deleted elsewhere while the summary was being read: the table is left out rather
        # than the whole summary failing; the next summary has it again.
        return None
    label, definition = _definition_for(latest.questionnaire_id, latest.questionnaire_version)
    titles = {s.id: s.title for s in definition.sections} if definition is not None else {}
    base_answers = dict(zip(baseline.section_ids, baseline.answers, strict=True))
    rows = tuple(
        (
            titles.get(section, section.replace("_", " ").capitalize()),
            base_answers.get(section),
            answer,
        )
        for section, answer in zip(latest.section_ids, latest.answers, strict=True)
    )
    return QuestionnaireAnswers(
        definition=label,
        baseline_day=baseline.day,
        latest_day=None if baseline is latest else latest.day,
        sections=rows,
    )


def _notes(
    check_ins: pd.DataFrame,
    exercises: pd.DataFrame,
    *,
    first: dt.date | None,
    pauses: tuple[Pause, ...],
    history: tuple[PhaseChange, ...],
) -> tuple[Note, ...]:
    found: list[Note] = []
    for row in check_ins.itertuples():
        if row.note.strip():
            found.append(Note(row.day.date(), f"check-in {row.time}", row.note))
    if len(exercises):
        sessions = exercises.drop_duplicates("session_id")
        for row in sessions.itertuples():
            if row.session_note.strip():
                found.append(Note(row.day.date(), "session", row.session_note))
        for row in exercises.itertuples():
            if row.note.strip():
                found.append(Note(row.day.date(), exercise_name(row.exercise), row.note))
    for pause in pauses:
        if pause.note.strip():
            found.append(Note(pause.start, f"pause ({pause.reason.label.lower()})", pause.note))
    for change in history:
        if change.note.strip() and (first is None or change.day >= first):
            found.append(Note(change.day, f"phase: {change.phase.label}", change.note))
    return tuple(sorted(found, key=lambda n: n.day, reverse=True))


def _exercises_from(exercises: pd.DataFrame, first: dt.date | None) -> pd.DataFrame:
    """The exercises done from `first` on, as `db.session_exercises_frame` reads them."""
    if first is None or exercises.empty:
        return exercises.copy()
    return exercises[exercises["day"] >= pd.Timestamp(first)].reset_index(drop=True)


def clinician_summary(
    db: Database,
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
    today: dt.date | None = None,
    include_notes: bool = False,
) -> ClinicianSummary:
    """The summary of the weeks from `since`'s week to `until` (default: all, up to today).

    With `until` before today the summary is the one HamTrack would have shown that day. The
    person's notes are gathered only when they ask (`include_notes`).
    """
    today = today or dt.date.today()
    as_of = min(until, today) if until is not None else today
    if since is not None and since > as_of:
        raise ValueError(f"The period starts ({since}) after it ends ({as_of}).")
    period = period_of(since, until, today=today, first_logged=store.first_logged_day(db))
    weeks = _weeks_back(as_of, since)
    data = trends.read_trend_data(db, today=as_of, since=range_start(as_of, weeks))
    view = trends_view.trends_view(data, weeks=weeks)
    period_pain = None
    span = 0
    if view.since is not None:
        span = (monday_of(as_of) - view.since).days // 7 + 1
        period_pain = trends.pain_trend(view.pain_weekly, today=as_of, weeks=span)
    history = tuple(store.phase_changes(db, until=as_of))
    phase, phase_since = _phase_on(history)
    profile = store.get_profile(db)
    programme = data.programme
    check_ins = store.check_ins_frame(db, since=view.since, until=as_of)
    # The trends read every exercise of the period already (and a few weeks before it).
    done = _exercises_from(data.exercises, view.since)
    nordic_done = nordic.read_nordic_days(db, until=as_of)
    pauses = tuple(
        pause
        for pause in data.pauses
        if pause.start <= as_of and (view.since is None or pause.end >= view.since)
    )
    weeks_over = 0
    if view.since is not None:
        # The week of the last day is still in progress: it could not have fired a weekly flag.
        weeks_over = max(0, (monday_of(as_of) - view.since).days // 7)
    return ClinicianSummary(
        generated_on=today,
        first_week=view.since,
        last_day=as_of,
        is_demo=profile.is_demo,
        phase=phase,
        phase_since=phase_since,
        weekly_target=profile.weekly_target,
        programme=programme,
        view=view,
        period_pain=period_pain,
        adherence=_adherence_facts(view),
        warning_signs=_warning_signs(check_ins),
        nordic_done=nordic_done,
        period=period,
        region_pain=(
            _region_pain(check_ins, first=view.since, last=as_of, weeks=span)
            if view.since is not None and len(check_ins)
            else ()
        ),
        stiffness=_stiffness(view, period_pain),
        exercises=_exercise_facts(view, done),
        nordic=_nordic_facts(
            nordic_done,
            first=view.since,
            last=as_of,
            planned=any(item.exercise == nordic.NORDIC for item in programme),
        ),
        questionnaire=_questionnaire(db, data.scores),
        phase_history=history,
        pauses=pauses,
        check_ins=len(check_ins),
        exercises_done=len(done.drop_duplicates(["day", "exercise"])) if len(done) else 0,
        session_days=int(done["day"].nunique()) if len(done) else 0,
        weeks_over=weeks_over,
        include_notes=include_notes,
        notes=(
            _notes(
                check_ins,
                done,
                first=view.since,
                pauses=pauses,
                history=history,
            )
            if include_notes
            else ()
        ),
        injury=_injury(db),
        return_to_sport=_return_to_sport(db, first=view.since, as_of=as_of, phase=phase),
        psfs=_psfs(db, first=period.first, as_of=as_of),
    )


# ---------------------------------------------------------------------------------------------
# Charts as static images.


def chart_images(summary: ClinicianSummary) -> dict[str, str]:
    """The trend charts of the summary as SVG text, by name (only those with data). They draw
    what can be seen at the printed size, so ten years stay small (hamtrack.paper_charts)."""
    return {name: paper_charts.svg(figure) for name, figure in chart_figures(summary).items()}


def chart_figures(summary: ClinicianSummary) -> dict[str, paper_charts.Figure]:
    """The trend charts of the summary laid out at their printed sizes, by name (only those
    with data): the HTML page writes them as SVG, the PDF draws them."""
    view = summary.view
    span = view.span
    figures: dict[str, paper_charts.Figure] = {}
    if span is None:
        return figures
    if not view.adherence.empty:
        figures["adherence"] = paper_charts.adherence_figure(
            view.adherence, pauses=view.pauses, span=span, size=HALF_SIZE
        )
    if view.pain_days:
        figures["pain"] = paper_charts.pain_figure(
            view.pain_weekly, view.pain_daily, pauses=view.pauses, span=span, size=PAIN_SIZE
        )
    if view.latest_score is not None and not view.scores.empty:
        figures["questionnaire"] = paper_charts.questionnaire_figure(
            view.scores,
            band=view.score_band,
            baseline=view.latest_score.baseline,
            span=span,
            size=HALF_SIZE,
        )
    return figures


def adherence_note(summary: ClinicianSummary) -> str:
    """What one bar of the adherence chart stands for."""
    block = paper_charts.summary_block(len(summary.view.adherence), HALF_SIZE[0])
    if block == "week":
        return "Each bar a week, against the weekly target (dashed)."
    return (
        f"Each bar a {block}: its weeks' mean days with a session, against the mean target "
        "(dashed); paused weeks left out."
    )


def pain_note(summary: ClinicianSummary) -> str:
    """What the pain chart draws."""
    if summary.view.pain_daily.empty:
        return "Weekly mean of daily pain, 0–10, over each week's lowest-to-highest band."
    return "Weekly mean of daily pain, 0–10, with each day as a faint point."


# ---------------------------------------------------------------------------------------------
# Sentences and table rows: the HTML page and the PDF draw these.


def _pain(value: float | None) -> str:
    shown = one_decimal(value)
    return "–" if shown is None else f"{shown:.1f}"


def _percent(value: float | None) -> str:
    shown = one_decimal(value)
    return "–" if shown is None else f"{shown:.0f} %"


def change_words(trend: trends.PainTrend) -> str:
    """A change between two weekly means with its verdict: '6.0 → 3.5, down 2.5 (42 %):
    meaningful.' (2 points or more; the percentage as information only, docs/rules.md §2)."""
    if trend.change == 0:
        moved = "unchanged"
    else:
        moved = f"{'down' if trend.change < 0 else 'up'} {abs(trend.change):.1f}"
    if trend.percent is not None and trend.change != 0:
        moved += f" ({abs(trend.percent):.0f} %)"
    verdict = "meaningful" if trend.meaningful else "not meaningful"
    return f"{_pain(trend.earlier)} → {_pain(trend.later)}, {moved}: {verdict}."


def pain_verdict(trend: trends.PainTrend) -> str:
    """A change in weekly mean pain between complete weeks, with its meaningful-change verdict
    (2 points or more; the percentage as information only)."""
    moved = change_words(trend).split(", ", 1)[1]
    return (
        f"{_pain(trend.earlier)} → {_pain(trend.later)} (weeks of {_day(trend.earlier_week)} → "
        f"{_day(trend.later_week)}), {moved}"
    )


def score_verdict(latest: trends.LatestScore) -> str:
    """The newest score against the first of the same definition, with its meaningful-change
    verdict (10 points or more, in the points shown, as on Trends)."""
    label = oswestry.BAND_LABELS.get(latest.band, latest.band)
    text = f"Latest {oswestry.format_percent(latest.percent)} on {_day(latest.day)} ({label})"
    if latest.change is None:
        return text + "; the first scored one, so the baseline."
    change = latest.change
    moved = (
        "no change"
        if change.direction == "same"
        else f"{plural(abs(change.points), 'point')} {change.direction}"
    )
    verdict = "meaningful" if change.meaningful else "not meaningful"
    return (
        f"{text}. Baseline {oswestry.format_percent(latest.baseline)} on "
        f"{_day(latest.baseline_day)}: {moved}, {verdict}. Scores of "
        f"{_definition_for(latest.questionnaire_id, latest.questionnaire_version)[0]}."
    )


def period_text(summary: ClinicianSummary) -> str:
    """The period as the summary states it, in the words its file names use."""
    if summary.first_week is None or summary.period is None:
        return f"Nothing logged up to {_day(summary.last_day)}."
    weeks = plural(summary.weeks, "week")
    start = ""
    if summary.period.first is not None and summary.first_week != summary.period.first:
        start = f", from the week of {_day(summary.first_week)}"
    return f"Period: {summary.period.words} ({weeks}{start})."


def phase_text(summary: ClinicianSummary) -> str:
    phase = (
        f"{summary.phase.label} since {_day(summary.phase_since)}"
        if summary.phase is not None and summary.phase_since is not None
        else "Phase not set"
    )
    return f"{phase}. Weekly target: {plural(summary.weekly_target, 'session')} a week."


def adherence_text(summary: ClinicianSummary) -> str:
    facts = summary.adherence
    sessions = f"{plural(facts.sessions, 'session')} logged"
    if not facts.weeks_counted:
        return f"{sessions}; no complete week with a target yet."
    return (
        f"Target met in {facts.weeks_met} of {plural(facts.weeks_counted, 'complete week')} "
        f"(mean {_percent(facts.mean_percent)} of target); {sessions}; "
        f"current streak {plural(facts.streak, 'week')}; habit score "
        f"{_percent(facts.habit_score).removesuffix(' %')} / 100."
    )


def pain_lines(summary: ClinicianSummary) -> list[tuple[str, str]]:
    """The period's pain verdict, the recent one when it compares other weeks, and this week
    so far (shown, never judged)."""
    lines = []
    if summary.period_pain is not None:
        lines.append(("Over the period", pain_verdict(summary.period_pain)))
    recent = summary.view.pain_trend
    if recent is not None and (
        summary.period_pain is None
        or (recent.earlier_week, recent.later_week)
        != (summary.period_pain.earlier_week, summary.period_pain.later_week)
    ):
        lines.append((f"Last {trends.TREND_WEEKS} weeks", pain_verdict(recent)))
    if not lines:
        lines.append(("", "Too few complete weeks (3+ days with a check-in) for a trend."))
    so_far = summary.view.pain_so_far
    if so_far is not None and so_far.week >= monday_of(summary.last_day):
        lines.append(
            (
                "This week so far",
                f"{_pain(so_far.mean)} over {plural(so_far.days, 'day')}, not judged until it "
                "is over.",
            )
        )
    return lines


def region_rows(summary: ClinicianSummary) -> list[tuple[str, str]]:
    """Pain per region and morning stiffness over the period's first and last complete weeks."""
    rows = []
    for region, trend in summary.region_pain:
        rows.append(
            (region.label, change_words(trend) if trend is not None else "Too few complete weeks.")
        )
    stiff = summary.stiffness
    if stiff is not None and stiff.earlier is not None and stiff.later is not None:
        rows.append(
            (
                "Morning stiffness",
                f"{_pain(stiff.earlier)} → {_pain(stiff.later)} (0–10, the same weeks; no "
                "meaningful-change rule for stiffness).",
            )
        )
    return rows


def region_note(summary: ClinicianSummary) -> str:
    """Which weeks the region rows compare."""
    trend = summary.period_pain
    if trend is None:
        return "Weekly mean pain, 0–10."
    return (
        f"Weekly mean pain, 0–10, week of {_day(trend.earlier_week)} → week of "
        f"{_day(trend.later_week)} (the period's first and last complete weeks); meaningful "
        "change: 2 points or more."
    )


def nordic_text(facts: NordicFacts) -> str:
    """The Nordic sessions logged against the protocol's sequence of 27 (docs/rules.md §1)."""
    logged = (
        f"{plural(facts.in_period, 'session')} in this period, {facts.logged} in all"
        if facts.in_period != facts.logged
        else plural(facts.logged, "session")
    )
    dose = facts.next_dose
    if dose.session > nordic.SESSIONS_IN_PROTOCOL:
        place = (
            f"the protocol's {nordic.SESSIONS_IN_PROTOCOL} sessions are done; the next keeps "
            f"it up ({dose.sets_text})"
        )
    else:
        place = (
            f"the next is session {dose.session} of the protocol's "
            f"{nordic.SESSIONS_IN_PROTOCOL} (week {dose.week}: {dose.sets_text})"
        )
    return f"{logged} logged; {place}."


def exercise_rows(summary: ClinicianSummary) -> list[tuple[str, str, str, str]]:
    """Each exercise: how often, the dose done, the band, and its pain during."""
    rows = [("Exercise", "Done", "Dose done (sets × reps or hold)", "Pain during (0–10)")]
    for item in summary.exercises:
        if item.in_programme:
            done = f"{item.times_done} of {plural(item.session_days, 'session')}"
        else:
            done = f"{plural(item.times_done, 'time')} (not in the current programme)"
        dose = item.usual_dose and f"usually {item.usual_dose}"
        if item.latest_dose and item.latest_dose != item.usual_dose:
            dose += f"; latest {item.latest_dose}"
        if item.bands:
            dose += f"; band {item.bands}"
        pain = (
            f"mean {_pain(item.pain_mean)}, highest {item.pain_max}"
            if item.pain_mean is not None
            else "–"
        )
        rows.append((item.name, done, dose or "–", pain))
    return rows


def _answer(value: int | None) -> str:
    return "skipped" if value is None else f"{value} / {oswestry.MAX_PER_SECTION}"


def questionnaire_rows(answers: QuestionnaireAnswers) -> list[tuple[str, ...]]:
    """The sections at baseline and latest: 0 is no difficulty, 5 the hardest."""
    if answers.latest_day is None:
        head = ("Section", f"Baseline, {_day(answers.baseline_day)}")
        return [head, *((title, _answer(base)) for title, base, _ in answers.sections)]
    head = (
        "Section",
        f"Baseline, {_day(answers.baseline_day)}",
        f"Latest, {_day(answers.latest_day)}",
    )
    return [
        head,
        *((title, _answer(base), _answer(last)) for title, base, last in answers.sections),
    ]


def phase_rows(summary: ClinicianSummary) -> list[tuple[str, str]]:
    return [(_day(change.day), change.phase.label) for change in summary.phase_history]


def pause_rows(summary: ClinicianSummary) -> list[tuple[str, str]]:
    rows = []
    for pause in summary.pauses:
        days = (pause.end - pause.start).days + 1
        span = (
            _day(pause.start)
            if pause.start == pause.end
            else f"{_day(pause.start)} to {_day(pause.end)}"
        )
        rows.append((f"{span} ({plural(days, 'day')})", pause.reason.label))
    return rows


def warning_headline(summary: ClinicianSummary) -> str:
    """Warning signs counted against the check-ins of the period."""
    signs = summary.warning_signs
    checks = plural(summary.check_ins, "check-in")
    if not signs:
        return f"None ticked on {checks}."
    urgent = " Some need emergency care: see below." if any(s.urgent for s in signs) else ""
    return f"Ticked at {len(signs)} of {checks}, latest on {_day(signs[-1].day)}.{urgent}"


FLAG_HEADINGS = {
    FlagKind.SEVERE_EXERCISE_PAIN: "Exercise pain 7/10 or more",
    FlagKind.EXERCISE_PAIN: "Exercise pain above 5/10 (breach)",
    FlagKind.NEXT_MORNING_WORSE: "Morning after a session 2+ points worse in a region",
    FlagKind.MORNING_PAIN_ROSE: "Weekly mean morning pain in a region up 1 point or more",
    FlagKind.PERSISTENT_PAIN: "Persistent pain, review suggested",
}
"""Each rule as the clinician reads it; the flag messages themselves speak to the person."""


def flags_by_kind(flags: tuple[Flag, ...]) -> dict[FlagKind, list[Flag]]:
    """The flags by rule, in the rules' order, newest first within a rule."""
    found: dict[FlagKind, list[Flag]] = {}
    for flag in sorted(flags, key=lambda f: f.when, reverse=True):
        found.setdefault(flag.kind, []).append(flag)
    return {kind: found[kind] for kind in FlagKind if kind in found}


def flag_count(summary: ClinicianSummary, kind: FlagKind, found: list[Flag]) -> str:
    """How often a rule fired against how often it could have: per exercise done, per session
    day (the next morning), per week over."""
    if kind in (FlagKind.EXERCISE_PAIN, FlagKind.SEVERE_EXERCISE_PAIN):
        return f"{len(found)} of {plural(summary.exercises_done, 'exercise')} done"
    if kind is FlagKind.NEXT_MORNING_WORSE:
        sessions = len({f.when for f in found})
        return f"after {sessions} of {plural(summary.session_days, 'session day')}"
    if kind is FlagKind.MORNING_PAIN_ROSE:
        weeks = len({f.when for f in found})
        return f"in {weeks} of {plural(summary.weeks_over, 'week')} over"
    return "now"


def _short(day: dt.date, year: int) -> str:
    """A day without its year when it is in `year` (the period's last year)."""
    return f"{day.day} {day:%b}" if day.year == year else _day(day)


def flag_detail(kind: FlagKind, found: list[Flag], year: int) -> str:
    """When a rule's flags fell: per exercise for exercise rules, else the latest dates."""
    if kind is FlagKind.PERSISTENT_PAIN:
        # The rule's own window and numbers, as Trends and My programme say them.
        return found[0].detail
    if all(f.exercise for f in found):
        by_exercise: dict[str, list[Flag]] = {}
        for flag in found:
            by_exercise.setdefault(flag.exercise or "", []).append(flag)
        return "; ".join(
            f"{exercise_name(slug)} {len(flags)}× (latest {_short(flags[0].when, year)})"
            for slug, flags in by_exercise.items()
        )
    latest = ", ".join(_short(f.when, year) for f in found[:FLAGS_LISTED])
    more = len(found) - min(len(found), FLAGS_LISTED)
    weeks = "weeks of " if all(f.day is None for f in found) else ""
    return f"latest {weeks}{latest}" + (f" and {more} earlier" if more else "")


def flag_rows(summary: ClinicianSummary) -> list[tuple[str, str, str]]:
    """Rule, how often against its chances, when."""
    year = summary.last_day.year
    return [
        (
            FLAG_HEADINGS.get(kind, kind.rule),
            flag_count(summary, kind, found),
            flag_detail(kind, found, year),
        )
        for kind, found in flags_by_kind(summary.flags).items()
    ]


def flags_headline(summary: ClinicianSummary) -> str:
    if not summary.flags:
        return "No pain-monitoring flags in this period."
    return "; ".join(f"{rule}: {count}" for rule, count, _ in flag_rows(summary)) + "."


def sign_text(sign: WarningSign) -> str:
    asked = "; ".join(
        RED_FLAGS_BY_KEY[k].question if k in RED_FLAGS_BY_KEY else k for k in sign.keys
    )
    return f"{_day(sign.day)} {sign.time}: {asked}"


def warning_lines(summary: ClinicianSummary) -> tuple[str, list[str], str]:
    """The warning box: its heading, the latest check-ins with signs, and how many earlier."""
    signs = summary.warning_signs
    heading = (
        "Warning signs reported, including ones that need emergency care"
        if any(s.urgent for s in signs)
        else "Warning signs reported"
    )
    items = [sign_text(s) for s in reversed(signs[-FLAGS_LISTED:])]
    more = len(signs) - min(len(signs), FLAGS_LISTED)
    tail = f"… and {plural(more, 'earlier check-in')} with warning signs." if more else ""
    return heading, items, tail


def headline_rows(summary: ClinicianSummary) -> list[tuple[str, str]]:
    """The first page's verdicts: it stands on its own."""
    rows = [("Phase and target", phase_text(summary)), ("Adherence", adherence_text(summary))]
    rows += [
        (f"Pain{', ' + label.lower() if label else ''}", line)
        for label, line in pain_lines(summary)
    ]
    if summary.region_pain and summary.period_pain is not None:
        rows.append(
            (
                "Pain by region",
                "; ".join(
                    f"{region.label} {change_words(trend).removesuffix('.')}"
                    for region, trend in summary.region_pain
                    if trend is not None
                )
                + ".",
            )
        )
    if summary.nordic is not None:
        rows.append(("Nordic sessions", nordic_text(summary.nordic)))
    if summary.return_to_sport is not None:
        rows.append(("Return to sport", return_to_sport_headline(summary.return_to_sport)))
    if summary.psfs is not None:
        rows.append(("Activities (PSFS)", psfs_headline(summary.psfs)))
    latest = summary.view.latest_score
    rows += [
        (
            "Back questionnaire",
            score_verdict(latest) if latest is not None else "No scored questionnaire yet.",
        ),
        ("Warning signs", warning_headline(summary)),
        ("Flags raised", flags_headline(summary)),
    ]
    return rows


# The injury profile and its history notes: one block of its own, beside the warning signs.


def _injury(db: Database) -> InjuryProfile | None:
    current = store.injury_profile(db)
    return current.profile if current is not None else None


def injury_lines(summary: ClinicianSummary) -> tuple[str, list[str], list[str]] | None:
    """The injury block: its heading, the profile's facts, and the history notes (§8, §9)."""
    injury = summary.injury
    if injury is None:
        return None
    facts = [
        f"{INJURED_LABELS[Side(injury.injured_side)]}, injured on {_day(injury.injury_day)} "
        f"{InjuryCause(injury.how).summary}."
    ]
    if injury.diagnosis:
        facts.append(f"Diagnosis as the person was told it: {injury.diagnosis}")
    if injury.return_activity:
        facts.append(f"Wants to get back to: {injury.return_activity}")
    notes = list(clinician_summary_lines(injury.history))
    heading = (
        "Injury, and history to tell the clinician about" if notes else "Injury (from My injury)"
    )
    return heading, facts, notes


# Return to sport: the latest tests on both legs, the checklist, the running and the re-test.

TEST_ORDER = (
    MeasureKind.BRIDGE,
    MeasureKind.STRENGTH,
    MeasureKind.KNEE_EXTENSION,
    MeasureKind.STRAIGHT_LEG_RAISE,
)
"""The tests in the checklist's order: bridge, strength, then range."""

TEST_NAMES = {
    MeasureKind.BRIDGE: "Single-leg bridge (repetitions)",
    MeasureKind.STRENGTH: "Knee-flexion strength",
    MeasureKind.KNEE_EXTENSION: "Active knee extension (deficit)",
    MeasureKind.STRAIGHT_LEG_RAISE: "Active straight-leg raise",
}
"""Each test as a table row names it; the cells carry the units."""


def _best_of(
    measures: tuple[Measure, ...], kind: MeasureKind, day: dt.date, leg: Leg
) -> Measure | None:
    """The best trial of one leg on one day, as a physiotherapist records it."""
    trials = [m for m in measures if m.kind is kind and m.day == day and m.leg is leg]
    if not trials:
        return None
    pick = max if kind.higher_is_better else min
    return pick(trials, key=lambda m: m.value)


def _test_pairs(measures: tuple[Measure, ...], injured_side: Side | None) -> tuple[TestPair, ...]:
    """Each test's latest day with both legs' best trials and the figure Trends shows."""
    frame = return_to_sport_view.symmetry_frame(measures, injured_side)
    pairs = []
    for kind in TEST_ORDER:
        days = [m.day for m in measures if m.kind is kind]
        if not days:
            continue
        day = max(days)
        row = frame[(frame["test"] == kind.short) & (frame["day"] == pd.Timestamp(day))]
        pairs.append(
            TestPair(
                kind=kind,
                day=day,
                left=_best_of(measures, kind, day, Leg.LEFT),
                right=_best_of(measures, kind, day, Leg.RIGHT),
                shown=str(row["shown"].iloc[0]) if len(row) else "",
                value=float(row["value"].iloc[0]) if len(row) else None,
                meets=bool(row["meets"].iloc[0]) if len(row) else False,
            )
        )
    return tuple(pairs)


def _return_to_sport(
    db: Database, *, first: dt.date | None, as_of: dt.date, phase: Phase | None
) -> ReturnToSportFacts | None:
    """The return-to-sport logs as the Return to sport page showed them on the period's last
    day; None when there is nothing to say (no test, no run, not in a late phase)."""
    logs = return_to_sport_view.read_logs(db, today=as_of)
    retest = rts.retest_due(phase, logs.measures, as_of) if phase is not None else None
    if not logs.measures and not logs.running and retest is None:
        return None
    runs = logs.running
    return ReturnToSportFacts(
        injured_side=logs.injured_side,
        tests=_test_pairs(logs.measures, logs.injured_side),
        checklist=rts.checklist(
            injured_side=logs.injured_side,
            measures=logs.measures,
            check_ins=logs.check_ins,
            exercises=logs.exercises,
            running=runs,
            flags=logs.flags,
            today=as_of,
        ),
        runs_in_period=sum(1 for r in runs if first is None or r.day >= first),
        latest_run=runs[-1] if runs else None,
        fastest_run=max(runs, key=lambda r: (r.effort, r.day)) if runs else None,
        retest=retest,
    )


STATUS_WORDS = {
    Status.MET: "Met",
    Status.NOT_MET: "Not yet",
    Status.MISSING: "Not enough logged",
    Status.FOR_PHYSIOTHERAPIST: "For the physiotherapist to judge",
}
"""Each criterion's status as the clinician reads it; the checklist's own labels speak to the
person."""


def return_to_sport_headline(facts: ReturnToSportFacts) -> str:
    """The checklist in one line for the first page: how many criteria the logs meet."""
    results = facts.checklist
    if all_criteria_met(results):
        line = (
            f"All {len(results)} criteria a physiotherapist uses are met in the logs; the "
            "return itself is for the physiotherapist to agree."
        )
    else:
        waiting = ", ".join(r.criterion.short for r in results if not r.met)
        met = sum(r.met for r in results)
        line = f"{met} of {len(results)} criteria met in the logs; not yet: {waiting}."
    if facts.retest is not None and facts.retest.is_due:
        line += " A re-test of both legs is due."
    return line


def _side_cell(measure: Measure | None) -> str:
    if measure is None:
        return "not tested"
    pain = "" if measure.pain is None else f", pain {measure.pain}/10"
    return f"{measure.amount}{pain}"


def symmetry_words(pair: TestPair, injured_side: Side | None) -> str:
    """The injured leg against the other, with the line the checklist holds it to."""
    if pair.left is None or pair.right is None:
        return "one leg only"
    if injured_side is None:
        return "injured side not set"
    if pair.value is None or not pair.shown:
        return "both legs injured: nothing to compare with" if injured_side is Side.BOTH else "–"
    line = return_to_sport_view.symmetry_target(pair.kind)
    if pair.kind is MeasureKind.KNEE_EXTENSION:
        size = pair.shown.lstrip("-")
        if pair.value == 0:
            figure = "no difference"
        else:
            figure = f"{size} {'more' if pair.value > 0 else 'less'} deficit"
        target = f"{line}° or less"
    elif pair.kind is MeasureKind.STRAIGHT_LEG_RAISE:
        size = pair.shown.lstrip("-")
        if pair.value == 0:
            figure = "no difference"
        else:
            figure = f"{size} {'lower' if pair.value > 0 else 'higher'}"
        target = f"{line} % or less lower"
    else:
        figure, target = f"LSI {pair.shown}", f"{line} % or more"
    return f"{figure}; {'meets' if pair.meets else 'needs'} {target}"


def measure_rows(facts: ReturnToSportFacts) -> list[tuple[str, ...]]:
    """The latest tests: both legs side by side (best trial, pain during) and the symmetry."""

    def head(leg: Leg) -> str:
        injured = facts.injured_side is not None and leg in rts.injured_legs(facts.injured_side)
        return f"{leg.value.capitalize()}{' (injured)' if injured else ''}"

    rows: list[tuple[str, ...]] = [
        ("Test", "Day", head(Leg.LEFT), head(Leg.RIGHT), "Injured vs other")
    ]
    for pair in facts.tests:
        rows.append(
            (
                TEST_NAMES[pair.kind],
                _day(pair.day),
                _side_cell(pair.left),
                _side_cell(pair.right),
                symmetry_words(pair, facts.injured_side),
            )
        )
    return rows


def checklist_rows(facts: ReturnToSportFacts) -> list[tuple[str, str, str]]:
    """Each criterion, its status and the sentence that shows the entry behind it."""
    return [("Criterion", "Status", "From the logs")] + [
        (r.criterion.title, STATUS_WORDS[r.status], r.text) for r in facts.checklist
    ]


def checklist_words(facts: ReturnToSportFacts) -> str:
    """The checklist's own verdict, as the person reads it on their Return to sport page."""
    return f"The person's checklist says: “{checklist_summary(facts.checklist)}”"


def running_text(facts: ReturnToSportFacts) -> str:
    """The step of the running progression reached, the latest run, and the runs logged."""
    fastest, latest = facts.fastest_run, facts.latest_run
    if fastest is None or latest is None:
        return "none logged yet."
    text = (
        f"furthest step reached: {fastest.name}, {fastest.effort} % effort on "
        f"{_day(fastest.day)}, pain {fastest.pain}/10."
    )
    if latest != fastest:
        text += (
            f" Latest run: {latest.name}, {latest.effort} % effort on {_day(latest.day)}, "
            f"pain {latest.pain}/10."
        )
    return text + f" {plural(facts.runs_in_period, 'run')} logged in this period."


def retest_text(facts: ReturnToSportFacts) -> str:
    """When both legs are next due a test (every 14 days in the late phases); '' before them."""
    retest = facts.retest
    if retest is None:
        return ""
    every = f"every {rts.RETEST_DAYS} days in the late phases"
    if retest.last is None:
        return f"no test logged yet: the first is due now ({every})."
    when = f"due since {_day(retest.due)}" if retest.is_due else f"next due on {_day(retest.due)}"
    return f"{when}: the last tests were on {_day(retest.last)} ({every})."


def programme_dose(summary: ClinicianSummary, item: ProgrammeExercise) -> str:
    """An exercise's dose as of the summary's last day, in the words My programme uses."""
    return dose_text(
        item,
        today=summary.last_day,
        nordic_done=summary.nordic_done,
        target=summary.weekly_target,
    )


def programme_rows(summary: ClinicianSummary) -> list[tuple[str, str]]:
    return [("Exercise", "Dose set")] + [
        (exercise_name(item.exercise), programme_dose(summary, item)) for item in summary.programme
    ]


def shown_note(text: str) -> str:
    """A note as one line, cut at NOTE_CHARS characters."""
    line = " ".join(text.split())
    return line if len(line) <= NOTE_CHARS else line[: NOTE_CHARS - 1].rstrip() + "…"


def note_rows(summary: ClinicianSummary) -> tuple[list[tuple[str, str]], int]:
    """The newest NOTES_LISTED notes as (day and where, text), and how many older ones."""
    listed = summary.notes[:NOTES_LISTED]
    rows = [(f"{_day(n.day)}, {n.where}", shown_note(n.text)) for n in listed]
    return rows, len(summary.notes) - len(listed)


def return_to_sport_lines(summary: ClinicianSummary) -> dict[str, object] | None:
    """The return-to-sport section's rows and sentences, or None when there is nothing to say."""
    facts = summary.return_to_sport
    if facts is None:
        return None
    return {
        "tests": measure_rows(facts),
        "checklist": checklist_rows(facts),
        "words": checklist_words(facts),
        "running": running_text(facts),
        "retest": retest_text(facts),
    }


# The activities the person finds hard (PSFS, docs/rules.md §9): the score, its change and each
# activity's come from psfs_view and return_to_sport; here they are only put in the clinician's
# words.


def _psfs(db: Database, *, first: dt.date | None, as_of: dt.date) -> PsfsFacts | None:
    """The ratings up to the period's end as the PSFS screen showed them on its last day; None
    before any rating."""
    responses = [saved.value for saved in store.psfs_responses(db) if saved.value.day <= as_of]
    scores = psfs_view.summary(responses)
    if scores is None:
        return None
    return PsfsFacts(
        latest=max(responses, key=lambda r: r.day),
        scores=scores,
        in_period=sum(1 for r in responses if first is None or r.day >= first),
    )


def _points(points: Fraction | int) -> str:
    amount = psfs_view.score_text(abs(points))
    return f"{amount} {'point' if amount == '1' else 'points'}"


def psfs_change_text(facts: PsfsFacts) -> str:
    """The change of the mean since the first rating, over the activities rated both times,
    with the meaningful-change verdict (2 points for a mean, 3 for a single activity)."""
    scores = facts.scores
    if scores.baseline_day is None:
        return "first rating: the baseline for the next ones."
    change = scores.change
    if change is None:
        return (
            f"no activity rated both on {_day(scores.baseline_day)} and now: "
            "each activity starts its own baseline."
        )
    shared = len(change.activities)
    over = (
        f"over the {shared} activities rated both times"
        if shared > 1
        else "on the one activity rated both times"
    )
    needed = rts.PSFS_MEANINGFUL_SINGLE if shared == 1 else rts.PSFS_MEANINGFUL_MEAN
    moved = (
        f"{psfs_view.score_text(change.earlier)} → {psfs_view.score_text(change.later)} "
        f"since {_day(scores.baseline_day)} {over}"
    )
    if change.points == 0:
        return f"{moved}: no change."
    direction = "up" if change.points > 0 else "down"
    verdict = (
        f"a meaningful change ({needed} points or more)"
        if change.meaningful
        else f"within the usual variation (under {needed} points)"
    )
    return f"{moved}: {direction} {_points(change.points)}, {verdict}."


def psfs_headline(facts: PsfsFacts) -> str:
    """The PSFS in one line for the first page: the latest mean and its change."""
    scores = facts.scores
    if scores.score is None:
        return (
            f"No activity rated on {_day(scores.day)}, the latest time; {psfs_change_text(facts)}"
        )
    rated = plural(scores.rated, "activity", "activities")
    return (
        f"Mean {psfs_view.score_text(scores.score)} of 10 on {_day(scores.day)} ({rated} rated); "
        f"{psfs_change_text(facts)}"
    )


def psfs_rows(facts: PsfsFacts) -> list[tuple[str, ...]]:
    """Each activity of the latest rating, as the person named it, against its own first rating."""
    by_name = {rts.activity_key(c.activity): c for c in facts.scores.activities}
    rows: list[tuple[str, ...]] = [
        ("Activity", "First rating", f"Latest, {_day(facts.latest.day)}", "Change")
    ]
    for name in facts.latest.activities:
        change = by_name.get(rts.activity_key(name))
        if change is None:
            rows.append((name, "–", "not rated", "–"))
            continue
        if change.baseline_day == change.latest_day:
            rows.append((name, "–", f"{change.latest}/10", "first rating of this activity"))
            continue
        if change.points == 0:
            moved = "no change"
        else:
            direction = "up" if change.points > 0 else "down"
            moved = f"{direction} {_points(change.points)}, " + (
                "meaningful" if change.meaningful else "within the usual variation"
            )
        rows.append(
            (
                name,
                f"{change.baseline}/10 on {_day(change.baseline_day)}",
                f"{change.latest}/10",
                moved,
            )
        )
    return rows


def psfs_lines(summary: ClinicianSummary) -> dict[str, object] | None:
    """The PSFS section's rows and sentences, or None when no activity was rated yet."""
    facts = summary.psfs
    if facts is None:
        return None
    return {
        "note": (
            f"each activity as the person named it, rated {rts.PSFS_RATING_MIN} (unable) to "
            f"{rts.PSFS_RATING_MAX} (as before the problem); meaningful change: "
            f"{rts.PSFS_MEANINGFUL_MEAN} points for the mean, {rts.PSFS_MEANINGFUL_SINGLE} for "
            "one activity"
        ),
        "rows": psfs_rows(facts),
        "mean": psfs_headline(facts),
        "count": f"{plural(facts.in_period, 'rating')} in this period.",
    }


# ---------------------------------------------------------------------------------------------
# The page.


@cache
def _template() -> jinja2.Template:
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("hamtrack", "data"),
        # Everything the template is given is escaped: text from the person stays text.
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return environment.get_template("summary.html.j2")


def _data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def render_html(
    summary: ClinicianSummary, images: dict[str, str], *, reference: str | None = None
) -> str:
    """The summary as one self-contained HTML page. `reference` is an optional name or clinic
    reference typed at export time, shown as text."""
    notes, older = note_rows(summary)
    signs = warning_lines(summary) if summary.warning_signs else None
    return _template().render(
        summary=summary,
        reference=" ".join((reference or "").split()),
        period=period_text(summary),
        made_on=_day(summary.generated_on),
        title=(summary.period.words if summary.period is not None else _day(summary.last_day)),
        headline=headline_rows(summary),
        signs=signs,
        injury=injury_lines(summary),
        regions=region_rows(summary),
        region_note=region_note(summary),
        charts={name: _data_uri(svg) for name, svg in images.items()},
        pain_note=pain_note(summary),
        adherence_note=adherence_note(summary),
        exercises=exercise_rows(summary) if summary.exercises else [],
        nordic=nordic_text(summary.nordic) if summary.nordic is not None else "",
        questionnaire=summary.questionnaire,
        questionnaire_rows=(
            questionnaire_rows(summary.questionnaire) if summary.questionnaire else []
        ),
        phases=phase_rows(summary),
        pauses=pause_rows(summary),
        flags=flag_rows(summary),
        programme=programme_rows(summary) if summary.programme else [],
        notes=notes,
        older_notes=plural(older, "older note") if older else "",
        rts=return_to_sport_lines(summary),
        psfs=psfs_lines(summary),
        standing_note=STANDING_NOTE,
    )


def summary_html(
    db: Database,
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
    today: dt.date | None = None,
    include_notes: bool = False,
    reference: str | None = None,
) -> str:
    """The clinician summary page for the period, charts included."""
    summary = clinician_summary(
        db, since=since, until=until, today=today, include_notes=include_notes
    )
    return render_html(summary, chart_images(summary), reference=reference)


def report_name(
    since: dt.date | None,
    until: dt.date | None,
    today: dt.date,
    *,
    first_logged: dt.date | None = None,
    suffix: str = ".html",
) -> str:
    """The summary's file name, naming its period as every export does."""
    period = period_of(since, until, today=today, first_logged=first_logged)
    return period.file_name("summary", suffix)
