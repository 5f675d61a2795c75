"""The lr_find sheet (issue 18 part 3) against an independent numpy
computation of fastai's learning-rate finder, and LibreOffice's recalculation
of the macro-free book's lr_find sheet against the engine."""

from __future__ import annotations

import json

import numpy as np
import pytest
from click.testing import CliRunner

from sheetgd.books import lr_find
from sheetgd.books.graddesc import GradDescParams, draw_x

from .conftest import needs_libreoffice


def fastai_lr_find(params: GradDescParams, start_lr=1e-7, end_lr=10.0, num_it=100, beta=0.98):
    """fastai v1's LRFinder + Recorder, written from its description in numpy:
    exponential lr, SGD on one sample per iteration (cycling), the loss over
    the whole data before the step, SmoothenValue's bias-corrected EWMA, stop
    once smoothed > 4*best (training stops: a, b frozen).  Suggestions:
    fastai v2's ``minimum`` (lr at min smoothed / 10) and ``steep`` (lr at
    the steepest forward difference against log lr), over unstopped rows."""
    x = np.array(draw_x(params))
    y = params.true_b + params.true_a * x
    a, b, mov, best, stopped = params.init_a, params.init_b, 0.0, None, False
    lrs, losses, smooth, flags = [], [], [], []
    for i in range(num_it):
        lr = start_lr * (end_lr / start_lr) ** (i / (num_it - 1))
        loss = np.mean((y - (a * x + b)) ** 2)
        xi, yi = x[i % len(x)], y[i % len(x)]
        g = 2 * (a * xi + b - yi)
        mov = beta * mov + (1 - beta) * loss
        s = mov / (1 - beta ** (i + 1))
        best = s if best is None or s < best else best
        stopped = stopped or s > 4 * best
        if not stopped:
            a, b = a - lr * g * xi, b - lr * g
        lrs.append(lr), losses.append(loss), smooth.append(s), flags.append(stopped)
    kept = flags.index(True) if True in flags else num_it
    lrs, smooth_kept = np.array(lrs), np.array(smooth[:kept])
    grads = np.diff(smooth_kept) / np.diff(np.log(lrs[:kept]))
    return {"lr": lrs, "loss": np.array(losses), "smoothed": np.array(smooth),
            "flags": flags, "lr_min": lrs[np.argmin(smooth_kept)] / 10,
            "lr_steep": lrs[np.argmin(grads)]}


@pytest.fixture(scope="module")
def lesson():
    params = GradDescParams()
    return lr_find.read(lr_find.build(params)), fastai_lr_find(params)


def _close(a, b, rel):
    return abs(a - b) <= rel * max(abs(a), abs(b))


# Tolerance 1e-12 relative: numpy's power, mean (pairwise sum) and the
# factored formulas round differently from the sheet's order of operations;
# the dip and the divergence amplify nothing before the flag.
def test_rows_before_divergence_equal_fastais(lesson):
    finding, ref = lesson
    at = finding.diverged_at
    assert at == ref["flags"].index(True) == 53
    for r in finding.rows[:at + 1]:
        i = r["iteration"]
        assert _close(r["lr"], ref["lr"][i], 1e-12), i
        assert _close(r["loss"], ref["loss"][i], 1e-12), i
        assert _close(r["smoothed"], ref["smoothed"][i], 1e-12), i


def test_every_row_after_the_first_flag_is_marked(lesson):
    finding, ref = lesson
    assert [r["diverged"] == 1 for r in finding.rows] == ref["flags"]
    assert finding.rows[0]["lr"] == 1e-7 and _close(finding.rows[-1]["lr"], 10.0, 1e-15)


def test_suggestions_equal_fastais(lesson):
    finding, ref = lesson
    assert _close(finding.lr_min, ref["lr_min"], 1e-12)
    assert _close(finding.lr_steep, ref["lr_steep"], 1e-12)
    assert finding.lr_steep < finding.lr_min * 10  # the descent comes before the minimum


def test_the_curve_dips_then_blows_up(lesson):
    finding, _ = lesson
    smoothed = [r["smoothed"] for r in finding.rows]
    low = min(range(len(smoothed)), key=smoothed.__getitem__)
    assert smoothed[low] < 0.6 * smoothed[0] and smoothed[-1] > 4 * smoothed[low]


def test_another_draw_and_settings():
    params = GradDescParams(rows=12, seed=3, init_a=0.5)
    settings = lr_find.LrFindParams(start_lr=1e-6, end_lr=1.0, num_it=40, beta=0.9)
    finding = lr_find.read(lr_find.build(params, settings))
    ref = fastai_lr_find(params, 1e-6, 1.0, 40, 0.9)
    assert [r["diverged"] == 1 for r in finding.rows] == ref["flags"]
    for r in finding.rows:
        if not r["diverged"]:
            assert _close(r["smoothed"], ref["smoothed"][r["iteration"]], 1e-12)
    assert _close(finding.lr_min, ref["lr_min"], 1e-12)


def test_torch_reference_is_bit_exact_on_cpu():
    pytest.importorskip("torch")
    from sheetgd.reference.verify import verify_lr_find

    result = verify_lr_find(GradDescParams(), "cpu")
    total = result.total()
    assert result.ok() and total.max_ulps == 0 and total.values > 1000


@pytest.mark.parametrize("start_lr,end_lr", [(1e200, 1e300), (1e3, 1e300)])
def test_torch_reference_of_a_loss_past_the_largest_double(start_lr, end_lr):
    """verify --start-lr 1e200 --end-lr 1e300 --num-it 4: the loss of row 1
    passes 1.8e308 (#NUM!), so its flag, the minimum, every later row and
    the steepest slope's lr are #NUM! in the sheet; the reference says the
    same with NaN (it flagged the row 1 and kept a and b: 13 values
    'diverged on one side only')."""
    pytest.importorskip("torch")
    from sheetgd.reference.verify import verify_lr_find

    result = verify_lr_find(GradDescParams(), "cpu", lr_find.LrFindParams(start_lr, end_lr, 4))
    assert result.ok(), result.total()


def test_run_reports_rows_and_suggestions(lesson):
    from sheetgd.cli import main

    finding, _ = lesson
    out = CliRunner().invoke(main, ["run", "graddesc", "--sheet", "lr_find", "--json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["diverged_at"] == 53 and len(data["rows"]) == 100
    assert data["lr_min"] == finding.lr_min and data["rows"][53]["diverged"] is True
    text = CliRunner().invoke(main, ["run", "graddesc", "--sheet", "lr_find"]).output
    assert "diverged at iteration 53" in text and "suggested lr" in text
    bad = CliRunner().invoke(main, ["run", "graddesc", "--sheet", "lr_find", "--lr", "0.1"])
    assert bad.exit_code == 2


@needs_libreoffice
@pytest.mark.libreoffice
def test_libreoffice_recomputes_the_macro_free_lr_find_sheet(tmp_path):
    import openpyxl

    from sheetgd.io.libreoffice import recalculate
    from sheetgd.io.xlsx_write import write_xlsx
    from sheetgd.products import graddesc_xlsx

    product = graddesc_xlsx(GradDescParams(), epochs=2)
    src = tmp_path / "graddesc.xlsx"
    write_xlsx(product.book, src, product.styles)
    out = tmp_path / "lo.xlsx"
    recalculate([(src, out)])
    lo = openpyxl.load_workbook(out, data_only=True)[lr_find.SHEET]  # LibreOffice's values
    engine = lr_find.read(product.book)
    # 1e-12 relative: LibreOffice sums SUMPRODUCT its own way (last bits)
    checked = 0
    for r, row in zip(range(lr_find.FIRST_ROW, 104), engine.rows):
        for col, key in (("D", "lr"), ("H", "loss"), ("N", "smoothed"), ("P", "diverged")):
            got = lo[f"{col}{r}"].value
            assert _close(float(got), row[key], 1e-12) or got == row[key], (r, key, got)
            checked += 1
    for cell, want in (("M1", engine.lr_min), ("M2", engine.lr_steep)):
        assert _close(float(lo[cell].value), want, 1e-12)
    assert checked == 400
