"""References into other workbooks (``[1]Sheet1!A1``), evaluated from the
values the file cached in xl/externalLinks/externalLink1.xml.

The fixture is a workbook XlsxWriter writes with the formulas as Excel
stores them, plus a hand-written link part in the structure Excel saves
(``<externalBook r:id>``, ``<sheetNames>``, ``<definedNames>``,
``<sheetDataSet>``; ECMA-376 Part 1, 18.14).  Each formula cell carries the
value Excel shows for it with the link not updated: computed from the link's
cache by hand (below, next to each formula), never by sheetgd.
"""

from __future__ import annotations

import json
import zipfile

import pytest
import xlsxwriter
from click.testing import CliRunner

from sheetgd.cli import main
from sheetgd.engine.parser import parse
from sheetgd.io.xlsx_read import read_workbook
from sheetgd.recheck import compare_with_cached

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"

LINK = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<externalLink xmlns="{MAIN}" xmlns:r="{REL}"><externalBook r:id="rId1">
<sheetNames><sheetName val="Prices"/><sheetName val="Q&amp;A sheet"/></sheetNames>
<definedNames><definedName name="Rate" refersTo="=Prices!$B$5"/>
<definedName name="Span" refersTo="=Prices!$B$2:$B$4"/></definedNames>
<sheetDataSet>
<sheetData sheetId="0">
<row r="1"><cell r="A1" t="str"><v>item</v></cell><cell r="B1" t="str"><v>price</v></cell></row>
<row r="2"><cell r="A2" t="str"><v>a</v></cell><cell r="B2"><v>2.5</v></cell><cell r="C2" t="b"><v>1</v></cell></row>
<row r="3"><cell r="B3" t="n"><v>4</v></cell><cell r="C3" t="e"><v>#DIV/0!</v></cell></row>
<row r="4"><cell r="B4"><v>6.5</v></cell></row>
<row r="5"><cell r="B5"><v>0.05</v></cell></row>
</sheetData>
<sheetData sheetId="1"><row r="1"><cell r="A1" t="str"><v>hello</v></cell></row></sheetData>
</sheetDataSet></externalBook></externalLink>"""

#: (cell, formula as Excel stores it, the value Excel shows from the cache above)
CELLS = [
    ("A1", "[1]Prices!B2*2", 5.0),  # 2.5 * 2
    ("A2", "[1]Prices!B2", 2.5),  # A2:A4 filled down: B2, B3, B4
    ("A3", "[1]Prices!B3", 4.0),
    ("A4", "[1]Prices!B4", 6.5),
    ("A5", "SUM([1]Prices!$B$2:$B$4)", 13.0),  # 2.5 + 4 + 6.5
    ("A6", "'[1]Q&A sheet'!A1", "hello"),
    ("A7", "[1]!Rate*100", 5.0),  # 0.05 * 100
    ("A8", "SUM([1]!Span)", 13.0),
    ("A9", "[1]Prices!Z99", 0.0),  # not in the cache: empty, 0 as a formula's value
    ("A10", "[1]Prices!C2", True),
    ("A11", "[1]Prices!C3", "#DIV/0!"),
    ("A12", "COUNTA([1]Prices!A1:C4)", 8.0),  # item price a 2.5 TRUE 4 #DIV/0! 6.5
    ("A13", "[2]Prices!A1", "#REF!"),  # the file links one book only
    ("A14", "[1]Prices!A1&\" \"&[1]Prices!A2", "item a"),
]


def _linked_book(path, cells=CELLS, link=LINK, target="file:///C:/data/prices.xlsx"):
    """XlsxWriter's workbook with ``cells``, and the link part added to the
    package: the part, its relationship to ``target``, workbook.xml's
    ``<externalReferences>`` and the part's content type."""
    plain = path.with_name("plain.xlsx")
    wb = xlsxwriter.Workbook(str(plain))
    ws = wb.add_worksheet("Report")
    for addr, formula, shown in cells:
        ws.write_formula(addr, "=" + formula, None, shown)
    wb.close()
    with zipfile.ZipFile(plain) as zin, zipfile.ZipFile(path, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename).decode("utf-8")
            if item.filename == "xl/workbook.xml":
                data = data.replace("</sheets>", '</sheets><externalReferences>'
                                    '<externalReference r:id="rId99"/></externalReferences>')
            elif item.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace("</Relationships>", f'<Relationship Id="rId99" Type="{REL}/'
                                    'externalLink" Target="externalLinks/externalLink1.xml"/>'
                                    "</Relationships>")
            elif item.filename == "[Content_Types].xml":
                data = data.replace("</Types>", '<Override PartName="/xl/externalLinks/'
                                    'externalLink1.xml" ContentType="application/vnd.openxmlformats'
                                    '-officedocument.spreadsheetml.externalLink+xml"/></Types>')
            zout.writestr(item, data)
        zout.writestr("xl/externalLinks/externalLink1.xml", link)
        zout.writestr("xl/externalLinks/_rels/externalLink1.xml.rels",
                      f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG}">'
                      f'<Relationship Id="rId1" Type="{REL}/externalLinkPath" Target="{target}" '
                      'TargetMode="External"/></Relationships>')
    return path


@pytest.mark.parametrize("fast", [True, False])
def test_external_references_are_the_values_the_link_cached(tmp_path, fast):
    """Both worksheet readers (the fast one and the general one) read the
    formulas alike, and every cell computes what Excel shows."""
    book = read_workbook(_linked_book(tmp_path / "linked.xlsx"), fast=fast)
    assert book.warnings == []
    for addr, formula, shown in CELLS:
        got = book.value(f"Report!{addr}")
        if isinstance(shown, str) and shown.startswith("#"):
            assert getattr(got, "kind", None) == shown, (addr, formula, got)
        else:
            assert got == shown and type(got) is type(shown), (addr, formula, got)
    assert book.external_books[0].target == "file:///C:/data/prices.xlsx"
    assert book.external_books[0].sheets == ["Prices", "Q&A sheet"]


def test_eval_finds_every_external_reference_matching(tmp_path):
    path = _linked_book(tmp_path / "linked.xlsx")
    report = json.loads(CliRunner().invoke(main, ["eval", str(path), "--json"]).output)
    assert (report["formula_cells"], report["matching"], report["differing"]) == (len(CELLS),
                                                                                  len(CELLS), 0)
    assert report["unknown_functions"] == [] and report["skipped"] == 0


def test_external_references_are_constants_to_recalculation(tmp_path):
    """No cell depends on another through an external reference, and the
    references are not volatile: nothing is skipped as random, and a
    recalculation gives the same values."""
    book = read_workbook(_linked_book(tmp_path / "linked.xlsx"))
    assert not book.graph.volatile
    book.calculate_all()
    report = compare_with_cached(book)
    assert report.total("matching") == len(CELLS)


def test_the_typed_forms_name_the_book_by_its_file(tmp_path):
    """``[prices.xlsx]Prices!B2`` and ``'C:\\data\\[prices.xlsx]Prices'!B2``
    (the forms typed in Excel) find the link to a file of that name; an
    unknown file name is #REF!."""
    cells = [("A1", "[prices.xlsx]Prices!B2", 2.5),
             ("A2", "'C:\\data\\[PRICES.XLSX]Prices'!B3", 4.0),
             ("A3", "[other.xlsx]Prices!B2", "#REF!")]
    book = read_workbook(_linked_book(tmp_path / "typed.xlsx", cells))
    assert book.value("Report!A1") == 2.5 and book.value("Report!A2") == 4.0
    assert book.value("Report!A3").kind == "#REF!"


#: Excel's implicit intersection (Microsoft, "Implicit intersection operator:
#: @": a range where a formula wants one value gives "the cell on the same
#: row or column as the formula"; none there: #VALUE!), for ranges of the
#: linked book as for local ones.  The link caches Prices!B2:B4 = 2.5, 4,
#: 6.5 and Prices!A2:C2 = "a", 2.5, TRUE.
INTERSECTED = [
    ("D2", "[1]Prices!$B$2:$B$4", 2.5),  # a column: its cell in the formula's row
    ("D3", "[1]Prices!$B$2:$B$4*2", 8.0),  # 4 * 2
    ("D4", "[1]Prices!$B$2:$B$4+1", 7.5),  # 6.5 + 1
    ("D9", "[1]Prices!$B$2:$B$4", "#VALUE!"),  # row 9: none in the range
    ("B7", "[1]Prices!$A$2:$C$2", 2.5),  # a row: its cell in the formula's column (B2)
    ("C7", "NOT([1]Prices!$A$2:$C$2)", False),  # C2: TRUE
    ("E7", "[1]Prices!$A$2:$C$2", "#VALUE!"),  # column E: none
    ("B3", "[1]Prices!$A$2:$C$4", 4.0),  # 2-D: its row and column (B3)
    ("E3", "[1]Prices!$A$2:$C$4", "#VALUE!"),
    ("F4", "[1]!Span", 6.5),  # a name of the linked book for B2:B4: B4
    ("F5", "SUM([1]Prices!$B$2:$B$4)", 13.0),  # a range where a range is wanted: whole
]


@pytest.mark.parametrize("fast", [True, False])
def test_a_range_of_another_book_where_one_value_is_wanted_is_intersected(tmp_path, fast):
    """As a local range in a formula that is not an array formula: the one
    rule, :func:`sheetgd.engine.evaluate.intersected`."""
    book = read_workbook(_linked_book(tmp_path / "ii.xlsx", INTERSECTED), fast=fast)
    for addr, formula, shown in INTERSECTED:
        got = book.value(f"Report!{addr}")
        if isinstance(shown, str) and shown.startswith("#"):
            assert getattr(got, "kind", None) == shown, (addr, formula, got)
        else:
            assert got == shown and type(got) is type(shown), (addr, formula, got)
    report = compare_with_cached(book)
    assert report.total("matching") == len(INTERSECTED)


def test_a_range_of_another_book_in_an_array_formula_is_taken_whole():
    """Excel 365's dynamic array (and a legacy array formula) takes the
    range whole: =[1]Prices!B2:B4*2 spills 5, 8, 13."""
    from sheetgd import Workbook
    from sheetgd.engine.external import ExternalBook

    wb = Workbook()
    wb.add_sheet("s")
    wb.external_books.append(ExternalBook("prices.xlsx", ["Prices"], {
        "PRICES": {(2, 2): 2.5, (3, 2): 4.0, (4, 2): 6.5}}))
    wb.set("s!A1", "=[1]Prices!B2:B4*2")
    assert [wb.value(f"s!A{r}") for r in (1, 2, 3)] == [5.0, 8.0, 13.0]
    wb.set("s!C9", "=@[1]Prices!B2:B4")  # row 9: nothing to intersect
    assert wb.value("s!C9").kind == "#VALUE!"
    wb.set("s!C3", "=@[1]Prices!B2:B4")
    assert wb.value("s!C3") == 4.0


def test_a_sheet_or_name_the_link_lacks_is_ref(tmp_path):
    cells = [("A1", "[1]Nowhere!A1", "#REF!"), ("A2", "[1]!Nope", "#REF!"),
             ("A3", "ISBLANK([1]Prices!Z99)", True)]
    book = read_workbook(_linked_book(tmp_path / "missing.xlsx", cells))
    assert book.value("Report!A1").kind == "#REF!" and book.value("Report!A2").kind == "#REF!"
    assert book.value("Report!A3") is True


def test_external_references_parse_and_render_back():
    for text in ("=[1]Sheet1!A1", "='[1]my sheet'!$A$1:B3*2", "=SUM([1]Sheet1!A:A)",
                 "=[1]!Rate", "='C:\\data\\[prices.xlsx]Sheet1'!A1", "='[1]it''s'!B2"):
        from sheetgd.engine.nodes import render

        assert "=" + render(parse(text, 5, 5), 5, 5) == text
    assert parse("=[0]!Rate") == parse("=Rate")  # [0]: the workbook itself


def test_filled_down_external_references_share_one_ast():
    assert parse("=[1]Sheet1!A1*2", 1, 2) is parse("=[1]Sheet1!A2*2", 2, 2)


def test_3d_references_into_other_workbooks_are_refused():
    from sheetgd.engine.errors import FormulaError

    with pytest.raises(FormulaError, match="3-D references into another workbook"):
        parse("=SUM([1]Sheet1:Sheet3!A1)")


def test_a_link_without_its_part_warns_and_gives_ref(tmp_path):
    path = _linked_book(tmp_path / "linked.xlsx")
    broken = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(broken, "w") as zout:
        for item in zin.infolist():
            if item.filename != "xl/externalLinks/externalLink1.xml":
                zout.writestr(item, zin.read(item.filename))
    book = read_workbook(broken)
    assert any("external link [1]" in w for w in book.warnings)
    assert book.value("Report!A2").kind == "#REF!"


def test_written_back_the_links_and_their_cached_values_survive(tmp_path):
    """XlsxWriter cannot write link parts; the writer adds them, so the file
    read back holds the same links, the same formulas and the same values."""
    from sheetgd.io.xlsx_write import write_xlsx

    book = read_workbook(_linked_book(tmp_path / "linked.xlsx"))
    out = write_xlsx(book, tmp_path / "back.xlsx")
    with zipfile.ZipFile(out) as z:
        assert "xl/externalLinks/externalLink1.xml" in z.namelist()
        assert b"<externalReferences>" in z.read("xl/workbook.xml")
        assert b"<f>[1]Prices!B2*2</f>" in z.read("xl/worksheets/sheet1.xml")
    again = read_workbook(out)
    assert again.warnings == []
    assert compare_with_cached(again).total("matching") == len(CELLS)
    assert again.external_books[0].target == "file:///C:/data/prices.xlsx"
    assert again.formula("Report!A6") == "='[1]Q&A sheet'!A1"


def test_a_typed_file_name_is_written_as_the_links_index(tmp_path):
    from sheetgd.io.xlsx_write import write_xlsx

    book = read_workbook(_linked_book(tmp_path / "linked.xlsx"))
    book.set("Report!B1", "='C:\\data\\[prices.xlsx]Prices'!B3+1")
    assert book.value("Report!B1") == 5.0  # 4 + 1
    with zipfile.ZipFile(write_xlsx(book, tmp_path / "back.xlsx")) as z:
        assert b"<f>[1]Prices!B3+1</f>" in z.read("xl/worksheets/sheet1.xml")


def test_a_book_no_link_holds_is_written_as_values_with_one_warning(tmp_path, caplog):
    """A workbook made in sheetgd with a typed reference to a file it has
    no link to (its value is #REF!): the file cannot store the formula."""
    from sheetgd import Workbook
    from sheetgd.io.xlsx_write import write_xlsx

    wb = Workbook()
    wb.add_sheet("s")
    wb.set("s!A1", "=[prices.xlsx]Prices!B2")
    wb.set("s!A2", "=[prices.xlsx]Prices!B3")
    wb.set("s!A3", "=1+1")
    out = write_xlsx(wb, tmp_path / "unlinked.xlsx")
    assert [r.getMessage() for r in caplog.records if "no link" in r.getMessage()] == [
        "2 formula cell(s) (first s!A1) refer to workbooks the file has no link to ([2] "
        "past its links, or a typed [file.xlsx] no link is to): written as their values, since "
        "a file can only store references to linked workbooks"]
    again = read_workbook(out)
    assert again.formula("s!A1") == "=#REF!"  # how the writer stores an error value
    assert again.value("s!A1").kind == "#REF!"
    assert again.formula("s!A3") == "=1+1"


def test_many_ranges_read_from_a_large_link_cache_take_no_scan_each(tmp_path):
    """10,000 formulas each summing a two-cell range of a link caching
    200,000 cells: each sum is the cached values' (row r holds r and 2r, so
    3r, worked by hand), and the read no longer scans the whole cache for
    every range (10,000 x 200,000 steps: minutes); a generous bound, as
    tests/test_hostile_sizes.py puts on other hostile sizes."""
    import time

    n, f = 100_000, 10_000
    rows = "".join(f'<row r="{r}"><cell r="A{r}"><v>{r}</v></cell><cell r="B{r}"><v>{2 * r}</v>'
                   "</cell></row>" for r in range(1, n + 1))
    link = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><externalLink '
            f'xmlns="{MAIN}" xmlns:r="{REL}"><externalBook r:id="rId1"><sheetNames>'
            f'<sheetName val="P"/></sheetNames><sheetDataSet><sheetData sheetId="0">{rows}'
            "</sheetData></sheetDataSet></externalBook></externalLink>")
    cells = [(f"A{i}", f"SUM([1]P!A{i}:B{i})", 3.0 * i) for i in range(1, f + 1)]
    path = _linked_book(tmp_path / "big.xlsx", cells=cells, link=link)
    start = time.perf_counter()
    book = read_workbook(path)
    assert time.perf_counter() - start < 30
    assert [book.value(f"Report!A{i}") for i in (1, 2500, f)] == [3.0, 7500.0, 3.0 * f]
    assert compare_with_cached(book).total("differing") == 0
