"""``sheetgd bench --sweep N``: how fast the torch reference sweeps.

N learning rates of one sheet (log-spaced 1e-5..1, the other settings the
lesson's) run at once: Reset, then the epochs of Run, exactly as
``sheetgd sweep`` runs them.  Each way of running is timed on the same
configurations, side by side:

- ``eager``: torch's kernels one operation at a time (what ``sheetgd sweep``
  uses);
- ``compiled``: each pass fused by ``torch.compile`` (CUDA only; its first
  call compiles, timed apart);
- ``cpu``: the eager pass on the CPU, at up to :data:`CPU_CONFIGS`
  configurations (it scales linearly).

A sample of the configurations is run again on the CPU, where the reference
equals the engine bit for bit (``sheetgd verify``), and each way is compared
with it: the largest relative difference of the final a, b and error, how
many sampled values have the same bits, and whether each diverged in the
same epochs.  Throughput is configuration-rows per second: configurations x
data rows x epochs / seconds (issue 17's measure).
"""

from __future__ import annotations

import gc
import json

import numpy as np
import torch

from ..books.graddesc import GradDescParams
from . import table
from ..reference.graddesc_torch import EPOCH_KINDS
from ..reference.sweep import SweepResult, run_sweep

#: The most configurations the CPU row runs (its throughput is flat beyond).
CPU_CONFIGS = 100_000
#: Configurations re-run on the CPU to check each way against the reference.
SAMPLE = 1024
#: Device memory per configuration (bytes): the history keeps nine float64
#: values per recorded epoch (Reset's and each Run epoch's); the compiled
#: pass's buffers take about 80 more.  Measured on an H200 at 10^8
#: configurations and 5 epochs: peak 57.6 GB eager, 108.1 GB compiled.
HISTORY_BYTES, PASS_BYTES = 9 * 8, 81 * 8


def _rates(n: int) -> np.ndarray:
    return np.logspace(-5, 0, n)


def _sample(sheet, rates, epochs, params) -> tuple[np.ndarray, SweepResult]:
    """Up to :data:`SAMPLE` of ``rates``' positions, spread over the grid, and
    those rates run on the CPU: the reference each way is compared with."""
    picks = np.unique(np.linspace(0, len(rates) - 1, min(SAMPLE, len(rates))).astype(np.int64))
    return picks, run_sweep(sheet, rates[picks], epochs, torch.device("cpu"), params)


def _compare(result: SweepResult, picks: np.ndarray, ref: SweepResult) -> dict:
    """Agreement of ``result`` at ``picks`` with the CPU reference ``ref``."""
    worst, same, total = 0.0, 0, 0
    for field in ("final_a", "final_b", "final_error"):
        got, want = getattr(result, field)[picks], getattr(ref, field)
        both = np.isfinite(got) & np.isfinite(want)
        total += int(both.sum())
        same += int((got[both] == want[both]).sum())
        scale = np.maximum(np.abs(want[both]), np.finfo(np.float64).tiny)
        if both.any():
            worst = max(worst, float(np.max(np.abs(got[both] - want[both]) / scale)))
    diverged = int(np.sum((result.diverged_at[picks] >= 0) != (ref.diverged_at >= 0)))
    return {"max_rel_diff": worst, "same_bits": same, "compared": total,
            "divergence_mismatches": diverged}


def _one(sheet, rates, epochs, device, params, compiled, picks, ref) -> dict:
    if device.type == "cuda":
        torch.cuda.empty_cache()
        torch.cuda.reset_peak_memory_stats(device)
    compile_s = None
    if compiled:  # the first call compiles; the second is the one timed
        first = run_sweep(sheet, rates, epochs, device, params, compiled=True).seconds
    result = run_sweep(sheet, rates, epochs, device, params, compiled=compiled)
    if compiled:
        compile_s = max(first - result.seconds, 0.0)
    row = {"device": str(device), "mode": "compiled" if compiled else "eager",
           "configurations": len(rates), "rows": result.rows, "epochs": epochs,
           "seconds": result.seconds, "throughput": result.throughput,
           "compile_seconds": compile_s,
           "peak_device_memory_gb": (torch.cuda.max_memory_allocated(device) / 1e9
                                     if device.type == "cuda" else None)}
    row.update(_compare(result, picks, ref))
    del result
    gc.collect()
    return row


def measure(configs: int, epochs: int, device: torch.device, sheet: str = "adam",
            progress=lambda line: None) -> dict:
    """The rows described above, as a dict: ``device`` (its name), ``rows``
    (one per way of running).  ValueError for a sheet whose pass cannot be
    compiled (not in :data:`EPOCH_KINDS`), or, on CUDA, configurations that
    would not fit in the device's free memory."""
    if sheet not in EPOCH_KINDS:
        raise ValueError(f"sheet {sheet!r}: the sweep benchmark runs "
                         f"{', '.join(EPOCH_KINDS)}")
    if device.type == "cuda":
        free, _ = torch.cuda.mem_get_info(device)
        need = configs * (HISTORY_BYTES * (epochs + 1) + PASS_BYTES)
        if need > free:
            raise ValueError(f"{configs:,} configurations x {epochs} epochs need about "
                             f"{need / 1e9:.0f} GB of device memory; {free / 1e9:.0f} GB "
                             "are free")
    params = GradDescParams()
    rates = _rates(configs)
    progress(f"reference: {min(SAMPLE, configs)} configurations on the CPU")
    picks, ref = _sample(sheet, rates, epochs, params)
    rows = []
    ways = [(device, False)] + ([(device, True)] if device.type == "cuda" else [])
    for dev, compiled in ways:
        progress(f"{dev} {'compiled' if compiled else 'eager'}: {configs:,} configurations")
        rows.append(_one(sheet, rates, epochs, dev, params, compiled, picks, ref))
    if device.type != "cpu":
        n = min(configs, CPU_CONFIGS)
        progress(f"cpu eager: {n:,} configurations")
        sub = _rates(n)
        rows.append(_one(sheet, sub, epochs, torch.device("cpu"), params, False,
                         *_sample(sheet, sub, epochs, params)))
    name = torch.cuda.get_device_name(device) if device.type == "cuda" else "CPU"
    return {"sheet": sheet, "device": name, "torch": torch.__version__, "rows": rows}


def format_report(report: dict, markdown: bool = False) -> str:
    """The rows as a table, throughput also as a ratio to the device's eager run."""
    base = report["rows"][0]["throughput"]
    head = ("device", "mode", "configurations", "seconds", "config-rows/s", "vs eager",
            "compile s", "peak GB", "max rel diff vs CPU", "same bits", "divergence")
    lines = []
    for r in report["rows"]:
        lines.append([r["device"], r["mode"], f"{r['configurations']:,}", f"{r['seconds']:.3f}",
                      f"{r['throughput']:.3g}", f"{r['throughput'] / base:.3g}x",
                      "" if r["compile_seconds"] is None else f"{r['compile_seconds']:.1f}",
                      "" if r["peak_device_memory_gb"] is None
                      else f"{r['peak_device_memory_gb']:.1f}",
                      f"{r['max_rel_diff']:.2g}", f"{r['same_bits']}/{r['compared']}",
                      "same" if not r["divergence_mismatches"]
                      else f"{r['divergence_mismatches']} differ"])
    title = (f"sweep of {report['sheet']}: {report['rows'][0]['rows']} rows x "
             f"{report['rows'][0]['epochs']} epochs on {report['device']} (torch "
             f"{report['torch']})")
    return "\n".join([title, *([""] if markdown else []), *table(lines, markdown, head)]) + "\n"


def report_json(report: dict) -> str:
    return json.dumps(report, indent=1) + "\n"
