"""What an imported dataset carries about its own origin, for the notebooks to say.

``vmo import`` writes ``import_notes.json`` beside the tables: the export and mapping used, and
which workbook columns were not in the export (one constant for every row) or were derived by
a formula. :func:`dataset_notes` turns it into sentences a handout can show, so that a figure
built on a placeholder (every project with 0 scope changes, say) is not read as a finding.
Datasets that were not imported have no such file and get no notes.

>>> dataset_notes("harbourline")
[]
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from vmo_lib.atomic import write_text_atomically
from vmo_lib.importer.convert import ConvertedTable
from vmo_lib.importer.mapping import ExportMapping
from vmo_lib.importer.report import REPORT_NAME

__all__ = ["NOTES_NAME", "dataset_notes", "write_notes"]

#: File name of the notes inside an imported dataset.
NOTES_NAME = "import_notes.json"


def write_notes(
    folder: Path, export: Path, mapping: ExportMapping, tables: Sequence[ConvertedTable]
) -> Path:
    """Write ``import_notes.json`` into ``folder`` (atomically); return its path."""
    rules = [r for t in mapping.tables for r in t.rules if t.table in {c.table for c in tables}]
    notes = {
        "export": export.name,
        "mapping": mapping.path.name,
        "description": mapping.description,
        "constant_columns": {f"{r.table}.{r.target}": r.value for r in rules if r.is_constant},
        "derived_columns": {
            f"{r.table}.{r.target}": r.describe()
            for r in rules
            if r.expression is not None or r.plus_days is not None or r.bins
        },
    }
    path = Path(folder) / NOTES_NAME
    write_text_atomically(path, json.dumps(notes, indent=2, ensure_ascii=False, default=str) + "\n")
    return path


def dataset_notes(data: str | Path) -> list[str]:
    """Sentences on how ``data`` was imported (empty for a dataset that was not imported).

    ``data`` is what the notebooks' ``data`` parameter holds: a bundled name, a folder or a
    workbook. Only a folder written by ``vmo import`` has notes.
    """
    from vmo_lib.data.readers import resolve_source

    try:
        path = resolve_source(data) / NOTES_NAME
    except FileNotFoundError:
        return []
    if not path.is_file():
        return []
    notes = json.loads(path.read_text(encoding="utf-8"))
    sentences = [
        f"This dataset was imported from {notes['export']} with the mapping {notes['mapping']}; "
        f"{REPORT_NAME} in the dataset folder says how each column was filled."
    ]
    if notes.get("description"):
        sentences.append(f"The mapping says: {notes['description']}")
    constants = notes.get("constant_columns") or {}
    if constants:
        listed = ", ".join(
            f"{name.split('.', 1)[1]} = {value}" for name, value in constants.items()
        )
        sentences.append(
            f"Not in the export, so the same value for every row: {listed}. Figures built on "
            "these columns describe the mapping, not the portfolio."
        )
    derived = notes.get("derived_columns") or {}
    if derived:
        listed = ", ".join(name.split(".", 1)[1] for name in derived)
        sentences.append(f"Derived by the mapping from other export columns: {listed}.")
    return sentences
