"""Iterative calculation of circular references (Excel's "Enable iterative
calculation"; a file's ``<calcPr iterate="1" iterateCount=".." iterateDelta=".."/>``),
against the fixed points the formulas have and LibreOffice recomputing the
same file with the same settings."""

from __future__ import annotations

import json

import openpyxl
import pytest
from click.testing import CliRunner
from openpyxl.workbook.properties import CalcProperties

import sheetgd
from sheetgd import Workbook
from sheetgd.cli import main
from sheetgd.engine.iteration import Iteration

from .conftest import is_error, needs_libreoffice

FIXED_A1 = 1000 / 9  # A1 = 100 + B1, B1 = A1 * 0.1: A1 = 100 / 0.9


def _interest(book: Workbook):
    """A circular reference that converges (ratio 0.1 per round), and a cell
    downstream of it."""
    book.add_sheet("s")
    book.set("s!A1", "=100+B1")
    book.set("s!B1", "=A1*0.1")
    book.set("s!C1", "=A1*2")


def test_without_iteration_a_circular_reference_is_an_error():
    book = Workbook()
    _interest(book)
    assert is_error(book.value("s!A1"), "#CIRC!") and is_error(book.value("s!C1"), "#CIRC!")


def test_iteration_converges_to_within_the_maximum_change():
    """Each round shrinks the distance to the fixed point tenfold; rounds
    stop once no value changes by 0.001: A1 is then within 0.001 * 0.1/0.9
    of 1000/9, and C1 reads it."""
    book = Workbook()
    _interest(book)
    book.iteration = Iteration(count=100, max_change=0.001)
    book.calculate()
    assert abs(book.value("s!A1") - FIXED_A1) <= 0.001 * 0.1 / 0.9
    assert abs(book.value("s!B1") - FIXED_A1 / 10) <= 0.001
    assert book.value("s!C1") == 2 * book.value("s!A1")


def test_the_count_bounds_the_rounds_and_a_circular_reference_is_computed_every_time():
    """Excel's counter: with one iteration, =D1+1 goes up by one at every
    calculation (the cells of a circular reference are always computed)."""
    book = Workbook()
    book.add_sheet("s")
    book.iteration = Iteration(count=1)
    book.set("s!D1", "=D1+1")
    assert book.value("s!D1") == 1.0
    book.calculate()
    book.calculate()
    assert book.value("s!D1") == 3.0
    book.iteration = Iteration(count=10, max_change=0.001)  # diverges: stops at the count
    book.calculate()
    assert book.value("s!D1") == 13.0


@pytest.mark.parametrize("count,delta", [(0, 0.001), (32768, 0.001), (100, -1.0),
                                         (100, float("nan"))])
def test_settings_excel_refuses_are_refused(count, delta):
    with pytest.raises(ValueError):
        Iteration(count, delta)


def _iterative_file(path, iterate_count="100", iterate_delta="0.001"):
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "s"
    ws["A1"], ws["B1"], ws["C1"] = "=100+B1", "=A1*0.1", "=A1*2"
    book.calculation = CalcProperties(iterate=True, iterateCount=100, iterateDelta=0.001,
                                      fullCalcOnLoad=True)
    book.save(path)
    if (iterate_count, iterate_delta) != ("100", "0.001"):  # what openpyxl cannot write
        import zipfile

        with zipfile.ZipFile(path) as z:
            parts = {n: z.read(n) for n in z.namelist()}
        parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(
            b'iterateCount="100"', f'iterateCount="{iterate_count}"'.encode())
        with zipfile.ZipFile(path, "w") as z:
            for n, data in parts.items():
                z.writestr(n, data)
    return path


def test_a_file_asking_for_iteration_is_iterated(tmp_path):
    book = sheetgd.load(_iterative_file(tmp_path / "iterate.xlsx"))
    assert book.iteration == Iteration(100, 0.001)
    assert abs(book.value("s!A1") - FIXED_A1) <= 0.001


def test_a_bad_iteration_count_in_a_file_is_warned_about(tmp_path):
    book = sheetgd.load(_iterative_file(tmp_path / "bad.xlsx", iterate_count="lots"))
    assert book.iteration == Iteration()
    assert any("calcPr" in w for w in book.warnings)


@needs_libreoffice
def test_libreoffice_iterates_the_same_file_to_the_same_values(tmp_path):
    """LibreOffice recomputes the file with its calcPr settings; sheetgd
    agrees with its cached values to the file's maximum change, and eval
    (which compares iterated cells to that change) finds nothing differing."""
    from sheetgd.io.libreoffice import recalculate

    src, out = _iterative_file(tmp_path / "src.xlsx"), tmp_path / "lo.xlsx"
    recalculate([(src, out)])
    theirs = openpyxl.load_workbook(out, data_only=True)["s"]
    ours = sheetgd.load(src)
    for addr in ("A1", "B1", "C1"):
        assert abs(theirs[addr].value - ours.value(f"s!{addr}")) <= 2 * 0.001, addr
    assert abs(theirs["A1"].value - FIXED_A1) <= 0.001
    result = CliRunner().invoke(main, ["eval", str(out), "--json"])
    report = json.loads(result.output)
    assert result.exit_code == 0 and report["differing"] == 0 and report["matching"] == 3
