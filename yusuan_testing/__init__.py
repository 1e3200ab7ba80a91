"""Test machinery of yusuan, kept in the repository and not installed with yusuan.

- ``mistakes``: plants known mistakes into a consistent document and says what it planted (the checks,
  batch and benchmark tests assert each is reported where planted).
- ``mutation``: changes one printed figure at a time and says whether the checks report it.
- ``faults``: hangs, crashes, memory hogs and slow reads in the batch's worker processes, injected from
  outside the runtime (``site/sitecustomize.py``, loaded only by processes started with ``environment()``).

The tests import it through ``tests/conftest.py`` (which puts the repository root on ``sys.path``), the
benchmarks through the same line at their top. ``pyproject.toml`` packages ``yusuan`` and ``yusuan.*`` only.
"""
