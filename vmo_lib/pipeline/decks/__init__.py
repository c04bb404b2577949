"""An editable PowerPoint deck from an executed notebook: the same run as its HTML handout.

Why: steering committees read slides. A deck built by hand from a handout is retyped, goes
stale and loses the link to the data; this one is built from the executed notebook itself, so
its figures are the handout's, and every shape stays editable (native text and tables, charts
as pictures with their alt text).

The deck (:func:`build_deck`):

1. a title slide: the notebook's title, the organisation and the data date;
2. the headline figures: the values the notebook recorded (:func:`read_figures`), headline
   ones first, as a native table;
3. one slide per chart: the picture (the PNG the notebook displayed) under its one-line
   message, the first sentence of its alt text (the figure's title); the whole alt text goes
   into the picture's description and the speaker notes;
4. the key tables (those with a caption) as native PowerPoint tables, top rows only, with a
   line saying how many rows the full table has;
5. a closing "decisions to take" slide: the notebook's own list (notebook metadata
   ``vmo.decisions``) or the questions this module holds for each notebook, to be edited.

What the handout hides (parameters, cells tagged ``remove-cell`` or ``hide``, recorded values)
the deck hides too. With ``template`` (a .pptx of the organisation), the slides use its
masters and layouts ("Title Slide", "Title Only", "Title and Content", or the closest
layouts it has); slides already in the template are left out.
"""

from vmo_lib.pipeline.decks.content import (
    DeckChart,
    DeckContent,
    DeckError,
    deck_content,
    run_parameters,
)
from vmo_lib.pipeline.decks.decisions import DECISIONS
from vmo_lib.pipeline.decks.slides import build_deck, open_template, write_deck, write_decks
from vmo_lib.pipeline.decks.tables import TABLE_COLUMNS, TABLE_ROWS, DeckTable

__all__ = [
    "DECISIONS",
    "TABLE_COLUMNS",
    "TABLE_ROWS",
    "DeckChart",
    "DeckContent",
    "DeckError",
    "DeckTable",
    "build_deck",
    "deck_content",
    "open_template",
    "run_parameters",
    "write_deck",
    "write_decks",
]
