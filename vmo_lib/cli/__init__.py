"""The ``vmo`` command: run notebooks headlessly, build handouts, check data.

One module per sub-command (``run``, ``params``, ``handouts``, ``template``, ``check_data``,
``importer``, ``kpis``, ``exercises``), each defining ``add_command(commands)``; what they share
(exit statuses, :class:`~vmo_lib.cli.common.UsageError`, the output-folder check, option
helpers) is public in :mod:`vmo_lib.cli.common`. This package only parses arguments and prints
messages; the work is done by :mod:`vmo_lib.pipeline`, :mod:`vmo_lib.data` and the topic
packages. Every expected problem (a bad parameter, a missing notebook, invalid data, an
existing file) prints one line, without a traceback, and exits with :data:`EXIT_USAGE` (2) or
:data:`EXIT_FAILURE` (1).
"""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Callable, Sequence

from vmo_lib.cli.common import DEFAULT_TIMEOUT, EXIT_FAILURE, EXIT_USAGE, UsageError, fail

__all__ = ["DEFAULT_TIMEOUT", "EXIT_FAILURE", "EXIT_USAGE", "UsageError", "build_parser", "main"]

#: The sub-command modules, in the order ``vmo --help`` lists them. Each defines
#: ``add_command(commands)``, which calls ``commands.add_parser(...)`` and
#: ``set_defaults(command=handler)``; ``handler(args)`` returns the exit status and may raise
#: :class:`UsageError`. Keep their top-level imports light (argparse, pathlib,
#: :mod:`vmo_lib.cli.common`) and import the heavy modules inside the handler, so ``vmo --help``
#: stays fast.
COMMAND_MODULES: tuple[str, ...] = (
    "vmo_lib.cli.run",
    "vmo_lib.cli.params",
    "vmo_lib.cli.handouts",
    "vmo_lib.cli.template",
    "vmo_lib.cli.check_data",
    "vmo_lib.cli.importer",
    "vmo_lib.cli.kpis",
    "vmo_lib.cli.exercises",
    "vmo_lib.cli.scenarios",
)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``vmo`` and ``python -m vmo_lib``; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    command: Callable[[argparse.Namespace], int] = args.command
    try:
        _stop_cleanly_on_sigterm()
        return command(args)
    except UsageError as exc:
        return fail(str(exc), EXIT_USAGE)
    except KeyboardInterrupt:
        return fail("interrupted", 130)


def _stop_cleanly_on_sigterm() -> None:
    """Treat SIGTERM (``kill``, a CI timeout) like Ctrl-C: kernels are shut down and no staging
    folder is left behind. Only possible from the main thread."""
    import signal
    import threading

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, interrupt)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``vmo`` with its sub-commands."""
    parser = argparse.ArgumentParser(
        prog="vmo", description="VMO workbook: run the analysis notebooks and build handouts."
    )
    commands = parser.add_subparsers(title="commands", required=True, metavar="COMMAND")
    for module_name in COMMAND_MODULES:
        importlib.import_module(module_name).add_command(commands)
    return parser
