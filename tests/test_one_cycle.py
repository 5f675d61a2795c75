"""The one-cycle sheets (issue 18 part 2) against torch.optim itself.

Expected values come from torch: OneCycleLR's get_last_lr() and the beta1
it sets, the torch reference (sheetgd.reference.graddesc_torch, maths
written from the formulas' operation order) and torch.optim.Adam driven by
OneCycleLR (sheetgd.reference.optim_parity).
"""

import math

import pytest

torch = pytest.importorskip("torch")

from sheetgd.books.graddesc import GradDescParams, build  # noqa: E402
from sheetgd.books.macros import runner_for  # noqa: E402
from sheetgd.books.parity import ParityParams  # noqa: E402
from sheetgd.reference.optim_parity import one_cycle  # noqa: E402
from sheetgd.reference.verify import verify_graddesc, verify_parity  # noqa: E402


def _torch_schedule(hp: dict, rows: int, steps: int):
    """(lr, beta1) OneCycleLR gives each of ``steps`` iterations."""
    model = torch.nn.Linear(1, 1)
    opt = torch.optim.Adam(model.parameters(), lr=hp["lr"], betas=(0.9, 0.9))
    sched = one_cycle(opt, hp, rows)
    out = []
    for _ in range(steps):
        out.append((sched.get_last_lr()[0], opt.param_groups[0]["betas"][0]))
        opt.step()
        sched.step()
    return out


def _sheet_schedule(book, sheet: str, runner, epochs: int, rows: int, lr_col: str, beta_col: str):
    got = []
    runner.reset()
    for e in range(epochs):
        got += [(book.value(f"{sheet}!{lr_col}{r}"), book.value(f"{sheet}!{beta_col}{r}"))
                for r in range(4, rows + 4)]
        if e < epochs - 1:
            runner.somesteps(1)
    return got


@pytest.mark.parametrize("sheet, lr_col, beta_col", [("one_cycle", "P", "Q"),
                                                     ("one_cycle_torch", "Q", "R")])
@pytest.mark.parametrize("rows, cycle", [(29, {}), (7, {"epochs": 3, "pct_start": 0.25,
                                                         "div": 10.0, "final_div": 100.0})])
def test_schedule_is_onecyclelr_at_every_iteration(sheet, lr_col, beta_col, rows, cycle):
    """Each row's lr equals OneCycleLR's get_last_lr() at that iteration within
    1e-15 relative (the issue's bound), and its beta1 the beta1 OneCycleLR
    sets; the iteration counts across the epochs Run makes."""
    params = GradDescParams(rows=rows, seed=None if rows == 29 else 4, one_cycle=cycle)
    parity = ParityParams({"one_cycle_torch": cycle})
    book = build(params, sheets=[sheet], parity_params=parity)
    hp = parity.of("one_cycle_torch") if sheet == "one_cycle_torch" else \
        {"lr": params.lr_of("one_cycle"), **params.one_cycle_of()}
    runner = runner_for(book, sheet, params=params, parity=parity)
    epochs = int(hp["epochs"])
    got = _sheet_schedule(book, sheet, runner, epochs, rows, lr_col, beta_col)
    want = _torch_schedule(hp, rows, epochs * rows)
    assert len(got) == len(want) == epochs * rows
    for i, ((lr, beta), (want_lr, want_beta)) in enumerate(zip(got, want)):
        assert abs(lr - want_lr) <= 1e-15 * abs(want_lr), (i, lr, want_lr)
        assert abs(beta - want_beta) <= 1e-15 * abs(want_beta), (i, beta, want_beta)
    lrs = [lr for lr, _ in got]
    peak = lrs.index(max(lrs))  # rises then falls; the momentum mirrors it
    assert 0 < peak < len(lrs) - 1 and got[peak][1] == min(b for _, b in got)
    assert math.isclose(lrs[0], hp["lr"] / hp["div"], rel_tol=1e-15)
    assert math.isclose(lrs[-1], hp["lr"] / hp["div"] / hp["final_div"], rel_tol=1e-12)


@pytest.mark.parametrize("params", [GradDescParams(),
                                    GradDescParams(rows=11, seed=2, lr={"one_cycle": 0.3},
                                                   one_cycle={"epochs": 2, "pct_start": 0.4})])
def test_engine_equals_torch_reference_bit_for_bit(params):
    """Every recorded value (b, a, error, lr, both moments, the smoothed
    error) equal to the torch reference's to the last bit, past the end of
    the cycle too (the schedule then holds its last step)."""
    result = verify_graddesc([params], 8, torch.device("cpu"), sheets=("one_cycle",))["one_cycle"]
    total = result.total()
    assert total.values > 0 and total.divergence_mismatch == 0
    assert total.max_ulps == 0


def test_parity_sheet_equals_torch_optim_over_50_epochs(monkeypatch):
    """one_cycle_torch against torch.optim.Adam + OneCycleLR stepping once per
    sample, 50 epochs (cycle of 50 epochs), within 1e-12 relative (fused
    kernels' last bits, as the other parity sheets)."""
    import sheetgd.books.parity as parity_module

    monkeypatch.setattr(parity_module, "PARITY_SHEETS", ("one_cycle_torch",))
    parity = ParityParams({"one_cycle_torch": {"epochs": 50}})
    result = verify_parity([GradDescParams()], 50, torch.device("cpu"), parity)["one_cycle_torch"]
    total = result.total()
    assert total.values > 0 and total.divergence_mismatch == 0
    assert total.max_rel <= 1e-12


def test_run_converges_over_one_cycle():
    """One press of Run is one cycle (5 epochs): the error falls (the lesson's
    point: a high peak lr, annealed, trains fast)."""
    book = build(sheets=["one_cycle"])
    runner = runner_for(book, "one_cycle")
    runner.run(5, reset=True)
    errors = [r.error for r in runner.records]
    assert errors[-1] < errors[0] / 5
