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
            "year": self.plan.year,
            "panel": "warnings",  # one of the overview's tables
        }


Send = Callable[[Context], dict[str, Any]]


@dataclass(frozen=True)
class Expect:
    """The status each role gets, and how to make the request (data and content type)."""

    status: dict[str, int]
    send: Send | None = None
    extra: dict[str, Any] = field(default_factory=dict)


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


def writer(ok: int = 200, anon: int = 302, send: Send | None = None) -> Expect:
    """Only the unit's 单位填报人; 403 for those who only see it; 404 for the other department."""
    return Expect(_statuses(ok, anon, ["filler"], OTHER_SIDE, ["head", "dept", "finance", "admin"]), send)


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


def seed_upload(ctx: Context) -> dict[str, Any]:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

    form = {"file": SimpleUploadedFile(SEED.name, SEED.read_bytes()), "unit": ctx.world.unit.pk, "year": 2023}
    return {"data": encode_multipart(BOUNDARY, form), "content_type": MULTIPART_CONTENT}


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
    ("POST", "plans/<int:plan_id>/budget/"): writer(409),
    ("POST", "plans/<int:plan_id>/actuals/"): writer(422),  # no file sent
    ("GET", "plans/<int:plan_id>/download/<str:what>/"): viewer(),
    # the workflow's pages
    ("GET", "todo/"): person(),
    ("GET", "todo/late-<int:year>.xlsx"): finance_only(),
    ("GET", "plans/<int:plan_id>/timeline/"): viewer(),
    ("GET", "plans/<int:plan_id>/timeline.xlsx"): viewer(),
    # monitoring
    ("GET", "monitoring/"): person(),
    ("GET", "monitoring/<int:round_id>/"): reviewers(302),  # to the year's overview with this round
    # overview
    ("GET", "overview/"): reviewers(302),  # to the latest year's
    ("GET", "overview/<int:year>/"): reviewers(),
    ("GET", "overview/<int:year>/<str:panel>.xlsx"): reviewers(),
    ("GET", "monitoring/<int:round_id>/plans/<int:plan_id>/"): viewer(),
    ("POST", "monitoring/<int:round_id>/plans/<int:plan_id>/"): writer(302),  # saved, back to the page
    ("POST", "monitoring/<int:round_id>/plans/<int:plan_id>/upload/"): writer(400),  # no file sent
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
    ("PUT", "api/v1/plans/{plan_id}/actuals"): writer(anon=API, send=actuals_json),
    ("GET", "api/v1/plans/{plan_id}/history"): viewer(anon=API),
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

    plan = create_plan(load_plans(SEED)[0], world.unit, 2023, world.user("filler"), ChangeWay.UPLOAD)
    monitoring_round = Round.objects.create(bureau=world.bureau, year=2023, cut_off=date(2023, 6, 30))
    return Context(world, plan, monitoring_round.pk)


@pytest.mark.parametrize(("method", "route"), sorted(RULES), ids=[f"{m} {r}" for m, r in sorted(RULES)])
def test_it_gives_each_role_its_status(context: Context, method: str, route: str) -> None:
    expect = RULES[(method, route)]
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
