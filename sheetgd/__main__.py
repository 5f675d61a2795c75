"""``python -m sheetgd``: the same as the ``sheetgd`` command."""

from .cli import main

main(prog_name="sheetgd")
