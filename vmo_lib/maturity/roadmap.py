"""A prioritised roadmap: which gaps to close first, grouped by the three moves.

Each dimension with a gap gets a priority score::

    priority = gap (levels) x importance (weight) / effort (1-5)

so a large gap on an important dimension that is cheap to close comes first. Dimensions whose
effort is at most ``quick_win_max_effort`` are **quick wins** (weeks to months with the people
already there); the others are **foundations** (longer changes that later steps rest on).
The next step for a dimension is the description of the next level on its weakest question:
concrete wording a steering committee can assign to an owner.

>>> from vmo_lib.maturity import assess, load_model
>>> from vmo_lib.data import load_organisation
>>> model = load_model()
>>> result = assess(load_organisation("harbourline").pmo_assessment, model)
>>> plan = roadmap(result, model)
>>> list(plan.table.columns[:3])
['rank', 'move', 'horizon']
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from vmo_lib.maturity.model import MOVES, MaturityModel
from vmo_lib.maturity.settings import parse_dimension_weights
from vmo_lib.maturity.survey import Assessment
from vmo_lib.notebook.record import Figure

QUICK_WIN = "Quick win"
FOUNDATION = "Foundation"


@dataclass(frozen=True)
class Roadmap:
    """``table``: one row per dimension to improve, in reading order (move, then quick wins
    before foundations, then priority) with ``rank`` the overall priority (1 = first).
    ``at_target``: dimensions already at or above their target."""

    table: pd.DataFrame
    at_target: tuple[str, ...]

    def quick_wins(self) -> pd.DataFrame:
        """The quick-win rows only, highest priority first."""
        return self.table[self.table["horizon"] == QUICK_WIN].sort_values("rank")

    def recorded(self) -> tuple[Figure, ...]:
        """The first step (rank 1), the number of quick wins and of steps, for the index."""
        ranked = self.table.sort_values("rank")
        first = None if ranked.empty else str(ranked.iloc[0]["dimension"])
        return (
            Figure("roadmap_first_step", first),
            Figure("n_quick_wins", len(self.quick_wins())),
            Figure("n_roadmap_steps", len(self.table)),
        )


def roadmap(
    assessment: Assessment,
    model: MaturityModel,
    weights: str | dict[str, float] = "",
    quick_win_max_effort: float = 2,
) -> Roadmap:
    """Score and group every gap (see module doc). ``weights`` is text for
    :func:`~vmo_lib.maturity.settings.parse_dimension_weights` or a ready mapping."""
    weight = parse_dimension_weights(weights, model) if isinstance(weights, str) else weights
    table = assessment.dimensions.merge(model.dimensions[["dimension", "effort"]], on="dimension")
    table["importance"] = table["dimension"].map(weight).astype(float)
    table["priority"] = table["gap"].clip(lower=0) * table["importance"] / table["effort"]
    at_target = tuple(table.loc[table["gap"] <= 0, "dimension"])
    table = table[table["gap"] > 0].copy()
    table["horizon"] = [
        QUICK_WIN if e <= quick_win_max_effort else FOUNDATION for e in table["effort"]
    ]
    steps = [_next_step(assessment, model, d) for d in table["dimension"]]
    table["weakest_question"] = [s[0] for s in steps]
    table["next_step"] = [s[1] for s in steps]
    table["rank"] = table["priority"].rank(ascending=False, method="first").astype(int)
    table["move_order"] = table["move"].map({m: i for i, m in enumerate(MOVES)})
    table["horizon_order"] = table["horizon"].eq(FOUNDATION).astype(int)
    table = table.sort_values(["move_order", "horizon_order", "rank"])
    columns = [
        "rank",
        "move",
        "horizon",
        "dimension",
        "current",
        "target",
        "gap",
        "importance",
        "effort",
        "priority",
        "weakest_question",
        "next_step",
    ]
    return Roadmap(table[columns].reset_index(drop=True), at_target)


def _next_step(assessment: Assessment, model: MaturityModel, dimension: str) -> tuple[str, str]:
    """The dimension's lowest-scoring question and the wording of its next level up."""
    questions = assessment.questions[assessment.questions["dimension"] == dimension]
    weakest = questions.sort_values("current", kind="stable").iloc[0]
    current = weakest["current"]
    level = 1 if not math.isfinite(current) else min(5, math.floor(current + 1e-9) + 1)
    label = f"{weakest['question_id']}: {weakest['question']}"
    return label, f"Level {level}: {model.descriptor(weakest['question_id'], level)}"
