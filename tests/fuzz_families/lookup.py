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


CATEGORIES = {
    "lookup-blank-needle": "MATCH, VLOOKUP, HLOOKUP of a blank cell: Excel looks up the number 0 "
                           "(measured in Excel 16.105.3 for formualizer's issue 319; HyperFormula's "
                           "issue 526), LibreOffice empty text: exact, the first entry that is empty "
                           "text, else #N/A; approximate over numbers, the last entry (its text sorts "
                           "after every number)",
}

_LEGACY_LOOKUPS = ("MATCH", "VLOOKUP", "HLOOKUP")


def classify(node, operands, sg, lo):
    """The category of :data:`CATEGORIES` behind a disagreement at ``node``, or None."""
    from sheetgd.engine.nodes import Call

    if not (isinstance(node, Call) and node.name in _LEGACY_LOOKUPS and len(operands) >= 2
            and _names_a_cell(node.args[0]) and _blank_or_zero(operands[0])):
        return None
    redone = _looked_up_as_empty_text(node.name, operands)
    return "lookup-blank-needle" if redone is not None and _same(redone, lo) \
        and not _same(redone, sg) else None


def _names_a_cell(arg) -> bool:
    """Whether a lookup_value argument is a reference (a cell, or a function
    giving one), which may be a blank cell: a typed 0 is no blank."""
    from sheetgd.engine.nodes import Call, NameNode, RefNode

    from ..fuzz_tree import strip

    arg = strip(arg)
    return isinstance(arg, (RefNode, NameNode)) or isinstance(arg, Call) and arg.name in (
        "OFFSET", "INDEX", "INDIRECT", "CHOOSE", "IF")


def _blank_or_zero(value) -> bool:
    from sheetgd.engine import EMPTY

    return value is EMPTY or (isinstance(value, float) and not isinstance(value, bool) and value == 0.0)


def _looked_up_as_empty_text(name: str, operands):
    """LibreOffice's answer for a blank lookup value (empty text), where the
    searched row or column is all numbers or the search is exact; None
    where this model does not say (text among the entries of an
    approximate search)."""
    from sheetgd.engine import XLError
    from sheetgd.engine.values import Array

    table = operands[1]
    if not isinstance(table, Array):
        table = Array(((table,),))
    if name == "MATCH":
        vector = [v for row in table.rows for v in row]
        exact = len(operands) > 2 and operands[2] == 0.0
        found = _position(vector, exact)
        return None if found is False else (XLError("#N/A") if found is None else float(found + 1))
    index = operands[2]
    if not isinstance(index, float) or index < 1:
        return None
    k = int(index) - 1
    vertical = name == "VLOOKUP"
    keys = [row[0] for row in table.rows] if vertical else list(table.rows[0])
    if k >= (table.width if vertical else table.height):
        return None
    exact = len(operands) > 3 and operands[3] in (False, 0.0)
    found = _position(keys, exact)
    if found is False:
        return None
    if found is None:
        return XLError("#N/A")
    return table.rows[found][k] if vertical else table.rows[k][found]


def _position(entries: list, exact: bool):
    """0-based position LibreOffice finds for empty text among ``entries``:
    exact, the first empty-text entry (None: none); approximate over
    numbers only, the last (False: entries this model does not cover)."""
    if exact:
        return next((i for i, v in enumerate(entries) if v == "" and isinstance(v, str)), None)
    if entries and all(isinstance(v, float) and not isinstance(v, bool) for v in entries):
        return len(entries) - 1
    return False


def _same(a, b) -> bool:
    from sheetgd.engine import XLError

    if isinstance(a, XLError) or isinstance(b, XLError):
        return isinstance(a, XLError) and isinstance(b, XLError) and a.kind == b.kind
    return type(a) is type(b) and a == b
