"""References into other workbooks, evaluated from the values the file cached.

Excel saves ``='C:\\data\\[prices.xlsx]Sheet1'!A1`` in a file as
``[1]Sheet1!A1``: ``[1]`` is the first ``<externalReference>`` of
workbook.xml, whose part (xl/externalLinks/externalLink1.xml) names the other
book's sheets, caches the values of the cells the formulas read (its
``sheetDataSet``) and its defined names, and whose relationship gives the
book's path.  :class:`ExternalBook` holds one such link (the reader,
:mod:`sheetgd.io.external_links`, fills it in); :func:`external_value`
evaluates an :class:`~.nodes.ExternalRef` from it, as Excel shows a link it
has not updated:

- a cell the cache holds: its value; one it does not hold: empty (0 in a
  number's place);
- a range: an array of those values, a value and not a reference.  So
  OFFSET, ROW and COLUMN of one are #VALUE! (Excel gives #VALUE! for OFFSET
  into a closed book too, but answers ROW and COLUMN), while SUMIF and
  COUNTIF compute on the cached values (Excel: #VALUE! with the source book
  closed); in a one-value place of a formula that is not an array formula
  a range is intersected with the formula's row or column, as a local one
  is (Excel's implicit intersection: the array carries the range it was
  read from as ``origin``, and :func:`.evaluate.scalar` intersects it
  with the one rule it uses for local ranges);
- a defined name of that book (``[1]!Rate``): the cells or the constant its
  ``refersTo`` gives (``=Sheet1!$A$1``, [MS-OI29500] 3.2.3.1.5), on that
  book;
- a book the file does not link (an index past its links, a file name none
  has), a sheet the link does not list, a name it does not define: #REF!.

The cached values never change: an external reference is a constant to
recalculation (never volatile), and no cell depends on another through one.
sheetgd never opens the other file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import unquote

from . import errors
from .nodes import ExternalRef, Number, Text, Logical, ErrorLit, RefNode
from .errors import XLError
from .refs import Area
from .sparse import build
from .values import EMPTY


@dataclass
class ExternalBook:
    """One linked workbook as a file caches it: ``target`` (its path or URL,
    as the link's relationship gives it), ``sheets`` (its sheet names, in its
    order), ``cells`` (``{SHEET: {(row, col): value}}``, sheet names upper
    case) and ``names`` (``{(NAME, SHEET or None): refersTo text}``, upper
    case; the sheet for a name scoped to one of its sheets)."""

    target: str = ""
    sheets: list[str] = field(default_factory=list)
    cells: dict[str, dict[tuple[int, int], object]] = field(default_factory=dict)
    names: dict[tuple[str, str | None], str] = field(default_factory=dict)
    #: each sheet's cached cells' extent (see :func:`_extent`), made when first needed
    extents: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def file_name(self) -> str:
        """The last part of the target: ``prices.xlsx``."""
        path = unquote(self.target).replace("\\", "/").rstrip("/")
        return path.rsplit("/", 1)[-1]

    def has_sheet(self, sheet: str) -> bool:
        return sheet.upper() in {s.upper() for s in self.sheets}


def find_book(books: list[ExternalBook], node: ExternalRef) -> ExternalBook | None:
    """The book an external reference names: ``[1]`` is the first link, a
    file name (``[prices.xlsx]``, with any folder) the link to a file of that
    name (case-insensitive); None if there is none."""
    text = node.book.strip()
    if text.isascii() and text.isdigit():
        k = int(text)
        return books[k - 1] if 1 <= k <= len(books) else None
    wanted = text.upper()
    return next((b for b in books if b.file_name.upper() == wanted), None)


def external_value(books: list[ExternalBook], node: ExternalRef, row: int, col: int):
    """What ``node`` hosted at (row, col) evaluates to: a value, an Array for
    a range, or an error (see the module docstring)."""
    book = find_book(books, node)
    if book is None:
        return errors.REF(f"{node.folder}[{node.book}]: the file links no such workbook")
    if node.ref is None:
        return _name_value(book, node)
    if not book.has_sheet(node.sheet):
        return errors.REF(f"[{node.book}]{node.sheet}: the linked workbook has no such sheet")
    area = node.ref.area(node.sheet, row, col)
    if area is None:
        return errors.REF("reference moved off the grid")
    return _cells(book, node.sheet, area.row1, area.col1, area.row2, area.col2)


def _placed(values, area: Area):
    """``values`` (an Array) read from ``area`` of the other book, marked
    with it (``origin``) for implicit intersection (see the module docstring)."""
    object.__setattr__(values, "origin", area)
    return values


def _extent(cells: dict) -> tuple[dict, dict]:
    """``({column: its last row}, {row: its last column})`` of a sheet's
    cached cells, made once per sheet (kept beside the cells, made again if
    their number changes)."""
    last_rows: dict = {}
    last_cols: dict = {}
    for r, c in cells:
        if last_rows.get(c, 0) < r:
            last_rows[c] = r
        if last_cols.get(r, 0) < c:
            last_cols[r] = c
    return last_rows, last_cols


def _last(last: dict, first: int, end: int, default: int) -> int:
    """The largest of ``last``'s values whose key lies in first..end, going
    through whichever is shorter: the keys or the span."""
    if end - first + 1 > len(last):
        return max((v for k, v in last.items() if first <= k <= end), default=default)
    return max((last[k] for k in range(first, end + 1) if k in last), default=default)


def _cells(book: ExternalBook, sheet: str, r1: int, c1: int, r2: int, c2: int):
    cells = book.cells.get(sheet.upper(), {})
    if r1 == r2 and c1 == c2:
        return cells.get((r1, c1), EMPTY)
    known = book.extents.get(sheet.upper())
    if known is None or known[0] != len(cells):  # (a range read once per formula: no scan each time)
        known = book.extents[sheet.upper()] = (len(cells), *_extent(cells))
    _, last_rows, last_cols = known
    last_row = _last(last_rows, c1, c2, r1 - 1)
    last_col = _last(last_cols, r1, r2, c1 - 1)
    values = build(r2 - r1 + 1, c2 - c1 + 1, last_row - r1 + 1, last_col - c1 + 1,
                   lambda i, j: cells.get((r1 + i, c1 + j), EMPTY))
    return _placed(values, Area(sheet, r1, c1, r2, c2))


def _name_value(book: ExternalBook, node: ExternalRef):
    key = node.name.upper()
    text = book.names.get((key, node.sheet.upper() if node.sheet else None))
    if text is None and node.sheet is not None:
        text = book.names.get((key, None))
    if text is None:
        return errors.REF(f"[{node.book}]!{node.name}: the linked workbook defines no such name")
    from .parser import parse  # (the parser imports the nodes this module reads)

    try:
        target = parse(text if text.startswith("=") else "=" + text)
    except errors.FormulaError:
        target = None
    if isinstance(target, RefNode) and target.ref.sheet and book.has_sheet(target.ref.sheet):
        area = target.ref.area(target.ref.sheet, 1, 1)
        if area is not None:
            return _cells(book, area.sheet, area.row1, area.col1, area.row2, area.col2)
    if isinstance(target, (Number, Text, Logical)):
        return target.value
    if isinstance(target, ErrorLit):
        return XLError(target.kind)
    return errors.REF(f"[{node.book}]!{node.name} refers to {text[:40]!r}, which sheetgd "
                      "cannot read from the link's cache")
