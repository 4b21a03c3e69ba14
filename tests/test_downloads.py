"""Every published file opens in the tool a journalist would use and holds exactly the source rows."""
from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
import zipfile
from html import unescape
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from frictionless import Package

from ecosite.derive import derive
from ecosite.downloads import build_downloads
from ecosite.load import load_tables
from ecosite.paths import DATAPACKAGES

TABLES = load_tables()
RESOURCES = [(p, r.name, r.path) for p, pkg in TABLES.packages.items() for r in pkg.resources]


def source_rows(package: str, path: str) -> list[dict]:
    with (DATAPACKAGES / package / path).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.mark.parametrize("package,resource,path", RESOURCES, ids=[f"{p}.{r}" for p, r, _ in RESOURCES])
def test_csv_excel_csv_and_json_hold_the_source_rows(site, package, resource, path):
    base = site / "data" / package
    assert (base / f"{resource}.csv").read_bytes() == (DATAPACKAGES / package / path).read_bytes()
    rows = source_rows(package, path)
    excel = (base / f"{resource}.excel.csv").read_bytes()
    assert excel.startswith(b"\xef\xbb\xbf"), "Excel needs the BOM to read UTF-8"
    frame = pd.read_csv(io.BytesIO(excel), encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert frame.to_dict("records") == rows
    records = json.loads((base / f"{resource}.json").read_text(encoding="utf-8"))
    assert len(records) == len(rows)
    assert [str(r[list(rows[0])[0]]) for r in records] == [r[list(rows[0])[0]] for r in rows] if rows else True


@pytest.mark.parametrize("package", list(TABLES.packages))
def test_zip_is_a_valid_data_package_with_a_readme(site, tmp_path, package):
    with zipfile.ZipFile(site / "data" / package / f"{package}.zip") as z:
        z.extractall(tmp_path)
    readme = (tmp_path / "README.md").read_text(encoding="utf-8")
    # The compiled data are CC BY 4.0; the report package is the report itself, reproduced with attribution.
    assert ("licence_note_zh" in readme and "Licence: CC BY 4.0" not in readme) if package == "report" else "Licence: CC BY 4.0" in readme
    report = Package(str(tmp_path / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "type", "note"])[:5]
    for r in TABLES.packages[package].resources:
        assert (tmp_path / Path(r.path).name).read_bytes() == (DATAPACKAGES / package / r.path).read_bytes()
    standalone = json.loads((site / "data" / package / "datapackage.json").read_text(encoding="utf-8"))
    assert standalone["licenses"][0]["name"] == ("other-attribution" if package == "report" else "CC-BY-4.0") and standalone["version"]


def test_xlsx_has_about_sheet_frozen_headers_and_every_row(site):
    wb = openpyxl.load_workbook(site / "data" / "kunming-eco-data.xlsx")
    assert wb.sheetnames[0] == "说明 About"
    about = " ".join(str(c.value) for row in wb["说明 About"].iter_rows() for c in row if c.value)
    assert "CC BY 4.0" in about and "source_section" in about
    for package, resource, path in RESOURCES:
        sheet = wb[f"{package}.{resource}"[:31]]
        assert sheet.freeze_panes == "A2"
        rows = source_rows(package, path)
        values = list(sheet.iter_rows(values_only=True))
        assert list(values[0]) == list(rows[0]) if rows else True
        assert len(values) - 1 == len(rows), f"{package}.{resource}"
        first_col = [("" if v[0] is None else str(v[0])) for v in values[1:]]
        assert first_col == [r[values[0][0]] for r in rows]


def test_sqlite_has_every_table_with_keys_and_views(site):
    con = sqlite3.connect(site / "data" / "kunming-eco-data.sqlite")
    for package, resource, path in RESOURCES:
        (count,) = con.execute(f'SELECT COUNT(*) FROM "{package}__{resource}"').fetchone()
        assert count == len(source_rows(package, path))
    ddl = con.execute("SELECT sql FROM sqlite_master WHERE name='indicators__observations'").fetchone()[0]
    assert "PRIMARY KEY" in ddl and "FOREIGN KEY" in ddl
    views = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='view'")}
    assert {f"{p}__overview" for p in TABLES.packages} <= views
    (value,) = con.execute("SELECT value FROM indicators__observations WHERE indicator_id='pm25' AND year=2023 AND role='actual'").fetchone()
    assert value == 20.5


def test_formula_like_text_is_neutralised_for_excel_only(tmp_path):
    import shutil

    root = tmp_path / "datapackages"
    shutil.copytree(DATAPACKAGES, root)
    path = root / "projects" / "projects.csv"
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    rows[0]["name_zh"] = "=HYPERLINK(\"http://evil\",\"点我\")"
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    files = {dl.path: dl.content for dl in build_downloads(derive(load_tables(root)))}  # no validation: defence in depth
    assert b'=HYPERLINK(' in files["data/projects/projects.csv"] and b"'=HYPERLINK" not in files["data/projects/projects.csv"]
    excel = files["data/projects/projects.excel.csv"].decode("utf-8-sig")
    assert "'=HYPERLINK" in excel
    wb = openpyxl.load_workbook(io.BytesIO(files["data/kunming-eco-data.xlsx"]))
    cell = wb["projects.projects"]["B2"]
    assert cell.data_type != "f" and str(cell.value).startswith("'=")


def test_every_url_on_the_downloads_page_exists(site):
    html = (site / "downloads" / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'href="\.\./((?:data|api)/[^"#]+)"', html)
    assert len(links) > 60
    for link in links:
        assert (site / link).exists(), link
    assert re.search(r"SHA-256 [0-9a-f]{64}", html)


def test_json_ld_describes_each_dataset(site):
    for page in ("downloads", "indicators/pm25", "projects", "monitoring"):
        html = (site / page / "index.html").read_text(encoding="utf-8")
        blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, flags=re.S)
        assert blocks, page
        data = json.loads(blocks[0])
        for ds in data if isinstance(data, list) else [data]:
            assert ds["@type"] == "Dataset"
            for key in ("name", "description", "license", "creator", "temporalCoverage", "spatialCoverage", "distribution"):
                assert ds[key], (page, key)
            assert ds["temporalCoverage"] == "2020/2025" and ds["spatialCoverage"]["name"] == "昆明市"
            formats = {d["encodingFormat"] for d in ds["distribution"]}
            assert {"text/csv", "application/json", "application/zip"} <= formats


def test_static_json_api(site):
    listing = json.loads((site / "api" / "indicators.json").read_text(encoding="utf-8"))
    assert len(listing) == len(TABLES["indicators"]["indicators"])
    pm25 = next(i for i in listing if i["id"] == "pm25")
    assert pm25["latest"]["value"] == 20.5 and pm25["status"] == "on_track"
    for item in listing:
        detail = json.loads((site / item["url"]).read_text(encoding="utf-8"))
        assert detail["id"] == item["id"] and "observations" in detail


def test_each_package_offers_a_ready_citation(site):
    html = unescape((site / "downloads" / "index.html").read_text(encoding="utf-8"))
    for name, package in TABLES.packages.items():
        cite = re.search(rf'id="cite-{name}">([^<]+)<', html)
        assert cite, name
        assert "昆明市生态环境局" in cite.group(1) and f"版本 {package.version}" in cite.group(1) and "访问日期" in cite.group(1)
    assert html.count('class="md-button cite-copy"') == len(TABLES.packages)
