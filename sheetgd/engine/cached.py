"""The values a file carried for its formula cells, kept column by column.

A dict keyed by ``(sheet, row, col)`` with a million entries costs a
million key tuples; :class:`CachedValues` is the same mapping stored per
``(sheet, col)``: the column's rows from its first stored one on as one
list (a reader fills a column a run at a time, in row order, with
:meth:`CachedValues.put_column`: 8 bytes a cell, the values themselves
shared with the cells), and any other rows in a ``{row: value}`` dict.
"""

from __future__ import annotations

from collections.abc import MutableMapping

#: A place in a column's list that holds no cell.
_ABSENT = object()
#: At most this many rows (or as many as the list holds) left empty in a
#: column's list before a run that starts below it.
_MAX_GAP = 16


class _Column:
    """One column: ``dense[i]`` is row ``first + i``; ``extra`` the rest."""

    __slots__ = ("first", "dense", "count", "extra")

    def __init__(self, first: int):
        self.first, self.dense, self.count, self.extra = first, [], 0, {}

    def put_run(self, rows: list, values: list) -> bool:
        """Append a run of consecutive ``rows`` that starts just below the
        list, or a few rows below it (the rows between held by no cell: a
        column's first formula a row or two above its filled-down run), or
        starts it; False (nothing stored) if it does not fit."""
        end = self.first + len(self.dense)
        gap = rows[0] - end
        if not 0 <= gap <= max(_MAX_GAP, len(self.dense)) or rows[-1] - rows[0] + 1 != len(rows) \
                or self.extra and not self.extra.keys().isdisjoint(range(end, rows[-1] + 1)):
            return False
        if gap:
            self.dense.extend([_ABSENT] * gap)
        self.dense.extend(values)
        self.count += len(values)
        return True

    def get(self, row: int):
        i = row - self.first
        if 0 <= i < len(self.dense):
            return self.dense[i]
        return self.extra.get(row, _ABSENT)

    def set(self, row: int, value):
        i = row - self.first
        if 0 <= i < len(self.dense):
            self.count += self.dense[i] is _ABSENT
            self.dense[i] = value
        else:
            self.extra[row] = value

    def delete(self, row: int) -> bool:
        i = row - self.first
        if 0 <= i < len(self.dense):
            if self.dense[i] is _ABSENT:
                return False
            self.dense[i] = _ABSENT
            self.count -= 1
            return True
        return self.extra.pop(row, _ABSENT) is not _ABSENT

    def rows(self):
        first = self.first
        for i, v in enumerate(self.dense):
            if v is not _ABSENT:
                yield first + i
        yield from self.extra

    def __len__(self):
        return self.count + len(self.extra)


class CachedValues(MutableMapping):
    """``{(sheet, row, col): value}``, stored per ``(sheet, col)``."""

    def __init__(self):
        self._columns: dict[tuple[str, int], _Column] = {}

    def put_column(self, sheet: str, col: int, rows: list, values: list):
        """Store ``values`` in ``rows`` (increasing) of one column."""
        if not rows:
            return
        column = self._columns.get((sheet, col))
        if column is None:
            column = self._columns[(sheet, col)] = _Column(rows[0])
        if not column.put_run(rows, values):
            for r, v in zip(rows, values):
                column.set(r, v)

    def clear_sheet(self, sheet: str):
        for key in [k for k in self._columns if k[0] == sheet]:
            del self._columns[key]

    def __getitem__(self, key):
        sheet, row, col = key
        try:
            value = self._columns[(sheet, col)].get(row)
        except (KeyError, TypeError, ValueError):
            raise KeyError(key) from None
        if value is _ABSENT:
            raise KeyError(key)
        return value

    def __setitem__(self, key, value):
        sheet, row, col = key
        column = self._columns.get((sheet, col))
        if column is None:
            column = self._columns[(sheet, col)] = _Column(row)
        column.set(row, value)

    def __delitem__(self, key):
        sheet, row, col = key
        column = self._columns.get((sheet, col))
        if column is None or not column.delete(row):
            raise KeyError(key)

    def __iter__(self):
        for (sheet, col), column in self._columns.items():
            for row in column.rows():
                yield sheet, row, col

    def __len__(self):
        return sum(map(len, self._columns.values()))

    def __repr__(self):
        return f"<CachedValues: {len(self)} cells>"
