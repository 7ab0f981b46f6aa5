"""The questionnaires: their definitions, their scores and what a change means.

A definition is data and says its own scoring rule and answer scale. Two rules exist:

- `oswestry`, the weekly Oswestry-style back questionnaire (ten sections of six statements):
  HamTrack ships its own wording in `data/oswestry_style.toml`, and a clinic holding a licence for
  the official text can point `HAMTRACK_QUESTIONNAIRE` at a file of the same shape
  (docs/rules.md §6);
- `psfs`, the Patient-Specific Functional Scale (`data/psfs.toml`): 3–5 activities the person
  names, each rated 0–10; the rule itself lives in `return_to_sport` (docs/rules.md §9).

Scores are always derived from the stored answers, never stored.

Every comparison that decides a band is made on exact fractions, so a score that sits right on a
boundary (20, 40, …) falls on the side the rule says, never on the side a float rounding error
would put it. A change is judged in the whole points the screens show (10 or more is
meaningful), and only between responses of the same definition (its id and version).
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import json
import os
import tomllib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING

import pandas as pd

from hamtrack import return_to_sport as rts
from hamtrack.numbers import round_half_up, rounded_text

if TYPE_CHECKING:
    from hamtrack.db import Saved
    from hamtrack.models import QuestionnaireResponse

SECTION_COUNT = 10
STATEMENT_COUNT = 6
MAX_PER_SECTION = STATEMENT_COUNT - 1
MIN_ANSWERED = 8
"""A response is scored when at least this many sections are answered (docs/rules.md §6)."""

MEANINGFUL_POINTS = 10
"""A change of 10 points or more is clinically meaningful (Ostelo 2008; also the form's
measurement error). The percentage is shown beside it as information only (docs/rules.md §6)."""

DUE_AFTER_DAYS = 7
"""The questionnaire is weekly: one is due once this many days have passed since the last."""

ENV_VAR = "HAMTRACK_QUESTIONNAIRE"
PACKAGED_FILE = "data/oswestry_style.toml"
PSFS_FILE = "data/psfs.toml"

SECTION_IDS: tuple[str, ...] = (
    "pain_intensity",
    "personal_care",
    "lifting",
    "walking",
    "sitting",
    "standing",
    "sleeping",
    "sex_life",
    "social_life",
    "travelling",
)
"""The Oswestry sections in their fixed order; every definition file uses these ids."""

_ID_MAX, _VERSION_MAX = 80, 40  # the database's limits on the stored id and version


# ---------------------------------------------------------------------------------------------
# The definition: data, checked on load.


class DefinitionError(ValueError):
    """A questionnaire definition cannot be used; the message names the file and the problem."""


@dataclass(frozen=True, slots=True)
class Section:
    """One topic of the questionnaire: six statements from no difficulty (0) to the hardest (5)."""

    id: str
    title: str
    statements: tuple[str, ...]


class Scoring(enum.StrEnum):
    """The scoring rule a definition names (`scoring = "..."` in its file)."""

    OSWESTRY = "oswestry"
    PSFS = "psfs"


@dataclass(frozen=True, slots=True)
class Scale:
    """The answers a definition takes: whole numbers from `lowest` to `highest`, with the words
    the ends of the scale mean (empty when each section has its own statements)."""

    lowest: int
    highest: int
    lowest_words: str = ""
    highest_words: str = ""

    @property
    def points(self) -> tuple[int, ...]:
        return tuple(range(self.lowest, self.highest + 1))


@dataclass(frozen=True, slots=True)
class Definition:
    """A whole questionnaire: what is asked, in which order, under which id and version, and
    how its answers are scored.

    An Oswestry-style definition has its ten sections; a PSFS definition has none (the person
    names the activities) and a `prompt`, the question asked of each activity.
    """

    id: str
    version: str
    title: str
    sections: tuple[Section, ...]
    instructions: str = ""
    scoring: Scoring = Scoring.OSWESTRY
    scale: Scale = Scale(0, MAX_PER_SECTION)
    prompt: str = ""

    @property
    def section_ids(self) -> tuple[str, ...]:
        return tuple(section.id for section in self.sections)

    @property
    def rule(self) -> ScoringRule:
        """The scoring rule this definition names."""
        return RULES[self.scoring]


def _text(problems: list[str], where: str, value: object, *, limit: int | None = None) -> str:
    if not isinstance(value, str) or not value.strip():
        problems.append(f"{where} must be non-empty text (got {value!r}).")
        return ""
    if limit is not None and len(value) > limit:
        problems.append(f"{where} is {len(value)} characters long; keep it to {limit}.")
    return value.strip()


def _section(problems: list[str], index: int, raw: object) -> Section | None:
    where = f"section {index + 1}"
    if not isinstance(raw, Mapping):
        problems.append(f"{where} must be a table with id, title and statements.")
        return None
    unknown = sorted(set(raw) - {"id", "title", "statements"})
    if unknown:
        problems.append(f"{where} has unknown field(s): {', '.join(unknown)}.")
    section_id = _text(problems, f"{where}: id", raw.get("id"), limit=_ID_MAX)
    expected = SECTION_IDS[index] if index < len(SECTION_IDS) else None
    if section_id and expected is not None and section_id != expected:
        problems.append(
            f"{where} must have id {expected!r} (got {section_id!r}); the sections follow the "
            f"Oswestry order: {', '.join(SECTION_IDS)}."
        )
    where = f"{where} ({section_id or '?'})"
    title = _text(problems, f"{where}: title", raw.get("title"))
    statements = raw.get("statements")
    if not isinstance(statements, list):
        problems.append(f"{where}: statements must be a list of {STATEMENT_COUNT} sentences.")
        return None
    if len(statements) != STATEMENT_COUNT:
        problems.append(
            f"{where} has {len(statements)} statements; it needs exactly {STATEMENT_COUNT}, "
            f"from no difficulty (0) to the hardest (5)."
        )
    texts = tuple(_text(problems, f"{where}: statement {n}", s) for n, s in enumerate(statements))
    return Section(id=section_id, title=title, statements=texts)


def parse_definition(raw: object, *, source: str = "the questionnaire definition") -> Definition:
    """Check a decoded definition (a dict from TOML or JSON) and build it, or say what is wrong."""
    problems: list[str] = []
    if not isinstance(raw, Mapping):
        raise DefinitionError(f"{source}: expected a table with id, version, title and section.")
    scoring_raw = raw.get("scoring", Scoring.OSWESTRY.value)
    try:
        scoring = Scoring(scoring_raw)
    except ValueError:
        raise DefinitionError(
            f"{source} cannot be used: scoring must be one of "
            f"{', '.join(repr(s.value) for s in Scoring)} (got {scoring_raw!r})."
        ) from None
    if scoring is Scoring.PSFS:
        return _parse_psfs(raw, source)
    unknown = sorted(
        set(raw)
        - {"id", "version", "title", "instructions", "section", "sections", "scoring", "scale"}
    )
    if unknown:
        problems.append(f"unknown field(s): {', '.join(unknown)}.")
    definition_id, version, title, instructions = _heading(problems, raw)
    scale = _scale(problems, raw.get("scale"), RULES[Scoring.OSWESTRY], words_needed=False)
    sections_raw = raw.get("section", raw.get("sections"))
    sections: list[Section] = []
    if not isinstance(sections_raw, list):
        problems.append(
            f'it needs {SECTION_COUNT} sections ([[section]] tables in TOML, a "sections" '
            "list in JSON)."
        )
    else:
        if len(sections_raw) != SECTION_COUNT:
            problems.append(
                f"it has {len(sections_raw)} sections; it needs exactly {SECTION_COUNT}: "
                f"{', '.join(SECTION_IDS)}."
            )
        for index, item in enumerate(sections_raw):
            section = _section(problems, index, item)
            if section is not None:
                sections.append(section)
        ids = [s.id for s in sections if s.id]
        repeated = sorted({i for i in ids if ids.count(i) > 1})
        if repeated:
            problems.append(f"section ids must be unique; repeated: {', '.join(repeated)}.")
    if problems:
        raise DefinitionError(f"{source} cannot be used: " + " ".join(problems))
    return Definition(
        id=definition_id,
        version=version,
        title=title,
        sections=tuple(sections),
        instructions=instructions.strip(),
        scoring=Scoring.OSWESTRY,
        scale=scale,
    )


def _heading(problems: list[str], raw: Mapping) -> tuple[str, str, str, str]:
    """The fields every definition has: id, version, title and instructions."""
    definition_id = _text(problems, "id", raw.get("id"), limit=_ID_MAX)
    version = raw.get("version")
    if isinstance(version, int | float) and not isinstance(version, bool):
        version = str(version)  # `version = 2` in a hand-written file means "2"
    version = _text(problems, "version", version, limit=_VERSION_MAX)
    title = _text(problems, "title", raw.get("title"))
    instructions = raw.get("instructions", "")
    if not isinstance(instructions, str):
        problems.append("instructions must be text.")
        instructions = ""
    return definition_id, version, title, instructions.strip()


def _scale(problems: list[str], raw: object, rule: ScoringRule, *, words_needed: bool) -> Scale:
    """The file's answer scale, which must be its rule's: a file words the scale, never moves it."""
    lowest, highest = rule.scale
    if raw is None and not words_needed:
        return Scale(lowest, highest)
    if not isinstance(raw, Mapping):
        problems.append("scale must be a table with lowest, highest, lowest_words, highest_words.")
        return Scale(lowest, highest)
    unknown = sorted(set(raw) - {"lowest", "highest", "lowest_words", "highest_words"})
    if unknown:
        problems.append(f"scale has unknown field(s): {', '.join(unknown)}.")
    if (raw.get("lowest"), raw.get("highest")) != (lowest, highest) or any(
        isinstance(raw.get(end), bool) for end in ("lowest", "highest")
    ):
        problems.append(
            f"scale must run from {lowest} to {highest}, as the {rule.key.value} scoring rule "
            f"does (got {raw.get('lowest')!r} to {raw.get('highest')!r})."
        )
    words = []
    for end in ("lowest_words", "highest_words"):
        if words_needed or end in raw:
            words.append(_text(problems, f"scale: {end}", raw.get(end)))
        else:
            words.append("")
    return Scale(lowest, highest, words[0], words[1])


def _parse_psfs(raw: Mapping, source: str) -> Definition:
    """A PSFS definition: no sections (the person names the activities), a 0–10 scale with the
    words of its ends, and the question asked of each activity."""
    problems: list[str] = []
    unknown = sorted(
        set(raw) - {"id", "version", "title", "instructions", "scoring", "scale", "prompt"}
    )
    if unknown:
        problems.append(f"unknown field(s) for the psfs scoring: {', '.join(unknown)}.")
    definition_id, version, title, instructions = _heading(problems, raw)
    scale = _scale(problems, raw.get("scale"), RULES[Scoring.PSFS], words_needed=True)
    prompt = _text(problems, "prompt", raw.get("prompt"))
    if problems:
        raise DefinitionError(f"{source} cannot be used: " + " ".join(problems))
    return Definition(
        id=definition_id,
        version=version,
        title=title,
        sections=(),
        instructions=instructions,
        scoring=Scoring.PSFS,
        scale=scale,
        prompt=prompt,
    )


def _decode(text: str, suffix: str, source: str) -> object:
    try:
        if suffix == ".json":
            return json.loads(text)
        return tomllib.loads(text)
    except (tomllib.TOMLDecodeError, json.JSONDecodeError) as exc:
        kind = "JSON" if suffix == ".json" else "TOML"
        raise DefinitionError(f"{source} is not valid {kind}: {exc}.") from exc


def load_definition(path: Path | str) -> Definition:
    """Read and check a definition file (.toml, or .json); `DefinitionError` says what is wrong."""
    path = Path(path).expanduser()
    source = f"The questionnaire file {path}"
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise DefinitionError(f"{source} does not exist. Check the path.") from exc
    except UnicodeDecodeError as exc:
        raise DefinitionError(f"{source} is not UTF-8 text.") from exc
    except OSError as exc:
        raise DefinitionError(f"{source} cannot be read ({exc.strerror or exc}).") from exc
    return parse_definition(_decode(text, path.suffix.lower(), source), source=source)


@functools.cache  # the shipped file does not change while HamTrack runs; pages read it per rerun
def packaged_definition() -> Definition:
    """HamTrack's own Oswestry-style wording, shipped in the package."""
    text = resources.files("hamtrack").joinpath(PACKAGED_FILE).read_text("utf-8")
    return parse_definition(tomllib.loads(text), source=f"hamtrack/{PACKAGED_FILE}")


def default_definition() -> Definition:
    """The definition in use: the file named by HAMTRACK_QUESTIONNAIRE if set, else ours."""
    named = os.environ.get(ENV_VAR, "").strip()
    if not named:
        return packaged_definition()
    definition = load_definition(named)
    if definition.scoring is not Scoring.OSWESTRY:
        raise DefinitionError(
            f"The questionnaire file {named} is scored as {definition.scoring.value}; "
            f"{ENV_VAR} names the weekly back questionnaire, scored as oswestry."
        )
    return definition


@functools.cache  # shipped with the package, like the Oswestry-style file
def psfs_definition() -> Definition:
    """HamTrack's own wording of the Patient-Specific Functional Scale (docs/rules.md §9)."""
    text = resources.files("hamtrack").joinpath(PSFS_FILE).read_text("utf-8")
    return parse_definition(tomllib.loads(text), source=f"hamtrack/{PSFS_FILE}")


# ---------------------------------------------------------------------------------------------
# Scoring.


@dataclass(frozen=True, slots=True)
class Band:
    """A score band: its key (the clinical name, used in files) and gentler words for the person."""

    key: str
    upper: int | None
    label: str
    words: str


BANDS: tuple[Band, ...] = (
    Band(
        "minimal",
        20,
        "Little effect on daily life",
        "Your back is having little effect on what you do from day to day.",
    ),
    Band(
        "moderate",
        40,
        "Some effect on daily life",
        "Your back is making some everyday things harder, such as sitting, lifting or travelling.",
    ),
    Band(
        "severe",
        60,
        "A large effect on daily life",
        "Your back is making many everyday things hard. Keep your physiotherapist or doctor up "
        "to date with how you are doing.",
    ),
    Band(
        "crippling",
        80,
        "A very large effect on daily life",
        "Back pain is getting in the way of most of your day. Please talk it over with your "
        "physiotherapist or doctor.",
    ),
    Band(
        "bed-bound",
        None,
        "Back pain is affecting nearly everything",
        "Back pain is affecting nearly everything you do. Please contact your doctor or "
        "physiotherapist soon.",
    ),
)
"""Bands, half-open: ≤20 minimal, ≤40 moderate, ≤60 severe, ≤80 crippling, >80 bed-bound
(docs/rules.md §6)."""

BANDS_BY_KEY: Mapping[str, Band] = MappingProxyType({band.key: band for band in BANDS})
BAND_LABELS: Mapping[str, str] = MappingProxyType({band.key: band.label for band in BANDS})


@dataclass(frozen=True, slots=True)
class Score:
    """A response's score: `percent` is exact (unrounded) and None when too few were answered."""

    total: int
    answered: int
    percent: float | None
    band: str | None

    @property
    def scored(self) -> bool:
        return self.percent is not None

    @property
    def skipped(self) -> int:
        return SECTION_COUNT - self.answered


def _band_index(total: int, answered: int) -> int:
    # percent = 20·total/answered, so "percent ≤ 20·k" is "total ≤ k·answered": exact integers.
    for index, band in enumerate(BANDS):
        if band.upper is None or total * 20 <= band.upper * answered:
            return index
    raise AssertionError("the last band has no upper limit")


def score(answers: Sequence[int | None]) -> Score:
    """Score one response: ten answers, each 0–5 or None for a skipped section.

    Score = sum of answered ÷ (5 × answered) × 100; a skipped section leaves the denominator.
    Fewer than 8 answered: kept, but no percent and no band. Anything other than ten whole
    numbers 0–5 or None raises ValueError (True and False are not answers).
    """
    if isinstance(answers, str | bytes) or not isinstance(answers, Iterable):
        raise ValueError(f"answers must be a sequence of {SECTION_COUNT} items (got {answers!r}).")
    items = tuple(answers)
    if len(items) != SECTION_COUNT:
        raise ValueError(f"answers must have exactly {SECTION_COUNT} items (got {len(items)}).")
    for position, item in enumerate(items, start=1):
        if item is None:
            continue
        if isinstance(item, bool) or not isinstance(item, int):
            raise ValueError(
                f"answer {position} must be a whole number 0–5 or None (got {item!r})."
            )
        if not 0 <= item <= MAX_PER_SECTION:
            raise ValueError(f"answer {position} must be from 0 to 5 (got {item}).")
    given = [item for item in items if item is not None]
    total, answered = sum(given), len(given)
    if answered < MIN_ANSWERED:
        return Score(total=total, answered=answered, percent=None, band=None)
    # One correctly rounded division of integers: the nearest float to the exact value.
    percent = total * 100 / (MAX_PER_SECTION * answered)
    return Score(
        total=total,
        answered=answered,
        percent=percent,
        band=BANDS[_band_index(total, answered)].key,
    )


def _exact(percent: float) -> Fraction:
    """The exact score behind a float percent (every score is a fraction with denominator ≤ 50)."""
    value = Fraction(percent)
    snapped = value.limit_denominator(100)
    return snapped if abs(snapped - value) < Fraction(1, 10**9) else value


def band_of(percent: float) -> str:
    """The band key of a percent score, by the half-open limits of docs/rules.md §6."""
    value = _exact(percent)
    for band in BANDS:
        if band.upper is None or value <= band.upper:
            return band.key
    raise AssertionError("the last band has no upper limit")


def round_percent(percent: float | None, decimals: int = 0) -> float | None:
    """A percent rounded half up (35.55… → 36, or 35.6 at one decimal); None stays None."""
    if percent is None or pd.isna(percent):
        return None
    return round_half_up(_exact(percent), decimals)


def format_percent(percent: float | None, decimals: int = 0) -> str:
    """A percent as text for screens (whole, the default) or files (one decimal); '–' if none."""
    rounded = round_percent(percent, decimals)
    if rounded is None:
        return "–"
    return f"{rounded:.{decimals}f}"


# ---------------------------------------------------------------------------------------------
# Change between two scores.


def points_shown(earlier_percent: float, later_percent: float) -> int:
    """The change in whole points between two scores as the screens show them (each rounded
    half up), so '13' and '36' on screen always differ by the −23 shown beside them."""
    later = round_half_up(_exact(later_percent))
    earlier = round_half_up(_exact(earlier_percent))
    return int(later) - int(earlier)


def meaningful_change(baseline_percent: float, current_percent: float) -> bool:
    """True when the scores shown differ by 10 points or more, either direction.

    4 → 2 is "50 %" but 2 points, well inside the measurement error: not meaningful.
    """
    return abs(points_shown(baseline_percent, current_percent)) >= MEANINGFUL_POINTS


@dataclass(frozen=True, slots=True)
class Change:
    """How a score moved from an earlier one; lower scores mean less difficulty."""

    earlier: float
    later: float
    meaningful: bool

    @property
    def points(self) -> int:
        """Later minus earlier in the whole points shown: negative is an improvement."""
        return points_shown(self.earlier, self.later)

    @property
    def percent(self) -> float | None:
        """The change as a percentage of the earlier score, shown as information only."""
        earlier = _exact(self.earlier)
        if earlier == 0:
            return None
        return float((_exact(self.later) - earlier) / earlier * 100)

    @property
    def direction(self) -> str:
        """'better', 'worse' or 'same', in the points shown."""
        return "better" if self.points < 0 else "worse" if self.points > 0 else "same"


def change_summary(earlier_percent: float, later_percent: float) -> Change:
    """The change from an earlier score to a later one, and whether it is clinically meaningful."""
    return Change(
        earlier=earlier_percent,
        later=later_percent,
        meaningful=meaningful_change(earlier_percent, later_percent),
    )


def points_text(points: float) -> str:
    """The size of a change in plain words, to one decimal when not whole: '9.7 points'."""
    text = rounded_text(abs(_exact(points)), 1).removesuffix(".0")
    return f"{text} point" if text == "1" else f"{text} points"


def change_sentence(change: Change, since: str) -> str:
    """One plain sentence about a change, e.g. 'Down 12 points since your first, on 3 March: …'."""
    if change.direction == "same":
        return f"The same score as {since}."
    amount = points_text(change.points)
    if change.direction == "better":
        if change.meaningful:
            return f"Down {amount} since {since}: a clear improvement, big enough to matter."
        return f"Down {amount} since {since}: a small change, within the usual ups and downs."
    if change.meaningful:
        return (
            f"Up {amount} since {since}: a clear change for the worse. If things keep getting "
            "harder, talk it over with your physiotherapist or doctor."
        )
    return f"Up {amount} since {since}: a small change, within the usual ups and downs."


def definition_label(questionnaire_id: str, version: str) -> str:
    """Which definition a score comes from, as screens and the summary name it."""
    return f"{questionnaire_id} version {version}"


# ---------------------------------------------------------------------------------------------
# Scoring rules: what a definition's `scoring` names. Each rule has one home; this table only
# points at it, so the questionnaire screens and the PSFS screen score through one path.


@dataclass(frozen=True, slots=True)
class ScoringRule:
    """How a definition's answers become a score and when a change of that score matters."""

    key: Scoring
    scale: tuple[int, int]
    items: tuple[int, int]
    """How many items a response has: exactly ten sections, or 3–5 activities."""
    higher_is_better: bool
    score: Callable[[Sequence[int | None]], float | Fraction | None]
    meaningful: Callable[[float | Fraction, float | Fraction, int], bool]
    """(earlier score, later score, how many items both share) -> meaningful?"""


def _oswestry_percent(answers: Sequence[int | None]) -> float | None:
    return score(answers).percent


def _oswestry_meaningful(earlier: float | Fraction, later: float | Fraction, _items: int) -> bool:
    return meaningful_change(float(earlier), float(later))


def _psfs_meaningful(earlier: float | Fraction, later: float | Fraction, items: int) -> bool:
    return rts.psfs_meaningful(earlier, later, activities=items)


RULES: Mapping[Scoring, ScoringRule] = MappingProxyType(
    {
        Scoring.OSWESTRY: ScoringRule(
            key=Scoring.OSWESTRY,
            scale=(0, MAX_PER_SECTION),
            items=(SECTION_COUNT, SECTION_COUNT),
            higher_is_better=False,
            score=_oswestry_percent,
            meaningful=_oswestry_meaningful,
        ),
        Scoring.PSFS: ScoringRule(
            key=Scoring.PSFS,
            scale=(rts.PSFS_RATING_MIN, rts.PSFS_RATING_MAX),
            items=(rts.PSFS_MIN_ACTIVITIES, rts.PSFS_MAX_ACTIVITIES),
            higher_is_better=True,
            score=rts.psfs_score,
            meaningful=_psfs_meaningful,
        ),
    }
)
"""Oswestry-style: percent 0–100, lower is better, 10 points meaningful (docs/rules.md §6).
PSFS: the mean rating 0–10, higher is better, 2 points meaningful, 3 for one activity
(docs/rules.md §9)."""


def score_answers(definition: Definition, answers: Sequence[int | None]) -> float | Fraction | None:
    """The score of one response under its definition's rule; None when it has no score.

    Answers outside the definition's scale, or the wrong number of them, raise ValueError.
    """
    rule = definition.rule
    items = tuple(answers)
    fewest, most = rule.items
    if not fewest <= len(items) <= most:
        raise ValueError(
            f"a {rule.key.value} response has {fewest}–{most} answers (got {len(items)})."
        )
    for position, item in enumerate(items, start=1):
        if item is None:
            continue
        if (
            isinstance(item, bool)
            or not isinstance(item, int)
            or not definition.scale.lowest <= item <= definition.scale.highest
        ):
            raise ValueError(
                f"answer {position} must be a whole number {definition.scale.lowest}–"
                f"{definition.scale.highest} or None (got {item!r})."
            )
    return rule.score(items)


def is_meaningful(
    definition: Definition,
    earlier: float | Fraction,
    later: float | Fraction,
    *,
    items: int,
) -> bool:
    """Whether a change between two scores of this definition is meaningful under its rule;
    `items` is how many items (sections or activities) the two scores share."""
    return definition.rule.meaningful(earlier, later, items)


# ---------------------------------------------------------------------------------------------
# Scores over time.

SCORE_COLUMNS = (
    "response_id",
    "day",
    "questionnaire_id",
    "questionnaire_version",
    "total",
    "answered",
    "skipped",
    "percent",
    "band",
)


def _score_or_unscored(answers: Sequence[int | None]) -> Score:
    try:
        return score(answers)
    except ValueError:
        # A stored response with another number of sections (not ours) is listed, unscored.
        given = [a for a in answers if a is not None]
        return Score(total=sum(given), answered=len(given), percent=None, band=None)


def scores_frame(responses: Iterable[Saved[QuestionnaireResponse]]) -> pd.DataFrame:
    """One row per stored response, oldest first, with its derived score.

    Columns: response_id, day (datetime64), questionnaire_id, questionnaire_version, total,
    answered, skipped, percent (exact float; NaN when unscored), band (key, or None).
    """
    rows = []
    for saved in responses:
        response = saved.value
        result = _score_or_unscored(response.answers)
        rows.append(
            {
                "response_id": saved.id,
                "day": response.day,
                "questionnaire_id": response.questionnaire_id,
                "questionnaire_version": response.questionnaire_version,
                "total": result.total,
                "answered": result.answered,
                "skipped": len(response.answers) - result.answered,
                "percent": result.percent,
                "band": result.band,
            }
        )
    frame = pd.DataFrame.from_records(rows, columns=list(SCORE_COLUMNS))
    frame["day"] = pd.to_datetime(frame["day"])
    frame["percent"] = frame["percent"].astype("float64")
    frame["band"] = frame["band"].astype(object).where(frame["band"].notna(), None)
    for column in ("response_id", "total", "answered", "skipped"):
        frame[column] = frame[column].astype("int64")
    return frame.sort_values(["day", "response_id"], kind="stable").reset_index(drop=True)


@dataclass(frozen=True, slots=True)
class Progress:
    """A scored response beside the one before it and the first (the baseline)."""

    day: dt.date
    percent: float
    band: str
    previous_day: dt.date | None
    since_previous: Change | None
    baseline_day: dt.date | None
    since_baseline: Change | None
    previous_is_baseline: bool = False


def progress_of(frame: pd.DataFrame, response_id: int) -> Progress | None:
    """How response `response_id` compares with the previous scored one and the first scored one
    of the same definition (id and version).

    `frame` is `scores_frame(...)` of all responses. None when that response has no score.
    Unscored responses, and those of another definition, are passed over when looking for the
    previous one and the baseline.
    """
    scored = frame[frame["percent"].notna()]
    mine = scored[scored["response_id"] == response_id]
    if mine.empty:
        return None
    # A baseline belongs to one definition: responses of another are never compared.
    same = (scored["questionnaire_id"] == mine["questionnaire_id"].iloc[0]) & (
        scored["questionnaire_version"] == mine["questionnaire_version"].iloc[0]
    )
    scored = scored[same].reset_index(drop=True)
    matches = scored.index[scored["response_id"] == response_id]
    position = int(matches[0])
    row = scored.iloc[position]
    percent = float(row["percent"])
    previous = scored.iloc[position - 1] if position > 0 else None
    baseline = scored.iloc[0] if position > 0 else None
    return Progress(
        day=row["day"].date(),
        percent=percent,
        band=str(row["band"]),
        previous_day=previous["day"].date() if previous is not None else None,
        since_previous=(
            change_summary(float(previous["percent"]), percent) if previous is not None else None
        ),
        baseline_day=baseline["day"].date() if baseline is not None else None,
        since_baseline=(
            change_summary(float(baseline["percent"]), percent) if baseline is not None else None
        ),
        previous_is_baseline=position == 1,
    )


# ---------------------------------------------------------------------------------------------
# When the next one is due.


@dataclass(frozen=True, slots=True)
class Due:
    """A questionnaire is due: never taken yet, or 7 or more days since the last."""

    last_day: dt.date | None
    days_since: int | None
    message: str

    @property
    def never_taken(self) -> bool:
        return self.last_day is None


def next_due_day(last_day: dt.date | None) -> dt.date | None:
    """The first day a new questionnaire is due; None when none was ever taken (due now)."""
    return None if last_day is None else last_day + dt.timedelta(days=DUE_AFTER_DAYS)


def questionnaire_due(last_day: dt.date | None, today: dt.date) -> Due | None:
    """Whether the weekly questionnaire is due on `today`, given the day of the last one.

    Returns a `Due` with a plain message when none was ever taken or the last was 7 or more
    days ago; None when it is not due yet.
    """
    if last_day is None:
        return Due(
            last_day=None,
            days_since=None,
            message=(
                "Your weekly back questionnaire has not been filled in yet. It takes about "
                "three minutes, and your first one becomes the starting point to compare with."
            ),
        )
    days = (today - last_day).days
    if days < DUE_AFTER_DAYS:
        return None
    return Due(
        last_day=last_day,
        days_since=days,
        message=(
            f"Your weekly back questionnaire is due: the last one was {days} days ago, "
            f"on {last_day.day} {last_day:%B}."
        ),
    )


def statement_for(definition: Definition, section_index: int, answer: int | None) -> str:
    """The statement a person chose in a section, or a note that they skipped it."""
    if answer is None:
        return "Skipped"
    return definition.sections[section_index].statements[answer]
