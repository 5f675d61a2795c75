"""Writing a workbook's PivotTables back into a package XlsxWriter made.

XlsxWriter cannot write PivotTables, and sheetgd does not build them: a
workbook read with PivotTables keeps the parts that define them as read
(:func:`.xlsx_pivots.kept_parts`), and :func:`add_pivots` puts them into
the written package after XlsxWriter has closed it, as
:func:`.external_write.add_links` does for links: each PivotTable part
(renumbered ``xl/pivotTables/pivotTableK.xml``), its cache definition and
records once per cache (``xl/pivotCache/pivotCacheDefinitionJ.xml``, with
the relationship ids the definition's ``r:id`` names), a relationship from
its worksheet, workbook.xml's ``<pivotCaches>`` and the content types.
Each cache keeps the ``cacheId`` its first PivotTable names when that is a
number no other cache took, else gets the next free one, and every
PivotTable part's ``cacheId`` is set to its cache's: a file read with a
PivotTable naming a wrong, missing or shared id is written consistent
(Excel finds a PivotTable's cache by that id: ECMA-376 Part 1, 18.10.1.73).  The PivotTables' bodies are
the sheet's cells, written with the rest; the parts are not changed, so
Excel shows the values written until the PivotTable is refreshed.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from xml.etree import ElementTree

from .external_write import PKG, REL, xml_attribute

CT = "application/vnd.openxmlformats-officedocument.spreadsheetml."
_CALC_PR = re.compile(rb"<calcPr\b[^>]*/>|<calcPr\b.*?</calcPr>", re.S)
_CACHE_ID = re.compile(rb'<pivotTableDefinition\b[^>]*?\bcacheId="(\d+)"', re.S)
_ANY_CACHE_ID = re.compile(rb'<pivotTableDefinition\b[^>]*?\bcacheId="([^"]*)"', re.S)
_ROOT = re.compile(rb'<pivotTableDefinition\b')


def _rels(entries: list[tuple[str, str, str]]) -> bytes:
    """A relationship part of (Id, type, target) entries."""
    body = "".join(f'<Relationship Id={xml_attribute(i)} Type="{REL}/{t}" Target={xml_attribute(target)}/>'
                   for i, t, target in entries)
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<Relationships xmlns="{PKG}">{body}</Relationships>').encode()


def _records_id(cache_rels: bytes | None) -> str:
    """The id the cache definition's ``r:id`` gives its records (rId1 if none said)."""
    if cache_rels:
        for rel in ElementTree.fromstring(cache_rels):
            if rel.get("Type", "").endswith("/pivotCacheRecords"):
                return rel.get("Id", "rId1")
    return "rId1"


def add_pivots(path, pivots, sheet_names: list[str]):
    """Add ``pivots`` (each with its kept ``parts``) to the package at
    ``path`` (the writer's own temporary file, rewritten in place);
    ``sheet_names``: the workbook's sheets in order (sheetN.xml)."""
    upper = [s.upper() for s in sheet_names]
    pivots = [p for p in pivots if "table" in p.parts and "cache" in p.parts
              and p.area.sheet.upper() in upper]
    if not pivots:
        return
    caches: dict[str, int] = {}  # the cache definition part read -> its number written
    added: dict[str, bytes] = {}
    types: list[tuple[str, str]] = []
    sheet_rels: dict[int, list] = {}
    cache_ids = _cache_ids(pivots)
    for k, pivot in enumerate(pivots, 1):
        cache_name, cache = pivot.parts["cache"]
        j = caches.setdefault(cache_name, len(caches) + 1)
        table = _with_cache_id(pivot.parts["table"][1], cache_ids[j])
        added[f"xl/pivotTables/pivotTable{k}.xml"] = table
        added[f"xl/pivotTables/_rels/pivotTable{k}.xml.rels"] = _rels(
            [("rId1", "pivotCacheDefinition", f"../pivotCache/pivotCacheDefinition{j}.xml")])
        types.append((f"xl/pivotTables/pivotTable{k}.xml", "pivotTable"))
        index = upper.index(pivot.area.sheet.upper()) + 1
        sheet_rels.setdefault(index, []).append(
            (f"rIdPivot{k}", "pivotTable", f"../pivotTables/pivotTable{k}.xml"))
        if f"xl/pivotCache/pivotCacheDefinition{j}.xml" not in added:  # once per cache
            added[f"xl/pivotCache/pivotCacheDefinition{j}.xml"] = cache
            types.append((f"xl/pivotCache/pivotCacheDefinition{j}.xml", "pivotCacheDefinition"))
            if "records" in pivot.parts:
                rid = _records_id(pivot.parts.get("cache_rels", (None, None))[1])
                added[f"xl/pivotCache/pivotCacheRecords{j}.xml"] = pivot.parts["records"][1]
                added[f"xl/pivotCache/_rels/pivotCacheDefinition{j}.xml.rels"] = _rels(
                    [(rid, "pivotCacheRecords", f"pivotCacheRecords{j}.xml")])
                types.append((f"xl/pivotCache/pivotCacheRecords{j}.xml", "pivotCacheRecords"))
    _rewrite(path, added, types, sheet_rels, cache_ids)


def _cache_ids(pivots) -> dict[int, bytes]:
    """Each cache's ``cacheId`` (numbered as :func:`add_pivots` numbers the
    caches): its first PivotTable's when a number (xsd:unsignedInt) no
    earlier cache took, else the smallest free one."""
    order: dict[str, list] = {}
    for pivot in pivots:
        found = _CACHE_ID.search(pivot.parts["table"][1])
        order.setdefault(pivot.parts["cache"][0], []).append(found.group(1) if found else None)
    ids: dict[int, bytes] = {}
    taken: set[int] = set()
    for j, named in enumerate(order.values(), 1):
        first = named[0]
        wanted = int(first) if first is not None and len(first) <= 9 else None
        if wanted is None or wanted in taken:
            wanted = next(n for n in range(1, len(order) + len(taken) + 2) if n not in taken)
        taken.add(wanted)
        ids[j] = str(wanted).encode()
    return ids


def _with_cache_id(table: bytes, cache_id: bytes) -> bytes:
    """A PivotTable part whose root names ``cache_id`` (replaced or added)."""
    found = _ANY_CACHE_ID.search(table)
    if found:
        return table[:found.start(1)] + cache_id + table[found.end(1):]
    root = _ROOT.search(table)
    if root is None:
        return table
    return table[:root.end()] + b' cacheId="' + cache_id + b'"' + table[root.end():]


def _rewrite(path, added, types, sheet_rels, cache_ids):
    with open(path, "rb") as fh:
        packed = io.BytesIO(fh.read())
    rebuilt = io.BytesIO()
    with zipfile.ZipFile(packed) as zin, zipfile.ZipFile(rebuilt, "w", zipfile.ZIP_DEFLATED) as zout:
        names = set(zin.namelist())
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/workbook.xml":
                data = _with_caches(data, cache_ids)
            elif item.filename == "xl/_rels/workbook.xml.rels":
                rels = "".join(f'<Relationship Id="rIdPivotCache{j}" Type="{REL}/'
                               f'pivotCacheDefinition" Target="pivotCache/'
                               f'pivotCacheDefinition{j}.xml"/>' for j in cache_ids)
                data = data.replace(b"</Relationships>", f"{rels}</Relationships>".encode(), 1)
            elif item.filename == "[Content_Types].xml":
                text = "".join(f'<Override PartName="/{name}" ContentType="{CT}{kind}+xml"/>'
                               for name, kind in types)
                data = data.replace(b"</Types>", f"{text}</Types>".encode(), 1)
            else:
                index = _sheet_rels_index(item.filename)
                if index in sheet_rels:
                    extra = _rels(sheet_rels.pop(index))
                    body = extra[extra.index(b"<Relationship "):extra.index(b"</Relationships>")]
                    data = data.replace(b"</Relationships>", body + b"</Relationships>", 1)
            zout.writestr(item, data)
        for index, entries in sheet_rels.items():  # sheets XlsxWriter gave no relationships
            name = f"xl/worksheets/_rels/sheet{index}.xml.rels"
            if name not in names:
                zout.writestr(name, _rels(entries))
        for name, data in added.items():
            zout.writestr(name, data)
    with open(path, "wb") as fh:
        fh.write(rebuilt.getvalue())


def _sheet_rels_index(name: str) -> int | None:
    folder, base = posixpath.split(name)
    if folder != "xl/worksheets/_rels" or not (base.startswith("sheet") and
                                              base.endswith(".xml.rels")):
        return None
    digits = base[len("sheet"):-len(".xml.rels")]
    return int(digits) if digits.isdigit() else None


def _with_caches(workbook: bytes, cache_ids: dict[int, bytes]) -> bytes:
    """workbook.xml with ``<pivotCaches>`` where ECMA-376 puts it (after
    ``<calcPr>``, else before the end)."""
    caches = b"<pivotCaches>" + b"".join(
        b'<pivotCache cacheId="' + cid + f'" r:id="rIdPivotCache{j}"/>'.encode()
        for j, cid in cache_ids.items()) + b"</pivotCaches>"
    found = _CALC_PR.search(workbook)
    if found:
        return workbook[:found.end()] + caches + workbook[found.end():]
    return workbook.replace(b"</workbook>", caches + b"</workbook>", 1)
