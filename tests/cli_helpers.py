"""Running the command line in-process, as a user would from a shell."""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from jixiao.cli import app

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
SEED = EXAMPLES / "zhuzhou-gxj-2023-targets.txt"
ACTUALS = EXAMPLES / "zhuzhou-gxj-2023-actuals.json"
SCHEMA = Path(__file__).resolve().parent.parent / "docs" / "schema.json"


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        return json.loads(self.stdout, parse_float=Decimal)


def jixiao(*args: str | Path) -> Result:
    result = CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=False)
    return Result(result.exit_code, result.stdout, result.stderr)
