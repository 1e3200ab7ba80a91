"""The reports of a batch, written to OUTDIR: ``findings.json``, ``findings.csv`` (UTF-8 with BOM),
``summary.html`` (self-contained, charts in inline SVG) and ``review.xlsx`` (the reviewers' sheet).

Every file is written to a temporary name and then renamed, so a report is either the old one or the
new one, never half written.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..results import BatchOutcome

REPORTS = ("findings.json", "findings.csv", "summary.html", "review.xlsx")


def write_reports(outcome: BatchOutcome, options: Any = None) -> dict[str, Path]:
    """Write every report; returns their paths by file name."""
    from .files import write_csv, write_json
    from .html import write_html
    from .xlsx import write_xlsx

    writers: dict[str, Callable[[BatchOutcome, Path], None]] = {
        "findings.json": write_json, "findings.csv": write_csv, "summary.html": write_html, "review.xlsx": write_xlsx,
    }
    written = {}
    for name, writer in writers.items():
        target = outcome.outdir / name
        atomic(target, lambda tmp, w=writer: w(outcome, tmp))  # type: ignore[misc]
        written[name] = target
    return written


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic(target: Path, write: Callable[[Path], None]) -> None:
    """Write through a temporary file in the same folder, then rename over the target."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    os.close(fd)
    try:
        write(Path(tmp))
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
