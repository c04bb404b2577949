"""Earned schedule (Lipke) against published worked examples and a brute-force reference."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from vmo_lib.baseline.earned_schedule import earned_schedule_of
from vmo_lib.data import load_organisation
from vmo_lib.evm import earned_schedule as from_evm
from vmo_lib.evm_schedule import earned_schedule, shape_elapsed, shape_share


def test_mpug_closed_project_example() -> None:
    """MPUG, "Earned Schedule Management (ESM)" (mpug.com/articles/earned-schedule-management-esm):
    10 modules of 100,000 planned over 10 months (linear PV), finished in 12 months. At
    completion EV = PV = BAC, so SPI = 1, yet the project is 2 months late: ES = 10, AT = 12,
    SPI(t) = 10/12 = 0.833, SV(t) = -2 months, and IEAC(t) = PD / SPI(t) = 12 months."""
    pv = np.arange(1, 11) * 100_000.0
    result = from_evm(pv, ev=1_000_000.0, actual_time=12.0)
    assert result.es[0] == pytest.approx(10.0)
    assert result.spi_t[0] == pytest.approx(10 / 12)
    assert result.sv_t[0] == pytest.approx(-2.0)
    assert result.planned_duration[0] == pytest.approx(10.0)
    assert result.ieac_t[0] == pytest.approx(12.0)


def test_lipke_concept_example_shape() -> None:
    """Lipke's "Earned Schedule Concept" note (and the PMI Practice Standard for EVM, 2nd ed.,
    appendix D, which uses the same rule): all PV through May is earned and part of June, so
    ES = 5 + (EV - PV_May) / (PV_June - PV_May), with AT = 7 (end of July). Numbers ours:
    PV_May = 100, PV_June = 130, EV = 112 -> ES = 5.4, SPI(t) = 5.4 / 7."""
    pv = np.array([10, 25, 45, 70, 100, 130, 160, 185, 205, 220, 230], dtype=float)
    result = earned_schedule(pv, ev=112.0, actual_time=7.0)
    assert result.es[0] == pytest.approx(5.4)
    assert result.spi_t[0] == pytest.approx(5.4 / 7)
    assert result.ieac_t[0] == pytest.approx(11 * 7 / 5.4)


def _lipke_loop(pv: list[float], ev: float) -> float:
    """Lipke's formula written out with a loop: C whole periods with PV_C <= EV."""
    if ev >= pv[-1]:
        return float(next(i + 1 for i, v in enumerate(pv) if v >= pv[-1]))
    c = sum(1 for v in pv if v <= ev)
    low = pv[c - 1] if c else 0.0
    return c + (ev - low) / (pv[c] - low)


def test_vectorised_matches_the_formula_project_by_project() -> None:
    rng = np.random.default_rng(3)
    curves = [np.cumsum(rng.uniform(1, 10, size=k)) for k in (4, 9, 12, 7, 12)]
    ev = np.array([c[-1] * f for c, f in zip(curves, (0.3, 0.77, 1.0, 0.05, 0.999), strict=True)])
    matrix = np.full((len(curves), 12), np.nan)
    for i, c in enumerate(curves):
        matrix[i, : len(c)] = c
    result = earned_schedule(matrix, ev, actual_time=np.full(5, 6.0))
    expected = [_lipke_loop(list(c), e) for c, e in zip(curves, ev, strict=True)]
    assert result.es == pytest.approx(expected)
    assert result.planned_duration.tolist() == [4, 9, 12, 7, 12]


def test_uneven_periods_interpolate_in_time() -> None:
    # quarter ends at months 3, 6, 9 and a final month 10: EV half-way through 6..9
    result = earned_schedule([30.0, 60.0, 90.0, 100.0], 75.0, 8.0, period_ends=[3, 6, 9, 10])
    assert result.es[0] == pytest.approx(7.5)
    assert result.planned_duration[0] == pytest.approx(10.0)


def test_nothing_earned_and_no_time() -> None:
    result = earned_schedule([[1.0, 2.0], [1.0, 2.0]], [0.0, 1.0], [3.0, 0.0])
    assert result.es.tolist() == [0.0, 1.0]
    assert np.isnan(result.ieac_t[0]) and np.isnan(result.spi_t[1])


def test_s_curve_shape() -> None:
    assert shape_share(np.array([0.5]), "s_curve")[0] == pytest.approx(0.5)
    with pytest.raises(ValueError, match="baseline shape"):
        shape_share(np.array([0.5]), "cubic")  # type: ignore[arg-type]


def test_case_study_closed_projects_do_not_drift_to_one() -> None:
    org = load_organisation("harbourline")
    table = earned_schedule_of(org.projects, "2026-09-30", "linear")
    closed = table["stage"] == "closed"
    projects = org.projects.set_index("project_id").loc[table["project_id"]]
    start = pd.to_datetime(projects["start_date"]).to_numpy()
    planned = (pd.to_datetime(projects["planned_finish"]).to_numpy() - start) / np.timedelta64(
        1, "D"
    )
    actual = (pd.to_datetime(projects["forecast_finish"]).to_numpy() - start) / np.timedelta64(
        1, "D"
    )
    expected = planned / actual
    assert table.loc[closed, "spi_t"].to_numpy() == pytest.approx(expected[closed.to_numpy()])
    late = closed.to_numpy() & (actual > planned)
    assert late.any() and (table.loc[late, "spi_t"] < 1).all()
    not_started = ~table["stage"].isin(["closed", "in flight"])
    assert table.loc[not_started, "es"].isna().all()


def test_baseline_plan_overrides_the_shape_and_agrees_when_linear() -> None:
    org = load_organisation("harbourline")
    shaped = earned_schedule_of(org.projects, "2026-09-30", "linear")
    planned = earned_schedule_of(org.projects, "2026-09-30", "s_curve", org.baseline_plan)
    started = shaped["es"].notna()
    assert (planned.loc[started, "curve"] == "baseline_plan").all()
    # the case study's plan is linear, so it gives the linear shape's figures (to rounding)
    assert planned.loc[started, "es"].to_numpy() == pytest.approx(
        shaped.loc[started, "es"].to_numpy(), abs=0.02
    )
    # in flight, behind and before the planned finish, a linear curve through the reported PV
    # gives SPI(t) = EV / PV = SPI (ES = AT x EV / PV from start to the data date); past the
    # planned finish PV = BAC and SPI(t) falls below SPI, as earned schedule intends
    projects = org.projects.reset_index(drop=True)
    ev, pv = projects["earned_value"].astype(float), projects["planned_value"].astype(float)
    running = pd.to_datetime(projects["planned_finish"]) > pd.Timestamp("2026-09-30")
    flight = shaped["stage"] == "in flight"
    behind = (flight & (ev <= pv) & running).to_numpy()
    late = (flight & ~running).to_numpy()
    assert late.any() and (shaped.loc[late, "spi_t"] < (ev / pv)[late]).all()
    assert behind.sum() >= 5
    assert shaped.loc[behind, "spi_t"].to_numpy() == pytest.approx((ev / pv)[behind].to_numpy())


def _one_project(pv: float, ev: float) -> pd.DataFrame:
    """A 20-month project (2025-01-01 to 2026-08-31 + 1 day) in flight, BAC 1,000."""
    return pd.DataFrame(
        {
            "project_id": ["P-1"],
            "stage": ["in flight"],
            "start_date": [pd.Timestamp("2025-01-01")],
            "planned_finish": [pd.Timestamp("2026-09-01")],
            "forecast_finish": [pd.Timestamp("2026-12-31")],
            "budget_at_completion": [1000.0],
            "planned_value": [pv],
            "earned_value": [ev],
        }
    )


@pytest.mark.parametrize("shape", ["linear", "s_curve"])
def test_a_stated_shape_passes_through_the_reported_pv(shape: str) -> None:
    """EV = PV means on schedule: SPI(t) = 1 whatever the shape, since the curve is made to
    pass through the PV reported at the data date."""
    table = earned_schedule_of(_one_project(pv=300.0, ev=300.0), "2025-11-01", shape)
    assert table.loc[0, "spi_t"] == pytest.approx(1.0)
    assert table.loc[0, "es"] == pytest.approx(table.loc[0, "actual_time"])


def test_a_pv_on_the_s_curve_leaves_it_unchanged() -> None:
    """PV reported exactly where the S-curve puts it: ES is the plain S-curve's inverse."""
    start, finish, as_of = pd.Timestamp("2025-01-01"), pd.Timestamp("2026-09-01"), "2025-11-01"
    months = lambda a, b: (pd.Timestamp(b) - pd.Timestamp(a)).days / (365.25 / 12)  # noqa: E731
    share = months(start, as_of) / months(start, finish)
    pv = 1000.0 * float(shape_share(np.array([share]), "s_curve")[0])
    table = earned_schedule_of(_one_project(pv=pv, ev=200.0), as_of, "s_curve")
    x = float(shape_elapsed(np.array([0.2]), "s_curve")[0])
    assert table.loc[0, "es"] == pytest.approx(x * months(start, finish), rel=2e-3)
