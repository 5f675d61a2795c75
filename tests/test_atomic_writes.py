"""Every file sheetgd writes goes through one atomic-write helper
(:mod:`sheetgd.io.atomic`): a full disk, a read-only folder or a failing
rename leaves the old file byte for byte and no temporary file; missing
output folders are created; NaN and infinities never reach a written xlsx."""

from __future__ import annotations

import errno
import os
import re
import zipfile
from pathlib import Path

import matplotlib.figure
import numpy as np
import openpyxl
import pytest
from click.testing import CliRunner

import sheetgd
from sheetgd.cli import main
from sheetgd.io import atomic
from sheetgd.io.atomic import atomic_path, write_bytes_atomic
from sheetgd.io.xlsx_write import write_xlsx
from sheetgd.reference.sweep import SweepResult, write_csv, write_plot
from sheetgd.runs import write_output

from .conftest import edit_part, is_error
from .write_faults import fail_mid_workbook, fail_mid_write, no_temporary_files, snapshot


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def disk_full() -> OSError:
    return OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def _one_line_error(result, *fragments) -> str:
    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.output
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
    return lines[0]


def _book() -> sheetgd.Workbook:
    book = sheetgd.Workbook()
    book.add_sheet("s")
    book.set("s!A1", 3)
    book.set("s!A2", "=A1*2")
    return book


def _sweep_result() -> SweepResult:
    lrs = np.array([1e-3, 1e-2])
    return SweepResult("basic", lrs, beta1=0.0, beta2=0.0, final_a=np.array([1.5, 2.0]),
                       final_b=np.array([2.5, np.inf]), final_error=np.array([10.0, np.nan]),
                       diverged_at=np.array([-1, 1]), seconds=0.1, rows=29, epochs=1)


# ---- the helper itself ---------------------------------------------------------------------

def test_the_new_file_appears_whole_and_keeps_the_old_permissions(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("old")
    path.chmod(0o640)
    with atomic_path(path) as tmp:
        assert tmp.parent == tmp_path and tmp.suffix == ".txt" and tmp.name.startswith(".")
        tmp.write_text("new")
        assert path.read_text() == "old"  # nothing visible until the writer is done
    assert path.read_text() == "new" and (path.stat().st_mode & 0o777) == 0o640
    no_temporary_files(tmp_path)


def test_a_new_file_gets_the_usual_permissions(tmp_path):
    mask = os.umask(0o022)
    try:
        write_bytes_atomic(tmp_path / "fresh.bin", b"x")
    finally:
        os.umask(mask)
    assert ((tmp_path / "fresh.bin").stat().st_mode & 0o777) == 0o644


def test_the_target_folder_must_exist_for_the_library(tmp_path):
    with pytest.raises(FileNotFoundError, match="no such folder") as info:
        write_xlsx(_book(), tmp_path / "missing" / "book.xlsx")
    assert info.value.filename == str(tmp_path / "missing")
    assert not (tmp_path / "missing").exists()


# ---- a full disk, part-way through -----------------------------------------------------------

def _fail_savefig(monkeypatch, exc):
    def half_savefig(self, fname, *args, **kwargs):
        Path(fname).write_bytes(b"\x89PNG half")
        raise exc
    monkeypatch.setattr(matplotlib.figure.Figure, "savefig", half_savefig)


WRITERS = {
    "bytes": (lambda p: write_bytes_atomic(p, b"new" * 1000), fail_mid_write),
    "run output": (lambda p: write_output(p, "epoch,error\n0,1.5\n" * 100), fail_mid_write),
    "sweep csv": (lambda p: write_csv([_sweep_result()], p), fail_mid_write),
    "sweep png": (lambda p: write_plot([_sweep_result()], p), _fail_savefig),
    "workbook": (lambda p: write_xlsx(_book(), p), fail_mid_workbook),
}


@pytest.mark.parametrize("what", WRITERS)
def test_a_full_disk_part_way_keeps_the_old_file(tmp_path, monkeypatch, what):
    write, fail = WRITERS[what]
    path = tmp_path / ("out.xlsx" if what == "workbook" else "out.png" if "png" in what
                       else "out.csv")
    path.write_bytes(b"the old file, byte for byte")
    fail(monkeypatch, disk_full())
    with pytest.raises(OSError) as info:
        write(path)
    assert info.value.errno == errno.ENOSPC  # the OSError itself, not a library's wrapper
    assert snapshot(tmp_path) == {path.name: b"the old file, byte for byte"}


def test_a_failing_rename_keeps_the_old_file(tmp_path, monkeypatch):
    path = tmp_path / "book.xlsx"
    path.write_bytes(b"old")

    def no_replace(src, dst):
        raise PermissionError(errno.EACCES, "Permission denied", str(dst))
    monkeypatch.setattr(atomic.os, "replace", no_replace)
    with pytest.raises(PermissionError):
        write_xlsx(_book(), path)
    assert snapshot(tmp_path) == {"book.xlsx": b"old"}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("built")
    assert run("build", "--out", folder, "--epochs", "2").exit_code == 0
    return folder


def _copy_of(folder: Path, into: Path) -> dict[str, bytes]:
    into.mkdir(exist_ok=True)
    for name, data in snapshot(folder).items():
        (into / name).write_bytes(data)
    return snapshot(into)


def test_build_on_a_full_disk(built, tmp_path, monkeypatch):
    before = _copy_of(built, tmp_path / "books")
    fail_mid_workbook(monkeypatch, disk_full())
    result = run("build", "--out", tmp_path / "books", "--rows", "2", "--epochs", "1", "--force")
    _one_line_error(result, f"cannot write into {tmp_path / 'books'}", "No space left on device")
    assert snapshot(tmp_path / "books") == before


def test_run_out_on_a_full_disk(tmp_path, monkeypatch):
    out = tmp_path / "records.json"
    out.write_text("[]")
    fail_mid_write(monkeypatch, disk_full())
    result = run("run", "--sheet", "adam", "--epochs", "1", "--json", "--out", out)
    _one_line_error(result, f"cannot write {out}", "No space left on device")
    assert snapshot(tmp_path) == {"records.json": b"[]"}


def test_sweep_on_a_full_disk(tmp_path, monkeypatch):
    (tmp_path / "sweep.csv").write_text("old")
    fail_mid_write(monkeypatch, disk_full())
    result = run("sweep", "--sheet", "basic", "--lr", "1e-3:1e-2:2", "--epochs", "1",
                 "--check", "0", "--device", "cpu", "--out", tmp_path)
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == \
        f"Error: cannot write {tmp_path / 'sweep.csv'}: No space left on device"
    assert snapshot(tmp_path) == {"sweep.csv": b"old"}


# ---- read-only folders -------------------------------------------------------------------

def _read_only(monkeypatch, folder: Path):
    """What a read-only folder does to a writer (root ignores chmod)."""
    def refuse(*args, dir=None, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", str(dir))
    monkeypatch.setattr(atomic.tempfile, "mkstemp", refuse)


def test_build_into_a_read_only_folder_simulated(built, tmp_path, monkeypatch):
    before = _copy_of(built, tmp_path / "books")
    _read_only(monkeypatch, tmp_path / "books")
    result = run("build", "--out", tmp_path / "books", "--rows", "2", "--epochs", "1", "--force")
    _one_line_error(result, f"cannot write into {tmp_path / 'books'}", "Permission denied")
    assert snapshot(tmp_path / "books") == before


def test_run_out_into_a_read_only_folder_simulated(tmp_path, monkeypatch):
    _read_only(monkeypatch, tmp_path)
    result = run("run", "--sheet", "adam", "--epochs", "1", "--out", tmp_path / "table.txt")
    _one_line_error(result, "Permission denied")
    assert not list(tmp_path.iterdir())


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0,
                    reason="root writes into read-only folders; the simulated tests cover it")
def test_build_into_a_really_read_only_folder(built, tmp_path):
    before = _copy_of(built, tmp_path / "books")
    (tmp_path / "books").chmod(0o555)
    try:
        result = run("build", "--out", tmp_path / "books", "--rows", "2", "--epochs", "1",
                     "--force")
        _one_line_error(result, "Permission denied")
        assert snapshot(tmp_path / "books") == before
    finally:
        (tmp_path / "books").chmod(0o755)


# ---- missing folders, files in the way -----------------------------------------------------

def test_build_creates_a_missing_output_folder(tmp_path):
    out = tmp_path / "a" / "b" / "books"
    result = run("build", "--out", out, "--epochs", "2")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == \
        ["entropy.xlsx", "graddesc.bas", "graddesc.xlsm", "graddesc.xlsx"]


def test_run_out_creates_a_missing_folder(tmp_path):
    out = tmp_path / "new" / "run.csv"
    result = run("run", "--sheet", "adam", "--epochs", "2", "--csv", "--out", out)
    assert result.exit_code == 0 and result.output == f"wrote {out}\n"
    assert out.read_text().startswith("sheet,epoch,") and len(out.read_text().splitlines()) == 4


def test_sweep_creates_a_missing_output_folder(tmp_path):
    out = tmp_path / "new" / "sweeps"
    result = run("sweep", "--sheet", "basic", "--lr", "1e-3:1e-2:2", "--epochs", "1",
                 "--check", "0", "--device", "cpu", "--out", out)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["sweep.csv", "sweep.png"]


def test_a_file_where_the_output_folder_should_be(tmp_path):
    (tmp_path / "taken").write_text("a file")
    result = run("run", "--epochs", "1", "--out", tmp_path / "taken" / "run.txt")
    _one_line_error(result, str(tmp_path / "taken"), "a file where a folder should be")
    result = run("build", "--out", tmp_path / "taken" / "books")
    _one_line_error(result, "cannot create the folder", "a file where a folder should be")


def test_build_next_to_an_old_file_that_is_not_a_workbook(tmp_path):
    (tmp_path / "graddesc.xlsx").write_text("notes, not a workbook")
    result = run("build", "--out", tmp_path, "--epochs", "2")
    _one_line_error(result, f"{tmp_path / 'graddesc.xlsx'} differs from what build writes",
                    "not an .xlsx/.xlsm file", "use --force")
    assert snapshot(tmp_path) == {"graddesc.xlsx": b"notes, not a workbook"}
    assert run("build", "--out", tmp_path, "--epochs", "2", "--force").exit_code == 0
    assert sheetgd.load(tmp_path / "graddesc.xlsx").sheet_names[:2] == ["summary", "data"]


# ---- one helper for every writer --------------------------------------------------------------

def _spy_on_renames(monkeypatch) -> list[tuple[Path, Path]]:
    renames = []
    real = os.replace

    def replace(src, dst):
        renames.append((Path(src), Path(dst)))
        return real(src, dst)
    monkeypatch.setattr(os, "replace", replace)
    return renames


def test_every_output_file_is_renamed_from_a_temporary_file(tmp_path, monkeypatch):
    renames = _spy_on_renames(monkeypatch)
    assert run("build", "--out", tmp_path, "--epochs", "2").exit_code == 0
    assert run("sweep", "--sheet", "basic", "--lr", "1e-3:1e-2:2", "--epochs", "1",
               "--check", "0", "--device", "cpu", "--out", tmp_path).exit_code == 0
    assert run("run", "--epochs", "1", "--json", "--out", tmp_path / "run.json").exit_code == 0
    assert {dst for _, dst in renames} == set(tmp_path.iterdir())
    for src, dst in renames:
        assert src.parent == dst.parent and src.name.startswith(f".{dst.name}.")
        assert atomic.TEMP_MARK in src.name
    no_temporary_files(tmp_path)


# ---- NaN and infinities ------------------------------------------------------------------

def test_nan_and_inf_are_written_as_num_errors(tmp_path):
    book = sheetgd.Workbook()
    book.add_sheet("s")
    for ref, text in {"A1": 0, "A2": 0, "A3": 0, "B1": "=1+1", "B2": "=2+2"}.items():
        book.set(f"s!{ref}", text)
    cells = book.sheet("s").cells  # values set past the engine, which turns NaN into #NUM!
    for (row, col), value in {(1, 1): float("nan"), (2, 1): float("inf"), (3, 1): -float("inf"),
                              (1, 2): float("nan"), (2, 2): np.float64("inf")}.items():
        cells[(row, col)].value = value
    path = write_xlsx(book, tmp_path / "nonfinite.xlsx")
    with zipfile.ZipFile(path) as z:
        xml = z.read("xl/worksheets/sheet1.xml").decode()
    assert not re.search(r"(?i)<v>[^<]*(nan|inf)", xml), xml
    for ref in ("A1", "A2", "A3", "B1", "B2"):
        cell = re.search(rf'<c r="{ref}"[^>]*>.*?</c>', xml).group(0)
        assert 't="e"' in cell and "<v>#NUM!</v>" in cell, cell
    values = openpyxl.load_workbook(path, data_only=True)["s"]
    assert [values[r].value for r in ("A1", "A2", "A3", "B1", "B2")] == ["#NUM!"] * 5
    formulas = openpyxl.load_workbook(path)["s"]
    assert formulas["B1"].value == "=1+1"  # the formula itself survives


def test_a_cached_infinity_in_a_file_reads_as_num(tmp_path):
    """1e999 is how an infinity can reach a file's <v> (openpyxl refuses "NaN")."""
    dst = edit_part(write_xlsx(_book(), tmp_path / "plain.xlsx"), tmp_path / "nan.xlsx",
                    "xl/worksheets/sheet1.xml",
                    lambda data: data.replace(b"<v>6.0</v>", b"<v>1e999</v>")
                    .replace(b"<v>3.0</v>", b"<v>-1E999</v>"))
    book = sheetgd.load(dst, calculate=False)
    assert is_error(book.value("s!A2"), "#NUM!") and is_error(book.value("s!A1"), "#NUM!")


# ---- a second signal while a clean-up begins -----------------------------------------------

def _second_signal_as_the_cleanup_begins(monkeypatch):
    """The next :func:`atomic.signals_deferred` raises KeyboardInterrupt before
    holding anything back, as Python does when a signal arrives while the
    handlers are being swapped (the clean-up after a first Ctrl-C is cut off)."""
    real = atomic.signals_deferred
    calls = []

    def interrupted_once(*args, **kwargs):
        if not calls:
            calls.append(1)
            raise KeyboardInterrupt
        return real(*args, **kwargs)
    monkeypatch.setattr(atomic, "signals_deferred", interrupted_once)


def test_a_batch_cleanup_cut_off_by_a_signal_leaves_its_files_to_remove_leftovers(
        tmp_path, monkeypatch):
    target = tmp_path / "book.xlsx"
    target.write_text("old")
    with pytest.raises(KeyboardInterrupt):
        with atomic.Batch() as batch:
            batch.stage(target).write_text("new")
            _second_signal_as_the_cleanup_begins(monkeypatch)
            raise KeyboardInterrupt  # the first Ctrl-C, mid-write
    assert len([p for p in tmp_path.iterdir() if p.name.startswith(".")]) == 1  # cut off
    monkeypatch.undo()
    assert [p.name for p in atomic.remove_leftovers()][0].startswith(".book.xlsx.")
    no_temporary_files(tmp_path)
    assert target.read_text() == "old"


def test_an_atomic_write_cut_off_in_its_cleanup_leaves_it_to_remove_leftovers(
        tmp_path, monkeypatch):
    target = tmp_path / "records.csv"
    target.write_text("old")
    with pytest.raises(KeyboardInterrupt):
        with atomic_path(target) as tmp:
            tmp.write_text("new")
            _second_signal_as_the_cleanup_begins(monkeypatch)
            raise KeyboardInterrupt
    monkeypatch.undo()
    atomic.remove_leftovers()
    no_temporary_files(tmp_path)
    assert target.read_text() == "old"


def test_a_file_renamed_into_place_is_not_a_leftover(tmp_path):
    target = tmp_path / "records.csv"
    write_bytes_atomic(target, b"new")
    with atomic.Batch() as batch:
        batch.stage(tmp_path / "other.csv").write_text("other")
        batch.commit()
    assert atomic.remove_leftovers() == []
    assert target.read_bytes() == b"new" and (tmp_path / "other.csv").read_text() == "other"


def test_ctrl_c_during_build_whose_cleanup_is_cut_off_leaves_no_temporary_file(
        built, tmp_path, monkeypatch):
    """The CLI removes what a cut-off clean-up left before it says "interrupted"."""
    out = tmp_path / "books"
    before = _copy_of(built, out)
    fail_mid_workbook(monkeypatch, KeyboardInterrupt())
    monkeypatch.setattr(atomic.Batch, "__exit__", lambda self, *exc: None)  # cut off
    result = run("build", "--out", out, "--rows", "40", "--epochs", "2", "--force")
    assert result.exit_code == 130, result.output
    no_temporary_files(out)
    assert snapshot(out) == before
