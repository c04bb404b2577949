"""Evidence beside perception: what the portfolio data and the skills inventory show.

A survey says what people believe. The benefit register, the KPI catalogue and the project
list say what is actually in place, so the gap analysis sets the two side by side. The
evidence checks are :func:`vmo_lib.baseline.value_evidence.value_evidence` with its
value-management practices (:data:`~vmo_lib.baseline.value_evidence.PRACTICE_CHECKS`: a
benefit owner, a measurable benefit, a link to a value driver, a value KPI), the same checks
notebook 00 uses on the project list's own value fields.

>>> projects = pd.DataFrame({"project_id": ["P1", "P2"], "benefit_owner": ["CFO", None]})
>>> benefits = pd.DataFrame({"project_id": ["P1"], "driver_id": ["D1"], "baseline": [1.0],
...                          "target": [2.0]})
>>> kpis = pd.DataFrame({"driver_id": ["D1"], "kind": ["value"]})
>>> claims = claims_beside_evidence(value_evidence(projects, benefits, kpis), None)
>>> claims.table["share"].tolist(), claims.worth_a_chart
([0.5, 0.5, 0.5, 0.5], True)
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from vmo_lib.baseline.value_evidence import (
    CHECK_LABELS,
    PRACTICE_CHECKS,
    ValueEvidence,
    value_evidence,
)
from vmo_lib.maturity.survey import Assessment
from vmo_lib.notebook.record import Figure

__all__ = [
    "EVIDENCE_LABELS",
    "Claims",
    "SkillsGap",
    "ValueEvidence",
    "claims_beside_evidence",
    "skills_gap",
    "value_evidence",
]

EVIDENCE_LABELS: dict[str, str] = {check: CHECK_LABELS[check] for check in PRACTICE_CHECKS}
"""Plain-language name of each evidence check of notebook 01, in the order they are shown."""


@dataclass(frozen=True)
class Claims:
    """What respondents claim beside what the data shows (see :func:`claims_beside_evidence`).

    ``table``: ``source, indicator, share`` (0-1), the survey's claim first when there is a
    survey. ``claim_share``: the share of respondents making the claim (``None`` without a
    survey). ``evidence``: the checks behind the other rows.
    """

    table: pd.DataFrame
    claim_share: float | None
    evidence: ValueEvidence

    @property
    def worth_a_chart(self) -> bool:
        """False when there is no survey and every check is at zero: a chart of zeros says
        nothing the sentence above it does not."""
        return self.claim_share is not None or self.evidence.records_value

    def recorded(self) -> tuple[Figure, ...]:
        """Each evidence share, the projects checked and (with a survey) the claim."""
        claim = (
            ()
            if self.claim_share is None
            else (
                Figure(
                    "share_claiming_value_tracking",
                    self.claim_share,
                    "Respondents claiming value tracking",
                    "percent",
                ),
            )
        )
        return (*self.evidence.recorded(), *claim)


def claims_beside_evidence(
    evidence: ValueEvidence,
    assessment: Assessment | None,
    dimension: str = "Value tracking and reporting",
    claim_level: float = 3.0,
) -> Claims:
    """The evidence shares next to what respondents claim for ``dimension``.

    The claim is the share of respondents who rate the dimension at ``claim_level`` or above
    (3, Defined: a standard practice applied to every project), the level at which the
    evidence checks should be close to 100%. Without a survey (``assessment`` is ``None``)
    only the evidence rows are returned.
    """
    facts = evidence.shares.assign(source="Portfolio data")[["source", "indicator", "share"]]
    if assessment is None:
        return Claims(facts.reset_index(drop=True), None, evidence)
    levels = assessment.respondent_levels[dimension].dropna()
    share = float((levels >= claim_level).mean()) if len(levels) else float("nan")
    claim = pd.DataFrame(
        {
            "source": ["Survey"],
            "indicator": [
                f"Respondents rating {dimension.lower()} at level {claim_level:g} or above"
            ],
            "share": [share],
        }
    )
    return Claims(pd.concat([claim, facts], ignore_index=True), share, evidence)


@dataclass(frozen=True)
class SkillsGap:
    """The skills inventory read as gaps (levels still to gain, never negative).

    ``matrix``: team x skill gap (index team). ``training``: one row per skill with
    ``teams`` and ``people`` to train, ``mean_gap`` among them (levels) and ``person_levels``
    (people x levels, the size of the training effort), ranked by ``person_levels``.
    """

    matrix: pd.DataFrame
    training: pd.DataFrame

    def recorded(self) -> tuple[Figure, ...]:
        """The largest training need (``None`` when no team needs training)."""
        top = None if self.training.empty else str(self.training.iloc[0]["skill"])
        return (Figure("top_training_need", top, "Top training need"),)


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
