"""What the Python API accepts, as Excel would (issue 14): text no longer
than a cell holds, numpy's scalars as Excel's types, names a formula can
use, and array formulas entered whole."""

from __future__ import annotations

import re

import numpy as np
import pytest

from sheetgd import FormulaError, Workbook
from sheetgd.engine.refs import col_to_letters
from sheetgd.engine.values import MAX_TEXT

from .conftest import is_error, make_book


# -- text: at most 32,767 characters ------------------------------------------------------

def test_doubling_text_across_forty_columns_stops_at_the_cell_limit():
    """A1 = "ab", B1 = ``=A1&A1``, C1 = ``=B1&B1`` ... forty columns (a 1.9 KB
    file that ran out of memory): N1 holds 16,384 characters, O1 would hold
    32,768 and is #VALUE! in Excel ("Total number of characters that a cell
    can contain: 32,767"), and so is every column after it."""
    book = Workbook()
    book.add_sheet("s")
    book.calculation = "manual"
    book.set("s!A1", "ab")
    for c in range(2, 41):
        prev = col_to_letters(c - 1)
        book.set(f"s!{col_to_letters(c)}1", f"={prev}1&{prev}1")
    book.calculation = "automatic"
    assert len(book.value("s!N1")) == 16_384
    assert all(is_error(book.value(f"s!{col_to_letters(c)}1"), "#VALUE!") for c in range(15, 41))
    longest = max(len(v) for v in book.value("s!A1:AN1")[0] if isinstance(v, str))
    assert longest <= MAX_TEXT


def test_concatenation_up_to_32767_characters_is_text_and_one_more_is_value_error():
    """``=A1&""`` with 32,767 characters in A1 is that text; ``=A1&"b"`` is
    #VALUE!, as in Excel; so is the element of an array formula that would
    be too long."""
    book = make_book({"A1": "a" * MAX_TEXT, "A2": "b"})
    book.set("s!B1", '=A1&""')
    book.set("s!B2", '=A1&"b"')
    book.set_array_formula("s!C1:C2", "=A1:A2&A2")
    assert book.value("s!B1") == "a" * MAX_TEXT
    assert is_error(book.value("s!B2"), "#VALUE!")
    assert is_error(book.value("s!C1"), "#VALUE!") and book.value("s!C2") == "bb"


def test_a_constant_longer_than_a_cell_holds_is_refused():
    """Excel cannot hold 32,768 characters in a cell: ``wb.set`` refuses it
    with a one-line FormulaError naming the cell; 32,767 are stored."""
    book = make_book()
    book.set("s!A1", "x" * MAX_TEXT)
    with pytest.raises(FormulaError, match=r"^s!A2: text of 32,768 characters"):
        book.set("s!A2", "x" * (MAX_TEXT + 1))
    assert len(book.value("s!A1")) == MAX_TEXT and book.value("s!A2") is None


def test_an_error_message_does_not_copy_long_text():
    """``=A1+1`` with 32,767 letters in A1 is #VALUE!, whose message quotes
    the text cut short (an error value does not carry 32 KB)."""
    book = make_book({"A1": "q" * MAX_TEXT})
    book.set("s!B1", "=A1+1")
    value = book.value("s!B1")
    assert is_error(value, "#VALUE!") and len(value.message) < 100


# -- numpy's scalars -----------------------------------------------------------------------

@pytest.mark.parametrize("given, stored", [
    (np.bool_(True), True),  # TRUE, not 1 (the issue: stored 1.0)
    (np.bool_(False), False),
    (np.int64(3), 3.0),
    (np.uint8(7), 7.0),
    (np.float32(1.5), 1.5),
    (np.float64(0.1), 0.1),
    (np.str_("text"), "text"),
    (np.array(2.5), 2.5),  # a 0-d array is its element
    (np.array(True), True),
])
def test_numpy_scalars_are_stored_as_excel_types(given, stored):
    book = make_book()
    book.set("s!A1", given)
    value = book.value("s!A1")
    assert value == stored and type(value) is type(stored)


def test_numpy_booleans_behave_as_logical_values_in_formulas():
    """``=ISTEXT``/``=ISNUMBER`` of an np.bool_ are FALSE as for TRUE;
    ``=A1=TRUE`` is TRUE, and ``=SUM(A1:A2)`` skips it (Excel skips logical
    values in ranges): 2, not 3."""
    book = make_book({"A1": np.bool_(True), "A2": np.int64(2)})
    book.set("s!B1", "=A1=TRUE")
    book.set("s!B2", "=ISNUMBER(A1)")
    book.set("s!B3", "=SUM(A1:A2)")
    assert book.value("s!B1") is True and book.value("s!B2") is False and book.value("s!B3") == 2.0


@pytest.mark.parametrize("given", [np.nan, np.float64(np.inf), np.float32(-np.inf), float("nan")])
def test_numpy_nan_and_infinities_are_num_errors(given):
    book = make_book()
    book.set("s!A1", given)
    assert is_error(book.value("s!A1"), "#NUM!")


def test_a_two_dimensional_numpy_array_fills_a_range():
    book = make_book()
    book.set("s!A1:B2", np.array([[1, 2], [3, 4]]))
    assert book.value("s!A1:B2") == [[1.0, 2.0], [3.0, 4.0]]
    assert type(book.value("s!A1")) is float


# -- defined names ------------------------------------------------------------------------

@pytest.mark.parametrize("name, rule", [
    ("n2", "cell reference (A1 style)"),  # the issue: accepted, though no formula can use it
    ("A1", "cell reference (A1 style)"),
    ("xfd1048576", "cell reference (A1 style)"),
    ("R1C1", "cell reference (R1C1 style)"),
    ("r2c", "cell reference (R1C1 style)"),
    ("RC", "cell reference (R1C1 style)"),
    ("R", "current row and column"),
    ("c", "current row and column"),
    ("2x", "start with a letter"),
    (".x", "start with a letter"),
    ("my name", "space"),
    ("a-b", "'-' is not allowed"),
    ("a$1", "'$' is not allowed"),
    ("x" * 256, "256 characters, at most 255"),
    ("TRUE", "logical values"),
    ("False", "logical values"),
    ("", "at least one character"),
])
def test_names_excel_refuses_are_refused(name, rule):
    """Excel's rules for names (support.microsoft.com, "Names in formulas";
    [MS-XLSX] 2.2.2): a one-line FormulaError naming the name and the rule;
    nothing is defined."""
    book = make_book()
    with pytest.raises(FormulaError, match=re.escape(rule)) as caught:
        book.define_name(name, "=1")
    assert "\n" not in str(caught.value) and repr(name)[:20] in str(caught.value)
    assert len(book.names) == 0


@pytest.mark.parametrize("name", ["lr", "_x", "\\a", "a.b", "a?b", "Größe", "XFE1", "ABCD1", "R0",
                                  "x" * 255, "n2x", "TRUE_", "rc_1"])
def test_names_excel_accepts_are_defined(name):
    """Letters, digits, '_', '.', '\\' and '?' after a letter, '_' or '\\';
    XFE1 and ABCD1 are past the last column, R0 no row: names, usable in a
    formula."""
    book = make_book()
    book.define_name(name, "=2")
    book.set("s!A1", f"={name}*3")
    assert book.value("s!A1") == 6.0


# -- array formulas are changed whole ---------------------------------------------------------

def test_an_array_formula_over_part_of_another_is_refused():
    """Excel: "You can't change part of an array".  B1:B3 holds
    ``{=A1:A3*2}``; entering an array formula over B2:C2 is refused naming
    B2, and B1:B3 keeps its formula and values."""
    book = make_book({"A1": 1, "A2": 2, "A3": 3})
    book.set_array_formula("s!B1:B3", "=A1:A3*2")
    with pytest.raises(FormulaError, match=r"^s!B2: You can't change part of an array \(s!B1:B3\)"):
        book.set_array_formula("s!B2:C2", "=1")
    assert book.value("s!B1:C3") == [[2.0, None], [4.0, None], [6.0, None]]
    assert book.formula("s!B3") == "=A1:A3*2"  # (Excel shows {=A1:A3*2} in each cell)


def test_an_array_formula_over_the_whole_of_another_replaces_it():
    """Covering all of an array formula's cells (here and one more) is
    allowed: the new one replaces it."""
    book = make_book({"A1": 1, "A2": 2, "A3": 3})
    book.set_array_formula("s!B1:B2", "=A1:A2*2")
    book.set_array_formula("s!B1:B3", "=A1:A3*10")
    assert book.value("s!B1:B3") == [[10.0], [20.0], [30.0]]


def test_every_cell_of_an_array_formula_follows_what_it_reads():
    """``{=SUM(A1:A3)}`` over C1:C3 reads A1:A3 in each of its cells: after
    A1 = 20 all three are 25 in Excel (each cell used to read the range
    shifted to its own row, and C2, C3 kept 15)."""
    book = make_book({"A1": 10, "A2": 2, "A3": 3})
    book.set_array_formula("s!C1:C3", "=SUM(A1:A3)")
    book.set("s!A1", 20)
    assert book.value("s!C1:C3") == [[25.0], [25.0], [25.0]]


def test_an_array_formula_in_manual_mode_is_computed_once():
    """Entered in manual calculation, an array formula over 200 cells is
    computed in one pass: its formula runs once, not once per cell."""
    book = make_book({"A1": 1, "A2": 2})
    book.calculation = "manual"
    runs = []
    from sheetgd.engine import sheet as sheet_module

    original = sheet_module.compile_node

    def counting(node, array=False):
        fn = original(node, array)
        return lambda ctx: (runs.append(1), fn(ctx))[1]
    sheet_module.compile_node = counting
    try:
        book.set_array_formula("s!B1:B200", "=A1:A200*2")
    finally:
        sheet_module.compile_node = original
    assert len(runs) == 1 and book.value("s!B2") == 4.0 and book.value("s!B200") == 0.0
