"""Text quality (DOMAIN.md "What must hold" 8): template residue, cut-off sentences, punctuation, wording.

Templates leave marks when a writer forgets to choose: 增加（减少）, 下降（增长）, （或安排…）, XX.
Sentences lose their end (主要原因是。) or their number (比上年增加万元). A unit's disclosure
says 本部门 where it should say 本单位. A budget for year Y states year Y − 1 where it means the
budget year (in a heading, or “完成 2020 年…工作” in a target of a 2021 budget). Only clear cases are
reported: years after 截至/比/较/上, in document numbers (〔2020〕) or in names are left alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..model import SourceRef
from .facts import heading, section_name, section_paths
from .finding import Finding
from .registry import Context, declare, finding, rule


@dataclass(frozen=True)
class _Text:
    text: str
    where: SourceRef
    place: str  # words for messages


def texts(ctx: Context) -> list[_Text]:
    """Every piece of prose: Part 1, the narrative, the glossary, notes, project descriptions, target goals."""
    return ctx.memo("texts", lambda: _texts(ctx))  # type: ignore[no-any-return]


def _texts(ctx: Context) -> list[_Text]:
    d = ctx.d
    out = [_Text(p.text, p.source, "概况") for p in d.profile.paragraphs]
    for path, s in section_paths(d):
        title = s.title
        if title:
            out.append(_Text(heading(s), s.source.with_(section=path), "标题"))
        out.extend(_Text(p.text, p.source.with_(section=path), f"“{section_name(title)}”" if title else "说明")
                   for p in s.paragraphs)
    out.extend(_Text(f"{g.term}：{g.definition}", g.source, "名词解释") for g in d.glossary)
    for t in d.tables:
        out.extend(_Text(n, t.source, t.id) for n in t.notes)
    for target in d.performance:
        if target.goal:
            out.append(_Text(target.goal, target.source.with_(row="项目总体目标"), f"绩效目标表“{target.project[:20]}”"))
    return out


def _sentence(text: str, start: int, end: int) -> tuple[str, tuple[int, int]]:
    """The sentence around text[start:end], and the span inside it."""
    left = max(text.rfind(ch, 0, start) for ch in "。；！？") + 1
    rights = [i for i in (text.find(ch, end) for ch in "。；！？") if i >= 0]
    right = min(rights) + 1 if rights else len(text)
    return text[left:right], (start - left, end - left)


def _at(item: _Text, m: re.Match[str]) -> SourceRef:
    sentence, span = _sentence(item.text, m.start(), m.end())
    return item.where.with_(sentence=sentence, span=span)


# ---------------------------------------------------------------- template residue

_RESIDUE = re.compile(
    r"增加[（(]减少[)）]|减少[（(]增加[)）]|增长[（(]下降[)）]|下降[（(]增长[)）]|增[（(]减[)）]|减[（(]增[)）]"
    r"|上升[（(]下降[)）]|增加/减少|增长/下降|增加或减少|增长或下降"
    r"|[（(]或[^（()）]{1,40}[)）]"
    r"|(?<![A-Za-z])(?:XX+|xx+|××+|ＸＸ+)(?![A-Za-z])"
    r"|[【\[]\s*(?:单位|部门|项目)名称\s*[】\]]"
    r"|[（(]\s*(?:请)?(?:填写|填列|此处|选填|根据实际)[^（()）]{0,20}[)）]"
    r"|[（(]\s*[)）]"
)


@rule("template-residue", "error", tags=("text",), title="模板残留",
      description="Words left from the template: both alternatives of a choice (增加（减少）, 下降（增长）, 增（减）, "
                  "增加/减少), an alternative in brackets (（或安排购置车辆经费 0 万元）), placeholders (XX, ××, "
                  "【单位名称】, （请填写…）) and empty brackets.",
      example="“二、收入预算情况说明”中“比上年增加（减少）79.3 万元”：模板中的“增加（减少）”未改为实际的增减方向。")
def residue(ctx: Context) -> Iterator[Finding]:
    for item in texts(ctx):
        for m in _RESIDUE.finditer(item.text):
            found = m.group(0)
            what = _residue_kind(found)
            yield finding("template-residue", f"{item.place}中“{_context(item.text, m)}”：{what}。", _at(item, m),
                          actual=found)


def _residue_kind(found: str) -> str:
    if found.startswith(("（或", "(或")):
        return f"模板中的备选写法“{found}”未删除"
    if "X" in found or "x" in found or "×" in found or "Ｘ" in found or "名称" in found:
        return f"模板占位符“{found}”未替换"
    if found.strip("（()） ") == "":
        return "括号内容为空，模板未填写"
    if "填" in found or "此处" in found or "根据实际" in found:
        return f"模板提示“{found}”未删除"
    return f"模板中的“{found}”未改为实际的增减方向"


def _context(text: str, m: re.Match[str], width: int = 12) -> str:
    left = max(0, m.start() - width)
    right = min(len(text), m.end() + width)
    return ("…" if left else "") + text[left:right] + ("…" if right < len(text) else "")


# ---------------------------------------------------------------- cut-off sentences

_UNFINISHED = re.compile(
    r"(?:主要)?原因(?:是|为|主要是)?\s*[：:]?\s*[。；;]"
    r"|(?:主要用于|主要包括|具体包括|包括|用于|分别是|分别为)\s*[：:]?\s*[。；;]"
)
_MISSING_NUMBER = re.compile(
    r"(?:增加|减少|增长|下降|预算数为|预算为|安排|共计|合计|总额|占)\s*(?:万元|元|%|％)"
    # "预算支出万元", "收入为万元": a word that a figure follows, then its unit (not 万元以上, 万元GDP)
    r"|(?:(?<=[是计额出入算费金款排达约共])|(?<=(?<![化算换位改转成以])为))\s*万元(?!以上|以下|及以上|GDP|产值|增加值|[A-Za-z])"
    r"|(?:(?<=[是计额出入算费金款排达约共])|(?<=(?<![化算换位改转成以])为))\s*元(?![旦素宵月年件])"
    # "编制数人", "实有人数人", "车辆辆"
    r"|(?:编制数|实有人数|人数)(?:为|是)?\s*人(?![员民事才口次均])|(?:车辆|用车)(?:为|是|共)?\s*辆")

NUMBER_MISSING = declare(
    "number-missing", "error", "缺少数字",
    "A unit with no number before it (比上年增加万元, 占%, 预算支出万元, 编制数人, 车辆辆): a figure was left out when "
    "the template was filled.",
    "“（一）机关运行经费情况”中“比上年预算减少万元”：“万元”前缺少数字。", family="text")


@rule("unfinished-sentence", "error", tags=("text",), title="句子不完整",
      description="A sentence cut off where its content should follow: 主要原因是。 / 主要原因是：。 / 主要包括：。; "
                  "also (number-missing) a unit with no number (比上年增加万元).",
      example="“五、一般公共预算当年拨款情况说明”中“……增长 4.5%，主要原因是。”：句子不完整，缺少原因说明。",
      emits=(NUMBER_MISSING,))
def unfinished(ctx: Context) -> Iterator[Finding]:
    for item in texts(ctx):
        for m in _UNFINISHED.finditer(item.text):
            yield finding("unfinished-sentence", f"{item.place}中“{_context(item.text, m)}”：句子不完整，"
                                                 f"“{m.group(0)[:-1].rstrip('：:')}”之后缺少内容。", _at(item, m),
                          actual=m.group(0))
        for m in _MISSING_NUMBER.finditer(item.text):
            unit = m.group(0)[-2:] if m.group(0).endswith("万元") else m.group(0)[-1]
            if m.start() > 0 and item.text[m.start() - 1].isdigit():
                continue
            yield finding(NUMBER_MISSING, f"{item.place}中“{_context(item.text, m)}”：“{unit}”前缺少数字。",
                          _at(item, m), actual=m.group(0))


# ---------------------------------------------------------------- punctuation

_DOUBLED = re.compile(r"([，。；：、！？,;])(?:\s*)([，。；：、！？,;])")


@rule("doubled-punctuation", "warning", tags=("text",), title="标点重复",
      description="Two punctuation marks in a row (，， 。。 ，。 ；。 …), usually where a word or a figure was "
                  "deleted.",
      example="“八、“三公”经费预算情况说明”中“……未安排预算；；公务用车购置费……”：标点“；；”重复。")
def doubled_punctuation(ctx: Context) -> Iterator[Finding]:
    for item in texts(ctx):
        for m in _DOUBLED.finditer(item.text):
            pair = m.group(1) + m.group(2)
            if pair in ("：“", "。”", "？”", "！”"):
                continue
            yield finding("doubled-punctuation", f"{item.place}中“{_context(item.text, m)}”：标点“{pair}”重复。",
                          _at(item, m), actual=pair)


# ---------------------------------------------------------------- 部门 / 单位


# how a document names itself: 本部门 / 本单位, "2024 年部门预算", "本单位预算" (部门（单位） is fine; a 部门预算
# speaks of its 下属单位预算 and of the 部门预算支出经济分类, which are not itself)
_SELF = {
    "unit": re.compile(r"(?<![基])本部门(?![（(]单位[)）])|(?:(?<=\d年)|(?<=\d年度)|(?<=本))部门(?:预算|决算)"
                       r"(?!支出经济分类|经济分类|单位)"),
    "department": re.compile(r"(?<![基])本单位(?![（(]部门[)）])(?=[^，。；]{0,12}(?:预算|决算|收入|支出|采购|编报|绩效|"
                             r"“三公”|三公|机关运行|资产))|(?:(?<=\d年)|(?<=\d年度)|(?<=本))单位(?:预算|决算)"
                             r"(?!支出经济分类|经济分类)"),
}
# a numbered duty of Part 1 is copied from the 三定 text, where 本部门 means the sector
_DUTY = re.compile(r"^\s*(?:[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+、|\d+[、.．])")


@rule("scope-wording", "warning", tags=("text",), title="部门/单位称谓与公开主体不符",
      description="A document names itself by its own scope: a unit's disclosure (单位预算/决算) does not call "
                  "itself 本部门 or “2024 年部门预算”, and a department's (部门预算/决算) does not call itself "
                  "本单位 (in a sentence about its money: 本单位政府采购预算 …) or “2024 年单位预算”. 部门（单位）, "
                  "下属单位预算, the 部门预算支出经济分类, the numbered duties of Part 1 (copied from the 三定 "
                  "text), the glossary's definitions and the template's notes under tables are not reported.",
      example="单位预算公开中“本部门2024年收支预算总额……”：本文件是单位预算，应称“本单位”。")
def scope_wording(ctx: Context) -> Iterator[Finding]:
    scope = ctx.d.scope
    pattern = _SELF.get(scope)
    if pattern is None:
        return
    mine, other = ("单位", "部门") if scope == "unit" else ("部门", "单位")
    tables = {t.id for t in ctx.d.tables}
    for item in texts(ctx):
        if item.place == "概况" and _DUTY.match(item.text) or item.place == "名词解释" or item.place in tables:
            continue  # duties copied from the 三定 text, generic definitions, the template's notes under tables
        for m in pattern.finditer(item.text):
            said = m.group(0)
            right = said.replace(other, mine, 1)
            yield finding("scope-wording", f"{item.place}中“{_context(item.text, m)}”：本文件是{mine}{_kind(ctx)}，"
                                           f"应称“{right}”。", _at(item, m), expected=right, actual=said)


def _kind(ctx: Context) -> str:
    return "预算" if ctx.d.kind == "budget" else "决算"


# ---------------------------------------------------------------- stale years

_YEAR = re.compile(r"(?<![\d〔【\[(（])((?:19|20)\d{2})\s*年(度)?")
_BUDGET_WORDS = re.compile(r"^\s*(?:度)?\s*(?:部门|单位)?(?:（单位）)?(?:预算|收支预算|收入预算|支出预算|预算数|决算|"
                           r"收支总预算|一般公共预算|财政拨款|“三公”经费|三公经费|政府采购|机关运行经费)")
# "2020 年预算数为…" / "2020 年部门预算总额…" in a 2021 budget: the budget year itself, written wrong
_STATED_BUDGET = re.compile(r"^\s*(?:度)?\s*(?:部门|单位)?(?:收支|收入|支出)?(?:总)?预算(?:数)?(?:为|总额|安排|\d)")
_WORK_BEFORE = re.compile(r"(?:完成|确保|保障|开展|做好|推进|落实|保证)\s*$")
_NOT_CURRENT_BEFORE = re.compile(r"(?:截至|截止|比|较|与|同|上|至|到|自|从|去|于|对|以来|—|-|~)\s*$")


@rule("stale-year", "warning", tags=("text",), title="年份疑似未更新",
      description="A year other than the document's own where the budget year is meant: in a heading of the "
                  "narrative or a table title (…2020 年收支预算情况…), before 预算/决算 words in a sentence (2020 年"
                  "预算数为…), or in a target's 总体目标 after 完成/确保/开展 (完成 2020 年…工作 in a 2021 budget). "
                  "Years after 截至/比/较/上, in document numbers and names are not reported.",
      example="绩效目标表“包联工作经费”的项目总体目标“完成 2020 年水磨沟区包联工作”：本文件为 2021 年预算，年份疑似未更新。")
def stale_years(ctx: Context) -> Iterator[Finding]:
    year = ctx.d.year
    if year is None:
        return
    for item in texts(ctx):
        for m in _YEAR.finditer(item.text):
            stated = int(m.group(1))
            if stated == year:
                continue
            before = item.text[max(0, m.start() - 8):m.start()]
            after = item.text[m.end(): m.end() + 12]
            if _NOT_CURRENT_BEFORE.search(before) or after.startswith(("底", "末", "以来", "以前", "起", "至")):
                continue
            is_heading = item.place == "标题"
            is_goal = item.place.startswith("绩效目标表")
            if not (is_heading and _BUDGET_WORDS.match(after) or is_goal and _WORK_BEFORE.search(before)
                    or not is_goal and _STATED_BUDGET.match(after) and stated == year - 1):
                continue
            yield finding("stale-year", f"{item.place}中“{_context(item.text, m)}”：本文件为 {year} 年{_kind(ctx)}，"
                                        f"“{stated} 年”疑似未更新。", _at(item, m), expected=str(year), actual=str(stated))



# ---------------------------------------------------------------- the year compared with itself

_COMPARED = re.compile(r"(?:比|较|同)\s*((?:19|20)\d{2})\s*年|与\s*((?:19|20)\d{2})\s*年[^，。；]{0,14}?(?:相比|比较|持平)")


@rule("year-self-comparison", "error", family="text", tags=("text", "change"), title="与本年度自身比较",
      description="A change is stated against a year that cannot be its base: a budget for year Y compared with year "
                  "Y or later (比2026年预算增加… in the 2026 budget; the base is 2025), a 决算 for year Y with a year "
                  "after Y (a 决算 may compare with its own year's 年初预算).",
      example="“三、支出预算情况说明”中“…比2026年预算增加20.08万元…”：本文件为 2026 年预算，比较的基数应为上年（2025 年），"
              "不能与 2026 年自身比较。")
def self_comparison(ctx: Context) -> Iterator[Finding]:
    year = ctx.d.year
    if year is None:
        return
    last_allowed = year - 1 if ctx.d.kind == "budget" else year
    for item in texts(ctx):
        if item.place in ("概况", "名词解释"):
            continue
        for m in _COMPARED.finditer(item.text):
            stated = int(m.group(1) or m.group(2))
            if stated <= last_allowed:
                continue
            base = f"上年（{year - 1} 年）" if ctx.d.kind == "budget" else f"{year} 年或以前"
            yield finding("year-self-comparison",
                          f"{item.place}中“{_context(item.text, m)}”：本文件为 {year} 年{_kind(ctx)}，比较的基数应为{base}，"
                          f"不能与 {stated} 年比较。", _at(item, m), expected=str(year - 1), actual=str(stated))


# the rules of the printed page (blank and unreadable pages, paired punctuation, sentence ends) are in their own
# modules, same family
from . import pages as _pages  # noqa: E402,F401
from . import punctuation as _punctuation  # noqa: E402,F401
