"""The injury profile in the CSV export: every saved version, read back exactly; an older export
without the file still imports; a bad row is refused with its file and row (docs/rules.md §9)."""

from __future__ import annotations

import datetime as dt
import io

import pandas as pd
import pytest
from sqlite_utils import Database

from hamtrack import db as store
from hamtrack import exchange as ex
from hamtrack.injury import InjuryCause, InjuryProfile
from hamtrack.models import CheckIn, Region, Side

TODAY = dt.date(2025, 6, 30)
FILE = "injury_profile.csv"


def new_db(folder, name: str) -> Database:
    return store.open_database(folder / name)


def with_profile(db: Database) -> Database:
    store.add_check_in(
        db,
        CheckIn(
            day=dt.date(2025, 3, 3),
            time=dt.time(8, 0),
            pain=dict.fromkeys(Region, 3),
            stiffness=2,
            red_flags=frozenset({"major_fall"}),
        ),
        today=TODAY,
    )
    first = InjuryProfile(Side.LEFT, dt.date(2025, 3, 1), InjuryCause.SPRINTING)
    second = InjuryProfile(
        Side.BOTH,
        dt.date(2025, 3, 1),
        InjuryCause.OTHER,
        diagnosis='=HYPERLINK("x"), grade 2, "biceps"\nline two',
        return_activity="Five-a-side; Sundays",
        history=frozenset({"past_cancer", "fall_or_accident"}),
    )
    store.save_injury_profile(db, first, today=TODAY, at=dt.datetime(2025, 3, 4, 9, 15, 42))
    store.save_injury_profile(db, second, today=TODAY, at=dt.datetime(2025, 4, 2, 18, 5))
    return db


def test_every_version_is_exported_oldest_first_and_pandas_reads_it(tmp_path):
    files = ex.export_files(with_profile(new_db(tmp_path, "a.db")), today=TODAY)
    frame = pd.read_csv(io.BytesIO(files[FILE]), keep_default_na=False)
    assert list(frame["saved_date"]) == ["2025-03-04", "2025-04-02"]
    assert list(frame["saved_time"]) == ["09:15", "18:05"]
    assert list(frame["injured_side"]) == ["left", "both"]
    assert frame["history"].iloc[-1] == "fall_or_accident;past_cancer"
    # Formula-like text is defused for spreadsheets, and reads back as typed.
    assert frame["diagnosis"].iloc[-1].startswith("'=HYPERLINK")


def test_export_import_export_is_byte_for_byte_and_the_current_profile_survives(tmp_path):
    source = with_profile(new_db(tmp_path, "a.db"))
    first = ex.export_files(source, today=TODAY)
    target = new_db(tmp_path, "b.db")
    summary = ex.import_files(target, first, today=TODAY)
    assert summary.added["injury_profile"] == 2
    assert "2 injury profile versions" in summary.lines()[0]
    assert ex.export_files(target, today=TODAY) == first
    assert store.injury_profile(target).profile == store.injury_profile(source).profile
    assert [v.changed_at for v in store.injury_profile_versions(target)] == [
        dt.datetime(2025, 4, 2, 18, 5),
        dt.datetime(2025, 3, 4, 9, 15),
    ]
    # The retired warning sign of the old check-in travels too.
    assert store.check_ins(target)[0].red_flags == {"major_fall"}


def test_importing_the_same_export_again_adds_no_version(tmp_path):
    source = with_profile(new_db(tmp_path, "a.db"))
    files = ex.export_files(source, today=TODAY)
    summary = ex.import_files(source, files, today=TODAY)
    assert summary.added["injury_profile"] == 0
    assert summary.skipped["injury_profile"] == 2
    assert len(store.injury_profile_versions(source)) == 2


def test_an_export_from_before_the_profile_file_still_imports(tmp_path):
    files = ex.export_files(new_db(tmp_path, "a.db"), today=TODAY)
    del files[FILE]
    target = new_db(tmp_path, "b.db")
    ex.import_files(target, files, today=TODAY)
    assert store.injury_profile(target) is None


HEADER = "saved_date,saved_time,injured_side,injury_date,how,diagnosis,return_activity,history"


@pytest.mark.parametrize(
    ("row", "says"),
    [
        ("2025-03-04,09:15,middle,2025-03-01,other,,,", "injured_side must be one of"),
        ("2025-03-04,09:15,left,2025-03-01,tripping,,,", "how must be one of"),
        ("2025-03-04,09:15,left,2025-08-01,other,,,", "injury_date 2025-08-01 is in the future"),
        ("2025-03-04,9h15,left,2025-03-01,other,,,", "saved_time must be a time"),
        ("2025-03-04,09:15,left,2025-03-01,other,,,gout", "Unknown history question(s): gout"),
        ("2025-03-04,09:15,left,2025-03-01,other," + "x" * 301 + ",,", "keep it to 300"),
    ],
)
def test_a_bad_profile_row_refuses_the_whole_import_naming_file_and_row(tmp_path, row, says):
    files = ex.export_files(new_db(tmp_path, "a.db"), today=TODAY)
    files[FILE] = f"{HEADER}\r\n{row}\r\n".encode()
    target = new_db(tmp_path, "b.db")
    with pytest.raises(ex.ImportRefused) as refused:
        ex.import_files(target, files, today=TODAY)
    found = [p for p in refused.value.problems if p.file == FILE]
    assert found
    assert found[0].row == 2
    assert says in found[0].message
    assert store.injury_profile(target) is None
