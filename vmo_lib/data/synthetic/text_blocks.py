"""Readers of the hand-written text blocks that hold reference data: ``|``-separated rows,
``field: value`` records and benefit catalogues."""

from __future__ import annotations

from vmo_lib.data.synthetic.specs import BenefitTemplate


def text_rows(block: str) -> list[list[str]]:
    """Cells of a ``|``-separated text block, one row a line; blank and ``#`` lines skipped.

    Why: hand-written reference data (benefit catalogues, project lists) stays readable and
    one line per record, instead of deeply nested literals.
    """
    rows = []
    for line in block.strip().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            rows.append([cell.strip() for cell in line.split("|")])
    return rows


def text_records(block: str) -> list[dict[str, str]]:
    """Records of a block of ``field: value`` lines, records separated by blank lines.

    Why: long records with many optional fields (a KPI) read better as one field a line.
    """
    records: list[dict[str, str]] = []
    current: dict[str, str] = {}
    for line in [*block.strip().splitlines(), ""]:
        if not line.strip():
            if current:
                records.append(current)
            current = {}
            continue
        field, _, value = line.partition(":")
        current[field.strip()] = value.strip()
    return records


def benefit_catalogue(block: str) -> dict[str | None, tuple[BenefitTemplate, ...]]:
    """Benefit templates by driver from lines ``driver|name|measure|unit|baseline|target|
    evidence``; driver ``-`` files the template under ``None`` (benefits with no driver)."""
    catalogue: dict[str | None, list[BenefitTemplate]] = {}
    for driver, name, measure, unit, base, target, evidence in text_rows(block):
        key = None if driver == "-" else driver
        template = BenefitTemplate(name, measure, unit, float(base), float(target), evidence)
        catalogue.setdefault(key, []).append(template)
    return {k: tuple(v) for k, v in catalogue.items()}
