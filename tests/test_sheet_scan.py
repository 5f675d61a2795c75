"""The fast worksheet reader (sheetgd.io.sheet_scan) against the general
streaming reader, which is the reference: for every file, both give the
same workbook -- cells, formulas (equal ASTs), cached values, warnings,
maxima, blocks -- or the same error.  Plain sheets must take the fast path;
anything else must make it hand the sheet back (and leave no trace)."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sheetgd.engine.blocks import find_blocks
from sheetgd.engine.errors import XLError
from sheetgd.io import xlsx_stream
from sheetgd.io.xlsx_read import WorkbookReadError, read_workbook

from .test_xlsx_stream import _package

ROOT = Path(__file__).resolve().parent.parent


def _value(v):
    if isinstance(v, float) and math.isnan(v):
        return ("nan",)
    if isinstance(v, XLError):
        return ("error", v.kind)
    return (type(v).__name__, v)


def snapshot(book) -> dict:
    """Everything a reader decides, in comparable form."""
    sheets = {}
    for name in book.sheet_names:
        s = book.sheet(name)
        cells = {k: (c.node, _value(c.value),
                     None if c.group is None else (c.group.area, c.group.node))
                 for k, c in s.cells.items()}
        blocks = [(b.first, b.last, b.columns) for b in find_blocks(s)]
        runs, s.formula_runs = s.formula_runs, None
        assert [(b.first, b.last, b.columns) for b in find_blocks(s)] == blocks  # kept = scanned
        s.formula_runs = runs
        sheets[name] = (cells, s.max_row, s.max_col, blocks)
    return {"sheets": sheets, "cached": {k: _value(v) for k, v in book.cached.items()},
            "warnings": list(book.warnings),
            "names": sorted((n.name, n.scope or "", n.text) for n in book.names)}


def _read(path, fast: bool):
    try:
        return snapshot(read_workbook(path, calculate=False, fast=fast))
    except WorkbookReadError as exc:
        return ("error", str(exc))


@pytest.fixture
def general_reads(monkeypatch):
    """Counts the sheets the general reader had to read in fast mode."""
    calls = []
    original = xlsx_stream._read_general

    def counted(book, zf, part, cells):
        calls.append(part.name)
        return original(book, zf, part, cells)

    monkeypatch.setattr(xlsx_stream, "_read_general", counted)
    return calls


def _compare(path, general_reads, fast_expected: bool):
    general = _read(path, fast=False)
    general_reads.clear()
    fast = _read(path, fast=True)
    assert fast == general
    if fast_expected:
        assert general_reads == [], "the fast path gave the sheet back"
    elif not isinstance(general, tuple):
        assert general_reads, "the fast path read a sheet it should have given back"
    return fast


# -- hand-written sheets the fast path reads --------------------------------------
PLAIN = {
    "every constant type": (
        '<row r="1"><c r="A1"><v>1.5</v></c><c r="B1" t="s"><v>0</v></c>'
        '<c r="C1" t="b"><v>1</v></c><c r="D1" t="e"><v>#DIV/0!</v></c>'
        '<c r="E1" t="str"><v>text</v></c><c r="F1" s="3"/><c r="G1"><v></v></c>'
        '<c r="H1"><v/></c><c r="I1" t="b"><v>0</v></c><c r="J1"><v>1e999</v></c>'
        '<c r="K1" t="n"><v>-0.0</v></c><c r="L1" t="e"><v>#N/A</v></c></row>'),
    "filled-down formulas with a break": "".join(
        f'<row r="{r}" spans="1:4"><c r="A{r}"><v>{r}</v></c>'
        f'<c r="B{r}"><f>A{r}*$A$1+B{r - 1}</f><v>{r * 2}</v></c>'
        f'<c r="C{r}"><f>{"A1*5%" if r == 7 else f"SUM($A$2:A{r})/COUNT(A2:A{r})"}</f><v>1</v></c>'
        f'<c r="D{r}"><f>IF(A{r}=1,"A{r}",Sheet2!B{r + 1})</f><v>0</v></c></row>'
        for r in range(2, 40)),
    "formulas without relative rows": "".join(
        f'<row r="{r}"><c r="A{r}"><f>$B$1*2</f><v>4</v></c><c r="B{r}"><f>PI()</f><v>3.14</v></c></row>'
        for r in range(1, 30)),
    "shared formulas": (
        '<row r="1"><c r="A1"><v>1</v></c><c r="B1"><f t="shared" ref="B1:B4" si="0">A1*2</f><v>2</v></c>'
        '<c r="C1"><f t="shared" ref="C1:C4" si="1">B1+1</f><v>3</v></c></row>'
        + "".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c><c r="B{r}"><f t="shared" si="0"/><v>{2 * r}</v></c>'
                  f'<c r="C{r}"><f t="shared" si="1"/><v>{2 * r + 1}</v></c></row>' for r in range(2, 5))
        + '<row r="5"><c r="B5"><f t="shared" si="7"/><v>9</v></c></row>'),
    "array formulas and data tables": (
        '<row r="1"><c r="A1"><v>1</v></c><c r="B1"><f t="array" ref="B1:B2">A1:A2*2</f><v>2</v></c>'
        '<c r="C1"><f t="dataTable" ref="C1:C2" dt2D="0" dtr="0" r1="A1"/><v>5</v></c></row>'
        '<row r="2"><c r="A2"><v>3</v></c><c r="B2"><v>6</v></c><c r="C2"><v>7</v></c></row>'),
    "inline strings, dates, entities": (
        '<row r="1"><c r="A1" t="inlineStr"><is><t>inline</t></is></c>'
        '<c r="B1" t="inlineStr"><is><t xml:space="preserve"> sp </t></is></c>'
        '<c r="C1" t="d"><v>2024-01-02T00:00:00</v></c>'
        '<c r="D1" t="str"><f>IF(A1&lt;&gt;"",A1&amp;"&lt;x&gt;","")</f><v>a &amp; b</v></c>'
        '<c r="E1" t="str"><v>&#65;&#x42;</v></c><c r="F1"><f>1&gt;2</f><v>0</v></c></row>'),
    "rows without numbers, empty rows, LibreOffice's attributes": (
        '<row><c r="A1" s="0" t="n"><f aca="false">1+1</f><v>2</v></c></row>'
        '<row r="3" ht="12.8" customHeight="1"/><row r="4" spans="1:1" hidden="0">'
        '<c r="A4" s="1" t="s"><v>1</v></c></row><row><c r="A5"><v>5</v></c></row>'),
    "numbered rows, empty ones among them (the row tags matched all at once)": (
        '<row r="2" spans="1:2"><c r="A2"><v>2</v></c></row><row r="3" ht="12.8"/>'
        '<row r="5"/><row r="7" spans="1:2" customHeight="1"><c r="B7"><v>7</v></c></row>'
        '<row r="1048576"><c r="A1048576"><v>9</v></c></row>'),
    "bad formulas and unknown functions": (
        '<row r="1"><c r="A1"><f>1+</f><v>0</v></c><c r="B1"><f>NOSUCHFN(1)</f><v>0</v></c></row>'
        + "".join(f'<row r="{r}"><c r="B{r}"><f>NOSUCHFN(A{r})</f><v>0</v></c></row>'
                  for r in range(2, 12))),
    "unicode": (
        '<row r="1"><c r="A1"><f>\'Données\'!A1&amp;"é"</f><v>0</v></c>'
        '<c r="B1" t="str"><v>naïve ∑</v></c></row>'),
    "booleans and errors with spaces, openpyxl's <v />": (
        '<row r="1"><c r="A1" t="b"><v>1\u00a0</v></c><c r="B1" t="b"><v> true </v></c>'
        '<c r="C1" t="e"><v> #N/A</v></c><c r="D1"><f>A1</f><v /></c></row>'),
    "unknown functions: the warnings name the first cell": (
        '<row r="1"><c r="A1"><f>MYUDF(B1)</f><v>1</v></c><c r="B1"><f>MYUDF()</f><v>1</v></c></row>'
        '<row r="2"><c r="A2" t="str"><f>MYUDF(B2)</f><v>R&amp;D</v></c><c r="B2"><f>MYUDF()</f><v>1</v></c>'
        '<c r="C2"><f>FOOBAR(#REF!)</f><v>1</v></c></row>'
        '<row r="3"><c r="A3"><f t="shared" ref="A3:A4" si="0">FOOBAR(B3)</f><v>1</v></c>'
        '<c r="C3"><f>FOOBAR(#REF!)</f><v>1</v></c></row>'
        '<row r="4"><c r="A4"><f t="shared" si="0"/><v>1</v></c><c r="C4"><f>FOOBAR(B4&gt;1)</f><v>1</v></c></row>'
        '<row r="5"><c r="C5"><f>FOOBAR(#REF!)</f><v>1</v></c></row>'),
    "odd cells, each read by the general reader's store": (
        '<row r="1"><c r="A1" t="zz"><v>1</v></c><c r="B1" t="d"><v>13:45:30</v></c>'
        '<c r="C1" t="d"><v>not a date</v></c><c r="D1" t="d"><v>1900-01-01T12:00:00</v></c>'
        '<c r="E1" t="inlineStr"><v>v only</v></c><c r="F1" t="zz"/></row>'),
    "escaped text (ECMA-376 22.9.2.19's _xHHHH_)": (
        '<row r="1"><c r="A1" t="str"><f>"a"&amp;CHAR(7)</f><v>a_x0007_b</v></c>'
        '<c r="B1" t="str"><v>_x005F_x0041_</v></c><c r="C1" t="inlineStr"><is><t>_x001F_z</t></is></c>'
        '<c r="D1" t="str"><v>_xD83D__xDE00_!</v></c></row>'
        + "".join(f'<row r="{r}"><c r="A{r}" t="str"><f>A{r - 1}&amp;""</f><v>x_x0007_</v></c></row>'
                  for r in range(2, 20))),
    "booleans in any case": (
        '<row r="1"><c r="A1" t="b"><v>TRUE</v></c><c r="B1" t="b"><v>False</v></c>'
        '<c r="C1" t="b"><v>true</v></c><c r="D1" t="b"><v>0</v></c></row>'),
    "pretty-printed between elements": (
        '\n  <row r="1">\n    <c r="A1"><v>1</v></c>\n    <c r="B1"><f>A1+1</f><v>2</v></c>\n  </row>\n'),
}


@pytest.mark.parametrize("case", sorted(PLAIN))
@pytest.mark.parametrize("chunk", [1 << 24, 64])
def test_plain_sheets_take_the_fast_path_and_read_the_same(tmp_path, monkeypatch, general_reads,
                                                          case, chunk):
    monkeypatch.setattr(xlsx_stream, "FAST_CHUNK", chunk)
    path = _package(tmp_path / "p.xlsx", PLAIN[case], strings=["zero", "one"])
    got = _compare(path, general_reads, fast_expected=True)
    assert got["sheets"]["s"][0], "no cells read"


# -- sheets the fast path must give back ------------------------------------------
OTHER = {
    "whitespace inside a cell": '<row r="1"><c r="A1">\n <v>1</v>\n</c></row>',
    "cells out of order": '<row r="1"><c r="B1"><v>1</v></c><c r="A1"><v>2</v></c></row>',
    "a cell twice": '<row r="1"><c r="A1"><v>1</v></c><c r="A1"><f>1+1</f><v>2</v></c></row>',
    "rows out of order": '<row r="2"><c r="A2"><v>1</v></c></row><row r="1"><c r="A1"><v>2</v></c></row>',
    "a cell's row not its row's": '<row r="1"><c r="A2"><v>1</v></c></row>',
    "a comment": '<row r="1"><!-- hi --><c r="A1"><v>1</v></c></row>',
    "CDATA": '<row r="1"><c r="A1" t="str"><f>"x"</f><v><![CDATA[x]]></v></c></row>',
    "a cell without a reference": '<row r="1"><c><v>1</v></c><c r="B1"><v>2</v></c></row>',
    "an empty formula element": '<row r="1"><c r="A1"><f></f><v>1</v></c><c r="B1"><f/><v>2</v></c></row>',
    "single quotes": "<row r='1'><c r='A1'><v>1</v></c></row>",
    "a namespace declared on a cell": '<row r="1"><c r="A1" xmlns="urn:x"><v>1</v></c></row>',
    "a shared string that does not exist": '<row r="1"><c r="A1" t="s"><v>9</v></c></row>',
    "a number that is not one": '<row r="1"><c r="A1"><v>abc</v></c></row>',
    "a negative shared string index": '<row r="1"><c r="A1" t="s"><v>-1</v></c></row>',
    "a shared string index that is not one": '<row r="1"><c r="A1" t="s"><v>1.0</v></c></row>',
    "a boolean that is not one": '<row r="1"><c r="A1" t="b"><v>yes</v></c></row>',
    "an unknown error value": '<row r="1"><c r="A1" t="e"><v>#OOPS!</v></c></row>',
    "a row number that is not one": '<row r="x"><c r="A1"><v>1</v></c></row><row r="2"/>',
    "a cell reference that is not one": '<row r="1"><c r="$A1"><v>1</v></c><c r="B1"><v>2</v></c></row>',
    "a column past XFD": '<row r="1"><c r="XFE1"><v>1</v></c></row>',
    "a row number twice": '<row r="1"><c r="A1"><v>1</v></c></row><row r="1"><c r="B1"><v>2</v></c></row>',
    "a row number past the grid": '<row r="1048577"><c r="A1048577"><v>1</v></c></row>',
    "a row's number after its other attributes": '<row spans="1:1" r="1"><c r="A1"><v>1</v></c></row>',
    "an empty row number": '<row r=""><c r="A1"><v>1</v></c></row>',
    "leading zeros in a later row's number": (
        '<row r="1"><c r="A1"><v>1</v></c></row><row r="02"><c r="A2"><v>1</v></c></row>'),
    "leading zeros in a row number": '<row r="01"><c r="A1"><v>1</v></c></row>',
    "a control character in text": '<row r="1"><c r="A1" t="str"><v>a\x01b</v></c></row>',
    "a control character in a number": '<row r="1"><c r="A1"><v>1\x0b</v></c></row>',
    "a control character in an attribute": '<row r="1"><c r="A1" s="\x01"><v>1</v></c></row>',
    "U+FFFE in a formula": '<row r="1"><c r="A1"><f>"\ufffe"</f><v>1</v></c></row>',
    "]]> in text": '<row r="1"><c r="A1" t="str"><v>a]]&gt;b</v></c><c r="B1" t="str"><v>a]]>b</v></c></row>',
    "an undeclared prefix on a cell": '<row r="1"><c r="A1" zz:foo="1"><v>1</v></c></row>',
    "an undeclared prefix on a row": '<row r="1" zz:foo="1"><c r="A1"><v>1</v></c></row>',
    "a boolean that is not UTF-8": b'<row r="1"><c r="A1" t="b"><v>\xff</v></c></row>'.decode("latin-1"),
    "a shared formula used before its first cell": (
        '<row r="1"><c r="A1"><f t="shared" si="0"/><v>1</v></c>'
        '<c r="B1"><f t="shared" ref="A1:B1" si="0">1+1</f><v>2</v></c></row>'),
    "a shared formula index used twice": (
        '<row r="1"><c r="A1"><f t="shared" ref="A1:A2" si="0">1+1</f><v>2</v></c></row>'
        '<row r="2"><c r="A2"><f t="shared" si="0"/><v>2</v></c></row>'
        '<row r="3"><c r="A3"><f t="shared" ref="A3:A4" si="0">B3*5</f><v>0</v></c></row>'
        '<row r="4"><c r="A4"><f t="shared" si="0"/><v>0</v></c></row>'),
}


@pytest.mark.parametrize("case", sorted(OTHER))
def test_other_sheets_are_given_back_and_read_the_same(tmp_path, general_reads, case):
    path = _package(tmp_path / "o.xlsx", OTHER[case], strings=["zero"])
    if case == "a boolean that is not UTF-8":
        _rewrite(path, "xl/worksheets/sheet1.xml", lambda x: x.replace("\xff".encode(), b"\xff"))
    _compare(path, general_reads, fast_expected=False)


def _rewrite(path, part: str, change):
    """Rewrite one part of a package (bytes -> bytes)."""
    import zipfile

    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    parts[part] = change(parts[part])
    with zipfile.ZipFile(path, "w") as z:
        for n, data in parts.items():
            z.writestr(n, data)


def test_declared_prefixes_and_foreign_elements_stay_on_the_fast_path(tmp_path, general_reads):
    """Excel's x14ac:dyDescent on rows (declared on the root), and a
    sheet-level element of another namespace before the sheet data."""
    path = _package(tmp_path / "x.xlsx", '<row r="1" x14ac:dyDescent="0.25"><c r="A1"><v>1</v></c></row>')
    _rewrite(path, "xl/worksheets/sheet1.xml", lambda x: x.replace(
        b"<sheetData>", b'<sheetPr xmlns="urn:other"/><sheetData>').replace(
        b'<worksheet xmlns="', b'<worksheet xmlns:x14ac="urn:x14ac" xmlns="'))
    got = _compare(path, general_reads, fast_expected=True)
    assert got["sheets"]["s"][0][(1, 1)][1] == ("float", 1.0)


def test_rows_in_an_extension_after_the_sheet_data_are_not_cells(tmp_path, general_reads):
    path = _package(tmp_path / "e.xlsx", '<row r="1"><c r="A1"><v>1</v></c></row>')
    _rewrite(path, "xl/worksheets/sheet1.xml", lambda x: x.replace(
        b"</sheetData>", b'</sheetData><extLst><ext uri="x"><row r="5"><c r="A5"><v>7</v></c>'
                         b'</row></ext></extLst>'))
    got = _compare(path, general_reads, fast_expected=True)
    assert list(got["sheets"]["s"][0]) == [(1, 1)]


def test_warnings_sort_by_cell_when_the_sheet_name_holds_a_cell_name(tmp_path, general_reads):
    path = _package(tmp_path / "n.xlsx", '<row r="1"><c r="B1"><f>1+</f><v>1</v></c></row>'
                                         '<row r="2"><c r="A2"><f>1+</f><v>1</v></c></row>')
    _rewrite(path, "xl/workbook.xml", lambda x: x.replace(b'name="s"', b'name="x!B9"'))
    got = _compare(path, general_reads, fast_expected=True)
    assert [w.split(":")[0] for w in got["warnings"]] == ["'x!B9'!B1", "'x!B9'!A2"]


def test_prefixed_elements_are_given_back(tmp_path, general_reads):
    path = _package(tmp_path / "x.xlsx", '<x:row r="1"><x:c r="A1"><x:v>1</x:v></x:c></x:row>',
                    prefix="x")
    got = _compare(path, general_reads, fast_expected=False)
    assert got["sheets"]["s"][0]


def test_an_encoding_other_than_utf8_is_given_back(tmp_path, general_reads):
    import zipfile

    path = _package(tmp_path / "e.xlsx", '<row r="1"><c r="A1" t="str"><v>caf\u00e9</v></c></row>')
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode("utf-8")
    sheet = sheet.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"').encode("latin-1")
    parts["xl/worksheets/sheet1.xml"] = sheet
    with zipfile.ZipFile(path, "w") as z:
        for n, data in parts.items():
            z.writestr(n, data)
    got = _compare(path, general_reads, fast_expected=False)
    assert got["sheets"]["s"][0][(1, 1)][1] == ("str", "caf\u00e9")


# -- real files -----------------------------------------------------------------------
FILES = sorted((ROOT / "tests" / "fixtures").glob("*.xlsx")) + sorted((ROOT / "workbooks").glob("*.xls[xm]"))


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_real_workbooks_read_the_same_on_the_fast_path(path, general_reads):
    _compare(path, general_reads, fast_expected=True)


def test_the_benchmark_sheet_reads_the_same(tmp_path, general_reads):
    from sheetgd.bench.workload import write_workload

    meta = write_workload(3000, tmp_path)
    _compare(meta["xlsx"], general_reads, fast_expected=True)


# -- generated sheets ---------------------------------------------------------------
_FORMULAS = ["A{r}+1", "$A$1*B{p}", "SUM(A$1:A{r})", "IF(A{r}&gt;0,\"A{r}\",0)", "A{r}&amp;\"x\"",
             "LOG10(ABS(A{r})+1)", "1+", "Sheet2!A{r}*2", "A{p}%", "C{r}", "MYUDF(A{r})",
             "FOOBAR(#REF!)", "MYUDF(B{r}&gt;1)"]
_cell = st.one_of(
    st.tuples(st.just("n"), st.floats(allow_nan=False, width=64)),
    st.tuples(st.just("s"), st.integers(0, 1)),
    st.tuples(st.just("b"), st.booleans()),
    st.tuples(st.just("e"), st.sampled_from(["#N/A", "#DIV/0!", "#VALUE!"])),
    st.tuples(st.just("str"), st.text("ab <&>é", max_size=4)),
    st.tuples(st.just("f"), st.sampled_from(_FORMULAS)),
    st.tuples(st.just("fill"), st.sampled_from(_FORMULAS)),
    st.tuples(st.just("shared"), st.integers(0, 2)),
    st.tuples(st.just("empty"), st.none()),
)


def _xml_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _sheet_xml(rows, first_row: int) -> str:
    out = []
    for i, row in enumerate(rows):
        r = first_row + i
        cells = []
        for j, (kind, x) in enumerate(row):
            ref = f"{chr(65 + j)}{r}"
            if kind == "n":
                cells.append(f'<c r="{ref}"><v>{x!r}</v></c>')
            elif kind in ("s", "b"):
                cells.append(f'<c r="{ref}" t="{kind}"><v>{int(x)}</v></c>')
            elif kind == "e":
                cells.append(f'<c r="{ref}" t="e"><v>{x}</v></c>')
            elif kind == "str":
                cells.append(f'<c r="{ref}" t="str"><v>{_xml_text(x)}</v></c>')
            elif kind in ("f", "fill"):
                text = x.format(r=r if kind == "fill" else first_row, p=max(r - 1, 1))
                cells.append(f'<c r="{ref}"><f>{text}</f><v>{r}</v></c>')
            elif kind == "shared":
                attrs = f't="shared" si="{x}"'
                if i == 0:
                    cells.append(f'<c r="{ref}"><f {attrs} ref="{ref}:{chr(65 + j)}{r + 50}">A{r}+{x}</f></c>')
                else:
                    cells.append(f'<c r="{ref}"><f {attrs}/><v>1</v></c>')
            else:
                cells.append(f'<c r="{ref}" s="1"/>')
        out.append(f'<row r="{r}">{"".join(cells)}</row>')
    return "".join(out)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(_cell, min_size=1, max_size=5), min_size=1, max_size=30),
       st.integers(1, 1000), st.sampled_from([64, 300, 1 << 24]), st.integers(1, 12))
def test_generated_sheets_read_the_same(tmp_path_factory, rows, first_row, chunk, repeat):
    """Random cells, and rows repeated down the sheet (filled-down runs)."""
    rows = (rows * repeat)[:200]
    path = _package(tmp_path_factory.mktemp("g") / "g.xlsx", _sheet_xml(rows, first_row),
                    strings=["zero", "one"])
    original = xlsx_stream.FAST_CHUNK
    xlsx_stream.FAST_CHUNK = chunk
    try:
        assert _read(path, fast=True) == _read(path, fast=False)
    finally:
        xlsx_stream.FAST_CHUNK = original
