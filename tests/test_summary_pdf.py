"""The clinician summary as a PDF: opened with a PDF library, its pages hold the summary's own
numbers on A4 and US Letter, the first page stands on its own, no chart is cut by a page edge,
no table is split, and text typed by the person is drawn as text."""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from markupsafe import escape
from pypdf import PdfReader
from sqlite_utils import Database

from hamtrack import cli, demo, oswestry, paper_charts, report, summary_pdf
from hamtrack import db as store
from hamtrack.catalogue import EXERCISES, exercise_name
from hamtrack.models import CheckIn, ProgrammeExercise, Region
from hamtrack.return_to_sport import PsfsResponse
from hamtrack.summary_pdf import Paper

TODAY = dt.date(2025, 6, 30)
POINTS_PER_MM = 72 / 25.4
PAPER_POINTS = {Paper.A4: (595.28, 841.89), Paper.LETTER: (612.0, 792.0)}


@dataclass(frozen=True)
class Drawn:
    """A PDF as the tests read it: each page's text, the boxes its images are drawn in and
    the boxes its charts (figures drawn with the PDF's own lines and shapes) take."""

    pages: list[str]
    images: list[list[tuple[float, float, float, float]]]
    """Per page, each image as (left, bottom, right, top) in points."""
    figures: list[list[tuple[float, float, float, float]]]
    """Per page, each marked figure's drawing as (left, bottom, right, top) in points."""
    alt_texts: list[str]
    """Each marked figure's alternative text, in the order of the document's structure."""
    sizes: list[tuple[float, float]]

    @property
    def text(self) -> str:
        return " ".join(self.pages)


PATH_POINTS = {b"m": 2, b"l": 2, b"c": 6, b"re": 4}
"""The path operators and how many numbers each takes."""


def _path_points(operator: bytes, operands: list, cm: list) -> list[tuple[float, float]]:
    numbers = [float(n) for n in operands]
    if operator == b"re":
        x, y, w, h = numbers
        pairs = [(x, y), (x + w, y + h)]
    else:
        pairs = list(zip(numbers[::2], numbers[1::2], strict=True))
    a, b, c, d, e, f = (float(n) for n in cm)
    return [(a * x + c * y + e, b * x + d * y + f) for x, y in pairs]


def read(data: bytes) -> Drawn:
    reader = PdfReader(io.BytesIO(data))
    pages, images, figures, sizes = [], [], [], []
    for page in reader.pages:
        boxes: list[tuple[float, float, float, float]] = []
        marked: list[tuple[float, float, float, float]] = []
        drawing: list[list[tuple[float, float]]] = []

        def visit(operator, operands, cm, tm, boxes=boxes, marked=marked, drawing=drawing):
            # An image is painted into the unit square mapped by the current matrix.
            if operator == b"Do":
                a, _, _, d, e, f = cm
                boxes.append((e, f, e + a, f + d))
            # A chart is a marked figure: the box of every path drawn inside it.
            elif operator == b"BDC":
                drawing.append([])
            elif operator == b"EMC" and drawing:
                xs, ys = zip(*drawing.pop(), strict=True)
                marked.append((min(xs), min(ys), max(xs), max(ys)))
            elif operator in PATH_POINTS and drawing:
                drawing[-1].extend(_path_points(operator, operands, cm))

        text = page.extract_text(visitor_operand_before=visit)
        pages.append(" ".join(text.split()))
        images.append(boxes)
        figures.append(marked)
        sizes.append((float(page.mediabox.width), float(page.mediabox.height)))
    alt_texts = re.findall(rb"/Alt \((.*?)\)", data)
    return Drawn(pages, images, figures, [t.decode("latin-1") for t in alt_texts], sizes)


def _open(folder: Path, name: str) -> Database:
    return store.open_database(folder / name)


@pytest.fixture(scope="module")
def demo_summary(tmp_path_factory) -> tuple[report.ClinicianSummary, dict]:
    db = _open(tmp_path_factory.mktemp("demo"), "demo.db")
    store.store_bundle(db, demo.generate(weeks=14, seed=11, today=TODAY), today=TODAY)
    summary = report.clinician_summary(db, today=TODAY)
    figures = report.chart_figures(summary)
    db.conn.close()
    return summary, figures


@pytest.fixture(scope="module", params=list(Paper))
def demo_pdf(request, demo_summary) -> tuple[Paper, Drawn]:
    summary, figures = demo_summary
    paper = request.param
    return paper, read(summary_pdf.render_pdf(summary, figures, paper=paper))


def _inside(box, size) -> bool:
    """The box lies within the page's margins, above the footer."""
    left, bottom, right, top = box
    width, height = size
    side = summary_pdf.MARGIN * POINTS_PER_MM - 0.5
    floor = summary_pdf.BOTTOM * POINTS_PER_MM - 0.5
    return side <= left < right <= width - side and floor <= bottom < top <= height - side


def _charts(drawn: Drawn) -> list[tuple[tuple[float, float, float, float], tuple[float, float]]]:
    return [
        (box, size) for page, size in zip(drawn.figures, drawn.sizes, strict=True) for box in page
    ]


# ---------------------------------------------------------------------------------------------
# Pages and paper.


def test_each_paper_size_gives_pages_of_that_size_numbered_n_of_total(demo_pdf):
    paper, drawn = demo_pdf
    total = len(drawn.pages)
    assert 1 <= total <= 5
    for size in drawn.sizes:
        assert size == pytest.approx(PAPER_POINTS[paper], abs=0.5)
    for number, text in enumerate(drawn.pages, start=1):
        assert f"Page {number} of {total}" in text


def test_every_chart_is_drawn_whole_inside_one_page_and_its_margins(demo_pdf, demo_summary):
    """No chart is cut: each image's box lies inside its page, within the margins."""
    _, figures = demo_summary
    _, drawn = demo_pdf
    boxes = _charts(drawn)
    assert len(boxes) == len(figures) == 3
    for box, size in boxes:
        assert _inside(box, size), (box, size)


def test_the_charts_are_drawn_in_vector_shapes_with_their_words_as_text(demo_summary):
    """No picture of a chart: its words are text a reader can search and copy, its bands
    translucent over the gridlines, its targets dashed."""
    summary, figures = demo_summary
    data = summary_pdf.render_pdf(summary, figures)
    drawn = read(data)
    assert drawn.images == [[] for _ in drawn.pages]
    for figure in figures.values():
        words = [s.text for s in figure.shapes if isinstance(s, paper_charts.Text)]
        assert words
        assert all(word in drawn.text for word in words), figure.description
    opacities = {float(v) for v in re.findall(rb"/ca ([0-9.]+)", data)}
    assert {0.12, 0.15} <= opacities  # the severe zone, the questionnaire's band
    streams = b"".join(page.get_contents().get_data() for page in PdfReader(io.BytesIO(data)).pages)
    assert re.search(rb"\[[0-9.]+ [0-9.]+\] [0-9.]+ d", streams)  # a dash pattern set


def test_each_chart_is_a_figure_described_by_its_alternative_text(demo_pdf, demo_summary):
    """A screen reader finds each chart as a figure saying what it shows."""
    _, figures = demo_summary
    _, drawn = demo_pdf
    assert sorted(drawn.alt_texts) == sorted(f.description for f in figures.values())


# ---------------------------------------------------------------------------------------------
# The numbers are the summary's numbers, and the first page stands on its own.


def test_the_first_page_holds_the_period_and_every_headline_number(demo_pdf, demo_summary):
    summary, _ = demo_summary
    _, drawn = demo_pdf
    first = drawn.pages[0]
    facts = summary.adherence
    assert summary_pdf.period_text(summary) in first
    assert f"Target met in {facts.weeks_met} of {facts.weeks_counted} complete weeks" in first
    assert f"mean {report._percent(facts.mean_percent)} of target" in first
    assert f"{facts.sessions} sessions logged" in first
    for trend in (summary.period_pain, summary.view.pain_trend):
        assert trend is not None
        assert f"{report._pain(trend.earlier)} → {report._pain(trend.later)}" in first
        assert report.pain_verdict(trend) in first
    latest = summary.view.latest_score
    assert latest is not None
    assert f"Latest {oswestry.format_percent(latest.percent)}" in first
    assert report.score_verdict(latest) in first
    assert f"Warning signs None ticked on {summary.check_ins} check-ins." in first
    for flag in summary.flags:
        assert report.FLAG_HEADINGS[flag.kind] in first
    assert "Demo data: generated to try HamTrack out" in first


def test_the_charts_flags_and_programme_follow_the_first_page(demo_pdf, demo_summary):
    summary, _ = demo_summary
    _, drawn = demo_pdf
    for heading in ("Pain", "Days with a session", "Each bar a week", "Back questionnaire"):
        assert heading in drawn.text
    assert "Flags raised (pain-monitoring model)" in drawn.text
    for item in summary.programme:
        assert exercise_name(item.exercise) in drawn.text
    assert drawn.pages[-1].count("It does not diagnose") == 1


def test_the_pdf_and_the_html_page_state_the_same_verdicts(demo_summary):
    summary, figures = demo_summary
    page = report.render_html(summary, {})
    drawn = read(summary_pdf.render_pdf(summary, figures))
    for sentence in (
        report.pain_verdict(summary.period_pain),
        report.score_verdict(summary.view.latest_score),
    ):
        assert str(escape(sentence)) in page
        assert sentence in drawn.text


# ---------------------------------------------------------------------------------------------
# The busiest summary: warning signs, every flag rule, the whole catalogue.


@pytest.fixture(scope="module")
def busiest(tmp_path_factory) -> tuple[report.ClinicianSummary, dict[str, str]]:
    db = _open(tmp_path_factory.mktemp("busy"), "busy.db")
    store.store_bundle(db, demo.generate(weeks=30, seed=5, today=TODAY), today=TODAY)
    store.save_programme(
        db,
        [
            ProgrammeExercise(
                slug,
                sets=3,
                reps=None if e.is_hold else 10,
                hold_s=30 if e.is_hold else None,
                added_on=TODAY - dt.timedelta(weeks=8),
            )
            for slug, e in EXERCISES.items()
        ],
    )
    ticked = [{"fever"}, {"night_pain", "calf_swelling"}, {"bladder_bowel"}, {"weight_loss"}]
    for i, flags in enumerate(ticked):
        store.add_check_in(
            db,
            CheckIn(
                day=TODAY - dt.timedelta(days=3 * i),
                time=dt.time(20, 0),
                pain=dict.fromkeys(Region, 5),
                stiffness=3,
                red_flags=frozenset(flags),
            ),
            today=TODAY,
        )
    summary = report.clinician_summary(db, since=TODAY - dt.timedelta(weeks=17), today=TODAY)
    db.conn.close()
    return summary, report.chart_figures(summary)


@pytest.fixture(scope="module", params=list(Paper))
def busiest_pdf(request, busiest) -> tuple[report.ClinicianSummary, Drawn]:
    """On US Letter the two half charts no longer fit under the pain chart."""
    summary, figures = busiest
    data = summary_pdf.render_pdf(
        summary, figures, paper=request.param, reference="Sam Example, Riverside Physio 4411"
    )
    return summary, read(data)


def test_warning_signs_are_on_the_first_page_with_emergency_ones_called_so(busiest_pdf):
    summary, drawn = busiest_pdf
    first = drawn.pages[0]
    assert f"Ticked at {len(summary.warning_signs)} of {summary.check_ins} check-ins" in first
    assert "Warning signs reported, including ones that need emergency care" in first
    assert "and 1 earlier check-in with warning signs" in first


def test_a_table_is_never_split_across_pages(busiest_pdf):
    """The whole programme (every exercise in the catalogue) is on one page, its heading too."""
    summary, drawn = busiest_pdf
    names = [exercise_name(item.exercise) for item in summary.programme]
    holding = [text for text in drawn.pages if "Current programme" in text]
    assert len(holding) == 1
    dose_rows = re.findall(r"Hold 30 s|3 sets of 10", holding[0])
    assert len(dose_rows) >= len(names) - 1  # the Nordic dose follows its own protocol
    for name in names:
        assert name in holding[0]


def test_the_busiest_summary_keeps_each_chart_inside_one_page(busiest_pdf):
    _, drawn = busiest_pdf
    boxes = _charts(drawn)
    assert len(boxes) == 3
    for box, size in boxes:
        assert _inside(box, size), (box, size)


# ---------------------------------------------------------------------------------------------
# Text from the person is text.


HOSTILE = [
    "<b>x</b>",
    "![q](http://evil.example/x.png)",
    "**bold** _it_ <script>alert(1)</script>",
]


@pytest.mark.parametrize("reference", HOSTILE)
def test_text_typed_by_the_person_is_drawn_as_plain_text(demo_summary, reference):
    summary, figures = demo_summary
    data = summary_pdf.render_pdf(summary, figures, reference=reference)
    drawn = read(data)
    assert f"For: {reference}" in drawn.pages[0]
    assert b"/URI" not in data
    assert sum(len(page) for page in drawn.figures) == 3
    assert drawn.images == [[] for _ in drawn.pages]


def test_a_very_long_reference_is_cut_and_the_first_page_keeps_its_verdicts(demo_summary):
    summary, figures = demo_summary
    long = "Clinic reference " + "very long words " * 125
    assert len(long) > 2_000
    drawn = read(summary_pdf.render_pdf(summary, figures, reference=long))
    first = drawn.pages[0]
    shown = summary_pdf.plain(long, limit=summary_pdf.REFERENCE_MAX)
    assert shown.endswith("…")
    assert f"For: {shown}" in first
    assert long[: summary_pdf.REFERENCE_MAX + 1] not in drawn.text
    assert "Back questionnaire" in first
    assert "Flags raised" in first
    assert all(_inside(box, size) for box, size in _charts(drawn))


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("Sam\nRiverside\tPhysio", "Sam Riverside Physio"),
        ("a\u202eb\u200bc", "a b c"),
        ("Łukasz Zoë", "Łukasz Zoë"),
        ("漢字", "□□"),
        ("  spaced   out  ", "spaced out"),
        ("abcdef", "abc…"),
    ],
)
def test_typed_text_becomes_one_plain_line_the_font_can_draw(typed, shown):
    assert summary_pdf.plain(typed, limit=4 if typed == "abcdef" else None) == shown


# ---------------------------------------------------------------------------------------------
# Empty database, file name, command line.


def test_an_empty_database_gives_one_plain_page_without_charts(tmp_path):
    db = _open(tmp_path, "empty.db")
    drawn = read(summary_pdf.summary_pdf(db, today=TODAY))
    assert len(drawn.pages) == 1
    assert drawn.images == drawn.figures == [[]]
    assert "Nothing logged up to 30 Jun 2025." in drawn.pages[0]
    assert "No programme set." in drawn.pages[0]


def test_the_pdf_is_named_like_the_html_summary():
    since = dt.date(2025, 4, 1)
    assert summary_pdf.pdf_name(since, None, TODAY) == report.report_name(
        since, None, TODAY
    ).replace(".html", ".pdf")


@pytest.fixture
def db_file(tmp_path) -> Path:
    db = _open(tmp_path, "cli.db")
    store.store_bundle(db, demo.generate(weeks=4, seed=2, today=TODAY), today=TODAY)
    db.conn.close()
    return tmp_path / "cli.db"


@pytest.mark.parametrize(
    ("name", "paper", "start"),
    [
        ("summary.pdf", "a4", b"%PDF-"),
        ("SUMMARY.PDF", "letter", b"%PDF-"),
        ("summary.html", "a4", b"<!doctype html>"),
    ],
)
def test_cli_report_writes_pdf_or_html_by_the_file_ending(db_file, tmp_path, name, paper, start):
    out = tmp_path / "out" / name
    args = ["report", "--db", str(db_file), "--out", str(out), "--paper", paper]
    assert cli.main(args) == cli.EXIT_OK
    assert out.read_bytes().startswith(start)
    if start == b"%PDF-":
        assert read(out.read_bytes()).sizes[0] == pytest.approx(PAPER_POINTS[paper], abs=0.5)


@pytest.mark.parametrize("name", ["summary.txt", "summary", "summary.pdf.zip"])
def test_cli_report_refuses_other_endings_in_one_line(db_file, tmp_path, capsys, name):
    out = tmp_path / name
    assert cli.main(["report", "--db", str(db_file), "--out", str(out)]) == cli.EXIT_REFUSED
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert ".pdf" in err
    assert ".html" in err
    assert not out.exists()


def test_cli_report_shows_a_reference_in_the_pdf_and_the_html(db_file, tmp_path):
    pdf = tmp_path / "summary.pdf"
    args = ["report", "--db", str(db_file), "--out", str(pdf), "--reference", "<i>Ref</i> 4411"]
    assert cli.main(args) == cli.EXIT_OK
    assert "For: <i>Ref</i> 4411" in read(pdf.read_bytes()).pages[0]
    page = tmp_path / "summary.html"
    args = ["report", "--db", str(db_file), "--out", str(page), "--reference", "<i>Ref</i> 4411"]
    assert cli.main(args) == cli.EXIT_OK
    assert "<b>For:</b> &lt;i&gt;Ref&lt;/i&gt; 4411" in page.read_text("utf-8")


def test_cli_report_names_its_file_by_the_period_and_adds_notes_only_when_asked(
    db_file, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    args = ["report", "--db", str(db_file), "--since", "2025-06-09", "--until", "2025-06-29"]
    assert cli.main([*args, "--notes"]) == cli.EXIT_OK
    written = tmp_path / "hamtrack-summary-2025-06-09-to-2025-06-29.pdf"
    assert "Notes" in read(written.read_bytes()).text
    assert cli.main(args) == cli.EXIT_OK
    assert "As the person wrote them" not in read(written.read_bytes()).text


# ---------------------------------------------------------------------------------------------
# Ten years: what a reader can see, in a file that stays small.


@pytest.fixture(scope="module")
def ten_years(tmp_path_factory) -> tuple[report.ClinicianSummary, dict]:
    db = _open(tmp_path_factory.mktemp("ten"), "ten.db")
    store.store_bundle(db, demo.generate(weeks=520, seed=3, today=TODAY), today=TODAY)
    summary = report.clinician_summary(db, today=TODAY)
    db.conn.close()
    return summary, report.chart_figures(summary)


def test_ten_years_give_a_pdf_and_a_page_each_under_300_kb(ten_years):
    summary, figures = ten_years
    page = report.render_html(summary, report.chart_images(summary))
    data = summary_pdf.render_pdf(summary, figures)
    assert len(page.encode("utf-8")) < 300_000
    assert len(data) < 300_000
    drawn = read(data)
    assert len(_charts(drawn)) == 3
    assert all(_inside(box, size) for box, size in _charts(drawn))
    assert report.pain_verdict(summary.period_pain) in drawn.pages[0]


def test_ten_years_label_the_time_axis_in_years_and_never_repeat_a_day(ten_years):
    _, figures = ten_years
    for name in ("pain", "adherence", "questionnaire"):
        labels = [s.text for s in figures[name].shapes if isinstance(s, paper_charts.Text)]
        assert "01 Jan" not in labels
        years = [label for label in labels if re.fullmatch(r"20\d\d", label)]
        assert len(years) == len(set(years)) >= 5, (name, labels)


@pytest.mark.parametrize(
    ("weeks", "width", "block"),
    [(12, 340, "week"), (52, 340, "week"), (104, 340, "month"), (520, 340, "quarter")],
)
def test_a_bar_stands_for_a_week_until_weeks_no_longer_fit_the_chart(weeks, width, block):
    assert paper_charts.summary_block(weeks, width) == block
    bars = {"week": weeks, "month": weeks * 12 / 52, "quarter": weeks * 4 / 52}[block]
    assert width / bars >= paper_charts.SUMMARY_MARK_PIXELS


def test_the_pdf_holds_every_row_the_page_holds(demo_pdf, demo_summary):
    """Pain per region, each exercise's dose and pain, the questionnaire by section, phases,
    and the flags counted against their chances: the PDF draws the summary's own rows."""
    summary, _ = demo_summary
    _, drawn = demo_pdf
    text = drawn.text
    rows = [
        *report.region_rows(summary),
        *report.exercise_rows(summary),
        *report.questionnaire_rows(summary.questionnaire),
        *report.phase_rows(summary),
        *report.flag_rows(summary),
    ]
    assert summary.region_pain
    assert summary.exercises
    assert summary.flags
    for row in rows:
        for cell in row:
            # Table cells wrap; their words stay in order.
            assert " ".join(cell.split()[:3]) in text, cell
    for row in summary.view.exercises.itertuples():
        if row.pain_mean == row.pain_mean:
            assert f"mean {report._pain(row.pain_mean)}, highest {int(row.pain_max)}" in text


def test_the_return_to_sport_tables_are_each_whole_on_one_page_after_the_first(busiest_pdf):
    """The first page gives the checklist in one line; the tests and the checklist follow, each
    table with its heading on one page, in the words of the HTML page's own rows."""
    summary, drawn = busiest_pdf
    facts = summary.return_to_sport
    assert facts is not None
    assert facts.tests
    headline = report.return_to_sport_headline(facts)
    assert " ".join(headline.split()) in drawn.pages[0]
    for heading, rows in (
        ("Return to sport: latest tests", report.measure_rows(facts)),
        ("Return-to-sport checklist", report.checklist_rows(facts)),
    ):
        holding = [text for text in drawn.pages[1:] if heading in text]
        assert len(holding) == 1, heading
        for row in rows:
            assert row[0] in holding[0]
    assert "cleared" not in drawn.text.lower()


# ---------------------------------------------------------------------------------------------
# The activities the person finds hard (PSFS, docs/rules.md §9).


@pytest.fixture(scope="module")
def psfs_pdf(tmp_path_factory) -> tuple[report.ClinicianSummary, Drawn]:
    """The busiest demo with three PSFS ratings, one activity named as hostile text."""
    db = _open(tmp_path_factory.mktemp("psfs"), "psfs.db")
    store.store_bundle(db, demo.generate(weeks=30, seed=5, today=TODAY), today=TODAY)
    named = ("Running for the bus", "Sitting through a film", HOSTILE[2])
    for day, ratings in (
        (dt.date(2025, 2, 10), (3, 5, 2)),
        (dt.date(2025, 5, 5), (5, 6, 4)),
        (dt.date(2025, 6, 27), (7, 6, 5)),
    ):
        store.add_psfs_response(db, PsfsResponse(day, named, ratings), today=TODAY)
    summary = report.clinician_summary(db, today=TODAY)
    db.conn.close()
    return summary, read(summary_pdf.render_pdf(summary, report.chart_figures(summary)))


def test_the_psfs_is_a_line_on_the_first_page_and_a_whole_table_later(psfs_pdf):
    """The first page holds the mean and its verdict; the table of activities, as the person
    named them (hostile text drawn as text), with their first and latest ratings, is whole on
    one later page with its heading."""
    summary, drawn = psfs_pdf
    facts = summary.psfs
    assert facts is not None
    assert " ".join(report.psfs_headline(facts).split()) in drawn.pages[0]
    assert "Mean 6 of 10 on 27 Jun 2025" in drawn.pages[0]
    assert "up 2.7 points, a meaningful change" in drawn.pages[0]
    holding = [text for text in drawn.pages[1:] if "Activities the person finds hard" in text]
    assert len(holding) == 1
    page = holding[0]
    for row in report.psfs_rows(facts):
        for cell in row:
            assert " ".join(cell.split()[:3]) in page, cell
    assert "3/10 on 10 Feb 2025 7/10 up 4 points, meaningful" in page
    assert "**bold** _it_ <script>alert(1)</script>" in page
    assert "3 ratings in this period." in page


def test_a_pdf_without_psfs_ratings_has_no_psfs(demo_pdf):
    _, drawn = demo_pdf
    assert "PSFS" not in drawn.text


# ---------------------------------------------------------------------------------------------
# The layout: each block measured once and drawn once, kept on one page.


def _document() -> summary_pdf._Document:
    doc = summary_pdf._Document(Paper.A4, "HamTrack summary")
    doc.add_page()
    return doc


def _rows(count: int, *, heading: bool) -> list[tuple[str, str]]:
    rows = [(f"Row {n}", f"Value {n}") for n in range(1, count + 1)]
    return [("Rule", "How often"), *rows] if heading else rows


LONG_CELL = "Exercise pain above 5/10 after a session, " * 12


@pytest.mark.parametrize(
    "part",
    [
        lambda doc: doc.heading("Pain by region and stiffness", "A note " * 40),
        lambda doc: doc.heading("Notes"),
        lambda doc: doc.paragraph(
            "A sentence that wraps. " * 30, size=8.5, color=summary_pdf.MUTED
        ),
        lambda doc: doc.boxed(
            [("Heading", True), ("• " + "a long warning " * 20, False)],
            edge=summary_pdf.ALERT,
            fill=summary_pdf.ALERT_FILL,
        ),
        lambda doc: doc.table_rows(_rows(6, heading=True), (0.3, 0.7), heading=True),
        lambda doc: doc.table_rows([("Flags", LONG_CELL), (LONG_CELL, "x")], (0.24, 0.76)),
        lambda doc: summary_pdf._note(doc, "Mon 3 Mar 2025, check-in", LONG_CELL),
        lambda doc: doc.space(3),
    ],
)
def test_a_part_takes_exactly_the_height_it_measured(part):
    """What decides a page break is the height measured before drawing: it must be the height
    the part then takes on the page."""
    doc = _document()
    measured = part(doc)
    top = doc.get_y()
    measured.draw()
    assert doc.page == 1
    assert doc.get_y() - top == pytest.approx(measured.height, abs=1e-6)


def test_a_long_cell_wraps_onto_more_lines_and_its_row_grows():
    doc = _document()
    short = doc.table_rows([("Flags", "one line")], (0.24, 0.76))
    long = doc.table_rows([("Flags", LONG_CELL)], (0.24, 0.76))
    assert short.height == pytest.approx(summary_pdf.TABLE_LINE + 2.4 + 2.5)
    lines = round((long.height - 2.4 - 2.5) / summary_pdf.TABLE_LINE)
    assert lines >= 3
    long.draw()
    drawn = read(bytes(doc.output()))
    assert " ".join(LONG_CELL.split()) in drawn.pages[0]


def test_a_block_that_does_not_fit_starts_on_the_next_page_whole():
    doc = _document()
    doc.set_y(doc.page_break_trigger - 30)
    doc.together(
        doc.heading("Current programme", "Sets and reps as set."),
        doc.table_rows(_rows(8, heading=False), (0.36, 0.64)),
    )
    drawn = read(bytes(doc.output()))
    assert len(drawn.pages) == 2
    assert "Current programme" not in drawn.pages[0]
    assert "Row 1" not in drawn.pages[0]
    assert "Current programme" in drawn.pages[1]
    assert all(f"Row {n} Value {n}" in drawn.pages[1] for n in range(1, 9))


def test_a_block_that_fits_stays_on_this_page():
    doc = _document()
    doc.set_y(doc.page_break_trigger - 60)
    doc.together(doc.heading("Pauses"), doc.table_rows(_rows(3, heading=False), (0.5, 0.5)))
    drawn = read(bytes(doc.output()))
    assert len(drawn.pages) == 1
    assert "Pauses" in drawn.pages[0]
    assert "Row 3 Value 3" in drawn.pages[0]


@pytest.mark.parametrize("heading", [True, False])
def test_a_table_taller_than_a_page_runs_over_with_its_heading_row_on_top_of_each_page(heading):
    """A block taller than a page starts at the top of a page (never leaving one blank) and
    its table breaks between rows; a heading row is repeated on each page, as a table
    without one is not given one."""
    doc = _document()
    doc.together(
        doc.heading("Exercises done"),
        doc.table_rows(_rows(90, heading=heading), (0.5, 0.5), heading=heading),
    )
    drawn = read(bytes(doc.output()))
    assert len(drawn.pages) >= 2
    assert "Exercises done" in drawn.pages[0]
    for page in drawn.pages:
        assert page.count("Rule How often") == (1 if heading else 0)
    text = drawn.text
    for n in range(1, 91):
        assert text.count(f"Row {n} Value {n} ") == 1


def test_a_heading_row_is_never_left_alone_at_the_foot_of_a_page():
    doc = _document()
    table = doc.table_rows(_rows(4, heading=True), (0.5, 0.5), heading=True)
    # Room for the heading row only.
    doc.set_y(doc.page_break_trigger - summary_pdf.TABLE_LINE - 3)
    table.draw()
    drawn = read(bytes(doc.output()))
    assert "Rule" not in drawn.pages[0]
    assert drawn.pages[1].count("Rule How often") == 1


def _fpdf_lines(doc: summary_pdf._Document, text: str, width: float, padding) -> list[str]:
    doc.measuring = True
    try:
        return doc.multi_cell(
            width, 1, text, align="L", padding=padding, dry_run=True, output="LINES"
        )
    finally:
        doc.measuring = False


@settings(max_examples=200, deadline=None)
@given(
    text=st.text(alphabet="abcdefghijklmnopWXYZ0123456789 ,.:;()/–→·%éŁ□", max_size=160),
    # From 8 mm every character fits a line on its own (fpdf refuses one that does not).
    width=st.floats(min_value=8, max_value=190),
    size=st.sampled_from([8, 8.5, 9, 9.5, 11]),
    bold=st.booleans(),
    padding=st.sampled_from([summary_pdf.NO_PADDING, summary_pdf.TABLE_PADDING]),
)
@example(text="Pain, over the period ", width=30.0, size=9, bold=True, padding=(0, 0, 0, 0))
@example(text="Supercalifragilistic words", width=8.0, size=11, bold=False, padding=(0, 0, 0, 0))
@example(text="", width=50.0, size=9, bold=False, padding=(1.2, 1.5, 1.2, 0.0))
def test_the_documents_own_wrapping_cuts_lines_exactly_where_fpdf_does(
    text, width, size, bold, padding
):
    """Text is wrapped once, by the document's quick copy of fpdf's word wrapping: the lines
    must be fpdf's own, or a heading could be measured one line short of what is drawn."""
    doc = _document()
    ours = doc.wrap(text, width, size=size, bold=bold, padding=padding)
    assert ours == _fpdf_lines(doc, text, width, padding)
