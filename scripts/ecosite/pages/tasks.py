"""Special columns and major-task areas: the tasks index, one page per column and per area (with the key figures
and projects under its report section), and the page of the report's other chapters (report.md)."""

from __future__ import annotations

from ..inputs import Job
from ..render import slug
from .common import Pages, records
from .tables import figure_table, project_table

INDEX = "tasks/index.md"


def pages(job: Job) -> dict[str, str]:
    p, d = Pages(job), job.d
    tk = d.tables["tasks"]
    areas = (
        tk["areas"]
        .sort_values("number")
        .assign(task_count=lambda a: a["id"].map(tk["major_tasks"].groupby("area_id").size()).fillna(0).astype(int))
    )
    out = {
        INDEX: p.render(
            INDEX,
            "tasks_index.md.j2",
            columns=records(tk["columns"].sort_values("number")),
            areas=records(areas),
            column_task_count=len(tk["column_tasks"]),
            major_task_count=len(tk["major_tasks"]),
            report_sections=records(tk["report_sections"]),
        )
    }
    for col in records(tk["columns"]):
        page = f"tasks/{slug(col['id'], 'columns.csv id')}.md"
        tasks = tk["column_tasks"][tk["column_tasks"]["column_id"] == col["id"]].sort_values("number")
        out[page] = p.render(page, "column.md.j2", col=col, tasks=records(tasks), **_under(p, col, page))
    for area in records(areas):
        page = f"tasks/{slug(area['id'], 'areas.csv id')}.md"
        tasks = tk["major_tasks"][tk["major_tasks"]["area_id"] == area["id"]].sort_values("position")
        out[page] = p.render(page, "area.md.j2", area=area, tasks=records(tasks), **_under(p, area, page))
    out["report.md"] = p.render("report.md", "report.md.j2", sections=records(tk["report_sections"]))
    return out


def _under(p: Pages, row: dict, page: str) -> dict:
    """The key figures and projects under a column's or area's report section."""
    prefix = row["source_section"]
    return {
        "figures": figure_table(p.d, prefix, p.root(page), p.T),
        "projects": project_table(p.d, prefix, p.root(page), p.T),
    }
