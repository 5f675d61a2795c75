"""Which cells of a package hold dynamic array formulas: ``xl/metadata.xml``.

Excel 365 saves a dynamic array formula as an array formula over the cells
it spilled into, ``<c r="C1" cm="1"><f t="array" ref="C1:C3">``, whose
``cm`` (cell metadata, 1-based) names a block of ``<cellMetadata>`` in the
workbook's metadata part; that block's record ``<rc t="T" v="V"/>`` points
at metadata type T (1-based in ``<metadataTypes>``), here ``XLDAPR``
(dynamic array properties), and at its V-th (0-based) block of
``<futureMetadata name="XLDAPR">``, whose
``<xda:dynamicArrayProperties fDynamic="1"/>`` says the formula is dynamic
([MS-XLSX] 2.6.2 and 2.3.1; XlsxWriter's ``write_dynamic_array_formula``
writes the same).  An array formula without such a ``cm`` is a legacy
(Ctrl+Shift+Enter) one.  A metadata part that cannot be read makes no cell
dynamic, with a warning.
"""

from __future__ import annotations

import zipfile

from .package_check import local as _local, resolve_part

_TYPE = "XLDAPR"


def dynamic_cell_metadata(zf: zipfile.ZipFile, rels: dict, members: dict, warnings: list) -> frozenset:
    """The ``cm`` values (as the text of the attribute) that mark a cell's
    array formula as a dynamic array, from the part the workbook's
    ``sheetMetadata`` relationship names (``xl/metadata.xml``)."""
    from .xlsx_stream import PartError, UnsafeXML, _root

    part = next((resolve_part(r.get("Target", ""), members) for r in rels.values()
                 if r.get("Type", "").endswith("/sheetMetadata")), None)
    if part is None:
        return frozenset()
    try:
        root = _root(zf, part)
    except (PartError, UnsafeXML, KeyError) as exc:
        warnings.append(f"{part}: {exc}; its dynamic arrays are read as array formulas")
        return frozenset()
    types, dynamic_blocks, cell_blocks = [], [], []
    for group in root:
        tag = _local(group.tag)
        if tag == "metadataTypes":
            types = [t.get("name") for t in group if _local(t.tag) == "metadataType"]
        elif tag == "futureMetadata" and group.get("name") == _TYPE:
            dynamic_blocks = [any(_local(e.tag) == "dynamicArrayProperties"
                                  and e.get("fDynamic", "0") in ("1", "true") for e in bk.iter())
                              for bk in group if _local(bk.tag) == "bk"]
        elif tag == "cellMetadata":
            cell_blocks = [[(rc.get("t"), rc.get("v")) for rc in bk if _local(rc.tag) == "rc"]
                           for bk in group if _local(bk.tag) == "bk"]
    out = set()
    for i, records in enumerate(cell_blocks, start=1):
        for t, v in records:
            try:
                kind, which = types[int(t) - 1], int(v)
            except (TypeError, ValueError, IndexError):
                continue
            if kind == _TYPE and 0 <= which < len(dynamic_blocks) and dynamic_blocks[which]:
                out.add(str(i))
    return frozenset(out)
