"""Errors for input that cannot be read at all (exit code 2 in the CLI)."""

from __future__ import annotations


class ReadError(Exception):
    """An input that cannot be read as a disclosure. ``str()`` is one Chinese line naming the file."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}：{problem}")
        self.path = path
        self.problem = problem

    def __reduce__(self) -> tuple[type, tuple[str, str]]:  # pickles (a worker process raises it to the server)
        return (type(self), (self.path, self.problem))


class LimitError(ReadError):
    """An input beyond one of the limits of ``yusuan.limits``; ``status`` is the web's answer (413 for
    sizes, 422 for content out of bounds)."""

    def __init__(self, path: str, problem: str, status: int = 422) -> None:
        super().__init__(path, problem)
        self.status = status

    def __reduce__(self) -> tuple[type, tuple[str, str, int]]:  # type: ignore[override]
        return (type(self), (self.path, self.problem, self.status))


class UsageError(Exception):
    """A command used wrongly (bad option value, incompatible options)."""
