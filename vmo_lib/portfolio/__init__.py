"""Portfolio decisions: value scoring, ranking, funding selection and robustness.

The pieces, in the order notebook 04 uses them:

* :func:`rank_by_value` scores every project 0-100 from its contributions to the value drivers
  (weighted sum or :func:`topsis`), optionally risk adjusted, and ranks them;
* :func:`compare_rankings` sets the legacy priority list beside the value ranking;
* :func:`quadrant` crosses value with :func:`execution_health` (accelerate, rescue, rethink,
  stop; low-value mandatory projects and projects without value scores are set apart,
  :data:`GROUPS`);
* :func:`select_projects` picks the funded set with the most value within a budget (exact
  integer programme), :func:`efficient_frontier` repeats it over a sweep of budgets and
  :func:`greedy_frontier` draws the value-per-cost curve many tools call a frontier
  (:func:`frontier_gap` explains the difference at one budget);
* :func:`explain_selection` says why each project is in or out, and the value at which the
  decision would change;
* :func:`robustness` re-ranks and re-selects under sampled weights: which projects are funded
  whatever the weights (core), never (out), or only under some (borderline).

Notebook 04 runs them as a review, one step per section, each returning a result that knows
the key figures it records: :class:`ReviewSettings` (the notebook's parameters, built once),
then :func:`rank_portfolio`, :func:`compare_orders`, :func:`place_in_quadrants`
(:mod:`~vmo_lib.portfolio.review`), :func:`fund_portfolio`, :func:`frontier_review` and
:func:`weight_robustness` (:mod:`~vmo_lib.portfolio.funding_review`), with
:func:`review_capacity` (the decision within scarce resources, when the data lists them) and
:func:`explain_funding` (why each project is in or out, for every organisation). What it shows is in
:mod:`~vmo_lib.portfolio.views` and :mod:`~vmo_lib.portfolio.charts`, the live panel in
:mod:`~vmo_lib.portfolio.widgets`, the files it writes in :mod:`~vmo_lib.portfolio.export`.

>>> from vmo_lib import portfolio
>>> ranking = portfolio.rank_by_value(org, weights)  # doctest: +SKIP
>>> ranked = portfolio.rank_portfolio(org, portfolio.ReviewSettings())  # doctest: +SKIP
"""

from vmo_lib.portfolio.capacity_review import CapacityReview, review_capacity
from vmo_lib.portfolio.compare import RankComparison, compare_rankings
from vmo_lib.portfolio.explain_review import FundingExplanation, explain_funding
from vmo_lib.portfolio.frontier import efficient_frontier
from vmo_lib.portfolio.funding.explain import explain_selection
from vmo_lib.portfolio.funding.select import (
    InfeasibleSelection,
    Selection,
    SelectionInputError,
    select_projects,
)
from vmo_lib.portfolio.funding_review import (
    FrontierReview,
    FundingReview,
    RobustnessReview,
    frontier_review,
    fund_portfolio,
    weight_robustness,
)
from vmo_lib.portfolio.greedy import FrontierGap, frontier_gap, greedy_frontier
from vmo_lib.portfolio.health import (
    GROUPS,
    QUADRANT_ADVICE,
    QUADRANTS,
    execution_health,
    quadrant,
    quadrant_lists,
    remaining_cost,
)
from vmo_lib.portfolio.review import (
    OrderComparison,
    QuadrantPlacement,
    RankedPortfolio,
    compare_orders,
    place_in_quadrants,
    rank_portfolio,
)
from vmo_lib.portfolio.robustness import Robustness, robustness
from vmo_lib.portfolio.scoring import (
    METHODS,
    Criteria,
    build_criteria,
    contribution_matrix,
    score_samples,
    topsis,
    weighted_sum,
)
from vmo_lib.portfolio.settings import ReviewSettings
from vmo_lib.portfolio.value import (
    ACTIVE_STAGES,
    CURRENT_STAGES,
    MANDATORY_RULE,
    NOT_SCORED_RULE,
    ValueRanking,
    mandatory_flags,
    rank_by_value,
    value_rank,
)
from vmo_lib.portfolio.weight_samples import SCHEMES, rank_samples, sample_weights, verdict

__all__ = [
    "ACTIVE_STAGES",
    "CURRENT_STAGES",
    "GROUPS",
    "MANDATORY_RULE",
    "METHODS",
    "NOT_SCORED_RULE",
    "QUADRANTS",
    "QUADRANT_ADVICE",
    "SCHEMES",
    "CapacityReview",
    "Criteria",
    "FrontierGap",
    "FrontierReview",
    "FundingExplanation",
    "FundingReview",
    "InfeasibleSelection",
    "OrderComparison",
    "QuadrantPlacement",
    "RankComparison",
    "RankedPortfolio",
    "ReviewSettings",
    "Robustness",
    "RobustnessReview",
    "Selection",
    "SelectionInputError",
    "ValueRanking",
    "build_criteria",
    "compare_orders",
    "compare_rankings",
    "contribution_matrix",
    "efficient_frontier",
    "execution_health",
    "explain_funding",
    "explain_selection",
    "frontier_gap",
    "frontier_review",
    "fund_portfolio",
    "greedy_frontier",
    "mandatory_flags",
    "place_in_quadrants",
    "quadrant",
    "quadrant_lists",
    "rank_by_value",
    "rank_portfolio",
    "rank_samples",
    "remaining_cost",
    "review_capacity",
    "robustness",
    "sample_weights",
    "score_samples",
    "select_projects",
    "topsis",
    "value_rank",
    "verdict",
    "weight_robustness",
    "weighted_sum",
]
