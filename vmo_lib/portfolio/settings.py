"""The settings of a portfolio review (notebook 04), built once from the notebook's parameters.

Notebook 04 declares some thirty parameters (weighting, scoring method, budget, funding
constraints as texts, thresholds, robustness sampling, time limits). :class:`ReviewSettings`
carries them as one frozen object, so every step of the review
(:mod:`vmo_lib.portfolio.review`, :mod:`vmo_lib.portfolio.funding_review`) and every table
(:mod:`vmo_lib.portfolio.views`) reads the same values, and the notebook passes one name
instead of a dozen keyword arguments. The defaults are the notebook's defaults.

>>> settings = ReviewSettings.from_parameters({"budget": 5e6, "seed": 3, "data": "x.xlsx"})
>>> settings.budget, settings.seed, settings.method
(5000000.0, 3, 'weighted_sum')
>>> settings.exports["funded_set"].name
'04_portfolio_funded_set.csv'
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path

from vmo_lib.drivers import Weighting
from vmo_lib.evm import EacMethod
from vmo_lib.portfolio.scoring import Method
from vmo_lib.portfolio.weight_samples import Scheme

__all__ = ["CHART_ROWS", "EXPORT_NAMES", "EXPORT_STEM", "ReviewSettings"]

EXPORT_STEM = "04_portfolio"
"""Start of the names of the files a review writes (``04_portfolio_funded_set.csv``...)."""
EXPORT_NAMES: tuple[str, ...] = ("reranked_portfolio", "funded_set")
"""The tables a review exports, one CSV each and one sheet each of the workbook."""
CHART_ROWS = 40
"""Projects drawn at most on the robustness chart (the most uncertain first)."""


@dataclass(frozen=True)
class ReviewSettings:
    """Every setting of a portfolio review; units as in notebook 04's parameters cell.

    Money in the currency setting (``budget`` 0 = what the current portfolio still needs);
    shares and thresholds 0-1 or 0-100 as named; time limits in seconds; ``max_deferral`` in
    periods of the resource tables (years in the case study) a project not started yet may
    start late to fit capacity (:func:`~vmo_lib.portfolio.review_capacity`). The six funding
    constraint texts (``must_fund`` ... ``yearly_budgets``) are parsed by
    :func:`vmo_lib.portfolio.funding.constraints.parse_constraints` when the review ranks the
    projects, so every problem in them is listed before any heavy work.
    """

    organisation_name: str = "Harbourline Logistics"
    as_of: str | None = "2026-09-30"
    output_dir: str = "outputs"
    weighting: Weighting = "ahp"
    exclude_inconsistent: bool = False
    method: Method = "weighted_sum"
    risk_adjusted: bool = True
    financial_weight: float = 0.0
    discount_rate: float = 0.08
    eac_method: EacMethod = "cpi"
    budget: float = 0.0
    fund_mandatory_first: bool = True
    must_fund: str = ""
    must_not_fund: str = ""
    depends_on: str = ""
    exclusive: str = ""
    programme_shares: str = ""
    yearly_budgets: str = ""
    value_threshold: float = 0.0
    health_threshold: float = 60.0
    movers_shown: int = 10
    robustness_samples: int = 200
    robustness_scheme: Scheme = "dirichlet"
    weight_concentration: float = 100.0
    core_threshold: float = 0.9
    seed: int = 1
    solver_time_limit: float = 10.0
    analysis_time_limit: float = 60.0
    max_deferral: int = 0

    def __post_init__(self) -> None:
        """Counts as integers and money as a float, whatever type the runner passed."""
        for name in ("movers_shown", "robustness_samples", "seed", "max_deferral"):
            object.__setattr__(self, name, int(getattr(self, name)))
        object.__setattr__(self, "budget", float(self.budget))

    @classmethod
    def from_parameters(cls, namespace: Mapping[str, object]) -> ReviewSettings:
        """The settings among ``namespace`` (a notebook's ``globals()``): every name that is a
        field of this class; other names (``data``, ``currency``...) are ignored and missing
        ones keep their default."""
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in namespace.items() if k in names})  # type: ignore[arg-type]

    def constraint_texts(self) -> dict[str, str]:
        """The six funding constraint settings, as keyword arguments of ``parse_constraints``."""
        return {
            "must_fund": self.must_fund,
            "must_not_fund": self.must_not_fund,
            "depends_on": self.depends_on,
            "exclusive": self.exclusive,
            "programme_shares": self.programme_shares,
            "yearly_budgets": self.yearly_budgets,
        }

    @property
    def exports(self) -> dict[str, Path]:
        """Where the review's tables are written (see
        :func:`vmo_lib.portfolio.export.export_paths`), so a table can link its full list
        before the last cell writes it."""
        from vmo_lib.portfolio.export import export_paths

        return export_paths(self.output_dir, EXPORT_STEM, EXPORT_NAMES)
