"""Where output goes (:mod:`sheetgd.io.atomic`, ``run --out``) and how
``sheetgd build`` writes its four files.

Outputs: a regular file is replaced atomically; a symlink is followed (its
target replaced, the link kept); a device, a FIFO or a stream of the process
(``/dev/stdout``, ``/dev/fd/N``) is written through, never replaced; ``-`` is
standard output; a folder (or a name ending in ``/``) gets the default name.
Devices are exercised on a FIFO and a device node made in a temporary
folder, and streams on a pipe of the test itself: never on the real /dev.

Build: all four files or none (temporaries first, renamed together with
signals held back, put back if a rename fails), the ``.bas`` under the
differs/--force rule, SIGTERM cleans up as Ctrl-C does, a second build of
the same folder is refused, a read-only folder that is up to date is
"unchanged", and nothing follows the one-line error of a full disk.
"""

from __future__ import annotations

import errno
import os
import signal
import stat
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from sheetgd.books import unrolled
from sheetgd.books.graddesc import GradDescParams, draw_x
from sheetgd.cli import main
from sheetgd.io import atomic
from sheetgd.io.compare import same_cells
from sheetgd.io.atomic import (
    Batch, FolderBusyError, atomic_path, folder_lock, resolve_target, write_bytes_atomic,
)

from .write_faults import no_temporary_files, signal_a_build_mid_write, snapshot

ROOT = Path(__file__).resolve().parents[1]
BOOKS = ("entropy.xlsx", "graddesc.bas", "graddesc.xlsm", "graddesc.xlsx")


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def _one_line_error(result, *fragments, status=1) -> str:
    assert result.exit_code == status, result.output
    assert "Traceback" not in result.output
    errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1, result.output
    for fragment in fragments:
        assert fragment in errors[0], errors[0]
    return errors[0]


class FifoReader:
    """A FIFO in ``folder`` and a thread that reads everything written to it."""

    def __init__(self, folder: Path, name: str = "pipe"):
        self.path = folder / name
        os.mkfifo(self.path)
        self.data = b""
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self):
        with open(self.path, "rb") as fh:
            self.data = fh.read()

    def wait(self) -> bytes:
        self.thread.join(timeout=60)
        assert not self.thread.is_alive(), "nothing was written to the FIFO"
        return self.data


# ---- where a write goes ------------------------------------------------------------------

def test_a_regular_file_and_a_new_name_are_replaced(tmp_path):
    (tmp_path / "old.txt").write_text("old")
    assert resolve_target(tmp_path / "old.txt").through is False
    assert resolve_target(tmp_path / "new.txt").kind == "new"


@pytest.mark.parametrize("name,fd", [("/dev/stdout", 1), ("/dev/stderr", 2), ("/dev/stdin", 0),
                                     ("/dev/fd/7", 7), ("/proc/self/fd/9", 9)])
def test_the_process_streams_are_written_at_their_descriptor(name, fd):
    target = resolve_target(name)  # only the name is looked at
    assert target.through and target.is_stream and target.fd == fd


def test_a_folder_is_refused(tmp_path):
    with pytest.raises(IsADirectoryError, match="is a folder"):
        write_bytes_atomic(tmp_path, b"x")


def test_a_fifo_is_written_through_not_replaced(tmp_path):
    fifo = FifoReader(tmp_path)
    assert resolve_target(fifo.path).kind == "FIFO"
    write_bytes_atomic(fifo.path, b"through the pipe")
    assert fifo.wait() == b"through the pipe"
    assert stat.S_ISFIFO(os.lstat(fifo.path).st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["pipe"]  # no temporary file beside it


def test_a_writer_that_needs_a_path_writes_through_a_fifo_too(tmp_path):
    fifo = FifoReader(tmp_path)
    with atomic_path(fifo.path) as tmp:
        assert tmp.parent != tmp_path  # the system's temporary folder, not the FIFO's
        tmp.write_bytes(b"made by a writer that wants a file name")
    assert fifo.wait() == b"made by a writer that wants a file name"
    assert stat.S_ISFIFO(os.lstat(fifo.path).st_mode) and not tmp.exists()


def test_a_symlink_is_followed_and_stays_a_link(tmp_path):
    (tmp_path / "target.csv").write_text("stale")
    (tmp_path / "link.csv").symlink_to("target.csv")
    write_bytes_atomic(tmp_path / "link.csv", b"fresh")
    assert (tmp_path / "link.csv").is_symlink()
    assert os.readlink(tmp_path / "link.csv") == "target.csv"
    assert (tmp_path / "target.csv").read_bytes() == b"fresh"
    no_temporary_files(tmp_path)


def test_a_symlink_into_another_folder_replaces_the_target_there(tmp_path):
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "target.csv").write_text("stale")
    (tmp_path / "here").mkdir()
    (tmp_path / "here" / "link.csv").symlink_to(tmp_path / "elsewhere" / "target.csv")
    write_bytes_atomic(tmp_path / "here" / "link.csv", b"fresh")
    assert (tmp_path / "here" / "link.csv").is_symlink()
    assert (tmp_path / "elsewhere" / "target.csv").read_bytes() == b"fresh"
    no_temporary_files(tmp_path / "here")
    no_temporary_files(tmp_path / "elsewhere")


def test_a_dangling_symlink_gets_its_target_created(tmp_path):
    (tmp_path / "link.csv").symlink_to("missing.csv")
    write_bytes_atomic(tmp_path / "link.csv", b"made")
    assert (tmp_path / "link.csv").is_symlink()
    assert (tmp_path / "missing.csv").read_bytes() == b"made"


# ---- run --out ---------------------------------------------------------------------------

def test_run_out_a_fifo(tmp_path):
    fifo = FifoReader(tmp_path)
    result = run("run", "--epochs", "1", "--csv", "--out", fifo.path)
    assert result.exit_code == 0, result.output
    assert result.output == f"wrote {fifo.path}\n"
    assert fifo.wait().decode().startswith("sheet,epoch,")
    assert stat.S_ISFIFO(os.lstat(fifo.path).st_mode)


def test_run_out_a_device_node_is_written_through(tmp_path):
    """A /dev/null of our own (root may make device nodes; else skipped)."""
    null = tmp_path / "null"
    try:
        os.mknod(null, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except (PermissionError, OSError) as exc:
        pytest.skip(f"cannot make a device node here: {exc}")
    result = run("run", "--epochs", "1", "--csv", "--out", null)
    assert result.exit_code == 0, result.output
    mode = os.lstat(null).st_mode
    assert stat.S_ISCHR(mode) and os.major(os.lstat(null).st_rdev) == 1
    assert [p.name for p in tmp_path.iterdir()] == ["null"]


def test_run_out_a_symlink_replaces_its_target(tmp_path):
    (tmp_path / "target.csv").write_text("stale")
    (tmp_path / "link.csv").symlink_to("target.csv")
    result = run("run", "--epochs", "1", "--csv", "--out", tmp_path / "link.csv")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "link.csv").is_symlink()
    assert (tmp_path / "target.csv").read_text().startswith("sheet,epoch,")
    no_temporary_files(tmp_path)


def test_run_out_a_stream_of_the_process(tmp_path):
    """``--out /dev/fd/N`` (as ``/dev/stdout`` is fd 1): written at the
    descriptor this process holds -- here the write end of a pipe the test
    made -- and no "wrote" line, which would land in the same stream."""
    r, w = os.pipe()
    try:
        result = run("run", "--epochs", "1", "--csv", "--out", f"/dev/fd/{w}")
        os.close(w)
        w = None
        with open(r, "rb", closefd=False) as fh:
            data = fh.read()
    finally:
        os.close(r)
        if w is not None:
            os.close(w)
    assert result.exit_code == 0, result.output
    assert result.output == ""
    assert data.decode().startswith("sheet,epoch,")


def test_run_out_dash_is_standard_output(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("run", "--epochs", "1", "--csv", "--out", "-")
    assert result.exit_code == 0 and result.output.startswith("sheet,epoch,")
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("flag,name", [("--csv", "run.csv"), ("--json", "run.json"),
                                       (None, "run.txt")])
def test_run_out_a_trailing_slash_is_a_folder(tmp_path, flag, name):
    result = run("run", "--epochs", "1", *([flag] if flag else []), "--out", f"{tmp_path}/new/")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "new").is_dir() and [p.name for p in (tmp_path / "new").iterdir()] == [name]
    assert result.output == f"wrote {tmp_path / 'new' / name}\n"


def test_run_out_an_existing_folder_gets_the_default_name(tmp_path):
    result = run("run", "--epochs", "1", "--json", "--out", tmp_path)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "run.json").read_text().startswith("[{")


# ---- build: every file under the differs/--force rule ----------------------------------

@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("built")
    assert run("build", "--out", folder, "--epochs", "2").exit_code == 0
    return folder


@pytest.fixture(scope="module")
def built_40(tmp_path_factory) -> Path:
    """What ``--rows 40 --epochs 2`` writes: every graddesc file differs from ``built``."""
    folder = tmp_path_factory.mktemp("built40")
    assert run("build", "--out", folder, "--rows", "40", "--epochs", "2").exit_code == 0
    return folder


def _copy(folder: Path, into: Path) -> dict[str, bytes]:
    into.mkdir(parents=True, exist_ok=True)
    for name, data in snapshot(folder).items():
        (into / name).write_bytes(data)
    return snapshot(into)


def test_build_keeps_an_edited_bas_file(built, tmp_path):
    before = _copy(built, tmp_path / "books")
    bas = tmp_path / "books" / "graddesc.bas"
    bas.write_bytes(bas.read_bytes() + b"' my own notes\r\n")
    edited = snapshot(tmp_path / "books")
    result = run("build", "--out", tmp_path / "books", "--epochs", "2")
    _one_line_error(result, f"{bas} differs from what build writes", "use --force")
    assert snapshot(tmp_path / "books") == edited
    result = run("build", "--out", tmp_path / "books", "--epochs", "2", "--force")
    assert result.exit_code == 0, result.output
    assert f"wrote {bas}" in result.output.splitlines()
    assert snapshot(tmp_path / "books") == before


def test_build_writes_a_missing_bas_file(built, tmp_path):
    before = _copy(built, tmp_path / "books")
    (tmp_path / "books" / "graddesc.bas").unlink()
    result = run("build", "--out", tmp_path / "books", "--epochs", "2")
    assert result.exit_code == 0, result.output
    assert snapshot(tmp_path / "books") == before


# ---- build: all or nothing ---------------------------------------------------------------

def _fail_in_workbook(monkeypatch, nth: int, exc: BaseException):
    """Raise ``exc`` inside the ``nth`` workbook written (1-based), after its first part
    (build in one process: a second one would count its own workbooks)."""
    monkeypatch.setenv("SHEETGD_BUILD_PROCESSES", "1")
    seen: list[str] = []
    real = zipfile.ZipFile.writestr

    def writestr(self, *args, **kwargs):
        real(self, *args, **kwargs)
        name = str(self.filename)
        if name not in seen:
            seen.append(name)
            if len(seen) == nth:
                raise exc
    monkeypatch.setattr(zipfile.ZipFile, "writestr", writestr)


@pytest.mark.parametrize("nth", [1, 2, 3])
def test_a_late_ctrl_c_leaves_every_old_file(built, tmp_path, monkeypatch, nth):
    """Ctrl-C while writing the 1st, 2nd or 3rd workbook: the new graddesc.xlsx
    (already complete when the 2nd is written) does not appear beside the
    old .xlsm and .bas.  (Other logits too: an entropy.xlsx that is still
    current would not be written at all.)"""
    before = _copy(built, tmp_path / "books")
    _fail_in_workbook(monkeypatch, nth, KeyboardInterrupt())
    result = run("build", "--out", tmp_path / "books", "--rows", "2", "--epochs", "1",
                 "--logits", "1,2,3,4,5", "--force")
    assert result.exit_code == 130 and result.output.splitlines() == ["sheetgd: interrupted"]
    assert snapshot(tmp_path / "books") == before


def _parts(folder: Path) -> dict:
    """{(file, part): bytes} of the files in ``folder``, less the time of writing."""
    return {(path.name, n): data for path in sorted(folder.iterdir())
            for n, data in _file_parts(path).items()}


def _file_parts(path: Path) -> dict:
    """{part: bytes} of a workbook less docProps/core.xml (the time it was
    written); {"": bytes} of a .bas file."""
    if path.suffix == ".bas":
        return {"": path.read_bytes()}
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist() if n != "docProps/core.xml"}


def test_two_processes_write_the_bytes_one_process_writes(tmp_path, monkeypatch):
    """``build`` makes graddesc.xlsx here and the others in a forked
    process (SHEETGD_BUILD_PROCESSES): every part of every file is the
    same as a build in one process writes, the fingerprint included."""
    written = {}
    for processes in ("1", "2"):
        monkeypatch.setenv("SHEETGD_BUILD_PROCESSES", processes)
        result = run("build", "--out", tmp_path / processes, "--rows", "2", "--epochs", "1")
        assert result.exit_code == 0, result.output
        written[processes] = _parts(tmp_path / processes)
    assert len(written["1"]) > 20 and written["1"] == written["2"]


@pytest.mark.parametrize("exc, status", [(KeyboardInterrupt(), 130),
                                          (OSError(errno.ENOSPC, "No space left on device"), 1)])
def test_a_failure_in_the_second_process_leaves_every_old_file(built, tmp_path, monkeypatch,
                                                                 exc, status):
    """The forked process that makes graddesc.xlsm and entropy.xlsx fails
    half-way through the .xlsm (Ctrl-C, a full disk): its error is the
    build's, and every old file is left, without temporary files."""
    monkeypatch.setenv("SHEETGD_BUILD_PROCESSES", "2")
    before = _copy(built, tmp_path / "books")
    real = zipfile.ZipFile.writestr

    def writestr(self, *args, **kwargs):
        real(self, *args, **kwargs)
        if str(self.filename).endswith(".xlsm"):
            raise exc
    monkeypatch.setattr(zipfile.ZipFile, "writestr", writestr)
    result = run("build", "--out", tmp_path / "books", "--rows", "2", "--epochs", "1",
                 "--logits", "1,2,3,4,5", "--force")
    assert result.exit_code == status, result.output
    assert snapshot(tmp_path / "books") == before
    no_temporary_files(tmp_path / "books")


def _replace_failing_at(monkeypatch, nth: int, exc: BaseException) -> list:
    calls = []
    real = os.replace

    def replace(src, dst):
        calls.append(Path(dst).name)
        if len(calls) == nth:
            raise exc
        return real(src, dst)
    monkeypatch.setattr(os, "replace", replace)
    return calls


@pytest.mark.parametrize("exc", [PermissionError(errno.EACCES, "Permission denied"),
                                 KeyboardInterrupt()], ids=["EACCES", "KeyboardInterrupt"])
def test_a_rename_failing_half_way_puts_every_old_file_back(built, tmp_path, monkeypatch, exc):
    before = _copy(built, tmp_path / "books")
    calls = _replace_failing_at(monkeypatch, 3, exc)
    result = run("build", "--out", tmp_path / "books", "--rows", "2", "--epochs", "1", "--force")
    assert result.exit_code in (1, 130), result.output
    assert len(calls) >= 3  # two files were already renamed into place ...
    assert snapshot(tmp_path / "books") == before  # ... and were put back


def test_a_rename_failing_half_way_removes_new_files(tmp_path, monkeypatch):
    _replace_failing_at(monkeypatch, 2, PermissionError(errno.EACCES, "Permission denied"))
    result = run("build", "--out", tmp_path / "books", "--epochs", "2")
    _one_line_error(result, "Permission denied")
    assert snapshot(tmp_path / "books") == {}


def test_ctrl_c_while_renaming_waits_for_the_last_rename(built, built_40, tmp_path, monkeypatch):
    """A real SIGINT arriving between two renames is held back: all four
    files are the new ones, then the command stops with "interrupted"."""
    _copy(built, tmp_path / "books")
    real = os.replace
    sent = []

    def replace(src, dst):
        if not sent:
            sent.append(dst)
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(0.1)  # the handler would run here, were it not held back
        return real(src, dst)
    monkeypatch.setattr(os, "replace", replace)
    result = run("build", "--out", tmp_path / "books", "--rows", "40", "--epochs", "2", "--force")
    assert sent and result.exit_code == 130, result.output
    assert result.output.splitlines()[-1] == "sheetgd: interrupted"
    assert _versions(tmp_path / "books", built, built_40) == {"new"}
    no_temporary_files(tmp_path / "books")


def _versions(folder: Path, old: Path, new: Path) -> set[str]:
    """Which build each graddesc file in ``folder`` comes from: {"old"},
    {"new"}, or both when mixed (``old`` and ``new`` differ in their cells).
    A workbook is that build's when its parts are byte for byte the
    build's, the time it was written aside (docProps/core.xml), else when
    its cells are (read and compared: slower)."""
    found = set()
    for name in ("graddesc.xlsx", "graddesc.xlsm", "graddesc.bas"):
        refs = (("old", old / name), ("new", new / name))
        parts = _file_parts(folder / name)
        same = {v for v, ref in refs if parts == _file_parts(ref)}
        if not same and not name.endswith(".bas"):
            same = {v for v, ref in refs if not same_cells(folder / name, ref)}
        found |= same
    return found


def test_a_batch_removes_its_temporary_files_whatever_happens(tmp_path):
    with pytest.raises(RuntimeError), Batch() as batch:
        for name in ("a.txt", "b.txt"):
            batch.stage(tmp_path / name).write_text(name)
        raise RuntimeError("the writer failed")
    assert not list(tmp_path.iterdir())


# ---- build: SIGTERM --------------------------------------------------------------------

def _env():
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def test_sigterm_to_a_build_process_mid_write(built, tmp_path):
    out = tmp_path / "books"
    before = _copy(built, out)
    marker = tmp_path / "writing"
    returncode, stderr = signal_a_build_mid_write(out, marker, signal.SIGTERM)
    assert returncode == 128 + signal.SIGTERM, stderr
    assert stderr.strip() == "sheetgd: terminated"
    assert snapshot(out) == before
    no_temporary_files(out)


@pytest.mark.parametrize("delay", [1.0, 2.5])
def test_sigterm_after_a_short_delay_leaves_old_files_or_new_ones(built, built_40, tmp_path,
                                                                  delay):
    """``python -m sheetgd build --force`` stopped by SIGTERM at some moment:
    whatever it was doing, no temporary file remains and the folder holds
    the old files or the new ones, never a mixture."""
    out = tmp_path / "books"
    _copy(built, out)
    proc = subprocess.Popen([sys.executable, "-m", "sheetgd", "build", "--out", str(out),
                             "--rows", "40", "--epochs", "2", "--force"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env(),
                            cwd=ROOT)
    try:
        time.sleep(delay)
        proc.send_signal(signal.SIGTERM)
        _, stderr = proc.communicate(timeout=120)
    finally:
        proc.kill()
    assert proc.returncode in (0, 128 + signal.SIGTERM, -signal.SIGTERM), stderr
    assert "Traceback" not in stderr
    no_temporary_files(out)
    assert sorted(snapshot(out)) == list(BOOKS)
    assert len(_versions(out, built, built_40)) == 1, _versions(out, built, built_40)


# ---- build: two at once --------------------------------------------------------------------

def test_a_second_build_of_a_locked_folder_is_refused(built, tmp_path):
    before = _copy(built, tmp_path / "books")
    with folder_lock(tmp_path / "books", "another build is writing"):
        result = run("build", "--out", tmp_path / "books", "--epochs", "2")
    _one_line_error(result, f"another build is writing {tmp_path / 'books'}")
    assert snapshot(tmp_path / "books") == before
    with pytest.raises(FolderBusyError):  # the lock is on the folder: any second holder
        with folder_lock(tmp_path / "books"), folder_lock(tmp_path / "books"):
            pass


def test_two_builds_of_one_folder_at_once(built, tmp_path):
    """Each either writes (or finds the files unchanged) or is refused with
    "another build is writing"; neither says falsely that a file differs."""
    out = tmp_path / "books"
    before = _copy(built, out)
    procs = [subprocess.Popen([sys.executable, "-m", "sheetgd", "build", "--out", str(out),
                               "--epochs", "2"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True, env=_env(), cwd=ROOT) for _ in range(2)]
    results = [(p.wait(timeout=240), *p.communicate()) for p in procs]
    for status, stdout, stderr in results:
        assert "differs" not in stdout + stderr and "Traceback" not in stderr
        assert status == 0 or (status == 1 and "another build is writing" in stderr), stderr
    assert any(status == 0 for status, _, _ in results)
    assert snapshot(out) == before
    no_temporary_files(out)


# ---- build: read-only folders, full disks, odd files -------------------------------------

def _read_only_folder(monkeypatch, folder: Path):
    """What a read-only ``folder`` does to writers (root ignores chmod): no
    new file in it, no rename into it; elsewhere all is well."""
    real_mkstemp, real_replace = atomic.tempfile.mkstemp, os.replace

    def mkstemp(*args, dir=None, **kwargs):
        if dir is not None and Path(dir) == folder:
            raise PermissionError(errno.EACCES, "Permission denied", str(dir))
        return real_mkstemp(*args, dir=dir, **kwargs)

    def replace(src, dst):
        if Path(dst).parent == folder:
            raise PermissionError(errno.EACCES, "Permission denied", str(dst))
        return real_replace(src, dst)
    monkeypatch.setattr(atomic.tempfile, "mkstemp", mkstemp)
    monkeypatch.setattr(os, "replace", replace)


def test_build_into_a_read_only_folder_that_is_up_to_date(built, tmp_path, monkeypatch):
    before = _copy(built, tmp_path / "books")
    _read_only_folder(monkeypatch, tmp_path / "books")
    result = run("build", "--out", tmp_path / "books", "--epochs", "2")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [f"unchanged {tmp_path / 'books' / n}" for n in
                                          ("graddesc.xlsx", "graddesc.xlsm", "entropy.xlsx")]
    assert snapshot(tmp_path / "books") == before


def test_build_into_a_read_only_folder_that_is_out_of_date(built, tmp_path, monkeypatch):
    before = _copy(built, tmp_path / "books")
    _read_only_folder(monkeypatch, tmp_path / "books")
    result = run("build", "--out", tmp_path / "books", "--rows", "2", "--epochs", "1", "--force")
    _one_line_error(result, f"cannot write into {tmp_path / 'books'}", "Permission denied")
    assert snapshot(tmp_path / "books") == before


FULL_DISK_DRIVER = """
import errno, os, sys, zipfile
real = zipfile.ZipFile.writestr
class FullDisk:
    def __init__(self, fp): self.fp = fp
    def write(self, data): raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    def flush(self): raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    def __getattr__(self, name): return getattr(self.fp, name)
def writestr(self, *args, **kwargs):  # the disk fills up: this part and the zip's closing fail
    real(self, *args, **kwargs)
    self.fp = FullDisk(self.fp)
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
zipfile.ZipFile.writestr = writestr
from sheetgd.cli import main
main(sys.argv[1:], prog_name="sheetgd")
"""


def test_a_full_disk_is_one_line_and_no_traceback_after_it(tmp_path):
    """The half-written zip is closed by the garbage collector on the same
    full disk: Python would print "Exception ignored in ZipFile.__del__" and
    a traceback after the error line."""
    proc = subprocess.run([sys.executable, "-c", FULL_DISK_DRIVER, "build", "--out",
                           str(tmp_path / "books"), "--epochs", "2"],
                          capture_output=True, text=True, env=_env(), timeout=300)
    assert proc.returncode == 1
    assert proc.stderr.splitlines() == [
        f"Error: cannot write into {tmp_path / 'books'}: No space left on device"]
    assert snapshot(tmp_path / "books") == {}


def test_build_refuses_a_fifo_in_place_of_a_workbook(tmp_path):
    (tmp_path / "books").mkdir()
    os.mkfifo(tmp_path / "books" / "graddesc.xlsx")
    result = run("build", "--out", tmp_path / "books", "--epochs", "2")
    _one_line_error(result, f"{tmp_path / 'books' / 'graddesc.xlsx'}: is a FIFO, "
                            "not a regular file")
    assert [p.name for p in (tmp_path / "books").iterdir()] == ["graddesc.xlsx"]
    assert stat.S_ISFIFO(os.lstat(tmp_path / "books" / "graddesc.xlsx").st_mode)


def test_build_follows_a_symlinked_workbook(built, built_40, tmp_path):
    _copy(built, tmp_path / "books")
    (tmp_path / "shared").mkdir()
    (tmp_path / "books" / "graddesc.xlsm").rename(tmp_path / "shared" / "graddesc.xlsm")
    (tmp_path / "books" / "graddesc.xlsm").symlink_to(tmp_path / "shared" / "graddesc.xlsm")
    result = run("build", "--out", tmp_path / "books", "--rows", "40", "--epochs", "2", "--force")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "books" / "graddesc.xlsm").is_symlink()
    assert same_cells(tmp_path / "shared" / "graddesc.xlsm", built_40 / "graddesc.xlsm") == []
    no_temporary_files(tmp_path / "books")
    no_temporary_files(tmp_path / "shared")


# ---- build: Excel's grid and the machine's memory ----------------------------------------

def test_build_refuses_a_layout_larger_than_excels_grid(tmp_path):
    start = time.monotonic()
    result = run("build", "--out", tmp_path / "books", "--rows", "100000", "--epochs", "12")
    line = _one_line_error(result, "--rows 100000 --epochs 12 needs 1,700,054 rows in "
                                   "graddesc.xlsx", "Excel has 1,048,576 rows",
                           "use fewer rows or epochs", status=2)
    assert "sheet adam" in line
    assert time.monotonic() - start < 30  # refused before anything was built
    assert not (tmp_path / "books").exists()


@pytest.mark.parametrize("rows,epochs", [(2, 1), (29, 3), (40, 7), (5, 60)])
def test_the_grid_needed_is_what_the_layout_takes(rows, epochs):
    params = GradDescParams(rows=rows, seed=None if rows == 29 else 1)
    needed = unrolled.grid_needed(params, epochs)
    for _, sheet in unrolled.unrolled_defs(params, draw_x(params), epochs):
        keys = list(sheet.cell_keys())
        assert needed[sheet.kind] == (max(r for r, _ in keys), max(c for _, c in keys))


def test_the_library_checks_the_grid_before_laying_out():
    with pytest.raises(unrolled.GridError, match="1,700,054 rows"):
        unrolled.build(GradDescParams(rows=100_000), 12)


def test_build_refuses_more_than_the_machine_can_hold(tmp_path, monkeypatch):
    monkeypatch.setattr("sheetgd.cli_support.physical_memory", lambda: 1 << 30)
    result = run("build", "--out", tmp_path / "books", "--rows", "2000", "--epochs", "25")
    _one_line_error(result, "--rows 2000 --epochs 25 lays out about", "this machine has 1GiB",
                    "use fewer rows or epochs", status=2)
    assert not (tmp_path / "books").exists()
