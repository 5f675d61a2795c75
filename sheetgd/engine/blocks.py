"""Compiled evaluation of filled-down rows.

Rows whose formulas are the same relative ASTs (a filled-down block: every
row of the adam sheet between the first and the summary row) are evaluated
by one generated loop instead of cell by cell: the loop keeps the block's
values in local floats, reads the cells outside the block once into arrays,
and writes the results back.  It runs under numba when that is installed
and the block is big enough to repay the compilation; otherwise as plain
generated Python.

The loop only handles numbers, with Excel's semantics: the operators + - *
/ ^ % and unary minus, SQRT, EXP, LN, ABS, SIN, COS, PI(), MIN and MAX of
numbers given one by one, IF of a comparison of two numbers (only the
branch taken is computed; a comparison too close to call after Excel's
15-digit rounding is left to the cell), RAND() and RANDBETWEEN of two
numbers outside IF's branches (see below), references, and ROW, COLUMN,
ROWS, COLUMNS of the host cell or of a reference given directly -- numbers
worked out from the row being computed; such a reference is no input of the
block (its cells are not read, as in Excel: ``=ROWS($A$1:A1)`` filled down
is a running count, not a circular reference).  Whenever a row
would produce anything else -- an error (division by zero, SQRT of a
negative, overflow), or an input that is not a number -- the loop stops
before that row, and the engine evaluates the rest cell by cell, so the
results are always the plain path's, bit for bit.

A block drawing random numbers (a column of ``=RANDBETWEEN(1,100)``) is
volatile, as its cells would be, and compiled only where it is the
workbook's one random source (:meth:`.blockcalc.BlockCalculation._find_blocks`):
it draws once per row, row after row, from the workbook's generator --
the draws the cells would make in their order.  The draws are made before
the loop (:meth:`Block.draws`) and read by it as an input; when the loop
stops before a row, the generator is rewound and only the rows done are
drawn again, so the cell that computes the row draws the same number.
"""

from __future__ import annotations

import logging
import math
import pickle
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .evaluate import SETTLE_OPS, SETTLE_FACTOR, operator_chain
from .functions.trig import ANGLE_LIMIT
from .moving import merge_moving
from .nodes import Binary, Call, Number, Paren, Percent, RefNode, Unary
from .refs import MAX_COL, MAX_ROW

log = logging.getLogger(__name__)

#: Blocks with at least this many cells are compiled with numba (if installed).
NUMBA_MIN_CELLS = 50_000
_FUNCS = {"SQRT", "EXP", "LN", "ABS"}
_OPERATORS = ("+", "-", "*", "/", "^")
_POSITIONS = {"ROW", "COLUMN", "ROWS", "COLUMNS"}  # of a reference given directly
_TRIG = {"SIN", "COS"}
_COMPARISONS = {"=": "==", "<>": "!=", "<": "<", ">": ">", "<=": "<=", ">=": ">="}
_RANDOM = {"RAND", "RANDBETWEEN"}  # drawn from the workbook's generator


_ABSENT = object()


class Unsupported(Exception):
    """The template uses something the compiled loop does not handle."""


@dataclass(eq=False)
class Block:
    """Rows ``first..last`` of one sheet sharing the formulas ``columns``."""

    sheet: str
    first: int
    last: int
    columns: dict  # col -> relative AST
    order: list = field(default_factory=list)  # columns in intra-row dependency order
    inputs: list = field(default_factory=list)  # (name, sheet|None, dr, col, row_abs) outside the block
    kernel: object = None
    numba: bool = False
    prev_cols: set = field(default_factory=set)  # block columns read one row up
    node: object = None  # its node in the calculation order
    outside_precedents: set = field(default_factory=set)  # formula cells it reads
    outside_dependents: set = field(default_factory=set)  # formula cells reading it
    # The block's values, column by column (see get/put): a float64 array per
    # column, and the few values that are not numbers (errors, text, ...).
    values: dict = field(default_factory=dict)  # col -> np.ndarray
    other: dict = field(default_factory=dict)  # col -> {row: non-float value}
    input_cache: dict = field(default_factory=dict)  # input -> (version, start, array)
    rng: object = None  # the workbook's generator, for a block that draws (see draws)
    draw: tuple = ()  # ("RAND",) or ("RANDBETWEEN", low, high): what each row draws

    @property
    def cells(self) -> int:
        return (self.last - self.first + 1) * len(self.columns)

    @property
    def random(self) -> bool:
        """Whether a formula of the block draws random numbers (the block is volatile)."""
        return bool(self.draw)

    def draws(self, n: int) -> list:
        """The next ``n`` rows' draws from the workbook's generator, made as
        :mod:`.functions.rand` makes them (RANDBETWEEN's randint(low, high)
        is CPython's low + _randbelow(high - low + 1), without its checks)."""
        if self.draw[0] == "RAND":
            uniform = self.rng.random
            return [uniform() for _ in range(n)]
        _, low, high = self.draw
        below, width = self.rng._randbelow, high - low + 1
        return [float(low + below(width)) for _ in range(n)]

    @property
    def rows(self) -> int:
        return self.last - self.first + 1

    # -- columnar values -------------------------------------------------------------
    # ``values[col]`` holds a column's numbers; ``other[col]`` maps the rows
    # whose value is not a number (an error, text, empty) to that value.
    def allocate(self):
        """Columns for the block's values.  They are not read from the cells:
        a new block is found only when the graph is rebuilt, and that makes
        every block stale from its first row, so the same calculation pass
        computes every value before anything can read it."""
        self.values = {c: np.zeros(self.rows) for c in self.columns}
        self.other = {}

    def store_values(self, cells):
        """Give the values back to the cells (the block is being dissolved;
        ``cells``: the sheet's :class:`~.cells.Cells`)."""
        for c, column in self.values.items():
            cells.set_column_values(c, self.first, column.tolist())
        for c, odd in self.other.items():
            for r, v in odd.items():
                cells.set_value((r, c), v)

    def get(self, row: int, col: int):
        if self.other:
            odd = self.other.get(col)
            if odd:
                v = odd.get(row, _ABSENT)
                if v is not _ABSENT:
                    return v
        return self.values[col].item(row - self.first)

    def column(self, col: int, row1: int, row2: int) -> list:
        """The values of rows ``row1..row2`` of column ``col``."""
        out = self.values[col][row1 - self.first:row2 - self.first + 1].tolist()
        for r, v in self.other.get(col, {}).items():
            if row1 <= r <= row2:
                out[r - row1] = v
        return out

    def put(self, row: int, col: int, value):
        if type(value) is float:
            self.values[col][row - self.first] = value
            odd = self.other.get(col)
            if odd:
                odd.pop(row, None)
        else:
            self.other.setdefault(col, {})[row] = value

    def put_rows(self, start: int, columns: dict, n: int):
        """Numbers for ``n`` rows from ``start`` (``columns``: col -> list; the
        numba kernel writes the arrays itself and passes none)."""
        i = start - self.first
        for c, column in columns.items():
            self.values[c][i:i + n] = column
        if self.other and n:
            for c, odd in list(self.other.items()):
                if start <= self.first and start + n > self.last:
                    odd.clear()
                else:
                    for r in [r for r in odd if start <= r < start + n]:
                        del odd[r]
                if not odd:
                    del self.other[c]

    def keys(self, first_row: int | None = None):
        """The block's cells, from ``first_row`` (default: its first) down,
        row by row, each row's columns in dependency order."""
        name, start = self.sheet, self.first if first_row is None else max(first_row, self.first)
        cols = self.order or list(self.columns)
        return ((name, r, c) for r in range(start, self.last + 1) for c in cols)


def find_blocks(sheet, min_rows: int = 8) -> list[Block]:
    """Runs of at least ``min_rows`` consecutive rows whose formula cells
    have the same ASTs (from the sheet's formula runs when it keeps them,
    else by scanning its cells: the same answer), absolute rows that move
    with the row counting as relative ones (:mod:`.moving`)."""
    if sheet.formula_runs is not None:
        runs = sheet.formula_runs
    else:
        runs = _runs_of_cells(sheet)
    rows = _rows_from_runs({col: merge_moving(column) for col, column in runs.items()})
    blocks, start, prev, end = [], None, None, None
    for first, last, row in list(rows) + [(None, None, None)]:
        # the same column -> AST mapping (identical nodes compare at once)
        if row is not None and prev is not None and first == end + 1 and row == prev:
            end = last
            continue
        if prev is not None and end - start + 1 >= min_rows:
            blocks.append(Block(sheet.name, start, end, dict(sorted(prev.items()))))
        start, prev, end = first, row, last
    return blocks


def _runs_of_cells(sheet) -> dict:
    """The sheet's formula runs found by scanning its cells (the cells of
    array formulas left out): col -> [(first, last, node)] sorted."""
    by_col: dict[int, list] = {}
    for (r, c), cell in sheet.cells.items():
        if cell.node is not None and cell.group is None:
            by_col.setdefault(c, []).append((r, cell.node))
    runs = {}
    for c, column in by_col.items():
        column.sort(key=lambda rn: rn[0])
        out = []
        for r, node in column:
            if out and out[-1][1] == r - 1 and out[-1][2] == node:
                out[-1][1] = r
            else:
                out.append([r, r, node])
        runs[c] = [tuple(run) for run in out]
    return runs


def _rows_from_runs(runs: dict) -> list:
    """``(first, last, {col: node})`` for the stretches of rows over which the
    column -> AST mapping stays the same, from a sheet's formula runs (a
    sweep over the runs' ends: no cell is visited)."""
    events: dict[int, list] = {}
    for col, column in runs.items():
        for first, last, node in column:
            events.setdefault(first, []).append((col, node))
            events.setdefault(last + 1, []).append((col, None))
    out, active = [], {}
    points = sorted(events)
    for here, after in zip(points, points[1:] + [None]):
        for col, node in sorted(events[here], key=lambda e: e[1] is not None):
            if node is None:
                active.pop(col, None)
            else:
                active[col] = node
        if active and after is not None:
            out.append((here, after - 1, dict(active)))
    return out


def formula_keys_outside(sheet, blocks) -> list:
    """The ``(row, col)`` of the sheet's formula cells that are in none of
    ``blocks`` (from its formula runs; None if it does not keep them)."""
    if sheet.formula_runs is None:
        return None
    spans: dict[int, list] = {}
    for b in blocks:
        for c in b.columns:
            spans.setdefault(c, []).append((b.first, b.last))
    out = []
    for col, column in sheet.formula_runs.items():
        taken = sorted(spans.get(col, ()))
        for first, last, _ in column:
            r = first
            for b_first, b_last in taken:
                if b_last < r or b_first > last:
                    continue
                out += [(row, col) for row in range(r, b_first)]
                r = b_last + 1
            out += [(row, col) for row in range(r, last + 1)]
    return out


class _Compiler:
    """Generates the loop body of one block."""

    def __init__(self, block: Block):
        self.block = block
        self.inputs: dict[tuple, str] = {}
        self.deps: dict[int, set] = {c: set() for c in block.columns}
        self.lines: list[str] = []
        self.tmp = 0
        self.branches = 0  # depth of IF branches the expression being compiled is in

    def name_of_input(self, key) -> str:
        if key not in self.inputs:
            self.inputs[key] = f"in{len(self.inputs)}"
        return self.inputs[key]

    def ref(self, node: RefNode, col: int) -> str:
        ref = node.ref
        if ref.end is not None:
            raise Unsupported("ranges")
        c = ref.start.col if ref.start.col_abs else col + ref.start.col
        same_sheet = ref.sheet is None or ref.sheet.upper() == self.block.sheet.upper()
        if ref.start.row_abs:
            if same_sheet and c in self.block.columns and \
                    self.block.first <= ref.start.row <= self.block.last:
                raise Unsupported("absolute reference into the block")
            return self.name_of_input(("abs", ref.sheet, ref.start.row, c)) + "[0]"
        dr = ref.start.row
        if same_sheet and c in self.block.columns and abs(dr) < self.block.rows:  # rows of the block
            if dr > 0:
                raise Unsupported("reference to a later row of the block")
            if dr == 0:
                self.deps[col].add(c)
                return f"v{c}"
            if dr == -1:
                self.block.prev_cols.add(c)
                return f"p{c}"
            raise Unsupported("reference more than one row up")
        return self.name_of_input(("rel", ref.sheet, dr, c)) + "[i]"

    def checked(self, expr: str) -> str:
        self.tmp += 1
        t = f"t{self.tmp}"
        self.lines.append(f"{t} = {expr}")
        self.lines.append(f"if not isfinite({t}): return i")
        return t

    def expr(self, node, col: int) -> str:
        if isinstance(node, Paren):
            return self.expr(node.inner, col)
        if isinstance(node, Number):
            return repr(float(node.value))
        if isinstance(node, RefNode):
            return self.ref(node, col)
        if isinstance(node, Unary) and node.op in "-+":
            inner = self.expr(node.operand, col)
            return inner if node.op == "+" else self.checked(f"0.0 - {inner}")
        if isinstance(node, Percent):
            return self.checked(f"{self.expr(node.operand, col)} / 100.0")
        if isinstance(node, Binary) and node.op in _OPERATORS:
            operands, ops = operator_chain(node)  # a long chain in a loop, not by recursion
            if any(op not in _OPERATORS for op in ops):
                raise Unsupported("operator")
            a = self.expr(operands[0], col)
            for op, operand in zip(ops, operands[1:]):
                a = self.operation(op, a, self.expr(operand, col))
            return a
        if isinstance(node, Call) and node.name in _FUNCS and len(node.args) == 1:
            x = self.expr(node.args[0], col)
            if node.name == "SQRT":
                self.lines.append(f"if {x} < 0.0: return i")
                return self.checked(f"sqrt({x})")
            if node.name == "LN":
                self.lines.append(f"if {x} <= 0.0: return i")
                return self.checked(f"log({x})")
            if node.name == "EXP":
                self.lines.append(f"if {x} > 709.0: return i")
                return self.checked(f"exp({x})")
            return self.checked(f"abs({x})")
        if isinstance(node, Call) and node.name in _TRIG and len(node.args) == 1:
            x = self.expr(node.args[0], col)
            self.lines.append(f"if abs({x}) >= {ANGLE_LIMIT!r}: return i")  # #NUM!
            return self.value(f"{node.name.lower()}({x})")
        if isinstance(node, Call) and node.name == "PI" and not node.args:
            return repr(math.pi)
        if isinstance(node, Call) and node.name in ("MIN", "MAX") and node.args:
            return self.extreme(node, col)
        if isinstance(node, Call) and node.name == "IF" and len(node.args) == 3:
            return self.choice(node, col)
        if isinstance(node, Call) and node.name in _POSITIONS and len(node.args) <= 1:
            return self.position(node, col)
        if isinstance(node, Call) and node.name in _RANDOM:
            return self.draw(node)
        raise Unsupported(type(node).__name__)

    def extreme(self, node: Call, col: int) -> str:
        """MIN or MAX of numbers given one by one, as the function takes them
        (:func:`.functions.stats.MIN`: Python's ``min`` of the list, the
        first of equal values); a range argument is not compiled."""
        beats = "<" if node.name == "MIN" else ">"
        best = self.expr(node.args[0], col)
        for arg in node.args[1:]:
            x = self.expr(arg, col)
            best = self.value(f"{x} if {x} {beats} {best} else {best}")
        return best

    def choice(self, node: Call, col: int) -> str:
        """IF(comparison, a, b): only the branch taken is computed (an error
        in the other one is no error of the cell)."""
        test = self.comparison(node.args[0], col)
        self.tmp += 1
        t = f"t{self.tmp}"
        outer, branches = self.lines, []
        self.branches += 1
        for arg in node.args[1:]:
            self.lines = []
            value = self.expr(arg, col)
            branches.append(self.lines + [f"{t} = {value}"])
        self.branches -= 1
        self.lines = outer
        self.lines.append(f"if {test}:")
        self.lines += ["    " + line for line in branches[0]]
        self.lines.append("else:")
        self.lines += ["    " + line for line in branches[1]]
        return t

    def comparison(self, node, col: int) -> str:
        """A comparison of two numbers as Excel's operators make it: both
        rounded to 15 significant digits first (:func:`.values.compare_rounded`).
        Rounding moves a number by at most 5e-15 of itself, so numbers
        further apart than 1e-13 of the larger compare as they are, and
        equal ones are equal; between the two the loop stops and the cell
        computes the row."""
        while isinstance(node, Paren):
            node = node.inner
        if not (isinstance(node, Binary) and node.op in _COMPARISONS):
            raise Unsupported("IF of anything but a comparison")
        a, b = self.expr(node.left, col), self.expr(node.right, col)
        self.lines.append(f"if {a} != {b} and abs({a} - {b}) <= 1e-13 * max(abs({a}), abs({b})): "
                          "return i")
        return f"({a} {_COMPARISONS[node.op]} {b})"

    def draw(self, node: Call) -> str:
        """RAND() or RANDBETWEEN(number, number): one draw from the
        workbook's generator, as :mod:`.functions.rand` draws it; only one
        per row (the draws then come in the cells' order), and not in a
        branch of IF: the loop draws for every row before it runs, where the
        cell draws only in the rows that take the branch."""
        if self.block.rng is None:
            raise Unsupported("a random function where another random formula is")
        if self.branches:
            raise Unsupported("a random function in a branch of IF (drawn only where taken)")
        if self.block.draw:
            raise Unsupported("more than one random function in a row")
        if node.name == "RAND" and not node.args:
            self.block.draw = ("RAND",)
            return "drawn[i]"
        bounds = [_number(a) for a in node.args]
        if node.name != "RANDBETWEEN" or len(bounds) != 2 or None in bounds:
            raise Unsupported(f"{node.name} of anything but numbers")
        low, high = math.ceil(bounds[0]), math.floor(bounds[1])
        if high < low:
            raise Unsupported("RANDBETWEEN with no integer")
        self.block.draw = ("RANDBETWEEN", low, high)
        return "drawn[i]"

    def position(self, node: Call, col: int) -> str:
        """ROW, COLUMN, ROWS or COLUMNS of a reference given directly (of the
        host cell for ROW() and COLUMN()), as in a cell: the first row or
        column of the area, or its size.  Rows come from ``top + i``, the
        row being computed; a row off the grid (#REF! in a cell) stops the
        loop.  The reference is not an input: no cell of it is read."""
        arg = node.args[0] if node.args else None
        while isinstance(arg, Paren):
            arg = arg.inner
        if arg is None and node.name in ("ROW", "COLUMN"):
            rows, cols = ("(top + i)", "(top + i)"), (float(col), float(col))
        elif isinstance(arg, RefNode):
            ends = (arg.ref.start,) if arg.ref.end is None else (arg.ref.start, arg.ref.end)
            if ends[0].row is None:  # whole columns
                rows = (1.0, float(MAX_ROW))
            else:
                rows = tuple(self.position_row(e) for e in ends)
            if ends[0].col is None:  # whole rows
                cols = (1.0, float(MAX_COL))
            else:
                cols = tuple(float(e.col if e.col_abs else col + e.col) for e in ends)
            if not all(1 <= c <= MAX_COL for c in cols):
                raise Unsupported("reference off the grid")
            if len(ends) == 1:  # a cell: both ends the same
                rows, cols = rows * 2, cols * 2
        else:
            raise Unsupported(f"{node.name} of an expression")
        lo, hi = self.bounds(*(rows if node.name in ("ROW", "ROWS") else cols))
        if node.name in ("ROW", "COLUMN"):
            return repr(lo) if isinstance(lo, float) else lo
        if isinstance(lo, float) and isinstance(hi, float):
            return repr(hi - lo + 1.0)
        return self.value(f"{hi} - {lo} + 1.0")

    def position_row(self, coord) -> str | float:
        """The row of one end of a reference: a number, or a local holding
        it for the row being computed (the loop stops where it is off the grid)."""
        if coord.row_abs:
            return float(coord.row)
        row = self.value(f"top + i + {float(coord.row)!r}" if coord.row else "top + i")
        self.lines.append(f"if {row} < 1.0 or {row} > {float(MAX_ROW)!r}: return i")
        return row

    def bounds(self, a, b) -> tuple:
        """(smaller, larger) of two ends, numbers when both are numbers."""
        if isinstance(a, float) and isinstance(b, float):
            return min(a, b), max(a, b)
        if a == b:
            return a, a
        return self.value(f"min({a}, {b})"), self.value(f"max({a}, {b})")

    def value(self, expr: str) -> str:
        """``expr`` in a new local (never infinite: no check)."""
        self.tmp += 1
        t = f"t{self.tmp}"
        self.lines.append(f"{t} = {expr}")
        return t

    def operation(self, op: str, a: str, b: str) -> str:
        if op == "/":
            self.lines.append(f"if {b} == 0.0: return i")
        if op == "^":
            return self._power(a, b)
        return self.checked(f"{a} {op} {b}")

    def formula(self, node, col: int) -> str:
        """A column's whole formula: :meth:`expr`, with Excel's rule for a
        last addition or subtraction that cancels (evaluate.settled: 0 below
        2^-50 of the larger operand) where the formula's outermost operation
        is one, as the cell-by-cell path does."""
        if not (isinstance(node, Binary) and node.op in SETTLE_OPS):
            return self.expr(node, col)
        a, b = self.expr(node.left, col), self.expr(node.right, col)
        t = self.operation(node.op, a, b)
        self.lines.append(f"if abs({t}) * {SETTLE_FACTOR!r} < max(abs({a}), abs({b})): {t} = 0.0")
        return t

    def _power(self, a: str, b: str) -> str:
        # arith.power: 0^0, 0^negative and negative^fraction are errors; 0^b is 0; x^2 is x*x
        self.lines.append(f"if {a} == 0.0 and {b} <= 0.0: return i")
        self.lines.append(f"if {a} < 0.0 and {b} != floor({b}): return i")
        # pow's operands plus ``zero`` (0.0 the compiler cannot see through, see source):
        # LLVM rewrites pow of a known operand (pow(2^27, y) as exp2(27*y), pow(x, -1)
        # as 1/x), which is not libm's pow, the cell's, to the last bit
        return self.checked(f"0.0 if {a} == 0.0 else "
                            f"({a} * {a} if {b} == 2.0 else pow({a} + zero, {b} + zero))")

    def source(self) -> str:
        bodies = {}
        for col, node in self.block.columns.items():
            self.lines = []
            result = self.formula(node, col)
            bodies[col] = (self.lines, result)
        order = _topological(self.deps)
        self.block.order = order
        cols = list(self.block.columns)
        outs = [f"out{j}" for j in range(len(cols))]
        args = ", ".join(["n", "top", "prev"] + outs + list(self.inputs.values())
                         + (["drawn"] if self.block.draw else []))
        src = [f"def kernel({args}):", "    zero = top * 0.0  # top is a row number: 0.0, unknown to numba"]
        for j, c in enumerate(cols):
            src.append(f"    p{c} = prev[{j}]")
        src.append("    for i in range(n):")
        for c in order:
            lines, result = bodies[c]
            src += [f"        {ln}" for ln in lines]
            src.append(f"        v{c} = {result}")
        for j, c in enumerate(cols):
            src.append(f"        out{j}[i] = v{c}")
        for c in cols:
            src.append(f"        p{c} = v{c}")
        src.append("    return n")
        self.block.inputs = list(self.inputs)
        return "\n".join(src)


def _number(node) -> float | None:
    """A number written in the formula (``5``, ``-5``, ``(5)``), else None."""
    sign = 1.0
    while isinstance(node, (Paren, Unary)):
        if isinstance(node, Unary):
            if node.op not in "+-":
                return None
            sign = -sign if node.op == "-" else sign
            node = node.operand
        else:
            node = node.inner
    return sign * float(node.value) if isinstance(node, Number) else None


def _topological(deps: dict[int, set]) -> list[int]:
    order, done, visiting = [], set(), set()

    def visit(c):
        if c in done:
            return
        if c in visiting:
            raise Unsupported("circular reference within a row")
        visiting.add(c)
        for d in sorted(deps[c]):
            visit(d)
        visiting.discard(c)
        done.add(c)
        order.append(c)

    for c in sorted(deps):
        visit(c)
    return order


def compile_block(block: Block, rng=None) -> bool:
    """Attach a kernel to ``block``; False if its formulas are not supported.
    ``rng``: the workbook's generator, where the block may draw from it
    (None: a random function keeps it from being compiled)."""
    block.rng, block.draw = rng, ()
    try:
        src = _Compiler(block).source()
    except Unsupported as why:
        log.debug("block %s!%d:%d not compiled: %s", block.sheet, block.first, block.last, why)
        block.rng, block.draw = None, ()
        return False
    if not block.draw:
        block.rng = None
    if block.cells >= NUMBA_MIN_CELLS:
        try:
            block.kernel = _numba_kernel(src)
            block.numba = True
            return True
        except ImportError:
            _note_without_numba()
    # math.pow raises on overflow where numba gives inf
    kernel = _PYTHON_KERNELS.get(src)
    if kernel is None:
        kernel = _PYTHON_KERNELS[src] = _python_kernel(src, pow=_pow)
    block.kernel = kernel
    return True


#: source -> plain Python kernel, this process (the passes of the macro-free
#: book: hundreds of small blocks with one source per sheet).
_PYTHON_KERNELS: dict[str, object] = {}


_NOTED_WITHOUT_NUMBA = []


def _note_without_numba() -> None:
    """Say once per process that large blocks run as plain Python (numba is a
    dependency, but an install without it, or a numba that fails to import,
    still works, about 10x slower)."""
    if not _NOTED_WITHOUT_NUMBA:
        _NOTED_WITHOUT_NUMBA.append(True)
        warnings.warn("numba is not installed (or does not import): filled-down columns are "
                      "computed in plain Python, about 10x slower; pip install numba",
                      RuntimeWarning, stacklevel=3)


#: What the generated source calls (also imported by the cached kernel modules).
_MATH_NAMES = ("cos", "exp", "floor", "isfinite", "log", "pow", "sin", "sqrt")


def _python_kernel(src: str, **overrides):
    """``kernel`` defined by executing the generated source."""
    namespace = {name: getattr(math, name) for name in _MATH_NAMES} | overrides
    exec(src, namespace)  # noqa: S102 - our own generated source
    return namespace["kernel"]


_NUMBA_KERNELS: dict[str, object] = {}  # source -> compiled kernel, this process

#: What a damaged entry of the kernel cache raises: an emptied or garbled
#: module, index or compiled file (numba unpickles them when the kernel is
#: first called).
_CACHE_FAULTS = (pickle.UnpicklingError, EOFError, OSError, ValueError, AttributeError,
                 ImportError, IndexError, KeyError, TypeError)


class KernelCacheWarning(UserWarning):
    """A damaged entry of the kernel cache was discarded and compiled again."""


def _numba_kernel(src: str):
    """The kernel compiled by numba: once per process for a given source,
    and from numba's on-disk cache when the same source was compiled before
    (the source is written as a module under :func:`kernel_cache_dir`, which
    numba's ``cache=True`` needs).  Without a writable cache directory it
    compiles in memory.  A damaged cache entry heals itself
    (:class:`_CachedKernel`)."""
    import numba

    kernel = _NUMBA_KERNELS.get(src)
    if kernel is not None:
        return kernel
    folder = kernel_cache_dir()
    kernel = path = None
    if folder is not None:
        try:
            path = _kernel_file(src, Path(folder), numba.__version__)
        except OSError:  # no writable cache folder: compile in memory
            path = None
    if path is not None:
        try:
            kernel = _CachedKernel(numba.njit(cache=True, nogil=True)(_kernel_module(path).kernel),
                                   src, path)
        except _CACHE_FAULTS as exc:
            _forget(path, exc)
    if kernel is None:
        kernel = numba.njit(cache=False, nogil=True)(_python_kernel(src))
    _NUMBA_KERNELS[src] = kernel
    return kernel


class _CachedKernel:
    """A kernel from the on-disk cache, which numba loads at its first call:
    if that fails (a file emptied or garbled), the entry is discarded with
    one warning and the kernel compiled again in memory."""

    def __init__(self, kernel, src: str, path: Path):
        self.kernel, self.src, self.path = kernel, src, path

    def __call__(self, *args):
        try:
            return self.kernel(*args)
        except _CACHE_FAULTS as exc:
            if self.path is None:  # compiled in memory already: a real fault
                raise
            import numba

            _forget(self.path, exc)
            self.path = None
            self.kernel = numba.njit(cache=False, nogil=True)(_python_kernel(self.src))
            return self.kernel(*args)


def _forget(path: Path, exc: Exception):
    """Remove a cache entry (its module and numba's files for it), warning once."""
    for f in [path, *path.parent.glob(f"__pycache__/{path.stem}.*")]:
        f.unlink(missing_ok=True)
    warnings.warn(f"a compiled kernel in the cache ({path.parent}) could not be loaded "
                  f"({type(exc).__name__}: {exc}); it was discarded and is compiled again",
                  KernelCacheWarning, stacklevel=2)


_WARM_UP = "def kernel(x):\n    x[0] = sqrt(x[0])\n    return 0\n"


def warm_up() -> bool:
    """Start numba now (import it, initialise its compiler, load a cached
    trivial kernel): a one-off ~0.4 s per process that the first big
    block's calculation would otherwise pay.  False without numba."""
    try:
        kernel = _numba_kernel(_WARM_UP)
    except ImportError:
        return False
    kernel(np.ones(1))
    return True


def kernel_cache_dir():
    """Where compiled kernels are kept: ``$SHEETGD_KERNEL_CACHE`` (empty:
    nowhere), else ``~/.cache/sheetgd/kernels``."""
    import os
    from pathlib import Path

    setting = os.environ.get("SHEETGD_KERNEL_CACHE")
    if setting is not None:
        return Path(setting) if setting else None
    return Path.home() / ".cache" / "sheetgd" / "kernels"


def _kernel_text(src: str) -> str:
    return ("# generated by sheetgd.engine.blocks: one filled-down block's loop\n"
            f"from math import {', '.join(_MATH_NAMES)}  # noqa: F401\n\n" + src + "\n")


def _kernel_name(src: str, numba_version: str) -> str:
    import hashlib

    return "k_" + hashlib.sha256(f"{numba_version}\n{_kernel_text(src)}".encode()).hexdigest()[:24]


def _kernel_file(src: str, folder: Path, numba_version: str) -> Path:
    """The kernel's module in the cache folder, written if missing (whole or
    not at all); OSError when the folder cannot be written."""
    import os

    path = folder / f"{_kernel_name(src, numba_version)}.py"
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        part = path.with_name(f".{path.stem}.{os.getpid()}.part")
        part.write_text(_kernel_text(src))
        os.replace(part, path)
    return path


def _kernel_module(path: Path):
    """Import a cached kernel's module (numba's cache re-imports it by name)."""
    import importlib.util
    import sys

    module_name = f"_sheetgd_kernel_{path.stem}"
    spec = importlib.util.spec_from_file_location(module_name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    spec.loader.exec_module(module)
    return module


def _pow(a: float, b: float) -> float:
    try:
        return math.pow(a, b)
    except OverflowError:
        return math.inf


def run(block: Block, book, start: int) -> int:
    """Evaluate rows ``start..block.last`` of ``block`` with its kernel,
    writing the block's columns.  Returns the number of rows done: the
    kernel stops before a row it cannot do, and does nothing (0) when an
    input is not a number."""
    n = block.last - start + 1
    read, sheet, cols = book.read, block.sheet, list(block.columns)
    # values of the row above, for the references one row up (others unused)
    prev = [read(sheet, start - 1, c) if c in block.prev_cols else 0.0 for c in cols]
    if not all(type(v) is float for v in prev):
        return 0
    args = []
    for j, (kind, ref_sheet, where, c) in enumerate(block.inputs):
        s = ref_sheet or sheet
        if kind == "abs":
            value = read(s, where, c)
            if type(value) is not float:
                return 0
            args.append(np.array([value]) if block.numba else [value])
            continue
        column = _input_column(block, book, j, s, where, c)
        if column is None:
            return 0
        column = column[start - block.first:]
        args.append(column if block.numba else column.tolist())
    i0 = start - block.first
    if block.draw:
        state = block.rng.getstate()
        drawn = block.draws(n)
        args.append(np.array(drawn) if block.numba else drawn)
    if block.numba:
        outs = [block.values[c][i0:] for c in cols]  # the kernel writes the block's arrays
        done = int(block.kernel(n, float(start), np.array(prev), *outs, *args))
        block.put_rows(start, {}, done)
    else:
        outs = [[0.0] * n for _ in cols]
        done = int(block.kernel(n, float(start), prev, *outs, *args))
        block.put_rows(start, {c: o[:done] for c, o in zip(cols, outs)}, done)
    if block.draw and done < n:  # rewind: the rows done draw again, the row stopped at not
        block.rng.setstate(state)
        block.draws(done)
    return done


def _input_column(block: Block, book, j: int, sheet: str, dr: int, col: int):
    """Input ``j`` (column ``col`` of ``sheet``, ``dr`` rows off) for every row
    of the block, as a float64 array; None if a value is not a number.  Read
    once and kept while the cells are constants nobody wrote to."""
    version = book.column_version(sheet, col)
    cached = block.input_cache.get(j)
    if cached is not None and cached[0] == version:
        return cached[1]
    values, constant = book.gather_numbers(sheet, col, block.first + dr, block.last + dr)
    if values is None:
        return None
    column = np.array(values, dtype=float)
    if constant:
        block.input_cache[j] = (version, column)
    return column
