"""``vmo scenarios``: named funding scenarios side by side, each with its notebook 04 handout.

A scenario file lists named scenarios (YAML: a list of mappings; CSV: a header row, as for
``vmo handouts --class``). Each scenario is a set of notebook 04 parameters (``budget``,
``must_fund``, ``yearly_budgets``, ``weighting``...) and two scenario settings:

``capacity``      changes to the data's ``resource_capacity``, ``;``-separated:
                  ``Data engineers=+2`` (every period), ``Data engineers 2027=12`` (one period),
                  ``Change managers=x1.5`` (a factor). The scenario then reads a copy of the
                  data with those capacities (written under ``DIR/data/<scenario>``).
``max_deferral``  periods a project may start late (0 to 5; by default the run's
                  ``-p max_deferral``, else 0); passed to the scenario's handout as notebook
                  04's ``max_deferral``, so the handout decides as the comparison does.

:func:`run_scenarios` checks every scenario first and reports every problem at once
(:class:`ScenarioError`), builds each scenario's notebook 04 handout with the handouts
pipeline (under ``DIR/handouts/<scenario>/``), decides each scenario
(:func:`vmo_lib.portfolio.scenario.decide_scenario`), writes the comparison page
(``DIR/index.html``, see :mod:`vmo_lib.scenarios.page`) and, for the chosen
scenario, the decision log (``DIR/decision_log/``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pandas as pd

from vmo_lib.errors import VmoError
from vmo_lib.pipeline.handouts import Team, find_notebook, read_class_file
from vmo_lib.pipeline.values import DATA_PARAMETER, ParameterError, resolve_parameters

__all__ = [
    "NOTEBOOK",
    "ScenarioError",
    "ScenarioOptions",
    "apply_capacity_changes",
    "check_scenarios",
    "run_scenarios",
]

NOTEBOOK = "04_portfolio_reranking"
SCENARIO_SETTINGS = ("capacity", "max_deferral")
_CHANGE = re.compile(
    r"^(?P<name>.+?)(?:\s+(?P<period>\d{4}))?\s*=\s*(?P<op>[+\-x*]?)\s*(?P<n>\d+(?:\.\d+)?)$"
)


class ScenarioError(VmoError, ValueError):
    """Scenarios that cannot run; ``problems`` lists every problem of every scenario."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        count = f"{len(problems)} problem" + ("s" if len(problems) != 1 else "")
        super().__init__(
            f"Cannot run the scenarios ({count}):\n" + "\n".join(f"  - {p}" for p in problems)
        )


@dataclass(frozen=True)
class ScenarioOptions:
    """What ``vmo scenarios`` does: the scenario ``file``, the output folder ``out``, values
    from ``-p``/``--data`` (``text``) and ``-f`` (``typed``) for every scenario, the scenario
    whose ``decision`` is logged (None: the first), and whether to build the handouts."""

    file: Path
    out: Path
    text: dict[str, str] = field(default_factory=dict)
    typed: dict[str, object] = field(default_factory=dict)
    decision: str | None = None
    handouts: bool = True
    notebooks: Path | None = None
    jobs: int | None = None
    timeout: float | None = None
    cwd: Path | None = None


@dataclass(frozen=True, eq=False)
class CheckedScenario:
    """One scenario ready to run: its team entry, settings, data and prepared decision."""

    team: Team
    settings: dict[str, Any]
    data: str
    capacity: pd.DataFrame | None
    max_deferral: int
    prepared: Any


def apply_capacity_changes(
    capacity: pd.DataFrame, text: str, problems: list[str], where: str
) -> pd.DataFrame:
    """``capacity`` (``period``, ``resource``, ``amount``) with the changes of ``text`` (see
    the module text); every unreadable change or unknown resource or period is a problem.

    >>> cap = pd.DataFrame({"period": [2027, 2028], "resource": ["DE", "DE"], "amount": [4.0, 5]})
    >>> apply_capacity_changes(cap, "DE=+2; DE 2028=x2", [], "s")["amount"].tolist()
    [6.0, 14.0]
    """
    out = capacity.copy()
    out["amount"] = out["amount"].astype(float)
    resources = set(out["resource"].astype(str))
    for piece in (p.strip() for p in str(text).split(";")):
        if not piece:
            continue
        found = _CHANGE.match(piece)
        if not found:
            problems.append(
                f"{where}: capacity change {piece!r} is not of the form 'Data engineers=+2', "
                "'Data engineers 2027=12' or 'Data engineers=x1.5'"
            )
            continue
        name, op, number = found["name"].strip(), found["op"], float(found["n"])
        rows = out["resource"].astype(str) == name
        if name not in resources:
            known = ", ".join(sorted(resources)) or "none"
            problems.append(f"{where}: capacity change {piece!r}: no resource {name!r} ({known})")
            continue
        if found["period"]:
            rows &= out["period"].astype(str) == found["period"]
            if not rows.any():
                problems.append(f"{where}: capacity change {piece!r}: no capacity in that period")
                continue
        amount = out.loc[rows, "amount"]
        new = {"+": amount + number, "-": amount - number, "x": amount * number}.get(
            op.replace("*", "x"), amount * 0 + number
        )
        out.loc[rows, "amount"] = new.clip(lower=0.0)
    return out


MAX_DEFERRAL = 5
"""Most periods a start may be deferred (notebook 04's ``max_deferral: Between[0, 5]``)."""


def _deferral(value: object, problems: list[str], where: str) -> int:
    try:
        number = int(str(value).strip() or 0)
    except ValueError:
        number = -1
    if not 0 <= number <= MAX_DEFERRAL:
        problems.append(
            f"{where}: max_deferral must be a whole number of periods from 0 to "
            f"{MAX_DEFERRAL}, got {value!r}"
        )
    return min(max(number, 0), MAX_DEFERRAL)


def check_scenarios(options: ScenarioOptions) -> list[CheckedScenario]:
    """Read and check every scenario; raise :class:`ScenarioError` with every problem."""
    from vmo_lib.data import DataError, load_organisation
    from vmo_lib.pipeline.spec import read_parameters
    from vmo_lib.portfolio.funding.constraints import ConstraintError
    from vmo_lib.portfolio.scenario import prepare_scenario

    try:
        teams = read_class_file(options.file)
    except (OSError, ValueError) as exc:
        raise ScenarioError([" ".join(str(exc).split())]) from None
    spec = read_parameters(find_notebook(NOTEBOOK, options.notebooks))
    problems: list[str] = []
    checked: list[CheckedScenario] = []
    loaded: dict[str, Any] = {}  # data source -> Organisation, or the error loading it
    for team in teams:
        where = f"scenario {team.name!r}"
        own = {**team.typed, **team.text}
        extra = {k: own[k] for k in SCENARIO_SETTINGS if k in own}
        text = {
            k: v for k, v in {**options.text, **team.text}.items() if k not in SCENARIO_SETTINGS
        }
        typed = {
            k: v
            for k, v in {**options.typed, **team.typed}.items()
            if k not in SCENARIO_SETTINGS and k not in team.text
        }
        before = len(problems)
        try:
            values = resolve_parameters(spec, text=text, typed=typed, cwd=options.cwd)
        except ParameterError as exc:
            problems.append(f"{where}: {' '.join(str(exc).split())}")
            continue
        settings = values.effective()
        data = str(values.injected.get(DATA_PARAMETER, settings[DATA_PARAMETER]))
        run_wide = {**options.typed, **options.text}.get("max_deferral", 0)
        deferral = _deferral(extra.get("max_deferral", run_wide), problems, where)
        settings = {**settings, "max_deferral": deferral}  # as the scenario's handout gets it
        if data not in loaded:
            try:
                loaded[data] = load_organisation(data)
            except (DataError, FileNotFoundError) as exc:
                loaded[data] = exc
        org = loaded[data]
        if isinstance(org, Exception):
            problems.append(f"{where}: data {data!r}: {' '.join(str(org).split())}")
            continue
        capacity = None
        if str(extra.get("capacity", "")).strip():
            if "resource_capacity" in org.missing:
                problems.append(f"{where}: capacity changes need a resource_capacity table")
            else:
                capacity = apply_capacity_changes(
                    org.resource_capacity, str(extra["capacity"]), problems, where
                )
        if len(problems) > before:
            continue
        if capacity is not None:
            org = replace(org, resource_capacity=capacity)
        try:
            prepared = prepare_scenario(team.name, settings, org, deferral)
        except ConstraintError as exc:
            problems.extend(f"{where}: {p}" for p in exc.problems)
            continue
        checked.append(CheckedScenario(team, settings, data, capacity, deferral, prepared))
    if problems:
        raise ScenarioError(problems)
    return checked


def _variant(scenario: CheckedScenario, folder: Path) -> str:
    """The scenario's data with its capacity changes, written as CSV files; its path."""
    from vmo_lib.data.generator import write_dataset

    org = scenario.prepared.organisation
    tables = {name: frame for name, frame in org.tables.items() if name not in org.missing}
    write_dataset(tables, folder)
    return str(folder)


def run_scenarios(options: ScenarioOptions) -> Path:
    """Check, build, decide and compare every scenario (see the module text); returns the
    comparison page. Raises :class:`ScenarioError` before any work when a scenario is bad.

    The currency setting (the first scenario's ``currency``, as a notebook run sets it) and
    the solver's time limit (each scenario's ``solver_time_limit``) are set while it runs and
    restored after.
    """
    from vmo_lib.currency import get_currency, set_currency
    from vmo_lib.portfolio.funding.select import get_time_limit, set_time_limit

    currency, limit = get_currency(), get_time_limit()
    try:
        return _run(options)
    finally:
        set_currency(currency)
        set_time_limit(limit)


def _run(options: ScenarioOptions) -> Path:
    from vmo_lib.currency import set_currency
    from vmo_lib.pipeline.handouts import HandoutOptions, build_handouts
    from vmo_lib.portfolio.scenario import decide_scenario
    from vmo_lib.scenarios.page import write_comparison, write_log

    scenarios = check_scenarios(options)
    if scenarios[0].settings.get("currency"):  # the notebooks' currency setting, as in a run
        set_currency(str(scenarios[0].settings["currency"]))
    names = [s.team.name for s in scenarios]
    chosen = options.decision or names[0]
    if chosen not in names:
        raise ScenarioError([f"--decision: no scenario named {chosen!r} ({', '.join(names)})"])
    out = Path(options.out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    teams = []
    for number, s in enumerate(scenarios):
        data = s.data if s.capacity is None else _variant(s, out / "data" / s.team.slug)
        scenarios[number] = s = replace(s, data=data)
        s_data: Mapping[str, str] = {DATA_PARAMETER: data}
        text = {k: v for k, v in s.team.text.items() if k not in SCENARIO_SETTINGS}
        typed = {k: v for k, v in s.team.typed.items() if k not in SCENARIO_SETTINGS}
        if s.team.text:  # the handout decides with the scenario's deferral too
            text.update(s_data, max_deferral=str(s.max_deferral))
        else:
            typed.update(s_data, max_deferral=s.max_deferral)
        teams.append(replace(s.team, text=text, typed=typed))
    report = None
    if options.handouts:
        report = build_handouts(
            HandoutOptions(
                out=out / "handouts",
                notebooks=(find_notebook(NOTEBOOK, options.notebooks),),
                text={k: v for k, v in options.text.items() if k != DATA_PARAMETER},
                typed=dict(options.typed),
                teams=tuple(teams),
                jobs=options.jobs,
                cwd=options.cwd,
                timeout=options.timeout,
            )
        )
    outcomes = [decide_scenario(s.prepared) for s in scenarios]
    page = write_comparison(out, scenarios, outcomes, report)
    write_log(
        out, next(s for s in scenarios if s.team.name == chosen), outcomes[names.index(chosen)]
    )
    return page
