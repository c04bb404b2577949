"""Read a notebook's parameter declarations without executing it.

Every workbook notebook has exactly one code cell tagged ``parameters`` (papermill's
convention) made of annotated assignments with a trailing help comment::

    top_n: Between[1, 100] = 10  # projects listed in the priority table

:func:`read_parameters` parses that cell with :mod:`ast` and :mod:`tokenize` and returns one
:class:`Parameter` per line, so the command line can list, convert and validate values before
any kernel starts. A malformed cell raises :class:`ParameterCellError` naming the notebook and
the line, because a silent mistake there would only surface halfway through a workshop.

The declarations themselves (:class:`Parameter`, :class:`NotebookParameters`) and the value
checks are the parameter model in :mod:`vmo_lib.pipeline.parameters`; they are re-exported here
for existing imports. The notebook's metadata (``requires``, ``relative_cost``) is read here too.
"""

from __future__ import annotations

import ast
import io
import json
import tokenize
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from vmo_lib.pipeline.parameters import (
    NotebookParameters,
    Parameter,
    ParameterCellError,
    ParameterError,
    ParamKind,
    check_value,
)

__all__ = [
    "PARAMETERS_TAG",
    "NotebookParameters",
    "ParamKind",
    "Parameter",
    "ParameterCellError",
    "load_notebook_json",
    "parse_parameter_cell",
    "read_parameters",
    "read_relative_cost",
    "read_requirements",
]

PARAMETERS_TAG = "parameters"

_PLAIN_TYPES: dict[str, ParamKind] = {
    "str": "str",
    "int": "int",
    "float": "float",
    "bool": "bool",
    "Date": "date",
    "FilePath": "path",
}
_CHOICE_NAMES = frozenset({"Choice", "Literal"})


def read_requirements(content: dict[str, Any], where: str = "notebook") -> tuple[str, ...]:
    """The tables a notebook cannot do without, from its metadata ``{"vmo": {"requires": []}}``.

    Read without executing the notebook, like the parameters, so a build can skip a notebook
    whose data is missing instead of failing it. Unknown table names are an error.
    """
    from vmo_lib.data.schema import TABLES_BY_NAME

    requires = tuple(content.get("metadata", {}).get("vmo", {}).get("requires", ()))
    unknown = [t for t in requires if t not in TABLES_BY_NAME]
    if unknown:
        raise ParameterCellError(f"{where}: metadata vmo.requires names unknown tables {unknown}")
    return requires


def read_relative_cost(content: dict[str, Any]) -> float:
    """How long a notebook runs compared with a typical one, from ``{"vmo": {"relative_cost":
    5}}`` (default 1). A build starts its costliest notebooks first, so that on two workers
    the long one runs beside the short ones instead of after them.

    >>> read_relative_cost({"metadata": {"vmo": {"relative_cost": 5}}}), read_relative_cost({})
    (5.0, 1.0)
    """
    cost = content.get("metadata", {}).get("vmo", {}).get("relative_cost", 1)
    return float(cost) if isinstance(cost, int | float) and cost > 0 else 1.0


def read_parameters(
    notebook: str | Path, *, content: Mapping[str, object] | None = None
) -> NotebookParameters:
    """Read the parameter declarations of a notebook file.

    Pass ``content`` (the notebook's parsed JSON) when it is already loaded, to avoid reading
    the file again. Raises :class:`ParameterCellError` unless the notebook has exactly one
    ``parameters`` cell whose every statement is a ``name: type = default  # help`` line.
    """
    path = Path(notebook)
    nb = content if content is not None else load_notebook_json(path)
    cells = nb.get("cells", [])
    if not isinstance(cells, Sequence):
        raise ParameterCellError(f"{path.name}: not a notebook file (no list of cells)")
    tagged = [i for i, cell in enumerate(cells) if _is_parameters_cell(cell)]
    if len(tagged) != 1:
        found = "no cell" if not tagged else f"{len(tagged)} cells (cells {_numbers(tagged)})"
        raise ParameterCellError(
            f"{path.name}: expected exactly one code cell tagged 'parameters', found {found}"
        )
    index = tagged[0]
    source = _source_text(cells[index])
    where = f"{path.name}, parameters cell (cell {index + 1})"
    return NotebookParameters(path, parse_parameter_cell(source, where=where), index)


def load_notebook_json(path: Path) -> dict[str, object]:
    """A notebook file's JSON, read without nbformat (the command line stays fast)."""
    try:
        content = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ParameterCellError(f"{Path(path).name}: cannot read notebook ({exc})") from exc
    if not isinstance(content, dict):
        raise ParameterCellError(f"{Path(path).name}: not a notebook file")
    return content


def parse_parameter_cell(source: str, *, where: str = "parameters cell") -> tuple[Parameter, ...]:
    """Parse the source of a parameters cell into declarations.

    ``where`` prefixes error messages (e.g. the notebook name) so they say where to look.
    """
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        raise ParameterCellError(f"{where}, line {exc.lineno}: invalid Python ({exc.msg})") from exc
    comments = _trailing_comments(source)
    parameters: list[Parameter] = []
    for statement in tree.body:
        parameter = _declaration(statement, comments, source, where)
        if any(p.name == parameter.name for p in parameters):
            raise ParameterCellError(
                f"{where}, line {statement.lineno}: parameter {parameter.name!r} is declared twice"
            )
        parameters.append(parameter)
    return tuple(parameters)


def _is_parameters_cell(cell: object) -> bool:
    if not isinstance(cell, Mapping) or cell.get("cell_type") != "code":
        return False
    metadata = cell.get("metadata", {})
    tags = metadata.get("tags", []) if isinstance(metadata, Mapping) else []
    return PARAMETERS_TAG in tags


def _source_text(cell: Mapping[str, object]) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def _numbers(indices: Sequence[int]) -> str:
    return ", ".join(str(i + 1) for i in indices)


def _trailing_comments(source: str) -> dict[int, str]:
    """Comments that follow code on their line, by line number (full-line comments skipped)."""
    comments: dict[int, str] = {}
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT and not token.line.lstrip().startswith("#"):
            comments[token.start[0]] = token.string.lstrip("#").strip()
    return comments


def _declaration(
    statement: ast.stmt, comments: Mapping[int, str], source: str, where: str
) -> Parameter:
    """Turn one statement of the cell into a :class:`Parameter`, or explain why it is not one."""
    line = statement.lineno
    at = f"{where}, line {line}"
    if not (
        isinstance(statement, ast.AnnAssign)
        and isinstance(statement.target, ast.Name)
        and statement.value is not None
    ):
        code = (ast.get_source_segment(source, statement) or "").splitlines()[0]
        raise ParameterCellError(
            f"{at}: {code!r} is not a parameter declaration (write `name: type = default  # help`)"
        )
    name = statement.target.id
    end = statement.end_lineno or line
    help_text = next((comments[n] for n in range(end, line - 1, -1) if comments.get(n)), "")
    if not help_text:
        raise ParameterCellError(f"{at}: parameter {name!r} has no help comment (`# what it does`)")
    try:
        default = ast.literal_eval(statement.value)
    except ValueError as exc:
        raise ParameterCellError(f"{at}: the default of {name!r} must be a literal value") from exc
    kind, choices, bounds = _annotation(statement.annotation, default, f"{at}: {name!r}")
    parameter = Parameter(name, kind, default, help_text, choices, bounds, line)
    try:
        check_value(parameter, default)
    except ParameterError as exc:
        raise ParameterCellError(f"{at}: invalid default: {exc}") from exc
    return parameter


def _annotation(
    node: ast.expr, default: object, what: str
) -> tuple[ParamKind, tuple[object, ...], tuple[float, float] | None]:
    """Read an annotation into (kind, choices, bounds)."""
    if isinstance(node, ast.Name) and node.id in _PLAIN_TYPES:
        return _PLAIN_TYPES[node.id], (), None
    if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name):
        items = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
        try:
            values = tuple(ast.literal_eval(item) for item in items)
        except ValueError as exc:
            raise ParameterCellError(f"{what}: type arguments must be literal values") from exc
        if node.value.id in _CHOICE_NAMES:
            if not values or not all(isinstance(v, str | int | float) for v in values):
                raise ParameterCellError(f"{what}: Choice[...] takes one or more literal values")
            return "choice", values, None
        if node.value.id == "Between":
            numeric = all(isinstance(v, int | float) and not isinstance(v, bool) for v in values)
            if len(values) != 2 or not numeric or values[0] > values[1]:
                raise ParameterCellError(f"{what}: write Between[low, high] with low <= high")
            is_int = isinstance(default, int) and not isinstance(default, bool)
            return ("int" if is_int else "float"), (), (values[0], values[1])
    raise ParameterCellError(
        f"{what}: unsupported type {ast.unparse(node)!r} "
        "(use str, int, float, bool, Date, FilePath, Choice[...] or Between[low, high])"
    )
