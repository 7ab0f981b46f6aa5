"""The catalogue carries every exercise of domain §1 with its facts, cues and a drawing."""

import xml.etree.ElementTree as ET

import pytest

from hamtrack.catalogue import EXERCISES, exercise_name, exercises_for_phase
from hamtrack.exercise_guide import illustration_svg
from hamtrack.models import Phase

A, E, F, R = Phase.ACUTE, Phase.EARLY_REHAB, Phase.FUNCTIONAL, Phase.RETURN_TO_SPORT

# docs/rules.md §1: slug, kind, phases, gentle in, per leg, default dose (sets, reps, hold seconds).
SECTION_1 = [
    ("lying-hamstring-stretch", "stretch", (A, E, F, R), (A,), True, (3, None, 30)),
    ("wall-stretch", "stretch", (A, E, F, R), (A,), False, (2, None, 30)),
    ("sitting-heel-dig", "isometric", (A,), (), True, (8, None, 7)),
    ("prone-hamstring-curl", "strength", (A, E), (), True, (2, 10, None)),
    ("straight-leg-raise", "strength", (E,), (), True, (2, 10, None)),
    ("standing-hip-extension", "strength", (E, F), (), True, (2, 12, None)),
    ("bridge", "strength", (F,), (), False, (3, 10, None)),
    ("nordic-hamstring", "eccentric", (R,), (), False, (2, 5, None)),
]

# The range the article and §1 give, checked against the default dose.
DOSE_RANGES = {
    "lying-hamstring-stretch": ("hold_s", 15, 30),
    "wall-stretch": ("hold_s", 30, 60),
    "sitting-heel-dig": ("hold_s", 5, 10),
    "prone-hamstring-curl": ("reps", 10, 10),
    "straight-leg-raise": ("reps", 10, 10),
    "standing-hip-extension": ("reps", 10, 15),
    "bridge": ("reps", 10, 10),
    "nordic-hamstring": ("reps", 5, 5),
}


def test_the_catalogue_holds_exactly_the_exercises_of_section_1_in_order():
    assert list(EXERCISES) == [row[0] for row in SECTION_1]


@pytest.mark.parametrize(("slug", "kind", "phases", "gentle", "per_leg", "dose"), SECTION_1)
def test_each_exercise_has_the_kind_phases_and_default_dose_of_section_1(
    slug, kind, phases, gentle, per_leg, dose
):
    exercise = EXERCISES[slug]
    assert exercise.kind == kind
    assert exercise.phases == phases
    assert exercise.gentle_in == gentle
    assert exercise.per_leg is per_leg
    assert (exercise.dose_sets, exercise.dose_reps, exercise.dose_hold_s) == dose


@pytest.mark.parametrize("slug", list(DOSE_RANGES))
def test_each_default_dose_lies_in_the_published_range(slug):
    field, low, high = DOSE_RANGES[slug]
    assert low <= getattr(EXERCISES[slug], f"dose_{field}") <= high


@pytest.mark.parametrize("slug", [row[0] for row in SECTION_1])
def test_each_exercise_says_how_to_do_it_and_when_to_stop(slug):
    exercise = EXERCISES[slug]
    for text in (
        exercise.purpose,
        exercise.setup,
        exercise.movement,
        exercise.feel,
        exercise.stop,
    ):
        assert len(text) >= 20
        assert text == text.strip()
    assert exercise.dose_text


@pytest.mark.parametrize("slug", [row[0] for row in SECTION_1])
def test_each_exercise_has_a_drawing_with_a_floor_and_a_title(slug):
    svg = ET.fromstring(illustration_svg(slug))
    ns = "{http://www.w3.org/2000/svg}"
    assert svg.tag == f"{ns}svg"
    assert svg.get("viewBox") == "0 0 320 220"
    assert svg.find(f"{ns}title").text.startswith(EXERCISES[slug].name)
    assert svg.findall(f"{ns}line"), "a floor line"
    assert svg.findall(f"{ns}circle"), "a head"


def test_an_unknown_exercise_has_no_drawing():
    with pytest.raises(KeyError):
        illustration_svg("../db")


@pytest.mark.parametrize(
    ("phase", "slugs"),
    [
        (A, ["lying-hamstring-stretch", "wall-stretch", "sitting-heel-dig",
             "prone-hamstring-curl"]),
        (E, ["lying-hamstring-stretch", "wall-stretch", "prone-hamstring-curl",
             "straight-leg-raise", "standing-hip-extension"]),
        (F, ["lying-hamstring-stretch", "wall-stretch", "standing-hip-extension", "bridge"]),
        (R, ["lying-hamstring-stretch", "wall-stretch", "nordic-hamstring"]),
    ],
)  # fmt: skip
def test_a_phase_holds_the_exercises_whose_phases_include_it(phase, slugs):
    assert [e.slug for e in exercises_for_phase(phase)] == slugs


def test_an_exercise_no_longer_in_the_catalogue_keeps_its_slug_as_name():
    assert exercise_name("bridge") == "Glute bridge"
    assert exercise_name("retired-exercise") == "retired-exercise"
