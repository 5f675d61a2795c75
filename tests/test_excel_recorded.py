"""Reset and Run reproduce what Excel recorded in the lesson's own workbook.

The author of the original graddesc.xlsm pressed Reset, then Run, on several
sheets and saved the file; Excel stored the resulting cells.  Those values
(``docs/workbooks.md``, "What Excel recorded", float64 ``repr``s) are
the ground truth for the sheets' macro programs (sheetgd/books/programs.py)
and for every back end that follows them: the engine's run loop, the torch
reference, the float reference of the tests, the macro-free graddesc.xlsx
(evaluated by the engine, and recomputed by LibreOffice), and graddesc.xlsm's
VBA pressed in LibreOffice.

Tolerances: bit for bit wherever the back end evaluates the formulas in
Excel's order of operations (the engine, torch on the CPU, the float loop).
adam_ann's a, b, K34 and L34 to 1e-8 relative, as docs/workbooks.md gives them:
Excel's saved state differs from an exact replay in the last digits
(measured: 8e-14 relative for b, 1.4e-9 for L34).  LibreOffice: 1e-12
relative, since its SUM adds with compensation (Neumaier) and so the errors,
sums of squares, differ from Excel's plain sums in the last bits.
"""

from __future__ import annotations

from dataclasses import dataclass

import openpyxl
import pytest

from sheetgd.books.graddesc import GradDescParams, build
from sheetgd.books.macros import runner_for
from sheetgd.engine.refs import col_to_letters

from .conftest import needs_libreoffice
from .reference_loops import ReferenceRunner

# -- what Excel recorded (docs/workbooks.md) ------------------------------------------------------
#: basic, after Reset then Run (5 x onestep): the history C38:C42, then C1 (b), C2 (a)
BASIC_ERRORS = (104.74921026693299, 104.55969980561993, 104.37053295106034,
                104.18170833255277, 103.99322533093216)
BASIC_B, BASIC_A = 1.2754625002528799, 2.569996469807525
#: rmsprop, after Reset then Run (lr 0.02)
RMSPROP = {"C1": 3.1890676512613103, "C2": 2.4036203537069443,
           "J33": 1134.4241521916742, "K33": 1679911.3688917186}
#: momentum, saved after Reset (lr 0.0001)
MOMENTUM = {"C1": 1.0, "C2": 1.0, "J33": -18.33392669020789, "K33": 98.24583039212854}
#: adam_ann, after Reset then 5 x Run (25 steps; the lr quartered four times)
ADAM_ANN_LR = 0.00390625
ADAM_ANN = {"C1": 29.990939773126538, "C2": 2.0041632844175137,
            "K34": -0.24605072888352394, "L34": 39.56338499278089}
ADAM_ANN_REL = 1e-8  # docs/workbooks.md: Excel's saved state vs an exact replay
LIBREOFFICE_REL = 1e-12  # LibreOffice's compensated SUM


@dataclass
class Observed:
    """The recorded cells, as one back end gives them."""

    basic_errors: list
    basic_b: float
    basic_a: float
    rmsprop: dict
    momentum: dict
    adam_ann_lr: float
    adam_ann: dict


def _cells(value, sheet: str, cells) -> dict:
    return {c: value(sheet, c) for c in cells}


def engine() -> Observed:
    book = build()
    presses = {"basic": 1, "rmsprop": 1, "momentum": 0, "adam_ann": 5}
    for sheet, n in presses.items():
        runner = runner_for(book, sheet)
        runner.reset()
        for _ in range(n):
            runner.somesteps()
    value = lambda sheet, cell: book.value(f"{sheet}!{cell}")  # noqa: E731
    return Observed([value("basic", f"C{r}") for r in range(38, 43)], value("basic", "C1"),
                    value("basic", "C2"), _cells(value, "rmsprop", RMSPROP),
                    _cells(value, "momentum", MOMENTUM), value("adam_ann", "D2"),
                    _cells(value, "adam_ann", ADAM_ANN))


def _from_history(runs: dict) -> Observed:
    """From per-epoch records (dicts of b, a, error, lr, mom, ms) of each sheet."""
    basic, rms, mom, ann = (runs[s] for s in ("basic", "rmsprop", "momentum", "adam_ann"))
    last = ann[25]
    return Observed(
        [r["error"] for r in basic[1:6]], basic[5]["b"], basic[5]["a"],
        {"C1": rms[5]["b"], "C2": rms[5]["a"], "J33": rms[5]["ms"][0], "K33": rms[5]["ms"][1]},
        {"C1": mom[0]["b"], "C2": mom[0]["a"], "J33": mom[0]["mom"][0], "K33": mom[0]["mom"][1]},
        last["lr"],
        # K34 = 1/K3 and L34 = 1/L3: row 3 shows the state carried in (momtarget a, gradtarget b)
        {"C1": last["b"], "C2": last["a"], "K34": 1 / last["mom"][1], "L34": 1 / last["ms"][0]})


def float_reference() -> Observed:
    betas = {"basic": (0.0, 0.0), "rmsprop": (0.0, 0.9), "momentum": (0.9, 0.0),
             "adam_ann": (0.9, 0.95)}
    lrs = {"basic": 0.0001, "rmsprop": 0.02, "momentum": 0.0001, "adam_ann": 1.0}
    return _from_history({s: ReferenceRunner(s, lrs[s], betas[s]).run(25) for s in lrs})


def torch_reference() -> Observed:
    torch = pytest.importorskip("torch")
    from sheetgd.reference.graddesc_torch import DTYPE, Config, TorchRunner

    params = GradDescParams()
    book = build(params, reset=False, parity=False)

    def t(values):
        return torch.tensor(values, dtype=DTYPE)

    runs = {}
    for sheet in ("basic", "rmsprop", "momentum", "adam_ann"):
        x = [book.value(f"{sheet}!A{r}") for r in range(4, 33)]
        beta1, beta2 = params.betas_of(sheet) if sheet != "basic" else (0.0, 0.0)
        cfg = Config(x=t([x]), y=t([[30 + 2 * v for v in x]]), lr=t([params.lr_of(sheet)]),
                     beta1=t([beta1 or 0.0]), beta2=t([beta2 or 0.0]), init_a=t([1.0]),
                     init_b=t([1.0]))
        history = TorchRunner(sheet, cfg).run(25)
        runs[sheet] = [{"b": h["b"].item(), "a": h["a"].item(), "error": h["error"].item(),
                        "lr": h["lr"].item(),
                        "mom": (h["mom_b"].item(), h["mom_a"].item()) if "mom_b" in h else None,
                        "ms": (h["ms_b"].item(), h["ms_a"].item()) if "ms_b" in h else None}
                       for h in history]
    return _from_history(runs)


def unrolled_book(value, layout) -> Observed:
    """From the macro-free book: its history tables and the passes of the
    recorded epochs (``value(sheet, cell)``; ``layout``: {sheet: UnrolledSheet})."""

    def history(sheet, epoch, field):
        col, first, _ = layout[sheet].history_range(field)
        return value(sheet, f"{col_to_letters(col)}{first + epoch}")

    def at(sheet, epoch, cell):
        return value(sheet, layout[sheet].cell_of(epoch, cell))

    return Observed(
        [history("basic", e, 3) for e in range(1, 6)], history("basic", 5, 1),
        history("basic", 5, 2),
        {"C1": history("rmsprop", 5, 1), "C2": history("rmsprop", 5, 2),
         "J33": at("rmsprop", 5, "J33"), "K33": at("rmsprop", 5, "K33")},
        {"C1": history("momentum", 0, 1), "C2": history("momentum", 0, 2),
         "J33": at("momentum", 0, "J33"), "K33": at("momentum", 0, "K33")},
        history("adam_ann", 25, 4),
        {"C1": history("adam_ann", 25, 1), "C2": history("adam_ann", 25, 2),
         "K34": at("adam_ann", 25, "K34"), "L34": at("adam_ann", 25, "L34")})


def macro_free_in_engine() -> Observed:
    from sheetgd.books import unrolled

    book, layout = unrolled.build(GradDescParams(), epochs=25)
    return unrolled_book(lambda sheet, cell: book.value(f"{sheet}!{cell}"), layout)


BACK_ENDS = {"engine": engine, "torch": torch_reference, "float loop": float_reference,
             "macro-free book": macro_free_in_engine}


@pytest.fixture(scope="module", params=list(BACK_ENDS))
def observed(request) -> Observed:
    return BACK_ENDS[request.param]()


def test_basic_reset_then_run_records_excels_five_errors_bit_for_bit(observed):
    assert observed.basic_errors == list(BASIC_ERRORS)
    assert (observed.basic_b, observed.basic_a) == (BASIC_B, BASIC_A)


def test_rmsprop_reset_then_run_leaves_excels_state_bit_for_bit(observed):
    assert observed.rmsprop == RMSPROP


def test_momentum_reset_leaves_excels_state_bit_for_bit(observed):
    assert observed.momentum == MOMENTUM


def test_adam_ann_after_five_runs_matches_excel(observed):
    assert observed.adam_ann_lr == ADAM_ANN_LR  # 1/4 four times, exactly
    assert observed.adam_ann == pytest.approx(ADAM_ANN, rel=ADAM_ANN_REL)


def _approx(observed: Observed, rel: float):
    assert observed.basic_errors == pytest.approx(BASIC_ERRORS, rel=rel)
    assert (observed.basic_b, observed.basic_a) == pytest.approx((BASIC_B, BASIC_A), rel=rel)
    assert observed.rmsprop == pytest.approx(RMSPROP, rel=rel)
    assert observed.momentum == pytest.approx(MOMENTUM, rel=rel)
    assert observed.adam_ann_lr == ADAM_ANN_LR
    assert observed.adam_ann == pytest.approx(ADAM_ANN, rel=ADAM_ANN_REL)


@needs_libreoffice
@pytest.mark.libreoffice
def test_libreoffice_recomputes_the_macro_free_book_to_what_excel_recorded(tmp_path):
    from sheetgd.io.libreoffice import recalculate
    from sheetgd.io.xlsx_write import write_xlsx
    from sheetgd.products import graddesc_xlsx

    product = graddesc_xlsx(GradDescParams(), epochs=25)
    src, out = tmp_path / "graddesc.xlsx", tmp_path / "graddesc_lo.xlsx"
    write_xlsx(product.book, src, product.styles)
    recalculate([(src, out)])
    values = openpyxl.load_workbook(out, data_only=True)
    _approx(unrolled_book(lambda sheet, cell: values[sheet][cell].value, product.layout),
            LIBREOFFICE_REL)


@needs_libreoffice
@pytest.mark.libreoffice
def test_libreoffice_pressing_reset_and_run_in_graddesc_xlsm_records_what_excel_recorded(tmp_path):
    from sheetgd.io.libreoffice import recalculate
    from sheetgd.io.xlsx_write import write_xlsx
    from sheetgd.products import graddesc_xlsm

    product = graddesc_xlsm(GradDescParams())
    src, out = tmp_path / "graddesc.xlsm", tmp_path / "pressed.xlsm"
    write_xlsx(product.book, src, product.styles, product.vba)
    presses = {"basic": 1, "rmsprop": 1, "momentum": 0, "adam_ann": 5}
    macros = [f"VBAProject.{sheet}.{m}" for sheet, n in presses.items()
              for m in ["reset"] + ["somesteps"] * n]
    recalculate([(src, out)], macros=macros)
    values = openpyxl.load_workbook(out, data_only=True)
    value = lambda sheet, cell: values[sheet][cell].value  # noqa: E731
    _approx(Observed([value("basic", f"C{r}") for r in range(38, 43)], value("basic", "C1"),
                     value("basic", "C2"), _cells(value, "rmsprop", RMSPROP),
                     _cells(value, "momentum", MOMENTUM), value("adam_ann", "D2"),
                     _cells(value, "adam_ann", ADAM_ANN)), LIBREOFFICE_REL)
