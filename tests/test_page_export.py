"""Share & backup page: the downloads are offered, an uploaded export is imported (or refused
with its problems and nothing changed), and a backup is restored only after a clear yes.

The downloads' bytes are built by hamtrack.exchange, hamtrack.report and hamtrack.summary_pdf,
tested there (AppTest cannot read a download's bytes)."""

from __future__ import annotations

import datetime as dt
import sqlite3
import tomllib
from pathlib import Path

from conftest import PROJECT, shown

from hamtrack import db as store
from hamtrack import exchange, naming, summary_pdf
from hamtrack.models import CheckIn, ExerciseDone, Region, Session

PAGE = "pages/export.py"
TODAY = dt.date.today()


def check_in(days_ago: int, note: str = "") -> CheckIn:
    return CheckIn(
        day=TODAY - dt.timedelta(days=days_ago),
        time=dt.time(8, 0),
        pain=dict.fromkeys(Region, 3),
        stiffness=2,
        note=note,
    )


def other_database(tmp_path: Path) -> store.Database:
    """Another person's HamTrack database, as if on another computer."""
    db = store.open_database(tmp_path / "other.db")
    store.add_check_in(db, check_in(3, note="=from the laptop"))
    store.add_check_in(db, check_in(1))
    store.add_session(
        db, Session(day=TODAY, exercises=(ExerciseDone("bridge", pain_during=2, reps=10),))
    )
    return db


def dump(db) -> str:
    return "\n".join(db.conn.iterdump())


def download_labels(at) -> list[str]:
    return [d.proto.label for d in at.get("download_button")]


def test_an_empty_database_offers_import_and_restore_but_nothing_to_share(open_app, fresh_db):
    at = open_app(PAGE)
    assert at.title[0].value == "Share & backup"
    assert "Nothing to share yet" in at.info[0].value
    assert "Summary to print (web page)" not in download_labels(at)
    assert at.button(key="import_button").disabled
    assert "Download a backup" in download_labels(at)


def test_with_records_the_summary_the_zip_and_every_file_are_offered(open_app, fresh_db):
    store.add_check_in(fresh_db, check_in(2))
    at = open_app(PAGE)
    labels = download_labels(at)
    assert labels[:3] == [
        "Summary to print (web page)",
        "Summary as a PDF",
        "All files for a spreadsheet (zip)",
    ]
    for spec in exchange.FILES:
        assert spec.name in labels
    assert "What every column means (data dictionary)" in labels


def test_the_pdf_summary_offers_a4_or_us_letter_and_an_optional_reference(open_app, fresh_db):
    """The bytes are tested in tests/test_summary_pdf.py; here the choices are offered."""
    store.add_check_in(fresh_db, check_in(2))
    at = open_app(PAGE)
    paper = at.segmented_control(key="share_paper")
    assert paper.options == ["A4", "US Letter"]
    assert paper.value == summary_pdf.Paper.A4
    paper.set_value(summary_pdf.Paper.LETTER).run()
    at.text_input(key="share_reference").input("<b>Ref</b> 4411").run()
    assert not at.exception
    assert at.segmented_control(key="share_paper").value == summary_pdf.Paper.LETTER
    assert "Summary as a PDF" in download_labels(at)
    assert at.text_input(key="share_reference").max_chars == summary_pdf.REFERENCE_MAX


def test_the_page_and_every_file_name_state_the_same_period(open_app, fresh_db):
    """One function names the period: the page's words and each download's file name."""
    store.add_check_in(fresh_db, check_in(2))
    at = open_app(PAGE)
    at.radio(key="share_period").set_value("Choose dates").run()
    first = TODAY - dt.timedelta(days=20)
    at.date_input[0].set_value(first).run()
    period = naming.period_of(first, TODAY, today=TODAY)
    assert any(f"Period:** {period.words}" in m.value for m in at.markdown)
    assert not at.exception


def test_include_my_notes_is_off_until_ticked(open_app, fresh_db):
    store.add_check_in(fresh_db, check_in(2))
    at = open_app(PAGE)
    assert at.checkbox(key="share_notes").value is False
    at.checkbox(key="share_notes").check().run()
    assert at.checkbox(key="share_notes").value is True
    assert not at.exception


def test_dates_the_wrong_way_round_are_refused_where_they_are_picked(open_app, fresh_db):
    store.add_check_in(fresh_db, check_in(2))
    at = open_app(PAGE)
    at.radio(key="share_period").set_value("Choose dates").run()
    at.date_input[0].set_value(TODAY).run()
    at.date_input[1].set_value(TODAY - dt.timedelta(days=3)).run()
    assert "first day is after the last one" in at.error[0].value
    assert "Summary to print (web page)" not in download_labels(at)
    assert "Summary as a PDF" not in download_labels(at)


def server_upload_cap_mb() -> int:
    config = tomllib.loads((PROJECT / ".streamlit" / "config.toml").read_text())
    return config["server"]["maxUploadSize"]


def test_every_upload_box_says_the_limit_the_server_enforces(open_app, fresh_db):
    """A box that promised more than the server takes let a bigger file fail on the way."""
    at = open_app(PAGE)
    limits = {u.proto.label: u.proto.max_upload_size_mb for u in at.get("file_uploader")}
    assert limits == dict.fromkeys(
        ["HamTrack export (.zip)", "HamTrack backup (.db)"], server_upload_cap_mb()
    )


def test_a_file_over_the_limit_is_refused_with_our_message_and_nothing_changes(open_app, fresh_db):
    too_big = b"\0" * (server_upload_cap_mb() * 1024 * 1024 + 1)
    at = open_app(PAGE)
    at.get("file_uploader")[0].set_value(("big.zip", too_big, "application/zip")).run()
    at.button(key="import_button").click().run()
    assert not at.exception
    assert f"HamTrack takes files of up to {server_upload_cap_mb()} MB" in at.error[0].value
    assert "Nothing was changed" in at.error[0].value
    assert len(store.check_ins_frame(fresh_db)) == 0


def test_an_uploaded_export_is_imported_and_a_second_time_adds_nothing(
    open_app, fresh_db, tmp_path
):
    zipped = exchange.zip_bytes(exchange.export_files(other_database(tmp_path)))
    at = open_app(PAGE)
    at.get("file_uploader")[0].set_value(("export.zip", zipped, "application/zip")).run()
    at.button(key="import_button").click().run()
    assert "Added 2 check-ins, 1 session." in at.success[0].value
    assert store.check_ins_frame(fresh_db)["note"].tolist() == ["=from the laptop", ""]
    at.button(key="import_button").click().run()
    assert "Nothing new to add." in at.success[0].value
    assert len(store.check_ins_frame(fresh_db)) == 2


def test_a_broken_export_is_refused_with_its_problems_and_nothing_changes(
    open_app, fresh_db, tmp_path
):
    store.add_check_in(fresh_db, check_in(5, note="mine"))
    files = exchange.export_files(other_database(tmp_path))
    files["check_ins.csv"] = b"\xef\xbb\xbf" + files["check_ins.csv"]
    before = dump(fresh_db)
    at = open_app(PAGE)
    at.get("file_uploader")[0].set_value(
        ("export.zip", exchange.zip_bytes(files), "application/zip")
    ).run()
    at.button(key="import_button").click().run()
    assert "Nothing was imported" in at.error[0].value
    problems = at.dataframe[0].value
    assert problems["File"].tolist() == ["check_ins.csv"]
    assert "byte-order mark" in problems["Problem"].iloc[0]
    assert dump(fresh_db) == before


def test_a_number_of_5000_digits_is_refused_with_its_file_row_and_column(
    open_app, fresh_db, tmp_path
):
    files = exchange.export_files(other_database(tmp_path))
    header, first, rest = files["check_ins.csv"].split(b"\r\n", 2)
    cells = first.split(b",")
    cells[header.split(b",").index(b"stiffness")] = b"7" * 5000
    files["check_ins.csv"] = b"\r\n".join([header, b",".join(cells), rest])
    at = open_app(PAGE)
    at.get("file_uploader")[0].set_value(
        ("export.zip", exchange.zip_bytes(files), "application/zip")
    ).run()
    at.button(key="import_button").click().run()
    assert not at.exception
    assert "Nothing was imported" in at.error[0].value
    problems = at.dataframe[0].value
    assert problems[["File", "Row"]].values.tolist() == [["check_ins.csv", "2"]]
    assert "stiffness has far too many digits" in problems["Problem"].iloc[0]
    assert store.is_empty(fresh_db)


def test_a_file_that_is_not_a_zip_is_refused(open_app, fresh_db):
    at = open_app(PAGE)
    at.get("file_uploader")[0].set_value(("export.zip", b"not a zip", "application/zip")).run()
    at.button(key="import_button").click().run()
    assert "Nothing was imported" in at.error[0].value
    assert "is not a zip file" in at.dataframe[0].value["Problem"].iloc[0]
    assert store.is_empty(fresh_db)


def test_restore_waits_for_a_clear_yes_then_replaces_the_records(open_app, fresh_db, tmp_path):
    backup = exchange.backup_bytes(other_database(tmp_path))
    store.add_check_in(fresh_db, check_in(9, note="replaced"))
    at = open_app(PAGE)
    at.get("file_uploader")[1].set_value(("hamtrack-backup.db", backup, "application/octet-stream"))
    at.run()
    assert at.button(key="restore_button").disabled
    at.checkbox(key="restore_sure").check().run()
    assert not at.button(key="restore_button").disabled
    at.button(key="restore_button").click().run()
    assert "Restored" in at.success[0].value
    assert store.check_ins_frame(fresh_db)["note"].tolist() == ["=from the laptop", ""]


def test_a_file_that_is_not_a_backup_is_refused_and_nothing_changes(open_app, fresh_db, tmp_path):
    store.add_check_in(fresh_db, check_in(9, note="kept"))
    other = tmp_path / "songs.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE songs (title TEXT)")
    conn.commit()
    conn.close()
    before = dump(fresh_db)
    at = open_app(PAGE)
    at.get("file_uploader")[1].set_value(("songs.db", other.read_bytes(), "application/x-sqlite3"))
    at.checkbox(key="restore_sure").check().run()
    at.button(key="restore_button").click().run()
    assert "songs.db is not a HamTrack backup" in shown(at.error[0].value)
    assert dump(fresh_db) == before


def test_a_backup_with_an_extra_trigger_is_refused_in_one_line(open_app, fresh_db, tmp_path):
    """A stamped file with a trigger HamTrack does not make never reaches the records."""
    backup = other_database(tmp_path)
    backup.execute(
        "CREATE TRIGGER evil AFTER INSERT ON check_ins BEGIN "
        "DELETE FROM check_ins WHERE id <> NEW.id; DELETE FROM sessions; END"
    )
    data = exchange.backup_bytes(backup)
    store.add_check_in(fresh_db, check_in(9, note="kept"))
    before = dump(fresh_db)
    at = open_app(PAGE)
    at.get("file_uploader")[1].set_value(("evil.db", data, "application/x-sqlite3"))
    at.checkbox(key="restore_sure").check().run()
    at.button(key="restore_button").click().run()
    assert not at.exception
    assert not at.success
    message = shown(at.error[0].value)
    assert message.startswith("evil.db is not a HamTrack backup")
    assert "trigger evil" in message
    assert "\n" not in message
    assert dump(fresh_db) == before
    assert not [b for b in at.button if b.key == "undo_restore_button"]


def test_the_records_before_a_restore_can_be_put_back_from_the_page(open_app, fresh_db, tmp_path):
    backup = exchange.backup_bytes(other_database(tmp_path))
    store.add_check_in(fresh_db, check_in(9, note="mine"))
    at = open_app(PAGE)
    at.get("file_uploader")[1].set_value(("backup.db", backup, "application/x-sqlite3"))
    at.checkbox(key="restore_sure").check().run()
    at.button(key="restore_button").click().run()
    assert store.check_ins_frame(fresh_db)["note"].tolist() == ["=from the laptop", ""]
    at.button(key="undo_restore_button").click().run()
    assert not at.exception
    assert "from before the restore" in at.success[0].value
    assert store.check_ins_frame(fresh_db)["note"].tolist() == ["mine"]


def test_the_fhir_records_are_offered_and_the_name_is_never_required(open_app, fresh_db):
    store.add_check_in(fresh_db, check_in(2))
    at = open_app(PAGE)
    assert "Records for a clinic's system (FHIR, JSON)" in download_labels(at)
    name = at.text_input(key="fhir_name")
    assert name.value == ""
    assert "optional" in name.label
    name.set_value("PT-0042").run()
    assert "Records for a clinic's system (FHIR, JSON)" in download_labels(at)
    assert not at.exception
