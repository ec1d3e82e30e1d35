"""Repository hygiene: workflows validate, generated schema files are current, every record is sourced."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import ROOT
from generator.records.jsonschemas import render_all


def test_workflows_match_the_github_schema():
    workflows = sorted(str(p) for p in (ROOT / ".github" / "workflows").glob("*.yml"))
    assert len(workflows) == 2
    check = Path(sys.executable).parent / "check-jsonschema"
    r = subprocess.run([str(check), "--builtin-schema", "vendor.github-workflows", *workflows],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    r = subprocess.run([str(check), "--builtin-schema", "vendor.github-issue-forms",
                        str(ROOT / ".github" / "ISSUE_TEMPLATE" / "claim.yml")], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr


def test_ci_runs_the_readme_test_command():
    assert "make test" in (ROOT / ".ci" / "run").read_text()
    readme = (ROOT / "README.md").read_text()
    assert "make site" in readme and "make test" in readme


def test_json_schemas_are_up_to_date():
    for name, content in render_all().items():
        path = ROOT / "schemas" / name
        assert path.exists() and path.read_text(encoding="utf-8") == content, (
            f"schemas/{name} is stale: run `python -m generator schemas`")


def test_every_record_has_a_schema_comment_and_sources():
    for path in list((ROOT / "data").rglob("*.yaml")) + list((ROOT / "claims").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        assert "\nsources:" in text, f"{path} has no top-level sources"
