"""``jixiao manage apitoken USERNAME`` prints a token that authenticates that person."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from tests.web.conftest import World


def test_it_prints_a_token_that_works(world: World) -> None:
    out = StringIO()
    call_command("apitoken", "filler", stdout=out)
    raw = out.getvalue().strip()
    assert raw.startswith("jx_")
    response = Client(HTTP_AUTHORIZATION=f"Bearer {raw}").get("/api/v1/units")
    assert response.status_code == 200
    assert [u["id"] for u in response.json()["units"]] == [world.unit.pk]


def test_it_refuses_an_unknown_person(db: None) -> None:
    with pytest.raises(CommandError, match="没有用户「nobody」"):
        call_command("apitoken", "nobody")
