"""``sheetgd build`` recognising an up-to-date file without making it
(:mod:`sheetgd.io.fingerprint`), the shortcuts of the writer, and the
progress line (:mod:`sheetgd.progress`).

The rule under test: the cheap path never calls a changed file
"unchanged" -- a cell edited in openpyxl (which keeps the custom
properties), a part changed beside the cells, an edited ``.bas``, a file
without the stamp all go through the full comparison, and the
differs/--force rule of tests/test_outputs.py applies to them.
"""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter.worksheet

from sheetgd import products as products_module
from sheetgd.io import compare
from sheetgd.io.fingerprint import BAS, BUILD, PARTS, is_current, parts_digest, recorded
from sheetgd.io.xlsx_write import ExactWorksheet
from sheetgd.products import StaleFileError, build_products
from sheetgd.progress import Progress

NAMES = ("graddesc.xlsx", "graddesc.xlsm", "entropy.xlsx")
EPOCHS = 2


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("stamped")
    build_products(out, epochs=EPOCHS)
    return out


@pytest.fixture
def books(built, tmp_path) -> Path:
    out = tmp_path / "books"
    shutil.copytree(built, out)
    return out


def _actions(done) -> dict[str, str]:
    return {p.name: a for p, a in done}


def _nothing_made(monkeypatch):
    """Making any workbook, or comparing cells, fails the test."""
    def refuse(*args, **kwargs):
        raise AssertionError("a workbook was made or compared cell by cell")
    for name in ("graddesc_xlsx", "graddesc_xlsm", "entropy_xlsx"):
        monkeypatch.setattr(products_module, name, refuse)
    monkeypatch.setattr(compare, "same_cells", refuse)


def _rezip(path: Path, change):
    """Rewrite the zip at ``path``, each part through ``change(name, data)``
    (None drops the part)."""
    with zipfile.ZipFile(path) as src:
        parts = [(info, src.read(info)) for info in src.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info, data in parts:
            data = change(info.filename, data)
            if data is not None:
                dst.writestr(info, data)


def test_every_file_is_stamped_with_the_digest_of_its_parts(built):
    for name in NAMES:
        found = recorded(built / name)
        assert set(found) >= {BUILD, PARTS}
        assert found[PARTS] == parts_digest(built / name)
    bas = (built / "graddesc.bas").read_bytes()
    import hashlib
    assert recorded(built / "graddesc.xlsm")[BAS] == hashlib.sha256(bas).hexdigest()


def test_an_untouched_folder_is_unchanged_without_making_anything(books, monkeypatch):
    before = {p.name: p.read_bytes() for p in books.iterdir()}
    _nothing_made(monkeypatch)
    done = build_products(books, epochs=EPOCHS)
    assert done == [(books / n, "unchanged") for n in NAMES]
    done = build_products(books, epochs=EPOCHS, force=True)  # same bytes: --force too
    assert done == [(books / n, "unchanged") for n in NAMES]
    assert {p.name: p.read_bytes() for p in books.iterdir()} == before


def test_other_options_are_not_current(built):
    from sheetgd.products import plans

    for plan in plans(epochs=EPOCHS + 1):
        if plan.name == "graddesc.xlsx":
            assert not is_current(built / plan.name, plan.fingerprint)


def test_a_cell_edited_in_openpyxl_is_not_current_and_is_protected(books):
    """openpyxl keeps the custom properties (rewritten in its own attribute
    order): whether or not they are read back, the file is not current."""
    path = books / "entropy.xlsx"
    stamp = recorded(path)[BUILD]
    book = openpyxl.load_workbook(path)
    book["entropy"]["C2"] = 0.75
    book.save(path)
    assert stamp in zipfile.ZipFile(path).read("docProps/custom.xml").decode()
    assert not is_current(path, stamp)
    edited = path.read_bytes()
    with pytest.raises(StaleFileError, match="entropy.xlsx"):
        build_products(books, epochs=EPOCHS)
    assert path.read_bytes() == edited


def test_a_cell_edited_in_the_xml_keeping_the_stamp_is_protected(books):
    """The stamp copied along, one cached value changed in place."""
    path = books / "entropy.xlsx"

    def change(name, data):
        if name == "xl/worksheets/sheet2.xml":
            assert b"<v>" in data
            start = data.index(b"<v>") + 3
            return data[:start] + b"7" + data[start:]
        return data
    _rezip(path, change)
    edited = path.read_bytes()
    with pytest.raises(StaleFileError, match="entropy.xlsx"):
        build_products(books, epochs=EPOCHS)
    assert path.read_bytes() == edited


def test_a_part_changed_beside_the_cells_goes_through_the_comparison(books):
    """Same cells, another look (styles.xml): unchanged by the cells, and
    rewritten with --force, as for a file an older sheetgd wrote."""
    path = books / "entropy.xlsx"
    _rezip(path, lambda name, data: data + b"\n" if name == "xl/styles.xml" else data)
    assert not is_current(path, recorded(path)[BUILD])
    assert _actions(build_products(books, epochs=EPOCHS))["entropy.xlsx"] == "unchanged"
    assert _actions(build_products(books, epochs=EPOCHS, force=True))["entropy.xlsx"] == "wrote"
    assert is_current(path, recorded(path)[BUILD])


def test_an_added_part_is_not_current(books):
    path = books / "entropy.xlsx"
    with zipfile.ZipFile(path, "a") as z:
        z.writestr("customXml/item1.xml", "<x/>")
    assert not is_current(path, recorded(path)[BUILD])


def test_a_file_without_the_stamp_is_compared_cell_by_cell(books, monkeypatch):
    path = books / "graddesc.xlsm"
    _rezip(path, lambda name, data: None if name == "docProps/custom.xml" else data)
    assert recorded(path) is None
    calls = []
    real = compare.same_cells
    monkeypatch.setattr(compare, "same_cells", lambda a, b: calls.append(a) or real(a, b))
    assert _actions(build_products(books, epochs=EPOCHS))["graddesc.xlsm"] == "unchanged"
    assert calls == [path]


def test_an_edited_bas_makes_its_xlsm_go_the_long_way(books):
    bas = books / "graddesc.bas"
    bas.write_bytes(bas.read_bytes() + b"' mine\r\n")
    with pytest.raises(StaleFileError, match="graddesc.bas"):
        build_products(books, epochs=EPOCHS)


def test_a_missing_bas_is_written_again(books):
    (books / "graddesc.bas").unlink()
    done = build_products(books, epochs=EPOCHS)
    assert _actions(done) == {"graddesc.xlsx": "unchanged", "graddesc.xlsm": "unchanged",
                              "graddesc.bas": "wrote", "entropy.xlsx": "unchanged"}


FORMULAS = ["=A1+B1", "{=SUM(A1:A3*B1:B3)}", "=SORT(A1:A3)", "=_xlfn._xlws.SORT(A1:A3)",
            "=XSINGLE(A1)", '="SORT("&A1', "=mySORT(A1)", "=SORTBY(A1:A2,B1:B2)",
            "=LAMBDA(x,x+1)(2)", "=IF(A1,MAP(B1:B2,C1:C2),0)", "=SINGLE(A1)", "=1+@SINGLE(A1)"]


@pytest.mark.parametrize("formula", FORMULAS)
def test_the_shortcut_prepares_formulas_as_xlsxwriter_does(formula):
    book = xlsxwriter.Workbook(io.BytesIO(), {"in_memory": True})
    ours = book.add_worksheet("a", worksheet_class=ExactWorksheet)
    theirs = book.add_worksheet("b")
    assert isinstance(theirs, xlsxwriter.worksheet.Worksheet)
    assert ours._prepare_formula(formula) == theirs._prepare_formula(formula)


class _Terminal(io.StringIO):
    def isatty(self):
        return True


def test_the_progress_line_shows_on_a_terminal_and_is_erased():
    stream = _Terminal()
    with Progress("sheetgd build", stream, delay=0.0) as progress:
        progress("making graddesc.xlsx")
        import time
        time.sleep(0.3)
    text = stream.getvalue()
    assert "sheetgd build: making graddesc.xlsx (0 s)" in text
    assert text.endswith("\r\033[K")


def test_no_progress_line_off_a_terminal_or_for_a_quick_step():
    stream = io.StringIO()
    with Progress("sheetgd build", stream, delay=0.0) as progress:
        progress("making graddesc.xlsx")
    assert stream.getvalue() == ""
    stream = _Terminal()
    with Progress("sheetgd build", stream, delay=30.0) as progress:
        progress("checking graddesc.xlsx")
    assert stream.getvalue() == ""
