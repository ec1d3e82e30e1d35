"""Shared fixtures: the real catalog (loaded once) and paths."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).parent))


def records_today() -> str:
    """The day the real records are as of (generator/records/today.py's rule), for tests that pin one day across several
    builds: no record is dated after it, whichever day the suite runs."""
    from generator.records.today import today

    return today(ROOT).date.isoformat()


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def catalog():
    from generator.records.loader import load_catalog

    return load_catalog(ROOT)


@pytest.fixture(scope="session")
def base_catalog():
    from generator.records.loader import load_catalog

    return load_catalog(ROOT / "tests" / "fixtures" / "base")


def _tree_digest(root: Path) -> dict[str, int]:
    """(path → mtime_ns+size) for every file under the source folders: a build must not touch them."""
    out = {}
    for folder in ("docs", "claims", "data", "generator", "overrides", "schemas"):
        for p in (root / folder).rglob("*"):
            if p.is_file() and "__pycache__" not in p.parts:
                st = p.stat()
                out[str(p.relative_to(root))] = (st.st_mtime_ns, st.st_size)
    return out


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    """One real `mkdocs build --strict` of this repository into a temporary folder."""
    import subprocess
    import sys
    import time

    out = tmp_path_factory.mktemp("site")
    before = _tree_digest(ROOT)
    start = time.perf_counter()
    r = subprocess.run([str(Path(sys.executable).parent / "mkdocs"), "build", "--strict", "-d", str(out)],
                       cwd=ROOT, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    return {"dir": out, "log": r.stderr, "seconds": elapsed, "tree_before": before,
            "tree_after": _tree_digest(ROOT)}
