"""The run loops cost about what their recalculations cost (issue 17).

Five epochs of an optimiser sheet are eight recalculations (five Calculates,
Record's and the switch back to automatic calculation) and a few dozen
cell writes.  Before issue 17 every one of them went over the data sheet's
RANDBETWEEN column cell by cell, and ``sheetgd run`` at 10,000 rows took
hundreds of full recalculations; now the run is held to 50 of them -- a
ratio measured in one process, so the machine's speed cancels out.
"""

from __future__ import annotations

import statistics
import time

import pytest

from sheetgd.books.graddesc import OPTIMISERS, GradDescParams, build
from sheetgd.runs import run_sheets

ROWS = 10_000
#: What the run may cost, in full recalculations of the same book.
MAX_RATIO = 50
REPEATS = 3


def _median_seconds(action) -> float:
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


@pytest.mark.parametrize("sheet", OPTIMISERS)
def test_run_costs_at_most_fifty_full_recalculations(sheet):
    """Every optimiser sheet (one_cycle's schedule, IF/MIN/COS, went cell by
    cell until its formulas were compiled too: 46 s at 10,000 rows)."""
    params = GradDescParams(rows=ROWS)
    book = build(params, sheets=(sheet,), data=False)  # what sheetgd run graddesc --sheet makes
    book.calculate_all()  # compiled kernels ready, for both measurements
    for col in range(3, 9):  # C..H: b, a, the prediction, the gradients, the updates
        block = book.sheet(sheet).block_at(ROWS // 2, col)
        assert block is not None and block.kernel is not None, (sheet, col)  # compiled
    recalc = _median_seconds(book.calculate_all)
    run = _median_seconds(lambda: run_sheets(book, [sheet], 5, params=params))
    assert run <= MAX_RATIO * recalc, \
        f"run {run:.3f} s is {run / recalc:.0f} full recalculations ({recalc:.4f} s each)"


@pytest.mark.parametrize("sheet", OPTIMISERS)
def test_the_sheet_before_reset_computes_in_its_compiled_block(sheet):
    """Before Reset (the first calculation of every build and run) no row is
    an error: the compiled loop takes numbers only, and a sheet of #DIV/0!
    rows (rmsprop's with a mean square of 0, 7 s at 100,000 rows) is
    computed cell by cell."""
    book = build(GradDescParams(rows=200), sheets=(sheet,), reset=False, data=False)
    for row in (4, 100, 203):
        assert isinstance(book.value(f"{sheet}!H{row}"), float), (sheet, row)
