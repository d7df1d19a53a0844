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


NAME_MAX = 255
"""The longest file name (bytes of UTF-8) the common file systems (ext4, NTFS, APFS) take."""


def write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` whole or not at all: into a temporary file beside it, then renamed
    over it, so a failure (a full disk, the file open in Excel or WPS, an interruption) leaves no
    half-written file and an existing file as it was. A read-only existing file is not replaced.
    InputError, in Chinese, naming the file, when it cannot."""
    import os
    import secrets
    import stat

    where = Location(file=str(path))
    size = len(path.name.encode("utf-8", "surrogateescape"))
    if size > NAME_MAX:
        raise InputError(
            f"无法写入：文件名过长（{size} 字节，上限 {NAME_MAX} 字节），请换一个短一些的文件名", where
        )
    try:
        read_only = path.is_file() and (
            not os.access(path, os.W_OK) or not stat.S_IMODE(path.stat().st_mode) & 0o222
        )
    except OSError as exc:
        raise InputError(f"无法写入文件（{why_unwritable(exc)}）", where) from exc
    if read_only:
        raise InputError(
            "无法写入：已有的同名文件是只读的，未覆盖；请换一个文件名，或先取消该文件的只读属性", where
        )
    folder = path.parent
    if not folder.is_dir():
        raise InputError(
            f"无法写入：文件夹「{folder}」不存在，请先建立该文件夹或换一个输出位置", Location(file=str(path))
        )
    if path.is_dir():
        raise InputError("无法写入：这是一个文件夹，请给出文件名", Location(file=str(path)))
    temporary: str | None = None
    try:
        # The temporary name is never longer than a name the file system takes: a long output name is
        # cut short in it (by characters, so the UTF-8 stays whole).
        stem = path.name
        while len(f".{stem}.12345678.tmp".encode("utf-8", "surrogateescape")) > NAME_MAX:
            stem = stem[:-1]
        name = str(folder / f".{stem}.{secrets.token_hex(4)}.tmp")
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
        raise InputError(f"无法写入文件（{why_unwritable(exc)}）", Location(file=str(path))) from exc
    finally:
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)


def why_unwritable(exc: OSError) -> str:
    """An operating-system error on writing, in Chinese words a user can act on."""
    import errno

    reasons = {
        errno.ENOSPC: "磁盘空间已满，请腾出空间或换一个位置",
        errno.EDQUOT: "磁盘配额已用完",
        errno.ENAMETOOLONG: "文件名或路径过长",
        errno.EROFS: "所在的磁盘是只读的",
        errno.EACCES: "没有写入权限",
        errno.EPERM: "没有写入权限",
        errno.EIO: "磁盘读写出错",
        errno.EPIPE: "输出已被关闭（管道的另一端已退出）",
    }
    return reasons.get(exc.errno or 0, f"系统错误 {exc.errno}")
