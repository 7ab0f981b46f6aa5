"""Trends: week by week, am I doing my programme, and is it getting better?"""

import datetime as dt

import pandas as pd
import streamlit as st
from sqlite_utils import Database

import hamtrack_ui as ui
from hamtrack import charts, oswestry, trends_view
from hamtrack import db as store
from hamtrack.adherence import WeekStatus, habit_change_text
from hamtrack.flags import FlagKind
from hamtrack.numbers import one_decimal
from hamtrack.return_to_sport_view import SYMMETRY_TABLES, read_symmetry_frame, symmetry_in_words
from hamtrack.trends import PAIN_MEANINGFUL_POINTS, TREND_WEEKS
from hamtrack.weeks import date_text

# On a phone the five ranges fit one row with less padding each side (they wrapped "All" onto a
# second row, where it looked like another control); each stays well over 24 px tall and wide.
RANGE_PICKER_CSS = """<style>
@media (max-width: 640px) {
  [data-testid="stButtonGroup"] button { padding-left: 10px; padding-right: 10px; }
}
</style>"""
PAGE_CSS = charts.CHART_TEXT_CSS + RANGE_PICKER_CSS
RANGE_LABELS = {4: "4 weeks", 12: "12 weeks", 26: "6 months", 52: "1 year", None: "All"}
FLAGS_SHOWN = 5


@st.cache_data(show_spinner=False, max_entries=32)
def trends_for(
    _db: Database, path: str, revision: int, weeks: int | None, today: dt.date
) -> trends_view.TrendsView:
    # Keyed on the file, its revision (any write changes it), the range and the day, so a
    # rerun that changes none of these reads nothing.
    return trends_view.read_trends_view(_db, today=today, weeks=weeks, read=ui.kept_reads(_db))


def pain_text(value: float) -> str:
    return f"{one_decimal(value):.1f}/10"


db = ui.database()
today = ui.today()

st.title("Trends")
st.html(PAGE_CSS)


def what_to_log() -> None:
    st.info(
        "Your trends will appear here once you start logging. Check in with your pain on most "
        "days, log your exercises after each session, and answer the back questionnaire once a "
        "week. After two weeks you will see which way things are moving.",
        icon=":material/monitoring:",
    )
    st.page_link("pages/check_in.py", label="Check in now", icon=":material/mood:", width="stretch")
    st.page_link(
        "pages/session.py", label="Log exercises", icon=":material/fitness_center:", width="stretch"
    )
    st.page_link(
        "pages/questionnaire.py",
        label="Answer the back questionnaire",
        icon=":material/assignment:",
        width="stretch",
    )
    ui.standing_note()
    st.stop()


if store.is_empty(db):
    what_to_log()


def day_text(day: dt.date) -> str:
    return date_text(day, today=today)


# The headlines have windows of their own (this week, the last complete weeks, the latest
# answer), each named in its label; the range chosen below them governs everything after it.
headlines = st.container()
st.subheader("Over the weeks")
weeks = st.segmented_control(
    "Show the last",
    options=list(trends_view.RANGES),
    format_func=lambda w: RANGE_LABELS[w],
    default=trends_view.DEFAULT_RANGE,
    required=True,
    key="trends_range",
)
view = trends_for(db, str(ui.database_path()), store.revision(db), weeks, today)
# The charts are built once per view: building and validating them is most of a rerun.
chart_key = (*ui.data_key(db), weeks, today)

if view.is_empty:
    what_to_log()

shown_weeks = len(view.adherence)
st.caption(
    f"From {day_text(view.since)} to today: {shown_weeks} week{'s' if shown_weeks != 1 else ''}"
    + (", all you have logged." if weeks is None or shown_weeks < weeks else ".")
)

# ----- Headlines -----------------------------------------------------------------------------

left, right = headlines.columns(2)
this_week = view.this_week
with left:
    if this_week.status == WeekStatus.PAUSED:
        st.metric("Sessions this week", "Paused", help="Paused days do not count against you.")
    else:
        streak = this_week.streak
        st.metric(
            "Sessions this week",
            f"{this_week.session_days} of {this_week.sessions_needed}",
            delta=f"{streak} week{'s' if streak != 1 else ''} in a row at target"
            if streak
            else None,
            delta_color="off",
            delta_arrow="off",
            help=(
                f"Days with a session this week against your target of {view.target} a week "
                "(less when some days are paused)."
            ),
        )
    habit_change = habit_change_text(this_week.habit_score_change)
    unchanged = habit_change is None or habit_change.startswith("no")
    st.metric(
        "Habit score",
        f"{this_week.habit_score:.0f} of 100",
        delta=habit_change,
        # A change that rounds to 0 is "no change": neither red nor green.
        delta_color="off" if unchanged else "normal",
        delta_arrow="off" if unchanged else "auto",
        help=(
            "How steady your exercise habit is. Each session builds it up; a missed one dents it "
            "a little but never wipes it out. Paused days are left out of it."
        ),
    )
with right:
    trend = view.pain_trend
    so_far = view.pain_so_far
    so_far_text = (
        f"This week so far: {pain_text(so_far.mean)} over {so_far.days} "
        f"day{'s' if so_far.days != 1 else ''}, not judged until the week is over."
        if so_far is not None
        else None
    )
    # The verdict always compares the complete weeks among the 4 before this one
    # (docs/rules.md §2), whatever range the charts show: the label says so.
    pain_label = f"Pain, last {TREND_WEEKS} complete weeks"
    if trend is None:
        st.metric(pain_label, "Not enough yet")
        st.caption(
            "Check in on at least 3 days a week for two weeks to see which way your pain is going."
        )
    else:
        st.metric(
            pain_label,
            pain_text(trend.later),
            delta=f"{trend.change:+.1f} since the week of {day_text(trend.earlier_week)}",
            delta_arrow="auto" if trend.change else "off",
            # Coloured only when the change is big enough to matter.
            delta_color="inverse" if trend.meaningful else "off",
            help=(
                f"Average pain of the last complete week against the first complete week of the "
                f"{TREND_WEEKS} before this one; a week counts once it is over and has 3 or more "
                "days with a check-in."
            ),
        )
        percent = (
            f" ({abs(trend.percent):.0f} %)" if trend.percent is not None and trend.change else ""
        )
        if trend.meaningful:
            verdict = f"A meaningful change{percent}: {PAIN_MEANINGFUL_POINTS} points or more."
        else:
            verdict = (
                f"Not a meaningful change{percent}: that takes {PAIN_MEANINGFUL_POINTS} points "
                "or more."
            )
        st.caption(
            f"Average {pain_text(trend.later)} in the week of {day_text(trend.later_week)}, "
            f"{pain_text(trend.earlier)} in the week of {day_text(trend.earlier_week)}. {verdict}"
        )
    if so_far_text is not None:
        st.caption(so_far_text)
    latest = view.latest_score
    if latest is None:
        st.metric("Back questionnaire, latest", "Not answered yet")
        st.caption("Answer the back questionnaire once a week to follow how your back is doing.")
    else:
        change = latest.change
        st.metric(
            "Back questionnaire, latest",
            f"{oswestry.format_percent(latest.percent)} of 100",
            delta=(
                None
                if change is None
                else f"{latest.points_shown:+d} since {day_text(latest.baseline_day)}"
            ),
            delta_color="inverse" if change is not None and change.meaningful else "off",
            help=(
                "Lower is better: 0 means your back gets in the way of nothing. Compared only "
                f"with earlier answers to the same questionnaire ({latest.definition})."
            ),
        )
        st.caption(
            f"Answered {day_text(latest.day)}: "
            + oswestry.BAND_LABELS.get(latest.band, latest.band)
            + ". "
            + (
                "Your first score: answer again next week to see a change."
                if change is None
                else oswestry.change_sentence(
                    change, f"your first, on {day_text(latest.baseline_day)}"
                )
            )
        )

if view.persistent is not None:
    headlines.warning(
        f"{view.persistent.detail} {view.persistent.kind.advice}",
        icon=":material/medical_services:",
    )

# ----- Charts --------------------------------------------------------------------------------

st.subheader("Sessions each week")
if view.sessions_logged == 0:
    st.info(
        "No exercise sessions logged in these weeks. Log your exercises after each session to "
        "see them here against your weekly target.",
        icon=":material/fitness_center:",
    )
    st.page_link("pages/session.py", label="Log exercises", icon=":material/fitness_center:")
else:
    ui.altair_chart(
        chart_key,
        charts.adherence_parts,
        view.adherence,
        pauses=view.pauses,
        span=view.span,
        alt=trends_view.sessions_in_words(view),
    )
    st.caption(
        "Bars: days with a session. Dashed line: the week's target"
        + (", lower in weeks with paused days. Grey: paused." if not view.pauses.empty else ".")
    )

st.subheader("Pain")
if view.pain_days < trends_view.MIN_PAIN_DAYS:
    more = trends_view.MIN_PAIN_DAYS - view.pain_days
    st.info(
        f"Check in on {more} more day{'s' if more != 1 else ''} to see your pain over the weeks.",
        icon=":material/mood:",
    )
    st.page_link("pages/check_in.py", label="Check in now", icon=":material/mood:")
else:
    ui.altair_chart(
        chart_key,
        charts.pain_parts,
        view.pain_weekly,
        view.pain_daily,
        pauses=view.pauses,
        span=view.span,
        alt=trends_view.pain_in_words(view),
    )
    st.caption(
        "Bold line: each week's average. "
        + (
            "Faint dots: each day. "
            if not view.pain_daily.empty
            else "Faint band: each week's lowest to highest. "
        )
        + "Shaded at the top: severe pain (7 to 10)."
    )

st.subheader("Back questionnaire")
if latest is None or view.scores.empty:
    st.info(
        "No questionnaire answered in these weeks. Answer it once a week; your scores will be "
        "drawn here against your first one.",
        icon=":material/checklist:",
    )
elif latest.change is None:
    st.info(
        "You have answered once. After your next answer you will see your score over time.",
        icon=":material/checklist:",
    )
else:
    ui.altair_chart(
        chart_key,
        charts.questionnaire_chart,
        view.scores,
        band=view.score_band,
        baseline=latest.baseline,
        span=view.span,
        alt=trends_view.scores_in_words(view),
    )
    st.caption(
        "Lower is better. Green band: within 10 points of your first score, where a change is "
        f"not yet meaningful. Scores of {ui.plain(latest.definition)}."
    )

st.subheader("Exercises")
if view.volume.empty:
    st.info(
        "No exercises logged in these weeks. Log them after each session to see how much you "
        "did and how it felt.",
        icon=":material/fitness_center:",
    )
else:
    for _, row in view.exercises.iterrows():
        if row["times_done"] or row["in_programme"]:
            st.markdown(f"**{row['name']}**: {trends_view.exercise_line(row)}")
    # Programme exercises first, in programme order, then the others logged.
    logged = set(view.volume["exercise"])
    names = {
        e: n
        for e, n in zip(view.exercises["exercise"], view.exercises["name"], strict=True)
        if e in logged
    }
    chosen = st.selectbox(
        "Weekly amount of", options=list(names), format_func=names.get, key="trends_exercise"
    )
    ui.altair_chart(
        (*chart_key, chosen),
        charts.volume_parts,
        view.volume,
        exercise=chosen,
        span=view.span,
        alt=trends_view.volume_in_words(view, chosen),
    )

# ----- Flags ---------------------------------------------------------------------------------

st.subheader("Worth a look")
if not view.flags and view.sessions_logged == 0:
    st.caption(
        "Nothing to point out yet. Flags come from the pain you log during your exercises and "
        "on the mornings after."
    )
elif not view.flags:
    st.success(
        "No pain-monitoring flags in these weeks: exercise pain stayed at 5 or below, and your "
        "mornings settled after sessions.",
        icon=":material/check_circle:",
    )
else:
    st.caption(
        "What a physiotherapist would point out in your logs, newest first. They are not a "
        "diagnosis: they are things to act on and to mention at your next appointment."
    )
    for kind in FlagKind:
        raised = [flag for flag in reversed(view.flags) if flag.kind is kind]
        if not raised:
            continue
        with st.container(border=True):
            if kind.urgent:
                st.error(f"{kind.rule} {kind.advice}", icon=":material/front_hand:")
            else:
                st.markdown(f"**{kind.rule}** {kind.advice}")
            st.markdown("\n".join(f"- {flag.detail}" for flag in raised[:FLAGS_SHOWN]))
            if len(raised) > FLAGS_SHOWN:
                with st.expander(f"{len(raised) - FLAGS_SHOWN} earlier"):
                    st.markdown("\n".join(f"- {flag.detail}" for flag in raised[FLAGS_SHOWN:]))

# ----- Symmetry between the legs (docs/rules.md §9) ------------------------------------------


symmetry = ui.cached_read(read_symmetry_frame, db, tables=SYMMETRY_TABLES)
if symmetry is not None:
    st.subheader("Symmetry between the legs")
    if symmetry.empty:
        st.caption(
            "No figure yet: it needs the injured side set in My injury, one hamstring injured "
            "(with both there is no other leg to compare with) and a test of both legs on the "
            "same day."
        )
    # The charts follow the range chosen above, as everything after it does; the latest figure
    # of each test stands above its chart whenever it was tested.
    in_range = symmetry[symmetry["day"] >= pd.Timestamp(view.since)]
    tests_key = (*ui.data_key(db, SYMMETRY_TABLES), "symmetry", view.since)
    for test in dict.fromkeys(symmetry["test"]):
        latest = symmetry[symmetry["test"] == test].iloc[-1]
        st.markdown(ui.plain(f"{latest['day']:%d %b %Y}: {latest['text']}"))
        if not (in_range["test"] == test).any():
            st.caption(f"No {test} test in these weeks.")
            continue
        ui.altair_chart(
            (*tests_key, test),
            charts.symmetry_chart,
            in_range,
            test=test,
            alt=symmetry_in_words(in_range, test=test),
        )
    st.page_link("pages/return_to_sport.py", label="Tests and checklist", icon=":material/sprint:")

ui.standing_note()
