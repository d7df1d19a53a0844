"""The command line (命令行): ``jixiao import | review | score | template | export | report | summary``.

Exit status: 0 done; 1 the input could not be read or the output not written (the message names
where; with ``--json`` an error object is printed on stdout too); 2 usage error; 3 ``review --fail-on``
found findings at or above the given severity; 130 interrupted (Ctrl-C).

Built on the standard library's argparse with every word a user reads in Chinese (usage errors
included), and fast to start: each command imports what it needs when it runs (rich for the tables,
the readers for the file's format, WeasyPrint and matplotlib for reports), so ``jixiao --help`` and
``jixiao score`` of a small table pay for nothing else.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

from jixiao.core.errors import InputError, JixiaoError, Location
from jixiao.core.model import Comparator, Indicator, Plan, PlanKind

if TYPE_CHECKING:
    from rich.console import Console

T = TypeVar("T")

EXIT_INPUT, EXIT_USAGE, EXIT_FINDINGS = 1, 2, 3


class Exit(Exception):
    """Leave the command with an exit status (the message, if any, is already printed)."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


# --- argparse in Chinese ------------------------------------------------------------------------

# argparse's own messages, as patterns of the English it builds them from, and their Chinese.
_MESSAGES: list[tuple[str, str]] = [
    (r"the following arguments are required: (.*)", r"缺少必需的参数：\1"),
    (r"unrecognized arguments: (.*)", r"无法识别的参数：\1"),
    (r"argument (\S+): invalid choice: '?([^']*)'? \(choose from (.*)\)", r"参数 \1：不能是「\2」，可选：\3"),
    (r"argument (\S+): expected one argument", r"参数 \1 后面应跟一个值"),
    (r"argument (\S+): expected at least one argument", r"参数 \1 后面应至少跟一个值"),
    (r"argument (\S+): ignored explicit argument '(.*)'", r"参数 \1 不接受值「\2」"),
    (r"ambiguous option: (\S+) could match (.*)", r"选项 \1 不明确，可能是：\2"),
    (r"argument (\S+): not allowed with argument (\S+)", r"参数 \1 不能与 \2 同时使用"),
    (r"invalid choice: '?([^']*)'? \(choose from (.*)\)", r"没有命令「\1」，可用的命令：\2"),
]


def _chinese(message: str) -> str:
    for pattern, replacement in _MESSAGES:
        if re.fullmatch(pattern, message):
            return re.sub(pattern, replacement, message).replace("'", "")
    return message


class _Formatter(argparse.RawDescriptionHelpFormatter):
    def add_usage(self, usage: str | None, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, "用法：")


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser that speaks Chinese and exits with status 2 on a usage error."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(add_help=False, **kwargs)
        self._positionals.title = "参数"
        self._optionals.title = "选项"
        self.add_argument("-h", "--help", action="help", help="显示本帮助并退出")

    def error(self, message: str) -> NoReturn:
        sys.stderr.write(self.format_usage())
        sys.stderr.write(f"错误：{_chinese(message)}（用 {self.prog} --help 查看用法）\n")
        raise Exit(EXIT_USAGE)

    def exit(self, status: int = 0, message: str | None = None) -> NoReturn:
        if message:
            sys.stderr.write(message)
        raise Exit(status)


def _parser() -> _Parser:
    parser = _Parser(
        prog="jixiao", description="jixiao（绩效）：读取、审核、评分预算绩效目标表，生成自评表和报告。"
    )
    commands = parser.add_subparsers(dest="command", title="命令", metavar="命令", parser_class=_Parser)

    def command(name: str, summary: str, run: Callable[[argparse.Namespace], None]) -> _Parser:
        sub: _Parser = commands.add_parser(name, help=summary, description=summary)
        sub.set_defaults(run=run)
        return sub

    def file_arg(sub: _Parser) -> None:
        sub.add_argument(
            "file",
            type=Path,
            metavar="文件",
            help="目标表或自评表：.xlsx .xls .docx .pdf .csv .txt 或 jixiao JSON",
        )

    def json_opt(sub: _Parser) -> None:
        sub.add_argument("--json", dest="as_json", action="store_true", help="输出 JSON（jixiao 交换格式）")

    def actuals_opt(sub: _Parser, why: str) -> None:
        sub.add_argument("--actuals", type=Path, metavar="实际值文件", help=why)

    def output_opt(sub: _Parser, what: str) -> None:
        sub.add_argument("-o", "--output", type=Path, required=True, metavar="输出文件", help=what)

    sub = command("import", "读取文件中的绩效目标表，列出识别出的指标。", import_command)
    file_arg(sub)
    json_opt(sub)

    sub = command(
        "review", "像财政局审核人员一样审核目标表（和自评表），列出问题及修改建议。", review_command
    )
    file_arg(sub)
    json_opt(sub)
    sub.add_argument(
        "--fail-on",
        choices=["warning", "error"],
        metavar="warning|error",
        help="有此级别（warning 警告、error 错误）及以上的问题时以状态 3 退出",
    )
    actuals_opt(sub, "实际完成值文件（自评复核）")
    sub.add_argument(
        "--history",
        type=Path,
        action="append",
        metavar="往年文件",
        help="往年的目标表或自评表（文件或文件夹，可多次给出），用于与往年比对",
    )
    sub.add_argument(
        "--history-year", type=int, metavar="年度", help="标题和文件名中没有年份的历史资料所属年度"
    )

    sub = command(
        "score", "按评分标准计算每个指标的完成率和得分、总分与等级，并给出计算过程。", score_command
    )
    file_arg(sub)
    json_opt(sub)
    actuals_opt(sub, "实际完成值文件")

    sub = command(
        "template",
        "生成实际完成值填报模板（.xlsx 自评表）：目标已填好并锁定，填好后用 jixiao score 文件 --actuals 模板 计分。",
        template_command,
    )
    file_arg(sub)
    output_opt(sub, "输出的填报模板（.xlsx）")

    sub = command(
        "export",
        "导出正式表格（.xlsx 或 .docx）：绩效目标表；有实际完成值时为绩效自评表（含计算得分）。",
        export_command,
    )
    file_arg(sub)
    output_opt(sub, "输出文件，格式由扩展名决定（.xlsx 或 .docx）")
    actuals_opt(sub, "实际完成值文件（生成自评表）")
    sub.add_argument("--public", action="store_true", help="公开版：不含审核意见、内部原因、个人姓名和电话")

    sub = command(
        "report",
        "生成绩效自评报告（.docx、.pdf 或 .html）：完成情况、得分说明、偏差原因、审核意见、图表。",
        report_command,
    )
    file_arg(sub)
    output_opt(sub, "输出文件，格式由扩展名决定（.pdf、.docx 或 .html）")
    actuals_opt(sub, "实际完成值文件（没有时生成未计分的报告）")
    sub.add_argument("--public", action="store_true", help="公开版：不含审核意见、内部原因、个人信息")

    sub = command(
        "summary",
        "财政局汇总（.xlsx 或 .pdf）：等级分布、得分排名、常见和严重问题、各单位预算执行、未填报实际值的表。",
        summary_command,
    )
    sub.add_argument("files", type=Path, nargs="+", metavar="文件", help="各单位的目标表或自评表（可多个）")
    output_opt(sub, "输出文件（.xlsx 或 .pdf）")

    sub = command(
        "monitor",
        "绩效运行监控：截至监控日的完成进度、预算执行与时间进度比较，偏差等级和须补充的偏差原因、纠偏措施。",
        monitor_command,
    )
    file_arg(sub)
    sub.add_argument(
        "--date", dest="cut_off", required=True, metavar="日期", help="监控截止日期，如 2025-06-30"
    )
    sub.add_argument(
        "--entries", type=Path, metavar="填报文件", help="监控填报文件：填好的绩效运行监控表或 JSON"
    )
    sub.add_argument(
        "-o", "--output", type=Path, metavar="输出文件", help="写出绩效运行监控表（.xlsx 或 .docx）"
    )
    json_opt(sub)

    sub = command(
        "serve", "启动网页应用（gunicorn）；配置取自环境变量 JIXIAO_*，见 docs/deploy.md。", serve_command
    )
    sub.add_argument(
        "--bind", default="127.0.0.1:8000", metavar="地址:端口", help="监听地址（默认 127.0.0.1:8000）"
    )
    sub.add_argument(
        "--workers", type=int, default=None, metavar="N", help="工作进程数（默认每个 CPU 核一个）"
    )
    sub.add_argument(
        "--demo", action="store_true", help="演示：./data 下的 SQLite，首次启动时建库并载入演示数据"
    )

    sub = command(
        "manage",
        "Django 管理命令，如 migrate、createsuperuser --noinput、loaddemo、apitoken 用户名。",
        manage_command,
    )
    sub.add_argument("args", nargs=argparse.REMAINDER, metavar="参数", help="传给 Django 的命令和参数")
    return parser


# --- output ---------------------------------------------------------------------------------------


def _console() -> Console:
    """The console for tables: wrapped to the terminal's width, whole lines when piped or redirected
    (nothing a user needs is cut). No markup: names and titles are the user's text ("[内部]")."""
    from rich.console import Console

    if sys.stdout.isatty():
        width = shutil.get_terminal_size().columns
        return Console(file=sys.stdout, highlight=False, markup=False, width=width)
    return Console(file=sys.stdout, highlight=False, markup=False, width=100_000, soft_wrap=False)


def _table(*headers: str, lines: bool = False) -> Any:
    """A rich table whose cells wrap (fold) instead of being cut with "…"."""
    from rich.table import Table

    table = Table(show_lines=lines)
    for header in headers:
        table.add_column(header, overflow="fold")
    return table


def print_json(data: object) -> None:
    """``data`` as JSON on stdout: indented for a person at a terminal, compact otherwise."""
    from jixiao.documents.jsonio import dumps

    sys.stdout.flush()
    out = sys.stdout.buffer if hasattr(sys.stdout, "buffer") else None
    text = dumps(data, indent=sys.stdout.isatty()) + b"\n"
    if out is not None:
        out.write(text)
        out.flush()
    else:  # pragma: no cover - a text-only stdout (an in-process capture)
        sys.stdout.write(text.decode("utf-8"))


def _error(message: str) -> None:
    sys.stderr.write(f"错误：{message}\n")


def _warn(message: str) -> None:
    sys.stderr.write(f"注意：{message}\n")


def _run(action: Callable[[], T], as_json: bool = False) -> T:
    """Run ``action``; a JixiaoError becomes one clear line on stderr and exit status 1 — and, with
    ``--json``, a JSON error object on stdout too: {"error": {"code", "message", "location"}}."""
    try:
        return action()
    except JixiaoError as exc:
        _error(str(exc))
        if as_json:
            print_json({"error": error_object(exc)})
        raise Exit(EXIT_INPUT) from None


def error_object(exc: JixiaoError) -> dict[str, object]:
    """An error as JSON: its code (the error's kind: "input-error", "value-parse-error",
    "rule-error" …), its Chinese message and its location (file, sheet, cell …) or null."""
    code = re.sub(r"(?<!^)(?=[A-Z])", "-", type(exc).__name__).lower()
    location = getattr(exc, "location", None)
    return {
        "code": code,
        "message": getattr(exc, "message", str(exc)),
        "location": location.to_dict() if isinstance(location, Location) else None,
    }


def _load(path: Path, actuals: Path | None = None) -> list[Plan]:
    from jixiao.core.actuals import merge_actuals
    from jixiao.documents.load import load_plans

    plans = load_plans(path)
    if actuals is not None:
        try:
            plans, notes = merge_actuals(plans, load_plans(actuals))
        except InputError as exc:
            # An indicator of the actuals that fits no target: say which file it came from.
            if exc.location is not None or str(actuals) in exc.message:
                raise
            raise InputError(exc.message, Location(file=str(actuals))) from exc
        for note in notes:
            _warn(f"{actuals}：{note}")
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


def _heading(index: int, plan: Plan) -> str:
    return f"表{index}（{KIND_LABELS[plan.kind]}）{plan.title}  单位：{plan.unit or '—'}"


# --- commands -------------------------------------------------------------------------------------


def import_command(args: argparse.Namespace) -> None:
    plans = _run(lambda: _load(args.file), args.as_json)
    if args.as_json:
        from jixiao.core.serialize import plans_to_dict

        print_json(plans_to_dict(plans))
        return
    out = _console()
    for index, plan in enumerate(plans, 1):
        out.print(_heading(index, plan), style="bold")
        table = _table("一级指标", "二级指标", "三级指标", "类型", "指标值", "单位", "分值", "来源")
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


def review_command(args: argparse.Namespace) -> None:
    from jixiao.core.review import Severity, review_plans
    from jixiao.core.rules.resolve import resolve_rule

    plans = _run(lambda: _load(args.file, args.actuals), args.as_json)
    past = (
        _run(lambda: _history(args.file, plans, args.history, args.history_year), args.as_json)
        if args.history
        else None
    )
    findings = _run(lambda: review_plans(plans, resolve_rule, past), args.as_json)
    if args.as_json:
        from jixiao.core.review import findings_to_dict

        print_json(findings_to_dict(findings))
    else:
        _print_findings(plans, findings)
    blocking = {"warning": {Severity.WARNING, Severity.ERROR}, "error": {Severity.ERROR}}
    if args.fail_on is not None and any(f.severity in blocking[args.fail_on] for f in findings):
        raise Exit(EXIT_FINDINGS)


def _history(file: Path, plans: list[Plan], paths: list[Path], year: int | None) -> Any:
    """The history (an indicator library of earlier years) for ``review --history``."""
    from jixiao.core.library import History, build_library
    from jixiao.documents.history import load_history, reviewed_year

    records = load_history(paths, year)
    return History(build_library(records), reviewed_year(plans, file, records))


SEVERITY_LABELS = {"error": "错误", "warning": "警告", "info": "提示"}
SEVERITY_STYLES = {"error": "red", "warning": "yellow", "info": "blue"}


def _print_findings(plans: Sequence[Plan], findings: Sequence[Any]) -> None:
    from rich.text import Text

    from jixiao.core.review import describe_code

    out = _console()
    table = _table("级别", "问题", "表", "指标", "问题与建议", lines=True)
    for f in findings:
        where = f.indicator or "（整表）"
        severity = Text(SEVERITY_LABELS[f.severity.value], style=SEVERITY_STYLES[f.severity.value])
        table.add_row(severity, describe_code(f.code), f"表{f.plan + 1}", where, f.message)
    out.print(table)
    counts = {s: sum(1 for f in findings if f.severity.value == s) for s in ("error", "warning", "info")}
    out.print(
        f"共审核 {len(plans)} 张表、{sum(len(p.indicators) for p in plans)} 个指标，发现问题 {len(findings)} 条："
        f"错误 {counts['error']}，警告 {counts['warning']}，提示 {counts['info']}。"
    )


def score_command(args: argparse.Namespace) -> None:
    from jixiao.core.rules.resolve import rule_of
    from jixiao.core.scoring import score_plans, scores_to_dict

    plans = _run(lambda: _load(args.file, args.actuals), args.as_json)
    scores = _run(lambda: score_plans(plans, rule_of), args.as_json)
    if args.as_json:
        print_json(scores_to_dict(scores))
    else:
        _print_scores(scores)
    for index, result in enumerate(scores, 1):
        missing = result.missing_actuals
        if missing and missing == len(result.indicators):
            advice = "：请用 --actuals 给出实际完成值文件" if args.actuals is None else ""
            _warn(f"表{index}「{result.plan.title}」没有实际完成值，未计分{advice}")
        elif missing:
            _warn(f"表{index}「{result.plan.title}」有 {missing} 个指标未填报实际完成值，等级为暂定")


def _print_scores(scores: Sequence[Any]) -> None:
    out = _console()
    for index, result in enumerate(scores, 1):
        out.print(_heading(index, result.plan), style="bold")
        table = _table(
            "一级指标", "三级指标", "指标值", "实际完成值", "完成率", "分值", "得分", "计算过程", lines=True
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
        out.print(f"{result.summary_line()}\n")


def _not_an_input(output: Path, *inputs: Path | None) -> None:
    """Refuse to write over a file being read: the department's own table would be lost."""
    for source in inputs:
        try:
            same = source is not None and output.exists() and source.exists() and output.samefile(source)
        except OSError:  # a name too long, a folder not allowed: the writer says so in its words
            same = False
        if same:
            raise InputError(
                "输出文件不能是输入文件本身（会覆盖原表）：请用 -o 另起一个文件名", Location(file=str(output))
            )


def export_command(args: argparse.Namespace) -> None:
    from jixiao.documents.writers.export import write_tables

    _run(lambda: _not_an_input(args.output, args.file, args.actuals))
    plans = _run(lambda: _load(args.file, args.actuals))
    _run(lambda: write_tables(plans, args.output, public=args.public))
    print(f"已写入 {args.output}（{len(plans)} 张表）")


def report_command(args: argparse.Namespace) -> None:
    from jixiao.documents.writers.report import write_report

    _run(lambda: _not_an_input(args.output, args.file, args.actuals))
    plans = _run(lambda: _load(args.file, args.actuals))
    _run(lambda: write_report(plans, args.output, public=args.public))
    if args.actuals is None and not any(ind.actual is not None for p in plans for ind in p.indicators):
        print(
            f"已写入 {args.output}（{len(plans)} 张表）：没有实际完成值，报告未计分（用 --actuals 给出实际完成值）"
        )
    else:
        print(f"已写入 {args.output}（{len(plans)} 张表）")


def summary_command(args: argparse.Namespace) -> None:
    from jixiao.documents.load import load_plans
    from jixiao.documents.writers.summary import write_summary

    _run(lambda: _not_an_input(args.output, *args.files))
    sources = _run(lambda: [(str(path), load_plans(path)) for path in args.files])
    summary = _run(lambda: write_summary(sources, args.output))
    print(f"已写入 {args.output}（{summary.plan_count} 张表）")
    for note in summary.notes:
        _warn(note)


def template_command(args: argparse.Namespace) -> None:
    from jixiao.documents.writers.template import write_template

    _run(lambda: _not_an_input(args.output, args.file))
    plans = _run(lambda: _load(args.file))
    _run(lambda: write_template(plans, args.output))
    print(f"已写入 {args.output}（{len(plans)} 张表）：请填写浅黄色单元格，再用 --actuals 读回计分")


def serve_command(args: argparse.Namespace) -> None:
    from jixiao.web.server import serve

    serve(args.bind, args.workers, demo=args.demo)


def manage_command(args: argparse.Namespace) -> None:
    from jixiao.web.server import manage

    manage(args.args)


def run(argv: Sequence[str] | None = None) -> int:
    """Run the command line on ``argv`` (default: the process's arguments); the exit status."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
        if args.command is None:
            parser.print_help(sys.stderr)
            return EXIT_USAGE
        args.run(args)
    except Exit as done:
        return done.code
    except BrokenPipeError:  # `jixiao score … | head`: the reader has what it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        _error("已中断（Ctrl-C）：没有写出不完整的文件")
        return 130
    except OSError as exc:  # standard output (a full disk): printing happens outside _run
        from jixiao.documents.writers.export import why_unwritable

        _error(f"无法写出到标准输出（{why_unwritable(exc)}）")
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # the exit's flush goes nowhere
        return EXIT_INPUT
    return 0


def monitor_command(args: argparse.Namespace) -> None:
    """绩效运行监控：截至监控日的完成进度、预算执行与时间进度比较，偏差等级（正常/轻度偏差/严重偏差）
    和提交前须补充的偏差原因、纠偏措施（规则见 docs/monitoring.md）。"""
    from datetime import date

    from jixiao.core.monitoring import assess_plan, missing_before_submission

    try:
        day = date.fromisoformat(args.cut_off)
    except ValueError:
        _error(f"--date「{args.cut_off}」不是日期，应写作 2025-06-30")
        raise Exit(EXIT_USAGE) from None
    output: Path | None = args.output
    if output is not None:
        if output.suffix.lower() not in (".xlsx", ".docx"):
            _error(f"{output} 应为 .xlsx 或 .docx 文件")
            raise Exit(EXIT_USAGE)
        _run(lambda: _not_an_input(output, args.file, args.entries))
    plans = _run(lambda: _load(args.file, args.entries), args.as_json)
    statuses = [assess_plan(plan, day) for plan in plans]
    if output is not None:
        from jixiao.documents.writers.export import write_bytes
        from jixiao.documents.writers.monitoring import monitoring_docx, monitoring_xlsx

        write = monitoring_xlsx if output.suffix.lower() == ".xlsx" else monitoring_docx
        _run(lambda: write_bytes(output, write(statuses)))
    if args.as_json:
        print_json({"cut_off": day.isoformat(), "plans": [s.to_dict() for s in statuses]})
        return
    out = _console()
    for index, status in enumerate(statuses, 1):
        out.print(_heading(index, status.plan), style="bold")
        out.print(f"监控截止日期 {day.isoformat()}，时间进度 {_percent(status.elapsed)}")
        table = _table(
            "三级指标", "指标值", "累计完成值", "完成进度", "预计全年", "线性推算", "偏差等级", "说明"
        )
        for s in status.indicators:
            table.add_row(
                s.indicator.name,
                _target(s.indicator),
                _fmt(s.indicator.to_date),
                s.qualitative.value if s.qualitative else _percent(s.completion),
                _percent(s.own_forecast),
                _percent(s.linear_forecast),
                s.level.value if s.level else "—",
                s.why,
            )
        out.print(table)
        if status.budget is not None:
            level = status.budget.level.value if status.budget.level else "—"
            out.print(f"预算执行：{level}（{status.budget.why}）")
        out.print(f"整体偏差等级：{status.level.value}")
        for missing in missing_before_submission(status):
            out.print(f"  须补充：{missing.message}")
        out.print("")
    if output is not None:
        print(f"已写入 {output}（{len(statuses)} 张表）")


def main() -> None:
    sys.exit(run())


if __name__ == "__main__":
    main()
