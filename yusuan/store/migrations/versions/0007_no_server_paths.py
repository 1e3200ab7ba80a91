"""no server paths: stored models and findings name files by their names only

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03

Documents imported from the command line carried the server's absolute path of their file in the
model (``source.path``, ``source.files``, the ``file`` of every location) and in the findings'
locations, and the portal showed them to the public. New imports keep the file's name only
(``yusuan.store.paths``); this rewrites what was stored before, and empties the caches built from it
(rendered page bodies, visitors' stored responses: rebuilt at their next view). Downgrade keeps the
names (the paths are gone).
"""

from __future__ import annotations

import json
import re
import zlib
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_SEPARATORS = re.compile(r"[\\/]")


def _name(path: str) -> str:
    return _SEPARATORS.split(path.rstrip("/\\"))[-1] if path else path


def _scrub(value: Any) -> Any:  # the same rule as yusuan.store.paths.scrub, kept here as it was written
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            for k, v in item.items():
                if k in ("file", "path") and isinstance(v, str):
                    item[k] = _name(v)
                elif k == "files" and isinstance(v, list):
                    item[k] = [_name(f) if isinstance(f, str) else f for f in v]
                elif isinstance(v, dict | list):
                    stack.append(v)
        elif isinstance(item, list):
            stack.extend(v for v in item if isinstance(v, dict | list))
    return value


def upgrade() -> None:
    conn = op.get_bind()
    revisions = sa.table("revisions", sa.column("id", sa.Integer), sa.column("model", sa.LargeBinary))
    findings = sa.table("findings", sa.column("id", sa.Integer), sa.column("location", sa.Text),
                        sa.column("related", sa.Text))
    last = 0
    while True:  # a batch at a time: the models of a large database never all in memory
        rows = conn.execute(sa.select(revisions.c.id, revisions.c.model).where(revisions.c.id > last)
                            .order_by(revisions.c.id).limit(200)).all()
        if not rows:
            break
        for rid, blob in rows:
            text = zlib.decompress(blob)
            if b'"file"' in text or b'"path"' in text:
                fixed = json.dumps(_scrub(json.loads(text)), ensure_ascii=False, separators=(",", ":"))
                conn.execute(sa.update(revisions).where(revisions.c.id == rid)
                             .values(model=zlib.compress(fixed.encode("utf-8"), 6)))
            last = rid
    pattern = "%" + "/" + "%"
    found = conn.execute(sa.select(findings.c.id, findings.c.location, findings.c.related)
                        .where(sa.or_(findings.c.location.like(pattern), findings.c.related.like(pattern),
                                      findings.c.location.like("%\\\\%"), findings.c.related.like("%\\\\%")))).all()
    for fid, location, related in found:
        conn.execute(sa.update(findings).where(findings.c.id == fid).values(
            location=json.dumps(_scrub(json.loads(location or "{}")), ensure_ascii=False),
            related=json.dumps(_scrub(json.loads(related or "[]")), ensure_ascii=False)))
    op.execute("DELETE FROM rendered_pages")
    op.execute("DELETE FROM public_responses")


def downgrade() -> None:
    pass  # the names stay: the paths cannot come back, and nothing needs them
