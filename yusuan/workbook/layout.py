"""The officers' workbook: sheet names, columns and field labels, shared by the template writer and
the reader (so the two cannot drift apart).

Every data sheet has a title in row 1, a hint in row 2, the column headers in row 3 and data from
row 4. The reader finds columns by their header text, so inserting or reordering columns is safe.
"""

from __future__ import annotations

MARKER_SHEET = "yusuan"
MARKER = "yusuan-officers-workbook"
VERSION = "1"
HEADER_ROW = 3
FIRST_ROW = 4

INSTRUCTIONS = "填报说明"
PROFILE = "基本情况"
UNITS = "单位人员"
FUNCTIONAL = "功能分类"
ECONOMIC = "经济分类"
PROJECTS = "项目支出"
TARGETS = "绩效目标"
THREE_PUBLIC = "三公经费"
OTHER = "其他事项"
PRIOR = "上年数与原因"
GLOSSARY = "名词解释"

# 基本情况: label → field (column A label, column B value)
PROFILE_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("department", "部门名称（全称）", "如：乌鲁木齐市水磨沟区人民政府办公室"),
    ("short_name", "表格编制部门（简称）", "表格上方“编制部门”一栏的名称，可与全称相同"),
    ("region", "所在地区", "如：乌鲁木齐市水磨沟区"),
    ("year", "预算年度", "四位数字"),
    ("scope", "公开范围", "部门（含下属单位汇总）或 单位"),
    ("date", "公开日期", "如：2021-02-06"),
    ("sections", "内设科室", "用顿号“、”分隔"),
    ("other_matters", "其他需说明的事项", "没有则填“无”"),
)
FUNCTIONS_TITLE = "主要职能（每行一条）"

SOURCES: tuple[tuple[str, str], ...] = (
    ("general_budget", "一般公共预算"),
    ("gov_fund", "政府性基金预算"),
    ("state_capital", "国有资本经营预算"),
    ("special_account", "财政专户管理资金"),
    ("business", "事业收入"),
    ("operating", "事业单位经营收入"),
    ("other", "其他收入"),
)
SOURCE_BY_LABEL = {label: key for key, label in SOURCES}

UNIT_COLUMNS = ("单位名称", "单位类型", "单位性质", "编制数", "在职人数", "在职比上年增减", "退休人数", "退休比上年增减",
                "离休人数", "离休比上年增减")
UNIT_TYPES = ("本级", "下属单位")
UNIT_KINDS = ("行政单位", "事业单位", "参照公务员法管理事业单位")

FUNCTIONAL_COLUMNS = ("科目编码", "科目名称", *(f"基本支出：{label}" for _, label in SOURCES),
                      "项目支出（自动）", "合计（自动）", "上年一般公共预算数", "增减原因")
ECONOMIC_COLUMNS = ("科目编码", "科目名称", "明细名称", "人员经费", "公用经费")
PROJECT_ECONOMIC = ("工资福利支出", "商品和服务支出", "对个人和家庭的补助", "资本性支出", "其他支出")
PROJECT_COLUMNS = ("项目名称", "功能科目编码", "资金来源", "项目金额", *PROJECT_ECONOMIC, "设立的政策依据", "项目承担单位",
                   "资金分配情况", "资金执行时间", "补贴人数", "补贴标准（元/人）", "补贴范围", "补贴方式", "发放程序",
                   "受益人群和社会效益")
TARGET_COLUMNS = ("项目名称", "项目总体目标", "其他资金", "一级指标", "二级指标", "三级指标", "指标值")
LEVEL1 = ("产出指标", "效益指标", "满意度指标")
LEVEL2 = ("数量指标", "质量指标", "时效指标", "成本指标", "经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标",
          "服务对象满意度指标")

THREE_PUBLIC_ROWS: tuple[tuple[str, str], ...] = (
    ("outbound", "因公出国（境）费"),
    ("vehicle_purchase", "公务用车购置费"),
    ("vehicle_operation", "公务用车运行费"),
    ("reception", "公务接待费"),
    ("total", "合计"),  # 本年 is computed; 上年 and the reason of the total change may be given
)
THREE_PUBLIC_COLUMNS = ("项目", "本年预算数", "上年预算数", "增减原因")

# 其他事项: label → field; amounts in 万元 unless the label says otherwise
OTHER_ROWS: tuple[tuple[str, str], ...] = (
    ("operating_costs", "机关运行经费"),
    ("procurement_goods", "政府采购：货物"),
    ("procurement_works", "政府采购：工程"),
    ("procurement_services", "政府采购：服务"),
    ("sme_reserved", "面向中小企业预留采购预算"),
    ("small_micro_reserved", "其中：面向小微企业预留"),
    ("as_of", "国有资产截至日期（如：2020年底）"),
    ("building_area", "房屋面积（平方米）"),
    ("building_value", "房屋价值"),
    ("furniture_value", "办公家具价值"),
    ("other_value", "其他资产价值"),
    ("equipment_50", "单位价值50万元以上大型设备（台套）"),
    ("equipment_100", "单位价值100万元以上大型设备（台套）"),
    ("plan_vehicle_amount", "本年安排购置车辆经费"),
    ("plan_vehicles", "本年安排购置车辆（辆）"),
    ("plan_equipment_50", "本年安排购置50万元以上设备（台套）"),
    ("plan_equipment_100", "本年安排购置100万元以上设备（台套）"),
)
OTHER_COLUMNS = ("项目", "本年数", "上年数", "增减原因")
VEHICLE_TYPES = ("一般公务用车", "执法执勤用车", "特种专业技术用车", "其他车辆")
VEHICLE_COLUMNS = ("车辆类型", "数量（辆）", "价值")

# 上年数与原因: the totals the narrative compares with last year (subject key, label)
PRIOR_ROWS: tuple[tuple[str, str], ...] = (
    ("total", "收支总预算"),
    ("income:general_budget", "一般公共预算拨款收入"),
    ("income:gov_fund", "政府性基金预算拨款收入"),
    ("income:state_capital", "国有资本经营预算拨款收入"),
    ("income:special_account", "财政专户管理资金收入"),
    ("income:business", "事业收入"),
    ("income:operating", "事业单位经营收入"),
    ("income:other", "其他收入"),
    ("expenditure:basic", "基本支出"),
    ("expenditure:project", "项目支出"),
    ("fiscal_total", "财政拨款收支总预算"),
    ("general_budget_total", "一般公共预算当年拨款"),
    ("basic:personnel", "人员经费"),
    ("basic:public", "公用经费"),
    ("gov_fund", "政府性基金预算拨款支出"),
)
PRIOR_COLUMNS = ("项目", "上年预算数", "增减原因", "代码")
GLOSSARY_COLUMNS = ("名词", "解释")
