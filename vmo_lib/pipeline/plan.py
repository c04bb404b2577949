"""Plan a handout build: every run of every notebook (per team), each value checked first.

:func:`plan_runs` checks every parameter value of every run before anything is written or
any kernel starts, and returns the runs with the dataset each reads. A team's own values win
over the command line's, which win over a params file's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from vmo_lib import __version__
from vmo_lib.pipeline.parameters import DATA_PARAMETER, ParameterError, check_names
from vmo_lib.pipeline.runner import RunRequest, title_block
from vmo_lib.pipeline.sequence import load_notebooks
from vmo_lib.pipeline.teams import Team
from vmo_lib.pipeline.values import check_data_sources, resolve_parameters

__all__ = ["HandoutOptions", "plan_handouts", "plan_runs"]


@dataclass(frozen=True)
class HandoutOptions:
    """What to build: ``text`` values come from ``-p``/``--data``, ``typed`` from ``-f``."""

    out: Path
    notebooks: tuple[Path, ...]
    text: dict[str, str] = field(default_factory=dict)
    typed: dict[str, object] = field(default_factory=dict)
    teams: tuple[Team, ...] = ()
    with_code: bool = False
    jobs: int | None = None
    progress: bool | None = None
    cwd: Path | None = None
    #: Chromium to print every handout to PDF with, inside the build (None: no PDFs).
    pdf_chromium: Path | None = None
    #: Seconds each notebook may run; one over it is stopped and reported (None: no limit).
    timeout: float | None = None
    #: Also write an editable PowerPoint deck beside each handout, inside the build.
    pptx: bool = False
    #: The organisation's .pptx whose masters and layouts the decks use (None: the default).
    pptx_template: Path | None = None


def plan_handouts(options: HandoutOptions, build: Path) -> list[RunRequest]:
    """Validate every value and return the runs writing into ``build``.

    Raises :class:`ParameterError` (or ``ParameterCellError``), and the loader's ``DataError``
    or ``FileNotFoundError`` for a dataset that cannot be used, before anything is written.
    """
    requests, sources = plan_runs(options, build)
    check_data_sources(sources)
    return requests


def plan_runs(options: HandoutOptions, build: Path) -> tuple[list[RunRequest], list[object]]:
    """Validate every parameter value; return the runs and the dataset each one reads."""
    notebooks = load_notebooks(options.notebooks)
    known = {name for nb in notebooks for name in nb.spec.names}
    check_names([*options.typed, *options.text], known, where="the notebook sequence")
    for member in options.teams:
        try:
            check_names([*member.typed, *member.text], known, where="the notebook sequence")
        except ParameterError as exc:
            raise ParameterError(f"team {member.name!r}: {exc}") from None
    run_date = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    version = __version__
    sets: Sequence[Team | None] = options.teams or (None,)
    requests = []
    sources: list[object] = []
    for team in sets:
        text, typed = _layer(options, team)
        root = build / team.slug if team else build
        for nb in notebooks:
            stem = nb.path.stem
            declared = set(nb.spec.names)
            try:
                values = resolve_parameters(
                    nb.spec,
                    text={k: v for k, v in text.items() if k in declared},
                    typed={k: v for k, v in typed.items() if k in declared},
                    cwd=options.cwd,
                    output_dir=root / "outputs" / stem,
                )
            except ParameterError as exc:
                where = f"team {team.name!r}, {stem}" if team else stem
                raise ParameterError(f"{where}: {exc}") from None
            sources.append(values.effective().get(DATA_PARAMETER))
            title = title_block(values, nb.heading, run_date=run_date, version=version)
            requests.append(
                RunRequest(
                    notebook=nb.path,
                    parameters=values.injected,
                    ipynb_path=root / f"{stem}.ipynb",
                    html_path=root / f"{stem}.html",
                    title=title,
                    label=f"{team.slug}/{stem}" if team else stem,
                    output_dir=root / "outputs" / stem,
                    log_path=root / "logs" / f"{stem}.log",
                    with_code=options.with_code,
                    requires=nb.requires,
                    timeout=options.timeout,
                    relative_cost=nb.relative_cost,
                )
            )
    return requests, sources


def _layer(options: HandoutOptions, team: Team | None) -> tuple[dict[str, str], dict[str, object]]:
    """Merge values: a team's own values win over the command line's, which win over ``-f``."""
    if team is None:
        return dict(options.text), dict(options.typed)
    text = {k: v for k, v in options.text.items() if k not in team.typed}
    typed = {k: v for k, v in options.typed.items() if k not in team.text}
    return {**text, **team.text}, {**typed, **team.typed}
