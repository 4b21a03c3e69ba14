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
    # the only change is the apostrophe that keeps a year-month from becoming a date in Excel
    frame = frame.apply(lambda col: col.map(lambda v: v[1:] if re.fullmatch(r"'\d{4}-\d{1,2}", v) else v))
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
    assert (
        ("licence_note_zh" in readme and "Licence: CC BY 4.0" not in readme)
        if package == "report"
        else "Licence: CC BY 4.0" in readme
    )
    report = Package(str(tmp_path / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "type", "note"])[:5]
    for r in TABLES.packages[package].resources:
        assert (tmp_path / Path(r.path).name).read_bytes() == (DATAPACKAGES / package / r.path).read_bytes()
    standalone = json.loads((site / "data" / package / "datapackage.json").read_text(encoding="utf-8"))
    assert (
        standalone["licenses"][0]["name"] == ("other-attribution" if package == "report" else "CC-BY-4.0")
        and standalone["version"]
    )


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
    (value,) = con.execute(
        "SELECT value FROM indicators__observations WHERE indicator_id='pm25' AND year=2023 AND role='actual'"
    ).fetchone()
    assert value == 20.5


def test_formula_like_text_is_neutralised_for_excel_only(tmp_path):
    import shutil

    root = tmp_path / "datapackages"
    shutil.copytree(DATAPACKAGES, root)
    path = root / "projects" / "projects.csv"
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    rows[0]["name_zh"] = '=HYPERLINK("http://evil","点我")'
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    files = {
        dl.path: dl.content for dl in build_downloads(derive(load_tables(root)))
    }  # no validation: defence in depth
    assert (
        b"=HYPERLINK(" in files["data/projects/projects.csv"]
        and b"'=HYPERLINK" not in files["data/projects/projects.csv"]
    )
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


def json_ld(site: Path, page: str) -> list[dict]:
    html = (site / page / "index.html").read_text(encoding="utf-8")
    return [json.loads(b) for b in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, flags=re.S)]


LANDINGS = {
    "indicators": "indicators",
    "projects": "projects",
    "monitoring": "monitoring",
    "tasks": "tasks",
    "report": "source",
}


@pytest.mark.parametrize("package", list(TABLES.packages))
def test_each_package_has_one_canonical_dataset_on_its_landing_page(site, package):
    blocks = json_ld(site, LANDINGS[package])
    assert len(blocks) == 1, "one Dataset per landing page"
    ds = blocks[0]
    assert (
        ds["@type"] == "Dataset"
        and ds["@id"].endswith(f"{LANDINGS[package]}/#dataset")
        and ds["version"] == TABLES.packages[package].version
    )
    for key in (
        "name",
        "description",
        "license",
        "creator",
        "publisher",
        "spatialCoverage",
        "distribution",
        "citation",
        "datePublished",
        "dateModified",
        "inLanguage",
        "variableMeasured",
    ):
        assert ds[key], (package, key)
    assert any(c.get("url") for c in ds["creator"]) and ds["publisher"]["url"]
    assert ds["datePublished"] <= ds["dateModified"]
    assert ds["spatialCoverage"]["name"] == "昆明市"
    formats = {d["encodingFormat"] for d in ds["distribution"]}
    assert {"text/csv", "application/json", "application/zip"} <= formats
    for dist in ds["distribution"]:
        assert (site / dist["contentUrl"].lstrip("/")).is_file(), dist["contentUrl"]
    years = [
        int(y)
        for r in TABLES.packages[package].resources
        if "year" in TABLES[package][r.name]
        for y in TABLES[package][r.name]["year"].dropna()
    ]
    if years:  # computed from the data, not typed in
        assert ds["temporalCoverage"] == (f"{min(years)}/{max(years)}" if min(years) < max(years) else str(min(years)))
    assert all(v["@type"] == "PropertyValue" for v in ds["variableMeasured"])


def test_indicator_pages_have_a_small_dataset_part_of_the_canonical_one(site):
    canonical = json_ld(site, "indicators")[0]
    units = dict(
        zip(TABLES["indicators"]["indicators"]["id"], TABLES["indicators"]["indicators"]["unit"], strict=False)
    )
    pages = sorted(p.parent.name for p in (site / "indicators").glob("*/index.html"))
    assert len(pages) > 40
    for ind in pages:
        (ds,) = json_ld(site, f"indicators/{ind}")
        assert ds["isPartOf"]["@id"] == canonical["@id"]
        assert ds["url"].endswith(f"/indicators/{ind}/") and ds["variableMeasured"][0]["propertyID"] == ind
        if isinstance(units[ind], str):
            assert ds["variableMeasured"][0]["unitText"] == units[ind]
        assert [d["contentUrl"] for d in ds["distribution"]] == [
            f"/data/indicators/{ind}.csv",
            f"/data/indicators/{ind}.json",
        ]


def test_downloads_page_catalogues_every_dataset(site):
    (catalog,) = json_ld(site, "downloads")
    assert catalog["@type"] == "DataCatalog"
    assert {d["@id"] for d in catalog["dataset"]} == {json_ld(site, page)[0]["@id"] for page in LANDINGS.values()}


def test_static_json_api(site):
    listing = json.loads((site / "api" / "indicators.json").read_text(encoding="utf-8"))["indicators"]
    assert len(listing) == len(TABLES["indicators"]["indicators"])
    for item in listing:
        detail = json.loads((site / "api" / "indicators" / f"{item['id']}.json").read_text(encoding="utf-8"))
        assert detail["id"] == item["id"] and "observations" in detail


def test_each_package_offers_citations_in_four_formats_without_a_frozen_access_date(site):
    html = unescape((site / "downloads" / "index.html").read_text(encoding="utf-8"))
    for name, package in TABLES.packages.items():
        cite = re.search(rf'id="cite-{name}">([^<]+)<', html)
        assert cite, name
        assert "昆明市生态环境局" in cite.group(1) and f"版本 {package.version}" in cite.group(1)
        folder = site / "data" / name
        bib = (folder / "citation.bib").read_text(encoding="utf-8")
        assert (
            bib.startswith("@misc{") and f"version = {{{package.version}}}" in bib and bib.count("{") == bib.count("}")
        )
        ris = (folder / "citation.ris").read_bytes().decode("utf-8")
        assert ris.startswith("TY  - DATA\r\n") and ris.rstrip().endswith("ER  -") and f"ET  - {package.version}" in ris
        (csl,) = json.loads((folder / "citation.csl.json").read_text(encoding="utf-8"))
        assert csl["type"] == "dataset" and csl["version"] == package.version and "accessed" not in csl
    assert "访问日期" not in html
    assert html.count('class="md-button cite-copy"') == len(TABLES.packages)


def test_citation_cff_is_valid_yaml_naming_the_licence():
    import yaml

    cff = yaml.safe_load((DATAPACKAGES.parent / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["cff-version"].startswith("1.2") and cff["license"] == "CC-BY-4.0" and cff["type"] == "dataset"
    assert cff["title"] and cff["authors"] and cff["message"]


def test_every_indicator_page_links_its_own_csv_with_its_rows(site):
    names = TABLES["indicators"]["indicators"].set_index("id")
    parents = (
        TABLES["indicators"]["indicators"].dropna(subset=["parent_id"]).groupby("parent_id")["id"].apply(list).to_dict()
    )
    obs = source_rows("indicators", "observations.csv")
    pages = sorted((site / "indicators").glob("*/index.html"))
    assert len(pages) > 40
    for page in pages:
        ind = page.parent.name
        assert f'href="../../data/indicators/{ind}.csv"' in page.read_text(encoding="utf-8"), ind
        ids = [ind] + parents.get(ind, [])
        with (site / "data" / "indicators" / f"{ind}.csv").open(encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
        expected = [r for r in obs if r["indicator_id"] in ids]
        assert [{k: r[k] for k in expected[0]} for r in rows] == expected, ind
        for r in rows:
            assert (
                r["name_zh"] == names.loc[r["indicator_id"], "name_zh"]
                and r["name_en"] == names.loc[r["indicator_id"], "name_en"]
            )
            assert r["unit"] == (
                names.loc[r["indicator_id"], "unit"] if isinstance(names.loc[r["indicator_id"], "unit"], str) else ""
            )
        as_json = json.loads((site / "data" / "indicators" / f"{ind}.json").read_text(encoding="utf-8"))
        assert [r["year"] for r in as_json] == [int(r["year"]) for r in rows]


def test_every_chart_links_its_data_svg_and_png_and_the_csv_holds_the_plotted_rows(site):
    charts = 0
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for chart_id in re.findall(r'<figure class="chart" id="chart-([^"]+)"', html):
            charts += 1
            figure = html[html.index(f'id="chart-{chart_id}"') :]
            figure = figure[: figure.index("</figure>")]
            for ext in ("csv", "svg", "png"):
                href = re.search(rf'href="([^"]*charts/{re.escape(chart_id)}\.{ext})"', figure)
                assert href, (page, chart_id, ext)
                assert (page.parent / href.group(1)).resolve().is_file(), (page, href.group(1))
            spec = json.loads((site / "charts" / f"{chart_id}.vl.json").read_text(encoding="utf-8"))
            # a layered chart (series, target rule, break note) has one dataset per layer: the CSV holds them all, in order
            plotted = [row for rows in spec["datasets"].values() for row in rows]
            frame = pd.read_csv(site / "charts" / f"{chart_id}.csv", dtype=str, keep_default_na=False)
            assert len(frame) == len(plotted) and list(frame.columns) == list(
                dict.fromkeys(k for row in plotted for k in row)
            )
            for got, want in zip(frame.to_dict("records"), plotted, strict=False):
                for k, v in want.items():
                    assert (
                        (got[k] == v)
                        if isinstance(v, str)
                        else (v is None and got[k] == "") or float(got[k]) == float(v)
                    ), (chart_id, k, got[k], v)
            assert (site / "charts" / f"{chart_id}.png").read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
            assert (site / "charts" / f"{chart_id}.svg").read_text(encoding="utf-8").lstrip().startswith("<svg")
    assert charts > 40


def test_everything_zip_holds_all_packages_workbook_database_and_licence(site):
    with zipfile.ZipFile(site / "data" / "kunming-eco-data-all.zip") as z:
        names = set(z.namelist())
        for name, package in TABLES.packages.items():
            assert f"{name}/datapackage.json" in names and f"{name}/README.md" in names
            for r in package.resources:
                assert z.read(f"{name}/{Path(r.path).name}") == (DATAPACKAGES / name / r.path).read_bytes()
        assert z.read("kunming-eco-data.xlsx") == (site / "data" / "kunming-eco-data.xlsx").read_bytes()
        assert z.read("kunming-eco-data.sqlite") == (site / "data" / "kunming-eco-data.sqlite").read_bytes()
        assert "CC BY 4.0" in z.read("LICENSE.txt").decode("utf-8") and "README.md" in names


def test_xlsx_properties_and_filters_and_sqlite_keys_indexes_and_column_notes(site):
    wb = openpyxl.load_workbook(site / "data" / "kunming-eco-data.xlsx")
    assert wb.properties.title and wb.properties.creator == "昆明市生态环境局"
    about = " ".join(str(c.value) for row in wb["说明 About"].iter_rows() for c in row if c.value)
    assert "数据日期" in about and "引用" in about
    for package, resource, _path in RESOURCES:
        sheet = wb[f"{package}.{resource}"[:31]]
        assert sheet.auto_filter.ref == sheet.dimensions, (package, resource)
    assert wb["indicators.sources"]["F2"].value == "2024-11" and wb["indicators.sources"]["F2"].data_type == "s"
    con = sqlite3.connect(site / "data" / "kunming-eco-data.sqlite")
    for package, resource, _path in RESOURCES:
        table = f"{package}__{resource}"
        assert any(row[5] for row in con.execute(f'PRAGMA table_info("{table}")')), f"{table} has no primary key"
        for fk in con.execute(f'PRAGMA foreign_key_list("{table}")').fetchall():
            indexed = {
                r[2]
                for idx in con.execute(f'PRAGMA index_list("{table}")')
                for r in con.execute(f'PRAGMA index_info("{idx[1]}")')
            }
            assert fk[3] in indexed, (table, fk[3])
        columns = [r[1] for r in con.execute(f'PRAGMA table_info("{table}")')]
        noted = [r[0] for r in con.execute('SELECT "column" FROM _columns WHERE "table" = ?', (table,))]
        assert set(noted) == set(columns) - {"csv_line"} and noted
    (title,) = con.execute(
        """SELECT title_zh FROM _columns WHERE "table"='indicators__observations' AND "column"='value'"""
    ).fetchone()
    assert title
    meta = json.loads((site / "data" / "kunming-eco-data.metadata.json").read_text(encoding="utf-8"))
    assert meta["license"] == "CC BY 4.0" and set(meta["databases"]["kunming-eco-data"]["tables"]) == {
        f"{p}__{r}" for p, r, _ in RESOURCES
    }


def test_excel_csv_keeps_year_months_as_text(site):
    text = (site / "data" / "indicators" / "sources.excel.csv").read_text(encoding="utf-8-sig")
    assert ",'2024-11," in text and ",2024-11," not in text
    assert ",2024-11," in (site / "data" / "indicators" / "sources.csv").read_text(encoding="utf-8")


def test_atom_feed_of_data_changes_is_linked_from_every_page_head(site):
    from xml.etree import ElementTree as ET

    atom = "{http://www.w3.org/2005/Atom}"
    feed = ET.parse(site / "changes.atom").getroot()
    assert feed.tag == f"{atom}feed" and feed.find(f"{atom}updated").text.endswith("Z")
    entries = feed.findall(f"{atom}entry")
    changelog = (site / "changelog" / "index.html").read_text(encoding="utf-8")
    assert len(entries) == changelog.count('<h2 id="rev-')
    for entry in entries:
        commit = entry.find(f"{atom}link").get("href").rsplit("#rev-", 1)[1]
        assert f'id="rev-{commit}"' in changelog and entry.find(f"{atom}content").text
    pages = list(site.rglob("index.html"))
    assert len(pages) > 50
    for page in pages:
        head = page.read_text(encoding="utf-8").split("</head>", 1)[0]
        href = re.search(r'<link rel="alternate" type="application/atom\+xml"[^>]*href="([^"]+)"', head)
        assert href, page
        assert (page.parent / href.group(1)).resolve() == (site / "changes.atom").resolve(), page
