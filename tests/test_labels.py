"""Label clean-up (标签清理): extraction spaces, a cell's own line breaks, traditional characters."""

from __future__ import annotations

import pytest

from jixiao.core.labels import _HEADER_WORDS, normalise_label, to_simplified


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("企业 数", "企业数"),
        ("新增国家级“小巨人”企业 数", "新增国家级“小巨人”企业数"),
        ("服务对象满意度 指标", "服务对象满意度指标"),
        ("指标值类 型", "指标值类型"),
        ("生态环境成本指 标", "生态环境成本指标"),
        ("小于等于80%且大 于等于60%", "小于等于80%且大于等于60%"),
        ("力 争实现", "力争实现"),
        ("绩 效 指 标", "绩效指标"),
        ("经济效益 指标", "经济效益指标"),
        ("项目资金 (万元)", "项目资金(万元)"),
        ("国、 省", "国、省"),
        ("“专精特新” 小巨人", "“专精特新”小巨人"),
    ],
)
def test_it_removes_extraction_spaces_inside_chinese(text: str, label: str) -> None:
    assert normalise_label(text) == label


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("GDP growth", "GDP growth"),
        ("GDP   growth", "GDP growth"),
        ("  GDP growth \n", "GDP growth"),
        ("version 2 of 3", "version 2 of 3"),
    ],
)
def test_it_keeps_one_space_between_latin_words(text: str, label: str) -> None:
    assert normalise_label(text) == label


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("中小企业专项国、\n省“专精特新”小\n巨人专项补助", "中小企业专项国、省“专精特新”小巨人专项补助"),
        (
            "机关内人员成本（不包含公用经费支\n出，只计算人员类支出）",
            "机关内人员成本（不包含公用经费支出，只计算人员类支出）",
        ),
        ("专项资金使用率\n90%以上", "专项资金使用率90%以上"),
        ("完成比例赋分，完成率\r\n小于60%为不及格", "完成比例赋分，完成率小于60%为不及格"),
        ("GDP\ngrowth", "GDP growth"),
    ],
)
def test_it_joins_a_cells_own_line_breaks(text: str, label: str) -> None:
    assert normalise_label(text) == label


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("企业\u00a0数", "企业数"),
        ("企业\u3000数", "企业数"),
        ("企业\t数", "企业数"),
        ("企业\u200b数", "企业数"),
        ("\u3000满意度\u3000", "满意度"),
        ("GDP\u00a0growth", "GDP growth"),
        ("GDP\tgrowth", "GDP growth"),
        ("GDP\u3000growth", "GDP growth"),
    ],
)
def test_it_counts_odd_spaces_as_whitespace(text: str, label: str) -> None:
    assert normalise_label(text) == label


def test_it_leaves_a_clean_label_alone() -> None:
    assert normalise_label("新增省级“小巨人”企业数") == "新增省级“小巨人”企业数"


@pytest.mark.parametrize(
    ("text", "simplified"),
    [
        ("績效指標", "绩效指标"),
        ("項目名稱", "项目名称"),
        ("主管部門", "主管部门"),
        ("實施單位", "实施单位"),
        ("年初預算數", "年初预算数"),
        ("全年執行數", "全年执行数"),
        ("執行率", "执行率"),
        ("產出指標", "产出指标"),
        ("數量指標", "数量指标"),
        ("質量指標", "质量指标"),
        ("時效指標", "时效指标"),
        ("服務對象滿意度指標", "服务对象满意度指标"),
        ("三級指標", "三级指标"),
        ("度量單位", "度量单位"),
        ("實際完成值", "实际完成值"),
        ("偏差原因分析及改進措施", "偏差原因分析及改进措施"),
        ("計量單位", "计量单位"),
        ("評(扣)分標準", "评(扣)分标准"),
        ("備註", "备注"),
        ("經濟成本指標", "经济成本指标"),
        ("社會效益指標", "社会效益指标"),
        ("生態環境成本指標", "生态环境成本指标"),
        ("可持續影響指標", "可持续影响指标"),
        ("年度總體目標", "年度总体目标"),
        ("預期目標", "预期目标"),
        ("實際完成情況", "实际完成情况"),
        ("部門(單位)名稱", "部门(单位)名称"),
        ("部門(單位)職責", "部门(单位)职责"),
        ("指標值類型", "指标值类型"),
        ("指標性質", "指标性质"),
    ],
)
def test_it_simplifies_traditional_header_words(text: str, simplified: str) -> None:
    assert to_simplified(text) == simplified


def test_it_simplifies_a_header_row_of_a_real_traditional_table() -> None:
    row = "| 一級 指標 | 二級指標 | 三級指標 | 指標性質 | 指標值 | 度量單位 |"
    assert to_simplified(row) == "| 一级 指标 | 二级指标 | 三级指标 | 指标性质 | 指标值 | 度量单位 |"


def test_it_maps_every_word_of_its_table_to_its_simplified_form() -> None:
    assert [to_simplified(trad) for trad, _ in _HEADER_WORDS] == [simp for _, simp in _HEADER_WORDS]


def test_it_leaves_simplified_text_alone() -> None:
    text = "".join(simp for _, simp in _HEADER_WORDS) + "新增省级“小巨人”企业数≥40家"
    assert to_simplified(text) == text
