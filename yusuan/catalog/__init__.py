"""Classification catalogues (政府收支分类科目), loaded from the packaged, cited CSV files.

The data is partial (see ``data/README.md``): a code that is not in the catalogue is *unknown*,
never guessed. Lookups say which edition answered and how well the entry is sourced.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Literal

from ..normalize import key

System = Literal["function", "economic"]


@dataclass(frozen=True)
class Entry:
    code: str
    level: str  # class / section / item
    name: str
    parent: str | None
    status: str  # verified / name_only_verified / seed_only / paired_by_order
    sources: tuple[str, ...]
    note: str = ""
    system: System = "function"


@dataclass(frozen=True)
class Lookup:
    """The answer to "what is this code": found or unknown, with the catalogue's own caveats."""

    code: str
    entry: Entry | None
    edition: int | None
    known: bool
    exact_edition: bool  # the edition asked for was available
    note: str = ""

    @property
    def name(self) -> str | None:
        return self.entry.name if self.entry else None


@dataclass
class Catalog:
    """One classification system, by edition year."""

    system: System
    editions: dict[int | None, dict[str, Entry]] = field(default_factory=dict)

    def edition_for(self, year: int | None) -> int | None:
        years = sorted(y for y in self.editions if y is not None)
        if None in self.editions or not years:
            return None
        if year is None:
            return years[-1]
        earlier = [y for y in years if y <= year]
        return earlier[-1] if earlier else years[0]

    def lookup(self, code: str, year: int | None = None) -> Lookup:
        edition = self.edition_for(year)
        entries = self.editions.get(edition, {})
        entry = entries.get(code)
        exact = edition is None or year is None or edition == year
        note = "" if exact else f"目录只有 {edition} 年版，按该版核对"
        return Lookup(code=code, entry=entry, edition=edition, known=entry is not None, exact_edition=exact, note=note)

    def parent_of(self, code: str) -> str | None:
        if self.system == "function":
            return {7: code[:5], 5: code[:3]}.get(len(code))
        return code[:3] if len(code) == 5 else None

    def name_matches(self, code: str, name: str, year: int | None = None) -> bool | None:
        """True/False when the code is known, None when it is not in the catalogue."""
        found = self.lookup(code, year)
        if not found.entry:
            return None
        wanted = key(found.entry.name)
        given = key(name)
        # local tables often append the 款 name in brackets: 行政运行（政府办公厅（室）及相关机构事务）
        return given == wanted or given.startswith(wanted + "(") or wanted.startswith(given)

    def children(self, code: str, year: int | None = None) -> list[Entry]:
        entries = self.editions.get(self.edition_for(year), {})
        return [e for e in entries.values() if e.parent == code]

    def all(self, year: int | None = None) -> list[Entry]:
        return list(self.editions.get(self.edition_for(year), {}).values())


def _read_csv(name: str) -> list[dict[str, str]]:
    text = resources.files(__package__).joinpath("data", name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


def _entries(files: tuple[str, ...], system: System) -> dict[str, Entry]:
    """Entries of the reference file, completed by codes printed in published documents.

    ``*_published.csv`` (made by ``scripts/catalog_from_corpus.py``) holds codes and names that
    published disclosures print side by side; the reference catalogue wins where both have a code.
    """
    entries: dict[str, Entry] = {}
    for name in files:
        try:
            rows = _read_csv(name)
        except FileNotFoundError:
            continue
        for row in rows:
            if row["code"] in entries:
                continue
            note = row.get("note", "")
            if row.get("years"):
                note = f"见于 {row['years'].replace(';', '、')} 年公开文件" + (f"；{note}" if note else "")
            entries[row["code"]] = Entry(
                code=row["code"], level=row["level"], name=row["name"], parent=row["parent"] or None,
                status=row["status"], sources=tuple(filter(None, row["sources"].split(";"))), note=note,
                system=system,
            )
    return entries


@lru_cache(maxsize=1)
def functional() -> Catalog:
    """支出功能分类科目 (2021 edition, partial, plus codes printed in published documents)."""
    files = ("function_classification_2021.csv", "function_classification_published.csv")
    return Catalog(system="function", editions={2021: _entries(files, "function")})


@lru_cache(maxsize=1)
def economic() -> Catalog:
    """部门预算支出经济分类科目 (post-2018, partial, plus published codes); not year-specific."""
    files = ("economic_classification_department.csv", "economic_classification_published.csv")
    return Catalog(system="economic", editions={None: _entries(files, "economic")})


@lru_cache(maxsize=1)
def income_categories() -> list[dict[str, str]]:
    return _read_csv("income_categories.csv")


@lru_cache(maxsize=1)
def performance_framework() -> list[dict[str, str]]:
    return _read_csv("performance_indicators.csv")


def sources_readme() -> str:
    return resources.files(__package__).joinpath("data", "README.md").read_text(encoding="utf-8")


def class_name(code: str) -> str | None:
    """Name of a functional 类 (3-digit) code, from any edition."""
    found = functional().lookup(code)
    return found.name
