"""Excel tables and structured references (issue 16, item 3).

Expected values are Excel's, worked out by hand from the documented
meaning of each form ("Using structured references with Excel tables",
support.microsoft.com) on small tables, and LibreOffice's where it reads
the form (its cached values after recalculating a file); never values
sheetgd produced.  Files are made here with XlsxWriter, which writes a
table column's formula as Excel 2007 does (``[@Units]`` becomes
``[[#This Row],Units]``, without the table's name).
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
import xlsxwriter
from click.testing import CliRunner

import sheetgd
from sheetgd.cli import main
from sheetgd.engine.errors import FormulaError
from sheetgd.engine.nodes import BrokenRef, StructRef, TableRef, walk
from sheetgd.engine.parser import parse
from sheetgd.engine.tables import parse_structured
from sheetgd.io.xlsx_read import WorkbookReadError
from sheetgd.io.xlsx_write import write_xlsx

from .conftest import edit_part, needs_libreoffice


def _units_cost(path: Path, total: str = "=[@Units]*[@Cost]", cached: bool = False, **more):
    """The issue's case: table T over A1:C3 (Units 2, 4; Cost 3, 5; Total a
    column formula) and E1 ``=SUM(T[Total])``; ``cached``: with the values
    Excel shows (6, 20, 26), else XlsxWriter's 0."""
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Sheet1")
    ws.add_table("A1:C3", {"name": "T", "data": [[2, 3], [4, 5]], "columns": [
        {"header": "Units"}, {"header": "Cost"}, {"header": "Total", "formula": total}]})
    ws.write_formula("E1", "=SUM(T[Total])", None, 26 if cached else 0)
    if cached:  # the column formula as XlsxWriter stores it, with Excel's values
        for row, value in ((1, 6), (2, 20)):
            ws.write_formula(row, 2, "=[[#This Row],Units]*[[#This Row],Cost]", None, value)
    for cell, formula in more.items():
        ws.write_formula(cell, formula)
    wb.close()
    return path


def test_xlsxwriter_table_sum_of_a_column_formula_is_26(tmp_path):
    book = sheetgd.load(_units_cost(tmp_path / "t.xlsx"))
    assert book.value("Sheet1!E1") == 26
    assert (book.value("Sheet1!C2"), book.value("Sheet1!C3")) == (6, 20)
    assert book.formula("Sheet1!C2") == "=[[#This Row],Units]*[[#This Row],Cost]"  # as stored
    assert book.warnings == []


def test_sheetgd_eval_agrees_with_excels_values_on_the_table(tmp_path):
    path = _units_cost(tmp_path / "t.xlsx", cached=True)
    result = CliRunner().invoke(main, ["eval", str(path), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["formula_cells"] == 3 and report["matching"] == 3
    stale = _units_cost(tmp_path / "stale.xlsx")  # XlsxWriter's cached 0s: eval computes 26
    report = json.loads(CliRunner().invoke(main, ["eval", str(stale), "--json"]).output)
    assert {d["cell"]: d["computed"] for d in report["differences"]}["Sheet1!E1"] == 26


@needs_libreoffice
@pytest.mark.libreoffice
def test_tables_recomputed_by_libreoffice_agree(tmp_path):
    """LibreOffice recomputes table files; sheetgd reads what it saved and
    agrees with every value it cached where LibreOffice reads the form.
    LibreOffice 7's xlsx import reads structured references only with the
    table's name: ``[[#This Row],Units]``, XlsxWriter's (and Excel 2007's)
    form of ``[@Units]`` in the issue's file, is #N/A there (Excel: 6 and
    20, so the sum 26), and ``T[#All]`` alone or ``T[#Totals]`` are
    misread; the second file uses the forms it reads."""
    from sheetgd.io.libreoffice import recalculate
    from sheetgd.recheck import compare_with_cached

    issue = _units_cost(tmp_path / "issue.xlsx")
    src = _units_cost(tmp_path / "t.xlsx", total="=T[[#This Row],[Units]]*T[[#This Row],[Cost]]",
                      F1="=SUM(T[Units])", F2="=SUM(T[[Units]:[Cost]])",
                      F3="=T[[#This Row],[Cost]]", F4="=T[[#Headers],[Cost]]",
                      F5="=COUNTA(T[[#Headers],[#Data],[Cost]])", F6="=SUM(T[])",
                      F7="=T[[#This Row],[Units]]")
    out, issue_out = tmp_path / "t_lo.xlsx", tmp_path / "issue_lo.xlsx"
    recalculate([(src, out), (issue, issue_out)])
    book = sheetgd.load(out)
    report = compare_with_cached(book, out.name)
    assert report.total("differing") == 0, report.differences
    assert report.total("formula_cells") == 10 and report.total("matching") == 10
    assert book.value("Sheet1!E1") == book.cached.get(("Sheet1", 1, 5)) == 26
    assert book.value("Sheet1!F3") == 5 and book.value("Sheet1!F4") == "Cost"
    assert book.value("Sheet1!F5") == 3
    assert book.value("Sheet1!F7") == sheetgd.XLError("#VALUE!")  # row 7: not T's (LibreOffice too)
    book = sheetgd.load(issue_out)
    assert book.value("Sheet1!E1") == 26
    report = compare_with_cached(book, issue_out.name)
    assert all(d["cached"] == "#N/A" for d in report.differences), report.differences


# --- the forms, on a table made with the Python API ----------------------------------

@pytest.fixture
def book():
    """T over B2:D5 of sheet s: header (Units, Cost, Total), rows 3-4, totals row 5."""
    wb = sheetgd.Workbook()
    wb.add_sheet("s")
    wb.add_sheet("other")
    wb.set("s!B2:D2", [["Units", "Cost", "Total"]])
    wb.set("s!B3:C4", [[2, 3], [4, 5]])
    wb.add_table("T", "s!B2:D5", totals=True)
    wb.set("s!D3", "=[@Units]*[@Cost]")
    wb.set("s!D4", "=[@Units]*[@Cost]")
    wb.set("s!B5", "=SUM([Units])")
    wb.set("s!D5", "=SUM(T[Total])")
    return wb


def _value(book, formula, where="s!G3"):
    book.set(where, formula)
    return book.value(where)


def test_a_column_is_its_data(book):
    assert _value(book, "=SUM(T[Total])") == 26
    assert _value(book, "=SUM(T[Units])") == 6
    assert book.value("s!D5") == 26 and book.value("s!B5") == 6


def test_this_row_and_the_at_sign(book):
    assert _value(book, "=T[[#This Row],[Cost]]", "s!G4") == 5
    assert _value(book, "=T[@Cost]", "s!G3") == 3
    assert _value(book, "=T[@[Cost]]*10", "s!G4") == 50
    assert _value(book, "=SUM(T[@[Units]:[Cost]])", "s!G4") == 9
    assert _value(book, "=[@Units]", "s!C3") == 2  # inside the table: its own


def test_this_row_outside_the_data_rows_is_value_error(book):
    assert _value(book, "=T[@Cost]", "s!G2") == sheetgd.XLError("#VALUE!")
    assert _value(book, "=T[@Cost]", "s!G9") == sheetgd.XLError("#VALUE!")
    assert _value(book, "=T[@Cost]", "other!A4") == 5  # the row, on any sheet


def test_headers_totals_data_all(book):
    assert _value(book, "=T[[#Headers],[Cost]]") == "Cost"
    assert _value(book, "=COUNTA(T[#Headers])") == 3
    assert _value(book, "=T[[#Totals],[Total]]") == 26
    assert _value(book, "=SUM(T[#Totals])") == 32  # B5 6 + D5 26
    assert _value(book, "=ROWS(T[#Data])") == 2
    assert _value(book, "=ROWS(T[#All])") == 4 and _value(book, "=COLUMNS(T[#All])") == 3
    assert _value(book, "=ROWS(T[[#Headers],[#Data],[Cost]])") == 3
    assert _value(book, "=SUM(T[[#Data],[#Totals],[Units]])") == 12
    assert _value(book, "=SUM(T[])") == 40  # the data, every column


def test_column_ranges(book):
    assert _value(book, "=SUM(T[[Units]:[Cost]])") == 14
    assert _value(book, "=SUM(T[[Cost]:[Units]])") == 14
    assert _value(book, "=COLUMNS(T[[#All],[Cost]:[Total]])") == 2


def test_names_are_case_insensitive(book):
    assert _value(book, "=SUM(t[total])") == 26
    assert _value(book, "=t[[#this row],[cost]]", "s!G4") == 5


def test_a_missing_column_or_totals_row_is_ref_error(book):
    assert _value(book, "=SUM(T[Price])") == sheetgd.XLError("#REF!")
    assert _value(book, "=SUM(Nope[Price])") == sheetgd.XLError("#REF!")
    book.set("other!A1:A3", [["x"], [1], [2]])
    book.add_table("U", "other!A1:A3")
    assert _value(book, "=U[#Totals]") == sheetgd.XLError("#REF!")
    assert _value(book, "=SUM(U[x])") == 3


def test_structured_references_in_defined_names(book):
    book.define_name("totals", "T[Total]")
    book.define_name("cost_here", "T[[#This Row],[Cost]]")
    assert _value(book, "=SUM(totals)") == 26
    assert _value(book, "=cost_here", "s!G4") == 5
    assert _value(book, "=cost_here", "s!G9") == sheetgd.XLError("#VALUE!")


def test_escaped_column_names():
    wb = sheetgd.Workbook()
    wb.add_sheet("s")
    names = ["It[s", "#n", "a'b", "Unit Price"]
    wb.set("s!A1:D1", [names])
    wb.set("s!A2:D2", [[1, 2, 3, 4]])
    wb.add_table("E", "s!A1:D2")
    assert _value(wb, "=E[It'[s]") == 1
    assert _value(wb, "=E['#n]") == 2
    assert _value(wb, "=E[a''b]") == 3
    assert _value(wb, "=E[[#This Row],[a''b]]", "s!G2") == 3
    assert _value(wb, "=E[Unit Price]") == 4
    assert _value(wb, "=E[@[Unit Price]]", "s!G2") == 4
    assert _value(wb, "=SUM(E[ [It'[s]:['#n] ])") == 3


def test_dependents_follow_the_table_cells(book):
    book.set("s!C3", 10)  # Cost of the first row
    assert book.value("s!D3") == 20 and book.value("s!D5") == 40


def test_a_filled_down_column_shares_one_resolved_ast(book):
    cells = book.sheet("s").cells
    node = cells[(3, 4)].node
    assert node is cells[(4, 4)].node
    refs = [n for n in walk(node) if isinstance(n, TableRef)]
    assert len(refs) == 2 and all(not r.ref.start.row_abs and r.ref.start.row == 0 for r in refs)


def test_a_table_added_after_its_formulas_is_read():
    wb = sheetgd.Workbook()
    wb.add_sheet("s")
    wb.set("s!A1:A3", [["x"], [1], [2]])
    wb.set("s!C1", "=SUM(L[x])")
    assert wb.value("s!C1") == sheetgd.XLError("#REF!")
    wb.add_table("L", "s!A1:A3")
    assert wb.value("s!C1") == 3


def test_add_table_refuses_what_excel_refuses(book):
    with pytest.raises(FormulaError, match="exists already"):
        book.add_table("t", "other!A1:A3", ["x"])
    with pytest.raises(FormulaError, match="overlaps"):
        book.add_table("V", "s!D4:E6", ["a", "b"])
    with pytest.raises(FormulaError, match="column names for the 2 columns"):
        book.add_table("V", "other!A1:B3", ["a"])
    with pytest.raises(FormulaError, match="two columns named"):
        book.add_table("V", "other!A1:B3", ["a", "A"])
    with pytest.raises(FormulaError, match="not a valid name"):
        book.add_table("A1", "other!A1:B3", ["a", "b"])
    with pytest.raises(FormulaError, match="no data row"):
        book.add_table("V", "other!A1:B1", ["a", "b"])


# --- text: parsed, written back as written -----------------------------------------------

FORMS = ["T[Col]", "T[[#This Row],[Col]]", "T[@Col]", "[@Col]", "T[#Headers]", "T[#Totals]",
         "T[#Data]", "T[#All]", "T[[Col1]:[Col2]]", "T[[#Headers],[Col]]", "T[]",
         "[[#This Row],Col]", "T[[#Headers],[#Data],[Col]]", "T[ [#Data], [Col] ]",
         "T[It'[s]", "T[@[Unit Price]]"]


@pytest.mark.parametrize("form", FORMS)
def test_each_form_parses_and_renders_as_written(form):
    from sheetgd.engine.nodes import render

    node = parse(f"=SUM({form})+1", 4, 2)
    refs = [n for n in walk(node) if isinstance(n, StructRef)]
    assert len(refs) == 1 and refs[0].text == form
    assert render(node, 4, 2) == f"SUM({form})+1"


def _named(text):
    r = parse_structured(text)
    return r.table, r.keywords, r.first, r.last


def test_what_each_form_names():
    assert _named("T[Col]") == ("T", (), "Col", "Col")
    assert _named("T[[#This Row],[Age]]") == ("T", ("#This Row",), "Age", "Age")
    assert _named("[@Age]") == (None, ("#This Row",), "Age", "Age")
    assert _named("[[#This Row],Age]") == (None, ("#This Row",), "Age", "Age")
    assert _named("T[[A]:[B]]") == ("T", (), "A", "B")
    assert _named("T[#all]") == ("T", ("#All",), None, None)
    assert _named("T[[#Headers],[Col]]") == ("T", ("#Headers",), "Col", "Col")
    assert _named("T[It'[s]")[2] == "It[s"
    assert _named("T[a''b]")[2] == "a'b"


@pytest.mark.parametrize("bad", ["=T[[#Bogus]]", "=T[[A],[#All]]", "=T[[#All],[#Data]]",
                                 "=T[[#This Row],[#Data]]", "=T[[A]:[B]:[C]]", "=T[a]b]",
                                 "=T[[]]", "=1T[x]"])
def test_malformed_structured_references_are_refused(bad):
    with pytest.raises(FormulaError):
        parse(bad)


def test_a_reference_into_another_workbook_is_no_structured_reference():
    from sheetgd.engine.nodes import ExternalRef

    assert isinstance(parse("=[1]Sheet1!A1"), ExternalRef)


def test_the_writer_writes_the_table_and_the_text_back(tmp_path):
    book = sheetgd.load(_units_cost(tmp_path / "t.xlsx"))
    book.set("Sheet1!F1", "=T[[#Headers],[Cost]]")
    out = write_xlsx(book, tmp_path / "back.xlsx")
    again = sheetgd.load(out)
    assert [(t.name, t.area.a1(), t.columns) for t in again.tables] == \
        [("T", "Sheet1!A1:C3", ("Units", "Cost", "Total"))]
    assert again.formula("Sheet1!C3") == "=[[#This Row],Units]*[[#This Row],Cost]"
    assert again.value("Sheet1!E1") == 26 and again.cached.get(("Sheet1", 1, 5)) == 26
    assert again.value("Sheet1!F1") == "Cost"


def test_a_defined_name_in_a_file_reads_the_table(tmp_path):
    path = tmp_path / "n.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Sheet1")
    ws.add_table("A1:B3", {"name": "T", "data": [[2, 3], [4, 5]],
                           "columns": [{"header": "Units"}, {"header": "Cost"}]})
    wb.define_name("cost", "=T[Cost]")
    ws.write_formula("D1", "=SUM(cost)")
    wb.close()
    assert sheetgd.load(path).value("Sheet1!D1") == 8


# --- hostile tables: one line naming the file, the sheet and the table ---------------------

def _tamper(src: Path, dst: Path, part: str, edit) -> Path:
    return edit_part(src, dst, part, lambda data: edit(data.decode()).encode())


TABLE = "xl/tables/table1.xml"


@pytest.mark.parametrize("edit,said", [
    (lambda x: x.replace('ref="A1:C3"', 'ref="A1:C"'), "ref 'A1:C' is not a range"),
    (lambda x: x.replace('ref="A1:C3"', 'ref="Sheet1!A1:C3"'), "is not a range"),
    (lambda x: x.replace('ref="A1:C3"', 'ref="A1:C9999999"'), "is not a range"),
    (lambda x: x.replace('ref="A1:C3"', 'ref="A1:D3"'), "3 column names for the 4 columns"),
    (lambda x: x.replace('name="Cost"', 'name="units"'), "two columns named"),
    (lambda x: x.replace('name="Cost"', 'name=""'), "a column without a name"),
    (lambda x: x.replace('displayName="T"', 'displayName="A1"'), "not a valid name"),
    (lambda x: x.replace('id="1" name="T"', 'id="1" headerRowCount="7" name="T"'),
     "headerRowCount '7'"),
    (lambda x: x.replace('ref="A1:C3"', 'ref="A1:C1"'), "leaves no data row"),
    (lambda x: x.replace("<table ", "<notatable ").replace("</table>", "</notatable>"),
     "not a table"),
    (lambda x: x.replace("<tableColumns", "<!-- x --><tableColumns").replace("</table>", ""),
     "not well-formed"),
    (lambda x: x.replace("?>", '?><!DOCTYPE table [<!ENTITY a "aaaa">]>', 1), "declares a DTD"),
])
def test_a_malformed_table_is_one_line_naming_it(tmp_path, edit, said):
    bad = _tamper(_units_cost(tmp_path / "t.xlsx"), tmp_path / "bad.xlsx", TABLE, edit)
    with pytest.raises(WorkbookReadError) as caught:
        sheetgd.load(bad)
    message = str(caught.value)
    assert "\n" not in message and said in message and "bad.xlsx" in message
    assert TABLE in message
    result = CliRunner().invoke(main, ["eval", str(bad)])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert said in result.output


def test_a_missing_table_part_or_a_table_twice_is_one_line(tmp_path):
    rels = "xl/worksheets/_rels/sheet1.xml.rels"
    src = _units_cost(tmp_path / "t.xlsx")
    gone = _tamper(src, tmp_path / "gone.xlsx", rels,
                   lambda x: x.replace("tables/table1.xml", "tables/nothere.xml"))
    with pytest.raises(WorkbookReadError, match="sheet 'Sheet1'.*missing from the package"):
        sheetgd.load(gone)
    twice = _tamper(src, tmp_path / "twice.xlsx", rels, lambda x: x.replace(
        "</Relationships>", '<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships/table" Target="../tables/table1.xml"/></Relationships>'))
    with pytest.raises(WorkbookReadError, match=r"table 'T'.*exists already"):
        sheetgd.load(twice)


def test_a_broken_reference_keeps_its_text():
    wb = sheetgd.Workbook()
    wb.add_sheet("s")
    wb.set("s!A1:A2", [["x"], [1]])
    wb.add_table("L", "s!A1:A2")
    wb.set("s!C1", "=L[nope]+1")
    node = wb.sheet("s").cells[(1, 3)].node
    assert any(isinstance(n, BrokenRef) and n.text == "L[nope]" for n in walk(node))
    assert wb.formula("s!C1") == "=L[nope]+1"


def _long_table(path: Path, rows: int = 500) -> Path:
    """Units 1..rows, Cost 2, Total ``[@Units]*[@Cost]`` filled down; F1 sums Total."""
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Sheet1")
    ws.add_table(0, 0, rows, 2, {"name": "Long", "data": [[i, 2] for i in range(1, rows + 1)],
                                 "columns": [{"header": "Units"}, {"header": "Cost"},
                                             {"header": "Total", "formula": "=[@Units]*[@Cost]"}]})
    ws.write_formula("F1", "=SUM(Long[Total])")
    ws.write_formula("F2", "=Long[[#This Row],[Total]]+1")
    wb.close()
    return path


@pytest.mark.parametrize("fast", [True, False])
def test_a_long_table_column_reads_and_recalculates(tmp_path, fast):
    from sheetgd.io.xlsx_read import read_workbook

    book = read_workbook(_long_table(tmp_path / "long.xlsx"), fast=fast)
    assert book.value("Sheet1!F1") == 2 * 500 * 501 / 2
    assert book.value("Sheet1!F2") == 3  # row 2: Units 1 * Cost 2, + 1
    book.set("Sheet1!A11", 1000)  # Units 10 -> 1000
    assert book.value("Sheet1!C11") == 2000
    assert book.value("Sheet1!F1") == 2 * 500 * 501 / 2 + 2 * 990
    cells = book.sheet("Sheet1").cells
    assert cells[(2, 3)].node is cells[(501, 3)].node  # one AST down the column


def test_more_columns_than_the_grid_is_one_line(tmp_path):
    many = "".join(f'<tableColumn id="{i}" name="c{i}"/>' for i in range(16_390))
    bad = _tamper(_units_cost(tmp_path / "t.xlsx"), tmp_path / "wide.xlsx", TABLE,
                  lambda x: x.replace('<tableColumn id="1" name="Units"/>', many))
    with pytest.raises(WorkbookReadError, match="more than 16,384 columns"):
        sheetgd.load(bad)


def test_a_tables_name_alone_is_its_data(book):
    assert _value(book, "=SUM(T)") == 40 and _value(book, "=ROWS(T)") == 2
    assert book.formula("s!G3") == "=ROWS(T)"
    with pytest.raises(FormulaError, match="table's name"):
        book.define_name("t", "s!A1")


def test_unreadable_sheet_relationships_leave_the_tables_out_with_a_warning(tmp_path):
    rels = "xl/worksheets/_rels/sheet1.xml.rels"
    bad = _tamper(_units_cost(tmp_path / "t.xlsx"), tmp_path / "rels.xlsx", rels,
                  lambda x: x.replace("</Relationships>", ""))
    book = sheetgd.load(bad)  # (the part also lists comments, links...: the cells still load)
    assert any(rels in w and "tables of sheet 'Sheet1' are left out" in w for w in book.warnings)
    assert book.value("Sheet1!E1") == sheetgd.XLError("#REF!")


def test_the_at_sign_is_written_to_files_as_this_row(book, tmp_path):
    book.set("s!G3", "=T[@Cost]*2+SUM(T[@[Units]:[Cost]])")
    book.set("s!G4", "=T[@]")
    assert book.formula("s!G3") == "=T[@Cost]*2+SUM(T[@[Units]:[Cost]])"  # as entered (shown)
    out = write_xlsx(book, tmp_path / "at.xlsx")
    with zipfile.ZipFile(out) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    assert "T[[#This Row],[Cost]]*2+SUM(T[[#This Row],[Units]:[Cost]])" in sheet
    assert "<f>[[#This Row],[Units]]*[[#This Row],[Cost]]</f>" in sheet  # D3, D4: [@Units]*[@Cost]
    # T[@] is the whole row: a dynamic array spilling over G4:I4, saved as Excel saves one
    assert '<f t="array" ref="G4:I4">T[#This Row]</f>' in sheet and "@" not in sheet
    again = sheetgd.load(out)
    assert again.value("s!G3") == 6 + 5 and again.value("s!D4") == 20
    assert again.value("s!D5") == 26  # the totals row's own formula


@pytest.mark.parametrize("text", ["=\ue000", "=\ue0000\ue001", "=T[x]+\ue0000\ue001",
                                  "=T[x]+\ue0009\ue001", "=\ue000[x]", "=T[x]+\ue0001"])
def test_the_marks_used_inside_the_parser_in_a_formula_are_refused(text):
    with pytest.raises(FormulaError):
        parse(text)
