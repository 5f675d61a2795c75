"""Excel tables and structured references.

A table (Insert > Table in Excel; ``xl/tables/tableN.xml`` in a file) is a
named rectangle of one sheet: an optional header row holding the column
names, data rows, and an optional totals row.  Formulas name its parts
with *structured references* ("Using structured references with Excel
tables", support.microsoft.com; the grammar of [MS-XLSX] 2.2.2)::

    T[Total]   T[[Units]:[Cost]]   T[]          the data of columns
    T[#All]  T[#Data]  T[#Headers]  T[#Totals]  T[[#Headers],[#Data],[Cost]]
    T[[#This Row],[Age]]                        the cell of the formula's row
    T[@Age]  [@Age]  T[@[Unit Price]]           (as Excel shows This Row)
    T                                           the table's name alone: its data
    [Age]  [[#This Row],Age]                    no table name: the host's table

``'`` escapes ``[ ] # '`` in a column name (``T[It'[s]]`` is column
``It[s``).  Files store the ``#This Row`` form (``[@Age]`` is shown, not
stored); XlsxWriter stores a table column's formula without the table's
name, ``[[#This Row],Units]``.  All of these are read.

The parser makes a :class:`~.nodes.StructRef` of each (:func:`parse_structured`:
the text alone says what it names).  When a formula is stored in a cell,
:meth:`Tables.resolve` replaces each one whose table is known by a
:class:`~.nodes.TableRef`, an ordinary reference that keeps the text: the
column of a table as an absolute range (``$C$2:$C$3``), ``#This Row`` as
the host row, relative (``$C2`` in row 2, one AST down the column), so the
dependency graph, the compiled filled-down blocks and everything else see
plain references.  What names no cell becomes a :class:`~.nodes.BrokenRef`
that keeps the text: ``#This Row`` outside the table's data rows is
#VALUE!, a column the table lacks or a totals row it has not is #REF!.  A
structured reference left unresolved (its table unknown when the formula
was stored, or ``[@x]`` in a defined name) is resolved each time it is
evaluated, and the graph treats it like OFFSET (read at run time).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from . import errors
from .errors import FormulaError, XLError
from .nodes import (
    ArrayLit, Binary, BrokenRef, Call, Composite, Invoke, NameNode, Node, Paren, Percent,
    StructRef, TableRef, Unary,
)
from .refs import Area, Coord, Ref

#: The special items, by their upper-case spelling.
KEYWORDS = {"#ALL": "#All", "#DATA": "#Data", "#HEADERS": "#Headers", "#TOTALS": "#Totals",
            "#THIS ROW": "#This Row"}
_PAIRS = ({"#Headers", "#Data"}, {"#Data", "#Totals"})  # the only keywords that combine
THIS_ROW = "#This Row"

#: Marks a structured reference hidden from the tokenizer (see :func:`hide`).
_OPEN, _CLOSE = "\ue000", "\ue001"


# --- text -> StructRef -----------------------------------------------------------

def _close(text: str, i: int) -> int | None:
    """The index of the ``]`` matching the ``[`` at ``i`` (``'`` escapes one
    character), or None."""
    depth, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "'":
            i += 2
            continue
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return None


def _name_char(ch: str) -> bool:
    return ch.isalnum() or ch in "_.\\"


def hide(formula: str) -> tuple[str, list[str]]:
    """``formula`` with each structured reference (a table name, if any, and
    its brackets) replaced by a mark the tokenizer reads as one operand, and
    the texts replaced.  Strings, quoted sheet names and references to other
    workbooks (``[1]Sheet1!A1``: a name or ``!`` right after the ``]``) are
    left as they are."""
    out, hidden, i, n = [], [], 0, len(formula)
    while i < n:
        ch = formula[i]
        if ch in "\"'":
            j = i + 1
            while j < n and (formula[j] != ch or formula[j + 1:j + 2] == ch):
                j += 2 if formula[j] == ch else 1
            out.append(formula[i:j + 1])
            i = j + 1
            continue
        if ch != "[":
            if ch in (_OPEN, _CLOSE):  # private-use characters: never part of a formula
                raise FormulaError(f"unexpected character U+{ord(ch):04X} in {formula[:80]!r}")
            out.append(ch)
            i += 1
            continue
        j = _close(formula, i)
        if j is None or formula[j + 1:j + 2] and (_name_char(formula[j + 1]) or formula[j + 1] in "!'"):
            out.append(formula[i:] if j is None else formula[i:j + 1])  # the tokenizer says why
            i = n if j is None else j + 1
            continue
        name = []
        while out and len(out[-1]) == 1 and _name_char(out[-1]):
            name.append(out.pop())
        out.append(f"{_OPEN}{len(hidden)}{_CLOSE}")
        hidden.append("".join(reversed(name)) + formula[i:j + 1])
        i = j + 1
    return "".join(out), hidden


def is_hidden(text: str) -> bool:
    return _OPEN in text


_MARK = re.compile(f"{_OPEN}([0-9]{{1,9}}){_CLOSE}")


def unhide(text: str, hidden: list[str]) -> str:
    """``text`` with the marks of :func:`hide` replaced by what they hide
    (the characters of a mark that is none, written in the formula itself,
    are left as they are: a structured reference made of them is refused)."""
    def back(m):
        k = int(m.group(1))
        return hidden[k] if k < len(hidden) else m.group(0)
    return _MARK.sub(back, text) if _OPEN in text else text


def _unescape(name: str, whole: str) -> str:
    out, i = [], 0
    while i < len(name):
        if name[i] == "'":
            i += 1
            if i == len(name):
                break
        elif name[i] in "[]":
            raise FormulaError(f"unescaped {name[i]!r} in column name {name!r} of {whole!r} "
                               "(write '" + name[i] + ")")
        out.append(name[i])
        i += 1
    if not "".join(out).strip():
        raise FormulaError(f"an empty column name in {whole!r}")
    return "".join(out)


def _keyword(text: str, whole: str) -> str:
    kw = KEYWORDS.get(" ".join(text.split()).upper())
    if kw is None:
        raise FormulaError(f"unknown item {text!r} in {whole!r} (#All, #Data, #Headers, "
                           "#Totals or #This Row)")
    return kw


def _split(spec: str) -> list[str]:
    """Items of ``[a],[b]:[c]`` at the top level, split at commas."""
    items, start, depth, i = [], 0, 0, 0
    while i < len(spec):
        ch = spec[i]
        if ch == "'":
            i += 2
            continue
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
        elif ch == "," and depth == 0:
            items.append(spec[start:i])
            start = i + 1
        i += 1
    items.append(spec[start:])
    return items


def _columns(item: str, whole: str) -> tuple[str, str]:
    """``[A]:[B]``, ``[A]``, ``A`` or ``A:B`` -> (first, last)."""
    parts, i, n = [], 0, len(item)
    while True:
        while i < n and item[i] == " ":
            i += 1
        if i < n and item[i] == "[":
            j = _close(item, i)
            if j is None:
                raise FormulaError(f"unbalanced brackets in {whole!r}")
            parts.append(_unescape(item[i + 1:j], whole))
            i = j + 1
        else:
            j = i
            while j < n and item[j] != ":":
                j += 2 if item[j] == "'" else 1
            parts.append(_unescape(item[i:j].strip(" "), whole))
            i = j
        while i < n and item[i] == " ":
            i += 1
        if i == n:
            break
        if item[i] == ":" and len(parts) == 1:
            i += 1
            continue
        raise FormulaError(f"malformed column range {item.strip()!r} in {whole!r}")
    return parts[0], parts[-1]


def parse_structured(body: str, text: str | None = None) -> StructRef:
    """The :class:`StructRef` of ``T[...]`` or ``[...]``; ``text`` is the
    reference as written, a sheet prefix included (ignored: table names are
    the workbook's).  FormulaError, naming the text, if it is not a
    structured reference."""
    text = text or body
    at = body.find("[")
    if at < 0 or not body.endswith("]") or _close(body, at) != len(body) - 1:
        raise FormulaError(f"malformed structured reference {text!r}")
    table = body[:at] or None
    if table is not None and not (table[0].isalpha() or table[0] in "_\\"):
        raise FormulaError(f"malformed table name {table!r} in {text!r}")
    spec = body[at + 1:-1].strip(" ")
    keywords: list[str] = []
    first = last = None
    if not spec:
        pass
    elif spec[0] == "#":
        keywords.append(_keyword(spec, text))
    elif spec[0] == "@":
        keywords.append(THIS_ROW)
        rest = spec[1:].strip(" ")
        if rest:
            first, last = _columns(rest, text)
    elif spec[0] != "[":
        first = last = _unescape(spec, text)
    else:
        items = _split(spec)
        for k, item in enumerate(items):
            item = item.strip(" ")
            if item.startswith("[") and item[1:2] == "#":
                if _close(item, 0) != len(item) - 1:
                    raise FormulaError(f"malformed item {item!r} in {text!r}")
                keywords.append(_keyword(item[1:-1], text))
                if first is not None:
                    raise FormulaError(f"columns must come last in {text!r}")
            elif k == len(items) - 1:
                first, last = _columns(item, text)
            else:
                raise FormulaError(f"columns must come last in {text!r}")
    if len(keywords) > 1 and set(keywords) not in _PAIRS:
        raise FormulaError(f"{', '.join(keywords)} cannot be combined in {text!r} (only "
                           "#Headers with #Data, and #Data with #Totals)")
    return StructRef(table, tuple(keywords), first, last, text)


def _escape(name: str) -> str:
    return "".join("'" + ch if ch in "[]#'" else ch for ch in name)


def file_form(text: str) -> str:
    """A structured reference as a file stores it: the ``@`` Excel shows
    (``T[@Age]``, ``[@[Unit Price]]``, ``T[@]``) spelled ``[#This Row]``
    (``T[[#This Row],[Age]]``), as Excel 2010 and later write files and
    XlsxWriter converts them; any other text as it is."""
    if "@" not in text:
        return text
    shown, hidden = hide(text)
    if len(hidden) != 1 or not shown.endswith(_CLOSE) or "@" not in hidden[0]:
        return text
    try:
        ref = parse_structured(hidden[0])
    except FormulaError:
        return text
    items = [f"[{kw}]" for kw in ref.keywords]
    if ref.first is not None:
        items.append(f"[{_escape(ref.first)}]" + ("" if ref.last == ref.first else
                                                  f":[{_escape(ref.last)}]"))
    body = items[0] if len(items) == 1 and ":" not in items[0] else "[" + ",".join(items) + "]"
    return shown[:shown.index(_OPEN)] + (ref.table or "") + body


# --- tables ----------------------------------------------------------------------

@dataclass(frozen=True)
class Table:
    """A table: its ``name``, the whole rectangle ``area`` (header and
    totals rows included), its column names, and whether it has a header
    row and a totals row."""

    name: str
    area: Area
    columns: tuple
    header: bool = True
    totals: bool = False

    @property
    def sheet(self) -> str:
        return self.area.sheet

    @property
    def data_rows(self) -> tuple[int, int]:
        return self.area.row1 + self.header, self.area.row2 - self.totals

    def column(self, name: str) -> int | None:
        """The sheet column of the table column called ``name`` (any case), or None."""
        upper = name.upper()
        for i, c in enumerate(self.columns):
            if c.upper() == upper:
                return self.area.col1 + i
        return None

    def rows(self, keywords) -> tuple[int, int] | XLError:
        """The rows the special items name (#This Row aside): an error for a
        header or totals row the table has not."""
        first, last = self.data_rows
        kws = set(keywords) or {"#Data"}
        if "#All" in kws:
            return self.area.row1, self.area.row2
        if kws == {"#Headers"} and not self.header:
            return errors.REF(f"table {self.name} has no header row")
        if kws == {"#Totals"} and not self.totals:
            return errors.REF(f"table {self.name} has no totals row")
        top = self.area.row1 if "#Headers" in kws and self.header else first
        bottom = self.area.row2 if "#Totals" in kws else last
        if kws == {"#Headers"}:
            bottom = self.area.row1
        if kws == {"#Totals"}:
            top = self.area.row2
        return top, bottom


def check_table(name: str, area: Area, columns, header: bool, totals: bool) -> str | None:
    """Why ``columns`` over ``area`` is no table (None if it is one)."""
    if len(columns) != area.width:
        return (f"{len(columns)} column names for the {area.width} columns of "
                f"{area.a1(with_sheet=False)}")
    seen = set()
    for c in columns:
        if not isinstance(c, str) or not c.strip():
            return f"a column without a name ({c!r})"
        if len(c) > 255:
            return f"a column name of {len(c):,} characters (at most 255)"
        if c.upper() in seen:
            return f"two columns named {c[:40]!r}"
        seen.add(c.upper())
    if area.height - header - totals < 1:
        return f"{area.a1(with_sheet=False)} leaves no data row"
    return None


class _Rectangles:
    """One sheet's table rectangles, for finding the one holding a cell or
    overlapping a new one in C (a hostile file may list thousands)."""

    def __init__(self):
        self.boxes = np.zeros((8, 4), np.int64)
        self.tables: list[Table] = []

    def add(self, table: Table):
        n = len(self.tables)
        if n == len(self.boxes):
            self.boxes = np.concatenate([self.boxes, np.zeros_like(self.boxes)])
        a = table.area
        self.boxes[n] = (a.row1, a.col1, a.row2, a.col2)
        self.tables.append(table)

    def first(self, row1: int, col1: int, row2: int, col2: int) -> Table | None:
        """The first table overlapping the rectangle, or None."""
        b = self.boxes[:len(self.tables)]
        hit = np.flatnonzero((b[:, 0] <= row2) & (row1 <= b[:, 2]) & (b[:, 1] <= col2) & (col1 <= b[:, 3]))
        return self.tables[int(hit[0])] if len(hit) else None


class Tables:
    """The tables of one workbook, by name (case-insensitive)."""

    def __init__(self):
        self._by_name: dict[str, Table] = {}
        self._sheets: dict[str, _Rectangles] = {}
        self._has: dict[int, tuple] = {}  # id(node) -> (node, holds a StructRef)
        self._resolved: dict[tuple, Node] = {}

    def add(self, table: Table):
        """Add ``table``; FormulaError if its name is taken or it overlaps another."""
        if table.name.upper() in self._by_name:
            raise FormulaError(f"a table named {table.name!r} exists already")
        why = check_table(table.name, table.area, table.columns, table.header, table.totals)
        if why:
            raise FormulaError(f"table {table.name!r}: {why}")
        a = table.area
        boxes = self._sheets.setdefault(a.sheet.upper(), _Rectangles())
        other = boxes.first(a.row1, a.col1, a.row2, a.col2)
        if other is not None:
            raise FormulaError(f"table {table.name!r} ({a.a1()}) overlaps table "
                               f"{other.name!r} ({other.area.a1()})")
        boxes.add(table)
        self._by_name[table.name.upper()] = table
        self._resolved.clear()

    def get(self, name: str) -> Table | None:
        return self._by_name.get(name.upper())

    def at(self, sheet: str, row: int, col: int) -> Table | None:
        """The table holding the cell, if any."""
        boxes = self._sheets.get(sheet.upper())
        return None if boxes is None else boxes.first(row, col, row, col)

    def overlapping(self, area) -> Table | None:
        """The first table overlapping ``area`` (an Area), if any."""
        boxes = self._sheets.get(area.sheet.upper())
        return None if boxes is None else boxes.first(area.row1, area.col1, area.row2, area.col2)

    def __iter__(self):
        return iter(self._by_name.values())

    def __len__(self):
        return len(self._by_name)

    # -- structured references -> areas -------------------------------------------
    def _table_of(self, ref: StructRef, sheet: str, row: int | None, col: int | None):
        if ref.table is not None:
            return self.get(ref.table)
        return None if row is None else self.at(sheet, row, col)

    def area(self, ref: StructRef, sheet: str, row: int | None, col: int | None):
        """What ``ref`` names, used in (sheet, row, col): an Area or an
        error (#REF! for an unknown table or column, #VALUE! for #This Row
        outside the table's data rows)."""
        table = self._table_of(ref, sheet, row, col)
        if table is None:
            return errors.REF(f"no table {ref.table!r}" if ref.table else
                              f"{ref.text} is used outside a table")
        cols = self._cols(table, ref)
        if isinstance(cols, XLError):
            return cols
        if THIS_ROW in ref.keywords:
            first, last = table.data_rows
            if row is None or not first <= row <= last:
                return errors.VALUE(f"{ref.text}: not in a row of table {table.name}'s data")
            return Area(table.sheet, row, cols[0], row, cols[1])
        rows = table.rows(ref.keywords)
        if isinstance(rows, XLError):
            return rows
        return Area(table.sheet, rows[0], cols[0], rows[1], cols[1])

    @staticmethod
    def _cols(table: Table, ref: StructRef):
        if ref.first is None:
            return table.area.col1, table.area.col2
        c1, c2 = table.column(ref.first), table.column(ref.last)
        if c1 is None or c2 is None:
            missing = ref.first if c1 is None else ref.last
            return errors.REF(f"table {table.name} has no column {missing!r}")
        return min(c1, c2), max(c1, c2)

    def _leaf(self, ref, sheet: str, row: int | None, col: int | None) -> Node:
        """``ref`` resolved for a host (row None: none, as for a defined
        name): a TableRef, a BrokenRef, or ``ref`` itself when it can only
        be resolved at run time.  A table's name alone (``=SUM(T)``, a
        NameNode) is its data."""
        if isinstance(ref, NameNode):
            table = None if ref.sheet is not None else self.get(ref.name)
            if table is None:
                return ref
            ref = StructRef(table.name, (), None, None, ref.name)
        table = self._table_of(ref, sheet, row, col)
        if table is None:
            return ref
        this_row = THIS_ROW in ref.keywords
        if this_row and row is None:
            return ref
        found = self.area(ref, sheet, row, col)
        if isinstance(found, XLError):
            return BrokenRef(found.kind, ref.text)
        on = None if found.sheet.upper() == sheet.upper() else found.sheet
        if this_row:  # the host's row, relative: one AST for the table's rows
            start = Coord(0, found.col1, False, True)
            end = Coord(0, found.col2, False, True) if found.col2 != found.col1 else None
        else:
            start = Coord(found.row1, found.col1, True, True)
            end = None if found.is_cell else Coord(found.row2, found.col2, True, True)
        return TableRef(Ref(on, start, end), ref.text)

    def holds(self, node: Node) -> bool:
        """Whether ``node`` holds a structured reference, or a name that may
        be a table's (kept by identity)."""
        known = self._has.get(id(node))
        if known is not None and known[0] is node:
            return known[1]
        found = any(isinstance(n, (StructRef, NameNode)) for n in _leaves(node))
        if len(self._has) > 100_000:
            self._has.clear()
        self._has[id(node)] = (node, found)
        return found

    def resolve(self, node: Node, sheet: str, row: int | None = None, col: int | None = None) -> Node:
        """``node`` with its structured references resolved for a formula in
        (sheet, row, col) (no host: only those that do not depend on one).
        The cells of a table column get one node (identical object), as do
        any hosts for which every reference resolves alike."""
        if not self._by_name or not self.holds(node):
            return node
        leaves = [n for n in _leaves(node) if isinstance(n, (StructRef, NameNode))]
        done = {ref: self._leaf(ref, sheet, row, col) for ref in leaves}
        key = (id(node), sheet.upper(), tuple(done[ref] for ref in leaves))
        found = self._resolved.get(key)
        if found is not None and found[0] is node:
            return found[1]
        new = _replace_leaves(node, lambda n: done.get(n, n) if isinstance(n, (StructRef, NameNode))
                              else n)
        if len(self._resolved) > 100_000:
            self._resolved.clear()
        self._resolved[key] = (node, new)
        return new


def _leaves(node: Node):
    stack = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, Composite) and not isinstance(n, ArrayLit):
            stack.extend(n.children())
        else:
            yield n


def _replace_leaves(node: Node, new_leaf) -> Node:
    """``node`` rebuilt with each leaf replaced by ``new_leaf(leaf)`` (iterative:
    a formula may be thousands of nodes deep); unchanged parts are kept."""
    stack, out = [(node, False)], []
    while stack:
        n, ready = stack.pop()
        if not isinstance(n, Composite) or isinstance(n, ArrayLit):
            out.append(new_leaf(n))
            continue
        kids = n.children()
        if not ready:
            stack.append((n, True))
            stack.extend((k, False) for k in reversed(kids))
            continue
        new = out[len(out) - len(kids):]
        del out[len(out) - len(kids):]
        if all(a is b for a, b in zip(new, kids)):
            out.append(n)
        elif isinstance(n, Binary):
            out.append(Binary(n.op, new[0], new[1]))
        elif isinstance(n, Call):
            out.append(Call(n.name, tuple(new)))
        elif isinstance(n, Unary):
            out.append(Unary(n.op, new[0]))
        elif isinstance(n, Percent):
            out.append(Percent(new[0]))
        elif isinstance(n, Paren):
            out.append(Paren(new[0]))
        elif isinstance(n, Invoke):
            out.append(Invoke(new[0], tuple(new[1:])))
        else:  # pragma: no cover - every composite is listed above
            raise TypeError(f"cannot rebuild {n!r}")
    return out[0]
