"""Values and coercion: Excel's rules for empty, booleans, text and numbers."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sheetgd.engine.errors import XLError
from sheetgd.engine.values import (
    EMPTY, compare, number_to_text, parse_number_text, to_bool, to_number, to_text,
)

from .conftest import calc, is_error


@pytest.mark.parametrize("value,number", [
    (EMPTY, 0.0), (True, 1.0), (False, 0.0), ("3", 3.0), (" 3 ", 3.0), ("1e3", 1000.0),
    ("-2.5", -2.5), ("50%", 0.5), ("1,000", 1000.0), (".5", 0.5), (2.0, 2.0),
])
def test_to_number(value, number):
    assert to_number(value) == number


@pytest.mark.parametrize("text", ["abc", "", "inf", "nan", "1_000", "0x10", "1e999", "--1"])
def test_non_numeric_text_is_value_error(text):
    assert is_error(to_number(text), "#VALUE!")
    assert parse_number_text(text) is None


def test_to_text_and_to_bool():
    assert to_text(EMPTY) == "" and to_text(True) == "TRUE" and to_text(2.0) == "2"
    assert to_bool("true") is True and to_bool(0.0) is False and to_bool(EMPTY) is False
    assert is_error(to_bool("yes"), "#VALUE!")


@pytest.mark.parametrize("x,text", [
    (0.0, "0"), (1.0, "1"), (-3.0, "-3"), (0.1 + 0.2, "0.3"), (1 / 3, "0.333333333333333"),
    (2 / 3, "0.666666666666667"), (123456789012345.0, "123456789012345"),
    (1e15, "1E+15"), (1.5e20, "1.5E+20"), (0.0001, "0.0001"), (1e-10, "1E-10"),
    (-1.25e-12, "-1.25E-12"), (12345.678, "12345.678"),
])
def test_number_to_text_uses_15_significant_digits(x, text):
    assert number_to_text(x) == text


def test_comparison_order_numbers_text_booleans():
    assert compare(1e300, "") < 0
    assert compare("zzz", False) < 0
    assert compare("ABC", "abc") == 0
    assert compare(EMPTY, 0.0) == 0 and compare(EMPTY, "") == 0 and compare(EMPTY, False) == 0
    assert compare(EMPTY, -1.0) > 0


def test_empty_cells_in_formulas():
    assert calc("=A1+1") == 1.0
    assert calc('=A1&"x"') == "x"
    assert calc("=A1") == 0.0  # a formula showing an empty cell shows 0
    assert calc('=A1=""') is True and calc("=A1=0") is True


def test_overflow_and_invalid_maths():
    assert is_error(calc("=1E+308*10"), "#NUM!")
    assert is_error(calc("=1/0"), "#DIV/0!")
    assert is_error(calc("=0/0"), "#DIV/0!")
    assert is_error(calc('="a"+1'), "#VALUE!")
    assert is_error(calc("=(-1)^0.5"), "#NUM!")


def test_errors_are_values_not_strings():
    assert calc('="#N/A"') == "#N/A"
    assert is_error(calc("=#N/A"), "#N/A")
    assert XLError("#N/A") != "#N/A"


def test_first_error_wins_left_to_right_and_carries_its_origin():
    from .conftest import make_book

    book = make_book({"A1": "=1/0", "A2": "=SQRT(-1)"})
    book.set("s!B1", "=A1+A2")
    book.set("s!B2", "=A2+A1")
    book.set("s!B3", "=SUM(A2,A1)")
    assert book.value("s!B1").kind == "#DIV/0!" and book.value("s!B1").origin == "s!A1"
    assert book.value("s!B2").kind == "#NUM!" and book.value("s!B2").origin == "s!A2"
    assert book.value("s!B3").kind == "#NUM!"


@given(st.floats(-1e12, 1e12, allow_nan=False), st.floats(-1e12, 1e12, allow_nan=False))
def test_arithmetic_agrees_with_python_floats(a, b):
    from .conftest import make_book

    book = make_book({"A1": a, "A2": b})
    for op, expect in (("+", a + b), ("-", a - b), ("*", a * b)):
        book.set("s!B1", f"=A1{op}A2")
        assert book.value("s!B1") == expect
    book.set("s!B1", "=A1/A2")
    if b == 0:
        assert is_error(book.value("s!B1"), "#DIV/0!")
    elif math.isinf(a / b):  # e.g. 1 / a subnormal number: overflow
        assert is_error(book.value("s!B1"), "#NUM!")
    else:
        assert book.value("s!B1") == a / b
