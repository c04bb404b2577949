"""What a portfolio shows about value: per-project evidence checks and their shares.

One set of checks serves both first notebooks. Notebook 00 asks what the project list itself
records about value (:data:`PROJECT_LIST_CHECKS`: a promised benefit above 0, a business-case
NPV, a probability of success, a named benefit owner); counting how many projects fill them
in is the quickest test of whether an organisation manages value at all (the US federal IT
Dashboard export, for instance, fills in none of them). Notebook 01 sets the value-management
practices the data shows (:data:`PRACTICE_CHECKS`) beside what a maturity survey claims. A
project counts as having:

* a **promised benefit** when its ``business_case_benefit`` is above 0 (an export without a
  benefit figure is usually imported with 0, which counts as none);
* a **business-case NPV** or a **probability of success** when the field is filled in;
* a **benefit owner** when its ``benefit_owner`` is filled in (not blank);
* a **measurable benefit** when at least one of its benefits has both a baseline and a target
  (``benefits`` table);
* a **link to a value driver** when at least one of its benefits names the driver it feeds;
* a **value KPI** when a KPI of kind ``value`` (``kpis`` table) measures a driver one of its
  benefits feeds.

>>> projects = pd.DataFrame({"project_id": ["P1", "P2"], "benefit_owner": ["CFO", None]})
>>> benefits = pd.DataFrame({"project_id": ["P1"], "driver_id": ["D1"], "baseline": [1.0],
...                          "target": [2.0]})
>>> kpis = pd.DataFrame({"driver_id": ["D1"], "kind": ["value"]})
>>> value_evidence(projects, benefits, kpis).shares["share"].tolist()
[0.5, 0.5, 0.5, 0.5]
>>> from vmo_lib.baseline.performance import example_projects
>>> value_evidence(example_projects(), checks=PROJECT_LIST_CHECKS).shares["projects"].tolist()
[4, 3, 4, 2]
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pandas as pd

from vmo_lib.errors import VmoError
from vmo_lib.notebook.record import Figure

__all__ = [
    "CHECK_LABELS",
    "PRACTICE_CHECKS",
    "PROJECT_LIST_CHECKS",
    "EvidenceInputError",
    "ValueEvidence",
    "value_evidence",
]

CHECK_LABELS: dict[str, str] = {
    "promised_benefit": "Projects whose business case promises a benefit (above 0)",
    "business_case_npv": "Projects with a business-case NPV",
    "probability_of_success": "Projects with a probability of success",
    "has_benefit_owner": "Projects with a named benefit owner",
    "has_measurable_benefit": "Projects with a benefit that has a baseline and a target",
    "linked_to_driver": "Projects with a benefit linked to a value driver",
    "has_value_kpi": "Projects whose value drivers are measured by a value KPI",
}
"""Plain-language name of every evidence check."""

PROJECT_LIST_CHECKS: tuple[str, ...] = (
    "promised_benefit",
    "business_case_npv",
    "probability_of_success",
    "has_benefit_owner",
)
"""What the ``projects`` table alone records about value (notebook 00), in the order shown."""

PRACTICE_CHECKS: tuple[str, ...] = (
    "has_benefit_owner",
    "has_measurable_benefit",
    "linked_to_driver",
    "has_value_kpi",
)
"""Signs of value management in the portfolio data (notebook 01), in the order shown."""


class EvidenceInputError(VmoError, ValueError):
    """An evidence check was asked for that is unknown, or that needs a table not given."""


@dataclass(frozen=True)
class ValueEvidence:
    """Per-project flags (``projects``: ``project_id`` and one true/false column per check) and
    their shares across the portfolio (``shares``: ``check, indicator, projects, share`` with
    share in 0-1, ``NaN`` for an empty portfolio), one row per check in the order asked for."""

    projects: pd.DataFrame
    shares: pd.DataFrame

    @property
    def checks(self) -> tuple[str, ...]:
        """The checks made, in order."""
        return tuple(str(c) for c in self.shares["check"])

    @property
    def records_value(self) -> bool:
        """Whether any project passes any check (False: the portfolio records no value)."""
        return bool(self.shares["projects"].sum() > 0)

    def share(self, check: str) -> float:
        """The share (0-1) of projects passing ``check``."""
        shares = self.shares.set_index("check")["share"].astype(float)
        return float(shares[check])

    def recorded(self) -> tuple[Figure, ...]:
        """The key figures a notebook records (names read by the handouts index and tests).

        For the project list's own value fields (:data:`PROJECT_LIST_CHECKS`, notebook 00):
        the share with a promised benefit and whether any value is on record. For any other
        set (:data:`PRACTICE_CHECKS`, notebook 01): each check's share as ``share_<check>``
        and the number of projects checked.
        """
        if self.checks == PROJECT_LIST_CHECKS:
            return (
                Figure(
                    "share_with_promised_benefit",
                    self.share("promised_benefit"),
                    "Projects with a promised benefit",
                    "percent",
                ),
                Figure("records_value", self.records_value, "Value on record"),
            )
        shares = [
            Figure(f"share_{check}", self.share(check), CHECK_LABELS[check], "percent")
            for check in self.checks
        ]
        return (
            *shares,
            Figure("n_projects_checked", len(self.projects), "Projects checked", "count"),
        )


def value_evidence(
    projects: pd.DataFrame,
    benefits: pd.DataFrame | None = None,
    kpis: pd.DataFrame | None = None,
    checks: Sequence[str] = PRACTICE_CHECKS,
) -> ValueEvidence:
    """Check each project for the signs of value listed in the module doc (``checks``, in the
    order shown; the practice checks need the ``benefits`` and, for ``has_value_kpi``, the
    ``kpis`` table: pass an empty table when the dataset has none, which is evidence too).

    Raises :class:`EvidenceInputError` listing every unknown check and every missing table.
    """
    tests = _checks(projects, benefits, kpis)
    needs: dict[str, tuple[str, ...]] = {
        "has_measurable_benefit": ("benefits",),
        "linked_to_driver": ("benefits",),
        "has_value_kpi": ("benefits", "kpis"),
    }
    given = {"benefits": benefits is not None, "kpis": kpis is not None}
    problems = [f"unknown check {c!r}" for c in checks if c not in tests]
    problems += [
        f"check {c!r} needs the {t} table" for c in checks for t in needs.get(c, ()) if not given[t]
    ]
    if problems:
        raise EvidenceInputError("value_evidence: " + "; ".join(problems))
    flags = pd.DataFrame({"project_id": projects["project_id"]})
    for check in checks:
        flags[check] = tests[check]().to_numpy(dtype=bool)
    rows = [
        {
            "check": check,
            "indicator": CHECK_LABELS[check],
            "projects": int(flags[check].sum()),
            "share": float(flags[check].mean()) if len(flags) else float("nan"),
        }
        for check in checks
    ]
    shares = pd.DataFrame(rows, columns=["check", "indicator", "projects", "share"])
    return ValueEvidence(flags.reset_index(drop=True), shares)


def _checks(
    projects: pd.DataFrame, benefits: pd.DataFrame | None, kpis: pd.DataFrame | None
) -> dict[str, Callable[[], pd.Series]]:
    """Each check as a function giving one flag per project (run only when asked for)."""
    ids = projects["project_id"]

    def owner() -> pd.Series:
        return projects["benefit_owner"].astype("string").str.strip().fillna("").ne("")

    def measurable() -> pd.Series:
        assert benefits is not None
        chosen = benefits[benefits["baseline"].notna() & benefits["target"].notna()]
        return ids.isin(chosen["project_id"])

    def linked() -> pd.Series:
        assert benefits is not None
        return ids.isin(benefits.loc[benefits["driver_id"].notna(), "project_id"])

    def with_kpi() -> pd.Series:
        assert benefits is not None and kpis is not None
        value = kpis.loc[kpis["kind"].astype(str).eq("value"), "driver_id"].dropna()
        feeding = benefits[benefits["driver_id"].notna() & benefits["driver_id"].isin(set(value))]
        return ids.isin(feeding["project_id"])

    return {
        "promised_benefit": lambda: pd.to_numeric(
            projects["business_case_benefit"], errors="coerce"
        ).gt(0),
        "business_case_npv": lambda: projects["business_case_npv"].notna(),
        "probability_of_success": lambda: projects["probability_of_success"].notna(),
        "has_benefit_owner": owner,
        "has_measurable_benefit": measurable,
        "linked_to_driver": linked,
        "has_value_kpi": with_kpi,
    }
