"""Which page presents which data: the site's map of data pages, shared by the outputs that need it (the pages
carry a download block and JSON-LD, the catalogue names each package's landing page). Neutral ground: no imports."""

from __future__ import annotations

# Which data package each data page presents, and the tables its download block offers.
# The first page of a package is its landing page (its canonical schema.org Dataset).
DATA_PAGES = {
    "indicators/index.md": ("indicators", ["indicators", "observations", "assessments"]),
    "projects.md": ("projects", ["projects"]),
    "monitoring.md": ("monitoring", ["network"]),
    "tasks/index.md": ("tasks", ["columns", "column_tasks", "areas", "major_tasks"]),
    "figures.md": ("tasks", ["figures"]),
    "audit.md": ("indicators", ["discrepancies"]),
    "source/index.md": ("report", ["document", "sections", "lines"]),
}


def url_of(page: str) -> str:
    """A page's URL path under its language's root ("indicators/index.md" → "indicators/", "index.md" → "")."""
    return page.removesuffix(".md").removesuffix("index").rstrip("/") + "/" if page != "index.md" else ""


def landing_page(package: str) -> str:
    """The page that presents the package (its canonical Dataset lives there)."""
    return next(p for p, (pkg, _) in DATA_PAGES.items() if pkg == package)


def landing(package: str) -> str:
    """The landing page's URL path."""
    return url_of(landing_page(package))


def indicator_page(indicator_id: str) -> str:
    """The page of a top-level indicator (its parts are shown on it)."""
    return f"indicators/{indicator_id}.md"
