"""Test-wide settings for the kernels the tests start (nbval, papermill, the pipeline), and the
``kernel`` marker that separates the fast lane from the tests that start Jupyter kernels.

Kernels inherit this process's environment: they run headless (widget panels show their
static results, as in the handouts) and draw figures inline whatever ``MPLBACKEND`` or a
matplotlibrc of the caller says. This process itself draws with Agg (no display).

The fast lane, ``make test-fast`` (``pytest tests -m "not kernel and not browser"``), leaves
out every test that starts a kernel: notebook cells under nbval, whole modules that run
notebooks (:data:`KERNEL_MODULES`), tests using a fixture that runs notebooks
(:data:`KERNEL_FIXTURES`) and the named tests of mixed modules (:data:`KERNEL_TESTS`).
A new test that runs a notebook (``vmo run``/``handouts``, ``run_notebook``, a ``RunPool``)
belongs in one of them, or carries ``@pytest.mark.kernel`` itself.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import matplotlib
import pytest
from notebook_runs import SessionRuns

from vmo_lib.display.figures import INLINE_BACKEND
from vmo_lib.notebook.live import HEADLESS_VARIABLE

matplotlib.use("Agg")  # before MPLBACKEND changes below: the tests draw off-screen
# Notebooks show their static results instead of widget panels, as in the handouts.
os.environ[HEADLESS_VARIABLE] = "1"
# Kernels nbval starts draw inline even when the caller's environment says Agg.
os.environ["MPLBACKEND"] = INLINE_BACKEND

#: Test modules whose every test (or module fixture) starts a kernel.
KERNEL_MODULES = frozenset(
    {
        "test_exercises_build.py",
        "test_notebook_01.py",
        "test_notebook_02.py",
        "test_notebook_03.py",
        "test_notebook_04.py",
        "test_notebook_05.py",
    }
)

#: Fixtures that run notebooks (module- or session-scoped runs and builds): a test using one,
#: directly or through another fixture, starts a kernel.
KERNEL_FIXTURES = frozenset(
    {
        "builds",  # test_handouts
        "class_build",  # test_handouts
        "constrained_run",  # test_portfolio_constraints
        "failed_run",  # test_runner
        "figures_run",  # test_runner
        "hostile_run",  # test_notebooks
        "notebook_run",  # this file: runs shared by the session
        "projects_only",  # test_partial_data
        "runs",  # test_federal_it_dashboard
    }
)

#: Tests that start a kernel themselves, in modules that mix them with fast tests.
KERNEL_TESTS: dict[str, frozenset[str]] = {
    "test_cli.py": frozenset({"test_notebooks_whose_tables_are_missing_are_skipped_with_a_reason"}),
    "test_handouts.py": frozenset(
        {
            "test_data_error_shuts_down_the_kernels_started_meanwhile",
            "test_an_interrupted_build_leaves_no_staging_folder",
            "test_agg_backend_and_another_folder_still_give_real_images",
            "test_a_figure_shown_as_text_fails_the_build",
            "test_a_notebook_over_its_time_limit_is_stopped_and_the_others_published",
        }
    ),
    "test_notebooks.py": frozenset(
        {
            "test_recorded_figures_match_a_hand_computation",
            "test_handout_states_its_rules_warns_and_uses_the_currency",
            "test_handout_stays_short_on_a_large_portfolio",
        }
    ),
    "test_partial_data.py": frozenset({"test_gap_analysis_without_benefits_kpis_or_skills"}),
    "test_portfolio_constraints.py": frozenset(
        {
            "test_funded_set_honours_every_constraint",
            "test_handout_shows_the_binding_limits_and_the_greedy_caveat",
            "test_infeasible_constraints_leave_a_note_and_the_run_succeeds",
        }
    ),
    "test_runner.py": frozenset(
        {
            "test_kernel_runs_in_the_notebook_folder_and_writes_only_in_out",
            "test_failed_run_shuts_its_kernel_down_and_reports_timings",
            "test_interrupted_run_shuts_its_kernel_down",
            "test_pool_closed_before_any_run_shuts_its_early_kernels_down",
            "test_run_from_another_folder_with_agg_draws_real_images",
            "test_a_run_that_ignores_interrupts_is_killed_at_its_time_limit",
        }
    ),
}


def starts_a_kernel(item: pytest.Item) -> bool:
    """Whether a collected test starts a Jupyter kernel (see the module docstring)."""
    if type(item).__name__ == "IPyNbCell" or item.get_closest_marker("kernel"):  # nbval
        return True
    module = Path(str(item.fspath)).name
    name = getattr(item, "originalname", item.name)
    fixtures = set(getattr(item, "fixturenames", ()))
    return (
        module in KERNEL_MODULES
        or bool(fixtures & KERNEL_FIXTURES)
        or name in KERNEL_TESTS.get(module, frozenset())
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark the tests that start kernels ``kernel``: ``-m "not kernel"`` is the fast lane."""
    for item in items:
        if starts_a_kernel(item):
            item.add_marker(pytest.mark.kernel)


@pytest.fixture(scope="session")
def notebook_run(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., Path]:
    """``notebook_run(stem, data=None, **params)``: the output folder of that ``vmo run``,
    executed once per session however many tests read it (the runs are read-only to tests)."""
    return SessionRuns(tmp_path_factory.mktemp("session-runs"))
