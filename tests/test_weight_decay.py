"""The weight decay sheets (issue 18, part 1): the lesson's two claims shown
numerically, the sheets against the independent float loop, torch and
torch.optim.

- wd_sgd: L2 regularisation with wd and decoupled weight decay with
  wd' = 2*wd are one SGD update written two ways, so the two trainings agree
  to rounding.  Tolerance 1e-12 relative: each row rounds the two forms
  differently (``b - (g + 2wd*b)*lr`` against ``b - lr*wd'*b - g*lr``), a few
  ulps per row that 29 rows x 50 epochs of a contracting update do not grow
  (measured: 4.4e-15 on b, 8.5e-14 absolute on the error ~96).
- wd_adam: Adam divides the L2 term by the root of the mean square, AdamW
  does not, so the trainings differ by far more than rounding.
- sgd_wd_torch: torch.optim.SGD(weight_decay=x) adds x*w to the gradient,
  which is wd_sgd's L2 side with wd = x/2 (the defaults, 0.02 and 0.01).
"""

from __future__ import annotations

import pytest
import torch

from sheetgd.books.graddesc import (
    DEFAULT_BETAS, DEFAULT_LR, DEFAULT_WEIGHT_DECAY, WEIGHT_DECAY_SHEETS, GradDescParams, build,
)
from sheetgd.books.macros import runner_for
from sheetgd.books.parity import DEFAULTS, ParityParams
from sheetgd.reference.verify import verify_graddesc, verify_parity

from .reference_loops import ReferenceRunner

EPOCHS = 50
CPU = torch.device("cpu")


@pytest.fixture(scope="module")
def book():
    return build()


def _run(book, sheet, epochs=EPOCHS):
    runner = runner_for(book, sheet)
    runner.run(epochs, reset=True)
    return runner.records


def test_the_defaults_make_decoupled_decay_twice_l2s():
    for sheet in WEIGHT_DECAY_SHEETS:
        wd, wd_dec = DEFAULT_WEIGHT_DECAY[sheet]
        assert wd_dec == 2 * wd
    assert DEFAULTS["sgd_wd_torch"]["weight_decay"] == 2 * DEFAULT_WEIGHT_DECAY["wd_sgd"][0]


def test_l2_and_decoupled_sgd_coincide_when_wd_prime_is_twice_wd(book):
    records = _run(book, "wd_sgd")
    assert records[-1].b > 3  # the trainings moved (b starts at 1): not two copies of a start
    for r in records:
        for l2, dec in ((r.b, r.dec_b), (r.a, r.dec_a), (r.error, r.dec_error)):
            assert dec == pytest.approx(l2, rel=1e-12, abs=0), r.epoch


def test_they_part_when_wd_prime_is_not_twice_wd():
    """The equality above is the wd' = 2*wd relation's, not the layout's."""
    book = build(GradDescParams(weight_decay={"wd_sgd": (0.01, 0.01)}), parity=False)
    last = _run(book, "wd_sgd")[-1]
    assert abs(last.dec_b - last.b) > 1e-4 * abs(last.b)


def test_l2_and_decoupled_adam_differ(book):
    records = _run(book, "wd_adam")
    last = records[-1]
    # AdamW decays b (true value 30) at the same rate whatever its gradients;
    # Adam with L2 divides the decay by sqrt(mean square): it ends nearer 30
    assert abs(last.b - last.dec_b) > 0.1 * abs(last.b)
    assert abs(last.b - 30) < abs(last.dec_b - 30)
    differing = [r for r in records[1:] if abs(r.error - r.dec_error) > 1e-3 * r.error]
    assert len(differing) == EPOCHS


@pytest.mark.parametrize("sheet", WEIGHT_DECAY_SHEETS)
def test_the_sheets_equal_the_independent_float_loop(book, sheet):
    betas = tuple(b or 0.0 for b in DEFAULT_BETAS.get(sheet, (None, None)))
    want = ReferenceRunner(sheet, DEFAULT_LR[sheet], betas,
                           decays=DEFAULT_WEIGHT_DECAY[sheet]).run(20)
    got = _run(book, sheet, 20)
    for rec, w in zip(got, want):
        assert (rec.b, rec.a, rec.error, rec.lr) == (w["b"], w["a"], w["error"], w["lr"])
        assert (rec.dec_b, rec.dec_a, rec.dec_error) == w["dec"]
        if w["mom"] is not None:
            assert (rec.mom_b, rec.mom_a, rec.ms_b, rec.ms_a) == (*w["mom"], *w["ms"])


def test_engine_and_torch_reference_are_bit_exact_over_50_epochs():
    configs = [GradDescParams(), GradDescParams(seed=3, lr={"wd_sgd": 0.001, "wd_adam": 0.5},
                                                weight_decay={"wd_adam": (0.1, 0.05)})]
    results = verify_graddesc(configs, EPOCHS, CPU, sheets=WEIGHT_DECAY_SHEETS)
    for name, res in results.items():
        total = res.total()
        assert total.values >= 2 * (EPOCHS + 1) * 7, name  # b, a, error, lr and the decoupled three
        assert total.max_ulps == 0 and total.divergence_mismatch == 0, name


def test_parity_sheets_follow_torch_optim_over_50_epochs():
    wd = ParityParams({s: {"weight_decay": 0.1} for s in ("adam_l2_torch", "adamw_torch")})
    for parity in (None, wd):
        results = verify_parity([GradDescParams()], EPOCHS, CPU, parity)
        for sheet in ("sgd_wd_torch", "adam_l2_torch", "adamw_torch"):
            assert results[sheet].ok(), (sheet, results[sheet].total())
            assert results[sheet].total().values >= (EPOCHS + 1) * 4


def test_torch_sgd_weight_decay_is_l2_with_half_the_rate(book):
    sgd = _run(book, "wd_sgd")
    torch_sheet = _run(book, "sgd_wd_torch")
    for l2, t in zip(sgd, torch_sheet):
        assert t.b == pytest.approx(l2.b, rel=1e-12) and t.a == pytest.approx(l2.a, rel=1e-12)


def test_adamw_and_adam_with_weight_decay_differ_in_torch_too(book):
    l2, w = _run(book, "adam_l2_torch")[-1], _run(book, "adamw_torch")[-1]
    assert abs(l2.b - w.b) > 0.1 * abs(l2.b)
