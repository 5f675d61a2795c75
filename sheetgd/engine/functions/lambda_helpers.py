"""LAMBDA and the functions that take one: MAP, REDUCE, SCAN, BYROW, BYCOL,
MAKEARRAY, and ISOMITTED (Excel 365's "LAMBDA helper functions").

LAMBDA and ISOMITTED bind names rather than take values: the compiler
evaluates them (:mod:`sheetgd.engine.lambdas`); their declarations here give
them their place in the registry (arity, the ``_xlfn.`` prefix, the
catalog).  The helpers are ordinary functions given a
:class:`~sheetgd.engine.lambdas.Lambda` value and call it with
:func:`~sheetgd.engine.lambdas.invoke`.

Shared rules, from Microsoft's pages for each function: a last argument that
is no LAMBDA, or a LAMBDA with the wrong number of parameters, is #VALUE!
("Incorrect Parameters"); a LAMBDA whose result is several values where one
is needed is #CALC! (Excel's "nested arrays" error).  A range is handed to
the LAMBDA as references (each cell, each row or column), so ROW(x) or
ISBLANK(x) inside works as on the sheet; an array as its values.
"""

from __future__ import annotations

import math

from .. import errors
from ..errors import XLError
from ..lambdas import OMITTED, Lambda, arity_error, invoke
from ..refs import Area, Areas
from ..values import EMPTY, Array
from .base import NUMBER, RAW, function, many, may_be_left_out
from ..sparse import MAX_LISTED


def _too_many_calls(n: int, name: str):
    """#NUM! when a helper would call its LAMBDA more than
    :data:`~sheetgd.engine.sparse.MAX_LISTED` times (the most elements sheetgd
    lists one by one: ``MAP(s!A:XFD, ...)`` would make 17 billion calls, a
    whole column's 1,048,576 are allowed), else None."""
    if n > MAX_LISTED:
        return errors.NUM(f"{name}: {n:,} LAMBDA calls, more than the {MAX_LISTED:,} "
                          "sheetgd makes in one call")
    return None


@function("LAMBDA", RAW, many(RAW), xlfn=True)
def LAMBDA(*args):  # pragma: no cover - compiled by engine.lambdas, never called
    """LAMBDA([parameter1, parameter2, ...,] calculation): a function of the
    parameters, called with arguments (``=LAMBDA(x,x+1)(2)`` is 3), by a LET
    name or a defined name.  Excel's LAMBDA."""
    raise AssertionError("LAMBDA is compiled by sheetgd.engine.lambdas, not called")


@function("ISOMITTED", RAW, xlfn=True)
def ISOMITTED(argument):  # pragma: no cover - compiled by engine.lambdas, never called
    """ISOMITTED(argument): TRUE when a LAMBDA parameter's argument was left
    empty (``=LAMBDA(x,y,ISOMITTED(y))(1,)``).  Excel's ISOMITTED."""
    raise AssertionError("ISOMITTED is compiled by sheetgd.engine.lambdas, not called")


class _Grid:
    """A LAMBDA helper's array argument: its size and its elements, each a
    one-cell reference for a range and a value for an array."""

    def __init__(self, raw, ctx):
        self.area = raw if isinstance(raw, Area) else None
        self.array = None if self.area is not None else (raw if isinstance(raw, Array) else Array(((raw,),)))
        self.height = (self.area or self.array).height
        self.width = (self.area or self.array).width

    def at(self, i: int, j: int):
        if self.area is not None:
            a = self.area
            return Area(a.sheet, a.row1 + i, a.col1 + j, a.row1 + i, a.col1 + j)
        return self.array.at(i, j)

    def row(self, i: int):
        if self.area is not None:
            a = self.area
            return Area(a.sheet, a.row1 + i, a.col1, a.row1 + i, a.col2)
        return Array((self.array.rows[i],))

    def column(self, j: int):
        if self.area is not None:
            a = self.area
            return Area(a.sheet, a.row1, a.col1 + j, a.row2, a.col1 + j)
        return Array(tuple((r[j],) for r in self.array.rows))


def _grid(raw, ctx):
    """``raw`` as a :class:`_Grid`, or the error it is (#VALUE! for several
    areas or a LAMBDA where an array is needed)."""
    if isinstance(raw, XLError):
        return raw
    if type(raw) is Areas:
        return errors.VALUE("several areas: one range or array is needed here")
    if isinstance(raw, Lambda):
        return errors.VALUE("a LAMBDA where an array is needed")
    return _Grid(raw, ctx)


def _lambda(fn, count: int, name: str):
    """None when ``fn`` is a LAMBDA of ``count`` parameters, else the error."""
    if isinstance(fn, XLError):
        return fn
    if not isinstance(fn, Lambda):
        return errors.VALUE(f"{name}: the last argument must be a LAMBDA")
    bad = arity_error(fn, count)
    if bad is not None:
        return errors.VALUE(f"{name}: the LAMBDA must take {count} argument(s): {bad.message}")
    return None


def _one(raw, ctx, name: str):
    """A LAMBDA's result as one value: a cell's value for a one-cell
    reference, the element of a 1x1 array, 0 for an empty cell; #CALC!
    for several values (Excel's nested arrays) or a LAMBDA."""
    if isinstance(raw, Area):
        if not raw.is_cell:
            return XLError("#CALC!", f"{name}: the LAMBDA gave a range where one value is needed")
        raw = ctx.book.read(raw.sheet, raw.row1, raw.col1)
    elif isinstance(raw, Array):
        if raw.height != 1 or raw.width != 1:
            return XLError("#CALC!", f"{name}: the LAMBDA gave an array where one value is needed")
        raw = raw.rows[0][0]
    elif type(raw) is Areas or isinstance(raw, Lambda):
        return XLError("#CALC!", f"{name}: the LAMBDA gave {raw!r} where one value is needed")
    return 0.0 if raw is EMPTY else raw


@function("MAP", RAW, RAW, many(RAW), ctx=True, array_args=True, xlfn=True)
def MAP(ctx, *args):
    """MAP(array1, [array2, ...], lambda): the LAMBDA of each element (of
    each array in turn: one parameter per array), an array of the largest
    size; an element beyond a smaller array is #N/A (a single value or row or
    column is repeated).  Excel's MAP."""
    *arrays, fn = args
    bad = _lambda(fn, len(arrays), "MAP")
    if bad is not None:
        return bad
    grids = [_grid(a, ctx) for a in arrays]
    for g in grids:
        if isinstance(g, XLError):
            return g
    height, width = max(g.height for g in grids), max(g.width for g in grids)
    too_many = _too_many_calls(height * width, "MAP")
    if too_many is not None:
        return too_many
    return Array(tuple(
        tuple(_one(invoke(fn, [_element(g, i, j) for g in grids], ctx), ctx, "MAP") for j in range(width))
        for i in range(height)))


def _element(g: _Grid, i: int, j: int):
    """Element (i, j) of ``g``, a single row or column repeated; #N/A beyond it."""
    i = 0 if g.height == 1 else i
    j = 0 if g.width == 1 else j
    if i >= g.height or j >= g.width:
        return errors.NA("beyond the array")
    return g.at(i, j)


def _lambda_and_grid(fn, count: int, name: str, raw, ctx):
    """The grid of ``raw`` once ``fn`` is a LAMBDA of ``count`` parameters;
    else the error (the LAMBDA's first)."""
    bad = _lambda(fn, count, name)
    return bad if bad is not None else _grid(raw, ctx)


def _fold(initial, raw, fn, ctx, name: str):
    """The accumulator after each element of ``raw`` (row by row), starting
    from ``initial``: an array of ``raw``'s size (each one value: SCAN), or
    the error; for REDUCE (``name``), the last accumulator as it is (an
    array too: ``REDUCE(0,A1:A3,LAMBDA(a,b,VSTACK(a,b)))``).  An initial
    value left out (:data:`~sheetgd.engine.lambdas.OMITTED`) makes the
    first element the accumulator, and the LAMBDA takes the elements after
    it (SCAN's first element is then the first value itself)."""
    g = _lambda_and_grid(fn, 2, name, raw, ctx)
    if isinstance(g, XLError):
        return g
    too_many = _too_many_calls(g.height * g.width, name)
    if too_many is not None:
        return too_many
    acc = _start(initial, ctx)
    steps = []
    for i in range(g.height):
        for j in range(g.width):
            acc = g.at(i, j) if acc is OMITTED else invoke(fn, [acc, g.at(i, j)], ctx)
            if name == "SCAN":
                acc = _one(acc, ctx, name)
            steps.append(acc)
    if name == "REDUCE":
        return acc
    return Array(tuple(tuple(steps[i * g.width:(i + 1) * g.width]) for i in range(g.height)))


@function("REDUCE", may_be_left_out(RAW, OMITTED), RAW, RAW, ctx=True, array_args=True, xlfn=True)
def REDUCE(ctx, initial_value, array, fn):
    """REDUCE([initial_value], array, lambda(accumulator, value)): the
    accumulator after the LAMBDA has taken each element of ``array``, row by
    row.  An initial value left out (``REDUCE(,A1:C2,...)``) makes the
    first element the starting value and the LAMBDA takes the rest
    (Microsoft's REDUCE page: "If no value is supplied for the
    initial_value, the first value in the array will be used as the
    starting value").  Excel's REDUCE."""
    return _fold(initial_value, array, fn, ctx, "REDUCE")


@function("SCAN", may_be_left_out(RAW, OMITTED), RAW, RAW, ctx=True, array_args=True, xlfn=True)
def SCAN(ctx, initial_value, array, fn):
    """SCAN([initial_value], array, lambda(accumulator, value)): an array of
    ``array``'s size holding the accumulator after each element, row by
    row; an initial value left out makes the first element the starting
    value (the result's first element; as REDUCE's page says of REDUCE).
    Excel's SCAN."""
    return _fold(initial_value, array, fn, ctx, "SCAN")


def _start(initial, ctx):
    """The accumulator's first value (OMITTED when left out; a one-cell
    reference read)."""
    if isinstance(initial, Area) and initial.is_cell:
        return ctx.book.read(initial.sheet, initial.row1, initial.col1)
    return initial


def _by(ctx, array, fn, name: str, rows: bool):
    g = _lambda_and_grid(fn, 1, name, array, ctx)
    if isinstance(g, XLError):
        return g
    if rows:
        return Array(tuple((_one(invoke(fn, [g.row(i)], ctx), ctx, name),) for i in range(g.height)))
    return Array((tuple(_one(invoke(fn, [g.column(j)], ctx), ctx, name) for j in range(g.width)),))


@function("BYROW", RAW, RAW, ctx=True, array_args=True, xlfn=True)
def BYROW(ctx, array, fn):
    """BYROW(array, lambda(row)): one column, the LAMBDA of each row of
    ``array`` (a row is one value's worth of result: several are #CALC!).
    Excel's BYROW."""
    return _by(ctx, array, fn, "BYROW", True)


@function("BYCOL", RAW, RAW, ctx=True, array_args=True, xlfn=True)
def BYCOL(ctx, array, fn):
    """BYCOL(array, lambda(column)): one row, the LAMBDA of each column of
    ``array``.  Excel's BYCOL."""
    return _by(ctx, array, fn, "BYCOL", False)


@function("MAKEARRAY", NUMBER, NUMBER, RAW, ctx=True, array_args=True, xlfn=True)
def MAKEARRAY(ctx, rows, cols, fn):
    """MAKEARRAY(rows, cols, lambda(row, col)): a rows x cols array of the
    LAMBDA of each 1-based row and column number; #VALUE! for a size below
    1 (truncated to whole numbers, as Excel's documentation says of
    "a value < 1 or a non-number").  Excel's MAKEARRAY."""
    bad = _lambda(fn, 2, "MAKEARRAY")
    if bad is not None:
        return bad
    rows, cols = math.trunc(rows), math.trunc(cols)
    if rows < 1 or cols < 1:
        return errors.VALUE("MAKEARRAY: rows and cols must be at least 1")
    if rows * cols > 1048576 * 16384:
        return errors.VALUE("MAKEARRAY: larger than a sheet")
    too_many = _too_many_calls(rows * cols, "MAKEARRAY")
    if too_many is not None:
        return too_many
    return Array(tuple(
        tuple(_one(invoke(fn, [float(i), float(j)], ctx), ctx, "MAKEARRAY") for j in range(1, cols + 1))
        for i in range(1, rows + 1)))
