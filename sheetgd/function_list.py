"""Print docs/functions.md: ``python -m sheetgd.function_list > docs/functions.md``
(:func:`sheetgd.engine.catalog.markdown`)."""

from .engine.catalog import markdown
from .engine.functions import REGISTRY

if __name__ == "__main__":  # pragma: no cover
    print(markdown(REGISTRY), end="")
