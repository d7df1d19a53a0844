"""The API's review, score and actual values: equal to the command line's ``--json``."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

from jixiao.web.plans.models import IndicatorRow, Plan
from tests.cli_helpers import jixiao
from tests.web.api_helpers import ACTUALS, SEED, body, token_client, upload
from tests.web.conftest import World
from tests.web.plan_helpers import open_for_self_evaluation


def _seed(world: World) -> tuple[Any, list[dict[str, Any]]]:
    """The seed's plans uploaded by the filler and opened for self-evaluation (actual values)."""
    client = token_client(world.user("filler"))
    plans = body(upload(client, SEED, world.unit.pk))["plans"]
    for plan in plans:
        open_for_self_evaluation(Plan.objects.get(pk=plan["id"]))
    return client, plans


def as_floats(data: Any) -> Any:
    """``data`` with every number as a float: the API writes a completion rate with all its digits
    (1.071428571428571428571428571), the command line (for now) as a float (1.0714285714285714)."""
    if isinstance(data, dict):
        return {k: as_floats(v) for k, v in data.items()}
    if isinstance(data, list):
        return [as_floats(v) for v in data]
    if isinstance(data, Decimal | int) and not isinstance(data, bool):
        return float(data)
    return data


def _only_plan(findings: list[dict[str, Any]], index: int) -> list[dict[str, Any]]:
    return [dict(f, plan=0) for f in findings if f["plan"] == index]


def test_it_reviews_as_the_command_line(world: World) -> None:
    client, plans = _seed(world)
    cli = jixiao("review", SEED, "--json").json()["findings"]
    for index, plan in enumerate(plans):
        api = body(client.get(f"/api/v1/plans/{plan['id']}/review"))["findings"]
        assert api == _only_plan(cli, index)
        assert api  # the seed has findings (a missing weight among them)


def _actuals_of(index: int) -> dict[str, Any]:
    data = json.loads(ACTUALS.read_text(encoding="utf-8"))
    return {"plans": [data["plans"][index]]}


def test_it_takes_actual_values_as_json_and_scores_as_the_command_line(world: World, tmp_path: Path) -> None:
    client, plans = _seed(world)
    for index, plan in enumerate(plans):
        response = client.put(
            f"/api/v1/plans/{plan['id']}/actuals", _actuals_of(index), content_type="application/json"
        )
        assert response.status_code == 200, response.content.decode()
        assert body(response)["revision"] == 1
    cli = jixiao("score", SEED, "--actuals", ACTUALS, "--json").json()["plans"]
    for index, plan in enumerate(plans):
        got = body(client.get(f"/api/v1/plans/{plan['id']}/score"))["plans"]
        assert as_floats(got) == as_floats([cli[index]])
    row = IndicatorRow.objects.get(plan_id=plans[0]["id"], name="规模工业增长率")
    assert row.history.latest().history_change_reason == "api"


def test_it_takes_actual_values_as_a_file(world: World) -> None:
    client, plans = _seed(world)
    upload_file = SimpleUploadedFile("实际值.json", json.dumps(_actuals_of(0), ensure_ascii=False).encode())
    response = client.put(
        f"/api/v1/plans/{plans[0]['id']}/actuals",
        encode_multipart(BOUNDARY, {"file": upload_file}),
        content_type=MULTIPART_CONTENT,
    )
    assert response.status_code == 200, response.content.decode()
    actual = {i["name"]: i["actual"] for i in body(response)["indicators"]}
    assert actual["新增省级“小巨人”企业数"] == 35


def test_it_refuses_actual_values_of_an_unknown_indicator_saving_nothing(world: World) -> None:
    client, plans = _seed(world)
    bad = {
        "plans": [
            {"indicators": [{"name": "资金拨付进度", "actual": 100}, {"name": "不存在的指标", "actual": 1}]}
        ]
    }
    response = client.put(f"/api/v1/plans/{plans[0]['id']}/actuals", bad, content_type="application/json")
    assert response.status_code == 422 and "不存在的指标" in body(response)["detail"]
    assert not IndicatorRow.objects.filter(plan_id=plans[0]["id"]).exclude(actual_number=None).exists()
    assert Plan.objects.get(pk=plans[0]["id"]).revision == 0


def test_it_refuses_actual_values_on_a_stale_revision(world: World) -> None:
    client, plans = _seed(world)
    url = f"/api/v1/plans/{plans[0]['id']}/actuals"
    assert client.put(url, _actuals_of(0), content_type="application/json").status_code == 200
    response = client.put(url + "?revision=0", _actuals_of(0), content_type="application/json")
    assert response.status_code == 409 and body(response)["code"] == "revision-conflict"


def test_it_refuses_a_negative_stated_score_saving_nothing(world: World) -> None:
    """A 自评得分 below zero would lower the published total: refused (422) at its path, nothing saved."""
    client, plans = _seed(world)
    plan = plans[0]
    row = next(i for i in plan["indicators"] if i["weight"] is not None)
    entry = {"plans": [{"indicators": [{"name": row["name"], "actual": 1, "stated_score": -3}]}]}
    response = client.put(f"/api/v1/plans/{plan['id']}/actuals", entry, content_type="application/json")
    error = body(response)
    assert response.status_code == 422 and "自评得分不能为负数" in error["detail"], error
    assert error["path"] == "plans[0].indicators[0].stated_score"  # where it is in the body sent
    assert not IndicatorRow.objects.filter(plan_id=plan["id"]).exclude(actual_number=None).exists()
    assert Plan.objects.get(pk=plan["id"]).revision == 0


def test_it_refuses_a_stated_score_above_the_weight_saving_nothing(world: World) -> None:
    """A 自评得分 entered through the API above the indicator's 分值 is refused (422) naming the row and
    the weight, whether sent as actual values or in the whole plan; nothing is saved."""
    client, plans = _seed(world)
    plan = plans[0]
    row = next(i for i in plan["indicators"] if i["weight"] is not None)
    weight = Decimal(str(row["weight"]))
    over = weight + 2
    entry = {"plans": [{"indicators": [{"name": row["name"], "actual": 1, "stated_score": float(over)}]}]}
    response = client.put(f"/api/v1/plans/{plan['id']}/actuals", entry, content_type="application/json")
    error = body(response)
    assert response.status_code == 422 and error["code"] == "input-invalid"
    assert (
        f"得分 {over:f} 超过该指标分值 {weight:f}" in error["detail"]
        and f"「{row['name']}」" in error["detail"]
    )
    assert error["path"] == f"indicators[{plan['indicators'].index(row)}].stated_score"
    assert not IndicatorRow.objects.filter(plan_id=plan["id"]).exclude(actual_number=None).exists()
    assert Plan.objects.get(pk=plan["id"]).revision == 0

    row["stated_score"] = float(over)
    whole = client.put(f"/api/v1/plans/{plan['id']}", plan, content_type="application/json")
    assert whole.status_code == 422 and f"超过该指标分值 {weight:f}" in body(whole)["detail"]
    assert body(whole)["path"] == f"indicators[{plan['indicators'].index(row)}].stated_score"
    assert IndicatorRow.objects.get(plan_id=plan["id"], name=row["name"]).stated_score is None
    assert Plan.objects.get(pk=plan["id"]).revision == 0

    row["stated_score"] = float(weight)
    assert client.put(f"/api/v1/plans/{plan['id']}", plan, content_type="application/json").status_code == 200
