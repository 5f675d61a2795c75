"""Spreadsheet functions, one module per family.

Importing this package registers every function in :data:`REGISTRY` (name ->
:class:`~sheetgd.engine.functions.base.Spec`).
"""

from .base import REGISTRY, Spec  # noqa: F401
from . import info, logic, lookup, math, rand, stats  # noqa: F401  (registration)

#: Prefix each function needs when written into an .xlsx file.
FILE_PREFIXES = {name: "_xlfn." for name, spec in REGISTRY.items() if spec.xlfn}
