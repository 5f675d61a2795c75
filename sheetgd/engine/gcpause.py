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
