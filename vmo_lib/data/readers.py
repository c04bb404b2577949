"""Read the raw cells of a dataset: a bundled name, a folder of CSV files, or one .xlsx workbook.

Readers do no type conversion: they return, per table, the header as written and the rows as
raw cell values with the row number the user sees (header = row 1). They are tolerant where
users expect it: UTF-8 with or without BOM, comma, semicolon or tab separators, blank lines,
file and sheet names differing in case. Whatever they cannot read becomes a
:class:`~vmo_lib.data.errors.Problem`, never an exception.
"""

from __future__ import annotations

import csv
import difflib
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from vmo_lib.data.errors import Problem
from vmo_lib.data.schema import TABLES_BY_NAME
from vmo_lib.paths import DATASETS_DIR

SEPARATORS = (",", ";", "\t")


@dataclass(frozen=True)
class RawTable:
    """The cells of one table as read, before any type conversion."""

    name: str
    location: str
    header: list[str]
    rows: list[list[object]]
    row_numbers: list[int]
    decimal_comma: bool = False


@dataclass(frozen=True)
class RawDataset:
    """Every table found in a source, and the problems met while reading it."""

    source: str
    tables: dict[str, RawTable]
    problems: list[Problem]


def bundled_datasets() -> list[str]:
    """Names of the datasets bundled in the repository's ``datasets/`` folder."""
    if not DATASETS_DIR.is_dir():
        return []
    return sorted(p.name for p in DATASETS_DIR.iterdir() if (p / "projects.csv").is_file())


def resolve_source(source: str | Path) -> Path:
    """Turn a bundled dataset name, a folder or a workbook path into an existing path.

    Raises ``FileNotFoundError`` with the bundled names listed when nothing matches.
    """
    path = Path(source).expanduser()
    if path.exists():
        return path
    bundled = DATASETS_DIR / str(source)
    if isinstance(source, str) and "/" not in source and bundled.is_dir():
        return bundled
    names = ", ".join(bundled_datasets()) or "none"
    raise FileNotFoundError(
        f"No dataset '{source}': it is neither an existing folder or .xlsx file nor a bundled "
        f"dataset (bundled: {names})."
    )


def read_dataset(path: Path) -> RawDataset:
    """Read every known table from a CSV folder or an .xlsx workbook."""
    if path.is_dir():
        return _read_csv_folder(path)
    if path.suffix.lower() in {".xlsx", ".xlsm"}:
        return _read_workbook(path)
    problem = Problem(
        str(path), "-", "unsupported input: give a folder of CSV files or an .xlsx workbook"
    )
    return RawDataset(str(path), {}, [problem])


def normalise_name(name: object) -> str:
    """Compare header, file and sheet names ignoring case, spacing, hyphens and a BOM."""
    text = str(name).replace("\ufeff", "").strip().lower()
    return "_".join(text.replace("-", " ").split())


def _match_tables(names: dict[str, str], location: str) -> tuple[dict[str, str], list[Problem]]:
    """Map table names to the file or sheet names found; flag near-misses such as ``project``."""
    found: dict[str, str] = {}
    by_norm = {normalise_name(n): n for n in names}
    for table in TABLES_BY_NAME:
        if table in by_norm:
            found[table] = by_norm[table]
    problems = []
    unknown = [n for k, n in by_norm.items() if k not in TABLES_BY_NAME]
    for name in unknown:
        close = difflib.get_close_matches(normalise_name(name), list(TABLES_BY_NAME), n=1)
        if close and close[0] not in found:
            problems.append(
                Problem(
                    f"{location}{names[name]}",
                    close[0],
                    f"not a table name; did you mean '{close[0]}'?",
                )
            )
    return found, problems


def _read_csv_folder(folder: Path) -> RawDataset:
    files = {p.stem: p.name for p in folder.iterdir() if p.suffix.lower() in {".csv", ".txt"}}
    found, problems = _match_tables(files, "")
    tables: dict[str, RawTable] = {}
    for table, stem in found.items():
        table_or_problem = read_csv_file(folder / files[stem], table)
        if isinstance(table_or_problem, Problem):
            problems.append(table_or_problem)
        else:
            tables[table] = table_or_problem
    return RawDataset(str(folder), tables, problems)


def _sniff_separator(header_line: str) -> str:
    """Pick the separator that splits the header into the most columns."""
    counts = {sep: len(next(csv.reader([header_line], delimiter=sep))) for sep in SEPARATORS}
    return max(SEPARATORS, key=lambda sep: counts[sep])


def read_csv_file(path: Path, table: str) -> RawTable | Problem:
    """The raw cells of one CSV file read as ``table``, or the :class:`Problem` that stops it.

    UTF-8 with or without BOM; the separator (comma, semicolon or tab) is the one that splits
    the first non-blank line into the most columns; blank lines are skipped and each row keeps
    the row number Excel shows for it (a quoted cell holding line breaks is one row, not
    several: a file line number would be off by every line break above).
    Used by the dataset reader and by ``vmo import`` for an export's CSV files.
    """
    location = path.name
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return Problem(
            location,
            table,
            "the file is not UTF-8 text; in Excel use 'Save as > CSV UTF-8'",
            row=_excel_row(data[: exc.start]),
            value=data[exc.start : exc.start + 1].hex(" "),
        )
    lines = text.splitlines()
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        return Problem(location, table, "the file is empty: it needs a header row")
    sep = _sniff_separator(lines[first])
    reader = csv.reader(io.StringIO(text), delimiter=sep)
    header: list[str] | None = None
    rows: list[list[object]] = []
    numbers: list[int] = []
    # Excel shows one row per record (a blank line is an empty row, a quoted cell holding line
    # breaks stays in one row), so the row number is the record's position, not its line.
    for number, record in enumerate(reader, start=1):
        if any(cell.strip() for cell in record):
            if header is None:
                header = record
            else:
                rows.append(list(record))
                numbers.append(number)
    return RawTable(table, location, header or [], rows, numbers, decimal_comma=sep == ";")


def _excel_row(before: bytes) -> int:
    """The row Excel shows for the record that continues after ``before`` (the file's start).

    Counts the records (not the lines) that ``before`` completes, so a line break inside a
    quoted cell does not count as a new row.
    """
    text = before.decode("utf-8-sig", errors="replace")
    lines = text.splitlines(keepends=True)
    sep = _sniff_separator(next((line for line in lines if line.strip()), ","))
    complete = sum(1 for _ in csv.reader(io.StringIO(text), delimiter=sep))
    ends_record = not text or (text.endswith(("\n", "\r")) and text.count('"') % 2 == 0)
    return complete + 1 if ends_record else max(complete, 1)


def _read_workbook(path: Path) -> RawDataset:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        reason = f"cannot be opened as an Excel workbook ({type(exc).__name__}: {exc})"
        return RawDataset(str(path), {}, [Problem(path.name, "-", reason)])
    try:
        sheets = {name: name for name in workbook.sheetnames}
        found, problems = _match_tables(sheets, f"{path.name}, sheet ")
        tables: dict[str, RawTable] = {}
        for table, sheet in found.items():
            location = f"{path.name}, sheet '{sheet}'"
            raw = read_sheet(workbook[sheet], table, location)
            if raw is None:
                problems.append(Problem(location, table, "the sheet is empty: it needs a header"))
                continue
            tables[table] = raw
    finally:
        workbook.close()
    return RawDataset(str(path), tables, problems)


def read_sheet(worksheet: Any, table: str, location: str) -> RawTable | None:
    """The raw cells of an openpyxl worksheet read as ``table``; ``None`` if it has no header.

    The first non-blank row is the header (``None`` cells become ``""``); blank rows are
    skipped and each row keeps its spreadsheet row number. Used by the dataset reader and by
    ``vmo import`` for an export's sheets.
    """
    header: list[str] | None = None
    rows: list[list[object]] = []
    numbers: list[int] = []
    for number, values in enumerate(worksheet.iter_rows(values_only=True), 1):
        cells = list(values)
        if all(c is None or (isinstance(c, str) and not c.strip()) for c in cells):
            continue
        if header is None:
            header = ["" if c is None else str(c) for c in cells]
        else:
            rows.append(cells)
            numbers.append(number)
    if header is None:
        return None
    return RawTable(table, location, header, rows, numbers)
