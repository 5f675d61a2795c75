"""A worksheet's merged cells: ``<mergeCells><mergeCell ref="C2:D2"/>``.

ECMA-376 Part 1, 18.3.1.55: each ``mergeCell`` names a range of the sheet
whose cells show as one.  sheetgd keeps them for one purpose: a dynamic
array does not spill into merged cells (Excel's "Spill into merged cells",
:mod:`sheetgd.engine.spilling`).  Both worksheet readers note the refs
(the general one from its stream of elements, the fast one from the
worksheet around ``<sheetData>``) and put them once the cells are in.
"""

from __future__ import annotations

from ..engine import Workbook
from ..engine.refs import parse_area, quote_sheet
from .package_check import local

_MAIN_NAMESPACES = ("http://schemas.openxmlformats.org/spreadsheetml/2006/main",
                    "http://purl.oclc.org/ooxml/spreadsheetml/main", "")


def merge_refs(root) -> list[str]:
    """The ``ref`` of every ``<mergeCell>`` under ``root`` (the worksheet's
    root element or its ``<mergeCells>``), in SpreadsheetML's namespace."""
    out = []
    for el in root.iter():
        tag = el.tag
        ns = tag[1:].split("}", 1)[0] if tag.startswith("{") else ""
        if local(tag) == "mergeCell" and ns in _MAIN_NAMESPACES:
            out.append(el.get("ref") or "")
    return out


def put_merges(book: Workbook, sheet: str, refs: list[str]):
    """Merge the ranges ``refs`` on ``sheet`` (:meth:`Workbook.put_merged`);
    a ref that is no range of the sheet's grid, or one overlapping a range
    merged before it (Excel reports such a file as corrupt), is left out
    with a warning; one of a single cell is dropped (Excel merges none)."""
    areas, kept = [], MergeIndex()
    for ref in refs:
        text = ref.strip()
        try:
            area = None if "!" in text else parse_area(text, default_sheet=sheet)
        except ValueError:
            area = None
        if area is None:
            book.warnings.append(f"{quote_sheet(sheet)}: merged cells {ref[:40]!r}: not a range "
                                 "of the grid; left unmerged")
        elif not area.is_cell:
            other = kept.overlapping(area)
            if other is not None:
                book.warnings.append(f"{quote_sheet(sheet)}: merged cells {ref[:40]!r} overlap "
                                     f"{other.a1().split('!')[-1]}, merged before; left unmerged")
                continue
            kept.add(area)
            areas.append(area)
    if areas:
        book.put_merged(sheet, areas)


class MergeIndex:
    """Merged ranges kept so far, found by overlap in about constant time:
    each is filed under the 64x64 blocks of cells it touches, or, touching
    more than 4,096 blocks (over 16 million cells, so few fit in a sheet),
    in a short list compared one by one."""

    BLOCK, MOST_BLOCKS = 64, 4096

    def __init__(self):
        self.blocks: dict = {}
        self.large: list = []

    def _blocks(self, a):
        b = self.BLOCK
        rows = range((a.row1 - 1) // b, (a.row2 - 1) // b + 1)
        cols = range((a.col1 - 1) // b, (a.col2 - 1) // b + 1)
        if len(rows) * len(cols) > self.MOST_BLOCKS:
            return None
        return [(r, c) for r in rows for c in cols]

    def overlapping(self, a):
        def meets(k):
            return k.row1 <= a.row2 and a.row1 <= k.row2 and k.col1 <= a.col2 and a.col1 <= k.col2
        found = next((k for k in self.large if meets(k)), None)
        if found is not None:
            return found
        blocks = self._blocks(a)
        if blocks is None:  # large itself: compare with every kept range
            return next((k for listed in self.blocks.values() for k in listed if meets(k)), None)
        return next((k for block in blocks for k in self.blocks.get(block, ()) if meets(k)), None)

    def add(self, a):
        blocks = self._blocks(a)
        if blocks is None:
            self.large.append(a)
        for block in blocks or ():
            self.blocks.setdefault(block, []).append(a)
