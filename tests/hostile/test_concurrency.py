"""Issue 13, item 14: four imports of one document at once crashed two of them on the revision number's
unique constraint (SQLite and PostgreSQL), and four imports into a database that did not exist yet failed
three ("table blobs already exists", reported as a usage error). Now writers queue on locks: processes
started together, on a database that does not exist yet, all succeed and number their revisions 1..n."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select

from yusuan.store import Store
from yusuan.store.db import current_revision, head_revision
from yusuan.store.schema import department_aliases, departments, disclosures, revisions


def _together(commands: list[list[str]]) -> list[subprocess.CompletedProcess[str]]:
    """Start every command at once; their results."""
    processes = [subprocess.Popen([sys.executable, "-m", "yusuan", *c], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  text=True) for c in commands]
    results = []
    for command, process in zip(commands, processes, strict=True):
        out, err = process.communicate(timeout=600)
        results.append(subprocess.CompletedProcess(command, process.returncode, out, err))
    return results


def test_eight_imports_of_one_document_into_a_new_database(db_url: str, seed_path: Path, tmp_path: Path) -> None:
    results = _together([["import", str(seed_path), "--database", db_url, "-q"] for _ in range(8)])
    assert [r.returncode for r in results] == [0] * 8, [r.stderr for r in results]
    assert not any(r.stderr.strip() for r in results)
    store = Store.open(db_url, upgrade=False)
    assert current_revision(store.engine) == head_revision()
    with store.read() as conn:
        numbers = sorted(n for (n,) in conn.execute(select(revisions.c.number)))
        tally = [conn.execute(select(func.count()).select_from(t)).scalar_one()
                 for t in (departments, department_aliases, disclosures)]
    assert numbers == list(range(1, 9)) and tally == [1, 1, 1]
    store.close()


def test_new_departments_and_schema_created_by_four_at_once(db_url: str, seed_text: str, tmp_path: Path) -> None:
    """Four different documents of one new department (different years), and four `user list` — each its own
    first-time schema creation — all at once."""
    files = []
    for year in (2019, 2020, 2021, 2022):
        path = tmp_path / f"seed-{year}.txt"
        path.write_text(seed_text.replace("2021", str(year)), encoding="utf-8")
        files.append(path)
    commands = [["import", str(f), "--database", db_url, "--publish", "-q"] for f in files]
    commands += [["user", "list", "--database", db_url] for _ in range(4)]
    results = _together(commands)
    assert [r.returncode for r in results] == [0] * 8, [r.stderr for r in results]
    store = Store.open(db_url, upgrade=False)
    with store.read() as conn:
        years = sorted(y for (y,) in conn.execute(select(disclosures.c.year)))
        assert years == [2019, 2020, 2021, 2022]
        assert conn.execute(select(func.count()).select_from(departments)).scalar_one() == 1
        assert conn.execute(select(func.count()).select_from(revisions)).scalar_one() == 4
    store.close()
