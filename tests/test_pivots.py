"""GETPIVOTDATA on PivotTables read from a file (tests/pivot_fixture.py).

Expected values are sums and counts of the fixture's source records done
here in plain Python (:func:`total`, :func:`count`), the errors the ones
Microsoft's GETPIVOTDATA page documents (#REF! for a field, item or
PivotTable that is not there, or arguments describing no visible cell);
the LibreOffice test has LibreOffice rebuild the PivotTables from their
cache and answer the same formulas.
"""

from __future__ import annotations

import pytest

from sheetgd.engine.refs import parse_area
from sheetgd.io.libreoffice import recalculate
from sheetgd.io.xlsx_read import read_workbook

from .conftest import edit_part, needs_libreoffice
from .pivot_fixture import count, total, write_pivot_book

#: (formula on the Report sheet, Excel's value): Sales is Report!A3:D7, Detail Report!F3:H10.
CASES = [
    ('=GETPIVOTDATA("Sales",$A$3)', total()),  # no pair: the grand total (the page's example)
    ('=GETPIVOTDATA("Sum of Sales",$A$3)', total()),  # the value's own name
    ('=GETPIVOTDATA("sum of sales",$C$6)', total()),  # any cell of it; names without case
    ('=GETPIVOTDATA("Sales",$A$3,"Region","East")', total("East")),
    ('=GETPIVOTDATA("Sales",$A$3,"Month","Jan")', total(month="Jan")),
    ('=GETPIVOTDATA("Sales",$A$3,"Region","West","Month","Feb")', total("West", "Feb")),
    ('=GETPIVOTDATA("Sales",$A$3,"month","feb","REGION","west")', total("West", "Feb")),
    ('=GETPIVOTDATA("Sum of Sales",$F$3,"Region","East")', total("East")),  # a subtotal line
    ('=GETPIVOTDATA("Count of Sales",$F$3,"Region","East")', count("East")),
    ('=GETPIVOTDATA("Sum of Sales",$F$3,"Region","East","Month","Jan")', total("East", "Jan")),
    ('=GETPIVOTDATA("Count of Sales",$F$3,"Region","West","Month","Feb")', count("West", "Feb")),
    ('=GETPIVOTDATA("Count of Sales",$F$3)', count()),
    ('=GETPIVOTDATA("Sum of Sales",$A$3:$Z$99)', total()),  # a range over both: the last one
    # #REF!: no visible cell for Month alone in Detail (Month is inside Region there)
    ('=GETPIVOTDATA("Sum of Sales",$F$3,"Month","Jan")', "#REF!"),
    ('=GETPIVOTDATA("Sum of Sales",$A$3,"Region","North")', "#REF!"),  # no such item
    ('=GETPIVOTDATA("Sum of Sales",$A$3,"Country","East")', "#REF!"),  # no such field
    ('=GETPIVOTDATA("Profit",$A$3)', "#REF!"),  # no such value
    ('=GETPIVOTDATA("Sum of Sales",$Z$1)', "#REF!"),  # no PivotTable there
]


def _value(book, formula):
    book.set("Report!Z50", formula)
    value = book.value("Report!Z50")
    return value if isinstance(value, float) else str(value)


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    return read_workbook(write_pivot_book(tmp_path_factory.mktemp("pivot") / "pivot.xlsx"))


@pytest.mark.parametrize("formula, expected", CASES)
def test_getpivotdata(book, formula, expected):
    assert _value(book, formula) == expected


def test_the_layout_is_read_from_the_pivot_table_parts(book):
    sales, detail = book.pivot_tables
    assert (sales.name, sales.area) == ("Sales", parse_area("Report!A3:D7"))
    assert (sales.first_data_row, sales.first_data_col) == (2, 1)
    assert sales.fields == ["Region", "Month", "Sales"]
    assert sales.items[:2] == [["East", "West", None], ["Jan", "Feb", None]]  # None: subtotal
    assert (sales.row_fields, sales.col_fields) == ([0], [1])
    assert [line.items for line in detail.rows[:3]] == [(0,), (0, 0), (0, 1)]  # r="1" repeats
    assert [line.kind for line in detail.rows][-1] == "grand"
    assert detail.col_fields == [-2] and [d.name for d in detail.data_fields] == \
        ["Sum of Sales", "Count of Sales"]


@pytest.mark.parametrize("formula", [
    '=GETPIVOTDATA("Sales",5)',  # pivot_table is no reference
    '=GETPIVOTDATA("Sales",$A$3,"Region")',  # a field without its item
])
def test_bad_arguments_are_ref_errors(book, formula):
    assert _value(book, formula) == "#REF!"


def test_an_error_argument_comes_first(book):
    assert _value(book, '=GETPIVOTDATA(1/0,$A$3)') == "#DIV/0!"
    assert _value(book, '=GETPIVOTDATA("Sales",$A$3,"Region",NA())') == "#N/A"


def test_the_value_follows_the_body_cell(tmp_path):
    """GETPIVOTDATA reads the cell that shows the value: edited (as a
    refresh would), the formula follows at the next calculation."""
    book = read_workbook(write_pivot_book(tmp_path / "p.xlsx", {
        "J1": ('=GETPIVOTDATA("Sales",$A$3,"Region","West")', total("West"))}))
    assert book.value("Report!J1") == total("West")
    book.set("Report!D6", 1000)
    assert book.value("Report!J1") == 1000.0


def test_a_pivot_table_that_cannot_be_read_is_left_out_with_a_warning(tmp_path):
    bad = edit_part(write_pivot_book(tmp_path / "good.xlsx"), tmp_path / "bad.xlsx",
                    "xl/pivotTables/pivotTable1.xml",
                    lambda data: data.replace(b'ref="A3:D7"', b'ref="nowhere"'))
    book = read_workbook(bad)
    assert [p.name for p in book.pivot_tables] == ["Detail"]
    assert any("pivotTable1.xml" in w and "not a range" in w for w in book.warnings)
    assert _value(book, '=GETPIVOTDATA("Sales",$A$3)') == "#REF!"


@needs_libreoffice
@pytest.mark.libreoffice
@pytest.mark.parametrize("written", [False, True], ids=["fixture", "written-by-sheetgd"])
def test_libreoffice_rebuilds_the_pivot_tables_and_agrees(tmp_path, written):
    """LibreOffice reads the PivotTables, lays them out again from their
    cache records (its own layout, not the cells the fixture saved) and
    answers the formulas of :data:`CASES` with the same values and errors,
    but one: a pivot_table range over both PivotTables, #REF! in
    LibreOffice, where Microsoft's page says Excel takes the most recently
    created one.  The same for the workbook as sheetgd writes it back."""
    cases = [(f, v) for f, v in CASES if "$A$3:$Z$99" not in f]
    cells = {f"Z{k}": (formula, 0) for k, (formula, _) in enumerate(cases, 1)}
    src, out = tmp_path / "p.xlsx", tmp_path / "p_lo.xlsx"
    write_pivot_book(src, cells)
    if written:
        from sheetgd.io.xlsx_write import write_xlsx

        src = write_xlsx(read_workbook(src), tmp_path / "p_sheetgd.xlsx")
    recalculate([(src, out)])
    lo = read_workbook(out, calculate=False)
    for k, (formula, expected) in enumerate(cases, 1):
        got = lo.cached[("Report", k, 26)]
        assert (got if isinstance(got, float) else str(got)) == expected, formula


def test_pivot_tables_are_written_back(tmp_path):
    """sheetgd writes the PivotTables' parts back as read (XlsxWriter cannot
    write them): read again, by sheetgd and by openpyxl (which parses
    PivotTables), they are there and GETPIVOTDATA still answers."""
    import openpyxl

    from sheetgd.io.xlsx_write import write_xlsx

    src = write_pivot_book(tmp_path / "p.xlsx", {
        "J1": ('=GETPIVOTDATA("Sales",$A$3,"Region","West")', total("West"))})
    again = read_workbook(write_xlsx(read_workbook(src), tmp_path / "again.xlsx"))
    assert [p.name for p in again.pivot_tables] == ["Sales", "Detail"]
    assert again.warnings == []
    assert again.value("Report!J1") == total("West")
    assert _value(again, '=GETPIVOTDATA("Count of Sales",$F$3,"Region","East")') == count("East")
    pivots = openpyxl.load_workbook(tmp_path / "again.xlsx")["Report"]._pivots
    assert sorted(p.name for p in pivots) == ["Detail", "Sales"]
    assert {p.cache.cacheSource.worksheetSource.sheet for p in pivots} == {"Data"}
    assert len(pivots[0].cache.records.r) == 5


def test_a_date_item_is_named_by_its_serial_number(tmp_path):
    """Microsoft's page: "an item referring to the date March 5, 1999 could
    be entered as 36224 or DATE(1999,3,5)"; the cache saves it as
    ``<d v="1999-03-05T00:00:00"/>``."""
    import zipfile

    from sheetgd.engine import Workbook
    from sheetgd.engine.pivots import DataField, Line, PivotTable
    from sheetgd.io.xlsx_pivots import _cache_fields

    part = tmp_path / "cache.zip"
    with zipfile.ZipFile(part, "w") as z:
        z.writestr("c.xml", '<pivotCacheDefinition xmlns="http://schemas.openxmlformats.org/'
                            'spreadsheetml/2006/main"><cacheFields><cacheField name="Day">'
                            '<sharedItems><d v="1999-03-04T00:00:00"/><d v="1999-03-05T00:00:00"/>'
                            '</sharedItems></cacheField><cacheField name="Sales"><sharedItems/>'
                            "</cacheField></cacheFields></pivotCacheDefinition>")
    with zipfile.ZipFile(part) as z:
        names, items = _cache_fields(z, "c.xml")
    assert names == ["Day", "Sales"] and items[0] == [36223.0, 36224.0]
    book = Workbook()
    book.add_sheet("s")
    book.set("s!A1:B4", [["Row Labels", "Sum of Sales"], [36223, 10], [36224, 20],
                         ["Grand Total", 30]])
    book.pivot_tables.append(PivotTable(
        "P", parse_area("s!A1:B4"), 1, 1, names, [items[0] + [None], []], [0], [], {},
        [DataField("Sum of Sales", 1)], [Line(items=(0,)), Line(items=(1,)), Line("grand", (0,))],
        [Line()]))
    book.set("s!D1", '=GETPIVOTDATA("Sales",A1,"Day",DATE(1999,3,5))')
    book.set("s!D2", '=GETPIVOTDATA("Sales",A1,"Day",36224)')
    book.set("s!D3", '=GETPIVOTDATA("Sales",A1,"Day",DATE(1999,3,6))')
    assert book.value("s!D1") == 20.0 and book.value("s!D2") == 20.0
    assert str(book.value("s!D3")) == "#REF!"


def _mutated(tmp_path, part, old, new, name="bad.xlsx"):
    """The fixture with ``old`` replaced by ``new`` in ``part``."""
    good = write_pivot_book(tmp_path / "good.xlsx", {
        "J1": ('=GETPIVOTDATA("Sales",$A$3,"Region","West")', total("West"))})

    def replace(data):
        assert old in data
        return data.replace(old, new)

    return edit_part(good, tmp_path / name, part, replace)


SALES_PART = "xl/pivotTables/pivotTable1.xml"


@pytest.mark.parametrize("old, new, why", [
    # ECMA-376 Part 1, 18.10.1.49 (location): firstDataRow and firstDataCol are
    # required xsd:unsignedInt offsets into ref, an ST_Ref of the sheet itself.
    (b'<x v="1"/></i><i t="grand">', b'<x v="' + b"9" * 5000 + b'"/></i><i t="grand">',
     "is not a whole number"),              # (was: the whole workbook unreadable, ValueError)
    (b'firstDataRow="2"', 'firstDataRow="\u00b2"'.encode(), "is not a whole number"),
    (b'firstDataRow="2"', b'firstDataRow="-50"', "lies outside its location"),  # (read above it)
    (b'firstDataRow="2" firstDataCol="1"', b"", "has no firstDataRow"),          # (read its header)
    (b'ref="A3:D7"', b'ref="Nope!A3:D7"', "is not a range of the sheet"),        # (write crashed)
    (b'ref="A3:D7"', b'ref="Data!A3:D7"', "is not a range of the sheet"),
], ids=["huge-index", "other-digits", "body-above", "no-first-data", "missing-sheet", "other-sheet"])
def test_a_malformed_pivot_table_is_left_out_naming_its_part(tmp_path, old, new, why):
    """A PivotTable part breaking ECMA-376's rules for its layout is left
    out with a warning naming the part; GETPIVOTDATA on it is #REF!
    (Microsoft's page: a pivot_table that is no PivotTable), the other
    PivotTable still answers, and the workbook is written back."""
    from sheetgd.io.xlsx_write import write_xlsx

    book = read_workbook(_mutated(tmp_path, SALES_PART, old, new))
    assert [p.name for p in book.pivot_tables] == ["Detail"]
    assert any(w.startswith(SALES_PART) and why in w for w in book.warnings), book.warnings
    assert str(book.value("Report!J1")) == "#REF!"
    assert _value(book, '=GETPIVOTDATA("Count of Sales",$F$3,"Region","East")') == count("East")
    again = read_workbook(write_xlsx(book, tmp_path / "again.xlsx"))
    assert [p.name for p in again.pivot_tables] == ["Detail"]


@pytest.mark.parametrize("old, new", [
    (b' cacheId="1"', b' cacheId="7"'),    # a wrong id (not the workbook's)
    (b' cacheId="1"', b""),                # none (a required attribute)
    (b' cacheId="1"', b' cacheId="x"'),    # no number
], ids=["wrong", "missing", "not-a-number"])
def test_written_pivot_tables_name_a_cache_the_workbook_lists(tmp_path, old, new):
    """Excel finds a PivotTable's cache by its ``cacheId``, which must be one
    of workbook.xml's ``<pivotCache cacheId>`` (ECMA-376 Part 1, 18.10.1.73
    and 18.2.17).  Read with one PivotTable naming a wrong, missing or
    non-numeric id, the written file is consistent: every PivotTable names
    a listed cache, as openpyxl (which resolves them) confirms."""
    import re
    import zipfile

    import openpyxl

    from sheetgd.io.xlsx_write import write_xlsx

    out = write_xlsx(read_workbook(_mutated(tmp_path, SALES_PART, old, new)), tmp_path / "w.xlsx")
    with zipfile.ZipFile(out) as z:
        listed = re.findall(rb'<pivotCache cacheId="(\d+)"', z.read("xl/workbook.xml"))
        named = [re.search(rb'<pivotTableDefinition\b[^>]*\bcacheId="([^"]*)"', z.read(n)).group(1)
                 for n in z.namelist() if re.fullmatch(r"xl/pivotTables/pivotTable\d+\.xml", n)]
    assert len(named) == 2 and set(named) <= set(listed) and len(listed) == 1
    pivots = openpyxl.load_workbook(out)["Report"]._pivots
    assert sorted(p.name for p in pivots) == ["Detail", "Sales"]


def test_a_pivot_table_without_its_lines_is_read_from_its_labels(tmp_path):
    """``<rowItems>``/``<colItems>`` are optional (ECMA-376 Part 1,
    18.10.1.84, 18.10.1.17; LibreOffice writes none): the lines are then
    read from the body's labels.  The Sales PivotTable without them answers
    the same formulas (sums worked by hand from the records); Detail keeps
    its lines."""
    import re

    def strip(data):
        data = re.sub(rb"<(rowItems|colItems)\b.*?</\1>", b"", data, flags=re.S)
        assert b"rowItems" not in data and b"colItems" not in data
        return data

    stripped = edit_part(write_pivot_book(tmp_path / "p.xlsx"), tmp_path / "stripped.xlsx",
                         SALES_PART, strip)
    book = read_workbook(stripped)
    assert book.pivot_tables[0].rows == [] and book.warnings == []
    for formula, expected in CASES:
        if "$A$3" in formula and "$Z$99" not in formula:
            assert _value(book, formula) == expected, formula


@needs_libreoffice
@pytest.mark.libreoffice
def test_eval_of_the_pivot_tables_libreoffice_saved_agrees(tmp_path):
    """LibreOffice rebuilds the PivotTables, saves them in its own layout
    (tabular, "Total Result", no ``<rowItems>``) with its GETPIVOTDATA values
    cached; sheetgd recomputes every formula of :data:`CASES` from that file
    (not only reads LibreOffice's cache) and agrees, the one documented
    difference (a range over both PivotTables) left out.  It used to give
    #REF! for all of them."""
    from sheetgd.recheck import compare_with_cached

    cases = [(f, v) for f, v in CASES if "$A$3:$Z$99" not in f]
    cells = {f"Z{k}": (formula, 0) for k, (formula, _) in enumerate(cases, 1)}
    src, out = tmp_path / "p.xlsx", tmp_path / "p_lo.xlsx"
    write_pivot_book(src, cells)
    recalculate([(src, out)])
    book = read_workbook(out)
    assert [p.rows for p in book.pivot_tables] == [[], []]  # (LibreOffice's layout)
    for k, (formula, expected) in enumerate(cases, 1):
        got = book.value(f"Report!Z{k}")
        assert (got if isinstance(got, float) else str(got)) == expected, formula
    assert compare_with_cached(book).total("differing") == 0


def test_overlapping_pivot_tables_are_read_with_a_warning(tmp_path):
    """Excel refuses to make a PivotTable over another ("A PivotTable
    report cannot overlap another PivotTable report"), so a file with two
    overlapping is not Excel's: both are read (GETPIVOTDATA on a cell of
    both takes the last listed, as Microsoft's page says of a range over
    several) and a warning names the part and both locations."""
    book = read_workbook(_mutated(tmp_path, "xl/pivotTables/pivotTable2.xml",
                                  b'ref="F3:H10"', b'ref="A3:H10"'))
    assert [p.name for p in book.pivot_tables] == ["Sales", "Detail"]
    assert any(w.startswith("xl/pivotTables/pivotTable2.xml") and "overlaps 'Sales'" in w
               and "Report!A3:H10" in w for w in book.warnings), book.warnings
