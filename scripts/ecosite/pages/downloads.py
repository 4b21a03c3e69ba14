"""The downloads page: every file with its size, checksum and version, grouped by package and table, with reading
examples (pandas, R, DuckDB, datasette) and ready citations. The files are the downloads output's (Job.made)."""

from __future__ import annotations

from .. import citation as cite
from ..inputs import Job
from .common import KIND_ZH, Pages

PAGE = "downloads.md"
CITATION_KIND_ZH = {"citation.bib": "BibTeX", "citation.ris": "RIS", "citation.csl.json": "CSL-JSON"}


def page(job: Job) -> dict[str, str]:
    d, made, inputs = job.d, job.made, job.inputs
    site_url, changed, when = inputs.site_url, inputs.changed, inputs.data_date
    versions = {name: p.version for name, p in d.tables.packages.items()}

    def entry(dl, label=None):
        package = dl.path.split("/")[1] if dl.path.startswith("data/") and dl.path.count("/") >= 2 else None
        return {
            "path": "../" + dl.path,
            "label": label or dl.label,
            "kind_zh": KIND_ZH[dl.kind],
            "size": _size(dl.size),
            "sha256": dl.sha256,
            "version": versions.get(package or "", "、".join(f"{n} {v}" for n, v in versions.items())),
        }

    base = site_url.rstrip("/") + "/" if site_url else ""
    packages = []
    for name, package in d.tables.packages.items():
        resources = [
            {
                "name": r.name,
                "title_zh": r.custom.get("title_zh", r.title),
                "rows": len(d.tables[name][r.name]),
                "files": [entry(made.download(f"data/{name}/{r.name}.{ext}")) for ext in ("csv", "excel.csv", "json")],
                "url": f"{base}data/{name}/{r.name}.csv",
                "table": f"{name}__{r.name}",
            }
            for r in package.resources
        ]
        citation = cite.formats(cite.package(d, name, site_url, changed.get(name, when)))
        citation["ris"] = citation["ris"].replace("\r\n", "\n")  # shown in the page; the .ris file keeps CRLF
        packages.append(
            {
                "citation": citation["text"],
                "formats": citation,
                "dir": name,
                "title_zh": package.custom.get("title_zh", package.title),
                "description_zh": package.custom.get("description_zh", ""),
                "version": package.version,
                "changed": changed.get(name, "—"),
                "files": [entry(made.download(f"data/{name}/{f}")) for f in ("datapackage.json", f"{name}.zip")]
                + [entry(made.download(f"data/{name}/{f}"), f"{f}（{k}）") for f, k in CITATION_KIND_ZH.items()],
                "resources": resources,
            }
        )
    everything = [entry(dl) for dl in made.downloads if dl.kind in ("zip-all", "xlsx", "sqlite", "datasette", "feed")]
    api = [entry(dl) for dl in made.downloads if dl.kind == "api-schema" or dl.path == "api/indicators.json"]
    names = d.indicators.set_index("id")["name_zh"]
    indicators = [
        {
            "id": i,
            "name_zh": names[i],
            "csv": entry(made.download(f"data/indicators/{i}.csv")),
            "json": entry(made.download(f"data/indicators/{i}.json")),
        }
        for i in d.indicators["id"]
    ]
    return {
        PAGE: Pages(job).render(
            PAGE,
            "downloads.md.j2",
            packages=packages,
            everything=everything,
            api=api,
            indicators=indicators,
            base=base or "https://example.org/",
            data_date=when,
        )
    }


def _size(n: int) -> str:
    return f"{n} 字节" if n < 1024 else f"{n / 1024:.1f} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:.1f} MB"
