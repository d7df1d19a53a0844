"""The rule language (规则语言): a small explicit text that overrides a recognised scoring rule.

    >>> parse_rule("linear(floor=60%)")
    ThresholdLinear(floor=Decimal('0.6'), kind=<RuleKind.THRESHOLD_LINEAR: 'threshold_linear'>)
    >>> format_rule(parse_rule("bands(>=90:8, <90 and >=80:7, else:0)"))
    'bands(>=90:8, <90 and >=80:7, else:0)'

The grammar lives in ``grammar.lark`` beside this module and is loaded once, at import (LALR, with
positions). Syntax errors get a Chinese message chosen from a table of example mistakes (by lark's
``match_examples`` algorithm); semantic errors (a floor of 120%, ``else`` before the last band …)
carry the line and column of the fault too. Both raise ``RuleSyntaxError``, which shows the line
with a caret. Numbers are ``Decimal`` literals, never ``float``. See docs/rule-language.md.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from functools import cache
from typing import NamedTuple

from lark import Lark, Token, Tree, UnexpectedCharacters, UnexpectedInput, UnexpectedToken

from jixiao.core.errors import RuleSyntaxError
from jixiao.core.rules.model import (
    AllOrNothing,
    Band,
    Bands,
    Bound,
    Cap,
    NationalDefault,
    Operator,
    Proportional,
    QualitativeTiers,
    Rule,
    ThresholdElseProportional,
    ThresholdLinear,
)

__all__ = ["RULE_NAMES", "format_rule", "parse_rule"]

RULE_NAMES = ("linear", "threshold", "proportional", "all_or_nothing", "default", "bands", "cap")
"""The rule names the language knows, in the order error messages list them."""

# The grammar ships inside the package, read as package data (core touches no files of its own).
_PARSER = Lark.open_from_package(
    "jixiao.core.rules",
    "grammar.lark",
    parser="lalr",
    propagate_positions=True,
    maybe_placeholders=True,
)

_ONE = Decimal(1)
_ZERO = Decimal(0)
_DEFAULT_TIERS = QualitativeTiers()
_TIER_KEYS = ("achieved", "partial", "not_achieved")

_OPERATORS: dict[str, Operator] = {
    ">=": "ge",
    "≥": "ge",
    "＞=": "ge",
    ">": "gt",
    "＞": "gt",
    "<=": "le",
    "≤": "le",
    "＜=": "le",
    "<": "lt",
    "＜": "lt",
    "=": "eq",
    "==": "eq",
    "＝": "eq",
}
_OPERATOR_TEXT: dict[str, str] = {"ge": ">=", "gt": ">", "le": "<=", "lt": "<", "eq": "="}


# --- parsing ----------------------------------------------------------------------------------


def parse_rule(text: str) -> Rule:
    """The typed rule ``text`` writes, e.g. ``linear(floor=60%)`` → ``ThresholdLinear(0.6)``.

    Raises ``RuleSyntaxError`` (Chinese message, 1-based line and column in characters) for text
    that does not parse and for values that make no sense (a floor of 120%).
    """
    if not text.strip():
        raise RuleSyntaxError("规则为空：请写一条规则，如「linear(floor=60%)」", text, 1, 1)
    try:
        tree = _PARSER.parse(text)
    except UnexpectedInput as exc:
        raise _syntax_error(exc, text) from None
    try:
        return _build(tree.children[0])
    except _Fault as fault:
        raise RuleSyntaxError(fault.message, text, *_locate(text, fault.pos)) from None


class _Fault(Exception):
    """A semantic error found while building the rule, with where it is."""

    def __init__(self, message: str, pos: int) -> None:
        super().__init__(message)
        self.message = message
        self.pos = pos


def _fault_at(node: Tree[Token] | Token, message: str) -> _Fault:
    if isinstance(node, Token):
        return _Fault(message, node.start_pos or 0)
    return _Fault(message, node.meta.start_pos)


class _Quantity(NamedTuple):
    """A number as written: ``90`` or ``90%``, with its node for error locations."""

    number: Decimal
    percent: bool
    node: Tree[Token]

    @property
    def text(self) -> str:
        return f"{_plain(self.number)}{'%' if self.percent else ''}"

    def as_fraction(self) -> Decimal:
        """``60%`` → 0.60, a bare ``0.6`` → 0.6 (a share of the completion rate or of the weight)."""
        return _trim(self.number.scaleb(-2)) if self.percent else self.number


def _quantity(node: Tree[Token]) -> _Quantity:
    number, percent = node.children
    assert isinstance(number, Token)
    return _Quantity(Decimal(str(number)), percent is not None, node)


def _tree(child: object) -> Tree[Token]:
    assert isinstance(child, Tree)
    return child


def _build(node: object) -> Rule:
    rule = _tree(node)
    builders: dict[str, Callable[[list[object]], Rule]] = {
        "linear": _linear,
        "threshold": _threshold,
        "proportional": lambda _: Proportional(),
        "all_or_nothing": lambda _: AllOrNothing(),
        "default": _default,
        "bands": _bands,
        "cap": _cap,
    }
    return builders[rule.data](list(rule.children[1:]))


def _linear(args: list[object]) -> Rule:
    (floor,) = args
    if floor is None:
        return ThresholdLinear()
    q = _quantity(_tree(_tree(floor).children[0]))
    value = q.as_fraction()
    if not _ZERO <= value < _ONE:
        hint = f"，是否想写「{q.text}%」？" if not q.percent and _ONE <= value < 100 else ""
        raise _fault_at(q.node, f"下限「{q.text}」应在 0% 到 100% 之间（不含 100%），如「floor=60%」{hint}")
    return ThresholdLinear(value)


def _threshold(args: list[object]) -> Rule:
    (value,) = args
    if value is None or isinstance(value, Token):  # threshold() or threshold(target)
        return ThresholdElseProportional(None)
    q = _quantity(_tree(value))
    if q.number <= 0:
        raise _fault_at(q.node, f"门槛「{q.text}」应大于 0（按比例得分要除以门槛）")
    return ThresholdElseProportional(q.number)


def _default(args: list[object]) -> Rule:
    given: dict[str, tuple[Decimal, Token]] = {}
    for tier in args:
        if tier is None:
            continue
        key, value = _tree(tier).children
        assert isinstance(key, Token)
        q = _quantity(_tree(value))
        if str(key) in given:
            raise _fault_at(key, f"参数「{key}」重复")
        fraction = q.as_fraction()
        if not _ZERO <= fraction <= _ONE:
            raise _fault_at(q.node, f"「{key}」的比例「{q.text}」应在 0% 到 100% 之间")
        given[str(key)] = (fraction, key)
    share: dict[str, Decimal] = {
        k: given[k][0] if k in given else getattr(_DEFAULT_TIERS, k) for k in _TIER_KEYS
    }
    for high, low in (("achieved", "partial"), ("partial", "not_achieved")):
        if share[high] < share[low]:
            blamed = max((given[k] for k in (high, low) if k in given), key=lambda g: g[1].start_pos or 0)
            raise _fault_at(
                blamed[1],
                f"三档比例应满足 achieved ≥ partial ≥ not_achieved，"
                f"此处 {high}={_percent(share[high])} < {low}={_percent(share[low])}",
            )
    return NationalDefault(QualitativeTiers(share["achieved"], share["partial"], share["not_achieved"]))


def _bands(args: list[object]) -> Rule:
    subject_token, *band_nodes = args
    subject = (
        "completion" if isinstance(subject_token, Token) and str(subject_token) == "completion" else "actual"
    )
    bands: list[Band] = []
    else_node: Tree[Token] | None = None
    for child in band_nodes:
        node = _tree(child)
        if else_node is not None:
            raise _fault_at(node, "「else」之后的分档永远不会生效：「else」应是最后一档")
        condition, points = node.children
        bounds = tuple(_bound(_tree(b), subject) for b in _tree(condition).children if isinstance(b, Tree))
        if not bounds:
            else_node = node
        bands.append(Band(bounds, _points(points)))
    return Bands(tuple(bands), subject="completion" if subject == "completion" else "actual")


def _bound(node: Tree[Token], subject: str) -> Bound:
    op, value = node.children
    q = _quantity(_tree(value))
    number = q.as_fraction() if subject == "completion" else q.number
    return Bound(_OPERATORS[str(op)], number)


def _points(token: object) -> Decimal:
    assert isinstance(token, Token)
    points = Decimal(str(token))
    if points < 0:
        raise _fault_at(token, f"分值「{token}」不能为负")
    return points


def _cap(args: list[object]) -> Rule:
    limit, points = args
    return Cap(_quantity(_tree(limit)).number, None if points is None else _points(points))


# --- syntax errors ----------------------------------------------------------------------------

_NAMES = ", ".join(RULE_NAMES)
_UNKNOWN_NAME = "unknown-name"


def _in_bands(*bands: str) -> list[str]:
    """``bands(…`` examples for a mistake in a band list, as the first, second and a later band,
    with and without a subject: the parser's stack differs in each, and examples match by stack."""
    return [
        f"bands({subject}{before}{band}"
        for band in bands
        for subject in ("", "completion, ")
        for before in ("", ">=1:8, ", ">=1:8, >=1:8, ")
    ]


def _in_tiers(*tiers: str) -> list[str]:
    """``default(…`` examples for a mistake in the first, second and a later argument."""
    return [
        f"default({before}{tier}"
        for tier in tiers
        for before in ("", "partial=60%, ", "partial=60%, achieved=1, ")
    ]


# Example mistakes → the message for them. Like lark's match_examples, the example that failed in
# the same parser state (and, where it can, on the same kind of token) as the text at hand gives the
# message. "{found}" is what was found at the fault.
_MISTAKES: dict[str, list[str]] = {
    _UNKNOWN_NAME: ["xyz", "xyz(1)", "完成率小于60%不得分", "(8)", "60%"],
    "缺少左括号「(」": [
        "linear floor=60%",
        "linear 60%",
        "threshold 90",
        "threshold target",
        "bands >=90:8",
        "bands",
        "bands else:0",
        "cap 1950",
        "cap",
        "default partial=60%",
    ],
    "规则到此已经完整，多出了「{found}」": [
        "linear(floor=60%) x",
        "linear(floor=60%))",
        "linear )",
        "proportional 5",
        "proportional )",
        "proportional() 5",
        "all_or_nothing 5",
        "default )",
        "threshold(90))",
        "cap(1950))",
        "bands(else:0))",
    ],
    "缺少右括号「)」": [
        "linear(",
        "linear(floor=60%",
        "linear(floor=60% 70%",
        "linear(60%",
        "threshold(",
        "threshold(90",
        "threshold(90%",
        "threshold(target",
        "proportional(",
        "all_or_nothing(",
        "default(",
        *_in_tiers("partial=60%"),
        *_in_bands(">=90:8", ">=90 and <100:8", "else:0"),
        "cap(1950",
        "cap(1950%",
        "cap(1950, points=2",
    ],
    "分档之间缺少逗号「,」": _in_bands(">=90:8 >=80:7)", ">=90:8 else:0)"),
    "分档缺少分值，应写作「>=90:8」": _in_bands(
        ">=90, else:0)",
        ">=90)",
        ">=90%, else:0)",
        ">=90%)",
        ">=90:, else:0)",
        ">=90:)",
        "else)",
        "else, >=1:2)",
        ">=90 and >=1, else:0)",
        ">=90 and >=1)",
        ">=90 and >=1 and >=2)",
    ),
    "分档的条件应以比较符开头，如「>=90」「<80」，或写「else」": [
        "bands()",
        "bands(completion)",
        *_in_bands("90:8)", ")", ">=90 and 80:7)", ">=90 and >=1 and 80:7)"),
    ],
    "比较符后缺少数值，应写作「>=90」": _in_bands(">=:8)", ">=1 and <:8)", ">=1 and <2 and <:8)"),
    "同一档的几个条件之间要用「and」连接，如「<90 and >=80」": _in_bands(
        "<90 >=80:7)", "<90 and >=80 <70:7)", "<90 and >=80 and >=1 <70:7)"
    ),
    "分值应为数字，如「>=90:8」": _in_bands(">=90:x)"),
    "分值是几分，不带「%」：应写作「>=90:8」": _in_bands(">=90:8%)"),
    "linear 的参数应写作「floor=60%」": [
        "linear(flor=60%)",
        "linear(x)",
        "linear(floor=)",
        "linear(floor=x)",
    ],
    "缺少等号「=」，应写作「floor=60%」": ["linear(floor 60%)"],
    "threshold 的参数应为门槛值（如「90」「90%」）或「target」": ["threshold(abc)", "threshold(,)"],
    "default 的参数只有 achieved、partial、not_achieved，如「default(partial=60%)」": [
        "default(60%)",
        *_in_tiers("parital=60%)", "partial=)", "partial=x)", "x"),
        "default(partial=60%,)",
        "default(partial=60%, achieved=1,)",
    ],
    "缺少等号「=」，应写作「partial=60%」": _in_tiers("partial 60%)"),
    "参数之间缺少逗号「,」": [*_in_tiers("partial=60% achieved=1)"), "cap(1950 points=2)"],
    "cap 的参数应写作「cap(1950)」或「cap(1950, points=2)」": [
        "cap(1950, 2)",
        "cap(x)",
        "cap()",
        "cap(1950,)",
        "cap(1950, points=)",
        "cap(1950, points=x)",
        "cap(1950, points 2)",
    ],
    "分档的对象只能是 completion（完成率）或 actual（实际值），之后是各档，如「>=90:8」": [
        "bands(foo, >=90:8)",
        "bands(completion >=90%:8)",
    ],
}

_EXPECTED_NAMES: dict[str, str] = {
    "NUMBER": "数字",
    "PERCENT": "%",
    "OP": "比较符（>=、>、<=、<、=）",
    "ELSE": "else",
    "TARGET": "target",
    "SUBJECT": "completion",
    "TIER": "achieved、partial、not_achieved",
    "_FLOOR": "floor",
    "_POINTS": "points",
    "_AND": "and",
    "_LPAR": "(",
    "_RPAR": ")",
    "_COMMA": ",",
    "_COLON": ":",
    "_EQ": "=",
    "$END": "结尾",
}

_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*|[\u3400-\u9fff]+|\S")


def _syntax_error(exc: UnexpectedInput, text: str) -> RuleSyntaxError:
    """The Chinese message and the place of a lark parse error."""
    at_end = isinstance(exc, UnexpectedToken) and exc.token.type == "$END"
    if at_end:  # just after the last character written: where a missing ")" belongs
        pos = len(text.rstrip())
    elif isinstance(exc, UnexpectedToken):
        pos = exc.token.start_pos or 0
    else:
        pos = exc.pos_in_stream or 0
    line, column = _locate(text, pos)
    match = _WORD.match(text, pos)
    found = match.group() if match and not at_end else ""
    label = _match_mistake(exc)
    if label == _UNKNOWN_NAME:
        message = (
            f"未知的规则名「{found}」，可用：{_NAMES}"
            if found and (found[0].isalpha() or found[0] == "_")
            else f"规则应以规则名开头，可用：{_NAMES}"
        )
    elif label is not None:
        message = label.format(found=found)
    elif at_end:
        message = f"规则不完整，此处应为：{_expected(exc)}"
    else:
        message = f"此处不应出现「{found}」，应为：{_expected(exc)}"
    return RuleSyntaxError(message, text, line, column)


class _Signature(NamedTuple):
    """Where a parse failed: the parser's stack depth and state, what it would have accepted there."""

    depth: int
    state: object
    accepts: frozenset[str]


def _signature(exc: UnexpectedInput) -> tuple[_Signature, str]:
    """The parser state of an error and the type of the token it failed on ("" for a lexer error)."""
    state = exc.state
    accepts: set[str] = exc.interactive_parser.accepts()  # type: ignore[no-untyped-call]
    token = exc.token.type if isinstance(exc, UnexpectedToken) else ""
    return _Signature(len(state.state_stack), state.position, frozenset(accepts)), token


@cache
def _examples() -> list[tuple[_Signature, str, str]]:
    """Each example mistake parsed once: (signature, token type, label), in the table's order."""
    table: list[tuple[_Signature, str, str]] = []
    for label, examples in _MISTAKES.items():
        for example in examples:
            try:
                _PARSER.parse(example)
            except UnexpectedInput as exc:
                table.append((*_signature(exc), label))
            else:  # pragma: no cover - a test holds every example to be a mistake
                raise AssertionError(f"rule-language example {example!r} parses")
    return table


def _match_mistake(exc: UnexpectedInput) -> str | None:
    """The label of the example that failed like ``exc`` did — lark's ``match_examples`` algorithm.

    Same parser state and same acceptable tokens; among those, the first example that failed on
    the same kind of token wins, else the first one. (lark 1.3's own ``match_examples`` breaks in
    its debug logging when two examples share a state but not their acceptable tokens, which this
    grammar's merged LALR states do; so the same algorithm is written out here.)
    """
    signature, token = _signature(exc)
    same_state = [(t, label) for s, t, label in _examples() if s == signature]
    for t, label in same_state:
        if t == token:
            return label
    return same_state[0][1] if same_state else None


def _expected(exc: UnexpectedInput) -> str:
    names: set[str] = set()
    if isinstance(exc, UnexpectedToken):
        names = set(exc.accepts or exc.expected)
    elif isinstance(exc, UnexpectedCharacters):
        names = set(exc.allowed or ())
    shown = sorted({_EXPECTED_NAMES.get(n, n.lower()) for n in names})
    return "、".join(f"「{s}」" for s in shown) or "（无）"


def _locate(text: str, pos: int) -> tuple[int, int]:
    """Line and column (from 1, in characters) of position ``pos``, with lines as ``str.splitlines``
    cuts them — as RuleSyntaxError shows them (lark counts only "\n", this counts "\r" too)."""
    start = 0
    lines = text.splitlines(keepends=True)
    for number, line in enumerate(lines, 1):
        if pos < start + len(line):
            return number, pos - start + 1
        start += len(line)
    if not lines:
        return 1, 1
    return len(lines), pos - (start - len(lines[-1])) + 1  # just after the last character


# --- formatting -------------------------------------------------------------------------------


def format_rule(rule: Rule) -> str:
    """The canonical text of ``rule``: ``parse_rule(format_rule(rule)) == rule``."""
    if isinstance(rule, ThresholdLinear):
        return f"linear(floor={_percent(rule.floor)})"
    if isinstance(rule, ThresholdElseProportional):
        return "threshold(target)" if rule.threshold is None else f"threshold({_plain(rule.threshold)})"
    if isinstance(rule, Proportional):
        return "proportional"
    if isinstance(rule, AllOrNothing):
        return "all_or_nothing"
    if isinstance(rule, NationalDefault):
        changed = [
            f"{key}={_percent(getattr(rule.tiers, key))}"
            for key in _TIER_KEYS
            if getattr(rule.tiers, key) != getattr(_DEFAULT_TIERS, key)
        ]
        return f"default({', '.join(changed)})" if changed else "default"
    if isinstance(rule, Bands):
        parts = ["completion"] if rule.subject == "completion" else []
        parts += [_format_band(band, rule.subject == "completion") for band in rule.bands]
        return f"bands({', '.join(parts)})"
    if rule.points is None:
        return f"cap({_plain(rule.limit)})"
    return f"cap({_plain(rule.limit)}, points={_plain(rule.points)})"


def _format_band(band: Band, on_completion: bool) -> str:
    if not band.bounds:
        return f"else:{_plain(band.points)}"
    condition = " and ".join(
        _OPERATOR_TEXT[b.op] + (_percent(b.value) if on_completion else _plain(b.value)) for b in band.bounds
    )
    return f"{condition}:{_plain(band.points)}"


def _plain(number: Decimal) -> str:
    """A Decimal as the language writes it: no exponent, no trailing zeros ("1E+2" → "100")."""
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _trim(number: Decimal) -> Decimal:
    """Trailing zeros dropped without going to exponent form: 0.60 → 0.6, 1.00 → 1 (any size)."""
    return Decimal(_plain(number))


def _percent(fraction: Decimal) -> str:
    """0.6 → "60%", exactly (scaleb moves the point, nothing is rounded)."""
    return f"{_plain(fraction.scaleb(2))}%"
