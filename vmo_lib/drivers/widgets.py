"""A live AHP panel for JupyterLab: one Saaty-scale slider per pair, weights and CR update as
you move them.

Why: in a workshop the quickest way to understand consistency is to break it. Start from the
group's judgements (or one executive's), move a slider, and watch the weights and the
consistency ratio respond. In a headless run (handouts, tests) the notebook shows
:func:`~vmo_lib.drivers.views.panel_static` of the starting judgements instead, through
:func:`vmo_lib.notebook.live.show_live_or_static`.

>>> import pandas as pd
>>> m = pd.DataFrame([[1, 3], [1 / 3, 1]], index=["A", "B"], columns=["A", "B"])
>>> panel = judgement_panel({"Group": m}, {"A": "Alpha", "B": "Beta"})
>>> len(panel.sliders), panel.sliders[0].label, panel.readouts[0].value
(1, '◀ 3x', '◀ 3x')
"""

from __future__ import annotations

import html
import textwrap
from collections.abc import Mapping
from itertools import combinations

import ipywidgets as widgets
import pandas as pd

from vmo_lib.drivers.ahp import CONSISTENCY_LIMIT, SAATY_VALUES, ahp, nearest_saaty
from vmo_lib.drivers.tree import ROOT
from vmo_lib.drivers.views import panel_starts, panel_static, result_html, start_html
from vmo_lib.drivers.weighting import DriverWeights
from vmo_lib.notebook.live import show_live_or_static

__all__ = [
    "JudgementPanel",
    "judgement_panel",
    "result_html",
    "show_matrices",
    "show_panel",
    "sibling_panel",
    "slider_options",
]


def slider_options() -> list[tuple[str, float]]:
    """Saaty's 17 values as (label, value of the left item over the right one), left to right:
    left item 9x more important ('◀ 9x'), ..., 'equal', ..., right item 9x ('9x ▶')."""
    out = []
    for value in sorted(SAATY_VALUES, reverse=True):
        if value > 1:
            out.append((f"◀ {int(value)}x", float(value)))
        elif value == 1:
            out.append(("equal", 1.0))
        else:
            out.append((f"{round(1 / value)}x ▶", value))
    return out


class JudgementPanel(widgets.VBox):
    """The panel: a 'start from' drop-down, one slider per pair, and the live result."""

    def __init__(
        self,
        starts: Mapping[str, pd.DataFrame],
        names: Mapping[str, str],
        limit: float = CONSISTENCY_LIMIT,
    ) -> None:
        self.starts = dict(starts)
        self.names = dict(names)
        self.limit = limit
        first = next(iter(self.starts.values()))
        self.items = [str(i) for i in first.index]
        self.pairs = list(combinations(self.items, 2))
        self.start = widgets.Dropdown(options=list(self.starts), description="Start from")
        self.sliders = [
            widgets.SelectionSlider(
                options=slider_options(),
                readout=False,
                layout=widgets.Layout(width="16em", margin="0 0.8em"),
                continuous_update=False,
            )
            for _ in self.pairs
        ]
        self.readouts = [widgets.Label(layout=widgets.Layout(width="5em")) for _ in self.pairs]
        rows = [
            widgets.HBox(
                [
                    self._label(a, "right"),
                    slider,
                    self._label(b, "left"),
                    readout,
                ]
            )
            for (a, b), slider, readout in zip(self.pairs, self.sliders, self.readouts, strict=True)
        ]
        self.output = widgets.HTML()
        self.load(self.start.value)
        self.start.observe(lambda change: self.load(change["new"]), names="value")
        for slider in self.sliders:
            slider.observe(lambda _change: self.refresh(), names="value")
        hint = widgets.HTML(
            "<em>Move a slider towards the more important item: the further, the stronger "
            "(Saaty's 1-9 scale).</em>"
        )
        super().__init__([self.start, hint, *rows, self.output])

    def _label(self, item: str, align: str) -> widgets.HTML:
        """An item's name (escaped), right- or left-aligned beside the slider."""
        name = html.escape(textwrap.shorten(self.names.get(item, item), 30, placeholder="..."))
        return widgets.HTML(
            f"<div style='text-align:{align}'>{name}</div>",
            layout=widgets.Layout(width="15em"),
        )

    def load(self, key: str) -> None:
        """Set every slider to the start matrix's judgement (snapped to Saaty's scale)."""
        matrix = self.starts[key].reindex(index=self.items, columns=self.items)
        values = matrix.to_numpy(dtype=float)
        position = {item: k for k, item in enumerate(self.items)}
        for slider, (a, b) in zip(self.sliders, self.pairs, strict=True):
            slider.value = nearest_saaty(float(values[position[a], position[b]]))
        self.refresh()

    def matrix(self) -> pd.DataFrame:
        """The reciprocal matrix the sliders show."""
        m = pd.DataFrame(1.0, index=self.items, columns=self.items)
        for slider, (a, b) in zip(self.sliders, self.pairs, strict=True):
            m.loc[a, b], m.loc[b, a] = slider.value, 1 / slider.value
        return m

    def refresh(self) -> None:
        """Show the weights and CR of the sliders' matrix, and each slider's reading."""
        for slider, readout in zip(self.sliders, self.readouts, strict=True):
            readout.value = slider.label
        self.output.value = result_html(ahp(self.matrix()), self.names, self.limit)


def judgement_panel(
    starts: Mapping[str, pd.DataFrame],
    names: Mapping[str, str],
    limit: float = CONSISTENCY_LIMIT,
) -> JudgementPanel:
    """The live panel for one sibling set; ``starts`` maps a label to a starting matrix."""
    return JudgementPanel(starts, names, limit)


def sibling_panel(weights: DriverWeights, parent: str = ROOT) -> JudgementPanel:
    """The live panel on one sibling set of AHP ``weights`` (default: the objectives),
    starting from the group's judgements, at the weights' consistency limit."""
    return JudgementPanel(
        panel_starts(weights, parent), weights.tree.names, weights.consistency_limit
    )


def show_panel(weights: DriverWeights | None, parent: str = ROOT) -> None:
    """Notebook 02's one call for its panel: :func:`sibling_panel` in JupyterLab, its starting
    point as static HTML in a handout (:func:`vmo_lib.drivers.views.panel_static`). Shows
    nothing when ``weights`` is ``None`` or holds no AHP judgements on the set."""
    from IPython.display import display

    if weights is None or not panel_starts(weights, parent):
        return
    show_live_or_static(
        lambda: sibling_panel(weights, parent),
        lambda: display(panel_static(weights, parent)),
    )


def show_matrices(
    starts: Mapping[str, pd.DataFrame],
    names: Mapping[str, str],
    limit: float = CONSISTENCY_LIMIT,
) -> None:
    """The live panel on any start matrices (``starts`` maps a label to a matrix); in a
    headless run, the result of the first one as static HTML, so a handout shows no broken
    widget."""
    from IPython.display import display

    show_live_or_static(
        lambda: judgement_panel(starts, names, limit),
        lambda: display(start_html(starts, names, limit)),
    )
