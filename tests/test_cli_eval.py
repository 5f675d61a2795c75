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
    assert set(report["sheets"]["log_entropy"]) == {"formula_cells", "matching", "differing",
                                                    "skipped", "uncached", "from_cache"}


def test_random_cells_are_skipped():
    report = json.loads(run("eval", str(FIXTURES / "functions_libreoffice.xlsx"), "--json").output)
    # the RANDBETWEEN rows (but the one LibreOffice draws) and the two RANDARRAY rows
    assert report["skipped"] == 5
    assert report["differing"] == 0


def _tampered(tmp_path) -> Path:
    """The LibreOffice fixture with one cached value changed by hand."""
    import shutil
    import zipfile

    src = FIXTURES / "features_libreoffice.xlsx"
    dst = tmp_path / "tampered.xlsx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = data.decode()
                # G8 = SUM(G2:G6): replace its cached value
                start = text.index('r="G8"')
                v0 = text.index("<v>", start) + 3
                v1 = text.index("</v>", v0)
                text = text[:v0] + "123.5" + text[v1:]
                data = text.encode()
            zout.writestr(item, data)
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
