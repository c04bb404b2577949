"""What notebook 03 records and shows: the review's and the scorecard's key figures (names,
labels and units as the handouts index reads them), the scorecard exports, and the views'
captions and links. Expected values come from the planted flaws of the case study's draft
catalogue and from a three-project scorecard rated by hand."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from vmo_lib.data import load_organisation
from vmo_lib.kpis import review_catalogue, score_portfolio
from vmo_lib.kpis import views as kpi_views
from vmo_lib.kpis.export import recorded_files, write_scorecard_files
from vmo_lib.kpis.measures import ValueKpis
from vmo_lib.kpis.scorecard import DEFAULT_THRESHOLDS, with_objectives

AS_OF = "2026-09-30"


@pytest.fixture(scope="module")
def review():
    org = load_organisation("harbourline")
    return review_catalogue(org.kpis, org.value_drivers, AS_OF)


def test_review_records_the_planted_flaws(review) -> None:
    figures = {f.name: f for f in review.recorded()}
    assert list(figures) == [
        *("n_kpis", "n_findings", "n_ready", "n_rework", "findings_by_rule", "duplicates"),
        *("orphan_kpis", "unmeasured_drivers", "crowded_drivers", "trend_out_of_line"),
    ]
    assert figures["n_kpis"].value == 27 and figures["n_kpis"].unit == "count"
    assert figures["n_kpis"].label == "KPIs in the draft catalogue"
    assert figures["duplicates"].value == ["K-02", "K-25"]  # a name, then a formula
    assert figures["crowded_drivers"].value == ["D-NPS"]
    assert figures["trend_out_of_line"].value == ["K-03", "K-13", "K-17", "K-20", "K-27"]
    assert set(figures["unmeasured_drivers"].value) == {"D-ECOM", "D-INNOV", "D-GREENREV"}
    by_rule = figures["findings_by_rule"].value
    assert by_rule["duplicate_name"] == 1 and sum(by_rule.values()) == figures["n_findings"].value


def test_catalogue_views_carry_their_captions(review) -> None:
    assert kpi_views.model_record(review).caption.startswith("A complete KPI record: K-01 ")
    assert kpi_views.trend_table(review).caption == (
        "Targets out of line with the trend (stretch factor 2)"
    )
    assert kpi_views.trend_table(review).data.columns.tolist() == [
        "KPI / driver",
        "What is wrong",
        "Suggested fix",
    ]
    digest = kpi_views.digest_view(review, "Harbourline", 5)
    assert "draft KPIs need work" in digest.table.caption and digest.rows <= 10
    assert kpi_views.settings_sentence(review).startswith("At this run's settings: 27 KPIs: ")


def scored_by_hand():
    """Three projects: A green on execution and red on value, B the reverse, C nothing due."""
    execution = pd.DataFrame(
        {
            "project_id": ["A", "B", "C"],
            "name": ["a", "b", "c"],
            "programme": ["P", "P", "Q"],
            "stage": ["closed"] * 3,
            "cpi": [1.0, 0.8, 1.0],
            "spi": [1.0, 0.8, 1.0],
            "cost_overrun": [0.0, 0.3, 0.0],
            "slip_days": [0.0, 200.0, 0.0],
            "changes_per_project_year": [0.0, 3.0, 0.0],
        }
    )
    projects = pd.DataFrame(
        {
            "project_id": ["A", "B", "C"],
            "name": ["a", "b", "c"],
            "planned_to_date": [100.0, 100.0, 0.0],
            "benefit_realisation_rate": [0.2, 0.9, np.nan],
            "realisation_O-C": [np.nan, 0.9, np.nan],
        }
    )
    value = ValueKpis(projects, {"realisation_O-C": "Customers"}, pd.DataFrame())
    chosen = with_objectives(DEFAULT_THRESHOLDS, value.objectives)
    return value, score_portfolio(SimpleNamespace(projects=execution), value, chosen)


def test_scored_portfolio_records_the_telling_cells() -> None:
    _, scored = scored_by_hand()
    figures = {f.name: f for f in scored.recorded()}
    assert figures["green_execution_red_value"].value == ["A"]
    assert figures["green_execution_red_value"].label == "Green on execution, red on value"
    assert figures["red_execution_green_value"].value == ["B"]
    assert figures["n_scored"].value == 3 and figures["n_scored"].unit == "count"
    assert set(figures["thresholds_source"].value.values()) == {"default"}
    assert figures["objectives"].value == {"realisation_O-C": "Customers"}
    assert scored.threshold("cpi").amber == pytest.approx(0.95)
    totals = scored.by_programme.set_index("programme")
    assert totals.loc["P", "projects"] == 2 and totals.loc["Total", "value_red"] == 1


def test_scorecard_views_and_exports(tmp_path) -> None:
    value, scored = scored_by_hand()
    files = write_scorecard_files(value, scored, tmp_path)
    assert [p.name for p in files.projects] == ["03_project_kpis.csv", "03_project_kpis.xlsx"]
    card = pd.read_csv(files.scorecard, keep_default_na=False)
    assert card["value_rag"].tolist() == ["red", "green", "n/a"]  # worst value status first
    assert [(f.name, f.value) for f in files.recorded()] == [
        ("project_files", ["03_project_kpis.csv", "03_project_kpis.xlsx"])
    ]
    telling = kpi_views.telling_view(scored, 20, files)
    assert telling.table.caption == (
        "1 projects green on execution but red on value, 1 the reverse"
    )
    assert telling.rows == 2 and "03_project_scorecard.csv" in telling.note.html
    listed = kpi_views.scorecard_view(scored, "H", AS_OF, 20, files)
    assert listed.table.caption == "H: project scorecard on 2026-09-30 (3 projects in delivery)"
    assert "03_project_kpis.xlsx" in listed.note.html
    assert kpi_views.thresholds_view(scored).data.shape[0] == len(scored.thresholds)
    assert [(f.name, f.value) for f in recorded_files("x", files.projects)] == [
        ("x", ["03_project_kpis.csv", "03_project_kpis.xlsx"])
    ]


def test_headless_panel_prints_the_verdicts_at_the_run_settings(review, monkeypatch, capsys):
    from vmo_lib.kpis.widgets import show_panel

    monkeypatch.setenv("VMO_HEADLESS", "1")
    show_panel(SimpleNamespace(), review)  # headless: the organisation is never read
    counts = review.verdict_counts()
    assert capsys.readouterr().out == (
        f"At this run's settings: 27 KPIs: {counts['ready']} ready, {counts['fix']} to fix, "
        f"{counts['rework']} to rework.\n"
    )
