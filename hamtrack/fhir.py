"""The FHIR R4 export: a person's records for a period as one Bundle a clinic's system can read.

One Bundle of type `collection` holds a Patient (anonymous unless the person types a name or a
reference), each check-in's pain per region, the back questionnaire's definition with every
response and its score, every exercise session with each exercise's dose and pain, every
warning sign ticked, the tests on both legs, the runs of the running progression, each rating of
the activities the person finds hard (PSFS), and the injury profile as a Condition when one is
set. Notes are never exported: they are the person's own
words, and the clinician summary shows them only when the person asks.

Decisions a clinic's integration engineer will want to know (hamtrack/data/data-dictionary.md,
"FHIR"):

- **Stable ids.** Every resource's id is a UUID derived from the database it came from and the
  record's row id, so exporting the same data twice gives identical bytes, and an edited entry
  keeps its id: the receiving system replaces the earlier version instead of adding a second.
  Every `fullUrl` is `urn:uuid:<id>`, and every Reference points at a `fullUrl` in the Bundle.
- **Status.** HamTrack lets a person edit any entry at any time, so nothing is frozen for good;
  an entry is `final` once its day is over (the person has moved on from it) and `preliminary`
  on the day itself, while it is still being filled in (a second check-in, another exercise).
  Questionnaire responses are `completed`, with the same rule carried by their score.
- **Time zone.** A check-in's time is kept as the local time of the machine it was logged on,
  without a zone; the export gives it the offset of the machine's local zone on that date
  (summer time included), which is the zone the person logged in. Sessions and questionnaires
  are kept by day only, so their `effectiveDateTime` is a date, which needs no zone.
- **Demo data** carries HL7's "test health data" security label on every resource.
- **Stiffness** has no code that means "stiffness on a 0–10 scale as the person rates it"
  without inventing one, so it is left out; the CSV export carries it.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import groupby
from operator import attrgetter
from typing import Any

import pandas as pd
from sqlite_utils import Database

from hamtrack import db as store
from hamtrack import oswestry
from hamtrack.catalogue import exercise_name
from hamtrack.injury import INJURED_LABELS, InjuryCause, InjuryProfile
from hamtrack.models import BAND_LEVELS, Region, Side, ValidationError
from hamtrack.naming import period_of
from hamtrack.return_to_sport import (
    PSFS_RATING_MAX,
    PSFS_RATING_MIN,
    RUNNING_STEPS,
    Leg,
    Measure,
    MeasureKind,
    PsfsResponse,
    RunningEntry,
)
from hamtrack.safety import RED_FLAGS_BY_KEY

FHIR_VERSION = "4.0.1"

CANONICAL_BASE = "https://hamtrack.invalid/fhir"
"""HamTrack runs on the person's own machine and publishes nothing, so its canonical URLs are
names, not addresses: the reserved `.invalid` domain (RFC 2606) can never belong to anyone else.
A clinic that hosts these definitions changes this one constant."""

NAME_MAX_CHARS = 200
"""The optional name or reference typed at export time: long enough for a name and a number."""

LOINC = "http://loinc.org"
SNOMED = "http://snomed.info/sct"
UCUM = "http://unitsofmeasure.org"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
PA_TEMPORARY_CODES = "http://hl7.org/fhir/us/physical-activity/CodeSystem/pa-temporary-codes"
LATERALITY_EXTENSION = "http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-laterality-qualifier"
ORDINAL_VALUE_EXTENSION = "http://hl7.org/fhir/StructureDefinition/ordinalValue"

HAMTRACK_CODES = f"{CANONICAL_BASE}/CodeSystem/hamtrack"
EXERCISE_CODES = f"{CANONICAL_BASE}/CodeSystem/exercise"
WARNING_SIGN_CODES = f"{CANONICAL_BASE}/CodeSystem/warning-sign"
BAND_LEVEL_CODES = f"{CANONICAL_BASE}/CodeSystem/band-level"
SCORE_BAND_CODES = f"{CANONICAL_BASE}/CodeSystem/questionnaire-band"
RUNNING_STEP_CODES = f"{CANONICAL_BASE}/CodeSystem/running-step"
CONDITION_CLINICAL = "http://terminology.hl7.org/CodeSystem/condition-clinical"
CONDITION_VERIFICATION = "http://terminology.hl7.org/CodeSystem/condition-ver-status"
CONDITION_CATEGORY = "http://terminology.hl7.org/CodeSystem/condition-category"
DATA_ABSENT_REASON = "http://terminology.hl7.org/CodeSystem/data-absent-reason"


@dataclass(frozen=True, slots=True)
class Code:
    """One code of a code system, with the display text the system gives it."""

    system: str
    code: str
    display: str

    def coding(self) -> dict[str, str]:
        return {"system": self.system, "code": self.code, "display": self.display}

    def concept(self, text: str | None = None) -> dict[str, Any]:
        concept: dict[str, Any] = {"coding": [self.coding()]}
        if text is not None:
            concept["text"] = text
        return concept


# The pain score, on the 0–10 scale HamTrack asks for (docs/rules.md §2).
PAIN_SEVERITY = Code(
    LOINC, "72514-3", "Pain severity - 0-10 verbal numeric rating [Score] - Reported"
)

# Categories. Pain, questionnaire and warning signs are what the person reports (`survey`);
# exercise follows the HL7 Physical Activity IG: category `activity` plus the IG's own
# `PhysicalActivity` (pa-temporary-codes, IG 1.0.0, STU 1), the session a `PAPanel` whose members
# are the exercises, each coded LOINC 73985-4 "Exercise activity" as the IG's activity measures
# are. The IG's profiles derive from US Core and need identifiers HamTrack never holds, so the
# export follows their conventions without claiming them in `meta.profile`.
SURVEY = Code(OBSERVATION_CATEGORY, "survey", "Survey")
EXAM = Code(OBSERVATION_CATEGORY, "exam", "Exam")
ACTIVITY = Code(OBSERVATION_CATEGORY, "activity", "Activity")
PHYSICAL_ACTIVITY = Code(PA_TEMPORARY_CODES, "PhysicalActivity", "Physical Activity")
ACTIVITY_PANEL = Code(PA_TEMPORARY_CODES, "PAPanel", "Physical Activity Panel")
EXERCISE_ACTIVITY = Code(LOINC, "73985-4", "Exercise activity")

# Demo data is marked on every resource as HL7's "test health data" (v3 ActReason, the
# "Testing" value set), so a clinic's system never takes generated records for a person's.
TEST_DATA = Code("http://terminology.hl7.org/CodeSystem/v3-ActReason", "HTEST", "test health data")

# HamTrack's own codes, for what no shared code system names.
SCORE = Code(
    HAMTRACK_CODES,
    "back-questionnaire-score",
    "Back questionnaire score, 0-100 (Oswestry-style scoring, HamTrack wording)",
)
SCORE_BAND = Code(HAMTRACK_CODES, "back-questionnaire-band", "Back questionnaire score band")
SECTIONS_ANSWERED = Code(HAMTRACK_CODES, "sections-answered", "Sections answered")
SETS = Code(HAMTRACK_CODES, "sets", "Sets")
REPS = Code(HAMTRACK_CODES, "reps", "Repetitions per set")
HOLD = Code(HAMTRACK_CODES, "hold", "Hold per repetition")
BAND_LEVEL = Code(HAMTRACK_CODES, "band-level", "Resistance band level")
SIDE = Code(HAMTRACK_CODES, "side", "Leg exercised")
WARNING_SIGN_TICKED = Code(HAMTRACK_CODES, "warning-sign", "Warning sign ticked at a check-in")
EFFORT = Code(HAMTRACK_CODES, "effort", "Effort reached, % of the person's own full speed")
# The Patient-Specific Functional Scale (docs/rules.md §9): the activities are the person's own,
# so each is named in the component's `text`, under one code for "an activity's rating".
PSFS_SCORE = Code(
    HAMTRACK_CODES,
    "psfs-score",
    "Patient-Specific Functional Scale score: mean of the activities rated, 0-10",
)
PSFS_ACTIVITY = Code(
    HAMTRACK_CODES,
    "psfs-activity",
    "Patient-Specific Functional Scale rating of one activity the person named, 0-10",
)
# An activity named but left unrated: the person was asked and gave no rating.
NOT_RATED = Code(DATA_ABSENT_REASON, "asked-unknown", "Asked But Unknown")
PSFS_SCORE_UNIT = ("{score}", "{score}")

# The tests on both legs (docs/rules.md §9). No LOINC or SNOMED CT code at hand names these
# tests as a physiotherapist runs them (the knee-extension deficit in degrees, the single-leg
# bridge to fatigue, hand-held dynamometer knee-flexion strength), so they carry HamTrack's own
# codes rather than a shared code that means something close but not the same.
MEASURE_CODES: dict[MeasureKind, Code] = {
    MeasureKind.KNEE_EXTENSION: Code(
        HAMTRACK_CODES, "active-knee-extension-deficit", "Active knee extension deficit"
    ),
    MeasureKind.STRAIGHT_LEG_RAISE: Code(
        HAMTRACK_CODES, "active-straight-leg-raise", "Active straight-leg raise angle"
    ),
    MeasureKind.BRIDGE: Code(
        HAMTRACK_CODES, "single-leg-bridge-repetitions", "Single-leg bridge repetitions to fatigue"
    ),
    MeasureKind.STRENGTH: Code(
        HAMTRACK_CODES,
        "knee-flexion-strength",
        "Isometric knee-flexion strength, hand-held dynamometer",
    ),
}
HAMSTRING_INJURY = Code(
    HAMTRACK_CODES, "hamstring-injury", "Hamstring injury, as the person reports it"
)

# UCUM units of the tests' values, as (unit shown, UCUM code): degrees, a count of repetitions,
# and the dynamometer's reading. A dynamometer that reads "kg" measures force, so its UCUM code
# is `kgf` (kilogram-force), which a receiving system can convert to newtons; `kg` is a mass.
DEGREES = ("°", "deg")
REPETITIONS = ("repetitions", "{#}")
STRENGTH_UNITS = {"kg": ("kg", "kgf"), "N": ("N", "N")}

# Laterality qualifiers, from HL7's "Body Structure Laterality" value set
# (http://hl7.org/fhir/ValueSet/bodystructure-laterality, SNOMED CT International edition,
# expansion of 1 Feb 2025), carried on `bodySite` with the HL7 mCODE IG's LateralityQualifier
# extension (its context includes Observation.bodySite), because an R4 CodeableConcept has no
# element of its own for laterality.
LEFT = Code(SNOMED, "7771000", "Left")
RIGHT = Code(SNOMED, "24028007", "Right")
BOTH_SIDES = Code(SNOMED, "51440002", "Right and left")

# Body structures. Low back: 1141985005 "Structure of lumbar vertebral column region", as listed
# in IHE PCC's mobile Paramedicine Summary of Care value set for back and spine sites (SNOMED CT
# International). Hamstrings: 88225001 "Structure of hamstring muscle" is the code in common use,
# but no published value set at hand confirmed it; check it on a terminology server before
# relying on it (bodySite.text always says the region in words).
HAMSTRING = Code(SNOMED, "88225001", "Structure of hamstring muscle")
LUMBAR_REGION = Code(SNOMED, "1141985005", "Structure of lumbar vertebral column region")


@dataclass(frozen=True, slots=True)
class BodySite:
    """Where a region's pain is: a body structure and, for a leg, its side."""

    structure: Code
    laterality: Code | None
    text: str

    def concept(self) -> dict[str, Any]:
        concept = self.structure.concept(self.text)
        if self.laterality is not None:
            concept["extension"] = [
                {"url": LATERALITY_EXTENSION, "valueCodeableConcept": self.laterality.concept()}
            ]
        return concept


BODY_SITES: dict[Region, BodySite] = {
    Region.LEFT_HAMSTRING: BodySite(HAMSTRING, LEFT, Region.LEFT_HAMSTRING.label),
    Region.RIGHT_HAMSTRING: BodySite(HAMSTRING, RIGHT, Region.RIGHT_HAMSTRING.label),
    Region.LOW_BACK: BodySite(LUMBAR_REGION, None, Region.LOW_BACK.label),
}

SIDES: dict[Side, Code] = {Side.LEFT: LEFT, Side.RIGHT: RIGHT, Side.BOTH: BOTH_SIDES}
LEG_SITES: dict[Leg, BodySite] = {
    Leg.LEFT: BODY_SITES[Region.LEFT_HAMSTRING],
    Leg.RIGHT: BODY_SITES[Region.RIGHT_HAMSTRING],
}
"""Where a test on one leg is taken: that leg's hamstring, sided as the pain Observations are."""


# ---------------------------------------------------------------------------------------------
# Ids, statuses and times.


def _namespace(db: Database) -> uuid.UUID:
    # The database's creation moment tells one person's database from another's, so two people's
    # "check-in 1" never share an id; a backup restored keeps it, and so keeps every id.
    return uuid.uuid5(
        uuid.NAMESPACE_URL, f"{CANONICAL_BASE}/database/{store.get_profile(db).created_at}"
    )


def _uuid(namespace: uuid.UUID, *parts: object) -> str:
    return str(uuid.uuid5(namespace, "/".join(str(p) for p in parts)))


def _ref(resource_id: str) -> dict[str, str]:
    return {"reference": f"urn:uuid:{resource_id}"}


def status_for(day: dt.date, today: dt.date) -> str:
    """`final` for an entry whose day is over, `preliminary` for one of today (see the module)."""
    return "final" if day < today else "preliminary"


def local_moment(day: dt.date, time: dt.time, tz: dt.tzinfo | None = None) -> str:
    """A check-in's moment with its offset: in `tz`, or the machine's local zone on that date."""
    naive = dt.datetime.combine(day, time)
    moment = naive.replace(tzinfo=tz) if tz is not None else naive.astimezone()
    return moment.isoformat(timespec="seconds")


def clean_name(text: str | None) -> str | None:
    """The optional name or reference, trimmed; None when nothing was typed."""
    if text is None:
        return None
    text = " ".join(text.split())
    if not text:
        return None
    if len(text) > NAME_MAX_CHARS:
        raise ValidationError(
            [f"The name or reference is {len(text)} characters; keep it under {NAME_MAX_CHARS}."]
        )
    # Control characters and lone surrogates cannot be written as FHIR strings (UTF-8 text).
    if any(unicodedata.category(c) in ("Cc", "Cs") for c in text):
        raise ValidationError(["The name or reference holds characters that cannot be written."])
    return text


def _inside(day: dt.date, since: dt.date | None, until: dt.date | None) -> bool:
    return (since is None or day >= since) and (until is None or day <= until)


def check_period(since: dt.date | None, until: dt.date | None) -> None:
    """Refuse a period that ends before it starts."""
    if since is not None and until is not None and until < since:
        raise ValidationError(
            [f"The period ends ({until.isoformat()}) before it starts ({since.isoformat()})."]
        )


# ---------------------------------------------------------------------------------------------
# Resources.


def _observation(
    resource_id: str,
    patient_id: str,
    *,
    status: str,
    categories: Iterable[Code],
    code: Code,
    effective: str,
) -> dict[str, Any]:
    return {
        "resourceType": "Observation",
        "id": resource_id,
        "status": status,
        "category": [c.concept() for c in categories],
        "code": code.concept(),
        "subject": _ref(patient_id),
        "effectiveDateTime": effective,
        "performer": [_ref(patient_id)],
    }


def patient(patient_id: str, name: str | None) -> dict[str, Any]:
    """The person: nothing that identifies them unless they typed a name or a reference.

    HamTrack cannot tell a name from a clinic's reference, so the text goes where a person reads
    it: `name.text`.
    """
    resource: dict[str, Any] = {"resourceType": "Patient", "id": patient_id}
    if name is not None:
        resource["name"] = [{"text": name}]
    return resource


def _pain_observations(
    frame: pd.DataFrame, ns: uuid.UUID, patient_id: str, today: dt.date, tz: dt.tzinfo | None
) -> Iterator[dict[str, Any]]:
    for row in frame.itertuples():
        day = row.day.date()
        effective = local_moment(day, dt.time.fromisoformat(row.time), tz)
        for region in Region:
            observation = _observation(
                _uuid(ns, "check-in", row.id, "pain", region.value),
                patient_id,
                status=status_for(day, today),
                categories=[SURVEY],
                code=PAIN_SEVERITY,
                effective=effective,
            )
            observation["valueInteger"] = int(getattr(row, f"pain_{region.value}"))
            observation["bodySite"] = BODY_SITES[region].concept()
            yield observation


def _warning_sign_observations(
    frame: pd.DataFrame, ns: uuid.UUID, patient_id: str, today: dt.date, tz: dt.tzinfo | None
) -> Iterator[dict[str, Any]]:
    """One Observation per warning sign ticked (docs/rules.md §8), dated like its check-in.

    A clinic wants these where it looks for findings, as Observations it can query by code; a
    Flag would claim a standing alert the clinic has not raised. A check-in with none ticked
    gives none: its pain Observations show that the checklist was there to tick.
    """
    for row in frame.itertuples():
        if not row.red_flags:
            continue
        day = row.day.date()
        for key in sorted(row.red_flags.split(",")):
            sign = RED_FLAGS_BY_KEY.get(key)
            display = sign.question if sign else key
            observation = _observation(
                _uuid(ns, "check-in", row.id, "warning-sign", key),
                patient_id,
                status=status_for(day, today),
                categories=[SURVEY],
                code=WARNING_SIGN_TICKED,
                effective=local_moment(day, dt.time.fromisoformat(row.time), tz),
            )
            observation["valueCodeableConcept"] = Code(WARNING_SIGN_CODES, key, display).concept()
            yield observation


def _exercise_components(row: Any) -> list[dict[str, Any]]:
    components: list[dict[str, Any]] = []
    if not pd.isna(row.sets):
        components.append({"code": SETS.concept(), "valueInteger": int(row.sets)})
    if not pd.isna(row.reps):
        components.append({"code": REPS.concept(), "valueInteger": int(row.reps)})
    if not pd.isna(row.hold_s):
        components.append(
            {
                "code": HOLD.concept(),
                "valueQuantity": {
                    "value": int(row.hold_s),
                    "unit": "s",
                    "system": UCUM,
                    "code": "s",
                },
            }
        )
    band = int(row.band_level)
    components.append(
        {
            "code": BAND_LEVEL.concept(),
            "valueCodeableConcept": Code(BAND_LEVEL_CODES, str(band), BAND_LEVELS[band]).concept(),
        }
    )
    components.append(
        {"code": SIDE.concept(), "valueCodeableConcept": SIDES[Side(row.side)].concept()}
    )
    components.append({"code": PAIN_SEVERITY.concept(), "valueInteger": int(row.pain_during)})
    return components


def _session_observations(
    frame: pd.DataFrame, ns: uuid.UUID, patient_id: str, today: dt.date
) -> Iterator[dict[str, Any]]:
    """Each session as a panel Observation whose members are its exercises (docs/rules.md §1).

    An exercise carries several numbers (sets, reps, hold, band, side, pain during) and a FHIR
    component holds one value, so each exercise is its own Observation with one component per
    number, and the session groups them with `hasMember`, as the Physical Activity IG groups the
    measures of one exercise occurrence.
    """
    for session_id, group in groupby(frame.itertuples(), key=attrgetter("session_id")):
        rows = list(group)
        day = rows[0].day.date()
        status = status_for(day, today)
        categories = [ACTIVITY, PHYSICAL_ACTIVITY]
        members = []
        for row in rows:
            observation = _observation(
                _uuid(ns, "session", session_id, "exercise", row.position),
                patient_id,
                status=status,
                categories=categories,
                code=EXERCISE_ACTIVITY,
                effective=day.isoformat(),
            )
            observation["valueCodeableConcept"] = Code(
                EXERCISE_CODES, row.exercise, exercise_name(row.exercise)
            ).concept()
            observation["component"] = _exercise_components(row)
            members.append(observation)
        panel = _observation(
            _uuid(ns, "session", session_id),
            patient_id,
            status=status,
            categories=categories,
            code=ACTIVITY_PANEL,
            effective=day.isoformat(),
        )
        panel["hasMember"] = [_ref(m["id"]) for m in members]
        yield panel
        yield from members


def _quantity(value: float, unit: tuple[str, str]) -> dict[str, Any]:
    shown, code = unit
    number: int | float = int(value) if float(value).is_integer() else float(value)
    return {"value": number, "unit": shown, "system": UCUM, "code": code}


def _measure_unit(measure: Measure) -> tuple[str, str]:
    if measure.kind is MeasureKind.STRENGTH:
        return STRENGTH_UNITS[str(measure.unit)]
    if measure.kind is MeasureKind.BRIDGE:
        return REPETITIONS
    return DEGREES


def _measure_observations(
    saved: Iterable[store.Saved[Measure]], ns: uuid.UUID, patient_id: str, today: dt.date
) -> Iterator[dict[str, Any]]:
    """One Observation per test and leg (docs/rules.md §9): the result in its UCUM unit, the
    leg as the body site with its side, and the pain during the test as a component.

    Category `exam`: these are the physical tests a physiotherapist repeats on both legs, even
    when the person takes them at home. Each trial is its own Observation, as each is its own row
    of measures.csv; the symmetry between the legs is derived and stays in the summary.
    """
    for row in saved:
        measure = row.value
        observation = _observation(
            _uuid(ns, "measure", row.id),
            patient_id,
            status=status_for(measure.day, today),
            categories=[EXAM],
            code=MEASURE_CODES[measure.kind],
            effective=measure.day.isoformat(),
        )
        observation["valueQuantity"] = _quantity(measure.value, _measure_unit(measure))
        observation["bodySite"] = LEG_SITES[measure.leg].concept()
        if measure.pain is not None:
            observation["component"] = [
                {"code": PAIN_SEVERITY.concept(), "valueInteger": measure.pain}
            ]
        yield observation


def _running_observations(
    saved: Iterable[store.Saved[RunningEntry]], ns: uuid.UUID, patient_id: str, today: dt.date
) -> Iterator[dict[str, Any]]:
    """Each run of the running progression as an exercise Observation, as sessions' exercises
    are (Physical Activity IG conventions): the step as the value, the effort reached in UCUM
    `%` and the pain during the run as components. The person's note on the run stays out."""
    for row in saved:
        run = row.value
        observation = _observation(
            _uuid(ns, "run", row.id),
            patient_id,
            status=status_for(run.day, today),
            categories=[ACTIVITY, PHYSICAL_ACTIVITY],
            code=EXERCISE_ACTIVITY,
            effective=run.day.isoformat(),
        )
        observation["valueCodeableConcept"] = Code(
            RUNNING_STEP_CODES, run.step, RUNNING_STEPS[run.step].name
        ).concept()
        observation["component"] = [
            {"code": EFFORT.concept(), "valueQuantity": _quantity(run.effort, ("%", "%"))},
            {"code": PAIN_SEVERITY.concept(), "valueInteger": run.pain},
        ]
        yield observation


def _psfs_observations(
    saved: Iterable[store.Saved[PsfsResponse]], ns: uuid.UUID, patient_id: str, today: dt.date
) -> Iterator[dict[str, Any]]:
    """Each PSFS rating (docs/rules.md §9) as one `survey` Observation: the score (the mean of
    the activities rated, to two decimals) as the value, and one component per activity, the
    activity as the person named it in `text` with its rating 0–10, or `dataAbsentReason` when
    it was left unrated. The change since the first rating is derived and stays in the summary.
    """
    for row in saved:
        response = row.value
        observation = _observation(
            _uuid(ns, "psfs", row.id),
            patient_id,
            status=status_for(response.day, today),
            categories=[SURVEY],
            code=PSFS_SCORE,
            effective=response.day.isoformat(),
        )
        score = response.score
        if score is None:
            observation["dataAbsentReason"] = NOT_RATED.concept()
        else:
            observation["valueQuantity"] = _quantity(round(float(score), 2), PSFS_SCORE_UNIT)
        components = []
        for activity, rating in zip(response.activities, response.ratings, strict=True):
            component: dict[str, Any] = {"code": PSFS_ACTIVITY.concept(" ".join(activity.split()))}
            if rating is None:
                component["dataAbsentReason"] = NOT_RATED.concept()
            else:
                component["valueInteger"] = rating
            components.append(component)
        observation["component"] = components
        yield observation


def injury_condition(profile: InjuryProfile, ns: uuid.UUID, patient_id: str) -> dict[str, Any]:
    """The injury profile (docs/rules.md §9) as a Condition, as the person reports it.

    A Condition, not an Observation: the injury is the problem the whole record is about, and a
    clinic's system lists it with the person's problems. Its verification status is
    `unconfirmed`, because HamTrack holds what the person typed, not a clinician's finding; the
    diagnosis is kept word for word in `note` rather than mapped to a code. Its id is the same
    for every version of the profile, so a corrected profile replaces the earlier one.
    """
    side = Side(profile.injured_side)
    how = InjuryCause(profile.how)
    notes = []
    if profile.diagnosis:
        notes.append({"text": f"Diagnosis as the person was told it: {profile.diagnosis}"})
    notes.append({"text": f"How it happened, as the person tells it: {how.summary}."})
    if profile.return_activity:
        notes.append({"text": f"Wants to get back to: {profile.return_activity}"})
    return {
        "resourceType": "Condition",
        "id": _uuid(ns, "injury-profile"),
        "clinicalStatus": Code(CONDITION_CLINICAL, "active", "Active").concept(),
        "verificationStatus": Code(CONDITION_VERIFICATION, "unconfirmed", "Unconfirmed").concept(),
        "category": [Code(CONDITION_CATEGORY, "problem-list-item", "Problem List Item").concept()],
        "code": HAMSTRING_INJURY.concept(f"{INJURED_LABELS[side]} injury"),
        "bodySite": [BodySite(HAMSTRING, SIDES[side], INJURED_LABELS[side]).concept()],
        "subject": _ref(patient_id),
        "onsetDateTime": profile.injury_day.isoformat(),
        "recorder": _ref(patient_id),
        "asserter": _ref(patient_id),
        "note": notes,
    }


def questionnaire_url(questionnaire_id: str) -> str:
    return f"{CANONICAL_BASE}/Questionnaire/{questionnaire_id}"


def _answer_code(questionnaire_id: str, section_id: str, answer: int, display: str) -> Code:
    # One code per statement, so a code never changes its meaning from one section to the next.
    return Code(f"{questionnaire_url(questionnaire_id)}/answers", f"{section_id}-{answer}", display)


def questionnaire(definition: oswestry.Definition) -> dict[str, Any]:
    """The questionnaire's definition, under HamTrack's own canonical URL and version.

    Never coded with the licensed ODI's LOINC panel: HamTrack's wording is its own, and that code
    names the licensed form. Each statement's score (0–5) is its `ordinalValue`.
    """
    name = "".join(part.capitalize() for part in re.split(r"[^A-Za-z0-9]+", definition.id))
    return {
        "resourceType": "Questionnaire",
        "id": str(
            uuid.uuid5(
                uuid.NAMESPACE_URL, f"{questionnaire_url(definition.id)}|{definition.version}"
            )
        ),
        "url": questionnaire_url(definition.id),
        "version": definition.version,
        "name": name if name[:1].isalpha() else f"Q{name}",
        "title": definition.title,
        "status": "active",
        "subjectType": ["Patient"],
        "description": definition.instructions or definition.title,
        "item": [
            {
                "linkId": section.id,
                "text": section.title,
                "type": "choice",
                "required": False,
                "answerOption": [
                    {
                        "valueCoding": {
                            **_answer_code(definition.id, section.id, score, statement).coding(),
                            "extension": [{"url": ORDINAL_VALUE_EXTENSION, "valueDecimal": score}],
                        }
                    }
                    for score, statement in enumerate(section.statements)
                ],
            }
            for section in definition.sections
        ],
    }


def earlier_questionnaire(
    questionnaire_id: str, version: str, section_ids: Iterable[str]
) -> dict[str, Any]:
    """A definition some stored responses used but HamTrack no longer holds the wording of.

    It keeps every response's `questionnaire` resolvable inside the Bundle: its url, version and
    sections, `retired`, with no statements (inventing them would misquote the form).
    """
    return {
        "resourceType": "Questionnaire",
        "id": str(
            uuid.uuid5(uuid.NAMESPACE_URL, f"{questionnaire_url(questionnaire_id)}|{version}")
        ),
        "url": questionnaire_url(questionnaire_id),
        "version": version,
        "status": "retired",
        "subjectType": ["Patient"],
        "description": "A questionnaire definition used earlier; its wording is not held here.",
        "item": [{"linkId": section, "type": "choice"} for section in section_ids],
    }


def _response_resources(
    saved: store.Saved,
    definition: oswestry.Definition,
    ns: uuid.UUID,
    patient_id: str,
    today: dt.date,
) -> list[dict[str, Any]]:
    response = saved.value
    ours = (response.questionnaire_id, response.questionnaire_version) == (
        definition.id,
        definition.version,
    )
    titles = {s.id: s for s in definition.sections} if ours else {}
    items = []
    for section_id, answer in zip(response.section_ids, response.answers, strict=True):
        if answer is None:
            continue  # a skipped section has no answer to give (docs/rules.md §6)
        section = titles.get(section_id)
        display = section.statements[answer] if section else f"{section_id}: {answer}"
        item: dict[str, Any] = {
            "linkId": section_id,
            "answer": [
                {
                    "valueCoding": _answer_code(
                        response.questionnaire_id, section_id, answer, display
                    ).coding()
                }
            ],
        }
        if section:
            item["text"] = section.title
        items.append(item)
    response_id = _uuid(ns, "questionnaire-response", saved.id)
    resource: dict[str, Any] = {
        "resourceType": "QuestionnaireResponse",
        "id": response_id,
        "questionnaire": (
            f"{questionnaire_url(response.questionnaire_id)}|{response.questionnaire_version}"
        ),
        "status": "completed",
        "subject": _ref(patient_id),
        "authored": response.day.isoformat(),
        "author": _ref(patient_id),
        "source": _ref(patient_id),
    }
    if items:
        resource["item"] = items
    resources = [resource]
    result = (
        oswestry.score(response.answers)
        if len(response.answers) == oswestry.SECTION_COUNT
        else None
    )
    if result is not None and result.scored:
        score = _observation(
            _uuid(ns, "questionnaire-response", saved.id, "score"),
            patient_id,
            status=status_for(response.day, today),
            categories=[SURVEY],
            code=SCORE,
            effective=response.day.isoformat(),
        )
        score["valueQuantity"] = {
            "value": oswestry.round_percent(result.percent, 2),
            "unit": "%",
            "system": UCUM,
            "code": "%",
        }
        score["derivedFrom"] = [_ref(response_id)]
        score["component"] = [
            {"code": SECTIONS_ANSWERED.concept(), "valueInteger": result.answered},
            {
                "code": SCORE_BAND.concept(),
                "valueCodeableConcept": Code(
                    SCORE_BAND_CODES, result.band, oswestry.BAND_LABELS[result.band]
                ).concept(),
            },
        ]
        resources.append(score)
    return resources


# ---------------------------------------------------------------------------------------------
# The Bundle.


def export_bundle(
    db: Database,
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
    name: str | None = None,
    today: dt.date | None = None,
    tz: dt.tzinfo | None = None,
    definition: oswestry.Definition | None = None,
) -> dict[str, Any]:
    """The person's records dated from `since` to `until` (both optional) as a FHIR R4 Bundle.

    `today` decides which entries are final (default: the machine's today); `tz` the offset of
    check-in times (default: the machine's local zone); `definition` the questionnaire (default:
    the one in use).
    """
    check_period(since, until)
    name = clean_name(name)
    today = today or dt.date.today()
    definition = definition or oswestry.default_definition()
    ns = _namespace(db)
    patient_id = _uuid(ns, "patient")
    resources: list[dict[str, Any]] = [patient(patient_id, name), questionnaire(definition)]

    check_ins = store.check_ins_frame(db, since=since, until=until)
    resources += _pain_observations(check_ins, ns, patient_id, today, tz)
    resources += _warning_sign_observations(check_ins, ns, patient_id, today, tz)
    exercises = store.session_exercises_frame(db, since=since, until=until)
    resources += _session_observations(exercises, ns, patient_id, today)
    resources += _measure_observations(
        (m for m in store.measures(db) if _inside(m.value.day, since, until)), ns, patient_id, today
    )
    resources += _running_observations(
        (r for r in store.running_entries(db) if _inside(r.value.day, since, until)),
        ns,
        patient_id,
        today,
    )
    resources += _psfs_observations(
        (r for r in store.psfs_responses(db) if _inside(r.value.day, since, until)),
        ns,
        patient_id,
        today,
    )
    injury = store.injury_profile(db)
    if injury is not None:
        # The profile is the context of every record, so it comes whatever the period, as the
        # CSV export's injury_profile.csv does.
        resources.append(injury_condition(injury.profile, ns, patient_id))
    responses = store.questionnaire_responses(db, since=since, until=until)
    earlier: dict[tuple[str, str], dict[str, None]] = {}
    for saved in responses:
        used = (saved.value.questionnaire_id, saved.value.questionnaire_version)
        if used != (definition.id, definition.version):
            earlier.setdefault(used, {}).update(dict.fromkeys(saved.value.section_ids))
    resources += [earlier_questionnaire(*used, sections) for used, sections in earlier.items()]
    for saved in responses:
        resources += _response_resources(saved, definition, ns, patient_id, today)

    demo = store.get_profile(db).is_demo
    if demo:
        resources = [_marked_as_test(resource) for resource in resources]
    period = f"{since or 'start'}/{until or 'now'}"
    bundle = {
        "resourceType": "Bundle",
        "id": _uuid(ns, "bundle", period, name or ""),
        "type": "collection",
        "entry": [
            {"fullUrl": f"urn:uuid:{resource['id']}", "resource": resource}
            for resource in resources
        ],
    }
    return _marked_as_test(bundle) if demo else bundle


def _marked_as_test(resource: dict[str, Any]) -> dict[str, Any]:
    """The resource with HL7's test-data label in `meta.security` (demo data)."""
    head = {"resourceType": resource["resourceType"], "id": resource["id"]}
    return {**head, "meta": {"security": [TEST_DATA.coding()]}, **resource}


def bundle_bytes(db: Database, **options: Any) -> bytes:
    """The Bundle as UTF-8 JSON, the same bytes for the same records (see `export_bundle`).

    Compact, as systems exchange FHIR: ten years of records are half the size and written in a
    quarter of the time of an indented file.
    """
    bundle = export_bundle(db, **options)
    return (json.dumps(bundle, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def bundle_name(
    since: dt.date | None,
    until: dt.date | None,
    *,
    today: dt.date,
    first_logged: dt.date | None = None,
) -> str:
    """A file name that says which days the Bundle covers, as the summary and the CSV export
    name them (hamtrack.naming)."""
    return period_of(since, until, today=today, first_logged=first_logged).file_name(
        "fhir", ".json"
    )


# ---------------------------------------------------------------------------------------------
# The data dictionary's FHIR section (the end of hamtrack/data/data-dictionary.md), from the
# codes above.


def _code_cell(code: Code) -> str:
    return f"`{code.code}` {code.display} ({code.system})"


def data_dictionary_section() -> str:
    """The FHIR export described for a clinic's integration engineer, as Markdown."""
    region_rows = [
        f"| {site.text} | {_code_cell(site.structure)} | "
        + (_code_cell(site.laterality) if site.laterality else "none (not sided)")
        + " |"
        for site in BODY_SITES.values()
    ]
    own_codes = (
        SCORE,
        SCORE_BAND,
        SECTIONS_ANSWERED,
        SETS,
        REPS,
        HOLD,
        BAND_LEVEL,
        SIDE,
        WARNING_SIGN_TICKED,
        EFFORT,
        PSFS_SCORE,
        PSFS_ACTIVITY,
        *MEASURE_CODES.values(),
        HAMSTRING_INJURY,
    )
    units = {
        "knee extension, straight-leg raise": DEGREES,
        "bridge": REPETITIONS,
        **{f"strength in {unit}": code for unit, code in STRENGTH_UNITS.items()},
    }
    lines = [
        "## FHIR R4 export",
        "",
        "`hamtrack fhir --db PATH --out FILE.json [--since DATE] [--until DATE] [--name TEXT]`, "
        "or “Records for a clinic's system” on the Share & backup page, writes one FHIR R4 "
        f"({FHIR_VERSION}) Bundle of type `collection` as UTF-8 JSON, holding the records dated "
        "inside the period (the same records as the CSV files of that period).",
        "",
        "- **Ids.** Every resource's id is a UUID derived from the database and the record, and "
        "its `fullUrl` is `urn:uuid:<id>`. Exporting the same records twice gives the same "
        "bytes; an edited entry keeps its id, so a receiving system replaces the earlier "
        "version. Every `reference` points at a `fullUrl` inside the Bundle.",
        "- **Status.** HamTrack lets a person edit any entry, so an Observation is `final` once "
        "its day is over and `preliminary` on the day itself. Questionnaire responses are "
        "`completed`.",
        "- **Time zone.** A check-in's `effectiveDateTime` carries the offset of the machine's "
        "local zone on that date (the zone the person logged in, summer time included). "
        "Sessions and questionnaires are kept by day, so theirs is a date.",
        "- **Patient.** No identifying data: only an id, plus `name.text` when the person typed "
        "a name or a clinic reference at export time (HamTrack cannot tell which).",
        f"- **Demo data.** Every resource from a demo database carries `meta.security` "
        f"`{TEST_DATA.code}` ({TEST_DATA.display}, {TEST_DATA.system}).",
        "- **Left out.** Notes (the person's own words, runs' notes included), and stiffness: "
        "no shared code means a self-rated 0–10 stiffness without inventing one (the CSV files "
        "carry it). Derived Trends (weekly adherence, flags, the symmetry between the legs, the "
        "return-to-sport checklist) are not records and stay in the CSV files and the summary.",
        "",
        "### Which record becomes which resource",
        "",
        "| record | resource | code | also |",
        "|---|---|---|---|",
        f"| a check-in, per region (three each) | Observation, category `survey` | "
        f"{_code_cell(PAIN_SEVERITY)} | `valueInteger` 0–10; `bodySite` below |",
        f"| a warning sign ticked at a check-in | Observation, category `survey` | "
        f"{_code_cell(WARNING_SIGN_TICKED)} | `valueCodeableConcept`: the sign's key "
        f"({WARNING_SIGN_CODES}, keys listed above); the check-in's moment |",
        f"| a session | Observation, categories `activity` and `PhysicalActivity` | "
        f"{_code_cell(ACTIVITY_PANEL)} | `hasMember`: its exercises, in order |",
        f"| an exercise done | Observation, categories `activity` and `PhysicalActivity` | "
        f"{_code_cell(EXERCISE_ACTIVITY)} | `valueCodeableConcept`: the exercise's key "
        f"({EXERCISE_CODES}, keys listed above); components: sets, reps, hold (UCUM `s`), "
        "band level, side, pain during (LOINC 72514-3) |",
        "| the questionnaire definition in use | Questionnaire | none: HamTrack's wording is "
        "its own, never the licensed ODI's LOINC panel | "
        f"`url` `{CANONICAL_BASE}/Questionnaire/<id>`, `version`; one `choice` item per "
        "section; "
        "each statement a Coding `<section>-<score>` with its `ordinalValue` 0–5 |",
        "| a definition earlier responses used, whose wording HamTrack no longer holds | "
        "Questionnaire, `retired` | none | `url`, `version` and the sections' `linkId`s only |",
        "| a questionnaire response | QuestionnaireResponse | — | `questionnaire` "
        "`<url>\\|<version>`; one item per answered section (a skipped section has none) |",
        f"| its score, when scored (8 or more sections answered) | Observation, category "
        f"`survey` | {_code_cell(SCORE)} | `valueQuantity` in UCUM `%`; `derivedFrom` the "
        "response; components: sections answered, band |",
        f"| a test on one leg (measures.csv: one per test, leg and trial) | Observation, "
        f"category `{EXAM.code}` | HamTrack's own code per test, below | `valueQuantity` in "
        "its UCUM unit (below); `bodySite` the leg's hamstring with its side, as for pain; "
        "component: pain during the test (LOINC 72514-3), when noted |",
        f"| a run of the running progression (running.csv) | Observation, categories "
        f"`activity` and `PhysicalActivity` | {_code_cell(EXERCISE_ACTIVITY)} | "
        f"`valueCodeableConcept`: the step's key ({RUNNING_STEP_CODES}, "
        f"{', '.join(RUNNING_STEPS)}); components: effort reached (`{EFFORT.code}`, UCUM `%`), "
        "pain during (LOINC 72514-3); the run's note stays out |",
        f"| a rating of the activities the person finds hard (psfs.csv) | Observation, "
        f"category `survey` | {_code_cell(PSFS_SCORE)} | `valueQuantity` the mean of the "
        f"activities rated, to two decimals (UCUM `{PSFS_SCORE_UNIT[1]}`); one component per "
        f"activity, in the order named: code `{PSFS_ACTIVITY.code}` with the activity as the "
        f"person named it in `text`, `valueInteger` {PSFS_RATING_MIN}–{PSFS_RATING_MAX}, or "
        f"`dataAbsentReason` `{NOT_RATED.code}` ({DATA_ABSENT_REASON}) when left unrated (so "
        "is the value when none is rated); the change since the first rating stays in the "
        "summary |",
        f"| the injury profile, when set (its current version, whatever the period) | "
        f"Condition, `problem-list-item`, clinical status `active`, verification status "
        f"`unconfirmed` (the person's account, not a clinician's finding) | "
        f"{_code_cell(HAMSTRING_INJURY)}, `text` the injured side in words | `bodySite` the "
        "hamstring with its side (both: SNOMED CT 51440002); `onsetDateTime` the day of "
        "injury; `note`: the diagnosis word for word as the person typed it, how it happened, "
        "the activity to return to; one id for every version, so a correction replaces it. "
        "The history questions stay in the summary |",
        "",
        "### Body sites",
        "",
        "`bodySite` carries the SNOMED CT body structure, its words in `text`, and the side with "
        f"the extension {LATERALITY_EXTENSION} (an R4 CodeableConcept has no laterality of its "
        "own).",
        "",
        "| region | body structure | laterality |",
        "|---|---|---|",
        *region_rows,
        "",
        "The hamstring code is the one in common use but was not confirmed against a published "
        "value set; check it on a terminology server before relying on it.",
        "",
        "### Units of the tests",
        "",
        "| test | unit shown | UCUM code |",
        "|---|---|---|",
        *(f"| {test} | {shown} | `{code}` |" for test, (shown, code) in units.items()),
        "",
        "A dynamometer that reads in kg measures force, so its UCUM code is `kgf` "
        "(kilogram-force), which converts to newtons; `kg` would be a mass. Pain during a "
        "test or a run is a component with the check-ins' pain code.",
        "",
        "### Code systems",
        "",
        "| system | used for |",
        "|---|---|",
        f"| {LOINC} | pain severity, exercise activity (sessions' exercises and runs) |",
        f"| {SNOMED} | body structures, sides |",
        f"| {UCUM} | units (`s`, `%`, `deg`, `{{#}}`, `kgf`, `N`, `{{score}}`) |",
        f"| {OBSERVATION_CATEGORY} | categories `survey`, `activity`, `exam` |",
        f"| {CONDITION_CLINICAL}, {CONDITION_VERIFICATION}, {CONDITION_CATEGORY} | the "
        "injury profile's Condition |",
        f"| {DATA_ABSENT_REASON} | a PSFS activity named but left unrated |",
        f"| {PA_TEMPORARY_CODES} | the HL7 Physical Activity IG's `PhysicalActivity` and "
        "`PAPanel` |",
        f"| {HAMTRACK_CODES} | HamTrack's own codes, below |",
        f"| {EXERCISE_CODES} | exercise keys |",
        f"| {WARNING_SIGN_CODES} | warning-sign keys |",
        f"| {RUNNING_STEP_CODES} | running-progression steps |",
        f"| {BAND_LEVEL_CODES} | band levels 0–5, {', '.join(BAND_LEVELS)} |",
        f"| {SCORE_BAND_CODES} | questionnaire score bands (keys as in the CSV files) |",
        "",
        f"HamTrack's canonical URLs ({CANONICAL_BASE}/…) are names, not addresses: HamTrack "
        "publishes nothing, and the reserved `.invalid` domain can belong to no one else.",
        "",
        "| HamTrack code | meaning |",
        "|---|---|",
        *(f"| `{code.code}` | {code.display} |" for code in own_codes),
        "",
    ]
    return "\n".join(lines)
