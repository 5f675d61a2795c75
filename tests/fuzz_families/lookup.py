"""Fuzz generators of the lookup and reference family (see __init__.py).

Approximate lookups are drawn over the data block's sorted columns (G
ascending, H descending) and, on purpose, over unsorted ones, where the
spreadsheets' searches differ (category ``match-unsorted``).  Functions
LibreOffice 7.4 does not have are left out (``EXCLUDED``); the function
table (tests/function_cases/lookup.py) covers them with Excel's values.
"""

from __future__ import annotations

_NEW = "LibreOffice 7.4 has no {} (added in 24.8 or later): every call would be #NAME? there"
EXCLUDED = {name: _NEW.format(name) for name in (
    "XLOOKUP", "XMATCH", "CHOOSECOLS", "CHOOSEROWS", "TAKE", "DROP", "EXPAND", "VSTACK", "HSTACK",
    "TOCOL", "TOROW", "WRAPROWS", "WRAPCOLS", "SORT", "SORTBY", "FILTER", "UNIQUE", "TRIMRANGE")}
EXCLUDED.update({name: f"LibreOffice 7.4 has no {name} (#NAME?), and its function argument is a "
                       "LAMBDA or a function's name; tests/test_groupby.py holds it to Microsoft's "
                       "pages" for name in ("GROUPBY", "PIVOTBY")})


def table(g) -> dict:
    from ..formula_gen import ALL_COLS, DATA_ROWS, SORTED_DOWN, SORTED_UP, _WORDS  # (it imports this module)

    rng = g.rng

    def rows(first_col: str, last_col: str) -> str:
        r1 = rng.randint(1, DATA_ROWS - 1)
        return f"data!{first_col}{r1}:{last_col}{rng.randint(r1, DATA_ROWS)}"

    def word() -> str:
        return '"' + rng.choice(_WORDS + ["zebra", "d*", "?at", "*a*", "~*", "DOG"]) + '"'

    def index(n: int) -> str:
        return rng.choice([str(rng.randint(1, n)), str(rng.randint(0, n + 1)), f"{rng.randint(1, n)}.7"])

    def vlookup(d):
        roll = rng.random()
        if roll < 0.35:  # approximate, sorted first column
            return (f"VLOOKUP({g.num(d - 1)},data!{SORTED_UP}1:{SORTED_DOWN}{DATA_ROWS},{index(2)}"
                    f"{rng.choice(['', ',TRUE', ',1'])})")
        if roll < 0.55:  # exact, a value of the first column
            r = rng.randint(1, DATA_ROWS)
            return f"VLOOKUP(data!A{r},{rows('A', 'D')},{index(4)},{rng.choice(['FALSE', '0'])})"
        if roll < 0.75:  # text, exact with wildcards
            return f"VLOOKUP({word()},data!E1:F{DATA_ROWS},{index(2)},FALSE)"
        if roll < 0.85:
            return f"VLOOKUP({rng.randint(0, 3)},{g.array()},{index(2)},{rng.choice(['TRUE', 'FALSE'])})"
        return f"VLOOKUP({g.num(d - 1)},{rows('A', 'D')},{index(4)})"  # unsorted

    def hlookup(d):
        roll = rng.random()
        if roll < 0.4:  # exact along a row of numbers
            r = rng.randint(1, DATA_ROWS - 2)
            c = rng.choice("ABCD")
            return f"HLOOKUP(data!{c}{r},data!A{r}:D{r + 2},{index(3)},FALSE)"
        if roll < 0.6:
            first = sorted(rng.sample(range(-5, 20), 3))
            return (f"HLOOKUP({g.num(d - 1)},{{{','.join(map(str, first))};\"a\",\"b\",\"c\"}},"
                    f"{index(2)}{rng.choice(['', ',TRUE'])})")
        if roll < 0.75:
            return f"HLOOKUP({rng.randint(0, 3)},{g.array()},{index(2)},{rng.choice(['TRUE', 'FALSE'])})"
        return f"HLOOKUP({g.num(d - 1)},{rows('A', 'D')},{index(2)})"  # unsorted

    def lookup(d):
        roll = rng.random()
        if roll < 0.4:
            result = rng.choice(["A", "E", "F"])
            return f"LOOKUP({g.num(d - 1)},data!{SORTED_UP}1:{SORTED_UP}{DATA_ROWS},data!{result}1:{result}{DATA_ROWS})"
        if roll < 0.6:  # array form: the first column, the last column's value
            return f"LOOKUP({g.num(d - 1)},data!{SORTED_UP}1:{SORTED_DOWN}{DATA_ROWS})"
        if roll < 0.75:
            first = sorted(rng.sample(range(-5, 20), 3))
            return f"LOOKUP({g.num(d - 1)},{{{','.join(map(str, first))};\"a\",\"b\",\"c\"}})"
        return f"LOOKUP({g.num(d - 1)},{g.range_(one_dim=True)})"  # unsorted

    def address(d):
        edge = rng.random() < 0.2  # the grid's last row and column, or off it
        args = [str(rng.choice([1048576, 0]) if edge else rng.randint(1, 50)),
                str(rng.choice([16384, 16385]) if edge else rng.choice([rng.randint(1, 60), 703]))]
        roll = rng.random()
        if roll < 0.8:
            args.append(rng.choice(["1", "2", "3", "4", "5", "2.5", g.num(d - 1)]))
            if roll < 0.5 and not edge:  # (R1C1 offsets to the grid's edge: LibreOffice #VALUE!, Excel unverified)
                args.append(rng.choice(["TRUE", "FALSE", "0", "1"]))
        if rng.random() < 0.15:
            return f"ADDRESS({g.num(d - 1)},{g.num(d - 1)})"
        return f"ADDRESS({','.join(args)})"

    def transpose(d):
        src = rng.choice([g.range_(ALL_COLS), g.array(), g.range_()])
        return rng.choice([f"SUM(TRANSPOSE({src}))", f"INDEX(TRANSPOSE({src}),{rng.randint(1, 3)},{rng.randint(1, 3)})",
                           f"ROWS(TRANSPOSE({src}))", f"COLUMNS(TRANSPOSE({src}))"])

    def formula_cell() -> str:
        return g.cell(rng.choice(["F", "F", ALL_COLS]))

    def sheet(d):
        return rng.choice(["SHEET()", f"SHEET({g.cell(ALL_COLS)})", 'SHEET("data")', 'SHEET("s")',
                           'SHEET("nowhere")', f"SHEET({g.range_()})"])

    def hyperlink(d):
        if rng.random() < 0.5:
            return f'HYPERLINK("http://example.com/",{rng.choice([g.num(d - 1), g.text(d - 1)])})'
        return f"HYPERLINK({g.text(d - 1)})"

    return {
        "VLOOKUP": ("num", vlookup), "HLOOKUP": ("num", hlookup), "LOOKUP": ("num", lookup),
        "ADDRESS": ("text", address),
        "AREAS": ("num", lambda d: f"AREAS({rng.choice([g.range_(ALL_COLS), g.cell()])})"),
        "TRANSPOSE": ("num", transpose),
        "ISFORMULA": ("logic", lambda d: f"ISFORMULA({formula_cell()})"),
        "FORMULATEXT": ("text", lambda d: f"FORMULATEXT({formula_cell()})"),
        "SHEET": ("num", sheet),
        "SHEETS": ("num", lambda d: rng.choice(["SHEETS()", f"SHEETS({g.range_(ALL_COLS)})"])),
        "HYPERLINK": ("text", hyperlink),
    }
