"""Compare a trainee's answer with the expected one and with the answers mistakes produce.

Why: "wrong" teaches little; "you divided actual cost by earned value" teaches a lot. Each
check computes the right answer *and* the values that typical mistakes would give (the wrong
column, the wrong sign, weights not normalised...) from the trainee's own data, through
:mod:`vmo_lib`; these functions then say which one the trainee's answer matches. The right
value is never shown.

Four kinds of answer: a number or one number per item (:mod:`.numbers`), one option or a set
of identifiers (:mod:`.choices`) and free text judged on the elements a good answer names
(:mod:`.open_answers`). This module gathers them.
"""

from vmo_lib.exercises.choices import check_choice, check_set
from vmo_lib.exercises.feedback import DEFAULT_BLANK_HINT, blank_feedback
from vmo_lib.exercises.numbers import check_number, check_series
from vmo_lib.exercises.open_answers import Element, check_text

__all__ = [
    "DEFAULT_BLANK_HINT",
    "Element",
    "blank_feedback",
    "check_choice",
    "check_number",
    "check_series",
    "check_set",
    "check_text",
]
