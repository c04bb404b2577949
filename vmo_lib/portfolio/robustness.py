"""How robust the ranking and the funded set are to the driver weights.

Weights are never known exactly: leadership agreed on them roughly, and another week of
discussion would move them. This module samples many plausible weight vectors, re-ranks and
re-selects the portfolio under each, and reports per project:

* ``funded_share``: the share of samples in which the project is funded, and a verdict,
  **core** (funded in at least ``core_threshold`` of the samples), **out** (funded in at most
  ``1 - core_threshold``) or **borderline** (in between: the decision depends on the weights);
* a rank interval: the central ``interval`` share of the ranks it takes (e.g. 5th-95th
  percentile).

The weights are sampled, and the projects ranked under each sample, by
:mod:`vmo_lib.portfolio.weight_samples` (schemes ``dirichlet`` and ``rank_order``).

This is the sampling counterpart of the *core index* of Robust Portfolio Modeling (Liesiö,
Mild & Salo, EJOR 2007): there a project in every non-dominated portfolio has core index 1.

With :func:`~vmo_lib.portfolio.select_projects` as the selection, the inputs are checked and
the integer programme built once (only the objective changes between samples), each sample's
solve starts from the previous sample's portfolio (always feasible: the constraints do not
depend on the weights), and every solve runs under ``time_limit`` (and a share of
``total_time``); :attr:`Robustness.solver` counts the statuses and keeps the largest gap.

>>> verdict(np.array([1.0, 0.5, 0.0]), 0.9).tolist()
['core', 'borderline', 'out']
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from vmo_lib.display.listing import quantity_text
from vmo_lib.portfolio.funding.conflicts import minimal_conflict
from vmo_lib.portfolio.funding.inputs import check_inputs
from vmo_lib.portfolio.funding.model import build_model
from vmo_lib.portfolio.funding.select import (
    SolveClock,
    gap_text,
    optimise,
    select_projects,
)
from vmo_lib.portfolio.scoring import Criteria, Method, score_samples
from vmo_lib.portfolio.weight_samples import (
    Scheme,
    rank_samples,
    sample_weights,
    verdict,
)

__all__ = ["ChartRows", "Robustness", "chart_rows", "robustness"]


@dataclass(frozen=True)
class Robustness:
    """Result of :func:`robustness`: per-project ``table`` and the sampled ``weights``.

    ``table`` (index ``project_id``, in the order of the input): ``base_rank``,
    ``rank_low``/``rank_median``/``rank_high`` (the rank interval), ``funded_share`` (0-1),
    ``base_funded`` (funded at the base weights) and ``verdict``. ``solver``: how the
    selections ended, status -> count (``optimal``, ``time limit``, ``fallback``), and
    ``max_gap``: the largest proven gap among them (0 when all are optimal).
    """

    table: pd.DataFrame
    weights: np.ndarray
    scheme: str
    concentration: float
    core_threshold: float
    interval: float
    solver: Mapping[str, int] = field(default_factory=dict)
    max_gap: float = 0.0

    def chart_rows(self, limit: int = 40) -> ChartRows:
        """The projects the robustness chart shows (see :func:`chart_rows`)."""
        return chart_rows(self, limit)

    @property
    def solver_text(self) -> str:
        """How far the selections behind the funded shares are proven, in a sentence."""
        total = sum(self.solver.values())
        optimal = self.solver.get("optimal", 0)
        if total == 0 or optimal == total:
            return f"Every one of the {quantity_text(total)} selections is optimal."
        text = f"{quantity_text(optimal)} of the {quantity_text(total)} selections are optimal"
        late = self.solver.get("time limit", 0)
        if late:
            text += (
                f", {quantity_text(late)} stopped at the time limit within "
                f"{gap_text(self.max_gap)} of the best possible"
            )
        fallback = self.solver.get("fallback", 0)
        if fallback:
            text += f", {quantity_text(fallback)} are greedy fallback portfolios"
        return text + "."

    @property
    def counts(self) -> dict[str, int]:
        """Number of projects per verdict."""
        found = self.table["verdict"].value_counts()
        return {name: int(found.get(name, 0)) for name in ("core", "borderline", "out")}


def robustness(
    criteria: Criteria,
    costs: pd.Series,
    budget: float,
    select: Callable[..., Any],
    *,
    method: Method = "weighted_sum",
    probability: np.ndarray | None = None,
    n_samples: int = 500,
    scheme: Scheme = "dirichlet",
    concentration: float = 100.0,
    seed: int | None = 0,
    core_threshold: float = 0.9,
    interval: float = 0.9,
    constraints: Mapping[str, Any] | None = None,
    time_limit: float | None = None,
    total_time: float | None = None,
) -> Robustness:
    """Re-rank and re-select the projects in ``costs`` under sampled weights.

    ``criteria`` covers every scored project (index ``criteria.matrix.index``); ``costs``
    (currency, indexed by project id) names the projects open to funding. ``select`` is
    :func:`vmo_lib.portfolio.select_projects` (or any function with its signature returning an
    object with ``selected``); ``constraints`` are passed on to it. ``probability``: risk
    adjustment per scored project, or ``None``. ``time_limit``: seconds per selection;
    ``total_time``: seconds for all of them (None: no total), shared as in
    :class:`~vmo_lib.portfolio.funding.select.SolveClock`; both apply when ``select`` is
    :func:`~vmo_lib.portfolio.select_projects` (then solved without re-checking the inputs,
    each sample starting from the previous sample's portfolio).
    """
    if not 0 < interval < 1:
        raise ValueError(f"interval must be between 0 and 1, got {interval!r}")
    ids = criteria.matrix.index
    rows = ids.get_indexer(costs.index)
    if (rows < 0).any():
        missing = costs.index[rows < 0].tolist()
        raise ValueError(f"no criteria for project(s) {', '.join(map(str, missing))}")
    base = criteria.weights.to_numpy(float)
    weights = sample_weights(base, n_samples, scheme=scheme, concentration=concentration, seed=seed)
    extra = dict(constraints or {})
    funded = np.zeros(len(rows))
    statuses: dict[str, int] = {}
    gaps = [0.0]
    fast = select is select_projects
    clock = SolveClock(time_limit, total_time, n_samples + 1)
    if fast:
        spec = check_inputs(pd.Series(0.0, index=costs.index), costs, budget, **extra)
        model = build_model(spec, float(budget))
    position = pd.Series(np.arange(len(rows)), index=costs.index)
    incumbent: list[np.ndarray | None] = [None]

    def choose(values: np.ndarray) -> np.ndarray:
        """Funded mask at these values (and the solver's status, counted)."""
        if not fast:
            chosen = select(pd.Series(values, index=costs.index), costs, budget, **extra)
            return costs.index.isin(list(chosen.selected))
        at = dataclasses.replace(model, spec=dataclasses.replace(spec, values=values))
        with clock.solve() as limit:
            solved = optimise(at, time_limit=limit, start=incumbent[0])
        if solved is None:
            raise minimal_conflict(at)
        statuses[solved.status] = statuses.get(solved.status, 0) + 1
        gaps.append(solved.gap if np.isfinite(solved.gap) else np.inf)
        if solved.status != "fallback":
            incumbent[0] = solved.x
        return solved.x

    def count(scores: np.ndarray, _first: int) -> None:
        for column in scores.T:
            funded[choose(np.asarray(column, dtype=float))] += 1

    ranks = rank_samples(
        criteria, weights, method=method, probability=probability, rows=rows, on_scores=count
    )
    base_ranks = rank_samples(
        criteria, base[None, :], method=method, probability=probability, rows=rows
    )[:, 0]
    base_scores = score_samples(criteria, method=method, probability=probability)[rows]
    base_set = position.index[choose(np.asarray(base_scores, dtype=float))]
    tail = (1 - interval) / 2
    low, median, high = np.quantile(
        ranks, [tail, 0.5, 1 - tail], axis=1, method="inverted_cdf"
    ).astype(int)
    share = funded / n_samples
    table = pd.DataFrame(
        {
            "base_rank": base_ranks.astype(int),
            "rank_low": low,
            "rank_median": median,
            "rank_high": high,
            "funded_share": share,
            "base_funded": costs.index.isin(list(base_set)),
            "verdict": verdict(share, core_threshold),
        },
        index=pd.Index(costs.index, name="project_id"),
    )
    return Robustness(
        table,
        weights,
        scheme,
        concentration,
        core_threshold,
        interval,
        solver=statuses,
        max_gap=float(max(gaps)),
    )


@dataclass(frozen=True)
class ChartRows:
    """The projects a robustness chart shows (``table``, rows of :attr:`Robustness.table`)
    and a ``note`` on the ones left out (empty when all are shown)."""

    table: pd.DataFrame
    note: str


def chart_rows(result: Robustness, limit: int = 40) -> ChartRows:
    """At most ``limit`` projects for the robustness chart: the most uncertain first (funded
    share nearest one half: the borderline ones), then those nearest the funding line by
    rank at the agreed weights; the note counts the others by verdict.

    >>> table = pd.DataFrame({"funded_share": [1.0, 0.5, 0.0], "base_rank": [1, 2, 3],
    ...                       "verdict": ["core", "borderline", "out"]})
    >>> rows = chart_rows(Robustness(table, np.zeros((1, 1)), "dirichlet", 1, 0.9, 0.9), 2)
    >>> list(rows.table["verdict"]), rows.note.split("; ")[-1]
    (['core', 'borderline'], 'not shown: 1 out. The export lists every project.')
    """
    table = result.table
    if len(table) <= limit:
        return ChartRows(table, "")
    doubt = (table["funded_share"] - 0.5).abs().to_numpy()
    order = np.lexsort((table["base_rank"].to_numpy(), doubt))
    shown = table.iloc[np.sort(order[:limit])]
    left = table.loc[~table.index.isin(shown.index), "verdict"].value_counts()
    parts = [
        f"{quantity_text(int(left[v]))} {v}" for v in ("core", "borderline", "out") if v in left
    ]
    note = (
        f"The chart shows {quantity_text(len(shown))} of the {quantity_text(len(table))} "
        "projects: the most uncertain first (funded share nearest one half), then those "
        "nearest the funding line; not shown: " + ", ".join(parts) + ". The export lists "
        "every project."
    )
    return ChartRows(shown, note)
