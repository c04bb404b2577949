"""EAC ranges: P10, P50 and P90 of each project's estimate at completion, and the portfolio's.

A single EAC (``BAC / CPI``) hides how uncertain it is. The portfolio itself shows how much
cost performance varies from project to project; the range applies that spread to each
project's remaining work.

Method (stated in every output's ``method`` text):

1. **Spread of cost performance.** Take the CPI (``EV / AC``) of every project with earned
   value and actual cost (in flight and closed). Divide each by their median: the *relative
   CPIs* ``r`` (median 1). ``r = 0.8`` means 20 % less efficient than the typical project.
2. **Each project.** The remaining work ``W = max(BAC - EV, 0)`` is assumed to be done at the
   project's own CPI times a relative CPI drawn from the portfolio:
   ``EAC(r) = AC + W / (CPI x r)``. EAC falls as ``r`` rises, so its quantiles are exact, with
   no sampling: ``EAC_P10 = AC + W / (CPI x r_P90)``, ``EAC_P90 = AC + W / (CPI x r_P10)``, and
   ``EAC_P50`` is the usual ``BAC / CPI`` (money, the organisation's currency). A project that
   has spent money but earned nothing has no CPI of its own: its remaining work is costed at
   the portfolio's CPIs themselves (``AC + W / CPI_portfolio``). No work left: ``EAC = AC``.
   Nothing spent yet: blank.
3. **Portfolio.** The portfolio EAC is the sum over projects. Its quantiles come from a
   seeded Monte Carlo: each sample draws a relative CPI for every project independently
   (resampling the portfolio's relative CPIs with replacement), in chunks of samples so memory
   stays bounded. Independence is an assumption: if overruns share a cause they move
   together, and the range widens up to ``comonotone_p10`` / ``comonotone_p90``, the sums of
   the projects' P10 and P90 (all projects at the same quantile).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from vmo_lib.notebook.record import Figure

QUANTILES = (0.1, 0.5, 0.9)
METHOD_TEXT = (
    "each project's remaining work is costed at its own CPI times the spread of CPIs across "
    "the portfolio (each CPI divided by their median): P10 uses the 90th percentile of that "
    "spread (efficient), P90 the 10th (inefficient); the portfolio range adds up projects "
    "drawn independently ({samples:,} seeded samples)"
)


@dataclass(frozen=True)
class EacRanges:
    """EAC ranges (money).

    ``projects``: per project ``project_id``, ``cpi``, ``remaining_work`` (BAC - EV, at
    least 0), ``eac_p10``, ``eac_p50``, ``eac_p90``. ``portfolio``: ``p10``, ``p50``, ``p90``
    of the portfolio EAC (independent projects), ``comonotone_p10``/``comonotone_p90`` (sums
    of project quantiles) and ``point`` (sum of the P50s). ``relative_cpi``: the spread used.
    """

    projects: pd.DataFrame
    portfolio: dict[str, float]
    relative_cpi: np.ndarray
    method: str
    samples: int
    seed: int

    def recorded(self) -> tuple[Figure, ...]:
        """The portfolio's EAC quantiles for the handouts index (money)."""
        return tuple(
            Figure(
                f"portfolio_eac_{key}",
                self.portfolio[key],
                f"Portfolio EAC, {key.upper()}",
                "money",
            )
            for key in ("p10", "p50", "p90")
        )


RANGES_SHOWN = 20
"""Projects shown in notebook 00's EAC range chart and table: the widest ranges."""


@dataclass(frozen=True)
class WidestRanges:
    """The projects with work left whose EAC range (``width`` = P90 - P10, money) is widest,
    widest first (``rows``: the columns of :attr:`EacRanges.projects` plus ``width``), and how
    many projects have work left in all (``total``)."""

    rows: pd.DataFrame
    total: int

    @property
    def note(self) -> str:
        """Which projects the chart and table show, in words."""
        if len(self.rows) == self.total:
            return f"Every project with work left ({self.total:,}), widest range first."
        return (
            f"The {len(self.rows):,} widest ranges of {self.total:,} projects with work left, "
            "widest first; every project is in the export below."
        )


def widest_ranges(ranges: EacRanges, n: int = RANGES_SHOWN) -> WidestRanges:
    """The ``n`` projects with work left (a P50 and ``remaining_work`` above 0) whose EAC range
    P90 - P10 is widest, widest first: the same projects for the chart and the table.

    >>> r = EacRanges(pd.DataFrame({"project_id": ["A", "B", "C"], "cpi": [1.0, 0.9, 1.0],
    ...     "remaining_work": [10.0, 5.0, 0.0], "eac_p10": [9.0, 8.0, 7.0],
    ...     "eac_p50": [10.0, 9.0, 7.0], "eac_p90": [12.0, 15.0, 7.0]}), {}, np.ones(1), "", 1, 0)
    >>> shown = widest_ranges(r, 5)
    >>> shown.rows["project_id"].tolist(), shown.rows["width"].tolist(), shown.total
    (['B', 'A'], [7.0, 3.0], 2)
    """
    table = ranges.projects
    table = table.loc[table["eac_p50"].notna() & (table["remaining_work"] > 0)]
    table = table.assign(width=table["eac_p90"] - table["eac_p10"])
    ordered = table.sort_values("width", ascending=False, kind="stable")
    return WidestRanges(ordered.head(max(int(n), 1)).reset_index(drop=True), len(ordered))


def relative_cpis(ev: np.ndarray, ac: np.ndarray) -> np.ndarray:
    """CPIs of the projects with EV and AC above 0, each divided by their median.

    >>> relative_cpis(np.array([80.0, 100.0, 90.0, 0.0]), np.array([100.0, 100.0, 100.0, 5.0]))
    array([0.88888889, 1.11111111, 1.        ])
    """
    ok = (ev > 0) & (ac > 0)
    cpi = ev[ok] / ac[ok]
    if cpi.size == 0:
        return np.ones(1)
    return cpi / np.median(cpi)


def eac_ranges(
    projects: pd.DataFrame, samples: int = 10_000, seed: int = 0, chunk: int = 500
) -> EacRanges:
    """P10/P50/P90 EAC per project (exact) and for the portfolio (Monte Carlo); see the module
    docstring for the method. Reads ``project_id``, ``budget_at_completion``,
    ``earned_value`` and ``actual_cost``. The same ``seed`` gives the same figures.
    """
    bac = projects["budget_at_completion"].to_numpy(dtype=float)
    ev = projects["earned_value"].to_numpy(dtype=float)
    ac = projects["actual_cost"].to_numpy(dtype=float)
    spread = relative_cpis(ev, ac)
    measured = (ev > 0) & (ac > 0)
    raw = spread * (np.median(ev[measured] / ac[measured]) if measured.any() else 1.0)
    work = np.maximum(bac - ev, 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        cpi = np.where(ac > 0, ev / ac, np.nan)
    own = cpi > 0
    factor = np.where(own, cpi, 1.0)
    quantile = {
        q: np.where(own, np.quantile(spread, 1 - q), np.quantile(raw, 1 - q)) for q in QUANTILES
    }
    table = pd.DataFrame(
        {
            "project_id": projects["project_id"].to_numpy(),
            "cpi": cpi,
            "remaining_work": work,
        }
    )
    blank = ~(ac > 0)
    for q in QUANTILES:
        eac = ac + np.where(work > 0, work / (factor * quantile[q]), 0.0)
        table[f"eac_p{round(q * 100)}"] = np.where(blank, np.nan, eac)
    totals = _portfolio_samples(ac, work, factor, own, spread, raw, samples, seed, chunk)
    portfolio = {f"p{round(q * 100)}": float(np.quantile(totals, q)) for q in QUANTILES}
    portfolio["comonotone_p10"] = float(np.nansum(table["eac_p10"]))
    portfolio["comonotone_p90"] = float(np.nansum(table["eac_p90"]))
    portfolio["point"] = float(np.nansum(table["eac_p50"]))
    return EacRanges(table, portfolio, spread, METHOD_TEXT.format(samples=samples), samples, seed)


def _portfolio_samples(
    ac: np.ndarray,
    work: np.ndarray,
    factor: np.ndarray,
    own: np.ndarray,
    spread: np.ndarray,
    raw: np.ndarray,
    samples: int,
    seed: int,
    chunk: int,
) -> np.ndarray:
    """Portfolio EAC of each sample: projects draw a relative CPI (or a raw portfolio CPI
    when they have none) independently; ``chunk`` samples at a time (memory chunk x projects).
    """
    rng = np.random.default_rng(seed)
    active = (ac > 0) & (work > 0)
    fixed = float(np.sum(np.where(ac > 0, ac, 0.0)))
    w, f, o = work[active], factor[active], own[active]
    out = np.empty(samples)
    for begin in range(0, samples, chunk):
        size = min(chunk, samples - begin)
        pick = rng.integers(0, spread.size, size=(size, w.size))
        draws = np.where(o[None, :], spread[pick], raw[pick])
        out[begin : begin + size] = fixed + (w[None, :] / (f[None, :] * draws)).sum(axis=1)
    return out
