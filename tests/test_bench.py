"""``sheetgd bench``: a smoke run (no timing is asserted), the reference loop,
and how missing and overrunning engines are reported.  The benchmark itself
is ``make bench``."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from sheetgd.bench import run as bench_run
from sheetgd.bench.workload import agrees, build_book, reference, write_workload
from sheetgd.cli import main

ENGINE_FIELDS = {"engine", "version", "status", "reason", "load_s", "first_s", "recalc_s",
                 "full_s", "us_per_cell", "rss_mb", "bytes_per_cell", "values", "agrees", "max_rel",
                 "ratio"}


def test_bench_smoke_sheetgd_and_the_float_loop_agree():
    result = CliRunner().invoke(main, ["bench", "--sizes", "1000", "--engines",
                                       "sheetgd,floatloop", "--json"])
    assert result.exit_code == 0, result.output
    text = result.stdout
    report = json.loads(text[text.index("{"):])  # click < 8.2 mixes the progress (stderr) in
    assert {"command", "machine", "versions", "cap_s", "sizes"} <= set(report)
    assert {"cores", "cpu", "memory_gib", "python"} <= set(report["machine"])
    (size,) = report["sizes"]
    assert size["rows"] == 1000 and size["formula_cells"] > 12 * 1000
    assert {"a", "b", "error"} == set(size["reference"])
    engines = {r["engine"]: r for r in size["engines"]}
    assert list(engines) == ["sheetgd", "floatloop"]
    for rec in engines.values():
        assert ENGINE_FIELDS <= set(rec), rec
        assert rec["status"] == "ok", rec
        assert rec["agrees"] is True and rec["first_agrees"] is True, rec
        assert rec["rss_mb"] > 0 and rec["recalc_s"] > 0 and rec["us_per_cell"] > 0
    assert engines["sheetgd"]["ratio"] == 1.0
    # what loading and calculating added to the process, per formula cell
    assert 0 <= engines["sheetgd"]["bytes_per_cell"] < 100_000  # ~0 at 1k: below ru_maxrss resolution


def test_markdown_report_has_one_table_per_size():
    result = CliRunner().invoke(main, ["bench", "--sizes", "50,60", "--engines", "floatloop",
                                       "--markdown"])
    assert result.exit_code == 0, result.output
    assert result.stdout.count("| engine | load s |") == 2
    assert "| floatloop |" in result.stdout


def test_reference_loop_is_the_sheet_bit_for_bit():
    book, inputs = build_book(40, seed=3)
    want = reference(inputs)
    assert book.value("adam!I43") == want["a"]
    assert book.value("adam!H43") == want["b"]
    assert book.value("adam!N44") == want["error"]
    book.set("adam!D2", 0.5)
    assert agrees({"a": book.value("adam!I43"), "b": book.value("adam!H43"),
                   "error": book.value("adam!N44")}, reference(inputs, lr=0.5)) == (True, 0.0)


def test_a_missing_peer_is_reported_not_dropped(tmp_path, monkeypatch):
    meta = write_workload(20, tmp_path)
    monkeypatch.setitem(bench_run._MODULES, "ironcalc", "no_such_module_for_sheetgd_bench")
    rec = bench_run.measure("ironcalc", meta, 60, tmp_path)
    assert rec["status"] == "missing" and "not installed" in rec["reason"]
    assert rec["agrees"] is None


def test_an_engine_over_the_cap_is_stopped(tmp_path):
    meta = write_workload(1000, tmp_path)
    rec = bench_run.measure("sheetgd", meta, 0.05, tmp_path)  # cannot even import in time
    assert rec["status"] == "timeout" and rec["stopped_in"] == "load"
    assert "cap" in rec["reason"]


@pytest.mark.parametrize("text", ["sheetgd,excel", ""])
def test_unknown_engines_are_a_usage_error(text):
    result = CliRunner().invoke(main, ["bench", "--engines", text or ",", "--sizes", "10"])
    assert result.exit_code == 2
    assert "unknown engine" in result.output


def test_bench_commands_times_whole_commands_and_reports_failures(tmp_path, monkeypatch):
    """``bench --commands``' machinery on two quick commands (the real list,
    make bench's, takes about 40 s): a warm-up run then ``repeat`` timed
    ones, a new folder for each fresh run, and a failing command reported
    with its exit status, never dropped."""
    from sheetgd.bench import commands

    quick = (commands.Command("run graddesc --rows 40 --epochs 1 --csv --out {out}/",
                              ("run", "graddesc", "--rows", "40", "--epochs", "1", "--csv",
                               "--out", "{out}/"), 60.0, 4096.0, fresh=True),
             commands.Command("run graddesc --rows 1", ("run", "graddesc", "--rows", "1"), 60.0))
    monkeypatch.setattr(commands, "COMMANDS", quick)
    made = []
    real = commands.measure

    def measure(command, folder, repeat, echo):
        rec = real(command, folder, repeat, echo)
        made.extend(sorted(p.name for p in folder.iterdir()))
        return rec

    monkeypatch.setattr(commands, "measure", measure)
    text, status = commands.main(repeat=2, as_json=True, echo=lambda line: None)
    report = json.loads(text)
    ok, bad = report["commands"]
    assert status == 1  # one command failed
    assert ok["status"] == "ok" and len(ok["walls_s"]) == 2 and ok["peak_mb"] > 20
    assert ok["ratio"] == ok["median_s"] / 60.0 and all(w > 0 for w in ok["walls_s"])
    assert made == ["fresh_0", "fresh_1", "fresh_2"]  # the warm-up's and each timed run's
    assert bad["status"] == "failed" and bad["reason"].startswith("exit status 2: ")
    assert "--rows" in bad["reason"]
    markdown = commands.format_report(report, markdown=True)
    assert "| sheetgd run graddesc --rows 1 | 60 | failed |" in markdown
    assert f"| {ok['median_s']:.2f} |" in markdown and "60 (4 GB)" in markdown
