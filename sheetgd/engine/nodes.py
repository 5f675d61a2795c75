"""The formula AST and its rendering back to text.

Nodes are frozen and hashable, and references inside them are relative to the
host cell (see :mod:`sheetgd.engine.refs`), so the formulas of a filled-down
column are *equal* nodes: one parse, one compiled function.  :func:`render`
regenerates formula text for any host cell; parentheses written by the user
are kept as :class:`Paren` nodes so that text survives a round trip.
"""

from __future__ import annotations

from dataclasses import dataclass

from .refs import Ref, quote_sheet


class Node:
    __slots__ = ()


@dataclass(frozen=True, slots=True)
class Number(Node):
    value: float
    text: str


@dataclass(frozen=True, slots=True)
class Text(Node):
    value: str


@dataclass(frozen=True, slots=True)
class Logical(Node):
    value: bool


@dataclass(frozen=True, slots=True)
class ErrorLit(Node):
    kind: str


@dataclass(frozen=True, slots=True)
class BrokenRef(ErrorLit):
    """A reference Excel has already replaced by ``#REF!`` (its cells or
    sheet were deleted): ``Sheet1!#REF!``, ``#REF!A1``.  It evaluates to
    #REF! like the error literal and keeps its text for rendering."""

    text: str = "#REF!"


@dataclass(frozen=True, slots=True)
class ArrayLit(Node):
    """``{1,2;3,4}``: rows of literal nodes."""

    rows: tuple


@dataclass(frozen=True, slots=True)
class RefNode(Node):
    ref: Ref


@dataclass(frozen=True, slots=True)
class NameNode(Node):
    """A defined name, optionally qualified with a sheet (``basic!rmse``)."""

    name: str
    sheet: str | None = None


@dataclass(frozen=True, slots=True)
class Missing(Node):
    """An empty argument, as in ``IF(A1,,2)``."""


@dataclass(frozen=True, slots=True)
class Call(Node):
    name: str  # canonical upper-case name, without the _xlfn. prefix
    args: tuple


@dataclass(frozen=True, slots=True)
class Unary(Node):
    op: str  # '-', '+' or '@'
    operand: Node


@dataclass(frozen=True, slots=True)
class Percent(Node):
    operand: Node


@dataclass(frozen=True, slots=True)
class Binary(Node):
    op: str  # one of + - * / ^ & = <> < > <= >= :
    left: Node
    right: Node


@dataclass(frozen=True, slots=True)
class Paren(Node):
    inner: Node


def _render_number(node: Number) -> str:
    return node.text


def render(node: Node, row: int, col: int, prefix_names=None, ref_text=None) -> str:
    """Formula text (without the leading '=') of ``node`` hosted at (row, col).

    ``prefix_names`` maps canonical function names to the prefix a file needs
    (``{"STDEV.P": "_xlfn."}``); by default no prefix is written.
    ``ref_text``, if given, returns the text of every reference and defined
    name (a :class:`RefNode` or :class:`NameNode`) instead.
    """
    prefix_names = prefix_names or {}

    def go(n: Node) -> str:
        if isinstance(n, Binary):
            return f"{go(n.left)}{n.op}{go(n.right)}"
        if ref_text is not None and isinstance(n, (RefNode, NameNode)):
            return ref_text(n)
        if isinstance(n, RefNode):
            return n.ref.render(row, col)
        if isinstance(n, Number):
            return _render_number(n)
        if isinstance(n, Call):
            args = ",".join(go(a) for a in n.args)
            return f"{prefix_names.get(n.name, '')}{n.name}({args})"
        if isinstance(n, Paren):
            return f"({go(n.inner)})"
        if isinstance(n, Unary):
            return f"{n.op}{go(n.operand)}"
        if isinstance(n, Percent):
            return f"{go(n.operand)}%"
        if isinstance(n, Text):
            return '"' + n.value.replace('"', '""') + '"'
        if isinstance(n, Logical):
            return "TRUE" if n.value else "FALSE"
        if isinstance(n, BrokenRef):
            return n.text
        if isinstance(n, ErrorLit):
            return n.kind
        if isinstance(n, NameNode):
            return f"{quote_sheet(n.sheet)}!{n.name}" if n.sheet else n.name
        if isinstance(n, Missing):
            return ""
        if isinstance(n, ArrayLit):
            return "{" + ";".join(",".join(go(e) for e in r) for r in n.rows) + "}"
        raise TypeError(f"cannot render {n!r}")

    return go(node)


def walk(node: Node):
    """Every node of the tree, parents before children (iterative)."""
    stack = [node]
    while stack:
        n = stack.pop()
        yield n
        if isinstance(n, Binary):
            stack += (n.right, n.left)
        elif isinstance(n, Call):
            stack += reversed(n.args)
        elif isinstance(n, (Unary, Percent)):
            stack.append(n.operand)
        elif isinstance(n, Paren):
            stack.append(n.inner)
        elif isinstance(n, ArrayLit):
            for r in reversed(n.rows):
                stack += reversed(r)
