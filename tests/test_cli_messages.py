"""What the command line says when an option or a workbook is wrong: one
``Error:`` line that names the option (and what it allows), or one line
naming the file, the sheet and the name or cell -- never a bare exception
type ("sheetgd: error: OverflowError") and never a wrong answer given
silently (an ignored option, "diverged at epoch 0")."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from sheetgd.books.entropy import EntropyParamError, EntropyParams
from sheetgd.books.graddesc import GradDescParams, build
from sheetgd.cli import main
from sheetgd.io.xlsx_write import write_xlsx

from .conftest import edit_part

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "features_libreoffice.xlsx"
GiB = 1 << 30


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def _usage_error(result, *fragments) -> str:
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and result.output.rstrip().endswith(errors[0]), result.output
    for fragment in fragments:
        assert fragment in errors[0], errors[0]
    return errors[0]


# ---- options that do not apply, numbers out of range ---------------------------------------

@pytest.mark.parametrize("option,value,uses", [
    ("--beta1", "basic=0.9", "momentum, adam, adam_ann"),
    ("--beta1", "rmsprop=0.5", "momentum, adam, adam_ann"),
    ("--beta2", "momentum=0.9", "rmsprop, adam, adam_ann"),
    ("--beta2", "basic=0.9", "rmsprop, adam, adam_ann"),
])
def test_build_refuses_a_beta_the_sheet_does_not_have(tmp_path, option, value, uses):
    sheet = value.split("=")[0]
    _usage_error(run("build", "--out", tmp_path / "out", option, value),
                 f"'{option}'", f"{sheet} has no such parameter", f"{option} applies to {uses}")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("sheet,option", [("basic", "--beta1"), ("momentum", "--beta2"),
                                          ("rmsprop", "--beta1")])
def test_sweep_refuses_a_beta_the_sheet_does_not_have(tmp_path, sheet, option):
    _usage_error(run("sweep", "--sheet", sheet, option, "0.5", "--out", tmp_path / "out"),
                 f"'{option}'", f"{sheet} has no such parameter")


def test_build_range_errors_name_the_option_and_the_range(tmp_path):
    _usage_error(run("build", "--lr", "adam=-1", "--out", tmp_path),
                 "'--lr'", "the learning rate of adam must be > 0, not -1.0")
    _usage_error(run("build", "--beta2", "adam=1.5", "--out", tmp_path),
                 "'--beta2'", "the betas of adam must be in [0, 1), not 1.5")


def test_logits_that_overflow_exp_are_an_option_error(tmp_path):
    line = _usage_error(run("build", "--logits", "1e308,1,1,1,1", "--out", tmp_path / "out"),
                        "'--logits'", "between -700 and 700")
    assert "OverflowError" not in line
    _usage_error(run("build", "--logits", "-1e308,-1e308,-1e308,-1e308,-1e308",
                     "--out", tmp_path / "out"), "'--logits'")
    assert not (tmp_path / "out").exists()


def test_the_entropy_parameters_say_which_parameter_is_wrong():
    with pytest.raises(EntropyParamError, match="between -700 and 700") as info:
        EntropyParams(logits=(1e308, 1, 1, 1, 1))
    assert info.value.fields == ("logits",)
    with pytest.raises(EntropyParamError) as info:
        EntropyParams(labels=(1, 0))
    assert info.value.fields == ("labels", "preds")
    EntropyParams(logits=(700, -700, 0, 1, 2))  # the ends of the range are fine


@pytest.mark.parametrize("kwargs,match", [
    ({"lr": {"adam": float("inf")}}, "finite"), ({"lr": {"adam": float("nan")}}, "> 0"),
    ({"true_a": float("nan")}, "true_a"), ({"betas": {"adam": (0.9,)}}, "beta1, beta2"),
])
def test_graddesc_parameters_refuse_non_finite_numbers(kwargs, match):
    with pytest.raises(ValueError, match=re.escape(match)):
        GradDescParams(**kwargs)


# ---- --out --------------------------------------------------------------------------------

@pytest.mark.parametrize("command", ["build", "sweep", "run"])
def test_an_empty_out_is_refused(tmp_path, monkeypatch, command):
    monkeypatch.chdir(tmp_path)
    _usage_error(run(command, "--out", ""), "'--out'", "an empty name")
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("command", ["build", "sweep"])
def test_dash_is_not_a_folder(tmp_path, monkeypatch, command):
    monkeypatch.chdir(tmp_path)
    _usage_error(run(command, "--out", "-"), "'--out'", "standard output")
    assert not list(tmp_path.iterdir())


# ---- sizes: what the machine can hold -------------------------------------------------------

@pytest.mark.parametrize("value", ["30GiB", "1e19", "99999999999999999999999"])
def test_max_uncompressed_over_the_machines_memory(monkeypatch, value):
    monkeypatch.setattr("sheetgd.cli_support.physical_memory", lambda: 16 * GiB)
    line = _usage_error(run("eval", FIXTURE, "--max-uncompressed", value),
                        "'--max-uncompressed'", "from 1 byte to 16GiB")
    assert "MemoryError" not in line and "OverflowError" not in line


def test_max_uncompressed_within_memory_still_reads(monkeypatch):
    monkeypatch.setattr("sheetgd.cli_support.physical_memory", lambda: 16 * GiB)
    result = run("eval", FIXTURE, "--max-uncompressed", "2GiB")
    assert result.exit_code in (0, 1), result.output  # read and compared


def test_the_default_limit_is_allowed_on_a_small_machine(monkeypatch):
    monkeypatch.setattr("sheetgd.cli_support.physical_memory", lambda: GiB // 2)
    result = run("eval", FIXTURE)
    assert result.exit_code in (0, 1), result.output


def test_max_cells_over_the_machines_memory():
    _usage_error(run("eval", FIXTURE, "--max-cells", "10" + "0" * 15), "'--max-cells'",
                 "this machine's memory at 500 bytes a cell")


# ---- workbooks the run loops cannot use ---------------------------------------------------

@pytest.fixture(scope="module")
def saved(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("saved")
    assert run("build", "--out", folder, "--epochs", "2").exit_code == 0
    write_xlsx(build(), folder / "lesson.xlsx")  # the lesson's book, without VBA
    return folder


def _run_error(result) -> str:
    assert result.exit_code == 2, result.output
    assert result.output.count("\n") == 1 and result.output.startswith("sheetgd run: "), \
        result.output
    return result.output.strip()


def test_a_name_that_is_ref_error_names_the_sheet_and_the_name(saved, tmp_path):
    """A tampered .xlsm whose ``lastslope`` on adam points to deleted cells."""
    def deleted(data):
        data, n = re.subn(rb"(<definedName name=\"lastslope\"[^>]*>)adam!\$D\$\d+<",
                          rb"\1adam!#REF!<", data)
        assert n == 1
        return data

    dst = edit_part(saved / "graddesc.xlsm", tmp_path / "tampered.xlsm", "xl/workbook.xml", deleted)
    line = _run_error(run("run", dst, "--sheet", "adam", "--epochs", "1"))
    assert line == (f"sheetgd run: {dst}: sheet adam: the name lastslope is adam!#REF! (its cells "
                    "were deleted); it must name cells of the sheet")


def _with_cell(saved: Path, tmp_path: Path, cell: str, value) -> Path:
    book = openpyxl.load_workbook(saved / "lesson.xlsx")
    book["adam"][cell] = value
    path = tmp_path / "edited.xlsx"
    book.save(path)
    return path


def test_a_text_learning_rate_is_named_not_reported_as_divergence(saved, tmp_path):
    path = _with_cell(saved, tmp_path, "D2", "abc")
    line = _run_error(run("run", path, "--sheet", "adam", "--epochs", "2"))
    assert line == (f"sheetgd run: {path}: sheet adam: the learning rate (adam!D2, name lr) "
                    "holds text 'abc', not a number")


def test_a_text_slope_is_named_too(saved, tmp_path):
    path = _with_cell(saved, tmp_path, "C2", "two")
    line = _run_error(run("run", path, "--sheet", "adam", "--epochs", "2"))
    assert "a, the slope (adam!C2, name slope) holds text 'two'" in line


def test_a_text_learning_rate_replaced_by_lr_runs(saved, tmp_path):
    path = _with_cell(saved, tmp_path, "D2", "abc")
    result = run("run", path, "--sheet", "adam", "--epochs", "2", "--lr", "0.5")
    assert result.exit_code == 0, result.output
    assert "diverged" not in result.output
