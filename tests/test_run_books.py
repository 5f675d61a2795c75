"""``sheetgd run`` on every workbook ``build`` writes: graddesc.xlsm (its
macros, run by the engine), the macro-free graddesc.xlsx (its epochs read
from the formulas, recalculated) and entropy.xlsx (nothing to run: exit 3);
``--lr SHEET=LR``; the table's learning rates, epoch 0 and target; JSON and
CSV in one field order."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from sheetgd.books.graddesc import OPTIMISERS
from sheetgd.cli import EXIT_NO_RUN_LOOP, main

WORKBOOKS = Path(__file__).resolve().parents[1] / "workbooks"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def records(*args) -> list[dict]:
    result = run("run", *args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def small_books(tmp_path_factory):
    """Books of a seeded draw with other true a, b: 12 rows, 7 epochs laid out."""
    out = tmp_path_factory.mktemp("books")
    result = run("build", "--out", out, "--rows", "12", "--seed", "3", "--true-a", "-1.5",
                 "--true-b", "4", "--epochs", "7")
    assert result.exit_code == 0, result.output
    return out


def test_the_macro_free_books_epochs_are_the_xlsms_run_bit_for_bit():
    """The committed books: graddesc.xlsx's formulas, recalculated, give every
    field of every epoch exactly as graddesc.xlsm's macros do, run by the
    engine from the state the book was saved in (after Reset).  JSON keeps a
    float's repr, so equal lists are equal bits."""
    got = records(WORKBOOKS / "graddesc.xlsx", "--epochs", "7")
    want = records(WORKBOOKS / "graddesc.xlsm", "--epochs", "7")
    assert len(got) == 8 * len(OPTIMISERS)
    assert got == want
    assert all(r["mom_b"] is not None for r in got if r["sheet"] in ("momentum", "adam"))


def test_a_learning_rate_written_into_the_macro_free_book_recomputes_reset_too(small_books):
    """--lr on graddesc.xlsx rewrites the lr cell, and every pass from Reset's
    on recomputes: the records of graddesc.xlsm after --reset with that lr
    (Reset computes with it), bit for bit, on every sheet."""
    lrs = ["--lr", "basic=0.0002", "--lr", "momentum=0.0003", "--lr", "rmsprop=0.05",
           "--lr", "adam=0.3", "--lr", "adam_ann=2", "--lr", "wd_sgd=0.0005",
           "--lr", "wd_adam=0.2"]
    got = records(small_books / "graddesc.xlsx", "--epochs", "7", *lrs)
    want = records(small_books / "graddesc.xlsm", "--epochs", "7", "--reset", *lrs)
    assert got == want
    assert {(r["sheet"], r["lr"]) for r in got if r["epoch"] == 0} == {
        ("basic", 0.0002), ("momentum", 0.0003), ("rmsprop", 0.05), ("adam", 0.3),
        ("adam_ann", 2.0), ("wd_sgd", 0.0005), ("wd_adam", 0.2),
        ("one_cycle", 1.0)}  # not given: its lr_max (epoch 0's row shows it)


def test_more_epochs_than_the_book_lays_out_is_said_in_one_line(small_books):
    result = run("run", small_books / "graddesc.xlsx", "--sheet", "adam", "--epochs", "9",
                 "--json")
    assert result.exit_code == 0, result.output
    assert [r["epoch"] for r in json.loads(result.stdout)] == list(range(8))
    assert result.stderr.splitlines() == [
        f"sheetgd: warning: {small_books / 'graddesc.xlsx'}: sheet adam lays out epochs 0..7, "
        "not 0..9: showing those (sheetgd build --epochs 9 lays out more)"]


def test_the_table_shows_the_books_own_target(small_books):
    result = run("run", small_books / "graddesc.xlsx", "--epochs", "2")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].endswith("epoch 0: after Reset, before any Run")
    assert lines[-1] == "target: b = 4, a = -1.5 (the data sheet's y = -1.5x + 4)"


def test_a_single_sheets_table_says_what_epoch_0_is():
    result = run("run", WORKBOOKS / "graddesc.xlsm", "--sheet", "adam", "--epochs", "1")
    lines = result.stdout.splitlines()
    assert lines[0] == ("adam, epoch 0: the state the book was saved in (sheetgd build saves "
                        "it after Reset)")
    assert lines[1].split() == ["epoch", "b", "a", "error", "lr", "mom_b", "mom_a", "ms_b",
                                "ms_a", "smoothed_error"]
    assert lines[-1] == "target: b = 30, a = 2 (the data sheet's y = 2x + 30)"


def test_the_entropy_book_has_nothing_to_run():
    result = run("run", WORKBOOKS / "entropy.xlsx")
    assert result.exit_code == EXIT_NO_RUN_LOOP == 3
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert "no Run loop" in line and f"sheetgd eval {WORKBOOKS / 'entropy.xlsx'}" in line


def test_the_macro_free_book_refuses_the_other_carry():
    result = run("run", WORKBOOKS / "graddesc.xlsx", "--carry", "updated")
    assert result.exit_code == 2
    assert "'--carry'" in result.output and "carry faithful, not updated" in result.output


def test_an_edited_macro_free_sheet_is_refused_naming_the_cell(small_books, tmp_path):
    """A formula of a pass changed by hand: the records would not be the run
    loop's, so the sheet is refused, naming the cell and what it should hold."""
    book = openpyxl.load_workbook(small_books / "graddesc.xlsx")
    assert book["adam"]["C7"].value == "=H6"  # the first pass: b carried from the row above
    book["adam"]["C7"] = "=H6+1"
    book.save(tmp_path / "edited.xlsx")
    result = run("run", tmp_path / "edited.xlsx", "--sheet", "adam")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"sheetgd run: {tmp_path / 'edited.xlsx'}: sheet adam is not laid out as sheetgd "
        "build lays out 12 rows and 7 epochs: adam!C7 holds =H6+1, not =H6"]


def test_json_keys_and_csv_columns_are_in_one_order():
    args = ("graddesc", "--sheet", "rmsprop", "--epochs", "2")
    as_json = records(*args)
    result = run("run", *args, "--csv")
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == list(as_json[0])
    assert [float(v) for v in rows[1][2:6]] == [as_json[0][k] for k in ("b", "a", "error", "lr")]
    assert rows[1][6:8] == ["", ""]  # rmsprop has no momentum: null in JSON, empty in CSV


def test_a_bare_learning_rate_is_every_sheet_runs_and_a_sheets_own_wins():
    got = records("graddesc", "--epochs", "0", "--lr", "0.01", "--lr", "basic=0.0002")
    assert {r["sheet"]: r["lr"] for r in got} == {"basic": 0.0002, "momentum": 0.01,
                                                  "rmsprop": 0.01, "adam": 0.01,
                                                  "adam_ann": 0.01, "wd_sgd": 0.01,
                                                  "wd_adam": 0.01, "one_cycle": 0.01}


@pytest.mark.parametrize("lr, message", [
    ("momentum=0.1", "'momentum=0.1': momentum is not run (--sheet); --lr applies to adam"),
    ("adam=0", "'adam=0': the learning rate of adam must be > 0, not 0.0"),
    ("fast", "'fast': 'fast' is not a finite number"),
    ("adam=nan", "'adam=nan': 'nan' is not a finite number"),
])
def test_run_lr_refuses_in_one_line_naming_the_option(lr, message):
    result = run("run", "graddesc", "--sheet", "adam", "--lr", lr)
    assert result.exit_code == 2
    assert f"Error: Invalid value for '--lr': {message}" in result.output
