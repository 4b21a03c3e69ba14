"""Where things live in the repository."""
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATAPACKAGES = ROOT / "datapackages"
DOCS = ROOT / "docs"
SITE = ROOT / "site"
CACHE = ROOT / ".cache"
PACKAGE_NAMES = ("indicators", "monitoring", "projects", "tasks")


def rel(path: Path | str) -> str:
    """Path as the editor sees it in the repository (forward slashes)."""
    p = Path(path)
    try:
        return p.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return p.as_posix()
