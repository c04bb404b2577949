"""What a check tells a trainee: :class:`Feedback`, shown as a small escaped HTML panel.

Why: a workshop check must be specific without giving the answer away. A failed check names
the mistake in the trainee's terms ("you divided actual cost by earned value") and gives a
hint; a passed one says why the result matters. The panel is HTML in JupyterLab and in
handouts, plain text everywhere else; every piece of text is escaped, since messages quote
the trainee's own answer.

>>> fb = Feedback(task="CPI", passed=False, message="Not yet.", hint="Look at EV.")
>>> "&lt;" in Feedback("t", False, "<b>").to_html()
True
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = [
    "BLANK",
    "CHECK_ERROR",
    "DEFAULT_BLANK_HINT",
    "REVIEW",
    "Feedback",
    "Mistake",
    "blank_feedback",
    "describe_value",
    "failed",
    "is_blank",
    "passed",
]

#: The mistake code of an answer that was left empty.
BLANK = "blank"
#: The mistake code of an answer that matched no known mistake.
OTHER = "other"
#: The mistake code of an answer of the wrong kind (text for a number, a number for a table).
WRONG_TYPE = "wrong type"
#: The mistake code of an open answer: never judged automatically, read by the facilitator.
REVIEW = "review"
#: The mistake code of a check that could not judge the answer (an exception inside it).
CHECK_ERROR = "check error"

DEFAULT_BLANK_HINT = "Replace the `...` after the equals sign with your code, then run the cell."


@dataclass(frozen=True)
class Mistake:
    """A typical mistake: the value it produces (``value``, if it is one) and what to say.

    ``code`` is a short stable name the class summary counts (``"inverted ratio"``);
    ``message`` says what the trainee probably did, ``hint`` how to fix it, never the answer.
    """

    code: str
    message: str
    hint: str = ""
    value: object = None


@dataclass(frozen=True)
class Feedback:
    """The outcome of one check.

    ``passed`` says whether the answer is right; ``message`` what is wrong (or right) in the
    trainee's terms; ``hint`` the next thing to try; ``why_it_matters`` (on success) what the
    result means for a value management office. ``mistake`` is the code of the mistake found
    (``""`` when passed, :data:`BLANK` when empty), for the facilitator's class summary.
    """

    task: str
    passed: bool
    message: str
    hint: str = ""
    why_it_matters: str = ""
    mistake: str = ""
    exercise: str = ""
    task_id: str = ""
    checklist: tuple[str, ...] = ()

    @property
    def grade(self) -> str:
        """The gradebook value: ``1`` right, ``0`` not yet, ``review`` (an open answer for the
        facilitator), ``blank`` (left empty) or ``error`` (the check could not judge it)."""
        if self.passed:
            return "1"
        return {BLANK: "blank", REVIEW: "review", CHECK_ERROR: "error"}.get(self.mistake, "0")

    def _mark(self) -> tuple[str, str, str]:
        if self.passed:
            return "#009E73", "✔ Correct", "Correct"
        if self.mistake == REVIEW:
            return "#0072B2", "✎ For discussion", "For discussion"
        return "#D55E00", "✘ Not yet", "Not yet"

    def to_text(self) -> str:
        """The feedback as plain text, one part per line."""
        mark = self._mark()[2]
        lines = [f"[{mark}] {self.task}: {self.message}"]
        lines += [f"  [ ] {item}" for item in self.checklist]
        if self.hint and not self.passed:
            lines.append(f"Hint: {self.hint}")
        if self.why_it_matters and self.passed:
            lines.append(f"Why it matters: {self.why_it_matters}")
        return "\n".join(lines)

    def to_html(self) -> str:
        """A small coloured panel; all text escaped."""
        colour, mark, _ = self._mark()
        parts = [
            f'<div class="vmo-feedback" style="border-left:6px solid {colour};'
            'padding:0.4em 0.8em;margin:0.4em 0;background:#f7f7f7">',
            f'<strong style="color:{colour}">{mark}</strong> · '
            f"<strong>{html.escape(self.task)}</strong>",
            f"<p style='margin:0.3em 0'>{html.escape(self.message)}</p>",
        ]
        if self.checklist:
            items = "".join(f"<li>☐ {html.escape(item)}</li>" for item in self.checklist)
            parts.append(
                f"<ul style='margin:0.3em 0;list-style:none;padding-left:1em'>{items}</ul>"
            )
        if self.hint and not self.passed:
            parts.append(f"<p style='margin:0.3em 0'><em>Hint:</em> {html.escape(self.hint)}</p>")
        if self.why_it_matters and self.passed:
            parts.append(
                "<p style='margin:0.3em 0'><em>Why it matters:</em> "
                f"{html.escape(self.why_it_matters)}</p>"
            )
        parts.append("</div>")
        return "".join(parts)

    def _repr_html_(self) -> str:
        return self.to_html()

    def __str__(self) -> str:
        return self.to_text()

    def as_record(self) -> dict[str, object]:
        """A plain dict of the outcome (what the grader keeps of each check)."""
        return {
            "exercise": self.exercise,
            "task_id": self.task_id,
            "task": self.task,
            "passed": self.passed,
            "grade": self.grade,
            "mistake": self.mistake,
            "message": self.message,
            "hint": self.hint,
        }


def is_blank(answer: object) -> bool:
    """Whether ``answer`` is still the placeholder: ``...``, ``None``, empty text, NaN or an
    empty table or list."""
    if answer is None or answer is Ellipsis:
        return True
    if isinstance(answer, str):
        return not answer.strip()
    if isinstance(answer, float):
        return math.isnan(answer)
    if isinstance(answer, np.ndarray):
        return answer.size == 0
    if isinstance(answer, pd.DataFrame | pd.Series | pd.Index | list | tuple | dict | set):
        return len(answer) == 0
    return False


def describe_value(answer: object) -> str:
    """A short, human description of an answer's kind ("a table with 12 rows", "the text '…'")."""
    if isinstance(answer, pd.DataFrame):
        return f"a table with {len(answer)} rows and {answer.shape[1]} columns"
    if isinstance(answer, pd.Series):
        return f"a column of {len(answer)} values"
    if isinstance(answer, str):
        short = answer if len(answer) <= 40 else answer[:37] + "..."
        return f"the text '{short}'"
    if isinstance(answer, bool | np.bool_):
        return f"the flag {answer}"
    if isinstance(answer, np.ndarray):
        return f"a numpy array of shape {answer.shape}"
    if isinstance(answer, int | float | np.number):
        return f"the number {float(answer):.4g}"
    return f"a {type(answer).__name__}"


def blank_feedback(task: str, variable: str, hint: str = "") -> Feedback:
    """The feedback for an answer that is still the placeholder."""
    return Feedback(
        task,
        False,
        f"No answer yet: `{variable}` is still empty.",
        hint or DEFAULT_BLANK_HINT,
        mistake=BLANK,
    )


def passed(task: str, message: str, why: str) -> Feedback:
    """A passed check with its message and why it matters."""
    return Feedback(task, True, message, why_it_matters=why)


def failed(task: str, mistake: Mistake) -> Feedback:
    """A failed check naming a known mistake, with its hint."""
    return Feedback(task, False, mistake.message, mistake.hint, mistake=mistake.code)


def single(answer: object) -> object:
    """``answer`` unwrapped when it is one value in a container (a 0-d or one-element numpy
    array, a one-element Series, Index, list or tuple), so ``np.array(0.93)`` or
    ``table.nsmallest(1).index`` count as the value they hold; anything else unchanged."""
    if isinstance(answer, np.ndarray) and answer.size == 1:
        return answer.reshape(-1)[0]
    if isinstance(answer, pd.Series | pd.Index) and len(answer) == 1:
        return answer.to_numpy()[0]
    if isinstance(answer, list | tuple) and len(answer) == 1:
        return answer[0]
    return answer


def is_mask(values: object) -> bool:
    """Whether ``values`` is a yes/no mask (booleans, one per row) rather than identifiers."""
    if isinstance(values, pd.Series | pd.Index | np.ndarray):
        return len(values) > 0 and (
            pd.api.types.is_bool_dtype(values.dtype)
            or all(isinstance(v, bool | np.bool_) for v in np.asarray(values).ravel()[:1000])
        )
    if isinstance(values, list | tuple | set | frozenset):
        return len(values) > 0 and all(isinstance(v, bool | np.bool_) for v in values)
    return False


def mask_feedback(task: str, variable: str, what: str, key: str) -> Feedback:
    """The feedback for a yes/no mask given where identifiers were expected."""
    return Feedback(
        task,
        False,
        f"`{variable}` is a yes/no mask (True or False for each row), not the {what} "
        "identifiers themselves.",
        f"Use the mask to select rows, then take their identifiers: table.loc[mask, '{key}'].",
        mistake="mask instead of identifiers",
    )
