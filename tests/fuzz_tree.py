"""The formula tree as the differential fuzzer sees it (used by
:mod:`tests.fuzz_explain`): paths into an AST, replacing a subtree, the
*sites* of a formula (the subexpressions it computes as single values, each
of which gets a cell of its own), and evaluating a subexpression in sheetgd
as if in the formula's cell.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from sheetgd.engine import EMPTY, XLError
from sheetgd.engine.evaluate import Ctx, compile_node, grid, scalar
from sheetgd.engine.functions import REGISTRY
from sheetgd.engine.functions.base import LAZY, REF
from sheetgd.engine.nodes import (
    ArrayLit, Binary, Call, ErrorLit, Logical, Missing, NameNode, Number, Paren, Percent, RefNode,
    Text, Unary, render, walk,
)
from sheetgd.engine.parser import parse
from sheetgd.engine.refs import Area
from sheetgd.engine.values import Array
from sheetgd.recheck import same

RANDOM = {name for name, spec in REGISTRY.items() if spec.random}

_LEAVES = (Number, Text, Logical, ErrorLit, RefNode, NameNode, Missing, ArrayLit)


# --- the tree -----------------------------------------------------------------------

def strip(node):
    """The node inside any parentheses."""
    while isinstance(node, Paren):
        node = node.inner
    return node


def children(node):
    """[(step, child, how the parent consumes it)]: 'scalar', 'lazy' (IF's
    branches), 'range' (aggregates, INDEX, ROWS: references or arrays
    welcome), 'ref' (a reference is required), 'array' (evaluated as an
    array), 'same' (parentheses)."""
    if isinstance(node, Binary):
        how = "ref" if node.op == ":" else "scalar"
        return [(0, node.left, how), (1, node.right, how)]
    if isinstance(node, (Unary, Percent)):
        return [(0, node.operand, "scalar")]
    if isinstance(node, Paren):
        return [(0, node.inner, "same")]
    if isinstance(node, Call):
        spec = REGISTRY.get(node.name)
        out = []
        for i, arg in enumerate(node.args):
            if spec is None or spec.array_args:
                how = "array"
            else:
                kind = spec.kind_at(i).kind
                how = ("scalar" if kind.scalar else "lazy" if kind is LAZY
                       else "ref" if kind is REF else "range")
            out.append((i, arg, how))
        return out
    return []


def child(node, step):
    if isinstance(node, Binary):
        return node.left if step == 0 else node.right
    if isinstance(node, (Unary, Percent)):
        return node.operand
    if isinstance(node, Paren):
        return node.inner
    return node.args[step]


def at(node, path):
    for step in path:
        node = child(node, step)
    return node


def replace(node, path, new):
    """``node`` with the subtree at ``path`` replaced by ``new``."""
    if not path:
        return new
    step, rest = path[0], path[1:]
    if isinstance(node, Binary):
        side = "left" if step == 0 else "right"
        return dataclasses.replace(node, **{side: replace(child(node, step), rest, new)})
    if isinstance(node, (Unary, Percent)):
        return dataclasses.replace(node, operand=replace(node.operand, rest, new))
    if isinstance(node, Paren):
        return Paren(replace(node.inner, rest, new))
    args = list(node.args)
    args[step] = replace(args[step], rest, new)
    return dataclasses.replace(node, args=tuple(args))


def literal(value):
    """A literal node for a value (numbers keep all their digits)."""
    if isinstance(value, bool):
        return Logical(value)
    if isinstance(value, float):
        return Number(value, repr(value).upper())
    if isinstance(value, XLError):
        return ErrorLit(value.kind)
    if value is EMPTY or value is None:
        return Text("")
    return Text(value)


def is_random(node) -> bool:
    return any(isinstance(n, Call) and n.name in RANDOM for n in walk(node))


_REFERENCE_FUNCTIONS = {"INDEX", "OFFSET", "INDIRECT"}


def reference_like(node) -> bool:
    """Whether ``node`` may give a reference (then a value cannot stand in for it)."""
    n = strip(node)
    if isinstance(n, RefNode) or isinstance(n, Binary) and n.op == ":":
        return True
    if isinstance(n, Call):
        if n.name in _REFERENCE_FUNCTIONS:
            return True
        if n.name in ("IF", "CHOOSE"):
            return any(reference_like(a) for a in n.args[1:])
        if n.name in ("IFERROR", "IFNA"):
            return any(reference_like(a) for a in n.args)
    return False


@dataclass
class Site:
    """A subexpression with a cell of its own: the node (relative to the
    formula's host), its path in the tree, and the paths of the top-most
    sites below it (its operands, or deeper where an operand is no site:
    they are substituted by their values)."""

    node: object
    path: tuple
    operands: list = field(default_factory=list)
    col: int = 0


class Host:
    """Evaluates subexpressions in sheetgd as if in the formula's cell."""

    def __init__(self, book, sheet: str, row: int, col: int = 1, cell_col: int | None = None):
        self.ctx = Ctx(book, sheet, row, col)
        self.cell_col = col if cell_col is None else cell_col  # where the site's own cell is

    def raw(self, node):
        try:
            return compile_node(node)(self.ctx)
        except Exception:  # noqa: BLE001 - a crash shows up as the formula's own difference
            return None

    def value(self, node):
        """A single value, or an :class:`Array` for a range or array (None if it crashes)."""
        raw = self.raw(node)
        if isinstance(raw, Area) and not raw.is_cell or isinstance(raw, Array):
            return grid(raw, self.ctx)
        return None if raw is None else scalar(raw, self.ctx)


def sites(root, host: Host) -> list[Site]:
    """The sites of ``root`` (the root itself first, in the host's column, the
    others in the next columns): operators and calls used as single values,
    outside array arguments, random functions and subexpressions that may be
    references, whose value is the same in their own cell."""
    found: list[Site] = []
    row, col = host.ctx.row, host.ctx.col

    def single(node, how) -> bool:
        """Whether the node's value can stand in for it: a single value, or
        (for what may be a reference) one cell or an error where it is read
        as a value -- and the same in its own cell's column."""
        raw = host.raw(node)
        if raw is None or isinstance(raw, Array):
            return False
        own = col + len(found)  # the column its cell will have
        moved = parse(render(node, row, col), row, own)
        if not close(scalar(raw, host.ctx), Host(host.ctx.book, host.ctx.sheet, row, own).value(moved)):
            return False  # implicit intersection with the host's column
        if reference_like(node):  # where a reference and its value differ, keep it whole
            return how == "scalar" and (isinstance(raw, XLError) or isinstance(raw, Area) and raw.is_cell)
        return not isinstance(raw, Area)

    def visit(node, path, how) -> list:
        """The top-most sites of the subtree (the node itself when it is one)."""
        if isinstance(node, Paren):
            return visit(node.inner, path + (0,), how)
        below = []
        site = None
        if how == "top" or (how in ("scalar", "lazy", "range") and not isinstance(node, _LEAVES)
                            and not (isinstance(node, Binary) and node.op == ":")
                            and not is_random(node) and single(node, how)):
            site = Site(node, path, col=col + len(found))
            found.append(site)
        for step, sub, sub_how in children(node):
            below += visit(sub, path + (step,), "array" if how == "array" else sub_how)
        if site is None:
            return below
        site.operands = [s.path for s in below]  # substituted by their values
        return [site]

    visit(root, (), "top")
    return found


def site_formula(site: Site, node, row: int) -> str:
    """The formula text of a site's own cell (``node``: the site, or a redone
    form of it).  A site below the root is put in parentheses: Excel (and
    sheetgd) set the result of a formula's *last* addition or subtraction to
    0 when it nearly cancels, and parentheses keep an inner operation from
    being its cell's last one -- as it was in the formula."""
    text = render(node, row, 1)
    return f"={text}" if not site.path else f"=({text})"


def operand_values(node, host: Host) -> list:
    """The value of each direct operand of ``node`` (a range: its Array)."""
    return [host.value(sub) for _, sub, _ in children(strip(node))]


def close(a, b) -> bool:
    """The fuzzer's agreement within a formula: ``sheetgd eval``'s relative
    tolerance, but no absolute one (5.5E-17 is not 0 to the operation that
    divides by it)."""
    return same(a, b, abs_=0.0)
