"""What a portfolio records about value: the first evidence of a PMO that tracks execution only.

A project list can hold four value fields (promised benefit, business-case NPV, probability
of success, benefit owner). Counting how many projects fill them in is the quickest test of
whether an organisation manages value at all: the US federal IT Dashboard export, for
instance, fills in none of them. Notebooks 00 and 01 use it.

>>> from vmo_lib.baseline import example_projects
>>> value_on_record(example_projects())["projects"].tolist()
[4, 3, 4, 2]
"""

from __future__ import annotations

import pandas as pd

__all__ = ["VALUE_RECORD_LABELS", "value_on_record", "value_record_finding"]


VALUE_RECORD_LABELS: dict[str, str] = {
    "promised_benefit": "Projects whose business case promises a benefit (above 0)",
    "business_case_npv": "Projects with a business-case NPV",
    "probability_of_success": "Projects with a probability of success",
    "benefit_owner": "Projects with a named benefit owner",
}
"""What the ``projects`` table can say about value, in the order shown."""


def value_on_record(projects: pd.DataFrame) -> pd.DataFrame:
    """How many projects carry each value field of the ``projects`` table (see
    :data:`VALUE_RECORD_LABELS`): columns ``field, indicator, projects, share`` (0-1).

    A promised benefit of 0 counts as none: an export that has no benefit figure is
    usually imported with 0.

    >>> from vmo_lib.baseline import example_projects
    >>> value_on_record(example_projects())["projects"].tolist()
    [4, 3, 4, 2]
    """
    owner = projects["benefit_owner"].astype("string").str.strip().fillna("").ne("")
    flags = {
        "promised_benefit": pd.to_numeric(projects["business_case_benefit"], errors="coerce").gt(0),
        "business_case_npv": projects["business_case_npv"].notna(),
        "probability_of_success": projects["probability_of_success"].notna(),
        "benefit_owner": owner,
    }
    n = len(projects)
    rows = [
        {
            "field": key,
            "indicator": VALUE_RECORD_LABELS[key],
            "projects": int(flag.sum()),
            "share": float(flag.mean()) if n else float("nan"),
        }
        for key, flag in flags.items()
    ]
    return pd.DataFrame(rows)


def value_record_finding(record: pd.DataFrame, n_projects: int) -> str:
    """One sentence on what :func:`value_on_record` found, for the end of the baseline.

    >>> from vmo_lib.baseline import example_projects
    >>> value_record_finding(value_on_record(example_projects().iloc[:0]), 0)
    'The portfolio is empty.'
    """
    if n_projects == 0:
        return "The portfolio is empty."
    if int(record["projects"].sum()) == 0:
        return (
            f"None of the {n_projects:,} projects records a promised benefit, an NPV, a "
            "probability of success or a benefit owner: this portfolio records execution "
            "only, and no value. Every figure above could be perfect and the organisation "
            "would still not know what it got for its money."
        )
    verbs = {
        "promised_benefit": "promise a benefit",
        "business_case_npv": "state an NPV",
        "probability_of_success": "give a probability of success",
        "benefit_owner": "name a benefit owner",
    }
    parts = [f"{r.projects:,} ({r.share:.0%}) {verbs[r.field]}" for r in record.itertuples()]
    return (
        f"Of the {n_projects:,} projects, {', '.join(parts[:-1])} and {parts[-1]}. Whether "
        "these figures steer any decision is what the next notebooks test."
    )
