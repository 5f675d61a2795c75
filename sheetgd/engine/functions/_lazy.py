"""A module imported when it is first used.

scipy.special and scipy.optimize take about half of the time sheetgd takes
to import (0.3-0.4 s each on a small machine), yet only a few functions
(the distributions, the Bessel functions, YIELD and ODDFYIELD, the tests)
call them.  A family module names them through :class:`LazyModule`, so
``import sheetgd`` -- and every ``sheetgd build`` -- does not pay for them.
"""

from __future__ import annotations

import importlib


class LazyModule:
    """Stands for the module ``name``: it is imported at the first attribute
    read (``special.ndtr``), then every read is the module's own."""

    __slots__ = ("_name", "_module")

    def __init__(self, name: str):
        self._name = name
        self._module = None

    def __getattr__(self, attr: str):
        module = self._module
        if module is None:
            module = self._module = importlib.import_module(self._name)
        return getattr(module, attr)

    def __repr__(self) -> str:
        return f"<module {self._name!r}, imported when first used>"
