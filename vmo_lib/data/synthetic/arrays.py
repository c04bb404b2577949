"""Array helpers shared by the table generators: exact rounding, sequential ids, and optional
override columns of a portfolio mix, whose hand-written values win over the draws.

Why overrides: the case study fixes some numbers and texts of its story (a BAC, a comment)
while the generator draws the rest; the draws still happen, so the random stream stays the
same.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd


def round_within_groups(amounts: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """Round consecutive groups of amounts to whole units so each group keeps its rounded total.

    Why: a BAC of 1,234,567 (money units) spread over years must still add up to exactly 1,234,567.
    ``sizes`` are the lengths of the consecutive groups in ``amounts``.
    """
    cum = np.cumsum(amounts)
    ends = np.cumsum(sizes)
    before = np.concatenate(([0.0], cum[ends[:-1] - 1])) if len(sizes) else np.array([])
    local = np.round(cum - np.repeat(before, sizes))
    prev = np.concatenate(([0.0], local[:-1]))
    starts = ends - sizes
    prev[starts[sizes > 0]] = 0.0
    return (local - prev).astype(np.int64)


def sequential_ids(prefix: str, count: int, width: int) -> list[str]:
    """Ids ``<prefix>-01`` ... numbered from 1, zero-padded to ``width`` digits."""
    return [f"{prefix}-{i:0{width}d}" for i in range(1, count + 1)]


def given_numbers(mix: pd.DataFrame, column: str, drawn: np.ndarray) -> np.ndarray:
    """``drawn`` with the non-blank values of an optional override column of ``mix``."""
    if column not in mix:
        return drawn
    given = pd.to_numeric(mix[column]).to_numpy(dtype=float)
    return np.where(np.isnan(given), drawn, given)


def given_texts(mix: pd.DataFrame, column: str, drawn: Sequence[object]) -> list[Any]:
    """``drawn`` texts with an optional override column of ``mix``: NaN keeps the drawn text,
    ``""`` forces a blank (NaN), anything else replaces it."""
    if column not in mix:
        return list(drawn)
    out: list[Any] = []
    for given, value in zip(mix[column], drawn, strict=True):
        if isinstance(given, str):
            out.append(given if given else np.nan)
        else:
            out.append(value)
    return out
