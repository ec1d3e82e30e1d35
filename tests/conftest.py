"""Shared fixtures: the real catalog (loaded once) and paths."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).parent))


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def catalog():
    from generator.loader import load_catalog

    return load_catalog(ROOT)


@pytest.fixture(scope="session")
def base_catalog():
    from generator.loader import load_catalog

    return load_catalog(ROOT / "tests" / "fixtures" / "base")
