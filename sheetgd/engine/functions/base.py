"""Declaring spreadsheet functions: one declaration per function.

Each function is declared once with :func:`function`: its name, the kind of
each parameter, and flags (volatile, random, needs the host cell, evaluates
its arguments as arrays, needs the ``_xlfn.`` prefix in files).  One gate in
:mod:`sheetgd.engine.evaluate` then does arity checks, coercion, error
short-circuiting (first error wins, left to right) and array lifting, so the
implementations below only see clean values.

Parameter kinds:

========  =====================================================================
NUMBER    a number (text that spells one and booleans are coerced)
TEXT      text (numbers are formatted with 15 significant digits)
LOGICAL   TRUE/FALSE (numbers are compared with 0)
SCALAR    any single value, errors short-circuit
ANY       any single value, errors passed through (IFERROR)
VALUES    a range, array or single value for aggregates: ranges and arrays
          arrive as :class:`~sheetgd.engine.values.Array` (text and booleans
          inside them are skipped by the aggregates), direct values as scalars
GRID      a range, array or value as an :class:`Array` (every cell)
REF       a reference (:class:`~sheetgd.engine.refs.Area`), else #VALUE!
RAW       whatever the argument evaluated to (reference, array or value)
LAZY      an unevaluated argument: a function of no arguments returning RAW
========  =====================================================================

A REF or RAW parameter can also be declared *position-only* with
:func:`position`: the function uses only where a reference given to it is
(its sheet, rows and columns), never the values in its cells -- ROW,
COLUMN, ROWS, COLUMNS, OFFSET's base; AREAS and ISREF would be declared so
too.  A reference, range or defined name given *directly* to such a
parameter (``ROW(A1)``, ``ROWS($A$1:A1)``, ``ROWS(data)``) then makes no
dependency on those cells, so ``=ROW(A1)`` in A1 is not a circular
reference (Excel and LibreOffice agree).  An expression given there
(``ROWS(A1:A3*2)``, ``ROW(OFFSET(...))``) still reads what it reads.  See
:func:`sheetgd.engine.graph.summary`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from itertools import chain
from typing import Callable

from .. import errors
from ..errors import XLError
from ..sparse import Sparse, runs, check_listable
from ..values import EMPTY, Array, NumberColumn, to_number


@dataclass(frozen=True)
class Kind:
    name: str
    scalar: bool = False  # converted to one value (lifted element-wise in arrays)
    passes_errors: bool = False

    def __repr__(self):
        return self.name


NUMBER = Kind("NUMBER", scalar=True)
TEXT = Kind("TEXT", scalar=True)
LOGICAL = Kind("LOGICAL", scalar=True)
SCALAR = Kind("SCALAR", scalar=True)
ANY = Kind("ANY", scalar=True, passes_errors=True)
VALUES = Kind("VALUES", passes_errors=True)
GRID = Kind("GRID", passes_errors=True)
REF = Kind("REF")
RAW = Kind("RAW", passes_errors=True)
LAZY = Kind("LAZY", passes_errors=True)

_NO_DEFAULT = object()


@dataclass(frozen=True)
class Param:
    kind: Kind
    default: object = _NO_DEFAULT
    repeat: bool = False
    position: bool = False  # uses only the position of a reference given directly
    #: what a required parameter gets when its argument is left empty
    #: (``REDUCE(,A1:A3,f)``; see :func:`may_be_left_out`)
    left_empty: object = EMPTY

    @property
    def optional(self) -> bool:
        return self.default is not _NO_DEFAULT or self.repeat


def opt(kind: Kind, default=EMPTY) -> Param:
    """An optional parameter; ``default`` is used when it is left out."""
    return Param(kind, default)


def may_be_left_out(kind: Kind, marker) -> Param:
    """A parameter that takes a place in every call but whose argument may
    be left empty (REDUCE's and SCAN's initial value: ``REDUCE(,A1:A3,f)``):
    it then gets ``marker``, so the function can tell "left out" from an
    empty cell (other parameters get EMPTY for an empty argument)."""
    return Param(kind, left_empty=marker)


def many(kind: Kind) -> Param:
    """Any number (0..255) of further parameters of one kind."""
    return Param(kind, repeat=True)


def position(param) -> Param:
    """A REF or RAW parameter (a kind or a :class:`Param`) whose function
    uses only the position and size of a reference given to it, not the
    values of its cells (Excel's ROW, COLUMNS, OFFSET's base ...).  Kinds
    that convert the argument to values (NUMBER, GRID ...) read the cells
    and cannot be position-only."""
    param = param if isinstance(param, Param) else Param(param)
    if param.kind not in (REF, RAW):
        raise ValueError(f"a {param.kind!r} parameter reads values: it cannot be position-only")
    return replace(param, position=True)


@dataclass
class Spec:
    name: str
    params: tuple
    impl: Callable
    volatile: bool = False
    random: bool = False
    needs_ctx: bool = False
    array_args: bool = False
    xlfn: bool = False
    min_args: int = 0
    max_args: int = 0
    doc: str = field(default="", repr=False)
    #: f(argument nodes) -> whether a call reads cells its references do not
    #: name (SUMIF's range of values, resized to its criteria range): the
    #: graph then treats it like OFFSET, recomputed on every calculation.
    reads_beyond: Callable | None = field(default=None, repr=False)
    #: the function needs a live connection Excel has and sheetgd never opens
    #: (an OLAP server, an RTD server, the network): a formula calling it
    #: keeps the value the file cached (:mod:`sheetgd.engine.connected`).
    connection: bool = False

    def kind_at(self, i: int) -> Param:
        if i < len(self.params):
            return self.params[i]
        return self.params[-1]  # the repeating tail

    def position_only(self, i: int, n: int) -> bool:
        """Whether argument ``i`` of a call with ``n`` arguments uses only the
        position of a reference given to it (see :func:`position`; a call
        with the wrong number of arguments counts its arguments as read)."""
        return bool(self.params) and self.arity_error(n) is None and self.kind_at(i).position

    def arity_error(self, n: int) -> XLError | None:
        if self.min_args <= n <= self.max_args:
            return None
        if self.min_args == self.max_args:
            want = f"exactly {self.min_args}"
        elif self.max_args >= 255:
            want = f"at least {self.min_args}"
        else:
            want = f"{self.min_args} to {self.max_args}"
        return errors.VALUE(f"{self.name} takes {want} argument(s), got {n}")


REGISTRY: dict[str, Spec] = {}


def function(name: str, *params, volatile=False, random=False, ctx=False,
             array_args=False, xlfn=False, reads_beyond=None, connection=False):
    """Declare a spreadsheet function (decorator).

    ``params`` are kinds or :class:`Param` (:func:`opt`, :func:`many`,
    :func:`position`);
    ``ctx=True`` passes the evaluation context (host cell, workbook) first;
    ``volatile`` functions recompute on every calculation, ``random`` ones
    (a subset) also give a different value each time; ``reads_beyond`` (a
    function of a call's argument nodes) tells when a call reads cells
    outside the references written in it (:attr:`Spec.reads_beyond`);
    ``connection`` ones need a live connection sheetgd never opens
    (:attr:`Spec.connection`).
    """
    norm = tuple(p if isinstance(p, Param) else Param(p) for p in params)
    required = sum(1 for p in norm if not p.optional)
    maximum = 255 if norm and norm[-1].repeat else len(norm)

    def register(impl):
        if name in REGISTRY:
            raise ValueError(f"function {name} declared twice")
        REGISTRY[name] = Spec(
            name, norm, impl, volatile, random, ctx, array_args, xlfn, required, maximum, (impl.__doc__ or "").strip(),
            reads_beyond, connection)
        return impl

    return register


# --- helpers for aggregates ---------------------------------------------------

def sequential_sum(numbers) -> float:
    """``numbers`` (a list, or a float64 numpy array) added one by one from
    the first, as SUM adds them (no pairwise or compensated summation, which
    round differently); inf or NaN when they overflow.  A long one goes
    through :func:`numpy.add.accumulate`, whose steps are the same additions
    in the same order."""
    if len(numbers) < 256:
        total = 0.0
        for x in numbers:
            total += float(x)
        return total
    import numpy as np

    with np.errstate(all="ignore"):
        return float(np.add.accumulate(np.asarray(numbers, dtype=np.float64))[-1])


def collect_numbers(args, direct_text="coerce"):
    """The numbers of aggregate arguments, Excel's SUM rules; or an XLError.

    Inside ranges and arrays only numbers count (text, booleans, empty are
    skipped); an error anywhere is returned.  A direct argument is coerced:
    TRUE is 1, numeric text is its number, other text is #VALUE!.
    """
    out = []
    for arg in args:
        if isinstance(arg, Sparse):  # a whole column's array: repeated values come once
            check_listable(arg)  # each value of a run is listed count times
            for v, count in runs(arg):
                if isinstance(v, float):
                    out += [v] * count
                elif isinstance(v, XLError):
                    return v
        elif isinstance(arg, NumberColumn):
            out += arg.floats.tolist()
        elif isinstance(arg, Array):  # the numbers in one pass, the first error if any
            values = list(chain.from_iterable(arg.rows))
            numbers = [v for v in values if isinstance(v, float)]
            if len(numbers) < len(values):
                error = next((v for v in values if isinstance(v, XLError)), None)
                if error is not None:
                    return error
            out += numbers
        elif arg is EMPTY:
            out.append(0.0)
        else:
            n = to_number(arg)
            if isinstance(n, XLError):
                return n
            out.append(n)
    return out
