"""Array constants in normal formulas: Excel takes them whole, without
Ctrl+Shift+Enter (``=SUM(COUNTIF(range,{"red","blue"}))`` counts both
colours -- the documented idiom for COUNTIF with several criteria), while a
range where one value is expected is intersected with the formula's row or
column, as before.  Checked against LibreOffice recomputing the same cells."""

from __future__ import annotations

import openpyxl
import pytest

from .conftest import calc, is_error, needs_libreoffice

DATA = {"A1": "red", "A2": "blue", "A3": "red", "A4": "green", "B1": 1.0, "B2": 2.0, "B3": 3.0}

CASES = [
    ('=SUM(COUNTIF(A1:A4,{"red","blue"}))', 3.0),
    ("=SUM({1,2}*2)", 6.0),
    ("=SUM({1,2,3}*{4,5,6})", 32.0),
    ("=SUM(ABS({-1,-2}))", 3.0),
    ("=MAX(-{1,5})", -1.0),
    ("=SUMPRODUCT({1,2}*2)", 6.0),
    ("=AVERAGE(LEN({\"ab\",\"abcd\"}))", 3.0),
    ("={1,2}*2", 2.0),  # a cell shows the array's first value
]


@pytest.mark.parametrize("formula,expected", CASES, ids=[c[0] for c in CASES])
def test_array_constant_taken_whole(formula, expected):
    assert calc(formula, DATA) == expected


def test_a_range_where_one_value_is_expected_is_still_intersected():
    """B1:B3*{1;2;3} in a normal formula outside rows 1-3: the range meets
    the formula's row nowhere (legacy Excel's implicit intersection; Excel
    365 would take the range whole and give 14)."""
    assert is_error(calc("=SUM(B1:B3*{1;2;3})", DATA, dynamic_arrays=False), "#VALUE!")


def test_a_dynamic_array_formula_takes_the_range_whole():
    """The same formula as Excel 365 computes it (the docstring above: 14)."""
    assert calc("=SUM(B1:B3*{1;2;3})", DATA) == 14.0


@needs_libreoffice
def test_libreoffice_takes_them_whole_too(tmp_path):
    from sheetgd.io.libreoffice import recalculate

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "s"
    for addr, value in DATA.items():
        ws[addr] = value
    for i, (formula, _) in enumerate(CASES, start=1):
        ws[f"Z{10 + i}"] = formula
    src, out = tmp_path / "src.xlsx", tmp_path / "lo.xlsx"
    wb.save(src)
    recalculate([(src, out)])
    theirs = openpyxl.load_workbook(out, data_only=True)["s"]
    assert [theirs[f"Z{10 + i}"].value for i in range(1, len(CASES) + 1)] == \
        [expected for _, expected in CASES]
