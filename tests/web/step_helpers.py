"""Reading the workflow panel's forms as a browser would post them (lxml), for the step tests."""

from __future__ import annotations

from typing import Any

import lxml.html
from django.test import Client


def page_tree(response: Any) -> Any:
    return lxml.html.fromstring(response.content.decode())


def form_fields(tree: Any, form_id: str) -> dict[str, str]:
    """The inputs of the form ``form_id`` with the values the page gave them (CSRF token left out)."""
    [form] = tree.xpath(f'//form[@id="{form_id}"]')
    fields = {}
    for element in form.xpath(".//input | .//textarea"):
        name = element.get("name")
        if name and name != "csrfmiddlewaretoken":
            fields[name] = (element.get("value") if element.tag == "input" else element.text) or ""
    return fields


def text_of(tree: Any, element_id: str) -> str:
    """The text of the element ``element_id`` ("" when the page has none)."""
    found = tree.xpath(f'//*[@id="{element_id}"]')
    return " ".join(found[0].text_content().split()) if found else ""


def submit_explaining_every_warning(client: Client, plan_id: int, text: str = "已核实，情况属实") -> Any:
    """Open the plan page, type ``text`` beside every warning of the submit form, and submit."""
    tree = page_tree(client.get(f"/plans/{plan_id}/"))
    fields = form_fields(tree, "submit-form")
    for name in fields:
        if name.startswith("explain:"):
            fields[name] = text
    return client.post(f"/plans/{plan_id}/steps/submit/", fields)
