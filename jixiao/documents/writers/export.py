"""``jixiao export``: plans → official tables (绩效目标表 / 绩效自评表) as .xlsx or .docx.

A plan with actual values is written as its self-evaluation table, scored by jixiao (the 得分 cells
hold the computed scores); a plan without as its target table. ``public=True`` writes the
disclosure pack (``public.public_plan``).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from jixiao.core.errors import InputError, Location
from jixiao.core.model import Plan
from jixiao.documents.writers.cells import printable_plan
from jixiao.documents.writers.public import public_plan
from jixiao.documents.writers.tables import Table, is_self_evaluation, plan_table

if TYPE_CHECKING:
    from jixiao.core.scoring import PlanScore

TABLE_FORMATS = ("xlsx", "docx")


def output_format(path: Path, formats: Sequence[str]) -> str:
    """The output format named by the file's suffix; InputError when it is not one of ``formats``."""
    suffix = path.suffix.lower().lstrip(".")
    if suffix not in formats:
        wanted = "、".join(f".{f}" for f in formats)
        raise InputError(
            f"不支持的输出格式「{path.suffix or '（无扩展名）'}」：应为 {wanted}", Location(file=str(path))
        )
    return suffix


def plan_tables(plans: Sequence[Plan], public: bool = False) -> list[Table]:
    """Each plan as its official table, self-evaluations scored."""
    tables = []
    for plan in plans:
        shown = printable_plan(public_plan(plan) if public else plan)
        tables.append(plan_table(shown, score_of(shown) if is_self_evaluation(shown) else None))
    return tables


def score_of(plan: Plan) -> PlanScore:
    """The plan scored by its rules (the user's overrides, else the recognised prose)."""
    from jixiao.core.rules.resolve import rule_of
    from jixiao.core.scoring import score_plan

    return score_plan(plan, rule_of)


def export_tables(plans: Sequence[Plan], fmt: str, public: bool = False) -> bytes:
    """The plans' official tables as an ``fmt`` ("xlsx" or "docx") document."""
    tables = plan_tables(plans, public)
    if fmt == "xlsx":
        from jixiao.documents.writers.tables_xlsx import tables_workbook

        return tables_workbook(tables)
    if fmt == "docx":
        from jixiao.documents.writers.tables_docx import tables_document

        return tables_document(tables)
    raise InputError(f"不支持的表格格式：{fmt}")


def write_tables(plans: Sequence[Plan], path: Path, public: bool = False) -> None:
    """Write the plans' official tables to ``path`` (.xlsx or .docx, by its suffix)."""
    data = export_tables(plans, output_format(path, TABLE_FORMATS), public)
    write_bytes(path, data)


def write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` whole or not at all: into a temporary file beside it, then renamed
    over it, so a failure (a full disk, the file open in Excel or WPS) leaves no half-written file
    and an existing file as it was. InputError, in Chinese, naming the file, when it cannot."""
    import os
    import secrets

    folder = path.parent
    if not folder.is_dir():
        raise InputError(
            f"无法写入：文件夹「{folder}」不存在，请先建立该文件夹或换一个输出位置", Location(file=str(path))
        )
    if path.is_dir():
        raise InputError("无法写入：这是一个文件夹，请给出文件名", Location(file=str(path)))
    temporary: str | None = None
    try:
        name = str(folder / f".{path.name}.{secrets.token_hex(4)}.tmp")
        # Mode 0o666 less the umask, as an ordinary new file gets (mkstemp would make it 0o600).
        handle = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
        temporary = name
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
        temporary = None
    except PermissionError as exc:
        raise InputError(
            "无法写入：文件可能正在 Excel、WPS 或 Word 中打开，或没有写入权限；请关闭该文件后重试",
            Location(file=str(path)),
        ) from exc
    except OSError as exc:
        raise InputError(f"无法写入文件（{exc.strerror or exc}）", Location(file=str(path))) from exc
    finally:
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)
