"""Activities I find hard (PSFS): name them once, rate each 0–10, see the score and its change."""

import hashlib
from functools import partial

import streamlit as st

import hamtrack_ui as ui
from hamtrack import db as store
from hamtrack import oswestry, psfs_view
from hamtrack import return_to_sport as rts

SAVED_KEY = "psfs_saved"
CHANGING_KEY = "psfs_changing_activities"
PAST_SHOWN = 10  # the latest ratings; every one is in the export
# Each rating is a row of finger-sized buttons (people rate these on a phone, often in pain).
# Fixed CSS, scoped to this page's rating widgets (keys starting "psfs_rate_"); no user text.
BIG_RATINGS = """<style>
div[class*="st-key-psfs_rate_"] [data-testid="stButtonGroup"] button {
  min-width: 2.6rem; min-height: 2.75rem;
}
</style>"""

db = ui.database()
today = ui.today()
definition = oswestry.psfs_definition()
scale = definition.scale
responses = [saved.value for saved in store.psfs_responses(db)]

st.title(definition.title)
st.caption("Patient-Specific Functional Scale (PSFS)")


def _name_key(activity: str) -> str:
    """A short fixed key for an activity's name: a renamed activity starts unrated."""
    return hashlib.sha256(rts.activity_key(activity).encode()).hexdigest()[:10]


def _show_summary() -> None:
    """The latest score, its change since the first rating and each activity's own change."""
    result = psfs_view.summary(responses)
    if result is None:
        return
    st.metric(
        f"Your score ({scale.lowest} is unable, {scale.highest} as before your injury)",
        f"{psfs_view.score_text(result.score)} of {scale.highest}",
    )
    if result.score is None:
        st.caption("No activity was rated that day, so it has no score.")
    if result.is_first:
        st.write(
            "This is your first rating: it is your starting point. Next time you will see how "
            "each activity has changed."
        )
    elif result.change is not None:
        st.write(psfs_view.change_sentence(result.change, result.baseline_day, today=today))
    else:
        st.write("None of today's activities was rated before, so there is nothing to compare yet.")
    if result.activities:
        st.markdown("**Each activity**")
        st.text(
            "\n".join(
                f"{change.activity}: {psfs_view.activity_line(change, today=today)}"
                for change in result.activities
            )
        )
    st.caption(
        "A change of 2 points in the score, or 3 points for a single activity, is the size that "
        "clinicians treat as a real change. A new activity starts from its own first rating."
    )


# ---------------------------------------------------------------------------------------------
# Just saved: the score and how it has changed.

if st.session_state.get(SAVED_KEY):
    # The page keeps its scroll position, so the score is also told where the eye already is.
    if st.session_state.pop("psfs_toast", False):
        latest = psfs_view.summary(responses)
        st.toast(
            f"Saved: score {psfs_view.score_text(latest.score)} of {scale.highest}.",
            icon=":material/check_circle:",
        )
    with st.container(border=True):
        st.success("Saved. Thank you for rating your activities.", icon=":material/check_circle:")
        _show_summary()
    if st.button("Done", type="primary", width="stretch", icon=":material/check:"):
        st.session_state.pop(SAVED_KEY, None)
        st.rerun()
    st.page_link("pages/home.py", label="Back to Home", icon=":material/home:")
    ui.standing_note()
    st.stop()


# ---------------------------------------------------------------------------------------------
# The activities: named once, kept the same from one rating to the next.

profile = store.injury_profile(db)
return_activity = profile.profile.return_activity if profile is not None else ""
current = psfs_view.starting_activities(responses, return_activity)
token = ui.form_token("psfs")
changing = not responses or st.session_state.get(CHANGING_KEY, False)

if changing:
    st.markdown(ui.plain(definition.instructions))
    if not responses and return_activity:
        st.caption("The first is the activity you want to get back to, from My injury.")
    typed = []
    for index in range(rts.PSFS_MAX_ACTIVITIES):
        needed = index < rts.PSFS_MIN_ACTIVITIES
        typed.append(
            st.text_input(
                f"Activity {index + 1}" + ("" if needed else " (optional)"),
                value=current[index] if index < len(current) else "",
                max_chars=rts.PSFS_ACTIVITY_MAX_CHARS,
                placeholder="For example: running for a bus" if index == 0 else "",
                key=f"psfs_name_{index}_{token}",
            )
        )
    activities = psfs_view.named_activities(typed)
    if responses:
        st.caption(
            "Keep the ones you still find hard, so they compare with last time. A new activity "
            "starts from its own first rating."
        )
else:
    activities = current
    st.caption("Rate the same activities as last time, so you can see them change.")

if len(activities) < rts.PSFS_MIN_ACTIVITIES:
    st.info(
        f"Name at least {rts.PSFS_MIN_ACTIVITIES} activities above, then rate each one.",
        icon=":material/edit:",
    )
else:
    # -----------------------------------------------------------------------------------------
    # Rating each activity: one tap each.
    st.subheader(definition.prompt)
    st.caption(f"{scale.lowest} = {scale.lowest_words} · {scale.highest} = {scale.highest_words}")
    st.html(BIG_RATINGS)
    ratings: list[int | None] = []
    for index, activity in enumerate(activities):
        ratings.append(
            st.segmented_control(
                ui.plain(activity),
                options=list(scale.points),
                key=f"psfs_rate_{index}_{_name_key(activity)}_{token}",
            )
        )
    day = st.date_input(
        "Date", value=today, max_value=today, format="DD/MM/YYYY", key=f"psfs_day_{token}"
    )
    rated = [r for r in ratings if r is not None]
    if rated:
        score = oswestry.score_answers(definition, ratings)
        st.markdown(f"**Score: {psfs_view.score_text(score)} of {scale.highest}**")
    if st.button(
        "Save ratings",
        type="primary",
        icon=":material/check:",
        width="stretch",
        key=f"psfs_save_{token}",
    ):
        if not rated:
            st.info(
                "Tap a number for at least one activity, then save.", icon=":material/touch_app:"
            )
        else:
            with ui.saving() as outcome:
                store.add_psfs_response(
                    db, rts.PsfsResponse(day, activities, tuple(ratings)), today=today
                )
            if outcome.ok:
                ui.renew_form_token("psfs")
                st.session_state.pop(CHANGING_KEY, None)
                st.session_state[SAVED_KEY] = True
                st.session_state["psfs_toast"] = True
                st.rerun()

if (
    responses
    and not changing
    and st.button(
        "Change my activities", icon=":material/edit:", width="stretch", key="psfs_change"
    )
):
    st.session_state[CHANGING_KEY] = True
    st.rerun()
if (
    responses
    and changing
    and st.button(
        "Keep my activities as they were", icon=":material/close:", width="stretch", key="psfs_keep"
    )
):
    st.session_state.pop(CHANGING_KEY, None)
    st.rerun()


# ---------------------------------------------------------------------------------------------
# Where things stand, and past ratings.

if responses:
    st.divider()
    st.header("How you are doing")
    _show_summary()
    st.header("Past ratings")
    for saved in reversed(store.psfs_responses(db)[-PAST_SHOWN:]):
        response = saved.value
        with st.container(border=True):
            st.markdown(
                f"**{response.day:%a %d %b %Y}** · score "
                f"{psfs_view.score_text(oswestry.score_answers(definition, response.ratings))}"
            )
            st.text(
                "\n".join(
                    f"{name}: {'not rated' if rating is None else f'{rating} of 10'}"
                    for name, rating in zip(response.activities, response.ratings, strict=True)
                )
            )
            confirm_key = f"psfs_confirm_delete_{saved.id}"
            if st.button(
                "Delete", key=f"psfs_delete_{saved.id}", icon=":material/delete:", width="stretch"
            ):
                st.session_state[confirm_key] = True
            if st.session_state.get(confirm_key):
                ui.ask_before_deleting(
                    "rating",
                    asked=confirm_key,
                    buttons=f"psfs_delete_{saved.id}",
                    delete=partial(store.delete_psfs_response, db, saved.id),
                )

ui.standing_note()
