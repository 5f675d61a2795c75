"""How the built workbooks look, read back from the files (openpyxl and the
raw parts XlsxWriter wrote): Run/Reset at the top left of every optimiser
sheet, in the frozen rows, beside a how-to note that is whole; a number
format on every number; labels that do not run into their neighbours and
numbers that fit their columns (widths measured with Calibri's metrics,
:mod:`sheetgd.books.textfit`); the macro-free book's page set-up; the
summary's log axis, hidden #N/A and its sentences against the file's own
numbers."""

from __future__ import annotations

import posixpath
import re
import zipfile
from xml.etree import ElementTree

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from sheetgd.books.graddesc import OPTIMISERS
from sheetgd.books.parity import PARITY_SHEETS
from sheetgd.books.textfit import format_number, line_height, text_width, wrapped_lines

NAMES = ("graddesc.xlsx", "graddesc.xlsm", "entropy.xlsx")
FIRST_SCREEN_COLS = 14  # A..N: what a laptop shows at 100% zoom
NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
      "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
      "c": "http://schemas.openxmlformats.org/drawingml/2006/chart"}


@pytest.fixture(scope="module")
def built(default_books):
    """The default books (tests/conftest.py), shared read-only."""
    return default_books


@pytest.fixture(scope="module")
def books(built):
    return {n: openpyxl.load_workbook(built / n, data_only=True) for n in NAMES}


def _rels(z: zipfile.ZipFile, part: str) -> dict[str, str]:
    """{relationship id: target part} of a part."""
    folder, name = posixpath.split(part)
    path = posixpath.join(folder, "_rels", name + ".rels")
    if path not in z.namelist():
        return {}
    root = ElementTree.fromstring(z.read(path))
    return {r.get("Id"): posixpath.normpath(posixpath.join(folder, r.get("Target")))
            for r in root.findall("rel:Relationship", NS)}


def _sheet_parts(z: zipfile.ZipFile) -> dict[str, str]:
    """{sheet name: its worksheet part}."""
    rels = _rels(z, "xl/workbook.xml")
    root = ElementTree.fromstring(z.read("xl/workbook.xml"))
    return {s.get("name"): rels[s.get(f"{{{NS['r']}}}id")]
            for s in root.find("m:sheets", NS)}


def _buttons(z: zipfile.ZipFile, part: str) -> list[tuple[str, str, list[int]]]:
    """(caption, macro, anchor) of each form button of a worksheet, from its
    VML drawing; the anchor is Excel's eight numbers: left column and pixel
    offset, top row and offset, right column and offset, bottom row and
    offset (0-based)."""
    vml = [t for t in _rels(z, part).values() if t.endswith(".vml")]
    out = []
    for target in vml:
        text = z.read(target).decode()
        for shape in re.findall(r"<v:shape .*?</v:shape>", text, re.S):
            if 'ObjectType="Button"' not in shape:
                continue
            caption = re.search(r"<font [^>]*>(.*?)</font>", shape).group(1)
            macro = re.search(r"<x:FmlaMacro>\[0\]!(.*?)</x:FmlaMacro>", shape).group(1)
            anchor = [int(v) for v in re.search(r"<x:Anchor>(.*?)</x:Anchor>", shape)
                      .group(1).split(",")]
            out.append((caption, macro, anchor))
    return out


def _merged(ws):
    return [(r.min_row, r.min_col, r.max_row, r.max_col) for r in ws.merged_cells.ranges]


def _column(ws, col: int):
    """The ``<col>`` entry that covers a column (openpyxl keeps a run of
    equal columns as one entry, under its first letter), or None."""
    for d in ws.column_dimensions.values():
        if d.min and d.max and d.min <= col <= d.max:
            return d
    return None


def _width(ws, col: int) -> float:
    """A column's width as written (openpyxl reads XlsxWriter's ``<col>``
    widths, which add Excel's padding: 8.43 -> 9.140625)."""
    d = _column(ws, col)
    return d.width - 0.7109375 if d is not None and d.customWidth else 8.43


def _height(ws, row: int) -> float:
    dim = ws.row_dimensions.get(row)
    return dim.ht if dim is not None and dim.ht else 15.0


@pytest.mark.parametrize("sheet", OPTIMISERS + PARITY_SHEETS)
def test_run_and_reset_sit_top_left_in_the_frozen_rows(built, books, sheet):
    with zipfile.ZipFile(built / "graddesc.xlsm") as z:
        buttons = _buttons(z, _sheet_parts(z)[sheet])
    assert sorted((c, m) for c, m, _ in buttons) == [("Reset", f"{sheet}.reset"),
                                                     ("Run", f"{sheet}.somesteps")]
    ws = books["graddesc.xlsm"][sheet]
    frozen = ws.freeze_panes
    assert frozen is not None
    frozen_rows = openpyxl.utils.cell.coordinate_to_tuple(frozen)[0] - 1
    assert frozen_rows == 3  # the two input rows and the header row stay in view
    for caption, _, (left, _, top, _, right, right_dx, bottom, bottom_dy) in buttons:
        assert right < FIRST_SCREEN_COLS, caption  # within A..N
        # above the table: the button ends inside rows 1-2 (or on the top edge of row 3)
        assert bottom < frozen_rows - 1 or (bottom == frozen_rows - 1 and bottom_dy == 0), caption
        # not under the note
        for r1, c1, r2, c2 in _merged(ws):
            assert right < c1 - 1 or left > c2 - 1 or bottom < r1 - 1 or top > r2 - 1, caption
    anchors = {c: a for c, _, a in buttons}
    assert anchors["Run"][2] < anchors["Reset"][2]  # Run above Reset


@pytest.mark.parametrize("name, sheets", [("graddesc.xlsm", OPTIMISERS + PARITY_SHEETS),
                                          ("graddesc.xlsx", OPTIMISERS)])
def test_the_how_to_note_is_whole_in_the_first_screen(books, name, sheets):
    """The note's merged cells lie in the frozen rows within A..N, and are
    tall enough for its text wrapped at their width (Calibri's metrics)."""
    for sheet in sheets:
        ws = books[name][sheet]
        notes = [(r1, c1, r2, c2) for r1, c1, r2, c2 in _merged(ws) if r2 <= 2]
        assert len(notes) == 1, sheet
        r1, c1, r2, c2 = notes[0]
        assert c2 <= FIRST_SCREEN_COLS, sheet
        cell = ws.cell(r1, c1)
        text, size = cell.value, cell.font.sz
        assert cell.alignment.wrap_text and len(text) > 100, sheet
        width = sum(_width(ws, c) for c in range(c1, c2 + 1))
        height = sum(_height(ws, r) for r in range(r1, r2 + 1))
        assert height >= wrapped_lines(text, width, size) * line_height(size), sheet


@pytest.mark.parametrize("name", NAMES)
def test_every_number_has_a_number_format(books, name):
    """No number is shown in the General format (which shows as many
    digits as fit, so columns of them run together)."""
    general = []
    for ws in books[name].worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool) \
                        and cell.number_format == "General":
                    general.append(f"{ws.title}!{cell.coordinate}")
    assert general == []


def test_history_columns_format_the_rows_the_macros_write(books):
    """Run writes the history rows after the file is made: their columns
    carry the number formats (an empty cell takes its column's format)."""
    ws = books["graddesc.xlsm"]["adam_ann"]
    header = next(c for c in ws[3] if c.value == "epoch").column
    formats = [_column(ws, header + i).number_format for i in range(5)]
    assert formats[0] == "0" and "General" not in formats


def _occupied(ws) -> set[tuple[int, int]]:
    taken = {(c.row, c.column) for row in ws.iter_rows() for c in row if c.value is not None}
    for r1, c1, r2, c2 in _merged(ws):
        taken |= {(r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)}
    return taken


@pytest.mark.parametrize("name", NAMES)
def test_labels_do_not_run_into_their_neighbours_and_numbers_fit(books, name):
    """A text wider than its cell spills into empty cells only (to the
    right, or to the left when right-aligned), never under a neighbour's
    value; a number, as its format shows it, fits its column (else Excel
    shows ###).  Merged, wrapped notes are sized by the test above."""
    problems = []
    for ws in books[name].worksheets:
        taken = _occupied(ws)
        merged = {(r, c) for r1, c1, r2, c2 in _merged(ws)
                  for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)}
        last_col = ws.max_column + 1
        for row in ws.iter_rows():
            for cell in row:
                where = f"{ws.title}!{cell.coordinate}"
                if cell.value is None or (cell.row, cell.column) in merged:
                    continue
                if isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool):
                    shown = format_number(float(cell.value), cell.number_format)
                    if text_width(shown, bold=bool(cell.font.b)) > _width(ws, cell.column):
                        problems.append(f"{where}: {shown} does not fit")
                    continue
                if not isinstance(cell.value, str) or cell.alignment.wrap_text:
                    continue
                need = text_width(cell.value, cell.font.sz or 11, bool(cell.font.b))
                step = -1 if cell.alignment.horizontal == "right" else 1
                room, col = _width(ws, cell.column), cell.column + step
                while room < need and 1 <= col <= last_col and (cell.row, col) not in taken:
                    room += _width(ws, col)
                    col += step
                if room < need and col <= last_col and col >= 1:
                    problems.append(f"{where}: {cell.value!r} runs into "
                                    f"{get_column_letter(col)}{cell.row}")
    assert problems == []


def test_the_macro_free_book_prints_landscape_one_page_wide(built):
    """Every sheet of graddesc.xlsx: landscape, fit to one page wide and as
    many tall as it takes (fitToWidth defaults to 1), header rows repeated
    on the optimiser sheets; read from the parts as written."""
    with zipfile.ZipFile(built / "graddesc.xlsx") as z:
        parts = _sheet_parts(z)
        workbook = z.read("xl/workbook.xml").decode()
        for sheet, part in parts.items():
            root = ElementTree.fromstring(z.read(part))
            setup = root.find("m:pageSetup", NS)
            fit = root.find("m:sheetPr/m:pageSetUpPr", NS)
            assert setup is not None and fit is not None, sheet
            assert setup.get("orientation") == "landscape", sheet
            assert setup.get("fitToWidth", "1") == "1" and setup.get("fitToHeight") == "0", sheet
            assert fit.get("fitToPage") == "1", sheet
    for sheet in OPTIMISERS:
        assert re.search(rf'name="_xlnm.Print_Titles" localSheetId="\d+">{sheet}!\$1:\$3<',
                         workbook), sheet


def _chart_axes(z: zipfile.ZipFile, sheet_part: str) -> list[dict]:
    """Each chart's value axis of a sheet: {"log": base or None, "min", "max"}."""
    out = []
    for drawing in (t for t in _rels(z, sheet_part).values() if "/drawings/drawing" in t):
        for chart in (t for t in _rels(z, drawing).values() if "/charts/" in t):
            root = ElementTree.fromstring(z.read(chart))
            for ax in root.iter(f"{{{NS['c']}}}valAx"):
                scaling = ax.find("c:scaling", NS)
                get = {k: scaling.find(f"c:{k}", NS) for k in ("logBase", "min", "max")}
                out.append({k: float(v.get("val")) if v is not None else None
                            for k, v in get.items()})
    return out


def test_the_summarys_log_axis_shows_every_value(built, books):
    ws = books["graddesc.xlsx"]["summary"]
    values = [c.value for row in ws.iter_rows(min_row=4, min_col=2, max_col=6) for c in row
              if isinstance(c.value, float)]
    assert len(values) == 5 * 26
    with zipfile.ZipFile(built / "graddesc.xlsx") as z:
        (axis,) = _chart_axes(z, _sheet_parts(z)["summary"])
    assert axis["logBase"] == 10
    assert axis["min"] <= min(values) and max(values) <= axis["max"]
    assert axis["min"] > min(values) / 10 and axis["max"] < max(values) * 10  # a decade at most
    with zipfile.ZipFile(built / "graddesc.xlsm") as z:  # filled by Run: the axis follows
        (axis,) = _chart_axes(z, _sheet_parts(z)["summary"])
    assert axis == {"logBase": 10, "min": None, "max": None}


def test_the_xlsm_summary_hides_the_epochs_not_run(built, books):
    """Before Run the summary's formulas give #N/A (so the chart leaves the
    epochs out): a conditional format on errors shows them as nothing."""
    ws = openpyxl.load_workbook(built / "graddesc.xlsm")["summary"]
    assert ws["C10"].value.startswith("=IF(") and "NA()" in ws["C10"].value
    assert books["graddesc.xlsm"]["summary"]["C10"].value == "#N/A"
    rules = [(str(rng.sqref), rule) for rng in ws.conditional_formatting for rule in rng.rules]
    last = get_column_letter(1 + len(OPTIMISERS))  # one column per optimiser sheet
    assert any(rule.type == "containsErrors" and sqref == f"B4:{last}103"
               and rule.dxf.font.color.rgb.endswith("FFFFFF") for sqref, rule in rules)


def test_the_summarys_sentences_state_the_files_numbers(books):
    """The teaching sentences of graddesc.xlsx's summary, against the
    history tables of the same file (each computed live by its formulas)."""
    wb = books["graddesc.xlsx"]
    text = wb["summary"]["A2"].value
    history = {}
    for sheet in OPTIMISERS:
        ws = wb[sheet]
        col = next(c for c in ws[3] if c.value == "epoch").column
        history[sheet] = [[ws.cell(r, col + i).value for i in range(5)]
                          for r in range(4, ws.max_row + 1) if ws.cell(r, col).value is not None]
    for sheet, rows in history.items():
        error = rows[-1][3]
        shown = f"{error:.0f}" if error >= 10 else f"{error:.2g}"
        assert f"{sheet} {shown}" in text, sheet
    adam = history["adam"]
    assert adam[-1][3] == max(h[-1][3] for h in history.values())
    assert "Plain Adam at learn = 1 is the worst" in text
    assert (adam[-2][2] - 2) * (adam[-1][2] - 2) < 0  # a on either side of 2
    assert f"at {adam[-2][2]:.2f} and {adam[-1][2]:.2f}" in text
    ann = history["adam_ann"]
    cuts = [f"{e:.0f}" for (e, *_, lr), before in zip(ann[1:], ann) if lr < before[4]]
    assert f"after epochs {', '.join(cuts[:-1])} and {cuts[-1]}" in text
    assert f"to {ann[-1][4]:g}" in text


def test_plain_labels_in_the_macro_free_book(books):
    """The blocks' labels say what each epoch starts from in the sheet's
    words, not the engine's (no "<-", no calculation modes)."""
    for sheet in OPTIMISERS:
        ws = books["graddesc.xlsx"][sheet]
        labels = [c.value for c in ws["A"] if isinstance(c.value, str)
                  and (c.value.startswith("epoch ") or c.value.startswith("Reset"))]
        assert labels and all("<-" not in t and "calculation" not in t for t in labels), sheet
        assert sum(t.startswith("epoch ") for t in labels) == 26, sheet


def test_headers_on_every_column_of_the_optimiser_sheets(books):
    """Every column of the table has a header: row 3, or row 2 above a state
    column (whose row 3 holds the state carried in)."""
    for name in ("graddesc.xlsm", "graddesc.xlsx"):
        for sheet in OPTIMISERS:
            ws = books[name][sheet]
            for col in range(1, ws.max_column + 1):
                if ws.cell(5, col).value is None and ws.cell(6, col).value is None:
                    continue  # not a column of the table
                header = [ws.cell(r, col).value for r in (2, 3)]
                assert any(isinstance(h, str) for h in header), \
                    f"{name} {sheet}!{get_column_letter(col)}"
    ws = books["entropy.xlsx"]["entropy"]
    assert all(isinstance(ws.cell(1, c).value, str) for c in range(2, 6))


def test_labels_of_zero_and_one_show_as_integers(books):
    ws = books["entropy.xlsx"]["log_entropy"]
    for col in "BCH":
        assert {ws[f"{col}{r}"].number_format for r in range(2, 7)} == {"0"}
    assert books["entropy.xlsx"]["entropy"]["C9"].number_format == "0"
