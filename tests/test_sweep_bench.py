"""``sheetgd bench --sweep``: the torch sweep's throughput, each way of
running checked against the CPU reference (which equals the engine bit for
bit: tests/test_torch_reference.py), and the per-distinct-value helper that
keeps 10^8 configurations from costing 10^8 Python calls.

The compiled pass (CUDA) is measured on a GPU by docs/gpu_check.sh and
compared there with the CPU reference; compiling it here would take about a
minute, so these tests run the eager CPU row only."""

from __future__ import annotations

import json
import math

import pytest
import torch
from click.testing import CliRunner

from sheetgd.bench import sweep_throughput
from sheetgd.cli import main
from sheetgd.engine.arith import power
from sheetgd.reference.graddesc_torch import Config, TorchRunner, per_distinct

D = torch.float64


def counting(fn):
    calls = []

    def wrapped(*args):
        calls.append(args)
        return fn(*args)

    return wrapped, calls


def excel_power(b, e):
    return power(b, e) if not math.isnan(b) else math.nan  # power's #NUM! as NaN


@pytest.mark.parametrize("base, exponent, distinct", [
    ([0.98] * 7, 3.0, 1),  # one beta, one epoch: one call
    ([0.98, 0.9, 0.98, 0.5, 0.9], 2.0, 3),
    ([0.98, 0.98, 0.98], [1.0, 2.0, 1.0], 2),
    ([0.5, math.nan, 0.5], 2.0, None),  # NaN is never equal to itself: no collapsing
])
def test_per_distinct_equals_the_python_function_elementwise(base, exponent, distinct):
    fn, calls = counting(excel_power)
    b = torch.tensor(base, dtype=D)
    e = torch.tensor(exponent, dtype=D) if isinstance(exponent, list) else exponent
    got = per_distinct(fn, b, e).tolist()
    es = exponent if isinstance(exponent, list) else [exponent] * len(base)
    want = [excel_power(x, y) for x, y in zip(base, es)]
    assert len(got) == len(want)
    for g, w in zip(got, want):
        assert (math.isnan(g) and math.isnan(w)) or g == w  # same bits
    if distinct is not None:
        assert len(calls) == distinct


def test_only_the_plain_passes_compile():
    n = 2
    full = torch.ones(n, dtype=D)
    x = torch.ones(n, 3, dtype=D)
    cfg = Config(x=x, y=x, lr=full, beta1=full, beta2=full, init_a=full, init_b=full)
    with pytest.raises(ValueError, match="only basic, momentum, rmsprop, adam, adam_ann"):
        TorchRunner("wd_sgd", cfg, compiled=True)


def test_bench_sweep_on_the_cpu_agrees_with_the_reference():
    res = CliRunner().invoke(main, ["bench", "--sweep", "3000", "--epochs", "3",
                                    "--device", "cpu", "--json"])
    assert res.exit_code == 0, res.output
    report = json.loads(res.stdout)
    assert report["sheet"] == "adam" and report["device"] == "CPU"
    [row] = report["rows"]  # on the CPU: the eager row alone
    assert (row["device"], row["mode"], row["configurations"], row["rows"], row["epochs"]) == \
        ("cpu", "eager", 3000, 29, 3)
    # the sample's 1,024 configurations x (a, b, error), batched apart: same bits
    assert row["compared"] == 3 * 1024 and row["same_bits"] == row["compared"]
    assert row["max_rel_diff"] == 0 and row["divergence_mismatches"] == 0
    assert row["throughput"] == pytest.approx(3000 * 29 * 3 / row["seconds"])


def test_bench_sweep_markdown_table():
    res = CliRunner().invoke(main, ["bench", "--sweep", "50", "--epochs", "1",
                                    "--device", "cpu", "--markdown"])
    assert res.exit_code == 0, res.output
    lines = res.stdout.splitlines()
    assert lines[0].startswith("sweep of adam: 29 rows x 1 epochs on CPU")
    assert lines[2].startswith("| device | mode | configurations |")
    assert lines[4].startswith("| cpu | eager | 50 |") and "| 150/150 | same |" in lines[4]


@pytest.mark.parametrize("args, option", [
    (["--sweep", "0"], "'--sweep'"),
    (["--sweep", "10", "--epochs", "0"], "'--epochs'"),
    (["--sweep", "10", "--device", "tpu"], "'--device'"),
])
def test_bench_sweep_bad_options_name_the_option(args, option):
    res = CliRunner().invoke(main, ["bench", *args])
    assert res.exit_code == 2 and option in res.output


def test_a_sweep_too_big_for_the_device_is_refused_before_it_starts(monkeypatch):
    monkeypatch.setattr(torch.cuda, "mem_get_info", lambda device=None: (8e9, 80e9))
    with pytest.raises(ValueError, match=r"need about 11 GB of device memory; 8 GB are free"):
        sweep_throughput.measure(10_000_000, 5, torch.device("cuda"))


@pytest.mark.parametrize("args, message", [
    (["--sweep", "10", "--engines", "ironcalc"], "--engines: for timing the engines, not with --sweep"),
    (["--sweep", "10", "--sizes", "1000", "--large"], "--sizes, --large: for timing the engines"),
    (["--epochs", "3"], "--epochs: for --sweep N only"),
    (["--device", "cpu", "--sizes", "1000"], "--device: for --sweep N only"),
])
def test_options_of_the_other_benchmark_are_refused_in_one_line(args, message):
    res = CliRunner().invoke(main, ["bench", *args])
    assert res.exit_code == 2 and message in res.output
