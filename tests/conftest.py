"""Shared fixtures: a scratch copy of the data packages that a test may break."""
from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
import sys

sys.path.insert(0, str(Path(__file__).parent))

from ecosite.paths import DATAPACKAGES


@pytest.fixture
def data(tmp_path) -> "DataCopy":
    root = tmp_path / "datapackages"
    shutil.copytree(DATAPACKAGES, root)
    return DataCopy(root)


class DataCopy:
    """A copy of datapackages/ with small editing helpers that say which CSV line they changed."""

    def __init__(self, root: Path):
        self.root = root

    def path(self, file: str) -> Path:
        return self.root / file

    def rows(self, file: str) -> list[dict]:
        with self.path(file).open(encoding="utf-8", newline="") as f:
            return list(csv.DictReader(f))

    def _write(self, file: str, header: list[str], rows: list[dict]) -> None:
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        self.path(file).write_text(buffer.getvalue(), encoding="utf-8")

    def find(self, file: str, **where) -> int:
        """Index (0-based) of the first row matching every column=value given."""
        for i, row in enumerate(self.rows(file)):
            if all(row[k] == v for k, v in where.items()):
                return i
        raise LookupError(f"no row {where} in {file}")

    def edit(self, file: str, field: str, value: str, **where) -> int:
        """Set one cell; returns its CSV line number (header = line 1)."""
        with self.path(file).open(encoding="utf-8", newline="") as f:
            header = next(csv.reader(f))
        rows = self.rows(file)
        i = self.find(file, **where)
        rows[i][field] = value
        self._write(file, header, rows)
        return i + 2

    def delete(self, file: str, **where) -> int:
        with self.path(file).open(encoding="utf-8", newline="") as f:
            header = next(csv.reader(f))
        rows = self.rows(file)
        i = self.find(file, **where)
        del rows[i]
        self._write(file, header, rows)
        return i + 2

    def append(self, file: str, row: dict) -> int:
        with self.path(file).open(encoding="utf-8", newline="") as f:
            header = next(csv.reader(f))
        rows = self.rows(file) + [row]
        self._write(file, header, rows)
        return len(rows) + 1


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The site built once from the real data, for every test that reads pages."""
    from sitebuild import build

    site_dir = tmp_path_factory.mktemp("built") / "site"
    result = build(site_dir)
    assert result.returncode == 0, result.stdout + result.stderr
    return site_dir


@pytest.fixture(scope="session")
def served(site):
    from sitebuild import Server

    server = Server(site)
    yield server.url
    server.close()


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory):
    """A test copy of the data with markup and link syntax in a project name."""
    import shutil
    import csv
    from ecosite.paths import DATAPACKAGES

    root = tmp_path_factory.mktemp("hostile") / "datapackages"
    shutil.copytree(DATAPACKAGES, root)
    path = root / "projects" / "projects.csv"
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    rows[0]["name_zh"] = '<script>window.__xss=1</script>恶意项目'
    rows[1]["name_zh"] = '<img src=x onerror="window.__xss=2">图片项目'
    rows[2]["name_zh"] = '[点我](javascript:alert(1))链接项目'
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    site_dir = root.parent / "site"
    from sitebuild import build

    result = build(site_dir, root)
    assert result.returncode == 0, result.stderr
    return site_dir
