"""Formulas over arrays too large to list one by one (``s!A:XFD``, 17
billion cells; MAKEARRAY of 10^10) are the calling function's #NUM!,
quickly and within memory, instead of a MemoryError or an hour's loop.

Excel computes such formulas slowly or reports it ran out of resources; it
has no one documented value, so the check is the brief's rule: a one-cell
error naming the size, the workbook unharmed.  Values that do fit (a whole
column's 1,048,576 cells) still compute, checked against the sum worked by
hand."""

from __future__ import annotations

import time

import pytest

from sheetgd import Workbook

from .conftest import is_error


def _book():
    book = Workbook()
    book.add_sheet("s")
    book.add_sheet("d")
    book.set("d!A5", 3.0)
    return book


@pytest.mark.parametrize("formula", [
    "=SUM(d!A:XFD*2)",                     # a function's list of numbers
    "=AVERAGEA(d!A:XFD*2)",
    "=ROWS(UNIQUE(d!A:XFD))",              # an array's every row
    "=SUM(IF(d!A:XFD>0,1,0))",             # a lazy call lifted cell by cell
    "=SUM(MAP(d!A:XFD,LAMBDA(x,x)))",      # a LAMBDA called per element
    "=REDUCE(0,d!A:XFD,LAMBDA(a,x,a+x))",
    "=ROWS(MAKEARRAY(100000,100000,LAMBDA(r,c,r)))",
])
def test_arrays_too_large_to_list_are_num(formula):
    book = _book()
    start = time.perf_counter()
    book.set("s!B1", formula)
    assert is_error(book.value("s!B1"), "#NUM!")
    assert time.perf_counter() - start < 5  # (it used to run out of memory or loop for hours)
    book.set("d!A6", 4.0)  # the workbook goes on working
    book.set("s!C1", "=SUM(d!A5:A6)")
    assert book.value("s!C1") == 7.0


def test_a_whole_column_still_computes_element_by_element():
    book = _book()
    book.set("s!B1", "=SUM(MAP(d!A:A,LAMBDA(x,x*2)))")   # 1,048,576 calls: 2*3
    book.set("s!B2", "=SUM(d!A:A*2)")
    book.set("s!B3", "=COUNT(d!A:XFD*1)")                  # counted, never listed
    assert book.value("s!B1") == 6.0
    assert book.value("s!B2") == 6.0
    assert book.value("s!B3") == 1048576.0 * 16384.0


def _keyed(n: int):
    """A sheet whose rows 1..n hold a row key i, a column key i and the value i."""
    import numpy as np

    book = _book()
    keys = np.arange(1, n + 1, dtype=float).reshape(n, 1)
    book.set(f"d!A1:A{n}", keys)
    book.set(f"d!B1:B{n}", keys)
    book.set(f"d!C1:C{n}", keys)
    return book


def test_a_pivotby_too_large_to_list_is_num():
    """PIVOTBY over 5,000 distinct keys down and across: a summary of
    25 million values, more than sheetgd lists in one array, is #NUM!
    found from the groups' count before any value is computed (it used to
    compute every cell, for minutes, before the spill refused it)."""
    book = _keyed(5000)
    start = time.perf_counter()
    book.set("s!B1", "=ROWS(PIVOTBY(d!A1:A5000,d!B1:B5000,d!C1:C5000,SUM))")
    assert is_error(book.value("s!B1"), "#NUM!")
    assert time.perf_counter() - start < 30


def test_a_pivotby_of_a_thousand_groups_each_way_still_computes():
    """1,000 keys each way (a 1,002 x 1,002 summary, one value per row and
    column group: the diagonal): the values meet where their keys do, the
    other cells are empty text, the totals are the sums 1..1000 worked by
    hand (Microsoft's PIVOTBY page: a grand total row and column)."""
    book = _keyed(1000)
    book.set("s!B1", "=LET(p,PIVOTBY(d!A1:A1000,d!B1:B1000,d!C1:C1000,SUM),"
                     "HSTACK(ROWS(p),COLUMNS(p),INDEX(p,501,501),INDEX(p,501,502),"
                     "INDEX(p,1002,1002),INDEX(p,1002,2),INDEX(p,2,1002)))")
    got = [book.value(f"s!{c}1") for c in "BCDEFGH"]
    assert got == [1002.0, 1002.0, 500.0, "", 500500.0, 1.0, 1.0]


def _corners():
    """One sheet holding A1 = 1, C5 = 5 and =1 in the grid's last cell: its
    used range is the whole grid, 17 billion cells, three of them held."""
    book = Workbook()
    book.add_sheet("s")
    book.add_sheet("t")
    book.set("s!A1", 1)
    book.set("s!C5", 5)
    book.set("s!XFD1048576", "=1")
    return book


@pytest.mark.parametrize("formula, expected", [
    # Excel's aggregates add, count and compare the numbers the range holds
    # (their pages: empty cells are ignored), whatever the range's size
    ("=SUM(s!A1:XFD1048576)", 7.0),
    ("=SUM(s!A1:XFD1048575)", 6.0),  # the far cell outside the range
    ("=AVERAGE(s!A1:XFD1048576)", 7.0 / 3),
    ("=COUNT(s!A:XFD)", 3.0),
    ("=COUNTA(s!A1:XFD1048576)", 3.0),
    ("=MAX(s!A1:XFD1048576)", 5.0),
    ("=SUMPRODUCT(s!A1:XFD1048575)", 6.0),
    ("=COUNT(s!A:A)", 1.0),
])
def test_a_range_over_cells_at_the_grids_corners_reads_only_its_cells(formula, expected):
    """A sheet with one cell far down and right: the ranges over it were
    read as dense grids (minutes and a MemoryError); now the cells are
    found, and what lies between them is the empty part."""
    book = _corners()
    start = time.perf_counter()
    book.set("t!A1", formula)
    assert book.value("t!A1") == pytest.approx(expected, rel=1e-15)
    assert time.perf_counter() - start < 5  # was minutes, then a MemoryError


def test_an_array_over_cells_at_the_grids_corners_is_num_naming_the_size():
    """SUMPRODUCT takes the range's grid, not its list of values: one whose
    cells lie 1,048,576 rows and 16,384 columns apart is the documented
    #NUM! of an array too large to list (Excel: 7, slowly)."""
    book = _corners()
    book.set("t!A1", "=SUMPRODUCT(s!A1:XFD1048576)")
    value = book.value("t!A1")
    assert is_error(value, "#NUM!") and "1,048,576 rows and 16,384 columns apart" in repr(value)


def test_a_sum_over_the_grid_in_its_own_last_cell_is_circular():
    """The cell inside the range it sums: a circular reference (Excel warns
    of one), found without reading the grid."""
    book = Workbook()
    book.add_sheet("s")
    book.calculation = "manual"
    book.set("s!XFD1048575", "=SUM(A1:XFD1048575)")
    assert is_error(book.value("s!XFD1048575"), "#CIRC!")
