"""Reference information: ADDRESS, AREAS, ISFORMULA, FORMULATEXT, SHEET,
SHEETS, HYPERLINK.

AREAS, SHEET and SHEETS use only where a reference given to them is
(position-only parameters: ``=SHEET(A1)`` in A1 is no circular reference);
ISFORMULA and FORMULATEXT read the formula of the cell, so they depend on
it and are recomputed when it changes.
"""

from __future__ import annotations

import re

from .. import errors
from ..errors import XLError
from ..refs import MAX_COL, MAX_ROW, Area, Areas, address, col_to_letters, quote_sheet
from ..values import EMPTY
from .base import LOGICAL, NUMBER, RAW, REF, SCALAR, TEXT, function, opt, position

_BOOK_PREFIX = re.compile(r"^\[[^\]]*\]")

#: The longest formula FORMULATEXT returns (longer ones are #N/A).
MAX_FORMULA_TEXT = 8192


def _sheet_prefix(sheet: str) -> str:
    """``sheet`` as ADDRESS writes it before ``!``: quoted when it must be
    (``'EXCEL SHEET'!``), a leading workbook name in brackets kept as it is
    (``[Book1]Sheet1!``)."""
    book = _BOOK_PREFIX.match(sheet)
    rest = sheet[book.end():] if book else sheet
    if not rest:
        return sheet + "!"
    quoted = quote_sheet(rest)
    if quoted == rest:
        return sheet + "!"
    return "'" + sheet.replace("'", "''") + "'!"


@function("ADDRESS", NUMBER, NUMBER, opt(NUMBER, 1.0), opt(LOGICAL, True), opt(TEXT, None))
def ADDRESS(row, col, abs_num, a1, sheet):
    """A cell's address as text: abs_num 1 (default) ``$C$2``, 2 ``C$2``,
    3 ``$C2``, 4 ``C2``; with a1 FALSE in R1C1 style (``R2C3``,
    ``R2C[3]``, ``R[2]C3``, ``R[2]C[3]``); ``sheet`` text prefixed
    (quoted where needed: ``'EXCEL SHEET'!R2C3``).  Numbers are truncated;
    #VALUE! for a row or column off the grid or abs_num outside 1..4.
    Excel's ADDRESS (support.microsoft.com, "ADDRESS function")."""
    r, c, mode = int(row), int(col), int(abs_num)
    if not 1 <= r <= MAX_ROW or not 1 <= c <= MAX_COL:
        return errors.VALUE(f"ADDRESS({row:g},{col:g}) is off the grid")
    if mode not in (1, 2, 3, 4):
        return errors.VALUE(f"ADDRESS abs_num {abs_num:g} is not 1, 2, 3 or 4")
    row_abs, col_abs = mode in (1, 2), mode in (1, 3)
    if a1:
        text = f"{'$' if col_abs else ''}{col_to_letters(c)}{'$' if row_abs else ''}{r}"
    else:
        text = f"R{r if row_abs else f'[{r}]'}C{c if col_abs else f'[{c}]'}"
    return text if sheet is None else _sheet_prefix(sheet) + text


@function("AREAS", position(RAW))
def AREAS(ref):
    """The number of areas in a reference: 1 for a range, the count of a
    union (``AREAS((A1:B2,D4))`` is 2) or of a 3-D reference's sheets;
    #VALUE! for what is not a reference.  Excel's AREAS."""
    if isinstance(ref, XLError):
        return ref
    if type(ref) is Areas:
        return float(len(ref))
    if isinstance(ref, Area):
        return 1.0
    return errors.VALUE("AREAS needs a reference")


def _formula(ctx, ref: Area):
    """The formula text of a reference's first cell, None, or #REF! for a
    sheet the workbook does not have."""
    if not ctx.book.has_sheet(ref.sheet):
        return errors.REF(f"no sheet named {ref.sheet!r}")
    return ctx.book.formula(address(ref.sheet, ref.row1, ref.col1))


@function("ISFORMULA", REF, ctx=True, xlfn=True)
def ISFORMULA(ctx, ref):
    """Whether the (first) cell of ``ref`` holds a formula; #VALUE! for
    what is not a reference.  Excel's ISFORMULA."""
    text = _formula(ctx, ref)
    return text if isinstance(text, XLError) else text is not None


@function("FORMULATEXT", REF, ctx=True, xlfn=True)
def FORMULATEXT(ctx, ref):
    """The formula of the (first) cell of ``ref`` as text (``=SUM(A1:A3)``,
    as sheetgd writes it); #N/A for a cell without a formula or a formula
    over 8,192 characters.  Excel's FORMULATEXT."""
    text = _formula(ctx, ref)
    if isinstance(text, XLError):
        return text
    if text is None:
        return errors.NA(f"{address(ref.sheet, ref.row1, ref.col1)} holds no formula")
    if len(text) > MAX_FORMULA_TEXT:
        return errors.NA("FORMULATEXT of a formula over 8,192 characters")
    return text


def _sheet_number(ctx, name: str):
    upper = name.upper()
    for i, existing in enumerate(ctx.book.sheet_names, start=1):
        if existing.upper() == upper:
            return float(i)
    return None


@function("SHEET", position(opt(RAW, None)), ctx=True, xlfn=True)
def SHEET(ctx, value):
    """The number (1-based, in workbook order) of the sheet of a reference,
    of the sheet named by a text, or of the formula's own sheet when left
    out; #N/A for a text that names no sheet (or a value that is neither).
    Excel's SHEET."""
    if isinstance(value, XLError):
        return value
    if value is None or value is EMPTY:
        name = ctx.sheet
    elif isinstance(value, Area):
        if not ctx.book.has_sheet(value.sheet):
            return errors.REF(f"no sheet named {value.sheet!r}")
        name = value.sheet
    elif isinstance(value, str):
        name = value
    else:
        return errors.NA(f"SHEET of {value!r}: not a reference or sheet name")
    number = _sheet_number(ctx, name)
    return errors.NA(f"no sheet named {name!r}") if number is None else number


@function("SHEETS", position(opt(RAW, None)), ctx=True, xlfn=True)
def SHEETS(ctx, ref):
    """The number of sheets in a reference (a 3-D reference's span:
    ``SHEETS(Jan:Mar!A1)`` is 3), or in the workbook when left out; #VALUE!
    for what is not a reference.  Excel's SHEETS."""
    if ref is None or ref is EMPTY:
        return float(len(ctx.book.sheet_names))
    if isinstance(ref, XLError):
        return ref
    if type(ref) is Areas:
        return float(len({area.sheet.upper() for area in ref}))
    if isinstance(ref, Area):
        return 1.0
    return errors.VALUE("SHEETS needs a reference")


@function("HYPERLINK", TEXT, opt(SCALAR, None))
def HYPERLINK(link, friendly_name):
    """What the cell shows: ``friendly_name`` when given (a number stays a
    number), else the link location as text (sheetgd opens no links).
    Excel's HYPERLINK."""
    return link if friendly_name is None else friendly_name

