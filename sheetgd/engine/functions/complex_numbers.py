"""Complex numbers as Excel writes them, text such as ``"3+4i"``: COMPLEX
and the IM functions (IMREAL, IMAGINARY, IMABS, IMARGUMENT, IMCONJUGATE,
IMSUM, IMSUB, IMPRODUCT, IMDIV, IMPOWER, IMSQRT, IMEXP, IMLN, IMLOG10,
IMLOG2, the trigonometric and hyperbolic ones).

Each follows its page of Excel's function reference (support.microsoft.com,
"<NAME> function").  A complex number is text ``x+yi`` or ``x+yj`` (either
part left out when 0, ``i`` alone for 1) or a plain number; anything else is
#NUM!, a logical value #VALUE!.  Results are written with each part's 15
significant digits (Excel's General format), with the suffix of the
arguments (``i`` unless they use ``j``; mixing them is #VALUE!).  Powers and
roots go through the polar form, as Excel's do: ``IMPOWER("2+3i",3)`` is
"-46+9.00000000000001i".
"""

from __future__ import annotations

import cmath
import math
import re

from .. import errors
from ..errors import XLError
from ..values import EMPTY, Array, checked, number_to_text
from .base import SCALAR, TEXT, VALUES, function, many, opt
from .engineering import number_arg

_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?", re.ASCII)


class Parsed:
    """A complex number read from a cell, and the suffix it was written with
    (None for a plain number)."""

    __slots__ = ("z", "unit")

    def __init__(self, z: complex, unit):
        self.z, self.unit = z, unit


def parse(v, name: str):
    """A :class:`Parsed` from a function's argument, or an XLError."""
    if isinstance(v, XLError):
        return v
    if isinstance(v, bool):
        return errors.VALUE(f"{name}: a logical value is not a complex number")
    if isinstance(v, float):
        return Parsed(complex(v, 0.0), None)
    if v is EMPTY:
        return Parsed(0j, None)
    real, imag, unit = _split(v)
    if real is None:
        return errors.NUM(f"{name}: {v!r} is not a complex number")
    if not (math.isfinite(real) and math.isfinite(imag)):
        return errors.NUM(f"{name}: {v!r} is out of range")
    return Parsed(complex(real, imag), unit)


def _split(text: str):
    """(real, imaginary, suffix) of a complex number's text, or Nones."""
    nothing = None, None, None
    if text[-1:] not in ("i", "j"):
        return (float(text), 0.0, None) if _NUMBER.fullmatch(text) else nothing
    unit, body = text[-1], text[:-1]
    cut = max((k for k in range(1, len(body)) if body[k] in "+-" and body[k - 1] not in "eE"),
              default=0)
    real_text, imag_text = body[:cut], body[cut:]
    if real_text and not _NUMBER.fullmatch(real_text):
        return nothing
    if imag_text in ("", "+", "-"):
        imag = -1.0 if imag_text == "-" else 1.0
    elif _NUMBER.fullmatch(imag_text):
        imag = float(imag_text)
    else:
        return nothing
    return (float(real_text) if real_text else 0.0), imag, unit


def parse_all(values, name: str):
    """The complex numbers of several arguments and their common suffix, or
    an XLError (#VALUE! when both i and j are used)."""
    out, unit = [], None
    for v in values:
        p = parse(v, name)
        if isinstance(p, XLError):
            return p
        if p.unit is not None:
            if unit is not None and p.unit != unit:
                return errors.VALUE(f"{name}: i and j mixed")
            unit = p.unit
        out.append(p.z)
    return out, unit or "i"


def write(z: complex, unit: str, name: str):
    """Excel's text of a complex number (``3+4i``, ``-i``, ``2``, ``0``);
    #NUM! when a part is not finite."""
    real, imag = z.real + 0.0, z.imag + 0.0
    if not (math.isfinite(real) and math.isfinite(imag)):
        return errors.NUM(f"{name}: complex result out of range")
    if imag == 0:
        return number_to_text(real)
    if imag == 1:
        im = unit
    elif imag == -1:
        im = "-" + unit
    else:
        im = number_to_text(imag) + unit
    if real == 0:
        return im
    return number_to_text(real) + ("" if im.startswith("-") else "+") + im


def _unary(name, fn, doc, xlfn=False):
    """Declare an IM function of one complex number giving one."""
    def impl(inumber):
        p = parse(inumber, name)
        if isinstance(p, XLError):
            return p
        try:
            z = fn(p.z)
        except (ZeroDivisionError, ValueError, OverflowError):
            return errors.NUM(f"{name}: no value at {inumber!r}")
        if isinstance(z, XLError):
            return XLError(z.kind, f"{name}: {z.message}")
        return write(z, p.unit or "i", name)

    impl.__name__ = impl.__qualname__ = name.replace(".", "_")
    impl.__doc__ = doc
    function(name, SCALAR, xlfn=xlfn)(impl)


def _real(name, fn, doc):
    """Declare an IM function of one complex number giving a number."""
    def impl(inumber):
        p = parse(inumber, name)
        if isinstance(p, XLError):
            return p
        value = fn(p.z)
        return value if isinstance(value, XLError) else checked(value)

    impl.__name__ = impl.__qualname__ = name
    impl.__doc__ = doc
    function(name, SCALAR)(impl)


@function("COMPLEX", SCALAR, SCALAR, opt(TEXT, "i"))
def COMPLEX(real_num, i_num, suffix):
    """The complex number ``real_num + i_num*i`` as text; ``suffix`` is "i"
    (when left out or empty) or "j", else #VALUE!; a real or imaginary part
    that is not a number (text that spells none, a logical value) is
    #VALUE!."""
    parts = []
    for v in (real_num, i_num):
        x = number_arg(v, "COMPLEX")
        if isinstance(x, XLError):
            return x
        parts.append(x)
    suffix = suffix or "i"
    if suffix not in ("i", "j"):
        return errors.VALUE(f"COMPLEX: suffix {suffix!r} is not i or j")
    return write(complex(*parts), suffix, "COMPLEX")


_real("IMREAL", lambda z: z.real + 0.0, "The real part of a complex number.")
_real("IMAGINARY", lambda z: z.imag + 0.0, "The imaginary part of a complex number.")
_real("IMABS", lambda z: math.hypot(z.real, z.imag), "The absolute value (modulus).")


def _argument(z):
    if z == 0:
        return errors.DIV0("IMARGUMENT: the argument of 0")
    return math.atan2(z.imag, z.real)


_real("IMARGUMENT", _argument, "The argument (angle in radians, -pi..pi); #DIV/0! for 0.")
_unary("IMCONJUGATE", lambda z: z.conjugate(), "The complex conjugate.")


def _polar_power(z: complex, n: float):
    """``z**n`` through the polar form (``|z|^n`` at ``n`` times the angle)."""
    r = abs(z)
    if r == 0:
        return 0j if n > 0 else errors.NUM("0 to a power that is not positive")
    theta = math.atan2(z.imag, z.real)
    return cmath.rect(r ** n, n * theta)


@function("IMPOWER", SCALAR, SCALAR)
def IMPOWER(inumber, number):
    """``inumber`` raised to the real power ``number`` (polar form); #NUM!
    for 0 to a power that is not positive."""
    p = parse(inumber, "IMPOWER")
    if isinstance(p, XLError):
        return p
    n = number_arg(number, "IMPOWER")
    if isinstance(n, XLError):
        return n
    try:
        z = _polar_power(p.z, n)
    except (OverflowError, ValueError):
        return errors.NUM("IMPOWER: no finite result")
    if isinstance(z, XLError):
        return XLError(z.kind, f"IMPOWER: {z.message}")
    return write(z, p.unit or "i", "IMPOWER")


_unary("IMSQRT", lambda z: _polar_power(z, 0.5) if z != 0 else 0j, "The square root (polar form).")
_unary("IMEXP", cmath.exp, "e raised to the complex number.")


def _log(base):
    def log(z):
        if z == 0:
            return errors.NUM("logarithm of 0")
        w = complex(math.log(abs(z)), math.atan2(z.imag, z.real))
        return w if base is None else w / math.log(base)
    return log


_unary("IMLN", _log(None), "The natural logarithm (principal value); #NUM! for 0.")
_unary("IMLOG10", _log(10), "The base-10 logarithm; #NUM! for 0.")
_unary("IMLOG2", _log(2), "The base-2 logarithm; #NUM! for 0.")
_unary("IMSIN", cmath.sin, "The sine.")
_unary("IMCOS", cmath.cos, "The cosine.")
def _tan(z):
    d = math.cos(2 * z.real) + math.cosh(2 * z.imag)
    return complex(math.sin(2 * z.real) / d, math.sinh(2 * z.imag) / d)


def _sec(z):
    d = math.cos(2 * z.real) + math.cosh(2 * z.imag)
    return complex(2 * math.cos(z.real) * math.cosh(z.imag) / d,
                   2 * math.sin(z.real) * math.sinh(z.imag) / d)


def _csc(z):
    d = math.cosh(2 * z.imag) - math.cos(2 * z.real)
    return complex(2 * math.sin(z.real) * math.cosh(z.imag) / d,
                   -2 * math.cos(z.real) * math.sinh(z.imag) / d)


# tangent, secant and cosecant by their closed forms in 2x and 2y, which give
# the digits of Excel's examples (IMTAN("4+3i") is "0.00490825806749606+1.00070953606723i")
_unary("IMTAN", _tan, "The tangent.", xlfn=True)
_unary("IMSINH", cmath.sinh, "The hyperbolic sine.", xlfn=True)
_unary("IMCOSH", cmath.cosh, "The hyperbolic cosine.", xlfn=True)
_unary("IMSEC", _sec, "The secant, 1/IMCOS.", xlfn=True)
_unary("IMCSC", _csc, "The cosecant, 1/IMSIN; #NUM! for 0.", xlfn=True)
_unary("IMCOT", lambda z: cmath.cos(z) / cmath.sin(z), "The cotangent; #NUM! for 0.", xlfn=True)
_unary("IMSECH", lambda z: 1 / cmath.cosh(z), "The hyperbolic secant.", xlfn=True)
_unary("IMCSCH", lambda z: 1 / cmath.sinh(z), "The hyperbolic cosecant; #NUM! for 0.", xlfn=True)


@function("IMDIV", SCALAR, SCALAR)
def IMDIV(inumber1, inumber2):
    """The quotient ``inumber1/inumber2``; #NUM! when dividing by 0."""
    parsed = parse_all([inumber1, inumber2], "IMDIV")
    if isinstance(parsed, XLError):
        return parsed
    (a, b), unit = parsed
    if b == 0:
        return errors.NUM("IMDIV: division by 0")
    return write(a / b, unit, "IMDIV")


@function("IMSUB", SCALAR, SCALAR)
def IMSUB(inumber1, inumber2):
    """The difference ``inumber1-inumber2``."""
    parsed = parse_all([inumber1, inumber2], "IMSUB")
    if isinstance(parsed, XLError):
        return parsed
    (a, b), unit = parsed
    return write(a - b, unit, "IMSUB")


def _items(args, name):
    """The complex numbers of IMSUM's and IMPRODUCT's arguments: each cell of
    a range or array (empty cells skipped), each direct value."""
    values = []
    for arg in args:
        if isinstance(arg, Array):
            values += [v for v in arg.flat() if v is not EMPTY]
        else:
            values.append(arg)
    return parse_all(values, name)


@function("IMSUM", VALUES, many(VALUES))
def IMSUM(*inumbers):
    """The sum of complex numbers (ranges and arrays: each cell)."""
    parsed = _items(inumbers, "IMSUM")
    if isinstance(parsed, XLError):
        return parsed
    zs, unit = parsed
    total = 0j
    for z in zs:
        total += z
    return write(total, unit, "IMSUM")


@function("IMPRODUCT", VALUES, many(VALUES))
def IMPRODUCT(*inumbers):
    """The product of complex numbers (ranges and arrays: each cell)."""
    parsed = _items(inumbers, "IMPRODUCT")
    if isinstance(parsed, XLError):
        return parsed
    zs, unit = parsed
    product = 1 + 0j
    for z in zs:
        product *= z
    return write(product, unit, "IMPRODUCT")
