"""Notebook 05's exports: every full list as CSV and as one Excel workbook, and their links.

Files are written through :func:`vmo_lib.display.tables.write_csv` /
:func:`~vmo_lib.display.tables.write_excel`: atomically, with text cells a spreadsheet would
run as formulas neutralised, and headers from :mod:`.labels`.

>>> files = export_lists(result, "outputs")  # doctest: +SKIP
>>> export_note("The at-risk list", Path("outputs/05_benefits_at_risk.csv"))[:29]
'<p>The at-risk list is export'
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from vmo_lib.display.listing import export_link_html
from vmo_lib.display.tables import write_csv, write_excel
from vmo_lib.realization.index import NO_LOSS_TEXT
from vmo_lib.realization.results import Realisation
from vmo_lib.realization.views.labels import (
    AT_RISK_COLUMNS,
    BENEFIT_COLUMNS,
    REALISATION_COLUMNS,
    labels_for,
)

__all__ = ["EXPORT_TITLES", "export_csv", "export_lists", "export_note", "exports_note"]

EXPORT_TITLES: dict[str, str] = {
    "excel": "every list of this notebook, one sheet each (Excel)",
    "benefits": "every benefit with its figures, forecast and flags",
    "table": "the realisation table",
    "programmes": "the realisation table by programme",
    "at_risk": "the benefits at risk",
    "risk_rules": "the benefits flagged by each rule",
    "closed_due": "benefits of closed projects still due",
    "unevidenced": "realised value without evidence",
    "duplicates": "possible double counting",
    "mismatches": "registers that disagree with their business case",
}
"""What each exported file holds, for the list of exports."""


def export_csv(
    frame: pd.DataFrame,
    path: str | Path,
    columns: Sequence[str] | None = None,
    labels: Mapping[str, str] | None = None,
) -> Path:
    """Write ``frame`` (``columns`` only) with :func:`vmo_lib.display.tables.write_csv`.

    The file is written atomically and text cells a spreadsheet would run as formulas are
    neutralised (both by ``write_csv``); headers use ``labels``.
    """
    data = frame if columns is None else frame[list(columns)]
    return write_csv(data, path, labels=labels)


def _exportable(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy a spreadsheet can hold: an infinite index (a dis-benefit with no loss) becomes
    blank, with ``index_note`` saying why."""
    if "realisation_index" not in frame.columns:
        return frame
    index = frame["realisation_index"].astype(float)
    infinite = np.isinf(index)
    if not infinite.any():
        return frame
    out = frame.assign(realisation_index=index.where(~infinite))
    out["index_note"] = np.where(infinite, NO_LOSS_TEXT + " (dis-benefit)", "")
    return out


def export_lists(
    result: Realisation, folder: str | Path, labels: Mapping[str, str] | None = None
) -> dict[str, Path]:
    """Write every full list of ``result`` to ``folder`` as CSV, and all of them as sheets
    of one Excel workbook (``05_value_realisation.xlsx``). Headers use ``labels`` (default:
    :func:`~.labels.labels_for` the result's grouping). Returns the paths by list name
    (``excel`` for the workbook).
    """
    folder = Path(folder)
    headers = dict(labels_for(result.group_by) if labels is None else labels)
    benefits = result.values.reset_index()
    frames: dict[str, tuple[str, str, pd.DataFrame]] = {
        "benefits": (
            "05_benefits.csv",
            "Benefits",
            benefits[["benefit_id", *[c for c in BENEFIT_COLUMNS if c in benefits.columns]]],
        ),
        "table": (
            f"05_realisation_{result.group_by}.csv",
            "Realisation",
            result.table[list(REALISATION_COLUMNS)],
        ),
        "at_risk": (
            "05_benefits_at_risk.csv",
            "At risk",
            result.at_risk[list(AT_RISK_COLUMNS)],
        ),
        "risk_rules": ("05_risk_rules.csv", "Risk rules", result.risk_rules),
        "closed_due": ("05_closed_projects_due.csv", "Closed projects due", result.closed_due),
        "unevidenced": ("05_unevidenced_claims.csv", "Without evidence", result.unevidenced),
        "duplicates": ("05_duplicate_benefits.csv", "Possible duplicates", result.duplicates),
        "mismatches": (
            "05_business_case_mismatch.csv",
            "Business case mismatch",
            result.mismatches,
        ),
    }
    if result.group_by != "programme":
        frames["programmes"] = (
            "05_realisation_programme.csv",
            "By programme",
            result.programme_table[list(REALISATION_COLUMNS)],
        )
    paths: dict[str, Path] = {}
    sheets: dict[str, pd.DataFrame] = {}
    for name, (file_name, sheet, frame) in frames.items():
        data = _exportable(frame)
        paths[name] = write_csv(data, folder / file_name, labels=headers)
        sheets[sheet] = data.rename(columns=headers)
    paths["excel"] = write_excel(sheets, folder / "05_value_realisation.xlsx")
    return paths


def export_note(what: str, path: Path) -> str:
    """Where an exported file went (file name only)."""
    return f"<p>{html.escape(what)} is exported to {export_link_html(path)}.</p>"


def exports_note(files: Mapping[str, Path]) -> str:
    """A list of links to every exported file, each with what it holds."""
    items = "".join(
        f"<li>{export_link_html(path)}: {html.escape(EXPORT_TITLES.get(name, name))}</li>"
        for name, path in files.items()
    )
    return f"<p>The full lists are exported (CSV, and one Excel workbook):</p><ul>{items}</ul>"
