"""More text: VALUETOTEXT, ARRAYTOTEXT, ENCODEURL, ASC, JIS, PHONETIC,
BAHTTEXT.

Sources: Excel's documentation of each function (support.microsoft.com);
where it is silent, LibreOffice (which has all but VALUETOTEXT and
ARRAYTOTEXT) -- each docstring says which.
"""

from __future__ import annotations

import unicodedata
from urllib.parse import quote

from .. import errors
from ..errors import XLError
from ..refs import Area, Areas, address
from ..values import EMPTY, MAX_TEXT, Array, to_text
from .base import ANY, GRID, NUMBER, RAW, TEXT, function, opt


# --- VALUETOTEXT, ARRAYTOTEXT -------------------------------------------------------------

def _format(fmt: float):
    """0 (concise) or 1 (strict); #VALUE! for anything else."""
    if fmt not in (0.0, 1.0):
        return errors.VALUE(f"format {fmt:g} is not 0 (concise) or 1 (strict)")
    return int(fmt)


def _value_text(v, strict: bool) -> str:
    """One value as text: errors by their name, numbers in the General
    format, text as it is (quoted, inner quotes doubled, when strict)."""
    if isinstance(v, XLError):
        return v.kind
    if isinstance(v, str) and strict:
        return '"' + v.replace('"', '""') + '"'
    return to_text(v)


@function("VALUETOTEXT", ANY, opt(NUMBER, 0.0), xlfn=True)
def VALUETOTEXT(value, fmt):
    """``value`` as text: format 0 (concise, the default) gives text as it
    is, numbers in the General format, TRUE/FALSE and errors by name
    (``#DIV/0!``); format 1 (strict) quotes text (``"Hello"``), as a
    formula would write it.  Other formats are #VALUE!.  Excel's
    VALUETOTEXT."""
    mode = _format(fmt)
    if isinstance(mode, XLError):
        return mode
    return _value_text(value, strict=mode == 1)


@function("ARRAYTOTEXT", GRID, opt(NUMBER, 0.0), xlfn=True)
def ARRAYTOTEXT(array, fmt):
    """An array or range as text: format 0 (concise) joins the values row
    by row with ``", "``; format 1 (strict) writes an array constant,
    ``{1,"a";TRUE,#N/A}`` (text quoted, ``,`` between columns, ``;``
    between rows).  Values are written as by :func:`VALUETOTEXT`; empty
    cells are empty text.  Other formats are #VALUE!; a result over 32,767
    characters is #VALUE!.  Excel's ARRAYTOTEXT."""
    mode = _format(fmt)
    if isinstance(mode, XLError):
        return mode
    if isinstance(array, XLError):  # a value given directly: written as VALUETOTEXT writes it
        array = Array(((array,),))
    if array.height * array.width > MAX_TEXT:  # each value takes a character or a separator
        return errors.VALUE(f"ARRAYTOTEXT of {array.height * array.width:,} values is too long")
    if mode == 0:
        text = ", ".join(_value_text(v, False) for v in array.flat())
    else:
        text = "{" + ";".join(",".join(_value_text(v, True) for v in row)
                              for row in array.rows) + "}"
    if len(text) > MAX_TEXT:
        return errors.VALUE(f"text of {len(text):,} characters: a cell holds at most {MAX_TEXT:,}")
    return text


# --- ENCODEURL -----------------------------------------------------------------------------

@function("ENCODEURL", TEXT, xlfn=True)
def ENCODEURL(text):
    """``text`` percent-encoded as UTF-8: letters A-Z a-z, digits and
    ``- _ . ~`` stay, every other character becomes ``%XX`` per byte
    (space ``%20``, ``/`` ``%2F``).  Excel's ENCODEURL (its example encodes
    ``:``, ``/`` and spaces and keeps ``.``, which LibreOffice encodes);
    keeping ``- _ ~`` (RFC 3986's unreserved set) is unverified."""
    encoded = quote(text.encode("utf-8", "surrogatepass"), safe="")
    if len(encoded) > MAX_TEXT:
        return errors.VALUE(f"text of {len(encoded):,} characters: a cell holds at most {MAX_TEXT:,}")
    return encoded


# --- ASC, JIS ------------------------------------------------------------------------------

_DAKUTEN, _HANDAKUTEN = "\uFF9E", "\uFF9F"  # half-width voiced sound marks


def _width_tables():
    """(full -> half, half -> full) for ASCII, the ideographic space, and
    katakana with their punctuation; voiced katakana (ガ, パ) become two
    half-width characters (ｶﾞ, ﾊﾟ) and back."""
    to_half = {chr(0x3000): " "}
    for code in range(0x21, 0x7F):
        to_half[chr(code + 0xFEE0)] = chr(code)
    for code in range(0xFF61, 0xFFA0):
        half = chr(code)
        full = unicodedata.normalize("NFKC", half)
        if half == _DAKUTEN:
            full = "\u309B"  # the spacing mark ゛, not the combining one NFKC gives
        elif half == _HANDAKUTEN:
            full = "\u309C"
        to_half[full] = half
    for code in range(0x30A1, 0x3100):  # katakana: the voiced ones from their base
        full = chr(code)
        parts = unicodedata.normalize("NFD", full)
        if len(parts) == 2 and parts[0] in to_half and parts[1] in "\u3099\u309A":
            to_half[full] = to_half[parts[0]] + (_DAKUTEN if parts[1] == "\u3099" else _HANDAKUTEN)
    to_full = {half: full for full, half in to_half.items()}
    return to_half, to_full


_TO_HALF, _TO_FULL = _width_tables()


@function("ASC", TEXT)
def ASC(text):
    """Full-width (double-byte) characters as half-width: ``ＥＸＣＥＬ`` is
    ``EXCEL``, the ideographic space a space, full-width katakana
    half-width (``ガ`` two characters, ``ｶﾞ``); others (hiragana, kanji,
    katakana without a half-width form such as ヶ) stay.  Excel's ASC."""
    if text.isascii():
        return text
    return "".join(_TO_HALF.get(ch, ch) for ch in text)


@function("JIS", TEXT)
def JIS(text):
    """The reverse of :func:`ASC`: ASCII and half-width katakana as
    full-width (``EXCEL`` is ``ＥＸＣＥＬ``; ``ｶﾞ`` one character,
    ``ガ``).  Excel's JIS."""
    out, i = [], 0
    while i < len(text):
        pair = text[i:i + 2]
        if len(pair) == 2 and pair[1] in (_DAKUTEN, _HANDAKUTEN) and pair in _TO_FULL:
            out.append(_TO_FULL[pair])
            i += 2
            continue
        out.append(_TO_FULL.get(text[i], text[i]))
        i += 1
    return "".join(out)


# --- PHONETIC ------------------------------------------------------------------------------

@function("PHONETIC", RAW, ctx=True)
def PHONETIC(ctx, ref):
    """The furigana of the (top-left) cell of ``ref``.  sheetgd keeps no
    phonetic data, so this is the cell's text (a number in the General
    format, an empty cell empty text; an error cell its error), as Excel
    gives for a cell without furigana.  A reference of several areas
    (``PHONETIC((A1,C3))``) is #N/A: Microsoft's "PHONETIC function" page,
    "If the reference is a range of nonadjacent cells, the #N/A error value
    is returned".  Excel's PHONETIC."""
    if isinstance(ref, XLError):
        return ref
    if type(ref) is Areas:
        return errors.NA("PHONETIC of nonadjacent cells")
    if not isinstance(ref, Area):
        return errors.VALUE("PHONETIC needs a reference")
    if not ctx.book.has_sheet(ref.sheet):
        return errors.REF(f"no sheet named {ref.sheet!r}")
    value = ctx.book.value(address(ref.sheet, ref.row1, ref.col1))
    return to_text(value if value is not None else EMPTY)


# --- BAHTTEXT ------------------------------------------------------------------------------

_DIGITS = ["ศูนย์", "หนึ่ง", "สอง", "สาม", "สี่", "ห้า", "หก", "เจ็ด", "แปด", "เก้า"]
_PLACES = [(100000, "แสน"), (10000, "หมื่น"), (1000, "พัน"), (100, "ร้อย")]
_MILLION = "ล้าน"


def _thai_block(n: int, follows: bool) -> str:
    """Thai words for 1 <= n < 1,000,000; ``follows``: words come before
    it (a units 1 after them is เอ็ด, as in สิบเอ็ด and หนึ่งร้อยเอ็ด)."""
    out = []
    for value, word in _PLACES:
        if n >= value:
            out.append(_DIGITS[n // value] + word)
            n %= value
    if n >= 10:
        tens = n // 10
        out.append(("" if tens == 1 else "ยี่" if tens == 2 else _DIGITS[tens]) + "สิบ")
        n %= 10
    if n:
        out.append("เอ็ด" if n == 1 and (out or follows) else _DIGITS[n])
    return "".join(out)


def _thai_number(n: int) -> str:
    """Thai words for the whole number n >= 1 (millions of millions
    nest: ... ล้าน ... ล้าน)."""
    if n < 1000000:
        return _thai_block(n, False)
    high, low = divmod(n, 1000000)
    return _thai_number(high) + _MILLION + (_thai_block(low, True) if low else "")


@function("BAHTTEXT", NUMBER)
def BAHTTEXT(number):
    """A number as Thai words for an amount of baht: ``BAHTTEXT(1234)`` is
    หนึ่งพันสองร้อยสามสิบสี่บาทถ้วน.  Rounded to satang (two decimals);
    whole baht end in ถ้วน ("exactly"), satang in สตางค์ (50 satang alone:
    ห้าสิบสตางค์); negative amounts start with ลบ.  Excel's BAHTTEXT; the
    words (เอ็ด for a units 1 after other words, ยี่สิบ for 20) are
    LibreOffice's too (PhpSpreadsheet's recorded values)."""
    baht = int(abs(number))  # whole baht apart: a large amount times 100 loses digits
    satang = round((abs(number) - baht) * 100)
    if satang == 100:
        baht, satang = baht + 1, 0
    words = ""
    if baht or not satang:
        words = (_thai_number(baht) if baht else _DIGITS[0]) + "บาท"
    words += (_thai_block(satang, False) + "สตางค์") if satang else "ถ้วน"
    return ("ลบ" + words) if number < 0 and (baht or satang) else words

