"""The macro-free graddesc.xlsx: its passes come from running the macro
programs on formula text, and its numbers equal the engine's run loop bit
for bit, for any parameters and both carry modes."""

from __future__ import annotations

import pytest

from sheetgd.books import unrolled
from sheetgd.books.graddesc import OPTIMISERS, GradDescParams, build
from sheetgd.books.macros import runner_for
from sheetgd.books.programs import SetCalculation, copy
from sheetgd.engine.refs import col_to_letters

CONFIGS = {
    "lesson": GradDescParams(),
    "seeded": GradDescParams(rows=12, seed=3, true_a=-1.5, true_b=4.0, init_a=0.5, init_b=-2.0,
                             lr={s: 0.05 for s in OPTIMISERS[1:]},
                             betas={"adam": (0.8, 0.99), "adam_ann": (0.7, 0.9)}),
}


def _history(book, layout, sheet):
    col, first, last = layout[sheet].history_range(0)
    return [[book.value(f"{sheet}!{col_to_letters(col + i)}{r}") for i in range(5)]
            for r in range(first, last + 1)]


@pytest.mark.parametrize("carry", ["faithful", "updated"])
@pytest.mark.parametrize("config", list(CONFIGS))
def test_the_macro_free_book_equals_the_run_loop(config, carry):
    params, epochs = CONFIGS[config], 7  # a full press of Run and a partial one
    book, layout = unrolled.build(params, epochs=epochs, carry=carry)
    live = build(params)
    for sheet in OPTIMISERS:
        runner = runner_for(live, sheet, carry=carry, params=params)
        runner.run(epochs, reset=True)
        want = [[float(r.epoch), r.b, r.a, r.error, r.lr] for r in runner.records]
        assert _history(book, layout, sheet) == want, sheet


def test_basic_lays_out_one_pass_per_epoch():
    """Both copies of basic's onestep happen under manual calculation: no
    recalculation between them, so no pass between them either."""
    _, layout = unrolled.build(epochs=5)
    basic = layout["basic"]
    assert len(basic.passes) == len(basic.epoch_passes) == 6
    assert basic.passes[1].notes == [SetCalculation("manual"), copy("slope", "lastslope"),
                                     copy("const", "lastconst"), SetCalculation("automatic")]
    # the label says it in plain words, in the blank row above the pass
    assert basic.passes[1].label == "epoch 1 (Run): a and b from the last row above"
    assert basic.passes[1].label_row == basic.passes[1].header - 1


@pytest.mark.parametrize("sheet, warm_up", [("momentum", 1), ("rmsprop", 2), ("adam", 4),
                                            ("adam_ann", 2)])
def test_resets_warm_up_passes_are_the_recalculations_it_reads(sheet, warm_up):
    """Reset's passes: one per recalculation whose rows a copy reads
    (docs/workbooks.md's reset macros), then epoch 0."""
    _, layout = unrolled.build(epochs=1)
    passes = layout[sheet].passes
    assert len(passes) == warm_up + 2
    assert all(p.epoch is None and p.label.startswith("Reset (warm-up): ")
               for p in passes[:warm_up])
    assert [p.epoch for p in passes[warm_up:]] == [0, 1]


def test_adam_anns_annealing_is_an_if_on_the_previous_epoch():
    """The guarded lr <- lr/4 becomes an IF in the header of the next pass,
    reading gradrat as the macro reads it (before the recalculation)."""
    book, layout = unrolled.build(epochs=25)
    ann = layout["adam_ann"]
    lr_cells = [f"D{p.header}" for p in ann.epoch_passes[1:]]
    assert all(book.formula(f"adam_ann!{c}").startswith("=IF(") for c in lr_cells)
    assert book.value(f"adam_ann!{lr_cells[-1]}") == 0.00390625  # quartered four times


def test_a_pass_is_a_moved_copy_of_the_original_rows():
    book, layout = unrolled.build(epochs=1)
    p = layout["rmsprop"].epoch_passes[1]
    r = p.offset + 4
    assert book.formula(f"rmsprop!H{r}") == f"=C{r}-F{r}*$D$2/SQRT(J{r - 1})"
    assert book.formula(f"rmsprop!L{p.offset + 33}") == f"=SQRT(SUM(L{r}:L{p.offset + 32}))"
    assert book.value(f"rmsprop!A{p.label_row}") == (
        "epoch 1 (Run): mean squares, a and b from the last row above")
    assert book.value(f"rmsprop!A{p.header}") is None


def test_the_passes_are_stored_as_runs_and_computed_as_blocks():
    """Each pass's rows share one formula per column (x and y read the first
    pass's data, ``=A$28``, ``=A$29`` ...: an absolute row that moves with
    the row), so install stores them as column runs and the engine finds a
    compiled block per pass (the values: test_compiled_blocks's
    test_unrolled_book_is_identical, against the cell-by-cell engine)."""
    book, sheets = unrolled.build(epochs=3)
    adam = book.sheet("adam")
    passes = [p for p in sheets["adam"].passes]
    blocks = [b for b in book._blocks if b.sheet == "adam"]
    assert len(blocks) >= len(passes) - 1 and all(b.kernel is not None for b in blocks)
    p = passes[-1]
    row = p.header + 5  # inside the pass, below its first row
    assert adam.block_at(row, 1) is not None  # the x column: =A$k
    assert book.formula(f"adam!A{row}").startswith("=A$")
    assert len(adam.cells._cells) < len(adam.cells) // 4  # most cells in runs


def test_a_formula_that_cannot_be_read_is_name_error_with_its_cell():
    from sheetgd.books.sheetdef import SheetDef, install
    from sheetgd.engine import Workbook

    book = Workbook()
    install(book, SheetDef("s", cells={"A1": 2.0, "B1": "=A1*", "B2": "=A1*3", "B3": "=A2*3"}))
    book.calculate_all()
    assert book.value("s!B1").kind == "#NAME?" and any("s!B1" in w for w in book.warnings)
    assert book.value("s!B2") == 6.0 and book.value("s!B3") == 0.0


def test_formulas_given_down_a_column_are_the_cells_they_would_be_given_one_by_one():
    """SheetDef.columns (a layout's formulas, without addresses) installs the
    cells SheetDef.cells would: a text that is no fill of the one above
    starts a run of its own, one that cannot be read is #NAME? with its cell."""
    from sheetgd.books.sheetdef import SheetDef, install
    from sheetgd.engine import Workbook

    texts = ["=A1*3", "=A2*3", "=A3*3", "=A1*3", "=A5*", "=A6*3", "=SUM(A$1:A7)"]
    by_column, by_cell = Workbook(), Workbook()
    constants = {f"A{r}": float(r) for r in range(1, 9)}
    install(by_column, SheetDef("s", cells=dict(constants), columns=[(2, 1, texts)]))
    install(by_cell, SheetDef("s", cells={**constants, **{f"B{r}": t for r, t in
                                                          enumerate(texts, 1)}}))
    for book in (by_column, by_cell):
        book.calculate_all()
    for r in range(1, len(texts) + 1):
        assert by_column.formula(f"s!B{r}") == by_cell.formula(f"s!B{r}")
        assert repr(by_column.value(f"s!B{r}")) == repr(by_cell.value(f"s!B{r}"))
    assert by_column.value("s!B3") == 9.0 and by_column.value("s!B4") == 3.0
    assert by_column.value("s!B5").kind == "#NAME?"
    assert any("s!B5" in w for w in by_column.warnings)
    assert [(first, last) for col, first, last, _ in by_column.sheet("s").cells.formula_runs()
            if col == 2] == [(1, 3), (4, 4), (6, 6), (7, 7)]
