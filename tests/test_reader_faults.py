"""Reader faults (issue 14), one named test each: limits that must hold
whatever the file says (array formulas and sheet parts stored anywhere
count toward --max-cells), cells that must be read or become an error
value with a warning (one odd cell never refuses the file), packages that
leave no workbook (a one-line error naming the part), and a mutation fuzz
of the readers (tests/reader_fuzz.py).  Both readers, the fast one and the
general one, must give the same workbook for every file here."""

from __future__ import annotations

import json
import posixpath
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

import sheetgd
from sheetgd.cli import main
from sheetgd.engine import Workbook
from sheetgd.io import package_check, xlsx_read
from sheetgd.io.cell_values import excel_serial
from sheetgd.io.xlsx_read import WorkbookReadError

from .conftest import is_error
from .test_sheet_scan import _read

ROOT = Path(__file__).resolve().parents[1]
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WORKSHEET = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"


def _workbook(path: Path, sheets, names: str = "", strings=(), extra=None,
              root: str = "worksheet", ns: str = MAIN) -> Path:
    """A package whose sheets are ``(name, target, rows)``: ``target`` is the
    relationship's Target (None: no relationship), ``rows`` the children of
    <sheetData> (None: the part is left out)."""
    entries = "".join(f'<sheet name="{name}" sheetId="{i + 1}" r:id="rId{i + 1}"/>'
                      for i, (name, _, _) in enumerate(sheets))
    rels = "".join(f'<Relationship Id="rId{i + 1}" Type="{WORKSHEET}" Target="{target}"/>'
                   for i, (_, target, _) in enumerate(sheets) if target is not None)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", f'<?xml version="1.0"?><workbook xmlns="{MAIN}" '
                   f'xmlns:r="{REL}"><sheets>{entries}</sheets>{names}</workbook>')
        z.writestr("xl/_rels/workbook.xml.rels", '<?xml version="1.0"?><Relationships xmlns='
                   f'"http://schemas.openxmlformats.org/package/2006/relationships">{rels}'
                   "</Relationships>")
        done = set()
        for _, target, rows in sheets:
            part = target.lstrip("/") if target and target.startswith("/") else \
                posixpath.normpath(f"xl/{target}")
            part = part.replace("SHEET", "sheet")  # part names are case-insensitive
            if rows is not None and part not in done:
                done.add(part)
                z.writestr(part, f'<?xml version="1.0"?><{root} xmlns="{ns}"><sheetData>{rows}'
                                 f"</sheetData></{root}>")
        if strings:
            z.writestr("xl/sharedStrings.xml", f'<?xml version="1.0"?><sst xmlns="{MAIN}">'
                       + "".join(f"<si><t>{s}</t></si>" for s in strings) + "</sst>")
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return path


def _one_sheet(tmp_path: Path, rows: str, **kw) -> Path:
    return _workbook(tmp_path / "book.xlsx", [("s", "worksheets/sheet1.xml", rows)], **kw)


def _both(path: Path):
    """The workbook (not recalculated), after checking both readers agree."""
    fast, general = _read(path, fast=True), _read(path, fast=False)
    assert fast == general
    return sheetgd.load(path, calculate=False)


def _refused(path: Path, *fragments, **limits) -> str:
    with pytest.raises(WorkbookReadError) as info:
        sheetgd.load(path, **limits)
    text = str(info.value)
    assert text.startswith(f"{path}: ") and "\n" not in text, text
    for fragment in fragments:
        assert fragment in text, text
    return text


def _eval_refused(path: Path, *fragments) -> str:
    result = CliRunner().invoke(main, ["eval", str(path)])
    lines = result.output.strip().splitlines()
    assert result.exit_code == 2 and len(lines) == 1, result.output
    assert str(path) in lines[0] and "Traceback" not in result.output
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
    return lines[0]


def _cell(row: int, col: str, inner: str, t: str | None = None) -> str:
    kind = f' t="{t}"' if t else ""
    return f'<c r="{col}{row}"{kind}>{inner}</c>'


# ---- limits: array formulas -----------------------------------------------------------------

def _arrays(tmp_path: Path, n: int, rows: int = 100_000) -> Path:
    """``n`` array formulas over 10 columns and ``rows`` rows each, side by
    side, in a file of a few hundred bytes."""
    from sheetgd.engine.refs import col_to_letters

    cells = []
    for k in range(n):
        first, last = col_to_letters(1 + 10 * k), col_to_letters(10 + 10 * k)
        cells.append(f'<c r="{first}1"><f t="array" ref="{first}1:{last}{rows}">1</f><v>1</v></c>')
    return _one_sheet(tmp_path, f'<row r="1">{"".join(cells)}</row>')


def test_ten_array_formulas_under_the_limit_each_are_refused_together_at_once(tmp_path,
                                                                              monkeypatch):
    """Ten arrays of 10^6 cells each, under --max-cells 2,000,000 one by
    one: refused by the package check, before any cell is stored."""
    path = _arrays(tmp_path, 10)
    assert path.stat().st_size < 2000

    def no_arrays(*args, **kwargs):
        raise AssertionError("an array formula was stored")
    monkeypatch.setattr(Workbook, "put_array_formula", no_arrays)
    start = time.monotonic()
    line = _eval_refused_with(path, "--max-cells", "2000000")
    assert time.monotonic() - start < 10
    assert "an array formula over 1,000,000 cells" in line and "limit of 2,000,000 cells" in line
    assert "s!C1:" not in line and "--max-cells" in line
    _refused(path, "s!K1: an array formula over 1,000,000 cells", max_cells=2_000_000)


def _eval_refused_with(path: Path, *args) -> str:
    result = CliRunner().invoke(main, ["eval", str(path), *args])
    lines = result.output.strip().splitlines()
    assert result.exit_code == 2 and len(lines) == 1 and str(path) in lines[0], result.output
    return lines[0]


def test_array_formulas_count_with_the_plain_cells(tmp_path):
    """Four plain cells and an array over ten (its first cell a <c> too):
    fourteen cells.  (The members a file also lists as cells count again:
    an upper bound, known before anything is stored.)"""
    rows = ('<row r="1">' + "".join(_cell(1, c, f"<v>{i}</v>") for i, c in enumerate("ABCD"))
            + '<c r="E1"><f t="array" ref="E1:E10">A1*2</f><v>0</v></c></row>')
    path = _one_sheet(tmp_path, rows)
    _refused(path, "s!E1: an array formula over 10 cells", "limit of 13 cells", max_cells=13)
    assert sheetgd.load(path, max_cells=14).value("s!E10") == 0.0


def test_an_array_formula_tag_split_between_two_pieces_is_counted(tmp_path, monkeypatch):
    """The package is streamed in pieces; a start tag cut in two is looked
    at whole with the next piece."""
    path = _arrays(tmp_path, 1, rows=1000)
    monkeypatch.setattr(package_check, "_CHUNK", 7)
    _refused(path, "an array formula over 10,000 cells", max_cells=5000)


def test_the_reader_counts_array_formulas_again_before_storing_them(tmp_path, monkeypatch):
    """With the package check switched off, the reader itself refuses the
    arrays before storing one."""
    path = _arrays(tmp_path, 10)
    monkeypatch.setattr(xlsx_read, "check_package", lambda *a, **k: None)
    monkeypatch.setattr(Workbook, "put_array_formula", lambda *a, **k: 1 / 0)
    for fast in (True, False):
        with pytest.raises(WorkbookReadError) as info:
            xlsx_read.read_workbook(path, max_cells=2_000_000, fast=fast)
        assert str(info.value) == (
            f"{path}: s!K1: an array formula over 1,000,000 cells takes the workbook past the "
            "limit of 2,000,000 cells (raise it with --max-cells or max_cells=)")


# ---- limits: sheet parts wherever they are stored -----------------------------------------

def _rows(n: int) -> str:
    return "".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c><c r="B{r}"><v>1</v></c></row>'
                   for r in range(1, n + 1))


@pytest.mark.parametrize("target", ["data/sheet1.xml", "/xl/data/sheet1.xml", "../elsewhere/s.xml",
                                    "worksheets/../data/SHEET1.xml"])
def test_a_sheet_part_stored_outside_worksheets_is_counted(tmp_path, target):
    path = _workbook(tmp_path / "moved.xlsx", [("moved", target, _rows(600))])
    with zipfile.ZipFile(path) as z:
        assert not any(n.startswith("xl/worksheets/") for n in z.namelist()), z.namelist()
    _refused(path, "sheet 'moved'", "limit of 1,000 cells", max_cells=1000)
    assert sheetgd.load(path, max_cells=1200).value("moved!A600") == 600.0


def test_a_sheet_part_two_sheets_name_counts_twice(tmp_path):
    path = _workbook(tmp_path / "twice.xlsx", [("a", "worksheets/sheet1.xml", _rows(300)),
                                               ("b", "worksheets/sheet1.xml", None)])
    _refused(path, "limit of 1,000 cells", max_cells=1000)
    book = sheetgd.load(path, max_cells=1200)
    assert book.value("a!A300") == book.value("b!A300") == 300.0


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_a_sheet_in_utf16_is_counted(tmp_path, encoding):
    """The parser reads UTF-16 as well as UTF-8: so does the count."""
    path = _one_sheet(tmp_path, _rows(600) + '<row r="601"><c r="A601"><f t="array" '
                      'ref="A601:A700">1</f></c></row>')
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    parts["xl/worksheets/sheet1.xml"] = sheet.replace(
        'version="1.0"', 'version="1.0" encoding="UTF-16"').encode(encoding)
    with zipfile.ZipFile(path, "w") as z:
        for n, data in parts.items():
            z.writestr(n, data)
    _refused(path, "sheet 's'", "limit of 1,000 cells", max_cells=1000)
    _refused(path, "s!A601: an array formula over 100 cells", max_cells=1250)
    assert _both(path).value("s!A600") == 600.0


def test_cells_with_any_namespace_prefix_are_counted(tmp_path):
    rows = "".join(f'<\u00e9:row r="{r}"><\u00e9:c r="A{r}"><\u00e9:v>1</\u00e9:v></\u00e9:c>'
                   "</\u00e9:row>" for r in range(1, 101))
    path = _one_sheet(tmp_path, "")
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    parts["xl/worksheets/sheet1.xml"] = (
        f'<?xml version="1.0"?><\u00e9:worksheet xmlns:\u00e9="{MAIN}"><\u00e9:sheetData>{rows}'
        "</\u00e9:sheetData></\u00e9:worksheet>").encode()
    with zipfile.ZipFile(path, "w") as z:
        for n, data in parts.items():
            z.writestr(n, data)
    _refused(path, "limit of 99 cells", max_cells=99)
    assert _both(path).value("s!A100") == 1.0


# ---- cells: dates ---------------------------------------------------------------------------

@pytest.mark.parametrize("text, serial", [
    ("13:45:30", 0.5732638888888889),  # openpyxl's iso_dates for a time
    ("T06:00", 0.25),
    ("2024-01-02", 45293.0),
    ("2024-01-02T12:00:00", 45293.5),
    ("2024-01-02T12:00:00Z", 45293.5),  # the time zone is dropped: Excel has none
    ("2024-01-02T12:00:00+05:00", 45293.5),
    ("1900-03-01", 61.0),  # days since 1899-12-30 from here on
    ("1900-02-28", 59.0),  # one less before: Excel counts 29 February 1900
    ("1900-01-01", 1.0),
    ("9999-12-31", 2958465.0),
])
def test_iso_dates_and_times_read_as_excel_serial_numbers(tmp_path, text, serial):
    assert excel_serial(text) == serial
    book = _both(_one_sheet(tmp_path, f'<row r="1">{_cell(1, "A", f"<v>{text}</v>", "d")}</row>'))
    assert book.value("s!A1") == serial and book.warnings == []


def test_a_time_only_cell_written_by_openpyxl_loads(tmp_path):
    import datetime as dt

    import openpyxl

    wb = openpyxl.Workbook()
    wb.iso_dates = True
    wb.active.title = "s"
    wb.active["A1"], wb.active["A2"] = dt.time(13, 45, 30), dt.datetime(2024, 1, 2, 6)
    wb.save(tmp_path / "times.xlsx")
    book = _both(tmp_path / "times.xlsx")
    assert book.value("s!A1") == 0.5732638888888889 and book.value("s!A2") == 45293.25


@pytest.mark.parametrize("text", ["2024-13-01", "not a date", "24:00:00", "-2024-01-01", "1e5"])
def test_an_unreadable_date_is_value_error_with_a_warning(tmp_path, text):
    rows = f'<row r="1">{_cell(1, "A", f"<v>{text}</v>", "d")}{_cell(1, "B", "<v>2</v>")}</row>'
    book = _both(_one_sheet(tmp_path, rows))
    assert is_error(book.value("s!A1"), "#VALUE!") and book.value("s!B1") == 2.0
    assert book.warnings == [
        f"s!A1: date {text!r} is not an ISO 8601 date or time; read as #VALUE!"]


# ---- cells: shared strings, booleans, numbers, errors, types ------------------------------

@pytest.mark.parametrize("index, kind", [
    ("-1", "#REF!"), ("2", "#REF!"), ("99999999999999999999999", "#REF!"), ("+1", None),
    ("1.0", "#VALUE!"), ("one", "#VALUE!"), ("1_0", "#VALUE!"), ("\u0661", "#VALUE!")])
def test_a_shared_string_index_that_names_no_string_is_an_error_value(tmp_path, index, kind):
    """#REF! for a number that names no string (a reference to nothing, as
    Python's strings[-1] must not read the last one); #VALUE! for text that
    is not a number at all."""
    rows = f'<row r="1">{_cell(1, "A", f"<v>{index}</v>", "s")}</row>'
    book = _both(_one_sheet(tmp_path, rows, strings=["zero", "one"]))
    if kind is None:
        assert book.value("s!A1") == "one" and book.warnings == []
        return
    assert is_error(book.value("s!A1"), kind)
    assert len(book.warnings) == 1 and book.warnings[0].startswith("s!A1: shared string")
    assert book.warnings[0].endswith(f"; read as {kind}")


@pytest.mark.parametrize("text, value", [
    ("1", True), ("0", False), ("true", True), ("false", False), ("TRUE", True),
    ("False", False), (" 1 ", True), ("yes", None), ("2", None), ("", "empty")])
def test_booleans_as_writers_write_them(tmp_path, text, value):
    rows = f'<row r="1">{_cell(1, "A", f"<v>{text}</v>", "b")}</row>'
    book = _both(_one_sheet(tmp_path, rows))
    if value is None:
        assert is_error(book.value("s!A1"), "#VALUE!")
        assert book.warnings == [
            f"s!A1: boolean {text!r} is not 1, 0, true or false; read as #VALUE!"]
    elif value == "empty":
        assert book.value("s!A1") is None
    else:
        assert book.value("s!A1") is value and book.warnings == []


# every cell type a writer produces, and some none does: (t, <v> or inner XML, value or error)
CELL_TYPES = {
    "n": ("n", "<v>2.5</v>", 2.5),
    "n without t": (None, "<v>-1E+3</v>", -1000.0),
    "n infinite": ("n", "<v>1e999</v>", "#NUM!"),
    "n not a number": ("n", "<v>12abc</v>", "#VALUE!"),
    "s": ("s", "<v>0</v>", "zero"),
    "str": ("str", "<v>text</v>", "text"),
    "inlineStr": ("inlineStr", "<is><t>inline</t></is>", "inline"),
    "inlineStr with a v": ("inlineStr", "<v>v text</v>", "v text"),
    "b": ("b", "<v>1</v>", True),
    "e": ("e", "<v>#DIV/0!</v>", "#DIV/0!"),
    "e lower case": ("e", "<v>#n/a</v>", "#N/A"),
    "e newer kind": ("e", "<v>#SPILL!</v>", "#SPILL!"),
    "e unknown": ("e", "<v>#OOPS!</v>", "#VALUE!"),
    "d": ("d", "<v>2024-01-02</v>", 45293.0),
    "unknown type": ("x", "<v>1</v>", "#VALUE!"),
    "empty type": ("", "<v>1</v>", "#VALUE!"),
    "unknown type without a value": ("x", "", None),
}


@pytest.mark.parametrize("case", sorted(CELL_TYPES))
def test_every_cell_type_is_read_or_an_error_value(tmp_path, case):
    t, inner, want = CELL_TYPES[case]
    kind = "" if t is None else f' t="{t}"'
    rows = (f'<row r="1"><c r="A1"{kind}>{inner}</c><c r="B1"{kind}><f>1+1</f>{inner}</c>'
            '<c r="C1"><v>7</v></c></row>')
    book = _both(_one_sheet(tmp_path, rows, strings=["zero"]))
    for cell in ("s!A1", "s!B1"):  # a constant, and a formula's cached value
        got = book.value(cell)
        if isinstance(want, str) and want.startswith("#"):
            assert is_error(got, want), (cell, got)
        else:
            assert got == want, (cell, got)
    assert book.value("s!C1") == 7.0
    if want in ("#VALUE!",):
        assert [w.split(":")[0] for w in book.warnings] == ["s!A1", "s!B1"]
    elif want != "#NUM!":
        assert book.warnings == []


def test_one_odd_cell_never_refuses_the_file_eval_reports_it(tmp_path):
    rows = ('<row r="1"><c r="A1" t="d"><v>13:45:30</v></c><c r="B1" t="s"><v>-1</v></c>'
            '<c r="C1" t="b"><v>TRUE</v></c><c r="D1" t="zz"><v>1</v></c>'
            '<c r="E1" t="b"><f>C1</f><v>1</v></c></row>')
    path = _one_sheet(tmp_path, rows, strings=["only"])
    result = CliRunner().invoke(main, ["eval", str(path), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["matching"] == 1
    book = sheetgd.load(path)
    assert book.value("s!A1") == 0.5732638888888889 and book.value("s!C1") is True
    assert is_error(book.value("s!B1"), "#REF!") and is_error(book.value("s!D1"), "#VALUE!")


def test_a_row_or_cell_position_that_cannot_be_read_is_left_out_with_a_warning(tmp_path):
    rows = ('<row r="x"><c r="A1"><v>1</v></c></row>'
            '<row r="2"><c r="$A2"><v>2</v></c><c r="B2"><v>3</v></c><c r="XFE2"><v>4</v></c></row>'
            '<row r="1048577"><c r="A1048577"><v>5</v></c></row>'
            '<row r="3"><c r="A3"><v>6</v></c></row>')
    book = _both(_one_sheet(tmp_path, rows))
    assert sorted(book.sheet("s").cells) == [(2, 2), (3, 1)]
    assert book.warnings == [
        "s: row number 'x' is not a row of the grid (1 to 1,048,576); the row's cells are left out",
        "s: cell '$A2' in row 2 is not a cell of the grid (A1:XFD1048576); it is left out",
        "s: cell 'XFE2' in row 2 is not a cell of the grid (A1:XFD1048576); it is left out",
        "s: row number '1048577' is not a row of the grid (1 to 1,048,576); the row's cells are "
        "left out"]


# ---- defined names ----------------------------------------------------------------------------

@pytest.mark.parametrize("scope, warning", [
    ("abc", "defined name 'rate': localSheetId 'abc' is not a sheet's position (0, 1, ...); "
            "the name is left out"),
    ("-1", "defined name 'rate': localSheetId '-1' is not a sheet's position (0, 1, ...); "
           "the name is left out"),
    ("5", "defined name 'rate': localSheetId 5 is past the workbook's 1 sheets; the name is "
          "left out"),
])
def test_a_bad_local_sheet_id_is_a_warning_naming_the_name(tmp_path, scope, warning):
    names = (f'<definedNames><definedName name="rate" localSheetId="{scope}">s!$A$1</definedName>'
             '<definedName name="other">s!$A$1*2</definedName></definedNames>')
    rows = ('<row r="1"><c r="A1"><v>4</v></c><c r="B1"><f>other</f></c>'
            '<c r="C1"><f>rate</f></c></row>')
    book = sheetgd.load(_one_sheet(tmp_path, rows, names=names))
    assert book.warnings[0] == warning
    assert book.value("s!B1") == 8.0 and is_error(book.value("s!C1"), "#NAME?")


def test_defined_names_before_the_sheets_still_find_their_sheet(tmp_path):
    path = _one_sheet(tmp_path, '<row r="1"><c r="A1"><v>4</v></c><c r="B1"><f>local</f></c></row>')
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(
        b"<sheets>", b'<definedNames><definedName name="local" localSheetId="0">s!$A$1*3'
                     b"</definedName></definedNames><sheets>")
    with zipfile.ZipFile(path, "w") as z:
        for n, data in parts.items():
            z.writestr(n, data)
    assert sheetgd.load(path).value("s!B1") == 12.0


# ---- packages that leave no workbook ---------------------------------------------------------

def test_a_missing_sheet_part_is_an_error_naming_it(tmp_path):
    path = _workbook(tmp_path / "gone.xlsx", [("data", "worksheets/sheet1.xml", '<row r="1"/>'),
                                              ("lost", "worksheets/sheet9.xml", None)])
    line = _eval_refused(path, "sheet 'lost'", "'worksheets/sheet9.xml'",
                         "missing from the package")
    assert line == (f"sheetgd eval: {path}: sheet 'lost': its part 'worksheets/sheet9.xml' "
                    "(relationship 'rId2') is missing from the package")


def test_a_sheet_without_a_relationship_is_an_error_naming_it(tmp_path):
    path = _workbook(tmp_path / "norel.xlsx", [("data", None, None)])
    _eval_refused(path, "sheet 'data'", "no relationship 'rId1'", "xl/_rels/workbook.xml.rels")


def test_a_workbook_without_sheets_is_an_error(tmp_path):
    path = _workbook(tmp_path / "none.xlsx", [])
    _eval_refused(path, "xl/workbook.xml: the workbook lists no sheets")


@pytest.mark.parametrize("root, ns", [("worksheet", "urn:unknown"), ("chartsheet", MAIN)])
def test_a_sheet_part_that_is_not_a_worksheet_is_an_error_naming_it(tmp_path, root, ns):
    path = _one_sheet(tmp_path, '<row r="1"><c r="A1"><v>1</v></c></row>', root=root, ns=ns)
    line = _eval_refused(path, "xl/worksheets/sheet1.xml (sheet 's')",
                         "not a SpreadsheetML worksheet")
    assert f"'{{{ns}}}{root}'" in line
    for fast in (True, False):
        with pytest.raises(WorkbookReadError, match="not a SpreadsheetML worksheet"):
            xlsx_read.read_workbook(path, fast=fast)


def test_a_workbook_part_in_an_unknown_namespace_is_an_error(tmp_path):
    path = _one_sheet(tmp_path, "")
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(MAIN.encode(), b"urn:other")
    with zipfile.ZipFile(path, "w") as z:
        for n, data in parts.items():
            z.writestr(n, data)
    _eval_refused(path, "xl/workbook.xml: not a SpreadsheetML workbook")


def test_a_chart_sheet_is_not_an_error(tmp_path):
    path = _one_sheet(tmp_path, '<row r="1"><c r="A1"><v>1</v></c></row>')
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(
        b"</sheets>", b'<sheet name="chart" sheetId="2" r:id="rId7"/></sheets>')
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>", b'<Relationship Id="rId7" Type="http://schemas.openxmlformats.org/'
        b'officeDocument/2006/relationships/chartsheet" Target="chartsheets/sheet1.xml"/>'
        b"</Relationships>")
    with zipfile.ZipFile(path, "w") as z:
        for n, data in parts.items():
            z.writestr(n, data)
    assert sheetgd.load(path).sheet_names == ["s"]


@pytest.mark.parametrize("declaration", ['encoding="UTF-0"', 'encoding="shift_jis"'])
def test_xml_in_an_encoding_that_cannot_be_read_is_an_error_naming_the_part(tmp_path, declaration):
    path = _one_sheet(tmp_path, '<row r="1"><c r="A1"><v>1</v></c></row>', strings=["x"])
    for part in ("xl/workbook.xml", "xl/sharedStrings.xml", "xl/worksheets/sheet1.xml"):
        with zipfile.ZipFile(path) as z:
            parts = {n: z.read(n) for n in z.namelist()}
        parts[part] = parts[part].replace(b'version="1.0"', f'version="1.0" {declaration}'.encode())
        bad = tmp_path / f"enc_{part.replace('/', '_')}.xlsx"
        with zipfile.ZipFile(bad, "w") as z:
            for n, data in parts.items():
                z.writestr(n, data)
        _refused(bad, part, "an encoding that cannot be read")


def test_an_unsupported_zip_version_is_a_damaged_package(tmp_path):
    path = _one_sheet(tmp_path, "")
    data = bytearray(path.read_bytes())
    central = data.index(b"PK\x01\x02")
    data[central + 6] = 115  # "version needed to extract": 11.5
    path.write_bytes(bytes(data))
    _refused(path, "damaged zip package")


# ---- the fuzz -----------------------------------------------------------------------------------

def test_mutated_workbooks_are_read_or_refused_in_one_line(tmp_path):
    """300 mutations of four small workbooks (tests/reader_fuzz.py), in a
    child process with an address-space limit and a timer per case: each is
    a Workbook or a one-line WorkbookReadError naming the file; every third
    reads the same with both readers."""
    out = tmp_path / "fuzz.json"
    result = subprocess.run([sys.executable, "-m", "tests.reader_fuzz", "--cases", "300",
                             "--seed", "1", "--json", str(out)], cwd=ROOT, capture_output=True,
                            text=True, timeout=240)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-3000:]
    stats = json.loads(out.read_text())
    assert stats["failures"] == [] and stats["cases"] == 300
    assert stats["outcomes"]["ok"] > 50 and stats["outcomes"]["refused"] > 50
