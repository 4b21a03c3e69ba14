"""Every Data Package descriptor, source and published (alone and inside the zips), validates against the
official Data Package v2 profiles (tests/profiles/, a copy of frictionlessdata/datapackage public/profiles/2.0/),
which frictionless does not fully check."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

import jsonschema
import pytest

from ecosite.load import load_tables
from ecosite.paths import DATAPACKAGES

# The official profiles, copied unchanged (public domain) so the test runs offline and in CI.
PROFILES = Path(__file__).parent / "profiles"
TABLES = load_tables()


def validator() -> jsonschema.Draft7Validator:
    """The package profile, offline: its $refs (if any) resolve to the local copies of the other profiles."""
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT7

    profiles = {p.name: json.loads(p.read_text(encoding="utf-8")) for p in PROFILES.glob("*.json")}
    registry = Registry().with_resources(
        (f"https://datapackage.org/profiles/2.0/{name}", Resource.from_contents(schema, default_specification=DRAFT7))
        for name, schema in profiles.items()
    )
    # the "uri" and "date-time" formats are checked only when rfc3986-validator and rfc3339-validator are installed
    checker = jsonschema.FormatChecker()
    assert {"uri", "date-time"} <= set(checker.checkers), "pip install rfc3986-validator rfc3339-validator"
    return jsonschema.Draft7Validator(profiles["datapackage.json"], registry=registry, format_checker=checker)


def problems(descriptor: dict) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message[:200]}" for e in validator().iter_errors(descriptor)]


def test_the_validator_rejects_an_empty_homepage():
    descriptor = json.loads((DATAPACKAGES / "indicators" / "datapackage.json").read_text(encoding="utf-8"))
    assert problems(descriptor | {"homepage": ""})
    assert problems(descriptor | {"created": "2024-11"})


@pytest.mark.parametrize("package", list(TABLES.packages))
def test_source_descriptor_is_valid_v2(package):
    assert not problems(json.loads((DATAPACKAGES / package / "datapackage.json").read_text(encoding="utf-8")))


@pytest.mark.parametrize("package", list(TABLES.packages))
def test_published_descriptors_are_valid_v2_and_describe_their_files(site, package):
    folder = site / "data" / package
    published = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    with zipfile.ZipFile(folder / f"{package}.zip") as z:
        zipped = json.loads(z.read("datapackage.json"))
        files = {name: z.read(name) for name in z.namelist()}
    assert zipped == published
    assert not problems(published)
    assert published["id"].startswith("urn:uuid:") and published["created"].endswith("Z")
    assert "homepage" not in published or published["homepage"].startswith("http")
    for r in published["resources"]:
        content = files[r["path"]]
        assert r["bytes"] == len(content) == (folder / f"{r['name']}.csv").stat().st_size
        assert r["hash"] == "sha256:" + hashlib.sha256(content).hexdigest()
