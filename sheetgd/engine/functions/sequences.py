"""Generated arrays: SEQUENCE and RANDARRAY.

Both return an array: an aggregate receives all of it (``SUM(SEQUENCE(3))``
is 6), an array formula shows it element by element, a single cell its
first element (spilling into neighbouring cells is not done here).
Sizes are truncated; a size of 0 is Excel's #CALC! (an empty array), a
negative one #VALUE!; an array of more cells than :data:`MAX_CELLS` is
#NUM! here (Excel's limit is the grid's, 1,048,576 x 16,384).
"""

from __future__ import annotations

import math

from .. import errors
from ..values import Array, checked
from .base import LOGICAL, NUMBER, function, opt

#: The most cells a generated array may have in sheetgd.
MAX_CELLS = 1_000_000


def _size(rows, columns):
    r, c = int(rows), int(columns)
    if r < 0 or c < 0:
        return errors.VALUE("a negative array size")
    if r == 0 or c == 0:
        return errors.XLError("#CALC!", "an empty array")
    if r > 1_048_576 or c > 16_384 or r * c > MAX_CELLS:
        return errors.NUM(f"an array of {r} x {c} cells is larger than sheetgd builds")
    return r, c


@function("SEQUENCE", NUMBER, opt(NUMBER, 1.0), opt(NUMBER, 1.0), opt(NUMBER, 1.0), xlfn=True)
def SEQUENCE(rows, columns, start, step):
    """A rows x columns array counting from ``start`` by ``step``, row by
    row (Excel's SEQUENCE: ``SEQUENCE(2,3)`` is {1,2,3;4,5,6}); a size of
    0 is #CALC!, a negative one #VALUE!."""
    size = _size(rows, columns)
    if not isinstance(size, tuple):
        return size
    r, c = size
    values = [checked(start + k * step) for k in range(r * c)]
    return Array(tuple(tuple(values[i * c:(i + 1) * c]) for i in range(r)))


@function("RANDARRAY", opt(NUMBER, 1.0), opt(NUMBER, 1.0), opt(NUMBER, 0.0), opt(NUMBER, 1.0),
          opt(LOGICAL, False), volatile=True, random=True, ctx=True, xlfn=True)
def RANDARRAY(ctx, rows, columns, low, high, whole):
    """A rows x columns array of uniform random numbers in [low, high) --
    or whole numbers from ``low`` to ``high`` when ``whole`` is TRUE;
    #VALUE! when low > high (or no whole number lies between), a size of 0
    #CALC! (Excel's RANDARRAY).  Draws come from the workbook's seeded
    generator."""
    size = _size(rows, columns)
    if not isinstance(size, tuple):
        return size
    r, c = size
    if low > high:
        return errors.VALUE("RANDARRAY's minimum is above its maximum")
    rng = ctx.book.rng
    if whole:
        lo, hi = math.ceil(low), math.floor(high)
        if lo > hi:
            return errors.VALUE("no whole number between RANDARRAY's minimum and maximum")
        draw = lambda: float(rng.randint(lo, hi))  # noqa: E731
    else:
        draw = lambda: low + (high - low) * rng.random()  # noqa: E731
    return Array(tuple(tuple(draw() for _ in range(c)) for _ in range(r)))
