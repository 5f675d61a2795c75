"""Random and clock functions: RAND, RANDBETWEEN, NOW, TODAY.

All are volatile (recomputed on every calculation).  Random draws come from
the workbook's seeded generator (``Workbook(seed=...)``), so a run is
reproducible; ``sheetgd eval`` skips cells whose value depends on them.
"""

from __future__ import annotations

import datetime as dt
import math

from .. import errors
from ..serials import calendar_of
from .base import NUMBER, function


@function("RAND", volatile=True, random=True, ctx=True)
def RAND(ctx):
    """A uniform number in [0, 1)."""
    return ctx.book.rng.random()


@function("RANDBETWEEN", NUMBER, NUMBER, volatile=True, random=True, ctx=True)
def RANDBETWEEN(ctx, bottom, top):
    """A uniform integer in [ceil(bottom), floor(top)]; #NUM! if empty."""
    low, high = math.ceil(bottom), math.floor(top)
    if high < low:
        return errors.NUM(f"RANDBETWEEN({bottom}, {top}) has no integer")
    return float(ctx.book.rng.randint(low, high))


@function("NOW", volatile=True, random=True, ctx=True)
def NOW(ctx):
    """The current date and time as an Excel serial number (in the
    workbook's date system)."""
    return calendar_of(ctx.book).of(dt.datetime.now())


@function("TODAY", volatile=True, random=True, ctx=True)
def TODAY(ctx):
    """Today's date as an Excel serial number (in the workbook's date system)."""
    return float(math.floor(calendar_of(ctx.book).of(dt.datetime.now())))
