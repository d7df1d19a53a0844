"""Running the command line in-process, as a user would from a shell."""

from __future__ import annotations

import io
import json
import sys
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from jixiao.cli import run

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
SEED = EXAMPLES / "zhuzhou-gxj-2023-targets.txt"
ACTUALS = EXAMPLES / "zhuzhou-gxj-2023-actuals.json"
SCHEMA = Path(__file__).resolve().parent.parent / "docs" / "schema.json"


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr

    def json(self) -> Any:
        return json.loads(self.stdout, parse_float=Decimal)


class _Pipe(io.TextIOWrapper):
    """A stdout or stderr as a pipe gives it (not a terminal), or as a terminal when ``tty``."""

    def __init__(self, tty: bool = False) -> None:
        super().__init__(io.BytesIO(), encoding="utf-8", write_through=True)
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty

    def text(self) -> str:
        self.flush()
        buffer = self.buffer
        assert isinstance(buffer, io.BytesIO)
        return buffer.getvalue().decode("utf-8")


def jixiao(*args: str | Path, tty: bool = False) -> Result:
    """Run ``jixiao ARGS`` in this process; stdout a pipe (or a terminal when ``tty``)."""
    stdout, stderr = _Pipe(tty), _Pipe()
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = stdout, stderr
    try:
        code = run([str(a) for a in args])
    finally:
        sys.stdout, sys.stderr = saved
    return Result(code, stdout.text(), stderr.text())
