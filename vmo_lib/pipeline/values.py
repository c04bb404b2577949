"""Resolve one run's parameter values before any kernel starts, and check its dataset.

:func:`resolve_parameters` applies the checks of :mod:`vmo_lib.pipeline.parameters` to one
notebook's declarations (command-line text and YAML values together, every problem reported at
once) and prepares what papermill injects: a relative ``data`` path made absolute, the
``output_dir`` set by the runner, the organisation named after the user's dataset.
:func:`check_data_sources` loads each dataset once, so a data problem shows as the loader's
full report instead of a traceback in every notebook.

The parameter model itself (``Parameter``, ``ParameterError``, ``DATA_PARAMETER``, ...) lives
in :mod:`vmo_lib.pipeline.parameters`; the names below are re-exported for existing imports.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from vmo_lib.pipeline.parameters import (
    DATA_PARAMETER,
    ORGANISATION_PARAMETER,
    OUTPUT_DIR_PARAMETER,
    NotebookParameters,
    ParameterError,
    ParameterValues,
    check_names,
    check_value,
    convert_text,
    raise_problems,
    unknown_names,
)

__all__ = [
    "DATA_PARAMETER",
    "OUTPUT_DIR_PARAMETER",
    "ParameterError",
    "ParameterValues",
    "check_data_sources",
    "check_names",
    "check_value",
    "convert_text",
    "localise_data",
    "missing_requirements",
    "resolve_parameters",
]


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
    problems = unknown_names([*typed, *text], spec.names, where)
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
            given[name] = (
                convert_text(parameter, str(value)) if as_text else check_value(parameter, value)
            )
        except ParameterError as exc:
            problems.append(str(exc))
    raise_problems(problems)
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
