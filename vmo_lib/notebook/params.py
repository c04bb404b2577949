"""Type names used in the ``parameters`` cell of every workbook notebook.

A notebook declares its parameters as annotated assignments, for example::

    as_of: Date = "2026-09-30"  # analysis date (YYYY-MM-DD); data after it is ignored
    eac_method: Choice["cpi", "atypical", "cpi_spi"] = "cpi"  # how EAC is forecast
    top_n: Between[1, 100] = 10  # projects listed in the priority table

The report runner reads these declarations from the notebook source (with ``ast``, never by
executing it), so the names below only have to make the cell run unchanged in JupyterLab and
read well to a type checker. This module is imported by every notebook kernel: keep it tiny
and free of heavy imports.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Literal

__all__ = ["Between", "Choice", "Date", "FilePath", "Interval"]

#: An ISO calendar date written as text, ``YYYY-MM-DD`` (e.g. ``"2026-09-30"``).
Date = Annotated[str, "ISO date YYYY-MM-DD"]

#: A file or folder the notebook reads, e.g. ``"my_model.csv"``. A relative path given to
#: ``vmo run`` or ``vmo handouts`` is taken from where the command was typed, not from the
#: notebooks folder the kernel runs in.
FilePath = Annotated[str, "path to a file or folder"]

#: One value out of a fixed list: ``Choice["cpi", "atypical"]`` (an alias of ``Literal``).
Choice = Literal


@dataclass(frozen=True)
class Interval:
    """Inclusive numeric bounds attached to a :data:`Between` annotation."""

    low: float
    high: float


class Between:
    """A number within inclusive bounds: ``Between[0, 0.5]``.

    The runner treats the parameter as an ``int`` when its default is an int and as a
    ``float`` otherwise. At runtime ``Between[lo, hi]`` is ``Annotated[float, Interval(lo, hi)]``
    (an int is an acceptable float), so the annotation evaluates cleanly in a kernel.
    """

    def __init__(self) -> None:
        raise TypeError("Between is used as an annotation only: write Between[low, high]")

    def __class_getitem__(cls, bounds: tuple[float, float]) -> object:
        """Return ``Annotated[float, Interval(low, high)]`` for ``Between[low, high]``."""
        if not isinstance(bounds, tuple) or len(bounds) != 2:
            raise TypeError("Between takes two bounds: Between[low, high]")
        low, high = bounds
        return Annotated[float, Interval(low, high)]
