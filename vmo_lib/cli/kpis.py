"""``vmo kpi-template OUT.xlsx``: write the value-measurement template for project teams.

Registered through :data:`vmo_lib.cli.COMMAND_MODULES`; heavy imports happen in the handler
so ``vmo --help`` stays fast.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from vmo_lib.cli.common import UsageError

__all__ = ["add_command"]


def add_command(commands: argparse._SubParsersAction) -> None:
    """Add the ``kpi-template`` sub-command to the ``vmo`` parser."""
    parser = commands.add_parser(
        "kpi-template",
        help="write the value-measurement template (one sheet per stage gate)",
        description="Write an Excel template in which project teams record their KPIs and "
        "benefits at each stage gate: business case, in flight, closure, post-closure.",
    )
    parser.add_argument("path", type=Path, metavar="OUT.xlsx")
    parser.add_argument(
        "--data",
        metavar="PATH",
        help="dataset whose KPI catalogue is listed in the template (bundled name, CSV folder "
        "or .xlsx); default: none",
    )
    parser.add_argument(
        "--currency",
        metavar="CODE",
        help="currency code of the money amounts, named in the instructions (default: the "
        "workbook's currency setting)",
    )
    parser.add_argument("--force", action="store_true", help="overwrite an existing file")
    parser.set_defaults(command=_kpi_template)


def _kpi_template(args: argparse.Namespace) -> int:
    from vmo_lib.currency import CurrencyError, set_currency
    from vmo_lib.data import load_organisation
    from vmo_lib.data.errors import DataError
    from vmo_lib.kpis.template import write_measurement_template

    catalogue = None
    if args.data:
        try:
            catalogue = load_organisation(args.data).kpis
        except (DataError, FileNotFoundError) as exc:
            first = str(exc).splitlines()[0]
            raise UsageError(f"cannot read the KPI catalogue from {args.data}: {first}") from None
    currency = None
    if args.currency:
        try:
            previous = set_currency(args.currency)  # checks the code and upper-cases it
            currency = set_currency(previous)  # the code just set; the setting restored
        except CurrencyError as exc:
            raise UsageError(str(exc)) from None
    try:
        path = write_measurement_template(
            args.path, catalogue, overwrite=args.force, currency=currency
        )
    except FileExistsError:
        raise UsageError(f"{args.path} already exists (use --force to overwrite)") from None
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    print(f"Wrote the value-measurement template to {path}")
    return 0
