"""``sheetgd eval`` on what tripped it: random values reached through
INDIRECT or OFFSET, and values too long to print."""

from __future__ import annotations

import json

from click.testing import CliRunner

from sheetgd import Workbook
from sheetgd.cli import main
from sheetgd.io.xlsx_write import write_xlsx
from sheetgd.recheck import SHOWN_TEXT

from .conftest import edit_part


def run(*args):
    return CliRunner().invoke(main, list(args))


def test_what_reads_a_random_cell_through_indirect_or_offset_is_skipped(tmp_path):
    """A1 =RAND(), B1 =INDIRECT("A1"): B1 is random too (its cached value is
    one draw), and so is C1 =B1*2; D1 =OFFSET(E1,0,0) is volatile but not
    random and is compared, as is F1 =OFFSET(A1,0,4) (it reads E1)."""
    wb = Workbook(seed=1)
    wb.add_sheet("s")
    for addr, v in {"A1": "=RAND()", "B1": '=INDIRECT("A1")', "C1": "=B1*2",
                    "D1": "=OFFSET(E1,0,0)", "E1": 3.0, "F1": "=OFFSET(A1,0,4)",
                    "G1": "=D1+1"}.items():
        wb.set(f"s!{addr}", v)
    path = write_xlsx(wb, tmp_path / "random.xlsx")
    result = run("eval", str(path), "--json", "--seed", "7")
    report = json.loads(result.output)
    assert result.exit_code == 0, result.output
    assert (report["skipped"], report["matching"], report["differing"]) == (3, 3, 0)


def test_long_values_are_shortened_in_the_report(tmp_path):
    wb = Workbook()
    wb.add_sheet("s")
    wb.set("s!A1", "=B1&B1")
    wb.set("s!B1", "x" * 5000)
    tampered = edit_part(write_xlsx(wb, tmp_path / "long.xlsx"), tmp_path / "tampered.xlsx",
                         "xl/worksheets/sheet1.xml",  # A1's cached value
                         lambda data: data.replace(b"x" * 10000, b"y" * 10000, 1))
    result = run("eval", str(tampered))
    assert result.exit_code == 1
    assert len(result.output) < 2000 and "(10,000 characters)" in result.output
    report = json.loads(run("eval", str(tampered), "--json").output)
    diff = report["differences"][0]
    assert diff["cell"] == "s!A1" and len(diff["computed"]) < SHOWN_TEXT + 40


def test_a_file_saved_without_cached_values_says_so(tmp_path):
    """openpyxl writes formulas with an empty <v />: nothing to compare, which
    eval says in one line instead of calling every formula different."""
    import openpyxl

    path = tmp_path / "uncalculated.xlsx"
    book = openpyxl.Workbook()
    book.active["A1"] = 2
    book.active["B1"] = "=A1*2"
    book.active["C1"] = '=""'
    book.save(path)
    result = run("eval", str(path))
    assert "2 formula cells have no cached value" in result.output
    assert result.exit_code == 3  # nothing differs, and nothing could be compared
    report = json.loads(run("eval", str(path), "--json").output)
    assert (report["uncached"], report["differing"], report["matching"]) == (2, 0, 0)


def test_an_empty_text_result_is_a_cached_value(tmp_path):
    """Excel saves a formula's empty text as t="str" with an empty <v>: that
    is a value (""), compared like any other."""
    from .test_xlsx_stream import _package

    path = _package(tmp_path / "empty_text.xlsx",
                    '<row r="1"><c r="A1" t="str"><f>""</f><v></v></c>'
                    '<c r="B1" t="str"><f>"a"&amp;""</f><v></v></c></row>')
    report = json.loads(run("eval", str(path), "--json").output)
    assert (report["matching"], report["differing"], report["uncached"]) == (1, 1, 0)


def _saved_by_excel_on(path, cells: dict):
    """A file as Excel saves it: formulas with the values they had that day
    (XlsxWriter writes the cached value given)."""
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("s")
    for addr, (formula, value) in cells.items():
        sheet.write_formula(addr, formula, None, value)
    book.close()
    return path


def test_a_filled_down_column_under_today_is_skipped_all_the_way_down(tmp_path):
    """Issue 16's case: A1 =TODAY() and A2:A9 =A1+1, =A2+1 ... (one
    filled-down block, which the engine computes as one node) saved on
    2020-06-19 (serial 44001): every one of the nine cells holds that day's
    date, so eval skips all nine and finds nothing differing."""
    cells = {"A1": ("=TODAY()", 44001.0)}
    cells.update({f"A{r}": (f"=A{r - 1}+1", 44001.0 + r - 1) for r in range(2, 10)})
    cells["B1"] = ("=SUM(A1:A9)", sum(44001.0 + r for r in range(9)))  # reads the block
    cells["C1"] = ("=1+1", 2.0)  # not random: compared
    path = _saved_by_excel_on(tmp_path / "today.xlsx", cells)
    result = run("eval", str(path), "--json")
    report = json.loads(result.output)
    assert result.exit_code == 0, result.output
    assert (report["skipped"], report["matching"], report["differing"]) == (10, 1, 0)


def test_a_block_reading_random_cells_row_by_row_is_random_where_it_reads_them():
    """B1:B200 =A1*2 filled down (a compiled block), where only A100 is
    =RAND(): B100 is random, the other 199 rows are compared, and D1
    =SUM(B1:B200) is random."""
    wb = Workbook(seed=1)
    wb.add_sheet("s")
    for r in range(1, 201):
        wb.set(f"s!A{r}", "=RAND()" if r == 100 else float(r))
        wb.set(f"s!B{r}", f"=A{r}*2")
    wb.set("s!D1", "=SUM(B1:B200)")
    assert wb.depends_on_random() == {("s", 100, 1), ("s", 100, 2), ("s", 1, 4)}


def test_what_cannot_be_computed_is_reported_by_excels_category(tmp_path):
    """Functions sheetgd lacks are grouped by the category Microsoft's "Excel
    functions (by category)" page gives them (FORECAST.ETS, FORECAST.ETS.CONFINT
    and FORECAST.ETS.STAT: statistical), each with the number of formula cells calling it; a
    name Excel does not have is said to be none of its functions.  The
    skipped cells are said with the random functions they depend on."""
    import openpyxl

    path = tmp_path / "missing.xlsx"
    book = openpyxl.Workbook()
    ws = book.active
    for row in range(1, 4):  # a filled-down column: three cells, one shared AST
        ws[f"A{row}"] = f"=_xlfn.FORECAST.ETS(B{row},X1:X9,Y1:Y9)+1"
    ws["D1"] = '=_xlfn.FORECAST.ETS.CONFINT(B1,X1:X9,Y1:Y9)'
    ws["D2"] = '=_xlfn.FORECAST.ETS.STAT(X1:X9,Y1:Y9,1)+_xlfn.FORECAST.ETS(1,X1:X9,Y1:Y9)'
    ws["D3"] = "=FROB(1)"
    ws["E1"] = "=RAND()"
    ws["E2"] = "=E1*2"
    ws["E3"] = "=TODAY()"
    ws["F1"] = "=OFFSET(B1,0,0)"
    book.save(path)
    report = json.loads(run("eval", str(path), "--json").output)
    assert report["cannot_compute"] == {
        "statistical": {"FORECAST.ETS": 4, "FORECAST.ETS.CONFINT": 1, "FORECAST.ETS.STAT": 1},
        "not an Excel function": {"FROB": 1},
    }
    assert report["unknown_functions"] == ["FORECAST.ETS", "FORECAST.ETS.CONFINT",
                                           "FORECAST.ETS.STAT", "FROB"]
    assert report["skipped"] == 3 and report["random_functions"] == ["RAND", "TODAY"]
    text = run("eval", str(path)).output
    assert ("cannot compute (not in sheetgd, #NAME?): statistical: FORECAST.ETS (4 cells), "
            "FORECAST.ETS.CONFINT (1), FORECAST.ETS.STAT (1); not an Excel function: FROB (1 cell)"
            ) in text
    assert "3 formula cells skipped: they call or depend on RAND, TODAY" in text


def test_a_workbook_sheetgd_computes_whole_reports_nothing_missing(tmp_path):
    wb = Workbook()
    wb.add_sheet("s")
    wb.set("s!A1", "=SUM(1,2)")
    path = write_xlsx(wb, tmp_path / "plain.xlsx")
    report = json.loads(run("eval", str(path), "--json").output)
    assert report["cannot_compute"] == {} and report["random_functions"] == []
    assert "cannot compute" not in run("eval", str(path)).output
