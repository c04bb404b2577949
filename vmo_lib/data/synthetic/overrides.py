"""Optional override columns of a portfolio mix: hand-written values that win over draws.

Why: the case study fixes some numbers and texts of its story (a BAC, a comment) while the
generator draws the rest; the draws still happen, so the random stream stays the same.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd


def given_numbers(mix: pd.DataFrame, column: str, drawn: np.ndarray) -> np.ndarray:
    """``drawn`` with the non-blank values of an optional override column of ``mix``."""
    if column not in mix:
        return drawn
    given = pd.to_numeric(mix[column]).to_numpy(dtype=float)
    return np.where(np.isnan(given), drawn, given)


def given_texts(mix: pd.DataFrame, column: str, drawn: Sequence[object]) -> list[object]:
    """``drawn`` texts with an optional override column of ``mix``: NaN keeps the drawn text,
    ``""`` forces a blank (NaN), anything else replaces it."""
    if column not in mix:
        return list(drawn)
    out: list[object] = []
    for given, value in zip(mix[column], drawn, strict=True):
        if isinstance(given, str):
            out.append(given if given else np.nan)
        else:
            out.append(value)
    return out
