"""The KPI review rules: what each checks, why it matters, and the finding it produces.

Every rule has a code (``no_unit``), the group it belongs to (``SMART``, ``duplicate``,
``orphan``, ``balance``), a severity (``high`` = the KPI cannot be used as written, ``medium``
= it can be used but will mislead or be ignored, ``low`` = worth tidying) and the reason a
seasoned value manager would give. A :class:`Finding` pairs a rule with the KPI (or driver,
or perspective) it was found on, the specific problem and a suggested fix.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["RULES", "SEVERITIES", "Finding", "Rule", "finding"]

SEVERITIES: tuple[str, ...] = ("high", "medium", "low")


@dataclass(frozen=True)
class Rule:
    """One review rule: its group, severity, short title and why it matters."""

    code: str
    group: str
    severity: str
    title: str
    why: str


@dataclass(frozen=True)
class Finding:
    """One problem found: on which KPI (or driver/perspective), by which rule, and the fix."""

    subject: str
    rule: str
    group: str
    severity: str
    title: str
    problem: str
    why: str
    fix: str


_RULE_LIST = (
    Rule(
        "vague_name",
        "SMART",
        "high",
        "Vague name",
        "An aspiration ('improve', 'better') or a one-word theme is not a measure: two people "
        "will read different numbers into it, so nobody can say whether it moved.",
    ),
    Rule(
        "no_formula",
        "SMART",
        "high",
        "No formula",
        "Without a formula the KPI is not measurable: each report will compute it differently "
        "and trends will reflect method changes, not performance.",
    ),
    Rule(
        "vague_formula",
        "SMART",
        "medium",
        "Formula does not say how",
        "A formula must name the numerator, the denominator or aggregation and the population; "
        "'measured from source data' leaves the method to whoever reports it.",
    ),
    Rule(
        "no_unit",
        "SMART",
        "medium",
        "No unit",
        "Without a unit a target of '10' is ambiguous (percent? points? per thousand?) and "
        "values cannot be compared across reports.",
    ),
    Rule(
        "money_unit",
        "SMART",
        "medium",
        "Money measured in counts",
        "A KPI about cost, spend, revenue or savings is an amount of money: its unit is the "
        "currency (or thousands or millions of it). 'count' lets a report mix currencies and "
        "scales, and nobody can tell a saving of 5 from one of 5 million.",
    ),
    Rule(
        "no_owner",
        "SMART",
        "high",
        "No owner",
        "A KPI nobody is accountable for is reported but never acted on (SMART: assignable).",
    ),
    Rule(
        "no_direction",
        "SMART",
        "medium",
        "Direction of good not stated",
        "Without 'higher' or 'lower is better' a change cannot be read as good or bad, and "
        "red/amber/green cannot be computed.",
    ),
    Rule(
        "no_baseline",
        "SMART",
        "medium",
        "No baseline",
        "Without a starting value the improvement the KPI promises cannot be sized or "
        "attributed to the projects that claim it.",
    ),
    Rule(
        "no_target",
        "SMART",
        "high",
        "No target",
        "A KPI without a target describes; it does not manage. Nobody can tell whether the "
        "value is good enough.",
    ),
    Rule(
        "no_target_date",
        "SMART",
        "high",
        "No target date",
        "A target without a date is never late (SMART: time-related); the KPI cannot drive "
        "decisions at a stage gate.",
    ),
    Rule(
        "target_date_passed",
        "SMART",
        "medium",
        "Target date already passed",
        "A target whose date is behind us no longer steers anything: it needs a verdict "
        "(met or missed) and a new target.",
    ),
    Rule(
        "target_not_better",
        "SMART",
        "high",
        "Target no better than baseline",
        "Given the direction of good, the target is equal to or worse than the baseline: the "
        "KPI would report success for standing still or going backwards.",
    ),
    Rule(
        "trend_out_of_line",
        "SMART",
        "medium",
        "Target out of line with the trend so far",
        "A target far steeper than the improvement seen so far is unrealistic unless a project "
        "explains the step change; a target the trend has already passed asks for nothing.",
    ),
    Rule(
        "no_thresholds",
        "SMART",
        "low",
        "No red/amber thresholds",
        "Without thresholds the scorecard cannot colour the KPI, so deterioration is noticed "
        "late and argued about.",
    ),
    Rule(
        "threshold_order",
        "SMART",
        "medium",
        "Thresholds in the wrong order",
        "Given the direction of good, red must be worse than amber; otherwise the KPI turns red "
        "before it turns amber and the scorecard contradicts itself.",
    ),
    Rule(
        "duplicate_name",
        "duplicate",
        "medium",
        "Near-duplicate name",
        "Two KPIs with nearly the same name are usually one measure drafted twice: reports "
        "will show two numbers for one thing, and owners will argue about which is right.",
    ),
    Rule(
        "duplicate_formula",
        "duplicate",
        "medium",
        "Identical formula",
        "Two KPIs computed the same way are one KPI under two names; keeping both doubles the "
        "reporting effort and double-counts it in the balance of the catalogue.",
    ),
    Rule(
        "orphan_kpi",
        "orphan",
        "high",
        "Value KPI linked to no value driver",
        "A value KPI that measures no driver cannot show how projects move the strategy; it "
        "will be reported but never used to decide.",
    ),
    Rule(
        "unmeasured_driver",
        "orphan",
        "high",
        "Value driver no KPI measures",
        "What is not measured is not managed: projects can claim this driver in their business "
        "cases with nothing to check the claim against.",
    ),
    Rule(
        "too_many_on_driver",
        "balance",
        "medium",
        "Too many KPIs on one driver",
        "Many KPIs on one driver dilute attention and usually hide overlaps; pick the few that "
        "best predict and confirm the driver.",
    ),
    Rule(
        "lagging_only_driver",
        "balance",
        "low",
        "Driver measured by lagging KPIs only",
        "Lagging KPIs confirm results after the fact; a driver needs at least one leading KPI "
        "to warn while there is still time to act.",
    ),
    Rule(
        "perspective_gap",
        "balance",
        "medium",
        "Perspective without value KPIs",
        "A balanced catalogue measures value from every perspective (financial, business, "
        "operational, strategic); a missing one is a blind spot.",
    ),
    Rule(
        "execution_heavy",
        "balance",
        "medium",
        "Execution KPIs outweigh value KPIs",
        "A catalogue dominated by cost, time and scope keeps the office a PMO: it judges "
        "delivery, not the value delivered.",
    ),
    Rule(
        "few_leading",
        "balance",
        "medium",
        "Too few leading KPIs",
        "A catalogue of lagging KPIs reports history; leading KPIs are what let a portfolio "
        "board intervene before value is lost.",
    ),
)

RULES: dict[str, Rule] = {rule.code: rule for rule in _RULE_LIST}
"""Every review rule by code, in the order the review applies them."""


def finding(subject: str, code: str, problem: str, fix: str) -> Finding:
    """A :class:`Finding` for rule ``code`` on ``subject`` (a KPI, driver or perspective)."""
    rule = RULES[code]
    return Finding(subject, code, rule.group, rule.severity, rule.title, problem, rule.why, fix)
