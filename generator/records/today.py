"""What "today" is: one rule for validation ("not in the future"), verdicts, prices and the command line.

The records are as of a day. A committed tree is as of its last commit, so two builds of one commit agree
byte for byte on any later day, and CI judges a commit the way the published site does; records with
uncommitted edits are as of the clock, so a contributor can add a source read today. In order:

1. `REALITY_CHECK_TODAY=YYYY-MM-DD` (an explicit choice, e.g. to ask what the site said on a past day);
2. `SOURCE_DATE_EPOCH` (the reproducible-builds convention; MkDocs dates pages and the sitemap with it);
3. the committer date of the last commit, when `claims/` and `data/` have no uncommitted changes;
4. the clock.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

#: The folders whose edits make "today" follow the clock.
RECORD_FOLDERS = ("claims", "data")


@dataclass(frozen=True)
class Today:
    date: dt.date
    basis: str
    """Why it is this day, for messages: 'REALITY_CHECK_TODAY', 'the last commit', 'the clock', ..."""

    def __str__(self) -> str:
        return f"{self.date.isoformat()}, {self.basis}"


def _git(root: Path, *args: str) -> str | None:
    try:
        run = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return None
    return run.stdout if run.returncode == 0 else None


def commit_epoch(root: Path) -> int | None:
    """Seconds since the epoch of the last commit, when the records under `root` are committed as they are."""
    status = _git(root, "status", "--porcelain", "--untracked-files=normal", "--", *RECORD_FOLDERS)
    if status is None or status.strip():
        return None  # not a git checkout, or records edited since the last commit
    out = (_git(root, "log", "-1", "--format=%ct") or "").strip()
    return int(out) if out.isdigit() else None


def today(root: Path | str | None = None) -> Today:
    """The day the records under `root` are as of (see the module docstring for the rule)."""
    pinned = os.environ.get("REALITY_CHECK_TODAY")
    if pinned:
        try:
            return Today(dt.date.fromisoformat(pinned), "set by REALITY_CHECK_TODAY")
        except ValueError:
            raise ValueError(f"REALITY_CHECK_TODAY={pinned!r} is not a date YYYY-MM-DD") from None
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return Today(dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date(), "set by SOURCE_DATE_EPOCH")
    if root is not None:
        committed = commit_epoch(Path(root))
        if committed is not None:
            return Today(dt.datetime.fromtimestamp(committed, dt.timezone.utc).date(), "the date of the last commit")
    return Today(dt.date.today(), "the clock's date")
