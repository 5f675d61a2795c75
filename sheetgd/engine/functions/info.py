"""Information functions: NA, ISERROR, ISERR, ISNA, ISNUMBER, ISTEXT,
ISNONTEXT, ISLOGICAL, ISBLANK, ISREF, ISEVEN, ISODD, ERROR.TYPE, TYPE, CELL,
INFO.

Each follows its page of Excel's function reference (support.microsoft.com,
"<NAME> function").
"""

from __future__ import annotations

import math

from .. import errors
from ..errors import XLError
from ..refs import Area, col_to_letters, quote_sheet
from ..values import EMPTY, Array, to_number
from .base import ANY, RAW, SCALAR, TEXT, REF, function, opt, position


@function("NA")
def NA():
    return errors.NA("NA()")


@function("ISERROR", ANY)
def ISERROR(v):
    return isinstance(v, XLError)


@function("ISERR", ANY)
def ISERR(v):
    """TRUE for any error value but #N/A."""
    return isinstance(v, XLError) and v.kind != "#N/A"


@function("ISNA", ANY)
def ISNA(v):
    return isinstance(v, XLError) and v.kind == "#N/A"


@function("ISNUMBER", ANY)
def ISNUMBER(v):
    return isinstance(v, float) and not isinstance(v, bool)


@function("ISTEXT", ANY)
def ISTEXT(v):
    return isinstance(v, str)


@function("ISNONTEXT", ANY)
def ISNONTEXT(v):
    """TRUE for anything but text: numbers, logical values, errors and empty
    cells."""
    return not isinstance(v, str)


@function("ISLOGICAL", ANY)
def ISLOGICAL(v):
    """TRUE for TRUE and FALSE (not for the numbers 1 and 0)."""
    return isinstance(v, bool)


@function("ISBLANK", ANY)
def ISBLANK(v):
    return v is EMPTY


@function("ISREF", position(RAW))
def ISREF(value):
    """TRUE when the argument is a reference (a cell, a range, a defined name
    or function such as OFFSET or INDIRECT giving one); its cells are not
    read, so ``=ISREF(A1)`` in A1 is TRUE, not a circular reference."""
    return isinstance(value, Area)


def _parity(v):
    """The integer part of ISEVEN's and ISODD's argument, or its error:
    Excel truncates; a logical value is #VALUE! (as in all functions of the
    old Analysis ToolPak), an empty cell is 0."""
    if isinstance(v, bool):
        return errors.VALUE("ISEVEN and ISODD take a number, not a logical value")
    n = to_number(v)
    if isinstance(n, XLError):
        return n
    return math.trunc(n)


@function("ISEVEN", SCALAR)
def ISEVEN(v):
    """TRUE when the number, truncated, is even."""
    n = _parity(v)
    return n if isinstance(n, XLError) else n % 2 == 0


@function("ISODD", SCALAR)
def ISODD(v):
    """TRUE when the number, truncated, is odd."""
    n = _parity(v)
    return n if isinstance(n, XLError) else n % 2 == 1


#: ERROR.TYPE's number of each error kind (Excel's ERROR.TYPE page lists 1..8;
#: the dynamic-array errors follow Excel 365's own numbering).
ERROR_NUMBERS = {"#NULL!": 1, "#DIV/0!": 2, "#VALUE!": 3, "#REF!": 4, "#NAME?": 5, "#NUM!": 6,
                 "#N/A": 7, "#GETTING_DATA": 8, "#SPILL!": 9, "#CALC!": 14, "#FIELD!": 13,
                 "#BLOCKED!": 11, "#UNKNOWN!": 12, "#CONNECT!": 10, "#BUSY!": 15}


@function("ERROR.TYPE", ANY)
def ERROR_TYPE(v):
    """The number of an error value (#NULL! 1, #DIV/0! 2, #VALUE! 3, #REF! 4,
    #NAME? 5, #NUM! 6, #N/A 7, #GETTING_DATA 8); #N/A for anything that is
    not an error (and for sheetgd's own #CIRC!)."""
    if isinstance(v, XLError) and v.kind in ERROR_NUMBERS:
        return float(ERROR_NUMBERS[v.kind])
    return errors.NA("ERROR.TYPE of a value that is not an error")


@function("TYPE", RAW, ctx=True)
def TYPE(ctx, value):
    """The type of a value: 1 number (an empty cell too), 2 text, 4 logical
    value, 16 error, 64 array (an array or a range of several cells)."""
    if isinstance(value, Area) and value.is_cell:
        value = ctx.book.read(value.sheet, value.row1, value.col1)
    if isinstance(value, (Area, Array)):
        return 64.0
    return _type(value)


def _type(v) -> float:
    if isinstance(v, bool):
        return 4.0
    if isinstance(v, str):
        return 2.0
    if isinstance(v, XLError):
        return 16.0
    return 1.0


#: CELL's info types sheetgd answers; Excel's others ("color", "format",
#: "parentheses", "prefix", "protect", "width", "filename") describe how a
#: cell is shown or where the file is, which a workbook of values does not
#: know: they give #VALUE!.
CELL_TYPES = ("address", "col", "row", "contents", "type")


@function("CELL", TEXT, opt(REF, None), ctx=True)
def CELL(ctx, info_type, ref):
    """Information about the first cell of ``ref`` (Excel's CELL):
    ``"address"`` its absolute address (``$A$1``; ``Sheet2!$A$1`` on another
    sheet, where Excel also names the file), ``"col"`` and ``"row"`` its
    column and row numbers, ``"contents"`` its value, ``"type"`` ``"b"`` when
    empty, ``"l"`` for text, ``"v"`` otherwise.  Without ``ref``: the
    formula's own cell (Excel takes the cell last changed) for "address",
    "col" and "row".  Other info types, and "contents" or "type" without a
    reference, give #VALUE!."""
    kind = info_type.strip().lower()
    if kind not in CELL_TYPES:
        return errors.VALUE(f"CELL info type {info_type!r} is not supported by sheetgd")
    if ref is None or ref is EMPTY:
        if kind in ("contents", "type"):
            return errors.VALUE(f"CELL({info_type!r}) needs a reference here")
        ref = Area(ctx.sheet, ctx.row, ctx.col, ctx.row, ctx.col)
    if kind == "row":
        return float(ref.row1)
    if kind == "col":
        return float(ref.col1)
    if kind == "address":
        text = f"${col_to_letters(ref.col1)}${ref.row1}"
        return text if ref.sheet.upper() == ctx.sheet.upper() else f"{quote_sheet(ref.sheet)}!{text}"
    value = ctx.book.read(ref.sheet, ref.row1, ref.col1)
    if kind == "contents":
        return value
    return "b" if value is EMPTY else "l" if isinstance(value, str) else "v"


@function("INFO", TEXT, ctx=True)
def INFO(ctx, type_text):
    """Information about the environment (Excel's INFO), the part a
    workbook holds: ``"numfile"``, the number of its worksheets.  Excel's
    other types ("directory", "origin", "osversion", "recalc", "release",
    "system") describe the program and computer it runs in: they give
    #VALUE! here, as does any other text."""
    if type_text.strip().lower() == "numfile":
        return float(len(ctx.book.sheet_names))
    return errors.VALUE(f"INFO type {type_text!r} is not supported by sheetgd")
