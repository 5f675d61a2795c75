"""Engineering functions: number bases (DEC2BIN ... HEX2OCT), bit operations
(BITAND, BITOR, BITXOR, BITLSHIFT, BITRSHIFT), DELTA, GESTEP, the error
function (ERF, ERF.PRECISE, ERFC, ERFC.PRECISE) and Bessel functions
(BESSELI, BESSELJ, BESSELK, BESSELY).  Complex numbers are in
:mod:`.complex_numbers`, CONVERT in :mod:`.units`.

Each follows its page of Excel's function reference (support.microsoft.com,
"<NAME> function").  The functions that came from Excel's old Analysis
ToolPak (all here but the BIT functions and the .PRECISE ones) refuse
logical values (#VALUE!), as Excel does.  BESSELI, BESSELJ and BESSELY
come from scipy.special, BESSELK from the approximation Excel uses
(:func:`bessel_k`), the error function from Python's math module.
"""

from __future__ import annotations

import math


from .. import errors
from ..errors import XLError
from ..values import EMPTY, number_to_text, to_number
from ._lazy import LazyModule
from .base import NUMBER, SCALAR, function, opt

special = LazyModule("scipy.special")  # imported at the first Bessel function call


def number_arg(v, name: str):
    """A number argument of an Analysis ToolPak function: TRUE and FALSE are
    #VALUE! (Excel refuses them there), the rest as for any number."""
    if isinstance(v, bool):
        return errors.VALUE(f"{name}: a logical value is not a number here")
    return to_number(v)


# --- number bases ---------------------------------------------------------------------

#: base -> (name, digits, the most a 10-digit number can hold)
BASES = {2: "BIN", 8: "OCT", 16: "HEX"}
_DIGITS = "0123456789ABCDEF"


def _limit(base: int) -> int:
    """Half the numbers 10 digits of ``base`` can write: the first negative
    one in two's complement (512 for binary)."""
    return base ** 10 // 2


def _to_base(n: int, base: int, places, name: str):
    """``n`` written in ``base`` (10 digits of two's complement when
    negative, whatever ``places`` says), padded with zeros to ``places``;
    #NUM! when out of range, when ``places`` is not 1..10 or the digits do
    not fit in it."""
    limit = _limit(base)
    if not -limit <= n < limit:
        return errors.NUM(f"{name}: {n} is outside -{limit}..{limit - 1}")
    negative = n < 0
    if negative:
        n += base ** 10
    text = ""
    while True:
        n, d = divmod(n, base)
        text = _DIGITS[d] + text
        if n == 0:
            break
    if places is None or places is EMPTY:
        return text
    p = number_arg(places, name)
    if isinstance(p, XLError):
        return p
    p = math.trunc(p)
    if not 1 <= p <= 10:
        return errors.NUM(f"{name}: places {p} outside 1..10")
    if negative:  # always 10 digits
        return text
    if p < len(text):
        return errors.NUM(f"{name}: {len(text)} digits do not fit in {p} places")
    return text.rjust(p, "0")


def _from_base(v, base: int, name: str):
    """The number a text (or number, read as its text) of up to 10 digits of
    ``base`` spells, 10 digits with the top one set being negative (two's
    complement); #NUM! for other characters or more digits."""
    if isinstance(v, bool):
        return errors.VALUE(f"{name}: a logical value is not a number here")
    if isinstance(v, float):
        v = number_to_text(v)
    elif v is EMPTY:
        v = ""
    text = v.upper()
    if len(text) > 10 or any(c not in _DIGITS[:base] for c in text):
        return errors.NUM(f"{name}: {v!r} is not a number of up to 10 digits in base {base}")
    n = int(text, base) if text else 0
    if len(text) == 10 and n >= _limit(base):
        n -= base ** 10
    return n


def _declare_decimal_to(base: int):
    name = f"DEC2{BASES[base]}"

    def convert(number, places):
        n = number_arg(number, name)
        if isinstance(n, XLError):
            return n
        return _to_base(math.trunc(n), base, places, name)

    convert.__name__ = convert.__qualname__ = name.replace("2", "_TO_")
    convert.__doc__ = (f"A decimal number (truncated) written in base {base}, padded with zeros to "
                       f"``places``; a negative one as 10 digits of two's complement.  #NUM! "
                       f"outside -{_limit(base)}..{_limit(base) - 1} or when ``places`` is too "
                       f"small, negative or above 10.")
    function(name, SCALAR, opt(SCALAR, None))(convert)


def _declare_from(base: int):
    name = f"{BASES[base]}2DEC"

    def convert(number):
        n = _from_base(number, base, name)
        return n if isinstance(n, XLError) else float(n)

    convert.__name__ = convert.__qualname__ = name.replace("2", "_TO_")
    convert.__doc__ = (f"The decimal value of a number of up to 10 digits in base {base} (10 "
                       f"digits with the first one {_DIGITS[base // 2]} or more: negative, two's "
                       f"complement); #NUM! for other characters or more digits.")
    function(name, SCALAR)(convert)


def _declare_between(source: int, target: int):
    name = f"{BASES[source]}2{BASES[target]}"

    def convert(number, places):
        n = _from_base(number, source, name)
        if isinstance(n, XLError):
            return n
        return _to_base(n, target, places, name)

    convert.__name__ = convert.__qualname__ = name.replace("2", "_TO_")
    convert.__doc__ = (f"A number of up to 10 digits in base {source} (negative in two's "
                       f"complement) written in base {target}, padded to ``places``; #NUM! when "
                       f"it does not fit in 10 digits of base {target} or in ``places``.")
    function(name, SCALAR, opt(SCALAR, None))(convert)


for _base in BASES:
    _declare_decimal_to(_base)
    _declare_from(_base)
    for _target in BASES:
        if _target != _base:
            _declare_between(_base, _target)


# --- bit operations --------------------------------------------------------------------

_BIT_LIMIT = 2 ** 48


def _bits(x: float, name: str):
    """An integer argument of the BIT functions: 0 <= x < 2^48 and whole,
    else #NUM!."""
    if x < 0 or x >= _BIT_LIMIT or x != math.floor(x):
        return errors.NUM(f"{name}: {x!r} is not a whole number in 0..2^48-1")
    return int(x)


def _bitwise(name, op, doc):
    def bit(a, b):
        x, y = _bits(a, name), _bits(b, name)
        if isinstance(x, XLError):
            return x
        if isinstance(y, XLError):
            return y
        return float(op(x, y))

    bit.__name__ = bit.__qualname__ = name
    bit.__doc__ = doc + "  Both numbers whole, 0 to 2^48-1 (else #NUM!)."
    function(name, NUMBER, NUMBER, xlfn=True)(bit)


_bitwise("BITAND", lambda x, y: x & y, "The bitwise AND of two numbers.")
_bitwise("BITOR", lambda x, y: x | y, "The bitwise OR of two numbers.")
_bitwise("BITXOR", lambda x, y: x ^ y, "The bitwise exclusive OR of two numbers.")


def _shift(number, amount, name, sign):
    x = _bits(number, name)
    if isinstance(x, XLError):
        return x
    k = math.trunc(amount) * sign
    if abs(k) > 53:
        return errors.NUM(f"{name}: shift amount beyond 53")
    value = x << k if k >= 0 else x >> -k
    if value >= _BIT_LIMIT:
        return errors.NUM(f"{name}: the result is 2^48 or more")
    return float(value)


@function("BITLSHIFT", NUMBER, NUMBER, xlfn=True)
def BITLSHIFT(number, shift_amount):
    """``number`` shifted left by ``shift_amount`` bits (truncated; a
    negative amount shifts right); #NUM! for a number that is not whole in
    0..2^48-1, an amount beyond 53 bits or a result of 2^48 or more."""
    return _shift(number, shift_amount, "BITLSHIFT", 1)


@function("BITRSHIFT", NUMBER, NUMBER, xlfn=True)
def BITRSHIFT(number, shift_amount):
    """``number`` shifted right by ``shift_amount`` bits (a negative amount
    shifts left), with BITLSHIFT's rules."""
    return _shift(number, shift_amount, "BITRSHIFT", -1)


# --- comparisons ------------------------------------------------------------------------

@function("DELTA", SCALAR, opt(SCALAR, 0.0))
def DELTA(number1, number2):
    """1 when the two numbers are equal (``number2`` 0 when left out), else 0."""
    return _compared(number1, number2, "DELTA", lambda a, b: a == b)


@function("GESTEP", SCALAR, opt(SCALAR, 0.0))
def GESTEP(number, step):
    """1 when ``number`` is at least ``step`` (0 when left out), else 0."""
    return _compared(number, step, "GESTEP", lambda a, b: a >= b)


def _compared(first, second, name, holds):
    """1 when ``holds`` for the two numbers, else 0; the first argument's
    error, then the second's (DELTA, GESTEP)."""
    a, b = number_arg(first, name), number_arg(second, name)
    for value in (a, b):
        if isinstance(value, XLError):
            return value
    return 1.0 if holds(a, b) else 0.0


# --- the error function -------------------------------------------------------------------

@function("ERF", SCALAR, opt(SCALAR, None))
def ERF(lower_limit, upper_limit):
    """The error function integrated from 0 to ``lower_limit``, or from
    ``lower_limit`` to ``upper_limit`` (``erf(upper)-erf(lower)``); negative
    limits are allowed (Excel 2010 and later)."""
    a = number_arg(lower_limit, "ERF")
    if isinstance(a, XLError):
        return a
    if upper_limit is None:
        return math.erf(a)
    b = number_arg(upper_limit, "ERF")
    if isinstance(b, XLError):
        return b
    return math.erf(b) - math.erf(a)


@function("ERF.PRECISE", NUMBER, xlfn=True)
def ERF_PRECISE(x):
    """The error function integrated from 0 to ``x``."""
    return math.erf(x)


@function("ERFC", SCALAR)
def ERFC(x):
    """The complementary error function, ``1-ERF(x)`` (computed without
    losing digits for large ``x``)."""
    a = number_arg(x, "ERFC")
    return a if isinstance(a, XLError) else math.erfc(a)


@function("ERFC.PRECISE", NUMBER, xlfn=True)
def ERFC_PRECISE(x):
    """The complementary error function, ``1-ERF.PRECISE(x)``."""
    return math.erfc(x)


# --- Bessel functions ----------------------------------------------------------------------

def _bessel(name, fn, positive_x):
    def bessel(x, n):
        x, n = number_arg(x, name), number_arg(n, name)
        if isinstance(x, XLError):
            return x
        if isinstance(n, XLError):
            return n
        n = math.trunc(n)
        if n < 0:
            return errors.NUM(f"{name}: order n < 0")
        if positive_x and x <= 0:
            return errors.NUM(f"{name}: x must be > 0")
        value = float(fn(n, x))
        if not math.isfinite(value):
            return errors.NUM(f"{name}: no finite value")
        return value

    bessel.__name__ = bessel.__qualname__ = name
    return bessel


def _declare_bessel(name, fn, positive_x, doc):
    impl = _bessel(name, fn, positive_x)
    impl.__doc__ = doc + "  The order ``n`` is truncated; #NUM! when it is negative."
    function(name, SCALAR, SCALAR)(impl)


_declare_bessel("BESSELI", lambda n, x: special.iv(n, x), False, "The modified Bessel function In(x).")
_declare_bessel("BESSELJ", lambda n, x: special.jv(n, x), False, "The Bessel function Jn(x).")
def _k0(x: float) -> float:
    if x <= 2:
        y = x * x / 4
        return -math.log(x / 2) * special.i0(x) + (
            -0.57721566 + y * (0.42278420 + y * (0.23069756 + y * (0.03488590 + y * (
                0.00262698 + y * (0.00010750 + y * 0.00000740))))))
    y = 2 / x
    return math.exp(-x) / math.sqrt(x) * (
        1.25331414 + y * (-0.07832358 + y * (0.02189568 + y * (-0.01062446 + y * (
            0.00587872 + y * (-0.00251540 + y * 0.00053208))))))


def _k1(x: float) -> float:
    if x <= 2:
        y = x * x / 4
        return math.log(x / 2) * special.i1(x) + (1 / x) * (
            1 + y * (0.15443144 + y * (-0.67278579 + y * (-0.18156897 + y * (
                -0.01919402 + y * (-0.00110404 + y * -0.00004686))))))
    y = 2 / x
    return math.exp(-x) / math.sqrt(x) * (
        1.25331414 + y * (0.23498619 + y * (-0.03655620 + y * (0.01504268 + y * (
            -0.00780353 + y * (0.00325614 + y * -0.00068245))))))


def bessel_k(n: int, x: float) -> float:
    """Kn(x) as Excel computes it: the polynomial approximations of K0 and K1
    in Abramowitz and Stegun, Handbook of Mathematical Functions, 9.8.5 to
    9.8.8 (relative error below about 1E-7), then the recurrence
    K(n+1) = K(n-1) + 2n/x K(n).  Excel's example BESSELK(1.5,1) is
    0.277387804 (the exact value is 0.2773878005...): these formulas give
    0.2773878036, and so does LibreOffice."""
    k_prev, k = float(_k0(x)), float(_k1(x))
    if n == 0:
        return float(k_prev)
    for j in range(1, n):
        if k == 0 or not math.isfinite(k):  # underflowed for good, or overflowed
            break
        k_prev, k = k, k_prev + 2 * j / x * k
    return float(k)


_declare_bessel("BESSELK", bessel_k, True,
                "The modified Bessel function Kn(x) (Abramowitz and Stegun's approximation, "
                "as Excel's: :func:`bessel_k`); #NUM! unless x > 0.")
_declare_bessel("BESSELY", lambda n, x: special.yv(n, x), True,
                "The Bessel function Yn(x) (Weber's, of the second kind); #NUM! unless x > 0.")
