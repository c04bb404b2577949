"""Fixes from the expert read of the handouts (notebooks 00-03 and 05), each checked against
a hand computation."""

from __future__ import annotations

import pytest

from vmo_lib.baseline.performance import example_projects, programme_totals, project_performance
from vmo_lib.baseline.views.projects import programme_table


def test_programme_budget_in_flight_is_the_budget_of_the_in_flight_sums() -> None:
    # P-01 (Alpha) in flight: BAC 1000, EV 600, AC 750 -> EAC 1000 / 0.8 = 1250, VAC -250.
    # P-04 (Beta) in flight, BAC 300, nothing paid (no EAC); P-02 (Beta) closed, BAC 500.
    totals = programme_totals(project_performance(example_projects())).set_index("programme")
    assert totals.loc["Alpha", "budget_in_flight"] == 1000
    assert totals.loc["Beta", "budget_in_flight"] == 300
    assert totals.loc["All programmes", "budget_in_flight"] == 1300
    alpha = totals.loc["Alpha"]
    assert alpha["vac"] == pytest.approx(alpha["budget_in_flight"] - alpha["eac"])
    assert alpha["vac"] == pytest.approx(-250)
    shown = programme_table(totals.reset_index(), 30, currency="GBP")
    html = shown.to_html()
    assert "Budget (BAC), in flight" in html
    assert "GBP 300<" in html  # Beta's in-flight budget, not the 800 of its delivery projects
    assert "GBP 800<" not in html
