"""The FHIR R4 export: every resource valid, every reference inside the Bundle, the codes a clinic
expects, the same counts as the CSV export of the same period, and the same bytes every time.

Validation uses fhir.resources' R4B models: its default package follows R5, which an R4 system
does not read, and it ships no 4.0.1 package; R4B (4.3) left Patient, Observation, Questionnaire,
QuestionnaireResponse and Bundle as they are in R4, so a Bundle valid there is valid R4. The
models check structure, types and cardinality but not bound codes, so statuses are checked here
against R4's own value sets.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
import tempfile
import zoneinfo
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from fhir.resources.R4B import get_fhir_model_class
from fhir.resources.R4B.bundle import Bundle
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from hamtrack import db as store
from hamtrack import demo, exchange, fhir, oswestry
from hamtrack.injury import InjuryCause, InjuryProfile
from hamtrack.models import (
    CheckIn,
    ExerciseDone,
    QuestionnaireResponse,
    Region,
    Session,
    Side,
    ValidationError,
)
from hamtrack.return_to_sport import (
    Leg,
    Measure,
    MeasureKind,
    PsfsResponse,
    RunningEntry,
    StrengthUnit,
)
from hamtrack.safety import RED_FLAGS

TODAY = dt.date(2026, 6, 15)
UTC_PLUS_2 = dt.timezone(dt.timedelta(hours=2))

# R4 value sets: observation-status, questionnaire-answers-status.
OBSERVATION_STATUSES = {"registered", "preliminary", "final", "amended"}
RESPONSE_STATUSES = {"in-progress", "completed", "amended", "entered-in-error", "stopped"}


# ---------------------------------------------------------------------------------------------
# Helpers.


def check_in(day: dt.date, *, time=dt.time(8, 0), pains=(3, 1, 4), flags=(), note="") -> CheckIn:
    return CheckIn(
        day=day,
        time=time,
        pain=dict(zip(Region, pains, strict=True)),
        stiffness=5,
        note=note,
        red_flags=frozenset(flags),
    )


def session(day: dt.date, *exercises: ExerciseDone, note: str = "") -> Session:
    return Session(day=day, exercises=exercises, note=note)


def response(day: dt.date, answers: tuple[int | None, ...]) -> QuestionnaireResponse:
    definition = oswestry.packaged_definition()
    return QuestionnaireResponse(
        day=day,
        questionnaire_id=definition.id,
        questionnaire_version=definition.version,
        section_ids=definition.section_ids,
        answers=answers,
    )


@pytest.fixture
def logged(fresh_db):
    """A few weeks of records of every kind, up to and including TODAY."""
    db = fresh_db
    day = TODAY - dt.timedelta(days=20)
    store.add_check_in(db, check_in(day, pains=(6, 2, 5), flags=("night_pain",)), today=TODAY)
    store.add_check_in(db, check_in(day, time=dt.time(19, 30), pains=(4, 0, 3)), today=TODAY)
    store.add_check_in(
        db, check_in(TODAY - dt.timedelta(days=1), note="private words"), today=TODAY
    )
    store.add_check_in(db, check_in(TODAY, pains=(2, 0, 1)), today=TODAY)
    store.add_session(
        db,
        session(
            day,
            ExerciseDone(
                "lying-hamstring-stretch", pain_during=3, side=Side.LEFT, sets=3, hold_s=30
            ),
            ExerciseDone("bridge", pain_during=2, sets=2, reps=10, band_level=2),
            note="private session words",
        ),
        today=TODAY,
    )
    store.add_session(
        db,
        session(TODAY, ExerciseDone("nordic-hamstring", pain_during=4, sets=1, reps=5)),
        today=TODAY,
    )
    store.add_questionnaire_response(
        db, response(day, (2, 1, 2, 1, 3, 2, 1, None, 1, 2)), today=TODAY
    )
    store.add_questionnaire_response(
        db, response(TODAY, (1, None, None, None, 1, 1, 1, 0, 0, 1)), today=TODAY
    )  # 7 answered: kept, not scored
    store.save_injury_profile(
        db,
        InjuryProfile(
            injured_side=Side.RIGHT,
            injury_day=TODAY - dt.timedelta(weeks=8),
            how=InjuryCause.SPRINTING,
            diagnosis="grade 2 strain <biceps femoris>",
            return_activity="five-a-side",
        ),
        today=TODAY,
    )
    store.add_measures(db, MEASURES_THEN, today=TODAY)
    store.add_measures(db, MEASURES_NOW, today=TODAY)
    store.add_running_entry(db, RunningEntry(day, "jog-walk", 40, 2, note="private run words"))
    store.add_running_entry(db, RunningEntry(TODAY, "build-up-70", 70, 0))
    store.add_psfs_response(db, PsfsResponse(day, PSFS_NAMED, (3, 5, 2)), today=TODAY)
    store.add_psfs_response(
        db, PsfsResponse(TODAY, (*PSFS_NAMED, "Sprinting 30 m"), (7, 6, 5, None)), today=TODAY
    )
    return db


PSFS_NAMED = ("Running for the bus", "Sitting  through a film", "<b>Kick</b> a **ball**")


MEASURES_THEN = (
    Measure(TODAY - dt.timedelta(days=20), Leg.LEFT, MeasureKind.KNEE_EXTENSION, 8, pain=0),
    Measure(TODAY - dt.timedelta(days=20), Leg.RIGHT, MeasureKind.KNEE_EXTENSION, 25, pain=4),
    Measure(TODAY - dt.timedelta(days=20), Leg.LEFT, MeasureKind.STRAIGHT_LEG_RAISE, 80),
)
MEASURES_NOW = (
    Measure(TODAY, Leg.LEFT, MeasureKind.BRIDGE, 22, pain=0),
    Measure(TODAY, Leg.RIGHT, MeasureKind.BRIDGE, 17, pain=2),
    Measure(TODAY, Leg.LEFT, MeasureKind.STRENGTH, 24.5, pain=0, unit=StrengthUnit.KG),
    Measure(TODAY, Leg.RIGHT, MeasureKind.STRENGTH, 20, pain=1, unit=StrengthUnit.KG),
)


def build(db, **options: Any) -> dict[str, Any]:
    options.setdefault("today", TODAY)
    options.setdefault("tz", UTC_PLUS_2)
    options.setdefault("definition", oswestry.packaged_definition())
    return fhir.export_bundle(db, **options)


def resources(bundle: dict[str, Any], kind: str | None = None) -> list[dict[str, Any]]:
    found = [e["resource"] for e in bundle["entry"]]
    return [r for r in found if kind is None or r["resourceType"] == kind]


def coded(resource: dict[str, Any], code: fhir.Code) -> bool:
    return {"system": code.system, "code": code.code} == {
        k: resource["code"]["coding"][0][k] for k in ("system", "code")
    }


def observations(bundle: dict[str, Any], code: fhir.Code) -> list[dict[str, Any]]:
    return [r for r in resources(bundle, "Observation") if coded(r, code)]


def references(node: object) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "reference":
                yield value
            else:
                yield from references(value)
    elif isinstance(node, list):
        for item in node:
            yield from references(item)


def assert_well_formed(bundle: dict[str, Any]) -> None:
    """Valid R4 throughout, one entry per id, and every reference resolves inside the Bundle."""
    Bundle.model_validate(bundle)
    for resource in resources(bundle):
        get_fhir_model_class(resource["resourceType"]).model_validate(resource)
    full_urls = [e["fullUrl"] for e in bundle["entry"]]
    assert len(set(full_urls)) == len(full_urls)
    for entry in bundle["entry"]:
        assert entry["fullUrl"] == f"urn:uuid:{entry['resource']['id']}"
    assert set(references(bundle)) <= set(full_urls)
    canonicals = {f"{q['url']}|{q['version']}" for q in resources(bundle, "Questionnaire")}
    for answered in resources(bundle, "QuestionnaireResponse"):
        assert answered["questionnaire"] in canonicals
        assert answered["status"] in RESPONSE_STATUSES
    for observation in resources(bundle, "Observation"):
        assert observation["status"] in OBSERVATION_STATUSES


def _is_test(observation: dict[str, Any]) -> bool:
    return observation["category"][0]["coding"][0]["code"] == fhir.EXAM.code


def exercises_done(bundle: dict[str, Any]) -> list[dict[str, Any]]:
    """The exercises of sessions (a run is an exercise activity too, coded by its step)."""
    return [
        o
        for o in observations(bundle, fhir.EXERCISE_ACTIVITY)
        if o["valueCodeableConcept"]["coding"][0]["system"] == fhir.EXERCISE_CODES
    ]


def runs(bundle: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        o
        for o in observations(bundle, fhir.EXERCISE_ACTIVITY)
        if o["valueCodeableConcept"]["coding"][0]["system"] == fhir.RUNNING_STEP_CODES
    ]


def csv_frames(db, **period: Any) -> dict[str, pd.DataFrame]:
    files = exchange.export_files(db, today=TODAY, **period)
    return {name: pd.read_csv(io.BytesIO(data)) for name, data in files.items()}


# ---------------------------------------------------------------------------------------------
# The Bundle as a whole.


def test_every_resource_is_valid_r4_and_every_reference_resolves(logged):
    bundle = build(logged)
    assert bundle["resourceType"] == "Bundle"
    assert bundle["type"] == "collection"
    assert_well_formed(bundle)


def test_a_whole_demo_history_is_valid(fresh_db):
    store.store_bundle(fresh_db, demo.generate(weeks=8, seed=3, today=TODAY), today=TODAY)
    assert_well_formed(build(fresh_db))


def test_demo_data_is_labelled_as_test_data_on_every_resource(fresh_db):
    store.store_bundle(fresh_db, demo.generate(weeks=2, seed=1, today=TODAY), today=TODAY)
    bundle = build(fresh_db)
    label = {
        "system": "http://terminology.hl7.org/CodeSystem/v3-ActReason",
        "code": "HTEST",
        "display": "test health data",
    }
    for resource in [bundle, *resources(bundle)]:
        assert resource["meta"]["security"] == [label]


def test_a_persons_own_records_carry_no_test_label(logged):
    bundle = build(logged)
    assert all("meta" not in resource for resource in [bundle, *resources(bundle)])


def test_the_same_records_give_the_same_bytes(logged):
    first = fhir.bundle_bytes(logged, today=TODAY, tz=UTC_PLUS_2)
    assert fhir.bundle_bytes(logged, today=TODAY, tz=UTC_PLUS_2) == first
    json.loads(first)  # UTF-8 JSON


def test_an_edited_entry_keeps_its_id_so_a_clinic_replaces_it(logged):
    before = build(logged)
    first = store.recent_check_ins(logged, limit=100)[-1]
    edited = dataclasses.replace(first.value, pain=dict.fromkeys(Region, 9))
    store.update_check_in(logged, first.id, edited, today=TODAY, opened=first.value)
    after = build(logged)
    assert [e["fullUrl"] for e in after["entry"]] == [e["fullUrl"] for e in before["entry"]]
    assert after != before


def test_two_databases_never_share_ids(tmp_path):
    bundles = []
    for name, created in (("a.db", "2026-01-01T10:00:00"), ("b.db", "2026-01-01T10:00:01")):
        db = store.open_database(tmp_path / name)
        db.execute("UPDATE profile SET created_at = ? WHERE id = 1", [created])
        store.add_check_in(db, check_in(TODAY), today=TODAY)
        bundles.append({e["fullUrl"] for e in build(db)["entry"]})
    shared = bundles[0] & bundles[1]
    assert len(shared) == 1  # only the shared questionnaire definition


# ---------------------------------------------------------------------------------------------
# The person.


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        (None, None),
        ("", None),
        ("   ", None),
        ("  Jo   Smith ", "Jo Smith"),
        ("Clinic ref PT-0042", "Clinic ref PT-0042"),
    ],
)
def test_the_patient_says_only_what_the_person_typed(logged, typed, expected):
    [person] = resources(build(logged, name=typed), "Patient")
    if expected is None:
        assert set(person) == {"resourceType", "id"}
    else:
        assert person["name"] == [{"text": expected}]


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("x" * (fhir.NAME_MAX_CHARS + 1), "keep it under"),
        ("Jo\x00Smith", "cannot be written"),
        ("Jo \ud800", "cannot be written"),
    ],
)
def test_a_name_that_cannot_be_written_is_refused_in_words(logged, typed, problem):
    with pytest.raises(ValidationError, match=problem):
        build(logged, name=typed)


def test_notes_and_stiffness_stay_out(logged):
    data = fhir.bundle_bytes(logged, today=TODAY, tz=UTC_PLUS_2).decode("utf-8")
    assert "private" not in data
    assert "stiff" not in data.lower()


# ---------------------------------------------------------------------------------------------
# Pain per region.


@pytest.mark.parametrize(
    ("region", "structure", "side"),
    [
        (Region.LEFT_HAMSTRING, "88225001", "7771000"),
        (Region.RIGHT_HAMSTRING, "88225001", "24028007"),
        (Region.LOW_BACK, "1141985005", None),
    ],
)
def test_pain_is_coded_per_region_with_body_structure_and_side(logged, region, structure, side):
    pains = observations(build(logged), fhir.PAIN_SEVERITY)
    site = [p for p in pains if p["bodySite"]["text"] == region.label]
    assert len(site) == 4
    first = site[0]
    assert first["code"]["coding"][0]["code"] == "72514-3"
    assert first["code"]["coding"][0]["system"] == "http://loinc.org"
    assert first["bodySite"]["coding"] == [
        {
            "system": "http://snomed.info/sct",
            "code": structure,
            "display": first["bodySite"]["coding"][0]["display"],
        }
    ]
    laterality = [
        x["valueCodeableConcept"]["coding"][0]["code"]
        for x in first["bodySite"].get("extension", [])
    ]
    assert laterality == ([side] if side else [])
    expected = {Region.LEFT_HAMSTRING: 6, Region.RIGHT_HAMSTRING: 2, Region.LOW_BACK: 5}[region]
    assert first["valueInteger"] == expected


def test_a_check_in_time_carries_the_offset_of_its_zone(logged):
    pains = observations(build(logged), fhir.PAIN_SEVERITY)
    day = (TODAY - dt.timedelta(days=20)).isoformat()
    moments = {p["effectiveDateTime"] for p in pains}
    assert f"{day}T08:00:00+02:00" in moments
    assert f"{day}T19:30:00+02:00" in moments


@pytest.mark.parametrize(
    ("day", "offset"),
    [(dt.date(2026, 1, 15), "+00:00"), (dt.date(2026, 7, 15), "+01:00")],
)
def test_summer_time_gives_the_offset_of_that_date(day, offset):
    london = zoneinfo.ZoneInfo("Europe/London")
    assert fhir.local_moment(day, dt.time(8, 5), london) == f"{day.isoformat()}T08:05:00{offset}"


def test_without_a_zone_the_machines_local_zone_is_used():
    moment = dt.datetime.fromisoformat(fhir.local_moment(TODAY, dt.time(8, 0)))
    assert moment.utcoffset() == dt.datetime(2026, 6, 15, 8, 0).astimezone().utcoffset()


@pytest.mark.parametrize(("days_ago", "status"), [(0, "preliminary"), (1, "final"), (20, "final")])
def test_an_entry_is_final_once_its_day_is_over(days_ago, status):
    assert fhir.status_for(TODAY - dt.timedelta(days=days_ago), TODAY) == status


def test_todays_entries_are_preliminary_and_older_ones_final(logged):
    bundle = build(logged)
    for observation in resources(bundle, "Observation"):
        day = observation["effectiveDateTime"][:10]
        assert observation["status"] == ("preliminary" if day == TODAY.isoformat() else "final")


# ---------------------------------------------------------------------------------------------
# Warning signs.


def test_each_warning_sign_ticked_is_an_observation_of_its_check_in(logged):
    [sign] = observations(build(logged), fhir.WARNING_SIGN_TICKED)
    assert sign["valueCodeableConcept"]["coding"][0]["code"] == "night_pain"
    assert (
        sign["effectiveDateTime"] == f"{(TODAY - dt.timedelta(days=20)).isoformat()}T08:00:00+02:00"
    )


def test_every_warning_sign_has_a_code_with_its_question(fresh_db):
    store.add_check_in(fresh_db, check_in(TODAY, flags=[f.key for f in RED_FLAGS]), today=TODAY)
    signs = observations(build(fresh_db), fhir.WARNING_SIGN_TICKED)
    shown = {s["valueCodeableConcept"]["coding"][0]["code"]: s for s in signs}
    for flag in RED_FLAGS:
        assert shown[flag.key]["valueCodeableConcept"]["coding"][0]["display"] == flag.question


# ---------------------------------------------------------------------------------------------
# Sessions.


def component(observation: dict[str, Any], code: fhir.Code) -> dict[str, Any] | None:
    for part in observation.get("component", []):
        if part["code"]["coding"][0]["code"] == code.code:
            return part
    return None


def test_a_session_is_an_activity_panel_of_its_exercises(logged):
    bundle = build(logged)
    panels = observations(bundle, fhir.ACTIVITY_PANEL)
    assert len(panels) == 2
    by_url = {e["fullUrl"]: e["resource"] for e in bundle["entry"]}
    first = panels[0]
    members = [by_url[m["reference"]] for m in first["hasMember"]]
    assert [m["valueCodeableConcept"]["coding"][0]["code"] for m in members] == [
        "lying-hamstring-stretch",
        "bridge",
    ]
    for observation in [first, *members]:
        categories = {c["coding"][0]["code"] for c in observation["category"]}
        assert categories == {"activity", "PhysicalActivity"}
        assert observation["effectiveDateTime"] == (TODAY - dt.timedelta(days=20)).isoformat()
    assert all(coded(m, fhir.EXERCISE_ACTIVITY) for m in members)


def test_each_exercise_carries_its_dose_side_and_pain(logged):
    exercises = exercises_done(build(logged))
    stretch, bridge = exercises[0], exercises[1]
    assert component(stretch, fhir.SETS)["valueInteger"] == 3
    assert component(stretch, fhir.HOLD)["valueQuantity"] == {
        "value": 30,
        "unit": "s",
        "system": "http://unitsofmeasure.org",
        "code": "s",
    }
    assert component(stretch, fhir.REPS) is None
    assert component(stretch, fhir.SIDE)["valueCodeableConcept"]["coding"][0]["code"] == "7771000"
    assert component(stretch, fhir.PAIN_SEVERITY)["valueInteger"] == 3
    assert component(bridge, fhir.REPS)["valueInteger"] == 10
    assert (
        component(bridge, fhir.BAND_LEVEL)["valueCodeableConcept"]["coding"][0]["display"]
        == "Light"
    )
    assert component(bridge, fhir.SIDE)["valueCodeableConcept"]["coding"][0]["code"] == "51440002"


# ---------------------------------------------------------------------------------------------
# The questionnaire.


def test_the_questionnaire_is_ours_and_never_the_licensed_forms_code(logged):
    [definition] = resources(build(logged), "Questionnaire")
    ours = oswestry.packaged_definition()
    assert definition["url"] == f"{fhir.CANONICAL_BASE}/Questionnaire/{ours.id}"
    assert definition["version"] == ours.version
    assert "code" not in definition
    assert "loinc" not in json.dumps(definition).lower()
    assert [item["linkId"] for item in definition["item"]] == list(ours.section_ids)
    first = definition["item"][0]["answerOption"]
    assert [o["valueCoding"]["display"] for o in first] == list(ours.sections[0].statements)
    assert [o["valueCoding"]["extension"][0]["valueDecimal"] for o in first] == list(range(6))


def test_each_response_answers_its_sections_and_its_score_derives_from_it(logged):
    bundle = build(logged)
    answered = resources(bundle, "QuestionnaireResponse")
    assert len(answered) == 2
    first = answered[0]
    assert first["authored"] == (TODAY - dt.timedelta(days=20)).isoformat()
    assert [i["linkId"] for i in first["item"]] == [
        s for s in oswestry.SECTION_IDS if s != "sex_life"
    ]  # the skipped section has no item
    walking = next(i for i in first["item"] if i["linkId"] == "walking")
    assert walking["answer"][0]["valueCoding"]["code"] == "walking-1"
    [score] = observations(bundle, fhir.SCORE)  # the second response is not scored
    assert score["derivedFrom"] == [{"reference": f"urn:uuid:{first['id']}"}]
    expected = oswestry.score((2, 1, 2, 1, 3, 2, 1, None, 1, 2))
    assert score["valueQuantity"]["value"] == round(expected.percent, 2)
    assert score["valueQuantity"]["code"] == "%"
    assert (
        component(score, fhir.SCORE_BAND)["valueCodeableConcept"]["coding"][0]["code"]
        == expected.band
    )


def test_a_response_to_an_earlier_definition_still_resolves_inside_the_bundle(fresh_db):
    earlier = dataclasses.replace(response(TODAY, (1,) * 10), questionnaire_version="0")
    store.add_questionnaire_response(fresh_db, earlier, today=TODAY)
    bundle = build(fresh_db)
    assert_well_formed(bundle)
    retired = [q for q in resources(bundle, "Questionnaire") if q["version"] == "0"]
    assert [q["status"] for q in retired] == ["retired"]
    assert [i["linkId"] for i in retired[0]["item"]] == list(oswestry.SECTION_IDS)
    [answered] = resources(bundle, "QuestionnaireResponse")
    assert answered["questionnaire"].endswith("|0")
    assert len(observations(bundle, fhir.SCORE)) == 1  # scored the same way (docs/rules.md §6)


# ---------------------------------------------------------------------------------------------
# The period, and the CSV export of the same period.


def counts_match_the_csv(db, **period: Any) -> None:
    bundle = build(db, **period)
    frames = csv_frames(db, **period)
    check_ins = frames["check_ins.csv"]
    exercises = frames["session_exercises.csv"]
    answered = frames["questionnaire_responses.csv"]
    assert len(observations(bundle, fhir.PAIN_SEVERITY)) == 3 * len(check_ins)
    # The CSV file separates warning-sign keys with ";" (hamtrack/data/data-dictionary.md).
    ticked = sum(len(cell.split(";")) for cell in check_ins["red_flags"].dropna().astype(str))
    assert len(observations(bundle, fhir.WARNING_SIGN_TICKED)) == ticked
    assert len(observations(bundle, fhir.ACTIVITY_PANEL)) == exercises["session_id"].nunique()
    assert len(exercises_done(bundle)) == len(exercises)
    assert len(resources(bundle, "QuestionnaireResponse")) == len(answered)
    assert len(observations(bundle, fhir.SCORE)) == answered["score_percent"].notna().sum()
    empty = pd.DataFrame()
    measured = [o for o in resources(bundle, "Observation") if _is_test(o)]
    assert len(measured) == len(frames.get("measures.csv", empty))
    assert len(runs(bundle)) == len(frames.get("running.csv", empty))
    assert len(observations(bundle, fhir.PSFS_SCORE)) == len(frames.get("psfs.csv", empty))
    profile = frames.get("injury_profile.csv", empty)
    assert len(resources(bundle, "Condition")) == (1 if len(profile) else 0)


@pytest.mark.parametrize(
    "period",
    [
        {},
        {"since": TODAY - dt.timedelta(days=5)},
        {"until": TODAY - dt.timedelta(days=1)},
        {"since": TODAY - dt.timedelta(days=20), "until": TODAY - dt.timedelta(days=20)},
        {"since": TODAY - dt.timedelta(days=19), "until": TODAY - dt.timedelta(days=2)},
    ],
)
def test_counts_match_the_csv_export_of_the_same_period(logged, period):
    counts_match_the_csv(logged, **period)


def test_the_period_keeps_only_entries_dated_inside_it(logged):
    since, until = TODAY - dt.timedelta(days=19), TODAY - dt.timedelta(days=1)
    bundle = build(logged, since=since, until=until)
    kinds = Counter(r["resourceType"] for r in resources(bundle))
    # The injury profile is the context of every record: it comes whatever the period.
    assert kinds == {"Patient": 1, "Questionnaire": 1, "Observation": 3, "Condition": 1}
    assert {o["effectiveDateTime"][:10] for o in resources(bundle, "Observation")} == {
        until.isoformat()
    }


def test_a_period_that_ends_before_it_starts_is_refused(logged):
    with pytest.raises(ValidationError, match="before it starts"):
        build(logged, since=TODAY, until=TODAY - dt.timedelta(days=1))


def test_the_file_name_states_the_period():
    today = dt.date(2026, 6, 30)
    assert fhir.bundle_name(None, None, today=today) == "hamtrack-fhir-to-2026-06-30.json"
    assert (
        fhir.bundle_name(dt.date(2026, 3, 2), None, today=today)
        == "hamtrack-fhir-2026-03-02-to-2026-06-30.json"
    )
    assert (
        fhir.bundle_name(dt.date(2026, 3, 2), dt.date(2026, 5, 31), today=today)
        == "hamtrack-fhir-2026-03-02-to-2026-05-31.json"
    )


# ---------------------------------------------------------------------------------------------
# Any records at all.

pains = st.integers(0, 10)
entries = st.lists(
    st.tuples(
        st.integers(0, 30),  # days before TODAY
        st.times().map(lambda t: t.replace(second=0, microsecond=0, tzinfo=None)),
        st.tuples(pains, pains, pains),
        st.sets(st.sampled_from([f.key for f in RED_FLAGS]), max_size=3),
    ),
    max_size=6,
)
doses = st.lists(
    st.tuples(
        st.integers(0, 30),
        st.sampled_from(["bridge", "lying-hamstring-stretch", "nordic-hamstring"]),
        st.sampled_from(list(Side)),
        st.one_of(st.none(), st.integers(1, 20)),
        st.one_of(st.none(), st.integers(1, 100)),
        st.integers(1, 600),
        st.integers(0, 5),
        pains,
    ),
    max_size=5,
)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(entries, doses, st.integers(0, 30), st.integers(0, 30))
@example(  # two warning signs on one check-in: the CSV file joins keys with ";", not ","
    check_ins=[
        (0, dt.time(0, 0), (0, 0, 0), set()),
        (0, dt.time(0, 0), (0, 0, 0), {"both_legs_numb_weak", "saddle_numbness"}),
    ],
    exercises=[],
    a=0,
    b=0,
)
def test_any_records_give_a_valid_bundle_that_matches_the_csv(check_ins, exercises, a, b):
    with tempfile.TemporaryDirectory() as folder:
        db = store.open_database(Path(folder) / "any.db")
        try:
            for days_ago, time, values, flags in check_ins:
                day = TODAY - dt.timedelta(days=days_ago)
                store.add_check_in(
                    db, check_in(day, time=time, pains=values, flags=flags), today=TODAY
                )
            for days_ago, slug, side, sets, reps, hold, band, pain in exercises:
                done = ExerciseDone(
                    slug,
                    pain_during=pain,
                    side=side,
                    sets=sets,
                    reps=reps,
                    hold_s=hold,
                    band_level=band,
                )
                store.add_session(
                    db, session(TODAY - dt.timedelta(days=days_ago), done), today=TODAY
                )
            since, until = sorted((TODAY - dt.timedelta(days=a), TODAY - dt.timedelta(days=b)))
            assert_well_formed(build(db, since=since, until=until))
            counts_match_the_csv(db, since=since, until=until)
        finally:
            db.conn.close()


# ---------------------------------------------------------------------------------------------
# The data dictionary.


def test_the_data_dictionary_ends_with_the_fhir_section():
    written = (
        Path(__file__).resolve().parent.parent / "hamtrack" / "data" / "data-dictionary.md"
    ).read_text("utf-8")
    assert written.endswith(fhir.data_dictionary_section())
    assert exchange.data_dictionary().endswith(fhir.data_dictionary_section())


def test_the_fhir_section_names_every_code_the_bundle_uses(logged):
    section = fhir.data_dictionary_section()
    bundle = build(logged)
    for resource in resources(bundle, "Observation"):
        for coding in resource["code"]["coding"]:
            assert f"`{coding['code']}`" in section
            assert coding["system"] in section
        for site in resource.get("bodySite", {}).get("coding", []):
            assert f"`{site['code']}`" in section
    for resource in resources(bundle, "Condition"):
        for coding in resource["code"]["coding"]:
            assert f"`{coding['code']}`" in section
        for concept in ("clinicalStatus", "verificationStatus"):
            assert f"`{resource[concept]['coding'][0]['code']}`" in section


# ---------------------------------------------------------------------------------------------
# Return to sport: the tests on both legs, the runs, the injury profile (docs/rules.md §9).


def laterality(concept: dict[str, Any]) -> str:
    (extension,) = concept["extension"]
    assert extension["url"] == fhir.LATERALITY_EXTENSION
    return extension["valueCodeableConcept"]["coding"][0]["code"]


def test_each_test_on_one_leg_is_an_exam_observation_with_its_unit_side_and_pain(logged):
    bundle = build(logged)
    tests = [o for o in resources(bundle, "Observation") if _is_test(o)]
    assert len(tests) == len(MEASURES_THEN) + len(MEASURES_NOW)
    units = {"deg", "{#}", "kgf"}
    for observation, measure in zip(tests, MEASURES_THEN + MEASURES_NOW, strict=True):
        assert coded(observation, fhir.MEASURE_CODES[measure.kind])
        assert observation["effectiveDateTime"] == measure.day.isoformat()
        assert observation["valueQuantity"]["value"] == measure.value
        assert observation["valueQuantity"]["system"] == fhir.UCUM
        assert observation["valueQuantity"]["code"] in units
        site = observation["bodySite"]
        assert site["coding"][0]["code"] == fhir.HAMSTRING.code
        side = fhir.LEFT if measure.leg is Leg.LEFT else fhir.RIGHT
        assert laterality(site) == side.code
        pain = component(observation, fhir.PAIN_SEVERITY)
        if measure.pain is None:
            assert pain is None
        else:
            assert pain["valueInteger"] == measure.pain
    strength = next(o for o in tests if coded(o, fhir.MEASURE_CODES[MeasureKind.STRENGTH]))
    assert strength["valueQuantity"] == {
        "value": 24.5,
        "unit": "kg",
        "system": fhir.UCUM,
        "code": "kgf",
    }
    knee = next(o for o in tests if coded(o, fhir.MEASURE_CODES[MeasureKind.KNEE_EXTENSION]))
    assert knee["valueQuantity"]["code"] == "deg"
    bridge = next(o for o in tests if coded(o, fhir.MEASURE_CODES[MeasureKind.BRIDGE]))
    assert bridge["valueQuantity"]["code"] == "{#}"
    assert {o["status"] for o in tests} == {"final", "preliminary"}  # today's are preliminary


def test_strength_in_newtons_keeps_its_unit(fresh_db):
    store.add_measures(
        fresh_db,
        [Measure(TODAY, Leg.RIGHT, MeasureKind.STRENGTH, 210, unit=StrengthUnit.NEWTON)],
        today=TODAY,
    )
    bundle = build(fresh_db)
    assert_well_formed(bundle)
    (test,) = [o for o in resources(bundle, "Observation") if _is_test(o)]
    assert test["valueQuantity"] == {"value": 210, "unit": "N", "system": fhir.UCUM, "code": "N"}
    assert "component" not in test  # no pain noted, no pain component


def test_each_run_is_an_exercise_activity_with_its_step_effort_and_pain(logged):
    found = runs(build(logged))
    assert [o["valueCodeableConcept"]["coding"][0]["code"] for o in found] == [
        "jog-walk",
        "build-up-70",
    ]
    latest = found[-1]
    assert [c["coding"][0]["code"] for c in latest["category"]] == [
        fhir.ACTIVITY.code,
        fhir.PHYSICAL_ACTIVITY.code,
    ]
    assert component(latest, fhir.EFFORT)["valueQuantity"] == {
        "value": 70,
        "unit": "%",
        "system": fhir.UCUM,
        "code": "%",
    }
    assert component(latest, fhir.PAIN_SEVERITY)["valueInteger"] == 0
    assert component(found[0], fhir.PAIN_SEVERITY)["valueInteger"] == 2


def test_the_injury_profile_is_a_condition_with_its_side_onset_and_diagnosis_as_typed(logged):
    bundle = build(logged)
    assert_well_formed(bundle)
    (condition,) = resources(bundle, "Condition")
    assert condition["onsetDateTime"] == (TODAY - dt.timedelta(weeks=8)).isoformat()
    assert condition["verificationStatus"]["coding"][0]["code"] == "unconfirmed"
    assert condition["clinicalStatus"]["coding"][0]["code"] == "active"
    (site,) = condition["bodySite"]
    assert site["coding"][0]["code"] == fhir.HAMSTRING.code
    assert laterality(site) == fhir.RIGHT.code
    notes = [n["text"] for n in condition["note"]]
    assert "Diagnosis as the person was told it: grade 2 strain <biceps femoris>" in notes
    assert "Wants to get back to: five-a-side" in notes
    (patient,) = resources(bundle, "Patient")
    assert condition["subject"] == {"reference": f"urn:uuid:{patient['id']}"}


def test_a_corrected_profile_replaces_the_condition_and_both_sides_are_coded(logged):
    before = resources(build(logged), "Condition")[0]["id"]
    store.save_injury_profile(
        logged,
        InjuryProfile(
            injured_side=Side.BOTH, injury_day=TODAY - dt.timedelta(weeks=8), how="other"
        ),
        today=TODAY,
    )
    (condition,) = resources(build(logged), "Condition")
    assert condition["id"] == before
    assert laterality(condition["bodySite"][0]) == fhir.BOTH_SIDES.code
    assert [n["text"] for n in condition["note"]] == [
        "How it happened, as the person tells it: in another way, or it came on slowly."
    ]


def test_no_profile_no_condition(fresh_db):
    store.add_check_in(fresh_db, check_in(TODAY), today=TODAY)
    assert resources(build(fresh_db), "Condition") == []


# ---------------------------------------------------------------------------------------------
# The activities the person finds hard (PSFS, docs/rules.md §9).


def test_each_psfs_rating_is_a_survey_observation_of_its_activities_as_named(logged):
    """The score is the mean of the activities rated; each activity is a component with the
    person's own words as text and its rating, or a reason when it was left unrated."""
    bundle = build(logged)
    assert_well_formed(bundle)
    first, latest = observations(bundle, fhir.PSFS_SCORE)
    assert [c["coding"][0]["code"] for c in latest["category"]] == [fhir.SURVEY.code]
    assert first["effectiveDateTime"] == (TODAY - dt.timedelta(days=20)).isoformat()
    assert (first["status"], latest["status"]) == ("final", "preliminary")
    # (3 + 5 + 2) / 3 to two decimals; (7 + 6 + 5) / 3 with the unrated one left out.
    assert first["valueQuantity"] == {
        "value": 3.33,
        "unit": "{score}",
        "system": fhir.UCUM,
        "code": "{score}",
    }
    assert latest["valueQuantity"]["value"] == 6
    parts = latest["component"]
    assert [p["code"]["text"] for p in parts] == [
        "Running for the bus",
        "Sitting through a film",
        "<b>Kick</b> a **ball**",
        "Sprinting 30 m",
    ]
    assert all(p["code"]["coding"][0]["code"] == fhir.PSFS_ACTIVITY.code for p in parts)
    assert [p.get("valueInteger") for p in parts] == [7, 6, 5, None]
    assert parts[-1]["dataAbsentReason"]["coding"][0]["code"] == fhir.NOT_RATED.code


def test_a_psfs_rating_with_none_rated_gives_its_reason_instead_of_a_score(fresh_db):
    store.add_psfs_response(
        fresh_db,
        PsfsResponse(TODAY, ("Stairs", "Squatting", "Jogging"), (None, None, None)),
        today=TODAY,
    )
    bundle = build(fresh_db)
    assert_well_formed(bundle)
    (found,) = observations(bundle, fhir.PSFS_SCORE)
    assert "valueQuantity" not in found
    assert found["dataAbsentReason"]["coding"][0]["code"] == fhir.NOT_RATED.code
    assert all("valueInteger" not in part for part in found["component"])
