"""Short HTML sentences for notebook 05 that depend on the run's settings (text escaped).

Markdown cells cannot show parameter values, so the notebook displays these instead.

>>> method_note("on_plan")[:40]
'<p>This run forecasts with <strong>on pl'
"""

from __future__ import annotations

import html
from pathlib import Path

from vmo_lib.tables import money_short_text, percent_text

from .forecast import METHOD_DESCRIPTIONS
from .report import group_title

__all__ = ["cautious_note", "export_note", "method_note", "settings_note"]


def _method_name(method: str) -> str:
    return html.escape(method.replace("_", " "))


def method_note(method: str) -> str:
    """The forecast method of this run and what it does."""
    return (
        f"<p>This run forecasts with <strong>{_method_name(method)}</strong>: "
        f"{html.escape(METHOD_DESCRIPTIONS[method])}.</p>"
    )


def cautious_note(method: str, share_of_plan: float, usual: float, cautious: float) -> str:
    """What the forecast (EUR) becomes if unstarted benefits do as the started ones did."""
    return (
        f"<p>If every benefit not yet started realised {percent_text(share_of_plan, 0)} of its "
        f"plan, as the started ones have so far, the {_method_name(method)} forecast at "
        f"completion would be <strong>{html.escape(money_short_text(cautious))}</strong> "
        f"instead of {html.escape(money_short_text(usual))}.</p>"
    )


def settings_note(group_by: str, method: str, threshold: float) -> str:
    """The settings the static panel shows in a handout."""
    return (
        f"<p>Settings of this run: grouping <strong>{html.escape(group_title(group_by))}"
        f"</strong>, forecast <strong>{_method_name(method)}</strong>, at-risk threshold "
        f"<strong>{threshold:.0%}</strong>.</p>"
    )


def export_note(what: str, path: Path) -> str:
    """Where an exported file went (file name only)."""
    return f"<p>{html.escape(what)} is exported to <code>{html.escape(path.name)}</code>.</p>"
