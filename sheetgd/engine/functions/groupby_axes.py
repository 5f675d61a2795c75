"""The lines of a GROUPBY or PIVOTBY summary along one axis: the groups of
the rows of data by one or more fields, in order, with their subtotals
and grand total (:mod:`.groupby` lays two axes out as a table).

Excel's rules (support.microsoft.com, "GROUPBY function", "PIVOTBY
function"; where the pages are silent, the layout the ``formulas`` Python
library and EPPlus's tests record for Excel, and said so in
docs/compatibility.md):

- Rows whose fields are equal are one group; text is compared without
  regard to case, and a group shows the spelling met first.  A blank field
  is a group of its own.
- With several fields and the *hierarchy* relationship (0, the default)
  each field groups within the groups of the fields before it: sorting a
  later field keeps the earlier ones together, and a group of the first
  ``depth - 1`` fields has a subtotal line.  With the *table* relationship
  (1) the groups are the distinct combinations of all fields, sorted as
  rows; there are no subtotals.
- Groups sort ascending by their fields unless ``sort_order`` says
  otherwise: field numbers (1-based, negative for descending), or the
  number of a values column after the fields: the groups then sort by
  their aggregate, at every level down the side (GROUPBY, PIVOTBY's
  rows), and across the top (PIVOTBY's columns) the last field's groups,
  and the others' where their subtotals show (as pyofficeeditor's tests
  record Excel).  Excel's sort order: numbers, text without case,
  logical values, errors; blanks last either way.
- Totals stay at the end (``depth`` > 0) or start (< 0) of what they
  total, whatever the sort; the grand total is labelled "Total", or
  "Grand Total" when ``|depth|`` is 2 or more.
"""

from __future__ import annotations

from functools import cmp_to_key

from ..values import EMPTY
from .lookup_sort import _order, _same_key


class Line:
    """One line of an axis: ``labels`` (one per field: the group's values,
    EMPTY below a subtotal's level, the total's label first), ``members``
    (indices of the rows of data it covers, in data order), ``level`` (how
    many fields it is grouped by: the number of fields for a group, fewer
    for a subtotal, 0 for the grand total) and ``keys`` (the compared form
    of its first ``level`` labels)."""

    __slots__ = ("labels", "members", "level", "keys")

    def __init__(self, labels, members, level, keys):
        self.labels, self.members, self.level, self.keys = labels, members, level, keys

    @property
    def is_total(self) -> bool:
        return self.level < len(self.labels)


def _compare_values(a, b, direction: int = 1) -> int:
    """Excel's order of two values, ascending (``direction`` 1) or
    descending (-1), blanks last either way (Microsoft's "Default sort
    orders": "In a descending sort, this sort order is reversed except for
    blank cells, which are always placed last")."""
    if a is EMPTY or b is EMPTY:
        return 0 if a is b else (1 if a is EMPTY else -1)
    return _order(a, b) * direction


def _groups(members, field):
    """``members`` grouped by ``field`` (a column of values): [(label, key,
    members)] in the order the groups are first met."""
    found: dict = {}
    for i in members:
        v = field[i]
        key = _same_key(v)
        if key not in found:
            found[key] = (v, key, [])
        found[key][2].append(i)
    return list(found.values())


def axis(fields, members, depth: int, sort, table: bool, aggregate, across: bool = False):
    """The lines of one axis: ``fields`` (columns of values, one per field),
    ``members`` (the rows of data kept), ``depth`` (total_depth), ``sort``
    (``[(position, +1 or -1)]``: a field's 0-based position, or
    ``len(fields) + j`` for values column j), ``table`` (the table field
    relationship), ``aggregate(members, j)``, the value a values sort
    compares, and ``across`` (PIVOTBY's columns)."""
    k = len(fields)
    top = depth < 0
    if table:
        lines = _table_lines(fields, members, sort, aggregate)
    else:
        lines = _tree(fields, members, 0, (), (), abs(depth), top, sort, aggregate, across)
    if depth:
        label = "Grand Total" if abs(depth) > 1 else "Total"
        total = Line((label,) + (EMPTY,) * (k - 1), list(members), 0, ())
        lines = [total] + lines if top else lines + [total]
    return lines


def _by(sort, position, k, by_value: bool):
    """The sort entries for the field at ``position``: its own (keys) and,
    when ``by_value``, those of values columns (aggregates)."""
    return [(p, d) for p, d in sort if p == position or (p >= k and by_value)]


def _ordered(groups, entries, k, aggregate):
    """Groups (label, key, members) sorted by ``entries``; ascending by
    label when no entry concerns them (a stable sort keeps equals in the
    order met)."""
    entries = entries or [(None, 1)]

    def cmp(x, y):
        for p, d in entries:
            if p is not None and p >= k:
                c = _compare_values(aggregate(x[2], p - k), aggregate(y[2], p - k), d)
            else:
                c = _compare_values(x[0], y[0], d)
            if c:
                return c
        return 0
    return sorted(groups, key=cmp_to_key(cmp))


def _tree(fields, members, position, labels, keys, depth, top, sort, aggregate, across):
    k = len(fields)
    out = []
    by_value = not across or position == k - 1 or depth >= position + 2
    for label, key, inner in _ordered(_groups(members, fields[position]),
                                      _by(sort, position, k, by_value), k, aggregate):
        here, here_keys = labels + (label,), keys + (key,)
        if position == k - 1:
            out.append(Line(here, inner, k, here_keys))
            continue
        below = _tree(fields, inner, position + 1, here, here_keys, depth, top, sort, aggregate, across)
        if depth >= position + 2:  # a subtotal of the first position+1 fields
            sub = Line(here + (EMPTY,) * (k - position - 1), inner, position + 1, here_keys)
            below = [sub] + below if top else below + [sub]
        out += below
    return out


def _table_lines(fields, members, sort, aggregate):
    """The distinct combinations of all fields, sorted as whole rows."""
    k = len(fields)
    found: dict = {}
    for i in members:
        labels = tuple(f[i] for f in fields)
        keys = tuple(_same_key(v) for v in labels)
        if keys not in found:
            found[keys] = (labels, keys, [])
        found[keys][2].append(i)
    entries = sort or [(p, 1) for p in range(k)]

    def cmp(x, y):
        for p, d in entries:
            if p >= k:
                c = _compare_values(aggregate(x[2], p - k), aggregate(y[2], p - k), d)
            else:
                c = _compare_values(x[0][p], y[0][p], d)
            if c:
                return c
        return 0
    return [Line(labels, inner, k, keys)
            for labels, keys, inner in sorted(found.values(), key=cmp_to_key(cmp))]
