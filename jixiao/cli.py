"""The command line (命令行): ``jixiao import | review | score | template | export | report | summary``.

Exit status: 0 done; 1 the input could not be read (the message names where); 2 usage error;
3 ``review --fail-on`` found findings at or above the given severity.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from jixiao.core.errors import InputError, JixiaoError, Location
from jixiao.core.model import Comparator, Indicator, Plan, PlanKind

app = typer.Typer(
    help="jixiao（绩效）：读取、审核、评分预算绩效目标表。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
# Wide enough for the indicator tables when the output is a file or a pipe (rich's default is 80).
# No markup: indicator names, titles and messages are the user's text and print as written ("[内部]").
out = Console(highlight=False, markup=False, soft_wrap=False, width=None if sys.stdout.isatty() else 160)
# Messages are not wrapped by rich: a path broken over two lines cannot be copied, and a log has no width.
err = Console(stderr=True, highlight=False, soft_wrap=True)

T = TypeVar("T")

FileArg = Annotated[
    Path, typer.Argument(help="目标表或自评表：.xlsx .xls .docx .pdf .csv .txt 或 jixiao JSON")
]
JsonOpt = Annotated[bool, typer.Option("--json", help="输出 JSON（jixiao 交换格式）")]


class FailOn(StrEnum):
    WARNING = "warning"
    ERROR = "error"


def _run(action: Callable[[], T]) -> T:
    """Run ``action``; a JixiaoError becomes one clear line on stderr and exit status 1."""
    try:
        return action()
    except JixiaoError as exc:
        # The message is the user's text (file and indicator names): never read as rich markup.
        err.print(f"[bold red]错误[/]：{escape(str(exc))}", markup=True)
        raise typer.Exit(1) from None


def _json_default(value: object) -> object:
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            return int(value)
        return float(value)
    if isinstance(value, StrEnum):
        return value.value
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def print_json(data: object) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=_json_default) + "\n")


def _load(path: Path, actuals: Path | None = None) -> list[Plan]:
    from jixiao.core.actuals import apply_actuals
    from jixiao.documents.load import load_plans

    plans = load_plans(path)
    if actuals is not None:
        try:
            plans = apply_actuals(plans, load_plans(actuals))
        except InputError as exc:
            # An indicator of the actuals that fits no target: say which file it came from.
            if exc.location is not None or str(actuals) in exc.message:
                raise
            raise InputError(exc.message, Location(file=str(actuals))) from exc
    return plans


def _fmt(value: object) -> str:
    if value is None:
        return "—"
    if isinstance(value, Decimal):
        return f"{value.normalize():f}" if value == value.to_integral_value() else f"{value:f}"
    return str(value)


def _points(value: Decimal | None) -> str:
    """Points as tables write them: two decimals."""
    return "—" if value is None else f"{value.quantize(Decimal('0.01'))}"


def _target(ind: Indicator) -> str:
    """ "≥40家", "=100%", or the phrase alone for a qualitative target."""
    if ind.comparator is Comparator.QUALITATIVE:
        return _fmt(ind.target)
    return f"{ind.comparator.symbol}{_fmt(ind.target)}{ind.unit}"


def _percent(value: Decimal | None) -> str:
    if value is None:
        return "—"
    return f"{(value * 100).quantize(Decimal('0.1'))}%"


KIND_LABELS = {PlanKind.DEPARTMENT: "部门整体", PlanKind.PROJECT: "项目"}


def _print_heading(index: int, plan: Plan) -> None:
    out.print(f"表{index}（{KIND_LABELS[plan.kind]}）{plan.title}", style="bold", end="")
    out.print(f"  单位：{plan.unit or '—'}")


@app.command("import")
def import_command(file: FileArg, as_json: JsonOpt = False) -> None:
    """读取文件中的绩效目标表，列出识别出的指标。"""
    from jixiao.core.serialize import plans_to_dict

    plans = _run(lambda: _load(file))
    if as_json:
        print_json(plans_to_dict(plans))
        return
    for index, plan in enumerate(plans, 1):
        _print_heading(index, plan)
        table = Table("一级指标", "二级指标", "三级指标", "类型", "指标值", "单位", "分值", "来源")
        for ind in plan.indicators:
            table.add_row(
                ind.level1,
                ind.level2,
                ind.name,
                ind.comparator.symbol,
                _fmt(ind.target),
                ind.unit,
                _fmt(ind.weight),
                ind.source.describe(with_file=False) if ind.source else "",
            )
        out.print(table)
        empty = "、".join(f"{p.level1}/{p.level2}" for p in plan.placeholders) or "无"
        out.print(f"共 {len(plan.indicators)} 个指标；无指标的类别：{empty}\n")


@app.command("review")
def review_command(
    file: FileArg,
    as_json: JsonOpt = False,
    fail_on: Annotated[
        FailOn | None, typer.Option("--fail-on", help="有此级别及以上的问题时以状态 3 退出")
    ] = None,
    actuals: Annotated[Path | None, typer.Option("--actuals", help="实际完成值文件（自评复核）")] = None,
    history: Annotated[
        list[Path] | None, typer.Option("--history", help="往年的目标表或自评表（文件或文件夹，可多次给出）")
    ] = None,
    history_year: Annotated[
        int | None, typer.Option("--history-year", help="标题和文件名中没有年份的历史资料所属年度")
    ] = None,
) -> None:
    """像财政局审核人员一样审核目标表（和自评表），列出问题及修改建议；给出 --history 时与往年比对。"""
    from jixiao.core.review import Severity, review_plans
    from jixiao.core.rules.resolve import resolve_rule

    plans = _run(lambda: _load(file, actuals))
    past = _run(lambda: _history(file, plans, history, history_year)) if history else None
    findings = _run(lambda: review_plans(plans, resolve_rule, past))
    if as_json:
        print_json({"findings": [f.to_dict() for f in findings]})
    else:
        _print_findings(plans, findings)
    blocking = {FailOn.WARNING: {Severity.WARNING, Severity.ERROR}, FailOn.ERROR: {Severity.ERROR}}
    if fail_on is not None and any(f.severity in blocking[fail_on] for f in findings):
        raise typer.Exit(3)


def _history(file: Path, plans: list[Plan], paths: list[Path], year: int | None) -> Any:
    """The history (an indicator library of earlier years) for ``review --history``."""
    from jixiao.core.library import History, build_library
    from jixiao.documents.history import load_history, reviewed_year

    records = load_history(paths, year)
    return History(build_library(records), reviewed_year(plans, file, records))


SEVERITY_LABELS = {
    "error": Text("错误", style="red"),
    "warning": Text("警告", style="yellow"),
    "info": Text("提示", style="blue"),
}


def _print_findings(plans: Sequence[Plan], findings: Sequence[Any]) -> None:
    table = Table("级别", "代码", "表", "指标", show_lines=True)
    table.add_column("问题与建议", overflow="fold")
    for f in findings:
        where = f.indicator or "（整表）"
        table.add_row(SEVERITY_LABELS[f.severity.value], f.code, f"表{f.plan + 1}", where, f.message)
    out.print(table)
    counts = {s: sum(1 for f in findings if f.severity.value == s) for s in ("error", "warning", "info")}
    out.print(
        f"共审核 {len(plans)} 张表、{sum(len(p.indicators) for p in plans)} 个指标，发现问题 {len(findings)} 条："
        f"错误 {counts['error']}，警告 {counts['warning']}，提示 {counts['info']}。"
    )


@app.command("score")
def score_command(
    file: FileArg,
    as_json: JsonOpt = False,
    actuals: Annotated[Path | None, typer.Option("--actuals", help="实际完成值文件")] = None,
) -> None:
    """按评分标准计算每个指标的完成率和得分、总分与等级，并给出计算过程。"""
    from jixiao.core.rules.resolve import rule_of
    from jixiao.core.scoring import score_plan

    plans = _run(lambda: _load(file, actuals))
    scores = _run(lambda: [score_plan(plan, rule_of) for plan in plans])
    if as_json:
        print_json({"plans": [s.to_dict() for s in scores]})
        return
    for index, result in enumerate(scores, 1):
        plan = result.plan
        _print_heading(index, plan)
        table = Table(
            "一级指标",
            "三级指标",
            "指标值",
            "实际完成值",
            "完成率",
            "分值",
            "得分",
            "计算过程",
            show_lines=True,
        )
        for s in result.indicators:
            ind = s.indicator
            table.add_row(
                ind.level1,
                ind.name,
                _target(ind),
                _fmt(ind.actual),
                _percent(s.completion),
                _fmt(ind.weight),
                _points(s.score),
                s.explanation,
            )
        out.print(table)
        if result.budget_score is not None:
            out.print(f"预算执行率 {_percent(result.budget_rate)}，得分 {_points(result.budget_score)} / 10")
        grade = result.grade.value if result.grade else "—"
        out.print(
            f"总分 {_points(result.total)} / {_fmt(result.max_total)}，折算百分制 {_points(result.normalized)}，等级：{grade}\n"
        )


def _not_an_input(output: Path, *inputs: Path | None) -> None:
    """Refuse to write over a file being read: the department's own table would be lost."""
    for source in inputs:
        if source is not None and output.exists() and source.exists() and output.samefile(source):
            raise InputError(
                "输出文件不能是输入文件本身（会覆盖原表）：请用 -o 另起一个文件名", Location(file=str(output))
            )


OutOpt = Annotated[Path, typer.Option("-o", "--output", help="输出文件，格式由扩展名决定")]
ActualsOpt = Annotated[Path | None, typer.Option("--actuals", help="实际完成值文件（生成自评表）")]


@app.command("export")
def export_command(
    file: FileArg,
    output: OutOpt,
    actuals: ActualsOpt = None,
    public: Annotated[
        bool, typer.Option("--public", help="公开版：不含审核意见、内部原因、个人姓名和电话")
    ] = False,
) -> None:
    """导出正式表格（.xlsx 或 .docx）：绩效目标表；有实际完成值时为绩效自评表（含计算得分）。"""
    from jixiao.documents.writers.export import write_tables

    _run(lambda: _not_an_input(output, file, actuals))
    plans = _run(lambda: _load(file, actuals))
    _run(lambda: write_tables(plans, output, public=public))
    out.print(f"已写入 {output}（{len(plans)} 张表）")


@app.command("report")
def report_command(
    file: FileArg,
    output: OutOpt,
    actuals: ActualsOpt = None,
    public: Annotated[
        bool, typer.Option("--public", help="公开版：不含审核意见、内部原因、个人信息")
    ] = False,
) -> None:
    """生成绩效自评报告（.docx、.pdf 或 .html）：完成情况、得分说明、偏差原因、审核意见、图表。"""
    from jixiao.documents.writers.report import write_report

    _run(lambda: _not_an_input(output, file, actuals))
    plans = _run(lambda: _load(file, actuals))
    _run(lambda: write_report(plans, output, public=public))
    out.print(f"已写入 {output}（{len(plans)} 张表）")


@app.command("summary")
def summary_command(
    files: Annotated[list[Path], typer.Argument(help="各单位的目标表或自评表（可多个）")],
    output: OutOpt,
) -> None:
    """财政局汇总（.xlsx 或 .pdf）：等级分布、得分排名、常见和严重问题、各单位预算执行、未填报实际值的表。"""
    from jixiao.documents.load import load_plans
    from jixiao.documents.writers.summary import write_summary

    _run(lambda: _not_an_input(output, *files))
    sources = _run(lambda: [(str(path), load_plans(path)) for path in files])
    _run(lambda: write_summary(sources, output))
    out.print(f"已写入 {output}（{sum(len(plans) for _, plans in sources)} 张表）")


@app.command("template")
def template_command(
    file: FileArg,
    output: Annotated[Path, typer.Option("-o", "--output", help="输出的填报模板（.xlsx）")],
) -> None:
    """生成实际完成值填报模板（.xlsx 自评表）：目标已填好并锁定，填写实际完成值、偏差原因和资金执行数后，
    用 jixiao score FILE --actuals 模板 计分。"""
    from jixiao.documents.writers.template import write_template

    _run(lambda: _not_an_input(output, file))
    plans = _run(lambda: _load(file))
    _run(lambda: write_template(plans, output))
    out.print(f"已写入 {output}（{len(plans)} 张表）：请填写浅黄色单元格，再用 --actuals 读回计分")


@app.command("serve")
def serve_command(
    bind: Annotated[str, typer.Option("--bind", help="监听地址:端口")] = "127.0.0.1:8000",
    workers: Annotated[int, typer.Option("--workers", help="工作进程数")] = 2,
    demo: Annotated[
        bool, typer.Option("--demo", help="演示：./data 下的 SQLite，首次启动时建库并载入演示数据")
    ] = False,
) -> None:
    """启动网页应用（gunicorn）；配置取自环境变量 JIXIAO_*，见 docs/deploy.md。"""
    from jixiao.web.server import serve

    serve(bind, workers, demo=demo)


@app.command(
    "manage",
    context_settings={"allow_extra_args": True, "ignore_unknown_options": True, "help_option_names": []},
)
def manage_command(ctx: typer.Context) -> None:
    """Django 管理命令，如 migrate、createsuperuser --noinput、loaddemo、apitoken 用户名。"""
    from jixiao.web.server import manage

    manage(ctx.args)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
