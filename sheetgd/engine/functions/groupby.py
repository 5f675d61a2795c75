"""GROUPBY and PIVOTBY: a summary of rows of data, grouped by fields along
one axis (GROUPBY) or two (PIVOTBY), each group's values aggregated by a
function (Excel 365; support.microsoft.com, "GROUPBY function", "PIVOTBY
function", "PERCENTOF function").

Arguments (column-oriented: one column per field, one row per row of data;
the fields, values and filter must have as many rows as one another, else
#VALUE!):

- ``function``: a LAMBDA, or a function's name (``SUM``, ``_xleta.SUM`` in
  files: :class:`~sheetgd.engine.lambdas.Builtin`).  One taking one
  argument gets a group's values (a column array); one taking two
  (PERCENTOF, ``LAMBDA(part,all,...)``) also gets the values it is relative
  to: all rows for GROUPBY, and for PIVOTBY those that ``relative_to``
  names: 0 the column's total (default), 1 the row's total, 2 the grand
  total, 3 the parent column's total, 4 the parent row's total.  Its
  result must be one value (#CALC! otherwise).  A row of functions
  (``HSTACK(SUM,AVERAGE)``) gives a result column for each, named in a
  header line (see :func:`_functions`): with several values columns, one
  function each (``HSTACK(SUM,MAX)`` over two columns: SUM of the first,
  MAX of the second, as pyofficeeditor's records of Excel pair them); a
  column of functions is not supported (#VALUE!).
- ``field_headers``: 0 no headers; 1 the first row holds headers, not
  shown; 2 no headers, generate them ("Row Field 1", "Column Field 1",
  "Value 1"); 3 headers, shown.  Omitted: the data has headers when the
  first value of ``values`` is text and the second a number, shown when
  there are several row (or column) fields (the pages' rule).
- ``total_depth`` (GROUPBY), ``row_total_depth`` / ``col_total_depth``
  (PIVOTBY): 0 no totals, 1 a grand total, 2 and more subtotals too for
  that many levels, negative: at the top (left); omitted: a grand total
  only (the pages say "Grand totals and, where possible, subtotals"; the
  ``formulas`` library's GROUPBY and pyofficeeditor's records of PIVOTBY
  have a grand total only).  A values sort needs a total on the other
  axis in PIVOTBY (none: the groups keep their fields' order).
- ``sort_order``: see :mod:`.groupby_axes`; a field or values column that
  does not exist, 0, or a vector naming a values column is #VALUE!.
- ``filter_array``: a column of TRUE/FALSE (numbers: 0 is FALSE) choosing
  the rows of data; text is #VALUE!, an error is itself, blank is FALSE.
- ``field_relationship`` (GROUPBY): 0 hierarchy, 1 table (no subtotals).

The result spills: headers (when shown), then one line per group, subtotal
and total.  Where no row of data meets (a row group and a column group in
PIVOTBY), and where a label has nothing to show, the cell is empty text.
No row of data left (all filtered out) is #CALC!, as FILTER's nothing.
A PIVOTBY summary of more than :data:`~sheetgd.engine.sparse.MAX_LISTED`
values is #NUM!, as other arrays too large to list are (a sheetgd limit:
Excel gives no documented value), found before any value is computed.
"""

from __future__ import annotations

import math

from .. import errors
from ..errors import XLError
from ..lambdas import Builtin, FunctionArray, Lambda, arity_error, invoke
from ..sparse import MAX_LISTED
from ..values import EMPTY, Array, to_number
from .base import GRID, RAW, SCALAR, function, opt
from .groupby_axes import axis
from .lambda_helpers import _one
from .lookup_sort import _same_key

#: What a summary shows where there is no value: a blank cell's text.
BLANK = ""


def _whole(v, what: str, default: int):
    """An integer argument: ``default`` when omitted, else the number
    truncated, or the error it is."""
    if v is EMPTY:
        return default
    n = to_number(v)
    if isinstance(n, XLError):
        return n
    return math.trunc(n)


def _columns(a: Array):
    return [[row[j] for row in a.rows] for j in range(a.width)]


def _takes(fn):
    """How many arguments an aggregating function takes (1 or 2), or the error."""
    for count in (1, 2):
        if arity_error(fn, count) is None:
            return count
    return errors.VALUE(f"{fn!r} must take one argument (the values) or two (the values, all values)")


def _functions(fn):
    """The aggregating functions, ``[(function, arguments it takes, name)]``,
    and whether a line of their names is shown; or the error.  A vector
    across (``HSTACK(SUM,AVERAGE)``), with perhaps a second row of names
    (``VSTACK(HSTACK(SUM,AVERAGE),{"Total","Mean"})``), names the functions
    in a header line: a function by its name, a LAMBDA "CUSTOM1",
    "CUSTOM2"... (as EPPlus's tests record)."""
    if isinstance(fn, XLError):
        return fn
    if isinstance(fn, Lambda):
        takes = _takes(fn)
        return takes if isinstance(takes, XLError) else ([(fn, takes, BLANK)], False)
    if not isinstance(fn, FunctionArray) or fn.height > 2 or fn.height == 2 and any(
            f is not None for f in fn.functions[1]):
        return errors.VALUE("the function must be a LAMBDA, a function's name or a row of them "
                            "(a column of functions is not supported)")
    out, custom = [], 0
    for j, f in enumerate(fn.functions[0]):
        if not isinstance(f, Lambda):
            return errors.VALUE("the vector of functions holds something else than a function")
        takes = _takes(f)
        if isinstance(takes, XLError):
            return takes
        if fn.height == 2:
            name = fn.rows[1][j]
        elif isinstance(f, Builtin):
            name = f.name
        else:
            custom += 1
            name = f"CUSTOM{custom}"
        out.append((f, takes, name))
    return out, fn.width > 1 or fn.height == 2


def _given(raw, ctx):
    """An optional array argument as an Array; None when omitted (left
    empty: ``GROUPBY(A2:A9,B2:B9,SUM,,,,C2:C9>0)``)."""
    from ..evaluate import grid

    if raw is None or raw is EMPTY:
        return None
    return grid(raw, ctx)


def _filter(filter_array, n: int):
    """Which rows of data the filter keeps (a list of booleans), or the error."""
    if filter_array is None:
        return [True] * n
    if isinstance(filter_array, XLError):
        return filter_array
    if filter_array.width != 1 or filter_array.height != n:
        return errors.VALUE(f"filter_array must be one column of {n} rows, like the fields")
    keep = []
    for (v,) in filter_array.rows:
        if isinstance(v, XLError):
            return v
        if isinstance(v, str):
            return errors.VALUE("filter_array holds text: TRUE or FALSE is needed")
        keep.append(v is not EMPTY and bool(v))
    return keep


def _sort(spec, k: int, m: int):
    """``sort_order`` as ``[(position, direction)]`` (0-based, values after
    the ``k`` fields), or the error."""
    if spec is None:
        return []
    if isinstance(spec, XLError):
        return spec
    numbers = spec.flat() if isinstance(spec, Array) else [spec]
    out = []
    for v in numbers:
        n = _whole(v, "sort_order", 0)
        if isinstance(n, XLError):
            return n
        if n == 0 or abs(n) > k + m:
            return errors.VALUE(f"sort_order {n}: no such field or values column")
        out.append((abs(n) - 1, 1 if n > 0 else -1))
    if len(out) > 1 and any(p >= k for p, _ in out):
        return errors.VALUE("a vector of sort_order numbers may name fields only")
    return out


class _Summary:
    """The data of one call, once checked: the fields' columns, the values'
    columns, their names, the rows kept, and the aggregating function."""

    def __init__(self, ctx, name, functions, named, pairs, rows, cols, values, names, members):
        self.ctx, self.name, self.functions, self.named, self.pairs = ctx, name, functions, named, pairs
        self.rows, self.cols, self.values = rows, cols, values
        self.names, self.members = names, members
        self.row_keys = [tuple(_same_key(f[i]) for f in rows) for i in range(len(values[0]))]
        self.col_keys = [tuple(_same_key(f[i]) for f in cols) for i in range(len(values[0]))]
        self._memo: dict = {}
        self._matching: dict = {}

    def two(self, q: int) -> bool:
        """Whether the function of result column ``q`` takes two arguments."""
        return self.functions[self.pairs[q][1]][1] == 2

    def aggregate(self, members, q: int, relative=None):
        """Result column ``q`` (a values column and a function: :attr:`pairs`)
        over ``members`` (and, for a function of two arguments, over
        ``relative``: all rows kept by default); empty text for no members."""
        if not members:
            return BLANK
        j, f = self.pairs[q]
        fn, takes, _ = self.functions[f]
        relative = self.members if relative is None else relative
        key = (tuple(members), q, tuple(relative) if takes == 2 else None)
        if key not in self._memo:
            column = self.values[j]
            part = Array(tuple((column[i],) for i in members))
            args = [part] if takes == 1 else [part, Array(tuple((column[i],) for i in relative))]
            self._memo[key] = _one(invoke(fn, args, self.ctx), self.ctx, self.name)
        return self._memo[key]

    def heads(self, shown: bool):
        """The header lines over the result columns: the functions' names
        (a vector of functions), then the values' names (headers shown)."""
        out = []
        if self.named:
            out.append(tuple(self.functions[f][2] for _, f in self.pairs))
        if shown:
            out.append(tuple(self.names[2][j] for j, _ in self.pairs))
        return out

    def matching(self, row_prefix, col_prefix):
        """The rows kept whose first row fields and column fields are these
        keys (in data order).  The rows are indexed once per pair of prefix
        lengths, so asking for every cell of a summary costs one pass over
        the data per pair, not one per cell."""
        lengths = (len(row_prefix), len(col_prefix))
        if lengths not in self._matching:
            r, c = lengths
            index: dict = {}
            for i in self.members:
                index.setdefault((self.row_keys[i][:r], self.col_keys[i][:c]), []).append(i)
            self._matching[lengths] = index
        return self._matching[lengths].get((row_prefix, col_prefix), [])


def _prepare(ctx, name, row_fields, col_fields, values, fn, field_headers, filter_array, pivot):
    """A :class:`_Summary` and the headers mode (shown or not), or the error."""
    for a in (row_fields, col_fields, values):
        if isinstance(a, XLError):
            return a
    found = _functions(fn)
    if isinstance(found, XLError):
        return found
    functions, named = found
    m, count = values.width, len(functions)
    if count > 1 and m > 1 and count != m:
        return errors.VALUE(f"{name}: {count} functions for {m} values columns (one each, or one for all)")
    pairs = [(j, 0) for j in range(m)] if count == 1 else [(f if m > 1 else 0, f) for f in range(count)]
    n = values.height
    if row_fields.height != n or (pivot and col_fields.height != n):
        return errors.VALUE(f"{name}: the fields and values must have as many rows as one another")
    mode = _whole(field_headers, "field_headers", -1)
    if isinstance(mode, XLError):
        return mode
    if mode > 3 or mode < -1 or (mode == -1 and field_headers is not EMPTY):
        return errors.VALUE(f"{name}: field_headers must be 0, 1, 2 or 3")
    if mode == -1:  # automatic
        first = values.rows[0][0]
        found = n > 1 and isinstance(first, str) and type(values.rows[1][0]) is float
        several = row_fields.width > 1 or pivot and col_fields.width > 1
        mode = (3 if several else 1) if found else 0
    has, shown = mode in (1, 3), mode in (2, 3)
    keep = _filter(_given(filter_array, ctx), n)
    if isinstance(keep, XLError):
        return keep
    members = [i for i in range(1 if has else 0, n) if keep[i]]
    if not members:
        return XLError("#CALC!", f"{name}: no rows of data to summarise")
    rows, cols, vals = _columns(row_fields), _columns(col_fields) if pivot else [], _columns(values)

    def names(columns, generated):
        return [c[0] if has else f"{generated} {j + 1}" for j, c in enumerate(columns)]
    labels = (names(rows, "Row Field"), names(cols, "Column Field"), names(vals, "Value"))
    return _Summary(ctx, name, functions, named, pairs, rows, cols, vals, labels, members), shown


def _depth(v, table: bool):
    depth = _whole(v, "total_depth", 1)
    if isinstance(depth, XLError) or not table:
        return depth
    return max(-1, min(1, depth))  # the table relationship has no subtotals


def _text(v):
    return BLANK if v is EMPTY else v


@function("GROUPBY", GRID, GRID, RAW, opt(SCALAR, EMPTY), opt(SCALAR, EMPTY), opt(RAW, None),
          opt(RAW, None), opt(SCALAR, EMPTY), ctx=True, array_args=True, xlfn=True)
def GROUPBY(ctx, row_fields, values, fn, field_headers, total_depth, sort_order, filter_array,
            field_relationship):
    """GROUPBY(row_fields, values, function, [field_headers], [total_depth],
    [sort_order], [filter_array], [field_relationship]): one line per group
    of the rows of data by ``row_fields``, its fields then the function of
    each values column; subtotals and a grand total as ``total_depth``
    says.  Excel's GROUPBY (see the module's notes)."""
    prepared = _prepare(ctx, "GROUPBY", row_fields, EMPTY, values, fn, field_headers,
                        filter_array, False)
    if isinstance(prepared, XLError):
        return prepared
    s, shown = prepared
    k, m = len(s.rows), len(s.pairs)
    table = _whole(field_relationship, "field_relationship", 0)
    if isinstance(table, XLError) or table not in (0, 1):
        return table if isinstance(table, XLError) else errors.VALUE("field_relationship must be 0 or 1")
    depth = _depth(total_depth, table == 1)
    sort = _sort(_given(sort_order, ctx), k, m)
    for v in (depth, sort):
        if isinstance(v, XLError):
            return v
    lines = axis(s.rows, s.members, depth, sort, table == 1, s.aggregate)
    heads = s.heads(shown)
    out = [(BLANK,) * k + h for h in heads[:-1]]
    if heads:
        out.append((tuple(s.names[0]) if shown else (BLANK,) * k) + heads[-1])
    for line in lines:
        out.append(tuple(_text(v) for v in line.labels)
                   + tuple(s.aggregate(line.members, j) for j in range(m)))
    return Array(tuple(out))


def _meetings(row_lines, col_lines, members) -> dict:
    """``{(row line, column line): the rows of data both cover, in data
    order}`` for the pairs that meet at all: one pass over the rows of data
    (each in one line per level of each axis), so a summary of thousands of
    groups across and down costs its size, not rows x columns intersections."""
    def lines_of(lines):
        found: dict = {}
        for index, line in enumerate(lines):
            for i in line.members:
                found.setdefault(i, []).append(index)
        return found
    down, across = lines_of(row_lines), lines_of(col_lines)
    met: dict = {}
    for i in members:
        for ri in down.get(i, ()):
            for ci in across.get(i, ()):
                met.setdefault((ri, ci), []).append(i)
    return met


@function("PIVOTBY", GRID, GRID, GRID, RAW, opt(SCALAR, EMPTY), opt(SCALAR, EMPTY), opt(RAW, None),
          opt(SCALAR, EMPTY), opt(RAW, None), opt(RAW, None), opt(SCALAR, EMPTY),
          ctx=True, array_args=True, xlfn=True)
def PIVOTBY(ctx, row_fields, col_fields, values, fn, field_headers, row_total_depth, row_sort_order,
            col_total_depth, col_sort_order, filter_array, relative_to):
    """PIVOTBY(row_fields, col_fields, values, function, [field_headers],
    [row_total_depth], [row_sort_order], [col_total_depth], [col_sort_order],
    [filter_array], [relative_to]): the rows of data grouped by
    ``row_fields`` down and ``col_fields`` across, the function of each
    values column where a row group and a column group meet; ``relative_to``
    chooses what a function of two arguments (PERCENTOF) is relative to.
    Excel's PIVOTBY (see the module's notes)."""
    prepared = _prepare(ctx, "PIVOTBY", row_fields, col_fields, values, fn, field_headers,
                        filter_array, True)
    if isinstance(prepared, XLError):
        return prepared
    s, shown = prepared
    k, c, m = len(s.rows), len(s.cols), len(s.pairs)
    relative = _whole(relative_to, "relative_to", 0)
    if isinstance(relative, XLError) or relative not in (0, 1, 2, 3, 4):
        return relative if isinstance(relative, XLError) else errors.VALUE("relative_to must be 0 to 4")
    row_depth, col_depth = _depth(row_total_depth, False), _depth(col_total_depth, False)
    row_sort, col_sort = _sort(_given(row_sort_order, ctx), k, m), _sort(_given(col_sort_order, ctx), c, m)
    for v in (row_depth, col_depth, row_sort, col_sort):
        if isinstance(v, XLError):
            return v
    if not col_depth:  # no total column to sort the rows by
        row_sort = [(p, d) for p, d in row_sort if p < k]
    if not row_depth:
        col_sort = [(p, d) for p, d in col_sort if p < c]
    row_lines = axis(s.rows, s.members, row_depth, row_sort, False, s.aggregate)
    col_lines = axis(s.cols, s.members, col_depth, col_sort, False, s.aggregate, across=True)

    width = len(col_lines) * m
    if (len(row_lines) + c + 2) * (width + k) > MAX_LISTED:
        return errors.NUM(f"PIVOTBY: a summary of {len(row_lines):,} x {len(col_lines) * m:,} "
                          f"values, more than the {MAX_LISTED:,} sheetgd lists in one array")
    met = _meetings(row_lines, col_lines, s.members)

    nothing = (BLANK,) * m
    two = any(s.two(j) for j in range(m))

    def cells(ri, row, ci, col):
        """The function of each values column where ``row`` and ``col`` meet."""
        members = met.get((ri, ci))
        if members is None:
            return nothing
        relative_set = None
        if two:
            r, q = row.keys, col.keys
            base = {0: ((), q), 1: (r, ()), 2: ((), ()), 3: (r, q[:-1]), 4: (r[:-1], q)}[relative]
            relative_set = s.matching(*base)
        return tuple(s.aggregate(members, j, relative_set if s.two(j) else None) for j in range(m))

    out = []
    if shown:
        out.append((BLANK,) * k + (", ".join(str(x) for x in s.names[1]),) + (BLANK,) * (width - 1))
    for level in range(c):
        out.append((BLANK,) * k + tuple(_text(col.labels[level]) for col in col_lines for _ in range(m)))
    heads = s.heads(shown)
    for i, head in enumerate(heads):
        left = tuple(s.names[0]) if shown and i == len(heads) - 1 else (BLANK,) * k
        out.append(left + head * len(col_lines))
    for ri, row in enumerate(row_lines):
        out.append(tuple(_text(v) for v in row.labels)
                   + tuple(v for ci, col in enumerate(col_lines) for v in cells(ri, row, ci, col)))
    return Array(tuple(out))
