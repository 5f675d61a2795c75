"""The formula AST and its rendering back to text.

Nodes are frozen and hashable, and references inside them are relative to the
host cell (see :mod:`sheetgd.engine.refs`), so the formulas of a filled-down
column are *equal* nodes: one parse, one compiled function.  :func:`render`
regenerates formula text for any host cell; parentheses written by the user
are kept as :class:`Paren` nodes so that text survives a round trip.

A formula Excel accepts can be a deep tree: ``=B1+B2+...+B1600`` fits in its
8,192 characters and is 1,600 :class:`Binary` nodes deep.  So nothing here
recurses over the tree: equality and hashing of the composite nodes walk it
with an explicit stack (:class:`Composite`), and so do :func:`walk` and
:func:`render`.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import repeat, zip_longest

from .refs import Ref, quote_sheet


class Node:
    __slots__ = ()


class Composite(Node):
    """A node with child nodes.  Equal when the trees are equal, compared and
    hashed without recursion (a leaf is compared as a dataclass)."""

    __slots__ = ()

    def children(self) -> tuple:
        raise NotImplementedError

    def atoms(self) -> tuple:
        """What the node holds besides its children (operator, name, shape)."""
        return ()

    def __eq__(self, other):
        if self is other:
            return True
        if not isinstance(other, Composite):
            return NotImplemented
        return all(a == b for a, b in zip_longest(_tokens(self), _tokens(other)))

    def __hash__(self):
        return hash(tuple(_tokens(self)))


def _tokens(node: Node):
    """The tree in pre-order: leaves as themselves, a composite node as
    (type, atoms, number of children)."""
    stack = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, Composite):
            kids = n.children()
            yield type(n), n.atoms(), len(kids)
            stack.extend(reversed(kids))
        else:
            yield n


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
    #REF! like the error literal and keeps its text for rendering.  (A
    structured reference to cells that do not exist, such as
    ``T[[#This Row],[x]]`` outside T's rows, is one too, of kind #VALUE!
    or #REF!: :mod:`.tables`.)"""

    text: str = "#REF!"


@dataclass(frozen=True, slots=True, eq=False)
class ArrayLit(Composite):
    """``{1,2;3,4}``: rows of literal nodes."""

    rows: tuple

    def children(self) -> tuple:
        return tuple(e for row in self.rows for e in row)

    def atoms(self) -> tuple:
        return tuple(len(row) for row in self.rows)


@dataclass(frozen=True, slots=True)
class RefNode(Node):
    ref: Ref


@dataclass(frozen=True, slots=True)
class TableRef(RefNode):
    """A structured reference (``T[Total]``, ``T[[#This Row],[Age]]``)
    resolved to the cells it names (:mod:`.tables`): it is read like any
    reference and keeps the text the formula was written with, which is
    what :func:`render` writes back."""

    text: str = ""


@dataclass(frozen=True, slots=True)
class StructRef(Node):
    """A structured reference not (yet) resolved: its table is not known,
    or it depends on where it is used (``[@Age]`` in a defined name).  It is
    resolved when evaluated (:meth:`.tables.Tables.area`).  ``keywords``
    are the canonical ``#All`` ``#Data`` ``#Headers`` ``#Totals`` ``#This
    Row`` (none: the data); ``first``/``last`` the column range (None: every
    column); ``table`` None for a reference without a table name, which
    means the table holding the cell; ``text`` as written."""

    table: str | None
    keywords: tuple
    first: str | None
    last: str | None
    text: str


@dataclass(frozen=True, slots=True)
class NameNode(Node):
    """A defined name, optionally qualified with a sheet (``basic!rmse``)."""

    name: str
    sheet: str | None = None


@dataclass(frozen=True, slots=True)
class ExternalRef(Node):
    """A reference into another workbook (:mod:`.external`): cells
    (``[1]Sheet1!A1:B3``, ``ref`` relative to the host as any reference,
    its own sheet None) or a defined name of that book (``[1]!Rate``,
    ``name``).  ``book`` is what the brackets hold -- the file's index of the
    link (``1``) or a file name (``prices.xlsx``) -- and ``folder`` any path
    written before them (``C:\\data\\``); ``sheet`` is None for a
    workbook-level name."""

    folder: str
    book: str
    sheet: str | None
    ref: Ref | None = None
    name: str | None = None

    def prefix(self) -> str:
        """``[1]Sheet1!``, ``'[1]my sheet'!``, ``'C:\\data\\[prices.xlsx]Sheet1'!``, ``[1]!``."""
        body = f"{self.folder}[{self.book}]{self.sheet or ''}"
        plain = not self.folder and (self.sheet is None or quote_sheet(self.sheet) == self.sheet)
        return f"{body}!" if plain else "'" + body.replace("'", "''") + "'!"


@dataclass(frozen=True, slots=True)
class Missing(Node):
    """An empty argument, as in ``IF(A1,,2)``."""


@dataclass(frozen=True, slots=True, eq=False)
class Call(Composite):
    name: str  # canonical upper-case name, without the _xlfn. prefix
    args: tuple

    def children(self) -> tuple:
        return self.args

    def atoms(self) -> tuple:
        return (self.name,)


#: The trim references (Excel's "TRIMRANGE function" page): operator ->
#: (the hidden function a file stores it as, TRIMRANGE's trim_rows and trim_cols).
TRIM_OPERATORS = {".:.": ("_TRO_ALL", 3), ":.": ("_TRO_TRAILING", 2), ".:": ("_TRO_LEADING", 1)}
#: A file's hidden trim function -> its operator.
TRIM_FUNCTIONS = {function: op for op, (function, _) in TRIM_OPERATORS.items()}


@dataclass(frozen=True, slots=True, eq=False)
class TrimRef(Call):
    """A trim reference, ``A1.:.E10`` (``op`` ``.:.``, ``:.`` or ``.:``), or
    the hidden function a file stores it as, ``_xlfn._TRO_ALL(A1:E10)``:
    evaluated as the call ``TRIMRANGE(A1:E10,3,3)`` it holds (name and
    args), rendered back as it was written (:func:`render`)."""

    op: str = ".:."

    @staticmethod
    def of(op: str, operand: Node) -> "TrimRef":
        k = TRIM_OPERATORS[op][1]
        return TrimRef("TRIMRANGE", (operand, Number(float(k), str(k)), Number(float(k), str(k))), op)

    def atoms(self) -> tuple:
        return (self.name, self.op)


@dataclass(frozen=True, slots=True)
class TrimmedText:
    """A piece of :func:`template`: a range's text with a trim operator for
    its colon (``A1.:.E10``), the range's text depending on the host cell."""

    ref: Ref
    op: str

    def render(self, row: int, col: int) -> str:
        return with_trim(self.ref.render(row, col), self.op)


def with_trim(text: str, op: str) -> str:
    """``A1:E10`` (or ``s!A1:E10``) -> ``A1.:.E10``: the range's colon (the
    last one: a 3-D reference's sheets have one too) made ``op``."""
    head, colon, tail = text.rpartition(":")
    return head + op + tail if colon and "!" not in tail else text


@dataclass(frozen=True, slots=True, eq=False)
class Invoke(Composite):
    """A call of a function value: ``LAMBDA(x,x+1)(2)`` (``callee`` is the
    LAMBDA call, or any expression in parentheses that gives a LAMBDA)."""

    callee: Node
    args: tuple

    def children(self) -> tuple:
        return (self.callee, *self.args)


@dataclass(frozen=True, slots=True, eq=False)
class Unary(Composite):
    op: str  # '-', '+' or '@'
    operand: Node

    def children(self) -> tuple:
        return (self.operand,)

    def atoms(self) -> tuple:
        return (self.op,)


@dataclass(frozen=True, slots=True, eq=False)
class Percent(Composite):
    operand: Node

    def children(self) -> tuple:
        return (self.operand,)


#: The reference operators: range (``A1:B2``), intersection (a space) and
#: union (``,`` inside parentheses: ``(A1:B2,D4)``).
REFERENCE_OPERATORS = (":", " ", ",")


@dataclass(frozen=True, slots=True, eq=False)
class Binary(Composite):
    op: str  # one of + - * / ^ & = <> < > <= >= : and " " (intersection), "," (union)
    left: Node
    right: Node

    def children(self) -> tuple:
        return (self.left, self.right)

    def atoms(self) -> tuple:
        return (self.op,)


@dataclass(frozen=True, slots=True, eq=False)
class Paren(Composite):
    inner: Node

    def children(self) -> tuple:
        return (self.inner,)


def _render_number(node: Number) -> str:
    return node.text


def let_name(text: str) -> str:
    """A LET name or LAMBDA parameter as compared: upper case, without the
    ``_xlpm.`` prefix files give it (``_xlfn.LET(_xlpm.x,1,_xlpm.x+1)``)."""
    name = text.upper()
    return name[6:] if name.startswith("_XLPM.") else name


def bound_names(call: Call) -> list:
    """The name nodes a LET call binds (every other argument before the
    last) or a LAMBDA call's parameters (every argument before the last)."""
    if call.name == "LET":
        return list(call.args[:-1:2])
    if call.name == "LAMBDA":
        return list(call.args[:-1])
    return []


def bound_in(node: Node, prefixed: bool = True) -> frozenset:
    """The names LET and LAMBDA calls in ``node`` bind, upper case, without
    ``_xlpm.``: what a file writes with the ``_xlpm.`` prefix (inside the
    formula, wherever they appear, a call ``f(5)`` of a bound name
    included).  ``prefixed=False`` leaves out the names already spelled
    with the prefix (``_xlpm.x`` read from a file needs none added)."""
    found = set()
    for n in walk(node):
        if isinstance(n, Call) and n.name in ("LET", "LAMBDA"):
            found.update(let_name(a.name) for a in bound_names(n) if isinstance(a, NameNode)
                         and (prefixed or not a.name.upper().startswith("_XLPM.")))
    return frozenset(found)


def render(node: Node, row: int, col: int, prefix_names=None, ref_text=None) -> str:
    """Formula text (without the leading '=') of ``node`` hosted at (row, col).

    ``prefix_names`` maps canonical function names to the prefix a file needs
    (``{"STDEV.P": "_xlfn."}``); by default no prefix is written.  With a
    prefix for ``SINGLE`` the implicit intersection ``@x`` is written
    ``_xlfn.SINGLE(x)``, as Excel writes it into a file.
    With the file's prefixes (a prefix for ``SINGLE``), a structured
    reference is written as a file stores it (``T[@Age]`` as
    ``T[[#This Row],[Age]]``: :func:`.tables.file_form`).
    ``ref_text``, if given, returns the text of every reference and defined
    name (a :class:`RefNode` or :class:`NameNode`) instead.
    ``prefix_names[ETA_NAMES]``, if given, is the set of plain names that a
    file writes as a function passed by name (``BYROW(A1:B2,SUM)`` as
    ``_xleta.SUM``): the worksheet functions no defined name is spelled as.
    """
    if ref_text is None:
        return fill(template(node, prefix_names), row, col)
    return "".join(_pieces(node, prefix_names, ref_text))


def template(node: Node, prefix_names=None) -> tuple:
    """:func:`render`'s text of ``node`` as pieces to join: text, and the
    :class:`~.refs.Ref` of each reference (the only text that depends on
    the host cell).  A filled-down formula shared by many cells is taken
    apart once and :func:`fill` ed in at each."""
    pieces: list = []
    for piece in _pieces(node, prefix_names, None):
        if type(piece) is str and pieces and type(pieces[-1]) is str:
            pieces[-1] += piece
        else:
            pieces.append(piece)
    return tuple(pieces)


def fill(pieces: tuple, row: int, col: int) -> str:
    """The text of a :func:`template` in the cell (row, col)."""
    return "".join(p if type(p) is str else p.render(row, col) for p in pieces)


def filler(pieces: tuple):
    """:func:`fill` of a :func:`template` as a function of the cell ``(row,
    col)``, each reference rendered by its :meth:`~.refs.Ref.renderer`."""
    parts = tuple(p if type(p) is str else p.renderer() for p in pieces)
    if len(parts) == 1 and type(parts[0]) is str:
        text = parts[0]
        return lambda row, col: text
    return lambda row, col: "".join([p if type(p) is str else p(row, col) for p in parts])


def column_fill(pieces: tuple, col: int, first: int, last: int) -> list[str]:
    """:func:`fill` of a :func:`template` in rows ``first..last`` of column
    ``col``, a list, each reference rendered a column at a time
    (:meth:`~.refs.Ref.column_texts`)."""
    n = last - first + 1
    columns = [repeat(p, n) if type(p) is str else p.column_texts(col, first, last)
               for p in pieces]
    if len(columns) <= 1:
        return list(columns[0]) if columns else [""] * n
    return ["".join(parts) for parts in zip(*columns)]


#: The key of :func:`render`'s ``prefix_names`` holding the names written
#: with ``_xleta.``.
ETA_NAMES = "_xleta."


def _pieces(node: Node, prefix_names, ref_text):
    prefix_names = prefix_names or {}
    out: list = []
    todo: list = [node]  # nodes to render and text to copy, last one first
    calls = bound_in(node) if "LET" in prefix_names else ()  # a file's _xlpm.x and _xlpm.f(5)
    bound = bound_in(node, prefixed=False) if calls else ()
    eta = prefix_names.get(ETA_NAMES, ())
    while todo:
        n = todo.pop()
        if isinstance(n, str):
            out.append(n)
        elif bound and isinstance(n, NameNode) and not n.sheet and n.name.upper() in bound:
            out.append("_xlpm." + n.name)
        elif (eta and isinstance(n, NameNode) and not n.sheet and n.name.upper() in eta
              and n.name.upper() not in calls):
            out.append(ETA_NAMES + n.name.upper())  # a function passed by name
        elif isinstance(n, Binary):
            todo += (n.right, n.op, n.left)
        elif ref_text is not None and isinstance(n, (RefNode, NameNode)):
            out.append(ref_text(n))
        elif "SINGLE" in prefix_names and isinstance(n, (TableRef, StructRef)):  # a file's text
            from .tables import file_form

            out.append(file_form(n.text))
        elif isinstance(n, TrimRef):
            _trim_pieces(n, prefix_names, ref_text, out, todo)
        elif isinstance(n, (Call, Invoke)):
            todo.append(")")
            for i in range(len(n.args) - 1, -1, -1):
                todo.append(n.args[i])
                if i:
                    todo.append(",")
            if isinstance(n, Invoke):
                todo += ("(", n.callee)
            elif n.name in calls:  # a call of a LET name: _xlpm.f(5)
                todo.append(f"_xlpm.{n.name}(")
            else:
                todo.append(f"{prefix_names.get(n.name, '')}{n.name}(")
        elif isinstance(n, Paren):
            todo += (")", n.inner, "(")
        elif isinstance(n, Unary) and n.op == "@" and "SINGLE" in prefix_names:
            todo += (")", n.operand, f"{prefix_names['SINGLE']}SINGLE(")  # as Excel saves it
        elif isinstance(n, Unary):
            todo += (n.operand, n.op)
        elif isinstance(n, Percent):
            todo += ("%", n.operand)
        elif isinstance(n, RefNode) and not isinstance(n, (TableRef, StructRef)):
            out.append(n.ref)  # its text depends on the host cell
        elif isinstance(n, ExternalRef):
            out += (n.prefix(), n.name if n.ref is None else n.ref)
        else:
            out.append(_render_leaf(n))
    return out


def _trim_pieces(n: TrimRef, prefix_names, ref_text, out: list, todo: list):
    """A trim reference: in a file's text (with the file's prefixes) the
    hidden function, ``_xlfn._TRO_ALL(A1:E10)``, as Excel stores it; else
    the operator, ``A1.:.E10`` (the function's name where its argument is
    no plain range)."""
    operand = n.args[0]
    name = TRIM_OPERATORS[n.op][0]
    plain = isinstance(operand, RefNode) and not isinstance(operand, (TableRef, StructRef)) \
        and operand.ref.end is not None
    if "TRIMRANGE" in prefix_names or not plain:
        todo += (")", operand, f"{prefix_names.get('TRIMRANGE', '')}{name}(")
    elif ref_text is not None:
        out.append(with_trim(ref_text(operand), n.op))
    else:
        out.append(TrimmedText(operand.ref, n.op))


def _render_leaf(n: Node) -> str:
    """A leaf's text: none but a reference's (:func:`template`) depends on the host."""
    if isinstance(n, (TableRef, StructRef)):
        return n.text
    if isinstance(n, Number):
        return _render_number(n)
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
        return "{" + ";".join(",".join(_render_leaf(e) for e in r) for r in n.rows) + "}"
    raise TypeError(f"cannot render {n!r}")


def called_names(node: Node):
    """The names of the functions a formula may call, upper case: those it
    calls (:class:`Call`) and the names it passes as functions
    (``REDUCE(0,A1:A3,RANDBETWEEN)``, ``_xleta.RANDBETWEEN`` in files: a
    :class:`NameNode` without a sheet; which of them are functions rather
    than defined names is the caller's to decide against the registry)."""
    for n in walk(node):
        if isinstance(n, Call):
            yield n.name
        elif isinstance(n, NameNode) and n.sheet is None:
            name = n.name.upper()
            yield name[len(ETA_NAMES):] if name.startswith(ETA_NAMES.upper()) else name


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
        elif isinstance(n, Invoke):
            stack += reversed(n.args)
            stack.append(n.callee)
        elif isinstance(n, (Unary, Percent)):
            stack.append(n.operand)
        elif isinstance(n, Paren):
            stack.append(n.inner)
        elif isinstance(n, ArrayLit):
            for r in reversed(n.rows):
                stack += reversed(r)
