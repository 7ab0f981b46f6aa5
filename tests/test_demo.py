"""Demo data is reproducible, valid, covers the whole programme, and is marked as demo."""

import datetime as dt

import pytest

from hamtrack import db as store
from hamtrack import demo
from hamtrack.catalogue import EXERCISES
from hamtrack.cli import main
from hamtrack.models import Phase

TODAY = dt.date(2026, 6, 14)


def test_the_same_seed_gives_the_same_data():
    assert demo.generate(weeks=8, seed=3, today=TODAY) == demo.generate(
        weeks=8, seed=3, today=TODAY
    )
    assert demo.generate(weeks=8, seed=3, today=TODAY) != demo.generate(
        weeks=8, seed=4, today=TODAY
    )


@pytest.mark.parametrize("weeks", [1, 4, 16, 52])
def test_every_story_ends_today_and_never_after(weeks):
    bundle = demo.generate(weeks=weeks, seed=1, today=TODAY)
    days = [c.day for c in bundle.check_ins] + [s.day for s in bundle.sessions]
    assert max(days) <= TODAY
    assert min(days) >= TODAY - dt.timedelta(weeks=weeks)


def test_a_sixteen_week_story_covers_every_exercise_and_phase():
    bundle = demo.generate(weeks=16, seed=1, today=TODAY)
    done = {e.exercise for s in bundle.sessions for e in s.exercises}
    assert done == set(EXERCISES)
    assert [p.phase for p in bundle.phase_changes] == list(Phase)
    assert bundle.pauses
    assert bundle.responses


def test_pain_mostly_improves_over_the_story():
    bundle = demo.generate(weeks=16, seed=1, today=TODAY)
    first = [c.worst_pain for c in bundle.check_ins[:14]]
    last = [c.worst_pain for c in bundle.check_ins[-14:]]
    assert sum(last) / len(last) < sum(first) / len(first) - 2


def test_the_cli_writes_demo_data_marked_as_demo(tmp_path, capsys):
    path = tmp_path / "demo.db"
    assert main(["demo", "--db", str(path), "--weeks", "6", "--seed", "2"]) == 0
    db = store.open_database(path)
    assert store.get_profile(db).is_demo
    assert len(store.recent_sessions(db, limit=1000)) > 5
    assert "6 weeks of demo data" in capsys.readouterr().out


def test_the_cli_never_writes_demo_data_over_real_records(fresh_db, db_path, capsys):
    from hamtrack.models import CheckIn, Region

    store.add_check_in(
        fresh_db,
        CheckIn(day=TODAY, time=dt.time(8, 0), pain=dict.fromkeys(Region, 1), stiffness=1),
    )
    before = db_path.read_bytes()
    assert main(["demo", "--db", str(db_path)]) == 2
    assert "already holds your own records" in capsys.readouterr().err
    assert store.record_counts(fresh_db)["check_ins"] == 1
    assert db_path.read_bytes() == before


def test_too_many_weeks_is_refused_before_any_file_is_made(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["demo", "--db", str(tmp_path / "d.db"), "--weeks", "5000"])
    assert exit_.value.code == 2
    assert "Demo weeks must be from 1 to 1040" in capsys.readouterr().err
    assert not (tmp_path / "d.db").exists()


def test_demo_doses_stay_in_range_and_the_nordic_follows_its_progression():
    from hamtrack.nordic import nordic_dose

    bundle = demo.generate(weeks=30, seed=5, today=TODAY)
    heel_digs = [
        e.hold_s for s in bundle.sessions for e in s.exercises if e.exercise == "sitting-heel-dig"
    ]
    assert heel_digs
    assert min(heel_digs) >= 5
    done = []
    for session in bundle.sessions:
        for e in session.exercises:
            if e.exercise == "nordic-hamstring":
                # The dose follows the Nordic sessions logged before (docs/rules.md §1).
                dose = nordic_dose(done, on=session.day)
                assert (e.sets, e.reps) == (dose.sets, dose.reps_per_set)
                done.append(session.day)
    assert done


@pytest.mark.parametrize("seed", [1, 11])
def test_a_year_of_demo_raises_a_few_real_flags_not_dozens(tmp_path, seed):
    """Day-to-day wobble stays within the scale's error, so a 52-week demo raises a handful of
    flags (its flare-ups and the odd sore morning), never one for every other session."""
    from hamtrack.trends_view import read_trends_view

    db = store.open_database(tmp_path / "demo.db")
    store.store_bundle(db, demo.generate(weeks=52, seed=seed, today=TODAY), today=TODAY)
    view = read_trends_view(db, today=TODAY, weeks=None)
    assert view.sessions_logged > 100
    assert 3 <= len(view.flags) <= 16
    assert any(f.kind.value == "morning_pain_rose" for f in view.flags)  # a flare-up shows
    db.conn.close()
