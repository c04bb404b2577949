"""The parameter model of a workbook notebook: declarations, values and their checks.

A notebook declares its parameters in one ``parameters`` cell (read by
:mod:`vmo_lib.pipeline.spec`); each declaration is a :class:`Parameter`, a notebook's set is
:class:`NotebookParameters`. Values typed on the command line arrive as text and are
converted by the declared type (:func:`convert_text`); values from a YAML params file arrive
typed and are only checked (:func:`check_value`). Both paths end in the same checks, so a
mistake produces the same one-line :class:`ParameterError` wherever the value came from.
:class:`ParameterValues` holds the validated values of one run (made by
:func:`vmo_lib.pipeline.values.resolve_parameters`).

This module imports only the standard library and :mod:`vmo_lib.errors`: the cell reader
(``spec``) and the value resolution (``values``) both build on it, and neither imports the
other.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from vmo_lib.errors import VmoError

__all__ = [
    "DATA_PARAMETER",
    "ORGANISATION_PARAMETER",
    "OUTPUT_DIR_PARAMETER",
    "NotebookParameters",
    "ParamKind",
    "Parameter",
    "ParameterCellError",
    "ParameterError",
    "ParameterValues",
    "check_names",
    "check_value",
    "convert_text",
    "raise_problems",
    "unknown_names",
]

#: The parameter naming the dataset: a bundled dataset name or a path to the user's files.
DATA_PARAMETER = "data"
#: The parameter naming the folder a notebook exports files to; always set by the runner.
OUTPUT_DIR_PARAMETER = "output_dir"
#: The parameter that names the organisation in titles.
ORGANISATION_PARAMETER = "organisation_name"

_TRUE = frozenset({"true", "yes", "1", "on"})
_FALSE = frozenset({"false", "no", "0", "off"})
_NUMBER_SUFFIXES = {"%": 0.01, "k": 1e3, "m": 1e6}
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


#: The kinds of value a parameter can hold.
ParamKind = Literal["str", "int", "float", "bool", "date", "path", "choice"]


class ParameterError(VmoError, ValueError):
    """A parameter name or value was rejected; ``str()`` is a one-line message for the user."""


class ParameterCellError(VmoError, ValueError):
    """The ``parameters`` cell of a notebook is missing, duplicated or malformed."""


@dataclass(frozen=True)
class Parameter:
    """One declared notebook parameter.

    ``choices`` is set for ``Choice[...]`` parameters, ``bounds`` (inclusive) for
    ``Between[low, high]`` ones, whose ``kind`` is ``int`` or ``float`` after their default.
    ``line`` is the 1-based line of the declaration inside the parameters cell.
    """

    name: str
    kind: ParamKind
    default: object
    help: str
    choices: tuple[object, ...] = ()
    bounds: tuple[float, float] | None = None
    line: int = 0

    @property
    def type_label(self) -> str:
        """The declared type as a reader would write it, e.g. ``Between[1, 100]``."""
        if self.kind == "choice":
            return "Choice[" + ", ".join(repr(c) for c in self.choices) + "]"
        if self.bounds is not None:
            low, high = self.bounds
            return f"Between[{low!r}, {high!r}] ({self.kind})"
        return {"date": "Date", "path": "FilePath"}.get(self.kind, self.kind)


@dataclass(frozen=True)
class NotebookParameters:
    """The parameters declared by one notebook, in declaration order."""

    notebook: Path
    parameters: tuple[Parameter, ...]
    cell_index: int

    @property
    def names(self) -> tuple[str, ...]:
        """Declared names, in declaration order."""
        return tuple(p.name for p in self.parameters)

    def get(self, name: str) -> Parameter | None:
        """The parameter called ``name``, or ``None`` if the notebook does not declare it."""
        return next((p for p in self.parameters if p.name == name), None)

    def defaults(self) -> dict[str, object]:
        """Every parameter's default value, by name."""
        return {p.name: p.default for p in self.parameters}


@dataclass(frozen=True)
class ParameterValues:
    """The validated parameter values of one notebook run.

    ``given`` holds the values the user chose, as shown in a handout's title block;
    ``injected`` is what papermill passes to the kernel (``data`` made absolute when it is a
    path, ``output_dir`` set by the runner).
    """

    spec: NotebookParameters
    given: dict[str, object] = field(default_factory=dict)
    injected: dict[str, object] = field(default_factory=dict)

    def effective(self) -> dict[str, object]:
        """Every parameter's value for this run (defaults overlaid with the given values)."""
        return {**self.spec.defaults(), **self.given}

    def changed(self) -> frozenset[str]:
        """Names whose value differs from the notebook's default."""
        defaults = self.spec.defaults()
        return frozenset(n for n, v in self.given.items() if defaults.get(n) != v)


def check_names(names: Iterable[str], known: Iterable[str], *, where: str) -> None:
    """Reject every name not in ``known`` at once, suggesting the closest valid one for each."""
    raise_problems(unknown_names(names, known, where))


def unknown_names(names: Iterable[str], known: Iterable[str], where: str) -> list[str]:
    """One problem per name not in ``known``, suggesting the closest valid name.

    >>> unknown_names(["top_m", "currency"], ["top_n", "currency"], "00_baseline")
    ["unknown parameter 'top_m' for 00_baseline; did you mean 'top_n'?"]
    """
    valid = sorted(set(known))
    problems = []
    for name in dict.fromkeys(names):
        if name in valid:
            continue
        close = difflib.get_close_matches(name, valid, n=1)
        hint = f"did you mean {close[0]!r}?" if close else "valid names: " + ", ".join(valid)
        problems.append(f"unknown parameter {name!r} for {where}; {hint}")
    return problems


def raise_problems(problems: list[str]) -> None:
    """One :class:`ParameterError` for all ``problems``: the message itself if there is one,
    else a count followed by one line per problem."""
    if len(problems) == 1:
        raise ParameterError(problems[0])
    if problems:
        lines = "\n".join(f"  - {p}" for p in problems)
        raise ParameterError(f"{len(problems)} problems with the parameters:\n{lines}")


def convert_text(parameter: Parameter, text: str) -> object:
    """Convert a command-line string to the parameter's type, then check it."""
    raw = text.strip()
    value: object = text
    if parameter.kind == "bool":
        lowered = raw.lower()
        if lowered not in _TRUE | _FALSE:
            raise ParameterError(f"{parameter.name} must be true or false, got {text!r}")
        value = lowered in _TRUE
    elif parameter.kind == "int":
        try:
            value = int(raw)
        except ValueError:
            raise ParameterError(f"{parameter.name} must be a whole number, got {text!r}") from None
    elif parameter.kind == "float":
        # "8%" means 0.08, as a spreadsheet reads it; "40m" and "250k" are amounts of money.
        number, factor = raw, 1.0
        suffix = raw[-1:].lower()
        if suffix in _NUMBER_SUFFIXES and raw[:-1].strip():
            number, factor = raw[:-1].strip(), _NUMBER_SUFFIXES[suffix]
        try:
            value = float(number) * factor
        except ValueError:
            raise ParameterError(f"{parameter.name} must be a number, got {text!r}") from None
    elif parameter.kind == "choice":
        value = next((c for c in parameter.choices if str(c) == raw), None)
        if value is None:  # "Atypical" for "atypical"
            value = next((c for c in parameter.choices if str(c).lower() == raw.lower()), text)
    elif parameter.kind == "date":
        value = raw
    return check_value(parameter, value)


def check_value(parameter: Parameter, value: object) -> object:
    """Check a typed value against the declaration; return it normalised.

    Dates (``datetime.date``, as YAML produces) become ISO strings and ints given for a float
    parameter become floats. Raises :class:`ParameterError` with a one-line message.
    """
    name, kind = parameter.name, parameter.kind
    if kind == "choice":
        if not any(value == c and type(value) is type(c) for c in parameter.choices):
            options = ", ".join(repr(c) for c in parameter.choices)
            raise ParameterError(f"{name} must be one of {options}, got {value!r}")
        return value
    if kind == "date":
        return _check_date(name, value)
    if kind == "bool":
        if not isinstance(value, bool):
            raise ParameterError(f"{name} must be true or false, got {value!r}")
        return value
    if kind in ("str", "path"):
        if not isinstance(value, str):
            raise ParameterError(f"{name} must be text, got {value!r}")
        return value
    return _check_number(parameter, value)


def _check_date(name: str, value: object) -> str:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, str) and _ISO_DATE.fullmatch(value.strip()):
        try:
            return dt.date.fromisoformat(value.strip()).isoformat()
        except ValueError:
            pass
    raise ParameterError(f"{name} must be a date like 2026-09-30, got {value!r}")


def _check_number(parameter: Parameter, value: object) -> int | float:
    name = parameter.name
    if isinstance(value, bool) or not isinstance(value, int | float):
        what = "a whole number" if parameter.kind == "int" else "a number"
        raise ParameterError(f"{name} must be {what}, got {value!r}")
    if parameter.kind == "int" and not isinstance(value, int):
        raise ParameterError(f"{name} must be a whole number, got {value!r}")
    number: int | float = value if parameter.kind == "int" else float(value)
    if not math.isfinite(number):
        raise ParameterError(f"{name} must be a finite number, got {value!r}")
    if parameter.bounds is not None:
        low, high = parameter.bounds
        if not low <= number <= high:
            raise ParameterError(f"{name} must be between {low} and {high}, got {value!r}")
    return number
