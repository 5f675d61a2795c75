"""The file forms of the dynamic-array operators.  ANCHORARRAY, which Excel
writes in files for the spill reference ``C1#`` (``_xlfn.ANCHORARRAY(C1)``):
the whole array whose first cell is C1.  SINGLE, which Excel writes for the
implicit intersection operator ``@x`` (``_xlfn.SINGLE(x)``; support.microsoft.com,
"Implicit intersection operator: @").

For a dynamic array formula (:mod:`sheetgd.engine.spilling`) that is its
spill range as it is now (it follows the array's size); for a legacy array
formula (Ctrl+Shift+Enter, :mod:`sheetgd.engine.arrays`) its area.
"""

from __future__ import annotations

from .. import errors
from .base import RAW, REF, function


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


@function("SINGLE", RAW, ctx=True, xlfn=True)
def SINGLE(ctx, value):
    """One value of ``value``, as the ``@`` operator gives it: a one-column
    range's cell in the formula's row, a one-row range's in its column
    (#VALUE! when there is none), an array's first value.  The parser reads
    a one-argument ``SINGLE(x)`` as ``@x`` itself (``sheetgd.engine.parser._call``),
    so this implementation only declares the name; other argument counts
    are #VALUE!."""
    from ..evaluate import scalar  # (evaluate imports this package)

    return scalar(value, ctx)
