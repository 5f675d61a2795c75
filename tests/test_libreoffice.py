"""Differential tests: LibreOffice headless recomputes, sheetgd agrees.

Reference values come from LibreOffice (its cached values in the files it
saves), never from sheetgd.  Tolerance: relative 1e-9 / absolute 1e-12
(``sheetgd eval``'s default): both compute in float64, but not always in the
same order of operations (LibreOffice sums with Kahan compensation, for one),
so the last bits of long sums may differ.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sheetgd.io.libreoffice import recalculate
from sheetgd.io.xlsx_read import read_workbook
from sheetgd.recheck import compare_with_cached

from .conftest import needs_libreoffice
from .lo_support import (
    KNOWN_DIFFERENT_DATA_CELLS, KNOWN_LIBREOFFICE_DIFFERENCES, write_features_workbook,
    write_table_workbook,
)
from .test_functions import CASES, DATA

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.mark.parametrize("name", ["functions_libreoffice.xlsx", "features_libreoffice.xlsx"])
def test_workbooks_saved_by_libreoffice_evaluate_with_zero_differences(name):
    report = compare_with_cached(read_workbook(FIXTURES / name), name)
    assert report.total("differing") == 0, report.differences
    assert report.total("matching") + report.total("skipped") == report.total("formula_cells")
    assert report.total("formula_cells") > 40
    assert report.unknown_functions == []


def test_the_function_fixture_covers_every_function():
    from sheetgd.engine.functions import REGISTRY
    from sheetgd.engine.nodes import Call, walk

    book = read_workbook(FIXTURES / "functions_libreoffice.xlsx")
    used = {n.name for key in book.formula_cells()
            for n in walk(book.sheet(key[0]).cells[key[1:]].node) if isinstance(n, Call)}
    required = {"SUM", "SUMSQ", "SUMPRODUCT", "PRODUCT", "SQRT", "EXP", "LN", "LOG", "LOG10",
                "POWER", "ABS", "SIGN", "INT", "MOD", "ROUND", "ROUNDUP", "ROUNDDOWN",
                "CEILING.MATH", "FLOOR.MATH", "PI", "COUNT", "COUNTA", "AVERAGE", "MIN", "MAX",
                "MEDIAN", "STDEV.P", "STDEV.S", "VAR.P", "VAR.S", "IF", "IFERROR", "AND", "OR",
                "NOT", "TRUE", "FALSE", "MATCH", "INDEX", "OFFSET", "ROW", "COLUMN", "ROWS",
                "COLUMNS", "CHOOSE", "RANDBETWEEN"}
    assert required <= used and required <= set(REGISTRY)


@needs_libreoffice
@pytest.mark.libreoffice
def test_function_table_against_libreoffice(tmp_path):
    """Every row of the function table, recomputed by LibreOffice: the only
    disagreements are the documented ones (where sheetgd follows Excel)."""
    src, out = tmp_path / "table.xlsx", tmp_path / "table_lo.xlsx"
    where = write_table_workbook(src, CASES, DATA)
    recalculate([(src, out)])
    report = compare_with_cached(read_workbook(out), str(out), limit=10_000)
    differing = set()
    for d in report.differences:
        cell = d["cell"].split("!")[1]
        differing.add(where.get(cell, f"data cell {cell}"))
    expected = set(KNOWN_LIBREOFFICE_DIFFERENCES) | {f"data cell {c}" for c in KNOWN_DIFFERENT_DATA_CELLS}
    assert differing == expected, (
        f"new disagreements: {sorted(differing - expected)}; "
        f"documented ones that now agree: {sorted(expected - differing)}")


@needs_libreoffice
@pytest.mark.libreoffice
@pytest.mark.parametrize("seed", [11, 12])
def test_random_formulas_agree_with_libreoffice_or_differ_as_documented(tmp_path, seed):
    """``make fuzz`` on a fixed-seed subset: 300 generated formulas over every
    operator and function, recomputed by LibreOffice and by sheetgd, agree
    cell by cell or differ in a documented way (docs/compatibility.md), each
    recognised operation by operation."""
    from . import fuzz_lo

    summary, outcomes = fuzz_lo.run(count=300, seed=seed, batch_size=150, workdir=tmp_path)
    assert summary.formulas == 300
    assert not summary.unexplained and not summary.pending, summary.text()
    # Most formulas must compute something both agree on (not a wall of
    # documented differences); with the statistics family's domain edges,
    # where LibreOffice writes #VALUE! for Excel's #NUM!, about 80% do.
    assert summary.agreements >= 0.7 * summary.formulas, summary.text()
    assert all(o.verdict in ("agree", "known") for o in outcomes)


@needs_libreoffice
@pytest.mark.libreoffice
def test_names_arrays_and_lesson_sheet_against_libreoffice(tmp_path):
    src, out = tmp_path / "features.xlsx", tmp_path / "features_lo.xlsx"
    write_features_workbook(src)
    recalculate([(src, out)])
    book = read_workbook(out)
    report = compare_with_cached(book, str(out))
    assert report.total("differing") == 0, report.differences
    # the lesson's quirk, as LibreOffice computed it: MATCH(1,{1,0}) = 1, MATCH(1,{0,1}) = 2
    assert [book.cached[("log_entropy", r, 8)] for r in range(2, 7)] == [1.0, 1.0, 2.0, 2.0, 1.0]


@needs_libreoffice
@pytest.mark.libreoffice
def test_generated_books_recomputed_by_libreoffice_agree_in_every_formula_cell(tmp_path):
    from sheetgd.books import entropy, graddesc
    from sheetgd.io.xlsx_write import write_xlsx

    books = {
        "graddesc": graddesc.build(),
        "graddesc_seeded": graddesc.build(graddesc.GradDescParams(rows=50, seed=5, lr={"adam": 0.3})),
        "entropy": entropy.build(),
    }
    pairs = []
    for name, book in books.items():
        src = write_xlsx(book, tmp_path / f"{name}.xlsx")
        pairs.append((src, tmp_path / f"{name}_lo.xlsx"))
    recalculate(pairs)
    for (_, out), (name, book) in zip(pairs, books.items()):
        report = compare_with_cached(read_workbook(out), name)
        assert report.total("differing") == 0, report.differences
        random_cells = 2 * (50 if name == "graddesc_seeded" else 29) if name != "entropy" else 0
        assert report.total("skipped") == random_cells  # the data sheet's draw
        assert report.total("matching") == report.total("formula_cells") - random_cells
