"""Numbers and text through number formats: TEXT, VALUE, NUMBERVALUE, FIXED,
DOLLAR.

TEXT applies an Excel number format (:mod:`sheetgd.engine.numformat`);
VALUE reads text as arithmetic does (:func:`~sheetgd.engine.values.parse_number_text`:
numbers, currency, percentages, dates and times).  Rounding is Excel's
decimal rounding of the 15 significant digits, half away from zero.
Sources: each function's page in Microsoft's Excel function reference.
"""

from __future__ import annotations

import re

from .. import errors
from ..errors import XLError
from ..numformat import FormatError, format_value, rounded
from ..serials import calendar_of
from ..values import EMPTY, parse_number_text, round_15_digits, shown, text_result
from .base import LOGICAL, NUMBER, SCALAR, TEXT, function, opt


@function("TEXT", SCALAR, TEXT, ctx=True)
def TEXT_(ctx, value, format_text):
    """``value`` formatted by the number format ``format_text``
    (``TEXT(1234.567,"$#,##0.00")`` is "$1,234.57", ``TEXT(40955,"yyyy-mm-dd")``
    "2012-02-16").  Text that spells a number or date is formatted as that
    number; other text is kept (or goes through the fourth, text section);
    TRUE and FALSE stay as they are.  #VALUE! for a date or time format
    given a negative number or one past 9999-12-31.  Excel: TEXT function."""
    cal = calendar_of(ctx.book)
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if value is EMPTY:
        value = 0.0
    elif isinstance(value, str):
        number = parse_number_text(value, cal)
        value = value if number is None else number
    try:
        return text_result(format_value(value, format_text, cal))
    except FormatError as e:
        return errors.VALUE(f"TEXT: {e}")


@function("VALUE", SCALAR, ctx=True)
def VALUE(ctx, text):
    """The number a text spells, read as Excel reads text in arithmetic:
    "$1,000" is 1000, "50%" 0.5, "(2)" -2, "2024-01-10" 45301, "16:48:00"
    0.7.  A number is itself, an empty cell 0; TRUE, FALSE and other text
    are #VALUE!.  Excel: VALUE function."""
    if isinstance(text, float) or text is EMPTY:
        return 0.0 if text is EMPTY else text
    if isinstance(text, str):
        number = parse_number_text(text, calendar_of(ctx.book))
        if number is not None:
            return number
    return errors.VALUE(f"VALUE: {shown(text)} is not a number")


_PLAIN_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$", re.ASCII)


@function("NUMBERVALUE", TEXT, opt(TEXT, "."), opt(TEXT, ","), xlfn=True)
def NUMBERVALUE(text, decimal_separator, group_separator):
    """The number of a text with the given decimal and group separators
    (only their first characters count): spaces anywhere are ignored, group
    separators before the decimal one dropped, each trailing % divides by
    100, and "" is 0.  #VALUE! for two decimal separators, a group
    separator after the decimal one, or no number.  Excel: NUMBERVALUE
    function."""
    if not decimal_separator or not group_separator:
        return errors.VALUE("NUMBERVALUE: a separator is empty")
    dec, group = decimal_separator[0], group_separator[0]
    body = re.sub(r"\s", "", text)
    percents = len(body) - len(body.rstrip("%"))
    body = body.rstrip("%")
    if not body:
        return 0.0 if not percents else errors.VALUE("NUMBERVALUE: no number")
    if body.count(dec) > 1:
        return errors.VALUE("NUMBERVALUE: the decimal separator is there twice")
    whole, point, fraction = body.partition(dec)
    if group != dec and group in fraction:
        return errors.VALUE("NUMBERVALUE: a group separator after the decimal separator")
    if group != dec:
        whole = whole.replace(group, "")
    plain = whole + ("." + fraction if point else "")
    if not _PLAIN_NUMBER.match(plain):
        return errors.VALUE(f"NUMBERVALUE: {shown(text)} is not a number")
    value = float(plain) / 100.0 ** percents
    return value if value == value and abs(value) != float("inf") else errors.NUM("NUMBERVALUE: overflow")


def _round_text(number: float, decimals: float, commas: bool):
    """``number`` rounded to ``decimals`` places (left of the point when
    negative) as text, with thousands separators when ``commas``."""
    if decimals > 127:
        return errors.VALUE(f"{decimals:g} decimals: at most 127")
    places = max(int(decimals), -400)  # beyond 10^308 every double rounds to 0
    rounded_value = rounded(round_15_digits(number), places)
    shown_places = max(places, 0)
    text = f"{abs(rounded_value):,.{shown_places}f}" if commas else f"{abs(rounded_value):.{shown_places}f}"
    return text, rounded_value < 0


@function("FIXED", NUMBER, opt(NUMBER, 2.0), opt(LOGICAL, False))
def FIXED(number, decimals, no_commas):
    """``number`` rounded to ``decimals`` places (default 2; negative: left of
    the point) as text, with thousands separators unless ``no_commas``
    (``FIXED(1234.567,-1)`` is "1,230").  #VALUE! for more than 127
    decimals.  Excel: FIXED function."""
    result = _round_text(number, decimals, not no_commas)
    if isinstance(result, XLError):
        return result
    text, negative = result
    return ("-" if negative else "") + text


@function("DOLLAR", NUMBER, opt(NUMBER, 2.0))
def DOLLAR(number, decimals):
    """``number`` as currency text, rounded to ``decimals`` places (default 2;
    negative: left of the point), format ``$#,##0.00_);($#,##0.00)``:
    negative amounts in parentheses (``DOLLAR(-1234.567,-2)`` is
    "($1,200)").  #VALUE! for more than 127 decimals.  Excel: DOLLAR
    function."""
    result = _round_text(number, decimals, True)
    if isinstance(result, XLError):
        return result
    text, negative = result
    return f"(${text})" if negative else f"${text}"
