"""The spill reference ``C1#`` (Excel stores it as ``_xlfn.ANCHORARRAY(C1)``)
over dynamic arrays read from files, where Excel saves a dynamic array as an
array formula over the cells it spilled into."""

from __future__ import annotations

import xlsxwriter

import sheetgd
from sheetgd import Workbook
from sheetgd.engine.parser import spill_references
from sheetgd.engine.refs import parse_area
from sheetgd.io.xlsx_write import write_xlsx

from .conftest import edit_part, is_error


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


# --- dynamic arrays: spilling (Microsoft, "Dynamic array formulas and spilled
# array behavior", "How to correct a #SPILL! error", "Spilled range operator") ---

import pytest  # noqa: E402

from sheetgd.io.libreoffice import recalculate  # noqa: E402

from .conftest import needs_libreoffice  # noqa: E402


def _book(**cells):
    wb = Workbook()
    wb.add_sheet("s")
    for addr, value in cells.items():
        wb.set(f"s!{addr}", value)
    return wb


def _column(wb, col, rows):
    return [wb.value(f"s!{col}{r}") for r in rows]


def test_sequence_spills_and_the_spill_reference_sums_it():
    """Microsoft's example: =SEQUENCE(3) in C1 fills C1:C3 with 1, 2, 3; the
    spilled cells hold values and no formula; =SUM(C1#) is 6."""
    wb = _book(C1="=SEQUENCE(3)", E1="=SUM(C1#)")
    assert _column(wb, "C", (1, 2, 3, 4)) == [1.0, 2.0, 3.0, None]
    assert wb.formula("s!C2") is None and wb.formula("s!C1") == "=SEQUENCE(3)"
    assert wb.spill_range("s!C1") == "s!C1:C3"
    assert wb.value("s!E1") == 6.0


def test_a_value_in_the_spill_range_is_spill_error_and_clearing_it_spills_again():
    """#SPILL! "Spill range isn't blank"; a spill reference to it is #REF!;
    clearing the blocker lets the array spill on the next recalculation."""
    wb = _book(C1="=SEQUENCE(3)", E1="=SUM(C1#)", F1="=C3*10")
    wb.set("s!C2", 5)
    assert is_error(wb.value("s!C1"), "#SPILL!")
    assert is_error(wb.value("s!E1"), "#REF!")
    assert wb.value("s!C2") == 5.0 and wb.value("s!C3") is None  # nothing spills
    assert wb.value("s!F1") == 0.0  # its reader sees the emptied cell
    wb.set("s!C2", None)
    assert _column(wb, "C", (1, 2, 3)) == [1.0, 2.0, 3.0]
    assert wb.value("s!E1") == 6.0 and wb.value("s!F1") == 30.0


def test_a_formula_in_the_spill_range_blocks_it_too():
    wb = _book(C1="=SEQUENCE(3)")
    wb.set("s!C3", "=1+1")
    assert is_error(wb.value("s!C1"), "#SPILL!") and wb.value("s!C3") == 2.0
    wb.set("s!C3", None)
    assert _column(wb, "C", (1, 2, 3)) == [1.0, 2.0, 3.0]


def test_another_arrays_spill_blocks():
    """Two arrays wanting the same cells: the second to spill is #SPILL!."""
    wb = _book(C1="=SEQUENCE(3)")
    wb.set("s!B2", "=SEQUENCE(1,3)")  # B2:D2 would cover C2
    assert is_error(wb.value("s!B2"), "#SPILL!")
    assert _column(wb, "C", (1, 2, 3)) == [1.0, 2.0, 3.0]


def test_the_spill_range_follows_the_arrays_size():
    """=SEQUENCE(A1): A1 from 3 to 2 empties C3; to 5 grows into C4:C5, and
    what reads the spilled cells (directly or with C1#) follows."""
    wb = _book(A1=3, C1="=SEQUENCE(A1)", E1="=SUM(C1#)", E2="=C3+C5")
    assert _column(wb, "C", (1, 2, 3)) == [1.0, 2.0, 3.0] and wb.value("s!E2") == 3.0
    wb.set("s!A1", 2)
    assert _column(wb, "C", (1, 2, 3)) == [1.0, 2.0, None]
    assert wb.value("s!E1") == 3.0 and wb.value("s!E2") == 0.0 and wb.spill_range("s!C1") == "s!C1:C2"
    wb.set("s!A1", 5)
    assert _column(wb, "C", (1, 2, 3, 4, 5)) == [1.0, 2.0, 3.0, 4.0, 5.0]
    assert wb.value("s!E1") == 15.0 and wb.value("s!E2") == 8.0


def test_growing_into_a_value_is_spill_error():
    wb = _book(A1=2, C1="=SEQUENCE(A1)", C4="x")
    assert _column(wb, "C", (1, 2)) == [1.0, 2.0]
    wb.set("s!A1", 4)
    assert is_error(wb.value("s!C1"), "#SPILL!") and wb.value("s!C2") is None
    wb.set("s!A1", 3)
    assert _column(wb, "C", (1, 2, 3, 4)) == [1.0, 2.0, 3.0, "x"]


def test_an_array_running_off_the_sheet_is_spill_error():
    """#SPILL! "Extends beyond the worksheet's edge"."""
    wb = _book(A1048575="=SEQUENCE(3)", XFD1="=SEQUENCE(1,2)")
    assert is_error(wb.value("s!A1048575"), "#SPILL!")
    assert is_error(wb.value("s!XFD1"), "#SPILL!")


def test_readers_of_spilled_cells_depend_on_the_anchor():
    """A cell reading a spilled cell is computed after the array and again
    when the array's inputs change (the spilled cell has no formula)."""
    wb = _book(A1=1, A2=2, A3=3, C1="=A1:A3*10", E1="=C2+C3")
    assert _column(wb, "C", (1, 2, 3)) == [10.0, 20.0, 30.0] and wb.value("s!E1") == 50.0
    wb.set("s!A3", 4)
    assert wb.value("s!C3") == 40.0 and wb.value("s!E1") == 60.0


def test_sort_unique_and_filter_spill():
    """SORT ascending, UNIQUE in order of first appearance, FILTER keeping
    the rows whose condition is TRUE (Microsoft's SORT, UNIQUE, FILTER pages)."""
    wb = _book(A1=3, A2=1, A3=2, A4=3, A5=1,
               C1="=SORT(A1:A5)", D1="=UNIQUE(A1:A5)", E1="=FILTER(A1:A5,A1:A5>1)",
               F1="=ROWS(D1#)", G1="=SORT(A1:A5,,-1)")
    assert _column(wb, "C", range(1, 7)) == [1.0, 1.0, 2.0, 3.0, 3.0, None]
    assert _column(wb, "D", range(1, 5)) == [3.0, 1.0, 2.0, None]
    assert _column(wb, "E", range(1, 5)) == [3.0, 2.0, 3.0, None]
    assert wb.value("s!F1") == 3.0
    assert _column(wb, "G", range(1, 6)) == [3.0, 3.0, 2.0, 1.0, 1.0]


def test_a_row_and_a_two_dimensional_array_spill_right_and_down():
    wb = _book(A1="=SEQUENCE(2,3)")
    assert wb.value("s!A1:C2") == [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]
    assert wb.value("s!D1") is None and wb.value("s!A3") is None


def test_replacing_the_anchor_empties_its_spill_range():
    wb = _book(C1="=SEQUENCE(3)")
    wb.set("s!C1", 7)
    assert _column(wb, "C", (1, 2, 3)) == [7.0, None, None]
    wb.set("s!C1", "=SEQUENCE(2)")
    assert _column(wb, "C", (1, 2, 3)) == [1.0, 2.0, None]


def test_a_single_value_does_not_spill_and_its_spill_reference_is_ref():
    wb = _book(C1="=SUM(1,2)", E1="=C1#", E2="=A9#")
    assert wb.value("s!C1") == 3.0 and wb.spill_range("s!C1") is None
    assert is_error(wb.value("s!E1"), "#REF!") and is_error(wb.value("s!E2"), "#REF!")


def test_a_spill_reference_spills_itself():
    wb = _book(C1="=SEQUENCE(3)", E1="=C1#*2")
    assert _column(wb, "E", (1, 2, 3)) == [2.0, 4.0, 6.0]


def test_a_formula_read_from_a_value_in_a_spill_range_is_the_writers():
    """Writing into a spilled cell is allowed (unlike a legacy array's
    cell): the value is the cell's, and the array is #SPILL!."""
    wb = _book(C1="=SEQUENCE(2)")
    wb.set("s!C2", "=10")
    assert wb.value("s!C2") == 10.0 and wb.formula("s!C2") == "=10"
    assert is_error(wb.value("s!C1"), "#SPILL!")


def test_spilling_in_manual_calculation():
    """A formula entered in manual calculation is computed once, and spills;
    a later change waits for calculate()."""
    wb = _book(A1=2)
    wb.calculation = "manual"
    wb.set("s!C1", "=SEQUENCE(A1)")
    assert _column(wb, "C", (1, 2, 3)) == [1.0, 2.0, None]
    wb.set("s!A1", 3)
    assert wb.value("s!C3") is None
    wb.calculate()
    assert _column(wb, "C", (1, 2, 3)) == [1.0, 2.0, 3.0]


def test_without_dynamic_arrays_a_formula_shows_the_arrays_first_value():
    """Workbook(dynamic_arrays=False): Excel 2019's formulas, no spilling."""
    wb = Workbook(dynamic_arrays=False)
    wb.add_sheet("s")
    wb.set("s!C1", "=SEQUENCE(3)")
    assert wb.value("s!C1") == 1.0 and wb.value("s!C2") is None


def test_implicit_intersection_operator_keeps_one_value():
    """=@A1:A3 in row 2 is A2 (Microsoft, "Implicit intersection operator: @")."""
    wb = _book(A1=1, A2=2, A3=3, C2="=@A1:A3", D2="=A1:A3")
    assert wb.value("s!C2") == 2.0 and wb.value("s!C3") is None
    assert _column(wb, "D", (2, 3, 4)) == [1.0, 2.0, 3.0]


def test_array_members_read_the_arrays_own_references_no_false_cycle():
    """Issue 16: a member of an array depends on what the array's formula
    reads from its first cell, not on that reference shifted to the
    member.  A1:A2 =C1*{1;2} reads C1 alone; C2 =A1*{1;2} (spilling into C3,
    or a legacy array over C2:C3) reads A1: no cycle (shifted, A2 would read
    C2 and C2 reads A1: a false one)."""
    legacy = _book(C1=5)
    legacy.set_array_formula("s!A1:A2", "=C1*{1;2}")
    legacy.set_array_formula("s!C2:C3", "=A1*{1;2}")
    dynamic = _book(C1=5, A1="=C1*{1;2}", C2="=A1*{1;2}")
    for wb in (legacy, dynamic):
        assert wb.cycles == []
        assert _column(wb, "A", (1, 2)) == [5.0, 10.0] and _column(wb, "C", (2, 3)) == [5.0, 10.0]


def test_an_array_spilling_into_what_it_reads_is_a_circular_reference():
    """C1 reads C2:C3, which it spills into: once the spill is there, C1 is
    on a circular reference and spills nothing (Excel warns of the
    circular reference; sheetgd's #CIRC!, see docs/compatibility.md)."""
    wb = _book(C1="=SEQUENCE(3)+SUM(C2:C3)")
    wb.calculate_all()
    assert is_error(wb.value("s!C1"), "#CIRC!") and wb.value("s!C2") is None
    assert wb.cycles == [["s!C1"]]


def _spilling_file(path):
    """A1 = 3; C1 =SEQUENCE(A1) saved as Excel saves a dynamic array (over
    C1:C3, with cm= metadata); E1 =SUM(C1#)."""
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("s")
    sheet.write("A1", 3)
    sheet.write_dynamic_array_formula("C1:C3", "=SEQUENCE(A1)", None, 1)
    sheet.write_formula("E1", "=SUM(_xlfn.ANCHORARRAY(C1))", None, 6)
    book.close()
    return path


def test_a_files_dynamic_array_resizes_and_blocks(tmp_path):
    """Read as dynamic (re-spilling, resizing, #SPILL!), not as a fixed array."""
    wb = sheetgd.load(_spilling_file(tmp_path / "d.xlsx"))
    assert _column(wb, "C", (1, 2, 3)) == [1.0, 2.0, 3.0] and wb.spill_range("s!C1") == "s!C1:C3"
    assert wb.formula("s!C2") is None
    wb.set("s!A1", 2)
    assert _column(wb, "C", (1, 2, 3)) == [1.0, 2.0, None] and wb.value("s!E1") == 3.0
    wb.set("s!C3", "x")
    wb.set("s!A1", 4)
    assert is_error(wb.value("s!C1"), "#SPILL!") and is_error(wb.value("s!E1"), "#REF!")


def test_a_files_legacy_array_keeps_its_area(tmp_path):
    """An array formula without the dynamic-array metadata is a legacy one:
    its area is fixed, a member past the result is #N/A (Microsoft,
    "Guidelines and examples of array formulas"), and its cells cannot be
    written one by one."""
    path = tmp_path / "cse.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("s")
    sheet.write_column("A1", [1, 2])
    sheet.write_array_formula("C1:C3", "{=A1:A2*2}")  # (no function of Excel 365: no cm=)
    book.close()
    wb = sheetgd.load(path)
    assert _column(wb, "C", (1, 2)) == [2.0, 4.0] and is_error(wb.value("s!C3"), "#N/A")
    assert wb.spill_range("s!C1") is None
    with pytest.raises(sheetgd.FormulaError, match="part of an array"):
        wb.set("s!C2", 1)


def test_spilled_arrays_are_written_as_excel_saves_them(tmp_path):
    import zipfile

    wb = _book(A1=2, C1="=SEQUENCE(A1)")
    path = write_xlsx(wb, tmp_path / "out.xlsx")
    xml = zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml").decode()
    assert 'cm="1"' in xml and '<f t="array" ref="C1:C2">_xlfn.SEQUENCE(A1)</f>' in xml
    back = sheetgd.load(path)
    assert back.spill_range("s!C1") == "s!C1:C2"
    back.set("s!A1", 3)
    assert _column(back, "C", (1, 2, 3)) == [1.0, 2.0, 3.0]


@needs_libreoffice
def test_libreoffice_recomputes_the_spilled_arrays_to_the_same_values(tmp_path):
    """Written to .xlsx and recomputed by LibreOffice (7.4 reads a dynamic
    array as an array formula over its spill range; it has no SEQUENCE, so
    the arrays here use what it has)."""
    import openpyxl

    wb = _book(A1=1, A2=2, A3=4, C1="=A1:A3*2", E1="=TRANSPOSE(A1:A3)",
               E3="=MMULT(A1:A3,TRANSPOSE(A1:A3))", I1="=A1:A3&\"x\"")
    src, out = tmp_path / "src.xlsx", tmp_path / "lo.xlsx"
    write_xlsx(wb, src)
    recalculate([(src, out)])
    theirs = openpyxl.load_workbook(out, data_only=True)["s"]
    cells = ["C1", "C2", "C3", "E1", "F1", "G1", "E3", "F4", "G5", "E5", "I1", "I3"]
    ours = {c: wb.value(f"s!{c}") for c in cells}
    assert ours["G5"] == 16.0 and ours["I3"] == "4x"
    assert {c: theirs[c].value for c in cells} == ours


def test_an_array_spilling_into_a_table_is_spill_error():
    """Excel's "#SPILL! error" page, "Spill into table": spilled array
    formulas are not supported in tables -- an array whose range overlaps a
    table (even its empty cells, or one entered inside it) is #SPILL!."""
    book = Workbook()
    book.add_sheet("s")
    book.set("s!C1", "h")
    book.add_table("Tbl", "s!C1:C3")
    book.set("s!A2", "=SEQUENCE(1,3)")   # A2:C2 reaches the table's empty C2
    book.set("s!E2", "=SEQUENCE(1,3)")   # E2:G2 is clear of it
    book.set("s!C3", "=SEQUENCE(2)")     # inside the table
    book.set("s!C4", "=SUM(1,2)")        # one value: not spilled, fine below it
    assert is_error(book.value("s!A2"), "#SPILL!") and book.value("s!B2") is None
    assert is_error(book.value("s!C3"), "#SPILL!")
    assert [book.value(a) for a in ("s!E2", "s!F2", "s!G2")] == [1.0, 2.0, 3.0]
    assert book.value("s!C4") == 3.0


# --- the other kinds of #SPILL! on Microsoft's page that sheetgd decides ------------------
# ("How to correct a #SPILL! error": "Spill into merged cells", "Indeterminate size")


def test_an_array_spilling_into_merged_cells_is_spill_error():
    """"Spilled array formulas cannot spill into merged cells. Please
    un-merge the cells in question": merging C2:D2 blocks =SEQUENCE(3) in
    C1 (also merged after it spilled); unmerging lets it spill again; a
    merge it does not reach changes nothing."""
    wb = _book(C1="=SEQUENCE(3)")
    wb.merge_cells("s!C2:D2")
    assert is_error(wb.value("s!C1"), "#SPILL!") and wb.value("s!C2") is None
    assert "merged cells (s!C2:D2)" in wb.value("s!C1").message
    wb.unmerge_cells("s!C2:D2")
    assert _column(wb, "C", (1, 2, 3)) == [1.0, 2.0, 3.0]
    wb.merge_cells("s!E1:F1")
    wb.set("s!H1", "=SEQUENCE(1,2)")  # H1:I1, clear of E1:F1
    assert wb.merged_ranges("s") == ["s!E1:F1"] and wb.spill_range("s!H1") == "s!H1:I1"
    wb.set("s!G5", "=SEQUENCE(1,3)")  # G5:I5
    wb.merge_cells("s!I4:I6")
    assert is_error(wb.value("s!G5"), "#SPILL!")
    with pytest.raises(sheetgd.FormulaError, match="overlaps the merged range s!I4:I6"):
        wb.merge_cells("s!H6:I7")
    with pytest.raises(sheetgd.FormulaError, match="one cell"):
        wb.merge_cells("s!K1")


def _merged_file(path):
    """C2:D2 merged (XlsxWriter's merge_range, <mergeCell ref="C2:D2"/>);
    C1 =SEQUENCE(3) saved as a dynamic array of one cell (as if C2:D2 had
    been merged when Excel last calculated it: #SPILL! there)."""
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("s")
    sheet.merge_range("C2:D2", "")
    sheet.write_dynamic_array_formula("C1:C1", "=_xlfn.SEQUENCE(3)", None, "#SPILL!")
    book.close()
    return path


@pytest.mark.parametrize("fast", [True, False])
def test_merged_cells_read_from_a_file_block_a_spill(tmp_path, fast):
    from sheetgd.io.xlsx_read import read_workbook

    wb = read_workbook(_merged_file(tmp_path / "m.xlsx"), fast=fast)
    assert wb.merged_ranges("s") == ["s!C2:D2"] and wb.warnings == []
    assert is_error(wb.value("s!C1"), "#SPILL!")
    wb.unmerge_cells("s!C2:D2")
    assert _column(wb, "C", (1, 2, 3)) == [1.0, 2.0, 3.0]


def test_merged_cells_are_written_back(tmp_path):
    import zipfile

    wb = sheetgd.load(_merged_file(tmp_path / "m.xlsx"))
    path = write_xlsx(wb, tmp_path / "back.xlsx")
    xml = zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml").decode()
    assert '<mergeCell ref="C2:D2"/>' in xml
    assert sheetgd.load(path).merged_ranges("s") == ["s!C2:D2"]


def test_an_array_of_indeterminate_size_is_spill_error():
    """"Excel was unable to determine the size of the spilled array because
    it's volatile, and resizes between calculation passes", the page's
    example =SEQUENCE(RANDBETWEEN(1,1000)).  A random function that does
    not change the size leaves it spilling: RANDARRAY(3) (its values the
    first three draws of the seeded generator: Python's random.Random,
    the reference), SEQUENCE(RANDBETWEEN(4,4))."""
    import random

    wb = Workbook(seed=7)
    wb.add_sheet("s")
    wb.set("s!A1", "=RANDARRAY(3)")
    reference = random.Random(7)
    assert _column(wb, "A", (1, 2, 3)) == [reference.random() for _ in range(3)]
    wb.set("s!C1", "=SEQUENCE(RANDBETWEEN(1,1000))")
    assert is_error(wb.value("s!C1"), "#SPILL!") and wb.value("s!C2") is None
    assert "indeterminate" in wb.value("s!C1").message
    wb.set("s!E1", "=SEQUENCE(RANDBETWEEN(4,4))")
    assert wb.spill_range("s!E1") == "s!E1:E4"


@pytest.mark.parametrize("fast", [True, False])
def test_a_merged_range_off_the_grid_is_left_out_with_a_warning(tmp_path, fast):
    from sheetgd.io.xlsx_read import read_workbook

    bad = edit_part(_merged_file(tmp_path / "m.xlsx"), tmp_path / "bad.xlsx",
                    "xl/worksheets/sheet1.xml",
                    lambda data: data.replace(b'ref="C2:D2"', b'ref="C2:XFE2"'))
    wb = read_workbook(bad, fast=fast)
    assert wb.merged_ranges("s") == []
    assert wb.warnings == ["s: merged cells 'C2:XFE2': not a range of the grid; left unmerged"]
    assert wb.spill_range("s!C1") == "s!C1:C3"


def test_a_merged_range_of_the_whole_grid_is_written_as_one_entry(tmp_path):
    """ECMA-376 18.3.1.55: a ``<mergeCell ref>`` is any range of the grid,
    a whole sheet's included (Excel merges a selection of every cell).  It
    is written back as the one ``<mergeCell>`` it is (it used to note and
    pad each of its 17 billion cells: MemoryError); of two overlapping
    merges (Excel calls the file corrupt) the second is left out."""
    import zipfile

    wb = Workbook()
    wb.add_sheet("s")
    wb.set("s!A1", 5.0)
    wb.put_merged("s", [parse_area("s!B1:XFD1048576"), parse_area("s!A2:A3"),
                        parse_area("s!A3:A4")])  # (the last overlaps A2:A3)
    path = write_xlsx(wb, tmp_path / "merged.xlsx")
    xml = zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml").decode()
    assert '<mergeCell ref="B1:XFD1048576"/>' in xml and '<mergeCell ref="A2:A3"/>' in xml
    assert "A3:A4" not in xml
    again = sheetgd.load(path)
    assert again.merged_ranges("s") == ["s!B1:XFD1048576", "s!A2:A3"]
    assert again.value("s!A1") == 5.0


@pytest.mark.parametrize("fast", [True, False])
def test_an_array_formula_whose_range_does_not_start_at_its_cell_is_ref(tmp_path, fast):
    """An array formula's ``ref`` is the range whose first (top-left) cell
    holds the formula (ECMA-376 18.3.1.40, ``f``'s ``ref``; Excel's array
    formulas are entered from their first cell).  A cell B1 whose formula
    says ``ref="H10:H12"`` is a malformed file: the cell is #REF! with a
    warning naming it, and H10:H12 is left alone (it used to be given the
    formula)."""
    from sheetgd.io.xlsx_read import read_workbook

    plain = tmp_path / "plain.xlsx"
    book = xlsxwriter.Workbook(str(plain))
    sheet = book.add_worksheet("s")
    sheet.write_column("A1", [1, 2, 3])
    sheet.write_dynamic_array_formula("B1:B3", "=A1:A3", None, 1)
    book.close()
    bad = edit_part(plain, tmp_path / "bad.xlsx", "xl/worksheets/sheet1.xml",
                    lambda data: data.replace(b'ref="B1:B3"', b'ref="H10:H12"'))
    wb = read_workbook(bad, fast=fast)
    assert is_error(wb.value("s!B1"), "#REF!")
    assert any(w.startswith("s!B1:") and "H10:H12" in w and "does not start at the cell" in w
               for w in wb.warnings)
    assert wb.value("s!H10") is None and wb.formula("s!H10") is None


def test_a_random_function_passed_by_name_makes_the_size_indeterminate():
    """The page's "Indeterminate size" for a random draw made through a
    function passed by name: ``REDUCE(1,{1000},RANDBETWEEN)`` is
    RANDBETWEEN(1,1000), so ``SEQUENCE`` of it resizes between calculation
    passes as the page's =SEQUENCE(RANDBETWEEN(1,1000)) does (it used to
    spill, the function passed by name unseen)."""
    wb = Workbook(seed=7)
    wb.add_sheet("s")
    wb.set("s!C1", "=SEQUENCE(REDUCE(1,{1000},RANDBETWEEN))")
    assert is_error(wb.value("s!C1"), "#SPILL!") and wb.value("s!C2") is None
    assert "indeterminate" in wb.value("s!C1").message


def test_a_legacy_array_formula_is_written_with_every_cell_s_value(tmp_path):
    """Excel saves an array formula (Ctrl+Shift+Enter) as the formula in
    its first cell over ``ref`` and each other cell's value in that cell
    (ECMA-376 18.3.1.40); written back, ``{=A1:A3*2}`` over C1:C3 and
    ``{=MMULT({1,2;3,4},{1,0;0,1})}`` over D1:E2 keep 2, 4, 6 and 1, 2, 3, 4
    (worked by hand) in their cells, so a reader that does not recalculate
    (openpyxl here, as any viewer) sees them (they were written as 0)."""
    import openpyxl

    wb = Workbook(dynamic_arrays=False)
    wb.add_sheet("s")
    for r, v in enumerate([1.0, 2.0, 3.0], 1):
        wb.set(f"s!A{r}", v)
    wb.set_array_formula("s!C1:C3", "=A1:A3*2")
    wb.set_array_formula("s!D1:E2", "=MMULT({1,2;3,4},{1,0;0,1})")
    path = write_xlsx(wb, tmp_path / "arrays.xlsx")
    ws = openpyxl.load_workbook(path, data_only=True)["s"]
    assert [ws[c].value for c in ("C1", "C2", "C3")] == [2, 4, 6]
    assert [ws[c].value for c in ("D1", "E1", "D2", "E2")] == [1, 2, 3, 4]


def test_a_file_s_spill_larger_than_sheetgd_s_limit_spills_as_saved(tmp_path, monkeypatch):
    """Excel spills as far as the grid allows; sheetgd stops fresh arrays at
    200,000 cells (its own limit, lowered to 2,000 here), but an anchor read
    with a larger spill range (its cells already held) spills as far:
    =SEQUENCE(3000) saved over A1:A3000 recomputes to 1..3000 (the sequence
    Microsoft's SEQUENCE page defines), and eval finds every cell matching."""
    from sheetgd.engine import spilling
    from sheetgd.io.xlsx_read import read_workbook
    from sheetgd.recheck import compare_with_cached

    monkeypatch.setattr(spilling, "MAX_SPILL_CELLS", 2_000)
    path = tmp_path / "big.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("s")
    sheet.write_dynamic_array_formula("A1:A3000", "=_xlfn.SEQUENCE(3000)", None, 1)
    sheet.write_column(1, 0, range(2, 3001))
    book.close()
    wb = read_workbook(path)
    assert wb.spill_range("s!A1") == "s!A1:A3000"
    assert wb.value("s!A3000") == 3000.0
    assert compare_with_cached(wb).total("differing") == 0
    wb.set("s!C1", "=SEQUENCE(3000)")  # a fresh one: sheetgd's limit
    assert is_error(wb.value("s!C1"), "#SPILL!")


def test_sheetgd_s_spill_limit_is_200000_cells():
    from sheetgd import Workbook

    wb = Workbook()
    wb.add_sheet("s")
    wb.set("s!A1", "=SEQUENCE(200000)")
    wb.set("s!C1", "=SEQUENCE(200001)")
    assert wb.value("s!A200000") == 200000.0 and is_error(wb.value("s!C1"), "#SPILL!")


@pytest.mark.parametrize("fast", [True, False])
def test_overlapping_merged_ranges_read_from_a_file_keep_the_first(tmp_path, fast):
    """Merged ranges may not overlap (Excel reports a file where they do as
    corrupt, and XlsxWriter refuses to write one: "Merge range overlaps
    previous merge range"): of C2:D2 and D2:E3 the second is left unmerged
    with a warning naming both, so C1's =SEQUENCE(3) is still #SPILL!
    (C2:D2 merged) and E2 =SEQUENCE(2) spills through E3."""
    from sheetgd.io.xlsx_read import read_workbook

    bad = edit_part(_merged_file(tmp_path / "m.xlsx"), tmp_path / "bad.xlsx",
                    "xl/worksheets/sheet1.xml",
                    lambda data: data.replace(b'<mergeCell ref="C2:D2"/>',
                                              b'<mergeCell ref="C2:D2"/><mergeCell ref="D2:E3"/>'))
    wb = read_workbook(bad, fast=fast)
    assert wb.merged_ranges("s") == ["s!C2:D2"]
    assert wb.warnings == ["s: merged cells 'D2:E3' overlap C2:D2, merged before; left unmerged"]
    assert is_error(wb.value("s!C1"), "#SPILL!")
    wb.set("s!E2", "=SEQUENCE(2)")
    assert wb.spill_range("s!E2") == "s!E2:E3"
