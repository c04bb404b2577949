"""`vmo exercises build` and `vmo exercises grade` end to end (runs notebooks in kernels)."""

from __future__ import annotations

import html
import json
import re

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
        open_tasks = sum(t.open_answer for t in exercise_tasks(name))
        assert solution.count("✔ Correct") == tasks - open_tasks
        assert solution.count("✎ For discussion") == open_tasks
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


def test_roster_build_gives_each_trainee_their_seed(tmp_path, capsys):
    roster = tmp_path / "class.csv"
    roster.write_text("trainee,seed\nann,17\nbob,\n", encoding="utf-8")
    out = tmp_path / "workshop"
    args = ["exercises", "build", "--out", str(out), "--no-handouts", "--roster", str(roster)]
    assert main(args) == 0
    assert roster.read_text(encoding="utf-8") == "trainee,seed\nann,17\nbob,\n"
    back = pd.read_csv(out / "roster.csv")
    seeds = dict(zip(back["trainee"], back["seed"], strict=True))
    assert seeds["ann"] == 17 and seeds["bob"] not in (0, 17)
    for trainee, seed in seeds.items():
        for name in NAMES:
            text = (out / "trainees" / trainee / f"{name}.ipynb").read_text(encoding="utf-8")
            assert f"trainee_seed: int = {seed}  #" in text
    bad = tmp_path / "bad.csv"
    bad.write_text("trainee,seed\nann,1\nann,1\n", encoding="utf-8")
    other = tmp_path / "other"
    assert (
        main(["exercises", "build", "--out", str(other), "--no-handouts", "--roster", str(bad)])
        == 2
    )
    assert "listed twice" in capsys.readouterr().err and not other.exists()


def test_grading_a_missing_folder_is_a_usage_error(tmp_path, capsys):
    assert (
        main(["exercises", "grade", str(tmp_path / "nowhere"), "--out", str(tmp_path / "o")]) == 2
    )
    assert "no folder" in capsys.readouterr().err
