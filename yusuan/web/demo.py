"""The document shipped with yusuan (the seed: 水磨沟区人民政府办公室 2021 年部门预算), loaded and
published when ``yusuan serve`` starts on a database that holds no disclosure yet."""

from __future__ import annotations

from importlib import resources

from ..store import Actor, Store, reads

SEED = "shuimogou_zhengfu_bangongshi_2021_yusuan.txt"


def seed_bytes() -> bytes:
    return resources.files(__package__).joinpath("demo", SEED).read_bytes()


def load_demo(store: Store) -> int | None:
    """Import and publish the shipped document when the database is empty; its revision id, else None."""
    with store.read() as conn:
        if reads.counts(conn, public=False)["disclosures"]:
            return None
    from ..interpret.assemble import interpret
    from ..model import Disclosure
    from ..readers import read_raw

    raw = read_raw(SEED, seed_bytes())
    document = raw if isinstance(raw, Disclosure) else interpret(raw)
    actor = Actor(name="yusuan（示例数据）")
    result = store.import_document(document, actor, source=seed_bytes(), source_name=SEED, source_format="text",
                                   note="yusuan 自带的示例文件")
    store.publish(result.revision_id, actor)
    from .document import prerender

    prerender(store, result.revision_id)  # its first visitor gets the page at once
    return result.revision_id
