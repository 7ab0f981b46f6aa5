"""HamTrack installs whole: every file the package reads at run time is shipped with it."""

import tomllib
from fnmatch import fnmatchcase

from conftest import PROJECT


def _shipped(relative: str, patterns: list[str]) -> bool:
    # setuptools' globs match one folder level per part, as a shell does.
    parts = relative.split("/")
    return any(
        len(pattern.split("/")) == len(parts)
        and all(
            fnmatchcase(part, glob) for part, glob in zip(parts, pattern.split("/"), strict=True)
        )
        for pattern in patterns
    )


def test_every_data_file_is_package_data():
    """A file under hamtrack/data that no package-data pattern names would be missing from an
    installed copy (the data dictionary the Share page offers once was)."""
    config = tomllib.loads((PROJECT / "pyproject.toml").read_text("utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["hamtrack"]
    files = [
        path.relative_to(PROJECT / "hamtrack").as_posix()
        for path in (PROJECT / "hamtrack" / "data").rglob("*")
        if path.is_file()
    ]
    assert "data/data-dictionary.md" in files
    assert [f for f in files if not _shipped(f, patterns)] == []


def test_a_folder_level_is_matched_by_its_own_part_only():
    assert _shipped("data/fonts/DejaVuSans.ttf", ["data/fonts/*.ttf"])
    assert not _shipped("data/fonts/DejaVuSans.ttf", ["data/*.ttf"])
    assert not _shipped("data/notes.txt", ["data/*.md"])
