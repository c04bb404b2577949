"""Synthetic organisations: the building blocks behind :mod:`vmo_lib.data.generator` and the
bundled Harbourline case study (:mod:`vmo_lib.data.casestudy`).

How the data hangs together. Each project has a hidden *kind* (see :mod:`.kinds`) that drives
most of its numbers:

``strategic``   large, risky (amber/red more often), big business cases, strong contributions
``core``        mid-sized improvements with moderate value
``compliance``  duties: small, green, tiny benefits, ranked high in the legacy list; some are
                flagged ``mandatory`` (legal, regulatory or safety)
``pet``         a senior sponsor's favourite: green, soft benefits, ranked high in the legacy list

so the PMO's legacy priority list and a value ranking disagree, as in real portfolios.

Each project's benefit plan is its business case's quarterly profile split over its
benefits, to the end of :data:`.calendar.LAST_YEAR`: the register and the business cases
agree project by project and cover the same years.

Conventions of the frames returned (the CSV writer :func:`vmo_lib.data.generator.write_dataset`
formats them): money in whole currency units (``int``; optional money is ``float`` with ``NaN`` for
blank), dates as ``datetime64``, quarters as text ``2026Q3``, blanks as ``NaN``. All "to date"
figures are as of :data:`.calendar.DATA_DATE`.

Modules, in pipeline order:

* :mod:`.calendar`, :mod:`.kinds`, :mod:`.specs` (with the text-block readers),
  :mod:`.arrays` (with the override columns): shared constants, types and small helpers;
* :mod:`.reference` and :mod:`.generic_org`: reference data and the generic organisation;
* :mod:`.portfolio` (with :mod:`.execution` and :mod:`.business_case`), :mod:`.drivers`,
  :mod:`.benefits`, :mod:`.assessment`, :mod:`.kpis`: one module per group of tables;
* :mod:`.generate`: :func:`~.generate.generate_organisation`, the whole pipeline;
* :mod:`.harbourline`: the case study's hand-written story and its story layer.

CSV-ready text and :func:`~vmo_lib.data.generator.write_dataset` are in
:mod:`vmo_lib.data.generator`, the public facade.
"""
