"""schema.org Dataset metadata (JSON-LD) for dataset search engines: the canonical Dataset of each data package
on its landing page, a small Dataset per indicator page (part of it), and the DataCatalog of all on the downloads
page. `output(job)` says which page carries which; the pages render them (template filter `jsonld`)."""

from __future__ import annotations

from . import citation as cite
from .datapages import DATA_PAGES, indicator_page, landing, landing_page
from .derive import Derived
from .inputs import Job
from .model import data_licence

FORMATS = {
    "csv": "text/csv",
    "excel-csv": "text/csv",
    "json": "application/json",
    "datapackage": "application/json",
    "zip": "application/zip",
    "zip-all": "application/zip",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "sqlite": "application/vnd.sqlite3",
    "indicator-csv": "text/csv",
    "indicator-json": "application/json",
}


def _base(site_url: str) -> str:
    return site_url.rstrip("/") + "/" if site_url else "/"


def _years(d: Derived, package: str) -> list[int]:
    """Every year a table of the package mentions (columns named `year`), for temporalCoverage."""
    years = []
    for r in d.tables.packages[package].resources:
        frame = d.tables[package][r.name]
        if "year" in frame:
            years += [int(y) for y in frame["year"].dropna()]
    return years


def _coverage(years: list[int]) -> str | None:
    return None if not years else str(min(years)) if min(years) == max(years) else f"{min(years)}/{max(years)}"


def _organisations(d: Derived, package: str, site_url: str) -> tuple[list[dict], dict]:
    """creator (the bureau whose report it is, and the project that compiled it) and publisher (the project)."""
    source = d.current_source
    roles = {
        r: c["title"] for c in d.tables.packages[package].to_dict().get("contributors", []) for r in c.get("roles", [])
    }
    publisher = {
        "@type": "Organization",
        "name": roles.get("publisher", "Kunming eco-progress open data project"),
        "url": _base(site_url),
    }
    bureau = {
        "@type": "Organization",
        "name": source["publisher_zh"],
        "alternateName": source.get("publisher_en") or None,
    }
    if source.get("url"):
        bureau["url"] = source["url"]
    return [bureau, publisher], publisher


def output(job: Job) -> dict[str, list[dict]]:
    """{page path: the JSON-LD objects it carries}. Each package's Dataset is built once, not once per page."""
    d, inputs = job.d, job.inputs
    site_url, when = inputs.site_url, inputs.data_date
    canonical = {}
    for name in d.tables.packages:
        last = inputs.changed.get(name, when)
        citation = cite.text(cite.package(d, name, site_url, last))
        canonical[name] = dataset(d, name, job.made.downloads, site_url, (inputs.first.get(name, last), last), citation)
    out: dict[str, list[dict]] = {}
    for page, (package, _) in DATA_PAGES.items():
        if landing_page(package) == page:
            out[page] = [canonical[package]]
    for _, ind in d.top_level().iterrows():
        out[indicator_page(ind["id"])] = [indicator_dataset(d, ind, canonical["indicators"], job.made, site_url)]
    out["downloads.md"] = [data_catalog(list(canonical.values()), site_url)]
    return out


def dataset(
    d: Derived,
    package: str,
    downloads: list,
    site_url: str,
    dates: tuple[str, str] | None = None,
    citation: str | None = None,
) -> dict:
    """The canonical Dataset of one package. `dates` = (first published, last changed), ISO dates."""
    p = d.tables.packages[package]
    desc = p.to_dict()
    base = _base(site_url)
    source = d.current_source
    files = [
        dl
        for dl in downloads
        if dl.path.startswith(f"data/{package}/") and dl.kind in FORMATS and not dl.kind.startswith("indicator-")
    ]
    files += [dl for dl in downloads if dl.kind in ("xlsx", "sqlite", "zip-all")]
    creator, publisher = _organisations(d, package, site_url)
    if package == "indicators":  # the measured variables are the indicators themselves
        variables = [
            {
                "@type": "PropertyValue",
                "name": r["name_zh"],
                "alternateName": r["name_en"],
                "propertyID": r["id"],
                **({"unitText": r["unit"]} if isinstance(r["unit"], str) and r["unit"] else {}),
            }
            for _, r in d.indicators.iterrows()
        ]
    else:
        variables = [
            {
                "@type": "PropertyValue",
                "name": f.to_dict().get("title_zh") or f.name,
                "alternateName": f.title or f.name,
                "propertyID": f"{r.name}.{f.name}",
                "description": f.description or "",
            }
            for r in p.resources
            for f in r.schema.fields
            if f.type in ("number", "integer")
        ]
    out = {
        "@context": "https://schema.org/",
        "@type": "Dataset",
        "@id": f"{base}{landing(package)}#dataset",
        "name": desc.get("title_zh", p.title),
        "alternateName": p.title,
        "description": f"{desc.get('description_zh', '')} {p.description or ''}".strip(),
        "url": f"{base}{landing(package)}",
        "identifier": desc.get("name"),
        "version": p.version,
        "inLanguage": ["zh-CN", "en"],
        "keywords": desc.get("keywords", []),
        "license": data_licence(d.tables).path,
        "isAccessibleForFree": True,
        "creator": creator,
        "publisher": publisher,
        "spatialCoverage": {"@type": "Place", "name": "昆明市", "alternateName": "Kunming, Yunnan, China"},
        "isBasedOn": {
            "@type": "Report",
            "name": source["title_zh"],
            "datePublished": str(source["published"]),
            "publisher": source["publisher_zh"],
        },
        "variableMeasured": variables,
        "distribution": _distribution(files, base),
    }
    coverage = _coverage(_years(d, package))
    if coverage:
        out["temporalCoverage"] = coverage
    if dates:
        out["datePublished"], out["dateModified"] = dates
    if citation:
        out["citation"] = citation
    return out


def indicator_dataset(d: Derived, ind, canonical: dict, made, site_url: str) -> dict:
    """A small Dataset for one indicator page: its own files, part of the package's canonical Dataset."""
    base = _base(site_url)
    ids = [ind["id"]] + d.parts(ind["id"])["id"].tolist()
    # the grouped look-ups of Derived: a page costs its own rows, not a pass over the tables (issue 13)
    years = [int(y) for i in ids for y in d.observations(i)["year"]]
    parts = d.indicator_rows(ids)
    files = [made.download(f"data/indicators/{ind['id']}.{ext}") for ext in ("csv", "json")]
    out = {
        "@context": "https://schema.org/",
        "@type": "Dataset",
        "name": ind["name_zh"],
        "alternateName": ind["name_en"],
        "description": f"{ind['name_zh']}的基期值、历年数值、规划目标与评估结论（{ind['name_en']}: baseline, values, target and assessment）。",
        "url": f"{base}indicators/{ind['id']}/",
        "identifier": ind["id"],
        "isPartOf": {"@type": "Dataset", "@id": canonical["@id"], "name": canonical["name"], "url": canonical["url"]},
        "license": canonical["license"],
        "isAccessibleForFree": True,
        "inLanguage": ["zh-CN", "en"],
        "creator": canonical["creator"],
        "publisher": canonical["publisher"],
        "version": canonical["version"],
        "spatialCoverage": canonical["spatialCoverage"],
        "variableMeasured": [
            {
                "@type": "PropertyValue",
                "name": r["name_zh"],
                "alternateName": r["name_en"],
                "propertyID": r["id"],
                **({"unitText": r["unit"]} if isinstance(r["unit"], str) and r["unit"] else {}),
            }
            for _, r in parts.iterrows()
        ],
        "distribution": _distribution(files, base),
    }
    coverage = _coverage(years)
    if coverage:
        out["temporalCoverage"] = coverage
    for key in ("datePublished", "dateModified"):
        if key in canonical:
            out[key] = canonical[key]
    return out


def data_catalog(datasets: list[dict], site_url: str) -> dict:
    """The downloads page's catalogue: references to each package's canonical Dataset (described on its landing page)."""
    base = _base(site_url)
    return {
        "@context": "https://schema.org/",
        "@type": "DataCatalog",
        "name": "昆明市生态文明建设排头兵规划中期评估 开放数据",
        "alternateName": "Kunming Pioneer Plan mid-term evaluation open data",
        "url": f"{base}downloads/",
        "license": datasets[0]["license"],
        "publisher": datasets[0]["publisher"],
        "inLanguage": ["zh-CN", "en"],
        "dataset": [
            {
                "@type": "Dataset",
                "@id": ds["@id"],
                "name": ds["name"],
                "url": ds["url"],
                "version": ds["version"],
                "dateModified": ds.get("dateModified"),
            }
            for ds in datasets
        ],
    }


def _distribution(files, base: str) -> list[dict]:
    """schema.org DataDownload records of download files (the same shape for a package and for one indicator)."""
    return [
        {
            "@type": "DataDownload",
            "name": dl.label,
            "encodingFormat": FORMATS[dl.kind],
            "contentUrl": base + dl.path,
            "contentSize": f"{dl.size} B",
            "sha256": dl.sha256,
        }
        for dl in files
    ]
