"""The hand-made labels of ../shared/corpus-wide hold (tests/fixtures/labels/, see tests/labels.py).

For every labelled document: the totals read equal the totals printed on the page; every error finding
labelled true is still reported as an error (as a root or among the consequences listed under one);
none labelled false is reported as an error; and no error is reported that nobody has labelled, so the
precision on these documents (benchmarks/sweep.py prints it) cannot drift unseen. A new rule that finds
new errors here gets them labelled, true or false, from the page.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.labels import TOTAL_FIELDS, finding_key, load_finding_labels, load_totals, shared_dir, wan
from yusuan.checks import check, walk
from yusuan.readers import read
from yusuan.summary import summary

pytestmark = pytest.mark.corpus

WIDE = shared_dir() / "corpus-wide"
DOCUMENTS = sorted(load_totals())


def _skip_without_corpus() -> None:
    if not WIDE.is_dir():
        pytest.skip("../shared/corpus-wide is absent: labelled-document tests skipped")


def test_every_document_of_the_corpus_is_labelled() -> None:
    _skip_without_corpus()
    on_disk = sorted(str(p.relative_to(WIDE)) for p in WIDE.rglob("*.pdf"))
    assert on_disk == DOCUMENTS
    assert sorted(load_finding_labels()) == [f"corpus-wide/{rel}" for rel in on_disk]


@pytest.mark.parametrize("rel", DOCUMENTS)
def test_labelled_document(rel: str) -> None:
    """Totals exact, true findings still reported, false ones gone, nothing unlabelled."""
    _skip_without_corpus()
    d = read(WIDE / rel)
    found = check(d)
    label = load_totals()[rel]
    read_ = summary(d)
    for field in TOTAL_FIELDS:
        if label.get(field) is None:
            continue
        printed = wan(label[field], label.get("unit", "万元"))
        assert read_[field] is not None and Decimal(read_[field]) == printed, (
            f"{rel}: {field} read {read_[field]}, printed {printed} on page {label['pages'].get(field)}")
    labels = load_finding_labels()[f"corpus-wide/{rel}"]
    errors = {finding_key(f.model_dump(mode="json")) for root in found if root.severity == "error"
              for f in walk([root]) if f.severity == "error"}
    roots = [finding_key(f.model_dump(mode="json")) for f in found if f.severity == "error"]
    missed = [k for k, verdict in labels.items() if verdict and k not in errors]
    wrong = [k for k, verdict in labels.items() if not verdict and k in roots]
    unlabelled = [k for k in roots if k not in labels]
    assert (missed, wrong, unlabelled) == ([], [], [])
