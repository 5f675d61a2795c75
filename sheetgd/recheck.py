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
financial: PRICE (12 cells), YIELD (3)``.  The skipped
cells are said with the random functions they depend on.

Cells calling a function that needs a live connection sheetgd never opens
(CUBEVALUE, RTD, STOCKHISTORY, WEBSERVICE, IMAGE ...) keep the value the
file cached (:mod:`.engine.connected`): they are counted apart, as *from
the file's cache*, by function (``from the file's cache, needs a
connection: CUBEVALUE (12 cells), RTD (3)``), never as matching.

Dynamic arrays (:mod:`.engine.spilling`): a file stores the cells an array
spilled into as plain values beside its anchor (the anchor's ``<f
t="array" ref=...>`` gives the spill range, its ``cm`` marks it dynamic).
Each of those cells is compared with the value computed there (counted as
*spilled cells*, and in matching or differing), and an anchor whose spill
range now has another size than the one saved is a difference, naming
both sizes (``"spill": {"cached": "C1:C3 (3x1)", "computed": "C1:C4
(4x1)"}``).  A cell of the spill the file saved that the array no longer
reaches is compared as empty.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .engine import EMPTY, Workbook, XLError
from .engine.catalog import category
from .engine.connected import connection_calls
from .engine.functions import REGISTRY, unknown_functions
from .engine.nodes import Call, walk
from .engine.refs import Area
from .engine.workbook import address

DEFAULT_REL = 1e-9
DEFAULT_ABS = 1e-12


@dataclass
class SheetCounts:
    formula_cells: int = 0
    spilled_cells: int = 0  # cells dynamic arrays spilled into in the file (compared too)
    matching: int = 0
    differing: int = 0
    skipped: int = 0  # random values
    uncached: int = 0  # no value in the file to compare with
    from_cache: int = 0  # call a connection function: the file's value kept


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
    #: connection function -> formula cells calling it that keep the file's value
    needs_connection: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def total(self, what: str) -> int:
        return sum(getattr(c, what) for c in self.sheets.values())

    def as_json(self) -> dict:
        return {
            "file": self.file,
            "formula_cells": self.total("formula_cells"),
            "spilled_cells": self.total("spilled_cells"),
            "matching": self.total("matching"),
            "differing": self.total("differing"),
            "skipped": self.total("skipped"),
            "uncached": self.total("uncached"),
            "from_cache": self.total("from_cache"),
            "sheets": {name: vars(c) for name, c in self.sheets.items()},
            "differences": self.differences,
            "unknown_functions": self.unknown_functions,
            "cannot_compute": self.cannot_compute,
            "random_functions": self.random_functions,
            "needs_connection": self.needs_connection,
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
    calls: dict[tuple, tuple] = {}  # (id of an AST shared down a column, sheet) -> (unknown, random, connection)
    connected: dict[str, int] = {}  # connection function -> cells keeping the file's value
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
                [n for n in names if n in REGISTRY and REGISTRY[n].random],
                connection_calls(node))
        for name in found[0]:
            unknown[name] = unknown.get(name, 0) + 1
        rand.update(found[1])
        saved = book.cached_spills.get(key)  # a dynamic array's spill range in the file
        # a cell left out of the comparison leaves out the cells it spilled into too
        spilled = _spilled_count(saved) if saved is not None else 0
        if key in randomised:  # its spilled cells are random too
            counts.spilled_cells += spilled
            counts.skipped += 1 + spilled
            continue
        if key not in book.cached:  # saved without calculating (openpyxl does so)
            counts.spilled_cells += spilled
            counts.uncached += 1 + spilled
            continue
        if found[2]:  # its value is the file's own (see .engine.connected)
            counts.spilled_cells += spilled
            counts.from_cache += 1 + spilled
            for name in found[2]:
                connected[name] = connected.get(name, 0) + 1
            continue
        if key in iterated:  # to the file's own maximum change (see Workbook.iteration)
            tolerance = book.iteration.max_change
            tolerances = (max(rel, tolerance), max(abs_, tolerance))
        else:
            tolerances = (rel, abs_)
        cached = book.cached[key]
        computed = book.stored(sheet, row, col)
        spill = None if saved is None else _spill_sizes(book, key, saved)
        if same(cached, computed, *tolerances) and spill is None:
            counts.matching += 1
        else:
            counts.differing += 1
            if len(report.differences) < limit:
                report.differences.append({
                    "cell": address(*key),
                    "formula": book.formula(address(*key)),
                    "cached": _json_value(cached),
                    "computed": _json_value(computed),
                    **({"spill": spill} if spill is not None else {}),
                })
        if saved is not None:
            _compare_spilled(book, key, saved, tolerances, counts, report, limit)
    report.unknown_functions = sorted(unknown)
    for name in sorted(unknown, key=lambda n: (-unknown[n], n)):
        report.cannot_compute.setdefault(category(name), {})[name] = unknown[name]
    report.cannot_compute = dict(sorted(report.cannot_compute.items(),
                                        key=lambda kv: (-sum(kv[1].values()), kv[0])))
    report.random_functions = sorted(rand)
    report.needs_connection = dict(sorted(connected.items(), key=lambda kv: (-kv[1], kv[0])))
    return report


def from_cache_line(report: Report) -> str:
    """``from the file's cache, needs a connection: CUBEVALUE (12 cells),
    RTD (3)``: the functions called by the most cells first; "" when none."""
    if not report.needs_connection:
        return ""
    shown = [f"{name} ({count} cell{'s' if count != 1 else ''})" if not i else f"{name} ({count})"
             for i, (name, count) in enumerate(report.needs_connection.items())]
    return ("from the file's cache, needs a connection (kept, not recomputed): "
            + ", ".join(shown))


def _spilled_count(saved) -> int:
    """The cells of a saved spill range but its anchor."""
    return saved.height * saved.width - 1


def _size(area) -> str:
    return f"{area.a1()} ({area.height}x{area.width})"


def _spill_sizes(book: Workbook, key, saved):
    """``{"cached": "C1:C3 (3x1)", "computed": ...}`` when the dynamic array
    at ``key`` now spills a range of another size than the ``saved`` one
    (one value, or ``#SPILL!``, occupies its anchor alone: 1x1), else None."""
    now = book.dynamic_array_area(*key) or Area(saved.sheet, key[1], key[2], key[1], key[2])
    if (now.height, now.width) == (saved.height, saved.width):
        return None
    return {"cached": _size(saved), "computed": _size(now)}


def _compare_spilled(book: Workbook, key, saved, tolerances, counts: SheetCounts,
                     report: Report, limit: int):
    """Compare the cells the array anchored at ``key`` spilled into in the
    file (``saved``, its anchor apart) with what they hold now."""
    sheet, anchor = key[0], (key[1], key[2])
    formula = None
    for r, c in saved.cells():
        if (r, c) == anchor:
            continue
        counts.spilled_cells += 1
        cell = (sheet, r, c)
        if cell not in book.cached:
            counts.uncached += 1
            continue
        cached, computed = book.cached[cell], book.stored(sheet, r, c)
        if same(cached, computed, *tolerances):
            counts.matching += 1
            continue
        counts.differing += 1
        if len(report.differences) < limit:
            formula = formula or book.formula(address(*key))
            report.differences.append({
                "cell": address(*cell),
                "formula": formula,
                "spilled_from": address(*key),
                "cached": _json_value(cached),
                "computed": _json_value(computed),
            })


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
    if report.total("spilled_cells"):
        lines.append(f"{report.total('spilled_cells'):,} cells dynamic arrays spilled into were "
                     "compared too (counted among matching and differing)")
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
    if report.needs_connection:
        lines.append(from_cache_line(report))
    if report.differences:
        lines.append("")
        lines.append("first differences:")
        for d in report.differences:
            where = f"(spilled from {d['spilled_from']} {d['formula']})" \
                if "spilled_from" in d else d["formula"]
            lines.append(f"  {d['cell']}  {where}  cached={d['cached']!r}  "
                         f"computed={d['computed']!r}")
            if "spill" in d:
                lines.append(f"    spill range: cached {d['spill']['cached']}, "
                             f"computed {d['spill']['computed']}")
    for w in report.warnings:
        lines.append(f"warning: {w}")
    return "\n".join(lines)
