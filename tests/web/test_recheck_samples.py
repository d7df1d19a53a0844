"""The re-check sample pages (抽查): a draw of N plans of a year, seeded and recorded; the page shows the
seed, the plans drawn with their tickets and how to recompute the draw, which gives the same plans."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.test import Client

from jixiao.web.workflow.models import SampleDraw
from tests.web.conftest import PEOPLE, World
from tests.web.workflow_helpers import in_recheck


def test_it_draws_with_a_given_seed_and_shows_how_to_recompute(
    world: World, login: Callable[[str], Client]
) -> None:
    plan = in_recheck(world)
    finance = login("finance")
    drawn = finance.post("/recheck/samples/", {"year": "2023", "size": "3", "seed": "2024年第一次抽查"})
    assert drawn.status_code == 302
    draw = SampleDraw.objects.get()
    assert (draw.seed, draw.population, draw.drawn) == ("2024年第一次抽查", [plan.pk], [plan.pk])
    page = finance.get(drawn.url).content.decode()
    ticket = hashlib.sha256(f"2024年第一次抽查:{plan.pk}".encode()).hexdigest()  # as sha256sum computes it
    assert ticket in page and f"printf '%s' '2024年第一次抽查:{plan.pk}' | sha256sum" in page
    assert "结果与记录一致" in page and f'href="/plans/{plan.pk}/recheck/"' in page
    assert "2024年第一次抽查" in finance.get("/recheck/samples/").content.decode()


def test_it_chooses_a_random_seed_and_refuses_a_wrong_size(
    world: World, login: Callable[[str], Client]
) -> None:
    finance = login("finance")
    for size in ("0", "很多", "-1"):
        bad = finance.post("/recheck/samples/", {"year": "2023", "size": size})
        assert bad.status_code == 422 and "抽取数量" in bad.content.decode()
    assert SampleDraw.objects.count() == 0
    finance.post("/recheck/samples/", {"year": "2023", "size": "2", "seed": ""})
    finance.post("/recheck/samples/", {"year": "2023", "size": "2", "seed": ""})
    seeds = {d.seed for d in SampleDraw.objects.all()}
    assert len(seeds) == 2 and all(len(s) == 16 for s in seeds)


def test_it_keeps_draws_to_the_finance_bureau(world: World, login: Callable[[str], Client]) -> None:
    finance = login("finance")
    finance.post("/recheck/samples/", {"year": "2023", "size": "1", "seed": "公开种子"})
    draw = SampleDraw.objects.get()
    for key in (k for k in PEOPLE if k != "finance"):
        assert login(key).get("/recheck/samples/").status_code == 403
        assert login(key).get(f"/recheck/samples/{draw.pk}/").status_code == 403
        assert login(key).post("/recheck/samples/", {"year": "2023", "size": "1"}).status_code == 403
    assert SampleDraw.objects.count() == 1
    assert finance.get(f"/recheck/samples/{draw.pk + 1}/").status_code == 404
