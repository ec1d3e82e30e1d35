"""Every bad-input case in tests/bad_input/ is rejected with exactly the errors its header expects."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bad_input_harness import BASE, CASES, errors_for, header
from generator.records.loader import MAX_FILE_BYTES, load_catalog
from generator.records.errors import RecordErrors

CASE_FILES = sorted(CASES.glob("*.yaml"))


def test_corpus_is_large_enough():
    assert len(CASE_FILES) >= 40


def test_base_fixture_is_valid():
    load_catalog(BASE)


@pytest.mark.parametrize("case", CASE_FILES, ids=[c.stem for c in CASE_FILES])
def test_case_is_rejected_with_expected_errors(case: Path, tmp_path: Path):
    target, expected = header(case)
    assert target and expected, f"{case.name} needs `# target:` and `# expect:` header lines"
    assert errors_for(case, tmp_path) == expected


def test_oversized_file_is_refused_before_parsing(tmp_path: Path):
    project = tmp_path / "p"
    shutil.copytree(BASE, project)
    big = project / "data" / "models" / "tiny-8b.yaml"
    big.write_text("id: tiny-8b\n" + "# padding\n" * (10 * 1024 * 1024 // 10))
    with pytest.raises(RecordErrors) as exc:
        load_catalog(project)
    [error] = exc.value.errors
    assert str(error).startswith("data/models/tiny-8b.yaml: file is ")
    assert f"records are limited to {MAX_FILE_BYTES:,} bytes" in str(error)


def test_check_command_prints_every_error_and_exits_1(tmp_path: Path):
    project = tmp_path / "p"
    shutil.copytree(BASE, project)
    for case in ("negative-kv-heads", "unknown-hardware-ref"):
        target, _ = header(CASES / f"{case}.yaml")
        (project / target).write_bytes((CASES / f"{case}.yaml").read_bytes())
    run = subprocess.run([sys.executable, "-m", "generator", "--root", str(project), "check", "--github"],
                         capture_output=True, text=True)
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    assert "data/models/tiny-8b.yaml:12:1: num_key_value_heads must be a positive integer (got -8)" in run.stderr
    assert "data/prices/cloud-gpu-80-2024-01-01.yaml:7:1: unknown hardware id `gpu-800`; closest: gpu-80" in run.stderr
    assert "::error file=data/models/tiny-8b.yaml,line=12,col=1::num_key_value_heads must be a positive integer" \
        in run.stdout
    assert "2 errors found" in run.stderr
