"""Hand-made frames shaped like the database's, for the trend and flag tables."""

import pandas as pd

from hamtrack import oswestry


def daily(*rows) -> pd.DataFrame:
    """Rows of db.daily_pain_frame: (day, morning, mean, min, max[, morning stiffness])."""
    records = []
    for row in rows:
        day, morning, mean, low, high, *rest = row
        records.append(
            {
                "day": day,
                "check_ins": 1,
                "morning_pain": morning,
                "morning_stiffness": rest[0] if rest else morning,
                "mean_pain": mean,
                "min_pain": low,
                "max_pain": high,
                "mean_stiffness": rest[0] if rest else morning,
            }
        )
    frame = pd.DataFrame.from_records(
        records,
        columns=[
            "day",
            "check_ins",
            "morning_pain",
            "morning_stiffness",
            "mean_pain",
            "min_pain",
            "max_pain",
            "mean_stiffness",
        ],
    )
    frame["day"] = pd.to_datetime(frame["day"], format="%Y-%m-%d")
    return frame


def done(*rows) -> pd.DataFrame:
    """Rows of db.session_exercises_frame: (day, exercise, sets, reps, hold_s, band, pain)."""
    frame = pd.DataFrame.from_records(
        [
            {
                "session_id": n,
                "day": day,
                "position": 0,
                "exercise": exercise,
                "side": "both",
                "sets": sets,
                "reps": reps,
                "hold_s": hold,
                "band_level": band,
                "pain_during": pain,
                "note": "",
            }
            for n, (day, exercise, sets, reps, hold, band, pain) in enumerate(rows)
        ],
        columns=[
            "session_id",
            "day",
            "position",
            "exercise",
            "side",
            "sets",
            "reps",
            "hold_s",
            "band_level",
            "pain_during",
            "note",
        ],
    )
    frame["day"] = pd.to_datetime(frame["day"], format="%Y-%m-%d")
    return frame


def scores(*rows) -> pd.DataFrame:
    """Rows of oswestry.scores_frame: (day, percent or None)."""
    frame = pd.DataFrame.from_records(
        [
            {
                "response_id": n + 1,
                "day": day,
                "total": 0,
                "answered": 10,
                "percent": percent,
                "band": None if percent is None else oswestry.band_of(percent),
            }
            for n, (day, percent) in enumerate(rows)
        ],
        columns=["response_id", "day", "total", "answered", "percent", "band"],
    )
    frame["day"] = pd.to_datetime(frame["day"])
    frame["percent"] = frame["percent"].astype("float64")
    return frame
