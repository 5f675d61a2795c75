"""The files ``sheetgd build`` writes: read back, recomputed by LibreOffice,
macros run by LibreOffice, VBA decoded by olevba, and the committed copies
in workbooks/ are up to date."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest

from sheetgd.books.graddesc import ONE_CYCLE_SHEETS, OPTIMISERS, build
from sheetgd.books.macros import runner_for
from sheetgd.books.parity import PARITY_SHEETS
from sheetgd.engine.functions import FILE_PREFIXES
from sheetgd.engine.nodes import render
from sheetgd.engine import XLError
from sheetgd.io.compare import same_cells
from sheetgd.products import StaleFileError, build_products, products

from .conftest import needs_libreoffice, zip_parts

WORKBOOKS = Path(__file__).parent.parent / "workbooks"
NAMES = ("graddesc.xlsx", "graddesc.xlsm", "entropy.xlsx")


@pytest.fixture(scope="module")
def built(default_books):
    """The default books (tests/conftest.py), shared read-only: all four files."""
    assert sorted(p.name for p in default_books.iterdir()) == [
        "entropy.xlsx", "graddesc.bas", "graddesc.xlsm", "graddesc.xlsx"]
    return default_books


@pytest.fixture(scope="module")
def made():
    return {p.name: p for p in products()}


def _cached_equal(file_value, engine_value) -> bool:
    if isinstance(engine_value, XLError):
        return file_value == engine_value.kind
    if isinstance(engine_value, bool):
        return file_value is engine_value
    return file_value == engine_value


@pytest.mark.parametrize("name", NAMES)
def test_read_back_formulas_and_cached_values(built, made, name):
    product = made[name]
    formulas = openpyxl.load_workbook(built / name)
    values = openpyxl.load_workbook(built / name, data_only=True)
    assert formulas.sheetnames == product.book.sheet_names
    checked = 0
    for key in product.book.formula_cells():
        sheet, r, c = key
        cell = product.book.sheet(sheet).cells[(r, c)]
        want = "=" + render(cell.node, r, c, FILE_PREFIXES)
        got = formulas[sheet].cell(r, c).value
        assert got == want, f"{sheet}!{r},{c}"
        cached = values[sheet].cell(r, c).value
        value = product.book.stored(sheet, r, c)
        if value == "":  # an empty text result (lr_find's slope): openpyxl reads None
            continue
        assert cached is not None, f"{sheet}!{r},{c} has no cached value"
        assert _cached_equal(cached, value), (sheet, r, c, cached, value)
        checked += 1
    assert checked >= 75  # entropy.xlsx has 75 formula cells


def test_unrolled_book_holds_the_run_loop(built):
    """graddesc.xlsx's history tables = the engine's run loop, all 25 epochs."""
    values = openpyxl.load_workbook(built / "graddesc.xlsx", data_only=True)
    live = build()
    for sheet in OPTIMISERS:
        runner = runner_for(live, sheet)
        runner.run(25, reset=True)
        ws = values[sheet]
        header = next(c for c in ws[3] if c.value == "epoch")
        col = header.column
        assert ws.cell(4 + 26, col).value is None  # 25 epochs after epoch 0, no more
        got = [[ws.cell(r, col + i).value for i in range(5)] for r in range(4, 30)]
        want = [[float(rec.epoch), rec.b, rec.a, rec.error, rec.lr] for rec in runner.records]
        assert got == want, sheet


def test_layout_charts_and_notes(built):
    for name in NAMES:
        with zipfile.ZipFile(built / name) as z:
            charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
        expected = {"graddesc.xlsx": len(OPTIMISERS) + 2,  # one per sheet, summary's, lr_find's
                    "graddesc.xlsm": len(OPTIMISERS) + len(PARITY_SHEETS) + 2,
                    "entropy.xlsx": 0}[name]
        if name != "entropy.xlsx":  # one_cycle's lr, beta1 and loss per iteration
            expected += 3 * len(ONE_CYCLE_SHEETS)
        assert len(charts) == expected, name
    book = openpyxl.load_workbook(built / "graddesc.xlsx")
    assert book["adam"].freeze_panes == "C4"
    assert book["adam"].column_dimensions["C"].width > 8
    notes = [c.value for row in book["adam"].iter_rows(max_row=1, max_col=14) for c in row
             if isinstance(c.value, str) and "Change" in c.value]  # the how-to note, top left
    assert notes  # (tests/test_workbook_look.py checks every note is whole and visible)
    assert "summary" in book.sheetnames


def test_xlsm_has_the_vba_project_and_buttons(built):
    with zipfile.ZipFile(built / "graddesc.xlsm") as z:
        names = z.namelist()
        assert "xl/vbaProject.bin" in names
        workbook_xml = z.read("xl/workbook.xml").decode()
        assert 'codeName="ThisWorkbook"' in workbook_xml
        sheets_xml = "".join(z.read(n).decode() for n in names if n.startswith("xl/worksheets/sheet"))
        for sheet in OPTIMISERS:
            assert f'codeName="{sheet}"' in sheets_xml
        vml = [z.read(n).decode() for n in names if n.endswith(".vml")]
    assert any("basic.somesteps" in v for v in vml) and any("basic.reset" in v for v in vml)
    assert (built / "graddesc.bas").exists()


def test_build_leaves_equal_files_and_refuses_to_clobber(built, tmp_path):
    out = tmp_path / "w"
    shutil.copytree(built, out)
    assert [a for _, a in build_products(out)] == ["unchanged"] * 3
    book = openpyxl.load_workbook(out / "entropy.xlsx")
    book["entropy"]["C2"] = 0.75
    book.save(out / "entropy.xlsx")
    before = (out / "entropy.xlsx").read_bytes()
    with pytest.raises(StaleFileError, match="entropy.xlsx"):
        build_products(out)
    assert (out / "entropy.xlsx").read_bytes() == before  # nothing written half-way
    assert dict((p.name, a) for p, a in build_products(out, force=True))["entropy.xlsx"] == "wrote"
    assert not same_cells(out / "entropy.xlsx", built / "entropy.xlsx")
    assert not [p for p in out.iterdir() if p.name.startswith(".")]


def test_an_xlsm_whose_macros_differ_is_not_left_as_unchanged(built, tmp_path):
    """Same cells, other VBA (a program changed, or the user edited the
    macros): build refuses to replace it without --force, and rewrites it with."""
    out = tmp_path / "w"
    shutil.copytree(built, out)
    path = out / "graddesc.xlsm"
    with zipfile.ZipFile(built / "graddesc.xlsm") as src, zipfile.ZipFile(path, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            dst.writestr(item, data[:-1] + b"x" if item.filename == "xl/vbaProject.bin" else data)
    with pytest.raises(StaleFileError, match="VBA project"):
        build_products(out)
    assert dict((p.name, a) for p, a in build_products(out, force=True))["graddesc.xlsm"] == "wrote"
    assert same_cells(path, built / "graddesc.xlsm") == []


@pytest.mark.parametrize("name", NAMES)
def test_committed_workbooks_are_what_build_writes(built, name):
    committed = WORKBOOKS / name
    assert committed.exists(), f"{committed} is missing: run `make build` and commit it"
    if zip_parts(committed) == zip_parts(built / name):
        return  # the same bytes in every part: the same cells, and the same look
    assert same_cells(committed, built / name) == [], f"{committed} is stale: run `make build`"


def test_committed_bas_is_current(built):
    assert (WORKBOOKS / "graddesc.bas").read_bytes() == (built / "graddesc.bas").read_bytes()


def test_olevba_decodes_the_vba_back_to_the_bas_source(built):
    olevba = pytest.importorskip("oletools.olevba")
    from sheetgd.vba.project import split_bas

    parser = olevba.VBA_Parser(str(built / "graddesc.xlsm"))
    assert parser.detect_vba_macros()
    decoded = {}
    for _, _, vba_filename, code in parser.extract_macros():
        lines = [ln for ln in code.replace("\r\n", "\n").split("\n")
                 if not ln.startswith("Attribute VB_")]
        decoded[vba_filename.rsplit(".", 1)[0]] = "\n".join(lines).rstrip("\n") + "\n"
    parser.close()
    source = split_bas((built / "graddesc.bas").read_text())
    for name, text in source.items():
        assert decoded[name] == text, name


@needs_libreoffice
@pytest.mark.libreoffice
def test_libreoffice_recomputes_every_file_to_the_cached_values(built, made, tmp_path):
    from sheetgd.io.libreoffice import recalculate
    from sheetgd.io.xlsx_read import read_workbook
    from sheetgd.recheck import compare_with_cached

    pairs = [(built / n, tmp_path / f"lo_{n}") for n in NAMES]
    recalculate(pairs)
    for (_, out), name in zip(pairs, NAMES):
        # 1e-12 relative; and 1e-12 absolute for squared errors of a good fit,
        # (y - pred)^2 with y ~ pred ~ 30: their relative error is amplified by
        # the cancellation (measured: one cell of graddesc.xlsm at 1.06e-12 rel,
        # 1.2e-14 abs), where LibreOffice's last bits differ from Excel's order.
        report = compare_with_cached(read_workbook(out), name, rel=1e-12, abs_=1e-12)
        assert report.total("differing") == 0, (name, report.differences)
        assert report.total("matching") >= 75
        for sheet in NEW_SHEETS.get(name, ()):  # issue 18's: every formula cell compared
            counts = report.sheets[sheet]
            assert counts.matching == counts.formula_cells > 100, (name, sheet, counts)
    _libreoffices_smoothed_errors_are_the_run_loops(tmp_path / "lo_graddesc.xlsx")
    _libreoffices_one_cycle_smoothing_carries_on(tmp_path / "lo_graddesc.xlsx",
                                                 made["graddesc.xlsx"].layout)


#: The sheets issue 18 added, by the book that holds them.
NEW_SHEETS = {"graddesc.xlsx": ("wd_sgd", "wd_adam", "one_cycle", "lr_find"),
              "graddesc.xlsm": ("wd_sgd", "wd_adam", "one_cycle", "lr_find", "sgd_wd_torch",
                                "adam_l2_torch", "adamw_torch", "one_cycle_torch")}


def _libreoffices_smoothed_errors_are_the_run_loops(recalculated: Path):
    """graddesc.xlsx's smoothed error column as LibreOffice recomputed it
    equals the engine's run loop (1e-12 relative: LibreOffice's POWER and
    order of the last bits), and follows fastai's formula (numpy, as
    tests/test_smoothing.py)."""
    from sheetgd.books.graddesc import Layout
    from sheetgd.books.unrolled import DEFAULT_EPOCHS, HISTORY_ROW

    from .test_smoothing import fastai_smoothed

    values = openpyxl.load_workbook(recalculated, data_only=True)
    live = build(parity=False)
    for sheet in OPTIMISERS:
        runner = runner_for(live, sheet)
        runner.run(DEFAULT_EPOCHS, reset=True)
        ws = values[sheet]
        col = next(c for c in ws[HISTORY_ROW] if c.value == "smoothed_error").column
        got = [ws.cell(HISTORY_ROW + 1 + e, col).value for e in range(DEFAULT_EPOCHS + 1)]
        want = [rec.smoothed_error for rec in runner.records]
        assert got == pytest.approx(want, rel=1e-12), sheet
        errors = [rec.error for rec in runner.records]
        assert got == pytest.approx(fastai_smoothed(errors, 0.98), rel=1e-12), sheet
        assert ws[Layout(sheet, 29).names["smooth_beta"]].value == 0.98


def _libreoffices_one_cycle_smoothing_carries_on(recalculated: Path, layout: dict):
    """graddesc.xlsx's one_cycle as LibreOffice recomputed it: the smoothed
    loss (S) of each epoch's pass continues the passes before it, fastai's
    smoothing over every iteration laid out (plain Python, as
    tests/test_one_cycle_smoothing.py; 1e-12 relative: LibreOffice's POWER),
    and no pass starts it again."""
    from sheetgd.books import unrolled
    from sheetgd.books.graddesc import Layout

    from .test_one_cycle_smoothing import fastai_smoothed

    ws = openpyxl.load_workbook(recalculated, data_only=True)["one_cycle"]
    lay = Layout("one_cycle", 29)
    rows = [r + p.offset for p in layout["one_cycle"].epoch_passes
            for r in range(lay.first, lay.last + 1)]
    raw = [ws[f"N{r}"].value for r in rows]
    smoothed = [ws[f"S{r}"].value for r in rows]
    assert len(rows) == 29 * (unrolled.DEFAULT_EPOCHS + 1)
    assert smoothed == pytest.approx(fastai_smoothed(raw), rel=1e-12)
    assert [ws[f"U{r}"].value for r in rows] == [float(n) for n in range(1, len(rows) + 1)]


@needs_libreoffice
@pytest.mark.libreoffice
def test_libreoffice_runs_reset_and_run_like_the_engine(built, tmp_path):
    """LibreOffice opens graddesc.xlsm with macros enabled, presses Reset and
    Run on every optimiser sheet (issue 18's wd_sgd, wd_adam, one_cycle and
    their parity sheets included; lr_find has no buttons); the recorded
    epochs equal the engine's."""
    from sheetgd.io.libreoffice import recalculate

    sheets = list(OPTIMISERS) + list(PARITY_SHEETS)
    assert set(NEW_SHEETS["graddesc.xlsm"]) - {"lr_find"} <= set(sheets)
    macros = [f"VBAProject.{s}.{m}" for s in sheets for m in ("reset", "somesteps")]
    out = tmp_path / "ran.xlsm"
    recalculate([(built / "graddesc.xlsm", out)], macros=macros)
    values = openpyxl.load_workbook(out, data_only=True)
    live = build()
    for sheet in sheets:
        runner = runner_for(live, sheet)
        runner.run(5, reset=True)
        ws = values[sheet]
        col = next(c for c in ws[3] if c.value == "epoch").column
        fields = runner.program.history_fields  # the weight decay sheets' decoupled columns too
        got = [[ws.cell(r, col + i).value for i in range(len(fields))] for r in range(4, 10)]
        want = [[float(getattr(rec, f)) for f in fields] for rec in runner.records]
        assert ws.cell(10, col).value is None, sheet
        for g, w in zip(got, want):
            assert g == pytest.approx(w, rel=1e-12), sheet
        if sheet == "one_cycle":  # the smoothed loss, its average and count, carried on by Run
            cells = [f"{c}{r}" for c in "STU" for r in range(4, 33)] + ["T33", "U33"]
            assert [ws[c].value for c in cells] == \
                pytest.approx([live.value(f"one_cycle!{c}") for c in cells], rel=1e-12)
            assert ws["U4"].value == 5 * 29 + 1  # the sixth epoch's first iteration
