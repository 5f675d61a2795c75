"""Rows whose absolute references move with the row, seen as one filled-down formula.

A column such as ``=A$28`` in row 60, ``=A$29`` in row 61, ``=A$30`` in
row 62 ... (the macro-free book's passes reading the first pass's data:
:mod:`sheetgd.books.unrolled`) holds a different AST in every row, since an
absolute row is stored as itself.  Yet every row reads the cell the same
number of rows up: for the block finder (:func:`.blocks.find_blocks`) it is
the relative formula ``=A28`` filled down.  :func:`merge_moving` joins such
one-row runs of a column into one run holding that relative form (a new
AST used only by the compiled block, :mod:`.blocks`); the cells keep their
own ASTs, so the formula text, the dependency graph and the cell-by-cell
path (where a block's loop stops) are unchanged, and the loop reads the
same cells the cells would.

Two ASTs are one step apart when they are the same tree but for absolute
rows that are one more in the lower row (moving) or the same (fixed); a
run is joined only while the same references move from row to row.  Only
the node types a compiled block computes are rebuilt (:class:`.nodes.Binary`,
:class:`.nodes.Unary`, :class:`.nodes.Percent`, :class:`.nodes.Paren`,
:class:`.nodes.Call`, leaves); anything else is left as it is.
"""

from __future__ import annotations

from dataclasses import replace

from .nodes import Binary, Call, Paren, Percent, RefNode, Unary, _tokens

_REBUILT = {Binary, Unary, Percent, Paren, Call}


def merge_moving(column: list) -> list:
    """A column's formula runs ``[(first, last, node), ...]`` (sorted) with
    each stretch of one-row runs whose absolute rows move with the row
    joined into ``(first, last, relative node)`` (stretches of two rows or
    more; everything else as it was)."""
    out, i, n = [], 0, len(column)
    while i < n:
        first, last, node = column[i]
        j, mask = i, None
        if first == last:
            while j + 1 < n and column[j + 1][0] == column[j][1] + 1 == column[j + 1][1]:
                step = _step(column[j][2], column[j + 1][2])
                if step is None or (mask is not None and step != mask):
                    break
                mask, j = step, j + 1
        if j > i:
            relative = _relative(node, first, mask)
            if relative is not None:
                out.append((first, column[j][1], relative))
                i = j + 1
                continue
            j = i
        out.append((first, last, node))
        i += 1
    return out


def _tokens_of(node) -> list | None:
    tokens = list(_tokens(node))
    for t in tokens:
        if type(t) is tuple and t[0] not in _REBUILT:
            return None
    return tokens


def _step(upper, lower) -> tuple | None:
    """The moving absolute rows of ``lower`` (one row below ``upper``): a
    non-empty tuple of (token index, end) whose row is one more, every other
    part equal; None if the two are not one step apart."""
    if upper is lower or type(upper) is not type(lower):
        return None
    a, b = _tokens_of(upper), _tokens_of(lower)
    if a is None or b is None or len(a) != len(b):
        return None
    moving = []
    for k, (x, y) in enumerate(zip(a, b)):
        if x == y:
            continue
        if type(x) is not RefNode or type(y) is not RefNode:
            return None
        rx, ry = x.ref, y.ref
        if rx.sheet != ry.sheet or (rx.end is None) != (ry.end is None):
            return None
        for end, (cx, cy) in enumerate(zip((rx.start, rx.end), (ry.start, ry.end))):
            if cx == cy:
                continue
            if not (cx.row_abs and cy.row_abs and cx.col == cy.col and cx.col_abs == cy.col_abs
                    and cx.row is not None and cy.row == cx.row + 1):
                return None
            moving.append((k, end))
    return tuple(moving) or None


def _relative(node, row: int, mask: tuple):
    """``node`` (in ``row``) with the absolute rows in ``mask`` made relative."""
    tokens = _tokens_of(node)
    if tokens is None:
        return None
    ends: dict[int, set] = {}
    for k, end in mask:
        ends.setdefault(k, set()).add(end)
    for k, which in ends.items():
        ref = tokens[k].ref
        start, stop = ref.start, ref.end
        if 0 in which:
            start = replace(start, row=start.row - row, row_abs=False)
        if 1 in which:
            stop = replace(stop, row=stop.row - row, row_abs=False)
        tokens[k] = RefNode(replace(ref, start=start, end=stop))
    built: list = []
    for t in reversed(tokens):
        if type(t) is not tuple:  # a leaf
            built.append(t)
            continue
        kind, atoms, count = t
        kids = [built.pop() for _ in range(count)]
        if kind is Binary:
            built.append(Binary(atoms[0], kids[0], kids[1]))
        elif kind is Unary:
            built.append(Unary(atoms[0], kids[0]))
        elif kind is Call:
            built.append(Call(atoms[0], tuple(kids)))
        else:  # Percent, Paren
            built.append(kind(kids[0]))
    return built[0]
