"""Files journalists download: per table CSV, Excel-safe CSV, JSON; per package
datapackage.json, citations and zip; per indicator CSV and JSON; everything as one
XLSX, one SQLite database (with datasette metadata) and one zip; and the static JSON
API v1 with its JSON Schemas. Paths under /data/ and /api/ are stable between builds.

Reproducible: the same data give byte-identical files. No file embeds the clock;
zip entry times, XLSX properties and `created` come from the last data change
(`data_date`, the date of the last commit that touched datapackages/).
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import sqlite3
import tempfile
import zipfile
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd

from . import citation as cite
from .derive import Derived, group_rows
from .inputs import Job, data_date
from .model import data_licence, licence_of
from .paths import ROOT
from .render import blank
from .values import plain, text_or_empty

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class Download:
    path: str  # inside the site, e.g. data/indicators/observations.csv
    content: bytes
    label: str  # what a reader sees in the list
    kind: str  # csv | excel-csv | json | datapackage | zip | xlsx | sqlite | api

    @property
    def size(self) -> int:
        return len(self.content)

    @cached_property
    def sha256(self) -> str:  # computed once: the downloads page, the catalogue and the tests all ask for it
        return hashlib.sha256(self.content).hexdigest()


def neutralise(value):
    """Text that Excel would run as a formula is prefixed with a single quote, so it stays text."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _excel_frame(frame: pd.DataFrame, resource) -> pd.DataFrame:
    """Guard the text columns only: a number such as -1 in a numeric column stays a number."""
    text_columns = [f.name for f in resource.schema.fields if f.type == "string"]
    guarded = frame.assign(**{c: frame[c].map(neutralise) for c in text_columns if c in frame})
    # Excel reads "2024-11" as the date 1 Nov 2024; a leading apostrophe keeps it text (whatever the column's type).
    return guarded.apply(
        lambda col: col.map(lambda v: "'" + v if isinstance(v, str) and YEAR_MONTH.fullmatch(v) else v)
    )


def _records_json(frame: pd.DataFrame) -> bytes:
    return (frame.to_json(orient="records", force_ascii=False, indent=1, date_format="iso") + "\n").encode("utf-8")


def _raw_frame(csv_path: Path) -> pd.DataFrame:
    """The CSV as text cells, exactly as stored (types are the schema's business)."""
    return pd.read_csv(csv_path, dtype=str, keep_default_na=False, encoding="utf-8")


YEAR_MONTH = re.compile(r"\d{4}-\d{1,2}")
PROJECT_ROOT_FILES = ("README.md",)


def build_downloads(
    d: Derived, changed: dict[str, str] | None = None, site_url: str = "", revisions: list | None = None
) -> list[Download]:
    """Every file under /data/ and /api/. `changed` maps package → date of its last data change (from git);
    `revisions` (changelog.history) feed /changes.atom."""
    changed = changed or {}
    when = data_date(d, changed)
    out: list[Download] = []
    everything: list[tuple[str, bytes]] = []
    for pkg_name, package in d.tables.packages.items():
        folder = d.tables.root / pkg_name
        pkg_date = changed.get(pkg_name, when)
        prefix = f"data/{pkg_name}"
        raw_files = {}
        for r in package.resources:
            csv_path = folder / r.path
            raw = csv_path.read_bytes()
            raw_files[r.name] = raw
            frame = d.tables[pkg_name][r.name]
            out.append(Download(f"{prefix}/{r.name}.csv", raw, f"{r.name}.csv", "csv"))
            excel = _excel_frame(_raw_frame(csv_path), r).to_csv(index=False, lineterminator="\r\n")
            out.append(
                Download(
                    f"{prefix}/{r.name}.excel.csv",
                    ("\ufeff" + excel).encode("utf-8"),
                    f"{r.name}.excel.csv",
                    "excel-csv",
                )
            )
            out.append(Download(f"{prefix}/{r.name}.json", _records_json(frame), f"{r.name}.json", "json"))
        descriptor = _standalone_descriptor(package, raw_files, pkg_date, d, site_url)
        desc_bytes = (json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
        out.append(Download(f"{prefix}/datapackage.json", desc_bytes, "datapackage.json", "datapackage"))
        citations = cite.formats(cite.package(d, pkg_name, site_url, pkg_date))
        cite_files = {
            "citation.bib": citations["bibtex"],
            "citation.ris": citations["ris"],
            "citation.csl.json": citations["csl"],
        }
        for file, content in cite_files.items():
            out.append(Download(f"{prefix}/{file}", content.encode("utf-8"), file, "citation"))
        entries = [("datapackage.json", desc_bytes)] + [
            (Path(r.path).name, raw_files[r.name]) for r in package.resources
        ]
        entries += [("README.md", _zip_readme(package, citations["text"]).encode("utf-8"))] + [
            (f, c.encode("utf-8")) for f, c in cite_files.items()
        ]
        out.append(Download(f"{prefix}/{pkg_name}.zip", zip_bytes(entries, pkg_date), f"{pkg_name}.zip", "zip"))
        everything += [(f"{pkg_name}/{name}", content) for name, content in entries]
    out += indicator_files(d)
    xlsx = Download("data/kunming-eco-data.xlsx", _xlsx(d, when, site_url), "kunming-eco-data.xlsx", "xlsx")
    db = Download("data/kunming-eco-data.sqlite", _sqlite(d), "kunming-eco-data.sqlite", "sqlite")
    meta = Download(
        "data/kunming-eco-data.metadata.json",
        _datasette_metadata(d, site_url),
        "kunming-eco-data.metadata.json",
        "datasette",
    )
    out += [xlsx, db, meta]
    everything += [(Path(f.path).name, f.content) for f in (xlsx, db, meta)]
    everything += [
        ("README.md", _everything_readme(d, when, site_url).encode("utf-8")),
        ("LICENSE.txt", LICENSE_NOTE.encode("utf-8")),
    ]
    out.append(
        Download(
            "data/kunming-eco-data-all.zip", zip_bytes(sorted(everything), when), "kunming-eco-data-all.zip", "zip-all"
        )
    )
    out += _api(d, when)
    feed = changes_feed(revisions or [], when, site_url, data_licence(d.tables).short)
    out.append(Download("changes.atom", feed, "changes.atom", "feed"))
    return out


def output(job: Job) -> list[Download]:
    """The downloads output (one set for both languages): every file under data/ and api/, and the feed."""
    inputs = job.inputs
    return build_downloads(job.d, inputs.changed, inputs.site_url, inputs.revisions)


def changes_feed(revisions: list, date: str, site_url: str, rights: str) -> bytes:
    """An Atom feed of data changes, one entry per data commit (from the changelog history), newest first.
    Times are commit dates, never the clock."""
    from xml.etree import ElementTree as ET

    from .changelog import markdown

    atom = "http://www.w3.org/2005/Atom"
    ET.register_namespace("", atom)
    base = site_url.rstrip("/") + "/" if site_url else "/"

    def sub(parent, tag, text=None, **attrs):
        el = ET.SubElement(parent, f"{{{atom}}}{tag}", attrs)
        if text is not None:
            el.text = text
        return el

    feed = ET.Element(f"{{{atom}}}feed")
    sub(feed, "title", "昆明生态文明建设排头兵规划开放数据：数据更新")
    sub(feed, "id", f"{package_id('kunming-eco-data-changes')}")
    sub(feed, "updated", f"{revisions[0].date if revisions else date}T00:00:00Z")
    sub(feed, "link", href=f"{base}changelog/", rel="alternate", type="text/html")
    sub(feed, "link", href=f"{base}changes.atom", rel="self", type="application/atom+xml")
    author = sub(feed, "author")
    sub(author, "name", "Kunming eco-progress open data project")
    sub(feed, "rights", rights)
    for rev in revisions:
        entry = sub(feed, "entry")
        sub(entry, "title", f"{rev.date} · {rev.subject}")
        sub(entry, "id", f"{package_id('kunming-eco-data-changes/' + rev.commit)}")
        sub(entry, "updated", f"{rev.date}T00:00:00Z")
        sub(entry, "link", href=f"{base}changelog/#rev-{rev.commit}", rel="alternate", type="text/html")
        sub(entry, "content", markdown([rev]).strip(), type="text")
    ET.indent(feed, space=" ")
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n").encode("utf-8")


LICENSE_NOTE = """Creative Commons Attribution 4.0 International (CC BY 4.0)
https://creativecommons.org/licenses/by/4.0/legalcode

You may share and adapt these data for any purpose, even commercially, if you give
appropriate credit (see README.md: how to cite), link to the licence and indicate changes.
您可以为任何目的分享和改编本数据，包括商业用途，但须注明来源（见 README.md 的引用方式）、
附上许可协议链接并说明所做的修改。
"""


def zip_bytes(entries: list[tuple[str, bytes]], date: str) -> bytes:
    """A zip whose bytes depend only on its entries and the data date (no clock, no file-system metadata)."""
    stamp = tuple(int(x) for x in date.split("-")) + (0, 0, 0)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, content in entries:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, content)
    return buffer.getvalue()


def _licence_line(descriptor: dict) -> str:
    """CC BY 4.0 for the compiled data; the report package reproduces the report itself, on its own terms."""
    licence = licence_of(descriptor)
    if licence is not None and licence.short != (licence.title or licence.name):  # an open licence with a URL
        return f"许可 Licence: {licence.short} ({licence.path})"
    title = (licence.title or licence.name) if licence else ""
    return f"许可 Licence: {title}（原文权利归发布机关，见 document.csv 的 licence_note_zh）"


def package_id(descriptor_name: str) -> str:
    """A stable, globally unique id (the profile suggests a UUID): the same for every version and host."""
    import uuid

    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'https://github.com/kunming-eco-data/' + descriptor_name)}"


def _standalone_descriptor(package, raw_files: dict[str, bytes], date: str, d: Derived, site_url: str) -> dict:
    """The descriptor with paths relative to the package folder (so it works once downloaded), plus what the
    v2 profile offers and the source descriptor cannot know: id, created, homepage, each file's bytes and hash."""
    descriptor = package.to_dict()
    top = {
        "$schema": descriptor.pop("$schema", "https://datapackage.org/profiles/2.0/datapackage.json"),
        "id": package_id(descriptor["name"]),
        "name": descriptor.pop("name"),
        "created": f"{date}T00:00:00Z",
    }
    if site_url:
        descriptor["homepage"] = site_url.rstrip("/") + "/downloads/"
    elif not descriptor.get("homepage"):
        descriptor.pop("homepage", None)  # the profile wants a URI here; an empty string is not one
    url = str(d.current_source.get("url") or "")
    for source in descriptor.get("sources", []):
        if url and "path" not in source:
            source["path"] = url
    for r in descriptor["resources"]:
        raw = raw_files[r["name"]]
        r["path"] = Path(r["path"]).name
        r["bytes"] = len(raw)
        r["hash"] = "sha256:" + hashlib.sha256(raw).hexdigest()
    return top | descriptor


def _zip_readme(package, citation: str) -> str:
    d = package.to_dict()
    lines = [
        f"# {d.get('title_zh', package.title)}",
        "",
        package.title or "",
        "",
        f"版本 Version: {package.version}",
        _licence_line(d),
        "来源 Source: 昆明市生态环境局《昆明市生态文明建设排头兵规划(2021-2025年)实施情况评估报告》, 2024-11",
        "",
        f"引用 How to cite: {citation}",
        "",
        "BibTeX, RIS, CSL-JSON: citation.bib, citation.ris, citation.csl.json",
        "",
        "## 表与列 Tables and columns",
        "",
    ]
    for r in package.resources:
        rd = r.custom  # custom properties (title_zh, …) without serialising the whole resource
        lines += [f"### {r.name}.csv — {rd.get('title_zh', '')} / {r.title}", "", rd.get("description_zh", ""), ""]
        for f in r.schema.fields:
            fd = f.custom
            lines.append(
                f"- `{f.name}` ({f.type}): {fd.get('title_zh', '')} — {fd.get('description_zh', '')} / {f.description or ''}"
            )
        lines.append("")
    return "\n".join(lines)


def _everything_readme(d: Derived, date: str, site_url: str) -> str:
    lines = [
        "# 昆明市生态文明建设排头兵规划中期评估 开放数据 / Kunming Pioneer Plan mid-term evaluation open data",
        "",
        f"数据日期 Data date: {date}",
        f"网站 Site: {site_url or '(见下载页 see the downloads page)'}",
        "",
        f"许可 Licence: {data_licence(d.tables).short} — LICENSE.txt",
        "",
        "## 内容 Contents",
        "",
    ]
    for name, package in d.tables.packages.items():
        lines.append(
            f"- `{name}/` — {package.custom.get('title_zh', '')} / {package.title}, {package.version} (datapackage.json, CSV, README.md, citation.*)"
        )
    lines += [
        "- `kunming-eco-data.xlsx` — 全部表格 Excel 工作簿 / every table as one workbook",
        "- `kunming-eco-data.sqlite` — 全部表格 SQLite 数据库 / every table in one database (`datasette kunming-eco-data.sqlite -m kunming-eco-data.metadata.json`)",
        "- `kunming-eco-data.metadata.json` — datasette metadata",
        "",
    ]
    return "\n".join(lines)


INDICATOR_COLUMNS = [
    "indicator_id",
    "name_zh",
    "name_en",
    "unit",
    "year",
    "role",
    "role_zh",
    "value",
    "value_text_zh",
    "value_text_en",
    "qualifier",
    "derived",
    "status",
    "status_inherited",
    "source_id",
    "source_section",
    "note_zh",
    "note_en",
    "break_zh",
    "break_en",
]


def indicator_files(d: Derived) -> list[Download]:
    """/data/indicators/<id>.csv and .json: one indicator's observations (with its parts'), in long format,
    named and with unit and status, so a journalist needs no join."""
    resources = {r.name for r in d.tables.packages["indicators"].resources}
    obs_raw = _raw_frame(
        d.tables.root / "indicators" / d.tables.packages["indicators"].get_resource("observations").path
    )
    obs = d.tables["indicators"]["observations"]
    info = d.indicators.set_index("id")
    out = []
    meta = info.loc[obs_raw["indicator_id"]]
    inherited = [
        bool(isinstance(st, str) and not own) for own, st in zip(meta["own_status"], meta["status"], strict=False)
    ]
    # One long table built once, then sliced per indicator (text cells as stored, so numbers print as in the CSV).
    frame = pd.DataFrame(
        {
            "indicator_id": obs_raw["indicator_id"].to_numpy(),
            "name_zh": meta["name_zh"].to_numpy(),
            "name_en": meta["name_en"].to_numpy(),
            "unit": meta["unit"].fillna("").to_numpy(),
            "year": obs_raw["year"].to_numpy(),
            "role": obs_raw["role"].to_numpy(),
            "role_zh": obs_raw["role"].map(d.labels.names("role", "zh")).to_numpy(),
            "value": obs_raw["value"].to_numpy(),
            "value_text_zh": obs_raw["value_text_zh"].to_numpy(),
            "value_text_en": obs_raw["value_text_en"].to_numpy(),
            "qualifier": obs_raw["qualifier"].to_numpy(),
            "derived": obs_raw["derived"].to_numpy(),
            "status": [text_or_empty(st) for st in meta["status"]],
            "status_inherited": [str(x).lower() for x in inherited],
            "source_id": obs_raw["source_id"].to_numpy(),
            "source_section": obs_raw["source_section"].to_numpy(),
            "note_zh": obs_raw["note_zh"].to_numpy(),
            "note_en": obs_raw["note_en"].to_numpy(),
            "break_zh": obs_raw["break_zh"].to_numpy(),
            "break_en": obs_raw["break_en"].to_numpy(),
        }
    )
    typed = frame.assign(
        value=[None if blank(v) else (v.item() if hasattr(v, "item") else v) for v in obs["value"]],
        year=obs["year"].astype(int).to_numpy(),
        derived=[bool(x) for x in obs["derived"]],
        status_inherited=inherited,
    )
    typed = typed.astype(object).where(frame != "", None)
    children = d.indicators.dropna(subset=["parent_id"]).groupby("parent_id")["id"].apply(list).to_dict()
    rows_of, none = frame.groupby("indicator_id", sort=False).indices, np.array([], dtype=np.intp)
    for ind_id in info.index:
        if ind_id in resources:
            raise ValueError(
                f"指标 id “{ind_id}” 与 indicators 数据包的表同名，data/indicators/{ind_id}.csv 会覆盖该表"
            )
        # the rows of the indicator and its parts, in the table's order (positions grouped once, issue 13)
        mask = np.sort(np.concatenate([rows_of.get(i, none) for i in [ind_id] + children.get(ind_id, [])]))
        out.append(
            Download(
                f"data/indicators/{ind_id}.csv",
                frame.iloc[mask].to_csv(index=False, lineterminator="\n").encode("utf-8"),
                f"{ind_id}.csv",
                "indicator-csv",
            )
        )
        out.append(
            Download(
                f"data/indicators/{ind_id}.json",
                _json(typed.iloc[mask].to_dict("records")),
                f"{ind_id}.json",
                "indicator-json",
            )
        )
    return out


def _xlsx(d: Derived, date: str, site_url: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    stamp = datetime.fromisoformat(date)
    wb.properties.title = (
        "昆明市生态文明建设排头兵规划中期评估 开放数据 / Kunming Pioneer Plan mid-term evaluation open data"
    )
    wb.properties.creator = d.current_source["publisher_zh"]
    wb.properties.lastModifiedBy = wb.properties.creator
    wb.properties.created = wb.properties.modified = stamp  # the data date, not the clock: same data, same bytes
    wb.properties.subject = f"{d.current_source['title_zh']}（{d.current_source['published']}）"
    wb.properties.keywords = "Kunming; ecological civilization; 昆明; 生态文明"
    about = wb.active
    about.title = "说明 About"
    versions = "; ".join(f"{n} {p.version}" for n, p in d.tables.packages.items())
    about.append(["昆明市生态文明建设排头兵规划中期评估 开放数据 / Kunming Pioneer Plan mid-term evaluation open data"])
    about.append(
        [
            "来源 Source",
            f"{d.current_source['publisher_zh']}《{d.current_source['title_zh']}》{d.current_source['published']}",
        ]
    )
    about.append(
        [
            "许可 Licence",
            f"{data_licence(d.tables).short}（report 工作表中的报告原文除外：原文权利归发布机关，见其 licence_note_zh）",
            data_licence(d.tables).path,
        ]
    )
    about.append(["版本 Version", versions])
    about.append(["数据日期 Data date", date])
    about.append(["网址 URL", (site_url.rstrip("/") + "/downloads/") if site_url else "（见网站“下载数据”页）"])
    about.append(
        [
            "引用 How to cite",
            f"{d.current_source['publisher_zh']}：《{d.current_source['title_zh']}》（{d.current_source['published']}）；"
            f"开放数据整理，{versions}，数据日期 {date}，{data_licence(d.tables).short}。",
        ]
    )
    about.append([])
    about.append(["工作表 Sheet", "列 Column", "中文名", "Title", "类型 Type", "说明", "Description"])
    for name, package in d.tables.packages.items():
        for r in package.resources:
            for f in r.schema.fields:
                fd = f.custom
                about.append(
                    [
                        neutralise(x)
                        for x in (
                            _sheet(name, r.name),
                            f.name,
                            fd.get("title_zh", ""),
                            f.title or "",
                            f.type,
                            fd.get("description_zh", ""),
                            f.description or "",
                        )
                    ]
                )
    about["A1"].font = Font(bold=True, size=13)
    for name, package in d.tables.packages.items():
        for r in package.resources:
            sheet = wb.create_sheet(_sheet(name, r.name))
            frame = _raw_frame(d.tables.root / name / r.path)
            typed = d.tables[name][r.name]
            sheet.append(list(frame.columns))
            # Column lists, not frame.iloc per cell: pandas indexing per cell costs seconds per build.
            raw_cols = {c: frame[c].tolist() for c in frame.columns}
            typed_cols = {c: (typed[c].tolist() if c in typed else raw_cols[c]) for c in frame.columns}
            for i in range(len(frame)):
                row = []
                for c in frame.columns:
                    value, text = typed_cols[c][i], raw_cols[c][i]
                    if blank(value):
                        row.append(None)
                    elif isinstance(value, str):
                        row.append(neutralise(value))
                    elif YEAR_MONTH.fullmatch(text):
                        row.append(text)  # a year-month stays the text 2024-11, not a date
                    elif hasattr(value, "item"):
                        row.append(value.item())
                    else:
                        row.append(value if isinstance(value, (int, float, bool)) else str(value))
                sheet.append(row)
            sheet.freeze_panes = "A2"
            sheet.auto_filter.ref = sheet.dimensions
            for cell in sheet[1]:
                cell.font = Font(bold=True)
            for j, c in enumerate(frame.columns, start=1):
                width = max([len(str(c))] + [len(str(v)) for v in frame[c].head(200)])
                sheet.column_dimensions[get_column_letter(j)].width = min(60, max(8, width * 1.6))
    # openpyxl's save() stamps `modified` and every zip entry with the clock; write through its ExcelWriter
    # (keeping our properties) and re-pack the entries with the data date, so the same data give the same bytes.
    from openpyxl.writer.excel import ExcelWriter

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).save()
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as z:
        entries = [(info.filename, z.read(info)) for info in z.infolist()]
    return zip_bytes(entries, date)


def _sheet(package: str, resource: str) -> str:
    return f"{package}.{resource}"[:31]


def _sqlite(d: Derived) -> bytes:
    """All tables with their primary and foreign keys, and a view per package."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "db.sqlite"
        con = sqlite3.connect(path)
        for name, package in d.tables.packages.items():
            for r in package.resources:
                con.execute(_create_table(name, r))
                frame = d.tables[name][r.name]
                cols = [f.name for f in r.schema.fields]
                columns = [frame[c].tolist() for c in cols]
                rows = [[_sql_value(col[i]) for col in columns] for i in range(len(frame))]
                if not r.schema.primary_key:  # the surrogate key is the CSV line, so a row can be found in the file
                    cols, rows = ["csv_line"] + cols, [[i + 2] + row for i, row in enumerate(rows)]
                con.executemany(
                    f'INSERT INTO "{name}__{r.name}" ({",".join(chr(34) + c + chr(34) for c in cols)}) '
                    f"VALUES ({','.join('?' * len(cols))})",
                    rows,
                )
                for fk in r.schema.foreign_keys:  # joins and datasette's facet links use these
                    fields = fk["fields"] if isinstance(fk["fields"], list) else [fk["fields"]]
                    con.execute(
                        f'CREATE INDEX "idx_{name}__{r.name}__{"_".join(fields)}" ON "{name}__{r.name}" ('
                        + ", ".join(f'"{c}"' for c in fields)
                        + ")"
                    )
        con.execute("""CREATE TABLE _columns ("table" TEXT NOT NULL, "column" TEXT NOT NULL, type TEXT NOT NULL,
            title_zh TEXT, title_en TEXT, description_zh TEXT, description_en TEXT, PRIMARY KEY ("table", "column"))""")
        con.executemany(
            "INSERT INTO _columns VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    f"{name}__{r.name}",
                    f.name,
                    f.type,
                    f.custom.get("title_zh"),
                    f.title,
                    f.custom.get("description_zh"),
                    f.description,
                )
                for name, package in d.tables.packages.items()
                for r in package.resources
                for f in r.schema.fields
            ],
        )
        con.execute("""CREATE VIEW indicators__overview AS
            SELECT i.id, i.name_zh, i.list, i.nature, i.unit, c.name_zh AS category_zh, a.status, a.reported_progress_pct, a.source_id
            FROM indicators__indicators i JOIN indicators__categories c ON c.id = i.category_id
            LEFT JOIN indicators__assessments a ON a.indicator_id = i.id""")
        con.execute("""CREATE VIEW projects__overview AS
            SELECT p.*, c.name_zh AS category_zh, s.name_zh AS status_zh FROM projects__projects p
            JOIN projects__categories c ON c.id = p.category JOIN projects__statuses s ON s.id = p.status""")
        con.execute("""CREATE VIEW monitoring__overview AS
            SELECT n.*, m.name_en AS medium_en FROM monitoring__network n JOIN monitoring__media m ON m.medium = n.medium""")
        con.execute("""CREATE VIEW tasks__overview AS
            SELECT 'column' AS kind, c.id AS group_id, c.name_zh AS group_zh, t.id, t.name_zh, t.summary_zh, t.source_section
            FROM tasks__column_tasks t JOIN tasks__columns c ON c.id = t.column_id
            UNION ALL SELECT 'area', a.id, a.name_zh, m.id, m.name_zh, m.summary_zh, m.source_section
            FROM tasks__major_tasks m JOIN tasks__areas a ON a.id = m.area_id""")
        con.execute("""CREATE VIEW report__overview AS
            SELECT l.line, l.section_id, s.heading_zh, s.page, s.anchor, l.text_zh
            FROM report__lines l JOIN report__sections s ON s.id = l.section_id""")
        con.commit()
        con.close()
        return path.read_bytes()


SQL_TYPES = {"integer": "INTEGER", "number": "REAL", "boolean": "INTEGER"}


def _create_table(package: str, r) -> str:
    cols = [f'"{f.name}" {SQL_TYPES.get(f.type, "TEXT")}{" NOT NULL" if f.required else ""}' for f in r.schema.fields]
    if r.schema.primary_key:
        cols.append("PRIMARY KEY (" + ", ".join(f'"{k}"' for k in r.schema.primary_key) + ")")
    else:
        cols.insert(0, '"csv_line" INTEGER PRIMARY KEY')
    for fk in r.schema.foreign_keys:
        ref = fk["reference"]["resource"] or r.name
        cols.append(
            "FOREIGN KEY ("
            + ", ".join(f'"{k}"' for k in fk["fields"])
            + f') REFERENCES "{package}__{ref}" ('
            + ", ".join(f'"{k}"' for k in fk["reference"]["fields"])
            + ")"
        )
    return f'CREATE TABLE "{package}__{r.name}" (' + ", ".join(cols) + ")"


def _sql_value(value):
    value = plain(value)
    return value if value is None or isinstance(value, (int, float, str, bool)) else str(value)


def _source_urls(obs: dict) -> list[str]:
    """Site-relative links to the report sections an observation cites, its value marked there."""
    from .reportdoc import section_href, split_sections

    return [
        section_href(s, [] if obs.get("derived") else [obs.get("value")])
        for s in split_sections(obs.get("source_section"))
    ]


def _datasette_metadata(d: Derived, site_url: str) -> bytes:
    """datasette's metadata.json: titles, descriptions and column labels for every table, licence and source."""
    source = d.current_source
    tables = {}
    for name, package in d.tables.packages.items():
        for r in package.resources:
            rd = r.custom
            tables[f"{name}__{r.name}"] = {
                "title": f"{rd.get('title_zh', '')} / {r.title}",
                "description": f"{rd.get('description_zh', '')} {r.description or ''}".strip(),
                "columns": {
                    f.name: f"{f.custom.get('title_zh', '')} / {f.title or ''}: {f.description or ''}".strip()
                    for f in r.schema.fields
                },
            }
    meta = {
        "title": "昆明市生态文明建设排头兵规划中期评估 开放数据 / Kunming Pioneer Plan mid-term evaluation open data",
        "license": data_licence(d.tables).short,
        "license_url": data_licence(d.tables).path,
        "source": f"{source['publisher_zh']}《{source['title_zh']}》（{source['published']}）",
        "databases": {"kunming-eco-data": {"tables": tables}},
    }
    if site_url:
        meta["source_url"] = site_url.rstrip("/") + "/downloads/"
    return (json.dumps(meta, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


API_VERSION = "1.0.0"
SCHEMAS = ROOT / "scripts" / "ecosite" / "schemas"


def _api(d: Derived, date: str) -> list[Download]:
    """/api/indicators.json (the listing) and /api/indicators/<id>.json, API v1, with their JSON Schemas.

    Links are relative to the file that holds them (resolve them as a browser would, RFC 3986), so the API
    works under any host or path prefix, offline and from a copy."""

    def plain_obs(obs):
        return None if obs is None else {k: plain(v) for k, v in obs.items()}

    def records(frame):
        return json.loads(frame.to_json(orient="records", force_ascii=False))

    package = d.tables.packages["indicators"]
    source = d.current_source
    head = {
        "version": API_VERSION,
        "license": {"name": data_licence(d.tables).name, "url": data_licence(d.tables).path},
        "source": {
            "id": source["id"],
            "title_zh": source["title_zh"],
            "title_en": source.get("title_en") or None,
            "publisher_zh": source["publisher_zh"],
            "published": str(source["published"]),
        },
        "generated_from": {"package": package.name, "version": package.version, "data_date": date},
    }
    listing, out = [], []
    obs_all = d.tables["indicators"]["observations"]
    assessments = d.tables["indicators"]["assessments"]
    disc = d.tables["indicators"]["discrepancies"]
    # grouped once: each indicator's file then costs its own rows (issue 13)
    obs_of, asm_of = group_rows(obs_all, "indicator_id"), group_rows(assessments, "indicator_id")
    disc_at = {i: n for n, i in enumerate(disc["id"])}  # discrepancy id → row (ids are the table's key)
    for _, ind in d.indicators.iterrows():
        page_id = ind["id"] if blank(ind["parent_id"]) else ind["parent_id"]  # parts are shown on their parent's page
        status = ind["status"] if isinstance(ind["status"], str) else None
        base = {
            "id": ind["id"],
            "parent_id": None if blank(ind["parent_id"]) else ind["parent_id"],
            "name_zh": ind["name_zh"],
            "name_en": ind["name_en"],
            "lists": ind["lists"],
            "category_id": ind["category_id"],
            "nature": None if blank(ind["nature"]) else ind["nature"],
            "unit": None if blank(ind["unit"]) else ind["unit"],
            "status": status,
            "status_zh": d.labels.names("status", "zh").get(status) if status else None,
            "status_inherited": bool(status and not ind["own_status"]),
            "latest": plain_obs(ind["latest"]),
            "target": plain_obs(ind["target"]),
            "progress_pct": None if blank(ind["progress_pct"]) else round(float(ind["progress_pct"]), 2),
        }
        listing.append(
            base
            | {
                "url": f"indicators/{ind['id']}.json",
                "html_url": f"../indicators/{page_id}/",
                "csv_url": f"../data/indicators/{ind['id']}.csv",
            }
        )
        parts = d.parts(ind["id"])["id"].tolist()
        detail = (
            {
                "$schema": "../schema/indicator.schema.json",
                "version": API_VERSION,
                "generated_from": head["generated_from"],
            }
            | base
            | {
                "html_url": f"../../indicators/{page_id}/",
                "csv_url": f"../../data/indicators/{ind['id']}.csv",
                "json_url": f"../../data/indicators/{ind['id']}.json",
                "listing_url": "../indicators.json",
                "parent_url": None if blank(ind["parent_id"]) else f"{ind['parent_id']}.json",
                "direction": ind["direction"],
                "progress_method": ind["progress_method"],
                "baseline": plain_obs(ind["baseline"]),
                "reported_progress_pct": None
                if blank(ind["reported_progress_pct"])
                else float(ind["reported_progress_pct"]),
                "target_met": None
                if ind["target_met"] is None or blank(ind["target_met"])
                else bool(ind["target_met"]),
                "observations": [
                    o | {"source_urls": _source_urls(o)} for o in records(obs_of.get(ind["id"], obs_all.iloc[0:0]))
                ],
                "assessments": records(asm_of.get(ind["id"], assessments.iloc[0:0])),
                "parts": [{"id": p, "url": f"{p}.json"} for p in parts],
                "discrepancies": records(disc.iloc[sorted(disc_at[i] for i in ind["discrepancy_ids"])]),
            }
        )
        out.append(Download(f"api/indicators/{ind['id']}.json", _json(detail), f"{ind['id']}.json", "api"))
    top = {"$schema": "schema/indicators.schema.json"} | head | {"count": len(listing), "indicators": listing}
    out.insert(0, Download("api/indicators.json", _json(top), "indicators.json", "api"))
    for name in ("indicators", "indicator"):
        schema = _with_enums(json.loads((SCHEMAS / f"api-{name}.schema.json").read_text(encoding="utf-8")), package)
        out.append(Download(f"api/schema/{name}.schema.json", _json(schema), f"{name}.schema.json", "api-schema"))
    return out


def _with_enums(node, package):
    """The schemas name their code lists ("enumFrom": "observations.role"); the values come from the data package's
    own constraints, so a new code in the data is a new code in the API schema, typed in one place only."""
    if isinstance(node, list):
        return [_with_enums(v, package) for v in node]
    if not isinstance(node, dict):
        return node
    if "enumFrom" in node:
        resource, field = node["enumFrom"].split(".")
        values = list(package.get_resource(resource).schema.get_field(field).constraints["enum"])
        return {"enum": values + ([None] if node.get("nullable") else [])}
    return {k: _with_enums(v, package) for k, v in node.items()}


def _json(data) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def chart_files(chart) -> dict[str, bytes]:
    """Next to each chart: the rows it plots (CSV), and the chart itself as SVG and PNG (rendered at build time)."""
    return {
        f"charts/{chart.id}.csv": chart.plotted().to_csv(index=False, lineterminator="\n").encode("utf-8"),
        f"charts/{chart.id}.svg": chart.svg.encode("utf-8"),
        f"charts/{chart.id}.png": chart.png,
    }
