"""The clinician summary: its numbers are the trends modules' numbers, it shows the flags and
warning signs, its charts are static images, and it prints on one page."""

from __future__ import annotations

import base64
import datetime as dt
import re
from fractions import Fraction
from pathlib import Path

import pytest
from sqlite_utils import Database

from hamtrack import adherence, cli, demo, nordic, oswestry, psfs_view, report, trends
from hamtrack import db as store
from hamtrack.catalogue import EXERCISES
from hamtrack.flags import pain_flags, persistent_pain
from hamtrack.injury import InjuryCause, InjuryProfile
from hamtrack.models import (
    CheckIn,
    ExerciseDone,
    Pause,
    PauseReason,
    Phase,
    ProgrammeExercise,
    QuestionnaireResponse,
    Region,
    Session,
    Side,
)
from hamtrack.numbers import one_decimal
from hamtrack.return_to_sport import (
    Leg,
    Measure,
    MeasureKind,
    PsfsResponse,
    RunningEntry,
    StrengthUnit,
    checklist_summary,
)
from hamtrack.return_to_sport_view import read_checklist

TODAY = dt.date(2025, 6, 30)


def _open(folder: Path, name: str) -> Database:
    return store.open_database(folder / name)


@pytest.fixture
def demo_db(tmp_path: Path) -> Database:
    db = _open(tmp_path, "demo.db")
    store.store_bundle(db, demo.generate(weeks=14, seed=11, today=TODAY), today=TODAY)
    yield db
    db.conn.close()


@pytest.fixture
def own_db(tmp_path: Path) -> Database:
    """A person's own records with warning signs, breaches and a note that looks like HTML."""
    db = _open(tmp_path, "own.db")
    for offset in range(21):
        day = TODAY - dt.timedelta(days=offset)
        pain = 6 if offset < 7 else 3
        store.add_check_in(
            db,
            CheckIn(
                day=day,
                time=dt.time(7, 30),
                pain={Region.LEFT_HAMSTRING: pain, Region.RIGHT_HAMSTRING: 0, Region.LOW_BACK: 2},
                stiffness=3,
                note="<script>alert('note')</script>",
                red_flags=frozenset({"fever", "night_pain"}) if offset == 2 else frozenset(),
            ),
            today=TODAY,
        )
        if offset % 2 == 0:
            store.add_session(
                db,
                Session(
                    day=day,
                    note="<b>session</b>",
                    exercises=(
                        ExerciseDone("bridge", pain_during=7 if offset < 4 else 2, reps=10),
                    ),
                ),
                today=TODAY,
            )
    store.set_phase(db, Phase.EARLY_REHAB, day=TODAY - dt.timedelta(days=30), today=TODAY)
    store.save_programme(db, [ProgrammeExercise("bridge", sets=2, reps=10, added_on=TODAY)])
    yield db
    db.conn.close()


# ---------------------------------------------------------------------------------------------
# The numbers are the trends modules' numbers.


def test_the_summary_numbers_are_those_of_the_trends_modules(demo_db):
    summary = report.clinician_summary(demo_db, today=TODAY)
    data = trends.read_trend_data(demo_db, today=TODAY)
    weekly = adherence.weekly_adherence(
        data.sessions, data.pauses, target=data.target, first_day=data.first_day, today=TODAY
    )
    complete = weekly[weekly["complete"] & (weekly["status"] != adherence.WeekStatus.PAUSED)]
    assert summary.adherence.weeks_counted == len(complete)
    assert summary.adherence.weeks_met == int((complete["status"] == "met").sum())
    assert summary.adherence.mean_percent == pytest.approx(complete["percent"].mean())
    assert summary.adherence.streak == adherence.streak(weekly)
    assert summary.adherence.sessions == len(data.sessions)

    pain = trends.weekly_pain(data.daily_pain, first=data.first_day, last=TODAY)
    assert summary.view.pain_trend == trends.pain_trend(pain, today=TODAY)
    assert summary.period_pain == trends.pain_trend(pain, today=TODAY, weeks=14)
    assert summary.view.latest_score == trends.latest_score(data.scores)
    expected_flags = pain_flags(data.exercises, data.daily_pain, until=TODAY, today=TODAY)
    assert list(summary.view.flags) == list(expected_flags)
    assert summary.view.persistent == persistent_pain(pain, today=TODAY)
    assert summary.phase is Phase.RETURN_TO_SPORT
    assert summary.weeks == 14


def test_the_page_prints_the_same_numbers(demo_db):
    summary = report.clinician_summary(demo_db, today=TODAY)
    page = report.render_html(summary, {})
    facts = summary.adherence
    assert f"Target met in {facts.weeks_met} of {facts.weeks_counted} complete weeks" in page
    trend = summary.period_pain
    shown = f"{one_decimal(trend.earlier):.1f} → {one_decimal(trend.later):.1f}"
    assert shown in page
    latest = summary.view.latest_score
    assert f"Latest {oswestry.format_percent(latest.percent)} on" in page
    assert f"Baseline {oswestry.format_percent(latest.baseline)} on" in page
    assert "Return to sport since" in page


@pytest.mark.parametrize(
    ("earlier", "later", "expected"),
    [
        (6.0, 3.5, "6.0 → 3.5 (weeks of 2 Jun 2025 → 23 Jun 2025), down 2.5 (42 %): meaningful."),
        (
            3.0,
            2.0,
            "3.0 → 2.0 (weeks of 2 Jun 2025 → 23 Jun 2025), down 1.0 (33 %): not meaningful.",
        ),
        (
            6.0,
            5.0,
            "6.0 → 5.0 (weeks of 2 Jun 2025 → 23 Jun 2025), down 1.0 (17 %): not meaningful.",
        ),
        (2.0, 4.0, "2.0 → 4.0 (weeks of 2 Jun 2025 → 23 Jun 2025), up 2.0 (100 %): meaningful."),
        (4.0, 4.0, "4.0 → 4.0 (weeks of 2 Jun 2025 → 23 Jun 2025), unchanged: not meaningful."),
    ],
)
def test_pain_changes_get_the_meaningful_change_verdict_of_the_trends_rule(
    earlier, later, expected
):
    trend = trends.PainTrend(
        earlier_week=dt.date(2025, 6, 2),
        later_week=dt.date(2025, 6, 23),
        earlier=earlier,
        later=later,
        meaningful=trends.meaningful_pain_change(earlier, later),
    )
    assert report.pain_verdict(trend) == expected


@pytest.mark.parametrize(
    ("baseline", "latest", "verdict"),
    [
        (40.0, 28.0, "12 points better, meaningful."),
        (40.0, 34.0, "6 points better, not meaningful."),
        (20.0, 26.0, "6 points worse, not meaningful."),  # 30 %, but 6 points
        (4.0, 2.0, "2 points better, not meaningful."),  # "50 %" at the floor
        (320 / 9, 120 / 9, "23 points better, meaningful."),  # 36 → 13, as Trends shows it
        (30.0, 30.0, "no change, not meaningful."),
    ],
)
def test_questionnaire_changes_get_the_meaningful_change_verdict(baseline, latest, verdict):
    score = trends.LatestScore(
        day=dt.date(2025, 6, 20),
        percent=latest,
        band=oswestry.score([3] * 10).band,
        baseline_day=dt.date(2025, 3, 1),
        baseline=baseline,
        change=oswestry.change_summary(baseline, latest),
        questionnaire_id="hamtrack-oswestry-style",
        questionnaire_version="2",
    )
    text = report.score_verdict(score)
    assert text.endswith(
        f"{verdict} Scores of Oswestry-style (HamTrack's own wording), not the licensed ODI "
        "text; hamtrack-oswestry-style version 2."
    )


def test_the_first_score_is_called_the_baseline():
    score = trends.LatestScore(
        day=dt.date(2025, 6, 20),
        percent=30.0,
        band="moderate",
        baseline_day=dt.date(2025, 6, 20),
        baseline=30.0,
        change=None,
    )
    assert "baseline" in report.score_verdict(score)


# ---------------------------------------------------------------------------------------------
# What the page shows.


def _images(page: str) -> list[str]:
    return [
        base64.b64decode(m).decode("utf-8")
        for m in re.findall(r'src="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)"', page)
    ]


def test_the_charts_are_static_svg_images_inside_the_page(demo_db):
    page = report.summary_html(demo_db, today=TODAY)
    images = _images(page)
    assert len(images) == 3
    assert all(svg.lstrip().startswith("<svg") for svg in images)
    assert "http" not in page.replace("http://www.w3.org", "")  # nothing fetched from outside


def test_no_chart_or_section_is_split_across_pages(demo_db):
    page = report.summary_html(demo_db, today=TODAY)
    assert re.search(r"section \{[^}]*break-inside: avoid", page)
    assert re.search(r"figure \{[^}]*break-inside: avoid", page)


def test_warning_signs_and_flags_are_shown_and_user_text_never_becomes_html(own_db):
    page = report.summary_html(own_db, today=TODAY)
    assert "Warning signs reported" in page
    assert "A fever, shivering or feeling generally unwell along with the pain" in page
    # Counted against the chances: 11 bridges were done, 2 hurt 7/10 or more.
    assert '<th scope="row">Exercise pain 7/10 or more</th><td>2 of 11 exercises done</td>' in page
    assert "Glute bridge 2×" in page
    assert "<script>" not in page
    assert "<b>session</b>" not in page
    assert "Early rehab since" in page
    assert "Demo data" not in page


def test_demo_data_is_labelled_as_such(demo_db):
    assert "Demo data: generated to try HamTrack out" in report.summary_html(demo_db, today=TODAY)


def test_an_empty_database_gives_a_plain_summary_without_charts(tmp_path):
    db = _open(tmp_path, "empty.db")
    page = report.summary_html(db, today=TODAY)
    assert "Nothing logged up to 30 Jun 2025." in page
    assert _images(page) == []
    assert "No scored questionnaire yet." in page
    assert "No pain-monitoring flags in this period." in page


def test_a_period_limits_the_summary_and_ignores_later_logs(own_db):
    until = TODAY - dt.timedelta(days=10)
    summary = report.clinician_summary(
        own_db, since=TODAY - dt.timedelta(days=20), until=until, today=TODAY
    )
    assert summary.last_day == until
    assert summary.warning_signs == ()  # ticked 2 days ago, after the period
    assert all(flag.when <= until for flag in summary.flags)
    page = report.render_html(summary, {})
    assert "to 20 Jun 2025" in page


def test_a_period_that_starts_after_it_ends_is_refused(own_db):
    with pytest.raises(ValueError, match="starts"):
        report.clinician_summary(
            own_db, since=TODAY, until=TODAY - dt.timedelta(days=1), today=TODAY
        )


def test_cli_report_writes_the_page(own_db, tmp_path, capsys):
    path = Path(own_db.conn.execute("PRAGMA database_list").fetchone()[2])
    out = tmp_path / "summary" / "report.html"
    assert cli.main(["report", "--db", str(path), "--out", str(out)]) == 0
    assert out.read_text("utf-8").startswith("<!doctype html>")
    assert "report.html" in capsys.readouterr().out


# ---------------------------------------------------------------------------------------------
# On paper.


def _busiest(db: Database) -> None:
    """Everything that adds length: warning signs, every flag rule, the whole catalogue, and
    the demo's whole story (its injury profile, tests on both legs and runs)."""
    store.store_bundle(db, demo.generate(weeks=30, seed=5, today=TODAY), today=TODAY)
    store.save_programme(
        db,
        [
            ProgrammeExercise(
                slug,
                sets=3,
                reps=None if e.is_hold else 10,
                hold_s=30 if e.is_hold else None,
                band_level=2,
                added_on=TODAY - dt.timedelta(weeks=8),
            )
            for slug, e in EXERCISES.items()
        ],
    )
    ticked = [{"fever"}, {"night_pain", "calf_swelling"}, {"bladder_bowel"}, {"weight_loss"}]
    for i, flags in enumerate(ticked):
        store.add_check_in(
            db,
            CheckIn(
                day=TODAY - dt.timedelta(days=3 * i),
                time=dt.time(20, 0),
                pain=dict.fromkeys(Region, 5),
                stiffness=3,
                red_flags=frozenset(flags),
            ),
            today=TODAY,
        )
    for i in range(6):
        store.add_session(
            db,
            Session(
                day=TODAY - dt.timedelta(days=5 * i + 1),
                exercises=(
                    ExerciseDone("bridge", pain_during=8, reps=10),
                    ExerciseDone("wall-stretch", pain_during=6, hold_s=30),
                ),
            ),
            today=TODAY,
        )


@pytest.mark.browser
def test_the_busiest_summary_prints_with_a_first_page_that_stands_on_its_own(tmp_path):
    import io

    from browser_support import chromium_page
    from pypdf import PdfReader

    db = _open(tmp_path, "busy.db")
    _busiest(db)
    page_html = report.summary_html(db, since=TODAY - dt.timedelta(weeks=17), today=TODAY)
    (tmp_path / "summary.html").write_text(page_html, encoding="utf-8")
    with chromium_page(width=794, height=1123) as page:
        page.goto((tmp_path / "summary.html").as_uri())
        pdf = page.pdf(prefer_css_page_size=True, print_background=True)
        page.screenshot(path=str(tmp_path / "summary.png"), full_page=True)
    pages = [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages]
    first = pages[0]
    for heading in (
        "Period:",
        "Adherence",
        "Pain by region",
        "Return to sport",
        "Warning signs",
        "Flags raised",
    ):
        assert heading in first
    # The first page's verdicts come first; the return-to-sport tables follow, each whole.
    for heading, last_row in (
        ("Return to sport: latest tests", "Active knee extension"),
        ("Return-to-sport checklist", "No pain-monitoring"),
    ):
        holding = [text for text in pages if heading in text]
        assert len(holding) == 1
        assert last_row in holding[0].split(heading, 1)[1], holding[0]


@pytest.mark.browser
def test_the_summary_on_screen_fits_a_phone_and_passes_axe(tmp_path):
    """A clinician may open the summary on a phone: nothing is wider than a 390 px screen (the
    paired sections stack and a row's name wraps there; paper keeps its two columns), and at
    390 and 1280 px axe-core finds no WCAG 2.2 AA violation (its charts named in words)."""
    from axe_playwright_python.sync_playwright import Axe
    from browser_support import chromium_page

    db = _open(tmp_path, "busy.db")
    _busiest(db)
    page_html = report.summary_html(db, today=TODAY)
    (tmp_path / "summary.html").write_text(page_html, encoding="utf-8")
    tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
    with chromium_page(width=390, height=844) as page:
        page.goto((tmp_path / "summary.html").as_uri())
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        columns = page.evaluate(
            "getComputedStyle(document.querySelector('.columns')).gridTemplateColumns"
        )
        assert len(columns.split()) == 1
        for width in (390, 1280):
            page.set_viewport_size({"width": width, "height": 900})
            found = Axe().run(page, options={"runOnly": {"type": "tag", "values": tags}})
            assert [v["id"] for v in found.response["violations"]] == [], width


def test_flags_name_their_days_and_weeks_with_the_year_only_when_it_differs(demo_db):
    summary = report.clinician_summary(demo_db, today=TODAY)
    page = report.render_html(summary, {})
    weekly = [f for f in summary.flags if f.day is None and f.kind == "morning_pain_rose"]
    assert weekly  # the demo story has a week whose mornings got worse
    newest = max(f.when for f in weekly)
    assert f"latest weeks of {newest.day} {newest:%b}" in page
    flag = report.Flag(
        kind=report.FlagKind.NEXT_MORNING_WORSE, detail="", day=dt.date(2024, 12, 30)
    )
    line = report.flag_detail(flag.kind, [flag], 2025)
    assert "latest 30 Dec 2024" in line


@pytest.mark.parametrize("old_day", ["1900-01-01", "0001-01-01"])
def test_a_check_in_stored_with_an_ancient_date_leaves_the_summary_bounded_by_weeks(
    tmp_path, capsys, old_day: str
):
    """A record stored before HamTrack refused dates before 2000 (hamtrack/data/data-dictionary.md)
    must not stretch the weeks back a century: the summary is written, its weeks bounded."""
    db = _open(tmp_path, "old.db")
    store.store_bundle(db, demo.generate(weeks=52, seed=1, today=TODAY), today=TODAY)
    with store.write(db):
        db.execute("UPDATE check_ins SET day = ? WHERE id = 1", [old_day])
    summary = report.clinician_summary(db, today=TODAY)
    assert summary.first_week >= dt.date(2000, 1, 1)
    assert len(summary.view.adherence) <= 53
    path = Path(db.conn.execute("PRAGMA database_list").fetchone()[2])
    out = tmp_path / "report.html"
    assert cli.main(["report", "--db", str(path), "--out", str(out)]) == 0
    assert out.read_text("utf-8").startswith("<!doctype html>")
    capsys.readouterr()


def test_trends_all_weeks_start_at_the_earliest_day_even_with_an_ancient_record(tmp_path):
    """Trends → All reads the same week-by-week view: an 0001-01-01 check-in stored before the
    earliest-day rule must not make it walk two thousand years of weeks."""
    from hamtrack import trends_view

    db = _open(tmp_path, "ancient.db")
    store.store_bundle(db, demo.generate(weeks=20, seed=4, today=TODAY), today=TODAY)
    with store.write(db):
        db.execute("UPDATE check_ins SET day = '0001-01-01' WHERE id = 1")
    assert store.first_logged_day(db) >= dt.date(2000, 1, 1)
    view = trends_view.read_trends_view(db, today=TODAY, weeks=None)
    assert len(view.adherence) <= 21
    assert len(view.pain_weekly) <= 21


def test_over_the_period_pain_ends_on_the_last_complete_week(own_db):
    """Today (Monday 30 June) holds one check-in: it is "so far", never the period's end point
    (docs/rules.md §2)."""
    summary = report.clinician_summary(own_db, today=TODAY)
    assert summary.period_pain.later_week == dt.date(2025, 6, 23)
    assert (summary.view.pain_so_far.week, summary.view.pain_so_far.days) == (TODAY, 1)
    page = report.render_html(summary, {})
    assert (
        '<th scope="row">Pain, this week so far</th><td>6.0 over 1 day, not judged until it '
        "is over.</td>"
    ) in page


def test_the_persistent_pain_line_keeps_its_window_and_numbers(tmp_path):
    db = _open(tmp_path, "persistent.db")
    for offset in range(1, 8 * 7):
        day = TODAY - dt.timedelta(days=offset)
        pain = {Region.LEFT_HAMSTRING: 5, Region.RIGHT_HAMSTRING: 0, Region.LOW_BACK: 1}
        store.add_check_in(db, CheckIn(day, dt.time(8), pain, 2), today=TODAY)
    page = report.summary_html(db, today=TODAY)
    assert "Persistent pain, review suggested" in page
    assert (
        "Your weekly average pain has not eased by 2 "
        "points in 6 weeks (5/10 in the week of 12 May, 5/10 in the week of 23 Jun)."
    ) in page


# ---------------------------------------------------------------------------------------------
# What a physiotherapist reads first (docs/rules.md §1–§6; each verdict from its rule's function).


def test_pain_is_told_per_region_over_the_periods_complete_weeks(own_db):
    """The left hamstring went from 3 to 6 in the last complete week; the right and the back
    stayed put. Each region is judged by the headline's rule (2 points or more, §2)."""
    summary = report.clinician_summary(own_db, today=TODAY)
    by_region = dict(summary.region_pain)
    left = by_region[Region.LEFT_HAMSTRING]
    assert (left.earlier_week, left.later_week) == (
        summary.period_pain.earlier_week,
        summary.period_pain.later_week,
    )
    assert left.meaningful is trends.meaningful_pain_change(left.earlier, left.later) is True
    assert by_region[Region.RIGHT_HAMSTRING].change == 0
    assert by_region[Region.LOW_BACK].meaningful is False
    rows = dict(report.region_rows(summary))
    assert rows["Left hamstring"] == "3.0 → 5.6, up 2.6 (87 %): meaningful."
    assert rows["Right hamstring"] == "0.0 → 0.0, unchanged: not meaningful."
    assert rows["Morning stiffness"].startswith("3.0 → 3.0")
    page = report.render_html(summary, {})
    assert "Left hamstring 3.0 → 5.6, up 2.6 (87 %): meaningful" in page


@pytest.mark.parametrize(
    ("sets", "reps", "hold_s", "shown"),
    [
        (3, 10, None, "3 × 10"),
        (2, None, 30, "2 × 30 s"),
        (None, 10, None, "10"),
        (None, None, 30, "30 s"),
    ],
)
def test_a_logged_dose_reads_as_sets_times_reps_or_hold(sets, reps, hold_s, shown):
    assert report.dose_done(sets, reps, hold_s) == shown


def test_each_exercise_shows_the_dose_done_its_band_and_its_pain(tmp_path):
    db = _open(tmp_path, "doses.db")
    for offset, (sets, band) in enumerate([(2, 1), (3, 2), (3, 2)]):
        store.add_session(
            db,
            Session(
                day=TODAY - dt.timedelta(days=offset),
                exercises=(
                    ExerciseDone("bridge", sets=sets, reps=10, band_level=band, pain_during=offset),
                ),
            ),
            today=TODAY,
        )
    summary = report.clinician_summary(db, today=TODAY)
    (bridge,) = summary.exercises
    row = summary.view.exercises.iloc[0]
    assert bridge.times_done == int(row["times_done"]) == 3
    assert bridge.pain_mean == pytest.approx(row["pain_mean"])
    assert (bridge.usual_dose, bridge.latest_dose) == ("3 × 10", "2 × 10")
    assert bridge.bands == "extra light to light"
    page = report.render_html(summary, {})
    assert "usually 3 × 10; latest 2 × 10; band extra light to light" in page
    assert "mean 1.0, highest 2" in page


def test_nordic_sessions_are_counted_against_the_protocols_27(tmp_path):
    db = _open(tmp_path, "nordic.db")
    days = [TODAY - dt.timedelta(days=2 * n) for n in range(8)]
    for day in days:
        store.add_session(
            db,
            Session(
                day=day,
                exercises=(ExerciseDone("nordic-hamstring", sets=2, reps=5, pain_during=1),),
            ),
            today=TODAY,
        )
    summary = report.clinician_summary(db, since=TODAY - dt.timedelta(days=6), today=TODAY)
    facts = summary.nordic
    assert facts.logged == 8
    assert facts.in_period == 4
    expected = nordic.nordic_dose(sorted(days), on=TODAY + dt.timedelta(days=1))
    assert facts.next_dose == expected
    text = report.nordic_text(facts)
    assert text.startswith("4 sessions in this period, 8 in all logged")
    assert f"session {expected.session} of the protocol's 27" in text


def _response(
    day: dt.date, answers: tuple, qid: str = "hamtrack-oswestry-style", version: str | None = None
):
    return QuestionnaireResponse(
        day=day,
        questionnaire_id=qid,
        questionnaire_version=version or oswestry.packaged_definition().version,
        section_ids=oswestry.SECTION_IDS,
        answers=answers,
    )


def test_the_questionnaire_is_shown_section_by_section_at_baseline_and_latest(tmp_path):
    db = _open(tmp_path, "odi.db")
    first = (3, 2, 4, 1, 2, 3, 2, None, 3, 2)
    last = (1, 0, 2, 1, 1, 1, 0, None, 1, 0)
    store.add_questionnaire_response(
        db, _response(TODAY - dt.timedelta(weeks=6), first), today=TODAY
    )
    store.add_questionnaire_response(
        db, _response(TODAY - dt.timedelta(weeks=3), (2,) * 10), today=TODAY
    )
    store.add_questionnaire_response(db, _response(TODAY, last), today=TODAY)
    summary = report.clinician_summary(db, today=TODAY)
    answers = summary.questionnaire
    assert answers.baseline_day == summary.view.latest_score.baseline_day
    assert answers.latest_day == summary.view.latest_score.day == TODAY
    assert [(b, a) for _, b, a in answers.sections] == list(zip(first, last, strict=True))
    assert "not the licensed ODI text" in answers.definition
    rows = report.questionnaire_rows(answers)
    titles = [s.title for s in oswestry.packaged_definition().sections]
    assert [r[0] for r in rows[1:]] == titles
    assert rows[8][1:] == ("skipped", "skipped")
    assert rows[1][1:] == ("3 / 5", "1 / 5")


def test_a_new_definition_starts_a_new_baseline_in_the_section_table(tmp_path):
    """Responses of another definition are never compared with ours (docs/rules.md §6)."""
    db = _open(tmp_path, "odi2.db")
    store.add_questionnaire_response(
        db, _response(TODAY - dt.timedelta(weeks=6), (5,) * 10), today=TODAY
    )
    store.add_questionnaire_response(
        db,
        _response(TODAY - dt.timedelta(weeks=2), (3,) * 10, qid="clinic-odi", version="2"),
        today=TODAY,
    )
    store.add_questionnaire_response(
        db, _response(TODAY, (1,) * 10, qid="clinic-odi", version="2"), today=TODAY
    )
    answers = report.clinician_summary(db, today=TODAY).questionnaire
    assert answers.baseline_day == TODAY - dt.timedelta(weeks=2)
    assert [(b, a) for _, b, a in answers.sections] == [(3, 1)] * 10
    assert answers.definition == oswestry.definition_label("clinic-odi", "2")


def test_a_response_deleted_while_the_summary_is_read_leaves_the_section_table_out(tmp_path):
    """The section table reads back only the two responses it shows: one deleted elsewhere in
    the meantime leaves the table out instead of failing the whole summary."""
    db = _open(tmp_path, "gone.db")
    for weeks, answers in ((6, (3,) * 10), (0, (1,) * 10)):
        store.add_questionnaire_response(
            db, _response(TODAY - dt.timedelta(weeks=weeks), answers), today=TODAY
        )
    scores = oswestry.scores_frame(store.questionnaire_responses(db, until=TODAY))
    assert report._questionnaire(db, scores) is not None
    latest = store.questionnaire_responses(db, until=TODAY)[-1]
    store.delete_questionnaire_response(db, latest.id)
    assert report._questionnaire(db, scores) is None


def test_phase_history_pauses_and_their_reasons_are_listed(own_db):
    store.add_pause(
        own_db,
        Pause(
            TODAY - dt.timedelta(days=9), TODAY - dt.timedelta(days=8), PauseReason.ILLNESS, "flu"
        ),
    )
    store.set_phase(own_db, Phase.FUNCTIONAL, day=TODAY - dt.timedelta(days=5), today=TODAY)
    summary = report.clinician_summary(own_db, today=TODAY)
    assert report.phase_rows(summary) == [
        ("31 May 2025", "Early rehab"),
        ("25 Jun 2025", "Functional retraining"),
    ]
    assert report.pause_rows(summary) == [("21 Jun 2025 to 22 Jun 2025 (2 days)", "Illness")]
    page = report.render_html(summary, {})
    assert "Functional retraining" in page
    assert "flu" not in page  # a pause's note is a note: shown only when notes are included


def test_warning_signs_are_counted_against_the_check_ins(own_db, demo_db):
    own = report.clinician_summary(own_db, today=TODAY)
    assert report.warning_headline(own).startswith("Ticked at 1 of 21 check-ins, latest on 28 Jun")
    demo_summary = report.clinician_summary(demo_db, today=TODAY)
    assert demo_summary.check_ins == len(
        store.check_ins_frame(demo_db, since=demo_summary.first_week)
    )
    assert (
        report.warning_headline(demo_summary)
        == f"None ticked on {demo_summary.check_ins} check-ins."
    )


def test_flags_are_counted_against_how_many_chances_there_were(demo_db):
    summary = report.clinician_summary(demo_db, today=TODAY)
    exercises = store.session_exercises_frame(demo_db, since=summary.first_week, until=TODAY)
    assert summary.exercises_done == len(exercises.drop_duplicates(["day", "exercise"]))
    assert summary.session_days == exercises["day"].nunique()
    for rule, count, _ in report.flag_rows(summary):
        kind = next(k for k, heading in report.FLAG_HEADINGS.items() if heading == rule)
        found = [f for f in summary.flags if f.kind is kind]
        if kind is report.FlagKind.NEXT_MORNING_WORSE:
            assert (
                count
                == f"after {len({f.day for f in found})} of {summary.session_days} session days"
            )
        if kind is report.FlagKind.MORNING_PAIN_ROSE:
            assert count == f"in {len({f.week for f in found})} of {summary.weeks_over} weeks over"


def test_notes_are_left_out_unless_the_person_includes_them_and_stay_text(own_db):
    without = report.summary_html(own_db, today=TODAY)
    assert "alert(&#39;note&#39;)" not in without
    assert "Notes" not in without
    page = report.summary_html(own_db, today=TODAY, include_notes=True)
    assert "&lt;script&gt;alert(&#39;note&#39;)&lt;/script&gt;" in page
    assert "&lt;b&gt;session&lt;/b&gt;" in page
    assert "<script>" not in page
    assert "<b>session</b>" not in page


def test_counts_are_never_written_with_s_in_brackets_and_one_is_singular(tmp_path):
    db = _open(tmp_path, "one.db")
    store.add_session(
        db,
        Session(day=TODAY, exercises=(ExerciseDone("bridge", reps=10, pain_during=1),)),
        today=TODAY,
    )
    page = report.summary_html(db, today=TODAY)
    assert "1 session logged" in page
    assert "(s)" not in page
    assert "1 sessions" not in page


def test_the_page_and_every_file_name_state_the_same_period(demo_db):
    """One function names the period: the summary's words and the file names of the summary,
    the PDF, the zip, the CSV folder and the FHIR file."""
    from hamtrack import exchange, fhir, naming, summary_pdf

    since = dt.date(2025, 4, 14)
    first_logged = store.first_logged_day(demo_db)
    period = naming.period_of(since, None, today=TODAY, first_logged=first_logged)
    summary = report.clinician_summary(demo_db, since=since, today=TODAY)
    assert summary.period == period
    assert report.period_text(summary) == "Period: 14 Apr 2025 to 30 Jun 2025 (12 weeks)."
    slug = "2025-04-14-to-2025-06-30"
    names = [
        report.report_name(since, None, TODAY),
        summary_pdf.pdf_name(since, None, TODAY),
        exchange.export_name(since, None, today=TODAY),
        exchange.export_name(since, None, today=TODAY, suffix=""),
        fhir.bundle_name(since, None, today=TODAY),
    ]
    assert all(slug in name and "now" not in name for name in names)
    everything = report.clinician_summary(demo_db, today=TODAY)
    assert everything.period.first == first_logged
    assert report.report_name(None, None, TODAY, first_logged=first_logged) == (
        f"hamtrack-summary-{first_logged.isoformat()}-to-2025-06-30.html"
    )


@pytest.mark.parametrize(
    ("count", "word", "shown"),
    [
        (0, "session", "0 sessions"),
        (1, "session", "1 session"),
        (2, "check-in", "2 check-ins"),
        (1, "week", "1 week"),
    ],
)
def test_plural(count, word, shown):
    from hamtrack.naming import plural

    assert plural(count, word) == shown


def test_the_reference_is_shown_as_text_on_the_page(demo_db):
    page = report.summary_html(demo_db, today=TODAY, reference="<b>Sam</b>\nRiverside 4411")
    assert "<b>For:</b> &lt;b&gt;Sam&lt;/b&gt; Riverside 4411" in page
    assert "For:" not in report.summary_html(demo_db, today=TODAY)


# ---------------------------------------------------------------------------------------------
# Return to sport (docs/rules.md §9).


def _rts_db(tmp_path: Path) -> Database:
    """A right-sided strain in the functional phase: a bridge at 89.6 %, strength on one leg only,
    a knee-extension difference of 12°, two runs."""
    db = _open(tmp_path, "rts.db")
    store.save_injury_profile(
        db,
        InjuryProfile(
            injured_side=Side.RIGHT,
            injury_day=TODAY - dt.timedelta(weeks=6),
            how=InjuryCause.SPRINTING,
            diagnosis="grade 2 <b>strain</b>",
        ),
        today=TODAY,
    )
    store.set_phase(db, Phase.FUNCTIONAL, day=TODAY - dt.timedelta(days=20), today=TODAY)
    tested = TODAY - dt.timedelta(days=3)
    store.add_measures(
        db,
        [
            Measure(tested - dt.timedelta(days=14), Leg.LEFT, MeasureKind.BRIDGE, 25, pain=0),
            Measure(tested - dt.timedelta(days=14), Leg.RIGHT, MeasureKind.BRIDGE, 10, pain=4),
            Measure(tested, Leg.LEFT, MeasureKind.BRIDGE, 125, pain=0),
            Measure(tested, Leg.RIGHT, MeasureKind.BRIDGE, 100, pain=2),
            Measure(tested, Leg.RIGHT, MeasureKind.BRIDGE, 112, pain=1),
            Measure(tested, Leg.LEFT, MeasureKind.STRENGTH, 24.5, pain=0, unit=StrengthUnit.KG),
            Measure(tested, Leg.LEFT, MeasureKind.KNEE_EXTENSION, 8, pain=0),
            Measure(tested, Leg.RIGHT, MeasureKind.KNEE_EXTENSION, 20, pain=3),
        ],
        today=TODAY,
    )
    store.add_running_entry(db, RunningEntry(TODAY - dt.timedelta(days=4), "jog-walk", 40, 0))
    store.add_running_entry(db, RunningEntry(TODAY - dt.timedelta(days=2), "build-up-50", 50, 3))
    return db


def test_the_summary_has_no_return_to_sport_section_when_there_is_nothing_to_say(own_db):
    summary = report.clinician_summary(own_db, today=TODAY)
    assert summary.return_to_sport is None
    assert report.return_to_sport_lines(summary) is None
    assert "Return to sport" not in report.summary_html(own_db, today=TODAY)


def test_the_latest_tests_show_both_legs_side_by_side_and_never_round_across_the_line(tmp_path):
    """Best trial of each leg on the test's latest day; 112 ÷ 125 is 89.6 %, never "90 %"."""
    db = _rts_db(tmp_path)
    facts = report.clinician_summary(db, today=TODAY).return_to_sport
    rows = report.measure_rows(facts)
    assert rows[0] == ("Test", "Day", "Left", "Right (injured)", "Injured vs other")
    by_test = {row[0]: row for row in rows[1:]}
    bridge = by_test[report.TEST_NAMES[MeasureKind.BRIDGE]]
    assert bridge[1:4] == ("27 Jun 2025", "125, pain 0/10", "112, pain 1/10")
    assert bridge[4] == "LSI 89.6 %; needs 90 % or more"
    strength = by_test[report.TEST_NAMES[MeasureKind.STRENGTH]]
    assert strength[2:] == ("24.5 kg, pain 0/10", "not tested", "one leg only")
    knee = by_test[report.TEST_NAMES[MeasureKind.KNEE_EXTENSION]]
    assert knee[4] == "12° more deficit; needs 10° or less"
    assert list(by_test) == [
        report.TEST_NAMES[k]
        for k in (MeasureKind.BRIDGE, MeasureKind.STRENGTH, MeasureKind.KNEE_EXTENSION)
    ]


def test_the_checklist_shows_each_criterion_and_never_clears_anyone(tmp_path):
    db = _rts_db(tmp_path)
    summary = report.clinician_summary(db, today=TODAY)
    facts = summary.return_to_sport
    expected = read_checklist(db, today=TODAY)
    assert facts.checklist == expected
    rows = report.checklist_rows(facts)
    assert [r[2] for r in rows[1:]] == [r.text for r in expected]
    assert [r[0] for r in rows[1:]] == [r.criterion.title for r in expected]
    assert checklist_summary(expected) in report.checklist_words(facts)
    met = sum(r.met for r in expected)
    headline = dict(report.headline_rows(summary))["Return to sport"]
    assert headline.startswith(f"{met} of {len(expected)} criteria met in the logs; not yet:")
    page = report.summary_html(db, today=TODAY)
    assert "cleared" not in page.lower()
    assert "grade 2 &lt;b&gt;strain&lt;/b&gt;" in page


def test_the_running_step_reached_and_the_retest_due_day_are_stated(tmp_path):
    db = _rts_db(tmp_path)
    facts = report.clinician_summary(db, today=TODAY).return_to_sport
    assert report.running_text(facts) == (
        "furthest step reached: Build-ups at 50 % effort, 50 % effort on 28 Jun 2025, "
        "pain 3/10. 2 runs logged in this period."
    )
    assert report.retest_text(facts) == (
        "next due on 11 Jul 2025: the last tests were on 27 Jun 2025 "
        "(every 14 days in the late phases)."
    )
    later = report.clinician_summary(db, today=TODAY + dt.timedelta(days=20))
    assert report.retest_text(later.return_to_sport).startswith("due since 11 Jul 2025")
    assert "A re-test of both legs is due." in dict(report.headline_rows(later))["Return to sport"]


# ---------------------------------------------------------------------------------------------
# The activities the person finds hard (PSFS, docs/rules.md §9).

HOSTILE_ACTIVITY = "<b>Kick</b> a **ball** <script>x</script>"


def _psfs_db(tmp_path: Path) -> Database:
    """Three ratings: the first on 10 Feb, one on 5 May, the latest on 27 Jun, when a fourth
    activity is named but not rated yet."""
    db = _open(tmp_path, "psfs.db")
    named = ("Running for the bus", "Sitting through a film", HOSTILE_ACTIVITY)
    for day, activities, ratings in (
        (dt.date(2025, 2, 10), named, (3, 5, 2)),
        (dt.date(2025, 5, 5), named, (5, 6, 4)),
        (dt.date(2025, 6, 27), (*named, "Sprinting 30 m"), (7, 6, 5, None)),
    ):
        store.add_psfs_response(db, PsfsResponse(day, activities, ratings), today=TODAY)
    return db


def test_the_summary_has_no_psfs_section_before_any_rating_in_or_before_the_period(own_db):
    summary = report.clinician_summary(own_db, today=TODAY)
    assert summary.psfs is None
    assert report.psfs_lines(summary) is None
    assert "Activities (PSFS)" not in [label for label, _ in report.headline_rows(summary)]
    assert "PSFS" not in report.summary_html(own_db, today=TODAY)


def test_a_rating_after_the_period_is_left_out_and_one_before_it_is_shown(tmp_path):
    db = _psfs_db(tmp_path)
    assert report.clinician_summary(db, until=dt.date(2025, 2, 9), today=TODAY).psfs is None
    later = report.clinician_summary(
        db, since=dt.date(2025, 6, 2), until=dt.date(2025, 6, 20), today=TODAY
    ).psfs
    assert later is not None
    assert later.latest.day == dt.date(2025, 5, 5)
    assert later.in_period == 0


def test_the_psfs_numbers_are_those_of_the_psfs_rules(tmp_path):
    """The latest mean, the change over the activities rated both times and each activity's
    own change come from psfs_view and return_to_sport, with their meaningful-change verdicts."""
    db = _psfs_db(tmp_path)
    responses = [saved.value for saved in store.psfs_responses(db)]
    expected = psfs_view.summary(responses)
    summary = report.clinician_summary(db, today=TODAY)
    facts = summary.psfs
    assert facts is not None
    assert facts.scores == expected
    assert facts.in_period == 3
    # (3 + 5 + 2) / 3 → (7 + 6 + 5) / 3: up 2 2/3, meaningful for a mean (2 points or more).
    assert expected.change.earlier == Fraction(10, 3)
    headline = dict(report.headline_rows(summary))["Activities (PSFS)"]
    assert headline == (
        "Mean 6 of 10 on 27 Jun 2025 (3 activities rated); 3.3 → 6 since 10 Feb 2025 over the "
        "3 activities rated both times: up 2.7 points, a meaningful change (2 points or more)."
    )
    assert report.psfs_rows(facts) == [
        ("Activity", "First rating", "Latest, 27 Jun 2025", "Change"),
        ("Running for the bus", "3/10 on 10 Feb 2025", "7/10", "up 4 points, meaningful"),
        (
            "Sitting through a film",
            "5/10 on 10 Feb 2025",
            "6/10",
            "up 1 point, within the usual variation",
        ),
        (HOSTILE_ACTIVITY, "2/10 on 10 Feb 2025", "5/10", "up 3 points, meaningful"),
        ("Sprinting 30 m", "–", "not rated", "–"),
    ]


@pytest.mark.parametrize(
    ("first", "latest", "words"),
    [
        ((4, 4, 4), (6, 6, 5), "up 1.7 points, within the usual variation (under 2 points)."),
        ((4, 4, 4), (6, 6, 6), "up 2 points, a meaningful change (2 points or more)."),
        ((6, 6, 6), (4, 4, 4), "down 2 points, a meaningful change (2 points or more)."),
        ((5, 5, 5), (5, 5, 5), "no change."),
        ((5, None, None), (7, None, None), "up 2 points, within the usual variation (under 3"),
        ((None, None, 5), (5, None, None), "each activity starts its own baseline."),
    ],
)
def test_the_change_of_the_mean_gets_the_psfs_verdict(tmp_path, first, latest, words):
    """2 points for the mean of several activities, 3 for a single one, either way."""
    db = _open(tmp_path, "verdict.db")
    names = ("Stairs", "Squatting", "Jogging")
    store.add_psfs_response(db, PsfsResponse(dt.date(2025, 3, 3), names, first), today=TODAY)
    store.add_psfs_response(db, PsfsResponse(dt.date(2025, 6, 2), names, latest), today=TODAY)
    facts = report.clinician_summary(db, today=TODAY).psfs
    assert words in report.psfs_change_text(facts)


def test_a_first_rating_is_called_the_baseline(tmp_path):
    db = _open(tmp_path, "first.db")
    store.add_psfs_response(
        db,
        PsfsResponse(dt.date(2025, 6, 2), ("Stairs", "Squatting", "Jogging"), (4, 5, 6)),
        today=TODAY,
    )
    facts = report.clinician_summary(db, today=TODAY).psfs
    assert report.psfs_headline(facts) == (
        "Mean 5 of 10 on 2 Jun 2025 (3 activities rated); first rating: the baseline for the "
        "next ones."
    )
    assert report.psfs_rows(facts)[1] == ("Stairs", "–", "4/10", "first rating of this activity")


def test_the_page_shows_the_psfs_table_with_the_activities_as_text(tmp_path):
    db = _psfs_db(tmp_path)
    page = report.summary_html(db, today=TODAY)
    assert '<th scope="row">Activities (PSFS)</th><td>Mean 6 of 10 on 27 Jun 2025' in page
    assert "Activities the person finds hard (PSFS)" in page
    assert (
        '<th scope="row">Running for the bus</th><td>3/10 on 10 Feb 2025</td><td>7/10</td>' in page
    )
    assert "&lt;b&gt;Kick&lt;/b&gt; a **ball** &lt;script&gt;x&lt;/script&gt;" in page
    assert "<script>x" not in page
    assert "<b>Kick" not in page
    assert "3 ratings in this period." in page
