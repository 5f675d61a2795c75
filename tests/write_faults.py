"""Making a write fail part-way (a full disk, Ctrl-C), and looking at what a
folder holds afterwards: shared by the tests of atomic writes and of the CLI."""

from __future__ import annotations

import zipfile
from pathlib import Path

from sheetgd.io import atomic


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def no_temporary_files(folder: Path):
    assert not [p.name for p in folder.iterdir() if p.name.startswith(".")]


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
