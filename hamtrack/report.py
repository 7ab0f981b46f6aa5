"""The clinician summary: one printable page to read in two minutes.

It shows the period, the phase and programme, adherence, pain and questionnaire trends with
their meaningful-change verdicts, the trend charts as static images, the warning signs ticked
and the flags raised. Every number comes from hamtrack.trends_view (and so from the adherence,
trends and flags modules), worked out for the period; this module only lays them out.

The page is self-contained HTML (charts are inline SVG images rendered by vl-convert, no
browser or network needed) that prints on one A4 or Letter page; no chart is split across pages.
Everything shown that is not our own wording is escaped.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
from dataclasses import dataclass

import altair as alt
import pandas as pd
from sqlite_utils import Database

from hamtrack import adherence, charts, oswestry, trends, trends_view
from hamtrack import db as store
from hamtrack.catalogue import exercise_name
from hamtrack.flags import Flag, FlagKind
from hamtrack.injury import INJURED_LABELS, InjuryCause, InjuryProfile
from hamtrack.models import Phase, ProgrammeExercise, Side
from hamtrack.nordic import read_nordic_days
from hamtrack.numbers import one_decimal
from hamtrack.plan import dose_text
from hamtrack.safety import (
    RED_FLAGS_BY_KEY,
    STANDING_NOTE,
    Urgency,
    clinician_summary_lines,
)
from hamtrack.weeks import monday_of

PAIN_SIZE = (700, 125)
HALF_SIZE = (340, 175)
"""Whole chart sizes in CSS pixels, axes and legend included: the pain chart spans the page
(186 mm is about 703 px), the adherence and questionnaire charts share a row."""
AXIS_FONT = 10
FLAGS_LISTED = 3
"""Days of a flag (and check-ins with warning signs) listed, newest first; the rest are
counted, so the summary stays on one page."""


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
class ClinicianSummary:
    """Everything the summary page shows, for one period."""

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

    @property
    def weeks(self) -> int:
        if self.first_week is None:
            return 0
        return (monday_of(self.last_day) - self.first_week).days // 7 + 1

    @property
    def flags(self) -> tuple[Flag, ...]:
        found = tuple(self.view.flags)
        return found + ((self.view.persistent,) if self.view.persistent else ())


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


def _phase_on(db: Database, day: dt.date) -> tuple[Phase | None, dt.date | None]:
    changes = store.phase_changes_frame(db)
    changes = changes[changes["day"] <= pd.Timestamp(day)]
    if changes.empty:
        return None, None
    last = changes.iloc[-1]
    return Phase(last["phase"]), last["day"].date()


def _warning_signs(db: Database, first: dt.date | None, last: dt.date) -> tuple[WarningSign, ...]:
    frame = store.check_ins_frame(db, since=first, until=last)
    frame = frame[frame["red_flags"] != ""]
    return tuple(
        WarningSign(day=r.day.date(), time=r.time, keys=tuple(sorted(r.red_flags.split(","))))
        for r in frame.itertuples()
    )


def clinician_summary(
    db: Database,
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
    today: dt.date | None = None,
) -> ClinicianSummary:
    """The summary of the weeks from `since`'s week to `until` (default: all, up to today).

    With `until` before today the summary is the one HamTrack would have shown that day.
    """
    today = today or dt.date.today()
    as_of = min(until, today) if until is not None else today
    if since is not None and since > as_of:
        raise ValueError(f"The period starts ({since}) after it ends ({as_of}).")
    weeks = _weeks_back(as_of, since)
    view = trends_view.read_trends_view(db, today=as_of, weeks=weeks)
    period_pain = None
    if view.since is not None:
        span = (monday_of(as_of) - view.since).days // 7 + 1
        period_pain = trends.pain_trend(view.pain_weekly, today=as_of, weeks=span)
    phase, phase_since = _phase_on(db, as_of)
    profile = store.get_profile(db)
    return ClinicianSummary(
        generated_on=today,
        first_week=view.since,
        last_day=as_of,
        is_demo=profile.is_demo,
        phase=phase,
        phase_since=phase_since,
        weekly_target=profile.weekly_target,
        programme=tuple(store.programme(db)),
        view=view,
        period_pain=period_pain,
        adherence=_adherence_facts(view),
        warning_signs=_warning_signs(db, view.since, as_of),
        nordic_done=read_nordic_days(db, until=as_of),
        injury=_injury(db),
    )


# ---------------------------------------------------------------------------------------------
# Charts as static images.


def _static(chart: alt.TopLevelMixin, *, size: tuple[int, int]) -> str:
    """The chart as SVG at a fixed size for paper (the app's charts stretch to their container
    and use larger axis text for screens)."""
    import vl_convert

    width, height = size
    fixed = (
        chart.properties(
            width=width,
            height=height,
            autosize=alt.AutoSizeParams(type="fit", contains="padding"),
            # Room for the last date label, centred on the axis's right end.
            padding={"left": 2, "top": 4, "right": 16, "bottom": 2},
        )
        .configure_axisX(titleFontSize=AXIS_FONT, labelFontSize=AXIS_FONT)
        .configure_axisY(titleFontSize=AXIS_FONT, labelFontSize=AXIS_FONT)
    )
    # tests/test_charts.py validates the charts; validating each again here was a third of the
    # summary's time.
    return vl_convert.vegalite_to_svg(fixed.to_json(validate=False), vl_version="6.4")


def chart_images(summary: ClinicianSummary) -> dict[str, str]:
    """The trend charts of the summary as SVG text, by name (only those with data)."""
    view = summary.view
    images = {}
    if not view.adherence.empty:
        chart = charts.adherence_chart(view.adherence, pauses=view.pauses, span=view.span)
        images["adherence"] = _static(
            chart.configure_legend(orient="right", direction="vertical", columns=1),
            size=HALF_SIZE,
        )
    if view.pain_days:
        images["pain"] = _static(
            charts.pain_chart(
                view.pain_weekly, view.pain_daily, pauses=view.pauses, span=view.span
            ),
            size=PAIN_SIZE,
        )
    if view.latest_score is not None and not view.scores.empty:
        images["questionnaire"] = _static(
            charts.questionnaire_chart(
                view.scores,
                band=view.score_band,
                baseline=view.latest_score.baseline,
                span=view.span,
            ),
            size=HALF_SIZE,
        )
    return images


# ---------------------------------------------------------------------------------------------
# The page.

_CSS = """
@page { size: A4; margin: 10mm 12mm; }
* { box-sizing: border-box; }
body { font: 9pt/1.3 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
       sans-serif; color: #111; margin: 0 auto; max-width: 186mm; padding: 6mm 0; }
h1 { font-size: 15pt; margin: 0; }
h2 { font-size: 11pt; margin: 0 0 1.5mm; }
p { margin: 0 0 1mm; }
.meta { color: #444; margin: 0.5mm 0 2mm; }
.demo { border: 2px solid #b45f06; background: #fff4e5; padding: 0.8mm 3mm; margin-bottom: 2mm;
        font-weight: 600; }
.alert { border: 2px solid #b00020; background: #fdecee; padding: 1.5mm 3mm; margin-bottom: 3mm; }
.columns { display: grid; grid-template-columns: 1fr 1fr; gap: 0 6mm; }
.columns.three { grid-template-columns: 1fr 1.45fr 1.3fr; gap: 0 5mm; }
ul.programme { columns: 2; column-gap: 6mm; font-size: 8.5pt; }
ul.programme li { break-inside: avoid; }
section { break-inside: avoid; page-break-inside: avoid; margin-bottom: 2.5mm; }
figure { margin: 1mm 0 0; break-inside: avoid; page-break-inside: avoid; }
figure img { display: block; max-width: 100%; height: auto; }
.muted { color: #555; }
h2 .note { font-size: 9pt; font-weight: normal; color: #555; }
ul { margin: 0.5mm 0 0; padding-left: 5mm; }
li { margin: 0; }
footer { color: #555; font-size: 8.5pt; border-top: 1px solid #bbb; padding-top: 1.5mm; }
@media print { body { padding: 0; } }
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%b %Y}"


def _pain(value: float | None) -> str:
    shown = one_decimal(value)
    return "–" if shown is None else f"{shown:.1f}"


def _percent(value: float | None) -> str:
    shown = one_decimal(value)
    return "–" if shown is None else f"{shown:.0f} %"


def pain_verdict(trend: trends.PainTrend) -> str:
    """A change in weekly mean pain between complete weeks, with its meaningful-change verdict
    (2 points or more; the percentage as information only)."""
    if trend.change == 0:
        moved = "unchanged"
    else:
        moved = f"{'down' if trend.change < 0 else 'up'} {abs(trend.change):.1f}"
    if trend.percent is not None and trend.change != 0:
        moved += f" ({abs(trend.percent):.0f} %)"
    verdict = "meaningful" if trend.meaningful else "not meaningful"
    return (
        f"{_pain(trend.earlier)} → {_pain(trend.later)} (weeks of {_day(trend.earlier_week)} → "
        f"{_day(trend.later_week)}), {moved}: {verdict}."
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
        else f"{abs(change.points)} points {change.direction}"
    )
    verdict = "meaningful" if change.meaningful else "not meaningful"
    return (
        f"{text}. Baseline {oswestry.format_percent(latest.baseline)} on "
        f"{_day(latest.baseline_day)}: {moved}, {verdict}. Scores of {latest.definition}."
    )


def _figure(images: dict[str, str], name: str, alt_text: str) -> str:
    if name not in images:
        return '<p class="muted">Nothing to chart in this period.</p>'
    data = base64.b64encode(images[name].encode("utf-8")).decode("ascii")
    return f'<figure><img src="data:image/svg+xml;base64,{data}" alt="{_e(alt_text)}"></figure>'


FLAG_HEADINGS = {
    FlagKind.SEVERE_EXERCISE_PAIN: "Exercise pain 7/10 or more",
    FlagKind.EXERCISE_PAIN: "Exercise pain above 5/10 (breach)",
    FlagKind.NEXT_MORNING_WORSE: "Morning after a session 2+ points worse in a region",
    FlagKind.MORNING_PAIN_ROSE: "Weekly mean morning pain in a region up 1 point or more",
    FlagKind.PERSISTENT_PAIN: "Persistent pain, review suggested",
}
"""Each rule as the clinician reads it; the flag messages themselves speak to the person."""


def _short(day: dt.date, year: int) -> str:
    """A day without its year when it is in `year` (the period's last year)."""
    return f"{day.day} {day:%b}" if day.year == year else _day(day)


def _flag_line(kind: FlagKind, found: list[Flag], year: int) -> str:
    """One rule's flags on one line: per exercise for exercise rules, else by date."""
    heading = _e(FLAG_HEADINGS.get(kind, kind.rule))
    if kind is FlagKind.PERSISTENT_PAIN:
        # The rule's own window and numbers, as Trends and My programme say them.
        return f"<li><b>{heading}:</b> {_e(found[0].detail)}</li>"
    if all(f.exercise for f in found):
        by_exercise: dict[str, list[Flag]] = {}
        for flag in found:
            by_exercise.setdefault(flag.exercise or "", []).append(flag)
        detail = "; ".join(
            f"{exercise_name(slug)} {len(flags)}× (latest {_short(flags[0].when, year)})"
            for slug, flags in by_exercise.items()
        )
    else:
        latest = ", ".join(_short(f.when, year) for f in found[:FLAGS_LISTED])
        more = len(found) - min(len(found), FLAGS_LISTED)
        weeks = "weeks of " if all(f.day is None for f in found) else ""
        detail = f"latest {weeks}{latest}" + (f" and {more} earlier" if more else "")
    return f'<li><b>{heading}: {len(found)}×</b> <span class="muted">{_e(detail)}</span></li>'


def _flags_html(flags: tuple[Flag, ...], year: int) -> str:
    if not flags:
        return "<p>No pain-monitoring flags in this period.</p>"
    by_kind: dict[FlagKind, list[Flag]] = {}
    for flag in sorted(flags, key=lambda f: f.when, reverse=True):
        by_kind.setdefault(flag.kind, []).append(flag)
    lines = [_flag_line(kind, by_kind[kind], year) for kind in FlagKind if kind in by_kind]
    return f"<ul>{''.join(lines)}</ul>"


def _warning_html(signs: tuple[WarningSign, ...]) -> str:
    if not signs:
        return ""
    items = "".join(
        f"<li>{_e(_day(s.day))} {_e(s.time)}: "
        + "; ".join(
            _e(RED_FLAGS_BY_KEY[k].question if k in RED_FLAGS_BY_KEY else k) for k in s.keys
        )
        + "</li>"
        for s in reversed(signs[-FLAGS_LISTED:])
    )
    more = len(signs) - min(len(signs), FLAGS_LISTED)
    tail = f"<p>… and {more} earlier check-ins with warning signs.</p>" if more else ""
    urgent = any(s.urgent for s in signs)
    heading = (
        "Warning signs reported, including ones that need emergency care"
        if urgent
        else "Warning signs reported"
    )
    return f'<section class="alert"><h2>{heading}</h2><ul>{items}</ul>{tail}</section>'


# The injury profile and its history notes: one block of its own, beside the warning signs.


def _injury(db: Database) -> InjuryProfile | None:
    current = store.injury_profile(db)
    return current.profile if current is not None else None


def _injury_html(injury: InjuryProfile | None) -> str:
    if injury is None:
        return ""
    facts = [
        f"{INJURED_LABELS[Side(injury.injured_side)]}, injured on {_day(injury.injury_day)} "
        f"{InjuryCause(injury.how).summary}."
    ]
    if injury.diagnosis:
        facts.append(f"Diagnosis as the person was told it: {injury.diagnosis}")
    if injury.return_activity:
        facts.append(f"Wants to get back to: {injury.return_activity}")
    lines = "".join(f"<p>{_e(fact)}</p>" for fact in facts)
    notes = clinician_summary_lines(injury.history)
    if not notes:
        return f"<section><h2>Injury (from My injury)</h2>{lines}</section>"
    items = "".join(f"<li>{_e(note)}</li>" for note in notes)
    return (
        '<section class="alert"><h2>Injury, and history to tell the clinician about</h2>'
        f"{lines}<ul>{items}</ul></section>"
    )


def programme_dose(summary: ClinicianSummary, item: ProgrammeExercise) -> str:
    """An exercise's dose as of the summary's last day, in the words My programme uses."""
    return dose_text(
        item,
        today=summary.last_day,
        nordic_done=summary.nordic_done,
        target=summary.weekly_target,
    )


def _programme_html(summary: ClinicianSummary) -> str:
    if not summary.programme:
        return '<p class="muted">No programme set.</p>'

    items = "".join(
        f"<li><b>{_e(exercise_name(item.exercise))}</b>: {_e(programme_dose(summary, item))}</li>"
        for item in summary.programme
    )
    return f'<ul class="programme">{items}</ul>'


def render_html(summary: ClinicianSummary, images: dict[str, str]) -> str:
    """The summary as one self-contained HTML page."""
    facts = summary.adherence
    view = summary.view
    if summary.first_week is None:
        period = f"Nothing logged up to {_day(summary.last_day)}."
    else:
        period = (
            f"Period: {_day(summary.first_week)} to {_day(summary.last_day)} "
            f"({summary.weeks} week{'s' if summary.weeks != 1 else ''})."
        )
    phase = (
        f"{summary.phase.label} since {_day(summary.phase_since)}"
        if summary.phase is not None and summary.phase_since is not None
        else "Phase not set"
    )
    parts = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>HamTrack summary, {_e(_day(summary.last_day))}</title>",
        f"<style>{_CSS}</style></head><body>",
        "<header><h1>HamTrack summary for the clinician</h1>",
        f'<p class="meta">{_e(period)} Made on {_e(_day(summary.generated_on))}.</p></header>',
    ]
    if summary.is_demo:
        parts.append(
            '<p class="demo">Demo data: generated to try HamTrack out; nobody\'s real record.</p>'
        )
    parts.append(_warning_html(summary.warning_signs))
    parts.append(_injury_html(summary.injury))

    adherence_text = (
        f"Target met in {facts.weeks_met} of {facts.weeks_counted} complete weeks "
        f"(mean {_percent(facts.mean_percent)} of target); {facts.sessions} sessions logged; "
        f"current streak {facts.streak} week{'s' if facts.streak != 1 else ''}; habit score "
        f"{_percent(facts.habit_score).removesuffix(' %')} / 100."
        if facts.weeks_counted
        else f"{facts.sessions} sessions logged; no complete week with a target yet."
    )
    pain_lines = []
    if summary.period_pain is not None:
        pain_lines.append(("Over the period:", pain_verdict(summary.period_pain)))
    recent = view.pain_trend
    if recent is not None and (
        summary.period_pain is None
        or (recent.earlier_week, recent.later_week)
        != (summary.period_pain.earlier_week, summary.period_pain.later_week)
    ):
        pain_lines.append((f"Last {trends.TREND_WEEKS} weeks:", pain_verdict(recent)))
    if not pain_lines:
        pain_lines.append(("", "Too few complete weeks (3+ days with a check-in) for a trend."))
    so_far = view.pain_so_far
    if so_far is not None and so_far.week >= monday_of(summary.last_day):
        days = f"{so_far.days} day{'s' if so_far.days != 1 else ''}"
        pain_lines.append(
            ("This week so far:", f"{_pain(so_far.mean)} over {days}, not judged until it is over.")
        )
    score_line = (
        score_verdict(view.latest_score)
        if view.latest_score is not None
        else "No scored questionnaire yet."
    )
    parts += [
        '<div class="columns three">',
        f"<section><h2>Phase and target</h2><p>{_e(phase)}. Weekly target: "
        f"{summary.weekly_target} sessions a week.</p></section>",
        f"<section><h2>Adherence</h2><p>{_e(adherence_text)}</p></section>",
        f"<section><h2>Back questionnaire</h2><p>{_e(score_line)}</p></section>",
        "</div>",
        '<section><h2>Pain <span class="note">weekly mean of daily pain, 0–10; meaningful '
        "change: 2 points or more, between complete weeks</span></h2>"
        + "".join(f"<p><b>{_e(label)}</b> {_e(line)}</p>" for label, line in pain_lines)
        + _figure(images, "pain", "Weekly mean pain with daily points; severe zone shaded.")
        + "</section>",
        '<div class="columns">',
        "<section><h2>Days with a session, by week</h2>"
        + _figure(images, "adherence", "Days with a session each week against the target.")
        + "</section>",
        '<section><h2>Questionnaire <span class="note">0–100, lower is better; green band: '
        "no meaningful change from the first score</span></h2>"
        + _figure(
            images,
            "questionnaire",
            "Questionnaire scores with the band of no meaningful change around the baseline.",
        )
        + "</section>",
        "</div>",
        "<section><h2>Flags raised (pain-monitoring model)</h2>"
        + _flags_html(summary.flags, summary.last_day.year)
        + "</section>",
        f"<section><h2>Current programme</h2>{_programme_html(summary)}</section>",
        f"<footer>{_e(STANDING_NOTE)}</footer>",
        "</body></html>",
    ]
    return "\n".join(part for part in parts if part)


def summary_html(
    db: Database,
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
    today: dt.date | None = None,
) -> str:
    """The clinician summary page for the period, charts included."""
    summary = clinician_summary(db, since=since, until=until, today=today)
    return render_html(summary, chart_images(summary))


def report_name(since: dt.date | None, until: dt.date | None, today: dt.date) -> str:
    last = until or today
    first = f"{since.isoformat()}-to-" if since else "to-"
    return f"hamtrack-summary-{first}{last.isoformat()}.html"
