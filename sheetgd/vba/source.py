"""The VBA source of graddesc.xlsm's Run/Reset macros, one sheet module each.

The macros do what WORKBOOKS.md describes, write by write and in the same
calculation mode, so that Excel and LibreOffice reproduce the engine's run
loop (:mod:`sheetgd.books.macros`).  Two rules make them work in LibreOffice
too: values are assigned (``.Value = .Value``), never copied through the
clipboard, and cells are addressed by A1 reference on an explicit sheet --
LibreOffice 7.4's VBA layer does not resolve sheet-scoped names in
``Range("name")``, which is why the original's macros silently do nothing
there.
"""

from __future__ import annotations

from ..books.graddesc import HISTORY_HEADERS, GradDescParams, Layout
from ..books.parity import PARITY_SHEETS, ParityLayout, ParityParams

HEADER = """Option Explicit
' Macros of the sheet "{sheet}" (fast.ai lesson 5, gradient descent), written by sheetgd.
' Run = somesteps (five epochs), Reset = reset. They assign values instead of copying
' through the clipboard, and address cells by reference on this sheet, so they work in
' Excel and in LibreOffice.
"""

HELPERS = """
Private Function Sh() As Object
    Set Sh = ThisWorkbook.Worksheets("{sheet}")
End Function

Private Sub CopyValue(target As String, source As String)
    Sh.Range(target).Value = Sh.Range(source).Value
End Sub

Private Sub ClearHistory()
    Dim r As Long
    r = 4
    Do While Not IsEmpty(Sh.Range("{c0}" & r).Value)
        Sh.Range("{c0}" & r & ":{c4}" & r).ClearContents
        r = r + 1
    Loop
End Sub

Private Sub RecordEpoch()
    Dim r As Long
    r = 4
    Do While Not IsEmpty(Sh.Range("{c0}" & r).Value)
        r = r + 1
    Loop
    Sh.Range("{c0}" & r).Value = r - 4
    Sh.Range("{c1}" & r).Value = Sh.Range("C1").Value
    Sh.Range("{c2}" & r).Value = Sh.Range("C2").Value
    Sh.Range("{c3}" & r).Value = Sh.Range("{error}").Value
    Sh.Range("{c4}" & r).Value = Sh.Range("{lr}").Value
End Sub
"""

SOMESTEPS_MANUAL = """
Public Sub somesteps()
    ' the Run button: five epochs under manual calculation
    Dim i As Integer
    ' LibreOffice recalculates lazily, when a value is read; bring every cell up to
    ' date before manual calculation freezes them (in Excel this changes nothing)
    Application.Calculate
    Application.Calculation = xlCalculationManual
    For i = 1 To 5
        onestep{extra}
        RecordEpoch
    Next i
    Application.Calculation = xlCalculationAutomatic
End Sub
"""


def vba_number(x: float) -> str:
    """A float as a VBA literal that reads back as the same double."""
    text = repr(float(x))
    if text.endswith(".0"):
        text = text[:-2]
    return text.upper()


def _lines(*lines: str) -> str:
    return "".join(f"    {line}\n" for line in lines)


def _sub(name: str, comment: str, body: str) -> str:
    return f"\nPublic Sub {name}()\n    ' {comment}\n{body}End Sub\n"


def _helpers(sheet: str, history_cell, error: str, lr: str) -> str:
    cols = {f"c{i}": history_cell(1, i).rstrip("0123456789") for i in range(len(HISTORY_HEADERS))}
    return HELPERS.format(sheet=sheet, error=error, lr=lr, **cols)


def lesson_module(sheet: str, params: GradDescParams) -> str:
    """The module of one of the lesson's optimiser sheets."""
    lay = Layout(sheet, params.rows)
    last, s = lay.last, lay.summary
    a0, b0 = vba_number(params.init_a), vba_number(params.init_b)
    lr = vba_number(params.lr_of(sheet))
    big = vba_number(params.reset_mean_square)
    err = f"{lay.error_col}{s}"
    carry = ("CopyValue \"C2\", \"D%d\"   ' slope <- lastslope" % last,
             "CopyValue \"C1\", \"C%d\"   ' const <- lastconst" % last)
    mom = f"J{s}:K{s}", f"J{last}:K{last}"
    ms = {"rmsprop": (f"J{s}:K{s}", f"J{last}:K{last}")}.get(sheet, (f"L{s}:M{s}", f"L{last}:M{last}"))
    text = HEADER.format(sheet=sheet) + _helpers(sheet, lay.history_cell, err,
                                                 "F1" if sheet == "basic" else "D2")
    if sheet == "basic":
        text += f"""
Private Sub AppendRmse()
    ' paste the value of rmse below the last filled cell of the history
    Dim r As Long
    r = {s + 5}
    Do While Not IsEmpty(Sh.Range("C" & r).Value)
        r = r + 1
    Loop
    Sh.Range("C" & r).Value = Sh.Range("F{s}").Value
End Sub
"""
        text += _sub("onestep", "one epoch: carry a and b back to the top, recalculate",
                     _lines(*carry, "Application.Calculate", "AppendRmse"))
        text += _sub("somesteps", "the Run button: five epochs (automatic calculation, as the original)",
                     _lines("Dim i As Integer", "For i = 1 To 5", "    onestep", "    RecordEpoch", "Next i"))
        text += _sub("reset", "the Reset button",
                     _lines(f'Sh.Range("C2").Value = {a0}', f'Sh.Range("C1").Value = {b0}',
                            f'Sh.Range("C{s + 5}:C{s + 73}").ClearContents', "ClearHistory",
                            "Application.Calculate", "RecordEpoch"))
        return text
    copies = {"momentum": [f'CopyValue "{mom[0]}", "{mom[1]}"   \' momtarget <- momlast'],
              "rmsprop": [f'CopyValue "{ms[0]}", "{ms[1]}"   \' gradtarget <- ms_last'],
              }.get(sheet, [f'CopyValue "{ms[0]}", "{ms[1]}"   \' gradtarget <- ms_last',
                            f'CopyValue "{mom[0]}", "{mom[1]}"   \' momtarget <- momlast'])
    text += _sub("onestep", "one epoch: carry the state, a and b back to the top, recalculate",
                 _lines(*copies, *carry, "Application.Calculate"))
    extra = ""
    if sheet == "adam_ann":
        extra = (f"\n        If Sh.Range(\"N{s + 1}\").Value > 2 Then Sh.Range(\"D2\").Value = "
                 f"Sh.Range(\"D2\").Value / 4   ' anneal: gradrat > 2"
                 f"\n        If Sh.Range(\"N{s}\").Value < Sh.Range(\"N3\").Value Then "
                 f"Sh.Range(\"N3\").Value = Sh.Range(\"N{s}\").Value"
                 f"\n        Application.Calculate")
    text += SOMESTEPS_MANUAL.format(extra=extra)
    text += _sub("reset", "the Reset button", _reset_body(sheet, a0, b0, lr, big, mom, ms, s))
    return text


def _reset_body(sheet, a0, b0, lr, big, mom, ms, s) -> str:
    start = [f'Sh.Range("C2").Value = {a0}', f'Sh.Range("C1").Value = {b0}']
    if sheet == "momentum":
        body = [f'Sh.Range("{mom[0]}").Value = 0', *start, f'Sh.Range("D2").Value = {lr}',
                f'CopyValue "{mom[0]}", "{mom[1]}"']
    elif sheet == "rmsprop":
        body = [f'Sh.Range("{ms[0]}").Value = {big}', *start,
                f'CopyValue "{ms[0]}", "{ms[1]}"', f'CopyValue "{ms[0]}", "{ms[1]}"']
    elif sheet == "adam":
        twice = [f'CopyValue "{ms[0]}", "{ms[1]}"', f'CopyValue "{mom[0]}", "{mom[1]}"']
        body = [f'Sh.Range("{ms[0]}").Value = {big}', f'Sh.Range("{mom[0]}").Value = 0', *start,
                f'Sh.Range("D2").Value = {lr}', *twice, *twice]
    else:  # adam_ann, under manual calculation; copies stale values on purpose
        copy = [f'CopyValue "{ms[0]}", "{ms[1]}"', f'CopyValue "{mom[0]}", "{mom[1]}"']
        body = ["Application.Calculation = xlCalculationManual",
                f'Sh.Range("{ms[0]}").Value = {big}', f'Sh.Range("{mom[0]}").Value = 0', *start,
                f'Sh.Range("D2").Value = {lr}', f'CopyValue "N3", "N{s}"   \' prev_grad2 <- avg_grad2',
                "Application.Calculate", *copy, "Application.Calculate", *copy,
                f'CopyValue "N3", "N{s}"', "Application.Calculation = xlCalculationAutomatic"]
    return _lines(*body, "ClearHistory", "RecordEpoch")


def parity_module(sheet: str, params: GradDescParams, parity: ParityParams) -> str:
    """The module of a torch.optim parity sheet: training carries on from the
    last row's update, and the optimiser state persists."""
    lay = ParityLayout(sheet, params.rows)
    last, s = lay.last, lay.summary
    text = HEADER.format(sheet=sheet) + _helpers(sheet, lay.history_cell,
                                                 f"{lay.error_col}{s}", "D2")
    state = lay.state_cols
    copy = [f'CopyValue "{state[0]}{s}:{state[-1]}{s}", "{state[0]}{last}:{state[-1]}{last}"'] \
        if state else []
    fresh = ['Sh.Range("M1").Value = 0   \' the optimiser has taken a step'] \
        if sheet == "momentum_torch" else []
    text += _sub("onestep", "one epoch: carry the state and the last row's update, recalculate",
                 _lines(*copy, f'CopyValue "C2", "I{last}"', f'CopyValue "C1", "H{last}"', *fresh,
                        "Application.Calculate"))
    text += SOMESTEPS_MANUAL.format(extra="")
    reset = ([f'Sh.Range("{state[0]}{s}:{state[-1]}{s}").Value = 0'] if state else []) + \
        (['Sh.Range("M1").Value = 1'] if sheet == "momentum_torch" else []) + \
        [f'Sh.Range("C2").Value = {vba_number(params.init_a)}',
         f'Sh.Range("C1").Value = {vba_number(params.init_b)}',
         f'Sh.Range("D2").Value = {vba_number(parity.of(sheet)["lr"])}']
    text += _sub("reset", "the Reset button", _lines(*reset, "ClearHistory", "RecordEpoch"))
    return text


THIS_WORKBOOK = """Option Explicit
' graddesc.xlsm, written by sheetgd. Each optimiser sheet's module holds its macros:
' somesteps (the Run button) and reset (the Reset button).
"""


def graddesc_modules(params: GradDescParams, parity: ParityParams | None = None,
                     with_parity: bool = True) -> dict[str, str]:
    """{module name (= sheet code name): source} for graddesc.xlsm."""
    from ..books.graddesc import OPTIMISERS

    parity = parity or ParityParams()
    modules = {"ThisWorkbook": THIS_WORKBOOK}
    for sheet in OPTIMISERS:
        modules[sheet] = lesson_module(sheet, params)
    for sheet in PARITY_SHEETS if with_parity else ():
        modules[sheet] = parity_module(sheet, params, parity)
    return modules
