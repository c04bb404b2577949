"""The import report: what was mapped, converted, defaulted and dropped (Markdown).

Written next to the imported tables as ``import_report.md`` so the dataset carries its own
provenance. Text from the export or the mapping (column names, values, descriptions) is
escaped for Markdown and HTML, so a hostile cell such as ``<script>`` shows as text wherever
the report is rendered.

>>> md_text("a|b <i>")
'a\\\\|b &lt;i&gt;'
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from vmo_lib.atomic import write_text_atomically
from vmo_lib.data.schema import TABLES, TABLES_BY_NAME
from vmo_lib.importer.convert import ConvertedTable
from vmo_lib.importer.mapping import ExportMapping

__all__ = [
    "REPORT_NAME",
    "DroppedRow",
    "md_text",
    "render_report",
    "write_report",
]

#: File name of the report inside an imported dataset (also marks the folder as an import).
REPORT_NAME = "import_report.md"
MAX_DROPPED_SHOWN = 50
_MARKDOWN = re.compile(r"([\\`*_\[\]|])")


@dataclass(frozen=True)
class DroppedRow:
    """An export row left out because it broke a workbook rule (the mapping allowed it)."""

    table: str
    location: str
    row: int
    reason: str


def md_text(value: object) -> str:
    """``value`` as literal text in Markdown (specials backslash-escaped, HTML escaped)."""
    text = " ".join(str(value).split())
    return html.escape(_MARKDOWN.sub(r"\\\1", text), quote=False)


def render_report(
    export: Path,
    mapping: ExportMapping,
    converted: Sequence[ConvertedTable],
    dropped: Sequence[DroppedRow],
) -> str:
    """The report as Markdown text."""
    lines = [
        "# Import report",
        "",
        f"- Export: {md_text(export.name)}",
        f"- Mapping: {md_text(mapping.path.name)}",
        f"- Imported: {dt.datetime.now().strftime('%Y-%m-%d %H:%M')}",
    ]
    if mapping.currency:
        lines.append(f"- Currency: {md_text(mapping.currency)}")
    if mapping.description:
        lines += ["", md_text(mapping.description)]
    for table in converted:
        lines += _table_section(table, [d for d in dropped if d.table == table.table])
    provided = {t.table for t in converted}
    missing = [t for t in TABLES if t.name not in provided]
    if missing:
        lines += ["", "## Tables the export does not provide", ""]
        lines += [
            "The notebooks skip the analyses that need these tables and say so in each handout:",
            "",
            "| Table | Used by |",
            "| --- | --- |",
        ]
        lines += [f"| {t.name} | {', '.join(t.used_by) or '-'} |" for t in missing]
    return "\n".join(lines) + "\n"


def _table_section(table: ConvertedTable, dropped: Sequence[DroppedRow]) -> list[str]:
    spec = TABLES_BY_NAME[table.table]
    kept = len(table.frame)
    lines = [
        "",
        f"## {table.table}",
        "",
        f"{kept + len(dropped):,} rows read from {md_text(table.location)}, {kept:,} written, "
        f"{len(dropped):,} dropped.",
        "",
        "| Workbook column | Filled | How |",
        "| --- | --- | --- |",
    ]
    rules = {o.target: o for o in table.outcomes}
    for col in spec.columns:
        outcome = rules.get(col.name)
        if outcome is None:
            lines.append(f"| {col.name} | blank | not in the mapping (optional) |")
            continue
        if outcome.constant:
            filled = "**defaulted** (every row)"
        elif outcome.defaulted_rows:
            filled = f"mapped; **{outcome.defaulted_rows:,} blank rows defaulted**"
        else:
            filled = "mapped"
        if outcome.blank_rows and not outcome.constant:
            filled += f"; {outcome.blank_rows:,} blank"
        lines.append(f"| {col.name} | {filled} | {md_text(outcome.how)} |")
    if table.unused_columns:
        names = ", ".join(md_text(c) for c in table.unused_columns)
        lines += ["", f"Export columns not used (dropped): {names}."]
    if dropped:
        lines += ["", "Rows dropped because they break a workbook rule:", ""]
        lines += ["| Export row | Why |", "| --- | --- |"]
        lines += [f"| {d.row} | {md_text(d.reason)} |" for d in dropped[:MAX_DROPPED_SHOWN]]
        if len(dropped) > MAX_DROPPED_SHOWN:
            lines.append(f"| ... | and {len(dropped) - MAX_DROPPED_SHOWN:,} more |")
    return lines


def write_report(
    folder: Path,
    export: Path,
    mapping: ExportMapping,
    converted: Sequence[ConvertedTable],
    dropped: Sequence[DroppedRow],
) -> Path:
    """Write :func:`render_report` to ``folder/import_report.md`` atomically; return the path."""
    path = Path(folder) / REPORT_NAME
    write_text_atomically(path, render_report(export, mapping, converted, dropped))
    return path
