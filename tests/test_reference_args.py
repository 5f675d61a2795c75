"""References given to functions that use only their position (issue 13,
part 2).

ROW, COLUMN, ROWS, COLUMNS and OFFSET's base use where a reference is, never
the values of its cells, so ``=ROW(A1)`` in A1 or the running count
``=ROWS($A$1:A1)`` is no circular reference in Excel (nor in LibreOffice):
https://support.microsoft.com/office/row-function-3a63b74a-c4d0-4093-b49a-e76eb49a6d8d
https://support.microsoft.com/office/rows-function-b592593e-3fc2-47f2-bec1-bda493811597
An expression given there (``ROWS(A1:A3*2)``) is evaluated and reads its
cells, and a formula that also reads its own value stays circular.  The
expected values are Excel's, worked out from the functions' definitions.
"""

from __future__ import annotations

import math

import pytest

from sheetgd import Workbook
from sheetgd.engine.functions import REGISTRY
from sheetgd.engine.functions.base import NUMBER, REF, position
from sheetgd.engine.parser import parse
from sheetgd.io.xlsx_read import read_workbook
from sheetgd.io.xlsx_write import write_xlsx

from .conftest import is_error


def _book(compiled: bool = True) -> Workbook:
    book = Workbook(compiled=compiled)
    book.add_sheet("s")
    return book


def _entered(addr: str, formula: str) -> Workbook:
    book = _book()
    book.set(f"s!{addr}", formula)
    return book


# -- the cells: a reference to the host cell itself ----------------------

def test_row_difference_of_absolute_references_in_a3_is_32():
    book = _entered("A3", "=4*(ROW($A$3)-ROW($A$2))+28")  # 4*(3-2)+28
    assert book.value("s!A3") == 32.0 and book.cycles == []


def test_row_plus_column_of_the_host_cell_c7_is_10():
    book = _entered("C7", "=ROW(C7)+COLUMN(C7)")  # 7 + 3
    assert book.value("s!C7") == 10.0 and book.cycles == []


def test_rows_and_columns_of_ranges_holding_the_host_d1_is_6():
    book = _entered("D1", "=ROWS(D1:D5)+COLUMNS($D$1)")  # 5 + 1
    assert book.value("s!D1") == 6.0 and book.cycles == []


def test_row_of_the_host_cell_b1_is_1():
    book = _entered("B1", "=ROW(B1)")
    assert book.value("s!B1") == 1.0 and book.cycles == []


def test_running_count_in_its_first_cell_is_1():
    book = _entered("A1", "=ROWS($A$1:A1)")
    assert book.value("s!A1") == 1.0 and book.cycles == []


def test_position_of_the_host_under_manual_calculation():
    """A formula entered in manual mode is computed on entry (Excel)."""
    book = _book()
    book.calculation = "manual"
    book.set("s!B2", "=ROW(B2)*10+COLUMN((B2))")
    assert book.value("s!B2") == 22.0
    book.calculate_all()
    assert book.value("s!B2") == 22.0 and book.cycles == []


def test_rows_of_a_whole_column_holding_the_host():
    book = _entered("A1", "=ROWS(A:A)+COLUMNS(1:1)")  # 1048576 + 16384
    assert book.value("s!A1") == 1048576.0 + 16384.0 and book.cycles == []


# -- filled down --------------------------------------------------------------------

@pytest.mark.parametrize("compiled", [True, False])
def test_running_count_filled_down_fifty_rows_counts_1_to_50(compiled):
    book = _book(compiled)
    for r in range(1, 51):
        book.set(f"s!A{r}", f"=ROWS($A$1:A{r})")
    assert [book.value(f"s!A{r}") for r in range(1, 51)] == [float(r) for r in range(1, 51)]
    assert book.cycles == []
    if compiled:  # the filled-down rows are one compiled block with no input
        block = book.sheet("s").block_at(25, 1)
        assert block is not None and block.inputs == [] and block.outside_precedents == set()
    book.set("s!B3", 7)  # a write elsewhere
    book.calculate_all()
    assert [book.value(f"s!A{r}") for r in range(1, 51)] == [float(r) for r in range(1, 51)]
    book.set("s!A10", 99)  # a constant over one of them: the others keep counting
    assert book.value("s!A9") == 9.0 and book.value("s!A11") == 11.0 and book.value("s!A50") == 50.0


def _course_number(row: int) -> float:
    """CEILING.MATH((ROW()-3)/10): the least integer >= (row-3)/10."""
    return float(math.ceil((row - 3) / 10))


def _fill_course_numbers(book: Workbook):
    for r in range(4, 101):
        book.set(f"s!A{r}", f"=CEILING.MATH((ROW(A{r})-3)/10)")


@pytest.mark.parametrize("compiled", [True, False])
def test_course_workbook_numbers_its_rows_in_tens(compiled):
    """The course workbook's A4:A100 (half #CIRC! before the fix).  The
    compiled loop has no CEILING.MATH, so these rows are computed cell by
    cell either way; the next test has a filled-down ROW in a compiled block."""
    book = _book(compiled)
    _fill_course_numbers(book)
    expected = {r: _course_number(r) for r in range(4, 101)}
    assert (expected[4], expected[13], expected[14], expected[100]) == (1.0, 1.0, 2.0, 10.0)
    assert {r: book.value(f"s!A{r}") for r in range(4, 101)} == expected
    assert book.cycles == []
    book.calculate_all()
    assert {r: book.value(f"s!A{r}") for r in range(4, 101)} == expected
    book.set("s!B50", 3.5)
    book.set("s!C1", "=SUM(A4:A100)")  # reads them all: 10 rows each of 1..9, then 7 of 10
    assert book.value("s!C1") == 10 * sum(range(1, 10)) + 7 * 10.0
    assert {r: book.value(f"s!A{r}") for r in range(4, 101)} == expected and book.cycles == []


@pytest.mark.parametrize("compiled", [True, False])
def test_row_arithmetic_filled_down_is_a_compiled_block(compiled):
    """(ROW(A4)-3)/10 filled down A4:A100: the block's kernel works the row
    numbers out itself; its cells read nothing (no input, no precedent)."""
    book = _book(compiled)
    for r in range(4, 101):
        book.set(f"s!A{r}", f"=(ROW(A{r})-3)/10+ROWS(A$4:A{r})*0+COLUMN()")
    assert {r: book.value(f"s!A{r}") for r in range(4, 101)} == {r: (r - 3) / 10 + 1 for r in range(4, 101)}
    block = book.sheet("s").block_at(50, 1)
    assert (block is not None and block.inputs == []) == compiled
    assert book.cycles == []


@pytest.mark.parametrize("compiled", [True, False])
def test_a_reference_moved_off_the_grid_is_a_ref_error(compiled):
    """``=ROW(A1)`` of B3 filled up to B1 points above row 1: #REF! there,
    as in Excel; the compiled block hands those rows to the cell path."""
    book = _book(compiled)
    book.calculation = "manual"
    book.put_formula_column("s", 2, 1, 20, parse("=ROW(A1)", 3, 2))
    book.calculate_all()
    assert is_error(book.value("s!B1"), "#REF!") and is_error(book.value("s!B2"), "#REF!")
    assert [book.value(f"s!B{r}") for r in range(3, 21)] == [float(r - 2) for r in range(3, 21)]
    # two rows down from the last rows of the grid (1048576): the kernel does the rows above
    book.put_formula_column("s", 3, 1048561, 1048576, parse("=ROW(A3)", 1, 3))
    book.calculate_all()
    assert [book.value(f"s!C{r}") for r in range(1048561, 1048575)] == \
        [float(r + 2) for r in range(1048561, 1048575)]
    assert is_error(book.value("s!C1048575"), "#REF!") and is_error(book.value("s!C1048576"), "#REF!")


# -- names and expressions ----------------------------------------------------------

def test_rows_of_a_name_for_a_range_holding_the_host():
    book = _book()
    book.define_name("table", "=s!$A$1:$A$3")
    book.set("s!A2", "=ROWS(table)+ROW(table)")  # 3 + 1
    assert book.value("s!A2") == 4.0 and book.cycles == []


def test_rows_of_a_name_for_an_expression_reads_it():
    """A name defined as ``A1:A3*2`` is evaluated (an array): it reads A2."""
    book = _book()
    book.define_name("doubled", "=s!$A$1:$A$3*2")
    book.set("s!A2", "=ROWS(doubled)")
    assert is_error(book.value("s!A2"), "#CIRC!") and book.cycles == [["s!A2"]]


def test_a_cell_that_also_reads_its_own_value_stays_circular():
    book = _entered("A1", "=A1+ROW(A1)")
    assert is_error(book.value("s!A1"), "#CIRC!") and book.cycles == [["s!A1"]]


def test_rows_times_its_own_value_stays_circular():
    book = _entered("A1", "=ROWS(A1:A2)*A1")
    assert is_error(book.value("s!A1"), "#CIRC!") and book.cycles == [["s!A1"]]


def test_rows_of_an_expression_reads_the_range():
    book = _entered("A1", "=ROWS(A1:A3*2)")
    assert is_error(book.value("s!A1"), "#CIRC!") and book.cycles == [["s!A1"]]


def test_row_of_offset_reads_offsets_own_arguments():
    """OFFSET's base is a position, its row count a value: A1 reads A1."""
    book = _entered("A1", "=ROW(OFFSET(B1,A1,0))")
    assert is_error(book.value("s!A1"), "#CIRC!")


def test_row_of_offset_from_the_host_is_the_offset_row():
    book = _entered("A1", "=ROW(OFFSET(A1,4,1))")  # A1 moved 4 down: row 5
    assert book.value("s!A1") == 5.0 and book.cycles == []


def test_offset_one_row_down_from_the_host_reads_that_row():
    book = _book()
    book.set("s!A2", "=B2*3")
    book.set("s!B2", 2)
    book.set("s!A1", "=OFFSET(A1,1,0)")
    assert book.value("s!A1") == 6.0 and book.cycles == []
    book.set("s!B2", 5)
    assert book.value("s!A1") == 15.0


def test_offset_onto_the_host_itself_is_circular():
    """Excel: a circular reference (found when OFFSET's result is read)."""
    book = _entered("A1", "=OFFSET(A1,0,0)")
    assert is_error(book.value("s!A1"), "#CIRC!")
    book.calculate_all()
    assert is_error(book.value("s!A1"), "#CIRC!")


# -- evaluation reads no cell --------------------------------------------------------

def _spy_reads(book: Workbook) -> list:
    reads, read = [], book.read

    def spy(sheet, row, col):
        reads.append((sheet.upper(), row, col))
        return read(sheet, row, col)
    book.read = spy
    return reads


def test_evaluating_positions_reads_no_cell():
    book = _book()
    book.calculation = "manual"
    book.set("s!C1", 1)
    book.set("s!A1", "=C1*2")
    book.set("s!C1", 2)  # A1 is stale now
    reads = _spy_reads(book)
    value = book.evaluate("=ROW(A1)+COLUMN(A1)+ROWS(A1:B3)+COLUMNS($A$1:B1)+ROW(OFFSET(A1,1,0))", "s")
    assert value == 1 + 1 + 3 + 2 + 2 and reads == []
    assert book.value("s!A1") == 2.0  # still stale: nothing computed it


def test_a_position_formula_does_not_compute_a_stale_cell():
    book = _book()
    book.calculation = "manual"
    book.set("s!C1", 1)
    book.set("s!B1", "=C1*2")
    book.set("s!A1", "=ROW(B1)+ROWS(B1:B3)")
    reads = _spy_reads(book)
    book.calculate_all()
    assert book.value("s!A1") == 4.0 and ("S", 1, 2) not in reads


# -- saved and read back ------------------------------------------------------------

def test_positions_after_saving_and_reading_the_file(tmp_path):
    """The reader stores the formulas in bulk and finds the filled-down blocks."""
    book = _book()
    book.add_sheet("course")
    book.add_sheet("x")
    for r in range(1, 51):
        book.set(f"s!B{r}", f"=ROWS($B$1:B{r})")
    for r in range(4, 101):
        book.set(f"course!A{r}", f"=CEILING.MATH((ROW(A{r})-3)/10)")
    book.set("x!A3", "=4*(ROW($A$3)-ROW($A$2))+28")
    book.set("x!C7", "=ROW(C7)+COLUMN(C7)")
    book.set("x!D1", "=ROWS(D1:D5)+COLUMNS($D$1)")
    book.set("x!F1", "=F1+ROW(F1)")  # stays circular
    back = read_workbook(write_xlsx(book, tmp_path / "positions.xlsx"))
    assert back.value("x!A3") == 32.0 and back.value("x!C7") == 10.0 and back.value("x!D1") == 6.0
    assert [back.value(f"s!B{r}") for r in range(1, 51)] == [float(r) for r in range(1, 51)]
    assert back.sheet("s").block_at(20, 2) is not None  # the reader's block
    numbers = {r: _course_number(r) for r in range(4, 101)}
    assert {r: back.value(f"course!A{r}") for r in range(4, 101)} == numbers
    assert is_error(back.value("x!F1"), "#CIRC!") and back.cycles == [["x!F1"]]
    back.set("course!B1", 1)  # a write elsewhere, then everything again
    back.calculate_all()
    assert {r: back.value(f"course!A{r}") for r in range(4, 101)} == numbers
    assert [back.value(f"s!B{r}") for r in range(1, 51)] == [float(r) for r in range(1, 51)]


# -- the declarations ---------------------------------------------------------------

def test_position_only_parameters_are_declared_once():
    for name in ("ROW", "COLUMN", "ROWS", "COLUMNS", "OFFSET"):
        assert REGISTRY[name].params[0].position, name
    assert not any(p.position for p in REGISTRY["OFFSET"].params[1:])
    assert not REGISTRY["MATCH"].params[1].position and not REGISTRY["SUM"].params[0].position
    assert position(REF).kind is REF
    with pytest.raises(ValueError):
        position(NUMBER)  # a number is a value read
