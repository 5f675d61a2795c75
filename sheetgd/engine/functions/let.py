"""LET: names for values inside one formula (Excel 365's LET).

LET binds names rather than taking values, so the compiler evaluates it
(:func:`sheetgd.engine.lambdas.compile_let`); the declaration here gives it
its place in the registry: its arity, the ``_xlfn.`` prefix files store it
with, and the catalog.  A file stores its names with the ``_xlpm.`` prefix
(``_xlfn.LET(_xlpm.x,1,_xlpm.x+1)``); sheetgd reads both spellings.
"""

from __future__ import annotations

from .base import RAW, function, many


@function("LET", RAW, RAW, RAW, many(RAW), xlfn=True)
def LET(*args):  # pragma: no cover - compiled by engine.lambdas, never called
    """LET(name1, value1, [name2, value2, ...], calculation): the
    calculation with each name standing for its value, computed once, in
    order.  Excel's LET."""
    raise AssertionError("LET is compiled by sheetgd.engine.lambdas, not called")
