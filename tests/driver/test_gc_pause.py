"""paused_gc: the collector off inside, as it was after (nested pauses too, and after an error)."""

from __future__ import annotations

import gc

import pytest

from spl2py.driver.gc_pause import paused_gc


def test_the_collector_is_off_inside_and_back_on_after():
    assert gc.isenabled()
    with paused_gc():
        assert not gc.isenabled()
        with paused_gc():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the inner pause leaves it as it found it
    assert gc.isenabled()


def test_an_error_inside_restores_the_collector():
    with pytest.raises(ValueError):
        with paused_gc():
            raise ValueError("x")
    assert gc.isenabled()


def test_a_collector_already_off_stays_off():
    gc.disable()
    try:
        with paused_gc():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
