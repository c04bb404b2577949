"""The integer programme behind :func:`vmo_lib.portfolio.selection.select_projects`.

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
=================  ===========================================================================

Solved exactly with HiGHS (the ``highspy`` package) with relative and absolute optimality
gaps 0. Costs stay in EUR so HiGHS's absolute feasibility tolerance (1e-6) is a millionth of a
euro; the rounded solution is re-checked in exact arithmetic on the user's numbers and a row
that is off by more than 1e-9 (relative) is tightened and the model solved again.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
from collections.abc import Hashable, Iterator
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from vmo_lib.portfolio.selection_inputs import SelectionSpec
from vmo_lib.tables import money_text, percent_text

MILP_OPTIONS: dict[str, object] = {"mip_rel_gap": 0.0, "mip_abs_gap": 0.0, "presolve": "on"}
"""HiGHS options: proven optimum (no relative or absolute gap)."""

TOLERANCE = 1e-9  # relative slack accepted when re-checking a solution in exact numbers


@dataclass(frozen=True)
class Constraint:
    """One constraint as the user gave it: ``kind``, identifying ``key`` and plain ``text``.

    ``kind`` is one of budget, must_fund, must_not_fund, requires, exclusive, group_min,
    group_max, yearly_budget; ``key`` is () for the budget, (id,) for must (not) fund,
    (needs, needed) for requires, (group number,) for exclusive (1-based, in the user's
    list), (group,) for group bounds and (year,) for yearly budgets.
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
    """The integer programme for ``spec`` at ``budget`` (EUR)."""
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
    for group, low, high in spec.share_bounds:
        member = spec.group_of == group
        for share, kind, word in ((low, "group_min", "at least"), (high, "group_max", "at most")):
            if share is None:
                continue
            text = f"group {group!r}: {word} {percent_text(share)} of the "
            if spec.share_basis == "budget":
                limit = share * budget
                text += f"budget ({money_text(limit)})"
                bounds = (limit, np.inf) if kind == "group_min" else (-np.inf, limit)
                rows.add(everyone[member], costs[member], *bounds, own(kind, (group,), text))
            else:
                text += "funded total"
                coefficients = costs * (member - share)
                bounds = (0.0, np.inf) if kind == "group_min" else (-np.inf, 0.0)
                rows.add(everyone, coefficients, *bounds, own(kind, (group,), text))
    for j, year in enumerate(spec.years):
        limit = spec.yearly_budgets[j]
        text = f"year {year} budget {money_text(limit)}"
        rows.add(
            everyone, spec.yearly_costs[:, j], -np.inf, limit, own("yearly_budget", (year,), text)
        )
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


def _milp(objective, matrix, lower, upper, lb, ub) -> np.ndarray | None:
    """Optimal 0/1 vector of ``min objective @ x``, or None when infeasible.

    Solved by HiGHS through its own Python package, ``highspy`` (1.16 or newer), not the
    copy bundled with SciPy: SciPy 1.17's HiGHS 1.12 can report a sub-optimal portfolio as
    optimal after presolve (seen on the case study with programme shares and yearly budgets:
    264 value points reported optimal where 344 were feasible), a bug HiGHS has since fixed.
    """
    import highspy

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
    with _native_stdout_silenced():  # the first Highs() of a process prints a banner
        solver = highspy.Highs()
        solver.setOptionValue("output_flag", False)
        for name, value in MILP_OPTIONS.items():
            solver.setOptionValue(name, value)
        solver.passModel(lp)
        solver.run()
    status = solver.getModelStatus()
    if status == highspy.HighsModelStatus.kInfeasible:
        return None
    if status != highspy.HighsModelStatus.kOptimal:
        raise RuntimeError(f"HiGHS did not finish: {solver.modelStatusToString(status)}")
    return np.round(np.asarray(solver.getSolution().col_value)) > 0.5


def _violations(matrix, lower, upper, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """How far each row is above its upper and below its lower bound for the 0/1 vector ``x``.

    Zero where the row is within bounds up to a relative 1e-9 (of the row's absolute size).
    """
    activity = matrix @ x.astype(float)
    scale = TOLERANCE * (1.0 + np.abs(matrix) @ np.ones(matrix.shape[1]))
    above, below = activity - upper, lower - activity
    return np.where(above > scale, above, 0.0), np.where(below > scale, below, 0.0)


def solve(
    model: SelectionModel,
    active: np.ndarray | None = None,
    objective: np.ndarray | None = None,
    at_least: tuple[np.ndarray, float] | None = None,
) -> np.ndarray | None:
    """Funded mask minimising ``objective`` (default: the negated values), or None if infeasible.

    ``active`` (bool per constraint) keeps only some constraints (conflict search);
    ``at_least=(coefficients, bound)`` adds the row ``coefficients @ x >= bound``.
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
        return None
    if n == 0:  # nothing to choose: the empty portfolio, if it meets the rows
        return np.zeros(0, bool) if np.all((lower <= 0) & (upper >= 0)) else None
    c = -model.spec.values if objective is None else objective
    for _ in range(5):
        x = _milp(c, matrix, lower, upper, lb, ub)
        if x is None:
            return None
        above, below = _violations(matrix, lower, upper, x)
        if not (above.any() or below.any()):
            return x
        # Accepted by HiGHS's tolerance but outside the user's limit: tighten and re-solve.
        upper, lower = upper - 2 * above, lower + 2 * below
    raise RuntimeError("HiGHS solution stays outside the constraints after tightening")
