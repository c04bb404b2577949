"""Data problems, collected and reported together.

A loader never stops at the first problem: it collects every :class:`Problem` it finds and
raises one :class:`DataError` listing them all, each pointing at the place a user can open in
Excel or a text editor (file or sheet, row, column), the offending value and the rule it broke.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from vmo_lib.errors import VmoError

MAX_SHOWN_VALUE = 60


@dataclass(frozen=True)
class Problem:
    """One problem in the user's data.

    ``location`` is the file (``projects.csv``) or the workbook and sheet
    (``org.xlsx, sheet 'projects'``); ``row`` is the row number the user sees (the header is
    row 1), or ``None`` for a problem with a whole table or column.
    """

    location: str
    table: str
    rule: str
    row: int | None = None
    column: str | None = None
    value: object = None

    def __str__(self) -> str:
        where = self.location
        if self.row is not None:
            where += f", row {self.row}"
        if self.column is not None:
            where += f", column '{self.column}'"
        shown = ""
        if self.value is not None:
            text = str(self.value)
            if len(text) > MAX_SHOWN_VALUE:
                text = text[: MAX_SHOWN_VALUE - 3] + "..."
            shown = f" value '{text}':"
        return f"{where}:{shown} {self.rule}"


class DataError(VmoError, ValueError):
    """Raised with every problem found in a dataset; ``str()`` is the full report.

    >>> err = DataError([Problem("projects.csv", "projects", "must be a number", 4,
    ...                          "actual_cost", "12k")], source="my_org")
    >>> print(err)
    1 problem found in my_org:
      - projects.csv, row 4, column 'actual_cost': value '12k': must be a number
    """

    def __init__(self, problems: Iterable[Problem], source: str = "the data") -> None:
        self.problems: list[Problem] = list(problems)
        self.source = source
        super().__init__(self.report())

    def report(self) -> str:
        n = len(self.problems)
        noun = "problem" if n == 1 else "problems"
        lines = [f"{n} {noun} found in {self.source}:"]
        lines += [f"  - {p}" for p in self.problems]
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.report()
