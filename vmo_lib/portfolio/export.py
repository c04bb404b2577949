"""Write the re-ranked portfolio and the funded set as CSV files and one Excel workbook.

Both formats are safe to open in a spreadsheet (text starting with ``= + - @`` is neutralised,
see :func:`vmo_lib.display.tables.neutralise_frame`) and written atomically by
:func:`vmo_lib.display.tables.write_csv` and
:func:`~vmo_lib.display.tables.write_excel`, so an interrupted run never leaves half a file
where a good one was.

The review's own export (:func:`write_review`) is every project with its value, quadrant,
decision and robustness verdict (:func:`reranked_portfolio`), and the funded set.

>>> paths = write_tables({"funded": frame}, "outputs", "04_portfolio")  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from vmo_lib.display.tables import write_csv, write_excel
from vmo_lib.portfolio.decision import decision_texts
from vmo_lib.portfolio.robustness import Robustness
from vmo_lib.portfolio.value import ValueRanking

if TYPE_CHECKING:
    from vmo_lib.portfolio.funding_review import RobustnessReview
    from vmo_lib.portfolio.review import QuadrantPlacement

__all__ = ["EXPORT_COLUMNS", "export_paths", "reranked_portfolio", "write_review", "write_tables"]

EXPORT_COLUMNS: tuple[str, ...] = (
    "name",
    "programme",
    "stage",
    "rag_status",
    "legacy_priority",
    "value_rank",
    "value_score",
    "scored",
    "mandatory",
    "investment_category",
    "driver_score",
    "probability",
    "execution_health",
    "quadrant",
    "remaining_cost",
    "npv",
    "benefit_cost_ratio",
    "irr",
    "irr_note",
    "funded",
    "decision",
    "funded_share",
    "verdict",
    "rank_low",
    "rank_high",
)
"""Columns of the exported re-ranked portfolio, after the project id (those the data has;
``investment_category`` only when some project has one)."""


def export_paths(
    folder: str | Path, stem: str, names: list[str] | tuple[str, ...]
) -> dict[str, Path]:
    """Where :func:`write_tables` writes each frame (``<stem>_<name>.csv``) and the workbook
    (key ``"workbook"``), so a handout can link a file before the last cell writes it."""
    target = Path(folder)
    paths = {name: target / f"{stem}_{name}.csv" for name in names}
    paths["workbook"] = target / f"{stem}.xlsx"
    return paths


def write_tables(
    frames: Mapping[str, pd.DataFrame],
    folder: str | Path,
    stem: str,
    labels: Mapping[str, str] | None = None,
) -> list[Path]:
    """One CSV per frame (``<stem>_<name>.csv``) and one workbook ``<stem>.xlsx`` (a sheet each).

    Columns are renamed with ``labels``; the index is not written. Returns the paths written.
    """
    target = Path(folder)
    written = [
        write_csv(frame, target / f"{stem}_{name}.csv", labels=labels)
        for name, frame in frames.items()
    ]
    written.append(write_excel(frames, target / f"{stem}.xlsx", labels=labels))
    return written


def reranked_portfolio(
    ranking: ValueRanking,
    selected: tuple[str, ...],
    quadrants: pd.DataFrame,
    robust: Robustness | None = None,
) -> pd.DataFrame:
    """Every project, best value first, with its quadrant, decision and robustness verdict."""
    table = ranking.table.copy()
    table["quadrant"] = quadrants["quadrant"].reindex(table.index)
    table["funded"] = table.index.isin(list(selected)) & table["active"].to_numpy(bool)
    table["decision"] = decision_texts(
        table["stage"], table["funded"], table["mandatory"], table["scored"]
    )
    if robust is not None:
        for column in ("funded_share", "verdict", "rank_low", "rank_high"):
            table[column] = robust.table[column].reindex(table.index)
    keep = list(EXPORT_COLUMNS)
    if table["investment_category"].isna().all():
        keep.remove("investment_category")
    return table[[c for c in keep if c in table.columns]].reset_index()


def write_review(robustness: RobustnessReview, quadrants: QuadrantPlacement) -> list[Path]:
    """Write the re-ranked portfolio and the funded set of a review where its settings say
    (``output_dir``), columns named for display; returns the paths written."""
    from vmo_lib.portfolio.settings import EXPORT_STEM
    from vmo_lib.portfolio.views.common import DISPLAY_LABELS

    ranked = robustness.ranked
    selected = tuple(str(p) for p in robustness.funding.selection.selected)
    everything = reranked_portfolio(ranked.ranking, selected, quadrants.table, robustness.robust)
    frames = {"reranked_portfolio": everything, "funded_set": everything[everything["funded"]]}
    return write_tables(frames, ranked.settings.output_dir, EXPORT_STEM, labels=DISPLAY_LABELS)
