"""The Oswestry-style questionnaire: definition files, the score rule of docs/rules.md §6,
change and due dates."""

from __future__ import annotations

import datetime as dt
import json
import math
import tomllib
from fractions import Fraction
from importlib import resources
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from hamtrack import db as store
from hamtrack import oswestry
from hamtrack import return_to_sport as rts
from hamtrack.models import QuestionnaireResponse
from hamtrack.numbers import round_half_up
from hamtrack.oswestry import (
    BAND_LABELS,
    BANDS,
    SECTION_IDS,
    DefinitionError,
    band_of,
    change_summary,
    default_definition,
    format_percent,
    load_definition,
    meaningful_change,
    progress_of,
    questionnaire_due,
    round_percent,
    score,
    scores_frame,
)

answer = st.one_of(st.none(), st.integers(min_value=0, max_value=5))
answer_sets = st.lists(answer, min_size=10, max_size=10)


def _rule(answers: list[int | None]) -> tuple[int, int, Fraction | None]:
    """docs/rules.md §6 written out plainly: sum ÷ (5 × answered) × 100, scored from 8 answered
    sections."""
    given_ = [a for a in answers if a is not None]
    if len(given_) < 8:
        return sum(given_), len(given_), None
    return sum(given_), len(given_), Fraction(sum(given_), 5 * len(given_)) * 100


def _band_rule(value: Fraction) -> str:
    if value <= 20:
        return "minimal"
    if value <= 40:
        return "moderate"
    if value <= 60:
        return "severe"
    if value <= 80:
        return "crippling"
    return "bed-bound"


def _answers_with(total: int, answered: int) -> list[int | None]:
    """Some answer set with this total over this many answered sections (the rest skipped)."""
    values = []
    left = total
    for _ in range(answered):
        values.append(min(5, left))
        left -= values[-1]
    assert left == 0
    return values + [None] * (10 - answered)


# ---------------------------------------------------------------------------------------------
# The score rule.


def test_worked_example_total_16_over_10_answered_is_32():
    result = score([2, 2, 2, 2, 2, 2, 1, 1, 1, 1])
    assert (result.total, result.answered, result.percent) == (16, 10, 32.0)
    assert result.band == "moderate"


def test_worked_example_total_16_with_one_skipped_is_35_point_5_recurring():
    result = score([2, 2, 2, 2, 2, 2, 2, 1, None, 1])
    assert (result.total, result.answered) == (16, 9)
    assert result.percent == 320 / 9
    assert Fraction(result.percent).limit_denominator(100) == Fraction(320, 9)
    assert format_percent(result.percent) == "36"
    assert format_percent(result.percent, 1) == "35.6"


@given(answer_sets)
def test_score_matches_the_rule_for_any_answer_set(answers):
    """Total, answered and percent follow docs/rules.md §6; percent is the float nearest the
    exact value."""
    total, answered, exact = _rule(answers)
    result = score(answers)
    assert (result.total, result.answered) == (total, answered)
    assert result.skipped == 10 - answered
    if exact is None:
        assert result.percent is None
        assert result.band is None
        assert not result.scored
    else:
        assert result.percent == float(exact)
        assert result.band == _band_rule(exact)
        assert result.scored


@given(answer_sets, st.permutations(range(10)))
def test_which_sections_hold_the_answers_does_not_change_the_score(answers, order):
    assert score([answers[i] for i in order]) == score(answers)


@pytest.mark.parametrize("answered", range(11))
def test_every_total_at_every_answered_count_follows_the_rule(answered):
    """Exhaustive over (total, answered): the score depends on nothing else."""
    for total in range(5 * answered + 1):
        answers = _answers_with(total, answered)
        _, _, exact = _rule(answers)
        result = score(answers)
        if answered < 8:
            assert result.percent is None, (total, answered)
        else:
            assert result.percent == float(exact), (total, answered)
            assert result.band == _band_rule(exact), (total, answered)
            assert band_of(result.percent) == result.band, (total, answered)


@pytest.mark.parametrize(
    ("answers", "percent", "band"),
    [
        ([0] * 10, 0.0, "minimal"),
        ([2] * 10, 40.0, "moderate"),
        ([1] * 10, 20.0, "minimal"),
        ([3] * 10, 60.0, "severe"),
        ([4] * 10, 80.0, "crippling"),
        ([5] * 10, 100.0, "bed-bound"),
        ([2, 2, 2, 2, 2, 2, 2, 2, 2, 3], 42.0, "severe"),
        ([1, 1, 1, 1, 1, 1, 1, 1, 1, 2], 22.0, "moderate"),
        ([4, 4, 4, 4, 4, 4, 4, 4, 4, 5], 82.0, "bed-bound"),
        ([1] * 8 + [None, None], 20.0, "minimal"),
        ([1] * 7 + [2, None, None], 22.5, "moderate"),
    ],
)
def test_band_limits_are_inclusive_above_and_half_open(answers, percent, band):
    """≤20 minimal, ≤40 moderate, ≤60 severe, ≤80 crippling, >80 bed-bound."""
    result = score(answers)
    assert result.percent == percent
    assert result.band == band


@pytest.mark.parametrize(
    ("answered", "scored"), [(10, True), (9, True), (8, True), (7, False), (0, False)]
)
def test_a_response_is_scored_from_eight_answered_sections(answered, scored):
    result = score([3] * answered + [None] * (10 - answered))
    assert result.scored is scored
    assert (result.band is not None) is scored


def test_an_all_skipped_response_is_kept_unscored():
    assert score([None] * 10) == oswestry.Score(total=0, answered=0, percent=None, band=None)


@pytest.mark.parametrize(
    "answers",
    [
        [1] * 9,
        [1] * 11,
        [],
        [1] * 9 + [6],
        [1] * 9 + [-1],
        [1] * 9 + [True],
        [1] * 9 + [False],
        [1] * 9 + [2.0],
        [1] * 9 + ["2"],
        "1111111111",
        None,
        5,
    ],
)
def test_wrong_length_range_or_type_is_refused(answers):
    """Exactly ten items, each an int 0–5 or None; bool, float and text are not ints here."""
    with pytest.raises(ValueError, match="answer"):
        score(answers)


@given(
    st.lists(answer, min_size=0, max_size=20).filter(lambda a: len(a) != 10),
)
def test_any_other_length_is_refused(answers):
    with pytest.raises(ValueError, match="exactly 10"):
        score(answers)


@given(
    answer_sets,
    st.integers(min_value=0, max_value=9),
    st.one_of(
        st.integers().filter(lambda n: not 0 <= n <= 5),
        st.booleans(),
        st.floats(allow_nan=True),
        st.text(max_size=3),
    ),
)
def test_any_bad_item_is_refused(answers, position, bad):
    answers = list(answers)
    answers[position] = bad
    with pytest.raises(ValueError, match=f"answer {position + 1} "):
        score(answers)


def test_score_is_frozen():
    result = score([1] * 10)
    with pytest.raises(AttributeError):
        result.total = 3  # type: ignore[misc]


def test_score_accepts_any_sequence():
    assert score(tuple([1] * 10)).percent == 20.0


# ---------------------------------------------------------------------------------------------
# Rounding for display.


@pytest.mark.parametrize(
    ("percent", "decimals", "shown"),
    [
        (320 / 9, 0, "36"),
        (320 / 9, 1, "35.6"),
        (32.0, 0, "32"),
        (32.0, 1, "32.0"),
        (12.5, 0, "13"),  # half up, as on paper, not to the even neighbour
        (22.5, 0, "23"),
        (200 / 9, 0, "22"),
        (200 / 9, 1, "22.2"),
        (100 / 3, 1, "33.3"),
        (0.0, 0, "0"),
        (100.0, 1, "100.0"),
        (None, 0, "–"),
    ],
)
def test_screens_show_whole_numbers_and_files_one_decimal_rounded_half_up(percent, decimals, shown):
    assert format_percent(percent, decimals) == shown


def test_round_percent_keeps_none_and_nan_as_none():
    assert round_percent(None) is None
    assert round_percent(math.nan, 1) is None
    assert round_percent(320 / 9, 1) == 35.6


# ---------------------------------------------------------------------------------------------
# Bands and meaningful change.


def test_every_band_has_a_gentle_label_and_the_keys_stay_the_clinical_names():
    assert [b.key for b in BANDS] == ["minimal", "moderate", "severe", "crippling", "bed-bound"]
    for band in BANDS:
        assert BAND_LABELS[band.key] == band.label
        assert band.label
        assert band.words
        assert band.key not in band.label.lower()


@pytest.mark.parametrize(
    ("baseline", "current", "meaningful"),
    [
        (50.0, 40.0, True),  # 10 points
        (50.0, 40.5, False),  # shown 50 → 41: 9 points
        (20.0, 14.0, False),  # 30 % of 20, but 6 points: inside the measurement error
        (4.0, 2.0, False),  # the "50 %" at the floor
        (200 / 9, 140 / 9, False),  # 30 % of 22.2…, 6.7 points
        (47.5, 340 / 9, True),  # shown 48 → 38: the 10 points the screen shows
        (320 / 9, 120 / 9, True),  # shown 36 → 13: −23, as on Trends
        (30.0, 40.0, True),  # worse counts too
        (10.0, 13.0, False),
        (0.0, 10.0, True),
        (32.0, 32.0, False),
    ],
)
def test_meaningful_change_is_10_points_shown_whatever_the_percentage(
    baseline, current, meaningful
):
    assert meaningful_change(baseline, current) is meaningful


@given(answer_sets, answer_sets)
def test_meaningful_change_matches_the_rule_for_any_two_scored_responses(first, later):
    a, b = score(first), score(later)
    if not (a.scored and b.scored):
        return
    shown_a, shown_b = round_half_up(_rule(first)[2]), round_half_up(_rule(later)[2])
    assert meaningful_change(a.percent, b.percent) is (abs(shown_b - shown_a) >= 10)


@pytest.mark.parametrize(
    ("earlier", "later", "direction", "words"),
    [
        (50.0, 36.0, "better", "Down 14 points since your first: a clear improvement"),
        (36.0, 34.0, "better", "Down 2 points since your first: a small change"),
        (36.0, 48.0, "worse", "Up 12 points since your first: a clear change for the worse"),
        (47.5, 340 / 9, "better", "Down 10 points since your first: a clear improvement"),
        (32.0, 32.0, "same", "The same score as your first."),
        (32.0, 33.0, "worse", "Up 1 point since"),
    ],
)
def test_change_summary_direction_and_sentence(earlier, later, direction, words):
    change = change_summary(earlier, later)
    assert change.direction == direction
    assert words in oswestry.change_sentence(change, "your first")


# ---------------------------------------------------------------------------------------------
# Due reminders.


@pytest.mark.parametrize(
    ("days_since", "due"),
    [(0, False), (1, False), (6, False), (7, True), (8, True), (60, True), (-3, False)],
)
def test_questionnaire_is_due_7_days_after_the_last(days_since, due):
    today = dt.date(2025, 3, 10)
    result = questionnaire_due(today - dt.timedelta(days=days_since), today)
    assert (result is not None) is due
    if due:
        assert result.days_since == days_since
        assert f"{days_since} days ago" in result.message
        assert not result.never_taken


def test_questionnaire_is_due_when_never_taken():
    result = questionnaire_due(None, dt.date(2025, 3, 10))
    assert result is not None
    assert result.never_taken
    assert "not been filled in yet" in result.message


def test_next_due_day_is_a_week_after_the_last():
    assert oswestry.next_due_day(dt.date(2025, 3, 3)) == dt.date(2025, 3, 10)
    assert oswestry.next_due_day(None) is None


# ---------------------------------------------------------------------------------------------
# Definitions.


def _packaged_raw() -> dict:
    text = resources.files("hamtrack").joinpath("data/oswestry_style.toml").read_text("utf-8")
    return tomllib.loads(text)


def _write_toml(path: Path, raw: dict) -> Path:
    lines = [f"{k} = {json.dumps(v)}" for k, v in raw.items() if k != "section"]
    for section in raw.get("section", []):
        lines.append("[[section]]")
        lines += [f"{k} = {json.dumps(v)}" for k, v in section.items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_packaged_definition_has_ten_sections_of_six_in_the_oswestry_order():
    definition = oswestry.packaged_definition()
    assert definition.id == "hamtrack-oswestry-style"
    assert definition.version == "2"
    assert definition.section_ids == SECTION_IDS
    assert all(len(s.statements) == 6 for s in definition.sections)
    assert all(s.title and all(s.statements) for s in definition.sections)
    statements = [t for s in definition.sections for t in s.statements]
    assert len(set(statements)) == len(statements)


def test_default_definition_is_the_packaged_one_without_the_setting(monkeypatch):
    monkeypatch.delenv("HAMTRACK_QUESTIONNAIRE", raising=False)
    assert default_definition() == oswestry.packaged_definition()


def test_default_definition_follows_hamtrack_questionnaire(tmp_path, monkeypatch):
    raw = _packaged_raw()
    raw.update(id="clinic-odi", version="2.1a", title="Clinic back form")
    path = _write_toml(tmp_path / "clinic.toml", raw)
    monkeypatch.setenv("HAMTRACK_QUESTIONNAIRE", str(path))
    definition = default_definition()
    assert (definition.id, definition.version, definition.title) == (
        "clinic-odi",
        "2.1a",
        "Clinic back form",
    )


def test_a_json_definition_of_the_same_shape_loads(tmp_path):
    raw = _packaged_raw()
    raw["sections"] = raw.pop("section")
    path = tmp_path / "clinic.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    assert load_definition(path) == oswestry.packaged_definition()


def test_definition_is_frozen():
    definition = oswestry.packaged_definition()
    with pytest.raises(AttributeError):
        definition.id = "x"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        definition.sections[0].title = "x"  # type: ignore[misc]
    assert isinstance(definition.sections[0].statements, tuple)


def _break(raw: dict, how: str) -> dict:
    raw = json.loads(json.dumps(raw))
    if how == "no id":
        del raw["id"]
    elif how == "empty version":
        raw["version"] = " "
    elif how == "nine sections":
        raw["section"].pop()
    elif how == "five statements":
        raw["section"][3]["statements"].pop()
    elif how == "empty statement":
        raw["section"][0]["statements"][2] = ""
    elif how == "sections out of order":
        raw["section"][2], raw["section"][3] = raw["section"][3], raw["section"][2]
    elif how == "unknown field":
        raw["colour"] = "blue"
    elif how == "no sections":
        del raw["section"]
    elif how == "long id":
        raw["id"] = "x" * 81
    return raw


@pytest.mark.parametrize(
    ("how", "message"),
    [
        ("no id", "id must be non-empty text"),
        ("empty version", "version must be non-empty text"),
        ("nine sections", "has 9 sections; it needs exactly 10"),
        ("five statements", "section 4 (walking) has 5 statements; it needs exactly 6"),
        ("empty statement", "section 1 (pain_intensity): statement 2 must be non-empty"),
        ("sections out of order", "section 3 must have id 'lifting' (got 'walking')"),
        ("unknown field", "unknown field(s): colour"),
        ("no sections", "it needs 10 sections"),
        ("long id", "keep it to 80"),
    ],
)
def test_a_bad_definition_file_is_refused_naming_the_file_and_the_problem(tmp_path, how, message):
    path = _write_toml(tmp_path / "bad.toml", _break(_packaged_raw(), how))
    with pytest.raises(DefinitionError) as refused:
        load_definition(path)
    assert message in str(refused.value)
    assert str(path) in str(refused.value)
    assert isinstance(refused.value, ValueError)


def test_a_missing_file_is_refused_clearly(tmp_path):
    with pytest.raises(DefinitionError, match="does not exist"):
        load_definition(tmp_path / "nowhere.toml")


def test_a_file_that_is_not_toml_is_refused_clearly(tmp_path):
    path = tmp_path / "broken.toml"
    path.write_text("id = [unclosed\n", encoding="utf-8")
    with pytest.raises(DefinitionError, match="is not valid TOML"):
        load_definition(path)


def test_a_file_that_is_not_json_is_refused_clearly(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text("{", encoding="utf-8")
    with pytest.raises(DefinitionError, match="is not valid JSON"):
        load_definition(path)


def test_a_file_that_is_not_text_is_refused_clearly(tmp_path):
    path = tmp_path / "binary.toml"
    path.write_bytes(b"\xff\xfe\x00id")
    with pytest.raises(DefinitionError, match="is not UTF-8 text"):
        load_definition(path)


def test_a_bad_setting_surfaces_as_a_definition_error(tmp_path, monkeypatch):
    monkeypatch.setenv("HAMTRACK_QUESTIONNAIRE", str(tmp_path / "missing.toml"))
    with pytest.raises(DefinitionError, match=r"missing\.toml does not exist"):
        default_definition()


@given(st.dictionaries(st.text(max_size=8), st.one_of(st.none(), st.integers(), st.text())))
def test_any_malformed_table_is_refused_with_a_definition_error(raw):
    with pytest.raises(DefinitionError):
        oswestry.parse_definition(raw)


# ---------------------------------------------------------------------------------------------
# Scores over time, from stored responses.


def _response(day: dt.date, answers: list[int | None]) -> QuestionnaireResponse:
    definition = oswestry.packaged_definition()
    return QuestionnaireResponse(
        day=day,
        questionnaire_id=definition.id,
        questionnaire_version=definition.version,
        section_ids=definition.section_ids,
        answers=tuple(answers),
    )


def test_scores_frame_of_stored_responses(fresh_db):
    days = [dt.date(2025, 3, d) for d in (3, 10, 17, 24)]
    store.add_questionnaire_response(fresh_db, _response(days[1], [2] * 9 + [None]))
    store.add_questionnaire_response(fresh_db, _response(days[0], [3] * 10))
    store.add_questionnaire_response(fresh_db, _response(days[2], [1] * 5 + [None] * 5))
    store.add_questionnaire_response(
        fresh_db, _response(days[3], [2, 2, 2, 2, 2, 2, 2, 1, None, 1])
    )
    frame = scores_frame(store.questionnaire_responses(fresh_db))
    assert list(frame.columns) == list(oswestry.SCORE_COLUMNS)
    assert list(frame["day"].dt.date) == days
    assert list(frame["total"]) == [30, 18, 5, 16]
    assert list(frame["answered"]) == [10, 9, 5, 9]
    assert list(frame["skipped"]) == [0, 1, 5, 1]
    assert frame["percent"].iloc[0] == 60.0
    assert frame["percent"].iloc[1] == 40.0
    assert pd.isna(frame["percent"].iloc[2])
    assert frame["percent"].iloc[3] == 320 / 9
    assert list(frame["band"]) == ["severe", "moderate", None, "moderate"]
    assert frame["response_id"].is_unique


def test_scores_frame_of_nothing_is_empty_with_the_columns():
    frame = scores_frame([])
    assert frame.empty
    assert list(frame.columns) == list(oswestry.SCORE_COLUMNS)


def test_scores_frame_lists_a_response_of_another_length_unscored():
    odd = QuestionnaireResponse(
        day=dt.date(2025, 3, 3),
        questionnaire_id="other",
        questionnaire_version="1",
        section_ids=("a", "b"),
        answers=(1, 2),
    )
    frame = scores_frame([store.Saved(7, odd)])
    assert frame["answered"].iloc[0] == 2
    assert pd.isna(frame["percent"].iloc[0])


def test_progress_compares_with_the_previous_and_the_first_scored_response(fresh_db):
    ids = [
        store.add_questionnaire_response(fresh_db, _response(dt.date(2025, 3, d), answers))
        for d, answers in (
            (3, [3] * 10),  # 60: the baseline
            (10, [1] * 5 + [None] * 5),  # unscored: passed over
            (17, [2] * 10 + []),  # 40
            (24, [2] * 9 + [1]),  # 38
        )
    ]
    frame = scores_frame(store.questionnaire_responses(fresh_db))
    latest = progress_of(frame, ids[3])
    assert latest.percent == 38.0
    assert latest.previous_day == dt.date(2025, 3, 17)
    assert latest.since_previous.points == -2.0
    assert not latest.since_previous.meaningful
    assert latest.baseline_day == dt.date(2025, 3, 3)
    assert latest.since_baseline.points == -22.0
    assert latest.since_baseline.meaningful
    third = progress_of(frame, ids[2])
    assert third.previous_day == dt.date(2025, 3, 3)
    first = progress_of(frame, ids[0])
    assert first.since_previous is None
    assert first.since_baseline is None
    assert progress_of(frame, ids[1]) is None


# ---------------------------------------------------------------------------------------------
# Scoring rules: a definition names its rule and scale; the PSFS is a second definition.


def _psfs_raw(**changes: object) -> dict:
    text = resources.files("hamtrack").joinpath("data/psfs.toml").read_text("utf-8")
    raw = tomllib.loads(text)
    raw.update(changes)
    return raw


def test_each_shipped_definition_names_its_rule_and_scale():
    """docs/rules.md §6 and §9: the back questionnaire scores 0–5 per section, the PSFS 0–10."""
    back, psfs = oswestry.packaged_definition(), oswestry.psfs_definition()
    assert (back.scoring, back.scale.points) == (oswestry.Scoring.OSWESTRY, tuple(range(6)))
    assert (psfs.scoring, psfs.scale.points) == (oswestry.Scoring.PSFS, tuple(range(11)))
    assert psfs.sections == ()
    assert psfs.prompt
    assert psfs.scale.lowest_words
    assert psfs.scale.highest_words


def test_a_definition_without_a_scoring_line_is_scored_as_oswestry():
    """A licensed file written before definitions named their rule keeps scoring as before."""
    raw = _packaged_raw()
    raw.pop("scoring", None)
    assert oswestry.parse_definition(raw).scoring is oswestry.Scoring.OSWESTRY


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"scoring": "sum"}, "scoring must be one of"),
        ({"scale": {"lowest": 0, "highest": 5}}, "scale must run from 0 to 10"),
        (
            {"scale": {"lowest": 1, "highest": 10, "lowest_words": "a", "highest_words": "b"}},
            "scale must run from 0 to 10",
        ),
        ({"scale": {"lowest": 0, "highest": 10, "highest_words": "b"}}, "lowest_words"),
        ({"prompt": ""}, "prompt must be non-empty"),
        ({"section": []}, "unknown field"),
    ],
)
def test_a_psfs_file_cannot_move_its_scale_or_drop_its_words(changes, problem):
    """docs/rules.md §9: a file words the 0–10 scale, never changes it."""
    with pytest.raises(DefinitionError, match=problem):
        oswestry.parse_definition(_psfs_raw(**changes))


def test_an_oswestry_file_cannot_move_its_scale():
    raw = _packaged_raw()
    raw["scale"] = {"lowest": 0, "highest": 10}
    with pytest.raises(DefinitionError, match="scale must run from 0 to 5"):
        oswestry.parse_definition(raw)


@pytest.mark.parametrize(
    ("which", "answers", "expected"),
    [
        ("oswestry", [0] * 10, 0),
        ("oswestry", [5] * 10, 100),
        ("oswestry", [2] * 8 + [None, None], 40),
        ("oswestry", [2] * 7 + [None] * 3, None),
        ("psfs", [2, 4, 6], 4),
        ("psfs", [3, 4, None], Fraction(7, 2)),
        ("psfs", [0, 10, 5, 5, 1], Fraction(21, 5)),
        ("psfs", [None, None, None], None),
        ("psfs", [10, 10, 10, 10], 10),
    ],
)
def test_a_response_is_scored_by_its_definitions_rule(which, answers, expected):
    """docs/rules.md §6: percent of the answered maximum; §9: the mean of the rated activities."""
    definition = (
        oswestry.packaged_definition() if which == "oswestry" else oswestry.psfs_definition()
    )
    assert oswestry.score_answers(definition, answers) == expected


@pytest.mark.parametrize(
    ("which", "answers"),
    [
        ("oswestry", [6] + [0] * 9),
        ("oswestry", [0] * 9),
        ("psfs", [11, 3, 3]),
        ("psfs", [-1, 3, 3]),
        ("psfs", [3, 3]),
        ("psfs", [3] * 6),
        ("psfs", [True, 3, 3]),
        ("psfs", [2.5, 3, 3]),
    ],
)
def test_answers_outside_the_definitions_scale_are_refused(which, answers):
    definition = (
        oswestry.packaged_definition() if which == "oswestry" else oswestry.psfs_definition()
    )
    with pytest.raises(ValueError, match=r"answers?"):
        oswestry.score_answers(definition, answers)


@pytest.mark.parametrize(
    ("which", "earlier", "later", "items", "meaningful"),
    [
        ("oswestry", 36, 26, 10, True),
        ("oswestry", 36, 27, 10, False),
        ("oswestry", 20, 30, 10, True),
        ("psfs", 3, 5, 3, True),
        ("psfs", 5, 3, 3, True),
        ("psfs", Fraction(10, 3), 5, 3, False),
        ("psfs", 3, Fraction(49, 10), 4, False),
        ("psfs", 3, 5, 1, False),
        ("psfs", 3, 6, 1, True),
        ("psfs", 7, 4, 1, True),
        ("psfs", 4, 6, 2, True),
    ],
)
def test_meaningful_change_follows_the_definitions_rule(which, earlier, later, items, meaningful):
    """§6: 10 points for the back questionnaire; §9: 2 for a PSFS mean, 3 for one activity."""
    definition = (
        oswestry.packaged_definition() if which == "oswestry" else oswestry.psfs_definition()
    )
    assert oswestry.is_meaningful(definition, earlier, later, items=items) is meaningful


@given(
    st.lists(st.none() | st.integers(0, 10), min_size=3, max_size=5).filter(
        lambda ratings: any(r is not None for r in ratings)
    )
)
def test_a_psfs_score_through_its_definition_is_the_rules_mean(ratings):
    """docs/rules.md §9: the definition's rule is return_to_sport's, never a copy of it."""
    score = oswestry.score_answers(oswestry.psfs_definition(), ratings)
    rated = [r for r in ratings if r is not None]
    assert score == rts.psfs_score(ratings)
    assert min(rated) <= score <= max(rated)


def test_the_back_questionnaire_setting_refuses_a_psfs_definition(tmp_path, monkeypatch):
    """HAMTRACK_QUESTIONNAIRE replaces the back questionnaire's wording, never its rule."""
    path = tmp_path / "psfs.toml"
    path.write_text(
        resources.files("hamtrack").joinpath("data/psfs.toml").read_text("utf-8"), "utf-8"
    )
    monkeypatch.setenv("HAMTRACK_QUESTIONNAIRE", str(path))
    with pytest.raises(DefinitionError, match="is scored as psfs"):
        default_definition()
