"""How :mod:`sheetgd.io.xlsx_write` stores formula cells: the text a file
holds (read back by openpyxl, a reader of its own) and the cached value
(read back by sheetgd)."""

from __future__ import annotations

import functools
import io
import re
import zipfile
from xml.sax.saxutils import unescape as xml_unescaped

import openpyxl
import pytest
import xlsxwriter.worksheet

import sheetgd
from sheetgd.io import xlsx_write
from sheetgd.io.xlsx_write import write_xlsx
from .conftest import make_book, needs_libreoffice, zip_parts

#: Formulas whose text ends in an array constant.  XlsxWriter's own
#: preparation strips a trailing "}" (meant for "{=...}" array formulas),
#: so these were saved as "1+{1,2" and the like: files no reader can parse.
#: The values are Excel's: an array constant's first element at the anchor
#: (the rest spill), SUM(1, 2) * 3 = 9.
ENDING_IN_BRACES = [("=1+{1,2}", 2.0), ("=SUM(A1:A2)*{3}", 9.0), ("=A1:A2*{1;2}", 1.0),
                    ('=A1&{"}"}', "1}"), ("=SORT({3;1;2})+{1}", 2.0)]


def _text(cell) -> str:
    value = cell.value
    return value.text if hasattr(value, "text") else value  # an array formula's text


@pytest.mark.parametrize(("formula", "excel"), ENDING_IN_BRACES)
def test_a_formula_ending_in_an_array_constant_is_saved_whole(tmp_path, formula, excel):
    book = make_book({"A1": 1.0, "A2": 2.0, "D5": formula})
    path = write_xlsx(book, tmp_path / "braces.xlsx")
    saved = _text(openpyxl.load_workbook(path)["s"]["D5"])
    assert saved.lstrip("=") == formula.lstrip("=").replace("SORT(", "_xlfn._xlws.SORT(")
    again = sheetgd.load(path)
    assert again.formula("s!D5") == formula
    assert again.value("s!D5") == excel


# -- a run of one filled-down formula written at once ---------------------------------------

def _both_ways(tmp_path, monkeypatch, write) -> tuple[dict, dict]:
    """The parts ``write(path)`` writes, and those it writes with every cell
    alone through XlsxWriter's own ``write_formula`` and ``_write_cell``."""
    fast = zip_parts(write(tmp_path / "fast.xlsx"))
    with monkeypatch.context() as m:
        m.setattr(xlsx_write, "write_sheets",
                  functools.partial(xlsx_write.write_sheets, runs_at_once=False))
        m.setattr(xlsx_write.ExactWorksheet, "_write_cell",
                  xlsxwriter.worksheet.Worksheet._write_cell)
        slow = zip_parts(write(tmp_path / "slow.xlsx"))
    return fast, slow


def _hostile_book():
    """Filled-down columns whose values are numbers, text, "", booleans and
    errors, whose formulas XML escapes (& < >), call dynamic-array functions
    (XlsxWriter rewrites those: cell by cell) or spill (anchors: cell by
    cell); runs at the grid's last rows and column; constants and text
    around them (the shared strings' order); a look with bold rows, cells
    of their own format and a taller row."""
    from sheetgd.books.sheetdef import SheetDef, install
    from sheetgd.books.styles import SheetStyle
    from sheetgd.engine import Workbook

    book = Workbook()
    install(book, SheetDef("s", first_row=4, last_row=40, cells={
        "A1": "label", "B1": 2.0, "C2": "=B1*2", "A41": "below", "H3": "=SEQUENCE(1,2)"},
        fill={"A": "=ROW()-3", "B": '=IF(A4>30,"",A4&"<x>")', "C": "=A4/(A4-10)",
              "D": "=A4>5", "E": "=SEQUENCE(1,2)+A4", "F": '=IF(A4<>7,LEN(A4&"&"),0)',
              "G": "=SORT(A4:A6)", "I": "=$B$1*A4+C3", "J": (20, "=1/(20-A20)")},
        data={"K": ["t", 1.0, "u"] * 12}))
    install(book, SheetDef("edge", first_row=1_048_570, last_row=1_048_576,
                           fill={"XFD": "=ROW()", "XFC": "=XFD1048570*2"}))
    book.calculate_all()
    style = SheetStyle(bold_rows=(1, 10), bold_cells={"C5", "I7"}, right={"B6"},
                       number_formats={"C": "0.00", "I": "0.000"}, cell_formats={"I9": "0%"},
                       row_heights={12: 30.0})
    return book, {"s": style}


def test_runs_written_at_once_give_the_parts_written_cell_by_cell(tmp_path, monkeypatch):
    book, styles = _hostile_book()
    assert book.sheet("s").cells.formula_runs()  # the mechanism is there to test
    fast, slow = _both_ways(tmp_path, monkeypatch,
                            lambda path: write_xlsx(book, path, styles))
    assert fast.keys() == slow.keys()
    assert [n for n in fast if fast[n] != slow[n]] == []
    again = sheetgd.load(tmp_path / "fast.xlsx")
    assert again.value("s!B30") == "27<x>" and again.value("s!B40") == ""
    assert again.value("s!C13").kind == "#DIV/0!" and again.value("s!D9") is True
    assert again.value("edge!XFC1048576") == 2 * 1_048_576.0


@pytest.mark.parametrize("name", ["graddesc.xlsx", "graddesc.xlsm", "entropy.xlsx"])
def test_the_products_written_at_once_are_those_written_cell_by_cell(tmp_path, monkeypatch,
                                                                     name):
    from sheetgd import products
    from sheetgd.books.graddesc import GradDescParams

    plan = next(p for p in products.plans(GradDescParams(rows=6), epochs=2) if p.name == name)
    product = products.made(plan)
    fast, slow = _both_ways(tmp_path, monkeypatch, lambda path: (
        products._xlsx_writer(product)(path), path)[1])
    assert [n for n in fast if fast[n] != slow[n]] == [] and fast.keys() == slow.keys()


def test_a_cells_format_is_worked_out_once_per_column_only_where_nothing_else_sets_it():
    """The writer's _CellFormats gives every cell the format its own
    look would (number format, bold row or cell, right alignment, taller
    row), though it works one out once per column."""
    import xlsxwriter

    from sheetgd.books.styles import SheetStyle

    style = SheetStyle(bold_rows=(1, 10), bold_cells={"C5", "I7"}, right={"B6", "AB3"},
                       number_formats={"C": "0.00", "I": "0.000"},
                       cell_formats={"I9": "0%", "C1": "0"}, row_heights={12: 30.0})
    formats = xlsx_write._Formats(xlsxwriter.Workbook(io.BytesIO(), {"in_memory": True}))
    cell_format = xlsx_write._CellFormats(style, formats)
    for row in range(1, 15):
        for col in range(1, 30):
            assert cell_format(row, col) is cell_format._of(row, col), (row, col)
    assert cell_format(9, 9) is not cell_format(8, 9) and cell_format(6, 2) is not cell_format(7, 2)


# -- hostile books: what the file reads back as ----------------------------------------------

def test_a_legacy_formula_calling_a_dynamic_array_function_is_saved_without_spilling(tmp_path):
    """A filled-down formula the book computes the legacy way (loaded in
    bulk, as files and generators store cells) is saved as a plain formula,
    not as XlsxWriter's automatic dynamic array (``cm="1"``), which a reader
    spills: Microsoft's "Implicit intersection operator: @" -- a formula
    without dynamic-array metadata shows an array result's top-left value,
    here 1 + A (SEQUENCE(1,2) is {1,2})."""
    from sheetgd.books.sheetdef import SheetDef, install
    from sheetgd.engine import Workbook

    book = Workbook()
    install(book, SheetDef("s", first_row=1, last_row=12, data={"A": [float(i) for i in range(12)]},
                           fill={"B": "=SEQUENCE(1,2)+A1", "C": "=A1"}))
    book.calculate_all()
    path = write_xlsx(book, tmp_path / "legacy.xlsx")
    cell = openpyxl.load_workbook(path)["s"]["B5"]
    assert cell.value == "=_xlfn.SEQUENCE(1,2)+A5"  # a plain formula (openpyxl: no ArrayFormula)
    again = sheetgd.load(path)
    assert [again.value(f"s!B{r}") for r in (1, 5, 12)] == [1.0, 5.0, 12.0]


def test_a_dynamic_formula_showing_one_value_keeps_its_array_evaluation(tmp_path):
    """A formula entered as a dynamic one (``set``) that shows one value is
    still saved with XlsxWriter's dynamic-array metadata where it calls a
    dynamic-array function, so that a reader evaluates ``A1:A4`` as an
    array: 1*1 + 2*2 + 3*3 + 2*4 = 22 (legacy, the range would be
    intersected with row 10: #VALUE!)."""
    from sheetgd.engine import Workbook

    book = Workbook()
    book.add_sheet("s")
    for row, value in enumerate([1.0, 2.0, 3.0, 2.0], 1):
        book.set(f"s!A{row}", value)
    book.set("s!C10", "=SUM(A1:A4*SEQUENCE(4))")
    path = write_xlsx(book, tmp_path / "dynamic.xlsx")
    assert isinstance(openpyxl.load_workbook(path)["s"]["C10"].value,
                      openpyxl.worksheet.formula.ArrayFormula)
    assert sheetgd.load(path).value("s!C10") == 22.0


def test_a_cached_text_with_a_control_character_is_saved_as_xml_can_hold_it(tmp_path):
    """CHAR(7)'s text, cached beside its formula, is written with OOXML's
    ``_x0007_`` escape (ECMA-376 Part 1, 22.9.2.19 ST_Xstring), and a text
    that looks like an escape with its underscore escaped, as XlsxWriter
    writes a string cell (the XML was not well-formed: no reader opened
    it).  openpyxl reads the escapes as they are written."""
    from sheetgd.books.sheetdef import SheetDef, install
    from sheetgd.engine import Workbook

    texts = ["_x0041_", "a\x07b", "\x1fz", "tab\tand\nline"]
    book = Workbook()
    install(book, SheetDef("s", first_row=1, last_row=4, data={"A": texts}, fill={"B": '=A1&""'}))
    book.calculate_all()
    path = write_xlsx(book, tmp_path / "control.xlsx")
    sheet = openpyxl.load_workbook(path, data_only=True)["s"]
    assert [sheet[f"B{r}"].value for r in range(1, 5)] == \
        ["_x005F_x0041_", "a_x0007_b", "_x001F_z", "tab\tand\nline"]


@pytest.mark.parametrize("text", ["_x0041_", "a\x07b", "\x1fz", "\x00", "x\ufffey", "_X00aF_",
                                  "tab\tand\nline", "plain"])
def test_text_is_escaped_as_xlsxwriter_escapes_a_string_cell(tmp_path, text):
    """escaped_text against XlsxWriter's own escaping of the same text
    written as a string cell (its shared strings part, read as bytes)."""
    import xlsxwriter

    path = tmp_path / "strings.xlsx"
    with xlsxwriter.Workbook(str(path)) as book:
        book.add_worksheet().write_string(0, 0, text)
    with zipfile.ZipFile(path) as z:
        shared = z.read("xl/sharedStrings.xml").decode("utf-8")
    theirs = re.search(r"<t(?: xml:space=\"preserve\")?>(.*)</t>", shared, re.S).group(1)
    assert xml_unescaped(theirs) == xlsx_write.escaped_text(text)


#: Formulas for the seeded books below, in the first row ``{r}`` of their run
#: (column A holds the hostile constants).
_POOL = ["=A{r}*2", '=IF(ISNUMBER(A{r}),A{r}/(A{r}-3),A{r}&"<&>")', "=A{r}>1", '=A{r}&""',
         "=SEQUENCE(1,2)+ROW()", "=A{r}*1E308*10", "=-A{r}", "=$B$1+ROW()", "='my sheet'!A{r}&\"'\"",
         '=CHAR(7)&ROW()', "=ROW()=2", "=SORT(A{r}:A{r})", '=IF(ROW()>5,"",1/0)']
_CONSTANTS = [1.5, -0.0, 5e-324, 1e308, "", "x<y&z", "_x0041_", True, False, "\U0001F600", 3.0]


def _seeded_book(seed: int):
    """A book drawn from ``seed``: runs of the pool's formulas of random
    lengths (a compiled block from 8 rows on), some at the grid's last
    rows, cells of them overwritten afterwards, an array formula across
    them, manual calculation with stale values, and a look."""
    import random

    from sheetgd.books.sheetdef import SheetDef, install
    from sheetgd.books.styles import SheetStyle
    from sheetgd.engine import Workbook

    rnd = random.Random(seed)
    first = rnd.choice([2, 2, 1_048_560])
    last = first + rnd.choice([1, 7, 8, 15]) if first < 1_000_000 else 1_048_576
    book = Workbook()
    book.add_sheet("my sheet")
    fill = {letter: rnd.choice(_POOL).format(r=first) for letter in rnd.sample("CDEFGH", 4)}
    install(book, SheetDef("s", first_row=first, last_row=last, cells={"B1": 2.0},
                           data={"A": [rnd.choice(_CONSTANTS) for _ in range(first, last + 1)]},
                           fill=fill))
    book.calculate_all()
    if rnd.random() < 0.5:
        book.calculation = "manual"
    for _ in range(rnd.randrange(3)):
        row, letter = rnd.randint(first, last), rnd.choice(sorted(fill))
        book.set(f"s!{letter}{row}", rnd.choice([7.0, "=A1+1", "text"]))
    if last - first >= 2 and rnd.random() < 0.5:
        letter = rnd.choice(sorted(fill))
        book.set_array_formula(f"s!{letter}{first}:{letter}{first + 1}", f"=ROW(A{first}:A{first + 1})")
    style = SheetStyle(bold_rows=(first,), bold_cells={f"C{last}"}, right={f"D{first}"},
                       number_formats={"C": "0.00", "E": "0%"}, cell_formats={f"F{last}": "0.0"},
                       row_heights={first + 1: 20.0})
    return book, {"s": style} if rnd.random() < 0.7 else None


@pytest.mark.parametrize("seed", range(12))  # (6 and 10 end at the grid's last rows: a second each)
def test_seeded_hostile_books_are_written_the_same_both_ways(tmp_path, monkeypatch, seed):
    """Every part of a seeded hostile book's file is the same written a run
    at a time and cell by cell (XlsxWriter's own cell writer the
    reference), and openpyxl reads it (well-formed XML)."""
    book, styles = _seeded_book(seed)
    fast, slow = _both_ways(tmp_path, monkeypatch, lambda path: write_xlsx(book, path, styles))
    assert [n for n in fast.keys() | slow.keys() if fast.get(n) != slow.get(n)] == []
    openpyxl.load_workbook(tmp_path / "fast.xlsx")


# -- a dynamic formula that shows one value but computes arrays ------------------------------

_DYNAMIC_DATA = {"A1": 1.0, "A2": 2.0, "A3": 3.0, "A4": 4.0, "B1": 1.0, "B2": 0.0, "B3": 1.0,
                 "B4": 0.0}
#: Single-valued formulas entered in Excel 365, with the values it computes
#: for them over _DYNAMIC_DATA (ranges whole, element by element); a legacy
#: reading would intersect the ranges with the formula's row.
COMPUTING_ARRAYS = [("=SUM(A1:A4*B1:B4)", 4.0), ("=MAX(ABS(A1:A4-5))", 4.0),
                    ("=SUM(IF(A1:A4>2,A1:A4))", 7.0), ("=SUM(A1:A4*SEQUENCE(4))", 30.0),
                    ("=AND(A1:A4>0)", True)]
#: ... and ones a legacy reading computes the same: saved as plain formulas.
PLAIN = [("=A1*2", 2.0), ("=SUM(A1:A4)", 10.0), ("=SUMPRODUCT(A1:A4*B1:B4)", 4.0),
         ("=IF(A1>0,A2,A3)", 2.0), ("=VLOOKUP(3,A1:B4,2)", 1.0)]


def _dynamic_book():
    cells = dict(_DYNAMIC_DATA)
    cells.update({f"D{i}": f for i, (f, _) in enumerate(COMPUTING_ARRAYS + PLAIN, 1)})
    return make_book(cells)


def test_a_dynamic_formula_computing_arrays_is_saved_as_an_array_formula_of_its_cell(tmp_path):
    """As Excel 365 saves one (cm="1", t="array" over the cell itself, shown
    {=...} in Excel 2019), so that every reader computes it whole; a plain
    <f> read it as a legacy formula (=SUM(A1:A4*B1:B4) came back 1, the
    product in the formula's row, not 4)."""
    book = _dynamic_book()
    path = write_xlsx(book, tmp_path / "dynamic.xlsx")
    sheet = openpyxl.load_workbook(path)["s"]
    for i, (formula, excel) in enumerate(COMPUTING_ARRAYS + PLAIN, 1):
        assert book.value(f"s!D{i}") == excel, formula
        is_array = hasattr(sheet[f"D{i}"].value, "text")
        assert is_array == (i <= len(COMPUTING_ARRAYS)), formula
    again = sheetgd.load(path)
    assert [again.value(f"s!D{i}") for i in range(1, len(COMPUTING_ARRAYS + PLAIN) + 1)] == \
        [excel for _, excel in COMPUTING_ARRAYS + PLAIN]


@needs_libreoffice
@pytest.mark.libreoffice
def test_libreoffice_computes_the_saved_dynamic_formulas_as_excel(tmp_path):
    from sheetgd.io.libreoffice import recalculate
    from sheetgd.io.xlsx_read import read_workbook

    src, out = tmp_path / "dynamic.xlsx", tmp_path / "dynamic_lo.xlsx"
    write_xlsx(_dynamic_book(), src)
    recalculate([(src, out)])
    recomputed = read_workbook(out, calculate=False)
    for i, (formula, excel) in enumerate(COMPUTING_ARRAYS + PLAIN, 1):
        if "SEQUENCE" not in formula:  # (LibreOffice 7.4 has no SEQUENCE: #NAME?)
            assert recomputed.value(f"s!D{i}") == excel, formula


@pytest.mark.parametrize(("formula", "expected"), [
    ("=SUM(A1:A4*B1:B4)", True), ("=N(A1:A4)", True), ("=rate*2", True), ("=A:A", True),
    ("=IF(A1,B1:B4,0)", True), ("=INDEX(A1:B4,0,1)", True), ("=IFERROR(A1:A4*2,0)", True),
    ("=NOSUCHFN(A1)", True), ("=A1*2", False), ("=SUM(A1:A4)", False),
    ("=VLOOKUP(A1,B1:C4,2)", False), ("=SUMPRODUCT(A1:A4*B1:B4)", False), ("=@A1:A4*2", False),
    ("=COUNTIF(A1:A4,\">1\")", False), ("={1,2}*2", False), ("=SUM(A1:A4 B1:B4)", False),
    ('=IF(A1>0,A2,"x")', False), ("=LET(x,A1,y,x+1,x*y)", False), ("=LET(x,A1:A4,SUM(x))", False),
    ("=LET(x,A1:A4,x*2)", True), ("=LET(x,A1,y,B1:B4,x*y)", True), ("=[1]Prices!B3+1", False),
    ("=[1]Prices!B3:B4+1", True),
])
def test_may_intersect_reads_the_formulas_shape(formula, expected):
    from sheetgd.engine.legacy_form import may_intersect
    from sheetgd.engine.parser import parse

    assert may_intersect(parse(formula, 9, 9)) is expected
