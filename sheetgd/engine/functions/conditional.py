"""Conditional aggregates: COUNTIF, COUNTIFS, SUMIF, SUMIFS, AVERAGEIF,
AVERAGEIFS, MAXIFS, MINIFS, COUNTBLANK.

Criteria follow Excel's rules (:mod:`.criteria`).  The ranges are
references or arrays; whole columns cost their used rows (the empty rest
is tested once and counted as often as it repeats).  Only numbers are
added, averaged or compared in the range of values (text and logical values
there are skipped); an error there is returned when its row meets every
criterion, ignored otherwise.  Errors in a criteria range never meet a
criterion other than one naming that error.

As in Excel, the range of values of SUMIF and AVERAGEIF counts from its
top-left cell with the size of the criteria range (``SUMIF(A1:A3,">1",B1)``
adds B1:B3); such a call reads cells its text does not name, so it is
recomputed on every calculation (:attr:`~.base.Spec.reads_beyond`), as
OFFSET is.  The ``*IFS`` functions need every range of one size (#VALUE!
otherwise).
"""

from __future__ import annotations

from collections import Counter

from .. import errors
from ..errors import XLError
from ..nodes import Missing, Paren, RefNode
from ..refs import MAX_COL, MAX_ROW, Area
from ..sparse import Sparse, aligned, runs
from ..values import EMPTY, Array, checked
from .base import ANY, RAW, function, many, opt
from .criteria import equality_key, keys_of, matcher


def values_of(ctx, raw):
    """A range argument as an Array (a reference read cell by cell), or an
    XLError (a single value is not a range: #VALUE!)."""
    if isinstance(raw, XLError):
        return raw
    if isinstance(raw, Area):
        return ctx.book.grid(raw)
    if isinstance(raw, Array):
        return raw
    return errors.VALUE("a range is needed here")


def rows_together(arrays):
    """The elements of equally sized arrays position by position, as
    ``(tuple of values, count)``: a whole column's empty rest comes once,
    with the number of rows it stands for."""
    lined_up = aligned(arrays) if all(isinstance(a, Sparse) for a in arrays) else None
    if lined_up is None:
        for values in zip(*(a.flat() for a in arrays)):
            yield values, 1
        return
    a0 = lined_up[0]
    for i in range(a0.h):
        for j in range(a0.w):
            yield tuple(a.dense[i][j] for a in lined_up), 1
        if a0.w < a0.W:
            yield tuple(a.right[i] for a in lined_up), a0.W - a0.w
    if a0.h < a0.H:
        rest = a0.H - a0.h
        for j in range(a0.w):
            yield tuple(a.below[j] for a in lined_up), rest
        if a0.w < a0.W:
            yield tuple(a.corner for a in lined_up), rest * (a0.W - a0.w)


def _resized(ctx, raw, like: Array):
    """SUMIF's and AVERAGEIF's range of values: from its top-left cell, the
    size of the criteria range (clipped at the sheet's edge)."""
    if isinstance(raw, Area):
        r2 = min(MAX_ROW, raw.row1 + like.height - 1)
        c2 = min(MAX_COL, raw.col1 + like.width - 1)
        raw = Area(raw.sheet, raw.row1, raw.col1, r2, c2)
    values = values_of(ctx, raw)
    if isinstance(values, Array) and (values.height, values.width) != (like.height, like.width):
        return errors.VALUE("the ranges differ in size")
    return values


def _pairs(ctx, value_range, pairs):
    """``(value, count)`` of the cells of ``value_range`` (an Array, or
    None to count rows) whose rows meet every (range, criterion) pair; or an
    XLError."""
    from ..evaluate import scalar  # (the evaluator imports this package)

    ranges, tests = [], []
    for raw, criterion in zip(pairs[::2], pairs[1::2]):
        criterion = scalar(criterion, ctx)  # a later pair's criterion arrives as written
        grid = values_of(ctx, raw)
        if isinstance(grid, XLError):
            return grid
        ranges.append(grid)
        tests.append(matcher(criterion))
    first = ranges[0]
    if any((g.height, g.width) != (first.height, first.width) for g in ranges):
        return errors.VALUE("the criteria ranges differ in size")
    if value_range is not None:
        if (value_range.height, value_range.width) != (first.height, first.width):
            return errors.VALUE("the range of values differs in size from the criteria ranges")
        ranges = [value_range] + ranges
    out = []
    offset = 0 if value_range is None else 1
    for values, count in rows_together(ranges):
        if all(test(v) for test, v in zip(tests, values[offset:])):
            out.append((values[0] if value_range is not None else True, count))
    return out


def _numbers(selected):
    """The numbers among selected ``(value, count)`` pairs, or the first error."""
    if isinstance(selected, XLError):
        return selected
    out = []
    for v, count in selected:
        if isinstance(v, XLError):
            return v
        if type(v) is float:
            out.append((v, count))
    return out


def _sum(pairs):
    total = 0.0
    for v, count in pairs:
        if v != 0.0:
            for _ in range(count):
                total += v
    return checked(total)


def _average(pairs):
    n = sum(count for _, count in pairs)
    if not n:
        return errors.DIV0("no cell meets the criteria")
    return checked(_sum(pairs) / n)


def _criteria_error(pairs):
    if len(pairs) % 2:
        return errors.VALUE("criteria come in (range, criterion) pairs")
    return None


#: A range of at least this many cells is counted by key once per
#: recalculation for COUNTIF's equality criteria (see :func:`_counts`).
INDEX_MIN_CELLS = 64


def _counts(ctx, area: Area) -> Counter:
    """How many cells of ``area`` meet each equality criterion, by key
    (:func:`~.criteria.keys_of`): one pass over the range, kept for the
    rest of the recalculation, so a column of ``COUNTIF($A$1:$A$9999,A1)``
    filled down costs one pass and a look-up per cell, not a pass per cell."""
    counts: Counter = Counter()
    for v, count in runs(ctx.book.grid(area)):
        for key in keys_of(v):
            counts[key] += count
    return counts


@function("COUNTIF", RAW, ANY, ctx=True)
def COUNTIF(ctx, rng, criterion):
    """How many cells of ``rng`` meet ``criterion`` (Excel's COUNTIF:
    ``COUNTIF(A1:A3,">4")`` over 1, 5, 9 is 2)."""
    key = equality_key(criterion)
    if key is not None and isinstance(rng, Area) and rng.height * rng.width >= INDEX_MIN_CELLS:
        return float(ctx.book.remembered(("COUNTIF counts", rng), lambda: _counts(ctx, rng))[key])
    selected = _pairs(ctx, None, (rng, criterion))
    if isinstance(selected, XLError):
        return selected
    return float(sum(count for _, count in selected))


@function("COUNTIFS", RAW, ANY, many(RAW), ctx=True)
def COUNTIFS(ctx, *pairs):
    """How many rows meet every (range, criterion) pair; #VALUE! when the
    ranges differ in size (Excel's COUNTIFS)."""
    bad = _criteria_error(pairs)
    if bad is not None:
        return bad
    selected = _pairs(ctx, None, pairs)
    if isinstance(selected, XLError):
        return selected
    return float(sum(count for _, count in selected))


def _conditional(ctx, rng, criterion, values, aggregate):
    criteria_cells = values_of(ctx, rng)
    if isinstance(criteria_cells, XLError):
        return criteria_cells
    value_cells = criteria_cells if values is EMPTY else _resized(ctx, values, criteria_cells)
    if isinstance(value_cells, XLError):
        return value_cells
    nums = _numbers(_pairs(ctx, value_cells, (criteria_cells, criterion)))
    return nums if isinstance(nums, XLError) else aggregate(nums)


def _resized_reads(args) -> bool:
    """Whether a SUMIF or AVERAGEIF call may read cells its range of values
    does not name: when that range is not written as a reference of the
    criteria range's size (the graph then recomputes the call every time,
    as it does OFFSET)."""
    if len(args) < 3 or isinstance(args[2], Missing):
        return False
    a, b = (_unwrapped(x) for x in (args[0], args[2]))
    if not (isinstance(a, RefNode) and isinstance(b, RefNode)):
        return True
    for host in ((1000, 100), (9000, 900)):  # a shape that depends on the host cell differs somewhere
        x, y = a.ref.area("s", *host), b.ref.area("s", *host)
        if x is None or y is None or (x.height, x.width) != (y.height, y.width):
            return True
    return False


def _unwrapped(node):
    while isinstance(node, Paren):
        node = node.inner
    return node


@function("SUMIF", RAW, ANY, opt(RAW), ctx=True, reads_beyond=_resized_reads)
def SUMIF(ctx, rng, criterion, sum_range):
    """Sum of the numbers of ``sum_range`` (``rng`` itself when left out)
    whose cells of ``rng`` meet ``criterion``; Excel's SUMIF."""
    return _conditional(ctx, rng, criterion, sum_range, _sum)


@function("AVERAGEIF", RAW, ANY, opt(RAW), ctx=True, reads_beyond=_resized_reads)
def AVERAGEIF(ctx, rng, criterion, average_range):
    """Mean of the numbers selected as SUMIF selects them; #DIV/0! when none
    (Excel's AVERAGEIF)."""
    return _conditional(ctx, rng, criterion, average_range, _average)


def _conditional_s(ctx, values, pairs, aggregate):
    bad = _criteria_error(pairs)
    if bad is not None:
        return bad
    value_cells = values_of(ctx, values)
    if isinstance(value_cells, XLError):
        return value_cells
    nums = _numbers(_pairs(ctx, value_cells, pairs))
    return nums if isinstance(nums, XLError) else aggregate(nums)


@function("SUMIFS", RAW, RAW, ANY, many(RAW), ctx=True)
def SUMIFS(ctx, sum_range, *pairs):
    """Sum of the numbers of ``sum_range`` whose rows meet every (range,
    criterion) pair; #VALUE! when the ranges differ in size (Excel's SUMIFS)."""
    return _conditional_s(ctx, sum_range, pairs, _sum)


@function("AVERAGEIFS", RAW, RAW, ANY, many(RAW), ctx=True)
def AVERAGEIFS(ctx, average_range, *pairs):
    """Mean of the numbers SUMIFS would add; #DIV/0! when none (Excel's
    AVERAGEIFS)."""
    return _conditional_s(ctx, average_range, pairs, _average)


def _extreme(pick):
    def aggregate(pairs):
        return pick(v for v, _ in pairs) if pairs else 0.0
    return aggregate


@function("MAXIFS", RAW, RAW, ANY, many(RAW), ctx=True, xlfn=True)
def MAXIFS(ctx, max_range, *pairs):
    """Largest number of ``max_range`` whose rows meet every criterion; 0
    when none (Excel's MAXIFS)."""
    return _conditional_s(ctx, max_range, pairs, _extreme(max))


@function("MINIFS", RAW, RAW, ANY, many(RAW), ctx=True, xlfn=True)
def MINIFS(ctx, min_range, *pairs):
    """Smallest number of ``min_range`` whose rows meet every criterion; 0
    when none (Excel's MINIFS)."""
    return _conditional_s(ctx, min_range, pairs, _extreme(min))


@function("COUNTBLANK", RAW, ctx=True)
def COUNTBLANK(ctx, rng):
    """How many cells of a range are empty or hold empty text ("");
    Excel's COUNTBLANK (zeros are not counted)."""
    cells = values_of(ctx, rng)
    if isinstance(cells, XLError):
        return cells
    return float(sum(count for (v,), count in rows_together([cells]) if v is EMPTY or v == ""))
