"""KPI design (notebook 03): value KPIs beside execution KPIs, reviewed, linked and templated.

* :mod:`.kpi`: the KPI record (:class:`Kpi`) with every field of a KPI documentation form;
* :mod:`.review` (rules in :mod:`.rules`, :mod:`.smart`, :mod:`.structure`): review a draft
  catalogue: SMART, near-duplicates, orphans, balance; coverage matrix;
* :mod:`.export`: the reviewed catalogue as CSV and Excel;
* :mod:`.measures` and :mod:`.scorecard`: execution and value KPIs per project, red/amber/green
  against thresholds, and the portfolio view; :mod:`.portfolio_scorecard`
  (:func:`score_portfolio`): all of it for one portfolio, with its key figures to record;
* :mod:`.template`: the value-measurement template per stage gate, written and loaded back.

Roles: :mod:`.views` holds the tables and notes notebook 03 shows, :mod:`.charts` its figures
and :mod:`.widgets` its live panel (not imported here: calculations never draw).
"""

from __future__ import annotations

from vmo_lib.kpis.kpi import STAGE_POINTS, Kpi, kpi_table, kpis_from_table, parse_stages
from vmo_lib.kpis.portfolio_scorecard import ScoredPortfolio, score_portfolio
from vmo_lib.kpis.review import KpiReview, ReviewSettings, review_catalogue
from vmo_lib.kpis.rules import RULES, Finding

__all__ = [
    "RULES",
    "STAGE_POINTS",
    "Finding",
    "Kpi",
    "KpiReview",
    "ReviewSettings",
    "ScoredPortfolio",
    "kpi_table",
    "kpis_from_table",
    "parse_stages",
    "review_catalogue",
    "score_portfolio",
]
