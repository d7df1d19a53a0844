"""The workflow panel of the plan page and the steps taken from it (目标申报): submit with the review's
findings (errors block, each warning explained), approve, return with comments beside rows and fields,
the diff since a return, locks, adjustments into a new version; outsiders change nothing."""

from __future__ import annotations

from collections.abc import Callable

from django.test import Client

from jixiao.core.workflow import State
from jixiao.web.plans.models import IndicatorRow, Plan
from jixiao.web.workflow.models import Comment, Explanation, PlanFlow, PlanVersion, Transition
from tests.web.conftest import World
from tests.web.step_helpers import form_fields, page_tree, submit_explaining_every_warning, text_of
from tests.web.workflow_helpers import OUTSIDERS, stored

Login = Callable[[str], Client]


def state(plan: Plan) -> str:
    row = PlanFlow.objects.filter(plan=plan).first()
    return row.state if row else State.DRAFT.value


def row_index(plan: Plan, name: str) -> int:
    names = list(IndicatorRow.objects.filter(plan=plan).values_list("name", flat=True))
    return names.index(name)


def submitted(world: World, login: Login) -> Plan:
    plan = stored(world)
    assert submit_explaining_every_warning(login("filler"), plan.pk).status_code == 302
    return plan


def returned(world: World, login: Login) -> Plan:
    """The project plan approved by the unit's head, then returned by the department with comments on
    满意度 and on the goal."""
    plan = submitted(world, login)
    assert (
        login("head").post(f"/plans/{plan.pk}/steps/approve/", {"expected": "unit_review"}).status_code == 302
    )
    row = IndicatorRow.objects.get(plan=plan, name="满意度")
    response = login("dept").post(
        f"/plans/{plan.pk}/steps/return/",
        {
            "reason": "满意度目标偏低",
            f"comment-row-{row.pk}": "满意度应不低于95%",
            "comment-goal": "目标请写具体",
        },
    )
    assert response.status_code == 302
    return plan


def test_it_shows_the_state_version_and_only_the_actions_of_each_person(world: World, login: Login) -> None:
    plan = stored(world)
    filler = page_tree(login("filler").get(f"/plans/{plan.pk}/"))
    assert text_of(filler, "flow-state") == "草稿" and "第1版" in text_of(filler, "flow-panel")
    assert filler.xpath('//form[@id="submit-form"]') and not filler.xpath('//form[@id="approve-form"]')
    head = page_tree(login("head").get(f"/plans/{plan.pk}/"))
    assert not head.xpath('//form[@id="submit-form"]') and "此环节不需要您办理" in text_of(head, "flow-panel")
    submitted_plan = submitted(world, login)
    head = page_tree(login("head").get(f"/plans/{submitted_plan.pk}/"))
    assert text_of(head, "flow-state") == "单位负责人审核"
    assert head.xpath('//form[@id="approve-form"]') and head.xpath('//form[@id="return-form"]')
    dept = page_tree(login("dept").get(f"/plans/{submitted_plan.pk}/"))
    assert not dept.xpath('//form[@id="approve-form"]')


def test_it_blocks_a_submission_with_errors_and_lists_them_with_their_rows(
    world: World, login: Login
) -> None:
    plan = stored(world, index=0)  # the department plan: weight-sum error, weight-missing warnings
    response = submit_explaining_every_warning(login("filler"), plan.pk)
    assert response.status_code == 422
    tree = page_tree(response)
    assert "不能提交" in text_of(tree, "flow-refusal") and "错误须先改正" in text_of(tree, "flow-refusal")
    assert "weight-sum" in text_of(tree, "submit-errors")
    warnings = text_of(tree, "submit-warnings")
    assert "规模工业增长率" in warnings and "群众满意度" in warnings
    # what was typed is kept for the next try, and nothing was saved
    assert all(
        v == "已核实，情况属实"
        for k, v in form_fields(tree, "submit-form").items()
        if k.startswith("explain:")
    )
    assert state(plan) == "draft" and not Explanation.objects.filter(plan=plan).exists()
    assert not Transition.objects.filter(plan=plan).exists()


def test_it_needs_each_warning_explained(world: World, login: Login) -> None:
    plan = stored(world)
    fields = form_fields(page_tree(login("filler").get(f"/plans/{plan.pk}/")), "submit-form")
    explain = sorted(k for k in fields if k.startswith("explain:"))
    assert len(explain) == 2  # the project plan's two target-over-100 warnings
    fields[explain[0]] = "合格率按100%考核"
    response = login("filler").post(f"/plans/{plan.pk}/steps/submit/", fields)
    refusal = text_of(page_tree(response), "flow-refusal")
    assert response.status_code == 422 and "1 条警告须逐条填写说明" in refusal
    # the refusal names the warning still to explain: its row and what it is about
    row_id = int(explain[1].split(":")[2])
    name = IndicatorRow.objects.get(pk=row_id).name
    other = IndicatorRow.objects.get(pk=int(explain[0].split(":")[2])).name
    assert f"「{name}」" in refusal and f"「{other}」" not in refusal and "≥100%" in refusal
    assert state(plan) == "draft"


def test_it_submits_with_explanations_the_reviewer_reads_beside_the_findings(
    world: World, login: Login
) -> None:
    plan = submitted(world, login)
    assert state(plan) == "unit_review"
    assert Explanation.objects.filter(plan=plan, transition__isnull=False).count() == 2
    head = page_tree(login("head").get(f"/plans/{plan.pk}/"))
    explained = head.xpath('//aside[@id="findings"]//li[contains(., "target-over-100")]')
    assert len(explained) == 2
    assert all("提交说明：已核实，情况属实" in li.text_content() for li in explained)
    assert "已核实，情况属实" in text_of(head, "flow-explanations")


def test_it_needs_a_reason_to_return(world: World, login: Login) -> None:
    plan = submitted(world, login)
    response = login("head").post(f"/plans/{plan.pk}/steps/return/", {"reason": " ", "form": "return"})
    assert response.status_code == 422 and "退回必须写明原因" in text_of(page_tree(response), "flow-refusal")
    assert state(plan) == "unit_review" and not Comment.objects.exists()


def test_it_shows_the_unit_each_comment_beside_its_row_and_field(world: World, login: Login) -> None:
    plan = returned(world, login)
    assert state(plan) == "draft"
    tree = page_tree(login("filler").get(f"/plans/{plan.pk}/"))
    index = row_index(plan, "满意度")
    assert "退回意见：满意度应不低于95%" in text_of(tree, f"findings-{index}")
    others = [text_of(tree, f"findings-{i}") for i in range(IndicatorRow.objects.filter(plan=plan).count())]
    assert sum("退回意见" in t for t in others) == 1
    [goal] = tree.xpath('//dt[.="年度总体目标"]/following-sibling::dd[1]')
    assert "退回意见：目标请写具体" in goal.text_content()
    returned_box = text_of(tree, "flow-returned")
    assert "dept" in returned_box and "满意度目标偏低" in returned_box and "主管部门审核" in returned_box
    # the unit may edit again: the sheet's cells are inputs
    assert tree.xpath(f'//input[@id="cell-{index}-target"]')


def test_it_shows_the_reviewer_what_changed_since_the_return_before_approving(
    world: World, login: Login
) -> None:
    plan = returned(world, login)
    filler = login("filler")
    index = row_index(plan, "满意度")
    fixed = filler.post(
        f"/plans/{plan.pk}/rows/{index}/",
        {"field": "target", "value": "95", "revision": Plan.objects.get(pk=plan.pk).revision},
    )
    assert fixed.status_code == 200
    assert submit_explaining_every_warning(filler, plan.pk).status_code == 302
    assert state(plan) == "department_review"  # straight back to the step that returned it
    page = login("dept").get(f"/plans/{plan.pk}/").content.decode()
    tree = page_tree(login("dept").get(f"/plans/{plan.pk}/"))
    assert "指标「满意度」指标值：90 → 95" in text_of(tree, "flow-diff")
    assert page.index('id="flow-diff"') < page.index('id="approve-button"')
    assert (
        login("dept").post(f"/plans/{plan.pk}/steps/approve/", {"expected": "department_review"}).status_code
        == 302
    )
    assert state(plan) == "finance_review"


def test_it_locks_the_page_under_review_and_says_why(world: World, login: Login) -> None:
    plan = submitted(world, login)
    tree = page_tree(login("filler").get(f"/plans/{plan.pk}/"))
    assert "已锁定" in text_of(tree, "flow-lock") and "退回" in text_of(tree, "flow-lock")
    assert not tree.xpath('//input[starts-with(@id, "cell-")]')
    before = IndicatorRow.objects.get(plan=plan, name="满意度").target_number
    response = login("filler").post(
        f"/plans/{plan.pk}/rows/{row_index(plan, '满意度')}/",
        {"field": "target", "value": "99", "revision": Plan.objects.get(pk=plan.pk).revision},
    )
    assert response.status_code == 403
    assert IndicatorRow.objects.get(plan=plan, name="满意度").target_number == before


def approved(world: World, login: Login) -> Plan:
    plan = submitted(world, login)
    for key, seen in (("head", "unit_review"), ("dept", "department_review"), ("finance", "finance_review")):
        assert login(key).post(f"/plans/{plan.pk}/steps/approve/", {"expected": seen}).status_code == 302
    return plan


def test_it_adjusts_an_approved_plan_into_a_new_version_through_the_chain(world: World, login: Login) -> None:
    plan = approved(world, login)
    tree = page_tree(login("filler").get(f"/plans/{plan.pk}/"))
    assert text_of(tree, "flow-state") == "已批复" and "调整" in text_of(tree, "flow-lock")
    refused = login("filler").post(f"/plans/{plan.pk}/steps/adjust/", {"reason": "", "form": "adjust"})
    assert refused.status_code == 422 and state(plan) == "approved"
    assert page_tree(refused).xpath('//details[@id="adjust-details"][@open]')
    response = login("filler").post(
        f"/plans/{plan.pk}/steps/adjust/", {"reason": "年中追加资金", "expected": "approved"}
    )
    assert response.status_code == 302
    flow_row = PlanFlow.objects.get(plan=plan)
    assert (flow_row.state, flow_row.version) == ("draft", 2)
    assert PlanVersion.objects.get(plan=plan, number=2).reason == "年中追加资金"
    assert PlanVersion.objects.get(plan=plan, number=1).content is not None
    assert "第2版" in text_of(page_tree(login("filler").get(f"/plans/{plan.pk}/")), "flow-panel")
    assert submit_explaining_every_warning(login("filler"), plan.pk).status_code == 302
    assert state(plan) == "unit_review"  # the same chain again


def test_it_refuses_a_step_from_a_page_that_is_out_of_date(world: World, login: Login) -> None:
    plan = submitted(world, login)
    login("head").post(f"/plans/{plan.pk}/steps/approve/", {"expected": "unit_review"})
    response = login("head").post(f"/plans/{plan.pk}/steps/approve/", {"expected": "unit_review"})
    assert response.status_code == 409
    assert "head" in text_of(page_tree(response), "flow-refusal") and "请刷新" in text_of(
        page_tree(response), "flow-refusal"
    )
    assert state(plan) == "department_review"


def test_it_lets_no_outsider_and_no_other_role_take_a_step(world: World, login: Login) -> None:
    plan = submitted(world, login)
    moves = Transition.objects.count()
    for key in OUTSIDERS:
        for action in ("approve", "return", "submit", "adjust"):
            assert login(key).post(f"/plans/{plan.pk}/steps/{action}/", {"reason": "x"}).status_code == 404
    for key in ("filler", "dept", "finance", "admin"):
        assert login(key).post(f"/plans/{plan.pk}/steps/approve/", {}).status_code == 403
    assert Client().post(f"/plans/{plan.pk}/steps/approve/", {}).status_code == 302
    assert Transition.objects.count() == moves and state(plan) == "unit_review"


def test_it_says_which_actions_are_possible_when_one_is_not(world: World, login: Login) -> None:
    plan = submitted(world, login)
    response = login("filler").post(f"/plans/{plan.pk}/steps/adjust/", {"reason": "x"})
    assert response.status_code == 409
    assert "不能调整" in text_of(page_tree(response), "flow-refusal")
    assert login("filler").post(f"/plans/{plan.pk}/steps/fly/", {}).status_code == 404
    assert state(plan) == "unit_review"


def test_it_draws_the_panel_again_after_an_edit_keeping_what_was_typed(world: World, login: Login) -> None:
    plan = stored(world, index=0)
    filler = login("filler")
    row = IndicatorRow.objects.get(plan=plan, name="五好园区创建")
    typed = f"explain:vague-target:{row.pk}"
    assert "weight-sum" in text_of(page_tree(filler.get(f"/plans/{plan.pk}/flow-panel/")), "submit-errors")
    for name in ("规模工业增长率", "技改投资增长率"):
        revision = Plan.objects.get(pk=plan.pk).revision
        filler.post(
            f"/plans/{plan.pk}/rows/{row_index(plan, name)}/",
            {"field": "weight", "value": "10", "revision": revision},
        )
    tree = page_tree(filler.get(f"/plans/{plan.pk}/flow-panel/", {typed: "以验收为准"}))
    assert not tree.xpath('//*[@id="submit-errors"]')  # the weights now sum to 100
    assert form_fields(tree, "submit-form")[typed] == "以验收为准"
    assert "weight-missing" not in text_of(tree, "submit-warnings")
    assert login("other_dept").get(f"/plans/{plan.pk}/flow-panel/").status_code == 404
