"""Deterministic generator of a synthetic organisation: every table of the dataset schema.

Why: the notebooks need data to teach with, tests need data of any size, and trainers want a
fresh organisation per workshop group. :func:`generate_organisation` draws one from a seed and
:func:`write_dataset` writes it as one CSV per table (dates in ISO form, plain numbers, Saaty
judgements as fractions, blanks empty).

This module is the public facade and the CSV writer; the building blocks live in
:mod:`vmo_lib.data.synthetic` (one module per concern; its package docstring explains how the
data hangs together).
"""

from __future__ import annotations

import os
import tempfile
from fractions import Fraction
from pathlib import Path

import pandas as pd

from vmo_lib.data.schema import TABLES_BY_NAME, ColumnSpec, TableSpec
from vmo_lib.data.synthetic.generate import generate_organisation

__all__ = ["csv_ready_column", "csv_ready_frame", "generate_organisation", "write_dataset"]


def _plain_number(value: float) -> str:
    """A number as plain text: no trailing zeros, at most six decimals, integers bare."""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.6f}".rstrip("0").rstrip(".")


def _saaty_text(value: float) -> str:
    """A Saaty judgement as text: ``3``, ``1/3`` (nearest fraction with denominator <= 9)."""
    fraction = Fraction(float(value)).limit_denominator(9)
    return str(fraction)


def csv_ready_column(series: pd.Series, spec: ColumnSpec) -> pd.Series:
    """Cells of one column as CSV text: ISO dates, plain numbers, Saaty fractions, blanks."""
    blank = series.isna()
    values = series[~blank]
    match spec.kind:
        case "int" | "money":
            text = values.map(lambda v: str(round(float(v))))
        case "number" | "share":
            text = values.map(_plain_number)
        case "ratio":
            text = values.map(_saaty_text)
        case "date":
            text = pd.to_datetime(values).dt.strftime("%Y-%m-%d")
        case _:
            text = values.map(str)
    out = pd.Series("", index=series.index, dtype=object)
    out[~blank] = text
    return out


def csv_ready_frame(frame: pd.DataFrame, spec: TableSpec) -> pd.DataFrame:
    """A table as CSV-ready text cells, in the schema's column order.

    Not to be confused with :func:`vmo_lib.display.tables.format_table`, which styles a frame for
    display in a notebook.
    """
    return pd.DataFrame({c.name: csv_ready_column(frame[c.name], c) for c in spec.columns})


def write_dataset(tables: dict[str, pd.DataFrame], folder: Path) -> None:
    """Write one UTF-8 CSV per table (``<table>.csv``) into ``folder``, each atomically.

    Format: comma separated, schema column order, ISO dates, quarters like ``2026Q3``, plain
    numbers (money in whole units), Saaty fractions like ``1/3``, blank cells for blanks.
    Each file goes to a temporary file first and is then moved into place with ``os.replace``,
    so a reader never sees a half-written file. Unknown table names raise ``KeyError``.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for name, frame in tables.items():
        spec = TABLES_BY_NAME[name]
        text = csv_ready_frame(frame, spec).to_csv(index=False, lineterminator="\n")
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
                handle.write(text)
            os.chmod(tmp, 0o644)  # mkstemp creates 0600; datasets are shared files
            os.replace(tmp, folder / f"{name}.csv")
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
