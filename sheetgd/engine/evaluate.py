"""Turning an AST into a Python closure, and running it.

:func:`compile_node` walks a (relative) AST once and returns a function of an
evaluation context (:class:`Ctx`: the workbook and the host cell).  Because
references are relative, one compiled function serves a whole filled-down
column; compiled functions are cached by ``(node, array_mode)``.

A compiled function returns a *raw* result: a scalar, an
:class:`~sheetgd.engine.values.Array`, or an :class:`~sheetgd.engine.refs.Area`
(a reference, e.g. from ``A1:B3`` or OFFSET).  Consumers convert raw results:
:func:`scalar` applies Excel's implicit intersection to a multi-cell
reference (a normal formula in row 5 reading ``A1:A9`` reads A5), while in
array mode (Ctrl+Shift+Enter formulas, and SUMPRODUCT's arguments) operators
and scalar functions work element-wise with Excel's broadcasting.
"""

from __future__ import annotations

from functools import lru_cache

from . import errors
from .errors import XLError
from .functions import REGISTRY
from .functions.base import LAZY, LOGICAL, NUMBER, REF, TEXT, VALUES, GRID, Spec
from .nodes import (
    ArrayLit, Binary, Call, ErrorLit, Logical, Missing, NameNode, Number, Paren,
    Percent, RefNode, Text, Unary,
)
from .arith import BINARY, negate, percent
from .refs import MAX_COL, MAX_ROW, Area
from .values import EMPTY, Array, to_bool, to_number, to_text


class Ctx:
    """Where a formula is being evaluated: the workbook and the host cell."""

    __slots__ = ("book", "sheet", "row", "col")

    def __init__(self, book, sheet: str, row: int, col: int):
        self.book, self.sheet, self.row, self.col = book, sheet, row, col

    @property
    def address(self) -> str:
        return Area(self.sheet, self.row, self.col, self.row, self.col).a1()


# --- conversions of raw results -------------------------------------------------

def scalar(raw, ctx: Ctx):
    """One value from a raw result (implicit intersection for references)."""
    if isinstance(raw, Area):
        if raw.is_cell:
            return ctx.book.read(raw.sheet, raw.row1, raw.col1)
        if raw.col1 == raw.col2 and raw.row1 <= ctx.row <= raw.row2:
            return ctx.book.read(raw.sheet, ctx.row, raw.col1)
        if raw.row1 == raw.row2 and raw.col1 <= ctx.col <= raw.col2:
            return ctx.book.read(raw.sheet, raw.row1, ctx.col)
        if raw.row1 <= ctx.row <= raw.row2 and raw.col1 <= ctx.col <= raw.col2:
            return ctx.book.read(raw.sheet, ctx.row, ctx.col)  # a 2-D range: its row and column
        return errors.VALUE(f"{raw.a1()} does not intersect {ctx.address}")
    if isinstance(raw, Array):
        return raw.rows[0][0]
    return raw


def grid(raw, ctx: Ctx, clip: bool = False):
    """A raw result as an Array (references read cell by cell)."""
    if isinstance(raw, Area):
        return ctx.book.grid(raw, clip=clip)
    if isinstance(raw, Array):
        return raw
    return Array(((raw,),))


def _is_multi(raw) -> bool:
    if isinstance(raw, Area):
        return not raw.is_cell
    return isinstance(raw, Array) and (raw.height > 1 or raw.width > 1)


def _element(raw, ctx, i, j):
    if isinstance(raw, Array):
        return raw.at(i, j)
    return raw


def lift(fn, raws, ctx):
    """Apply ``fn`` element-wise over arrays with Excel's broadcasting."""
    grids = [grid(r, ctx) if _is_multi(r) else scalar(r, ctx) for r in raws]
    height = max((g.height for g in grids if isinstance(g, Array)), default=1)
    width = max((g.width for g in grids if isinstance(g, Array)), default=1)
    return Array(tuple(
        tuple(fn(*(_element(g, ctx, i, j) for g in grids)) for j in range(width))
        for i in range(height)))


def _range_union(a, b, ctx):
    """``A1:INDEX(...)``: the bounding rectangle of two references."""
    if isinstance(a, XLError):
        return a
    if isinstance(b, XLError):
        return b
    if not (isinstance(a, Area) and isinstance(b, Area)):
        return errors.VALUE("':' needs references on both sides")
    if a.sheet != b.sheet:
        return errors.REF("':' joins references on different sheets")
    return Area(a.sheet, min(a.row1, b.row1), min(a.col1, b.col1),
                max(a.row2, b.row2), max(a.col2, b.col2))


# --- compilation ---------------------------------------------------------------

def _const(value):
    return lambda ctx: value


def _literal(node):
    if isinstance(node, Number):
        return node.value
    if isinstance(node, Text):
        return node.value
    if isinstance(node, Logical):
        return node.value
    if isinstance(node, ErrorLit):
        return XLError(node.kind)
    raise TypeError(node)


@lru_cache(maxsize=None)
def compile_node(node, array: bool = False):
    """A function ``f(ctx) -> raw result`` for ``node``; cached."""
    if isinstance(node, (Number, Text, Logical, ErrorLit)):
        return _const(_literal(node))
    if isinstance(node, RefNode):
        ref = node.ref

        def reference(ctx):
            area = ref.area(ctx.sheet, ctx.row, ctx.col)
            return area if area is not None else errors.REF("reference moved off the grid")
        return reference
    if isinstance(node, Paren):
        return compile_node(node.inner, array)
    if isinstance(node, Binary):
        return _compile_binary(node, array)
    if isinstance(node, Unary):
        inner = compile_node(node.operand, array and node.op != "@")
        if node.op == "+":
            return inner
        if node.op == "@":
            return lambda ctx: scalar(inner(ctx), ctx)
        return _unary(negate, inner, array, node.operand)
    if isinstance(node, Percent):
        return _unary(percent, compile_node(node.operand, array), array, node.operand)
    if isinstance(node, Call):
        return _compile_call(node, array)
    if isinstance(node, NameNode):
        return lambda ctx: ctx.book.name_value(node, ctx, array)
    if isinstance(node, ArrayLit):
        return _const(Array(tuple(tuple(_literal(e) for e in row) for row in node.rows)))
    if isinstance(node, Missing):
        return _const(EMPTY)
    raise TypeError(f"cannot compile {node!r}")


@lru_cache(maxsize=None)
def compile_scalar(node):
    """A function ``f(ctx) -> value`` for ``node`` in a scalar context (non-array).

    The same as ``scalar(compile_node(node)(ctx), ctx)``, with a fast path for
    the commonest operand, a single-cell reference: it reads the cell without
    building a reference object first.
    """
    if isinstance(node, Paren):
        return compile_scalar(node.inner)
    if isinstance(node, (Number, Text, Logical, ErrorLit)):
        return _const(_literal(node))
    if isinstance(node, RefNode) and node.ref.end is None:
        start = node.ref.start
        sheet = node.ref.sheet
        row, col, row_abs, col_abs = start.row, start.col, start.row_abs, start.col_abs

        def cell(ctx):
            r = row if row_abs else ctx.row + row
            c = col if col_abs else ctx.col + col
            if r < 1 or c < 1 or r > MAX_ROW or c > MAX_COL:
                return errors.REF("reference moved off the grid")
            return ctx.book.read(sheet or ctx.sheet, r, c)
        return cell
    inner = compile_node(node, False)
    return lambda ctx: scalar(inner(ctx), ctx)


def _unary(op, inner, array, node=None):
    if array:
        def apply(ctx):
            raw = inner(ctx)
            return lift(op, [raw], ctx) if _is_multi(raw) else op(scalar(raw, ctx))
        return apply
    value = compile_scalar(node) if node is not None else None
    if value is not None:
        return lambda ctx: op(value(ctx))
    return lambda ctx: op(scalar(inner(ctx), ctx))


def _compile_binary(node: Binary, array: bool):
    left, right = compile_node(node.left, array), compile_node(node.right, array)
    if node.op == ":":
        return lambda ctx: _range_union(left(ctx), right(ctx), ctx)
    op = BINARY[node.op]
    if array:
        def elementwise(ctx):
            a, b = left(ctx), right(ctx)
            if _is_multi(a) or _is_multi(b):
                return lift(op, [a, b], ctx)
            return op(scalar(a, ctx), scalar(b, ctx))
        return elementwise

    left, right = compile_scalar(node.left), compile_scalar(node.right)

    def binary(ctx):
        return op(left(ctx), right(ctx))
    return binary


def _compile_call(node: Call, array: bool):
    spec: Spec | None = REGISTRY.get(node.name)
    if spec is None:
        return _const(errors.NAME(f"unknown function {node.name}"))
    bad = spec.arity_error(len(node.args))
    if bad is not None:
        return _const(bad)
    args_array = array or spec.array_args
    params = [spec.kind_at(i) for i in range(len(node.args))]
    fns = [compile_scalar(a) if not args_array and p.kind.scalar else compile_node(a, args_array)
           for a, p in zip(node.args, params)]
    missing = [isinstance(a, Missing) for a in node.args]
    defaults = [p.default for p in spec.params[len(node.args):] if not p.repeat]

    def call(ctx):
        raws = []
        for param, fn, gap in zip(params, fns, missing):
            if gap:
                value = param.default if param.optional and not param.repeat else EMPTY
                raws.append(_const_thunk(value) if param.kind is LAZY else value)
            elif param.kind is LAZY:
                raws.append(_thunk(fn, ctx))
            else:
                raws.append(fn(ctx))
        if array and any(p.kind.scalar and _is_multi(r) for p, r in zip(params, raws)):
            return _lifted_call(spec, params, raws, defaults, ctx)
        return _apply(spec, params, raws, defaults, ctx, array)
    return call


def _thunk(fn, ctx):
    return lambda: fn(ctx)


def _const_thunk(value):
    return lambda: value


def _lifted_call(spec, params, raws, defaults, ctx):
    """A scalar function given arrays in array mode: one call per element."""
    grids = {k: grid(r, ctx) for k, (p, r) in enumerate(zip(params, raws))
             if p.kind.scalar and _is_multi(r)}
    height = max(g.height for g in grids.values())
    width = max(g.width for g in grids.values())
    memo = {}

    def element_of_lazy(k, thunk, i, j):
        def element():
            if k not in memo:
                memo[k] = thunk()
            raw = memo[k]
            return grid(raw, ctx).at(i, j) if _is_multi(raw) else raw
        return element

    rows = []
    for i in range(height):
        row = []
        for j in range(width):
            args = []
            for k, (p, r) in enumerate(zip(params, raws)):
                if k in grids:
                    args.append(grids[k].at(i, j))
                elif p.kind is LAZY:
                    args.append(element_of_lazy(k, r, i, j))
                else:
                    args.append(r)
            row.append(scalar(_apply(spec, params, args, defaults, ctx, True), ctx))
        rows.append(tuple(row))
    return Array(tuple(rows))


def _convert(kind, raw, ctx, array):
    if kind.scalar:
        value = scalar(raw, ctx)
        if kind is NUMBER:
            return to_number(value)
        if kind is TEXT:
            return to_text(value)
        if kind is LOGICAL:
            return to_bool(value)
        return value
    if kind is VALUES:
        return grid(raw, ctx, clip=True) if isinstance(raw, (Area, Array)) else raw
    if kind is GRID:
        return raw if isinstance(raw, XLError) else grid(raw, ctx)
    if kind is REF:
        if isinstance(raw, (Area, XLError)):
            return raw
        return errors.VALUE("a reference is needed here")
    return raw  # RAW and LAZY


def _apply(spec: Spec, params, raws, defaults, ctx, array):
    values = []
    for param, raw in zip(params, raws):
        value = _convert(param.kind, raw, ctx, array)
        if isinstance(value, XLError) and not param.kind.passes_errors:
            return value
        values.append(value)
    values += defaults
    if spec.needs_ctx:
        return spec.impl(ctx, *values)
    return spec.impl(*values)


def cell_result(raw, ctx: Ctx):
    """The value a cell shows for a raw formula result (empty reads as 0)."""
    value = scalar(raw, ctx)
    return 0.0 if value is EMPTY else value
