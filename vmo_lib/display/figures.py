"""How a notebook shows a matplotlib figure: a PNG image with alt text, in any environment.

Why: a kernel draws its figures with whatever backend ``MPLBACKEND`` or a matplotlibrc names.
With ``Agg`` (common on servers and in CI) IPython has no image formatter for a figure, so each
one becomes the text ``<Figure size 700x520 with 1 Axes>`` and a handout silently loses every
chart. :func:`install_figure_display`, called by :func:`vmo_lib.display.theme.set_theme`, switches a
kernel that draws off-screen (``Agg``) to the inline backend and registers its own PNG
formatter for figures, which

- draws the PNG exactly as the inline backend does (figure dpi, tight bounding box);
- puts alt text in the output's metadata (``metadata["image/png"]["alt"]``), built from the
  figure by :func:`describe_figure` (titles, chart kind, axis labels, legend entries) unless
  :func:`set_alt_text` gave one; the handout template writes it as the ``alt`` attribute;
- first replaces characters the chart font lacks (emoji in project names) with
  :func:`sanitise_glyphs`, so no label is drawn with empty boxes.

This module is imported by notebook kernels: it needs only matplotlib, and IPython at call time.
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
from collections.abc import Iterable
from typing import Any, cast

from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties

__all__ = [
    "ALT_TEXT_ATTRIBUTE",
    "INLINE_BACKEND",
    "describe_figure",
    "figure_png",
    "install_figure_display",
    "safe_text",
    "sanitise_glyphs",
    "set_alt_text",
]

#: The inline backend of Jupyter kernels (what ipykernel uses when nothing else is set).
INLINE_BACKEND = "module://matplotlib_inline.backend_inline"
#: Attribute of a figure holding alt text given by :func:`set_alt_text`.
ALT_TEXT_ATTRIBUTE = "_vmo_alt_text"
#: Longest alt text built from a figure, in characters (screen readers read all of it).
_ALT_LIMIT = 600
#: Legend entries named in alt text, at most.
_SERIES_LIMIT = 8
_SPACES = re.compile(r"[ \t]{2,}")


def set_alt_text(fig: Figure, text: str) -> Figure:
    """Give ``fig`` the alt text a reader of the handout gets instead of the built one."""
    setattr(fig, ALT_TEXT_ATTRIBUTE, " ".join(str(text).split()))
    return fig


def describe_figure(fig: Figure) -> str:
    """Alt text for ``fig``: what it shows, from its titles, chart kinds and axis labels.

    E.g. ``"Budget and forecast by project. Horizontal bar chart; x axis: Cost (GBP);
    y axis: Project; series: Budget, Forecast."``. Never empty: a figure with no text at all
    is described as a chart with its number of panels.
    """
    given = getattr(fig, ALT_TEXT_ATTRIBUTE, None)
    if given:
        return str(given)
    parts: list[str] = []
    suptitle = fig.get_suptitle().strip()
    if suptitle:
        parts.append(_sentence(suptitle))
    panels = [ax for ax in fig.axes if ax.get_visible() and not hasattr(ax, "_colorbar")]
    scales = [ax for ax in fig.axes if hasattr(ax, "_colorbar")]
    for number, ax in enumerate(panels, start=1):
        prefix = f"Panel {number} of {len(panels)}: " if len(panels) > 1 else ""
        parts.append(prefix + _describe_axes(ax))
    for ax in scales:
        label = (ax.get_ylabel() or ax.get_xlabel()).strip()
        if label:
            parts.append(f"Colour scale: {label}.")
    entries = [t.get_text().strip() for legend in fig.legends for t in legend.get_texts()]
    entries = [entry for entry in entries if entry]
    if entries:
        more = len(entries) - _SERIES_LIMIT
        shown = ", ".join(entries[:_SERIES_LIMIT]) + (f" and {more} more" if more > 0 else "")
        parts.append(f"Legend: {shown}.")
    notes = [" ".join(t.get_text().split()) for t in fig.texts if t.get_text().strip()]
    if notes:
        parts.append(f"Note: {'; '.join(notes)}" + ("" if notes[-1].endswith(".") else "."))
    if not panels and not parts:
        parts.append("Chart.")
    text = " ".join(part for part in parts if part)
    if len(text) > _ALT_LIMIT:
        text = text[: _ALT_LIMIT - 1].rstrip() + "\u2026"
    return text


def _describe_axes(ax: Any) -> str:
    """One panel: its title, chart kind, axis labels and legend entries, as sentences."""
    title = " ".join(t for t in (ax.get_title("left"), ax.get_title(), ax.get_title("right")) if t)
    kind = _chart_kind(ax)
    details = [kind[0].upper() + kind[1:]]
    for name, label in (("x axis", ax.get_xlabel()), ("y axis", ax.get_ylabel())):
        if label.strip():
            details.append(f"{name}: {' '.join(label.split())}")
    series = _legend_entries(ax)
    if series:
        shown = ", ".join(series[:_SERIES_LIMIT])
        more = len(series) - _SERIES_LIMIT
        details.append(f"series: {shown}" + (f" and {more} more" if more > 0 else ""))
    body = "; ".join(details) + "."
    return f"{_sentence(title)} {body}" if title.strip() else body


def _chart_kind(ax: Any) -> str:
    """What the axes draw: bar chart, line chart, scatter plot, heatmap... (several joined)."""
    from matplotlib.collections import LineCollection, PathCollection, PolyCollection, QuadMesh
    from matplotlib.container import BarContainer
    from matplotlib.patches import Wedge

    kinds: list[str] = []
    bars = [c for c in ax.containers if isinstance(c, BarContainer)]
    if bars:
        horizontal = getattr(bars[0], "orientation", None) == "horizontal"
        kinds.append("horizontal bar chart" if horizontal else "bar chart")
    if any(isinstance(p, Wedge) for p in ax.patches):
        kinds.append("pie chart")
    if ax.images or any(isinstance(c, QuadMesh) for c in ax.collections):
        kinds.append("heatmap")
    collections = ax.collections
    if any(type(c).__name__ == "PolyCollection" and c.get_array() is not None for c in collections):
        kinds.append("density map")
    elif any(isinstance(c, PolyCollection) for c in collections):
        kinds.append("shaded band")
    if any(isinstance(c, PathCollection) for c in collections):
        kinds.append("scatter plot")
    # Lines in data coordinates (reference lines such as axhline span the axes instead).
    lines = [
        line
        for line in ax.get_lines()
        if line.get_transform() is ax.transData and len(line.get_xdata(orig=False)) >= 2
    ]
    if lines:
        kinds.append("line chart")
    elif any(isinstance(c, LineCollection) for c in collections) and not bars:
        kinds.append("range chart")
    if not kinds:
        kinds.append("diagram" if ax.texts else "chart")
    return " with ".join(dict.fromkeys(kinds))


def _legend_entries(ax: Any) -> list[str]:
    legend = ax.get_legend()
    if legend is None:
        return []
    return [t.get_text().strip() for t in legend.get_texts() if t.get_text().strip()]


def _sentence(text: str) -> str:
    text = " ".join(text.split())
    return text if text.endswith((".", "!", "?", ":")) else f"{text}."


# --- characters the chart font lacks -------------------------------------------------------


@functools.cache
def _charmap(path: str) -> frozenset[int]:
    """Code points a font file has a glyph for."""
    from matplotlib.font_manager import get_font

    return frozenset(get_font(path).get_charmap())


@functools.cache
def _coverage(key: tuple[object, ...]) -> frozenset[int]:
    """Code points the fonts of a font specification (with its fallbacks) can draw."""
    family, style, variant, weight, stretch, file = cast(tuple[Any, ...], key)
    prop = FontProperties(
        family=list(family),
        style=style,
        variant=variant,
        weight=weight,
        stretch=stretch,
        fname=file,
    )
    from matplotlib.font_manager import fontManager

    try:
        found = fontManager._find_fonts_by_props(prop)
    except Exception:  # older matplotlib: the single font findfont picks
        from matplotlib.font_manager import findfont

        found = [findfont(prop)]
    covered: set[int] = set()
    for entry in found:
        covered |= _charmap(os.fspath(getattr(entry, "path", entry)))
    return frozenset(covered)


def _key(prop: FontProperties | None) -> tuple[object, ...]:
    prop = prop or FontProperties()
    return (
        tuple(prop.get_family()),
        prop.get_style(),
        prop.get_variant(),
        prop.get_weight(),
        prop.get_stretch(),
        prop.get_file(),
    )


def safe_text(text: str, prop: FontProperties | None = None) -> str:
    """``text`` without the characters the font (default: the theme's) cannot draw.

    Emoji and their joiners and variation selectors are removed rather than drawn as empty
    boxes; the spaces they leave are tidied. A label made only of such characters becomes
    ``"?"``, so it still shows that something was there.

    >>> safe_text("\U0001f680 Launch pad")
    'Launch pad'
    """
    if not text or text.isascii():
        return text
    covered = _coverage(_key(prop))
    kept = "".join(c for c in text if c.isspace() or ord(c) in covered)
    if kept == text:
        return text
    # What joined or styled the removed symbols (zero-width joiners, variation selectors).
    kept = "".join(c for c in kept if not _is_modifier(c))
    tidy = "\n".join(_SPACES.sub(" ", line).strip() for line in kept.split("\n"))
    return tidy if tidy.strip() else "?"


def _is_modifier(character: str) -> bool:
    """Invisible format characters and variation selectors, which style a neighbour."""
    import unicodedata

    point = ord(character)
    selector = 0xFE00 <= point <= 0xFE0F or 0xE0100 <= point <= 0xE01EF
    return selector or unicodedata.category(character) == "Cf"


def sanitise_glyphs(fig: Figure) -> int:
    """Replace, in every text of ``fig``, the characters its font cannot draw; return how many
    texts changed.

    Titles, labels, legends, annotations and fixed tick labels are edited in place; tick
    labels generated from category names get a formatter that cleans each label as drawn.
    """
    from matplotlib.text import Text

    changed = 0
    for artist in fig.findobj(Text):
        text = artist.get_text()
        if not text or text.isascii():
            continue
        clean = safe_text(text, artist.get_fontproperties())
        if clean != text:
            artist.set_text(clean)
            changed += 1
    for ax in fig.axes:
        for axis in _axes_axes(ax):
            changed += _clean_formatters(axis)
    return changed


def _axes_axes(ax: Any) -> Iterable[Any]:
    return [a for a in (getattr(ax, "xaxis", None), getattr(ax, "yaxis", None)) if a is not None]


def _clean_formatters(axis: Any) -> int:
    """Clean the labels of fixed and category tick formatters (numbers need nothing)."""
    from matplotlib.category import StrCategoryFormatter
    from matplotlib.ticker import FixedFormatter

    changed = 0
    for which in ("major", "minor"):
        formatter = getattr(axis, which).formatter
        if isinstance(formatter, FixedFormatter):
            clean = [safe_text(str(label)) for label in formatter.seq]
            if clean != [str(label) for label in formatter.seq]:
                formatter.seq = clean
                changed += 1
        elif isinstance(formatter, StrCategoryFormatter) and not isinstance(
            formatter, _CleanCategoryFormatter
        ):
            names = [str(name) for name in formatter._units]
            if any(safe_text(name) != name for name in names):
                cleaned = _CleanCategoryFormatter(formatter._units)
                (axis.set_major_formatter if which == "major" else axis.set_minor_formatter)(
                    cleaned
                )
                changed += 1
    return changed


def _category_formatter_class() -> type[Any]:
    from matplotlib.category import StrCategoryFormatter

    class CleanCategoryFormatter(StrCategoryFormatter):
        """Category tick labels without the characters the font lacks."""

        def __call__(self, x: float, pos: int | None = None) -> str:
            return safe_text(super().__call__(x, pos))

        def format_ticks(self, values: Any) -> list[str]:
            return [safe_text(label) for label in super().format_ticks(values)]

    return CleanCategoryFormatter


_CleanCategoryFormatter = _category_formatter_class()


# --- display in a kernel --------------------------------------------------------------------


def figure_png(fig: Figure) -> tuple[str, dict[str, str]] | None:
    """The IPython ``image/png`` formatter for figures: base64 PNG and its alt text.

    Drawn as the inline backend draws (the figure's dpi and colours, tight bounding box),
    after the characters the font lacks are replaced. Unlike the inline backend, a figure
    holding only figure-level text or artists (a "no data" message) is drawn too; ``None``
    only for a figure with nothing on it.
    """
    import base64
    import io

    parts = (fig.axes, fig.lines, fig.texts, fig.images, fig.patches, fig.legends)
    if not any(parts) and not fig.get_suptitle():
        return None
    sanitise_glyphs(fig)
    buffer = io.BytesIO()
    fig.canvas.print_figure(
        buffer,
        format="png",
        dpi=fig.dpi,
        facecolor=fig.get_facecolor(),
        edgecolor=fig.get_edgecolor(),
        bbox_inches="tight",
    )
    return base64.b64encode(buffer.getvalue()).decode("ascii"), {"alt": describe_figure(fig)}


#: Backends that only write files: in a kernel they show nothing at the end of a cell.
_FILE_BACKENDS = frozenset({"agg", "cairo", "pdf", "pgf", "ps", "svg", "template"})


def _draws_off_screen(backend: str) -> bool:
    """Whether ``backend`` (as rcParams names it) can only write files, such as ``Agg``.

    Interactive ones (inline, ipympl's widget, Qt...) are left as the user chose them.
    """
    name = backend.lower().removeprefix("module://matplotlib.backends.backend_")
    return name in _FILE_BACKENDS


def install_figure_display() -> bool:
    """Show figures as PNG with alt text in this IPython kernel, whatever the backend says.

    In a kernel (not a terminal IPython) whose backend only writes files (``Agg``...), switches
    to the inline one, so figures left open at the end of a cell are shown as in JupyterLab.
    Then registers :func:`figure_png` for :class:`~matplotlib.figure.Figure`. Returns whether
    it did (False outside IPython). Safe to call more than once.
    """
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    if shell is None or not hasattr(shell, "display_formatter"):
        return False
    import matplotlib
    import matplotlib.pyplot as plt

    try:
        backend = matplotlib.get_backend(auto_select=False)
    except TypeError:  # matplotlib before 3.10
        backend = matplotlib.rcParams._get("backend")
    if getattr(shell, "kernel", None) is not None and _draws_off_screen(str(backend)):
        # matplotlib_inline missing: the formatter below still draws every figure
        with contextlib.suppress(Exception):
            shell.enable_matplotlib("inline")
    # Load the backend now: the inline one registers its own PNG formatter (no alt text) when
    # it is loaded, which would otherwise happen at the first figure and replace this one.
    with contextlib.suppress(Exception):
        plt._get_backend_mod()
    shell.display_formatter.formatters["image/png"].for_type(Figure, figure_png)
    return True
