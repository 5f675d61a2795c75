"""Sorting and filtering arrays: SORT, SORTBY, FILTER, UNIQUE.

Like the functions of :mod:`.lookup_arrays`, they evaluate their arguments
as arrays and return an array (shown by its first value in a single cell;
sheetgd does not spill).  Sorting is stable and follows Excel's sort order:
numbers, then text (without regard to case), then logical values, then
errors, ascending; blank cells come last in either direction.  UNIQUE
compares as the ``=`` operator does for text (``"a"`` and ``"A"`` are one
value).  A result with nothing in it is #CALC!.
"""

from __future__ import annotations

from functools import cmp_to_key

from .. import errors
from ..errors import XLError
from ..values import EMPTY, Array, compare, text_key, to_bool, to_number
from .base import GRID, LAZY, LOGICAL, function, many, opt


def _rank(v) -> int:
    if isinstance(v, XLError):
        return 3
    if isinstance(v, bool):
        return 2
    return 1 if isinstance(v, str) else 0


def _order(a, b) -> int:
    """Excel's ascending sort order of two non-blank values."""
    ra, rb = _rank(a), _rank(b)
    if ra != rb:
        return -1 if ra < rb else 1
    return 0 if ra == 3 else compare(a, b)


def _sorted(lines, keys):
    """``lines`` (tuples) stably sorted by ``keys``: ``(position, +1 or -1)``
    in priority order; blanks last."""
    def cmp(x, y):
        for k, direction in keys:
            a, b = x[k], y[k]
            if a is EMPTY or b is EMPTY:
                if a is EMPTY and b is EMPTY:
                    continue
                return 1 if a is EMPTY else -1
            c = _order(a, b)
            if c:
                return c * direction
        return 0
    return sorted(lines, key=cmp_to_key(cmp))


def _columns(a: Array):
    return [tuple(row[j] for row in a.rows) for j in range(a.width)]


def _lines_back(lines, by_col: bool) -> Array:
    return Array(tuple(zip(*lines))) if by_col else Array(tuple(lines))


def _numbers(name, arg):
    """Whole numbers from an argument (a number or an array of them)."""
    values = arg.flat() if isinstance(arg, Array) else [arg]
    out = []
    for v in values:
        n = to_number(v)
        if isinstance(n, XLError):
            return n
        out.append(int(n))
    return out


def _direction(name, n):
    if n not in (1, -1):
        return errors.VALUE(f"{name} sort_order {n} is not 1 or -1")
    return n


@function("SORT", GRID, opt(GRID, 1.0), opt(GRID, 1.0), opt(LOGICAL, False), array_args=True,
          xlfn=True)
def SORT(a, index, order, by_col):
    """The rows of ``a`` sorted by their column ``index`` (1 by default; an
    array of indices sorts by several), ascending for order 1, descending
    for -1 (one order, or one per index); the columns by their row
    ``index`` when ``by_col``.  #VALUE! for an index outside the array or an
    order other than 1 and -1.  Excel's SORT."""
    if isinstance(a, XLError):
        return a
    indices, orders = _numbers("SORT", index), _numbers("SORT", order)
    for v in (indices, orders):
        if isinstance(v, XLError):
            return v
    size = a.height if by_col else a.width
    if any(not 1 <= k <= size for k in indices):
        return errors.VALUE(f"SORT index outside 1..{size}")
    if len(orders) not in (1, len(indices)):
        return errors.VALUE("SORT needs one sort_order, or one per sort_index")
    keys = []
    for i, k in enumerate(indices):
        direction = _direction("SORT", orders[0] if len(orders) == 1 else orders[i])
        if isinstance(direction, XLError):
            return direction
        keys.append((k - 1, direction))
    lines = _columns(a) if by_col else list(a.rows)
    return _lines_back(_sorted(lines, keys), by_col)


@function("SORTBY", GRID, GRID, many(GRID), array_args=True, xlfn=True)
def SORTBY(a, *pairs):
    """The rows of ``a`` sorted by the values of ``by_array`` (a column as
    tall as ``a``; a row as wide as ``a`` sorts its columns), then by the
    next ``by_array`` ...; each with its sort order (1 ascending by
    default, -1 descending).  #VALUE! for a by_array of another shape or an
    order other than 1 and -1.  Excel's SORTBY."""
    for arg in (a, *pairs):
        if isinstance(arg, XLError):
            return arg
    columns = None
    keys, values = [], []
    for i in range(0, len(pairs), 2):
        by = pairs[i]
        order = pairs[i + 1].at(0, 0) if i + 1 < len(pairs) else EMPTY
        n = 1.0 if order is EMPTY else to_number(order)
        if isinstance(n, XLError):
            return n
        direction = _direction("SORTBY", int(n))
        if isinstance(direction, XLError):
            return direction
        is_column = by.width == 1 and by.height == a.height
        is_row = by.height == 1 and by.width == a.width and not is_column
        if not (is_column or is_row) or columns is not None and columns != is_row:
            return errors.VALUE("SORTBY's by_array must be a row or column the size of the array")
        columns = is_row
        values.append(list(by.flat()))
        keys.append((len(keys), direction))
    lines = _columns(a) if columns else list(a.rows)
    tagged = [tuple(v[p] for v in values) + (p,) for p in range(len(lines))]
    order = [t[-1] for t in _sorted(tagged, keys)]
    return _lines_back([lines[p] for p in order], bool(columns))


def _included(v):
    if isinstance(v, XLError):
        return v
    if isinstance(v, str):
        return errors.VALUE(f"FILTER include holds the text {v!r}")
    return to_bool(v)


@function("FILTER", GRID, GRID, opt(LAZY, None), array_args=True, xlfn=True)
def FILTER(a, include, if_empty):
    """The rows of ``a`` whose value in ``include`` (a column as tall as
    ``a``; a row as wide as ``a`` filters columns) is TRUE or a non-zero
    number; ``if_empty`` (evaluated only then) or #CALC! when none is.
    #VALUE! for an include of another shape or holding text; an error in
    it is returned.  Excel's FILTER."""
    for arg in (a, include):
        if isinstance(arg, XLError):
            return arg
    by_col = include.height == 1 and include.width == a.width and not (
        include.width == 1 and include.height == a.height)
    if not by_col and not (include.width == 1 and include.height == a.height):
        return errors.VALUE("FILTER's include must be a row or column the size of the array")
    lines = _columns(a) if by_col else list(a.rows)
    kept = []
    for line, flag in zip(lines, include.flat()):
        ok = _included(flag)
        if isinstance(ok, XLError):
            return ok
        if ok:
            kept.append(line)
    if kept:
        return _lines_back(kept, by_col)
    fallback = None if if_empty is None else if_empty()
    return XLError("#CALC!", "FILTER kept nothing") if fallback is None else fallback


def _same_key(v):
    """What makes two values one for UNIQUE: type, and text without case."""
    if isinstance(v, XLError):
        return ("error", v.kind)
    if isinstance(v, str):
        return ("text", text_key(v))
    if v is EMPTY:
        return ("blank",)
    return (type(v).__name__, v)


@function("UNIQUE", GRID, opt(LOGICAL, False), opt(LOGICAL, False), array_args=True, xlfn=True)
def UNIQUE(a, by_col, exactly_once):
    """The distinct rows of ``a`` (columns when ``by_col``) in the order they
    first appear, or with ``exactly_once`` those that appear once; text
    without regard to case.  #CALC! when none is left.  Excel's UNIQUE."""
    if isinstance(a, XLError):
        return a
    lines = _columns(a) if by_col else list(a.rows)
    counts, first = {}, {}
    for line in lines:
        key = tuple(_same_key(v) for v in line)
        counts[key] = counts.get(key, 0) + 1
        first.setdefault(key, line)
    kept = [line for key, line in first.items() if not exactly_once or counts[key] == 1]
    if not kept:
        return XLError("#CALC!", "UNIQUE left nothing")
    return _lines_back(kept, by_col)
