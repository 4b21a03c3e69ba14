"""The data changelog page: what each data commit changed, table by table (the revisions are a build input,
taken from git once per build: changelog.history; the Atom feed shows the same)."""

from __future__ import annotations

from ..changelog import LIMIT, MANY
from ..inputs import Job
from .common import Pages

PAGE = "changelog.md"


def page(job: Job) -> dict[str, str]:
    return {PAGE: Pages(job).render(PAGE, "changelog.md.j2", revisions=job.inputs.revisions, limit=LIMIT, many=MANY)}
