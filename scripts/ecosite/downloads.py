"""Files journalists download: per table CSV, Excel-safe CSV, JSON; per package
datapackage.json and zip; everything as one XLSX and one SQLite database;
and the static JSON API. Paths under /data/ and /api/ are stable between builds.
"""
from __future__ import annotations

import hashlib
import io
import json
import sqlite3
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .derive import Derived
from .labels import STATUS_ZH
from .render import blank

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class Download:
    path: str          # inside the site, e.g. data/indicators/observations.csv
    content: bytes
    label: str         # what a reader sees in the list
    kind: str          # csv | excel-csv | json | datapackage | zip | xlsx | sqlite | api

    @property
    def size(self) -> int:
        return len(self.content)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


def neutralise(value):
    """Text that Excel would run as a formula is prefixed with a single quote, so it stays text."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _excel_frame(frame: pd.DataFrame, resource) -> pd.DataFrame:
    """Guard the text columns only: a number such as -1 in a numeric column stays a number."""
    text_columns = [f.name for f in resource.schema.fields if f.type == "string"]
    return frame.assign(**{c: frame[c].map(neutralise) for c in text_columns if c in frame})


def _records_json(frame: pd.DataFrame) -> bytes:
    return (frame.to_json(orient="records", force_ascii=False, indent=1, date_format="iso") + "\n").encode("utf-8")


def _raw_frame(csv_path: Path) -> pd.DataFrame:
    """The CSV as text cells, exactly as stored (types are the schema's business)."""
    return pd.read_csv(csv_path, dtype=str, keep_default_na=False, encoding="utf-8")


def build_downloads(d: Derived) -> list[Download]:
    out: list[Download] = []
    for pkg_name, package in d.tables.packages.items():
        folder = d.tables.root / pkg_name
        base = f"data/{pkg_name}"
        for r in package.resources:
            csv_path = folder / r.path
            raw = csv_path.read_bytes()
            frame = d.tables[pkg_name][r.name]
            out.append(Download(f"{base}/{r.name}.csv", raw, f"{r.name}.csv", "csv"))
            excel = _excel_frame(_raw_frame(csv_path), r).to_csv(index=False, lineterminator="\r\n")
            out.append(Download(f"{base}/{r.name}.excel.csv", ("\ufeff" + excel).encode("utf-8"), f"{r.name}.excel.csv", "excel-csv"))
            out.append(Download(f"{base}/{r.name}.json", _records_json(frame), f"{r.name}.json", "json"))
        descriptor = _standalone_descriptor(package)
        out.append(Download(f"{base}/datapackage.json", json.dumps(descriptor, ensure_ascii=False, indent=2).encode("utf-8"), "datapackage.json", "datapackage"))
        out.append(Download(f"{base}/{pkg_name}.zip", _zip(folder, package, descriptor), f"{pkg_name}.zip", "zip"))
    out.append(Download("data/kunming-eco-data.xlsx", _xlsx(d), "kunming-eco-data.xlsx", "xlsx"))
    out.append(Download("data/kunming-eco-data.sqlite", _sqlite(d), "kunming-eco-data.sqlite", "sqlite"))
    out += _api(d)
    return out


def _standalone_descriptor(package) -> dict:
    """The descriptor with paths relative to the package folder, so it works once downloaded."""
    descriptor = package.to_dict()
    for r in descriptor["resources"]:
        r["path"] = Path(r["path"]).name
    return descriptor


def _zip(folder: Path, package, descriptor: dict) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("datapackage.json", json.dumps(descriptor, ensure_ascii=False, indent=2))
        for r in package.resources:
            z.writestr(Path(r.path).name, (folder / r.path).read_bytes())
        z.writestr("README.md", _zip_readme(package))
    return buffer.getvalue()


def _licence_line(descriptor: dict) -> str:
    """CC BY 4.0 for the compiled data; the report package reproduces the report itself, on its own terms."""
    licence = (descriptor.get("licenses") or [{}])[0]
    if licence.get("name") == "CC-BY-4.0":
        return "许可 Licence: CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)"
    return f"许可 Licence: {licence.get('title') or licence.get('name', '')}（原文权利归发布机关，见 document.csv 的 licence_note_zh）"


def _zip_readme(package) -> str:
    d = package.to_dict()
    lines = [f"# {d.get('title_zh', package.title)}", "", package.title or "", "", f"版本 Version: {package.version}",
             _licence_line(d),
             "来源 Source: 昆明市生态环境局《昆明市生态文明建设排头兵规划(2021-2025年)实施情况评估报告》, 2024-11", "",
             "引用 How to cite: 昆明市生态环境局评估报告（2024年11月），经开放数据整理；请注明数据包名称、版本和表名。", "", "## 表与列 Tables and columns", ""]
    for r in package.resources:
        rd = r.to_dict()
        lines += [f"### {r.name}.csv — {rd.get('title_zh', '')} / {r.title}", "", rd.get("description_zh", ""), ""]
        for f in r.schema.fields:
            fd = f.to_dict()
            lines.append(f"- `{f.name}` ({f.type}): {fd.get('title_zh', '')} — {fd.get('description_zh', '')} / {f.description or ''}")
        lines.append("")
    return "\n".join(lines)


def _xlsx(d: Derived) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    about = wb.active
    about.title = "说明 About"
    about.append(["昆明市生态文明建设排头兵规划中期评估 开放数据 / Kunming Pioneer Plan mid-term evaluation open data"])
    about.append(["来源 Source", f"{d.current_source['publisher_zh']}《{d.current_source['title_zh']}》{d.current_source['published']}"])
    about.append(["许可 Licence", "CC BY 4.0（report 工作表中的报告原文除外：原文权利归发布机关，见其 licence_note_zh）"])
    about.append(["版本 Version", "; ".join(f"{n} {p.version}" for n, p in d.tables.packages.items())])
    about.append([])
    about.append(["工作表 Sheet", "列 Column", "中文名", "Title", "类型 Type", "说明", "Description"])
    for name, package in d.tables.packages.items():
        for r in package.resources:
            for f in r.schema.fields:
                fd = f.to_dict()
                about.append([neutralise(x) for x in (_sheet(name, r.name), f.name, fd.get("title_zh", ""), f.title or "", f.type, fd.get("description_zh", ""), f.description or "")])
    about["A1"].font = Font(bold=True, size=13)
    for name, package in d.tables.packages.items():
        for r in package.resources:
            sheet = wb.create_sheet(_sheet(name, r.name))
            frame = _raw_frame(d.tables.root / name / r.path)
            typed = d.tables[name][r.name]
            sheet.append(list(frame.columns))
            for i in range(len(frame)):
                row = []
                for c in frame.columns:
                    value = typed[c].iloc[i] if c in typed else frame[c].iloc[i]
                    if blank(value):
                        row.append(None)
                    elif isinstance(value, str):
                        row.append(neutralise(value))
                    elif hasattr(value, "item"):
                        row.append(value.item())
                    else:
                        row.append(value if isinstance(value, (int, float, bool)) else str(value))
                sheet.append(row)
            sheet.freeze_panes = "A2"
            for cell in sheet[1]:
                cell.font = Font(bold=True)
            for j, c in enumerate(frame.columns, start=1):
                width = max([len(str(c))] + [len(str(v)) for v in frame[c].head(200)])
                sheet.column_dimensions[get_column_letter(j)].width = min(60, max(8, width * 1.6))
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


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
                rows = [[_sql_value(frame[c].iloc[i]) for c in cols] for i in range(len(frame))]
                con.executemany(f'INSERT INTO "{name}__{r.name}" VALUES ({",".join("?" * len(cols))})', rows)
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
    for fk in r.schema.foreign_keys:
        ref = fk["reference"]["resource"] or r.name
        cols.append("FOREIGN KEY (" + ", ".join(f'"{k}"' for k in fk["fields"]) + f') REFERENCES "{package}__{ref}" (' + ", ".join(f'"{k}"' for k in fk["reference"]["fields"]) + ")")
    return f'CREATE TABLE "{package}__{r.name}" (' + ", ".join(cols) + ")"


def _sql_value(value):
    if blank(value):
        return None
    if hasattr(value, "item"):
        return value.item()
    if isinstance(value, (int, float, str, bool)):
        return value
    return str(value)


def _source_urls(obs: dict) -> list[str]:
    """Site-relative links to the report sections an observation cites, its value marked there."""
    from .reportdoc import section_href, split_sections

    return [section_href(s, [] if obs.get("derived") else [obs.get("value")]) for s in split_sections(obs.get("source_section"))]


def _api(d: Derived) -> list[Download]:
    """/api/indicators.json and /api/indicators/<id>.json."""
    def plain(obs):
        return None if obs is None else {k: (None if blank(v) else (v.item() if hasattr(v, "item") else v)) for k, v in obs.items()}
    listing, out = [], []
    obs_all = d.tables["indicators"]["observations"]
    assessments = d.tables["indicators"]["assessments"]
    disc = d.tables["indicators"]["discrepancies"]
    for _, ind in d.indicators.iterrows():
        base = {"id": ind["id"], "parent_id": None if blank(ind["parent_id"]) else ind["parent_id"], "name_zh": ind["name_zh"], "name_en": ind["name_en"],
                "lists": ind["lists"], "category_id": ind["category_id"], "nature": None if blank(ind["nature"]) else ind["nature"],
                "unit": None if blank(ind["unit"]) else ind["unit"], "status": ind["status"], "status_zh": STATUS_ZH.get(ind["status"]) if isinstance(ind["status"], str) else None,
                "latest": plain(ind["latest"]), "target": plain(ind["target"]),
                "progress_pct": None if blank(ind["progress_pct"]) else round(float(ind["progress_pct"]), 2)}
        listing.append(base | {"url": f"api/indicators/{ind['id']}.json"})
        detail = base | {
            "direction": ind["direction"], "progress_method": ind["progress_method"], "baseline": plain(ind["baseline"]),
            "reported_progress_pct": None if blank(ind["reported_progress_pct"]) else float(ind["reported_progress_pct"]),
            "target_met": None if ind["target_met"] is None or blank(ind["target_met"]) else bool(ind["target_met"]),
            "observations": [o | {"source_urls": _source_urls(o)} for o in json.loads(obs_all[obs_all["indicator_id"] == ind["id"]].to_json(orient="records", force_ascii=False))],
            "assessments": json.loads(assessments[assessments["indicator_id"] == ind["id"]].to_json(orient="records", force_ascii=False)),
            "parts": d.parts(ind["id"])["id"].tolist(),
            "discrepancies": json.loads(disc[disc["id"].isin(ind["discrepancy_ids"])].to_json(orient="records", force_ascii=False)),
        }
        out.append(Download(f"api/indicators/{ind['id']}.json", (json.dumps(detail, ensure_ascii=False, indent=1) + "\n").encode("utf-8"), f"{ind['id']}.json", "api"))
    out.insert(0, Download("api/indicators.json", (json.dumps(listing, ensure_ascii=False, indent=1) + "\n").encode("utf-8"), "indicators.json", "api"))
    return out
