"""``sheetgd sweep``: the spreadsheet's lr_find.

The batched torch reference runs every learning rate of a grid at once
(Reset, then Run for N epochs, exactly the sheet's loop), writes a CSV and a
plot of the final error against the learning rate, and re-runs a few of the
configurations through the engine to check that both agree.
"""

from __future__ import annotations

import csv
import io
import math
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

from ..books.graddesc import WEIGHT_DECAY_SHEETS, GradDescParams, build
from ..io.atomic import atomic_path, write_text_atomic
from .graddesc_torch import DTYPE, Config, TorchRunner
from .verify import Diff, _column


#: The most learning rates one sweep runs (each is a batched configuration).
MAX_RATES = 100_000
#: The most rates x epochs: the history keeps ~64 bytes per rate and epoch.
MAX_RATE_EPOCHS = 10_000_000


def parse_grid(text: str) -> np.ndarray:
    """``"1e-5:1:400"`` -> 400 log-spaced rates from 1e-5 to 1; ``"0.1"`` -> one rate."""
    parts = text.split(":")
    try:
        if len(parts) == 1:
            values = np.array([float(parts[0])])
        elif len(parts) == 3:
            low, high, n = float(parts[0]), float(parts[1]), int(parts[2])
            if not (0 < low <= high < math.inf) or n < 1:
                raise ValueError
            if n == 1 and low != high:  # one rate cannot span LOW..HIGH
                raise ValueError(f"{text!r}: COUNT 1 gives LOW alone; use COUNT 2 or more "
                                 "for LOW to HIGH, or one rate")
            if n > MAX_RATES:
                raise OverflowError
            values = np.logspace(math.log10(low), math.log10(high), n)
        else:
            raise ValueError
    except OverflowError:
        raise ValueError(f"{text!r}: at most {MAX_RATES} learning rates per sweep") from None
    except ValueError as exc:
        if str(exc).startswith(repr(text)):
            raise
        raise ValueError(f"{text!r}: use LOW:HIGH:COUNT (log-spaced) or one rate") from None
    if not np.all((values > 0) & np.isfinite(values)):
        raise ValueError("learning rates must be finite numbers > 0")
    return values


def check_size(rates: int, epochs: int) -> None:
    """Refuse (ValueError) a sweep whose history would not fit in memory."""
    if rates * epochs > MAX_RATE_EPOCHS:
        raise ValueError(f"{rates} learning rates x {epochs} epochs is more than "
                         f"{MAX_RATE_EPOCHS:,} rate-epochs; use fewer rates or epochs")


@dataclass
class SweepResult:
    sheet: str
    lrs: np.ndarray
    beta1: float
    beta2: float
    final_a: np.ndarray
    final_b: np.ndarray
    final_error: np.ndarray
    diverged_at: np.ndarray  # first epoch with a non-finite value, -1 if none
    seconds: float
    rows: int
    epochs: int

    @property
    def throughput(self) -> float:
        """Configuration-rows per second (useful rows: configs x rows x epochs)."""
        return len(self.lrs) * self.rows * max(self.epochs, 1) / self.seconds

    def best(self) -> int | None:
        ok = np.nonzero(self.diverged_at < 0)[0]
        return int(ok[np.argmin(self.final_error[ok])]) if len(ok) else None

    def edge_warning(self) -> str | None:
        """One line when the best rate is the grid's lowest or highest (of two or
        more): a rate beyond the grid may do better.  None otherwise."""
        best = self.best()
        if best is None or len(self.lrs) < 2 or best not in (0, len(self.lrs) - 1):
            return None
        low, high = float(self.lrs.min()), float(self.lrs.max())
        side, beyond = ("lowest", "lower") if best == 0 else ("highest", "higher")
        wider = f"{low / 100:.3g}:{high:.3g}" if best == 0 else f"{low:.3g}:{high * 100:.3g}"
        return (f"{self.sheet}: the best learning rate, {self.lrs[best]:.4g}, is the grid's "
                f"{side} ({low:.3g}..{high:.3g}): a {beyond} rate may do better; widen the "
                f"grid, e.g. --lr {wider}:{len(self.lrs)}")


def run_sweep(sheet: str, lrs, epochs: int, device: torch.device,
              params: GradDescParams | None = None, beta1=None, beta2=None,
              compiled: bool = False) -> SweepResult:
    """Every learning rate of ``lrs`` (shape (C,)) on ``sheet``: Reset, then
    ``epochs`` epochs of Run, all configurations batched on ``device``
    (``compiled``: see :class:`TorchRunner`).  ``seconds`` is the time of
    the runs alone, without building the data or copying results back."""
    params = params or GradDescParams()
    book = build(params, reset=False, parity=False)
    x = torch.tensor(_column(book, sheet, "A", params.rows), dtype=DTYPE, device=device)
    y = torch.tensor(_column(book, sheet, "B", params.rows), dtype=DTYPE, device=device)
    n = len(lrs)
    b1, b2 = params.betas_of(sheet) if sheet != "basic" else (0.0, 0.0)
    b1 = beta1 if beta1 is not None else (b1 or 0.0)
    b2 = beta2 if beta2 is not None else (b2 or 0.0)

    def full(v):
        return torch.full((n,), float(v), dtype=DTYPE, device=device)

    cfg = Config(x=x.expand(n, -1), y=y.expand(n, -1),
                 lr=torch.tensor(np.asarray(lrs, dtype=np.float64), device=device),
                 beta1=full(b1), beta2=full(b2), init_a=full(params.init_a),
                 init_b=full(params.init_b), reset_ms=params.reset_mean_square)
    if sheet in WEIGHT_DECAY_SHEETS:
        cfg.wd, cfg.wd_dec = (full(w) for w in params.weight_decay_of(sheet))
    if device.type == "cuda":
        torch.cuda.synchronize()
    start = time.perf_counter()
    history = TorchRunner(sheet, cfg, compiled=compiled).run(epochs)
    if device.type == "cuda":
        torch.cuda.synchronize()
    seconds = time.perf_counter() - start
    diverged_at = torch.full((n,), -1, dtype=torch.int64, device=device)
    for e, h in enumerate(history):
        bad = ~(torch.isfinite(h["a"]) & torch.isfinite(h["b"]) & torch.isfinite(h["error"]))
        diverged_at = torch.where((diverged_at < 0) & bad, e, diverged_at)
    last = history[-1]
    return SweepResult(sheet, np.asarray(lrs, dtype=np.float64), b1, b2,
                       last["a"].cpu().numpy(), last["b"].cpu().numpy(),
                       last["error"].cpu().numpy(), diverged_at.cpu().numpy(), seconds,
                       params.rows, epochs)


def check_with_engine(result: SweepResult, picks, params: GradDescParams | None = None,
                      device: torch.device | None = None) -> Diff:
    """Re-run the chosen configurations through the engine; compare every epoch."""
    from .verify import verify_graddesc

    params = params or GradDescParams()
    configs = []
    for i in picks:
        betas = dict(params.betas)
        if result.sheet != "basic":
            betas[result.sheet] = (result.beta1, result.beta2)
        configs.append(GradDescParams(rows=params.rows, seed=params.seed, true_a=params.true_a,
                                      true_b=params.true_b, init_a=params.init_a,
                                      init_b=params.init_b,
                                      lr={**params.lr, result.sheet: float(result.lrs[i])},
                                      betas=betas))
    res = verify_graddesc(configs, result.epochs, device or torch.device("cpu"),
                          sheets=(result.sheet,))[result.sheet]
    return res.total()


def write_csv(results: list[SweepResult], path: Path) -> Path:
    """One row per sheet and learning rate, written atomically."""
    fh = io.StringIO(newline="")
    w = csv.writer(fh)
    w.writerow(["sheet", "lr", "beta1", "beta2", "epochs", "final_a", "final_b",
                "final_error", "diverged", "diverged_at_epoch"])
    for r in results:
        for i, lr in enumerate(r.lrs):
            diverged = bool(r.diverged_at[i] >= 0)
            w.writerow([r.sheet, repr(float(lr)), r.beta1, r.beta2, r.epochs,
                        _num(r.final_a[i]), _num(r.final_b[i]), _num(r.final_error[i]),
                        diverged, int(r.diverged_at[i]) if diverged else ""])
    return write_text_atomic(path, fh.getvalue())


def _num(v) -> str:
    v = float(v)
    return repr(v) if math.isfinite(v) else ""


def _lr_axis(ax, lrs: np.ndarray):
    """The log lr axis: the grid and 5% of its decades either side (as
    matplotlib's own margins), kept within the floats.  matplotlib's
    margins and decade ticks past 1e308 are inf (a grid up to 1.7e308
    stopped the plot with an OverflowError), so an axis reaching past 1e308
    gets its decades' ticks from 1e308 down."""
    from matplotlib.ticker import FixedLocator, NullLocator

    low, high = math.log10(float(lrs.min())), math.log10(float(lrs.max()))
    pad = 0.05 * (high - low) or 0.5
    left = min(float(lrs.min()), 10.0 ** max(low - pad, -307))
    right = 10.0 ** (high + pad) if high + pad < 308 else np.finfo(float).max
    ax.set_xlim(left, right)
    if right > 1e308:
        first = math.floor(math.log10(left))
        step = max(1, (308 - first) // 8)
        ax.xaxis.set_major_locator(FixedLocator([10.0 ** k for k in range(308, first - 1, -step)]))
        ax.xaxis.set_minor_locator(NullLocator())


def write_plot(results: list[SweepResult], path: Path) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(8, 5))
    finite = np.concatenate([r.final_error[np.isfinite(r.final_error)] for r in results])
    floor = float(finite.min()) / 2 if finite.size else 1e-3
    # show the interesting range: up to 20x the worst error of the smallest rates
    ceiling = 20 * max(float(r.final_error[0]) for r in results if np.isfinite(r.final_error[0])) \
        if any(np.isfinite(r.final_error[0]) for r in results) else 1e6
    for r in results:
        ok = (r.diverged_at < 0) & (r.final_error <= ceiling)
        line, = ax.plot(r.lrs[ok], r.final_error[ok], label=r.sheet)
        if (~ok).any():
            ax.plot(r.lrs[~ok], np.full((~ok).sum(), ceiling), "x", color=line.get_color(),
                    label=f"{r.sheet}: diverged or error > {ceiling:.3g}")
    ax.set_ylim(floor, ceiling * 1.5)
    ax.set_xscale("log")
    ax.set_yscale("log")
    _lr_axis(ax, np.concatenate([r.lrs for r in results]))
    ax.set_xlabel("learning rate")
    ax.set_ylabel(f"error after {results[0].epochs} epochs (sqrt of summed squared error)")
    ax.set_title("sheetgd sweep: final error against learning rate")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize="small")
    fig.tight_layout()
    try:
        with atomic_path(path) as tmp:
            fig.savefig(tmp, dpi=120, format="png")
    finally:
        plt.close(fig)
    return Path(path)
