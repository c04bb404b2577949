"""The synthetic organisation generator: determinism, schema conformance, consistency, scale,
and the CSV writer's format."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from schema_checks import consistency_problems, schema_problems

from vmo_lib.data.generator import generate_organisation, write_dataset
from vmo_lib.data.schema import TABLES
from vmo_lib.data.synthetic.arrays import round_within_groups
from vmo_lib.data.synthetic.drivers import snap_to_saaty


@pytest.fixture(scope="module")
def org() -> dict[str, pd.DataFrame]:
    return generate_organisation(50, seed=0)


def test_same_seed_gives_identical_frames() -> None:
    first, second = generate_organisation(30, seed=7), generate_organisation(30, seed=7)
    for name in first:
        pd.testing.assert_frame_equal(first[name], second[name])


def test_different_seeds_give_different_organisations() -> None:
    first, second = generate_organisation(30, seed=1), generate_organisation(30, seed=2)
    assert not first["projects"].equals(second["projects"])
    assert not first["benefit_actuals"].equals(second["benefit_actuals"])


def test_every_table_is_schema_conformant(org: dict[str, pd.DataFrame]) -> None:
    assert schema_problems(org) == []


def test_tables_are_internally_consistent(org: dict[str, pd.DataFrame]) -> None:
    assert consistency_problems(org) == []


def test_a_few_mandatory_projects_and_a_category_mix(org: dict[str, pd.DataFrame]) -> None:
    big = generate_organisation(2000, seed=11)["projects"]
    for projects in (org["projects"], big):
        assert set(projects["mandatory"]) == {"true", "false"}
        assert set(projects["investment_category"]) == {"run", "grow", "transform"}
        assert 0.01 <= (projects["mandatory"] == "true").mean() <= 0.15  # a few duties
        assert (projects.loc[projects["mandatory"] == "true", "investment_category"] == "run").all()


def test_comments_fit_the_stage() -> None:
    p = generate_organisation(400, seed=5)["projects"].dropna(subset=["comments"])
    not_started = p["stage"].isin(["proposed", "approved"])
    started_words = r"go-live|rehearsal|milestone|testing|on track|slipped|overrun|re-baseline"
    assert not p.loc[not_started, "comments"].str.lower().str.contains(started_words).any()
    closed = p["stage"] == "closed"
    assert not p.loc[closed, "comments"].str.lower().str.contains(r"recovery|re-baseline").any()
    assert not_started.any() and closed.any()


def test_register_reconciles_with_the_business_cases(org: dict[str, pd.DataFrame]) -> None:
    """Each project's planned benefits add up to its business-case benefit, over the years of
    its cash flows (the plan is the business case's profile split over its benefits)."""
    b = org["benefits"]
    register = b.groupby("project_id")["planned_total"].sum()
    case = org["projects"].set_index("project_id")["business_case_benefit"]
    np.testing.assert_allclose(register, case.reindex(register.index), rtol=1e-6, atol=10)
    plan = org["benefit_plan"].merge(b[["benefit_id", "project_id"]])
    plan_years = plan.groupby(["project_id", plan["quarter"].str[:4].astype(int)])["planned_value"]
    flows = org["cashflows"].set_index(["project_id", "year"])["expected_benefit"]
    yearly = plan_years.sum()
    np.testing.assert_allclose(yearly, flows.reindex(yearly.index), atol=10)
    assert org["benefit_plan"]["quarter"].max()[:4] == str(org["cashflows"]["year"].max())


def test_all_stages_and_rag_colours_occur(org: dict[str, pd.DataFrame]) -> None:
    assert set(org["projects"]["stage"]) == {"proposed", "approved", "in flight", "closed"}
    assert set(org["projects"]["rag_status"]) == {"green", "amber", "red"}
    assert len(org["projects"]) == 50


@pytest.mark.parametrize("seed", [3, 11])
def test_scales_to_two_thousand_projects(seed: int) -> None:
    big = generate_organisation(2000, seed=seed)
    assert len(big["projects"]) == 2000
    assert big["projects"]["project_id"].is_unique
    assert schema_problems(big) == []
    assert consistency_problems(big) == []


def test_small_organisations_still_work() -> None:
    tiny = generate_organisation(1, seed=0)
    assert schema_problems(tiny) == []
    assert tiny["projects"]["legacy_priority"].tolist() == [1]
    with pytest.raises(ValueError):
        generate_organisation(0)


def test_schema_checks_catch_broken_data(org: dict[str, pd.DataFrame]) -> None:
    broken = dict(org)
    projects = org["projects"].copy()
    projects.loc[0, "earned_value"] = projects.loc[0, "budget_at_completion"] + 1
    projects.loc[1, "rag_status"] = "purple"
    broken["projects"] = projects
    benefits = org["benefits"].copy()
    benefits.loc[0, "project_id"] = "P-999"
    broken["benefits"] = benefits
    problems = schema_problems(broken) + consistency_problems(broken)
    assert any("rag_status" in p for p in problems)
    assert any("EV > BAC" in p for p in problems)
    assert any("benefits.project_id" in p for p in problems)


def test_rounding_keeps_group_totals() -> None:
    amounts = np.array([0.4, 0.4, 0.4, 7.6, 0.25, 0.25, 1_234_567.3, 0.4])
    sizes = np.array([3, 1, 2, 2])
    rounded = round_within_groups(amounts, sizes)
    assert rounded.dtype == np.int64
    assert np.abs(rounded - amounts).max() < 1
    assert rounded[:3].sum() == 1 and rounded[3] == 8 and rounded[4:6].sum() == 0
    assert rounded[6:].sum() == 1_234_568


def test_saaty_snapping() -> None:
    assert snap_to_saaty(np.array([1.1, 2.6, 12.0, 0.3, 0.1])).tolist() == pytest.approx(
        [1, 3, 9, 1 / 3, 1 / 9]
    )


def test_written_csvs_follow_the_file_format(org: dict[str, pd.DataFrame], tmp_path: Path) -> None:
    write_dataset(org, tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f"{t.name}.csv" for t in TABLES)
    for spec in TABLES:
        with (tmp_path / f"{spec.name}.csv").open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))
        assert rows[0] == spec.column_names
        assert len(rows) == len(org[spec.name]) + 1
        for col_index, col in enumerate(spec.columns):
            cells = [r[col_index] for r in rows[1:] if r[col_index]]
            if col.kind == "date":
                assert all(len(c) == 10 and c[4] == "-" and c[7] == "-" for c in cells)
            if col.kind in ("int", "money"):
                assert all(c.lstrip("-").isdigit() for c in cells), col.name
            if col.kind == "ratio":
                assert all(c in {"1/9", "1/8", "1/7", "1/6", "1/5", "1/4", "1/3", "1/2"}
                           or c in {str(k) for k in range(1, 10)} for c in cells)  # fmt: skip
    text = (tmp_path / "projects.csv").read_text(encoding="utf-8")
    assert "nan" not in text.lower().split(",")


def test_write_dataset_replaces_files_without_leftovers(
    org: dict[str, pd.DataFrame], tmp_path: Path
) -> None:
    (tmp_path / "projects.csv").write_text("stale", encoding="utf-8")
    write_dataset({"projects": org["projects"]}, tmp_path)
    assert (tmp_path / "projects.csv").read_text(encoding="utf-8").startswith("project_id,")
    assert [p.name for p in tmp_path.iterdir()] == ["projects.csv"]
    with pytest.raises(KeyError):
        write_dataset({"not_a_table": org["projects"]}, tmp_path)
