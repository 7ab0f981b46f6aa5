"""The return-to-sport views read from a real database: symmetry per date for the charts, the
checklist's inputs, and when the tests are due (docs/rules.md §9)."""

import datetime as dt
import tempfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlite_reads import tables_read

from hamtrack import charts
from hamtrack import db as store
from hamtrack import return_to_sport_view as view
from hamtrack.injury import InjuryCause, InjuryProfile
from hamtrack.models import CheckIn, ExerciseDone, Phase, Region, Session, Side
from hamtrack.return_to_sport import (
    FULL_EFFORT,
    RUNNING_STEPS,
    Criterion,
    Leg,
    Measure,
    MeasureKind,
    RunningEntry,
    Status,
    retest_due,
)

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
    view.forget_kept()
    assert tables_read(fresh_db, view.read_symmetry_frame) == set(view.SYMMETRY_TABLES)
    assert len(view.read_symmetry_frame(fresh_db)) == 1


def test_no_symmetry_frame_before_the_first_test(fresh_db):
    assert view.read_symmetry_frame(fresh_db) is None


def test_the_retest_counts_only_tests_up_to_today(fresh_db):
    store.set_phase(fresh_db, Phase.FUNCTIONAL, day=dt.date(2025, 5, 1), today=TODAY)
    store.add_measures(fresh_db, both_legs(DAY, 20, 22), today=TODAY)
    store.add_measures(fresh_db, both_legs(TODAY, 20, 22), today=TODAY)
    before = view.read_retest(fresh_db, today=TODAY - dt.timedelta(days=1))
    assert (before.last, before.due) == (DAY, DAY + dt.timedelta(days=14))
    assert view.read_retest(fresh_db, today=TODAY).last == TODAY


# ---------------------------------------------------------------------------------------------
# What is kept by the content of the tests equals what a full reading works out, whatever was
# added, deleted or changed in between (and the save of a check-in moves none of it).

FIRST_DAY = TODAY - dt.timedelta(days=40)
days = st.integers(0, 40).map(lambda n: FIRST_DAY + dt.timedelta(days=n))
RESULTS = {
    MeasureKind.KNEE_EXTENSION: st.integers(0, 90),
    MeasureKind.STRAIGHT_LEG_RAISE: st.integers(0, 120),
    MeasureKind.BRIDGE: st.integers(0, 200),
    MeasureKind.STRENGTH: st.integers(1, 3000).map(lambda tenths: tenths / 20),  # up to 150 kg
}


@st.composite
def one_days_testing(draw):
    kind = draw(st.sampled_from(list(MeasureKind)))
    legs = draw(st.sampled_from([(Leg.LEFT,), (Leg.RIGHT,), (Leg.LEFT, Leg.RIGHT)]))
    day = draw(days)
    unit = "kg" if kind is MeasureKind.STRENGTH else None
    pain = draw(st.none() | st.integers(0, 10))
    return [Measure(day, leg, kind, draw(RESULTS[kind]), pain=pain, unit=unit) for leg in legs]


runs = st.builds(
    RunningEntry,
    day=days,
    step=st.sampled_from(list(RUNNING_STEPS)),
    effort=st.integers(1, FULL_EFFORT),
    pain=st.integers(0, 10),
)
check_ins = st.builds(
    lambda day, pain: CheckIn(
        day,
        dt.time(8, 0),
        {Region.LEFT_HAMSTRING: 0, Region.RIGHT_HAMSTRING: pain, Region.LOW_BACK: 0},
        stiffness=0,
    ),
    days,
    st.integers(0, 10),
)
changes = st.one_of(
    st.tuples(st.just("tests"), one_days_testing()),
    st.tuples(st.just("delete a test"), st.integers(0, 10_000)),
    st.tuples(st.just("run"), runs),
    st.tuples(st.just("delete a run"), st.integers(0, 10_000)),
    st.tuples(st.just("check-in"), check_ins),
    st.tuples(st.just("injured side"), st.sampled_from(list(Side))),
    st.tuples(st.just("phase"), st.sampled_from(list(Phase))),
)


def _change(db, what, detail):
    if what == "tests":
        store.add_measures(db, detail, today=TODAY)
    elif what == "delete a test" and (saved := store.measures(db)):
        store.delete_measure(db, saved[detail % len(saved)].id)
    elif what == "run":
        store.add_running_entry(db, detail, today=TODAY)
    elif what == "delete a run" and (saved := store.running_entries(db)):
        store.delete_running_entry(db, saved[detail % len(saved)].id)
    elif what == "check-in":
        store.add_check_in(db, detail, today=TODAY)
    elif what == "injured side":
        store.save_injury_profile(
            db, InjuryProfile(detail, FIRST_DAY, InjuryCause.SPRINTING), today=TODAY
        )
    elif what == "phase":
        store.set_phase(db, detail, day=FIRST_DAY, today=TODAY)


def _read_everything(db):
    compared = view.read_symmetry(db)
    return (
        store.stored_measures(db),
        store.stored_running_entries(db),
        compared.frame,
        (compared.key, compared.by_kind, compared.in_words, list(compared.days)),
        compared.days,
        view.read_checklist(db, today=TODAY),
        view.read_retest(db, today=TODAY),
    )


def _forget_everything_kept():
    store.forget_built()
    view.forget_kept()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(changes, min_size=1, max_size=12))
@example(
    [
        ("tests", both_legs(DAY, 20, 22)),
        ("injured side", Side.RIGHT),
        ("delete a test", 0),
        ("tests", both_legs(DAY, 20, 22)[:1]),
    ]
)
def test_what_is_kept_by_content_equals_a_full_reading_after_any_changes(steps):
    with tempfile.TemporaryDirectory() as folder:
        db = store.open_database(Path(folder) / "hamtrack.db")
        try:
            for what, detail in steps:
                _change(db, what, detail)
                kept = _read_everything(db)
                _forget_everything_kept()
                full = _read_everything(db)
                assert kept[0] == full[0]
                assert kept[1] == full[1]
                assert kept[0].values == tuple(s.value for s in store.measures(db))
                pd.testing.assert_frame_equal(kept[2], full[2])
                for kind, days in kept[4].items():
                    pd.testing.assert_frame_equal(days, full[4][kind])
                assert kept[3] == full[3]
                assert kept[5:] == full[5:]
                phase = store.current_phase(db)
                tests = [saved.value for saved in store.measures(db)]
                retest = None if phase is None else retest_due(Phase(phase), tests, TODAY)
                assert kept[6] == retest
        finally:
            db.conn.close()


def test_a_check_in_saved_keeps_the_tests_and_their_symmetry_as_built(fresh_db):
    store.save_injury_profile(
        fresh_db, InjuryProfile(Side.RIGHT, dt.date(2025, 4, 1), InjuryCause.SPRINTING), today=TODAY
    )
    store.add_measures(fresh_db, both_legs(DAY, 20, 22), today=TODAY)
    tests = store.stored_measures(fresh_db)
    by_kind = view.read_symmetry(fresh_db).by_kind
    _fortnight(fresh_db, pain=0)
    again = store.stored_measures(fresh_db)
    assert again.digest == tests.digest
    assert again.records[0] is tests.records[0]  # read back, not built again
    assert (
        view.read_symmetry(fresh_db).by_kind[MeasureKind.BRIDGE][0]
        is by_kind[MeasureKind.BRIDGE][0]
    )
