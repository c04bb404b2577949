"""``vmo exercises grade`` with real kernels (few, with short time limits): a stuck notebook
times out, a forged pass record scores nothing, a typo in task 2 still grades tasks 3-6, and
SIGTERM stops the grading cleanly with the summary of what was graded."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pandas as pd
import pytest

from vmo_lib.cli import main
from vmo_lib.exercises.catalogue import read_notebook, source_notebooks
from vmo_lib.exercises.source import solution_notebook, trainee_notebook

EX00 = next(p for p in source_notebooks() if p.stem == "ex00_baseline")
REPO = Path(__file__).resolve().parents[1]


def _text(cell):
    return cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])


def _replace(content, old, new):
    content = json.loads(json.dumps(content))
    for cell in content["cells"]:
        if old in _text(cell):
            cell["source"] = _text(cell).replace(old, new)
            return content
    raise AssertionError(old)


def _write(path: Path, content) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(content), encoding="utf-8")


@pytest.fixture(scope="module")
def versions():
    source = read_notebook(EX00)
    return solution_notebook(source), trainee_notebook(source)


def _stuck(trainee):
    return _replace(trainee, "cpi = ...", "while True:\n    pass")


def test_stuck_forged_and_typo_notebooks(tmp_path, versions):
    solution, trainee = versions
    room = tmp_path / "room"
    forged = json.loads(json.dumps(trainee))
    forged["cells"].append(
        {
            "cell_type": "code",
            "metadata": {},
            "outputs": [],
            "source": "from vmo_lib.notebook.record import record\n"
            "for t in ['t1_cpi', 't2_portfolio_cpi', 't3_on_budget', 't4_watermelon']:\n"
            "    record('check:ex00_baseline:' + t, {'passed': True, 'grade': '1'})",
        }
    )
    _write(room / "ann" / "ex00_baseline.ipynb", forged)
    typo = _replace(
        solution,
        'portfolio_cpi = delivery["earned_value"].sum()',
        'portfolio_cpi = delivry["earned_value"].sum()',
    )
    _write(room / "bob" / "ex00_baseline.ipynb", typo)
    out = tmp_path / "grading"
    args = ["exercises", "grade", str(room), "--out", str(out), "--jobs", "2"]
    assert main(args) == 0
    book = pd.read_csv(out / "gradebook.csv", dtype=str).set_index("trainee")
    assert book.loc["ann"].drop("seed").tolist() == ["blank"] * 6
    assert book.loc["bob"].drop("seed").tolist() == ["1", "error", "1", "1", "review", "review"]

    stuck_room = tmp_path / "stuck"
    _write(stuck_room / "cy" / "ex00_baseline.ipynb", _stuck(trainee))
    started = time.monotonic()
    assert main(["exercises", "grade", str(stuck_room), "--out", str(out), "--timeout", "5"]) == 0
    assert time.monotonic() - started < 60  # the 5 s limit, kernel start-up and shut-down
    book = pd.read_csv(out / "gradebook.csv", dtype=str).set_index("trainee")
    assert book.loc["cy"].drop("seed").tolist() == ["timeout"] * 6
    notebooks = pd.read_csv(out / "notebooks.csv")
    assert notebooks["Status"].iloc[0].startswith("timeout: ran out of time (5 s)")


def test_sigterm_stops_cleanly_and_writes_what_was_graded(tmp_path, versions):
    _, trainee = versions
    room = tmp_path / "room"
    _write(room / "ann" / "ex00_baseline.ipynb", trainee)
    _write(room / "zed" / "ex00_baseline.ipynb", _stuck(trainee))
    out = tmp_path / "grading"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    command = [sys.executable, "-m", "vmo_lib", "exercises", "grade", str(room), "--out", str(out)]
    process = subprocess.Popen(
        [*command, "--jobs", "1", "--timeout", "600"],
        stderr=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(process.stderr), daemon=True)
    reader.start()
    deadline = time.monotonic() + 120
    while not any("ann/ex00_baseline.ipynb" in line for line in lines):
        assert process.poll() is None and time.monotonic() < deadline, lines
        time.sleep(0.2)
    time.sleep(2)  # zed's kernel is now stuck in its loop
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=60) == 130
    notebooks = pd.read_csv(out / "notebooks.csv").set_index("Notebook")
    assert notebooks.loc["ann/ex00_baseline.ipynb", "Status"] == "ran"
    assert notebooks.loc["zed/ex00_baseline.ipynb", "Status"].startswith("interrupted")
    assert "Grading was interrupted" in (out / "summary.html").read_text(encoding="utf-8")
    assert "Interrupted" in process.stdout.read()
