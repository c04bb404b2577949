"""Answers out of a trainee's kernel as plain data, and back into values the checks read.

Why: the grader must judge the trainee's *values*, not anything the notebook printed or
recorded (a cell can print a forged "passed"). After a notebook has run, the grader asks its
kernel for the answer variables; :func:`dump_answers` (run inside the kernel) turns each into
JSON made of plain numbers, text and lists, and :func:`load_answer` (in the grader) rebuilds a
number, text, list, dict, numpy array, pandas Series or table from it. Nothing of the
trainee's own classes survives the trip (a float subclass that claims to equal everything
arrives as a float), and nothing is unpickled.

>>> import pandas as pd
>>> load_answer(encode(pd.Series([1.5], index=["P-1"]))).to_dict()
{'P-1': 1.5}
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["MISSING", "Missing", "dump_answers", "encode", "load_answer", "load_answers"]

#: Items kept of a list, Series or table (a workshop answer is far smaller).
MAX_ITEMS = 20_000
#: Characters kept of a text.
MAX_TEXT = 20_000
_DEPTH = 4


class Missing:
    """The value of a variable the trainee's kernel does not have (never assigned)."""

    def __repr__(self) -> str:
        return "MISSING"


MISSING = Missing()


def _scalar(value: Any) -> Any:
    if isinstance(value, bool | np.bool_):
        return {"t": "bool", "v": bool(value)}
    if isinstance(value, int | np.integer):
        return {"t": "int", "v": str(int(value))}
    if isinstance(value, float | np.floating):
        number = float(value)
        return {"t": "float", "v": repr(number) if math.isfinite(number) else str(number)}
    if isinstance(value, str):
        return {"t": "str", "v": str.__str__(value)[:MAX_TEXT]}
    if value is None:
        return {"t": "none"}
    if value is Ellipsis:
        return {"t": "ellipsis"}
    return None


def _label(value: Any) -> Any:
    """An index label as plain JSON (text, number or flag)."""
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, int | np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        return float(value) if math.isfinite(float(value)) else str(float(value))
    return str(value)


def encode(value: Any, depth: int = 0) -> dict[str, Any]:
    """``value`` as a JSON-ready dict tagged with its kind (see module doc)."""
    plain = _scalar(value)
    if plain is not None:
        return plain
    if depth >= _DEPTH:
        return {"t": "other", "type": type(value).__name__}
    if isinstance(value, pd.Series):
        items = value.iloc[:MAX_ITEMS]
        return {
            "t": "series",
            "index": [_label(i) for i in items.index],
            "values": [encode(v, depth + 1) for v in items.tolist()],
            "bool": bool(pd.api.types.is_bool_dtype(items.dtype)),
        }
    if isinstance(value, pd.DataFrame):
        frame = value.iloc[:MAX_ITEMS, :100]
        return {
            "t": "frame",
            "index": [_label(i) for i in frame.index],
            "columns": [_label(c) for c in frame.columns],
            "rows": [[encode(v, depth + 2) for v in row] for row in frame.itertuples(index=False)],
        }
    if isinstance(value, pd.Index):
        return {"t": "index", "items": [encode(v, depth + 1) for v in value[:MAX_ITEMS].tolist()]}
    if isinstance(value, np.ndarray):
        flat = value.reshape(-1)[:MAX_ITEMS]
        return {
            "t": "array",
            "shape": list(value.shape) if value.size <= MAX_ITEMS else [len(flat)],
            "items": [encode(v, depth + 1) for v in flat.tolist()],
        }
    if isinstance(value, Mapping):
        pairs = list(value.items())[:MAX_ITEMS]
        return {"t": "dict", "items": [[_label(k), encode(v, depth + 1)] for k, v in pairs]}
    if isinstance(value, list | tuple | set | frozenset):
        kind = "list" if isinstance(value, list) else type(value).__name__
        kind = kind if kind in ("list", "tuple", "set", "frozenset") else "list"
        members = list(value)[:MAX_ITEMS]
        return {"t": kind, "items": [encode(v, depth + 1) for v in members]}
    return {"t": "other", "type": type(value).__name__}


def dump_answers(namespace: Mapping[str, Any], names: Iterable[str]) -> str:
    """Inside the kernel: the variables ``names`` of ``namespace`` as one JSON text
    (``{"t": "missing"}`` for a name never assigned; a value that fails to encode is
    described by its type)."""
    found: dict[str, Any] = {}
    for name in names:
        if name not in namespace:
            found[name] = {"t": "missing"}
            continue
        try:
            found[name] = encode(namespace[name])
        except Exception as exc:
            found[name] = {"t": "other", "type": f"unreadable ({type(exc).__name__})"}
    return json.dumps(found)


class Unreadable:
    """A value the kernel could not send as plain data (an object of another kind)."""

    def __init__(self, kind: str) -> None:
        self.kind = kind

    def __repr__(self) -> str:
        return f"<{self.kind}>"


def load_answer(data: Any) -> Any:
    """The value a dict of :func:`encode` stands for (``MISSING`` for a missing name)."""
    if not isinstance(data, dict):
        return Unreadable("malformed")
    kind = data.get("t")
    if kind == "missing":
        return MISSING
    simple = {
        "bool": lambda: bool(data["v"]),
        "int": lambda: int(data["v"]),
        "float": lambda: float(data["v"]),
        "str": lambda: str(data["v"]),
        "none": lambda: None,
        "ellipsis": lambda: Ellipsis,
    }
    if kind in simple:
        return simple[kind]()
    if kind == "series":
        values = [load_answer(v) for v in data["values"]]
        dtype = bool if data.get("bool") else None
        series = pd.Series(values, index=pd.Index(data["index"], dtype=object), dtype=dtype)
        return series if dtype else series.infer_objects()
    if kind == "frame":
        rows = [[load_answer(v) for v in row] for row in data["rows"]]
        frame = pd.DataFrame(rows, index=data["index"], columns=data["columns"])
        return frame.infer_objects()
    if kind == "index":
        return pd.Index([load_answer(v) for v in data["items"]])
    if kind == "array":
        items = [load_answer(v) for v in data["items"]]
        array = np.array(items)
        try:
            return array.reshape(data["shape"])
        except ValueError:
            return array
    if kind == "dict":
        return {k: load_answer(v) for k, v in data["items"]}
    if kind in ("list", "tuple", "set", "frozenset"):
        items = [load_answer(v) for v in data["items"]]
        if kind == "list":
            return items
        try:
            return {"tuple": tuple, "set": set, "frozenset": frozenset}[kind](items)
        except TypeError:
            return items
    return Unreadable(str(data.get("type", "unknown")))


def load_answers(text: str) -> dict[str, Any]:
    """Every variable of a :func:`dump_answers` text, rebuilt."""
    content = json.loads(text)
    if not isinstance(content, dict):
        raise ValueError("the kernel's answers are not a JSON object")
    return {str(name): load_answer(value) for name, value in content.items()}
