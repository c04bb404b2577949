"""`vmo exercises build` and `vmo exercises grade` end to end (runs notebooks in kernels)."""

from __future__ import annotations

import html
import json
import re
import shutil

import pandas as pd
import pytest

from vmo_lib.cli import main
from vmo_lib.exercises.catalogue import exercise_tasks, source_notebooks

SOURCES = source_notebooks()
NAMES = [p.stem for p in SOURCES]


def _visible_text(page: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", page))


def _secret_lines(path):
    """Lines between solution markers of a source (plain scan, independent of the builder)."""
    lines, inside = set(), False
    for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
        for line in "".join(cell["source"]).splitlines():
            if re.fullmatch(r"\s*(### (BEGIN|END) SOLUTION|<!-- (BEGIN|END) SOLUTION -->)", line):
                inside = "BEGIN" in line
            elif inside and len(line.strip()) > 15 and not re.fullmatch(r'\w+ = f?"""', line):
                lines.add(line.strip())
    return lines


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("exercises") / "build"
    assert main(["exercises", "build", "--out", str(out), "--jobs", "2"]) == 0
    return out


def test_build_writes_both_versions_and_their_handouts(built):
    for name in NAMES:
        for kind in ("trainee", "solutions"):
            assert (built / kind / f"{name}.ipynb").is_file()
            assert (built / kind / f"{name}.html").is_file()
    index = (built / "index.html").read_text(encoding="utf-8")
    assert all(f"trainee/{name}.html" in index for name in NAMES)
    assert json.loads((built / "manifest.json").read_text())["exercises"] == NAMES


def test_no_solution_text_in_trainee_notebooks_or_pages(built):
    for path in SOURCES:
        secret = _secret_lines(path)
        notebook = (built / "trainee" / f"{path.stem}.ipynb").read_text(encoding="utf-8")
        notebook_text = "\n".join(
            "".join(c["source"]) for c in json.loads(notebook)["cells"]
        ) + json.dumps(json.loads(notebook)["metadata"])
        page = _visible_text((built / "trainee" / f"{path.stem}.html").read_text("utf-8"))
        solution_page = _visible_text(
            (built / "solutions" / f"{path.stem}.html").read_text(encoding="utf-8")
        )
        assert not [line for line in secret if line in notebook_text], path.stem
        assert not [line for line in secret if line in page], path.stem
        assert [line for line in secret if line in solution_page]  # the scan can find them


def test_trainee_pages_say_no_answer_yet_and_solution_pages_pass_every_check(built):
    for name in NAMES:
        tasks = len(exercise_tasks(name))
        trainee = (built / "trainee" / f"{name}.html").read_text(encoding="utf-8")
        solution = (built / "solutions" / f"{name}.html").read_text(encoding="utf-8")
        assert trainee.count("No answer yet") == tasks
        assert "✔ Correct" not in trainee
        assert solution.count("✔ Correct") == tasks
        assert "✘ Not yet" not in solution
        assert "Traceback" not in trainee + solution


def test_rebuild_replaces_only_a_previous_build(built, tmp_path):
    assert main(["exercises", "build", "--out", str(built), "--no-handouts"]) == 0
    assert not (built / "trainee" / f"{NAMES[0]}.html").exists()
    other = tmp_path / "precious"
    other.mkdir()
    (other / "notes.txt").write_text("keep me")
    assert main(["exercises", "build", "--out", str(other), "--no-handouts"]) == 2
    assert (other / "notes.txt").read_text() == "keep me"


def _with(notebook, replace):
    content = json.loads(notebook.read_text(encoding="utf-8"))
    for cell in content["cells"]:
        text = "".join(cell["source"])
        for old, new in replace.items():
            text = text.replace(old, new)
        cell["source"] = text
    return content


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    work = tmp_path_factory.mktemp("class")
    built = work / "build"
    assert main(["exercises", "build", "--out", str(built), "--no-handouts"]) == 0
    solutions, trainee = built / "solutions", built / "trainee"
    room = work / "room"
    (room / "team").mkdir(parents=True)
    for i, name in enumerate(NAMES):  # good answers; half of them on their own organisation
        seed = {"trainee_seed: int = 0": "trainee_seed: int = 5"} if i % 2 else {}
        (room / f"good_{name}.ipynb").write_text(
            json.dumps(_with(solutions / f"{name}.ipynb", seed))
        )
    shutil.copy(trainee / "ex00_baseline.ipynb", room / "team" / "blank <b>.ipynb")
    partial = _with(
        solutions / "ex00_baseline.ipynb",
        {
            'portfolio_cpi = delivery["earned_value"].sum() / delivery["actual_cost"].sum()': (
                "portfolio_cpi = cpi.mean()"
            )
        },
    )
    (room / "=partial.ipynb").write_text(json.dumps(partial))
    broken = _with(
        solutions / "ex01_gap_analysis.ipynb",
        {"inventory = org.skills_inventory": "inventory = org.skills_inventry"},
    )
    (room / "broken.ipynb").write_text(json.dumps(broken))
    (room / "junk.ipynb").write_text("this is not a notebook")
    out = work / "grading"
    assert main(["exercises", "grade", str(room), "--out", str(out), "--jobs", "2"]) == 0
    return out


def test_grading_summarises_each_task(graded):
    tasks = pd.read_csv(graded / "tasks.csv").set_index(["Exercise", "Task"])
    ex00 = tasks.loc["ex00_baseline"]
    assert ex00["Notebooks"].tolist() == [3] * 6
    assert ex00.loc["2. CPI of the whole portfolio", "Passed"] == 1
    assert ex00.loc["2. CPI of the whole portfolio", "Of which left blank"] == 1
    assert ex00.loc["2. CPI of the whole portfolio", "Most common mistake"] == "average of ratios"
    assert ex00.loc["1. CPI of each project in delivery", "Passed"] == 2
    for name in NAMES[2:]:
        assert (tasks.loc[name, "Passed"] == 1).all()
    ex01 = tasks.loc["ex01_gap_analysis"]
    assert ex01["Passed"].tolist() == [2, 2, 1, 1, 1, 1]
    assert ex01["Not reached"].tolist() == [0, 0, 1, 1, 1, 1]


def test_broken_and_unreadable_notebooks_are_reported_not_fatal(graded):
    notebooks = pd.read_csv(graded / "notebooks.csv", keep_default_na=False)
    status = dict(zip(notebooks["Notebook"], notebooks["Status"], strict=True))
    assert status["broken.ipynb"].startswith("failed at cell")
    assert "AttributeError" in status["broken.ipynb"]
    assert status["junk.ipynb"].startswith("not graded")
    assert all(status[f"good_{name}.ipynb"] == "ran" for name in NAMES)
    passed = dict(zip(notebooks["Notebook"], notebooks["Tasks passed"], strict=True))
    assert passed["team/blank <b>.ipynb"] == 0 and passed["broken.ipynb"] == 2
    assert (graded / "executed").is_dir()


def test_summary_escapes_html_and_csv_neutralises_formulas(graded):
    page = (graded / "summary.html").read_text(encoding="utf-8")
    assert "blank &lt;b&gt;.ipynb" in page and "blank <b>" not in page
    raw = (graded / "notebooks.csv").read_text(encoding="utf-8")
    assert "'=partial.ipynb" in raw
    assert not any(line.startswith("=") for line in raw.splitlines())


def test_grading_a_missing_folder_is_a_usage_error(tmp_path, capsys):
    assert (
        main(["exercises", "grade", str(tmp_path / "nowhere"), "--out", str(tmp_path / "o")]) == 2
    )
    assert "no folder" in capsys.readouterr().err
