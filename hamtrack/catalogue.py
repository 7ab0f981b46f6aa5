"""The exercise catalogue: what each exercise is, when it fits, and how to do it."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib import resources
from types import MappingProxyType

from hamtrack.enums import Phase


@dataclass(frozen=True, slots=True)
class Exercise:
    """One exercise of the catalogue, with its default dose and cues."""

    slug: str
    name: str
    kind: str
    purpose: str
    phases: tuple[Phase, ...]
    gentle_in: tuple[Phase, ...]
    dose_text: str
    per_leg: bool
    setup: str
    movement: str
    feel: str
    stop: str
    dose_sets: int | None = None
    dose_reps: int | None = None
    dose_hold_s: int | None = None

    @property
    def is_hold(self) -> bool:
        """Stretches and isometrics are dosed in seconds held, the rest in repetitions."""
        return self.dose_hold_s is not None


def _load() -> MappingProxyType[str, Exercise]:
    text = resources.files("hamtrack").joinpath("data/exercises.toml").read_text("utf-8")
    exercises = {}
    for raw in tomllib.loads(text)["exercise"]:
        raw = dict(raw)
        raw["phases"] = tuple(Phase(p) for p in raw["phases"])
        raw["gentle_in"] = tuple(Phase(p) for p in raw["gentle_in"])
        exercise = Exercise(**raw)
        exercises[exercise.slug] = exercise
    return MappingProxyType(exercises)


EXERCISES: MappingProxyType[str, Exercise] = _load()


def exercises_for_phase(phase: Phase) -> tuple[Exercise, ...]:
    """The exercises whose phases include `phase`, in catalogue order."""
    return tuple(e for e in EXERCISES.values() if phase in e.phases)


def exercise_name(slug: str) -> str:
    """The display name of an exercise, or the slug itself for one no longer in the catalogue."""
    exercise = EXERCISES.get(slug)
    return exercise.name if exercise else slug
