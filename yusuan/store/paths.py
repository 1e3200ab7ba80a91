"""No server path in what the store keeps: a file is named by its name alone.

A document read by ``yusuan import /srv/data/2024/财政局.pdf`` carries that absolute path in its model
(``source.path``, ``source.files``, and the ``file`` of every ``SourceRef``: each table row, claim,
problem and finding location). The portal shows the model and the findings to the public, so the
store keeps only the file's name (``财政局.pdf``): enough for a reader to know which file a value came
from, nothing about the server's directories. Applied to every model and finding as it is stored
(``writes``); migration 0007 applied it to what was stored before.
"""

from __future__ import annotations

import re
from typing import Any

_SEPARATORS = re.compile(r"[\\/]")
KEYS = ("file", "path")


def file_name(path: str) -> str:
    """The last component of a POSIX or Windows path ("说明.pdf+表格.pdf" kept whole)."""
    return _SEPARATORS.split(path.rstrip("/\\"))[-1] if path else path


def scrub(value: Any) -> Any:
    """The same JSON data with every ``file``/``path`` string and every ``files`` entry reduced to its name
    (in place for dicts and lists, which are also returned)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            for k, v in item.items():
                if k in KEYS and isinstance(v, str):
                    item[k] = file_name(v)
                elif k == "files" and isinstance(v, list):
                    item[k] = [file_name(f) if isinstance(f, str) else f for f in v]
                elif isinstance(v, dict | list):
                    stack.append(v)
        elif isinstance(item, list):
            stack.extend(v for v in item if isinstance(v, dict | list))
    return value
