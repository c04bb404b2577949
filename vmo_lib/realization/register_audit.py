"""Register quality: MSP's DOAM tests per benefit and three register-wide checks.

A benefit the register cannot describe, observe, attribute or measure cannot be managed
(Managing Successful Programmes, "DOAM"). Each test here is a stated rule on the register's
columns, so a reader can repeat it by hand:

``described``     the name says what changes: at least two words, one of them a change word
                  (:data:`CHANGE_WORDS`, e.g. "fewer late deliveries").
``observable``    someone can see the change: a ``measure`` and its ``unit`` are named.
``attributable``  the change can be traced to this project's contribution: it feeds a value
                  driver (``driver_id``) and the projects claiming the same measure on the
                  same driver do not claim more than all of it (their ``attribution`` adds
                  up to at most 1; a blank attribution counts as 1, the whole change).
``measurable``    progress can be counted: ``baseline`` and ``target`` are both given and
                  differ, and the benefit is monetised (``planned_total`` is not 0).

Register-wide checks:

* :func:`double_counting`: projects claiming the same measure for the same value driver
  (:data:`SAME_CLAIM`, compared ignoring case, punctuation and spacing, as
  :func:`~vmo_lib.realization.audit.duplicate_benefits` does) whose attributions add up to
  more than 1: part of the change is counted twice in portfolio totals.
* :func:`unowned_dis_benefits`: dis-benefits (``benefit_type`` "dis-benefit", or a negative
  ``planned_total`` where the type is blank) with no responsible ``owner``: nobody manages
  the loss down.
* :func:`realised_before_delivery`: benefits reporting realised value (not 0) in a quarter
  that ends before their project delivers (its actual finish when closed, its forecast
  finish otherwise; a quarter holding the finish date counts as after), or before the
  project started.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from vmo_lib.realization.audit import normalised_text
from vmo_lib.realization.todate import BenefitData

__all__ = [
    "CHANGE_WORDS",
    "DOAM_TESTS",
    "SAME_CLAIM",
    "RegisterAudit",
    "audit_register",
    "doam_audit",
    "double_counting",
    "is_dis_benefit",
    "realised_before_delivery",
    "unowned_dis_benefits",
]

# fmt: off
CHANGE_WORDS = frozenset((
    "more", "less", "fewer", "higher", "lower", "faster", "slower", "quicker", "shorter",
    "longer", "better", "improved", "increased", "reduced", "reduce", "increase", "improve",
    "cut", "cheaper", "safer", "greener", "happier", "fuller", "stronger", "new", "avoided",
    "lost", "gain", "gained", "saving", "savings",
))
# fmt: on
"""Words that say which way a benefit's measure moves (a benefit's name needs one)."""

DOAM_TESTS: dict[str, str] = {
    "described": "the name has two or more words, one of them a change word (more, fewer, "
    "lower, faster, ...)",
    "observable": "a measure and its unit are named",
    "attributable": "it feeds a value driver and the projects claiming the same measure on "
    "that driver claim at most all of it (attributions add up to 1 or less; blank counts "
    "as 1)",
    "measurable": "baseline and target are both given and differ, and the benefit is "
    "monetised (planned total not 0)",
}
"""Each DOAM test's rule in words, for the handout."""


def _text(benefits: pd.DataFrame, column: str) -> pd.Series:
    if column not in benefits:
        return pd.Series("", index=benefits.index)
    return benefits[column].map(normalised_text)


def _given(benefits: pd.DataFrame, column: str) -> pd.Series:
    """True where the cell holds text other than spaces (``%`` counts)."""
    if column not in benefits:
        return pd.Series(False, index=benefits.index)
    cells = benefits[column]
    return cells.notna() & (cells.astype(str).str.strip() != "")


def _number(benefits: pd.DataFrame, column: str) -> pd.Series:
    if column not in benefits:
        return pd.Series(np.nan, index=benefits.index)
    return pd.to_numeric(benefits[column], errors="coerce")


def is_dis_benefit(benefits: pd.DataFrame) -> pd.Series:
    """True for a dis-benefit: ``benefit_type`` says so, or is blank and the plan is negative."""
    kind = _text(benefits, "benefit_type")
    negative = _number(benefits, "planned_total") < 0
    return (kind == "dis benefit") | ((kind == "") & negative)


SAME_CLAIM = ("measure", "driver_id")
"""Columns that make two benefits the same claim (the measure must not be blank)."""


def _measure_groups(benefits: pd.DataFrame) -> pd.DataFrame:
    """Per benefit: the claim's key (normalised measure and driver; "" without a measure),
    projects making the claim, their attribution total."""
    measure = _text(benefits, SAME_CLAIM[0])
    for column in SAME_CLAIM[1:]:
        measure = measure.where(measure == "", measure + "|" + _text(benefits, column))
    attribution = _number(benefits, "attribution").fillna(1.0)
    frame = pd.DataFrame(
        {
            "measure_key": measure,
            "project_id": benefits["project_id"].astype(str),
            "attribution": attribution,
        },
        index=benefits.index,
    )
    named = frame["measure_key"] != ""
    grouped = frame.loc[named].groupby("measure_key")
    frame["projects"] = frame["measure_key"].map(grouped["project_id"].nunique()).fillna(0)
    frame["attribution_total"] = frame["measure_key"].map(grouped["attribution"].sum())
    return frame


def doam_audit(benefits: pd.DataFrame) -> pd.DataFrame:
    """The four DOAM tests per benefit (rules in the module docstring and :data:`DOAM_TESTS`).

    Columns: ``benefit_id``, ``project_id``, ``name``, ``described``, ``observable``,
    ``attributable``, ``measurable`` (booleans), ``doam_passed`` (0-4) and ``doam_gaps`` (the
    failed tests, comma-separated). Register order.
    """
    names = benefits["name"].map(normalised_text)
    change = r"\b(?:" + "|".join(sorted(CHANGE_WORDS)) + r")\b"
    described = (names.str.count(" ") >= 1) & names.str.contains(change, regex=True)
    observable = _given(benefits, "measure") & _given(benefits, "unit")
    groups = _measure_groups(benefits)
    overclaimed = (groups["projects"] >= 2) & (groups["attribution_total"] > 1 + 1e-9)
    attributable = (_text(benefits, "driver_id") != "") & ~overclaimed
    baseline, target = _number(benefits, "baseline"), _number(benefits, "target")
    monetised = _number(benefits, "planned_total").fillna(0) != 0
    measurable = baseline.notna() & target.notna() & (baseline != target) & monetised
    tests = pd.DataFrame(
        {
            "described": described.astype(bool),
            "observable": observable,
            "attributable": attributable,
            "measurable": measurable,
        },
        index=benefits.index,
    )
    failed = [np.where(tests[c].to_numpy(), "", c + ", ") for c in tests.columns]
    joined = failed[0].astype(object) if failed else np.array([], dtype=object)
    for part in failed[1:]:
        joined = joined + part.astype(object)
    gaps = pd.Series(joined, index=tests.index, dtype=object).str.removesuffix(", ")
    out = benefits[["benefit_id", "project_id", "name"]].copy()
    out = out.join(tests)
    out["doam_passed"] = tests.sum(axis=1).astype(int)
    out["doam_gaps"] = gaps
    return out.reset_index(drop=True)


def double_counting(benefits: pd.DataFrame) -> pd.DataFrame:
    """Measures claimed by two or more projects for the same driver whose attributions add up
    to more than 1.

    One row per measure: ``measure`` (as first written), ``projects`` and ``benefit_ids``
    (comma-separated), ``attribution_total``, ``planned_total`` (money, sum of the claims)
    and ``overclaimed_value`` (money, the part counted more than once:
    ``planned_total x (1 - 1 / attribution_total)``). Largest overclaim first.
    """
    groups = _measure_groups(benefits)
    chosen = (groups["projects"] >= 2) & (groups["attribution_total"] > 1 + 1e-9)
    rows = benefits.loc[chosen].assign(
        _key=groups.loc[chosen, "measure_key"],
        _attribution=groups.loc[chosen, "attribution"],
        _planned=_number(benefits, "planned_total").loc[chosen].fillna(0.0),
    )
    columns = [
        "measure",
        "projects",
        "benefit_ids",
        "attribution_total",
        "planned_total",
        "overclaimed_value",
    ]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    by = rows.groupby("_key", sort=False)
    out = pd.DataFrame(
        {
            "measure": by["measure"].first(),
            "projects": by["project_id"].agg(lambda s: ", ".join(sorted(set(map(str, s))))),
            "benefit_ids": by["benefit_id"].agg(lambda s: ", ".join(map(str, s))),
            "attribution_total": by["_attribution"].sum(),
            "planned_total": by["_planned"].sum(),
        }
    )
    out["overclaimed_value"] = out["planned_total"] * (1 - 1 / out["attribution_total"])
    out = out.sort_values("overclaimed_value", ascending=False, key=abs)
    return out.reset_index(drop=True)[columns]


def unowned_dis_benefits(benefits: pd.DataFrame) -> pd.DataFrame:
    """Dis-benefits with a blank responsible ``owner`` (the accountable owner, if any, is
    shown: they should name one). Columns: ``benefit_id``, ``project_id``, ``name``,
    ``accountable_owner``, ``planned_total``."""
    owner = _text(benefits, "owner")
    chosen = benefits.loc[is_dis_benefit(benefits) & (owner == "")]
    accountable = (
        chosen["accountable_owner"]
        if "accountable_owner" in chosen
        else pd.Series(np.nan, index=chosen.index)
    )
    out = chosen[["benefit_id", "project_id", "name"]].assign(
        accountable_owner=accountable, planned_total=_number(chosen, "planned_total")
    )
    return out.reset_index(drop=True)


def realised_before_delivery(
    benefits: pd.DataFrame, benefit_actuals: pd.DataFrame, projects: pd.DataFrame
) -> pd.DataFrame:
    """Benefits with realised value (not 0) in quarters ending before their project delivers
    (rule in the module docstring).

    Columns: ``benefit_id``, ``project_id``, ``name``, ``stage``, ``delivery`` (finish date
    used), ``first_quarter`` (first such quarter), ``quarters`` and ``value_before``
    (money realised in them). Largest value first.
    """
    columns = ["benefit_id", "project_id", "name", "stage", "delivery", "first_quarter"]
    columns += ["quarters", "value_before"]
    info = projects.assign(project_id=projects["project_id"].astype(str))
    info = info.set_index("project_id")
    register = benefits.assign(
        benefit_id=benefits["benefit_id"].astype(str), project_id=benefits["project_id"].astype(str)
    )
    actual = benefit_actuals.assign(benefit_id=benefit_actuals["benefit_id"].astype(str))
    actual = actual.loc[pd.to_numeric(actual["realised_value"], errors="coerce").fillna(0) != 0]
    rows = actual.merge(register[["benefit_id", "project_id", "name"]], on="benefit_id")
    if rows.empty:
        return pd.DataFrame(columns=columns)
    quarters = pd.PeriodIndex(rows["quarter"].astype(str), freq="Q")
    ends = quarters.end_time.normalize()
    stage = info["stage"].astype(str).reindex(rows["project_id"]).to_numpy()
    delivery = pd.to_datetime(info["forecast_finish"]).reindex(rows["project_id"]).to_numpy()
    start = pd.to_datetime(info["start_date"]).reindex(rows["project_id"]).to_numpy()
    undelivered = np.isin(stage, ["proposed", "approved"])
    early = (ends.to_numpy() < delivery) | (quarters.start_time.to_numpy() < start) | undelivered
    rows = rows.assign(stage=stage, delivery=delivery, _q=quarters).loc[early]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    by = rows.groupby("benefit_id", sort=False)
    out = by[["project_id", "name", "stage", "delivery"]].first()
    out["first_quarter"] = by["_q"].min().astype(str)
    out["quarters"] = by.size()
    out["value_before"] = by["realised_value"].sum()
    out = out.sort_values("value_before", ascending=False, key=abs)
    return out.rename_axis("benefit_id").reset_index()[columns]


@dataclass(frozen=True)
class RegisterAudit:
    """Every register check of this module on one organisation (tables as returned by the
    functions above): ``doam``, ``double_counting``, ``unowned_dis_benefits`` and
    ``realised_before_delivery``."""

    doam: pd.DataFrame
    double_counting: pd.DataFrame
    unowned_dis_benefits: pd.DataFrame
    realised_before_delivery: pd.DataFrame

    def exports(self) -> dict[str, pd.DataFrame]:
        """Full lists by file name, for the notebook's CSV exports."""
        return {
            "05_doam_per_benefit.csv": self.doam,
            "05_double_counting.csv": self.double_counting,
            "05_unowned_dis_benefits.csv": self.unowned_dis_benefits,
            "05_realised_before_delivery.csv": self.realised_before_delivery,
        }


def audit_register(org: BenefitData) -> RegisterAudit:
    """Run the four checks on ``org`` (its ``benefits``, ``benefit_actuals`` and, for the
    delivery check, ``projects``; without projects that check finds nothing)."""
    projects = getattr(org, "projects", None)
    early = (
        realised_before_delivery(org.benefits, org.benefit_actuals, projects)
        if projects is not None and {"stage", "start_date", "forecast_finish"} <= set(projects)
        else pd.DataFrame()
    )
    return RegisterAudit(
        doam_audit(org.benefits),
        double_counting(org.benefits),
        unowned_dis_benefits(org.benefits),
        early,
    )
