"""The benchmark's pieces run on a one-week database, fill every column of its tables and
report no error.

Not a timing test: it checks that `benchmarks/run.py` still works as the app grows, and that
what it relies on inside Streamlit is still there.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from benchmarks import browser, measure, run, warm_apptest
from hamtrack_menu import menu_pages


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


def test_the_installed_streamlit_still_runs_apptest_the_way_the_benchmark_assumes():
    found = warm_apptest.problems()
    assert not found, (
        "Streamlit changed under benchmarks/warm_apptest.py; the benchmark's reruns would no "
        "longer be a warm server's: " + "; ".join(found)
    )


def test_the_benchmark_measures_the_pages_of_the_menu_in_its_order():
    pages = measure.discover_pages()
    assert [p.path for p in pages] == [p.path for p in menu_pages()]
    assert [p.url_path for p in pages if p.path == "pages/home.py"] == [""]
    assert all((measure.PROJECT / p.path).exists() for p in pages)


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


def test_an_operation_that_fails_is_an_error_row():
    failed = measure.timed(lambda: 1 / 0, repeats=2)
    assert failed.error is not None
    assert "ZeroDivisionError" in failed.error
    assert run._operation_row("export", failed)[1].startswith("error:")


def test_benchmark_on_one_week_fills_every_column_without_an_error(tmp_path: Path, monkeypatch):
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
    assert "error:" not in report, "a benchmark row reports an error; see the report"
    pages = measure.discover_pages()
    page_rows = _rows_of(report, run.PAGE_COLUMNS)
    assert [r[0] for r in page_rows] == ["*floor: an empty script*"] + [
        f"{p.title} (`{p.path}`)" for p in pages
    ]
    assert all(len(r) == len(run.PAGE_COLUMNS) for r in page_rows)
    number = re.compile(r"\d+\.\d")
    for row in page_rows[1:]:
        assert all(number.fullmatch(cell) for cell in row[1:7]), row
    operations = {r[0]: r for r in _rows_of(report, run.OPERATION_COLUMNS)}
    assert {
        "save a check-in",
        "save a session",
        "export every CSV",
        "summary as HTML, whole history",
        "summary as PDF, whole history",
        "summary as HTML, last 12 weeks",
        "summary as PDF, last 12 weeks",
    } <= set(operations)
    assert all(len(r) == len(run.OPERATION_COLUMNS) for r in operations.values())
    assert operations["save a check-in"][3] == "2"
    assert operations["summary as PDF, whole history"][4].endswith("KB")
    assert "skipped (--no-browser)" in operations["app server's peak memory"][5]
    targets = _rows_of(report, ("measure", "1 week", "target", "verdict"))
    assert [r[0] for r in targets] == [t.what for t in run.TARGETS]
    trends_after_save = targets[0]
    assert re.fullmatch(r"\d+\.\d ms \(wall \d+\.\d\)", trends_after_save[1])
    assert "## Growth with the years" in report
    assert os.environ["HAMTRACK_DB"] == str(tmp_path / "unused.db"), "the benchmark restores it"


@pytest.mark.browser
def test_browser_side_reads_peak_memory_and_times_the_clicks(tmp_path: Path) -> None:
    if not browser.chromium_available():
        pytest.skip("Chromium is not installed; .ci/run installs Debian's chromium")
    pages = measure.discover_pages()
    database = measure.demo_database(1, out=tmp_path)
    result = browser.measure_in_browser(database.path, pages, clicks=1)
    assert result.error is None
    assert not result.page_errors
    assert result.peak_rss_kb is not None
    assert result.peak_rss_kb > 10_000
    assert result.pages_opened == [p.path for p in pages]
    assert result.first_click_s is not None
    assert len(result.clicks_s) == 1
    assert len(result.heavy_steps) == 5
