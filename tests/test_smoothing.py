"""The history's smoothed error (issue 18, part 4): fastai's loss smoothing,
checked against an independent numpy loop written from fastai v1's
``SmoothenValue`` (``mov_avg = beta*mov_avg + (1-beta)*val``, shown as
``mov_avg/(1-beta^n)``), never against values sheetgd computed itself.

Tolerance 1e-12 relative: the sheets carry the average as the smoothed value
of the row above times (1-beta^epoch), which rounds differently from
fastai's running sum by a few units of the last place per epoch."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from sheetgd.books.graddesc import OPTIMISERS, GradDescParams, Layout, build
from sheetgd.books.macros import runner_for
from sheetgd.runs import csv_text, run_sheets

EPOCHS = 30


def fastai_smoothed(errors, beta: float) -> list[float]:
    """fastai v1 SmoothenValue, one value per epoch (epoch 0 the first)."""
    avg, out = 0.0, []
    for n, loss in enumerate(np.asarray(errors, dtype=np.float64), start=1):
        avg = beta * avg + (1 - beta) * loss
        out.append(avg / (1 - beta ** n))
    return out


@pytest.fixture(scope="module")
def book():
    return build(GradDescParams(), parity=False)


@pytest.mark.parametrize("sheet", OPTIMISERS)
def test_the_run_loops_smoothed_error_is_fastais(book, sheet):
    runner = runner_for(book, sheet)
    runner.run(EPOCHS, reset=True)
    errors = [r.error for r in runner.records]
    got = [r.smoothed_error for r in runner.records]
    assert got == pytest.approx(fastai_smoothed(errors, 0.98), rel=1e-12)
    assert got[0] == errors[0]  # epoch 0: the first value, shown as is
    assert got[5] != errors[5]  # later epochs are averaged


@pytest.mark.parametrize("sheet", OPTIMISERS)
def test_the_history_blocks_formulas_recompute_with_a_new_beta(sheet):
    """The smoothed column is formulas of the history rows: writing another
    beta into its cell changes every row to fastai's value for that beta."""
    book = build(GradDescParams(), parity=False)
    runner = runner_for(book, sheet)
    runner.run(12, reset=True)
    lay = Layout(sheet, 29)
    last = len(runner.program.history_fields) - 1
    assert book.value(f"{sheet}!{lay.history_cell(-2, 0)}") == "smooth beta"
    book.set(f"{sheet}!{lay.names['smooth_beta']}", 0.6)
    book.calculate()
    shown = [book.value(f"{sheet}!{lay.history_cell(1 + e, last)}") for e in range(13)]
    errors = [r.error for r in runner.records]
    assert shown == pytest.approx(fastai_smoothed(errors, 0.6), rel=1e-12)


def test_the_generator_parameter_sets_the_beta_and_the_run_reads_the_cell():
    params = GradDescParams(smooth_beta=0.5)
    runner = runner_for(build(params, parity=False), "adam", params=params)
    runner.run(8, reset=True)
    errors = [r.error for r in runner.records]
    assert [r.smoothed_error for r in runner.records] == \
        pytest.approx(fastai_smoothed(errors, 0.5), rel=1e-12)


def test_a_beta_outside_0_1_is_refused():
    with pytest.raises(ValueError, match="smooth_beta"):
        GradDescParams(smooth_beta=1.0)


@pytest.mark.parametrize("sheet", OPTIMISERS)
def test_the_torch_reference_smooths_as_fastai(sheet):
    from sheetgd.reference.verify import _torch_config
    from sheetgd.reference.graddesc_torch import TorchRunner

    configs = [GradDescParams(), GradDescParams(seed=5, smooth_beta=0.9)]
    books = [build(p, parity=False) for p in configs]
    cfg = _torch_config(books, configs, sheet, torch.device("cpu"))
    history = TorchRunner(sheet, cfg).run(EPOCHS)
    for c, beta in enumerate((0.98, 0.9)):
        errors = [h["error"][c].item() for h in history]
        got = [h["smoothed_error"][c].item() for h in history]
        assert got == pytest.approx(fastai_smoothed(errors, beta), rel=1e-12)


def test_sheetgd_runs_csv_has_the_smoothed_error():
    book = build(GradDescParams(), parity=False)
    runs = run_sheets(book, ["momentum"], 6, reset=True)
    header, *rows = csv_text(runs).splitlines()
    col = header.split(",").index("smoothed_error")
    errors = [float(r.split(",")[header.split(",").index("error")]) for r in rows]
    assert [float(r.split(",")[col]) for r in rows] == \
        pytest.approx(fastai_smoothed(errors, 0.98), rel=1e-12)
