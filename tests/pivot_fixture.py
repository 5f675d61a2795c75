"""A workbook with two PivotTables, written by hand in the structure Excel
saves (ECMA-376 Part 1, 18.10): XlsxWriter writes the sheets (the source
records, and each PivotTable's body as the values Excel renders), then the
PivotTable parts, their cache definition and records, and the
relationships, workbook.xml's ``<pivotCaches>`` and the content types are
added to the package.

The bodies are computed here from :data:`RECORDS` by plain sums and counts
(an independent reference: nothing of sheetgd's), laid out as Excel lays
out a compact PivotTable:

- ``Sales`` (Report!A3:D7): Region down, Month across, Sum of Sales::

      Sum of Sales  Column Labels
      Row Labels    Jan   Feb   Grand Total
      East          125   150   275
      West          200    60   260
      Grand Total   325   210   535

- ``Detail`` (Report!F3:H10): Region then Month down (each region's
  subtotal on its own line, at the top), two values across (Sum of Sales,
  Count of Sales; the "Values" field, -2, on the columns).
"""

from __future__ import annotations

import zipfile

import xlsxwriter

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "application/vnd.openxmlformats-officedocument.spreadsheetml."

#: (Region, Month, Sales): the PivotTables' source, Data!A1:C6.
RECORDS = [("East", "Jan", 100), ("East", "Feb", 150), ("West", "Jan", 200),
           ("West", "Feb", 60), ("East", "Jan", 25)]
REGIONS, MONTHS = ["East", "West"], ["Jan", "Feb"]


def total(region=None, month=None, how=sum):
    """The Sales of the records matching region and month (None: any)."""
    return float(how([s for r, m, s in RECORDS
                      if region in (None, r) and month in (None, m)]))


def count(region=None, month=None):
    return total(region, month, how=len)


CACHE = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<pivotCacheDefinition xmlns="{MAIN}" xmlns:r="{REL}" r:id="rId1" refreshOnLoad="0"
 recordCount="5"><cacheSource type="worksheet"><worksheetSource ref="A1:C6" sheet="Data"/>
</cacheSource><cacheFields count="3">
<cacheField name="Region" numFmtId="0"><sharedItems count="2"><s v="East"/><s v="West"/>
</sharedItems></cacheField>
<cacheField name="Month" numFmtId="0"><sharedItems count="2"><s v="Jan"/><s v="Feb"/>
</sharedItems></cacheField>
<cacheField name="Sales" numFmtId="0"><sharedItems containsSemiMixedTypes="0"
 containsString="0" containsNumber="1" containsInteger="1" minValue="25" maxValue="200"/>
</cacheField></cacheFields></pivotCacheDefinition>"""

RECORDS_XML = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
               f'<pivotCacheRecords xmlns="{MAIN}" xmlns:r="{REL}" count="5">'
               + "".join(f'<r><x v="{REGIONS.index(r)}"/><x v="{MONTHS.index(m)}"/>'
                         f'<n v="{s}"/></r>' for r, m, s in RECORDS)
               + "</pivotCacheRecords>")

_FIELDS = """<pivotFields count="3">
<pivotField axis="{a0}" showAll="0"><items count="3"><item x="0"/><item x="1"/>
<item t="default"/></items></pivotField>
<pivotField axis="{a1}" showAll="0"><items count="3"><item x="0"/><item x="1"/>
<item t="default"/></items></pivotField>
<pivotField dataField="1" showAll="0"/></pivotFields>"""

SALES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<pivotTableDefinition xmlns="{MAIN}" name="Sales" cacheId="1" applyNumberFormats="0"
 applyBorderFormats="0" applyFontFormats="0" applyPatternFormats="0"
 applyAlignmentFormats="0" applyWidthHeightFormats="1" dataCaption="Values"
 updatedVersion="6" minRefreshableVersion="3" useAutoFormatting="1" itemPrintTitles="1"
 createdVersion="6" indent="0" outline="1" outlineData="1" multipleFieldFilters="0">
<location ref="A3:D7" firstHeaderRow="1" firstDataRow="2" firstDataCol="1"/>
{_FIELDS.format(a0="axisRow", a1="axisCol")}
<rowFields count="1"><field x="0"/></rowFields>
<rowItems count="3"><i><x/></i><i><x v="1"/></i><i t="grand"><x/></i></rowItems>
<colFields count="1"><field x="1"/></colFields>
<colItems count="3"><i><x/></i><i><x v="1"/></i><i t="grand"><x/></i></colItems>
<dataFields count="1"><dataField name="Sum of Sales" fld="2" baseField="0" baseItem="0"/>
</dataFields><pivotTableStyleInfo name="PivotStyleLight16" showRowHeaders="1"
 showColHeaders="1" showRowStripes="0" showColStripes="0" showLastColumn="1"/>
</pivotTableDefinition>"""

DETAIL = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<pivotTableDefinition xmlns="{MAIN}" name="Detail" cacheId="1" dataCaption="Values"
 updatedVersion="6" minRefreshableVersion="3" createdVersion="6" indent="0" outline="1"
 outlineData="1">
<location ref="F3:H10" firstHeaderRow="0" firstDataRow="1" firstDataCol="1"/>
{_FIELDS.format(a0="axisRow", a1="axisRow")}
<rowFields count="2"><field x="0"/><field x="1"/></rowFields>
<rowItems count="7"><i><x/></i><i r="1"><x/></i><i r="1"><x v="1"/></i><i><x v="1"/></i>
<i r="1"><x/></i><i r="1"><x v="1"/></i><i t="grand"><x/></i></rowItems>
<colFields count="1"><field x="-2"/></colFields>
<colItems count="2"><i><x/></i><i i="1"><x v="1"/></i></colItems>
<dataFields count="2"><dataField name="Sum of Sales" fld="2" baseField="0" baseItem="0"/>
<dataField name="Count of Sales" fld="2" subtotal="count" baseField="0" baseItem="0"/>
</dataFields></pivotTableDefinition>"""


def _sheets(plain, formulas):
    wb = xlsxwriter.Workbook(str(plain))
    data = wb.add_worksheet("Data")
    data.write_row(0, 0, ["Region", "Month", "Sales"])
    for k, record in enumerate(RECORDS, 1):
        data.write_row(k, 0, record)
    ws = wb.add_worksheet("Report")
    ws.write_row("A3", ["Sum of Sales", "Column Labels"])
    ws.write_row("A4", ["Row Labels", *MONTHS, "Grand Total"])
    for k, region in enumerate([*REGIONS, None]):
        ws.write_row(4 + k, 0, [region or "Grand Total", *(total(region, m) for m in MONTHS),
                                total(region)])
    ws.write_row("F3", ["Row Labels", "Sum of Sales", "Count of Sales"])
    row = 3
    for region in REGIONS:
        ws.write_row(row, 5, [region, total(region), count(region)])
        for month in MONTHS:
            ws.write_row(row + 1, 5, [month, total(region, month), count(region, month)])
            row += 1
        row += 1
    ws.write_row(row, 5, ["Grand Total", total(), count()])
    for addr, (formula, shown) in formulas.items():
        ws.write_formula(addr, formula, None, shown)
    wb.close()


def write_pivot_book(path, formulas=None):
    """The workbook, with ``formulas`` ({address on Report: (formula, value
    to cache)}) on the Report sheet; returns ``path``."""
    plain = path.with_name(path.stem + "_plain.xlsx")
    _sheets(plain, formulas or {})
    table_rels = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships '
                  f'xmlns="{PKG}"><Relationship Id="rId1" Type="{REL}/pivotCacheDefinition" '
                  'Target="../pivotCache/pivotCacheDefinition1.xml"/></Relationships>')
    added = {
        "xl/pivotTables/pivotTable1.xml": SALES,
        "xl/pivotTables/pivotTable2.xml": DETAIL,
        "xl/pivotTables/_rels/pivotTable1.xml.rels": table_rels,
        "xl/pivotTables/_rels/pivotTable2.xml.rels": table_rels,
        "xl/pivotCache/pivotCacheDefinition1.xml": CACHE,
        "xl/pivotCache/_rels/pivotCacheDefinition1.xml.rels": (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships '
            f'xmlns="{PKG}"><Relationship Id="rId1" Type="{REL}/pivotCacheRecords" '
            'Target="pivotCacheRecords1.xml"/></Relationships>'),
        "xl/pivotCache/pivotCacheRecords1.xml": RECORDS_XML,
    }
    sheet_rels = (f'<Relationship Id="rIdP1" Type="{REL}/pivotTable" '
                  'Target="../pivotTables/pivotTable1.xml"/>'
                  f'<Relationship Id="rIdP2" Type="{REL}/pivotTable" '
                  'Target="../pivotTables/pivotTable2.xml"/>')
    with zipfile.ZipFile(plain) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        names = set(zin.namelist())
        for item in zin.infolist():
            data = zin.read(item.filename).decode("utf-8")
            if item.filename == "xl/workbook.xml":
                data = data.replace("</workbook>", '<pivotCaches><pivotCache cacheId="1" '
                                    'r:id="rIdC1"/></pivotCaches></workbook>')
            elif item.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace("</Relationships>", f'<Relationship Id="rIdC1" Type="{REL}/'
                                    'pivotCacheDefinition" Target="pivotCache/'
                                    'pivotCacheDefinition1.xml"/></Relationships>')
            elif item.filename == "xl/worksheets/_rels/sheet2.xml.rels":
                data = data.replace("</Relationships>", sheet_rels + "</Relationships>")
            elif item.filename == "[Content_Types].xml":
                data = data.replace("</Types>", "".join(
                    f'<Override PartName="/{name}" ContentType="{CT}{kind}+xml"/>'
                    for name, kind in [("xl/pivotTables/pivotTable1.xml", "pivotTable"),
                                       ("xl/pivotTables/pivotTable2.xml", "pivotTable"),
                                       ("xl/pivotCache/pivotCacheDefinition1.xml",
                                        "pivotCacheDefinition"),
                                       ("xl/pivotCache/pivotCacheRecords1.xml",
                                        "pivotCacheRecords")]) + "</Types>")
            zout.writestr(item, data)
        if "xl/worksheets/_rels/sheet2.xml.rels" not in names:
            zout.writestr("xl/worksheets/_rels/sheet2.xml.rels",
                          f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                          f'<Relationships xmlns="{PKG}">{sheet_rels}</Relationships>')
        for name, text in added.items():
            zout.writestr(name, text)
    plain.unlink()
    return path
