"""Matrices and paired arrays: MMULT, MINVERSE, MDETERM, MUNIT, SUMXMY2,
SUMX2MY2, SUMX2PY2.

Arguments are evaluated as arrays (``MMULT(A1:B2*2,A1:B2)`` in a normal
cell works, as in Excel).  MMULT and MINVERSE return arrays: a cell shows
their first element, an array formula or an aggregate (``SUM(MMULT(...))``)
receives the whole result.  The linear algebra is numpy's (LAPACK's LU
factorisation), with Excel's errors on top: #VALUE! for a matrix holding
anything but numbers (text, logical values, empty cells) or of the wrong
shape, #NUM! for a singular matrix in MINVERSE (singular to working
precision: numpy's rank, from the singular values, below the size).
"""

from __future__ import annotations

import math

import numpy as np

from .. import errors
from ..errors import XLError
from ..values import Array, checked
from .base import GRID, NUMBER, function


def _matrix(a):
    """An array of numbers as a numpy matrix; or, at its first element that
    is not a number (row by row), that error element or #VALUE! (text,
    logical values and empty cells)."""
    if isinstance(a, XLError):
        return a
    for v in a.flat():
        if type(v) is not float:
            return v if isinstance(v, XLError) else errors.VALUE("a matrix holds only numbers")
    return np.array(a.rows, dtype=float)


def _result(m) -> Array | XLError:
    """A numpy matrix as an Array; #NUM! if any element overflowed."""
    if not np.all(np.isfinite(m)):
        return errors.NUM("the result overflows")
    return Array(tuple(tuple(float(x) for x in row) for row in m))


@function("MMULT", GRID, GRID, array_args=True)
def MMULT(a, b):
    """The matrix product of two arrays; #VALUE! when the columns of ``a``
    are not as many as the rows of ``b``, or an element is not a number
    (Excel's MMULT)."""
    ma, mb = _matrix(a), _matrix(b)
    for m in (ma, mb):
        if isinstance(m, XLError):
            return m
    if ma.shape[1] != mb.shape[0]:
        return errors.VALUE(f"MMULT of {ma.shape[0]}x{ma.shape[1]} and {mb.shape[0]}x{mb.shape[1]}")
    with np.errstate(all="ignore"):
        return _result(ma @ mb)


def _square(a):
    m = _matrix(a)
    if isinstance(m, XLError):
        return m
    if m.shape[0] != m.shape[1]:
        return errors.VALUE(f"a {m.shape[0]}x{m.shape[1]} matrix is not square")
    return m


@function("MDETERM", GRID, array_args=True)
def MDETERM(a):
    """The determinant of a square matrix; #VALUE! when it is not square or
    holds anything but numbers (Excel's MDETERM)."""
    m = _square(a)
    if isinstance(m, XLError):
        return m
    with np.errstate(all="ignore"):
        return checked(float(np.linalg.det(m)))


@function("MINVERSE", GRID, array_args=True)
def MINVERSE(a):
    """The inverse of a square matrix; #NUM! when it is singular, #VALUE!
    when it is not square or holds anything but numbers (Excel's MINVERSE)."""
    m = _square(a)
    if isinstance(m, XLError):
        return m
    with np.errstate(all="ignore"):
        if not np.all(np.isfinite(m)) or np.linalg.matrix_rank(m) < m.shape[0]:
            return errors.NUM("MINVERSE of a singular matrix")  # (to working precision: LAPACK's SVD)
        try:
            return _result(np.linalg.inv(m))
        except np.linalg.LinAlgError:
            return errors.NUM("MINVERSE of a singular matrix")


#: The largest identity matrix MUNIT builds (Excel's grid: 1,048,576 rows,
#: but a square of that side is far past any memory).
_MUNIT_MAX = 4096


@function("MUNIT", NUMBER, xlfn=True)
def MUNIT(n):
    """The n x n identity matrix (n truncated); #VALUE! for n < 1 (Excel's
    MUNIT)."""
    size = int(n)
    if size < 1:
        return errors.VALUE("MUNIT needs a dimension of at least 1")
    if size > _MUNIT_MAX:
        return errors.NUM(f"MUNIT({size}) is larger than sheetgd builds ({_MUNIT_MAX})")
    return Array(tuple(tuple(1.0 if i == j else 0.0 for j in range(size)) for i in range(size)))


def _paired(x, y, term):
    """Sum of ``term(a, b)`` over the pairs of two arrays of as many
    elements; pairs where either is not a number are skipped, an error
    element is returned; #N/A when the counts differ (Excel's SUMXMY2 ...)."""
    for a in (x, y):
        if isinstance(a, XLError):
            return a
    if x.height * x.width != y.height * y.width:
        return errors.NA("the arrays hold different numbers of values")
    total = 0.0
    for a, b in zip(x.flat(), y.flat()):
        if isinstance(a, XLError):
            return a
        if isinstance(b, XLError):
            return b
        if type(a) is float and type(b) is float:
            total += term(a, b)
    return checked(total) if not math.isnan(total) else errors.NUM("overflow")


@function("SUMXMY2", GRID, GRID, array_args=True)
def SUMXMY2(x, y):
    """Sum of the squares of the differences of corresponding values
    (Excel's SUMXMY2: {2,3,9,1,8,7,5} and {6,5,11,7,5,4,4} give 79)."""
    return _paired(x, y, lambda a, b: (a - b) * (a - b))


@function("SUMX2MY2", GRID, GRID, array_args=True)
def SUMX2MY2(x, y):
    """Sum of the differences of the squares of corresponding values
    (Excel's SUMX2MY2)."""
    return _paired(x, y, lambda a, b: a * a - b * b)


@function("SUMX2PY2", GRID, GRID, array_args=True)
def SUMX2PY2(x, y):
    """Sum of the sums of the squares of corresponding values (Excel's
    SUMX2PY2)."""
    return _paired(x, y, lambda a, b: a * a + b * b)
