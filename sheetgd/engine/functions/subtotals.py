"""SUBTOTAL and AGGREGATE: an aggregate chosen by number, over references,
leaving out the cells that hold SUBTOTAL or AGGREGATE formulas themselves
(so a column of subtotals and a grand total over all of it add each value
once), and for AGGREGATE, error values on request.

sheetgd has no hidden or filtered rows: SUBTOTAL's 101-111 are the same as
1-11, and AGGREGATE's options that ignore hidden rows (1, 3, 5, 7) the same
as their neighbours that do not (0, 2, 4, 6).  AGGREGATE's functions 1
to 13 (AVERAGE ... MEDIAN, MODE.SNGL) take references (its "reference
form"); 14 to 19 (LARGE, SMALL, PERCENTILE.INC, QUARTILE.INC,
PERCENTILE.EXC, QUARTILE.EXC) one range or array and the k argument that
function needs (its "array form"): ``AGGREGATE(14,6,A1:A9/(B1:B9>0),1)``
evaluates its array argument as an array, leaving out the errors.
"""

from __future__ import annotations

from .. import errors
from ..errors import XLError
from ..nodes import Call, walk
from ..refs import Area
from ..values import EMPTY, Array, to_number
from .base import NUMBER, RAW, REF, REGISTRY, function, many

#: The aggregate each function number names (SUBTOTAL 1-11, AGGREGATE 1-13).
FUNCTIONS = {1: "AVERAGE", 2: "COUNT", 3: "COUNTA", 4: "MAX", 5: "MIN", 6: "PRODUCT",
             7: "STDEV.S", 8: "STDEV.P", 9: "SUM", 10: "VAR.S", 11: "VAR.P", 12: "MEDIAN",
             13: "MODE.SNGL"}

#: AGGREGATE's functions of one array and a k argument (its array form).
WITH_K = {14: "LARGE", 15: "SMALL", 16: "PERCENTILE.INC", 17: "QUARTILE.INC",
          18: "PERCENTILE.EXC", 19: "QUARTILE.EXC"}

_NESTED = ("SUBTOTAL", "AGGREGATE")


def _is_nested(cell) -> bool:
    node = cell.node if cell is not None else None
    return node is not None and any(isinstance(n, Call) and n.name in _NESTED for n in walk(node))


def _gather(ctx, refs, skip_nested: bool, skip_errors: bool):
    """The values of the references (or arrays), as one row, leaving out
    cells with SUBTOTAL/AGGREGATE formulas and, if asked, errors."""
    kept = []
    for ref in refs:
        if isinstance(ref, XLError):
            if skip_errors:
                continue
            return ref
        if isinstance(ref, Array):
            kept += [v for v in ref.flat() if not (skip_errors and isinstance(v, XLError))]
            continue
        if not isinstance(ref, Area):
            return errors.VALUE("a reference is needed here")
        grid = ctx.book.grid(ref, clip=True)  # the used part: the rest is empty
        sheet = ctx.book.sheet(ref.sheet) if ctx.book.has_sheet(ref.sheet) else None
        peek = sheet.cells.peek if sheet is not None else {}.get
        for i, row in enumerate(grid.rows):
            for j, v in enumerate(row):
                if skip_nested and _is_nested(peek((ref.row1 + i, ref.col1 + j))):
                    continue
                if skip_errors and isinstance(v, XLError):
                    continue
                kept.append(v)
    return Array((tuple(kept) or (EMPTY,),))


def _aggregate(number, values):
    if isinstance(values, XLError):
        return values
    spec = REGISTRY.get(FUNCTIONS.get(number, ""))
    if spec is None:
        return errors.VALUE(f"no aggregate function number {number}")
    return spec.impl(values)


@function("SUBTOTAL", NUMBER, REF, many(REF), ctx=True)
def SUBTOTAL(ctx, function_num, *refs):
    """Aggregate ``function_num`` (1 AVERAGE, 2 COUNT, 3 COUNTA, 4 MAX, 5
    MIN, 6 PRODUCT, 7 STDEV, 8 STDEVP, 9 SUM, 10 VAR, 11 VARP; 101-111 the
    same) of the references, leaving out cells holding SUBTOTAL or
    AGGREGATE; #VALUE! for another number (Excel's SUBTOTAL)."""
    number = int(function_num)
    if number > 100:
        number -= 100
    if not 1 <= number <= 11:
        return errors.VALUE(f"SUBTOTAL has no function number {int(function_num)}")
    return _aggregate(number, _gather(ctx, refs, skip_nested=True, skip_errors=False))


@function("AGGREGATE", NUMBER, NUMBER, RAW, many(RAW), ctx=True, xlfn=True, array_args=True)
def AGGREGATE(ctx, function_num, options, *refs):
    """Aggregate ``function_num`` of the references, with ``options``: 0-3
    leave out cells holding SUBTOTAL or AGGREGATE, 2, 3, 6 and 7 leave out
    error values, 4-7 keep nested aggregates.  1-12 are SUBTOTAL's eleven
    and 12 MEDIAN, 13 MODE.SNGL, over any number of references; 14-19
    (LARGE, SMALL, PERCENTILE.INC, QUARTILE.INC, PERCENTILE.EXC,
    QUARTILE.EXC) take one range or array and that function's k (#VALUE!
    without it).  #VALUE! for other numbers or options (Excel's AGGREGATE)."""
    number, option = int(function_num), int(options)
    if not 0 <= option <= 7:
        return errors.VALUE(f"AGGREGATE has no option {option}")
    skip_nested, skip_errors = option <= 3, option in (2, 3, 6, 7)
    if number in WITH_K:
        if len(refs) != 2:
            return errors.VALUE(f"AGGREGATE {number} takes one array and k")
        k = _k(ctx, refs[1])
        if isinstance(k, XLError):
            return k
        values = _gather(ctx, refs[:1], skip_nested, skip_errors)
        if isinstance(values, XLError):
            return values
        return REGISTRY[WITH_K[number]].impl(values, k)
    if number not in FUNCTIONS:
        return errors.VALUE(f"AGGREGATE has no function {number}")
    return _aggregate(number, _gather(ctx, refs, skip_nested, skip_errors))


def _k(ctx, raw):
    """AGGREGATE's k: one number (a reference's cell in the formula's row or
    column, an array's first value; text that spells a number converted)."""
    from ..evaluate import scalar  # (the evaluator imports this package)
    value = scalar(raw, ctx)
    return value if isinstance(value, XLError) else to_number(value)
