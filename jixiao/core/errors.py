"""The one exception tree of jixiao (错误).

    JixiaoError                      every error jixiao raises on purpose
    ├── InputError                   a document or value jixiao cannot read; carries a Location
    │   └── ValueParseError          a target/actual text that is not a value ("abc" as a ≥ target)
    ├── RuleError                    a scoring rule that cannot be used
    │   └── RuleSyntaxError          rule-language text with a line, column and caret
    └── WorkflowError                a workflow step refused (流程), with the Chinese reason
        ├── TransitionRefused        the action is not possible in the plan's state (409 in the API)
        ├── NotYourStep              the action is possible, but not for this person's role (403)
        ├── ReasonRequired           a return or adjustment without a reason (422)
        └── SubmissionBlocked        error findings, or warnings without an explanation (422)

Third-party exceptions are translated at the boundary with ``raise … from exc``.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jixiao.core.review import Finding


@dataclass(frozen=True, slots=True)
class Location:
    """Where something was read from (来源): file and line, sheet and cell, or page and row."""

    file: str | None = None
    sheet: str | None = None
    page: int | None = None
    row: int | None = None
    column: int | None = None
    line: int | None = None
    cell: str | None = None

    def describe(self, *, with_file: bool = True) -> str:
        """A Chinese phrase a person can follow: "seed.txt 第12行", "表2 第14行 E列"."""
        parts: list[str] = []
        if self.file and with_file:
            parts.append(self.file)
        if self.sheet:
            # Word tables are named 表N and PDF tables 第P页 表K by their readers: no 工作表 wrapper.
            named = self.sheet.startswith(("表", "第"))
            parts.append(self.sheet if named else f"工作表「{self.sheet}」")
        if self.page is not None:
            parts.append(f"第{self.page}页")
        if self.cell:
            parts.append(f"单元格 {self.cell}")
        else:
            if self.line is not None:
                parts.append(f"第{self.line}行")
            elif self.row is not None:
                parts.append(f"第{self.row}行")
            if self.column is not None:
                parts.append(f"{column_letter(self.column)}列")
        return " ".join(parts) if parts else "（位置未知）"

    def to_dict(self) -> dict[str, object]:
        return {k: getattr(self, k) for k in self.__slots__ if getattr(self, k) is not None}


def column_letter(column: int) -> str:
    """1 → A, 27 → AA (spreadsheet column names)."""
    letters = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


class _Doubled(dict[int, str]):
    """Each character as itself, or twice where it is East Asian wide or full-width (filled in as
    characters are met): ``len(text.translate(_DOUBLED))`` is ``text``'s width, one pass in C."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        shown = char * 2 if unicodedata.east_asian_width(char) in "WF" else char
        self[code] = shown
        return shown


_DOUBLED = _Doubled()


def display_width(text: str) -> int:
    """Terminal cells (or half-width spreadsheet columns) ``text`` takes: East Asian wide and
    full-width characters (``unicodedata.east_asian_width`` W or F) count two, others one."""
    return len(text) if text.isascii() else len(text.translate(_DOUBLED))


class JixiaoError(Exception):
    """Base of every error jixiao raises on purpose."""


class InputError(JixiaoError):
    """A document or value that cannot be read; the message names where. ``path`` is the JSON path of
    the field at fault (``plans[0].indicators[3].weight``) when the input was JSON."""

    def __init__(self, message: str, location: Location | None = None, path: str | None = None) -> None:
        self.message = message
        self.location = location
        self.path = path
        super().__init__(f"{location.describe()}：{message}" if location else message)


class ValueParseError(InputError):
    """A target or actual value text that is not a value of the expected kind."""


class RuleError(JixiaoError):
    """A scoring rule that cannot be used."""


class RuleSyntaxError(RuleError):
    """Rule-language text that does not parse; shows the line with a caret under the fault."""

    def __init__(self, message: str, text: str, line: int, column: int) -> None:
        self.message = message
        self.text = text
        self.line = line
        self.column = column
        lines = text.splitlines()
        source_line = lines[line - 1] if 0 < line <= len(lines) else ""
        # The caret sits under the fault as a terminal shows it: wide (CJK) characters take two cells.
        caret = " " * display_width(source_line[: column - 1]) + "^"
        super().__init__(f"第{line}行第{column}列：{message}\n  {source_line}\n  {caret}")


class WorkflowError(JixiaoError):
    """A workflow step (流程操作) that is refused; ``message`` is the Chinese reason shown as it is."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


class TransitionRefused(WorkflowError):
    """The action is not possible in the plan's present state (e.g. approving a draft)."""


class NotYourStep(WorkflowError):
    """The action is possible in this state, but only for another role."""


class ReasonRequired(WorkflowError):
    """A return (退回) or adjustment (调整) must say why."""


class SubmissionBlocked(WorkflowError):
    """Submitting is refused: ``errors`` are the error findings, ``unexplained`` the warnings that have
    no explanation yet (both ``jixiao.core.review.Finding``)."""

    def __init__(self, message: str, errors: tuple[Finding, ...], unexplained: tuple[Finding, ...]) -> None:
        self.errors = errors
        self.unexplained = unexplained
        super().__init__(message)
