"""Trigonometry: SIN, COS, TAN, ASIN, ACOS, ATAN, ATAN2, the hyperbolic
functions and their inverses, the reciprocal functions (COT, CSC, SEC and
their hyperbolic and inverse forms), RADIANS, DEGREES, SQRTPI.

Angles are in radians.  Excel's limits and errors (support.microsoft.com,
one page per function):

- SIN, COS, TAN, COT, CSC and SEC give #NUM! for an angle of 2^27
  (134,217,728) or more in size -- Excel stops reducing angles there
  (``COS(2^27-1)`` is a number, ``COS(2^27)`` #NUM!); COT, CSC, SEC and their
  hyperbolic forms take at most 2^27 too ("#NUM! if number is outside its
  constraints": -2^27 < number < 2^27);
- arguments outside a function's domain are #NUM! (``ASIN(2)``,
  ``ACOSH(0)``, ``ATANH(1)``), a division by zero #DIV/0! (``COT(0)``,
  ``ATAN2(0,0)``), a result too large for a double #NUM! (``SINH(1000)``).
"""

from __future__ import annotations

import math

from .. import errors
from ..values import checked
from .base import NUMBER, function

#: Excel's largest angle (exclusive) for SIN, COS, TAN and the reciprocals.
ANGLE_LIMIT = 2.0 ** 27


def _angle(name, x):
    if abs(x) >= ANGLE_LIMIT:
        return errors.NUM(f"{name} of an angle of 2^27 or more")
    return None


def _overflow(fn, x):
    try:
        return checked(fn(x))
    except OverflowError:
        return errors.NUM("the result overflows")


@function("SIN", NUMBER)
def SIN(x):
    """Sine; #NUM! for |x| >= 2^27."""
    return _angle("SIN", x) or math.sin(x)


@function("COS", NUMBER)
def COS(x):
    """Cosine; #NUM! for |x| >= 2^27."""
    return _angle("COS", x) or math.cos(x)


@function("TAN", NUMBER)
def TAN(x):
    """Tangent; #NUM! for |x| >= 2^27."""
    return _angle("TAN", x) or math.tan(x)


@function("ASIN", NUMBER)
def ASIN(x):
    """Arcsine in [-pi/2, pi/2]; #NUM! outside [-1, 1]."""
    if abs(x) > 1:
        return errors.NUM("ASIN of a number outside [-1, 1]")
    return math.asin(x)


@function("ACOS", NUMBER)
def ACOS(x):
    """Arccosine in [0, pi]; #NUM! outside [-1, 1]."""
    if abs(x) > 1:
        return errors.NUM("ACOS of a number outside [-1, 1]")
    return math.acos(x)


@function("ATAN", NUMBER)
def ATAN(x):
    """Arctangent in (-pi/2, pi/2)."""
    return math.atan(x)


@function("ATAN2", NUMBER, NUMBER)
def ATAN2(x, y):
    """The angle of the point (x, y) -- Excel's argument order, x first (the
    reverse of C's atan2) -- in (-pi, pi]; #DIV/0! at (0, 0)."""
    if x == 0 and y == 0:
        return errors.DIV0("ATAN2(0, 0)")
    return math.atan2(y, x)


@function("SINH", NUMBER)
def SINH(x):
    """Hyperbolic sine; #NUM! when it overflows."""
    return _overflow(math.sinh, x)


@function("COSH", NUMBER)
def COSH(x):
    """Hyperbolic cosine; #NUM! when it overflows."""
    return _overflow(math.cosh, x)


@function("TANH", NUMBER)
def TANH(x):
    """Hyperbolic tangent."""
    return math.tanh(x)


@function("ASINH", NUMBER)
def ASINH(x):
    """Inverse hyperbolic sine."""
    return math.asinh(x)


@function("ACOSH", NUMBER)
def ACOSH(x):
    """Inverse hyperbolic cosine; #NUM! for x < 1."""
    if x < 1:
        return errors.NUM("ACOSH of a number below 1")
    return math.acosh(x)


@function("ATANH", NUMBER)
def ATANH(x):
    """Inverse hyperbolic tangent; #NUM! unless -1 < x < 1."""
    if abs(x) >= 1:
        return errors.NUM("ATANH of a number outside (-1, 1)")
    return math.atanh(x)


def _reciprocal(name, fn, x, limit=True):
    if limit:
        bad = _angle(name, x)
        if bad is not None:
            return bad
    value = _overflow(fn, x)
    if not isinstance(value, float):
        return value
    if value == 0.0:
        return errors.DIV0(f"{name}({x!r}) divides by zero")
    return checked(1.0 / value)


@function("COT", NUMBER, xlfn=True)
def COT(x):
    """Cotangent, 1/TAN(x); #DIV/0! at 0, #NUM! for |x| >= 2^27."""
    return _reciprocal("COT", math.tan, x)


@function("CSC", NUMBER, xlfn=True)
def CSC(x):
    """Cosecant, 1/SIN(x); #DIV/0! at 0, #NUM! for |x| >= 2^27."""
    return _reciprocal("CSC", math.sin, x)


@function("SEC", NUMBER, xlfn=True)
def SEC(x):
    """Secant, 1/COS(x); #NUM! for |x| >= 2^27."""
    return _reciprocal("SEC", math.cos, x)


@function("COTH", NUMBER, xlfn=True)
def COTH(x):
    """Hyperbolic cotangent, 1/TANH(x); #DIV/0! at 0, #NUM! for |x| >= 2^27."""
    return _reciprocal("COTH", math.tanh, x)


@function("CSCH", NUMBER, xlfn=True)
def CSCH(x):
    """Hyperbolic cosecant, 1/SINH(x); #DIV/0! at 0, #NUM! for |x| >= 2^27."""
    if abs(x) >= ANGLE_LIMIT:
        return _angle("CSCH", x)
    if abs(x) > 710:
        return math.copysign(0.0, x)  # 1/SINH underflows to 0 before SINH overflows
    return _reciprocal("CSCH", math.sinh, x)


@function("SECH", NUMBER, xlfn=True)
def SECH(x):
    """Hyperbolic secant, 1/COSH(x); #NUM! for |x| >= 2^27."""
    if abs(x) >= ANGLE_LIMIT:
        return _angle("SECH", x)
    if abs(x) > 710:
        return 0.0
    return _reciprocal("SECH", math.cosh, x)


@function("ACOT", NUMBER, xlfn=True)
def ACOT(x):
    """Arccotangent in (0, pi), pi/2 - ATAN(x)."""
    return math.pi / 2 - math.atan(x)


@function("ACOTH", NUMBER, xlfn=True)
def ACOTH(x):
    """Inverse hyperbolic cotangent; #NUM! for |x| <= 1."""
    if abs(x) <= 1:
        return errors.NUM("ACOTH of a number in [-1, 1]")
    return 0.5 * math.log((x + 1) / (x - 1))


@function("RADIANS", NUMBER)
def RADIANS(degrees):
    """Degrees to radians (``RADIANS(270)`` is 4.712389)."""
    return checked(math.radians(degrees))


@function("DEGREES", NUMBER)
def DEGREES(radians):
    """Radians to degrees (``DEGREES(PI())`` is 180)."""
    return checked(math.degrees(radians))


@function("SQRTPI", NUMBER)
def SQRTPI(x):
    """The square root of x*pi; #NUM! for x < 0."""
    if x < 0:
        return errors.NUM("SQRTPI of a negative number")
    return checked(math.sqrt(x * math.pi))
