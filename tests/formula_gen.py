"""Random formulas over the supported grammar, for differential tests against
LibreOffice (``tests/fuzz_lo.py``, ``tests/test_libreoffice.py``).

A :class:`FormulaGenerator` draws typed expressions (numbers, logicals,
text, any value including errors, references and ranges) and nests them:
every operator, every function of the registry (except :data:`EXCLUDED`),
number, text and boolean literals, array constants, references into a random
data block (numbers, text, booleans, empty cells, error cells, sorted
columns), the range operator with INDEX/OFFSET, and edge values (huge, tiny,
negative, zero, out-of-domain arguments).  It does *not* steer clear of the
places where Excel and LibreOffice differ: the fuzzer's classifier explains
those, one documented category at a time (docs/compatibility.md).

Comparisons often compare *computed decimals* (:meth:`FormulaGenerator.decimal_comparison`):
a sum, difference, product or quotient of short decimals against its decimal
value, against another computation of it, or against a neighbour one unit of
its 15th significant digit away (``0.1+0.2=0.3``, ``21.9/0.2>=109.5``,
``1.2-1.1<>0.3-0.2``, ``0.1+0.2=0.300000000000001``) -- where Excel's rounding
of the operands to 15 significant digits and LibreOffice's approxEqual
(2^-48) can answer differently.  MATCH looks such values up in array
constants, where both compare exact values.

The data block (sheet ``data``, rows 1..8):

====  =========================================================
A-D   numbers
E     text
F     mixed: TRUE, FALSE, numeric text, other text, empty, #N/A, #DIV/0!, numbers
G     numbers, ascending (for approximate MATCH)
H     numbers, descending
====  =========================================================
"""

from __future__ import annotations

import random
from decimal import Decimal

from .fuzz_families import family_excluded, family_tables

DATA_ROWS = 8
NUMBER_COLS = "ABCD"
SORTED_UP, SORTED_DOWN = "G", "H"
ALL_COLS = "ABCDEFGH"

#: Registry functions the generator leaves out, and why: none (RAND, RANDBETWEEN,
#: NOW and TODAY come in forms whose value is certain: see RANDOM below).
EXCLUDED: dict[str, str] = {**family_excluded()}  # and each family's (tests/fuzz_families/)

#: Operators and forms of the grammar the generator leaves out, and why.
EXCLUDED_FORMS = {
    "@ (implicit intersection operator)": "LibreOffice 7.4 reads neither '@' nor Excel's "
                                          "_xlfn.SINGLE() in an .xlsx file",
    "union operator ((A1,B1))": "LibreOffice saves it as its own '~'; "
                                "tests/test_reference_operators.py compares the values",
    "3-D references (Sheet1:Sheet3!A1)": "the fuzzer's formulas read one data sheet; "
                                         "tests/test_3d_references.py compares them",
    "space (intersection operator)": "LibreOffice 7.4 intersects only references written as "
                                     "such; tests/test_reference_operators.py compares the rest",
    "INDIRECT(text, FALSE)": "R1C1-style INDIRECT: tests/test_functions_lookup.py covers it",
    "COLUMN() without argument": "the fuzzer re-evaluates subexpressions in other columns "
                                 "of the same row to localise a disagreement (the formula's "
                                 "own cell is referred to absolutely instead: COLUMN($A$5))",
    "defined names": "covered by tests/test_libreoffice.py's features workbook",
    "INDIRECT of a sheet that does not exist": "LibreOffice also reads the text in its own "
                                               "syntax, where '!' intersects ranges, and may "
                                               "find a cell of the formula's own sheet",
    "text with symbols in comparisons": "sheetgd compares text by lower-cased code points, "
                                        "Excel and LibreOffice by a collation that orders "
                                        "symbols otherwise (\"(2)\">\"-$1\")",
    "ROUND/ROUNDUP/ROUNDDOWN with |digits| > 20": "LibreOffice answers #VALUE! for huge digit "
                                                  "counts; Excel's answer is unverified here",
}

#: Random and clock functions: drawn only as a whole formula, in forms whose
#: value is certain (RAND()<1, RANDBETWEEN(3,3), TODAY()<=NOW()), so both
#: engines must agree on it.
RANDOM = {"RAND", "RANDBETWEEN", "NOW", "TODAY"}

_MIXED = [True, False, "3", "x", None, 0.0, -2.5, "=NA()", "=1/0", "TRUE", 1e6, " 4 ", "$5", "(2)"]
_WORDS = ["cat", "dog", "Fish", "plane", "Dog", "b", "apple", "Zebra"]


def data_block(rng: random.Random) -> dict[str, object]:
    """{"A1": value, ...}: the cells of sheet ``data`` (a value starting with
    '=' is a formula)."""
    cells: dict[str, object] = {}
    for r in range(1, DATA_ROWS + 1):
        for c in NUMBER_COLS:
            cells[f"{c}{r}"] = rng.choice([
                float(rng.randint(-20, 20)), round(rng.uniform(-100, 100), 3),
                round(rng.uniform(0, 1), 6), float(rng.randint(1, 9)), 0.0])
        cells[f"E{r}"] = rng.choice(_WORDS)
    # F: one of each kind for sure (a logical, an error, numeric text, other text), then any
    kinds = [[True, False], ["=NA()", "=1/0"], ["3", " 4 ", "$5", "(2)"], ["x", "TRUE"]]
    mixed = [rng.choice(k) for k in kinds] + [rng.choice(_MIXED) for _ in range(DATA_ROWS - 4)]
    rng.shuffle(mixed)
    for r, value in enumerate(mixed, start=1):
        if value is not None:
            cells[f"F{r}"] = value
    up = sorted(float(rng.randint(-10, 30)) for _ in range(DATA_ROWS))
    for r, value in enumerate(up, start=1):
        cells[f"G{r}"] = value
        cells[f"H{r}"] = 40.0 - value  # descending
    return cells


class FormulaGenerator:
    """Random formula text; ``formula()`` gives one formula starting with '='."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.functions = _function_table(self)
        self.plain = False  # while drawing operands of a comparison: no symbols in text
        self.host_row: int | None = None  # the row of column A the formula goes into, if known

    def self_reference(self) -> str | None:
        """A reference to the formula's own cell, or a range holding it, for
        functions that use only its position (``ROW($A$5)`` in A5 is 5, no
        circular reference); absolute, so a subexpression computed in
        another cell of the row means the same.  None when the host is unknown."""
        r = self.host_row
        if r is None:
            return None
        return self.rng.choice([f"$A${r}", f"$A$1:$A${r}", f"$A${r}:$C${r + 2}", f"$A:$A",
                                f"${r}:${r}"])

    def whole_range(self) -> str:
        """Whole columns or whole rows of the data sheet (aggregates read the
        cells in use; the reference means the same in every cell)."""
        rng = self.rng
        if rng.random() < 0.6:
            i = rng.randrange(len(ALL_COLS))
            j = rng.randrange(i, len(ALL_COLS))
            first, last = ALL_COLS[i], ALL_COLS[j]
            return f"data!{rng.choice(['', '$'])}{first}:{rng.choice(['', '$'])}{last}"
        r1 = rng.randint(1, DATA_ROWS)
        r2 = rng.randint(r1, DATA_ROWS)
        return f"data!{rng.choice(['', '$'])}{r1}:{rng.choice(['', '$'])}{r2}"

    # --- leaves ---------------------------------------------------------------
    def cell(self, cols: str = NUMBER_COLS) -> str:
        rng = self.rng
        c = rng.choice(cols)
        dollar_c = "$" if rng.random() < 0.3 else ""
        dollar_r = "$" if rng.random() < 0.3 else ""
        return f"data!{dollar_c}{c}{dollar_r}{rng.randint(1, DATA_ROWS)}"

    def range_(self, cols: str = NUMBER_COLS, one_dim: bool = False) -> str:
        rng = self.rng
        r1 = rng.randint(1, DATA_ROWS)
        r2 = rng.randint(r1, DATA_ROWS)
        i = rng.randrange(len(cols))
        j = i if one_dim or rng.random() < 0.5 else rng.randrange(i, len(cols))
        if one_dim and rng.random() < 0.3:  # a row instead of a column
            return f"data!{cols[i]}{r1}:{cols[rng.randrange(i, len(cols))]}{r1}"
        return f"data!{cols[i]}{r1}:{cols[j]}{r2}"

    def any_range(self) -> str:
        """A range of numbers most of the time, sometimes of mixed values."""
        roll = self.rng.random()
        if roll < 0.6:
            return self.range_()
        if roll < 0.8:
            return self.range_("ABCDEF")
        return self.range_("F", one_dim=True)

    def reference_expr(self, d: int) -> str:
        """An expression that returns a reference (for aggregates)."""
        rng = self.rng
        kind = rng.randrange(7)
        if kind == 0:
            return f"data!A1:INDEX(data!A1:D{DATA_ROWS},{rng.randint(1, DATA_ROWS)},{rng.randint(1, 4)})"
        if kind == 1:
            return (f"OFFSET(data!A1,{rng.randint(0, 5)},{rng.randint(0, 3)},"
                    f"{rng.randint(1, 3)},{rng.randint(1, 2)})")
        if kind == 2:
            return f'INDIRECT("data!A1:{rng.choice("ABCD")}"&{rng.randint(1, DATA_ROWS)})'
        if kind == 3:
            return f"IF({self.logic(d - 1)},{self.range_()},{self.range_()})"
        if kind == 4:
            return f"CHOOSE({rng.randint(1, 2)},{self.range_()},{self.any_range()})"
        if kind == 5:
            return f"OFFSET(data!B2,{rng.randint(0, 2)},0):data!D{DATA_ROWS}"
        return f"INDEX(data!A1:D{DATA_ROWS},0,{rng.randint(1, 4)})"

    def array(self) -> str:
        rng = self.rng
        rows, cols = rng.randint(1, 2), rng.randint(1, 3)
        items = [",".join(self._array_item() for _ in range(cols)) for _ in range(rows)]
        return "{" + ";".join(items) + "}"

    def _array_item(self) -> str:
        roll = self.rng.random()
        if roll < 0.75:
            return str(self.rng.choice([1, 2, 3, 0, -1, 2.5, 10]))
        return self.rng.choice(['"a"', "TRUE", '"3"', "FALSE"])

    def number_literal(self) -> str:
        rng = self.rng
        roll = rng.random()
        if roll < 0.45:
            return str(rng.randint(0, 50))
        if roll < 0.7:
            return repr(round(rng.uniform(0, 10), 3))
        if roll < 0.8:
            return rng.choice(["0", "1", "2", "0.5", "10", "100"])
        return rng.choice(["1E-3", "2E+3", "2.5E+10", "1E+15", "1E+200", "1E+300", "1E-200",
                           "5%", "0.1", "1E+308", "123456789012"])

    # --- typed expressions ------------------------------------------------------
    def num(self, d: int) -> str:
        """An expression meant to give a number (or an error)."""
        rng = self.rng
        if d <= 0 or rng.random() < 0.25:
            roll = rng.random()
            if roll < 0.45:
                return self.cell()
            if roll < 0.85 or self.plain and roll < 0.93:
                return self.number_literal()
            if roll < 0.93:
                return self.cell("FG")
            if self.plain:
                return rng.choice(['"3"', '"1E3"', "TRUE", '"x"'])
            return rng.choice(['"3"', '" 4 "', '"1E3"', '"50%"', '"1,000"', "TRUE", '"x"', '"$5"',
                               '"(2)"', '"-$1,000.5"'])
        d -= 1
        roll = rng.random()
        if roll < 0.2:
            op = rng.choice(["+", "-", "*", "/"])
            return f"{self.num(d)}{op}{self.num(d)}"
        if roll < 0.26:
            return f"({self.num(d)}){rng.choice(['+', '-', '*', '/'])}({self.num(d)})"
        if roll < 0.31:
            return f"{self._operand(d)}^{rng.choice(['2', '3', '0.5', '-1', '1.5', '0', '-2'])}"
        if roll < 0.34:
            return f"({self.num(d)})^({self.num(d)})"
        if roll < 0.39:
            return f"{rng.choice(['-', '+', '--'])}{self._operand(d)}"
        if roll < 0.42:
            return f"{self._operand(d)}%"
        if roll < 0.45:  # an exact cancellation, and a near one
            x = self.num(d)
            return rng.choice([f"({x})-({x})", f"({x}+0.1+0.2)-0.3-({x})", f"0.1+0.2-0.3"])
        return self.call("num", d)

    def _operand(self, d: int) -> str:
        """A number expression safe to put next to a higher-precedence operator."""
        if self.rng.random() < 0.5:
            return self.cell()
        return f"({self.num(d)})"

    def logic(self, d: int) -> str:
        rng = self.rng
        if d <= 0 or rng.random() < 0.2:
            if rng.random() < 0.1:
                return self.decimal_comparison()
            return rng.choice(["TRUE", "FALSE", "TRUE()", "FALSE()",
                               self.cell("A" if self.plain else "F"),
                               f"{self.cell()}>{rng.randint(-5, 10)}"])
        d -= 1
        roll = rng.random()
        if roll < 0.35:
            return self.comparison(d)
        return self.call("logic", d)

    def comparison(self, d: int) -> str:
        """Two operands compared (two in five times computed decimals:
        :meth:`decimal_comparison`).  Text in them holds letters, digits and
        spaces only: sheetgd compares text by lower-cased code points, the
        spreadsheets by a collation that orders symbols otherwise
        (docs/compatibility.md)."""
        rng = self.rng
        if rng.random() < 0.4:
            return self.decimal_comparison()
        op = rng.choice(["=", "<>", "<", ">", "<=", ">="])
        a, b = rng.choice([(self.num, self.num)] * 4 + [(self.text, self.text)] * 2
                          + [(self.anyv, self.anyv)])
        was, self.plain = self.plain, True
        try:
            return f"{a(d)}{op}{b(d)}"
        finally:
            self.plain = was

    # --- computed decimals ----------------------------------------------------------
    def short_decimal(self) -> Decimal:
        """A decimal of 1 to 3 digits with 1 to 3 decimals (0.1, 21.9, 0.375),
        sometimes scaled by a power of 1000 or negative."""
        rng = self.rng
        value = Decimal(rng.randint(1, 10 ** rng.randint(1, 3) - 1)).scaleb(-rng.randint(1, 3))
        if rng.random() < 0.15:
            value = value.scaleb(rng.choice([-9, -6, -3, 3, 6, 9]))
        return -value if rng.random() < 0.2 else value

    def computed_decimal(self, target: Decimal | None = None) -> tuple[str, Decimal]:
        """``(text, exact value)``: an operation on two short decimals whose
        exact decimal result is the value (``target`` when given), though its
        binary result may be off in the last bits.  Every literal, and the
        value, has at most 15 significant digits (Excel keeps no more of a
        number typed in, KB 269370: https://support.microsoft.com/kb/269370)."""
        rng = self.rng
        for _ in range(20):
            op = rng.choice("+-*/")
            y = self.short_decimal()
            if target is None and op != "/":
                x = self.short_decimal()
                value = x + y if op == "+" else x - y if op == "-" else x * y
            else:
                value = self.short_decimal() if target is None else target
                if op == "*":  # value / y a finite decimal: y divides a power of ten
                    y = Decimal(rng.choice(["2", "4", "5", "0.5", "0.2", "0.25", "10", "0.1", "-2"]))
                x = value - y if op == "+" else value + y if op == "-" else value / y if op == "*" \
                    else value * y
            if all(_digits(v) <= 15 for v in (x, y, value)):
                return f"{_decimal_text(x)}{op}{_decimal_text(y, operand=True)}", value
        return "0.1+0.2", Decimal("0.3")

    def decimal_comparison(self) -> str:
        """A computed decimal compared with its decimal value, with another
        computation of it, or with a neighbour one unit of its 15th
        significant digit away (``0.1+0.2=0.300000000000001``: not equal in
        Excel, equal within LibreOffice's 2^-48), sides in either order."""
        rng = self.rng
        op = rng.choice(["=", "<>", "<", ">", "<=", ">="])
        left, value = self.computed_decimal()
        roll = rng.random()
        if roll < 0.35 or value == 0:
            right = _decimal_text(value)
        elif roll < 0.75:
            right = self.computed_decimal(value)[0]
        else:
            unit = Decimal(1).scaleb(value.adjusted() - 14)  # of the 15th significant digit
            right = _decimal_text(value + rng.choice([-1, 1]) * unit)
        if rng.random() < 0.5:
            left, right = right, left
        return f"{left}{op}{right}"

    def text(self, d: int) -> str:
        rng = self.rng
        if d <= 0 or rng.random() < 0.35:
            return rng.choice(['"x"', '"Cat"', '""', '"a b"', self.cell("E"), '"dog"', '"10"'])
        d -= 1
        roll = rng.random()
        if self.plain and roll < 0.65:  # no number spelled into it (a minus sign is a symbol)
            return f"{self.text(d)}&{self.text(d)}"
        if roll < 0.55:
            other = rng.choice([self.num, self.text, self.logic, self.text])
            return f"{self.text(d)}&{other(d)}"
        if roll < 0.65:
            return f"{self.num(d)}&\"\""
        if roll < 0.75:
            return f"IF({self.logic(d)},{self.text(d)},{self.text(d)})"
        if roll < 0.82:
            return f"CHOOSE({rng.randint(1, 2)},{self.text(d)},{self.text(d)})"
        if roll < 0.9:
            return f"INDEX(data!E1:E{DATA_ROWS},{rng.randint(1, DATA_ROWS)})"
        return f"IFERROR({self.text(d)},{self.text(d)})"

    def anyv(self, d: int) -> str:
        rng = self.rng
        roll = rng.random()
        if roll < 0.45:
            return self.num(d)
        if roll < 0.6:
            return self.logic(d)
        if roll < 0.8:
            return self.text(d)
        if roll < 0.9 and not self.plain:
            return self.cell("F")
        return rng.choice(["NA()", "1/0", "#N/A", "#DIV/0!", "#VALUE!", "SQRT(-1)", "#REF!"])

    def call(self, kind: str, d: int) -> str:
        names = [n for n, (k, _) in self.functions.items() if k == kind and n not in RANDOM]
        name = self.rng.choice(names)
        return self.functions[name][1](d)

    def formula(self, depth: int | None = None) -> str:
        rng = self.rng
        depth = rng.randint(1, 4) if depth is None else depth
        roll = rng.random()
        if roll < 0.25:  # every function equally often at the top
            name = rng.choice(sorted(self.functions))
            return "=" + self.functions[name][1](depth)
        if roll < 0.65:
            return "=" + self.num(depth)
        if roll < 0.8:
            return "=" + self.logic(depth)
        if roll < 0.92:
            return "=" + self.text(depth)
        return "=" + self.anyv(depth)

    def agg_args(self, d: int, low: int = 1, high: int = 3) -> str:
        rng = self.rng
        args = []
        for _ in range(rng.randint(low, high)):
            roll = rng.random()
            if roll < 0.06:
                args.append(self.whole_range())
            elif roll < 0.5:
                args.append(self.any_range())
            elif roll < 0.62:
                args.append(self.reference_expr(d))
            elif roll < 0.72:
                args.append(self.array())
            elif roll < 0.92:
                args.append(self.num(d))
            else:
                args.append(rng.choice([self.logic(d), '"3"', '"x"', self.cell("F")]))
        return ",".join(args)


def _digits(value: Decimal) -> int:
    """Significant digits of a decimal."""
    return len(value.normalize().as_tuple().digits) if value else 1


def _decimal_text(value: Decimal, operand: bool = False) -> str:
    """A decimal as formula text (``0.3``, ``1.5E+13``, ``2.5E-8``);
    negative ones in parentheses where they follow an operator."""
    value = value.normalize() if value else Decimal(0)
    text = f"{value:f}" if -7 <= value.adjusted() <= 14 else f"{value:E}"
    return f"({text})" if operand and value < 0 else text


def _function_table(g: FormulaGenerator) -> dict:
    """{name: (result kind, generator of a call text)} for every function."""
    rng = g.rng

    def agg(name, low=1):
        return lambda d: f"{name}({g.agg_args(d - 1, low)})"

    def unary(name):
        return lambda d: f"{name}({g.num(d - 1)})"

    def rounding(name):
        digits = lambda d: rng.choice(["0", "1", "2", "-1", "-2", "3", "0.5", "-0.5", "15", "-20",
                                       f"MOD({g.num(d - 1)},9)-3"])
        return lambda d: f"{name}({g.num(d - 1)},{digits(d)})"

    def multiple(name):
        def make(d):
            args = [g.num(d - 1)]
            if rng.random() < 0.8:
                args.append(rng.choice(["1", "0.5", "5", "2", "-2", "0", "0.1", g.num(d - 1)]))
                if rng.random() < 0.5:
                    args.append(rng.choice(["0", "1", "-1", g.num(d - 1)]))
            return f"{name}({','.join(args)})"
        return make

    def log(d):
        if rng.random() < 0.5:
            return f"LOG({g.num(d - 1)})"
        return f"LOG({g.num(d - 1)},{rng.choice(['2', '10', '3.5', '1', '0.5', '-2', g.num(d - 1)])})"

    def sumproduct(d):
        r1 = rng.randint(1, DATA_ROWS - 2)
        r2 = rng.randint(r1, DATA_ROWS)
        a, b = rng.sample("ABCD", 2)
        ra, rb = f"data!{a}{r1}:{a}{r2}", f"data!{b}{r1}:{b}{r2}"
        return rng.choice([
            f"SUMPRODUCT({ra},{rb})",
            f"SUMPRODUCT(({ra}>{rng.randint(-5, 10)})*{rb})",
            f"SUMPRODUCT(--(data!E{r1}:E{r2}=\"{rng.choice(_WORDS)}\"),{ra})",
            f"SUMPRODUCT({ra}*{rb}-{g.num(0)})",
            f"SUMPRODUCT(data!F{r1}:F{r2},{ra})",
            f"SUMPRODUCT({ra},data!{b}1:{b}{DATA_ROWS})",  # shapes may differ
            f"SUMPRODUCT({{1,2,3}},{{4,5,6}})",
            f"SUMPRODUCT(ABS({ra}))",
        ])

    def match(d):
        roll = rng.random()
        if roll < 0.3:
            return f"MATCH({g.num(d - 1)},{g.range_(SORTED_UP, one_dim=True)}{rng.choice(['', ',1'])})"
        if roll < 0.45:
            return f"MATCH({g.num(d - 1)},{g.range_(SORTED_DOWN, one_dim=True)},-1)"
        if roll < 0.65:
            word = rng.choice(_WORDS + ["zebra", "d*", "?at", "*a*", "~*"])
            return f'MATCH("{word}",data!E1:E{DATA_ROWS},{rng.choice(["0", "0", "1"])})'
        if roll < 0.8:
            return f"MATCH({g.cell()},{g.range_(one_dim=True)},0)"
        if roll < 0.85:
            return f"MATCH({rng.randint(0, 3)},{g.array()},{rng.choice(['0', '1', '-1'])})"
        if roll < 0.9:  # a computed decimal looked up: the exact binary value (both spreadsheets)
            text, value = g.computed_decimal()
            mode = rng.choice(["0", "1", "-1"])
            items = {value, g.short_decimal()} | {v for v in (value + g.short_decimal(),
                                                             value - g.short_decimal())
                                                  if _digits(v) <= 15}
            items = sorted(items, reverse=mode == "-1")
            return f"MATCH({text},{{{','.join(_decimal_text(v) for v in items)}}},{mode})"
        return f"MATCH({g.num(d - 1)},{g.range_(one_dim=True)},{rng.choice(['1', '-1'])})"  # unsorted

    def index(d):
        roll = rng.random()
        if roll < 0.5:
            args = [g.range_(ALL_COLS), str(rng.randint(0, DATA_ROWS + 1))]
            if rng.random() < 0.7:
                args.append(str(rng.randint(0, 4)))
        elif roll < 0.7:
            args = [g.array(), str(rng.randint(0, 3)), str(rng.randint(0, 3))]
        else:
            args = [g.range_(), f"INT(ABS({g.num(d - 1)}))+1"]
        return f"INDEX({','.join(args)})"

    def offset(d):
        args = [g.cell(ALL_COLS), str(rng.randint(-2, DATA_ROWS)), str(rng.randint(-2, 5))]
        if rng.random() < 0.3:
            args += [str(rng.randint(0, 2)), str(rng.randint(1, 2))]
        return f"OFFSET({','.join(args)})"

    def indirect(d):
        col = rng.choice(ALL_COLS)
        return rng.choice([
            f'INDIRECT("data!{col}"&{rng.randint(1, DATA_ROWS)})',
            f'INDIRECT("data!"&"{col}{rng.randint(1, DATA_ROWS)}")',
            f'INDIRECT("data!{col}{rng.randint(1, DATA_ROWS)}",TRUE)',
            f'INDIRECT({g.text(0)})',
        ])

    def choose(d):
        n = rng.randint(1, 3)
        return f"CHOOSE({rng.choice([str(rng.randint(0, n + 1)), g.num(d - 1)])},{','.join(g.anyv(d - 1) for _ in range(n))})"

    def if_(d):
        branch = rng.choice([g.num, g.text, g.anyv])
        roll = rng.random()
        if roll < 0.15:
            return f"IF({g.logic(d - 1)},{branch(d - 1)})"
        if roll < 0.25:
            return f"IF({g.logic(d - 1)},,{branch(d - 1)})"
        cond = g.logic(d - 1) if rng.random() < 0.8 else g.num(d - 1)
        return f"IF({cond},{branch(d - 1)},{branch(d - 1)})"

    def logical_fn(name):
        def make(d):
            args = []
            for _ in range(rng.randint(1, 3)):
                roll = rng.random()
                args.append(g.logic(d - 1) if roll < 0.6 else g.num(d - 1) if roll < 0.8
                            else g.any_range() if roll < 0.95 else '"TRUE"')
            return f"{name}({','.join(args)})"
        return make

    def info(name):
        return lambda d: f"{name}({rng.choice([g.anyv(d - 1), g.cell('F'), g.cell(ALL_COLS)])})"

    def row_col(name):
        def make(d):
            own = g.self_reference() if rng.random() < 0.3 else None
            if own is not None and ":" not in own:  # one cell: a range would give several values
                return f"{name}({own})"
            return f"{name}({rng.choice([g.cell(ALL_COLS), g.range_(ALL_COLS)])})"
        return make

    def rows_cols(name):
        def make(d):
            own = g.self_reference() if rng.random() < 0.3 else None
            if own is not None:
                return f"{name}({own})"
            return f"{name}({rng.choice([g.range_(ALL_COLS), g.array(), g.reference_expr(0), g.whole_range()])})"
        return make

    table = {
        "SUM": ("num", agg("SUM")), "SUMSQ": ("num", agg("SUMSQ")),
        "PRODUCT": ("num", agg("PRODUCT")), "AVERAGE": ("num", agg("AVERAGE")),
        "MIN": ("num", agg("MIN")), "MAX": ("num", agg("MAX")), "MEDIAN": ("num", agg("MEDIAN")),
        "COUNT": ("num", agg("COUNT")), "COUNTA": ("num", agg("COUNTA")),
        "STDEV.P": ("num", agg("STDEV.P")), "STDEV.S": ("num", agg("STDEV.S")),
        "VAR.P": ("num", agg("VAR.P")), "VAR.S": ("num", agg("VAR.S")),
        "STDEV": ("num", agg("STDEV")), "STDEVP": ("num", agg("STDEVP")),
        "VAR": ("num", agg("VAR")), "VARP": ("num", agg("VARP")),
        "SUMPRODUCT": ("num", sumproduct),
        "SQRT": ("num", unary("SQRT")), "EXP": ("num", unary("EXP")), "LN": ("num", unary("LN")),
        "LOG10": ("num", unary("LOG10")), "LOG": ("num", log),
        "ABS": ("num", unary("ABS")), "SIGN": ("num", unary("SIGN")), "INT": ("num", unary("INT")),
        "POWER": ("num", lambda d: f"POWER({g.num(d - 1)},{rng.choice(['2', '0.5', '3', '-1', '0', g.num(d - 1)])})"),
        "MOD": ("num", lambda d: f"MOD({g.num(d - 1)},{rng.choice(['3', '-4', '2.5', '7', '0', '1', g.num(d - 1)])})"),
        "ROUND": ("num", rounding("ROUND")), "ROUNDUP": ("num", rounding("ROUNDUP")),
        "ROUNDDOWN": ("num", rounding("ROUNDDOWN")),
        "CEILING.MATH": ("num", multiple("CEILING.MATH")), "FLOOR.MATH": ("num", multiple("FLOOR.MATH")),
        "PI": ("num", lambda d: "PI()"),
        "MATCH": ("num", match), "INDEX": ("num", index), "OFFSET": ("num", offset),
        "INDIRECT": ("num", indirect), "CHOOSE": ("num", choose),
        "ROW": ("num", lambda d: rng.choice([row_col("ROW")(d), "ROW()"])),
        "COLUMN": ("num", row_col("COLUMN")),
        "ROWS": ("num", rows_cols("ROWS")), "COLUMNS": ("num", rows_cols("COLUMNS")),
        "RAND": ("logic", lambda d: rng.choice(["RAND()<1", "RAND()>=0", "INT(RAND())=0"])),
        "RANDBETWEEN": ("num", lambda d: rng.choice([
            f"RANDBETWEEN({(k := rng.randint(-5, 9))},{k})", "INT(RANDBETWEEN(1,6)/7)"])),
        "NOW": ("logic", lambda d: "NOW()>40000"),
        "TODAY": ("logic", lambda d: rng.choice(["TODAY()<=NOW()", "TODAY()>40000"])),
        "IF": ("num", if_), "IFERROR": ("num", lambda d: f"IFERROR({g.anyv(d - 1)},{g.anyv(d - 1)})"),
        "IFNA": ("num", lambda d: f"IFNA({g.anyv(d - 1)},{g.anyv(d - 1)})"),
        "AND": ("logic", logical_fn("AND")), "OR": ("logic", logical_fn("OR")),
        "NOT": ("logic", lambda d: f"NOT({rng.choice([g.logic(d - 1), g.num(d - 1)])})"),
        "TRUE": ("logic", lambda d: "TRUE()"), "FALSE": ("logic", lambda d: "FALSE()"),
        "NA": ("num", lambda d: "NA()"),
        "ISERROR": ("logic", info("ISERROR")), "ISNA": ("logic", info("ISNA")),
        "ISNUMBER": ("logic", info("ISNUMBER")), "ISTEXT": ("logic", info("ISTEXT")),
        "ISBLANK": ("logic", info("ISBLANK")),
    }
    table.update(family_tables(g))  # the families' generators (tests/fuzz_families/)
    return table
