"""The lesson-5 sheets' generator options on the command line (issue 18:
"every generator parameter honoured"): ``--wd``, ``--weight-decay``,
``--smooth-beta``, the one-cycle options and lr_find's, in ``build``, ``run``
and ``verify``, and their one-line errors.

Expected values come from independent references: the float loop
(tests/reference_loops.py), fastai's smoothing and finder in numpy
(tests/test_smoothing.py, tests/test_lr_find.py) and torch's OneCycleLR;
what a cell holds is the option's value as typed.
"""

from __future__ import annotations

import json

import openpyxl
import pytest
from click.testing import CliRunner

from sheetgd.books.graddesc import DEFAULT_LR, GradDescParams
from sheetgd.cli import main

from .reference_loops import ReferenceRunner
from .test_lr_find import _close, fastai_lr_find
from .test_smoothing import fastai_smoothed

ROOT = __import__("pathlib").Path(__file__).parent.parent


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def _json(*args):
    result = run(*args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_run_honours_both_weight_decays_and_the_smoothing_beta():
    """wd_sgd with wd 0.005 (L2) and wd' 0.03 (decoupled, no longer 2*wd):
    the records equal the float loop's with those decays, bit for bit, and
    the smoothed error is fastai's with beta 0.5 (1e-12 relative, as
    tests/test_smoothing.py)."""
    records = _json("run", "graddesc", "--sheet", "wd_sgd", "--epochs", 6, "--wd", "wd_sgd=0.005",
                    "--weight-decay", "0.03", "--smooth-beta", 0.5)
    want = ReferenceRunner("wd_sgd", DEFAULT_LR["wd_sgd"], (0.0, 0.0),
                           decays=(0.005, 0.03)).run(6)
    assert [(r["b"], r["a"], r["error"]) for r in records] == \
        [(w["b"], w["a"], w["error"]) for w in want]
    assert [(r["dec_b"], r["dec_a"], r["dec_error"]) for r in records] == [w["dec"] for w in want]
    assert records[-1]["b"] != records[-1]["dec_b"]  # wd' != 2*wd: the two sides part
    errors = [r["error"] for r in records]
    assert [r["smoothed_error"] for r in records] == \
        pytest.approx(fastai_smoothed(errors, 0.5), rel=1e-12)


def test_run_lr_find_honours_its_settings_and_the_beta():
    """lr_find's rows with start_lr, end_lr, num_it and beta from the options
    against fastai's finder in numpy (1e-12 relative, as tests/test_lr_find.py)."""
    data = _json("run", "graddesc", "--sheet", "lr_find", "--start-lr", 1e-6, "--end-lr", 1,
                 "--num-it", 40, "--smooth-beta", 0.9)
    ref = fastai_lr_find(GradDescParams(), 1e-6, 1.0, 40, 0.9)
    assert len(data["rows"]) == 40
    assert [r["diverged"] for r in data["rows"]] == ref["flags"]
    for r in data["rows"]:
        assert _close(r["lr"], ref["lr"][r["iteration"]], 1e-12)
        if not r["diverged"]:
            assert _close(r["smoothed"], ref["smoothed"][r["iteration"]], 1e-12)
    assert _close(data["lr_min"], ref["lr_min"], 1e-12)


def _onecyclelr(lr_max, rows, epochs, pct_start, div, final_div, mom_max, mom_base):
    """(lr, beta1) torch's OneCycleLR gives each iteration of the cycle."""
    torch = pytest.importorskip("torch")
    opt = torch.optim.Adam(torch.nn.Linear(1, 1).parameters(), lr=lr_max,
                           betas=(mom_max, 0.999))
    sched = torch.optim.lr_scheduler.OneCycleLR(
        opt, max_lr=lr_max, epochs=epochs, steps_per_epoch=rows, pct_start=pct_start,
        div_factor=div, final_div_factor=final_div, max_momentum=mom_max,
        base_momentum=mom_base, three_phase=False)
    out = []
    for _ in range(epochs * rows):
        out.append((sched.get_last_lr()[0], opt.param_groups[0]["betas"][0]))
        opt.step()
        sched.step()
    return out


CYCLE_ARGS = ("--cycle-epochs", 3, "--pct-start", 0.4, "--div-factor", 10,
              "--final-div-factor", 100, "--max-momentum", 0.9, "--base-momentum", 0.8)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("options")
    result = run("build", "--out", out, "--epochs", 4, "--wd", "wd_adam=0.05",
                 "--weight-decay", "adamw_torch=0.1", "--weight-decay", "wd_adam=0.07",
                 "--smooth-beta", 0.9, *CYCLE_ARGS, "--start-lr", 1e-6, "--num-it", 30,
                 "--lr", "one_cycle_torch=0.3", "--beta1", "adamw_torch=0.8")
    assert result.exit_code == 0, result.output
    return out


@pytest.mark.parametrize("name", ["graddesc.xlsm", "graddesc.xlsx"])
def test_build_writes_every_setting_into_both_books(built, name):
    """The cells hold the options' values; the untouched parity sheet keeps
    its default (0.02)."""
    wb = openpyxl.load_workbook(built / name)
    wd = wb["wd_adam"]
    assert [wd[c].value for c in ("N1", "O1", "P1", "Q1")] == ["wd", 0.05, "wd'", 0.07]
    assert wb["wd_sgd"]["J1"].value == 0.01  # not given: the default
    cycle = wb["one_cycle"]
    assert [cycle[c].value for c in ("P1", "R1", "P2", "R2", "X1", "X2")] == \
        [3, 0.4, 10, 100, 0.9, 0.8]
    finder = wb["lr_find"]
    assert (finder["F1"].value, finder["H1"].value, finder["H2"].value) == (1e-6, 30, 0.9)
    if name == "graddesc.xlsm":
        assert wb["adamw_torch"]["Q1"].value == 0.1 and wb["adam_l2_torch"]["Q1"].value == 0.02
        assert [wb["one_cycle_torch"][c].value for c in ("Q1", "S1", "Q2", "S2")] == \
            [3, 0.4, 10, 100]
        # a parity sheet's --lr and --beta1: torch.optim's lr (max_lr) and betas[0]
        assert wb["one_cycle_torch"]["D2"].value == 0.3 and wb["adamw_torch"]["J1"].value == 0.8
        assert wb["adam_torch"]["J1"].value == 0.9


@pytest.mark.parametrize("name", ["graddesc.xlsm", "graddesc.xlsx"])
def test_the_built_one_cycle_rows_follow_onecyclelr_with_the_options(built, name):
    """The first epoch's lr and beta1 (cached values) equal torch's OneCycleLR
    with the same settings within 1e-15 relative (the issue's bound)."""
    values = openpyxl.load_workbook(built / name, data_only=True)
    sheets = {"one_cycle": "OPQ"}
    if name == "graddesc.xlsm":
        sheets["one_cycle_torch"] = "PQR"
    for sheet, (step_col, lr_col, beta_col) in sheets.items():
        ws = values[sheet]
        want = _onecyclelr(ws["D2"].value, 29, 3, 0.4, 10.0, 100.0, 0.9, 0.8)
        # the first epoch's rows (graddesc.xlsx: its first pass, below row 3)
        top = next(r for r in range(4, ws.max_row + 1) if ws[f"{step_col}{r}"].value == 0)
        assert [ws[f"{step_col}{top + i}"].value for i in range(29)] == list(range(29))
        for i in range(29):
            lr, beta = ws[f"{lr_col}{top + i}"].value, ws[f"{beta_col}{top + i}"].value
            assert abs(lr - want[i][0]) <= 1e-15 * want[i][0], (sheet, i)
            assert abs(beta - want[i][1]) <= 1e-15 * want[i][1], (sheet, i)


def test_the_built_xlsx_smooths_with_the_beta(built):
    """graddesc.xlsx's history: the smoothed error is fastai's over the raw
    errors with beta 0.9 (1e-12 relative)."""
    values = openpyxl.load_workbook(built / "graddesc.xlsx", data_only=True)
    from sheetgd.books.unrolled import HISTORY_ROW

    ws = values["adam"]
    header = {c.value: c.column for c in ws[HISTORY_ROW] if c.value}
    rows = range(HISTORY_ROW + 1, HISTORY_ROW + 6)
    errors = [ws.cell(r, header["error"]).value for r in rows]
    smoothed = [ws.cell(r, header["smoothed_error"]).value for r in rows]
    assert smoothed == pytest.approx(fastai_smoothed(errors, 0.9), rel=1e-12)


def test_verify_honours_the_options():
    """verify builds with the options: every sheet still within its
    tolerance, the parity sheets against torch.optim with weight_decay 0.1
    and the cycle of 3 epochs."""
    pytest.importorskip("torch")
    report = _json("verify", "--epochs", 3, "--device", "cpu", "--weight-decay", 0.1,
                   "--wd", 0.04, "--smooth-beta", 0.7, *CYCLE_ARGS, "--num-it", 30,
                   "--lr", "one_cycle_torch=0.3", "--beta1", "adamw_torch=0.8")
    assert report["ok"], report
    assert {"wd_sgd", "wd_adam", "one_cycle", "lr_find", "sgd_wd_torch", "adam_l2_torch",
            "adamw_torch", "one_cycle_torch"} <= set(report["sheets"])


def test_the_options_reach_the_generator_parameters():
    """What verify builds from: the options as GradDescParams fields."""
    from sheetgd.cli import _graddesc_params

    params = _graddesc_params(29, None, lr=("one_cycle_torch=0.3", "adam=0.5"),
                              beta2=("adam_l2_torch=0.99",),
                              lesson={"wd": ("wd_sgd=0.1",), "weight_decay": ("0.3",),
                                      "smooth_beta": 0.5, "pct_start": 0.2, "num_it": 9})
    assert params.lr_of("adam") == 0.5
    assert params.parity_params().of("one_cycle_torch")["lr"] == 0.3
    assert params.parity_params().of("adam_l2_torch")["beta2"] == 0.99
    assert params.weight_decay_of("wd_sgd") == (0.1, 0.3)
    assert params.weight_decay_of("wd_adam") == (0.01, 0.3)
    assert params.parity_params().of("adamw_torch")["weight_decay"] == 0.3
    assert params.parity_params().of("one_cycle_torch")["pct_start"] == 0.2
    assert params.one_cycle_of()["pct_start"] == 0.2
    assert (params.lr_find_params().num_it, params.lr_find_params().beta) == (9, 0.5)


@pytest.mark.parametrize("args,named", [
    (["build", "--wd", "wd_sgd=-1"], "'--wd'"),
    (["build", "--wd", "adam=0.1"], "'--wd'"),
    (["build", "--weight-decay", "wd_adam=nan"], "'--weight-decay'"),
    (["build", "--smooth-beta", "1"], "'--smooth-beta'"),
    (["build", "--pct-start", "0"], "'--pct-start'"),
    (["build", "--div-factor", "0"], "'--div-factor'"),
    (["build", "--final-div-factor", "-2"], "'--final-div-factor'"),
    (["build", "--max-momentum", "1"], "'--max-momentum'"),
    (["build", "--base-momentum", "-0.1"], "'--base-momentum'"),
    (["build", "--cycle-epochs", "0"], "'--cycle-epochs'"),
    (["build", "--num-it", "1"], "'--num-it'"),
    (["build", "--start-lr", "0"], "'--start-lr'"),
    (["build", "--start-lr", "20"], "'--start-lr'/'--end-lr'"),
    (["run", "graddesc", "--sheet", "adam", "--pct-start", "0.5"], "'--pct-start'"),
    (["run", "graddesc", "--sheet", "adam", "--num-it", "50"], "'--num-it'"),
    (["run", "graddesc", "--sheet", "wd_sgd", "--weight-decay", "adamw_torch=0.1"],
     "'--weight-decay'"),
    (["verify", "--smooth-beta", "2"], "'--smooth-beta'"),
    (["verify", "--lr", "adamw_torch=0"], "'--lr'"),
    (["verify", "--beta1", "one_cycle_torch=0.5"], "'--beta1'"),
    (["run", "graddesc", "--lr", "one_cycle_torch=0.3"], "'--lr'"),
])
def test_a_bad_value_is_one_line_naming_the_option(tmp_path, args, named):
    if args[0] == "build":
        args = [*args, "--out", str(tmp_path)]
    result = run(*args)
    lines = result.output.strip().splitlines()
    assert result.exit_code == 2 and len(lines) == 1, result.output
    assert lines[0].startswith("Error: ") and named in lines[0]
    assert not list(tmp_path.iterdir())


def test_a_saved_book_refuses_the_generator_options():
    """A file holds its own settings: the options set up the book sheetgd makes."""
    result = run("run", ROOT / "workbooks" / "graddesc.xlsx", "--smooth-beta", 0.5, "--wd", 0.1)
    assert result.exit_code == 2, result.output
    assert "'--wd'/'--smooth-beta'" in result.output or "'--smooth-beta'/'--wd'" in result.output
