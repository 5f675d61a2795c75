"""The VBA source of graddesc.xlsm's Run/Reset macros, one sheet module each.

Each module renders its sheet's program (:mod:`sheetgd.books.programs`, the
one description the engine, the macro-free book and the torch reference
follow too): one ``Sub`` per macro, one statement per step, in the same
order and calculation modes, so Excel and LibreOffice reproduce the engine's
run loop.  Three rules make the macros work in LibreOffice too:

- values are assigned (``.Value = .Value``), never copied through the
  clipboard;
- cells are addressed by A1 reference on an explicit sheet (the addresses of
  the program's names) -- LibreOffice 7.4's VBA layer does not resolve
  sheet-scoped names in ``Range("name")``, which is why the original's
  macros silently do nothing there;
- a switch to manual calculation is preceded by ``Application.Calculate``:
  LibreOffice recalculates lazily, when a value is read, so every cell is
  brought up to date before manual calculation freezes it (in Excel, where
  automatic calculation has already done so, this changes nothing).
"""

from __future__ import annotations

from ..books.graddesc import GradDescParams
from ..books.programs import (
    AppendValue, Arith, Assign, Calculate, Call, ClearContents, ClearHistory, Compare, If,
    Literal, Param, Program, Read, Record, Repeat, SetCalculation, describe, literal_text,
    operand, parameters, program_for,
)
from ..engine.refs import col_to_letters, parse_area

HEADER = """Option Explicit
' Macros of the sheet "{sheet}" (fast.ai lesson 5, gradient descent), written by sheetgd.
' Run = {run} ({steps} epochs), Reset = {reset}. They assign values instead of copying
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
"""

HISTORY = """
Private Sub ClearHistory()
    Dim r As Long
    r = {first}
    Do While Not IsEmpty(Sh.Range("{c0}" & r).Value)
        Sh.Range("{c0}" & r & ":{cn}" & r).ClearContents
        r = r + 1
    Loop
End Sub

Private Sub RecordEpoch()
    Dim r As Long
    r = {first}
    Do While Not IsEmpty(Sh.Range("{c0}" & r).Value)
        r = r + 1
    Loop
    Sh.Range("{c0}" & r).Value = r - {first}
{fields}End Sub
"""

APPEND = """
Private Sub AppendValue(column As String, firstRow As Long, source As String)
    ' paste the value of source into the first empty cell from firstRow down
    Dim r As Long
    r = firstRow
    Do While Not IsEmpty(Sh.Range(column & r).Value)
        r = r + 1
    Loop
    Sh.Range(column & r).Value = Sh.Range(source).Value
End Sub
"""

_LOOP_VARIABLES = "ijk"


class ModuleWriter:
    """Renders one sheet's program, its names resolved to A1 addresses."""

    def __init__(self, sheet: str, program: Program, names: dict[str, str], params: dict):
        self.sheet, self.program, self.names, self.params = sheet, program, names, params

    def address(self, name: str) -> str:
        if name not in self.names:
            raise KeyError(f"the program of {self.sheet!r} names {name!r}, which the sheet lacks")
        return self.names[name]

    def module(self) -> str:
        p = self.program
        text = HEADER.format(sheet=self.sheet, run=p.run, reset=p.reset, steps=p.steps_per_run)
        text += HELPERS.format(sheet=self.sheet) + self.history_helpers()
        if any(isinstance(s, AppendValue) for s in p.walk()):
            text += APPEND
        for macro, steps in p.macros.items():
            text += self.sub(macro, steps)
        return text

    def history_helpers(self) -> str:
        """ClearHistory and RecordEpoch for the history block under ``history``."""
        head = parse_area(self.address("history"), default_sheet=self.sheet)
        history = self.program.history_fields
        letters = [col_to_letters(head.col1 + i) for i in range(len(history))]
        sources = {f: name for f, name, index in self.program.record if index is None}
        smoothing = self.program.smoothing
        fields = "".join(
            f'    Sh.Range("{letter}" & r).FormulaR1C1 = "{self.smoothed_r1c1(history)}"\n'
            if smoothing and h == smoothing.field else
            f'    Sh.Range("{letter}" & r).Value = Sh.Range("{self.address(sources[h])}").Value\n'
            for letter, h in zip(letters[1:], history[1:]))
        return HISTORY.format(first=head.row1 + 1, c0=letters[0], cn=letters[-1], fields=fields)

    def smoothed_r1c1(self, history: tuple) -> str:
        """The smoothed error's formula (:class:`sheetgd.books.programs.Smoothing`)
        as R1C1 text, the same in every history row."""
        from ..books.graddesc import Layout

        lay = Layout(self.sheet, 2)  # the history block's columns do not depend on the rows
        return lay.smoothed_formula(0, history, r1c1=True)

    def sub(self, macro: str, steps: tuple) -> str:
        comment = {self.program.run: "the Run button", self.program.reset: "the Reset button"}
        lines = [f"Public Sub {macro}()"]
        if macro in comment:
            lines.append(f"    ' {comment[macro]}")
        depth = _loop_depth(steps)
        if depth:
            lines.append(f"    Dim {', '.join(v + ' As Integer' for v in _LOOP_VARIABLES[:depth])}")
        lines += self.statements(steps, 1, 0)
        lines.append("End Sub")
        return "\n" + "\n".join(lines) + "\n"

    def statements(self, steps: tuple, indent: int, loops: int) -> list[str]:
        pad = "    " * indent
        out = []
        for step in steps:
            if isinstance(step, Repeat):
                var = _LOOP_VARIABLES[loops]
                out.append(f"{pad}For {var} = 1 To {step.count}")
                out += self.statements(step.body, indent + 1, loops + 1)
                out.append(f"{pad}Next {var}")
            elif isinstance(step, If):
                body = [self.statement(s) for s in step.body]
                test = self.expr(step.test)
                if len(body) == 1:
                    out.append(f"{pad}If {test} Then {body[0]}")
                else:
                    out += [f"{pad}If {test} Then", *(f"{pad}    {b}" for b in body),
                            f"{pad}End If"]
            else:
                out += [pad + line for line in self.statement(step).split("\n")]
        return out

    def statement(self, step) -> str:
        if isinstance(step, Assign):
            if isinstance(step.value, Read):
                code = f'CopyValue "{self.address(step.target)}", "{self.address(step.value.name)}"'
            else:
                code = f'Sh.Range("{self.address(step.target)}").Value = {self.expr(step.value)}'
            return f"{code}   ' {describe(step)}"
        if isinstance(step, SetCalculation):
            if step.mode == "manual":
                return ("Application.Calculate   ' bring every cell up to date (LibreOffice)\n"
                        "Application.Calculation = xlCalculationManual")
            return "Application.Calculation = xlCalculationAutomatic   ' recalculates"
        if isinstance(step, Calculate):
            return "Application.Calculate"
        if isinstance(step, Call):
            return step.macro
        if isinstance(step, Record):
            return "RecordEpoch"
        if isinstance(step, ClearHistory):
            return "ClearHistory"
        if isinstance(step, ClearContents):
            return f'Sh.Range("{self.address(step.target)}").ClearContents   \' {describe(step)}'
        if isinstance(step, AppendValue):
            below = parse_area(self.address(step.below), default_sheet=self.sheet)
            return (f'AppendValue "{col_to_letters(below.col1)}", {below.row1 + 1}, '
                    f'"{self.address(step.source)}"   \' {describe(step)}')
        raise TypeError(f"cannot render {step!r}")

    def expr(self, e) -> str:
        if isinstance(e, Read):
            return f'Sh.Range("{self.address(e.name)}").Value'
        if isinstance(e, Literal):
            return literal_text(e.value)
        if isinstance(e, Param):
            return literal_text(self.params[e.name])
        if isinstance(e, (Arith, Compare)):
            return f"{operand(e.left, self.expr)} {e.op} {operand(e.right, self.expr)}"
        raise TypeError(f"cannot render {e!r}")


def _loop_depth(steps: tuple) -> int:
    return max((1 + _loop_depth(s.body) for s in steps if isinstance(s, Repeat)), default=0)


def sheet_module(sheet: str, names: dict[str, str], values: dict) -> str:
    """The module of one optimiser sheet (lesson or parity): its program,
    with ``names`` (name -> A1) and ``values`` (the Param values) filled in."""
    return ModuleWriter(sheet, program_for(sheet), names, values).module()


THIS_WORKBOOK = """Option Explicit
' graddesc.xlsm, written by sheetgd. Each optimiser sheet's module holds its macros:
' somesteps (the Run button) and reset (the Reset button).
"""


def graddesc_modules(params: GradDescParams, parity=None,
                     with_parity: bool = True) -> dict[str, str]:
    """{module name (= sheet code name): source} for graddesc.xlsm."""
    from ..books.graddesc import OPTIMISERS, Layout
    from ..books.parity import PARITY_SHEETS, ParityLayout

    modules = {"ThisWorkbook": THIS_WORKBOOK}
    for sheet in OPTIMISERS:
        modules[sheet] = sheet_module(sheet, Layout(sheet, params.rows).names,
                                      parameters(sheet, params, parity))
    for sheet in PARITY_SHEETS if with_parity else ():
        modules[sheet] = sheet_module(sheet, ParityLayout(sheet, params.rows).names,
                                      parameters(sheet, params, parity))
    return modules
