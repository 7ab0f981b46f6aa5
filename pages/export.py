"""Share & backup: files and a one-page summary for the clinician, bringing an export back in,
and a copy of the whole database to keep or to restore."""

import datetime as dt
import sqlite3
from pathlib import Path

import pandas as pd
import streamlit as st

import hamtrack_ui as ui
from hamtrack import db as store
from hamtrack import exchange, fhir, naming, report, summary_pdf
from hamtrack.models import ValidationError
from hamtrack.weeks import range_start

PERIODS = {"4 weeks": 4, "12 weeks": 12, "Everything": None, "Choose dates": "dates"}

db = ui.database()
path = ui.database_path()
today = ui.today()


def _with_database(build):
    """A download built when it is clicked, on its own connection (Streamlit runs it in
    another thread, after this script has finished)."""

    def data() -> bytes:
        connection = store.connect(path)
        try:
            return build(connection)
        finally:
            connection.conn.close()

    return data


st.title("Share & backup")
st.caption(
    "Files and a printable summary for your physiotherapist or doctor, and a safe copy of "
    "everything you have logged."
)

# ----- For the clinician -------------------------------------------------------------------

st.subheader("For your clinician")
if store.is_empty(db):
    st.info(
        "Nothing to share yet. Once you have checked in or logged a session, your summary and "
        "files will be ready here.",
        icon=":material/info:",
    )
else:
    # Radio buttons, not a segmented row: four segments do not fit a phone, and the one that
    # wrapped to a second row looked like another control.
    choice = st.radio(
        "Which weeks?", options=list(PERIODS), index=1, horizontal=True, key="share_period"
    )
    since: dt.date | None = None
    until: dt.date | None = None
    if PERIODS[choice] == "dates":
        # Side by side on a phone too: columns would stack them.
        with st.container(horizontal=True, gap="small"):
            since = st.date_input(
                "From", value=today - dt.timedelta(weeks=12), max_value=today, format="DD/MM/YYYY"
            )
            until = st.date_input("To", value=today, max_value=today, format="DD/MM/YYYY")
    else:
        since = range_start(today, PERIODS[choice])

    if since is not None and until is not None and since > until:
        st.error(
            "The first day is after the last one. Pick a “From” day on or before the “To” day.",
            icon=":material/error:",
        )
    else:
        # One period names the page's words and every file below (hamtrack.naming).
        first_logged = store.first_logged_day(db)
        period = naming.period_of(since, until, today=today, first_logged=first_logged)
        st.markdown(f"**Period:** {period.words}")
        reference = st.text_input(
            "Name or clinic reference on the summary (optional)",
            max_chars=summary_pdf.REFERENCE_MAX,
            key="share_reference",
            help="Shown at the top of the summary, as typed. Leave it empty to show no name.",
        )
        include_notes = st.checkbox(
            "Include my notes",
            value=False,
            key="share_notes",
            help="Adds the notes you wrote on check-ins, sessions and pauses to the summary.",
        )
        st.download_button(
            "Summary to print (web page)",
            data=_with_database(
                lambda c: report.summary_html(
                    c,
                    since=since,
                    until=until,
                    today=today,
                    include_notes=include_notes,
                    reference=reference,
                ).encode("utf-8")
            ),
            file_name=report.report_name(since, until, today, first_logged=first_logged),
            mime="text/html",
            type="primary",
            icon=":material/print:",
            on_click="ignore",
            width="stretch",
        )
        st.caption(
            "Opens in your browser; print it or save it as a PDF from there. It shows your phase "
            "and programme, how often you exercised and at what dose, pain in each place, the "
            "back questionnaire, and any warning signs or flags."
        )
        # The same summary as a PDF: only the paper size is asked here.
        paper = st.segmented_control(
            "Paper for the PDF",
            options=list(summary_pdf.Paper),
            format_func=lambda choice: choice.label,
            default=summary_pdf.Paper.A4,
            required=True,
            key="share_paper",
            width="stretch",
        )
        st.download_button(
            "Summary as a PDF",
            data=_with_database(
                lambda c: summary_pdf.summary_pdf(
                    c,
                    since=since,
                    until=until,
                    today=today,
                    paper=paper,
                    reference=reference,
                    include_notes=include_notes,
                )
            ),
            file_name=summary_pdf.pdf_name(since, until, today, first_logged=first_logged),
            mime="application/pdf",
            icon=":material/picture_as_pdf:",
            on_click="ignore",
            width="stretch",
        )
        st.caption(
            "The same summary as a PDF file to email or print, on A4 or US Letter; no chart or "
            "table is split across pages."
        )
        st.download_button(
            "All files for a spreadsheet (zip)",
            data=_with_database(
                lambda c: exchange.zip_bytes(
                    exchange.export_files(c, since=since, until=until, today=today)
                )
            ),
            file_name=exchange.export_name(since, until, today=today, first_logged=first_logged),
            mime="application/zip",
            icon=":material/folder_zip:",
            on_click="ignore",
            width="stretch",
        )
        with st.expander("For a clinic's records system (FHIR)"):
            who = st.text_input(
                "Your name or the clinic's reference for you (optional)",
                max_chars=fhir.NAME_MAX_CHARS,
                key="fhir_name",
                help="Leave it empty and the file says nothing about who you are.",
            )
            st.download_button(
                "Records for a clinic's system (FHIR, JSON)",
                data=_with_database(
                    lambda c: fhir.bundle_bytes(c, since=since, until=until, name=who, today=today)
                ),
                file_name=fhir.bundle_name(since, until, today=today, first_logged=first_logged),
                mime="application/fhir+json",
                icon=":material/medical_information:",
                on_click="ignore",
                width="stretch",
            )
            st.caption(
                "The same weeks in the format clinics' systems read (FHIR R4): pain per place, "
                "exercises with their doses, back questionnaires and warning signs. Notes stay out."
            )
        with st.expander("One file at a time"):
            for spec in exchange.FILES:
                st.download_button(
                    spec.name,
                    data=_with_database(
                        lambda c, name=spec.name: exchange.export_files(
                            c, since=since, until=until, today=today
                        )[name]
                    ),
                    file_name=spec.name,
                    mime="text/csv",
                    icon=":material/description:",
                    on_click="ignore",
                    width="stretch",
                    key=f"file_{spec.name}",
                )
                st.caption(f"Each row is {spec.row_is}.")
            st.download_button(
                "What every column means (data dictionary)",
                data=exchange.data_dictionary().encode("utf-8"),
                file_name="hamtrack-data-dictionary.md",
                mime="text/markdown",
                icon=":material/menu_book:",
                on_click="ignore",
                width="stretch",
            )

# ----- Bring records in --------------------------------------------------------------------

st.subheader("Bring records in")
st.caption(
    "From a HamTrack zip made with “All files” above, on this computer or another. Records you "
    "already have are skipped, and nothing changes unless every file is right."
)
export_zip = st.file_uploader(
    "HamTrack export (.zip)", type=["zip"], max_upload_size=ui.upload_limit_mb(), key="import_zip"
)
if (
    st.button(
        "Import these records",
        icon=":material/upload:",
        disabled=export_zip is None,
        width="stretch",
        key="import_button",
    )
    and (content := ui.upload_content(export_zip)) is not None
):
    try:
        files = exchange.read_zip(content, name=export_zip.name)
        summary = exchange.import_files(db, files, today=today)
    except exchange.ImportRefused as refused:
        st.error(
            "Nothing was imported, and your records are as they were. Please fix this in the "
            "files, or export them again, and try once more:",
            icon=":material/error:",
        )
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        "File": p.file,
                        "Row": "" if p.row is None else str(p.row),
                        "Problem": p.message,
                    }
                    for p in refused.problems
                ]
            ),
            hide_index=True,
            width="stretch",
        )
        if refused.more:
            st.caption(f"… and {naming.plural(refused.more, 'more problem')}.")
    except (ValidationError, sqlite3.Error) as failure:
        ui.show_storage_failure(failure)
    else:
        st.success(" ".join(summary.lines()), icon=":material/check_circle:")

# ----- Backup ------------------------------------------------------------------------------

st.subheader("Backup")
st.caption(
    "A copy of your whole HamTrack database. Keep it somewhere safe, or use it to move HamTrack "
    "to another computer."
)
st.download_button(
    "Download a backup",
    data=_with_database(exchange.backup_bytes),
    file_name=exchange.backup_name(today),
    mime="application/vnd.sqlite3",
    icon=":material/download:",
    on_click="ignore",
    width="stretch",
)
with st.expander("Restore from a backup"):
    st.warning(
        "Restoring replaces everything in HamTrack with what the backup holds. HamTrack keeps "
        "what you have now, so you can put it back afterwards.",
        icon=":material/warning:",
    )
    backup = st.file_uploader(
        "HamTrack backup (.db)",
        type=["db", "sqlite", "sqlite3"],
        max_upload_size=ui.upload_limit_mb(),
        key="restore_file",
    )
    sure = st.checkbox("Yes, replace all my records with this backup", key="restore_sure")
    if (
        st.button(
            "Restore this backup",
            type="primary",
            icon=":material/settings_backup_restore:",
            disabled=backup is None or not sure,
            width="stretch",
            key="restore_button",
        )
        and (content := ui.upload_content(backup)) is not None
    ):
        try:
            store.restore_bytes(db, content, name=Path(backup.name).name)
        except store.RestoreRefused as refused:
            st.error(ui.plain(refused), icon=":material/error:")
        except sqlite3.Error as failure:
            ui.show_storage_failure(failure)
        else:
            # Caches are keyed on the revision counter, and the backup's counter may equal one
            # already cached for other records.
            st.cache_data.clear()
            st.success(
                "Restored. HamTrack now holds the records of the backup; the ones you had "
                "before are kept, and “Put back my records from before” below brings them back.",
                icon=":material/check_circle:",
            )

    kept_at = store.pre_restore_saved_at(path)
    if kept_at is not None:
        st.caption(
            f"Your records as they were before the last restore ({kept_at:%d %B %Y, %H:%M}) "
            "are kept. Putting them back keeps the records you have now in their place, so "
            "you can swap again."
        )
        if st.button(
            "Put back my records from before the restore",
            icon=":material/undo:",
            width="stretch",
            key="undo_restore_button",
        ):
            try:
                store.undo_restore(db)
            except store.RestoreRefused as refused:
                st.error(str(refused), icon=":material/error:")
            except sqlite3.Error as failure:
                ui.show_storage_failure(failure)
            else:
                st.cache_data.clear()
                st.success(
                    "Done: HamTrack holds your records from before the restore again.",
                    icon=":material/check_circle:",
                )

ui.standing_note()
