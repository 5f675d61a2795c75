"""LET (Excel's "LET function": names for values within one formula):
scopes, dependencies, and the form files store it in
(``_xlfn.LET(_xlpm.x,1,_xlpm.x+1)``)."""

from __future__ import annotations

import zipfile

import xlsxwriter

import sheetgd
from sheetgd import Workbook
from sheetgd.io.xlsx_write import write_xlsx


def _book():
    book = Workbook()
    book.add_sheet("s")
    for r, v in ((1, 1.0), (2, 2.0), (3, 3.0)):
        book.set(f"s!A{r}", v)
    return book


def test_values_are_recomputed_when_what_they_read_changes():
    book = _book()
    book.set("s!B1", "=LET(total,SUM(A1:A3),total/ROWS(A1:A3))")
    assert book.value("s!B1") == 2.0
    book.set("s!A3", 9.0)
    assert book.value("s!B1") == 4.0


def test_a_let_name_hides_a_defined_name_inside_it_only():
    book = _book()
    book.define_name("rate", "=0.5")
    book.set("s!B1", "=LET(rate,2,rate)+rate")
    assert book.value("s!B1") == 2.5


def test_files_store_the_names_with_the_xlpm_prefix(tmp_path):
    book = _book()
    book.set("s!B1", "=LET(x,A1,y,x+1,x*y)")
    path = write_xlsx(book, tmp_path / "let.xlsx")
    xml = zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>_xlfn.LET(_xlpm.x,A1,_xlpm.y,_xlpm.x+1,_xlpm.x*_xlpm.y)</f>" in xml
    assert sheetgd.load(path).value("s!B1") == 2.0
    assert book.formula("s!B1") == "=LET(x,A1,y,x+1,x*y)"  # as typed


def test_a_file_written_as_excel_writes_let_reads(tmp_path):
    path = tmp_path / "excel.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("s")
    sheet.write("A1", 4)
    sheet.write_formula("B1", "=_xlfn.LET(_xlpm.x,A1,_xlpm.x*_xlpm.x)", None, 16)
    book.close()
    assert sheetgd.load(path).value("s!B1") == 16.0
