"""``vmo check-data PATH``: validate a dataset and report every problem, or its summary.

Loading is :func:`vmo_lib.data.load_organisation`; problems are printed as the loader words
them (file, table, row, column, value, rule) with exit status 1. Warnings do not fail it.
"""

from __future__ import annotations

import argparse
import sys

from vmo_lib.cli.common import EXIT_FAILURE, EXIT_USAGE, fail, one_line

__all__ = ["add_command"]


def add_command(commands: argparse._SubParsersAction) -> None:
    """Add the ``check-data`` sub-command to ``vmo``."""
    check = commands.add_parser("check-data", help="validate a dataset and report problems")
    check.add_argument("path", help="folder of CSV files, .xlsx workbook or bundled name")
    check.set_defaults(command=_check_data)


def _check_data(args: argparse.Namespace) -> int:
    from vmo_lib.data import load_organisation
    from vmo_lib.data.errors import DataError

    try:
        organisation = load_organisation(args.path)
    except DataError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_FAILURE
    except FileNotFoundError as exc:
        return fail(one_line(exc), EXIT_USAGE)
    summary = organisation.summary() if hasattr(organisation, "summary") else str(organisation)
    print(f"OK: {summary}")
    warnings = getattr(organisation, "warnings", ())
    if warnings:  # loaded anyway: printed for a person to look at, exit status stays 0
        noun = "warning" if len(warnings) == 1 else "warnings"
        print(f"{len(warnings):,} {noun} (the data loads; worth a look):")
        print("\n".join(f"  - {w}" for w in warnings))
    return 0
