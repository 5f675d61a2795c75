"""sheetgd bugs found by the differential fuzzer (``make fuzz``) and by the
no-NaN property (tests/test_numbers.py), each pinned by a named test with
Excel's answer."""

from __future__ import annotations

import pytest

from sheetgd.engine.values import parse_number_text

from .conftest import calc, is_error


def test_an_empty_else_branch_of_if_is_zero_not_a_python_function():
    # was: IF(FALSE,1,) returned the default's lambda as the cell value
    assert calc("=IF(FALSE,1,)") == 0.0
    assert calc("=IF(,,)") == 0.0
    assert calc("=IF(TRUE,)") == 0.0
    assert calc("=IF(FALSE,1)") is False  # left out altogether: FALSE
    assert calc("=SUM(IF(FALSE,1,),2)") == 2.0


def test_a_range_from_a_function_to_a_cell_parses():
    # was: "expected ',' or ')'" -- openpyxl's tokenizer gives ':D8' as one operand
    data = {"A1": 1, "A2": 2, "A3": 3}
    assert calc("=SUM(OFFSET(A1,1,0):A3)", data) == 5.0
    assert calc("=ROWS(INDEX(A1:A3,2):A3)", data) == 2.0


def test_index_of_a_single_row_with_both_numbers_reads_the_row_number_as_a_row():
    # was: INDEX(A1:D1,2,0) took 2 as the column, like INDEX(A1:D1,2)
    data = {"A1": 1, "B1": 2, "C1": 3, "D1": 4}
    assert calc("=INDEX(A1:D1,2)", data) == 2.0
    assert is_error(calc("=INDEX(A1:D1,2,0)", data), "#REF!")
    assert calc("=SUM(INDEX(A1:D1,1,0))", data) == 10.0
    assert calc("=INDEX({1,2,3},3)") == 3.0


@pytest.mark.parametrize("formula,expected", [
    ("=ROUND(1E20,10)", 1e20),  # was: decimal.InvalidOperation escaped
    ("=ROUND(1E308,1E308)", 1e308),
    ("=ROUNDUP(2.5,-1E308)", "#NUM!"),
    ("=MOD(1E308,1E-308)", "#NUM!"),  # was: OverflowError escaped
    ("=CEILING.MATH(1E308,1E-308)", "#NUM!"),  # was: OverflowError escaped
    ("=FLOOR.MATH(-1E308,1E-308)", "#NUM!"),
    ("=STDEV(0,1E308)", "#NUM!"),  # was: OverflowError from x**2
    ("=VAR.S(1E200,-1E200)", "#NUM!"),
    ("=MOD(2.5E+249,3)", "#NUM!"),  # was: a 'remainder' of 3.97E+233
    ("=MOD(2^52+1,2)", 1.0),  # exact below 2^53
])
def test_functions_that_crashed_or_gave_garbage_on_huge_numbers(formula, expected):
    got = calc(formula)
    if isinstance(expected, str):
        assert is_error(got, expected), got
    else:
        assert got == expected


def test_a_number_literal_beyond_float64_is_refused_not_infinity():
    from sheetgd import FormulaError

    from .conftest import make_book

    with pytest.raises(FormulaError, match="number too large"):
        make_book().set("s!A1", "=1E309")


@pytest.mark.parametrize("text,number", [
    ("$5", 5.0), ("-$1,000.5", -1000.5), ("$-5", -5.0), ("(2)", -2.0), ("($1,000)", -1000.0),
    ("(50%)", -0.5),
])
def test_text_with_a_dollar_sign_or_accounting_parentheses_is_a_number(text, number):
    """Excel (en-US) and LibreOffice both read these in arithmetic."""
    assert parse_number_text(text) == number
    assert calc(f'="{text}"+0') == number


@pytest.mark.parametrize("text", ["(-1)", "(1", "1)", "$", "--1", "-$-1", "$$1"])
def test_malformed_currency_text_is_not_a_number(text):
    assert parse_number_text(text) is None


def test_empty_height_and_width_of_offset_mean_left_out():
    # was: #VALUE! "cannot use None as a number" (an empty argument reached the
    # number conversion as the left-out marker)
    data = {"B2": 5, "B3": 6, "C2": 7}
    assert calc("=OFFSET(A1,1,1,,)", data) == 5.0
    assert calc("=SUM(OFFSET(A1,1,1,,2))", data) == 12.0
    assert calc("=SUM(OFFSET(A1,1,1,2))", data) == 11.0
    assert is_error(calc("=OFFSET(A1,1,1,0,1)", data), "#REF!")


def test_an_empty_argument_counts_as_the_zero_it_stands_for():
    # COUNT(,) is 2 in Excel and LibreOffice; an IF's empty branch is one too
    assert calc("=COUNT(,)") == 2.0
    assert calc("=COUNT(IF(TRUE(),,4))") == 1.0
    assert calc("=COUNT(Z1)") == 0.0  # an empty *cell* is not counted
