"""Formatted, safely escaped tables for notebooks and HTML handouts, and safe CSV/Excel export.

Why: handouts are HTML, and the data (project names, comments) comes from people. pandas'
``Styler`` does not escape cell text by default, so a name such as ``<script>...`` would run in
a reader's browser. :func:`format_table` escapes every text cell, header and caption, and
formats numbers for reading (thousands separators, currency, percentages, dates).

Exported files have the mirror problem: a spreadsheet runs a cell starting with ``=`` as a
formula (CSV/formula injection). :func:`neutralise_frame` defuses such text before export.

>>> styled = format_table(pd.DataFrame({"name": ["<b>x</b>"], "cost": [1234567.8]}),
...                       money=["cost"], currency="GBP")
>>> "&lt;b&gt;x&lt;/b&gt;" in styled.to_html(), "GBP 1,234,568" in styled.to_html()
(True, True)
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from openpyxl import Workbook
from pandas.io.formats.style import Styler

from vmo_lib.atomic import write_atomically
from vmo_lib.currency import resolve_currency
from vmo_lib.display.csv_style import CsvStyle, resolve_csv_style

if TYPE_CHECKING:
    from pandas.io.formats.style_render import CSSDict

NA_TEXT = "–"
"""Shown in place of a blank (missing) value."""

COLUMN_LABELS: dict[str, str] = {
    "project_id": "Project",
    "name": "Name",
    "programme": "Programme",
    "sponsor": "Sponsor",
    "stage": "Stage",
    "rag_status": "Status (RAG)",
    "legacy_priority": "Legacy rank",
    "budget_at_completion": "Budget (BAC)",
    "planned_value": "Planned value (PV)",
    "earned_value": "Earned value (EV)",
    "actual_cost": "Actual cost (AC)",
    "cv": "Cost variance (CV)",
    "sv": "Schedule variance (SV)",
    "cpi": "CPI",
    "spi": "SPI",
    "eac": "Forecast cost (EAC)",
    "etc": "Still to spend (ETC)",
    "vac": "Variance at completion (VAC)",
    "tcpi": "TCPI",
    "final_cost": "Final cost (forecast or actual)",
    "cost_overrun": "Overrun (share of budget)",
    "slip_days": "Slip (days)",
    "on_time": "On time",
    "on_budget": "On budget",
    "why_blank": "Why some figures are blank",
    "scope_changes": "Scope changes",
    "business_case_benefit": "Promised benefit",
    "business_case_npv": "Business-case NPV",
    "benefit_owner": "Benefit owner",
    "green": "Green",
    "amber": "Amber",
    "red": "Red",
    "total": "Projects",
    "green_share": "Green share",
    "amber_share": "Amber share",
    "red_share": "Red share",
    "projects": "Projects",
    "median_changes": "Median changes per project",
    "share_with_changes": "Projects with changes",
    "changes_per_project_year": "Changes per project-year",
}
"""Plain-language headers for the columns the analysis modules return (pass as ``labels``)."""

FORMULA_PREFIXES: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")
"""Text starting with these is read as a formula by spreadsheet software (OWASP list)."""


def money_text(value: Any, currency: str | None = None) -> str:
    """``GBP 1,234,568`` (whole units, thousands separators); negatives as ``-GBP 1,000``.

    The code is ``currency``, else the setting in force (:mod:`vmo_lib.currency`).

    >>> money_text(1234567.8, "GBP"), money_text(-1000, "GBP")
    ('GBP 1,234,568', '-GBP 1,000')
    """
    if _blank(value):
        return NA_TEXT
    sign = "-" if value < 0 else ""
    return f"{sign}{resolve_currency(currency)} {abs(value):,.0f}"


def money_short_text(value: Any, currency: str | None = None, decimals: int = 2) -> str:
    """Money scaled for narrow tables and chart axes: ``GBP 4.19M``, ``GBP 950k``, ``-GBP 45k``.

    ``decimals`` applies to millions and billions; thousands are whole (``GBP 950k``).

    >>> money_short_text(4_190_704, "GBP"), money_short_text(-45_000, "GBP")
    ('GBP 4.19M', '-GBP 45k')
    """
    if _blank(value) or not np.isfinite(value):
        return NA_TEXT
    sign = "-" if value < 0 else ""
    size = abs(value)
    if size >= 1e9:
        text = f"{size / 1e9:,.{decimals}f}bn"
    elif size >= 1e6:
        text = f"{size / 1e6:,.{decimals}f}M"
    elif size >= 1e3:
        text = f"{size / 1e3:,.0f}k"
    else:
        text = f"{size:,.0f}"
    return f"{sign}{resolve_currency(currency)} {text}"


def percent_text(value: Any, decimals: int = 1) -> str:
    """A share (0-1) as a percentage: ``0.123`` -> ``12.3%``."""
    return NA_TEXT if _blank(value) else f"{value:.{decimals}%}"


def ratio_text(value: Any, decimals: int = 2) -> str:
    """A dimensionless index with fixed decimals: ``0.8929`` -> ``0.89``."""
    return NA_TEXT if _blank(value) else f"{value:,.{decimals}f}"


def integer_text(value: Any) -> str:
    """A whole number with thousands separators: ``12345`` -> ``12,345``."""
    return NA_TEXT if _blank(value) else f"{round(value):,d}"


def number_text(value: Any, decimals: int = 1) -> str:
    """A decimal number with thousands separators: ``1234.56`` -> ``1,234.6``."""
    return NA_TEXT if _blank(value) else f"{value:,.{decimals}f}"


def date_text(value: Any) -> str:
    """A date as ISO ``YYYY-MM-DD`` (unambiguous in every country)."""
    return NA_TEXT if _blank(value) else pd.Timestamp(value).strftime("%Y-%m-%d")


def format_table(
    df: pd.DataFrame,
    money: Sequence[str] = (),
    percent: Sequence[str] = (),
    ratio: Sequence[str] = (),
    integer: Sequence[str] = (),
    dates: Sequence[str] = (),
    number: Sequence[str] = (),
    yes_no: Sequence[str] = (),
    currency: str | None = None,
    caption: str | None = None,
    labels: Mapping[str, str] | None = None,
    short_money: bool = False,
) -> Styler:
    """A pandas Styler ready to show or export: formatted numbers, escaped text, no index.

    Columns listed in ``money`` show as ``GBP 1,234,568`` (in ``currency``, else the
    setting); ``percent`` (shares 0-1) as ``12.3%``; ``ratio`` with two decimals;
    ``integer`` with thousands separators; ``number`` with one decimal; ``dates`` as
    ``YYYY-MM-DD``; ``yes_no`` (true/false flags) as yes/no. Other numeric columns get
    separators (and two decimals if not whole), other columns show as text. Blank values show
    as an en dash. Every cell, column header and the caption is HTML-escaped.
    ``short_money`` scales money to k/M (``GBP 4.19M``) so wide tables fit an A4 page.
    ``labels`` renames columns for display (``{"cpi": "CPI"}``); formats refer to the original
    names.

    >>> html_text = format_table(pd.DataFrame({"share": [0.123]}), percent=["share"]).to_html()
    >>> "12.3%" in html_text
    True
    """
    formatters = _column_formatters(
        df.columns,
        {
            **dict.fromkeys(money, lambda v: money_text(v, currency)),
            **dict.fromkeys(percent, percent_text),
            **dict.fromkeys(ratio, ratio_text),
            **dict.fromkeys(integer, integer_text),
            **dict.fromkeys(number, number_text),
            **dict.fromkeys(dates, date_text),
            **dict.fromkeys(yes_no, yes_no_text),
        },
    )
    names = dict(labels or {})
    if short_money:
        formatters.update(dict.fromkeys(money, lambda v: money_short_text(v, currency)))
    shown = df.rename(columns=names)
    by_shown_name = {names.get(c, c): f for c, f in formatters.items()}
    escaped: dict[Any, str | Callable[[object], str] | None] = {
        c: _escaped(by_shown_name.get(c) or _default_formatter(shown[c])) for c in shown.columns
    }
    styler = shown.style.format(escaped).format_index(escape="html", axis=1)
    styler = styler.hide(axis="index").set_table_styles(_alignment(shown, by_shown_name))
    if caption is not None:
        styler = styler.set_caption(html.escape(caption))
    return styler


def format_key_figures(
    figures: Iterable[Any], currency: str | None = None, caption: str | None = None
) -> Styler:
    """A two-column table (figure, value) from items with ``label``, ``value`` and ``kind``.

    ``kind`` is one of ``integer, percent, money, ratio, number, text``, so each row is
    formatted for what it holds (see :meth:`vmo_lib.baseline.PortfolioHealth.key_figures`).
    """
    render: dict[str, Callable[[Any], str]] = {
        "integer": integer_text,
        "percent": percent_text,
        "money": lambda v: money_text(v, currency),
        "ratio": ratio_text,
        "number": number_text,
        "text": _text,
    }
    rows = [{"Figure": f.label, "Value": render[f.kind](f.value)} for f in figures]
    return format_table(pd.DataFrame(rows, columns=["Figure", "Value"]), caption=caption)


def neutralise_formula(value: Any) -> Any:
    """Prefix text that a spreadsheet would run as a formula with an apostrophe.

    Only text is changed (numbers stay numbers, so ``-5`` the number is kept while the text
    ``"-5"`` becomes ``"'-5"``). Prefixes: ``= + - @`` and tab/carriage return (OWASP).

    >>> neutralise_formula("=SUM(A1:A9)"), neutralise_formula(-5), neutralise_formula("ok")
    ("'=SUM(A1:A9)", -5, 'ok')
    """
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def neutralise_frame(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``df`` safe to write to CSV/Excel: text cells and text headers neutralised.

    Numeric, date and boolean columns are left untouched; the input frame is not modified.

    >>> neutralise_frame(pd.DataFrame({"n": ["@cmd", "fine"], "x": [-1, 2]}))["n"].tolist()
    ["'@cmd", 'fine']
    """
    out = df.copy()
    for column in out.columns:
        series = out[column]
        if isinstance(series.dtype, pd.CategoricalDtype):
            out[column] = series.cat.rename_categories(
                [neutralise_formula(c) for c in series.cat.categories]
            )
        elif pd.api.types.is_string_dtype(series) or series.dtype == object:
            out[column] = series.map(neutralise_formula, na_action="ignore").astype(series.dtype)
    out.columns = [neutralise_formula(c) for c in out.columns]
    return out


def yes_no_text(value: Any) -> str:
    """A true/false flag as ``yes`` or ``no`` (blank when unknown)."""
    return NA_TEXT if _blank(value) else ("yes" if value else "no")


def write_csv(
    df: pd.DataFrame,
    path: str | Path,
    labels: Mapping[str, str] | None = None,
    style: str | CsvStyle | None = None,
) -> Path:
    """Write ``df`` to a UTF-8 CSV file safe to open in a spreadsheet; return the path.

    Text is neutralised first (:func:`neutralise_frame`), columns are renamed with ``labels``
    and the folder is created if needed. The index is not written. The file is written
    atomically: to a temporary file in the same folder, then renamed over ``path``, so a
    reader (or a crash) never sees half a file. ``style`` (``"standard"`` or ``"european"``:
    ``;`` separated, decimal comma, 4 decimals; see :mod:`vmo_lib.display.csv_style`) defaults
    to the run's setting.
    """
    chosen = resolve_csv_style(style)
    safe = _csv_numbers(neutralise_frame(df.rename(columns=dict(labels or {}))), chosen)
    return write_atomically(
        path,
        lambda tmp: safe.to_csv(
            tmp, index=False, encoding=chosen.encoding, sep=chosen.separator, decimal=chosen.decimal
        ),
    )


def _csv_numbers(frame: pd.DataFrame, style: CsvStyle) -> pd.DataFrame:
    """Floats rounded to the style's decimals; floats inside text columns written with the
    style's decimal mark (pandas applies ``decimal`` to float columns only)."""
    if style.decimals is None and style.decimal == ".":
        return frame
    out = frame.copy()
    for column in out.columns:
        series = out[column]
        if pd.api.types.is_float_dtype(series):
            if style.decimals is not None:
                out[column] = series.round(style.decimals)
        elif series.dtype == object:
            out[column] = series.map(lambda v: _float_text(v, style), na_action="ignore")
    return out


def _float_text(value: Any, style: CsvStyle) -> Any:
    if not isinstance(value, float | np.floating) or not np.isfinite(value):
        return value
    number = round(float(value), style.decimals) if style.decimals is not None else value
    return repr(float(number)).replace(".", style.decimal)


def write_excel(
    sheets: Mapping[str, pd.DataFrame],
    path: str | Path,
    labels: Mapping[str, str] | None = None,
) -> Path:
    """Write one sheet per frame to an .xlsx file safe to open; return the path.

    As :func:`write_csv`: text neutralised, columns renamed with ``labels``, index not
    written, file written atomically. The header row and first column stay in view
    (frozen panes).
    """
    safe = {
        name: neutralise_frame(frame.rename(columns=dict(labels or {})))
        for name, frame in sheets.items()
    }

    def write(tmp: Path) -> None:
        # openpyxl's write-only mode streams rows: about twice as fast as pandas' cell-by-cell
        # writer, which matters for the full lists of a 10,000-project portfolio.
        book = Workbook(write_only=True)
        for name, frame in safe.items():
            sheet = book.create_sheet(title=name[:31])
            sheet.freeze_panes = "B2"
            sheet.append([str(column) for column in frame.columns])
            for row in _excel_values(frame).itertuples(index=False, name=None):
                sheet.append(row)
        book.save(tmp)

    return write_atomically(path, write)


def _excel_values(frame: pd.DataFrame) -> pd.DataFrame:
    """Cells as plain Python values (blanks as ``None``), as openpyxl expects them."""
    return frame.astype(object).where(frame.notna(), None)


def _column_formatters(
    columns: Iterable[Any], wanted: Mapping[str, Callable[[Any], str]]
) -> dict[str, Callable[[Any], str]]:
    present = set(columns)
    unknown = [c for c in wanted if c not in present]
    if unknown:
        raise KeyError(f"format_table: no column(s) {', '.join(map(str, unknown))} in the table")
    return dict(wanted)


def _alignment(shown: pd.DataFrame, formatted: Mapping[str, Callable[[Any], str]]) -> list[CSSDict]:
    """Text left-aligned; figures right-aligned and kept on one line, as in a printed report."""
    styles: list[CSSDict] = []
    for position, column in enumerate(shown.columns):
        is_figure = (column in formatted and formatted[column] is not _text) or (
            column not in formatted and _default_formatter(shown[column]) is not _text
        )
        align = "text-align: right;" if is_figure else "text-align: left;"
        nowrap = " white-space: nowrap;" if is_figure else ""
        styles.append({"selector": f"th.col{position}", "props": align})
        styles.append({"selector": f"td.col{position}", "props": align + nowrap})
    return styles


def _default_formatter(series: pd.Series) -> Callable[[Any], str]:
    """Unlisted columns: whole numbers with separators, decimals with two places, else text."""
    if pd.api.types.is_bool_dtype(series):
        return _text
    if pd.api.types.is_integer_dtype(series):
        return integer_text
    if pd.api.types.is_float_dtype(series):
        return lambda v: number_text(v, 2)
    return _text


def _text(value: Any) -> str:
    """Any value as display text (escaped afterwards by :func:`_escaped`)."""
    return NA_TEXT if _blank(value) else str(value)


def _escaped(render: Callable[[Any], str]) -> Callable[[Any], str]:
    """Wrap a formatter so its output is HTML-escaped, whatever the value's type."""
    return lambda value: html.escape(render(value))


def _blank(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # list-like values are never "blank"
        return False
