"""Formula text -> AST, with Excel's operator precedence.

Tokens come from openpyxl's formula tokenizer.  Two places where it is wrong
for our purposes: it glues a reference and a following function into one
token (``A1:INDEX(`` is a single FUNC token), and a range operator after a
closing parenthesis into the next operand (``OFFSET(A1,1,0):D8`` ends in the
operand ``:D8``); :func:`_tokens` splits both back into reference, range
operator and function.

Precedence, lowest to highest (one function per level below)::

    comparison   =  <>  <  >  <=  >=        left to right
    concat       &                          left to right
    additive     +  -                       left to right
    term         *  /                       left to right
    power        ^                          left to right: 2^3^2 = 64
    postfix      %                          x% = x/100
    prefix       -  +  @                    binds tighter than ^: -2^2 = 4
    range        :                          A1:INDEX(B1:B9,3)
    primary      number  "text"  TRUE  #N/A  {array}  ref  name  f(args)  (expr)

References are stored relative to the host cell given to :func:`parse`.

Refused with a :class:`FormulaError` (the caller adds the sheet and cell):
unbalanced parentheses, stray operators, numbers beyond float64 (``1E309``),
ranges beyond Excel's grid (``A1:A1048577``; a lone ``XFE1`` is a *name*, as
in Excel, and evaluates to #NAME? unless defined), malformed sheet names
(``s!!A1``, ``'a:b'!A1``), external workbooks (``[1]Sheet1!A1``) and 3-D
references (``Sheet1:Sheet3!A1``).  References Excel has already broken
(``#REF!``, ``Sheet1!#REF!``, ``#REF!A1``) parse to :class:`BrokenRef`, which
evaluates to #REF!.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

from openpyxl.formula.tokenizer import Token, Tokenizer, TokenizerError

from . import errors
from .errors import FormulaError
from .nodes import (
    ArrayLit, Binary, BrokenRef, Call, ErrorLit, Logical, Missing, NameNode, Node, Number,
    Paren, Percent, RefNode, Text, Unary,
)
from .refs import MAX_COL, MAX_ROW, Ref, _parse_end as parse_end, col_to_letters, split_sheet

_COMPARISONS = ("=", "<>", "<", ">", "<=", ">=")
_FUNCTION_PREFIXES = ("_XLFN._XLWS.", "_XLFN.", "_XLWS.")


def canonical_function_name(raw: str) -> str:
    """'_xlfn.stdev.p' -> 'STDEV.P'."""
    name = raw.upper()
    for prefix in _FUNCTION_PREFIXES:
        if name.startswith(prefix):
            return name[len(prefix):]
    return name


def _tokens(formula: str) -> list[tuple[str, str]]:
    """(kind, text) pairs; kinds: num str bool err ref func close ( ) { } , ; pre in post."""
    try:
        items = Tokenizer(formula).items
    except TokenizerError as exc:
        raise FormulaError(f"cannot read formula {formula!r}: {exc}") from None
    except (IndexError, AssertionError):  # the tokenizer's way of saying "unbalanced"
        raise FormulaError(f"unbalanced parentheses or braces in {formula!r}") from None
    out: list[tuple[str, str]] = []
    for i, tok in enumerate(items):
        t, sub, v = tok.type, tok.subtype, tok.value
        if t == Token.WSPACE:
            prev = out[-1][0] if out else None
            nxt = items[i + 1] if i + 1 < len(items) else None
            if (prev in ("num", "str", "bool", "err", "ref", "close", ")", "}")
                    and nxt is not None
                    and (nxt.type in (Token.OPERAND, Token.FUNC) and nxt.subtype != Token.CLOSE
                         or nxt.type == Token.PAREN and nxt.subtype == Token.OPEN)):
                raise FormulaError(
                    f"the intersection operator (a space between references) is not "
                    f"supported in {formula!r}")
            continue
        if t == Token.OPERAND:
            kind = {Token.NUMBER: "num", Token.TEXT: "str", Token.LOGICAL: "bool",
                    Token.ERROR: "err", Token.RANGE: "ref"}[sub]
            if kind == "ref" and v.startswith(":") and len(v) > 1:  # 'OFFSET(..):D8' gives ':D8'
                out += [("in", ":"), ("ref", v[1:])]
                continue
            out.append((kind, v))
        elif t == Token.FUNC:
            if sub == Token.OPEN:
                name = v[:-1]
                head, colon, func = name.rpartition(":")
                if colon:  # openpyxl glues 'A1:INDEX(' (and '):INDEX(') together
                    out += [("ref", head), ("in", ":")] if head else [("in", ":")]
                    name = func
                out.append(("func", name))
            else:
                out.append(("close", v))
        elif t == Token.PAREN:
            out.append(("(" if sub == Token.OPEN else ")", v))
        elif t == Token.ARRAY:
            out.append(("{" if sub == Token.OPEN else "}", v))
        elif t == Token.SEP:
            out.append(("," if sub == Token.ARG else ";", v))
        elif t == Token.OP_PRE:
            out.append(("pre", v))
        elif t == Token.OP_IN:
            out.append(("in", v))
        elif t == Token.OP_POST:
            out.append(("post", v))
        else:  # pragma: no cover - the tokenizer has no other kinds
            raise FormulaError(f"unexpected token {v!r} in {formula!r}")
    return out


class _Parser:
    def __init__(self, formula: str, row: int, col: int):
        self.formula = formula
        self.toks = _tokens(formula)
        self.i = 0
        self.row, self.col = row, col

    # -- helpers ------------------------------------------------------------
    def peek(self, offset: int = 0) -> tuple[str, str]:
        j = self.i + offset
        return self.toks[j] if j < len(self.toks) else ("end", "")

    def take(self) -> tuple[str, str]:
        tok = self.peek()
        self.i += 1
        return tok

    def fail(self, what: str):
        where = self.peek()[1] or "the end"
        raise FormulaError(f"{what} at {where!r} in {self.formula!r}")

    def infix(self, ops) -> str | None:
        kind, text = self.peek()
        if kind == "in" and text in ops:
            self.i += 1
            return text
        return None

    # -- one function per precedence level ---------------------------------
    def comparison(self) -> Node:
        node = self.concat()
        while (op := self.infix(_COMPARISONS)) is not None:
            node = Binary(op, node, self.concat())
        return node

    def concat(self) -> Node:
        node = self.additive()
        while (op := self.infix(("&",))) is not None:
            node = Binary(op, node, self.additive())
        return node

    def additive(self) -> Node:
        node = self.term()
        while (op := self.infix(("+", "-"))) is not None:
            node = Binary(op, node, self.term())
        return node

    def term(self) -> Node:
        node = self.power()
        while (op := self.infix(("*", "/"))) is not None:
            node = Binary(op, node, self.power())
        return node

    def power(self) -> Node:
        node = self.postfix()
        while (op := self.infix(("^",))) is not None:
            node = Binary(op, node, self.postfix())
        return node

    def postfix(self) -> Node:
        node = self.prefix()
        while self.peek() == ("post", "%"):
            self.i += 1
            node = Percent(node)
        return node

    def prefix(self) -> Node:
        kind, text = self.peek()
        if kind == "pre" and text in ("-", "+", "@"):
            self.i += 1
            return Unary(text, self.prefix())
        return self.range()

    def range(self) -> Node:
        node = self.primary()
        while (op := self.infix((":",))) is not None:
            node = Binary(op, node, self.primary())
        return node

    def primary(self) -> Node:
        kind, text = self.take()
        if kind == "num":
            try:
                value = float(text)
            except ValueError:
                value = None
            if value is None or not math.isfinite(value):
                self.i -= 1
                self.fail("malformed number" if value is None else
                          "number too large (the largest is about 1.8E+308)")
            return Number(value, text)
        if kind == "str":
            return Text(text[1:-1].replace('""', '"'))
        if kind == "bool":
            return Logical(text.upper() == "TRUE")
        if kind == "err":
            if text.upper() == "#REF!" and self.peek()[0] == "ref":  # '#REF!A1': a deleted sheet
                return BrokenRef("#REF!", text + self.take()[1])
            err = errors.from_text(text)
            if err is None:
                self.i -= 1
                self.fail("unknown error literal")
            return ErrorLit(err.kind)
        if kind == "ref":
            return self.reference(text)
        if kind == "func":
            return self.call(text)
        if kind == "(":
            inner = self.comparison()
            if self.take()[0] != ")":
                self.i -= 1
                self.fail("expected ')'")
            return Paren(inner)
        if kind == "{":
            return self.array()
        self.i -= 1
        self.fail("expected a value")

    def reference(self, text: str) -> Node:
        if "#REF!" in text.upper():  # 'Sheet1!#REF!': cells Excel deleted
            return BrokenRef("#REF!", text)
        try:
            sheet, rest = split_sheet(text)
        except ValueError:
            self.i -= 1
            self.fail("malformed sheet name")
        if sheet is not None:
            self._check_sheet(sheet, quoted=text.startswith("'"))
        ref = Ref.parse(text, self.row, self.col)
        if ref is not None:
            return RefNode(ref)
        if ":" in rest and _beyond_grid(rest):
            self.i -= 1
            self.fail(f"range beyond Excel's grid (last cell {col_to_letters(MAX_COL)}{MAX_ROW})")
        if not _is_name(rest):
            self.i -= 1
            self.fail("not a reference or name")
        return NameNode(rest, sheet)

    def _check_sheet(self, sheet: str, quoted: bool):
        """Excel's rules for sheet names: 1..31 characters, none of ``[]:*?/`` or
        a backslash, and quotes around any name that is not plain letters,
        digits, ``_`` and ``.``."""
        why = None
        if "[" in sheet or "]" in sheet:
            why = "references to other workbooks are not supported"
        elif ":" in sheet and not quoted:
            why = "3-D references (across several sheets) are not supported"
        elif not sheet or len(sheet) > 31 or any(ch in sheet for ch in _BAD_SHEET_CHARS):
            why = "malformed sheet name"
        elif not quoted and not all(ch.isalnum() or ch in "_." for ch in sheet):
            why = "malformed sheet name (quote it: 'my sheet'!A1)"
        if why:
            self.i -= 1
            self.fail(why)

    def call(self, raw_name: str) -> Node:
        name = canonical_function_name(raw_name)
        if not _is_name(name.replace(".", "_")):
            self.i -= 1
            self.fail("malformed function name")
        args: list[Node] = []
        if self.peek()[0] == "close":
            self.i += 1
            return Call(name, ())
        while True:
            if self.peek()[0] in (",", "close"):
                args.append(Missing())
            else:
                args.append(self.comparison())
            kind, _ = self.take()
            if kind == "close":
                return Call(name, tuple(args))
            if kind != ",":
                self.i -= 1
                self.fail(f"expected ',' or ')' in {name}(...)")

    def array(self) -> Node:
        rows, row = [], []
        while True:
            sign = ""
            if self.peek()[0] == "pre" and self.peek()[1] in "+-":
                sign = self.take()[1]
            kind, text = self.take()
            if kind == "num":
                value = float(text)
                node = Number(-value if sign == "-" else value, f"{sign}{text}" if sign == "-" else text)
            elif kind in ("str", "bool", "err") and not sign:
                self.i -= 1
                node = self.primary()
            else:
                self.i -= 1
                self.fail("array constants hold numbers, text, TRUE/FALSE or errors")
            row.append(node)
            kind, _ = self.take()
            if kind == ",":
                continue
            rows.append(tuple(row))
            row = []
            if kind == ";":
                continue
            if kind == "}":
                break
            self.i -= 1
            self.fail("expected ',', ';' or '}' in an array constant")
        if any(len(r) != len(rows[0]) for r in rows):
            raise FormulaError(f"array constant rows differ in length in {self.formula!r}")
        return ArrayLit(tuple(rows))


_BAD_SHEET_CHARS = "[]:*?/\\"


def _beyond_grid(text: str) -> bool:
    """Whether ``A1:A1048577``-like text is a range with an end off the grid."""
    first, _, second = text.partition(":")
    ends = [parse_end(first), parse_end(second)]
    if any(e is None for e in ends):
        return False
    return any((row is not None and not 1 <= row <= MAX_ROW) or (col is not None and not 1 <= col <= MAX_COL)
               for row, col, _, _ in ends)


def _is_name(text: str) -> bool:
    if not text or not (text[0].isalpha() or text[0] in "_\\"):
        return False
    return all(ch.isalnum() or ch in "_.\\?" for ch in text)


def parse(formula: str, row: int = 1, col: int = 1) -> Node:
    """Parse ``formula`` (with or without the leading '=') hosted at (row, col).

    Filled-down formulas have one *relative form* (``=C5+D5*A5`` in E5 is
    ``=C4+D4*A4`` in E4): the form is computed from the text with a regular
    expression, and a formula whose form was parsed before reuses that AST
    without tokenizing again.  Raises :class:`FormulaError` with the formula
    text when it is malformed.
    """
    text = formula if formula.startswith("=") else "=" + formula
    key = relative_form(text, row, col)
    if key is None:
        return _parse_cached(text, row, col)
    node = _BY_FORM.get(key)
    if node is None:
        node = _parse_cached(text, row, col)
        if len(_BY_FORM) >= _FORMS_KEPT:
            _BY_FORM.clear()
        _BY_FORM[key] = node
    return node


_BY_FORM: dict[str, Node] = {}
_FORMS_KEPT = 100_000
_CELL_IN_TEXT = re.compile(r"(?<![A-Za-z0-9_.\\$])(\$?)([A-Za-z]{1,3})(\$?)([0-9]+)(?![A-Za-z0-9_(.!])")
_QUOTED = re.compile(r'"(?:[^"]|"")*"|\'(?:[^\']|\'\')*\'')


def relative_form(text: str, row: int, col: int) -> str | None:
    """The formula text with every A1 reference written relative to the host
    (``C5`` in E5 becomes ``\x00R0C-2\x00``); None when a reference is off
    the grid (then the text is parsed as it is)."""
    from .refs import MAX_COL, MAX_ROW, letters_to_col

    def rel(m):
        col_abs, letters, row_abs, digits = m.groups()
        c, r = letters_to_col(letters), int(digits)
        if not (1 <= r <= MAX_ROW and c <= MAX_COL):
            raise _OffGrid
        rr = f"{r}" if row_abs else f"[{r - row}]"
        cc = f"{c}" if col_abs else f"[{c - col}]"
        return f"\x00R{rr}C{cc}\x00"

    if "#REF!" in text.upper():  # a BrokenRef keeps its text: no sharing across hosts
        return None
    out, pos = [], 0
    try:
        for q in _QUOTED.finditer(text):
            out.append(_CELL_IN_TEXT.sub(rel, text[pos:q.start()]))
            out.append(q.group(0))
            pos = q.end()
        out.append(_CELL_IN_TEXT.sub(rel, text[pos:]))
    except _OffGrid:
        return None
    return "".join(out)


class _OffGrid(Exception):
    pass


class FillDown:
    """Recognises the formulas of a filled-down column without parsing them.

    Down a column, a filled-down formula's text changes only in its relative
    row numbers: ``=C5+$D$2*A5`` in row 5 is ``=C6+$D$2*A6`` in row 6.
    :meth:`node` keeps, per column, the last formula's text as a template
    (literal pieces and row offsets) with its parsed AST, and returns that
    AST when a new text is the template filled in for the new row -- a
    string join and a comparison instead of a parse.  Otherwise it parses.
    The template's row numbers are exactly the references
    :func:`relative_form` rewrites, so a text that matches has the same
    relative form, and :func:`parse` would return the same node.
    """

    def __init__(self):
        self._by_col: dict[int, tuple[list, Node]] = {}

    def node(self, text: str, row: int, col: int) -> Node:
        known = self._by_col.get(col)
        if known is not None:
            parts, node = known
            if "".join(p if type(p) is str else str(row + p) for p in parts) == text:
                return node
        node = parse(text, row, col)
        self._by_col[col] = (row_template(text, row) or [text], node)  # [text]: the same in every row
        return node

    def template(self, col: int):
        """``(parts, node)`` of the column's last formula (parts: literal
        pieces and row offsets from its row), or None."""
        return self._by_col.get(col)


def row_template(text: str, row: int) -> list | None:
    """``text`` as literal pieces and relative row numbers (as offsets from
    ``row``), or None when it has none worth keeping."""
    parts, pos = [], 0
    spans = []
    for q in _QUOTED.finditer(text):
        spans.append((pos, q.start()))
        pos = q.end()
    spans.append((pos, len(text)))
    pos = 0
    for start, end in spans:  # the matches relative_form rewrites, and only those
        for m in _CELL_IN_TEXT.finditer(text[start:end]):
            if m.group(3):  # $ before the row: absolute, stays as it is
                continue
            parts.append(text[pos:start + m.start(4)])
            parts.append(int(m.group(4)) - row)
            pos = start + m.end(4)
    parts.append(text[pos:])
    return parts if len(parts) > 1 else None


@lru_cache(maxsize=65536)
def _parse_cached(formula: str, row: int, col: int) -> Node:
    parser = _Parser(formula, row, col)
    if not parser.toks:
        raise FormulaError(f"empty formula {formula!r}")
    node = parser.comparison()
    if parser.peek()[0] != "end":
        parser.fail("unexpected")
    return node
