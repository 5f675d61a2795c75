"""Spreadsheet functions, one module per family.

Importing this package registers every function in :data:`REGISTRY` (name ->
:class:`~sheetgd.engine.functions.base.Spec`).
"""

from ..nodes import Call, walk
from .base import REGISTRY, Spec  # noqa: F401
from . import info, logic, lookup, math, rand, stats  # noqa: F401  (registration)

#: Prefix each function needs when written into an .xlsx file (and the
#: implicit intersection operator ``@``, which a file spells _xlfn.SINGLE).
FILE_PREFIXES = {**{name: "_xlfn." for name, spec in REGISTRY.items() if spec.xlfn},
                 "SINGLE": "_xlfn."}


def unknown_functions(node) -> list[str]:
    """The names of the functions in a formula's AST that sheetgd does not
    know, sorted (the cell evaluates to #NAME?, naming the first one)."""
    return sorted({n.name for n in walk(node) if isinstance(n, Call) and n.name not in REGISTRY})
