"""The spill reference: ANCHORARRAY, which Excel writes in files for
``C1#`` (``_xlfn.ANCHORARRAY(C1)``): the whole array whose first cell is C1.

A dynamic array formula is saved as an array formula over the cells it
spilled into (``<f t="array" ref="C1:C3">``), so it is read as one
(:mod:`sheetgd.engine.arrays`) and ``C1#`` is that area.  Spilling into a
different size when the inputs change (and ``#SPILL!``) is not modelled:
the array keeps the area it was saved with.
"""

from __future__ import annotations

from .. import errors
from .base import REF, function


@function("ANCHORARRAY", REF, ctx=True, xlfn=True)
def ANCHORARRAY(ctx, ref):
    """The area of the array formula whose first cell is ``ref`` (Excel's
    spill reference ``ref#``); #REF! when ``ref`` is not one cell, or no
    array starts there (Excel: a spill reference to a cell that does not
    spill is #REF!)."""
    if not ref.is_cell:
        return errors.REF("a spill reference (#) names one cell")
    sheet = ctx.book.sheet(ref.sheet)
    cell = sheet.cells.get((ref.row1, ref.col1))
    group = getattr(cell, "group", None)
    if group is None or (group.area.row1, group.area.col1) != (ref.row1, ref.col1):
        return errors.REF(f"{ref.a1()} is not the first cell of an array")
    return group.area
