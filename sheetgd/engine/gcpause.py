"""Cyclic garbage collection paused around bulk work.

Loading a file or recalculating allocates millions of short-lived, acyclic
objects (cells, elements, floats); the collector's passes over a big heap
would otherwise take as long as the work itself.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager


@contextmanager
def paused_gc():
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@contextmanager
def frozen_heap():
    """The objects alive now (a built workbook's cells: millions, long-lived,
    acyclic) kept out of the collector's passes while the block runs
    (:func:`gc.freeze`), so that the full passes which loops of
    recalculations trigger do not go over them every time; they are handed
    back to it afterwards (:func:`gc.unfreeze`)."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
