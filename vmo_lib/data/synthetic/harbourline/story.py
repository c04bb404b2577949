"""The story layer of the Harbourline case study and :func:`build_case_study`.

The generator's pipeline runs on the hand-written portfolio (:mod:`.portfolio_notes`); the
story layer then pins what the notebooks point at: legacy ranks, contribution scores, the
hand-written benefit register (:mod:`.benefit_register`), realised values, the CIO's
intransitive judgements and the draft KPI catalogue (:mod:`.kpi_drafts`).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from vmo_lib.data.synthetic.assessment import assessment_frame, skills_frame
from vmo_lib.data.synthetic.benefits import build_benefits
from vmo_lib.data.synthetic.drivers import priorities_frame, sibling_sets, tree_judgements_frame
from vmo_lib.data.synthetic.generate import table_frames
from vmo_lib.data.synthetic.harbourline.benefit_register import PROJECT_BENEFITS
from vmo_lib.data.synthetic.harbourline.capacity import harbourline_resources
from vmo_lib.data.synthetic.harbourline.company import (
    BENEFIT_SCALE,
    CIO_JUDGEMENTS,
    DRIVER_WEIGHTS,
    JUDGEMENT_WEIGHTS,
    NEW_REVENUE_MARGIN,
    PROGRAMMES,
    RESPONDENTS,
    TEAMS,
    TREE,
)
from vmo_lib.data.synthetic.harbourline.kpi_drafts import KPI_DRAFTS
from vmo_lib.data.synthetic.harbourline.portfolio_notes import (
    CONTRIBUTION_NOTES,
    DELIBERATE_MISMATCHES,
    INVESTMENT_CATEGORIES,
    LEGACY_PINS,
    MANDATORY,
    PORTFOLIO,
    STORY_NOTES,
)
from vmo_lib.data.synthetic.kpis import kpis_frame
from vmo_lib.data.synthetic.portfolio import build_portfolio, projects_frame
from vmo_lib.data.synthetic.reference import MATURITY_DIMENSIONS
from vmo_lib.data.synthetic.register import REGISTER_STREAM, linear_baseline_plan, register_columns
from vmo_lib.data.synthetic.specs import text_records, text_rows

SEED = 20260930
"""Seed of the case study's random draws (the data date, for memorability)."""


def _portfolio_mix() -> pd.DataFrame:
    """The hand-written portfolio as a generator mix, with its override columns."""
    rows = []
    for row in text_rows(PORTFOLIO):
        pid, name, prog, kind, stage, start, bac, cpi, spi, multiple, sponsor = row
        rows.append(
            {
                "project_id": pid,
                "name": name,
                "programme": PROGRAMMES[prog].name,
                "sponsor": sponsor or PROGRAMMES[prog].sponsor,
                "kind": kind,
                "stage": stage,
                "start": pd.Timestamp(start) if start else pd.NaT,
                "bac": float(bac) if bac else np.nan,
                "cpi": float(cpi) if cpi else np.nan,
                "spi": float(spi) if spi else np.nan,
                "benefit_multiple": float(multiple) if multiple else np.nan,
            }
        )
    mix = pd.DataFrame(rows)
    mix["benefit_scale"] = mix["kind"].map(BENEFIT_SCALE).fillna(1.0)
    notes = {row[0]: row[1:] for row in text_rows(STORY_NOTES)}
    mix["benefit_owner"] = [
        ("" if notes[p][0] == "-" else notes[p][0]) if p in notes else np.nan
        for p in mix["project_id"]
    ]
    mix["comments"] = [
        notes[p][1] if p in notes and len(notes[p]) > 1 and notes[p][1] else np.nan
        for p in mix["project_id"]
    ]
    return mix


def pin_ranks(ranks: pd.Series, pins: Mapping[str, int]) -> pd.Series:
    """Ranks 1..n where the ``pins`` (id -> rank) are fixed and the others keep their order.

    Why: the story needs a few projects at given places in the legacy list while the rest
    stays as drawn.
    """
    free_slots = [r for r in range(1, len(ranks) + 1) if r not in set(pins.values())]
    others = ranks.drop(list(pins)).sort_values().index
    out = pd.Series(pins, dtype=np.int64)
    out = pd.concat([out, pd.Series(free_slots, index=others, dtype=np.int64)])
    return out.reindex(ranks.index)


def _apply_contribution_notes(contributions: pd.DataFrame) -> pd.DataFrame:
    """Set the contributions the story depends on (see
    :data:`.portfolio_notes.CONTRIBUTION_NOTES`)."""
    out = contributions.set_index(["project_id", "driver_id"])
    for pid, cells in text_rows(CONTRIBUTION_NOTES):
        for cell in cells.split(","):
            driver, score = cell.strip().split("=")
            out.loc[(pid, driver), "contribution"] = int(score)
    return out.reset_index()


def _benefit_row(benefits: pd.DataFrame, project_id: str, k: int) -> int:
    """Index label of a project's k-th benefit (1-based)."""
    rows = benefits.index[benefits["project_id"] == project_id]
    if len(rows) < k:
        raise ValueError(f"{project_id} has fewer than {k} benefits")
    return int(rows[k - 1])


def _benefit_slots() -> pd.DataFrame:
    """The hand-written benefit register (:data:`.benefit_register.PROJECT_BENEFITS`) as
    generator slots."""
    rows = [
        {
            "project_id": pid,
            "driver_id": np.nan if driver == "-" else driver,
            "name": name,
            "measure": measure,
            "unit": unit,
            "baseline": float(base),
            "target": float(target),
            "evidence": evidence,
        }
        for pid, driver, name, measure, unit, base, target, evidence in text_rows(PROJECT_BENEFITS)
    ]
    return pd.DataFrame(rows)


def investment_flags(project_ids: pd.Series) -> pd.DataFrame:
    """``mandatory`` and ``investment_category`` of each project, from
    :data:`.portfolio_notes.MANDATORY` and :data:`.portfolio_notes.INVESTMENT_CATEGORIES`."""
    category = {pid: cat for cat, ids in text_rows(INVESTMENT_CATEGORIES) for pid in ids.split()}
    return pd.DataFrame(
        {
            "mandatory": np.where(project_ids.isin(MANDATORY), "true", "false"),
            "investment_category": [category.get(p, "run") for p in project_ids],
        },
        index=project_ids.index,
    )


def revenue_shares(slots: pd.DataFrame, profile: pd.DataFrame) -> pd.Series:
    """Share of its project's benefit profile each new-revenue benefit gets (NaN for others).

    New revenue counts at margin: a benefit measured in ``EUR m/year`` of revenue is worth
    :data:`.company.NEW_REVENUE_MARGIN` of its revenue uplift (target - baseline) a year once
    the project runs at its full rate (its last planned quarter, times four).
    """
    full_rate = profile.groupby("project_id")["value"].last() * 4
    revenue = slots["unit"].eq("EUR m/year") & slots["measure"].str.contains("revenue", case=False)
    uplift = (slots["target"] - slots["baseline"]) * 1e6 * NEW_REVENUE_MARGIN
    share = uplift / slots["project_id"].map(full_rate)
    return share.where(revenue)


def apply_deliberate_mismatches(
    benefits: pd.DataFrame, plan: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Scale the benefit plans of :data:`.portfolio_notes.DELIBERATE_MISMATCHES` (and their
    ``planned_total``) so their register disagrees with their business case."""
    factors = {pid: float(f) for pid, f, _ in text_rows(DELIBERATE_MISMATCHES)}
    factor = benefits["project_id"].map(factors).fillna(1.0)
    by_benefit = pd.Series(factor.to_numpy(), index=benefits["benefit_id"])
    out_plan = plan.copy()
    scaled = out_plan["planned_value"] * out_plan["benefit_id"].map(by_benefit).to_numpy()
    out_plan["planned_value"] = scaled.round().astype(np.int64)
    totals = out_plan.groupby("benefit_id")["planned_value"].sum()
    out = benefits.copy()
    out["planned_total"] = out["benefit_id"].map(totals).fillna(0).astype(np.int64)
    return out, out_plan


def _credit_benefit_drivers(contributions: pd.DataFrame, slots: pd.DataFrame) -> pd.DataFrame:
    """A project that registers a benefit on a driver contributes at least 1 to it."""
    out = contributions.set_index(["project_id", "driver_id"])
    linked = slots.dropna(subset=["driver_id"])
    keys = pd.MultiIndex.from_arrays([linked["project_id"], linked["driver_id"]])
    out.loc[keys, "contribution"] = out.loc[keys, "contribution"].clip(lower=1)
    return out.reset_index()


def _apply_actual_notes(
    benefits: pd.DataFrame, plan: pd.DataFrame, actuals: pd.DataFrame
) -> pd.DataFrame:
    """Shape the realised values the story needs: dis-benefits, unevidenced claims, silence.

    * P-28's energy-cost benefit came out negative every quarter (tariffs rose): a dis-benefit.
    * P-37's first three quarters after go-live were negative (productivity dip at cut-over).
    * P-06 and P-40 claim 110 % of plan with no evidence at all.
    * P-17's benefits stopped reporting after 2025Q3; P-04's first realises 40 % of plan.
    """
    out = actuals.copy()
    planned = out.merge(plan[["benefit_id", "quarter", "planned_value"]], how="left")
    ids = benefits["benefit_id"]

    def rows_of(project_id: str, k: int = 1) -> pd.Series:
        """Mask of the actuals rows of a project's k-th benefit."""
        return out["benefit_id"] == ids[_benefit_row(benefits, project_id, k)]

    dis = rows_of("P-28")
    out.loc[dis, "realised_value"] = -(0.35 * planned.loc[dis, "planned_value"]).round()
    dip = out.index[rows_of("P-37")][:3]
    out.loc[dip, "realised_value"] = -(0.5 * planned.loc[dip, "planned_value"]).round()
    for pid in ("P-06", "P-40"):
        claim = rows_of(pid)
        out.loc[claim, "realised_value"] = (1.1 * planned.loc[claim, "planned_value"]).round()
        out.loc[claim, "evidence"] = np.nan
    behind = rows_of("P-04")
    out.loc[behind, "realised_value"] = (0.4 * planned.loc[behind, "planned_value"]).round()
    p17 = ids[benefits["project_id"] == "P-17"]
    silent = out["benefit_id"].isin(p17) & (out["quarter"] > "2025Q3")
    out = out.loc[~silent]
    out["realised_value"] = out["realised_value"].astype(np.int64)
    return out.reset_index(drop=True)


def _driver_weights() -> dict[str, dict[str, tuple[float, ...]]]:
    """Weights in mind per sibling set (``""``: the objectives), for judgements and points."""
    return {"": dict(JUDGEMENT_WEIGHTS), **DRIVER_WEIGHTS}


def _judgements(sets: dict[str, list[str]]) -> pd.DataFrame:
    """Executives' pairwise judgements of every sibling set: consistent thinkers (up to the
    snapping to Saaty's scale), except the CIO's intransitive answers on the objectives."""
    frame = tree_judgements_frame(_driver_weights(), sets)
    for (a, b), value in CIO_JUDGEMENTS.items():
        frame.loc[
            (frame["executive"] == "CIO") & (frame["driver_a"] == a) & (frame["driver_b"] == b),
            "judgement",
        ] = value
    return frame


REGISTER_KPI = "K-17"
"""The KPI that reports the benefit register's realisation rate."""


def realisation_to_date(plan: pd.DataFrame, actuals: pd.DataFrame, quarter: str) -> float:
    """Benefit realisation rate (%, one decimal) up to and including ``quarter``: realised
    value over planned value of every benefit, both summed over the quarters to date."""
    realised = actuals.loc[actuals["quarter"] <= quarter, "realised_value"].sum()
    planned = plan.loc[plan["quarter"] <= quarter, "planned_value"].sum()
    return round(100 * float(realised) / float(planned), 1)


def _kpis(plan: pd.DataFrame, actuals: pd.DataFrame) -> pd.DataFrame:
    """The PMO's draft KPI catalogue (see :data:`.kpi_drafts.KPI_DRAFTS`), with the register
    KPI's baseline and latest value computed from the benefit plan and actuals."""
    records = text_records(KPI_DRAFTS)
    for record in records:
        if record["kpi_id"] == REGISTER_KPI:
            for value, date in (("baseline", "baseline_date"), ("latest_value", "latest_date")):
                quarter = str(pd.Period(record[date], freq="Q"))
                record[value] = str(realisation_to_date(plan, actuals, quarter))
    return kpis_frame(records)


def build_case_study() -> dict[str, pd.DataFrame]:
    """Every table of the Harbourline Logistics case study, schema columns only.

    Deterministic: the generator's pipeline seeded with :data:`SEED`, run on the hand-written
    portfolio, then the story layer (pinned legacy ranks, contributions, benefit wording and
    realised values; the benefit register is written by hand). Money in EUR; data date
    2026-09-30.
    """
    rng = np.random.default_rng(SEED)
    programmes = list(PROGRAMMES.values())
    portfolio = build_portfolio(rng, _portfolio_mix(), programmes, TREE)
    sets = sibling_sets(portfolio["value_drivers"])
    design = portfolio["design"]
    design["legacy_priority"] = pin_ranks(
        design.set_index("project_id")["legacy_priority"], LEGACY_PINS
    ).to_numpy()
    compliance = design["kind"] == "compliance"
    design.loc[compliance, "business_case_npv"] = np.nan  # mandatory: no NPV was asked for
    design = pd.concat([design, investment_flags(design["project_id"])], axis=1)
    slots = _benefit_slots()
    slots["share"] = revenue_shares(slots, portfolio["profile"])
    portfolio["project_contributions"] = _credit_benefit_drivers(
        _apply_contribution_notes(portfolio["project_contributions"]), slots
    )
    benefit_tables = build_benefits(rng, portfolio, programmes, slots=slots)
    benefits, plan = apply_deliberate_mismatches(
        benefit_tables["benefits"], benefit_tables["benefit_plan"]
    )
    actuals = _apply_actual_notes(benefits, plan, benefit_tables["benefit_actuals"])
    tables = {
        "projects": projects_frame(design),
        "cashflows": portfolio["cashflows"],
        "value_drivers": portfolio["value_drivers"],
        "driver_judgements": _judgements(sets),
        "driver_priorities": priorities_frame(_driver_weights(), sets),
        "project_contributions": portfolio["project_contributions"],
        "pmo_assessment": assessment_frame(rng, RESPONDENTS, MATURITY_DIMENSIONS),
        "skills_inventory": skills_frame(rng, TEAMS),
        "kpis": _kpis(plan, actuals),
        "benefits": register_columns(
            np.random.default_rng([SEED, REGISTER_STREAM]),
            benefits,
            plan,
            design,
            portfolio["value_drivers"],
        ),
        "benefit_plan": plan,
        "benefit_actuals": actuals,
        "baseline_plan": linear_baseline_plan(design),
    }
    tables.update(harbourline_resources(SEED, tables["projects"], tables["cashflows"]))
    return table_frames(tables)
