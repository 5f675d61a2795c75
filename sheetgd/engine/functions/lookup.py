"""Lookup and reference: MATCH, INDEX, OFFSET, INDIRECT, ROW, COLUMN, ROWS,
COLUMNS, CHOOSE.  (The rest of the family: VLOOKUP, HLOOKUP, LOOKUP,
XLOOKUP, XMATCH in :mod:`.lookup_search`, which shares MATCH's comparison
and binary search; ADDRESS, AREAS, ISFORMULA, FORMULATEXT, SHEET(S),
HYPERLINK in :mod:`.lookup_refs`; the functions returning arrays in
:mod:`.lookup_arrays` and :mod:`.lookup_sort`.)

OFFSET and INDEX return references (an :class:`Area`), so ``SUM(OFFSET(...))``
and ``A1:INDEX(...)`` work.  ROW, COLUMN, ROWS, COLUMNS and OFFSET's base
are position-only parameters (:func:`~.base.position`): ``=ROW(A1)`` in A1
and the running count ``=ROWS($A$1:A1)`` are not circular references, as in
Excel.  MATCH's approximate modes reproduce Excel's
binary search, which on unsorted data returns what the search meets:
``MATCH(1,{1,0})`` is 1 and ``MATCH(1,{0,1})`` is 2.
"""

from __future__ import annotations

import math
import re

from .. import errors
from ..errors import XLError
from ..refs import MAX_COL, MAX_ROW, Area, Ref, split_sheet
from ..sparse import vector, window
from ..values import EMPTY, Array, compare, shown, text_key
from ..wildcards import wildcard
from .base import LAZY, LOGICAL, NUMBER, RAW, REF, SCALAR, TEXT, function, many, opt, position


def _same_type(a, b) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool)
    return isinstance(a, str) == isinstance(b, str)


def matcher(value, wildcards: bool = True):
    """The test of an entry for an exact match of ``value``: the same type
    and equal (text without regard to case), or, for text holding * ? ~
    when ``wildcards``, Excel's wildcard match."""
    if wildcards and isinstance(value, str) and any(ch in value for ch in "*?~"):
        rx = wildcard(value)
        return lambda v: isinstance(v, str) and rx.match(v) is not None

    def matches(v):
        return v is not EMPTY and not isinstance(v, XLError) and _same_type(v, value) \
            and compare(v, value) == 0
    return matches


def _exact(value, items, tail=EMPTY, n=None):
    """The first position of ``value`` in ``items`` followed by ``tail``
    repeated up to length ``n`` (the empty rest of a whole column)."""
    return _first_of(matcher(value), items, tail, len(items) if n is None else n)


def _binary_search(value, items, descending: bool, tail=EMPTY, n=None):
    """Excel's approximate match: a binary search that stops on an equal value
    (then steps over equal neighbours to the last one) and otherwise returns
    the last position whose value was on the right side of ``value``.
    Entries of another type than ``value`` (and errors, blanks) are stepped over.

    ``items`` may be followed by ``tail`` repeated up to length ``n`` (a
    whole column's empty rest): the search is the one over all ``n``
    positions, stepping over a run of the repeated value at once.
    """
    used = len(items)
    n = used if n is None else n

    def item(k):
        return items[k] if k < used else tail

    tail_comparable = n > used and _comparable(tail, value)
    lo, hi, best = 0, n - 1, None
    while lo <= hi:
        mid = (lo + hi) // 2
        probe = mid
        while probe <= hi and not _comparable(item(probe), value):
            if probe >= used:  # the rest repeats the tail, which is not comparable
                probe = hi + 1
                break
            probe += 1
        if probe > hi:  # nothing comparable in mid..hi: search the left half
            hi = mid - 1
            continue
        c = compare(item(probe), value)
        if descending:
            c = -c
        if c == 0:
            while probe + 1 < n and _comparable(item(probe + 1), value) \
                    and compare(item(probe + 1), value) == 0:
                if probe + 1 >= used and tail_comparable:
                    return n - 1  # equal to the tail: the last of its run
                probe += 1
            return probe
        if c < 0:
            best, lo = probe, probe + 1
        else:
            hi = mid - 1
    return best


def _comparable(v, value) -> bool:
    return v is not EMPTY and not isinstance(v, XLError) and _same_type(v, value)


# --- the entries a lookup searches, remembered for a filled-down column of lookups ---------

class Searched:
    """The entries of a row or column as a lookup searches them
    (:func:`~..sparse.vector`: the used ones, the repeated rest and the
    length), with an index of their exact values once searched repeatedly."""

    __slots__ = ("items", "tail", "n", "_first", "_searches")

    def __init__(self, vector_array: Array):
        self.items, self.tail, self.n = vector(vector_array)
        self._first, self._searches = None, 0

    def exact(self, value, wildcards: bool = True):
        """The first position of an exact match of ``value`` (MATCH's
        match_type 0; text with * ? ~ as wildcards when ``wildcards``)."""
        self._searches += 1
        if (wildcards and isinstance(value, str) and any(ch in value for ch in "*?~")) \
                or self._searches < 2 or len(self.items) < INDEXED_MIN:
            return _first_of(matcher(value, wildcards), self.items, self.tail, self.n)
        if self._first is None:
            first: dict = {}
            for i, v in enumerate(self.items):
                key = _exact_key(v)
                if key is not None and key not in first:
                    first[key] = i
            key = _exact_key(self.tail)
            if self.n > len(self.items) and key is not None and key not in first:
                first[key] = len(self.items)
            self._first = first
        return self._first.get(_exact_key(value))

    def approximate(self, value, descending: bool = False):
        """MATCH's binary search (match_type 1, or -1 when ``descending``)."""
        return _binary_search(value, self.items, descending, self.tail, self.n)


#: Entries searched one by one below this count; an index is built above it
#: (from the second search of the same entries).
INDEXED_MIN = 64


def searched(ctx, source, how: str = "vector"):
    """``(array, entries)`` of a lookup's range or array argument ``source``
    (an XLError is returned as it is; #REF! for a sheet the workbook
    lacks): its values, and the
    :class:`Searched` entries of itself (``how`` "vector": a row or column),
    of its first column or of its first row.  A reference's are remembered
    for the rest of the recalculation (:meth:`~..usedrange.UsedRange.remembered`):
    a filled-down column of lookups into one range reads it once and
    searches an index, not every entry, for exact matches."""
    if isinstance(source, XLError):
        return source
    if isinstance(source, Area):
        area = source
        if not ctx.book.has_sheet(area.sheet):
            return errors.REF(f"no sheet named {area.sheet!r}")
        return ctx.book.remembered(("lookup entries", area, how),
                                   lambda: _entries_of(ctx.book.grid(area), how))
    return _entries_of(source if isinstance(source, Array) else Array(((source,),)), how)


def _entries_of(array: Array, how: str):
    if how == "column":
        return array, Searched(window(array, 0, 0, array.height - 1, 0))
    if how == "row":
        return array, Searched(window(array, 0, 0, 0, array.width - 1))
    return array, Searched(array)


def _exact_key(v):
    """What two values share when an exact lookup matches one with the
    other: the type and the value (text without regard to case); None for
    blanks and errors, which match nothing."""
    if isinstance(v, bool):
        return ("b", v)
    if isinstance(v, float):
        return ("n", v)
    if isinstance(v, str):
        return ("t", text_key(v))
    return None


def _first_of(matches, items, tail, n):
    for i, v in enumerate(items):
        if matches(v):
            return i
    if n > len(items) and matches(tail):
        return len(items)
    return None


def needle(value):
    """The value a legacy lookup (MATCH, VLOOKUP, HLOOKUP) looks for: an
    empty cell given as lookup_value is the number 0.  Excel coerces it so:
    ``MATCH(F1,A1:A6,0)`` with F1 blank gives the position of A1:A6's 0
    (measured in Excel 16.105.3 for formualizer's issue 319; HyperFormula's
    issue 526, "first argument of VLOOKUP is not coerced from null"), and
    an entry that is blank is still no match.  LibreOffice looks up an
    empty value instead (docs/compatibility.md, lookup-blank-needle)."""
    return 0.0 if value is EMPTY else value


@function("MATCH", SCALAR, RAW, opt(NUMBER, 1.0), ctx=True)
def MATCH(ctx, value, source, match_type):
    """Position (1-based) of ``value`` in a row or column.

    match_type 1 (default): largest value <= value, data assumed ascending;
    0: first exact match (case-insensitive, wildcards * ? ~ for text);
    -1: smallest value >= value, data assumed descending.  #N/A if none.
    An empty cell as ``value`` is looked up as 0 (:func:`needle`).
    """
    if isinstance(source, XLError):
        return source
    value = needle(value)
    if isinstance(source, (Area, Array)) and source.height != 1 and source.width != 1:
        return errors.NA("MATCH needs a single row or column")
    searching = searched(ctx, source)  # a whole column: its used rows and the empty rest
    if isinstance(searching, XLError):
        return searching
    entries = searching[1]
    found = entries.exact(value) if match_type == 0 else entries.approximate(value, match_type < 0)
    if found is None:
        return errors.NA(f"no match for {shown(value)}")
    return float(found + 1)


@function("INDEX", RAW, opt(NUMBER, 0.0), opt(NUMBER, math.nan))  # NaN: left out
def INDEX(source, row, col):
    """The cell (a reference) or element at row, col; 0 selects a whole
    row or column.  A one-row source takes a single index as the column
    (``INDEX(A1:D1,2)`` is B1); given both, the row counts as a row
    (``INDEX(A1:D1,2,0)`` is #REF!, as in Excel)."""
    if isinstance(source, XLError):
        return source
    if not isinstance(source, (Area, Array)):
        source = Array(((source,),))
    height, width = source.height, source.width
    single_index = math.isnan(col)
    row, col = int(row), 0 if single_index else int(col)
    if height == 1 and single_index and row > 0 and width > 1:
        row, col = 1, row
    if row < 0 or col < 0 or row > height or col > width:
        return errors.REF("INDEX out of range")
    r1, r2 = (1, height) if row == 0 else (row, row)
    c1, c2 = (1, width) if col == 0 else (col, col)
    if isinstance(source, Area):
        return Area(source.sheet, source.row1 + r1 - 1, source.col1 + c1 - 1,
                    source.row1 + r2 - 1, source.col1 + c2 - 1)
    if (r1, c1) == (r2, c2):
        return source.at(r1 - 1, c1 - 1)
    return window(source, r1 - 1, c1 - 1, r2 - 1, c2 - 1)


@function("OFFSET", position(REF), NUMBER, NUMBER, opt(NUMBER, math.nan), opt(NUMBER, math.nan),
          volatile=True)  # NaN: left out (OFFSET(A1,1,1,,) too)
def OFFSET(ref, rows, cols, height, width):
    """The reference ``rows`` down and ``cols`` right of ``ref``, resized to
    height x width (default: the size of ``ref``).  Volatile.  Only the
    position of ``ref`` is used (``=OFFSET(A1,1,0)`` in A1 reads A2 alone);
    the reference it returns is read where the formula uses its values, so
    ``=OFFSET(A1,0,0)`` in A1 is a circular reference, as in Excel."""
    height = ref.height if math.isnan(height) else int(height)
    width = ref.width if math.isnan(width) else int(width)
    if height < 1 or width < 1:
        return errors.REF("OFFSET height and width must be at least 1")
    r1, c1 = ref.row1 + int(rows), ref.col1 + int(cols)
    r2, c2 = r1 + height - 1, c1 + width - 1
    if r1 < 1 or c1 < 1 or r2 > MAX_ROW or c2 > MAX_COL:
        return errors.REF("OFFSET moved off the grid")
    return Area(ref.sheet, r1, c1, r2, c2)


#: One end of an R1C1 reference: R and C each followed by a number (absolute),
#: a bracketed offset from the formula's cell, or nothing (the formula's own);
#: or R alone (a whole row) or C alone (a whole column) with a number or offset.
_R1C1_END = re.compile(r"^(?:R(\d+|\[-?\d+\])?C(\d+|\[-?\d+\])?|R(\d+|\[-?\d+\])|C(\d+|\[-?\d+\]))$",
                       re.IGNORECASE)


def _r1c1_position(part: str | None, host: int) -> int:
    if part is None:
        return host
    return host + int(part[1:-1]) if part.startswith("[") else int(part)


def _r1c1_area(text: str, sheet: str, host_row: int, host_col: int):
    """The area an R1C1 reference spells seen from the host cell (``R2C3``,
    ``R[-1]C``, ``R1C1:R2C2``, whole rows ``R2:R3`` and columns ``C[1]``), or
    None when it is not one or leaves the grid."""
    ends = []
    for part in text.split(":") if text.count(":") <= 1 else ():
        m = _R1C1_END.match(part)
        if not m:
            return None
        row, col, row_only, col_only = m.groups()
        if row_only is not None:
            r = _r1c1_position(row_only, host_row)
            ends.append(("row", r, 1, r, MAX_COL))
        elif col_only is not None:
            c = _r1c1_position(col_only, host_col)
            ends.append(("column", 1, c, MAX_ROW, c))
        else:
            r, c = _r1c1_position(row, host_row), _r1c1_position(col, host_col)
            ends.append(("cell", r, c, r, c))
    if not ends or len({e[0] for e in ends}) != 1:
        return None
    r1, c1 = min(e[1] for e in ends), min(e[2] for e in ends)
    r2, c2 = max(e[3] for e in ends), max(e[4] for e in ends)
    if r1 < 1 or c1 < 1 or r2 > MAX_ROW or c2 > MAX_COL:
        return None
    return Area(sheet, r1, c1, r2, c2)


@function("INDIRECT", TEXT, opt(LOGICAL, True), volatile=True, ctx=True)
def INDIRECT(ctx, text, a1):
    """The reference (or defined name) spelled by ``text``: in A1 style, or
    with ``a1`` FALSE in R1C1 style (``R2C3``; ``R[-1]C[2]`` counts from the
    formula's own cell).  #REF! for text that is neither, or a sheet the
    workbook does not have.  Excel's INDIRECT."""
    if not a1:
        try:
            sheet, rest = split_sheet(text.strip())
        except ValueError:
            return errors.REF(f"INDIRECT({text!r}) is not a reference")
        area = _r1c1_area(rest, sheet or ctx.sheet, ctx.row, ctx.col)
        if area is None:
            return errors.REF(f"INDIRECT({text!r}, FALSE) is not an R1C1 reference on the grid")
        if not ctx.book.has_sheet(area.sheet):
            return errors.REF(f"INDIRECT({text!r}) names no sheet of this workbook")
        return Area(ctx.book.sheet_name(area.sheet), area.row1, area.col1, area.row2, area.col2)
    ref = Ref.parse(text.strip(), 1, 1)
    if ref is not None:
        area = ref.area(ctx.sheet, 1, 1)
        if area is not None and ctx.book.has_sheet(area.sheet):
            return Area(ctx.book.sheet_name(area.sheet), area.row1, area.col1, area.row2, area.col2)
        return errors.REF(f"INDIRECT({text!r}) names no sheet of this workbook")
    value = ctx.book.name_by_text(text.strip(), ctx)
    return value if value is not None else errors.REF(f"INDIRECT({text!r}) is not a reference")


def _positions(ctx, ref, rows: bool):
    if ref is None or ref is EMPTY:
        return float(ctx.row if rows else ctx.col)
    first, last = (ref.row1, ref.row2) if rows else (ref.col1, ref.col2)
    if first == last:
        return float(first)
    if rows:
        return Array(tuple((float(r),) for r in range(first, last + 1)))
    return Array((tuple(float(c) for c in range(first, last + 1)),))


@function("ROW", position(opt(REF, None)), ctx=True)
def ROW(ctx, ref):
    """Row number of ``ref`` (of the host cell when left out); its rows'
    numbers for a taller range (the first one in a cell).  Excel's ROW:
    the cells' values are not read, so ``=ROW(A1)`` in A1 is 1."""
    return _positions(ctx, ref, rows=True)


@function("COLUMN", position(opt(REF, None)), ctx=True)
def COLUMN(ctx, ref):
    """Column number of ``ref`` (of the host cell when left out); Excel's
    COLUMN, which reads no cell value (``=COLUMN(A1)`` in A1 is 1)."""
    return _positions(ctx, ref, rows=False)


def _size(source, rows: bool):
    if isinstance(source, XLError):
        return source
    if isinstance(source, (Area, Array)):
        return float(source.height if rows else source.width)
    return 1.0


@function("ROWS", position(RAW))
def ROWS(source):
    """Number of rows of a reference or array (1 for a single value).
    Excel's ROWS: a reference's cells are not read, so the running count
    ``=ROWS($A$1:A1)`` filled down column A gives 1, 2, 3 ..."""
    return _size(source, rows=True)


@function("COLUMNS", position(RAW))
def COLUMNS(source):
    """Number of columns of a reference or array (1 for a single value);
    Excel's COLUMNS, which reads no cell value."""
    return _size(source, rows=False)


@function("CHOOSE", NUMBER, LAZY, many(LAZY))
def CHOOSE(index, *choices):
    """The index-th choice (1-based, truncated); only that one is evaluated."""
    i = int(index)
    if not 1 <= i <= len(choices):
        return errors.VALUE(f"CHOOSE index {index} outside 1..{len(choices)}")
    return choices[i - 1]()
