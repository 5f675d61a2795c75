"""Defined names, workbook-scoped and sheet-scoped.

A name refers to whatever its formula text gives: a cell (``basic!$C$32``),
a range (``adam!$J$32:$K$32``), a constant, or ``#REF!`` (the originals keep
some broken names).  On a sheet, a name scoped to that sheet wins over a
workbook-scoped name of the same spelling; names compare case-insensitively.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from .errors import FormulaError
from .nodes import ErrorLit, Node
from .parser import parse

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DefinedName:
    name: str
    text: str  # the definition, without '='
    node: Node
    scope: str | None = None  # sheet name, or None for the workbook

    @property
    def label(self) -> str:
        return f"{self.scope}!{self.name}" if self.scope else self.name


class Names:
    """The defined names of one workbook."""

    def __init__(self):
        self._by_key: dict[tuple, DefinedName] = {}

    def define(self, name: str, text: str, scope: str | None = None) -> DefinedName:
        text = text[1:] if text.startswith("=") else text
        try:
            node = parse(text)
        except FormulaError as exc:
            log.warning("defined name %s: %s; it evaluates to #NAME?", name, exc)
            node = ErrorLit("#NAME?")
        defined = DefinedName(name, text, node, scope)
        self._by_key[(scope.upper() if scope else None, name.upper())] = defined
        return defined

    def remove(self, name: str, scope: str | None = None):
        self._by_key.pop((scope.upper() if scope else None, name.upper()), None)

    def lookup(self, name: str, sheet: str | None) -> DefinedName | None:
        """The name as seen from ``sheet``: its sheet-scoped one, else the global one."""
        upper = name.upper()
        if sheet is not None:
            found = self._by_key.get((sheet.upper(), upper))
            if found is not None:
                return found
        return self._by_key.get((None, upper))

    def __iter__(self):
        return iter(self._by_key.values())

    def __len__(self):
        return len(self._by_key)
