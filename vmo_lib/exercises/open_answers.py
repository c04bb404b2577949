"""Open answers: never judged by keywords, always read by a person (:func:`check_text`).

A question in words has no single right answer, and matching keywords is easy to fool
(nonsense containing the right words passes, and so does an answer arguing the opposite). So
the check gives the trainee the checklist of what a good answer covers, to compare with their
own, and marks the answer *for review*: grading gathers every trainee's answer to the task on
one page beside the same checklist (the rubric), for the facilitator.

>>> owner = Element("a named owner", "Who answers for it?")
>>> check_text("Every benefit needs a named owner.", [owner], min_words=3).grade
'review'
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from vmo_lib.exercises.feedback import (
    REVIEW,
    WRONG_TYPE,
    Feedback,
    blank_feedback,
    describe_value,
    is_blank,
)

__all__ = ["Element", "check_text", "word_count"]


@dataclass(frozen=True)
class Element:
    """One element a good open answer contains: what it is, and a question that leads to it."""

    name: str
    hint: str = ""


def word_count(text: str) -> int:
    """Words in ``text`` (separated by white space)."""
    return len(text.split())


def check_text(
    answer: object,
    elements: Sequence[Element],
    *,
    task: str = "",
    variable: str = "answer",
    min_words: int = 15,
    why: str = "",
) -> Feedback:
    """Mark an open answer for review and show the checklist of a good answer.

    Blank text and anything but text are told so (``blank``, ``wrong type``); every other
    answer gets the mistake code :data:`~vmo_lib.exercises.feedback.REVIEW` (the gradebook's
    ``review``), whatever words it contains. A short answer is told its length.
    """
    if is_blank(answer):
        return blank_feedback(
            task, variable, 'Write your answer as text between triple quotes: """...""".'
        )
    if not isinstance(answer, str):
        return Feedback(
            task,
            False,
            f"`{variable}` should be text, but it is {describe_value(answer)}.",
            "Write your answer between triple quotes.",
            mistake=WRONG_TYPE,
        )
    words = word_count(answer)
    length = f"Your answer has {words} words"
    length += f", fewer than the {min_words} the task asks for." if words < min_words else "."
    return Feedback(
        task,
        False,
        f"{length} Your facilitator reads it beside the class's answers; no automatic check "
        "can judge an argument. Compare it with what a good answer covers:",
        " ".join(e.hint for e in elements if e.hint),
        why_it_matters=why,
        mistake=REVIEW,
        checklist=tuple(e.name for e in elements),
    )
