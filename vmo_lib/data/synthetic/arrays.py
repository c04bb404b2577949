"""Small array helpers shared by the table generators: exact rounding and sequential ids."""

from __future__ import annotations

import numpy as np


def round_within_groups(amounts: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """Round consecutive groups of amounts to whole units so each group keeps its rounded total.

    Why: a BAC of 1,234,567 EUR spread over years must still add up to exactly 1,234,567.
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
