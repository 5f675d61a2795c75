"""The formula engine: text -> AST -> dependency graph -> values.

Follow a cell through the modules in this order: :mod:`.refs` (A1
references), :mod:`.parser` and :mod:`.nodes` (formula text <-> AST),
:mod:`.values`, :mod:`.errors` and :mod:`.arith` (Excel's values and
operators), :mod:`.functions` (one module per family), :mod:`.evaluate`
(AST -> closures), :mod:`.graph` (dependencies, order, cycles) and
:mod:`.workbook` (cells, names, calculation modes).
"""

from .errors import FormulaError, XLError
from .values import EMPTY, Array
from .workbook import Workbook

__all__ = ["Array", "EMPTY", "FormulaError", "Workbook", "XLError"]
