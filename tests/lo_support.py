"""Building test workbooks for LibreOffice to recalculate.

Workbooks are written with openpyxl (formulas only, no cached values) and
then recalculated and saved by LibreOffice headless, which caches its own
values: those are the reference ``sheetgd eval`` compares against.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.formula import ArrayFormula

from sheetgd.engine.functions import FILE_PREFIXES
from sheetgd.engine.nodes import render
from sheetgd.engine.parser import parse

from .function_cases import family_differences

#: Where LibreOffice and Excel disagree on the function table (tests in
#: test_functions.py); sheetgd follows Excel.  docs/compatibility.md explains
#: each.  Keys are the table's formulas, values the reason.
KNOWN_LIBREOFFICE_DIFFERENCES = {
    "=SUM(A1:B5)": "boolean cell counted as 1",
    "=COUNT(A1:B5)": "boolean cell counted as a number",
    "=SUMPRODUCT(B1:B5)": "boolean cell counted as 1",
    "=SUM(1,TRUE,\"3\")": "text argument is #VALUE! in LibreOffice",
    "=SQRT(-1)": "invalid argument saved as #VALUE!",
    "=SUMSQ(C2)": "invalid argument saved as #VALUE!",
    "=LN(0)": "invalid argument saved as #VALUE!",
    "=LN(-1)": "invalid argument saved as #VALUE!",
    "=LOG(0)": "invalid argument saved as #VALUE!",
    "=LOG(10,1)": "invalid argument saved as #VALUE!",
    "=LOG(10,-2)": "invalid argument saved as #VALUE!",
    "=LOG10(-5)": "invalid argument saved as #VALUE!",
    "=MAX(A1,C2)": "invalid argument saved as #VALUE!",
    "=MEDIAN(B1)": "invalid argument saved as #VALUE!",
    "=IFERROR(1/0,SQRT(-1))": "invalid argument saved as #VALUE!",
    "=OR(C2,TRUE)": "invalid argument saved as #VALUE!",
    "=MATCH(1,A1:B2)": "invalid argument saved as #VALUE!",
    "=INDEX(F1:F4,5)": "invalid argument saved as #VALUE!",
    "=OFFSET(A1,-1,0)": "invalid argument saved as #VALUE!",
    "=OFFSET(A1,0,0,0,1)": "invalid argument saved as #VALUE!",
    "=POWER(0,0)": "0^0 is 1 in LibreOffice",
    "=POWER(0,-1)": "0^-1 is #NUM! in LibreOffice",
    "=POWER(-8,1/3)": "odd roots of negative numbers are real in LibreOffice",
    **family_differences(),  # each family's own (tests/function_cases/)
}

#: Data cells of the function table whose own formulas differ in LibreOffice.
KNOWN_DIFFERENT_DATA_CELLS = {"C2": "=SQRT(-1) saved as #VALUE!"}


def file_formula(text: str, row: int, col: int) -> str:
    """Formula text as a file stores it (``_xlfn.`` prefixes added)."""
    return "=" + render(parse(text, row, col), row, col, FILE_PREFIXES)


def write_table_workbook(path: Path, cases, data: dict, column: int = 26) -> dict:
    """Sheet ``s`` with ``data`` and one case formula per row in ``column``.

    Returns {address on sheet s: formula as written in the table}.
    """
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "s"
    book.create_sheet("data")
    for addr, value in data.items():
        ws[addr] = file_formula(value, ws[addr].row, ws[addr].column) \
            if isinstance(value, str) and value.startswith("=") else value
    where = {}
    for row, (formula, _) in enumerate(cases, start=1):
        ws.cell(row, column, file_formula(formula, row, column))
        where[ws.cell(row, column).coordinate] = formula
    book.save(path)
    return where


LESSON_LOG_ENTROPY = {  # docs/workbooks.md, sheet log_entropy (rows 2..6)
    "B": [1, 1, 0, 0, 1],
    "D": [0.5, 0.98, 0.9, 0.5, 0.9],
    "C": "=1-B{r}", "E": "=LOG(D{r})", "F": "=LOG(1-D{r})", "G": "=-B{r}*E{r}-C{r}*F{r}",
    "H": "=MATCH(1,B{r}:C{r})", "I": "=OFFSET(D{r},0,H{r})",
}


def write_features_workbook(path: Path) -> None:
    """Names of both scopes, array formulas, and the lesson's log_entropy sheet."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "log_entropy"
    for col, header in zip("BCDEFGHI", ["isCat", "isDog", "Preds", "logPredCat", "logPredDog",
                                         "NLL", "idx", "idxPred"]):
        ws[f"{col}1"] = header
    for i, r in enumerate(range(2, 7)):
        ws[f"B{r}"] = LESSON_LOG_ENTROPY["B"][i]
        ws[f"D{r}"] = LESSON_LOG_ENTROPY["D"][i]
        for col in "CEFGHI":
            ws[f"{col}{r}"] = LESSON_LOG_ENTROPY[col].format(r=r)
    ws["G8"] = "=SUM(G2:G6)"
    ws["J2"] = "=lr*2"
    ws["J3"] = "=rate+1"
    ws["J4"] = "=SUM(pair)"
    ws["J5"] = ArrayFormula("J5", "=SUM(B2:B6*D2:D6)")
    ws["K2"] = ArrayFormula("K2:K6", "=D2:D6*10")
    ws["L2"] = 0.25
    other = book.create_sheet("my sheet")
    other["A1"] = 4
    other["A2"] = "=lr*2"
    other["A3"] = "='log_entropy'!G8+'my sheet'!A1"
    other["A4"] = "=SUMPRODUCT((log_entropy!B2:B6=1)*log_entropy!D2:D6)"
    ws.defined_names["lr"] = DefinedName("lr", attr_text="log_entropy!$L$2")
    other.defined_names["lr"] = DefinedName("lr", attr_text="'my sheet'!$A$1")
    book.defined_names["rate"] = DefinedName("rate", attr_text="log_entropy!$D$3")
    book.defined_names["pair"] = DefinedName("pair", attr_text="log_entropy!$B$2:$C$3")
    book.save(path)
