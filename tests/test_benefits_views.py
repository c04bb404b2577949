"""Views and figures for notebooks 00 and 05 built on earned schedule, EAC ranges, the
register audit and the Monte Carlo: the numbers they show come from the results."""

from __future__ import annotations

import pandas as pd
import pytest

from vmo_lib.baseline import charts as schedule_charts
from vmo_lib.baseline import views as schedule_views
from vmo_lib.baseline.eac_ranges import eac_ranges
from vmo_lib.baseline.earned_schedule import earned_schedule_of
from vmo_lib.data import load_organisation
from vmo_lib.display.tables import money_text, ratio_text
from vmo_lib.realization import audit_register, benefits_map, value_uncertainty
from vmo_lib.realization import views as register_views


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


def test_audit_views_and_exports(org, tmp_path) -> None:
    audit = audit_register(org)
    bmap = benefits_map(org.benefits, org.projects, org.value_drivers)
    futures = value_uncertainty(org, "2026-09-30", samples=500)
    files = register_views.export_register(audit, bmap, futures, tmp_path)
    assert set(files) == set(register_views.REGISTER_EXPORTS)
    assert all(path.exists() for path in files.values())
    summary, gaps, note = register_views.doam_tables(audit, files)
    assert f"{int(audit.doam['described'].sum()):,}" in summary.to_html()
    failing = int((audit.doam["doam_passed"] < 4).sum())
    assert f"{failing:,} of {len(audit.doam):,}" in gaps.to_html()
    assert "05_doam_per_benefit.csv" in note.data
    doubled = register_views.attribution_table(audit, files, currency="GBP").data
    assert "P-14, P-38" in doubled and "05_double_counting.csv" in doubled
    checks = register_views.delivery_checks(audit, files).data
    assert "No dis-benefits without an owner" in checks
    assert "projects, benefits" in register_views.map_note(bmap).data


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


def test_delivery_checks_show_both_lists_with_their_formats() -> None:
    from vmo_lib.realization import RegisterAudit

    unowned = pd.DataFrame(
        {"benefit_id": ["B-1"], "project_id": ["P-1"], "name": ["More noise"],
         "accountable_owner": ["COO"], "planned_total": [-20.0]}
    )  # fmt: skip
    early = pd.DataFrame(
        {"benefit_id": ["B-2"], "project_id": ["P-2"], "name": ["Fewer calls"],
         "stage": ["in flight"], "delivery": [pd.Timestamp("2027-01-31")],
         "first_quarter": ["2026Q3"], "quarters": [1], "value_before": [1500.0]}
    )  # fmt: skip
    audit = RegisterAudit(pd.DataFrame(), pd.DataFrame(), unowned, early)
    text = register_views.delivery_checks(audit, {}).data
    assert "1 dis-benefits without an owner" in text and "2027-01-31" in text
    assert "Value realised before it" in text and "00:00:00" not in text
