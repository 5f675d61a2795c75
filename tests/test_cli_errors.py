"""The command line's error policy (:mod:`sheetgd.cli_support`): bad option
values are one ``Error:`` line naming the option (and the --help that
lists the options), exit status 2; an
unexpected exception is one ``sheetgd: error:`` line, exit status 1, with the
traceback only under ``--debug``; Ctrl-C is ``sheetgd: interrupted``, exit
status 130, and leaves every file whole (the old one, or none)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import sheetgd.runs
from sheetgd.cli import main
from sheetgd.io import xlsx_read

from .write_faults import (
    fail_mid_workbook, fail_mid_write, no_temporary_files, signal_a_build_mid_write, snapshot,
)

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "features_libreoffice.xlsx"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def _one_error_line(result) -> str:
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1, result.output
    assert result.output.rstrip().endswith(errors[0])  # the last line, after the usage
    return errors[0]


BAD_OPTIONS = [
    # build
    (["build", "--rows", "-3"], "--rows"),
    (["build", "--rows", "1000000000"], "--rows"),
    (["build", "--lr", "adam=0"], "learning rate of adam must be > 0"),
    (["build", "--lr", "adam=inf"], "not a finite number"),
    (["build", "--lr", "adam=nan"], "not a finite number"),
    (["build", "--lr", "adam"], "SHEET=VALUE"),
    (["build", "--lr", "=1"], "SHEET=VALUE"),
    (["build", "--lr", "adam=0.1=2"], "not a finite number"),
    (["build", "--lr", "sgd=0.1"], "SHEET=VALUE"),
    (["build", "--epochs", "1000000000"], "--epochs"),
    (["build", "--epochs", "0"], "--epochs"),
    (["build", "--beta1", "adam=1"], "betas of adam"),
    (["build", "--beta2", "rmsprop=-0.1"], "betas of rmsprop"),
    (["build", "--logits", "1,2"], "5 numbers needed"),
    (["build", "--logits", "1,2,3,4,nan"], "finite numbers"),
    (["build", "--labels", "2,0,1,0,1"], "labels are 1"),
    (["build", "--true-a", "inf"], "--true-a"),
    (["build", "--init-b", "nan"], "--init-b"),
    # run
    (["run", "--epochs", "-1"], "--epochs"),
    (["run", "--epochs", "1000000000"], "--epochs"),
    (["run", "--lr", "0"], "--lr"),
    (["run", "--lr", "-0.5"], "--lr"),
    (["run", "--lr", "nan"], "not a finite number"),
    (["run", "--lr", "inf"], "not a finite number"),
    (["run", "--rows", "-5"], "--rows"),
    (["run", "--sheet", "nope"], "--sheet"),
    (["run", "--carry", "sideways"], "--carry"),
    (["run", "--json", "--csv"], "choose one of --json and --csv"),
    (["run", "--max-cells", "0"], "--max-cells"),
    (["run", "--max-uncompressed", "-1"], "a size in bytes expected"),
    # verify
    (["verify", "--epochs", "-1"], "--epochs"),
    (["verify", "--epochs", "1000000000"], "--epochs"),
    (["verify", "--device", "nope"], "nope"),
    (["verify", "--sweep", "-1"], "--sweep"),
    (["verify", "--rows", "0"], "--rows"),
    (["verify", "--sweep", "4096", "--epochs", "10000"], "rate-epochs"),
    # sweep
    (["sweep", "--lr", "abc"], "LOW:HIGH:COUNT"),
    (["sweep", "--lr", "1:0:10"], "LOW:HIGH:COUNT"),
    (["sweep", "--lr", "0:1:10"], "LOW:HIGH:COUNT"),
    (["sweep", "--lr", "1e-5:inf:3"], "LOW:HIGH:COUNT"),
    (["sweep", "--lr", "1e-5:1:0"], "LOW:HIGH:COUNT"),
    (["sweep", "--lr", "1e-5:1:1000000000"], "at most 100000 learning rates"),
    (["sweep", "--lr", "nan"], "finite numbers > 0"),
    (["sweep", "--lr", "inf"], "finite numbers > 0"),
    (["sweep", "--lr", "0"], "finite numbers > 0"),
    (["sweep", "--lr", "1e-5:1:10000", "--epochs", "10000"], "rate-epochs"),
    (["sweep", "--beta1", "1"], "--beta1"),
    (["sweep", "--beta2", "nan"], "not a finite number"),
    (["sweep", "--epochs", "0"], "--epochs"),
    (["sweep", "--epochs", "1000000000"], "--epochs"),
    (["sweep", "--check", "-1"], "--check"),
    (["sweep", "--device", "nope"], "nope"),
    # eval
    (["eval", FIXTURE, "--tolerance", "-1"], "--tolerance"),
    (["eval", FIXTURE, "--tolerance", "nan"], "not a finite number"),
    (["eval", FIXTURE, "--abs-tolerance", "inf"], "not a finite number"),
    (["eval", FIXTURE, "--max-differences", "-1"], "--max-differences"),
    (["eval", FIXTURE, "--max-cells", "0"], "--max-cells"),
    (["eval", FIXTURE, "--max-uncompressed", "0"], "a size in bytes expected"),
    (["eval", ROOT], "is a directory"),
    # bench
    (["bench", "--sizes", "-5"], "sizes must be between"),
    (["bench", "--sizes", "abc"], "sizes are whole numbers"),
    (["bench", "--cap", "-1"], "'--cap': -1.0 is not in the range x>0"),
    (["bench", "--engines", "nope"], "unknown engine"),
    (["bench", "--commands", "--sweep", "5"], "--sweep and --commands: choose one"),
    (["bench", "--commands", "--sizes", "1000"], "--sizes: not with --commands"),
    (["bench", "--commands", "--epochs", "3"], "--epochs: not with --commands"),
]


def _test_id(args) -> str:
    return " ".join(map(str, args)).replace(str(ROOT), "ROOT")


@pytest.mark.parametrize("args,fragment", BAD_OPTIONS, ids=[_test_id(a) for a, _ in BAD_OPTIONS])
def test_a_bad_option_value_is_one_error_line(tmp_path, args, fragment):
    if args[0] in ("build", "sweep"):
        args = [*args, "--out", tmp_path / "out"]
    line = _one_error_line(run(*args))
    assert fragment in line, line
    option = next((a for a in args if str(a).startswith("--")), None)
    if option not in (None, "--json"):
        assert f"'{option}'" in line, line  # the option is named
    assert not (tmp_path / "out").exists()  # refused before anything was made


# ---- unexpected exceptions ---------------------------------------------------------------

def _break_run_sheets(monkeypatch, exc: BaseException):
    def broken(*args, **kwargs):
        raise exc
    monkeypatch.setattr(sheetgd.runs, "run_sheets", broken)


def test_an_unexpected_error_is_one_line_with_status_1(monkeypatch):
    _break_run_sheets(monkeypatch, RuntimeError("the engine fell over\nwith a second line"))
    result = run("run", "--epochs", "1")
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "sheetgd: error: RuntimeError: the engine fell over with a second line "
        "(sheetgd --debug shows the traceback)"]


def test_debug_lets_the_exception_through(monkeypatch):
    _break_run_sheets(monkeypatch, RuntimeError("the engine fell over"))
    result = run("--debug", "run", "--epochs", "1")
    assert isinstance(result.exception, RuntimeError)


DRIVER = """
import sys
import sheetgd.runs
def broken(*args, **kwargs):
    raise ZeroDivisionError("float division by zero")
sheetgd.runs.run_sheets = broken
from sheetgd.cli import main
main(sys.argv[1:], prog_name="sheetgd")
"""


@pytest.mark.parametrize("debug", [False, True])
def test_a_real_process_shows_a_traceback_only_with_debug(debug):
    args = ["--debug"] * debug + ["run", "--epochs", "1"]
    proc = subprocess.run([sys.executable, "-c", DRIVER, *args], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=300)
    assert proc.returncode == 1
    if debug:
        assert "Traceback (most recent call last)" in proc.stderr
        assert "ZeroDivisionError: float division by zero" in proc.stderr
    else:
        assert proc.stderr.splitlines() == [
            "sheetgd: error: ZeroDivisionError: float division by zero "
            "(sheetgd --debug shows the traceback)"]


def test_eval_reports_an_unforeseen_reader_failure_as_unreadable(monkeypatch):
    def broken(*args, **kwargs):
        raise MemoryError()
    monkeypatch.setattr(xlsx_read, "read_workbook", broken)
    result = run("eval", FIXTURE)
    assert result.exit_code == 2
    assert result.output.splitlines() == [f"sheetgd eval: {FIXTURE}: cannot read it: "
                                          "MemoryError: MemoryError"]


# ---- Ctrl-C ------------------------------------------------------------------------------

def _interrupted(result):
    assert result.exit_code == 130, result.output
    assert result.output.splitlines() == ["sheetgd: interrupted"]


def test_ctrl_c_during_run_out_keeps_the_old_file(tmp_path, monkeypatch):
    out = tmp_path / "records.csv"
    out.write_text("the old records\n")
    fail_mid_write(monkeypatch, KeyboardInterrupt())
    _interrupted(run("run", "--sheet", "adam", "--epochs", "2", "--csv", "--out", out))
    assert snapshot(tmp_path) == {"records.csv": b"the old records\n"}


def test_ctrl_c_during_sweep_keeps_the_old_files(tmp_path, monkeypatch):
    (tmp_path / "sweep.csv").write_text("old csv\n")
    (tmp_path / "sweep.png").write_bytes(b"old png")
    before = snapshot(tmp_path)
    fail_mid_write(monkeypatch, KeyboardInterrupt())
    result = run("sweep", "--sheet", "basic", "--lr", "1e-3:1e-2:3", "--epochs", "1",
                 "--check", "0", "--device", "cpu", "--out", tmp_path)
    assert result.exit_code == 130 and result.output.splitlines()[-1] == "sheetgd: interrupted"
    assert snapshot(tmp_path) == before


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("built")
    assert run("build", "--out", folder, "--epochs", "2").exit_code == 0
    return folder


def test_ctrl_c_during_build_keeps_the_old_files(built, tmp_path, monkeypatch):
    for name, data in snapshot(built).items():
        (tmp_path / name).write_bytes(data)
    before = snapshot(tmp_path)
    fail_mid_workbook(monkeypatch, KeyboardInterrupt())
    _interrupted(run("build", "--out", tmp_path, "--rows", "2", "--epochs", "1", "--force"))
    assert snapshot(tmp_path) == before


def test_sigint_to_a_build_process_mid_write(built, tmp_path):
    """A real Ctrl-C (SIGINT) to a ``sheetgd build --force`` process while it
    is half-way through writing a workbook over an old one."""
    out = tmp_path / "books"
    out.mkdir()
    for name, data in snapshot(built).items():
        (out / name).write_bytes(data)
    before = snapshot(out)
    marker = tmp_path / "writing"
    returncode, stderr = signal_a_build_mid_write(out, marker, signal.SIGINT)
    assert returncode == 130, stderr
    assert stderr.strip() == "sheetgd: interrupted"
    assert snapshot(out) == before
    no_temporary_files(out)


@pytest.mark.parametrize("args,named", [
    (["run", "graddesc", "--lr", "adam=abc"], "'--lr'"),
    (["run", "graddesc", "--bogus"], "'--bogus'"),
    (["run", "graddesc", "--json", "--csv"], "--json and --csv"),
    (["sweep", "--lr", "1e-3:1:1"], "COUNT 1 gives LOW alone"),
    (["--bogus"], "'--bogus'"),
    (["nosuch"], "'nosuch'"),
])
def test_a_bad_option_is_one_line_naming_it(args, named):
    result = CliRunner().invoke(main, args)
    lines = result.output.strip().splitlines()
    assert result.exit_code == 2 and len(lines) == 1, result.output
    assert lines[0].startswith("Error: ") and named in lines[0] and "--help" in lines[0]


def test_rows_and_seed_are_refused_for_a_file(tmp_path):
    """They build graddesc in memory; a file has its own rows and draw."""
    result = run("run", ROOT / "workbooks" / "graddesc.xlsx", "--rows", 7, "--seed", 5)
    assert result.exit_code == 2, result.output
    assert "'--rows'/'--seed'" in result.output and "sheetgd run graddesc" in result.output


@pytest.mark.parametrize("command", [["verify", "--epochs", "1"], ["sweep", "--sheet", "adam"]])
def test_verify_and_sweep_without_torch_say_how_to_get_it(command, monkeypatch):
    """torch is an extra (sheetgd[torch]): without it one line says so."""
    monkeypatch.setitem(sys.modules, "torch", None)  # import torch raises ImportError
    result = run(*command)
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"Error: sheetgd {command[0]} needs torch, which is not installed: pip install "
        "'sheetgd[torch]' (the README's install section shows a CPU-only torch)"]
