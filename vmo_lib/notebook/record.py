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
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, get_args

__all__ = [
    "RECORD_MIME",
    "Figure",
    "is_record_output",
    "read_figures",
    "read_records",
    "record",
    "record_all",
]

#: MIME type of a recorded value: ``{"name": ..., "value": ...}``.
RECORD_MIME = "application/vnd.vmo.record+json"


#: How the handouts index shows a recorded number.
Unit = Literal["percent", "money", "ratio", "count", "number", "level", "text"]
UNITS: tuple[str, ...] = get_args(Unit)


@dataclass(frozen=True)
class Figure:
    """A recorded key figure: its name, the label a reader sees, its value and unit."""

    name: str
    value: object
    label: str = ""
    unit: str = ""
    headline: bool = False


def record(
    name: str,
    value: object,
    *,
    label: str = "",
    unit: Unit | None = None,
    headline: bool = False,
) -> None:
    """Record ``value`` (JSON-able; numpy/pandas scalars accepted) under ``name``.

    ``label`` is what the handouts index shows (default: the name with spaces), and ``unit``
    how it formats the value: ``percent`` for a share 0-1, ``money``, ``ratio``, ``count``,
    ``number``, ``level`` (maturity 1-5) or ``text``. ``headline`` figures come first on the
    index (otherwise figures keep the order they were recorded in). Raises ``TypeError``
    straight away for a value that cannot be stored as JSON, and ``ValueError`` for an unknown
    unit.

    >>> record("on_time_rate", 0.513, label="On time", unit="percent")  # doctest: +SKIP
    """
    from IPython.display import display

    if not isinstance(name, str) or not name:
        raise TypeError("record() needs a non-empty string name")
    if unit is not None and unit not in UNITS:
        raise ValueError(f"record() unit must be one of {', '.join(UNITS)}, got {unit!r}")
    payload = {"name": name, "value": _json_value(value), "label": label, "unit": unit or ""}
    if headline:
        payload["headline"] = True
    display({RECORD_MIME: payload, "text/plain": ""}, raw=True)


def record_all(figures: Iterable[Figure]) -> None:
    """Record every figure in ``figures``, in order: the one call a notebook makes per result.

    Results that a notebook records know their own key figures (a ``recorded()`` method
    returning :class:`Figure` objects), so a notebook writes ``record_all(health.recorded())``
    instead of assembling names, labels and units by hand.

    >>> record_all([Figure("on_time_rate", 0.51, "On time", "percent")])  # doctest: +SKIP
    """
    for figure in figures:
        record(
            figure.name,
            figure.value,
            label=figure.label,
            unit=figure.unit or None,  # type: ignore[arg-type]
            headline=figure.headline,
        )


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
    return {name: figure.value for name, figure in read_figures(nb).items()}


def read_figures(nb: Mapping[str, Any] | str | Path) -> dict[str, Figure]:
    """Like :func:`read_records`, with each figure's label and unit."""
    content: Mapping[str, Any] = (
        nb if isinstance(nb, Mapping) else json.loads(Path(nb).read_text(encoding="utf-8"))
    )
    figures: dict[str, Figure] = {}
    for cell in content.get("cells", []):
        for output in cell.get("outputs", []) if cell.get("cell_type") == "code" else []:
            if is_record_output(output):
                payload = output["data"][RECORD_MIME]
                if isinstance(payload, str):  # nbformat may store JSON as text
                    payload = json.loads(payload)
                name = str(payload["name"])
                value = json.loads(json.dumps(payload["value"]))  # plain types, not NotebookNode:
                # a result sent to the parent process must not make it import nbformat (1 s)
                figures[name] = Figure(
                    name,
                    value,
                    payload.get("label", ""),
                    payload.get("unit", ""),
                    bool(payload.get("headline", False)),
                )
    return figures
