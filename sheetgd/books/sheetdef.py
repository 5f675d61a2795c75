"""Small declarative sheet definitions, and turning them into engine sheets.

A :class:`SheetDef` says what a sheet holds the way docs/workbooks.md does: a few
labelled cells, columns whose first data row's formula is *filled down*, data
columns of constants, a summary row, and sheet-scoped names.  A filled-down
column is parsed once (relative references) and rendered for every row, so
the formula text in each cell is exactly what Excel's fill-down produces.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import repeat

from ..engine import Workbook
from ..engine.errors import FormulaError
from ..engine.parser import FillDown, parse
from ..engine.values import EMPTY
from ..engine.refs import letters_to_col, parse_area, plain_cell



@dataclass
class SheetDef:
    name: str
    first_row: int = 4
    last_row: int = 32
    cells: dict[str, object] = field(default_factory=dict)  # "A1" -> label, number or "=formula"
    # column -> formula of its first row (first_row), or (start row, formula)
    fill: dict[str, str | tuple[int, str]] = field(default_factory=dict)
    data: dict[str, list] = field(default_factory=dict)  # column -> constants, from first_row
    #: formulas down a column: (col, first row, ["=...", ...]) one per row from
    #: the first (what a layout writes in many short columns, without addresses)
    columns: list[tuple[int, int, list]] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)  # sheet-scoped name -> "A1" or "A1:B2"
    widths: dict[str, float] = field(default_factory=dict)  # column -> width (characters)

    def add_names(self, **names: str):
        self.names.update(names)

    def cell_items(self):
        """Every (row, col, value) of the labelled cells."""
        for addr, value in self.cells.items():
            plain = plain_cell(addr)  # "B7": no area to parse (100,000 in a book)
            if plain is not None:
                yield plain[0], plain[1], value
                continue
            area = parse_area(addr, default_sheet=self.name)
            yield area.row1, area.col1, value

    def cell_count(self) -> int:
        """How many cells :func:`install` puts in a book (at most: a labelled
        cell inside a filled column is counted twice)."""
        filled = sum(self.last_row - (f[0] if isinstance(f, tuple) else self.first_row) + 1
                     for f in self.fill.values())
        return len(self.cells) + filled + sum(len(v) for v in self.data.values()) + \
            sum(len(texts) for _, _, texts in self.columns)

    def filled_columns(self):
        """Every filled-down column as (col, first row, last row, parsed
        relative AST): the same node in every row."""
        for letters, formula in self.fill.items():
            start = self.first_row
            if isinstance(formula, tuple):
                start, formula = formula
            col = letters_to_col(letters)
            yield col, start, self.last_row, parse(formula, start, col)


def install(book: Workbook, sheet: SheetDef):
    """Add ``sheet`` to ``book`` (no recalculation: call ``book.calculate_all()``).
    A filled-down column puts one parsed formula in every row; labelled
    cells whose formulas parse to one AST in consecutive rows of a column
    (the macro-free book's passes) are stored as one run too."""
    book.add_sheet(sheet.name)
    formulas: dict[int, list] = {}  # col -> [(row, node)]
    texts = []
    for row, col, value in sheet.cell_items():
        if isinstance(value, str) and value.startswith("="):
            texts.append((col, row, value))
        else:
            book.put(sheet.name, row, col, value)
    fill = FillDown()  # down each column: a filled-down text is recognised, not parsed
    for col, first, column in sheet.columns:
        texts += zip(repeat(col), range(first, first + len(column)), column)
    for col, row, text in texts if sheet.columns else sorted(texts):
        try:
            formulas.setdefault(col, []).append((row, fill.node(text, row, col)))
        except FormulaError:  # stored as #NAME? with a warning naming the cell
            book.put_formula(sheet.name, row, col, text)
    for col, column in formulas.items():  # consecutive rows parsed to one AST: one run
        column.sort(key=lambda rn: rn[0])
        start = 0
        for i in range(1, len(column) + 1):
            if i == len(column) or column[i][1] is not column[start][1] or \
                    column[i][0] != column[i - 1][0] + 1:
                rows = [r for r, _ in column[start:i]]
                book.put_cells(sheet.name, col, rows, [EMPTY] * len(rows), node=column[start][1],
                               engine_values=True)
                start = i
    for letters, values in sheet.data.items():
        book.put_column(sheet.name, letters_to_col(letters), sheet.first_row, values)
    for col, first, last, node in sheet.filled_columns():
        book.put_formula_column(sheet.name, col, first, last, node)
    for name, target in sheet.names.items():
        area = parse_area(target, default_sheet=sheet.name)
        book.names.define(name, _absolute(area), scope=sheet.name)


def _absolute(area) -> str:
    """``basic!$C$32`` or ``basic!$J$32:$K$32`` for an area."""
    text = area.a1(with_sheet=False)
    parts = []
    for end in text.split(":"):
        letters = "".join(ch for ch in end if ch.isalpha())
        digits = end[len(letters):]
        parts.append(f"${letters}${digits}")
    sheet = area.a1().rsplit("!", 1)[0]
    return f"{sheet}!{':'.join(parts)}"
