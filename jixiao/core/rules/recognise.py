"""Rule recognition — 评分规则识别: the Chinese prose of a 评（扣）分标准 cell → a typed rule.

The recogniser is a table (``PATTERNS``) of (name, regex, builder) tried in order on the rule text
after :func:`normalise_rule_text` (all whitespace removed, full-width punctuation and comparison
glyphs unified). A builder turns a match into a :class:`Recognition`, or returns None to let the
next pattern try. Prose no pattern understands gets the national default (财预〔2020〕10号) with
``recognised=False`` and a note that says why — never an exception, never a silent guess.

Units: thresholds and band bounds on the indicator's own measure stay in the indicator's unit
("90%" → 90 on a "%" indicator); bounds on the completion rate (完成率) become fractions ("60%" → 0.6).

Decisions worth knowing:

- "达到目标值得满分，未达到按完成比例得分" is :class:`Proportional` (what it says), not the default.
- "低于60%不得分，60%以上按比例得分" is *not* recognised: "按比例" above a floor reads either as linear
  from the floor or as completion × weight, and the two differ by 60% of the points at the floor.
  The linear reading is recognised only with its formula or "按超过的比重/部分".
- "得N分" where a rule kind always gives the full weight (all-or-nothing, threshold-else-proportional)
  is accepted only when N is the indicator's weight (or no weight is known): otherwise the rule could
  not give what the prose says, and the text is reported as not understood.
- 以上/以下 include the number itself (as in Chinese law), so "60%以上" is ≥ 60 and "60%以下" is ≤ 60.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Literal

from jixiao.core.model import Indicator
from jixiao.core.rules.model import (
    OPERATOR_SYMBOLS,
    AllOrNothing,
    Band,
    Bands,
    Bound,
    Cap,
    NationalDefault,
    Operator,
    Proportional,
    Rule,
    ThresholdElseProportional,
    ThresholdLinear,
)
from jixiao.core.values import is_percent_unit

HUNDRED = Decimal(100)
DEFAULT_NOTE = "未给出评分标准，按财预〔2020〕10号默认规则计分"


@dataclass(frozen=True, slots=True)
class Recognition:
    """What the recogniser made of a rule text (识别结果)."""

    rule: Rule
    recognised: bool  # False → the prose was not understood and ``rule`` is the national default
    note: str  # Chinese: what was understood, or why not

    def to_dict(self) -> dict[str, object]:
        return {"rule": self.rule.to_dict(), "recognised": self.recognised, "note": self.note}


def recognise(rule_text: str, indicator: Indicator | None = None) -> Recognition:
    """Recognise ``rule_text`` (评分标准) — in the context of ``indicator``'s unit and weight if given."""
    if indicator is None:
        return _recognise(rule_text, _Context())
    return _recognise(rule_text, _Context(indicator.unit.strip(), indicator.weight))


@dataclass(frozen=True, slots=True)
class _Context:
    """What the recogniser uses of the indicator: its unit and its weight (分值)."""

    unit: str = ""
    weight: Decimal | None = None


@lru_cache(maxsize=4096)
def _recognise(rule_text: str, context: _Context) -> Recognition:
    text = normalise_rule_text(rule_text)
    body = _strip_preface(text)
    for _name, pattern, build in PATTERNS:
        match = pattern.search(body)
        if match is None:
            continue
        result = build(match, context)
        if result is not None:
            return result
    return _not_understood(f"未能识别评分标准“{text}”")


# ---------------------------------------------------------------------------------------------
# Normalising the text

_TRANSLATE = str.maketrans(
    {
        "（": "(",
        "）": ")",
        "，": ",",
        "；": ";",
        "：": ":",
        "。": ";",
        "％": "%",
        "﹪": "%",
        "＜": "<",
        "﹤": "<",
        "＞": ">",
        "﹥": ">",
        "＝": "=",
        "═": "=",
        "﹦": "=",
        "≧": "≥",
        "≦": "≤",
        "×": "*",
        "✕": "*",
        "＊": "*",
        "÷": "/",
        "／": "/",
        "－": "-",
        "—": "-",
        "–": "-",
        "＋": "+",
        "．": ".",
        **{chr(0xFF10 + i): str(i) for i in range(10)},
    }
)
_GLYPH_PAIRS = (
    (">=", "≥"),
    ("=>", "≥"),
    ("<=", "≤"),
    ("=<", "≤"),
    ("大于或等于", "大于等于"),
    ("小于或等于", "小于等于"),
)


def normalise_rule_text(text: str) -> str:
    """Remove all whitespace, unify full-width punctuation and comparison glyphs, drop "(含)"."""
    text = re.sub(r"[\s\u200b\ufeff]+", "", text or "").translate(_TRANSLATE)
    for old, new in _GLYPH_PAIRS:
        text = text.replace(old, new)
    text = re.sub(r"\(含[^()]*\)", "", text)  # "90%(含)以上" → "90%以上"
    return text.strip(",;:.")


_PREFACE = re.compile(r"^(?:按|根据)[^,;:]{1,8}(?:赋分|评分|打分|计分)[,;:]+(?=.)")


def _strip_preface(text: str) -> str:
    """Drop a leading "按评判等级赋分，" that only announces the rule that follows."""
    return _PREFACE.sub("", text, count=1)


# ---------------------------------------------------------------------------------------------
# Small pieces: numbers, comparisons, notes

NUM = r"\d+(?:\.\d+)?"
CN_NUM = r"[零〇一二两三四五六七八九十]+(?:点[零〇一二两三四五六七八九]+)?"
POINTS = rf"(?:{NUM}|{CN_NUM})"

_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}


def _chinese_number(text: str) -> Decimal | None:
    """Chinese numerals for points: "八" → 8, "十五" → 15, "二十" → 20, "八点五" → 8.5; else None."""
    whole, _, fraction = text.partition("点")
    if whole.count("十") > 1 or any(c not in _CN_DIGITS and c != "十" for c in whole):
        return None
    if "十" in whole:
        tens, _, ones = whole.partition("十")
        if len(tens) > 1 or len(ones) > 1:
            return None
        value = (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0)
    else:
        if len(whole) != 1:
            return None
        value = _CN_DIGITS[whole]
    digits = "".join(str(_CN_DIGITS[c]) for c in fraction)
    return Decimal(f"{value}.{digits}") if digits else Decimal(value)


def _number(text: str) -> Decimal | None:
    if re.fullmatch(NUM, text):
        return Decimal(text)
    return _chinese_number(text)


def _fmt(value: Decimal) -> str:
    """A Decimal as people write it: 0.60 → "0.6", 1E+2 → "100"."""
    return format(value.normalize(), "f")


def _pct(fraction: Decimal) -> str:
    return f"{_fmt(fraction * HUNDRED)}%"


def _not_understood(note: str) -> Recognition:
    return Recognition(NationalDefault(), recognised=False, note=f"{note}，已按财预〔2020〕10号默认规则计分")


def _unit_clash(rule_unit: str, context: _Context) -> str | None:
    """Why a number written in ``rule_unit`` cannot be read in the indicator's unit, or None."""
    ours = context.unit
    if not rule_unit or not ours:
        return None
    if rule_unit == "%" and is_percent_unit(ours):
        return None
    if rule_unit == ours:
        return None
    return f"评分标准的单位“{rule_unit}”与指标的计量单位“{ours}”不一致"


def _points_clash(points_text: str | None, context: _Context, kind: str) -> str | None:
    """A rule kind that always gives the full weight, written with "得N分": N must be the weight."""
    if points_text is None or context.weight is None:
        return None
    points = _number(points_text)
    if points is not None and points == context.weight:
        return None
    return (
        f"评分标准写明得{points_text}分，而该指标分值为{_fmt(context.weight)}分，{kind}只能给满分（即分值）"
    )


def _weight_note(points_text: str | None) -> str:
    return f"（规则写{points_text}分，按分值计）" if points_text else ""


# ---------------------------------------------------------------------------------------------
# Builders, one per kind of prose

Builder = Callable[[re.Match[str], _Context], Recognition | None]


def _build_empty(match: re.Match[str], context: _Context) -> Recognition:
    return Recognition(NationalDefault(), recognised=True, note=DEFAULT_NOTE)


def _build_threshold_linear(match: re.Match[str], context: _Context) -> Recognition | None:
    floors = {Decimal(v) for v in match.groups() if v is not None}
    text = match.string
    stated = re.search(rf"完成(?:率|比例)(?:小于|低于|不足|未达到|未达|<)({NUM})%", text)
    if stated:
        floors.add(Decimal(stated.group(1)))
    if len(floors) != 1:
        listed = "、".join(f"{_fmt(f)}%" for f in sorted(floors))
        return _not_understood(f"评分标准中的及格线前后不一致（{listed}）")
    floor = floors.pop() / HUNDRED
    if floor >= 1:  # "(完成率-100%)/(1-100%)" divides by nothing
        return _not_understood(f"评分标准中的及格线{_pct(floor)}不低于100%，公式无法计算")
    note = f"完成率低于{_pct(floor)}不得分，{_pct(floor)}起线性得分，完成率100%得满分"
    return Recognition(ThresholdLinear(floor), recognised=True, note=note)


def _build_ambiguous_floor(match: re.Match[str], context: _Context) -> Recognition:
    floor = match.group(1)
    return _not_understood(
        f"“低于{floor}%不得分，以上按比例得分”有两种读法（自{floor}%起线性得分，或按完成率×分值），无法确定"
    )


def _build_all_or_nothing(match: re.Match[str], context: _Context) -> Recognition:
    clash = _points_clash(match.group("pts"), context, "“完成得分，未完成不得分”")
    if clash:
        return _not_understood(clash)
    note = "完成（达到目标）得满分，未完成不得分" + _weight_note(match.group("pts"))
    return Recognition(AllOrNothing(), recognised=True, note=note)


def _build_proportional(match: re.Match[str], context: _Context) -> Recognition:
    return Recognition(Proportional(), recognised=True, note="按完成比例得分：完成率×分值，最高为满分")


def _build_cap(match: re.Match[str], context: _Context) -> Recognition | None:
    limit = Decimal(match.group("lim"))
    unit = match.group("unit")
    if match.group("lim2") is not None:
        limit2 = Decimal(match.group("lim2"))
        if limit2 != limit or (match.group("unit2") and match.group("unit2") != unit):
            return _not_understood(f"评分标准前后两个限额不一致（{_fmt(limit)}与{_fmt(limit2)}）")
    clash = _unit_clash(unit, context)
    if clash:
        return _not_understood(clash)
    pts_text = match.group("pts")
    points = _number(pts_text) if pts_text else None
    if pts_text and points is None:
        return None
    shown = f"{_fmt(points)}分" if points is not None else "满分"
    note = f"不超过{_fmt(limit)}{unit}得{shown}，超过不得分"
    return Recognition(Cap(limit, points), recognised=True, note=note)


_COMPLETION_SUBJECT = re.compile(r"完成(?:率|比例|值|情况|程度)")


def _build_threshold_else_proportional(match: re.Match[str], context: _Context) -> Recognition | None:
    condition = match.group("cond").removesuffix("的")
    clash = _points_clash(match.group("pts"), context, "“达到门槛得满分，其他按比例扣分”")
    if clash:
        return _not_understood(clash)
    if not re.search(r"\d", condition):
        note = "达到目标值得满分，未达到按实际值÷目标值×分值计分" + _weight_note(match.group("pts"))
        return Recognition(ThresholdElseProportional(None), recognised=True, note=note)
    found = re.fullmatch(
        rf"(?P<subj>[^\d<>≤≥=]*?)(?:大于等于|不低于|不少于|不小于|高于等于|大于|高于|超过|达到|达|≥|>)?"
        rf"(?P<num>{NUM})(?P<unit>%|[^\d%]*?)(?:及以上|以上)?",
        condition,
    )
    if found is None:
        return None
    if _COMPLETION_SUBJECT.search(found.group("subj")):
        return _not_understood(
            "门槛写在完成率上（“完成率达到…得满分，其他按比例扣分”），未达门槛时按完成率还是按门槛折算无法确定"
        )
    unit = found.group("unit")
    clash = _unit_clash(unit, context)
    if clash:
        return _not_understood(clash)
    threshold = Decimal(found.group("num"))
    shown = f"{_fmt(threshold)}{unit}"
    note = f"实际值达到{shown}得满分，低于则按实际值÷{shown}×分值计分" + _weight_note(match.group("pts"))
    return Recognition(ThresholdElseProportional(threshold), recognised=True, note=note)


def _build_unsupported(reason: str) -> Builder:
    def build(match: re.Match[str], context: _Context) -> Recognition:
        return _not_understood(f"{reason}（“{match.string}”）")

    return build


# --- bands (分档) -------------------------------------------------------------------------------

_OPERATORS: tuple[tuple[str, Operator], ...] = (
    ("大于等于", "ge"),
    ("高于等于", "ge"),
    ("不低于", "ge"),
    ("不少于", "ge"),
    ("不小于", "ge"),
    ("达到", "ge"),
    ("达", "ge"),
    ("≥", "ge"),
    ("小于等于", "le"),
    ("低于等于", "le"),
    ("不高于", "le"),
    ("不超过", "le"),
    ("不大于", "le"),
    ("不多于", "le"),
    ("≤", "le"),
    ("大于", "gt"),
    ("高于", "gt"),
    ("超过", "gt"),
    ("多于", "gt"),
    (">", "gt"),
    ("小于", "lt"),
    ("低于", "lt"),
    ("不足", "lt"),
    ("不到", "lt"),
    ("未达到", "lt"),
    ("少于", "lt"),
    ("<", "lt"),
    ("等于", "eq"),
    ("为", "eq"),
    ("=", "eq"),
)
_OPERATOR_OF = dict(_OPERATORS)
_OP_WORDS = "|".join(re.escape(word) for word, _ in _OPERATORS)
_SUBJECT = r"[^\d<>≤≥=,;:]*?"
_PREFIX_CONDITION = re.compile(rf"(?P<subj>{_SUBJECT})(?P<op>{_OP_WORDS})(?P<num>{NUM})(?P<pct>%?)")
_SUFFIX_CONDITION = re.compile(
    rf"(?P<subj>{_SUBJECT})(?:在|达)?(?P<num>{NUM})(?P<pct>%?)(?P<op>及以上|以上|及以下|以下|以内)"
)
_SUFFIX_OPERATORS: dict[str, Operator] = {
    "及以上": "ge",
    "以上": "ge",
    "及以下": "le",
    "以下": "le",
    "以内": "le",
}
_RANGE_CONDITION = re.compile(
    rf"(?P<lo>{NUM})(?P<lo_pct>%?)(?P<lo_op>≤|<)(?P<subj>[^\d<>≤≥=]+)(?P<hi_op>≤|<)(?P<hi>{NUM})(?P<hi_pct>%?)"
)
_BAND_CLAUSE = re.compile(
    rf"(?P<cond>.+?)的?(?:(?P<zero>不得分|不计分|得0分|0分)|得(?P<full>满分)|(?:得|计|给)(?P<pts>{POINTS})分)"
)
_ELSE_CLAUSE = re.compile(
    rf"(?:其他|其余|其它|否则|其他情况|其余情况)的?(?:(?P<zero>不得分|不计分|得0分)|(?:得|计)(?P<pts>{POINTS})分)"
)


@dataclass(frozen=True, slots=True)
class _Condition:
    subject: str
    op: Operator
    value: Decimal
    percent: bool


def _parse_conditions(text: str) -> list[_Condition] | None:
    """Conditions of one band: "小于90%且大于等于80%" or "80%≤满意度<90%" → two; None if not understood."""
    ranged = _RANGE_CONDITION.fullmatch(text)
    if ranged:
        lo_op: Operator = "ge" if ranged.group("lo_op") == "≤" else "gt"
        hi_op: Operator = "le" if ranged.group("hi_op") == "≤" else "lt"
        subject = ranged.group("subj")
        return [
            _Condition(subject, lo_op, Decimal(ranged.group("lo")), bool(ranged.group("lo_pct"))),
            _Condition(subject, hi_op, Decimal(ranged.group("hi")), bool(ranged.group("hi_pct"))),
        ]
    conditions: list[_Condition] = []
    for part in re.split(r"且|并且|同时", text):
        prefix = _PREFIX_CONDITION.fullmatch(part)
        if prefix:
            op = _OPERATOR_OF[prefix.group("op")]
        else:
            prefix = _SUFFIX_CONDITION.fullmatch(part)
            if prefix is None:
                return None
            op = _SUFFIX_OPERATORS[prefix.group("op")]
        conditions.append(
            _Condition(prefix.group("subj"), op, Decimal(prefix.group("num")), bool(prefix.group("pct")))
        )
    return conditions


def _band_points(match: re.Match[str], context: _Context) -> Decimal | str:
    """The points of a clause, or a reason (str) why they cannot be known."""
    if match.group("zero"):
        return Decimal(0)
    if "full" in match.re.groupindex and match.group("full"):
        if context.weight is None:
            return "分档中写“得满分”，但不知道该指标的分值"
        return context.weight
    points = _number(match.group("pts"))
    return points if points is not None else f"无法读取分数“{match.group('pts')}”"


def _split_clauses(text: str) -> list[str]:
    clauses: list[str] = []
    for piece in re.split(r"[,;]+", text):
        if piece.startswith(("且", "并且")) and clauses:
            clauses[-1] += piece
        elif piece:
            clauses.append(piece)
    return clauses


def _build_bands(match: re.Match[str], context: _Context) -> Recognition | None:
    written: list[tuple[list[_Condition], Decimal]] = []
    for clause in _split_clauses(match.string):
        other = _ELSE_CLAUSE.fullmatch(clause)
        parsed = other or _BAND_CLAUSE.fullmatch(clause)
        if parsed is None:
            return None
        conditions = [] if other else _parse_conditions(parsed.group("cond"))
        if conditions is None:
            return None
        points = _band_points(parsed, context)
        if isinstance(points, str):
            return _not_understood(points)
        written.append((conditions, points))
    if not any(conditions for conditions, _ in written):
        return None
    every = [c for conditions, _ in written for c in conditions]
    subject: Literal["actual", "completion"] = (
        "completion" if any(_COMPLETION_SUBJECT.search(c.subject) for c in every) else "actual"
    )
    if subject == "completion":
        if not all(c.percent for c in every):
            return _not_understood("按完成率分档，但有的档次界限没有写成百分数")
    elif any(c.percent for c in every):
        clash = _unit_clash("%", context)
        if clash:
            return _not_understood(clash)
    scale = HUNDRED if subject == "completion" else Decimal(1)
    bands = tuple(
        Band(tuple(Bound(c.op, c.value / scale) for c in conditions), points)
        for conditions, points in written
    )
    rule = Bands(bands=bands, subject=subject)
    return Recognition(rule, recognised=True, note=_describe_bands(rule, context))


def _describe_bands(rule: Bands, context: _Context) -> str:
    if rule.subject == "completion":
        label, scale, unit = "按完成率分档", HUNDRED, "%"
    else:
        label, scale, unit = (
            "按实际值分档",
            Decimal(1),
            context.unit,
        )
    parts = []
    for band in rule.bands:
        shown = (f"{OPERATOR_SYMBOLS[b.op]}{_fmt(b.value * scale)}{unit}" for b in band.bounds)
        parts.append(f"{'且'.join(shown) or '其他'}得{_fmt(band.points)}分")
    return f"{label}：{'；'.join(parts)}"


# ---------------------------------------------------------------------------------------------
# The table, tried in order

_DONE = r"(?:按时|按期|如期|全部|按要求)?(?:完成|达到|达成|实现|是)"
_NOT_DONE = r"(?:未(?:按时|按期|如期|全部)?(?:完成|达到|达成|实现)|否则|否|没有完成)"
_TARGET_WORD = r"(?:目标值|目标|指标值|指标|任务)?"
_FULL = rf"(?:得满分|得分|得(?P<pts>{POINTS})分)"
_FULL_MARK = rf"(?:得满分|得(?P<pts>{POINTS})分)"  # "得分" alone is not a threshold's full mark
_BY_RATIO = r"按(?:实际)?(?:完成)?(?:比例|率|值比例|情况|程度)"

PATTERNS: list[tuple[str, re.Pattern[str], Builder]] = [
    # "" or "/" — no rule given: the national default, as the documents intend.
    ("empty", re.compile(r"^[/\\\-]*$|^无$"), _build_empty),
    # 完成率小于60%不得分，大于等于60%,得分=（完成率-60%）/（1-60%）*指标分值
    (
        "threshold-linear formula",
        re.compile(rf"\((?:实际)?完成(?:率|比例)-({NUM})%\)/\((?:1|100%)-({NUM})%\)"),
        _build_threshold_linear,
    ),
    # 完成率低于60%不得分，超过60%的按超过的比重赋分
    (
        "threshold-linear words",
        re.compile(
            rf"完成(?:率|比例)(?:小于|低于|不足|未达到|未达|<)({NUM})%.*?不得分.*按超过(?:部分|的比重|的比例)"
        ),
        _build_threshold_linear,
    ),
    # 低于60%不得分，60%以上按比例得分 — ambiguous
    (
        "floor then proportional",
        re.compile(rf"(?:小于|低于|不足|未达到|<)({NUM})%.*?不得分.*按(?:完成)?比例(?:得分|赋分|计分)"),
        _build_ambiguous_floor,
    ),
    # 完成得分，未完成不得分 / 达到得满分，未达到不得分 / 是得分，否不得分
    (
        "all-or-nothing",
        re.compile(
            rf"^{_DONE}{_TARGET_WORD}的?{_FULL}[,;]?{_NOT_DONE}{_TARGET_WORD}的?(?:不得分|得0分|不计分)$"
        ),
        _build_all_or_nothing,
    ),
    # 达到目标值得满分，未达到按完成比例得分
    (
        "full else by completion",
        re.compile(
            rf"^{_DONE}{_TARGET_WORD}的?得满分[,;]?(?:{_NOT_DONE}|其他|其余){_TARGET_WORD}的?"
            rf"按(?:实际)?完成(?:比例|率)(?:得分|赋分|计分|扣分)$"
        ),
        _build_proportional,
    ),
    # 按完成比例赋分 / 按实际完成比例得分 / 按比例得分
    (
        "proportional",
        re.compile(
            r"^(?:按|根据)?(?:实际)?(?:完成(?:比例|率|值比例|情况|程度)|比例)(?:计算)?(?:赋分|得分|计分|给分|打分)$"
        ),
        _build_proportional,
    ),
    # 成本小于等于1950万元得2分，大于1950万元不得分 / 费用控制在50万元以内得满分，超出不得分
    (
        "cap",
        re.compile(
            rf"^[^\d,;]*?(?:小于等于|不超过|不高于|不大于|≤|控制在)(?P<lim>{NUM})(?P<unit>[^\d,;]*?)"
            rf"(?:以内|以下|之内)?的?[,;]?得(?:满分|(?P<pts>{POINTS})分)[,;]"
            rf"[^\d,;]*?(?:大于|超过|超出|高于|>)(?:(?P<lim2>{NUM})(?P<unit2>[^\d,;]*?))?的?(?:不得分|得0分)$"
        ),
        _build_cap,
    ),
    # 使用率大于等于90%的得满分，其他按比例扣分 / 资金准时到企，得满分，其他按比例扣分
    (
        "threshold else proportional",
        re.compile(
            rf"^(?P<cond>[^,;]*?)[,;]?{_FULL_MARK}[,;]?"
            rf"(?:其他|其余|其它|否则|未达到的?|低于的?|不足的?){_BY_RATIO}?(?:扣分|得分|赋分|计分)$"
        ),
        _build_threshold_else_proportional,
    ),
    # 满意度大于等于90%得8分，小于90%且大于等于80%得7分… / ≥90%得5分；80%≤满意度<90%得4分；<80%不得分
    ("bands", re.compile(r"^.*分$"), _build_bands),
    ("discretionary", re.compile(r"酌情"), _build_unsupported("“酌情扣分”没有可计算的标准")),
    (
        "deduction per step",
        re.compile(r"每.*扣"),
        _build_unsupported("按差额逐级扣分（每…扣…分）目前没有对应的规则类型"),
    ),
]
"""(name, regex, builder), tried in order on the normalised text; the first builder to answer wins."""
