"""What a table's wording means (表格用语): categories, directions, bare units, template placeholders.

Published tables say the same thing in many ways. These rules read the words a table *did* write
and never add a word it did not:

- **Categories** (一级指标): the older naming 项目产出/项目完成 is 产出指标, 项目效果/项目效益/效果指标 is
  效益指标 (财预〔2020〕10号 and the earlier provincial templates); ``category_family`` gives the
  normalised category, the table keeps its own label.
- **Direction when no comparator is written** (``default_comparator``): lower is better for amounts
  under 成本指标, for counts of adjustments, errors, accidents and complaints with a target of 0, for
  a rate written "-0%" and for rates named after something to avoid (差错率, 结转结余率, 投诉率,
  事故发生率); a bare 100% is = 100 (a rate cannot exceed it); anything else is ≥.
- **A value holding only a unit** ("公里", "≧ %"): a target left unfilled (``unit_only``).
- **Template placeholders** ("(≥**个)", "≥**%", "XX", "××"): never a target (``strip_placeholders``).
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

from jixiao.core.labels import to_simplified
from jixiao.core.model import Comparator

CATEGORY_FAMILIES: tuple[tuple[str, str], ...] = (
    ("产出", "产出指标"),
    ("项目产出", "产出指标"),
    ("项目完成", "产出指标"),
    ("效益", "效益指标"),
    ("项目效益", "效益指标"),
    ("项目效果", "效益指标"),
    ("效果", "效益指标"),
    ("满意", "满意度指标"),
    ("服务对象满意", "满意度指标"),
    ("成本", "成本指标"),
)
"""一级 label prefixes (after removing spaces, line breaks and punctuation) → the normalised category."""

_NOT_WORD = re.compile(r"[\s\W_]+")
_SCORE = re.compile(r"\d+(?:\.\d+)?分$")
_SATISFACTION = re.compile(r"[\u4e00-\u9fff]{0,16}(?:满意度指标|满意度|满意指标)")
"""A category label of Chinese words only ending so ("群众满意度指标", "受益对象满意度") names whose
satisfaction it measures: it is of the 满意度 family (财预〔2021〕101号: 一级 产出, 效益, 满意度;
二级 服务对象满意度). A digit or a letter in it ("1满意度指标": cells run together) makes it no label."""


def _category_key(label: str) -> str:
    """A category label as compared: simplified, no spaces or punctuation, no trailing score
    ("滿意度指標（10分）" → "满意度指标")."""
    return _SCORE.sub("", _NOT_WORD.sub("", to_simplified(label)))


@lru_cache(maxsize=4096)  # a few hundred labels recur in every plan a review or the library reads
def category_family(level1: str) -> str | None:
    """The normalised 一级 category (一级指标类别) a label names: "项目效果" → "效益指标",
    "项目完成\\n指标" → "产出指标", "满意度指标（10分）" → "满意度指标"; every label naming whose
    satisfaction it measures ("社会公众或服务对象满意度指标", "服務對象滿意度指標（10分）") →
    "满意度指标"; None for any other label. Traditional characters, spaces and a score are ignored.

    Source: 财预〔2020〕10号 附件 (产出, 效益, 满意度; 成本 from 财预〔2021〕101号) and the older
    项目产出/项目效果 naming of provincial templates.
    """
    key = _category_key(level1)
    best: tuple[int, str] | None = None
    for prefix, family in CATEGORY_FAMILIES:
        if key.startswith(prefix) and (best is None or len(prefix) > best[0]):
            best = (len(prefix), family)
    if best is None and _SATISFACTION.fullmatch(key):
        return "满意度指标"
    return best[1] if best else None


LEVEL2_FAMILIES: tuple[tuple[str, str], ...] = (
    ("经济成本", "成本指标"),
    ("社会成本", "成本指标"),
    ("生态环境成本", "成本指标"),
    ("生态成本", "成本指标"),
    ("环境成本", "成本指标"),
    ("数量", "产出指标"),
    ("质量", "产出指标"),
    ("时效", "产出指标"),
    ("成本", "产出指标"),  # the older hierarchy: 成本 under 产出
    ("产出", "产出指标"),  # 产出数量, 产出质量 (the 项目产出 naming)
    ("经济效益", "效益指标"),
    ("社会效益", "效益指标"),
    ("生态效益", "效益指标"),
    ("可持续", "效益指标"),
    ("服务对象满意", "满意度指标"),
    ("满意", "满意度指标"),
    ("社会公众满意", "满意度指标"),
)
"""二级 label prefixes → the 一级 category they belong to, in both hierarchies of DOMAIN.md."""


@lru_cache(maxsize=4096)
def level1_of_level2(level2: str) -> str | None:
    """The 一级 category a 二级 label belongs to ("数量指标" → "产出指标", "社会效益指标" →
    "效益指标", "经济成本指标" → "成本指标"); None for a label that is no 二级 category."""
    key = _category_key(level2)
    for prefix, family in LEVEL2_FAMILIES:
        if key.startswith(prefix):
            return family
    return "满意度指标" if _SATISFACTION.fullmatch(key) else None


MONEY_UNITS = frozenset(
    {"元", "万", "万元", "亿元", "千元", "元/人", "元/年", "万元/年", "元/人/年", "元/次"}
)
LOWER_IS_BETTER_RATES = (
    "差错率",
    "结转结余率",
    "结转结余资金率",
    "结余率",
    "调整率",  # 预算调整率: a budget changed during the year (财预〔2020〕10号 附件 counts 预算调整 against it)
    "投诉率",
    "事故发生率",
    "事故率",
    "发生率",
    "失误率",
    "返工率",
    "违规率",
    "空置率",
    "误差率",
    "不合格率",
    "流失率",
    "辍学率",
)
"""Rates named after something to avoid: lower is better."""
LOWER_IS_BETTER_COUNTS = ("调整次数", "调整", "差错", "事故", "投诉", "错误", "失误", "违规", "违纪", "事件")
"""Counts (of 次, 起, 件 …) that a target of 0 names as something to avoid."""


def default_comparator(
    level1: str, level2: str, name: str, number: Decimal | None, unit: str, written: str
) -> Comparator:
    """The comparator of a numeric target written without one (指标方向): see the module docstring.

    ``written`` is the value text as the table wrote it ("-0%", "100%"); ``number`` its number and
    ``unit`` its unit (from the value or the 计量单位 column). Never QUALITATIVE: the caller decides that.
    """
    if number is None:
        return Comparator.GE
    if written.strip().startswith(("-", "－", "−")) and number == 0:
        return Comparator.LE  # "-0%": not one more than none
    if any(name.endswith(word) or word in name for word in LOWER_IS_BETTER_RATES):
        return Comparator.LE
    if number == 0 and any(word in name for word in LOWER_IS_BETTER_COUNTS):
        return Comparator.LE
    if unit in MONEY_UNITS and "成本" in f"{level1}{level2}":
        return Comparator.LE
    if number == 100 and unit.strip() in ("%", "％"):
        return Comparator.EQ
    return Comparator.GE


# ── values that are no target ────────────────────────────────────────────────────────────────

_PLACEHOLDER = r"(?:\*{2,}|[Xx×＊]{2,}|[△□○]{2,}|_{2,})"
_BRACKETED_PLACEHOLDER = re.compile(rf"[(（][^()（）]*{_PLACEHOLDER}[^()（）]*[)）]")
_PLACEHOLDER_RE = re.compile(_PLACEHOLDER)
_COMPARATOR_GLYPHS = re.compile(r"^(?:>=|<=|=>|=<|[≥≤≧≦⩾⩽<>=＞＜＝]|不少于|不低于|不高于|不超过|大于|小于)")
_UNIT_WORDS = frozenset(
    {
        "%",
        "‰",
        "个",
        "家",
        "种",
        "人",
        "人次",
        "次",
        "项",
        "件",
        "台",
        "套",
        "辆",
        "座",
        "所",
        "户",
        "名",
        "位",
        "篇",
        "份",
        "场",
        "期",
        "批",
        "条",
        "处",
        "间",
        "部",
        "本",
        "册",
        "张",
        "元",
        "万元",
        "亿元",
        "天",
        "日",
        "月",
        "个月",
        "年",
        "周",
        "小时",
        "分钟",
        "工作日",
        "米",
        "公里",
        "千米",
        "平方米",
        "平方公里",
        "立方米",
        "亩",
        "万亩",
        "公顷",
        "吨",
        "万吨",
        "株",
        "棵",
        "头",
        "只",
        "块",
        "栋",
        "万人",
        "万人次",
        "km",
        "m",
        "m2",
        "m²",
        "m3",
        "kg",
        "t",
    }
)
"""Units a value cell may hold with no number: the cell is then a target left unfilled."""
_SPACES = re.compile(r"\s+")


def has_placeholder(text: str) -> bool:
    """Whether a name or value holds a template placeholder (模板占位符): "**", "XX", "××"."""
    return _PLACEHOLDER_RE.search(text) is not None


def strip_placeholders(text: str) -> str:
    """A name without its template placeholder: "景点开发数量(≥**个)" → "景点开发数量"."""
    stripped = _BRACKETED_PLACEHOLDER.sub("", text).strip()
    return stripped or text


def unit_only(text: str) -> tuple[Comparator | None, str] | None:
    """A value cell that holds a unit and no number (只有单位), with any comparator written and
    template placeholders ignored: "公里" → (None, "公里"), "≧ %" → (≥, "%"), "≥**%" → (≥, "%").
    None when the text holds anything else (a number, a phrase)."""
    plain = _SPACES.sub("", text).replace("≧", "≥").replace("≦", "≤")
    plain = _PLACEHOLDER_RE.sub("", plain)
    comparator: Comparator | None = None
    glyph = _COMPARATOR_GLYPHS.match(plain)
    if glyph:
        word = glyph.group(0)
        comparator = (
            Comparator.GE
            if word in (">=", "=>", "≥", ">", "＞", "不少于", "不低于", "大于", "⩾")
            else Comparator.EQ
            if word in ("=", "＝")
            else Comparator.LE
        )
        plain = plain[glyph.end() :]
    plain = plain.replace("％", "%")
    if plain in _UNIT_WORDS:
        return comparator, plain
    return None


_NAME_UNIT = re.compile(r"[(（]([^()（）]{1,8})[)）]$")


def unit_in_name(name: str) -> str:
    """The unit a name gives in its closing brackets, alone or in a template's placeholder:
    "开展修复工程(个)" → "个", "成活率(≥**%)" → "%"; "" when none."""
    match = _NAME_UNIT.search(name.strip())
    if match is None:
        return ""
    found = unit_only(match.group(1))
    return found[1] if found else ""


# ── deadlines ────────────────────────────────────────────────────────────────────────────────

Deadline = tuple[int | None, int, int]
"""(year or None when not written, month, day): the last day a deadline allows."""

_DATE = re.compile(
    r"(?:(?P<year>(?:19|20)\d{2})\s*(?P<ysep>年|[.\-/／．])\s*)?(?P<month>1[0-2]|0?[1-9])\s*(?P<sep>月|[.\-/／．])?"
    r"(?:\s*(?P<day>[12]\d|3[01]|0?[1-9])\s*日?)?(?P<end>底|末)?"
)
_MONTH_ENDS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_DEADLINE_WORDS = re.compile(r"^(?:于|在|截至|截止|截止到)?")
_DEADLINE_REST = re.compile(r"^(?:之?前|以前|底前|末前|内|完成|前完成|底前完成|底完成|止)?[。.]?$")


def _dates(text: str) -> list[Deadline]:
    found: list[Deadline] = []
    for match in _DATE.finditer(text):
        year = match.group("year")
        if match.group("sep") != "月" and year is None:
            continue  # a bare number is no date
        if match.group("ysep") not in (None, "年") and len(match.group("month")) != 2:
            continue  # "2023.5" is a number; "2023.05" a month
        month = int(match.group("month"))
        day = int(match.group("day")) if match.group("day") and match.group("sep") else _MONTH_ENDS[month - 1]
        found.append((int(year) if year else None, month, day))
    return found


def deadline(text: str) -> Deadline | None:
    """The deadline (完成时限) a target states, as the last day it allows: "2023年12月" → (2023, 12, 31),
    "12月底前" → (None, 12, 31), "2023.07-2024.01" → (2024, 1, 31), "2023年6月30日前" →
    (2023, 6, 30); None when the text is not a date or a date range with at most 前/底/完成 around it."""
    plain = _SPACES.sub("", text).translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    plain = _DEADLINE_WORDS.sub("", plain)
    parts = re.split(r"[-—~～至到]+", plain)
    if not 1 <= len(parts) <= 2:
        return None
    last: Deadline | None = None
    for part in parts:
        match = _DATE.match(part)
        if match is None or not match.group(0) or not _DEADLINE_REST.match(part[match.end() :]):
            return None
        dates = _dates(match.group(0))
        if len(dates) != 1:
            return None
        last = dates[0]
    return last


def meets_deadline(actual: str, target: Deadline) -> bool | None:
    """Whether an actual completion date (the latest date its text names: "2023年11月完成",
    "11月20日") is on or before the deadline; None when the actual names no date."""
    dates = _dates(_SPACES.sub("", actual))
    if not dates:
        return None
    year, month, day = max(dates, key=lambda d: (d[0] or 0, d[1], d[2]))
    if year is not None and target[0] is not None and year != target[0]:
        return year < target[0]
    return (month, day) <= (target[1], target[2])
