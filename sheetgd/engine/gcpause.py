"""Cyclic garbage collection paused around bulk work.

Loading a file or recalculating allocates millions of short-lived, acyclic
objects (cells, elements, floats); the collector's passes over a big heap
would otherwise take as long as the work itself.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager


@contextmanager
def paused_gc(promote: bool = False):
    """No collection while the block runs.  ``promote``: the objects still
    alive at its end (a file's cells, which the workbook keeps) are moved to
    the oldest generation without a pass over them (:func:`gc.freeze` then
    :func:`gc.unfreeze`, both O(1)); otherwise the first young collection
    after the block goes over every one of them (0.5 s for the 1.4 million
    cells of a 100,000-row sheet).  Skipped where objects are frozen already
    (:func:`frozen_heap`), which unfreezing would hand back early."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if promote and not gc.get_freeze_count():
            gc.freeze()
            gc.unfreeze()
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
