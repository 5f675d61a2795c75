"""Lookup: VLOOKUP, HLOOKUP, LOOKUP, XLOOKUP, XMATCH.

They share MATCH's comparison (:mod:`.lookup`): entries of another type
than the value looked up never match (``"2"`` is not 2), text compares
without regard to case, numbers by their exact binary values.  The
approximate modes of VLOOKUP, HLOOKUP and LOOKUP are MATCH's binary search,
Excel's documented behaviour on sorted data, and on unsorted data what that
search meets (``VLOOKUP(1,{1,"a";0,"b"},2)`` is "a", as ``MATCH(1,{1,0})``
is 1).  Exact matches of VLOOKUP, HLOOKUP (range_lookup FALSE) and
XLOOKUP/XMATCH with match_mode 2 read text with ``* ? ~`` as wildcards.

XLOOKUP returns a reference when its return_array is one (``SUM(XLOOKUP(
...))`` of a whole row, ``A1:XLOOKUP(...)``), as in Excel.
"""

from __future__ import annotations

from .. import errors
from ..errors import XLError
from ..refs import Area
from ..sparse import window
from ..values import EMPTY, Array, compare, shown
from .base import GRID, LAZY, LOGICAL, NUMBER, RAW, SCALAR, function, opt
from .lookup import _binary_search, _comparable, matcher, needle, searched


def _shape(source) -> tuple[int, int]:
    """Height and width of a reference, array or single value."""
    return (source.height, source.width) if isinstance(source, (Area, Array)) else (1, 1)


def _table_lookup(ctx, name, value, source, index, approximate, vertical):
    """VLOOKUP (``vertical``) and HLOOKUP: the entry ``index`` columns (rows)
    along from the match in the table's first column (row)."""
    if isinstance(source, XLError):
        return source
    k = int(index)
    if k < 1:
        return errors.VALUE(f"{name} index {index:g} is below 1")
    height, width = _shape(source)
    if k > (width if vertical else height):
        return errors.REF(f"{name} index {k} is past the table's last {'column' if vertical else 'row'}")
    value = needle(value)
    searching = searched(ctx, source, "column" if vertical else "row")
    if isinstance(searching, XLError):
        return searching
    table, entries = searching
    found = entries.approximate(value) if approximate else entries.exact(value)
    if found is None:
        return errors.NA(f"{name}: no match for {shown(value)}")
    return table.at(found, k - 1) if vertical else table.at(k - 1, found)


@function("VLOOKUP", SCALAR, RAW, NUMBER, opt(LOGICAL, True), ctx=True)
def VLOOKUP(ctx, value, table, col_index, approximate):
    """The entry in column ``col_index`` (1-based, truncated) of the row
    whose first cell matches ``value``.  range_lookup TRUE (default): the
    last row whose first cell is <= value, by Excel's binary search (data
    sorted ascending); FALSE: the first equal one (text without regard to
    case, wildcards * ? ~).  #N/A when none matches, #VALUE! for a column
    below 1, #REF! for one past the table; an empty cell as ``value`` is
    looked up as 0 (:func:`.lookup.needle`).  Excel's VLOOKUP
    (support.microsoft.com, "VLOOKUP function")."""
    return _table_lookup(ctx, "VLOOKUP", value, table, col_index, approximate, vertical=True)


@function("HLOOKUP", SCALAR, RAW, NUMBER, opt(LOGICAL, True), ctx=True)
def HLOOKUP(ctx, value, table, row_index, approximate):
    """VLOOKUP across: the entry in row ``row_index`` of the column whose
    first cell matches ``value``; the same rules and errors.  Excel's
    HLOOKUP (support.microsoft.com, "HLOOKUP function")."""
    return _table_lookup(ctx, "HLOOKUP", value, table, row_index, approximate, vertical=False)


def _entry(vector_array: Array, k: int):
    """Entry ``k`` (0-based) of a one-row or one-column array; #N/A past its end."""
    if vector_array.width == 1 and k < vector_array.height:
        return vector_array.at(k, 0)
    if vector_array.height == 1 and k < vector_array.width:
        return vector_array.at(0, k)
    return errors.NA("LOOKUP result_vector is shorter than the match's position")


@function("LOOKUP", SCALAR, RAW, opt(GRID, None), ctx=True)
def LOOKUP(ctx, value, source, result):
    """The value matching ``value`` by Excel's approximate binary search
    (the last entry <= value of sorted data; no wildcards).

    Vector form (``result`` given): the entry at the match's position in
    ``result``; ``lookup`` must be one row or column.  Array form: in the
    first row of an array wider than tall, else in its first column; the
    entry of the last row (column) at the match's position.  #N/A when
    value is below every entry.  Excel's LOOKUP (support.microsoft.com,
    "LOOKUP function")."""
    if isinstance(source, XLError):
        return source
    if isinstance(result, XLError):
        return result
    if value is EMPTY:
        return errors.NA("LOOKUP of an empty value")
    height, width = _shape(source)
    across = width > height
    if result is not None and height != 1 and width != 1:
        return errors.NA("LOOKUP's lookup_vector must be one row or column")
    searching = searched(ctx, source, ("row" if across else "column") if result is None else "vector")
    if isinstance(searching, XLError):
        return searching
    lookup, keys = searching
    found = keys.approximate(value)
    if found is None:
        return errors.NA(f"LOOKUP: no match for {shown(value)}")
    if result is None:
        return lookup.at(lookup.height - 1, found) if across else lookup.at(found, lookup.width - 1)
    return _entry(result, found)


# --- XLOOKUP and XMATCH ------------------------------------------------------------------

def _entries(items, tail, n, reverse: bool):
    """``(position, entry)`` in search order; the repeated ``tail`` (a whole
    column's empty rest) comes once, at its first (last) position."""
    used = len(items)
    if not reverse:
        yield from enumerate(items)
        if n > used:
            yield used, tail
        return
    if n > used:
        yield n - 1, tail
    for k in range(used - 1, -1, -1):
        yield k, items[k]


def _linear(value, items, tail, n, match_mode, reverse):
    """The first position, in search order, of an exact match (match_mode 0,
    or 2 with wildcards) or, for -1 / 1, of the exact match or else the
    largest smaller / smallest larger entry of the value's type."""
    if match_mode in (0, 2):
        matches = matcher(value, wildcards=match_mode == 2)
        return next((k for k, v in _entries(items, tail, n, reverse) if matches(v)), None)
    best = best_value = None
    for k, v in _entries(items, tail, n, reverse):
        if not _comparable(v, value):
            continue
        c = compare(v, value)
        if c == 0:
            return k
        if c == match_mode and (best is None or compare(v, best_value) == -match_mode):
            best, best_value = k, v
    return best


def _binary(value, items, tail, n, match_mode, descending):
    """XLOOKUP's binary search (search_mode 2 or -2) over sorted entries."""
    found = _binary_search(value, items, descending, tail, n)

    def entry(k):
        return items[k] if k < len(items) else tail

    if found is not None and compare(entry(found), value) == 0:
        return found
    if match_mode == 0:
        return None
    if (match_mode == -1) != descending:  # the neighbour the search stopped on
        return found
    start = 0 if found is None else found + 1  # the next entry of the value's type
    for k, v in _entries(items[start:], tail, n - start, False):
        if _comparable(v, value):
            return start + k
    return None


def _xfind(ctx, name, value, lookup, match_mode, search_mode):
    """Position (0-based) of XLOOKUP/XMATCH's match in ``lookup``, None when
    there is none, or an XLError for bad arguments."""
    if isinstance(lookup, XLError):
        return lookup
    height, width = _shape(lookup)
    if height != 1 and width != 1:
        return errors.VALUE(f"{name}'s lookup_array must be one row or column")
    match_mode, search_mode = int(match_mode), int(search_mode)
    if match_mode not in (0, -1, 1, 2):
        return errors.VALUE(f"{name} match_mode {match_mode} is not 0, -1, 1 or 2")
    if search_mode not in (1, -1, 2, -2):
        return errors.VALUE(f"{name} search_mode {search_mode} is not 1, -1, 2 or -2")
    if match_mode == 2 and search_mode in (2, -2):
        return errors.VALUE(f"{name}: wildcards (match_mode 2) with a binary search")
    searching = searched(ctx, lookup)
    if isinstance(searching, XLError):
        return searching
    entries = searching[1]
    items, tail, n = entries.items, entries.tail, entries.n
    if value is EMPTY:  # left out or blank: the first blank entry (Excel's documentation)
        return next((k for k, v in _entries(items, tail, n, search_mode < 0) if v is EMPTY), None)
    if search_mode == 1 and match_mode in (0, 2):
        return entries.exact(value, wildcards=match_mode == 2)
    if search_mode in (1, -1):
        return _linear(value, items, tail, n, match_mode, reverse=search_mode == -1)
    return _binary(value, items, tail, n, match_mode, descending=search_mode == -2)


def _slice(source, k: int, rows: bool):
    """Row (``rows``) or column ``k`` of a reference, array or single value."""
    if isinstance(source, Area):
        if rows:
            return Area(source.sheet, source.row1 + k, source.col1, source.row1 + k, source.col2)
        return Area(source.sheet, source.row1, source.col1 + k, source.row2, source.col1 + k)
    if not isinstance(source, Array):
        return source
    part = window(source, k, 0, k, source.width - 1) if rows else \
        window(source, 0, k, source.height - 1, k)
    return part.at(0, 0) if part.height == 1 and part.width == 1 else part


@function("XLOOKUP", SCALAR, RAW, RAW, opt(LAZY, None), opt(NUMBER, 0.0), opt(NUMBER, 1.0),
          array_args=True, xlfn=True, ctx=True)
def XLOOKUP(ctx, value, lookup, returned, if_not_found, match_mode, search_mode):
    """The row (for a column ``lookup``) or column (for a row) of
    ``returned`` at the position of ``value``'s match in ``lookup``; a
    reference when ``returned`` is one.

    match_mode 0 (default) exact, -1 exact or the next smaller, 1 exact or
    the next larger, 2 wildcards (* ? ~); search_mode 1 (default) first to
    last, -1 last to first, 2 / -2 binary search of data sorted ascending /
    descending.  A left-out or blank ``value`` finds the first blank entry.
    No match: ``if_not_found`` (evaluated only then) or #N/A.
    #VALUE! when ``lookup`` is not one row or column, when ``returned`` is
    not as long as it, for a mode outside those, and (not documented) for
    wildcards with a binary search.  Excel's XLOOKUP
    (support.microsoft.com, "XLOOKUP function")."""
    if isinstance(lookup, XLError):
        return lookup
    if isinstance(returned, XLError):
        return returned
    height, width = _shape(lookup)
    rows = width == 1
    if _shape(returned)[0 if rows else 1] != (height if rows else width):
        return errors.VALUE("XLOOKUP's return_array differs in length from its lookup_array")
    found = _xfind(ctx, "XLOOKUP", value, lookup, match_mode, search_mode)
    if isinstance(found, XLError):
        return found
    if found is None:
        fallback = None if if_not_found is None else if_not_found()  # None: left out or empty
        return errors.NA(f"XLOOKUP: no match for {shown(value)}") if fallback is None else fallback
    return _slice(returned, found, rows)


@function("XMATCH", SCALAR, RAW, opt(NUMBER, 0.0), opt(NUMBER, 1.0), array_args=True, xlfn=True,
          ctx=True)
def XMATCH(ctx, value, lookup, match_mode, search_mode):
    """Position (1-based) of ``value`` in a row or column, with XLOOKUP's
    match_mode (default 0: exact) and search_mode; #N/A when none matches.
    Excel's XMATCH (support.microsoft.com, "XMATCH function")."""
    found = _xfind(ctx, "XMATCH", value, lookup, match_mode, search_mode)
    if found is None:
        return errors.NA(f"XMATCH: no match for {shown(value)}")
    return found if isinstance(found, XLError) else float(found + 1)
