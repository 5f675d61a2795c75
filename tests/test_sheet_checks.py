"""The package check's work on the worksheets, done while the reader
inflates them (:class:`sheetgd.io.package_check.SheetChecks`): each sheet
part inflated once, and the same refusals as a check of its own."""

from __future__ import annotations

import zipfile

import pytest

import sheetgd
from sheetgd.engine import Workbook
from sheetgd.io import package_check, xlsx_stream

from .test_reader_faults import _both, _one_sheet, _refused, _rows

SHEET = "xl/worksheets/sheet1.xml"


def _opens(monkeypatch) -> list:
    opened, real = [], zipfile.ZipFile.open

    def counted(self, name, *args, **kwargs):
        opened.append(getattr(name, "filename", name))
        return real(self, name, *args, **kwargs)
    monkeypatch.setattr(zipfile.ZipFile, "open", counted)
    return opened


def test_a_plain_sheet_is_inflated_once(tmp_path, monkeypatch):
    path = _one_sheet(tmp_path, _rows(500))
    opened = _opens(monkeypatch)
    assert sheetgd.load(path, calculate=False).value("s!A500") == 500.0
    assert opened.count(SHEET) == 1


def test_the_cell_limit_is_exact_on_both_paths(tmp_path, monkeypatch):
    """3,000 cells: the fast path counts its tokens, the general reader
    (given the sheet back for the comment in the last row) counts the
    ``<c>`` tags; the fast path's count of the chunks it read before the
    comment (past the first 64 KiB) is undone when it gives the sheet back."""
    monkeypatch.setattr(xlsx_stream, "FAST_CHUNK", 512)
    plain = _one_sheet(tmp_path, _rows(1500))
    (tmp_path / "plain.xlsx").write_bytes(plain.read_bytes())
    last = '<row r="1500"><c r="A1500"><v>1500</v></c><c r="B1500"><v>1</v></c></row>'
    assert _rows(1500).endswith(last)
    commented = _one_sheet(tmp_path, _rows(1499) + "<!-- a comment -->" + last)
    for path in (tmp_path / "plain.xlsx", commented):
        _refused(path, "sheet 's'", "limit of 2,999 cells", max_cells=2999)
        assert _both(path).value("s!B1500") == 1.0
        assert sheetgd.load(path, calculate=False, max_cells=3000).value("s!A1500") == 1500.0


def test_cells_past_the_limit_are_never_stored(tmp_path, monkeypatch):
    """The refusal comes from the chunk's count, before its cells are put."""
    path = _one_sheet(tmp_path, _rows(500))
    puts = []
    real = Workbook.put_cells
    monkeypatch.setattr(Workbook, "put_cells", lambda self, *a, **k: puts.append(1) or
                        real(self, *a, **k))
    _refused(path, "limit of 10 cells", max_cells=10)
    assert puts == []


def test_a_damaged_sheet_part_is_named_as_the_check_names_it(tmp_path):
    path = _one_sheet(tmp_path, _rows(2000))
    with zipfile.ZipFile(path) as z:
        info = z.getinfo(SHEET)
    data = bytearray(path.read_bytes())
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    data[start + info.compress_size // 2] ^= 0xFF  # a flipped byte mid-stream
    path.write_bytes(bytes(data))
    _refused(path, "damaged zip package", SHEET)


@pytest.mark.parametrize("where", ["head", "tail"])
def test_a_dtd_around_sheet_data_is_refused_by_the_fast_path_too(tmp_path, where):
    path = _one_sheet(tmp_path, _rows(3))
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    xml = parts[SHEET]
    mark = b'<!ENTITY x "y">'
    parts[SHEET] = xml.replace(b"<sheetData>", mark + b"<sheetData>") if where == "head" else \
        xml.replace(b"</sheetData>", b"</sheetData>" + mark)
    with zipfile.ZipFile(path, "w") as z:
        for n, data in parts.items():
            z.writestr(n, data)
    _refused(path, SHEET, "billion laughs")


def test_compare_still_checks_the_sheets_itself(tmp_path):
    """Without ``sheets_later`` the check inflates the worksheets as before."""
    path = _one_sheet(tmp_path, _rows(500))
    data = path.read_bytes()
    assert package_check.check_package(path, data, max_cells=1000) is None
    with pytest.raises(package_check.WorkbookReadError, match="limit of 999 cells"):
        package_check.check_package(path, data, max_cells=999)
