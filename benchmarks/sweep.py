"""The sweep: every document of ../shared/corpus-wide, ../shared/corpus and the seed, read and checked,
measured against the hand-made labels of tests/fixtures/labels/ (issue 11).

    .venv/bin/python benchmarks/sweep.py [--workers 2] [--json out.json] [--only corpus-wide] [--list]

Prints, per corpus: documents read (exit 0/1) and unreadable (exit 2); labelled totals exact (income,
expenditure, basic, project, read by hand from the page: corpus_wide_totals.json); error findings per
document (median, mean, max, and by city); precision of the error findings that carry a by-hand label
(corpus_wide_findings.json: each finding true or false); time per page (read + check, one process).
``--json`` writes every document's counts and error findings, to diff two runs.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.labels import (  # noqa: E402
    TOTAL_FIELDS,
    finding_key,
    load_finding_labels,
    load_totals,
    shared_dir,
    wan,
)

CORPORA = ("corpus-wide", "corpus", "seed")


def jobs_of(corpus: str) -> list[list[str]]:
    """The documents of a corpus: one file, or the two halves of a split document."""
    from yusuan.batch.discover import discover

    folder = shared_dir() / corpus
    return [[f.abspath for f in job.files] for job in discover([folder]).jobs]


def run_one(files: list[str]) -> dict[str, Any]:
    """Read and check one document in this process; what the sweep needs of it."""
    from yusuan.checks import check, walk
    from yusuan.errors import ReadError
    from yusuan.readers import read
    from yusuan.summary import summary

    started = time.perf_counter()
    try:
        d = read(*files)
        findings = check(d)
    except ReadError as exc:
        return {"files": files, "exit": 2, "problem": str(exc), "seconds": time.perf_counter() - started}
    seconds = time.perf_counter() - started
    errors = [f for f in findings if f.severity == "error"]
    s = summary(d)
    return {
        "files": files, "exit": 1 if errors else 0, "seconds": seconds, "pages": d.source.pages or 0,
        "summary": {k: s.get(k) for k in TOTAL_FIELDS},
        "counts": {sev: sum(1 for f in findings if f.severity == sev) for sev in ("error", "warning", "info")},
        "errors": [{"code": f.code, "message": f.message, "key": finding_key(f.model_dump(mode="json")),
                    "page": f.location.page, "related": len(f.related),
                    "consequences": [finding_key(r.model_dump(mode="json")) for r in walk(f.related)]}
                   for f in errors],
    }


def relpath(files: list[str], corpus: str) -> str:
    base = shared_dir() / corpus
    return " + ".join(os.path.relpath(f, base) for f in files)


def city_of(rel: str, corpus: str) -> str:
    return rel.split("/", 1)[0] if corpus == "corpus-wide" and "/" in rel else corpus


def totals_exact(doc: dict[str, Any], label: dict[str, Any]) -> tuple[int, int, list[str]]:
    """(exact, labelled, mismatches) for the labelled totals of one document."""
    exact = labelled = 0
    wrong = []
    for field in TOTAL_FIELDS:
        want = label.get(field)
        if want is None:
            continue
        labelled += 1
        got = (doc.get("summary") or {}).get(field)
        expected = wan(want, label.get("unit", "万元"))
        if got is not None and Decimal(got) == expected:
            exact += 1
        else:
            wrong.append(f"{field}: read {got}, printed {expected}")
    return exact, labelled, wrong


def report(corpus: str, docs: dict[str, dict[str, Any]], verbose: bool) -> dict[str, Any]:
    totals = load_totals() if corpus == "corpus-wide" else {}
    finding_labels = load_finding_labels()
    read_ok = sum(1 for d in docs.values() if d["exit"] in (0, 1))
    per_doc = [len(d.get("errors", [])) for d in docs.values() if d["exit"] != 2]
    by_city: dict[str, list[int]] = defaultdict(list)
    for rel, d in docs.items():
        if d["exit"] != 2:
            by_city[city_of(rel, corpus)].append(len(d["errors"]))
    exact = labelled = 0
    mismatches: list[str] = []
    for rel, label in totals.items():
        if rel not in docs:
            continue
        e, n, wrong = totals_exact(docs[rel], label)
        exact, labelled = exact + e, labelled + n
        mismatches += [f"{rel}: {w}" for w in wrong]
    true = false = unlabelled = 0
    unlabelled_list = []
    for rel, d in docs.items():
        labels = finding_labels.get(f"{corpus}/{rel}")
        for f in d.get("errors", []):
            verdict = labels.get(f["key"]) if labels is not None else None
            if verdict is True:
                true += 1
            elif verdict is False:
                false += 1
            elif labels is not None:
                unlabelled += 1
                unlabelled_list.append(f"{rel}: [{f['code']}] {f['message'][:120]}")
    seconds = sum(d["seconds"] for d in docs.values())
    pages = sum(d.get("pages", 0) for d in docs.values())
    print(f"\n== {corpus}: {len(docs)} documents, {read_ok} read (exit 0/1), {len(docs) - read_ok} unreadable (exit 2)")
    if per_doc:
        print(f"   error findings per document: median {statistics.median(per_doc):g}, "
              f"mean {statistics.mean(per_doc):.2f}, max {max(per_doc)}, total {sum(per_doc)}")
    if corpus == "corpus-wide":
        for city, counts in sorted(by_city.items()):
            print(f"     {city:10} {len(counts):3} docs  median {statistics.median(counts):g}  "
                  f"mean {statistics.mean(counts):.2f}  max {max(counts)}")
    if labelled:
        print(f"   labelled totals exact: {exact}/{labelled} ({100 * exact / labelled:.1f}%)")
        for m in mismatches[: (None if verbose else 12)]:
            print(f"     ✗ {m}")
    if true + false:
        print(f"   labelled error findings: {true} true, {false} false → precision {100 * true / (true + false):.1f}%"
              f" ({unlabelled} error findings in labelled documents without a label)")
        for u in unlabelled_list[: (None if verbose else 8)]:
            print(f"     ? {u}")
    if pages:
        print(f"   time: {seconds:.1f} s of read + check for {pages} pages = {1000 * seconds / pages:.1f} ms per page")
    return {"documents": len(docs), "read": read_ok, "errors_per_doc": per_doc, "totals_exact": exact,
            "totals_labelled": labelled, "true": true, "false": false, "unlabelled": unlabelled,
            "ms_per_page": 1000 * seconds / pages if pages else None}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--json", help="write every document's results here")
    ap.add_argument("--only", choices=CORPORA, action="append")
    ap.add_argument("--list", action="store_true", help="print every document's error count")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    out: dict[str, Any] = {}
    for corpus in args.only or CORPORA:
        if not (shared_dir() / corpus).exists():
            print(f"== {corpus}: absent, skipped")
            continue
        jobs = jobs_of(corpus)
        with ProcessPoolExecutor(max_workers=args.workers) as pool:
            results = list(pool.map(run_one, jobs))
        docs = {relpath(r["files"], corpus): r for r in results}
        if args.list:
            for rel, d in sorted(docs.items()):
                print(f"   {len(d.get('errors', [])) if d['exit'] != 2 else 'exit 2':>6}  {rel}")
        out[corpus] = {"measures": report(corpus, docs, args.verbose), "documents": docs}
    if args.json:
        Path(args.json).write_text(json.dumps(out, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
