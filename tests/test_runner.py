"""Single headless runs: parameters reach the kernel, figures come back, failures are precise."""

from __future__ import annotations

import contextlib
import json
import shutil
import time
from pathlib import Path

import pytest
from kernel_checks import kernels, mark, zombies

from vmo_lib.cli import main
from vmo_lib.notebook.record import RECORD_MIME, read_records
from vmo_lib.pipeline import runner
from vmo_lib.pipeline.html import TitleBlock
from vmo_lib.pipeline.pool import RunPool
from vmo_lib.pipeline.runner import RunFailure, RunRequest, execute_run

FIXTURES = Path(__file__).parent / "fixtures" / "notebooks"
DATASETS = Path(__file__).resolve().parents[1] / "datasets"


@pytest.fixture(scope="module")
def figures_run(tmp_path_factory):
    """``vmo run`` of the figures notebook with non-default values (one kernel)."""
    base = tmp_path_factory.mktemp("run")
    data = base / "my data"
    shutil.copytree(DATASETS / "harbourline", data)
    params_file = base / "params.yaml"
    params_file.write_text("as_of: 2026-03-31\ntop_n: 3\nshow_closed: false\n")
    out = base / "out"
    status = main(
        [
            "run",
            str(FIXTURES / "00_figures.ipynb"),
            "-f",
            str(params_file),
            "-p",
            "top_n",
            "7",
            "-p",
            "eac_method",
            "atypical",
            "-p",
            "on_budget_tolerance",
            "0.125",
            "--data",
            str(data),
            "--out",
            str(out),
        ]
    )
    return status, out, data


def test_run_writes_notebook_and_html(figures_run):
    status, out, _ = figures_run
    assert status == 0
    assert (out / "00_figures.ipynb").is_file()
    assert (out / "00_figures.html").is_file()


def test_recorded_figures_reflect_the_parameters(figures_run):
    _, out, data = figures_run
    records = read_records(out / "00_figures.ipynb")
    assert records["top_n_squared"] == 49  # -p wins over the params file
    assert records["method"] == "atypical"
    assert records["tolerance_pct"] == pytest.approx(12.5)
    assert records["as_of"] == "2026-03-31"  # a YAML date, passed as ISO text
    assert records["show_closed"] is False
    assert records["data"] == str(data.resolve()) and records["data_exists"] is True


def test_kernel_runs_in_the_notebook_folder_and_writes_only_in_out(figures_run):
    _, out, _ = figures_run
    records = read_records(out / "00_figures.ipynb")
    assert Path(records["cwd"]) == FIXTURES.resolve()
    assert Path(records["output_dir"]) == out / "outputs" / "00_figures"
    assert (out / "outputs" / "00_figures" / "figures.txt").read_text() == "7"
    assert not (FIXTURES / "outputs").exists()


def test_read_records_accepts_a_node_and_last_value_wins():
    cell = {
        "cell_type": "code",
        "outputs": [
            {"output_type": "display_data", "data": {RECORD_MIME: {"name": "a", "value": 1}}},
            {"output_type": "display_data", "data": {RECORD_MIME: {"name": "a", "value": 2}}},
            {"output_type": "stream", "name": "stdout", "text": "a"},
        ],
    }
    assert read_records({"cells": [cell]}) == {"a": 2}


def test_record_needs_json_values(monkeypatch):
    from vmo_lib.notebook import record as module

    shown = []
    monkeypatch.setattr("IPython.display.display", lambda obj, raw: shown.append(obj))
    module.record("share", float("nan"))
    assert shown[0][RECORD_MIME] == {"name": "share", "value": None, "label": "", "unit": ""}
    assert shown[0]["text/plain"] == ""
    module.record("on_time", 0.5, label="On time", unit="percent")
    assert (
        shown[1][RECORD_MIME]["label"] == "On time" and shown[1][RECORD_MIME]["unit"] == "percent"
    )
    with pytest.raises(TypeError, match="JSON-able"):
        module.record("bad", object())
    with pytest.raises(ValueError, match="unit must be one of"):
        module.record("bad", 1, unit="furlongs")


@pytest.fixture(scope="module")
def failed_run(tmp_path_factory):
    """``vmo run`` of a notebook raising in its third cell (one kernel)."""
    import io

    out = tmp_path_factory.mktemp("failed") / "out"
    stderr = io.StringIO()
    with contextlib.redirect_stderr(stderr):
        status = main(
            ["run", str(FIXTURES / "fails.ipynb"), "-p", "reason", "kaput", "--out", str(out)]
        )
    return status, out, stderr.getvalue()


def test_failure_names_cell_and_error_without_traceback(failed_run):
    status, out, stderr = failed_run
    assert status == 1
    assert "fails failed: cell 3, line 1 `raise ValueError(" in stderr
    assert "ValueError: deliberate failure: kaput" in stderr
    assert "Traceback" not in stderr
    nb = json.loads((out / "fails.ipynb").read_text())
    assert any(o.get("output_type") == "error" for c in nb["cells"] for o in c.get("outputs", []))
    page = (out / "fails.html").read_text()
    assert "This run failed" in page and "deliberate failure: kaput" in page


def test_failure_describe():
    failure = RunFailure("KeyError: 'x'", cell=4, source_line="df['x']")
    assert failure.describe() == "cell 4 `df['x']`: KeyError: 'x'"
    assert RunFailure("DeadKernelError: died").describe() == "DeadKernelError: died"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-p", "top_m", "3"], "unknown parameter 'top_m' for 00_figures; did you mean 'top_n'?"),
        (["-p", "as_of", "yesterday"], "as_of must be a date like 2026-09-30, got 'yesterday'"),
        (["-p", "eac_method", "evm"], "eac_method must be one of 'cpi', 'atypical', 'cpi_spi'"),
        (["-p", "top_n", "0"], "top_n must be between 1 and 100, got 0"),
    ],
)
def test_bad_values_are_rejected_before_any_kernel_starts(tmp_path, capsys, args, message):
    out = tmp_path / "out"
    status = main(["run", str(FIXTURES / "00_figures.ipynb"), *args, "--out", str(out)])
    err = capsys.readouterr().err
    assert status == 2
    assert err.strip() == f"vmo: error: {message}" or message in err.splitlines()[0]
    assert len(err.strip().splitlines()) == 1
    assert not out.exists()


#: The resolution of papermill's cell time stamps (ISO text, to the microsecond).
STAMP = 1e-6


def _request(notebook: Path, out: Path, **parameters: object) -> RunRequest:
    return RunRequest(
        notebook=notebook,
        parameters=dict(parameters),
        ipynb_path=out / f"{notebook.stem}.ipynb",
        html_path=out / f"{notebook.stem}.html",
        title=TitleBlock(notebook.stem, "Org", "harbourline", "2026-01-01", "0.1.0"),
        log_path=out / "logs" / f"{notebook.stem}.log",
    )


def test_failed_run_shuts_its_kernel_down_and_reports_timings(tmp_path, monkeypatch):
    marker = mark(monkeypatch)
    result = execute_run(_request(FIXTURES / "fails.ipynb", tmp_path, reason="late"))
    assert result.failure is not None and result.failure.cell == 3
    assert kernels(marker) == [] and zombies() == []
    timings = result.timings
    assert {"kernel_start", "execute", "cells", "html_export"} <= set(timings)
    assert all(phase.seconds >= 0 for phase in timings.values())
    # One time line, in order: the kernel starts and answers, papermill runs the cells, then
    # the handout is exported. Cell times are papermill's stamps, rounded to the microsecond.
    kernel, cells, export = timings["kernel_start"], timings["cells"], timings["html_export"]
    execute = timings["execute"]
    assert kernel.end <= cells.start
    assert execute.start - STAMP <= cells.start and cells.end <= execute.end + STAMP
    assert cells.end <= export.start + STAMP
    assert kernel.seconds + cells.seconds + export.seconds <= result.seconds


def test_interrupted_run_shuts_its_kernel_down(tmp_path, monkeypatch):
    marker = mark(monkeypatch)
    alive: list[int] = []

    def interrupted(request, kernel, timings):
        alive.extend(kernels(marker))
        raise KeyboardInterrupt

    monkeypatch.setattr(runner, "_papermill", interrupted)
    with pytest.raises(KeyboardInterrupt):
        execute_run(_request(FIXTURES / "fails.ipynb", tmp_path))
    assert alive, "the kernel should have been running when the run was interrupted"
    assert kernels(marker) == [] and zombies() == []


def test_pool_closed_before_any_run_shuts_its_early_kernels_down(monkeypatch):
    marker = mark(monkeypatch)
    seen: list[int] = []
    with RunPool(2, jobs=2, kernel_folder=FIXTURES) as pool:
        deadline = time.monotonic() + 30
        while len(seen) < pool.workers and time.monotonic() < deadline:
            seen = kernels(marker)
            time.sleep(0.05)
    assert len(seen) == 2  # one kernel started ahead per worker, none for runs never submitted
    assert kernels(marker) == [] and zombies() == []


def test_failure_names_the_line_that_raised_not_the_cellsfirst_line():
    from types import SimpleNamespace

    from vmo_lib.pipeline.failures import execution_failure

    exc = SimpleNamespace(
        ename="KeyError",
        evalue="'budget'",
        cell_index=5,
        source="charts.set_theme()\norg = load(data)\ntotal = org['budget']\n",
        traceback=[
            "\x1b[0;31mKeyError\x1b[0m  Traceback (most recent call last)",
            "Cell \x1b[0;32mIn[4], line 3\x1b[0m\n      1 charts.set_theme()\n      2 org = "
            "load(data)\n\x1b[0;32m----> 3\x1b[0m total = org['budget']",
        ],
    )
    failure = execution_failure(exc)
    assert failure.describe() == "cell 5, line 3 `total = org['budget']`: KeyError: 'budget'"


def test_recorded_values_come_back_as_plain_python_types():
    import nbformat

    from vmo_lib.notebook.record import read_figures

    payload = {"name": "groups", "value": {"Executive": 5}, "label": "", "unit": ""}
    output = {"output_type": "display_data", "data": {RECORD_MIME: payload}, "metadata": {}}
    cell = {"cell_type": "code", "source": "", "metadata": {}, "outputs": [output]}
    node = nbformat.from_dict({"cells": [cell], "metadata": {}})
    value = read_figures(node)["groups"].value
    assert type(value) is dict and value == {"Executive": 5}  # no NotebookNode to unpickle


def test_a_long_error_is_cut_to_its_first_line_with_a_pointer():
    from vmo_lib.pipeline.failures import first_line

    message = "3 problems in the data:\n  - row 2: bad\n  - row 5: worse\n"
    assert first_line(message) == (
        "3 problems in the data: (and 2 more lines: see the executed notebook)"
    )
    assert first_line("just one") == "just one"


def test_an_undrawn_figure_or_a_kept_error_is_a_failure():
    from vmo_lib.pipeline.failures import output_failure

    def code(*outputs, tags=()):
        return {"cell_type": "code", "metadata": {"tags": list(tags)}, "outputs": list(outputs)}

    figure_text = {"text/plain": "<Figure size 700x520 with 1 Axes>"}
    drawn = {"output_type": "display_data", "data": {**figure_text, "image/png": "iVBOR"}}
    undrawn = {"output_type": "display_data", "data": figure_text}
    injected = code(tags=["injected-parameters"])
    markdown = {"cell_type": "markdown", "metadata": {}, "source": "# Title"}
    assert output_failure({"cells": [markdown, code(drawn)]}) is None
    failure = output_failure({"cells": [markdown, injected, code(drawn), code(undrawn, undrawn)]})
    assert failure is not None and failure.cell == 3
    assert failure.error.startswith("2 figures were not drawn as an image (cell 3)")
    error = {"output_type": "error", "ename": "ValueError", "evalue": "bad", "traceback": []}
    kept = {"cell_type": "code", "metadata": {}, "source": "raise ValueError('bad')",
            "outputs": [error]}  # fmt: skip
    failure = output_failure({"cells": [markdown, kept]})
    assert failure is not None
    assert failure.describe() == "cell 2 `raise ValueError('bad')`: ValueError: bad"


def test_run_from_another_folder_with_agg_draws_real_images(tmp_path, monkeypatch):
    """``vmo run`` with MPLBACKEND=Agg and a matplotlibrc saying Agg in the current folder."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "matplotlibrc").write_text("backend: agg\n", encoding="utf-8")
    monkeypatch.chdir(elsewhere)
    monkeypatch.setenv("MPLBACKEND", "Agg")
    notebook = FIXTURES / "00_figures.ipynb"
    assert main(["run", str(notebook), "--out", "runs", "-p", "top_n", "2"]) == 0
    outputs = [
        output
        for cell in json.loads((elsewhere / "runs" / "00_figures.ipynb").read_text())["cells"]
        for output in cell.get("outputs", [])
    ]
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(images) == 1
    assert images[0]["metadata"]["image/png"]["alt"].startswith("Budget by project.")
    page = (elsewhere / "runs" / "00_figures.html").read_text(encoding="utf-8")
    assert "data:image/png;base64" in page and "&lt;Figure size" not in page


def test_kernel_environment_draws_inline_whatever_the_caller_says():
    from vmo_lib.notebook.live import HEADLESS_VARIABLE
    from vmo_lib.pipeline.kernels import kernel_environment

    caller = {"MPLBACKEND": "Agg", "MATPLOTLIBRC": "/somewhere", "PATH": "/bin"}
    environment = kernel_environment(caller)
    assert environment["MPLBACKEND"] == "module://matplotlib_inline.backend_inline"
    assert environment[HEADLESS_VARIABLE] == "1" and environment["PATH"] == "/bin"
    assert caller["MPLBACKEND"] == "Agg"  # the caller's own environment is left alone


def test_a_run_that_ignores_interrupts_is_killed_at_its_time_limit(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(runner, "_KILL_GRACE", 2.0)
    marker = mark(monkeypatch)
    notebook = FIXTURES / "stubborn.ipynb"
    status = main(["run", str(notebook), "--out", str(tmp_path / "out"), "--timeout", "3"])
    assert status == 1
    assert "stubborn failed: timed out: stopped after 3 s (--timeout)" in capsys.readouterr().err
    assert kernels(marker) == [] and zombies() == []


def test_what_kernels_import_loads_no_pipeline_machinery():
    """A kernel imports ``vmo_lib.notebook`` (and may touch ``vmo_lib.pipeline``): neither may
    pull in papermill, nbconvert or the pipeline's own modules at load time."""
    import subprocess
    import sys

    probe = (
        "import sys, vmo_lib.pipeline, vmo_lib.notebook.record, vmo_lib.notebook.params\n"
        "heavy = ('papermill', 'nbconvert', 'nbclient', 'jupyter_client', 'vmo_lib.pipeline.')\n"
        "print(sorted(m for m in sys.modules if m.startswith(heavy)))\n"
    )
    root = Path(__file__).resolve().parents[1]
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=root, check=True
    )
    assert done.stdout.strip() == "[]"
