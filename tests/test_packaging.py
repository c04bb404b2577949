"""pyproject.toml and environment.yml list the same packages with the same bounds, and the
checks they configure (ruff, mypy, doctests, the fast lane, pre-commit) really run."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
CONDA_ONLY = {"python", "pip"}


def _requirements(lines: list[str]) -> dict[str, str]:
    parsed = {}
    for line in lines:
        match = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$", line)
        assert match, f"cannot read requirement {line!r}"
        name = re.sub(r"[-_.]+", "-", match.group(1)).lower()
        parsed[name] = match.group(2).replace(" ", "")
    return parsed


def pyproject_packages() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    lines = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        lines += extra
    return _requirements(lines)


def conda_packages() -> dict[str, str]:
    environment = yaml.safe_load((ROOT / "environment.yml").read_text())
    lines = [d for d in environment["dependencies"] if isinstance(d, str)]
    return {k: v for k, v in _requirements(lines).items() if k not in CONDA_ONLY}


def test_same_package_set_and_bounds():
    pip_side, conda_side = pyproject_packages(), conda_packages()
    assert sorted(set(pip_side) - set(conda_side)) == [], "only in pyproject.toml"
    assert sorted(set(conda_side) - set(pip_side)) == [], "only in environment.yml"
    differing = {k: (pip_side[k], conda_side[k]) for k in pip_side if pip_side[k] != conda_side[k]}
    assert differing == {}


def test_python_floor_agrees():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    environment = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert project["requires-python"] == ">=3.11"
    assert "python>=3.11" in environment["dependencies"]


def test_core_packages_are_declared():
    core = {"jupyterlab", "pandas", "ipywidgets", "seaborn", "papermill", "nbval", "nbconvert"}
    assert core <= set(pyproject_packages())


def _make_recipe(target: str) -> tuple[str, str]:
    """A Makefile target's prerequisites and its recipe (the indented lines after it)."""
    makefile = (ROOT / "Makefile").read_text()
    match = re.search(rf"^{re.escape(target)}:([^\n]*)\n((?:\t[^\n]*\n)*)", makefile, re.M)
    assert match, f"no target {target!r} in the Makefile"
    return match.group(1), match.group(2)


def test_make_test_runs_lint_types_doctests_and_the_fast_lane_leaves_out_kernels():
    prerequisites, recipe = _make_recipe("test")
    assert {"lint", "typecheck", "doctest"} <= set(prerequisites.split())
    assert "--nbval-lax notebooks" in recipe
    prerequisites, recipe = _make_recipe("test-fast")
    assert {"lint", "typecheck", "doctest"} <= set(prerequisites.split())
    assert '-m "not kernel and not browser and not slow"' in recipe
    assert "--doctest-modules vmo_lib" in _make_recipe("doctest")[1]
    assert "mypy" in _make_recipe("typecheck")[1]
    markers = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["pytest"]["ini_options"]
    assert any(m.startswith("kernel:") for m in markers["markers"])


def test_pre_commit_runs_ruff_and_mypy():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    assert {"ruff-check", "ruff-format", "mypy"} <= set(hooks)
    assert "--check" in hooks["ruff-format"]["entry"]


def test_the_package_is_typed_and_mypy_checks_all_of_it():
    assert (ROOT / "vmo_lib" / "py.typed").is_file()
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert "py.typed" in pyproject["tool"]["setuptools"]["package-data"]["vmo_lib"]
    assert pyproject["tool"]["mypy"]["files"] == ["vmo_lib"]


@pytest.mark.skipif(
    shutil.which("ruff", path=str(Path(sys.executable).parent)) is None, reason="ruff not installed"
)
def test_ruff_excludes_no_part_of_the_library():
    """An exclude meant for an output folder (``reports``) once hid ``vmo_lib/reports``."""
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent))
    listed = subprocess.run(
        [str(ruff), "check", "--show-files", "."], cwd=ROOT, capture_output=True, text=True
    ).stdout
    checked = {Path(line.strip()).resolve() for line in listed.splitlines() if line.strip()}
    library = set((ROOT / "vmo_lib").rglob("*.py"))
    assert library and not sorted(library - checked)
