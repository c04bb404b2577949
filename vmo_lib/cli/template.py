"""``vmo template OUT.xlsx``: write the blank Excel data template.

The work is in :func:`vmo_lib.data.template.write_template`.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from vmo_lib.cli.common import UsageError

__all__ = ["add_command"]


def add_command(commands: argparse._SubParsersAction) -> None:
    """Add the ``template`` sub-command to ``vmo``."""
    template = commands.add_parser("template", help="write the blank Excel data template")
    template.add_argument("path", type=Path, metavar="OUT.xlsx")
    template.add_argument("--force", action="store_true", help="overwrite an existing file")
    template.set_defaults(command=_template)


def _template(args: argparse.Namespace) -> int:
    from vmo_lib.data.template import write_template

    try:
        path = write_template(args.path, overwrite=args.force)
    except FileExistsError:
        raise UsageError(f"{args.path} already exists (use --force to overwrite)") from None
    print(f"Wrote the data template to {path}")
    return 0
