"""The self-evaluation page: actual values, stated scores and reasons typed in the table, or read
from a filled template; scores with explanations per row, budget execution, total and grade."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from jixiao.core.actuals import apply_actuals
from jixiao.documents.load import load_plans
from jixiao.documents.writers.export import export_tables
from jixiao.web.plans.convert import create_plan, to_core
from jixiao.web.plans.models import ChangeWay, IndicatorRow, Plan
from tests.web.conftest import World
from tests.web.plan_helpers import EXAMPLES, SEED, open_for_self_evaluation, stored_seed


def test_it_scores_actual_values_typed_in_the_table(world: World, login: Callable[[str], Client]) -> None:
    plan = open_for_self_evaluation(stored_seed(world))
    client = login("filler")
    page = client.get(f"/plans/{plan.pk}/self-evaluation/").content.decode()
    assert 'id="cell-0-actual"' in page and 'id="cell-0-weight"' not in page
    first = IndicatorRow.objects.get(plan=plan, position=0)
    response = client.post(
        f"/plans/{plan.pk}/rows/0/",
        {"field": "actual", "value": "1", "mode": "self-evaluation", "revision": plan.revision},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert IndicatorRow.objects.get(pk=first.pk).actual_number == Decimal(1)
    assert "完成率" in page and 'class="explain"' in page and "等级" in page


def test_it_takes_the_budget_executed_and_refuses_text(world: World, login: Callable[[str], Client]) -> None:
    filled = apply_actuals(load_plans(SEED), load_plans(EXAMPLES / "zhuzhou-gxj-2023-actuals.json"))
    project = next(p for p in filled if p.budget is not None)  # 全年预算数 1200 万元
    plan = open_for_self_evaluation(
        create_plan(project, world.unit, 2023, world.user("filler"), ChangeWay.UPLOAD)
    )
    executed = plan.budget_executed
    client = login("filler")
    bad = client.post(
        f"/plans/{plan.pk}/budget/", {"value": "很多", "mode": "self-evaluation", "revision": 0}
    )
    assert bad.status_code == 422 and "全年执行数「很多」不是数值" in bad.content.decode()
    assert Plan.objects.get(pk=plan.pk).budget_executed == executed
    good = client.post(
        f"/plans/{plan.pk}/budget/", {"value": "900", "mode": "self-evaluation", "revision": 0}
    )
    assert good.status_code == 200 and "75.00%" in good.content.decode()  # 900 ÷ 1200
    assert Plan.objects.get(pk=plan.pk).budget_executed == Decimal(900)


def test_it_reads_a_filled_template_onto_the_plan(world: World, login: Callable[[str], Client]) -> None:
    plan = open_for_self_evaluation(stored_seed(world))
    filled = apply_actuals(load_plans(SEED), load_plans(EXAMPLES / "zhuzhou-gxj-2023-actuals.json"))
    mine = next(p for p in filled if p.title == to_core(plan).title)
    data = export_tables([mine], "xlsx")  # a filled self-evaluation table
    response = login("filler").post(
        f"/plans/{plan.pk}/actuals/",
        {"file": SimpleUploadedFile("自评.xlsx", data), "revision": plan.revision},
    )
    assert response.status_code == 302
    stored = to_core(Plan.objects.get(pk=plan.pk))
    assert [i.actual for i in stored.indicators] == [i.actual for i in mine.indicators]


def test_it_refuses_an_unreadable_template_and_outsiders(
    world: World, login: Callable[[str], Client]
) -> None:
    plan = open_for_self_evaluation(stored_seed(world))
    bad = login("filler").post(
        f"/plans/{plan.pk}/actuals/",
        {"file": SimpleUploadedFile("坏.xlsx", b"not a workbook"), "revision": plan.revision},
    )
    assert bad.status_code == 422 and "坏.xlsx" in bad.content.decode()
    assert login("other_filler").get(f"/plans/{plan.pk}/self-evaluation/").status_code == 404
    assert login("head").post(f"/plans/{plan.pk}/budget/", {"value": "1"}).status_code == 403
    assert login("head").get(f"/plans/{plan.pk}/self-evaluation/").status_code == 200
    assert all(r.actual_number is None for r in IndicatorRow.objects.filter(plan=plan))


def test_it_opens_actual_values_only_in_self_evaluation_filling(
    world: World, login: Callable[[str], Client]
) -> None:
    """自评 in the flow: a draft's actual values wait for the approval and 开启自评; in 自评填报 the
    actual values open and the targets lock, from the pages and from the API alike."""
    from jixiao.web.workflow.models import PlanFlow
    from tests.web.api_helpers import token_client

    plan = stored_seed(world)
    client = login("filler")
    actual = {"field": "actual", "value": "1", "mode": "self-evaluation", "revision": plan.revision}
    refused = client.post(f"/plans/{plan.pk}/rows/0/", actual)
    assert refused.status_code == 403 and "「草稿」，此时不能填报实际完成值" in refused.content.decode()
    assert 'id="cell-0-actual"' not in client.get(f"/plans/{plan.pk}/self-evaluation/").content.decode()
    assert IndicatorRow.objects.get(plan=plan, position=0).actual_number is None

    open_for_self_evaluation(plan)
    assert client.post(f"/plans/{plan.pk}/rows/0/", actual).status_code == 200
    assert IndicatorRow.objects.get(plan=plan, position=0).actual_number == Decimal(1)
    plan.refresh_from_db()
    weight = {"field": "weight", "value": "9", "mode": "targets", "revision": plan.revision}
    target_refused = client.post(f"/plans/{plan.pk}/rows/0/", weight)
    assert target_refused.status_code == 403 and "此时不能修改目标" in target_refused.content.decode()
    assert client.post(f"/plans/{plan.pk}/rows/add/", {"revision": plan.revision}).status_code == 403
    assert 'id="cell-0-weight"' not in client.get(f"/plans/{plan.pk}/").content.decode()
    api = token_client(world.user("filler"))
    whole = api.get(f"/api/v1/plans/{plan.pk}").json()
    assert (whole["state"], whole["version"]) == ("eval_filling", 1)
    whole["indicators"][0]["weight"] = 7  # a target, through the whole plan's PUT
    put = api.put(f"/api/v1/plans/{plan.pk}", whole, content_type="application/json")
    assert put.status_code == 403 and "此时不能修改目标" in put.json()["detail"]

    PlanFlow.objects.filter(plan=plan).update(state="eval_unit_review")
    locked = client.post(f"/plans/{plan.pk}/rows/0/", actual | {"revision": plan.revision})
    assert locked.status_code == 403 and "已锁定" in locked.content.decode()


def test_the_self_evaluation_page_has_the_flow_panel_and_submits_from_it(
    world: World, login: Callable[[str], Client]
) -> None:
    """A unit filling actual values submits them where it fills them: the 绩效自评 page carries the
    workflow panel, whose 提交 asks only for the findings about the actual values."""
    from jixiao.web.workflow.notes import status_of
    from tests.web.step_helpers import form_fields, page_tree

    project = load_plans(SEED)[
        1
    ]  # the seed's project plan: no error finding (an error blocks every submission)
    plan = open_for_self_evaluation(
        create_plan(project, world.unit, 2023, world.user("filler"), ChangeWay.UPLOAD)
    )
    client = login("filler")
    one = {"field": "actual", "value": "1", "mode": "self-evaluation", "revision": plan.revision}
    assert client.post(f"/plans/{plan.pk}/rows/0/", one).status_code == 200  # the others still missing
    page = client.get(f"/plans/{plan.pk}/self-evaluation/").content.decode()
    assert "data-paste-url" not in page and "可在表中粘贴" not in page  # pasting rows adds targets
    draft = stored_seed(world)
    assert "data-paste-url" in client.get(f"/plans/{draft.pk}/").content.decode()
    assert 'id="flow-panel"' not in client.get(f"/plans/{draft.pk}/self-evaluation/").content.decode()
    tree = page_tree(client.get(f"/plans/{plan.pk}/self-evaluation/"))
    assert tree.xpath('//*[@id="flow-panel"]') and tree.xpath('//*[@id="flow-state"]')[0].text == "自评填报"
    fields = form_fields(tree, "submit-form")
    asked = {name.split(":")[1] for name in fields if name.startswith("explain:")}
    assert asked and asked <= {
        "actual-missing",
        "stated-score-mismatch",
        "stated-total-mismatch",
        "reason-missing",
    }
    response = client.post(
        f"/plans/{plan.pk}/steps/submit/",
        {**fields, **dict.fromkeys((n for n in fields if n.startswith("explain:")), "已核实")},
    )
    assert response.status_code == 302
    assert status_of(Plan.objects.get(pk=plan.pk)).state.value == "eval_unit_review"
    locked = page_tree(client.get(f"/plans/{plan.pk}/self-evaluation/"))
    assert not locked.xpath('//*[@id="submit-form"]') and not locked.xpath('//*[@id="cell-0-actual"]')


def test_it_refuses_a_stated_score_above_the_weight_at_its_cell(
    world: World, login: Callable[[str], Client]
) -> None:
    """得分 typed above the row's 分值 is no score the rules can give: refused at its cell, naming the
    row and the weight, nothing saved; a score equal to the weight is taken."""
    plan = open_for_self_evaluation(stored_seed(world))
    first = IndicatorRow.objects.get(plan=plan, position=0)
    weight = first.weight
    assert weight is not None
    over, shown = f"{(weight + 6).normalize():f}", f"{weight.normalize():f}"  # 12, 6 as typed and shown
    client = login("filler")
    response = client.post(
        f"/plans/{plan.pk}/rows/0/",
        {"field": "stated_score", "value": over, "mode": "self-evaluation", "revision": plan.revision},
    )
    page = response.content.decode()
    assert response.status_code == 422
    assert 'id="error-0-stated_score"' in page
    assert f"得分 {over} 超过该指标分值 {shown}" in page and f"「{first.name}」" in page
    assert IndicatorRow.objects.get(pk=first.pk).stated_score is None
    assert Plan.objects.get(pk=plan.pk).revision == plan.revision
    taken = client.post(
        f"/plans/{plan.pk}/rows/0/",
        {"field": "stated_score", "value": shown, "mode": "self-evaluation", "revision": plan.revision},
    )
    assert taken.status_code == 200
    assert IndicatorRow.objects.get(pk=first.pk).stated_score == weight


def test_it_reads_a_file_with_a_stated_score_above_the_weight_and_lets_other_cells_be_typed(
    world: World, login: Callable[[str], Client]
) -> None:
    """Reading a file is not typing: its score above the weight is kept (the review lists it as
    stated-score-mismatch), and the row's other cells can still be filled."""
    filled = apply_actuals(load_plans(SEED), load_plans(EXAMPLES / "zhuzhou-gxj-2023-actuals.json"))
    core = next(p for p in filled if p.indicators and p.indicators[0].weight is not None)
    weight = core.indicators[0].weight
    assert weight is not None
    core.indicators[0] = replace(core.indicators[0], stated_score=weight + 6)
    plan = open_for_self_evaluation(
        create_plan(core, world.unit, 2023, world.user("filler"), ChangeWay.UPLOAD)
    )
    response = login("filler").post(
        f"/plans/{plan.pk}/rows/0/",
        {"field": "reason", "value": "超额完成", "mode": "self-evaluation", "revision": plan.revision},
    )
    assert response.status_code == 200
    row = IndicatorRow.objects.get(plan=plan, position=0)
    assert (row.reason, row.stated_score) == ("超额完成", weight + 6)


def test_it_takes_the_budget_executed_in_wan_yuan_whatever_unit_is_typed(
    world: World, login: Callable[[str], Client]
) -> None:
    filled = apply_actuals(load_plans(SEED), load_plans(EXAMPLES / "zhuzhou-gxj-2023-actuals.json"))
    project = next(p for p in filled if p.budget is not None)  # 全年预算数 1200 万元
    plan = open_for_self_evaluation(
        create_plan(project, world.unit, 2023, world.user("filler"), ChangeWay.UPLOAD)
    )
    client = login("filler")
    url = f"/plans/{plan.pk}/budget/"
    good = client.post(url, {"value": "9000000元", "mode": "self-evaluation", "revision": 0})
    assert good.status_code == 200 and "75.00%" in good.content.decode()  # 900 万元 ÷ 1200 万元
    assert Plan.objects.get(pk=plan.pk).budget_executed == Decimal(900)
    for typed, said in (("75%", "不是金额"), ("-900", "不能为负数")):
        revision = Plan.objects.get(pk=plan.pk).revision
        bad = client.post(url, {"value": typed, "mode": "self-evaluation", "revision": revision})
        assert bad.status_code == 422 and f"全年执行数「{typed}」{said}" in bad.content.decode()
        assert Plan.objects.get(pk=plan.pk).budget_executed == Decimal(900)
