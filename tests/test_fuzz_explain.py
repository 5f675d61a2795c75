"""The differential fuzzer's parts that need no LibreOffice: the formula
generator's coverage, the sites a formula is cut into, and the classifier
that recognises each documented Excel-vs-LibreOffice difference (and
nothing else).  The fuzzer itself runs against LibreOffice in
tests/test_libreoffice.py and in ``make fuzz``."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from sheetgd import XLError
from sheetgd.engine.functions import REGISTRY
from sheetgd.engine.nodes import ArrayLit, Binary, Call, Percent, Unary, render, walk
from sheetgd.engine.parser import parse
from sheetgd.engine.values import Array

from .formula_gen import EXCLUDED, FormulaGenerator, data_block
from .fuzz_explain import (
    CATEGORIES, Host, approximately_cancels, classify, libreoffice_mod, same_spelled_numbers, sites,
)
from .fuzz_lo import sheetgd_book

DOCS = Path(__file__).resolve().parent.parent / "docs" / "compatibility.md"


@pytest.fixture(scope="module")
def formulas():
    gen = FormulaGenerator(5)
    return [gen.formula() for _ in range(8000)]  # enough to draw each of ~330 functions


def test_the_generator_covers_every_function_and_operator(formulas):
    assert set(FormulaGenerator(1).functions) == set(REGISTRY) - set(EXCLUDED)
    names, ops, kinds = set(), set(), set()
    for text in formulas:
        for n in walk(parse(text)):
            if isinstance(n, Call):
                names.add(n.name)
            elif isinstance(n, Binary):
                ops.add(n.op)
            elif isinstance(n, Unary):
                ops.add("unary" + n.op)
            elif isinstance(n, (Percent, ArrayLit)):
                kinds.add(type(n).__name__)
    assert names == set(REGISTRY) - set(EXCLUDED)
    assert ops >= {"+", "-", "*", "/", "^", "&", "=", "<>", "<", ">", "<=", ">=", ":",
                   "unary-", "unary+"}
    assert kinds == {"Percent", "ArrayLit"}


def test_generated_formulas_survive_a_round_trip_through_the_ast(formulas):
    for text in formulas[:1000]:
        node = parse(text, 7, 1)
        again = "=" + render(node, 7, 1)
        assert parse(again, 7, 1) == node, text


def test_the_data_block_has_every_kind_of_value():
    cells = data_block(random.Random(3))
    values = list(cells.values())
    assert any(isinstance(v, bool) for v in values)
    assert any(isinstance(v, str) and v.startswith("=") for v in values)  # error cells
    assert any(isinstance(v, str) and not v.startswith("=") for v in values)
    up = [cells[f"G{r}"] for r in range(1, 9)]
    assert up == sorted(up) and [cells[f"H{r}"] for r in range(1, 9)] == sorted(
        [cells[f"H{r}"] for r in range(1, 9)], reverse=True)


def _sites(text, data=None):
    book = sheetgd_book(data or {"A1": 4.0, "A2": 9.0, "B1": 1.0, "B2": 2.0, "E1": "cat"}, {})
    return [render(s.node, 5, 1) for s in sites(parse(text, 5, 1), Host(book, "s", 5))]


def test_a_formula_is_cut_into_the_single_values_it_computes():
    assert _sites("=SQRT(data!A1)+IF(TRUE,1,2)*3") == [
        "SQRT(data!A1)+IF(TRUE,1,2)*3", "SQRT(data!A1)", "IF(TRUE,1,2)*3", "IF(TRUE,1,2)"]
    # array arguments, references and what may be a reference stay whole
    assert _sites("=SUM(data!A1:B2)+SUMPRODUCT((data!A1:A2>1)*data!B1:B2)") == [
        "SUM(data!A1:B2)+SUMPRODUCT((data!A1:A2>1)*data!B1:B2)", "SUM(data!A1:B2)",
        "SUMPRODUCT((data!A1:A2>1)*data!B1:B2)"]
    assert _sites("=SUM(IF(TRUE,data!A1:A2,0),1+1)") == [
        "SUM(IF(TRUE,data!A1:A2,0),1+1)", "1+1"]
    assert _sites("=INDEX(data!A1:A2,2)*2") == ["INDEX(data!A1:A2,2)*2", "INDEX(data!A1:A2,2)"]


# --- the classifier: each category recognised, and only under its conditions ---------

def _redo(values=None):
    return lambda how: (values or {}).get(how)


CASES = [
    # (site, operands, sheetgd, libreoffice, redone values, category or None)
    ("=SQRT(-1)", [-1.0], XLError("#NUM!", "SQRT of a negative number"), XLError("#VALUE!"), {},
     "invalid-argument"),
    ("=SQRT(-1)", [-1.0], XLError("#NUM!", "overflow"), XLError("#VALUE!"), {}, None),
    ("=LOG(10,1)", [10.0, 1.0], XLError("#DIV/0!", "LOG base 1"), XLError("#VALUE!"), {},
     "invalid-argument"),
    ("=LOG(10,1)", [10.0, 1.0], XLError("#DIV/0!", "LOG base 1"), XLError("#NUM!"), {}, None),
    ("=POWER(0,0)", [0.0, 0.0], XLError("#NUM!"), 1.0, {}, "power"),
    ("=POWER(0,0)", [0.0, 0.0], XLError("#NUM!"), 0.0, {}, None),
    ("=0^-1", [0.0, -1.0], XLError("#DIV/0!"), XLError("#NUM!"), {}, "power"),
    ("=(-8)^(1/3)", [-8.0, 1 / 3], XLError("#NUM!"), -2.0, {}, "power"),
    ("=(-8)^(1/3)", [-8.0, 1 / 3], XLError("#NUM!"), 2.0, {}, None),
    ("=A1-B1", [0.30000000000000004, 0.3], 5.551115123125783e-17, 0.0, {},
     "approximate-subtraction"),
    ("=A1-B1", [1.0, 0.5], 0.5, 0.0, {}, None),
    ('="a"&A1', ["a", 1e20], "a1E+20", "a1E+020", {}, "number-format"),
    ('="a"&A1', ["a", 5.551115123125783e-17], "a5.55111512312578E-17", "a0", {}, None),
    ("=TRUE>5", [True, 5.0], True, False, {"booleans": 0.0}, "booleans"),
    ("=TRUE>5", [True, 5.0], True, False, {"booleans": 1.0}, None),
    ('=SUM("3")', ["3"], 3.0, XLError("#VALUE!"), {"typed-text": XLError("#VALUE!")},
     "text-to-number"),
    ('=NOT("50%")', ["50%"], XLError("#VALUE!"), False, {"text-converted": 0.0},
     "text-as-logical"),
    ("=MOD(0.3,0.1)", [0.3, 0.1], 0.3 - 0.2, 0.0, {}, "approximate-floor"),
    ("=INT(A1)", [399.99999999999994], 399.0, 400.0, {}, "approximate-floor"),
    ("=INT(A1)", [399.5], 399.0, 400.0, {}, None),
    ("=MOD(0.3,0.1)", [0.3, 0.1], 0.3 - 0.2, 0.05, {}, None),
    ("=MATCH(3,A1:A3,1)", [3.0, Array(((1.0,), (5.0,), (2.0,))), 1.0], 1.0, 3.0, {},
     "match-unsorted"),
    ("=MATCH(3,A1:A3,1)", [3.0, Array(((1.0,), (2.0,), (5.0,))), 1.0], 2.0, 3.0, {}, None),
    ("=ROUNDUP(A1,3)", [-5e-307, 3.0], -0.001, XLError("#NUM!"), {}, "round-tiny"),
    ("=ROUNDUP(A1,3)", [-5e-200, 3.0], -0.001, XLError("#NUM!"), {}, None),
    ("=PRODUCT(11,1E308,0)", [11.0, 1e308, 0.0], XLError("#NUM!"), 0.0, {}, "argument-order"),
    ("=PRODUCT(11,1E308,0)", [11.0, 1e308, 0.0], XLError("#NUM!"), 5.0, {}, None),
    ("=PRODUCT(0,1E308,-20)", [0.0, 1e308, -20.0], 0.0, XLError("#NUM!"), {}, "argument-order"),
    ('=MOD("x",0)', ["x", 0.0], XLError("#VALUE!"), XLError("#DIV/0!"),
     {"own-check": XLError("#DIV/0!")}, "error-order"),
    ('=MOD("x",0)', ["x", 0.0], XLError("#VALUE!"), XLError("#DIV/0!"), {}, None),
    ("=A1*2", [Array(((1.0, 2.0), (3.0, 4.0))), 2.0], XLError("#VALUE!"), 6.0,
     {"intersected-2d": 6.0}, None),  # sheetgd now intersects too: a difference is a bug
    ("=VLOOKUP(3,A1:B3,2)", [3.0, Array(((1.0, 7.0), (5.0, 8.0), (2.0, 9.0))), 2.0], 7.0, 9.0, {},
     "match-unsorted"),
    ("=VLOOKUP(3,A1:B3,2)", [3.0, Array(((1.0, 7.0), (2.0, 8.0), (5.0, 9.0))), 2.0], 8.0, 9.0, {}, None),
    ("=VLOOKUP(3,A1:B3,3)", [3.0, Array(((1.0, 7.0),)), 3.0],
     XLError("#REF!", "VLOOKUP index 3 is past the table's last column"), XLError("#VALUE!"), {},
     "invalid-argument"),
    ("=ISFORMULA(A1)", [True], False, True, {}, "boolean-formula"),
    ("=ISFORMULA(A1)", [1.0], False, True, {}, None),
    ("=FORMULATEXT(A1)", [False], XLError("#N/A"), "=FALSE()", {}, "boolean-formula"),
    ("=ADDRESS(1,2,5)", [1.0, 2.0, 5.0], XLError("#VALUE!"), "$B$1", {}, "address-abs-num"),
    ("=ADDRESS(1,2,5)", [1.0, 2.0, 5.0], XLError("#VALUE!"), "B1", {}, None),
    ("=1+1", [1.0, 1.0], 2.0, 3.0, {}, None),
]


@pytest.mark.parametrize("text,operands,sg,lo,redone,category", CASES,
                         ids=[f"{c[0]}->{c[5]}" for c in CASES])
def test_classify_recognises_a_documented_difference_and_nothing_else(
        text, operands, sg, lo, redone, category):
    assert classify(parse(text), operands, sg, lo, _redo(redone)) == category


def test_libreoffice_mod_as_its_source_computes_it():
    assert libreoffice_mod(7.0, 3.0) == 1.0 and libreoffice_mod(-7.0, 3.0) == 2.0
    assert libreoffice_mod(0.3, 0.1) == 0.0
    assert libreoffice_mod(2.0 ** 53, 3.0) == 0.0
    assert isinstance(libreoffice_mod(-1e-200, 1.0), XLError)


def test_approximate_subtraction_threshold():
    assert approximately_cancels(0.30000000000000004, 0.3)
    assert approximately_cancels(1e15 + 0.125, 1e15)
    assert not approximately_cancels(1.0, 1.0 + 1e-12)
    assert not approximately_cancels(1e-300, -1e-300)


def test_numbers_spelled_differently():
    assert same_spelled_numbers("1E+020", "1E+20")
    assert same_spelled_numbers("x0.00000000000184784689", "x1.84784688606973E-12")
    assert not same_spelled_numbers("Cat0", "Cat5.55111512312578E-17")
    assert not same_spelled_numbers("a1", "a2")
    assert not same_spelled_numbers("a1", "b1")


def test_every_category_is_documented_in_compatibility_md():
    text = DOCS.read_text()
    for name in CATEGORIES:
        assert re.search(rf"`{re.escape(name)}`", text), name
    for name in EXCLUDED:
        assert name in text



def test_the_2d_intersection_redo_takes_the_cell_in_the_formulas_row_and_column():
    from .fuzz_redo import ranges_intersected_2d

    book = sheetgd_book({"A5": 3.0, "B5": 4.0, "A6": 8.0, "B6": 9.0}, {})
    node = parse("=INDEX(data!A5:B6,0)/2", 6, 1)
    redone = ranges_intersected_2d(node, Host(book, "s", 6))
    assert render(redone, 6, 1) == "(8.0)/2"
    outside = ranges_intersected_2d(parse("=INDEX(data!A5:B6,0)/2", 9, 1), Host(book, "s", 9))
    assert render(outside, 9, 1) == "INDEX(data!A5:B6,0)/2"
