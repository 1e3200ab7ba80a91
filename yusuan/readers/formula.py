"""A small evaluator for the formulas of budget workbooks: SUM of ranges, + - * /, cell references.

A workbook written by a program (yusuan's own, budget-system exports) may hold formulas without
cached values. Totals are sums, so these few forms cover them; anything else yields None (the
cell then reads as blank, never as a wrong number). Arithmetic is exact (Decimal).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation

_TOKEN = re.compile(r"\s*(?:(?P<num>\d+(?:\.\d+)?)|(?P<range>\$?[A-Z]{1,3}\$?\d+:\$?[A-Z]{1,3}\$?\d+)"
                    r"|(?P<ref>\$?[A-Z]{1,3}\$?\d+)|(?P<func>[A-Z]+)\(|(?P<op>[-+*/(),]))")
_CELL = re.compile(r"\$?([A-Z]{1,3})\$?(\d+)")

Resolver = Callable[[str], Decimal | None]


class _Unsupported(Exception):
    pass


def _col(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def _letters(n: int) -> str:
    out = ""
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


def _expand(span: str) -> list[str]:
    a, b = span.replace("$", "").split(":")
    ma, mb = _CELL.fullmatch(a), _CELL.fullmatch(b)
    if not ma or not mb:
        raise _Unsupported(span)
    c0, c1 = sorted((_col(ma.group(1)), _col(mb.group(1))))
    r0, r1 = sorted((int(ma.group(2)), int(mb.group(2))))
    if (c1 - c0 + 1) * (r1 - r0 + 1) > 10000:
        raise _Unsupported(span)
    return [f"{_letters(c)}{r}" for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)]


def _tokens(text: str) -> list[tuple[str, str]]:
    out = []
    pos = 0
    text = text.upper()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            if text[pos:].strip() == "":
                break
            raise _Unsupported(text[pos:])
        kind = m.lastgroup or ""
        out.append((kind, m.group(kind)))
        pos = m.end()
    return out


class _Parser:
    def __init__(self, tokens: list[tuple[str, str]], resolve: Resolver) -> None:
        self.tokens = tokens
        self.i = 0
        self.resolve = resolve

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self) -> tuple[str, str]:
        token = self.peek()
        if token is None:
            raise _Unsupported("end")
        self.i += 1
        return token

    def expr(self) -> Decimal:
        value = self.term()
        while (t := self.peek()) is not None and t[1] in "+-":
            self.take()
            value = value + self.term() if t[1] == "+" else value - self.term()
        return value

    def term(self) -> Decimal:
        value = self.factor()
        while (t := self.peek()) is not None and t[1] in "*/":
            self.take()
            other = self.factor()
            if t[1] == "*":
                value = value * other
            else:
                if other == 0:
                    raise _Unsupported("division by zero")
                value = value / other
        return value

    def factor(self) -> Decimal:
        kind, text = self.take()
        if kind == "op" and text == "-":
            return -self.factor()
        if kind == "op" and text == "+":
            return self.factor()
        if kind == "op" and text == "(":
            value = self.expr()
            self.expect(")")
            return value
        if kind == "num":
            return Decimal(text)
        if kind == "ref":
            return self.resolve(text.replace("$", "")) or Decimal(0)
        if kind == "func" and text == "SUM":
            return self.sum_args()
        raise _Unsupported(text)

    def sum_args(self) -> Decimal:
        total = Decimal(0)
        while True:
            t = self.peek()
            if t is not None and t[0] == "range":
                self.take()
                total += sum((self.resolve(c) or Decimal(0) for c in _expand(t[1])), Decimal(0))
            else:
                total += self.expr()
            sep = self.take()
            if sep[1] == ")":
                return total
            if sep[1] != ",":
                raise _Unsupported(sep[1])

    def expect(self, text: str) -> None:
        if self.take()[1] != text:
            raise _Unsupported(text)


def evaluate(formula: str, resolve: Resolver) -> Decimal | None:
    """The value of ``formula`` (without its "="), or None when it is not a supported form."""
    try:
        parser = _Parser(_tokens(formula), resolve)
        value = parser.expr()
        if parser.peek() is not None:
            return None
        return value
    except (_Unsupported, InvalidOperation, RecursionError):
        return None
