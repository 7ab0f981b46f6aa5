"""Functions that remember results by content return exactly what they compute, as copies."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from hamtrack import db as store
from hamtrack import demo, flags, memo, trends, trends_view

TODAY = dt.date(2026, 3, 4)


@pytest.fixture
def data(fresh_db) -> trends.TrendData:
    store.store_bundle(fresh_db, demo.generate(weeks=30, seed=3, today=TODAY), today=TODAY)
    return trends.read_trend_data(fresh_db, today=TODAY, since=TODAY - dt.timedelta(weeks=12))


def _calls(data: trends.TrendData):
    since = TODAY - dt.timedelta(weeks=12)
    first = data.read_from or data.first_day
    return [
        (trends.weekly_pain, (data.daily_pain,), {"first": first, "last": TODAY}),
        (trends.exercise_volume, (data.exercises,), {"since": since}),
        (trends.exercise_summary, (data.exercises, data.programme), {"since": since}),
        (trends.questionnaire_series, (data.scores,), {"since": since}),
        (trends.done_since, (data.exercises, since), {}),
        (trends.daily_points, (data.daily_pain,), {"since": since}),
        (trends.pauses_in, (data.pauses,), {"first": since, "last": TODAY}),
        (
            trends_view._sessions_in_words,
            (trends_view.trends_view(data, weeks=12).adherence,),
            {"since": since, "today": TODAY},
        ),
        (
            trends_view._pain_in_words,
            (trends.weekly_pain(data.daily_pain, first=first, last=TODAY),),
            {"today": TODAY},
        ),
        (
            trends_view._volume_in_words,
            (trends.exercise_volume(data.exercises, since=since), "bridge"),
            {"today": TODAY},
        ),
        (trends.latest_score, (data.scores,), {}),
        (flags.exercise_flags, (data.exercises,), {}),
        (flags.morning_rise_flags, (data.daily_pain,), {"today": TODAY}),
        (
            trends_view.sessions_against_target,
            (data.sessions, data.pauses),
            {"target": data.target, "first_day": data.first_day, "today": TODAY},
        ),
        (
            trends_view.with_doses,
            (
                trends.exercise_summary(data.exercises, data.programme, since=since),
                data.exercises,
                data.programme,
            ),
            {"since": since},
        ),
    ]


def _same(found, expected) -> None:
    if isinstance(expected, pd.DataFrame):
        pd.testing.assert_frame_equal(found, expected, check_exact=True)
    else:
        assert found == expected


def test_remembered_results_are_what_each_function_computes(data):
    for function, args, kwargs in _calls(data):
        expected = function.__wrapped__(*args, **kwargs)
        _same(function(*args, **kwargs), expected)
        # The second call finds the first one's result, from equal but new frames.
        _same(function(*[a.copy() if hasattr(a, "copy") else a for a in args], **kwargs), expected)


def test_changing_a_returned_result_changes_nothing_kept(data):
    for function, args, kwargs in _calls(data):
        first = function(*args, **kwargs)
        if isinstance(first, pd.DataFrame) and len(first):
            first.iloc[0, 0] = None
        elif isinstance(first, list):
            first.clear()
        _same(function(*args, **kwargs), function.__wrapped__(*args, **kwargs))


def test_different_content_is_worked_out_again(data):
    changed = data.daily_pain.copy()
    changed.loc[changed.index[-1], "mean_pain"] = 9.5
    first = data.read_from or data.first_day
    before = trends.weekly_pain(data.daily_pain, first=first, last=TODAY)
    after = trends.weekly_pain(changed, first=first, last=TODAY)
    assert not before.equals(after)
    _same(after, trends.weekly_pain.__wrapped__(changed, first=first, last=TODAY))


def test_the_key_follows_content_not_identity():
    words = ["same", "text"]
    assert memo.content_key(("".join(["sa", "me"]), "text")) == memo.content_key(tuple(words))
    assert memo.content_key(("same", "text")) != memo.content_key(("same", "text "))


def test_questionnaire_scores_read_as_rows_are_those_of_the_responses(fresh_db):
    """Trends reads the questionnaires as stored rows and scores them only when they changed:
    the same scores as from the checked responses, before and after an answer is added."""
    from hamtrack import oswestry

    store.store_bundle(fresh_db, demo.generate(weeks=20, seed=5, today=TODAY), today=TODAY)
    for _ in range(2):
        expected = oswestry.scores_frame(store.questionnaire_responses(fresh_db, until=TODAY))
        found = trends._scores_of(store.questionnaire_rows(fresh_db, until=TODAY))
        pd.testing.assert_frame_equal(found, expected, check_exact=True)
        assert len(found) > 0
        latest = store.questionnaire_responses(fresh_db, until=TODAY)[-1].value
        store.add_questionnaire_response(fresh_db, latest)


def test_kept_results_come_back_by_their_key_as_copies_and_only_the_last_few_stay():
    kept = memo.Kept(kept=2)
    computed = []

    def frame(n: int):
        computed.append(n)
        return pd.DataFrame({"n": [n]})

    first = kept.get("one", lambda: frame(1))
    first.loc[0, "n"] = 99  # a caller's change never reaches what is kept
    assert kept.get("one", lambda: frame(-1))["n"].tolist() == [1]
    kept.get("two", lambda: frame(2))
    kept.get("three", lambda: frame(3))  # "one" was the least recently asked: it goes
    assert kept.get("two", lambda: frame(-2))["n"].tolist() == [2]
    assert kept.get("one", lambda: frame(1))["n"].tolist() == [1]
    assert computed == [1, 2, 3, 1]


def test_a_function_keeping_one_result_works_out_anything_else_again():
    calls = []

    @memo.by_content(kept=1)
    def doubled(frame: pd.DataFrame) -> pd.DataFrame:
        calls.append(len(frame))
        return frame * 2

    one, two = pd.DataFrame({"a": [1]}), pd.DataFrame({"a": [1, 2]})
    doubled(one)
    doubled(one.copy())
    assert calls == [1]
    doubled(two)
    doubled(one)
    assert calls == [1, 2, 1]
    pd.testing.assert_frame_equal(doubled(one), pd.DataFrame({"a": [2]}))


def test_a_result_kept_at_a_version_is_worked_out_again_at_another_and_replaced():
    kept = memo.Kept(4)
    calls = []

    def read(value):
        def compute():
            calls.append(value)
            return pd.DataFrame({"a": [value]})

        return compute

    first = kept.get_current("pain", 1, read(1))
    first.loc[0, "a"] = 99  # a copy: what is kept does not change
    assert kept.get_current("pain", 1, read(2))["a"].tolist() == [1]
    assert kept.get_current("pain", 2, read(3))["a"].tolist() == [3]
    assert kept.get_current("pain", 1, read(4))["a"].tolist() == [4]  # only the newest is kept
    assert calls == [1, 3, 4]


def test_worked_out_afresh_reads_nothing_kept_and_keeps_what_was_kept():
    kept = memo.Kept(4)
    kept.get("pain", lambda: 1)
    with memo.worked_out_afresh():
        assert kept.get("pain", lambda: 2) == 2
        assert kept.get_current("back", 1, lambda: 3) == 3
    assert kept.get("pain", lambda: 4) == 1  # what was kept before stays kept
    assert kept.get_current("back", 1, lambda: 5) == 5  # nothing was added inside the block
    assert not memo.working_afresh()
