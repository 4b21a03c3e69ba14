"""Derive what the site computes from the data: latest values, progress, counts.

Nothing here is typed in: every count comes from grouping the tables.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import pandas as pd

from . import progress
from .load import Tables
from .values import number
from .vocab import Labels, labels_of


def plan_period(tables: Tables) -> dict:
    """The plan under evaluation (indicators/plan.csv, one row): title, start_year, end_year, source_section."""
    row = tables["indicators"]["plan"].iloc[0].to_dict()
    return {**row, "start_year": int(row["start_year"]), "end_year": int(row["end_year"])}


@dataclass
class Derived:
    tables: Tables
    current_source: pd.Series  # the latest evaluation
    indicators: pd.DataFrame  # one row per indicator (parts included), with values and progress
    status_counts: pd.DataFrame  # list × status → count (zeros included)
    category_status: pd.DataFrame  # category × status → count, main and chapter together
    nature_status: pd.DataFrame  # nature × status → count (main list)
    audit: pd.DataFrame  # every stated progress % beside the recomputed one
    labels: Labels  # the codes' words in both languages, from the schemas (vocab.py)

    @property
    def plan(self) -> dict:
        """The plan under evaluation and its period, from the data (issue 9)."""
        return plan_period(self.tables)

    @cached_property
    def network(self) -> pd.DataFrame:
        """The monitoring network with each medium's names (media.csv), in the media's order, largest counts first:
        the order of the monitoring charts and table."""
        m = self.tables["monitoring"]
        media = m["media"].sort_values("position")
        return m["network"].merge(media, on="medium").sort_values(["position", "count"], ascending=[True, False])

    # Per-indicator look-ups are asked once per page, chart and API file: the tables are grouped once (the
    # cached properties below), so a page costs the size of its own rows, not of the whole table.
    @cached_property
    def _by_id(self) -> pd.DataFrame:
        return self.indicators.set_index("id")

    @cached_property
    def _parts_of(self) -> dict[str, pd.DataFrame]:
        return group_rows(self.indicators, "parent_id")

    @cached_property
    def _observations_of(self) -> dict[str, pd.DataFrame]:
        return group_rows(self.tables["indicators"]["observations"], "indicator_id")

    @cached_property
    def _position(self) -> dict[str, int]:
        return {i: n for n, i in enumerate(self.indicators["id"])}

    def indicator_rows(self, ids) -> pd.DataFrame:
        """The rows of these indicators, in the table's order (as filtering by `isin` would give them)."""
        return self.indicators.iloc[sorted(self._position[i] for i in ids)]

    def indicator(self, indicator_id: str) -> pd.Series:
        return self._by_id.loc[indicator_id]

    def parts(self, indicator_id: str) -> pd.DataFrame:
        return self._parts_of.get(indicator_id, self.indicators.iloc[0:0]).sort_values("position")

    def observations(self, indicator_id: str) -> pd.DataFrame:
        obs = self._observations_of.get(indicator_id, self.tables["indicators"]["observations"].iloc[0:0])
        return obs.sort_values(["year", "role"])

    def top_level(self) -> pd.DataFrame:
        return self.indicators[self.indicators["parent_id"].isna()]

    def counts(self) -> dict[str, int]:
        """Every count the pages and hand-written pages quote, computed once from the tables."""
        t, sc, top = self.tables, self.status_counts, self.top_level()
        main = top[top["list"] == "main"]
        return {
            "main": int(sc.loc[sc["list"] == "main", "count"].sum()),
            "chapter": int(sc.loc[sc["list"] == "chapter", "count"].sum()),
            "binding": int((main["nature"] == "binding").sum()),
            "expected": int((main["nature"] == "expected").sum()),
            "shared": int(top["lists"].map(len).gt(1).sum()),
            "categories": len(t["indicators"]["categories"]),
            "columns": len(t["tasks"]["columns"]),
            "column_tasks": len(t["tasks"]["column_tasks"]),
            "areas": len(t["tasks"]["areas"]),
            "major_tasks": len(t["tasks"]["major_tasks"]),
            "projects": len(t["projects"]["projects"]),
            "network": len(t["monitoring"]["network"]),
            "figures": len(t["tasks"]["figures"]),
            "discrepancies": len(t["indicators"]["discrepancies"]),
            "derived_observations": int(t["indicators"]["observations"]["derived"].sum()),
        }


def derive(tables: Tables) -> Derived:
    labels = labels_of(tables)
    status_order = labels.codes("status")
    ind_tables = tables["indicators"]
    sources = ind_tables["sources"].sort_values("published")
    current = sources.iloc[-1]
    indicators = _indicator_rows(tables, current["id"])
    members = memberships(ind_tables["indicators"], ind_tables["cross_listings"])
    top = indicators[indicators["parent_id"].isna()]
    status_counts = _count(members.merge(top[["id", "status"]], on="id"), ["list"], status_order)
    category_status = _count(top.rename(columns={"category_id": "category"}), ["category"], status_order)
    nature_status = _count(
        members[members["list"] == "main"].merge(top[["id", "status", "nature"]], on="id"), ["nature"], status_order
    )
    audit = indicators[indicators["reported_progress_pct"].notna()][
        [
            "id",
            "name_zh",
            "progress_method",
            "reported_progress_pct",
            "progress_pct",
            "progress_agrees",
            "discrepancy_ids",
        ]
    ]
    return Derived(tables, current, indicators, status_counts, category_status, nature_status, audit, labels)


def memberships(indicators: pd.DataFrame, cross: pd.DataFrame) -> pd.DataFrame:
    """Top-level indicators per list, cross-listed ones included once in each list."""
    top = indicators[indicators["parent_id"].isna()][["id", "list", "position"]]
    extra = cross.rename(columns={"indicator_id": "id"})[["id", "list", "position"]]
    return pd.concat([top, extra], ignore_index=True)


def _count(frame: pd.DataFrame, by: list[str], status_order: list[str]) -> pd.DataFrame:
    """Counts per group and status, with explicit zeros so charts and tables show every status."""
    counts = frame.groupby(by + ["status"]).size().rename("count")
    groups = frame[by[0]].dropna().unique()
    full = pd.MultiIndex.from_product([groups, status_order], names=by + ["status"])
    return counts.reindex(full, fill_value=0).reset_index()


def group_rows(frame: pd.DataFrame, column: str) -> dict[str, pd.DataFrame]:
    """{value: the rows that have it}, in the table's order: one pass instead of one filter per value."""
    return {key: rows for key, rows in frame.groupby(column, sort=False, dropna=True)}


def _indicator_rows(tables: Tables, source_id: str) -> pd.DataFrame:
    t = tables["indicators"]
    ind = t["indicators"].copy()
    categories = t["categories"].set_index("id")
    assessments = t["assessments"][t["assessments"]["source_id"] == source_id].set_index("indicator_id")
    obs = t["observations"]
    no_obs = obs.iloc[0:0]
    # grouped once (each indicator then costs its own rows, not the whole table; issue 13)
    obs_of = group_rows(obs, "indicator_id")
    disc_of = t["discrepancies"].groupby("indicator_id", sort=False)["id"].apply(list).to_dict()
    lists_of = t["cross_listings"].groupby("indicator_id", sort=False)["list"].apply(list).to_dict()
    plan_end = plan_period(tables)["end_year"]
    rows = []
    for _, row in ind.iterrows():
        mine = obs_of.get(row["id"], no_obs)
        baseline, latest, target = (latest_observation(mine, role) for role in ("baseline", "actual", "target"))
        assessment = assessments.loc[row["id"]] if row["id"] in assessments.index else None
        parent_status = None
        if pd.notna(row["parent_id"]) and row["parent_id"] in assessments.index:
            parent_status = assessments.loc[row["parent_id"], "status"]
        pct = progress.recompute(row["progress_method"], _v(baseline), _v(latest), _v(target))
        reported = assessment["reported_progress_pct"] if assessment is not None else None
        lists = [row["list"]] + lists_of.get(row["id"], [])
        rows.append(
            {
                **row.to_dict(),
                "category_zh": categories.loc[row["category_id"], "name_zh"],
                "category_en": categories.loc[row["category_id"], "name_en"],
                "lists": lists,
                "status": assessment["status"]
                if assessment is not None and pd.notna(assessment["status"])
                else parent_status,
                "own_status": assessment is not None and pd.notna(assessment["status"]),
                "reported_progress_pct": reported if reported is not None and pd.notna(reported) else None,
                "recommendation_kind": assessment["recommendation_kind"] if assessment is not None else None,
                "recommendation_zh": assessment["recommendation_zh"] if assessment is not None else None,
                "recommendation_en": assessment["recommendation_en"] if assessment is not None else None,
                "assessment_section": assessment["source_section"] if assessment is not None else None,
                # the report's reason for 需加快推进 / 建议调整 (issue 9), in our words; source: assessment_section
                "reason_zh": assessment["reason_zh"] if assessment is not None else None,
                "reason_en": assessment["reason_en"] if assessment is not None else None,
                "baseline": baseline,
                "latest": latest,
                "target": target,
                "progress_pct": pct,
                "progress_agrees": progress.agrees(reported, pct)
                if reported is not None and pd.notna(reported)
                else None,
                "target_met": progress.meets_target(row["direction"], _v(latest), _v(target)),
                "gap": _gap(row["direction"], _v(latest), _v(target)),
                "years_left": plan_end - int(latest["year"]) if latest is not None else None,
                "discrepancy_ids": disc_of.get(row["id"], []),
            }
        )
    return pd.DataFrame(rows)


def latest_observation(frame: pd.DataFrame, role: str) -> dict | None:
    """The latest row of one role (by year), as a plain dict."""
    rows = frame[frame["role"] == role].sort_values("year")
    return rows.iloc[-1].to_dict() if len(rows) else None


def _v(observation: dict | None) -> float | None:
    return None if observation is None else number(observation.get("value"))


def _gap(direction: str, latest: float | None, target: float | None) -> float | None:
    """How much is still to close, in the indicator's unit; 0 when the target is met."""
    if latest is None or target is None:
        return None
    gap = target - latest if direction == "higher_better" else latest - target
    return max(0.0, round(gap, 6))
