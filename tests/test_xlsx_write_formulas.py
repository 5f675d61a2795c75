"""How :mod:`sheetgd.io.xlsx_write` stores formula cells: the text a file
holds (read back by openpyxl, a reader of its own) and the cached value
(read back by sheetgd)."""

from __future__ import annotations

import functools
import io

import openpyxl
import pytest
import xlsxwriter.worksheet

import sheetgd
from sheetgd.io import xlsx_write
from sheetgd.io.xlsx_write import write_xlsx
from .conftest import make_book, zip_parts

#: Formulas whose text ends in an array constant.  XlsxWriter's own
#: preparation strips a trailing "}" (meant for "{=...}" array formulas),
#: so these were saved as "1+{1,2" and the like: files no reader can parse.
#: The values are Excel's: an array constant's first element at the anchor
#: (the rest spill), SUM(1, 2) * 3 = 9.
ENDING_IN_BRACES = [("=1+{1,2}", 2.0), ("=SUM(A1:A2)*{3}", 9.0), ("=A1:A2*{1;2}", 1.0),
                    ('=A1&{"}"}', "1}"), ("=SORT({3;1;2})+{1}", 2.0)]


def _text(cell) -> str:
    value = cell.value
    return value.text if hasattr(value, "text") else value  # an array formula's text


@pytest.mark.parametrize(("formula", "excel"), ENDING_IN_BRACES)
def test_a_formula_ending_in_an_array_constant_is_saved_whole(tmp_path, formula, excel):
    book = make_book({"A1": 1.0, "A2": 2.0, "D5": formula})
    path = write_xlsx(book, tmp_path / "braces.xlsx")
    saved = _text(openpyxl.load_workbook(path)["s"]["D5"])
    assert saved.lstrip("=") == formula.lstrip("=").replace("SORT(", "_xlfn._xlws.SORT(")
    again = sheetgd.load(path)
    assert again.formula("s!D5") == formula
    assert again.value("s!D5") == excel


# -- a run of one filled-down formula written at once ---------------------------------------

def _both_ways(tmp_path, monkeypatch, write) -> tuple[dict, dict]:
    """The parts ``write(path)`` writes, and those it writes with every cell
    alone through XlsxWriter's own ``write_formula`` and ``_write_cell``."""
    fast = zip_parts(write(tmp_path / "fast.xlsx"))
    with monkeypatch.context() as m:
        m.setattr(xlsx_write, "write_sheets",
                  functools.partial(xlsx_write.write_sheets, runs_at_once=False))
        m.setattr(xlsx_write.ExactWorksheet, "_write_cell",
                  xlsxwriter.worksheet.Worksheet._write_cell)
        slow = zip_parts(write(tmp_path / "slow.xlsx"))
    return fast, slow


def _hostile_book():
    """Filled-down columns whose values are numbers, text, "", booleans and
    errors, whose formulas XML escapes (& < >), call dynamic-array functions
    (XlsxWriter rewrites those: cell by cell) or spill (anchors: cell by
    cell); runs at the grid's last rows and column; constants and text
    around them (the shared strings' order); a look with bold rows, cells
    of their own format and a taller row."""
    from sheetgd.books.sheetdef import SheetDef, install
    from sheetgd.books.styles import SheetStyle
    from sheetgd.engine import Workbook

    book = Workbook()
    install(book, SheetDef("s", first_row=4, last_row=40, cells={
        "A1": "label", "B1": 2.0, "C2": "=B1*2", "A41": "below", "H3": "=SEQUENCE(1,2)"},
        fill={"A": "=ROW()-3", "B": '=IF(A4>30,"",A4&"<x>")', "C": "=A4/(A4-10)",
              "D": "=A4>5", "E": "=SEQUENCE(1,2)+A4", "F": '=IF(A4<>7,LEN(A4&"&"),0)',
              "G": "=SORT(A4:A6)", "I": "=$B$1*A4+C3", "J": (20, "=1/(20-A20)")},
        data={"K": ["t", 1.0, "u"] * 12}))
    install(book, SheetDef("edge", first_row=1_048_570, last_row=1_048_576,
                           fill={"XFD": "=ROW()", "XFC": "=XFD1048570*2"}))
    book.calculate_all()
    style = SheetStyle(bold_rows=(1, 10), bold_cells={"C5", "I7"}, right={"B6"},
                       number_formats={"C": "0.00", "I": "0.000"}, cell_formats={"I9": "0%"},
                       row_heights={12: 30.0})
    return book, {"s": style}


def test_runs_written_at_once_give_the_parts_written_cell_by_cell(tmp_path, monkeypatch):
    book, styles = _hostile_book()
    assert book.sheet("s").cells.formula_runs()  # the mechanism is there to test
    fast, slow = _both_ways(tmp_path, monkeypatch,
                            lambda path: write_xlsx(book, path, styles))
    assert fast.keys() == slow.keys()
    assert [n for n in fast if fast[n] != slow[n]] == []
    again = sheetgd.load(tmp_path / "fast.xlsx")
    assert again.value("s!B30") == "27<x>" and again.value("s!B40") == ""
    assert again.value("s!C13").kind == "#DIV/0!" and again.value("s!D9") is True
    assert again.value("edge!XFC1048576") == 2 * 1_048_576.0


@pytest.mark.parametrize("name", ["graddesc.xlsx", "graddesc.xlsm", "entropy.xlsx"])
def test_the_products_written_at_once_are_those_written_cell_by_cell(tmp_path, monkeypatch,
                                                                     name):
    from sheetgd import products
    from sheetgd.books.graddesc import GradDescParams

    plan = next(p for p in products.plans(GradDescParams(rows=6), epochs=2) if p.name == name)
    product = products.made(plan)
    fast, slow = _both_ways(tmp_path, monkeypatch, lambda path: (
        products._xlsx_writer(product)(path), path)[1])
    assert [n for n in fast if fast[n] != slow[n]] == [] and fast.keys() == slow.keys()


def test_a_cells_format_is_worked_out_once_per_column_only_where_nothing_else_sets_it():
    """The writer's _CellFormats gives every cell the format its own
    look would (number format, bold row or cell, right alignment, taller
    row), though it works one out once per column."""
    import xlsxwriter

    from sheetgd.books.styles import SheetStyle

    style = SheetStyle(bold_rows=(1, 10), bold_cells={"C5", "I7"}, right={"B6", "AB3"},
                       number_formats={"C": "0.00", "I": "0.000"},
                       cell_formats={"I9": "0%", "C1": "0"}, row_heights={12: 30.0})
    formats = xlsx_write._Formats(xlsxwriter.Workbook(io.BytesIO(), {"in_memory": True}))
    cell_format = xlsx_write._CellFormats(style, formats)
    for row in range(1, 15):
        for col in range(1, 30):
            assert cell_format(row, col) is cell_format._of(row, col), (row, col)
    assert cell_format(9, 9) is not cell_format(8, 9) and cell_format(6, 2) is not cell_format(7, 2)
