"""The grader without kernels: answers read back as plain data, each task graded on its own
(a typo in task 2 still grades tasks 3-6; missing inputs and time-outs are said), the
gradebook, seed flags, escaping, and the roster. Notebooks are run here with ``exec`` in a
plain namespace, cell by cell, carrying on past errors as the kernel runner does."""

from __future__ import annotations

import json
import math
import traceback
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from vmo_lib.exercises.catalogue import exercise_tasks, read_notebook, source_notebooks
from vmo_lib.exercises.execute import CellError, Execution
from vmo_lib.exercises.grade import (
    PARAMETERS,
    GradeReport,
    NotebookGrade,
    TaskOutcome,
    grade_answers,
    notebook_parameters,
    trainee_of,
)
from vmo_lib.exercises.roster import (
    RosterError,
    parse_roster,
    preset_seed,
    read_roster,
    write_trainee_folders,
)
from vmo_lib.exercises.source import solution_notebook, trainee_notebook
from vmo_lib.exercises.summary import gradebook, seed_notes, write_summary
from vmo_lib.exercises.transport import MISSING, dump_answers, load_answers

SOURCES = {p.stem: p for p in source_notebooks()}


def _source(cell) -> str:
    return cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])


def _run_in_process(content, *, stop_at=None):
    """Execute the notebook's code cells with ``exec`` (no kernel), carrying on past errors;
    an ``Execution`` as the kernel runner returns it (``stop_at``: cell number that 'hangs')."""
    namespace: dict = {}
    errors = []
    for number, cell in enumerate(content["cells"], 1):
        if cell["cell_type"] != "code":
            continue
        if stop_at is not None and number >= stop_at:
            break
        try:
            exec(compile(_source(cell), f"cell {number}", "exec"), namespace)
        except Exception as exc:
            errors.append(CellError(number, type(exc).__name__, str(exc)))
            traceback.clear_frames(exc.__traceback__)
    exercise = content["metadata"]["vmo"]["exercise"]
    names = [t.variable for t in exercise_tasks(exercise)] + list(PARAMETERS)
    answers = load_answers(dump_answers(namespace, names))
    if stop_at is not None:
        return Execution(
            "timeout", f"ran out of time (5 s) at cell {stop_at}", tuple(errors), stop_at, answers
        )
    return Execution("ran", "", tuple(errors), None, answers)


def _replace(content, old, new):
    content = json.loads(json.dumps(content))
    hits = 0
    for cell in content["cells"]:
        text = _source(cell)
        if old in text:
            cell["source"] = text.replace(old, new)
            hits += 1
    assert hits == 1, old
    return content


@pytest.fixture(scope="module")
def ex00():
    source = read_notebook(SOURCES["ex00_baseline"])
    return solution_notebook(source), trainee_notebook(source)


def _grades(outcomes):
    return [o.grade for o in outcomes]


def test_solutions_pass_and_open_answers_go_to_review(ex00):
    solution, _ = ex00
    outcomes, seed = grade_answers("ex00_baseline", solution, _run_in_process(solution))
    assert _grades(outcomes) == ["1", "1", "1", "1", "review", "review"]
    assert seed == 0
    assert "not the same as worth doing" not in outcomes[4].message  # the rubric is not shown
    assert outcomes[4].answer_text.strip().startswith("The figures say")


def test_a_typo_in_task_2_still_grades_tasks_3_to_6(ex00):
    solution, _ = ex00
    typo = _replace(
        solution,
        'portfolio_cpi = delivery["earned_value"].sum()',
        'portfolio_cpi = delivry["earned_value"].sum()',
    )
    outcomes, _ = grade_answers("ex00_baseline", typo, _run_in_process(typo))
    assert _grades(outcomes) == ["1", "error", "1", "1", "review", "review"]
    assert "NameError: name 'delivry' is not defined" in outcomes[1].message


def test_a_task_whose_inputs_are_missing_says_so(ex00):
    solution, _ = ex00
    typo = _replace(
        solution,
        'delivery = baseline.delivery_projects(projects).set_index("project_id")',
        'delivery = baseline.delivery_project(projects).set_index("project_id")',
    )
    outcomes, _ = grade_answers("ex00_baseline", typo, _run_in_process(typo))
    assert _grades(outcomes)[:4] == ["error"] * 4
    assert "AttributeError" in outcomes[0].message
    for later in outcomes[1:4]:
        assert later.mistake == "inputs missing"
        assert "its inputs are missing" in later.message
        assert "`delivery`" in later.message or "`cpi` (the answer of task 1)" in later.message
    assert _grades(outcomes)[4:] == ["review", "review"]


def test_blank_notebook_with_forged_records_scores_nothing(ex00):
    _, trainee = ex00
    forged = json.loads(json.dumps(trainee))
    forged["cells"].append(
        {
            "cell_type": "code",
            "metadata": {},
            "outputs": [
                {
                    "output_type": "display_data",
                    "data": {"application/json": {"check:ex00_baseline:t1_cpi": {"passed": True}}},
                    "metadata": {},
                }
            ],
            "source": "passed = True  # a forged record",
        }
    )
    outcomes, _ = grade_answers("ex00_baseline", forged, _run_in_process(forged))
    assert _grades(outcomes) == ["blank"] * 6


def test_a_stuck_notebook_is_graded_up_to_the_cell_that_hung(ex00):
    solution, _ = ex00
    cells = solution["cells"]
    stuck = next(i for i, c in enumerate(cells, 1) if "on_budget_rate =" in _source(c))
    execution = _run_in_process(solution, stop_at=stuck)
    outcomes, _ = grade_answers("ex00_baseline", solution, execution)
    assert _grades(outcomes) == ["1", "1", "timeout", "timeout", "timeout", "timeout"]
    assert "ran out of time" in outcomes[2].message
    none = Execution("timeout", "ran out of time (5 s) at cell 1", stopped_at=1, answers=None)
    assert _grades(grade_answers("ex00_baseline", solution, none)[0]) == ["timeout"] * 6


def test_answers_come_back_as_plain_values_whatever_their_class():
    class Liar(float):
        def __eq__(self, other):
            return True

        __hash__ = float.__hash__

    namespace = {
        "a": Liar(0.5),
        "b": pd.Series([1.0, np.inf], index=["P-1", "P-2"]),
        "c": np.array([0.93]),
        "d": {"name": "x", "target": 3},
        "e": ...,
        "f": object(),
    }
    back = load_answers(dump_answers(namespace, [*namespace, "g"]))
    assert type(back["a"]) is float and back["a"] != 0.6
    assert back["b"].index.tolist() == ["P-1", "P-2"] and math.isinf(back["b"]["P-2"])
    assert back["c"].tolist() == [0.93] and back["d"] == {"name": "x", "target": 3}
    assert back["e"] is Ellipsis and back["g"] is MISSING
    assert repr(back["f"]) == "<object>"


def test_parameters_and_trainee_names():
    content = preset_seed(trainee_notebook(read_notebook(SOURCES["ex04_portfolio_reranking"])), 42)
    params = notebook_parameters(content)
    assert params["trainee_seed"] == 42 and params["budget_share"] == 0.5
    assert trainee_of(Path("ann/ex00_baseline.ipynb")) == "ann"
    assert trainee_of(Path("bob_ex03_kpi_design.ipynb")) == "bob"
    assert trainee_of(Path("Cy Lee - ex01.ipynb")) == "Cy Lee"
    assert trainee_of(Path("notes.ipynb")) == "notes"


# --- gradebook, flags, pages --------------------------------------------------------------


def _outcomes(exercise, grades, text=""):
    return tuple(
        TaskOutcome(t, g, f"said {g}", answer_text=text if t.open_answer else "")
        for t, g in zip(exercise_tasks(exercise), grades, strict=True)
    )


def _class():
    e0, e2 = "ex00_baseline", "ex02_value_drivers"
    return (
        NotebookGrade(
            "ann/ex00_baseline.ipynb",
            "ann",
            e0,
            7,
            outcomes=_outcomes(e0, ["1", "1", "0", "1", "review", "blank"], "<b>hi</b>"),
        ),
        NotebookGrade(
            "ann/ex02_value_drivers.ipynb",
            "ann",
            e2,
            7,
            outcomes=_outcomes(e2, ["1", "error", "1", "0", "review", "review"]),
        ),
        NotebookGrade(
            "=bob_ex00_baseline.ipynb",
            "=bob",
            e0,
            7,
            outcomes=_outcomes(e0, ["0", "timeout", "timeout", "timeout", "timeout", "timeout"]),
            status="timeout",
        ),
        NotebookGrade(
            "cy/ex00_baseline.ipynb",
            "cy",
            e0,
            0,
            issued_seed=None,
            outcomes=_outcomes(e0, ["blank"] * 6),
        ),
        NotebookGrade(
            "dee/ex00_baseline.ipynb",
            "dee",
            e0,
            5,
            issued_seed=9,
            outcomes=_outcomes(e0, ["1"] * 4 + ["review"] * 2, '=HYPERLINK("x")'),
        ),
        NotebookGrade("junk.ipynb", "junk", None, status="not graded", detail="not a notebook"),
    )


def test_gradebook_has_one_row_per_trainee_and_one_column_per_task():
    book = gradebook(_class())
    assert book.columns.tolist()[:3] == ["trainee", "seed", "ex00:1"]
    assert "ex02:6" in book.columns and "ex01:1" not in book.columns
    ann = book.set_index("trainee").loc["ann"]
    assert ann["ex00:3"] == "0" and ann["ex00:6"] == "blank" and ann["ex02:2"] == "error"
    assert book.set_index("trainee").loc["cy", "ex02:1"] == ""  # not handed in
    assert set(book.drop(columns=["trainee", "seed"]).to_numpy().ravel()) <= {
        "1",
        "0",
        "review",
        "blank",
        "timeout",
        "error",
        "",
    }


def test_seed_flags_default_shared_and_changed():
    notes = seed_notes(_class())
    assert "shared with =bob" in notes["ann/ex00_baseline.ipynb"]
    assert "default seed 0" in notes["cy/ex00_baseline.ipynb"]
    assert "handed out with 9" in notes["dee/ex00_baseline.ipynb"]


def test_summary_files_escape_text_and_neutralise_csv_cells(tmp_path):
    report = GradeReport(tmp_path, _class())
    write_summary(report, tmp_path, Path("room <x>"), 120)
    page = (tmp_path / "summary.html").read_text(encoding="utf-8")
    assert "room &lt;x&gt;" in page and "href='feedback/ann.html'" in page
    assert "open/ex00_baseline_t5_blind_spots.html" in page
    open_page = (tmp_path / "open" / "ex00_baseline_t5_blind_spots.html").read_text("utf-8")
    assert "&lt;b&gt;hi&lt;/b&gt;" in open_page and "<b>hi</b>" not in open_page
    assert "the link to strategy" in open_page  # the rubric beside the answers
    raw = (tmp_path / "gradebook.csv").read_text(encoding="utf-8")
    assert not any(line.startswith("=") for line in raw.splitlines())
    tasks = pd.read_csv(tmp_path / "tasks.csv").set_index(["Exercise", "Task"])
    open_row = tasks.loc[("ex00_baseline", "5. What these figures do not tell")]
    assert open_row["For review"] == 2 and math.isnan(open_row["Pass rate"])
    assert open_row["Passed"] == 0 and open_row["Timed out"] == 1
    assert (tmp_path / "feedback" / "bob.html").is_file()


# --- the roster -----------------------------------------------------------------------------


def test_roster_fills_in_distinct_seeds_and_keeps_given_ones():
    roster = parse_roster(
        pd.DataFrame(
            {"trainee": [f"t{i}" for i in range(40)] + ["zed"], "seed": [None] * 40 + ["12"]}
        )
    )
    seeds = list(roster.seeds.values())
    assert len(set(seeds)) == 41 and 0 not in seeds and roster.seeds["zed"] == 12
    again = parse_roster(
        pd.DataFrame(
            {"trainee": [f"t{i}" for i in range(40)] + ["zed"], "seed": [None] * 40 + ["12"]}
        )
    )
    assert again.seeds == roster.seeds  # the same roster draws the same seeds
    assert roster.table["seed"].tolist() == [roster.seeds[t] for t in roster.trainees]


def test_roster_problems_are_all_listed_with_their_rows():
    frame = pd.DataFrame(
        {"trainee": ["ann", "", "ann", "b/c", "dee", "eve"], "seed": ["3", "", "", "", "x", "3"]}
    )
    with pytest.raises(RosterError) as caught:
        parse_roster(frame)
    text = str(caught.value)
    for expected in (
        "row 3, trainee: empty",
        "row 4, trainee 'ann': listed twice (also row 2)",
        "row 5, trainee 'b/c'",
        "row 6, seed 'x'",
        "row 7, seed 3: already given to ann",
    ):
        assert expected in text
    with pytest.raises(RosterError, match="no 'trainee' column"):
        parse_roster(pd.DataFrame({"name": ["ann"]}))


def test_roster_build_writes_folders_and_the_roster_back_never_the_input(tmp_path):
    source = tmp_path / "roster.csv"
    source.write_text("trainee,email\nann,=cmd()\nbob,b@x\n", encoding="utf-8")
    before = source.read_bytes()
    roster = read_roster(source)
    notebooks = {
        name: trainee_notebook(read_notebook(SOURCES[name]))
        for name in ("ex00_baseline", "ex02_value_drivers")
    }
    write_trainee_folders(roster, notebooks, tmp_path / "out" / "trainees")
    assert source.read_bytes() == before
    back = pd.read_csv(tmp_path / "out" / "roster.csv", dtype=str)
    assert back["trainee"].tolist() == ["ann", "bob"] and back["email"][0] == "'=cmd()"
    for trainee in ("ann", "bob"):
        for name in notebooks:
            content = read_notebook(tmp_path / "out" / "trainees" / trainee / f"{name}.ipynb")
            assert notebook_parameters(content)["trainee_seed"] == roster.seeds[trainee]
            assert content["metadata"]["vmo"]["issued_seed"] == roster.seeds[trainee]
