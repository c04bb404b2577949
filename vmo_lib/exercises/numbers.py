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
    is_mask,
    passed,
    single,
)

__all__ = ["check_number", "check_series"]


#: Decimals a rounded answer may keep and still count as right (``round(cpi, 2)``).
ROUNDED_DECIMALS = (2, 3, 4)


def _rounded(value: float, target: float) -> bool:
    """Whether ``value`` is ``target`` rounded to 2, 3 or 4 decimals."""
    return any(
        math.isclose(value, round(target, d), rel_tol=0, abs_tol=1e-9 * max(1.0, abs(target)))
        for d in ROUNDED_DECIMALS
    )


def _close(a: float, b: float, rel_tol: float, abs_tol: float) -> bool:
    """``a`` (the answer) matches ``b``: within tolerance, or ``b`` rounded as people do."""
    return math.isclose(a, b, rel_tol=rel_tol, abs_tol=abs_tol) or _rounded(a, b)


def _number(answer: object) -> float | None:
    answer = single(answer)
    if isinstance(answer, bool | np.bool_):
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
    if is_blank(single(answer)):
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
        if wrong is None or not math.isfinite(wrong) or _close(wrong, expected, rel_tol, abs_tol):
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
        return pd.Series(list(answer.values()), index=list(answer.keys()), dtype=object)
    if isinstance(answer, pd.DataFrame) and answer.shape[1] == 1:
        return answer.iloc[:, 0]
    return None


def _values(series: pd.Series, index: pd.Index) -> np.ndarray:
    """``series`` as floats in the order of ``index`` (labels compared as text); non-numbers
    and infinities (a division by zero) become NaN, i.e. blank."""
    numbers = pd.to_numeric(series.set_axis(series.index.map(str)), errors="coerce")
    values = numbers.reindex(index).astype(float).to_numpy()
    return np.where(np.isfinite(values), values, np.nan)


def _matching(a: np.ndarray, e: np.ndarray, rel_tol: float, abs_tol: float) -> np.ndarray:
    """Per item: both blank, close, or ``a`` is ``e`` rounded to 2-4 decimals."""
    close = np.isclose(a, e, rtol=rel_tol, atol=abs_tol)
    for d in ROUNDED_DECIMALS:
        close |= np.isclose(a, np.round(e, d), rtol=0, atol=1e-9)
    return close | (np.isnan(a) & np.isnan(e))


def _same_series(
    answer: pd.Series, expected: pd.Series, rel_tol: float, abs_tol: float
) -> bool | None:
    """True/False when both cover the same keys; None when the keys differ."""
    if set(map(str, answer.index)) != set(map(str, expected.index)):
        return None
    if answer.index.map(str).duplicated().any() or expected.index.map(str).duplicated().any():
        return None
    index = expected.index.map(str)
    a, e = _values(answer, index), _values(expected, index)
    return bool(np.all(_matching(a, e, rel_tol, abs_tol)))


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
    share: bool = False,
) -> Feedback:
    """Judge one number per item (a Series, or a dict, indexed by ``key``).

    Mistakes carry Series values too: a mistake matches when it covers the same items and its
    numbers agree. An answer covering other items than expected is told how many it has and
    which kind of item is missing or extra (never the values). Items listed twice, a yes/no
    mask and a bare numpy array (values without identifiers) are each told so; with ``share``
    the values given as percentages are recognised.
    """
    if is_blank(answer):
        return blank_feedback(task, variable)
    if isinstance(answer, np.ndarray | list | tuple) and len(answer) == len(expected):
        return Feedback(
            task,
            False,
            f"`{variable}` holds {len(expected)} values but no {key}: a plain array or list "
            "does not say which value belongs to which item.",
            f"Keep the pandas Series, indexed by {key} (.set_index('{key}') before the "
            "calculation).",
            mistake="no identifiers",
        )
    series = _as_series(answer)
    if series is not None and is_mask(series):
        return Feedback(
            task,
            False,
            f"`{variable}` holds yes/no values (True or False), not numbers.",
            "Compute the number itself for each item, not a comparison with a threshold.",
            mistake="mask instead of numbers",
        )
    if series is not None and series.index.map(str).duplicated().any():
        twice = series.index[series.index.map(str).duplicated()]
        return Feedback(
            task,
            False,
            f"`{variable}` lists {twice.nunique()} {key}(s) more than once (e.g. {twice[0]}).",
            "Each item should appear once: check for a join or a concat that repeated rows.",
            mistake="duplicates",
        )
    if share:
        mistakes = [
            *mistakes,
            Mistake(
                "percent for share",
                "Your values look like percentages; this task wants shares between 0 and 1.",
                "Divide by 100 (62% is 0.62).",
                expected * 100,
            ),
        ]
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
    index = expected.index.map(str)
    off = ~_matching(_values(series, index), _values(expected, index), rel_tol, abs_tol)
    return Feedback(
        task,
        False,
        f"{int(off.sum())} of {len(index)} values are not right yet.",
        "Compare your formula with the definition, and check blanks (division by zero).",
        mistake=OTHER,
    )
