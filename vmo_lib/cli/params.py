"""``vmo params NOTEBOOK``: list a notebook's parameters (name, type, default, help).

Reads the ``parameters`` cell without starting a kernel (:mod:`vmo_lib.pipeline.spec`).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from vmo_lib.cli.common import UsageError, find_notebook_argument

__all__ = ["add_command"]


def add_command(commands: argparse._SubParsersAction) -> None:
    """Add the ``params`` sub-command to ``vmo``."""
    params = commands.add_parser("params", help="list a notebook's parameters")
    params.add_argument("notebook", help="notebook path, or a name like 00_portfolio_baseline")
    params.add_argument("--notebooks", type=Path, metavar="DIR", help=argparse.SUPPRESS)
    params.set_defaults(command=_params)


def _params(args: argparse.Namespace) -> int:
    from vmo_lib.pipeline.parameters import ParameterCellError
    from vmo_lib.pipeline.spec import read_parameters

    try:
        spec = read_parameters(find_notebook_argument(args))
    except ParameterCellError as exc:
        raise UsageError(str(exc)) from None
    rows = [("NAME", "TYPE", "DEFAULT", "HELP")]
    rows += [(p.name, p.type_label, _shown(p.default), p.help) for p in spec.parameters]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    print(f"Parameters of {spec.notebook.name}:")
    for name, kind, default, help_text in rows:
        cells = (name.ljust(widths[0]), kind.ljust(widths[1]), default.ljust(widths[2]))
        print("  ".join((*cells, help_text)))
    return 0


def _shown(value: object) -> str:
    """A default as a user would type it: ``true`` for a boolean, ``'cpi'`` for text.

    >>> _shown(True), _shown("cpi"), _shown(10)
    ('true', "'cpi'", '10')
    """
    return str(value).lower() if isinstance(value, bool) else repr(value)
