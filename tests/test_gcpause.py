"""The collector pause used around the generator stages gives the collector back as it found it."""

import gc

import pytest

from generator.site.gc_pause import paused_gc


def test_paused_gc_restores_an_enabled_collector_even_after_an_error():
    assert gc.isenabled()
    with pytest.raises(ValueError):
        with paused_gc():
            assert not gc.isenabled()
            raise ValueError("a record error")
    assert gc.isenabled()


def test_paused_gc_leaves_a_disabled_collector_disabled():
    gc.disable()
    try:
        with paused_gc():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()
