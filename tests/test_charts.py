"""Charts: plain-language titles and labels with units, one mark per data row, safe colours."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest
from matplotlib.collections import PathCollection
from matplotlib.colors import to_hex

from vmo_lib.baseline import charts as baseline_charts
from vmo_lib.display import theme as charts


@pytest.fixture(autouse=True)
def _theme() -> None:
    charts.set_theme()


@pytest.fixture
def performance() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "project_id": ["P1", "P2", "P3", "P4", "P5"],
            "rag_status": ["green", "amber", "red", "green", "amber"],
            "cpi": [1.1, 0.8, 0.7, np.nan, 1.0],
            "spi": [1.05, 0.9, 0.6, 1.0, 1.2],
            "slip_days": [0.0, 45.0, 120.0, np.nan, -10.0],
            "budget_at_completion": [1e6, 2.5e6, 4e5, 3e5, 9e5],
            "final_cost": [9e5, 3.1e6, 6e5, np.nan, 9e5],
        }
    )


def _hex(colour: object) -> str:
    return to_hex(colour).lower()  # type: ignore[arg-type]


def test_theme_uses_okabe_ito_palette() -> None:
    cycle = [_hex(c) for c in matplotlib.rcParams["axes.prop_cycle"].by_key()["color"]]
    okabe_ito = {c.lower() for c in charts.OKABE_ITO.values()}
    assert cycle[: len(charts.PALETTE)] == [c.lower() for c in charts.PALETTE]
    assert set(cycle) <= okabe_ito
    assert tuple(matplotlib.rcParams["figure.figsize"]) == charts.A4_FIGSIZE


def test_rag_is_not_colour_alone() -> None:
    okabe_ito = {c.lower() for c in charts.OKABE_ITO.values()}
    assert {c.lower() for c in charts.RAG_COLOURS.values()} <= okabe_ito
    assert len(set(charts.RAG_COLOURS.values())) == 3
    assert len(set(charts.RAG_HATCHES.values())) == 3  # a pattern per status
    assert all(charts.RAG_LABELS[s].lower().startswith(s) for s in charts.RAG_COLOURS)


def test_cpi_spi_scatter(performance: pd.DataFrame) -> None:
    fig = baseline_charts.cpi_spi_scatter(performance)
    ax = fig.axes[0]
    assert ax.get_title() == "Cost and schedule efficiency per project"
    assert "SPI" in ax.get_xlabel() and "ratio" in ax.get_xlabel()
    assert "CPI" in ax.get_ylabel() and "ratio" in ax.get_ylabel()
    points = [c for c in ax.collections if isinstance(c, PathCollection)]
    assert sum(len(c.get_offsets()) for c in points) == 4  # P4 has no CPI
    colours = {_hex(c.get_facecolor()[0]) for c in points}
    assert colours == {c.lower() for c in charts.RAG_COLOURS.values()}
    quadrant_texts = " ".join(t.get_text() for t in ax.texts)
    assert "Behind schedule,\nover budget" in quadrant_texts
    assert any("1 left out" in t.get_text() for t in fig.texts)
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert legend == [charts.RAG_LABELS[s] for s in ("green", "amber", "red")]


def test_crowded_scatter_labels_only_projects_off_plan() -> None:
    n = 20
    crowded = pd.DataFrame(
        {
            "project_id": [f"P{i}" for i in range(n)],
            "rag_status": ["green"] * n,
            "cpi": [1.0] * (n - 1) + [0.7],
            "spi": [1.02] * n,
        }
    )
    ax = baseline_charts.cpi_spi_scatter(crowded).axes[0]
    labels = [t.get_text() for t in ax.texts if t.get_text().startswith("P")]
    assert labels == [f"P{n - 1}"]


def test_rag_by_programme_bar() -> None:
    rag = pd.DataFrame(
        {"programme": ["Digital", "Ops"], "green": [2, 1], "amber": [0, 3], "red": [1, 1]}
    )
    fig = baseline_charts.rag_by_programme_bar(rag)
    ax = fig.axes[0]
    assert "programme" in ax.get_title()
    assert ax.get_xlabel() == "Projects (count)"
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Digital", "Ops"]
    assert [t.get_text() for t in fig.legends[0].get_texts()] == list(charts.RAG_LABELS.values())
    assert len(ax.patches) == 3 * len(rag)
    widths = {(_hex(p.get_facecolor()), p.get_hatch() or ""): 0.0 for p in ax.patches}
    for patch in ax.patches:
        widths[(_hex(patch.get_facecolor()), patch.get_hatch() or "")] += patch.get_width()
    for status in ("green", "amber", "red"):
        key = (charts.RAG_COLOURS[status].lower(), charts.RAG_HATCHES[status])
        assert widths[key] == rag[status].sum()


def test_slip_histogram(performance: pd.DataFrame) -> None:
    fig = baseline_charts.slip_histogram(performance, tolerance_days=30)
    ax = fig.axes[0]
    assert "(days" in ax.get_xlabel()
    assert ax.get_ylabel() == "Projects (count)"
    assert sum(p.get_height() for p in ax.patches) == 4  # one project has no dates
    assert "30 days" in ax.get_legend().get_texts()[0].get_text()


def test_budget_vs_forecast_bar_uses_money_axis(performance: pd.DataFrame) -> None:
    fig = baseline_charts.budget_vs_forecast_bar(performance)
    ax = fig.axes[0]
    assert len(ax.patches) == 2 * len(performance)
    assert ax.get_xlabel() == "Cost (EUR)"
    assert ax.xaxis.get_major_formatter()(2_500_000, 0) == "EUR 2.5M"


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (1_234_567, "EUR 1.23M"),
        (350_000, "EUR 350k"),
        (900, "EUR 900"),
        (-45_000, "-EUR 45k"),
        (2e9, "EUR 2bn"),
        (250e6, "EUR 250M"),
        (1.25e9, "EUR 1.25bn"),
        (1.5e6, "EUR 1.5M"),
        (float("nan"), ""),
    ],
)
def test_format_money(value: float, text: str) -> None:
    assert charts.format_money(value) == text


def test_money_axis_on_y() -> None:
    from matplotlib.figure import Figure

    ax = Figure().subplots()
    charts.money_axis(ax, currency="GBP")
    assert ax.yaxis.get_major_formatter()(1_500_000, 0) == "GBP 1.5M"


def test_point_labels_never_overlap_and_isolated_points_keep_theirs():
    import itertools

    import pandas as pd

    from vmo_lib.display.theme import label_points, new_figure

    _, ax = new_figure()
    xs = pd.Series([1.0] * 8 + [1.5])  # eight projects on one spot, and one apart
    ys = pd.Series([1.0] * 8 + [1.5])
    ax.scatter(xs, ys)
    ax.set_xlim(0.5, 2)
    ax.set_ylim(0.5, 2)
    names = pd.Series([f"P-{i}" for i in range(8)] + ["P-8"])
    shown = label_points(ax, xs, ys, names)
    boxes = {t.get_text(): t.get_window_extent() for t in ax.texts}
    assert shown == len(boxes) and "P-0" in boxes and "P-8" in boxes
    assert shown < 9  # six places around one spot: not every label fits
    for (_, a), (_, b) in itertools.combinations(boxes.items(), 2):
        assert not a.overlaps(b)


# --- figure display: alt text and characters the font lacks ---------------------------------


def _recorded_warnings(action) -> list[str]:
    import warnings

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        action()
    return [str(w.message) for w in caught]


def test_alt_text_says_title_kind_axes_and_series() -> None:
    from vmo_lib.display.figures import describe_figure

    fig, ax = charts.new_figure()
    ax.barh(["Depot", "Portal"], [1.0, 2.0], label="Budget")
    ax.barh(["Depot", "Portal"], [1.5, 1.0], label="Forecast")
    ax.set_title("Budget and forecast by project")
    ax.set_xlabel("Cost (GBP)")
    ax.set_ylabel("Project")
    ax.legend()
    assert describe_figure(fig) == (
        "Budget and forecast by project. Horizontal bar chart; x axis: Cost (GBP); "
        "y axis: Project; series: Budget, Forecast."
    )


def test_alt_text_of_several_panels_and_a_suptitle() -> None:
    from vmo_lib.display.figures import describe_figure, set_alt_text

    fig, (left, right) = plt_subplots(2)
    fig.suptitle("Delivery at a glance")
    left.plot([1, 2, 3], [3, 1, 2])
    left.set_xlabel("Month")
    right.scatter([1, 2], [3, 4])
    right.axhline(1.0)  # a reference line does not make a line chart
    right.set_title("CPI against SPI")
    text = describe_figure(fig)
    assert text.startswith("Delivery at a glance. Panel 1 of 2: Line chart; x axis: Month.")
    assert "Panel 2 of 2: CPI against SPI. Scatter plot." in text
    assert describe_figure(set_alt_text(fig, "Two  charts")) == "Two charts"


def plt_subplots(n: int):
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, n)
    plt.close(fig)
    return fig, axes


def test_an_emoji_label_is_drawn_without_missing_glyphs() -> None:
    from vmo_lib.display.figures import figure_png

    rocket = "\U0001f680"
    fig, ax = charts.new_figure()
    ax.barh(["Depot upgrade", f"{rocket} Launch pad"], [1.0, 2.0])
    ax.set_title(f"Budget {rocket} by project")
    ax.legend([f"{rocket}{rocket}"])
    result: list = []
    messages = _recorded_warnings(lambda: result.append(figure_png(fig)))
    assert not [m for m in messages if "missing from font" in m], messages
    data, metadata = result[0]
    assert data and metadata["alt"].startswith("Budget by project. Horizontal bar chart")
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Depot upgrade", "Launch pad"]
    assert ax.get_legend().get_texts()[0].get_text() == "?"
    # The reference: the same figure drawn without the display hook warns.
    fig2, ax2 = charts.new_figure()
    ax2.set_title(f"Budget {rocket} by project")
    import io

    messages = _recorded_warnings(lambda: fig2.savefig(io.BytesIO(), format="png"))
    assert any("missing from font" in m for m in messages)


def test_safe_text_keeps_what_the_font_draws() -> None:
    from vmo_lib.display.figures import safe_text

    assert safe_text("Café – naïve ≥ 5 µm") == "Café – naïve ≥ 5 µm"
    assert safe_text("\U0001f680\u200d\U0001f525") == "?"
    assert safe_text("A \U0001f680  B") == "A B"
    assert safe_text("Team \u2764\ufe0f\U0001f680") == "Team \u2764"


def test_figure_display_outside_ipython_does_nothing() -> None:
    from vmo_lib.display.figures import install_figure_display

    assert install_figure_display() is False


def test_alt_text_names_a_figure_legend() -> None:
    from vmo_lib.display.figures import describe_figure

    fig, ax = charts.new_figure()
    ax.scatter([1, 2], [2, 1], label="Green (on track)")
    ax.set_title("Cost and schedule")
    fig.legend(loc="lower center")
    assert describe_figure(fig) == ("Cost and schedule. Scatter plot. Legend: Green (on track).")


@pytest.mark.parametrize(
    ("backend", "off_screen"),
    [
        ("agg", True),
        ("Agg", True),
        ("module://matplotlib.backends.backend_agg", True),
        ("pdf", True),
        ("module://matplotlib_inline.backend_inline", False),
        ("module://ipympl.backend_nbagg", False),
        ("QtAgg", False),
    ],
)
def test_only_file_backends_are_switched_to_inline(backend: str, off_screen: bool) -> None:
    from vmo_lib.display.figures import _draws_off_screen

    assert _draws_off_screen(backend) is off_screen


def test_a_slope_chart_of_two_point_lines_is_a_line_chart() -> None:
    from vmo_lib.display.figures import describe_figure

    fig, ax = charts.new_figure()
    ax.plot([0, 1], [3, 1])
    ax.plot([0, 1], [1, 3])
    ax.set_ylabel("Rank (1 = top)")
    assert describe_figure(fig) == "Line chart; y axis: Rank (1 = top)."


def test_a_figure_with_only_a_message_is_still_drawn() -> None:
    import base64

    from matplotlib.figure import Figure

    from vmo_lib.display.figures import figure_png

    message = Figure()
    message.text(0.5, 0.5, "No projects to show", ha="center")
    data, metadata = figure_png(message)
    assert base64.b64decode(data).startswith(b"\x89PNG")
    assert metadata["alt"] == "Note: No projects to show."
    assert figure_png(Figure()) is None
