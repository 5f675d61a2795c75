"""Every function, a parametrised table with error inputs.

Expected values are Excel's, checked by hand against Microsoft's function
reference (examples on each function's support page) and LibreOffice.
Numbers compare exactly unless a tolerance is stated: these are short
computations whose float64 result is determined.
"""

from __future__ import annotations

import math

import pytest

from sheetgd.engine.functions import FILE_PREFIXES

from .conftest import calc, is_error
from .function_cases import FAMILY_COLUMNS, families, family_cases, family_data

# A small data block used by the table: A1:A5 numbers and friends.
DATA = {
    "A1": 1, "A2": 2, "A3": 3, "A4": 4, "A5": 10,
    "B1": "text", "B2": True, "B3": "7", "B4": None, "B5": 2.5,
    "C1": "=1/0", "C2": "=SQRT(-1)", "C3": "=NA()",
    "D1": 1, "D2": 0, "E1": 0, "E2": 1,
    "F1": 1, "F2": 3, "F3": 5, "F4": 7,  # ascending
    "G1": 7, "G2": 5, "G3": 3, "G4": 1,  # descending
    "H1": "apple", "H2": "Banana", "H3": "cherry",
}
BASE_COLUMNS = "ABCDEFGH"
DATA.update(family_data())  # each family's cells, in its own columns

E = "error:"  # expected values starting with this are error kinds

CASES = [
    # --- math ---------------------------------------------------------------
    ("=SUM(A1:A5)", 20.0),
    ("=SUM(A1:B5)", 22.5),  # text, TRUE and "7" inside a range are ignored
    ("=SUM(1,TRUE,\"3\")", 5.0),  # direct arguments are coerced
    ("=SUM(\"abc\")", E + "#VALUE!"),
    ("=SUM(A1:C1)", E + "#DIV/0!"),
    ("=SUM(B1)", 0.0),
    ("=SUMSQ(A1:A3)", 14.0),
    ("=SUMSQ(3,4)", 25.0),
    ("=SUMSQ(C2)", E + "#NUM!"),
    ("=SUMPRODUCT(A1:A3,F1:F3)", 22.0),
    ("=SUMPRODUCT(A1:A4,F1:F3)", E + "#VALUE!"),
    ("=SUMPRODUCT((A1:A5>2)*A1:A5)", 17.0),  # array arguments in a normal cell
    ("=SUMPRODUCT(B1:B5)", 2.5),  # non-numbers count as 0
    ("=SUMPRODUCT(C1:C2)", E + "#DIV/0!"),
    ("=PRODUCT(A1:A4)", 24.0),
    ("=PRODUCT(B1)", 0.0),  # no numbers at all
    ("=PRODUCT(2,\"x\")", E + "#VALUE!"),
    ("=SQRT(16)", 4.0),
    ("=SQRT(-1)", E + "#NUM!"),
    ("=SQRT(\"x\")", E + "#VALUE!"),
    ("=EXP(0)", 1.0),
    ("=EXP(1)", math.e),
    ("=EXP(1000)", E + "#NUM!"),
    ("=LN(EXP(2))", 2.0),
    ("=LN(0)", E + "#NUM!"),
    ("=LN(-1)", E + "#NUM!"),
    ("=LOG(100)", 2.0),  # base 10, not e
    ("=LOG(8,2)", 3.0),
    ("=LOG(86,2.7182818)", math.log(86) / math.log(2.7182818)),
    ("=LOG(0)", E + "#NUM!"),
    ("=LOG(10,1)", E + "#DIV/0!"),
    ("=LOG(10,-2)", E + "#NUM!"),
    ("=LOG10(1000)", 3.0),
    ("=LOG10(-5)", E + "#NUM!"),
    ("=POWER(5,2)", 25.0),
    ("=POWER(98.6,3.2)", 98.6 ** 3.2),
    ("=POWER(4,5/4)", 4 ** 1.25),
    ("=POWER(0,0)", E + "#NUM!"),
    ("=POWER(0,-1)", E + "#DIV/0!"),
    ("=POWER(-8,1/3)", E + "#NUM!"),
    ("=POWER(10,400)", E + "#NUM!"),
    ("=ABS(-2)", 2.0),
    ("=ABS(\"x\")", E + "#VALUE!"),
    ("=SIGN(10)", 1.0),
    ("=SIGN(4-4)", 0.0),
    ("=SIGN(-0.00001)", -1.0),
    ("=INT(8.9)", 8.0),
    ("=INT(-8.9)", -9.0),
    ("=MOD(3,2)", 1.0),
    ("=MOD(-3,2)", 1.0),
    ("=MOD(3,-2)", -1.0),
    ("=MOD(-3,-2)", -1.0),
    ("=MOD(3,0)", E + "#DIV/0!"),
    ("=ROUND(2.15,1)", 2.2),
    ("=ROUND(2.149,1)", 2.1),
    ("=ROUND(-1.475,2)", -1.48),
    ("=ROUND(21.5,-1)", 20.0),
    ("=ROUND(626.3,-3)", 1000.0),
    ("=ROUND(1.98,-1)", 0.0),
    ("=ROUND(-50.55,-2)", -100.0),
    ("=ROUND(2.675,2)", 2.68),  # Excel rounds the decimal it shows, not the binary
    ("=ROUND(\"x\",1)", E + "#VALUE!"),
    ("=ROUNDUP(3.2,0)", 4.0),
    ("=ROUNDUP(76.9,0)", 77.0),
    ("=ROUNDUP(3.14159,3)", 3.142),
    ("=ROUNDUP(-3.14159,1)", -3.2),
    ("=ROUNDUP(31415.92654,-2)", 31500.0),
    ("=ROUNDUP(0.1+0.2,1)", 0.3),
    ("=ROUNDDOWN(3.2,0)", 3.0),
    ("=ROUNDDOWN(76.9,0)", 76.0),
    ("=ROUNDDOWN(3.14159,3)", 3.141),
    ("=ROUNDDOWN(-3.14159,1)", -3.1),
    ("=ROUNDDOWN(31415.92654,-2)", 31400.0),
    ("=CEILING.MATH(24.3,5)", 25.0),
    ("=CEILING.MATH(6.7)", 7.0),
    ("=CEILING.MATH(-8.1,2)", -8.0),
    ("=CEILING.MATH(-5.5,2,-1)", -6.0),
    ("=CEILING.MATH(0.3,0.1)", 0.30000000000000004),
    ("=CEILING.MATH(\"x\")", E + "#VALUE!"),
    ("=FLOOR.MATH(24.3,5)", 20.0),
    ("=FLOOR.MATH(6.7)", 6.0),
    ("=FLOOR.MATH(-8.1,2)", -10.0),
    ("=FLOOR.MATH(-5.5,2,-1)", -4.0),
    ("=FLOOR.MATH(C1)", E + "#DIV/0!"),
    ("=PI()", math.pi),
    # --- statistics -----------------------------------------------------------
    ("=COUNT(A1:B5)", 6.0),
    ("=COUNT(1,\"2\",\"x\",TRUE)", 3.0),
    ("=COUNT(C1:C3)", 0.0),  # errors are not counted, and not an error
    ("=COUNTA(A1:B5)", 9.0),
    ("=COUNTA(C1:C3)", 3.0),
    # an error counts as not blank (COUNTBLANK's page: only empty cells and "")
    ("=COUNTBLANK(C1:C3)", 0.0),
    # a criterion spelling an error counts the cells holding it (J. Walkenbach,
    # "Excel Formulas", counting error values: =COUNTIF(Data,"#DIV/0!"))
    ("=COUNTIF(C1:C3,\"#DIV/0!\")", 1.0),
    ("=COUNTIF(C1:C3,\"#N/A\")", 1.0),
    ("=AVERAGE(A1:A5)", 4.0),
    ("=AVERAGE(B1)", E + "#DIV/0!"),
    ("=AVERAGE(A1:A5,C3)", E + "#N/A"),
    ("=MIN(A1:A5)", 1.0),
    ("=MIN(B1)", 0.0),
    ("=MIN(A1:A5,-1)", -1.0),
    ("=MAX(A1:A5)", 10.0),
    ("=MAX(A1,C2)", E + "#NUM!"),
    ("=MEDIAN(A1:A5)", 3.0),
    ("=MEDIAN(A1:A4)", 2.5),
    ("=MEDIAN(B1)", E + "#NUM!"),
    ("=STDEV.P(A1:A5)", math.sqrt(10.0)),
    ("=STDEV.S(A1:A5)", math.sqrt(12.5)),
    ("=STDEV.S(A1)", E + "#DIV/0!"),
    ("=VAR.P(A1:A5)", 10.0),
    ("=VAR.S(A1:A5)", 12.5),
    ("=VAR.P(B1)", E + "#DIV/0!"),
    ("=VAR.S(A1:A5,C1)", E + "#DIV/0!"),
    # --- logic ----------------------------------------------------------------
    ("=IF(A1>0,\"yes\",\"no\")", "yes"),
    ("=IF(A1<0,\"yes\",\"no\")", "no"),
    ("=IF(A1<0,\"yes\")", False),
    ("=IF(A1>0,,1)", 0.0),
    ("=IF(TRUE,1,1/0)", 1.0),  # lazy: the other branch is never evaluated
    ("=IF(FALSE,SQRT(-1),2)", 2.0),
    ("=IF(\"x\",1,2)", E + "#VALUE!"),
    ("=IF(C1,1,2)", E + "#DIV/0!"),
    ("=IF(\"true\",1,2)", 1.0),
    ("=IFERROR(C1,\"oops\")", "oops"),
    ("=IFERROR(A5,\"oops\")", 10.0),
    ("=IFERROR(1/0,SQRT(-1))", E + "#NUM!"),
    ("=AND(TRUE,A1>0)", True),
    ("=AND(A1:A5)", True),
    ("=AND(D1:D2)", False),
    ("=AND(B1)", E + "#VALUE!"),  # no logical values at all
    ("=AND(\"x\")", E + "#VALUE!"),
    ("=AND(TRUE,C1)", E + "#DIV/0!"),
    ("=OR(FALSE,0)", False),
    ("=OR(D1:D2)", True),
    ("=OR(C2,TRUE)", E + "#NUM!"),
    ("=NOT(TRUE)", False),
    ("=NOT(0)", True),
    ("=NOT(\"x\")", E + "#VALUE!"),
    ("=TRUE()", True),
    ("=FALSE()", False),
    # --- lookup and reference ----------------------------------------------------
    ("=MATCH(1,{1,0})", 1.0),  # approximate match on unsorted data (the lesson)
    ("=MATCH(1,{0,1})", 2.0),
    ("=MATCH(1,D1:E1)", 1.0),
    ("=MATCH(1,D1:D2)", 1.0),
    ("=MATCH(1,E1:E2)", 2.0),
    ("=MATCH(4,F1:F4)", 2.0),
    ("=MATCH(7,F1:F4)", 4.0),
    ("=MATCH(100,F1:F4)", 4.0),
    ("=MATCH(0,F1:F4)", E + "#N/A"),
    ("=MATCH(5,F1:F4,0)", 3.0),
    ("=MATCH(4,F1:F4,0)", E + "#N/A"),
    ("=MATCH(4,G1:G4,-1)", 2.0),
    ("=MATCH(8,G1:G4,-1)", E + "#N/A"),
    ("=MATCH(\"banana\",H1:H3,0)", 2.0),  # case-insensitive
    ("=MATCH(\"ch*\",H1:H3,0)", 3.0),  # wildcards
    ("=MATCH(\"b?nana\",H1:H3,0)", 2.0),
    ("=MATCH(\"b\",H1:H3)", 1.0),
    ("=MATCH(2,{1,2,2,2,3})", 4.0),  # last of equal neighbours
    ("=MATCH(C1,F1:F4)", E + "#DIV/0!"),
    ("=MATCH(1,A1:B2)", E + "#N/A"),  # not one row or column
    ("=INDEX(F1:F4,3)", 5.0),
    ("=INDEX(A1:B5,5,2)", 2.5),
    ("=INDEX({1,2;3,4},2,1)", 3.0),
    ("=INDEX({1,2,3},2)", 2.0),  # one row: the index is a column
    ("=SUM(INDEX(A1:B5,0,1))", 20.0),  # 0: the whole column, as a reference
    ("=INDEX(F1:F4,5)", E + "#REF!"),
    ("=INDEX(F1:F4,C1)", E + "#DIV/0!"),
    ("=OFFSET(A1,2,0)", 3.0),
    ("=OFFSET(A1,0,5)", 1.0),
    ("=SUM(OFFSET(A1,1,0,3,1))", 9.0),
    ("=SUM(OFFSET(A1:A2,3,0))", 14.0),
    ("=OFFSET(A1,-1,0)", E + "#REF!"),
    ("=OFFSET(A1,0,0,0,1)", E + "#REF!"),
    ("=OFFSET(1,0,0)", E + "#VALUE!"),
    ("=ROW(C7)", 7.0),
    ("=ROW()", 100.0),
    ("=COLUMN(C7)", 3.0),
    ("=COLUMN()", 26.0),
    ("=ROW(1)", E + "#VALUE!"),
    ("=ROWS(A1:B5)", 5.0),
    ("=ROWS({1,2;3,4;5,6})", 3.0),
    ("=COLUMNS(A1:B5)", 2.0),
    ("=COLUMNS(A:C)", 3.0),
    ("=ROWS(C1)", 1.0),
    ("=CHOOSE(2,\"a\",\"b\",\"c\")", "b"),
    ("=CHOOSE(1,5,1/0)", 5.0),  # only the chosen value is evaluated
    ("=CHOOSE(2.9,5,6)", 6.0),
    ("=CHOOSE(4,5,6)", E + "#VALUE!"),
    ("=CHOOSE(C1,5,6)", E + "#DIV/0!"),
    ("=SUM(CHOOSE(2,A1:A2,A3:A4))", 7.0),
    # --- random -------------------------------------------------------------------
    ("=RANDBETWEEN(5,5)", 5.0),
    ("=RANDBETWEEN(3,2)", E + "#NUM!"),
    ("=RANDBETWEEN(\"x\",2)", E + "#VALUE!"),
    ("=RANDBETWEEN(1.5,2.5)", 2.0),  # bottom rounds up, top rounds down
    ("=AND(RAND()>=0,RAND()<1)", True),  # "RAND function": 0 <= RAND() < 1, no arguments
    ("=INT(RAND()*(5-2)+2)<5", True),  # the page's "RAND()*(b-a)+a": between a and b
    # --- information ------------------------------------------------------------------
    ("=NA()", E + "#N/A"),
    ("=ISERROR(C2)", True),
    ("=ISNA(C3)", True),
    ("=ISNUMBER(B3)", False),
    ("=ISTEXT(B3)", True),
    ("=ISBLANK(B4)", True),
]
CASES += family_cases()  # the rows of tests/function_cases/


@pytest.mark.parametrize("formula,expected", CASES, ids=[c[0] for c in CASES])
def test_function_table(formula, expected):
    got = calc(formula, DATA)
    if isinstance(expected, str) and expected.startswith(E):
        assert is_error(got, expected[len(E):]), got
    elif isinstance(expected, float):
        assert isinstance(got, float) and not isinstance(got, bool), got
        assert got == pytest.approx(expected, rel=1e-15, abs=0), got
    else:
        assert type(got) is type(expected) and got == expected


def test_families_keep_to_their_own_data_columns():
    for name, module in families().items():
        columns = FAMILY_COLUMNS.get(name, "")
        for addr in getattr(module, "DATA", {}):
            assert addr.rstrip("0123456789") in columns, f"{name}: {addr} is outside {columns!r}"
    formulas = [formula for formula, _ in CASES]
    assert len(formulas) == len(set(formulas)), "a formula is in the table twice"


def test_wrong_argument_count_is_value_error_with_message():
    got = calc("=ROUND(1,2,3)")
    assert is_error(got, "#VALUE!") and "ROUND takes" in got.message


def test_unknown_function_is_name_error():
    got = calc("=FROBNICATE(1)")
    assert is_error(got, "#NAME?") and "FROBNICATE" in got.message


def test_new_functions_carry_the_xlfn_prefix_in_files():
    assert FILE_PREFIXES["STDEV.P"] == "_xlfn." and "SUM" not in FILE_PREFIXES
    assert calc("=_xlfn.STDEV.P(A1:A5)", DATA) == pytest.approx(math.sqrt(10.0))


def test_rand_is_in_unit_interval_and_seeded():
    from .conftest import make_book

    values = []
    for _ in range(2):
        book = make_book(seed=42)
        book.set("s!A1", "=RAND()")
        values.append(book.value("s!A1"))
    assert 0 <= values[0] < 1 and values[0] == values[1]


def test_randbetween_gives_integers_in_range():
    from .conftest import make_book

    book = make_book(seed=1)
    book.set("s!A1", "=RANDBETWEEN(1,100)")
    seen = set()
    for _ in range(200):
        book.calculate()
        v = book.value("s!A1")
        assert v == int(v) and 1 <= v <= 100
        seen.add(v)
    assert len(seen) > 50  # it really draws again on each calculation


def test_indirect_and_ifna():
    assert calc('=INDIRECT("A"&2)', DATA) == 2.0
    assert calc('=SUM(INDIRECT("A1:A3"))', DATA) == 6.0
    assert is_error(calc('=INDIRECT("nowhere!A1")', DATA), "#REF!")
    assert calc('=IFNA(C3,"none")', DATA) == "none"
    assert is_error(calc('=IFNA(C1,"none")', DATA), "#DIV/0!")


def test_ecma_ceiling_follows_ecma_376():
    # ECMA-376 Part 1, SpreadsheetML's CEILING: "if x and significance have different
    # signs, #NUM! is returned"; its examples 2.5->3, -2.5 by -2 -> -4, 0.234 by 0.01 -> 0.24
    assert calc("=ECMA.CEILING(2.5,1)") == 3.0
    assert calc("=ECMA.CEILING(-2.5,-2)") == -4.0
    assert calc("=ECMA.CEILING(0.234,0.01)") == 0.24
    assert is_error(calc("=ECMA.CEILING(-2.5,2)"), "#NUM!")  # CEILING gives -2 here
    assert calc("=CEILING(-2.5,2)") == -2.0
    assert "ECMA.CEILING" not in FILE_PREFIXES  # on the standard's list (catalog.LATER lacks it)


def test_percentof_is_the_subset_sum_over_the_whole_sum():
    # Microsoft's PERCENTOF page: "logically equivalent to =SUM(data_subset)/SUM(data_all)";
    # its example, PERCENTOF(C3:C4,C3:C14), takes two products' sales of twelve
    cells = {"C3": 7600, "C4": 56100, "C5": 2100, "C6": 11100}
    assert calc("=PERCENTOF(C3:C4,C3:C6)", cells) == 63700 / 76900
    assert calc("=_xlfn.PERCENTOF(C3,C3:C6)", cells) == 7600 / 76900
    assert is_error(calc("=PERCENTOF(C3,C7:C8)", cells), "#DIV/0!")  # all sums to 0
    assert FILE_PREFIXES["PERCENTOF"] == "_xlfn."
