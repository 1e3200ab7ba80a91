"""Part 4 (名词解释): the glossary printed when a model brings none of its own.

Definitions follow the wording of the standard templates (see ``catalog/data/income_categories.csv``
and ``disclosure_requirements.md`` for their sources), written out in full.
"""

from __future__ import annotations

from ..model import GlossaryEntry
from ..normalize import to_chinese_number

DEFAULT_GLOSSARY: tuple[tuple[str, str], ...] = (
    ("财政拨款", "指本级财政当年拨付的资金，包括一般公共预算拨款、政府性基金预算拨款和国有资本经营预算拨款。"),
    ("一般公共预算", "指对以税收为主体的财政收入，安排用于保障和改善民生、推动经济社会发展、维护国家安全、维持国家机构正常运转等方面的收支预算。"),
    ("政府性基金预算", "指对依照法律、行政法规的规定在一定期限内向特定对象征收、收取或者以其他方式筹集的资金，专项用于特定公共事业发展的收支预算。"),
    ("财政专户管理资金", "包括专户管理行政事业性收费（主要是教育收费）和其他非税收入。"),
    ("其他资金", "包括事业收入、事业单位经营收入、其他收入等。"),
    ("基本支出", "指为保障机构正常运转、完成日常工作任务而发生的支出，包括人员经费和公用经费。其中，人员经费包括工资福利支出和对个人和家庭的补助。"),
    ("项目支出", "指在基本支出之外为完成特定行政任务和事业发展目标所发生的支出。"),
    ("“三公”经费", "指用一般公共预算财政拨款安排的因公出国（境）费、公务用车购置及运行费和公务接待费。其中，因公出国（境）费指单位公务出国（境）的住宿费、旅费、伙食补助费、杂费、培训费等支出；公务用车购置及运行费指单位公务用车购置费及租用费、燃料费、维修费、过路过桥费、保险费、安全奖励费用等支出；公务接待费指单位按规定开支的各类公务接待（含外宾接待）支出。"),
    ("机关运行经费", "指为保障行政单位（包括参照公务员法管理的事业单位）运行用于购买货物和服务的各项资金，包括办公及印刷费、邮电费、差旅费、会议费、福利费、日常维修费、专用材料及一般设备购置费、办公用房水电费、办公用房取暖费、办公用房物业管理费、公务用车运行维护费以及其他费用。"),
)


def default_glossary() -> list[GlossaryEntry]:
    return [GlossaryEntry(number=to_chinese_number(i + 1), term=term, definition=text)
            for i, (term, text) in enumerate(DEFAULT_GLOSSARY)]
