"""Shared helpers: evaluate a formula in a small workbook; a copy of a
workbook file with one part edited."""

from __future__ import annotations

import fcntl
import os
import shutil
import zipfile
from pathlib import Path

import pytest

from sheetgd import Workbook, XLError

#: Tolerance for results computed by a different sequence of float operations
#: than the reference value (e.g. a textbook closed form): a few ulps.
REL = 1e-13


def make_book(cells: dict | None = None, seed: int = 0, dynamic_arrays: bool = True) -> Workbook:
    """A workbook with sheet ``s`` (and ``data``) holding ``cells`` {"A1": value}
    (``dynamic_arrays=False``: formulas computed as Excel 2019 computes them)."""
    book = Workbook(seed=seed, dynamic_arrays=dynamic_arrays)
    book.add_sheet("s")
    book.add_sheet("data")
    if cells:  # entered with calculation manual, then one recalculation (not one per cell)
        book.calculation = "manual"
        for addr, value in cells.items():
            book.set(addr if "!" in addr else f"s!{addr}", value)
        book.calculation = "automatic"
    return book


def calc(formula: str, cells: dict | None = None, at: str = "Z100", dynamic_arrays: bool = True):
    """The value of ``formula`` entered at ``at`` on sheet ``s`` (as a
    dynamic array formula, unless ``dynamic_arrays`` is False)."""
    book = make_book(cells, dynamic_arrays=dynamic_arrays)
    book.set(f"s!{at}", formula)
    return book.value(f"s!{at}")


def is_error(value, kind: str) -> bool:
    return isinstance(value, XLError) and value.kind == kind


def libreoffice_required() -> bool:
    """In CI LibreOffice must be there (its tests may not silently skip)."""
    return bool(os.environ.get("CI"))


def _libreoffice_available() -> bool:
    from sheetgd.io import libreoffice

    return libreoffice.available()


needs_libreoffice = pytest.mark.skipif(
    not libreoffice_required() and not (shutil.which("soffice") and _libreoffice_available()),
    reason="LibreOffice headless with python3-uno is not installed (CI installs it)",
)


#: The test files that take longest (20-50 s of one core each, from a timed
#: run of make test), first: pytest-xdist hands files out in collection order
#: (make test passes --no-loadscope-reorder), the longest first lets both
#: workers end together.  A file missing here is only scheduled later.
LONGEST_FIRST = ("test_outputs.py", "test_products.py", "test_functions.py",
                 "test_torch_reference.py", "test_excel_recorded.py", "test_readme.py",
                 "test_cli_help.py", "test_atomic_writes.py", "test_libreoffice.py",
                 "test_workbook_look.py", "test_bad_files.py", "test_cli_build_run.py",
                 "test_compiled_blocks.py", "test_build_fingerprint.py")


def pytest_collection_modifyitems(items):
    rank = {name: i for i, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))  # stable: files stay whole


@pytest.fixture(scope="session")
def default_books(tmp_path_factory, worker_id) -> Path:
    """The four files ``sheetgd build`` writes with its defaults, built once
    for the whole run (across pytest-xdist workers too: the first worker to
    ask builds them under a lock, the others wait and share the folder).
    Read only: a test that changes files copies them first."""
    from sheetgd.products import build_products

    root = tmp_path_factory.getbasetemp()
    if worker_id != "master":
        root = root.parent  # shared by the workers of this run
    folder, done = root / "default_books", root / "default_books.done"
    with open(root / "default_books.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            written = [p.name for p, _ in build_products(folder)]
            assert written == ["graddesc.xlsx", "graddesc.xlsm", "graddesc.bas", "entropy.xlsx"]
            done.touch()
    return folder


def zip_parts(path) -> dict:
    """A workbook file's zip parts but docProps/core.xml (the time it was written)."""
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist() if n != "docProps/core.xml"}


def edit_part(src, dst, part: str, edit) -> Path:
    """A copy of the package ``src`` at ``dst`` with the bytes of ``part``
    passed through ``edit`` (bytes -> bytes), every other part as it is."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == part:
                data = edit(data)
            zout.writestr(item, data)
    return Path(dst)

