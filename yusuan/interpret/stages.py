"""Each stage of the interpretation isolated, as the checks isolate each rule (beancount's (entries, errors)).

A stage returns what it could read; a stage that raises (a defect of yusuan, never of the document)
gives its fallback instead, its traceback goes to the log and a ``stage-failed`` read problem names it,
so the rest of the document is still read.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

from ..model import ReadProblem, SourceRef
from ..model.problems import STAGE_FAILED

T = TypeVar("T")
log = logging.getLogger("yusuan.interpret")

STAGE_NAMES = {
    "meta": "标题页（部门、年度）", "units": "金额单位", "views": "表格含义", "readings": "表格勾稽核对",
    "sections": "情况说明章节", "claims": "情况说明中的数字", "profile": "部门概况", "projects": "项目说明",
    "performance": "绩效目标表", "other": "其他重要事项", "glossary": "名词解释", "completeness": "完整性",
}


class Stages:
    """Runs stages for one document and keeps what went wrong."""

    def __init__(self, path: str | None) -> None:
        self.path = path
        self.problems: list[ReadProblem] = []

    def run(self, name: str, stage: Callable[[], T], fallback: T) -> T:
        try:
            return stage()
        except Exception as exc:  # a defect in one stage must not lose the rest of the document
            log.exception("interpretation stage %s failed on %s", name, self.path)
            self.problems.append(ReadProblem(
                code=STAGE_FAILED, source=SourceRef(file=self.path),
                message=f"读取“{STAGE_NAMES.get(name, name)}”时出错（{type(exc).__name__}: {exc}），该部分未读取；"
                        "其余部分照常读取（这是 yusuan 的缺陷，请报告）"))
            return fallback
