"""Partial data: notebooks 00 and 01 run what the tables allow, and the index says what was skipped.

Expected values are read straight from the bundled CSV files with pandas.
"""

from __future__ import annotations

import contextlib
import io
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from vmo_lib.cli import main
from vmo_lib.notebook.record import Figure, read_records
from vmo_lib.paths import DATASETS_DIR
from vmo_lib.pipeline.html import IndexEntry, figures, render_index, skipped_analyses

HARBOURLINE = DATASETS_DIR / "harbourline"
NOTEBOOKS = ("00_portfolio_baseline", "01_pmo_gap_analysis")
SURVEY_SKIPS = {
    "Survey respondents by role group",
    "Maturity levels by dimension",
    "Where the scoring rules differ",
    "Perception gap between role groups",
    "Prioritised roadmap",
}


def _dataset(folder: Path, tables: list[str]) -> Path:
    folder.mkdir(parents=True)
    for table in tables:
        shutil.copy(HARBOURLINE / f"{table}.csv", folder / f"{table}.csv")
    return folder


def _vmo(*args: object) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main([str(a) for a in args])
    return status, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def projects_only(projects_only_build):
    """Handouts of the sequence built from a dataset holding only projects.csv (shared)."""
    return projects_only_build


def test_both_notebooks_run_on_projects_alone(projects_only):
    out, _ = projects_only
    for stem in NOTEBOOKS:
        nb = json.loads((out / f"{stem}.ipynb").read_text(encoding="utf-8"))
        outputs = [o for c in nb["cells"] for o in c.get("outputs", [])]
        assert not [o for o in outputs if o.get("output_type") == "error"], stem
    base = read_records(out / "00_portfolio_baseline.ipynb")
    projects = pd.read_csv(HARBOURLINE / "projects.csv")
    assert base["n_projects"] == len(projects)
    assert base["share_with_promised_benefit"] == pytest.approx(
        (projects["business_case_benefit"] > 0).mean()
    )


def test_gap_analysis_keeps_the_evidence_and_skips_the_survey(projects_only):
    out, _ = projects_only
    records = read_records(out / "01_pmo_gap_analysis.ipynb")
    projects = pd.read_csv(HARBOURLINE / "projects.csv")
    owners = projects["benefit_owner"].fillna("").astype(str).str.strip().ne("").mean()
    assert records["share_has_benefit_owner"] == pytest.approx(owners)
    assert records["share_has_measurable_benefit"] == 0.0  # no benefit register at all
    skipped = {
        k.removeprefix("skipped:"): v for k, v in records.items() if k.startswith("skipped:")
    }
    assert skipped == {**dict.fromkeys(SURVEY_SKIPS, "pmo_assessment"),
                       "Skills gaps and training needs": "skills_inventory"}  # fmt: skip
    assert "n_respondents" not in records and "roadmap_first_step" not in records
    page = (out / "01_pmo_gap_analysis.html").read_text(encoding="utf-8")
    assert page.count("Skipped: ") == len(SURVEY_SKIPS) + 1
    assert "This dataset has no <code>pmo_assessment</code> table" in page
    assert not (out / "outputs" / "01_pmo_gap_analysis" / "01_roadmap.csv").exists()


def test_index_and_summary_list_the_skipped_analyses(projects_only):
    out, summary = projects_only
    index = (out / "index.html").read_text(encoding="utf-8")
    for analysis in [*SURVEY_SKIPS, "Skills gaps and training needs"]:
        assert f"<li>{analysis} <span" in index
    assert "(add <code>skills_inventory</code>)" in index
    assert "skipped:" not in index  # never shown as a key figure
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    run = next(r for r in manifest["runs"] if r["notebook"].startswith("01"))
    assert {s["analysis"] for s in run["skipped_analyses"]} == {
        *SURVEY_SKIPS,
        "Skills gaps and training needs",
    }
    assert "01_pmo_gap_analysis skipped: Survey respondents by role group (no pmo_assessment)" in (
        summary
    )


def test_gap_analysis_without_benefits_kpis_or_skills(tmp_path):
    tables = [p.stem for p in HARBOURLINE.glob("*.csv")]
    keep = [
        t
        for t in tables
        if t not in {"benefits", "benefit_plan", "benefit_actuals", "kpis", "skills_inventory"}
    ]
    data = _dataset(tmp_path / "data", keep)
    status, _, err = _vmo("run", "01_pmo_gap_analysis", "--data", data, "--out", tmp_path / "run")
    assert status == 0, err
    records = read_records(tmp_path / "run" / "01_pmo_gap_analysis.ipynb")
    survey = pd.read_csv(HARBOURLINE / "pmo_assessment.csv")
    assert records["n_respondents"] == survey["respondent_id"].nunique()  # the survey still runs
    assert records["share_has_measurable_benefit"] == records["share_has_value_kpi"] == 0.0
    skipped = [k for k in records if k.startswith("skipped:")]
    assert skipped == ["skipped:Skills gaps and training needs"]
    page = (tmp_path / "run" / "01_pmo_gap_analysis.html").read_text(encoding="utf-8")
    assert "The dataset has no benefits table" in page and "The dataset has no kpis table" in page


def test_index_escapes_skipped_analyses_and_keeps_them_out_of_key_figures():
    recorded = {
        "on_time": Figure("on_time", 0.5, "On time", "percent"),
        "skipped:<b>Roadmap</b>": Figure(
            "skipped:<b>Roadmap</b>", "pmo_assessment", "<b>Roadmap</b>"
        ),
    }
    assert figures(recorded) == (("On time", "50.0%"),)
    entry = IndexEntry(
        "T",
        "01.ipynb",
        "01.html",
        True,
        figures=figures(recorded),
        skipped_analyses=skipped_analyses(recorded),
    )
    page = render_index("Handouts", built="now", version="1", handouts=[entry])
    assert "&lt;b&gt;Roadmap&lt;/b&gt;" in page and "<b>Roadmap</b>" not in page
    assert "On time: <strong>50.0%</strong>" in page
