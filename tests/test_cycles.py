"""Circular references: cells and names that refer to themselves, at any
length, end as #CIRC! values naming the cycle -- never a hang, never a
RecursionError.  (tests/test_workbook.py has the plain chains of length 1,
2 and 10^5 entered cell by cell; these fill in the other ways in.)"""

from __future__ import annotations

import time

import pytest

from sheetgd import Workbook

from .conftest import is_error, make_book


def test_a_cell_referring_to_itself_in_automatic_mode():
    book = make_book()
    book.set("s!A1", "=A1+1")
    value = book.value("s!A1")
    assert is_error(value, "#CIRC!") and value.origin == "s!A1" and "s!A1" in value.message
    assert book.cycles == [["s!A1"]]


def test_a_cell_whose_range_includes_itself():
    book = make_book({"A2": 1, "A3": 2})
    book.set("s!A1", "=SUM(A1:A3)")
    assert is_error(book.value("s!A1"), "#CIRC!")
    assert book.cycles == [["s!A1"]]
    book.set("s!A1", "=SUM(A2:A3)")  # fixed: the cycle goes away
    assert book.value("s!A1") == 3.0 and book.cycles == []


def test_a_cycle_of_two_across_sheets():
    book = make_book()
    book.set("s!A1", "=data!A1+1")
    book.set("data!A1", "=s!A1*2")
    book.set("s!B1", "=s!A1")  # downstream
    for addr in ("s!A1", "data!A1", "s!B1"):
        assert is_error(book.value(addr), "#CIRC!"), addr
    assert book.cycles == [["data!A1", "s!A1"]]


def test_cycles_through_offset_and_indirect_are_errors_not_hangs():
    book = make_book()
    book.set("s!A1", "=OFFSET(A1,0,0)+1")
    book.set("s!A2", '=INDIRECT("A2")*2')
    book.set("s!A3", '=INDIRECT("A4")')
    book.set("s!A4", "=A3")
    for addr in ("s!A1", "s!A2", "s!A3", "s!A4"):
        assert is_error(book.value(addr), "#CIRC!"), addr


def test_a_hundred_thousand_cell_cycle_read_from_a_file():
    """The reader's path (put_formula, then calculate_all): one cycle of 10^5
    cells, reported once, in well under a minute."""
    n = 100_000
    book = Workbook()
    book.add_sheet("s")
    book.calculation = "manual"
    for r in range(1, n + 1):
        book.put_formula("s", r, 1, f"=A{r % n + 1}+1")
    book.put_formula("s", 1, 2, "=SUM(A1:A100000)")
    start = time.monotonic()
    book.calculate_all()
    assert time.monotonic() - start < 60
    assert len(book.cycles) == 1 and len(book.cycles[0]) == n
    assert all(is_error(book.value(f"s!A{r}"), "#CIRC!") for r in (1, 2, n // 2, n))
    assert is_error(book.value("s!B1"), "#CIRC!")


def test_a_name_defined_as_itself():
    book = make_book()
    book.define_name("self", "=self")
    book.set("s!A1", "=self")
    book.set("s!A2", "=self+1")
    for addr in ("s!A1", "s!A2"):
        value = book.value(addr)
        assert is_error(value, "#CIRC!") and "self" in value.message
    assert is_error(book.value("self"), "#CIRC!")


def test_two_names_referring_to_each_other():
    book = make_book()
    book.define_name("ping", "=pong+1")
    book.define_name("pong", "=ping*2")
    book.set("s!A1", "=ping")
    book.set("s!A2", "=pong")
    assert is_error(book.value("s!A1"), "#CIRC!") and is_error(book.value("s!A2"), "#CIRC!")
    assert is_error(book.value("ping"), "#CIRC!")
    book.define_name("pong", "=2")  # broken: both are numbers again
    assert book.value("s!A1") == 3.0 and book.value("s!A2") == 2.0


def test_a_sheet_scoped_name_and_a_cell_in_a_loop():
    book = make_book()
    book.define_name("total", "=s!$A$3", scope="s")
    book.set("s!A3", "=total+1")
    assert is_error(book.value("s!A3"), "#CIRC!")
    assert book.cycles == [["s!A3"]]


@pytest.mark.parametrize("length", [1, 2, 10])
def test_a_cycle_of_names(length):
    book = make_book()
    for i in range(length):
        book.define_name(f"name_{i}", f"=name_{(i + 1) % length}+1")
    book.set("s!A1", "=name_0")
    assert is_error(book.value("s!A1"), "#CIRC!")
