"""Claims: every figure stated in the narrative, what it speaks of, and how.

For each sentence we find the figures (a number with a unit), decide the kind of claim from the
words just before it (占 → share, 增加/减少 → change, 增长/下降 + % → rate …), its subject from
the vocabulary in ``subjects`` (nearest, most specific words; else the subject of the previous
figure in the sentence; else the section's), its comparison base and the stated reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from ..model import Claim, ClaimKind, FunctionalLine, FunctionalTable, SourceRef, Subject, Views
from ..normalize import key, similarity
from ..numbers import parse_decimal
from .subjects import (
    FUNCTIONAL_DASHED,
    FUNCTIONAL_PHRASE,
    FUNCTIONAL_SECTION_PHRASE,
    RULES,
    SHARE_BASE_BY_SECTION,
    TOPIC,
    TOTAL_KINDS,
)

_FIGURE = re.compile(
    r"(?P<num>\d+(?:,\d{3})*(?:\.\d+)?)\s*"
    r"(?P<unit>万元[每/／]人|元[每/／]人|万元|元|%|平方米|㎡|台[（(]套[)）]|台套|台|套|辆|人次|名|人|个|家|场次|次|项)"
)
_THRESHOLD_AFTER = re.compile(r"^\s*(?:[（(]含[)）])?\s*(?:以上|以下|及以上|及以下|以内)")
_CLAUSE_DELIMS = "，,；;：:、"
_CHANGE_UP = ("增加", "增长", "提高", "上升", "增幅", "多", "上涨")
_CHANGE_DOWN = ("减少", "下降", "降低", "减幅", "降幅", "少", "压减", "缩减")
_AMBIGUOUS = re.compile(r"增加[（(]减少[)）]|减少[（(]增加[)）]|增长[（(]下降[)）]|下降[（(]增长[)）]|增[（(]减[)）]")
_BASE = re.compile(r"(?:比|较|与|同比|相比)\s*(上年度?|上一年度?|去年|\d{4}\s*年度?)\s*(预算数|预算|决算数|决算|执行数|同期)?")
_FLAT = re.compile(r"(?:与|比|较)\s*(?:上年度?|上一年度?|\d{4}\s*年度?)\s*(?:预算数?|决算数?)?(?:相比)?\s*[，,]?\s*(持平|相同|一致|无变化)")
_REASON = re.compile(r"(?:主要)?原因(?:是|为|主要是|如下)?\s*[：:]?\s*")
_COUNT_UNITS = {"台（套）", "台(套)", "台套", "台", "套", "辆", "人次", "名", "人", "个", "家", "场次", "次", "项"}


@dataclass
class Context:
    """What the extractor knows while walking the narrative."""

    section: str = ""  # heading path
    section_words: str = ""  # titles of the open sections, for section-scoped rules
    project: str | None = None  # the project being described
    last_total: Subject | None = None  # latest total-like figure: the whole of a following share
    line_names: dict[str, str] | None = None  # unique names of the tables' functional lines → code (lazily)
    claims: list[Claim] = field(default_factory=list)


@dataclass
class _Match:
    subject: Subject
    tier: int
    end: int
    length: int


def _subjects_in(text: str, ctx: Context, offset: int = 0) -> list[_Match]:
    out = []
    for rule in RULES:
        if rule.section and rule.section not in ctx.section_words:
            continue
        for m in rule.pattern.finditer(text):
            out.append(_Match(Subject(kind=rule.kind, key=rule.key, label=m.group(0)), rule.tier,
                              offset + m.end(), m.end() - m.start()))
    return out


def _best(matches: list[_Match]) -> _Match | None:
    if not matches:
        return None
    best = max(matches, key=lambda m: (m.tier, m.end, m.length))
    if best.subject.key == "total":
        # "面向中小企业预留政府采购项目": the specific member named in the clause wins over the family
        specific = [m for m in matches if m.subject.kind == best.subject.kind and m.subject.key != "total"]
        if specific:
            return max(specific, key=lambda m: (m.end, m.length))
    return best


_NUMBERING = ".．、 \t"  # what is left of "1." or "3、" before a 类 name the phrase pattern took in


def functional_phrase(text: str) -> tuple[list[str], list[str | None], str] | None:
    """The last 类/款/项 phrase of ``text`` ("一般公共服务（类）…（款）…（项）", or "检察（款）…（项）" without
    the 类): the names and codes written for 类, 款 and 项 ("" / None when not written), and the phrase."""
    phrases = [(m.end(), 0, m) for m in FUNCTIONAL_SECTION_PHRASE.finditer(text)]
    phrases += [(m.end(), 1, m) for m in FUNCTIONAL_PHRASE.finditer(text)]
    if not phrases:
        return None
    m = max(phrases, key=lambda p: (p[0], p[1]))[2]  # the phrase ending last; a 类 phrase over the 款 inside it
    groups = m.groupdict()
    names = [(groups.get(g) or "").strip().lstrip(_NUMBERING) for g in ("cls", "sec", "item")]
    return names, [groups.get("cc"), groups.get("sc"), groups.get("ic")], m.group(0).strip().lstrip(_NUMBERING)


def _functional_subject(sentence: str, upto: int, views: Views, ctx: Context, clause_from: int = 0) -> Subject | None:
    """A 类/款/项 subject written before position ``upto``, resolved to a code via the tables: a phrase
    marked （类）（款）（项） or a dashed path anywhere before, else a line's printed name in the clause."""
    text = sentence[:upto]
    found = functional_phrase(text)
    for m in FUNCTIONAL_DASHED.finditer(text):
        parts = [p.strip() for p in m.group(1).split("-")]
        found = ((parts + ["", "", ""])[:3], [None, None, None], m.group(0))
    if not found:
        coded = _coded_line(sentence[clause_from:upto], views)
        if coded is not None:
            return coded
        return _named_line(sentence[clause_from:upto], _line_names(ctx, views))
    names, codes, label = found
    if not names[0] and not codes[0]:
        # "1.其他支出（款）支出 502 万元" under the heading "（六）援助其他地区支出（类）": the heading's 类
        heading = functional_phrase(ctx.section.rsplit(" / ", 1)[-1]) if ctx.section else None
        if heading is not None and heading[0][0] and not heading[0][1]:
            names = [heading[0][0], *names[1:]]
            codes = [heading[1][0], *codes[1:]]
    code = resolve_functional(names, codes, views)
    return Subject(kind="functional", key=code, label=label)


_CODED = re.compile(r"(?<![\d.])(2\d{2}(?:\d{2}){0,2})\s*[-—－:：]?\s*([\u4e00-\u9fff][^，,。；;：:、\d]*)$")


def _coded_line(clause: str, views: Views) -> Subject | None:
    """A line written with its code ("（五）2069999-其他科学技术支出 45870.00 万元"): the code says which."""
    m = _CODED.search(clause.rstrip())
    if m is None:
        return None
    code = m.group(1)
    if not any(t.find(code) is not None for t in _tables_for_names(views)):
        return None
    return Subject(kind="functional", key=code, label=m.group(0).strip())


def _line_names(ctx: Context, views: Views) -> dict[str, str]:
    """Names of the tables' functional lines (also without 支出) that belong to one code only and have
    four characters or more, with that code; built once per document."""
    if ctx.line_names is None:
        codes_by_name: dict[str, set[str]] = {}
        for table in _tables_for_names(views):
            for line in table.lines:
                name = line.name.strip()
                for spelling in {name, name.removesuffix("支出")}:
                    if len(spelling) >= 4:
                        codes_by_name.setdefault(spelling, set()).add(line.code)
        ctx.line_names = {name: next(iter(codes)) for name, codes in codes_by_name.items() if len(codes) == 1}
    return ctx.line_names


def _named_line(clause: str, names: dict[str, str]) -> Subject | None:
    """A functional line named as printed in the tables ("2.社会保障和就业支出1890.27万元"); the name
    ending last wins, then the longest."""
    best: tuple[int, int, str] | None = None
    for name in names:
        at = clause.rfind(name)
        if at >= 0 and (best is None or (at + len(name), len(name)) > best[:2]):
            best = (at + len(name), len(name), name)
    if best is None:
        return None
    return Subject(kind="functional", key=names[best[2]], label=best[2])


def _tables_for_names(views: Views) -> list[FunctionalTable]:
    return [t for t in (views.expenditure, views.general_budget, views.income, views.gov_fund,
                        views.fiscal_expenditure, views.state_capital) if t is not None]


def name_fits(printed: str, written: str) -> bool:
    kp, kw = key(printed), key(written)
    if not kw:
        return True
    kw = kw.removesuffix("支出") if not kp.startswith(kw) else kw
    return kp.startswith(kw) or kp.startswith(kw.removesuffix("支出")) or similarity(printed, written) >= 0.75


def _closest(lines: list[FunctionalLine], written: str) -> list[FunctionalLine]:
    """Lines whose name fits what was written, the closest first (the same name, then the most alike)."""
    return sorted(lines, key=lambda ln: (key(ln.name) == key(written), similarity(ln.name, written)), reverse=True)


def resolve_functional(names: list[str], codes: list[str | None], views: Views) -> str | None:
    """Full code for names written as 类/款/项, or None when the tables hold no such line."""
    cls_name, sec_name, item_name = names
    if codes[0] and all(c for c, n in zip(codes, names, strict=False) if n):
        return "".join(c for c in codes if c)
    for table in _tables_for_names(views):
        classes = _closest([ln for ln in table.lines if len(ln.code) == 3 and name_fits(ln.name, cls_name)], cls_name)
        for cls in classes:
            if not sec_name:
                return cls.code
            sections = _closest([ln for ln in table.lines if len(ln.code) == 5 and ln.code.startswith(cls.code)
                        and name_fits(ln.name, sec_name)], sec_name)
            for sec in sections:
                if not item_name:
                    return sec.code
                items = [ln for ln in table.lines if len(ln.code) == 7 and ln.code.startswith(sec.code)
                         and name_fits(ln.name, item_name)]
                if items:  # the closest name: "高等职业教育" is 2050305, not 中等职业教育 printed before it
                    return max(items, key=lambda ln: (key(ln.name) == key(item_name),
                                                      similarity(ln.name, item_name))).code
    if not cls_name:
        return None
    if not sec_name and item_name:  # "住房改革支出（类）住房公积金（项）": a 款 marked as 类
        return resolve_functional(["", cls_name, item_name], [None, None, None], views)
    if sec_name:  # "医疗卫生与计划生育支出（类）行政事业单位医疗（款）…": the 类 under a former name
        found = resolve_functional(["", sec_name, item_name], [None, None, None], views)
        if found is None and item_name and key(sec_name) == key(cls_name):
            # "卫生健康支出（类）卫生健康支出（款）计划生育事务（项）": the 类's name repeated, one level down
            found = resolve_functional([cls_name, item_name, ""], [None, None, None], views)
        return found
    return None


def _direction(clause: str) -> str | None:
    if _AMBIGUOUS.search(clause):
        return None
    best: tuple[int, str] | None = None
    for words, direction in ((_CHANGE_UP, "increase"), (_CHANGE_DOWN, "decrease")):
        for w in words:
            i = clause.rfind(w)
            if i >= 0 and (best is None or i > best[0]):
                best = (i, direction)
    if "新增" in clause and (best is None or best[1] == "increase"):
        return "new"
    return best[1] if best else None


def _is_change(clause: str) -> bool:
    return bool(_AMBIGUOUS.search(clause)) or any(w in clause for w in (*_CHANGE_UP[:5], *_CHANGE_DOWN[:5], "新增"))


def _clause_start(sentence: str, pos: int) -> int:
    """Where the clause of the figure at ``pos`` starts: after the last delimiter or opening bracket
    ("…增加629.28万元（去年预算数为0万元…": the bracket's figure is not the change's)."""
    i = pos - 1
    closed = 0  # brackets closed before the figure ("因公出国（境）费 0 万元") are part of a name
    while i >= 0 and sentence[i] not in _CLAUSE_DELIMS:
        if sentence[i] in "）)":
            closed += 1
        elif sentence[i] in "（(":
            if not closed:
                break
            closed -= 1
        i -= 1
    return i + 1


def _share_base(ctx: Context) -> Subject | None:
    if ctx.last_total is not None:
        return ctx.last_total
    for word, kind in SHARE_BASE_BY_SECTION:
        if word in ctx.section_words:
            return Subject(kind=kind, key="total" if kind == "three_public" else None, label=word)
    return None


def _unit_of(unit: str) -> str:
    return {"㎡": "平方米", "台(套)": "台（套）", "台套": "台（套）", "元/人": "元每人", "元／人": "元每人",
            "万元/人": "万元每人", "万元／人": "万元每人"}.get(unit, unit)


def _reason_of(sentence: str, start: int) -> str | None:
    m = _REASON.search(sentence, start)
    if not m:
        return None
    text = sentence[m.end():].rstrip("。；;")
    return text.strip() or ""


def extract_sentence(sentence: str, source: SourceRef, ctx: Context, views: Views,
                     carried: Subject | None = None) -> list[Claim]:
    """All claims of one sentence; ``carried`` is the subject the paragraph was speaking of."""
    claims: list[Claim] = []
    reasons = _reason_spans(sentence)
    base_m = _BASE.search(sentence)
    previous: Subject | None = carried
    # the subject before brackets speaks on after them: "公务用车购置及运行维护费701.34万元（公务用车购置费
    # 331万元…）比上年增加66.79万元" — the change is the whole's, not the last bracketed part's
    by_depth: dict[int, tuple[Subject, str | None]] = {0: (carried, None)} if carried is not None else {}
    line_before: int | None = None  # end of the last amount of a 类/款/项 in this sentence
    inherited_doubt: str | None = None
    for m in _FIGURE.finditer(sentence):
        depth = _depth(sentence, m.start())
        held = next((by_depth[d] for d in range(depth, -1, -1) if d in by_depth), None)
        previous, inherited_doubt = held if held is not None else (None, None)
        after = sentence[m.end():]
        if m.group("unit") in ("万元", "元") and _THRESHOLD_AFTER.match(after):
            continue  # "50 万元以上大型设备": a threshold inside a name, not a figure
        start, end = m.start(), m.end()
        value = parse_decimal(m.group("num"))
        if value is None:
            continue
        unit = _unit_of(m.group("unit"))
        clause_from = _clause_start(sentence, start)
        clause = sentence[clause_from:start]
        in_reason = next((r for r in reasons if r[0] <= start < r[1]), None)
        if in_reason:
            subject = Subject(kind="reason", label=sentence[in_reason[0]:start][-20:])
            kind = ClaimKind.COUNT if unit in _COUNT_UNITS else ClaimKind.AMOUNT
            claims.append(_claim(kind, value, unit, subject, None, None, sentence, (start, end), source, ctx))
            continue
        kind, direction = _kind(unit, clause, sentence[max(0, start - 6):start])
        whole = _share_whole(sentence, clause_from, start, ctx) if kind == ClaimKind.SHARE else None
        if whole is not None:
            # "因公出国（境）费支出 80 万元，占“三公”经费的 19.1%": the words after 占 name the whole
            zhan = sentence.rfind("占", clause_from, start)
            subject, doubt = _subject_for(sentence, clause_from, zhan, ctx, views, previous, unit)
        else:
            subject, doubt = _subject_for(sentence, clause_from, start, ctx, views, previous, unit)
        if doubt is None and subject is previous:
            doubt = inherited_doubt  # a subject taken from a figure whose own subject was in doubt
        base = base_m.group(0) if base_m and kind in (ClaimKind.CHANGE, ClaimKind.RATE) else None
        claim = _claim(kind, value, unit, subject, direction, base, sentence, (start, end), source, ctx)
        if doubt is not None and kind != ClaimKind.SHARE or doubt is not None and whole is None:
            claim = claim.model_copy(update={"doubt": doubt})
        if kind == ClaimKind.SHARE:
            claim = claim.model_copy(update={"of": whole or _share_base(ctx)})
        elif unit in ("万元", "元") and claim.measure is None and kind == ClaimKind.AMOUNT and _PRIOR_FRAME.search(clause):
            # "2022 年当年预算执行数为 11.67 万元" / "上年预算数为 …": last year's figure of the same subject
            claim = claim.model_copy(update={"measure": "prior"})
        elif unit in ("万元", "元") and claim.measure is None and _BUDGET_FRAME.search(clause):
            # a 决算 states 年初预算 / 全年预算 beside the 决算数: a different measure of the same subject
            claim = claim.model_copy(update={"measure": "budget"})
        if doubt is None and line_before is not None and subject.kind in _AGGREGATES and _BREAKDOWN.search(
                sentence[line_before:start]):
            # "“农林水支出”科目83万元，主要用于人员经费18万元": the line's own make-up, not the document's 人员经费
            doubt = "为上文所述科目的构成，而非全文合计"
            claim = claim.model_copy(update={"doubt": doubt})
        if subject.kind == "functional" and kind == ClaimKind.AMOUNT:
            line_before = end
        if kind == ClaimKind.AMOUNT and subject.kind in TOTAL_KINDS:
            ctx.last_total = subject
        claims.append(claim)
        by_depth = {d: v for d, v in by_depth.items() if d < depth}
        by_depth[depth] = (subject, doubt)
        previous = subject
    for m in _FLAT.finditer(sentence):
        subject, doubt = _subject_for(sentence, _clause_start(sentence, m.start()), m.start(), ctx, views, previous,
                                      "万元")
        flat = _claim(ClaimKind.CHANGE, Decimal(0), "万元", subject, "flat", m.group(0).rstrip(m.group(1)),
                      sentence, (m.start(1), m.end(1)), source, ctx, text=m.group(1))
        claims.append(flat.model_copy(update={"doubt": doubt}) if doubt else flat)
    if reasons:
        claims = [_with_reason(c, sentence, reasons) for c in claims]
    return claims


_AGGREGATES = {"basic", "expenditure", "income", "daily_public", *TOTAL_KINDS}
_BREAKDOWN = re.compile(r"主要用于|用于|其中|包括|包含")


def _depth(sentence: str, pos: int) -> int:
    """How many brackets are open at ``pos``."""
    depth = 0
    for ch in sentence[:pos]:
        if ch in "（(":
            depth += 1
        elif ch in "）)" and depth:
            depth -= 1
    return depth


_BUDGET_FRAME = re.compile(r"年初预算|全年预算|调整(?:后)?预算|预算调整")
_PRIOR_FRAME = re.compile(r"执行数|(?<![比较与])(?:上年|上一年|去年)度?(?:预算|决算)?数?(?:为|是)")


def _share_whole(sentence: str, clause_from: int, pos: int, ctx: Context) -> Subject | None:
    """The whole a share is taken of when the sentence names it after 占 ("占“三公”经费的 19.1%")."""
    zhan = sentence.rfind("占", clause_from, pos)
    if zhan < 0:
        return None
    best = _best(_subjects_in(sentence[zhan + 1:pos], ctx, zhan + 1))
    return best.subject if best is not None else None


def _reason_spans(sentence: str) -> list[tuple[int, int]]:
    """Spans of the stated reasons ("主要原因是……" up to the next ；or the end of the sentence)."""
    spans: list[tuple[int, int]] = []
    for m in re.finditer(r"(?:主要)?原因", sentence):
        end = min((i for i in (sentence.find("；", m.start()), sentence.find(";", m.start())) if i >= 0),
                  default=len(sentence))
        if m.start() == 0 or re.match(r"\s*(?:是|为|主要是|主要有)?\s*[：:]?\s*(?:一是|有|如下|包括|[（(]一[)）]|1[、.．])",
                                      sentence[m.end():m.end() + 10]):
            end = len(sentence)  # "主要原因一是……；二是……；三是……": every part is the reason
        if spans and m.start() < spans[-1][1]:
            continue
        spans.append((m.start(), end))
    return spans


def _with_reason(claim: Claim, sentence: str, reasons: list[tuple[int, int]]) -> Claim:
    if claim.kind not in (ClaimKind.CHANGE, ClaimKind.RATE) or claim.subject.kind == "reason":
        return claim
    pos = claim.span[0]
    segment_end = min((i for i in (sentence.find("；", pos), sentence.find(";", pos)) if i >= 0),
                      default=len(sentence))
    for start, end in reasons:
        if pos < start < segment_end or (pos < start and segment_end == len(sentence)):
            text = _reason_of(sentence[:end], start)
            return claim.model_copy(update={"reason": text})
    return claim


def _subject_for(sentence: str, clause_from: int, pos: int, ctx: Context, views: Views,
                 previous: Subject | None, unit: str) -> tuple[Subject, str | None]:
    """The subject of the figure at ``pos`` and, when it is not sure, why (``Claim.doubt``)."""
    if ctx.project and ("项目" in ctx.section_words or ctx.section_words.endswith("说明")):
        label = sentence[:pos]
        if any(w in label for w in ("预算安排规模", "安排规模", "项目金额", "预算金额")):
            return Subject(kind="project", key=ctx.project, label=label), None
        if any(w in label for w in ("补贴人数", "补助人数")):
            return Subject(kind="subsidy", key=ctx.project, label=label), None
        if any(w in label for w in ("补贴标准", "补助标准")):
            return Subject(kind="subsidy", key=ctx.project, label=label), None
    clause = sentence[clause_from:pos]
    best = _best(_subjects_in(clause, ctx, clause_from))
    if best is not None and best.tier == TOPIC:
        return best.subject, gap_doubt(sentence[best.end:pos], best.subject)
    functional = _functional_subject(sentence, pos, views, ctx, clause_from)
    if functional is not None:
        ends = sentence.rfind(functional.label, 0, pos) + len(functional.label)
        in_clause = ends > clause_from
        if best is None and (previous is None or in_clause) or best is not None and ends >= best.end:
            return functional, gap_doubt(sentence[ends:pos] if in_clause else clause, functional)
    if best is not None:
        before = sentence[clause_from:best.end - best.length]
        owner = before if before.strip() else ctx.section.rsplit(" / ", 1)[-1]  # "（四）委托业务费情况 / 预算总额0万元"
        return best.subject, gap_doubt(sentence[best.end:pos], best.subject) or _owner_doubt(
            _OWNER_TAIL.sub("", owner), best.subject)
    # no subject named in the clause: the figure speaks of the one before ("…，占 77.98%，比上年增加 20.08
    # 万元"), unless the clause names something else that yusuan has no word for ("补助资金 53,790.41 万元")
    if previous is not None:
        return previous, gap_doubt(clause, previous)
    earlier = _best(_subjects_in(sentence[:clause_from], ctx))
    if earlier is not None:
        return earlier.subject, gap_doubt(clause, earlier.subject)
    fallback, doubt = _section_default(ctx)
    return fallback, gap_doubt(clause, fallback) or doubt


_OWNER = re.compile(r"([^\s，,、：:；;（）()“”\d年]{2,12}?(?:费|经费|资金|专项|补助|补贴|工程))$")


_OWNER_TAIL = re.compile(r"(?:情况|说明|安排|预算)+$")


def _owner_doubt(before: str, subject: Subject) -> str | None:
    """A total named right after a cost of its own ("委托业务费预算总额 8 万元"): the total of that cost,
    not the document's."""
    if subject.kind not in TOTAL_KINDS and subject.kind != "income":
        return None
    m = _OWNER.search(before)
    if m is None:
        return None
    return f"“{subject.label}”前有“{m.group(1)}”，所指可能是其总额而非本部门总额"


# words that may stand between a subject and its figure without naming anything else
_CONNECTORS = re.compile(
    r"[\s，,、：:；;“”\"'‘’（）()\d.%％\-—]|年度?|本年度?|当年|全年|本部门|本单位|部门|单位|预算数?|决算数?|安排|合计|共计|"
    r"总计|小计|总额|金额|资金|拨款|支出|收入|财政|为|是|达|约|共|计|的|其中|数|有|元|万|执行|实际|完成|比上年|比|较|"
    r"上年|下降|增长|增加|减少|持平|占|同比|相比|相较|用于|主要|价值|政府采购项目|采购项目|政府采购|采购|预留|面向|一是|二是|三是|四是|五是|"
    r"其中|分别|各|均|了|与|和|及|"
    r"[一二三四五六七八九十]+[、.]")


def gap_doubt(gap: str, subject: Subject) -> str | None:
    """Another name between a subject and its figure ("一般公共预算安排委托业务费 233.3 万元"): the figure
    may be that name's, not the subject's."""
    pieces = [p for p in _CONNECTORS.split(gap) if len(p) >= 2]
    if pieces:
        about = f"“{subject.label}”" if subject.label else "上文所述科目"
        return f"数字前另有名称“{max(pieces, key=len)[:14]}”，所指未必是{about}"
    return None


def _section_default(ctx: Context) -> tuple[Subject, str | None]:
    """The subject of a figure whose sentence names none: the one its own heading names ("（一）因公出国（境）
    经费" / "2026年预算安排7.05万元"), else a broad guess from the headings above (not sure)."""
    innermost = ctx.section.rsplit(" / ", 1)[-1] if ctx.section else ""
    named = _best(_subjects_in(innermost, ctx))
    if named is not None:
        return named.subject, None
    words = ctx.section_words
    for word, kind in (("机关运行经费", "operating_costs"), ("三公", "three_public"), ("政府采购", "procurement"),
                       ("国有资产", "assets"), ("绩效", "performance"), ("政府性基金", "gov_fund")):
        if word in words:
            subject = Subject(kind=kind, key="total" if kind in ("three_public", "procurement") else None, label="")
            return subject, "句中未写明所指，按章节标题推定"
    return Subject(kind="unknown"), "未能确定所指"


def _kind(unit: str, clause: str, just_before: str) -> tuple[ClaimKind, str | None]:
    if unit == "%":
        if "占" in clause or "比重" in clause or "占比" in clause:
            return ClaimKind.SHARE, None
        if _is_change(clause) or any(w in clause for w in ("增幅", "降幅")):
            return ClaimKind.RATE, _direction(clause)
        return ClaimKind.PERCENT, None
    if unit.endswith("每人"):
        return ClaimKind.STANDARD, None
    if unit == "平方米":
        return ClaimKind.AREA, None
    if unit in _COUNT_UNITS:
        if _is_change(just_before):
            return ClaimKind.CHANGE, _direction(just_before)
        return ClaimKind.COUNT, None
    if _is_change(clause):
        return ClaimKind.CHANGE, _direction(clause)
    return ClaimKind.AMOUNT, None


def _claim(kind: ClaimKind, value: Decimal, unit: str, subject: Subject, direction: str | None, base: str | None,
           sentence: str, span: tuple[int, int], source: SourceRef, ctx: Context, text: str | None = None) -> Claim:
    measure = None
    if subject.kind == "assets":
        measure = {"平方米": "area", "辆": "count", "台（套）": "count", "台": "count", "套": "count"}.get(unit, "value")
    elif subject.kind == "subsidy":
        measure = "standard" if unit.endswith("每人") else ("people" if unit in _COUNT_UNITS else "amount")
    elif subject.kind == "performance":
        measure = "count" if unit in _COUNT_UNITS else "amount"
    return Claim(
        kind=kind, value=value, unit=unit, subject=subject, measure=measure,
        direction=direction, base=base,  # type: ignore[arg-type]
        text=text or sentence[span[0]:span[1]], sentence=sentence, span=span, section=ctx.section,
        source=source.with_(section=ctx.section),
    )


def sentences(text: str) -> list[tuple[int, str]]:
    """(offset, sentence) pairs; a full stop inside brackets ("（…减少52.36万元。）比上年增加…") does not
    end the sentence the brackets belong to."""
    out: list[tuple[int, str]] = []
    start = depth = 0
    for i, ch in enumerate(text):
        if ch in "（(":
            depth += 1
        elif ch in "）)" and depth:
            depth -= 1
        elif ch in "。！？!?" and depth == 0:
            if text[start:i + 1].strip():
                out.append((start, text[start:i + 1]))
            start = i + 1
    if text[start:].strip():
        out.append((start, text[start:]))
    return out


_PROJECT_NAME = re.compile(r"^(?:\d+[、.．]\s*)?项目名称\s*[：:]\s*(.+)$")


def extract_paragraph(text: str, source: SourceRef, ctx: Context, views: Views) -> list[Claim]:
    m = _PROJECT_NAME.match(text)
    if m:
        ctx.project = m.group(1).strip()
        return []
    out: list[Claim] = []
    pending_reason: list[int] = []
    carried: Subject | None = None  # "“…（项）”45.41 万元。2022 年执行数为 11.67 万元，…": still that 项
    for _, sentence in sentences(text):
        claims = extract_sentence(sentence, source, ctx, views, carried)
        named = [c.subject for c in claims if c.subject.kind not in ("reason", "unknown") and c.subject.label]
        if not claims:  # "1、一般公共服务支出（类）财政事务（款）行政运行（项）。主要用于：… 年初预算为 …"
            line = _functional_subject(sentence, len(sentence), views, ctx, len(sentence))
            named = [line] if line is not None and line.key else []
        carried = named[-1] if named else carried
        if pending_reason and sentence.lstrip().startswith(("主要原因", "原因", "增加原因", "减少原因")):
            reason = _reason_of(sentence, 0)
            for i in pending_reason:
                out[i] = out[i].model_copy(update={"reason": reason})
            pending_reason = []
        base = len(out)
        out.extend(claims)
        pending_reason = [base + i for i, c in enumerate(claims)
                          if c.kind in (ClaimKind.CHANGE, ClaimKind.RATE) and c.reason is None] or pending_reason
    return out
