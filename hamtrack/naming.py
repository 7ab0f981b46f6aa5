"""How HamTrack names a period and counts things, the same way on every page and in every file.

A period is the days a summary or an export covers: from the day the person chose (or the first
day anything was logged) to the last day chosen (never after today). One `Period` gives both its
words ("14 Sep 2026 to 30 Nov 2026") and its part of a file name ("2026-09-14-to-2026-11-30"),
so the Share page, the summary, the zip, the CSV folder, the FHIR file and the command line
never disagree about which days they hold.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """A count with its noun in the right number: '1 session', '2 sessions', '0 check-ins'."""
    noun = singular if count == 1 else (plural_form or f"{singular}s")
    return f"{count} {noun}"


def day_text(day: dt.date) -> str:
    """A day as the summary and the Share page write it: '14 Sep 2026'."""
    return f"{day.day} {day:%b %Y}"


@dataclass(frozen=True, slots=True)
class Period:
    """The days a summary or an export covers, both ends included."""

    first: dt.date | None
    """The first day; None when nothing was logged and no first day was chosen."""
    last: dt.date

    @property
    def words(self) -> str:
        """The period in words: '14 Sep 2026 to 30 Nov 2026', or 'up to 30 Nov 2026'."""
        if self.first is None:
            return f"up to {day_text(self.last)}"
        if self.first == self.last:
            return day_text(self.last)
        return f"{day_text(self.first)} to {day_text(self.last)}"

    @property
    def slug(self) -> str:
        """The period for a file name: '2026-09-14-to-2026-11-30', or 'to-2026-11-30'."""
        last = self.last.isoformat()
        return f"to-{last}" if self.first is None else f"{self.first.isoformat()}-to-{last}"

    def file_name(self, what: str, suffix: str = "") -> str:
        """A file (or folder) name that says what it is and which days it holds:
        'hamtrack-summary-2026-09-14-to-2026-11-30.pdf'."""
        return f"hamtrack-{what}-{self.slug}{suffix}"


def period_of(
    since: dt.date | None,
    until: dt.date | None,
    *,
    today: dt.date,
    first_logged: dt.date | None = None,
) -> Period:
    """The period from `since` (None: the first day logged) to `until` (None: today), never
    past today. A period that starts after it ends is refused."""
    last = min(until, today) if until is not None else today
    first = since if since is not None else first_logged
    if first is not None and first > last:
        if since is None:
            # Only later records than the end chosen: the period is that end alone.
            first = last
        else:
            raise ValueError(f"The period starts ({first}) after it ends ({last}).")
    return Period(first, last)
