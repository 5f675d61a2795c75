"""Arrays that are mostly one repeated value: whole columns, rows and sheets.

A reference such as ``A:A`` names 1,048,576 cells, ``s!A:XFD`` over 17
billion, but a sheet holds values only in its *used range* (up to its last
used row and column); every cell past it is empty.  Excel visits the used
range only.  :class:`Sparse` is how such a grid travels through array
evaluation (SUMPRODUCT, MATCH, element-wise operators in array formulas)
without ever holding the empty cells: it has the nominal size of the
reference and stores

- ``dense``: its top-left ``h x w`` part, cell by cell;
- ``right``: for each of those ``h`` rows, the one value of its cells past
  column ``w``;
- ``below``: for each of the ``w`` columns, the one value of its cells past
  row ``h``;
- ``corner``: the one value of the cells past both.

A reference's grid has EMPTY there.  An element-wise operation keeps the
form (:func:`combine`): ``A:A*2`` is the used rows doubled, and one ``0``
standing for the rest, because every row past the used range computes the
same thing from the same empty cells.  So the semantics are exact -- the
cells past the used range are there, with their values, and are counted
(``COUNT(A:A*1)`` in an array formula is 1,048,576, as in Excel) -- and the
work is proportional to the used range, plus the count of repeated values
only where a result needs each of them (a SUM adding a non-zero value a
million times, left to right, as Excel does).

A :class:`Sparse` is an :class:`~.values.Array`: its ``height``, ``width``,
``at`` and ``flat`` are the nominal array's, and ``rows`` (every element)
is built on demand, so code that knows nothing of it is still right, only
not faster.  The consumers that matter read it through :func:`runs` (the
elements in row-major order as ``(value, count)`` pairs), :func:`vector`
and :func:`aligned`.
"""

from __future__ import annotations

import math

from . import errors
from .errors import XLError
from .values import EMPTY, Array

#: A grid is kept sparse when at least this many of its cells lie past the
#: used part (smaller ones are plain arrays, as before).
SPARSE_MIN_TAIL = 1024

#: The most elements of a :class:`Sparse` array listed one by one (its
#: ``rows``, ``flat``, or a function's list of its numbers): the Python
#: API's limit (:data:`.usedrange.MAX_CELLS`).  ``SUM(s!A:XFD*2)`` would
#: list over 17 billion; such a call is #NUM! (:class:`TooLarge`).
MAX_LISTED = 20_000_000


class TooLarge(Exception):
    """An array too large to list element by element; the function gate
    (:func:`.evaluate._apply`) makes it the calling function's #NUM!."""


def check_listable(a: Array) -> None:
    """Raise :class:`TooLarge` if listing ``a``'s elements one by one would
    exceed :data:`MAX_LISTED` (a plain array is already listed)."""
    if isinstance(a, Sparse) and a.H * a.W > MAX_LISTED:
        raise TooLarge(f"an array of {a.H:,}x{a.W:,} cells, more than the {MAX_LISTED:,} "
                       "sheetgd lists one by one")


class Sparse(Array):
    """A ``height x width`` array whose cells past its ``h x w`` top-left part
    repeat (see the module docstring)."""

    def __init__(self, height: int, width: int, dense: tuple, right: tuple, below: tuple, corner):
        h = len(dense)
        w = len(below) if h < height else (len(dense[0]) if dense else 0)
        set_ = object.__setattr__
        set_(self, "H", height)
        set_(self, "W", width)
        set_(self, "h", h)
        set_(self, "w", w)
        set_(self, "dense", dense)
        set_(self, "right", right)
        set_(self, "below", below)
        set_(self, "corner", corner)

    # -- the Array interface ---------------------------------------------------------
    @property
    def height(self) -> int:
        return self.H

    @property
    def width(self) -> int:
        return self.W

    @property
    def rows(self) -> tuple:
        """Every element (built on demand, once: for code that knows no better)."""
        built = self.__dict__.get("_rows")
        if built is None:
            check_listable(self)
            built = tuple(tuple(self.get(i, j) for j in range(self.W)) for i in range(self.H))
            object.__setattr__(self, "_rows", built)
        return built

    def get(self, i: int, j: int):
        """Element (i, j) of the nominal array (no bounds check)."""
        if i < self.h:
            return self.dense[i][j] if j < self.w else self.right[i]
        return self.below[j] if j < self.w else self.corner

    def at(self, i: int, j: int):
        if self.H == 1:
            i = 0
        if self.W == 1:
            j = 0
        if i < self.H and j < self.W:
            return self.get(i, j)
        return errors.NA("outside the array")

    def flat(self):
        check_listable(self)
        for value, count in runs(self):
            for _ in range(count):
                yield value

    def __eq__(self, other):
        return isinstance(other, Array) and (self.height, self.width) == (other.height, other.width) \
            and self.rows == other.rows

    __hash__ = object.__hash__

    def __repr__(self):
        return (f"Sparse({self.H}x{self.W}, dense {self.h}x{self.w}, right={self.right!r:.40}, "
                f"below={self.below!r:.40}, corner={self.corner!r})")


def build(height: int, width: int, h: int, w: int, value_at):
    """The ``height x width`` array whose element (i, j) is ``value_at(i, j)``,
    given that every row from ``h`` down equals row ``h`` and every column
    from ``w`` right equals column ``w``: a :class:`Sparse` computing
    ``value_at`` once per used cell and once per repeated value, or a plain
    Array when little would repeat.  Elements are computed row by row."""
    h, w = max(0, min(h, height)), max(0, min(w, width))
    if h * w > MAX_LISTED:  # (a call computed cell by cell over s!A:XFD)
        raise TooLarge(f"an array of {height:,}x{width:,} cells computed one by one, more than "
                       f"the {MAX_LISTED:,} sheetgd lists")
    if height * width - h * w < SPARSE_MIN_TAIL:
        return Array(tuple(tuple(value_at(i, j) for j in range(width)) for i in range(height)))
    dense = tuple(tuple(value_at(i, j) for j in range(w)) for i in range(h))
    right = tuple(value_at(i, w) for i in range(h)) if w < width else ()
    below = tuple(value_at(h, j) for j in range(w)) if h < height else ()
    corner = value_at(h, w) if h < height and w < width else EMPTY
    return Sparse(height, width, dense, right, below, corner)


def used_extent(g, height: int, width: int) -> tuple[int, int]:
    """How many rows and columns of ``g`` (broadcast to ``height x width`` by
    Excel's rules) differ from the ones after them: past that, every row (and
    column) of it is the same."""
    return (_extent(g.height, getattr(g, "h", g.height), height),
            _extent(g.width, getattr(g, "w", g.width), width))


def _extent(size: int, used: int, target: int) -> int:
    if size == 1:
        return 0  # broadcast: every row is its one row
    if size == target:
        return used
    return size  # shorter: #N/A past its end


def combine(fn, operands, height: int, width: int):
    """``fn`` applied element-wise over ``operands`` (arrays, broadcast, and
    single values) into a ``height x width`` array, computed once per used
    cell of the operands and once per repeated value."""
    h = w = 0
    arrays = []
    for g in operands:
        if isinstance(g, Array):
            gh, gw = used_extent(g, height, width)
            h, w = max(h, gh), max(w, gw)
            arrays.append(g)
    if not any(isinstance(g, Sparse) for g in arrays):
        h, w = height, width

    def value_at(i, j):
        return fn(*(g.at(i, j) if isinstance(g, Array) else g for g in operands))
    return build(height, width, h, w, value_at)


def runs(a: Array):
    """The elements of ``a`` in row-major order as ``(value, count)`` pairs
    (a plain array gives each element with count 1)."""
    if not isinstance(a, Sparse):
        for value in a.flat():
            yield value, 1
        return
    tail = a.W - a.w
    for i in range(a.h):
        for value in a.dense[i]:
            yield value, 1
        if tail:
            yield a.right[i], tail
    rows_below = a.H - a.h
    if not rows_below:
        return
    row = [(v, 1) for v in a.below]
    if tail:
        row.append((a.corner, tail))
    merged = _merge(row)
    if len(merged) == 1:
        yield merged[0][0], merged[0][1] * rows_below
        return
    for _ in range(rows_below):
        yield from merged


def _merge(pairs):
    out = []
    for value, count in pairs:
        if out and same(out[-1][0], value):
            out[-1] = (out[-1][0], out[-1][1] + count)
        else:
            out.append((value, count))
    return out


def same(a, b) -> bool:
    """Whether two values are the same value (type, sign of zero, error kind)."""
    if a is b:
        return True
    if type(a) is not type(b):
        return False
    if type(a) is float:
        return a == b and math.copysign(1.0, a) == math.copysign(1.0, b)
    if isinstance(a, XLError):
        return a.kind == b.kind
    return a == b


def vector(a: Array):
    """A one-row or one-column array as ``(its used elements, the value of
    the rest, its length)``."""
    if isinstance(a, Sparse):
        if a.W == 1:
            return [a.get(i, 0) for i in range(a.h)], a.get(a.h, 0), a.H
        return [a.get(0, j) for j in range(a.w)], a.get(0, a.w), a.W
    items = list(a.flat())
    return items, EMPTY, len(items)


def aligned(arrays):
    """Arrays of one size, each rebuilt with the same used part (the largest
    of theirs), so that their ``dense``/``right``/``below``/``corner`` line
    up; plain arrays when any of them is one."""
    height, width = arrays[0].height, arrays[0].width
    if not all(isinstance(a, Sparse) for a in arrays):
        return None
    h, w = max(a.h for a in arrays), max(a.w for a in arrays)
    return [a if (a.h, a.w) == (h, w) else _rebuilt(a, height, width, h, w) for a in arrays]


def _rebuilt(a: Sparse, height, width, h, w) -> Sparse:
    dense = tuple(tuple(a.get(i, j) for j in range(w)) for i in range(h))
    right = tuple(a.get(i, w) for i in range(h)) if w < width else ()
    below = tuple(a.get(h, j) for j in range(w)) if h < height else ()
    corner = a.get(h, w) if h < height and w < width else EMPTY
    return Sparse(height, width, dense, right, below, corner)


def window(a: Array, r1: int, c1: int, r2: int, c2: int):
    """Rows ``r1..r2`` and columns ``c1..c2`` (0-based) of ``a``."""
    height, width = r2 - r1 + 1, c2 - c1 + 1
    if not isinstance(a, Sparse):
        return Array(tuple(a.rows[i][c1:c2 + 1] for i in range(r1, r2 + 1)))
    return build(height, width, a.h - r1, a.w - c1, lambda i, j: a.get(r1 + i, c1 + j))
