"""Label clean-up (标签清理): undo what text extraction did to headers and category labels.

Extraction puts spaces inside Chinese words ("企业 数", "指标值类 型"), keeps a cell's own line breaks
("中小企业专项国、\\n省“专精特新”小\\n巨人专项补助") and some published tables are in traditional
characters ("績效指標"). ``normalise_label`` and ``to_simplified`` bring such labels back to the form
the readers recognise.
"""

from __future__ import annotations

import re

# Chinese characters and the punctuation written with them: CJK punctuation, full-width forms,
# curly quotes, the dash and the ellipsis.
_CJK = (
    "\u2e80-\u2fdf\u3001-\u303f\u3040-\u30ff\u3100-\u312f\u31a0-\u31bf\u3400-\u4dbf\u4e00-\u9fff"
    "\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\u2014\u2018\u2019\u201c\u201d\u2026\u00b7"
    "\U00020000-\U0002fa1f"
)
_SPACE_BY_CJK = re.compile(rf"(?<=[{_CJK}])\s+|\s+(?=[{_CJK}])")
_SPACES = re.compile(r"\s+")
_INVISIBLE = str.maketrans(dict.fromkeys("\u200b\u200c\u200d\u2060\ufeff"))


def normalise_label(text: str) -> str:
    """A label (标签) as it was meant: extraction whitespace and a cell's own line breaks removed.

    Whitespace (spaces, line breaks, tabs, non-breaking and ideographic spaces) next to a Chinese
    character or Chinese punctuation disappears; elsewhere a run of it becomes one space, so Latin
    words stay apart ("GDP growth"); the ends are stripped.
    """
    return _SPACES.sub(" ", _SPACE_BY_CJK.sub("", text.translate(_INVISIBLE))).strip()


# Header and category words as traditional-character tables write them, with their simplified forms.
# The character table below is built from these pairs, so every entry is a word seen in a real table.
_HEADER_WORDS: tuple[tuple[str, str], ...] = (
    ("績效指標", "绩效指标"),
    ("項目名稱", "项目名称"),
    ("主管部門", "主管部门"),
    ("實施單位", "实施单位"),
    ("部門(單位)名稱", "部门(单位)名称"),
    ("部門(單位)職責", "部门(单位)职责"),
    ("負責", "负责"),
    ("項目資金(萬元)", "项目资金(万元)"),
    ("年初預算數", "年初预算数"),
    ("全年預算數", "全年预算数"),
    ("全年執行數", "全年执行数"),
    ("分值", "分值"),
    ("執行率", "执行率"),
    ("得分", "得分"),
    ("年度資金總額", "年度资金总额"),
    ("其中:當年財政撥款", "其中:当年财政拨款"),
    ("上年結轉資金", "上年结转资金"),
    ("結餘", "结余"),
    ("其他資金", "其他资金"),
    ("年度總體目標", "年度总体目标"),
    ("年度整體績效目標表", "年度整体绩效目标表"),
    ("預期目標", "预期目标"),
    ("實際完成情況", "实际完成情况"),
    ("年度指標值", "年度指标值"),
    ("實際完成值", "实际完成值"),
    ("偏差原因分析及改進措施", "偏差原因分析及改进措施"),
    ("一級指標", "一级指标"),
    ("二級指標", "二级指标"),
    ("三級指標", "三级指标"),
    ("指標性質", "指标性质"),
    ("指標值類型", "指标值类型"),
    ("指標解釋", "指标解释"),
    ("度量單位", "度量单位"),
    ("計量單位", "计量单位"),
    ("評(扣)分標準", "评(扣)分标准"),
    ("備註", "备注"),
    ("權重", "权重"),
    ("產出指標", "产出指标"),
    ("數量指標", "数量指标"),
    ("質量指標", "质量指标"),
    ("時效指標", "时效指标"),
    ("成本指標", "成本指标"),
    ("效益指標", "效益指标"),
    ("經濟效益指標", "经济效益指标"),
    ("社會效益指標", "社会效益指标"),
    ("生態效益指標", "生态效益指标"),
    ("可持續影響指標", "可持续影响指标"),
    ("經濟成本指標", "经济成本指标"),
    ("社會成本指標", "社会成本指标"),
    ("生態環境成本指標", "生态环境成本指标"),
    ("滿意度指標", "满意度指标"),
    ("服務對象滿意度指標", "服务对象满意度指标"),
    ("定量", "定量"),
    ("定性", "定性"),
    ("萬元", "万元"),
    ("億元", "亿元"),
    ("個", "个"),
    ("種", "种"),
    ("項", "项"),
    ("戶", "户"),
    ("輛", "辆"),
    ("畝", "亩"),
    ("噸", "吨"),
    ("條", "条"),
    ("場", "场"),
    ("張", "张"),
    ("冊", "册"),
    ("臺", "台"),
    ("隻", "只"),
    ("頭", "头"),
    ("塊", "块"),
    ("棟", "栋"),
    ("歲", "岁"),
    ("輪", "轮"),
    ("屆", "届"),
    ("課時", "课时"),
    ("學時", "学时"),
    ("小時", "小时"),
    ("分鐘", "分钟"),
    ("週", "周"),
    ("公頃", "公顷"),
    ("點", "点"),
    ("總分", "总分"),
    ("等級", "等级"),
    ("優良", "优良"),
    ("評價結論", "评价结论"),
    ("存在問題", "存在问题"),
    ("改進措施", "改进措施"),
    ("聯繫人", "联系人"),
    ("聯係電話", "联系电话"),
    ("報表編號", "报表编号"),
    ("預算調整", "预算调整"),
    ("預算執行情況", "预算执行情况"),
    ("監控", "监控"),
    ("進度", "进度"),
    ("偏離", "偏离"),
    ("佔比", "占比"),
    ("覆蓋率", "覆盖率"),
    ("達標", "达标"),
    ("未達指標值", "未达指标值"),
    ("無", "无"),
    ("是否核心指標", "是否核心指标"),
    ("價格認證鑒定", "价格认证鉴定"),
    ("發布時間", "发布时间"),
    ("來源", "来源"),
    ("瀏覽次數", "浏览次数"),
    ("最新資訊", "最新资讯"),
    ("公眾號", "公众号"),
    ("業務", "业务"),
    ("該指標", "该指标"),
    ("保證單位正常運轉", "保证单位正常运转"),
    ("應保盡保", "应保尽保"),
    ("範圍", "范围"),
    ("衛片執法補助經費", "卫片执法补助经费"),
    ("項目驗收合格率", "项目验收合格率"),
    ("違法行為責停率", "违法行为责停率"),
    ("區", "区"),
    ("麗江", "丽江"),
    ("岳陽樓", "岳阳楼"),
    ("縣", "县"),
    ("鎮", "镇"),
    ("鄉", "乡"),
    ("園", "园"),
    ("國", "国"),
    ("廳", "厅"),
    ("規劃", "规划"),
    ("專項", "专项"),
    ("設備", "设备"),
    ("醫療衛生", "医疗卫生"),
    ("養老", "养老"),
    ("審核", "审核"),
    ("確認", "确认"),
    ("培訓", "培训"),
    ("宣傳", "宣传"),
    ("組織", "组织"),
    ("獎勵", "奖励"),
    ("維護", "维护"),
    ("運行", "运行"),
    ("長效", "长效"),
    ("穩定", "稳定"),
    ("觀察", "观察"),
    ("貧困", "贫困"),
    ("農村", "农村"),
    ("機構", "机构"),
    ("參與", "参与"),
    ("開展", "开展"),
    ("內容", "内容"),
    ("狀態", "状态"),
    ("說明", "说明"),
    ("數據", "数据"),
    ("檢測", "检测"),
    ("隨訪", "随访"),
    ("辦理", "办理"),
    ("過程", "过程"),
    ("關鍵", "关键"),
    ("歸屬", "归属"),
    ("發現", "发现"),
    ("議", "议"),
    ("論", "论"),
    ("統計", "统计"),
    ("還", "还"),
    ("將", "将"),
    ("從", "从"),
    ("並", "并"),
    ("於", "于"),
)
_SIMPLIFIED = str.maketrans(
    {t: s for trad, simp in _HEADER_WORDS for t, s in zip(trad, simp, strict=True) if t != s}
)


def to_simplified(text: str) -> str:
    """Traditional characters (繁体字) of table headers and category labels in simplified form.

    "績效指標" → "绩效指标", "評(扣)分標準" → "评(扣)分标准". A small table made from the words of
    real traditional-character tables, for recognising headers: it is not a general converter, and
    characters outside it are left as they are.
    """
    return text.translate(_SIMPLIFIED)
