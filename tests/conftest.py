"""Test-wide settings: kernels started by the tests (nbval, papermill) run headless."""

import os

from vmo_lib.interactive import HEADLESS_VARIABLE

# Notebooks show their static results instead of widget panels, as in the handouts.
os.environ[HEADLESS_VARIABLE] = "1"
