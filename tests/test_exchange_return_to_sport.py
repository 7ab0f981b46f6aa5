"""The tests on both legs and the running progression in the CSV export: read back exactly, an
older export without the files still imports, a bad row is refused with its file and row, and
strength never mixes units (docs/rules.md §9)."""

from __future__ import annotations

import datetime as dt
import io

import pandas as pd
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlite_utils import Database

from hamtrack import db as store
from hamtrack import exchange as ex
from hamtrack.return_to_sport import (
    BRIDGE_MAX,
    RUNNING_STEPS,
    Leg,
    Measure,
    MeasureKind,
    RunningEntry,
)

TODAY = dt.date(2025, 6, 30)
DAY = dt.date(2025, 6, 2)


def new_db(folder, name: str) -> Database:
    return store.open_database(folder / name)


TESTS = (
    Measure(DAY, Leg.RIGHT, MeasureKind.STRENGTH, 18.5, pain=2, unit="kg"),
    Measure(DAY, Leg.LEFT, MeasureKind.STRENGTH, 24, pain=0, unit="kg"),
    Measure(DAY, Leg.RIGHT, MeasureKind.BRIDGE, 17, pain=None),
    Measure(DAY, Leg.RIGHT, MeasureKind.BRIDGE, 17, pain=None),  # the same try entered twice
    Measure(DAY, Leg.LEFT, MeasureKind.BRIDGE, 22, pain=0),
    Measure(DAY, Leg.RIGHT, MeasureKind.KNEE_EXTENSION, 0, pain=1),
    Measure(DAY + dt.timedelta(days=14), Leg.LEFT, MeasureKind.STRAIGHT_LEG_RAISE, 120, pain=0),
)
RUNS = (
    RunningEntry(DAY, "jog-walk", 40, 3),
    RunningEntry(DAY + dt.timedelta(days=2), "build-up-70", 65, 0, note='=HYPERLINK("x"), "wet"'),
    RunningEntry(DAY + dt.timedelta(days=5), "build-up-100", 100, 0, note="line one\nline two"),
)


def with_return_to_sport(db: Database) -> Database:
    store.add_measures(db, TESTS, today=TODAY)
    for run in RUNS:
        store.add_running_entry(db, run, today=TODAY)
    return db


def test_each_test_and_run_is_a_row_pandas_reads_as_numbers(tmp_path):
    files = ex.export_files(with_return_to_sport(new_db(tmp_path, "a.db")), today=TODAY)
    measures = pd.read_csv(io.BytesIO(files["measures.csv"]), keep_default_na=False)
    assert list(measures["value"]) == [18.5, 24, 17, 17, 22, 0, 120]
    assert list(measures["unit"]) == ["kg", "kg", "", "", "", "", ""]
    assert b",17,," in files["measures.csv"]  # whole numbers as typed; pain not noted is empty
    running = pd.read_csv(io.BytesIO(files["running.csv"]), keep_default_na=False)
    assert list(running["step_name"]) == [RUNNING_STEPS[r.step].name for r in RUNS]
    assert list(running["effort_percent"]) == [40, 65, 100]
    assert running["note"].iloc[1].startswith("'=HYPERLINK")


def test_export_import_export_is_byte_for_byte_and_every_value_survives(tmp_path):
    source = with_return_to_sport(new_db(tmp_path, "a.db"))
    first = ex.export_files(source, today=TODAY)
    target = new_db(tmp_path, "b.db")
    summary = ex.import_files(target, first, today=TODAY)
    assert summary.added["measures"] == len(TESTS)
    assert summary.added["running"] == len(RUNS)
    assert f"{len(TESTS)} tests on one leg, {len(RUNS)} runs" in summary.lines()[0]
    assert ex.export_files(target, today=TODAY) == first
    assert [s.value for s in store.measures(target)] == list(TESTS)
    assert [s.value for s in store.running_entries(target)] == list(RUNS)


def test_importing_the_same_export_again_adds_nothing(tmp_path):
    source = with_return_to_sport(new_db(tmp_path, "a.db"))
    files = ex.export_files(source, today=TODAY)
    summary = ex.import_files(source, files, today=TODAY)
    assert (summary.added["measures"], summary.skipped["measures"]) == (0, len(TESTS))
    assert (summary.added["running"], summary.skipped["running"]) == (0, len(RUNS))
    assert len(store.measures(source)) == len(TESTS)


def test_a_date_range_keeps_the_tests_and_runs_inside_it(tmp_path):
    source = with_return_to_sport(new_db(tmp_path, "a.db"))
    files = ex.export_files(source, until=DAY + dt.timedelta(days=3), today=TODAY)
    assert files["measures.csv"].count(b"\r\n") == 1 + 6
    assert files["running.csv"].count(b"\r\n") == 1 + 2


def test_an_export_from_before_these_files_still_imports(tmp_path):
    files = ex.export_files(new_db(tmp_path, "a.db"), today=TODAY)
    del files["measures.csv"]
    del files["running.csv"]
    target = new_db(tmp_path, "b.db")
    ex.import_files(target, files, today=TODAY)
    assert store.measures(target) == []
    assert store.running_entries(target) == []


def test_strength_in_another_unit_than_the_databases_is_refused_whole(tmp_path):
    target = new_db(tmp_path, "b.db")
    store.add_measures(
        target, [Measure(DAY, Leg.LEFT, MeasureKind.STRENGTH, 200, unit="N")], today=TODAY
    )
    files = ex.export_files(with_return_to_sport(new_db(tmp_path, "a.db")), today=TODAY)
    with pytest.raises(ex.ValidationError, match="one unit"):
        ex.import_files(target, files, today=TODAY)
    assert len(store.measures(target)) == 1
    assert store.running_entries(target) == []


MEASURES_HEADER = "date,leg,test,value,unit,pain_during"
RUNNING_HEADER = "date,step,step_name,effort_percent,pain,note"


@pytest.mark.parametrize(
    ("file", "row", "says"),
    [
        ("measures.csv", "2025-06-02,middle,bridge,20,,0", "leg must be one of"),
        ("measures.csv", "2025-06-02,left,hop,20,,0", "test must be one of"),
        ("measures.csv", "2025-06-02,left,bridge,17.5,,0", "Bridge repetitions must be a whole"),
        ("measures.csv", "2025-06-02,left,bridge,201,,0", "must be from 0 to 200"),
        ("measures.csv", "2025-06-02,left,bridge,lots,,0", "value must be a number"),
        ("measures.csv", "2025-06-02,left,bridge,20,kg,0", "Only strength has a unit"),
        ("measures.csv", "2025-06-02,left,strength,20,lb,0", "unit must be one of"),
        ("measures.csv", "2025-06-02,left,strength,20,,0", "Give the unit"),
        ("measures.csv", "2025-06-02,left,strength,2000,N,0", "up to 1500 N"),
        ("measures.csv", "2025-06-02,left,bridge,20,,11", "must be from 0 to 10"),
        ("measures.csv", "2025-08-02,left,bridge,20,,0", "is in the future"),
        ("running.csv", "2025-06-02,sprint,,90,0,", "Unknown running step"),
        ("running.csv", "2025-06-02,jog-walk,,0,0,", "effort reached in % must be from 1"),
        ("running.csv", "2025-06-02,jog-walk,,40,,", "pain must be a whole number"),
        ("running.csv", "2025-06-02,jog-walk,,40,0," + "x" * 301, "300 characters"),
    ],
)
def test_a_bad_row_refuses_the_whole_import_naming_file_and_row(tmp_path, file, row, says):
    files = ex.export_files(new_db(tmp_path, "a.db"), today=TODAY)
    header = MEASURES_HEADER if file == "measures.csv" else RUNNING_HEADER
    files[file] = f"{header}\r\n{row}\r\n".encode()
    target = new_db(tmp_path, "b.db")
    with pytest.raises(ex.ImportRefused) as refused:
        ex.import_files(target, files, today=TODAY)
    found = [p for p in refused.value.problems if p.file == file]
    assert found
    assert found[0].row == 2
    assert says in found[0].message
    assert store.measures(target) == []
    assert store.running_entries(target) == []


whole_tests = st.builds(
    Measure,
    day=st.dates(dt.date(2000, 1, 1), TODAY),
    leg=st.sampled_from(list(Leg)),
    kind=st.just(MeasureKind.BRIDGE),
    value=st.integers(0, BRIDGE_MAX),
    pain=st.none() | st.integers(0, 10),
)
strength_tests = st.builds(
    Measure,
    day=st.dates(dt.date(2000, 1, 1), TODAY),
    leg=st.sampled_from(list(Leg)),
    kind=st.just(MeasureKind.STRENGTH),
    value=st.floats(0.1, 150, allow_nan=False, allow_infinity=False),
    pain=st.none() | st.integers(0, 10),
    unit=st.just("kg"),
)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(tests=st.lists(whole_tests | strength_tests, max_size=8))
@example(tests=[Measure(DAY, Leg.LEFT, MeasureKind.STRENGTH, 0.1 + 0.2, unit="kg")])
def test_any_stored_tests_read_back_from_the_export_exactly(tmp_path_factory, tests):
    folder = tmp_path_factory.mktemp("round")
    source = new_db(folder, "a.db")
    store.add_measures(source, tests, today=TODAY)
    files = ex.export_files(source, today=TODAY)
    parsed = ex.parse_files(files, today=TODAY)
    assert list(parsed.measures) == [s.value for s in store.measures(source)]
    # The very numbers typed, in the order stored (by day, then as entered).
    assert list(parsed.measures) == sorted(tests, key=lambda m: m.day)
