"""Spreadsheet functions, one module per family.

Importing this package registers every function in :data:`REGISTRY` (name ->
:class:`~sheetgd.engine.functions.base.Spec`): a new family is a new module
here, found without being listed.
"""

import importlib
import pkgutil

from ..nodes import Call, bound_in, walk
from ..catalog import file_prefix, needs_prefix
from .base import REGISTRY, Spec  # noqa: F401

#: The family modules, imported for their declarations (every module of this
#: package but :mod:`.base`), in name order so registration is reproducible.
FAMILIES = tuple(importlib.import_module(f"{__name__}.{info.name}")
                 for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name)
                 if info.name != "base" and not info.name.startswith("_"))

#: Prefix each function needs when written into an .xlsx file (SINGLE's is
#: the implicit intersection operator ``@``'s, which a file spells _xlfn.SINGLE).
FILE_PREFIXES = {name: file_prefix(name) for name in REGISTRY if needs_prefix(name)}


def unknown_functions(node, defined=None) -> list[str]:
    """The names of the functions in a formula's AST that sheetgd does not
    know, sorted (the cell evaluates to #NAME?, naming the first one).  A
    call of a name its LET or LAMBDA binds (``f(5)``) is no unknown function,
    nor one of a name ``defined(name)`` says the workbook defines (a
    LAMBDA in the Name Manager: ``MYADD(1,2)``)."""
    bound = bound_in(node)
    return sorted({n.name for n in walk(node) if isinstance(n, Call) and n.name not in REGISTRY
                   and n.name not in bound and not (defined is not None and defined(n.name))})
