"""The integer programme behind :func:`vmo_lib.portfolio.funding.select.select_projects`.

One binary variable per project (1 = funded). Each constraint the user asked for becomes a
:class:`Constraint` (kind, key, plain-language text) owning either fixed variables (must fund,
must not fund) or rows of ``lower <= A x <= upper``:

=================  ===========================================================================
budget             sum of cost x <= budget
requires (a, b)    x_a - x_b <= 0  (a is funded only if b is)
exclusive          sum of x over the group <= 1
group_min / _max   spend of the group >= min_share x basis, <= max_share x basis; the basis is
                   the budget (``share_basis="budget"``) or the funded total (``"funded"``,
                   written as spend_g - share x total spend >= 0, still linear)
yearly_budget      sum of yearly cost x <= that year's budget
capacity           sum of a resource's demand in a period x <= its capacity (resource units)
=================  ===========================================================================

Solved exactly with HiGHS (the ``highspy`` package) with relative and absolute optimality
gaps 0, under a time limit per solve (:data:`DEFAULT_TIME_LIMIT`): when it runs out, the best
portfolio found comes back with HiGHS's bound on the best possible (see :class:`MilpResult`).
A solver error is retried once with the numbers scaled and presolve off. With the budget as
the only row, the projects the LP relaxation settles are fixed first (:func:`settle`).
Costs stay in currency units so HiGHS's absolute feasibility tolerance (1e-6) is a
millionth of one; the rounded solution is re-checked in exact arithmetic on the user's numbers
and a row that is off by more than 1e-9 (relative) is tightened and the model solved again.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
from collections.abc import Hashable, Iterator
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from vmo_lib.display.tables import money_text, percent_text
from vmo_lib.errors import VmoError
from vmo_lib.portfolio.funding.inputs import SelectionSpec
from vmo_lib.portfolio.funding.resources import capacity_text

MILP_OPTIONS: dict[str, bool | float | str] = {
    "mip_rel_gap": 0.0,
    "mip_abs_gap": 0.0,
    "presolve": "on",
    "threads": 1,
}
"""HiGHS options: proven optimum (no relative or absolute gap), on one thread. The funding
problems are many small solves (frontier budgets, weight samples), where HiGHS's worker
threads cost more than they give: 200 robustness samples at 2,000 projects take 15 s on one
thread against 22 s with the default, and 20 s against 27 s when the other core is busy (as
it is in a handout build, which runs two notebooks at once)."""

SAFE_OPTIONS: dict[str, bool | float | str] = {"presolve": "off"}
"""Added on the retry after a solver error (with the numbers scaled, see :func:`_scaled`)."""

DEFAULT_TIME_LIMIT = 10.0
"""Seconds HiGHS may spend on one integer programme before returning its best portfolio,
unless :func:`set_time_limit` says otherwise."""

_time_limit = DEFAULT_TIME_LIMIT


def set_time_limit(seconds: float | None) -> float:
    """Set the time limit (seconds per integer programme) of every solve that does not pass
    its own (``time_limit=None``); ``None`` or ``math.inf``: no limit. Notebook 04 sets it
    from its ``solver_time_limit`` parameter. Returns the previous setting.

    >>> previous = set_time_limit(2.5); get_time_limit(), set_time_limit(previous)
    (2.5, 2.5)
    """
    global _time_limit
    previous, value = _time_limit, np.inf if seconds is None else float(seconds)
    if not value > 0:
        raise ValueError(f"time limit must be a positive number of seconds, got {seconds!r}")
    _time_limit = value
    return previous


def get_time_limit() -> float:
    """The time limit in force (seconds per integer programme; ``inf`` for none)."""
    return _time_limit


def resolve_time_limit(seconds: float | None) -> float:
    """``seconds`` when given, else the setting in force (``inf``: no limit)."""
    return _time_limit if seconds is None else float(seconds)


TOLERANCE = 1e-9  # relative slack accepted when re-checking a solution in exact numbers


@dataclass(frozen=True)
class Constraint:
    """One constraint as the user gave it: ``kind``, identifying ``key`` and plain ``text``.

    ``kind`` is one of budget, must_fund, must_not_fund, requires, exclusive, group_min,
    group_max, yearly_budget, capacity (and, with deferred starts, one_start); ``key`` is
    () for the budget, (id,) for must (not) fund,
    (needs, needed) for requires, (group number,) for exclusive (1-based, in the user's
    list), (group,) for group bounds, (year,) for yearly budgets, (resource, period) for
    capacities and (id,) for one_start.
    """

    kind: str
    key: tuple[Hashable, ...]
    text: str


@dataclass(frozen=True)
class SelectionModel:
    """Rows and fixed variables of one selection problem, each owned by a constraint."""

    spec: SelectionSpec
    budget: float
    constraints: tuple[Constraint, ...]
    matrix: sparse.csr_array
    lower: np.ndarray
    upper: np.ndarray
    row_owner: np.ndarray  # constraint number of each row
    fixed: np.ndarray  # project positions with a fixed value
    fixed_to: np.ndarray  # 1 (must fund) or 0 (must not fund)
    fixed_owner: np.ndarray


class _Rows:
    """Collects sparse rows (coordinate form) with their bounds and owning constraint."""

    def __init__(self) -> None:
        self.r: list[np.ndarray] = []
        self.c: list[np.ndarray] = []
        self.v: list[np.ndarray] = []
        self.lower: list[float] = []
        self.upper: list[float] = []
        self.owner: list[int] = []

    def add(self, columns, coefficients, lower, upper, owner: int) -> None:
        self.r.append(np.full(len(columns), len(self.lower)))
        self.c.append(np.asarray(columns, dtype=int))
        self.v.append(np.asarray(coefficients, dtype=float))
        self.lower.append(lower)
        self.upper.append(upper)
        self.owner.append(owner)

    def matrix(self, n: int) -> sparse.csr_array:
        if not self.lower:
            return sparse.csr_array((0, n))
        coo = (np.concatenate(self.v), (np.concatenate(self.r), np.concatenate(self.c)))
        return sparse.csr_array(coo, shape=(len(self.lower), n))


def build_model(spec: SelectionSpec, budget: float) -> SelectionModel:
    """The integer programme for ``spec`` at ``budget`` (money)."""
    ids, n, costs = spec.ids, len(spec.ids), spec.costs
    everyone = np.arange(n)
    items: list[Constraint] = []
    rows = _Rows()
    fixed, fixed_to, fixed_owner = [], [], []

    def own(kind: str, key: tuple, text: str) -> int:
        items.append(Constraint(kind, key, text))
        return len(items) - 1

    rows.add(everyone, costs, -np.inf, budget, own("budget", (), f"budget {money_text(budget)}"))
    for value, kind, text in ((1, "must_fund", "must fund"), (0, "must_not_fund", "must not fund")):
        for p in spec.must_fund if value else spec.must_not_fund:
            cost = f" (cost {money_text(costs[p])})" if value else ""
            fixed_owner.append(own(kind, (ids[p],), f"{text} {ids[p]!r}{cost}"))
            fixed.append(p)
            fixed_to.append(value)
    for a, b in spec.requires:
        owner = own("requires", (ids[a], ids[b]), f"{ids[a]!r} requires {ids[b]!r}")
        rows.add([a, b], [1.0, -1.0], -np.inf, 0.0, owner)
    for group, number in zip(spec.exclusive, spec.exclusive_numbers, strict=True):
        names = ", ".join(repr(ids[p]) for p in group)
        text = f"at most one of {names} (exclusive group {number})"
        rows.add(group, np.ones(len(group)), -np.inf, 1.0, own("exclusive", (number,), text))
    for label, low, high in spec.share_bounds:
        member = spec.group_of == label
        for share, kind, word in ((low, "group_min", "at least"), (high, "group_max", "at most")):
            if share is None:
                continue
            text = f"group {label!r}: {word} {percent_text(share)} of the "
            if spec.share_basis == "budget":
                limit = share * budget
                text += f"budget ({money_text(limit)})"
                bounds = (limit, np.inf) if kind == "group_min" else (-np.inf, limit)
                rows.add(everyone[member], costs[member], *bounds, own(kind, (label,), text))
            else:
                text += "funded total"
                coefficients = costs * (member - share)
                bounds = (0.0, np.inf) if kind == "group_min" else (-np.inf, 0.0)
                rows.add(everyone, coefficients, *bounds, own(kind, (label,), text))
    for j, year in enumerate(spec.years):
        limit = spec.yearly_budgets[j]
        text = f"year {year} budget {money_text(limit)}"
        rows.add(
            everyone, spec.yearly_costs[:, j], -np.inf, limit, own("yearly_budget", (year,), text)
        )
    if spec.capacity is not None:
        demand = spec.capacity.demand(n)
        for j, (resource, period) in enumerate(spec.capacity.keys):
            limit = float(spec.capacity.limits[j])
            need = np.flatnonzero(demand[:, j])
            owner = own("capacity", (resource, period), capacity_text(resource, period, limit))
            rows.add(need, demand[need, j], -np.inf, limit, owner)
    return SelectionModel(
        spec=spec,
        budget=float(budget),
        constraints=tuple(items),
        matrix=rows.matrix(n),
        lower=np.array(rows.lower, dtype=float),
        upper=np.array(rows.upper, dtype=float),
        row_owner=np.array(rows.owner, dtype=int),
        fixed=np.array(fixed, dtype=int),
        fixed_to=np.array(fixed_to, dtype=float),
        fixed_owner=np.array(fixed_owner, dtype=int),
    )


@contextlib.contextmanager
def _native_stdout_silenced() -> Iterator[None]:
    """Discard what native code prints to file descriptor 1 meanwhile (POSIX only).

    The first ``highspy.Highs()`` of a process prints a banner with ``printf``, before any
    option can switch logging off (older HiGHS, as bundled with SciPy, also printed a stray
    debug line during solves, HiGHS issue #2783); a Jupyter kernel would copy it into the
    handout. Python's own ``sys.stdout`` is not touched.
    """
    if os.name != "posix":
        yield
        return
    libc = ctypes.CDLL(None)
    libc.fflush(None)
    saved, sink = os.dup(1), os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(sink, 1)
        yield
    finally:
        libc.fflush(None)  # what HiGHS buffered goes to the sink, not to the restored stdout
        os.dup2(saved, 1)
        os.close(saved)
        os.close(sink)


class SolverFailure(VmoError, RuntimeError):
    """HiGHS stopped with an error (neither infeasible nor out of time), even with safer options."""


@dataclass(frozen=True)
class MilpResult:
    """What one integer solve found (the objective is minimised).

    ``status``: ``"optimal"`` (proven), ``"time limit"`` (a feasible ``x`` found, not proven
    optimal), ``"infeasible"`` (proven: ``x`` is None) or ``"no solution"`` (the time limit
    came before any feasible portfolio: ``x`` is None). ``bound``: the best objective any
    portfolio can reach (HiGHS's dual bound, in the objective's units; NaN when unknown).
    """

    x: np.ndarray | None
    status: str
    bound: float


_STOPPED_EARLY = (
    "kTimeLimit",
    "kIterationLimit",
    "kSolutionLimit",
    "kInterrupt",
    "kHighsInterrupt",
    "kObjectiveBound",
    "kObjectiveTarget",
)


def _scaled(objective, matrix, lower, upper) -> tuple:
    """The problem with the objective divided by its largest magnitude and each row by its
    largest coefficient (costs in currency units become numbers near 1): the same optimum,
    numbers HiGHS handles more safely. Returns the scaled arrays and the objective's scale."""
    scale = float(np.abs(objective).max()) if len(objective) else 1.0
    scale = scale if scale > 0 else 1.0
    rows = np.abs(matrix).max(axis=1).toarray().ravel() if matrix.shape[0] else np.zeros(0)
    rows = np.where(rows > 0, rows, 1.0)
    scaled = sparse.diags_array(1.0 / rows) @ matrix
    return objective / scale, sparse.csr_array(scaled), lower / rows, upper / rows, scale


def _milp(
    objective,
    matrix,
    lower,
    upper,
    lb,
    ub,
    *,
    time_limit: float | None = None,
    start: np.ndarray | None = None,
    safe: bool = False,
) -> MilpResult:
    """Minimise ``objective @ x`` over 0/1 vectors within the rows and bounds.

    Solved by HiGHS through its own Python package, ``highspy`` (1.16 or newer), not the
    copy bundled with SciPy: SciPy 1.17's HiGHS 1.12 can report a sub-optimal portfolio as
    optimal after presolve (seen on the case study with programme shares and yearly budgets:
    264 value points reported optimal where 344 were feasible), a bug HiGHS has since fixed.
    ``time_limit``: seconds (None or inf: no limit). ``start``: a feasible 0/1 vector HiGHS starts
    from (its incumbent). ``safe``: scale the numbers (:func:`_scaled`) and switch presolve
    off, the retry after a solver error. Raises :class:`SolverFailure` on a solver error.
    """
    import highspy

    scale = 1.0
    if safe:
        objective, matrix, lower, upper, scale = _scaled(objective, matrix, lower, upper)
    n = len(objective)
    csc = sparse.csc_array(matrix) if matrix.shape[0] else sparse.csc_array((0, n))
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = n, csc.shape[0]
    lp.col_cost_ = np.asarray(objective, dtype=float)
    lp.col_lower_, lp.col_upper_ = np.asarray(lb, dtype=float), np.asarray(ub, dtype=float)
    lp.row_lower_ = np.asarray(lower, dtype=float)
    lp.row_upper_ = np.asarray(upper, dtype=float)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = csc.indptr
    lp.a_matrix_.index_ = csc.indices
    lp.a_matrix_.value_ = csc.data.astype(float)
    lp.integrality_ = [highspy.HighsVarType.kInteger] * n
    try:
        with _native_stdout_silenced():  # the first Highs() of a process prints a banner
            solver = highspy.Highs()
            solver.setOptionValue("output_flag", False)
            for name, value in MILP_OPTIONS.items():
                solver.setOptionValue(name, value)
            if safe:
                for name, value in SAFE_OPTIONS.items():
                    solver.setOptionValue(name, value)
            if time_limit is not None and np.isfinite(time_limit):
                solver.setOptionValue("time_limit", float(max(time_limit, 1e-3)))
            solver.passModel(lp)
            if start is not None:
                solution = highspy.HighsSolution()
                solution.col_value = np.asarray(start, dtype=float).tolist()
                solution.value_valid = True
                solver.setSolution(solution)
            solver.run()
    except Exception as error:  # highspy raises on some internal failures
        raise SolverFailure(f"HiGHS failed: {error}") from error
    status = solver.getModelStatus()
    name = status.name if hasattr(status, "name") else str(status)
    info = solver.getInfo()
    bound = float(info.mip_dual_bound) * scale if np.isfinite(info.mip_dual_bound) else np.nan
    if status in (
        highspy.HighsModelStatus.kInfeasible,
        highspy.HighsModelStatus.kUnboundedOrInfeasible,
    ):
        return MilpResult(None, "infeasible", np.nan)  # variables are bounded: not unbounded
    if status == highspy.HighsModelStatus.kOptimal:
        x = np.round(np.asarray(solver.getSolution().col_value)) > 0.5
        return MilpResult(x, "optimal", bound)
    if name in _STOPPED_EARLY:
        if int(info.primal_solution_status) == 2:  # kSolutionStatusFeasible
            x = np.round(np.asarray(solver.getSolution().col_value)) > 0.5
            return MilpResult(x, "time limit", bound)
        return MilpResult(None, "no solution", bound)
    raise SolverFailure(f"HiGHS did not finish: {solver.modelStatusToString(status)}")


def _violations(matrix, lower, upper, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """How far each row is above its upper and below its lower bound for the 0/1 vector ``x``.

    Zero where the row is within bounds up to a relative 1e-9 (of the row's absolute size).
    """
    activity = matrix @ x.astype(float)
    scale = TOLERANCE * (1.0 + np.abs(matrix) @ np.ones(matrix.shape[1]))
    above, below = activity - upper, lower - activity
    return np.where(above > scale, above, 0.0), np.where(below > scale, below, 0.0)


def solve_outcome(
    model: SelectionModel,
    active: np.ndarray | None = None,
    objective: np.ndarray | None = None,
    at_least: tuple[np.ndarray, float] | None = None,
    *,
    time_limit: float | None = None,
    start: np.ndarray | None = None,
) -> MilpResult:
    """Funded mask minimising ``objective`` (default: the negated values), with its status.

    ``active`` (bool per constraint) keeps only some constraints (conflict search);
    ``at_least=(coefficients, bound)`` adds the row ``coefficients @ x >= bound``;
    ``time_limit`` (seconds per HiGHS run; None: :func:`get_time_limit`) and ``start`` (a
    feasible funded mask
    to start from) as in :func:`_milp`. A solver error is retried once with safer options
    (scaled numbers, presolve off); a second one raises :class:`SolverFailure`.
    """
    n = len(model.spec.ids)
    keep = np.ones(len(model.constraints), bool) if active is None else np.asarray(active)
    rows = keep[model.row_owner]
    matrix, lower, upper = model.matrix[rows], model.lower[rows], model.upper[rows].copy()
    if at_least is not None:
        matrix = sparse.vstack([matrix, sparse.csr_array(at_least[0][None, :])]).tocsr()
        lower, upper = np.append(lower, at_least[1]), np.append(upper, np.inf)
    lb, ub = np.zeros(n), np.ones(n)
    fixed = keep[model.fixed_owner] if len(model.fixed) else np.zeros(0, bool)
    np.maximum.at(lb, model.fixed[fixed], model.fixed_to[fixed])  # .at: ids may repeat
    np.minimum.at(ub, model.fixed[fixed], model.fixed_to[fixed])
    if np.any(lb > ub):
        return MilpResult(None, "infeasible", np.nan)
    c = -model.spec.values if objective is None else objective
    if n == 0:  # nothing to choose: the empty portfolio, if it meets the rows
        empty_ok = bool(np.all((lower <= 0) & (upper >= 0)))
        return (
            MilpResult(np.zeros(0, bool), "optimal", 0.0)
            if empty_ok
            else MilpResult(None, "infeasible", np.nan)
        )
    time_limit = resolve_time_limit(time_limit)
    if start is not None and not _fits(matrix, lower, upper, lb, ub, start):
        start = None
    budget_only = matrix.shape[0] == 1 and np.isneginf(lower[0]) and objective is None
    if budget_only and start is not None:
        lb, ub = settle(model.spec.values, matrix.toarray().ravel(), upper[0], lb, ub, start)
    safe = False
    for _ in range(5):
        try:
            found = _milp(
                c, matrix, lower, upper, lb, ub, time_limit=time_limit, start=start, safe=safe
            )
        except SolverFailure:
            if safe:
                raise
            safe = True  # retry once with scaled numbers and presolve off
            found = _milp(
                c, matrix, lower, upper, lb, ub, time_limit=time_limit, start=start, safe=True
            )
        if found.x is None:
            return found
        above, below = _violations(matrix, lower, upper, found.x)
        if not (above.any() or below.any()):
            return found
        # Accepted by HiGHS's tolerance but outside the user's limit: tighten and re-solve.
        upper, lower = upper - 2 * above, lower + 2 * below
    raise SolverFailure("HiGHS solution stays outside the constraints after tightening")


def settle(
    values: np.ndarray,
    weights: np.ndarray,
    capacity: float,
    lb: np.ndarray,
    ub: np.ndarray,
    incumbent: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Bounds with the projects the LP relaxation settles fixed (reduced-cost fixing).

    For ``max values @ x`` with ``weights @ x <= capacity`` only (a budget and nothing
    else), the LP relaxation is solved by the fractional-knapsack rule: value per unit of
    money, best first, until the money runs out, the critical project's ratio ``lam`` pricing
    the budget. Its dual proves that a portfolio taking project i against the LP's choice is
    worth at most ``U - |values_i - lam x weights_i|`` (``U`` the LP value); when that is
    below the value of ``incumbent`` (a feasible portfolio), every optimal portfolio agrees
    with the LP on i, so i is fixed. Exact: only what no optimum can change is fixed (with a
    margin of 1e-9 relative), and HiGHS gets a much smaller problem (on the 2,000-project
    organisation, about 100 projects left free of 1,400).
    """
    lb, ub = lb.copy(), ub.copy()
    free = lb < ub
    forced = ~free & (lb > 0.5)
    room = capacity - float(weights[forced].sum())
    total = float(values[forced].sum())
    take = free & (values > 0)
    gratis = take & (weights <= 0)
    total += float(values[gratis].sum())
    paid = np.flatnonzero(take & (weights > 0))
    paid = paid[np.argsort(-values[paid] / weights[paid], kind="stable")]
    if room < 0:
        return lb, ub  # the forced projects already break the budget: nothing to settle
    spent = np.cumsum(weights[paid])
    whole = int(np.searchsorted(spent, room, side="right"))
    in_lp = gratis.copy()
    in_lp[paid[:whole]] = True
    total += float(values[paid[:whole]].sum())
    price, critical = 0.0, -1
    if whole < len(paid):
        critical = int(paid[whole])
        price = values[critical] / weights[critical]
        left = room - (spent[whole - 1] if whole else 0.0)
        total += float(values[critical]) * left / float(weights[critical])
    slack = max(total - float(values[incumbent].sum()), 0.0)
    margin = TOLERANCE * (1.0 + abs(total) + np.abs(values).max(initial=0.0))
    reduced = values - price * weights
    one = free & in_lp & (reduced > slack + margin)
    zero = free & ~in_lp & (-reduced > slack + margin)
    if critical >= 0:
        zero[critical] = one[critical] = False
    lb[one], ub[zero] = 1.0, 0.0
    return lb, ub


def _fits(matrix, lower, upper, lb, ub, x: np.ndarray) -> bool:
    """Whether the 0/1 vector ``x`` meets the rows and bounds (a usable start)."""
    if len(x) != matrix.shape[1] or np.any(x < lb) or np.any(x > ub):
        return False
    above, below = _violations(matrix, lower, upper, np.asarray(x, bool))
    return not (above.any() or below.any())


def solve(
    model: SelectionModel,
    active: np.ndarray | None = None,
    objective: np.ndarray | None = None,
    at_least: tuple[np.ndarray, float] | None = None,
    time_limit: float | None = None,
) -> np.ndarray | None:
    """Funded mask minimising ``objective`` (default: the negated values), or None if no
    feasible portfolio was found (proven infeasible, or none found in the time limit).

    The arguments are those of :func:`solve_outcome`.
    """
    return solve_outcome(model, active, objective, at_least, time_limit=time_limit).x
