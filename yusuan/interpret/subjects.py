"""Vocabulary of the narrative: which words name which subject (what a figure speaks of).

Each rule is a pattern, the subject it names, and a tier. When several rules match before a figure,
the highest tier wins, then the match closest to the figure, then the longest: in
"一般公共预算拨款基本支出 464.04 万元" the figure is about 基本支出, not about 一般公共预算.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

TOPIC, STRUCTURE, SOURCE = 3, 2, 1


@dataclass(frozen=True)
class Rule:
    pattern: re.Pattern[str]
    kind: str
    key: str | None
    tier: int
    section: str | None = None  # only inside sections whose title contains this word


def _r(pattern: str, kind: str, key: str | None, tier: int, section: str | None = None) -> Rule:
    return Rule(re.compile(pattern), kind, key, tier, section)


_VEHICLE_TYPES = (
    "一般公务用车", "执法执勤用车", "特种专业技术用车", "机要通信用车", "应急保障用车", "离退休干部用车",
    "部级领导干部用车", "主要领导干部用车", "其他车辆", "其他用车", "业务用车", "专业技术用车",
)

RULES: list[Rule] = [
    # “三公” and its parts
    _r(r"[“\"']?三公[”\"']?经费", "three_public", "total", TOPIC),
    _r(r"因公出国[（(]?境[)）]?费?|出国[（(]境[)）]费", "three_public", "outbound", TOPIC),
    _r(r"公务用车购置及运行(?:维护)?费", "three_public", "vehicle_total", TOPIC),
    _r(r"公务用车购置(?:费)?", "three_public", "vehicle_purchase", TOPIC),
    _r(r"公务用车运行(?:维护)?费?", "three_public", "vehicle_operation", TOPIC),
    _r(r"公务接待费?", "three_public", "reception", TOPIC),
    _r(r"(?<!公务用车)购置费", "three_public", "vehicle_purchase", TOPIC, "三公"),
    _r(r"(?<!公务用车)运行(?:维护)?费", "three_public", "vehicle_operation", TOPIC, "三公"),
    _r(r"接待费", "three_public", "reception", TOPIC, "三公"),
    # 机关运行经费; 会议费 and 培训费 (Jiangsu states them beside “三公”): named so that they are not taken
    # for the 一般公共预算 they are paid from
    _r(r"机关运行经费|(?<!公务用车)(?:财政拨款)?运行经费", "operating_costs", None, TOPIC),
    _r(r"会议费", "meeting_costs", None, TOPIC),
    _r(r"培训费", "training_costs", None, TOPIC),
    # 政府采购
    _r(r"政府采购(?:预算)?(?:总额|总金额)?", "procurement", "total", TOPIC),
    _r(r"(?:政府)?采购货物|货物(?:类)?(?:采购)?预算", "procurement", "goods", TOPIC),
    _r(r"(?:政府)?采购工程|工程(?:类)?(?:采购)?预算", "procurement", "works", TOPIC),
    _r(r"(?:政府)?采购服务|服务(?:类)?(?:采购)?预算", "procurement", "services", TOPIC),
    _r(r"(?:拟)?(?:采购|购买)货物|货物(?:采购)?(?:支出|金额|预算)", "procurement", "goods", TOPIC, "采购"),
    _r(r"(?:拟)?(?:采购|购买)工程|工程(?:采购)?(?:支出|金额|预算)", "procurement", "works", TOPIC, "采购"),
    _r(r"(?:拟)?(?:采购|购买)服务|服务(?:采购)?(?:支出|金额|预算)", "procurement", "services", TOPIC, "采购"),
    _r(r"(?:面向)?中小企业预留|预留给?中小企业", "procurement", "sme", TOPIC),
    _r(r"(?:面向)?小微企业|小型和微型企业|小型、微型企业", "procurement", "small_micro", TOPIC),
    # 国有资产
    _r(r"房屋", "assets", "buildings", TOPIC),
    _r(r"车辆|公务用车总数", "assets", "vehicles", TOPIC, "资产"),
    *[_r(v, "assets", f"vehicles:{v}", TOPIC, "资产") for v in _VEHICLE_TYPES],
    _r(r"办公家具", "assets", "furniture", TOPIC),
    _r(r"其他资产", "assets", "other", TOPIC),
    _r(r"单位价值\s*50\s*万元以上(?:的)?(?:大型)?设备|50\s*万元(?:（含）)?以上(?:的)?(?:大型)?设备", "assets", "equipment_50", TOPIC),
    _r(r"单(?:位价)?(?:值|价)\s*100\s*万元(?:[（(]含[)）])?以上(?:的)?(?:大型)?设备|100\s*万元(?:[（(]含[)）])?以上(?:的)?(?:大型)?设备",
       "assets", "equipment_100", TOPIC),
    _r(r"购置车辆经费|车辆购置经费", "assets", "plan_vehicle_amount", TOPIC),
    # 预算绩效
    _r(r"(?:实行|开展)?绩效(?:目标)?管理的[^，。；]*?项目|编报绩效目标的项目|绩效目标[^，。；]*?项目|项目", "performance",
       "projects", TOPIC, "绩效"),
    _r(r"(?:涉及)?(?:项目)?预算(?:金额|资金)|涉及(?:资金|金额)", "performance", "amount", TOPIC, "绩效"),
    # a project's plan by quarter (Shanghai 年度预算安排: "第一季度用款计划25.88万元")
    *[_r(rf"第{q}季度(?:用款|支出|资金)?(?:计划|安排)", "project_quarter", str(i), TOPIC)
      for i, q in enumerate("一二三四", start=1)],
    # 人员经费 / 公用经费
    _r(r"人员经费", "basic", "personnel", TOPIC),
    _r(r"(?<!日常)公用经费", "basic", "public", TOPIC),
    # subordinate units
    _r(r"下属|所属", "units", "subordinate", TOPIC),
    _r(r"预算单位", "units", "count", SOURCE),
    # the carry-over's parts ("上年结转结余的一般公共预算收入 0 万元"): not this year's income of that source
    *[_r(rf"(?:上年|年初)结转(?:和)?(?:结余)?(?:的|中)?{src}(?:拨款)?(?:收入)?", "carryover_part", key, STRUCTURE)
      for src, key in (("一般公共预算", "general_budget"), ("政府性基金(?:预算)?", "gov_fund"),
                       ("国有资本经营预算", "state_capital"), ("财政专户管理资金", "special_account"),
                       ("单位资金", "other"))],
    # 人员经费 and 日常公用经费 by their other names ("按支出用途分类，包括人员支出 4944.99 万元，占 72.3%")
    _r(r"人员支出", "basic", "personnel", TOPIC),
    _r(r"日常公用(?:经费|支出)", "daily_public", None, TOPIC),  # a part of 公用经费 in some layouts: no table cell
    # what performance targets cover ("涉及一般公共预算当年拨款 15858.46 万元")
    _r(r"涉及(?:项目)?(?:预算)?(?:一般公共预算|政府性基金(?:预算)?|财政拨款)?(?:财政)?(?:当年)?(?:拨款|资金|金额)",
       "performance", "amount", TOPIC),
    # totals and structure
    _r(r"财政拨款收支总(?:预算|计)|财政拨款收支(?:预算)?总额|财政拨款收入支出(?:预算|决算)?总(?:计|额)",
       "fiscal_total", None, STRUCTURE),
    _r(r"财政拨款支出(?:预算)?", "fiscal_total", None, STRUCTURE),
    _r(r"一般公共预算(?:财政)?(?:当年)?拨款(?:支出)?(?:预算)?(?:总额|规模)?", "general_budget_total", None, STRUCTURE,
       "一般公共预算"),
    _r(r"一般公共预算(?:财政)?拨款支出(?:预算)?", "general_budget_total", None, STRUCTURE),
    _r(r"政府性基金(?:预算)?(?:拨款)?支出(?:预算)?", "gov_fund", None, STRUCTURE),
    _r(r"国有资本经营预算(?:拨款)?支出(?:预算)?", "state_capital", None, STRUCTURE),
    # "政府性基金收入预算 0 万元": the source, not the income total
    # "政府性基金预算财政拨款收入 4,066.60 万元": the fund's income, not 财政拨款 as a whole
    _r(r"(?:一般公共预算|公共财政预算)(?:财政)?(?:拨款)?收入(?:预算)?(?:总计|合计)?", "income", "general_budget",
       STRUCTURE),
    _r(r"政府性基金(?:预算)?(?:财政)?(?:拨款)?收入(?:预算)?(?:总计|合计)?", "income", "gov_fund", STRUCTURE),
    _r(r"国有资本经营预算(?:财政)?(?:拨款)?收入(?:预算)?(?:总计|合计)?", "income", "state_capital", STRUCTURE),
    _r(r"财政专户管理资金收入(?:预算)?(?:总计|合计)?", "income", "special_account", STRUCTURE),
    _r(r"财政拨款(?:（补助）)?收入(?:预算|决算)?(?:总计|合计)?", "income", "fiscal", STRUCTURE),
    _r(r"本年收入(?:预算|决算)?合计", "income_total", None, STRUCTURE),
    _r(r"本年支出(?:预算|决算)?合计", "expenditure_total", None, STRUCTURE),
    _r(r"(?:其他资金|其他)收入(?:预算)?(?:总计|合计)?", "income", "other", STRUCTURE),
    _r(r"事业收入(?:预算)?(?:总计|合计)?", "income", "business", STRUCTURE),
    _r(r"收支总预算|收支预算总额|收支总额|预算总额", "total", None, STRUCTURE),
    _r(r"收入预算(?:总额)?|收入总(?:预算|计|额)|总收入", "income_total", None, STRUCTURE),
    _r(r"支出预算(?:总额)?|支出总(?:预算|计|额)|总支出", "expenditure_total", None, STRUCTURE),
    _r(r"基本支出(?:预算|决算)?(?:数)?", "expenditure", "basic", STRUCTURE),
    _r(r"项目支出(?:预算|决算)?(?:数)?", "expenditure", "project", STRUCTURE),
    # Jiangsu's 支出预算总表 prints these beside 基本支出 and 项目支出
    _r(r"(?:单位)?预留机动经费(?:预算|决算)?(?:数)?", "expenditure", "reserve", STRUCTURE),
    _r(r"结转下年(?:资金|使用)?(?:预算|决算)?(?:数)?", "expenditure", "carryover_end", STRUCTURE),
    # sources of income
    _r(r"一般公共预算(?:拨款)?(?:收入)?|公共财政预算", "income", "general_budget", SOURCE),
    _r(r"政府性基金(?:预算)?(?:拨款)?(?:收入)?", "income", "gov_fund", SOURCE),
    _r(r"国有资本经营预算(?:拨款)?(?:收入)?", "income", "state_capital", SOURCE),
    _r(r"财政拨款(?:（补助）)?(?:收入)?", "income", "fiscal", SOURCE),
    _r(r"财政专户(?:管理资金)?(?:收入)?|教育收费|专户资金", "income", "special_account", SOURCE),
    _r(r"事业单位经营支出", "expenditure", "operating", STRUCTURE),
    _r(r"事业单位经营收入|经营收入", "income", "operating", SOURCE),
    _r(r"事业收入", "income", "business", SOURCE),
    _r(r"上级补助收入", "income", "superior", SOURCE),
    _r(r"附属单位上缴收入", "income", "subordinate", SOURCE),
    _r(r"其他收入|单位其他资金收入|其他资金", "income", "other", SOURCE),
    _r(r"上年结转(?:结余)?|年初结转(?:和结余)?", "income", "carryover", SOURCE),
]

# the whole a share is taken of, by words of the section title (first match)
SHARE_BASE_BY_SECTION: list[tuple[str, str]] = [
    ("三公", "three_public"),
    ("一般公共预算", "general_budget_total"),
    ("财政拨款", "fiscal_total"),
    ("收入", "income_total"),
    ("支出", "expenditure_total"),
]

TOTAL_KINDS = {"total", "income_total", "expenditure_total", "fiscal_total", "general_budget_total"}

# 类/款/项 phrases: "一般公共服务（类）政府办公厅（室）及相关机构事务（款）行政运行（项）"
FUNCTIONAL_PHRASE = re.compile(
    r"(?P<cls>[^，。；：:、“”\d]+?)[（(](?P<cc>\d{3})?类[)）]"
    r"(?:\s*(?P<sec>[^，。；：:“”\d]+?)[（(](?P<sc>\d{2})?款[)）])?"
    r"(?:\s*(?P<item>[^，。；：:“”\d]+?)[（(](?P<ic>\d{2})?项[)）])?"
)
# Jiangsu, under a 类 heading: "2.检察（款）一般行政管理事务(项)支出 2354.4 万元"
FUNCTIONAL_SECTION_PHRASE = re.compile(
    r"(?P<sec>[^，。；：:、“”\d（(）)]+?)[（(](?P<sc>\d{2})?款[)）]"
    r"(?:\s*(?P<item>[^，。；：:“”\d（(）)]+?)[（(](?P<ic>\d{2})?项[)）])?"
)
# Shanghai: “一般公共服务支出-政府办公厅（室）及相关机构事务-行政运行”科目
FUNCTIONAL_DASHED = re.compile(r"[“\"]([^”\"]+?-[^”\"]+?)[”\"]\s*科目")
