"""The Makefile's install step as root, as a user with sudo, and as a user without it; browser missing or present.

`apt-get`, `id` and `sudo` are stand-ins on PATH that record how they were called, so the shell logic is tested
without touching the machine's packages.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT

FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")


def _stub(folder: Path, name: str, body: str) -> None:
    path = folder / name
    path.write_text("#!/bin/sh\n" + body + "\n")
    path.chmod(0o755)


def _make(tmp_path: Path, uid: int, sudo: bool, chromium: str, *extra: str) -> tuple[subprocess.CompletedProcess, str]:
    bin_ = tmp_path / "bin"
    bin_.mkdir()
    log = tmp_path / "calls.log"
    for tool in ("cat", "cksum", "cut"):  # the Makefile's own $(shell ...) at parse time
        os.symlink(shutil.which(tool), bin_ / tool)
    _stub(bin_, "id", f'echo {uid}')
    _stub(bin_, "apt-get", f'echo "apt-get $* DEBIAN_FRONTEND=$DEBIAN_FRONTEND" >> {log}')
    if sudo:
        _stub(bin_, "sudo", f'echo "sudo $*" >> {log}; exec "$@"')
    # `env` runs the command it is given: the real one, found through the stand-ins' PATH.
    os.symlink(shutil.which("env"), bin_ / "env")
    run = subprocess.run([shutil.which("make"), "-s", "-C", str(ROOT), "browser", f"CHROMIUM={chromium}", *extra],
                         capture_output=True, text=True, env={"PATH": str(bin_), "HOME": str(tmp_path)})
    return run, log.read_text() if log.exists() else ""


pytestmark = pytest.mark.skipif(not FONT.exists(), reason="the fonts are installed by `make test` before the suite runs")


def test_root_installs_a_missing_browser_without_sudo(tmp_path):
    run, calls = _make(tmp_path, uid=0, sudo=False, chromium="/nonexistent/chromium")
    assert run.returncode == 0, run.stderr
    assert calls.splitlines() == [
        "apt-get update -qq DEBIAN_FRONTEND=",
        "apt-get install -y -qq chromium DEBIAN_FRONTEND=noninteractive",
    ]
    assert "not found" not in run.stderr


def test_a_user_with_sudo_installs_through_sudo(tmp_path):
    run, calls = _make(tmp_path, uid=1000, sudo=True, chromium="/nonexistent/chromium")
    assert run.returncode == 0, run.stderr
    assert "sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium" in calls
    assert "apt-get install -y -qq chromium DEBIAN_FRONTEND=noninteractive" in calls


def test_a_user_without_sudo_is_told_what_to_install(tmp_path):
    run, calls = _make(tmp_path, uid=1000, sudo=False, chromium="/nonexistent/chromium")
    assert run.returncode != 0
    assert "installing chromium needs root or sudo" in run.stderr
    assert calls == ""


def test_a_present_browser_installs_nothing(tmp_path):
    run, calls = _make(tmp_path, uid=1000, sudo=False, chromium=shutil.which("sh"))
    assert run.returncode == 0, run.stderr
    assert calls == ""


def test_missing_preview_fonts_are_installed_with_the_browser(tmp_path):
    run, calls = _make(tmp_path, 0, False, shutil.which("sh"), "FONT_FILES=/nonexistent/font.ttc")
    assert run.returncode == 0, run.stderr
    assert "apt-get install -y -qq fonts-wqy-microhei fonts-dejavu-core DEBIAN_FRONTEND=noninteractive" in calls
