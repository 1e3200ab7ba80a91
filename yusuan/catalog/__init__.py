"""Classification catalogues (政府收支分类科目), loaded from the packaged, cited CSV files.

The data is partial (see ``data/README.md``): a code that is not in the catalogue is *unknown*,
never guessed. Lookups say which edition answered and how well the entry is sourced.

Besides the reference catalogue, ``data/*_published.csv`` record every code and name that published
documents print side by side (``data/PUBLISHED.md``): how many documents attest each spelling and
in which years. ``Catalog.names(code, year, exclude=…)`` answers "which names does the catalogue
know for this code in that year", leaving out the document being checked so that it never
attests itself.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from typing import Literal

from ..normalize import key

System = Literal["function", "economic"]


@dataclass(frozen=True)
class Attestation:
    """One spelling of a code as published documents print it: in how many documents, which years."""

    name: str
    documents: tuple[str, ...]  # ids of ``published_documents.csv``
    years: tuple[int, ...]


@dataclass(frozen=True)
class PublishedDocument:
    id: str
    path: str  # relative to the folder of shared documents (corpus/…, corpus-wide/…)
    department: str
    year: int | None
    kind: str


@dataclass(frozen=True)
class Names:
    """What the catalogue knows of a code's name for one year (the checked document left out)."""

    code: str
    year: int | None
    reference: str | None  # the reference catalogue's name when its edition covers the year
    this_year: dict[str, int]  # names printed by other documents of the year → number of documents
    other_years: dict[str, tuple[int, ...]]  # names printed only in other years → those years
    # the one name every source gives in the nearest known year before and after (name, before, after)
    bracketed: tuple[str, int, int] | None = None

    @property
    def covered(self) -> bool:
        """The catalogue knows the code's name for this year: its reference edition, two documents of the
        year, or the same single name in the nearest known years before and after it."""
        return self.reference is not None or sum(self.this_year.values()) >= 2 or self.bracketed is not None

    @property
    def year_names(self) -> list[str]:
        out = [self.reference] if self.reference else []
        out += [n for n in sorted(self.this_year, key=lambda n: -self.this_year[n]) if n not in out]
        if self.bracketed is not None and self.bracketed[0] not in out:
            out.append(self.bracketed[0])
        return out

    @property
    def basis(self) -> str:
        """Where the year's name comes from, in words."""
        if self.reference is not None:
            return f"{self.year} 年目录" if self.year else "目录"
        if sum(self.this_year.values()) >= 2:
            return f"{self.year} 年的公开文件（{sum(self.this_year.values())} 份）"
        if self.bracketed is not None:
            return f"{self.bracketed[1]} 年和 {self.bracketed[2]} 年的目录与公开文件"
        return "目录"

    def known(self) -> bool:
        return bool(self.reference or self.this_year or self.other_years)


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
    attested: tuple[Attestation, ...] = ()  # spellings printed by published documents, most documents first


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

    def reference_covers(self, year: int | None) -> bool:
        """Does the reference catalogue speak for this year (its edition, or a system without editions)?"""
        edition = self.edition_for(year)
        return edition is None or year is None or edition == year

    def names(self, code: str, year: int | None, exclude: frozenset[str] = frozenset()) -> Names:
        """The names known for a code in ``year``: the reference's (when its edition is that year) and
        those printed by published documents, without the documents in ``exclude``."""
        entry = self.lookup(code, year).entry
        reference = entry.name if entry is not None and entry.status != "published" and self.reference_covers(year) \
            else None
        this_year: dict[str, int] = {}
        other: dict[str, tuple[int, ...]] = {}
        for a in entry.attested if entry is not None else ():
            docs = [d for d in a.documents if d not in exclude]
            if not docs:
                continue
            years = sorted({_doc_years().get(d) or 0 for d in docs} - {0})
            same = [d for d in docs if _doc_years().get(d) == year]
            if same:
                this_year[a.name] = len(same)
            elif years:
                other[a.name] = tuple(years)
        by_year: dict[int, set[str]] = {}
        for a in entry.attested if entry is not None else ():
            for d in a.documents:
                y = _doc_years().get(d)
                if d not in exclude and y:
                    by_year.setdefault(y, set()).add(a.name)
        if entry is not None and entry.status != "published" and reference is None:
            edition = self.edition_for(year)
            other.setdefault(entry.name, (edition or 0,))
            if edition:
                by_year.setdefault(edition, set()).add(entry.name)
        return Names(code, year, reference, this_year, other, _bracketed(by_year, year))

    def printed_elsewhere(self, code: str, exclude: frozenset[str] = frozenset()) -> int:
        """How many published documents (other than ``exclude``) print this code."""
        entry = self.lookup(code).entry
        if entry is None:
            return 0
        return len({d for a in entry.attested for d in a.documents if d not in exclude})

    def knows(self, code: str, exclude: frozenset[str] = frozenset()) -> bool:
        """In the reference catalogue, or printed by another published document."""
        entry = self.lookup(code).entry
        return entry is not None and (entry.status != "published" or self.printed_elsewhere(code, exclude) > 0)

    def children(self, code: str, year: int | None = None) -> list[Entry]:
        entries = self.editions.get(self.edition_for(year), {})
        return [e for e in entries.values() if e.parent == code]

    def all(self, year: int | None = None) -> list[Entry]:
        return list(self.editions.get(self.edition_for(year), {}).values())


def _bracketed(by_year: dict[int, set[str]], year: int | None) -> tuple[str, int, int] | None:
    """The single name known in the nearest year before ``year`` and the nearest after, when it is the same."""
    if year is None:
        return None
    before = [y for y in by_year if y < year]
    after = [y for y in by_year if y > year]
    if not before or not after:
        return None
    low, high = by_year[max(before)], by_year[min(after)]
    if len(low) == 1 and low == high:
        return next(iter(low)), max(before), min(after)
    return None


def _read_csv(name: str) -> list[dict[str, str]]:
    text = resources.files(__package__).joinpath("data", name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


def _entries(reference: str, published: str, system: System) -> dict[str, Entry]:
    """Entries of the reference file, completed by the codes printed in published documents.

    ``*_published.csv`` (made by ``scripts/catalog_from_corpus.py``) holds one row per code and
    spelling that published disclosures print side by side, with the documents that print it. The
    reference catalogue wins where both have a code; the spellings are attached to every entry.
    """
    entries: dict[str, Entry] = {}
    for row in _rows(reference):
        entries.setdefault(row["code"], Entry(
            code=row["code"], level=row["level"], name=row["name"], parent=row["parent"] or None,
            status=row["status"], sources=tuple(filter(None, row["sources"].split(";"))), note=row.get("note", ""),
            system=system))
    seen: dict[str, list[dict[str, str]]] = {}
    for row in _rows(published):
        seen.setdefault(row["code"], []).append(row)
    paths = {d.id: d.path for d in published_documents()}
    for code, rows in seen.items():
        rows.sort(key=lambda r: (-int(r["documents"] or 0), key(r["name"])))
        attested = tuple(Attestation(r["name"], tuple(filter(None, r["sources"].split(";"))),
                                     tuple(int(y) for y in r["years"].split(";") if y)) for r in rows)
        if code in entries:
            entries[code] = replace(entries[code], attested=attested)
            continue
        first = rows[0]
        years = sorted({y for a in attested for y in a.years})
        note = f"见于 {'、'.join(map(str, years))} 年公开文件" if years else ""
        if len(rows) > 1:
            note += "；其他写法：" + "；".join(r["name"] for r in rows[1:])
        documents = sorted({d for a in attested for d in a.documents})
        entries[code] = Entry(
            code=code, level=first["level"], name=first["name"], parent=first["parent"] or None, status="published",
            sources=tuple(paths.get(d, d) for d in documents), note=note, system=system, attested=attested)
    return entries


def _rows(name: str) -> list[dict[str, str]]:
    try:
        return _read_csv(name)
    except FileNotFoundError:
        return []


@lru_cache(maxsize=1)
def published_documents() -> list[PublishedDocument]:
    """The published documents the ``*_published.csv`` files cite (``published_documents.csv``)."""
    return [PublishedDocument(r["id"], r["path"], r["department"], int(r["year"]) if r["year"] else None, r["kind"])
            for r in _rows("published_documents.csv")]


@lru_cache(maxsize=1)
def _doc_years() -> dict[str, int | None]:
    return {d.id: d.year for d in published_documents()}


def documents_of(department: str, year: int | None, kind: str) -> frozenset[str]:
    """Ids of the published documents that are this document (same department, year and kind)."""
    wanted = key(department)
    return frozenset(d.id for d in published_documents()
                     if wanted and key(d.department) == wanted and d.year == year and d.kind == kind)


@lru_cache(maxsize=1)
def functional() -> Catalog:
    """支出功能分类科目 (2021 edition, partial, plus codes printed in published documents)."""
    return Catalog(system="function", editions={2021: _entries("function_classification_2021.csv",
                                                               "function_classification_published.csv", "function")})


@lru_cache(maxsize=1)
def economic() -> Catalog:
    """部门预算支出经济分类科目 (post-2018, partial, plus published codes); not year-specific."""
    return Catalog(system="economic", editions={None: _entries("economic_classification_department.csv",
                                                               "economic_classification_published.csv", "economic")})


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
