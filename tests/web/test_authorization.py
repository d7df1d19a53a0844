"""The authorisation matrix (权限矩阵): every URL and API operation × every role × own / other
organisation → the expected status.

The list of URLs is generated from the URL configuration (``get_resolver`` for the pages, the OpenAPI
description for the API operations), so a new view without a line in ``RULES`` fails
``test_it_has_a_rule_for_every_url``. Adding one is a line:

    ("GET", "plans/<int:plan_id>/edit/"): viewer(),          # a page every reader of the plan sees
    ("POST", "plans/<int:plan_id>/rows/"): writer(200, send=form({...})),   # only the unit's filler

The object of every URL is the own department's plan (and its unit and first row): "filler", "head",
"dept" are of its unit and department, "finance" and "admin" of the bureau; "other_*" belong to
another department and must get 404, never a 403 that confirms the plan exists. The Django admin's
pages (``admin/…``) follow one rule: staff only, which Django's admin site enforces for all of them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from jixiao.web.api.main import api
from jixiao.web.plans.models import IndicatorRow, Plan
from tests.web.api_helpers import SEED
from tests.web.conftest import PEOPLE, World

ROLES = ["anonymous", *PEOPLE]
OWN_SIDE = ["filler", "head", "dept", "finance", "admin"]
OTHER_SIDE = [k for k in PEOPLE if k.startswith("other_")]


@dataclass
class Context:
    world: World
    plan: Plan
    round_id: int = 0  # a monitoring round of the bureau
    draw_id: int = 0  # a re-check sample drawn by the bureau's 财政审核人
    client: Client | None = None

    @property
    def params(self) -> dict[str, Any]:
        row = IndicatorRow.objects.filter(plan=self.plan).order_by("position").first()
        return {
            "plan_id": self.plan.pk,
            "row_id": row.pk if row else 0,
            "unit_id": self.world.unit.pk,
            "index": 0,  # a row by its place in the table
            "what": "tables.xlsx",  # a download
            "round_id": self.round_id,
            "draw_id": self.draw_id,
            "year": self.plan.year,
            "action": "submit",  # a workflow step (every step × state: test_it_lets_only_…_take_each_step)
            "panel": "warnings",  # one of the overview's tables
        }


Send = Callable[[Context], dict[str, Any]]


@dataclass(frozen=True)
class Expect:
    """The status each role gets, and how to make the request (data and content type)."""

    status: dict[str, int]
    send: Send | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    state: str = ""  # the workflow state the plan is put in first (actual values: "eval_filling")


def _statuses(ok: int, anon: int, allowed: list[str], hidden: list[str], denied: list[str]) -> dict[str, int]:
    out = {"anonymous": anon}
    out.update(dict.fromkeys(allowed, ok))
    out.update(dict.fromkeys(hidden, 404))
    out.update(dict.fromkeys(denied, 403))
    return out


def anyone(ok: int = 200, send: Send | None = None) -> Expect:
    return Expect(dict.fromkeys(ROLES, ok), send)


def person(ok: int = 200, anon: int = 302, send: Send | None = None) -> Expect:
    """Any logged-in person."""
    return Expect(_statuses(ok, anon, list(PEOPLE), [], []), send)


def viewer(ok: int = 200, anon: int = 302, send: Send | None = None) -> Expect:
    """Those who may see the plan (or unit); 404 for the other department."""
    return Expect(_statuses(ok, anon, OWN_SIDE, OTHER_SIDE, []), send)


def writer(ok: int = 200, anon: int = 302, send: Send | None = None, state: str = "") -> Expect:
    """Only the unit's 单位填报人; 403 for those who only see it; 404 for the other department."""
    denied = ["head", "dept", "finance", "admin"]
    return Expect(_statuses(ok, anon, ["filler"], OTHER_SIDE, denied), send, state=state)


EVAL = "eval_filling"  # actual values are filled in 自评填报 only


def unit_filler_anywhere(ok: int = 200) -> Expect:
    """Any unit's 单位填报人 (the page lists only their own units); 403 for everyone else."""
    return Expect(
        _statuses(
            ok,
            302,
            ["filler", "other_filler"],
            [],
            ["head", "dept", "finance", "admin", "other_head", "other_dept"],
        )
    )


def reviewers(ok: int = 200) -> Expect:
    """The departments' and the bureau's reviewers, and administrators (each sees their own units)."""
    return Expect(
        _statuses(
            ok,
            302,
            ["dept", "finance", "admin", "other_dept"],
            [],
            ["filler", "head", "other_filler", "other_head"],
        )
    )


def finance_only(ok: int = 200) -> Expect:
    return Expect(_statuses(ok, 302, ["finance"], [], [k for k in PEOPLE if k != "finance"]))


def plan_finance(ok: int = 200, state: str = "") -> Expect:
    """Only the 财政审核人 of the bureau above the plan; 403 for the others who see it."""
    denied = ["filler", "head", "dept", "admin"]
    return Expect(_statuses(ok, 302, ["finance"], OTHER_SIDE, denied), state=state)


RECHECK = "eval_finance_review"  # 财政复核


def login_page() -> Expect:
    return Expect({**dict.fromkeys(PEOPLE, 302), "anonymous": 200})


# ── what is sent with a write ─────────────────────────────────────────────────────────────────


def plan_json(ctx: Context) -> dict[str, Any]:
    """The plan as the API gives it (fresh: its revision moves with each saved change)."""
    reader = Client()
    reader.force_login(ctx.world.user("admin"))
    return {"data": reader.get(f"/api/v1/plans/{ctx.plan.pk}").json(), "content_type": "application/json"}


def actuals_json(ctx: Context) -> dict[str, Any]:
    name = IndicatorRow.objects.filter(plan=ctx.plan).order_by("position").first()
    assert name is not None
    return {
        "data": {"plans": [{"indicators": [{"name": name.name, "actual": 1}]}]},
        "content_type": "application/json",
    }


def entry_json(ctx: Context) -> dict[str, Any]:
    return {"data": {"indicators": [{"index": 0, "to_date": 1}]}, "content_type": "application/json"}


def submit_json(ctx: Context) -> dict[str, Any]:
    return {"data": {"action": "submit"}, "content_type": "application/json"}


def seed_upload(ctx: Context) -> dict[str, Any]:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

    form = {"file": SimpleUploadedFile(SEED.name, SEED.read_bytes()), "unit": ctx.world.unit.pk, "year": 2023}
    return {"data": encode_multipart(BOUNDARY, form), "content_type": MULTIPART_CONTENT}


def submission(ctx: Context) -> dict[str, Any]:
    """A submission of the plan (the seed's department plan: its error findings block it, 422)."""
    return {"data": {"action": "submit"}, "content_type": "application/json"}


# ── the rules: one line per URL and method ────────────────────────────────────────────────────

API = 401  # what an anonymous caller of the API gets

RULES: dict[tuple[str, str], Expect] = {
    # pages
    ("GET", ""): person(),
    ("GET", "login/"): login_page(),
    ("POST", "logout/"): anyone(302),
    ("GET", "logout/"): anyone(405),
    ("GET", "me/"): person(),
    ("POST", "me/tokens/"): person(302),
    ("GET", "plans/"): person(),
    ("GET", "plans/<int:plan_id>/"): viewer(),
    ("GET", "plans/<int:plan_id>/rows/<int:row_id>/history/"): viewer(),
    ("GET", "units/<int:unit_id>/changes/"): viewer(),
    # the API's description and browsable page
    # the plan pages (edit in place, paste, self-evaluation, downloads); a bare POST without the revision
    # the page showed is refused as stale (409) or as incomplete (422, 400): past the permission check
    ("GET", "plans/upload/"): unit_filler_anywhere(),
    ("POST", "plans/upload/"): unit_filler_anywhere(422),  # no file sent
    ("POST", "plans/upload/confirm/"): anyone(302),  # nothing waits in this session: back to the upload page
    ("POST", "plans/<int:plan_id>/rows/<int:index>/"): writer(409),
    ("POST", "plans/<int:plan_id>/rows/<int:index>/rule/"): writer(),
    ("POST", "plans/<int:plan_id>/rows/<int:index>/delete/"): writer(409),
    ("POST", "plans/<int:plan_id>/rows/<int:index>/move/"): writer(409),
    ("POST", "plans/<int:plan_id>/rows/add/"): writer(409),
    ("POST", "plans/<int:plan_id>/paste/"): writer(409),
    ("GET", "plans/<int:plan_id>/self-evaluation/"): viewer(),
    ("POST", "plans/<int:plan_id>/budget/"): writer(409, state=EVAL),
    ("POST", "plans/<int:plan_id>/actuals/"): writer(422, state=EVAL),  # no file sent
    ("GET", "plans/<int:plan_id>/download/<str:what>/"): viewer(),
    # the workflow's pages
    ("GET", "todo/"): person(),
    ("GET", "todo/late-<year:year>.xlsx"): finance_only(),
    ("GET", "plans/<int:plan_id>/timeline/"): viewer(),
    ("GET", "plans/<int:plan_id>/timeline.xlsx"): viewer(),
    # workflow: self-evaluation, re-check, publication (a bare POST: past the permission check, refused)
    ("GET", "plans/<int:plan_id>/recheck/"): viewer(),
    ("POST", "plans/<int:plan_id>/recheck/"): plan_finance(422, state=RECHECK),  # no score sent
    ("POST", "plans/<int:plan_id>/publish/"): plan_finance(302, state=RECHECK),  # published
    ("GET", "recheck/samples/"): finance_only(),
    ("POST", "recheck/samples/"): finance_only(302),  # drawn with the form's defaults
    ("GET", "recheck/samples/<int:draw_id>/"): finance_only(),
    ("GET", "deadlines/"): finance_only(),
    ("POST", "deadlines/"): finance_only(422),  # no stage or date sent
    # workflow: declaration steps and versions (every step × state × role below, page and bulk)
    ("POST", "plans/<int:plan_id>/steps/<str:action>/"): writer(422),  # the draft's error blocks it
    ("GET", "plans/<int:plan_id>/flow-panel/"): viewer(),
    ("GET", "plans/<int:plan_id>/versions/"): viewer(),
    ("GET", "plans/<int:plan_id>/versions.xlsx"): viewer(),
    ("GET", "plans/review/"): person(),  # each sees the plans they may see
    ("POST", "plans/review/bulk/"): person(302),  # each plan refused on its own, named: back to the list
    # monitoring
    ("GET", "monitoring/"): person(),
    ("GET", "monitoring/<int:round_id>/"): reviewers(302),  # to the year's overview with this round
    # overview
    ("GET", "overview/"): reviewers(302),  # to the latest year's
    ("GET", "overview/<year:year>/"): reviewers(),
    ("GET", "overview/<year:year>/<str:panel>.xlsx"): reviewers(),
    ("GET", "monitoring/<int:round_id>/plans/<int:plan_id>/"): viewer(),
    ("POST", "monitoring/<int:round_id>/plans/<int:plan_id>/"): writer(302),  # saved, back to the page
    ("POST", "monitoring/<int:round_id>/plans/<int:plan_id>/upload/"): writer(400),  # no file sent
    # monitoring workflow and results applied; a step without its action is refused past the visibility check
    ("POST", "monitoring/<int:round_id>/plans/<int:plan_id>/step/"): viewer(400),
    ("GET", "results/<year:year>/"): reviewers(),
    ("GET", "results/<year:year>.xlsx"): reviewers(),
    ("GET", "results/policy/"): reviewers(),
    ("POST", "results/policy/"): finance_only(422),  # an empty form is not a policy
    # the indicator library: names, categories and spreads are shared with every logged-in person
    ("GET", "library/"): person(),
    ("GET", "library/entry/"): person(404),  # no entry named
    ("GET", "library/suggest/"): person(),
    ("GET", "library/export.xlsx"): person(),
    ("GET", "api/v1/"): anyone(404),
    ("GET", "api/v1/openapi.json"): anyone(),
    ("GET", "api/v1/docs"): anyone(),
    # API operations (paths as in /api/v1/openapi.json)
    ("GET", "api/v1/units"): person(anon=API),
    ("GET", "api/v1/plans"): person(anon=API),
    ("POST", "api/v1/plans/import"): writer(201, anon=API, send=seed_upload),
    ("GET", "api/v1/plans/{plan_id}"): viewer(anon=API),
    ("PUT", "api/v1/plans/{plan_id}"): writer(anon=API, send=plan_json),
    ("GET", "api/v1/plans/{plan_id}/review"): viewer(anon=API),
    ("GET", "api/v1/plans/{plan_id}/score"): viewer(anon=API),
    ("PUT", "api/v1/plans/{plan_id}/actuals"): writer(anon=API, send=actuals_json, state=EVAL),
    ("GET", "api/v1/plans/{plan_id}/history"): viewer(anon=API),
    ("GET", "api/v1/library"): person(anon=API),  # names and spreads for all; unit rows as visible
    # the workflow's API (every transition × role × organisation: test_it_takes_each_transition_…)
    ("POST", "api/v1/plans/{plan_id}/transitions"): writer(422, anon=API, send=submission),  # blocked
    ("GET", "api/v1/plans/{plan_id}/timeline"): viewer(anon=API),
    ("GET", "api/v1/plans/{plan_id}/versions"): viewer(anon=API),
    ("GET", "api/v1/plans/{plan_id}/diff"): viewer(422, anon=API),  # no versions named
    ("GET", "api/v1/todo"): person(anon=API),
    # monitoring workflow and results applied: the monitoring API (a draft plan: a submission is refused, 409)
    ("GET", "api/v1/monitoring/rounds"): person(anon=API),
    ("GET", "api/v1/monitoring/rounds/{round_id}/plans/{plan_id}"): viewer(anon=API),
    ("PUT", "api/v1/monitoring/rounds/{round_id}/plans/{plan_id}"): writer(anon=API, send=entry_json),
    ("POST", "api/v1/monitoring/rounds/{round_id}/plans/{plan_id}/transitions"): writer(
        409, anon=API, send=submit_json
    ),
}
ADMIN_PREFIX = "admin/"


# ── the URLs, generated ───────────────────────────────────────────────────────────────────────


def _walk(patterns: list[Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _walk(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), p.callback


def page_routes() -> set[str]:
    """Every route of the URL configuration except the API's operations and the admin site."""
    return {
        route
        for route, callback in _walk(get_resolver().url_patterns)
        if getattr(callback, "__module__", "") != "ninja.operation" and not route.startswith(ADMIN_PREFIX)
    }


def api_operations() -> set[tuple[str, str]]:
    paths = api.get_openapi_schema()["paths"]
    return {(method.upper(), path.lstrip("/")) for path, methods in paths.items() for method in methods}


def test_it_has_a_rule_for_every_url() -> None:
    ruled = {route for (_method, route) in RULES}
    assert page_routes() - ruled == set(), "URL without a rule in RULES"
    assert api_operations() - set(RULES) == set(), "API operation without a rule in RULES"
    known = page_routes() | {route for (_m, route) in api_operations()}
    assert {route for (_m, route) in RULES} - known == set(), "rule for a URL that no longer exists"


def _url(route: str, params: dict[str, Any]) -> str:
    filled = re.sub(
        r"<(?:\w+:)?(\w+)>|\{(?:\w+:)?(\w+)\}", lambda m: str(params[m.group(1) or m.group(2)]), route
    )
    return "/" + filled


def _client(ctx: Context, role: str) -> Client:
    client = Client()
    if role != "anonymous":
        client.force_login(ctx.world.user(role))
    return client


@pytest.fixture
def context(world: World) -> Context:
    from jixiao.documents.load import load_plans
    from jixiao.web.monitoring.models import Round
    from jixiao.web.plans.convert import create_plan
    from jixiao.web.plans.models import ChangeWay
    from jixiao.web.workflow.services import draw_recheck_sample

    plan = create_plan(load_plans(SEED)[0], world.unit, 2023, world.user("filler"), ChangeWay.UPLOAD)
    monitoring_round = Round.objects.create(bureau=world.bureau, year=2023, cut_off=date(2023, 6, 30))
    draw = draw_recheck_sample(world.user("finance"), 2023, 1, "权限矩阵")
    return Context(world, plan, monitoring_round.pk, draw.pk)


@pytest.mark.parametrize(("method", "route"), sorted(RULES), ids=[f"{m} {r}" for m, r in sorted(RULES)])
def test_it_gives_each_role_its_status(context: Context, method: str, route: str) -> None:
    expect = RULES[(method, route)]
    if expect.state:
        from jixiao.web.workflow.models import PlanFlow

        PlanFlow.objects.update_or_create(plan=context.plan, defaults={"state": expect.state})
    wrong = []
    for role in ROLES:
        kwargs = expect.send(context) if expect.send else {}
        response = _client(context, role).generic(method, _url(route, context.params), **_encoded(kwargs))
        if response.status_code != expect.status[role]:
            wrong.append(f"{role}: {response.status_code} (expected {expect.status[role]})")
    assert wrong == []


def _encoded(kwargs: dict[str, Any]) -> dict[str, Any]:
    """``Client.generic`` takes bytes: JSON data is encoded as the client's put() would."""
    import json

    data = kwargs.get("data", b"")
    if kwargs.get("content_type") == "application/json":
        data = json.dumps(data).encode()
    return {"data": data, "content_type": kwargs.get("content_type", "application/octet-stream")}


def admin_pages() -> list[str]:
    """The admin index and each registered model's list page."""
    return [reverse("admin:index")] + [
        reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        for model in admin.site._registry
    ]


def test_it_lets_only_staff_into_the_admin_site(context: Context) -> None:
    wrong = []
    for url in admin_pages():
        for role in ROLES:
            response = _client(context, role).get(url)
            expected = 200 if role == "admin" else 302
            if response.status_code != expected or (expected == 302 and "/admin/login/" not in response.url):
                wrong.append(f"{url} {role}: {response.status_code}")
    assert wrong == []


# ── the workflow's transitions through the API: every state × action × role × organisation ───────

TAKERS: dict[tuple[str, str], set[str]] = {
    ("draft", "submit"): {"filler"},
    ("unit_review", "approve"): {"head"},
    ("unit_review", "return"): {"head"},
    ("department_review", "approve"): {"dept"},
    ("department_review", "return"): {"dept"},
    ("finance_review", "approve"): {"finance"},
    ("finance_review", "return"): {"finance"},
    ("approved", "adjust"): {"filler"},
    ("approved", "reopen"): {"filler", "finance"},
    ("eval_filling", "submit"): {"filler"},
    ("eval_unit_review", "approve"): {"head"},
    ("eval_unit_review", "return"): {"head"},
    ("eval_department_review", "approve"): {"dept"},
    ("eval_department_review", "return"): {"dept"},
    ("eval_finance_review", "publish"): {"finance"},
    ("eval_finance_review", "return"): {"finance"},
}
"""Who (of the own organisations) takes each step in each state, written out from docs/workflow.md
(not read from the code under test); pages, bulk and the API are checked against it."""
FLOW_STATES = sorted({s for s, _a in TAKERS} | {"published"})
FLOW_ACTIONS = ["submit", "approve", "return", "adjust", "reopen", "publish"]


def _transition_status(state: str, action: str, role: str) -> int:
    if role == "anonymous":
        return API
    if role in OTHER_SIDE:
        return 404  # another department's people do not learn that the plan exists
    takers = TAKERS.get((state, action))
    if takers is None:
        return 409  # not possible in this state, whoever asks
    return 201 if role in takers else 403


@pytest.mark.parametrize("state", FLOW_STATES)
def test_it_takes_each_transition_only_by_its_role_and_organisation(world: World, state: str) -> None:
    from jixiao.web.workflow.models import PlanFlow, Transition
    from tests.web.workflow_helpers import explanations, stored

    plan = stored(world)  # the seed's project plan: warnings only, explained below
    explained = [{"finding": e.code, "indicator": e.indicator, "text": e.text} for e in explanations(plan)]
    body = {"action": "", "reason": "权限矩阵", "explanations": explained}
    wrong = []
    for action in FLOW_ACTIONS:
        for role in ROLES:
            PlanFlow.objects.update_or_create(
                plan=plan, defaults={"state": state, "version": 1, "returned_from": ""}
            )
            before = Transition.objects.filter(plan=plan).count()
            response = _client(Context(world, plan), role).post(
                f"/api/v1/plans/{plan.pk}/transitions",
                body | {"action": action},
                content_type="application/json",
            )
            expected = _transition_status(state, action, role)
            recorded = Transition.objects.filter(plan=plan).count() - before
            if response.status_code != expected or recorded != (expected == 201):
                wrong.append(
                    f"{action} by {role}: {response.status_code} (expected {expected}), {recorded} recorded"
                )
    assert wrong == []


# ── every step of the flow × state × role, own and other organisation (pages and bulk) ─────────


def test_it_has_a_taker_line_for_every_step_of_the_flow() -> None:
    from jixiao.core.workflow import STEPS, Stage

    plan_steps = {(s.value, a.value) for s, a in STEPS if s.stage is not Stage.MONITORING}
    # a round's monitoring entry has its own: tests/test_workflow_monitoring.py, web/test_monitoring_step.py
    assert set(TAKERS) == plan_steps


def _put_in(ctx: Context, state: str) -> None:
    """The context's plan in ``state`` (version 1, not returned), as a test's starting point."""
    from jixiao.web.workflow.models import PlanFlow

    PlanFlow.objects.update_or_create(
        plan=ctx.plan, defaults={"state": state, "version": 1, "returned_from": ""}
    )


def _state(ctx: Context) -> str:
    from jixiao.web.workflow.models import PlanFlow

    return PlanFlow.objects.get(plan=ctx.plan).state


def _step_status(state: str, action: str, role: str) -> int:
    if role == "anonymous":
        return 302
    if role in OTHER_SIDE:
        return 404
    takers = TAKERS.get((state, action))
    if takers is None:
        return 409  # not a step of this state: refused with the steps that are possible
    if role not in takers:
        return 403
    return 422 if action == "submit" else 302  # the department plan's weight-sum error blocks a submission


@pytest.mark.parametrize("state", FLOW_STATES)
def test_it_lets_only_the_step_s_people_take_each_step(context: Context, state: str) -> None:
    """POST /plans/<id>/steps/<action>/ for every action in ``state``, by every role: the status, and
    the state moves only when the step was taken."""
    from jixiao.core.workflow import Action

    wrong = []
    for action in [a.value for a in Action]:
        for role in ROLES:
            _put_in(context, state)
            response = _client(context, role).post(
                f"/plans/{context.plan.pk}/steps/{action}/", {"reason": "意见", "expected": state}
            )
            expected = _step_status(state, action, role)
            moved = _state(context) != state
            taken = expected == 302 and role != "anonymous"
            if response.status_code != expected or moved != taken:
                wrong.append(f"{action} {role}: {response.status_code} (expected {expected}), moved={moved}")
    assert wrong == []


@pytest.mark.parametrize("state", ["unit_review", "department_review", "finance_review", "eval_unit_review"])
def test_it_lets_only_the_step_s_people_approve_or_return_in_bulk(context: Context, state: str) -> None:
    """POST /plans/review/bulk/ with the plan ticked: every logged-in person gets the list back; only
    the step's people move the plan, the others are told why (their refusal names the plan)."""
    wrong = []
    for action in ("approve", "return"):
        for role in ROLES:
            _put_in(context, state)
            client = _client(context, role)
            response = client.post(
                "/plans/review/bulk/", {"plan": context.plan.pk, "action": action, "reason": "意见"}
            )
            moved = _state(context) != state
            allowed = role in TAKERS[(state, action)]
            if response.status_code != 302 or moved != allowed:
                wrong.append(f"{action} {role}: {response.status_code}, moved={moved}")
    assert wrong == []


def test_seeing_a_unit_decided_in_python_agrees_with_the_query(world: World) -> None:
    """``permissions.sees`` (one plan's unit, from the memberships read) and ``visible_units`` (the
    lists' query) give the same answer for every person × organisation, a unit directly under the
    bureau and a department (which has no plans) included."""
    from django.contrib.auth.models import AnonymousUser

    from jixiao.web.accounts.models import Organisation, OrgKind
    from jixiao.web.accounts.permissions import sees, visible_units

    Organisation.objects.create(name="直属单位", kind=OrgKind.UNIT, parent=world.bureau)
    people = [AnonymousUser(), *world.people.values()]
    answers = set()
    for person in people:
        for organisation in Organisation.objects.select_related("parent"):
            expected = visible_units(person).filter(pk=organisation.pk).exists()
            assert sees(person, organisation) == expected, (person, organisation)
            answers.add(expected)
    assert answers == {True, False}


def test_a_persons_memberships_are_read_once_with_their_organisations(
    world: World, django_assert_num_queries: Any
) -> None:
    """``permissions.memberships``: every role a person holds, each with its organisation (the tree's
    parent id too), in the order they were given, from one query however often it is asked."""
    from django.contrib.auth.models import User

    from jixiao.web.accounts.models import Membership, Role
    from jixiao.web.accounts.permissions import memberships

    Membership.objects.create(user=world.user("dept"), organisation=world.other_unit, role=Role.UNIT_HEAD)
    person = User.objects.get(pk=world.user("dept").pk)
    with django_assert_num_queries(1):
        held = memberships(person)
        again = memberships(person)
        read = [(m.role, m.organisation.name, m.organisation.kind, m.organisation.parent_id) for m in held]
    assert again is held
    assert read == [
        (Role.DEPARTMENT_REVIEWER, world.department.name, "department", world.bureau.pk),
        (Role.UNIT_HEAD, world.other_unit.name, "unit", world.other_department.pk),
    ]
