"""The values a file carried for its formula cells, kept column by column.

A dict keyed by ``(sheet, row, col)`` with a million entries costs a
million key tuples; :class:`CachedValues` is the same mapping stored as one
``{row: value}`` dict per column, which a reader fills a column run at a
time (:meth:`put_column`) for a fraction of the time and memory.
"""

from __future__ import annotations

from collections.abc import MutableMapping


class CachedValues(MutableMapping):
    """``{(sheet, row, col): value}``, stored per ``(sheet, col)``."""

    def __init__(self):
        self._columns: dict[tuple[str, int], dict[int, object]] = {}

    def put_column(self, sheet: str, col: int, rows: list, values: list):
        column = self._columns.get((sheet, col))
        if column is None:
            self._columns[(sheet, col)] = dict(zip(rows, values))
        else:
            column.update(zip(rows, values))

    def clear_sheet(self, sheet: str):
        for key in [k for k in self._columns if k[0] == sheet]:
            del self._columns[key]

    def __getitem__(self, key):
        sheet, row, col = key
        try:
            return self._columns[(sheet, col)][row]
        except (KeyError, TypeError):
            raise KeyError(key) from None

    def __setitem__(self, key, value):
        sheet, row, col = key
        self._columns.setdefault((sheet, col), {})[row] = value

    def __delitem__(self, key):
        sheet, row, col = key
        column = self._columns.get((sheet, col))
        if column is None or row not in column:
            raise KeyError(key)
        del column[row]

    def __iter__(self):
        for (sheet, col), column in self._columns.items():
            for row in column:
                yield sheet, row, col

    def __len__(self):
        return sum(map(len, self._columns.values()))

    def __repr__(self):
        return f"<CachedValues: {len(self)} cells>"
