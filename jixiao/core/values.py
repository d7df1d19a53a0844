"""Values and units (指标值 / 计量单位): "≥40", "90%以上", "不少于12种", "百分之九十五" → comparator, number, unit.

Targets and actual values arrive as text cells. ``parse_value`` splits one into the comparator it states
(by a glyph such as "≥" or by words such as "不少于", "以上"), its number (a ``Decimal``, kept exactly as
written: "100.00" stays ``Decimal("100.00")``) and its unit. A text that is not a number with such
decorations — "按要求及时公开", "明显", "—" — is a phrase: its number is ``None``.

Choices worth knowing:

- The model has no strict comparator, so the strict glyphs and words ("<", "＞", "低于", "超过", "超")
  are read as ≤ and ≥. "以上" and "以下"/"以内" include the number itself ("5%以上" holds at 5%).
- "前"/"之前"/"内" after a number read as ≤ ("9月前", "3个工作日内").
- A trailing 万 or 亿 stays in the unit ("250万" → 250 万, "壹佰贰拾万元" → 120 万元), as tables write
  万元/亿元; the number is never scaled.
- Chinese numerals ("三十家", "百分之九十五") are read only when what follows is a plain measure word,
  so that phrases such as "一般" or "十分满意" stay phrases. cn2an is imported only for them.
- A comparator stated in the text of a phrase is not reported: a phrase has no comparator — except
  a bound stated in prose (``_from_prose``): a sentence with exactly one Arabic number and exactly one
  bound word ("至少全年完成2次宣传" → ≥ 2 次, "运行成本控制在300万元以内" → ≤ 300 万元; 至少, 不少于,
  不低于, 不小于, 达到, 以上, ≥ … → ≥; 不超过, 不高于, 不大于, 以内, 以下, ≤ … → ≤). A year
  ("2023年完成3个项目" has two numbers anyway; "2023年底前至少完成"), a date ("6月底前"), an ordinal
  ("第2批"), a number inside a code ("G107"), or a deadline word (前, 底前) keep the text a phrase.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from jixiao.core.errors import Location, ValueParseError
from jixiao.core.model import Comparator

GE = Comparator.GE
LE = Comparator.LE
EQ = Comparator.EQ

# Full-width ASCII, odd glyphs and minus signs to their plain forms; zero-width characters removed.
_PLAIN = str.maketrans(
    {
        **{chr(code): chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)},
        "\u3000": " ",
        "\u00a0": " ",
        "\u200b": None,
        "\u200c": None,
        "\u200d": None,
        "\ufeff": None,
        "≧": "≥",
        "⩾": "≥",
        "≦": "≤",
        "⩽": "≤",
        "═": "=",
        "﹦": "=",
        "﹤": "<",
        "﹥": ">",
        "﹪": "%",
        "−": "-",
        "﹣": "-",
    }
)
_SPACES = re.compile(r"\s+")

# Words or glyphs before the number: (comparator, strong). A weak prefix ("达到") gives way to a suffix.
_PREFIXES: dict[str, tuple[Comparator | None, bool]] = {
    **dict.fromkeys(
        [">=", "=>", "≥", ">", "大于等于", "大于或等于", "不少于", "不低于", "不小于", "至少", "最少"],
        (GE, True),
    ),
    **dict.fromkeys(["高于", "大于", "多于", "超过", "超"], (GE, True)),
    **dict.fromkeys(
        [
            "<=",
            "=<",
            "≤",
            "<",
            "小于等于",
            "小于或等于",
            "不超过",
            "不高于",
            "不多于",
            "不大于",
            "至多",
            "最多",
        ],
        (LE, True),
    ),
    **dict.fromkeys(["低于", "小于", "少于"], (LE, True)),
    **dict.fromkeys(["=", "==", "等于"], (EQ, True)),
    **dict.fromkeys(["达到目标值", "达到", "达"], (GE, False)),
    **dict.fromkeys(["控制在", "约"], (None, False)),
}
# Words after the number and unit: the comparator they state (None: an approximation, "左右").
_SUFFIXES: dict[str, Comparator | None] = {
    **dict.fromkeys(["以上", "及以上", "或以上", "及其以上", "之上"], GE),
    **dict.fromkeys(["以下", "及以下", "或以下", "以内", "及以内", "之内", "内"], LE),
    **dict.fromkeys(["前", "之前", "以前", "底前", "末前"], LE),
    "左右": None,
}


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_PREFIX = rf"(?P<pre>{_alternation(_PREFIXES)})?"
_SUFFIX = rf"(?P<suf>{_alternation(_SUFFIXES)})?(?:\(含(?:本数)?\))?"
_CJK = "\u3400-\u4dbf\u4e00-\u9fff"
_UNIT = rf"(?P<unit>(?:[A-Za-z]++[23²³]?|[{_CJK}%‰℃°/·²³])*?)"
_ARABIC = re.compile(
    rf"{_PREFIX}(?P<pct>百分之)?(?P<num>[+-]?(?:\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.\d+)?){_UNIT}{_SUFFIX}",
)
_NUMERAL_CHARS = "零〇一二两兩三四五六七八九十百千万萬亿億壹贰貳叁參肆伍陆陸柒捌玖拾佰仟点點"
_CHINESE = re.compile(rf"{_PREFIX}(?P<pct>百分之)?(?P<num>[{_NUMERAL_CHARS}]+){_UNIT}{_SUFFIX}")
_HAS_NUMERAL = re.compile(f"[{_NUMERAL_CHARS}]")
_NUMERAL_DIGITS = frozenset("零〇一二两兩三四五六七八九十壹贰貳叁參肆伍陆陸柒捌玖拾")
_DECIMAL_DIGITS = {c: str(i) for i, c in enumerate("零一二三四五六七八九")} | {"〇": "0"}

# Characters a unit never holds: they make "2022年底前完成" a phrase rather than 2022 "年底前完成".
_NOT_IN_UNIT = frozenset(
    "以之前后内上下完成达到实现左右约超低高于不未及和或且的是为按零〇一二两三四五六七八九"
)
# Measure words a Chinese numeral may be followed by ("三十家"); anything else makes a phrase ("一般").
_MEASURE_CHARS = frozenset(
    "个家种人次项件台套辆座所户名位篇份场期批条处间部本册张元天日月年周小时分钟秒米里公平方亩顷吨克斤"
    "升例起支只头块栋岁倍轮届类门课学工作百点万亿%‰/"
)
_UNIT_ALIASES = {"百分比": "%", "百分率": "%"}
_MAX_UNIT_CJK = 6


def is_percent_unit(unit: str) -> bool:
    """Whether a 计量单位 means per cent (百分比): "%", "％", or the words tables write for it."""
    unit = unit.strip()
    return unit in ("%", "％") or _UNIT_ALIASES.get(unit) == "%"


_cn2an: Any = None


@dataclass(frozen=True, slots=True)
class ParsedValue:
    """A target or actual value (指标值) taken apart: comparator, number and unit (计量单位)."""

    text: str
    comparator: Comparator | None
    number: Decimal | None
    unit: str

    @property
    def is_number(self) -> bool:
        """True when the text holds a number (定量), False for a phrase (定性)."""
        return self.number is not None


def parse_value(text: str) -> ParsedValue:
    """Take a value text (指标值) apart into comparator, number and unit; never raises.

    A phrase ("按要求及时公开", "—", "") gives number ``None``, comparator ``None`` and unit "".
    """
    plain = _SPACES.sub("", text.translate(_PLAIN))
    if plain:
        match = _ARABIC.fullmatch(plain)
        if match is not None:
            parsed = _from_arabic(text, match)
            if parsed is not None:
                return parsed
        if _HAS_NUMERAL.search(plain):
            match = _CHINESE.fullmatch(plain)
            if match is not None:
                parsed = _from_chinese(text, match)
                if parsed is not None:
                    return parsed
        parsed = _from_prose(text, plain)
        if parsed is not None:
            return parsed
    return ParsedValue(text, None, None, "")


def value_of(text: str) -> Decimal | str:
    """A target or actual value as jixiao keeps it, whatever the format it came in (a cell, a CSV
    field, a JSON string): the number when the text holds one ("100%" → 100, "≥35家" → 35, "九成五"),
    else the phrase itself ("按要求完成")."""
    parsed = parse_value(text)
    return parsed.number if parsed.number is not None else text


def parse_number(text: str, location: Location | None = None, *, what: str = "目标值") -> Decimal:
    """The number (数值) a value text must hold, with any comparator and unit around it ignored.

    Raises ``ValueParseError`` naming ``location`` and quoting the text when it holds no number;
    ``what`` names the value in the message ("目标值", "实际完成值").
    """
    number = parse_value(text).number
    if number is None:
        if not text.strip():
            raise ValueParseError(f"{what}为空，应为数值", location)
        raise ValueParseError(
            f"{what}「{text}」不是数值：应为数字，可带比较符号和单位，如「≥40」「90%」「1950万元」",
            location,
        )
    return number


_FUNDS_SCALE: dict[str, Decimal] = {
    "": Decimal(1),
    "万元": Decimal(1),
    "万": Decimal(1),
    "萬元": Decimal(1),
    "萬": Decimal(1),
    "元": Decimal("0.0001"),
    "千元": Decimal("0.001"),
    "亿元": Decimal(10000),
    "亿": Decimal(10000),
    "億元": Decimal(10000),
    "億": Decimal(10000),
}
"""What one of each money unit is in 万元, the unit of every funds field (项目资金, 万元)."""


def parse_funds(text: str, *, what: str) -> Decimal:
    """An amount of money typed into a field kept in 万元 (全年执行数, 累计执行数): "360", "360万元",
    "3600000元", "0.036亿元", "三百六十" → 360 (万元); the unit typed is converted, never ignored.

    Raises ``ValueParseError`` naming ``what`` and quoting the text when it is empty, holds no number,
    carries a comparator or a unit that is not money ("≥360", "36%"), or is negative.
    """
    parsed = parse_value(text)
    scale = _FUNDS_SCALE.get(parsed.unit)
    if parsed.number is None or parsed.comparator is not None or scale is None:
        if not text.strip():
            raise ValueParseError(f"{what}为空，应为金额（万元）")
        if parsed.number is None:
            raise ValueParseError(f"{what}「{text}」不是数值：应为万元数，如「360」「360万元」「3600000元」")
        raise ValueParseError(f"{what}「{text}」不是金额：应为万元数，如「360」「360万元」「3600000元」")
    if parsed.number < 0:
        raise ValueParseError(f"{what}「{text}」不能为负数")
    if scale == 1:
        return parsed.number
    return Decimal(f"{(parsed.number * scale).normalize():f}")  # 3600000元 → 360, not 360.0000 or 3.6E+2


# A 指标值类型 / 指标性质 cell: the words a value may carry before or after its number, and the
# column's own words (正向/反向, 定性). One vocabulary, so the column and the value never disagree.
_COMPARATOR_WORDS: dict[str, Comparator] = {
    **{word: comparator for word, (comparator, _) in _PREFIXES.items() if comparator is not None},
    **{word: comparator for word, comparator in _SUFFIXES.items() if comparator is not None},
    **dict.fromkeys(["正向", "正向指标", "ge"], GE),
    **dict.fromkeys(["反向", "反向指标", "le"], LE),
    "eq": EQ,
    **dict.fromkeys(["定性", "定性指标", "qualitative", "是/否", "是否", "是或否"], Comparator.QUALITATIVE),
}


def parse_comparator(text: str) -> Comparator | None:
    """The comparator a 指标值类型 / 指标性质 cell or a glyph states: "≥", "不少于", "正向", "定性" ….

    "定量" and anything unknown give ``None``: the caller decides from the value. Strict glyphs
    ("<", "＞") read as ≤ and ≥, since the model has no strict comparator.
    """
    return _COMPARATOR_WORDS.get(_SPACES.sub("", text.translate(_PLAIN)).lower())


_QUANTITATIVE = frozenset({"定量", "定量指标"})


def read_comparator(text: str, location: Location | None = None) -> Comparator | None:
    """The comparator a person types into a 指标值类型 cell, strictly (手工填写的指标值类型).

    Blank, "定量" and "定量指标" give ``None`` (the value decides, as in a table); a word or glyph of
    ``parse_comparator``'s vocabulary gives its comparator; anything else ("≈", "大约") raises
    ``ValueParseError`` quoting it, where a file's column would be read leniently.
    """
    key = _SPACES.sub("", text.translate(_PLAIN))
    if not key or key in _QUANTITATIVE:
        return None
    comparator = parse_comparator(text)
    if comparator is None:
        raise ValueParseError(
            f"指标值类型「{text.strip()}」无法识别：应为 ≥、≤、=、定性，或 不少于、不超过、等于 等",
            location,
        )
    return comparator


_ACHIEVED: dict[str, bool] = {
    **dict.fromkeys(
        [
            "是",
            "完成",
            "已完成",
            "全部完成",
            "达成",
            "已达成",
            "达到",
            "已达到",
            "达标",
            "已达标",
            "达成预期指标",
            "达到预期指标",
            "达成预期目标",
            "达到预期目标",
            "√",
            "✓",
            "true",
            "yes",
        ],
        True,
    ),
    **dict.fromkeys(
        ["否", "未完成", "没有完成", "未达成", "未达到", "未达标", "没有", "×", "✗", "false", "no"],
        False,
    ),
}
_PARTLY = frozenset(
    ["部分完成", "部分达成", "部分达到", "部分实现", "基本完成", "基本达成", "基本达到", "基本实现"]
)
_END_PUNCTUATION = "。.!！;；"


def is_achieved(text: str) -> bool | None:
    """Whether a qualitative actual (定性指标的实际完成值) says achieved: "是"/"完成" → True, "否" → False.

    Anything else, "部分完成" included, gives ``None``.
    """
    return _ACHIEVED.get(_SPACES.sub("", text.translate(_PLAIN)).rstrip(_END_PUNCTUATION).lower())


def restates_target(actual: str, target: str) -> bool:
    """Whether a qualitative actual repeats its target's words (目标「显著提升」, 实际「显著提升」), as
    self-evaluation tables write a 定性 target reached: spaces, full-width forms and end punctuation
    aside, the same text. An empty target is restated by nothing."""
    key = _SPACES.sub("", actual.translate(_PLAIN)).rstrip(_END_PUNCTUATION)
    return bool(key) and key == _SPACES.sub("", target.translate(_PLAIN)).rstrip(_END_PUNCTUATION)


def is_partly_achieved(text: str) -> bool:
    """Whether a qualitative actual says partly achieved (部分完成): "部分完成", "基本达成" …."""
    return _SPACES.sub("", text.translate(_PLAIN)).rstrip(_END_PUNCTUATION) in _PARTLY


def _comparator(match: re.Match[str]) -> tuple[bool, Comparator | None]:
    """(valid, comparator) from a match's prefix and suffix; invalid when they contradict ("≥5以下")."""
    pre, suf = match.group("pre"), match.group("suf")
    stated, strong = _PREFIXES[pre] if pre else (None, False)
    after = _SUFFIXES[suf] if suf else None
    if after is None:  # no suffix, or "左右", which adds nothing
        return True, stated
    if strong and stated is not after:
        return False, None
    return True, after


def _unit(unit: str) -> str | None:
    """The normalised unit, or None when the text is not a plausible unit."""
    if not unit:
        return ""
    if sum(1 for c in unit if c >= "\u3400") > _MAX_UNIT_CJK or not _NOT_IN_UNIT.isdisjoint(unit):
        return None
    if "%" in unit and not unit.endswith("%"):
        return None
    return _UNIT_ALIASES.get(unit, unit)


def _from_arabic(text: str, match: re.Match[str]) -> ParsedValue | None:
    valid, comparator = _comparator(match)
    unit: str | None = match.group("unit")
    if match.group("pct"):  # "百分之95"
        unit = None if unit else "%"
    unit = _unit(unit) if unit is not None else None
    if not valid or unit is None:
        return None
    return ParsedValue(text, comparator, Decimal(match.group("num").replace(",", "")), unit)


def _from_chinese(text: str, match: re.Match[str]) -> ParsedValue | None:
    valid, comparator = _comparator(match)
    numeral = match.group("num")
    unit = match.group("unit")
    while numeral and numeral[-1] in "万萬亿億":  # "壹佰贰拾万元": 120 万元
        numeral, unit = numeral[:-1], numeral[-1] + unit
    if match.group("pct"):
        if unit:
            return None
        unit = "%"
    if not valid or not numeral or not _MEASURE_CHARS.issuperset(unit) or _unit(unit) is None:
        return None
    if match.group("pct") and numeral in ("百", "佰"):  # 百分之百
        number: Decimal | None = Decimal(100)
    elif _NUMERAL_DIGITS.isdisjoint(numeral):
        return None
    else:
        number = _chinese_number(numeral)
    if number is None:
        return None
    return ParsedValue(text, comparator, number, _UNIT_ALIASES.get(unit, unit))


# ── a bound stated in prose ("至少全年完成2次宣传") ─────────────────────────────────────────────

_BOUND_WORDS: dict[str, tuple[Comparator | None, bool]] = {
    **{w: (c, True) for w, (c, _) in _PREFIXES.items() if (c is not None and len(w) > 1) or w in "≥≤<>="},
    **{w: (c, False) for w, c in _SUFFIXES.items() if c is not None and len(w) > 1},
}
"""Every comparator word a sentence may hold (whether it comes before the number), single characters
that are common in prose ("内", "达", "超", "前") aside: a sentence holding two is not read."""
_DEADLINE_WORDS = frozenset({"前", "之前", "以前", "底前", "末前"})
_BOUND = re.compile(_alternation(_BOUND_WORDS))
_PROSE_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_PROSE_UNITS = (
    "个工作日", "工作日", "平方公里", "平方米", "立方米", "万人次", "个月", "人次", "万人", "万元",
    "亿元", "千元", "万亩", "公里", "千米", "公顷", "小时", "分钟", "课时", "学时", "场次", "户次",
    "批次", "家次", "台套", "元/亩", "元/人",
)  # fmt: skip
_PROSE_UNIT = re.compile(
    rf"{_alternation(_PROSE_UNITS)}|[A-Za-z]+[23²³]?|[%‰个家种人次项件台套辆座所户名位篇份场期批条处间部本册张"
    rf"元天日月年周秒米里亩顷吨克斤升例起支只头块栋岁倍轮届类门万亿]"
)
_DATE_AFTER = tuple("底末初中旬份号前")


def _from_prose(text: str, plain: str) -> ParsedValue | None:
    """A bound stated in a sentence (see the module docstring), or None: exactly one number, and
    exactly one comparator word — before the number for a prefix word (至少, 不超过, ≥), after its
    unit for a suffix word (以上, 以内, 以下)."""
    numbers = list(_PROSE_NUMBER.finditer(plain))
    if len(numbers) != 1:
        return None
    number = numbers[0]
    before, rest = plain[: number.start()], plain[number.end() :]
    if before.endswith("第") or (before and before[-1].isascii() and before[-1].isalpha()):
        return None  # an ordinal, a code such as G107
    unit_match = _PROSE_UNIT.match(rest)
    unit = unit_match.group() if unit_match else ""
    after = rest[len(unit) :]
    digits = number.group()
    if (unit == "年" and len(digits) == 4) or (unit in ("年", "月", "日") and after.startswith(_DATE_AFTER)):
        return None  # a year or a date, not a quantity
    words = _BOUND.findall(plain)
    if len(words) != 1 or words[0] in _DEADLINE_WORDS:
        return None
    comparator, prefix = _BOUND_WORDS[words[0]]
    if comparator not in (GE, LE) or words[0] not in (before if prefix else after):
        return None
    return ParsedValue(text, comparator, Decimal(digits), _UNIT_ALIASES.get(unit, unit))


def _chinese_number(numeral: str) -> Decimal | None:
    """A Chinese numeral as an exact Decimal ("三点五" → 3.5), or None when it is not one."""
    global _cn2an
    whole, _, fraction = numeral.replace("點", "点").partition("点")
    if "点" in fraction or not whole:
        return None
    digits = ""
    for char in fraction:
        if char not in _DECIMAL_DIGITS:
            return None
        digits += _DECIMAL_DIGITS[char]
    if _cn2an is None:
        import cn2an

        _cn2an = cn2an
    try:
        integer = _cn2an.cn2an(whole, "normal")
        return Decimal(f"{int(integer)}.{digits}" if digits else int(integer))
    except (ValueError, TypeError, KeyError, InvalidOperation):
        return None
