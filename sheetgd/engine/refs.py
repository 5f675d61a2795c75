"""A1 references: cells, ranges, sheet prefixes and ``$`` flags.

Inside formulas a reference is stored *relative to the cell that holds the
formula* (its host): a relative row or column is kept as an offset, an
absolute one (``$``) as the position itself.  So ``=C4+D4*A4`` in E4 and
``=C5+D5*A5`` in E5 are the same :class:`Ref` objects, and text is
regenerated for any host with :meth:`Ref.render`.

Rows and columns are 1-based; Excel's grid is 1048576 rows x 16384 columns
(``XFD1048576``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

MAX_ROW = 1_048_576
MAX_COL = 16_384

_CELL = re.compile(r"^(\$?)([A-Za-z]{1,3})(\$?)([0-9]+)$")
_COL = re.compile(r"^(\$?)([A-Za-z]{1,3})$")
_ROW = re.compile(r"^(\$?)([0-9]+)$")
_PLAIN_SHEET = re.compile(r"^[A-Za-z_][A-Za-z0-9_.]*$")


@lru_cache(maxsize=None)  # at most MAX_COL entries: a column out of range raises
def col_to_letters(col: int) -> str:
    """1 -> 'A', 27 -> 'AA', 16384 -> 'XFD'."""
    if not 1 <= col <= MAX_COL:
        raise ValueError(f"column {col} is outside 1..{MAX_COL}")
    letters = ""
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


@lru_cache(maxsize=4096)
def _letters(col: int) -> str:
    """:func:`col_to_letters`, remembered (column letters of a filled-down formula's cells)."""
    return col_to_letters(col)


def letters_to_col(letters: str) -> int:
    """'A' -> 1, 'xfd' -> 16384."""
    col = 0
    for ch in letters.upper():
        col = col * 26 + ord(ch) - 64
    return col


def plain_cell(addr: str) -> tuple[int, int] | None:
    """``(row, col)`` of one cell's address without ``$`` or sheet ("B7")
    on the grid, else None (:func:`parse_area` reads the rest); for the
    many labelled cells of a generated sheet."""
    m = _CELL.match(addr)
    if m is None or m[1] or m[3] or len(m[4]) > 7:
        return None
    row, col = int(m[4]), letters_to_col(m[2])
    return (row, col) if 1 <= row <= MAX_ROW and col <= MAX_COL else None


def quote_sheet(name: str) -> str:
    """A sheet name as it must appear before ``!`` in a formula (a 3-D
    span ``Sheet1:Sheet3`` is quoted whole when either name needs it:
    ``'Sheet 1:Sheet 3'``)."""
    span = sheet_span(name)
    if all(_PLAIN_SHEET.match(part) and not _CELL.match(part) and not _looks_like_r1c1(part)
           for part in (span or (name,))):
        return name
    return "'" + name.replace("'", "''") + "'"


def sheet_span(sheet: str | None) -> tuple[str, str] | None:
    """``"Sheet1:Sheet3"`` (the sheets of a 3-D reference) -> ``("Sheet1",
    "Sheet3")``; None for one sheet (a sheet name cannot hold ``:``)."""
    if sheet is None or ":" not in sheet:
        return None
    first, _, last = sheet.partition(":")
    return first, last


class Areas(tuple):
    """A reference to several areas: a 3-D reference (``Sheet1:Sheet3!A1``,
    one area per sheet).  Aggregates (SUM, COUNT, AVERAGE ...) read every
    area; anything that needs one area gives #VALUE!, as in Excel."""

    __slots__ = ()


def _looks_like_r1c1(name: str) -> bool:
    return re.match(r"^[Rr]\d*([Cc]\d*)?$", name) is not None or re.match(r"^[Cc]\d*$", name) is not None


def split_sheet(text: str) -> tuple[str | None, str]:
    """``"'my sheet'!A1"`` -> ``("my sheet", "A1")``; no prefix -> ``(None, text)``."""
    if text.startswith("'"):
        i = 1
        name = []
        while i < len(text):
            if text[i] == "'":
                if text[i + 1 : i + 2] == "'":
                    name.append("'")
                    i += 2
                    continue
                break
            name.append(text[i])
            i += 1
        if text[i + 1 : i + 2] != "!":
            raise ValueError(f"malformed sheet prefix in {text!r}")
        return "".join(name), text[i + 2 :]
    if "!" in text:
        sheet, _, rest = text.rpartition("!")
        if not sheet:
            raise ValueError(f"empty sheet name in {text!r}")
        return sheet, rest
    return None, text


@dataclass(frozen=True, slots=True)
class Coord:
    """One end of a reference, stored relative to the host cell.

    ``row``/``col`` are the absolute position when the ``$`` flag is set and
    the offset from the host otherwise; ``None`` means "whole column" (row)
    or "whole row" (col).
    """

    row: int | None
    col: int | None
    row_abs: bool = False
    col_abs: bool = False

    def resolve(self, host_row: int, host_col: int) -> tuple[int | None, int | None]:
        row = self.row if self.row is None or self.row_abs else host_row + self.row
        col = self.col if self.col is None or self.col_abs else host_col + self.col
        return row, col

    @staticmethod
    def at(row, col, row_abs, col_abs, host_row: int, host_col: int) -> "Coord":
        """The coord of absolute position (row, col) seen from the host."""
        r = row if row is None or row_abs else row - host_row
        c = col if col is None or col_abs else col - host_col
        return Coord(r, c, row_abs, col_abs)


def _in_grid(row, col) -> bool:
    return (row is None or 1 <= row <= MAX_ROW) and (col is None or 1 <= col <= MAX_COL)


def _parse_end(text: str):
    """'$B$5' / 'B' / '5' -> (row, col, row_abs, col_abs); None if malformed."""
    m = _CELL.match(text)
    if m:
        col = letters_to_col(m.group(2))
        row = int(m.group(4))
        return row, col, m.group(3) == "$", m.group(1) == "$"
    m = _COL.match(text)
    if m:
        return None, letters_to_col(m.group(2)), False, m.group(1) == "$"
    m = _ROW.match(text)
    if m:
        return int(m.group(2)), None, m.group(1) == "$", False
    return None


@dataclass(frozen=True, slots=True)
class Area:
    """An absolute rectangle on one sheet (what a reference resolves to)."""

    sheet: str
    row1: int
    col1: int
    row2: int
    col2: int

    @property
    def height(self) -> int:
        return self.row2 - self.row1 + 1

    @property
    def width(self) -> int:
        return self.col2 - self.col1 + 1

    @property
    def is_cell(self) -> bool:
        return self.row1 == self.row2 and self.col1 == self.col2

    def cells(self):
        for r in range(self.row1, self.row2 + 1):
            for c in range(self.col1, self.col2 + 1):
                yield r, c

    def a1(self, with_sheet: bool = True) -> str:
        text = f"{col_to_letters(self.col1)}{self.row1}"
        if not self.is_cell:
            text += f":{col_to_letters(self.col2)}{self.row2}"
        return f"{quote_sheet(self.sheet)}!{text}" if with_sheet else text


def parse_area(text: str, default_sheet: str | None = None) -> Area:
    """An absolute address such as ``"data!B5"`` or ``"'my sheet'!A1:C3"``.

    ``$`` flags are accepted and ignored; whole columns/rows are expanded to
    the full grid.  Raises ``ValueError`` naming the text when malformed.
    """
    sheet, rest = split_sheet(text.strip())
    sheet = sheet or default_sheet
    if sheet is None:
        raise ValueError(f"address {text!r} needs a sheet name (Sheet!A1)")
    first, colon, second = rest.partition(":")
    a = _parse_end(first)
    b = _parse_end(second) if colon else a
    if a is None or b is None or (a[0] is None) != (b[0] is None) or (a[1] is None) != (b[1] is None):
        raise ValueError(f"{text!r} is not an A1 address")
    r1 = a[0] if a[0] is not None else 1
    c1 = a[1] if a[1] is not None else 1
    r2 = b[0] if b[0] is not None else MAX_ROW
    c2 = b[1] if b[1] is not None else MAX_COL
    if not (_in_grid(r1, c1) and _in_grid(r2, c2)):
        raise ValueError(f"{text!r} is outside the grid (A1:XFD1048576)")
    return Area(sheet, min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2))


@dataclass(frozen=True, slots=True)
class Ref:
    """A reference in a formula: optional sheet, a start and an optional end."""

    sheet: str | None
    start: Coord
    end: Coord | None = None

    @staticmethod
    def parse(text: str, host_row: int, host_col: int) -> "Ref | None":
        """Parse reference text seen from the host cell; None if not a reference."""
        try:
            sheet, rest = split_sheet(text)
        except ValueError:
            return None
        first, colon, second = rest.partition(":")
        a = _parse_end(first)
        if a is None:
            return None
        if not colon:
            if a[0] is None or a[1] is None:  # a lone 'B' or '5' is a name, not a ref
                return None
            if not _in_grid(a[0], a[1]):
                return None
            return Ref(sheet, Coord.at(*a, host_row, host_col))
        b = _parse_end(second)
        if b is None or (a[0] is None) != (b[0] is None) or (a[1] is None) != (b[1] is None):
            return None
        if not (_in_grid(a[0], a[1]) and _in_grid(b[0], b[1])):
            return None
        return Ref(sheet, Coord.at(*a, host_row, host_col), Coord.at(*b, host_row, host_col))

    def area(self, host_sheet: str, host_row: int, host_col: int) -> Area | None:
        """The absolute rectangle seen from the host; None if off the grid."""
        r1, c1 = self.start.resolve(host_row, host_col)
        r2, c2 = (self.end or self.start).resolve(host_row, host_col)
        if not (_in_grid(r1, c1) and _in_grid(r2, c2)):
            return None
        r1 = 1 if r1 is None else r1
        c1 = 1 if c1 is None else c1
        r2 = MAX_ROW if r2 is None else r2
        c2 = MAX_COL if c2 is None else c2
        return Area(
            self.sheet or host_sheet, min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2)
        )

    def _one_cell_here(self) -> bool:
        """Whether the reference is one cell of the host's sheet (what
        :meth:`renderer` and :meth:`column_texts` work out ahead)."""
        start = self.start
        return self.end is None and not self.sheet and start.row is not None \
            and start.col is not None

    def renderer(self):
        """:meth:`render` as a function of the host ``(row, col)``, with what
        does not depend on the host worked out once: for a formula written
        into each cell of a filled-down column (every file sheetgd writes)."""
        start = self.start
        if not self._one_cell_here():
            return self.render
        r, c, row_abs, col_abs = start.row, start.col, start.row_abs, start.col_abs
        if col_abs:  # the column's text once; a fixed column off the grid is #REF! everywhere
            if not 1 <= c <= MAX_COL:
                return self.render
            letters = "$" + col_to_letters(c)
            if row_abs:
                text = f"{letters}${r}" if 1 <= r <= MAX_ROW else "#REF!"
                return lambda host_row, host_col: text
            return lambda host_row, host_col: (
                letters + str(host_row + r) if 1 <= host_row + r <= MAX_ROW else "#REF!")

        def relative_column(host_row: int, host_col: int) -> str:
            row, col = (r if row_abs else host_row + r), host_col + c
            if not (1 <= row <= MAX_ROW and 1 <= col <= MAX_COL):
                return "#REF!"
            return _letters(col) + ("$" if row_abs else "") + str(row)
        return relative_column

    def column_texts(self, host_col: int, first: int, last: int) -> list[str]:
        """:meth:`render` in the host cells of rows ``first..last`` of column
        ``host_col``, a list: a single cell of the same sheet whose rows all
        lie on the grid is rendered a column at a time, anything else cell
        by cell."""
        start, n = self.start, last - first + 1
        if not self._one_cell_here():
            return [self.render(row, host_col) for row in range(first, last + 1)]
        col = start.col if start.col_abs else host_col + start.col
        top, bottom = (start.row, start.row) if start.row_abs else (first + start.row,
                                                                     last + start.row)
        if not (1 <= col <= MAX_COL and 1 <= top and bottom <= MAX_ROW):
            return [self.render(row, host_col) for row in range(first, last + 1)]
        letters = ("$" if start.col_abs else "") + _letters(col) + ("$" if start.row_abs else "")
        if start.row_abs:
            return [letters + str(top)] * n
        return [letters + str(row) for row in range(top, bottom + 1)]

    def render(self, host_row: int, host_col: int) -> str:
        """The reference's A1 text in the host cell (``#REF!`` if off the grid)."""
        parts = []
        for coord in (self.start, self.end) if self.end else (self.start,):
            row, col = coord.resolve(host_row, host_col)
            if not _in_grid(row, col):
                return "#REF!"
            text = ""
            if col is not None:
                text += ("$" if coord.col_abs else "") + col_to_letters(col)
            if row is not None:
                text += ("$" if coord.row_abs else "") + str(row)
            parts.append(text)
        body = ":".join(parts)
        return f"{quote_sheet(self.sheet)}!{body}" if self.sheet else body


def address(sheet: str, row: int, col: int) -> str:
    """``"'my sheet'!B3"``: a cell's address with its (quoted) sheet."""
    return f"{quote_sheet(sheet)}!{col_to_letters(col)}{row}"
