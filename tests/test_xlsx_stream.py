"""The one-pass worksheet reader (sheetgd.io.xlsx_stream): every kind of
cell an .xlsx holds, parts written by hand the way Excel writes them, DTDs
refused, and the fill-down recognition equal to a full parse."""

from __future__ import annotations

import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import sheetgd
from sheetgd.engine.nodes import render
from sheetgd.engine.parser import FillDown, parse
from sheetgd.io.xlsx_read import WorkbookReadError

from .conftest import is_error

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _package(path, sheet_xml: str, strings: list[str] = (), names: str = "", prefix: str = ""):
    """A minimal workbook package with one worksheet ``s`` holding ``sheet_xml``
    (the children of <sheetData>); ``prefix`` writes the elements with a
    namespace prefix, as some producers do."""
    p = f"{prefix}:" if prefix else ""
    xmlns = f'xmlns:{prefix}="{MAIN}"' if prefix else f'xmlns="{MAIN}"'
    workbook = (f'<?xml version="1.0" encoding="UTF-8"?><{p}workbook {xmlns} xmlns:r="{REL}">'
                f'<{p}sheets><{p}sheet name="s" sheetId="1" r:id="rId1"/></{p}sheets>{names}</{p}workbook>')
    rels = ('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
            'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
            '</Relationships>')
    sheet = (f'<?xml version="1.0" encoding="UTF-8"?><{p}worksheet {xmlns}><{p}sheetData>'
             f'{sheet_xml}</{p}sheetData></{p}worksheet>')
    sst = (f'<?xml version="1.0"?><sst xmlns="{MAIN}">'
           + "".join(f"<si>{s}</si>" for s in strings) + "</sst>")
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", workbook)
        z.writestr("xl/_rels/workbook.xml.rels", rels)
        z.writestr("xl/worksheets/sheet1.xml", sheet)
        if strings:
            z.writestr("xl/sharedStrings.xml", sst)
    return path


def test_every_kind_of_cell(tmp_path):
    rows = (
        '<row r="1"><c r="A1"><v>2.5</v></c><c r="B1" t="s"><v>1</v></c>'
        '<c r="C1" t="b"><v>1</v></c><c r="D1" t="e"><v>#DIV/0!</v></c>'
        '<c r="E1" t="inlineStr"><is><t>in</t></is></c><c r="F1" t="s"><v>0</v></c></row>'
        '<row r="2"><c r="A2"><f>A1*2</f><v>5</v></c><c r="B2" t="str"><f>B1&amp;"!"</f><v>x!</v></c>'
        '<c r="C2" t="b"><f>NOT(C1)</f><v>0</v></c><c r="D2" t="e"><f>1/0</f><v>#DIV/0!</v></c>'
        '<c r="E2" s="1"/></row>')
    strings = ["<r><t>ri</t></r><r><t>ch</t></r><rPh><t>phonetic</t></rPh>", "<t>x</t>"]
    book = sheetgd.load(_package(tmp_path / "k.xlsx", rows, strings), calculate=False)
    assert book.value("s!A1") == 2.5 and book.value("s!B1") == "x" and book.value("s!C1") is True
    assert is_error(book.value("s!D1"), "#DIV/0!") and book.value("s!E1") == "in"
    assert book.value("s!F1") == "rich"  # runs joined, the phonetic guide left out
    assert book.formula("s!B2") == '=B1&"!"'  # &amp; decoded
    # before any calculation each formula shows its cached value, typed
    assert book.value("s!A2") == 5.0 and book.value("s!B2") == "x!" and book.value("s!C2") is False
    assert is_error(book.value("s!D2"), "#DIV/0!")
    assert book.value("s!E2") is None and book.sheet("s").cells.get((2, 5)) is None  # style only
    assert book.cached[("s", 2, 1)] == 5.0
    book.calculate_all()
    assert book.value("s!A2") == 5.0 and book.value("s!B2") == "x!"


def test_shared_array_and_data_table_formulas(tmp_path):
    rows = (
        '<row r="1"><c r="A1"><v>1</v></c><c r="B1"><f t="shared" ref="B1:B3" si="0">A1*10</f><v>10</v></c>'
        '<c r="C1"><f t="array" ref="C1:C2">B1:B2*2</f><v>20</v></c>'
        '<c r="D1"><f t="dataTable" ref="D1" dt2D="0" dtr="0" r1="A1"/><v>7</v></c></row>'
        '<row r="2"><c r="A2"><v>2</v></c><c r="B2"><f t="shared" si="0"/><v>20</v></c>'
        '<c r="C2"><v>40</v></c></row>'
        '<row r="3"><c r="A3"><v>3</v></c><c r="B3"><f t="shared" si="0"/><v>30</v></c></row>')
    book = sheetgd.load(_package(tmp_path / "f.xlsx", rows), calculate=False)
    assert [book.formula(f"s!B{r}") for r in (1, 2, 3)] == ["=A1*10", "=A2*10", "=A3*10"]
    assert book.value("s!C2") == 40.0  # an array member shows its own cached value
    assert book.value("s!D1") == 7.0 and not book.is_formula("s!D1")
    assert any("data tables" in w for w in book.warnings)
    book.set("s!A2", 5)
    book.calculate()
    assert book.value("s!B2") == 50.0 and book.value("s!C2") == 100.0


def test_cells_and_rows_without_positions_and_prefixed_elements(tmp_path):
    rows = ('<x:row><x:c><x:v>1</x:v></x:c><x:c><x:f>A1+1</x:f></x:c></x:row>'
            '<x:row><x:c><x:f>B1*3</x:f></x:c></x:row>')
    book = sheetgd.load(_package(tmp_path / "p.xlsx", rows, prefix="x"))
    assert book.value("s!A1") == 1.0 and book.value("s!B1") == 2.0 and book.value("s!A2") == 6.0


def test_defined_names_workbook_and_sheet_scoped(tmp_path):
    names = ('<definedNames><definedName name="rate">s!$A$1</definedName>'
             '<definedName name="local" localSheetId="0">s!$A$1*2</definedName>'
             '<definedName name="_xlnm.Print_Area" localSheetId="0">s!$A$1:$B$2</definedName>'
             '<definedName name="broken">#REF!</definedName></definedNames>')
    rows = '<row r="1"><c r="A1"><v>4</v></c><c r="B1"><f>rate+local</f></c><c r="C1"><f>broken</f></c></row>'
    book = sheetgd.load(_package(tmp_path / "n.xlsx", rows, names=names))
    assert book.value("s!B1") == 12.0
    assert is_error(book.value("s!C1"), "#REF!")


@pytest.mark.parametrize("prolog", [
    '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>',
    '<!-- a comment first --><!DOCTYPE worksheet SYSTEM "file:///etc/passwd">',
])
def test_a_part_with_a_dtd_is_refused_before_parsing(tmp_path, prolog):
    path = _package(tmp_path / "bomb.xlsx", '<row r="1"><c r="A1"><v>1</v></c></row>')
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    parts["xl/worksheets/sheet1.xml"] = sheet.replace("?>", "?>" + prolog, 1).encode()
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    with pytest.raises(WorkbookReadError, match="DTD"):
        sheetgd.load(path)


def test_malformed_xml_names_the_file(tmp_path):
    path = _package(tmp_path / "bad.xlsx", '<row r="1"><c r="A1"><v>1</v></row>')
    with pytest.raises(WorkbookReadError, match="bad.xlsx"):
        sheetgd.load(path)


# -- fill-down recognition ------------------------------------------------------
_pieces = st.sampled_from(["A{r}", "$B{r}", "C$3", "$D$2", "Sheet2!E{r}", "'my sheet 1'!F{r}",
                           '"A{r}"', "SUM(G{r}:G{r2})", "LOG10(H{r})", "1E5", "x5", "IF(A{r}>2,1,0)"])


@settings(max_examples=200, deadline=None)
@given(st.lists(_pieces, min_size=1, max_size=4), st.integers(1, 5000), st.lists(st.booleans(), max_size=6))
def test_fill_down_gives_what_parse_gives(pieces, start, breaks):
    """Rows of a filled-down column, some rows replaced by a different
    formula: FillDown returns the very node parse returns, row by row."""
    template = "=" + "+".join(pieces)
    fill = FillDown()
    for i, other in enumerate(breaks + [False, False]):
        row = start + i
        text = template.format(r=row, r2=row + 3)
        if other:
            text = template.format(r=row + 1, r2=row)  # not the fill-down of the row above
        node = fill.node(text, row, 3)
        assert node == parse(text, row, 3)
        assert ("=" + render(node, row, 3)).upper() == text.upper() or '"' in text or "1E5" in text
