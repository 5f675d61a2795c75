"""``python -m sheetgd``: the same as the ``sheetgd`` command."""

from .cli import entry

entry()
