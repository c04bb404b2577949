"""The ``vmo`` command line: listing parameters, finding notebooks, data-layer wrappers."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from vmo_lib.cli import main

FIXTURES = Path(__file__).parent / "fixtures" / "notebooks"


def test_params_lists_every_parameter_with_type_default_and_help(capsys):
    assert main(["params", str(FIXTURES / "00_figures.ipynb")]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Parameters of 00_figures.ipynb:"
    assert lines[1].split() == ["NAME", "TYPE", "DEFAULT", "HELP"]
    rows = {line.split()[0]: line for line in lines[2:]}
    assert len(rows) == 8
    assert "Choice['cpi', 'atypical', 'cpi_spi']" in rows["eac_method"]
    assert "'cpi'" in rows["eac_method"] and rows["eac_method"].endswith("how EAC is forecast")
    assert "Between[1, 100] (int)" in rows["top_n"] and " 10 " in rows["top_n"]
    assert "Between[0, 0.5] (float)" in rows["on_budget_tolerance"]
    assert "Date" in rows["as_of"] and "true" in rows["show_closed"]


def test_notebook_found_by_stem_or_listed_when_missing(tmp_path, capsys):
    shutil.copy(FIXTURES / "02_warns.ipynb", tmp_path / "02_warns.ipynb")
    assert main(["params", "02_warns", "--notebooks", str(tmp_path)]) == 0
    assert "label" in capsys.readouterr().out
    assert main(["params", "03_nothing", "--notebooks", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.strip() == "vmo: error: notebook '03_nothing' not found; available: 02_warns"


def test_malformed_parameters_cell_is_a_one_line_usage_error(tmp_path, capsys):
    source = (
        (FIXTURES / "02_warns.ipynb")
        .read_text()
        .replace("  # a label recorded by the notebook", "")
    )
    (tmp_path / "00_bad.ipynb").write_text(source)
    assert main(["params", str(tmp_path / "00_bad.ipynb")]) == 2
    err = capsys.readouterr().err
    assert "00_bad.ipynb, parameters cell (cell 3), line 2: parameter 'label' has no help" in err


def test_params_file_must_be_a_mapping(tmp_path, capsys):
    bad = tmp_path / "p.yaml"
    bad.write_text("- 1\n- 2\n")
    status = main(
        ["run", str(FIXTURES / "02_warns.ipynb"), "-f", str(bad), "--out", str(tmp_path / "o")]
    )
    assert status == 2 and "expected a mapping" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()


def test_python_dash_m_runs_the_same_command():
    done = subprocess.run(
        [sys.executable, "-m", "vmo_lib", "params", str(FIXTURES / "02_warns.ipynb")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0 and "a label recorded by the notebook" in done.stdout


def test_template_refuses_to_overwrite(tmp_path, capsys):
    pytest.importorskip("vmo_lib.data.template")
    target = tmp_path / "template.xlsx"
    assert main(["template", str(target)]) == 0
    assert target.stat().st_size > 0
    assert main(["template", str(target)]) == 2
    assert "already exists (use --force" in capsys.readouterr().err
    assert main(["template", str(target), "--force"]) == 0


def test_check_data_reports_ok_or_problems(tmp_path, capsys):
    data = pytest.importorskip("vmo_lib.data")
    if not hasattr(data, "load_organisation"):
        pytest.skip("data loader not written yet")
    if not (Path(data.__file__).parents[2] / "datasets" / "harbourline").exists():
        pytest.skip("bundled dataset not written yet")
    assert main(["check-data", "harbourline"]) == 0
    assert capsys.readouterr().out.startswith("OK: ")
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "projects.csv").write_text("id,name\n,\n")
    assert main(["check-data", str(broken)]) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.strip()
    assert "Traceback" not in captured.err


def test_bad_data_is_reported_once_before_any_kernel_starts(tmp_path, capsys):
    from vmo_lib.cli import main

    data = tmp_path / "broken"
    data.mkdir()
    (data / "projects.csv").write_text("project_id,name\nP-01,Portal\n", encoding="utf-8")
    out = tmp_path / "out"
    status = main(["handouts", "--data", str(data), "--out", str(out)])
    err = capsys.readouterr().err
    assert status == 1
    assert "projects.csv, row 1, column 'programme': required column is missing" in err
    assert not out.exists() and not (tmp_path / "out.partial").exists()


def test_notebooks_whose_tables_are_missing_are_skipped_with_a_reason(tmp_path, capsys):
    from vmo_lib.cli import main

    data = tmp_path / "projects only"
    data.mkdir()
    bundled = Path(__file__).resolve().parents[1] / "datasets" / "harbourline"
    (data / "projects.csv").write_bytes((bundled / "projects.csv").read_bytes())
    out = tmp_path / "out"
    assert main(["handouts", "--data", str(data), "--out", str(out), "--jobs", "1"]) == 0
    printed = capsys.readouterr().out
    # 01 runs what the project list allows (its survey parts are skipped inside it); 02 can
    # do nothing without a driver tree and is skipped whole.
    assert "skipped 02_value_drivers: needs the 'value_drivers' table" in printed
    assert (out / "00_portfolio_baseline.html").exists()
    assert (out / "01_pmo_gap_analysis.html").exists()
    assert not (out / "02_value_drivers.html").exists()
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "Not run: needs the &#39;value_drivers&#39; table" in index
    status = main(["run", "02_value_drivers", "--data", str(data), "--out", str(out / "r")])
    assert status == 1
    assert "02_value_drivers needs the 'value_drivers' table" in capsys.readouterr().err


@pytest.mark.parametrize("value", ["-5", "soon", "nan", "inf"])
def test_timeout_must_be_seconds(value, capsys):
    with pytest.raises(SystemExit) as stopped:
        main(["handouts", "--timeout", value])
    assert stopped.value.code == 2
    assert "--timeout" in capsys.readouterr().err


def test_timeout_defaults_to_a_generous_limit_and_zero_means_none():
    from vmo_lib.cli import DEFAULT_TIMEOUT, build_parser

    parser = build_parser()
    assert parser.parse_args(["handouts"]).timeout == DEFAULT_TIMEOUT >= 1800
    assert parser.parse_args(["run", "x", "--timeout", "0"]).timeout is None
    assert parser.parse_args(["run", "x", "--timeout", "90"]).timeout == 90.0


@pytest.mark.parametrize(
    "args",
    [
        ["run", str(FIXTURES / "02_warns.ipynb")],
        ["handouts", "--notebooks", str(FIXTURES)],
        ["import", "export.csv", "--mapping", "map.yaml"],
        ["exercises", "build"],
        ["exercises", "grade", "."],
    ],
    ids=["run", "handouts", "import", "exercises-build", "exercises-grade"],
)
def test_no_command_writes_inside_the_bundled_datasets(args, capsys):
    from vmo_lib.paths import DATASETS_DIR

    target = DATASETS_DIR / "harbourline" / "out"
    assert main([*args, "--out", str(target)]) == 2
    err = capsys.readouterr().err.strip().splitlines()[-1]
    assert err == f"vmo: error: refusing to write inside the bundled datasets folder: {target}"
    assert not target.exists()


def test_every_sub_command_module_adds_its_command_in_help_order(capsys):
    from vmo_lib.cli import COMMAND_MODULES

    with pytest.raises(SystemExit):
        main(["--help"])
    listed = capsys.readouterr().out
    commands = ["run", "params", "handouts", "template", "check-data", "import", "kpi-template"]
    last = ["exercises", "scenarios"]
    found = [re.search(rf"^    {re.escape(c)}\b", listed, re.M) for c in [*commands, *last]]
    positions = [match.start() for match in found if match]
    assert len(positions) == len(commands) + len(last)
    assert positions == sorted(positions)
    assert len(COMMAND_MODULES) == len(commands) + len(last)
