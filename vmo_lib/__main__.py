"""``python -m vmo_lib``: the same as the ``vmo`` command."""

from vmo_lib.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
