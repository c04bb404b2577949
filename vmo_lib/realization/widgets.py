"""Live panel for notebook 05: change grouping, forecast method and at-risk threshold.

Built only in JupyterLab (see :func:`vmo_lib.notebook.live.show_live_or_static`); handouts show
the static result at the notebook's parameters. The panel recomputes with
:func:`~.dashboard.analyse` and draws with :mod:`vmo_lib.realization.charts`.

>>> show_live_or_static(lambda: realisation_panel(org, as_of), show_static)  # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from vmo_lib.realization.dashboard import analyse, kpi_tiles_html
from vmo_lib.realization.forecast import DEFAULT_FORECAST_METHOD, FORECAST_METHODS
from vmo_lib.realization.grouping import GROUPS
from vmo_lib.realization.report import DISPLAY_LABELS, group_title
from vmo_lib.realization.todate import BenefitData
from vmo_lib.realization.views import list_html

__all__ = ["realisation_panel"]


def realisation_panel(
    org: BenefitData,
    as_of: str | dt.date | pd.Timestamp,
    organisation_name: str = "",
    group_by: str = "programme",
    forecast_method: str = DEFAULT_FORECAST_METHOD,
    at_risk_threshold: float = 0.2,
    stale_quarters: int = 2,
    dis_benefit_quarters: int = 3,
    trend_quarters: int = 4,
    max_chart_groups: int = 30,
) -> object:
    """An ipywidgets panel: three controls, KPI tiles, realisation table and index chart.

    The three controls start at the notebook's values; the other settings
    (``stale_quarters``, ``dis_benefit_quarters``, ``trend_quarters``, see
    :func:`~.dashboard.analyse`) are held fixed, so the panel's first view matches the handout.
    """
    import ipywidgets as w
    from IPython.display import HTML, display

    from vmo_lib.realization import charts as charts_realization

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
        _level, chart_table, _profile = result.chart_level(max_chart_groups)
        display(charts_realization.realisation_index_bar(chart_table, at_risk_threshold))
        labels = {**DISPLAY_LABELS, "group": group_title(group_by)}
        caption = f"Planned, realised and forecast value by {group_title(group_by).lower()}"
        display(HTML(list_html(result.table_view(), "table", 10, caption, labels)))

    out = w.interactive_output(
        draw, {"group_by": group, "forecast_method": method, "at_risk_threshold": threshold}
    )
    return w.VBox([w.HBox([group, method, threshold]), out])
