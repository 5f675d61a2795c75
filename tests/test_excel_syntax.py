"""Formula syntax and values of newer Excel versions, and Excel's limits.

Sources: Excel's list of error values (support.microsoft.com, "How to correct
a #... error"; Excel 365 adds #SPILL!, #CALC!, #FIELD!, #BLOCKED!, #UNKNOWN!,
#BUSY!, #CONNECT!, #PYTHON!, and #GETTING_DATA is older), which Excel saves
in a file as a ``t="e"`` cell with the code as its value.
"""

from __future__ import annotations

import pytest

from sheetgd.engine.errors import XLError
from sheetgd.engine.functions import FILE_PREFIXES, REGISTRY
from sheetgd.io.xlsx_read import read_workbook

from .test_xlsx_stream import _package

NEWER_ERRORS = ("#GETTING_DATA", "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#UNKNOWN!",
                "#BUSY!", "#CONNECT!", "#PYTHON!")


@pytest.mark.parametrize("fast", [True, False])
@pytest.mark.parametrize("code", NEWER_ERRORS)
def test_every_error_code_excel_writes_is_read_as_an_error_value(tmp_path, code, fast):
    """A1 holds the error as Excel saves it; =ISERROR(A1) is TRUE, and the
    error travels through a formula with its kind."""
    path = _package(tmp_path / "e.xlsx",
                    f'<row r="1"><c r="A1" t="e"><v>{code}</v></c>'
                    f'<c r="B1"><f>ISERROR(A1)</f><v>1</v></c><c r="C1"><f>A1+1</f></c></row>')
    book = read_workbook(path, fast=fast)
    assert book.value("s!A1") == XLError(code) and book.value("s!A1").kind == code
    assert book.value("s!B1") is True
    assert book.value("s!C1").kind == code


# -- Excel's "close to zero" rule for a formula's last + or - (KB 78113) ----------------------
# Values: KB 78113 and Excel users' reports (see sheetgd.engine.evaluate.settled):
# =0.5-0.4-0.1 shows 0, =(0.5-0.4-0.1) and =1*(0.5-0.4-0.1) show -2.77556E-17;
# with A1 818562.54, A2 -40026.44, A3 778536.1: =A1-A3+A2 is 5.82077E-11, =A1+A2-A3 is 0;
# 4 ulps apart at 2^1024 cancel to 0, 8 ulps apart do not.

def _book(cells):
    from sheetgd import Workbook

    wb = Workbook()
    wb.add_sheet("s")
    for addr, v in cells.items():
        wb.set(f"s!{addr}", v)
    return wb


@pytest.mark.parametrize("formula, excel", [
    ("=1-SUM(A1:D1)", 0.0),  # the case: 0.3, 0.3, 0.3, 0.1
    ("=(1-SUM(A1:D1))", 1.1102230246251565e-16),
    ("=0.5-0.4-0.1", 0.0),
    ("=(0.5-0.4-0.1)", -2.7755575615628914e-17),
    ("=1*(0.5-0.4-0.1)", -2.7755575615628914e-17),
    ("=(0.5-0.4)-0.1", 0.0),
    ("=0.1+0.2-0.3", 0.0),
    ("=F1-F3+F2", 818562.54 - 778536.1 + -40026.44),  # 5.82E-11: kept
    ("=F1+F2-F3", 0.0),
    ("=G1-G2", 0.0),  # 4 ulps of the largest double
    ("=(G1-G2)", 4 * 2.0 ** 971),
    ("=G1-G3", 8 * 2.0 ** 971),  # 8 ulps: kept
])
def test_a_last_addition_or_subtraction_that_cancels_is_zero_as_in_excel(formula, excel):
    wb = _book({"A1": 0.3, "B1": 0.3, "C1": 0.3, "D1": 0.1, "F1": 818562.54, "F2": -40026.44,
                "F3": 778536.1, "G1": "=2^1023+(2^1023-2^971)", "G2": "=2^1023+(2^1023-5*2^971)",
                "G3": "=2^1023+(2^1023-9*2^971)"})
    wb.set("s!E1", formula)
    assert wb.value("s!E1") == excel
    assert excel != 0.0 or str(wb.value("s!E1")) == "0.0"  # +0, never -0


def test_the_compiled_loop_applies_the_same_rule_as_each_cell():
    """A filled-down column whose last subtraction cancels in some rows: the
    generated loop and the cell-by-cell path give the same values."""
    from sheetgd import Workbook

    books = []
    for compiled in (True, False):
        wb = Workbook(compiled=compiled)
        wb.add_sheet("s")
        for r in range(1, 101):
            wb.set(f"s!A{r}", 0.1 * r)
            wb.set(f"s!B{r}", (0.1 * r) * (1 + (2.0 ** -52) * (r % 7)))
            wb.set(f"s!C{r}", f"=A{r}-B{r}")
        books.append([wb.value(f"s!C{r}") for r in range(1, 101)])
    assert books[0] == books[1]
    assert 0 < books[0].count(0.0) < 100  # some cancel to 0, the others keep their difference


def test_torch_and_the_float_loop_settle_as_the_engine():
    """The same rule in the references, at the same places (verify stays bit-exact)."""
    import random

    torch = pytest.importorskip("torch")
    from sheetgd.reference.graddesc_torch import sub as torch_sub

    from .reference_loops import sub as float_sub

    rng = random.Random(3)
    pairs = []
    for _ in range(300):
        a = rng.uniform(-1e3, 1e3)
        pairs.append((a, a * (1 + rng.choice([0, 1, 2, 3, 4, 8, 16, 1e6]) * 2.0 ** -53)))
    wb = _book({})
    for i, (a, b) in enumerate(pairs, start=1):
        wb.set(f"s!A{i}", a)
        wb.set(f"s!B{i}", b)
        wb.set(f"s!C{i}", f"=A{i}-B{i}")
    engine = [wb.value(f"s!C{i}") for i in range(1, len(pairs) + 1)]
    a, b = (torch.tensor(v, dtype=torch.float64) for v in zip(*pairs))
    assert torch_sub(a, b).tolist() == engine
    assert [float_sub(x, y) for x, y in pairs] == engine
    assert 0.0 in engine and any(e != 0.0 for e in engine)


# -- depth: long chains of operators, names and INDIRECT evaluate ----------------------------------

def test_a_sum_of_340_cells_written_with_plus_evaluates():
    cells = {f"B{r}": float(r) for r in range(1, 341)}
    wb = _book(cells)
    wb.set("s!A1", "=" + "+".join(f"B{r}" for r in range(1, 341)))
    assert wb.value("s!A1") == sum(range(1, 341))
    assert wb.formula("s!A1") == "=" + "+".join(f"B{r}" for r in range(1, 341))


def test_a_chain_of_a_thousand_defined_names_evaluates():
    from sheetgd import Workbook

    wb = Workbook()
    wb.add_sheet("s")
    for i in range(1, 1000):
        wb.define_name(f"step_{i}", f"=step_{i + 1}+1")
    wb.define_name("step_1000", "=1")
    wb.set("s!A1", "=step_1")
    assert wb.value("s!A1") == 1000.0


def test_a_two_thousand_row_indirect_chain_evaluates():
    """A_r = INDIRECT("A{r+1}")+1 down to A2000 = 1: A1 is 2000 (Excel)."""
    from sheetgd import Workbook

    wb = Workbook()
    wb.add_sheet("s")
    wb.calculation = "manual"
    for r in range(1, 2000):
        wb.set(f"s!A{r}", f'=INDIRECT("A{r + 1}")+1')
    wb.set("s!A2000", 1.0)
    wb.calculation = "automatic"
    assert wb.value("s!A1") == 2000.0 and wb.value("s!A1000") == 1001.0
    wb.set("s!A2000", 5.0)
    assert wb.value("s!A1") == 2004.0


def test_a_long_indirect_ring_is_a_circular_reference():
    from sheetgd import Workbook

    wb = Workbook()
    wb.add_sheet("s")
    wb.calculation = "manual"
    for r in range(1, 501):
        wb.set(f"s!A{r}", f'=INDIRECT("A{r % 500 + 1}")+1')
    wb.calculation = "automatic"
    assert wb.value("s!A1").kind == "#CIRC!" and wb.value("s!A250").kind == "#CIRC!"


# -- Excel's limits: 8,192 characters, 64 nested functions, 255 arguments -----------------------
# (support.microsoft.com, "Excel specifications and limits"); within them formulas
# work, beyond them setting the cell is refused with one line naming the cell and the limit.

def _refused(formula: str, *fragments):
    from sheetgd.engine.errors import FormulaError

    wb = _book({})
    with pytest.raises(FormulaError) as err:
        wb.set("s!C7", formula)
    message = str(err.value)
    assert message.startswith("s!C7: ") and "\n" not in message and len(message) < 250
    for f in fragments:
        assert f in message
    return message


def _nested_ifs(n: int) -> str:
    return "=" + "IF(TRUE," * n + "2" + ",0)" * n


def test_sixty_four_nested_functions_work_and_sixty_five_are_refused():
    wb = _book({})
    wb.set("s!A1", _nested_ifs(64))
    assert wb.value("s!A1") == 2.0
    _refused(_nested_ifs(65), "more than 64 nested functions", "Excel's limit")


def test_a_hundred_nested_parentheses_work():
    wb = _book({})
    wb.set("s!A1", "=" + "(" * 100 + "1" + ")" * 100)
    wb.set("s!A2", "=" + "(1+" * 100 + "1" + ")" * 100)
    assert wb.value("s!A1") == 1.0 and wb.value("s!A2") == 101.0


def test_functions_take_255_arguments_and_not_256():
    wb = _book({})
    wb.set("s!A1", "=SUM(" + ",".join(["1"] * 255) + ")")
    assert wb.value("s!A1") == 255.0
    _refused("=SUM(" + ",".join(["1"] * 300) + ")", "SUM has more than 255 arguments",
             "Excel's limit")


def test_a_formula_of_8192_characters_works_and_one_more_is_refused():
    wb = _book({})
    formula = "=" + "+".join(["1"] * 4096) + "0"  # 8,192 characters after '=': ...+1+10
    wb.set("s!A1", formula)
    assert len(wb.formula("s!A1")) - 1 == 8192 and wb.value("s!A1") == 4095.0 + 10.0
    _refused(formula + "0", "8,193 characters", "Excel's limit is 8,192")


def test_the_deepest_formula_sheetgd_takes_works_everywhere(tmp_path):
    """160 levels of parentheses and functions (sheetgd's own limit, documented)
    parse, compute cell by cell and in a filled-down block, print, and go
    through a file and both readers; one more level is refused."""
    from sheetgd.engine.parser import MAX_NESTING
    from sheetgd.io.xlsx_write import write_xlsx

    deep = "=" + "(1+" * MAX_NESTING + "1" + ")" * MAX_NESTING
    wb = _book({"E1": 0.0})
    wb.set("s!A1", deep)
    for r in range(1, 21):  # a filled-down block of deep formulas
        wb.set(f"s!C{r}", "=" + "($E$1*0+" * MAX_NESTING + f"D{r}" + ")" * MAX_NESTING)
        wb.set(f"s!D{r}", float(r))
    assert wb.value("s!A1") == MAX_NESTING + 1 and wb.value("s!C20") == 20.0
    assert wb.formula("s!A1") == deep
    path = write_xlsx(wb, tmp_path / "deep.xlsx")
    for fast in (True, False):
        book = read_workbook(path, fast=fast)
        assert book.value("s!A1") == MAX_NESTING + 1 and book.value("s!C20") == 20.0
    _refused("=" + "(1+" * (MAX_NESTING + 1) + "1" + ")" * (MAX_NESTING + 1),
             f"more than {MAX_NESTING} levels")


# -- the implicit intersection operator @ and _xlfn.SINGLE -----------------------------------------
# Excel 365 shows @ in the formula bar and saves it in a file as _xlfn.SINGLE(...)
# (support.microsoft.com, "Implicit intersection operator: @").

@pytest.mark.parametrize("formula, shown, value", [
    ("=@A1", "=@A1", 5.0),
    ("=@A1:A3", "=@A1:A3", 7.0),  # in row 2: the cell of the range in the formula's row
    ("=_xlfn.SINGLE(A1:A3)", "=@A1:A3", 7.0),
    ("=SUM(@A1:A3)", "=SUM(@A1:A3)", 7.0),
    ("=-@A1", "=-@A1", -5.0),
    ("=@(A1:A3)*2", "=@(A1:A3)*2", 14.0),
    ("=@INDEX(A1:A3,0)", "=@INDEX(A1:A3,0)", 7.0),
])
def test_the_implicit_intersection_operator(formula, shown, value):
    wb = _book({"A1": 5.0, "A2": 7.0, "A3": 9.0})
    wb.set("s!B2", formula)
    assert wb.value("s!B2") == value and wb.formula("s!B2") == shown


@pytest.mark.parametrize("formula, value", [
    ("=SINGLE(A1:A3)", 7.0), ("=SINGLE(A1:C1)", 6.0), ("=SINGLE({5,6;7,8})", 5.0),
    ("=SINGLE(A1:A3)+SINGLE(A3)", 16.0), ("=SINGLE(A5:A6)", "#VALUE!"),
])
def test_a_called_single_is_the_implicit_intersection(formula, value):
    # Excel's "Implicit intersection operator: @" page: in row 2, @A1:A3 is A2; @ of a
    # range in another row is #VALUE! (A1:C1, a row, gives the formula's column: B1);
    # of an array, its top-left value
    wb = _book({"A1": 5.0, "A2": 7.0, "A3": 9.0, "B1": 6.0})
    wb.set("s!B2", formula)
    got = wb.value("s!B2")
    if isinstance(value, str):
        assert getattr(got, "kind", None) == value
    else:
        assert got == value
    assert "SINGLE" in REGISTRY and FILE_PREFIXES["SINGLE"] == "_xlfn."


@pytest.mark.parametrize("fast", [True, False])
def test_single_is_read_from_a_file_and_written_back_as_excel_writes_it(tmp_path, fast):
    import zipfile

    from sheetgd.io.xlsx_write import write_xlsx

    path = _package(tmp_path / "single.xlsx",
                    '<row r="1"><c r="A1"><v>5</v></c></row><row r="2"><c r="A2"><v>7</v></c>'
                    '<c r="B2"><f>_xlfn.SINGLE(A1:A3)</f><v>7</v></c></row>'
                    '<row r="3"><c r="A3"><v>9</v></c></row>')
    book = read_workbook(path, fast=fast)
    assert book.value("s!B2") == 7.0 and book.formula("s!B2") == "=@A1:A3"
    out = write_xlsx(book, tmp_path / "again.xlsx")
    with zipfile.ZipFile(out) as z:  # (XlsxWriter marks it a dynamic-array formula, cm="1")
        assert ">_xlfn.SINGLE(A1:A3)</f>" in z.read("xl/worksheets/sheet1.xml").decode()
    again = read_workbook(out, fast=fast)
    assert again.value("s!B2") == 7.0 and again.formula("s!B2") == "=@A1:A3"
