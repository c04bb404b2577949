"""Judge an open answer by the elements a good answer names (:func:`check_text`).

The check looks for ideas, not exact words: each :class:`Element` lists a few patterns, any of
which shows the idea, and the feedback names the elements still missing.

>>> owner = Element("an owner", (r"owner",), "Who answers for it?")
>>> check_text("Every benefit needs a named owner.", [owner], min_words=3).passed
True
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from vmo_lib.exercises.feedback import (
    WRONG_TYPE,
    Feedback,
    blank_feedback,
    describe_value,
    is_blank,
    passed,
)

__all__ = ["Element", "check_text"]


@dataclass(frozen=True)
class Element:
    """One element a good open answer contains: a name, the patterns that show it, a hint.

    ``patterns`` are regular expressions matched case-insensitively; any one is enough.
    """

    name: str
    patterns: tuple[str, ...]
    hint: str = ""

    def found_in(self, text: str) -> bool:
        """Whether ``text`` shows this element."""
        return any(re.search(p, text, re.IGNORECASE) for p in self.patterns)


def check_text(
    answer: object,
    elements: Sequence[Element],
    *,
    task: str = "",
    variable: str = "answer",
    min_words: int = 15,
    why: str = "",
) -> Feedback:
    """Judge an open answer by the elements it names; say which are missing.

    Passed when every element is found and the answer has at least ``min_words`` words. The
    mistake code is ``missing: <first missing element>``, so the class summary shows which
    point most trainees left out.
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
    missing = [e for e in elements if not e.found_in(answer)]
    words = len(answer.split())
    if not missing and words >= min_words:
        return passed(task, "Your answer covers every element of a good answer.", why)
    if not missing:
        return Feedback(
            task,
            False,
            f"Your answer names the right things but is very short ({words} words).",
            f"Explain your reasoning in at least {min_words} words.",
            mistake="too short",
        )
    names = "; ".join(e.name for e in missing)
    hints = " ".join(e.hint for e in missing if e.hint)
    found = len(elements) - len(missing)
    return Feedback(
        task,
        False,
        f"Your answer covers {found} of {len(elements)} elements of a good answer. "
        f"Not yet there: {names}.",
        hints,
        mistake=f"missing: {missing[0].name}",
    )
