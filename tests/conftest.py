"""Shared fixtures: a scratch copy of the data packages that a test may break."""

from __future__ import annotations

import csv
import io
import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from ecosite.paths import DATAPACKAGES


@pytest.fixture
def data(tmp_path) -> DataCopy:
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


# Hostile text: each payload would become live markup, a link or a template expression if any
# output context forgot to escape. ALERT marks every payload so the scan can tell it from the site's own markup.
HOSTILE_PAYLOADS = [
    "<img src=x onerror=alert(101)>",
    "<script>alert(102)</script>",
    '"><svg onload=alert(103)>',
    "'><svg/onload=alert(104)>",
    "<!--<script>",
    "[x](javascript:alert(105))",
    '<a href="javascript:alert(106)">a</a>',
    "{{ 7*7 }}",
    "{% raw %}",
]


def free_text_fields(descriptor: dict) -> dict[str, list[str]]:
    """{resource name: its free-text columns}, read from the schemas so a new column is covered without a test edit.

    Free text: a string field with no enum and no format whose `pattern` (if any) accepts a payload. Key columns
    are included: their values are rewritten the same way in every column that references them.
    """
    import re

    out = {}
    for r in descriptor["resources"]:
        names = []
        for f in r["schema"]["fields"]:
            c = f.get("constraints", {})
            if f.get("type", "string") != "string" or "enum" in c or f.get("format", "default") != "default":
                continue
            if "pattern" in c and not re.fullmatch(c["pattern"], "文" + "".join(HOSTILE_PAYLOADS)):
                continue  # ids, sections, URLs: a pattern of their own keeps markup out already
            names.append(f["name"])
        out[r["name"]] = names
    return out


def _hostile(value: str, k: int, max_length: int | None) -> str:
    """The value with payloads appended, starting at payload k (so no one payload always hides the rest), each
    followed by the marker #k: two rewritten values then share at most one payload, not a long run (a rule
    compares names by their longest common run).

    The value is kept whole where a payload still fits after it (rules read words in it); under a tight
    `maxLength` it keeps its start and the marker (so it stays unique) and takes as many payloads as fit.
    """
    payloads = HOSTILE_PAYLOADS[k % len(HOSTILE_PAYLOADS) :] + HOSTILE_PAYLOADS[: k % len(HOSTILE_PAYLOADS)]
    limit = max_length or 10**9
    out = value if len(value) + 3 + 2 * len(str(k)) + min(map(len, payloads)) <= limit else value[:2]
    out += f"#{k}"
    for p in payloads:
        if len(out) + 2 + len(p) + len(str(k)) <= limit:
            out += f" {p}#{k}"
    return out


# Columns that the validator's rules read as a vocabulary (the wording beside a number, the wording of a project
# status): a payload there would change what the rules find, not how the site escapes. They are shown only
# through the same escaped table() as every other cell.
RULE_VOCABULARY = {
    ("indicators", "qualifiers"): {"before_zh", "after_zh"},
    ("projects", "status_wording"): {"wording_zh"},
}


def make_hostile(root: Path) -> dict[tuple[str, str], list[str]]:
    """Rewrite every non-empty free-text cell of every resource under root; returns {(package, resource): columns}.

    Equal values stay equal (a value's payload order depends on the value, not the row), so uniqueness, foreign
    keys and cross-table rules (e.g. one unit per chart group) still hold and the data stays valid.
    """
    import json

    covered = {}
    for desc_path in sorted(root.glob("*/datapackage.json")):
        desc = json.loads(desc_path.read_text(encoding="utf-8"))
        free = free_text_fields(desc)
        for (package, resource), columns in RULE_VOCABULARY.items():
            if package == desc_path.parent.name and resource in free:
                free[resource] = [c for c in free[resource] if c not in columns]
        fields = {r["name"]: {f["name"]: f for f in r["schema"]["fields"]} for r in desc["resources"]}
        # Columns that hold a free-text key of another resource are rewritten with it.
        linked = {(r["name"], n): None for r in desc["resources"] for n in free[r["name"]]}
        follows = {}
        for r in desc["resources"]:
            for fk in r["schema"].get("foreignKeys", []):
                own = [fk["fields"]] if isinstance(fk["fields"], str) else fk["fields"]
                ref = fk["reference"]
                theirs = [ref["fields"]] if isinstance(ref["fields"], str) else ref["fields"]
                for a, b in zip(own, theirs, strict=False):
                    target = (ref.get("resource") or r["name"], b)
                    if target in linked:
                        follows[(r["name"], a)] = target
        mapping, distinct = {}, {}

        def new_value(key, value):
            if (key, value) not in mapping:
                f = fields[key[0]][key[1]]
                k = distinct[key] = distinct.get(key, -1) + 1  # n-th distinct value of the column: payloads rotate
                mapping[(key, value)] = _hostile(value, k, f.get("constraints", {}).get("maxLength"))
            return mapping[(key, value)]

        for r in desc["resources"]:
            path = desc_path.parent / r["path"]
            with path.open(encoding="utf-8", newline="") as f:
                reader = csv.DictReader(f)
                header, rows = reader.fieldnames, list(reader)
            cols = {c: (r["name"], c) for c in free[r["name"]]} | {
                a: t for (res, a), t in follows.items() if res == r["name"]
            }
            for row in rows:
                for column, key in cols.items():
                    if row[column]:
                        row[column] = new_value(key, row[column])
            with path.open("w", encoding="utf-8", newline="") as f:
                w = csv.DictWriter(f, fieldnames=header, lineterminator="\n")
                w.writeheader()
                w.writerows(rows)
            covered[(desc_path.parent.name, r["name"])] = free[r["name"]]
    return covered


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory):
    """The site built once from a copy of the data in which every free-text cell carries every payload."""
    from sitebuild import build

    root = tmp_path_factory.mktemp("hostile") / "datapackages"
    shutil.copytree(DATAPACKAGES, root)
    covered = make_hostile(root)
    site_dir = root.parent / "site"
    result = build(site_dir, root)
    assert result.returncode == 0, result.stdout + result.stderr
    return HostileSite(site_dir, root, covered)


class HostileSite:
    def __init__(self, site: Path, data: Path, covered: dict):
        self.site, self.data, self.covered = site, data, covered
