"""``sheetgd build`` and ``sheetgd run``; running a saved workbook."""

from __future__ import annotations

import json

import openpyxl
import pytest
from click.testing import CliRunner

from sheetgd.books.graddesc import OPTIMISERS, build
from sheetgd.books.macros import runner_for
from sheetgd.cli import main
from sheetgd.io.xlsx_read import read_workbook
from sheetgd.io.xlsx_write import write_xlsx

from .reference_loops import ReferenceRunner


def run(*args):
    return CliRunner().invoke(main, list(args))


def test_build_writes_the_books_with_cached_values(tmp_path):
    """The command writes every file with a cached value in every formula
    cell (2 epochs unrolled: the default books' cells are compared with the
    engine's values in tests/test_products.py)."""
    result = run("build", "--out", str(tmp_path), "--epochs", "2")
    assert result.exit_code == 0, result.output
    for name in ("graddesc.xlsx", "graddesc.xlsm", "entropy.xlsx"):
        assert (tmp_path / name).exists()
        values = openpyxl.load_workbook(tmp_path / name, data_only=True)
        formulas = openpyxl.load_workbook(tmp_path / name)
        cached = read_workbook(tmp_path / name).cached
        for ws in formulas.worksheets:
            for row in ws.iter_rows():
                for cell in row:
                    if cell.data_type == "f":
                        # openpyxl reads an empty text result (t="str", <v></v>) as None
                        assert values[ws.title][cell.coordinate].value is not None or \
                            cached.get((ws.title, cell.row, cell.column)) == "", \
                            f"{ws.title}!{cell.coordinate} has no cached value"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temp files left
    wb = openpyxl.load_workbook(tmp_path / "graddesc.xlsm")
    assert wb["adam"]["H4"].value == "=C4-J4*$D$2/SQRT(L4)"
    assert "gradtarget" in wb["adam"].defined_names
    assert (tmp_path / "graddesc.bas").exists()


def test_build_options(tmp_path):
    result = run("build", "--out", str(tmp_path), "--rows", "40", "--seed", "3",
                 "--lr", "adam=0.25", "--beta2", "adam_ann=0.99", "--logits", "1,2,3,4,5",
                 "--epochs", "2")
    assert result.exit_code == 0, result.output
    book = read_workbook(tmp_path / "graddesc.xlsm")
    assert book.value("adam!lr") == 0.25 and book.value("adam_ann!L1") == 0.99
    assert book.formula("adam!H43") == "=C43-J43*$D$2/SQRT(L43)"
    unrolled = read_workbook(tmp_path / "graddesc.xlsx")
    assert unrolled.value("adam!D2") == 0.25


def test_build_with_a_learning_rate_that_diverges(tmp_path):
    """basic at lr 0.01 over 60 rows of seed 5 overflows in epoch 1 (its
    cells #NUM!, as Excel's would be): the books are written and the
    summary says which run diverged (a TypeError stopped the build)."""
    result = run("build", "--out", str(tmp_path), "--rows", "60", "--seed", "5",
                 "--lr", "basic=0.01", "--epochs", "4")
    assert result.exit_code == 0, result.output
    values = openpyxl.load_workbook(tmp_path / "graddesc.xlsx", data_only=True)
    summary = next(c.value for row in values["summary"].iter_rows() for c in row
                   if isinstance(c.value, str) and c.value.startswith("This table"))
    assert "Error after 4 epochs: basic diverged (#NUM!), momentum " in summary
    ws = values["basic"]
    col = next(c for c in ws[3] if c.value == "epoch").column  # the history: epoch, b, a, error
    assert [ws.cell(r, col + 3).value for r in (4, 8)][1] == "#NUM!"
    assert isinstance(ws.cell(4, col + 3).value, float)  # epoch 0: before any Run


def test_build_with_data_past_excels_largest_number(tmp_path):
    """--true-a 1e308 --true-b -1e308: some of the data's y are #NUM! (past
    1.8e308, as in Excel); the data column's format skips them (float() of
    the error value stopped the build with a TypeError)."""
    result = run("build", "--out", str(tmp_path), "--rows", "5", "--epochs", "3",
                 "--lr", "basic=1.7e308", "--lr", "adam=1.7e308", "--lr", "one_cycle=1.7e308",
                 "--lr", "adam_ann=1.7e308", "--init-a", "1e308", "--true-a", "1e308",
                 "--true-b", "-1e308")
    assert result.exit_code == 0, result.output
    values = openpyxl.load_workbook(tmp_path / "graddesc.xlsx", data_only=True)
    assert "#NUM!" in [values["data"].cell(r, 3).value for r in range(5, 10)]


def test_lr_find_whose_steps_overflow():
    """run graddesc --sheet lr_find with start_lr 1e3 (every row after the
    first flagged: no slope, so lr_steep is #N/A) and with start_lr 1e200
    (the loss passes Excel's largest number: #NUM!, and so does its flag):
    the table shows the error values and says where it diverged (a
    TypeError on formatting the error value stopped it; the flag that is
    #NUM! read as 'did not diverge')."""
    result = run("run", "graddesc", "--sheet", "lr_find", "--start-lr", "1e3",
                 "--end-lr", "1e300", "--num-it", "5")
    assert result.exit_code == 0, result.output
    assert "#N/A (steepest descent)" in result.output
    result = run("run", "graddesc", "--sheet", "lr_find", "--start-lr", "1e200",
                 "--end-lr", "1e300", "--num-it", "4")
    assert result.exit_code == 0, result.output
    assert "diverged at iteration 1" in result.output
    assert "#NUM!          #NUM!  diverged" in result.output


@pytest.mark.parametrize("args,message", [
    (["--rows", "-3"], "rows"), (["--lr", "adam=0"], "learning rate"),
    (["--lr", "nosheet=1"], "SHEET=VALUE"), (["--logits", "1,2"], "logits"),
])
def test_build_refuses_bad_options(tmp_path, args, message):
    result = run("build", "--out", str(tmp_path), *args)
    assert result.exit_code == 2 and message in result.output
    assert not list(tmp_path.iterdir())


def test_run_all_prints_the_comparison_table():
    """Error per epoch of every sheet, with what epoch 0 is, each sheet's
    learning rate (the lesson's, docs/workbooks.md, and the one given), b and a
    after the last epoch, and the data's true b and a."""
    result = run("run", "graddesc", "--sheet", "all", "--epochs", "5", "--lr", "adam=0.5")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].endswith("epoch 0: after Reset, before any Run")
    assert lines[1].split() == ["epoch", *OPTIMISERS]
    assert lines[2].split() == ["lr", "0.0001", "0.0001", "0.02", "0.5", "1", "0.0001", "0.1",
                                "1"]  # one_cycle: its lr_max
    assert [line.split()[0] for line in lines[3:9]] == ["0", "1", "2", "3", "4", "5"]
    assert [line.split()[0] for line in lines[10:13]] == ["after", "b", "a"]
    assert lines[-1] == "target: b = 30, a = 2 (the data sheet's y = 2x + 30)"


def test_run_json_records_match_the_independent_loop():
    result = run("run", "graddesc", "--sheet", "adam", "--epochs", "20", "--reset", "--json")
    assert result.exit_code == 0, result.output
    records = json.loads(result.output)
    assert len(records) == 21
    assert set(records[0]) >= {"sheet", "epoch", "a", "b", "error", "lr"}
    ref = ReferenceRunner("adam", 1.0, (0.9, 0.9)).run(20)
    assert [r["error"] for r in records] == [r["error"] for r in ref]
    assert [r["b"] for r in records] == [r["b"] for r in ref]


def test_run_csv_and_lr():
    result = run("run", "graddesc", "--sheet", "rmsprop", "--epochs", "3", "--lr", "0.05", "--csv")
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert lines[0].startswith("sheet,epoch,b,a,error,lr") and len(lines) == 5
    assert all(line.split(",")[5] == "0.05" for line in lines[1:])


def test_run_reports_divergence():
    result = run("run", "graddesc", "--sheet", "basic", "--epochs", "5", "--lr", "0.01")
    assert result.exit_code == 0
    assert "basic: diverged at epoch" in result.output and "#NUM!" in result.output


@pytest.mark.parametrize("args", [["--epochs", "-1"], ["--lr", "0"], ["--epochs", "1000000000"],
                                  ["--sheet", "nope"]])
def test_run_refuses_bad_options(args):
    assert run("run", "graddesc", *args).exit_code == 2


def test_run_a_file_that_is_not_graddesc(tmp_path):
    path = tmp_path / "x.xlsx"
    openpyxl.Workbook().save(path)
    result = run("run", str(path), "--sheet", "adam")
    assert result.exit_code == 2 and "adam" in result.output


def test_a_saved_book_continues_exactly_like_the_live_one(tmp_path):
    """Press Reset and Run, save, load: running on goes on as in memory."""
    live = build()
    for sheet in OPTIMISERS:
        runner_for(live, sheet).run(5, reset=True)
    path = write_xlsx(live, tmp_path / "after_run.xlsx")
    saved = read_workbook(path)
    for sheet in OPTIMISERS:
        want = runner_for(live, sheet)
        got = runner_for(saved, sheet)
        want.run(5)
        got.run(5)
        assert [(r.b, r.a, r.error, r.lr) for r in got.records] == \
               [(r.b, r.a, r.error, r.lr) for r in want.records], sheet
    result = run("run", str(path), "--sheet", "adam_ann", "--epochs", "2", "--json")
    assert result.exit_code == 0 and len(json.loads(result.output)) == 3


def test_a_workbook_with_only_the_original_layout_runs(tmp_path):
    """No rmse names on the optimiser sheets and no history blocks, as in the
    lesson's own graddesc file: the run loop still records every epoch."""
    book = build()
    for sheet in ("momentum", "rmsprop", "adam", "adam_ann"):
        book.names.remove("rmse", sheet)
    for sheet in OPTIMISERS:
        book.names.remove("history", sheet)
    path = write_xlsx(book, tmp_path / "original_layout.xlsx")
    saved = read_workbook(path)
    runner = runner_for(saved, "adam")
    runner.run(5, reset=True)
    ref = ReferenceRunner("adam", 1.0, (0.9, 0.9)).run(5)
    # the fallback error sums x*x in SUMPRODUCT instead of pow(x, 2) in a column: a few ulps
    assert [r.error for r in runner.records] == pytest.approx([r["error"] for r in ref], rel=1e-13)
    assert [r.b for r in runner.records] == [r["b"] for r in ref]


@pytest.mark.parametrize("carry", ["faithful", "updated"])
def test_a_book_with_only_the_originals_names_runs_like_the_generated_one(tmp_path, carry):
    """The names sheetgd adds (lr, newconst, newslope, rmse on basic's
    neighbours, history) removed, as in a graddesc.xlsm Excel saved: the
    programs' names fall back to the cells the layout gives them, and every
    sheet runs (Reset, 7 epochs) as on the generated book."""
    book = build()
    added = ("lr", "newconst", "newslope", "history")
    for sheet in OPTIMISERS:
        for name in added + (("rmse",) if sheet != "basic" else ()):
            book.names.remove(name, sheet)
    saved = read_workbook(write_xlsx(book, tmp_path / "original_names.xlsx"))
    for sheet in OPTIMISERS:
        assert all(saved.names.lookup(n, sheet) is None for n in added)
        got, want = runner_for(saved, sheet, carry=carry), runner_for(build(), sheet, carry=carry)
        got.run(7, reset=True)
        want.run(7, reset=True)
        assert [(r.b, r.a, r.lr, r.mom_b, r.ms_a) for r in got.records] == \
               [(r.b, r.a, r.lr, r.mom_b, r.ms_a) for r in want.records], sheet
        # the error of sheets without an rmse name is summed from the rows: a few ulps
        assert [r.error for r in got.records] == pytest.approx([r.error for r in want.records],
                                                               rel=1e-13)


def test_a_workbook_wide_name_on_another_sheet_is_not_the_sheets_cell():
    """Without its own 'lr', the sheet's learning rate is its D2 (the layout),
    not a workbook-wide 'lr' that points at another sheet."""
    book = build()
    book.names.remove("lr", "adam")
    book.names.define("lr", "=data!$C$1")
    runner_for(book, "adam").run(1, reset=True, lr=0.25)
    assert book.value("adam!D2") == 0.25 and book.value("data!C1") == 30.0


def test_run_takes_a_million_rows_and_refuses_more_cells_than_a_book_holds():
    """--rows goes up to 1,000,000 (Excel's 1,048,576 rows hold them with the
    sheets' headers); sheets that would need more than the engine's
    20,000,000 cells are refused in one line before anything is built."""
    result = run("run", "graddesc", "--rows", "1000001")
    assert result.exit_code == 2 and "'--rows'" in result.output and "1000000" in result.output
    result = run("run", "graddesc", "--rows", "200000", "--epochs", "1")
    assert result.exit_code == 2
    [line] = result.output.strip().splitlines()
    assert line.startswith("sheetgd run: graddesc: 200,000 rows make 25,")
    assert line.endswith("more than the 20,000,000 a workbook may hold: use fewer rows or "
                         "fewer sheets")
