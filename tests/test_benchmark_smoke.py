"""The benchmark's pieces run on a one-week database and fill every column of its tables.

Not a timing test: it checks that `benchmarks/run.py` still works as the app grows.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from benchmarks import browser, measure, run


def _rows_of(report: str, header: tuple[str, ...]) -> list[list[str]]:
    """The cells of every row of the Markdown tables whose header is `header`."""
    lines = report.splitlines()
    heading = "| " + " | ".join(header) + " |"
    rows = []
    for index, line in enumerate(lines):
        if line == heading:
            for row in lines[index + 2 :]:
                if not row.startswith("|"):
                    break
                rows.append([c.strip() for c in row.strip("|").split(" | ")])
    return rows


def test_pages_are_read_from_the_navigation_in_menu_order(tmp_path: Path) -> None:
    app = tmp_path / "app.py"
    (tmp_path / "pages").mkdir()
    for name in ("a.py", "b.py", "c.py"):
        (tmp_path / "pages" / name).write_text("")
    app.write_text(
        "import streamlit as st\n"
        "pages = {'One': [st.Page('pages/b.py', title='Bee', default=True),\n"
        "                 st.Page('pages/a.py', title='Ay', url_path='first')]}\n"
    )
    pages = measure.discover_pages(app)
    assert pages == [
        measure.PageRef("pages/b.py", "Bee", ""),
        measure.PageRef("pages/a.py", "Ay", "first"),
    ]
    assert measure.unlisted_pages(pages, app) == ["pages/c.py"]


def test_chart_payload_counts_the_arrow_data_each_chart_sends() -> None:
    at = AppTest.from_string(
        "import altair as alt, pandas as pd, streamlit as st\n"
        "frame = pd.DataFrame({'x': range(200), 'y': range(200)})\n"
        "st.altair_chart(alt.Chart(frame).mark_line().encode(x='x', y='y'))\n"
        "st.altair_chart(alt.Chart(frame.head(2)).mark_bar().encode(x='x', y='y'))\n"
    ).run()
    charts, data, spec = measure.chart_payload(at)
    assert charts == 2
    assert data > 200 * 8  # two int64 columns of 200 rows, at the least
    assert spec > 0


def test_benchmark_on_one_week_fills_every_column(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("HAMTRACK_DB", str(tmp_path / "unused.db"))
    out = tmp_path / "results.md"
    report = run.run(
        weeks=[1],
        reruns=1,
        saves=2,
        exports=1,
        clicks=0,
        with_browser=False,
        out=out,
        workdir=tmp_path / "work",
        say=lambda _: None,
    )
    assert out.read_text(encoding="utf-8") == report
    pages = measure.discover_pages()
    page_rows = _rows_of(report, run.PAGE_COLUMNS)
    assert [r[0] for r in page_rows] == ["*floor: an empty script*"] + [
        f"{p.title} (`{p.path}`)" for p in pages
    ]
    assert all(len(r) == len(run.PAGE_COLUMNS) for r in page_rows)
    after_save = run.PAGE_COLUMNS.index("rerun after a save, median (ms)")
    for row in page_rows[1:]:
        assert row[1].startswith("error:") or re.fullmatch(r"\d+\.\d", row[after_save]), row
    assert "## Growth with the years" in report
    assert _rows_of(report, ("at 1 week", "target", "measured"))
    floor = page_rows[0]
    assert re.fullmatch(r"\d+\.\d", floor[2])
    assert re.fullmatch(r"\d+\.\d", floor[4])
    operations = {r[0]: r for r in _rows_of(report, run.OPERATION_COLUMNS)}
    assert {
        "save a check-in",
        "save a session",
        "export every CSV",
        "build the summary, whole history",
        "build the summary, last 12 weeks",
    } <= set(operations)
    assert all(len(r) == len(run.OPERATION_COLUMNS) for r in operations.values())
    assert operations["save a check-in"][3] == "2"
    assert "skipped (--no-browser)" in operations["app server's peak memory"][5]
    assert _rows_of(report, ("target", "measured", "verdict"))
    assert os.environ["HAMTRACK_DB"] == str(tmp_path / "unused.db"), "the benchmark restores it"


@pytest.mark.browser
def test_browser_side_reads_peak_memory_and_times_the_click(tmp_path: Path) -> None:
    if not browser.chromium_available():
        pytest.skip("Chromium is not installed; .ci/run installs Debian's chromium")
    pages = measure.discover_pages()
    database = measure.demo_database(1, out=tmp_path)
    trends = browser.find_trends(pages)
    result = browser.measure_in_browser(database.path, pages, trends=trends, clicks=1)
    assert result.peak_rss_kb is not None
    assert result.peak_rss_kb > 10_000
    assert result.pages_opened == [p.path for p in pages]
    if trends is not None:
        assert result.first_click_s is not None
        assert len(result.clicks_s) == 1
