"""Reading and rendering claims on several cores gives exactly what one process gives (generator/records/parallel.py)."""

from __future__ import annotations

import datetime as dt
import shutil
import sys

import pytest

from conftest import ROOT
from generator.records import parallel
from generator.engine.calculator import Calculator
from generator.records.errors import RecordErrors
from generator.records.loader import _FILE_CACHE, load_catalog
from generator.site.pages import build

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forked workers are used on Linux only")
TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def two_workers(monkeypatch):
    """The real content has 47 claims, far below the threshold: make every stage use two forked workers."""
    monkeypatch.setattr(parallel, "worker_count", lambda n_items: 2)
    _FILE_CACHE.clear()  # the serial load must not hand the parallel one its cached records
    yield
    _FILE_CACHE.clear()


def test_parallel_load_and_build_equal_the_serial_ones(two_workers):
    serial = load_catalog(ROOT)
    _FILE_CACHE.clear()
    forked = load_catalog(ROOT, parallel=True)
    assert list(forked.claims) == list(serial.claims) and forked.claims == serial.claims
    assert {k: v.path for k, v in forked.located.items()} == {k: v.path for k, v in serial.located.items()}

    one = build(serial, Calculator(serial), TODAY, "https://github.com/x/y", "https://example.org/")
    two = build(forked, Calculator(forked), TODAY, "https://github.com/x/y", "https://example.org/", parallel=True)
    for part in ("pages", "tocs", "blocks", "search_text", "files", "snippets", "edit_urls"):
        assert getattr(two, part) == getattr(one, part), part
    assert len(two.pages) > len(serial.claims)


def test_errors_found_by_workers_are_reported_as_in_one_process(two_workers, tmp_path):
    for name in ("data", "claims"):
        shutil.copytree(ROOT / name, tmp_path / name)
    claim = tmp_path / "claims" / "aws-p5-100-dollars-per-hour.yaml"
    claim.write_text(claim.read_text().replace("kind: rental-price", "kind: rental_price"))
    messages = []
    for use_workers in (False, True):
        _FILE_CACHE.clear()
        with pytest.raises(RecordErrors) as caught:
            load_catalog(tmp_path, parallel=use_workers)
        messages.append([str(e) for e in caught.value.errors])
    assert messages[0] == messages[1] and any("did you mean `rental-price`" in m for m in messages[0])


def _fail_on_three(shared, chunk):
    if 3 in chunk:
        raise ValueError(f"{shared}: bad item 3")
    return [item * 2 for item in chunk]


def test_map_chunks_keeps_order_and_raises_a_worker_error():
    assert parallel.map_chunks(_fail_on_three, "ctx", [1, 2, 4, 5, 6, 7, 8, 9], workers=2) == [2, 4, 8, 10, 12, 14, 16, 18]
    with pytest.raises(ValueError, match="ctx: bad item 3"):
        parallel.map_chunks(_fail_on_three, "ctx", list(range(10)), workers=2)


def test_small_jobs_stay_in_this_process():
    assert parallel.worker_count(parallel.MIN_ITEMS - 1) == 1
