"""The PSFS ratings in the CSV export: read back exactly, an older export without psfs.csv still
imports, a bad row is refused with its file and row (docs/rules.md §9)."""

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
from hamtrack.return_to_sport import PSFS_ACTIVITY_MAX_CHARS, PsfsResponse, activity_key

TODAY = dt.date(2025, 6, 30)
DAY = dt.date(2025, 6, 2)

RATINGS = (
    PsfsResponse(DAY, ("Running for a bus", "Stairs", '=HYPERLINK("x"), kicking'), (2, None, 3)),
    PsfsResponse(
        DAY + dt.timedelta(days=14),
        ("Running for a bus", "Stairs", '=HYPERLINK("x"), kicking', "Sprinting, 🦵", "line\nbreak"),
        (5, 6, 4, 0, 10),
    ),
)
HEADER = ",".join(ex.spec.PSFS.header)


def new_db(folder, name: str) -> Database:
    return store.open_database(folder / name)


def with_psfs(db: Database) -> Database:
    for rating in RATINGS:
        store.add_psfs_response(db, rating, today=TODAY)
    return db


def test_each_rating_is_a_row_with_its_score_and_activities_in_order(tmp_path):
    files = ex.export_files(with_psfs(new_db(tmp_path, "a.db")), today=TODAY)
    frame = pd.read_csv(io.BytesIO(files["psfs.csv"]), keep_default_na=False)
    assert list(frame["score"]) == [2.5, 5]
    assert list(frame["activity_1"]) == ["Running for a bus"] * 2
    assert list(frame["rating_1"]) == [2, 5]
    numbers = pd.read_csv(io.BytesIO(files["psfs.csv"]))
    assert numbers["rating_2"].isna().iloc[0]  # left unrated: an empty cell
    assert numbers["rating_2"].iloc[1] == 6
    assert list(frame["activity_5"]) == ["", "line\nbreak"]
    assert frame["activity_3"].iloc[0].startswith("'=HYPERLINK")  # never a live formula


def test_export_import_export_is_byte_for_byte_and_every_rating_survives(tmp_path):
    first = ex.export_files(with_psfs(new_db(tmp_path, "a.db")), today=TODAY)
    target = new_db(tmp_path, "b.db")
    summary = ex.import_files(target, first, today=TODAY)
    assert summary.added["psfs"] == len(RATINGS)
    assert "2 ratings of activities" in summary.lines()[0]
    assert ex.export_files(target, today=TODAY) == first
    assert [s.value for s in store.psfs_responses(target)] == list(RATINGS)


def test_importing_the_same_export_again_adds_nothing(tmp_path):
    source = with_psfs(new_db(tmp_path, "a.db"))
    summary = ex.import_files(source, ex.export_files(source, today=TODAY), today=TODAY)
    assert (summary.added["psfs"], summary.skipped["psfs"]) == (0, len(RATINGS))
    assert len(store.psfs_responses(source)) == len(RATINGS)


def test_a_date_range_keeps_the_ratings_inside_it(tmp_path):
    source = with_psfs(new_db(tmp_path, "a.db"))
    files = ex.export_files(source, until=DAY + dt.timedelta(days=3), today=TODAY)
    assert files["psfs.csv"].count(b"\r\n") == 1 + 1


def test_an_export_from_before_psfs_csv_still_imports(tmp_path):
    files = ex.export_files(new_db(tmp_path, "a.db"), today=TODAY)
    del files["psfs.csv"]
    target = new_db(tmp_path, "b.db")
    ex.import_files(target, files, today=TODAY)
    assert store.psfs_responses(target) == []


@pytest.mark.parametrize(
    ("row", "says"),
    [
        ("2025-06-02,,Run,3,Stairs,4,,,,,,", "Name 3 to 5 activities"),
        ("2025-06-02,,Run,3,Stairs,4,Kick,11,,,,", "from 0 to 10"),
        ("2025-06-02,,Run,3,Stairs,4,Kick,-1,,,,", "from 0 to 10"),
        ("2025-06-02,,Run,3,Stairs,4,Kick,2.5,,,,", "whole number"),
        ("2025-06-02,,Run,3,Stairs,4,Kick,5,,6,,", "rating_4 is given but activity_4 is empty"),
        ("2025-06-02,,Run,3,,,Stairs,4,Kick,5,,", "activity_3 follows the empty activity_2"),
        ("2025-06-02,,Run,3,run,4,Kick,5,,,,", "named only once"),
        ("2025-06-02,,Run,3,Stairs,4," + "x" * 81 + ",5,,,,", "1 to 80 characters"),
        ("2025-08-02,,Run,3,Stairs,4,Kick,5,,,,", "is in the future"),
        ("1999-12-31,,Run,3,Stairs,4,Kick,5,,,,", "earliest"),
    ],
)
def test_a_bad_row_refuses_the_whole_import_naming_file_and_row(tmp_path, row, says):
    files = ex.export_files(new_db(tmp_path, "a.db"), today=TODAY)
    files["psfs.csv"] = f"{HEADER}\r\n{row}\r\n".encode()
    target = new_db(tmp_path, "b.db")
    with pytest.raises(ex.ImportRefused) as refused:
        ex.import_files(target, files, today=TODAY)
    found = [p for p in refused.value.problems if p.file == "psfs.csv"]
    assert found, refused.value.problems
    assert found[0].row == 2
    assert any(says in p.message for p in found), [p.message for p in found]
    assert store.psfs_responses(target) == []


names = st.text(
    st.characters(exclude_categories=("Cs",), exclude_characters="\x00"),
    min_size=1,
    max_size=PSFS_ACTIVITY_MAX_CHARS,
).filter(str.strip)


@st.composite
def psfs_ratings(draw) -> PsfsResponse:
    activities = draw(st.lists(names, min_size=3, max_size=5, unique_by=activity_key))
    ratings = draw(
        st.lists(st.none() | st.integers(0, 10), min_size=len(activities), max_size=len(activities))
    )
    day = draw(st.dates(dt.date(2000, 1, 1), TODAY))
    return PsfsResponse(day, tuple(activities), tuple(ratings))


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ratings=st.lists(psfs_ratings(), max_size=4))
@example(ratings=[PsfsResponse(DAY, ("=1+1", " -x ", '"q"'), (None, None, None))])
def test_any_stored_ratings_read_back_from_the_export_exactly(tmp_path_factory, ratings):
    source = new_db(tmp_path_factory.mktemp("round"), "a.db")
    for rating in ratings:
        store.add_psfs_response(source, rating, today=TODAY)
    parsed = ex.parse_files(ex.export_files(source, today=TODAY), today=TODAY)
    assert list(parsed.psfs) == [s.value for s in store.psfs_responses(source)]
    assert list(parsed.psfs) == sorted(ratings, key=lambda r: r.day)
