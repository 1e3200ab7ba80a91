"""Collect the classification codes printed in published disclosures into the packaged catalogue.

    .venv/bin/python scripts/catalog_from_corpus.py [FOLDER ...] [--check]

FOLDER defaults to ``../shared/corpus`` and ``../shared/corpus-wide``. Every code and name a
published government document prints beside each other is a sourced fact: the script reads each
document with yusuan, takes the 类/款/项 lines of its functional tables (the 类 of its overview
tables only where the code itself is printed, not inferred from the name) and the 类/款 lines of
its economic tables (not the local sub-items printed under a 款 with its code), and writes

- ``yusuan/catalog/data/published_documents.csv``: one row per document (id, path relative to the
  folder of shared documents, department, year, kind), the sources the other files cite;
- ``yusuan/catalog/data/*_published.csv``: one row per code and spelling, with the number of
  documents that print it, their years and their ids.

The checks use these counts (``yusuan.catalog.Catalog.names``) to know a code's name in a given
year, always leaving out the document being checked. ``--check`` only reports whether the files
are up to date for the given folders (exit 1 when not): the rows and documents of other folders
are left out of the comparison.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))

from yusuan.batch.discover import discover  # noqa: E402
from yusuan.checks.codes import economic_sub_items, overview_code_printed  # noqa: E402
from yusuan.checks.registry import Context  # noqa: E402
from yusuan.model import Disclosure  # noqa: E402
from yusuan.normalize import key  # noqa: E402
from yusuan.readers import read  # noqa: E402

DATA = ROOT / "yusuan" / "catalog" / "data"
HEADER = ["code", "level", "name", "parent", "documents", "years", "sources"]
DOC_HEADER = ["id", "path", "department", "year", "kind"]
LEVELS = {3: "class", 5: "section", 7: "item"}
FILES = {"function": "function_classification_published.csv", "economic": "economic_classification_published.csv"}


def _clean_name(name: str) -> str:
    """Local tables append the 款 name in brackets: keep the item's own name."""
    name = name.strip()
    if name.endswith(("）", ")")) and ("（" in name or "(" in name):
        depth, cut = 0, None
        for i in range(len(name) - 1, -1, -1):
            ch = name[i]
            if ch in "）)":
                depth += 1
            elif ch in "（(":
                depth -= 1
                if depth == 0:
                    cut = i
                    break
        if cut and not name[cut + 1:-1].isdigit() and name[cut + 1:-1] != "室":
            name = name[:cut]
    return name.strip()


def functional_lines(d: Disclosure) -> list[tuple[str, str]]:
    v = d.views
    ctx = Context(d)
    out = []
    for view in v.functional_tables():
        out += [(ln.code, ln.name) for ln in view.lines if ln.code]
    for ov in (v.overview, v.fiscal_overview):
        if ov is not None:
            out += [(ln.code, ln.name) for ln in ov.expenditure
                    if len(ln.code) == 3 and overview_code_printed(ctx, ov.table, ln.code)]
    if v.general_project is not None:
        out += [(ln.code, ln.name) for ln in v.general_project.subtotals if ln.code]
    return out


def economic_lines(d: Disclosure) -> list[tuple[str, str]]:
    out = []
    for view in (d.views.general_basic, d.views.basic_economic):
        if view is not None:
            skip = {id(ln) for ln in economic_sub_items(view.lines)}
            # 部门预算支出经济分类 3xx (政府预算 5xx): a functional line in an economic view is a misreading
            out += [(ln.code, ln.name) for ln in view.lines
                    if ln.code[:1] in ("3", "5") and len(ln.code) in (3, 5) and id(ln) not in skip]
    return out


def _relative(path: str) -> str:
    p = Path(path).resolve()
    try:
        return str(p.relative_to(SHARED.resolve()))
    except ValueError:
        return p.name


Seen = dict[str, dict[str, dict[str, set[str]]]]  # system → code → name → {document id}


def collect(folders: list[Path]) -> tuple[list[list[str]], Seen]:
    """The documents (rows of published_documents.csv) and what they print."""
    docs: list[tuple[str, Disclosure]] = []
    for job in discover(folders).jobs:
        d = read(*(f.abspath for f in job.files))
        docs.append(("+".join(_relative(f.abspath) for f in job.files), d))
        print(f"  {docs[-1][0]}", file=sys.stderr)
    docs.sort(key=lambda x: x[0])
    rows: list[list[str]] = []
    seen: Seen = {"function": defaultdict(lambda: defaultdict(set)), "economic": defaultdict(lambda: defaultdict(set))}
    for i, (path, d) in enumerate(docs, 1):
        doc_id = f"D{i:03d}"
        rows.append([doc_id, path, d.department.name, str(d.year or ""), d.kind])
        for system, lines in (("function", functional_lines(d)), ("economic", economic_lines(d))):
            for code, name in lines:
                # 支出功能分类 codes are 2xx…; a code of another kind in a functional view is a misreading
                if not code.isdigit() or len(code) not in LEVELS or not name or system == "function" and code[0] != "2":
                    continue
                seen[system][code][_clean_name(name)].add(doc_id)
    return rows, seen


def rows_for(system: str, codes: dict[str, dict[str, set[str]]], years: dict[str, str]) -> list[list[str]]:
    rows = []
    for code in sorted(codes):
        level = LEVELS[len(code)] if system == "function" else ("class" if len(code) == 3 else "section")
        parent = {7: code[:5], 5: code[:3]}.get(len(code), "")
        # the spelling most documents print first; ties by name
        for name, ids in sorted(codes[code].items(), key=lambda kv: (-len(kv[1]), key(kv[0]))):
            spelled_years = sorted({years[i] for i in ids if years[i]})
            rows.append([code, level, name, parent, str(len(ids)), ";".join(spelled_years), ";".join(sorted(ids))])
    return rows


def render(header: list[str], rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def _restricted(text: str, paths: set[str]) -> tuple[list[tuple[str, ...]], dict[str, str]]:
    """Rows of a written documents file whose path is in ``paths``; id → path."""
    rows = list(csv.reader(io.StringIO(text)))[1:]
    return [tuple(r[1:]) for r in rows if r[1] in paths], {r[0]: r[1] for r in rows}


def check(doc_rows: list[list[str]], seen: Seen) -> bool:
    """Are the written files up to date for these documents (other documents left out)?"""
    paths = {r[1] for r in doc_rows}
    target = DATA / "published_documents.csv"
    if not target.exists():
        return False
    written_docs, written_paths = _restricted(target.read_text(encoding="utf-8"), paths)
    if sorted(written_docs) != sorted(tuple(r[1:]) for r in doc_rows):
        print("published_documents.csv differs", file=sys.stderr)
        return False
    fresh_paths = {r[0]: r[1] for r in doc_rows}
    ok = True
    for system, name in FILES.items():
        text = (DATA / name).read_text(encoding="utf-8") if (DATA / name).exists() else ""
        written = {(r[0], r[2], written_paths.get(d)) for r in list(csv.reader(io.StringIO(text)))[1:]
                   for d in r[6].split(";") if written_paths.get(d) in paths}
        fresh = {(code, n, fresh_paths[d]) for code, names in seen[system].items() for n, ids in names.items()
                 for d in ids}
        if written != fresh:
            print(f"{name}: {len(fresh - written)} attestations missing, {len(written - fresh)} stale", file=sys.stderr)
            ok = False
    return ok


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("folders", nargs="*", default=[str(SHARED / "corpus"), str(SHARED / "corpus-wide")])
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    folders = [Path(f) for f in args.folders if Path(f).exists()]
    doc_rows, seen = collect(folders)
    if args.check:
        return 0 if check(doc_rows, seen) else 1
    years = {r[0]: r[3] for r in doc_rows}
    (DATA / "published_documents.csv").write_text(render(DOC_HEADER, doc_rows), encoding="utf-8")
    print(f"yusuan/catalog/data/published_documents.csv: {len(doc_rows)} documents")
    for system, name in FILES.items():
        text = render(HEADER, rows_for(system, seen[system], years))
        (DATA / name).write_text(text, encoding="utf-8")
        print(f"yusuan/catalog/data/{name}: {text.count(chr(10)) - 1} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main())
