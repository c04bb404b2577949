"""Workshop exercises: checks with specific feedback, trainee/solution builds, class grading.

* :mod:`.feedback`, :mod:`.matching` (numbers, choices, open answers), :mod:`.registry`: the
  checks framework. A check is a function ``check(answer, org) -> Feedback`` that compares
  the trainee's answer with the one :mod:`vmo_lib` computes from the same organisation, and
  with what typical mistakes give; any exception inside it becomes feedback. Open answers are
  never judged automatically (``review``). Two-level hints: ``exNN.hint("t2")``.
* ``ex00`` ... ``ex05``: the checks of each exercise (one module per exercise).
* :mod:`.source`, :mod:`.build`, :mod:`.roster`: from one source notebook with solution
  markers to a trainee version and a solution version, with HTML handouts of both, and one
  folder per trainee of a roster with their seed preset.
* :mod:`.execute`, :mod:`.transport`, :mod:`.grade`, :mod:`.summary`: run each handed-in
  notebook in its own kernel within a time limit, read its answers back as plain data, run
  the checks here, and write the gradebook, feedback pages, open-answer pages and summary.
* :mod:`.data`, :mod:`.tuning`: the organisation of one trainee (``trainee_seed``), tuned so
  that typical wrong methods and neighbours' answers do not pass.

Arrows point down: calculation modules never import this package.
"""

from vmo_lib.exercises.feedback import Feedback, Mistake
from vmo_lib.exercises.matching import Element

__all__ = ["Element", "Feedback", "Mistake"]
