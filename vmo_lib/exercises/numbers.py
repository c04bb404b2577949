"""Judge numeric answers: one number (:func:`check_number`) or one per item
(:func:`check_series`), against the right value and the values typical mistakes give.

>>> from vmo_lib.exercises.feedback import Mistake
>>> inverted = Mistake("inverted", "You divided AC by EV.", value=0.9)
>>> check_number(0.9, 1.0, task="CPI", mistakes=[inverted]).mistake
'inverted'
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from vmo_lib.exercises.feedback import (
    OTHER,
    WRONG_TYPE,
    Feedback,
    Mistake,
    blank_feedback,
    describe_value,
    failed,
    is_blank,
    passed,
)

__all__ = ["check_number", "check_series"]


def _close(a: float, b: float, rel_tol: float, abs_tol: float) -> bool:
    return math.isclose(a, b, rel_tol=rel_tol, abs_tol=abs_tol)


def _number(answer: object) -> float | None:
    if isinstance(answer, bool):
        return None
    if isinstance(answer, int | float | np.integer | np.floating):
        return float(answer)
    return None


def check_number(
    answer: object,
    expected: float,
    *,
    task: str = "",
    variable: str = "answer",
    mistakes: Sequence[Mistake] = (),
    rel_tol: float = 0.005,
    abs_tol: float = 1e-6,
    why: str = "",
    what: str = "a number",
    share: bool = False,
) -> Feedback:
    """Judge a numeric answer.

    Order: blank, wrong type, right, each mistake in turn (skipped when a mistake's value is
    indistinguishable from the right one on this data), then the generic ones: the sign
    flipped, and with ``share`` a percentage given for a share (``62`` for ``0.62``).
    Otherwise the answer is "not right" with a hint saying whether it is too high or too low.
    """
    if is_blank(answer):
        return blank_feedback(task, variable)
    value = _number(answer)
    if value is None:
        return Feedback(
            task,
            False,
            f"`{variable}` should be {what}, but it is {describe_value(answer)}.",
            "Keep the calculation, but make its result one number (e.g. with .sum() or "
            "float(...)).",
            mistake=WRONG_TYPE,
        )
    if not math.isfinite(value):
        return Feedback(
            task,
            False,
            f"`{variable}` is not a finite number ({value}).",
            "A division by zero somewhere? Check which rows you include.",
            mistake=OTHER,
        )
    if _close(value, expected, rel_tol, abs_tol):
        return passed(task, "Right.", why)
    known = list(mistakes)
    if expected != 0:
        known.append(
            Mistake(
                "wrong sign",
                "Your answer has the right size but the wrong sign.",
                "Check the order of the subtraction (which amount comes first).",
                -expected,
            )
        )
    if share:
        known.append(
            Mistake(
                "percent for share",
                "Your answer looks like a percentage; this task wants a share between 0 and 1.",
                "Divide by 100 (62% is 0.62).",
                expected * 100,
            )
        )
    for mistake in known:
        wrong = _number(mistake.value)
        if wrong is None or _close(wrong, expected, rel_tol, abs_tol):
            continue
        if _close(value, wrong, rel_tol, abs_tol):
            return failed(task, mistake)
    side = "high" if value > expected else "low"
    return Feedback(
        task,
        False,
        f"Not right yet: your value is too {side}.",
        "Check the formula and the rows you included, step by step.",
        mistake=OTHER,
    )


def _as_series(answer: object) -> pd.Series | None:
    if isinstance(answer, pd.Series):
        return answer
    if isinstance(answer, Mapping):
        return pd.Series(dict(answer))
    if isinstance(answer, pd.DataFrame) and answer.shape[1] == 1:
        return answer.iloc[:, 0]
    return None


def _same_series(
    answer: pd.Series, expected: pd.Series, rel_tol: float, abs_tol: float
) -> bool | None:
    """True/False when both cover the same keys; None when the keys differ."""
    if set(map(str, answer.index)) != set(map(str, expected.index)):
        return None
    a = pd.to_numeric(answer.set_axis(answer.index.map(str)), errors="coerce")
    e = pd.to_numeric(expected.set_axis(expected.index.map(str)), errors="coerce")
    a = a.reindex(e.index).astype(float).to_numpy()
    a = np.where(np.isfinite(a), a, np.nan)  # a division by zero counts as blank
    e = e.astype(float).to_numpy()
    both_blank = np.isnan(a) & np.isnan(e)
    close = np.isclose(a, e, rtol=rel_tol, atol=abs_tol)
    return bool(np.all(both_blank | close))


def check_series(
    answer: object,
    expected: pd.Series,
    *,
    task: str = "",
    variable: str = "answer",
    mistakes: Sequence[Mistake] = (),
    rel_tol: float = 0.005,
    abs_tol: float = 1e-6,
    why: str = "",
    key: str = "project_id",
) -> Feedback:
    """Judge one number per item (a Series, or a dict, indexed by ``key``).

    Mistakes carry Series values too: a mistake matches when it covers the same items and its
    numbers agree. An answer covering other items than expected is told how many it has and
    which kind of item is missing or extra (never the values).
    """
    if is_blank(answer):
        return blank_feedback(task, variable)
    series = _as_series(answer)
    if series is None:
        return Feedback(
            task,
            False,
            f"`{variable}` should be one number per {key} (a pandas Series), but it is "
            f"{describe_value(answer)}.",
            f"Select one column, indexed by {key} (e.g. df.set_index('{key}')['...']).",
            mistake=WRONG_TYPE,
        )
    same = _same_series(series, expected, rel_tol, abs_tol)
    if same:
        return passed(task, f"Right for all {len(expected)} items.", why)
    for mistake in mistakes:
        wrong = mistake.value
        if not isinstance(wrong, pd.Series):
            continue
        if _same_series(wrong, expected, rel_tol, abs_tol):
            continue
        if _same_series(series, wrong, rel_tol, abs_tol):
            return failed(task, mistake)
    if same is None:
        shown = set(map(str, series.index))
        wanted = set(map(str, expected.index))
        if not shown & wanted:
            return Feedback(
                task,
                False,
                f"None of the labels of `{variable}` is a {key}.",
                f"Index your answer by {key}: .set_index('{key}') before selecting the column.",
                mistake="wrong index",
            )
        extra, missing = len(shown - wanted), len(wanted - shown)
        return Feedback(
            task,
            False,
            f"`{variable}` covers {len(shown)} items; {missing} expected ones are missing and "
            f"{extra} should not be there.",
            "Check which rows the task asks for before computing.",
            mistake="wrong rows",
        )
    a = pd.to_numeric(series.set_axis(series.index.map(str)), errors="coerce").astype(float)
    a = a.where(np.isfinite(a))
    e = expected.set_axis(expected.index.map(str)).astype(float)
    off = ~np.isclose(a.reindex(e.index).astype(float), e, rtol=rel_tol, atol=abs_tol)
    off &= ~(a.reindex(e.index).isna() & e.isna()).to_numpy()
    return Feedback(
        task,
        False,
        f"{int(off.sum())} of {len(e)} values are not right yet.",
        "Compare your formula with the definition, and check blanks (division by zero).",
        mistake=OTHER,
    )
