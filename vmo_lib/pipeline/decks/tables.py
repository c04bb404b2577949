"""The key tables of an executed notebook, read from its HTML outputs as plain text.

A key table is one with a caption (what ``format_table`` writes for the tables a handout
shows); key-figure tables (Figure | Value) are left out, as the figures slide has their values.
Only the top rows and the first columns are kept: a slide is not the place for a full list.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

__all__ = ["KEY_FIGURE_HEADER", "TABLE_COLUMNS", "TABLE_ROWS", "DeckTable", "key_tables"]

#: Most rows of a key table shown on its slide, and most columns.
TABLE_ROWS = 8
TABLE_COLUMNS = 7
#: Header of a key-figures table (``format_key_figures``), whose values the figures slide has.
KEY_FIGURE_HEADER = ("Figure", "Value")


@dataclass(frozen=True)
class DeckTable:
    """A key table: caption, header, the top rows shown and the full table's row count."""

    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    total_rows: int


def key_tables(outputs: Sequence[Mapping[str, Any]]) -> Iterable[DeckTable]:
    for output in outputs:
        html = output.get("data", {}).get("text/html")
        if not html:
            continue
        html = "".join(html) if isinstance(html, list) else str(html)
        if "<table" not in html:
            continue
        for parsed in _parse_tables(html):
            # key-figure tables (Figure | Value) repeat the headline figures: left out
            if parsed.caption and parsed.header and parsed.header != KEY_FIGURE_HEADER:
                yield parsed


class _TableParser(HTMLParser):
    """The tables of an HTML fragment: caption, header row and body rows as plain text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[dict[str, Any]] = []
        self._cell: list[str] | None = None
        self._row: list[str] | None = None
        self._caption: list[str] | None = None
        self._section = "body"
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("style", "script"):
            self._skip += 1
        elif tag == "table":
            self.tables.append({"caption": "", "head": [], "body": []})
        elif not self.tables:
            return
        elif tag == "caption":
            self._caption = []
        elif tag == "thead":
            self._section = "head"
        elif tag == "tbody":
            self._section = "body"
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
        elif tag == "br" and self._cell is not None:
            self._cell.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script"):
            self._skip = max(self._skip - 1, 0)
        elif not self.tables:
            return
        elif tag == "caption" and self._caption is not None:
            self.tables[-1]["caption"] = " ".join("".join(self._caption).split())
            self._caption = None
        elif tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            if any(self._row):
                self.tables[-1]["head" if self._section == "head" else "body"].append(self._row)
            self._row = None
        elif tag == "thead":
            self._section = "body"

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        if self._cell is not None:
            self._cell.append(data)
        elif self._caption is not None:
            self._caption.append(data)


def _parse_tables(html: str) -> list[DeckTable]:
    parser = _TableParser()
    parser.feed(html)
    parser.close()
    found = []
    for table in parser.tables:
        header = table["head"][-1] if table["head"] else []
        rows = table["body"]
        if not header and rows:
            header, rows = rows[0], rows[1:]
        width = min(len(header), TABLE_COLUMNS)
        found.append(
            DeckTable(
                caption=table["caption"],
                header=tuple(header[:width]),
                rows=tuple(tuple((r + [""] * width)[:width]) for r in rows[:TABLE_ROWS]),
                total_rows=len(rows),
            )
        )
    return found
