"""Render the first screen of every sheet of the built workbooks as PDF pages
(run with the system python that has ``uno``; docs/screenshot.sh calls it).

Usage: /usr/bin/python3 docs/render_sheets.py OUT_DIR BOOK.xlsx [BOOK.xlsm ...]

For each book a private headless LibreOffice (:mod:`_uno_office`) opens a
copy, gives every sheet a page the size of a laptop's grid area at 100% zoom
(34 x 16 cm: about columns A..N and 30 rows, gridlines and row/column
headers on, as on screen), sets the print area to what fits on that page,
makes buttons and charts printable, and exports the book as OUT_DIR/BOOK.pdf:
page i is sheet i's first screen.  Prints "BOOK.pdf sheet1 sheet2 ..." per
book.  The saved books are not changed (macros are not run).
"""
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "sheetgd" / "io"))
from _uno_office import Office, props  # noqa: E402  (imports nothing from sheetgd)

PAGE_W, PAGE_H = 34000, 16000  # 1/100 mm: a laptop screen's grid area
MARGIN = 300


def _fit(sizes, room):
    """How many of ``sizes`` (column widths or row heights) fit in ``room``."""
    used, n = 0, 0
    for size in sizes:
        if used + size > room:
            break
        used, n = used + size, n + 1
    return max(n, 1)


def render(desktop, book: Path, out_dir: Path) -> list[str]:
    doc = desktop.loadComponentFromURL(book.resolve().as_uri(), "_blank", 0,
                                       props(Hidden=True, ReadOnly=True))
    if doc is None:
        raise RuntimeError("LibreOffice could not load %s" % book)
    names = []
    try:
        styles = doc.StyleFamilies.getByName("PageStyles")
        sheets = doc.Sheets
        for i in range(sheets.Count):
            sheet = sheets.getByIndex(i)
            names.append(sheet.Name)
            style_name = "render_%d" % i
            style = doc.createInstance("com.sun.star.style.PageStyle")
            styles.insertByName(style_name, style)
            style = styles.getByName(style_name)
            for key, value in (("Width", PAGE_W), ("Height", PAGE_H), ("IsLandscape", True),
                               ("LeftMargin", MARGIN), ("RightMargin", MARGIN),
                               ("TopMargin", MARGIN), ("BottomMargin", MARGIN),
                               ("HeaderIsOn", False), ("FooterIsOn", False),
                               ("PrintGrid", True), ("PrintHeaders", True),
                               ("PrintCharts", True), ("PrintDrawing", True),
                               ("PrintObjects", True), ("PageScale", 100)):
                style.setPropertyValue(key, value)
            sheet.PageStyle = style_name
            cols = [sheet.Columns.getByIndex(c).Width for c in range(60)]
            rows = [sheet.Rows.getByIndex(r).Height for r in range(120)]
            header_w, header_h = 900, 450  # the printed row numbers and column letters
            slack = 600  # a column that only just fits spills onto a page of its own
            n_cols = _fit(cols, PAGE_W - 2 * MARGIN - header_w - slack)
            n_rows = _fit(rows, PAGE_H - 2 * MARGIN - header_h - slack)
            area = sheet.getCellRangeByPosition(0, 0, n_cols - 1, n_rows - 1).RangeAddress
            sheet.setPrintAreas((area,))
            sheet.setTitleRows(sheet.getCellRangeByPosition(0, 0, 0, 0).RangeAddress)
            sheet.setPrintTitleRows(False)
            page = sheet.DrawPage
            for k in range(page.Count):
                shape = page.getByIndex(k)
                for target in (shape, getattr(shape, "Control", None)):
                    try:
                        target.setPropertyValue("Printable", True)
                    except Exception:
                        pass
        pdf = out_dir / (book.stem + book.suffix.replace(".", "_") + ".pdf")
        doc.storeToURL(pdf.resolve().as_uri(), props(FilterName="calc_pdf_Export",
                                                      Overwrite=True))
    finally:
        doc.close(True)
    return [pdf.name] + names


def main(argv):
    if len(argv) < 3:
        sys.exit("usage: render_sheets.py OUT_DIR BOOK...")
    out_dir = Path(argv[1])
    office = Office(shutil.which("soffice") or "soffice", tag="render")
    try:
        office.start(120)
        for book in argv[2:]:
            print(" ".join(render(office.desktop, Path(book), out_dir)), flush=True)
    finally:
        office.close()


if __name__ == "__main__":
    main(sys.argv)
