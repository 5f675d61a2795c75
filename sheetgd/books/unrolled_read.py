"""Reading the epochs of a macro-free graddesc.xlsx (:mod:`.unrolled`).

That book has no macro to run: every epoch of the Run loop is already laid
out as formulas, one pass of the sheet's rows per recalculation, Reset's
passes first.  Its epochs are read where :class:`.unrolled.UnrolledSheet`
put them: the layout is made again, by the code that built the book, for
the book's data rows (counted on its ``data`` sheet) and for the epochs its
history table holds; the sheet's formulas are checked against that layout
(a book laid out otherwise, or for the other carry mode, is refused, naming
the cell); then every
field of an epoch's record (b, a, error, lr and the optimiser state) is
the value, recalculated by the engine, of the cell the layout shows it in.
So the records equal the engine's run loop (:mod:`.macros`) bit for bit,
as the book's own numbers do (tests/test_unrolled.py).

A learning rate given for a sheet is written into its ``lr`` cell before
reading: the whole training recalculates from it, Reset's passes included
(as ``sheetgd build --lr`` lays it out, and as the run loop does when the
learning rate is written before Reset).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..engine import Workbook
from ..engine.parser import parse
from ..engine.nodes import render
from ..engine.refs import address, col_to_letters, letters_to_col, parse_area
from .graddesc import (
    DATA_FIRST_ROW, DATA_X_COL, HISTORY_HEADERS, GradDescParams, Layout,
)
from .macros import RECORD_FIELDS, Record
from .programs import CARRY_MODES
from .unrolled import HISTORY_ROW, UnrolledSheet


class UnrolledBookError(ValueError):
    """A sheet that is not laid out as ``sheetgd build`` lays out the
    macro-free book; the message names the sheet and the cell."""


class CarryMismatch(UnrolledBookError):
    """The book lays out the other carry mode (``carry``) than the one asked for."""

    def __init__(self, message: str, carry: str):
        super().__init__(message)
        self.carry = carry


@dataclass
class BookEpochs:
    """The epochs a macro-free sheet holds: ``records`` (epoch 0..n), and
    ``held``, the last epoch the book lays out (``records`` may stop earlier)."""

    sheet: str
    records: list[Record]
    held: int


def _history_cell(kind: str, field_index: int, row: int) -> str:
    col = letters_to_col(Layout(kind, 2).history_col) + field_index  # not a function of rows
    return f"{col_to_letters(col)}{row}"


def is_unrolled(book: Workbook, sheet: str) -> bool:
    """Does ``sheet`` (an optimiser sheet's name) hold the macro-free layout's
    history table, and no ``lastslope``/``newslope`` (the names the macros use)?"""
    if not book.has_sheet(sheet):
        return False
    name = book.sheet_name(sheet)
    if any(book.names.lookup(n, name) is not None for n in ("lastslope", "newslope")):
        return False
    return all(book.value(f"{name}!{_history_cell(sheet, i, HISTORY_ROW)}") == h
               for i, h in enumerate(HISTORY_HEADERS))


def data_rows(book: Workbook) -> int:
    """The number of samples: the x values on the data sheet, from its first row down."""
    if not book.has_sheet("data"):
        raise UnrolledBookError("the book has no data sheet, which gives the number of "
                                "samples of the macro-free layout")
    data = book.sheet_name("data")
    row = DATA_FIRST_ROW
    while isinstance(book.value(f"{data}!{DATA_X_COL}{row}"), (int, float)):
        row += 1
    rows = row - DATA_FIRST_ROW
    if rows < 2:
        raise UnrolledBookError(f"sheet {data}: {rows} x values from {DATA_X_COL}"
                                f"{DATA_FIRST_ROW} down; the layout has 2 or more")
    return rows


def held_epochs(book: Workbook, sheet: str) -> int:
    """The last epoch in the sheet's history table (epoch 0 is the first row)."""
    name = book.sheet_name(sheet)
    k = 0
    while book.value(f"{name}!{_history_cell(sheet, 0, HISTORY_ROW + 2 + k)}") is not None:
        k += 1
    return k


def _layout(sheet: str, rows: int, epochs: int, carry: str) -> UnrolledSheet:
    layout = UnrolledSheet(sheet, GradDescParams(rows=rows), [0.0] * rows, epochs, carry)
    layout.build()
    return layout


def _mismatch(book: Workbook, sheet: str, layout: UnrolledSheet) -> str | None:
    """The first formula of the layout the sheet does not hold, said in words
    (None if it holds them all).  Numbers (the data, the inputs a person
    edits) and text (labels) are not compared; formulas in both are the
    engine's rendering, so spacing and case do not matter."""
    name = book.sheet_name(sheet)
    cells = book.sheet(name).cells
    for row, col, value in layout.formula_texts():
        node = parse(value[1:], row, col)
        held = cells.peek((row, col))
        if held is not None and held.node == node:  # the same formula: no text needed
            continue
        want = "=" + render(node, row, col)
        at = address(name, row, col)
        got = book.formula(at)
        if got != want:
            shown = got if got is not None else repr(book.value(at))
            return f"{at} holds {shown}, not {want}"
    return None


def read_epochs(book: Workbook, sheet: str, epochs: int, carry: str = "faithful",
                lr: float | None = None) -> BookEpochs:
    """Records of epochs 0..min(``epochs``, held) of the macro-free ``sheet``
    (after writing ``lr`` into its learning-rate cell, if given).

    Raises UnrolledBookError naming the sheet and cell when the sheet is not
    laid out as ``sheetgd build`` lays it out for ``carry``, CarryMismatch
    when it is laid out for the other carry mode."""
    if not is_unrolled(book, sheet):
        raise UnrolledBookError(f"sheet {sheet}: no history table of the macro-free layout "
                                f"({_history_cell(sheet, 0, HISTORY_ROW)} onwards: "
                                f"{', '.join(HISTORY_HEADERS)})")
    name = book.sheet_name(sheet)
    rows, held = data_rows(book), held_epochs(book, sheet)
    layout = _layout(sheet, rows, held, carry)
    wrong = _mismatch(book, sheet, layout)
    if wrong is not None:
        other = next(c for c in CARRY_MODES if c != carry)
        if _mismatch(book, sheet, _layout(sheet, rows, held, other)) is None:
            raise CarryMismatch(f"sheet {name} lays out the epochs with carry {other}, "
                                f"not {carry}", other)
        raise UnrolledBookError(f"sheet {name} is not laid out as sheetgd build lays out "
                                f"{rows} rows and {held} epochs: {wrong}")
    if lr is not None:
        where = book.names.lookup("lr", name)
        target = where.text.lstrip("=") if where is not None else \
            f"{name}!{Layout(sheet, rows).names['lr']}"
        area = parse_area(target, default_sheet=name)
        book.set(area.a1(), float(lr))
        book.calculate()
    records = []
    for k in range(min(epochs, held) + 1):
        fields = layout.history_rows[k]
        values = {f: _value(book, name, fields[f]) if f in fields else None
                  for f in RECORD_FIELDS[2:]}
        records.append(Record(sheet, k, **values))
    return BookEpochs(sheet, records, held)


def _value(book: Workbook, sheet: str, text: str):
    """The value of a record field as the layout gives it: a cell of a pass, or a formula."""
    try:
        area = parse_area(text, default_sheet=sheet)
    except ValueError:
        area = None
    if area is not None and area.is_cell:
        return book.value(area.a1())
    return book.evaluate(text, sheet)
