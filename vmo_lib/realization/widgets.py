"""Live panel for notebook 05: change grouping, forecast method and at-risk threshold.

:func:`show_panel` is the one call a notebook makes: it shows the panel in JupyterLab and,
headless (handouts, tests), the settings of the run instead, through
:func:`vmo_lib.notebook.live.show_live_or_static`. The panel recomputes with
:func:`~vmo_lib.realization.dashboard.analyse`, shows tiles and tables from
:mod:`vmo_lib.realization.views` and draws with :mod:`vmo_lib.realization.charts`.

>>> show_panel(org, result, "Harbourline Logistics")  # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from IPython.display import HTML, display

from vmo_lib.notebook.live import show_live_or_static
from vmo_lib.realization import charts
from vmo_lib.realization.dashboard import analyse
from vmo_lib.realization.forecast import DEFAULT_FORECAST_METHOD, FORECAST_METHODS
from vmo_lib.realization.grouping import GROUPS
from vmo_lib.realization.results import Realisation
from vmo_lib.realization.todate import ProjectBenefitData
from vmo_lib.realization.views.labels import group_title, labels_for
from vmo_lib.realization.views.lists import list_html
from vmo_lib.realization.views.notes import kpi_tiles_html, settings_note

__all__ = ["realisation_panel", "show_panel"]


def realisation_panel(
    org: ProjectBenefitData,
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
    :func:`~vmo_lib.realization.dashboard.analyse`) are held fixed, so the panel's first view
    matches the handout.
    """
    import ipywidgets as w

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
        display(charts.realisation_index_bar(chart_table, at_risk_threshold))
        caption = f"Planned, realised and forecast value by {group_title(group_by).lower()}"
        labels = labels_for(group_by)
        display(HTML(list_html(result.table_view(), "table", 10, caption, labels)))

    out = w.interactive_output(
        draw, {"group_by": group, "forecast_method": method, "at_risk_threshold": threshold}
    )
    return w.VBox([w.HBox([group, method, threshold]), out])


def show_panel(org: ProjectBenefitData, result: Realisation, organisation_name: str = "") -> None:
    """Show the live panel, started at ``result``'s settings, or (headless) those settings."""
    show_live_or_static(
        lambda: realisation_panel(
            org,
            result.as_of,
            organisation_name,
            result.group_by,
            result.kpis.forecast_method,
            result.at_risk_threshold,
            stale_quarters=result.stale_quarters,
            dis_benefit_quarters=result.dis_benefit_quarters,
            trend_quarters=result.trend_quarters,
            max_chart_groups=result.max_chart_groups,
        ),
        lambda: display(
            HTML(
                settings_note(
                    result.group_by, result.kpis.forecast_method, result.at_risk_threshold
                )
            )
        ),
    )
