"""One macro program per sheet, four back ends driven by it.

The macros' order of steps lives in sheetgd/books/programs.py only: the
engine's run loop, the VBA of graddesc.xlsm, the macro-free graddesc.xlsx and
the torch reference all read it.  These tests change a program and watch
every back end follow, and check that no back end has per-sheet code of its
own.  (Whether the programs themselves are right is test_excel_recorded's
job: what Excel recorded.)
"""

from __future__ import annotations

import inspect
import re
from dataclasses import replace

import pytest

from sheetgd.books import macros, programs, unrolled
from sheetgd.books.graddesc import OPTIMISERS, GradDescParams, build
from sheetgd.books.parity import PARITY_SHEETS
from sheetgd.engine.refs import col_to_letters
from sheetgd.books.programs import (
    AppendValue, Arith, Assign, Calculate, ClearContents, Literal, Read, SetCalculation, copy,
    describe, program_for,
)
from sheetgd.vba import source

from .reference_loops import ReferenceRunner
from .test_excel_recorded import BASIC_ERRORS

#: basic's onestep as sheetgd used to read it: both copies under automatic
#: calculation, so const copies a lastconst already recomputed with the new slope
MISREAD_BASIC = replace(programs.BASIC, macros={
    **programs.BASIC.macros,
    "onestep": (copy("slope", "lastslope"), copy("const", "lastconst"), Calculate(),
                AppendValue("rmse", below="rmsestart"))})


def _engine(sheet="basic", epochs=5):
    """(b, a, error, lr) of every epoch after Reset, from the engine's run loop."""
    runner = macros.runner_for(build(), sheet)
    runner.run(epochs, reset=True)
    return [(r.b, r.a, r.error, r.lr) for r in runner.records]


def _torch(sheet="basic", epochs=5):
    torch = pytest.importorskip("torch")
    from sheetgd.books.graddesc import LESSON_X
    from sheetgd.reference.graddesc_torch import DTYPE, Config, TorchRunner

    def t(v):
        return torch.tensor(v, dtype=DTYPE)

    beta1, beta2 = GradDescParams().betas_of(sheet) if sheet != "basic" else (0.0, 0.0)
    cfg = Config(x=t([LESSON_X]), y=t([[30 + 2 * v for v in LESSON_X]]),
                 lr=t([GradDescParams().lr_of(sheet)]), beta1=t([beta1 or 0.0]),
                 beta2=t([beta2 or 0.0]), init_a=t([1.0]), init_b=t([1.0]))
    return [tuple(h[k].item() for k in ("b", "a", "error", "lr"))
            for h in TorchRunner(sheet, cfg).run(epochs)]


def _float_loop(sheet="basic", epochs=5):
    beta1, beta2 = GradDescParams().betas_of(sheet) if sheet != "basic" else (0.0, 0.0)
    runner = ReferenceRunner(sheet, GradDescParams().lr_of(sheet), (beta1 or 0.0, beta2 or 0.0))
    return [(h["b"], h["a"], h["error"], h["lr"]) for h in runner.run(epochs)]


def _macro_free(sheet="basic", epochs=5):
    book, layout = unrolled.build(GradDescParams(), epochs=epochs)
    col, first, last = layout[sheet].history_range(1)
    return [tuple(book.value(f"{sheet}!{col_to_letters(col + i)}{r}") for i in range(4))
            for r in range(first, last + 1)]


def _errors(history):
    return [error for _, _, error, _ in history]


def test_every_back_end_follows_a_changed_program(monkeypatch):
    """Put back the old misreading of basic's Run in the one program: every
    back end reproduces sheetgd's old numbers (104.794 after the first
    epoch, as the issue reported), none reproduces Excel's any more."""
    monkeypatch.setitem(programs.PROGRAMS, "basic", MISREAD_BASIC)
    engine = _engine()
    assert round(engine[1][2], 3) == 104.794 and _errors(engine)[1:] != list(BASIC_ERRORS)
    assert _torch() == engine
    assert _float_loop() == engine
    assert _macro_free() == engine
    vba = source.graddesc_modules(GradDescParams(), with_parity=False)["basic"]
    onestep = vba[vba.index("Public Sub onestep()"):vba.index("End Sub", vba.index("Sub onestep"))]
    assert "xlCalculationManual" not in onestep and "CopyValue \"C2\", \"D32\"" in onestep


def test_the_programs_are_what_excel_did():
    """The right program, through the same back ends: Excel's errors."""
    for back_end in (_engine, _torch, _float_loop, _macro_free):
        assert _errors(back_end())[1:] == list(BASIC_ERRORS), back_end.__name__


def _onestep(sheet: str, *steps) -> programs.Program:
    program = programs.PROGRAMS[sheet]
    return replace(program, macros={**program.macros, "onestep": steps})


@pytest.mark.parametrize("case, onestep", [
    # a write under automatic calculation recalculates at once: a read after the
    # switch to manual sees it (the modelled back ends recalculate lazily)
    ("automatic write, then manual", (
        SetCalculation("automatic"), copy("slope", "lastslope"), SetCalculation("manual"),
        copy("momtarget", "momlast"), copy("const", "lastconst"), Calculate())),
    # b and a both computed: the macro-free book gives each its own cell
    ("computed b and a", (
        copy("momtarget", "momlast"),
        Assign("slope", Arith("*", Read("lastslope"), Literal(1.0))),
        Assign("const", Arith("*", Read("lastconst"), Literal(1.0))), Calculate())),
])
def test_every_back_end_agrees_with_the_engine_on_other_programs(monkeypatch, case, onestep):
    original = _engine("momentum", 3)
    monkeypatch.setitem(programs.PROGRAMS, "momentum", _onestep("momentum", *onestep))
    engine = _engine("momentum", 3)
    # the first program changes the numbers; the second (x*1) must not
    assert (engine == original) == (case == "computed b and a")
    for back_end in (_torch, _float_loop, _macro_free):
        assert back_end("momentum", 3) == engine, (case, back_end.__name__)


def test_the_vba_keeps_the_grouping_of_nested_arithmetic():
    step = Assign("lr", Arith("/", Read("lr"), Arith("*", Literal(2.0), Literal(2.0))))
    writer = source.ModuleWriter("adam", programs.ADAM, {"lr": "D2"}, {})
    assert writer.statement(step).startswith('Sh.Range("D2").Value = Sh.Range("D2").Value / (2 * 2)')
    assert describe(step) == "lr <- lr / (2 * 2)"


def test_the_vba_renders_every_step_of_every_program_in_order():
    """Each assignment of a macro is a statement of its Sub, commented with
    the step, in the program's order."""
    modules = source.graddesc_modules(GradDescParams())
    for sheet in (*OPTIMISERS, *PARITY_SHEETS):
        text = modules[sheet]
        for macro, steps in program_for(sheet).macros.items():
            body = text[text.index(f"Public Sub {macro}()"):]
            body = body[:body.index("End Sub")]
            said = [m.group(1) for m in re.finditer(r"\S.*?   ' (.*)", body)]
            wanted = [describe(s) for s in _flat(steps)
                      if isinstance(s, (Assign, AppendValue, ClearContents))]
            assert [w for w in said if w not in _CALCULATION_COMMENTS] == wanted, (sheet, macro)


_CALCULATION_COMMENTS = ("bring every cell up to date (LibreOffice)", "recalculates")


def _flat(steps):
    """The steps in the order they are written, loops and tests entered."""
    for s in steps:
        if isinstance(s, (programs.Repeat, programs.If)):
            yield from _flat(s.body)
        else:
            yield s


_SHEET_NAME = re.compile(r"""["'](%s)["']""" % "|".join((*OPTIMISERS, *PARITY_SHEETS)))


@pytest.mark.parametrize("back_end", [
    macros, unrolled, source, "sheetgd.reference.graddesc_torch:TorchSheet,TorchRunner"])
def test_no_back_end_has_per_sheet_code(back_end):
    """Which sheet does what is the programs' business (and the layout's,
    for addresses): a back end names no sheet.  The torch reference's maths
    (``epoch``) is per sheet on purpose and not checked here."""
    if isinstance(back_end, str):
        module, names = back_end.split(":")
        mod = pytest.importorskip(module)
        text = "".join(inspect.getsource(getattr(mod, n)) for n in names.split(","))
    else:
        text = inspect.getsource(back_end)
    code = "\n".join(line.split("#", 1)[0] for line in text.splitlines())
    assert not _SHEET_NAME.findall(code)


def test_carry_updated_reads_the_last_rows_update():
    updated = program_for("adam", "updated")
    reads = {s.value.name for s in updated.walk() if isinstance(s, Assign)
             and isinstance(s.value, Read)}
    assert {"newslope", "newconst"} <= reads and not {"lastslope", "lastconst"} & reads
    assert program_for("adam") is programs.ADAM
    with pytest.raises(ValueError, match="carry"):
        program_for("adam", "sideways")


def test_an_if_guards_assignments_only():
    with pytest.raises(ValueError, match="assignments"):
        programs.If(programs.Compare(">", Read("gradrat"), Literal(2.0)), (Calculate(),))


def test_unknown_sheet_is_named():
    with pytest.raises(ValueError, match="'nope'.*basic"):
        program_for("nope")
