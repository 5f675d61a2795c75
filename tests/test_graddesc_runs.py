"""The graddesc run loops against an independent float loop (reference_loops).

Both sides evaluate the same operations in the same order, so the histories
are compared exactly (0 ulp); a difference would mean a different formula or
a different calculation-mode step, not rounding.
"""

from __future__ import annotations

import math

import pytest

from sheetgd.books.graddesc import (
    DEFAULT_BETAS, DEFAULT_LR, DEFAULT_WEIGHT_DECAY, ONE_CYCLE_SHEETS, OPTIMISERS, WEIGHT_DECAY_SHEETS, GradDescParams,
    build,
)
from sheetgd.books.macros import runner_for

from .reference_loops import ReferenceRunner, epoch

EPOCHS = 20


def _betas(sheet):
    b1, b2 = DEFAULT_BETAS.get(sheet, (None, None))
    return (b1 or 0.0, b2 or 0.0)


def _engine_history(sheet, carry, epochs=EPOCHS, params=None):
    book = build(params or GradDescParams())
    runner = runner_for(book, sheet, carry=carry, params=params)
    runner.run(epochs, reset=True)
    return runner


@pytest.mark.parametrize("carry", ["faithful", "updated"])
@pytest.mark.parametrize("sheet", [s for s in OPTIMISERS if s not in ONE_CYCLE_SHEETS])  # its own: test_one_cycle
def test_history_matches_the_independent_loop(sheet, carry):
    runner = _engine_history(sheet, carry)
    ref = ReferenceRunner(sheet, DEFAULT_LR[sheet], _betas(sheet), carry=carry,
                          decays=DEFAULT_WEIGHT_DECAY.get(sheet)).run(EPOCHS)
    assert len(runner.records) == len(ref) == EPOCHS + 1
    for rec, want in zip(runner.records, ref):
        got = (rec.b, rec.a, rec.error, rec.lr)
        assert got == (want["b"], want["a"], want["error"], want["lr"]), f"epoch {rec.epoch}"
        if want["mom"] is not None:
            assert (rec.mom_b, rec.mom_a) == want["mom"]
        if want["ms"] is not None:
            assert (rec.ms_b, rec.ms_a) == want["ms"]
        if want["dec"] is not None:
            assert (rec.dec_b, rec.dec_a, rec.dec_error) == want["dec"]


def test_the_two_carry_modes_differ():
    faithful = _engine_history("adam", "faithful", 5).records[-1]
    updated = _engine_history("adam", "updated", 5).records[-1]
    assert faithful.b != updated.b


def test_adam_ann_lr_schedule():
    runner = _engine_history("adam_ann", "faithful")
    ref = ReferenceRunner("adam_ann", 1.0, (0.9, 0.95)).run(EPOCHS)
    schedule = [r.lr for r in runner.records]
    assert schedule == [r["lr"] for r in ref]
    assert schedule[0] == 1.0 and 0.0625 in schedule  # annealed twice by epoch 20
    assert all(later <= earlier for earlier, later in zip(schedule, schedule[1:]))
    assert all(later in (earlier, earlier / 4) for earlier, later in zip(schedule, schedule[1:]))


def test_adam_gets_close_to_b30_while_sgd_crawls():
    adam = _engine_history("adam_ann", "faithful").records[-1]
    basic = _engine_history("basic", "faithful").records[-1]
    assert abs(adam.b - 30) < 3 and abs(adam.a - 2) < 0.1
    assert basic.b < 3  # 20 epochs of plain SGD at lr 1e-4 barely move b


def test_a_full_recalculation_agrees_with_the_independent_loop():
    """Every row of a freshly built sheet (state after Reset) equals the loop's."""
    book = build()
    for sheet in (s for s in OPTIMISERS if s not in WEIGHT_DECAY_SHEETS + ONE_CYCLE_SHEETS):  # theirs: test_weight_decay, test_one_cycle
        state = {}
        if sheet in ("momentum", "adam", "adam_ann"):
            (mb, ma), = book.value(f"{sheet}!momtarget")
            state["mom"] = (mb, ma)
        if sheet in ("rmsprop", "adam", "adam_ann"):
            (sb, sa), = book.value(f"{sheet}!gradtarget")
            state["ms"] = (sb, sa)
        lr = book.value(f"{sheet}!F1" if sheet == "basic" else f"{sheet}!lr")
        x = [book.value(f"{sheet}!A{r}") for r in range(4, 33)]
        y = [book.value(f"{sheet}!B{r}") for r in range(4, 33)]
        want = epoch(sheet, x, y, book.value(f"{sheet}!const"), book.value(f"{sheet}!slope"),
                     lr, _betas(sheet), state)
        new_b, new_a = ("N", "M") if sheet == "basic" else ("H", "I")
        for i, (c, d, nb, na, g1, g2) in enumerate(want["rows"]):
            r = 4 + i
            assert book.value(f"{sheet}!C{r}:D{r}") == [[c, d]]
            assert book.value(f"{sheet}!{new_b}{r}") == nb and book.value(f"{sheet}!{new_a}{r}") == na
            grads = ("K", "L") if sheet == "basic" else ("F", "G")
            assert book.value(f"{sheet}!{grads[0]}{r}:{grads[1]}{r}") == [[g1, g2]]
        assert book.value(f"{sheet}!rmse") == want["error"]


def test_basic_finite_differences_estimate_the_gradient():
    book = build()
    for r in (4, 17, 32):
        analytic_b, analytic_a = book.value(f"basic!K{r}"), book.value(f"basic!L{r}")
        est_b, est_a = book.value(f"basic!H{r}"), book.value(f"basic!J{r}")
        x = book.value(f"basic!A{r}")
        # forward differences with step h = 0.01 are off by h (for b) and h*x^2 (for a)
        assert est_b == pytest.approx(analytic_b + 0.01, abs=1e-6)
        assert est_a == pytest.approx(analytic_a + 0.01 * x * x, rel=1e-9)


def test_basic_history_is_appended_below_paste_error_here():
    book = build()
    runner = runner_for(book, "basic")
    runner.run(7, reset=True)
    recorded = [book.value(f"basic!C{r}") for r in range(38, 46)]
    assert recorded[:7] == [rec.error for rec in runner.records[1:]]
    assert recorded[7] is None
    runner.reset()
    assert book.value("basic!C38") is None


def test_history_block_in_the_sheet():
    book = build()
    runner = runner_for(book, "adam")
    runner.run(3, reset=True)
    rows = book.value("adam!P4:T7")
    assert [r[0] for r in rows] == [0.0, 1.0, 2.0, 3.0]
    assert [r[3] for r in rows] == [rec.error for rec in runner.records]
    assert book.value("adam!P3:T3") == [["epoch", "b", "a", "error", "lr"]]
    assert book.value("adam!P8") is None


def test_divergence_is_a_result_not_a_crash():
    runner = _engine_history("basic", "faithful", 5, GradDescParams(lr={"basic": 0.01}))
    assert runner.diverged_at is not None and runner.diverged_at <= 4
    assert len(runner.records) == 6  # the macro keeps copying error values
    errors = [r.error for r in runner.records]
    assert any(getattr(e, "kind", None) == "#NUM!" for e in errors)


def test_adam_ann_stops_like_the_macro_on_error_values():
    book = build()
    runner = runner_for(book, "adam_ann")
    runner.run(5, reset=True, lr=1e300)
    assert runner.stopped and "Type mismatch" in runner.stopped
    assert runner.diverged_at == 0


def test_dataframe_api():
    book = build()
    frame = runner_for(book, "momentum").run(4, reset=True)
    assert list(frame.columns[:6]) == ["sheet", "epoch", "b", "a", "error", "lr"]
    assert list(frame["epoch"]) == [0, 1, 2, 3, 4]
    assert frame["mom_b"].notna().all() and frame["ms_b"].isna().all()
    assert math.isfinite(frame["error"].iloc[-1])


def test_parameters_change_the_book():
    params = GradDescParams(rows=50, seed=7, true_a=3.0, true_b=-4.0, init_a=0.5, init_b=0.0,
                            lr={"adam": 0.5}, betas={"adam": (0.8, 0.99)})
    book = build(params)
    x = [book.value(f"adam!A{r}") for r in range(4, 54)]
    assert x == [book.value(f"data!B{r}") for r in range(5, 55)]  # the same draw
    assert all(1 <= v <= 100 and v == int(v) for v in x)
    assert book.value("adam!B10") == -4.0 + book.value("adam!A10") * 3.0
    assert book.value("adam!lr") == 0.5 and book.value("adam!J1") == 0.8 and book.value("adam!L1") == 0.99
    assert book.formula("adam!H53") == "=C53-J53*$D$2/SQRT(L53)"
    assert book.formula("adam!N54") == "=SQRT(SUM(N4:N53))"
    assert book.value("adam!lastslope") == book.value("adam!D53")
    ref = ReferenceRunner("adam", 0.5, (0.8, 0.99), x=x, true_a=3.0, true_b=-4.0,
                          init_a=0.5, init_b=0.0).run(5)
    got = runner_for(book, "adam", params=params)
    got.run(5, reset=True)
    assert [r.error for r in got.records] == [r["error"] for r in ref]


def test_seeded_draws_are_reproducible_and_differ_by_seed():
    a = build(GradDescParams(seed=1)).value("basic!A4:A32")
    b = build(GradDescParams(seed=1)).value("basic!A4:A32")
    c = build(GradDescParams(seed=2)).value("basic!A4:A32")
    assert a == b and a != c


@pytest.mark.parametrize("bad", [dict(rows=1), dict(lr={"adam": 0}), dict(lr={"nope": 1}),
                                 dict(betas={"adam": (1.0, 0.9)})])
def test_bad_parameters_are_refused(bad):
    with pytest.raises(ValueError):
        GradDescParams(**bad)
