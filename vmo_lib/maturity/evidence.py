"""Evidence beside perception: what the portfolio data and the skills inventory show.

A survey says what people believe. The benefit register, the KPI catalogue and the project
list say what is actually in place, so the gap analysis sets the two side by side. A project
counts as having:

* a **benefit owner** when its ``benefit_owner`` is filled in (``projects`` table);
* a **measurable benefit** when at least one of its benefits has both a baseline and a target;
* a **link to a value driver** when at least one of its benefits names the driver it feeds;
* a **value KPI** when a KPI of kind ``value`` measures a driver one of its benefits feeds.

>>> projects = pd.DataFrame({"project_id": ["P1", "P2"], "benefit_owner": ["CFO", None]})
>>> benefits = pd.DataFrame({"project_id": ["P1"], "driver_id": ["D1"], "baseline": [1.0],
...                          "target": [2.0]})
>>> kpis = pd.DataFrame({"driver_id": ["D1"], "kind": ["value"]})
>>> value_evidence(projects, benefits, kpis).shares["share"].tolist()
[0.5, 0.5, 0.5, 0.5]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from vmo_lib.maturity.survey import Assessment

EVIDENCE_LABELS: dict[str, str] = {
    "has_benefit_owner": "Projects with a named benefit owner",
    "has_measurable_benefit": "Projects with a benefit that has a baseline and a target",
    "linked_to_driver": "Projects with a benefit linked to a value driver",
    "has_value_kpi": "Projects whose value drivers are measured by a value KPI",
}
"""Plain-language name of each evidence check, in the order they are shown."""


@dataclass(frozen=True)
class ValueEvidence:
    """Per-project flags (``projects``) and their shares across the portfolio (``shares``:
    ``check, indicator, projects, share`` with share in 0-1)."""

    projects: pd.DataFrame
    shares: pd.DataFrame


def value_evidence(
    projects: pd.DataFrame, benefits: pd.DataFrame, kpis: pd.DataFrame
) -> ValueEvidence:
    """Check each project for the four signs of value management listed in the module doc."""
    ids = projects["project_id"]
    owner = projects["benefit_owner"].astype("string").str.strip().fillna("").ne("")
    measurable = benefits[benefits["baseline"].notna() & benefits["target"].notna()]
    linked = benefits[benefits["driver_id"].notna()]
    value_drivers = set(kpis.loc[kpis["kind"].astype(str).eq("value"), "driver_id"].dropna())
    with_kpi = linked[linked["driver_id"].isin(value_drivers)]
    flags = pd.DataFrame(
        {
            "project_id": ids,
            "has_benefit_owner": owner.to_numpy(dtype=bool),
            "has_measurable_benefit": ids.isin(measurable["project_id"]).to_numpy(),
            "linked_to_driver": ids.isin(linked["project_id"]).to_numpy(),
            "has_value_kpi": ids.isin(with_kpi["project_id"]).to_numpy(),
        }
    )
    rows = [
        {
            "check": key,
            "indicator": label,
            "projects": int(flags[key].sum()),
            "share": float(flags[key].mean()) if len(flags) else float("nan"),
        }
        for key, label in EVIDENCE_LABELS.items()
    ]
    return ValueEvidence(flags, pd.DataFrame(rows))


def claims_beside_evidence(
    evidence: ValueEvidence,
    assessment: Assessment | None,
    dimension: str = "Value tracking and reporting",
    claim_level: float = 3.0,
) -> pd.DataFrame:
    """The evidence shares next to what respondents claim for ``dimension``.

    The claim is the share of respondents who rate the dimension at ``claim_level`` or above
    (3, Defined: a standard practice applied to every project), the level at which the
    evidence checks should be close to 100%. Columns ``source, indicator, share`` (0-1).
    Without a survey (``assessment`` is ``None``) only the evidence rows are returned.
    """
    facts = evidence.shares.assign(source="Portfolio data")[["source", "indicator", "share"]]
    if assessment is None:
        return facts.reset_index(drop=True)
    levels = assessment.respondent_levels[dimension].dropna()
    claim = pd.DataFrame(
        {
            "source": ["Survey"],
            "indicator": [
                f"Respondents rating {dimension.lower()} at level {claim_level:g} or above"
            ],
            "share": [float((levels >= claim_level).mean()) if len(levels) else float("nan")],
        }
    )
    return pd.concat([claim, facts], ignore_index=True)


EVIDENCE_TABLES: dict[str, str] = {
    "benefits": "no benefit register, so no project can show a measurable benefit or a "
    "benefit linked to a value driver",
    "kpis": "no KPI catalogue, so no value driver is measured by a value KPI",
}
"""Optional tables the evidence checks read, and what their absence means for the checks."""


def evidence_notes(missing: Sequence[str]) -> list[str]:
    """Notes for the reader on evidence checks that are 0 because a table is missing.

    A missing benefit register is not an analysis to skip: it is the evidence itself.

    >>> evidence_notes(["kpis", "cashflows"])[0][:40]
    'The dataset has no kpis table: no KPI ca'
    """
    return [
        f"The dataset has no {name} table: {why}."
        for name, why in EVIDENCE_TABLES.items()
        if name in missing
    ]


def evidence_finding(evidence: ValueEvidence) -> str:
    """One sentence on the evidence: in particular, whether the portfolio tracks value at all.

    >>> flags = pd.DataFrame({"project_id": ["P1"], "has_benefit_owner": [False]})
    >>> shares = pd.DataFrame({"check": ["has_benefit_owner"], "projects": [0], "share": [0.0]})
    >>> evidence_finding(ValueEvidence(flags, shares))[:44]
    'None of the 1 projects shows any of the four'
    """
    n = len(evidence.projects)
    if n == 0:
        return "The portfolio has no projects to check."
    if int(evidence.shares["projects"].sum()) == 0:
        return (
            f"None of the {n:,} projects shows any of the four signs of value management: "
            "this portfolio records execution only, and no value. Value tracking starts "
            "from zero here, whatever anyone believes."
        )
    best = evidence.shares.sort_values("share", ascending=False).iloc[0]
    worst = evidence.shares.sort_values("share").iloc[0]
    return (
        f"The strongest sign is '{best['indicator'].lower()}' ({best['share']:.0%} of {n:,} "
        f"projects), the weakest '{worst['indicator'].lower()}' ({worst['share']:.0%})."
    )


@dataclass(frozen=True)
class SkillsGap:
    """The skills inventory read as gaps (levels still to gain, never negative).

    ``matrix``: team x skill gap (index team). ``training``: one row per skill with
    ``teams`` and ``people`` to train, ``mean_gap`` among them (levels) and ``person_levels``
    (people x levels, the size of the training effort), ranked by ``person_levels``.
    """

    matrix: pd.DataFrame
    training: pd.DataFrame


def skills_gap(skills_inventory: pd.DataFrame) -> SkillsGap:
    """Gap to the required level per team and skill, and the training needs it implies.

    >>> inv = pd.DataFrame({"team": ["A", "B"], "headcount": [4, 10], "skill": ["KPI"] * 2,
    ...                     "current_level": [1, 3], "required_level": [4, 4]})
    >>> skills_gap(inv).training[["people", "person_levels"]].values.tolist()
    [[14, 22]]
    """
    inv = skills_inventory.assign(
        gap=(skills_inventory["required_level"] - skills_inventory["current_level"]).clip(lower=0)
    )
    matrix = inv.pivot_table(index="team", columns="skill", values="gap", aggfunc="max")
    skills = list(dict.fromkeys(inv["skill"]))
    matrix = matrix.reindex(index=list(dict.fromkeys(inv["team"])), columns=skills)
    needing = inv[inv["gap"] > 0].assign(effort=lambda d: d["gap"] * d["headcount"])
    training = needing.groupby("skill", sort=False).agg(
        teams=("team", "nunique"), people=("headcount", "sum"), person_levels=("effort", "sum")
    )
    training["mean_gap"] = training["person_levels"].astype(float) / training["people"]
    training = training.sort_values(["person_levels", "people"], ascending=False, kind="stable")
    training = training.reset_index()
    training.insert(0, "rank", range(1, len(training) + 1))
    columns = ["rank", "skill", "teams", "people", "mean_gap", "person_levels"]
    return SkillsGap(matrix.rename_axis(columns=None), training[columns])
