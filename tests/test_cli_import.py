"""``jixiao import``: what a user sees for the seed, and for files it cannot read."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from tests.cli_helpers import SCHEMA, SEED, jixiao


def test_it_prints_the_seed_as_json_that_follows_the_schema() -> None:
    result = jixiao("import", SEED, "--json")

    assert result.exit_code == 0
    data = result.json()
    jsonschema.validate(json.loads(result.stdout), json.loads(SCHEMA.read_text(encoding="utf-8")))
    assert [p["kind"] for p in data["plans"]] == ["department", "project"]
    assert [len(p["indicators"]) for p in data["plans"]] == [15, 9]
    assert [len(p["placeholders"]) for p in data["plans"]] == [3, 2]


def test_it_keeps_percentages_as_written_and_weights_missing_as_null() -> None:
    plans = jixiao("import", SEED, "--json").json()["plans"]
    by_name = {i["name"]: i for p in plans for i in p["indicators"]}

    growth = by_name["规模工业增长率"]
    assert (growth["comparator"], growth["target"], growth["unit"], growth["weight"]) == ("ge", 7, "%", None)
    public = by_name["部门预决算公开"]
    assert (public["comparator"], public["target"]) == ("qualitative", "按要求及时公开")
    assert by_name["机关内人力成本"]["comparator"] == "le"
    assert by_name["新增省级“小巨人”企业数"]["source"] == {"file": SEED.name, "line": 27}


def test_it_reads_its_own_json_back_to_the_same_plans(tmp_path: Path) -> None:
    exported = jixiao("import", SEED, "--json").stdout
    again = tmp_path / "plans.json"
    again.write_text(exported, encoding="utf-8")

    assert jixiao("import", again, "--json").stdout == exported


def test_it_prints_readable_tables_without_json() -> None:
    result = jixiao("import", SEED)

    assert result.exit_code == 0
    assert "表1（部门整体）" in result.stdout and "表2（项目）" in result.stdout
    assert "共 15 个指标" in result.stdout and "共 9 个指标" in result.stdout
    assert "第27行" in result.stdout


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "文件是空的"),
        (bytes(range(256)) * 8, "无法识别"),
        ("\t单位\n\t株洲\n\n\t地址\n\t某路\n".encode(), "未找到指标表"),
    ],
    ids=["empty", "binary", "no-indicator-columns"],
)
def test_it_refuses_unreadable_files_with_a_message_naming_the_file(
    tmp_path: Path, content: bytes, expected: str
) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)

    result = jixiao("import", path)

    assert result.exit_code == 1
    assert "bad.txt" in result.stderr and expected in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert result.stdout == ""


def test_it_names_the_line_of_a_word_given_as_a_number_target(tmp_path: Path) -> None:
    text = SEED.read_text(encoding="utf-8").replace("\t≥\n\t40\n", "\t≥\n\tabc\n", 1)
    path = tmp_path / "abc.txt"
    path.write_text(text, encoding="utf-8")

    result = jixiao("import", path)

    assert result.exit_code == 1
    assert "abc.txt" in result.stderr and "第" in result.stderr and "「abc」" in result.stderr


def test_it_exits_2_on_usage_errors(tmp_path: Path) -> None:
    assert jixiao("import").exit_code == 2
    assert jixiao("import", SEED, "--no-such-option").exit_code == 2
    assert jixiao("import", tmp_path / "missing.xlsx").exit_code == 1


def test_it_keeps_a_long_file_name_on_one_line_in_its_message(tmp_path: Path) -> None:
    # An error written to a log or a pipe: the path must stay whole, to be copied or searched for.
    path = tmp_path / ("株洲市工业和信息化局2023年度部门整体支出绩效目标表（修订稿）" * 2 + ".txt")

    result = jixiao("import", path)

    assert result.exit_code == 1
    assert f"{path}：" in result.stderr


def test_it_says_in_chinese_why_a_file_cannot_be_opened(tmp_path: Path) -> None:
    missing = jixiao("import", tmp_path / "缺失.xlsx")
    folder = jixiao("import", tmp_path)

    assert missing.exit_code == 1 and "缺失.xlsx" in missing.stderr and "文件不存在" in missing.stderr
    assert folder.exit_code == 1 and "不是文件" in folder.stderr
    assert "No such file" not in missing.stderr


def test_it_prints_messages_with_brackets_as_written(tmp_path: Path) -> None:
    path = tmp_path / "[bold]表[red].txt"
    path.write_bytes(b"")

    result = jixiao("import", path)

    assert result.exit_code == 1 and "[bold]表[red].txt" in result.stderr


def test_it_prints_names_with_brackets_as_written(tmp_path: Path) -> None:
    text = SEED.read_text(encoding="utf-8").replace("新增省级“小巨人”企业数值", "[bold]企业数[/]", 1)
    text = text.replace("新增省级“小巨人”企业数", "新增[red]企业[/red]数", 1)
    path = tmp_path / "brackets.txt"
    path.write_text(text, encoding="utf-8")

    result = jixiao("import", path)

    assert result.exit_code == 0 and "新增[red]企业[/red]数" in result.stdout
