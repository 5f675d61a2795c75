"""Comparing two workbook files by their cells (not their zip bytes), and
their macros.

Used by ``sheetgd build`` to leave an up-to-date file alone (and to refuse to
overwrite one that differs), and by the tests that check the committed
workbooks are what ``build`` writes.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl

from .package_check import check_package
from .xlsx_read import stored_cells


def _cells(path, data_only: bool) -> dict:
    path = Path(path)
    data = path.read_bytes()
    check_package(path, data)  # the old file in a folder may be anything
    book = openpyxl.load_workbook(io.BytesIO(data), data_only=data_only, keep_vba=False)
    out = {}
    for ws in book.worksheets:
        for cell in stored_cells(ws):
            value = cell.value
            if value is None:
                continue
            if hasattr(value, "text"):  # array formulas
                value = ("array", value.ref, value.text)
            out[(ws.title, cell.coordinate)] = value
    names = {("names", n): d.attr_text for n, d in book.defined_names.items()}
    for ws in book.worksheets:
        names.update({("names", f"{ws.title}!{n}"): d.attr_text for n, d in ws.defined_names.items()})
    out.update(names)
    out[("sheets", "order")] = tuple(book.sheetnames)
    return out


def same_cells(a, b, limit: int = 5) -> list[str]:
    """Differences between the cells (formulas and cached values), defined
    names, sheet order and VBA project of two workbook files; empty when
    they agree.
    A file that cannot be read as a workbook differs from any other."""
    try:
        return _differences(a, b, limit)
    except Exception as exc:  # WorkbookReadError, or whatever openpyxl raises
        text = " ".join(str(exc).split()) or type(exc).__name__
        return [f"cannot compare the cells: {text}"]


VBA_PART = "xl/vbaProject.bin"


def _vba(path) -> bytes | None:
    with zipfile.ZipFile(path) as z:
        return z.read(VBA_PART) if VBA_PART in z.namelist() else None


def _differences(a, b, limit: int) -> list[str]:
    differences = []
    for data_only in (False, True):
        left, right = _cells(a, data_only), _cells(b, data_only)
        for key in sorted(set(left) | set(right), key=str):
            if left.get(key) != right.get(key):
                what = "value" if data_only else "content"
                differences.append(f"{key[0]}!{key[1]} {what}: {left.get(key)!r} != {right.get(key)!r}")
                if len(differences) >= limit:
                    return differences
    if _vba(a) != _vba(b):  # the macros (graddesc.xlsm's VBA project); both files read above
        differences.append(f"{VBA_PART}: the VBA project differs")
    return differences
