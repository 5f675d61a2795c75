"""Lookup and reference functions beyond the table (tests/function_cases/lookup.py):
the issue's case in its own layout, and the behaviours a table row cannot show."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sheetgd.engine.errors import XLError
from sheetgd.engine.functions.lookup import Searched, matcher
from sheetgd.engine.values import EMPTY, Array

from .conftest import calc, is_error, make_book


def test_vlookup_exact_match_of_issue_16():
    """Issue 16: ``=VLOOKUP(2,A1:B2,2,FALSE)`` over 1, x / 2, y is "y" (Excel)."""
    assert calc("=VLOOKUP(2,A1:B2,2,FALSE)", {"A1": 1, "B1": "x", "A2": 2, "B2": "y"}) == "y"


def test_approximate_lookups_on_unsorted_data_follow_excels_binary_search():
    """As MATCH(1,{1,0}) is 1 and MATCH(1,{0,1}) is 2: the search meets the
    middle entry first."""
    assert calc('=VLOOKUP(1,{1,"a";0,"b"},2)') == "a"
    assert calc('=VLOOKUP(1,{0,"a";1,"b"},2)') == "b"
    assert calc("=LOOKUP(2,{1,2,2,2,3},{10,20,30,40,50})") == 40.0  # the last of equal neighbours
    assert is_error(calc("=HLOOKUP(0.5,{1,0;\"a\",\"b\"},2)"), "#N/A")


def test_lookups_over_whole_columns_read_the_used_rows():
    cells = {"A1": 1, "A2": 3, "A3": 5, "B1": "one", "B2": "three", "B3": "five"}
    assert calc("=VLOOKUP(4,A:B,2)", cells) == "three"
    assert calc("=VLOOKUP(9,A:B,2)", cells) == "five"
    assert calc("=XLOOKUP(5,A:A,B:B)", cells) == "five"
    assert calc("=XMATCH(9,A:A,-1)", cells) == 3.0
    assert calc("=XMATCH(4,A:A,1,2)", cells) == 3.0
    assert calc("=SUM(TAKE(A:A,-1048575))", cells) == 8.0
    assert calc("=ROWS(DROP(A:A,1048575))", cells) == 1.0


def test_xlookup_returns_a_reference():
    cells = {"A1": "a", "A2": "b", "B1": 1, "B2": 2, "C1": 10, "C2": 20}
    assert calc('=SUM(B1:XLOOKUP("b",A1:A2,C1:C2))', cells) == 33.0
    assert calc('=ROW(XLOOKUP("b",A1:A2,B1:B2))', cells) == 2.0


def test_xlookup_evaluates_if_not_found_only_without_a_match():
    cells = {"A1": 1, "B1": 2}
    assert calc("=XLOOKUP(1,A1,B1,1/0)", cells) == 2.0
    assert is_error(calc("=XLOOKUP(3,A1,B1,1/0)", cells), "#DIV/0!")


def test_xlookup_of_several_values_in_an_array_formula():
    book = make_book({"A1": 1, "A2": 2, "B1": "x", "B2": "y"})
    book.set_array_formula("s!D1:D3", "=XLOOKUP({2;1;3},A1:A2,B1:B2,\"-\")")
    assert [book.value(f"s!D{r}") for r in (1, 2, 3)] == ["y", "x", "-"]


def test_array_functions_fill_an_array_formula():
    book = make_book({"A1": 1, "B1": 2, "A2": 3, "B2": 4})
    book.set_array_formula("s!D1:E2", "=TRANSPOSE(A1:B2)")
    assert book.value("s!D1:E2") == [[1.0, 3.0], [2.0, 4.0]]
    book.set_array_formula("s!G1:G4", "=TOCOL(A1:B2)*10")
    assert book.value("s!G1:G4") == [[10.0], [20.0], [30.0], [40.0]]


def test_formulatext_and_isformula_follow_the_cell_they_read():
    book = make_book({"A1": "=1+2", "B1": "=FORMULATEXT(A1)", "C1": "=ISFORMULA(A1)"})
    assert book.value("s!B1") == "=1+2" and book.value("s!C1") is True
    book.set("s!A1", 5)
    assert is_error(book.value("s!B1"), "#N/A") and book.value("s!C1") is False
    book.set("s!A1", "=SUM(D1:D3)")
    assert book.value("s!B1") == "=SUM(D1:D3)"


def test_sheet_and_areas_use_only_the_position_of_their_own_cell():
    book = make_book({"A1": "=SHEET(A1)+AREAS(A1)+SHEETS(A1)"})
    assert book.value("s!A1") == 3.0 and not book.cycles


def test_sort_and_filter_carry_excels_two_prefixes_in_files():
    from sheetgd.engine.functions import FILE_PREFIXES

    assert FILE_PREFIXES["SORT"] == FILE_PREFIXES["FILTER"] == "_xlfn._xlws."
    assert FILE_PREFIXES["UNIQUE"] == FILE_PREFIXES["XLOOKUP"] == "_xlfn."
    assert calc("=SUM(_xlfn._xlws.FILTER({1;2;3},{1;0;1}))") == 4.0


def test_sort_keeps_blanks_last_and_equal_rows_in_order():
    cells = {"A1": 2, "A3": 1, "B1": "x", "B2": "y", "B3": "z"}
    book = make_book(cells)
    book.set_array_formula("s!D1:E3", "=SORT(A1:B3,1,-1)")
    assert book.value("s!E1:E3") == [["x"], ["z"], ["y"]]  # the blank A2 last
    book.set_array_formula("s!G1:G3", '=SORTBY(B1:B3,{1;0;1})')
    assert book.value("s!G1:G3") == [["y"], ["x"], ["z"]]  # stable


def test_references_to_a_sheet_the_workbook_lacks_are_ref_errors():
    for formula in ("=ISFORMULA(nosuch!A1)", "=FORMULATEXT(nosuch!A1)", "=SHEET(nosuch!A1)",
                    "=VLOOKUP(1,nosuch!A1:B2,2)", "=MATCH(1,nosuch!A1:A2,0)", "=LOOKUP(1,nosuch!A1:A2)",
                    "=XLOOKUP(1,nosuch!A1:A2,nosuch!B1:B2)", "=XMATCH(1,nosuch!A:A)"):
        assert is_error(calc(formula), "#REF!"), formula


_ENTRY = st.one_of(st.integers(-3, 3).map(float), st.sampled_from(["a", "A", "b", "B", "ß", "ss", "a*"]),
                   st.booleans(), st.just(EMPTY), st.just(XLError("#N/A")))


@settings(max_examples=200, deadline=None)
@given(st.lists(_ENTRY, min_size=1, max_size=150), _ENTRY.filter(lambda v: not isinstance(v, XLError)),
       st.booleans())
def test_the_index_of_exact_values_finds_what_the_search_one_by_one_finds(entries, value, wildcards):
    column = Array(tuple((v,) for v in entries))
    one_by_one = next((i for i, v in enumerate(entries) if matcher(value, wildcards)(v)), None)
    assert Searched(column).exact(value, wildcards) == one_by_one


def test_a_filled_down_column_of_exact_lookups_into_a_wide_range():
    n = 3000  # 9 million comparisons searched one by one; an index makes it a moment
    book = make_book()
    for r in range(1, n + 1):  # (as a file is read: stored first, computed once)
        book.put("s", r, 1, float(r))
        book.put("s", r, 2, f"v{r}")
        book.put_formula("s", r, 4, f"=VLOOKUP({n + 1 - r},$A$1:$B${n},2,FALSE)")
        book.put_formula("s", r, 5, f"=MATCH(\"V{r}\",$B:$B,0)")
    book.calculate_all()
    assert [book.value(f"s!D{r}") for r in (1, 2, n)] == [f"v{n}", f"v{n - 1}", "v1"]
    assert [book.value(f"s!E{r}") for r in (1, n)] == [1.0, float(n)]


def test_lookups_see_a_changed_table_in_the_next_recalculation():
    book = make_book({"A1": 1, "B1": "x", "A2": 2, "B2": "=\"y\"&C1", "C1": "!",
                      "D1": "=VLOOKUP(2,A:B,2,FALSE)", "D2": "=MATCH(3,A:A,0)", "D3": "=XLOOKUP(2,A:A,B:B)"})
    assert book.value("s!D1") == "y!" and is_error(book.value("s!D2"), "#N/A") and book.value("s!D3") == "y!"
    book.set("s!C1", "?")
    book.set("s!A1", 3)
    assert book.value("s!D1") == "y?" and book.value("s!D2") == 1.0 and book.value("s!D3") == "y?"


def test_tocol_of_whole_columns_skipping_blanks_reads_the_used_cells():
    cells = {"A1": 1, "A3": 3, "B2": "x"}
    assert calc("=ROWS(TOCOL(A:B,1))", cells) == 3.0
    assert calc("=INDEX(TOCOL(A:B,1,TRUE),3)", cells) == "x"
    assert calc("=ROWS(TOCOL(A:A))", cells) == 1048576.0


_NUMBERS = st.lists(st.integers(-20, 20).map(float), min_size=1, max_size=12, unique=True)


@settings(max_examples=150, deadline=None)
@given(_NUMBERS, st.integers(-25, 25).map(float), st.sampled_from([-1, 0, 1]))
def test_xmatch_on_sorted_data_agrees_with_match_and_with_its_own_binary_search(numbers, value, mode):
    """Three ways to one answer on sorted, distinct numbers: XMATCH's linear
    search, its binary search, and MATCH (whose -1 and 1 modes take the
    other order)."""
    up, down = sorted(numbers), sorted(numbers, reverse=True)
    array_up = "{" + ",".join(repr(x) for x in up) + "}"
    array_down = "{" + ",".join(repr(x) for x in down) + "}"

    def xmatch(array, search):
        got = calc(f"=XMATCH({value!r},{array},{mode},{search})")
        return None if is_error(got, "#N/A") else got

    linear = xmatch(array_up, 1)
    assert linear == xmatch(array_up, 2) == xmatch(array_up, -1)
    expected = next((i + 1.0 for i, x in enumerate(up) if x == value), None) if mode == 0 else \
        next((i + 1.0 for i in range(len(up) - 1, -1, -1) if up[i] <= value), None) if mode == -1 else \
        next((i + 1.0 for i, x in enumerate(up) if x >= value), None)
    assert linear == expected
    if mode == -1:
        assert linear == (None if expected is None else calc(f"=MATCH({value!r},{array_up},1)"))
    down_linear = xmatch(array_down, 1)
    assert down_linear == xmatch(array_down, -2)
    if mode == 1:
        assert down_linear == (None if down_linear is None else calc(f"=MATCH({value!r},{array_down},-1)"))


def test_indirect_in_r1c1_style_counts_from_the_formulas_cell():
    cells = {"B2": 5, "C3": 7}
    assert calc('=INDIRECT("R[-1]C[-1]",FALSE)', cells, at="C3") == 5.0
    assert calc('=SUM(INDIRECT("R2C2:R[-1]C",FALSE))', cells, at="C4") == 12.0
    assert calc('=ROWS(INDIRECT("R2:R[1]",FALSE))', cells, at="A5") == 5.0
    assert is_error(calc('=INDIRECT("R[-5]C",FALSE)', cells, at="C3"), "#REF!")


#: Excel 16.105.3's values (Microsoft 365 for Mac), measured for formualizer's
#: issue 317: approximate lookups step over blank cells and entries of another
#: type (a text header, text around numbers) in a range sized past its data.
_BLANKS_AND_HEADERS = {**{f"A{i}": float(i) for i in range(1, 6)},
                       **{f"B{i}": 10.0 * i for i in range(1, 6)},
                       "C1": "Header", **{f"C{i + 1}": float(i) for i in range(1, 6)},
                       "G1": 1.0, "G2": 2.0, "G4": 4.0, "G5": 5.0,
                       "I1": "apple", "I2": 1.0, "I3": 2.0, "I4": "zebra"}


@pytest.mark.parametrize("formula,excel", [
    ("=MATCH(3,A1:A10,1)", 3.0), ("=MATCH(3.5,A1:A10,1)", 3.0), ("=MATCH(6,A1:A10,1)", 5.0),
    ("=VLOOKUP(3,A1:B10,2,TRUE)", 30.0), ("=MATCH(4,G1:G5,1)", 4.0), ("=MATCH(3,G1:G5,1)", 2.0),
    ("=MATCH(3,C1:C6,1)", 4.0), ("=MATCH(2,I1:I4,1)", 3.0), ('=MATCH("m",I1:I4,1)', 1.0),
    ("=MATCH(0,A1:A10,0)", "#N/A"),  # a blank is no 0 to an exact match either
])
def test_approximate_lookups_step_over_blanks_and_other_types_as_excel_measured(formula, excel):
    got = calc(formula, _BLANKS_AND_HEADERS)
    assert is_error(got, excel) if isinstance(excel, str) else got == excel
