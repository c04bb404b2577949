"""Judge a choice among options (:func:`check_choice`) or a set of identifiers
(:func:`check_set`); spelling, case and spaces are ignored.

>>> check_choice("p-02", "P-02", options=["P-01", "P-02"]).passed
True
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence

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
    mask_feedback,
    passed,
    single,
)

__all__ = ["check_choice", "check_set"]


def _norm(text: object) -> str:
    return " ".join(str(text).split()).casefold()


def check_choice(
    answer: object,
    expected: str | Collection[str],
    *,
    task: str = "",
    options: Iterable[str],
    variable: str = "answer",
    mistakes: Sequence[Mistake] = (),
    why: str = "",
    what: str = "option",
) -> Feedback:
    """Judge a choice among ``options`` (spelling, case and spaces ignored).

    ``expected`` is the right option or a set of equally right ones. A mistake's ``value`` is
    the option that mistake leads to. A one-element array, Series or list counts as its element.
    """
    answer = single(answer)
    if isinstance(answer, np.str_ | np.integer):
        answer = str(answer)
    if is_blank(answer):
        return blank_feedback(task, variable)
    if not isinstance(answer, str):
        return Feedback(
            task,
            False,
            f"`{variable}` should be the name of one {what}, as text in quotes, but it is "
            f"{describe_value(answer)}.",
            'Write the name between quotes, e.g. "...".',
            mistake=WRONG_TYPE,
        )
    valid = {_norm(o): o for o in options}
    right = {_norm(expected)} if isinstance(expected, str) else {_norm(e) for e in expected}
    given = _norm(answer)
    if given not in valid:
        listed = "; ".join(sorted(valid.values()))
        return Feedback(
            task,
            False,
            f"'{answer}' is not one of the {what}s of this organisation.",
            f"Choose one of: {listed}.",
            mistake="unknown option",
        )
    if given in right:
        return passed(task, f"Right: {valid[given]}.", why)
    for mistake in mistakes:
        wrong = None if mistake.value is None else _norm(mistake.value)
        if wrong == given and wrong not in right:
            return failed(task, mistake)
    return Feedback(
        task,
        False,
        f"{valid[given]} is not the best choice here.",
        "Go back to the figures the task names and compare the options on them.",
        mistake=OTHER,
    )


def check_set(
    answer: object,
    expected: Collection[str],
    *,
    task: str = "",
    variable: str = "answer",
    mistakes: Sequence[Mistake] = (),
    why: str = "",
    what: str = "project",
) -> Feedback:
    """Judge a set of identifiers (a list, set, Series or Index of ``what`` ids).

    A yes/no mask is told so (never read as the ids "True" and "False"); an id listed twice
    counts once.
    """
    if is_blank(answer):
        return blank_feedback(task, variable)
    if is_mask(answer):
        return mask_feedback(task, variable, what, f"{what.casefold()}_id")
    if isinstance(answer, str) or not isinstance(
        answer, list | tuple | set | frozenset | pd.Series | pd.Index | np.ndarray
    ):
        return Feedback(
            task,
            False,
            f"`{variable}` should be a list of {what} identifiers, but it is "
            f"{describe_value(answer)}.",
            'Make a list, e.g. ["P-01", "P-07"], or use list(table[\'project_id\']).',
            mistake=WRONG_TYPE,
        )
    items = np.asarray(answer, dtype=object).ravel() if isinstance(answer, np.ndarray) else answer
    given = {str(a).strip() for a in items}
    right = {str(e) for e in expected}
    if given == right:
        return passed(task, f"Right: all {len(right)} {what}s.", why)
    for mistake in mistakes:
        value = mistake.value
        wrong = {str(w) for w in value} if isinstance(value, Iterable) else set()
        if wrong and wrong != right and given == wrong:
            return failed(task, mistake)
    missing, extra = len(right - given), len(given - right)
    return Feedback(
        task,
        False,
        f"Not quite: {missing} {what}(s) missing and {extra} that should not be there.",
        "Check the condition you filter on, and the rows it applies to.",
        mistake=OTHER,
    )
