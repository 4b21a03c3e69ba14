"""Load the data packages: descriptors as frictionless Packages, tables as pandas frames.

Loading does not validate (frictionless' `to_pandas` does not); call
`validate.validate_all` first, as the build does.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from frictionless import Package

from . import buildcache
from .paths import DATAPACKAGES, PACKAGE_NAMES


def descriptor_path(name: str, root: Path = DATAPACKAGES) -> Path:
    return root / name / "datapackage.json"


def open_package(name: str, root: Path = DATAPACKAGES) -> Package:
    path = descriptor_path(name, root)
    return Package(json.loads(path.read_text(encoding="utf-8")), basepath=str(path.parent))


def read_table(package: Package, resource: str) -> pd.DataFrame:
    """A resource as a frame in file order, primary key as ordinary columns.

    Dates and year-months are kept as the ISO text written in the CSV
    (2023-09-15, 2024-11): that is how readers and downloads should see them.
    """
    res = package.get_resource(resource)
    # frictionless' to_pandas is slow (about a third of a validation run). The frame depends only on
    # the file's bytes and the resource's schema, so the validator and the build (and the test
    # fixtures, which change one file at a time) share it; callers get their own copy.
    try:
        key = (
            hashlib.sha256((Path(res.basepath or ".") / res.path).read_bytes()).hexdigest(),
            json.dumps(res.to_descriptor(), sort_keys=True, ensure_ascii=False),
        )
    except (OSError, TypeError):
        return _read_table(res)
    if key not in _FRAMES:
        if len(_FRAMES) > 256:
            _FRAMES.clear()
        # On disk too (.cache/tables, keyed with the code): a rebuild reads only the files that changed.
        frame = buildcache.load("tables", "|".join(key))
        if not isinstance(frame, pd.DataFrame):
            frame = _read_table(res)
            buildcache.store("tables", "|".join(key), frame)
        _FRAMES[key] = frame
    return _FRAMES[key].copy()


_FRAMES: dict[tuple[str, str], pd.DataFrame] = {}


def _read_table(res) -> pd.DataFrame:
    frame = res.to_pandas()
    if frame.index.names != [None]:
        frame = frame.reset_index()
    for column in res.schema.fields:
        if column.type == "date":
            frame[column.name] = frame[column.name].map(
                lambda v: v.strftime("%Y-%m-%d") if hasattr(v, "strftime") else v
            )
        elif column.type == "yearmonth":
            frame[column.name] = frame[column.name].map(
                lambda v: f"{v.year:04d}-{v.month:02d}" if hasattr(v, "month") else v
            )
    return frame


@dataclass
class Tables:
    """Every table of every package: tables["indicators"]["observations"]."""

    root: Path
    packages: dict[str, Package] = field(default_factory=dict)
    frames: dict[str, dict[str, pd.DataFrame]] = field(default_factory=dict)

    def __getitem__(self, package: str) -> dict[str, pd.DataFrame]:
        return self.frames[package]

    def csv_path(self, package: str, resource: str) -> Path:
        return self.root / package / self.packages[package].get_resource(resource).path


def load_tables(root: Path = DATAPACKAGES) -> Tables:
    tables = Tables(root=root)
    for name in PACKAGE_NAMES:
        package = open_package(name, root)
        tables.packages[name] = package
        tables.frames[name] = {r.name: read_table(package, r.name) for r in package.resources}
    return tables
