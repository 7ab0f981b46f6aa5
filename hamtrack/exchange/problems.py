"""Why an import was refused: every problem with its file and row, reported at once."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

MAX_PROBLEMS = 200
"""A garbage file could yield a problem per row; the report keeps the first ones and counts."""


@dataclass(frozen=True, slots=True)
class Problem:
    """Why an import was refused: a file, a row (the header is row 1) and what is wrong."""

    file: str
    row: int | None
    message: str

    def __str__(self) -> str:
        where = self.file if self.row is None else f"{self.file}, row {self.row}"
        return f"{where}: {self.message}"


class ImportRefused(Exception):
    """The files were not imported; `problems` lists what to fix. The database is unchanged."""

    def __init__(self, problems: Sequence[Problem], *, more: int = 0) -> None:
        self.problems = tuple(problems)
        self.more = more
        super().__init__("\n".join(self.lines()))

    def lines(self) -> list[str]:
        lines = [str(p) for p in self.problems]
        if self.more:
            lines.append(f"… and {self.more} more problems.")
        return lines


class Problems:
    """Collects problems, keeping the first MAX_PROBLEMS and counting the rest."""

    def __init__(self) -> None:
        self.found: list[Problem] = []
        self.more = 0

    def add(self, file: str, row: int | None, message: str) -> None:
        if len(self.found) < MAX_PROBLEMS:
            self.found.append(Problem(file, row, message))
        else:
            self.more += 1

    def __len__(self) -> int:
        return len(self.found) + self.more

    def __bool__(self) -> bool:
        return bool(self.found)

    def refuse(self) -> ImportRefused:
        return ImportRefused(self.found, more=self.more)
