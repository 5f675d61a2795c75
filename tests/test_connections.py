"""Functions that need a live connection sheetgd never opens (CUBE*, RTD,
STOCKHISTORY, WEBSERVICE, IMAGE): a cell read from a file keeps the value
the file cached for it, a fresh formula gives the error Excel documents for
a connection that fails (see sheetgd/engine/functions/connections.py for
the Microsoft pages each error comes from).

The fixture is written with XlsxWriter: each formula carries a cached value
as Excel would have saved it after fetching; the tests check that those
values are kept (they are the file's, not sheetgd's), never refetched, and
that what reads them computes from them.
"""

from __future__ import annotations

import json
import socket

import pytest
import xlsxwriter
from click.testing import CliRunner

from sheetgd.cli import main
from sheetgd.engine import Workbook
from sheetgd.io.xlsx_read import read_workbook
from sheetgd.recheck import compare_with_cached, format_report


def _book(path):
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("S")
    ws.write("H1", "[Measures].[Sum of Sales]")
    ws.write_formula("A1", '=CUBEVALUE("ThisWorkbookDataModel",H1)', None, 1234.5)
    ws.write_formula("A2", "=A1*2", None, 2469)  # computed from A1's cached value
    ws.write_formula("A3", '=RTD("my.progid",,"IBM","Last")', None, "101.25")
    ws.write_formula("A4", '=_xlfn.WEBSERVICE("http://example.invalid/x")/2', None, 7)
    # STOCKHISTORY's table as Excel saves a dynamic array: the anchor's
    # formula over the spill range, the other members as values.
    ws.write_dynamic_array_formula("C1:D3", '=_xlfn.STOCKHISTORY("MSFT",44000,44001)', None, "Date")
    ws.write("D1", "Close")
    ws.write("C2", 44000)
    ws.write("D2", 250.5)
    ws.write("C3", 44001)
    ws.write("D3", 251.5)
    ws.write_formula("E1", "=SUM(D2:D3)", None, 502)
    ws.write_array_formula("F1:F1", '{=CUBEMEMBER("ThisWorkbookDataModel","[Date].[2020]")}', None, "CY 2020")
    wb.close()
    return path


def test_cells_calling_a_connection_function_keep_the_file_s_values(tmp_path):
    book = read_workbook(_book(tmp_path / "conn.xlsx"))
    assert book.value("S!A1") == 1234.5
    assert book.value("S!A2") == 2469.0  # 2 * 1234.5, computed from the kept value
    assert book.value("S!A3") == "101.25"
    assert book.value("S!A4") == 7.0  # the whole cell's value: WEBSERVICE's own is not saved
    assert [[book.value(f"S!{c}{r}") for c in "CD"] for r in (1, 2, 3)] == \
        [["Date", "Close"], [44000.0, 250.5], [44001.0, 251.5]]
    assert book.value("S!E1") == 502.0  # 250.5 + 251.5, read from the kept spill
    assert book.value("S!F1") == "CY 2020"


def test_kept_values_are_constants_to_recalculation(tmp_path):
    """What their arguments read may change: nothing is fetched again."""
    book = read_workbook(_book(tmp_path / "conn.xlsx"))
    book.set("S!H1", "[Measures].[Count of Sales]")
    assert book.value("S!A1") == 1234.5
    book.calculate_all()
    assert book.value("S!A1") == 1234.5 and book.value("S!D3") == 251.5


def test_reentering_a_formula_drops_the_cached_value(tmp_path):
    book = read_workbook(_book(tmp_path / "conn.xlsx"))
    book.set("S!A1", '=CUBEVALUE("ThisWorkbookDataModel",H1)')
    assert str(book.value("S!A1")) == "#NAME?"
    assert str(book.value("S!A2")) == "#NAME?"


@pytest.mark.parametrize("formula, error", [
    # Microsoft's CUBE* pages: OLAP server not running or not available -> #NAME?
    ('=CUBEVALUE("Sales","[Measures].[Profit]")', "#NAME?"),
    ('=CUBEMEMBER("Sales","[Time].[Fiscal].[2004]")', "#NAME?"),
    ('=CUBEMEMBERPROPERTY("Sales","[Time].[Fiscal].[2004]","$Key")', "#NAME?"),
    ('=CUBEKPIMEMBER("Sales","MySalesKPI",1)', "#NAME?"),
    ('=CUBERANKEDMEMBER("Sales",A9,1,"Top Month")', "#NAME?"),
    ('=CUBESET("Sales","[Product].[All Products].Children","Products",1,"[Measures].[Sales]")',
     "#NAME?"),
    ("=CUBESETCOUNT(A9)", "#NAME?"),
    # Microsoft's RTD page example: no real-time data server installed -> #N/A
    ('=RTD("mycomaddin.progid",,"Server_name","Price")', "#N/A"),
    # Microsoft's WEBSERVICE page: arguments unable to return the data -> #VALUE!
    ('=WEBSERVICE("http://mywebservice.com/serviceEndpoint?searchString=Excel")', "#VALUE!"),
    # the service cannot be reached -> #CONNECT!
    ('=STOCKHISTORY("MSFT",DATE(2020,6,1),DATE(2020,6,15))', "#CONNECT!"),
    ('=IMAGE("https://support.content.office.net/en-us/media/35aecc53.png","Sphere")',
     "#CONNECT!"),
])
def test_fresh_formulas_give_excel_s_error_for_a_failed_connection(formula, error):
    book = Workbook()
    book.add_sheet("S")
    book.set("S!A1", formula)
    assert str(book.value("S!A1")) == error


def test_an_error_argument_comes_first():
    book = Workbook()
    book.add_sheet("S")
    book.set("S!A1", "=WEBSERVICE(1/0)")
    book.set("S!A2", '=RTD("a",,#N/A)')
    assert str(book.value("S!A1")) == "#DIV/0!"
    assert str(book.value("S!A2")) == "#N/A"


def test_wrong_number_of_arguments_is_value_error():
    book = Workbook()
    book.add_sheet("S")
    book.set("S!A1", "=CUBESETCOUNT()")
    book.set("S!A2", '=RTD("a","b")')  # a topic is required
    assert str(book.value("S!A1")) == "#VALUE!" and str(book.value("S!A2")) == "#VALUE!"


def test_nothing_touches_the_network(tmp_path, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a connection was attempted")

    path = _book(tmp_path / "conn.xlsx")
    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    book = read_workbook(path)
    book.set("S!B1", '=WEBSERVICE("http://example.invalid/")')
    book.set("S!B2", '=IMAGE("https://example.invalid/a.png")')
    book.calculate_all()
    assert str(book.value("S!B1")) == "#VALUE!" and str(book.value("S!B2")) == "#CONNECT!"


def test_eval_reports_cells_kept_from_the_cache_apart(tmp_path):
    path = _book(tmp_path / "conn.xlsx")
    report = compare_with_cached(read_workbook(path), str(path))
    # A1, A3, A4, F1 and STOCKHISTORY's C1:D3 (its anchor and 5 spilled cells)
    assert report.total("from_cache") == 10 and report.total("spilled_cells") == 5
    assert report.total("matching") == 2  # A2 and E1, computed
    assert report.needs_connection == {"CUBEMEMBER": 1, "CUBEVALUE": 1, "RTD": 1,
                                       "STOCKHISTORY": 1, "WEBSERVICE": 1}
    assert report.cannot_compute == {}
    text = format_report(report)
    assert "from the file's cache, needs a connection" in text
    assert "cannot compute" not in text
    result = CliRunner().invoke(main, ["eval", str(path), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["from_cache"] == 10 and data["needs_connection"]["RTD"] == 1


def test_a_connection_function_passed_by_name_keeps_the_file_s_values(tmp_path):
    """WEBSERVICE passed by name (``BYROW(A1:A2,WEBSERVICE)``, saved as
    ``_xleta.WEBSERVICE``) is called by the cell as surely as written out:
    the values Excel saved (a spilled column, one value) are kept, not
    recomputed into the failed connection's #VALUE!."""
    path = tmp_path / "byname.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("S")
    ws.write_column("A1", ["http://example.invalid/a", "http://example.invalid/b"])
    ws.write_dynamic_array_formula("B1:B2", "=_xlfn.BYROW(A1:A2,_xleta.WEBSERVICE)", None, "fetched a")
    ws.write("B2", "fetched b")
    ws.write_formula("C1", "=_xlfn.MAP(A1,_xleta.WEBSERVICE)", None, "fetched c")
    wb.close()
    book = read_workbook(path)
    assert [book.value(f"S!{c}") for c in ("B1", "B2", "C1")] == ["fetched a", "fetched b",
                                                                  "fetched c"]
    book.calculate()
    assert book.value("S!B2") == "fetched b"
