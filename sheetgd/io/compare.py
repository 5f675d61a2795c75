"""Comparing two workbook files by their cells (not their zip bytes).

Used by ``sheetgd build`` to leave an up-to-date file alone (and to refuse to
overwrite one that differs), and by the tests that check the committed
workbooks are what ``build`` writes.
"""

from __future__ import annotations

import openpyxl


def _cells(path, data_only: bool) -> dict:
    book = openpyxl.load_workbook(path, data_only=data_only, keep_vba=False)
    out = {}
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
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
    names and sheet order of two workbook files; empty when they agree."""
    differences = []
    for data_only in (False, True):
        left, right = _cells(a, data_only), _cells(b, data_only)
        for key in sorted(set(left) | set(right), key=str):
            if left.get(key) != right.get(key):
                what = "value" if data_only else "content"
                differences.append(f"{key[0]}!{key[1]} {what}: {left.get(key)!r} != {right.get(key)!r}")
                if len(differences) >= limit:
                    return differences
    return differences
