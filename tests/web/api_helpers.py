"""Helpers of the API tests: a client authenticated by a personal token, the seed as files."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.contrib.auth.models import User
from django.test import Client

from jixiao.web.accounts.models import ApiToken
from tests.cli_helpers import ACTUALS, SEED, jixiao

__all__ = ["ACTUALS", "SEED", "body", "seed_xlsx", "token_client", "upload"]


def token_client(user: User) -> Client:
    """A client that sends ``Authorization: Bearer`` with a new token of ``user`` (no session)."""
    _token, raw = ApiToken.issue(user, "测试")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def body(response: Any) -> Any:
    """A JSON response's body, numbers as decimals (as the CLI tests read ``--json``)."""
    return json.loads(response.content, parse_float=Decimal)


def seed_xlsx(folder: Path) -> Path:
    """The seed as an .xlsx made by ``jixiao export`` (as a unit would upload it)."""
    path = folder / "株洲市工信局2023绩效目标.xlsx"
    assert jixiao("export", SEED, "-o", path).exit_code == 0
    return path


def upload(client: Client, path: Path, unit: int, year: int = 2023) -> Any:
    with path.open("rb") as handle:
        return client.post("/api/v1/plans/import", {"file": handle, "unit": unit, "year": year})
