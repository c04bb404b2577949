"""Write the reviewed KPI catalogue as CSV and Excel, safely.

Both files are written atomically by :mod:`vmo_lib.display.tables` (temporary file, then rename),
so a reader never opens a half-written file, and text cells a spreadsheet would run as a
formula (``= + - @``) are neutralised first (:func:`vmo_lib.display.tables.neutralise_frame`): a KPI
name typed as ``=HYPERLINK(...)`` in the draft stays text in the export.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from vmo_lib.display.tables import neutralise_frame, write_csv, write_excel
from vmo_lib.kpis.measures import ValueKpis
from vmo_lib.kpis.portfolio_scorecard import ScoredPortfolio
from vmo_lib.kpis.review import KpiReview
from vmo_lib.kpis.scorecard import rank_scorecard
from vmo_lib.notebook.record import Figure

__all__ = [
    "ScorecardFiles",
    "recorded_files",
    "write_project_kpis",
    "write_reviewed_catalogue",
    "write_scorecard",
    "write_scorecard_files",
]


def _for_export(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for column in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[column]):
            out[column] = out[column].dt.strftime("%Y-%m-%d")
    return neutralise_frame(out)


def write_reviewed_catalogue(
    review: KpiReview, folder: str | Path, stem: str = "03_kpi_catalogue_reviewed"
) -> tuple[Path, Path]:
    """Write ``<stem>.csv`` (the catalogue with verdicts) and ``<stem>.xlsx`` (sheets
    ``catalogue``, ``findings``, ``coverage``) into ``folder``; return both paths."""
    folder = Path(folder)
    catalogue = _for_export(review.catalogue)
    findings = _for_export(review.findings)
    coverage = _for_export(review.coverage.reset_index())
    csv_path = write_csv(catalogue, folder / f"{stem}.csv")
    sheets = {"catalogue": catalogue, "findings": findings, "coverage": coverage}
    return csv_path, write_excel(sheets, folder / f"{stem}.xlsx")


def write_scorecard(
    card: pd.DataFrame, folder: str | Path, stem: str = "03_project_scorecard"
) -> Path:
    """Write the per-project scorecard (:func:`~.scorecard.project_scorecard`) as CSV."""
    return write_csv(_for_export(card), Path(folder) / f"{stem}.csv")


def write_project_kpis(
    value: ValueKpis,
    card: pd.DataFrame,
    by_programme: pd.DataFrame,
    folder: str | Path,
    stem: str = "03_project_kpis",
) -> tuple[Path, Path]:
    """The full project lists behind notebook 03's handout tables, which show the top and
    bottom of each: ``<stem>.csv`` (value KPIs of every project) and ``<stem>.xlsx`` with
    sheets ``value_kpis``, ``by_objective``, ``scorecard`` (worst value status first) and
    ``by_programme``. Money in the organisation's currency; rates as shares (0.8 = 80 %).
    Returns both paths."""
    folder = Path(folder)
    projects = _for_export(value.projects)
    sheets = {
        "value_kpis": projects,
        "by_objective": _for_export(value.by_objective),
        "scorecard": _for_export(rank_scorecard(card)),
        "by_programme": _for_export(by_programme),
    }
    csv_path = write_csv(projects, folder / f"{stem}.csv")
    return csv_path, write_excel(sheets, folder / f"{stem}.xlsx")


def recorded_files(name: str, paths: Sequence[Path]) -> tuple[Figure, ...]:
    """The names of exported files as one recorded figure (the handouts index lists them)."""
    return (Figure(name, [Path(p).name for p in paths]),)


@dataclass(frozen=True)
class ScorecardFiles:
    """The exports behind the scorecard tables: ``projects`` (value KPIs as CSV, every list
    as Excel, :func:`write_project_kpis`) and ``scorecard`` (:func:`write_scorecard`)."""

    projects: tuple[Path, Path]
    scorecard: Path

    def recorded(self) -> tuple[Figure, ...]:
        """The project-list files, as notebook 03 records them."""
        return recorded_files("project_files", self.projects)


def write_scorecard_files(
    value: ValueKpis, scored: ScoredPortfolio, folder: str | Path
) -> ScorecardFiles:
    """Write the project lists and the scorecard of ``scored`` into ``folder``."""
    projects = write_project_kpis(value, scored.card, scored.by_programme, folder)
    return ScorecardFiles(projects, write_scorecard(scored.card, folder))
