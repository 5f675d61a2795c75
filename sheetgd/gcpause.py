"""Cyclic garbage collection paused around bulk work.

Loading a file or recalculating allocates millions of short-lived, acyclic
objects (cells, elements, floats); the collector's passes over a big heap
would otherwise take as long as the work itself.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager


def paused_gc(promote: bool = False) -> "_Paused":
    """No collection while the block (``with paused_gc():``) runs.
    ``promote``: the objects still alive at its end (a file's cells, which
    the workbook keeps) are moved to the oldest generation without a pass
    over them (:func:`gc.freeze` then :func:`gc.unfreeze`, both O(1));
    otherwise the first young collection after the block goes over every
    one of them (0.5 s for the 1.4 million cells of a 100,000-row sheet).
    Skipped where objects are frozen already (:func:`frozen_heap`), which
    unfreezing would hand back early."""
    return _Paused(promote)


class _Paused:
    """:func:`paused_gc`'s context manager: a class, not a generator, as it
    is entered once per column a generator or a reader stores (tens of
    thousands of times in a build)."""

    __slots__ = ("promote", "was_enabled")

    def __init__(self, promote: bool):
        self.promote, self.was_enabled = promote, False

    def __enter__(self):
        self.was_enabled = gc.isenabled()
        gc.disable()
        return self

    def __exit__(self, *exc_info):
        if self.promote and not gc.get_freeze_count():
            gc.freeze()
            gc.unfreeze()
        if self.was_enabled:
            gc.enable()
        return False


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
