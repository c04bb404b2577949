"""Record key figures in a notebook and read them back from the executed notebook.

Inside a notebook, ``record("on_budget_share", 0.62)`` stores a JSON value as an output with
its own MIME type and an empty text fallback, so nothing shows in JupyterLab. After a headless
run, :func:`read_records` collects those values, which is how the handouts index shows each
notebook's headline numbers without parsing HTML. Handout export drops these outputs.

This module is imported by notebook kernels: it only needs ``IPython.display`` at call time.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

__all__ = ["RECORD_MIME", "is_record_output", "read_records", "record"]

#: MIME type of a recorded value: ``{"name": ..., "value": ...}``.
RECORD_MIME = "application/vnd.vmo.record+json"


def record(name: str, value: object) -> None:
    """Record ``value`` (JSON-able; numpy/pandas scalars accepted) under ``name``.

    Raises ``TypeError`` straight away for a value that cannot be stored as JSON, rather
    than when the handouts index is built.
    """
    from IPython.display import display

    if not isinstance(name, str) or not name:
        raise TypeError("record() needs a non-empty string name")
    payload = {"name": name, "value": _json_value(value)}
    display({RECORD_MIME: payload, "text/plain": ""}, raw=True)


def _json_value(value: object) -> Any:
    """Round-trip ``value`` through JSON, turning numpy/pandas scalars into Python ones.

    Non-finite floats (NaN, infinity) become ``None``: JSON has no spelling for them.
    """

    def builtin(obj: object) -> object:
        for method in ("item", "tolist", "isoformat"):
            if callable(getattr(obj, method, None)):
                return getattr(obj, method)()
        raise TypeError(f"record() needs a JSON-able value, got {type(obj).__name__}")

    return _finite(json.loads(json.dumps(value, default=builtin)))


def _finite(value: Any) -> Any:
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, list):
        return [_finite(v) for v in value]
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    return value


def is_record_output(output: Mapping[str, Any]) -> bool:
    """Whether a notebook output is a recorded value (and so never shown in a handout)."""
    data = output.get("data")
    return isinstance(data, Mapping) and RECORD_MIME in data


def read_records(nb: Mapping[str, Any] | str | Path) -> dict[str, object]:
    """Every value recorded in an executed notebook (a notebook node, or a path to one).

    When a name was recorded more than once, the last value wins, as in the notebook itself.
    """
    if not isinstance(nb, Mapping):
        nb = json.loads(Path(nb).read_text(encoding="utf-8"))
    records: dict[str, object] = {}
    for cell in nb.get("cells", []):
        for output in cell.get("outputs", []) if cell.get("cell_type") == "code" else []:
            if is_record_output(output):
                payload = output["data"][RECORD_MIME]
                if isinstance(payload, str):  # nbformat may store JSON as text
                    payload = json.loads(payload)
                records[str(payload["name"])] = payload["value"]
    return records
