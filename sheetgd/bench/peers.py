"""The engines the benchmark times, each run in a child process of its own.

``python -m sheetgd.bench.peers ENGINE META.json`` loads the workload
(:mod:`.workload`) into ENGINE and times four phases: ``load`` (from the
xlsx), ``first`` (the first full calculation), ``recalc`` (after writing the
new learning rate into D2) and ``full`` (a full recalculation after that, where
the engine has one).  It prints one JSON line per phase as it goes, then
``{"done": true, "values": ..., "rss_mb": ...}`` with the peak resident set of
the child (``ru_maxrss``), or ``{"error": ...}``.  A parent that kills the
child at the time cap still has the phases that finished.

Each :class:`Engine` subclass drives one engine through the calls its own
documentation gives (sheetgd: ``load(calculate=False)``, ``calculate_all``,
``set`` in automatic mode, ``calculate_all``).  ``full = None`` where an
engine has no full recalculation.  LibreOffice runs through ``_uno_bench.py``.
"""

from __future__ import annotations

import importlib
import json
import resource
import sys
import threading
import time

from .workload import Cells, float_loop


def _plain(value):
    """A JSON-able value: numbers as float, anything else (an error) as text."""
    if isinstance(value, bool) or value is None:
        return value
    try:
        return float(value)
    except (TypeError, ValueError):
        return str(value)


class Engine:
    """Drives one engine; the harness times each method."""

    notes = ""
    stack_mb = None
    modules: tuple = ()  # imported before the timing starts

    def __init__(self, meta: dict):
        self.meta = meta
        self.cells = Cells(meta["rows"])
        self.lr = meta["new_lr"]

    def read(self) -> dict:
        """The outputs a, b and error, read after a phase (inside its timing)."""
        return {k: _plain(self.value(cell)) for k, cell in self.cells.outputs().items()}


class SheetgdEngine(Engine):
    """sheetgd: the project's own engine (a Python closure interpreter)."""

    modules = ("sheetgd",)

    def prepare(self):
        from sheetgd.engine.blocks import warm_up

        if warm_up():
            self.notes = ("numba started before the timing (its one-off start-up, like the "
                          "peers' libraries loaded before it)")

    def load(self):
        import sheetgd

        self.book = sheetgd.load(self.meta["xlsx"], calculate=False)

    def first(self):
        self.book.calculate_all()
        self.book.calculation = "automatic"  # nothing is stale: no work
        return self.read()

    def recalc(self):
        self.book.set(f"adam!{self.cells.a1(self.cells.lr)}", self.lr)
        return self.read()

    def full(self):
        self.book.calculate_all()
        return self.read()

    def value(self, cell):
        return self.book.value(f"adam!{self.cells.a1(cell)}")


class IroncalcEngine(Engine):
    """IronCalc (Rust): the raw ``Model`` API."""

    modules = ("ironcalc",)
    notes = "evaluate() always recalculates the whole book"

    def load(self):
        import ironcalc

        self.model = ironcalc.load_from_xlsx(self.meta["xlsx"])
        names = [p["name"] for p in self.model.get_worksheets_properties()]
        self.sheet = names.index("adam")

    def first(self):
        self.model.evaluate()
        return self.read()

    def recalc(self):
        self.model.update_cell_with_number(self.sheet, *self.cells.lr, self.lr)
        self.model.evaluate()
        return self.read()

    full = first

    def value(self, cell):
        return self.model.get_cell_value(self.sheet, *cell)


class FormualizerEngine(Engine):
    """formualizer (Rust): ``load_workbook``, ``evaluate_all``, ``set_value``."""

    modules = ("formualizer",)
    notes = "evaluate_all() is incremental; no full-recalculation call"

    def load(self):
        import formualizer

        self.wb = formualizer.load_workbook(self.meta["xlsx"])

    def first(self):
        self.wb.evaluate_all()
        return self.read()

    def recalc(self):
        self.wb.set_value("adam", *self.cells.lr, self.lr)
        self.wb.evaluate_all()
        return self.read()

    full = None

    def value(self, cell):
        return self.wb.get_value("adam", *cell)


class PycelEngine(Engine):
    """pycel: compiles each formula to Python, evaluates by recursion from the outputs."""

    modules = ("pycel",)
    notes = "recursive evaluator: recursion limit 10^7, 4 GiB thread stack"
    stack_mb = 4096

    def load(self):
        from pycel import ExcelCompiler

        sys.setrecursionlimit(10_000_000)
        self.xl = ExcelCompiler(filename=self.meta["xlsx"])

    def first(self):
        return self.read()

    def recalc(self):
        self.xl.set_value(f"adam!{self.cells.a1(self.cells.lr)}", self.lr)
        return self.read()

    def full(self):
        self.xl.recalculate()
        return self.read()

    def value(self, cell):
        return self.xl.evaluate(f"adam!{self.cells.a1(cell)}")


class FormulasEngine(Engine):
    """formulas: the workbook as a dispatch graph (``ExcelModel``)."""

    modules = ("formulas",)
    notes = "calculate() computes the whole model; the recalc asks only for the outputs"

    def load(self):
        import formulas

        self.model = formulas.ExcelModel().loads(self.meta["xlsx"]).finish()
        self.keys = {}
        for key in self.model.dsp.data_nodes:
            if isinstance(key, str) and "!" in key:
                self.keys[key.rsplit("!", 1)[1].upper()] = key

    def _run(self, **kw):
        self.solution = self.model.calculate(**kw)
        return self.read()

    def first(self):
        return self._run()

    def recalc(self):
        outputs = [self.keys[self.cells.a1(c)] for c in self.cells.outputs().values()]
        return self._run(inputs={self.keys[self.cells.a1(self.cells.lr)]: self.lr}, outputs=outputs)

    def full(self):
        return self._run(inputs={self.keys[self.cells.a1(self.cells.lr)]: self.lr})

    def value(self, cell):
        value = self.solution[self.keys[self.cells.a1(cell)]].value
        return value[0, 0] if hasattr(value, "shape") else value


class FloatLoopEngine(Engine):
    """The reference loop in plain Python floats (no spreadsheet)."""

    notes = "load: reading x from the JSON sidecar"
    loop = staticmethod(float_loop)

    def load(self):
        with open(self.meta["json"]) as fh:
            inputs = json.load(fh)
        self.x = inputs["x"]
        self.y = [inputs["true_b"] + xi * inputs["true_a"] for xi in self.x]
        self.args = (inputs["init_b"], inputs["init_a"])
        self.rest = (inputs["beta1"], inputs["beta2"], *inputs["mom"], *inputs["ms"])
        self.first_lr = inputs["lr"]

    def _run(self, lr):
        a, b, error = self.loop(self.x, self.y, *self.args, lr, *self.rest)
        self.result = {"a": a, "b": b, "error": error}
        return {k: _plain(v) for k, v in self.result.items()}

    def first(self):
        return self._run(self.first_lr)

    def recalc(self):
        return self._run(self.lr)

    full = recalc


class NumbaEngine(FloatLoopEngine):
    """The same loop compiled by ``numba.njit``."""

    modules = ("numba", "numpy")
    notes = "first calc includes the JIT compilation"

    def load(self):
        import numba
        import numpy as np

        super().load()
        self.x, self.y = np.asarray(self.x, dtype=np.float64), np.asarray(self.y, dtype=np.float64)
        self.loop = numba.njit(float_loop)


ENGINES = {"sheetgd": SheetgdEngine, "ironcalc": IroncalcEngine,
           "formualizer": FormualizerEngine, "pycel": PycelEngine,
           "formulas": FormulasEngine, "floatloop": FloatLoopEngine, "numba": NumbaEngine}


def emit(**record):
    print(json.dumps(record), flush=True)


def measure(engine: Engine):
    """Time the phases, printing one line each; the last line says done."""
    values = None
    for module in engine.modules:
        importlib.import_module(module)
    prepare = getattr(engine, "prepare", None)
    if prepare is not None:  # untimed set-up
        prepare()
    emit(phase="start", notes=engine.notes,
         rss_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    for phase in ("load", "first", "recalc", "full"):
        step = getattr(engine, phase)
        if step is None:
            continue
        start = time.perf_counter()
        got = step()
        seconds = time.perf_counter() - start
        emit(phase=phase, s=seconds, values=got)
        if phase == "recalc":
            values = got
    emit(done=True, values=values, rss_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def child_main(argv) -> int:
    """``python -m sheetgd.bench.peers ENGINE META.json``."""
    name, meta_path = argv
    with open(meta_path) as fh:
        meta = json.load(fh)
    failure = []

    def body():
        try:
            measure(ENGINES[name](meta))
        except BaseException as exc:  # reported to the parent, which says "failed"
            failure.append(f"{type(exc).__name__}: {str(exc)[:500]}")

    if ENGINES[name].stack_mb:
        threading.stack_size(ENGINES[name].stack_mb << 20)
    thread = threading.Thread(target=body)
    thread.start()
    thread.join()
    if failure:
        emit(error=failure[0])
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(child_main(sys.argv[1:]))
