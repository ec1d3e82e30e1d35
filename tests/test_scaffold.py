"""`new-claim` writes a file to fill in, never overwrites, and its placeholders fail `check` on their lines."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from bad_input_harness import BASE
from generator.records.errors import RecordErrors
from generator.records.loader import load_catalog


def run(*args, cwd):
    return subprocess.run([sys.executable, "-m", "generator", *args], capture_output=True, text=True, cwd=cwd)


def test_new_claim_never_overwrites(tmp_path):
    project = tmp_path / "p"
    shutil.copytree(BASE, project)
    target = project / "claims" / "tiny-runs-on-one.yaml"
    before = target.read_bytes()
    r = run("--root", str(project), "new-claim", "--id", "tiny-runs-on-one", cwd=project)
    assert r.returncode == 2
    assert "already exists" in r.stderr and "nothing was changed" in r.stderr
    assert target.read_bytes() == before


def test_scaffold_fails_check_at_each_todo(tmp_path):
    project = tmp_path / "p"
    shutil.copytree(BASE, project)
    r = run("--root", str(project), "new-claim", "--id", "new-one", "--kind", "runs-on", "--model", "tiny-8b",
            cwd=project)
    assert r.returncode == 0, r.stderr
    with pytest.raises(RecordErrors) as exc:
        load_catalog(project)
    messages = [str(e) for e in exc.value.errors]
    assert "claims/new-one.yaml:3:1: claimant: replace the TODO placeholder with the real value" in messages
    assert any(m.startswith("claims/new-one.yaml:6:1: said_on:") for m in messages)
    assert all(m.startswith("claims/new-one.yaml") for m in messages)


def test_bad_id_is_refused(tmp_path):
    r = run("--root", str(tmp_path), "new-claim", "--id", "../escape", cwd=tmp_path)
    assert r.returncode == 2 and "lowercase slugs" in r.stderr
    assert not (tmp_path.parent / "escape.yaml").exists()
