"""Views and figures for notebooks 00 and 05 built on earned schedule, EAC ranges, the
register audit and the Monte Carlo: the numbers they show come from the results."""

from __future__ import annotations

import pytest

from vmo_lib.baseline import schedule_charts, schedule_views
from vmo_lib.baseline.eac_ranges import eac_ranges
from vmo_lib.baseline.earned_schedule import earned_schedule_of
from vmo_lib.data import load_organisation
from vmo_lib.display.tables import money_text, ratio_text
from vmo_lib.realization import register_views
from vmo_lib.realization.register_audit import doam_audit, double_counting
from vmo_lib.realization.uncertainty import value_uncertainty


@pytest.fixture(scope="module")
def org():
    return load_organisation("harbourline")


def test_uncertainty_views_show_the_quantiles_and_value_at_risk(org) -> None:
    result = value_uncertainty(org, "2026-09-30", samples=2_000, seed=5)
    html = register_views.uncertainty_table(result, 0.5, "GBP").to_html()
    assert money_text(result.value_at_risk, "GBP") in html
    assert money_text(result.value_p10, "GBP") in html
    note = register_views.uncertainty_note(result, "GBP").data
    assert "Value at risk (P10)" in note and "seed 5" in note
    names = [f.name for f in result.recorded(0.5)]
    assert names == [
        "value_p10",
        "value_p50",
        "value_p90",
        "value_at_risk_p10",
        "probability_plan_share",
    ]


def test_audit_views(org) -> None:
    doam = doam_audit(org.benefits)
    summary = register_views.doam_summary_table(doam).to_html()
    assert f"{int(doam['described'].sum()):,}" in summary
    _, note = register_views.doam_gaps_table(doam)
    failing = int((doam["doam_passed"] < 4).sum())
    assert f"{failing:,}" in note
    doubled = register_views.double_counting_table(double_counting(org.benefits), "GBP")
    assert "P-14, P-38" in doubled.to_html()


def test_schedule_views_and_charts(org) -> None:
    schedule = earned_schedule_of(org.projects, "2026-09-30", "s_curve", org.baseline_plan)
    closed = schedule.loc[schedule["stage"] == "closed", "spi_t"]
    html = schedule_views.closed_schedule_table(schedule, org.projects).to_html()
    assert ratio_text(closed.median()) in html and ratio_text(closed.min()) in html
    table, _ = schedule_views.schedule_forecast_table(schedule, org.projects)
    assert "SPI(t)" in table.to_html()
    assert "baseline_plan table for" in schedule_views.schedule_note(schedule, "s_curve").data
    fig = schedule_charts.spi_vs_spi_t_chart(schedule, org.projects)
    assert fig.axes[0].get_xlabel().startswith("SPI")
    ranges = eac_ranges(org.projects, samples=2_000)
    fig = schedule_charts.eac_range_chart(ranges, org.projects, "GBP")
    assert "GBP" in fig.axes[0].get_xlabel()
    assert "Portfolio EAC" in schedule_views.eac_ranges_note(ranges, "GBP").data
