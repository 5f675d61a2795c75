"""The engines the benchmark times, each run in a child process of its own.

``python -m sheetgd.bench.peers ENGINE META.json`` loads the workload
(:mod:`.workload`) into ENGINE and times four phases: ``load`` (from the
xlsx), ``first`` (the first full calculation), ``recalc`` (after writing the
new learning rate into D2) and ``full`` (a full recalculation after that, where
the engine has one).  It prints one JSON line per phase as it goes, then
``{"done": true, "values": ..., "rss_mb": ...}`` with the peak resident set of
the child (``ru_maxrss``), or ``{"error": ...}``.  A parent that kills the
child at the time cap still has the phases that finished.

How each engine is driven (from its own documentation):

- sheetgd: ``sheetgd.load(path, calculate=False)``; ``calculate_all()``;
  ``set("adam!D2", 0.5)`` in automatic mode; ``calculate_all()``.
- ironcalc: ``load_from_xlsx``; ``evaluate()``; ``update_cell_with_number``
  then ``evaluate()`` (it always evaluates the whole book); ``evaluate()``.
- formualizer: ``load_workbook``; ``evaluate_all()``; ``set_value`` then
  ``evaluate_all()`` (incremental); no full-recalculation call.
- pycel: ``ExcelCompiler(filename=)``; ``evaluate`` of the three outputs;
  ``set_value`` then ``evaluate``; ``recalculate()`` then ``evaluate``.
  pycel evaluates recursively, so it runs with a raised recursion limit in a
  thread with a 4 GiB stack.
- formulas: ``ExcelModel().loads(path).finish()``; ``calculate()``;
  ``calculate(inputs={D2: 0.5}, outputs=...)``; ``calculate(inputs=...)``.
- floatloop / numba: :func:`.workload.float_loop` on the inputs of the JSON
  sidecar (``load`` reads it), plain and under ``numba.njit`` (whose first
  calculation includes the JIT compilation).

LibreOffice runs through ``_uno_bench.py`` under the system python (see
:mod:`.run`).
"""

from __future__ import annotations

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

    def __init__(self, meta: dict):
        self.meta = meta
        self.cells = Cells(meta["rows"])
        self.lr = meta["new_lr"]

    def read(self) -> dict:
        """The outputs a, b and error, read after a phase (inside its timing)."""
        return {k: _plain(self.value(cell)) for k, cell in self.cells.outputs().items()}

    def a1(self, cell) -> str:
        return self.cells.a1(cell)


class SheetgdEngine(Engine):
    def load(self):
        import sheetgd

        self.book = sheetgd.load(self.meta["xlsx"], calculate=False)

    def first(self):
        self.book.calculate_all()
        self.book.calculation = "automatic"  # nothing is stale: no work
        return self.read()

    def recalc(self):
        self.book.set(f"adam!{self.a1(self.cells.lr)}", self.lr)
        return self.read()

    def full(self):
        self.book.calculate_all()
        return self.read()

    def value(self, cell):
        return self.book.value(f"adam!{self.a1(cell)}")


class IroncalcEngine(Engine):
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
    notes = "recursive evaluator: recursion limit 10^7, 4 GiB thread stack"
    stack_mb = 4096

    def load(self):
        from pycel import ExcelCompiler

        sys.setrecursionlimit(10_000_000)
        self.xl = ExcelCompiler(filename=self.meta["xlsx"])

    def first(self):
        return self.read()

    def recalc(self):
        self.xl.set_value(f"adam!{self.a1(self.cells.lr)}", self.lr)
        return self.read()

    def full(self):
        self.xl.recalculate()
        return self.read()

    def value(self, cell):
        return self.xl.evaluate(f"adam!{self.a1(cell)}")


class FormulasEngine(Engine):
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
        outputs = [self.keys[self.a1(c)] for c in self.cells.outputs().values()]
        return self._run(inputs={self.keys[self.a1(self.cells.lr)]: self.lr}, outputs=outputs)

    def full(self):
        return self._run(inputs={self.keys[self.a1(self.cells.lr)]: self.lr})

    def value(self, cell):
        value = self.solution[self.keys[self.a1(cell)]].value
        return value[0, 0] if hasattr(value, "shape") else value


class FloatLoopEngine(Engine):
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

    def full(self):
        return self._run(self.lr)


class NumbaEngine(FloatLoopEngine):
    notes = "load: reading x from the JSON sidecar; first calc includes the JIT compilation"

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
    emit(phase="start", rss_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
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
    emit(done=True, values=values, notes=engine.notes,
         rss_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


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
            text = str(exc)
            failure.append(f"{type(exc).__name__}: {text[:500]}")

    engine_class = ENGINES[name]
    if engine_class.stack_mb:
        threading.stack_size(engine_class.stack_mb << 20)
    thread = threading.Thread(target=body)
    thread.start()
    thread.join()
    if failure:
        emit(error=failure[0])
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(child_main(sys.argv[1:]))
