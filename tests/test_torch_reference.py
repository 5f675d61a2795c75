"""The torch reference against the engine (``sheetgd verify``), the
torch.optim parity sheets against torch.optim, and ``sheetgd sweep``.

Tolerances (see sheetgd/reference/verify.py for the reasons): graddesc on the
CPU 0 ulps; entropy 2 ulps; parity sheets vs torch.optim 1e-12 relative.
"""

from __future__ import annotations

import csv
import json
import math
import random

import numpy as np
import pytest
import torch
from click.testing import CliRunner

from sheetgd.books.graddesc import OPTIMISERS, GradDescParams
from sheetgd.cli import main
from sheetgd.reference.graddesc_torch import Config, TorchRunner, resolve_device, sqrt
from sheetgd.reference.sweep import parse_grid, run_sweep
from sheetgd.reference.verify import (
    Diff, sweep_configs, ulps, verify_entropy, verify_graddesc, verify_parity,
)

CPU = torch.device("cpu")


@pytest.mark.parametrize("epochs", [5, 50])
def test_engine_and_torch_agree_bit_for_bit(epochs):
    results = verify_graddesc([GradDescParams()], epochs, CPU)
    assert set(results) == set(OPTIMISERS)
    for name, res in results.items():
        assert len(res.epochs) == epochs + 1
        total = res.total()
        assert total.values >= (epochs + 1) * 4
        assert total.max_ulps == 0 and total.divergence_mismatch == 0, name


def test_updated_carry_agrees_too():
    for name, res in verify_graddesc([GradDescParams()], 10, CPU, carry="updated").items():
        assert res.total().max_ulps == 0, name


def test_a_sweep_including_divergent_rates_agrees():
    configs = sweep_configs(np.logspace(-5, 0, 8), GradDescParams(rows=12, seed=4))
    results = verify_graddesc(configs, 5, CPU)
    for name, res in results.items():
        assert res.total().max_ulps == 0 and res.total().divergence_mismatch == 0, name
    # lr = 1 on basic overflows: both sides must have seen it
    assert sum(d.values for d in results["basic"].epochs) > 0


def test_entropy_within_two_ulps():
    res = verify_entropy(CPU)
    assert res.ok() and res.total().max_ulps <= 2 and res.total().values > 50


def test_parity_sheets_follow_torch_optim():
    results = verify_parity([GradDescParams()], 20, CPU)
    for name, res in results.items():
        total = res.total()
        assert total.max_rel <= 1e-12, (name, total.max_rel)
        assert total.values > 20 * 4


def test_sqrt_helper_is_ieee_on_the_cpu():
    values = [random.Random(1).uniform(1e-9, 1e9) for _ in range(1)] + \
             [random.Random(i).uniform(0, 1) for i in range(2000)]
    got = sqrt(torch.tensor(values, dtype=torch.float64)).tolist()
    assert got == [math.sqrt(v) for v in values]


def test_batched_configurations_are_independent():
    x = torch.tensor([[14.0, 86.0, 28.0]] * 3, dtype=torch.float64)
    y = 30 + 2 * x

    def cfg(lrs):
        n = len(lrs)
        t = lambda v: torch.full((n,), v, dtype=torch.float64)  # noqa: E731
        return Config(x[:n], y[:n], torch.tensor(lrs, dtype=torch.float64), t(0.9), t(0.9),
                      t(1.0), t(1.0))

    together = TorchRunner("adam", cfg([0.1, 0.5, 1.0])).run(4)
    alone = TorchRunner("adam", cfg([0.5])).run(4)
    assert together[-1]["error"][1].item() == alone[-1]["error"][0].item()


def test_ulps():
    assert ulps(1.0, 1.0) == 0 and ulps(1.0, math.nextafter(1.0, 2)) == 1
    assert ulps(-0.0, 0.0) == 0 and ulps(-1e-320, 1e-320) == 2 * ulps(0.0, 1e-320)
    d = Diff()
    d.add(float("nan"), 1.0)
    assert d.divergence_mismatch == 1


def test_device_resolution():
    assert resolve_device("cpu").type == "cpu"
    if not torch.cuda.is_available():
        with pytest.raises(RuntimeError):
            resolve_device("cuda")
        assert resolve_device("auto").type == "cpu"


def test_verify_cli_json():
    result = CliRunner().invoke(main, ["verify", "--epochs", "3", "--json", "--sweep", "4"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert set(report) >= {"ok", "device", "epochs", "max_abs", "max_rel", "sheets"}
    assert report["ok"] is True and report["epochs"] == 3
    assert {"basic", "adam_ann", "entropy", "adam_torch", "adam[sweep]"} <= set(report["sheets"])
    assert set(report["sheets"]["adam"]) >= {"ok", "max_abs", "max_rel"}
    assert report["sheets"]["adam"]["max_abs"] == 0.0


def test_verify_cli_table():
    result = CliRunner().invoke(main, ["verify", "--epochs", "1", "--no-parity"])
    assert result.exit_code == 0, result.output
    assert result.output.strip().splitlines()[-1].startswith("OK: device cpu")


def test_parse_grid():
    grid = parse_grid("1e-5:1:6")
    assert len(grid) == 6 and grid[0] == pytest.approx(1e-5) and grid[-1] == pytest.approx(1.0)
    assert list(parse_grid("0.25")) == [0.25]
    for bad in ("1:0.1:5", "x", "0:1:4", "1e-5:1"):
        with pytest.raises(ValueError):
            parse_grid(bad)


def test_sweep_marks_divergence_and_finds_a_rate():
    res = run_sweep("basic", np.logspace(-5, 0, 12), 5, CPU)
    assert (res.diverged_at >= 0).any() and (res.diverged_at < 0).any()
    best = res.best()
    assert best is not None and res.lrs[best] < 1e-3


def test_sweep_cli_writes_csv_and_plot(tmp_path):
    result = CliRunner().invoke(main, ["sweep", "--sheet", "all", "--lr", "1e-5:1:10",
                                       "--out", str(tmp_path), "--check", "2"])
    assert result.exit_code == 0, result.output
    assert "configuration-rows/s" in result.output and "DISAGREES" not in result.output
    rows = list(csv.DictReader((tmp_path / "sweep.csv").open()))
    assert len(rows) == 10 * len(OPTIMISERS) and {r["sheet"] for r in rows} == set(OPTIMISERS)
    assert any(r["diverged"] == "True" for r in rows)
    assert (tmp_path / "sweep.png").read_bytes()[:4] == b"\x89PNG"


@pytest.mark.parametrize("grid", ["1e308:1.7e308:3", "1e-320:1.7e308:12"])
def test_sweep_plot_of_rates_up_to_the_largest_float(tmp_path, grid):
    """sweep --sheet basic --lr 1e308:1.7e308:3: the plot's lr axis stays
    within the floats (matplotlib's margin and decade ticks past 1e308 are
    inf: an OverflowError stopped the sweep before sweep.png)."""
    result = CliRunner().invoke(main, ["sweep", "--sheet", "basic", "--lr", grid, "--epochs", "1",
                                       "--out", str(tmp_path), "--check", "1", "--device", "cpu",
                                       "--rows", "3"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "sweep.png").read_bytes()[:4] == b"\x89PNG"


@pytest.mark.parametrize("sheet", ["rmsprop", "adam", "adam_ann"])
def test_an_overflowing_mean_square_stays_diverged_on_both_sides(sheet):
    """Excel's #NUM! for an overflow stays in every cell that reads it; an
    infinity would not (x / SQRT(inf) = 0 brings a and b back), so torch
    keeps NaN there, and engine and torch diverge together."""
    params = GradDescParams(rows=5, seed=7, init_a=1e150, init_b=-1e150)
    total = verify_graddesc([params], 3, CPU, sheets=(sheet,))[sheet].total()
    assert total.values > 0
    assert total.divergence_mismatch == 0 and total.max_ulps == 0


@pytest.mark.parametrize("sheet, grid, edge", [
    ("adam", "1e-5:1e-3:5", "highest"),  # after 2 epochs the error still falls with the rate
    ("basic", "1e-3:1:4", "lowest"),  # every rate above 1e-3 diverges on basic
    ("adam", "1e-2:10:20", None),  # the best rate lies inside (0.26: the error rises again)
])
def test_a_best_rate_at_the_grids_edge_is_warned_about(tmp_path, sheet, grid, edge):
    result = CliRunner().invoke(main, ["sweep", "--sheet", sheet, "--lr", grid, "--epochs", "2",
                                       "--check", "0", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.stderr.splitlines() if line.startswith("sheetgd: warning")]
    res = run_sweep(sheet, parse_grid(grid), 2, CPU)
    best = res.best()
    if edge is None:
        assert warnings == [] and 0 < best < len(res.lrs) - 1
        return
    assert best == (0 if edge == "lowest" else len(res.lrs) - 1)
    [line] = warnings
    assert line.startswith(f"sheetgd: warning: {sheet}: the best learning rate, "
                           f"{res.lrs[best]:.4g}, is the grid's {edge} (")
    assert "widen the grid, e.g. --lr " in line


#: Issue 18's sheets: the lesson-style ones (engine vs torch reference, 0 ulps
#: on the CPU) and the parity ones (vs torch.optim, 1e-12 relative).
LESSON_5_SHEETS = ("wd_sgd", "wd_adam", "one_cycle", "lr_find")
LESSON_5_PARITY = ("sgd_wd_torch", "adam_l2_torch", "adamw_torch", "one_cycle_torch")


def test_verify_json_lists_the_lesson_5_sheets_within_their_tolerances():
    """Issue 18's first Done-means line, as ``sheetgd verify --json`` reports
    it over 50 epochs on the CPU: 0 ulps for the lesson-style sheets,
    1e-12 relative for the parity sheets, and one_cycle's lr (and beta1) at
    every iteration equal to OneCycleLR's get_last_lr() within 1e-15."""
    result = CliRunner().invoke(main, ["verify", "--epochs", "50", "--json", "--device", "cpu"])
    assert result.exit_code == 0, result.output
    sheets = json.loads(result.output)["sheets"]
    for name in LESSON_5_SHEETS:
        assert sheets[name]["ok"] and sheets[name]["max_ulps"] == 0, (name, sheets[name])
    for name in LESSON_5_PARITY:
        assert sheets[name]["ok"] and sheets[name]["max_rel"] <= 1e-12, (name, sheets[name])
    for name in ("one_cycle[schedule]", "one_cycle_torch[schedule]"):
        assert sheets[name]["ok"] and sheets[name]["max_rel"] <= 1e-15, (name, sheets[name])
        assert sheets[name]["divergence_mismatches"] == 0


def test_the_schedule_check_sees_another_schedule(monkeypatch):
    """verify_schedule fails when torch's schedule is not the sheet's (pct_start
    0.31 against the sheet's 0.3): the check can tell."""
    import sheetgd.reference.optim_parity as optim_parity
    from sheetgd.reference.verify import verify_schedule

    real = optim_parity.one_cycle
    monkeypatch.setattr(optim_parity, "one_cycle",
                        lambda opt, hp, rows: real(opt, {**hp, "pct_start": 0.31}, rows))
    results = verify_schedule(GradDescParams(), parity=False)
    assert list(results) == ["one_cycle[schedule]"]
    assert not results["one_cycle[schedule]"].ok()
