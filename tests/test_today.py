"""One "today" for validation, verdicts, prices and the command line (generator/records/today.py), on any day."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess

import pytest

from bad_input_harness import BASE
from generator.records.errors import RecordErrors
from generator.records.loader import load_catalog
from generator.records.today import today


@pytest.fixture()
def unpinned(monkeypatch):
    monkeypatch.delenv("REALITY_CHECK_TODAY", raising=False)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)


def _committed_project(tmp_path, when: str):
    """The base fixture as a git repository whose only commit is dated `when` (UTC)."""
    project = tmp_path / "p"
    shutil.copytree(BASE, project)
    env = dict(os.environ, GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when, GIT_AUTHOR_NAME="t",
               GIT_AUTHOR_EMAIL="t@example.org", GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.org")
    for args in (["init", "-q"], ["add", "."], ["commit", "-q", "-m", "records"]):
        subprocess.run(["git", *args], cwd=project, env=env, check=True, capture_output=True)
    return project


def test_a_committed_tree_is_as_of_its_last_commit_on_any_later_day(tmp_path, unpinned):
    project = _committed_project(tmp_path, "2025-03-05T12:00:00+00:00")
    assert today(project).date == dt.date(2025, 3, 5)
    assert today(project).basis == "the date of the last commit"


def test_records_edited_since_the_commit_are_as_of_the_clock(tmp_path, unpinned):
    project = _committed_project(tmp_path, "2025-03-05T12:00:00+00:00")
    claim = project / "claims" / "tiny-runs-on-one.yaml"
    claim.write_text(claim.read_text().replace("accessed: 2025-01-01", f"accessed: {dt.date.today().isoformat()}"))
    assert today(project).date == dt.date.today()
    load_catalog(project)  # a source read today is not "in the future" while the edit is uncommitted


def test_validation_uses_the_same_day(tmp_path, unpinned):
    project = _committed_project(tmp_path, "2025-03-05T12:00:00+00:00")
    with pytest.raises(RecordErrors) as exc:
        load_catalog(project, today=dt.date(2024, 12, 1))
    assert ("claims/tiny-runs-on-one.yaml:8:5: sources[0].accessed must not be in the future "
            "(got 2025-01-01, today is 2024-12-01)") in [str(e) for e in exc.value.errors]


def test_outside_git_it_is_the_clock(tmp_path, unpinned):
    assert today(tmp_path) == today(None)
    assert today(tmp_path).date == dt.date.today() and today(tmp_path).basis == "the clock's date"


def test_environment_pins_win_in_order(tmp_path, monkeypatch):
    project = _committed_project(tmp_path, "2025-03-05T12:00:00+00:00")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14T22:13:20Z
    assert today(project).date == dt.date(2023, 11, 14)
    monkeypatch.setenv("REALITY_CHECK_TODAY", "2024-02-29")
    assert today(project).date == dt.date(2024, 2, 29)
    monkeypatch.setenv("REALITY_CHECK_TODAY", "2024-02-30")
    with pytest.raises(ValueError, match=r"REALITY_CHECK_TODAY='2024-02-30' is not a date YYYY-MM-DD"):
        today(project)
