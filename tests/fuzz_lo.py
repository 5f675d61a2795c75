"""Differential fuzzing: random formulas, recomputed by LibreOffice headless
and by sheetgd, compared cell by cell.

    python -m tests.fuzz_lo --count 10000        (what ``make fuzz`` runs)

1. :class:`~tests.formula_gen.FormulaGenerator` draws ``count`` formulas
   (seeded), in batches of ``--batch`` per workbook, each batch with its own
   random data block on sheet ``data``.
2. The batches are written as .xlsx files (openpyxl; formula text as sheetgd
   renders it, with ``_xlfn.`` prefixes), LibreOffice recalculates and saves
   them (one soffice for all, :func:`sheetgd.io.libreoffice.recalculate`),
   and its cached values are read back.  sheetgd computes the same formulas
   in memory.  Values are compared with ``sheetgd eval``'s tolerance.
3. Every disagreeing formula is *localised*: each of its subexpressions that
   is used as a single value is written into its own cell of the same row
   (in parentheses, so that it is not that cell's last operation:
   :func:`~tests.fuzz_tree.site_formula`), and a second LibreOffice pass
   computes them.  Then, node by node, sheetgd
   recomputes the node *from the operand values both engines agree on*: a
   node is a local disagreement when sheetgd, given the same inputs, still
   answers differently.  :mod:`tests.fuzz_explain` classifies each local
   disagreement into one of the documented Excel-vs-LibreOffice differences
   (``CATEGORIES``, docs/compatibility.md), recognised by redoing the
   operation the LibreOffice way (booleans as numbers, its error codes, its
   rounding...) and checking that this reproduces LibreOffice's value.  A
   formula is *explained* when all its local disagreements are; anything
   else is reported as unexplained, with the formula text, both values and
   the operation where they part.

4. A formula still unexplained is computed by LibreOffice once more, alone
   in a workbook of its own: when it then gives sheetgd's value, LibreOffice's
   value depended on the batch's other formulas (``libreoffice-context``).
   The second pass is such evidence too: when the formula in its cell there
   (among other sites) already gives sheetgd's value, it is classified so
   whatever the third pass gives (seed 5's =GEOMEAN(data!F6:F6,data!F8:F8)
   of an #N/A cell: 0 in its batch, #N/A in the second pass, and once not
   #N/A alone).  A formula that alone gives yet another value is computed
   once more with its sites beside it, in a workbook of their own, and
   explained there operation by operation (``libreoffice-context`` and the
   categories found).

The summary lists formulas run, agreements, documented differences by
category and the unexplained ones; the exit status is 1 when any formula is
unexplained.
"""

from __future__ import annotations

import argparse
import logging
import random
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl

from sheetgd.engine import EMPTY, Array, Workbook, XLError
from sheetgd.engine.errors import FormulaError
from sheetgd.engine.functions import FILE_PREFIXES, REGISTRY
from sheetgd.engine.nodes import Call, render, walk
from sheetgd.engine.parser import parse
from sheetgd.engine.refs import Area
from sheetgd.recheck import same

from .formula_gen import FormulaGenerator, data_block
from .fuzz_explain import CATEGORIES, SHEETGD_BUGS, Host, classify, explain, sites
from .fuzz_tree import site_formula

log = logging.getLogger(__name__)

SHEET, DATA = "s", "data"


# --- one formula's fate ---------------------------------------------------------

@dataclass
class Outcome:
    formula: str
    sheetgd: object
    libreoffice: object
    verdict: str = "agree"  # agree | known | unexplained
    categories: tuple = ()
    locals: list = field(default_factory=list)
    why: str = ""


@dataclass
class Summary:
    formulas: int = 0
    agreements: int = 0
    known: Counter = field(default_factory=Counter)  # category -> formulas
    examples: dict = field(default_factory=dict)  # category -> [Outcome]
    unexplained: list = field(default_factory=list)  # Outcome
    functions: Counter = field(default_factory=Counter)  # function -> formulas using it
    seconds: float = 0.0
    libreoffice_seconds: float = 0.0

    @property
    def explained(self) -> int:
        return self.formulas - self.agreements - len(self.unexplained) - self.pending

    @property
    def pending(self) -> int:
        """Formulas whose difference is a recognised sheetgd bug, fix pending."""
        return len(self.examples.get("_pending", []))

    def text(self, show: int = 20, examples: int = 0) -> str:
        """The summary; ``show`` unexplained formulas and ``examples`` of each
        documented category in detail."""
        lines = [f"formulas run:                {self.formulas}",
                 f"agreements:                  {self.agreements}",
                 f"documented differences:      {self.explained}  (formulas, by category; one can "
                 "count in several)"]
        for name, n in sorted(self.known.items(), key=lambda kv: (-kv[1], kv[0])):
            if name in SHEETGD_BUGS:
                continue
            lines.append(f"  {n:6d}  {name}: {CATEGORIES[name]}")
            for o in self.examples.get(name, [])[:examples]:
                lines += _detail(o, indent="          ")
        lines.append(f"sheetgd bugs, fix pending:   {self.pending}  (recognised; the fix belongs "
                     "outside the fuzzer's files)")
        for name in sorted(set(self.known) & set(SHEETGD_BUGS)):
            lines.append(f"  {self.known[name]:6d}  {name}: {SHEETGD_BUGS[name]}")
            for o in self.examples.get(name, [])[:max(examples, 3)]:
                lines += _detail(o, indent="          ")
        lines.append(f"unexplained disagreements:   {len(self.unexplained)}")
        for o in self.unexplained[:show]:
            lines += _detail(o)
        missing = sorted(set(REGISTRY) - set(self.functions))
        lines.append(f"functions covered:           {len(self.functions)} of {len(REGISTRY)}"
                     + (f" (not drawn: {', '.join(missing)})" if missing else ""))
        lines.append(f"time:                        {self.seconds:.1f} s "
                     f"(LibreOffice {self.libreoffice_seconds:.1f} s)")
        return "\n".join(lines)


def _detail(o, indent: str = "  ") -> list:
    lines = [f"{indent}{o.formula}",
             f"{indent}    sheetgd={_show(o.sheetgd)}  libreoffice={_show(o.libreoffice)}"
             + (f"  ({o.why})" if o.why else "")]
    for loc in o.locals:
        lines.append(f"{indent}    at {loc.text}: operands ({', '.join(_show(v) for v in loc.operands)}) "
                     f"sheetgd={_show(loc.sheetgd)} libreoffice={_show(loc.libreoffice)}: "
                     f"{loc.category or 'unexplained'}" + (f" ({loc.note})" if loc.note else ""))
    return lines


def _show(v) -> str:
    if isinstance(v, XLError):
        return v.kind
    if v is EMPTY:
        return "empty"
    if isinstance(v, Array):
        return f"{{{v.height}x{v.width} range}}"
    return repr(v)


# --- writing and reading workbooks -------------------------------------------

def _file_formula(text: str, row: int, col: int) -> str:
    return "=" + render(parse(text, row, col), row, col, FILE_PREFIXES)


def write_xlsx(path: Path, data: dict, cells: dict) -> None:
    """Sheet ``s`` with ``cells`` {(row, col): formula}, sheet ``data`` with the data block."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = SHEET
    sheet = book.create_sheet(DATA)
    for addr, value in data.items():
        sheet[addr] = value
    for (row, col), text in cells.items():
        ws.cell(row, col, _file_formula(text, row, col))
    book.save(path)


def sheetgd_book(data: dict, cells: dict, booleans_as_numbers: bool = False,
                 array: bool = False) -> Workbook:
    """The same workbook computed by sheetgd (formulas as generated; each an
    array formula of one cell with ``array``)."""
    book = Workbook(seed=0)
    book.add_sheet(SHEET)
    book.add_sheet(DATA)
    for addr, value in data.items():
        col = openpyxl.utils.column_index_from_string(addr.rstrip("0123456789"))
        row = int(addr[len(addr.rstrip("0123456789")):])
        if isinstance(value, str) and value.startswith("="):
            book.put_formula(DATA, row, col, value)
        else:
            if booleans_as_numbers and isinstance(value, bool):
                value = float(value)
            book.put(DATA, row, col, value)
    for (row, col), text in cells.items():
        if array:
            book.put_array_formula(Area(SHEET, row, col, row, col), text)
        else:
            book.put_formula(SHEET, row, col, text)
    book.calculation = "manual"
    book.calculate_all()
    return book


def read_values(path: Path, cells) -> dict:
    """LibreOffice's cached values of ``cells`` as sheetgd values."""
    book = openpyxl.load_workbook(path, data_only=True, read_only=True)
    # LibreOffice formats the cells of DATE, TIME ... as dates; openpyxl would hand their
    # numbers over as datetimes (rounded to the microsecond): no date formats, plain numbers
    book._date_formats = set()
    found = {(c.row, c.column): c for r in book[SHEET].iter_rows() for c in r if c.value is not None}
    book.close()
    out = {}
    for row, col in cells:
        cell = found.get((row, col))
        v = None if cell is None else cell.value
        if v is None:
            out[(row, col)] = ""  # an empty text result (a formula never shows "nothing")
        elif cell.data_type == "e":
            out[(row, col)] = XLError(v) if v in _KINDS else v
        elif isinstance(v, bool):
            out[(row, col)] = v
        elif isinstance(v, (int, float)):
            out[(row, col)] = float(v)
        else:
            out[(row, col)] = str(v)
    return out


_KINDS = {"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A"}


def _value(book: Workbook, row: int, col: int):
    v = book.sheet(SHEET).cells[(row, col)].value
    return "" if v is EMPTY else v


# --- the run --------------------------------------------------------------------------

@dataclass
class Batch:
    index: int
    data: dict
    formulas: list


def make_batches(count: int, seed: int, batch_size: int) -> list[Batch]:
    gen = FormulaGenerator(seed)
    batches = []
    for index, start in enumerate(range(0, count, batch_size)):
        n = min(batch_size, count - start)
        data = data_block(random.Random(seed * 7919 + index))
        formulas = []
        for row in range(1, n + 1):  # formula i goes into A{i} of sheet s (_first_pass)
            gen.host_row = row
            formulas.append(gen.formula())
        batches.append(Batch(index, data, formulas))
    return batches


def _functions_used(text: str) -> set:
    try:
        return {n.name for n in walk(parse(text)) if isinstance(n, Call)}
    except FormulaError:
        return set()


def run(count: int = 10_000, seed: int = 1, batch_size: int = 1000, workdir: Path | None = None,
        recalculate=None) -> tuple[Summary, list[Outcome]]:
    """Generate, recompute in both engines, compare, localise and classify."""
    if recalculate is None:
        from sheetgd.io.libreoffice import recalculate
    start = time.monotonic()
    summary = Summary()
    own_tmp = None
    if workdir is None:
        own_tmp = tempfile.TemporaryDirectory(prefix="sheetgd_fuzz_")
        workdir = Path(own_tmp.name)
    workdir = Path(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        batches = make_batches(count, seed, batch_size)
        outcomes, pending = _first_pass(batches, workdir, recalculate, summary)
        if pending:
            _second_pass(batches, pending, workdir, recalculate, summary)
            _alone_pass([(b, r, o) for b, r, o in pending if o.verdict == "unexplained"],
                        workdir, recalculate, summary)
    finally:
        if own_tmp is not None:
            own_tmp.cleanup()
    for o in outcomes:
        summary.formulas += 1
        for name in _functions_used(o.formula):
            summary.functions[name] += 1
        if o.verdict == "agree":
            summary.agreements += 1
        elif o.verdict == "known":
            if set(o.categories) & set(SHEETGD_BUGS):
                summary.examples.setdefault("_pending", []).append(o)
            for c in o.categories:
                summary.known[c] += 1
                summary.examples.setdefault(c, []).append(o)
        else:
            summary.unexplained.append(o)
    summary.seconds = time.monotonic() - start
    return summary, outcomes


def _first_pass(batches, workdir, recalculate, summary):
    pairs = []
    for b in batches:
        src, out = workdir / f"batch{b.index}.xlsx", workdir / f"batch{b.index}_lo.xlsx"
        write_xlsx(src, b.data, {(r, 1): f for r, f in enumerate(b.formulas, start=1)})
        pairs.append((src, out))
    t = time.monotonic()
    recalculate(pairs, timeout=600)
    summary.libreoffice_seconds += time.monotonic() - t
    outcomes, pending = [], []
    for b, (_, out) in zip(batches, pairs):
        cells = {(r, 1): f for r, f in enumerate(b.formulas, start=1)}
        book = sheetgd_book(b.data, cells)
        lo = read_values(out, cells)
        b.book = book
        for (r, _), f in cells.items():
            o = Outcome(f, _value(book, r, 1), lo[(r, 1)])
            outcomes.append(o)
            if not same(o.libreoffice, o.sheetgd):
                o.verdict = "unexplained"
                pending.append((b, r, o))
    return outcomes, pending


def _second_pass(batches, pending, workdir, recalculate, summary):
    """Localise each disagreement: its sites in cells of their own, computed
    by LibreOffice, then explained operation by operation (:func:`explain`)."""
    by_batch: dict[int, list] = {}
    for b, r, o in pending:
        by_batch.setdefault(b.index, []).append((r, o))
    plans, pairs = {}, []
    for index, items in by_batch.items():
        b = batches[index]
        cells, plan = {}, []
        for r, o in items:
            root = parse(o.formula, r, 1)
            found = sites(root, Host(b.book, SHEET, r))
            for site in found:  # the root in its own column, the others to its right
                cells[(r, site.col)] = site_formula(site, site.node, r)
            plan.append((r, o, root, found))
        src, out = workdir / f"local{index}.xlsx", workdir / f"local{index}_lo.xlsx"
        write_xlsx(src, b.data, cells)
        pairs.append((src, out))
        plans[index] = (cells, plan, out)
    t = time.monotonic()
    recalculate(pairs, timeout=600)
    summary.libreoffice_seconds += time.monotonic() - t
    for index, (cells, plan, out) in plans.items():
        b = batches[index]
        lo = read_values(out, cells)
        own_book = sheetgd_book(b.data, cells)
        own = {key: _value(own_book, *key) for key in cells}

        def evaluate(texts, booleans_as_numbers, array, data=b.data):
            book = sheetgd_book(data, texts, booleans_as_numbers, array)
            return {key: _value(book, *key) for key in texts}

        found_locals = explain([(r, root, found) for r, o, root, found in plan], lo, own,
                               lambda row, book=b.book: Host(book, SHEET, row), evaluate)
        for r, o, root, found in plan:
            o.locals = found_locals.get(r, [])
            second = lo[(r, found[0].col)]
            if not same(second, o.libreoffice):
                if _both_explained(o, found[0], r, Host(b.book, SHEET, r)):
                    continue
                o.locals = []
                if same(second, o.sheetgd):  # the same formula elsewhere: sheetgd's value
                    o.verdict, o.categories = "known", ("libreoffice-context",)
                    o.why = f"LibreOffice in the second pass: {_show(second)}"
                    continue
                o.why = (f"LibreOffice's value depends on the cell: "
                         f"{_show(second)} in the second pass")
                continue
            _verdict(o)


def _both_explained(o: Outcome, root, row: int, host) -> bool:
    """A formula LibreOffice computed to another value in the second pass
    (its FREQUENCY shuffles five bins or more at random: 0 in its batch, 8
    there) whose operations the second pass explains, and whose whole
    operation, judged with the batch's value, is explained too: known,
    under the categories of both."""
    locals_ = o.locals
    if not locals_ or any(loc.category is None for loc in locals_):
        return False
    text = render(root.node, row, 1)
    top = [loc for loc in locals_ if loc.text == text]
    if len(top) != 1:
        return False
    again = classify(root.node, top[0].operands, top[0].sheetgd, o.libreoffice,
                     lambda how: None, host)
    if again is None:
        return False
    o.verdict = "known"
    o.categories = tuple(sorted({c for loc in locals_ for c in loc.category.split("+")}
                                | set(again.split("+"))))
    o.why = "LibreOffice's value varies from pass to pass; both explained"
    return True


def _alone_pass(unexplained, workdir, recalculate, summary):
    """Each formula still unexplained recomputed by LibreOffice alone, in a
    workbook of its own (same data block, same cell): when it then gives
    sheetgd's value, LibreOffice's value depended on the other formulas of
    the batch (category ``libreoffice-context``).  When it gives another
    value, the formula is also recomputed with its sites beside it, in a
    third workbook of its own: if its value there is the one it had alone,
    and its sites explain that value operation by operation
    (:func:`explain`), it counts under ``libreoffice-context`` and their
    categories (seed 1's GEOMEAN of a negative number and an #N/A cell:
    0 in the second pass, #N/A alone, where sheetgd's #NUM! is the first
    faulty argument's error, ``error-order``)."""
    jobs, pairs = [], []
    for i, (b, r, o) in enumerate(unexplained):
        src, out = workdir / f"alone{i}.xlsx", workdir / f"alone{i}_lo.xlsx"
        write_xlsx(src, b.data, {(r, 1): o.formula})
        root = parse(o.formula, r, 1)
        found = sites(root, Host(b.book, SHEET, r))
        cells = {(r, site.col): site_formula(site, site.node, r) for site in found}
        src2, out2 = workdir / f"alone{i}_sites.xlsx", workdir / f"alone{i}_sites_lo.xlsx"
        write_xlsx(src2, b.data, cells)
        pairs += [(src, out), (src2, out2)]
        jobs.append((b, r, o, root, found, cells, out, out2))
    if not pairs:
        return
    t = time.monotonic()
    recalculate(pairs, timeout=600)
    summary.libreoffice_seconds += time.monotonic() - t
    for b, r, o, root, found, cells, out, out2 in jobs:
        alone = read_values(out, [(r, 1)])[(r, 1)]
        if same(alone, o.sheetgd):
            o.verdict, o.categories = "known", ("libreoffice-context",)
            o.why = f"LibreOffice alone: {_show(alone)}"
            continue
        lo = read_values(out2, cells)
        if not same(lo[(r, found[0].col)], alone):
            continue
        own_book = sheetgd_book(b.data, cells)
        own = {key: _value(own_book, *key) for key in cells}

        def evaluate(texts, booleans_as_numbers, array, data=b.data):
            book = sheetgd_book(data, texts, booleans_as_numbers, array)
            return {key: _value(book, *key) for key in texts}

        found_locals = explain([(r, root, found)], lo, own,
                               lambda row, book=b.book: Host(book, SHEET, row), evaluate)
        locals_ = found_locals.get(r, [])
        if locals_ and all(loc.category is not None for loc in locals_):
            o.locals, o.verdict = locals_, "known"
            o.categories = tuple(sorted({"libreoffice-context"}
                                        | {c for loc in locals_ for c in loc.category.split("+")}))
            o.why = f"LibreOffice alone: {_show(alone)}, explained operation by operation"


def _verdict(o: Outcome):
    if not o.locals:
        o.why = "no single operation differs"
        return
    unknown = [loc for loc in o.locals if loc.category is None]
    if unknown:
        return
    o.verdict = "known"
    o.categories = tuple(sorted({c for loc in o.locals for c in loc.category.split("+")}))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.fuzz_lo", description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=10_000, help="formulas to generate (default 10000)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--batch", type=int, default=1000, help="formulas per workbook (default 1000)")
    parser.add_argument("--keep", type=Path, default=None, help="keep the workbooks in this folder")
    parser.add_argument("--show", type=int, default=30, help="unexplained formulas to list (default 30)")
    parser.add_argument("--examples", type=int, default=0,
                        help="formulas to show for each documented category (default 0)")
    args = parser.parse_args(argv)
    if args.count < 1 or args.batch < 1:
        parser.error("--count and --batch must be at least 1")
    logging.basicConfig(level=logging.ERROR)
    from sheetgd.io.libreoffice import available

    if not available():
        print("LibreOffice headless with python3-uno is needed (apt-get install "
              "libreoffice-calc-nogui python3-uno)", file=sys.stderr)
        return 2
    print(f"fuzzing {args.count} formulas (seed {args.seed}, {args.batch} per workbook) "
          "against LibreOffice ...", flush=True)
    summary, _ = run(args.count, args.seed, args.batch, args.keep)
    print(summary.text(args.show, args.examples))
    return 1 if summary.unexplained else 0


if __name__ == "__main__":
    sys.exit(main())
