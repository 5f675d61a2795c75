"""Text: LEN, LEFT, RIGHT, MID (and their B forms), FIND, SEARCH (and B
forms), SUBSTITUTE, REPLACE(B), REPT, TRIM, CLEAN, UPPER, LOWER, PROPER,
CHAR, CODE, UNICHAR, UNICODE, EXACT, T, N.

Excel's rules, from its documentation (support.microsoft.com, one page per
function), that hold for every function here:

- a number given as text is written with Excel's General format, 15
  significant digits (the gate's TEXT coercion,
  :func:`~sheetgd.engine.values.number_to_text`: ``LEN(1/3)`` is 17);
- positions and lengths count UTF-16 code units, as Excel stores text: a
  character outside the Basic Multilingual Plane (an emoji, U+1F600) counts
  2 in LEN, and LEFT, MID ... can cut it in half (the half is kept, a lone
  surrogate, as in Excel) -- :func:`units` and :func:`from_units`;
- integer arguments (counts, positions) are truncated towards zero, and a
  negative count or a position below 1 is #VALUE! (and so is one of 2^31
  or more, as in LibreOffice: Excel's limit is not documented);
- a result longer than a cell holds (32,767 characters,
  :data:`~sheetgd.engine.values.MAX_TEXT`) is #VALUE!.

The B forms (LENB, LEFTB, RIGHTB, MIDB, FINDB, SEARCHB, REPLACEB) count
bytes only when a double-byte (DBCS) language is Excel's default editing
language; otherwise, and so here, they are the functions without B
("LENB counts 2 bytes per character only when a DBCS language is set as
the default language. Otherwise LENB behaves the same as LEN").
"""

from __future__ import annotations

import math
import re

from .. import errors
from ..values import MAX_TEXT, text_key, text_result
from ..wildcards import wildcard_pattern
from .base import NUMBER, SCALAR, TEXT, function, opt

_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")


def units(text: str) -> str:
    """``text`` with each character outside the Basic Multilingual Plane
    split into its UTF-16 surrogate pair, so that ``len``, slicing and
    searching count UTF-16 code units, as Excel's text functions do."""
    if text.isascii() or not _ASTRAL.search(text):
        return text
    return _ASTRAL.sub(_pair, text)


def _pair(match) -> str:
    v = ord(match.group()) - 0x10000
    return chr(0xD800 + (v >> 10)) + chr(0xDC00 + (v & 0x3FF))


def from_units(u: str) -> str:
    """Text in UTF-16 code units (:func:`units`) back as characters: each
    whole surrogate pair joined again; a lone half stays as it is."""
    if u.isascii():
        return u
    return u.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")


def _too_long(length: int):
    return errors.VALUE(f"text of {length:,} characters: a cell holds at most {MAX_TEXT:,}")


#: Counts and positions are 32-bit integers: 2^31 and more is #VALUE!
#: (LibreOffice's rule; Excel's is not documented).
_INT_LIMIT = 2.0 ** 31


def _count(n: float, what: str):
    """A count argument (characters, repetitions), truncated; #VALUE! below
    0 or from 2^31."""
    if n < 0 or n >= _INT_LIMIT:
        return errors.VALUE(f"{what} is {'negative' if n < 0 else 'too large'} ({n:g})")
    return int(n)


def _position(n: float, what: str):
    """A 1-based position argument, truncated; #VALUE! below 1 or from 2^31."""
    if n < 1 or n >= _INT_LIMIT:
        return errors.VALUE(f"{what} is {'below 1' if n < 1 else 'too large'} ({n:g})")
    return int(n)


def _bad(*values):
    """The first of ``values`` that is an error, else None."""
    for v in values:
        if isinstance(v, errors.XLError):
            return v
    return None


# --- length and parts ---------------------------------------------------------------

def LEN(text):
    """The number of characters (UTF-16 code units) in ``text``."""
    return float(len(units(text)))


def LEFT(text, num_chars):
    """The first ``num_chars`` characters (default 1); #VALUE! when
    ``num_chars`` is negative."""
    n = _count(num_chars, "num_chars")
    if isinstance(n, errors.XLError):
        return n
    return from_units(units(text)[:n])


def RIGHT(text, num_chars):
    """The last ``num_chars`` characters (default 1); #VALUE! when
    ``num_chars`` is negative."""
    n = _count(num_chars, "num_chars")
    if isinstance(n, errors.XLError):
        return n
    u = units(text)
    return from_units(u[max(0, len(u) - n):])


def MID(text, start_num, num_chars):
    """``num_chars`` characters from position ``start_num``; "" when it is
    past the end; #VALUE! when ``start_num`` < 1 or ``num_chars`` < 0."""
    start, n = _position(start_num, "start_num"), _count(num_chars, "num_chars")
    bad = _bad(start, n)
    if bad is not None:
        return bad
    return from_units(units(text)[start - 1:start - 1 + n])


for _suffix in ("", "B"):
    function("LEN" + _suffix, TEXT)(LEN)
    function("LEFT" + _suffix, TEXT, opt(NUMBER, 1.0))(LEFT)
    function("RIGHT" + _suffix, TEXT, opt(NUMBER, 1.0))(RIGHT)
    function("MID" + _suffix, TEXT, NUMBER, NUMBER)(MID)


# --- finding -------------------------------------------------------------------------

def _find_start(within: str, start_num: float):
    """The 0-based index a search of ``within`` (units) starts from; #VALUE!
    when ``start_num`` is below 1 or past the end of the text."""
    start = _position(start_num, "start_num")
    if isinstance(start, errors.XLError):
        return start
    if start > len(within):
        return errors.VALUE(f"start_num {start} is past the end of the text ({len(within)} characters)")
    return start - 1


def FIND(find_text, within_text, start_num):
    """The position of the first ``find_text`` in ``within_text`` at or
    after ``start_num`` (default 1), case-sensitive, no wildcards.  An empty
    ``find_text`` is found at ``start_num``.  #VALUE! when it is not found
    or ``start_num`` is below 1 or past the end of ``within_text``."""
    within = units(within_text)
    start = _find_start(within, start_num)
    if isinstance(start, errors.XLError):
        return start
    at = within.find(units(find_text), start)
    if at < 0:
        return errors.VALUE(f"{find_text!r} not found")
    return float(at + 1)


def SEARCH(find_text, within_text, start_num):
    """FIND without regard to case (Excel's lower-casing,
    :func:`~sheetgd.engine.values.text_key`) and with the wildcards ``*``,
    ``?`` and ``~``: the position where the first match starts."""
    within = units(within_text)
    start = _find_start(within, start_num)
    if isinstance(start, errors.XLError):
        return start
    rx = re.compile(wildcard_pattern(text_key(units(find_text))), re.DOTALL)
    m = rx.search(text_key(within), start)
    if m is None:
        return errors.VALUE(f"{find_text!r} not found")
    return float(m.start() + 1)


for _suffix in ("", "B"):
    function("FIND" + _suffix, TEXT, TEXT, opt(NUMBER, 1.0))(FIND)
    function("SEARCH" + _suffix, TEXT, TEXT, opt(NUMBER, 1.0))(SEARCH)


# --- replacing -----------------------------------------------------------------------

@function("SUBSTITUTE", TEXT, TEXT, TEXT, opt(NUMBER, math.nan))  # NaN: left out
def SUBSTITUTE(text, old_text, new_text, instance_num):
    """``text`` with ``old_text`` replaced by ``new_text``: every
    occurrence, or only the ``instance_num``-th (truncated; #VALUE! below
    1).  Occurrences are counted left to right without overlapping; an
    empty ``old_text`` changes nothing."""
    if not math.isnan(instance_num):
        n = _position(instance_num, "instance_num")
        if isinstance(n, errors.XLError):
            return n
    if not old_text:
        return text
    if math.isnan(instance_num):
        count = text.count(old_text)
        length = len(text) + count * (len(new_text) - len(old_text))
        return _too_long(length) if length > MAX_TEXT else text.replace(old_text, new_text)
    at = -1
    for _ in range(n):
        at = text.find(old_text, at + (len(old_text) if at >= 0 else 1))
        if at < 0:
            return text
    return text_result(text[:at] + new_text, text[at + len(old_text):])


def REPLACE(old_text, start_num, num_chars, new_text):
    """``old_text`` with ``num_chars`` characters from position
    ``start_num`` replaced by ``new_text`` (appended when ``start_num`` is
    past the end); #VALUE! when ``start_num`` < 1 or ``num_chars`` < 0."""
    start, n = _position(start_num, "start_num"), _count(num_chars, "num_chars")
    bad = _bad(start, n)
    if bad is not None:
        return bad
    u = units(old_text)
    head, tail = u[:start - 1], u[start - 1 + n:]
    return text_result(from_units(head) + new_text, from_units(tail))


function("REPLACE", TEXT, NUMBER, NUMBER, TEXT)(REPLACE)
function("REPLACEB", TEXT, NUMBER, NUMBER, TEXT)(REPLACE)


@function("REPT", TEXT, NUMBER)
def REPT(text, number_times):
    """``text`` repeated ``number_times`` times (truncated; 0 gives "");
    #VALUE! when negative or when the result would pass 32,767 characters."""
    n = _count(number_times, "number_times")
    if isinstance(n, errors.XLError):
        return n
    if not text or n == 0:
        return ""
    length = len(units(text)) * n
    if length > MAX_TEXT:
        return _too_long(length)
    return text * n


# --- cleaning and case ---------------------------------------------------------------

@function("TRIM", TEXT)
def TRIM(text):
    """``text`` without leading and trailing spaces and with each run of
    inner spaces made one.  Only the space character (code 32) is trimmed:
    not the no-break space (CHAR(160)) nor tabs, as in Excel."""
    return " ".join(part for part in text.split(" ") if part)


@function("CLEAN", TEXT)
def CLEAN(text):
    """``text`` without the non-printing characters of codes 0 to 31 (the
    other non-printing characters, such as 127 and 129, stay: Excel's CLEAN
    leaves them too)."""
    if text.isprintable():
        return text
    return "".join(ch for ch in text if ord(ch) >= 32)


def _upper(ch: str) -> str:
    up = ch.upper()
    return up if len(up) == 1 else ch  # one character for one: "ß" stays "ß"


@function("UPPER", TEXT)
def UPPER(text):
    """``text`` in capitals, character by character (a character whose
    capital is two characters, such as "ß", is kept)."""
    if text.isascii():
        return text.upper()
    return "".join(_upper(ch) for ch in text)


@function("LOWER", TEXT)
def LOWER(text):
    """``text`` in small letters, character by character: the lower-casing
    Excel's text comparisons use (:func:`~sheetgd.engine.values.text_key`)."""
    return text_key(text)


@function("PROPER", TEXT)
def PROPER(text):
    """``text`` with the first letter, and every letter that follows a
    character other than a letter, in capitals; the other letters small
    (``PROPER("76BudGet")`` is "76Budget", ``PROPER("don't")`` "Don'T")."""
    out, after_letter = [], False
    for ch in text:
        letter = ch.isalpha()
        out.append((text_key(ch) if after_letter else _upper(ch)) if letter else ch)
        after_letter = letter
    return "".join(out)


# --- character codes -----------------------------------------------------------------

def _cp1252(code: int) -> str:
    """The character of byte ``code`` in Windows-1252; the five bytes it
    leaves undefined (129, 141, 143, 144, 157) are the C1 control characters
    of the same number, as Windows converts them."""
    try:
        return bytes([code]).decode("cp1252")
    except UnicodeDecodeError:
        return chr(code)


_CODES = {_cp1252(code): code for code in range(1, 256)}


@function("CHAR", NUMBER)
def CHAR(number):
    """The character of code ``number`` (truncated, 1 to 255, else #VALUE!)
    in Windows-1252, the character set of Excel for Windows in Western
    languages (CHAR(128) is "€", CHAR(150) "–").  Excel for the Mac used
    Mac Roman; sheetgd follows Windows."""
    if not 1 <= number < 256:
        return errors.VALUE(f"CHAR needs a code from 1 to 255, got {number:g}")
    return _cp1252(int(number))


@function("CODE", TEXT)
def CODE(text):
    """The Windows-1252 code of the first character of ``text`` (the
    inverse of CHAR); 63, the code of "?", for a character Windows-1252
    lacks (use UNICODE for those); #VALUE! for empty text."""
    if not text:
        return errors.VALUE("CODE of empty text")
    return float(_CODES.get(text[0], 63))


@function("UNICHAR", NUMBER, xlfn=True)
def UNICHAR(number):
    """The Unicode character of code point ``number`` (truncated); #VALUE!
    outside 1 to 1,114,111 (0x10FFFF); #N/A for a surrogate code point
    (0xD800 to 0xDFFF), half of a pair, which is no character."""
    if not 1 <= number < 0x110000:
        return errors.VALUE(f"UNICHAR needs a code point from 1 to 1114111, got {number:g}")
    code = int(number)
    if 0xD800 <= code <= 0xDFFF:
        return errors.NA(f"UNICHAR({code}) is a surrogate code point, not a character")
    return chr(code)


@function("UNICODE", TEXT, xlfn=True)
def UNICODE(text):
    """The Unicode code point of the first character of ``text`` (a whole
    surrogate pair, an emoji, gives its code point); #VALUE! for empty text."""
    if not text:
        return errors.VALUE("UNICODE of empty text")
    return float(ord(text[0]))


# --- comparison and types --------------------------------------------------------------

@function("EXACT", TEXT, TEXT)
def EXACT(text1, text2):
    """Whether the two texts are the same, case and all (``=`` ignores case)."""
    return text1 == text2


@function("T", SCALAR)
def T(value):
    """``value`` when it is text, else empty text ("" for numbers, logical
    values and empty cells); errors are passed on."""
    return value if isinstance(value, str) else ""


@function("N", SCALAR)
def N(value):
    """``value`` as a number: a number itself, TRUE 1, FALSE 0, anything
    else (text, even text that spells a number, and empty cells) 0; errors
    are passed on."""
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, float):
        return value
    return 0.0

