"""Safe arithmetic on export columns: the ``expr`` of a mapping rule.

A mapping can derive a workbook column from a simple formula over the export's own columns,
e.g. ``PlannedCost + Cost_Variance``. The text is parsed with :mod:`ast` and only a small
whitelist is accepted: numbers, column names, ``+ - * / **``, parentheses and the functions
``abs``, ``min``, ``max`` and ``round``. Anything else (attribute access, indexing, strings,
comparisons, other calls) is refused with a message before any data is read, and the formula
is then evaluated by walking the tree over pandas Series: Python's ``eval`` is never used.

Column names that are not Python identifiers (``Planned Cost ($ M)``) are written between
backticks, as in :meth:`pandas.DataFrame.query`: ```Planned Cost ($ M)` * 1000``.

>>> e = compile_expression("`Planned Cost ($ M)` + abs(Variance)")
>>> sorted(e.columns)
['Planned Cost ($ M)', 'Variance']
>>> frame = pd.DataFrame({"Planned Cost ($ M)": [1.0, 2.0], "Variance": [-0.5, 0.25]})
>>> e.evaluate(frame).tolist()
[1.5, 2.25]
"""

from __future__ import annotations

import ast
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from vmo_lib.errors import VmoError

__all__ = ["FUNCTIONS", "Expression", "ExpressionError", "compile_expression"]

_BACKTICK = re.compile(r"`([^`]*)`")
_BINARY = {
    ast.Add: lambda a, b: a + b,
    ast.Sub: lambda a, b: a - b,
    ast.Mult: lambda a, b: a * b,
    ast.Div: lambda a, b: a / b,
    ast.Pow: lambda a, b: a**b,
}
#: Functions an expression may call, with the number of arguments each accepts.
FUNCTIONS: dict[str, tuple[int, int]] = {
    "abs": (1, 1),
    "min": (2, 9),
    "max": (2, 9),
    "round": (1, 2),
}


class ExpressionError(VmoError, ValueError):
    """An expression uses something outside the whitelist; the message says what."""


@dataclass(frozen=True)
class Expression:
    """A checked expression: its text, the export columns it reads, and its parsed tree."""

    text: str
    columns: frozenset[str]
    tree: ast.Expression
    names: Mapping[str, str]

    def evaluate(self, frame: pd.DataFrame) -> pd.Series:
        """The value per row (float; NaN where an input is blank, inf after a division by 0)."""
        with np.errstate(all="ignore"):
            result = _evaluate(self.tree.body, frame, self.names)
        if not isinstance(result, pd.Series):
            return pd.Series(float(result), index=frame.index)
        return result.astype(float)


def compile_expression(text: str) -> Expression:
    """Parse and check ``text``; raise :class:`ExpressionError` naming what is not allowed."""
    names: dict[str, str] = {}

    def placeholder(match: re.Match[str]) -> str:
        key = f"__column_{len(names)}__"
        names[key] = match.group(1)
        return key

    source = _BACKTICK.sub(placeholder, str(text))
    if "`" in source:
        raise ExpressionError(f"unbalanced backtick in {text!r}")
    try:
        tree = ast.parse(source.strip(), mode="eval")
    except SyntaxError:
        raise ExpressionError(f"{text!r} is not a formula (check brackets and operators)") from None
    columns: set[str] = set()
    for node in ast.walk(tree):
        _check(node, text)
        if isinstance(node, ast.Name) and not _is_function(node, tree):
            names.setdefault(node.id, node.id)
            columns.add(names[node.id])
    return Expression(str(text), frozenset(columns), tree, names)


def _is_function(name: ast.Name, tree: ast.Expression) -> bool:
    return any(isinstance(n, ast.Call) and n.func is name for n in ast.walk(tree))


def _check(node: ast.AST, text: str) -> None:
    allowed = (ast.Expression, ast.BinOp, ast.UnaryOp, ast.Name, ast.Load, ast.Call, ast.Constant)
    if isinstance(node, ast.operator | ast.unaryop):
        if type(node) not in _BINARY and not isinstance(node, ast.UAdd | ast.USub):
            raise ExpressionError(f"{text!r}: only + - * / ** are allowed")
        return
    if not isinstance(node, allowed):
        raise ExpressionError(
            f"{text!r}: only numbers, column names, + - * / **, brackets and "
            f"{', '.join(FUNCTIONS)} are allowed"
        )
    if isinstance(node, ast.Constant) and (
        isinstance(node.value, bool) or not isinstance(node.value, int | float)
    ):
        raise ExpressionError(f"{text!r}: {node.value!r} is not a number")
    if isinstance(node, ast.Call):
        name = node.func.id if isinstance(node.func, ast.Name) else None
        if name not in FUNCTIONS or node.keywords:
            raise ExpressionError(
                f"{text!r}: the only functions are {', '.join(FUNCTIONS)} (no keyword arguments)"
            )
        low, high = FUNCTIONS[name]
        if not low <= len(node.args) <= high:
            raise ExpressionError(f"{text!r}: {name}() takes {low} to {high} arguments")


def _evaluate(node: ast.AST, frame: pd.DataFrame, names: Mapping[str, str]) -> pd.Series | float:
    match node:
        case ast.Constant(value=int() | float() as number):  # _check allows numbers only
            return float(number)
        case ast.Name(id=name):
            return frame[names.get(name, name)]
        case ast.UnaryOp(op=ast.USub(), operand=operand):
            return -_evaluate(operand, frame, names)
        case ast.UnaryOp(operand=operand):
            return _evaluate(operand, frame, names)
        case ast.BinOp(left=left, op=op, right=right):
            a, b = _evaluate(left, frame, names), _evaluate(right, frame, names)
            return _BINARY[type(op)](a, b)
        case ast.Call(func=ast.Name(id=function), args=args):
            values = [_evaluate(a, frame, names) for a in args]
            return _call(function, values, frame.index)
    raise ExpressionError(f"cannot evaluate {ast.dump(node)}")  # unreachable after _check


def _call(function: str, values: Sequence[pd.Series | float], index: pd.Index) -> pd.Series:
    series = [v if isinstance(v, pd.Series) else pd.Series(v, index=index) for v in values]
    if function == "abs":
        return series[0].abs()
    if function == "round":
        digits = int(series[1].iloc[0]) if len(series) > 1 and len(index) else 0
        return series[0].round(digits)
    stacked = pd.concat(series, axis=1)
    return (
        stacked.min(axis=1, skipna=False)
        if function == "min"
        else stacked.max(axis=1, skipna=False)
    )
