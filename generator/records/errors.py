"""Located errors: every problem a contributor can cause names its file, line and column.

Errors are collected, never raised one at a time, so `check` can print all of them at once.
"""

from __future__ import annotations

import re
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


def _normal(word: str) -> str:
    """How an id is written, ignoring case and the separators people swap: `Q4_K_M` ~ `q4-k-m`, `H100 SXM` ~ `h100-sxm`."""
    return re.sub(r"[\s_]+", "-", str(word).strip().lower())


def suggestions(word: str, choices: Iterable[str], limit: int = 3) -> list[str]:
    """The choices a person most likely meant: the same id written differently, then ids that begin with what
    was typed (`h100` → `h100-pcie`, `h100-sxm`), then the closest spellings."""
    import difflib

    choices = sorted(choices)
    normal = {choice: _normal(choice) for choice in choices}
    typed = _normal(word)
    same = [c for c in choices if normal[c] == typed]
    if same:
        return same[:limit]
    longer = [c for c in choices if typed and normal[c].startswith(typed)]
    if longer:
        return longer[:limit]
    by_normal = {}
    for choice, n in normal.items():
        by_normal.setdefault(n, choice)
    close = difflib.get_close_matches(typed, list(by_normal), n=limit, cutoff=0.6)
    return [by_normal[n] for n in close]


def did_you_mean(word: str, choices: Iterable[str], limit: int = 3) -> str:
    """' (did you mean `x`?)' for the likeliest choices, or '' when nothing is close."""
    near = suggestions(word, choices, limit)
    if not near:
        return ""
    return " (did you mean " + " or ".join(f"`{c}`" for c in near) + "?)"


def closest(word: str, choices: Iterable[str], limit: int = 3) -> list[str]:
    """The nearest known ids to `word`, for 'unknown id' messages; never empty when choices exist."""
    import difflib

    choices = list(choices)
    return suggestions(word, choices, limit) or difflib.get_close_matches(str(word), choices, n=limit, cutoff=0.0)


def why_not_a_date(text: str) -> str:
    """What makes `YYYY-MM-DD...` impossible, in words a contributor can act on."""
    import calendar

    year, month, day = (int(part) for part in text[:10].split("-"))
    if year < 1:
        return "years start at 0001"
    if not 1 <= month <= 12:
        return f"there is no month {month:02d}; months run from 01 to 12"
    days = calendar.monthrange(year, month)[1]
    name = calendar.month_name[month]
    if day < 1:
        return "days of the month start at 01"
    if month == 2:
        return f"February {year} has {days} days"
    return f"{name} has {days} days"
