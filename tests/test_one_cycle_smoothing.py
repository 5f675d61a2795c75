"""one_cycle's smoothed loss per iteration (column S) runs over the whole
cycle, as fastai smooths the loss over one ``fit``: fastai v1 makes its
``SmoothenValue`` once per fit (the callback handler) and never resets it
between epochs; fastai v2's ``Recorder`` resets its ``AvgSmoothLoss`` in
``before_fit`` only.  So Run carries the running average and the iteration
count into the next epoch's rows, and Reset starts both again.

Expected values are fastai v1's ``SmoothenValue`` written out here in plain
Python (``mov_avg = beta*mov_avg + (1-beta)*val``, shown as
``mov_avg/(1-beta**n)``) over the raw losses the sheet shows (err^2,
column N), never sheetgd's own smoothed column.  Tolerance 1e-15 relative:
the sheet does fastai's operations in fastai's order, but its ``^`` is
Excel's POWER (sheetgd.engine.arith.power), which may round ``beta**n``
differently from Python's ``**`` in the last place.
"""

from __future__ import annotations

import pytest

torch = pytest.importorskip("torch")

from sheetgd.books.graddesc import GradDescParams, Layout, build  # noqa: E402
from sheetgd.books.macros import runner_for  # noqa: E402

ROWS = 29
LAY = Layout("one_cycle", ROWS)
REL = 1e-15


def fastai_smoothed(losses, beta: float = 0.98) -> list[float]:
    """fastai v1 ``SmoothenValue.add_value`` over ``losses``: the smooth value after each."""
    mov_avg, out = 0.0, []
    for n, val in enumerate(losses, start=1):
        mov_avg = beta * mov_avg + (1 - beta) * val
        out.append(mov_avg / (1 - beta ** n))
    return out


def _column(book, col: str) -> list[float]:
    return [book.value(f"one_cycle!{col}{r}") for r in range(LAY.first, LAY.last + 1)]


def _epochs(book, runner, epochs: int):
    """The raw and smoothed loss of each iteration of ``epochs`` epochs of the
    cycle: Reset shows epoch 1's rows, each step of Run the next epoch's."""
    raw, smoothed = [], []
    runner.reset()
    for e in range(epochs):
        if e:
            runner.somesteps(1)
        raw.append(_column(book, "N"))
        smoothed.append(_column(book, "S"))
    return raw, smoothed


@pytest.fixture(scope="module")
def book():
    return build(sheets=["one_cycle"])


def test_the_smoothed_loss_at_the_first_iteration_of_epoch_2_continues_epoch_1(book):
    runner = runner_for(book, "one_cycle")
    raw, smoothed = _epochs(book, runner, 2)
    want = fastai_smoothed(raw[0] + raw[1][:1])[-1]  # iteration 29 = epoch 2's first row
    assert smoothed[1][0] == pytest.approx(want, rel=REL)
    # what the sheet showed before (the smoothing restarted with each epoch's
    # rows: its first loss as is) is far from it: the chart jumped here
    assert smoothed[1][0] != pytest.approx(raw[1][0], rel=0.01)


def test_the_smoothed_loss_of_a_whole_cycle_is_fastais_over_all_its_iterations(book):
    runner = runner_for(book, "one_cycle")
    raw, smoothed = _epochs(book, runner, 7)  # a press of Run and more (the cycle is 5)
    flat = [v for epoch in raw for v in epoch]
    assert [v for epoch in smoothed for v in epoch] == pytest.approx(fastai_smoothed(flat), rel=REL)
    assert _column(book, "U") == [float(n) for n in range(6 * ROWS + 1, 7 * ROWS + 1)]


def test_reset_starts_the_smoothing_again(book):
    runner = runner_for(book, "one_cycle")
    _epochs(book, runner, 3)
    runner.reset()
    assert book.value(f"one_cycle!{LAY.names['loss_avg_in'].split(':')[0]}") == 0.0
    raw, smoothed = _column(book, "N"), _column(book, "S")
    assert smoothed == pytest.approx(fastai_smoothed(raw), rel=REL)
    assert _column(book, "U")[0] == 1.0


def test_a_new_beta_in_the_cell_resmooths_the_rows():
    params = GradDescParams(smooth_beta=0.9)
    book = build(params, sheets=["one_cycle"])
    runner = runner_for(book, "one_cycle", params=params)
    raw, smoothed = _epochs(book, runner, 2)
    flat = raw[0] + raw[1]
    assert smoothed[0] + smoothed[1] == pytest.approx(fastai_smoothed(flat, 0.9), rel=REL)


def test_the_records_carry_fastais_running_average_and_count(book):
    """Each epoch's record holds the average and count Run carried in (the
    state after the previous epoch's rows): fastai's ``mov_avg`` and ``n``."""
    runner = runner_for(book, "one_cycle")
    raw, _ = _epochs(book, runner, 4)
    records = runner.records
    assert [(r.loss_avg, r.loss_n) for r in records[:1]] == [(0.0, 0.0)]
    for e in range(1, 4):
        flat = [v for epoch in raw[:e] for v in epoch]
        mov_avg = 0.0
        for val in flat:
            mov_avg = 0.98 * mov_avg + (1 - 0.98) * val
        assert records[e].loss_avg == pytest.approx(mov_avg, rel=REL)
        assert records[e].loss_n == e * ROWS


def test_the_torch_reference_carries_the_smoothing_as_fastai(book):
    """The torch reference (sheetgd.reference.graddesc_torch) over 7 epochs:
    its running average and count at every epoch are fastai's over the raw
    losses of the iterations before (the losses the engine's sheet shows;
    the reference's equal them: `sheetgd verify`)."""
    from sheetgd.reference.graddesc_torch import TorchRunner
    from sheetgd.reference.verify import _torch_config

    params = GradDescParams()
    runner = runner_for(book, "one_cycle")
    raw, _ = _epochs(book, runner, 7)
    cfg = _torch_config([build(params, sheets=["one_cycle"])], [params], "one_cycle",
                        torch.device("cpu"))
    history = TorchRunner("one_cycle", cfg).run(7)
    for e in range(1, 8):
        flat = [v for epoch in raw[:e] for v in epoch]
        mov_avg = 0.0
        for val in flat:
            mov_avg = 0.98 * mov_avg + (1 - 0.98) * val
        assert history[e]["loss_avg"][0].item() == pytest.approx(mov_avg, rel=REL)
        assert history[e]["loss_n"][0].item() == e * ROWS


def test_verify_compares_the_carried_smoothing_bit_for_bit():
    from sheetgd.reference.verify import verify_graddesc

    params = [GradDescParams(), GradDescParams(seed=3, smooth_beta=0.9)]
    result = verify_graddesc(params, 12, torch.device("cpu"), sheets=("one_cycle",))["one_cycle"]
    total = result.total()
    # b, a, error, lr, two moments, two mean squares, average, count, smoothed error
    assert total.values == 2 * 13 * 11
    assert total.max_ulps == 0 and result.ok()


def test_the_macro_free_books_passes_carry_the_smoothing_on():
    """graddesc.xlsx lays out each epoch as a pass of the rows: the smoothed
    loss of each pass continues the passes before it (fastai over all the
    iterations laid out), and equals the run loop's."""
    from sheetgd.books import unrolled

    params = GradDescParams()
    book, layout = unrolled.build(params, epochs=7)
    passes = layout["one_cycle"].epoch_passes
    assert len(passes) == 8

    def rows(col, p):
        return [book.value(f"one_cycle!{col}{r + p.offset}") for r in range(LAY.first, LAY.last + 1)]

    raw = [v for p in passes for v in rows("N", p)]
    smoothed = [v for p in passes for v in rows("S", p)]
    assert smoothed == pytest.approx(fastai_smoothed(raw), rel=REL)
    live = build(sheets=["one_cycle"])
    _, want = _epochs(live, runner_for(live, "one_cycle"), 8)
    assert smoothed == [v for epoch in want for v in epoch]  # bit for bit
