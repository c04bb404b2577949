"""Review a draft KPI catalogue as a seasoned value manager would.

:func:`review_catalogue` applies every rule of :mod:`vmo_lib.kpis.rules` (SMART checks per KPI,
near-duplicates, orphans both ways, balance) and returns a :class:`KpiReview`: the findings,
each with the KPI, the rule, why it matters and a suggested fix; the catalogue with a verdict
per KPI; the coverage matrix (driver x KPI) and the balance counts.

Verdicts: ``ready`` (no finding), ``fix`` (medium or low findings only: usable once tidied),
``rework`` (a high-severity finding: it cannot be used as written).

>>> import pandas as pd
>>> drivers = pd.DataFrame({"driver_id": ["D1"], "parent_id": [None], "name": ["Margin"]})
>>> kpis = pd.DataFrame({"kpi_id": ["K-1"], "name": ["Innovation"], "kind": ["value"]})
>>> review = review_catalogue(kpis, drivers, as_of="2026-09-30")
>>> review.catalogue.loc[0, "verdict"]
'rework'
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import asdict, dataclass

import pandas as pd

from vmo_lib.kpis.kpi import Kpi, kpi_table, kpis_from_table
from vmo_lib.kpis.rules import RULES, SEVERITIES, Finding
from vmo_lib.kpis.smart import smart_findings
from vmo_lib.kpis.structure import (
    balance_findings,
    balance_table,
    coverage_matrix,
    duplicate_findings,
    orphan_findings,
)
from vmo_lib.notebook.record import Figure

__all__ = ["FINDING_COLUMNS", "KpiReview", "ReviewSettings", "review_catalogue"]

FINDING_COLUMNS = ["subject", "rule", "group", "severity", "title", "problem", "why", "fix"]


@dataclass(frozen=True)
class ReviewSettings:
    """The judgement calls of the review, each with a defensible default.

    ``stretch_factor``: a target needing more than this multiple of the pace seen so far is out
    of line. ``name_similarity``: names at least this alike (0-1) are near-duplicates.
    ``max_per_driver``: more KPIs than this on one driver is too many. ``min_value_share`` and
    ``min_leading_share``: the catalogue is unbalanced below these shares (0-1).
    """

    stretch_factor: float = 2.0
    name_similarity: float = 0.8
    max_per_driver: int = 3
    min_value_share: float = 0.5
    min_leading_share: float = 0.3
    orphan_execution: bool = False


@dataclass(frozen=True)
class KpiReview:
    """Result of a review. Frames are ready for display or export.

    ``findings``: one row per finding (:data:`FINDING_COLUMNS`), most severe first.
    ``catalogue``: the ``kpis`` table plus ``verdict``, ``findings`` (count), ``worst``
    (severity) and ``rules`` (codes, ``; `` separated).
    ``coverage``: driver x KPI matrix of 0/1. ``balance``: counts by kind, perspective, timing.
    """

    kpis: tuple[Kpi, ...]
    findings: pd.DataFrame
    catalogue: pd.DataFrame
    coverage: pd.DataFrame
    balance: pd.DataFrame
    settings: ReviewSettings
    as_of: pd.Timestamp

    def count(self, rule: str) -> int:
        """Number of findings of one rule."""
        return int(self.findings["rule"].eq(rule).sum())

    def subjects(self, rule: str) -> list[str]:
        """KPIs (or drivers, perspectives) on which ``rule`` was found, in catalogue order."""
        return self.findings.loc[self.findings["rule"].eq(rule), "subject"].tolist()

    def findings_of(
        self, rules: Collection[str] = (), groups: Collection[str] = ()
    ) -> pd.DataFrame:
        """The findings of some rules (codes) or rule groups (``smart``, ``duplicate``,
        ``orphan``, ``balance``), most severe first, e.g. ``findings_of(["trend_out_of_line"])``."""
        keep = self.findings["rule"].isin(rules) | self.findings["group"].isin(groups)
        return self.findings[keep]

    def model_kpi(self) -> Kpi:
        """The first KPI of the catalogue with no finding (the first KPI if none is ready)."""
        ready = set(self.catalogue.loc[self.catalogue["verdict"].eq("ready"), "kpi_id"])
        return next((k for k in self.kpis if k.kpi_id in ready), self.kpis[0])

    def rule_summary(self) -> pd.DataFrame:
        """Findings per rule, in :data:`RULES` order (rules with no finding kept): ``group``,
        ``title``, ``severity``, ``findings`` (count) and ``why`` the rule matters."""
        counts = self.findings["rule"].value_counts()
        rows = [
            {
                "group": r.group,
                "title": r.title,
                "severity": r.severity,
                "findings": int(counts.get(code, 0)),
                "why": r.why,
            }
            for code, r in RULES.items()
        ]
        return pd.DataFrame(rows)

    def verdict_counts(self) -> dict[str, int]:
        """KPIs per verdict: ready, fix, rework."""
        counts = self.catalogue["verdict"].value_counts()
        return {v: int(counts.get(v, 0)) for v in ("ready", "fix", "rework")}

    def recorded(self) -> tuple[Figure, ...]:
        """Notebook 03's key figures of the review: catalogue size, findings, verdicts,
        findings per rule, and the KPIs or drivers behind the structural findings."""
        counts = self.verdict_counts()
        return (
            Figure("n_kpis", len(self.kpis), "KPIs in the draft catalogue", "count"),
            Figure("n_findings", len(self.findings), "Review findings", "count"),
            Figure("n_ready", counts["ready"], "KPIs ready to use", "count"),
            Figure("n_rework", counts["rework"], "KPIs to rework", "count"),
            Figure("findings_by_rule", {r: self.count(r) for r in RULES}),
            Figure(
                "duplicates", self.subjects("duplicate_name") + self.subjects("duplicate_formula")
            ),
            Figure("orphan_kpis", self.subjects("orphan_kpi")),
            Figure("unmeasured_drivers", self.subjects("unmeasured_driver")),
            Figure("crowded_drivers", self.subjects("too_many_on_driver")),
            Figure("trend_out_of_line", self.subjects("trend_out_of_line")),
        )

    def verdict_sentence(self) -> str:
        """``'27 KPIs: 5 ready, 4 to fix, 18 to rework.'``"""
        n = self.verdict_counts()
        return (
            f"{len(self.kpis)} KPIs: {n['ready']} ready, {n['fix']} to fix, "
            f"{n['rework']} to rework."
        )


def review_catalogue(
    kpis: pd.DataFrame,
    value_drivers: pd.DataFrame,
    as_of: str | pd.Timestamp,
    settings: ReviewSettings | None = None,
) -> KpiReview:
    """Review a ``kpis`` table against a ``value_drivers`` table as of a date."""
    settings = settings or ReviewSettings()
    as_of_ts = pd.Timestamp(as_of)
    records = kpis_from_table(kpis)
    found: list[Finding] = []
    for kpi in records:
        found += smart_findings(kpi, as_of_ts, settings.stretch_factor)
    found += duplicate_findings(records, settings.name_similarity)
    found += orphan_findings(records, value_drivers, settings.orphan_execution)
    found += balance_findings(
        records, settings.max_per_driver, settings.min_value_share, settings.min_leading_share
    )
    findings = _findings_frame(found, records)
    return KpiReview(
        kpis=records,
        findings=findings,
        catalogue=_reviewed_catalogue(records, findings),
        coverage=coverage_matrix(records, value_drivers),
        balance=balance_table(records),
        settings=settings,
        as_of=as_of_ts,
    )


def _findings_frame(found: list[Finding], records: tuple[Kpi, ...]) -> pd.DataFrame:
    frame = pd.DataFrame([asdict(f) for f in found], columns=FINDING_COLUMNS)
    order = {k.kpi_id: i for i, k in enumerate(records)}
    frame["_severity"] = frame["severity"].map({s: i for i, s in enumerate(SEVERITIES)})
    frame["_subject"] = frame["subject"].map(order).fillna(len(order))
    frame["_rule"] = frame["rule"].map({r: i for i, r in enumerate(RULES)})
    frame = frame.sort_values(["_severity", "_subject", "_rule"], kind="stable")
    return frame[FINDING_COLUMNS].reset_index(drop=True)


def _reviewed_catalogue(records: tuple[Kpi, ...], findings: pd.DataFrame) -> pd.DataFrame:
    table = kpi_table(records)
    on_kpis = findings[findings["subject"].isin(table["kpi_id"])]
    rank = {s: i for i, s in enumerate(SEVERITIES)}
    worst = on_kpis.groupby("subject")["severity"].agg(lambda s: min(s, key=rank.__getitem__))
    rules = on_kpis.groupby("subject")["rule"].agg("; ".join)
    table["findings"] = table["kpi_id"].map(on_kpis["subject"].value_counts()).fillna(0)
    table["findings"] = table["findings"].astype(int)
    table["worst"] = table["kpi_id"].map(worst)
    table["rules"] = table["kpi_id"].map(rules)
    table["verdict"] = table["worst"].map({"high": "rework", "medium": "fix", "low": "fix"})
    table["verdict"] = table["verdict"].fillna("ready")
    return table
