"""Charts and tables of the Qiantang 2023 key-task tracker."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd

from ...dataset.schema import TASK_STATUSES
from ..labels import pick
from ._style import Chart, add_source_line

STATUS_ORDER = list(TASK_STATUSES)
STATUS_COLORS = {
    "done": "#2e7d32",
    "on_track": "#7cb342",
    "behind": "#c62828",
    "not_measurable": "#bdbdbd",
}
STATUS_LABEL = {
    "done": ("完成", "done"),
    "on_track": ("按进度", "on track"),
    "behind": ("滞后", "behind"),
    "not_measurable": ("无法量化", "not measurable"),
}


def status_counts(tasks: pd.DataFrame, by: str) -> pd.DataFrame:
    """Tasks per status for each value of ``by`` (area, lead_units), most tasks first.

    By lead units, a task led by several units counts once for each of them.
    """
    if by == "lead_units":
        tasks = tasks.assign(lead_units=tasks["lead_units"].str.split("；")).explode("lead_units")
    table = tasks.groupby([by, "status"]).size().unstack(fill_value=0)
    table = table.reindex(columns=[s for s in STATUS_ORDER if s in table.columns], fill_value=0)
    return table.loc[table.sum(axis=1).sort_values(ascending=False).index]


def status_chart(
    tasks: pd.DataFrame, by: str, sources: pd.DataFrame, lang: str = "both", top: int = 15
) -> Chart:
    """Stacked bars of task status per area or lead unit.

    Example:
        >>> import hzcompare as hz
        >>> fig, data = hz.charts.status_chart(hz.load_tasks(), "area", hz.load_sources())
        >>> int(data.drop(columns="area").to_numpy().sum())
        136
    """
    data = status_counts(tasks, by).head(top)
    fig, ax = plt.subplots(figsize=(9, 0.5 * len(data) + 1.6))
    left = pd.Series(0, index=data.index)
    for status in data.columns:
        ax.barh(
            range(len(data)),
            data[status],
            left=left,
            color=STATUS_COLORS[status],
            label=pick(*STATUS_LABEL[status], lang),
        )
        left += data[status]
    labels = [s if len(s) <= 24 else s[:23] + "…" for s in data.index]
    ax.set_yticks(range(len(data)), labels, fontsize=8)
    ax.invert_yaxis()
    ax.set_xlabel(
        pick("任务数", "tasks", lang)
        + (
            pick("（多单位牵头的任务各计一次）", " (a shared task counts for each unit)", lang)
            if by == "lead_units"
            else ""
        )
    )
    what = pick("领域", "area", lang) if by == "area" else pick("牵头单位", "lead unit", lang)
    ax.set_title(
        pick("2023年重点任务进展（三季度）", "2023 key tasks, Q3 status", lang) + f" — {what}"
    )
    ax.legend(fontsize=8, loc="lower right")
    add_source_line(fig, ["qiantang_2023_tasks_q3"], sources, lang)
    fig.tight_layout(rect=(0, 0.05, 1, 1))
    return fig, data.reset_index()


def share_chart(tasks: pd.DataFrame, sources: pd.DataFrame, lang: str = "both") -> Chart:
    """Quantified count/amount tasks sorted by share of target, with the year's pace line.

    Example:
        >>> import hzcompare as hz
        >>> fig, data = hz.charts.share_chart(hz.load_tasks(), hz.load_sources())
        >>> bool((data["share_of_target"] >= 0).all())
        True
    """
    q = tasks[tasks["share_of_target"].notna()].sort_values("share_of_target")
    fig, ax = plt.subplots(figsize=(9, 0.3 * len(q) + 1.6))
    colors = [STATUS_COLORS[s] for s in q["status"]]
    ax.barh(range(len(q)), q["share_of_target"].clip(upper=2) * 100, color=colors)
    labels = [
        f"{int(r.task_no)}. {r.target[:18]}… ({r.progress_value:g}/{r.target_value:g} {r.unit})"
        for r in q.itertuples()
    ]
    ax.set_yticks(range(len(q)), labels, fontsize=7)
    ax.axvline(100, color="black", lw=0.8)
    ax.axvline(75, color="#555555", lw=0.8, ls="--")
    ax.text(75, -0.8, pick("9月进度线 75%", "pace by Sept. 75%", lang), fontsize=7, ha="center")
    ax.set_xlabel(pick("完成目标的比例 (%，上限200)", "share of target (%, capped at 200)", lang))
    ax.set_title(pick("可量化任务：完成比例", "Quantified tasks: share of target", lang))
    add_source_line(fig, ["qiantang_2023_tasks_q3"], sources, lang)
    fig.tight_layout(rect=(0, 0.04, 1, 1))
    cols = [
        "task_no",
        "target",
        "progress_value",
        "target_value",
        "unit",
        "share_of_target",
        "as_of_month",
        "status",
        "status_rule",
    ]
    return fig, q[cols].reset_index(drop=True)
