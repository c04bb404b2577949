"""Deterministic generator of a synthetic organisation: every table of the dataset schema.

Why: the notebooks need data to teach with, tests need data of any size, and trainers want a
fresh organisation per workshop group. :func:`generate_organisation` draws one from a seed and
:func:`write_dataset` writes it as one CSV per table.

This module is the public facade; the building blocks live in :mod:`vmo_lib.data.synthetic`
(one module per concern; its package docstring explains how the data hangs together).
"""

from __future__ import annotations

from vmo_lib.data.synthetic.csv_io import write_dataset
from vmo_lib.data.synthetic.generate import generate_organisation

__all__ = ["generate_organisation", "write_dataset"]
