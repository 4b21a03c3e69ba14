"""Values for hand-written pages (mkdocs-macros). Every figure comes from the data.

In a page:  {{ counts.main }} 项主要指标，{{ status_count('main', 'exceeded') }} 项超预期。
An unknown name fails the build (on_undefined: strict in mkdocs.yml).
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from mkdocs.exceptions import PluginError  # noqa: E402

from ecosite import pipeline  # noqa: E402
from ecosite.labels import NATURE_ZH, STATUS_ZH  # noqa: E402
from ecosite.problems import HELP_ZH, DataInvalid  # noqa: E402
from ecosite.render import observation  # noqa: E402


def define_env(env):
    try:
        build = pipeline.prepare(site_url=env.conf.site_url or "")
    except DataInvalid as error:
        raise PluginError("数据校验未通过，网站没有生成：\n" + "\n".join(f"  - {p}" for p in error.problems)) from None
    d = build.derived
    t = d.tables
    sc = d.status_counts
    source = d.current_source

    env.variables["source"] = {k: str(v) for k, v in source.to_dict().items()}
    env.variables["milestones"] = {r["id"]: {k: str(v) for k, v in r.items()} for r in t["indicators"]["milestones"].to_dict("records")}
    env.variables["counts"] = d.counts()
    env.variables["versions"] = {name: p.version for name, p in t.packages.items()}
    env.variables["categories"] = t["indicators"]["categories"].sort_values("position").to_dict("records")
    env.variables["STATUS_ZH"] = STATUS_ZH
    env.variables["NATURE_ZH"] = NATURE_ZH

    @env.macro
    def status_count(list_: str, status: str) -> int:
        """Number of indicators of one list with one status, e.g. status_count('main', 'exceeded')."""
        rows = sc[(sc["list"] == list_) & (sc["status"] == status)]
        if rows.empty:
            raise ValueError(f"没有清单 {list_!r} 或结论 {status!r}")
        return int(rows["count"].iloc[0])

    @env.macro
    def indicator_value(indicator_id: str, role: str = "latest") -> str:
        """An indicator's baseline, latest or target value as a reader would say it."""
        ind = d.indicator(indicator_id)
        return observation(ind[role], ind["unit"] if isinstance(ind["unit"], str) else "")

    @env.macro
    def indicator_link(indicator_id: str) -> str:
        ind = d.indicator(indicator_id)
        return f"[{ind['name_zh']}](indicators/{indicator_id}/)"

    @env.macro
    def error_help_table() -> str:
        """Every error type the validator reports, what it means and how to fix it."""
        rows = ["| 错误类型 | 含义 | 怎样改正 |", "|---|---|---|"]
        rows += [f"| `{kind}` | {meaning} | {fix} |" for kind, (meaning, fix) in HELP_ZH.items()]
        return "\n".join(rows)

