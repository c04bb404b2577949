(
    """From one source notebook per exercise to a trainee version and a solution version.

The source holds the solutions between marker lines, as nbgrader does:

* in a code cell, the lines between ``### BEGIN SOLUTION`` and ``### END SOLUTION`` are the
  solution. The trainee version replaces them with a placeholder for the answer, the last
  variable the solution assigns (``cpi = ...  # your code here``; for a text answer
  ``blind_spots = """
    """  # write your answer between the triple quotes``);
* in a markdown cell, the lines between ``<!-- BEGIN SOLUTION -->`` and
  ``<!-- END SOLUTION -->`` are removed from the trainee version;
* a cell tagged ``solution`` appears only in the solution version.

The solution version keeps everything but the marker lines. Both versions leave the source
without outputs, execution counts or metadata other than the cell tags and the notebook's
kernel and ``vmo`` entries, so no solution travels in an output or a metadata field.
:func:`leaked_lines` double-checks that no solution line survives in a trainee version.

>>> cell = {"cell_type": "code", "metadata": {}, "source":
...         "### BEGIN SOLUTION\\nx = 1 + 1\\n### END SOLUTION\\ncheck(x)"}
>>> trainee_cell(cell, 1)["source"]
'x = ...  # your code here\\ncheck(x)'
"""
)

from __future__ import annotations

import ast
import copy
import textwrap
from collections.abc import Iterable, Mapping
from typing import Any

from vmo_lib.errors import VmoError

__all__ = [
    "CODE_BEGIN",
    "CODE_END",
    "MARKDOWN_BEGIN",
    "MARKDOWN_END",
    "SOLUTION_TAG",
    "SourceError",
    "leaked_lines",
    "notebook_text",
    "solution_lines",
    "solution_notebook",
    "trainee_cell",
    "trainee_notebook",
]

CODE_BEGIN, CODE_END = "### BEGIN SOLUTION", "### END SOLUTION"
MARKDOWN_BEGIN, MARKDOWN_END = "<!-- BEGIN SOLUTION -->", "<!-- END SOLUTION -->"
SOLUTION_TAG = "solution"
_KEPT_NOTEBOOK_METADATA = ("kernelspec", "language_info", "vmo")
#: Solution lines shorter than this are too generic to count as a leak (``)``, ``else:``).
_MIN_LEAK_LENGTH = 12

Notebook = dict[str, Any]


class SourceError(VmoError, ValueError):
    """A source notebook's solution markers are unbalanced."""


def _text(cell: Mapping[str, Any]) -> str:
    source = cell.get("source", "")
    return source if isinstance(source, str) else "".join(source)


def _markers(cell: Mapping[str, Any]) -> tuple[str, str]:
    if cell.get("cell_type") == "markdown":
        return MARKDOWN_BEGIN, MARKDOWN_END
    return CODE_BEGIN, CODE_END


def _split(cell: Mapping[str, Any], number: int) -> list[tuple[bool, list[str]]]:
    """The cell's lines as (inside a solution?, lines) blocks; raises on unbalanced markers."""
    begin, end = _markers(cell)
    blocks: list[tuple[bool, list[str]]] = [(False, [])]
    for line in _text(cell).splitlines():
        marker = line.strip()
        if marker == begin:
            if blocks[-1][0]:
                raise SourceError(f"cell {number}: '{begin}' inside another solution block")
            blocks.append((True, []))
        elif marker == end:
            if not blocks[-1][0]:
                raise SourceError(f"cell {number}: '{end}' without a matching '{begin}'")
            blocks.append((False, []))
        else:
            blocks[-1][1].append(line)
    if blocks[-1][0]:
        raise SourceError(f"cell {number}: '{begin}' is never closed by '{end}'")
    return blocks


def _tags(cell: Mapping[str, Any]) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def _clean(cell: Mapping[str, Any], source: str) -> dict[str, Any]:
    """A copy of ``cell`` with ``source``, only its tags as metadata, and no outputs."""
    tags = [t for t in _tags(cell) if t != SOLUTION_TAG]
    cleaned: dict[str, Any] = {
        "cell_type": cell["cell_type"],
        "metadata": {"tags": tags} if tags else {},
        "source": source,
    }
    if "id" in cell:
        cleaned["id"] = cell["id"]
    if cell["cell_type"] == "code":
        cleaned["execution_count"] = None
        cleaned["outputs"] = []
    return cleaned


def _placeholder(lines: list[str]) -> list[str]:
    """The placeholder of a solution block: ``name = ...`` for the last variable it assigns."""
    try:
        tree = ast.parse(textwrap.dedent("\n".join(lines)))
    except SyntaxError:
        return ["# your code here"]
    placeholders: dict[str, str] = {}
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else []
        if isinstance(node, ast.AnnAssign | ast.AugAssign):
            targets = [node.target]
        for target in targets:
            if isinstance(target, ast.Name) and target.id not in placeholders:
                text = isinstance(node, ast.Assign) and _is_text(node.value)
                placeholders[target.id] = (
                    f'{target.id} = """ """  # write your answer between the triple quotes'
                    if text
                    else f"{target.id} = ...  # your code here"
                )
    # Only the answer (the last variable assigned): the intermediate names would show the way.
    return list(placeholders.values())[-1:] or ["# your code here"]


def _is_text(value: ast.expr) -> bool:
    return isinstance(value, ast.JoinedStr) or (
        isinstance(value, ast.Constant) and isinstance(value.value, str)
    )


def trainee_cell(cell: Mapping[str, Any], number: int) -> dict[str, Any] | None:
    """The trainee version of a source cell (``None`` when the whole cell is a solution)."""
    if SOLUTION_TAG in _tags(cell):
        return None
    lines: list[str] = []
    for inside, block in _split(cell, number):
        if not inside:
            lines += block
        elif cell.get("cell_type") == "code":
            indent = next((b[: len(b) - len(b.lstrip())] for b in block if b.strip()), "")
            lines += [indent + p for p in _placeholder(block)]
    return _clean(cell, "\n".join(lines).strip("\n"))


def _solution_cell(cell: Mapping[str, Any], number: int) -> dict[str, Any]:
    lines = [line for _, block in _split(cell, number) for line in block]
    return _clean(cell, "\n".join(lines).strip("\n"))


def _notebook(source: Mapping[str, Any], cells: Iterable[dict[str, Any] | None]) -> Notebook:
    metadata = source.get("metadata", {})
    return {
        "cells": [c for c in cells if c is not None],
        "metadata": {
            k: copy.deepcopy(metadata[k]) for k in _KEPT_NOTEBOOK_METADATA if k in metadata
        },
        "nbformat": source.get("nbformat", 4),
        "nbformat_minor": source.get("nbformat_minor", 5),
    }


def trainee_notebook(source: Mapping[str, Any]) -> Notebook:
    """The trainee version of a source notebook (JSON dict): solutions replaced or removed."""
    cells = source.get("cells", [])
    return _notebook(source, (trainee_cell(c, i) for i, c in enumerate(cells, 1)))


def solution_notebook(source: Mapping[str, Any]) -> Notebook:
    """The solution version: the source without its marker lines, outputs and extra metadata."""
    cells = source.get("cells", [])
    return _notebook(source, (_solution_cell(c, i) for i, c in enumerate(cells, 1)))


def solution_lines(source: Mapping[str, Any]) -> set[str]:
    """The distinctive lines of the source's solutions (stripped; long enough to identify;
    not also written outside a solution, e.g. a check call quoting a variable)."""
    inside: set[str] = set()
    outside: set[str] = set()
    placeholders: list[str] = []
    for number, cell in enumerate(source.get("cells", []), 1):
        whole = SOLUTION_TAG in _tags(cell)
        for in_block, block in _split(cell, number):
            target = inside if (in_block or whole) else outside
            target.update(line.strip() for line in block if line.strip())
            if in_block and cell.get("cell_type") == "code":
                placeholders += _placeholder(block)
    return {
        line
        for line in inside - outside
        if len(line) >= _MIN_LEAK_LENGTH and not any(line in p for p in placeholders)
    }


def leaked_lines(source: Mapping[str, Any], text: str) -> list[str]:
    """The solution lines of ``source`` that appear in ``text`` (a trainee notebook or page)."""
    return sorted(line for line in solution_lines(source) if line in text)


def notebook_text(content: object) -> str:
    """Every string of a notebook's JSON (sources, outputs, metadata), one per line, decoded,
    so a leak search sees text wherever it hides."""
    if isinstance(content, str):
        return content
    if isinstance(content, Mapping):
        return "\n".join(notebook_text(k) + "\n" + notebook_text(v) for k, v in content.items())
    if isinstance(content, list | tuple):
        pieces = [notebook_text(v) for v in content]
        if all(isinstance(v, str) for v in content):  # a source stored as a list of lines
            return "".join(pieces)
        return "\n".join(pieces)
    return ""
