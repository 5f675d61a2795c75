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
    """Merge the ranges ``refs`` on ``sheet`` (:meth:`Workbook.put_merged`:
    as the file says, overlaps unchecked); a ref that is no range of the
    sheet's grid is left out with a warning, one of a single cell is
    dropped (Excel merges none)."""
    areas = []
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
            areas.append(area)
    if areas:
        book.put_merged(sheet, areas)
