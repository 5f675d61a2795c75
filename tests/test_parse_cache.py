"""The shared parsed form of a formula is shared only between cells it fits
(issue 13, part 1).

A formula's AST keeps its references relative to the host cell, so the
cells of a filled-down column share one AST, as in Excel they share one R1C1
text.  The parse cache (:func:`sheetgd.engine.sharing.relative_form`) and the
readers' fill-down recognition (:class:`sheetgd.engine.sharing.FillDown`,
:mod:`sheetgd.io.sheet_scan`) must therefore key a formula by everything
whose meaning depends on the host: cells (``A1``), whole columns (``A:C``),
whole rows (``1:3``), with ``$`` flags and sheet prefixes.  Typed into any
cell, ``=SUM(A:A)`` sums column A and ``=SUM(1:1)`` row 1 (Excel: "Create or
change a cell reference", support.microsoft.com); only filling or copying a
formula moves its relative references, whole rows and columns included
("Switch between relative, absolute, and mixed references").

Expected values are Excel's, from the cells' contents; the property tests
hold every cached parse to a parse with no cache at all.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sheetgd import Workbook
from sheetgd.engine import parser
from sheetgd.engine.errors import FormulaError
from sheetgd.engine.nodes import render
from sheetgd.engine.parser import FillDown, parse
from sheetgd.engine.refs import MAX_COL, MAX_ROW, col_to_letters
from sheetgd.io import xlsx_stream
from sheetgd.io.xlsx_read import read_workbook
from sheetgd.io.xlsx_write import write_xlsx

from .conftest import is_error
from .test_xlsx_stream import _package


def fresh(text: str, row: int, col: int):
    """The AST of ``text`` at (row, col) from a parse that uses no cache."""
    return parser._parse_cached.__wrapped__(text if text.startswith("=") else "=" + text, row, col)


def _grid_book() -> Workbook:
    """Sheet ``s`` with A1:C3 = 1..9 row by row (A1=1, B1=2, C1=3, A2=4, ...)."""
    wb = Workbook()
    wb.add_sheet("s")
    for i in range(9):
        wb.set(f"s!{'ABC'[i % 3]}{i // 3 + 1}", i + 1)
    return wb


# -- the issue's cases, through the public API ------------------------------------
def test_whole_column_typed_in_two_cells_sums_column_a_in_both():
    """A1:A3 = 5, 7, 9; ``=SUM(A:A)`` typed in C1 and in D1 is 21 in both
    (it was 0 in D1, which summed column B and showed ``=SUM(B:B)``)."""
    wb = Workbook()
    wb.add_sheet("s")
    for row, v in enumerate((5, 7, 9), 1):
        wb.set(f"s!A{row}", v)
    wb.set("s!C1", "=SUM(A:A)")
    wb.set("s!D1", "=SUM(A:A)")
    assert wb.value("s!C1") == 21
    assert wb.value("s!D1") == 21
    assert wb.formula("s!D1") == "=SUM(A:A)"


def test_whole_row_typed_in_two_cells_sums_row_1_in_both():
    """A1:C1 = 5, 7, 9 and A2 = 100; ``=SUM(1:1)`` typed in G5 and in G6 is 21
    in both (G6 summed row 2)."""
    wb = Workbook()
    wb.add_sheet("s")
    wb.set("s!A1:C1", [[5, 7, 9]])
    wb.set("s!A2", 100)
    wb.set("s!G5", "=SUM(1:1)")
    wb.set("s!G6", "=SUM(1:1)")
    assert (wb.value("s!G5"), wb.value("s!G6")) == (21, 21)
    assert wb.formula("s!G6") == "=SUM(1:1)"


def test_whole_row_filled_down_moves_with_the_row():
    """Filling ``=SUM(1:1)`` down from G5 gives ``=SUM(2:2)`` in G6 (whole
    rows are relative references): that cell sums row 2, and is recognised
    as G5's formula filled down."""
    wb = Workbook()
    wb.add_sheet("s")
    wb.set("s!A1:C1", [[5, 7, 9]])
    wb.set("s!A2", 100)
    wb.set("s!G5", "=SUM(1:1)")
    wb.set("s!G6", "=SUM(2:2)")
    assert (wb.value("s!G5"), wb.value("s!G6")) == (21, 100)
    fill = FillDown()
    assert fill.node("=SUM(1:1)", 5, 7) is fill.node("=SUM(2:2)", 6, 7)


@pytest.mark.parametrize("data", ["data", "my data", "it's"])
def test_sheet_qualified_whole_columns_typed_in_two_cells(data):
    """data!B1:B2 = 2, 3 and data!D1 = 1000; ``=SUM(data!B:B)`` typed in t!A1
    and t!C1 is 5 in both (C1 read data!D:D), with plain and quoted sheet
    names."""
    from sheetgd.engine.refs import quote_sheet

    wb = Workbook()
    wb.add_sheet(data)
    wb.add_sheet("t")
    q = quote_sheet(data)
    wb.set(f"{q}!B1:B2", [[2], [3]])
    wb.set(f"{q}!D1", 1000)
    wb.set("t!A1", f"=SUM({q}!B:B)")
    wb.set("t!C1", f"=SUM({q}!B:B)")
    assert (wb.value("t!A1"), wb.value("t!C1")) == (5, 5)
    assert wb.formula("t!C1") == f"=SUM({q}!B:B)"


@pytest.mark.parametrize("formula, want", [
    ("=SUM(A:A)", 12), ("=SUM($A:B)", 27), ("=SUM(A:$B)", 27), ("=SUM(B:C)", 33),
    ("=SUM($A:$A)", 12), ("=SUM(1:1)", 6), ("=SUM($1:2)", 21), ("=SUM(2:$3)", 39),
    ("=SUM(s!2:3)", 39), ("=SUM(A1:B2)+SUM(C:C)", 30), ("=SUM(1:1,A:A)", 18),
])
def test_whole_rows_and_columns_typed_in_several_cells(formula, want):
    """A1:C3 = 1..9: each formula typed in E5, F7 and H9 -- and in another
    workbook's E6 -- has the value of the rows and columns it names."""
    wb, other = _grid_book(), _grid_book()
    for addr in ("s!E5", "s!F7", "s!H9"):
        wb.set(addr, formula)
    other.set("s!E6", formula)
    for book, addr in ((wb, "s!E5"), (wb, "s!F7"), (wb, "s!H9"), (other, "s!E6")):
        assert book.value(addr) == want, addr
        assert book.formula(addr) == formula, addr


def test_a_formula_in_another_workbook_does_not_lend_its_offsets():
    """``=SUM(A:A)`` in one workbook's ZZ1, then in another's F1: F1 sums
    column A (21), not a column 701 to its left (#REF!)."""
    first = Workbook()
    first.add_sheet("s")
    first.set("s!ZZ1", "=SUM(A:A)")
    second = Workbook()
    second.add_sheet("s")
    second.set("s!A1:A3", [[5], [7], [9]])
    second.set("s!F1", "=SUM(A:A)")
    assert second.value("s!F1") == 21
    assert second.formula("s!F1") == "=SUM(A:A)"


def test_fill_down_does_not_match_a_row_off_the_grid():
    """``=A5`` in B9 is A five rows up; ``=A-1`` in B3 is the name A minus
    1 and ``=A0`` in B4 the name A0 (row 0 is not a row), whatever came
    before in the column."""
    fill = FillDown()
    fill.node("=A5", 9, 2)
    assert fill.node("=A-1", 3, 2) == fresh("=A-1", 3, 2)
    fill.node("=A8", 9, 2)
    assert fill.node("=A0", 1, 2) == fresh("=A0", 1, 2)
    fill.node("=A1048575", MAX_ROW - 1, 2)
    assert fill.node("=A1048576", MAX_ROW, 2) == fresh("=A1048576", MAX_ROW, 2)
    fill.node("=A1048576", MAX_ROW - 1, 2)
    assert fill.node("=A1048577", MAX_ROW, 2) == fresh("=A1048577", MAX_ROW, 2)


# -- through the readers ----------------------------------------------------------
@pytest.fixture
def general_reads(monkeypatch):
    """The sheets the general reader had to read (the fast path gave back)."""
    seen = []
    original = xlsx_stream._read_general

    def counted(book, zf, part, cells):
        seen.append(part.name)
        return original(book, zf, part, cells)

    monkeypatch.setattr(xlsx_stream, "_read_general", counted)
    return seen


def _issue_book() -> Workbook:
    wb = Workbook()
    wb.add_sheet("s")
    wb.add_sheet("my data")
    wb.add_sheet("t")
    wb.set("s!A1:C1", [[5, 7, 9]])
    wb.set("s!A2:A3", [[100], [200]])
    for addr in ("s!E10", "s!F10"):
        wb.set(addr, "=SUM(A:A)")
    for row in range(5, 9):  # the same text down a column
        wb.set(f"s!G{row}", "=SUM(1:1)")
    wb.set("s!H5:H7", [["=SUM(1:1)"], ["=SUM(2:2)"], ["=SUM(3:3)"]])  # filled down
    wb.set("'my data'!B1:B2", [[2], [3]])
    wb.set("'my data'!D1", 1000)
    wb.set("t!A1", "=SUM('my data'!B:B)")
    wb.set("t!C1", "=SUM('my data'!B:B)")
    return wb


_ISSUE_VALUES = {"s!E10": 305, "s!F10": 305, "s!G5": 21, "s!G6": 21, "s!G7": 21, "s!G8": 21,
                 "s!H5": 21, "s!H6": 100, "s!H7": 200, "t!A1": 5, "t!C1": 5}
_ISSUE_FORMULAS = {"s!F10": "=SUM(A:A)", "s!G8": "=SUM(1:1)", "s!H7": "=SUM(3:3)",
                   "t!C1": "=SUM('my data'!B:B)"}


@pytest.mark.parametrize("fast", [True, False], ids=["fast reader", "general reader"])
def test_the_issue_cases_read_back_from_a_file(tmp_path, general_reads, fast):
    """The cases above written to an xlsx and read back, by each reader,
    recalculated: Excel's values and formulas."""
    path = write_xlsx(_issue_book(), tmp_path / "issue.xlsx")
    book = read_workbook(path, fast=fast)
    assert general_reads == ([] if fast else ["s", "my data", "t"])
    assert {a: book.value(a) for a in _ISSUE_VALUES} == _ISSUE_VALUES
    assert {a: book.formula(a) for a in _ISSUE_FORMULAS} == _ISSUE_FORMULAS


@pytest.mark.parametrize("fast", [True, False], ids=["fast reader", "general reader"])
def test_a_file_read_earlier_does_not_lend_its_offsets(tmp_path, fast):
    """A file with ``=SUM(A:A)`` in ZZ1 read, then another with it in F1:
    F1 is 21, not #REF!."""
    first = Workbook()
    first.add_sheet("s")
    first.set("s!ZZ1", "=SUM(A:A)")
    second = Workbook()
    second.add_sheet("s")
    second.set("s!A1:A3", [[5], [7], [9]])
    second.set("s!F1", "=SUM(A:A)")
    read_workbook(write_xlsx(first, tmp_path / "first.xlsx"), fast=fast)
    book = read_workbook(write_xlsx(second, tmp_path / "second.xlsx"), fast=fast)
    assert book.value("s!F1") == 21
    assert book.formula("s!F1") == "=SUM(A:A)"


@pytest.mark.parametrize("fast", [True, False], ids=["fast reader", "general reader"])
def test_a_filled_down_reference_past_the_last_row_is_a_name(tmp_path, fast):
    """``=A1048576`` in B1048575, then ``=A1048577`` in B1048576: the second
    is not a cell (Excel has 1,048,576 rows) but an undefined name: #NAME?."""
    path = _package(tmp_path / "edge.xlsx",
                    '<row r="1048575"><c r="B1048575"><f>A1048576</f><v>0</v></c></row>'
                    '<row r="1048576"><c r="A1048576"><v>4</v></c>'
                    '<c r="B1048576"><f>A1048577</f><v>0</v></c></row>')
    book = read_workbook(path, fast=fast)
    assert book.value("s!B1048575") == 4
    assert is_error(book.value("s!B1048576"), "#NAME?")
    assert book.formula("s!B1048576") == "=A1048577"


def test_both_readers_give_every_cell_its_fresh_parse(tmp_path, general_reads):
    """Columns of formulas whose texts repeat, fill down, or stop filling
    down: each cell read (by either reader) holds the AST a fresh parse of
    its text gives at that cell."""
    wb = Workbook()
    wb.add_sheet("s")
    wb.calculation = "manual"
    columns = ["=SUM(1:1)", "=SUM({r}:{r})", "=SUM($1:{r})", "=A:A", "=SUM(A:A,{r}:{r})",
               "=ROW(s!{r}:{r})+COLUMN(B:$C)", "=A{r}+SUM($A:B)", '="1:1"&A{r}']
    texts = {}
    for c, pattern in enumerate(columns, 5):
        for r in range(2, 40):
            text = pattern.format(r=r if r % 7 else r - 1)  # every 7th row is not the fill-down
            wb.set(f"s!{col_to_letters(c)}{r}", text)
            texts[(r, c)] = text
    path = write_xlsx(wb, tmp_path / "columns.xlsx")
    for fast in (True, False):
        book = read_workbook(path, calculate=False, fast=fast)
        cells = book.sheet("s").cells
        for (r, c), text in texts.items():
            assert cells[(r, c)].node == fresh(text, r, c), (fast, r, c, text)
            assert book.formula(f"s!{col_to_letters(c)}{r}") == text
    assert general_reads == ["s"]  # only the general reader's own read


# -- properties -------------------------------------------------------------------
_dollar = st.sampled_from(["", "$"])
_letters = st.sampled_from(["A", "B", "c", "Z", "AA", "xfd"]) | st.integers(1, MAX_COL).map(col_to_letters)
_row = st.sampled_from([1, 2, 3, 9, 10, MAX_ROW]) | st.integers(1, MAX_ROW)
_cell = st.builds("{}{}{}{}".format, _dollar, _letters, _dollar, _row)
_columns = st.builds("{}{}:{}{}".format, _dollar, _letters, _dollar, _letters)
_rows = st.builds("{}{}:{}{}".format, _dollar, _row, _dollar, _row)
_sheet = st.sampled_from(["", "", "s!", "data!", "'my data'!", "'it''s'!", "A1!"])
_ref = st.builds("{}{}".format, _sheet,
                 _cell | st.builds("{}:{}".format, _cell, _cell) | _columns | _rows)
_leaf = _ref | st.sampled_from([
    "1", "2.5", "1E5", "rate", "tax2019", "x.A1", "éA1", "_A1", "A1?", "A1048577", "XFE1",
    '"A1"', '"1:1"', "\"it's A:A\"", "ROW()", "COLUMN()", "TRUE"])


def _grow(inner):
    return st.one_of(
        st.builds("{}{}{}".format, inner, st.sampled_from(["+", "-", "*", "/", "&", "="]), inner),
        st.builds("SUM({})".format, inner),
        st.builds("SUM({},{})".format, inner, inner),
        st.builds("ROW({})".format, inner),
        st.builds("COLUMN({})".format, inner),
        st.builds("INDEX({},{},{})".format, inner, inner, inner),
        st.builds("OFFSET({},{},{})".format, inner, inner, inner),
        st.builds("({})".format, inner),
        st.builds("-{}".format, inner),
        st.builds("{}:{}".format, inner, inner),
    )


_formula = st.recursive(_leaf, _grow, max_leaves=6).map(lambda body: "=" + body)
_host = st.tuples(st.integers(1, 40) | st.sampled_from([MAX_ROW - 1, MAX_ROW]),
                  st.integers(1, 40) | st.sampled_from([702, MAX_COL]))


def _check_at(text: str, row: int, col: int, got=None):
    """``got`` (by default parse's AST) is the fresh parse's, node and text;
    a text that does not parse fails in both."""
    try:
        want = fresh(text, row, col)
    except FormulaError:
        with pytest.raises(FormulaError):
            parse(text, row, col)
        return None
    got = parse(text, row, col) if got is None else got
    assert got == want
    assert render(got, row, col) == render(want, row, col)
    return want


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_formula, _host, _host)
def test_any_formula_in_any_two_cells_parses_as_a_fresh_parse(text, first, second):
    """The same text in two cells, then at the second cell the text Excel
    would give it by copying the first (the same relative form): each time
    the AST and its text are those of a parse with no cache."""
    node = _check_at(text, *first)
    _check_at(text, *second)
    if node is not None:
        copied = "=" + render(node, *second)
        if "#REF!" not in copied:  # moved off the grid
            _check_at(copied, *second)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_formula, _host, _host)
def test_any_formula_in_two_workbooks_parses_as_a_fresh_parse(text, first, second):
    """The same formula typed in a cell of one Workbook and in a cell of
    another (one process, one parse cache): each cell holds the fresh
    parse's AST and shows its text."""
    for (row, col) in (first, second):
        wb = Workbook(dynamic_arrays=False)
        wb.add_sheet("s")
        wb.calculation = "manual"
        # what is checked is the parse, not the value: manual entry computes
        # the cell at once, and a random host cell far down and right with a
        # reference back to A1 makes the used range nearly the whole grid
        # (minutes for one example; the suite's slowest test), so the
        # computation is left out here (tests/test_used_range.py and
        # tests/test_hostile_sizes.py cover the computing)
        wb._evaluate_now = lambda *keys: None
        addr = f"s!{col_to_letters(col)}{row}"
        try:
            want = fresh(text, row, col)
        except FormulaError:
            with pytest.raises(FormulaError):
                wb.set(addr, text)
            continue
        wb.set(addr, text)
        assert wb.sheet("s").cells[(row, col)].node == want
        assert wb.formula(addr) == "=" + render(want, row, col)


_fill_piece = st.sampled_from([
    "A{r}", "$B{r}", "C$3", "{r}:{r}", "${r}:{r}", "{r}:$9", "A:A", "$B:C", "data!{r}:{r}",
    "'my data'!B{r}", "'my data'!{r}:{r2}", '"A{r}"', '"{r}:{r}"', "SUM(G{r}:G{r2})",
    "ROW()", "tax2019", "x{r}", "1E5", "A{r}?"])
_shift = st.sampled_from([0, 0, 0, 0, 1, -1, "zero", "minus", "past"])
_SPECIAL_ROWS = {"zero": 0, "minus": -1, "past": MAX_ROW + 1}


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_fill_piece, min_size=1, max_size=4), st.sampled_from(["+", "&", ","]),
       st.integers(1, MAX_ROW), st.lists(st.tuples(st.integers(-3, 3), _shift), max_size=10),
       st.integers(1, MAX_COL))
def test_fill_down_gives_the_fresh_parse_for_any_column_of_texts(pieces, op, start, steps, col):
    """A column of texts made from one pattern -- the pattern filled in for
    each row (a filled-down formula), or for another row, 0, -1 or one past
    the grid -- with rows that go down, stay or go back: FillDown's node is
    the fresh parse's at every row."""
    body = op.join(pieces)
    template = "=" + (f"SUM({body})" if op == "," else body)
    fill, row = FillDown(), start
    for move, shift in [(0, 0)] + steps:
        row = min(MAX_ROW, max(1, row + move))
        r = _SPECIAL_ROWS[shift] if isinstance(shift, str) else row + shift
        text = template.format(r=r, r2=r + 3)
        try:
            want = fresh(text, row, col)
        except FormulaError:
            with pytest.raises(FormulaError):
                fill.node(text, row, col)
            continue
        assert fill.node(text, row, col) == want, (text, row, col)
