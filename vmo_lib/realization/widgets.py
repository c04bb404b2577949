"""Live panel for notebook 05: change grouping, forecast method and at-risk threshold.

Built only in JupyterLab (see :func:`vmo_lib.interactive.show_live_or_static`); handouts show
the static result at the notebook's parameters. The panel recomputes with
:func:`~.dashboard.analyse` and draws with :mod:`vmo_lib.charts_realization`.

>>> show_live_or_static(lambda: realisation_panel(org, as_of), show_static)  # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from .dashboard import analyse, kpi_tiles_html
from .forecast import FORECAST_METHODS
from .grouping import GROUPS
from .report import DISPLAY_LABELS, REALISATION_COLUMNS, group_title
from .todate import BenefitData

__all__ = ["realisation_panel"]


def realisation_panel(
    org: BenefitData,
    as_of: str | dt.date | pd.Timestamp,
    organisation_name: str = "",
    group_by: str = "programme",
    forecast_method: str = "plan_ratio",
    at_risk_threshold: float = 0.2,
    stale_quarters: int = 2,
    dis_benefit_quarters: int = 3,
    trend_quarters: int = 4,
) -> object:
    """An ipywidgets panel: three controls, KPI tiles, realisation table and index chart.

    The three controls start at the notebook's values; the other settings
    (``stale_quarters``, ``dis_benefit_quarters``, ``trend_quarters``, see
    :func:`~.dashboard.analyse`) are held fixed, so the panel's first view matches the handout.
    """
    import ipywidgets as w
    from IPython.display import HTML, display

    from vmo_lib import charts_realization
    from vmo_lib.tables import format_table

    group = w.Dropdown(options=list(GROUPS), value=group_by, description="Group by")
    method = w.Dropdown(
        options=list(FORECAST_METHODS), value=forecast_method, description="Forecast"
    )
    threshold = w.FloatSlider(
        value=at_risk_threshold, min=0.0, max=0.9, step=0.05, description="At-risk gap"
    )

    def draw(group_by: str, forecast_method: str, at_risk_threshold: float) -> None:
        result = analyse(
            org,
            as_of,
            group_by=group_by,
            forecast_method=forecast_method,
            at_risk_threshold=at_risk_threshold,
            stale_quarters=stale_quarters,
            dis_benefit_quarters=dis_benefit_quarters,
            trend_quarters=trend_quarters,
        )
        display(HTML(kpi_tiles_html(result.kpis, organisation_name)))
        display(charts_realization.realisation_index_bar(result.table, at_risk_threshold))
        display(
            format_table(
                result.table[list(REALISATION_COLUMNS)].head(20),
                money=[c for c in REALISATION_COLUMNS if "planned" in c or "realised" in c]
                + ["value_variance", "forecast_at_completion", "forecast_variance"],
                ratio=["realisation_index"],
                percent=["forecast_share"],
                labels={**DISPLAY_LABELS, "group": group_title(group_by)},
                short_money=True,
            )
        )

    out = w.interactive_output(
        draw, {"group_by": group, "forecast_method": method, "at_risk_threshold": threshold}
    )
    return w.VBox([w.HBox([group, method, threshold]), out])
