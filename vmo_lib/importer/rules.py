"""One column rule of a mapping file: where a workbook column's values come from and how
they are converted (units, sign, dates, recoding, bins, defaults). Format in
``datasets/mappings/README.md``.

>>> rule = parse_rule("projects", "budget_at_completion", {"from": "Cost ($M)", "unit": "$M"})
>>> rule.source, rule.scale
('Cost ($M)', 1000000.0)
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vmo_lib.data.cells import CellError, parse_date, parse_number
from vmo_lib.data.schema import TABLES_BY_NAME, ColumnSpec
from vmo_lib.errors import VmoError
from vmo_lib.importer.expressions import Expression, ExpressionError, compile_expression

__all__ = [
    "NUMERIC_KINDS",
    "UNITS",
    "ColumnRule",
    "MappingError",
    "parse_rule",
    "unknown_keys",
    "unknown_name",
]

UNITS: dict[str, float] = {
    "units": 1.0,
    "ones": 1.0,
    "k": 1e3,
    "thousand": 1e3,
    "thousands": 1e3,
    "m": 1e6,
    "mn": 1e6,
    "mm": 1e6,
    "million": 1e6,
    "millions": 1e6,
    "bn": 1e9,
    "billion": 1e9,
    "billions": 1e9,
    "percent": 0.01,
    "%": 0.01,
}
SOURCES = ("from", "expr", "value", "rank")
RULE_KEYS = (
    *SOURCES,
    "default",
    "unit",
    "scale",
    "sign",
    "date_format",
    "plus_days",
    "values",
    "bins",
    "labels",
    "order",
)
NUMERIC_KINDS = frozenset({"int", "number", "money", "share", "ratio"})
_CURRENCY = re.compile(r"(?i)\b(usd|eur|gbp|chf)\b|[$€£]")


class MappingError(VmoError, ValueError):
    """Every problem found in a mapping file, one per line in ``str()``."""

    def __init__(self, problems: Iterable[str], path: str | Path = "the mapping") -> None:
        self.problems = list(problems)
        self.path = str(path)
        n = len(self.problems)
        lines = [f"{n} problem{'s' if n != 1 else ''} in the mapping file {self.path}:"]
        super().__init__("\n".join([*lines, *(f"  - {p}" for p in self.problems)]))


@dataclass(frozen=True)
class ColumnRule:
    """How one workbook column is filled. Exactly one of ``source`` (an export column),
    ``expression`` (a formula, or the quantity ranked when ``ranked``) or ``value`` (a constant
    for every row) is set. Numbers are multiplied by ``scale`` and negated when ``flip_sign``."""

    table: str
    target: str
    source: str | None = None
    expression: Expression | None = None
    value: object = None
    ranked: bool = False
    descending: bool = False
    default: object = None
    unit: str = ""
    scale: float = 1.0
    flip_sign: bool = False
    date_format: str | None = None
    plus_days: Expression | None = None
    values: Mapping[str, str] = field(default_factory=dict)
    bins: tuple[float, ...] = ()
    labels: tuple[str, ...] = ()

    @property
    def export_columns(self) -> frozenset[str]:
        """Every export column the rule reads."""
        used = set(self.expression.columns if self.expression else ())
        used |= set(self.plus_days.columns if self.plus_days else ())
        return frozenset(used | ({self.source} if self.source else set()))

    @property
    def is_constant(self) -> bool:
        return self.source is None and self.expression is None

    def describe(self) -> str:
        """The rule in words, for the import report (export names in backticks)."""
        if self.is_constant:
            text = f"constant {self.value!r} (not in the export)"
        elif self.ranked:
            order = "largest first" if self.descending else "smallest first"
            text = f"rank of `{self.expression.text}` ({order})"  # type: ignore[union-attr]
        elif self.expression is not None:
            text = f"formula `{self.expression.text}`"
        else:
            text = f"from `{self.source}`"
        extras = []
        if self.scale != 1.0:
            extras.append(f"x {_number(self.scale)}" + (f" ({self.unit})" if self.unit else ""))
        if self.flip_sign:
            extras.append("sign flipped")
        if self.date_format:
            extras.append(f"dates read as {self.date_format}")
        if self.plus_days:
            extras.append(f"plus `{self.plus_days.text}` days")
        if self.values:
            extras.append(f"values recoded ({len(self.values)})")
        if self.bins:
            cuts = ", ".join(f"{b:g}" for b in self.bins)
            extras.append(f"cut at {cuts} into {', '.join(self.labels)}")
        if self.default is not None:
            extras.append(f"blank -> {self.default!r}")
        return "; ".join([text, *extras])


def parse_rule(table: str, target: str, raw: object) -> ColumnRule:
    """One column rule; a plain string is the name of the export column to copy."""
    where = f"tables.{table}.columns.{target}"
    spec = TABLES_BY_NAME[table]
    if target not in spec.column_names:
        raise MappingError(
            [f"{where}: {unknown_name(target, f'column of {table}', spec.column_names)}"]
        )
    column = spec.column(target)
    if isinstance(raw, str):
        raw = {"from": raw}
    if not isinstance(raw, dict):
        raise MappingError(
            [f"{where}: give an export column name, or a mapping such as {{from: ...}}"]
        )
    problems = unknown_keys(raw, RULE_KEYS, where)
    given = [k for k in SOURCES if k in raw]
    if len(given) != 1:
        problems.append(f"{where}: give exactly one of {', '.join(SOURCES)} (found {len(given)})")
    fields: dict[str, Any] = {}
    for key, compile_key in (
        ("expr", "expression"),
        ("rank", "expression"),
        ("plus_days", "plus_days"),
    ):
        if key in raw:
            try:
                fields[compile_key] = compile_expression(str(raw[key]))
            except ExpressionError as exc:
                problems.append(f"{where}.{key}: {exc}")
    if "from" in raw:
        fields["source"] = str(raw["from"])
    if "value" in raw:
        fields["value"] = raw["value"]
    fields["ranked"] = "rank" in raw
    order = str(raw.get("order", "ascending"))
    if order not in ("ascending", "descending"):
        problems.append(f"{where}.order: must be 'ascending' or 'descending'")
    fields["descending"] = order == "descending"
    fields["default"] = raw.get("default")
    problems += _constant_problems(raw, column, where)
    problems += _numeric_options(raw, column, where, fields)
    problems += _date_options(raw, column, where, fields)
    problems += _category_options(raw, column, where, fields)
    if problems:
        raise MappingError(problems)
    return ColumnRule(table=table, target=target, **fields)


def _constant_problems(raw: dict, column: ColumnSpec, where: str) -> list[str]:
    """``value`` and ``default`` must be readable as the column's kind."""
    problems = []
    for key in ("value", "default"):
        if key not in raw or raw[key] is None:
            continue
        try:
            if column.kind in NUMERIC_KINDS:
                if isinstance(raw[key], bool):
                    raise CellError("must be a number")
                parse_number(raw[key])
            elif column.kind == "date":
                parse_date(raw[key])
        except CellError as exc:
            problems.append(f"{where}.{key}: {raw[key]!r} {exc} ('{column.name}' is {column.kind})")
    return problems


def _numeric_options(raw: dict, column: ColumnSpec, where: str, fields: dict) -> list[str]:
    problems = []
    numeric = column.kind in NUMERIC_KINDS
    if ("unit" in raw or "scale" in raw or "sign" in raw) and not numeric:
        problems.append(
            f"{where}: unit, scale and sign apply to numbers; '{column.name}' is {column.kind}"
        )
    if "unit" in raw:
        unit = str(raw["unit"])
        key = _CURRENCY.sub("", unit).strip().lower()
        if key not in UNITS:
            problems.append(f"{where}.unit: unknown unit {unit!r}; use one of {', '.join(UNITS)}")
        fields["unit"], fields["scale"] = unit, UNITS.get(key, 1.0)
    if "scale" in raw:
        if "unit" in raw:
            problems.append(f"{where}: give unit or scale, not both")
        elif isinstance(raw["scale"], bool) or not isinstance(raw["scale"], int | float):
            problems.append(f"{where}.scale: must be a number, e.g. 1000000")
        else:
            fields["scale"] = float(raw["scale"])
    sign = str(raw.get("sign", "keep"))
    if sign not in ("keep", "flip"):
        problems.append(f"{where}.sign: must be 'keep' or 'flip' (flip negates every value)")
    fields["flip_sign"] = sign == "flip"
    return problems


def _date_options(raw: dict, column: ColumnSpec, where: str, fields: dict) -> list[str]:
    if ("date_format" in raw or "plus_days" in raw) and column.kind != "date":
        return [
            f"{where}: date_format and plus_days apply to dates; '{column.name}' is {column.kind}"
        ]
    if "date_format" in raw:
        fields["date_format"] = str(raw["date_format"])
        if "%" not in fields["date_format"]:
            return [f"{where}.date_format: write it with % codes, e.g. '%d/%m/%Y'"]
    if column.kind == "date" and "expr" in raw:
        return [f"{where}: a date cannot be a formula; use from: plus plus_days:"]
    return []


def _category_options(raw: dict, column: ColumnSpec, where: str, fields: dict) -> list[str]:
    problems = []
    if "values" in raw:
        if not isinstance(raw["values"], dict):
            problems.append(f"{where}.values: must map export values to workbook values")
        else:
            fields["values"] = {str(k): str(v) for k, v in raw["values"].items()}
    if "bins" in raw or "labels" in raw:
        bins, labels = raw.get("bins"), raw.get("labels")
        if "expr" not in raw and "from" not in raw:
            problems.append(f"{where}: bins cut a number read with from: or expr:")
        if not isinstance(bins, list) or not all(_is_number(b) for b in bins) or not bins:
            problems.append(f"{where}.bins: must be a list of increasing numbers")
        elif sorted(bins) != bins:
            problems.append(f"{where}.bins: must be increasing")
        elif not isinstance(labels, list) or len(labels) != len(bins) + 1:
            problems.append(f"{where}.labels: need one label more than bins ({len(bins) + 1})")
        else:
            fields["bins"] = tuple(float(b) for b in bins)
            fields["labels"] = tuple(str(label) for label in labels)
    if column.kind == "category":
        offered = [*fields.get("values", {}).values(), *fields.get("labels", ())]
        if "value" in raw:
            offered.append(str(raw["value"]))
        canonical = {_key(a) for a in column.allowed}
        for value in offered:
            if _key(value) not in canonical:
                problems.append(
                    f"{where}: {value!r} is not allowed for {column.name} "
                    f"(one of: {', '.join(column.allowed)})"
                )
    return problems


def _number(value: float) -> str:
    return f"{value:,.0f}" if value >= 1 and value.is_integer() else f"{value:g}"


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _key(value: object) -> str:
    return " ".join(str(value).replace("_", " ").replace("-", " ").lower().split())


def unknown_keys(raw: dict, allowed: Iterable[str], where: str) -> list[str]:
    """One problem per key of ``raw`` not in ``allowed``, with the closest key suggested."""
    allowed = list(allowed)
    return [
        f"{where}: {unknown_name(str(k), 'key', allowed)}" for k in raw if str(k) not in allowed
    ]


def unknown_name(name: str, what: str, known: Iterable[str]) -> str:
    """``'x' is not a <what>; did you mean 'y'?`` (or the known names when nothing is close)."""
    known = list(known)
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    hint = f"; did you mean '{close[0]}'?" if close else f" (known: {', '.join(known)})"
    return f"'{name}' is not a {what}{hint}"
