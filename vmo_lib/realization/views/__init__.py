"""What notebook 05 shows: its tables, notes, headline tiles and exports, ready to display.

A package rather than one module because notebook 05 shows many lists (at 10,000 benefits
each must stay short and link to its export), and together they hold some 800 lines. It is
split by job, in the order the notebook uses them:

* :mod:`.labels`: column headers and column lists (the notebook never spells a column);
* :mod:`.lists`: how each list is shown (columns, formats, top and bottom rows);
* :mod:`.exports`: every full list as CSV and as one Excel workbook, and their links;
* :mod:`.notes`: the headline tiles and the sentences that state the run's settings;
* :mod:`.sections`: one function per code cell of the notebook, sharing a :class:`Page`;
* :mod:`.register`: the register audit (DOAM, double counting) and the benefits map's note,
  with their exports and the Monte Carlo's;
* :mod:`.uncertainty`: the Monte Carlo's key figures and note.

Imports point down only: ``sections`` uses the other four; none of them imports ``sections``,
the charts or the widgets.

>>> group_title("programme")
'Programme'
"""

from __future__ import annotations

from vmo_lib.realization.views.exports import (
    EXPORT_TITLES,
    export_csv,
    export_lists,
    export_note,
    exports_note,
)
from vmo_lib.realization.views.labels import (
    AT_RISK_COLUMNS,
    BENEFIT_COLUMNS,
    DISPLAY_LABELS,
    GROUP_TITLES,
    REALISATION_COLUMNS,
    group_title,
    labels_for,
)
from vmo_lib.realization.views.lists import LISTS, ListSpec, list_html, shown_rows
from vmo_lib.realization.views.notes import (
    bound_note,
    chart_level_note,
    kpi_tiles_html,
    method_note,
    rules_note,
    settings_note,
)
from vmo_lib.realization.views.register import (
    REGISTER_EXPORTS,
    attribution_table,
    audit_rules_note,
    delivery_checks,
    doam_tables,
    export_register,
    map_note,
    register_exports_note,
)
from vmo_lib.realization.views.sections import (
    Page,
    at_risk_table,
    closed_due_table,
    duplicates_table,
    exports,
    forecast_notes,
    gaps_table,
    kpi_tiles,
    level_note,
    methods_table,
    mismatches_table,
    realisation_tables,
    risk_rules_table,
    rules,
    settings,
    unevidenced_table,
)
from vmo_lib.realization.views.uncertainty import uncertainty_note, uncertainty_table

__all__ = [
    "AT_RISK_COLUMNS",
    "BENEFIT_COLUMNS",
    "DISPLAY_LABELS",
    "EXPORT_TITLES",
    "GROUP_TITLES",
    "LISTS",
    "REALISATION_COLUMNS",
    "REGISTER_EXPORTS",
    "ListSpec",
    "Page",
    "at_risk_table",
    "attribution_table",
    "audit_rules_note",
    "bound_note",
    "chart_level_note",
    "closed_due_table",
    "delivery_checks",
    "doam_tables",
    "duplicates_table",
    "export_csv",
    "export_lists",
    "export_note",
    "export_register",
    "exports",
    "exports_note",
    "forecast_notes",
    "gaps_table",
    "group_title",
    "kpi_tiles",
    "kpi_tiles_html",
    "labels_for",
    "level_note",
    "list_html",
    "map_note",
    "method_note",
    "methods_table",
    "mismatches_table",
    "realisation_tables",
    "register_exports_note",
    "risk_rules_table",
    "rules",
    "rules_note",
    "settings",
    "settings_note",
    "shown_rows",
    "uncertainty_note",
    "uncertainty_table",
    "unevidenced_table",
]
