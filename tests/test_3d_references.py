"""3-D references (``=SUM(Jan:Mar!B2)``: the same cells on every sheet from
the first to the last, Excel's "Create a 3-D reference to the same cell
range on multiple worksheets"), against LibreOffice recomputing the same
file."""

from __future__ import annotations

import json

import openpyxl
import pytest
from click.testing import CliRunner

from sheetgd import Workbook
from sheetgd.cli import main
from sheetgd.engine.errors import FormulaError

from .conftest import is_error, needs_libreoffice

SHEETS = ("Jan", "Feb", "Mar", "Total")
#: Jan!A1 = 1, Feb!A1 = 2, Mar!A1 = 3; B1 ten times as much.
DATA = {(s, a): float((i + 1) * (10 if a == "B1" else 1))
        for i, s in enumerate(SHEETS[:3]) for a in ("A1", "B1")}

#: (formula on Total, Excel's value).
CASES = [
    ("=SUM(Jan:Mar!A1)", 6.0),
    ("=SUM(Jan:Mar!A1:B1)", 66.0),
    ("=SUM(Mar:Jan!B1)", 60.0),  # either end first
    ("=AVERAGE(Jan:Mar!B1)", 20.0),
    ("=COUNT(Jan:Mar!A1:B1)", 6.0),
    ("=MAX(Jan:Mar!B1)", 30.0),
    ("=MIN(Jan:Feb!A1:B1)", 1.0),
    ("=SUM(Jan:Mar!A1,100)", 106.0),
    ("=SUM(Feb:Feb!A1)", 2.0),
    ("=Jan:Mar!A1", "#VALUE!"),  # several areas where one value is needed
    ("=SUM(Jan:Nope!A1)", "#REF!"),
]


#: Cases LibreOffice 7.4 answers otherwise (SHEETS: #NAME?; AREAS: 1).
REFERENCE_COUNTS = [
    ("=SHEETS(Jan:Mar!A1)", 3.0),
    ("=AREAS(Jan:Mar!A1)", 3.0),
]


def _book():
    book = Workbook()
    for name in SHEETS:
        book.add_sheet(name)
    for (sheet, addr), value in DATA.items():
        book.set(f"{sheet}!{addr}", value)
    return book


@pytest.mark.parametrize("formula,expected", CASES + REFERENCE_COUNTS,
                         ids=[c[0] for c in CASES + REFERENCE_COUNTS])
def test_3d_reference(formula, expected):
    book = _book()
    book.set("Total!A1", formula)
    got = book.value("Total!A1")
    if isinstance(expected, str):
        assert is_error(got, expected), got
    else:
        assert got == expected


def test_a_change_on_any_sheet_of_the_span_recomputes():
    book = _book()
    book.set("Total!A1", "=SUM(Jan:Mar!A1)")
    book.set("Feb!A1", 100.0)
    assert book.value("Total!A1") == 104.0


def test_a_sheet_added_between_the_two_is_read():
    book = _book()
    book.set("Total!A1", "=SUM(Jan:Mar!A1)")
    book.add_sheet("Feb2", index=2)
    book.set("Feb2!A1", 0.5)
    assert book.value("Total!A1") == 6.5


def test_quoted_spans_are_written_back_as_excel_writes_them():
    book = _book()
    book.add_sheet("My Sheet")
    book.set("My Sheet!A1", 5.0)
    book.set("Total!A2", "=SUM('Mar:My Sheet'!A1)")
    assert book.formula("Total!A2") == "=SUM('Mar:My Sheet'!A1)"
    assert book.value("Total!A2") == 3.0 + 0.0 + 5.0  # Mar, Total (empty A1), My Sheet
    book.set("Total!A3", "=SUM(Jan:Mar!$A$1)")
    assert book.formula("Total!A3") == "=SUM(Jan:Mar!$A$1)"


@pytest.mark.parametrize("formula", ["=SUM(a:b:c!A1)", "=SUM(Jan:!A1)", "=SUM(:Mar!A1)"])
def test_malformed_spans_are_refused(formula):
    with pytest.raises(FormulaError, match="malformed sheet name|expected a value"):
        _book().set("Total!A1", formula)


@needs_libreoffice
def test_libreoffice_computes_the_same(tmp_path):
    from sheetgd.io.libreoffice import recalculate

    wb = openpyxl.Workbook()
    wb.active.title = SHEETS[0]
    for name in SHEETS[1:]:
        wb.create_sheet(name)
    for (sheet, addr), value in DATA.items():
        wb[sheet][addr] = value
    for i, (formula, _) in enumerate(CASES, start=1):
        wb["Total"][f"A{i}"] = formula
    src, out = tmp_path / "src.xlsx", tmp_path / "lo.xlsx"
    wb.save(src)
    recalculate([(src, out)])
    result = CliRunner().invoke(main, ["eval", str(out), "--json"])
    report = json.loads(result.output)
    differing = {d["formula"].upper(): d["cached"] for d in report["differences"]}
    assert differing == {"=SUM(JAN:NOPE!A1)": "#NAME?"}, report["differences"]
    assert report["matching"] == len(CASES) - 1
    # LibreOffice reads a span to a sheet that is not there as a name (#NAME?);
    # Excel's file would hold #REF! (docs/compatibility.md)
