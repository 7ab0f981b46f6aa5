"""The clinician summary as a PDF: the same summary, numbers and charts as the HTML page, laid
out for A4 or US Letter paper without a browser.

The first page stands on its own: who and what, the period, and the headline verdicts
(adherence, pain, the return-to-sport checklist in one line, questionnaire, warning signs,
flags), then the warning signs and the injury. The pain chart, the return-to-sport tests and
checklist, the other charts and the detail follow, and no chart or table is split across pages.
Every number and verdict is read from the `report.ClinicianSummary` (through the HTML page's own
sentence functions where it has them), so the PDF and the HTML always agree. Text typed by the
person is drawn as plain text: the layout engine is never asked to read markup in it.
"""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
from collections.abc import Callable, Iterable
from enum import StrEnum
from functools import cache
from pathlib import Path

import vl_convert
from fontTools.ttLib import TTFont
from fpdf import FPDF
from fpdf.enums import TableBordersLayout, XPos, YPos
from fpdf.fonts import FontFace
from PIL import Image
from sqlite_utils import Database

from hamtrack import report
from hamtrack.naming import plural
from hamtrack.safety import STANDING_NOTE


class Paper(StrEnum):
    """The paper sizes the summary is laid out for."""

    A4 = "a4"
    LETTER = "letter"

    @property
    def label(self) -> str:
        return "A4" if self is Paper.A4 else "US Letter"


_FORMATS = {Paper.A4: "A4", Paper.LETTER: "Letter"}
FONTS = Path(__file__).parent / "data" / "fonts"
"""DejaVu Sans, shipped with the package (see data/fonts/LICENSE): the PDF core fonts know
only Latin-1, and names, dashes and arrows need more."""

MARGIN = 14.0
"""Page margins in mm; printers leave about 5 mm unprinted, binders punch about 10 mm."""
BOTTOM = MARGIN + 6
"""Where the content ends, in mm from the bottom edge: the footer sits below it."""
GAP = 6.0
"""Space between the two half-width charts, in mm."""
CHART_SCALE = 2.5
"""Chart pixels per CSS pixel: about 240 dpi across the page, sharp on paper while the three
charts stay well under 300 KB."""
REFERENCE_MAX = 120
"""Characters of the name or clinic reference shown; a longer one is cut, so page one keeps
its verdicts."""

INK = (17, 17, 17)
MUTED = (85, 85, 85)
ALERT = (176, 0, 32)
ALERT_FILL = (253, 236, 238)
DEMO = (180, 95, 6)
DEMO_FILL = (255, 244, 229)
RULE = (187, 187, 187)


MISSING = "□"
"""Drawn for a character the font has no glyph for, so the reader sees that one was there."""


@cache
def _glyphs() -> frozenset[int]:
    with TTFont(FONTS / "DejaVuSans.ttf") as font:
        return frozenset(font.getBestCmap())


def plain(text: object, *, limit: int | None = None) -> str:
    """Text from the person as one plain line: control and formatting characters (line breaks,
    direction overrides, zero-width marks) become spaces, runs of space one, characters the
    font cannot draw a box; cut at `limit` characters."""
    glyphs = _glyphs()
    cleaned = "".join(
        " "
        if unicodedata.category(c).startswith(("C", "Z"))
        else (c if ord(c) in glyphs else MISSING)
        for c in str(text)
    )
    line = " ".join(cleaned.split())
    if limit is not None and len(line) > limit:
        line = line[: limit - 1].rstrip() + "…"
    return line


# ---------------------------------------------------------------------------------------------
# The sentences, from the summary (the HTML page draws the same ones).


def period_text(summary: report.ClinicianSummary) -> str:
    """The period as the HTML page states it."""
    return report.period_text(summary)


def _plain_rows(rows: Iterable[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """Table rows with every cell as one plain line the font can draw."""
    return [tuple(plain(cell) for cell in row) for row in rows]


# ---------------------------------------------------------------------------------------------
# Charts.


def chart_pngs(images: dict[str, str]) -> dict[str, bytes]:
    """The summary's SVG charts (as the HTML page shows them) as PNG for the PDF."""
    return {name: vl_convert.svg_to_png(svg, scale=CHART_SCALE) for name, svg in images.items()}


# ---------------------------------------------------------------------------------------------
# The document.


class _Document(FPDF):
    """A4 or Letter pages with a footer that names the summary, its period and the page."""

    def __init__(self, paper: Paper, running: str) -> None:
        super().__init__(orientation="P", unit="mm", format=_FORMATS[paper])
        self.running = running
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(auto=True, margin=BOTTOM)
        self.add_font("body", "", FONTS / "DejaVuSans.ttf")
        self.add_font("body", "B", FONTS / "DejaVuSans-Bold.ttf")
        self.set_text_color(*INK)
        self.set_creator("HamTrack")
        self.set_lang("en")
        self.set_title("HamTrack summary for the clinician")

    @property
    def width(self) -> float:
        """The width between the margins."""
        return self.w - self.l_margin - self.r_margin

    def footer(self) -> None:
        self.set_y(-(MARGIN + 2))
        self.set_draw_color(*RULE)
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        self.set_font("body", "", 7.5)
        self.set_text_color(*MUTED)
        page = f"Page {self.page_no()} of {{nb}}"
        room = self.width - self.get_string_width("Page 99 of 99") - 4
        running = self.running
        while self.get_string_width(running) > room and len(running) > 1:
            running = running[:-2].rstrip() + "…"
        self.cell(room, 5, running, align="L")
        self.cell(self.width - room, 5, page, align="R")
        self.set_text_color(*INK)

    def heading(self, text: str, note: str = "") -> None:
        self.set_font("body", "B", 11)
        self.multi_cell(self.width, 5.5, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        if note:
            self.paragraph(note, size=8, color=MUTED)
        self.ln(0.8)

    def paragraph(self, text: str, *, size: float = 9.5, bold: bool = False, color=INK) -> None:
        self.set_font("body", "B" if bold else "", size)
        self.set_text_color(*color)
        self.multi_cell(
            self.width, size * 0.48, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )
        self.set_text_color(*INK)

    def together(self, draw: Callable[[], None]) -> None:
        """Draw a block (a heading with its chart or table) all on one page: tried first off
        the record, and started on a new page when it would not fit on this one."""
        with self.offset_rendering() as trial:
            draw()
        if trial.page_break_triggered:
            self.add_page()
        draw()

    def boxed(self, lines: list[tuple[str, bool]], *, edge, fill) -> None:
        """Lines (text, bold) in a coloured box; a line starting "• " hangs from its bullet."""
        bullet = 4.0

        def parts(text: str) -> tuple[float, str]:
            return (bullet, text.removeprefix("• ")) if text.startswith("• ") else (0.0, text)

        inner = self.width - 6
        rows = 0
        for text, bold in lines:
            indent, body = parts(text)
            self.set_font("body", "B" if bold else "", 9.5)
            rows += len(self.multi_cell(inner - indent, 4.6, body, dry_run=True, output="LINES"))
        height = rows * 4.6 + 3
        top = self.get_y()
        self.set_draw_color(*edge)
        self.set_fill_color(*fill)
        self.set_line_width(0.6)
        self.rect(self.l_margin, top, self.width, height, style="DF")
        self.set_line_width(0.2)
        self.set_fill_color(255, 255, 255)
        self.set_y(top + 1.5)
        for text, bold in lines:
            indent, body = parts(text)
            self.set_font("body", "B" if bold else "", 9.5)
            self.set_x(self.l_margin + 3)
            if indent:
                self.cell(indent, 4.6, "•")
            self.multi_cell(
                inner - indent, 4.6, body, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT
            )
        self.set_y(top + height + 2.5)

    def alert(self, lines: list[tuple[str, bool]], *, edge, fill) -> None:
        """A coloured box of lines, kept on one page."""
        self.together(lambda: self.boxed(lines, edge=edge, fill=fill))

    def table_rows(
        self, rows: list[tuple[str, ...]], widths: tuple[float, ...], *, heading: bool = False
    ) -> None:
        """A table, its first column bold (keep it on one page with `together`)."""
        self.set_draw_color(*RULE)
        self.set_font("body", "", 9)
        with self.table(
            col_widths=widths,
            width=self.width,
            first_row_as_headings=heading,
            headings_style=FontFace(emphasis="BOLD", color=MUTED),
            borders_layout=TableBordersLayout.HORIZONTAL_LINES,
            cell_fill_mode="NONE",
            line_height=4.4,
            padding=(1.2, 1.5, 1.2, 0),
            text_align="LEFT",
            v_align="TOP",
            markdown=False,
        ) as table:
            for index, values in enumerate(rows):
                row = table.row()
                for column, value in enumerate(values):
                    bold = column == 0 and not (heading and index == 0)
                    row.cell(value, style=FontFace(emphasis="BOLD") if bold else None)
        self.ln(2.5)

    def chart(self, png: bytes | None, width: float, *, title: str) -> float:
        """A chart image `width` mm wide at the current position; the height used, in mm."""
        if png is None:
            self.paragraph("Nothing to chart in this period.", size=9, color=MUTED)
            return 6.0
        height = _height(png, width)
        self.image(io.BytesIO(png), x=self.get_x(), y=self.get_y(), w=width, alt_text=title)
        return height


def _height(png: bytes, width: float) -> float:
    with Image.open(io.BytesIO(png)) as image:
        pixels_wide, pixels_high = image.size
    return width * pixels_high / pixels_wide


def _first_page(doc: _Document, summary: report.ClinicianSummary, reference: str) -> None:
    """Who and what, the period and the headline verdicts: a page that stands on its own."""
    doc.set_font("body", "B", 16)
    doc.cell(
        doc.width, 8, "HamTrack summary for the clinician", new_x=XPos.LMARGIN, new_y=YPos.NEXT
    )
    if reference:
        doc.set_font("body", "B", 10.5)
        doc.cell(doc.get_string_width("For: ") + 0.5, 5.5, "For: ")
        doc.set_font("body", "", 10.5)
        doc.multi_cell(0, 5.5, reference, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    doc.paragraph(
        f"{period_text(summary)} Made on {report._day(summary.generated_on)}.",
        size=9.5,
        color=MUTED,
    )
    doc.ln(2)
    if summary.is_demo:
        doc.boxed(
            [("Demo data: generated to try HamTrack out; nobody's real record.", True)],
            edge=DEMO,
            fill=DEMO_FILL,
        )
    rows = _plain_rows(report.headline_rows(summary))

    def draw() -> None:
        doc.heading(
            "At a glance",
            "Pain: weekly mean of daily pain, 0–10. Back questionnaire: 0–100, lower is better.",
        )
        doc.table_rows(rows, (0.24, 0.76))

    doc.together(draw)
    if summary.warning_signs:
        _warning_box(doc, summary)
    _injury_box(doc, summary)


def _injury_box(doc: _Document, summary: report.ClinicianSummary) -> None:
    block = report.injury_lines(summary)
    if block is None:
        return
    heading, facts, notes = block
    lines = [(heading, True)] + [(plain(fact), False) for fact in facts]
    lines += [("• " + plain(note), False) for note in notes]
    if notes:
        doc.alert(lines, edge=ALERT, fill=ALERT_FILL)
    else:
        doc.alert(lines, edge=RULE, fill=(255, 255, 255))


def _warning_box(doc: _Document, summary: report.ClinicianSummary) -> None:
    heading, items, tail = report.warning_lines(summary)
    lines = [(heading, True)]
    lines += [("• " + plain(item), False) for item in items]
    if tail:
        lines.append((tail, False))
    doc.alert(lines, edge=ALERT, fill=ALERT_FILL)


def _pain_chart(doc: _Document, summary: report.ClinicianSummary, pngs: dict[str, bytes]) -> None:
    def draw() -> None:
        doc.heading("Pain", f"{report.pain_note(summary)} Severe zone (7–10) shaded.")
        used = doc.chart(pngs.get("pain"), doc.width, title="Weekly mean pain and its range.")
        doc.set_y(doc.get_y() + used + 4)

    doc.together(draw)


def _half_charts(doc: _Document, summary: report.ClinicianSummary, pngs: dict[str, bytes]) -> None:
    """Adherence and questionnaire charts side by side, each with its heading."""
    charts = (
        ("Days with a session", report.adherence_note(summary), "adherence"),
        (
            "Back questionnaire",
            "0–100, lower is better; green band: no meaningful change from the first score.",
            "questionnaire",
        ),
    )
    if not any(name in pngs for *_, name in charts):
        return
    half = (doc.width - GAP) / 2

    def draw() -> None:
        doc.set_font("body", "B", 11)
        heads = max(
            len(doc.multi_cell(half, 5.5, title, dry_run=True, output="LINES"))
            for title, *_ in charts
        )
        doc.set_font("body", "", 8)
        notes = max(
            len(doc.multi_cell(half, 3.84, note, dry_run=True, output="LINES"))
            for _, note, _ in charts
        )
        above = heads * 5.5 + notes * 3.84 + 1.5
        top = doc.get_y()
        used = 0.0
        for column, (title, note, name) in enumerate(charts):
            x = doc.l_margin + column * (half + GAP)
            doc.set_xy(x, top)
            doc.set_font("body", "B", 11)
            doc.multi_cell(half, 5.5, title, align="L", new_x=XPos.LEFT, new_y=YPos.NEXT)
            doc.set_font("body", "", 8)
            doc.set_text_color(*MUTED)
            doc.multi_cell(half, 3.84, note, align="L", new_x=XPos.LEFT, new_y=YPos.NEXT)
            doc.set_text_color(*INK)
            doc.set_xy(x, top + above)
            used = max(used, doc.chart(pngs.get(name), half, title=title))
        doc.set_xy(doc.l_margin, top + above + used + 4)

    doc.together(draw)


def _table_section(
    doc: _Document,
    title: str,
    rows: list[tuple[str, ...]],
    widths: tuple[float, ...],
    *,
    note: str = "",
    heading: bool = True,
    empty: str = "",
    after: str = "",
) -> None:
    """A heading with its table (or a line saying there is nothing), kept on one page."""
    if not rows and not empty:
        return
    shown = _plain_rows(rows)

    def draw() -> None:
        doc.heading(title, note)
        if shown and (len(shown) > 1 or not heading):
            doc.table_rows(shown, widths, heading=heading)
        else:
            doc.paragraph(empty, color=MUTED)
            doc.ln(3)
        if after:
            doc.paragraph(plain(after))
            doc.ln(3)

    doc.together(draw)


def _return_to_sport(doc: _Document, summary: report.ClinicianSummary) -> None:
    """The latest tests on both legs, then the checklist with the running and the re-test, each
    block kept on one page."""
    lines = report.return_to_sport_lines(summary)
    if lines is None:
        return
    tests = lines["tests"]
    _table_section(
        doc,
        "Return to sport: latest tests",
        tests if len(tests) > 1 else [],
        (0.23, 0.13, 0.185, 0.185, 0.27),
        note=(
            "Best trial of each leg on its latest day, pain during the test; "
            "LSI = injured ÷ other × 100."
        ),
        empty="No test on either leg logged yet.",
    )
    rows = _plain_rows(lines["checklist"])
    after = [plain(lines["words"]), plain(f"Running: {lines['running']}")]
    if lines["retest"]:
        after.append(plain(f"Re-test of both legs: {lines['retest']}"))

    def draw() -> None:
        doc.heading("Return-to-sport checklist", "Each criterion decided from the logs only.")
        doc.table_rows(rows, (0.33, 0.14, 0.53), heading=True)
        for text in after:
            doc.paragraph(text)
            doc.ln(1)
        doc.ln(2)

    doc.together(draw)


def _psfs(doc: _Document, summary: report.ClinicianSummary) -> None:
    """The activities the person finds hard, as they named them, with the mean and its change,
    kept whole on one page."""
    lines = report.psfs_lines(summary)
    if lines is None:
        return
    rows = _plain_rows(lines["rows"])
    after = [plain(lines["mean"]), plain(lines["count"])]
    note = str(lines["note"])
    note = f"{note[:1].upper()}{note[1:]}."

    def draw() -> None:
        doc.heading("Activities the person finds hard (PSFS)", note)
        doc.table_rows(rows, (0.34, 0.22, 0.16, 0.28), heading=True)
        for text in after:
            doc.paragraph(text)
            doc.ln(1)
        doc.ln(2)

    doc.together(draw)


def _detail(doc: _Document, summary: report.ClinicianSummary) -> None:
    """Everything after the charts, each block kept on one page."""
    _table_section(
        doc,
        "Pain by region and stiffness",
        report.region_rows(summary),
        (0.24, 0.76),
        note=report.region_note(summary),
        heading=False,
    )
    nordic = (
        f"Nordic hamstring protocol: {report.nordic_text(summary.nordic)}"
        if summary.nordic is not None
        else ""
    )
    _table_section(
        doc,
        "Exercises done",
        report.exercise_rows(summary) if summary.exercises else [],
        (0.27, 0.2, 0.33, 0.2),
        note="Over the period; dose as logged.",
        empty="No exercise logged in this period.",
        after=nordic,
    )
    if summary.questionnaire is not None:
        _table_section(
            doc,
            "Back questionnaire by section",
            report.questionnaire_rows(summary.questionnaire),
            (0.5, 0.25, 0.25) if summary.questionnaire.latest_day is not None else (0.6, 0.4),
            note=(
                f"0 no difficulty, 5 the hardest. Definition: {summary.questionnaire.definition}."
            ),
        )
    _table_section(
        doc,
        "Phase history",
        report.phase_rows(summary),
        (0.3, 0.7),
        heading=False,
        empty="Phase not set.",
    )
    _table_section(
        doc,
        "Pauses",
        report.pause_rows(summary),
        (0.5, 0.5),
        heading=False,
        empty="No pause in this period.",
    )
    _table_section(
        doc,
        "Flags raised (pain-monitoring model)",
        [("Rule", "How often", "When"), *report.flag_rows(summary)],
        (0.34, 0.22, 0.44),
        empty="No pain-monitoring flags in this period.",
    )
    _table_section(
        doc,
        "Current programme",
        report.programme_rows(summary) if summary.programme else [],
        (0.36, 0.64),
        empty="No programme set.",
    )


def _notes(doc: _Document, summary: report.ClinicianSummary) -> None:
    """The person's notes, as plain text, newest first (only when they include them)."""
    if not summary.include_notes:
        return
    rows, older = report.note_rows(summary)

    def heading() -> None:
        doc.heading("Notes", "As the person wrote them, newest first.")
        if not rows:
            doc.paragraph("No notes in this period.", color=MUTED)

    doc.together(heading)
    for when, text in rows:
        # A note is a few lines: each is kept whole, and the list flows over pages.
        doc.together(lambda when=when, text=text: _note(doc, when, text))
    if older:
        doc.paragraph(
            f"… and {plural(older, 'older note')} (all are in the CSV files).",
            color=MUTED,
        )
    doc.ln(3)


NOTE_WHEN = 60.0
"""Width of a note's day-and-place column, in mm."""


def _note(doc: _Document, when: str, text: str) -> None:
    """One note on one row: when and where in bold on the left, the text beside it."""
    top = doc.get_y()
    doc.set_font("body", "B", 8.5)
    doc.multi_cell(NOTE_WHEN - 2, 4.2, plain(when), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    below = doc.get_y()
    doc.set_xy(doc.l_margin + NOTE_WHEN, top)
    doc.set_font("body", "", 9)
    doc.multi_cell(
        doc.width - NOTE_WHEN, 4.2, plain(text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT
    )
    doc.set_y(max(below, doc.get_y()) + 0.8)


def render_pdf(
    summary: report.ClinicianSummary,
    images: dict[str, str],
    *,
    paper: Paper = Paper.A4,
    reference: str | None = None,
) -> bytes:
    """The summary as a PDF on `paper`, with the HTML page's SVG charts as images.

    `reference` is an optional name or clinic reference typed at export time, drawn as text.
    """
    paper = Paper(paper)
    shown = plain(reference or "", limit=REFERENCE_MAX)
    running = " · ".join(
        part
        for part in (
            "Demo data" if summary.is_demo else "",
            "HamTrack summary",
            shown,
            summary.period.words if summary.period is not None else "",
        )
        if part
    )
    doc = _Document(paper, running)
    doc.add_page()
    _first_page(doc, summary, shown)
    pngs = chart_pngs(images)
    _pain_chart(doc, summary, pngs)
    _return_to_sport(doc, summary)
    _psfs(doc, summary)
    _half_charts(doc, summary, pngs)
    _detail(doc, summary)
    _notes(doc, summary)
    doc.together(lambda: doc.paragraph(STANDING_NOTE, size=8.5, color=MUTED))
    return bytes(doc.output())


def summary_pdf(
    db: Database,
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
    today: dt.date | None = None,
    paper: Paper = Paper.A4,
    reference: str | None = None,
    include_notes: bool = False,
) -> bytes:
    """The clinician summary of the period as a PDF, charts included."""
    summary = report.clinician_summary(
        db, since=since, until=until, today=today, include_notes=include_notes
    )
    return render_pdf(summary, report.chart_images(summary), paper=paper, reference=reference)


def pdf_name(
    since: dt.date | None,
    until: dt.date | None,
    today: dt.date,
    *,
    first_logged: dt.date | None = None,
) -> str:
    """The PDF's file name: the HTML summary's name, so both state the period alike."""
    return report.report_name(since, until, today, first_logged=first_logged, suffix=".pdf")
