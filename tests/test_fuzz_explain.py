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
from sheetgd.engine import EMPTY
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
    return [gen.formula() for _ in range(10000)]  # enough to draw each of ~440 functions


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


_NA, _DIV0 = XLError("#N/A"), XLError("#DIV/0!")
_TENS, _ONE_3_X = Array(((10.0,), (20.0,), (30.0,))), Array(((1.0,), ("3",), ("x",)))
_H3_H4 = Array(((31.0,), (22.0,)))


def _not_a_digit(ch, radix):
    return XLError("#NUM!", f"DECIMAL: {ch!r} is not a digit in base {radix}")


_ONES = Array(((1.0, 1.0, 1.0, 1.0),))  # ZTEST's data: z is 2/sigma with x 0

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
    # seed 21: a power of a function's array (FREQUENCY({0},{20;0.08519}) is {0;1;0}) shows its
    # first value in both; 1+FREQUENCY({0},{20;0.08519})^0 is 2 in LibreOffice 7.4 (measured),
    # ...^-1 #NUM!; a range is intersected with the cell instead: not its first value
    ("=FREQUENCY({0},{20;0.08519})^0", [Array(((0.0,), (1.0,), (0.0,))), 0.0], XLError("#NUM!"),
     1.0, {}, "power"),
    ("=POWER(FREQUENCY({0},{20;0.08519}),-1)", [Array(((0.0,), (1.0,), (0.0,))), -1.0],
     XLError("#DIV/0!"), XLError("#NUM!"), {}, "power"),
    ("=A1:A3^0", [Array(((0.0,), (1.0,), (0.0,))), 0.0], XLError("#NUM!"), 1.0, {}, None),
    ("=A1-B1", [0.30000000000000004, 0.3], 5.551115123125783e-17, 0.0, {},
     "approximate-subtraction"),
    ("=A1-B1", [1.0, 0.5], 0.5, 0.0, {}, None),
    # operands as LibreOffice wrote them, one unit of their 15th digit apart
    ("=A1-B1", [2.24487980394412, 2.24487980394411], 9.769962616701378e-15, 0.0, {},
     "approximate-subtraction"),
    ("=A1-B1", [2.24487980394412, 2.24487980394410], 1.9539925233402755e-14, 0.0, {}, None),
    # fuzz seed 15: LibreOffice 7.4's MROUND(37+1E+308,0.1) and MROUND(1E+308+data!B7-6.694,0.1)
    ("=MROUND(A1,0.1)", [1e308, 0.1], XLError("#NUM!", "MROUND quotient overflows"),
     XLError("#VALUE!"), {}, "invalid-argument"),
    ("=MROUND(A1,0.1)", [1e308, 0.1], XLError("#NUM!", "MROUND quotient overflows"),
     XLError("#N/A"), {}, None),
    ("=PERMUT(0,0)", [0.0, 0.0],
     XLError("#NUM!", "PERMUT needs number > 0 and 0 <= chosen <= number"), 1.0, {},
     "statistics-domain"),
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
    # two differences at one operation: booleans as numbers, then the operation's own
    ("=GEOMEAN({10,2.5;FALSE,3},3)", [Array(((10.0, 2.5), (False, 3.0))), 3.0], 3.872983346207418,
     0.0, {"booleans": XLError("#NUM!", "GEOMEAN needs positive numbers")},
     "booleans+statistics-domain"),
    ("=GEOMEAN({10,2.5;FALSE,3},3)", [Array(((10.0, 2.5), (False, 3.0))), 3.0], 3.872983346207418,
     0.0, {"booleans": XLError("#NUM!", "overflow")}, None),
    ("=PERCENTRANK.EXC({-1,10,10;10,2.5,FALSE},0)",
     [Array(((-1.0, 10.0, 10.0), (10.0, 2.5, False))), 0.0], 0.214, 0.286, {"booleans": 0.285},
     "booleans+percentrank-digits"),
    # seed 12: FALSE of an inline array is 0 in LibreOffice, tying 1 and 0 (measured: 0;
    # MODE({1},0,{1,"3"}) is 1 there)
    ('=MODE({1},A1,{FALSE,1,"3"})', [Array(((1.0,),)), 0.0, Array(((False, 1.0, "3"),))], 1.0,
     0.0, {"booleans": 1.0}, "booleans+mode-ties"),
    ('=MODE({1},A1,{FALSE,1,"3"})', [Array(((1.0,),)), 0.0, Array(((False, 1.0, "3"),))], 1.0,
     0.0, {"booleans": 0.0}, "booleans"),
    ('=MODE({1},A1,{FALSE,1,"3"})', [Array(((1.0,),)), 0.0, Array(((False, 1.0, "3"),))], 1.0,
     3.0, {"booleans": 1.0}, None),  # not one of the tied
    # seed 12: x the text "TRUE" in a cell, read as 1 by LibreOffice (measured over 1..6:
    # 0.143, the rank 1/7 rounded; sheetgd's with x 1 truncates it: 0.142)
    ("=PERCENTRANK.EXC(A1:A6,B1)", [Array(((1.0,), (2.0,), (3.0,), (4.0,), (5.0,), (6.0,))), "TRUE"],
     XLError("#VALUE!"), 0.143, {"text-converted": 0.142}, "text-as-logical+percentrank-digits"),
    ("=PERCENTRANK.EXC(A1:A6,B1)", [Array(((1.0,), (2.0,), (3.0,), (4.0,), (5.0,), (6.0,))), "TRUE"],
     XLError("#VALUE!"), 0.286, {"text-converted": 0.142}, None),  # the rank of 2, not of 1
    ("=GAMMADIST(-1,3.5,3.5,A1)", [-1.0, 3.5, 3.5, "(2)"], XLError("#VALUE!"), 0.0,
     {"text-converted": XLError("#NUM!", "GAMMA: x is outside the distribution's support")},
     "text-as-logical+statistics-domain"),
    # the error of a check made first by LibreOffice, saved as #VALUE!
    ("=LOGEST(A1:A2,B1:B2)", [Array(((0.0,), (0.3,))), Array(((-2.5,), (XLError("#DIV/0!"),)))],
     XLError("#DIV/0!"), XLError("#VALUE!"),
     {"own-check": XLError("#NUM!", "LOGEST: known_y's must be positive")},
     "error-order+invalid-argument"),
    ("=LOGEST(A1:A2,B1:B2)", [Array(((0.0,), (0.3,))), Array(((-2.5,), (XLError("#DIV/0!"),)))],
     XLError("#DIV/0!"), XLError("#VALUE!"), {"own-check": XLError("#DIV/0!", "division by zero")},
     None),
    ("=F.INV(1,2.7,2.7)", [1.0, 2.7, 2.7],
     XLError("#NUM!", "F: probability out of range (an infinite quantile)"), XLError("#N/A"), {},
     "statistics-domain"),
    ("=F.INV(1,2.7,2.7)", [1.0, 2.7, 2.7], XLError("#NUM!", "F: probability out of range"),
     XLError("#N/A"), {}, None),
    ("=NOT(T.TEST({-1,2,2,10},{0,0,3,7},2,4))", [XLError("#VALUE!")], XLError("#NUM!"), False, {},
     "not-array-error"),
    ("=NOT(TTEST(A1:A4,B1:B4,2,4))", [XLError("#VALUE!")], XLError("#NUM!"), False, {}, None),
    ('=IF(ISODD(A1+0),IFERROR("x","x"),"b")', [XLError("#DIV/0!"), "x", "b"], XLError("#DIV/0!"),
     XLError("#VALUE!"), {}, "if-addin-error"),
    ('=IF(ISODD(NA()+0),ISLOGICAL(A1),"x")', [XLError("#N/A"), True, "x"], XLError("#N/A"),
     XLError("#VALUE!"), {}, "if-addin-error"),
    ('=IF(ISODD(NA()+0),3&"","x")', [XLError("#N/A"), "3", "x"], XLError("#N/A"),
     XLError("#VALUE!"), {}, None),  # LibreOffice gives #N/A there; no IS function in a branch
    ('=IF(A1,IFERROR("x","x"),"b")', [XLError("#DIV/0!"), "x", "b"], XLError("#DIV/0!"),
     XLError("#VALUE!"), {}, None),
    ("=BINOM.DIST(A1,2,1,1)", [-0.898, 2.0, 1.0, 1.0], 0.0, XLError("#VALUE!"),
     {"truncated": XLError("#NUM!", "BINOM: x is outside the distribution's support")},
     "truncation"),
    ("=DEC2HEX(A1)", [-56.764], "FFFFFFFFC8", "FFFFFFFFC7", {"truncated": "FFFFFFFFC7"}, "truncation"),
    ("=DEC2HEX(A1)", [-56.764], "FFFFFFFFC8", "FFFFFFFFC6", {"truncated": "FFFFFFFFC7"}, None),
    ('=IMPOWER("1-i",2)', ["1-i", 2.0], "1.22464679914735E-16-2i", "-3.21624529935327e-16-2i", {},
     "complex-rounding"),
    ('=IMPOWER("1-i",2)', ["1-i", 2.0], "1.22464679914735E-16-2i", "1E-6-2i", {}, None),
    # seed 22: LibreOffice's add-in refuses an array as ERF's upper limit (its any-value argument),
    # and evaluates TYPE({3,2,10}) there as an array (ERF(0.1,TYPE({3,2,10})): #VALUE!, measured)
    ("=ERF((SECH(data!G$4))+0,(TYPE({3,2,10}))+0)", [0.0002468196044143015, 64.0],
     0.9997214939060036, XLError("#VALUE!"), {}, "addin-array-option"),
    ("=DEC2BIN(5,4+{0})", [5.0, 4.0], "0101", XLError("#VALUE!"), {}, "addin-array-option"),
    ("=ERF(0.1,SUM(TYPE({3,2,10})))", [0.1, 64.0], 0.8875370839817150, XLError("#VALUE!"), {},
     None),  # SUM makes it one value: 0.887537083981715 in LibreOffice (measured)
    ("=ERF({1,2},2)", [1.0, 2.0], 0.1526214720692377, XLError("#VALUE!"), {},
     None),  # the lower limit is read as a number: 0.152621472069238 (measured)
    ("=STEYX({10,10,2.5},{0,0,2})", [Array(((10.0, 10.0, 2.5),)), Array(((0.0, 0.0, 2.0),))],
     8.429369702178807e-08, 0.0, {}, "approximate-subtraction"),
    ("=STEYX({10,11,2.5},{0,0,2})", [Array(((10.0, 11.0, 2.5),)), Array(((0.0, 0.0, 2.0),))],
     0.7071067811865476, 0.0, {}, None),
    ('=COUNTIF(A1:A3,"TRUE")', [Array(((True,), ("TRUE",), ("x",))), "TRUE"], 1.0, 2.0, {},
     "criteria-booleans"),
    ('=COUNTIF(A1:A3,"TRUE")', [Array(((True,), ("TRUE",), ("x",))), "TRUE"], 1.0, 3.0, {}, None),
    ('=SUMIFS(A1:A2,A1:A2,5,B1:B2,C1)', [Array(((0.0,),)), Array(((0.0,),)), 5.0, Array((("a",),)),
                                          XLError("#REF!", "INDEX out of range")],
     0.0, XLError("#VALUE!"), {}, "criteria-error+invalid-argument"),
    ('=SUMIFS(A1:A2,A1:A2,5,B1:B2,C1)', [Array(((0.0,),)), Array(((0.0,),)), 5.0, Array((("a",),)),
                                          XLError("#REF!", "a #REF! cell")],
     0.0, XLError("#VALUE!"), {}, None),
    # LibreOffice's chi-squared density is 0 at x <= 0; df is truncated in both
    ("=CHISQ.DIST(0,2.7,0)", [0.0, 2.7, 0.0], 0.5, 0.0, {}, "chisq-density-at-zero"),
    ("=CHISQ.DIST(0,2,FALSE)", [0.0, 2.0, False], 0.5, 0.0, {}, "chisq-density-at-zero"),
    ("=CHISQ.DIST(0,2,TRUE)", [0.0, 2.0, True], 0.5, 0.0, {}, None),  # not the density
    ("=CHISQ.DIST(1,2,FALSE)", [1.0, 2.0, False], 0.3032653298563167, 0.0, {}, None),
    # LibreOffice's WEEKNUM calls a year-end week holding the next 1 January week 1
    ("=WEEKNUM(31411,17)", [31411.0, 17.0], 53.0, 1.0, {}, "weeknum-year-end"),
    ("=MINUTE(0.912498)", [0.912498], 54.0, 53.0, {}, "time-second-carry"),
    ("=HOUR(0.9999999)", [0.9999999], 0.0, 23.0, {}, "time-second-carry"),
    ("=MINUTE(0.912498)", [0.912498], 54.0, 52.0, {}, None),
    # fuzz seed 27 and measured in LibreOffice 7.4: PV and FV at a rate below 1E-8 in size
    ("=PV(A1,10,30,0,1)", [1e-202, 10.0, 30.0, 0.0, 1.0], -300.0, -30.0, {}, "annuity-small-rate"),
    ("=PV(1E-12,10,30,100)", [1e-12, 10.0, 30.0, 100.0], -399.99999999734985,
     -400.026670173702, {}, "annuity-small-rate"),
    ("=FV(1E-12,10,30,100,1)", [1e-12, 10.0, 30.0, 100.0, 1.0], -400.00000000265015,
     -400.026670176003, {}, "annuity-small-rate"),
    ("=FV(1E-202,10,30,100,1)", [1e-202, 10.0, 30.0, 100.0, 1.0], -400.00000000000006, -100.0,
     {}, "annuity-small-rate"),
    ("=PV(1E-12,10,30,100)", [1e-12, 10.0, 30.0, 100.0], -399.99999999734985, -401.0, {}, None),
    # seeds 1 and 10: nper as numeric text; an nper near 0 at an ordinary rate
    ('=PV(A1,"50%",-2.5)', [1e-202, "50%", -2.5], 1.2500000000000002, 0.0, {},
     "annuity-small-rate"),
    ("=FV(0.1,1E-200,-2.5,)", [0.1, 1e-200, -2.5, EMPTY], 2.3827544951081216e-200, 0.0, {},
     "annuity-small-rate"),
    ("=FV(0.1,1,-2.5,)", [0.1, 1.0, -2.5, EMPTY], 2.5, 0.0, {}, None),
    # seed 20 and measured in LibreOffice 7.4: its PMT in advance where (1+rate)^nper is 1
    ("=PMT(0.09,A1,0,-2000,1)", [0.09, 1e-200, 0.0, -2000.0, 1.0], 1.9162454078255197e+203,
     XLError("#NUM!"), {}, "annuity-small-rate"),
    ("=PMT(0.09,A1,0,-2000,0)", [0.09, 1e-200, 0.0, -2000.0, 0.0], 2.0887074945298167e+203,
     XLError("#NUM!"), {}, None),
    ("=PMT(0.09,10,0,-2000,1)", [0.09, 10.0, 0.0, -2000.0, 1.0], 120.77, XLError("#NUM!"), {},
     None),
    ("=PV(0.05,10,30,100)", [0.05, 10.0, 30.0, 100.0], -293.04, -293.05, {}, None),
    # fuzz seed 25 and measured in LibreOffice 7.4: cumulative gamma at a huge x/beta
    ("=GAMMADIST(1E+200,0.1,27,1)", [1e200, 0.1, 27.0, 1.0], 1.0, XLError("#N/A"), {},
     "gamma-huge-x"),
    ("=GAMMA.DIST(1E+103,0.1,1,TRUE)", [1e103, 0.1, 1.0, True], 1.0, XLError("#N/A"), {},
     "gamma-huge-x"),
    ("=GAMMADIST(1E+99,0.1,1,1)", [1e99, 0.1, 1.0, 1.0], 1.0, XLError("#N/A"), {}, None),
    ("=GAMMADIST(1E+200,0.1,27,0)", [1e200, 0.1, 27.0, 0.0], 0.0, XLError("#N/A"), {}, None),
    # fuzz seed 18 and measured in LibreOffice 7.4: its cumulative NEGBINOM.DIST of a tiny value
    ("=NEGBINOM.DIST(10,19,0.01,1)", [10.0, 19.0, 0.01, 1.0], 1.8206668318893597e-31, 0.0, {},
     "negbinom-one-minus"),
    ("=NEGBINOM.DIST(10,19,0.1,TRUE)", [10.0, 19.0, 0.1, True], 7.391283210096897e-13,
     7.39186489795429e-13, {}, "negbinom-one-minus"),
    ("=NEGBINOM.DIST(10,19,0.1,FALSE)", [10.0, 19.0, 0.1, False], 7.391283210096897e-13,
     7.39186489795429e-13, {}, None),
    ("=NEGBINOM.DIST(10,3,0.05,1)", [10.0, 3.0, 0.05, 1.0], 0.02450784174587116, 0.0245, {}, None),
    # fuzz seed 17 and measured in LibreOffice 7.4: #FMT from 2^32 seconds on
    ('=TEXT(50273,"[h]:mm")', [50273.0, "[h]:mm"], "1206552:00", "#FMT", {}, "elapsed-time-limit"),
    ('=TEXT(60000,"[m]:ss")', [60000.0, "[m]:ss"], "86400000:00", "#FMT", {}, "elapsed-time-limit"),
    ('=TEXT(49710,"[h]:mm")', [49710.0, "[h]:mm"], "1193040:00", "#FMT", {}, None),
    ('=TEXT(50273,"hh:mm")', [50273.0, "hh:mm"], "00:00", "#FMT", {}, None),
    # fuzz seed 16: LibreOffice's ATAN2 of a negative zero x and 0 is pi (atan2(0, -0))
    ("=ATAN2(A1,0)", [-0.0, 0.0], XLError("#DIV/0!", "ATAN2(0, 0)"), 3.14159265358979, {},
     "division-by-zero"),
    ("=ATAN2(A1,0)", [0.0, 0.0], XLError("#DIV/0!", "ATAN2(0, 0)"), 3.14159265358979, {},
     None),
    ('=WEEKNUM("2000-12-31")', ["2000-12-31"], 54.0, 1.0, {}, "weeknum-year-end"),
    ("=WEEKNUM(31411,12)", [31411.0, 12.0], 53.0, 1.0, {}, None),  # its Tuesday week: 1985's
    ("=WEEKNUM(31411,21)", [31411.0, 21.0], 53.0, 1.0, {}, None),  # ISO weeks: no such rule
    ("=WEEKNUM(31400,17)", [31400.0, 17.0], 53.0, 1.0, {}, None),  # 1985-12-19
    # LibreOffice's odd last period as one, over its YEARFRAC; its refusal of a rate of 0
    ("=ODDLPRICE(39470,39774,39469,0.05,0.05,100,2,1)",
     [39470.0, 39774.0, 39469.0, 0.05, 0.05, 100.0, 2.0, 1.0], 99.99945171513428,
     99.9994552721059, {}, "odd-last-period"),
    ("=ODDLPRICE(39470,39774,39469,0.05,0.05,100,2,1)",
     [39470.0, 39774.0, 39469.0, 0.05, 0.05, 100.0, 2.0, 1.0], 99.99945171513428, 99.9, {}, None),
    ("=ODDLYIELD(35131,35171,35121,0,101.5,105,2,1)",
     [35131.0, 35171.0, 35121.0, 0.0, 101.5, 105.0, 2.0, 1.0], 0.3137931034482759,
     XLError("#VALUE!"), {}, "odd-last-period"),
    # LibreOffice's AMORDEGRC coefficient 1.5 for a life of 4..5 years; AMORLINC never negative
    ("=AMORDEGRC(150,40424,40436,18,2,0.22,2)", [150.0, 40424.0, 40436.0, 18.0, 2.0, 0.22, 2.0],
     37.0, 33.0, {}, "amortization"),
    ("=AMORDEGRC(150,40424,40436,18,2,0.22,2)", [150.0, 40424.0, 40436.0, 18.0, 2.0, 0.22, 2.0],
     37.0, 34.0, {}, None),
    ("=AMORLINC(500,45602,45806,500,1,0.15,2)", [500.0, 45602.0, 45806.0, 500.0, 1.0, 0.15, 2.0],
     -42.49999999999999, 0.0, {}, "amortization"),
    ("=AMORDEGRC(0,42890,43112,0,30,0.4,0)", [0.0, 42890.0, 43112.0, 0.0, 30.0, 0.4, 0.0],
     0.0, XLError("#VALUE!"), {}, "amortization"),
    # seed 14: PV paid in advance with nper 0, LibreOffice 7.4's -1.03318598121405E-09 for type 2
    # and 1 (measured; 0 for type 0), the page's formula 0; PV(0.05,1,100,,1) is -100 in both
    ("=PV(0.08/12,0,100000,,2)", [0.08 / 12, 0.0, 100000.0, EMPTY, 2.0], 0.0,
     -1.03318598121405e-09, {}, "pv-in-advance"),
    ("=PV(0.08/12,0,100000,5,1)", [0.08 / 12, 0.0, 100000.0, 5.0, 1.0], -5.0,
     -5.00000000103319, {}, "pv-in-advance"),
    ("=PV(0.08/12,0,100000,,0)", [0.08 / 12, 0.0, 100000.0, EMPTY, 0.0], 0.0,
     -1.03318598121405e-09, {}, None),  # not paid in advance: its sum is 0 too
    ("=PV(0.08/12,0,100000,,1)", [0.08 / 12, 0.0, 100000.0, EMPTY, 1.0], 0.0,
     -1.0e-09, {}, None),  # not its rounding
    ("=PV(0.08/12,12,100000,,1)", [0.08 / 12, 12.0, 100000.0, EMPTY, 1.0], -1157242.03465972,
     -1157242.1, {}, None),  # another number: a fault
    # seed 23: LibreOffice's NPER takes the log of a ratio near 1 at a small rate (measured)
    ("=NPER(ABS(PHI(data!D$7))/100,1000,-5000)", [5.0522710835368925e-17, 1000.0, -5000.0],
     5.000000000000001, 4.3949463766617, {}, "nper-log-ratio"),
    ("=NPER(1E-17,1000,-5000)", [1e-17, 1000.0, -5000.0], 4.999999999999999, 0.0, {},
     "nper-log-ratio"),
    ("=NPER(1E-8,1000,-5000)", [1e-8, 1000.0, -5000.0], 5.000000150000004, 5.00000015827062, {},
     "nper-log-ratio"),
    ("=NPER(1E-15,1000,-5000,100,1)", [1e-15, 1000.0, -5000.0, 100.0, 1.0], 4.90000000000001,
     4.88498130835068, {}, "nper-log-ratio"),
    ("=NPER(1E-15,1000,-5000)", [1e-15, 1000.0, -5000.0], 5.000000000000015, 4.9, {},
     None),  # not its value (5.10702591327571)
    ("=NPER(0.05,1000,-5000)", [0.05, 1000.0, -5000.0], 5.896312860369905, 5.3, {},
     None),  # a rate whose ratio keeps its digits: a fault
    # LibreOffice's ENCODEURL keeps only letters, digits, - and _; JIS and ASC its own forms
    ('=ENCODEURL("a-b_c~d.e")', ["a-b_c~d.e"], "a-b_c~d.e", "a-b_c%7Ed%2Ee", {},
     "encodeurl-unreserved"),
    ('=ENCODEURL("a.b")', ["a.b"], "a.b", "a%2Eb%20", {}, None),
    ('=ENCODEURL("")', [""], "", XLError("#VALUE!"), {}, "encodeurl-unreserved"),
    ("=JIS(\"don't ｳﾞ\")", ["don't ｳﾞ"], "ｄｏｎ＇ｔ\u3000ヴ", "ｄｏｎ’ｔ ウ゛", {}, "width-forms"),
    ("=JIS(\"don't\")", ["don't"], "ｄｏｎ＇ｔ", "ｄｏｎ'ｔ", {}, None),
    # LibreOffice repeats a test's value in the shape of its array constant inside COUNTA, SUM...
    ('=COUNTA(F.TEST({"3",2},A1),FALSE,-38.1)', [XLError("#VALUE!"), False, -38.1], 3.0, 4.0, {},
     "test-replicated"),
    ('=COUNTA(F.TEST({"3",2},A1),FALSE,-38.1)', [XLError("#VALUE!"), False, -38.1], 3.0, 5.0, {},
     None),
    ("=SUM(F.TEST({3,2,8},{5,6,1}))", [0.8076923076923077], 0.8076923076923077, 2.42307692307692,
     {}, "test-replicated"),
    ("=SUM(F.TEST(A1:A3,B1:B3))", [0.8076923076923077], 0.8076923076923077, 2.42307692307692,
     {}, None),  # no array constant: not what was measured
    ("=Z.TEST(A1:A3,1)", [Array(((3.0,), (4.0,), (5.0,))), 1.0], 6.661338147750939e-16,
     6.10622663543836e-16, {}, "ztest-tail"),
    ("=Z.TEST(A1:A3,1)", [Array(((3.0,), (4.0,), (5.0,))), 1.0], 6.661338147750939e-16,
     6.1e-14, {}, None),
    # z of 5 or more: LibreOffice 7.4's five-term asymptotic tail (its values, measured);
    # sheetgd's is Excel's 1 - NORM.S.DIST(z,TRUE) (scipy: 1 - ndtr(z)); FALSE in an array
    # constant is not a number for Excel (COUNT's page), 0 for LibreOffice
    ("=ZTEST({0,10},1,1)", [Array(((0.0, 10.0),)), 1.0, 1.0], 7.708628957381336e-09,
     7.70879715616957e-09, {}, "ztest-asymptotic"),
    ("=Z.TEST({1,2,3,4,5,6,7,8,9,10},0)", [Array(((1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0),)),
     0.0], 4.60794358225769e-09, 4.60803034618706e-09, {}, "ztest-asymptotic"),
    ("=ZTEST({FALSE,10},1,1)", [Array(((False, 10.0),)), 1.0, 1.0],
     XLError("#DIV/0!", "Z.TEST needs 2 numbers"), 7.70879715616957e-09,
     {"booleans": 7.708628957381336e-09}, "booleans+ztest-asymptotic"),
    ("=ZTEST({0,10},1,1)", [Array(((0.0, 10.0),)), 1.0, 1.0], 7.708628957381336e-09,
     7.7088e-09, {}, None),  # not its series
    ("=ZTEST({0,10},1,1)", [Array(((0.0, 10.0),)), 1.0, 1.0], 7.7085e-09,
     7.70879715616957e-09, {}, None),  # nor the tail
    # |z| of 65536 or more: LibreOffice 7.4's gauss takes floor(|z|) as 16 bits (0 from 2^31),
    # below 5 its series for small z gives no probability (its values, measured); Excel's
    # 1 - NORM.S.DIST(z,TRUE) is 0 or 1 (seed 24's finding, the last but three)
    ("=ZTEST({1,1,1,1},0,2^-15)", [_ONES, 0.0, 2.0 ** -15], 0.0, 1.27568323178857e+98, {},
     "ztest-wrapped-z"),
    ("=ZTEST({-1,-1,-1,-1},0,2^-15)", [Array(((-1.0,) * 4,)), 0.0, 2.0 ** -15], 1.0,
     -1.27568323178857e+98, {}, "ztest-wrapped-z"),
    ("=ZTEST({1,1,1,1},0,2/(65536*2+3.5))", [_ONES, 0.0, 2 / 131075.5], 0.0,
     1.02677528424124e+90, {}, "ztest-wrapped-z"),
    ("=ZTEST({1,1,1,1},0,2^-60)", [_ONES, 0.0, 2.0 ** -60], 0.0, XLError("#NUM!"), {},
     "ztest-wrapped-z"),
    ("=ZTEST(A4:C8,0,5.198672401909923E-14)", [Array(((0.0, 0.534183, 6.0), (-81.62, -14.0, 0.0),
     (0.0, 0.0, 5.0), (3.0, 0.051175, 0.045651), (0.0, 41.206, 0.864796))), 0.0,
     5.198672401909923e-14], 1.0, XLError("#NUM!"), {}, "ztest-wrapped-z"),
    ("=ZTEST({1,1,1,1},0,2/65541.5)", [_ONES, 0.0, 2 / 65541.5], 0.0, XLError("#NUM!"), {},
     None),  # wraps to 5: its tail (0 there, measured)
    ("=ZTEST({1,1,1,1},0,2/60000)", [_ONES, 0.0, 2 / 60000], 0.0, XLError("#NUM!"), {},
     None),  # no wrap
    ("=ZTEST({1,1,1,1},0,2^-15)", [_ONES, 0.0, 2.0 ** -15], 0.5, 1.27568323178857e+98, {},
     None),  # not Excel's formula
    ("=ZTEST({1,1,1,1},0,2^-15)", [_ONES, 0.0, 2.0 ** -15], 0.0, 0.5, {}, None),  # a probability
    ("=Z.TEST({0,10},2,1)", [Array(((0.0, 10.0),)), 2.0, 1.0], 1.1045248499264027e-05,
     1.10452484993e-05, {}, None),  # z 4.24: its gauss keeps the digits (1.1045248499264E-05)
    # a collinear fit inside an operation, and with one-cell known_y's and known_x's
    ("=LINEST(A1,0,FALSE)", [-5.0, 0.0, False], 0.0, XLError("#VALUE!"), {}, "collinear"),
    # seed 32: one y, a row of two x's, no constant: two variables, one observation
    # (LibreOffice 7.4 #VALUE!, measured through INDEX(...,2,2))
    ("=LINEST(A1,B1:C1,0,1)", [-5.0, Array(((3.0, 7.0),)), 0.0, 1.0], 0.0, XLError("#VALUE!"), {},
     "collinear"),
    ("=LINEST(A1,2,FALSE)", [-5.0, 2.0, False], -2.5, XLError("#VALUE!"), {}, None),
    ("=SUMXMY2(A1:A1,B1:B1)", [EMPTY, -56.764], 0.0, 3222.151696, {}, "paired-empty"),
    ("=SUMXMY2(A1:A1,B1:B1)", [EMPTY, -56.764], 0.0, 3000.0, {}, None),
    ("=BETA.DIST(0.05,A1,10,1)", [0.05, 1e308, 10.0, 1.0], 0.0, XLError("#NUM!"), {},
     "beta-overflow"),
    ("=BETA.DIST(0.05,A1,10,1)", [0.05, 1e100, 10.0, 1.0], 0.0, XLError("#NUM!"), {}, None),
    ("=SKEW.P(A1,{1;2.5},IF(ISBLANK(B1),C1:C4,D1:D3))",
     [XLError("#N/A"), Array(((1.0,), (2.5,))), Array(((6.0,), (0.0,), (0.8,)))],
     XLError("#N/A"), XLError("#VALUE!"), {}, "is-if-error"),
    ("=SKEW.P(A1,{1;2.5},IF(B1=0,C1:C4,D1:D3))",
     [XLError("#N/A"), Array(((1.0,), (2.5,))), Array(((6.0,), (0.0,), (0.8,)))],
     XLError("#N/A"), XLError("#VALUE!"), {}, None),
    ("=T.TEST({10,10},{2,2},2,2)", [Array(((10.0, 10.0),)), Array(((2.0, 2.0),)), 2.0, 2.0],
     XLError("#DIV/0!", "T.TEST: no spread"), 0.0, {}, "statistics-domain"),
    ('=DAYS("2042-09-03",A1)', ["2042-09-03", Array(((49226.5695581015, 1.0),))], 2886.0,
     2885.4304418985, {}, "dates"),
    # PRICEMAT from 28 Feb 2011 to 31 Aug 2011: sheetgd's 30/360 now keeps the 31st as Excel
    # and LibreOffice do (fuzz seed 11): a difference left there is a fault, no category
    ("=PRICEMAT(A1,B1,C1,0.12,0.1)", [40602.0, 40786.0, 40348.0, 0.12, 0.1], 100.65238095238095,
     100.623565194393, {}, None),
    ('=ASC("a\u3000b’")', ["a\u3000b’"], "a b’", "a\u3000b'", {}, "width-forms"),
    # seed 3: a number criterion over the text " 4 " (LibreOffice 7.4 gave 0)
    ("=COUNTIF(A1:A2,4)", [Array(((" 4 ",), ("x",))), 4.0], 1.0, 0.0, {}, "criteria-numeric-text"),
    ("=COUNTIF(A1:A2,4)", [Array(((4.0,), ("x",))), 4.0], 2.0, 0.0, {}, None),  # not its recount
    # seed 5: LibreOffice 7.4 repeats FORECAST.LINEAR's 2.5 in the constants' shape (measured)
    ("=MODE(-0.46,FORECAST.LINEAR(0,{3,2.5,2},{7,1,7}))", [-0.46, 2.5], XLError("#N/A"), 2.5, {},
     "test-replicated"),
    ("=MODE(-0.46,FORECAST(0,{3,2.5,2},{7,1,7}))", [-0.46, 2.5], XLError("#N/A"), 2.5, {}, None),
    # seed 2: a tiny cumulative probability (LibreOffice 7.4's value, measured)
    ("=WEIBULL.DIST(0.1,3.5,10,TRUE)", [0.1, 3.5, 10.0, True], 9.999999506238311e-08,
     9.99999949513608e-08, {}, "weibull-one-minus"),
    ("=WEIBULL.DIST(0.1,3.5,10,TRUE)", [0.1, 3.5, 10.0, True], 9.999999506238311e-08,
     9.9e-08, {}, None),
    # seed 4: 2000-07-31 to 2001-07-30, one 30/360 year to the day after maturity:
    # LibreOffice 7.4 #VALUE! (measured in the fuzz run), Excel's formula 90.9
    ("=TBILLPRICE(36738,37102,0.09)", [36738.0, 37102.0, 0.09], 90.9, XLError("#VALUE!"), {},
     "tbill-days"),
    ("=TBILLPRICE(36738,37100,0.09)", [36738.0, 37100.0, 0.09], 90.9, XLError("#VALUE!"), {},
     None),
    # seed 30: 2013-08-08 to 2014-08-08, exactly one calendar year (Excel's pages allow it):
    # LibreOffice 7.4 #VALUE! for TBILLEQ and TBILLYIELD, 30/360 days past 360 (measured);
    # a day shorter it computes them
    ("=TBILLEQ(41493,41858,0.05)", [41493.0, 41858.0, 0.05], 0.05270709977197674,
     XLError("#VALUE!"), {}, "tbill-days"),
    ("=TBILLYIELD(41493,41858,98)", [41493.0, 41858.0, 98.0], 0.02012859938495946,
     XLError("#VALUE!"), {}, "tbill-days"),
    ("=TBILLEQ(41493,41856,0.05)", [41493.0, 41856.0, 0.05], 0.0527, XLError("#VALUE!"), {}, None),
    # seed 30: LibreOffice 7.4's 3.7980929512571E-10 (measured); mpmath's 40 digits give
    # 3.798093648095628589E-10, sheetgd's is scipy's fdtr
    ("=F.DIST(0.1,30,100,1)", [0.1, 30.0, 100.0, 1.0], 3.798093648095645e-10, 3.7980929512571e-10,
     {}, "f-lower-tail"),
    # seed 32: LibreOffice 7.4 #N/A for alpha 1E+7 and more (measured; 1E+6 computes)
    ("=GAMMA.INV(0.01,1E+300,0.1)", [0.01, 1e300, 0.1], 1e299, XLError("#N/A"), {},
     "gamma-huge-shape"),
    ("=GAMMA.INV(0.5,1E+7,1)", [0.5, 1e7, 1.0], 9999999.666666666, XLError("#N/A"), {},
     "gamma-huge-shape"),
    ("=GAMMA.INV(0.5,1E+7,1)", [0.5, 1e7, 1.0], 1e7 + 1000, XLError("#N/A"), {}, None),  # not p's
    ("=GAMMA.INV(0.5,1E+6,1)", [0.5, 1e6, 1.0], 999999.6666679, XLError("#N/A"), {}, None),
    # seed 31: data!C8:F8 held 2, 0, "Dog", "$5"; LibreOffice 7.4 0.161099402894744 (measured)
    ("=Z.TEST(A1:D1,0.3,1)", [Array(((2.0, 0.0, "Dog", "$5"),)), 0.3, 1.0], 0.16109940308129078,
     0.161099402894744, {}, "ztest-gauss"),
    ("=Z.TEST(A1:D1,0.3,1)", [Array(((2.0, 0.0, "Dog", "$5"),)), 0.3, 1.0], 0.161099402894744,
     0.16109940308129078, {}, None),  # the other way round: sheetgd's would be the one off
    # seed 30: FREQUENCY's bins an error (RANK.AVG of a number not in the list): Excel passes it
    # on as SUM does; LibreOffice 7.4 #VALUE! (measured)
    ("=FREQUENCY({FALSE,2},A1)", [Array(((False, 2.0),)), XLError("#N/A")], XLError("#N/A"),
     XLError("#VALUE!"), {}, "error-argument"),
    ("=F.DIST(0.1,30,100,1)", [0.1, 30.0, 100.0, True], 3.7980929512571e-10,
     3.798093648095645e-10, {}, None),  # the other way round: sheetgd's would be the one off
    # seed 3: RANK.EQ of a cell holding the text "TRUE": LibreOffice 7.4 reads it as 1
    # (its "TRUE"+0 is 1), which is not in the list, and gives -1 (measured)
    ("=RANK.EQ(A1,B1:B3,1)", ["TRUE", Array(((56.157,), (-71.345,), (0.0,))), 1.0],
     XLError("#VALUE!"), -1.0,
     {"text-converted": XLError("#N/A", "RANK: the number is not in the list")},
     "text-as-logical+rank-not-found"),
    ("=RANK.EQ(A1,B1:B3,1)", ["TRUE", Array(((56.157,), (-71.345,), (0.0,))), 1.0],
     XLError("#VALUE!"), -1.0, {"text-converted": 3.0}, None),
    # LibreOffice 7.4's values, measured: NEGBINOMDIST(0,1,p) #VALUE!, (0,2,0.9) 0.81
    # seed 11: WEIBULL(10,6812.04,10,FALSE) (and WEIBULL.DIST), 10^6812.04 past a double:
    # LibreOffice 7.4 #NUM!; WEIBULL(5,400,10,FALSE), 10^400 so: 0 (scipy's density 3.1E-119);
    # WEIBULL(10,300,10,FALSE), every term a double: 11.0363832351433 in both (all measured)
    ("=WEIBULL(10,A1,10,B1)", [10.0, 6812.040000000005, 10.0, False], 250.6009468437514,
     XLError("#NUM!"), {}, "weibull-density-terms"),
    ("=WEIBULL(5,400,10,FALSE)", [5.0, 400.0, 10.0, False], 3.0980735318794546e-119, 0.0, {},
     "weibull-density-terms"),
    ("=WEIBULL(5,400,10,FALSE)", [5.0, 400.0, 10.0, False], 3.0980735318794546e-119, 1e-119, {},
     None),  # not its product
    ("=WEIBULL(10,300,10,FALSE)", [10.0, 300.0, 10.0, False], 11.036383235143271,
     XLError("#NUM!"), {}, None),  # its terms are doubles: a #NUM! there is a fault
    ("=WEIBULL(10,A1,10,TRUE)", [10.0, 6812.04, 10.0, True], 0.6321205588285577,
     XLError("#NUM!"), {}, None),  # cumulative: no such product
    ("=NEGBINOMDIST(0,1,0.9)", [0.0, 1.0, 0.9], 0.9, XLError("#VALUE!"), {}, "negbinom-one-trial"),
    ("=NEGBINOMDIST(0.5,1,0.5)", [0.5, 1.0, 0.5], 0.5, XLError("#VALUE!"), {}, "negbinom-one-trial"),
    ("=NEGBINOMDIST(0,2,0.9)", [0.0, 2.0, 0.9], 0.81, XLError("#VALUE!"), {}, None),
    # one coupon left: LibreOffice's search finds no negative yield (#VALUE!), and
    # finds its own yield at a price below par (7.47188796316984, measured)
    ("=YIELD(35237,35246,0,110,100,4)", [35237.0, 35246.0, 0.0, 110.0, 100.0, 4.0],
     -3.6363636363636394, XLError("#VALUE!"), {}, "bond-price-days"),
    ("=YIELD(35237,35246,0,90,100,4)", [35237.0, 35246.0, 0.0, 90.0, 100.0, 4.0],
     4.444444444444443, 7.47188796316984, {}, "bond-price-days"),
    ("=YIELD(35237,35246,0,90,100,4)", [35237.0, 35246.0, 0.0, 90.0, 100.0, 4.0],
     4.444444444444443, XLError("#VALUE!"), {}, None),  # its search succeeds there
    # seed 7: LibreOffice 7.4's IMPOWER("3+4i",0.5) is 2+1i (measured): its imaginary part
    # 1.0000000000000002 written with the digit; sheetgd's exact 1 is Excel's "i"
    ('=IMPOWER("3+4i",0.5)', ["3+4i", 0.5], "2+i", "2+1i", {}, "complex-rounding"),
    ('=IMPOWER("3+4i",0.5)', ["3+4i", 0.5], "2+i", "2+1.0i", {}, None),  # not its spelling
    ('=IMPOWER("-i",1)', ["-i", 1.0], "-i", "-1j", {}, None),  # another unit
    # seed 7: MODE of A1:B7 (7 and 0 twice each, 7 first) and a one-cell range holding the
    # text "TRUE", skipped: LibreOffice 7.4 gives 0 (measured), Excel the first seen
    ("=MODE(A1:B7,F8:F8)", [Array(((7.0, 0.0), (18.0, 0.931619), (0.63736, 7.0), (-18.0, 29.139),
                                   (0.0, 6.0), (-20.0, 3.0), (5.0, 26.63))), "TRUE"],
     7.0, 0.0, {}, "mode-ties"),
    ("=MODE(A1:B7,F8:F8)", [Array(((7.0, 0.0), (18.0, 0.931619), (0.63736, 7.0), (-18.0, 29.139),
                                   (0.0, 6.0), (-20.0, 3.0), (5.0, 26.63))), "TRUE"],
     7.0, 5.0, {}, None),  # not one of the tied
    ('=MODE(A1:B2,"TRUE")', [Array(((7.0, 0.0), (7.0, 0.0))), "TRUE"], 7.0, 0.0, {}, None),  # typed
    # seed 23: MODE.MULT(C6:C8,A4:B6) over 63.666,0.773619,-7 and 7,3;0,0;15,3: sheetgd's
    # modes {3;0} (first seen, row by row); LibreOffice 7.4 reads the block column by
    # column: INDEX(...,1) is 0 there (measured)
    ("=INDEX(MODE.MULT(C6:C8,A4:B6),1)", [Array(((3.0,), (0.0,))), 1.0], 3.0, 0.0, {},
     "mode-ties"),
    ("=INDEX(MODE.MULT(C6:C8,A4:B6),2,1)", [Array(((3.0,), (0.0,))), 2.0, 1.0], 0.0, 3.0, {},
     "mode-ties"),
    ("=INDEX(MODE.MULT(C6:C8,A4:B6),1)", [Array(((3.0,), (0.0,))), 1.0], 3.0, 5.0, {},
     None),  # not one of the modes
    ("=INDEX(MODE.MULT(C6:C8,A4:B6),2)", [Array(((3.0,), (0.0,))), 2.0], 3.0, 0.0, {},
     None),  # sheetgd's value is not its mode at that place
    # seed 7 and LibreOffice 7.4's values measured one formula a cell over F6:F8 = #N/A,
    # #DIV/0!, "x": its wildcards match an error's text (MAXIFS 7, "*a*" 1, "*/*" 2, "<>*a*"
    # of #N/A 0); Excel's match text cells only
    ('=MAXIFS(D6:D8,A6:A8,"<>3",F6:F8,"*a*")',
     [Array(((7.0,), (9.0,), (0.0,))), Array(((0.047991,), (5.0,), (-83.603,))), "<>3",
      Array(((_NA,), (_DIV0,), ("x",))), "*a*"], 0.0, 7.0, {}, "criteria-error-text"),
    ('=MAXIFS(D6:D8,A6:A8,"<>3",F6:F8,"*a*")',
     [Array(((7.0,), (9.0,), (0.0,))), Array(((0.047991,), (5.0,), (-83.603,))), "<>3",
      Array(((_NA,), (_DIV0,), ("x",))), "*a*"], 0.0, 9.0, {}, None),
    ('=COUNTIF(F6:F8,"*a*")', [Array(((_NA,), (_DIV0,), ("x",))), "*a*"], 0.0, 1.0, {},
     "criteria-error-text"),
    ('=COUNTIF(F6:F8,"*/*")', [Array(((_NA,), (_DIV0,), ("x",))), "*/*"], 0.0, 2.0, {},
     "criteria-error-text"),
    ('=COUNTIF(F6:F6,"<>*a*")', [_NA, "<>*a*"], 1.0, 0.0, {}, "criteria-error-text"),
    ('=COUNTIF(F6:F8,"*a*")', [Array(((_NA,), (_DIV0,), ("x",))), "*a*"], 0.0, 2.0, {}, None),
    ('=COUNTIF(F6:F8,"<>x")', [Array(((_NA,), (_DIV0,), ("y",))), "<>x"], 3.0, 1.0, {}, None),
    # seed 8: "<>3" over the text "3" and #DIV/0!: LibreOffice 7.4 counts 1 (measured; 0
    # over the text alone); Excel every cell but the number 3 (the COUNTIF quirk, criteria.py)
    ('=COUNTIF(F6:F7,"<>3")', [Array((("3",), (_DIV0,))), "<>3"], 2.0, 1.0, {},
     "criteria-not-equal-text"),
    ('=COUNTIF(F6:F6,"<>3")', ["3", "<>3"], 1.0, 0.0, {}, "criteria-not-equal-text"),
    ('=COUNTIF(F6:F7,"<>3")', [Array((("3",), (_DIV0,))), "<>3"], 2.0, 0.0, {}, None),
    ('=COUNTIF(F6:F7,"<>3")', [Array(((" 3 ",), (_DIV0,))), "<>3"], 2.0, 1.0, {}, None),
    # seed 7, and LibreOffice 7.4's values measured one formula a cell: it strips a hex x or 0x
    # prefix, an h or b suffix, leading spaces (DECIMAL("x",16) 0, "x1F" 31, "1Fh" 31, "101b"
    # base 2: 5, " 7" base 10: 7) and
    # refuses "1Fx" and base 10's "x" (#VALUE!: its invalid argument)
    ('=DECIMAL("x",16)', ["x", 16.0], _not_a_digit("X", 16), 0.0, {}, "decimal-affixes"),
    ('=DECIMAL("x1F",16)', ["x1F", 16.0], _not_a_digit("X", 16), 31.0, {}, "decimal-affixes"),
    ('=DECIMAL("1Fh",16)', ["1Fh", 16.0], _not_a_digit("H", 16), 31.0, {}, "decimal-affixes"),
    ('=DECIMAL("101b",2)', ["101b", 2.0], _not_a_digit("B", 2), 5.0, {}, "decimal-affixes"),
    ('=DECIMAL(" 7",10)', [" 7", 10.0], _not_a_digit(" ", 10), 7.0, {}, "decimal-affixes"),
    ('=DECIMAL("1Fx",16)', ["1Fx", 16.0], _not_a_digit("X", 16), XLError("#VALUE!"), {},
     "invalid-argument"),
    ('=DECIMAL("x",10)', ["x", 10.0], _not_a_digit("X", 10), XLError("#VALUE!"), {},
     "invalid-argument"),
    ('=DECIMAL("x",16)', ["x", 16.0], _not_a_digit("X", 16), 5.0, {}, None),
    # seed 9 and LibreOffice 7.4's values, measured one formula a cell: PERCENTRANK rounds the
    # binary 0.012499999999999999 (0.012); Excel truncates at the digits (0.01)
    ("=PERCENTRANK(A1:A5,0.3,2)", [Array(((9.0,), (17.0,), (0.0,), (6.0,), (30.593,))), 0.3, 2.0],
     0.01, 0.012, {}, "percentrank-digits"),
    ("=PERCENTRANK(A1:A5,0.3,2)", [Array(((9.0,), (17.0,), (0.0,), (6.0,), (30.593,))), 0.3, 2.0],
     0.01, 0.011, {}, None),
    # a number criterion over the text "3": LibreOffice selects numbers only (AVERAGEIFS
    # #DIV/0!, SUMIFS 0, measured; seed 9), Excel the text too
    ("=AVERAGEIFS(D1:D3,C1:C3,3)", [_TENS, _ONE_3_X, 3.0], 20.0, _DIV0, {}, "criteria-numeric-text"),
    ("=SUMIFS(D1:D3,C1:C3,3)", [_TENS, _ONE_3_X, 3.0], 20.0, 0.0, {}, "criteria-numeric-text"),
    ("=SUMIFS(D1:D3,C1:C3,3)", [_TENS, _ONE_3_X, 3.0], 20.0, 10.0, {}, None),
    # the cells MINIFS selects hold two errors: LibreOffice reports the last (#N/A after
    # #DIV/0!, #DIV/0! after #N/A, measured; seed 10), Excel the first
    ('=MINIFS(A1:A2,B1:B2,">1")', [Array(((_DIV0,), (_NA,))), Array(((5.0,), (6.0,))), ">1"],
     _DIV0, _NA, {}, "error-order"),
    ('=MINIFS(F7:F8,G7:G8,">1")', [Array(((_NA,), (_DIV0,))), Array(((24.0,), (30.0,))), ">1"],
     _NA, _DIV0, {}, "error-order"),
    ('=MINIFS(F7:F8,G7:G8,">1")', [Array(((_NA,), (_DIV0,))), Array(((24.0,), (30.0,))), ">1"],
     _NA, XLError("#NUM!"), {}, None),
    # seed 9: XOR of FORECAST.LINEAR given array constants: LibreOffice repeats its value in
    # the constants' shape, two TRUEs: FALSE (three: TRUE; measured); Excel TRUE
    ("=XOR(FORECAST.LINEAR(2.5E+10,{0,10},{2.5,1}),FALSE)", [-166666666650.0, False], True, False,
     {}, "test-replicated"),
    ("=XOR(FORECAST(2.5E+10,{0,10},{2.5,1}),FALSE)", [-166666666650.0, False], True, False, {}, None),
    # seed 17: ">"&F2 with the text "TRUE" in F2: LibreOffice reads ">TRUE" as ">1" and selects
    # 31 and 22 (-16.636, measured); Excel compares logical cells only: none, 0
    ('=MINIFS(D3:D4,H3:H4,">"&F2,H3:H4,">"&1.856)',
     [Array(((-16.636,), (0.0,))), _H3_H4, ">TRUE", _H3_H4, ">1.856"], 0.0, -16.636, {},
     "criteria-booleans"),
    ('=MINIFS(D3:D4,H3:H4,">"&F2,H3:H4,">"&1.856)',
     [Array(((-16.636,), (0.0,))), _H3_H4, ">TRUE", _H3_H4, ">1.856"], 0.0, 0.5, {}, None),
    ('=MINIFS(D3:D4,H3:H4,">"&F2,H3:H4,">"&1.856)',
     [Array(((-16.636,), (0.0,))), _H3_H4, ">x", _H3_H4, ">1.856"], 0.0, -16.636, {}, None),
    # seed 16: IFS whose first condition is #DIV/0! (ISEVEN of QUARTILE.EXC over FALSE and
    # #DIV/0!): LibreOffice's #VALUE! (measured); Excel passes the error on
    ('=IFS(ISEVEN(A1),G5,NOT(ISERROR("dog")),N(E1)%,XOR(FALSE()),B1/C1)',
     [_DIV0, 26.0, True, 0.0, False, _DIV0], _DIV0, XLError("#VALUE!"), {}, "error-argument"),
    ("=IFS(FALSE,1,A1,2)", [False, 1.0, _NA, 2.0], _NA, XLError("#VALUE!"), {}, "error-argument"),
    ("=IFS(TRUE,A1,B1,2)", [True, _NA, _DIV0, 2.0], _NA, XLError("#VALUE!"), {}, None),  # a value's
    ("=IFS(A1,1)", [_DIV0, 1.0], _DIV0, XLError("#NUM!"), {}, None),
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



@pytest.mark.parametrize("formula,lo", [
    ('=COMPLEX(data!F1,1,"i")', "1+i"), ("=COMPLEX(1,data!F1)", "1+i"), ("=COMPLEX(data!F2,1)", "0.5+i"),
])
def test_complex_redone_with_text_read_the_libreoffice_way(formula, lo):
    # LibreOffice 7.4's values, measured one formula a cell with the text "TRUE" in F1
    # and "50%" in F2 (seed 6's COMPLEX(data!F$1,1,"i")); Excel refuses "TRUE" (#VALUE!,
    # its COMPLEX page: a real_num or i_num that is nonnumeric)
    from .fuzz_redo import text_converted

    data = {"F1": "TRUE", "F2": "50%"}
    host = Host(sheetgd_book(data, {}), "s", 1)
    node = parse(formula, 1, 1)
    redone = sheetgd_book(data, {(1, 1): "=" + render(text_converted(node, host), 1, 1)})
    value = redone.value("s!A1")
    assert value == lo
    operands = [host.value(a) for a in node.args]
    sg = sheetgd_book(data, {(1, 1): formula}).value("s!A1")
    if "TRUE" in operands:  # sheetgd's is Excel's #VALUE!; "50%" both read as 0.5
        assert isinstance(sg, XLError) and sg.kind == "#VALUE!"
        assert classify(node, operands, sg, lo, _redo({"text-converted": value})) == "text-as-logical"
        assert classify(node, operands, sg, "2+i", _redo({"text-converted": value})) is None
    else:
        assert sg == lo


@pytest.mark.parametrize("formula,redone", [
    ('=DEC2HEX("-$1,000.5",1)', "DEC2HEX((-1001.0),1)"),  # text that reads as -1000.5
    ("=DEC2HEX(data!A1,1)", "DEC2HEX((-57.0),1)"),  # a negative fraction in a cell
    ('=DEC2HEX("-1000",1)', 'DEC2HEX("-1000",1)'),  # a whole number: as it is
    ('=DEC2HEX("x",1)', 'DEC2HEX("x",1)'),  # no number: as it is
])
def test_negative_fractions_are_floored_as_libreoffice_takes_them(formula, redone):
    # seed 20: LibreOffice 7.4's DEC2HEX("-$1,000.5",1) is FFFFFFFC17 (-1001), Excel's
    # (and sheetgd's) FFFFFFFC18: its page truncates a number that is no integer
    from .fuzz_redo import negatives_floored

    host = Host(sheetgd_book({"A1": -56.764}, {}), "s", 1)
    node = parse(formula, 1, 1)
    assert render(negatives_floored(node, host), 1, 1) == redone
    value = sheetgd_book({}, {(1, 1): "=" + redone}).value("s!A1") if "1001" in redone else None
    assert value in (None, "FFFFFFFC17")
    if value is not None:
        assert classify(node, ["-$1,000.5", 1.0], "FFFFFFFC18", value,
                        _redo({"truncated": value})) == "truncation"


def test_type_of_an_array_constant_is_redone_element_by_element():
    # seed 25: LibreOffice 7.4's MODE(data!F2:F3,TYPE({1;2})) is 64 (TYPE repeated over the
    # constant's elements: 64 twice), and MODE(TYPE({1;2})) 64, SUM(TYPE({1;2})) 128, measured;
    # Excel's TYPE of an array is one 64 (its TYPE page): sheetgd's MODE has no repeat, #N/A
    from .fuzz_redo import type_elementwise

    node = parse('=MODE(data!F2:F3,TYPE({1;2}),TYPE({"a",TRUE}))', 1, 1)
    assert render(type_elementwise(node), 1, 1) == "MODE(data!F2:F3,{64;64},{64,64})"
    site = parse("=MODE(data!F2:F3,TYPE({1;2}))", 1, 1)
    redone = sheetgd_book({"F2": "x", "F3": "y"}, {(1, 1): "=" + render(
        type_elementwise(site), 1, 1)}).value("s!A1")
    assert redone == 64.0
    operands = [Array((("x",), ("y",))), 64.0]
    assert classify(site, operands, XLError("#N/A"), 64.0,
                    _redo({"type-elementwise": redone})) == "array-evaluation"
    assert classify(site, operands, XLError("#N/A"), 1.0,
                    _redo({"type-elementwise": redone})) is None


def test_the_2d_intersection_redo_takes_the_cell_in_the_formulas_row_and_column():
    from .fuzz_redo import ranges_intersected_2d

    book = sheetgd_book({"A5": 3.0, "B5": 4.0, "A6": 8.0, "B6": 9.0}, {})
    node = parse("=INDEX(data!A5:B6,0)/2", 6, 1)
    redone = ranges_intersected_2d(node, Host(book, "s", 6))
    assert render(redone, 6, 1) == "(8.0)/2"
    outside = ranges_intersected_2d(parse("=INDEX(data!A5:B6,0)/2", 9, 1), Host(book, "s", 9))
    assert render(outside, 9, 1) == "INDEX(data!A5:B6,0)/2"


@pytest.mark.parametrize("formula,recognised", [
    ("=INDEX(MODE.MULT({1,1;TRUE,0}),1)", True),  # LibreOffice's numbers 0,1,1,1
    ("=GAMMA.DIST(INDEX(MODE.MULT({7,7,1,2}),1),3.5,1,FALSE)", True),
    ("=INDEX(MODE.MULT({5,1,1}),1)", False),  # these LibreOffice 7.4 computes
    ("=INDEX(MODE.MULT({2,2,9,9,9}),1)", False),
    ("=INDEX(MODE.MULT({3,3,1,1}),1)", False),
])
def test_mode_mult_whose_only_repeated_number_is_its_largest(formula, recognised):
    # LibreOffice 7.4's #VALUE! for these (and values for the others) were
    # observed one formula per workbook; sheetgd's value is Excel's mode.
    book = sheetgd_book({"A1": 1.0}, {})
    node = parse(formula, 1, 1)
    found = classify(node, [], 5.0, XLError("#VALUE!"), _redo(), Host(book, "s", 1))
    assert (found == "mode-mult-largest") == recognised


_SEED_27 = "{3,0,0;12.409,0.343193,-6;0.029663,0,0}"  # seed 27's data!A4:C6, singular


def test_minverse_of_a_singular_matrix_inverted_by_libreoffice():
    # LibreOffice 7.4, measured: INDEX(MINVERSE(m),1,2) 0, (1,1) 0, (3,3)
    # -3.8263317585353E+17 (MDETERM(m) -2.69077295167453E-18); Excel's #NUM!
    host = Host(sheetgd_book({"A1": 1.0}, {}), "s", 1)
    site = parse(f"=INDEX(MINVERSE({_SEED_27}),1,2)", 1, 1)
    assert classify(site, [0.0, 1.0, 2.0], XLError("#REF!", "INDEX out of range"), 0.0, _redo(),
                    host) == "singular-inverse"
    site = parse(f"=INDEX(MINVERSE({_SEED_27}),3,3)", 1, 1)
    assert classify(site, [0.0, 3.0, 3.0], XLError("#REF!", "INDEX out of range"),
                    -3.8263317585353e+17, _redo(), host) == "singular-inverse"
    singular = XLError("#NUM!", "MINVERSE of a singular matrix")
    matrix = Array(((3.0, 0.0, 0.0), (12.409, 0.343193, -6.0), (0.029663, 0.0, 0.0)))
    assert classify(parse(f"=MINVERSE({_SEED_27})", 1, 1), [matrix], singular, 0.0, _redo(),
                    host) == "singular-inverse"
    # an invertible matrix is not explained so (MINVERSE({2,0;0,4}) is {0.5,0;0,0.25})
    assert classify(parse("=INDEX(MINVERSE({2,0;0,4}),1,2)", 1, 1), [0.5, 1.0, 2.0],
                    XLError("#REF!", "INDEX out of range"), 0.0, _redo(), host) != "singular-inverse"
    # nor LibreOffice's error for an exact zero pivot (MINVERSE({1,2;2,4}): #VALUE!, measured)
    assert classify(parse("=MINVERSE({1,2;2,4})", 1, 1), [Array(((1.0, 2.0), (2.0, 4.0)))],
                    singular, XLError("#VALUE!"), _redo(), host) == "invalid-argument"


def test_a_collinear_fit_read_by_index_is_recognised():
    book = sheetgd_book({"A1": 1.0}, {})
    host = Host(book, "s", 1)
    assert classify(parse("=INDEX(TREND({10,1},{2,2}),2)", 1, 1), [], 5.5, XLError("#VALUE!"),
                    _redo(), host) == "collinear"
    assert classify(parse("=INDEX(TREND({10,1},{2,3}),2)", 1, 1), [], 1.0, XLError("#VALUE!"),
                    _redo(), host) is None
    # TREND's first value in a sum (Excel 2019's implicit intersection of its array)
    assert classify(parse("=1+TREND({2,3},{0,0},{1;2})", 1, 1), [], 3.5, XLError("#VALUE!"),
                    _redo(), host) == "collinear"
    assert classify(parse("=1+TREND({2,3},{0,1},{1;2})", 1, 1), [], 4.0, XLError("#VALUE!"),
                    _redo(), host) is None
    # seed 7: element-wise arithmetic on GROWTH of a constant x, its first value in a sum:
    # LibreOffice 7.4's (GROWTH({7,2},{-1,-1})*0.1+0.2-0.3)-1 is #VALUE! (measured); Excel's
    # fit of a constant x is the geometric mean, sqrt(14)*0.1+0.2-0.3-1 (the LINEST page)
    nested = "=((GROWTH({7,2},{-1,-1})*0.1+0.2-0.3)-1)+0"
    excel = 14 ** 0.5 * 0.1 + 0.2 - 0.3 - 1
    assert classify(parse(nested, 1, 1), [], excel, XLError("#VALUE!"), _redo(), host) == "collinear"
    assert classify(parse(nested.replace("{-1,-1}", "{-1,1}"), 1, 1), [], excel, XLError("#VALUE!"),
                    _redo(), host) is None
    assert classify(parse("=SUM(GROWTH({7,2},{-1,-1})*0.1)+0", 1, 1), [], excel,
                    XLError("#VALUE!"), _redo(), host) is None  # not through a function


# seed 1's data (its third batch): GEOMEAN of 12, 0.229434, 7, -5 and F1:F7, with #N/A in F6
_GEOMEAN_DATA = {"G3": 12.0, "D6": 0.229434, "D7": 7.0, "D8": -5.0, "F1": "x", "F2": "x", "F3": "$5",
                 "F4": "TRUE", "F5": " 4 ", "F6": "=NA()", "F7": True}


@pytest.mark.parametrize("formula,data,lo,category", [
    # LibreOffice 7.4 computed the same workbook (the formula's sites) twice: -1E+200 in one
    # run, #N/A in the next (measured); Excel passes an error on, sheetgd's #NUM! its order's
    ("=GEOMEAN(data!$G$3,data!D6:D8,data!F1:F7)-1E+200", _GEOMEAN_DATA, -1e200, "geomean-error-zero"),
    ("=GEOMEAN(data!$G$3,data!D6:D8,data!F1:F7)-1E+200", _GEOMEAN_DATA, -2e200, None),
    ("=GEOMEAN(data!$G$3,data!D6:D8,data!F1:F7)-1E+200", _GEOMEAN_DATA | {"F6": 5.0}, -1e200, None),
    ("=GEOMEAN(data!$G$3,data!D6:D7)+1", _GEOMEAN_DATA, 1.0, None),  # no error cell
])
def test_libreoffices_geomean_of_an_error_cell_as_0(formula, data, lo, category):
    host = Host(sheetgd_book(data, {}), "s", 1)
    node = parse(formula, 1, 1)
    sg = sheetgd_book(data, {(1, 1): formula}).value("s!A1")
    operands = [host.value(a) for a in node.children()]
    assert classify(node, operands, sg, lo, _redo(), host) == category


@pytest.mark.parametrize("formula,category", [
    ("=(F.TEST(data!D3:D6,{2}))^(data!A2+data!C2)", "array-error+test-replicated"),
    ("=CHISQ.TEST({1,2},{0,0})^2", "array-error+test-replicated"),
    ("=T.TEST(data!D3:D6,data!D3:D3,2,1)^2", None),  # ranges only: the error is kept
    ("=(F.TEST(data!D3:D6,{2}))*2", None),  # not a power
])
def test_a_power_of_a_test_libreoffice_repeats_holding_an_error(formula, category):
    # LibreOffice 7.4's values, measured one formula a cell over seed 7's data (D3:D6 =
    # -19, 0.898675, 0.350219, 0.035283; A2 0, C2 -30.951): #NUM! for the first two, the
    # tests alone #VALUE! and #DIV/0!, T.TEST's power #VALUE!, the product #VALUE!; sheetgd's
    # is the test's error (Excel passes it on)
    data = {"D3": -19.0, "D4": 0.898675, "D5": 0.350219, "D6": 0.035283, "A2": 0.0, "C2": -30.951}
    host = Host(sheetgd_book(data, {}), "s", 1)
    node = parse(formula, 1, 1)
    sg = sheetgd_book(data, {(1, 1): formula}).value("s!A1")
    assert isinstance(sg, XLError) and sg.kind != "#NUM!"
    operands = [host.value(a) for a in node.children()]
    assert classify(node, operands, sg, XLError("#NUM!"), _redo(), host) == category


# LibreOffice 7.4's values, recalculated one formula a cell with data!A1:A10 = 1..10 and
# data!H1:H2 text (tests/fuzz_frequency.py); sheetgd's are those of Excel's rules
# (its FREQUENCY page: zeros for data without numbers; 2-D bins read row by row).
@pytest.mark.parametrize("formula,sg,lo,category", [
    ("=INDEX(FREQUENCY(data!A1:A10,{3,10;3,1}),2)", 7.0, 0.0, "frequency"),  # column by column
    ("=INDEX(FREQUENCY(data!A1:A10,{3,10;3,1}),3)", 0.0, 7.0, "frequency"),
    ("=INDEX(FREQUENCY(data!A1:A10,{3,10;3,1}),3)", 0.0, 5.0, None),
    ("=INDEX(FREQUENCY(data!A1:A10,{3;3;7}),2)", 0.0, 3.0, "frequency"),  # equal bins
    ("=INDEX(FREQUENCY(data!A1:A10,{3;4;7}),2)", 1.0, 3.0, None),
    ("=INDEX(FREQUENCY(data!H1:H2,{1;2}),3)", 0.0, XLError("#VALUE!"), "frequency"),  # no numbers
    ("=ROWS(FREQUENCY(data!H1:H2,{1;2}))", 3.0, XLError("#VALUE!"), "frequency"),
    ("=INDEX(FREQUENCY(data!A1:A10,{1;2}),3)", 8.0, XLError("#VALUE!"), None),
    ("=INDEX(FREQUENCY(data!A1:A10,{1;2}),3)", 8.0, XLError("#N/A"), None),
])
def test_libreoffices_frequency_rule_is_recognised(formula, sg, lo, category):
    data = {f"A{i}": float(i) for i in range(1, 11)} | {"H1": "a", "H2": "b"}
    book = sheetgd_book(data, {})
    node = parse(formula, 1, 1)
    host = Host(book, "s", 1)
    operands = [host.value(a) for a in node.args]
    assert classify(node, operands, sg, lo, _redo(), host) == category


# seed 3's data block (its first batch), the cells the formulas read
_SEED3 = {"B7": 0.19699, "B8": -18.0, "C1": 0.775231, "C2": -2.0, "C3": -48.686, "C4": -32.986,
          "C5": -6.0, "C6": 5.0, "C7": 5.0, "C8": 19.0, "D1": 5.0, "D2": 0.626955, "D3": 6.0,
          "D4": 47.254, "D5": 2.0, "D6": -56.764, "D7": 0.491135, "D8": 99.177, "E4": "dog",
          "E5": "Zebra", "E6": "dog", "F4": " 4 ", "F5": True}


# LibreOffice 7.4's values, recalculated one formula a cell over _SEED3: it repeats F.TEST's
# p-value (0.5525) in 8 x 2 equal bins (ROWS of the FREQUENCY is 17), and gives the count
# of those to one of them; not FTEST's, which it does not repeat (ROWS 2, as in Excel).
@pytest.mark.parametrize("formula,sg,lo,category", [
    ("=FREQUENCY(data!D4:F6,F.TEST(data!B7:B8,data!C1:D8))", 1.0, 0.0,
     "frequency+test-replicated"),
    ("=INDEX(FREQUENCY(data!D4:F6,F.TEST(data!B7:B8,data!C1:D8)),2)", 2.0, 0.0,
     "frequency+test-replicated"),
    ("=FREQUENCY(data!D4:F6,F.TEST(data!B7:B8,data!C1:D8))", 1.0, 2.0, None),
    ("=FREQUENCY(data!D4:F6,FTEST(data!B7:B8,data!C1:D8))", 1.0, 0.0, None),
])
def test_a_test_libreoffice_repeats_as_frequencys_bins_is_recognised(formula, sg, lo, category):
    host = Host(sheetgd_book(_SEED3, {}), "s", 1)
    node = parse(formula, 1, 1)
    operands = [host.value(a) for a in node.args]
    assert classify(node, operands, sg, lo, _redo(), host) == category


# LibreOffice 7.4's values, measured one formula a cell: LINEST and LOGEST computing with an
# error of the data (seed 2: F6 =NA() beside F5 0; B2 =NA(); C2 =1/0); sheetgd's the data's
# error, which Excel passes on
_FIT_DATA = {"D5": 0.800007, "D6": 2.0, "F5": 0.0, "F6": "=NA()", "A1": 1.0, "A2": 2.0,
             "A3": 4.0, "B1": 1.0, "B2": "=NA()", "B3": 3.0, "C1": 5.0, "C2": "=1/0"}


@pytest.mark.parametrize("formula,sg,lo,category", [
    ("=INDEX(LINEST(data!D5:D6,data!F5:F6,1,TRUE),3,1)", "#N/A", 1.0, "linest-error-data"),
    ("=INDEX(LINEST(data!D5:D6,data!F5:F6,1,TRUE),2,1)", "#N/A", 0.0, "linest-error-data"),
    ("=INDEX(LINEST(data!D5:D6,data!F5:F6,1,TRUE),4,2)", "#N/A", 0.0, "linest-error-data"),
    ("=INDEX(LINEST(data!A1:A3,data!B1:B3,TRUE,TRUE),4,2)", "#N/A", 1.0, "linest-error-data"),
    ("=INDEX(LINEST(data!A1:A2,data!C1:C2,TRUE,TRUE),4,1)", "#DIV/0!", XLError("#N/A"),
     "linest-error-data"),
    ("=INDEX(LINEST(data!A1:A2,data!C1:C2,FALSE,FALSE),1,2)", "#DIV/0!", 0.0, "linest-error-data"),
    ("=INDEX(LOGEST(data!A1:A2,data!C1:C2,FALSE,TRUE),1,2)", "#DIV/0!", 1.0, "linest-error-data"),
    ("=INDEX(LINEST(data!D5:D6,data!F5:F6,1,TRUE),3,1)", "#N/A", 0.5, None),
    ("=INDEX(LINEST(data!A1:A3,data!B1:B3,TRUE,TRUE),3,1)", "#N/A", 1.0, None),  # df 1: #N/A there
    ("=INDEX(LINEST(data!A1:A3,data!A1:A3,TRUE,TRUE),3,1)", "#N/A", 1.0, None),  # no error
])
def test_libreoffices_fit_of_data_holding_an_error_is_recognised(formula, sg, lo, category):
    host = Host(sheetgd_book(_FIT_DATA, {}), "s", 1)
    node = parse(formula, 1, 1)
    operands = [host.value(a) for a in node.args]
    assert classify(node, operands, XLError(sg), lo, _redo(), host) == category


def test_arithmetic_on_a_frequency_place_libreoffice_may_fill_otherwise():
    """{3;3;7}: LibreOffice may give equal bins' count to either (0 or 3 in
    the first place, data 1..10), so 2 times it is 0 or 6 there."""
    data = {f"A{i}": float(i) for i in range(1, 11)}
    host = Host(sheetgd_book(data, {}), "s", 1)
    node = parse("=INDEX(FREQUENCY(data!A1:A10,{3;3;7}),1)*2", 1, 1)
    assert classify(node, [3.0, 2.0], 6.0, 0.0, _redo(), host) == "frequency"
    assert classify(node, [3.0, 2.0], 6.0, 4.0, _redo(), host) is None
    distinct = parse("=INDEX(FREQUENCY(data!A1:A10,{3;4;7}),1)*2", 1, 1)
    assert classify(distinct, [3.0, 2.0], 6.0, 0.0, _redo(), host) is None


def test_arithmetic_on_a_frequency_place_libreoffice_reads_column_by_column():
    """Seed 16 (batch 4, row 6; data!C7 6): LibreOffice 7.4 gives 7.785,
    reading the bins 2, 0, 10 (TRUE as 1 too, text skipped): 1 in its third
    place, bin 10.  sheetgd's 0 is Excel's: row by row the third bin is 0
    (with or without TRUE counted), and 6 is not up to 0."""
    host = Host(sheetgd_book({"C7": 6.0}, {}), "s", 6)
    node = parse('=(INDEX(FREQUENCY(data!C7:C7,{2,10,"3";0,TRUE,"a"}),3))*(7.785)', 6, 1)
    assert host.value(node.left) == 0.0
    assert classify(node, [0.0, 7.785], 0.0, 7.785, _redo(), host) == "frequency"
    assert classify(node, [0.0, 7.785], 0.0, 2 * 7.785, _redo(), host) is None


@pytest.mark.parametrize("formula,lo", [
    # LibreOffice 7.4's values, measured one formula a cell with data!F11 blank (seed 29)
    ('=HLOOKUP(OFFSET(data!D4,7,2),{-5,2,8;"a","b","c"},1.7)', 8.0),
    ("=MATCH(data!F11,{4;0;7},0)", "#N/A"),
    ('=VLOOKUP(data!F11,{0,"a";2,"b"},2)', "b"),
])
def test_a_blank_lookup_value_is_looked_up_as_0_in_excel_and_as_empty_text_in_libreoffice(
        formula, lo):
    from .fuzz_families.lookup import classify
    from .fuzz_tree import operand_values

    book = sheetgd_book({"D4": 1.0}, {})
    host = Host(book, "s", 1)
    node = parse(formula, 1, 1)
    expected = XLError(lo) if isinstance(lo, str) and lo.startswith("#") else lo
    assert classify(node, operand_values(node, host), host.value(node), expected) == \
        "lookup-blank-needle"
