"""The API's description and browsable page: OpenAPI 3, assets from the package, no inline script."""

from __future__ import annotations

import re

from django.test import Client

from tests.web.conftest import World


def test_it_describes_every_operation_in_openapi_3(db: None) -> None:
    doc = Client().get("/api/v1/openapi.json").json()
    assert doc["openapi"].startswith("3.")
    assert {"/api/v1/plans/import", "/api/v1/plans/{plan_id}", "/api/v1/plans/{plan_id}/actuals"} <= set(
        doc["paths"]
    )
    assert set(doc["paths"]["/api/v1/plans/{plan_id}"]) == {"get", "put"}
    transitions = doc["paths"]["/api/v1/plans/{plan_id}/transitions"]["post"]
    body = transitions["requestBody"]["content"]["application/json"]["schema"]
    assert "409" in transitions["description"] and body
    for path in ("timeline", "versions", "diff"):
        assert f"/api/v1/plans/{{plan_id}}/{path}" in doc["paths"]
    assert {p["name"] for p in doc["paths"]["/api/v1/plans/{plan_id}/diff"]["get"]["parameters"]} >= {
        "from",
        "to",
    }
    assert "/api/v1/todo" in doc["paths"]
    schemes = doc["components"]["securitySchemes"]
    assert (
        schemes["TokenAuth"] == {"type": "http", "scheme": "bearer"}
        and schemes["SessionAuth"]["in"] == "cookie"
    )


def test_it_serves_the_docs_page_from_the_package_without_inline_script(world: World) -> None:
    response = Client().get("/api/v1/docs")
    page = response.content.decode()
    assert response.status_code == 200
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    for tag in re.findall(r"<script\b[^>]*>", page):
        # either a file of ours or a JSON data block (not executed, so CSP does not apply)
        assert re.search(r'src="/static/ninja/[\w.-]+\.js"', tag) or 'type="application/json"' in tag, tag
    assert not re.search(r'(src|href)="(https?:)?//', page)  # nothing from another origin
    for asset in re.findall(r'(?:src|href)="(/static/[^"]+)"', page):
        assert Client().get(asset).status_code == 200, asset
