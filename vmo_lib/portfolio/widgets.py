"""Live what-if panel for notebook 04: driver-weight and budget sliders.

Moving a weight slider re-scores every project (weights are rescaled to sum to 1), re-solves
the funded set at the budget on the budget slider and redraws the ranking table, the funded
set and the frontier chart. In a headless run (handouts, tests) the notebook calls
:func:`show_view` at the notebook's parameters instead, through
:func:`vmo_lib.notebook.live.show_live_or_static`, on :func:`known_view`: the selection and
frontier the notebook has already computed, nothing solved again. Every solve runs under a
time limit (``time_limit`` seconds each, ``total_time`` for a frontier), so a slider move on
a large portfolio answers in bounded time, saying how far the answer is proven.

Notebook 04 builds both from its frontier review (which holds the funding decision and the
ranking) with one call, :func:`show_panel`, which uses the one idiom for live panels
(:func:`~vmo_lib.notebook.live.show_live_or_static`):

>>> show_panel(frontier)  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from vmo_lib.currency import resolve_currency
from vmo_lib.notebook.live import show_live_or_static
from vmo_lib.portfolio.decision import candidate_inputs, funded_table
from vmo_lib.portfolio.funding_review import FrontierReview
from vmo_lib.portfolio.scoring import score_samples
from vmo_lib.portfolio.value import ValueRanking, value_rank

__all__ = [
    "WhatIf",
    "forced_only",
    "known_view",
    "live_panel",
    "panel",
    "show_panel",
    "show_view",
    "static_panel",
    "what_if",
]

_FRONTIER_POINTS = 21
_BEYOND_FORCED = ("requires", "exclusive", "group_share_bounds", "yearly_budgets")
STATIC_TOP = 10
"""Projects listed by the panel's static stand-in in a handout."""


def forced_only(constraints: Mapping[str, Any]) -> dict[str, Any]:
    """The force-in / force-out lists among selection keyword arguments: all the greedy
    value-per-cost curve can honour.

    >>> forced_only({"must_fund": ("P-01",), "requires": [("P-02", "P-01")]})
    {'must_fund': ('P-01',)}
    """
    return {k: v for k, v in constraints.items() if k in ("must_fund", "must_not_fund")}


@dataclass(frozen=True)
class WhatIf:
    """One what-if: the re-scored active projects with their decision, and the frontiers."""

    table: pd.DataFrame
    budget: float
    total_value: float
    total_cost: float
    frontier: pd.DataFrame
    greedy: pd.DataFrame
    greedy_ignores: bool = False  # constraints set that the greedy curve does not honour
    status: str = "optimal"  # how far the selection is proven (selection.status_text)


def what_if(
    ranking: ValueRanking,
    weights: pd.Series,
    budget: float,
    constraints: Mapping[str, Any] | None = None,
    *,
    time_limit: float | None = None,
    total_time: float | None = None,
) -> WhatIf:
    """Re-score with ``weights`` (criterion -> weight, rescaled), re-select within ``budget``.

    ``constraints``: keyword arguments of :func:`~vmo_lib.portfolio.select_projects`
    (:meth:`~vmo_lib.portfolio.funding.constraints.FundingConstraints.selection_kwargs`),
    applied to the selection and the frontier; the greedy curve honours the forced in / out
    lists among them.
    ``time_limit``: seconds per solve; ``total_time``: seconds for the frontier's sweep.
    Raises :class:`~vmo_lib.portfolio.InfeasibleSelection` when no portfolio meets them.
    """
    from vmo_lib.portfolio.frontier import efficient_frontier, sweep_budgets
    from vmo_lib.portfolio.funding.select import select_projects
    from vmo_lib.portfolio.greedy import greedy_frontier

    criteria = ranking.criteria.with_weights(weights)
    scores = score_samples(criteria, method=ranking.method, probability=None)
    if ranking.risk_adjusted:
        scores = scores * ranking.table.loc[criteria.matrix.index, "probability"].to_numpy()
    table = ranking.table.copy()
    table["value_score"] = pd.Series(scores, index=criteria.matrix.index)
    table["value_rank"] = value_rank(table["value_score"])
    table = table.sort_values(["value_rank", "legacy_priority"])
    view = ValueRanking(table, criteria, ranking.method, ranking.risk_adjusted)
    values, costs = candidate_inputs(view)
    extra = dict(constraints or {})
    chosen = select_projects(values, costs, budget, time_limit=time_limit, **extra)
    greedy = greedy_frontier(values, costs, **forced_only(extra))
    budgets = sweep_budgets(costs, greedy, points=_FRONTIER_POINTS)
    frontier = efficient_frontier(
        values, costs, budgets, time_limit=time_limit, total_time=total_time, **extra
    )
    return known_view(view, chosen, frontier, greedy, budget, extra)


def known_view(
    ranking: ValueRanking,
    selection: Any,
    frontier: pd.DataFrame,
    greedy: pd.DataFrame,
    budget: float,
    constraints: Mapping[str, Any] | None = None,
) -> WhatIf:
    """The what-if at results already computed (nothing solved): the notebook's ``ranking``,
    its :class:`~vmo_lib.portfolio.Selection` at ``budget``, its frontier and greedy curve.
    The panel's static stand-in in a handout."""
    from vmo_lib.portfolio.funding.select import status_text

    extra = dict(constraints or {})
    return WhatIf(
        table=funded_table(ranking, selection.selected),
        budget=float(budget),
        total_value=float(selection.total_value),
        total_cost=float(selection.total_cost),
        frontier=frontier,
        greedy=greedy,
        greedy_ignores=any(bool(v) for k, v in extra.items() if k in _BEYOND_FORCED),
        status=status_text(selection),
    )


def show_view(view: WhatIf, top: int = 15, currency: str | None = None) -> None:
    """Display a what-if: a one-line summary, the top of the ranking, the frontier chart."""
    from IPython.display import HTML, display

    from vmo_lib.portfolio.charts import frontier_chart
    from vmo_lib.portfolio.views import GREEDY_CAVEAT, what_if_summary, what_if_table

    currency = resolve_currency(currency)
    funded = view.table[view.table["funded"]]
    display(
        what_if_summary(
            len(funded),
            len(view.table),
            view.budget,
            view.total_value,
            view.total_cost,
            view.status,
            currency,
        )
    )
    display(what_if_table(view.table, top))
    display(
        frontier_chart(
            view.frontier,
            view.greedy,
            {"Funded set at this budget": (view.total_cost, view.total_value)},
            currency,
        )
    )
    if view.greedy_ignores:
        display(HTML(GREEDY_CAVEAT))


def static_panel(review: FrontierReview) -> None:
    """The panel's static stand-in: the what-if at the review's own weights and budget, from
    the selection and frontier already computed (nothing solved again)."""
    funding = review.funding
    view = known_view(
        funding.ranked.ranking,
        funding.selection,
        review.frontier,
        review.greedy,
        funding.decision.budget,
        funding.kwargs,
    )
    show_view(view, top=STATIC_TOP)


def live_panel(review: FrontierReview) -> Any:
    """The live panel (:func:`panel`) at the review's budget and constraints, sliders named
    after the drivers, each frontier within the settings' ``analysis_time_limit``."""
    funding = review.funding
    ranked = funding.ranked
    return panel(
        ranked.ranking,
        funding.decision.budget,
        funding.kwargs,
        ranked.driver_names,
        total_time=ranked.settings.analysis_time_limit,
    )


def show_panel(review: FrontierReview) -> None:
    """Notebook 04's one call for its panel: :func:`live_panel` in JupyterLab, its static
    stand-in (:func:`static_panel`, nothing solved again) in a handout or test, through
    :func:`vmo_lib.notebook.live.show_live_or_static`, as notebooks 02, 03 and 05 do."""
    show_live_or_static(lambda: live_panel(review), lambda: static_panel(review))


def panel(
    ranking: ValueRanking,
    budget: float,
    constraints: Mapping[str, Any] | None = None,
    names: Mapping[str, str] | pd.Series | None = None,
    *,
    time_limit: float | None = None,
    total_time: float | None = None,
) -> Any:
    """An ipywidgets panel: a slider per criterion weight, a budget slider, live results.

    ``names``: criterion id -> label for the sliders (default: the ids); ``time_limit`` and
    ``total_time`` as in :func:`what_if`.
    """
    import ipywidgets as w
    from IPython.display import clear_output

    from vmo_lib.portfolio.funding.conflicts import InfeasibleSelection

    base = ranking.criteria.weights
    sliders = {
        c: w.FloatSlider(
            value=round(float(base[c]), 3),
            min=0.0,
            max=1.0,
            step=0.005,
            description=str(c if names is None else names.get(c, c))[:28],
            continuous_update=False,
            style={"description_width": "14em"},
            layout=w.Layout(width="32em"),
        )
        for c in base.index
    }
    total = float(candidate_inputs(ranking)[1].sum())
    money = w.FloatSlider(
        value=round(budget / 1e6, 2),
        min=0.0,
        max=round(total / 1e6, 2),
        step=0.1,
        description=f"Budget ({resolve_currency(None)} M)",
        continuous_update=False,
        style={"description_width": "14em"},
        layout=w.Layout(width="32em"),
    )
    output = w.Output()

    def refresh(_change: object = None) -> None:
        weights = pd.Series({c: s.value for c, s in sliders.items()})
        with output:
            clear_output(wait=True)
            if weights.sum() <= 0:
                print("Give at least one driver a weight above 0.")
                return
            try:
                view = what_if(
                    ranking,
                    weights,
                    money.value * 1e6,
                    constraints,
                    time_limit=time_limit,
                    total_time=total_time,
                )
            except InfeasibleSelection as error:
                print(f"No portfolio at this budget meets the constraints.\n{error}")
                return
            show_view(view)

    for slider in (*sliders.values(), money):
        slider.observe(refresh, names="value")
    refresh()
    note = w.HTML(
        "<em>Weights are rescaled to sum to 1; the table and chart update on release.</em>"
    )
    return w.VBox([w.HBox([w.VBox(list(sliders.values())), w.VBox([money, note])]), output])
