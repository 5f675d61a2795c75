"""The reference operators of Excel's "Calculation operators and
precedence": intersection (a space: ``=SUM(B5:B15 A7:D7)`` is C7's value)
and union (a comma in parentheses: ``=SUM((B5:B15,D5:D15))``), recomputed by
LibreOffice in the same file and checked against Excel's documented
results."""

from __future__ import annotations

import openpyxl
import pytest

from sheetgd import Workbook

from .conftest import is_error, needs_libreoffice

#: r*10 + column number in A1:D4: A1 = 11, B2 = 22, D4 = 44.
GRID = {f"{c}{r}": float(r * 10 + "ABCD".index(c) + 1) for r in range(1, 5) for c in "ABCD"}

#: (formula, Excel's value): the cells both references hold.
CASES = [
    ("=SUM(A1:B2 B1:B3)", 12.0 + 22.0),  # B1:B2
    ("=SUM(A1:C3 B2:D4)", 22.0 + 23.0 + 32.0 + 33.0),  # B2:C3
    ("=SUM((A1:C3) (B2:D4))", 110.0),  # parentheses around references
    ("=SUM(A1:C3 B2:D4 C3:D4)", 33.0),  # left to right: B2:C3, then C3
    ("=ROWS(A1:C3 B2:D4)", 2.0),
    ("=INDEX(A1:D4 B2:C3,2,2)", 33.0),
    ("=-A1:B2 B1:B3*2", -12.0 * 2),  # ':' and ' ' bind tighter than '-' and '*' (implicit intersection in row 1)
    ("=SUM(OFFSET(A1,0,0,3,3) B2:D4)", 110.0),
    ("=SUM(A1:A2 C1:C2)", "#NULL!"),  # no cell in common
    # the union operator: a comma inside parentheses
    ("=SUM((A1,B1))", 23.0),
    ("=SUM((A1:B2,D4),1)", 66.0 + 44.0 + 1.0),
    ("=COUNT((A1:A4,C1:C4))", 8.0),
    ("=MAX((A1:A2,D4))", 44.0),
    ("=SUM((A1:C3 B2:D4,A1))", 110.0 + 11.0),  # ' ' binds tighter than ','
    ("=SUM((A1,2))", "#VALUE!"),  # a value is no reference
    ("=AREAS((A1:B2,D4,C1))", 3.0),
    ("=AREAS(A1:B2 B1:B3)", 1.0),
]


def _book(dynamic_arrays: bool = True):
    book = Workbook(dynamic_arrays=dynamic_arrays)
    book.add_sheet("s")
    for addr, value in GRID.items():
        book.set(f"s!{addr}", value)
    return book


@pytest.mark.parametrize("formula,expected", CASES, ids=[c[0] for c in CASES])
def test_intersection(formula, expected):
    book = _book()
    book.set("s!F1", formula)
    got = book.value("s!F1")
    if isinstance(expected, str):
        assert is_error(got, expected), got
    else:
        assert got == expected


def test_named_row_and_column_intersect_like_a_table_lookup():
    """Excel's classic: =Row Col with a name for a row and one for a column,
    recomputed when the cell they meet in changes."""
    book = _book()
    book.define_name("second", "=s!$A$2:$D$2")
    book.define_name("colB", "=s!$B$1:$B$4")
    book.set("s!F1", "=second colB")
    assert book.value("s!F1") == 22.0
    book.set("s!B2", 5.0)
    assert book.value("s!F1") == 5.0


def test_a_space_between_values_that_are_no_references_is_refused():
    from sheetgd.engine.errors import FormulaError

    book = _book()
    with pytest.raises(FormulaError, match="intersection operator joins references only"):
        book.set("s!F1", "=1 2")


def test_written_back_as_it_was_typed(tmp_path):
    book = _book()
    book.set("s!F1", "=SUM(A1:C3 B2:D4)")
    assert book.formula("s!F1") == "=SUM(A1:C3 B2:D4)"


@needs_libreoffice
def test_libreoffice_computes_the_same(tmp_path):
    from sheetgd.io.libreoffice import recalculate

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "s"
    for addr, value in GRID.items():
        ws[addr] = value
    for i, (formula, _) in enumerate(CASES, start=1):
        ws[f"F{i}"] = formula
    src, out = tmp_path / "src.xlsx", tmp_path / "lo.xlsx"
    wb.save(src)
    recalculate([(src, out)])
    # LibreOffice saves the union operator as its own '~' (which Excel does not
    # read), so its values are compared, not its formulas recomputed.
    theirs = openpyxl.load_workbook(out, data_only=True)["s"]
    book = _book(dynamic_arrays=False)  # LibreOffice 7.4 has no dynamic arrays
    differing = {}
    for i, (formula, _) in enumerate(CASES, start=1):
        book.set(f"s!F{i}", formula)
        ours, cached = book.value(f"s!F{i}"), theirs[f"F{i}"].value
        ours = ours.kind if hasattr(ours, "kind") else ours
        if ours != cached:
            differing[formula] = cached
    assert differing == LIBREOFFICE_DIFFERS


#: Where LibreOffice 7.4 answers otherwise (docs/compatibility.md): it
#: intersects only references written as such, and says #REF! for no cell.
LIBREOFFICE_DIFFERS = {
    "=SUM((A1:C3) (B2:D4))": "#VALUE!",
    "=SUM(OFFSET(A1,0,0,3,3) B2:D4)": "#VALUE!",
    "=SUM(A1:A2 C1:C2)": "#REF!",
}
