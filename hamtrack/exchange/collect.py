"""The records of an export, read out of the database through storage's own readers."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlite_utils import Database

from hamtrack import db as store
from hamtrack.models import ValidationError
from hamtrack.records import Records
from hamtrack.trends import weekly_summary_of


def check_range(since: dt.date | None, until: dt.date | None) -> None:
    """Refuse a date range that ends before it starts."""
    if since is not None and until is not None and until < since:
        raise ValidationError(
            [f"The period ends ({until.isoformat()}) before it starts ({since.isoformat()})."]
        )


def _inside(day: dt.date, since: dt.date | None, until: dt.date | None) -> bool:
    return (since is None or day >= since) and (until is None or day <= until)


def read_records(
    db: Database, *, since: dt.date | None = None, until: dt.date | None = None
) -> Records:
    """The person's records from the database, limited to days from `since` to `until`.

    Pauses are kept when they overlap the range; the programme, the injury profile's versions
    and the settings are always whole.
    """
    check_range(since, until)
    profile = store.get_profile(db)
    return Records(
        check_ins=tuple(store.check_ins(db, since=since, until=until)),
        sessions=tuple(store.sessions(db, since=since, until=until)),
        responses=tuple(
            saved.value for saved in store.questionnaire_responses(db, since=since, until=until)
        ),
        phase_changes=tuple(store.phase_changes(db, since=since, until=until)),
        pauses=tuple(
            saved.value
            for saved in store.pauses(db)
            if (since is None or saved.value.end >= since)
            and (until is None or saved.value.start <= until)
        ),
        injury_profile=tuple(store.injury_profile_changes(db)),
        measures=tuple(
            saved.value for saved in store.measures(db) if _inside(saved.value.day, since, until)
        ),
        running=tuple(
            saved.value
            for saved in store.running_entries(db)
            if _inside(saved.value.day, since, until)
        ),
        psfs=tuple(
            saved.value
            for saved in store.psfs_responses(db)
            if _inside(saved.value.day, since, until)
        ),
        programme=tuple(store.programme(db)),
        weekly_target=profile.weekly_target,
        is_demo=profile.is_demo,
    )


def weekly_summary(
    db: Database,
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
    today: dt.date | None = None,
) -> pd.DataFrame:
    """The weeks of the period, as hamtrack.trends summarises them, up to `until` or today.

    With `until` before today the summary is the one HamTrack showed on `until`: nothing
    logged later counts, and that week is the last.
    """
    check_range(since, until)
    today = today or dt.date.today()
    as_of = min(until, today) if until is not None else today
    return weekly_summary_of(db, today=as_of, since=since)
