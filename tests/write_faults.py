"""Making a write fail part-way (a full disk, Ctrl-C), and looking at what a
folder holds afterwards: shared by the tests of atomic writes and of the CLI."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

from sheetgd.io import atomic


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def no_temporary_files(folder: Path):
    left = [p.name for p in folder.iterdir() if p.name.startswith(".")]
    assert not left, f"temporary files left in {folder}: {left}"


class _HalfWriter:
    """A file object that writes half of what it is given, then raises."""

    def __init__(self, fh, exc):
        self.fh, self.exc = fh, exc

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.fh.close()

    def write(self, data):
        self.fh.write(data[:len(data) // 2])
        self.fh.flush()
        raise self.exc


def fail_mid_write(monkeypatch, exc):
    """Make the next atomic write stop half-way through with ``exc``."""
    def half_open(path, mode="r", *args, **kwargs):
        return _HalfWriter(open(path, mode, *args, **kwargs), exc)
    monkeypatch.setattr(atomic, "open", half_open, raising=False)


def fail_mid_workbook(monkeypatch, exc):
    """Make writing a workbook stop with ``exc`` after its first zip part
    (not the comparison copy ``build`` writes of an existing file)."""
    real = zipfile.ZipFile.writestr

    def writestr(self, *args, **kwargs):
        real(self, *args, **kwargs)
        if ".new." not in str(self.filename):
            raise exc
    monkeypatch.setattr(zipfile.ZipFile, "writestr", writestr)


#: A ``sheetgd`` process whose first workbook write stops half-way, after
#: writing its temporary file's name into ``sys.argv[1]`` (the marker): a
#: signal sent then arrives mid-write.
BUILD_DRIVER = """
import signal, sys, time, zipfile
from pathlib import Path
# a shell starts background jobs with SIGINT ignored, and Python keeps that:
# restore the terminal's Ctrl-C, which is what the SIGINT test is about
signal.signal(signal.SIGINT, signal.default_int_handler)
marker = Path(sys.argv[1])
real = zipfile.ZipFile.writestr
def slow_writestr(self, *args, **kwargs):
    real(self, *args, **kwargs)
    if ".new." not in str(self.filename) and not marker.exists():
        marker.write_text(str(self.filename))
        time.sleep(300)  # the signal arrives here, half-way through the zip
zipfile.ZipFile.writestr = slow_writestr
from sheetgd.cli import main
main(sys.argv[2:], prog_name="sheetgd")
"""


def signal_a_build_mid_write(out: Path, marker: Path, sig) -> tuple[int, str]:
    """Run ``sheetgd build --out OUT --force`` (40 rows, 2 epochs), send
    ``sig`` once it is half-way through writing a workbook into ``out``, and
    return its exit status and standard error."""
    root = Path(__file__).resolve().parents[1]
    proc = subprocess.Popen(
        [sys.executable, "-c", BUILD_DRIVER, str(marker), "build", "--out", str(out),
         "--rows", "40", "--epochs", "2", "--force"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": str(root)})
    try:
        deadline = time.monotonic() + 240
        while not marker.exists():
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline, "the build never started writing"
            time.sleep(0.1)
        partial = Path(marker.read_text())
        assert partial.parent == out and partial.exists()  # a temporary file, half written
        proc.send_signal(sig)
        _, stderr = proc.communicate(timeout=120)
    finally:
        proc.kill()
    return proc.returncode, stderr
