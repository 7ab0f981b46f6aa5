"""The code stays clean: `ruff check` and `ruff format --check` are part of the test suite."""

import subprocess
import sys

import pytest
from conftest import PROJECT


@pytest.mark.parametrize(
    "command",
    [["check", "."], ["format", "--check", "."]],
    ids=["ruff-check", "ruff-format"],
)
def test_ruff_reports_nothing(command):
    result = subprocess.run(
        [sys.executable, "-m", "ruff", *command],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_core_never_imports_streamlit():
    """hamtrack/ is the functional core; ruff's banned-api rule holds the line, this proves it."""
    offenders = [
        path.relative_to(PROJECT)
        for path in (PROJECT / "hamtrack").rglob("*.py")
        if "import streamlit" in path.read_text() or "from streamlit" in path.read_text()
    ]
    assert offenders == []
