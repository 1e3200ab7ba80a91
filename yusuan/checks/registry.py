"""The rule registry: ``@rule`` registers a check, ``run_rules`` runs the selected ones.

A rule is a small function ``rule(ctx) -> Iterable[Finding]`` registered with its main code, default
severity, family (its module), tags, a description and an example message. A rule may emit further
codes; each is declared with ``declare`` and named in ``emits``. Selection (``--select`` /
``--ignore``) takes codes, families, tags or rule names. A rule that raises becomes an
``internal-error`` finding naming the rule; the other rules still run.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ..errors import UsageError
from ..model import Disclosure, SourceRef
from .common import LEDGER
from .finding import Finding, Severity

log = logging.getLogger("yusuan.checks")

FAMILIES: tuple[str, ...] = (
    "arithmetic", "cross_table", "narrative", "narrative_rates", "narrative_internal", "projects", "codes", "completeness", "text",
    "across",
)
FAMILY_TITLES: dict[str, str] = {
    "arithmetic": "表内运算", "cross_table": "表间勾稽", "narrative": "说明与表格", "narrative_internal": "说明自身运算",
    "projects": "项目与绩效目标", "codes": "科目编码", "completeness": "完整性", "text": "文字质量",
    "across": "跨年度/跨文件", "engine": "检查程序",
}


@dataclass(frozen=True)
class Code:
    """A finding code: stable kebab-case name, default severity, what it means, an example message."""

    code: str
    severity: Severity
    title: str  # short Chinese name
    description: str  # what is checked (English, for the rule catalogue)
    example: str  # an example message (Chinese)
    family: str = ""


@dataclass(frozen=True)
class Rule:
    name: str  # "family.function"
    code: str
    family: str
    tags: tuple[str, ...]
    codes: tuple[str, ...]  # every code it may emit, the main code first
    func: Callable[[Context], Iterable[Finding]]
    needs_prior: bool = False


CODES: dict[str, Code] = {}
RULES: dict[str, Rule] = {}

INTERNAL_ERROR = "internal-error"


def declare(code: str, severity: Severity, title: str, description: str, example: str, family: str = "") -> str:
    """Declare a code (used by ``@rule`` for its main code, directly for the further codes)."""
    if code in CODES and CODES[code].severity != severity:
        raise ValueError(f"code {code} declared twice with different severities")
    CODES.setdefault(code, Code(code, severity, title, description, example, family))
    return code


declare(INTERNAL_ERROR, "warning", "检查规则自身出错",
        "A rule raised an exception. The finding names the rule and the error; the other rules still ran. "
        "This is a defect of yusuan, not of the document: please report it.",
        "规则 arithmetic.tree_sums 运行出错（ValueError: …），该项检查未完成；其他规则照常运行。", family="engine")


def rule(code: str, severity: Severity, family: str | None = None, tags: Iterable[str] = (), description: str = "",
         example: str = "", *, title: str = "", emits: Iterable[str] = (), needs_prior: bool = False,
         ) -> Callable[[Callable[[Context], Iterable[Finding]]], Callable[[Context], Iterable[Finding]]]:
    """Register a rule. ``family`` defaults to the module's name."""

    def wrap(func: Callable[[Context], Iterable[Finding]]) -> Callable[[Context], Iterable[Finding]]:
        fam = family or func.__module__.rsplit(".", 1)[-1]
        declare(code, severity, title or code, description, example, fam)
        extra = tuple(emits)
        for c in extra:
            if c not in CODES:
                raise ValueError(f"rule {func.__name__} emits undeclared code {c}")
        name = f"{fam}.{func.__name__}"
        RULES[name] = Rule(name=name, code=code, family=fam, tags=tuple(tags), codes=(code, *extra), func=func,
                           needs_prior=needs_prior)
        return func

    return wrap


class Context:
    """What a rule sees: the document, the prior-year document, and a cache for shared work."""

    def __init__(self, disclosure: Disclosure, prior: Disclosure | None = None) -> None:
        self.d = disclosure
        self.prior = prior
        self.cache: dict[str, Any] = {}

    def memo(self, key: str, compute: Callable[[], Any]) -> Any:
        if key not in self.cache:
            self.cache[key] = compute()
        return self.cache[key]


def finding(code: str, message: str, location: SourceRef | None = None, *, expected: object = None,
            actual: object = None, delta: object = None, tolerance: object = None, unit: str | None = None,
            severity: Severity | None = None, compared: Iterable[SourceRef] = ()) -> Finding:
    """A finding of a declared code (severity defaults to the code's)."""
    declared = CODES[code]
    return Finding(
        code=code, severity=severity or declared.severity, rule="", message=message,
        location=location or SourceRef(), expected=_text(expected), actual=_text(actual), delta=_text(delta),
        tolerance=_text(tolerance), unit=unit, compared=list(compared),
    )


def _text(value: object) -> str | None:
    return None if value is None else Finding.number(value)  # type: ignore[arg-type]


# ---------------------------------------------------------------- loading and selection

_MODULES = ("arithmetic", "cross_table", "blame", "narrative", "narrative_rates", "narrative_internal", "changes",
            "projects", "codes", "completeness", "text", "across")
_loaded = False


def load() -> None:
    """Import every rule module once (they register themselves)."""
    global _loaded
    if _loaded:
        return
    for name in _MODULES:
        importlib.import_module(f"{__package__}.{name}")
    _loaded = True


def all_rules() -> list[Rule]:
    load()
    return list(RULES.values())


def _codes_for(token: str) -> set[str]:
    t = token.strip().lower().replace("_", "-")
    found: set[str] = set()
    for r in RULES.values():
        names = {r.family.replace("_", "-"), r.name.replace("_", "-"), *(x.replace("_", "-") for x in r.tags)}
        if t in names:
            found.update(r.codes)
        elif t in r.codes:
            found.add(t)
    if t == INTERNAL_ERROR or t == "engine":
        found.add(INTERNAL_ERROR)
    if t == "all":
        found.update(CODES)
    return found


def resolve(tokens: Iterable[str] | None) -> set[str] | None:
    """The set of codes named by tokens (codes, families, tags, rule names); None when no tokens."""
    if tokens is None:
        return None
    load()
    items = [t for token in tokens for t in token.split(",") if t.strip()]
    if not items:
        return None
    codes: set[str] = set()
    unknown = []
    for item in items:
        matched = _codes_for(item)
        if not matched:
            unknown.append(item)
        codes |= matched
    if unknown:
        raise UsageError(f"未知的规则代码、类别或标签：{'、'.join(unknown)}（用 yusuan rules 查看全部规则）")
    return codes


def run_rules(disclosure: Disclosure, prior: Disclosure | None = None, select: Iterable[str] | None = None,
              ignore: Iterable[str] | None = None) -> list[Finding]:
    """Every selected rule on one document; a crashing rule becomes an ``internal-error`` finding.

    Then findings resting on a doubtful reading are gathered or softened (``confidence``) and each root
    cause is reported once, its consequences in ``related`` (``roots``)."""
    load()
    wanted = resolve(select)
    dropped = resolve(ignore) or set()

    def keep(code: str) -> bool:
        return (wanted is None or code in wanted) and code not in dropped

    ctx = Context(disclosure, prior)
    out: list[Finding] = []
    ran: dict[str, list[Finding]] = ctx.cache.setdefault("ran", {})  # rule name → all its findings
    token = LEDGER.set(ctx.cache.setdefault("ledger", []))
    try:
        for r in RULES.values():
            if r.needs_prior and prior is None:
                continue
            if not any(keep(c) for c in r.codes):
                continue
            found = list(_run_one(r, ctx))
            ran[r.name] = found
            out.extend(f for f in found if keep(f.code))
    finally:
        LEDGER.reset(token)
    from . import confidence, roots

    return roots.group(confidence.apply(disclosure, out))


def _run_one(r: Rule, ctx: Context) -> Iterator[Finding]:
    try:
        found = list(r.func(ctx))
    except Exception as exc:  # a defect in one rule must not stop the others
        log.exception("rule %s failed on %s", r.name, ctx.d.source.path)
        message = f"规则 {r.name} 运行出错（{type(exc).__name__}: {exc}），该项检查未完成；其他规则照常运行。"
        yield Finding(code=INTERNAL_ERROR, severity=CODES[INTERNAL_ERROR].severity, rule=r.name, message=message,
                      location=SourceRef(file=ctx.d.source.path or None))
        return
    for f in found:
        yield f if f.rule else f.model_copy(update={"rule": r.name})


@dataclass
class Catalogue:
    """The rule catalogue, for ``yusuan rules`` and docs/rules.md."""

    rules: list[Rule] = field(default_factory=all_rules)

    def codes_of(self, family: str) -> list[Code]:
        seen: list[str] = []
        for r in self.rules:
            if r.family == family:
                seen.extend(c for c in r.codes if c not in seen and CODES[c].family in (family, ""))
        return [CODES[c] for c in seen]

    def rules_emitting(self, code: str) -> list[Rule]:
        return [r for r in self.rules if code in r.codes]
