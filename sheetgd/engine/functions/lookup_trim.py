"""TRIMRANGE and the trim references (``A1:.E10``, ``A1.:E10``, ``A1.:.E10``).

Excel's TRIMRANGE (support.microsoft.com, "TRIMRANGE function") scans in
from the edges of a range or array until it finds a non-blank cell and
leaves out the blank rows and columns it passed; blank rows and columns
*inside* the data stay.  ``trim_rows`` and ``trim_cols`` say which edges:
0 none, 1 leading (top, left), 2 trailing (bottom, right), 3 both (the
default).  The same page defines the trim references as its shorthand:
``A1.:.E10`` is ``TRIMRANGE(A1:E10,3,3)``, ``A1:.E10`` ``(…,2,2)`` and
``A1.:E10`` ``(…,1,1)``, whole columns and rows too (``A:.A``).  A file
stores them as hidden functions of the plain range,
``_xlfn._TRO_ALL(A1:E10)``, ``_xlfn._TRO_TRAILING(…)``,
``_xlfn._TRO_LEADING(…)``: the parser reads both spellings into one
:class:`~sheetgd.engine.nodes.TrimRef` node (a TRIMRANGE call that
remembers its operator) and writes each back as it came.

"Blank" is an empty cell, as ISBLANK has it: a formula that returns empty
text (``=""``) is a value, so its row and column stay (IronCalc does the
same; Excel's page does not say).  A range with nothing but blanks is
#REF! (IronCalc's choice; Excel's page does not say, unverified).

The result of a range is a *reference* (functions taking references take
it: ``ROW``, ``OFFSET``, ``SUM``; a formula whose value it is spills it);
of an array, an array.
"""

from __future__ import annotations

from .. import errors
from ..errors import XLError
from ..refs import Area, Areas
from ..usedrange import REMEMBER_MIN_CELLS
from ..values import EMPTY, Array
from .base import NUMBER, RAW, function, opt

#: trim_rows / trim_cols: (trim the leading edge, trim the trailing edge).
_EDGES = {0: (False, False), 1: (True, False), 2: (False, True), 3: (True, True)}


def _edges(mode: float, what: str):
    """(leading, trailing) of a trim mode (truncated to a whole number); #VALUE!
    for one outside 0..3."""
    edges = _EDGES.get(int(mode)) if -1 < mode < 4 else None
    if edges is None:
        return errors.VALUE(f"TRIMRANGE {what} {mode:g} is not 0, 1, 2 or 3")
    return edges


def _span(nonblank: list, length: int, leading: bool, trailing: bool) -> tuple[int, int] | None:
    """(first, last) index kept of a line of ``length`` rows or columns, of
    which the first ``len(nonblank)`` have the flags given and the rest are
    blank; None when every one is blank and an edge is trimmed (nothing is
    left)."""
    first_used = next((i for i, flag in enumerate(nonblank) if flag), None)
    if first_used is None:
        return None if leading or trailing else (0, length - 1)
    last_used = len(nonblank) - 1 - next(i for i, flag in enumerate(reversed(nonblank)) if flag)
    return (first_used if leading else 0), (last_used if trailing else length - 1)


def _nonblank(rows) -> tuple[list, list]:
    """Whether each row, and each column, of a grid holds a value (an empty
    cell is blank; empty text is a value)."""
    rows_nonblank = [any(v is not EMPTY for v in row) for row in rows]
    cols_nonblank = [any(row[j] is not EMPTY for row in rows) for j in range(len(rows[0]))] \
        if rows else []
    return rows_nonblank, cols_nonblank


def trim_bounds(rows, rows_mode, cols_mode):
    """(r1, c1, r2, c2), 0-based inclusive, of the part of a grid of values
    (``rows``: equal-length tuples) that trimming keeps; #REF! when nothing is."""
    rows_nonblank, cols_nonblank = _nonblank(rows)
    r = _span(rows_nonblank, len(rows_nonblank), *rows_mode)
    c = _span(cols_nonblank, len(cols_nonblank), *cols_mode)
    if r is None or c is None:
        return errors.REF("TRIMRANGE of a range with no value: nothing is left")
    return r[0], c[0], r[1], c[1]


def _trim_area(ctx, area: Area, rows_mode, cols_mode):
    """The part of ``area`` trimming keeps, as an Area.  Only the part inside
    the sheet's used range is read (past it every cell is blank), so
    ``A:.A`` costs the used rows, not a million."""
    if not ctx.book.has_sheet(area.sheet):
        return errors.REF(f"no sheet named {area.sheet!r}")
    used = ctx.book.used_area(area.sheet)
    r2 = min(area.row2, used.row2) if used else area.row1 - 1
    c2 = min(area.col2, used.col2) if used else area.col1 - 1
    rows = ctx.book.grid(Area(area.sheet, area.row1, area.col1, r2, c2)).rows \
        if r2 >= area.row1 and c2 >= area.col1 else ()
    rows_nonblank, cols_nonblank = _nonblank(rows)  # past them: blank rows and columns
    r = _span(rows_nonblank, area.height, *rows_mode)
    c = _span(cols_nonblank, area.width, *cols_mode)
    if r is None or c is None:
        return errors.REF(f"TRIMRANGE of {area.a1()}: every cell is blank")
    return Area(area.sheet, area.row1 + r[0], area.col1 + c[0], area.row1 + r[1], area.col1 + c[1])


@function("TRIMRANGE", RAW, opt(NUMBER, 3.0), opt(NUMBER, 3.0), ctx=True, xlfn=True)
def TRIMRANGE(ctx, source, trim_rows, trim_cols):
    """``source`` less its blank outer rows and columns: a reference for a
    range (``TRIMRANGE(A1:E10)`` is ``B2:C3`` when data fill only B2:C3),
    an array for an array, a single value as it is.  ``trim_rows`` and
    ``trim_cols`` (default 3): 0 none, 1 leading, 2 trailing, 3 both edges;
    numbers are truncated, others #VALUE!.  A blank is an empty cell (a
    formula giving ``""`` is not one); a range of blanks alone is #REF!
    (IronCalc's answer; Excel's page is silent).  Several areas (a 3-D
    reference, a union) are #VALUE!.  Excel's TRIMRANGE
    (support.microsoft.com, "TRIMRANGE function"); the trim references
    ``A1.:.E10``, ``A1:.E10``, ``A1.:E10`` are it with 3, 2 and 1."""
    if isinstance(source, XLError):
        return source
    rows_mode = _edges(trim_rows, "trim_rows")
    if isinstance(rows_mode, XLError):
        return rows_mode
    cols_mode = _edges(trim_cols, "trim_cols")
    if isinstance(cols_mode, XLError):
        return cols_mode
    if type(source) is Areas:
        return errors.VALUE("TRIMRANGE of several areas (a 3-D reference): one range is needed")
    if isinstance(source, Area):
        if source.height * source.width <= REMEMBER_MIN_CELLS:
            return _trim_area(ctx, source, rows_mode, cols_mode)
        # a wide range (A:.A filled down a column): trimmed once per recalculation
        return ctx.book.remembered(("TRIMRANGE", source, rows_mode, cols_mode),
                                   lambda: _trim_area(ctx, source, rows_mode, cols_mode))
    if not isinstance(source, Array):
        return source if source is not EMPTY else errors.REF("TRIMRANGE of a blank: nothing is left")
    rows = source.rows
    bounds = trim_bounds(rows, rows_mode, cols_mode)
    if isinstance(bounds, XLError):
        return bounds
    r1, c1, r2, c2 = bounds
    return Array(tuple(row[c1:c2 + 1] for row in rows[r1:r2 + 1]))
