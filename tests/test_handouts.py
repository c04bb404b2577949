"""Handout builds: content of the pages, index, failures, atomic output, class builds."""

from __future__ import annotations

import contextlib
import io
import json
import re
import shutil
import time
import uuid
from pathlib import Path

import nbformat
import pytest
from kernel_checks import MARK, kernels, zombies

from vmo_lib.cli import main
from vmo_lib.notebook.record import read_records
from vmo_lib.pipeline.html import TitleBlock, export_handout, read_headings

FIXTURES = Path(__file__).parent / "fixtures" / "notebooks"
SCRIPT = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"


def _sequence(folder: Path, **names: str) -> Path:
    """Copy fixture notebooks into ``folder`` under new names (``new=fixture``)."""
    folder.mkdir(parents=True, exist_ok=True)
    for new, fixture in names.items():
        shutil.copy(FIXTURES / f"{fixture}.ipynb", folder / f"{new}.ipynb")
    return folder


def _vmo(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main([str(a) for a in args])
    return status, out.getvalue(), err.getvalue()


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    """A good build, then a failing one, then a good one, all into the same OUT."""
    base = tmp_path_factory.mktemp("handouts")
    good = _sequence(
        base / "good",
        **{"00_figures": "00_figures", "01_escape": "01_escape", "02_warns": "02_warns"},
    )
    bad = _sequence(base / "bad", **{"00_figures": "00_figures", "01_fails": "fails"})
    again = _sequence(base / "again", **{"00_warns": "02_warns"})
    out = base / "reports"
    marker = uuid.uuid4().hex
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(MARK, marker)  # tags every kernel the builds start
        first = _vmo(
            "handouts",
            "--notebooks",
            good,
            "--out",
            out,
            "--jobs",
            "2",
            "-p",
            "organisation_name",
            SCRIPT,
            "-p",
            "project_name",
            SCRIPT,
            "-p",
            "top_n",
            "4",
        )
        after_first = _snapshot(out)
        second = _vmo("handouts", "--notebooks", bad, "--out", out)
        after_second = _snapshot(out)
        partial = {
            p: (base / "reports.partial" / p).exists()
            for p in ("00_figures.html", "01_fails.html", "01_fails.ipynb", "index.html")
        }
        partial_index = (base / "reports.partial" / "index.html").read_text()
        third = _vmo("handouts", "--notebooks", again, "--out", out, "-p", "label", "third")
    return {
        "marker": marker,
        "base": base,
        "out": out,
        "first": first,
        "second": second,
        "third": third,
        "after_first": after_first,
        "after_second": after_second,
        "partial": partial,
        "partial_index": partial_index,
    }


@pytest.fixture(scope="module")
def pages(builds):
    first = builds["after_first"]
    return {
        name: first[f"{name}.html"].decode() for name in ("00_figures", "01_escape", "02_warns")
    }


def test_first_build_succeeds_with_one_page_per_notebook(builds):
    status, stdout, _ = builds["first"]
    assert status == 0 and "Built 3 handouts" in stdout
    files = set(builds["after_first"])
    assert {
        "index.html",
        "manifest.json",
        "00_figures.html",
        "00_figures.ipynb",
        "01_escape.html",
        "02_warns.html",
        "outputs/00_figures/figures.txt",
    } <= files


def _body(page: str) -> str:
    """The page without its style sheets (whose comments mention prompts)."""
    return re.sub(r"<style.*?</style>", "", page, flags=re.S)


def test_handouts_have_no_prompts_code_hidden_cells_or_stderr(pages):
    for page in map(_body, pages.values()):
        assert "<body" in page
        assert "In&nbsp;[" not in page and "In [" not in page and "Out[" not in page
        assert "jp-InputArea-editor" not in page  # code hidden by default
        assert "SECRET-REMOVED-CELL" not in page and "HIDDEN-MARKDOWN" not in page
        assert "vnd.vmo.record" not in page
        assert "top_n: Between" not in page  # parameters cell
    warns = pages["02_warns"]
    assert "visible output" in warns
    assert "STDERR-WARNING-TEXT" not in warns and "STDERR-PRINT-TEXT" not in warns
    assert "top_n is 4" in pages["00_figures"]
    assert "data:image/png;base64" in pages["00_figures"]


def test_handouts_make_no_external_requests(pages):
    for page in pages.values():
        assert not re.search(r"<script[^>]*\bsrc=", page)
        assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
        assert not re.search(r"""url\(\s*["']?(https?:)?//""", page)
        assert not re.search(r"@import", page)
        assert "require.js" not in page and "mathjax" not in page.lower()


def test_print_css_is_a4(pages):
    page = pages["00_figures"]
    assert "size: A4" in page and "page-break-inside: avoid" in page


def test_table_of_contents_links_resolve(pages):
    for page in pages.values():
        nav = re.search(r'<nav class="vmo-toc".*?</nav>', page, flags=re.S)
        assert nav, "no table of contents"
        targets = re.findall(r'href="#([^"]+)"', nav.group(0))
        assert targets
        ids = set(re.findall(r'\sid="([^"]+)"', page))
        assert set(targets) <= ids
    figures_nav = re.search(r'<nav class="vmo-toc".*?</nav>', pages["00_figures"], re.S).group(0)
    assert ">Key figures<" in figures_nav  # sections are listed...
    assert ">Portfolio figures<" not in figures_nav  # ...not the title, shown above already


def test_data_and_parameters_are_escaped(pages):
    for name in ("00_figures", "01_escape"):
        page = pages[name]
        assert SCRIPT not in page
        title = re.search(r'<header class="vmo-title">.*?</header>', page, flags=re.S).group(0)
        assert ESCAPED in title
    table = re.search(r"<table[^>]*dataframe.*?</table>", pages["01_escape"], flags=re.S).group(0)
    assert ESCAPED in table


def test_title_block_states_run_and_highlights_changes(pages):
    title = re.search(r'<header class="vmo-title">.*?</header>', pages["00_figures"], re.S).group(0)
    assert "Portfolio figures" in title and "harbourline" in title and "version " in title
    changed = re.findall(r'<tr class="vmo-changed">\s*<td><code>(\w+)</code>', title)
    assert sorted(changed) == ["organisation_name", "top_n"]
    assert "<code>output_dir</code>" not in title


def test_index_links_handouts_with_figures_and_status(builds):
    index = builds["after_first"]["index.html"].decode()
    for name in ("00_figures", "01_escape", "02_warns"):
        assert f'href="{name}.html"' in index
    assert "Top n squared: <strong>16</strong>" in index
    assert index.count('class="status status-ok"') == 3 and SCRIPT not in index
    assert "Data: <strong>" in index and "../index.html" not in index
    manifest = json.loads(builds["after_first"]["manifest.json"])
    assert [r["status"] for r in manifest["runs"]] == ["ok", "ok", "ok"]
    assert manifest["runs"][0]["records"]["top_n_squared"] == 16


def test_failing_build_reports_and_keeps_previous_output(builds):
    status, _, stderr = builds["second"]
    assert status == 1
    assert "1 of 2 notebooks failed" in stderr
    assert "01_fails: cell 3, line 1 `raise ValueError(" in stderr
    assert "ValueError: deliberate failure: boom" in stderr
    assert "Traceback" not in stderr and "reports.partial" in stderr
    assert builds["after_second"] == builds["after_first"]  # OUT untouched
    assert all(builds["partial"].values())  # the other notebook still produced its handout
    assert "status-failed" in builds["partial_index"]


def test_no_kernel_outlives_a_build(builds):
    assert kernels(builds["marker"]) == []
    assert zombies() == []


def test_manifest_records_consistent_timings(builds):
    manifest = json.loads(builds["after_first"]["manifest.json"])
    timings = manifest["timings"]
    total = timings["total"]
    assert total > 0
    phases = timings["phases"]
    assert {"validate", "pool_start", "data_check", "runs", "index"} <= set(phases)
    spans = [*phases.values(), *(w["warm_up"] for w in timings["workers"])]
    assert timings["workers"] and 1 <= len(timings["workers"]) <= 2  # --jobs 2
    for run in manifest["runs"]:
        run_timings = {k: v for k, v in run["timings"].items() if k != "worker"}
        assert {"kernel_start", "execute", "cells", "html_export"} <= set(run_timings)
        assert run_timings["kernel_start"]["seconds"] + run_timings["cells"]["seconds"] <= total
        execute, cells = run_timings["execute"], run_timings["cells"]
        assert execute["start"] <= cells["start"]
        assert cells["start"] + cells["seconds"] <= execute["start"] + execute["seconds"] + 0.01
        spans += run_timings.values()
    for span in spans:
        assert span["start"] >= 0 and span["seconds"] >= 0
        assert span["start"] + span["seconds"] <= total + 0.01
    assert (
        phases["validate"]["start"] + phases["validate"]["seconds"]
        <= phases["pool_start"]["start"] + 0.01
    )  # the pool starts only once every value is valid


def test_good_build_replaces_output_and_clears_partial(builds):
    status, _, _ = builds["third"]
    out = builds["out"]
    assert status == 0
    assert sorted(p.name for p in out.iterdir() if p.suffix == ".html") == [
        "00_warns.html",
        "index.html",
    ]
    assert read_records(out / "00_warns.ipynb") == {"label": "third"}
    siblings = sorted(p.name for p in builds["base"].iterdir() if p.name.startswith("reports"))
    assert siblings == ["reports"]


def test_with_code_shows_code_but_still_no_prompts(builds):
    nb = nbformat.read(builds["out"] / "00_warns.ipynb", as_version=4)
    title = TitleBlock("Warnings", "Org", "harbourline", "2026-01-01", "0.1.0")
    page = export_handout(nb, title, with_code=True)
    assert "jp-InputArea-editor" in page and "STDERR-WARNING-TEXT" in page  # the code
    assert "In&nbsp;[" not in _body(page)
    assert "label: str" not in page  # parameters cell stays hidden
    assert [h.text for h in read_headings(page)] == ["Warnings"]


def test_invalid_values_stop_before_anything_is_written(tmp_path, monkeypatch):
    from vmo_lib.pipeline import handouts

    def no_pool(*args, **kwargs):
        raise AssertionError("workers started before the values were checked")

    monkeypatch.setattr(handouts, "RunPool", no_pool)
    folder = _sequence(tmp_path / "nbs", **{"00_figures": "00_figures", "01_escape": "01_escape"})
    out = tmp_path / "reports"
    status, _, err = _vmo("handouts", "--notebooks", folder, "--out", out, "-p", "projet_name", "x")
    assert status == 2
    assert "unknown parameter 'projet_name'" in err and "did you mean 'project_name'" in err
    status, _, err = _vmo("handouts", "--notebooks", folder, "--out", out, "-p", "top_n", "x")
    assert status == 2 and "00_figures: top_n must be a whole number, got 'x'" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["nbs"]


def test_data_error_shuts_down_the_kernels_started_meanwhile(tmp_path, monkeypatch):
    from vmo_lib.pipeline import handouts

    marker = uuid.uuid4().hex
    monkeypatch.setenv(MARK, marker)
    seen: list[int] = []

    def failing_check(sources):
        """Fail only once the workers have started their kernels, as a slow check would."""
        deadline = time.monotonic() + 30
        while not seen and time.monotonic() < deadline:
            seen.extend(kernels(marker))
            time.sleep(0.05)
        raise FileNotFoundError("No dataset 'nowhere'")

    monkeypatch.setattr(handouts, "check_data_sources", failing_check)
    folder = _sequence(tmp_path / "nbs", **{"00_figures": "00_figures", "01_escape": "01_escape"})
    status, _, err = _vmo("handouts", "--notebooks", folder, "--out", tmp_path / "reports")
    assert status == 2 and "No dataset 'nowhere'" in err
    assert seen, "a kernel should have started while the data was checked"
    assert kernels(marker) == [] and zombies() == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["nbs"]  # no notebook ran


def test_refuses_to_replace_a_folder_that_is_not_a_build(tmp_path):
    folder = _sequence(tmp_path / "nbs", **{"00_warns": "02_warns"})
    out = tmp_path / "precious"
    out.mkdir()
    (out / "thesis.docx").write_text("keep me")
    status, _, err = _vmo("handouts", "--notebooks", folder, "--out", out)
    assert status == 2 and "not a handout build" in err
    assert (out / "thesis.docx").read_text() == "keep me"


@pytest.fixture(scope="module")
def class_build(tmp_path_factory):
    base = tmp_path_factory.mktemp("class")
    folder = _sequence(base / "nbs", **{"00_figures": "00_figures"})
    roster = base / "class.yaml"
    roster.write_text(
        "- name: Team Alpha\n  top_n: 2\n  as_of: 2026-01-31\n"
        "- name: 'Équipe <B>'\n  top_n: 3\n  organisation_name: '<script>alert(1)</script>'\n"
    )
    out = base / "reports"
    status = _vmo(
        "handouts",
        *("--notebooks", folder, "--out", out, "--class", roster, "-p", "top_n", "9"),
        *("--jobs", "1"),  # one worker runs both teams: the second kernel is started ahead
    )
    return status, out


def test_class_builds_one_set_per_team(class_build):
    (status, _, stderr), out = class_build
    assert status == 0, stderr
    assert read_records(out / "team-alpha" / "00_figures.ipynb")["top_n_squared"] == 4
    assert read_records(out / "team-alpha" / "00_figures.ipynb")["as_of"] == "2026-01-31"
    assert read_records(out / "equipe-b" / "00_figures.ipynb")["top_n_squared"] == 9
    top = (out / "index.html").read_text()
    assert 'href="team-alpha/index.html"' in top and 'href="equipe-b/index.html"' in top
    assert "Équipe &lt;B&gt;" in top
    assert 'href="00_figures.html"' in (out / "team-alpha" / "index.html").read_text()
    team_b = (out / "equipe-b" / "index.html").read_text()
    # A team page names its organisation (escaped) and links back to the class index.
    assert "Organisation: <strong>&lt;script&gt;alert(1)&lt;/script&gt;</strong>" in team_b
    assert 'href="../index.html"' in team_b and SCRIPT not in team_b
    page = (out / "equipe-b" / "00_figures.html").read_text()
    assert SCRIPT not in page and ESCAPED in page


def test_next_kernel_starts_while_the_previous_handout_is_exported(class_build):
    (status, _, _), out = class_build
    assert status == 0
    first, second = (
        run["timings"] for run in json.loads((out / "manifest.json").read_text())["runs"]
    )
    assert first["worker"] == second["worker"]
    export_end = first["html_export"]["start"] + first["html_export"]["seconds"]
    assert second["kernel_start"]["start"] < export_end


def test_class_csv_entries_are_text_values(tmp_path):
    from vmo_lib.pipeline.handouts import read_class_file

    roster = tmp_path / "class.csv"
    roster.write_text("name,top_n,show_closed\nRed team,5,\nBlue team,,no\n")
    teams = read_class_file(roster)
    assert [(t.slug, t.text) for t in teams] == [
        ("red-team", {"top_n": "5"}),
        ("blue-team", {"show_closed": "no"}),
    ]
    roster.write_text("name,top_n\nA,1\na,2\n")
    with pytest.raises(ValueError, match="share the folder name 'a'"):
        read_class_file(roster)


def test_class_file_data_paths_are_read_from_the_class_files_folder(tmp_path):
    from vmo_lib.pipeline.handouts import read_class_file

    (tmp_path / "team_blue").mkdir()
    class_file = tmp_path / "teams.yaml"
    class_file.write_text("- name: Blue\n  data: team_blue\n- name: Red\n  data: harbourline\n")
    blue, red = read_class_file(class_file)
    assert blue.typed["data"] == str((tmp_path / "team_blue").resolve())
    assert red.typed["data"] == "harbourline"


def test_an_interrupted_build_leaves_no_staging_folder(tmp_path, monkeypatch):
    from vmo_lib.pipeline import handouts

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(handouts, "write_indexes", interrupted)
    folder = _sequence(tmp_path / "nbs", **{"00_warns": "02_warns"})  # the quickest to run
    out = tmp_path / "reports"
    options = handouts.HandoutOptions(out=out, notebooks=(folder / "00_warns.ipynb",), jobs=1)
    with pytest.raises(KeyboardInterrupt):
        handouts.build_handouts(options)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["nbs"]  # no reports.building-<pid>


def test_headline_figures_lead_the_index():
    from vmo_lib.notebook.record import Figure
    from vmo_lib.pipeline.index_page import figures

    recorded = {
        "method": Figure("method", "topsis", "Scoring method", "text"),
        "ids": Figure("ids", ["P-1"]),
        "funded": Figure("funded", 12, "Projects funded", "count", headline=True),
        "n": Figure("n", 52, "Projects scored", "count"),
        "gain": Figure("gain", 0.06, "Value gained", "percent", headline=True),
    }
    shown = [label for label, _ in figures(recorded, limit=3)]
    assert shown == ["Projects funded", "Value gained", "Scoring method"]


# --- figures in any environment, failures that are not "ok", time limits, currency ---------

_DEFAULT_ALT = "No description has been provided for this image"


def _images(page: str) -> list[str]:
    return re.findall(r"<img\b[^>]*>", page)


def test_every_figure_has_alt_text_from_the_figure(pages):
    images = _images(pages["00_figures"])
    assert images
    for image in images:
        alt = re.search(r"""\balt=(["'])(.*?)\1""", image)
        assert alt and alt.group(2).strip() and _DEFAULT_ALT not in image, image[:200]
    # The fixture's chart: title, kind and axis labels; the emoji of its label is left out.
    assert (
        "Budget by project. Horizontal bar chart; x axis: Budget (money, thousands)" in (images[0])
    )


def test_no_missing_glyph_warning_for_an_emoji_label(builds):
    logs = [v.decode() for k, v in builds["after_first"].items() if k.startswith("logs/")]
    notebook = builds["after_first"]["00_figures.ipynb"].decode()
    assert not any("missing from font" in text for text in [*logs, notebook])


def test_agg_backend_and_another_folder_still_give_real_images(tmp_path, monkeypatch):
    """MPLBACKEND=Agg and a matplotlibrc saying Agg, run from an unrelated folder."""
    folder = _sequence(tmp_path / "nbs", **{"00_figures": "00_figures"})
    (folder / "matplotlibrc").write_text("backend: agg\n", encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "matplotlibrc").write_text("backend: agg\n", encoding="utf-8")
    monkeypatch.chdir(elsewhere)
    monkeypatch.setenv("MPLBACKEND", "Agg")
    status, _, stderr = _vmo("handouts", "--notebooks", folder, "--out", "reports")
    assert status == 0, stderr
    page = (elsewhere / "reports" / "00_figures.html").read_text(encoding="utf-8")
    assert "data:image/png;base64" in page and "&lt;Figure size" not in page
    assert all(_DEFAULT_ALT not in image for image in _images(page))


def test_a_figure_shown_as_text_fails_the_build(tmp_path):
    folder = _sequence(tmp_path / "nbs", **{"00_undrawn": "undrawn"})
    out = tmp_path / "reports"
    status, _, stderr = _vmo("handouts", "--notebooks", folder, "--out", out)
    assert status == 1
    assert "00_undrawn: cell 3: 1 figure was not drawn as an image" in stderr
    assert not out.exists()  # nothing published
    partial = tmp_path / "reports.partial"
    index = (partial / "index.html").read_text(encoding="utf-8")
    assert 'class="status status-failed">failed<' in index and "not drawn as an image" in index
    manifest = json.loads((partial / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["runs"][0]["status"] == "failed"


def test_a_notebook_over_its_time_limit_is_stopped_and_the_others_published(tmp_path):
    folder = _sequence(tmp_path / "nbs", **{"00_money": "money", "01_slow": "slow"})
    out = tmp_path / "reports"
    marker = uuid.uuid4().hex
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(MARK, marker)
        status, _, stderr = _vmo(
            "handouts", "--notebooks", folder, "--out", out, "--timeout", "8", "-p", "currency",
            "GBP",
        )  # fmt: skip
    assert status == 1
    assert "1 of 2 notebooks timed out" in stderr and "01_slow: " in stderr
    assert "timed out: stopped after 8 s" in stderr
    assert (out / "00_money.html").is_file() and (out / "01_slow.html").is_file()
    assert not (tmp_path / "reports.partial").exists()
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'class="status status-ok">ok<' in index
    assert 'class="status status-failed">timed out<' in index
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert [r["status"] for r in manifest["runs"]] == ["ok", "timed out"]
    # Money on the index and in the manifest is in the run's currency.
    assert "Cost: <strong>GBP 1.23M</strong>" in index and "EUR" not in index
    assert manifest["runs"][0]["currency"] == "GBP"
    assert manifest["runs"][0]["records"]["currency"] == "GBP"
    slow = nbformat.read(out / "01_slow.ipynb", as_version=4)
    printed = [o.get("text", "") for c in slow.cells for o in c.get("outputs", [])]
    assert "started\n" in printed and "finished\n" not in printed  # stopped in the sleep
    page = (out / "01_slow.html").read_text(encoding="utf-8")
    stopped = r"This run failed:</strong> cell 4 `[^`]*`: timed out: stopped after 8 s"
    assert re.search(stopped, page)
    assert kernels(marker) == [] and zombies() == []


def test_index_money_follows_the_currency_given(tmp_path):
    from vmo_lib.notebook.record import Figure
    from vmo_lib.pipeline.index_page import figures

    recorded = {"cost": Figure("cost", 2_500_000.0, "Cost", "money")}
    assert figures(recorded, currency="GBP") == (("Cost", "GBP 2.50M"),)
    assert figures(recorded, currency="USD") == (("Cost", "USD 2.50M"),)
