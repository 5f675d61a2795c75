"""``sheetgd eval``: exit codes, text and JSON output."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
from click.testing import CliRunner

from sheetgd.cli import main

FIXTURES = Path(__file__).parent / "fixtures"


def run(*args):
    return CliRunner().invoke(main, list(args))


def test_help():
    assert run("--help").exit_code == 0
    result = run("eval", "--help")
    assert result.exit_code == 0 and "--tolerance" in result.output


def test_json_shape_and_zero_exit_on_agreement():
    result = run("eval", str(FIXTURES / "features_libreoffice.xlsx"), "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert set(report) >= {"file", "formula_cells", "matching", "differing", "skipped",
                           "sheets", "differences", "unknown_functions"}
    assert report["formula_cells"] == 43 and report["matching"] == 43
    assert set(report["sheets"]["log_entropy"]) == {"formula_cells", "spilled_cells", "matching",
                                                    "differing", "skipped", "uncached",
                                                    "from_cache"}


def test_random_cells_are_skipped():
    import re

    import openpyxl

    path = FIXTURES / "functions_libreoffice.xlsx"
    report = json.loads(run("eval", str(path), "--json").output)
    # the rows calling RAND, RANDBETWEEN (but the one LibreOffice draws),
    # RANDARRAY, NOW or TODAY, counted in the file's formula text (no row
    # reads another row's cell, so nothing else depends on them)
    random = re.compile(r"\b(RAND|RANDBETWEEN|RANDARRAY|NOW|TODAY)\(", re.I)
    book = openpyxl.load_workbook(path)
    calling = sum(1 for ws in book for row in ws.iter_rows() for c in row
                  if c.data_type == "f" and random.search(str(c.value)))
    assert calling >= 5 and report["skipped"] == calling
    assert report["differing"] == 0


def _tampered(tmp_path) -> Path:
    """The LibreOffice fixture with one cached value changed by hand."""
    import shutil

    def cached_g8(data):  # G8 = SUM(G2:G6): replace its cached value
        text = data.decode()
        start = text.index('r="G8"')
        v0 = text.index("<v>", start) + 3
        v1 = text.index("</v>", v0)
        return (text[:v0] + "123.5" + text[v1:]).encode()

    src = FIXTURES / "features_libreoffice.xlsx"
    dst = edit_part(src, tmp_path / "tampered.xlsx", "xl/worksheets/sheet1.xml", cached_g8)
    shutil.copystat(src, dst)
    return dst


def test_a_difference_is_reported_with_exit_1(tmp_path):
    result = run("eval", str(_tampered(tmp_path)))
    assert result.exit_code == 1
    assert "log_entropy!G8" in result.output and "123.5" in result.output
    report = json.loads(run("eval", str(_tampered(tmp_path)), "--json").output)
    assert report["differing"] == 1
    assert report["differences"][0]["formula"] == "=SUM(G2:G6)"
    assert report["differences"][0]["cached"] == 123.5


def test_tolerance_option(tmp_path):
    # a loose absolute tolerance accepts the tampered value (it is ~121 off)
    assert run("eval", str(_tampered(tmp_path)), "--abs-tolerance", "1000").exit_code == 0


def test_unknown_functions_are_listed(tmp_path):
    path = tmp_path / "unknown.xlsx"
    book = openpyxl.Workbook()
    book.active["A1"] = "=FROB(1)+1"
    book.active["A2"] = "=2*3"
    book.save(path)
    report = json.loads(run("eval", str(path), "--json").output)
    assert report["unknown_functions"] == ["FROB"]


def test_unreadable_files_exit_2_with_a_message(tmp_path):
    missing = tmp_path / "missing.xlsx"
    result = run("eval", str(missing))
    assert result.exit_code == 2 and "missing.xlsx" in result.output
    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(b"")
    assert "empty" in run("eval", str(empty)).output
    text = tmp_path / "notes.xlsx"
    text.write_text("hello")
    result = run("eval", str(text))
    assert result.exit_code == 2 and "not an .xlsx" in result.output
    old = tmp_path / "old.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    result = run("eval", str(old))
    assert result.exit_code == 2 and ".xls" in result.output
    assert "Traceback" not in result.output


# --- dynamic arrays: every spilled cell is compared (issue 16) ---------------------------

import zipfile  # noqa: E402

import xlsxwriter  # noqa: E402

from .conftest import edit_part, needs_libreoffice  # noqa: E402


def _spilling_book(path, arrays, values=()):
    """Sheet ``s`` with ``values`` ({cell: constant}) and ``arrays``: (spill
    range, formula as a file stores it, cached values row by row), written
    as Excel saves a dynamic array (XlsxWriter's write_dynamic_array_formula:
    the anchor's formula with ``cm=``, the spill range as its ``ref``), the
    other cells of the range holding the cached values as plain cells."""
    from sheetgd.engine.refs import parse_area

    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("s")
    for cell, value in dict(values).items():
        sheet.write(cell, value)
    for ref, formula, rows in arrays:
        area = parse_area(ref, default_sheet="s")
        sheet.write_dynamic_array_formula(ref, formula, None, rows[0][0])
        for i, row in enumerate(rows):
            for j, value in enumerate(row):
                if i or j:
                    sheet.write(area.row1 - 1 + i, area.col1 - 1 + j, value)
    book.close()
    return path


#: Microsoft's examples, the values worked by their documented rules:
#: SEQUENCE(4,5) fills 4 rows of 5 with 1..20 ("SEQUENCE function");
#: SORT sorts ascending by default ("SORT function"); UNIQUE keeps the
#: first of each value, in order ("UNIQUE function").
DOCUMENTED = [
    ("A1:E4", "=_xlfn.SEQUENCE(4,5)", [[1, 2, 3, 4, 5], [6, 7, 8, 9, 10], [11, 12, 13, 14, 15],
                                       [16, 17, 18, 19, 20]]),
    ("G1:G3", "=_xlfn._xlws.SORT({3;1;2})", [[1], [2], [3]]),
    ("H1:H3", '=_xlfn.UNIQUE({"a";"b";"a";"c"})', [["a"], ["b"], ["c"]]),
]


def test_eval_compares_every_spilled_cell_with_the_files_values(tmp_path):
    path = _spilling_book(tmp_path / "d.xlsx", DOCUMENTED)
    with zipfile.ZipFile(path) as z:  # the spilled cells are plain values, as Excel saves them
        assert '<c r="B1"><v>2</v></c>' in z.read("xl/worksheets/sheet1.xml").decode()
    report = json.loads(run("eval", str(path), "--json").output)
    assert (report["formula_cells"], report["spilled_cells"]) == (3, 19 + 2 + 2)
    assert (report["matching"], report["differing"]) == (3 + 23, 0)


def test_a_spilled_value_that_differs_is_a_difference_naming_the_anchor(tmp_path):
    """The cached C3 of SEQUENCE(4,5) is 13; the file says 99."""
    arrays = [(ref, f, [list(r) for r in rows]) for ref, f, rows in DOCUMENTED]
    arrays[0][2][2][2] = 99
    path = _spilling_book(tmp_path / "d.xlsx", arrays)
    result = run("eval", str(path))
    assert result.exit_code == 1 and "s!C3" in result.output and "spilled from s!A1" in result.output
    report = json.loads(run("eval", str(path), "--json").output)
    assert report["differing"] == 1
    assert report["differences"] == [{"cell": "s!C3", "formula": "=SEQUENCE(4,5)",
                                      "spilled_from": "s!A1", "cached": 99, "computed": 13.0}]


def test_a_spill_of_another_size_than_the_files_is_a_difference(tmp_path):
    """=SEQUENCE(A1) with A1 = 4 spills C1:C4, the file saved C1:C3 (as if
    A1 had been 3): the anchor differs, naming both sizes.  With A1 = 2 it
    spills C1:C2: the file's C3 (3) is now empty, a difference too."""
    saved = [("C1:C3", "=_xlfn.SEQUENCE(A1)", [[1], [2], [3]])]
    grown = json.loads(run("eval", str(_spilling_book(tmp_path / "g.xlsx", saved, {"A1": 4})),
                           "--json").output)
    assert grown["differing"] == 1 and grown["matching"] == 2
    assert grown["differences"][0]["cell"] == "s!C1"
    assert grown["differences"][0]["spill"] == {"cached": "s!C1:C3 (3x1)",
                                                "computed": "s!C1:C4 (4x1)"}
    path = _spilling_book(tmp_path / "s.xlsx", saved, {"A1": 2})
    shrunk = json.loads(run("eval", str(path), "--json").output)
    assert [d["cell"] for d in shrunk["differences"]] == ["s!C1", "s!C3"]
    assert shrunk["differences"][0]["spill"]["computed"] == "s!C1:C2 (2x1)"
    assert (shrunk["differences"][1]["cached"], shrunk["differences"][1]["computed"]) == (3, None)
    text = run("eval", str(path)).output
    assert "spill range: cached s!C1:C3 (3x1), computed s!C1:C2 (2x1)" in text


def test_a_spill_blocked_now_is_a_one_cell_spill(tmp_path):
    """The file saved =SEQUENCE(A1) over C1:C3; with A1 = 4 it would reach
    C4, which holds text: #SPILL! ("spill range isn't blank"), occupying its
    anchor alone, and the file's C2:C3 are now empty."""
    saved = [("C1:C3", "=_xlfn.SEQUENCE(A1)", [[1], [2], [3]])]
    path = _spilling_book(tmp_path / "b.xlsx", saved, {"A1": 4, "C4": "x"})
    report = json.loads(run("eval", str(path), "--json").output)
    assert [d["cell"] for d in report["differences"]] == ["s!C1", "s!C2", "s!C3"]
    assert report["differences"][0]["computed"] == "#SPILL!"
    assert report["differences"][0]["spill"] == {"cached": "s!C1:C3 (3x1)",
                                                 "computed": "s!C1 (1x1)"}


def test_sheetgds_own_files_compare_their_spilled_cells(tmp_path):
    from sheetgd import Workbook
    from sheetgd.io.xlsx_write import write_xlsx

    wb = Workbook()
    wb.add_sheet("s")
    wb.set("s!A1", 3)
    wb.set("s!C1", "=SEQUENCE(A1,2)")
    report = json.loads(run("eval", str(write_xlsx(wb, tmp_path / "own.xlsx")), "--json").output)
    assert (report["formula_cells"], report["spilled_cells"], report["matching"]) == (1, 5, 6)


@needs_libreoffice
def test_libreoffice_saves_a_dynamic_arrays_values_as_a_legacy_arrays(tmp_path):
    """LibreOffice 7.4 recalculating a file with dynamic arrays writes each
    one back as an array formula over its range with every member's value
    cached, but without the ``cm=`` dynamic-array metadata: eval then reads
    a legacy array, whose members are formula cells, all compared."""
    from sheetgd.io.libreoffice import recalculate

    src, out = tmp_path / "src.xlsx", tmp_path / "lo.xlsx"
    _spilling_book(src, [("C1:C3", "=A1:A3*2", [[0], [0], [0]]),
                         ("E1:G1", "=TRANSPOSE(A1:A3)", [[0, 0, 0]])],
                   {"A1": 1, "A2": 2, "A3": 4})
    recalculate([(src, out)])
    with zipfile.ZipFile(out) as z:
        xml = z.read("xl/worksheets/sheet1.xml").decode()
        assert "cm=" not in xml and "xl/metadata.xml" not in z.namelist()
    assert '<c r="C3" s="0" t="n"><v>8</v></c>' in xml  # the member's value, no formula
    report = json.loads(run("eval", str(out), "--json").output)
    assert (report["formula_cells"], report["spilled_cells"], report["matching"]) == (6, 0, 6)
