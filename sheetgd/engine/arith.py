"""Excel's arithmetic, text and comparison operators on single values.

Each operator coerces its operands (see :mod:`sheetgd.engine.values`), returns
the left operand's error first, and turns overflow and invalid results into
``#NUM!`` and division by zero into ``#DIV/0!``.

The comparison operators round both numbers to 15 significant digits just
for the comparison, as Excel does (``=0.1+0.2=0.3`` is TRUE, ``=0.1=1.2-1.1``
FALSE): :func:`~sheetgd.engine.values.compare_rounded`.  MATCH compares the
exact values (:func:`~sheetgd.engine.values.compare`).

``&`` gives ``#VALUE!`` for a result longer than a cell can hold (32,767
characters), checked from the operands' lengths before they are joined:
``A1&A1`` doubling down forty columns stops at the fifteenth instead of
exhausting the memory (:func:`~sheetgd.engine.values.text_result`).
"""

from __future__ import annotations

import math

from . import errors
from .errors import XLError
from .values import EMPTY, checked, compare_rounded, shown, text_result, to_number, to_text


def _arith(op):
    def apply(a, b):
        a = to_number(a)
        if isinstance(a, XLError):
            return a
        b = to_number(b)
        if isinstance(b, XLError):
            return b
        return op(a, b)
    return apply


def _div(a, b):
    if b == 0.0:
        return errors.DIV0("division by zero")
    return checked(a / b)


def power(a, b):
    if a == 0.0:
        if b == 0.0:
            return errors.NUM("0^0 is undefined")
        if b < 0.0:
            return errors.DIV0("0 raised to a negative power")
        return 0.0
    if a < 0.0 and b != math.floor(b):
        return errors.NUM("negative number raised to a fractional power")
    if b == 2.0:  # the correctly rounded square (libm's pow is off by an ulp now and then)
        return checked(a * a)
    try:
        return checked(math.pow(a, b))
    except OverflowError:
        return errors.NUM("overflow")


def _concat(a, b):
    a = to_text(a)
    if isinstance(a, XLError):
        return a
    b = to_text(b)
    if isinstance(b, XLError):
        return b
    return text_result(a, b)  # #VALUE! past 32,767 characters, decided before joining


def _comparison(test):
    """An operator of ``= <> < > <= >=``: errors first (left, then right),
    then Excel's order with numbers at 15 significant digits."""
    def apply(a, b):
        if isinstance(a, XLError):
            return a
        if isinstance(b, XLError):
            return b
        for v in (a, b):
            if not isinstance(v, (float, int, str)) and v is not EMPTY:  # a function (LAMBDA)
                return errors.VALUE(f"cannot compare {shown(v)}")
        return test(compare_rounded(a, b))
    return apply


BINARY = {
    "+": _arith(lambda a, b: checked(a + b)),
    "-": _arith(lambda a, b: checked(a - b)),
    "*": _arith(lambda a, b: checked(a * b)),
    "/": _arith(_div),
    "^": _arith(power),
    "&": _concat,
    "=": _comparison(lambda c: c == 0),
    "<>": _comparison(lambda c: c != 0),
    "<": _comparison(lambda c: c < 0),
    ">": _comparison(lambda c: c > 0),
    "<=": _comparison(lambda c: c <= 0),
    ">=": _comparison(lambda c: c >= 0),
}


def negate(v):
    n = to_number(v)
    return n if isinstance(n, XLError) else 0.0 - n  # never -0.0, as Excel


def percent(v):
    n = to_number(v)
    return n if isinstance(n, XLError) else n / 100.0
