"""Where things live in the repository."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# The repository's own data. A build reads the folder its Config names (ecosite.config); nothing here reads the
# environment.
DATAPACKAGES = (ROOT / "datapackages").resolve()
DOCS = ROOT / "docs"
SITE = ROOT / "site"
CACHE = ROOT / ".cache"
PACKAGE_NAMES = ("indicators", "monitoring", "projects", "tasks", "report")


def rel(path: Path | str) -> str:
    """Path as the editor sees it in the repository (forward slashes)."""
    p = Path(path)
    try:
        return p.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return p.as_posix()
