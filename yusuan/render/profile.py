"""Part 1 (概况) written from the structured profile: duties, units, sections and staff."""

from __future__ import annotations

from ..model import Disclosure, StaffCount
from ..normalize import to_chinese_number
from .derive import display_name


def _change(n: int | None) -> str:
    if n is None:
        return ""
    if n == 0:
        return "与上年持平"
    return f"增加{n}人" if n > 0 else f"减少{-n}人"


def staff_sentence(s: StaffCount) -> str:
    head = []
    if s.authorized is not None:
        head.append(f"编制数{s.authorized}人")
    if s.actual is not None:
        head.append(f"实有人数{s.actual}人")
    parts = []
    for word, count, change in (("在职", s.active, s.active_change), ("退休", s.retired, s.retired_change),
                                ("离休", s.veteran_retired, s.veteran_retired_change)):
        if count is None:
            continue
        parts.append(f"{word}{count}人" + (f"，{_change(change)}" if change is not None else ""))
    text = s.unit + "，".join(head)
    if parts:
        text += "，其中：" + "；".join(parts)
    return text + "。"


def profile_sections(d: Disclosure) -> list[tuple[str, list[str]]]:
    """(heading, paragraphs) of Part 1; falls back to the paragraphs as read."""
    p = d.profile
    name = display_name(d)
    year = f"{d.year}年" if d.year else ""
    word = d.unit_word
    if not p.functions and not p.units and not p.staff:
        return [("", [para.text for para in p.paragraphs])] if p.paragraphs else []
    duties = [f"（{to_chinese_number(i + 1)}）{_end(text)}" for i, text in enumerate(p.functions)]
    subordinates = [u.name for u in p.units if u.role == "subordinate"]
    organisation: list[str] = []
    if subordinates:
        organisation.append(f"从预算单位构成看，{name}的{word}预算包括：{name}本级预算及下属{len(subordinates)}家预算单位在内的汇总预算。")
    else:
        organisation.append(f"从预算单位构成看，{name}的{word}预算为{name}本级预算。")
    if p.internal_sections:
        organisation.append(f"{name}本级下设{len(p.internal_sections)}个科室，分别是：{'、'.join(p.internal_sections)}。")
    counts = []
    if p.admin_units is not None:
        counts.append(f"行政单位{p.admin_units}家")
    if p.institution_units is not None:
        counts.append(f"事业单位{p.institution_units}家")
    if subordinates:
        counts.append(f"纳入{name}{year}{word}预算编制范围的二级预算单位包括：{'、'.join(subordinates)}")
    if counts:
        organisation.append(f"本{word}中，" + "，".join(counts) + "。")
    staff = "".join(staff_sentence(s) for s in p.staff)
    if staff:
        organisation.append(staff)
    out = []
    if duties:
        out.append(("主要职能", duties))
    out.append(("机构设置及人员情况", organisation))
    return out


def _end(text: str) -> str:
    text = text.strip()
    return text if text.endswith(("。", "；", "！")) else text + "。"
