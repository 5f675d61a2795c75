"""Cell values and Excel's coercion rules.

A scalar value is one of: ``float`` (every number is float64), ``str``,
``bool``, :data:`EMPTY` or :class:`~sheetgd.engine.errors.XLError`.  Python's
``bool`` is a subclass of ``int``, so every type test here checks ``bool``
first.  An :class:`Array` is a rectangular grid of scalars (array constants
and the results of array formulas).

Rules (Excel's, which the tests pin down one by one):

- empty is 0 in arithmetic, "" in text and FALSE in logic;
- TRUE is 1 in arithmetic; numeric text coerces (``"3"+1`` is 4), other text
  is ``#VALUE!``;
- comparison order is numbers < text < booleans; text compares
  case-insensitively; empty compares as the other side's zero value;
- a number becomes text with up to 15 significant digits (``"a"&0.1+0.2`` is
  ``a0.3``).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from . import errors
from .errors import XLError


class _Empty:
    """The value of a cell with nothing in it (a singleton)."""

    __slots__ = ()

    def __repr__(self):
        return "EMPTY"

    def __bool__(self):
        return False

    def __reduce__(self):
        return (_empty, ())


def _empty():
    return EMPTY


EMPTY = _Empty()

Scalar = "float | str | bool | _Empty | XLError"


@dataclass(frozen=True)
class Array:
    """A rectangular grid of scalars, ``rows`` of equal length."""

    rows: tuple

    @staticmethod
    def of(rows) -> "Array":
        rows = tuple(tuple(r) for r in rows)
        if not rows or not rows[0] or any(len(r) != len(rows[0]) for r in rows):
            raise ValueError("an array needs equal-length, non-empty rows")
        return Array(rows)

    @property
    def height(self) -> int:
        return len(self.rows)

    @property
    def width(self) -> int:
        return len(self.rows[0])

    def at(self, i: int, j: int):
        """Element (i, j), broadcasting a single row or column; #N/A outside."""
        if self.height == 1:
            i = 0
        if self.width == 1:
            j = 0
        if i < self.height and j < self.width:
            return self.rows[i][j]
        return errors.NA("outside the array")

    def flat(self):
        for row in self.rows:
            yield from row


# --- numbers -----------------------------------------------------------------

_NUMERIC_TEXT = re.compile(
    r"""\s*(\(?)\s*([+-]?)\s*(\$?)\s*([+-]?)\s*(\d+(?:,\d{3})*(?:\.\d*)?|\.\d+)(?:[eE]([+-]?\d+))?"""
    r"""\s*(%?)\s*(\)?)\s*$"""
)


def parse_number_text(text: str) -> float | None:
    """The number a text spells the way Excel (en-US) reads it in arithmetic,
    or None.

    Accepts a sign, a dollar sign (``"$1,000"``, ``"-$5"``), accounting
    parentheses for negatives (``"(2)"`` is -2), thousands separators,
    decimals, an exponent and a trailing percent sign; rejects Python-only
    spellings (``inf``, ``nan``, ``1_0``).  Dates and times (``"1/2"``,
    ``"12:00"``) are not read.
    """
    m = _NUMERIC_TEXT.match(text)
    if not m or not text.strip():
        return None
    opening, sign, _dollar, sign_after, digits, exponent, percent, closing = m.groups()
    if bool(opening) != bool(closing) or (sign and sign_after) or (opening and (sign or sign_after)):
        return None
    value = float(digits.replace(",", "") + (f"e{exponent}" if exponent else ""))
    if "-" in (sign, sign_after) or opening:
        value = -value
    if percent:
        value /= 100.0
    return value if math.isfinite(value) else None


def checked(x: float):
    """``x`` itself when finite, else ``#NUM!`` (overflow or invalid maths)."""
    if math.isfinite(x):
        return x
    return errors.NUM("overflow" if math.isinf(x) else "invalid operation")


def to_number(v):
    """Coerce a scalar for arithmetic: float, or an XLError."""
    if isinstance(v, bool):
        return 1.0 if v else 0.0
    if isinstance(v, float):
        return v
    if v is EMPTY:
        return 0.0
    if isinstance(v, str):
        n = parse_number_text(v)
        return errors.VALUE(f"text {v!r} is not a number") if n is None else n
    if isinstance(v, XLError):
        return v
    if isinstance(v, int):
        return float(v)
    return errors.VALUE(f"cannot use {v!r} as a number")


def to_bool(v):
    """Coerce a scalar for logic (IF, AND, ...): bool, or an XLError."""
    if isinstance(v, bool):
        return v
    if isinstance(v, float):
        return v != 0.0
    if v is EMPTY:
        return False
    if isinstance(v, str):
        upper = v.strip().upper()
        if upper in ("TRUE", "FALSE"):
            return upper == "TRUE"
        return errors.VALUE(f"text {v!r} is not TRUE or FALSE")
    if isinstance(v, XLError):
        return v
    return errors.VALUE(f"cannot use {v!r} as a logical value")


def number_to_text(x: float) -> str:
    """A number as Excel's General format turns it into text (15 digits)."""
    if x == 0:
        return "0"
    if x == int(x) and abs(x) < 1e15:
        return str(int(x))
    exponent = math.floor(math.log10(abs(x)))
    if -10 < exponent < 15:
        digits = max(0, 14 - exponent)
        text = f"{x:.{digits}f}"
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        return text
    mantissa, _, exp = f"{x:.14E}".partition("E")
    mantissa = mantissa.rstrip("0").rstrip(".")
    sign = "-" if exp.startswith("-") else "+"
    return f"{mantissa}E{sign}{abs(int(exp)):02d}"


def to_text(v):
    """Coerce a scalar for ``&`` and text functions: str, or an XLError."""
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, float):
        return number_to_text(v)
    if isinstance(v, str):
        return v
    if v is EMPTY:
        return ""
    if isinstance(v, XLError):
        return v
    return str(v)


# --- comparison --------------------------------------------------------------

def _rank(v) -> int:
    if isinstance(v, bool):
        return 2
    if isinstance(v, str):
        return 1
    return 0


def compare(a, b) -> int:
    """-1, 0 or 1: Excel's ordering of two non-error scalars.

    Numbers < text < booleans; text is compared case-insensitively; an empty
    side takes the other side's zero value (0, "" or FALSE).
    """
    if a is EMPTY:
        a = _zero_like(b)
    if b is EMPTY:
        b = _zero_like(a)
    ra, rb = _rank(a), _rank(b)
    if ra != rb:
        return -1 if ra < rb else 1
    if ra == 1:
        a, b = a.casefold(), b.casefold()
    return (a > b) - (a < b)


def _zero_like(v):
    if isinstance(v, bool):
        return False
    if isinstance(v, str):
        return ""
    return 0.0


def python_value(v):
    """A scalar for users of the Python API: EMPTY becomes None."""
    return None if v is EMPTY else v


def from_python(v):
    """A Python value as a cell constant (int -> float, None -> EMPTY)."""
    if v is None:
        return EMPTY
    if isinstance(v, (bool, str, XLError)) or v is EMPTY:
        return v
    try:  # int, float, numpy scalars and the like
        x = float(v)
    except (TypeError, ValueError):
        raise TypeError(f"cannot store {v!r} ({type(v).__name__}) in a cell") from None
    return checked(x)
