"""The exercise library as a person reads it."""

from hamtrack import exercise_guide as prog
from hamtrack.catalogue import EXERCISES


def test_the_summary_table_lists_every_exercise_with_purpose_and_phases():
    rows = prog.summary_table()
    assert [r.slug for r in rows] == list(EXERCISES)
    stretch = rows[0]
    assert stretch.phases == "All phases (gently in the acute phase)"
    assert next(r for r in rows if r.slug == "standing-hip-extension").phases == (
        "Early rehab, functional retraining"
    )
