"""Bad formula text: every mistake gives a clear message naming the sheet
and the cell (or, where Excel computes an error value, that error value
with the cell as its origin), never a crash."""

from __future__ import annotations

import json

import openpyxl
import pytest
from click.testing import CliRunner

from sheetgd import FormulaError, Workbook
from sheetgd.engine.functions import unknown_functions
from sheetgd.engine.nodes import BrokenRef
from sheetgd.engine.parser import parse

from .conftest import calc, is_error, make_book

# --- refused when entered: FormulaError naming the sheet and cell ------------------

REFUSED = [
    # unbalanced parentheses
    ("=(1+2", "expected ')'"),
    ("=((1)", "expected ')'"),
    ("=1+2)", "unbalanced"),
    ("=)", "unbalanced"),
    ("=SUM(1,2", "expected ',' or ')'"),
    ("=SUM(1,2))", "unbalanced"),
    ('="open', "cannot read formula"),
    # stray operators
    ("=1+", "expected a value"),
    ("=*2", "expected a value"),
    ("=1*/2", "expected a value"),
    ("=<1", "expected a value"),
    ("=1<>", "expected a value"),
    ("=%", "expected a value"),
    ("=1,2", "unexpected"),
    ("=A1:", "not a reference or name"),
    ("=3..2", "not a reference or name"),
    ("={1,}", "array constants"),
    ("={1,2;3}", "rows differ"),
    # numbers beyond float64
    ("=1E309", "number too large"),
    ("=-1E999*0", "number too large"),
    # ranges beyond Excel's grid (XFD1048576)
    ("=A1:XFE1", "beyond Excel's grid"),
    ("=SUM(A1:A1048577)", "beyond Excel's grid"),
    ("=1:1048577", "beyond Excel's grid"),
    ("=A:XFE", "beyond Excel's grid"),
    # malformed sheet names
    ("=s!!A1", "malformed sheet name"),
    ("=!A1", "malformed sheet name"),
    ("='" + "x" * 32 + "'!A1", "malformed sheet name"),
    ("='unterminated!A1", "cannot read formula"),
    ("=SUM([1]Sheet1:Sheet3!A1)", "3-D references into another workbook are not supported"),
    ("='a:b:c'!A1", "malformed sheet name"),
    # the intersection operator (a space) joins references, not values
    ("=1 2", "intersection operator joins references only"),
]


@pytest.mark.parametrize("formula,message", REFUSED, ids=[f for f, _ in REFUSED])
def test_malformed_formula_is_refused_with_the_sheet_cell_and_text(formula, message):
    book = make_book()
    with pytest.raises(FormulaError) as info:
        book.set("s!B2", formula)
    text = str(info.value)
    assert text.startswith("s!B2: ") and message in text
    assert formula in text
    assert info.value.where == "s!B2"
    assert book.value("s!B2") is None  # nothing stored


@pytest.mark.parametrize("formula,message", REFUSED[:6], ids=[f for f, _ in REFUSED[:6]])
def test_a_file_with_a_malformed_formula_still_loads_with_a_warning(formula, message):
    """What a reader of files does (put_formula): the cell becomes #NAME?,
    and a warning names the cell and says why."""
    book = Workbook()
    book.add_sheet("s")
    book.put_formula("s", 2, 2, formula)
    book.put_formula("s", 3, 2, "=1+1")
    book.calculate_all()
    assert is_error(book.value("s!B2"), "#NAME?")
    assert book.value("s!B3") == 2.0
    assert len(book.warnings) == 1 and book.warnings[0].startswith("s!B2: ")
    assert message in book.warnings[0]


def test_evaluate_names_where_a_malformed_formula_was_given():
    with pytest.raises(FormulaError, match=r"^s!\(evaluate\): .*expected a value"):
        make_book().evaluate("=1+", "s")


# --- computed to an error value, as Excel does -------------------------------------------

def test_unknown_functions_are_name_errors_listing_the_names():
    book = make_book()
    book.set("s!B2", "=FOO(1)+BAR(BAZ(2))+SUM(1)")
    value = book.value("s!B2")
    assert is_error(value, "#NAME?") and value.origin == "s!B2"
    assert "unknown function FOO" in value.message  # the first one met, left to right
    assert unknown_functions(parse("=FOO(1)+BAR(BAZ(2))+SUM(1)")) == ["BAR", "BAZ", "FOO"]
    assert unknown_functions(parse("=_xlfn.STDEV.P(A1)+sum(1)")) == []
    assert is_error(calc("=FORECAST.ETS(1,A1:A3,B1:B3)"), "#NAME?")  # not supported: unknown, not a crash
    assert calc("=IFERROR(FOO(),1)") == 1.0  # an error value like any other


def test_sheetgd_eval_lists_the_unknown_functions_of_a_file(tmp_path):
    from sheetgd.cli import main

    path = tmp_path / "unknown.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "s"
    ws["A1"] = "=FOO(1)+BAR(2)"
    ws["A2"] = "=SUM(1,2)"
    wb.save(path)
    result = CliRunner().invoke(main, ["eval", str(path), "--json"])
    report = json.loads(result.output)
    assert report["unknown_functions"] == ["BAR", "FOO"]
    assert report["formula_cells"] == 2


@pytest.mark.parametrize("formula,message", [
    ("=ROUND(1)", "ROUND takes exactly 2 argument(s), got 1"),
    ("=ROUND(1,2,3)", "ROUND takes exactly 2 argument(s), got 3"),
    ("=PI(1)", "PI takes exactly 0 argument(s), got 1"),
    ("=IF()", "IF takes 2 to 3 argument(s), got 0"),
    ("=SUM()", "SUM takes at least 1 argument(s), got 0"),
    ("=MATCH(1)", "MATCH takes 2 to 3 argument(s), got 1"),
])
def test_wrong_argument_counts_are_value_errors_naming_the_function_and_cell(formula, message):
    book = make_book()
    book.set("s!C7", formula)
    value = book.value("s!C7")
    assert is_error(value, "#VALUE!") and value.message == message and value.origin == "s!C7"


def test_references_at_and_beyond_the_edge_of_the_grid():
    book = make_book({"data!A1": 5})
    book.set("s!A1", "=XFD1048576")  # the last cell: a reference
    assert book.value("s!A1") == 0.0
    for text in ("=XFE1", "=A1048577"):  # beyond the grid: a *name*, as in Excel
        book.set("s!A2", text)
        value = book.value("s!A2")
        assert is_error(value, "#NAME?") and text[1:] in value.message
    book.set("s!A3", "=OFFSET(data!A1,1048576,0)")
    assert is_error(book.value("s!A3"), "#REF!")
    book.set("s!A4", "=OFFSET(data!A1,0,16384)")
    assert is_error(book.value("s!A4"), "#REF!")
    book.set("s!A5", '=INDIRECT("XFE1")')
    assert is_error(book.value("s!A5"), "#REF!")


def test_names_that_do_not_exist_are_name_errors():
    book = make_book()
    for text, name in [("=nosuch", "nosuch"), ("=s!nosuch", "nosuch"), ("=nosuch*2", "nosuch")]:
        book.set("s!B1", text)
        value = book.value("s!B1")
        assert is_error(value, "#NAME?") and name in value.message and value.origin == "s!B1"
    with pytest.raises(FormulaError, match="no cell or defined name"):
        book.value("nosuch")


def test_references_to_sheets_that_do_not_exist_are_ref_errors():
    book = make_book()
    book.set("s!B1", "='no such'!A1+1")
    value = book.value("s!B1")
    assert is_error(value, "#REF!") and "no such" in value.message


@pytest.mark.parametrize("definition", ["=#REF!", "#REF!", "=Sheet1!#REF!", "=s!#REF!",
                                        "='my sheet'!#REF!", "=#REF!$A$1", "=#REF!A1:B2"])
def test_ref_error_names_like_the_originals_evaluate_to_ref(definition):
    """The original workbooks keep names whose definition Excel replaced by
    #REF! (their cells were deleted): using one gives #REF!, not #NAME?."""
    book = make_book()
    book.define_name("broken", definition)
    book.set("s!A1", "=broken")
    book.set("s!A2", "=SUM(broken)+1")
    book.set("s!A3", "=IFERROR(broken,7)")
    assert is_error(book.value("s!A1"), "#REF!")
    assert is_error(book.value("s!A2"), "#REF!")
    assert book.value("s!A3") == 7.0


def test_formulas_with_broken_references_keep_their_text():
    book = make_book()
    book.set("s!A1", "=Sheet1!#REF!+1")
    book.set("s!A2", "=SUM(#REF!A1:B2)")
    book.set("s!A3", "='my sheet'!#REF!*2")
    for addr, text in [("s!A1", "=Sheet1!#REF!+1"), ("s!A2", "=SUM(#REF!A1:B2)"),
                       ("s!A3", "='my sheet'!#REF!*2")]:
        assert is_error(book.value(addr), "#REF!")
        assert book.formula(addr) == text
    assert isinstance(parse("=Sheet1!#REF!"), BrokenRef)


def test_a_range_ending_in_a_function_after_a_parenthesis():
    """openpyxl's tokenizer glues ':D8' to the operand after OFFSET(...)."""
    data = {"A1": 1, "A2": 2, "A3": 3, "B1": 10, "B2": 20, "B3": 30}
    assert calc("=SUM(OFFSET(A1,1,0):B3)", data) == 55.0
    assert calc("=SUM(INDEX(A1:A3,1):INDEX(B1:B3,2))", data) == 33.0
    assert calc("=SUM((A1):B2)", data) == 33.0
    node = parse("=SUM(OFFSET(A1,1,0):B3)")
    assert node.args[0].op == ":" and node.args[0].left.name == "OFFSET"


def test_every_unknown_function_is_named_in_a_warning():
    """=FOO(1)+BAR(2) is #NAME?; the warning lists both names (the error
    itself names the first one evaluated)."""
    from sheetgd.engine import Workbook

    book = Workbook()
    book.add_sheet("s")
    book.set("s!A1", "=FOO(1)+BAR(2)+SUM(3)")
    assert str(book.value("s!A1")) == "#NAME?"
    assert book.warnings == ["s!A1: unknown functions BAR, FOO; the cell is #NAME?"]
    for r in range(1, 4):  # a file's filled-down column: one warning
        book.put_formula("s", r, 2, f"=ZAP(A{r})")
    assert book.warnings[1:] == ["s!B1 (and the cells that share its formula): unknown function ZAP; "
                                 "the cell is #NAME?"]


def test_a_two_dimensional_range_intersects_the_formula_cells_row_and_column():
    """Implicit intersection of A1:C3 from B2 (another sheet) is B2 there;
    from outside both spans it is #VALUE! (found by the fuzzer; legacy
    formulas, as the fuzzer's are)."""
    from sheetgd.engine import Workbook

    book = Workbook(dynamic_arrays=False)
    book.add_sheet("s")
    book.add_sheet("d")
    book.set("d!A1:C3", [[1, 2, 3], [4, 5, 6], [7, 8, 9]])
    book.set("s!B2", "=d!A1:C3*10")
    book.set("s!E2", "=d!A1:C3*10")
    assert book.value("s!B2") == 50.0
    assert str(book.value("s!E2")) == "#VALUE!"
