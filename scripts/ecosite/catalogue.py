"""schema.org Dataset metadata (JSON-LD) for dataset search engines, one per data package."""
from __future__ import annotations

from markupsafe import Markup

from .derive import Derived
from .escape import script_json

FORMATS = {"csv": "text/csv", "excel-csv": "text/csv", "json": "application/json", "datapackage": "application/json",
           "zip": "application/zip", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
           "sqlite": "application/vnd.sqlite3"}


def dataset(d: Derived, package: str, downloads: list, site_url: str) -> dict:
    p = d.tables.packages[package]
    desc = p.to_dict()
    base = site_url.rstrip("/") + "/" if site_url else "/"
    source = d.current_source
    files = [dl for dl in downloads if dl.path.startswith(f"data/{package}/")] + [dl for dl in downloads if dl.kind in ("xlsx", "sqlite")]
    return {
        "@context": "https://schema.org/",
        "@type": "Dataset",
        "name": desc.get("title_zh", p.title),
        "alternateName": p.title,
        "description": f"{desc.get('description_zh', '')} {p.description or ''}".strip(),
        "url": f"{base}downloads/#{package}",
        "identifier": desc.get("name"),
        "version": p.version,
        "inLanguage": ["zh-CN", "en"],
        "keywords": desc.get("keywords", []),
        "license": "https://creativecommons.org/licenses/by/4.0/",
        "isAccessibleForFree": True,
        "creator": {"@type": "Organization", "name": source["publisher_zh"], "alternateName": source.get("publisher_en") or None},
        "temporalCoverage": "2020/2025",
        "spatialCoverage": {"@type": "Place", "name": "昆明市", "alternateName": "Kunming, Yunnan, China"},
        "isBasedOn": {"@type": "Report", "name": source["title_zh"], "datePublished": source["published"], "publisher": source["publisher_zh"]},
        "distribution": [{"@type": "DataDownload", "name": dl.label, "encodingFormat": FORMATS[dl.kind], "contentUrl": base + dl.path,
                          "contentSize": f"{dl.size} B", "sha256": dl.sha256} for dl in files],
    }


def script_tag(data: dict | list) -> Markup:
    """A JSON-LD block safe to put in HTML: see render.script_json."""
    return Markup(f'<script type="application/ld+json">\n{script_json(data)}\n</script>')
