"""``sheetgd verify``: the engine's run loops against the torch reference,
epoch by epoch, and the entropy book cell by cell.

Agreement means:

- graddesc, on the CPU and on CUDA: **bit-exact** (0 ulps) in every state
  variable (a, b, momentum pair, mean-square pair, error, lr) at every
  epoch.  Both sides do the same float64 operations in the same order;
  square roots are IEEE on both sides (see :func:`graddesc_torch.sqrt`).
  On CUDA each eager torch operation is one IEEE operation (nothing is
  contracted into a fused multiply-add): measured 0 ulps on an H200
  (docs/benchmarks.md, "The torch reference on a GPU").
- entropy: within 2 ulps.  It uses EXP and LOG, and torch's vectorised
  ``exp``/``log10`` are different implementations from the C library the
  engine calls (each is within an ulp of the true value, they are not
  always the same ulp).
- the one-cycle schedule (``one_cycle[schedule]``, ``one_cycle_torch[schedule]``):
  each row's lr and beta1 at every iteration of the cycle against torch's
  OneCycleLR (``get_last_lr()``), within 1e-15 relative.
- the torch.optim parity sheets against the real torch.optim: within 1e-12
  relative, on any device.  torch's CPU kernels fuse multiply-adds (the
  ``addmm`` of ``nn.Linear``, ``add(alpha=...)``, ``addcmul``) and round
  ``sqrt`` their own way, which a spreadsheet formula cannot express, so the
  last bits differ (measured: at most 2e-14 relative over 20 epochs).  An
  Adam first moment is compared relative to the root of its mean square
  (:func:`_moment_scale`): near 0 its own relative error is meaningless.

Diverged values (the engine's #NUM!/#DIV/0!, torch's inf/NaN) agree when
both sides diverged.
"""

from __future__ import annotations

import math
import struct
from dataclasses import dataclass, field, replace

import torch

from ..books import entropy as entropy_book
from ..books.graddesc import ONE_CYCLE_SHEETS, OPTIMISERS, WEIGHT_DECAY_SHEETS, GradDescParams, build
from ..books.macros import runner_for
from ..books.onecycle import DEFAULTS as CYCLE_DEFAULTS
from ..engine import XLError
from ..engine.refs import col_to_letters, letters_to_col
from .entropy_torch import binary_cross_entropy, nll_by_index, softmax_sheet
from .graddesc_torch import DTYPE, Config, TorchRunner

ENTROPY_ULPS = 2


def ulps(a: float, b: float) -> int:
    """How many representable doubles lie between a and b."""
    def ordered(x):
        i = struct.unpack("<q", struct.pack("<d", x))[0]
        return i if i >= 0 else -(i & 0x7FFFFFFFFFFFFFFF)
    return abs(ordered(a) - ordered(b))


def _diverged(v) -> bool:
    return v is None or isinstance(v, XLError) or (isinstance(v, float) and not math.isfinite(v))


@dataclass
class Diff:
    """The largest differences over a set of (engine, torch) value pairs."""

    max_abs: float = 0.0
    max_rel: float = 0.0
    max_ulps: int = 0
    values: int = 0
    divergence_mismatch: int = 0  # one side diverged, the other did not

    def add(self, engine, reference: float, scale: float = 0.0):
        """One pair; ``scale``: the size the difference is relative to, when
        larger than the values themselves (a first moment near 0 against
        the gradients it averages)."""
        self.values += 1
        if _diverged(engine) or _diverged(reference):
            if not (_diverged(engine) and _diverged(reference)):
                self.divergence_mismatch += 1
            return
        engine = float(engine)
        diff = abs(engine - reference)
        scale = max(abs(engine), abs(reference), scale)
        self.max_abs = max(self.max_abs, diff)
        self.max_rel = max(self.max_rel, diff / scale if scale else 0.0)
        self.max_ulps = max(self.max_ulps, ulps(engine, reference))

    def merge(self, other: "Diff"):
        self.max_abs = max(self.max_abs, other.max_abs)
        self.max_rel = max(self.max_rel, other.max_rel)
        self.max_ulps = max(self.max_ulps, other.max_ulps)
        self.values += other.values
        self.divergence_mismatch += other.divergence_mismatch

    def ok(self, max_ulps: int = 0, rel: float | None = None) -> bool:
        if self.divergence_mismatch:
            return False
        if rel is not None:
            return self.max_rel <= rel
        return self.max_ulps <= max_ulps


@dataclass
class SheetResult:
    sheet: str
    epochs: list[Diff] = field(default_factory=list)
    max_ulps_allowed: int = 0
    rel_tolerance: float | None = None  # instead of ulps (parity sheets)
    note: str = ""

    def ok(self) -> bool:
        return self.total().ok(self.max_ulps_allowed, self.rel_tolerance)

    def total(self) -> Diff:
        d = Diff()
        for e in self.epochs:
            d.merge(e)
        return d


def _state_pairs(record, hist: dict, i: int):
    """(engine, torch) pairs of every field the sheet's program records."""
    for key, values in hist.items():
        yield getattr(record, key), values[i]


def _column(book, sheet: str, col: str, rows: int) -> list[float]:
    return [book.value(f"{sheet}!{col}{r}") for r in range(4, rows + 4)]


def verify_graddesc(configs: list[GradDescParams], epochs: int, device: torch.device,
                    carry: str = "faithful", sheets=OPTIMISERS) -> dict[str, SheetResult]:
    """Run every sheet for every configuration in the engine (one by one) and
    in torch (batched), and compare epoch by epoch."""
    books = [build(p) for p in configs]
    results = {}
    for sheet in sheets:
        engine_runs = []
        for book, params in zip(books, configs):
            runner = runner_for(book, sheet, carry=carry, params=params)
            runner.run(epochs, reset=True)
            engine_runs.append(runner)
        cfg = _torch_config(books, configs, sheet, device)
        history = TorchRunner(sheet, cfg, carry=carry).run(epochs)
        hist = _to_lists(history)
        result = SheetResult(sheet)
        for e in range(epochs + 1):
            diff = Diff()
            for c, runner in enumerate(engine_runs):
                if e >= len(runner.records):
                    continue  # the macro stopped (adam_ann on an error value)
                for engine_value, ref in _state_pairs(runner.records[e], hist[e], c):
                    diff.add(engine_value, ref)
            result.epochs.append(diff)
        stopped = [r for r in engine_runs if r.stopped]
        if stopped:
            result.note = f"{len(stopped)} configuration(s) stopped like the macro: {stopped[0].stopped}"
        results[sheet] = result
    return results


def _torch_config(books, configs, sheet: str, device) -> Config:
    rows = configs[0].rows

    def t(values):
        return torch.tensor(values, dtype=DTYPE, device=device)

    betas = [p.betas_of(sheet) if sheet != "basic" else (0.0, 0.0) for p in configs]
    return Config(
        x=t([_column(b, sheet, "A", rows) for b in books]),
        y=t([_column(b, sheet, "B", rows) for b in books]),
        lr=t([p.lr_of(sheet) for p in configs]),
        beta1=t([(b1 if b1 is not None else 0.0) for b1, _ in betas]),
        beta2=t([(b2 if b2 is not None else 0.0) for _, b2 in betas]),
        init_a=t([p.init_a for p in configs]),
        init_b=t([p.init_b for p in configs]),
        reset_ms=configs[0].reset_mean_square,
        smooth_beta=t([p.smooth_beta for p in configs]),
        **({"wd": t([p.weight_decay_of(sheet)[0] for p in configs]),
            "wd_dec": t([p.weight_decay_of(sheet)[1] for p in configs])}
           if sheet in WEIGHT_DECAY_SHEETS else {}),
        **({"cycle": {k: t([p.one_cycle_of()[k] for p in configs]) for k in CYCLE_DEFAULTS}}
           if sheet in ONE_CYCLE_SHEETS else {}),
    )


def _to_lists(history: list[dict]) -> list[dict]:
    return [{key: value.tolist() for key, value in h.items()} for h in history]


def verify_entropy(device: torch.device, params: entropy_book.EntropyParams | None = None) -> SheetResult:
    """The entropy book's formula cells against the torch reference."""
    params = params or entropy_book.EntropyParams()
    book = entropy_book.build(params)
    logits = torch.tensor([list(params.logits), list(params.shifted())], dtype=DTYPE, device=device)
    soft = softmax_sheet(logits)
    labels = torch.tensor(params.labels, dtype=DTYPE, device=device)
    preds = torch.tensor(params.preds, dtype=DTYPE, device=device)
    bce = binary_cross_entropy(labels, preds)
    nll = nll_by_index(labels, preds)
    diff = Diff()
    for img, (exp_col, soft_col, sig_col) in enumerate((("C", "D", "K"), ("H", "I", "L"))):
        for i in range(5):
            r = i + 3
            diff.add(book.value(f"softmax!{exp_col}{r}"), soft["exp"][img, i].item())
            diff.add(book.value(f"softmax!{soft_col}{r}"), soft["softmax"][img, i].item())
            diff.add(book.value(f"softmax!{sig_col}{r}"), soft["sigmoid"][img, i].item())
        diff.add(book.value(f"softmax!{exp_col}8"), soft["sum_exp"][img].item())
    for i in range(len(params.labels)):
        r = i + 2
        diff.add(book.value(f"entropy!D{r}"), bce["full"][i].item())
        diff.add(book.value(f"entropy!E{r}"), bce["picked"][i].item())
        for col, key in (("C", "is_dog"), ("E", "log_cat"), ("F", "log_dog"), ("G", "nll"),
                         ("H", "idx"), ("I", "idx_pred")):
            diff.add(book.value(f"log_entropy!{col}{r}"), nll[key][i].item())
    return SheetResult("entropy", [diff], max_ulps_allowed=ENTROPY_ULPS)


def verify_lr_find(params: GradDescParams, device: torch.device, lr_params=None) -> SheetResult:
    """The lr_find sheet in the engine against :mod:`.lr_find_torch`: every
    row's lr, a, b, loss, average, smoothed loss, minimum, flag and slope,
    and the two suggestions, in one Diff (a pure formula sheet: no epochs)."""
    from ..books import lr_find as sheet
    from .lr_find_torch import lr_find

    finding = sheet.read(sheet.build(params, lr_params))
    ref = lr_find(params, lr_params, device)
    diff = Diff()
    for engine, torch_row in zip(finding.rows, ref["rows"]):
        for key in ("lr", "b", "a", "loss", "avg loss", "smoothed", "min smoothed", "diverged",
                    "new b", "new a"):
            diff.add(engine[key], torch_row[key])
        if torch_row["slope"] is not None and not isinstance(engine["slope"], str):
            diff.add(engine["slope"], torch_row["slope"])
        elif (torch_row["slope"] is None) != (engine["slope"] in (None, "")):
            diff.divergence_mismatch += 1  # a slope on one side only
    diff.add(finding.lr_min, ref["lr_min"])
    if ref["lr_steep"] is not None:
        diff.add(finding.lr_steep, ref["lr_steep"])
    return SheetResult("lr_find", [diff])


PARITY_REL_TOLERANCE = 1e-12


def verify_parity(configs: list[GradDescParams], epochs: int, device: torch.device,
                  parity=None) -> dict[str, SheetResult]:
    """The parity sheets in the engine against real torch.optim training
    (``parity``: their settings; None: each configuration's own)."""
    from ..books.parity import PARITY_SHEETS
    from .optim_parity import train

    books = [build(p, parity_params=parity) for p in configs]
    results = {}
    for sheet in PARITY_SHEETS:
        result = SheetResult(sheet, [Diff() for _ in range(epochs + 1)],
                             rel_tolerance=PARITY_REL_TOLERANCE)
        for book, params in zip(books, configs):
            runner = runner_for(book, sheet, params=params, parity=parity)
            runner.run(epochs, reset=True)
            x = _column(book, sheet, "A", params.rows)
            y = _column(book, sheet, "B", params.rows)
            ref = train(sheet, x, y, epochs, params.init_a, params.init_b,
                        parity or params.parity_params(), device)
            for e, (rec, want) in enumerate(zip(runner.records, ref)):
                for key in ("b", "a", "error", "lr", "mom_b", "mom_a", "ms_b", "ms_a"):
                    value = getattr(rec, key)
                    if value is not None:
                        result.epochs[e].add(value, want[key], _moment_scale(rec, key))
        results[sheet] = result
    return results


#: The one-cycle schedule against OneCycleLR: the same cosine in the same order
#: of operations, so only COS and PI's last bits could differ (measured: 0).
SCHEDULE_REL_TOLERANCE = 1e-15


def verify_schedule(params: GradDescParams, parity: bool = True) -> dict[str, SheetResult]:
    """``one_cycle[schedule]`` (and ``one_cycle_torch[schedule]``): each row's
    lr and beta1, at every iteration of the cycle (Reset, then Run epoch by
    epoch), against torch's OneCycleLR: ``get_last_lr()`` and the beta1 it
    sets, within 1e-15 relative.  OneCycleLR is Python arithmetic on the CPU
    whatever the device."""
    from ..books.graddesc import Layout
    from ..books.parity import SCHEDULE_COLS
    from .optim_parity import one_cycle

    sheets = {"one_cycle": ({"lr": params.lr_of("one_cycle"), **params.one_cycle_of()},
                            Layout("one_cycle", params.rows).schedule_col)}
    if parity:
        sheets["one_cycle_torch"] = (params.parity_params().of("one_cycle_torch"),
                                     SCHEDULE_COLS["one_cycle_torch"])
    book = build(params, sheets=list(sheets))
    results = {}
    for sheet, (hp, first) in sheets.items():
        lr_col, beta_col = (col_to_letters(letters_to_col(first) + i) for i in (1, 2))
        opt = torch.optim.Adam(torch.nn.Linear(1, 1).parameters(), lr=hp["lr"],
                               betas=(hp["mom_max"], 0.999))
        sched = one_cycle(opt, hp, params.rows)
        runner = runner_for(book, sheet, params=params)
        runner.reset()
        result = SheetResult(f"{sheet}[schedule]", rel_tolerance=SCHEDULE_REL_TOLERANCE)
        for epoch in range(int(hp["epochs"])):
            if epoch:
                runner.somesteps(1)
            diff = Diff()
            for r in range(4, params.rows + 4):
                diff.add(book.value(f"{sheet}!{lr_col}{r}"), sched.get_last_lr()[0])
                diff.add(book.value(f"{sheet}!{beta_col}{r}"), opt.param_groups[0]["betas"][0])
                opt.step()
                if sched.last_epoch < sched.total_steps - 1:
                    sched.step()
            result.epochs.append(diff)
        results[result.sheet] = result
    return results


def _moment_scale(record, key: str) -> float:
    """The size of the gradients an Adam first moment averages: the root of
    its mean square.  Adam's step is ``lr * mom / sqrt(ms)``, so a first
    moment off by 1e-12 of ``sqrt(ms)`` moves the step by 1e-12 of ``lr``.
    Near 0 (gradients of both signs cancelling) the first moment's own
    relative error says nothing: torch's fused ``lerp``/``add(alpha=)``
    kernels round differently from a formula in the last bit of each
    gradient, and the cancellation magnifies it (measured: adamw_torch's
    mom_a 1.3e-12 of itself, 4e-16 of sqrt(ms_a), over 50 epochs)."""
    if not key.startswith("mom_") or record.ms_b is None:
        return 0.0
    ms = getattr(record, "ms_" + key[-1])
    return math.sqrt(ms) if isinstance(ms, float) and math.isfinite(ms) and ms > 0 else 0.0


def sweep_configs(lrs, base: GradDescParams | None = None) -> list[GradDescParams]:
    """One configuration per learning rate (the same rate on every sheet;
    everything else ``base``'s)."""
    base = base or GradDescParams()
    return [replace(base, lr={s: float(lr) for s in OPTIMISERS}) for lr in lrs]


def summary(results: dict[str, SheetResult], device: torch.device, epochs: int) -> dict:
    """The ``--json`` shape."""
    sheets = {}
    for name, res in results.items():
        total = res.total()
        sheets[name] = {"ok": res.ok(),
                        "max_abs": total.max_abs, "max_rel": total.max_rel,
                        "max_ulps": total.max_ulps, "divergence_mismatches": total.divergence_mismatch}
        if res.note:
            sheets[name]["note"] = res.note
    return {"ok": all(s["ok"] for s in sheets.values()), "device": str(device), "epochs": epochs,
            "max_abs": max(s["max_abs"] for s in sheets.values()),
            "max_rel": max(s["max_rel"] for s in sheets.values()), "sheets": sheets}


def format_table(results: dict[str, SheetResult]) -> str:
    width = max(10, *(len(n) + 2 for n in results))
    head = f"{'sheet':<{width}}{'epoch':>6}{'max abs':>12}{'max rel':>12}{'ulps':>6}"
    lines = [head]
    for name, res in results.items():
        for e, d in enumerate(res.epochs):
            label = {"entropy": "cells", "lr_find": "rows"}.get(name, str(e))
            line = f"{name:<{width}}{label:>6}{d.max_abs:>12.3g}{d.max_rel:>12.3g}{d.max_ulps:>6}"
            if d.divergence_mismatch:
                line += f"  {d.divergence_mismatch} value(s) diverged on one side only"
            lines.append(line)
        if res.note:
            lines.append(f"{'':<{width}}{res.note}")
    return "\n".join(lines)
