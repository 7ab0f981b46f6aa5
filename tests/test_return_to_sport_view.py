"""The return-to-sport views read from a real database: symmetry per date for the charts, the
checklist's inputs, and when the tests are due (docs/rules.md §9)."""

import datetime as dt
import sqlite3

import pytest

from hamtrack import charts
from hamtrack import db as store
from hamtrack import return_to_sport_view as view
from hamtrack.injury import InjuryCause, InjuryProfile
from hamtrack.models import CheckIn, ExerciseDone, Phase, Region, Session, Side
from hamtrack.return_to_sport import Criterion, Leg, Measure, MeasureKind, Status

TODAY = dt.date(2025, 6, 18)  # a Wednesday: the two complete weeks are 2–15 June
DAY = dt.date(2025, 6, 10)


def both_legs(day, right, left, kind=MeasureKind.BRIDGE, pain=0):
    unit = "kg" if kind is MeasureKind.STRENGTH else None
    return [
        Measure(day, Leg.RIGHT, kind, right, pain=pain, unit=unit),
        Measure(day, Leg.LEFT, kind, left, pain=0, unit=unit),
    ]


@pytest.mark.parametrize(
    ("measures", "side", "expected"),
    [
        # 89.58 % stays under the line, as shown (rounded down) and as judged.
        (both_legs(DAY, 43, 48), Side.RIGHT, [("bridge", 89.58, "89.5 %", False)]),
        (both_legs(DAY, 45, 50), Side.RIGHT, [("bridge", 90.0, "90 %", True)]),
        (both_legs(DAY, 50, 45), Side.LEFT, [("bridge", 90.0, "90 %", True)]),
        (
            both_legs(DAY, 25, 12, MeasureKind.KNEE_EXTENSION),
            Side.RIGHT,
            [("knee extension", 13.0, "13°", False)],
        ),
        (both_legs(DAY, 20, 22), None, []),
        (both_legs(DAY, 20, 22), Side.BOTH, []),
        (both_legs(DAY, 20, 22)[:1], Side.RIGHT, []),
    ],
)
def test_the_symmetry_frame_holds_one_exact_figure_per_test_and_day(measures, side, expected):
    frame = view.symmetry_frame(measures, side)
    found = [(r.test, round(r.value, 2), r.shown, r.meets) for r in frame.itertuples(index=False)]
    assert found == expected


def test_the_symmetry_chart_draws_the_figures_and_the_line():
    frame = view.symmetry_frame(
        both_legs(DAY, 17, 22) + both_legs(DAY + dt.timedelta(days=14), 21, 22), Side.RIGHT
    )
    spec = charts.symmetry_chart(frame, test="bridge").to_dict()
    layers = spec["layer"]
    assert layers[0]["mark"]["strokeDash"] == [6, 4]
    assert spec["datasets"][layers[0]["data"]["name"]] == [{"line": 90}]
    assert spec["width"] == "container"
    assert "higher is better" in layers[1]["encoding"]["y"]["title"]


def _fortnight(db, pain):
    for offset in range(1, 14, 2):
        day = dt.date(2025, 6, 2) + dt.timedelta(days=offset)
        pains = {Region.LEFT_HAMSTRING: 0, Region.RIGHT_HAMSTRING: pain, Region.LOW_BACK: 0}
        store.add_check_in(db, CheckIn(day, dt.time(8, 0), pains, stiffness=0), today=TODAY)
        store.add_session(
            db,
            Session(day, (ExerciseDone("bridge", pain_during=0, side=Side.RIGHT, reps=10),)),
            today=TODAY,
        )


def test_the_checklist_reads_the_injured_hamstring_and_the_tests_from_the_logs(fresh_db):
    store.save_injury_profile(
        fresh_db, InjuryProfile(Side.RIGHT, dt.date(2025, 4, 1), InjuryCause.SPRINTING), today=TODAY
    )
    _fortnight(fresh_db, pain=0)
    store.add_measures(fresh_db, both_legs(DAY, 20, 22), today=TODAY)
    results = {r.criterion: r for r in view.read_checklist(fresh_db, today=TODAY)}
    assert results[Criterion.NO_PAIN].status is Status.MET
    assert results[Criterion.BRIDGE].status is Status.MET
    assert results[Criterion.NO_FLAGS].status is Status.MET
    assert results[Criterion.STRENGTH].status is Status.MISSING
    assert results[Criterion.RUNNING].status is Status.MISSING


def test_pain_in_the_injured_hamstring_at_a_check_in_fails_the_first_criterion(fresh_db):
    store.save_injury_profile(
        fresh_db, InjuryProfile(Side.RIGHT, dt.date(2025, 4, 1), InjuryCause.SPRINTING), today=TODAY
    )
    _fortnight(fresh_db, pain=3)
    (first, *_) = view.read_checklist(fresh_db, today=TODAY)
    assert first.status is Status.NOT_MET
    assert "right hamstring 3/10" in first.text


@pytest.mark.parametrize(
    ("phase", "tested", "due"),
    [
        (None, None, None),
        (Phase.EARLY_REHAB, None, None),
        (Phase.FUNCTIONAL, None, TODAY),
        (Phase.RETURN_TO_SPORT, DAY, DAY + dt.timedelta(days=14)),
    ],
)
def test_the_retest_is_read_from_the_current_phase_and_the_last_tests(fresh_db, phase, tested, due):
    if phase is not None:
        store.set_phase(fresh_db, phase, day=dt.date(2025, 5, 1), today=TODAY)
    if tested is not None:
        store.add_measures(fresh_db, both_legs(tested, 20, 22), today=TODAY)
    retest = view.read_retest(fresh_db, today=TODAY)
    assert (None if retest is None else retest.due) == due


def _tables_read(db, read) -> set[str]:
    """The tables `read(db)` reads, as SQLite reports them to an authorizer."""
    seen: set[str] = set()

    def note(action, table, column, database, trigger):
        if action == sqlite3.SQLITE_READ and table and not table.startswith("sqlite_"):
            seen.add(table)
        return sqlite3.SQLITE_OK

    db.conn.set_authorizer(note)
    try:
        read(db)
    finally:
        db.conn.set_authorizer(None)
    return seen


def test_the_symmetry_reads_only_the_tables_its_cache_is_keyed_on(fresh_db):
    """Trends keeps the symmetry until one of SYMMETRY_TABLES changes: it must read no other."""
    profile = InjuryProfile(
        Side.LEFT,
        dt.date(2025, 1, 6),
        InjuryCause.SPRINTING,
        history=frozenset({"fall_or_accident"}),
    )
    store.save_injury_profile(fresh_db, profile, today=TODAY)
    store.add_measures(fresh_db, both_legs(DAY, 20, 14), today=TODAY)
    assert _tables_read(fresh_db, view.read_symmetry) == set(view.SYMMETRY_TABLES)
    assert len(view.read_symmetry(fresh_db)) == 1
