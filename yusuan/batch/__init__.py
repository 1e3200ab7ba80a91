"""Many documents at once: ``yusuan batch``.

``run_batch(paths, Options(outdir=...))`` finds every document under ``paths`` (``discover``), reads
and checks each in an isolated worker process (``pool`` locally, ``dask_backend`` on a cluster;
``work`` is what a worker does), keeps every result in a resumable manifest (``manifest``), checks
documents against each other (``crossdoc``), writes the reports (``reports``) and, when asked, stores
everything in the portal's database (``store_import``).
"""

from __future__ import annotations

from .discover import Job, discover
from .results import BatchOutcome, DocumentResult
from .runner import Options, run_batch

__all__ = ["BatchOutcome", "DocumentResult", "Job", "Options", "discover", "run_batch"]
