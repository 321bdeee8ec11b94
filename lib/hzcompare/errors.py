"""User-facing errors: what is wrong, where (file and line), and what to do."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """One problem found in a file, printed as ``FILE:LINE: message``."""

    file: str
    line: int
    message: str
    is_error: bool = True  # False: a harmless fix the reader should know of (BOM, CRLF)

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {'' if self.is_error else 'note: '}{self.message}"


class HzError(Exception):
    """An error the user can act on; the CLI prints it without a traceback."""

    def __init__(self, message: str, file: str | Path | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.file = str(file) if file is not None else None
        self.line = line

    def __str__(self) -> str:
        if self.file is None:
            return self.message
        return f"{self.file}:{self.line or 1}: {self.message}"


class ValidationFailed(HzError):
    """Raised by loaders when a curated file has problems; carries all of them."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        lines = "\n".join(str(p) for p in problems[:20])
        more = f"\n... and {len(problems) - 20} more" if len(problems) > 20 else ""
        super().__init__(f"curated data has {len(problems)} problem(s):\n{lines}{more}")

    def __str__(self) -> str:
        return self.message


class InvalidInput(HzError):
    """Several problems of one input file (e.g. a params file), all reported at once."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        first = problems[0]
        super().__init__(first.message, first.file, first.line)

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)
