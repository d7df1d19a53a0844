"""The disclosure pack (公开版): what may be published, with internal fields left out.

``public_plan`` returns a copy of a plan without
- reasons marked internal (偏差原因 starting with "内部：" or "【内部】");
- the personal names of the information block: the values of 联系人, 负责人, 填报人, 项目负责人,
  财务负责人 (and similar) fields are dropped with their fields, and wherever else those names
  appear in the information block they are replaced by "××";
- phone numbers in the information block (mobile 1[3-9]xxxxxxxxx, landlines such as
  0731-28686000 or (0731)28686000, and the fields 联系电话/手机/电话 themselves).
Review findings are never part of a public document; the writers leave them out when asked for one.
"""

from __future__ import annotations

import re
from dataclasses import replace

from jixiao.core.model import Indicator, Plan

INTERNAL_MARKERS = ("内部：", "内部:", "【内部】")
PERSON_LABELS = ("联系人", "负责人", "填报人", "经办人", "审核人", "分管领导")
"""A field whose label contains one of these holds a person's name (项目负责人, 财务负责人 …)."""
PHONE_LABELS = ("电话", "手机", "联系方式", "传真")

MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
LANDLINE_WITH_AREA = re.compile(
    r"(?<!\d)(?:\(0\d{2,3}\)|（0\d{2,3}）|0\d{2,3}-)[2-8]\d{6,7}(?!\d)(?:-\d{1,5})?"
)
PHONE_AFTER_WORD = re.compile(r"((?:电话|手机|联系方式|传真)[:：]?\s*)[\d\-－()（）]{7,}")
REDACTED = "××"
_NAME_SEPARATORS = re.compile(r"[\s、，,；;/（）()：:电话手机]+")


def is_internal(reason: str) -> bool:
    return reason.lstrip().startswith(INTERNAL_MARKERS)


def redact_phones(text: str) -> str:
    """Mobile numbers and landlines written with an area code replaced by ××."""
    text = PHONE_AFTER_WORD.sub(lambda m: m.group(1) + REDACTED, text)
    return LANDLINE_WITH_AREA.sub(REDACTED, MOBILE.sub(REDACTED, text))


def public_plan(plan: Plan) -> Plan:
    """A copy of ``plan`` fit for publication (see the module docstring)."""
    names = [
        name
        for label, value in plan.info.items()
        if any(word in label for word in PERSON_LABELS)
        for name in _NAME_SEPARATORS.split(MOBILE.sub(" ", LANDLINE_WITH_AREA.sub(" ", value)))
        if len(name) >= 2 and not any(ch.isdigit() for ch in name)
    ]

    def scrub(text: str) -> str:
        text = redact_phones(text)
        for name in names:
            text = text.replace(name, REDACTED)
        return text

    info = {
        label: scrub(value)
        for label, value in plan.info.items()
        if not any(word in label for word in (*PERSON_LABELS, *PHONE_LABELS))
    }
    return replace(
        plan,
        title=scrub(plan.title),
        unit=scrub(plan.unit),
        duties=scrub(plan.duties),
        goal=scrub(plan.goal),
        achieved=scrub(plan.achieved),
        info=info,
        indicators=[_public_indicator(ind) for ind in plan.indicators],
    )


def _public_indicator(ind: Indicator) -> Indicator:
    if is_internal(ind.reason):
        return replace(ind, reason="")
    return ind
