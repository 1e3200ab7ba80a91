"""Fixtures shared by every test: the seed document, the corpus, PostgreSQL."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # yusuan_testing: test machinery kept in the repository, not installed
    sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / "shared"
SEED_PATH = SHARED / "seed" / "shuimogou_zhengfu_bangongshi_2021_yusuan.txt"
CORPUS = SHARED / "corpus"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
GOLDEN = Path(__file__).resolve().parent / "golden"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--regen-golden", action="store_true", help="rewrite golden files (review the diff)")


@pytest.fixture(scope="session")
def regen_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--regen-golden"))


@pytest.fixture(scope="session")
def seed_path() -> Path:
    if SEED_PATH.exists():
        return SEED_PATH
    copy = FIXTURES / "seed.txt"
    if not copy.exists():
        pytest.skip("seed document not found")
    return copy


@pytest.fixture(scope="session")
def seed_text(seed_path: Path) -> str:
    return seed_path.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed(seed_path: Path):  # type: ignore[no-untyped-def]
    from yusuan.readers import read

    return read(seed_path)


@pytest.fixture(scope="session")
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is absent: corpus tests skipped")
    return CORPUS


@pytest.fixture(scope="session")
def postgres_url() -> str:
    url = os.environ.get("YUSUAN_TEST_POSTGRES_URL")
    if not url:
        pytest.skip("YUSUAN_TEST_POSTGRES_URL is not set: PostgreSQL tests skipped (.ci/run sets it)")
    return url
