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


def test_it_records_when_a_token_was_last_used_to_the_minute(world: World) -> None:
    from datetime import timedelta

    from django.contrib.auth.models import User

    from jixiao.web.accounts.models import ApiToken

    token, raw = ApiToken.issue(User.objects.get(username="filler"), "脚本")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert client.get("/api/v1/units").status_code == 200
    first = ApiToken.objects.get(pk=token.pk).last_used
    assert first is not None
    assert client.get("/api/v1/units").status_code == 200  # within the minute: not written again
    assert ApiToken.objects.get(pk=token.pk).last_used == first
    ApiToken.objects.filter(pk=token.pk).update(last_used=first - timedelta(minutes=2))
    assert client.get("/api/v1/units").status_code == 200
    latest = ApiToken.objects.get(pk=token.pk).last_used
    assert latest is not None and latest >= first


def test_a_token_opens_the_api_only_not_the_pages_nor_the_token_form(world: World) -> None:
    from jixiao.web.accounts.models import ApiToken

    out = StringIO()
    call_command("apitoken", "filler", stdout=out)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {out.getvalue().strip()}")
    assert client.get("/api/v1/units").status_code == 200
    page = client.get("/plans/")
    assert page.status_code == 302 and "/login/" in page["Location"]  # as to anyone not logged in
    before = ApiToken.objects.count()
    client.post("/me/tokens/", {"name": "persist"})
    assert ApiToken.objects.count() == before  # no token minted by a token
