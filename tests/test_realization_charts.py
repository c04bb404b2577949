"""Charts of notebook 05: they show what the results say (bars, lines, labels, hatching)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from test_realization import AS_OF, make_org

from vmo_lib import realization as rz
from vmo_lib.display import theme as charts
from vmo_lib.realization import charts as charts_realization


@pytest.fixture(scope="module")
def result() -> rz.Realisation:
    charts.set_theme()
    return rz.analyse(make_org(), AS_OF, group_by="benefit")


def test_realisation_index_bar_hatches_the_groups_behind(result):
    fig = charts_realization.realisation_index_bar(result.table, threshold=0.2)
    ax = fig.axes[0]
    bars = {t.get_text(): p for t, p in zip(ax.get_yticklabels(), ax.patches, strict=True)}
    # B-3 has nothing planned yet and is left out; B-1 (0.5) and B-4 (-0.2) are behind
    assert set(bars) == {"Fewer late deliveries", "Faster picking", "Lower cost"}
    assert bars["Fewer late deliveries"].get_width() == pytest.approx(0.5)
    assert bars["Fewer late deliveries"].get_hatch() == "//"
    assert bars["Faster picking"].get_hatch() in ("", None)
    assert "nothing planned" in fig.texts[-1].get_text()


def test_cumulative_chart_stops_realised_line_at_as_of(result):
    fig = charts_realization.cumulative_value_chart(
        result.profile, result.last_quarter, currency="GBP"
    )
    ax = fig.axes[0]
    planned, realised, forecast = ax.get_lines()[:3]
    assert np.nansum(planned.get_ydata()) == pytest.approx(250 + 500 + 950 + 1400)
    assert np.count_nonzero(~np.isnan(realised.get_ydata().astype(float))) == 2
    assert np.nanmax(forecast.get_ydata().astype(float)) == pytest.approx(530)  # evidence
    assert ax.get_ylabel() == "Cumulative value (GBP)"
    assert ax.yaxis.get_major_formatter()(1_000_000, 0).startswith("GBP")


def test_gap_bar_names_owners(result):
    gaps = rz.top_gaps(result.values)
    fig = charts_realization.gap_bar(gaps)
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    ids = gaps["benefit_id"].tolist()[::-1]  # largest gap at the top, drawn last
    assert labels == [
        f"{ids[0]} Fewer late deliveries\nowner: Ann",
        f"{ids[1]} Lower cost\nowner: Cy",
    ]


def test_group_trend_lines_one_panel_per_group():
    result = rz.analyse(make_org(), AS_OF, group_by="project")
    labels = result.table.set_index("group")["label"]
    fig = charts_realization.group_trend_lines(result.group_profile, result.last_quarter, labels)
    titles = sorted(ax.get_title() for ax in fig.axes if ax.get_visible())
    assert titles == ["Route planning", "Warehouse"]


def test_index_bar_draws_a_dis_benefit_without_loss_at_the_edge():
    table = pd.DataFrame(
        {
            "label": ["Benefit", "Dis-benefit, no loss", "Dis-benefit, twice the loss"],
            "planned_to_date": [100.0, -50.0, -80.0],
            "realisation_index": [1.2, np.inf, 0.5],
        }
    )
    fig = charts_realization.realisation_index_bar(table, threshold=0.2)
    ax = fig.axes[0]
    widths = {
        t.get_text(): p.get_width() for t, p in zip(ax.get_yticklabels(), ax.patches, strict=True)
    }
    assert widths["Dis-benefit, twice the loss"] == pytest.approx(0.5)
    assert widths["Dis-benefit, no loss"] == pytest.approx(1.3)  # largest finite + 0.1
    texts = [t.get_text() for t in ax.texts]
    assert "no loss" in texts and "0.50" in texts


def test_gap_bar_names_the_currency_in_force(result):
    fig = charts_realization.gap_bar(rz.top_gaps(result.values), currency="GBP")
    assert "GBP" in fig.axes[0].get_xlabel()


def test_chart_level_note_says_why_charts_show_programmes():
    assert rz.chart_level_note("programme", "programme", 5) == ""
    note = rz.chart_level_note("benefit", "programme", 3009)
    assert "groups by benefit, and its 3,009 groups" in note and "max_chart_groups" in note
