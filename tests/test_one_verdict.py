"""One verdict everywhere: each contradiction once seen is built from a person's export (CSV
files, through the public import) and every screen and the clinician summary must say the same
thing (docs/rules.md §2–§7).

Pages read today's date, so the logs are laid out relative to it: the scenarios are the same
whatever day the tests run.
"""

import csv
import datetime as dt
import io
import re

import pytest

from hamtrack import exchange, oswestry, report
from hamtrack.nordic import nordic_dose
from hamtrack.weeks import monday_of

TODAY = dt.date.today()
MONDAY = monday_of(TODAY)


def week(n: int, day: int = 0) -> dt.date:
    """Day `day` (0 is Monday) of the week `n` weeks before this one."""
    return MONDAY - dt.timedelta(weeks=n) + dt.timedelta(days=day)


def _csv(header: tuple[str, ...], rows: list[list[object]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return out.getvalue().encode("utf-8")


CHECK_INS = (
    "date", "time", "pain_left_hamstring", "pain_right_hamstring", "pain_low_back",
    "pain_worst", "stiffness", "red_flags", "note",
)  # fmt: skip
EXERCISES = (
    "session_id", "date", "session_note", "position", "exercise", "exercise_name", "side",
    "sets", "reps", "hold_s", "band_level", "pain_during", "note",
)  # fmt: skip
RESPONSES = (
    "date", "questionnaire_id", "questionnaire_version",
    *(f"answer_{s}" for s in oswestry.SECTION_IDS),
    "total_score", "sections_answered", "score_percent", "note",
)  # fmt: skip
PROGRAMME = (
    "position", "exercise", "exercise_name", "side", "sets", "reps", "hold_s", "band_level",
    "added_on",
)  # fmt: skip


def export(
    *,
    check_ins=(),
    sessions=(),
    responses=(),
    phases=(),
    programme=(),
    pauses=(),
    target: int = 3,
) -> dict[str, bytes]:
    """The record files of an export, as a person's own HamTrack writes them.

    check_ins: (day, left, right, back); sessions: (day, [(exercise, pain during)]);
    responses: (day, questionnaire id, version, ten answers); phases: (day, phase);
    programme: (exercise, sets, reps, hold_s, added_on); pauses: (first, last, reason).
    """
    exercise_rows = []
    for session_id, (day, done) in enumerate(sessions, start=1):
        for position, (slug, pain) in enumerate(done, start=1):
            hold = 30 if "stretch" in slug or slug == "sitting-heel-dig" else None
            reps = None if hold else 8
            exercise_rows.append(
                [session_id, day, "", position, slug, slug, "both", 2, reps, hold, 0, pain, ""]
            )
    response_rows = []
    for day, qid, version, answers in responses:
        result = oswestry.score(answers)
        percent = oswestry.format_percent(result.percent, 1)
        response_rows.append(
            [day, qid, version, *answers, result.total, result.answered, percent, ""]
        )
    return {
        "check_ins.csv": _csv(
            CHECK_INS,
            [
                [d, "08:00", left, right, back, max(left, right, back), 2, "", ""]
                for d, left, right, back in check_ins
            ],
        ),
        "session_exercises.csv": _csv(EXERCISES, exercise_rows),
        "questionnaire_responses.csv": _csv(RESPONSES, response_rows),
        "phase_changes.csv": _csv(("date", "phase", "note"), [[d, p, ""] for d, p in phases]),
        "programme.csv": _csv(
            PROGRAMME,
            [
                [n, slug, slug, "both", sets, reps, hold, 0, added]
                for n, (slug, sets, reps, hold, added) in enumerate(programme, start=1)
            ],
        ),
        "pauses.csv": _csv(
            ("start_date", "end_date", "reason", "note"), [[a, b, r, ""] for a, b, r in pauses]
        ),
        "settings.csv": _csv(("export_format", "weekly_target", "is_demo"), [[1, target, "false"]]),
    }


def imported(db, files: dict[str, bytes]):
    exchange.import_files(db, files, today=TODAY)
    return db


def every_day(weeks: int, pain_of_week) -> list[tuple]:
    """A morning check-in every day of the `weeks` complete weeks before this one and of this
    week so far; `pain_of_week(n)` gives (left, right, back) for the week `n` weeks back."""
    days = []
    for n in range(weeks, -1, -1):
        for d in range(7):
            day = week(n, d)
            if day <= TODAY:
                days.append((day, *pain_of_week(n)))
    return days


def texts(at) -> str:
    """Everything a page says, in one string."""
    parts = [e.value for kind in ("markdown", "caption", "warning", "error", "success", "info")
             for e in getattr(at, kind)]  # fmt: skip
    parts += [f"{m.label} {m.value} {m.delta}" for m in at.metric]
    return "\n".join(str(p) for p in parts)


def trends_page(open_app):
    at = open_app("pages/trends.py")
    assert not at.exception
    return at


def programme_page(open_app):
    at = open_app("pages/programme.py")
    assert not at.exception
    return at


def summary_page(db) -> str:
    summary = report.clinician_summary(db, today=TODAY)
    return report.render_html(summary, {})


# ---------------------------------------------------------------------------------------------
# Pain of about 2/10: no review suggested anywhere, and one meaningful-change verdict.


def test_mild_pain_is_never_called_persistent_and_the_trend_verdict_is_the_same(open_app, fresh_db):
    """The demo's "1.0/10, −1.0 … meaningful" above "has not eased … please ask your
    physiotherapist" at about 2/10: below 4 the review rule never fires (docs/rules.md §4)."""
    means = {8: 3, 7: 3, 6: 2, 5: 2, 4: 2, 3: 2, 2: 2, 1: 2, 0: 1}
    imported(
        fresh_db,
        export(
            check_ins=every_day(8, lambda n: (means[n], 0, 1)),
            phases=[(week(9), "early_rehab")],
        ),
    )
    trends_text = texts(trends_page(open_app))
    programme_text = texts(programme_page(open_app))
    page = summary_page(fresh_db)
    for said in (trends_text, programme_text, page):
        assert "not eased" not in said
        assert "review" not in said.lower()
    # 2/10 four weeks ago and 2/10 last week: not meaningful, on Trends and in the summary.
    assert "Not a meaningful change" in trends_text
    assert "A meaningful change" not in trends_text
    assert re.search(r"2\.0 → 2\.0 \(weeks of [^)]*\), unchanged: not meaningful", page)
    # This week's single point is "so far", never the end point.
    assert "This week so far" in trends_text


def test_persistent_pain_at_5_is_the_same_review_with_the_same_numbers_everywhere(
    open_app, fresh_db
):
    """Weekly pain at 5 for seven weeks: Trends, My programme and the summary state the same
    rule with its window and both numbers, and nothing calls the weeks a meaningful change."""
    imported(
        fresh_db,
        export(check_ins=every_day(7, lambda n: (5, 0, 2)), phases=[(week(9), "early_rehab")]),
    )
    earlier, latest = week(7), week(1)
    numbers = (
        f"5/10 in the week of {earlier.day} {earlier:%b}, 5/10 in the week of "
        f"{latest.day} {latest:%b}"
    )
    trends_text = texts(trends_page(open_app))
    programme_text = texts(programme_page(open_app))
    page = summary_page(fresh_db)
    for said in (trends_text, programme_text, page):
        assert f"has not eased by 2 points in 6 weeks ({numbers})" in said
    assert "Persistent pain, review suggested:" in page
    assert "a professional review would help" in programme_text
    assert "A meaningful change" not in trends_text
    assert ": meaningful." not in page


# ---------------------------------------------------------------------------------------------
# The questionnaire: the change Trends shows is the summary's, within one definition.


def test_the_questionnaire_change_is_the_same_number_on_trends_and_in_the_summary(
    open_app, fresh_db
):
    """Baseline 35.56 (shown 36) and now 13.33 (shown 13): −23 on Trends, "23 points better"
    in the summary, never "22"."""
    first = (2, 2, 2, 2, 2, 2, 2, None, 1, 1)  # 16 of 45: 35.56
    later = (1, 1, 1, 1, 0, 1, 0, None, 1, 0)  # 6 of 45: 13.33
    imported(
        fresh_db,
        export(
            check_ins=[(week(4), 3, 0, 2)],
            responses=[
                (week(4, 6), "hamtrack-oswestry-style", "1", first),
                (week(1, 6), "hamtrack-oswestry-style", "1", later),
            ],
        ),
    )
    at = trends_page(open_app)
    (score,) = [m for m in at.metric if m.label == "Back questionnaire"]
    assert score.delta.startswith("-23 since")
    page = summary_page(fresh_db)
    assert "23 points better, meaningful" in page
    assert "22 points" not in page


def test_two_questionnaire_definitions_are_never_one_baseline(open_app, fresh_db):
    """Our Oswestry-style form at 60, then a clinic's `odi` at 40: the `odi` score is its own
    first, not a "meaningful" 20-point improvement, on Trends and in the summary."""
    imported(
        fresh_db,
        export(
            check_ins=[(week(3), 3, 0, 2)],
            responses=[
                (week(3, 6), "hamtrack-oswestry-style", "1", (3,) * 10),  # 60
                (week(1, 6), "odi", "2.1a", (2,) * 10),  # 40
            ],
        ),
    )
    trends_text = texts(trends_page(open_app))
    page = summary_page(fresh_db)
    assert "Your first score" in trends_text
    assert "big enough to matter" not in trends_text
    assert "the first scored one, so the baseline" in page
    assert "meaningful" not in page.split("Back questionnaire</h2>")[1].split("</section>")[0]


# ---------------------------------------------------------------------------------------------
# Flags: each region on its own, the same list on Trends and in the summary.


def test_a_worse_hamstring_beside_a_steady_painful_back_is_flagged_on_every_screen(
    open_app, fresh_db
):
    """Left hamstring 2 → 5 the morning after a session, the back at 6 both mornings."""
    session_day = week(1, 1)
    imported(
        fresh_db,
        export(
            check_ins=[(session_day, 2, 0, 6), (session_day + dt.timedelta(days=1), 5, 0, 6)],
            sessions=[(session_day, [("bridge", 2)])],
        ),
    )
    trends_text = texts(trends_page(open_app))
    assert "morning pain in your left hamstring 5/10, up from 2/10" in trends_text
    page = summary_page(fresh_db)
    assert "Morning after a session 2+ points worse in a region: 1×" in page


def test_a_one_point_rise_is_no_flag_and_does_not_block_moving_on(open_app, fresh_db):
    """Two good weeks with 1-point morning rises after sessions: no flag on Trends, and My
    programme suggests moving on."""
    check_ins, sessions = [], []
    for n in (2, 1):
        for d in (0, 2, 4):
            check_ins += [(week(n, d), 1, 0, 1), (week(n, d + 1), 2, 0, 1)]
            sessions.append((week(n, d), [("bridge", 1), ("straight-leg-raise", 1)]))
    imported(
        fresh_db,
        export(check_ins=check_ins, sessions=sessions, phases=[(week(4), "early_rehab")]),
    )
    trends_text = texts(trends_page(open_app))
    assert "No pain-monitoring flags in these weeks" in trends_text
    assert "You may be ready for the functional retraining phase" in texts(programme_page(open_app))
    assert "No pain-monitoring flags in this period." in summary_page(fresh_db)


def test_one_bad_session_is_one_day_and_no_step_back(open_app, fresh_db):
    imported(
        fresh_db,
        export(
            sessions=[(week(1, 2), [("bridge", 6), ("standing-hip-extension", 6)])],
            phases=[(week(4), "functional")],
        ),
    )
    programme_text = texts(programme_page(open_app))
    assert "stepping back" not in programme_text
    assert "Exercise pain above 5/10 (breach): 2×" in summary_page(fresh_db)


# ---------------------------------------------------------------------------------------------
# Adherence and the Nordic dose, the same in the CSV, on screen and in the summary.


def test_a_first_week_from_wednesday_is_missed_at_67_percent_in_the_csv(fresh_db):
    """A first week starting on Wednesday needs ceil(3 × 5/7) = 3 days; 2 sessions are 66.7 %
    and missed, never "93 %" beside "missed" (docs/rules.md §5)."""
    imported(
        fresh_db,
        export(sessions=[(week(2, 2), [("bridge", 1)]), (week(2, 4), [("bridge", 1)])]),
    )
    rows = list(
        csv.DictReader(
            io.StringIO(exchange.export_files(fresh_db, today=TODAY)["weekly_summary.csv"].decode())
        )
    )
    first = rows[0]
    assert (first["sessions_needed"], first["session_days"]) == ("3", "2")
    assert (first["adherence_percent"], first["status"]) == ("66.7", "missed")


def test_the_nordic_dose_after_a_break_is_the_same_on_my_programme_and_in_the_summary(
    open_app, fresh_db
):
    """Mon/Wed/Fri Nordic sessions for two weeks, then three weeks away: the dose steps back,
    and My programme and the summary say the same words."""
    done = [week(5, d) for d in (0, 2, 4)] + [week(4, d) for d in (0, 2, 4)]
    imported(
        fresh_db,
        export(
            sessions=[(d, [("nordic-hamstring", 2)]) for d in done],
            phases=[(week(6), "return_to_sport")],
            programme=[("nordic-hamstring", 2, 5, None, week(5))],
            pauses=[(week(3), week(1, 6), "holiday")],
        ),
    )
    expected = nordic_dose(done, on=TODAY).text(3)
    assert expected.startswith("Week 1 of 10")
    assert expected in texts(programme_page(open_app))
    assert expected in summary_page(fresh_db)


@pytest.mark.parametrize("target", [2])
def test_a_weekly_target_under_the_protocol_is_said_on_screen_and_in_the_summary(
    open_app, fresh_db, target
):
    done = [week(3, 0), week(2, 0), week(2, 3), week(1, 0), week(1, 3)]
    imported(
        fresh_db,
        export(
            sessions=[(d, [("nordic-hamstring", 2)]) for d in done],
            phases=[(week(4), "return_to_sport")],
            programme=[("nordic-hamstring", 2, 5, None, week(3))],
            target=target,
        ),
    )
    programme_text = texts(programme_page(open_app))
    page = summary_page(fresh_db)
    for said in (programme_text, page):
        assert "3 sessions a week" not in said
        assert "2 sessions a week (your weekly target is 2; the protocol has 3" in said
