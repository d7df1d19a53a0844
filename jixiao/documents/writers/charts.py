"""Charts for reports (图表): PNG images drawn with matplotlib (Agg) in the shipped CJK font.

- ``category_chart``: points by 一级 category against the category's weight (得分与分值);
- ``completion_chart``: completion rate by indicator with the 100% line (完成率);
- ``budget_chart``: budget against execution (预算执行);
- ``grade_chart`` and ``ranking_chart``: the finance bureau's grade distribution and ranking.

Every chart is drawn on its own ``Figure`` (no pyplot state), so charts can be drawn from threads.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from jixiao.documents.writers.fonts import matplotlib_font_family

if TYPE_CHECKING:
    from jixiao.core.scoring import PlanScore

BLUE = "#3b6ea5"
GREY = "#c8ced6"
RED = "#c0392b"
GREEN = "#2e8b57"
ORANGE = "#e08e0b"
DPI = 150


def _figure(width: float, height: float) -> tuple[Any, Any]:
    import matplotlib

    matplotlib.use("Agg", force=False)
    # Titles, categories and names are the user's text: "$x^{$" is a dollar sign, never mathematics.
    matplotlib.rcParams["text.parse_math"] = False
    from matplotlib.figure import Figure

    family = matplotlib_font_family()
    figure = Figure(figsize=(width, height), dpi=DPI)
    axes = figure.add_subplot()
    axes.spines[["top", "right"]].set_visible(False)
    figure.set_layout_engine("tight")
    return figure, _Fonted(axes, family)


class _Fonted:
    """Axes whose texts all use the shipped CJK font."""

    def __init__(self, axes: Any, family: str) -> None:
        self.axes = axes
        self.family = family

    def font(self, size: float = 9) -> dict[str, Any]:
        return {"family": self.family, "size": size}

    def finish(self, title: str) -> None:
        self.axes.set_title(title, fontdict=self.font(11))
        for label in [*self.axes.get_xticklabels(), *self.axes.get_yticklabels()]:
            label.set_fontfamily(self.family)
            label.set_fontsize(8)
        legend = self.axes.get_legend()
        if legend is not None:
            for text in legend.get_texts():
                text.set_fontfamily(self.family)


def _png(figure: Any) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, facecolor="white")
    return buffer.getvalue()


def _f(value: Decimal | None) -> float:
    return 0.0 if value is None else float(value)


def _short(text: str, limit: int = 14) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def category_chart(score: PlanScore) -> bytes:
    """Points by 一级 category against the category's weight."""
    weights: dict[str, Decimal] = {}
    points: dict[str, Decimal] = {}
    for s in score.indicators:
        level1 = s.indicator.level1 or "（未分类）"
        weights[level1] = weights.get(level1, Decimal(0)) + (s.indicator.weight or 0)
        points[level1] = points.get(level1, Decimal(0)) + (s.score or 0)
    if score.budget_score is not None:
        weights["预算执行"] = Decimal(10)
        points["预算执行"] = score.budget_score
    names = list(weights)
    figure, ax = _figure(6.4, 3.0)
    xs = range(len(names))
    ax.axes.bar([x - 0.2 for x in xs], [_f(weights[n]) for n in names], 0.4, color=GREY, label="分值")
    bars = ax.axes.bar([x + 0.2 for x in xs], [_f(points[n]) for n in names], 0.4, color=BLUE, label="得分")
    for bar, name in zip(bars, names, strict=True):
        ax.axes.annotate(
            f"{_f(points[name]):g}",
            (bar.get_x() + bar.get_width() / 2, bar.get_height()),
            ha="center",
            va="bottom",
            fontfamily=ax.family,
            fontsize=8,
        )
    ax.axes.set_xticks(list(xs), [_short(name) for name in names])
    ax.axes.set_ylabel("分", fontdict=ax.font())
    ax.axes.legend(loc="upper right", frameon=False, prop={"family": ax.family, "size": 8})
    ax.finish("各类指标得分与分值")
    return _png(figure)


def completion_chart(score: PlanScore) -> bytes:
    """Completion rate by indicator (horizontal bars), with the 100% line."""
    return _png(completion_figure(score))


def completion_figure(score: PlanScore) -> Any:
    rows = [s for s in score.indicators if s.completion is not None]
    names = [_short(s.indicator.name) for s in rows]
    rates = [_f(s.completion) * 100 for s in rows]
    # Bars run from their rate's sign: a negative rate (a growth rate that fell) has its bar left
    # of 0, down to -100%; above, they stop at 200%. The labels, the true rates, stand in a column
    # of their own right of the plot, where neither the bars nor the 100% line cross them.
    shown = [min(max(rate, -100.0), 200.0) for rate in rates]
    height = max(2.2, 0.28 * len(rows) + 1.0)
    figure, ax = _figure(6.4, height)
    colors = [GREEN if r >= 100 else ORANGE if r >= 60 else RED for r in rates]
    ys = list(range(len(rows)))[::-1]
    ax.axes.barh(ys, shown, color=colors, height=0.6)
    ax.axes.axvline(100, color="black", linewidth=1, linestyle="--")
    ax.axes.axvline(0, color="#555555", linewidth=0.8)
    ax.axes.text(100, len(rows) - 0.4, " 100%", fontfamily=ax.family, fontsize=8, va="bottom")
    labels = ax.axes.get_yaxis_transform()  # x in axes fractions, y in data
    for y, rate in zip(ys, rates, strict=True):
        ax.axes.text(1.02, y, f"{rate:.1f}%", transform=labels, va="center", fontfamily=ax.family, fontsize=7)
    ax.axes.set_yticks(ys, names)
    low = min([0.0, *shown])
    ax.axes.set_xlim(low - (10 if low < 0 else 0), max([120.0, *[r + 10 for r in shown]]))
    ax.axes.set_xlabel("完成率（%）", fontdict=ax.font())
    ax.finish("各指标完成率")
    return figure


def budget_chart(score: PlanScore) -> bytes:
    """Budget (全年预算数) against execution (全年执行数), with the execution rate."""
    return _png(budget_figure(score))


def budget_figure(score: PlanScore) -> Any:
    """The budget chart; a figure the table leaves out ("—") has no bar and reads "—", not 0.00."""
    budget = score.plan.budget
    labels = ["年初预算数", "全年预算数", "全年执行数"]
    given = [budget.initial, budget.annual, budget.executed] if budget else [None] * 3
    values = [_f(v) for v in given]
    figure, ax = _figure(6.4, 2.4)
    ax.axes.barh(labels[::-1], values[::-1], color=[BLUE, GREY, GREY], height=0.55)
    for y, (value, figure_given) in enumerate(zip(values[::-1], given[::-1], strict=True)):
        text = f" {value:,.2f}" if figure_given is not None else " —"
        ax.axes.text(value, y, text, va="center", fontfamily=ax.family, fontsize=8)
    ax.axes.set_xlim(0, max([*values, 1.0]) * 1.25)
    ax.axes.set_xlabel("万元", fontdict=ax.font())
    rate = score.budget_rate
    suffix = "" if rate is None else f"（执行率 {_f(rate) * 100:.2f}%）"
    ax.finish(f"预算执行情况{suffix}")
    return figure


def grade_chart(counts: Sequence[tuple[str, int]]) -> bytes:
    """How many plans got each grade."""
    return _png(grade_figure(counts))


def grade_figure(counts: Sequence[tuple[str, int]]) -> Any:
    from matplotlib.ticker import MaxNLocator

    figure, ax = _figure(5.0, 2.6)
    names = [name for name, _ in counts]
    values = [n for _, n in counts]
    colors = [GREEN, BLUE, ORANGE, RED, GREY][: len(names)]
    bars = ax.axes.bar(names, values, color=colors, width=0.55)
    for bar, value in zip(bars, values, strict=True):
        ax.axes.annotate(
            str(value),
            (bar.get_x() + bar.get_width() / 2, bar.get_height()),
            ha="center",
            va="bottom",
            fontfamily=ax.family,
            fontsize=8,
        )
    ax.axes.set_ylabel("项目数", fontdict=ax.font())
    ax.axes.yaxis.set_major_locator(MaxNLocator(integer=True))  # plans are counted: no 0.5 or 1.5
    ax.finish("等级分布")
    return figure


def ranking_chart(rows: Sequence[tuple[str, Decimal]], limit: int = 30) -> bytes:
    """Normalized scores, best first (the first ``limit``)."""
    shown = list(rows)[:limit]
    figure, ax = _figure(6.4, max(2.2, 0.22 * len(shown) + 1.0))
    ys = list(range(len(shown)))[::-1]
    values = [_f(v) for _, v in shown]
    colors = [GREEN if v >= 90 else BLUE if v >= 80 else ORANGE if v >= 60 else RED for v in values]
    ax.axes.barh(ys, values, color=colors, height=0.6)
    ax.axes.set_yticks(ys, [_short(name, 22) for name, _ in shown])
    ax.axes.set_xlim(0, 105)
    for line in (60, 80, 90):
        ax.axes.axvline(line, color="#888888", linewidth=0.6, linestyle=":")
    ax.axes.set_xlabel("百分制得分", fontdict=ax.font())
    ax.finish(f"得分排名（前 {len(shown)} 名）")
    return _png(figure)
