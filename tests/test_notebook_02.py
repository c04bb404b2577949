"""Notebook 02 under the runner: each weighting method, the contract with notebook 04, partial
data and a clean handout (no widget residue)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from notebook_runs import notebook_outputs, run_notebook

from vmo_lib.data import load_organisation
from vmo_lib.data.casestudy import DATASET_DIR
from vmo_lib.data.generator import generate_organisation, write_dataset
from vmo_lib.drivers import leaf_weights
from vmo_lib.notebook.record import read_records

NOTEBOOK = "02_value_drivers"


def _run(out: Path, data: str | None = None, **params: str) -> Path:
    return run_notebook(NOTEBOOK, out, data, **params)


def _clean(run: Path) -> None:
    for output in notebook_outputs(run / f"{NOTEBOOK}.ipynb"):
        assert output.get("output_type") != "error"
        assert output.get("name") != "stderr", output
        assert "application/vnd.jupyter.widget-view+json" not in output.get("data", {})
    page = (run / f"{NOTEBOOK}.html").read_text(encoding="utf-8")
    assert "Traceback" not in page and "VBox(" not in page


@pytest.fixture(scope="module")
def harbourline():
    return load_organisation("harbourline")


def _points_by_hand() -> dict[str, float]:
    """Leaf weights from the bundled CSVs: each executive's points / set total, averaged over
    executives, multiplied down the tree (written here without vmo_lib)."""
    drivers = pd.read_csv(DATASET_DIR / "value_drivers.csv")
    points = pd.read_csv(DATASET_DIR / "driver_priorities.csv")
    parent = drivers.set_index("driver_id")["parent_id"].fillna("")
    points["set"] = points["driver_id"].map(parent)
    points["share"] = points["points"] / points.groupby(["executive", "set"])["points"].transform(
        "sum"
    )
    local = points.groupby("driver_id")["share"].mean()
    local = local / local.groupby(parent).transform("sum")
    leaves = [d for d in drivers["driver_id"] if d not in set(parent)]
    out = {}
    for leaf in leaves:
        weight, node = 1.0, leaf
        while node:
            weight *= local[node]
            node = parent[node]
        out[leaf] = weight
    return out


def test_points_run(notebook_run, harbourline) -> None:
    run = notebook_run(NOTEBOOK, weighting="points", currency="GBP")
    _clean(run)
    records = read_records(run / f"{NOTEBOOK}.ipynb")
    assert records["weighting"] == "points"
    page = (run / f"{NOTEBOOK}.html").read_text(encoding="utf-8")
    assert 'href="outputs/02_value_drivers/02_driver_weights.csv"' in page
    assert records["leaf_weights"] == pytest.approx(_points_by_hand())
    assert sum(records["leaf_weights"].values()) == pytest.approx(1.0)
    # the inconsistency section still runs on the judgements whatever the method
    assert records["flagged_executives"] == ["CIO"]


def test_rank_run_matches_the_library_used_by_notebook_04(notebook_run, harbourline) -> None:
    run = notebook_run(NOTEBOOK, weighting="rank", consistency_limit="0.2")
    _clean(run)
    records = read_records(run / f"{NOTEBOOK}.ipynb")
    expected = leaf_weights(harbourline, "rank", consistency_limit=0.2)
    assert records["leaf_weights"] == pytest.approx(expected.to_dict())
    assert records["top_objective"] == "Grow profitable revenue"


def test_ahp_run_flags_and_excludes_the_cio(notebook_run, harbourline) -> None:
    run = notebook_run(NOTEBOOK, weighting="ahp", exclude_inconsistent="true")
    _clean(run)
    records = read_records(run / f"{NOTEBOOK}.ipynb")
    assert records["flagged_executives"] == ["CIO"]
    assert records["n_flagged"] == 1
    assert records["max_consistency_ratio"] == pytest.approx(0.82, abs=0.01)
    assert records["excluded"] == ["CIO on objectives"]
    expected = leaf_weights(harbourline, "ahp", exclude_inconsistent=True)
    assert records["leaf_weights"] == pytest.approx(expected.to_dict())
    assert records["leaf_weights"] != pytest.approx(leaf_weights(harbourline, "ahp").to_dict())
    assert 0.5 < records["objective_consensus"] <= 1
    exported = pd.read_csv(run / "outputs" / NOTEBOOK / "02_driver_weights.csv")
    objectives = exported[exported["Level"] == 0]
    assert objectives["Share of total value"].sum() == pytest.approx(1.0)
    leaves = exported[exported["Driver"].isin(list(expected.index))]
    assert leaves["Share of total value"].sum() == pytest.approx(1.0)
    page = (run / f"{NOTEBOOK}.html").read_text(encoding="utf-8")
    # the CIO's two revisions, in order (the second brings the CR under the limit)
    first = page.index("Lift operating margin vs Be the most reliable partner")
    assert page.index("Grow profitable revenue vs Decarbonise the network") > first
    assert "JupyterLab, a slider for each pair" in page  # the static stand-in for the panel


def test_partial_generated_data_runs_top_to_bottom(tmp_path) -> None:
    tables = generate_organisation(15, seed=4)
    del tables["driver_judgements"], tables["driver_priorities"]
    write_dataset(tables, tmp_path / "data")
    run = _run(tmp_path / "run", data=str(tmp_path / "data"), weighting="rank")
    _clean(run)
    records = read_records(run / f"{NOTEBOOK}.ipynb")
    assert sum(records["leaf_weights"].values()) == pytest.approx(1.0)
    skipped = {name.removeprefix("skipped:") for name in records if name.startswith("skipped:")}
    assert skipped == {
        "Consistency of the pairwise judgements",
        "Judgements to revisit",
        "Agreement within the leadership team",
        "Comparison of the weighting methods",
        "Live AHP panel",
    }
    assert "flagged_executives" not in records
