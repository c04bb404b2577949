"""``vmo scenarios FILE --out DIR``: funding scenarios side by side, with a decision log.

Registered through :data:`vmo_lib.cli.COMMAND_MODULES`; the work is done by
:mod:`vmo_lib.scenarios.run` (imported in the handler so ``vmo --help`` stays fast).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from vmo_lib.cli.common import (
    EXIT_FAILURE,
    UsageError,
    add_timeout,
    add_value_options,
    fail,
    output_folder,
    positive,
    values_of,
)

__all__ = ["add_command"]


def add_command(commands: argparse._SubParsersAction) -> None:
    """Add the ``scenarios`` sub-command to the ``vmo`` parser."""
    parser = commands.add_parser(
        "scenarios",
        help="compare named funding scenarios (notebook 04 settings) side by side",
        description="Check every scenario, build each one's notebook 04 handout, write one "
        "comparison page and the decision log of the chosen scenario.",
    )
    parser.add_argument("file", type=Path, metavar="FILE", help="YAML or CSV list of scenarios")
    add_value_options(parser)
    parser.add_argument("--out", type=Path, required=True, metavar="DIR", help="output folder")
    parser.add_argument(
        "--decision",
        metavar="NAME",
        help="scenario whose decision log is written (default: the first)",
    )
    parser.add_argument(
        "--no-handouts",
        action="store_true",
        help="compare only: do not build the scenarios' handouts",
    )
    parser.add_argument("--jobs", type=positive, metavar="N", help="notebooks run at once")
    parser.add_argument("--notebooks", type=Path, metavar="DIR", help="folder of notebook 04")
    add_timeout(parser)
    parser.set_defaults(command=_scenarios)


def _scenarios(args: argparse.Namespace) -> int:
    from vmo_lib.scenarios.run import ScenarioError, ScenarioOptions, run_scenarios

    text, typed = values_of(args)
    options = ScenarioOptions(
        file=args.file,
        out=output_folder(args.out),
        text=text,
        typed=typed,
        decision=args.decision,
        handouts=not args.no_handouts,
        notebooks=args.notebooks,
        jobs=args.jobs,
        timeout=args.timeout,
        cwd=Path.cwd(),
    )
    if not args.file.exists():
        raise UsageError(f"no scenario file {args.file}")
    try:
        page = run_scenarios(options)
    except ScenarioError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_FAILURE
    except FileNotFoundError as exc:
        return fail(" ".join(str(exc).split()), EXIT_FAILURE)
    print(
        f"Wrote the comparison page {page} and the decision log in {page.parent / 'decision_log'}"
    )
    return 0
