"""The clinician summary as a PDF: the same summary, numbers and charts as the HTML page, laid
out for A4 or US Letter paper without a browser.

The first page stands on its own: who and what, the period, and the headline verdicts
(adherence, pain, questionnaire, warning signs, flags). The charts and the detail follow, and no
chart or table is split across pages. Every number and verdict is read from the
`report.ClinicianSummary` (through the HTML page's own sentence functions where it has them),
so the PDF and the HTML always agree. Text typed by the person is drawn as plain text: the
layout engine is never asked to read markup in it.
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

from hamtrack import report, trends
from hamtrack.catalogue import exercise_name
from hamtrack.flags import Flag, FlagKind
from hamtrack.safety import RED_FLAGS_BY_KEY, STANDING_NOTE


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
# The sentences, from the summary.


def period_text(summary: report.ClinicianSummary) -> str:
    """The period as the HTML page states it."""
    if summary.first_week is None:
        return f"Nothing logged up to {report._day(summary.last_day)}."
    weeks = summary.weeks
    return (
        f"Period: {report._day(summary.first_week)} to {report._day(summary.last_day)} "
        f"({weeks} week{'s' if weeks != 1 else ''})."
    )


def _phase_text(summary: report.ClinicianSummary) -> str:
    phase = (
        f"{summary.phase.label} since {report._day(summary.phase_since)}"
        if summary.phase is not None and summary.phase_since is not None
        else "Phase not set"
    )
    return f"{phase}. Weekly target: {summary.weekly_target} sessions a week."


def _adherence_text(summary: report.ClinicianSummary) -> str:
    facts = summary.adherence
    sessions = f"{facts.sessions} session{'s' if facts.sessions != 1 else ''} logged"
    if not facts.weeks_counted:
        return f"{sessions}; no complete week with a target yet."
    return (
        f"Target met in {facts.weeks_met} of {facts.weeks_counted} complete weeks "
        f"(mean {report._percent(facts.mean_percent)} of target); {sessions}; "
        f"current streak {facts.streak} week{'s' if facts.streak != 1 else ''}; habit score "
        f"{report._percent(facts.habit_score).removesuffix(' %')} / 100."
    )


def _pain_lines(summary: report.ClinicianSummary) -> list[tuple[str, str]]:
    """The period's pain verdict, and the recent one when it compares other weeks."""
    lines = []
    if summary.period_pain is not None:
        lines.append(("Over the period", report.pain_verdict(summary.period_pain)))
    recent = summary.view.pain_trend
    if recent is not None and (
        summary.period_pain is None
        or (recent.earlier_week, recent.later_week)
        != (summary.period_pain.earlier_week, summary.period_pain.later_week)
    ):
        lines.append((f"Last {trends.TREND_WEEKS} weeks", report.pain_verdict(recent)))
    if not lines:
        lines.append(("", "Too few weeks with pain logged to show a trend."))
    return lines


def _score_text(summary: report.ClinicianSummary) -> str:
    latest = summary.view.latest_score
    return report.score_verdict(latest) if latest is not None else "No scored questionnaire yet."


def _warning_headline(signs: tuple[report.WarningSign, ...]) -> str:
    if not signs:
        return "None ticked in this period."
    times = f"{len(signs)} check-in{'s' if len(signs) != 1 else ''}"
    urgent = " Some need emergency care: see below." if any(s.urgent for s in signs) else ""
    return f"Ticked at {times}, latest on {report._day(signs[-1].day)}.{urgent}"


def _flags_by_kind(flags: Iterable[Flag]) -> dict[FlagKind, list[Flag]]:
    """The flags by rule, in the rules' order, newest first within a rule."""
    found: dict[FlagKind, list[Flag]] = {}
    for flag in sorted(flags, key=lambda f: f.when, reverse=True):
        found.setdefault(flag.kind, []).append(flag)
    return {kind: found[kind] for kind in FlagKind if kind in found}


def _flags_headline(flags: tuple[Flag, ...]) -> str:
    if not flags:
        return "No pain-monitoring flags in this period."
    return "; ".join(
        f"{report.FLAG_HEADINGS.get(kind, kind.rule)}: {len(found)}×"
        for kind, found in _flags_by_kind(flags).items()
    )


def _short(day: dt.date, year: int) -> str:
    return f"{day.day} {day:%b}" if day.year == year else report._day(day)


def _flag_detail(kind: FlagKind, found: list[Flag], year: int) -> str:
    """When a rule's flags fell: per exercise for exercise rules, else the latest dates."""
    if kind is FlagKind.PERSISTENT_PAIN:
        return found[0].detail
    if all(f.exercise for f in found):
        by_exercise: dict[str, list[Flag]] = {}
        for flag in found:
            by_exercise.setdefault(flag.exercise or "", []).append(flag)
        return "; ".join(
            f"{plain(exercise_name(slug))} {len(flags)}× (latest {_short(flags[0].when, year)})"
            for slug, flags in by_exercise.items()
        )
    latest = ", ".join(_short(f.when, year) for f in found[: report.FLAGS_LISTED])
    more = len(found) - min(len(found), report.FLAGS_LISTED)
    weeks = "weeks of " if all(f.day is None for f in found) else ""
    return f"latest {weeks}{latest}" + (f" and {more} earlier" if more else "")


def _sign_text(sign: report.WarningSign) -> str:
    asked = "; ".join(
        RED_FLAGS_BY_KEY[k].question if k in RED_FLAGS_BY_KEY else plain(k, limit=80)
        for k in sign.keys
    )
    return f"{report._day(sign.day)} {plain(sign.time, limit=8)}: {asked}"


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
    rows: list[tuple[str, ...]] = [
        ("Phase and target", _phase_text(summary)),
        ("Adherence", _adherence_text(summary)),
    ]
    rows += [
        (f"Pain{', ' + label.lower() if label else ''}", line)
        for label, line in _pain_lines(summary)
    ]
    rows += [
        ("Back questionnaire", _score_text(summary)),
        ("Warning signs", _warning_headline(summary.warning_signs)),
        ("Flags raised", _flags_headline(summary.flags)),
    ]

    def draw() -> None:
        doc.heading(
            "At a glance",
            "Pain: weekly mean of daily pain, 0–10. Back questionnaire: 0–100, lower is better.",
        )
        doc.table_rows(rows, (0.24, 0.76))

    doc.together(draw)
    if summary.warning_signs:
        _warning_box(doc, summary.warning_signs)


def _warning_box(doc: _Document, signs: tuple[report.WarningSign, ...]) -> None:
    heading = (
        "Warning signs reported, including ones that need emergency care"
        if any(s.urgent for s in signs)
        else "Warning signs reported"
    )
    lines = [(heading, True)]
    lines += [("• " + _sign_text(s), False) for s in reversed(signs[-report.FLAGS_LISTED :])]
    more = len(signs) - min(len(signs), report.FLAGS_LISTED)
    if more:
        lines.append(
            (f"… and {more} earlier check-in{'s' if more != 1 else ''} with warning signs.", False)
        )
    doc.alert(lines, edge=ALERT, fill=ALERT_FILL)


def _pain_chart(doc: _Document, pngs: dict[str, bytes]) -> None:
    def draw() -> None:
        doc.heading(
            "Pain",
            "Weekly mean of daily pain, 0–10, with each day as a faint point; severe zone shaded.",
        )
        used = doc.chart(pngs.get("pain"), doc.width, title="Weekly mean pain, daily points.")
        doc.set_y(doc.get_y() + used + 4)

    doc.together(draw)


HALF_CHARTS = (
    ("Days with a session, by week", "Against the weekly target.", "adherence"),
    (
        "Back questionnaire",
        "0–100, lower is better; green band: no meaningful change from the first score.",
        "questionnaire",
    ),
)


def _half_charts(doc: _Document, pngs: dict[str, bytes]) -> None:
    """Adherence and questionnaire charts side by side, each with its heading."""
    if not any(name in pngs for *_, name in HALF_CHARTS):
        return
    half = (doc.width - GAP) / 2

    def draw() -> None:
        doc.set_font("body", "B", 11)
        heads = max(
            len(doc.multi_cell(half, 5.5, title, dry_run=True, output="LINES"))
            for title, *_ in HALF_CHARTS
        )
        doc.set_font("body", "", 8)
        notes = max(
            len(doc.multi_cell(half, 3.84, note, dry_run=True, output="LINES"))
            for _, note, _ in HALF_CHARTS
        )
        above = heads * 5.5 + notes * 3.84 + 1.5
        top = doc.get_y()
        used = 0.0
        for column, (title, note, name) in enumerate(HALF_CHARTS):
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


def _flags_section(doc: _Document, summary: report.ClinicianSummary) -> None:
    title = "Flags raised (pain-monitoring model)"
    flags = summary.flags
    year = summary.last_day.year
    rows = [("Rule", "Times", "When")]
    rows += [
        (
            report.FLAG_HEADINGS.get(kind, kind.rule),
            f"{len(found)}×",
            _flag_detail(kind, found, year),
        )
        for kind, found in _flags_by_kind(flags).items()
    ]

    def draw() -> None:
        doc.heading(title)
        if flags:
            doc.table_rows(rows, (0.40, 0.08, 0.52), heading=True)
        else:
            doc.paragraph("No pain-monitoring flags in this period.")
            doc.ln(3)

    doc.together(draw)


def _programme_section(doc: _Document, summary: report.ClinicianSummary) -> None:
    rows = [("Exercise", "Dose")]
    rows += [
        (plain(exercise_name(item.exercise)), report.programme_dose(summary, item))
        for item in summary.programme
    ]

    def draw() -> None:
        doc.heading("Current programme")
        if summary.programme:
            doc.table_rows(rows, (0.36, 0.64), heading=True)
        else:
            doc.paragraph("No programme set.", color=MUTED)
            doc.ln(3)

    doc.together(draw)


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
            period_text(summary).removeprefix("Period: ").removesuffix("."),
        )
        if part
    )
    doc = _Document(paper, running)
    doc.add_page()
    _first_page(doc, summary, shown)
    pngs = chart_pngs(images)
    _pain_chart(doc, pngs)
    _half_charts(doc, pngs)
    _flags_section(doc, summary)
    _programme_section(doc, summary)
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
) -> bytes:
    """The clinician summary of the period as a PDF, charts included."""
    summary = report.clinician_summary(db, since=since, until=until, today=today)
    return render_pdf(summary, report.chart_images(summary), paper=paper, reference=reference)


def pdf_name(since: dt.date | None, until: dt.date | None, today: dt.date) -> str:
    """The PDF's file name: the HTML summary's name, so both state the period alike."""
    return report.report_name(since, until, today).removesuffix(".html") + ".pdf"
