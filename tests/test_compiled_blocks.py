"""Compiled evaluation of filled-down blocks gives the plain path's results,
bit for bit (issue 6): on the teaching books, on sheets whose rows turn into
errors half-way, after partial changes, under manual calculation, and on
hypothesis-generated sheets."""

from __future__ import annotations

import math
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sheetgd.books import unrolled
from sheetgd.books.graddesc import GradDescParams, adam_sheet, draw_x, one_cycle_sheet
from sheetgd.books.graddesc import build as build_graddesc
from sheetgd.books.sheetdef import install
from sheetgd.engine import Workbook
from sheetgd.engine.blocks import find_blocks


def _values(book):
    """Every formula cell's value, but the random draws (RANDBETWEEN on data)."""
    random = book.depends_on_random()
    return {key: book.stored(*key) for key in book.formula_cells()
            if key not in random}


def _same(a, b):
    assert a.keys() == b.keys()
    for key in a:
        x, y = a[key], b[key]
        if isinstance(x, float) and isinstance(y, float):
            assert x == y or (math.isnan(x) and math.isnan(y)), key
        else:
            assert type(x) is type(y) and x == y, (key, x, y)


def _adam(rows, compiled, ms=10000.0):
    params = GradDescParams(rows=rows, seed=1)
    book = Workbook(compiled=compiled)
    install(book, adam_sheet(params, draw_x(params)))
    book.put("adam", rows + 4, 12, ms)
    book.put("adam", rows + 4, 13, ms)
    book.calculate_all()
    return book


def test_the_adam_sheet_is_one_compiled_block():
    book = _adam(200, compiled=True)
    blocks = find_blocks(book.sheet("adam"))
    assert len(blocks) == 1 and (blocks[0].first, blocks[0].last) == (5, 203)
    block = book.sheet("adam").block_at(100, 8)
    assert block is not None and block.kernel is not None


@pytest.fixture(params=["python", "numba"])
def kernel(request, monkeypatch):
    """Which kernel a block of a few hundred rows gets: generated Python, or
    numba's (as a block of 50,000 cells or more does)."""
    if request.param == "numba":
        pytest.importorskip("numba")
        from sheetgd.engine import blocks

        monkeypatch.setattr(blocks, "NUMBA_MIN_CELLS", 100)
    return request.param


@pytest.mark.parametrize("rows", [50, 400])
def test_compiled_equals_plain_on_the_adam_sheet(rows, kernel):
    plain, fast = _adam(rows, False), _adam(rows, True)
    assert fast.sheet("adam").block_at(20, 8).numba == (kernel == "numba")
    _same(_values(plain), _values(fast))
    for book in (plain, fast):
        book.set("adam!D2", 0.5)  # every row changes
    _same(_values(plain), _values(fast))
    for book in (plain, fast):
        book.set(f"adam!A{rows // 2}", 77.0)  # rows below change
    _same(_values(plain), _values(fast))


def _one_cycle(rows, compiled):
    params = GradDescParams(rows=rows, seed=1)
    book = Workbook(compiled=compiled)
    install(book, one_cycle_sheet(params, draw_x(params)))
    book.calculate_all()
    return book


def test_the_one_cycle_sheet_is_compiled_and_equals_plain(kernel):
    """one_cycle's schedule columns (IF of a comparison, MIN, COS, PI) are
    part of the compiled block, and give the plain path's bits."""
    rows = 400
    plain, fast = _one_cycle(rows, False), _one_cycle(rows, True)
    block = fast.sheet("one_cycle").block_at(rows // 2, 16)  # P: the lr of the row
    assert block is not None and block.kernel is not None and {15, 16, 17} <= set(block.columns)
    assert block.numba == (kernel == "numba")
    _same(_values(plain), _values(fast))
    for book in (plain, fast):
        book.set("one_cycle!D2", 0.05)  # lr_max: every row's schedule changes
    _same(_values(plain), _values(fast))


def test_one_cycle_runs_are_identical_compiled_or_not():
    from sheetgd.books.macros import runner_for

    plain, fast = _one_cycle(300, False), _one_cycle(300, True)
    a, b = runner_for(plain, "one_cycle"), runner_for(fast, "one_cycle")
    a.run(4, reset=True)
    b.run(4, reset=True)
    assert [(r.b, r.a, r.error, r.lr) for r in a.records] == \
           [(r.b, r.a, r.error, r.lr) for r in b.records]


def _column_book(formula, a_values, b_values, compiled):
    book = Workbook(compiled=compiled)
    book.add_sheet("s")
    for i, (a, b) in enumerate(zip(a_values, b_values)):
        book.put("s", i + 1, 1, a)
        book.put("s", i + 1, 2, b)
        book.put_formula("s", i + 1, 3, formula.format(r=i + 1))
    book.calculate_all()
    return book


@pytest.mark.parametrize("formula, a, b, expected", [
    # Excel's comparison operators round both sides to 15 digits: 0.1+0.2=0.3 is TRUE
    # (values.compare_rounded's sources); the kernel leaves such a near tie to the cell
    ("=IF(A{r}+B{r}=0.3,1,2)", [0.1, 0.1, 1.0], [0.2, 0.3, 2.0], [1.0, 2.0, 2.0]),
    ("=IF(A{r}-B{r}<>0.1,1,2)", [10.1, 5.0, 0.3], [10.0, 4.9, 0.2], [1.0, 1.0, 2.0]),
    # only the branch taken is computed: SQRT of a negative in the other one is no error
    ("=IF(A{r}>=0,SQRT(A{r}),-B{r})", [4.0, -1.0, 9.0], [1.0, 2.0, 3.0], [2.0, -2.0, 3.0]),
    # MIN and MAX of numbers one by one; COS and SIN; PI()
    ("=MIN(A{r}+1,B{r},7)", [1.0, 9.0, -3.0], [5.0, 8.0, 0.0], [2.0, 7.0, -2.0]),
    ("=MAX(A{r},B{r}*2)", [1.0, 9.0, -3.0], [5.0, 4.0, -2.0], [10.0, 9.0, -3.0]),
    ("=COS(PI()*A{r})+SIN(B{r})", [0.0, 1.0, 0.5], [0.0, 0.0, 0.0],
     [1.0, -1.0, math.cos(math.pi * 0.5)]),
])
def test_compiled_if_min_max_cos(formula, a, b, expected):
    plain = _column_book(formula, a * 3, b * 3, False)  # nine rows: a block
    fast = _column_book(formula, a * 3, b * 3, True)
    assert fast.sheet("s").block_at(2, 3) is not None
    _same(_values(plain), _values(fast))
    assert [fast.value(f"s!C{r}") for r in range(1, 4)] == expected


def test_cos_of_2_to_the_27_is_num_in_a_block_too():
    fast = _column_book("=COS(A{r})", [1.0, 2.0 ** 27, 3.0, 4.0] * 3, [0.0] * 12, True)
    assert fast.sheet("s").block_at(2, 3) is not None
    assert fast.value("s!C2").kind == "#NUM!" and fast.value("s!C3") == math.cos(3.0)


def test_rows_that_turn_into_errors_fall_back_to_the_plain_path():
    # a zero gradient on a zero mean square: SQRT(0) divides -> #DIV/0! all the way down
    plain, fast = _adam(40, False, ms=0.0), _adam(40, True, ms=0.0)
    for book in (plain, fast):
        book.set("adam!A4:B4", [[0.0, 30.0]])
        book.set("adam!C1", 30.0)
    _same(_values(plain), _values(fast))
    assert fast.value("adam!H20").kind == "#DIV/0!"
    for book in (plain, fast):
        book.set("adam!C1", 1.0)
    # an overflow half-way: x = 1e300 in one row
    for book in (plain, fast):
        book.set("adam!A25", 1e300)
    _same(_values(plain), _values(fast))
    assert hasattr(fast.value("adam!H30"), "kind")  # an error value, the same on both paths


def test_text_in_an_input_column_falls_back():
    plain, fast = _adam(30, False), _adam(30, True)
    for book in (plain, fast):
        book.set("adam!A12", "seven")
    _same(_values(plain), _values(fast))


def test_manual_calculation_keeps_stale_values_in_blocks():
    plain, fast = _adam(30, False), _adam(30, True)
    for book in (plain, fast):
        book.calculation = "manual"
        book.set("adam!D2", 0.25)
    _same(_values(plain), _values(fast))  # both still show the old numbers
    for book in (plain, fast):
        book.calculate()
    _same(_values(plain), _values(fast))


def test_teaching_books_and_run_loops_are_identical():
    plain, fast = build_graddesc(), build_graddesc()
    plain.compiled = False
    plain._blocks_stale = True
    from sheetgd.books.macros import runner_for

    for sheet in ("basic", "adam_ann", "adam_torch"):
        a, b = runner_for(plain, sheet), runner_for(fast, sheet)
        a.run(7, reset=True)
        b.run(7, reset=True)
        assert [(r.b, r.a, r.error, r.lr) for r in a.records] == \
               [(r.b, r.a, r.error, r.lr) for r in b.records]
    _same(_values(plain), _values(fast))


def test_unrolled_book_is_identical():
    fast, _ = unrolled.build(epochs=3)
    plain = Workbook(compiled=False)
    for name in fast.sheet_names:
        plain.add_sheet(name)
        for (r, c), cell in fast.sheet(name).cells.items():
            if cell.node is not None:
                plain.put_formula(name, r, c, fast.formula(f"{name}!{_a1(r, c)}"))
            else:
                plain.put(name, r, c, fast.stored(name, r, c))
    for d in fast.names:
        plain.names.define(d.name, d.text, d.scope)
    plain.calculate_all()
    _same(_values(plain), _values(fast))


def _a1(r, c):
    from sheetgd.engine.refs import col_to_letters

    return f"{col_to_letters(c)}{r}"


_ops = st.sampled_from(["+", "-", "*", "/", "^"])
_leaf = st.sampled_from(["A{r}", "B{r}", "C{p}", "D{p}", "$F$1", "2", "0.5", "-1", "SQRT(ABS(A{r}))",
                         "EXP(MOD(B{r},5))", "LN(ABS(B{r})+1)", "A{r}%", "COS(A{r})",
                         "SIN(B{r}*PI())", "MIN(A{r},C{p})", "MAX(B{r},2,D{p})",
                         "IF(A{r}<=B{r},C{p},D{p})", "IF(A{r}*2=B{r},1,SQRT(A{r}))"])


@st.composite
def _template(draw):
    def expr(depth):
        if depth == 0 or draw(st.booleans()):
            return draw(_leaf)
        return f"({expr(depth - 1)}{draw(_ops)}{expr(depth - 1)})"
    return "=" + expr(3), "=" + expr(3)


@settings(max_examples=60, deadline=None)
@given(_template(), st.lists(st.floats(-50, 50, allow_nan=False), min_size=12, max_size=12),
       st.floats(-3, 3, allow_nan=False))
def test_generated_sheets_agree(template, xs, f1):
    books = []
    for compiled in (False, True):
        book = Workbook(compiled=compiled)
        book.add_sheet("s")
        book.put("s", 1, 6, f1)
        for i, x in enumerate(xs):
            r = i + 2
            book.put("s", r, 1, x)
            book.put("s", r, 2, x * 0.5 - 3)
            p = r - 1
            book.put_formula("s", r, 3, template[0].format(r=r, p=p))
            book.put_formula("s", r, 4, template[1].format(r=r, p=p))
        book.calculate_all()
        book.set("s!A5", 1.25)
        books.append(book)
    _same(_values(books[0]), _values(books[1]))


def test_a_change_marks_the_block_stale_from_its_row_only():
    """Manual mode: changing x in row r leaves rows < r of the block clean,
    found from the block's column index, not by visiting its cells."""
    book = _adam(300, compiled=True)
    book.calculation = "manual"
    block = book.sheet("adam").block_at(100, 8)
    book.set("adam!A200", 3.5)
    assert book._dirty_blocks == {block: 200}
    book.set("adam!A150", 2.5)
    assert book._dirty_blocks == {block: 150}
    plain = _adam(300, compiled=False)
    plain.set("adam!A200", 3.5)
    plain.set("adam!A150", 2.5)
    book.calculate()
    _same(_values(plain), _values(book))


def test_block_values_live_in_columns_and_dissolve_back():
    """A block keeps its values in float64 arrays; overwriting one of its
    cells hands every value back to the cells, and the results stay exact."""
    book = _adam(300, compiled=True)
    block = book.sheet("adam").block_at(100, 8)
    assert block.values[8].dtype.name == "float64" and len(block.values[8]) == block.rows
    before = book.stored("adam", 250, 9)
    assert before == block.values[9][250 - block.first]
    book.set("adam!H120", 1.0)  # a constant over a formula of the block
    assert book.sheet("adam").block_at(100, 8) is not block
    plain = _adam(300, compiled=False)
    plain.set("adam!H120", 1.0)
    _same(_values(plain), _values(book))


def test_zero_to_a_positive_power_stays_in_the_kernel(monkeypatch):
    """x = 0 makes a gradient 0 and its square 0^2 = 0: the compiled loop
    does that row itself (0^b is 0 for b > 0) instead of falling back."""
    from sheetgd.engine import blocks

    done = []
    real_run = blocks.run
    monkeypatch.setattr(blocks, "run", lambda b, book, start: done.append(real_run(b, book, start)) or done[-1])
    params = GradDescParams(rows=60, seed=1)
    x = [0.0 if i % 7 == 0 else float(i) for i in range(60)]
    books = []
    for compiled in (False, True):
        book = Workbook(compiled=compiled)
        install(book, adam_sheet(params, x))
        book.put("adam", 64, 12, 10000.0)
        book.put("adam", 64, 13, 10000.0)
        book.calculate_all()
        books.append(book)
    assert done == [59]  # rows 5..63, all by the kernel
    _same(_values(books[0]), _values(books[1]))


@pytest.mark.parametrize("cache", ["folder", "off"])
def test_numba_kernels_are_cached_on_disk_or_not_at_all(tmp_path, monkeypatch, cache):
    """A block's numba kernel is written as a module under
    $SHEETGD_KERNEL_CACHE, where numba keeps its compiled code; an empty
    setting compiles in memory.  Either way the results are the plain path's."""
    pytest.importorskip("numba")
    from sheetgd.engine import blocks

    folder = tmp_path / "kernels"
    monkeypatch.setenv("SHEETGD_KERNEL_CACHE", str(folder) if cache == "folder" else "")
    monkeypatch.setattr(blocks, "NUMBA_MIN_CELLS", 10)
    monkeypatch.setattr(blocks, "_NUMBA_KERNELS", {})
    fast = _adam(40, compiled=True, ms=500.0)
    assert fast.sheet("adam").block_at(10, 8).numba
    _same(_values(_adam(40, compiled=False, ms=500.0)), _values(fast))
    modules = sorted(folder.glob("k_*.py")) if folder.exists() else []
    if cache == "folder":
        # the adam block's, and the data sheet's drawing block's (draw_x: its RANDBETWEEN column)
        assert len(modules) == 2 and all("def kernel(" in m.read_text() for m in modules)
        assert list((folder / "__pycache__").glob("k_*.nbi"))  # numba's index of the compiled code
    else:
        assert modules == []


# -- the sheet's formula runs (kept while formulas go into new cells) ---------------
_ops = st.lists(st.tuples(
    st.sampled_from(["column", "node", "set_formula", "set_constant", "put", "array"]),
    st.integers(1, 4), st.integers(1, 40), st.integers(0, 12), st.sampled_from(["A", "B", "M"])),
    max_size=25)


def _scanned(sheet):
    runs, sheet.formula_runs = sheet.formula_runs, None
    try:
        return [(b.first, b.last, b.columns) for b in find_blocks(sheet, min_rows=3)]
    finally:
        sheet.formula_runs = runs


@settings(max_examples=300, deadline=None)
@given(_ops)
def test_kept_formula_runs_give_the_scanned_blocks(ops):
    """After any sequence of writes, a sheet that still keeps its formula
    runs finds the blocks (and the formulas outside them) a scan finds."""
    from sheetgd.engine.blocks import formula_keys_outside
    from sheetgd.engine.errors import FormulaError
    from sheetgd.engine.parser import parse

    book = Workbook()
    book.calculation = "manual"
    book.add_sheet("s")
    sheet = book.sheet("s")
    for op, col, row, length, which in ops:
        # "M": an absolute row that moves with the row when put cell by cell
        text = {"A": "=A{r}*2+1", "B": "=$C$1+B{p}", "M": "=D${r}*2"}[which]
        node = parse(text.format(r=row, p=max(row - 1, 1)), row, col)
        if op == "column":
            book.put_formula_column("s", col, row, row + length, node)
        elif op == "node":
            book.put_formula_node("s", row, col, node)
        elif op == "put":
            book.put("s", row, col, 1.0)
        else:
            a1 = f"s!{'ABCD'[col - 1]}{row}"
            try:
                if op == "set_formula":
                    book.set(a1, text.format(r=row, p=max(row - 1, 1)))
                elif op == "set_constant":
                    book.set(a1, 5.0)
                else:
                    book.set_array_formula(f"{a1}:{'ABCD'[col - 1]}{row + 1}", "=1")
            except FormulaError:  # a part of an array formula
                pass
        if sheet.formula_runs is not None:
            kept = [(b.first, b.last, b.columns) for b in find_blocks(sheet, min_rows=3)]
            assert kept == _scanned(sheet)
            blocks = find_blocks(sheet, min_rows=3)
            outside = set(formula_keys_outside(sheet, blocks))
            inside = {(r, c) for b in blocks for r in range(b.first, b.last + 1) for c in b.columns}
            formulas = {k for k, cell in sheet.cells.items() if cell.node is not None}
            assert outside == formulas - inside and not outside & inside


def test_without_numba_large_blocks_run_as_python_and_say_so_once(monkeypatch):
    """numba is a dependency, but a book still calculates without it (the
    plain-Python kernel gives the same values as the per-cell engine), and
    one warning says why it is slower."""
    import warnings

    from sheetgd.engine import blocks

    monkeypatch.setitem(sys.modules, "numba", None)  # import numba raises ImportError
    monkeypatch.setattr(blocks, "_NOTED_WITHOUT_NUMBA", [])
    monkeypatch.setattr(blocks, "NUMBA_MIN_CELLS", 100)  # 400 rows: a block numba would take
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fast = _adam(400, compiled=True)
        _adam(400, compiled=True)
    assert not fast.sheet("adam").block_at(10, 8).numba
    notes = [str(w.message) for w in caught if "numba" in str(w.message)]
    assert len(notes) == 1 and "pip install numba" in notes[0]
    _same(_values(_adam(400, compiled=False)), _values(fast))


def test_absolute_rows_that_move_with_the_row_make_a_block():
    """``=A$1`` in row 31, ``=A$2`` in row 32 ... (each row its own AST, as
    the macro-free book's passes read the first pass's data) is the
    relative ``=A1`` filled down: the rows are one compiled block, reading
    column A 30 rows up as an input.  Expected values: Python floats, the
    same operations in the same order (a running sum of x * d)."""
    xs = [0.5 + 0.37 * k for k in range(20)]
    books = []
    for compiled in (False, True):
        book = Workbook(compiled=compiled)
        book.add_sheet("s")
        book.put("s", 1, 4, 1.5)
        for k, x in enumerate(xs):
            book.put("s", k + 1, 1, x)
        book.put("s", 30, 2, 0.0)
        for r in range(31, 51):
            book.put_formula("s", r, 1, f"=A${r - 30}")
            book.put_formula("s", r, 2, f"=A{r}*$D$1+B{r - 1}")
        book.calculate_all()
        books.append(book)
    plain, fast = books
    blocks = fast._blocks
    assert [(b.first, b.last, sorted(b.columns)) for b in blocks] == [(31, 50, [1, 2])]
    assert blocks[0].kernel is not None
    total = 0.0
    for r, x in zip(range(31, 51), xs):
        total = x * 1.5 + total
        assert fast.value(f"s!B{r}") == total and fast.value(f"s!A{r}") == x
    _same(_values(plain), _values(fast))
    for book in books:
        book.set("s!A7", -2.25)  # read by row 37 of the block
    _same(_values(plain), _values(fast))
    assert fast.value("s!A37") == -2.25


def test_a_block_on_a_cycle_no_cell_is_on_is_computed_cell_by_cell():
    """Column B reads D1, and D1 reads C15 beside it: as one node the block
    would be on a circular reference, cell by cell there is none.  Expected
    values by hand: D1 = 15 * 2 + 1 = 31, B5 = 5 * 31 = 155."""
    books = []
    for compiled in (False, True):
        book = Workbook(compiled=compiled)
        book.add_sheet("s")
        for r in range(2, 21):
            book.put("s", r, 1, float(r))
            book.put_formula("s", r, 2, f"=A{r}*$D$1")
            book.put_formula("s", r, 3, f"=A{r}*2")
        book.put_formula("s", 1, 4, "=C15+1")
        book.calculate_all()
        books.append(book)
        assert book.value("s!D1") == 31.0 and book.value("s!B5") == 155.0
        assert book.cycles == []
    _same(_values(books[0]), _values(books[1]))


def _offset_into_a_block(compiled: bool, summed: str) -> Workbook:
    """B and C: one two-column block (``=A{r}/2+B{r-1}*0.5`` and the same
    for C); B7 overwritten with =F1+1; F1 sums column ``summed`` from row 2
    through OFFSET, a reference the calculation order cannot see."""
    book = Workbook(compiled=compiled)
    book.add_sheet("s")
    for r in range(1, 31):
        book.put("s", r, 1, float(r))
        for c, col in ((2, "B"), (3, "C")):
            book.put_formula("s", r, c, f"=A{r}/2" if r == 1 else f"=A{r}/2+{col}{r - 1}*0.5")
    book.put_formula("s", 7, 2, "=F1+1")
    book.put_formula("s", 1, 6, f"=SUM(OFFSET({summed}1:{summed}30,1,0))")
    book.calculate_all()
    return book


def test_a_dynamic_reference_into_a_block_on_no_cell_cycle_is_computed_cell_by_cell():
    """F1 reads column C through OFFSET and B7 (inside B's rows) reads F1:
    as one node the B-and-C block would be on a circular reference found
    while it runs; cell by cell there is none (C never reads B).  The block
    is refused and the pass computed again cell by cell (a hostile
    differential test found #CIRC! here).  Expected by hand: C's recurrence
    summed over rows 2..30 in order, plus 1."""
    c, total = 0.5, 0.0
    for r in range(2, 31):
        c = r / 2 + c * 0.5
        total += c
    books = [_offset_into_a_block(compiled, "C") for compiled in (False, True)]
    for book in books:
        assert book.value("s!F1") == total and book.value("s!B7") == total + 1
        assert book.cycles == []
    _same(_values(books[0]), _values(books[1]))
    assert books[1].sheet("s").block_at(20, 3) is None  # refused: cell by cell from now on
    for book in books:
        book.set("s!A3", 10.0)
    _same(_values(books[0]), _values(books[1]))


def test_a_dynamic_circular_reference_through_a_block_is_circ_both_ways():
    """F1 reads column B through OFFSET, B8 on read B7, and B7 reads F1: a
    real circular reference, #CIRC! in F1 on either path."""
    plain, fast = (_offset_into_a_block(compiled, "B") for compiled in (False, True))
    assert plain.value("s!F1").kind == fast.value("s!F1").kind == "#CIRC!"
    _same(_values(plain), _values(fast))


@pytest.mark.parametrize("formula", ["=IF(A{r}>0,RAND(),-1)", "=IF(A{r}>0,-1,RAND())",
                                     "=IF(A{r}>0,IF(A{r}>1,RAND(),2),3)+0"])
def test_a_random_function_in_a_branch_of_if_draws_only_where_taken(formula, kernel):
    """IF computes only the branch it takes, so a RAND() in a branch draws
    only in the rows taking it (the cells' draws: Python's generator seeded
    as the workbook seeds it, one draw per such row in row order).  The
    loop draws for every row before it runs, so such a column is not
    compiled (it shifted every later row's number before)."""
    import random

    signs = [1.0, -1.0, 2.0] * 4  # rows 1..12
    books = []
    for compiled in (False, True):
        book = Workbook(seed=5, compiled=compiled)
        book.add_sheet("s")
        for r, a in enumerate(signs, start=1):
            book.put("s", r, 1, a)
            book.put_formula("s", r, 3, formula.format(r=r))
        book.calculate_all()
        books.append([book.stored("s", r, 3) for r in range(1, 13)])
    reference = random.Random(5)
    taken = {"=IF(A{r}>0,RAND(),-1)": lambda a: a > 0, "=IF(A{r}>0,-1,RAND())": lambda a: a <= 0,
             "=IF(A{r}>0,IF(A{r}>1,RAND(),2),3)+0": lambda a: a > 1}[formula]
    drawn = [reference.random() if taken(a) else None for a in signs]
    assert [v for v in books[0] if v not in (-1.0, 2.0, 3.0)] == [d for d in drawn if d is not None]
    assert books[1] == books[0]


def test_a_random_function_in_the_condition_of_if_is_still_compiled():
    """The condition is computed in every row: one draw a row, as the cells draw."""
    import random

    book = Workbook(seed=5, compiled=True)
    book.add_sheet("s")
    for r in range(1, 13):
        book.put("s", r, 1, float(r))
        book.put_formula("s", r, 3, f"=IF(RAND()>0.5,A{r},-A{r})")
    book.calculate_all()
    assert book.sheet("s").block_at(5, 3).kernel is not None
    reference = random.Random(5)
    assert [book.value(f"s!C{r}") for r in range(1, 13)] == \
        [float(r) if reference.random() > 0.5 else -float(r) for r in range(1, 13)]


def _bits(value):
    """A value as a key that tells -0.0 from 0.0 and errors by kind."""
    if type(value) is float:
        return float, value.hex()
    return type(value), getattr(value, "kind", value)


_near = [0.1, 0.2, 0.3, -0.0, 0.0, 1.0, -1.0, 0.5, 10.1, 1e15, 1e15 + 0.5, 1e15 + 1,
         0.30000000000000004, 2.0 ** 27, 2.0 ** 27 - 1, -(2.0 ** 27) + 0.5, 1e-300, 5e-324]
_odd = [None, "x", True, "=1/0"]  # empty, text, a boolean, an error
_choice_leaf = st.sampled_from(["A{r}", "B{r}", "C{p}", "D{p}", "$F$1", "0.3", "-0", "1E+15",
                                "1000000000000000.5", "134217727", "PI()", "SQRT(A{r})", "1/B{r}"])
_comparison_op = st.sampled_from(["=", "<>", "<", ">", "<=", ">="])


@st.composite
def _choice_template(draw):
    def expr(depth):
        kind = draw(st.integers(0, 5)) if depth else 0
        if kind == 0:
            return draw(_choice_leaf)
        if kind == 1:
            left = draw(st.sampled_from(["A{r}+B{r}", "A{r}-B{r}", "C{p}"])) if draw(st.booleans()) \
                else expr(depth - 1)
            return f"IF({left}{draw(_comparison_op)}{expr(depth - 1)},{expr(depth - 1)},{expr(depth - 1)})"
        if kind == 2:
            args = ",".join(expr(depth - 1) for _ in range(draw(st.integers(1, 4))))
            return f"{draw(st.sampled_from(['MIN', 'MAX']))}({args})"
        if kind == 3:
            return f"{draw(st.sampled_from(['COS', 'SIN']))}({expr(depth - 1)})"
        if kind == 4:
            return f"COS({expr(depth - 1)}*134217727)"
        return f"({expr(depth - 1)}{draw(st.sampled_from(['+', '-', '*', '/']))}{expr(depth - 1)})"
    return "=" + expr(3), "=" + expr(3)


def _choice_books(template, a, b, f1):
    books = []
    for compiled in (False, True):
        book = Workbook(compiled=compiled)
        book.add_sheet("s")
        for col, v in ((1, 0.25), (2, -0.5), (3, 0.1), (4, -0.0), (6, f1)):
            book.put("s", 1, col, v)
        for r, (x, y) in enumerate(zip(a, b), start=2):
            for col, v in ((1, x), (2, y)):
                if isinstance(v, str) and v.startswith("="):
                    book.put_formula("s", r, col, v)
                elif v is not None:
                    book.put("s", r, col, v)
            book.put_formula("s", r, 3, template[0].format(r=r, p=r - 1))
            book.put_formula("s", r, 4, template[1].format(r=r, p=r - 1))
        book.calculate_all()
        books.append(book)
    return books


def _same_bits(books, rows):
    for r in range(2, rows + 2):
        for c in (3, 4):
            x, y = books[0].stored("s", r, c), books[1].stored("s", r, c)
            assert _bits(x) == _bits(y), (r, c, x, y)


_inputs = st.lists(st.one_of(st.sampled_from(_near), st.floats(-5, 5, allow_nan=False),
                             st.sampled_from(_odd)), min_size=8, max_size=10)


@settings(max_examples=80, deadline=None)
@given(_choice_template(), _inputs, _inputs, st.sampled_from(_near), st.sampled_from(_near))
def test_generated_if_min_max_cos_columns_agree_bit_for_bit(template, a, b, f1, change):
    """IF of every comparison (nested, inside arithmetic, near ties such as
    A+B=0.3 and 1E+15+0.5), MIN/MAX of several arguments (0 and -0 among
    them), COS/SIN up to and past 2^27, PI(), over inputs that are now and
    then empty, text, a boolean or an error: the compiled column gives the
    cell-by-cell engine's values, bit for bit (-0.0 told from 0.0)."""
    n = min(len(a), len(b))
    books = _choice_books(template, a[:n], b[:n], f1)
    _same_bits(books, n)
    for book in books:
        book.set("s!A5", change)
    _same_bits(books, n)


def test_generated_if_min_max_cos_columns_agree_under_numba(monkeypatch):
    """The same as the generated test above, a few fixed cases through numba's kernel."""
    pytest.importorskip("numba")
    from sheetgd.engine import blocks

    monkeypatch.setattr(blocks, "NUMBA_MIN_CELLS", 2)
    done = []
    real_run = blocks.run
    monkeypatch.setattr(blocks, "run", lambda b, book, start: done.append(real_run(b, book, start)) or done[-1])
    # the rows the loop stops at (COS past 2^27, a near tie, a division by zero) last: the kernel does the others
    a = [1e15 + 0.5, 2.0 ** 27 - 1, -1.0, -0.0, 10.1, 0.5, 0.30000000000000004, 0.1, -0.0]
    b = [0.5, 1.0, -0.0, 1.0, 10.0, 2.0 ** 27, -0.0, 0.2, 0.0]
    for template in [("=IF(A{r}+B{r}=0.3,MIN(A{r},B{r},-0),MAX(B{r},A{r},0))",
                      "=IF(C{r}>=D{p},COS(B{r}*134217727),SIN(PI()*B{r}))+0"),
                     ("=MIN(IF(A{r}<>B{r},A{r}-B{r},1/B{r}),IF(A{r}<=0,SQRT(B{r}),-0))",
                      "=IF(A{r}-B{r}<0.1,COS(B{r}),IF(A{r}>B{r},C{r},C{p}))*2")]:
        done.clear()
        books = _choice_books(template, a, b, 0.3)
        assert books[1].sheet("s").block_at(3, 3).numba and done == [4]  # rows 2..5 by the kernel
        _same_bits(books, len(a))


@pytest.mark.parametrize("formula, expected", [
    # Excel's MIN/MAX pages: a range's text, booleans and empty cells are left out
    ("=MIN(A{r}:B{r})", [2.0, -4.0, 0.0]),
    ("=MAX(A{r}:B{r},0)", [3.0, 0.0, 0.5]),
    # Excel's IF page: value_if_false left out is FALSE; a number as the test is TRUE unless 0
    ("=IF(A{r}>B{r},1)", [False, True, False]),
    ("=IF(A{r},1,2)", [1.0, 1.0, 2.0]),
    ("=IF(A{r}*B{r},A{r},B{r})", [2.0, -1.0, 0.5]),
])
def test_ranges_two_argument_if_and_non_comparison_tests_are_not_compiled(formula, expected):
    """MIN/MAX of a range, IF without its else-branch and IF of anything but
    a comparison are left to the cells (the loop handles numbers of
    comparisons only): a block forms, gets no kernel, and shows the cells'
    values, Excel's."""
    a, b = [2.0, -1.0, 0.0], [3.0, -4.0, 0.5]
    plain = _column_book(formula, a * 3, b * 3, False)
    fast = _column_book(formula, a * 3, b * 3, True)
    block = fast.sheet("s").block_at(2, 3)
    assert block is None or block.kernel is None
    _same(_values(plain), _values(fast))
    assert [fast.value(f"s!C{r}") for r in range(1, 4)] == expected


@pytest.mark.parametrize("formula, x", [("=134217728^A{r}", -20.96282983264869),
                                        ("=A{r}^-1", 891.2002221502419),
                                        ("=2^A{r}+0.5^A{r}", 7.3)])
def test_a_power_of_a_written_number_is_libm_pow_in_numba_too(formula, x, kernel, monkeypatch):
    """``^`` is the C library's pow in a cell (arith.power, math.pow).  Given
    a written base or exponent LLVM rewrites pow under numba -- 2^27^y as
    exp2(27*y), y^-1 as 1/y -- which differs in the last bits
    (134217728^-20.96282983264869: 4.150539124845291e-171 from pow,
    4.15053912484522e-171 from exp2); the kernel keeps pow's operands
    unknown to the compiler, so it calls pow."""
    from sheetgd.engine import blocks

    if kernel == "numba":
        monkeypatch.setattr(blocks, "NUMBA_MIN_CELLS", 2)  # nine cells
    values = [x * (1 + k / 7) for k in range(9)]
    plain = _column_book(formula, values, [0.0] * 9, False)
    fast = _column_book(formula, values, [0.0] * 9, True)
    assert fast.sheet("s").block_at(2, 3).numba == (kernel == "numba")
    _same_bits([plain, fast], 8)
    base, exponent = {"=134217728^A{r}": (134217728.0, None), "=A{r}^-1": (None, -1.0),
                      "=2^A{r}+0.5^A{r}": (2.0, None)}[formula]
    for r, v in enumerate(values, start=1):
        expected = math.pow(base, v) if exponent is None else math.pow(v, exponent)
        if formula.startswith("=2^"):
            expected += math.pow(0.5, v)
        assert fast.value(f"s!C{r}") == expected
