"""Workbook behaviour: recalculation, calculation modes, volatility, cycles,
names, array formulas, long chains."""

from __future__ import annotations

import pytest

from sheetgd import FormulaError, Workbook
from sheetgd.engine.parser import parse

from .conftest import is_error, make_book


def test_changing_a_cell_recomputes_only_its_dependents():
    book = make_book({"A1": 1, "A2": "=A1*2", "B1": 5, "B2": "=B1+1"})
    calls = []
    original = book._evaluate
    book._evaluate = lambda key: (calls.append(key), original(key))
    book.set("s!A1", 10)
    assert book.value("s!A2") == 20.0
    assert calls == [("s", 2, 1)]


def test_manual_mode_leaves_dependents_stale_until_calculate():
    book = make_book({"A1": 1, "A2": "=A1*2", "A3": "=A2+1"})
    book.calculation = "manual"
    book.set("s!A1", 5)
    assert book.value("s!A2") == 2.0 and book.value("s!A3") == 3.0  # stale, as Excel
    book.calculate()
    assert book.value("s!A2") == 10.0 and book.value("s!A3") == 11.0


def test_manual_mode_computes_a_newly_entered_formula_from_current_values():
    book = make_book({"A1": 1, "A2": "=A1*2"})
    book.calculation = "manual"
    book.set("s!A1", 7)
    book.set("s!B1", "=A2+A1")  # reads the stale A2 = 2 and the new A1 = 7
    assert book.value("s!B1") == 9.0
    book.calculate()
    assert book.value("s!B1") == 21.0


def test_switching_back_to_automatic_recalculates():
    book = make_book({"A1": 1, "A2": "=A1*2"})
    book.calculation = "manual"
    book.set("s!A1", 4)
    book.calculation = "automatic"
    assert book.value("s!A2") == 8.0
    with pytest.raises(ValueError):
        book.calculation = "sometimes"


def test_stale_copy_like_the_adam_ann_reset():
    """Under manual calculation a value copied from a stale cell is the stale value."""
    book = make_book({"A1": 1, "B1": "=A1*10", "C1": 0})
    book.calculation = "manual"
    book.set("s!A1", 2)
    book.set("s!C1", book.value("s!B1"))  # copies 10, not 20
    book.calculate()
    assert book.value("s!C1") == 10.0 and book.value("s!B1") == 20.0


def test_volatile_cells_recompute_on_every_calculation():
    book = make_book({"A1": "=RAND()", "A2": "=A1*0+1", "A3": "=A1"}, seed=3)
    first = book.value("s!A1")
    book.calculate()
    second = book.value("s!A1")
    assert first != second and book.value("s!A3") == second


def test_offset_target_is_computed_before_it_is_read():
    # A1:A3 are formulas; OFFSET's target is only known at run time
    book = make_book({"B1": 2, "A1": "=B1", "A2": "=A1+1", "A3": "=A2+1",
                      "C1": "=OFFSET(A1,B1,0)"})
    assert book.value("s!C1") == 4.0
    book.set("s!B1", 1)
    assert book.value("s!C1") == 2.0


@pytest.mark.parametrize("length", [1, 2, 100_000])
def test_circular_references_are_reported_with_their_cells(length):
    book = make_book()
    book.calculation = "manual"
    for i in range(1, length + 1):  # loaded as a file's cells are (Workbook.set: 3x the time)
        nxt = i % length + 1
        book.put_formula("s", i, 1, f"=A{nxt}+1")
    book.set("s!B1", "=A1*2")  # downstream of the cycle
    book.calculate()
    assert all(is_error(book.value(f"s!A{i}"), "#CIRC!") for i in (1, length))
    assert is_error(book.value("s!B1"), "#CIRC!")
    assert len(book.cycles) == 1 and len(book.cycles[0]) == length
    assert "s!A1" in book.cycles[0]


def test_breaking_a_cycle_clears_it():
    book = make_book({"A1": "=A2", "A2": "=A1"})
    assert book.cycles
    book.set("s!A2", 3)
    assert book.value("s!A1") == 3.0 and book.cycles == []


def test_self_referencing_name_is_an_error_not_a_hang():
    book = make_book()
    book.define_name("loop", "=loop+1")
    book.set("s!A1", "=loop")
    assert is_error(book.value("s!A1"), "#CIRC!")


def test_a_million_row_chain_needs_no_recursion():
    book = Workbook()
    book.add_sheet("s")
    book.calculation = "manual"
    n = 1_000_000
    book.put("s", 1, 1, 1.0)
    # A2:A1000000 filled down with =A1+1 (one shared formula, as a file holds it)
    book.put_formula_column("s", 1, 2, n, parse("=A1+1", 2, 1))
    book.calculate_all()
    assert book.value(f"s!A{n}") == float(n)


def test_sheet_scoped_name_wins_on_its_sheet():
    book = make_book({"A1": 1, "data!A1": 2})
    book.define_name("lr", "=s!$A$1")
    book.define_name("lr", "=data!$A$1", scope="data")
    book.set("s!B1", "=lr")
    book.set("data!B1", "=lr")
    book.set("s!B2", "=data!lr")
    assert book.value("s!B1") == 1.0
    assert book.value("data!B1") == 2.0
    assert book.value("s!B2") == 2.0
    assert book.value("data!lr") == 2.0 and book.value("lr") == 1.0


def test_names_for_ranges_ref_errors_and_constants():
    book = make_book({"J32": 3, "K32": 4})
    book.define_name("momlast", "=s!$J$32:$K$32", scope="s")
    book.define_name("broken", "=#REF!")
    book.define_name("half", "=0.5")
    book.set("s!A1", "=SUM(momlast)")
    book.set("s!A2", "=broken")
    book.set("s!A3", "=half*4")
    book.set("s!A4", "=nosuchname")
    assert book.value("s!A1") == 7.0
    assert is_error(book.value("s!A2"), "#REF!")
    assert book.value("s!A3") == 2.0
    assert is_error(book.value("s!A4"), "#NAME?")
    assert book.value("s!momlast") == [[3.0, 4.0]]


def test_writing_through_a_name_updates_dependents():
    book = make_book({"C2": 1, "A1": "=C2*3"})
    book.define_name("slope", "=s!$C$2", scope="s")
    book.set("s!slope", 5)
    assert book.value("s!A1") == 15.0
    book.set("s!J33:K33", [[1, 2]])
    assert book.value("s!J33:K33") == [[1.0, 2.0]]


def test_dependents_through_names_are_recalculated():
    book = make_book({"C2": 1})
    book.define_name("slope", "=s!$C$2", scope="s")
    book.set("s!A1", "=slope+1")
    book.set("s!C2", 9)
    assert book.value("s!A1") == 10.0


def test_array_formulas_single_and_multi_cell():
    book = make_book({"A1": 1, "A2": 2, "A3": 3, "B1": 4, "B2": 5, "B3": 6})
    book.set_array_formula("s!C1", "=SUM(A1:A3*B1:B3)")
    book.set_array_formula("s!D1:D4", "=A1:A3*10")
    book.set_array_formula("s!E1:F1", "={1,2}+A1")
    book.set_array_formula("s!G1:G3", "=IF(A1:A3>1,B1:B3,-1)")
    assert book.value("s!C1") == 32.0
    assert book.value("s!D1:D4")[:3] == [[10.0], [20.0], [30.0]]
    assert is_error(book.value("s!D4"), "#N/A")  # beyond the result: #N/A, as Excel
    assert book.value("s!E1:F1") == [[2.0, 3.0]]
    assert book.value("s!G1:G3") == [[-1.0], [5.0], [6.0]]
    book.set("s!A2", 20)
    assert book.value("s!C1") == 4 + 100 + 18 and book.value("s!D2") == 200.0
    with pytest.raises(FormulaError, match=r"^s!D2: You can't change part of an array \(s!D1:D4\)"):
        book.set("s!D2", 1)  # Excel's message


def test_implicit_intersection_in_normal_formulas():
    """Legacy Excel (a workbook without dynamic arrays): a range where one
    value is expected meets the formula's row."""
    book = make_book({"A1": 1, "A2": 2, "A3": 3}, dynamic_arrays=False)
    book.set("s!B2", "=A1:A3*10")
    book.set("s!B7", "=A1:A3*10")
    assert book.value("s!B2") == 20.0
    assert is_error(book.value("s!B7"), "#VALUE!")


def test_implicit_intersection_operator_in_dynamic_array_formulas():
    """Excel 365: ``@`` intersects as legacy Excel did; without it the
    range is taken whole and spills (Microsoft: "Implicit intersection
    operator: @")."""
    book = make_book({"A1": 1, "A2": 2, "A3": 3})
    book.set("s!B2", "=@A1:A3*10")
    book.set("s!B7", "=@A1:A3*10")
    book.set("s!C1", "=A1:A3*10")
    assert book.value("s!B2") == 20.0 and is_error(book.value("s!B7"), "#VALUE!")
    assert book.value("s!C1:C3") == [[10.0], [20.0], [30.0]]


def test_formula_text_is_regenerated_for_each_cell():
    book = make_book({"A1": 1})
    book.set("s!B4", "=$A$1+A4*2")
    assert book.formula("s!B4") == "=$A$1+A4*2"
    assert book.formula("s!A1") is None


def test_bad_input_names_the_cell():
    book = make_book()
    with pytest.raises(FormulaError, match=r"s!B2"):
        book.set("s!B2", "=SUM(1,")
    with pytest.raises(FormulaError, match="nosheet"):
        book.set("nosheet!A1", 1)
    with pytest.raises(FormulaError):
        book.set("A1", 1)  # no sheet
    with pytest.raises(FormulaError):
        book.add_sheet("S")  # sheet names are case-insensitive
    with pytest.raises(TypeError):
        book.set("s!A1", object())


def test_references_to_a_missing_sheet_are_ref_errors():
    book = make_book()
    book.set("s!A1", "=nosheet!A1+1")
    assert is_error(book.value("s!A1"), "#REF!")
    book.add_sheet("nosheet")
    book.set("nosheet!A1", 41)
    assert book.value("s!A1") == 42.0


def test_infinite_python_floats_are_stored_as_num_errors():
    book = make_book()
    book.set("s!A1", float("inf"))
    assert is_error(book.value("s!A1"), "#NUM!")


def test_bulk_columns_equal_cell_by_cell_puts():
    """put_column / put_formula_column (the generators' bulk path) give the
    cells, formulas and values that put / put_formula give, also over cells
    that exist already."""
    from sheetgd.engine.parser import parse

    books = []
    for bulk in (True, False):
        book = Workbook()
        book.add_sheet("s")
        book.put("s", 3, 2, "old")  # a cell the column writes over
        node = parse("=A2*2+B1", 2, 2)
        if bulk:
            book.put_column("s", 1, 1, [1.0, 2, True, "x"])
            book.put_formula_column("s", 2, 2, 4, node)
        else:
            for i, v in enumerate([1.0, 2, True, "x"]):
                book.put("s", 1 + i, 1, v)
            for r in range(2, 5):
                book.put_formula("s", r, 2, f"=A{r}*2+B{r - 1}")
        book.put("s", 1, 2, 10.0)
        book.calculate_all()
        books.append(book)
    fast, slow = books
    for r in range(1, 5):
        for c in (1, 2):
            assert fast.formula(f"s!{'AB'[c - 1]}{r}") == slow.formula(f"s!{'AB'[c - 1]}{r}")
            assert repr(fast.value(f"s!{'AB'[c - 1]}{r}")) == repr(slow.value(f"s!{'AB'[c - 1]}{r}"))
    assert fast.value("s!B3") == 16.0 and fast.sheet("s").max_row == 4  # 2*TRUE + (2*2 + 10)


def test_cached_values_behave_as_a_dict_of_cells():
    """Workbook.cached is stored per column but reads as {(sheet, row, col): value}."""
    from sheetgd.engine.cached import CachedValues

    cached, plain = CachedValues(), {}
    cached.put_column("s", 2, [1, 2, 5], [1.0, "x", True])
    plain.update({("s", 1, 2): 1.0, ("s", 2, 2): "x", ("s", 5, 2): True})
    cached[("t", 3, 1)] = plain[("t", 3, 1)] = 7.0
    cached.update({("s", 9, 2): 2.0})
    plain[("s", 9, 2)] = 2.0
    assert dict(cached) == plain and len(cached) == 5
    assert cached.get(("s", 3, 2), "none") == "none" and ("s", 5, 2) in cached
    del cached[("s", 2, 2)]
    with pytest.raises(KeyError):
        del cached[("s", 2, 2)]
    cached.clear_sheet("s")
    assert dict(cached) == {("t", 3, 1): 7.0}


def test_cached_values_runs_and_single_cells_agree_with_a_dict():
    """Columns stored as a run (a list from the first row on) plus single
    cells: random puts, runs, overwrites and deletions read back exactly as
    the same operations on a plain dict (the reference)."""
    import random

    from sheetgd.engine.cached import CachedValues

    rng = random.Random(7)
    for _ in range(200):
        cached, plain = CachedValues(), {}
        for _ in range(30):
            col, what = rng.randint(1, 2), rng.random()
            if what < 0.4:
                first, n = rng.randint(1, 12), rng.randint(1, 5)
                step = rng.choice([1, 1, 2])
                rows = list(range(first, first + n * step, step))
                values = [rng.random() for _ in rows]
                cached.put_column("s", col, rows, values)
                plain.update({("s", r, col): v for r, v in zip(rows, values)})
            elif what < 0.7:
                key = ("s", rng.randint(1, 20), col)
                cached[key] = plain[key] = rng.random()
            else:
                key = ("s", rng.randint(1, 20), col)
                if key in plain:
                    del plain[key]
                    del cached[key]
                else:
                    with pytest.raises(KeyError):
                        del cached[key]
            assert dict(cached) == plain and len(cached) == len(plain)
            assert all((k in cached) == (k in plain) for k in
                       [("s", r, c) for r in range(0, 22) for c in (1, 2, 3)])
