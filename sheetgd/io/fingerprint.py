"""Recognising a workbook that ``sheetgd build`` would write again, without
building it.

build stamps every workbook it writes with custom document properties
(``docProps/custom.xml``, ECMA-376 Part 1, 22.3; what Excel shows under
File > Properties > Custom):

- ``sheetgd build``: the *fingerprint* of what was asked for
  (:func:`fingerprint`): the file's name and parameters, sheetgd's own
  source (every ``.py`` file of the package) and the versions of Python,
  numpy and XlsxWriter -- whatever can change a byte of the file;
- ``sheetgd parts``: a SHA-256 of every part of the file as written
  (:func:`parts_digest`), ``docProps/core.xml`` (the time of writing)
  aside and this property's own value blanked;
- any further ``sheetgd ...`` text property the caller adds (graddesc.xlsm
  records the SHA-256 of the ``graddesc.bas`` written beside it).

A file is *current* (:func:`is_current`) when its fingerprint is the one
build would stamp now AND its parts still hash to the recorded digest: a
file edited since (in Excel, openpyxl or by hand: any cell, format, macro or
added part) fails the second test and goes through the full cell-by-cell
comparison (:mod:`.compare`), as does a file without the properties (one
an older sheetgd wrote).  Reading the old file takes one pass over its
decompressed parts, no spreadsheet parsing.
"""

from __future__ import annotations

import hashlib
import os
import platform
import re
import stat
import sys
import zipfile
from functools import lru_cache
from pathlib import Path

import xlsxwriter.packager

BUILD = "sheetgd build"
PARTS = "sheetgd parts"
BAS = "sheetgd bas"  # graddesc.xlsm: SHA-256 of the graddesc.bas written beside it
CUSTOM_PART = "docProps/custom.xml"
#: The part that changes at every write (the time it was made): not hashed.
TIMESTAMPED = "docProps/core.xml"
_PLACEHOLDER = "0" * 64
_HEX = re.compile(r"[0-9a-f]{64}")
#: docProps/custom.xml larger than this is not one build wrote (it holds a few properties).
_CUSTOM_LIMIT = 64 * 1024


@lru_cache(maxsize=1)
def source_digest() -> str:
    """SHA-256 of every ``.py`` file of the sheetgd package (path and text)."""
    root = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


#: Libraries whose version can change what build writes (numba: its kernels
#: compute the filled-down blocks when installed).
LIBRARIES = ("XlsxWriter", "numpy", "scipy", "numba")


def _version(distribution: str) -> str | None:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(distribution)
    except PackageNotFoundError:
        return None


@lru_cache(maxsize=1)
def _context() -> tuple:
    return (source_digest(), sys.version, platform.machine(),
            tuple(_version(d) for d in LIBRARIES))


def fingerprint(*what) -> str:
    """The fingerprint of a file built from ``what`` (its name and
    parameters, as their ``repr``) by this sheetgd, on this Python and
    these :data:`LIBRARIES`: 64 hex digits."""
    return hashlib.sha256(repr((_context(), what)).encode("utf-8")).hexdigest()


def _digest(parts) -> str:
    """SHA-256 over (name, bytes) of ``parts``, in name order."""
    digest = hashlib.sha256()
    for name, chunks in parts:
        digest.update(name.encode("utf-8") + b"\0")
        for chunk in chunks:
            digest.update(chunk)
        digest.update(b"\0")
    return digest.hexdigest()


def _blanked(custom: str) -> str:
    return _property_pattern(PARTS).sub(lambda m: m.group(1) + _PLACEHOLDER + m.group(3), custom)


@lru_cache(maxsize=None)
def _property_pattern(name: str) -> re.Pattern:
    """A text property as XlsxWriter writes it (custom.py: fmtid, pid, name)."""
    return re.compile(r'(<property fmtid="\{D5CDD505-2E9C-101B-9397-08002B2CF9AE\}" pid="\d+" '
                      rf'name="{re.escape(name)}"><vt:lpwstr>)([^<]*)(</vt:lpwstr></property>)')


def properties(custom: str) -> dict[str, str]:
    """The ``sheetgd ...`` text properties of a ``docProps/custom.xml``
    text (read with a pattern, not an XML parser: nothing is expanded)."""
    found = re.findall(r'<property fmtid="\{D5CDD505-2E9C-101B-9397-08002B2CF9AE\}" pid="\d+" '
                       r'name="(sheetgd [a-z.]+)"><vt:lpwstr>([^<]*)</vt:lpwstr></property>', custom)
    return dict(found)


class StampingPackager(xlsxwriter.packager.Packager):
    """XlsxWriter's packager, which then writes the digest of the parts
    into the ``sheetgd parts`` property (set to the placeholder before)."""

    def _create_package(self):
        files = super()._create_package()
        if PARTS not in {p[0] for p in self.workbook.custom_properties}:
            return files
        if not self.in_memory:
            raise ValueError("a stamped workbook is written in memory")
        by_name = {}
        for i, (buffer, name, binary) in enumerate(files):
            data = buffer.getvalue()
            by_name[name] = (i, data if binary else data.encode("utf-8"))
        digest = _digest((name, [data]) for name, (_, data) in sorted(by_name.items())
                         if name != TIMESTAMPED)
        i, _ = by_name[CUSTOM_PART]
        buffer, name, binary = files[i]
        text = _property_pattern(PARTS).sub(lambda m: m.group(1) + digest + m.group(3),
                                            buffer.getvalue())
        buffer.seek(0)
        buffer.truncate()
        buffer.write(text)
        return files


def stamp(target, fingerprint_: str, extra: dict[str, str] | None = None) -> None:
    """Set the properties on an XlsxWriter workbook whose ``_get_packager``
    gives a :class:`StampingPackager` (the digest is filled in on close)."""
    target.set_custom_property(BUILD, fingerprint_)
    for name, value in (extra or {}).items():
        target.set_custom_property(name, value)
    target.set_custom_property(PARTS, _PLACEHOLDER)


def _regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(os.stat(path).st_mode)  # a symlink followed; never open a FIFO
    except OSError:
        return False


def recorded(path) -> dict[str, str] | None:
    """The ``sheetgd ...`` properties of a workbook file, or None when it has
    none or is no readable zip."""
    path = Path(path)
    if not _regular(path):
        return None
    try:
        with zipfile.ZipFile(path) as z:
            info = z.getinfo(CUSTOM_PART)
            if info.file_size > _CUSTOM_LIMIT:
                return None
            return properties(z.read(info).decode("utf-8"))
    except (OSError, KeyError, ValueError, zipfile.BadZipFile, EOFError, RuntimeError):
        return None


def parts_digest(path) -> str | None:
    """The digest of a workbook file's parts as :class:`StampingPackager`
    computes it, or None when it cannot be read (or names a part twice)."""
    try:
        with zipfile.ZipFile(path) as z:
            names = z.namelist()
            if len(set(names)) != len(names):
                return None

            def chunks(name):
                if name == CUSTOM_PART:
                    yield _blanked(z.read(name).decode("utf-8")).encode("utf-8")
                    return
                with z.open(name) as fh:
                    while chunk := fh.read(1 << 20):
                        yield chunk
            return _digest((name, chunks(name)) for name in sorted(names) if name != TIMESTAMPED)
    except (OSError, KeyError, ValueError, zipfile.BadZipFile, EOFError, RuntimeError):
        return None


def is_current(path, fingerprint_: str, extra: dict[str, str] | None = None) -> bool:
    """Whether the workbook at ``path`` is what build stamped with
    ``fingerprint_`` (and the ``extra`` properties), unchanged since."""
    found = recorded(path)
    if not found or found.get(BUILD) != fingerprint_ or not _HEX.fullmatch(found.get(PARTS, "")):
        return False
    if any(found.get(k) != v for k, v in (extra or {}).items()):
        return False
    return parts_digest(path) == found[PARTS]


def file_digest(path) -> str | None:
    """SHA-256 of a regular file's bytes, or None when there is none."""
    path = Path(path)
    if not _regular(path):
        return None
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None
