"""Compiled evaluation of filled-down rows.

Rows whose formulas are the same relative ASTs (a filled-down block: every
row of the adam sheet between the first and the summary row) are evaluated
by one generated loop instead of cell by cell: the loop keeps the block's
values in local floats, reads the cells outside the block once into arrays,
and writes the results back.  It runs under numba when that is installed
and the block is big enough to repay the compilation; otherwise as plain
generated Python.

The loop only handles numbers, with Excel's semantics: the operators + - *
/ ^ % and unary minus, SQRT, EXP, LN, ABS, references.  Whenever a row
would produce anything else -- an error (division by zero, SQRT of a
negative, overflow), or an input that is not a number -- the loop stops
before that row, and the engine evaluates the rest cell by cell, so the
results are always the plain path's, bit for bit.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass, field

from .nodes import Binary, Call, Number, Paren, Percent, RefNode, Unary

log = logging.getLogger(__name__)

#: Blocks with at least this many cells are compiled with numba (if installed).
NUMBA_MIN_CELLS = 50_000
_FUNCS = {"SQRT", "EXP", "LN", "ABS"}


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
    skip_pass: int = -1  # a calculation pass in which the loop gave up
    prev_cols: set = field(default_factory=set)  # block columns read one row up
    node: object = None  # its node in the calculation order
    outside_precedents: set = field(default_factory=set)  # formula cells it reads
    outside_dependents: set = field(default_factory=set)  # formula cells reading it

    @property
    def cells(self) -> int:
        return (self.last - self.first + 1) * len(self.columns)

    def keys(self, first_row: int | None = None):
        """The block's cells, from ``first_row`` (default: its first) down."""
        name, start = self.sheet, self.first if first_row is None else max(first_row, self.first)
        return ((name, r, c) for r in range(start, self.last + 1) for c in self.columns)


def find_blocks(sheet, min_rows: int = 8) -> list[Block]:
    """Runs of consecutive rows whose formula cells have the same ASTs."""
    by_row: dict[int, dict] = {}
    for (r, c), cell in sheet.cells.items():
        if cell.node is not None and cell.group is None:
            by_row.setdefault(r, {})[c] = cell.node
    blocks, run_start, prev_sig, prev_row = [], None, None, None
    for r in sorted(by_row) + [None]:
        sig = None if r is None else tuple(sorted((c, id(n)) for c, n in by_row[r].items()))
        if r is not None and sig == prev_sig and r == prev_row + 1:
            prev_row = r
            continue
        if prev_sig is not None and prev_row - run_start + 1 >= min_rows:
            blocks.append(Block(sheet.name, run_start, prev_row, dict(by_row[run_start])))
        if r is not None:
            run_start, prev_sig, prev_row = r, sig, r
    return blocks


class _Compiler:
    """Generates the loop body of one block."""

    def __init__(self, block: Block):
        self.block = block
        self.inputs: dict[tuple, str] = {}
        self.deps: dict[int, set] = {c: set() for c in block.columns}
        self.lines: list[str] = []
        self.tmp = 0

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
        if same_sheet and c in self.block.columns:
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
        if isinstance(node, Binary) and node.op in ("+", "-", "*", "/", "^"):
            a, b = self.expr(node.left, col), self.expr(node.right, col)
            if node.op == "/":
                self.lines.append(f"if {b} == 0.0: return i")
            if node.op == "^":
                return self._power(a, b)
            return self.checked(f"{a} {node.op} {b}")
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
        raise Unsupported(type(node).__name__)

    def _power(self, a: str, b: str) -> str:
        # arith.power: 0^b and negative^fraction are errors; x^2 is x*x
        self.lines.append(f"if {a} == 0.0: return i")
        self.lines.append(f"if {a} < 0.0 and {b} != floor({b}): return i")
        return self.checked(f"{a} * {a} if {b} == 2.0 else pow({a}, {b})")

    def source(self) -> str:
        bodies = {}
        for col, node in self.block.columns.items():
            self.lines = []
            result = self.expr(node, col)
            bodies[col] = (self.lines, result)
        order = _topological(self.deps)
        self.block.order = order
        cols = list(self.block.columns)
        outs = [f"out{j}" for j in range(len(cols))]
        args = ", ".join(["n", "prev"] + outs + list(self.inputs.values()))
        src = [f"def kernel({args}):"]
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


def compile_block(block: Block) -> bool:
    """Attach a kernel to ``block``; False if its formulas are not supported."""
    try:
        src = _Compiler(block).source()
    except Unsupported as why:
        log.debug("block %s!%d:%d not compiled: %s", block.sheet, block.first, block.last, why)
        return False
    namespace = {"isfinite": math.isfinite, "sqrt": math.sqrt, "log": math.log, "exp": math.exp,
                 "pow": math.pow, "floor": math.floor}
    if block.cells >= NUMBA_MIN_CELLS:
        try:
            import numba

            exec(src, namespace)  # noqa: S102 - our own generated source
            block.kernel = numba.njit(cache=False, nogil=True)(namespace["kernel"])
            block.numba = True
            return True
        except ImportError:
            pass
    exec(src, namespace)  # noqa: S102 - our own generated source
    block.kernel = namespace["kernel"]
    return True


def run(block: Block, book, start: int):
    """Evaluate rows ``start..block.last`` of ``block`` with its kernel.

    Returns ``(rows_done, columns, values)`` -- ``values[j][i]`` is column
    ``columns[j]`` of row ``start + i`` -- or None when an input is not a
    number (then nothing is computed).
    """
    n = block.last - start + 1
    read = book.read
    sheet = block.sheet
    cols = list(block.columns)
    # values of the row above, for the references one row up (others unused)
    prev = [read(sheet, start - 1, c) if c in block.prev_cols else 0.0 for c in cols]
    if not all(type(v) is float for v in prev):
        return None
    args = []
    for kind, ref_sheet, where, c in block.inputs:
        s = ref_sheet or sheet
        if kind == "abs":
            values = [read(s, where, c)]
        else:
            values = [read(s, r + where, c) for r in range(start, start + n)]
        if not all(type(v) is float for v in values):
            return None
        args.append(values)
    if block.numba:
        import numpy as np

        outs = [np.empty(n) for _ in cols]
        done = block.kernel(n, np.array(prev), *outs, *(np.array(a) for a in args))
        outs = [o.tolist() for o in outs]
    else:
        outs = [[0.0] * n for _ in cols]
        done = block.kernel(n, prev, *outs, *args)
    return int(done), cols, outs
