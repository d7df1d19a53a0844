"""The API's history of a plan: who, when, the way, and each field's old → new value."""

from __future__ import annotations

from tests.web.api_helpers import SEED, body, token_client, upload
from tests.web.conftest import World


def test_it_lists_each_change_with_who_when_and_the_way(world: World) -> None:
    client = token_client(world.user("filler"))
    plan = body(upload(client, SEED, world.unit.pk))["plans"][0]
    row = next(i for i in plan["indicators"] if i["name"] == "规模工业增长率")
    row["weight"] = 10
    client.put(f"/api/v1/plans/{plan['id']}", plan, content_type="application/json")
    changes = body(client.get(f"/api/v1/plans/{plan['id']}/history"))["changes"]
    newest = changes[0]
    assert newest["name"] == "规模工业增长率" and newest["action"] == "修改"
    assert newest["who"] == "filler" and newest["way"] == "api" and newest["way_label"] == "接口"
    assert newest["fields"] == [{"field": "weight", "label": "分值", "old": "（空）", "new": "10"}]
    created = [c for c in changes if c["action"] == "新建" and c["kind"] == "indicator"]
    assert len(created) == len(plan["indicators"])
    assert (
        body(token_client(world.user("other_dept")).get(f"/api/v1/plans/{plan['id']}/history"))["code"]
        == "not-found"
    )
