"""Whether a dynamic array formula computes the same as a legacy one.

Excel 365 computes a formula entered in a cell as a dynamic array formula:
ranges are taken whole and operators and functions work element by element
(``=SUM(A1:A4*B1:B4)`` multiplies four pairs).  A file stores it as a plain
``<f>`` only when a legacy reading -- Excel 2019's, and sheetgd's for a
formula without dynamic-array metadata -- gives the same: where a range or
array meets a single value's place (an operator's operand, a parameter
taking one value), the legacy reading keeps only the cell in the formula's
row or column (implicit intersection), and Excel saves such a formula with
its dynamic-array metadata (``cm="1"``, ``t="array"``), which older versions
show as ``{=...}`` (Microsoft, "Implicit intersection operator: @" and
"Dynamic array formulas in non-dynamic aware Excel").

:func:`may_intersect` answers from the formula's shape, erring towards
"yes": a formula so marked without need is still computed the same by every
reader (as an array formula of one cell), where one left plain that needed
the metadata reads back with another value.
"""

from __future__ import annotations

from .nodes import (
    REFERENCE_OPERATORS, ArrayLit, Binary, Call, ErrorLit, ExternalRef, Logical, Missing, NameNode,
    Number, Paren, Percent, RefNode, Text, Unary,
)

#: Functions whose result may be a range of several cells or an array
#: whatever the kind of their arguments: in a single value's place the
#: legacy reading intersects it.
MAY_RETURN_MANY = frozenset({
    "OFFSET", "INDIRECT", "INDEX", "ROW", "COLUMN", "TRANSPOSE", "MMULT", "MINVERSE", "MUNIT",
    "FREQUENCY", "LINEST", "LOGEST", "TREND", "GROWTH", "ANCHORARRAY", "SEQUENCE", "RANDARRAY",
    "SORT", "SORTBY", "FILTER", "UNIQUE", "XLOOKUP", "TAKE", "DROP", "EXPAND", "CHOOSECOLS",
    "CHOOSEROWS", "VSTACK", "HSTACK", "TOCOL", "TOROW", "WRAPROWS", "WRAPCOLS", "TEXTSPLIT",
    "MAKEARRAY", "MAP", "SCAN", "BYROW", "BYCOL", "GROUPBY", "PIVOTBY", "TRIMRANGE",
    "REGEXEXTRACT", "LAMBDA",
})

_SINGLE = (Number, Text, Logical, ErrorLit, Missing, ArrayLit)  # (constant arrays: arrays both ways)


def may_intersect(node) -> bool:
    """Whether the legacy reading of formula ``node`` may intersect a
    range or array that the dynamic one takes whole: a multi-cell
    reference, a defined name, or a call of :data:`MAY_RETURN_MANY`,
    reached through operators, parameters taking one value, or a
    function's result (the formula's own result is one value's place);
    an unknown function or node counts as one.  ``@`` intersects both
    ways; the arguments of a function computing them as arrays
    (SUMPRODUCT's) are arrays both ways, and a name LET binds to one value
    (``LET(x,A1,x*2)``) is one value.  Walks without recursion (formulas
    may nest deeply)."""
    from .functions import REGISTRY

    todo = [(node, True, frozenset())]  # (node, whether one value goes there, LET's one-cell names)
    while todo:
        n, single, one_cell = todo.pop()
        while isinstance(n, Paren):
            n = n.inner
        if isinstance(n, _SINGLE):
            continue
        if isinstance(n, (RefNode, ExternalRef)):  # (another book's name: maybe many cells)
            if single and _many_cells(getattr(n, "ref", None)):
                return True
        elif isinstance(n, NameNode):
            if single and (n.sheet is not None or n.name.upper() not in one_cell):
                return True
        elif isinstance(n, Binary):
            if n.op in REFERENCE_OPERATORS:
                if single:
                    return True
            else:
                todo += [(n.left, True, one_cell), (n.right, True, one_cell)]
        elif isinstance(n, (Unary, Percent)):
            if getattr(n, "op", None) != "@":
                todo.append((n.operand, True, one_cell))
        elif isinstance(n, Call) and n.name == "LET" and len(n.args) % 2 == 1:
            names = one_cell
            for name, value in zip(n.args[:-1:2], n.args[1:-1:2]):
                todo.append((value, False, names))
                if isinstance(name, NameNode) and _one_value(value, names):
                    names = names | {name.name.upper()}
            todo.append((n.args[-1], single, names))
        elif isinstance(n, Call):
            spec = REGISTRY.get(n.name)
            if spec is None or (single and n.name in MAY_RETURN_MANY):
                return True
            if spec.array_args:  # its arguments are computed as arrays both ways (SUMPRODUCT)
                continue
            for i, arg in enumerate(n.args):
                kind = spec.kind_at(i).kind if spec.params else None
                if kind is None:
                    todo.append((arg, False, one_cell))
                elif kind.name == "LAZY":  # a value the call may give as its result
                    todo.append((arg, single, one_cell))
                else:
                    todo.append((arg, kind.scalar, one_cell))
        else:
            return True
    return False


def _one_value(node, one_cell: frozenset) -> bool:
    """Whether ``node`` (a value LET binds to a name) is one value both
    ways: nothing in it may be several cells or an array."""
    from .functions import REGISTRY
    from .nodes import walk

    for n in walk(node):
        if isinstance(n, Call) and n.name not in REGISTRY:  # (its result unknown)
            return False
        if isinstance(n, (RefNode, ExternalRef)) and _many_cells(getattr(n, "ref", None)):
            return False
        if isinstance(n, NameNode) and (n.sheet is not None or n.name.upper() not in one_cell):
            return False
        if isinstance(n, ArrayLit) or isinstance(n, Call) and n.name in MAY_RETURN_MANY:
            return False
        if isinstance(n, Binary) and n.op in REFERENCE_OPERATORS:
            return False
    return True


def _many_cells(ref) -> bool:
    """Whether a reference (None: a structured reference or a name of
    another book, whose size this does not tell) may name several cells."""
    return ref is None or ref.end is not None or ref.start.row is None or ref.start.col is None
