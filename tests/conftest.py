"""Test-wide settings for the kernels the tests start (nbval, papermill, the pipeline).

Kernels inherit this process's environment: they run headless (widget panels show their
static results, as in the handouts) and draw figures inline whatever ``MPLBACKEND`` or a
matplotlibrc of the caller says. This process itself draws with Agg (no display).
"""

import os

import matplotlib

from vmo_lib.notebook.live import HEADLESS_VARIABLE
from vmo_lib.pipeline.figure_display import INLINE_BACKEND

matplotlib.use("Agg")  # before MPLBACKEND changes below: the tests draw off-screen
# Notebooks show their static results instead of widget panels, as in the handouts.
os.environ[HEADLESS_VARIABLE] = "1"
# Kernels nbval starts draw inline even when the caller's environment says Agg.
os.environ["MPLBACKEND"] = INLINE_BACKEND
