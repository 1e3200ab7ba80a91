"""Planted mistakes: known errors put into a consistent document, and the list of what was planted.

The checks and batch engineers assert that every planted mistake is reported: a finding with one of
the ``expected`` codes at the planted ``location`` (the table, row and column of a cell; or the
section and the sentence as it now reads). Mistakes are planted in the laid-out document (the same
``RenderedDocument`` every format draws), then written as text.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from ..model import Disclosure, SourceRef
from .document import build_document
from .grid import Grid, GridRow, Heading, Para, RenderedDocument, TableRef
from .text import document_text


@dataclass(frozen=True)
class PlantedMistake:
    """One planted mistake: what kind, where, which finding codes report it, and the text changed."""

    kind: str
    location: SourceRef
    expected: tuple[str, ...]  # a finding with any of these codes at ``location`` reports it
    before: str
    after: str
    description: str  # Chinese
    severity: str = "error"  # the least severity of the finding that reports it


Planter = Callable[[random.Random, RenderedDocument], PlantedMistake | None]
PLANTERS: dict[str, Planter] = {}
DESCRIPTIONS: dict[str, str] = {}


def planter(kind: str, description: str) -> Callable[[Planter], Planter]:
    def wrap(func: Planter) -> Planter:
        PLANTERS[kind] = func
        DESCRIPTIONS[kind] = description
        return func

    return wrap


# ---------------------------------------------------------------- helpers


def _grid(doc: RenderedDocument, grid_id: str) -> Grid | None:
    return next((g for g in doc.grids if g.id == grid_id), None)


def _delta(rng: random.Random) -> Decimal:
    """A visible, non-zero change of a figure (never a rounding-size one)."""
    return Decimal(rng.randint(50, 5000)).scaleb(-2) * rng.choice((1, -1))


def _shift(text: str, delta: Decimal) -> str:
    value = Decimal(text or "0")
    new = value + delta
    if new <= 0:
        new = value - delta if value - delta > 0 else value + abs(delta)
    return format(new.quantize(Decimal("0.01")), "f")


def _column(g: Grid, label: str) -> int:
    for row in g.header:
        for i, text in enumerate(row):
            if text == label:
                return i
    raise ValueError(label)


def _cell_mistake(kind: str, g: Grid, rows: list[tuple[int, GridRow]], column: int, column_label: str,
                  rng: random.Random, expected: tuple[str, ...], row_label: Callable[[GridRow], str]) -> PlantedMistake | None:
    candidates = [(i, r) for i, r in rows if r.cells[column]]
    if not candidates:
        return None
    _, row = rng.choice(candidates)
    before = row.cells[column]
    row.cells[column] = _shift(before, _delta(rng))
    return PlantedMistake(kind=kind, location=SourceRef(table=g.id, row=row_label(row), column=column_label),
                          expected=expected, before=before, after=row.cells[column], description=DESCRIPTIONS[kind])


def _code_of(row: GridRow) -> str:
    return "".join(row.cells[:3]) if row.cells[0] else ""


def _paragraphs(doc: RenderedDocument) -> list[tuple[str, Para]]:
    """Narrative paragraphs (Part 3) with the heading path they sit under."""
    out: list[tuple[str, Para]] = []
    path: list[str] = []
    in_part3 = False
    for block in doc.blocks:
        if isinstance(block, Heading):
            if block.level == 1:
                in_part3 = block.text.startswith("第三部分")
                path = [block.text]
            else:
                path = path[: block.level - 1] + [block.text]
        elif isinstance(block, Para) and in_part3:
            out.append((" / ".join(path), block))
    return out


def _text_mistake(kind: str, doc: RenderedDocument, rng: random.Random, pattern: str,
                  change: Callable[[re.Match[str]], str], expected: tuple[str, ...],
                  section_word: str = "", severity: str = "error") -> PlantedMistake | None:
    candidates = []
    for section, para in _paragraphs(doc):
        if section_word and section_word not in section:
            continue
        for m in re.finditer(pattern, para.text):
            candidates.append((section, para, m))
    if not candidates:
        return None
    section, para, m = rng.choice(candidates)
    before = para.text
    para.text = para.text[: m.start()] + change(m) + para.text[m.end():]
    sentence = _sentence_at(para.text, m.start())
    return PlantedMistake(kind=kind, location=SourceRef(section=section, sentence=sentence), expected=expected,
                          before=before, after=para.text, description=DESCRIPTIONS[kind], severity=severity)


def _sentence_at(text: str, pos: int) -> str:
    start = max(text.rfind("。", 0, pos), -1) + 1
    end = text.find("。", pos)
    return text[start: end + 1 if end >= 0 else len(text)]


def _number(m: re.Match[str], rng: random.Random) -> str:
    return m.group(0).replace(m.group("n"), _shift(m.group("n"), _delta(rng)), 1)


# ---------------------------------------------------------------- table mistakes


@planter("table-cell", "表三某项级科目的基本支出被改动，行合计与上下级科目不再相符")
def _table_cell(rng: random.Random, doc: RenderedDocument) -> PlantedMistake | None:
    g = _grid(doc, "表三")
    if g is None:
        return None
    rows = [(i, r) for i, r in enumerate(g.body) if r.style == "item"]
    return _cell_mistake("table-cell", g, rows, _column(g, "基本支出"), "基本支出", rng,
                         ("row-sum", "tree-sum", "cross-table"), _code_of)


@planter("table-total", "表五合计行的合计数被改动")
def _table_total(rng: random.Random, doc: RenderedDocument) -> PlantedMistake | None:
    g = _grid(doc, "表五")
    if g is None:
        return None
    rows = [(i, r) for i, r in enumerate(g.body) if r.style == "total"]
    return _cell_mistake("table-total", g, rows, _column(g, "合计"), "合计", rng,
                         ("grand-total", "row-sum", "cross-table"), lambda r: "合计")


@planter("economic-item", "表六某经济分类款级科目（或其明细）的金额被改动")
def _economic_item(rng: random.Random, doc: RenderedDocument) -> PlantedMistake | None:
    g = _grid(doc, "表六")
    if g is None:
        return None
    rows = [(i, r) for i, r in enumerate(g.body) if r.style in ("item", "section") and r.cells[0]]
    return _cell_mistake("economic-item", g, rows, _column(g, "合计"), "合计", rng,
                         ("item-sum", "tree-sum", "row-sum", "cross-table"),
                         lambda r: f"{r.cells[0]}{r.cells[1]} {r.cells[2]}")


@planter("three-public-part", "表八公务接待费（或公务用车运行费）被改动，合计不等于各项之和")
def _three_public_part(rng: random.Random, doc: RenderedDocument) -> PlantedMistake | None:
    g = _grid(doc, "表八")
    if g is None or not g.body:
        return None
    column = rng.choice((4, 5))
    label = "公务用车运行费" if column == 4 else "公务接待费"
    return _cell_mistake("three-public-part", g, [(0, g.body[0])], column, label, rng,
                         ("three-public-sum", "three-public-basic", "narrative-amount"), lambda r: "")


@planter("overview-total", "表一收入总计被改动，收支两侧不平")
def _overview_total(rng: random.Random, doc: RenderedDocument) -> PlantedMistake | None:
    g = _grid(doc, "表一")
    if g is None:
        return None
    rows = [(i, r) for i, r in enumerate(g.body) if r.style == "total"]
    return _cell_mistake("overview-total", g, rows, 1, "预算数", rng, ("overview-sum", "cross-table"),
                         lambda r: "收入总计")


@planter("missing-table", "政府性基金预算支出情况表（表九）整张缺失")
def _missing_table(rng: random.Random, doc: RenderedDocument) -> PlantedMistake | None:
    for i, block in enumerate(doc.blocks):
        if isinstance(block, TableRef) and block.grid.id == "表九":
            del doc.blocks[i]
            return PlantedMistake(kind="missing-table", location=SourceRef(table="表九"),
                                  expected=("table-missing", "missing-table", "empty-table-missing"), before=block.grid.title, after="",
                                  description=DESCRIPTIONS["missing-table"])
    return None


@planter("performance-total-copied", "某项目绩效目标表的资金总额和财政拨款抄自另一个项目")
def _performance_copied(rng: random.Random, doc: RenderedDocument) -> PlantedMistake | None:
    grids = [g for g in doc.grids if g.id.startswith("绩效")]
    pairs = [(a, b) for a in grids for b in grids if a is not b and a.body[1].cells[2] != b.body[1].cells[2]]
    if not pairs:
        return None
    target, source = rng.choice(pairs)
    before = target.body[1].cells[2]
    for col in (2, 4):
        target.body[1].cells[col] = source.body[1].cells[col]
    return PlantedMistake(kind="performance-total-copied",
                          location=SourceRef(table=target.id, row=target.body[0].cells[5], column="年度资金总额"),
                          expected=("target-funds", "project-amount", "cost-indicator"), before=before,
                          after=target.body[1].cells[2], description=DESCRIPTIONS["performance-total-copied"])


# ---------------------------------------------------------------- narrative mistakes

_AMOUNT = r"(?P<n>\d+\.\d{2})万元"


@planter("narrative-amount", "情况说明中一个金额与表格不符")
def _narrative_amount(rng: random.Random, doc: RenderedDocument) -> PlantedMistake | None:
    return _text_mistake("narrative-amount", doc, rng, r"(?:基本支出|项目支出|预算数为|人员经费|公用经费)" + _AMOUNT,
                         lambda m: _number(m, rng), ("narrative-amount", "narrative-conflict"))


@planter("share", "情况说明中一个占比算错")
def _share(rng: random.Random, doc: RenderedDocument) -> PlantedMistake | None:
    def wrong(m: re.Match[str]) -> str:
        value = Decimal(m.group("n"))
        bump = Decimal(rng.randint(150, 900)).scaleb(-2)
        new = value - bump if value > bump else value + bump
        return f"占{format(new, 'f')}%"

    return _text_mistake("share", doc, rng, r"占(?P<n>\d+\.\d{2})%", wrong, ("narrative-share", "share-sum"))


def _rate_on_current(m: re.Match[str]) -> Decimal:
    current, change = Decimal(m.group("cur")), Decimal(m.group("amount"))
    return (change / current * 100).quantize(Decimal("0.01"))


def _rate_visibly_wrong(m: re.Match[str]) -> bool:
    """Whether the rate on this year's figure differs from the right one by more than the figures' printed
    precision allows (0.86 ÷ 133.73 = 0.64 % and 0.86 ÷ 132.87 = 0.65 % cannot be told apart: the change
    may be 0.855)."""
    current, change = Decimal(m.group("cur")), Decimal(m.group("amount"))
    base = current - change if "增长" in m.group("verb") else current + change
    if change == 0 or base <= 0:
        return False
    right = change / base * 100
    slack = right * (Decimal("0.005") / change + Decimal("0.005") / base) + Decimal("0.005")
    return abs(_rate_on_current(m) - right) > 2 * slack


@planter("wrong-base-rate", "增长（下降）率按本年数而非上年数计算")
def _wrong_base(rng: random.Random, doc: RenderedDocument) -> PlantedMistake | None:
    pattern = r"(?P<amount>\d+\.\d{2})万元(?P<verb>，增长|，下降)(?P<n>\d+\.\d{2})%"
    candidates = []
    for section, para in _paragraphs(doc):
        for m in re.finditer(r"为(?P<cur>\d+\.\d{2})万元，比上年预算数(?:增加|减少)" + pattern, para.text):
            candidates.append((section, para, m))
    if not candidates:
        return None
    visible = [c for c in candidates if _rate_visibly_wrong(c[2])]
    if not visible:
        return None
    section, para, m = rng.choice(visible)
    wrong = _rate_on_current(m)
    before = para.text
    para.text = para.text[: m.start("n")] + format(wrong, "f") + para.text[m.end("n"):]
    return PlantedMistake(kind="wrong-base-rate", location=SourceRef(section=section, sentence=_sentence_at(para.text, m.start())),
                          expected=("rate-mismatch",), before=before, after=para.text,
                          description=DESCRIPTIONS["wrong-base-rate"])


@planter("change-direction", "变动方向写反（增加写成减少）")
def _direction(rng: random.Random, doc: RenderedDocument) -> PlantedMistake | None:
    flip = {"增加": "减少", "减少": "增加", "增长": "下降", "下降": "增长"}
    return _text_mistake("change-direction", doc, rng, r"比上年(?:预算数)?(?P<w>增加|减少)\d+\.\d{2}万元，(?P<r>增长|下降)",
                         lambda m: m.group(0).replace(m.group("w"), flip[m.group("w")], 1).replace(
                             m.group("r"), flip[m.group("r")]), ("direction-mismatch", "narrative-change",
                                                                  "change-sum"))


@planter("template-residue", "模板残留“增加（减少）”")
def _residue(rng: random.Random, doc: RenderedDocument) -> PlantedMistake | None:
    return _text_mistake("template-residue", doc, rng, r"比上年(?:预算数)?(?P<w>增加|减少)",
                         lambda m: m.group(0).replace(m.group("w"), "增加（减少）"), ("template-residue",))


@planter("unfinished-reason", "原因说明没写完（“主要原因是。”）")
def _unfinished(rng: random.Random, doc: RenderedDocument) -> PlantedMistake | None:
    return _text_mistake("unfinished-reason", doc, rng, r"主要原因是[^。；]+(?P<end>[。；])",
                         lambda m: "主要原因是" + m.group("end"), ("unfinished-sentence",))


@planter("project-amount", "项目说明中的预算安排规模与表七不符")
def _project_amount(rng: random.Random, doc: RenderedDocument) -> PlantedMistake | None:
    return _text_mistake("project-amount", doc, rng, r"预算安排规模：(?P<n>\d+\.\d{2})万元", lambda m: _number(m, rng),
                         ("project-amount", "narrative-amount"))


@planter("subsidy-people", "补贴人数与补贴标准之积不等于项目金额")
def _subsidy(rng: random.Random, doc: RenderedDocument) -> PlantedMistake | None:
    return _text_mistake("subsidy-people", doc, rng, r"补贴人数：(?P<n>\d+)人",
                         lambda m: f"补贴人数：{_more_people(int(m.group('n')), rng)}人", ("subsidy-total",))


def _more_people(people: int, rng: random.Random) -> int:
    """At least a quarter more: a few more of hundreds hide inside the rounding of a standard printed in 万元."""
    return people + max(rng.randint(1, 9), people // 4 + 1)


@planter("vehicle-count", "车辆分类数量之和不等于车辆总数")
def _vehicles(rng: random.Random, doc: RenderedDocument) -> PlantedMistake | None:
    return _text_mistake("vehicle-count", doc, rng, r"一般公务用车(?P<n>\d+)辆",
                         lambda m: f"一般公务用车{int(m.group('n')) + rng.randint(1, 5)}辆", ("vehicles-sum",))


@planter("empty-table-claim", "政府性基金有支出，说明却称其为空表")
def _empty_claim(rng: random.Random, doc: RenderedDocument) -> PlantedMistake | None:
    g = _grid(doc, "表九")
    if g is None or all(r.style == "total" for r in g.body):
        return None
    return _text_mistake("empty-table-claim", doc, rng, r"政府性基金预算拨款支出\d+\.\d{2}万元[^。]*。",
                         lambda m: "没有使用政府性基金预算拨款安排的支出，政府性基金预算支出情况表为空表。",
                         ("empty-table-has-figures",))


# ---------------------------------------------------------------- the printed page and wording


@planter("unpaired-bracket", "情况说明中一个右括号被删去，左括号没有配对")
def _unpaired(rng: random.Random, doc: RenderedDocument) -> PlantedMistake | None:
    return _text_mistake("unpaired-bracket", doc, rng, r"（(?P<w>[^（）。]{1,8})）", lambda m: "（" + m.group("w"),
                         ("unpaired-punctuation",), severity="warning")


@planter("stray-period", "部门名称中间多了一个句号")
def _stray_period(rng: random.Random, doc: RenderedDocument) -> PlantedMistake | None:
    name = _department_short(doc)
    if name is None:
        return None
    cut = len(name) // 2
    return _text_mistake("stray-period", doc, rng, re.escape(name) + r"\d{4}年",
                         lambda m: name[:cut] + "。" + m.group(0)[cut:], ("stray-period",), severity="warning")


def _department_short(doc: RenderedDocument) -> str | None:
    """The department's name as the narrative writes it ("关于金牛区城市管理局2020年…")."""
    for block in doc.blocks:
        if isinstance(block, Heading):
            m = re.match(r"^[一二三四五六七八九十]+、关于(?P<n>.{6,30}?)\d{4}年", block.text)
            if m:
                return m.group("n")
    return None


@planter("run-in-items", "两个编号段落连在一起，前一项没有句号")
def _run_in(rng: random.Random, doc: RenderedDocument) -> PlantedMistake | None:
    candidates = []
    path: list[str] = []
    for i, block in enumerate(doc.blocks):
        if isinstance(block, Heading):
            path = path[: max(block.level - 1, 0)] + [block.text]
        elif isinstance(block, Para) and path and path[0].startswith("第三部分"):
            m = re.match(r"^(\d+)\.", block.text)
            nxt = doc.blocks[i + 1] if i + 1 < len(doc.blocks) else None
            if m and isinstance(nxt, Para) and nxt.text.startswith(f"{int(m.group(1)) + 1}.") \
                    and block.text.endswith("。") and len(block.text) >= 30:
                candidates.append((" / ".join(path), i))
    if not candidates:
        return None
    section, i = rng.choice(candidates)
    first, second = doc.blocks[i], doc.blocks[i + 1]
    assert isinstance(first, Para) and isinstance(second, Para)
    before = first.text
    first.text = first.text[:-1] + second.text
    del doc.blocks[i + 1]
    return PlantedMistake(kind="run-in-items", location=SourceRef(section=section, sentence=first.text),
                          expected=("missing-sentence-end",), before=before, after=first.text,
                          description=DESCRIPTIONS["run-in-items"], severity="warning")


@planter("scope-word", "部门预算中自称“本单位”")
def _scope_word(rng: random.Random, doc: RenderedDocument) -> PlantedMistake | None:
    return _text_mistake("scope-word", doc, rng, r"本部门(?=面向中小企业)", lambda m: "本单位", ("scope-wording",),
                         severity="warning")


@planter("self-year", "与本年度自身比较（比2020年预算数增加，而本文件就是2020年预算）")
def _self_year(rng: random.Random, doc: RenderedDocument) -> PlantedMistake | None:
    return _text_mistake("self-year", doc, rng, r"(?P<y>\d{4})年预算数为\d+\.\d{2}万元，比上年预算数",
                         lambda m: m.group(0).replace("比上年预算数", f"比{m.group('y')}年预算数"),
                         ("year-self-comparison",))


@planter("zero-increase", "金额写成 0，却称比上年增加")
def _zero_increase(rng: random.Random, doc: RenderedDocument) -> PlantedMistake | None:
    return _text_mistake("zero-increase", doc, rng, r"预算数为(?P<n>\d+\.\d{2})万元，比上年预算数增加",
                         lambda m: m.group(0).replace(m.group("n"), "0", 1),
                         ("change-exceeds-amount", "narrative-amount"))


@planter("rate-from-zero", "上年为 0（增加额等于本年数），却写了增长率")
def _rate_zero(rng: random.Random, doc: RenderedDocument) -> PlantedMistake | None:
    pattern = r"预算数为(?P<n>\d+\.\d{2})万元，比上年预算数增加(?P<c>\d+\.\d{2})万元，增长(?P<r>\d+\.\d{2})%"

    def change(m: re.Match[str]) -> str:
        return (f"预算数为{m.group('n')}万元，比上年预算数增加{m.group('n')}万元，"
                f"增长{rng.choice(('100.00', m.group('r')))}%")

    # the new change also breaks the sums of changes it belongs to (change-sum): a consequence, not another mistake
    return _text_mistake("rate-from-zero", doc, rng, pattern, change, ("rate-from-zero", "change-sum"))


@planter("number-missing", "金额的数字被漏掉（“基本支出万元”）")
def _number_missing(rng: random.Random, doc: RenderedDocument) -> PlantedMistake | None:
    return _text_mistake("number-missing", doc, rng, r"(?P<w>基本支出|项目支出|人员经费|公用经费)\d+\.\d{2}万元",
                         lambda m: m.group("w") + "万元", ("number-missing",))


@planter("unit-yuan", "表格中的万元金额在说明中写成“元”")
def _unit_yuan(rng: random.Random, doc: RenderedDocument) -> PlantedMistake | None:
    return _text_mistake("unit-yuan", doc, rng, r"(?P<w>人员经费|公用经费)(?P<n>\d+\.\d{2})万元",
                         lambda m: f"{m.group('w')}{m.group('n')}元", ("unit-mismatch",))


@planter("part-exceeds-whole", "“其中”的车辆数大于车辆总数")
def _part_exceeds(rng: random.Random, doc: RenderedDocument) -> PlantedMistake | None:
    def more(m: re.Match[str]) -> str:
        total = int(m.group("t"))
        return m.group(0).replace(f"一般公务用车{m.group('p')}辆", f"一般公务用车{total + rng.randint(1, 5)}辆")

    return _text_mistake("part-exceeds-whole", doc, rng, r"车辆(?P<t>\d+)辆[^。]*?其中：一般公务用车(?P<p>\d+)辆", more,
                         ("part-exceeds-whole", "vehicles-sum"))


@planter("share-forced", "各部分占比被凑成 100%（一个占比多写或少写了 0.01%）")
def _share_forced(rng: random.Random, doc: RenderedDocument) -> PlantedMistake | None:
    groups: dict[str, list[tuple[Para, re.Match[str]]]] = {}
    for section, para in _paragraphs(doc):
        for m in re.finditer(r"(?P<a>\d+\.\d{2})万元，占(?P<n>\d+\.\d{2})%", para.text):
            groups.setdefault(section, []).append((para, m))
    candidates = []
    for section, shares in groups.items():
        total = sum((Decimal(m.group("n")) for _, m in shares), Decimal(0))
        whole = sum((Decimal(m.group("a")) for _, m in shares), Decimal(0))
        if len(shares) < 2 or abs(total - 100) != Decimal("0.01") or not whole:
            continue  # one unit away from 100: moving one share by a unit makes it 100
        # move a share whose exact value sits close to its printed one: a unit off is then visible
        exact = [(abs(Decimal(m.group("a")) / whole * 100 - Decimal(m.group("n"))), para, m) for para, m in shares]
        near = [(para, m) for distance, para, m in exact if distance <= Decimal("0.002")]
        if near:
            candidates.append((section, near, 100 - total))
    if not candidates:
        return None
    section, near, gap = rng.choice(candidates)
    para, m = rng.choice(near)
    before = para.text
    forced = format(Decimal(m.group("n")) + gap, "f")
    para.text = para.text[: m.start("n")] + forced + para.text[m.end("n"):]
    return PlantedMistake(kind="share-forced", location=SourceRef(section=section, sentence=_sentence_at(para.text, m.start())),
                          expected=("share-forced",), before=before, after=para.text,
                          description=DESCRIPTIONS["share-forced"], severity="warning")


@planter("code-name-old-year", "表三的款名用了以前年度的名称（20805 写作 2019 年的“行政事业单位离退休”）")
def _code_name_old(rng: random.Random, doc: RenderedDocument) -> PlantedMistake | None:
    g = _grid(doc, "表三")
    year = _year_of(doc)
    if g is None or year is None or year < 2022:  # the name changed after 2019; 2020–2021 documents may use either
        return None
    rows = [r for r in g.body if r.cells[1] == "05" and r.cells[3] == "行政事业单位养老支出"]
    if not rows:
        return None
    row = rows[0]
    before = row.cells[3]
    row.cells[3] = "行政事业单位离退休"
    return PlantedMistake(kind="code-name-old-year", location=SourceRef(table="表三", row="20805"),
                          expected=("code-name",), before=before, after=row.cells[3],
                          description=DESCRIPTIONS["code-name-old-year"], severity="warning")


def _year_of(doc: RenderedDocument) -> int | None:
    for block in doc.blocks:
        if isinstance(block, Heading | Para):
            m = re.search(r"((?:19|20)\d{2})\s*年", block.text)
            if m:
                return int(m.group(1))
    return None


# ---------------------------------------------------------------- entry point


MISTAKE_KINDS: tuple[str, ...] = tuple(PLANTERS)


def plant_mistakes(document: Disclosure | str, seed: int, kinds: Iterable[str] | None = None,
                   count: int | None = None) -> tuple[str, list[PlantedMistake]]:
    """Plant mistakes into a document (a model, or text in the seed's format) and return the text with
    the mistakes and the list of what was planted.

    ``kinds``: which mistakes (default: all that apply, see ``MISTAKE_KINDS``); ``count``: plant only
    that many of them, chosen by ``seed``. A kind that does not apply to the document (no project, no
    fund table …) is skipped and left out of the list.
    """
    if isinstance(document, str):
        from ..readers import read_string

        document = read_string(document)
    rng = random.Random(seed)
    doc = build_document(document, generate=False)
    wanted = list(kinds) if kinds is not None else list(MISTAKE_KINDS)
    unknown = [k for k in wanted if k not in PLANTERS]
    if unknown:
        raise ValueError(f"unknown mistake kinds: {', '.join(unknown)} (known: {', '.join(MISTAKE_KINDS)})")
    if count is not None:
        rng.shuffle(wanted)
    planted: list[PlantedMistake] = []
    for kind in wanted:
        if count is not None and len(planted) >= count:
            break
        mistake = PLANTERS[kind](rng, doc)
        if mistake is not None:
            planted.append(mistake)
    return document_text(doc), planted
