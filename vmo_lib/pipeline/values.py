"""Convert and validate parameter values before any kernel starts.

Values typed on the command line arrive as text and are converted by the declared type
(:func:`convert_text`); values from a YAML params file arrive typed and are only checked
(:func:`check_value`). Both paths end in the same checks, so a mistake produces the same
one-line message wherever the value came from. :func:`resolve_parameters` applies them to
one notebook's declarations and prepares what papermill injects.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from vmo_lib.errors import VmoError

if TYPE_CHECKING:
    from vmo_lib.pipeline.spec import NotebookParameters, Parameter

__all__ = [
    "DATA_PARAMETER",
    "OUTPUT_DIR_PARAMETER",
    "ParameterError",
    "ParameterValues",
    "check_names",
    "check_value",
    "convert_text",
    "localise_data",
    "resolve_parameters",
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


class ParameterError(VmoError, ValueError):
    """A parameter name or value was rejected; ``str()`` is a one-line message for the user."""


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
    _raise_all(_unknown_names(names, known, where))


def _unknown_names(names: Iterable[str], known: Iterable[str], where: str) -> list[str]:
    valid = sorted(set(known))
    problems = []
    for name in dict.fromkeys(names):
        if name in valid:
            continue
        close = difflib.get_close_matches(name, valid, n=1)
        hint = f"did you mean {close[0]!r}?" if close else "valid names: " + ", ".join(valid)
        problems.append(f"unknown parameter {name!r} for {where}; {hint}")
    return problems


def _raise_all(problems: list[str]) -> None:
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


def check_data_sources(sources: Iterable[object]) -> dict[str, tuple[str, ...]]:
    """Load and validate each distinct dataset the runs will read, before any kernel starts.

    A data problem then shows once, as the loader's full report (file, row, column, value,
    rule), instead of as the same traceback in every notebook. Returns, per dataset, the
    tables it does not provide, so notebooks that need one can be skipped with a reason.
    Raises :class:`~vmo_lib.data.DataError` or ``FileNotFoundError``.
    """
    from vmo_lib.data import load_organisation

    distinct = dict.fromkeys(s for s in sources if isinstance(s, str))
    return {source: load_organisation(source).missing for source in distinct}


def missing_requirements(requires: Iterable[str], missing: Iterable[str]) -> str:
    """Why a notebook cannot run on a dataset (empty when it can), in a reader's words."""
    lacking = [table for table in requires if table in set(missing)]
    if not lacking:
        return ""
    quoted = [f"'{t}'" for t in lacking]
    names = quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]
    noun = "table" if len(lacking) == 1 else "tables"
    return f"needs the {names} {noun}, which this dataset does not have"


def _name_from_data(spec: NotebookParameters, given: dict[str, object]) -> None:
    """Other data but no organisation name: title the run with the dataset's own name.

    The notebooks' default name is the bundled case study's; on someone else's data it would
    put the wrong company on every handout. The folder or file name (``acme_2026.xlsx`` ->
    ``acme_2026``) is at least the user's own; ``-p organisation_name`` sets a proper one.
    """
    data = given.get(DATA_PARAMETER)
    if (
        isinstance(data, str)
        and data != spec.defaults().get(DATA_PARAMETER)
        and ORGANISATION_PARAMETER not in given
        and spec.get(ORGANISATION_PARAMETER) is not None
    ):
        given[ORGANISATION_PARAMETER] = Path(data.rstrip("/\\")).stem or data


def localise_data(value: str, cwd: Path) -> str:
    """Make ``data`` absolute when it names an existing path relative to ``cwd``.

    Notebooks run with their own folder as working directory, so a relative path typed by
    the user would otherwise point somewhere else. Anything else is a bundled dataset name
    and passes unchanged.
    """
    path = Path(value).expanduser()
    candidate = path if path.is_absolute() else cwd / path
    return str(candidate.resolve()) if candidate.exists() else value


def resolve_parameters(
    spec: NotebookParameters,
    *,
    text: Mapping[str, str] | None = None,
    typed: Mapping[str, object] | None = None,
    cwd: Path | None = None,
    output_dir: Path | None = None,
) -> ParameterValues:
    """Validate values for one notebook: ``text`` from the command line, ``typed`` from YAML.

    Command-line values win over YAML ones. Every problem (an unknown name, with the closest
    valid one, or a bad value) is reported at once in one :class:`ParameterError`.
    ``output_dir`` (when given and declared) is always injected, so notebooks never write next
    to the user's inputs.
    """
    text, typed = dict(text or {}), dict(typed or {})
    where = spec.notebook.stem
    problems = _unknown_names([*typed, *text], spec.names, where)
    given: dict[str, object] = {}
    values = [(name, value, False) for name, value in typed.items() if name not in text]
    values += [(name, raw, True) for name, raw in text.items()]
    for name, value, from_text in values:
        parameter = spec.get(name)
        if parameter is None:
            continue  # reported above
        # YAML gives text for a quoted value ("5", "8%"): read it as the command line does.
        as_text = from_text or (isinstance(value, str) and parameter.kind not in ("str", "path"))
        try:
            given[name] = (convert_text if as_text else check_value)(parameter, value)
        except ParameterError as exc:
            problems.append(str(exc))
    _raise_all(problems)
    _name_from_data(spec, given)
    injected = dict(given)
    for name, value in given.items():
        declared = spec.get(name)
        is_path = name == DATA_PARAMETER or (declared is not None and declared.kind == "path")
        if is_path and isinstance(value, str):
            injected[name] = localise_data(value, cwd or Path.cwd())
    if output_dir is not None and spec.get(OUTPUT_DIR_PARAMETER) is not None:
        injected[OUTPUT_DIR_PARAMETER] = str(output_dir)
        given.pop(OUTPUT_DIR_PARAMETER, None)
    return ParameterValues(spec, given, injected)
