"""Notes for the reader under a table or figure: a short escaped HTML list.

>>> notes_html(["Role <B> merged into <A>"]).data
'<ul class="vmo-notes"><li>Role &lt;B&gt; merged into &lt;A&gt;</li></ul>'
>>> notes_html([], empty="Nothing to note.").data
'<ul class="vmo-notes"><li>Nothing to note.</li></ul>'
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from IPython.display import HTML

__all__ = ["notes_html"]


def notes_html(notes: Sequence[str], empty: str = "") -> HTML:
    """Notes for the reader as an HTML list, every note escaped (names come from data).

    ``empty`` is shown when there is no note (for example "no group was merged"); with no
    note and no ``empty`` text the result is an empty HTML object.
    """
    items = [html.escape(n) for n in notes] or ([html.escape(empty)] if empty else [])
    if not items:
        return HTML("")
    return HTML('<ul class="vmo-notes">' + "".join(f"<li>{i}</li>" for i in items) + "</ul>")
