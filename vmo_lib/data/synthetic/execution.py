"""Project execution: start and finish dates, earned-value figures and the reported RAG.

Rules: proposed and approved projects start after the data date (PV = EV = AC = 0,
forecast = plan); in-flight projects started before it, have EV < BAC and a forecast finish
after it; closed projects finished before it with EV = PV = BAC.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

from vmo_lib.data.synthetic.arrays import given_numbers
from vmo_lib.data.synthetic.calendar import DATA_DATE, FIRST_DAY, whole_days
from vmo_lib.data.synthetic.kinds import kind_array


class StageMasks(NamedTuple):
    """Boolean masks of the projects closed, in flight and not started yet (future)."""

    closed: np.ndarray
    flight: np.ndarray
    future: np.ndarray


def stage_masks(stage: np.ndarray) -> StageMasks:
    """The :class:`StageMasks` of an array of stages."""
    closed, flight = stage == "closed", stage == "in flight"
    return StageMasks(closed, flight, ~(closed | flight))


def _draw_size_and_pace(
    rng: np.random.Generator, mix: pd.DataFrame, stages: StageMasks
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """SPI, CPI, planned duration (days) and BAC (EUR) around the kind's means, with the
    optional ``spi``, ``cpi`` and ``bac`` columns of ``mix`` winning where not blank."""
    n = len(mix)
    kind = mix["kind"]
    spi = np.clip(rng.normal(kind_array(kind, "spi_mean"), 0.07), 0.6, 1.08)
    cpi = np.clip(rng.normal(kind_array(kind, "cpi_mean"), 0.06), 0.72, 1.12)
    duration = rng.uniform(240, 900, n)
    duration[stages.future] = np.minimum(duration[stages.future], 700)
    bac = np.round(kind_array(kind, "bac_median") * rng.lognormal(0.0, 0.45, n), -4)
    bac = np.maximum(bac, 50_000)
    spi, cpi, bac = (
        given_numbers(mix, col, x) for col, x in (("spi", spi), ("cpi", cpi), ("bac", bac))
    )
    return spi, cpi, duration, bac


def _draw_starts(
    rng: np.random.Generator,
    mix: pd.DataFrame,
    stages: StageMasks,
    spi: np.ndarray,
    duration: np.ndarray,
    dd: np.datetime64,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Start dates, planned durations (days, shortened for closed projects so they fit) and
    actual finish dates (meaningful for closed projects only). An optional ``start`` column
    of ``mix`` wins where not blank; a closed project must still finish before the cut-off."""
    n = len(mix)
    closed, flight, future = stages
    start = np.empty(n, dtype="datetime64[D]")
    # closed: the whole actual duration fits between FIRST_DAY and two weeks before the data date
    window = (dd - 14 - FIRST_DAY).astype(float)
    actual_days = np.minimum(duration / spi, window - 30)
    duration = np.where(closed, actual_days * spi, duration)
    closed_start = FIRST_DAY + whole_days(rng.uniform(0, 1, n) * (window - actual_days))
    finish = closed_start + whole_days(actual_days)
    start[closed] = closed_start[closed]
    # in flight: between 15 % and 120 % of the planned duration has elapsed
    elapsed = np.maximum(duration * rng.uniform(0.15, 1.2, n), 45)
    flight_start = np.maximum(dd - whole_days(elapsed), FIRST_DAY)
    start[flight] = flight_start[flight]
    # approved / proposed: start in the coming months
    stage = mix["stage"].to_numpy()
    lead = np.where(stage == "approved", rng.uniform(10, 150, n), rng.uniform(45, 300, n))
    start[future] = (dd + whole_days(lead))[future]
    if "start" in mix:  # story override
        given = pd.to_datetime(mix["start"]).to_numpy().astype("datetime64[D]")
        has = ~np.isnat(given)
        start[has] = given[has]
        room = (dd - 14 - start).astype(float)
        fix = has & closed
        actual_days[fix] = np.minimum(actual_days[fix], room[fix])
        duration[fix] = actual_days[fix] * spi[fix]
        finish[fix] = start[fix] + whole_days(actual_days[fix])
    return start, duration, finish


def _forecast_finishes(
    rng: np.random.Generator,
    stages: StageMasks,
    start: np.ndarray,
    duration: np.ndarray,
    spi: np.ndarray,
    finish: np.ndarray,
    dd: np.datetime64,
) -> tuple[np.ndarray, np.ndarray]:
    """Planned and forecast finish dates: closed projects forecast their actual finish,
    in-flight ones finish at least 30 days after the data date, future ones as planned."""
    closed, flight, future = stages
    planned_finish = start + whole_days(duration)
    forecast = start + whole_days(duration / spi)
    forecast = np.where(closed, finish, forecast)
    late_floor = dd + whole_days(rng.uniform(30, 150, len(start)))
    forecast = np.where(flight & (forecast <= dd + 20), late_floor, forecast)
    forecast = np.where(future, planned_finish, forecast)
    return planned_finish, forecast


def _earned_value(
    rng: np.random.Generator,
    stages: StageMasks,
    start: np.ndarray,
    duration: np.ndarray,
    spi: np.ndarray,
    cpi: np.ndarray,
    bac: np.ndarray,
    dd: np.datetime64,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Planned value, earned value and actual cost (whole EUR) as of the data date."""
    closed, flight, _ = stages
    elapsed_days = (dd - start).astype(float)
    planned_share = np.clip(elapsed_days / np.maximum(duration, 1), 0, 1)
    pv = np.where(closed, bac, np.where(flight, bac * planned_share, 0.0))
    ev_share = np.where(flight, np.minimum(planned_share * spi, 0.95), 0.0)
    ev = np.where(closed, bac, bac * ev_share * rng.uniform(0.985, 1.0, len(start)))
    ac = np.where(closed | flight, ev / cpi, 0.0)
    pv, ev, ac = (np.round(x).astype(np.int64) for x in (pv, ev, ac))
    ev = np.minimum(ev, bac.astype(np.int64))
    return pv, ev, ac


def _go_live(
    rng: np.random.Generator,
    stages: StageMasks,
    start: np.ndarray,
    forecast: np.ndarray,
    dd: np.datetime64,
) -> np.ndarray:
    """When benefits can start: the finish, or for a third of in-flight projects (phased
    roll-outs) 60 % of the way to the forecast finish if that is before the data date."""
    closed, flight, _ = stages
    phased = flight & (rng.random(len(start)) < 0.35)
    early = start + whole_days(0.6 * (forecast - start).astype(float))
    return np.where(closed, forecast, np.where(phased & (early < dd), early, forecast))


def draw_execution(
    rng: np.random.Generator, mix: pd.DataFrame, data_date: pd.Timestamp = DATA_DATE
) -> pd.DataFrame:
    """Add dates and earned-value figures (EUR, as of ``data_date``) to a portfolio mix.

    See the module docstring for the rules by stage. CPI and SPI are drawn around the kind's
    means, so strategic projects overrun more often. Optional mix columns ``bac`` (EUR),
    ``cpi``, ``spi`` and ``start`` (date) replace the drawn values where not blank.
    """
    stages = stage_masks(mix["stage"].to_numpy())
    dd = np.datetime64(data_date.date(), "D")
    spi, cpi, duration, bac = _draw_size_and_pace(rng, mix, stages)
    start, duration, finish = _draw_starts(rng, mix, stages, spi, duration, dd)
    planned_finish, forecast = _forecast_finishes(rng, stages, start, duration, spi, finish, dd)
    pv, ev, ac = _earned_value(rng, stages, start, duration, spi, cpi, bac, dd)
    strategic = mix["kind"].to_numpy() == "strategic"
    started = stages.closed | stages.flight
    changes = np.where(started, rng.poisson(0.8 + 1.4 * strategic, len(mix)), 0)
    go_live = _go_live(rng, stages, start, forecast, dd)
    out = mix.copy()
    out["start_date"] = pd.to_datetime(start)
    out["planned_finish"] = pd.to_datetime(planned_finish)
    out["forecast_finish"] = pd.to_datetime(forecast)
    out["go_live"] = pd.to_datetime(go_live)
    out["budget_at_completion"] = bac.astype(np.int64)
    out["planned_value"] = pv
    out["earned_value"] = ev
    out["actual_cost"] = ac
    out["scope_changes"] = changes.astype(np.int64)
    out["rag_status"] = rag_from_indices(out)
    return out


def rag_from_indices(design: pd.DataFrame) -> np.ndarray:
    """RAG a project manager would report from CPI and SPI (both EV-based ratios).

    Green from 0.95, amber from 0.85, red below; managers of compliance and pet projects
    report 0.05 more optimistically (low scrutiny). Not-started projects report green; closed
    ones are judged on their final CPI alone.
    """
    ev = design["earned_value"].to_numpy(dtype=float)
    pv = design["planned_value"].to_numpy(dtype=float)
    ac = design["actual_cost"].to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        cpi = np.where(ac > 0, ev / ac, 1.0)
        spi = np.where(pv > 0, ev / pv, 1.0)
    stage = design["stage"].to_numpy()
    health = np.where(stage == "closed", cpi, np.minimum(cpi, spi))
    optimism = np.where(design["kind"].isin(["compliance", "pet"]), 0.05, 0.0)
    score = health + optimism
    rag = np.where(score >= 0.95, "green", np.where(score >= 0.85, "amber", "red"))
    return np.where(np.isin(stage, ["proposed", "approved"]), "green", rag)
