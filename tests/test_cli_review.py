"""``jixiao review``: the reviewer's findings on the seed, as JSON and as a table, and --fail-on."""

from __future__ import annotations

from pathlib import Path

from tests.cli_helpers import ACTUALS, SEED, jixiao


def findings_by_code(
    result_json: dict[str, list[dict[str, object]]],
) -> dict[str, set[tuple[object, object]]]:
    found: dict[str, set[tuple[object, object]]] = {}
    for f in result_json["findings"]:
        found.setdefault(str(f["code"]), set()).add((f["plan"], f["indicator"]))
    return found


def test_it_finds_the_seeds_problems_on_the_right_indicators() -> None:
    result = jixiao("review", SEED, "--json")

    assert result.exit_code == 0
    found = findings_by_code(result.json())
    assert found["weight-missing"] == {(0, "规模工业增长率"), (0, "技改投资增长率")}
    assert found["weight-sum"] == {(0, None)}
    assert found["rule-max-mismatch"] == {(0, "群众满意度")}
    assert found["band-overlap"] == {(0, "群众满意度")}
    assert found["unit-mismatch"] == {(0, "新增省级及以上创新平台")}
    assert found["target-over-100"] == {(1, "企业验收合格率"), (1, "补助资金按时发放")}
    assert {(0, "五好园区创建"), (0, "企业培育成效")} <= found["vague-target"]
    assert "rule-unrecognized" not in found


def test_it_gives_every_finding_a_severity_and_a_sentence() -> None:
    for f in jixiao("review", SEED, "--json").json()["findings"]:
        assert f["severity"] in {"error", "warning", "info"}
        assert len(str(f["message"])) > 10


def test_it_exits_3_with_fail_on_only_when_findings_reach_that_severity(tmp_path: Path) -> None:
    assert jixiao("review", SEED, "--fail-on", "error").exit_code == 3
    assert jixiao("review", SEED, "--fail-on", "warning").exit_code == 3
    clean = tmp_path / "clean.json"
    clean.write_text(
        '{"plans": [{"kind": "project", "indicators": ['
        '{"level1": "产出指标", "level2": "数量指标", "name": "培训人次", "comparator": "ge", "target": 100,'
        ' "unit": "人次", "rule_text": "完成得分，未完成不得分", "weight": 60},'
        '{"level1": "效益指标", "level2": "社会效益指标", "name": "培训合格率", "comparator": "ge", "target": 95,'
        ' "unit": "%", "rule_text": "完成得分，未完成不得分", "weight": 20},'
        '{"level1": "满意度指标", "level2": "服务对象满意度指标", "name": "学员满意度", "comparator": "ge",'
        ' "target": 90, "unit": "%", "rule_text": "完成得分，未完成不得分", "weight": 10}]}]}',
        encoding="utf-8",
    )
    assert jixiao("review", clean, "--json").json() == {"schema": "jixiao-review/1", "findings": []}
    assert jixiao("review", clean, "--fail-on", "warning").exit_code == 0


def test_it_re_checks_a_self_evaluation_given_its_actual_values() -> None:
    found = findings_by_code(jixiao("review", SEED, "--actuals", ACTUALS, "--json").json())

    assert (1, "推动企业向绿色化转型") not in found.get("reason-missing", set())  # a reason is given
    assert (0, "园区技工贸总收入增长率") not in found.get("reason-missing", set())  # target met


def test_it_prints_a_summary_line_without_json() -> None:
    result = jixiao("review", SEED)

    assert result.exit_code == 0
    assert "共审核 2 张表、24 个指标" in result.stdout
    assert "weight-missing" in result.stdout
