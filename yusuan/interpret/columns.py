"""What each column of a printed table holds, from its header label and its contents."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import IncomeSource, PrintedTable
from ..normalize import key
from ..numbers import parse_amount

# income source from a label (key form), first match wins
_SOURCE_RULES: list[tuple[str, IncomeSource]] = [
    ("使用非财政拨款结余", IncomeSource.NON_FISCAL_BALANCE),
    ("非财政拨款结余", IncomeSource.NON_FISCAL_BALANCE),
    ("上年结转", IncomeSource.CARRYOVER),
    ("年初结转", IncomeSource.CARRYOVER),
    ("结转", IncomeSource.CARRYOVER),
    ("一般公共预算", IncomeSource.GENERAL_BUDGET),
    ("公共财政", IncomeSource.GENERAL_BUDGET),
    ("政府性基金", IncomeSource.GOV_FUND),
    ("国有资本经营", IncomeSource.STATE_CAPITAL),
    ("财政专户", IncomeSource.SPECIAL_ACCOUNT),
    ("教育收费", IncomeSource.SPECIAL_ACCOUNT),
    ("经营收入", IncomeSource.OPERATING),
    ("事业收入", IncomeSource.BUSINESS),
    ("上级补助", IncomeSource.SUPERIOR),
    ("附属单位", IncomeSource.SUBORDINATE),
    ("其他", IncomeSource.OTHER),
    ("本年收入合计", IncomeSource.CURRENT_TOTAL),
    ("当年收入小计", IncomeSource.CURRENT_TOTAL),
    ("本年收入小计", IncomeSource.CURRENT_TOTAL),
    ("收入合计", IncomeSource.CURRENT_TOTAL),
    ("本年收入", IncomeSource.CURRENT_TOTAL),
    ("收入总计", IncomeSource.TOTAL),
    ("财政拨款", IncomeSource.FISCAL),
]

# on key() text, where "、" has become ","
_NUMBERING = re.compile(r"^(?:[一二三四五六七八九十]+[、.,]|\(?[一二三四五六七八九十\d]+\)|\d+[.、,])")


def strip_numbering(label: str) -> str:
    """"一、财政拨款收入" → "财政拨款收入"; "1. 一般公共预算资金" → "一般公共预算资金"."""
    k = key(label)
    return _NUMBERING.sub("", k)


def income_source(label: str) -> IncomeSource:
    k = strip_numbering(label)
    if not k:
        return IncomeSource.UNKNOWN
    if k.startswith(("总计", "收入总计", "收入合计")) or k in ("合计",):
        return IncomeSource.TOTAL
    for fragment, source in _SOURCE_RULES:
        if fragment in k:
            return source
    return IncomeSource.UNKNOWN


# stable keys of the ``extra`` columns (documented in docs/readers.md)
_EXTRA_RULES: list[tuple[str, str]] = [
    ("年初结转", "carryover_begin"),
    ("上年结转", "carryover_begin"),
    ("年末结转", "carryover_end"),
    ("结转下年", "carryover_end"),
    ("单位预留机动", "reserve"),
    ("预留机动", "reserve"),
    ("决算数", "final"),
    ("调整预算", "adjusted_budget"),
    ("全年预算", "adjusted_budget"),
    ("年初预算", "budget"),
    ("预算数", "budget"),
    ("完成率", "completion_rate"),
    ("本年收入", "income"),
    ("上缴上级", "to_superior"),
    ("经营支出", "operating"),
    ("附属单位补助", "to_subordinate"),
    ("上年", "prior"),
]


@dataclass
class ColumnRoles:
    """Column indexes by role for a code-tree table."""

    code_class: int | None = None
    code_section: int | None = None
    code_item: int | None = None
    code: int | None = None  # one merged code column ("2010301")
    name: int | None = None
    project_name: int | None = None
    unit_name: int | None = None
    amounts: dict[int, str] = field(default_factory=dict)  # index → role ("total", "basic", "src:…", "x:…")
    labels: dict[int, str] = field(default_factory=dict)  # index → printed label

    @property
    def first_amount(self) -> int:
        return min(self.amounts) if self.amounts else 0

    def by_index(self, width: int = 0) -> dict[int, str]:
        """Every column taken for something: index → ``code:类``, ``code``, ``name``, ``total``, ``src:…`` …;
        ``width``: a table printed as two halves side by side (each role also at index + width)."""
        named = {self.code_class: "code:类", self.code_section: "code:款", self.code_item: "code:项",
                 self.code: "code", self.name: "name", self.project_name: "project_name", self.unit_name: "unit_name"}
        out = {i: role for i, role in named.items() if i is not None}
        out.update(self.amounts)
        if width:
            out.update({i + width: role for i, role in list(out.items())})
        return dict(sorted(out.items()))

    def index_of(self, role: str) -> int | None:
        for i, r in self.amounts.items():
            if r == role:
                return i
        return None


# a group of columns whose subtotal (小计/合计) is a part of the whole, and the role of that subtotal
_PART_GROUPS: list[tuple[str, str]] = [
    ("基本支出", "basic"),
    ("项目支出", "project"),
    ("人员经费", "personnel"),
    ("公用经费", "public"),
    ("上年结转", "src:carryover"),
    ("年初结转", "src:carryover"),
    ("结转结余", "src:carryover"),
    ("本年收入", "src:current_total"),
    ("财政拨款", "src:fiscal"),
    ("财政专户", "src:special_account"),
]
_TOTAL_WORDS = ("合计", "总计", "小计")
_OF = re.compile(r"^其中[：:]?")


def group_role(label: str) -> str | None:
    """The role of a group's subtotal column from the group's label ("基本支出" → basic)."""
    k = key(label)
    for fragment, role in _PART_GROUPS:
        if fragment in k:
            if role == "src:fiscal" and ("收入" not in k and "拨款" not in k):
                continue
            return role
    return None


def is_total_word(text: str) -> bool:
    t = _OF.sub("", text)
    return t in _TOTAL_WORDS or (t.endswith(("合计", "总计")) and "收入合计" not in t and "支出合计" not in t)


def _leaf_role(leaf: str, economic: bool) -> str | None:
    """The role a column's own (lowest) label names, or None when it names nothing we know."""
    text = _OF.sub("", leaf)
    if "人员经费" in text or "人员支出" in text:
        return "personnel"
    if "公用经费" in text:
        return "public"
    if "基本支出" in text and "合计" not in text:
        return "basic"
    if "项目支出" in text and "合计" not in text and "小计" not in text:
        return "project"
    if text in ("本年收入合计", "收入合计", "本年收入总计"):
        return "total"
    for fragment, extra in _EXTRA_RULES:
        if fragment in text:
            return f"x:{extra}"
    src = income_source(text)
    if src not in (IncomeSource.UNKNOWN, IncomeSource.TOTAL):
        return f"src:{src.value}"
    return None


def amount_role(label: str, economic: bool = False, whole: frozenset[str] = frozenset()) -> str:
    """Role of an amount column from its header path ("基本支出/小计" → basic, "财政拨款/合计" →
    src:fiscal, "基本支出/人员经费" → personnel): the column's own label first, then its groups.
    ``whole`` are the groups spanning every amount column (the table's own name over its columns:
    "一般公共预算基本支出/合计" is the table's total, not a part)."""
    k = key(label)
    path = [p for p in k.split("/") if p] if k else []
    leaf = path[-1] if path else ""
    if leaf and is_total_word(leaf):
        for group in reversed(path[:-1]):
            if group in whole:
                break
            role = group_role(group)
            if role is not None:
                return role
        return "total"
    groups = [g for g in path[:-1] if g not in whole]
    carry = next((g for g in groups if group_role(g) == "src:carryover"), None)
    role = _leaf_role(leaf, economic) if leaf else None
    if carry is not None and role is not None and (role.startswith("src:") or role == "total"):
        return f"x:carryover:{role.split(':')[-1]}"  # 上年结转结余/一般公共预算: a part of the carry-over
    if role is not None:
        return role
    for text in (k,):
        if not text:
            continue
        if "基本支出" in text and "合计" not in text:
            return "basic"
        if "项目支出" in text and "合计" not in text and "小计" not in text:
            return "project"
        if text.endswith(("合计", "总计")) and "收入合计" not in text:
            return "total"
    for fragment, extra in _EXTRA_RULES:
        if fragment in k:
            return f"x:{extra}"
    src = income_source(k)
    if src not in (IncomeSource.UNKNOWN, IncomeSource.TOTAL):
        return f"src:{src.value}"
    if src == IncomeSource.TOTAL:
        return "total"
    return f"x:{label.split('/')[-1]}" if label else "x:?"


def _column_content(table: PrintedTable, index: int) -> tuple[int, int, int]:
    """(codes, numbers, texts) among the body cells of a column."""
    codes = numbers = texts = 0
    for row in table.rows:
        cell = row.cell(index).replace(" ", "")
        if not cell:
            continue
        if cell.isdigit() and len(cell) in (2, 3, 5, 7) and "." not in cell:
            codes += 1
        elif parse_amount(cell) is not None or (cell.endswith(("%", "％")) and parse_amount(cell[:-1]) is not None):
            numbers += 1
        else:
            texts += 1
    return codes, numbers, texts


def code_tree_roles(table: PrintedTable, economic: bool = False) -> ColumnRoles:
    """Find code, name and amount columns of a 功能/经济分类 table."""
    roles = ColumnRoles()
    labels = table.columns
    for i, label in enumerate(labels):
        last = key(label).split("/")[-1] if label else ""
        if last == "类":
            roles.code_class = i
        elif last == "款":
            roles.code_section = i
        elif last == "项" and not economic:
            roles.code_item = i
    units = {i for i, label in enumerate(labels) if _is_unit_code(label)}
    if roles.code_class is None and roles.code is None:
        for i, label in enumerate(labels):
            k = key(label)
            if ("编码" in k or "代码" in k) and "名称" not in k and i not in units:
                roles.code = i
                break
    # content fallback: leading columns holding only codes
    if roles.code_class is None and roles.code is None:
        for i in range(min(3, len(labels))):
            if i in units:
                continue
            codes, numbers, texts = _column_content(table, i)
            if codes and not texts:
                roles.code = i if roles.code is None else roles.code
                break
    used = {x for x in (roles.code_class, roles.code_section, roles.code_item, roles.code) if x is not None} | units
    start = max(used) + 1 if used else 0
    for i in range(start, len(labels)):
        k = key(labels[i])
        codes, numbers, texts = _column_content(table, i)
        if k.split("/")[-1] in ("序号", "编号", "行次", "栏次") or k.endswith("序号"):
            continue  # the row's number, not an amount
        if "项目名称" in k:
            roles.project_name = i
        elif "单位名称" in k or ("单位" in k and "名称" in k):
            roles.unit_name = i
        elif roles.name is None and (("名称" in k or "科目" in k or k.endswith("项目")) or (texts and not numbers)):
            roles.name = i
        elif roles.name is not None and (numbers or not texts) and i not in (roles.project_name, roles.unit_name):
            roles.amounts[i] = amount_role(labels[i], economic=economic)
            roles.labels[i] = labels[i].split("/")[-1] if labels[i] else ""
    whole = spanning_groups([labels[i] for i in roles.amounts])
    if whole:
        for i in roles.amounts:
            roles.amounts[i] = amount_role(labels[i], economic=economic, whole=whole)
    if roles.name is None:
        roles.name = start if start < len(labels) else None
    _default_total(roles)
    return roles


def _is_unit_code(label: str) -> bool:
    """"部门代码" / "单位编码": a table listed by budget unit, not by classification code."""
    k = key(label)
    return ("部门" in k or "单位" in k) and any(w in k for w in ("代码", "编码", "编号"))


def spanning_groups(labels: list[str]) -> frozenset[str]:
    """Header groups over every one of the given (amount) columns: the table's own name over them."""
    paths = [[p for p in key(label).split("/") if p] for label in labels if label]
    if len(paths) < 2:
        return frozenset()
    common: set[str] = set(paths[0][:-1])
    for path in paths[1:]:
        common &= set(path[:-1])
    return frozenset(common)


_GENERIC_TOTALS = ("x:final", "x:金额", "x:金额(万元)", "x:金额(元)", "x:机关运行经费支出", "x:预算金额", "x:支出")


_YEAR_LABEL = re.compile(r"(20\d{2}|19\d{2})年")


def _year_columns(roles: ColumnRoles) -> None:
    """"2023年预算数 | 2024年预算数 | 增减 | 增减%": the latest year is the total, the one before is
    ``prior``, the change columns ``change`` and (in ``rates``) ``change_rate``."""
    years = {i: int(m.group(1)) for i, label in roles.labels.items() if (m := _YEAR_LABEL.search(label))}
    for i, label in roles.labels.items():
        k = key(label)
        if i not in years and ("增减" in k or "增长" in k or "变动" in k):
            roles.amounts[i] = "x:change_rate" if ("%" in k or "率" in k or "幅" in k) else "x:change"
    if len(set(years.values())) < 2 or "total" in roles.amounts.values():
        return
    latest = max(years.values())
    for i, year in years.items():
        if year == latest:
            roles.amounts[i] = "total"
        elif year == latest - 1:
            roles.amounts[i] = "x:prior"


def _default_total(roles: ColumnRoles) -> None:
    """A table without a 合计 column: its 决算数 or its one 金额 column is the line's total."""
    _year_columns(roles)
    if "total" in roles.amounts.values() or not roles.amounts:
        return
    for wanted in _GENERIC_TOTALS:
        for i, role in sorted(roles.amounts.items()):
            if role == wanted:
                roles.amounts[i] = "total"
                return
    if len(roles.amounts) == 1:
        index = next(iter(roles.amounts))
        if roles.amounts[index] in ("x:budget", "x:?") or roles.amounts[index].startswith("x:"):
            roles.amounts[index] = "total"


CODE_IN_NAME = re.compile(r"^(\d{3}(?:\d{2}){0,2})\s*(.*)$")
CODE_IN_BRACKETS = re.compile(r"^(.*?)[(（](\d{3}(?:\d{2}){0,2})(?:类|款|项)?[)）]$")


def split_code_name(text: str) -> tuple[str, str]:
    """"201 一般公共服务支出" → ("201", "一般公共服务支出"); "一般公共服务支出（201类）" too."""
    t = text.strip()
    m = CODE_IN_NAME.match(t.replace("\u3000", " "))
    if m and m.group(2) and not m.group(2)[0].isdigit() and m.group(2)[0] not in ".,，%":
        return m.group(1), m.group(2).strip()
    m = CODE_IN_BRACKETS.match(t)
    if m:
        return m.group(2), m.group(1).strip()
    return "", t
