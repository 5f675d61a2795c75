"""Numbers at the edges: overflow is #NUM!, division by zero #DIV/0!, huge
and tiny exponents behave, and no function ever lets a NaN or an infinity
out as a Python float (a property over the whole function registry)."""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from sheetgd import FormulaError, Workbook, XLError
from sheetgd.engine.functions import REGISTRY
from sheetgd.engine.values import from_python

from .conftest import calc, is_error, make_book


@pytest.mark.parametrize("formula", [
    "=1E308*10", "=-1E308*10", "=1E308+1E308", "=-1E308-1E308", "=1E308/1E-308",
    "=EXP(1000)", "=EXP(710)", "=POWER(10,400)", "=10^400", "=2^1024", "=(-10)^401",
    "=SUM(1E308,1E308)", "=SUMSQ(1E200,1E200)", "=PRODUCT(1E200,1E200)",
    "=AVERAGE(1E308,1E308)", "=VAR.P(1E308,-1E308)",
    "=STDEV.S(1E308,-1E308)", "=VAR(1E300,-1E300,0)", "=SUMPRODUCT({1E300},{1E300})",
    "=ROUNDUP(1.5E308,-308)", "=ROUNDUP(1,-400)", "=CEILING.MATH(1E308,1E-308)",
    "=MOD(1E308,1E-308)", "=MOD(2^60,3)", "=1E308*10-1E308*10", '="1E308"*10',
])
def test_overflow_is_a_num_error(formula):
    value = calc(formula)
    assert is_error(value, "#NUM!"), value


@pytest.mark.parametrize("formula", [
    "=1/0", "=0/0", "=1/(1-1)", "=MOD(1,0)", "=0^-1", "=POWER(0,-2)", "=AVERAGE(Z1:Z3)",
    "=LOG(10,1)", "=VAR.S(1)", "=1E-308/0", "=SUM(1/0,2)",
])
def test_division_by_zero(formula):
    assert is_error(calc(formula), "#DIV/0!")


@pytest.mark.parametrize("formula,expected", [
    ("=1E308", 1e308),
    ("=1.7976931348623157E308", 1.7976931348623157e308),
    ("=1E-400", 0.0),  # below the smallest double: 0
    ("=10^-400", 0.0),
    ("=2^-1075", 0.0),
    ("=EXP(-1000)", 0.0),
    ("=1E-300*1E-300", 0.0),
    ("=ROUND(1.5,400)", 1.5),  # a digits argument beyond any precision
    ("=ROUND(1234.5,-400)", 0.0),
    ("=ROUND(1E20,10)", 1e20),
    ("=ROUNDDOWN(-2.5,1E10)", -2.5),
    ("=POWER(1E-200,2)", 0.0),
    ("=LOG10(1E-300)", -300.0),
    ("=LN(1E308)", math.log(1e308)),
    ("=SQRT(1E308)", math.sqrt(1e308)),
    ("=MOD(-1E-200,1)", 1.0),  # n-d*INT(n/d): the divisor, as Excel's formula gives
    ("=MOD(2^52,3)", 1.0),  # exact, however large the quotient (below 2^53)
    ("=MOD(0.3,0.1)", 0.3 - 0.2),  # 0.3 is a hair under 3*0.1
    ("=INDEX({1,2,3},2)", 2.0),
])
def test_huge_and_tiny_numbers(formula, expected):
    assert calc(formula) == expected


def test_numbers_too_large_to_type_are_refused():
    with pytest.raises(FormulaError, match="number too large"):
        make_book().set("s!A1", "=1E309")
    assert is_error(calc('="1E309"+0'), "#VALUE!")  # as text: not a number


def test_python_nan_and_inf_are_stored_as_num_errors():
    assert is_error(from_python(float("nan")), "#NUM!")
    assert is_error(from_python(float("-inf")), "#NUM!")
    book = make_book()
    book.set("s!A1", float("nan"))
    book.set("s!A2", "=A1+1")
    assert is_error(book.value("s!A2"), "#NUM!")


# --- the property: no NaN or infinity ever comes out -------------------------------------

#: Cells of sheet ``data`` the random arguments can refer to.
EDGE_CELLS = {
    "A1": 1e308, "A2": -1e308, "A3": 1e-308, "A4": 5e-324, "A5": 0.0, "A6": -1.0,
    "B1": "text", "B2": True, "B3": "3", "B4": None, "B5": "=1/0", "B6": "=NA()",
}

_NUMBERS = st.sampled_from([
    "0", "1", "-1", "0.5", "2", "3", "400", "-400", "1E308", "-1E308", "1E-308", "5E-324",
    "1E15", "2147483648", "-2147483649", "9.99999999999999E+307", "1E200", "1E-200",
]) | st.floats(-1e12, 1e12, allow_nan=False).map(lambda x: repr(x).upper())
_OTHERS = st.sampled_from([
    '"x"', '""', '"3"', '"1E308"', "TRUE", "FALSE", "#N/A", "#DIV/0!", "data!A1:A6",
    "data!A1:B6", "data!B1:B6", "{1,2;3,4}", "{1E308,-1E308}", "{\"a\",TRUE}", "data!Z1",
] + [f"data!{addr}" for addr in EDGE_CELLS])
_ARGUMENTS = _NUMBERS | _OTHERS
_NAMES = sorted(REGISTRY)


def _edge_book() -> Workbook:
    book = make_book()
    for addr, value in EDGE_CELLS.items():
        book.set(f"data!{addr}", value)
    return book


def _ok(value) -> bool:
    if isinstance(value, float) and not isinstance(value, bool):
        return math.isfinite(value)
    return value is None or isinstance(value, (str, bool, XLError))


@st.composite
def _calls(draw):
    name = draw(st.sampled_from(_NAMES))
    spec = REGISTRY[name]
    count = draw(st.integers(spec.min_args, min(spec.max_args, spec.min_args + 3)))
    args = [draw(_ARGUMENTS) for _ in range(count)]
    text = f"{name}({','.join(args)})"
    if draw(st.booleans()):  # and through an operator
        text = f"{text}{draw(st.sampled_from(['+', '-', '*', '/', '^', '&', '<']))}{draw(_ARGUMENTS)}"
    return "=" + text


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(formula=_calls())
@example(formula="=AMORDEGRC(1,0,0,0,1,1E308)")  # rounded a 309-digit amount: decimal raised
@example(formula="=AMORDEGRC(1E308,0,0,0,1,0.5)")
def test_no_function_lets_nan_or_infinity_out(formula):
    """Every function of the registry, with huge, tiny, negative, zero, text,
    logical, error, range and array arguments: the value is a finite float,
    text, a logical, empty or an error value -- and nothing raises."""
    book = _BOOK
    book.set("s!C1", formula)
    value = book.value("s!C1")
    assert _ok(value), f"{formula} gave {value!r}"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(formula=_calls())
def test_no_function_lets_nan_or_infinity_out_of_an_array_formula(formula):
    """The same as array formulas over 2x2 cells (each function lifted
    element by element over array arguments)."""
    book = _BOOK
    book.set_array_formula("s!E1:F2", formula)
    for row in book.value("s!E1:F2"):
        for value in row:
            assert _ok(value), f"{formula} gave {value!r}"


_BOOK = _edge_book()


def test_every_function_is_drawn_by_the_property():
    assert set(_NAMES) == set(REGISTRY) and len(_NAMES) > 50
