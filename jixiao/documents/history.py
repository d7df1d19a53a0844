"""Earlier years from files (历史资料): target and self-evaluation tables read as library records.

``jixiao review TABLE --history DIR_OR_FILES`` compares a table with the plans of earlier years.
Each history file is read like any table; its budget year (预算年度) comes from its plans (a
"2023年…" title or header field), else from a four-digit year in its file name ("gxj-2023.xlsx"),
else from ``--history-year``; a file none of these dates is refused with a message naming it.
A folder stands for every readable file in it (sorted by name, sub-folders included).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from jixiao.core.errors import InputError, Location
from jixiao.core.library import PlanRecord, budget_year
from jixiao.core.model import Plan
from jixiao.documents.load import load_plans

READABLE = (".xlsx", ".xls", ".docx", ".pdf", ".csv", ".txt", ".json", ".text", ".md")
"""File endings a history folder is searched for."""


def history_files(paths: Sequence[Path]) -> list[Path]:
    """The files ``paths`` name: files as given, folders expanded to their readable files.

    Raises ``InputError`` for a path that does not exist or a folder without readable files.
    """
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in READABLE)
            if not found:
                raise InputError("历史资料文件夹中没有可读取的目标表或自评表", Location(file=str(path)))
            files.extend(found)
        elif path.exists():
            files.append(path)
        else:
            raise InputError("历史资料文件不存在，请检查文件名和所在文件夹", Location(file=str(path)))
    return files


def load_history(paths: Sequence[Path], year: int | None = None) -> list[PlanRecord]:
    """Every plan of the history files, each with its budget year (``year`` where none is found).

    Raises ``InputError`` (naming the file) for an unreadable file or one whose year is unknown.
    """
    records: list[PlanRecord] = []
    for file in history_files(paths):
        for plan in load_plans(file):
            found = budget_year(plan, file.name) or year
            if found is None:
                raise InputError(
                    "无法判断历史资料的年度：标题和文件名中都没有年份，请在文件名中写明年份"
                    "（如“gxj-2023.xlsx”）或用 --history-year 指定",
                    Location(file=str(file)),
                )
            records.append(PlanRecord(plan, found))
    return records


def reviewed_year(plans: Sequence[Plan], file: Path, records: Sequence[PlanRecord]) -> int | None:
    """The budget year of the table reviewed: from its plans or file name, else the year after the
    latest history year (a history is of earlier years), else None."""
    for plan in plans:
        found = budget_year(plan, file.name)
        if found is not None:
            return found
    latest = max((r.year for r in records), default=None)
    return None if latest is None else latest + 1
