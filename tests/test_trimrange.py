"""TRIMRANGE and the trim references ``A1.:.E10``, ``A1:.E10``, ``A1.:E10``.

Expected values follow the rules of Microsoft's "TRIMRANGE function" page:
it "scans in from the edges of a range or array until it finds a non-blank
cell (or value)" and excludes the blank rows or columns it passed;
trim_rows/trim_cols 0 none, 1 leading, 2 trailing, 3 both (default); the
trim references are TRIMRANGE(range,3,3), (…,2,2) and (…,1,1), for
whole-column references too (``A:.A``).  Where the page is silent (a range
of blanks alone, a formula giving "") the test says whose answer it takes.
"""

from __future__ import annotations

import zipfile

import sheetgd
from sheetgd import Workbook
from sheetgd.engine.nodes import TrimRef, render
from sheetgd.engine.parser import parse
from sheetgd.io.xlsx_write import write_xlsx

from .conftest import calc, is_error, make_book

#: Data in B2 and C3 of the block A1:D6: two blank rows and one blank column
#: lead, three rows and one column trail.
BLOCK = {"B2": 10, "C3": "x"}


def test_trimrange_keeps_the_rows_and_columns_between_the_first_and_last_value():
    """Default 3, 3: A1:D6 with values in B2 and C3 trims to B2:C3."""
    assert calc("=ROWS(TRIMRANGE(A1:D6))", BLOCK) == 2.0
    assert calc("=COLUMNS(TRIMRANGE(A1:D6))", BLOCK) == 2.0
    assert calc("=ROW(TRIMRANGE(A1:D6))", BLOCK) == 2.0  # a reference: its first row
    assert calc("=COLUMN(TRIMRANGE(A1:D6))", BLOCK) == 2.0


def test_trim_modes_pick_the_edges():
    """1 leading (B2:D6), 2 trailing (A1:C3), 0 none (A1:D6), mixed (rows only: A2:D3)."""
    assert [calc(f"=ROWS(TRIMRANGE(A1:D6,{m},{m}))", BLOCK) for m in (0, 1, 2, 3)] == [6.0, 5.0, 3.0, 2.0]
    assert [calc(f"=COLUMNS(TRIMRANGE(A1:D6,{m},{m}))", BLOCK) for m in (0, 1, 2, 3)] == [4.0, 3.0, 3.0, 2.0]
    assert calc("=COLUMNS(TRIMRANGE(A1:D6,3,0))", BLOCK) == 4.0
    assert calc("=ROWS(TRIMRANGE(A1:D6,3,0))", BLOCK) == 2.0
    assert calc("=ROWS(TRIMRANGE(A1:D6,2.9))", BLOCK) == 3.0  # truncated, as Excel's modes are


def test_bad_trim_modes_are_value_errors():
    assert is_error(calc("=TRIMRANGE(A1:D6,4)", BLOCK), "#VALUE!")
    assert is_error(calc("=TRIMRANGE(A1:D6,3,-1)", BLOCK), "#VALUE!")
    assert is_error(calc('=TRIMRANGE(A1:D6,"x")', BLOCK), "#VALUE!")


def test_blank_rows_inside_the_data_stay():
    """Only the outer edges are trimmed: A1, A5 values keep A2:A4 between them."""
    assert calc("=ROWS(TRIMRANGE(A1:A9))", {"A1": 1, "A5": 2}) == 5.0


def test_a_formula_giving_empty_text_is_no_blank():
    """ISBLANK's blank: an empty cell; =\"\" is a value (IronCalc keeps it too)."""
    assert calc("=ROWS(TRIMRANGE(A1:D6))", {**BLOCK, "D5": '=""'}) == 4.0
    assert calc("=COLUMNS(TRIMRANGE(A1:D6))", {**BLOCK, "D5": '=""'}) == 3.0


def test_a_range_of_blanks_alone_is_a_ref_error():
    """Nothing is left: #REF! (IronCalc's answer; Microsoft's page is silent)."""
    assert is_error(calc("=TRIMRANGE(A1:D6)"), "#REF!")
    assert is_error(calc("=ROWS(A1.:.D6)"), "#REF!")
    assert calc("=ROWS(TRIMRANGE(A1:D6,0,0))") == 6.0  # nothing trimmed: nothing to lose


def test_trimrange_of_an_array_trims_nothing_but_blanks():
    """An array has no empty elements unless it took them from blank cells."""
    assert calc("=ROWS(TRIMRANGE({1,2;3,4}))") == 2.0
    assert calc("=SUM(TRIMRANGE({1,2;3,4}))") == 10.0


def test_the_result_is_a_reference_that_functions_of_references_take():
    """OFFSET takes only references: from TRIMRANGE's B2:C3, one down is B3:C4."""
    assert calc("=ROW(OFFSET(TRIMRANGE(A1:D6),1,0))", BLOCK) == 3.0
    assert calc("=SUM(OFFSET(A1.:.D6,0,0,1,1))", BLOCK) == 10.0


def test_trimrange_spills_its_cells():
    """As a formula's value the trimmed B2:C3 spills 2 x 2, blanks as 0."""
    wb = make_book(BLOCK)
    wb.set("s!F1", "=TRIMRANGE(A1:D6)")
    assert wb.spill_range("s!F1") == "s!F1:G2"
    assert [wb.value(f"s!{a}") for a in ("F1", "G1", "F2", "G2")] == [10.0, 0.0, 0.0, "x"]
    wb.set("s!D6", 5)  # the data grow: the spill follows
    assert wb.spill_range("s!F1") == "s!F1:H5"


def test_whole_columns_are_trimmed_to_the_used_rows():
    """``B:.B``: the page's own example form, the trailing blanks of a
    whole column (a million rows) trimmed to the last value."""
    cells = {"B1": 1, "B2": 2, "B3": 3, "D900": 1}
    assert calc("=ROWS(B:.B)", cells) == 3.0
    assert calc("=SUM(B:.B)", cells) == 6.0
    assert calc("=ROWS(B.:.B)", {"B5": 1, "B7": 1}) == 3.0
    assert calc("=ROWS(2:.3)", {"A2": 1, "C2": 1}) == 1.0  # whole rows, trailing row blank


def test_the_three_trim_references_are_trimrange_with_3_2_and_1():
    assert calc("=ROWS(A1.:.D6)", BLOCK) == calc("=ROWS(TRIMRANGE(A1:D6,3,3))", BLOCK) == 2.0
    assert calc("=ROWS(A1:.D6)", BLOCK) == calc("=ROWS(TRIMRANGE(A1:D6,2,2))", BLOCK) == 3.0
    assert calc("=ROWS(A1.:D6)", BLOCK) == calc("=ROWS(TRIMRANGE(A1:D6,1,1))", BLOCK) == 5.0
    assert calc("=COLUMNS(A1.:D6)", BLOCK) == 3.0


def test_trim_references_depend_on_their_cells():
    wb = make_book(BLOCK)
    wb.set("s!F1", "=ROWS(A1:.D6)")
    assert wb.value("s!F1") == 3.0
    wb.set("s!A6", 1)
    assert wb.value("s!F1") == 6.0


def test_trim_references_parse_to_one_node_and_render_as_written():
    node = parse("=SUM(A1.:.B10)", 1, 1)
    assert isinstance(node.args[0], TrimRef) and node.args[0].op == ".:."
    for text in ("SUM(A1.:.B10)", "A1:.B10", "A1.:B10", "A:.A", "1:.3", "'my s'!A1.:.$C$3"):
        assert render(parse("=" + text, 1, 1), 1, 1) == text
    assert render(parse("=A1:.B10", 1, 1), 2, 1) == "A2:.B11"  # relative, like any range
    # not the same formula as the TRIMRANGE call it computes
    assert parse("=A1.:.B2", 1, 1) != parse("=TRIMRANGE(A1:B2,3,3)", 1, 1)


def test_trim_references_are_read_and_written_as_excel_stores_them(tmp_path):
    """A file stores ``A1.:.E10`` as ``_xlfn._TRO_ALL(A1:E10)`` (and
    _TRO_TRAILING, _TRO_LEADING); both spellings are one formula."""
    assert parse("=_xlfn._TRO_ALL(A1:B10)", 1, 1) == parse("=A1.:.B10", 1, 1)
    assert parse("=_xlfn._TRO_TRAILING(A1:B10)", 1, 1) == parse("=A1:.B10", 1, 1)
    assert parse("=_xlfn._TRO_LEADING(A1:B10)", 1, 1) == parse("=A1.:B10", 1, 1)
    wb = Workbook()
    wb.add_sheet("s")
    for addr, value in BLOCK.items():
        wb.set(f"s!{addr}", value)
    wb.set("s!F1", "=ROWS(A1.:.D6)+ROWS(A1:.D6)*10+ROWS(A1.:D6)*100")
    wb.set("s!F2", "=ROWS(TRIMRANGE(A1:D6))")
    path = write_xlsx(wb, tmp_path / "trim.xlsx")
    xml = zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml").decode()
    assert ("ROWS(_xlfn._TRO_ALL(A1:D6))+ROWS(_xlfn._TRO_TRAILING(A1:D6))*10"
            "+ROWS(_xlfn._TRO_LEADING(A1:D6))*100") in xml
    assert "ROWS(_xlfn.TRIMRANGE(A1:D6))" in xml
    back = sheetgd.load(path)
    assert back.value("s!F1") == 532.0
    assert back.formula("s!F1") == "=ROWS(A1.:.D6)+ROWS(A1:.D6)*10+ROWS(A1.:D6)*100"


def test_a_3d_reference_cannot_be_trimmed():
    wb = make_book({"s!A1": 1, "data!A1": 2})
    wb.set("s!F1", "=TRIMRANGE(s:data!A1:B2)")
    assert is_error(wb.value("s!F1"), "#VALUE!")


def test_a_filled_down_trim_of_a_whole_column_follows_each_change():
    """``=ROWS($A:.$A)`` in every row of column C: computed once per
    recalculation, and again after a change (not kept across them)."""
    wb = make_book({f"A{r}": float(r) for r in range(1, 51)})
    for r in range(1, 51):
        wb.set(f"s!C{r}", "=ROWS($A:.$A)+SUM($A.:.$A)*0")
    assert {wb.value(f"s!C{r}") for r in range(1, 51)} == {50.0}
    wb.set("s!A80", 1.0)
    assert {wb.value(f"s!C{r}") for r in range(1, 51)} == {80.0}
