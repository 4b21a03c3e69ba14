"""The JSON API v1 as a client uses it: every file valid against its published JSON Schema, every link leads
to a real file in the built site, and parts say that their status is their parent's."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import jsonschema
import pytest

from ecosite.load import load_tables

TABLES = load_tables()


def api_files(site: Path) -> list[Path]:
    return sorted(p for p in (site / "api").rglob("*.json") if "schema" not in p.relative_to(site / "api").parts)


def site_file(site: Path, url: str) -> Path:
    """The built file a site-relative URL path serves (directory URLs serve index.html)."""
    path = urlsplit(url).path.lstrip("/")
    target = site / path
    return target / "index.html" if url.endswith("/") or target.is_dir() else target


def links(data, key: str = "") -> list[str]:
    """Every URL in a JSON document: values of keys named url, *_url and $schema."""
    if isinstance(data, dict):
        return [u for k, v in data.items() for u in links(v, k)]
    if isinstance(data, list):
        return [u for v in data for u in links(v, key)]
    if isinstance(data, str) and (key in ("url", "$schema") or key.endswith("_url")):
        return [data]
    return []


def test_every_api_file_is_valid_against_its_published_schema(site):
    files = api_files(site)
    assert len(files) == len(TABLES["indicators"]["indicators"]) + 1
    checker = jsonschema.FormatChecker()
    for path in files:
        data = json.loads(path.read_text(encoding="utf-8"))
        schema_file = site_file(site, urljoin("/" + path.relative_to(site).as_posix(), data["$schema"]))
        schema = json.loads(schema_file.read_text(encoding="utf-8"))
        jsonschema.Draft202012Validator.check_schema(schema)
        errors = [
            f"{list(e.absolute_path)}: {e.message}"
            for e in jsonschema.Draft202012Validator(schema, format_checker=checker).iter_errors(data)
        ]
        assert not errors, (path.name, errors[:5])


def test_every_link_in_the_api_leads_to_a_real_file(site):
    followed = 0
    for path in api_files(site):
        here = "/" + path.relative_to(site).as_posix()
        for link in links(json.loads(path.read_text(encoding="utf-8"))):
            assert not urlsplit(link).scheme or link.startswith("https://creativecommons.org/"), (here, link)
            if urlsplit(link).scheme:
                continue
            target = urljoin(here, link)
            assert not target.startswith("/api/api/"), (here, link)
            assert site_file(site, target).is_file(), f"{here}: {link} → {target} does not exist"
            followed += 1
    assert followed > 5 * len(TABLES["indicators"]["indicators"])


def test_listing_is_versioned_licensed_and_links_page_csv_and_detail(site):
    listing = json.loads((site / "api" / "indicators.json").read_text(encoding="utf-8"))
    package = TABLES.packages["indicators"]
    assert listing["version"].startswith("1.") and listing["license"]["name"] == "CC-BY-4.0"
    assert listing["generated_from"]["version"] == package.version and listing["source"]["publisher_zh"]
    assert listing["count"] == len(listing["indicators"]) == len(TABLES["indicators"]["indicators"])
    pm25 = next(i for i in listing["indicators"] if i["id"] == "pm25")
    assert pm25["latest"]["value"] == 20.5 and pm25["status"] == "on_track"
    assert urljoin("/api/indicators.json", pm25["html_url"]) == "/indicators/pm25/"
    assert urljoin("/api/indicators.json", pm25["csv_url"]) == "/data/indicators/pm25.csv"


def test_parts_are_marked_as_inheriting_their_parents_status(site):
    listing = {
        i["id"]: i for i in json.loads((site / "api" / "indicators.json").read_text(encoding="utf-8"))["indicators"]
    }
    assessments = TABLES["indicators"]["assessments"]
    own = set(assessments.loc[assessments["status"].notna(), "indicator_id"])
    parts = [i for i in listing.values() if i["parent_id"]]
    assert parts
    for item in listing.values():
        assert item["status_inherited"] == (item["id"] not in own and item["status"] is not None), item["id"]
    for part in parts:
        assert part["status_inherited"] and part["status"] == listing[part["parent_id"]]["status"], part["id"]
    # the API's own statuses are exactly the CSV's: nothing copied silently
    assert sum(1 for i in listing.values() if i["status"] and not i["status_inherited"]) == len(own)


@pytest.mark.parametrize("name", ["indicators", "indicator"])
def test_schemas_are_published_and_reject_a_broken_file(site, name):
    schema = json.loads((site / "api" / "schema" / f"{name}.schema.json").read_text(encoding="utf-8"))
    sample = json.loads(
        (
            (site / "api" / "indicators.json") if name == "indicators" else (site / "api" / "indicators" / "pm25.json")
        ).read_text(encoding="utf-8")
    )
    broken = dict(sample)
    broken.pop("version")
    assert not jsonschema.Draft202012Validator(schema).is_valid(broken)
