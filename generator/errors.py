"""Located errors: every problem a contributor can cause names its file, line and column.

Errors are collected, never raised one at a time, so `check` can print all of them at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable


@dataclass(frozen=True, order=True)
class RecordError:
    """One problem in one file; `line` and `column` are 1-based (0 = unknown)."""

    path: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        if self.line:
            return f"{self.path}:{self.line}:{self.column}: {self.message}"
        return f"{self.path}: {self.message}"

    def github_annotation(self) -> str:
        """The same error as a GitHub Actions workflow command, so it lands on the PR's line."""
        message = self.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        location = f"file={self.path}"
        if self.line:
            location += f",line={self.line},col={self.column}"
        return f"::error {location}::{message}"


class RecordErrors(Exception):
    """Raised by the loader when any record is invalid; carries every error found."""

    def __init__(self, errors: Iterable[RecordError]):
        self.errors = sorted(errors)
        super().__init__("\n".join(str(e) for e in self.errors))


def did_you_mean(word: str, choices: Iterable[str], limit: int = 3) -> str:
    """' (did you mean `x`?)' for the closest choices, or '' when nothing is close."""
    import difflib

    close = difflib.get_close_matches(str(word), list(choices), n=limit, cutoff=0.6)
    if not close:
        return ""
    return " (did you mean " + " or ".join(f"`{c}`" for c in close) + "?)"


def closest(word: str, choices: Iterable[str], limit: int = 3) -> list[str]:
    """The nearest known ids to `word`, for 'unknown id' messages; never empty when choices exist."""
    import difflib

    choices = list(choices)
    close = difflib.get_close_matches(str(word), choices, n=limit, cutoff=0.0)
    return close
