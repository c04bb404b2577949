"""Workshop exercises: checks with specific feedback, trainee/solution builds, class grading.

* :mod:`.feedback`, :mod:`.matching`, :mod:`.registry`: the checks framework. A check is a
  function ``check(answer, org) -> Feedback`` that compares the trainee's answer with the one
  :mod:`vmo_lib` computes from the same organisation, and with what typical mistakes give.
* ``ex00`` ... ``ex05``: the checks of each exercise (one module per exercise).
* :mod:`.source`, :mod:`.build`: from one source notebook with solution markers to a trainee
  version (no solutions) and a solution version, with HTML handouts of both.
* :mod:`.grade`: run a folder of completed notebooks; :mod:`.summary` builds the class
  summary (per-task and per-notebook tables, HTML page) from their checks.
* :mod:`.data`: the organisation of one trainee (``trainee_seed``).

Arrows point down: calculation modules never import this package.
"""

from vmo_lib.exercises.feedback import Feedback, Mistake
from vmo_lib.exercises.matching import Element

__all__ = ["Element", "Feedback", "Mistake"]
