"""Render the charts of chosen sheets of a built workbook as PNG images (run
with the system python that has ``uno``; docs/screenshot.sh calls it).

Usage: /usr/bin/python3 docs/render_charts.py OUT_DIR BOOK SHEET [SHEET ...]

A private headless LibreOffice (:mod:`_uno_office`) opens a copy of BOOK and
exports each chart of each chosen sheet, as LibreOffice draws it, with its
graphic export filter: OUT_DIR/BOOK_EXT_SHEET_chartN.png (N from 1, in the
sheet's drawing order).  Prints the files written, one a line.  The saved
book is not changed (macros are not run).
"""
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "sheetgd" / "io"))
from _uno_office import Office, props  # noqa: E402  (imports nothing from sheetgd)

CHART = "com.sun.star.drawing.OLE2Shape"


def render(desktop, smgr, ctx, book: Path, chosen: list, out_dir: Path) -> list:
    doc = desktop.loadComponentFromURL(book.resolve().as_uri(), "_blank", 0,
                                       props(Hidden=True, ReadOnly=True))
    if doc is None:
        raise RuntimeError("LibreOffice could not load %s" % book)
    written = []
    try:
        export = smgr.createInstanceWithContext("com.sun.star.drawing.GraphicExportFilter", ctx)
        stem = book.stem + book.suffix.replace(".", "_")
        for name in chosen:
            page = doc.Sheets.getByName(name).DrawPage
            n = 0
            for k in range(page.Count):
                shape = page.getByIndex(k)
                if not shape.supportsService(CHART):
                    continue
                n += 1
                png = out_dir / ("%s_%s_chart%d.png" % (stem, name, n))
                export.setSourceDocument(shape)
                export.filter(props(URL=png.resolve().as_uri(), MediaType="image/png"))
                written.append(str(png))
    finally:
        doc.close(True)
    return written


def main(argv):
    if len(argv) < 4:
        sys.exit("usage: render_charts.py OUT_DIR BOOK SHEET...")
    office = Office(shutil.which("soffice") or "soffice", tag="charts")
    try:
        office.start(120)
        for png in render(office.desktop, office.ctx.ServiceManager, office.ctx, Path(argv[2]),
                          argv[3:],
                          Path(argv[1])):
            print(png, flush=True)
    finally:
        office.close()


if __name__ == "__main__":
    main(sys.argv)
