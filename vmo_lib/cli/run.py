"""``vmo run NOTEBOOK``: run one notebook headlessly and export it as an HTML handout.

Arguments and messages only; the work is in :mod:`vmo_lib.pipeline.runner`. Parameter values
and the dataset are checked before any kernel starts.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from vmo_lib.cli.common import (
    EXIT_FAILURE,
    EXIT_USAGE,
    UsageError,
    add_deck_options,
    add_timeout,
    add_value_options,
    deck_template_of,
    fail,
    find_notebook_argument,
    one_line,
    output_folder,
    values_of,
)

__all__ = ["add_command"]


def add_command(commands: argparse._SubParsersAction) -> None:
    """Add the ``run`` sub-command to ``vmo``."""
    run = commands.add_parser("run", help="run one notebook and export it as HTML")
    run.add_argument("notebook", help="notebook path, or a name like 00_portfolio_baseline")
    add_value_options(run)
    run.add_argument(
        "--out",
        type=Path,
        default=Path("reports/runs"),
        metavar="DIR",
        help="output folder (default: reports/runs)",
    )
    run.add_argument("--with-code", action="store_true", help="show the code in the HTML")
    add_deck_options(run)
    add_timeout(run)
    run.add_argument("--notebooks", type=Path, metavar="DIR", help=argparse.SUPPRESS)
    run.set_defaults(command=_run)


def _run(args: argparse.Namespace) -> int:
    from vmo_lib.data import DataError
    from vmo_lib.pipeline.parameters import DATA_PARAMETER, ParameterCellError, ParameterError
    from vmo_lib.pipeline.runner import RunRequest, execute_run, title_block
    from vmo_lib.pipeline.sequence import notebook_heading_of
    from vmo_lib.pipeline.spec import load_notebook_json, read_parameters, read_requirements
    from vmo_lib.pipeline.values import (
        check_data_sources,
        missing_requirements,
        resolve_parameters,
    )

    notebook = find_notebook_argument(args)
    text, typed = values_of(args)
    template = deck_template_of(args)
    out = output_folder(args.out)
    stem = notebook.stem
    try:
        content = load_notebook_json(notebook)
        spec = read_parameters(notebook, content=content)
        values = resolve_parameters(
            spec, text=text, typed=typed, cwd=Path.cwd(), output_dir=out / "outputs" / stem
        )
        source = values.effective().get(DATA_PARAMETER)
        missing = check_data_sources([source]).get(str(source), ())
        lacking = missing_requirements(read_requirements(content, notebook.name), missing)
        if lacking:
            return fail(f"{stem} {lacking}.", EXIT_FAILURE)
    except (ParameterCellError, ParameterError) as exc:
        raise UsageError(str(exc)) from None
    except FileNotFoundError as exc:
        return fail(one_line(exc), EXIT_USAGE)
    except DataError as exc:
        return fail(str(exc), EXIT_FAILURE)
    request = RunRequest(
        notebook=notebook,
        parameters=values.injected,
        ipynb_path=out / f"{stem}.ipynb",
        html_path=out / f"{stem}.html",
        title=title_block(values, notebook_heading_of(content, stem)),
        output_dir=out / "outputs" / stem,
        log_path=out / "logs" / f"{stem}.log",
        with_code=args.with_code,
        timeout=args.timeout,
    )
    print(f"Running {notebook.name}...", file=sys.stderr)
    result = execute_run(request)
    if result.failure is not None:
        print(f"{stem} failed: {result.failure.describe()}", file=sys.stderr)
        if request.ipynb_path.exists():
            print(f"The executed notebook is in {request.ipynb_path}", file=sys.stderr)
        return EXIT_FAILURE
    print(f"Wrote {request.html_path} and {request.ipynb_path.name} ({result.seconds:.1f} s)")
    if args.pptx or template is not None:
        return _deck(request.ipynb_path, request.html_path.with_suffix(".pptx"), template)
    return 0


def _deck(executed: Path, path: Path, template: Path | None) -> int:
    """The run's editable deck, beside its handout."""
    from vmo_lib.pipeline.decks import DeckError, write_deck

    try:
        print(f"Wrote {write_deck(executed, path, template)}")
    except DeckError as exc:
        return fail(one_line(exc), EXIT_FAILURE)
    return 0
