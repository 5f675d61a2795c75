"""The generated books, cell by cell, against docs/workbooks.md (the spec).

Expected formulas are typed in from the spec for row 4 and filled down by a
small regex here (independent of the engine's renderer)."""

from __future__ import annotations

import re

import pytest

from sheetgd.books.entropy import LESSON_LOGITS, LESSON_SHIFTED
from sheetgd.books.entropy import build as build_entropy
from sheetgd.books.graddesc import build

from .reference_loops import LESSON_X

_REF = re.compile(r"(?<![A-Za-z0-9_.$])(\$?)([A-Z]{1,3})(\$?)(\d+)(?![\d(A-Za-z_])")


def fill(formula: str, row: int, start: int = 4) -> str:
    """The spec's row-``start`` formula as Excel's fill-down writes it in ``row``."""
    def move(m):
        col_abs, col, row_abs, r = m.groups()
        r = int(r) if row_abs else int(r) + row - start
        return f"{col_abs}{col}{row_abs}{r}"
    return _REF.sub(move, formula)


@pytest.fixture(scope="module")
def book():
    return build()


def formula(book, addr):
    return book.formula(addr)


def test_fill_helper():
    assert fill("=J3*$J$1+$K$1*F4", 5) == "=J4*$J$1+$K$1*F5"


DATA_ROWS = range(4, 33)

BASIC = {"E": "=C4+D4*A4", "F": "=(B4-E4)^2", "G": "=(((C4+0.01)+A4*D4)-B4)^2",
         "H": "=(G4-F4)/0.01", "I": "=(((D4+0.01)*A4+C4)-B4)^2", "J": "=(I4-F4)/0.01",
         "K": "=2*(E4-B4)", "L": "=K4*A4", "M": "=D4-L4*$F$1", "N": "=C4-K4*$F$1"}
COMMON = {"E": "=C4+D4*A4", "F": "=2*(D4*A4+C4-B4)", "G": "=F4*A4"}
MOMENTUM = {**COMMON, "H": "=C4-J4*$D$2", "I": "=D4-K4*$D$2", "J": "=J3*$J$1+$K$1*F4",
            "K": "=K3*$J$1+$K$1*G4", "L": "=(B4-E4)^2"}
RMSPROP = {**COMMON, "H": "=C4-F4*$D$2/SQRT(J3)", "I": "=D4-G4*$D$2/SQRT(K3)",
           "J": "=J3*$J$1+$K$1*F4^2", "K": "=K3*$J$1+$K$1*G4^2"}
ADAM = {**COMMON, "H": "=C4-J4*$D$2/SQRT(L4)", "I": "=D4-K4*$D$2/SQRT(M4)",
        "J": "=J3*$J$1+$K$1*F4", "K": "=K3*$J$1+$K$1*G4",
        "L": "=L3*$L$1+$M$1*F4^2", "M": "=M3*$L$1+$M$1*G4^2"}


@pytest.mark.parametrize("sheet,columns,carry", [
    ("basic", BASIC, ("N", "M")), ("momentum", MOMENTUM, ("H", "I")),
    ("rmsprop", RMSPROP, ("H", "I")), ("adam", ADAM, ("H", "I")), ("adam_ann", ADAM, ("H", "I"))])
def test_filled_down_formulas(book, sheet, columns, carry):
    for r in DATA_ROWS:
        for col, f in columns.items():
            assert formula(book, f"{sheet}!{col}{r}") == fill(f, r), f"{sheet}!{col}{r}"
        if r == 4:
            assert formula(book, f"{sheet}!C4") == "=C1" and formula(book, f"{sheet}!D4") == "=C2"
        else:
            assert formula(book, f"{sheet}!C{r}") == f"={carry[0]}{r - 1}"
            assert formula(book, f"{sheet}!D{r}") == f"={carry[1]}{r - 1}"
        assert book.value(f"{sheet}!A{r}") == LESSON_X[r - 4]
        assert book.value(f"{sheet}!B{r}") == 2 * LESSON_X[r - 4] + 30


def test_data_sheet(book):
    assert book.value("data!A1:C2") == [["b", "const", 30.0], ["a", "slope", 2.0]]
    assert book.value("data!B4:C4") == [["x", "y"]]
    for r in range(5, 34):
        assert formula(book, f"data!B{r}") == "=RANDBETWEEN(1,100)"
        assert formula(book, f"data!C{r}") == f"=$C$1+B{r}*$C$2"


def test_basic_labels_summary_and_history(book):
    assert book.value("basic!B1:C2") == [["intercept", 1.0], ["slope", 1.0]]
    assert book.value("basic!E1:F1") == [["learn", 0.0001]]
    assert book.value("basic!I1") == "de/db=2(ax+b-y)"
    assert book.value("basic!H2:I2") == [["e=(ax+b-y)^2", "de/da=x*2(ax+b-y)"]]
    assert book.value("basic!A3:N3") == [["x", "y", "intercept", "slope", "y_pred", "err^2",
                                          "errb1", "est de/db", "erra1", "est de/da", "de/db",
                                          "de/da", "new a", "new b"]]
    assert book.value("basic!E33") == "rmse"
    assert formula(book, "basic!F33") == "=SQRT(SUM(F4:F32))"
    assert formula(book, "basic!K33") == "=SQRT(SUMSQ(K4:K32))"
    assert formula(book, "basic!L33") == "=SQRT(SUMSQ(L4:L32))"
    assert book.value("basic!C36:C37") == [["Paste error here:"], ["rmse"]]


def test_optimiser_headers_and_constants(book):
    headers = [["x", "y", "b", "a", "pred", "de/db", "de/da", "new b", "new a"]]
    for sheet in ("momentum", "rmsprop", "adam", "adam_ann"):
        assert book.value(f"{sheet}!A3:I3") == headers
        assert book.value(f"{sheet}!B1:B2") == [["b"], ["a"]]
        assert book.value(f"{sheet}!D1") == "learn"
        assert formula(book, f"{sheet}!K1") == "=1-J1"
        assert formula(book, f"{sheet}!J3") == "=J33"
        assert formula(book, f"{sheet}!K3") == "=K33"
    assert book.value("momentum!I1:J1") == [["beta", 0.9]]
    assert book.value("momentum!L3") == "err^2"
    assert formula(book, "momentum!L33") == "=SQRT(SUM(L4:L32))"
    assert book.value("rmsprop!D2") == 0.02 and book.value("rmsprop!J1") == 0.9
    for sheet, l1 in (("adam", 0.9), ("adam_ann", 0.95)):
        assert book.value(f"{sheet}!J1") == 0.9 and book.value(f"{sheet}!L1") == l1
        assert formula(book, f"{sheet}!M1") == "=1-L1"
        assert formula(book, f"{sheet}!L3") == "=L33" and formula(book, f"{sheet}!M3") == "=M33"
    assert formula(book, "adam_ann!F33") == "=SQRT(SUMSQ(F4:F32))/COUNT(F4:F32)"
    assert formula(book, "adam_ann!G33") == "=SQRT(SUMSQ(G4:G32))/COUNT(G4:G32)"
    assert formula(book, "adam_ann!N33") == "=SQRT(L33)+SQRT(M33)"
    assert formula(book, "adam_ann!N34") == "=avg_grad2/prev_grad2"
    assert formula(book, "adam_ann!N3") is None  # a plain value


def test_state_cells_are_plain_values(book):
    for sheet, cols in (("momentum", "JK"), ("rmsprop", "JK"), ("adam", "JKLM"), ("adam_ann", "JKLM")):
        for col in cols:
            assert formula(book, f"{sheet}!{col}33") is None
            assert isinstance(book.value(f"{sheet}!{col}33"), float)


NAMES = {
    "basic": {"const": "C1", "slope": "C2", "lastconst": "C32", "lastslope": "D32",
              "rmse": "F33", "rmsestart": "C36", "rmses": "C38:C106"},
    "momentum": {"const": "C1", "slope": "C2", "lr": "D2", "lastconst": "C32", "lastslope": "D32",
                 "momlast": "J32:K32", "momtarget": "J33:K33"},
    "rmsprop": {"const": "C1", "slope": "C2", "lr": "D2", "lastconst": "C32", "lastslope": "D32",
                "ms_last": "J32:K32", "gradtarget": "J33:K33"},
    "adam": {"const": "C1", "slope": "C2", "lr": "D2", "lastconst": "C32", "lastslope": "D32",
             "momlast": "J32:K32", "momtarget": "J33:K33", "ms_last": "L32:M32",
             "gradtarget": "L33:M33"},
    "adam_ann": {"const": "C1", "slope": "C2", "lr": "D2", "lastconst": "C32", "lastslope": "D32",
                 "momlast": "J32:K32", "momtarget": "J33:K33", "ms_last": "L32:M32",
                 "gradtarget": "L33:M33", "prev_grad2": "N3", "avg_grad2": "N33", "gradrat": "N34"},
}


@pytest.mark.parametrize("sheet", NAMES)
def test_sheet_scoped_names(book, sheet):
    for name, target in NAMES[sheet].items():
        defined = book.names.lookup(name, sheet)
        assert defined is not None and defined.scope == sheet, name
        want = ":".join("$" + re.sub(r"(\d+)", r"$\1", part) for part in target.split(":"))
        assert defined.text == f"{sheet}!{want}", name
    assert book.names.lookup("const", None) is None  # nothing workbook-scoped


def test_additions_sit_right_of_the_original_columns(book):
    # squared error and rmse where the originals lack them
    for sheet, col in (("rmsprop", "L"), ("adam", "N"), ("adam_ann", "O")):
        assert book.value(f"{sheet}!{col}3") == "err^2"
        assert formula(book, f"{sheet}!{col}4") == "=(B4-E4)^2"
        assert formula(book, f"{sheet}!{col}33") == f"=SQRT(SUM({col}4:{col}32))"
        assert book.names.lookup("rmse", sheet).text == f"{sheet}!${col}$33"
    assert book.names.lookup("rmse", "momentum").text == "momentum!$L$33"
    for sheet, col in (("basic", "P"), ("momentum", "N"), ("rmsprop", "N"), ("adam", "P"),
                       ("adam_ann", "Q")):
        assert book.value(f"{sheet}!{col}3") == "epoch"


def test_entropy_book():
    book = build_entropy()
    assert book.value("softmax!B1") == "Image 1" and book.value("softmax!G1") == "Image 2"
    assert book.value("softmax!K1:L2") == [["binary", None], ["Image 1", "Image 2"]]
    assert book.value("softmax!A3:A7") == [["cat"], ["dog"], ["plane"], ["fish"], ["building"]]
    assert [r[0] for r in book.value("softmax!B3:B7")] == list(LESSON_LOGITS)
    assert [r[0] for r in book.value("softmax!G3:G7")] == list(LESSON_SHIFTED)
    for r in range(3, 8):
        assert formula(book, f"softmax!C{r}") == f"=EXP(B{r})"
        assert formula(book, f"softmax!D{r}") == f"=C{r}/$C$8"
        assert formula(book, f"softmax!I{r}") == f"=H{r}/$H$8"
        assert formula(book, f"softmax!K{r}") == f"=C{r}/(1+C{r})"
        assert formula(book, f"softmax!L{r}") == f"=H{r}/(1+H{r})"
    assert formula(book, "softmax!C8") == "=SUM(C3:C7)" and formula(book, "softmax!I8") == "=SUM(I3:I7)"
    for r in range(2, 7):
        assert formula(book, f"entropy!D{r}") == f"=-B{r}*LOG(C{r})-(1-B{r})*LOG(1-C{r})"
        assert formula(book, f"entropy!E{r}") == f"=-IF(B{r}=1,LOG(C{r}),LOG(1-C{r}))"
        assert formula(book, f"log_entropy!H{r}") == f"=MATCH(1,B{r}:C{r})"
        assert formula(book, f"log_entropy!I{r}") == f"=OFFSET(D{r},0,H{r})"
        assert formula(book, f"log_entropy!G{r}") == f"=-B{r}*E{r}-C{r}*F{r}"
    assert formula(book, "entropy!C9") == "=25000*128*4/1000"
    assert book.value("log_entropy!B1:I1") == [["isCat", "isDog", "Preds", "logPredCat",
                                                "logPredDog", "NLL", "idx", "idxPred"]]
