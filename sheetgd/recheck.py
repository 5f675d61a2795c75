"""Recompute a workbook and compare every formula cell with the value the
saving application (Excel, LibreOffice) cached in the file.

Cells whose value is random (RAND, RANDBETWEEN, NOW, TODAY, or anything that
depends on them) are *skipped*: their cached value is one draw among many.
Formula cells the file holds no value for (saved without calculating, as
openpyxl saves them) are counted apart, as *uncached*.  Where the file asks
for iterative calculation, the cells of a circular reference and what
depends on them are compared to the file's maximum change (``iterateDelta``):
Excel stops iterating somewhere within it, and calculating again moves them.
What depends on them is found from the formulas, and, where INDIRECT or
OFFSET may read them (the formulas do not say what those read), by
calculating again with other random draws: a cell whose value changes is
random too.  OFFSET and INDIRECT are volatile but deterministic, so they
are compared otherwise.  Long texts are shortened in the report.

Functions sheetgd does not have (#NAME? in every cell that calls them) are
reported by Excel's category (:func:`.engine.catalog.category`), each with
the number of formula cells that call it: ``cannot compute (not in sheetgd):
financial: PRICE (12 cells), YIELD (3); cube: CUBEVALUE (4)``.  The skipped
cells are said with the random functions they depend on.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .engine import EMPTY, Workbook, XLError
from .engine.catalog import category
from .engine.functions import REGISTRY, unknown_functions
from .engine.nodes import Call, walk
from .engine.workbook import address

DEFAULT_REL = 1e-9
DEFAULT_ABS = 1e-12


@dataclass
class SheetCounts:
    formula_cells: int = 0
    matching: int = 0
    differing: int = 0
    skipped: int = 0  # random values
    uncached: int = 0  # no value in the file to compare with


@dataclass
class Report:
    file: str
    sheets: dict[str, SheetCounts] = field(default_factory=dict)
    differences: list[dict] = field(default_factory=list)
    unknown_functions: list[str] = field(default_factory=list)
    #: Excel's category -> {function sheetgd lacks: formula cells calling it}
    cannot_compute: dict[str, dict[str, int]] = field(default_factory=dict)
    #: the random functions (RAND, NOW ...) the workbook's formulas call
    random_functions: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def total(self, what: str) -> int:
        return sum(getattr(c, what) for c in self.sheets.values())

    def as_json(self) -> dict:
        return {
            "file": self.file,
            "formula_cells": self.total("formula_cells"),
            "matching": self.total("matching"),
            "differing": self.total("differing"),
            "skipped": self.total("skipped"),
            "uncached": self.total("uncached"),
            "sheets": {name: vars(c) for name, c in self.sheets.items()},
            "differences": self.differences,
            "unknown_functions": self.unknown_functions,
            "cannot_compute": self.cannot_compute,
            "random_functions": self.random_functions,
        }


def same(cached, computed, rel: float = DEFAULT_REL, abs_: float = DEFAULT_ABS) -> bool:
    """Whether a cached and a computed value agree (numbers within tolerance)."""
    if cached is EMPTY or cached is None:
        return computed is EMPTY or computed == ""
    if isinstance(cached, bool) or isinstance(computed, bool):
        return type(cached) is type(computed) and cached == computed
    if isinstance(cached, float) and isinstance(computed, float):
        return abs(cached - computed) <= max(abs_, rel * max(abs(cached), abs(computed)))
    if isinstance(cached, XLError) or isinstance(computed, XLError):
        return cached == computed
    return type(cached) is type(computed) and cached == computed


#: Texts longer than this are shortened in reports (a formula can give 32,767 characters).
SHOWN_TEXT = 200
#: Extra calculations with other random draws, to find what INDIRECT/OFFSET read of them.
REDRAWS = 3


def _json_value(v):
    if v is EMPTY or v is None:
        return None
    if isinstance(v, XLError):
        return v.kind
    if isinstance(v, str) and len(v) > SHOWN_TEXT:
        return f"{v[:SHOWN_TEXT]}... ({len(v):,} characters)"
    return v


def random_cells(book: Workbook) -> set:
    """The formula cells whose value depends on RAND, RANDBETWEEN, NOW or
    TODAY: downstream of them in the dependency graph, and -- where a
    formula's references are only known when it runs (INDIRECT, OFFSET) --
    the cells whose values change when the book is calculated again with
    other random draws (:data:`REDRAWS` times; the book keeps the last
    draw's values, which only the random cells differ in)."""
    found = set(book.depends_on_random())
    if not found or not (book.graph.volatile - book.graph.random):
        return found
    keys = [k for k in book.formula_cells() if k not in found]
    before = [book.stored(*k) for k in keys]
    state = book.rng.getstate()
    for draw in range(REDRAWS):
        book.rng.seed(f"sheetgd eval: redraw {draw}")
        book.calculate()
        found.update(k for k, v in zip(keys, before) if not _identical(book.stored(*k), v))
    book.rng.setstate(state)
    return found


def _identical(a, b) -> bool:
    if isinstance(a, float) and isinstance(b, float) and a != a and b != b:
        return True  # NaN
    return type(a) is type(b) and a == b


def compare_with_cached(book: Workbook, file: str = "", rel: float = DEFAULT_REL,
                        abs_: float = DEFAULT_ABS, limit: int = 50) -> Report:
    """Compare every formula cell's computed value with ``book.cached``."""
    report = Report(file=file, warnings=list(book.warnings))
    randomised = random_cells(book)
    iterated = book.iterated_cells()
    calls: dict[tuple, tuple] = {}  # (id of an AST shared down a column, sheet) -> (unknown, random)
    unknown: dict[str, int] = {}  # function sheetgd lacks -> cells calling it
    rand: set[str] = set()
    for name in book.sheet_names:
        report.sheets[name] = SheetCounts()
    for key in book.formula_cells():
        sheet, row, col = key
        counts = report.sheets[sheet]
        counts.formula_cells += 1
        node = book.sheet(sheet).cells.peek((row, col)).node
        found = calls.get((id(node), sheet))
        if found is None:  # a filled-down column shares one AST
            names = {n.name for n in walk(node) if isinstance(n, Call)}
            found = calls[(id(node), sheet)] = (
                unknown_functions(node, lambda n: book.names.lookup(n, sheet) is not None),
                [n for n in names if n in REGISTRY and REGISTRY[n].random])
        for name in found[0]:
            unknown[name] = unknown.get(name, 0) + 1
        rand.update(found[1])
        if key in randomised:
            counts.skipped += 1
            continue
        if key not in book.cached:  # saved without calculating (openpyxl does so)
            counts.uncached += 1
            continue
        cached = book.cached[key]
        computed = book.stored(sheet, row, col)
        if key in iterated:  # to the file's own maximum change (see Workbook.iteration)
            tolerance = book.iteration.max_change
            agree = same(cached, computed, max(rel, tolerance), max(abs_, tolerance))
        else:
            agree = same(cached, computed, rel, abs_)
        if agree:
            counts.matching += 1
            continue
        counts.differing += 1
        if len(report.differences) < limit:
            report.differences.append({
                "cell": address(*key),
                "formula": book.formula(address(*key)),
                "cached": _json_value(cached),
                "computed": _json_value(computed),
            })
    report.unknown_functions = sorted(unknown)
    for name in sorted(unknown, key=lambda n: (-unknown[n], n)):
        report.cannot_compute.setdefault(category(name), {})[name] = unknown[name]
    report.cannot_compute = dict(sorted(report.cannot_compute.items(),
                                        key=lambda kv: (-sum(kv[1].values()), kv[0])))
    report.random_functions = sorted(rand)
    return report


def cannot_compute_line(report: Report) -> str:
    """``cannot compute (not in sheetgd): financial: PRICE (12 cells), YIELD
    (3); cube: CUBEVALUE (4)``: the categories with the most cells first, in
    each the functions called by the most cells first; "" when none."""
    if not report.cannot_compute:
        return ""
    groups = []
    for group, names in report.cannot_compute.items():
        shown = [f"{name} ({count} cell{'s' if count != 1 else ''})" if not i else
                 f"{name} ({count})" for i, (name, count) in enumerate(names.items())]
        groups.append(f"{group}: " + ", ".join(shown))
    return "cannot compute (not in sheetgd, #NAME?): " + "; ".join(groups)


def format_report(report: Report) -> str:
    """The report as a table for people."""
    width = max([len("sheet")] + [len(s) for s in report.sheets])
    lines = [f"{report.file}",
             f"{'sheet':<{width}}  {'formulas':>8}  {'matching':>8}  {'differing':>9}  {'skipped':>7}"]
    for name, c in report.sheets.items():
        lines.append(f"{name:<{width}}  {c.formula_cells:>8}  {c.matching:>8}  "
                     f"{c.differing:>9}  {c.skipped:>7}")
    lines.append(f"{'total':<{width}}  {report.total('formula_cells'):>8}  "
                 f"{report.total('matching'):>8}  {report.total('differing'):>9}  "
                 f"{report.total('skipped'):>7}")
    if report.total("uncached"):
        lines.append(f"{report.total('uncached'):,} formula cells have no cached value: the file "
                     "was saved without calculating them (openpyxl does so), so there is nothing "
                     "to compare them with")
    if report.total("skipped"):
        said = ", ".join(report.random_functions) or "random functions"
        lines.append(f"{report.total('skipped'):,} formula cells skipped: they call or depend on "
                     f"{said}, which give a new value at every calculation (OFFSET and INDIRECT "
                     "are volatile but not random: compared)")
    if report.cannot_compute:
        lines.append(cannot_compute_line(report))
    if report.differences:
        lines.append("")
        lines.append("first differences:")
        for d in report.differences:
            lines.append(f"  {d['cell']}  {d['formula']}  cached={d['cached']!r}  "
                         f"computed={d['computed']!r}")
    for w in report.warnings:
        lines.append(f"warning: {w}")
    return "\n".join(lines)
