"""Rounding to multiples and integers: CEILING, ECMA.CEILING, FLOOR,
CEILING.PRECISE, FLOOR.PRECISE, ISO.CEILING, MROUND, EVEN, ODD, TRUNC.

Quotients are taken at Excel's 15 significant digits before rounding, as
CEILING.MATH and ROUND do (:mod:`.math`), so ``MROUND(1.3,0.2)`` is 1.4
and ``CEILING(0.3,0.1)`` 0.3 rather than 0.4.  Behaviour and examples
follow Excel's documentation (support.microsoft.com, one page per function).
"""

from __future__ import annotations

import math
from decimal import ROUND_DOWN, ROUND_HALF_UP

from .. import errors
from ..values import checked
from .base import NUMBER, function, opt
from .math import _decimal, _multiple, _round


@function("CEILING", NUMBER, NUMBER)
def CEILING(x, significance):
    """x rounded up, away from zero, to a multiple of significance: a
    negative number with a positive significance rounds towards zero
    (``CEILING(-2.5,2)`` is -2), with a negative one away from zero
    (``CEILING(-2.5,-2)`` is -4); #NUM! for a positive number with a
    negative significance; 0 when significance is 0 (Excel's CEILING)."""
    if x > 0 and significance < 0:
        return errors.NUM("CEILING of a positive number with a negative significance")
    return _multiple(x, significance, 1.0 if significance < 0 else 0.0, up=True)


@function("ECMA.CEILING", NUMBER, NUMBER)
def ECMA_CEILING(x, significance):
    """x rounded up, away from zero, to a multiple of significance, as
    ECMA-376 Part 1 (SpreadsheetML's CEILING, the function Excel keeps as
    ECMA.CEILING) defines it: #NUM! when x and significance have different
    signs (``ECMA.CEILING(-2.5,2)`` is #NUM!, where Excel's CEILING gives
    -2); 0 when either is 0, as CEILING.  Excel has no page for it."""
    if (x > 0 > significance) or (x < 0 < significance):
        return errors.NUM("ECMA.CEILING of a number and a significance of different signs")
    return _multiple(x, significance, 1.0 if significance < 0 else 0.0, up=True)


@function("FLOOR", NUMBER, NUMBER)
def FLOOR(x, significance):
    """x rounded down, towards zero, to a multiple of significance: a
    negative number with a positive significance rounds away from zero
    (``FLOOR(-2.5,2)`` is -4), with a negative one towards zero
    (``FLOOR(-2.5,-2)`` is -2); #NUM! for a positive number with a
    negative significance, #DIV/0! for a significance of 0 (Excel's FLOOR)."""
    if x > 0 and significance < 0:
        return errors.NUM("FLOOR of a positive number with a negative significance")
    if significance == 0:
        return 0.0 if x == 0 else errors.DIV0("FLOOR with a significance of 0")
    return _multiple(x, significance, 1.0 if significance < 0 else 0.0, up=False)


@function("CEILING.PRECISE", NUMBER, opt(NUMBER, 1.0), xlfn=True)
def CEILING_PRECISE(x, significance):
    """x rounded up (towards plus infinity) to a multiple of |significance|,
    whatever the signs; 0 when significance is 0 (Excel's CEILING.PRECISE)."""
    return _multiple(x, significance, 0.0, up=True)


@function("ISO.CEILING", NUMBER, opt(NUMBER, 1.0))
def ISO_CEILING(x, significance):
    """The same as CEILING.PRECISE (Excel's ISO.CEILING)."""
    return _multiple(x, significance, 0.0, up=True)


@function("FLOOR.PRECISE", NUMBER, opt(NUMBER, 1.0), xlfn=True)
def FLOOR_PRECISE(x, significance):
    """x rounded down (towards minus infinity) to a multiple of
    |significance|, whatever the signs; 0 when significance is 0 (Excel's
    FLOOR.PRECISE)."""
    return _multiple(x, significance, 0.0, up=False)


@function("MROUND", NUMBER, NUMBER)
def MROUND(x, multiple):
    """x rounded to the nearest multiple of ``multiple``, halves away from
    zero; #NUM! when the two have different signs, 0 for a multiple of 0
    (Excel's MROUND)."""
    if multiple == 0:
        return 0.0
    if (x < 0 < multiple) or (multiple < 0 < x):
        return errors.NUM("MROUND of a number and a multiple of different signs")
    quotient = x / multiple
    if not math.isfinite(quotient):
        return errors.NUM("MROUND quotient overflows")
    if abs(quotient) >= 1e15:  # 15 digits and more: a whole number already
        return checked(quotient * multiple)
    steps = _decimal(quotient).quantize(1, rounding=ROUND_HALF_UP)
    return checked(float(steps) * multiple)


@function("EVEN", NUMBER)
def EVEN(x):
    """x rounded away from zero to an even integer (Excel's EVEN: ``EVEN(1.5)``
    is 2, ``EVEN(-1)`` -2)."""
    steps = math.ceil(float(_decimal(abs(x))) / 2)
    return checked(math.copysign(steps * 2.0, x) if steps else 0.0)


@function("ODD", NUMBER)
def ODD(x):
    """x rounded away from zero to an odd integer (Excel's ODD: ``ODD(2)`` is
    3, ``ODD(0)`` 1, ``ODD(-2)`` -3)."""
    steps = math.ceil((float(_decimal(abs(x))) + 1) / 2)
    value = steps * 2.0 - 1
    return checked(-value if x < 0 else value)


@function("TRUNC", NUMBER, opt(NUMBER, 0.0))
def TRUNC(x, digits):
    """x cut towards zero to ``digits`` decimals (negative: tens, hundreds
    ...); Excel's TRUNC, the same as ROUNDDOWN."""
    return _round(x, digits, ROUND_DOWN)
