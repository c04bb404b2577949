"""Schema and consistency checks of a dataset held as DataFrames, for the data tests.

Independent of the project's loader/validator on purpose: the generator and the case study
are checked against ``vmo_lib.data.schema`` directly, so a loader bug cannot hide a data bug.
Each check returns a list of problems in words; an empty list means the data passes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import numpy as np
import pandas as pd

from vmo_lib.data.schema import TABLES, TABLES_BY_NAME, ColumnSpec

QUARTER = re.compile(r"^\d{4}Q[1-4]$")
SAATY = np.array([1 / k for k in range(9, 1, -1)] + list(range(1, 10)), dtype=float)
DATA_DATE = pd.Timestamp("2026-09-30")
LAST_ACTUAL_QUARTER = "2026Q3"


def _column_problems(table: str, frame: pd.DataFrame, col: ColumnSpec) -> list[str]:
    where = f"{table}.{col.name}"
    values = frame[col.name]
    problems: list[str] = []
    blank = values.isna() | (values.astype(str).str.strip() == "")
    if col.required and blank.any():
        problems.append(f"{where}: {int(blank.sum())} blank cells in a required column")
    present = values[~blank]
    if col.kind in ("int", "money", "number", "share", "ratio"):
        numbers = pd.to_numeric(present, errors="coerce")
        if numbers.isna().any():
            problems.append(f"{where}: non-numeric values")
        if col.kind in ("int", "money") and not np.allclose(numbers, np.round(numbers)):
            problems.append(f"{where}: not whole numbers")
        if col.minimum is not None and (numbers < col.minimum - 1e-9).any():
            problems.append(f"{where}: values below {col.minimum}")
        if col.maximum is not None and (numbers > col.maximum + 1e-9).any():
            problems.append(f"{where}: values above {col.maximum}")
        if col.kind == "ratio" and not np.isin(np.round(numbers, 9), np.round(SAATY, 9)).all():
            problems.append(f"{where}: values off Saaty's scale")
    if col.kind == "category":
        bad = set(present) - set(col.allowed)
        if bad:
            problems.append(f"{where}: values outside {col.allowed}: {sorted(bad)}")
    if col.kind == "date" and pd.to_datetime(present, errors="coerce").isna().any():
        problems.append(f"{where}: values that are not dates")
    if col.kind == "quarter" and not present.astype(str).str.match(QUARTER).all():
        problems.append(f"{where}: quarters not written like 2026Q3")
    if col.kind in ("id", "text") and not present.map(lambda v: isinstance(v, str)).all():
        problems.append(f"{where}: non-text values")
    if col.unique and values.duplicated().any():
        problems.append(f"{where}: duplicated values in a unique column")
    return problems


def schema_problems(tables: Mapping[str, pd.DataFrame]) -> list[str]:
    """Every schema rule broken by ``tables``: table set, exact columns in order, kinds,
    blanks, categories, ranges, uniqueness, keys and cross-table references."""
    problems: list[str] = []
    if set(tables) != {t.name for t in TABLES}:
        problems.append(f"tables differ from the schema: {sorted(tables)}")
    for name, frame in tables.items():
        spec = TABLES_BY_NAME[name]
        if list(frame.columns) != spec.column_names:
            problems.append(f"{name}: columns {list(frame.columns)} != {spec.column_names}")
            continue
        for col in spec.columns:
            problems += _column_problems(name, frame, col)
        if spec.key and frame.duplicated(list(spec.key)).any():
            problems.append(f"{name}: duplicated key {spec.key}")
    for name, frame in tables.items():
        for col in TABLES_BY_NAME[name].columns:
            if not col.references or col.name not in frame:
                continue
            target_table, target_col = col.references.split(".")
            known = set(tables[target_table][target_col])
            missing = set(frame[col.name].dropna()) - known
            if missing:
                problems.append(f"{name}.{col.name}: unresolved references {sorted(missing)[:5]}")
    return problems


def consistency_problems(tables: Mapping[str, pd.DataFrame]) -> list[str]:
    """Domain rules beyond the schema: earned value, dates, stages, driver tree, judgements,
    contributions, cash flows, benefits, plans and actuals."""
    problems: list[str] = []
    p = tables["projects"]
    n = len(p)
    if sorted(p["legacy_priority"]) != list(range(1, n + 1)):
        problems.append("legacy_priority is not a permutation of 1..n")
    if (p["earned_value"] > p["budget_at_completion"]).any():
        problems.append("EV > BAC")
    start = pd.to_datetime(p["start_date"])
    planned = pd.to_datetime(p["planned_finish"])
    forecast = pd.to_datetime(p["forecast_finish"])
    if (planned < start).any() or (forecast < start).any():
        problems.append("a finish date before the start date")
    stage = p["stage"]
    closed, flight = stage == "closed", stage == "in flight"
    future = stage.isin(["proposed", "approved"])
    evm = p[["planned_value", "earned_value", "actual_cost"]]
    if (evm[future] != 0).any().any():
        problems.append("PV/EV/AC not zero for a project that has not started")
    if (start[future] <= DATA_DATE).any():
        problems.append("a proposed/approved project started before the data date")
    if (p.loc[closed, "earned_value"] != p.loc[closed, "budget_at_completion"]).any():
        problems.append("closed project with EV != BAC")
    if (forecast[closed] > DATA_DATE).any():
        problems.append("closed project finishing after the data date")
    if (forecast[flight] <= DATA_DATE).any() or (start[flight] > DATA_DATE).any():
        problems.append("in-flight project outside the data date")
    if (p.loc[flight, "earned_value"] >= p.loc[flight, "budget_at_completion"]).any():
        problems.append("in-flight project already fully earned")

    drivers = tables["value_drivers"]
    parents = set(drivers["parent_id"].dropna())
    leaves = set(drivers["driver_id"]) - parents
    if (drivers.loc[drivers["parent_id"].isna(), "category"] != "strategic").any():
        problems.append("an objective not categorised strategic")
    contributions = tables["project_contributions"]
    if not set(contributions["driver_id"]) <= leaves:
        problems.append("contributions to non-leaf drivers")
    if len(contributions) != n * len(leaves):
        problems.append("contributions do not cover every project x leaf")

    judgements = tables["driver_judgements"]
    parent_of = dict(zip(drivers["driver_id"], drivers["parent_id"].fillna(""), strict=True))
    if (judgements["driver_a"].map(parent_of) != judgements["driver_b"].map(parent_of)).any():
        problems.append("judgements between drivers that are not siblings")
    pairs = judgements.apply(
        lambda r: (r["executive"], *sorted((r["driver_a"], r["driver_b"]))), axis=1
    )
    if pairs.duplicated().any() or (judgements["driver_a"] == judgements["driver_b"]).any():
        problems.append("an unordered pair judged twice (or with itself) by one executive")
    set_sizes = pd.Series(parent_of).value_counts()
    expected = int((set_sizes * (set_sizes - 1) // 2).sum())
    if (judgements.groupby("executive").size() != expected).any():
        problems.append("an executive did not judge every pair of every sibling set")
    priorities = tables["driver_priorities"]
    if (priorities.groupby("executive").size() != len(drivers)).any():
        problems.append("an executive did not give points and rank to every driver")
    sibling_set = priorities["driver_id"].map(parent_of).rename("set")
    totals = priorities.groupby(["executive", sibling_set])["points"].sum()
    if not np.allclose(totals, 100):
        problems.append("points of a sibling set do not add up to 100")

    cash = tables["cashflows"].groupby("project_id")[["investment_cost", "expected_benefit"]]
    sums = cash.sum().reindex(p["project_id"])
    bac = p.set_index("project_id")["budget_at_completion"]
    benefit = p.set_index("project_id")["business_case_benefit"]
    if not np.allclose(sums["investment_cost"], bac, rtol=0.01):
        problems.append("cash-flow investment does not add up to BAC")
    if not np.allclose(sums["expected_benefit"], benefit, rtol=0.01):
        problems.append("cash-flow benefit does not add up to the business-case benefit")
    years = tables["cashflows"]["year"]
    if years.min() < 2023 or years.max() > 2032:
        problems.append("cash-flow years outside 2023-2032")

    benefits = tables["benefits"]
    started = set(p.loc[~stage.eq("proposed"), "project_id"])
    if not set(benefits["project_id"]) <= started:
        problems.append("benefits registered on proposed projects")
    plan = tables["benefit_plan"]
    totals = plan.groupby("benefit_id")["planned_value"].sum()
    planned_total = benefits.set_index("benefit_id")["planned_total"]
    if not (totals.reindex(planned_total.index).fillna(0) == planned_total).all():
        problems.append("planned_total differs from the sum of the plan")
    if plan["quarter"].max() > "2032Q4":
        problems.append("benefit plan beyond 2032Q4")
    actuals = tables["benefit_actuals"]
    if len(actuals) and actuals["quarter"].max() > LAST_ACTUAL_QUARTER:
        problems.append("benefit actuals after the data date")
    return problems
