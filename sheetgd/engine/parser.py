"""Formula text -> AST, with Excel's operator precedence.

Tokens come from openpyxl's formula tokenizer.  Two places where it is wrong
for our purposes: it glues a reference and a following function into one
token (``A1:INDEX(`` is a single FUNC token), and a range operator after a
closing parenthesis into the next operand (``OFFSET(A1,1,0):D8`` ends in the
operand ``:D8``); :func:`_tokens` splits both back into reference, range
operator and function.

Precedence, lowest to highest (:meth:`_Parser.expression` climbs the binary
levels in a loop; :meth:`_Parser.operand` does prefix, range and postfix)::

    comparison   =  <>  <  >  <=  >=        left to right
    concat       &                          left to right
    additive     +  -                       left to right
    term         *  /                       left to right
    power        ^                          left to right: 2^3^2 = 64
    postfix      %                          x% = x/100
    prefix       -  +  @                    binds tighter than ^: -2^2 = 4
    union        ,  (in parentheses)        (A1:B2,D4): several areas as one reference
    intersection (a space)                  A1:C3 B2:D4 (#NULL! when they do not meet)
    range        :                          A1:INDEX(B1:B9,3)
    primary      number  "text"  TRUE  #N/A  {array}  ref  name  f(args)  (expr)
    invocation   f(args)(args)  (expr)(args)     LAMBDA(x,x+1)(2)

References are stored relative to the host cell given to :func:`parse`
(:mod:`.sharing` gives the cells of a filled-down formula one AST).
``@x`` and ``_xlfn.SINGLE(x)``, as Excel 365 saves it, are the implicit
intersection operator; a space between two references is the (explicit)
intersection operator.

Excel's limits hold (:data:`MAX_LENGTH` characters, :data:`MAX_FUNCTION_NESTING`
nested functions, :data:`MAX_ARGUMENTS` arguments), and sheetgd's own
:data:`MAX_NESTING` levels of parentheses and functions; beyond them a
:class:`FormulaError` names the limit.  A chain of operators (``=B1+...+B1600``)
is a loop, not a recursion.

Refused with a :class:`FormulaError` (the caller adds the sheet and cell):
unbalanced parentheses, stray operators, numbers beyond float64 (``1E309``),
ranges beyond Excel's grid (``A1:A1048577``; a lone ``XFE1`` is a *name*, as
in Excel, and evaluates to #NAME? unless defined), malformed sheet names
(``s!!A1``, ``'a:b:c'!A1``) and 3-D references into other workbooks
(``[1]Sheet1:Sheet3!A1``).

References into other workbooks parse to :class:`ExternalRef` (evaluated
from the values the file cached: :mod:`.external`): as a file stores them,
with the link's index (``[1]Sheet1!A1``, ``'[1]my sheet'!$A$1:B3``, a
defined name of that book ``[1]!Rate``), and as typed, with a file name and
perhaps a folder (``[prices.xlsx]Sheet1!A1``,
``'C:\\data\\[prices.xlsx]Sheet1'!A1``).  ``[0]`` is the workbook itself, as
some files write its names (``[0]!Rate`` is ``Rate``).
3-D references (``Sheet1:Sheet3!A1``) keep the span as their sheet.  References Excel has already broken
(``#REF!``, ``Sheet1!#REF!``, ``#REF!A1``) parse to :class:`BrokenRef`, which
evaluates to #REF!.
"""

from __future__ import annotations

import re

import math
from functools import lru_cache

from openpyxl.formula.tokenizer import Token, Tokenizer, TokenizerError

from . import errors, tables
from .errors import FormulaError
from .nodes import (
    REFERENCE_OPERATORS, TRIM_FUNCTIONS, ArrayLit, Binary, BrokenRef, Call, ErrorLit, ExternalRef,
    Invoke, Logical, Missing, NameNode, Node, Number, Paren, Percent, RefNode, Text, TrimRef, Unary,
)
from .refs import (MAX_COL, MAX_ROW, Ref, _parse_end as parse_end, col_to_letters, quote_sheet,
                   split_sheet)

_COMPARISONS = ("=", "<>", "<", ">", "<=", ">=")
_FUNCTION_PREFIXES = ("_XLFN._XLWS.", "_XLFN.", "_XLWS.", "_XLPM.")


def canonical_function_name(raw: str) -> str:
    """'_xlfn.stdev.p' -> 'STDEV.P'; a file's call of a LET name or LAMBDA
    parameter, '_xlpm.f', -> 'F'."""
    name = raw.upper()
    for prefix in _FUNCTION_PREFIXES:
        if name.startswith(prefix):
            return name[len(prefix):]
    return name


#: A cell reference followed by Excel's spill operator: ``C1#``, ``s!$C$1#``.
_SPILL = re.compile(r"((?:[A-Za-z_][\w.]*!)?\$?[A-Za-z]{1,3}\$?[0-9]+)#")
#: What the spill operator is never looked for in: "text" and 'sheet names'.
_QUOTED = re.compile(r'"(?:[^"]|"")*"|\'(?:[^\']|\'\')*\'!')


def spill_references(formula: str) -> str:
    """``C1#`` (the spill operator, which openpyxl's tokenizer does not read)
    written as the function Excel stores it as, ``ANCHORARRAY(C1)``;
    text literals and quoted sheet names are left alone."""
    if "#" not in formula:
        return formula
    out, end = [], 0
    for m in _QUOTED.finditer(formula):
        out.append(_SPILL.sub(r"ANCHORARRAY(\1)", formula[end:m.start()]))
        out.append(m.group())
        end = m.end()
    out.append(_SPILL.sub(r"ANCHORARRAY(\1)", formula[end:]))
    return "".join(out)


def _tokens(formula: str) -> list[tuple[str, str]]:
    """(kind, text) pairs; kinds: num str bool err ref func close ( ) { } , ; pre in post."""
    formula = spill_references(formula)
    try:
        items = Tokenizer(formula).items
    except TokenizerError as exc:
        raise FormulaError(f"cannot read formula {formula!r}: {exc}") from None
    except (IndexError, AssertionError):  # the tokenizer's way of saying "unbalanced"
        raise FormulaError(f"unbalanced parentheses or braces in {formula!r}") from None
    out: list[tuple[str, str]] = []
    opened: list[str] = []  # "close" for a function's parenthesis, ")" for '@(' (a plain one)
    for i, tok in enumerate(items):
        t, sub, v = tok.type, tok.subtype, tok.value
        if t == Token.WSPACE:
            prev = out[-1][0] if out else None
            nxt = items[i + 1] if i + 1 < len(items) else None
            if (prev in ("num", "str", "bool", "err", "ref", "close", ")", "}")
                    and nxt is not None
                    and (nxt.type in (Token.OPERAND, Token.FUNC) and nxt.subtype != Token.CLOSE
                         or nxt.type == Token.PAREN and nxt.subtype == Token.OPEN)):
                if prev in ("ref", "close", ")") and (
                        nxt.type == Token.OPERAND and nxt.subtype == Token.RANGE
                        or nxt.type == Token.FUNC or nxt.type == Token.PAREN):
                    out.append(("in", " "))  # the intersection operator: A1:C3 B2:D4
                    continue
                raise FormulaError(f"a space between two values in {formula!r} (the "
                                   "intersection operator joins references only)")
            continue
        if t == Token.OPERAND:
            kind = {Token.NUMBER: "num", Token.TEXT: "str", Token.LOGICAL: "bool",
                    Token.ERROR: "err", Token.RANGE: "ref"}[sub]
            if kind == "ref" and v.startswith(":") and len(v) > 1:  # 'OFFSET(..):D8' gives ':D8'
                out += [("in", ":"), ("ref", v[1:])]
                continue
            if kind == "ref" and v.startswith("@") and len(v) > 1:  # '@A1': implicit intersection
                out += [("pre", "@"), ("ref", v[1:])]
                continue
            out.append((kind, v))
        elif t == Token.FUNC:
            if sub == Token.OPEN:
                name = v[:-1]
                head, colon, func = name.rpartition(":")
                if colon:  # openpyxl glues 'A1:INDEX(' (and '):INDEX(') together
                    out += [("ref", head), ("in", ":")] if head else [("in", ":")]
                    name = func
                if name.startswith("@"):  # '@INDEX(' and '@(': the operator, then the rest
                    out.append(("pre", "@"))
                    name = name[1:]
                if name:
                    out.append(("func", name))
                    opened.append("close")
                else:
                    out.append(("(", "("))
                    opened.append(")")
            else:
                out.append((opened.pop() if opened else "close", v))
        elif t == Token.PAREN:
            out.append(("(" if sub == Token.OPEN else ")", v))
            if sub == Token.OPEN:
                opened.append(")")
            elif opened:
                opened.pop()
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


#: Binary operators by precedence level, lowest first (all left-associative).
_LEVELS = {**dict.fromkeys(_COMPARISONS, 0), "&": 1, "+": 2, "-": 2, "*": 3, "/": 3, "^": 4}

#: Excel's limits (support.microsoft.com, "Excel specifications and limits"):
#: formula contents, nested levels of functions, arguments in a function.
MAX_LENGTH = 8192
MAX_FUNCTION_NESTING = 64
MAX_ARGUMENTS = 255
#: sheetgd's own limit on parentheses and functions nested in one another
#: (Excel documents none for parentheses); every part of the engine handles
#: this depth within Python's default recursion limit.
MAX_NESTING = 160


def _short(text: str, most: int = 80) -> str:
    """``text`` for a one-line message: at most ``most`` characters."""
    return text if len(text) <= most else f"{text[:most - 20]}...{text[-15:]}"


def _call(name: str, args: tuple) -> Node:
    """A function call; ``_xlfn.SINGLE(x)``, as Excel 365 saves ``@x`` in a
    file, is the implicit intersection operator itself, and
    ``_xlfn._TRO_ALL(x)`` (``_TRO_TRAILING``, ``_TRO_LEADING``) a trim
    reference."""
    if name == "SINGLE" and len(args) == 1:
        return Unary("@", args[0])
    if name in TRIM_FUNCTIONS and len(args) == 1:  # a file's _xlfn._TRO_ALL(A1:E10)
        return TrimRef.of(TRIM_FUNCTIONS[name], args[0])
    return Call(name, args)


class _Parser:
    def __init__(self, formula: str, row: int, col: int):
        self.formula = formula
        # structured references (T[[#This Row],[Age]]) are hidden from the
        # tokenizer, which knows neither their escapes nor their spaces
        text, self.hidden = tables.hide(formula) if "[" in formula else (formula, [])
        self.toks = _tokens(text)
        self.i = 0
        self.row, self.col = row, col
        self.depth = self.functions = 0

    # -- helpers ------------------------------------------------------------
    def peek(self, offset: int = 0) -> tuple[str, str]:
        j = self.i + offset
        return self.toks[j] if j < len(self.toks) else ("end", "")

    def take(self) -> tuple[str, str]:
        tok = self.peek()
        self.i += 1
        return tok

    def fail(self, what: str):
        where = tables.unhide(self.peek()[1], self.hidden) or "the end"
        raise FormulaError(f"{what} at {_short(where)!r} in {_short(self.formula)!r}")

    def infix(self, ops) -> str | None:
        kind, text = self.peek()
        if kind == "in" and text in ops:
            self.i += 1
            return text
        return None

    # -- precedence climbing: one loop per level, recursion only for nesting ----------
    def expression(self, level: int = 0) -> Node:
        """Binary operators of ``level`` and above (:data:`_LEVELS`), left to
        right; a chain ``a+b+c`` is a loop here, not a recursion."""
        node = self.operand()
        while True:
            kind, op = self.peek()
            at = _LEVELS.get(op) if kind == "in" and op not in REFERENCE_OPERATORS else None
            if at is None or at < level:
                return node
            self.i += 1
            node = Binary(op, node, self.expression(at + 1))

    def operand(self) -> Node:
        """``prefix* range postfix*``: ``-`` ``+`` ``@`` bind tighter than
        ``^`` (``-2^2`` is 4) and looser than ``:``; ``%`` applies last."""
        prefixes = []
        while self.peek()[0] == "pre" and self.peek()[1] in ("-", "+", "@"):
            prefixes.append(self.take()[1])
        if len(prefixes) > MAX_NESTING:
            self.fail(f"more than {MAX_NESTING} prefix operators in a row")
        node = self.ranged()
        while (op := self.infix((" ",))) is not None:  # intersection, below ':'
            node = Binary(op, node, self.ranged())
        for op in reversed(prefixes):
            node = Unary(op, node)
        while self.peek() == ("post", "%"):
            self.i += 1
            node = Percent(node)
        return node

    def ranged(self) -> Node:
        """``primary (: primary)*``: the range operator."""
        node = self.primary()
        while (op := self.infix((":",))) is not None:
            node = Binary(op, node, self.primary())
        return node

    def nest(self, what: str):
        """One more level of parentheses or function; Excel's limit is 64
        nested functions, and sheetgd's :data:`MAX_NESTING` levels in all."""
        self.depth += 1
        if what == "function":
            self.functions += 1
            if self.functions > MAX_FUNCTION_NESTING:
                self.fail(f"more than {MAX_FUNCTION_NESTING} nested functions (Excel's limit)")
        if self.depth > MAX_NESTING:
            self.fail(f"more than {MAX_NESTING} levels of parentheses and functions "
                      "(sheetgd's limit)")

    def unnest(self, what: str):
        self.depth -= 1
        if what == "function":
            self.functions -= 1

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
            return self.invoked(self.call(text))
        if kind == "(":
            self.nest("parentheses")
            inner = self.expression()
            while (op := self.infix((",",))) is not None:  # the union operator: (A1:B2,D4)
                inner = Binary(op, inner, self.expression())
            if self.take()[0] != ")":
                self.i -= 1
                self.fail("expected ')'")
            self.unnest("parentheses")
            return self.invoked(Paren(inner))
        if kind == "{":
            return self.array()
        self.i -= 1
        self.fail("expected a value")

    def reference(self, text: str) -> Node:
        if tables.is_hidden(text):
            return self.structured(text)
        if "#REF!" in text.upper():  # 'Sheet1!#REF!': cells Excel deleted
            return BrokenRef("#REF!", text)
        if "[" in text:  # (structured references are hidden by now)
            return self.external(text)
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
        trim = _TRIM.fullmatch(rest)
        if trim is not None:  # A1.:.E10, A:.A: a trim reference
            ref = Ref.parse(text[:len(text) - len(rest)] + trim["first"] + ":" + trim["second"],
                            self.row, self.col)
            op = (trim["lead"] + ":" + trim["trail"])
            if ref is not None and ref.end is not None and op != ":":
                return TrimRef.of(op, RefNode(ref))
        if ":" in rest and _beyond_grid(rest):
            self.i -= 1
            self.fail(f"range beyond Excel's grid (last cell {col_to_letters(MAX_COL)}{MAX_ROW})")
        if not _is_name(rest):
            self.i -= 1
            self.fail("not a reference or name")
        return NameNode(rest, sheet)

    def external(self, text: str) -> Node:
        """``[1]Sheet1!A1``, ``'C:\\data\\[prices.xlsx]Sheet1'!A1:B3``,
        ``[1]!Rate``: an :class:`ExternalRef` (``[0]``: this workbook)."""
        try:
            sheet, rest = split_sheet(text)
        except ValueError:
            sheet = rest = None
        m = _EXTERNAL.fullmatch(sheet or "")
        if m is None:
            self.i -= 1
            self.fail("malformed reference to another workbook")
        folder, book, sheet = m.group(1), m.group(2), m.group(3) or None
        if book == "0" and not folder:  # this workbook
            return self.reference(f"{quote_sheet(sheet)}!{rest}" if sheet else rest)
        if sheet is not None and (":" in sheet or len(sheet) > 31
                                  or any(ch in sheet for ch in _BAD_SHEET_CHARS)):
            self.i -= 1
            self.fail("3-D references into another workbook are not supported" if ":" in sheet
                      else "malformed sheet name")
        ref = Ref.parse(rest, self.row, self.col)
        if ref is not None and ref.sheet is None and sheet is not None:
            return ExternalRef(folder, book, sheet, ref=ref)
        if ref is None and _is_name(rest):
            return ExternalRef(folder, book, sheet, name=rest)
        self.i -= 1
        self.fail("not a reference or name of another workbook")

    def structured(self, text: str) -> Node:
        """A token holding structured references (``T[x]``, ``Sheet1!T[x]``,
        ``T[a]:T[b]``, ``A1:T[x]``): :func:`.tables.parse_structured`."""
        parts = text.split(":")
        node = None
        for k, part in enumerate(parts):
            if tables.is_hidden(part):
                try:
                    sheet, rest = split_sheet(part)
                except ValueError:
                    self.i -= 1
                    self.fail("malformed sheet name")
                if sheet is not None:
                    self._check_sheet(sheet, quoted=part.startswith("'"))
                body = tables.unhide(rest, self.hidden)
                try:
                    one = tables.parse_structured(body, tables.unhide(part, self.hidden))
                except FormulaError as exc:
                    raise FormulaError(f"{exc} in {_short(self.formula)!r}") from None
            else:
                one = self.reference(part)
            node = one if node is None else Binary(":", node, one)
        return node

    def _check_sheet(self, sheet: str, quoted: bool):
        """Excel's rules for sheet names: 1..31 characters, none of ``[]:*?/`` or
        a backslash, and quotes around any name that is not plain letters,
        digits, ``_`` and ``.``."""
        why = None
        parts = sheet.split(":") if sheet.count(":") == 1 else [sheet]  # Sheet1:Sheet3, 3-D
        if "[" in sheet or "]" in sheet:
            why = "malformed sheet name"
        elif any(not part or len(part) > 31 or any(ch in part for ch in _BAD_SHEET_CHARS)
                 for part in parts):
            why = "malformed sheet name"
        elif not quoted and not all(ch.isalnum() or ch in "_.:" for ch in sheet):
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
            return _call(name, ())
        self.nest("function")
        while True:
            if self.peek()[0] in (",", "close"):
                args.append(Missing())
            else:
                args.append(self.expression())
            if len(args) > MAX_ARGUMENTS:
                self.fail(f"{name} has more than {MAX_ARGUMENTS} arguments (Excel's limit)")
            kind, _ = self.take()
            if kind == "close":
                self.unnest("function")
                return _call(name, tuple(args))
            if kind != ",":
                self.i -= 1
                self.fail(f"expected ',' or ')' in {name}(...)")

    def invoked(self, callee: Node) -> Node:
        """``callee(args)``: a function value called where it is made
        (``LAMBDA(x,x+1)(2)``, Excel's immediately invoked LAMBDA); the
        tokenizer gives its parentheses as plain ones, and its commas as
        union operators."""
        while self.peek()[0] == "(":
            self.i += 1
            self.nest("function")
            args: list[Node] = []
            if self.peek()[0] == ")":
                self.i += 1
            else:
                while True:
                    if self.peek()[0] in (")", "in") and self.peek()[1] in (")", ","):
                        args.append(Missing())
                    else:
                        args.append(self.expression())
                    if len(args) > MAX_ARGUMENTS:
                        self.fail(f"more than {MAX_ARGUMENTS} arguments (Excel's limit)")
                    kind, text = self.take()
                    if kind == ")":
                        break
                    if (kind, text) != ("in", ","):
                        self.i -= 1
                        self.fail("expected ',' or ')' after a LAMBDA's arguments")
            self.unnest("function")
            callee = Invoke(callee, tuple(args))
        return callee

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
#: A range with a trim operator for its colon (``A1.:.E10``, ``A1:.E10``,
#: ``A1.:E10``): Excel's trim references, :class:`~.nodes.TrimRef`.
_TRIM = re.compile(r"(?P<first>[^:.]+)(?P<lead>\.?):(?P<trail>\.?)(?P<second>[^:.]+)")
#: The sheet part of a reference into another workbook: folder, [book], sheet.
_EXTERNAL = re.compile(r"(.*)\[([^\[\]]+)\]([^\[\]]*)", re.DOTALL)


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


@lru_cache(maxsize=65536)
def _parse_cached(formula: str, row: int, col: int) -> Node:
    if len(formula) - formula.startswith("=") > MAX_LENGTH:
        raise FormulaError(f"formula of {len(formula) - 1:,} characters: Excel's limit is "
                           f"{MAX_LENGTH:,}")
    parser = _Parser(formula, row, col)
    if not parser.toks:
        raise FormulaError(f"empty formula {formula!r}")
    node = parser.expression()
    if parser.peek()[0] != "end":
        parser.fail("unexpected")
    return node


# parse() shares one AST between the cells of a filled-down formula (.sharing);
# imported last, as that module uses _parse_cached.
from .sharing import FillDown, parse, relative_form, row_template  # noqa: E402,F401
