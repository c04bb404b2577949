"""``vmo scenarios``: validation (every problem at once), the comparison page, the log."""

from __future__ import annotations

import contextlib
import io
import textwrap
from pathlib import Path

import pandas as pd
import pytest

from vmo_lib.cli import main
from vmo_lib.portfolio.decision_log import data_fingerprint
from vmo_lib.scenarios.run import (
    ScenarioError,
    ScenarioOptions,
    apply_capacity_changes,
    check_scenarios,
    run_scenarios,
)


def _file(tmp_path: Path, text: str, name: str = "scenarios.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_every_problem_of_every_scenario_is_reported_at_once(tmp_path):
    path = _file(
        tmp_path,
        """\
        - name: Typo
          budgett: 5
        - name: Bad rules
          must_fund: P-99
          programme_shares: "Nowhere=10%"
        - name: Bad capacity
          capacity: "Wizards=+2; Data engineers 2040=3; Data engineers=lots"
          max_deferral: -1
        - name: Fine
        """,
    )
    with pytest.raises(ScenarioError) as caught:
        check_scenarios(ScenarioOptions(file=path, out=tmp_path / "out"))
    text = "\n".join(caught.value.problems)
    assert "scenario 'Typo'" in text and "budgett" in text and "budget" in text
    assert "scenario 'Bad rules': must_fund" in text and "P-99" in text
    assert "scenario 'Bad rules': programme_shares" in text
    assert "no resource 'Wizards'" in text
    assert "'Data engineers 2040=3': no capacity in that period" in text
    assert "'Data engineers=lots' is not of the form" in text
    assert "max_deferral must be a whole number" in text
    assert not any("'Fine'" in p for p in caught.value.problems)
    assert not (tmp_path / "out").exists()  # nothing is built before every scenario is valid


def test_capacity_changes_by_hand():
    capacity = pd.DataFrame(
        {"period": [2027, 2028, 2027], "resource": ["DE", "DE", "CM"], "amount": [4.0, 5.0, 2.0]}
    )
    problems: list[str] = []
    changed = apply_capacity_changes(capacity, "DE=+2; CM=x1.5; DE 2028=1; CM=-9", problems, "s")
    assert changed["amount"].tolist() == [6.0, 1.0, 0.0]  # CM: 2 x 1.5 - 9, floored at 0
    assert problems == []


def test_comparison_page_and_decision_log(tmp_path):
    path = _file(
        tmp_path,
        """\
        name,budget,capacity,max_deferral
        Baseline,,,
        <b>More</b> engineers,,Data engineers=+6; Automation engineers=+6,1
        """,
        "scenarios.csv",
    )
    out = tmp_path / "out"
    options = ScenarioOptions(
        file=path,
        out=out,
        text={"currency": "GBP", "analysis_time_limit": "20"},
        decision="<b>More</b> engineers",
        handouts=False,
    )
    page = run_scenarios(options).read_text(encoding="utf-8")
    from vmo_lib.currency import get_currency
    from vmo_lib.portfolio.funding.select import get_time_limit

    assert (get_currency(), get_time_limit()) == ("EUR", 10.0)  # restored after the run
    assert "&lt;b&gt;More&lt;/b&gt; engineers" in page and "<b>More</b>" not in page
    assert "GBP" in page and "EUR" not in page
    assert "Projects whose decision differs" in page and "frontiers.png" in page
    assert "capacity of Data engineers" in page  # a binding limit of the baseline
    assert "handout not built" in page
    differences = pd.read_csv(out / "decision_differences.csv")
    assert len(differences) >= 1 and "decision_differences.csv" in page
    assert (out / "frontiers.png").stat().st_size > 1000
    variant = out / "data" / "b-more-b-engineers"
    capacity = pd.read_csv(variant / "resource_capacity.csv")
    original = pd.read_csv(Path("datasets/harbourline/resource_capacity.csv"))
    added = (capacity["amount"] - original["amount"]).groupby(capacity["resource"]).unique()
    assert added.map(list).to_dict() == {
        "Automation engineers": [6.0],
        "Change managers": [0.0],
        "Data engineers": [6.0],
    }
    log = pd.read_csv(out / "decision_log" / "b-more-b-engineers.csv")
    settings = pd.read_csv(out / "decision_log" / "b-more-b-engineers_settings.csv")
    facts = dict(zip(settings["setting"], settings["value"], strict=True))
    assert facts["data fingerprint (SHA-256)"] == data_fingerprint(variant)
    assert facts["data date"] == "2026-09-30" and facts["setting: max_deferral"] == "1"
    assert set(log["Decision"]) == {"fund", "do not fund"}
    assert log["Why"].notna().all() and "Still to spend (GBP)" in log.columns
    assert pd.read_excel(
        out / "decision_log" / "b-more-b-engineers.xlsx", sheet_name=None
    ).keys() == {"Decisions", "Settings"}


def test_decision_log_matches_the_explanation():
    from vmo_lib.data import load_organisation
    from vmo_lib.portfolio.decision_log import decision_log
    from vmo_lib.portfolio.funding.explain import explain_selection

    org = load_organisation("harbourline")
    candidates = org.projects.set_index("project_id").head(5)
    candidates = candidates.assign(value_score=[5.0, 4.0, 3.0, 2.0, 1.0], remaining_cost=1.0)
    table = explain_selection(candidates["value_score"], candidates["remaining_cost"], 2.0)
    log = decision_log(
        table, candidates, {"budget": 2.0}, scenario="S", data_date="2026-09-30", data_hash="abc"
    )
    assert log.decisions["decision"].tolist() == [
        "fund",
        "fund",
        "do not fund",
        "do not fund",
        "do not fund",
    ]
    assert log.decisions["break_even_value"].tolist()[2] == 4.0  # it must beat the weakest in
    assert ("setting: budget", "2.0") in set(log.settings.itertuples(index=False, name=None))


def test_command_reports_problems_and_exit_status(tmp_path):
    path = _file(tmp_path, "- name: A\n  budget: lots\n")
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        status = main(["scenarios", str(path), "--out", str(tmp_path / "o"), "--no-handouts"])
    assert status == 1
    assert "scenario 'A'" in err.getvalue() and "budget" in err.getvalue()


def test_a_scenario_whose_capacity_cannot_hold_falls_back_and_says_why(tmp_path):
    path = _file(
        tmp_path,
        """\
        - name: No change managers
          capacity: "Change managers=x0"
        """,
    )
    out = tmp_path / "out"
    page = run_scenarios(ScenarioOptions(file=path, out=out, handouts=False)).read_text("utf-8")
    assert "No portfolio satisfies these constraints together" in page
    assert "capacity of Change managers in" in page
