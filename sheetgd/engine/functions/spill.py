"""The spill reference: ANCHORARRAY, which Excel writes in files for
``C1#`` (``_xlfn.ANCHORARRAY(C1)``): the whole array whose first cell is C1.

For a dynamic array formula (:mod:`sheetgd.engine.spilling`) that is its
spill range as it is now (it follows the array's size); for a legacy array
formula (Ctrl+Shift+Enter, :mod:`sheetgd.engine.arrays`) its area.
"""

from __future__ import annotations

from .. import errors
from .base import REF, function


@function("ANCHORARRAY", REF, ctx=True, xlfn=True)
def ANCHORARRAY(ctx, ref):
    """The spill range of the array whose first cell is ``ref`` (Excel's
    spill reference ``ref#``); #REF! when ``ref`` is not one cell, or no
    array spills from it -- it is ``#SPILL!``, shows one value, or holds no
    array formula (Excel: "If the referenced cell does not contain a spilled
    array, #REF! is returned").  The array is computed first if stale."""
    if not ref.is_cell:
        return errors.REF("a spill reference (#) names one cell")
    return ctx.book.spill_area(ref.sheet, ref.row1, ref.col1)
