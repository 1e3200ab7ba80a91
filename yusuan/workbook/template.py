"""``yusuan template``: the fill-in workbook for budget officers (Chinese, with data validation).

The officer fills the finest figures once (basic expenditure by functional item and source, the
economic lines, the projects), and yusuan derives every table from them, so the nine tables cannot
disagree. Code trees are prefilled from the catalogue; totals are formulas for the officer's eye
only (the reader recomputes everything).
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from .. import catalog
from ..render.glossary import DEFAULT_GLOSSARY
from ..render.vocab import FUNCTIONAL_NAMES
from . import layout as L

HEAD = Font(name="黑体", bold=True, size=11)
TITLE = Font(name="黑体", bold=True, size=14)
HINT = Font(name="宋体", size=9, color="666666")
SHADE = PatternFill("solid", fgColor="EFEFEF")
INPUT = PatternFill("solid", fgColor="FFFDE7")
LAST_ROW = 400
AMOUNT_FORMAT = "#,##0.00"

INSTRUCTIONS = (
    "本工作簿用于填报部门预算公开所需的全部数据。填好后运行：yusuan render 本文件.xlsx -o 输出目录",
    "yusuan 会先检查缺项和不一致之处（给出工作表和单元格），没有错误才生成 DOCX、PDF、XLSX、HTML 四种格式的公开文件；"
    "九张公开表、情况说明的全部数字和文字都由本工作簿的数据计算生成，彼此一致。",
    "",
    "填报顺序：",
    "1. 基本情况：部门全称、年度、公开范围、主要职能、内设科室。",
    "2. 单位人员：本级和每个下属单位各一行（编制数、在职、退休、离休人数及比上年增减）。",
    "3. 功能分类：按支出功能分类“项”级科目填基本支出（按资金来源分列）；已列出常用科目，没有的科目在下方空行补充"
    "（7 位编码、科目名称）。类、款行只用于显示名称和合计，不必填写。项目支出不在此填写，由“项目支出”表自动汇总。",
    "4. 经济分类：一般公共预算基本支出按经济分类“款”级科目填人员经费或公用经费；需要列本地明细的，同一科目编码填多行，"
    "每行写明“明细名称”。经济分类合计必须等于功能分类中一般公共预算基本支出的合计。",
    "5. 项目支出：每个项目一行：名称、功能科目编码（7 位）、资金来源、金额及按经济分类的拆分（拆分之和须等于金额）、"
    "政策依据、承担单位等；补贴类项目填补贴人数和标准（人数 × 标准须等于金额）。",
    "6. 绩效目标：每个项目的每个三级指标一行；指标值按文本填写（如 ≥2次、=100%、=300000元，本列已设为文本格式）；"
    "成本指标以“元”填写时应等于项目金额 × 10000。",
    "7. 三公经费、其他事项（机关运行经费、政府采购、国有资产）、上年数与原因：上年预算数用于计算增减额和增减率，"
    "增减原因会写入情况说明（如“人员增加”，不要写“主要原因是”）。",
    "",
    "金额单位一律为万元，保留两位小数；不填视为 0。黄色底色的单元格需要填写，灰色的单元格由公式计算，不必填写。",
    "科目编码请按文本填写（如 2010301），不要带空格。",
)


def _header(ws: Worksheet, title: str, hint: str, columns: tuple[str, ...], widths: dict[int, float] | None = None) -> None:
    ws["A1"] = title
    ws["A1"].font = TITLE
    ws["A2"] = hint
    ws["A2"].font = HINT
    for c, label in enumerate(columns, start=1):
        cell = ws.cell(row=L.HEADER_ROW, column=c, value=label)
        cell.font = HEAD
        cell.fill = SHADE
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(c)].width = (widths or {}).get(c, 14)
    ws.row_dimensions[L.HEADER_ROW].height = 32
    ws.freeze_panes = ws.cell(row=L.FIRST_ROW, column=1)


def _validate(ws: Worksheet, rule: DataValidation, ref: str) -> None:
    """Attach a validation rule to one or more ranges (separated by spaces)."""
    rule.error = rule.error or "输入不符合要求"
    rule.errorTitle = "yusuan"
    rule.showErrorMessage = True
    ws.add_data_validation(rule)
    for part in ref.split():
        rule.add(part)


def _amount_rule() -> DataValidation:
    return DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                          error="请填写不小于 0 的金额（万元）")


def _list_rule(values: tuple[str, ...]) -> DataValidation:
    return DataValidation(type="list", formula1='"' + ",".join(values) + '"', allow_blank=True,
                          error="请从下拉列表中选择")


def _column(columns: tuple[str, ...], label: str) -> str:
    return get_column_letter(columns.index(label) + 1)


def _profile(wb: Workbook, year: int | None) -> None:
    ws = wb.create_sheet(L.PROFILE)
    _header(ws, "基本情况", "B 列填写；C 列为说明", ("项目", "内容", "说明"), {1: 26, 2: 48, 3: 48})
    for r, (field, label, hint) in enumerate(L.PROFILE_FIELDS, start=L.FIRST_ROW):
        ws.cell(row=r, column=1, value=label).font = HEAD
        cell = ws.cell(row=r, column=2, value=year if field == "year" and year else ("部门" if field == "scope" else None))
        cell.fill = INPUT
        ws.cell(row=r, column=3, value=hint).font = HINT
        if field == "scope":
            _validate(ws, _list_rule(("部门", "单位")), f"B{r}")
        if field == "year":
            _validate(ws, DataValidation(type="whole", operator="between", formula1="2000", formula2="2100",
                                         error="请填写四位年份"), f"B{r}")
    start = L.FIRST_ROW + len(L.PROFILE_FIELDS) + 1
    ws.cell(row=start, column=1, value=L.FUNCTIONS_TITLE).font = HEAD
    for i in range(1, 21):
        ws.cell(row=start + i, column=1, value=i)
        ws.cell(row=start + i, column=2).fill = INPUT


def _units(wb: Workbook) -> None:
    ws = wb.create_sheet(L.UNITS)
    _header(ws, "单位与人员", "本级一行，每个下属预算单位一行；增减为比上年的变化（减少填负数）", L.UNIT_COLUMNS, {1: 32})
    _validate(ws, _list_rule(L.UNIT_TYPES), f"B{L.FIRST_ROW}:B{LAST_ROW}")
    _validate(ws, _list_rule(L.UNIT_KINDS), f"C{L.FIRST_ROW}:C{LAST_ROW}")
    _validate(ws, DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                                 error="请填写人数（整数）"), f"D{L.FIRST_ROW}:E{LAST_ROW} G{L.FIRST_ROW}:G{LAST_ROW} "
                                                            f"I{L.FIRST_ROW}:I{LAST_ROW}")
    ws.cell(row=L.FIRST_ROW, column=2, value="本级")
    ws.cell(row=L.FIRST_ROW, column=3, value="行政单位")


def functional_codes(year: int | None) -> list[tuple[str, str]]:
    """(code, name) prefilled in 功能分类: the catalogue's codes and common ones, tree order."""
    names = dict(FUNCTIONAL_NAMES)
    for entry in catalog.functional().all(year):
        if entry.level != "class" or entry.code in names:
            names.setdefault(entry.code, entry.name)
    used_classes = {c[:3] for c in names if len(c) > 3}
    return sorted((c, n) for c, n in names.items() if len(c) > 3 or c in used_classes)


def _functional(wb: Workbook, year: int | None) -> None:
    ws = wb.create_sheet(L.FUNCTIONAL)
    cols = L.FUNCTIONAL_COLUMNS
    _header(ws, "支出功能分类（基本支出）", "只在 7 位“项”级科目行填写基本支出；项目支出由“项目支出”表自动汇总；没有的科目在下方补充",
            cols, {1: 11, 2: 34, len(cols): 30})
    n_sources = len(L.SOURCES)
    project_col, total_col = 3 + n_sources, 4 + n_sources
    rows = functional_codes(year)
    last = L.FIRST_ROW + len(rows) + 120
    code_range = f"$A${L.FIRST_ROW}:$A${last}"
    for r, (code, name) in enumerate(rows, start=L.FIRST_ROW):
        ws.cell(row=r, column=1, value=code).number_format = "@"
        ws.cell(row=r, column=2, value=name)
        parent = len(code) < 7
        for c in range(3, total_col + 1):
            cell = ws.cell(row=r, column=c)
            cell.number_format = AMOUNT_FORMAT
            letter = get_column_letter(c)
            if parent:
                cell.value = (f'=SUMPRODUCT((LEFT({code_range},{len(code)})="{code}")*(LEN({code_range})=7)*'
                              f"{letter}${L.FIRST_ROW}:{letter}${last})")
                cell.fill = SHADE
            elif c == project_col:
                cell.value = f"=SUMIFS({L.PROJECTS}!$D:$D,{L.PROJECTS}!$B:$B,$A{r})"
                cell.fill = SHADE
            elif c == total_col:
                cell.value = f"=SUM(C{r}:{get_column_letter(project_col)}{r})"
                cell.fill = SHADE
            else:
                cell.fill = INPUT
        if parent:
            for c in (1, 2):
                ws.cell(row=r, column=c).font = HEAD
                ws.cell(row=r, column=c).fill = SHADE
    _validate(ws, DataValidation(type="custom", formula1=f"OR(LEN(A{L.FIRST_ROW})=3,LEN(A{L.FIRST_ROW})=5,"
                                                          f"LEN(A{L.FIRST_ROW})=7)",
                                 allow_blank=True, error="科目编码为 3、5 或 7 位数字"), f"A{L.FIRST_ROW}:A{last}")
    amounts = f"C{L.FIRST_ROW}:{get_column_letter(2 + n_sources)}{last}"
    prior = _column(cols, "上年一般公共预算数")
    _validate(ws, _amount_rule(), f"{amounts} {prior}{L.FIRST_ROW}:{prior}{last}")


def _economic(wb: Workbook) -> None:
    ws = wb.create_sheet(L.ECONOMIC)
    _header(ws, "一般公共预算基本支出（经济分类）", "按“款”级科目填写；同一科目分本地明细的，填多行并写明细名称",
            L.ECONOMIC_COLUMNS, {1: 11, 2: 30, 3: 30})
    entries = [e for e in catalog.economic().all() if e.level == "section" and e.code[:3] in ("301", "302", "303")]
    for r, e in enumerate(sorted(entries, key=lambda e: e.code), start=L.FIRST_ROW):
        ws.cell(row=r, column=1, value=e.code).number_format = "@"
        ws.cell(row=r, column=2, value=e.name)
        column = 5 if e.code.startswith("302") else 4
        ws.cell(row=r, column=column).fill = INPUT
        for c in (4, 5):
            ws.cell(row=r, column=c).number_format = AMOUNT_FORMAT
    _validate(ws, DataValidation(type="textLength", operator="equal", formula1="5", allow_blank=True,
                                 error="经济分类款级科目编码为 5 位数字"), f"A{L.FIRST_ROW}:A{LAST_ROW}")
    _validate(ws, _amount_rule(), f"D{L.FIRST_ROW}:E{LAST_ROW}")


def _projects(wb: Workbook) -> None:
    ws = wb.create_sheet(L.PROJECTS)
    cols = L.PROJECT_COLUMNS
    _header(ws, "项目支出", "每个项目一行；按经济分类拆分之和须等于项目金额", cols, {1: 34, 10: 40})
    _validate(ws, DataValidation(type="textLength", operator="equal", formula1="7", allow_blank=True,
                                 error="功能科目编码为 7 位数字"), f"B{L.FIRST_ROW}:B{LAST_ROW}")
    _validate(ws, _list_rule(tuple(label for _, label in L.SOURCES)), f"C{L.FIRST_ROW}:C{LAST_ROW}")
    last_econ = get_column_letter(4 + len(L.PROJECT_ECONOMIC))
    _validate(ws, _amount_rule(), f"D{L.FIRST_ROW}:{last_econ}{LAST_ROW}")
    people, standard = _column(cols, "补贴人数"), _column(cols, "补贴标准（元/人）")
    _validate(ws, DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                                 error="补贴人数为整数"), f"{people}{L.FIRST_ROW}:{people}{LAST_ROW}")
    _validate(ws, _amount_rule(), f"{standard}{L.FIRST_ROW}:{standard}{LAST_ROW}")
    for r in range(L.FIRST_ROW, L.FIRST_ROW + 30):
        ws.cell(row=r, column=2).number_format = "@"
        for c in range(4, 5 + len(L.PROJECT_ECONOMIC)):
            ws.cell(row=r, column=c).number_format = AMOUNT_FORMAT


def _targets(wb: Workbook) -> None:
    ws = wb.create_sheet(L.TARGETS)
    _header(ws, "项目支出绩效目标", "每个三级指标一行；项目名称须与“项目支出”表一致；项目总体目标每个项目填一次即可",
            L.TARGET_COLUMNS, {1: 34, 2: 40, 6: 30, 7: 20})
    for r in range(L.FIRST_ROW, LAST_ROW + 1):
        ws.cell(row=r, column=7).number_format = "@"  # "=100%" typed here stays text, not a formula
    _validate(ws, _list_rule(L.LEVEL1), f"D{L.FIRST_ROW}:D{LAST_ROW}")
    _validate(ws, _list_rule(L.LEVEL2), f"E{L.FIRST_ROW}:E{LAST_ROW}")
    _validate(ws, _amount_rule(), f"C{L.FIRST_ROW}:C{LAST_ROW}")


def _three_public(wb: Workbook) -> None:
    ws = wb.create_sheet(L.THREE_PUBLIC)
    _header(ws, "一般公共预算“三公”经费", "本年与上年预算数（万元）；增减原因写入情况说明", L.THREE_PUBLIC_COLUMNS,
            {1: 22, 4: 40})
    for r, (f, label) in enumerate(L.THREE_PUBLIC_ROWS, start=L.FIRST_ROW):
        ws.cell(row=r, column=1, value=label).font = HEAD
        for c in (2, 3, 4):
            ws.cell(row=r, column=c).fill = INPUT
        if f == "total":
            ws.cell(row=r, column=2, value=f"=SUM(B{L.FIRST_ROW}:B{r - 1})").fill = SHADE
    _validate(ws, _amount_rule(), f"B{L.FIRST_ROW}:C{L.FIRST_ROW + 3}")


def _other(wb: Workbook) -> None:
    ws = wb.create_sheet(L.OTHER)
    _header(ws, "其他重要事项", "机关运行经费、政府采购、国有资产（金额为万元）", L.OTHER_COLUMNS, {1: 40, 4: 40})
    for r, (_, label) in enumerate(L.OTHER_ROWS, start=L.FIRST_ROW):
        ws.cell(row=r, column=1, value=label).font = HEAD
        ws.cell(row=r, column=2).fill = INPUT
    ws.cell(row=L.FIRST_ROW, column=3).fill = INPUT
    ws.cell(row=L.FIRST_ROW, column=4).fill = INPUT
    start = L.FIRST_ROW + len(L.OTHER_ROWS) + 1
    for c, label in enumerate(L.VEHICLE_COLUMNS, start=1):
        cell = ws.cell(row=start, column=c, value=label)
        cell.font = HEAD
        cell.fill = SHADE
    for r, name in enumerate(L.VEHICLE_TYPES, start=start + 1):
        ws.cell(row=r, column=1, value=name)
        ws.cell(row=r, column=2).fill = INPUT
        ws.cell(row=r, column=3).fill = INPUT


def _prior(wb: Workbook) -> None:
    ws = wb.create_sheet(L.PRIOR)
    _header(ws, "上年预算数与增减原因", "上年预算数用于计算增减额和增减率；不填则情况说明不作比较", L.PRIOR_COLUMNS,
            {1: 28, 3: 50})
    for r, (key, label) in enumerate(L.PRIOR_ROWS, start=L.FIRST_ROW):
        ws.cell(row=r, column=1, value=label).font = HEAD
        ws.cell(row=r, column=2).fill = INPUT
        ws.cell(row=r, column=3).fill = INPUT
        ws.cell(row=r, column=4, value=key).font = HINT
    ws.column_dimensions["D"].hidden = True
    _validate(ws, _amount_rule(), f"B{L.FIRST_ROW}:B{L.FIRST_ROW + len(L.PRIOR_ROWS)}")


def _glossary(wb: Workbook) -> None:
    ws = wb.create_sheet(L.GLOSSARY)
    _header(ws, "名词解释", "已按标准表述预填，可修改或增加", L.GLOSSARY_COLUMNS, {1: 20, 2: 100})
    for r, (term, text) in enumerate(DEFAULT_GLOSSARY, start=L.FIRST_ROW):
        ws.cell(row=r, column=1, value=term)
        ws.cell(row=r, column=2, value=text).alignment = Alignment(wrap_text=True)


def build_template(year: int | None = None) -> Workbook:
    wb = Workbook()
    ws = wb.active
    ws.title = L.INSTRUCTIONS
    ws.column_dimensions["A"].width = 120
    ws["A1"] = "预算公开填报工作簿（yusuan）" + (f"：{year}年" if year else "")
    ws["A1"].font = TITLE
    for r, text in enumerate(INSTRUCTIONS, start=3):
        ws.cell(row=r, column=1, value=text).alignment = Alignment(wrap_text=True)
    _profile(wb, year)
    _units(wb)
    _functional(wb, year)
    _economic(wb)
    _projects(wb)
    _targets(wb)
    _three_public(wb)
    _other(wb)
    _prior(wb)
    _glossary(wb)
    marker = wb.create_sheet(L.MARKER_SHEET)
    marker["A1"], marker["A2"] = L.MARKER, L.VERSION
    marker.sheet_state = "hidden"
    return wb


def write_template(path: str | Path, year: int | None = None) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    build_template(year).save(path)
    return path
