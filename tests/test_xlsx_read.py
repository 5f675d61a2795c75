"""Reading .xlsx files: formulas, cached values, names, arrays, damaged parts."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import openpyxl
import pytest

import sheetgd
from sheetgd.io.xlsx_read import WorkbookReadError

from .conftest import is_error


def _rewrite(src: Path, dst: Path, edit) -> Path:
    """Copy a package, passing each part through ``edit(name, bytes)``."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for item in zin.infolist():
            zout.writestr(item, edit(item.filename, zin.read(item.filename)))
    return dst


def test_values_formulas_and_types(tmp_path):
    path = tmp_path / "t.xlsx"
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "basic"
    ws["A1"], ws["A2"], ws["A3"] = 3, "text", True
    ws["A4"] = dt.datetime(2020, 1, 1)
    ws["A5"] = "#N/A"
    ws["A5"].data_type = "e"
    ws["B1"] = "=A1*2"
    ws["B2"] = "=ISNA(A5)"
    ws["B3"] = "=A4+1"
    book.save(path)
    wb = sheetgd.load(path)
    assert wb.value("basic!A1") == 3.0 and wb.value("basic!A2") == "text"
    assert wb.value("basic!A3") is True
    assert wb.value("basic!A4") == 43831.0  # the Excel serial number of 2020-01-01
    assert is_error(wb.value("basic!A5"), "#N/A")
    assert wb.value("basic!B1") == 6.0 and wb.value("basic!B2") is True
    assert wb.value("basic!B3") == 43832.0
    assert wb.calculation == "automatic"
    wb.set("basic!A1", 10)
    assert wb.value("basic!B1") == 20.0


def test_without_calculation_cells_show_the_cached_values(tmp_path):
    wb = sheetgd.load(Path(__file__).parent / "fixtures" / "features_libreoffice.xlsx",
                      calculate=False)
    assert wb.calculation == "manual"
    assert wb.value("log_entropy!H4") == 2.0  # LibreOffice's value, before any calculation
    wb.set("log_entropy!B4", 1)
    assert wb.value("log_entropy!C4") == 1.0  # stale: the cached 1-B4 with B4 = 0
    wb.calculate()
    assert wb.value("log_entropy!C4") == 0.0


def test_shared_formulas_are_expanded(tmp_path):
    src = tmp_path / "plain.xlsx"
    book = openpyxl.Workbook()
    ws = book.active
    for r in range(1, 4):
        ws[f"A{r}"] = r
        ws[f"B{r}"] = 0
    book.save(src)

    def edit(name, data):
        if name != "xl/worksheets/sheet1.xml":
            return data
        text = data.decode()
        text = text.replace('<c r="B1" t="n"><v>0</v></c>',
                            '<c r="B1"><f t="shared" ref="B1:B3" si="0">A1*2</f></c>')
        for r in (2, 3):
            text = text.replace(f'<c r="B{r}" t="n"><v>0</v></c>',
                                f'<c r="B{r}"><f t="shared" si="0"/></c>')
        return text.encode()

    wb = sheetgd.load(_rewrite(src, tmp_path / "shared.xlsx", edit))
    assert wb.formula("Sheet!B3") == "=A3*2"
    assert wb.value("Sheet!B1:B3") == [[2.0], [4.0], [6.0]]


def test_parts_without_cells_are_not_read(tmp_path):
    src = tmp_path / "plain.xlsx"
    book = openpyxl.Workbook()
    book.active["A1"] = 2
    book.active["A2"] = "=A1^10"
    book.save(src)

    def edit(name, data):
        if name == "xl/_rels/workbook.xml.rels":
            text = data.decode().replace(
                "</Relationships>",
                '<Relationship Id="rIdP" Type="http://schemas.openxmlformats.org/officeDocument/'
                '2006/relationships/pivotCacheDefinition" Target="pivotCache/pivotCacheDefinition1.xml"/>'
                "</Relationships>")
            return text.encode()
        if name == "xl/workbook.xml":
            return data.decode().replace(
                "</workbook>", '<pivotCaches><pivotCache cacheId="1" r:id="rIdP" xmlns:r="http://schemas.openxmlformats.org/'
                'officeDocument/2006/relationships"/></pivotCaches></workbook>'
            ).encode()
        return data

    damaged = _rewrite(src, tmp_path / "pivot.xlsx", edit)
    with zipfile.ZipFile(damaged, "a") as z:
        z.writestr("xl/pivotCache/pivotCacheDefinition1.xml", "<not-a-pivot-cache/>")
    with pytest.raises(Exception):
        openpyxl.load_workbook(damaged)  # the premise: openpyxl alone gives up
    wb = sheetgd.load(damaged)
    assert wb.value("Sheet!A2") == 1024.0
    assert wb.warnings == []  # the streaming reader never opens the pivot cache


def test_unparseable_formula_becomes_name_error_with_a_warning(tmp_path):
    path = tmp_path / "bad.xlsx"
    book = openpyxl.Workbook()
    book.active["A1"] = "=SUM(1,"
    book.active["A2"] = "=1+1"
    book.save(path)
    wb = sheetgd.load(path)
    assert is_error(wb.value("Sheet!A1"), "#NAME?") and wb.value("Sheet!A2") == 2.0
    assert any("Sheet!A1" in w for w in wb.warnings)


@pytest.mark.parametrize("content,message", [
    (b"", "empty"),
    (b"plain text", "not an .xlsx"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, "old binary .xls"),
    (b"PK\x03\x04garbage", "damaged zip"),
])
def test_files_that_are_not_workbooks(tmp_path, content, message):
    path = tmp_path / "x.xlsx"
    path.write_bytes(content)
    with pytest.raises(WorkbookReadError, match=message) as info:
        sheetgd.load(path)
    assert str(path) in str(info.value)


def test_a_zip_that_is_not_a_workbook(tmp_path):
    path = tmp_path / "x.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("hello.txt", "hi")
    with pytest.raises(WorkbookReadError, match="not a workbook"):
        sheetgd.load(path)


def test_missing_file(tmp_path):
    with pytest.raises(WorkbookReadError, match="nope.xlsx"):
        sheetgd.load(tmp_path / "nope.xlsx")


def test_loaded_cells_skip_the_young_collections(tmp_path):
    """The reader moves the cells it stored to the collector's oldest
    generation without a pass over them (gcpause.paused_gc(promote=True)):
    right after loading, no allocation is pending for a young collection and
    no cell is in generation 0 or 1.  Without it the first young collection
    after a load goes over every cell (0.5 s at 1.4 million)."""
    import gc

    path = tmp_path / "g.xlsx"
    book = openpyxl.Workbook()
    for r in range(1, 3001):
        book.active.cell(r, 1, r)
        book.active.cell(r, 2, f"=A{r}*2")
    book.save(path)
    enabled = gc.isenabled()
    gc.disable()  # the reader keeps it so: no collection can run in between
    try:
        wb = sheetgd.load(path, calculate=False)
        pending = gc.get_count()[0]
        cell = wb.sheet(wb.sheet_names[0]).cells[(1500, 2)]
        young = [o for g in (0, 1) for o in gc.get_objects(generation=g) if o is cell]
    finally:
        if enabled:
            gc.enable()
    assert pending < 700 and young == []  # 700: CPython's generation-0 threshold


def test_an_empty_text_result_is_cached_as_excel_saves_it(tmp_path):
    """``=IF(1,"",1)`` gives empty text: saved as ``t="str"`` with an empty
    ``<v>``, as Excel saves it (XlsxWriter alone writes it untyped, which
    readers take as "not calculated"); read back as "" and compared by eval."""
    import re

    from sheetgd.io.xlsx_write import write_xlsx

    wb = sheetgd.Workbook()
    wb.add_sheet("s")
    wb.set("s!A1", '=IF(1,"",1)')
    path = write_xlsx(wb, tmp_path / "empty.xlsx")
    xml = zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml").decode()
    assert re.search(r'<c r="A1" t="str"><f>IF\(1,"",1\)</f><v></v></c>', xml)
    assert sheetgd.load(path).cached[("s", 1, 1)] == ""


#: Text a file can hold only escaped (ECMA-376 Part 1, 22.9.2.19 ST_Xstring:
#: ``_xHHHH_``): control characters, a literal escape's look-alike, a
#: non-character, and text beside them that needs none.
ESCAPED_TEXTS = ["a\x07b", "_x0041_", "\x1f", "x\ufffey", "_x005F_", "tab\tand\nline", "\U0001F600!"]


@pytest.mark.parametrize("constant_memory", [False, True])  # shared strings; inline strings
def test_text_xlsxwriter_escaped_reads_back_as_itself(tmp_path, constant_memory):
    """String cells XlsxWriter wrote (it escapes as Excel does) read back as
    the text written, not as their escapes."""
    import xlsxwriter

    path = tmp_path / "texts.xlsx"
    with xlsxwriter.Workbook(str(path), {"constant_memory": constant_memory}) as book:
        sheet = book.add_worksheet("s")
        for r, text in enumerate(ESCAPED_TEXTS):
            sheet.write_string(r, 0, text)
    got = sheetgd.load(path)
    assert [got.value(f"s!A{r}") for r in range(1, len(ESCAPED_TEXTS) + 1)] == ESCAPED_TEXTS


def test_a_formulas_escaped_text_reads_back_as_itself(tmp_path):
    """A formula's cached text, written escaped (sheetgd's writer), is read
    back as the text: the cached value and the recalculated one agree."""
    from sheetgd.io.xlsx_write import write_xlsx

    book = sheetgd.Workbook()
    book.add_sheet("s")
    for r, text in enumerate(ESCAPED_TEXTS, 1):
        book.set(f"s!A{r}", text, as_text=True)
        book.set(f"s!B{r}", f'=A{r}&""')
    path = write_xlsx(book, tmp_path / "formulas.xlsx")
    cached = sheetgd.load(path, calculate=False)
    again = sheetgd.load(path)
    for r, text in enumerate(ESCAPED_TEXTS, 1):
        assert cached.value(f"s!B{r}") == again.value(f"s!B{r}") == text
