"""Numerals: ROMAN, ARABIC, BASE, DECIMAL.

Behaviour follows Excel's documentation (support.microsoft.com, one page per
function).  ROMAN's forms 1 to 4 are Excel's ever more concise spellings,
in which a symbol may be subtracted from one up to four steps larger
(``ROMAN(499,0)`` is CDXCIX, forms 1 to 4 give LDVLIV, XDIX, VDIV, ID).
"""

from __future__ import annotations

from .. import errors
from ..values import EMPTY, to_number
from .base import NUMBER, SCALAR, TEXT, function, opt

_SYMBOLS = "MDCLXVI"
_VALUES = (1000, 500, 100, 50, 10, 5, 1)


def roman(n: int, form: int) -> str:
    """``n`` (0..3999) in Roman numerals of conciseness ``form`` (0..4).

    Each decimal digit is written with the powers of ten and the fives
    around it.  A digit of 4 or 9 is written as a subtraction (IV, XC ...);
    in form ``k`` the symbol subtracted may be up to ``k`` steps smaller
    than the usual one (towards I), so long as the larger symbol minus it
    still fits in what is left to write."""
    out = []
    rest = n
    for i in range(0, len(_VALUES), 2):  # M, C, X, I: the powers of ten
        digit = rest // _VALUES[i]
        if digit % 5 == 4:
            big = i - 1 if digit == 4 else i - 2  # V, L, D (for 4) or X, C, M (for 9)
            small, steps = i, 0
            while steps < form and small < len(_VALUES) - 1:
                steps += 1
                if _VALUES[big] - _VALUES[small + 1] <= rest:
                    small += 1
                else:
                    break
            out.append(_SYMBOLS[small] + _SYMBOLS[big])
            rest -= _VALUES[big] - _VALUES[small]
        else:
            if digit > 4:
                out.append(_SYMBOLS[i - 1])
            out.append(_SYMBOLS[i] * (digit % 5))
            rest %= _VALUES[i]
    return "".join(out)


def _form(value):
    """ROMAN's second argument: a number 0..4 (truncated), TRUE (0) or
    FALSE (4); or an XLError."""
    if value is EMPTY:
        return 0
    if isinstance(value, bool):
        return 0 if value else 4
    n = to_number(value)
    if not isinstance(n, float):
        return n
    return int(n)


@function("ROMAN", NUMBER, opt(SCALAR, 0.0))
def ROMAN(number, form):
    """``number`` (truncated, 0..3999) as Roman numerals, form 0 (classic,
    the default or TRUE) to 4 (simplified, or FALSE); "" for 0; #VALUE! for
    a number outside 0..3999 or a form outside 0..4 (Excel's ROMAN)."""
    form = _form(form)
    if not isinstance(form, int):
        return form
    if not 0 <= number < 4000:
        return errors.VALUE("ROMAN takes numbers from 0 to 3999")
    if not 0 <= form <= 4:
        return errors.VALUE("ROMAN's form is 0 to 4")
    return roman(int(number), form)


_ARABIC = dict(zip(_SYMBOLS, _VALUES))


@function("ARABIC", TEXT, xlfn=True)
def ARABIC(text):
    """The number a Roman numeral spells (case-insensitive, a leading minus
    for negatives, surrounding spaces ignored, "" is 0); #VALUE! for any
    other character or a text over 255 characters (Excel's ARABIC)."""
    if len(text) > 255:
        return errors.VALUE("ARABIC of a text over 255 characters")
    s = text.strip().upper()
    sign = 1.0
    if s.startswith("-"):
        sign, s = -1.0, s[1:]
    if any(ch not in _ARABIC for ch in s):
        return errors.VALUE(f"{text!r} is not a Roman numeral")
    total = 0
    for i, ch in enumerate(s):
        value = _ARABIC[ch]
        if i + 1 < len(s) and _ARABIC[s[i + 1]] > value:
            total -= value
        else:
            total += value
    return sign * total


_DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


@function("BASE", NUMBER, NUMBER, opt(NUMBER, 0.0), xlfn=True)
def BASE(number, radix, min_length):
    """The (truncated) number written in base ``radix`` (2..36), padded with
    zeros to ``min_length``; #NUM! for a number outside 0..2^53, a radix
    outside 2..36 or a length outside 0..255 (Excel's BASE: ``BASE(7,2)`` is
    "111")."""
    if number < 0:
        return errors.NUM("BASE of a negative number")
    if number >= 2.0 ** 53:
        return errors.NUM("BASE of a number of 2^53 or more")
    radix, min_length = int(radix), int(min_length)
    if not 2 <= radix <= 36:
        return errors.NUM("BASE's radix is 2 to 36")
    if not 0 <= min_length <= 255:
        return errors.NUM("BASE's minimum length is 0 to 255")
    n, digits = int(number), []
    while n:
        n, d = divmod(n, radix)
        digits.append(_DIGITS[d])
    return "".join(reversed(digits)).rjust(max(min_length, 1), "0")


@function("DECIMAL", TEXT, NUMBER, xlfn=True)
def DECIMAL(text, radix):
    """The number ``text`` spells in base ``radix`` (2..36, letters in
    either case); #NUM! for a digit outside the base, a radix outside 2..36
    or a text of 255 characters or more (Excel's DECIMAL: ``DECIMAL("FF",16)``
    is 255)."""
    radix = int(radix)
    if not 2 <= radix <= 36:
        return errors.NUM("DECIMAL's radix is 2 to 36")
    if len(text) >= 256:
        return errors.NUM("DECIMAL of a text of 256 characters or more")
    total = 0
    for ch in text.upper():
        d = _DIGITS.find(ch)
        if d < 0 or d >= radix:
            return errors.NUM(f"DECIMAL: {ch!r} is not a digit in base {radix}")
        total = total * radix + d
    try:
        return float(total)
    except OverflowError:
        return errors.NUM("the number is too large")

