"""The math & trig family beyond the function table: the issue's cases in
their own layout, array results (MMULT, MINVERSE, SEQUENCE) in array
formulas and aggregates, criteria details, whole columns, recalculation.

Expected values are Excel's (its documentation's examples, or what follows
from its definitions), never sheetgd's own output.
"""

from __future__ import annotations

import pytest

from sheetgd.engine.functions import FILE_PREFIXES
from sheetgd.engine.functions.criteria import matcher
from sheetgd.engine.wildcards import wildcard
from sheetgd.engine.values import EMPTY
from sheetgd.engine.errors import XLError

from .conftest import REL, calc, make_book


# --- issue 16's cases, in the issue's layout ---------------------------------------

def test_sum_of_mmult_receives_the_whole_product():
    cells = {"A1": 1, "B1": 2, "A2": 3, "B2": 4}
    assert calc("=SUM(MMULT(A1:B2,A1:B2))", cells) == 54.0


def test_sumxmy2_of_two_columns():
    assert calc("=SUMXMY2(A1:A2,B1:B2)", {"A1": 1, "A2": 2, "B1": 3, "B2": 5}) == 13.0


def test_countif_greater_than():
    assert calc('=COUNTIF(A1:A3,">4")', {"A1": 1, "A2": 5, "A3": 9}) == 2.0


# --- array results -------------------------------------------------------------------

def _array(book, area, formula):
    book.set_array_formula(f"s!{area}", formula)
    first, last = area.split(":")
    rows = range(int(first[1:]), int(last[1:]) + 1)
    cols = [chr(c) for c in range(ord(first[0]), ord(last[0]) + 1)]
    return [[book.value(f"s!{c}{r}") for c in cols] for r in rows]


def test_mmult_and_minverse_fill_an_array_formula():
    book = make_book({"A1": 1, "B1": 2, "A2": 3, "B2": 4})
    assert _array(book, "D1:E2", "=MMULT(A1:B2,A1:B2)") == [[7.0, 10.0], [15.0, 22.0]]
    # MINVERSE's documented example: {4,-1;2,0} -> {0,0.5;-1,2}
    assert _array(book, "G1:H2", "=MINVERSE({4,-1;2,0})") == [[0.0, 0.5], [-1.0, 2.0]]
    assert _array(book, "D4:F4", "=SEQUENCE(1,3,5,5)") == [[5.0, 10.0, 15.0]]
    assert _array(book, "D6:F8", "=MUNIT(3)")[1] == [0.0, 1.0, 0.0]


def test_mmult_of_expressions_in_a_normal_cell():
    cells = {"A1": 1, "B1": 2, "A2": 3, "B2": 4}
    assert calc("=SUM(MMULT(A1:B2*2,A1:B2))", cells) == 108.0  # arguments evaluated as arrays


@pytest.mark.parametrize("formula,expected", [
    ("=MDETERM({1,3,8,5;1,3,6,1;1,1,1,0;7,3,10,2})", 88.0),
    ("=MDETERM({3,6,1;1,1,0;3,10,2})", 1.0),
    ("=MDETERM({3,6;1,1})", -3.0),
])
def test_mdeterm_documented_examples_to_float_accuracy(formula, expected):
    # Excel's page: "calculated with an accuracy of approximately 16 digits"
    assert calc(formula) == pytest.approx(expected, rel=REL)


def test_criteria_lift_over_an_array_of_criteria_in_an_array_formula():
    book = make_book({"A1": 1, "A2": 5, "A3": 9})
    assert _array(book, "C1:D1", '=COUNTIF(A1:A3,{">1",">5"})') == [[2.0, 1.0]]


def test_randarray_is_seeded_and_in_range():
    book = make_book(seed=3)
    values = _array(book, "A1:C2", "=RANDARRAY(2,3,10,20,TRUE)")
    flat = [v for row in values for v in row]
    assert all(10 <= v <= 20 and v == int(v) for v in flat)
    again = make_book(seed=3)
    assert _array(again, "A1:C2", "=RANDARRAY(2,3,10,20,TRUE)") == values


# --- criteria ---------------------------------------------------------------------------

def test_wildcards_and_their_escapes():
    assert wildcard("a*c").match("ABBC") and not wildcard("a*c").match("abcd")
    assert wildcard("?at").match("Cat") and not wildcard("?at").match("at")
    assert wildcard("~*").match("*") and not wildcard("~*").match("x")
    assert wildcard("what~?").match("what?") and not wildcard("what~?").match("whats")


@pytest.mark.parametrize("criterion,value,meets", [
    (">4", 5.0, True), (">4", "5", False), (">4", True, False),
    ("<>4", "x", True), ("<>4", EMPTY, True), ("<>4", 4.0, False),
    (4.0, "4", True), ("4", 4.0, True), ("=4", "4.0", True),
    ("", EMPTY, True), ("", "", True), ("=", "", False), ("<>", "", True), ("<>", EMPTY, False),
    (EMPTY, 0.0, True), (EMPTY, EMPTY, False),  # an empty criterion cell means 0
    ("TRUE", True, True), ("TRUE", 1.0, False), (True, "TRUE", False),
    ("#N/A", XLError("#N/A"), True), (XLError("#N/A"), XLError("#N/A"), True),
    (XLError("#N/A"), "#N/A", False),
    ("b*", "Banana", True), ("<>b*", "Banana", False), ("<>b*", 3.0, True),
    ("<c", "Banana", True), ("<c", 1.0, False), (">=50%", 0.5, True),
    # a logical operand compared by order: logical cells only (FALSE < TRUE)
    (">TRUE", 31.0, False), (">TRUE", "TRUE", False), (">=FALSE", True, True),
    ("<TRUE", False, True), ("<TRUE", 0.0, False), (">FALSE", 1.0, False),
])
def test_one_criterion(criterion, value, meets):
    assert matcher(criterion)(value) is meets


def test_an_ordered_logical_criterion_selects_no_numbers():
    """Fuzz seed 17 (LibreOffice reads ">TRUE" as ">1": -16.636): Excel's
    criteria compare a logical operand with logical cells only, so no cell
    of H1:H2 is selected and MINIFS is 0 (its page: 0 when none meets)."""
    cells = {"D1": -16.636, "D2": 0, "F1": "TRUE", "H1": 31, "H2": 22}
    assert calc('=MINIFS(D1:D2,H1:H2,">"&F1,H1:H2,">"&1.856)', cells) == 0.0
    assert calc('=COUNTIF(H1:H2,">"&F1)', cells) == 0.0
    assert calc('=COUNTIF(H1:H2,">"&1.856)', cells) == 2.0


def test_countif_counts_error_cells_by_their_error():
    cells = {"A1": "=NA()", "A2": "=1/0", "A3": "=NA()"}
    assert calc("=COUNTIF(A1:A3,NA())", cells) == 2.0
    assert calc('=COUNTIF(A1:A3,"#DIV/0!")', cells) == 1.0


def test_whole_columns_count_their_empty_cells_once():
    cells = {"A1": 1, "A2": "x", "B1": 10, "B2": 20}
    assert calc('=COUNTIF(A:A,"")', cells) == 1048576.0 - 2
    assert calc('=COUNTBLANK(A:A)', cells) == 1048576.0 - 2
    assert calc('=SUMIFS(B:B,A:A,"<>x")', cells) == 10.0
    assert calc('=COUNTIFS(A:A,"",B:B,"")', cells) == 1048576.0 - 2


def test_sumif_range_of_values_is_resized_and_recalculated():
    book = make_book({"A1": 1, "A2": 2, "A3": 3, "B1": 10, "B2": 20, "B3": 30})
    book.set("s!D1", '=SUMIF(A1:A3,">1",B1)')
    assert book.value("s!D1") == 50.0
    book.set("s!B3", 300)  # a cell the formula does not name
    assert book.value("s!D1") == 320.0


# --- SUBTOTAL, database ---------------------------------------------------------------------

def test_subtotal_of_subtotals_counts_each_value_once():
    cells = {"A1": 1, "A2": 2, "A3": "=SUBTOTAL(9,A1:A2)", "A4": 4, "A5": "=SUBTOTAL(9,A4)"}
    assert calc("=SUBTOTAL(9,A1:A5)", cells) == 7.0
    assert calc("=SUM(A1:A5)", cells) == 14.0


def test_database_text_criteria_match_the_start_of_a_text():
    cells = {"A1": "Tree", "A2": "Apple", "A3": "Apple pie", "A4": "Pear",
             "B1": "Yield", "B2": 1, "B3": 2, "B4": 4,
             "D1": "Tree", "D2": "App", "E1": "Tree", "E2": '="=Apple"'}
    assert calc('=DSUM(A1:B4,"Yield",D1:D2)', cells) == 3.0
    assert calc('=DSUM(A1:B4,"yield",E1:E2)', cells) == 1.0
    assert calc("=DCOUNT(A1:B4,,D1:D2)", cells) == 2.0


def test_new_functions_carry_the_xlfn_prefix_where_excel_writes_it():
    for name in ("MAXIFS", "MINIFS", "SEQUENCE", "RANDARRAY", "COT", "ACOTH", "MUNIT", "AGGREGATE",
                 "ARABIC", "BASE", "DECIMAL", "COMBINA", "PERMUTATIONA", "CEILING.PRECISE",
                 "FLOOR.PRECISE"):
        assert FILE_PREFIXES.get(name) == "_xlfn.", name
    for name in ("SUMIFS", "COUNTIFS", "AVERAGEIF", "AVERAGEIFS", "SUMIF", "MMULT", "ISO.CEILING",
                 "SUBTOTAL", "DSUM", "ROMAN"):
        assert name not in FILE_PREFIXES, name


# --- COUNTIF by key over long ranges ------------------------------------------------------

_VALUES = [1.0, 5.0, 0.0, -0.0, 0.1 + 0.2, 0.3, "5", " 5 ", "5.0", "abc", "ABC", "", EMPTY, True, False,
           "TRUE", XLError("#N/A"), XLError("#DIV/0!"), "#N/A", "a*c", "50%", 0.5]
_CRITERIA = [1.0, 5.0, 0.0, 0.3, True, False, XLError("#N/A"), "5", "=5", "abc", "=ABC", "", "=",
             "TRUE", "#N/A", "#DIV/0!", "a~*c", "a*c", "50%", "=0.5", "<>5", ">1", EMPTY, "=TRUE"]


@pytest.mark.parametrize("criterion", _CRITERIA, ids=repr)
def test_equality_keys_select_what_the_matcher_selects(criterion):
    from sheetgd.engine.functions.criteria import equality_key, keys_of

    key = equality_key(criterion)
    if key is None:
        return  # not an equality criterion: always the matcher
    test = matcher(criterion)
    for v in _VALUES:
        assert test(v) == (key in keys_of(v)), (criterion, v)


def test_countif_over_a_long_range_counts_as_countifs_does():
    cells = {}
    for i in range(70):
        v = _VALUES[i % len(_VALUES)]
        if isinstance(v, XLError):
            v = "=NA()" if v.kind == "#N/A" else "=1/0"
        elif v is EMPTY:
            continue
        cells[f"A{i + 1}"] = v
    book = make_book(cells)
    for k, criterion in enumerate(['5', '=5', 'abc', '', '=', 'TRUE', '#N/A', '50%', '<>5', 'a*c']):
        book.set(f"s!C{k + 1}", f'=COUNTIF(A1:A70,"{criterion}")')  # 70 cells: counted by key
        book.set(f"s!D{k + 1}", f'=COUNTIFS(A1:A70,"{criterion}")')
        assert book.value(f"s!C{k + 1}") == book.value(f"s!D{k + 1}"), criterion
    book.set("s!E1", "=COUNTIF(A1:A70,TRUE)")
    book.set("s!E2", "=COUNTIFS(A1:A70,TRUE)")
    assert book.value("s!E1") == book.value("s!E2")
