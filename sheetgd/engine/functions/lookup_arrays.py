"""Functions that return arrays: TRANSPOSE, CHOOSECOLS, CHOOSEROWS, TAKE,
DROP, EXPAND, VSTACK, HSTACK, TOCOL, TOROW, WRAPROWS, WRAPCOLS.

Their arguments are evaluated as arrays (``TAKE(A1:A9*2,3)``), and their
result is an array: usable inside aggregates (``SUM(TAKE(A1:C9,2))``), in
array formulas, and shown by its first value in a single cell (sheetgd does
not spill a result into neighbouring cells).  A result with no element is
Excel's #CALC! (an empty array).  Whole columns stay sparse: ``TAKE(A:A,-2)``
reads the used rows and the empty rest once (see :mod:`..sparse`).
"""

from __future__ import annotations

import math

from .. import errors
from ..refs import MAX_COL, MAX_ROW
from ..errors import XLError
from ..sparse import Sparse, build, window
from ..values import EMPTY, Array, to_number
from ..lambdas import FunctionArray, Lambda
from .base import ANY, GRID, LOGICAL, NUMBER, RAW, SCALAR, function, many, opt


def _empty(name: str) -> XLError:
    return XLError("#CALC!", f"{name} gives an empty array")


def _used(a: Array) -> tuple[int, int]:
    """How many rows and columns of ``a`` are stored one by one (the rest
    repeats: a whole column's empty rest)."""
    return (a.h, a.w) if isinstance(a, Sparse) else (a.height, a.width)


def _get(a: Array, i: int, j: int):
    return a.get(i, j) if isinstance(a, Sparse) else a.rows[i][j]


def _pick(a: Array, rows, cols) -> Array:
    """The rows and columns of ``a`` at the given 0-based positions (None:
    all of them, in order)."""
    h, w = _used(a)
    height = a.height if rows is None else len(rows)
    width = a.width if cols is None else len(cols)
    return build(height, width, h if rows is None else height, w if cols is None else width,
                 lambda i, j: _get(a, i if rows is None else rows[i], j if cols is None else cols[j]))


@function("TRANSPOSE", GRID, array_args=True)
def TRANSPOSE(a):
    """Rows as columns: the n x m array of an m x n one.  Excel's TRANSPOSE."""
    if isinstance(a, XLError):
        return a
    h, w = _used(a)
    return build(a.width, a.height, w, h, lambda i, j: _get(a, j, i))


def _indices(name, lists, size):
    """0-based positions from CHOOSECOLS/CHOOSEROWS arguments (numbers or
    arrays of them, truncated; negative ones count from the end)."""
    out = []
    for arg in lists:
        for v in arg.flat():
            n = to_number(v)
            if isinstance(n, XLError):
                return n
            k = int(n)
            if k == 0 or abs(k) > size:
                return errors.VALUE(f"{name} index {n:g} is outside 1..{size} (or -1..-{size})")
            out.append(k - 1 if k > 0 else size + k)
    return out


@function("CHOOSECOLS", GRID, GRID, many(GRID), array_args=True, xlfn=True)
def CHOOSECOLS(a, *numbers):
    """The columns of ``a`` at the given positions, in that order (repeats
    allowed; -1 is the last column); #VALUE! for 0 or a position past the
    array.  Excel's CHOOSECOLS."""
    for arg in (a, *numbers):
        if isinstance(arg, XLError):
            return arg
    cols = _indices("CHOOSECOLS", numbers, a.width)
    return cols if isinstance(cols, XLError) else _pick(a, None, cols)


@function("CHOOSEROWS", GRID, GRID, many(GRID), array_args=True, xlfn=True)
def CHOOSEROWS(a, *numbers):
    """The rows of ``a`` at the given positions, in that order; CHOOSECOLS's
    rules.  Excel's CHOOSEROWS."""
    for arg in (a, *numbers):
        if isinstance(arg, XLError):
            return arg
    rows = _indices("CHOOSEROWS", numbers, a.height)
    return rows if isinstance(rows, XLError) else _pick(a, rows, None)


def _count(v):
    """A row or column count argument: None when left out or empty, else
    its number truncated (or an XLError)."""
    if v is None or v is EMPTY:
        return None
    n = to_number(v)
    return n if isinstance(n, XLError) else math.trunc(n)


def _take_span(n, size):
    """First and last position (0-based) TAKE keeps of ``size`` for ``n``."""
    if n is None:
        return 0, size - 1
    if n >= 0:
        return 0, min(n, size) - 1
    return max(size + n, 0), size - 1


def _drop_span(n, size):
    if n is None:
        return 0, size - 1
    if n >= 0:
        return n, size - 1
    return 0, size + n - 1


def _cut(name, a, rows, cols, span):
    if isinstance(a, XLError):
        return a
    rows, cols = _count(rows), _count(cols)
    for n in (rows, cols):
        if isinstance(n, XLError):
            return n
    if name == "TAKE" and 0 in (rows, cols):
        return _empty(name)
    r1, r2 = span(rows, a.height)
    c1, c2 = span(cols, a.width)
    if r1 > r2 or c1 > c2:
        return _empty(name)
    return window(a, r1, c1, r2, c2)


@function("TAKE", GRID, SCALAR, opt(SCALAR, None), array_args=True, xlfn=True)
def TAKE(a, rows, cols):
    """The first ``rows`` rows and ``cols`` columns of ``a`` (the last ones
    for negative counts; all of them when left out or past the size);
    #CALC! for a count of 0.  Excel's TAKE."""
    return _cut("TAKE", a, rows, cols, _take_span)


@function("DROP", GRID, SCALAR, opt(SCALAR, None), array_args=True, xlfn=True)
def DROP(a, rows, cols):
    """``a`` without its first ``rows`` rows and ``cols`` columns (its last
    ones for negative counts); #CALC! when nothing is left.  Excel's DROP."""
    return _cut("DROP", a, rows, cols, _drop_span)


def _pad(v):
    return errors.NA("padding") if v is None else v


@function("EXPAND", GRID, SCALAR, opt(SCALAR, None), opt(ANY, None), array_args=True, xlfn=True)
def EXPAND(a, rows, cols, pad_with):
    """``a`` grown to ``rows`` x ``cols`` (left out: its own size), the new
    cells ``pad_with`` (#N/A by default); #VALUE! for a size below the
    array's.  Excel's EXPAND."""
    if isinstance(a, XLError):
        return a
    rows, cols = _count(rows), _count(cols)
    for n in (rows, cols):
        if isinstance(n, XLError):
            return n
    height = a.height if rows is None else rows
    width = a.width if cols is None else cols
    if height < a.height or width < a.width:
        return errors.VALUE(f"EXPAND to {height}x{width}, smaller than the array's {a.height}x{a.width}")
    pad = _pad(pad_with)
    h, w = _used(a)
    return build(height, width, a.height if height > a.height else h, a.width if width > a.width else w,
                 lambda i, j: _get(a, i, j) if i < a.height and j < a.width else pad)


def _joined(grids, pad, vertical: bool):
    """The grids (tuples of rows) one below the other or side by side."""
    if vertical:
        width = max(len(g[0]) for g in grids)
        return tuple(tuple(row) + (pad,) * (width - len(g[0])) for g in grids for row in g)
    height = max(len(g) for g in grids)
    rows = [[] for _ in range(height)]
    for g in grids:
        for i in range(height):
            rows[i] += g[i] if i < len(g) else (pad,) * len(g[0])
    return tuple(tuple(r) for r in rows)


def _stack(ctx, raws, vertical: bool):
    """VSTACK's and HSTACK's arrays joined; functions among them (GROUPBY's
    vector of functions, ``HSTACK(SUM,AVERAGE)``) make a
    :class:`~sheetgd.engine.lambdas.FunctionArray`."""
    from ..evaluate import grid

    arrays = []
    for raw in raws:
        a = FunctionArray.of_function(raw) if isinstance(raw, Lambda) else grid(raw, ctx)
        if isinstance(a, XLError):
            return a
        arrays.append(a)
    rows = _joined([a.rows for a in arrays], errors.NA("VSTACK/HSTACK padding"), vertical)
    if not any(isinstance(a, FunctionArray) for a in arrays):
        return Array(rows)
    functions = [a.functions if isinstance(a, FunctionArray) else ((None,) * a.width,) * a.height
                 for a in arrays]
    return FunctionArray(rows, _joined(functions, None, vertical))


@function("VSTACK", RAW, many(RAW), ctx=True, array_args=True, xlfn=True)
def VSTACK(ctx, *arrays):
    """The arrays one below the other, as wide as the widest (the rest
    #N/A).  Excel's VSTACK."""
    return _stack(ctx, arrays, vertical=True)


@function("HSTACK", RAW, many(RAW), ctx=True, array_args=True, xlfn=True)
def HSTACK(ctx, *arrays):
    """The arrays side by side, as tall as the tallest (the rest #N/A).
    Excel's HSTACK."""
    return _stack(ctx, arrays, vertical=False)


def _flatten(name, a, ignore, by_column):
    if isinstance(a, XLError):
        return a
    mode = int(ignore)
    if mode not in (0, 1, 2, 3):
        return errors.VALUE(f"{name} ignore {ignore:g} is not 0, 1, 2 or 3")
    height, width = a.height, a.width
    if mode & 1 and isinstance(a, Sparse) and all(v is EMPTY for v in (*a.right, *a.below, a.corner)):
        height, width = a.h, a.w  # a whole column's empty rest: nothing to keep
    order = ((i, j) for j in range(width) for i in range(height)) if by_column else \
        ((i, j) for i in range(height) for j in range(width))
    out = []
    for i, j in order:
        v = _get(a, i, j)
        if (mode & 1 and v is EMPTY) or (mode & 2 and isinstance(v, XLError)):
            continue
        out.append(v)
    return out if out else _empty(name)


@function("TOCOL", GRID, opt(NUMBER, 0.0), opt(LOGICAL, False), array_args=True, xlfn=True)
def TOCOL(a, ignore, by_column):
    """The array's values in one column, row by row (column by column when
    ``by_column``); ignore 1 skips blanks, 2 errors, 3 both.  Excel's TOCOL."""
    values = _flatten("TOCOL", a, ignore, by_column)
    return values if isinstance(values, XLError) else Array(tuple((v,) for v in values))


@function("TOROW", GRID, opt(NUMBER, 0.0), opt(LOGICAL, False), array_args=True, xlfn=True)
def TOROW(a, ignore, by_column):
    """The array's values in one row; TOCOL's options.  Excel's TOROW."""
    values = _flatten("TOROW", a, ignore, by_column)
    return values if isinstance(values, XLError) else Array((tuple(values),))


def _wrap(name, a, count, pad_with, rows: bool):
    if isinstance(a, XLError):
        return a
    if a.height != 1 and a.width != 1:
        return errors.VALUE(f"{name} needs one row or column")
    if count < 1:
        return errors.NUM(f"{name} wrap_count {count:g} is below 1")
    if count > (MAX_COL if rows else MAX_ROW):  # a line longer than the grid (and no memory holds it)
        return errors.NUM(f"{name} wrap_count {count:g} is beyond Excel's grid")
    n = int(count)
    values = list(a.flat())
    pad = _pad(pad_with)
    values += [pad] * (-len(values) % n)
    lines = [tuple(values[k:k + n]) for k in range(0, len(values), n)]
    return Array(tuple(lines)) if rows else Array(tuple(zip(*lines)))


@function("WRAPROWS", GRID, NUMBER, opt(ANY, None), array_args=True, xlfn=True)
def WRAPROWS(a, count, pad_with):
    """A row or column of values in rows of ``count`` values, the last one
    padded with ``pad_with`` (#N/A by default); #NUM! for a count below 1.
    Excel's WRAPROWS."""
    return _wrap("WRAPROWS", a, count, pad_with, rows=True)


@function("WRAPCOLS", GRID, NUMBER, opt(ANY, None), array_args=True, xlfn=True)
def WRAPCOLS(a, count, pad_with):
    """A row or column of values in columns of ``count`` values; WRAPROWS's
    rules.  Excel's WRAPCOLS."""
    return _wrap("WRAPCOLS", a, count, pad_with, rows=False)
