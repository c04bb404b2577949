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

Runs are shared: a test that only reads a run's notebook, handout and exports asks the
session-scoped ``notebook_run(stem, data, **params)`` fixture, which executes each distinct
run once per session. Runs with the defaults on the bundled data come from one handout build
of the whole sequence when the session needs that build anyway (the browser tests look at it;
``test_notebooks.py`` checks every notebook's default run), so ``make test`` executes each
notebook once with its defaults, not once per test.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import matplotlib
import pytest
from notebook_runs import SessionRuns, browser_skip_reason, vmo

from vmo_lib.display.figures import INLINE_BACKEND
from vmo_lib.notebook.live import HEADLESS_VARIABLE
from vmo_lib.paths import DATASETS_DIR

matplotlib.use("Agg")  # before MPLBACKEND changes below: the tests draw off-screen
# Notebooks show their static results instead of widget panels, as in the handouts.
os.environ[HEADLESS_VARIABLE] = "1"
# Kernels nbval starts draw inline even when the caller's environment says Agg.
os.environ["MPLBACKEND"] = INLINE_BACKEND

#: Test modules whose every test (or module fixture) starts a kernel.
KERNEL_MODULES = frozenset(
    {
        "test_exercises_build.py",
        "test_grader_kernel.py",
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
        "projects_only_build",  # this file: shared by test_partial_data (and test_cli)
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


BROWSER_TESTS = Path(__file__).parent / "browser"
#: Tests that read every notebook's run with the defaults (test_notebooks.py).
DEFAULT_RUNS_TEST = "test_runs_with_the_defaults_without_errors_or_warnings"


def looks_at_the_browser_build(session: pytest.Session) -> bool:
    """Whether this session's browser tests will look at the whole sequence's handouts on the
    bundled data, printed to PDF (they are selected, and Chromium and Playwright are here)."""
    selected = any(BROWSER_TESTS in Path(str(item.fspath)).parents for item in session.items)
    return selected and browser_skip_reason() is None


def reads_every_default_run(session: pytest.Session) -> bool:
    """Whether this session reads every notebook's run with the defaults."""
    return any(getattr(i, "originalname", "") == DEFAULT_RUNS_TEST for i in session.items)


@pytest.fixture(scope="session")
def notebook_run(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> SessionRuns:
    """``notebook_run(stem, data=None, **params)``: the output folder of that ``vmo run``,
    executed once per session however many tests read it (the runs are read-only to tests).

    ``notebook_run.default_build()`` is ``vmo handouts`` of the whole sequence with the
    defaults (with ``--pdf`` when the browser tests look at it). When the session needs that
    build anyway (browser tests, or the test reading every notebook's default run),
    ``notebook_run(stem)`` with the defaults reads it instead of running ``stem`` again.
    """
    browser = looks_at_the_browser_build(request.session)
    whole = browser or reads_every_default_run(request.session)
    root = tmp_path_factory.mktemp("session-runs")
    return SessionRuns(root, whole_sequence=whole, pdf=browser)


@pytest.fixture(scope="session")
def projects_only_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """``vmo handouts`` of the whole sequence on a dataset holding only the case study's
    ``projects.csv`` (in a folder whose name has a space): notebooks 00 and 01 run, 01 skips
    its survey parts, the notebooks needing other tables are skipped whole. The build folder
    and what the command printed; shared by the session's tests (read-only)."""
    base = tmp_path_factory.mktemp("projects-only")
    data = base / "projects only"
    data.mkdir()
    shutil.copy(DATASETS_DIR / "harbourline" / "projects.csv", data / "projects.csv")
    status, out, err = vmo("handouts", "--data", data, "--out", base / "out", "--jobs", "2")
    assert status == 0, err
    return base / "out", out
