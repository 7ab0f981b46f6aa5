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
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cache

from fontTools.ttLib import TTFont
from fpdf import FPDF
from fpdf.enums import XPos, YPos
from sqlite_utils import Database

from hamtrack import paper_charts, report
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
# DejaVu Sans, shipped with the package (see data/fonts/LICENSE), the font the paper charts
# are measured in: the PDF core fonts know only Latin-1, and names, dashes and arrows need more.
FONT_FILE, BOLD_FONT_FILE = paper_charts.FONT_FILE, paper_charts.BOLD_FONT_FILE

MARGIN = 14.0
"""Page margins in mm; printers leave about 5 mm unprinted, binders punch about 10 mm."""
BOTTOM = MARGIN + 6
"""Where the content ends, in mm from the bottom edge: the footer sits below it."""
GAP = 6.0
"""Space between the two half-width charts, in mm."""
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
    with TTFont(FONT_FILE) as font:
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


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def draw_chart(
    doc: FPDF, figure: paper_charts.Figure, *, x: float, y: float, width: float, alt: str
) -> float:
    """Draw `figure` with the PDF's own vector operators, `width` wide with its top left corner
    at (x, y), marked as one figure described by `alt`; returns the height it took."""
    scale = width / figure.width
    points = 72 / 25.4 * scale  # a CSS pixel of the figure, in font points

    def at(px: float, py: float) -> tuple[float, float]:
        return x + px * scale, y + py * scale

    # A marked sequence is fpdf's figure with its alternative text, as `image(alt_text=…)` makes.
    with doc._marked_sequence(title=alt, alt_text=alt), doc.local_context():
        for shape in figure.shapes:
            if isinstance(shape, paper_charts.Rect):
                doc.set_fill_color(*_rgb(shape.fill))
                with doc.local_context(fill_opacity=shape.opacity):
                    doc.rect(*at(shape.x, shape.y), shape.width * scale, shape.height * scale, "F")
            elif isinstance(shape, paper_charts.Line):
                doc.set_draw_color(*_rgb(shape.stroke))
                doc.set_line_width(shape.width * scale)
                if shape.dash is None:
                    doc.set_dash_pattern()
                else:
                    doc.set_dash_pattern(dash=shape.dash[0] * scale, gap=shape.dash[1] * scale)
                with doc.local_context(stroke_opacity=shape.opacity):
                    doc.polyline([at(*point) for point in shape.points], style="D")
            elif isinstance(shape, paper_charts.Area):
                doc.set_fill_color(*_rgb(shape.fill))
                with doc.local_context(fill_opacity=shape.opacity):
                    doc.polygon([at(*point) for point in shape.points], style="F")
            elif isinstance(shape, paper_charts.Circle):
                doc.set_fill_color(*_rgb(shape.fill))
                with doc.local_context(fill_opacity=shape.opacity):
                    doc.circle(*at(shape.x, shape.y), shape.r * scale, style="F")
            else:
                _draw_text(doc, shape, at(shape.x, shape.y), points)
    return figure.height * scale


def _draw_text(
    doc: FPDF, shape: paper_charts.Text, origin: tuple[float, float], points: float
) -> None:
    doc.set_font("body", "B" if shape.bold else "", shape.size * points)
    doc.set_text_color(*_rgb(shape.fill))
    width = doc.get_string_width(shape.text)
    shift = {"start": 0.0, "middle": width / 2, "end": width}[shape.anchor.value]
    left, base = origin
    if shape.upright:
        with doc.rotation(90, left, base):
            doc.text(left - shift, base, shape.text)
    else:
        doc.text(left - shift, base, shape.text)


# ---------------------------------------------------------------------------------------------
# Wrapping.

_ONLY_FPDF = re.compile("[\u00a0\u00ad\u200b\u2000-\u200a\u205f\u3000\t\n\r\f]")
"""Characters whose wrapping only fpdf's own line breaking knows (unusual spaces, soft hyphens,
line breaks): a text holding one is wrapped by fpdf."""


def wrap_words(
    text: str, room: float, widths: Mapping[int, float], size_pt: float, k: float
) -> list[str] | None:
    """`text` cut into lines exactly as fpdf wraps it left-aligned by words, `room` user units
    wide (after the cell's margins), from the font's glyph `widths` (thousandths of the font
    size): fpdf sums a line's widths again for every character it adds, which made wrapping
    most of the document's time. None where fpdf must do it (see `_ONLY_FPDF`, or a character
    wider than the room)."""
    if _ONLY_FPDF.search(text):
        return None
    lines: list[str] = []
    start, end = 0, len(text)
    while start < end:
        total = 0  # the line's glyph widths so far, summed as fpdf sums them
        space = -1  # where the line's last space is, to break there
        index = start
        while index < end:
            char = text[index]
            width = widths[ord(char)]
            if total * size_pt * 0.001 / k + width * size_pt * 0.001 / k - room > 1e-9:
                if char == " ":
                    lines.append(text[start:index])
                    start = index + 1
                elif space >= 0:
                    lines.append(text[start:space])
                    start = space + 1
                elif index > start:
                    lines.append(text[start:index])
                    start = index
                else:
                    return None
                break
            if char == " ":
                space = index
            total += width
            index += 1
        else:
            if total:
                lines.append(text[start:])
            break
    return lines or [""]


# ---------------------------------------------------------------------------------------------
# The document.


@dataclass(frozen=True)
class Part:
    """A piece of a block: the height it takes on the page, in mm, and how to draw it."""

    height: float
    draw: Callable[[], None]


NO_PADDING = (0.0, 0.0, 0.0, 0.0)
"""No padding around a text: fpdf keeps its own cell margin on both sides."""
TABLE_LINE = 4.4
"""Height of a line of table text, in mm."""
TABLE_PADDING = (1.2, 1.5, 1.2, 0.0)
"""A table cell's padding in mm: top, right, bottom, left."""


@dataclass(frozen=True)
class _Cell:
    """A table cell laid out: its lines, weight, left edge and width (mm)."""

    lines: list[str]
    bold: bool
    x: float
    width: float


class _Document(FPDF):
    """A4 or Letter pages with a footer that names the summary, its period and the page."""

    def __init__(self, paper: Paper, running: str) -> None:
        super().__init__(orientation="P", unit="mm", format=_FORMATS[paper])
        self.running = running
        self.measuring = False
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(auto=True, margin=BOTTOM)
        self.add_font("body", "", FONT_FILE)
        self.add_font("body", "B", BOLD_FONT_FILE)
        self.set_text_color(*INK)
        self.set_creator("HamTrack")
        self.set_lang("en")
        self.set_title("HamTrack summary for the clinician")

    @property
    def width(self) -> float:
        """The width between the margins."""
        return self.w - self.l_margin - self.r_margin

    @property
    def accept_page_break(self) -> bool:
        # A text measured off the record never turns a page (fpdf would add one and take it
        # back, and the page it returns to could lose track of its font).
        return not self.measuring and super().accept_page_break

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

    def wrap(
        self,
        text: str,
        width: float,
        *,
        size: float,
        bold: bool = False,
        padding: tuple[float, float, float, float] = NO_PADDING,
    ) -> list[str]:
        """`text` cut into the lines a `width` mm cell with `padding` shows it in, without
        drawing it (fpdf's own line breaking, done once)."""
        self.set_font("body", "B" if bold else "", size)
        _, right, _, left = padding
        room = width - right - left
        # fpdf keeps its cell margin on a side without padding.
        if not left:
            room -= self.c_margin
        if not right:
            room -= self.c_margin
        lines = wrap_words(text, room, self.current_font.cw, self.font_size_pt, self.k)
        if lines is not None:
            return lines
        self.measuring = True
        try:
            return self.multi_cell(
                width, 1, text, align="L", padding=padding, dry_run=True, output="LINES"
            )
        finally:
            self.measuring = False

    def write_lines(self, lines: list[str], width: float, line: float) -> None:
        """Lines already wrapped, one under the other from the current position, as fpdf's
        multi_cell draws them; ends on the next line at the same left edge."""
        x = self.x
        for text in lines:
            self.x = x
            self.cell(width, line, text, new_x=XPos.LEFT, new_y=YPos.NEXT)

    def together(self, *parts: Part) -> None:
        """Draw a block (a heading with its chart or table) all on one page: started on a new
        page when its measured height would not fit on this one (one taller than a page flows
        over from the top of the next)."""
        height = sum(part.height for part in parts)
        if self.y + height > self.page_break_trigger and self.y > self.t_margin:
            self.add_page()
        for part in parts:
            part.draw()

    def space(self, height: float) -> Part:
        """Empty space below what came before."""
        return Part(height, lambda: self.ln(height))

    def heading(self, text: str, note: str = "") -> Part:
        """A section heading, with a muted note under it."""
        lines = self.wrap(text, self.width, size=11, bold=True)
        under = self.paragraph(note, size=8, color=MUTED) if note else None

        def draw() -> None:
            self.set_font("body", "B", 11)
            self.write_lines(lines, self.width, 5.5)
            self.x = self.l_margin
            if under is not None:
                under.draw()
            self.ln(0.8)

        return Part(len(lines) * 5.5 + (under.height if under else 0.0) + 0.8, draw)

    def paragraph(self, text: str, *, size: float = 9.5, bold: bool = False, color=INK) -> Part:
        """Wrapped text across the page."""
        line = size * 0.48
        lines = self.wrap(text, self.width, size=size, bold=bold)

        def draw() -> None:
            self.set_font("body", "B" if bold else "", size)
            self.set_text_color(*color)
            self.write_lines(lines, self.width, line)
            self.x = self.l_margin
            self.set_text_color(*INK)

        return Part(len(lines) * line, draw)

    def boxed(self, lines: list[tuple[str, bool]], *, edge, fill) -> Part:
        """Lines (text, bold) in a coloured box; a line starting "• " hangs from its bullet."""
        bullet = 4.0
        inner = self.width - 6
        shown = [
            (bullet, text.removeprefix("• "), bold) if text.startswith("• ") else (0.0, text, bold)
            for text, bold in lines
        ]
        wrapped = [
            (indent, self.wrap(body, inner - indent, size=9.5, bold=bold), bold)
            for indent, body, bold in shown
        ]
        height = sum(len(body) for _, body, _ in wrapped) * 4.6 + 3

        def draw() -> None:
            top = self.get_y()
            self.set_draw_color(*edge)
            self.set_fill_color(*fill)
            self.set_line_width(0.6)
            self.rect(self.l_margin, top, self.width, height, style="DF")
            self.set_line_width(0.2)
            self.set_fill_color(255, 255, 255)
            self.set_y(top + 1.5)
            for indent, body, bold in wrapped:
                self.set_font("body", "B" if bold else "", 9.5)
                self.set_x(self.l_margin + 3)
                if indent:
                    self.cell(indent, 4.6, "•")
                self.write_lines(body, inner - indent, 4.6)
            self.set_y(top + height + 2.5)

        return Part(height + 2.5, draw)

    def alert(self, lines: list[tuple[str, bool]], *, edge, fill) -> None:
        """A coloured box of lines, kept on one page."""
        self.together(self.boxed(lines, edge=edge, fill=fill))

    def table_rows(
        self, rows: list[tuple[str, ...]], widths: tuple[float, ...], *, heading: bool = False
    ) -> Part:
        """A table between horizontal rules, its first column bold; with `heading` its first
        row is a muted bold heading, repeated on top of each page a long table runs over."""
        total = sum(widths)
        lefts, x = [], self.l_margin
        for share in widths:
            lefts.append((x, self.width * share / total))
            x += self.width * share / total
        top, right, bottom, left = TABLE_PADDING
        laid: list[list[_Cell]] = []
        for index, values in enumerate(rows):
            laid.append([])
            for column, value in enumerate(values):
                bold = column == 0 or (heading and index == 0)
                x, width = lefts[column]
                lines = self.wrap(value, width, size=9, bold=bold, padding=TABLE_PADDING)
                laid[-1].append(_Cell(lines, bold, x, width))
        heights = [
            max(len(cell.lines) for cell in cells) * TABLE_LINE + top + bottom for cells in laid
        ]

        def draw_row(index: int) -> None:
            y = self.y
            if heading and index == 0:
                self.set_text_color(*MUTED)
            self.set_draw_color(*RULE)
            for cell in laid[index]:
                # Rules between rows only, drawn along each cell's edges.
                if index > 0:
                    self.line(cell.x, y, cell.x + cell.width, y)
                if index < len(laid) - 1:
                    self.line(cell.x, y + heights[index], cell.x + cell.width, y + heights[index])
                self.set_font("body", "B" if cell.bold else "", 9)
                self.set_xy(cell.x + left, y + top)
                self.write_lines(cell.lines, cell.width - left - right, TABLE_LINE)
            self.set_text_color(*INK)
            self.set_xy(self.l_margin, y + heights[index])

        def draw() -> None:
            if heading and len(laid) > 1 and self.will_page_break(heights[0] + heights[1]):
                # A heading row is never left alone at the foot of a page.
                self.add_page()
            for index in range(len(laid)):
                if self.will_page_break(heights[index]):
                    self.add_page()
                    if heading and index > 0:
                        draw_row(0)
                draw_row(index)
            self.ln(2.5)

        return Part(sum(heights) + 2.5, draw)


def _height(figure: paper_charts.Figure, width: float) -> float:
    return width * figure.height / figure.width


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
    ).draw()
    doc.ln(2)
    if summary.is_demo:
        doc.boxed(
            [("Demo data: generated to try HamTrack out; nobody's real record.", True)],
            edge=DEMO,
            fill=DEMO_FILL,
        ).draw()
    doc.together(
        doc.heading(
            "At a glance",
            "Pain: weekly mean of daily pain, 0–10. Back questionnaire: 0–100, lower is better.",
        ),
        doc.table_rows(_plain_rows(report.headline_rows(summary)), (0.24, 0.76)),
    )
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


NOTHING_TO_CHART = "Nothing to chart in this period."


def _pain_chart(
    doc: _Document, summary: report.ClinicianSummary, figures: Mapping[str, paper_charts.Figure]
) -> None:
    figure = figures.get("pain")
    if figure is None:
        nothing = doc.paragraph(NOTHING_TO_CHART, size=9, color=MUTED)
        chart = Part(nothing.height + 6.0 + 4, lambda: (nothing.draw(), doc.ln(6.0 + 4)))
    else:
        height = _height(figure, doc.width)

        def draw() -> None:
            x, y = doc.get_x(), doc.get_y()
            draw_chart(doc, figure, x=x, y=y, width=doc.width, alt=figure.description)
            doc.set_xy(x, y + height + 4)

        chart = Part(height + 4, draw)
    doc.together(
        doc.heading("Pain", f"{report.pain_note(summary)} Severe zone (7–10) shaded."), chart
    )


def _half_charts(
    doc: _Document, summary: report.ClinicianSummary, figures: Mapping[str, paper_charts.Figure]
) -> None:
    """Adherence and questionnaire charts side by side, each with its heading."""
    charts = (
        ("Days with a session", report.adherence_note(summary), "adherence"),
        (
            "Back questionnaire",
            "0–100, lower is better; green band: no meaningful change from the first score.",
            "questionnaire",
        ),
    )
    if not any(name in figures for *_, name in charts):
        return
    half = (doc.width - GAP) / 2
    heads = [doc.wrap(title, half, size=11, bold=True) for title, *_ in charts]
    notes = [doc.wrap(note, half, size=8) for _, note, _ in charts]
    above = max(map(len, heads)) * 5.5 + max(map(len, notes)) * 3.84 + 1.5
    used = max(_height(figures[name], half) if name in figures else 6.0 for *_, name in charts)

    def draw() -> None:
        top = doc.get_y()
        for column, (_, _, name) in enumerate(charts):
            x = doc.l_margin + column * (half + GAP)
            doc.set_xy(x, top)
            doc.set_font("body", "B", 11)
            doc.write_lines(heads[column], half, 5.5)
            doc.set_font("body", "", 8)
            doc.set_text_color(*MUTED)
            doc.write_lines(notes[column], half, 3.84)
            doc.set_text_color(*INK)
            doc.set_xy(x, top + above)
            if name in figures:
                figure = figures[name]
                draw_chart(doc, figure, x=x, y=top + above, width=half, alt=figure.description)
            else:
                doc.paragraph(NOTHING_TO_CHART, size=9, color=MUTED).draw()
        doc.set_xy(doc.l_margin, top + above + used + 4)

    doc.together(Part(above + used + 4, draw))


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
    parts = [doc.heading(title, note)]
    if shown and (len(shown) > 1 or not heading):
        parts.append(doc.table_rows(shown, widths, heading=heading))
    else:
        parts += [doc.paragraph(empty, color=MUTED), doc.space(3)]
    if after:
        parts += [doc.paragraph(plain(after)), doc.space(3)]
    doc.together(*parts)


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
    after = [plain(lines["words"]), plain(f"Running: {lines['running']}")]
    if lines["retest"]:
        after.append(plain(f"Re-test of both legs: {lines['retest']}"))
    doc.together(
        doc.heading("Return-to-sport checklist", "Each criterion decided from the logs only."),
        doc.table_rows(_plain_rows(lines["checklist"]), (0.33, 0.14, 0.53), heading=True),
        *_lines_after(doc, after),
    )


def _lines_after(doc: _Document, texts: list[str]) -> list[Part]:
    """Paragraphs under a table, a little apart."""
    parts = []
    for text in texts:
        parts += [doc.paragraph(text), doc.space(1)]
    return [*parts, doc.space(2)]


def _psfs(doc: _Document, summary: report.ClinicianSummary) -> None:
    """The activities the person finds hard, as they named them, with the mean and its change,
    kept whole on one page."""
    lines = report.psfs_lines(summary)
    if lines is None:
        return
    note = str(lines["note"])
    note = f"{note[:1].upper()}{note[1:]}."
    doc.together(
        doc.heading("Activities the person finds hard (PSFS)", note),
        doc.table_rows(_plain_rows(lines["rows"]), (0.34, 0.22, 0.16, 0.28), heading=True),
        *_lines_after(doc, [plain(lines["mean"]), plain(lines["count"])]),
    )


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
    heading = doc.heading("Notes", "As the person wrote them, newest first.")
    if rows:
        doc.together(heading)
    else:
        doc.together(heading, doc.paragraph("No notes in this period.", color=MUTED))
    for when, text in rows:
        # A note is a few lines: each is kept whole, and the list flows over pages.
        doc.together(_note(doc, plain(when), plain(text)))
    if older:
        doc.paragraph(
            f"… and {plural(older, 'older note')} (all are in the CSV files).",
            color=MUTED,
        ).draw()
    doc.ln(3)


NOTE_WHEN = 60.0
"""Width of a note's day-and-place column, in mm."""


def _note(doc: _Document, when: str, text: str) -> Part:
    """One note on one row: when and where in bold on the left, the text beside it."""
    left = doc.wrap(when, NOTE_WHEN - 2, size=8.5, bold=True)
    right = doc.wrap(text, doc.width - NOTE_WHEN, size=9)

    def draw() -> None:
        top = doc.get_y()
        doc.set_font("body", "B", 8.5)
        doc.write_lines(left, NOTE_WHEN - 2, 4.2)
        below = doc.get_y()
        doc.set_xy(doc.l_margin + NOTE_WHEN, top)
        doc.set_font("body", "", 9)
        doc.write_lines(right, doc.width - NOTE_WHEN, 4.2)
        doc.set_y(max(below, doc.get_y()) + 0.8)

    return Part(max(len(left), len(right)) * 4.2 + 0.8, draw)


def render_pdf(
    summary: report.ClinicianSummary,
    figures: Mapping[str, paper_charts.Figure],
    *,
    paper: Paper = Paper.A4,
    reference: str | None = None,
) -> bytes:
    """The summary as a PDF on `paper`, its charts drawn as vector figures (those the HTML
    page shows as SVG, `report.chart_figures`).

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
    _pain_chart(doc, summary, figures)
    _return_to_sport(doc, summary)
    _psfs(doc, summary)
    _half_charts(doc, summary, figures)
    _detail(doc, summary)
    _notes(doc, summary)
    doc.together(doc.paragraph(STANDING_NOTE, size=8.5, color=MUTED))
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
    return render_pdf(summary, report.chart_figures(summary), paper=paper, reference=reference)


def pdf_name(
    since: dt.date | None,
    until: dt.date | None,
    today: dt.date,
    *,
    first_logged: dt.date | None = None,
) -> str:
    """The PDF's file name: the HTML summary's name, so both state the period alike."""
    return report.report_name(since, until, today, first_logged=first_logged, suffix=".pdf")
