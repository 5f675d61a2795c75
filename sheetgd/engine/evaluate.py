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

Whole columns, rows and sheets cost what their used range holds: a
reference read as values becomes a :class:`~.sparse.Sparse` array (the used
cells, and one value for the empty rest), element-wise operations keep that
form, and a function of a wide reference (``SUM(A:A)``, read by every cell
of a column) is computed once per recalculation (see :mod:`.usedrange`).
A function's text result longer than a cell holds is #VALUE!
(:data:`~.values.MAX_TEXT`).
"""

from __future__ import annotations

import math

from functools import lru_cache
from math import copysign

from . import errors
from .errors import XLError
from .functions import REGISTRY
from .functions.base import LAZY, LOGICAL, NUMBER, RAW, REF, TEXT, VALUES, GRID, Spec
from .functions.base import ANY, SCALAR
from .nodes import (
    REFERENCE_OPERATORS, let_name,
    ArrayLit, Binary, Call, ErrorLit, ExternalRef, Invoke, Logical, Missing, NameNode, Number,
    Paren, Percent, RefNode, StructRef, Text, Unary, walk,
)
from . import lambdas
from .connected import kept
from .external import external_value
from .lambdas import ETA_PREFIX, OMITTED, Builtin, Lambda
from .arith import BINARY, negate, percent
from .refs import MAX_COL, MAX_ROW, Area, Areas, sheet_span
from .sparse import Sparse, TooLarge, build, combine, used_extent
from .serials import calendar_of
from .values import EMPTY, MAX_TEXT, Array, to_bool, to_number, to_text


class Ctx:
    """Where a formula is being evaluated: the workbook and the host cell."""

    __slots__ = ("book", "sheet", "row", "col", "names")

    def __init__(self, book, sheet: str, row: int, col: int):
        self.book, self.sheet, self.row, self.col = book, sheet, row, col
        self.names = None  # LET's names and LAMBDA's parameters in scope: {NAME: raw}, or None

    @property
    def address(self) -> str:
        return Area(self.sheet, self.row, self.col, self.row, self.col).a1()


# --- conversions of raw results -------------------------------------------------

def intersected(area: Area, row: int, col: int) -> tuple[int, int] | None:
    """Excel's implicit intersection: the cell of ``area`` a one-value place
    in (row, col) takes -- the range's cell in that row (a column) or column
    (a row), or in both (a 2-D range) -- or None where there is none
    (#VALUE!).  Local ranges (:func:`scalar`) and ranges of other workbooks
    (:mod:`.external`) alike."""
    if area.is_cell:
        return area.row1, area.col1
    if area.col1 == area.col2 and area.row1 <= row <= area.row2:
        return row, area.col1
    if area.row1 == area.row2 and area.col1 <= col <= area.col2:
        return area.row1, col
    if area.row1 <= row <= area.row2 and area.col1 <= col <= area.col2:
        return row, col  # a 2-D range: its row and column
    return None


def scalar(raw, ctx: Ctx):
    """One value from a raw result (implicit intersection for references,
    and for the values of a range of another workbook, which know where
    they lie: ``origin``, see :mod:`.external`)."""
    if isinstance(raw, Areas):
        return errors.VALUE("a 3-D reference is several areas: one value is needed here")
    if isinstance(raw, Area):
        if raw.is_cell:
            return ctx.book.read(raw.sheet, raw.row1, raw.col1)
        at = intersected(raw, ctx.row, ctx.col)
        if at is None:
            return errors.VALUE(f"{raw.a1()} does not intersect {ctx.address}")
        return ctx.book.read(raw.sheet, *at)
    if isinstance(raw, Array):
        origin = getattr(raw, "origin", None)
        if origin is None:
            return raw.at(0, 0)
        at = intersected(origin, ctx.row, ctx.col)
        if at is None:
            return errors.VALUE(f"{origin.a1()} of another workbook does not intersect "
                                f"{ctx.address}")
        return raw.at(at[0] - origin.row1, at[1] - origin.col1)
    return raw


def grid(raw, ctx: Ctx, clip: bool = False):
    """A raw result as an Array (references read cell by cell)."""
    if isinstance(raw, Areas):
        return errors.VALUE("a 3-D reference is several areas: one range is needed here")
    if isinstance(raw, Area):
        return ctx.book.grid(raw, clip=clip)
    if isinstance(raw, Array):
        return raw
    return Array(((raw,),))


def _is_multi(raw) -> bool:
    if isinstance(raw, Area):
        return not raw.is_cell
    return isinstance(raw, Array) and (raw.height > 1 or raw.width > 1)


def lift(fn, raws, ctx):
    """Apply ``fn`` element-wise over arrays with Excel's broadcasting (once
    per used cell of a sparse operand, and once for its empty rest)."""
    grids = [grid(r, ctx) if _is_multi(r) else scalar(r, ctx) for r in raws]
    height = max((g.height for g in grids if isinstance(g, Array)), default=1)
    width = max((g.width for g in grids if isinstance(g, Array)), default=1)
    return combine(fn, grids, height, width)


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


def _intersection(a, b, ctx):
    """``A1:C3 B2:D4`` (a space): the cells both references hold; #NULL! when
    they have none in common (Excel: "#NULL! ... when you specify an
    intersection of two areas that do not intersect"), #VALUE! for a value
    that is no reference."""
    if isinstance(a, XLError):
        return a
    if isinstance(b, XLError):
        return b
    if not (isinstance(a, Area) and isinstance(b, Area)):
        return errors.VALUE("the intersection operator (a space) needs references on both sides")
    r1, c1, r2, c2 = max(a.row1, b.row1), max(a.col1, b.col1), min(a.row2, b.row2), min(a.col2, b.col2)
    if a.sheet.upper() != b.sheet.upper() or r1 > r2 or c1 > c2:
        return errors.NULL(f"{a.a1()} and {b.a1()} have no cell in common")
    return Area(a.sheet, r1, c1, r2, c2)


def _union(a, b, ctx):
    """``(A1:B2,D4)``: both references as one reference of several areas
    (:class:`Areas`), read by the aggregates that repeat (SUM, COUNT ...);
    #VALUE! for a value that is no reference or areas on different sheets."""
    if isinstance(a, XLError):
        return a
    if isinstance(b, XLError):
        return b
    parts = []
    for x in (a, b):
        if isinstance(x, Area):
            parts.append(x)
        elif type(x) is Areas:
            parts += x
        else:
            return errors.VALUE("the union operator (,) needs references on both sides")
    if len({p.sheet.upper() for p in parts}) > 1:
        return errors.VALUE("the union operator (,) joins references on one sheet")
    return Areas(parts)


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


def _multi_reference(node) -> bool:
    """Whether ``node`` holds a reference to more than one cell, a name, a
    reference function or a call whose result may be a range's array: what
    a normal formula intersects instead of taking whole."""
    for n in walk(node):
        if isinstance(n, RefNode) and (n.ref.end is not None or sheet_span(n.ref.sheet)):
            return True
        if isinstance(n, (NameNode, StructRef)) or isinstance(n, ExternalRef) and (
                n.ref is None or n.ref.end is not None):
            return True
        if isinstance(n, Binary) and n.op in REFERENCE_OPERATORS:
            return True
        if isinstance(n, Call) and (n.name in ("OFFSET", "INDIRECT", "INDEX", "ROW", "COLUMN",
                                               "CHOOSE", "IF", "LET") or n.name not in REGISTRY):
            return True
        if isinstance(n, Invoke):
            return True
    return False


def constant_array(node) -> bool:
    """Whether ``node`` is an operation or a one-value parameter that meets
    an array constant, and no range: Excel takes such an array whole even in
    a normal formula (``=SUM({1,2}*2)`` is 6, ``=SUM(COUNTIF(A1:A9,
    {"a","b"}))`` counts both), while a range there is intersected with the
    formula's row or column (see :func:`scalar`)."""
    while isinstance(node, Paren):
        node = node.inner
    if isinstance(node, Binary) and node.op not in REFERENCE_OPERATORS:
        operands = (node.left, node.right)
    elif isinstance(node, (Unary, Percent)) and getattr(node, "op", "-") != "@":
        operands = (node.operand,)
    elif isinstance(node, Call) and node.name in REGISTRY and not REGISTRY[node.name].array_args:
        spec = REGISTRY[node.name]
        if spec.arity_error(len(node.args)) is not None:
            return False
        operands = tuple(a for i, a in enumerate(node.args) if spec.kind_at(i).kind.scalar)
    else:
        return False
    return any(map(_array_literal_in, operands)) and not any(map(_multi_reference, operands))


def _array_literal_in(node) -> bool:
    """Whether ``node`` holds an array constant of more than one value (one
    walk, no recursion: a chain =B1+...+B1600 is 1,600 deep)."""
    return any(isinstance(n, ArrayLit) and (len(n.rows) > 1 or len(n.rows[0]) > 1)
               for n in walk(node))


@lru_cache(maxsize=None)
def compile_node(node, array: bool = False):
    """A function ``f(ctx) -> raw result`` for ``node``; cached."""
    while isinstance(node, Paren):
        node = node.inner
    if not array and constant_array(node):  # {1,2}*2 stays an array (see constant_array)
        return compile_node(node, True)
    if isinstance(node, (Number, Text, Logical, ErrorLit)):
        return _const(_literal(node))
    if isinstance(node, RefNode):
        ref = node.ref
        span = sheet_span(ref.sheet)
        if span is not None:  # Sheet1:Sheet3!A1: one area per sheet
            return lambda ctx: ctx.book.span_areas(span, ref, ctx.row, ctx.col)

        def reference(ctx):
            area = ref.area(ctx.sheet, ctx.row, ctx.col)
            return area if area is not None else errors.REF("reference moved off the grid")
        return reference
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
    if isinstance(node, Invoke):  # LAMBDA(x,x+1)(2)
        return lambdas.compile_invoke(node)
    if isinstance(node, NameNode):
        return _compile_name(node, array, eta_ok=False)
    if isinstance(node, ExternalRef):  # the file's cached values (see .external)
        return lambda ctx: external_value(ctx.book.external_books, node, ctx.row, ctx.col)
    if isinstance(node, StructRef):  # not resolved when stored (see .tables)
        return lambda ctx: ctx.book.tables.area(node, ctx.sheet, ctx.row, ctx.col)
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
    while isinstance(node, Paren):
        node = node.inner
    if isinstance(node, (Number, Text, Logical, ErrorLit)):
        return _const(_literal(node))
    if isinstance(node, RefNode) and node.ref.end is None and sheet_span(node.ref.sheet) is None:
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
    if isinstance(node, Binary) and node.op not in REFERENCE_OPERATORS:  # a single value already
        return _compile_binary(node, False)
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


def operator_chain(node: Binary):
    """A left-nested chain ``((a op b) op c) op d`` (parentheses on its left
    side included) as ``[a, b, c, d]`` and ``[op, op, op]``: evaluated in a
    loop, left to right, exactly as the nested operators would be, without
    recursing once per operator (``=B1+B2+...+B1600`` is 1,600 deep)."""
    operands, ops = [], []
    n = node
    while isinstance(n, (Binary, Paren)):
        if isinstance(n, Paren):
            n = n.inner
            continue
        if n.op in REFERENCE_OPERATORS:
            break
        operands.append(n.right)
        ops.append(n.op)
        n = n.left
    operands.append(n)
    return operands[::-1], ops[::-1]


def _compile_binary(node: Binary, array: bool, settle: bool = False):
    if node.op in REFERENCE_OPERATORS:
        join = {":": _range_union, " ": _intersection, ",": _union}[node.op]
        left, right = compile_node(node.left, array), compile_node(node.right, array)
        return lambda ctx: join(left(ctx), right(ctx), ctx)
    operands, ops = operator_chain(node)
    steps = [BINARY[op] for op in ops]
    fns = []  # (loops, not comprehensions: one frame less per level of a deep formula)
    if array:
        for n in operands:
            fns.append(compile_node(n, True))

        last = len(steps) - 1 if settle else -1

        def elementwise(ctx):
            a = fns[0](ctx)
            for i, (op, fn) in enumerate(zip(steps, fns[1:])):
                b = fn(ctx)
                if _is_multi(a) or _is_multi(b):
                    a = lift(op, [a, b], ctx)
                else:
                    x, y = scalar(a, ctx), scalar(b, ctx)
                    a = op(x, y) if i != last else settled(op(x, y), x, y)
            return a
        return elementwise

    for n in operands:
        fns.append(compile_scalar(n))
    if len(fns) == 2 and not settle:
        left, right = fns
        op = steps[0]
        return lambda ctx: op(left(ctx), right(ctx))
    first, rest, last_op = fns[0], list(zip(steps, fns[1:])), steps[-1]
    if settle:
        rest, (_, last_fn) = rest[:-1], rest[-1]

    def chain(ctx):
        a = first(ctx)
        for op, fn in rest:
            a = op(a, fn(ctx))
        if not settle:
            return a
        b = last_fn(ctx)
        return settled(last_op(a, b), a, b)
    return chain


#: Excel's "close to zero" rule (KB 78113): a result of a formula's *last*
#: addition or subtraction that nearly cancels its operands is 0.
SETTLE_OPS = ("+", "-")
SETTLE_FACTOR = 2.0 ** 50


def settled(result, a, b):
    """``result`` of ``a + b`` or ``a - b`` as the last operation of a formula:
    0 when it is below 2^-50 of the larger operand, as Excel makes it.

    Excel documents the rule without its threshold ("Should an addition or
    subtraction operation result in a value at or very close to zero, Excel
    97 and later will compensate", KB 78113; not inside parentheses, not
    before a final ``*``: ``=0.5-0.4-0.1`` is 0, ``=(0.5-0.4-0.1)`` and
    ``=1*(0.5-0.4-0.1)`` are -2.78E-17).  Measured in Excel (public reports):
    a result 2^-51 of its operands (4 ulps of the largest double) is set to
    0, one 2^-50 (8 ulps) or 2^-49.3 (``=A1-A3+A2`` with 818562.54,
    778536.1, -40026.44) is kept; so the cut-off is taken as 2^-50,
    compared as ``|result| * 2^50 < max(|a|, |b|)``.
    """
    if type(result) is not float or result == 0.0:
        return result
    a, b = to_number(a), to_number(b)  # the operands as the operator saw them
    if abs(result) * SETTLE_FACTOR < max(abs(a), abs(b)):
        return 0.0
    return result


def compile_formula(node, array: bool = False):
    """The function of a cell's whole formula: :func:`compile_node`, with
    Excel's rule for a last addition or subtraction that cancels
    (:func:`settled`) when the formula's outermost operation is one (not
    within parentheses; not in array formulas).  A formula calling a
    function that needs a connection gives its cell's cached value first
    (:mod:`.connected`)."""
    if not array and isinstance(node, Binary) and node.op in SETTLE_OPS:
        return kept(node, _formula_cache(node))
    return kept(node, compile_node(node, array))


@lru_cache(maxsize=None)
def compile_dynamic(node):
    """The function of a dynamic array formula (one entered in a cell of
    Excel 365, or saved by it as one): the whole formula computed as an
    array formula (ranges taken whole, element-wise operators; ``@`` still
    intersects), so its raw result may be an array to spill
    (:mod:`.spilling`).  Excel's rule for a last addition or subtraction
    that cancels (:func:`settled`) applies when that operation meets two
    single values."""
    if isinstance(node, Binary) and node.op in SETTLE_OPS:
        return kept(node, _compile_binary(node, True, settle=True))
    return kept(node, compile_node(node, True))


@lru_cache(maxsize=None)
def _formula_cache(node):
    return _compile_binary(node, False, settle=True)


#: The functions that take a function (a LAMBDA, or a function's name as
#: Excel's eta-reduced LAMBDA) as an argument; HSTACK and VSTACK given to
#: them hold several (``GROUPBY(...,HSTACK(SUM,AVERAGE))``).  A plain name
#: elsewhere (``=rate``, ``=rate+1``) is a defined name, #NAME? when none
#: is so spelled, as in Excel, where a function passed by name is written
#: ``_xleta.SUM`` in files.
FUNCTION_TAKERS = frozenset({"MAP", "REDUCE", "SCAN", "BYROW", "BYCOL", "MAKEARRAY",
                             "GROUPBY", "PIVOTBY"})
_FUNCTION_STACKS = frozenset({"HSTACK", "VSTACK"})


def _compile_name(node: NameNode, array: bool, eta_ok: bool):
    """A name: bound by LET or LAMBDA, a defined name, ``_xleta.SUM``, or
    (``eta_ok``: an argument where a function is taken) a function's name."""
    local = None if node.sheet else let_name(node.name)
    if local is not None and local.startswith(ETA_PREFIX.upper()):  # _xleta.SUM
        eta = eta_value(local[len(ETA_PREFIX):])
        return _const(eta if eta is not None else errors.NAME(f"no function {node.name}"))
    eta = None if node.sheet or not eta_ok else eta_value(local)

    def name(ctx):
        if ctx.names is not None and local in ctx.names:  # bound by LET or LAMBDA
            value = ctx.names[local]
            return EMPTY if value is OMITTED else value
        if eta is not None and ctx.book.names.lookup(node.name, ctx.sheet) is None:
            return eta  # a function's name where no defined name is so spelled
        return ctx.book.name_value(node, ctx, array)
    return name


def _compile_arg(arg, array: bool, takes_functions: bool):
    """One argument compiled as an array or not; where its function takes
    functions, a plain name may be a function (see :data:`FUNCTION_TAKERS`)."""
    if takes_functions:
        if isinstance(arg, NameNode):
            return _compile_name(arg, array, eta_ok=True)
        if isinstance(arg, Call) and arg.name in _FUNCTION_STACKS:
            return _compile_call(arg, array, takes_functions=True)
    return compile_node(arg, array)


def _compile_call(node: Call, array: bool, takes_functions: bool = False):
    special = _BINDING.get(node.name)
    if special is not None:  # LET, LAMBDA, ISOMITTED: see .lambdas
        return special(node)
    spec: Spec | None = REGISTRY.get(node.name)
    if spec is None:  # a LAMBDA called by its name (LET's or a defined name), or #NAME?
        return lambdas.compile_named_call(node)
    bad = spec.arity_error(len(node.args))
    if bad is not None:
        return _const(bad)
    args_array = array or spec.array_args
    params = [spec.kind_at(i) for i in range(len(node.args))]
    takes = takes_functions or node.name in FUNCTION_TAKERS
    fns = [compile_scalar(a) if not args_array and p.kind.scalar else _compile_arg(a, args_array, takes)
           for a, p in zip(node.args, params)]
    missing = [isinstance(a, Missing) for a in node.args]
    defaults = [p.default for p in spec.params[len(node.args):] if not p.repeat]
    # element-wise calls may compute a repeated element once (see .sparse)
    pure = not spec.random and all(_pure(a) for a, p in zip(node.args, params) if p.kind is LAZY)
    memo = _memoizable(spec, params)

    def call(ctx):
        raws = []
        for param, fn, gap in zip(params, fns, missing):
            if gap:
                value = param.default if param.optional and not param.repeat else param.left_empty
                raws.append(_const_thunk(value) if param.kind is LAZY else value)
            elif param.kind is LAZY:
                raws.append(_thunk(fn, ctx))
            else:
                raws.append(fn(ctx))
        if array and any(p.kind.scalar and _is_multi(r) for p, r in zip(params, raws)):
            return _lifted_call(spec, params, raws, defaults, ctx, pure)
        if memo:
            key = _memo_key(spec, params, raws)
            if key is not None:  # a function of a wide range: once per recalculation
                return ctx.book.remembered(key, lambda: _apply(spec, params, raws, defaults, ctx, array))
        return _apply(spec, params, raws, defaults, ctx, array)
    return call


def _pure(node) -> bool:
    """Whether evaluating ``node`` twice gives the same value with no other
    effect: no random or volatile function, no defined name (which could
    hide one)."""
    for n in walk(node):
        if isinstance(n, NameNode):
            return False
        if isinstance(n, Call):
            spec = REGISTRY.get(n.name)
            if spec is None or spec.random or spec.volatile:
                return False
    return True


#: A reference with more cells than this makes a call worth remembering.
MEMO_MIN_CELLS = 4096
_MEMO_KINDS = (VALUES, GRID, NUMBER, TEXT, LOGICAL, SCALAR, ANY)


def _memoizable(spec: Spec, params) -> bool:
    """Whether a call's value depends on nothing but its arguments' values
    (and the cells of the ranges given), so that equal arguments in one
    recalculation give the same value."""
    return not (spec.volatile or spec.random or spec.needs_ctx) and \
        all(p.kind in _MEMO_KINDS for p in params) and any(p.kind in (VALUES, GRID) for p in params)


def _memo_key(spec, params, raws):
    """The key under which a call with these raw arguments is remembered, or
    None: only calls given a wide reference (whole columns, rows, long
    ranges) and otherwise plain values are."""
    wide = False
    key = [spec.name]
    for p, r in zip(params, raws):
        if isinstance(r, Area):
            if p.kind.scalar:
                return None  # implicit intersection: depends on the host cell
            wide = wide or r.height * r.width > MEMO_MIN_CELLS
            key.append(r)
        elif r is EMPTY or type(r) in (str, bool):
            key.append((type(r), r))  # (TRUE == 1.0 in Python; not to MATCH)
        elif type(r) is float:
            key.append((float, r, copysign(1.0, r)))  # (-0.0 == 0.0 in Python; not to MIN)
        else:
            return None
    return tuple(key) if wide else None


def _thunk(fn, ctx):
    return lambda: fn(ctx)


def _const_thunk(value):
    return lambda: value


def _lifted_call(spec, params, raws, defaults, ctx, pure=False):
    """A scalar function given arrays in array mode: one call per element --
    or, when the call is ``pure``, one per used element of sparse arguments
    and one per repeated value (see :mod:`.sparse`)."""
    grids = {k: grid(r, ctx) for k, (p, r) in enumerate(zip(params, raws))
             if p.kind.scalar and _is_multi(r)}
    height = max(g.height for g in grids.values())
    width = max(g.width for g in grids.values())
    memo = {}  # k -> a lazy argument's value (an Array when it is several)

    def element_of_lazy(k, thunk, i, j):
        def element():
            if k not in memo:
                raw = thunk()
                memo[k] = grid(raw, ctx) if _is_multi(raw) else raw
            value = memo[k]
            return value.at(i, j) if isinstance(value, Array) else value
        return element

    def value_at(i, j):
        args = []
        for k, (p, r) in enumerate(zip(params, raws)):
            if k in grids:
                args.append(grids[k].at(i, j))
            elif p.kind is LAZY:
                args.append(element_of_lazy(k, r, i, j))
            else:
                args.append(r)
        return scalar(_apply(spec, params, args, defaults, ctx, True), ctx)

    h, w = _used(grids.values(), height, width) if pure else (height, width)
    while True:
        result = build(height, width, h, w, value_at)
        if not isinstance(result, Sparse):
            return result
        # a lazy argument met while computing may be used further down or right
        more = _used([v for v in memo.values() if isinstance(v, Array)], height, width)
        if more[0] <= h and more[1] <= w:
            return result
        h, w = max(h, more[0]), max(w, more[1])


def _used(arrays, height, width):
    """The rows and columns past which every array repeats (all of them
    when one is a plain array of the full size)."""
    if not any(isinstance(g, Sparse) for g in arrays):
        return height, width
    h = w = 0
    for g in arrays:
        gh, gw = used_extent(g, height, width)
        h, w = max(h, gh), max(w, gw)
    return h, w


def _convert(kind, raw, ctx, array):
    if isinstance(raw, Lambda) and kind is not RAW and kind is not LAZY:
        return errors.VALUE(f"{raw!r} is a function: call it with its arguments")
    if kind.scalar:
        value = scalar(raw, ctx)
        if kind is NUMBER:
            if type(value) is str and getattr(ctx.book, "date1904", False):  # the file's date system
                return to_number(value, calendar_of(ctx.book))
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


def _spread_areas(spec: Spec, params, raws):
    """A 3-D reference given to an aggregate's repeated VALUES parameter
    (``SUM(Sheet1:Sheet3!A1)``) as one argument per sheet, as Excel reads
    it; anywhere else it stays one argument (and is #VALUE!)."""
    if not any(type(r) is Areas for r in raws) or not spec.params or not spec.params[-1].repeat \
            or any(p.kind is not VALUES for p in spec.params):
        return params, raws
    out_params, out_raws = [], []
    for param, raw in zip(params, raws):
        for one in (raw if type(raw) is Areas else (raw,)):
            out_params.append(param)
            out_raws.append(one)
    if len(out_raws) > 255:
        return params, raws
    return out_params, out_raws


def _apply(spec: Spec, params, raws, defaults, ctx, array):
    params, raws = _spread_areas(spec, params, raws)
    values = []
    for param, raw in zip(params, raws):
        value = _convert(param.kind, raw, ctx, array)
        if isinstance(value, XLError) and not param.kind.passes_errors:
            return value
        values.append(value)
    values += defaults
    try:
        result = spec.impl(ctx, *values) if spec.needs_ctx else spec.impl(*values)
    except OverflowError:  # a step beyond the largest double: Excel's #NUM!
        return errors.NUM(f"{spec.name}: a number beyond 1.8E+308 on the way")
    except ZeroDivisionError:
        return errors.DIV0(f"{spec.name}: a division by zero on the way")
    except TooLarge as exc:
        return errors.NUM(f"{spec.name}: {exc}")
    except ValueError as exc:
        if str(exc) != "math domain error":
            raise
        return errors.NUM(f"{spec.name}: a step outside its domain on the way")
    if type(result) is float and not math.isfinite(result):
        return errors.NUM(f"{spec.name}: not a finite number")
    if type(result) is str and len(result) > MAX_TEXT:  # backstop: text functions check first
        return errors.VALUE(f"{spec.name}: text of {len(result):,} characters; a cell holds at most {MAX_TEXT:,}")
    return result


def cell_result(raw, ctx: Ctx):
    """The value a cell shows for a raw formula result (empty reads as 0; a
    LAMBDA left uncalled is #CALC!, as in Excel)."""
    value = scalar(raw, ctx)
    if isinstance(value, Lambda):
        return errors.XLError("#CALC!", f"{value!r} is a function: call it with its arguments")
    return 0.0 if value is EMPTY else value


def eta_value(name: str):
    """The worksheet function ``name`` (upper case) as a value, Excel's
    eta-reduced LAMBDA (:class:`~.lambdas.Builtin`); None for no function,
    or one that binds names (LET, LAMBDA, ISOMITTED) rather than take values."""
    if name in REGISTRY and name not in _BINDING:
        return Builtin(name)
    return None


def call_function(name: str, raws: list, ctx):
    """The worksheet function ``name`` called with raw argument values (a
    function passed as a value, then called: ``MAP({1,4},SQRT)``), through
    the one gate every call goes through, its arguments taken as arrays."""
    spec = REGISTRY[name]
    bad = spec.arity_error(len(raws))
    if bad is not None:
        return bad
    params = [spec.kind_at(i) for i in range(len(raws))]
    raws = [_const_thunk(r) if p.kind is LAZY else r for p, r in zip(params, raws)]
    defaults = [p.default for p in spec.params[len(raws):] if not p.repeat]
    if any(p.kind.scalar and _is_multi(r) for p, r in zip(params, raws)):
        return _lifted_call(spec, params, raws, defaults, ctx)
    return _apply(spec, params, raws, defaults, ctx, True)


#: Calls that bind names instead of taking values (:mod:`.lambdas`).
_BINDING = {
    "LET": lambda node: lambdas.compile_let(node, True),
    "LAMBDA": lambdas.compile_lambda,
    "ISOMITTED": lambdas.compile_isomitted,
}
