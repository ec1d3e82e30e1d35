"""Runs one bad-input case: the base fixture project with one file replaced by the case's file."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from generator.records.errors import RecordErrors
from generator.records.loader import load_catalog

HERE = Path(__file__).parent
BASE = HERE / "fixtures" / "base"
CASES = HERE / "bad_input"

#: Every case is checked as of this day, so messages that name "today" hold on any day the suite runs.
TODAY = dt.date(2026, 11, 23)


def header(case: Path) -> tuple[str, list[str]]:
    """(target path, expected error lines) from the case's leading `# target:` / `# expect:` comments."""
    target, expected = "", []
    for raw in case.read_bytes().splitlines():
        line = raw.decode("utf-8", "replace")
        if line.startswith("# target: "):
            target = line.removeprefix("# target: ").strip()
        elif line.startswith("# expect: "):
            expected.append(line.removeprefix("# expect: ").strip())
        elif not line.startswith("#"):
            break
    return target, expected


def errors_for(case: Path, workdir: Path) -> list[str]:
    project = workdir / "project"
    shutil.copytree(BASE, project)
    target, _ = header(case)
    (project / target).write_bytes(case.read_bytes())
    try:
        load_catalog(project, today=TODAY)
    except RecordErrors as exc:
        return [str(e) for e in exc.errors]
    return []
