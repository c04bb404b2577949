"""Display labels for notebook 05's tables and its atomic, neutralised CSV exports.

>>> export_csv(result.at_risk, "outputs/05_benefits_at_risk.csv", AT_RISK_COLUMNS)  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd

from vmo_lib.tables import write_csv

from .grouping import GROUP_COLUMNS
from .risk import RISK_RULES

__all__ = [
    "AT_RISK_COLUMNS",
    "DISPLAY_LABELS",
    "GROUP_TITLES",
    "REALISATION_COLUMNS",
    "export_csv",
    "group_title",
]

GROUP_TITLES: dict[str, str] = {
    "benefit": "Benefit",
    "project": "Project",
    "driver": "Value driver",
    "programme": "Programme",
}

DISPLAY_LABELS: dict[str, str] = {
    "benefit_id": "Benefit",
    "project_id": "Project",
    "project": "Project name",
    "programme": "Programme",
    "sponsor": "Sponsor",
    "driver_id": "Driver",
    "name": "Benefit name",
    "measure": "Measure",
    "owner": "Owner",
    "label": "Name",
    "benefits": "Benefits",
    "planned_total": "Whole-life plan",
    "planned_to_date": "Planned to date",
    "realised_to_date": "Realised to date",
    "value_variance": "Value variance",
    "realisation_index": "Realisation index",
    "remaining_plan": "Plan still to come",
    "forecast_at_completion": "Forecast at completion",
    "forecast_variance": "Forecast variance",
    "forecast_share": "Forecast / plan",
    "basis": "Forecast basis",
    "reasons": "Why at risk",
    "at_risk_value": "Value at risk",
    "at_risk": "At risk",
    "rule": "Rule",
    "quarters": "Quarters",
    "unevidenced_value": "Value without evidence",
    "claimed_value": "Value claimed",
    "unevidenced_share": "Share without evidence",
    "duplicate_group": "Group",
    "last_planned_quarter": "Last planned quarter",
    **{rule: words.capitalize() for rule, words in RISK_RULES.items()},
}
"""Plain-language column headers (pass as ``labels`` to ``tables.format_table``)."""

AT_RISK_COLUMNS: tuple[str, ...] = (
    "benefit_id",
    "name",
    "project_id",
    "owner",
    "reasons",
    "planned_to_date",
    "realised_to_date",
    "realisation_index",
    "planned_total",
    "at_risk_value",
    *RISK_RULES,
)
"""Columns of the exported at-risk list."""

REALISATION_COLUMNS: tuple[str, ...] = ("group", *GROUP_COLUMNS)
"""Columns of the exported realisation table."""


def group_title(group_by: str) -> str:
    """Header of the ``group`` column for ``group_by`` (``"driver"`` -> ``"Value driver"``)."""
    return GROUP_TITLES.get(group_by, group_by)


def export_csv(
    frame: pd.DataFrame,
    path: str | Path,
    columns: Sequence[str] | None = None,
    labels: Mapping[str, str] | None = None,
) -> Path:
    """Write ``frame`` (``columns`` only) with :func:`vmo_lib.tables.write_csv`.

    The file is written atomically and text cells a spreadsheet would run as formulas are
    neutralised (both by ``write_csv``); headers use ``labels``.
    """
    data = frame if columns is None else frame[list(columns)]
    return write_csv(data, path, labels=labels)
