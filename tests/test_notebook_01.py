"""Notebook 01 under the runner: non-default parameters, privacy in outputs, generated data."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest
from notebook_runs import run_notebook

from vmo_lib.data.generator import generate_organisation, write_dataset
from vmo_lib.maturity import MERGED_GROUP
from vmo_lib.notebook.record import read_records

NOTEBOOK = "01_pmo_gap_analysis"
SMALL_ROLES = ("Executive", "PMO staff", "Business unit lead")  # 5 respondents each


def _run(out: Path, data: str | None = None, **params: str) -> Path:
    return run_notebook(NOTEBOOK, out, data, **params)


@pytest.fixture(scope="module")
def merged_run(notebook_run):
    return notebook_run(
        NOTEBOOK,
        min_group_size="7",
        target_profile="survey; Value culture=3",
        dimension_weights="Data and tooling=5; Risk management=0",
        roles="Executive, Project manager",
        confidence="0.8",
        bootstrap_samples="500",
        seed="7",
        scoring="mean",
        role_weights="respondents",
        currency="GBP",
    )


def _outputs_text(notebook: Path) -> str:
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    parts = []
    for cell in nb["cells"]:
        for output in cell.get("outputs", []):
            assert output.get("output_type") != "error"
            assert output.get("name") != "stderr", output
            for mime, value in output.get("data", {}).items():
                if mime.startswith("text/"):
                    parts.append(value if isinstance(value, str) else "".join(value))
    return "\n".join(parts)


def test_small_groups_never_appear_alone_in_outputs(merged_run):
    records = read_records(merged_run / f"{NOTEBOOK}.ipynb")
    assert records["role_groups_shown"] == {"Project manager": 9, MERGED_GROUP: 15}
    assert records["compared_groups"] == ["Project manager", MERGED_GROUP] or records[
        "compared_groups"
    ] == [MERGED_GROUP, "Project manager"]
    html = _outputs_text(merged_run / f"{NOTEBOOK}.ipynb")
    page = (merged_run / f"{NOTEBOOK}.html").read_text(encoding="utf-8")
    for text in (html, page):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", text, re.S)
        for role in SMALL_ROLES:
            assert not any(c.strip() == role for c in cells), role
        assert "shown together as" in text  # the reader is told about the merge
    assert "Traceback" not in page


def test_non_default_parameters_take_effect(merged_run):
    records = read_records(merged_run / f"{NOTEBOOK}.ipynb")
    assert records["n_respondents"] == 24
    assert records["largest_perception_gap"]["dimension"]
    plan = pd.read_csv(merged_run / "outputs" / NOTEBOOK / "01_roadmap.csv").set_index("Dimension")
    assert plan.loc["Data and tooling", "Importance (weight)"] == 5
    assert plan.loc["Risk management", "Priority score"] == 0
    if "Value culture" in plan.index:
        assert plan.loc["Value culture", "Target level"] == 3


def test_scoring_rule_is_applied_and_stated(merged_run):
    records = read_records(merged_run / f"{NOTEBOOK}.ipynb")
    assert records["scoring"] == "mean"
    plan = pd.read_csv(merged_run / "outputs" / NOTEBOOK / "01_roadmap.csv")
    assert (plan["Current level"] % 1 != 0).any()  # mean scores, not whole levels
    page = (merged_run / f"{NOTEBOOK}.html").read_text(encoding="utf-8")
    assert "Levels are mean scores" in page and "Each respondent counts once" in page
    sheets = pd.read_excel(merged_run / "outputs" / NOTEBOOK / "01_gap_analysis.xlsx", None)
    assert {"Dimensions", "Questions", "Evidence by project", "Roadmap"} <= set(sheets)
    assert len(sheets["Evidence by project"]) == 52
    assert "01_gap_analysis.xlsx" in page


def test_default_run_uses_the_staged_rule(notebook_run):
    out = notebook_run(NOTEBOOK)  # shared: the defaults on the case study
    records = read_records(out / f"{NOTEBOOK}.ipynb")
    assert records["scoring"] == "staged"
    plan = pd.read_csv(out / "outputs" / NOTEBOOK / "01_roadmap.csv")
    assert (plan["Current level"] % 1 == 0).all()  # staged: whole levels
    page = (out / f"{NOTEBOOK}.html").read_text(encoding="utf-8")
    assert "P3M3&#x27;s staged rule" in page or "P3M3's staged rule" in page
    assert "Each role counts the same" in page
    assert "Dimensions where the mean and the staged rule name different levels" in page


def test_runs_on_a_generated_organisation(tmp_path):
    data = tmp_path / "generated"
    write_dataset(generate_organisation(25, 11), data)
    out = _run(tmp_path / "out", data=str(data), organisation_name="Generated Org")
    records = read_records(out / f"{NOTEBOOK}.ipynb")
    assert records["n_respondents"] >= 3
    assert all(n >= 3 for n in records["role_groups_shown"].values())
    assert records["roadmap_first_step"]
