"""Which rule scores an indicator (适用规则): the user's override if any, else the recognised prose."""

from __future__ import annotations

from jixiao.core.errors import RuleError, RuleSyntaxError
from jixiao.core.model import Indicator
from jixiao.core.rules.model import Rule
from jixiao.core.rules.recognise import Recognition, recognise


def resolve_rule(indicator: Indicator) -> Recognition:
    """The rule for ``indicator``: ``rule_override`` (rule language) wins over ``rule_text`` prose.

    Raises RuleError naming the indicator when its override does not parse.
    """
    if indicator.rule_override and indicator.rule_override.strip():
        # The rule language (lark and its grammar) is loaded only for a table that uses it.
        from jixiao.core.rules.language import format_rule, parse_rule

        try:
            rule = parse_rule(indicator.rule_override)
        except RuleSyntaxError as exc:
            where = f"（{indicator.source.describe()}）" if indicator.source else ""
            raise RuleError(f"指标「{indicator.name}」{where}的自定义规则有误：{exc}") from exc
        return Recognition(rule=rule, recognised=True, note=f"自定义规则：{format_rule(rule)}")
    return recognise(indicator.rule_text, indicator)


def rule_of(indicator: Indicator) -> Rule:
    """Just the rule, for scoring."""
    return resolve_rule(indicator).rule
