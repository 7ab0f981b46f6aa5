"""My programme: pick a phase, edit the exercises, set the target, breaks, suggestions, calendar."""

import datetime as dt

from hamtrack import db as store
from hamtrack.catalogue import exercises_for_phase
from hamtrack.injury import InjuryCause, InjuryProfile
from hamtrack.models import (
    CheckIn,
    ExerciseDone,
    Pause,
    PauseReason,
    Phase,
    ProgrammeExercise,
    Region,
    Session,
    Side,
)
from hamtrack.plan import default_programme
from hamtrack.return_to_sport import Leg, Measure, MeasureKind, RunningEntry

PAGE = "pages/programme.py"


def button(at, label):
    return next(b for b in at.button if b.label == label)


def keyed(widgets, prefix):
    return next(w for w in widgets if w.key and w.key.startswith(prefix))


def open_changes(at, db, slug):
    """Open an exercise's "Change or remove" section: its form is drawn only while open."""
    at.session_state[f"change_{slug}_{store.revision(db)}"] = True
    return at.run()


def in_phase(db, phase, since):
    store.set_phase(db, phase, day=since)
    store.save_programme(db, default_programme(phase, today=since))


def test_a_new_user_picks_a_phase_and_gets_its_programme(open_app, fresh_db, today):
    at = open_app(PAGE)
    assert not at.exception
    assert [b.label for b in at.button] == ["Start my programme"]
    at.radio[0].set_value(Phase.EARLY_REHAB)
    button(at, "Start my programme").click().run()
    assert not at.exception
    assert "early rehab" in at.success[0].value
    assert store.current_phase(fresh_db) is Phase.EARLY_REHAB
    assert store.phase_changes_frame(fresh_db)["day"].dt.date.tolist() == [today]
    assert [i.exercise for i in store.programme(fresh_db)] == [
        e.slug for e in exercises_for_phase(Phase.EARLY_REHAB)
    ]
    shown = [m.value for m in at.markdown]
    assert "**Straight leg raise**" in shown
    assert "2 sets of 10, each leg" in shown


def test_starting_without_a_phase_is_refused_and_saves_nothing(open_app, fresh_db):
    at = open_app(PAGE)
    button(at, "Start my programme").click().run()
    assert "Pick the phase" in at.error[0].value
    assert store.current_phase(fresh_db) is None
    assert store.programme(fresh_db) == []


def test_a_dose_and_band_can_be_changed(open_app, fresh_db, today):
    in_phase(fresh_db, Phase.FUNCTIONAL, today)
    at = open_app(PAGE)
    assert not [n for n in at.number_input if n.key and n.key.startswith("reps_bridge_")]
    at = open_changes(at, fresh_db, "bridge")
    keyed(at.number_input, "reps_bridge_").set_value(14)
    keyed(at.selectbox, "band_bridge_").set_value(2)
    keyed(at.button, "save_bridge_").click().run()
    assert not at.exception
    assert at.success[0].value == "Saved: Glute bridge."
    bridge = next(i for i in store.programme(fresh_db) if i.exercise == "bridge")
    assert (bridge.sets, bridge.reps, bridge.band_level) == (3, 14, 2)
    assert "3 sets of 14 · Light band" in [m.value for m in at.markdown]


def test_an_exercise_can_be_removed_and_added_back(open_app, fresh_db, today):
    in_phase(fresh_db, Phase.FUNCTIONAL, today)
    at = open_changes(open_app(PAGE), fresh_db, "wall-stretch")
    keyed(at.button, "remove_wall-stretch_").click().run()
    assert "wall-stretch" not in [i.exercise for i in store.programme(fresh_db)]
    adding = next(s for s in at.selectbox if s.label == "Add an exercise")
    adding.set_value("wall-stretch")
    button(at, "Add to my programme").click().run()
    assert store.programme(fresh_db)[-1].exercise == "wall-stretch"
    assert store.programme(fresh_db)[-1].hold_s == 30


def test_adding_the_nordic_exercise_early_warns_but_respects_the_choice(open_app, fresh_db, today):
    in_phase(fresh_db, Phase.EARLY_REHAB, today)
    at = open_app(PAGE)
    next(s for s in at.selectbox if s.label == "Add an exercise").set_value("nordic-hamstring")
    button(at, "Add to my programme").click().run()
    assert store.programme(fresh_db)[-1].exercise == "nordic-hamstring"
    assert any("belongs to the return-to-sport phase" in w.value for w in at.warning)
    assert any("Not usually part of the early rehab phase" in c.value for c in at.caption)


def test_the_nordic_dose_follows_the_nordic_sessions_logged(open_app, fresh_db, today):
    """Three Nordic sessions over two weeks put the next at week 3; at a weekly target of 2 the
    plan says it holds 2 Nordic sessions a week, never "3 sessions" (docs/rules.md §1)."""
    store.set_phase(fresh_db, Phase.RETURN_TO_SPORT, day=today)
    monday = today - dt.timedelta(days=today.weekday())
    done = [
        monday - dt.timedelta(weeks=2),
        monday - dt.timedelta(weeks=1),
        monday - dt.timedelta(days=5),
    ]
    for day in done:
        store.add_session(
            fresh_db,
            Session(day, (ExerciseDone("nordic-hamstring", pain_during=2, sets=2, reps=5),)),
        )
    store.save_programme(
        fresh_db, [ProgrammeExercise("nordic-hamstring", sets=2, reps=5, added_on=done[0])]
    )
    at = open_app(PAGE)
    assert "Week 3 of 10: 3 sessions a week, 3 sets of 6–8" in [m.value for m in at.markdown]
    assert not [w for w in at.warning if "return-to-sport" in w.value]
    store.set_weekly_target(fresh_db, 2)
    at = open_app(PAGE)
    texts = [m.value for m in at.markdown]
    assert not any("3 sessions a week" in t for t in texts)
    assert (
        "Week 3 of 10: 2 sessions a week (your weekly target is 2; the protocol has 3, so the "
        "build-up takes longer), 3 sets of 6–8"
    ) in texts


def test_changing_phase_keeps_doses_of_exercises_that_stay(open_app, fresh_db, today):
    in_phase(fresh_db, Phase.ACUTE, today - dt.timedelta(days=10))
    store.save_programme(
        fresh_db, [ProgrammeExercise("prone-hamstring-curl", sets=3, reps=12, band_level=1)]
    )
    at = open_app(PAGE)
    at.radio[0].set_value(Phase.EARLY_REHAB)
    button(at, "Save my phase").click().run()
    assert not at.exception
    assert store.current_phase(fresh_db) is Phase.EARLY_REHAB
    curl = next(i for i in store.programme(fresh_db) if i.exercise == "prone-hamstring-curl")
    assert (curl.sets, curl.reps, curl.band_level) == (3, 12, 1)
    assert len(store.phase_changes_frame(fresh_db)) == 2


def test_choosing_the_same_phase_changes_nothing(open_app, fresh_db, today):
    in_phase(fresh_db, Phase.ACUTE, today)
    at = open_app(PAGE)
    button(at, "Save my phase").click().run()
    assert "already in the acute phase" in at.info[0].value
    assert len(store.phase_changes_frame(fresh_db)) == 1


def test_the_weekly_target_is_saved(open_app, fresh_db, today):
    in_phase(fresh_db, Phase.ACUTE, today)
    at = open_app(PAGE)
    next(n for n in at.number_input if n.label.startswith("How many sessions")).set_value(4)
    button(at, "Save my target").click().run()
    assert store.get_profile(fresh_db).weekly_target == 4
    assert "4 sessions a week" in at.success[0].value
    days = next(m for m in at.multiselect if m.label == "Session days")
    assert days.value == [0, 2, 4, 6]


def test_a_break_is_added_listed_and_deleted(open_app, fresh_db, today):
    in_phase(fresh_db, Phase.ACUTE, today)
    at = open_app(PAGE)
    inputs = {d.label: d for d in at.date_input}
    inputs["First day"].set_value(today + dt.timedelta(days=2))
    inputs["Last day"].set_value(today + dt.timedelta(days=4))
    next(s for s in at.selectbox if s.label == "Why").set_value(PauseReason.ILLNESS)
    next(t for t in at.text_input if t.label == "Note (optional)").set_value("<b>flu</b>")
    button(at, "Add this break").click().run()
    [saved] = store.pauses(fresh_db)
    assert saved.value.reason is PauseReason.ILLNESS
    assert "<b>flu</b>" in [t.value for t in at.text]
    button(at, "Delete this break").click().run()
    assert store.pauses(fresh_db) == []


def test_a_break_that_ends_before_it_starts_is_refused(open_app, fresh_db, today):
    in_phase(fresh_db, Phase.ACUTE, today)
    at = open_app(PAGE)
    inputs = {d.label: d for d in at.date_input}
    inputs["First day"].set_value(today)
    inputs["Last day"].set_value(today - dt.timedelta(days=1))
    button(at, "Add this break").click().run()
    assert "cannot end before it starts" in at.error[0].value
    assert store.pauses(fresh_db) == []


def test_past_breaks_are_tucked_away(open_app, fresh_db, today):
    in_phase(fresh_db, Phase.ACUTE, today)
    old = today - dt.timedelta(days=30)
    store.add_pause(fresh_db, Pause(old, old + dt.timedelta(days=3), PauseReason.HOLIDAY))
    at = open_app(PAGE)
    assert any(e.label == "Past breaks (1)" for e in at.expander)


def _three_sessions(db, monday, pain):
    for offset in (0, 2, 4):
        store.add_session(
            db,
            Session(
                monday + dt.timedelta(days=offset),
                (ExerciseDone("bridge", pain_during=pain, sets=3, reps=10),),
            ),
        )


def _checklist_met(db, monday, today):
    """What the return-to-sport checklist reads, all met (docs/rules.md §9): a right-sided
    injury, pain-free check-ins on the session days, equal legs tested this week, a pain-free
    run at full speed."""
    store.save_injury_profile(
        db, InjuryProfile(Side.RIGHT, monday - dt.timedelta(weeks=8), InjuryCause.SPRINTING)
    )
    for weeks in (2, 1):
        for offset in (0, 2, 4):
            day = monday - dt.timedelta(weeks=weeks) + dt.timedelta(days=offset)
            pain = {Region.LEFT_HAMSTRING: 0, Region.RIGHT_HAMSTRING: 0, Region.LOW_BACK: 0}
            store.add_check_in(db, CheckIn(day, dt.time(8, 0), pain, stiffness=0))
    tested = monday - dt.timedelta(days=1)
    store.add_measures(
        db,
        [
            Measure(tested, leg, kind, value, pain=0, unit="kg" if value == 25 else None)
            for leg in Leg
            for kind, value in (
                (MeasureKind.BRIDGE, 22),
                (MeasureKind.STRENGTH, 25),
                (MeasureKind.KNEE_EXTENSION, 10),
            )
        ],
        today=today,
    )
    store.add_running_entry(db, RunningEntry(tested, "jog-walk", 40, 0), today=today)
    store.add_running_entry(db, RunningEntry(tested, "build-up-100", 100, 0), today=today)


def test_good_weeks_in_functional_retraining_name_what_the_checklist_still_needs(
    open_app, fresh_db, today
):
    """docs/rules.md §9: moving into return to sport needs the checklist met; until then the
    page lists each criterion and offers no move."""
    monday = today - dt.timedelta(days=today.weekday())
    in_phase(fresh_db, Phase.FUNCTIONAL, monday - dt.timedelta(weeks=3))
    _three_sessions(fresh_db, monday - dt.timedelta(weeks=2), pain=1)
    _three_sessions(fresh_db, monday - dt.timedelta(weeks=1), pain=2)
    at = open_app(PAGE)
    assert "the return-to-sport checklist comes next" in at.success[0].value
    reasons = " ".join(m.value for m in at.markdown)
    assert "averaged 1.5 out of 10" in reasons
    assert "Not enough in your logs: Pain, bridge, strength, range: set the injured side" in reasons
    assert not [b for b in at.button if b.label == "Move on to the return to sport phase"]


def test_two_good_weeks_suggest_moving_on_and_the_user_accepts(open_app, fresh_db, today):
    monday = today - dt.timedelta(days=today.weekday())
    in_phase(fresh_db, Phase.FUNCTIONAL, monday - dt.timedelta(weeks=3))
    _three_sessions(fresh_db, monday - dt.timedelta(weeks=2), pain=1)
    _three_sessions(fresh_db, monday - dt.timedelta(weeks=1), pain=0)
    _checklist_met(fresh_db, monday, today)
    at = open_app(PAGE)
    assert "ready for the return to sport phase" in at.success[0].value
    reasons = " ".join(m.value for m in at.markdown)
    assert "met your weekly session target" in reasons
    assert "averaged 0.5 out of 10" in reasons
    assert "Met: Bridge: 22 right vs 22 left, 100 %" in reasons
    assert store.current_phase(fresh_db) is Phase.FUNCTIONAL, "never moved without the user"
    button(at, "Move on to the return to sport phase").click().run()
    assert not at.exception
    assert store.current_phase(fresh_db) is Phase.RETURN_TO_SPORT
    assert store.phase_changes_frame(fresh_db)["note"].iloc[-1].startswith("Suggested")
    assert "nordic-hamstring" in [i.exercise for i in store.programme(fresh_db)]
    assert not any("ready for" in s.value for s in at.success)


def test_breaches_on_two_days_of_a_week_suggest_stepping_back(open_app, fresh_db, today):
    """One session with two painful exercises is one day; a second day of pain above 5 in the
    same week suggests stepping back (docs/rules.md §7)."""
    in_phase(fresh_db, Phase.FUNCTIONAL, today - dt.timedelta(weeks=3))
    monday = today - dt.timedelta(days=today.weekday()) - dt.timedelta(weeks=1)
    bad = (
        ExerciseDone("bridge", pain_during=6, sets=3, reps=10),
        ExerciseDone("standing-hip-extension", pain_during=6, sets=2, reps=12),
    )
    store.add_session(fresh_db, Session(monday, bad))
    at = open_app(PAGE)
    assert not [w for w in at.warning if "stepping back" in w.value]
    store.add_session(fresh_db, Session(monday + dt.timedelta(days=2), bad[:1]))
    at = open_app(PAGE)
    assert "stepping back to the early rehab phase" in at.warning[0].value
    reasons = " ".join(m.value for m in at.markdown)
    assert "Pain warnings on 2 different days" in reasons
    assert "Glute bridge hurt 6/10" in reasons
    button(at, "Step back to the early rehab phase").click().run()
    assert store.current_phase(fresh_db) is Phase.EARLY_REHAB


def test_the_calendar_download_is_offered_for_the_planned_days(open_app, fresh_db, today):
    in_phase(fresh_db, Phase.ACUTE, today)
    at = open_app(PAGE)
    downloads = at.get("download_button")
    assert len(downloads) == 1
    assert any(c.value.startswith("12 sessions") for c in at.caption)
    next(m for m in at.multiselect if m.label == "Session days").set_value([]).run()
    assert not at.get("download_button")
    assert "Pick at least one day" in at.info[0].value


def test_the_standing_note_is_shown(open_app, fresh_db):
    at = open_app(PAGE)
    assert any("does not replace advice" in c.value for c in at.caption)


def test_a_lower_target_is_taken_into_account_at_once(open_app, fresh_db, today):
    """The suggestions are cached until something is saved; a new target is such a change."""
    monday = today - dt.timedelta(days=today.weekday())
    in_phase(fresh_db, Phase.ACUTE, monday - dt.timedelta(weeks=3))
    for week in (2, 1):
        for offset in (0, 3):
            store.add_session(
                fresh_db,
                Session(
                    monday - dt.timedelta(weeks=week) + dt.timedelta(days=offset),
                    (ExerciseDone("sitting-heel-dig", pain_during=0, sets=8, hold_s=7),),
                ),
            )
    at = open_app(PAGE)
    assert not [s for s in at.success if "ready for" in s.value]
    next(n for n in at.number_input if n.label.startswith("How many sessions")).set_value(2)
    button(at, "Save my target").click().run()
    assert any("ready for the early rehab phase" in s.value for s in at.success)


def test_the_phase_history_table_is_drawn_when_opened(open_app, fresh_db, today):
    store.set_phase(fresh_db, Phase.ACUTE, day=today - dt.timedelta(days=20))
    store.set_phase(fresh_db, Phase.EARLY_REHAB, day=today)
    at = open_app(PAGE)
    assert not at.dataframe
    at.session_state["phase_history"] = True
    at.run()
    assert at.dataframe[0].value["Phase"].tolist() == ["Acute", "Early rehab"]


def test_how_to_do_an_exercise_is_drawn_when_opened(open_app, fresh_db, today):
    in_phase(fresh_db, Phase.FUNCTIONAL, today)
    at = open_app(PAGE)
    assert not at.get("image")
    at.session_state["how_bridge"] = True
    at.run()
    assert len(at.get("image")) == 1
    assert any(w.value.startswith("**Stop if you notice:**") for w in at.warning)
