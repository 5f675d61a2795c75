"""Database functions: DSUM, DCOUNT, DCOUNTA, DAVERAGE, DMAX, DMIN, DGET,
DPRODUCT, DSTDEV, DSTDEVP, DVAR, DVARP.

A *database* is a range whose first row holds the field labels and whose
other rows are records.  ``field`` names the column to aggregate: its label
(case-insensitive) or its position (1 is the first column).  The *criteria*
range has labels in its first row and conditions below: the conditions of
one row must all hold (AND), a record is selected when any row's hold (OR);
an empty condition always holds.  Each condition is an Excel criterion
(:mod:`.criteria`), with Excel's rule for database criteria that text
without an operator matches text *beginning with* it (``Apple`` selects
"Apple pie"; ``="=Apple"`` only "Apple").  The selected values are then
aggregated by SUM, COUNT, ... with their rules.

Errors (Excel's documentation, one page per function): #VALUE! for a field
that names no column, and for a condition under a label that is no field of
the database (Excel would evaluate a computed criterion there; sheetgd does
not compute those).  DGET: #VALUE! when no record is selected, #NUM! when
several are.
"""

from __future__ import annotations

from .. import errors
from ..errors import XLError
from ..refs import Area
from ..values import EMPTY, Array, parse_number_text, text_key, to_text
from .base import RAW, REGISTRY, SCALAR, function, opt
from .criteria import matcher


def _table(ctx, raw, what):
    if isinstance(raw, XLError):
        return raw
    if isinstance(raw, Area):
        return ctx.book.grid(raw, clip=True)  # the used part: records past it are empty
    if isinstance(raw, Array):
        return raw
    return errors.VALUE(f"the {what} must be a range")


def _column(labels, field):
    """The 0-based column ``field`` names, or an XLError."""
    if isinstance(field, XLError):
        return field
    if isinstance(field, (float, bool)):
        k = int(field)
        return k - 1 if 1 <= k <= len(labels) else errors.VALUE(f"no field number {k}")
    return _labelled(labels, field)


def _labelled(labels, name):
    """The 0-based column whose label is ``name`` (compared as text,
    case-insensitively), or #VALUE!."""
    key = text_key(to_text(name))
    for j, label in enumerate(labels):
        if label is not EMPTY and not isinstance(label, XLError) and text_key(to_text(label)) == key:
            return j
    return errors.VALUE(f"no field named {name!r}")


def _condition(criterion):
    """A criteria cell's test (database text criteria match by prefix)."""
    if isinstance(criterion, str) and criterion and not criterion.startswith(("<", ">", "=")) \
            and parse_number_text(criterion) is None and criterion.strip().upper() not in ("TRUE", "FALSE") \
            and errors.from_text(criterion) is None:
        return matcher(criterion + "*")
    return matcher(criterion)


def _selected(ctx, database, criteria):
    """The database's labels and the records the criteria select; or an XLError."""
    db = _table(ctx, database, "database")
    if isinstance(db, XLError):
        return db
    crit = _table(ctx, criteria, "criteria")
    if isinstance(crit, XLError):
        return crit
    labels, records = db.rows[0], db.rows[1:]
    alternatives = []
    for row in crit.rows[1:]:
        tests = []
        for label, criterion in zip(crit.rows[0], row):
            if criterion is EMPTY:
                continue
            if isinstance(criterion, XLError):
                return criterion
            column = _labelled(labels, label) if label is not EMPTY else errors.VALUE("a condition without a label")
            if isinstance(column, XLError):
                return column
            tests.append((column, _condition(criterion)))
        alternatives.append(tests)
    chosen = [r for r in records if any(all(test(r[j]) for j, test in tests) for tests in alternatives)]
    return labels, chosen


def _declare(name, aggregate, doc, field_optional=False):
    def impl(ctx, database, field, criteria):
        found = _selected(ctx, database, criteria)
        if isinstance(found, XLError):
            return found
        labels, records = found
        if field is EMPTY and field_optional:
            return float(len(records))
        column = _column(labels, field)
        if isinstance(column, XLError):
            return column
        return aggregate([r[column] for r in records])

    impl.__doc__ = doc
    field = opt(SCALAR) if field_optional else SCALAR
    function(name, RAW, field, RAW, ctx=True)(impl)


def _by(name):
    return lambda values: REGISTRY[name].impl(Array((tuple(values) or (EMPTY,),)))


_declare("DSUM", _by("SUM"), "Sum of the numbers in ``field`` of the selected records (Excel's DSUM).")
_declare("DAVERAGE", _by("AVERAGE"),
         "Mean of the numbers in ``field`` of the selected records; #DIV/0! if none (Excel's DAVERAGE).")
_declare("DMAX", _by("MAX"), "Largest number in ``field`` of the selected records; 0 if none (Excel's DMAX).")
_declare("DMIN", _by("MIN"), "Smallest number in ``field`` of the selected records; 0 if none (Excel's DMIN).")
_declare("DPRODUCT", _by("PRODUCT"), "Product of the numbers in ``field`` of the selected records (Excel's DPRODUCT).")
_declare("DSTDEV", _by("STDEV.S"), "Sample standard deviation of ``field`` over the selected records (Excel's DSTDEV).")
_declare("DSTDEVP", _by("STDEV.P"),
         "Population standard deviation of ``field`` over the selected records (Excel's DSTDEVP).")
_declare("DVAR", _by("VAR.S"), "Sample variance of ``field`` over the selected records (Excel's DVAR).")
_declare("DVARP", _by("VAR.P"), "Population variance of ``field`` over the selected records (Excel's DVARP).")
_declare("DCOUNT", _by("COUNT"), "How many numbers ``field`` holds in the selected records; with ``field`` "
         "left out, how many records are selected (Excel's DCOUNT).", field_optional=True)
_declare("DCOUNTA", _by("COUNTA"), "How many non-empty cells ``field`` holds in the selected records; with "
         "``field`` left out, how many records are selected (Excel's DCOUNTA).", field_optional=True)


def _get(items):
    if not items:
        return errors.VALUE("DGET: no record meets the criteria")
    if len(items) > 1:
        return errors.NUM("DGET: several records meet the criteria")
    return items[0]


_declare("DGET", _get, "The value of ``field`` in the one selected record; #VALUE! if none, #NUM! if "
         "several (Excel's DGET).")
