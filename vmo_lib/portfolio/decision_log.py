"""The decision log of the scenario a board chooses: for the minutes and for audit.

One row per project open to the decision: the decision (fund or not, and when it starts),
its value score, the money it still needs, the reason in plain words and how close it was
(break-even value score, value lost by deciding the other way; scores to two decimals,
money in whole units), from
:func:`~vmo_lib.portfolio.funding.explain.explain_selection`. Beside it, the settings the
decision was taken with, the data date and a SHA-256 fingerprint of the data files, so anyone
can later check that the log belongs to the data they hold. Written as CSV (two files:
decisions and settings) and as one Excel workbook (two sheets) with the project's atomic,
formula-neutralised writers.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from vmo_lib.currency import resolve_currency
from vmo_lib.display.tables import write_csv, write_excel

__all__ = ["DecisionLog", "data_fingerprint", "decision_log", "write_decision_log"]

LOG_LABELS: dict[str, str] = {
    "project_id": "Project",
    "name": "Name",
    "programme": "Programme",
    "decision": "Decision",
    "start_delay": "Starts late by (periods)",
    "value_score": "Value score",
    "cost": "Still to spend",
    "reason": "Why",
    "break_even_value": "Break-even value score",
    "forced_change": "Value lost if decided the other way",
}


@dataclass(frozen=True, eq=False)
class DecisionLog:
    """``decisions`` (one row per project, columns :data:`LOG_LABELS`) and ``settings``
    (``setting``, ``value``: scenario, data date, data fingerprint, every parameter)."""

    decisions: pd.DataFrame
    settings: pd.DataFrame


def data_fingerprint(source: str | Path) -> str:
    """SHA-256 (hex) of a dataset: of each file's name and bytes, files sorted by name (a
    folder of CSV files), or of the workbook's bytes (an .xlsx file)."""
    from vmo_lib.data.readers import resolve_source

    path = resolve_source(source)
    digest = hashlib.sha256()
    files = sorted(p for p in path.iterdir() if p.is_file()) if path.is_dir() else [path]
    for file in files:
        if file.suffix.lower() not in (".csv", ".xlsx"):
            continue
        digest.update(file.name.encode("utf-8") + b"\0")
        digest.update(file.read_bytes())
    return digest.hexdigest()


def decision_log(
    explanation: pd.DataFrame,
    candidates: pd.DataFrame,
    settings: Mapping[str, Any],
    *,
    scenario: str,
    data_date: str,
    data_hash: str,
    currency: str | None = None,
) -> DecisionLog:
    """The log of one decision (see the module text).

    ``explanation``: :func:`explain_selection` (index project id); ``candidates``: the
    projects open to funding with ``name``, ``programme``, ``value_score`` and
    ``remaining_cost`` (money), as ``ValueRanking.candidates``; ``settings``: the scenario's
    parameters.
    """
    info = candidates.reindex(explanation.index)
    funded = explanation["funded"].to_numpy(bool)
    decisions = pd.DataFrame(
        {
            "project_id": explanation.index.astype(str),
            "name": info["name"].to_numpy(),
            "programme": info["programme"].to_numpy(),
            "decision": ["fund" if f else "do not fund" for f in funded],
            "start_delay": (
                explanation["start_delay"].to_numpy()
                if "start_delay" in explanation
                else pd.array([0 if f else pd.NA for f in funded], dtype="Int64")
            ),
            "value_score": info["value_score"].to_numpy(float).round(2),
            "cost": info["remaining_cost"].to_numpy(float).round(0),
            "reason": explanation["reason"].to_numpy(),
            "break_even_value": explanation["break_even_value"].to_numpy(float).round(2),
            "forced_change": explanation["forced_change"].to_numpy(float).round(2),
        }
    )
    rows = [
        ("scenario", scenario),
        ("data date", data_date),
        ("data fingerprint (SHA-256)", data_hash),
        ("currency", resolve_currency(currency)),
        ("projects funded", int(funded.sum())),
        ("total value of the funded projects", explanation.attrs.get("total_value")),
        ("how far proven", explanation.attrs.get("status", "")),
    ]
    rows += [(f"setting: {k}", v) for k, v in settings.items()]
    frame = pd.DataFrame(rows, columns=["setting", "value"])
    frame["value"] = frame["value"].map(lambda v: "" if v is None else str(v))
    return DecisionLog(decisions, frame)


def write_decision_log(log: DecisionLog, folder: str | Path, stem: str) -> tuple[Path, ...]:
    """``<stem>.csv``, ``<stem>_settings.csv`` and ``<stem>.xlsx`` in ``folder``."""
    folder = Path(folder)
    cost = f"{LOG_LABELS['cost']} ({log.settings.set_index('setting')['value'].get('currency')})"
    labels = {**LOG_LABELS, "cost": cost}
    return (
        write_csv(log.decisions, folder / f"{stem}.csv", labels),
        write_csv(log.settings, folder / f"{stem}_settings.csv"),
        write_excel(
            {"Decisions": log.decisions, "Settings": log.settings},
            folder / f"{stem}.xlsx",
            {**labels, "setting": "Setting", "value": "Value"},
        ),
    )
