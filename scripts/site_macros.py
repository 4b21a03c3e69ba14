"""Values for hand-written pages (mkdocs-macros). Every figure comes from the data.

In a page:  {{ counts.main }} 项主要指标，{{ status_count('main', 'exceeded') }} 项超预期。
An unknown name fails the build (on_undefined: strict in mkdocs.yml).

Every string from the data is handed to the page already escaped for Markdown and HTML (escape.text), so a
title holding `<img onerror=…>` or `[x](javascript:…)` shows as those characters. Values are therefore meant
to be printed in Markdown text or HTML text, not inside code spans or attribute values.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from mkdocs.exceptions import PluginError  # noqa: E402

from ecosite import i18n, pipeline  # noqa: E402
from ecosite.config import from_mkdocs  # noqa: E402
from ecosite.escape import slug, text  # noqa: E402
from ecosite.problems import HELP_ZH, DataInvalid  # noqa: E402
from ecosite.render import observation  # noqa: E402
from ecosite.values import text_or_empty  # noqa: E402


def define_env(env):
    lang = i18n.config_lang(env.conf)
    try:
        build = pipeline.prepare(from_mkdocs(env.conf, i18n.root_url(env.conf.site_url or "", lang)))
    except DataInvalid as error:
        raise PluginError("数据校验未通过，网站没有生成：\n" + "\n".join(f"  - {p}" for p in error.problems)) from None
    d = build.derived
    t = d.tables
    sc = d.status_counts
    source = d.current_source

    env.variables["source"] = _escaped(source.to_dict())
    env.variables["milestones"] = {r["id"]: _escaped(r) for r in t["indicators"]["milestones"].to_dict("records")}
    env.variables["counts"] = d.counts()
    env.variables["plan"] = _escaped(d.plan)  # the plan's title and period (indicators/plan.csv)
    env.variables["versions"] = {name: text(p.version) for name, p in t.packages.items()}
    env.variables["categories"] = [
        _escaped(r) for r in t["indicators"]["categories"].sort_values("position").to_dict("records")
    ]
    # The codes' words, from the schemas (vocab.Labels): in Chinese, in English, and in the page's own language
    # (extra.lang): `lang`, STATUS, NATURE, LIST.
    env.variables["STATUS_ZH"] = d.labels.names("status", "zh")
    env.variables["NATURE_ZH"] = d.labels.names("nature", "zh")
    english = lang.code == "en"
    env.variables["lang"] = lang.code
    env.variables["STATUS"] = d.labels.names("status", lang.code)
    env.variables["NATURE"] = d.labels.names("nature", lang.code)
    env.variables["LIST"] = d.labels.names("list", lang.code)
    env.variables["STATUS_EN"] = d.labels.names("status", "en")
    env.variables["NATURE_EN"] = d.labels.names("nature", "en")

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
        return text(observation(ind[role], text_or_empty(ind["unit"])))

    @env.macro
    def indicator_link(indicator_id: str) -> str:
        """A link to an indicator's page, named in the page's language."""
        ind = d.indicator(indicator_id)
        return f"[{text(ind['name_en' if english else 'name_zh'])}](indicators/{slug(indicator_id)}/)"

    @env.macro
    def error_help_table() -> str:
        """Every error type the validator reports, what it means and how to fix it."""
        rows = ["| 错误类型 | 含义 | 怎样改正 |", "|---|---|---|"]
        rows += [f"| `{kind}` | {meaning} | {fix} |" for kind, (meaning, fix) in HELP_ZH.items()]
        return "\n".join(rows)


def _escaped(record: dict) -> dict:
    """A data row for Markdown+HTML: strings escaped (escape.text), numbers as they are, blanks as ''."""
    return {
        k: v if isinstance(v, (int, float)) and not isinstance(v, bool) and v == v else text(v)
        for k, v in record.items()
    }
