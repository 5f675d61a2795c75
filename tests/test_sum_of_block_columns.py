"""SUM over a compiled block's column reads the block's numbers as they are
(no Python float per cell) and adds them in the same order, one by one, as
over the cells: the same bits as the plain path, the same errors and
skipped values (Excel's SUM: numbers in a range are added, text and empty
cells in it skipped, its first error returned)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sheetgd.engine import Workbook
from sheetgd.engine.functions.base import sequential_sum

ROWS = 300  # a block of 300 rows: the generated-Python kernel (numba's starts at 50,000 cells)


def _loop(numbers) -> float:
    total = 0.0
    for x in numbers:
        total += x
    return total


def _same_bits(a: float, b: float) -> bool:
    return (math.isnan(a) and math.isnan(b)) or a == b


magnitudes = st.floats(allow_nan=False, allow_infinity=False, min_value=-1e300, max_value=1e300)


@settings(max_examples=60, deadline=None)
@given(st.lists(magnitudes, max_size=1200))
def test_sequential_sum_is_the_plain_loop_bit_for_bit(numbers):
    """Long lists go through numpy's add.accumulate: the same additions in
    the same order (np.sum adds pairwise, and rounds differently)."""
    assert _same_bits(sequential_sum(numbers), _loop(numbers))


def test_sequential_sum_differs_from_pairwise_summation_where_the_order_matters():
    import numpy as np

    numbers = [1.0, 1e16, -1e16] * 200  # each 1.0 is lost to 1e16 on the way
    assert sequential_sum(numbers) == _loop(numbers) == 0.0
    assert sequential_sum(np.array(numbers)) == 0.0


def test_sequential_sum_overflows_as_the_loop_does():
    up = [1e308] * 300
    assert sequential_sum(up) == math.inf == _loop(up)
    both = [1e308] * 300 + [-1e308] * 300 + [-math.inf]
    assert math.isnan(sequential_sum(both)) and math.isnan(_loop(both))


def _book(compiled: bool, inputs: list, first_row_apart: bool = True) -> Workbook:
    """A: inputs; B: a filled-down running formula (one block), its first
    row written apart (a formula of its own, as graddesc's row 4 is);
    D1: SUM(B1:B{ROWS})."""
    book = Workbook(compiled=compiled)
    book.add_sheet("s")
    for r, v in enumerate(inputs, 1):
        book.put("s", r, 1, v)
    book.put_formula("s", 1, 2, "=A1*3" if first_row_apart else "=A1/2+0")
    for r in range(2, ROWS + 1):
        book.put_formula("s", r, 2, f"=A{r}/2+B{r - 1}*0.5")
    book.put_formula("s", 1, 4, f"=SUM(B1:B{ROWS + 40})")  # reaching past the last row
    book.calculate_all()
    return book


inputs = st.lists(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False), min_size=ROWS,
                  max_size=ROWS)


@settings(max_examples=25, deadline=None)
@given(inputs)
def test_sum_of_a_block_column_equals_the_plain_path(xs):
    fast, plain = _book(True, xs), _book(False, xs)
    assert fast.sheet("s").block_at(100, 2) is not None  # the mechanism is there to test
    assert _same_bits(fast.value("s!D1"), plain.value("s!D1"))
    # the value over the cells as Python reads them, added one by one
    assert _same_bits(fast.value("s!D1"), _loop([row[0] for row in plain.value(f"s!B1:B{ROWS}")]))


def test_sum_reads_the_block_as_one_number_column(monkeypatch):
    """The mechanism: SUM's range comes as a NumberColumn (the first row's
    cell, apart from the block, read with it), not cell by cell."""
    got = []
    real = Workbook._number_column

    def spy(self, *args):
        floats = real(self, *args)
        got.append(None if floats is None else len(floats))
        return floats

    monkeypatch.setattr(Workbook, "_number_column", spy)
    book = _book(True, [float(i) for i in range(ROWS)])
    assert got == [ROWS]
    assert book.value("s!D1") == _loop([row[0] for row in book.value(f"s!B1:B{ROWS}")])


@pytest.mark.parametrize("row, value, expected", [
    (150, 0.0, None),          # a number: the block's sum
    (150, "seven", "#VALUE!"),  # text in an input: A/2 is #VALUE! from that row down
    (150, True, None),         # TRUE is 1 in arithmetic
])
def test_sum_of_a_block_column_with_an_odd_input(row, value, expected):
    xs = [float(i % 17) - 8.0 for i in range(ROWS)]
    xs[row - 1] = value
    fast, plain = _book(True, xs), _book(False, xs)
    got, want = fast.value("s!D1"), plain.value("s!D1")
    if expected is None:
        assert isinstance(got, float) and _same_bits(got, want)
    else:
        assert got.kind == want.kind == expected


@pytest.mark.parametrize("odd", [0.0, "seven", True])
def test_a_column_read_at_once_is_each_cell_as_stored(odd):
    """Workbook.stored_column (what the writer and the column widths read:
    slices of the block's arrays and of the cells' runs) and stored_cells
    are stored() cell by cell: a block's number, the error it stopped at,
    the cells below it, empty cells past the end."""
    xs = [float(i % 17) - 8.0 for i in range(ROWS)]
    xs[150] = odd
    book = _book(True, xs, first_row_apart=False)
    assert book.sheet("s").block_at(100, 2) is not None
    for col in (1, 2, 3, 4):
        for row1, row2 in ((1, ROWS), (1, 1), (99, 160), (ROWS - 3, ROWS + 5), (ROWS + 1, ROWS + 2)):
            assert book.stored_column("s", col, row1, row2) == \
                [book.stored("s", r, col) for r in range(row1, row2 + 1)]
    cells = book.stored_cells("s")
    assert len(cells) == len(dict(cells)) == len(book.sheet("s").cells)
    assert all(value == book.stored("s", *key) or value != value for key, value in cells)


def test_sum_skips_text_and_empty_cells_below_the_block():
    """A label under the summed rows, empty cells between: Excel's SUM skips
    text and empty cells in a range (read cell by cell there)."""
    xs = [float(i) for i in range(ROWS)]
    fast, plain = _book(True, xs), _book(False, xs)
    for book in (fast, plain):
        book.set(f"s!B{ROWS + 5}", "label")
    assert _same_bits(fast.value("s!D1"), plain.value("s!D1"))
    assert fast.value("s!D1") == _loop([row[0] for row in fast.value(f"s!B1:B{ROWS}")])


def test_an_overflow_in_the_column_is_num_as_excel_gives():
    xs = [1e307] * ROWS  # each row about 1e307: their sum passes 1.8e308
    fast = _book(True, xs)
    assert fast.value("s!D1").kind == "#NUM!"


# --- cases from a differential fuzz of compiled against plain books -----------------

def _two_blocks_with_loose_rows(compiled: bool) -> Workbook:
    """Column B: a block, a loose constant, a text label, a second block
    of another formula; aggregates over all of it and past it."""
    book = Workbook(compiled=compiled)
    book.add_sheet("s")
    for r in range(1, 61):
        book.put("s", r, 1, float(r % 7) - 3.0)
    for r in range(1, 21):
        book.put_formula("s", r, 2, f"=A{r}*3" if r == 1 else f"=A{r}/2+B{r - 1}*0.5")
    book.put("s", 21, 2, 2.5)
    book.put("s", 22, 2, "label")
    for r in range(23, 61):
        book.put_formula("s", r, 2, f"=A{r}*1.5")
    for i, f in enumerate(["=SUM(B1:B80)", "=AVERAGE(B:B)", "=COUNT(B1:B60)", "=MAX(B5:B50)",
                           "=SUMPRODUCT(B1:B60,A1:A60)"], 1):
        book.put_formula("s", i, 6, f)
    book.calculate_all()
    return book


def test_aggregates_over_two_blocks_a_loose_number_and_a_label():
    fast, plain = _two_blocks_with_loose_rows(True), _two_blocks_with_loose_rows(False)
    assert fast.sheet("s").block_at(40, 2) is not None
    assert fast.value("s!F1:F5") == plain.value("s!F1:F5")
    for row1 in (1, 2, 19, 21, 22, 23, 40):  # from above, in and between the blocks
        for row2 in (row1, 22, 30, 60, 70):
            if row2 >= row1:
                assert fast.stored_column("s", 2, row1, row2) == \
                    [fast.stored("s", r, 2) for r in range(row1, row2 + 1)]


def test_a_block_cell_overwritten_in_manual_calculation_then_summed():
    """A cell of the block set to text (the block dissolved) and to a
    formula, in manual calculation: SUM reads what the cells hold."""
    fast, plain = _two_blocks_with_loose_rows(True), _two_blocks_with_loose_rows(False)
    for book in (fast, plain):
        book.calculation = "manual"
        book.set("s!B30", "t")
        book.set("s!B40", "=1/4")
        book.set("s!A45", 100.0)
        book.set("s!G1", "=SUM(B1:B60)")
    assert fast.value("s!G1") == plain.value("s!G1")
    for book in (fast, plain):
        book.calculate()
    assert fast.value("s!F1:G5") == plain.value("s!F1:G5")
