"""The spill reference ``C1#`` (Excel stores it as ``_xlfn.ANCHORARRAY(C1)``)
over dynamic arrays read from files, where Excel saves a dynamic array as an
array formula over the cells it spilled into."""

from __future__ import annotations

import xlsxwriter

import sheetgd
from sheetgd import Workbook
from sheetgd.engine.parser import spill_references
from sheetgd.io.xlsx_write import write_xlsx

from .conftest import is_error


def _dynamic_array_file(path):
    """A1:A3 = 1, 2, 3; C1:C3 the dynamic array =A1:A3*2 (XlsxWriter writes
    it as Excel does: t="array" over its spill area, cm="1"); E1 =SUM(C1#)
    with 12, the value Excel gives, cached."""
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("s")
    for r in (1, 2, 3):
        sheet.write(f"A{r}", r)
    sheet.write_dynamic_array_formula("C1:C3", "=A1:A3*2")
    sheet.write_formula("E1", "=SUM(_xlfn.ANCHORARRAY(C1))", None, 12)
    sheet.write_formula("E2", "=ROWS(_xlfn.ANCHORARRAY(C1))", None, 3)
    book.close()
    return path


def test_sum_of_a_spill_reference_read_from_a_file(tmp_path):
    wb = sheetgd.load(_dynamic_array_file(tmp_path / "spill.xlsx"))
    assert wb.value("s!E1") == 12.0 and wb.value("s!E2") == 3.0
    wb.set("s!A2", 10.0)  # the array recomputes, and what reads C1# with it
    assert wb.value("s!C2") == 20.0 and wb.value("s!E1") == 28.0


def test_the_spill_operator_in_formula_text():
    wb = Workbook()
    wb.add_sheet("s")
    for r in (1, 2, 3):
        wb.set(f"s!A{r}", float(r))
    wb.set_array_formula("s!C1:C3", "=A1:A3*2")
    wb.set("s!E1", "=SUM(C1#)")
    wb.set("s!E2", "=SUM(s!$C$1#)")
    assert wb.value("s!E1") == 12.0 and wb.value("s!E2") == 12.0
    wb.set("s!E3", "=C2#")  # C2 is in the array but does not start it
    assert is_error(wb.value("s!E3"), "#REF!")


def test_spill_operator_is_not_looked_for_in_text_or_sheet_names():
    assert spill_references('="C1#"&A1') == '="C1#"&A1'
    assert spill_references("='x1#'!A1+B2#") == "='x1#'!A1+ANCHORARRAY(B2)"
    assert spill_references("=IF(ISERROR(A1),#REF!,#N/A)") == "=IF(ISERROR(A1),#REF!,#N/A)"


def test_a_spill_reference_is_written_back_as_excel_stores_it(tmp_path):
    wb = Workbook()
    wb.add_sheet("s")
    wb.set("s!A1", 1.0)
    wb.set_array_formula("s!C1:C2", "=A1*{1;2}")
    wb.set("s!E1", "=SUM(C1#)")
    path = write_xlsx(wb, tmp_path / "out.xlsx")
    import zipfile

    xml = zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml").decode()
    assert "SUM(_xlfn.ANCHORARRAY(C1))" in xml
    assert sheetgd.load(path).value("s!E1") == 3.0


def test_the_issues_case_sum_of_a_spilled_sequence(tmp_path):
    """Issue 16: C1 spills =SEQUENCE(3) (saved by Excel as an array formula
    over C1:C3, as XlsxWriter writes it), and =SUM(C1#) is 6."""
    path = tmp_path / "sequence.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("s")
    sheet.write_dynamic_array_formula("C1:C3", "=SEQUENCE(3)", None, 1)
    sheet.write_formula("E1", "=SUM(_xlfn.ANCHORARRAY(C1))", None, 6)
    book.close()
    wb = sheetgd.load(path)
    assert [wb.value(f"s!C{r}") for r in (1, 2, 3)] == [1.0, 2.0, 3.0]
    assert wb.value("s!E1") == 6.0
