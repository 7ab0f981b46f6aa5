"""My injury: set once, editable, each change listed with its date, history ticks give a standing
note (docs/rules.md §8, §9)."""

import datetime as dt

from hamtrack import db as store
from hamtrack.injury import InjuryCause, InjuryProfile
from hamtrack.models import CheckIn, Region, Side

PAGE = "pages/injury.py"


def button(at, label):
    return next(b for b in at.button if b.label == label)


def history_box(at, key):
    return next(c for c in at.checkbox if c.key.startswith(f"history_{key}_"))


def test_a_first_profile_is_set_and_shown_with_its_standing_note(open_app, fresh_db):
    at = open_app(PAGE)
    assert at.title[0].value == "My injury"
    at.radio[0].set_value(Side.RIGHT)
    at.radio[1].set_value(InjuryCause.SPRINTING)
    at.text_input[0].input("Grade 2 **strain**")
    at.text_input[1].input("Parkrun")
    history_box(at, "past_cancer").check().run()
    # The note shows as soon as the box is ticked, before saving.
    assert any("physiotherapist or doctor" in w.value for w in at.warning)
    button(at, "Save my injury").click().run()
    assert not at.exception
    saved = store.injury_profile(fresh_db).profile
    assert (saved.injured_side, saved.how, saved.diagnosis) == (
        Side.RIGHT,
        InjuryCause.SPRINTING,
        "Grade 2 **strain**",
    )
    assert saved.history == {"past_cancer"}
    assert any("Saved" in s.value for s in at.success)
    assert any("cancer" in w.value for w in at.warning)
    # The diagnosis is the person's text: shown as text, never as Markdown.
    assert "Grade 2 **strain**" in [t.value for t in at.text]
    assert any(m.value.startswith("**Right hamstring**, injured on") for m in at.markdown)
    assert button(at, "Edit my injury")


def test_a_profile_without_side_or_cause_is_refused_and_nothing_saved(open_app, fresh_db):
    at = open_app(PAGE)
    button(at, "Save my injury").click().run()
    assert "Choose the injured side" in at.error[0].value
    assert "Choose how it happened" in at.error[0].value
    assert store.injury_profile(fresh_db) is None


def test_an_edit_is_kept_as_a_new_dated_version_and_listed(open_app, fresh_db):
    store.save_injury_profile(
        fresh_db,
        InjuryProfile(Side.LEFT, dt.date.today() - dt.timedelta(days=9), InjuryCause.STRETCHING),
    )
    at = open_app(PAGE)
    button(at, "Edit my injury").click().run()
    at.radio[0].set_value(Side.BOTH)
    history_box(at, "pop_with_bruising").check().run()
    assert any("this week" in w.value for w in at.warning)
    button(at, "Save my injury").click().run()
    assert not at.exception
    versions = store.injury_profile_versions(fresh_db)
    assert [v.profile.injured_side for v in versions] == [Side.BOTH, Side.LEFT]
    newest, oldest = list(at.table[0].value["What changed"])
    assert oldest == "profile set up"
    assert "side: both" in newest


def test_a_fall_ticked_on_an_old_check_in_starts_ticked(open_app, fresh_db):
    """docs/rules.md §8: the retired daily sign becomes the history answer it was."""
    store.add_check_in(
        fresh_db,
        CheckIn(
            day=dt.date(2025, 3, 2),
            time=dt.time(8, 0),
            pain=dict.fromkeys(Region, 3),
            stiffness=2,
            red_flags=frozenset({"major_fall"}),
        ),
    )
    at = open_app(PAGE)
    assert history_box(at, "fall_or_accident").value is True
    assert history_box(at, "past_cancer").value is False
    assert any("02 March 2025" in c.value for c in at.caption)
