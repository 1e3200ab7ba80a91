"""``--select`` / ``--ignore`` for a batch: the rule registry's codes, families and tags, plus the
codes of the batch's own checks across documents (``crossdoc.CODES``, family ``across``)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from .crossdoc import CODES

BATCH_CODES = frozenset(CODES) | {"cross-year-failed"}
#: selects no rule of the registry (when only batch codes are selected)
_NOTHING = ["internal-error"]


def rule_tokens(select: Sequence[str] | None, ignore: Sequence[str] | None) -> tuple[list[str] | None, list[str] | None]:
    """The tokens meant for the rule registry (what the workers pass to ``check``)."""
    rules_select = [t for t in select or [] if t not in BATCH_CODES]
    rules_ignore = [t for t in ignore or [] if t not in BATCH_CODES]
    return (rules_select or _NOTHING) if select else None, rules_ignore or None


def validate(select: Sequence[str] | None, ignore: Sequence[str] | None) -> None:
    """Unknown tokens are a usage error before any work starts (``UsageError`` from the registry)."""
    from ..checks.registry import resolve

    rules_select, rules_ignore = rule_tokens(select, ignore)
    resolve(rules_select)
    resolve(rules_ignore)


def keeper(select: Sequence[str] | None, ignore: Sequence[str] | None) -> Callable[[str], bool]:
    """Whether a finding of this code made across documents is kept under the selection."""
    from ..checks.registry import resolve

    rules_select, rules_ignore = rule_tokens(select, ignore)
    wanted = resolve(rules_select)
    dropped = resolve(rules_ignore) or set()
    chosen, skipped = set(select or []), set(ignore or [])

    def keep(code: str) -> bool:
        if code in BATCH_CODES:
            return (not chosen or bool({code, "across"} & chosen)) and not {code, "across"} & skipped
        return (wanted is None or code in wanted) and code not in dropped

    return keep
