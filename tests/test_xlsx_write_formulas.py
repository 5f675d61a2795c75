"""How :mod:`sheetgd.io.xlsx_write` stores formula cells: the text a file
holds (read back by openpyxl, a reader of its own) and the cached value
(read back by sheetgd)."""

from __future__ import annotations

import openpyxl
import pytest

import sheetgd
from sheetgd.io.xlsx_write import write_xlsx
from tests.conftest import make_book

#: Formulas whose text ends in an array constant.  XlsxWriter's own
#: preparation strips a trailing "}" (meant for "{=...}" array formulas),
#: so these were saved as "1+{1,2" and the like: files no reader can parse.
#: The values are Excel's: an array constant's first element at the anchor
#: (the rest spill), SUM(1, 2) * 3 = 9.
ENDING_IN_BRACES = [("=1+{1,2}", 2.0), ("=SUM(A1:A2)*{3}", 9.0), ("=A1:A2*{1;2}", 1.0),
                    ('=A1&{"}"}', "1}"), ("=SORT({3;1;2})+{1}", 2.0)]


def _text(cell) -> str:
    value = cell.value
    return value.text if hasattr(value, "text") else value  # an array formula's text


@pytest.mark.parametrize(("formula", "excel"), ENDING_IN_BRACES)
def test_a_formula_ending_in_an_array_constant_is_saved_whole(tmp_path, formula, excel):
    book = make_book({"A1": 1.0, "A2": 2.0, "D5": formula})
    path = write_xlsx(book, tmp_path / "braces.xlsx")
    saved = _text(openpyxl.load_workbook(path)["s"]["D5"])
    assert saved.lstrip("=") == formula.lstrip("=").replace("SORT(", "_xlfn._xlws.SORT(")
    again = sheetgd.load(path)
    assert again.formula("s!D5") == formula
    assert again.value("s!D5") == excel
