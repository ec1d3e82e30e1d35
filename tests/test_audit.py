"""`generator audit` and the source-date rules: weak spots listed, impossible source dates refused."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys

import pytest

from bad_input_harness import BASE, TODAY
from conftest import ROOT
from generator.records.audit import audit
from generator.records.errors import RecordErrors
from generator.records.loader import load_catalog


def _project(tmp_path):
    project = tmp_path / "p"
    shutil.copytree(BASE, project)
    return project


def _edit(path, old, new):
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


def test_a_clean_fixture_has_only_a_stale_price(tmp_path):
    catalog = load_catalog(_project(tmp_path), today=TODAY)
    assert [str(f) for f in audit(catalog, TODAY)] == [
        "data/prices/cloud-gpu-80-2024-01-01.yaml: latest price on record for Cloud big.8x (on-demand) was "
        "observed 2024-01-01, 1057 days before today (more than AUDIT_STALE_PRICE_DAYS, 180); add a newer observation"]


def test_secondary_only_sources_inferred_dates_and_form_factor_mismatches_are_listed(tmp_path):
    project = _project(tmp_path)
    model = project / "data" / "models" / "tiny-8b.yaml"
    _edit(model, "    accessed: 2025-01-01", "    accessed: 2025-01-01\n    secondary: true")
    claim = project / "claims" / "tiny-runs-on-one.yaml"
    _edit(claim, "said_on: 2024-08-01", "said_on: 2024-08-01\ndate_basis: inferred")
    price = project / "data" / "prices" / "cloud-gpu-80-2024-01-01.yaml"
    _edit(price, "instance_type: big.8x", "instance_type: GPU 80 PCIe")
    hardware = project / "data" / "hardware" / "gpu-80.yaml"
    _edit(hardware, "name: ", "name: SXM ")
    lines = [str(f) for f in audit(load_catalog(project, today=TODAY), TODAY)]
    assert "claims/tiny-runs-on-one.yaml: said_on 2024-08-01 is inferred, not stated by a source" in lines
    assert ("data/models/tiny-8b.yaml: every source is secondary (a copy or a third party); cite the maker's, "
            "vendor's or provider's own page") in lines
    assert any(line.startswith("data/prices/cloud-gpu-80-2024-01-01.yaml: instance `GPU 80 PCIe` is a PCIe card but "
                               "hardware `gpu-80` is SXM") for line in lines), lines


@pytest.mark.parametrize("sources, message", [
    ("    accessed: 2025-01-01\n    published: 2025-03-01",
     "sources[0] accessed (2025-01-01) is before published (2025-03-01): a source cannot be read before it exists"),
    ("    accessed: 2026-12-01", "sources[0].accessed must not be in the future (got 2026-12-01, today is 2026-11-23)"),
])
def test_source_dates_that_cannot_be_are_located_errors(tmp_path, sources, message):
    project = _project(tmp_path)
    _edit(project / "data" / "models" / "tiny-8b.yaml", "    accessed: 2025-01-01", sources)
    with pytest.raises(RecordErrors) as exc:
        load_catalog(project, today=TODAY)
    assert any(str(e).startswith("data/models/tiny-8b.yaml:") and message in str(e) for e in exc.value.errors), \
        [str(e) for e in exc.value.errors]


def test_audit_command_prints_findings_and_a_count():
    r = subprocess.run([sys.executable, "-m", "generator", "audit"], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    *findings, summary = r.stdout.strip().splitlines()
    assert summary.startswith(f"{len(findings)} finding")
    assert all(line.startswith(("claims/", "data/")) for line in findings)
