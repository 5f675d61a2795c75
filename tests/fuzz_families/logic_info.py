"""Fuzz generators of the logic and information functions added for issue
16 (IFS, SWITCH, XOR, ISEVEN, ISODD, ISLOGICAL, ISNONTEXT, ISREF, ISERR,
ERROR.TYPE, TYPE, CELL); see tests/fuzz_families/__init__.py."""

from __future__ import annotations

from ..formula_gen import ALL_COLS, DATA_ROWS

#: Functions the fuzzer leaves out, and why: none (INFO is drawn only with a type
#: that is not one of INFO's: its types describe the program and computer, or,
#: for "numfile", count LibreOffice's open documents rather than worksheets).
EXCLUDED: dict = {}


def table(g) -> dict:
    rng = g.rng

    def condition(d):
        """A logical expression reading no text cell (LibreOffice takes " 4 "
        as a condition, Excel's IFS refuses text: #VALUE!)."""
        was, g.plain = g.plain, True
        try:
            return g.logic(d)
        finally:
            g.plain = was

    def ifs(d):
        pairs = [f"{condition(d - 1)},{rng.choice([g.num, g.anyv])(d - 1)}"
                 for _ in range(rng.randint(1, 3))]
        if rng.random() < 0.4:
            pairs.append(f"TRUE,{g.num(d - 1)}")
        return f"IFS({','.join(pairs)})"

    def switch(d):
        if rng.random() < 0.3:
            word = rng.choice(['"cat"', '"Dog"', '"x"', g.cell("E")])
            cases = ",".join(f'"{w}",{g.num(d - 1)}' for w in rng.sample(["cat", "dog", "b", "fish"], 2))
            return f"SWITCH({word},{cases}{rng.choice(['', ',' + g.num(d - 1)])})"
        expr = rng.choice([str(rng.randint(0, 3)), f"INT(ABS({g.num(d - 1)}))", g.cell()])
        cases = ",".join(f"{k},{rng.choice([g.num, g.anyv])(d - 1)}" for k in range(rng.randint(1, 3)))
        return f"SWITCH({expr},{cases}{rng.choice(['', ',' + g.num(d - 1)])})"

    def xor(d):
        args = []
        for _ in range(rng.randint(1, 3)):
            roll = rng.random()
            args.append(g.logic(d - 1) if roll < 0.6 else g.num(d - 1) if roll < 0.8
                        else g.any_range() if roll < 0.95 else '"TRUE"')
        return f"XOR({','.join(args)})"

    def info(name):
        return lambda d: f"{name}({rng.choice([g.anyv(d - 1), g.cell('F'), g.cell(ALL_COLS)])})"

    def error_type(d):
        """Errors that both spreadsheets give the same kind (LibreOffice's
        invalid-argument error, SQRT(-1), has no number there: #N/A; nor has
        the #NULL! constant it reads from a file)."""
        return "ERROR.TYPE(" + rng.choice(["1/0", "NA()", "#N/A", "#DIV/0!", "#VALUE!", "#REF!",
                                           "#NAME?", "#NUM!", '"x"+1', g.cell("F"),
                                           g.num(d - 1), g.text(d - 1)]) + ")"

    def parity(name):
        # numbers only: LibreOffice refuses text and empty cells (#VALUE!), where
        # Excel reads numeric text and takes an empty cell as 0
        return lambda d: f"{name}({rng.choice([f'({g.num(d - 1)})+0', g.cell(), g.number_literal()])})"

    def isref(d):
        return "ISREF(" + rng.choice([
            g.cell(ALL_COLS), g.range_(ALL_COLS), g.num(d - 1), g.text(d - 1),
            f"OFFSET(data!A1,{rng.randint(0, 3)},{rng.randint(0, 3)})",
            f"INDEX(data!A1:D{DATA_ROWS},{rng.randint(1, DATA_ROWS)},{rng.randint(1, 4)})"]) + ")"

    def type_(d):
        # no cell of column F (plain expressions): LibreOffice's TYPE of a cell
        # holding TRUE is 8
        was, g.plain = g.plain, True
        try:
            return "TYPE(" + rng.choice([g.num(d - 1), g.text(d - 1), g.logic(d - 1),
                                         g.cell("ABCDE"), g.array(), "#N/A", "1/0"]) + ")"
        finally:
            g.plain = was

    def cell(d):
        kind = rng.choice(["row", "col", "contents"])
        return f'CELL("{kind}",{g.cell()})'

    return {
        "IFS": ("num", ifs), "SWITCH": ("num", switch), "XOR": ("logic", xor),
        "ISEVEN": ("logic", parity("ISEVEN")), "ISODD": ("logic", parity("ISODD")),
        "ISLOGICAL": ("logic", info("ISLOGICAL")), "ISNONTEXT": ("logic", info("ISNONTEXT")),
        "ISERR": ("logic", info("ISERR")), "ERROR.TYPE": ("num", error_type),
        "ISREF": ("logic", isref), "TYPE": ("num", type_), "CELL": ("num", cell),
        "INFO": ("text", lambda d: 'INFO("nonsense")'),
    }
