"""LET and LAMBDA: names bound within one formula, and functions as values.

Both bind names rather than take values, so the compiler evaluates them
here instead of through the function gate (:mod:`.evaluate` calls
:func:`compile_let`, :func:`compile_lambda`, :func:`compile_named_call`,
:func:`compile_invoke` and :func:`compile_isomitted`).  The names in scope
live in ``Ctx.names`` ({NAME: raw value}); a name is looked up there
before the workbook's defined names.

``LAMBDA(x, y, x+y)`` evaluates to a :class:`Lambda`: its parameters, its
compiled body and the LET names in scope where it was made.  It is called

- where it is made: ``=LAMBDA(x,x+1)(2)`` (an :class:`~.nodes.Invoke`);
- through a LET name: ``=LET(f,LAMBDA(x,x*2),f(5))``;
- through a defined name (Excel's Name Manager): ``MYADD`` defined as
  ``=LAMBDA(a,b,a+b)``, then ``=MYADD(1,2)``; the name may call itself;
- by the functions that take one (MAP, REDUCE, SCAN, BYROW, BYCOL,
  MAKEARRAY: :mod:`.functions.lambda_helpers`; GROUPBY, PIVOTBY:
  :mod:`.functions.groupby`), with :func:`invoke`.

A worksheet function's name where a LAMBDA goes is Excel 365's
"eta-reduced" LAMBDA (``=BYROW(A1:C2,MAX)``, ``=GROUPBY(A2:A9,B2:B9,SUM)``):
a :class:`Builtin`, called as the function is called.  A file stores it as
``_xleta.MAX``; typed plainly, the name is a defined name when the workbook
has one so spelled, else the function (:func:`.evaluate.eta_value`).

Excel's rules (support.microsoft.com, "LAMBDA function"): a call with the
wrong number of arguments is #VALUE!; a LAMBDA left uncalled as a cell's
value is #CALC!; a recursion too deep is #NUM! (here: more than
:data:`MAX_DEPTH` calls nested in one another, so Python's own recursion
limit is never reached).  An argument left empty (``LAMBDA(x,y,...)(1,)``)
is *omitted*: ISOMITTED(y) is TRUE, and y reads as an empty cell.

LET and LAMBDA exist only in Excel's dynamic-array versions, so their values
and bodies are evaluated as arrays: a name bound to ``{1,2,3}`` or to a
range acts as the whole array (``=LET(x,{1,2,3},SUM(x*2))`` is 12).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

from . import errors
from .errors import XLError
from .nodes import Missing, NameNode, let_name
from .values import EMPTY, Array

#: LAMBDA calls nested in one another (a recursion's depth) past which a
#: call is #NUM!, Excel's error for a recursion too deep.
MAX_DEPTH = 512

#: Python frames allowed per nested LAMBDA call while any runs (a call's
#: body nests a few function frames per operator and function it holds).
FRAMES_PER_CALL = 48

_depth = 0  # LAMBDA calls in progress, nested


class _Omitted:
    """The value of a LAMBDA parameter whose argument was left empty."""

    __slots__ = ()

    def __repr__(self):
        return "OMITTED"


OMITTED = _Omitted()


class Lambda:
    """A LAMBDA as a value: ``params`` (names, upper case, without
    ``_xlpm.``), ``body`` (compiled: ``f(ctx) -> raw``) and ``scope``, the
    LET names and parameters it sees from where it was made."""

    __slots__ = ("params", "body", "scope")

    def __init__(self, params: tuple, body, scope):
        self.params, self.body, self.scope = params, body, scope

    def __repr__(self):
        return f"LAMBDA({', '.join(self.params)})"


class Builtin(Lambda):
    """A worksheet function as a value (Excel's eta-reduced LAMBDA): ``name``,
    the function's canonical name; it takes what number of arguments the
    function takes."""

    __slots__ = ("name",)

    def __init__(self, name: str):
        super().__init__((), None, None)
        self.name = name

    def __repr__(self):
        return self.name


@dataclass(frozen=True)
class FunctionArray(Array):
    """An array holding functions, ``HSTACK(SUM,AVERAGE)`` (GROUPBY's and
    PIVOTBY's vector of functions): every function and operator sees its
    ``rows``, with #CALC! where a function is (a function is no value, as
    a LAMBDA left uncalled in a cell); ``functions`` has the same shape,
    the functions where they are and None elsewhere."""

    functions: tuple = ()

    @staticmethod
    def of_function(fn) -> "FunctionArray":
        return FunctionArray(((uncalled(fn),),), ((fn,),))


def uncalled(fn) -> XLError:
    """What a function shows where a value is needed: #CALC!."""
    return XLError("#CALC!", f"{fn!r} is a function: call it with its arguments")


#: The prefix a file gives a function passed by name: ``_xleta.SUM``.
ETA_PREFIX = "_xleta."


def arity_error(fn, count: int):
    """None when the LAMBDA (or function) ``fn`` takes ``count`` arguments,
    else the #VALUE! that a call with ``count`` gives."""
    if isinstance(fn, Builtin):
        from .functions import REGISTRY

        return REGISTRY[fn.name].arity_error(count)
    if len(fn.params) != count:
        return errors.VALUE(f"{fn!r} takes {len(fn.params)} argument(s), got {count}")
    return None


def _plain_names(nodes):
    """The names of ``nodes`` (LET's or LAMBDA's), or None when one is not a
    plain name (a reference, a sheet's name, an expression)."""
    out = []
    for n in nodes:
        if not isinstance(n, NameNode) or n.sheet:
            return None
        out.append(let_name(n.name))
    return out


def compile_let(node, array: bool):
    """LET(name1, value1, [name2, value2, ...], calculation): each value is
    computed once, in order, with the names before it in scope, then the
    calculation with all of them (Excel's LET).  #VALUE! for an even number
    of arguments or a name that is not a plain name (Excel refuses the
    formula; a file cannot hold one)."""
    from .evaluate import compile_node

    args = node.args
    if len(args) < 3 or len(args) % 2 == 0:
        return lambda ctx: errors.VALUE("LET takes name, value pairs and a calculation")
    names = _plain_names(args[:-1:2])
    if names is None:
        return lambda ctx: errors.VALUE("LET's names must be plain names")
    values = [compile_node(v, True) for v in args[1:-1:2]]
    body = compile_node(args[-1], True)

    def let(ctx):
        outer = ctx.names
        scope = dict(outer or {})
        try:
            for name, value in zip(names, values):
                ctx.names = scope
                scope = {**scope, name: value(ctx)}
            ctx.names = scope
            return body(ctx)
        finally:
            ctx.names = outer
    return let


def compile_lambda(node):
    """LAMBDA([parameter1, ...,] calculation): a :class:`Lambda` holding the
    names in scope.  #VALUE! for a parameter that is not a plain name, the
    same name twice, or more than 253 parameters (Excel's limit)."""
    from .evaluate import compile_node

    if not node.args:
        return lambda ctx: errors.VALUE("LAMBDA needs a calculation")
    params = _plain_names(node.args[:-1])
    if params is None or len(set(params)) < len(params) or len(params) > 253:
        return lambda ctx: errors.VALUE("LAMBDA's parameters must be up to 253 different plain names")
    params = tuple(params)
    body = compile_node(node.args[-1], True)
    return lambda ctx: Lambda(params, body, ctx.names)


def compile_arguments(args):
    """The arguments of a LAMBDA call, each ``f(ctx) -> raw`` (arrays and
    references whole); an empty argument gives :data:`OMITTED`."""
    from .evaluate import compile_node

    return [(lambda ctx: OMITTED) if isinstance(a, Missing) else compile_node(a, True) for a in args]


def compile_invoke(node):
    """``callee(args)``: the LAMBDA that ``callee`` gives, called."""
    from .evaluate import compile_node

    callee = compile_node(node.callee, True)
    args = compile_arguments(node.args)
    return lambda ctx: invoke(callee(ctx), [a(ctx) for a in args], ctx)


def compile_named_call(node):
    """``f(args)`` where f is no worksheet function: a LET name or LAMBDA
    parameter holding a LAMBDA, else a defined name holding one; #NAME? when
    it is neither (Excel's unknown function)."""
    local = let_name(node.name)
    name = NameNode(node.name)
    args = compile_arguments(node.args)

    def call(ctx):
        if ctx.names is not None and local in ctx.names:
            fn = ctx.names[local]
        elif ctx.book.names.lookup(node.name, ctx.sheet) is not None:
            fn = ctx.book.name_value(name, ctx, True)
        else:
            return errors.NAME(f"unknown function {node.name}")
        return invoke(fn, [a(ctx) for a in args], ctx)
    return call


def compile_isomitted(node):
    """ISOMITTED(argument): TRUE when ``argument`` is a LAMBDA parameter
    whose argument was left empty, else FALSE (Excel's ISOMITTED)."""
    from .evaluate import compile_node

    if len(node.args) != 1:
        return lambda ctx: errors.VALUE(f"ISOMITTED takes exactly 1 argument(s), got {len(node.args)}")
    arg = node.args[0]
    if isinstance(arg, NameNode) and not arg.sheet:
        local = let_name(arg.name)
        return lambda ctx: ctx.names is not None and ctx.names.get(local) is OMITTED
    inner = compile_node(arg, True)

    def isomitted(ctx):
        value = inner(ctx)
        return value if isinstance(value, XLError) else False
    return isomitted


def invoke(fn, args: list, ctx):
    """Call ``fn`` (a :class:`Lambda`) with raw ``args`` in the host cell's
    context: its body's raw result; #VALUE! when ``fn`` is no LAMBDA or the
    count of arguments differs from its parameters (Excel), #NUM! past
    :data:`MAX_DEPTH` nested calls (Excel's recursion too deep)."""
    global _depth
    if isinstance(fn, XLError):
        return fn
    if not isinstance(fn, Lambda):
        return errors.VALUE("a LAMBDA is needed here")
    bad = arity_error(fn, len(args))
    if bad is not None:
        return bad
    if isinstance(fn, Builtin):
        from .evaluate import call_function

        return call_function(fn.name, [EMPTY if a is OMITTED else a for a in args], ctx)
    if _depth >= MAX_DEPTH:
        return errors.NUM(f"LAMBDA calls nested more than {MAX_DEPTH} deep")
    outer, limit = ctx.names, sys.getrecursionlimit()
    if not _depth:  # room for the nested calls' Python frames
        sys.setrecursionlimit(limit + MAX_DEPTH * FRAMES_PER_CALL)
    _depth += 1
    try:
        ctx.names = {**(fn.scope or {}), **dict(zip(fn.params, args))}
        return fn.body(ctx)
    except RecursionError:  # a body nested deeply, called deeply: still Excel's #NUM!
        if _depth > 1:
            raise
        return errors.NUM("LAMBDA calls nested too deeply to evaluate")
    finally:
        ctx.names = outer
        _depth -= 1
        if not _depth:
            sys.setrecursionlimit(limit)
