"""The finance re-check page (财政复核) and the publication: the wrong stated score listed, a re-checked
score set with a reason beside the unit's own (which stays), refusals shown at the row with nothing
saved, and the final score and grade published; only the plan's 财政审核人 may do it."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from django.test import Client

from jixiao.core.workflow import State
from jixiao.web.accounts.permissions import plan_state
from jixiao.web.plans.models import IndicatorRow
from jixiao.web.workflow.models import Publication, RecheckScore
from tests.web.conftest import World
from tests.web.workflow_helpers import OUTSIDERS, in_recheck

WRONG = "专项资金使用率"  # stated 6, the rules give 10


def test_it_lists_the_wrong_score_and_keeps_the_recheck_beside_the_unit_s(
    world: World, login: Callable[[str], Client]
) -> None:
    plan = in_recheck(world)
    row = IndicatorRow.objects.get(plan=plan, name=WRONG)
    finance = login("finance")
    page = finance.get(f"/plans/{plan.pk}/recheck/").content.decode()
    assert f"指标「{WRONG}」自评得分6分，按评分标准应得10分" in page and "stated-score-mismatch" in page
    assert f'id="recheck-{row.pk}" class="flagged"' in page and 'id="publish"' in page

    no_reason = finance.post(f"/plans/{plan.pk}/recheck/", {"row": row.pk, "score": "10", "reason": ""})
    assert no_reason.status_code == 422 and f"「{WRONG}」的复核得分必须写明理由" in no_reason.content.decode()
    too_high = finance.post(f"/plans/{plan.pk}/recheck/", {"row": row.pk, "score": "99", "reason": "x"})
    assert too_high.status_code == 422 and "超过其分值" in too_high.content.decode()
    text = finance.post(f"/plans/{plan.pk}/recheck/", {"row": row.pk, "score": "满分", "reason": "x"})
    assert text.status_code == 422 and f"「{WRONG}」的复核得分" in text.content.decode()
    assert RecheckScore.objects.count() == 0

    saved = finance.post(
        f"/plans/{plan.pk}/recheck/", {"row": row.pk, "score": "10", "reason": "使用率95.8%≥90%，应得满分"}
    )
    assert saved.status_code == 302
    page = finance.get(saved.url).content.decode()
    assert "使用率95.8%≥90%，应得满分" in page and "已保存「专项资金使用率」的复核得分 10" in page
    assert IndicatorRow.objects.get(pk=row.pk).stated_score == Decimal(6)  # the unit's own stays
    [kept] = RecheckScore.objects.all()
    assert (kept.unit_score, kept.score) == (Decimal(6), Decimal(10))


def test_it_lets_only_the_plan_s_finance_reviewer_recheck_and_publish(
    world: World, login: Callable[[str], Client]
) -> None:
    plan = in_recheck(world)
    row = IndicatorRow.objects.get(plan=plan, name=WRONG)
    form = {"row": row.pk, "score": "10", "reason": "应得满分"}
    for key in ("filler", "head", "dept", "admin"):
        page = login(key).get(f"/plans/{plan.pk}/recheck/").content.decode()
        assert 'id="publish"' not in page and 'name="score"' not in page
        assert login(key).post(f"/plans/{plan.pk}/recheck/", form).status_code == 403
        assert login(key).post(f"/plans/{plan.pk}/publish/").status_code == 403
    for key in OUTSIDERS:
        assert login(key).get(f"/plans/{plan.pk}/recheck/").status_code == 404
        assert login(key).post(f"/plans/{plan.pk}/publish/").status_code == 404
    assert RecheckScore.objects.count() == 0 and Publication.objects.count() == 0
    assert plan_state(plan) is State.EVAL_FINANCE_REVIEW


def test_it_publishes_the_final_score_and_grade_once(world: World, login: Callable[[str], Client]) -> None:
    plan = in_recheck(world)
    row = IndicatorRow.objects.get(plan=plan, name=WRONG)
    finance = login("finance")
    before = finance.get(f"/plans/{plan.pk}/recheck/").content.decode()
    finance.post(f"/plans/{plan.pk}/recheck/", {"row": row.pk, "score": "10", "reason": "应得满分"})
    after = finance.get(f"/plans/{plan.pk}/recheck/").content.decode()
    final = _between(after, 'id="final-score">', "<")
    assert _between(before, 'id="final-score">', "<") != final
    published = finance.post(f"/plans/{plan.pk}/publish/", {"expected": "eval_finance_review"})
    assert published.status_code == 302
    stored = Publication.objects.get(plan=plan)
    assert stored.rechecked == 1 and plan_state(plan) is State.PUBLISHED
    page = finance.get(published.url).content.decode()
    assert f"已发布：百分制得分 {final}" in page
    assert _between(page, 'id="published-grade">', "<") == stored.grade != ""
    assert 'id="publish"' not in page
    again = finance.post(f"/plans/{plan.pk}/publish/", {"expected": "eval_finance_review"})
    assert again.status_code == 409 and "现在处于「已发布」" in again.content.decode()
    assert Publication.objects.count() == 1
    late = finance.post(f"/plans/{plan.pk}/recheck/", {"row": row.pk, "score": "9", "reason": "再改"})
    assert late.status_code == 409 and "只有处于「财政复核」的自评表可以复核" in late.content.decode()


def _between(text: str, start: str, end: str) -> str:
    return text.split(start, 1)[1].split(end, 1)[0]
