"""Cell values and Excel's coercion rules.

A scalar value is one of: ``float`` (every number is float64), ``str``,
``bool``, :data:`EMPTY` or :class:`~sheetgd.engine.errors.XLError`.  Python's
``bool`` is a subclass of ``int``, so every type test here checks ``bool``
first.  An :class:`Array` is a rectangular grid of scalars (array constants
and the results of array formulas).

Rules (Excel's, which the tests pin down one by one):

- empty is 0 in arithmetic, "" in text and FALSE in logic;
- TRUE is 1 in arithmetic; numeric text coerces (``"3"+1`` is 4), and so
  does date and time text, to its serial number (``"2024-01-10"+0`` is
  45301, ``"12:00"+0`` 0.5: :mod:`sheetgd.engine.serials`); other text is
  ``#VALUE!``;
- comparison order is numbers < text < booleans; text compares
  case-insensitively (lower-cased, not Unicode case-folded: "ß" is not "ss");
  empty compares as the other side's zero value;
- the comparison operators round both numbers to 15 significant digits
  first (``0.1+0.2=0.3`` is TRUE); lookups compare the exact binary values
  (:func:`compare_rounded` and :func:`compare`);
- text is read as a number with ASCII digits only (``"١٢"+0`` is #VALUE!);
- a number becomes text with up to 15 significant digits (``"a"&0.1+0.2`` is
  ``a0.3``);
- text holds at most :data:`MAX_TEXT` (32,767) characters: ``&`` and the
  text functions give ``#VALUE!`` rather than a longer result
  (:func:`text_result`), so no over-long string is ever built.
"""

from __future__ import annotations

import decimal
import math
import re
from dataclasses import dataclass
from decimal import Decimal

from . import errors
from .serials import text_serial
from .errors import XLError


#: The most characters a cell's text can hold (Excel's specifications and
#: limits: "Total number of characters that a cell can contain: 32,767").
MAX_TEXT = 32_767


def text_result(a: str, b: str = ""):
    """``a + b`` when it fits in a cell (:data:`MAX_TEXT`), else ``#VALUE!``
    -- decided from the lengths, before anything is joined (Excel's ``&``,
    CONCATENATE and REPT give #VALUE! past 32,767 characters)."""
    if len(a) + len(b) > MAX_TEXT:
        return errors.VALUE(f"text of {len(a) + len(b):,} characters: a cell holds at most {MAX_TEXT:,}")
    return a + b if b else a


def shown(v) -> str:
    """A value as an error message quotes it: ``repr``, cut to 40 characters
    (a message never copies 32,767 characters of text)."""
    text = repr(v)
    return text if len(text) <= 40 else text[:36] + "...'"


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


class NumberColumn(Array):
    """A one-column array of finite numbers held as a float64 numpy array,
    ``floats`` (an aggregate's read of a compiled block's column: SUM adds
    them without a Python float per cell); ``rows`` is built on demand."""

    def __init__(self, floats):
        object.__setattr__(self, "floats", floats)

    @property
    def height(self) -> int:
        return len(self.floats)

    @property
    def width(self) -> int:
        return 1

    @property
    def rows(self) -> tuple:
        built = self.__dict__.get("_rows")
        if built is None:
            built = tuple((v,) for v in self.floats.tolist())
            object.__setattr__(self, "_rows", built)
        return built


# --- numbers -----------------------------------------------------------------

# re.ASCII: \d is [0-9] and \s is [ \t\n\r\f\v] (Python's defaults take any Unicode
# digit and space: "١٢" (Arabic-Indic) and "１" (full-width) would read as 12 and 1).
_NUMERIC_TEXT = re.compile(
    r"""\s*(\(?)\s*([+-]?)\s*(\$?)\s*([+-]?)\s*(\d+(?:,\d{3})*(?:\.\d*)?|\.\d+)(?:[eE]([+-]?\d+))?"""
    r"""\s*(%?)\s*(\)?)\s*$""",
    re.ASCII,
)


def parse_number_text(text: str, calendar=None) -> float | None:
    """The number a text spells the way Excel (en-US) reads it in arithmetic,
    or None.

    Accepts a sign, a dollar sign (``"$1,000"``, ``"-$5"``), accounting
    parentheses for negatives (``"(2)"`` is -2), thousands separators,
    decimals, an exponent and a trailing percent sign; rejects Python-only
    spellings (``inf``, ``nan``, ``1_0``).  Text Excel reads as a date or
    a time (``"2024-01-10"``, ``"1/2"``, ``"12:00"``, ``"6:45 PM"``) is its
    serial number, as in Excel's arithmetic (``="2024-01-10"+0`` is 45301):
    :func:`sheetgd.engine.serials.text_serial`, the one reader of such text
    (in the 1900 date system unless ``calendar`` says otherwise).

    Digits are ASCII ``0-9`` only, and the spaces around the parts ASCII
    whitespace only: Excel reads neither other scripts' digits (``"١٢"``,
    full-width ``"１"``) nor a no-break space (``"200"&CHAR(160)`` is
    #VALUE! in arithmetic and VALUE, the usual trouble with numbers pasted
    from web pages: https://domainwebcenter.com/problem-solved-cant-convert-number-into-a-string-in-excel/),
    and its minus sign is the ASCII hyphen only
    (https://excelforum.com/excel-general/1400474-problem-with-converting-scientific-notation-as-text-to-numbers.html).
    """
    m = _NUMERIC_TEXT.match(text)
    if not m or not text.strip():
        return text_serial(text, calendar)
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


def to_number(v, calendar=None):
    """Coerce a scalar for arithmetic: float, or an XLError (date text in
    the 1900 date system unless ``calendar`` says otherwise)."""
    if isinstance(v, bool):
        return 1.0 if v else 0.0
    if isinstance(v, float):
        return v
    if v is EMPTY:
        return 0.0
    if isinstance(v, str):
        n = parse_number_text(v, calendar)
        return errors.VALUE(f"text {shown(v)} is not a number") if n is None else n
    if isinstance(v, XLError):
        return v
    if isinstance(v, int):
        return float(v)
    return errors.VALUE(f"cannot use {shown(v)} as a number")


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
        return errors.VALUE(f"text {shown(v)} is not TRUE or FALSE")
    if isinstance(v, XLError):
        return v
    return errors.VALUE(f"cannot use {shown(v)} as a logical value")


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
    if isinstance(v, int):
        return number_to_text(float(v))
    return errors.VALUE(f"cannot use {shown(v)} as text")  # a function (LAMBDA) as a value


# --- comparison --------------------------------------------------------------

def _rank(v) -> int:
    if isinstance(v, bool):
        return 2
    if isinstance(v, str):
        return 1
    return 0


def compare(a, b) -> int:
    """-1, 0 or 1: Excel's ordering of two non-error scalars, numbers by
    their exact binary values -- what MATCH (and Excel's other lookups) use:
    with ``=1-0.99`` in B1, ``MATCH(0.01,B1,0)`` is #N/A in Excel, although
    ``=B1=0.01`` is TRUE (https://learn.microsoft.com/en-us/answers/a/11355118;
    https://techcommunity.microsoft.com/discussions/excelgeneral/mysterious-bug-on-excel-calculation-on-a-vlookup/2413626).

    Numbers < text < booleans; text is compared case-insensitively
    (:func:`text_key`); an empty side takes the other side's zero value
    (0, "" or FALSE).  The comparison operators use :func:`compare_rounded`.
    """
    return _compare(a, b, _exact)


def compare_rounded(a, b) -> int:
    """-1, 0 or 1: the order Excel's comparison operators ``= <> < > <= >=``
    see, :func:`compare` with both numbers first rounded to 15 significant
    digits, just for the comparison (:func:`round_15_digits`).

    Excel rounds the left and right operands of the comparison operators to
    15 significant digits: ``=0.1+0.2=0.3`` is TRUE (0.30000000000000004 is
    0.300000000000000), ``=10.1-10=0.1`` FALSE (0.0999999999999996447...
    is 0.0999999999999996), ``=0=0.5-0.4-0.1`` FALSE (-2.78E-17 stays
    -2.77555756156289E-17: digits are significant, not decimal places).
    Sources: joeu2004's answers on Microsoft Q&A
    (https://learn.microsoft.com/en-us/answers/a/11355118), MrExcel
    (https://www.mrexcel.com/board/threads/formula-if-cell-cell-0-error-ok-just-works-with-some-numbers.1149146/)
    and Excel Forum (https://excelforum.com/excel-general/1014829-compare-numbers-with-difference-vs-if.html);
    ``=0=0.5-0.4-0.1`` FALSE: https://forum.bebac.at/forum_entry.php?id=22128.
    (LibreOffice compares with rtl::math::approxEqual instead, a relative
    2^-48, and so answers otherwise in rare cases: ``=0.1=(1.2-1.1)`` is
    TRUE there, FALSE in Excel.)
    """
    return _compare(a, b, _rounded)


def _compare(a, b, numbers) -> int:
    if a is EMPTY:
        a = _zero_like(b)
    if b is EMPTY:
        b = _zero_like(a)
    ra, rb = _rank(a), _rank(b)
    if ra != rb:
        return -1 if ra < rb else 1
    if ra == 1:
        a, b = text_key(a), text_key(b)
    elif ra == 0:
        return numbers(a, b)
    return (a > b) - (a < b)


def _exact(a: float, b: float) -> int:
    return (a > b) - (a < b)


#: Rounding to 15 significant digits, ties away from zero (the exponent range
#: holds every double's exact decimal value).
_DIGITS_15 = decimal.Context(prec=15, rounding=decimal.ROUND_HALF_UP, Emin=-999999, Emax=999999)


def round_15_digits(x: float) -> Decimal:
    """The exact binary value of ``x`` rounded to 15 significant decimal
    digits (as a Decimal, so no second rounding to binary happens).

    A tie (the exact value has exactly 16 significant digits, the last a 5:
    ``1E+14+0.5``, ``1E+15+5``) rounds away from zero, as Excel's own
    decimal rounding does (its ROUND documentation: ``ROUND(2.15,1)`` is
    2.2, ``ROUND(-1.475,2)`` -1.48); no public source shows a tie in a
    comparison.
    """
    return _DIGITS_15.plus(Decimal(x))


# Two numbers can round to the same 15 digits only when they differ by less
# than one unit of the 15th digit of the larger, at most 1E-14 of it (with a
# margin for the float arithmetic of the test); below 1E-290 the test's own
# products lose precision, so those always take the exact path.
_NEAR = 1.01e-14
_TINY = 1e-290


def _rounded(a: float, b: float) -> int:
    if a == b:
        return 0
    big = max(abs(a), abs(b))
    if big > _TINY and abs(a - b) > _NEAR * big:
        return -1 if a < b else 1  # rounding keeps the order, and cannot make them equal
    ra, rb = round_15_digits(a), round_15_digits(b)
    return (ra > rb) - (ra < rb)


def text_key(text: str) -> str:
    """Text as Excel's comparisons see it: lower-cased character by
    character (Unicode's simple lowercase mapping, one character for one).

    Excel compares text without regard to case (``="Ant"="ant"`` is TRUE;
    EXACT is the case-sensitive test), but it does not case-fold: ``"ß"``
    is not ``"ss"`` (Python's ``casefold`` would make them equal).  Greek
    capital sigma is always ``σ``: the word-final ``ς`` of ``str.lower``
    depends on the neighbours, and ``"ΣΑΣ"`` equals ``"σασ"``.  ``İ``
    (U+0130), the one character whose full lowercase is two, becomes ``i``.
    """
    if text.isascii():
        return text.lower()
    return "".join(_lower(ch) for ch in text)


def _lower(ch: str) -> str:
    low = ch.lower()
    return low if len(low) == 1 else "i"  # only U+0130 (İ) lower-cases to two


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
    """A Python value as a cell constant: None -> EMPTY, bool -> bool, str ->
    str, other numbers -> float (NaN and infinities -> #NUM!).

    numpy's scalars map to Excel's types as Python's do: ``np.bool_`` is a
    logical (TRUE, not 1), ``np.str_`` text, ``np.integer`` and
    ``np.floating`` numbers; a 0-d array is its element."""
    if v is None:
        return EMPTY
    if isinstance(v, (bool, XLError)) or v is EMPTY:
        return v
    if isinstance(v, str):
        return v if type(v) is str else str(v)  # np.str_ and other str subclasses: plain text
    item = getattr(v, "item", None)
    if item is not None and getattr(v, "shape", None) == () and type(v).__module__ == "numpy":
        return from_python(item())  # np.bool_ -> bool, np.int64 -> int, np.float32 -> float ...
    try:  # int, float, Decimal, Fraction ...
        x = float(v)
    except (TypeError, ValueError):
        raise TypeError(f"cannot store {v!r} ({type(v).__name__}) in a cell") from None
    return checked(x)
