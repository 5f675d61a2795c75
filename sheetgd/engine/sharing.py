"""One parsed form for the formulas of a filled-down column.

Excel stores a filled-down formula once, as one R1C1 text; sheetgd keeps one
AST for the cells that share a *relative form* (:func:`relative_form`: the
formula text with every host-dependent reference -- cells, whole columns,
whole rows -- written as its offset from the host), and the readers
recognise a filled-down column's texts without parsing them
(:class:`FillDown`).  :func:`parse` is the parser's entry point.
"""

from __future__ import annotations

import re
from dataclasses import fields

from .nodes import ExternalRef, Node, RefNode
from .parser import _parse_cached
from .refs import MAX_COL, MAX_ROW, Coord, letters_to_col


def parse(formula: str, row: int = 1, col: int = 1) -> Node:
    """Parse ``formula`` (with or without the leading '=') hosted at (row, col).

    Filled-down formulas share one AST, as they share one R1C1 text in Excel
    (``=C5+D5*A5`` in E5 and ``=C4+D4*A4`` in E4 are both ``=RC[-2]+RC[-1]*RC[-4]``):
    a formula whose :func:`relative_form` was parsed before reuses that AST
    without tokenizing again.  Raises :class:`FormulaError` with the formula
    text when it is malformed.
    """
    return _parse_shared(formula if formula.startswith("=") else "=" + formula, row, col)[0]


def _parse_shared(text: str, row: int, col: int) -> tuple[Node, bool]:
    """:func:`parse` of ``text`` (with its '='), and whether the node is the
    one its relative form shares (False: parsed for this host alone).

    The first parse of a form is checked against the form: its references'
    coordinates (:func:`_coords_of`), in text order, must be exactly the
    form's holes, end by end.  A text whose form misses or invents a reference
    (none is known; the check is the guard) is marked unshared, and every
    text of that form is parsed for its own host.
    """
    key = relative_form(text, row, col)
    if key is None:
        return _parse_cached(text, row, col), False
    node = _BY_FORM.get(key)
    if node is None:
        node = _parse_cached(text, row, col)
        fits = [end for hole in _HOLE.findall(key) for end in hole.split(":")] == _coords_of(node)
        if len(_BY_FORM) >= _FORMS_KEPT:
            _BY_FORM.clear()
        _BY_FORM[key] = node if fits else _UNSHARED
        return node, fits
    if node is _UNSHARED:
        return _parse_cached(text, row, col), False
    return node, True


_BY_FORM: dict[str, Node] = {}
_FORMS_KEPT = 100_000
_UNSHARED = object()  # _BY_FORM's mark for a form whose texts are parsed host by host

#: A span of formula text (outside strings and quoted sheet names) that
#: :meth:`Ref.parse <sheetgd.engine.refs.Ref.parse>` stores relative to the
#: host: a cell (``$B5``), whole columns (``A:$C``) or whole rows (``2:$5``),
#: alone or after ``Sheet!``/``'my sheet'!``.  Not next to a character that
#: continues a name or a number (``x5`` is a cell; ``tax2019``, ``éA1``,
#: ``A1?``, ``1E5``, ``1.5:3`` are not), nor before ``(`` (``A:B(1)`` calls
#: B) or ``!`` (``A1!B2`` is B2 on sheet A1).  Its last group tells the kind.
_REF_IN_TEXT = re.compile(
    r"(?<![\w.\\?$])(\$?)(?:"
    r"([A-Za-z]{1,3})(?:(\$?)([0-9]+)"  # 1 $, 2 column, 3 $, 4 row: a cell
    r"|:(\$?)([A-Za-z]{1,3}))"          # 1 $, 2 column, 5 $, 6 column: whole columns
    r"|([0-9]+):(\$?)([0-9]+))"         # 1 $, 7 row, 8 $, 9 row: whole rows
    r"(?![\w.\\?(!])")
_CELL_END, _COLUMNS_END = 4, 6  # the last group of a cell, of whole columns (of whole rows: 9)
_ROW_GROUPS = {_CELL_END: ((3, 4),), _COLUMNS_END: (), 9: ((1, 7), (8, 9))}  # ($, row) groups
_QUOTED = re.compile(r'"(?:[^"]|"")*"|\'(?:[^\']|\'\')*\'')
_HOLE = re.compile("\x00([^\x00]*)\x00")


def relative_form(text: str, row: int, col: int) -> str | None:
    r"""The formula text with every reference written relative to the host:
    each span of :data:`_REF_IN_TEXT` -- cells, whole columns, whole rows --
    replaced by its coordinates as :class:`~sheetgd.engine.refs.Coord`
    stores them, an offset from the host for a relative row or column, ``$``
    and the position for an absolute one (``C5`` in E5 becomes
    ``\x000,-2\x00``, ``A:A`` in C1 ``\x00,-2:,-2\x00``, ``$1:1`` in G5
    ``\x00$1,:-4,\x00``).  Two texts with one form parse to one AST, as
    Excel's R1C1 text is one for the cells of a filled-down column.

    None when the text is parsed as it is, for its host alone: a reference
    off the grid, ``#REF!`` (a BrokenRef keeps its text), a NUL character.
    """
    if "#REF!" in text.upper() or "\x00" in text:
        return None

    def hole(m) -> str:  # the match's coordinates, in _coord_text's notation
        kind = m.lastindex
        if kind == _CELL_END:
            col_abs, letters, row_abs, digits = m.group(1, 2, 3, 4)
            c = _COLS.get(letters) or _col(letters)
            r = int(digits)
            if r > MAX_ROW or r < 1 or c > MAX_COL:
                raise _OffGrid
            return f"\x00{f'${r}' if row_abs else r - row},{f'${c}' if col_abs else c - col}\x00"
        if kind == _COLUMNS_END:
            abs1, first, abs2, second = m.group(1, 2, 5, 6)
            c1, c2 = _COLS.get(first) or _col(first), _COLS.get(second) or _col(second)
            if c1 > MAX_COL or c2 > MAX_COL:
                raise _OffGrid
            return f"\x00,{f'${c1}' if abs1 else c1 - col}:,{f'${c2}' if abs2 else c2 - col}\x00"
        abs1, first, abs2, second = m.group(1, 7, 8, 9)
        r1, r2 = int(first), int(second)
        if not (1 <= r1 <= MAX_ROW and 1 <= r2 <= MAX_ROW):
            raise _OffGrid
        return f"\x00{f'${r1}' if abs1 else r1 - row},:{f'${r2}' if abs2 else r2 - row},\x00"

    sub = _REF_IN_TEXT.sub
    try:
        if '"' not in text and "'" not in text:
            return sub(hole, text)
        return "".join(sub(hole, text[start:end]) if plain else text[start:end]
                       for start, end, plain in _pieces(text))
    except _OffGrid:
        return None


_COLS: dict[str, int] = {}  # column letters -> number, as met


def _col(letters: str) -> int:
    if len(_COLS) >= 20_000:  # letters in every case: at most 52**3 + 52**2 + 52 texts
        _COLS.clear()
    _COLS[letters] = c = letters_to_col(letters)
    return c


def _pieces(text: str):
    """(start, end, outside) for the pieces of ``text``: ``outside`` is
    False for a string or a quoted sheet name, True between them."""
    pos = 0
    for q in _QUOTED.finditer(text):
        yield pos, q.start(), True
        yield q.start(), q.end(), False
        pos = q.end()
    yield pos, len(text), True


class _OffGrid(Exception):
    """A reference in the text is off the grid: no relative form."""


def _coords_of(node: Node) -> list[str]:
    """The coordinates of the node's references, one end at a time, in text
    order, as :func:`relative_form` writes them: what the AST keeps of its
    host.  Walks the fields of every node (a tree may be thousands of nodes
    deep: no recursion)."""
    out: list[str] = []
    todo: list = [node]
    while todo:
        n = todo.pop()
        if isinstance(n, RefNode) or isinstance(n, ExternalRef) and n.ref is not None:
            out.extend(_coord_text(c) for c in (n.ref.start, n.ref.end) if c is not None)
        elif isinstance(n, Node):
            todo.extend(reversed([getattr(n, f.name) for f in fields(n)]))
        elif isinstance(n, tuple):
            todo.extend(reversed(n))
    return out


def _coord_text(c: Coord) -> str:
    """``row,col`` of one end: an offset, ``$`` and a position, or nothing (whole rows/columns)."""
    row = "" if c.row is None else f"${c.row}" if c.row_abs else str(c.row)
    return f"{row},{'' if c.col is None else f'${c.col}' if c.col_abs else c.col}"


class FillDown:
    """Recognises the formulas of a filled-down column without parsing them.

    Down a column, a filled-down formula's text changes only in its relative
    row numbers -- of cells and of whole rows, as when Excel fills a formula
    down: ``=C5+$D$2*A5+SUM(5:5)`` in row 5 is ``=C6+$D$2*A6+SUM(6:6)`` in
    row 6; whole columns and ``$`` rows stay as they are.  :meth:`node`
    keeps, per column, the last formula's text as a template (literal pieces
    and row offsets, from :func:`row_template`) with its parsed AST, and
    returns that AST when a new text is the template filled in for the new
    row -- one %-format and a comparison instead of a parse.  Otherwise it
    parses.  The template's holes are the row numbers of the spans
    :func:`relative_form` rewrites; it is kept only for a node that form
    shares (whose references are exactly those spans) and filled in only for
    rows where every hole stays on the grid, so a text that matches has the
    same relative form, and :func:`parse` would return the same node.
    """

    def __init__(self):
        self._by_col: dict[int, tuple] = {}  # col -> (parts, node, first, last, fill or None)

    def node(self, text: str, row: int, col: int) -> Node:
        known = self._by_col.get(col)
        if known is not None:
            parts, node, first, last, fill = known
            if first <= row <= last:
                if fill is not None:
                    if fill(row) == text:
                        return node
                elif "".join(p if type(p) is str else str(row + p) for p in parts) == text:
                    self._by_col[col] = (parts, node, first, last, _filler(parts))  # a run: fill fast
                    return node
        node, shared = _parse_shared(text if text.startswith("=") else "=" + text, row, col)
        if shared:
            parts = row_template(text, row)
            offsets = parts[1::2]  # pieces and offsets alternate
            first = max(1, 1 - min(offsets, default=0))
            last = min(MAX_ROW, MAX_ROW - max(offsets, default=0))
        else:
            parts, first, last = None, 1, 0  # matches no row
        self._by_col[col] = (parts, node, first, last, None)
        return node

    def template(self, col: int):
        """``(parts, node, first, last)`` of the column's last formula, or
        None: parts are literal pieces and row offsets from its row (None
        when the formula is parsed row by row), and ``first..last`` the rows
        the template may be filled in for (its rows stay on the grid)."""
        known = self._by_col.get(col)
        return None if known is None else known[:4]


def _filler(parts: list):
    """``fill(row)``: the template's text for ``row``, by one %-format."""
    fmt = "".join(p.replace("%", "%%") if type(p) is str else "%d" for p in parts)
    offsets = tuple(p for p in parts if type(p) is not str)
    if len(set(offsets)) <= 1:  # the usual fill-down: every reference in one row
        n, o = len(offsets), offsets[0] if offsets else 0
        return lambda row: fmt % ((row + o,) * n)
    return lambda row: fmt % tuple([row + o for o in offsets])


def row_template(text: str, row: int) -> list:
    """``text`` as literal pieces and the relative row numbers of its
    references (cells, whole rows) as offsets from ``row``: what changes
    when the formula is filled down.  ``[text]`` when nothing does."""
    parts, pos = [], 0
    pieces = ((0, len(text), True),) if '"' not in text and "'" not in text else _pieces(text)
    for start, end, outside in pieces:
        for m in _REF_IN_TEXT.finditer(text[start:end]) if outside else ():
            kind = m.lastindex  # the spans relative_form rewrites
            for dollar, digits in _ROW_GROUPS[kind]:
                if m.group(dollar):  # $ before the row: absolute, stays as it is
                    continue
                at, end_at = m.span(digits)
                parts.append(text[pos:start + at])
                parts.append(int(m.group(digits)) - row)
                pos = start + end_at
    parts.append(text[pos:])
    return parts
