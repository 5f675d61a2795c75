"""Random formulas over the supported grammar, for differential tests against
LibreOffice.

The generator stays where Excel and LibreOffice agree (see
docs/compatibility.md): arguments of SQRT/LN/LOG/POWER are kept in their
domains (LibreOffice reports Excel's #NUM! cases as #VALUE! in the files it
saves), data cells hold numbers and text, and TRUE/FALSE appear only where a
logical value is expected (LibreOffice has no boolean type: for it TRUE is
the number 1, so ``TRUE>5`` and ``"a"&TRUE`` differ from Excel), and text is
only passed where it is text.
"""

from __future__ import annotations

import random

DATA_ROWS = 8
DATA_COLS = 4  # A..D on sheet "data": numbers; E: text


def data_block(rng: random.Random) -> dict[str, object]:
    cells = {}
    for r in range(1, DATA_ROWS + 1):
        for c in "ABCD":
            cells[f"{c}{r}"] = rng.choice([
                float(rng.randint(-20, 20)), round(rng.uniform(-100, 100), 3),
                round(rng.uniform(0, 1), 6), float(rng.randint(1, 9))])
        cells[f"E{r}"] = rng.choice(["cat", "dog", "Fish", "plane", "Dog", "b"])
    return cells


class FormulaGenerator:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)

    def cell(self) -> str:
        r = self.rng.randint(1, DATA_ROWS)
        c = self.rng.choice("ABCD")
        dollar_c = "$" if self.rng.random() < 0.3 else ""
        dollar_r = "$" if self.rng.random() < 0.3 else ""
        return f"data!{dollar_c}{c}{dollar_r}{r}"

    def range_(self, one_dim: bool = False) -> str:
        r1 = self.rng.randint(1, DATA_ROWS)
        r2 = self.rng.randint(r1, DATA_ROWS)
        c1 = self.rng.choice("ABCD")
        c2 = c1 if one_dim or self.rng.random() < 0.5 else self.rng.choice("ABCD"[("ABCD".index(c1)):])
        return f"data!{c1}{r1}:{c2}{r2}"

    def number(self, depth: int) -> str:
        """An expression whose value is a number (or an error both agree on)."""
        rng = self.rng
        if depth <= 0 or rng.random() < 0.25:
            choice = rng.random()
            if choice < 0.45:
                return self.cell()
            if choice < 0.75:
                return str(rng.randint(0, 50))
            if choice < 0.9:
                return repr(round(rng.uniform(0, 10), 3))
            return rng.choice(["PI()", "0.5%", "1e-3", "2E+3"])
        d = depth - 1
        kind = rng.randrange(14)
        if kind == 0:
            op = rng.choice(["+", "-", "*"])
            return f"{self.number(d)}{op}{self.number(d)}"
        if kind == 1:
            return f"({self.number(d)})/({self.number(d)})"
        if kind == 2:  # a power with a positive base and a small exponent
            return f"(ABS({self.number(d)})+0.5)^{rng.choice(['2', '3', '0.5', '-1', '1.5'])}"
        if kind == 3:
            return f"-{self.number(d)}"
        if kind == 4:
            fn = rng.choice(["SUM", "SUMSQ", "PRODUCT", "AVERAGE", "MIN", "MAX", "MEDIAN",
                             "COUNT", "COUNTA", "STDEV.P", "STDEV.S", "VAR.P", "VAR.S"])
            args = [self.range_() if rng.random() < 0.7 else self.number(d)
                    for _ in range(rng.randint(1, 3))]
            if fn in ("STDEV.S", "VAR.S"):
                args = [self.range_()] + args
            return f"{fn}({','.join(args)})"
        if kind == 5:
            fn = rng.choice(["SQRT", "LN", "LOG10", "LOG"])
            inner = f"ABS({self.number(d)})+1"
            return f"{fn}({inner})" if fn != "LOG" or rng.random() < 0.5 else \
                f"LOG({inner},{rng.choice(['2', '10', '3.5'])})"
        if kind == 6:
            fn = rng.choice(["ABS", "SIGN", "INT", "EXP"])
            inner = self.number(d)
            return f"{fn}(MOD({inner},20))" if fn == "EXP" else f"{fn}({inner})"
        if kind == 7:
            fn = rng.choice(["ROUND", "ROUNDUP", "ROUNDDOWN"])
            return f"{fn}({self.number(d)},{rng.randint(-2, 4)})"
        if kind == 8:
            fn = rng.choice(["CEILING.MATH", "FLOOR.MATH"])
            return f"{fn}({self.number(d)},{rng.choice(['1', '0.5', '5', '2'])}" \
                   f"{rng.choice(['', ',0', ',1'])})"
        if kind == 9:
            return f"MOD({self.number(d)},{rng.choice(['3', '-4', '2.5', '7'])})"
        if kind == 10:
            return f"IF({self.logical(d)},{self.number(d)},{self.number(d)})"
        if kind == 11:
            return self._sumproduct()
        if kind == 12:
            return self.lookup(d)
        return f"CHOOSE({rng.randint(1, 3)},{self.number(d)},{self.number(d)},{self.number(d)})"

    def _sumproduct(self) -> str:
        r1 = self.rng.randint(1, DATA_ROWS - 2)
        r2 = self.rng.randint(r1, DATA_ROWS)
        a, b = self.rng.sample("ABCD", 2)
        return f"SUMPRODUCT(data!{a}{r1}:{a}{r2},data!{b}{r1}:{b}{r2})"

    def lookup(self, d: int) -> str:
        rng = self.rng
        kind = rng.randrange(6)
        if kind == 0:
            return f"MATCH({self.number(d)},{self.range_(True)},0)"
        if kind == 1:
            return f'MATCH("{rng.choice(["cat", "DOG", "fish", "zebra", "d*", "?at"])}",' \
                   f"data!E1:E{DATA_ROWS},0)"
        if kind == 2:
            return f"INDEX({self.range_()},1,1)"
        if kind == 3:
            return f"OFFSET(data!A1,{rng.randint(0, DATA_ROWS - 1)},{rng.randint(0, 3)})"
        if kind == 4:
            return f"ROWS({self.range_()})*COLUMNS({self.range_()})"
        return f"ROW({self.cell()})+COLUMN({self.cell()})"

    def logical(self, d: int) -> str:
        rng = self.rng
        kind = rng.randrange(4)
        if kind == 0:
            op = rng.choice(["=", "<>", "<", ">", "<=", ">="])
            return f"{self.number(d)}{op}{self.number(d)}"
        if kind == 1:
            return f"AND({self.logical(d - 1)},{self.logical(d - 1)})" if d > 0 else "TRUE"
        if kind == 2:
            return f"OR({self.logical(d - 1)},NOT({self.logical(d - 1)}))" if d > 0 else "FALSE"
        return f'"{rng.choice(["a", "B", "cat"])}"<{self.text(d)}'

    def text(self, d: int) -> str:
        rng = self.rng
        if d <= 0 or rng.random() < 0.4:
            return rng.choice(['"x"', '"Cat"', f"data!E{rng.randint(1, DATA_ROWS)}", '""'])
        return f"{self.text(d - 1)}&{rng.choice([self.number(d - 1), self.text(d - 1)])}"

    def formula(self, depth: int = 3) -> str:
        roll = self.rng.random()
        if roll < 0.7:
            return "=" + self.number(depth)
        if roll < 0.85:
            return "=" + self.logical(depth)
        if roll < 0.95:
            return "=" + self.text(depth)
        return f"=IFERROR({self.number(depth)},-1)"
