"""The bundled Harbourline case study: reproducible, schema-conformant, and carrying the story
the notebooks teach (legacy versus value ranking, inconsistent CIO, benefit-register gaps)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from schema_checks import consistency_problems, schema_problems

from vmo_lib.data.casestudy import DATASET_DIR, build_case_study
from vmo_lib.data.generator import write_dataset
from vmo_lib.data.schema import TABLES

SAATY_RI_4 = 0.90  # Saaty's random index for a 4 x 4 matrix (the table this workbook uses)


@pytest.fixture(scope="module")
def case() -> dict[str, pd.DataFrame]:
    return build_case_study()


def spearman(a: pd.Series, b: pd.Series) -> float:
    """Spearman rank correlation (scipy if installed, else Pearson on pandas ranks)."""
    try:
        from scipy.stats import spearmanr
    except ImportError:
        return float(a.rank().corr(b.rank()))
    return float(spearmanr(a, b).statistic)


def judgement_matrix(rows: pd.DataFrame, objectives: list[str]) -> np.ndarray:
    """Reciprocal pairwise matrix from one executive's judgements."""
    index = {o: i for i, o in enumerate(objectives)}
    matrix = np.ones((len(objectives), len(objectives)))
    for a, b, value in rows[["driver_a", "driver_b", "judgement"]].itertuples(index=False):
        if a not in index:  # a judgement between drivers under one objective
            continue
        matrix[index[a], index[b]] = value
        matrix[index[b], index[a]] = 1 / value
    return matrix


def consistency_ratio(matrix: np.ndarray) -> float:
    """Saaty's CR = CI / RI with CI = (lambda_max - n) / (n - 1), RI(4) = 0.90."""
    n = len(matrix)
    lambda_max = float(np.max(np.linalg.eigvals(matrix).real))
    return (lambda_max - n) / (n - 1) / SAATY_RI_4


def objective_weights(case: dict[str, pd.DataFrame]) -> dict[str, float]:
    """Group weights: geometric mean of the executives' matrices, principal eigenvector."""
    drivers = case["value_drivers"]
    objectives = drivers.loc[drivers["parent_id"].isna(), "driver_id"].tolist()
    matrices = [
        judgement_matrix(rows, objectives)
        for _, rows in case["driver_judgements"].groupby("executive")
    ]
    group = np.exp(np.mean(np.log(matrices), axis=0))
    values, vectors = np.linalg.eig(group)
    w = np.abs(vectors[:, np.argmax(values.real)].real)
    return dict(zip(objectives, w / w.sum(), strict=True))


def leaf_weights(case: dict[str, pd.DataFrame]) -> dict[str, float]:
    """Objective weights split equally down the tree to the leaves."""
    drivers = case["value_drivers"]
    children = drivers.dropna(subset=["parent_id"]).groupby("parent_id")["driver_id"].apply(list)
    weights: dict[str, float] = {}

    def split(driver: str, weight: float) -> None:
        kids = children.get(driver, [])
        if not kids:
            weights[driver] = weight
        for kid in kids:
            split(kid, weight / len(kids))

    for objective, weight in objective_weights(case).items():
        split(objective, weight)
    return weights


def value_scores(case: dict[str, pd.DataFrame]) -> pd.Series:
    """Sum of contribution x leaf weight per project."""
    c = case["project_contributions"]
    scores = c["contribution"] * c["driver_id"].map(leaf_weights(case))
    return scores.groupby(c["project_id"]).sum()


# --- reproducibility and conformance ----------------------------------------------------------


def test_build_is_deterministic(case: dict[str, pd.DataFrame]) -> None:
    again = build_case_study()
    for name in case:
        pd.testing.assert_frame_equal(case[name], again[name])


def test_committed_csvs_equal_a_fresh_build(case: dict[str, pd.DataFrame], tmp_path: Path) -> None:
    write_dataset(case, tmp_path)
    for spec in TABLES:
        committed = (DATASET_DIR / f"{spec.name}.csv").read_bytes()
        fresh = (tmp_path / f"{spec.name}.csv").read_bytes()
        assert committed == fresh, f"{spec.name}.csv is stale: run python -m vmo_lib.data.casestudy"


def test_schema_conformant_and_consistent(case: dict[str, pd.DataFrame]) -> None:
    assert schema_problems(case) == []
    assert consistency_problems(case) == []


def test_bundled_text_is_plain_but_exercises_escaping() -> None:
    text = "".join(p.read_text(encoding="utf-8") for p in DATASET_DIR.glob("*.csv"))
    assert "<" not in text and ">" not in text
    assert "é" in text and "&" in text and "'" in text


# --- the portfolio ----------------------------------------------------------------------------


def test_portfolio_shape(case: dict[str, pd.DataFrame]) -> None:
    p = case["projects"]
    assert 48 <= len(p) <= 54
    assert p["programme"].nunique() == 5
    assert set(p["stage"]) == {"proposed", "approved", "in flight", "closed"}
    assert set(p["rag_status"]) == {"green", "amber", "red"}
    assert p["sponsor"].str.startswith("Chief ").all()
    assert 0.3 <= p["benefit_owner"].isna().mean() <= 0.7
    assert p["scope_changes"].max() >= 3
    dates = pd.to_datetime(p[["start_date", "planned_finish", "forecast_finish"]].stack())
    assert dates.min().year == 2023
    assert (pd.to_datetime(p["forecast_finish"]) > pd.to_datetime(p["planned_finish"])).sum() > 10


def test_cashflows_span_2023_to_2032(case: dict[str, pd.DataFrame]) -> None:
    years = case["cashflows"]["year"]
    assert years.min() == 2023 and years.max() == 2032


def test_legacy_ranking_disagrees_with_value_ranking(case: dict[str, pd.DataFrame]) -> None:
    p = case["projects"].set_index("project_id")
    value_rank = value_scores(case).rank(ascending=False).reindex(p.index)
    assert spearman(p["legacy_priority"], value_rank) < 0.3
    equal_weights = case["project_contributions"].groupby("project_id")["contribution"].sum()
    equal_rank = equal_weights.rank(ascending=False).reindex(p.index)
    assert spearman(p["legacy_priority"], equal_rank) < 0.3


def test_green_projects_top_the_legacy_list_with_little_value(
    case: dict[str, pd.DataFrame],
) -> None:
    p = case["projects"].set_index("project_id")
    value = value_scores(case).reindex(p.index)
    top = p[p["legacy_priority"] <= 10]
    low_value_green = top[(top["rag_status"] == "green") & (value[top.index] < value.median())]
    assert len(low_value_green) >= 6
    for pid in ("P-46", "P-47", "P-40", "P-06", "P-33"):
        assert p.loc[pid, "rag_status"] == "green" and p.loc[pid, "legacy_priority"] <= 10
        assert p.loc[pid, "actual_cost"] <= p.loc[pid, "earned_value"] * 1.02  # CPI >= 0.98


def test_amber_and_red_projects_carry_most_value(case: dict[str, pd.DataFrame]) -> None:
    p = case["projects"].set_index("project_id")
    value = value_scores(case).reindex(p.index)
    top5 = value.nlargest(5).index
    assert p.loc[top5, "rag_status"].isin(["amber", "red"]).all()
    troubled = p["rag_status"].isin(["amber", "red"])
    assert troubled.mean() < 0.5
    assert value[troubled].sum() / value.sum() > 0.5
    contributions = case["project_contributions"]
    assert contributions["contribution"].isin([0, 1, 2]).mean() > 0.75
    assert contributions["contribution"].isin([4, 5]).sum() >= 10


def test_evm_figures_by_stage(case: dict[str, pd.DataFrame]) -> None:
    p = case["projects"]
    flight = p[p["stage"] == "in flight"]
    assert (flight["actual_cost"] > flight["earned_value"]).sum() >= 8  # overruns exist
    assert (flight["earned_value"] < flight["planned_value"]).sum() >= 8  # slippage exists
    closed = p[p["stage"] == "closed"]
    assert (closed["planned_value"] == closed["budget_at_completion"]).all()


# --- drivers and judgements -------------------------------------------------------------------


def test_driver_tree(case: dict[str, pd.DataFrame]) -> None:
    d = case["value_drivers"]
    objectives = d[d["parent_id"].isna()]
    assert len(objectives) == 4 and (objectives["category"] == "strategic").all()
    parents = set(d["parent_id"].dropna())
    leaves = d[~d["driver_id"].isin(parents)]
    assert set(leaves["category"]) <= {"financial", "business", "operational"}
    depth = {row.driver_id: row.parent_id for row in d.itertuples()}

    def level(driver: str) -> int:
        parent = depth[driver]
        return 1 if pd.isna(parent) else 1 + level(parent)

    assert max(level(x) for x in d["driver_id"]) == 3
    for objective in objectives["driver_id"]:
        under = [x for x in leaves["driver_id"] if objective in _ancestors(x, depth)]
        assert 2 <= len(under) <= 4


def _ancestors(driver: str, parent_of: dict[str, object]) -> list[str]:
    out = []
    while not pd.isna(parent_of[driver]):
        driver = str(parent_of[driver])
        out.append(driver)
    return out


def test_four_executives_consistent_cio_not(case: dict[str, pd.DataFrame]) -> None:
    d = case["value_drivers"]
    objectives = d.loc[d["parent_id"].isna(), "driver_id"].tolist()
    ratios = {
        executive: consistency_ratio(judgement_matrix(rows, objectives))
        for executive, rows in case["driver_judgements"].groupby("executive")
    }
    assert set(ratios) == {"CEO", "CFO", "COO", "CCO", "CIO"}
    assert all(ratios[e] < 0.10 for e in ("CEO", "CFO", "COO", "CCO")), ratios
    assert ratios["CIO"] > 0.2, ratios


# --- survey, skills, KPIs ---------------------------------------------------------------------


def test_maturity_survey_story(case: dict[str, pd.DataFrame]) -> None:
    a = case["pmo_assessment"]
    assert 22 <= a["respondent_id"].nunique() <= 26
    assert set(a["role"]) == {"Executive", "PMO staff", "Project manager", "Business unit lead"}
    assert a["dimension"].nunique() == 12
    assert a["question_id"].str.match(r"^[A-Z]{3}-\d$").all()
    by_role = a.groupby("role")["current_level"].mean()
    assert by_role["Executive"] - by_role["Project manager"] >= 0.8
    by_dim = a.groupby("dimension")["current_level"].mean().sort_values()
    assert set(by_dim.index[:2]) == {"Benefits management", "Value tracking and reporting"}
    assert a["target_level"].isin([3, 4]).mean() > 0.8


def test_skills_gaps_are_largest_on_value_skills(case: dict[str, pd.DataFrame]) -> None:
    s = case["skills_inventory"]
    assert 6 <= s["team"].nunique() <= 8 and s["skill"].nunique() == 8
    gap = (s["required_level"] - s["current_level"]).groupby(s["skill"]).mean()
    assert gap["Benefits realisation"] > gap["Earned value"] + 1
    assert gap["Value KPI design"] > gap["Stakeholder management"]


def test_kpi_catalogue_has_the_typical_defects(case: dict[str, pd.DataFrame]) -> None:
    k = case["kpis"]
    assert 20 <= len(k) <= 28
    smart = ["unit", "direction", "baseline", "target", "target_date", "owner", "formula"]
    assert k[smart].notna().all(axis=1).sum() >= 6  # some are good
    vague = k[k["name"] == "Improve customer happiness"]
    assert len(vague) == 1 and vague[["unit", "owner", "target"]].isna().all(axis=None)
    assert (k["kind"] == "execution").sum() >= 4
    assert ((k["kind"] == "value") & k["driver_id"].isna()).sum() >= 3
    worse = ((k["direction"] == "lower") & (k["target"] >= k["baseline"])) | (
        (k["direction"] == "higher") & (k["target"] <= k["baseline"])
    )
    assert worse.sum() >= 1
    assert (k["driver_id"] == "D-OTD").sum() == 2  # the near-duplicates K-01 and K-02
    d = case["value_drivers"]
    leaves = set(d["driver_id"]) - set(d["parent_id"].dropna())
    assert leaves - set(k["driver_id"].dropna())  # some drivers have no KPI


# --- benefits ---------------------------------------------------------------------------------


def test_benefit_register_gaps(case: dict[str, pd.DataFrame]) -> None:
    b = case["benefits"]
    assert 70 <= len(b) <= 90
    assert b["owner"].isna().sum() >= 10
    assert b["baseline"].isna().sum() >= 5
    twins = b[b.duplicated(["name", "measure"], keep=False)]
    assert sorted(twins["project_id"]) == ["P-14", "P-38"]
    unique_names = b.drop(twins.index)["name"]
    assert unique_names.is_unique
    contributions = case["project_contributions"].set_index(["project_id", "driver_id"])
    linked = b.dropna(subset=["driver_id"])
    pairs = list(zip(linked["project_id"], linked["driver_id"], strict=True))
    assert (contributions.loc[pairs, "contribution"] >= 1).all()


def test_benefit_plan_and_actuals_story(case: dict[str, pd.DataFrame]) -> None:
    b = case["benefits"].set_index("benefit_id")
    plan, actuals = case["benefit_plan"], case["benefit_actuals"]
    assert plan["quarter"].max() == "2032Q4"  # the business cases' horizon
    assert actuals["quarter"].max() == "2026Q3"
    negative = actuals.loc[actuals["realised_value"] < 0, "benefit_id"].map(b["project_id"])
    assert set(negative) == {"P-28", "P-37"}
    unevidenced = actuals[actuals["evidence"].isna()]
    assert {"P-06", "P-40"} <= set(unevidenced["benefit_id"].map(b["project_id"]))
    last = actuals.groupby("benefit_id")["quarter"].max()
    assert (last <= "2025Q4").sum() >= 3  # silent for several recent quarters
    merged = actuals.merge(plan, on=["benefit_id", "quarter"])
    ratio = merged.groupby("benefit_id")[["realised_value", "planned_value"]].sum()
    assert (ratio["realised_value"] < 0.7 * ratio["planned_value"]).sum() >= 5  # behind plan
    live = set(actuals["benefit_id"])
    proj = case["projects"].set_index("project_id")
    assert proj.loc[b.loc[sorted(live), "project_id"], "stage"].isin(["closed", "in flight"]).all()
