"""Writing an engine :class:`Workbook` to .xlsx with XlsxWriter.

Every formula cell carries its computed value (openpyxl cannot write cached
values; XlsxWriter can), so viewers that never recalculate show numbers.
Formula text is regenerated from the AST for each cell, with the ``_xlfn.``
prefixes newer functions need in files.  The file is written to a temporary
name in the target folder and renamed into place: a failure never leaves a
half-written workbook behind.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import xlsxwriter

from ..engine import EMPTY, Workbook, XLError
from ..engine.errors import XLSX_KINDS
from ..engine.functions import FILE_PREFIXES
from ..engine.nodes import render
from ..engine.refs import quote_sheet


class ExactWorksheet(xlsxwriter.worksheet.Worksheet):
    """A worksheet that writes numbers so that they read back bit for bit.

    XlsxWriter writes number cells with ``%.16G``, which loses the last bit
    of some doubles (1.2610777567972657 becomes 1.261077756797266); Excel
    writes up to 17 significant digits.  Python's ``repr`` is the shortest
    text that round-trips, so a saved run continues exactly like the live one.
    """

    def _xml_number_element(self, number, attributes=[]):  # noqa: B006 (XlsxWriter's signature)
        attr = "".join(f' {k}="{self._escape_attributes(v)}"' for k, v in attributes)
        self.fh.write(f"<c{attr}><v>{float(number)!r}</v></c>")


def _cached(value):
    """A computed value as XlsxWriter stores it beside a formula."""
    if isinstance(value, XLError):
        return value.kind if value.kind in XLSX_KINDS else "#VALUE!"
    if value is EMPTY:
        return ""
    return value


def _write_constant(ws, row, col, value):
    if value is EMPTY or value is None:
        return
    if isinstance(value, bool):
        ws.write_boolean(row, col, value)
    elif isinstance(value, float):
        ws.write_number(row, col, value)
    elif isinstance(value, XLError):
        ws.write_formula(row, col, f"={value.kind}", None, _cached(value))
    else:
        ws.write_string(row, col, str(value))


def write_sheets(book: Workbook, target: xlsxwriter.Workbook, widths=None):
    """Write every sheet and defined name of ``book`` into an open XlsxWriter book."""
    for name in book.sheet_names:
        ws = target.add_worksheet(name, worksheet_class=ExactWorksheet)
        for col, width in (widths or {}).get(name, {}).items():
            ws.set_column(f"{col}:{col}", width)
        written_groups = set()
        for (r, c), cell in sorted(book.sheet(name).cells.items()):
            if cell.group is not None:
                group = cell.group
                if id(group) in written_groups:
                    continue
                written_groups.add(id(group))
                a = group.area
                text = "=" + render(group.node, a.row1, a.col1, FILE_PREFIXES)
                ws.write_array_formula(a.row1 - 1, a.col1 - 1, a.row2 - 1, a.col2 - 1,
                                       "{" + text + "}", None, _cached(cell.value))
            elif cell.node is not None:
                text = "=" + render(cell.node, r, c, FILE_PREFIXES)
                ws.write_formula(r - 1, c - 1, text, None, _cached(cell.value))
            else:
                _write_constant(ws, r - 1, c - 1, cell.value)
    for defined in book.names:
        label = f"{quote_sheet(defined.scope)}!{defined.name}" if defined.scope else defined.name
        target.define_name(label, "=" + defined.text)


def write_xlsx(book: Workbook, path, widths=None) -> Path:
    """Write ``book`` to ``path`` atomically (temporary file, then rename)."""
    path = Path(path)
    if not path.parent.is_dir():
        raise FileNotFoundError(f"{path.parent}: no such folder")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=path.suffix, dir=path.parent)
    os.close(fd)
    try:
        target = xlsxwriter.Workbook(tmp, {"strings_to_numbers": False,
                                           "strings_to_formulas": False,
                                           "strings_to_urls": False})
        write_sheets(book, target, widths)
        target.close()
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
