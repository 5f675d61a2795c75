"""Whole columns, rows and sheets cost what the sheet holds (issue 14).

Excel visits a sheet's used range only: ``=SUMPRODUCT(s!A:XFD)`` with one
value in the sheet is immediate, ``=A1/SUM(A:A)`` filled down four
thousand rows is one sum per row over four thousand cells.  Each test below
is one of the faults the issue lists, with Excel's value, and asserts on
the work done -- the cells read into grids (:func:`_count_cells`), the
formulas computed -- never on seconds.  The semantics are exact: the cells
past the used range are there and count as Excel counts them
(``{=COUNT(A:A*1)}`` is 1,048,576), which the comparisons with sparse
arrays switched off check (:func:`test_sparse_arrays_give_what_plain_arrays_give`).
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sheetgd import FormulaError, Workbook
from sheetgd.engine import sparse
from sheetgd.engine.functions.lookup import _binary_search, _exact
from sheetgd.engine.usedrange import MAX_CELLS
from sheetgd.engine.values import EMPTY

from .conftest import is_error

ROWS = 1_048_576


def _count_cells(book) -> list:
    """Count the cells ``book`` reads into grids (ranges' values); returns a
    one-element list holding the running count."""
    seen = [0]
    original = book._cells_of_area

    def counting(s, row1, col1, row2, col2):
        rows = original(s, row1, col1, row2, col2)
        seen[0] += sum(len(r) for r in rows)
        return rows
    book._cells_of_area = counting
    return seen


def _count_evaluations(book) -> list:
    calls = []
    original = book._evaluate_cell
    book._evaluate_cell = lambda key: (calls.append(key), original(key))
    return calls


def _book(columns: dict, sheet: str = "s") -> Workbook:
    """A book whose sheet holds ``columns`` {"A": [values or formulas]},
    loaded without calculating (as a file is), then calculated once."""
    book = Workbook()
    book.add_sheet(sheet)
    for letter, values in columns.items():
        col = ord(letter) - 64
        for r, v in enumerate(values, start=1):
            if isinstance(v, str) and v.startswith("="):
                book.put_formula(sheet, r, col, v)
            else:
                book.put(sheet, r, col, v)
    book.calculate()
    return book


# -- SUMPRODUCT -------------------------------------------------------------------------

def test_sumproduct_of_a_whole_sheet_reads_its_used_range_only():
    """``=SUMPRODUCT(s!A:XFD)`` with 2 in C3 and nothing else: Excel gives 2
    at once (the issue: over 120 s and 4 GB).  The cells read are the used
    range's nine (A1:C3), not 17 billion."""
    book = Workbook()
    book.add_sheet("s")
    book.add_sheet("t")
    book.set("s!C3", 2)
    cells = _count_cells(book)
    book.set("t!A1", "=SUMPRODUCT(s!A:XFD)")
    assert book.value("t!A1") == 2.0
    assert cells[0] <= 9


def test_sumproduct_of_two_whole_columns_pairs_their_used_rows():
    """A1:A2 = 1, 2 and B1:B2 = 3, 4: ``=SUMPRODUCT(A:A,B:B)`` is 11 in
    Excel, 23 after A1 = 5; each recalculation reads the four cells (the
    issue: 3 s per recalculation)."""
    book = _book({"A": [1.0, 2.0], "B": [3.0, 4.0]})
    book.set("s!C1", "=SUMPRODUCT(A:A,B:B)")
    assert book.value("s!C1") == 11.0
    cells = _count_cells(book)
    book.set("s!A1", 5)
    assert book.value("s!C1") == 23.0
    assert cells[0] <= 4 + 2  # the columns' used rows (C1 is in the used range's width)


def test_sumproduct_of_whole_columns_of_different_lengths():
    """A1:A2 = 1, 2; B1:B4 = 3, 4, 5, 6: ``=SUMPRODUCT(A:A,B:B)`` is
    1*3 + 2*4 = 11 in Excel (both are 1,048,576 rows; A's empty rows count
    as 0)."""
    book = _book({"A": [1.0, 2.0], "B": [3.0, 4.0, 5.0, 6.0]})
    book.set("s!C1", "=SUMPRODUCT(A:A,B:B)")
    assert book.value("s!C1") == 11.0


def test_sumproduct_of_a_whole_column_and_a_short_range_is_value_error():
    """``=SUMPRODUCT(A:A,B1:B3)``: the arrays differ in size, #VALUE! in Excel."""
    book = _book({"A": [1.0, 2.0, 3.0], "B": [1.0, 1.0, 1.0]})
    book.set("s!C1", "=SUMPRODUCT(A:A,B1:B3)")
    assert is_error(book.value("s!C1"), "#VALUE!")


def test_sumproduct_of_a_condition_over_whole_columns():
    """``=SUMPRODUCT((A:A>1)*B:B)`` with A = 1, 2, 3 and B = 10, 20, 30 is 50
    in Excel; the empty rest of the columns is computed once."""
    book = _book({"A": [1.0, 2.0, 3.0], "B": [10.0, 20.0, 30.0]})
    cells = _count_cells(book)
    book.set("s!C1", "=SUMPRODUCT((A:A>1)*B:B)")
    assert book.value("s!C1") == 50.0
    assert cells[0] <= 2 * 3 * 3  # two columns of the used range, 3 rows (3 wide)


def test_sumproduct_adds_a_repeated_non_zero_value_for_every_row():
    """``=SUMPRODUCT(A:A+1)`` with A1 = 1 is 2 + 1,048,575 = 1048577 in Excel:
    the empty rows are there, each adding 1."""
    book = _book({"A": [1.0]})
    book.set("s!B1", "=SUMPRODUCT(A:A+1)")
    assert book.value("s!B1") == 1_048_577.0


# -- MATCH and INDEX ---------------------------------------------------------------------

def test_match_over_a_whole_column_finds_positions_and_reads_the_column_once():
    """100 cells ``=MATCH(A{r},A:A,0)`` with A{r} = 10*r: each is r in Excel
    (the issue: 62 s).  One calculation reads column A's 100 cells once,
    not 100 x 1,048,576."""
    book = Workbook()
    book.add_sheet("s")
    for r in range(1, 101):
        book.put("s", r, 1, 10.0 * r)
        book.put_formula("s", r, 2, f"=MATCH(A{r},A:A,0)")
    cells = _count_cells(book)
    book.calculate()
    assert [book.value(f"s!B{r}") for r in range(1, 101)] == [float(r) for r in range(1, 101)]
    assert cells[0] <= 2 * 100


def test_match_over_a_whole_column_is_na_when_not_found():
    """``=MATCH(999,A:A,0)`` with A = 10, 20, 30: #N/A in Excel; and
    ``=MATCH("",A:A,0)`` is #N/A too (an empty cell matches nothing)."""
    book = _book({"A": [10.0, 20.0, 30.0]})
    book.set("s!B1", "=MATCH(999,A:A,0)")
    book.set("s!B2", '=MATCH("",A:A,0)')
    assert is_error(book.value("s!B1"), "#N/A")
    assert is_error(book.value("s!B2"), "#N/A")


def test_approximate_match_over_a_whole_column():
    """A = 1, 2, 3: ``=MATCH(2.5,A:A)`` is 2 and ``=MATCH(5,A:A)`` is 3 in
    Excel (the binary search over all 1,048,576 rows steps over the empty
    ones), ``=MATCH(0.5,A:A)`` #N/A."""
    book = _book({"A": [1.0, 2.0, 3.0]})
    book.set("s!B1", "=MATCH(2.5,A:A)")
    book.set("s!B2", "=MATCH(5,A:A)")
    book.set("s!B3", "=MATCH(0.5,A:A)")
    assert book.value("s!B1") == 2.0 and book.value("s!B2") == 3.0
    assert is_error(book.value("s!B3"), "#N/A")


def test_match_finds_the_first_row_past_the_used_range_in_an_array():
    """``{=MATCH(0,A:A*1,0)}`` with A = 1, 2, 3 is 4 in Excel: row 4, the
    first empty one, is 0 in the array."""
    book = _book({"A": [1.0, 2.0, 3.0]})
    book.set_array_formula("s!B1", "=MATCH(0,A:A*1,0)")
    assert book.value("s!B1") == 4.0


def test_index_of_a_whole_column_and_of_an_array_over_it():
    """``=INDEX(A:A,2)`` is A2 = 7 and ``{=INDEX(A:A*2,2)}`` 14 in Excel;
    ``=SUM(INDEX(A:A,0))`` the whole column's sum, 12."""
    book = _book({"A": [5.0, 7.0]})
    book.set("s!B1", "=INDEX(A:A,2)")
    book.set_array_formula("s!B2", "=INDEX(A:A*2,2)")
    book.set("s!B3", "=SUM(INDEX(A:A,0))")
    assert book.value("s!B1") == 7.0 and book.value("s!B2") == 14.0 and book.value("s!B3") == 12.0


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.floats(-5, 5).map(round).map(float), st.just(EMPTY), st.sampled_from(["a", "b"])),
                max_size=12),
       st.integers(0, 30), st.sampled_from([1.0, 2.0, -1.0, 0.0, "a", "b"]),
       st.sampled_from([EMPTY, 0.0, 9.0, "z"]), st.booleans())
def test_match_over_a_used_part_and_a_repeated_rest_is_the_match_over_all(items, extra, value, tail, descending):
    """MATCH's exact and approximate searches over ``items`` followed by
    ``tail`` repeated to the full length give what the searches over the
    whole list give (Excel's binary search on unsorted data included)."""
    full = items + [tail] * extra
    assert _binary_search(value, full, descending) == \
        _binary_search(value, items, descending, tail, len(full))
    assert _exact(value, full) == _exact(value, items, tail, len(full))


# -- a whole column read by every row ------------------------------------------------------

def test_dividing_by_the_sum_of_a_whole_column_sums_it_once():
    """A1:A4000 = 1..4000, B{r} = ``=A{r}/SUM(A:A)``: Excel gives r/8002000
    (the issue: 19 s, growing quadratically).  The sum is computed once
    per calculation: the cells read are column A's 4000 (and the B cells
    are not read at all), not 4000 x 4000."""
    n = 4000
    book = Workbook()
    book.add_sheet("s")
    book.put_column("s", 1, 1, [float(r) for r in range(1, n + 1)])
    for r in range(1, n + 1):
        book.put_formula("s", r, 2, f"=A{r}/SUM(A:A)")
    cells = _count_cells(book)
    book.calculate()
    assert book.value("s!B1") == 1 / 8_002_000 and book.value(f"s!B{n}") == n / 8_002_000
    assert cells[0] <= n
    # a write into column A: every B cell again, with one more sum
    cells[0] = 0
    evaluations = _count_evaluations(book)
    book.set("s!A1", 4001.0)
    assert book.value("s!B1") == 4001 / 8_006_000
    assert cells[0] <= n and len(evaluations) == n


def test_readers_of_a_whole_column_are_one_rectangle_in_the_graph():
    """Four thousand formulas reading A:A are one wide rectangle with four
    thousand readers: a write to A5 finds them with one test, and ordering
    the recalculation scans column A once, not once per reader."""
    n = 4000
    book = Workbook()
    book.add_sheet("s")
    book.put_column("s", 1, 1, [float(r) for r in range(1, n + 1)])
    for r in range(1, n + 1):
        book.put_formula("s", r, 2, f"=A{r}/SUM(A:A)")
    book.calculate()
    wide = book.graph._wide_readers["s"]
    assert len(wide) == 1 and len(next(iter(wide.values()))) == n
    scans = []
    original = book._nodes_in
    book._nodes_in = lambda area: (scans.append(area), original(area))[1]
    book.set("s!A5", 7.0)
    assert sum(1 for a in scans if a.height == ROWS) == 1


def test_formulas_of_whole_columns_entered_one_by_one_compute_only_themselves():
    """Entering ``=A{r}/SUM(A:A)`` cell by cell (automatic calculation)
    computes the new cell alone: no formula of a range can join a compiled
    block, so the blocks are not looked for again (which made every
    formula stale at every entry)."""
    book = Workbook()
    book.add_sheet("s")
    for r in range(1, 51):
        book.set(f"s!A{r}", float(r))
    book.set("s!B1", "=A1/SUM(A:A)")
    evaluations = _count_evaluations(book)
    for r in range(2, 51):
        book.set(f"s!B{r}", f"=A{r}/SUM(A:A)")
    assert len(evaluations) == 49
    assert book.value("s!B50") == 50 / 1275


def test_a_formula_entered_next_to_a_block_is_linked_to_it():
    """A compiled block (C2:C40 ``=A2*2+D2``) and formulas entered beside it,
    one reading the block and one read by it: the block's values reach the
    first, the second's reach the block, without the blocks being found
    again; a ring through the block is a circular reference, as in Excel."""
    book = Workbook()
    book.add_sheet("s")
    for r in range(2, 41):
        book.put("s", r, 1, float(r))
        book.put_formula("s", r, 3, f"=A{r}*2+D{r}")
    book.put("s", 1, 6, 3.0)
    book.calculate()
    (block,) = book._blocks
    rebuilds = []
    original = book._rebuild_graph
    book._rebuild_graph = lambda: (rebuilds.append(1), original())
    total = 2 * sum(range(2, 41))
    book.set("s!E1", "=SUM(C:C)")
    assert book.value("s!E1") == total
    book.set("s!D5", "=SUM(F1)")  # read by the block's row 5
    assert book.value("s!C5") == 13.0 and book.value("s!E1") == total + 3
    book.set("s!F1", 4.0)
    assert book.value("s!C5") == 14.0 and book.value("s!E1") == total + 4
    assert not rebuilds and book._blocks == [block]
    book.set("s!D6", "=SUM(E1)")  # E1 -> C6 -> D6 -> E1
    assert is_error(book.value("s!E1"), "#CIRC!") and book.cycles
    book.set("s!D6", 1.0)
    assert book.value("s!E1") == total + 4 + 1 and not book.cycles


# -- aggregates keep Excel's counts --------------------------------------------------------

@pytest.mark.parametrize("formula, excel", [
    ("=COUNTA(A:A)", 4.0),  # 1, "x", "" (a formula's empty text counts), TRUE
    ("=COUNT(A:A)", 1.0),
    ("=SUM(A:A)", 1.0),
    ("=AVERAGE(A:A)", 1.0),
    ("=MIN(A:A)+MAX(A:A)", 2.0),
    ("=COUNTA(1:1)", 1.0),
    ("=COUNTA(s!A:XFD)", 4.0),
])
def test_aggregates_of_whole_columns_rows_and_sheets_count_as_excel(formula, excel):
    """s!A1 = 1, A2 = "x", A3 = ``=""``, A4 = TRUE; the formula on sheet t:
    Excel's values."""
    book = _book({"A": [1.0, "x", '=""', True]})
    book.add_sheet("t")
    book.set("t!C1", formula.replace("(", "(s!").replace("(s!s!", "(s!"))
    assert book.value("t!C1") == excel


@pytest.mark.parametrize("formula, excel", [
    ("=COUNT(A:A*1)", float(ROWS)),  # every row is a number, an empty one 0
    ("=SUM((A:A>1)*1)", 2.0),
    ("=SUM(A:A*2)", 12.0),
    ("=ROWS(A:A*1)", float(ROWS)),
    ("=AND(A:A>0)", False),  # the empty rows are not > 0
    ("=OR(A:A>2)", True),
    ("=SUM(1/A:A)", "#DIV/0!"),  # 1 divided by an empty row
    ("=SUM(IF(A:A>1,A:A,0))", 5.0),
    ("=SUM(IF(A:A>1,B:B*10,0))", 50.0),
])
def test_array_formulas_over_whole_columns_count_every_row(formula, excel):
    """A = 1, 2, 3 and B2:B3 = 2, 3 in array (Ctrl+Shift+Enter) formulas:
    Excel's values; the rows past the used range are computed once."""
    book = _book({"A": [1.0, 2.0, 3.0], "B": [EMPTY, 2.0, 3.0]})
    cells = _count_cells(book)
    book.set_array_formula("s!D1", formula)
    value = book.value("s!D1")
    assert is_error(value, excel) if isinstance(excel, str) else value == excel
    assert cells[0] <= 4 * 3 * 3


_SPARSE_FORMULAS = [
    "=SUMPRODUCT(A1:A3000*B1:B3000)", "=SUMPRODUCT((A1:A3000>0)*1)", "=SUM(1/A1:B3000)",
    "=COUNT(A1:B3000*1)", "=COUNTA(A1:A3000&\"\")", "=MATCH(0,A1:A3000*1,0)", "=MATCH(2,A1:A3000)",
    "=SUM(IF(A1:A3000>1,A1:A3000,B1:B3000))", "=INDEX(A1:B3000*2,3,2)", "=AND(A1:A3000<>\"q\")",
    "=MAX(A1:A3000-B1:B3000)", "=SUM(SQRT(A1:A3000))", "=SUMPRODUCT(A1:B3000,A1:B3000)",
    "=SUM(A1:A3000*{1,2})", "=COUNT(A1:A3000+{1;2;3})", "=MEDIAN(A1:A3000*1)",
]


@pytest.mark.parametrize("formula", _SPARSE_FORMULAS)
def test_sparse_arrays_give_what_plain_arrays_give(formula, monkeypatch):
    """The same array formula over a range reaching past the used range,
    with the empty rest kept as one value and with every cell held: the
    same value (A1:B4 holds numbers, text, an error-free mix)."""
    def value(min_tail):
        monkeypatch.setattr(sparse, "SPARSE_MIN_TAIL", min_tail)
        book = _book({"A": [1.0, 2.0, "x", 4.0], "B": [3.0, EMPTY, 5.0, -1.0]})
        book.set_array_formula("s!D1", formula)
        return book.value("s!D1")
    plain, kept = value(10 ** 12), value(1)
    assert type(plain) is type(kept) and (plain == kept or repr(plain) == repr(kept))


# -- the Python API over huge ranges ----------------------------------------------------

def test_value_of_a_whole_sheet_is_refused_naming_its_size():
    """``wb.value("s!A1:XFD1048576")`` (the issue: still running after
    120 s) is refused: 17,179,869,184 cells, with the sheet's used range to
    read instead; ``used_range`` gives it."""
    book = Workbook()
    book.add_sheet("s")
    book.set("s!B2", 1)
    with pytest.raises(ValueError, match=r"17,179,869,184 cells.*used range of s is s!A1:B2"):
        book.value("s!A1:XFD1048576")
    assert book.used_range("s") == "s!A1:B2"
    assert book.value(book.used_range("s")) == [[None, None], [None, 1.0]]


def test_value_of_a_whole_column_is_built_from_the_cells_that_exist():
    """``wb.value("s!A:A")``: 1,048,576 rows, None but where cells are;
    no cell is computed or read one by one."""
    book = Workbook()
    book.add_sheet("s")
    book.set("s!A3", 5)
    stored = []
    original = book.stored
    book.stored = lambda *k: (stored.append(k), original(*k))[1]
    rows = book.value("s!A:A")
    assert len(rows) == ROWS and rows[2] == [5.0] and rows[0] == [None] and rows[-1] == [None]
    assert len(stored) == 1


def test_array_formula_over_more_cells_than_the_limit_is_refused():
    """``set_array_formula`` over A1:XFD1048576 is refused with one line
    naming the range and its size (the reader's --max-cells limit,
    20,000,000 cells); so is ``set`` of a value over it."""
    book = Workbook()
    book.add_sheet("t")
    with pytest.raises(FormulaError, match=r"^t!A1:XFD1048576: an array formula over 17,179,869,184 cells"):
        book.set_array_formula("t!A1:XFD1048576", "=1")
    with pytest.raises(FormulaError, match=r"17,179,869,184 cells"):
        book.set("t!A1:XFD1048576", 0)
    assert MAX_CELLS == 20_000_000 and not book.sheet("t").cells


def test_array_formula_over_a_long_column_reads_the_used_rows_of_its_input():
    """``{=s!A:A*2}`` entered over t!B1:B5000: t!B5 is 10 (s!A5 = 5) and
    t!B5000 0, as in Excel; column A is read over its used rows once."""
    book = Workbook()
    book.add_sheet("s")
    book.add_sheet("t")
    for r in range(1, 11):
        book.set(f"s!A{r}", float(r))
    cells = _count_cells(book)
    book.set_array_formula("t!B1:B5000", "=s!A:A*2")
    assert book.value("t!B5") == 10.0 and book.value("t!B5000") == 0.0
    assert cells[0] <= 10
