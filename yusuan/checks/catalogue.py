"""The rule catalogue in words: ``yusuan rules`` prints it, docs/rules.md is generated from it."""

from __future__ import annotations

import json
from typing import Any

from .registry import CODES, FAMILIES, FAMILY_TITLES, INTERNAL_ERROR, Catalogue, Code

_SEVERITY = {"error": "错误 error", "warning": "警告 warning", "info": "提示 info"}

HEADER = """\
# Rule catalogue (规则目录)

Generated from the rule registry by `yusuan rules --markdown -o docs/rules.md`. Do not edit by hand:
`tests/checks/test_docs.py` fails when a rule is missing here or this file is stale.

Every finding has a stable kebab-case **code**, a **severity** (error: the document contradicts
itself; warning: probably wrong, or the catalogue cannot tell; info: worth a look, never wrong by
itself), the **rule** that found it, a **location** (table, row, column; or section, sentence and the
figure's span), **expected** / **actual**, the **difference** and the **tolerance** used, and a message
in Chinese.

Tolerances come from printed precision: a sum of amounts printed with N decimals may differ by
0.5·10^-N per term (two decimals: 0.005 per term, the total included); a percentage is compared at
half a unit of its last printed digit plus the rounding of the amounts carried through the
division; a one-unit break that comes from converting 元 to 万元 is info (`rounding`), never an error.

## Using `yusuan check`

```
yusuan check PATH... [--format text|json|html] [--fail-on error|warning]
                     [--select CODES] [--ignore CODES] [--prior PATH] [-o FILE]
```

- Each PATH is one document; a document published in two files (Jiangsu: narrative and tables) is
  written `说明.pdf+表格.pdf`. Several paths give one entry each in the report; with a department's
  document and all its units' documents, the department is also compared with the sum of its units.
- `--format text` (default) groups findings by part and table and prints the offending row (the cell
  marked 「」) or sentence (the figure marked) under each message; `json` is the stable interface of
  DOMAIN.md (each finding also has `rule`, `delta`, `tolerance`, `unit`, `where`, `compared` (the places compared with), `related` (the findings that follow from this one); an
  unreadable document has `error`); `html` is one self-contained page with the document rendered,
  the offending cells and sentences highlighted and linked to their findings.
- `--prior` is last year's document of the same department (prior-year figures are compared with it).
- `--select` / `--ignore` take codes, families (`arithmetic`, `cross_table` …), tags or rule names,
  comma-separated; an unknown one is a usage error.
- Exit code: 0 when no finding is at or above `--fail-on` (default `error`); 1 when one is; 2 for a
  usage error or an unreadable input. With several paths, an unreadable one is reported in the report
  and the others are still checked; it makes the exit code 2 unless findings already make it 1.
- A narrative figure is compared at the precision it is printed with; a 成本指标 printed without unit
  (`=500000.00`) is read as 元 when it equals the amount × 10 000, as 万元 when it equals the amount,
  and otherwise reported in 元.
- The library call is `yusuan.checks.check_files(paths, prior=, select=, ignore=) -> Report`
  (`yusuan.checks.check(disclosure, prior=None, select=None, ignore=None) -> list[Finding]` for a
  document already read).
"""


def _codes_by_family(cat: Catalogue) -> dict[str, list[Code]]:
    out: dict[str, list[Code]] = {}
    for family in FAMILIES:
        codes = cat.codes_of(family)
        # codes found across several documents (not by a per-document rule) are declared in the family too
        codes += [c for c in CODES.values() if c.family == family and c not in codes]
        out[family] = codes
    from . import confidence  # noqa: F401  (declares the codes the engine itself emits)

    out["engine"] = [CODES[INTERNAL_ERROR], *(c for c in CODES.values() if c.family == "engine"
                                              and c.code != INTERNAL_ERROR)]
    return out


def markdown() -> str:
    cat = Catalogue()
    lines = [HEADER, "| code | severity | family | what |", "|---|---|---|---|"]
    groups = _codes_by_family(cat)
    for family, codes in groups.items():
        for c in codes:
            lines.append(f"| [`{c.code}`](#{c.code}) | {c.severity} | {family} | {c.title} |")
    for family, codes in groups.items():
        if not codes:
            continue
        lines += ["", f"## {FAMILY_TITLES.get(family, family)} (`{family}`)"]
        for c in codes:
            rules = cat.rules_emitting(c.code)
            rule_names = ", ".join(f"`{r.name}`" for r in rules) or (
                "the engine" if family == "engine" else "`yusuan check` with several documents")
            tags = sorted({t for r in rules for t in r.tags})
            lines += ["", f'### <a id="{c.code}"></a>`{c.code}` · {c.title} · {_SEVERITY[c.severity]}', "",
                      f"Rule {rule_names}" + (f" · tags: {', '.join(tags)}" if tags else "")
                      + (" · runs only with `--prior`" if any(r.needs_prior for r in rules) else ""),
                      "", c.description, "", "Example:", "", f"> {c.example}"]
    from .. import tolerances
    from ..batch.codes import BATCH_CODES

    lines += ["", "## Findings of the batch (`batch`)", "",
              "`yusuan batch` adds these to the findings of the checks: a document it could not check, and the "
              "checks across the documents of one run.", "", "| code | severity | what | when |", "|---|---|---|---|"]
    lines += [f"| `{c.code}` | {c.severity} | {c.title} | {c.description} |" for c in BATCH_CODES.values()]
    lines += ["", "## Tolerances", "", "Arithmetic tolerances come from the printed precision (half a unit of the last "
              "printed digit per figure); the thresholds that are chosen live in one object, "
              "`yusuan.tolerances.TOLERANCES`:", "", tolerances.markdown()]
    return "\n".join(lines).rstrip() + "\n"


def text() -> str:
    cat = Catalogue()
    lines = []
    for family, codes in _codes_by_family(cat).items():
        if not codes:
            continue
        lines.append(f"{FAMILY_TITLES.get(family, family)}（{family}）")
        for c in codes:
            lines.append(f"  {c.code:<26} {_SEVERITY[c.severity].split()[0]}  {c.title}")
        lines.append("")
    lines.append("详见 docs/rules.md，或 yusuan rules --markdown。")
    return "\n".join(lines) + "\n"


def as_json() -> str:
    cat = Catalogue()
    data: list[dict[str, Any]] = []
    for family, codes in _codes_by_family(cat).items():
        for c in codes:
            data.append({"code": c.code, "severity": c.severity, "family": family, "title": c.title,
                         "description": c.description, "example": c.example,
                         "rules": [r.name for r in cat.rules_emitting(c.code)]})
    return json.dumps(data, ensure_ascii=False, indent=2)
