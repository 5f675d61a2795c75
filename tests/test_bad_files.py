"""Files that are not workbooks, or hostile ones, given to ``sheetgd eval`` and
``sheetgd.load``: each is refused with one line naming the file, exit status
2, no traceback, quickly and without exhausting memory.  Every fixture is made
here, in tmp_path."""

from __future__ import annotations

import io
import os
import random
import struct
import subprocess
import time
import tomllib
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.formula import ArrayFormula
from click.testing import CliRunner

import sheetgd
from sheetgd.cli import main
from sheetgd.io import package_check, xlsx_read
from sheetgd.io.xlsx_read import WorkbookReadError
from sheetgd.io.xlsx_write import write_xlsx
from sheetgd.vba.binary import VBAModule, vba_project_bin
from sheetgd.vba.cfb import write_cfb

ROOT = Path(__file__).resolve().parents[1]


def _book() -> sheetgd.Workbook:
    book = sheetgd.Workbook()
    book.add_sheet("data")
    book.set("data!A1", 2)
    book.set("data!A2", "=A1*3")
    book.set("data!B1", "hello")
    book.set("data!B2", '=B1&" world"')
    return book


def _xlsx(tmp_path: Path, name: str = "good.xlsx") -> Path:
    return write_xlsx(_book(), tmp_path / name)


def _rewrite(src: Path, dst: Path, edit) -> Path:
    """Copy a package, passing each part through ``edit(name, bytes)``."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            zout.writestr(item, edit(item.filename, zin.read(item.filename)))
    return dst


def _eval(path, *args):
    return CliRunner().invoke(main, ["eval", str(path), *args])


def _refused(result, path, *fragments):
    """eval's refusal: status 2, one line, the file's name, no traceback."""
    lines = result.output.strip().splitlines()
    assert result.exit_code == 2, result.output
    assert len(lines) == 1, result.output
    assert str(path) in lines[0] and "Traceback" not in result.output
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
    return lines[0]


def _load_refused(path, *fragments, **limits) -> str:
    with pytest.raises(WorkbookReadError) as info:
        sheetgd.load(path, **limits)
    text = str(info.value)
    assert str(path) in text and "\n" not in text
    for fragment in fragments:
        assert fragment in text, text
    return text


# ---- not a workbook at all ---------------------------------------------------------------

def test_missing_file(tmp_path):
    path = tmp_path / "nowhere" / "missing.xlsx"
    _refused(_eval(path), path, "No such file")
    _load_refused(path, "No such file")


def test_empty_file(tmp_path):
    path = tmp_path / "empty.xlsx"
    path.write_bytes(b"")
    _refused(_eval(path), path, "empty")


@pytest.mark.parametrize("content", [
    random.Random(7).randbytes(4096),
    b"name,value\nlr,0.01\n",
    "<html><body>not a workbook</body></html>".encode(),
], ids=["random-bytes", "csv-text", "html"])
def test_not_a_zip(tmp_path, content):
    path = tmp_path / "noise.xlsx"
    path.write_bytes(content)
    _refused(_eval(path), path, "not an .xlsx/.xlsm file")


def test_a_zip_without_a_workbook_part(tmp_path):
    path = tmp_path / "photos.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<document/>")
    _refused(_eval(path), path, "not a workbook", "xl/workbook.xml")


def test_a_truncated_workbook(tmp_path):
    good = _xlsx(tmp_path).read_bytes()
    path = tmp_path / "half.xlsx"
    path.write_bytes(good[:len(good) // 2])
    _refused(_eval(path), path, "damaged zip package")


def test_a_directory_given_as_a_workbook(tmp_path):
    _load_refused(tmp_path, "directory")


# ---- OLE2 compound files: .xls and encrypted workbooks -------------------------------------

def test_an_old_binary_xls_says_so(tmp_path):
    path = tmp_path / "old.xls"
    path.write_bytes(write_cfb({"Workbook": b"\x09\x08" + bytes(5000),
                                "\x05SummaryInformation": bytes(200)}))
    _refused(_eval(path), path, "old binary .xls format", "save it as .xlsx")


def test_a_password_protected_workbook_built_here(tmp_path):
    """The container [MS-OFFCRYPTO] describes, made with the project's own
    compound-file writer."""
    path = tmp_path / "locked.xlsx"
    path.write_bytes(write_cfb({"EncryptionInfo": b"\x04\x00\x04\x00" + bytes(500),
                                "EncryptedPackage": bytes(9000)}))
    _refused(_eval(path), path, "password-protected")


def test_a_password_protected_workbook_from_msoffcrypto(tmp_path):
    msoffcrypto = pytest.importorskip("msoffcrypto")
    plain = _xlsx(tmp_path)
    path = tmp_path / "secret.xlsx"
    with open(plain, "rb") as src, open(path, "wb") as dst:
        msoffcrypto.OfficeFile(src).encrypt("s3cret", dst)
    _refused(_eval(path), path, "password-protected", "remove the password")


def test_another_compound_file_is_not_taken_for_a_workbook(tmp_path):
    path = tmp_path / "letter.xlsx"
    path.write_bytes(write_cfb({"WordDocument": bytes(3000), "1Table": bytes(100)}))
    _refused(_eval(path), path, "not an .xlsx workbook")


# ---- XML entity bombs --------------------------------------------------------------------

LAUGHS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
          '<!DOCTYPE lolz [<!ENTITY lol "lol">'
          + "".join(f'<!ENTITY lol{i} "{("&lol;" if i == 1 else f"&lol{i - 1};") * 10}">'
                    for i in range(1, 10)) + "]>\n")


def _laughs_in(part: str, src: Path, dst: Path) -> Path:
    def edit(name, data):
        if name != part:
            return data
        text = data.decode().split("\n", 1)[1]  # drop the XML declaration
        text = text.replace(">hello<", ">&lol9;<").replace("<v>2.0</v>", "<v>&lol9;</v>")
        assert "&lol9;" in text
        return (LAUGHS + text).encode()
    return _rewrite(src, dst, edit)


@pytest.mark.parametrize("part", ["xl/sharedStrings.xml", "xl/worksheets/sheet1.xml"])
def test_an_entity_bomb_is_refused_at_once(tmp_path, part):
    path = _laughs_in(part, _xlsx(tmp_path), tmp_path / "laughs.xlsx")
    start = time.monotonic()
    _refused(_eval(path), path, part, "billion laughs")
    assert time.monotonic() - start < 10


def test_defusedxml_is_a_dependency_and_openpyxl_uses_it():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert any(dep.startswith("defusedxml") for dep in project["dependencies"])
    assert openpyxl.DEFUSEDXML is True


@pytest.mark.parametrize("part", ["xl/sharedStrings.xml", "xl/worksheets/sheet1.xml"])
def test_the_reader_stops_the_bomb_even_past_the_package_check(tmp_path, monkeypatch, part):
    """The second line of defence: with the byte scan switched off, the
    streaming reader still refuses the DTD before parsing, and says why."""
    path = _laughs_in(part, _xlsx(tmp_path), tmp_path / "laughs.xlsx")
    monkeypatch.setattr(xlsx_read, "check_package", lambda *a, **k: None)
    _load_refused(path, "DTD")


# ---- zip bombs -----------------------------------------------------------------------------

def _with_zeros(src: Path, dst: Path, size: int, name: str = "xl/media/zeros.bin") -> Path:
    """A real workbook plus one part of ``size`` zero bytes (deflated ~1000:1)."""
    _rewrite(src, dst, lambda n, d: d)
    with zipfile.ZipFile(dst, "a", zipfile.ZIP_DEFLATED) as z, z.open(name, "w") as fh:
        block = bytes(1 << 20)
        for _ in range(size >> 20):
            fh.write(block)
    return dst


def _header_of(data: bytes, signature: bytes, name_at: int, name: bytes) -> int:
    """The offset of the zip header with ``signature`` whose name is ``name``."""
    at = data.index(signature)
    while data[at + name_at:at + name_at + len(name)] != name:
        at = data.index(signature, at + 4)
    return at


def _declare_size(path: Path, member: str, size: int, local_too: bool = False):
    """Overwrite the uncompressed size the zip declares for ``member``: in the
    central directory (what readers believe) and optionally the local header."""
    data, name = bytearray(path.read_bytes()), member.encode()
    central = _header_of(data, b"PK\x01\x02", 46, name)
    struct.pack_into("<I", data, central + 24, size)
    if local_too:
        local = _header_of(data, b"PK\x03\x04", 30, name)
        struct.pack_into("<I", data, local + 22, size)
    path.write_bytes(bytes(data))


def test_a_zip_bomb_is_refused_before_anything_is_decompressed(tmp_path, monkeypatch):
    path = _with_zeros(_xlsx(tmp_path), tmp_path / "bomb.xlsx", 1 << 20)
    _declare_size(path, "xl/media/zeros.bin", 0xF0000000)  # 3.75 GiB, says the directory
    assert path.stat().st_size < 100_000

    def no_decompressing(*args, **kwargs):
        raise AssertionError("a part was opened")
    monkeypatch.setattr(zipfile.ZipFile, "open", no_decompressing)
    line = _refused(_eval(path), path, "3.75 GiB", "limit of 1 GiB", "--max-uncompressed")
    assert "zip bomb" in line


def test_the_uncompressed_limit_is_an_option(tmp_path):
    path = _with_zeros(_xlsx(tmp_path), tmp_path / "zeros.xlsx", 64 << 20)
    _refused(_eval(path, "--max-uncompressed", "16M"), path, "limit of 16 MiB")
    assert _eval(path, "--max-uncompressed", "1GiB").exit_code == 0
    _load_refused(path, "limit of 32 MiB", max_uncompressed=32 << 20)
    result = _eval(path, "--max-uncompressed", "lots")
    assert result.exit_code == 2 and "a size in bytes expected" in result.output


def test_a_part_that_lies_about_its_size_is_read_no_further_than_declared(tmp_path, monkeypatch):
    """The directory says 1000 bytes; the deflated stream holds 32 MiB."""
    path = _with_zeros(_xlsx(tmp_path), tmp_path / "liar.xlsx", 32 << 20)
    _declare_size(path, "xl/media/zeros.bin", 1000, local_too=True)
    seen = []
    real_add = package_check._Budget.add_bytes

    def add_bytes(self, name, n):
        seen.append((name, n))
        return real_add(self, name, n)
    monkeypatch.setattr(package_check._Budget, "add_bytes", add_bytes)
    _refused(_eval(path), path, "damaged zip package", "xl/media/zeros.bin")
    assert sum(n for name, n in seen if name == "xl/media/zeros.bin") <= 1000


def test_a_file_larger_than_the_limit_is_not_read_past_it(tmp_path):
    path = _xlsx(tmp_path)
    _load_refused(path, "larger than the limit of 1 KiB", max_uncompressed=1024)


def test_an_endless_stream_is_not_read_past_the_limit():
    path = Path("/dev/zero")
    if not path.exists():
        pytest.skip("no /dev/zero here")
    _refused(_eval(path, "--max-uncompressed", "1M"), path, "larger than the limit of 1 MiB")


# ---- huge sheets ---------------------------------------------------------------------------

def _sheet_xml(rows: int, cols: str = "ABC"):
    yield (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
           + f'<dimension ref="A1:{cols[-1]}{rows}"/><sheetData>'.encode())
    for first in range(1, rows + 1, 10_000):
        yield "".join(
            f'<row r="{r}">' + "".join(f'<c r="{c}{r}"><v>{r}</v></c>' for c in cols) + "</row>"
            for r in range(first, min(first + 10_000, rows + 1))).encode()
    yield b"</sheetData></worksheet>"


def _big(tmp_path: Path, rows: int, cols: str = "ABC") -> Path:
    book = sheetgd.Workbook()
    book.add_sheet("big")
    book.set("big!A1", 1)
    src = write_xlsx(book, tmp_path / "seed.xlsx")
    dst = tmp_path / f"big_{rows}.xlsx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            if item.filename == "xl/worksheets/sheet1.xml":
                with zout.open(item.filename, "w") as fh:
                    for piece in _sheet_xml(rows, cols):
                        fh.write(piece)
            else:
                zout.writestr(item, zin.read(item.filename))
    return dst


@pytest.fixture(scope="module")
def million_rows(tmp_path_factory) -> Path:
    return _big(tmp_path_factory.mktemp("million"), 1_000_000)


def test_a_million_rows_load(million_rows):
    """10^6 rows (3 million cells) are under the default limit and load."""
    book = sheetgd.load(million_rows, calculate=False)
    assert book.value("big!C1000000") == 1000000.0 and book.value("big!A1") == 1.0


def test_past_the_cell_limit_is_refused_with_the_limit_named(million_rows):
    start = time.monotonic()
    line = _refused(_eval(million_rows, "--max-cells", "2000000"), million_rows, "sheet 'big'",
                    "limit of 2,000,000 cells", "--max-cells")
    assert time.monotonic() - start < 30, "the refusal must come before the reading"
    assert line.startswith("sheetgd eval: ")


def test_the_cell_limit_is_exact_and_an_option(tmp_path):
    path = _big(tmp_path, 1000)  # 3000 cells
    _load_refused(path, "limit of 2,999 cells", max_cells=2999)
    assert sheetgd.load(path, max_cells=3000).value("big!C1000") == 1000.0
    _refused(_eval(path, "--max-cells", "100"), path, "limit of 100 cells")
    assert _eval(path, "--max-cells", "0").exit_code == 2  # a usage error


def _with_array_ref(tmp_path: Path, ref: str) -> Path:
    book = openpyxl.Workbook()
    book.active.title = "s"
    book.active["A1"] = ArrayFormula("A1:A2", "=1+1")
    book.save(tmp_path / "array.xlsx")
    return _rewrite(tmp_path / "array.xlsx", tmp_path / "array_edited.xlsx",
                    lambda name, data: data.replace(b'ref="A1:A2"', f'ref="{ref}"'.encode()))


def test_a_cell_that_cannot_be_read_is_named(tmp_path):
    """An array formula whose range is past column XFD: that cell is #REF!,
    with a warning naming it; the rest of the file loads."""
    path = _with_array_ref(tmp_path, "A1:XFZ2")  # past column XFD
    result = _eval(path)
    # the file (written by openpyxl) holds no cached value for the cell: exit 3
    assert result.exit_code == 3 and "Traceback" not in result.output, result.output
    assert "warning: s!A1: the range 'A1:XFZ2' of its array formula" in result.output
    assert sheetgd.load(path).value("s!A1").kind == "#REF!"


def test_an_array_formula_over_the_whole_grid_is_refused_at_once(tmp_path):
    path = _with_array_ref(tmp_path, "A1:XFD1048576")
    start = time.monotonic()
    _refused(_eval(path), path, "s!A1", "17,179,869,184 cells", "limit of 20,000,000 cells")
    assert time.monotonic() - start < 10


def test_a_sheet_with_two_cells_at_opposite_corners_loads_at_once(tmp_path):
    """The bounding box is the whole grid; only the two cells are visited."""
    path = tmp_path / "corners.xlsx"
    book = openpyxl.Workbook()
    book.active.title = "s"
    book.active["A1"], book.active["XFD1048576"] = 1, "=A1+1"
    book.save(path)
    start = time.monotonic()
    assert sheetgd.load(path).value("s!XFD1048576") == 2.0
    assert _eval(path).exit_code == 3  # openpyxl saved no cached value: nothing to compare
    assert time.monotonic() - start < 10


def test_run_refuses_a_bad_file_the_same_way(tmp_path):
    path = tmp_path / "half.xlsx"
    path.write_bytes(_xlsx(tmp_path).read_bytes()[:2000])
    result = CliRunner().invoke(main, ["run", str(path), "--sheet", "adam"])
    assert result.exit_code == 2
    assert result.output.splitlines() == [
        f"sheetgd run: {path}: damaged zip package, truncated or corrupt (File is not a zip file)"]


# ---- VBA is data -------------------------------------------------------------------------

def test_vba_in_an_xlsm_is_never_run(tmp_path, monkeypatch):
    marker = tmp_path / "macro_ran"
    source = (f'Private Sub Workbook_Open()\n    Shell "touch {marker}"\n'
              '    Worksheets("data").Range("A1").Value = 99\nEnd Sub\n')

    def add_vba(target):
        target.set_vba_name("ThisWorkbook")
        for ws in target.worksheets():
            ws.set_vba_name(ws.get_name())
        blob = vba_project_bin([VBAModule("ThisWorkbook", source), VBAModule("data", "")])
        target.add_vba_project(io.BytesIO(blob), is_stream=True)

    path = write_xlsx(_book(), tmp_path / "macro.xlsm", vba=add_vba)
    with zipfile.ZipFile(path) as z:
        assert "xl/vbaProject.bin" in z.namelist()
    before = path.read_bytes()

    def no_processes(*args, **kwargs):
        raise AssertionError("eval started a process")
    for name in ("system", "posix_spawn", "posix_spawnp", "execv", "execve", "fork"):
        monkeypatch.setattr(os, name, no_processes)
    monkeypatch.setattr(subprocess.Popen, "__init__", no_processes)

    result = _eval(path, "--json")
    assert result.exit_code == 0, result.output
    assert '"differing": 0' in result.output and '"formula_cells": 2' in result.output
    assert sheetgd.load(path).value("data!A1") == 2.0
    assert not marker.exists() and path.read_bytes() == before
