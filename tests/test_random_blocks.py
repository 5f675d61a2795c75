"""A filled-down column of RAND()/RANDBETWEEN is one compiled, volatile block
(issue 17): its draws are the ones its cells would make, in their order.

The reference is Python's own generator, seeded as the workbook seeds it:
RANDBETWEEN(low, high) is ``float(random.Random(seed).randint(low, high))``
and RAND() ``random.Random(seed).random()`` (sheetgd/engine/functions/rand.py
documents this draw), one per cell in sheet order (row by row).  Draws are
compared exactly: they are the generator's integers and doubles."""

from __future__ import annotations

import random

from sheetgd.books.sheetdef import SheetDef, install
from sheetgd.engine import Workbook, XLError

ROWS = 40
SEED = 7


def _book(fill: dict, cells: dict | None = None, data: dict | None = None) -> Workbook:
    book = Workbook(seed=SEED)
    install(book, SheetDef("s", first_row=1, last_row=ROWS, fill=fill, cells=cells or {},
                           data=data or {}))
    book.calculate_all()
    return book


def _column(book, col: str) -> list:
    return [book.value(f"s!{col}{r}") for r in range(1, ROWS + 1)]


def _drawing(book) -> list:
    return [b for b in book._blocks if b.random]


def test_a_randbetween_column_is_a_block_drawing_the_cells_draws():
    book = _book({"A": "=RANDBETWEEN(1,100)", "B": "=A1*2+1"})
    reference = random.Random(SEED)
    expected = [float(reference.randint(1, 100)) for _ in range(ROWS)]
    assert len(_drawing(book)) == 1
    assert _column(book, "A") == expected
    assert _column(book, "B") == [x * 2 + 1 for x in expected]


def test_the_block_is_volatile_and_draws_again_at_every_calculation():
    book = _book({"A": "=RAND()"})
    reference = random.Random(SEED)
    first = [reference.random() for _ in range(ROWS)]
    second = [reference.random() for _ in range(ROWS)]
    assert _column(book, "A") == first
    book.calculate()
    assert _column(book, "A") == second


def test_negative_bounds_and_fractions_are_randbetweens():
    # RANDBETWEEN(-2.5, 3.5): integers from ceil(-2.5) = -2 to floor(3.5) = 3
    book = _book({"A": "=RANDBETWEEN(-2.5,3.5)"})
    reference = random.Random(SEED)
    assert _column(book, "A") == [float(reference.randint(-2, 3)) for _ in range(ROWS)]


def test_a_row_the_loop_stops_at_draws_the_same_number():
    # B = 1/C: C holds 0 in row 10, so the loop stops there (#DIV/0!) and the
    # cells compute rows 10.. one by one; the draws must go on in sequence
    zeros = [1.0] * ROWS
    zeros[9] = 0.0
    book = _book({"A": "=RANDBETWEEN(1,6)", "B": "=A1/C1"}, data={"C": zeros})
    reference = random.Random(SEED)
    expected = [float(reference.randint(1, 6)) for _ in range(ROWS)]
    assert len(_drawing(book)) == 1
    assert _column(book, "A") == expected
    b = _column(book, "B")
    assert isinstance(b[9], XLError) and b[9].kind == "#DIV/0!"
    assert b[:9] == expected[:9] and b[10:] == expected[10:]


def test_another_random_cell_keeps_the_column_out_of_the_blocks():
    # a second random source: the draws stay in the cells' order (sheet order:
    # C1's draw comes after A1's, before A2's), so the column is not a block
    book = _book({"A": "=RAND()"}, cells={"C1": "=RAND()"})
    reference = random.Random(SEED)
    a1, c1 = reference.random(), reference.random()
    rest = [reference.random() for _ in range(ROWS - 1)]
    assert not _drawing(book)
    assert _column(book, "A") == [a1] + rest
    assert book.value("s!C1") == c1


def test_entering_a_second_random_formula_dissolves_the_drawing_block():
    book = _book({"A": "=RANDBETWEEN(1,100)"})
    assert len(_drawing(book)) == 1
    book.set("s!D1", "=RAND()+SUM(A1:A3)")  # never in a block: linked without finding blocks
    book.calculate()
    assert not _drawing(book)


def test_what_reads_a_drawing_block_depends_on_random():
    book = _book({"A": "=RANDBETWEEN(1,100)"}, cells={"D1": "=SUM(A1:A40)", "D2": "=5"})
    found = book.depends_on_random()
    assert ("s", 1, 1) in found and ("s", ROWS, 1) in found and ("s", 1, 4) in found
    assert ("s", 2, 4) not in found
