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
