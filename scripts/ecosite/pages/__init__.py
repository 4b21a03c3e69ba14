"""Markdown pages generated from the data, one module per family of pages, one Jinja template per kind of page.

Each family module is an output (listed in ecosite.outputs, the registry): a function from a `Job` (inputs.py: the
derived tables, the language, what earlier outputs made, the charts charts.py drew for it) to {path inside docs:
Markdown}. Pages live in memory: the mkdocs hook adds them to the site without writing into docs/.

    common.py       the page environment (Jinja, autoescaped; interface words `T`), root prefixes, the end of a
                    data page (download block and JSON-LD, both rendered by the template)
    tables.py       tables more than one family shows (indicators, key figures, projects)
    home.py         the home page (Chinese from index.md.j2, English from home.en.md.j2)
    indicators.py   the indicator index and one page per top-level indicator
    tasks.py        special columns, areas and major tasks, the report's other chapters (report.md)
    source.py       the report itself, section by section (source/…)
    projects.py, monitoring.py, figures.py, audit.py
    dictionary.py, downloads.py, validation.py, changelog.py   the reference pages

Family modules import common/tables and the helpers (render, escape, interface, citation, …), never another family
module, charts.py or the registry (tests/test_architecture.py).
"""
